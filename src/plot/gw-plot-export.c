/* gw-plot-export.c: a plot to PNG, SVG or PDF
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "gw-plot-export.h"
#include "gw-safe-write.h"

gboolean
gw_plot_format_from_filename (const char   *filename,
                              GwPlotFormat *format)
{
  const char *dot;

  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  dot = strrchr (filename, '.');
  if (dot == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    *format = GW_PLOT_FORMAT_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = GW_PLOT_FORMAT_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = GW_PLOT_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

const char *
gw_plot_format_to_string (GwPlotFormat format)
{
  switch (format)
    {
    case GW_PLOT_FORMAT_PNG:
      return "png";
    case GW_PLOT_FORMAT_SVG:
      return "svg";
    case GW_PLOT_FORMAT_PDF:
      return "pdf";
    default:
      g_return_val_if_reached (NULL);
    }
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* Cairo writes no resolution into PNGs; journals and layout programs read
 * it from the pHYs chunk, which must follow IHDR (at byte 33). */
static GByteArray *
insert_phys (GByteArray *png,
             double      dpi)
{
  GByteArray *out;
  guint8 chunk[21];
  guint32 ppm = (guint32) lround (dpi / 0.0254);

  if (png->len < 33 || memcmp (png->data + 12, "IHDR", 4) != 0)
    return g_byte_array_ref (png);

  put_be32 (chunk, 9);
  memcpy (chunk + 4, "pHYs", 4);
  put_be32 (chunk + 8, ppm);
  put_be32 (chunk + 12, ppm);
  chunk[16] = 1;   /* unit: metre */
  put_be32 (chunk + 17, crc32_update (0, chunk + 4, 13));
  out = g_byte_array_sized_new (png->len + sizeof chunk);
  g_byte_array_append (out, png->data, 33);
  g_byte_array_append (out, chunk, sizeof chunk);
  g_byte_array_append (out, png->data + 33, png->len - 33);
  return out;
}

gboolean
gw_plot_scene_export (GwPlotScene   *scene,
                      const char    *filename,
                      GwPlotFormat   format,
                      double         width,
                      double         height,
                      double         dpi,
                      GError       **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GFile) dest = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;
  double scale = 1.0;

  g_return_val_if_fail (scene != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(width >= 100 && width <= 20000 && height >= 100 && height <= 20000))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s: the size %g × %g is outside 100–20000 pixels",
                   filename, width, height);
      return FALSE;
    }

  switch (format)
    {
    case GW_PLOT_FORMAT_PNG:
      if (!(dpi >= 24 && dpi <= 2400) ||
          ceil (width * dpi / 96.0) * ceil (height * dpi / 96.0) > 400e6)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "%s: %g dpi is outside 24–2400 or makes the image too large",
                       filename, dpi);
          return FALSE;
        }
      scale = dpi / 96.0;
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (width * scale),
                                            (int) ceil (height * scale));
      break;
    case GW_PLOT_FORMAT_SVG:
      scale = 0.75;
      surface = cairo_svg_surface_create_for_stream (append_cb, bytes,
                                                     width * scale, height * scale);
      break;
    case GW_PLOT_FORMAT_PDF:
      scale = 0.75;
      surface = cairo_pdf_surface_create_for_stream (append_cb, bytes,
                                                     width * scale, height * scale);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                      "Ganglioside Workbench " PACKAGE_VERSION);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                      gw_plot_kind_get_title (gw_plot_scene_get_kind (scene)));
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  gw_plot_scene_draw (scene, cr, width, height, GW_PLOT_DRAW_DEFAULT);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == GW_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_cb, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: drawing failed: %s", filename, cairo_status_to_string (status));
      return FALSE;
    }

  if (format == GW_PLOT_FORMAT_PNG)
    {
      GByteArray *with_phys = insert_phys (bytes, dpi);

      g_byte_array_unref (bytes);
      bytes = with_phys;
    }

  dest = g_file_new_for_path (filename);
  return gw_safe_write_bytes (dest, bytes->data, bytes->len, NULL, error);
}
