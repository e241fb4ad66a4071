/* gw-plot-view.h: the interactive plot widget
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-plot-data.h"
#include "gw-plot-scene.h"

G_BEGIN_DECLS

#define GW_TYPE_PLOT_VIEW (gw_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (GwPlotView, gw_plot_view, GW, PLOT_VIEW, GtkWidget)

GtkWidget        *gw_plot_view_new                (void);

/* (nullable) (transfer none) */
GwPlotData       *gw_plot_view_get_data           (GwPlotView   *self);
/* Replaces the data; keeps the kind, clears hover and zoom, and keeps
 * the selection (rows are row indices of the same table). */
void              gw_plot_view_set_data           (GwPlotView   *self,
                                                   GwPlotData   *data);
GwPlotKind        gw_plot_view_get_kind           (GwPlotView   *self);
void              gw_plot_view_set_kind           (GwPlotView   *self,
                                                   GwPlotKind    kind);

/* (nullable) (transfer none): the scene on screen, laid out for the
 * widget's size; NULL without data.  For hit tests and exports. */
GwPlotScene      *gw_plot_view_get_scene          (GwPlotView   *self);

/* The selected rows (row indices of the run).  (transfer none) */
GtkBitset        *gw_plot_view_get_selection      (GwPlotView   *self);
/* Highlights @rows; does not emit GwPlotView::selection-changed, so
 * the app can mirror the table's selection without a loop.
 * (nullable): NULL clears. */
void              gw_plot_view_set_selection      (GwPlotView   *self,
                                                   GtkBitset    *rows);
/* The row under the pointer, or -1. */
int               gw_plot_view_get_hover_row      (GwPlotView   *self);

void              gw_plot_view_set_group_visible  (GwPlotView   *self,
                                                   guint         group,
                                                   gboolean      visible);
gboolean          gw_plot_view_get_group_visible  (GwPlotView   *self,
                                                   guint         group);
void              gw_plot_view_set_all_groups_visible (GwPlotView *self,
                                                   gboolean      visible);
void              gw_plot_view_reset_zoom         (GwPlotView   *self);
gboolean          gw_plot_view_is_zoomed          (GwPlotView   *self);

/* Writes what is on screen, with the light theme, to @filename. */
gboolean          gw_plot_view_export             (GwPlotView   *self,
                                                   const char   *filename,
                                                   double        width,
                                                   double        height,
                                                   double        dpi,
                                                   GError      **error);

/* The text the tooltip shows at (@x, @y), or NULL. (transfer full) */
char             *gw_plot_view_dup_tooltip_at     (GwPlotView   *self,
                                                   double        x,
                                                   double        y);

/* How long the last static-layer build took, in microseconds. */
gint64            gw_plot_view_get_last_build_time (GwPlotView  *self);
/* How many times the static layer was built (tests check the cache). */
guint             gw_plot_view_get_n_builds       (GwPlotView   *self);

G_END_DECLS
