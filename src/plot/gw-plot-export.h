/* gw-plot-export.h: a plot to PNG, SVG or PDF
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-plot-scene.h"

G_BEGIN_DECLS

typedef enum
{
  GW_PLOT_FORMAT_PNG,
  GW_PLOT_FORMAT_SVG,
  GW_PLOT_FORMAT_PDF,
} GwPlotFormat;

/* The format a file name asks for ("fig.PDF" → PDF).  FALSE if none. */
gboolean  gw_plot_format_from_filename (const char    *filename,
                                        GwPlotFormat  *format);
const char *gw_plot_format_to_string   (GwPlotFormat   format);   /* "png" */

/**
 * gw_plot_scene_export:
 * @width: @height: the figure size in logical pixels (1/96 inch), as on
 *   screen: a PDF or SVG page is @width·0.75 × @height·0.75 points.
 * @dpi: PNG resolution; the image is @width·@dpi/96 pixels wide and
 *   carries the resolution in its pHYs chunk.  Ignored for vector formats.
 *
 * Draws @scene with the same code as the screen into @filename.  The
 * message of an error names the file.
 */
gboolean  gw_plot_scene_export         (GwPlotScene   *scene,
                                        const char    *filename,
                                        GwPlotFormat   format,
                                        double         width,
                                        double         height,
                                        double         dpi,
                                        GError       **error);

G_END_DECLS
