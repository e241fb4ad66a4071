/* gw-plot-theme.h: colours, fonts and sizes of a plot
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gw-name.h"
#include "gw-run.h"

G_BEGIN_DECLS

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} GwPlotColor;

typedef enum
{
  GW_PLOT_THEME_LIGHT,
  GW_PLOT_THEME_DARK,
  GW_PLOT_THEME_HIGH_CONTRAST,
  GW_PLOT_THEME_HIGH_CONTRAST_DARK,
} GwPlotThemeVariant;

/**
 * GwPlotTheme:
 *
 * Everything about a plot's look that is not data.  Plain data; copy with
 * `=`.  The widget fills one from the style manager (dark mode, high
 * contrast); exports use the light theme.  Sizes are in logical pixels
 * (1/96 inch).
 */
typedef struct
{
  GwPlotColor background;       /* alpha 0: transparent */
  GwPlotColor foreground;       /* text, axes, ticks */
  GwPlotColor grid;
  GwPlotColor categories[GW_N_CATEGORIES];
  GwPlotColor unknown_category; /* rows whose name did not parse */
  GwPlotColor statuses[GW_N_STATUSES];
  GwPlotColor reference;        /* y = x, threshold and zero lines */
  GwPlotColor selection;
  GwPlotColor hover;
  GwPlotColor disabled;         /* hidden legend entries */
  char        font_family[64];
  double      font_size;        /* tick labels, legend */
  double      title_size;
  double      label_size;       /* axis titles */
  double      marker_radius;
  double      line_width;
  double      band_opacity;
} GwPlotTheme;

void          gw_plot_theme_init              (GwPlotTheme         *theme,
                                               GwPlotThemeVariant   variant);
const GwPlotColor *gw_plot_theme_get_category_color (const GwPlotTheme *theme,
                                               int                  category);

G_END_DECLS
