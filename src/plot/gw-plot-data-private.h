/* gw-plot-data-private.h: GwPlotData internals shared by its constructors
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gw-plot-data.h"

G_BEGIN_DECLS

struct _GwPlotData
{
  gatomicrefcount  ref_count;
  guint            n_points;
  GwPlotPoint     *points;
  const char     **names;       /* n_points, entries may be NULL */
  const char     **reasons;     /* n_points, entries may be NULL */
  GArray          *groups;      /* GwPlotGroup */
  double           threshold;
  const char      *description;
  GStringChunk    *strings;
  gpointer         owner;       /* keeps names and reasons alive */
  GDestroyNotify   owner_destroy;
};

GwPlotData *gw_plot_data_alloc       (double      threshold,
                                      const char *description);
void        gw_plot_data_build_lines (GwPlotData *data);

G_END_DECLS
