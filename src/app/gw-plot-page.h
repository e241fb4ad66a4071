/* gw-plot-page.h: the Plot page: a plot with its kind, groups and export
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-plot-view.h"
#include "gw-run.h"

G_BEGIN_DECLS

#define GW_TYPE_PLOT_PAGE (gw_plot_page_get_type ())

G_DECLARE_FINAL_TYPE (GwPlotPage, gw_plot_page, GW, PLOT_PAGE, GtkWidget)

GtkWidget  *gw_plot_page_new      (void);
/* (nullable): the run to plot; NULL clears. */
void        gw_plot_page_set_run  (GwPlotPage *self,
                                   GwRun      *run);
void        gw_plot_page_set_run_with_data (GwPlotPage *self,
                                            GwRun      *run,
                                            GwPlotData *data);
/* TRUE while a large run's plot data is being built. */
gboolean    gw_plot_page_is_busy  (GwPlotPage *self);
/* (nullable) (transfer none) */
GwRun      *gw_plot_page_get_run  (GwPlotPage *self);
/* (transfer none) */
GwPlotView *gw_plot_page_get_view (GwPlotPage *self);

G_END_DECLS
