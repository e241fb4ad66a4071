/* gw-plot-data.h: the numbers a plot draws, copied out of a run
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gw-run.h"

G_BEGIN_DECLS

/* One point per table row, in input order, so a point index is a row index
 * everywhere (table, run, plot, selection). */
typedef struct
{
  double   rt;
  double   logp;
  double   predicted;   /* NAN without a model */
  double   z;           /* NAN without a model */
  double   pi_low;      /* NAN without a model */
  double   pi_high;
  double   sigma;       /* the scale z divides by; NAN: use pi_low/pi_high */
  int      group;       /* -1: no parsed name */
  gint8    category;    /* GwCategory, -1: no parsed name */
  guint8   status;      /* GwStatus */
  gboolean anchor;
  gboolean fitted;      /* the row's group model is usable: it joins the line */
} GwPlotPoint;

/* A vertex of a group's fitted line and prediction band, at one Log P.
 * The band is predicted ± threshold·σ: exactly where |z| reaches the
 * outlier threshold, so a point outside it is called an outlier. */
typedef struct
{
  double logp;
  double predicted;
  double low;
  double high;
} GwPlotLineVertex;

typedef struct
{
  const char       *name;        /* "GD1+OAc" */
  gint8             category;    /* GwCategory, -1 when unknown */
  guint             n_points;    /* rows of the group (invalid included) */
  guint             n_vertices;  /* 0: no fitted line */
  GwPlotLineVertex *vertices;    /* sorted by Log P */
  const char       *equation;    /* (nullable) */
} GwPlotGroup;

/**
 * GwPlotData:
 *
 * An immutable, reference-counted copy of what the plots need from a run:
 * per-row points, per-group fitted lines with their prediction bands, and
 * the strings the tooltips show.  Building it once per run lets every
 * plot, the widget and the exports share it across threads.
 */
typedef struct _GwPlotData GwPlotData;

#define GW_TYPE_PLOT_DATA (gw_plot_data_get_type ())

GType               gw_plot_data_get_type        (void) G_GNUC_CONST;

/* (transfer full).  Keeps a reference on @run for its strings. */
GwPlotData         *gw_plot_data_new_from_run    (GwRun       *run);

GwPlotData         *gw_plot_data_ref             (GwPlotData  *data);
void                gw_plot_data_unref           (GwPlotData  *data);

guint               gw_plot_data_get_n_points    (GwPlotData  *data);
const GwPlotPoint  *gw_plot_data_get_points      (GwPlotData  *data);
const GwPlotPoint  *gw_plot_data_get_point       (GwPlotData  *data,
                                                  guint        row);
const char         *gw_plot_data_get_name        (GwPlotData  *data,
                                                  guint        row);
/* "" when there is nothing to say. */
const char         *gw_plot_data_get_reason      (GwPlotData  *data,
                                                  guint        row);
guint               gw_plot_data_get_n_groups    (GwPlotData  *data);
const GwPlotGroup  *gw_plot_data_get_group       (GwPlotData  *data,
                                                  guint        group);
/* The |z| outlier threshold the bands and residual lines use. */
double              gw_plot_data_get_threshold   (GwPlotData  *data);
/* "testwork_user.csv · robust", for titles. */
const char         *gw_plot_data_get_description (GwPlotData  *data);
/* A newly allocated multi-line text for a point's tooltip. */
char               *gw_plot_data_dup_tooltip     (GwPlotData  *data,
                                                  guint        row);

/**
 * GwPlotDataBuilder:
 *
 * Builds plot data without a run: for benchmarks, tests of the drawing
 * code, and data that comes from elsewhere (a stored run).  Lines are
 * derived from the points' predicted values and intervals, exactly as for
 * a run.
 */
typedef struct _GwPlotDataBuilder GwPlotDataBuilder;

GwPlotDataBuilder  *gw_plot_data_builder_new       (double              threshold,
                                                    const char         *description);
/* Returns the group's index; categories may be -1. */
guint               gw_plot_data_builder_add_group (GwPlotDataBuilder  *builder,
                                                    const char         *name,
                                                    int                 category);
void                gw_plot_data_builder_add_point (GwPlotDataBuilder  *builder,
                                                    const GwPlotPoint  *point,
                                                    const char         *name,
                                                    const char         *reason);
/* Frees @builder. (transfer full) */
GwPlotData         *gw_plot_data_builder_end       (GwPlotDataBuilder  *builder);
void                gw_plot_data_builder_free      (GwPlotDataBuilder  *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPlotData, gw_plot_data_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPlotDataBuilder, gw_plot_data_builder_free)

G_END_DECLS
