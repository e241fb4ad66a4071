/* gw-plot-scene.h: one plot, laid out and drawn with Cairo and Pango
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "gw-plot-data.h"
#include "gw-plot-theme.h"

G_BEGIN_DECLS

typedef enum
{
  GW_PLOT_KIND_RT_LOGP,
  GW_PLOT_KIND_RESIDUALS,
  GW_PLOT_KIND_COUNTS,
  GW_PLOT_KIND_ACTUAL_PREDICTED,
  GW_N_PLOT_KINDS
} GwPlotKind;

typedef enum
{
  GW_PLOT_MARKER_CIRCLE,    /* valid */
  GW_PLOT_MARKER_RING,      /* insufficient */
  GW_PLOT_MARKER_SQUARE,    /* isomer */
  GW_PLOT_MARKER_TRIANGLE,  /* fragment */
  GW_PLOT_MARKER_CROSS,     /* outlier */
  GW_PLOT_MARKER_DIAMOND,   /* anchor */
  GW_N_PLOT_MARKERS
} GwPlotMarker;

typedef enum
{
  GW_PLOT_DRAW_DEFAULT     = 0,
  /* Stamp pre-rendered markers straight into an image surface instead of
   * filling one path per point: what the screen uses for big data.  Only
   * for image targets; exports always draw vector markers. */
  GW_PLOT_DRAW_FAST_POINTS = 1 << 0,
} GwPlotDrawFlags;

typedef enum
{
  GW_PLOT_LEGEND_HEADER,
  GW_PLOT_LEGEND_CATEGORY,   /* value: GwCategory, or -1 for unparsed names */
  GW_PLOT_LEGEND_STATUS,     /* value: GwStatus */
  GW_PLOT_LEGEND_ANCHOR,
  GW_PLOT_LEGEND_GROUP,      /* value: group index */
  GW_PLOT_LEGEND_BAND,
  GW_PLOT_LEGEND_REFERENCE,
} GwPlotLegendKind;

/* The data→pixel mapping of the plot area, in logical pixels of the
 * surface the scene was laid out for. */
typedef struct
{
  double x0, x1;              /* data range */
  double y0, y1;
  double left, right;         /* plot area, pixels */
  double top, bottom;
} GwPlotTransform;

typedef struct
{
  double x0, x1;
  double y0, y1;
} GwPlotRange;

typedef struct
{
  GwPlotLegendKind kind;
  int              value;
  const char      *label;
  gboolean         active;    /* FALSE: shown greyed out, its points hidden */
  double           x, y, width, height;
} GwPlotLegendEntry;

typedef struct _GwPlotScene GwPlotScene;

const char    *gw_plot_kind_to_string          (GwPlotKind         kind);  /* "rt-logp" */
gboolean       gw_plot_kind_from_string        (const char        *str,
                                                GwPlotKind        *kind);
const char    *gw_plot_kind_get_title          (GwPlotKind         kind);

GwPlotMarker   gw_plot_marker_for_point        (const GwPlotPoint *point);

static inline double
gw_plot_transform_x (const GwPlotTransform *t,
                     double                 x)
{
  return t->left + (x - t->x0) / (t->x1 - t->x0) * (t->right - t->left);
}

static inline double
gw_plot_transform_y (const GwPlotTransform *t,
                     double                 y)
{
  return t->bottom - (y - t->y0) / (t->y1 - t->y0) * (t->bottom - t->top);
}

void           gw_plot_transform_to_pixel      (const GwPlotTransform *t,
                                                double             x,
                                                double             y,
                                                double            *px,
                                                double            *py);
void           gw_plot_transform_to_data       (const GwPlotTransform *t,
                                                double             px,
                                                double             py,
                                                double            *x,
                                                double            *y);

GwPlotScene   *gw_plot_scene_new               (GwPlotData        *data,
                                                GwPlotKind         kind);
void           gw_plot_scene_free              (GwPlotScene       *scene);

GwPlotData    *gw_plot_scene_get_data          (GwPlotScene       *scene);
GwPlotKind     gw_plot_scene_get_kind          (GwPlotScene       *scene);
void           gw_plot_scene_set_kind          (GwPlotScene       *scene,
                                                GwPlotKind         kind);
const GwPlotTheme *gw_plot_scene_get_theme     (GwPlotScene       *scene);
void           gw_plot_scene_set_theme         (GwPlotScene       *scene,
                                                const GwPlotTheme *theme);
/* Interactive scenes (the widget) keep hidden legend entries, greyed out,
 * so they can be clicked back on; figures leave them out. */
void           gw_plot_scene_set_interactive   (GwPlotScene       *scene,
                                                gboolean           interactive);
/* (nullable): NULL restores the default title, "" shows none. */
void           gw_plot_scene_set_title         (GwPlotScene       *scene,
                                                const char        *title);

gboolean       gw_plot_scene_get_group_visible (GwPlotScene       *scene,
                                                guint              group);
void           gw_plot_scene_set_group_visible (GwPlotScene       *scene,
                                                guint              group,
                                                gboolean           visible);
void           gw_plot_scene_set_all_groups_visible (GwPlotScene  *scene,
                                                gboolean           visible);
/* Looks the group up by name; FALSE when there is none. */
gboolean       gw_plot_scene_show_group_by_name (GwPlotScene      *scene,
                                                const char        *name);
gboolean       gw_plot_scene_get_status_visible (GwPlotScene      *scene,
                                                GwStatus           status);
void           gw_plot_scene_set_status_visible (GwPlotScene      *scene,
                                                GwStatus           status,
                                                gboolean           visible);

/* The data range.  NULL returns to the automatic range. */
void           gw_plot_scene_set_range         (GwPlotScene       *scene,
                                                const GwPlotRange *range);
void           gw_plot_scene_get_range         (GwPlotScene       *scene,
                                                GwPlotRange       *range);
void           gw_plot_scene_get_auto_range    (GwPlotScene       *scene,
                                                GwPlotRange       *range);
gboolean       gw_plot_scene_has_custom_range  (GwPlotScene       *scene);

/* Computes margins, ticks, the legend and every point's pixel position
 * for a @width × @height logical-pixel surface.  Drawing lays out
 * automatically; call this directly to query positions without drawing. */
void           gw_plot_scene_layout            (GwPlotScene       *scene,
                                                double             width,
                                                double             height);
/* Draws everything but hover and selection.  @cr's current transformation
 * maps logical pixels to the device. */
void           gw_plot_scene_draw              (GwPlotScene       *scene,
                                                cairo_t           *cr,
                                                double             width,
                                                double             height,
                                                GwPlotDrawFlags    flags);
/* Draws @row's marker enlarged with a ring, for hover and selection. */
void           gw_plot_scene_draw_highlight    (GwPlotScene       *scene,
                                                cairo_t           *cr,
                                                guint              row,
                                                const GwPlotColor *ring);

/* Valid after layout. */
const GwPlotTransform *gw_plot_scene_get_transform (GwPlotScene   *scene);
/* FALSE when @row is not drawn (hidden, invalid, or off the plot area). */
gboolean       gw_plot_scene_get_point_position (GwPlotScene      *scene,
                                                guint              row,
                                                double            *x,
                                                double            *y);
/* The drawn point nearest to (@x, @y) within @max_distance pixels, or -1.
 * Uses a grid index: only the cells around the position are searched. */
int            gw_plot_scene_pick              (GwPlotScene       *scene,
                                                double             x,
                                                double             y,
                                                double             max_distance);
/* Counts plot: the bar segment under (@x, @y).  FALSE if none. */
gboolean       gw_plot_scene_pick_bar          (GwPlotScene       *scene,
                                                double             x,
                                                double             y,
                                                int               *category,
                                                GwStatus          *status,
                                                guint             *count);

guint          gw_plot_scene_get_n_legend_entries (GwPlotScene    *scene);
const GwPlotLegendEntry *gw_plot_scene_get_legend_entry (GwPlotScene *scene,
                                                guint              index);
/* The legend entry at (@x, @y), or -1. */
int            gw_plot_scene_pick_legend       (GwPlotScene       *scene,
                                                double             x,
                                                double             y);
/* Shows or hides what a legend entry stands for.  TRUE if it changed. */
gboolean       gw_plot_scene_toggle_legend_entry (GwPlotScene     *scene,
                                                guint              index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPlotScene, gw_plot_scene_free)

G_END_DECLS
