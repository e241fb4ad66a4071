/* gw-plot-theme.c: colours, fonts and sizes of a plot
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-plot"

#include "config.h"

#include <string.h>

#include "gw-plot-theme.h"

static GwPlotColor
rgb (guint32 hex)
{
  GwPlotColor c = {
    ((hex >> 16) & 0xff) / 255.0,
    ((hex >> 8) & 0xff) / 255.0,
    (hex & 0xff) / 255.0,
    1.0,
  };
  return c;
}

/* Category colours are Okabe–Ito, safe for the common colour-vision
 * deficiencies; marker shapes carry the status, so no call relies on
 * colour alone.  Order: GA GM GD GT GQ GP. */
static const guint32 light_categories[GW_N_CATEGORIES] = {
  0x56B4E9, 0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00,
};
static const guint32 dark_categories[GW_N_CATEGORIES] = {
  0x8FD0F5, 0x5AA9E6, 0xFF8A4C, 0x3CCB9B, 0xE6A0C8, 0xF5C04A,
};
static const guint32 hc_light_categories[GW_N_CATEGORIES] = {
  0x005A9C, 0x00306E, 0xA03000, 0x00603F, 0x8A2270, 0x8A5A00,
};
static const guint32 hc_dark_categories[GW_N_CATEGORIES] = {
  0xA8E0FF, 0x80C4FF, 0xFFA070, 0x60F0C0, 0xFFB8E8, 0xFFD870,
};

/* Status colours for the counts plot, in GwStatus order:
 * valid outlier fragment isomer insufficient invalid. */
static const guint32 light_statuses[GW_N_STATUSES] = {
  0x3A8D5C, 0xC0392B, 0xE69F00, 0x7B5EA7, 0x9AA0A6, 0x5D4037,
};
static const guint32 dark_statuses[GW_N_STATUSES] = {
  0x5CC98A, 0xFF6B5B, 0xF5C04A, 0xB59CE0, 0xA8AEB4, 0xB08A78,
};

void
gw_plot_theme_init (GwPlotTheme        *theme,
                    GwPlotThemeVariant  variant)
{
  gboolean dark = variant == GW_PLOT_THEME_DARK || variant == GW_PLOT_THEME_HIGH_CONTRAST_DARK;
  gboolean hc = variant == GW_PLOT_THEME_HIGH_CONTRAST || variant == GW_PLOT_THEME_HIGH_CONTRAST_DARK;
  const guint32 *cats;

  g_return_if_fail (theme != NULL);

  memset (theme, 0, sizeof *theme);

  if (dark)
    {
      theme->background = rgb (hc ? 0x000000 : 0x242424);
      theme->foreground = rgb (hc ? 0xFFFFFF : 0xDEDDDA);
      theme->grid = rgb (0xFFFFFF);
      theme->grid.alpha = hc ? 0.30 : 0.10;
      theme->reference = rgb (hc ? 0xFFFFFF : 0xC0BFBC);
      theme->selection = rgb (0x78AEED);
      theme->hover = rgb (0xFFFFFF);
      theme->disabled = rgb (0x77767B);
      cats = hc ? hc_dark_categories : dark_categories;
    }
  else
    {
      theme->background = rgb (0xFFFFFF);
      theme->foreground = rgb (hc ? 0x000000 : 0x1E1E1E);
      theme->grid = rgb (0x000000);
      theme->grid.alpha = hc ? 0.25 : 0.08;
      theme->reference = rgb (hc ? 0x000000 : 0x5E5C64);
      theme->selection = rgb (0x1C71D8);
      theme->hover = rgb (0x000000);
      theme->disabled = rgb (0xB0AFB5);
      cats = hc ? hc_light_categories : light_categories;
    }

  for (guint i = 0; i < GW_N_CATEGORIES; i++)
    theme->categories[i] = rgb (cats[i]);
  theme->unknown_category = rgb (dark ? 0x9A9996 : 0x77767B);
  for (guint i = 0; i < GW_N_STATUSES; i++)
    theme->statuses[i] = rgb (dark ? dark_statuses[i] : light_statuses[i]);

  g_strlcpy (theme->font_family, "Sans", sizeof theme->font_family);
  theme->font_size = 10.0;
  theme->label_size = 11.0;
  theme->title_size = 12.5;
  theme->marker_radius = hc ? 4.0 : 3.5;
  theme->line_width = hc ? 2.0 : 1.5;
  theme->band_opacity = hc ? 0.28 : (dark ? 0.22 : 0.16);
}

const GwPlotColor *
gw_plot_theme_get_category_color (const GwPlotTheme *theme,
                                  int                category)
{
  g_return_val_if_fail (theme != NULL, NULL);

  if (category < 0 || category >= GW_N_CATEGORIES)
    return &theme->unknown_category;
  return &theme->categories[category];
}
