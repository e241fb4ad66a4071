/* test-plot.c: the plot library on the real sample
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gw-analysis.h"
#include "gw-plot-data.h"
#include "gw-plot-export.h"
#include "gw-plot-scene.h"

#define WIDTH  800.0
#define HEIGHT 600.0

static GwRun *sample_run;
static GwPlotData *sample_data;
static char *tmpdir;

static void
load_sample (void)
{
  const char *shared = g_getenv ("GW_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GError) error = NULL;
  GwParams params;

  g_assert_nonnull (shared);
  path = g_build_filename (shared, "testwork_user.csv", NULL);
  file = g_file_new_for_path (path);
  table = gw_table_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  /* The robust preset's outputs when the build has them. */
  gw_params_init (&params, GW_PRESET_ROBUST);
  sample_run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  if (g_error_matches (error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_UNSUPPORTED))
    {
      g_clear_error (&error);
      gw_params_init (&params, GW_PRESET_CLASSIC);
      sample_run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
    }
  g_assert_no_error (error);
  sample_data = gw_plot_data_new_from_run (sample_run);
}

/* ------------------------------------------------------------------ */
/* Data */

static void
test_data_from_run (void)
{
  GwTable *table = gw_run_get_table (sample_run);
  guint n = gw_plot_data_get_n_points (sample_data);
  guint with_line = 0;

  g_assert_cmpuint (n, ==, gw_table_get_n_rows (table));
  g_assert_cmpuint (gw_plot_data_get_n_groups (sample_data), ==, gw_table_get_n_groups (table));
  g_assert_cmpfloat (gw_plot_data_get_threshold (sample_data), ==,
                     ((const GwParams *) gw_run_get_params (sample_run))->outlier_threshold);

  for (guint row = 0; row < n; row++)
    {
      const GwPlotPoint *p = gw_plot_data_get_point (sample_data, row);

      g_assert_cmpstr (gw_plot_data_get_name (sample_data, row), ==, gw_table_get_name (table, row));
      g_assert_cmpint (p->status, ==, gw_run_get_status (sample_run, row));
      g_assert_true (p->anchor == gw_table_is_anchor (table, row));
      if (isfinite (gw_table_get_rt (table, row)))
        g_assert_cmpfloat (p->rt, ==, gw_table_get_rt (table, row));
    }

  /* Lines: sorted by Log P, the band around the line. */
  for (guint g = 0; g < gw_plot_data_get_n_groups (sample_data); g++)
    {
      const GwPlotGroup *group = gw_plot_data_get_group (sample_data, g);

      g_assert_cmpstr (group->name, ==, gw_table_get_group_name (table, g));
      if (group->n_vertices >= 2)
        with_line++;
      for (guint v = 0; v < group->n_vertices; v++)
        {
          g_assert_cmpfloat (group->vertices[v].low, <=, group->vertices[v].predicted + 1e-9);
          g_assert_cmpfloat (group->vertices[v].high, >=, group->vertices[v].predicted - 1e-9);
          if (v > 0)
            g_assert_cmpfloat (group->vertices[v - 1].logp, <, group->vertices[v].logp);
        }
    }
  /* The sample has groups with enough rows for a model. */
  g_assert_cmpuint (with_line, >=, 3);
}

static void
test_tooltip (void)
{
  guint n = gw_plot_data_get_n_points (sample_data);

  for (guint row = 0; row < n; row++)
    {
      g_autofree char *text = gw_plot_data_dup_tooltip (sample_data, row);
      const char *reason = gw_plot_data_get_reason (sample_data, row);

      g_assert_true (g_str_has_prefix (text, gw_plot_data_get_name (sample_data, row)));
      g_assert_nonnull (strstr (text, "RT: "));
      g_assert_nonnull (strstr (text, "Log P: "));
      g_assert_nonnull (strstr (text, "Predicted RT: "));
      g_assert_nonnull (strstr (text, "\nz: "));
      g_assert_nonnull (strstr (text, gw_status_to_string (gw_run_get_status (sample_run, row))));
      if (reason[0] != '\0')
        g_assert_nonnull (strstr (text, reason));
    }
}

static void
test_kind_strings (void)
{
  for (guint k = 0; k < GW_N_PLOT_KINDS; k++)
    {
      GwPlotKind kind;

      g_assert_true (gw_plot_kind_from_string (gw_plot_kind_to_string (k), &kind));
      g_assert_cmpint (kind, ==, k);
    }
  {
    GwPlotKind kind;
    g_assert_false (gw_plot_kind_from_string ("pie", &kind));
  }
}

/* ------------------------------------------------------------------ */
/* Transform, picking, legend */

static void
test_transform (void)
{
  g_autoptr(GwPlotScene) scene = gw_plot_scene_new (sample_data, GW_PLOT_KIND_RT_LOGP);
  const GwPlotTransform *t;
  GwPlotRange range;

  gw_plot_scene_layout (scene, WIDTH, HEIGHT);
  t = gw_plot_scene_get_transform (scene);
  gw_plot_scene_get_range (scene, &range);
  g_assert_cmpfloat (t->x0, ==, range.x0);
  g_assert_cmpfloat (t->y1, ==, range.y1);
  g_assert_cmpfloat (t->left, <, t->right);
  g_assert_cmpfloat (t->top, <, t->bottom);

  for (double x = range.x0; x <= range.x1; x += (range.x1 - range.x0) / 7)
    for (double y = range.y0; y <= range.y1; y += (range.y1 - range.y0) / 5)
      {
        double px, py, bx, by;

        gw_plot_transform_to_pixel (t, x, y, &px, &py);
        g_assert_cmpfloat (px, >=, t->left - 1e-9);
        g_assert_cmpfloat (px, <=, t->right + 1e-9);
        gw_plot_transform_to_data (t, px, py, &bx, &by);
        g_assert_cmpfloat_with_epsilon (bx, x, 1e-9);
        g_assert_cmpfloat_with_epsilon (by, y, 1e-9);
      }

  /* Larger RT is higher up. */
  g_assert_cmpfloat (gw_plot_transform_y (t, range.y1), <, gw_plot_transform_y (t, range.y0));

  /* Every drawn point lies where its data says. */
  for (guint row = 0; row < gw_plot_data_get_n_points (sample_data); row++)
    {
      const GwPlotPoint *p = gw_plot_data_get_point (sample_data, row);
      double x, y;

      if (!gw_plot_scene_get_point_position (scene, row, &x, &y))
        {
          g_assert_true (p->status == GW_STATUS_INVALID || !isfinite (p->logp) || !isfinite (p->rt));
          continue;
        }
      g_assert_cmpfloat (p->status, !=, GW_STATUS_INVALID);
      g_assert_cmpfloat_with_epsilon (x, gw_plot_transform_x (t, p->logp), 1e-3);
      g_assert_cmpfloat_with_epsilon (y, gw_plot_transform_y (t, p->rt), 1e-3);
    }
}

static void
test_pick (void)
{
  g_autoptr(GwPlotScene) scene = gw_plot_scene_new (sample_data, GW_PLOT_KIND_RT_LOGP);
  guint n = gw_plot_data_get_n_points (sample_data);
  guint checked = 0;

  gw_plot_scene_layout (scene, WIDTH, HEIGHT);
  for (guint row = 0; row < n; row++)
    {
      double x, y, hx, hy;
      int hit;

      if (!gw_plot_scene_get_point_position (scene, row, &x, &y))
        continue;
      /* The grid answer is a point at the same spot (rows can coincide). */
      hit = gw_plot_scene_pick (scene, x + 1.5, y - 1.0, 6.0);
      g_assert_cmpint (hit, >=, 0);
      g_assert_true (gw_plot_scene_get_point_position (scene, hit, &hx, &hy));
      g_assert_cmpfloat (hypot (hx - x - 1.5, hy - y + 1.0), <=, hypot (1.5, 1.0) + 1e-6);
      checked++;
    }
  g_assert_cmpuint (checked, >, 100);

  /* Nowhere near a point: the corner of the figure. */
  g_assert_cmpint (gw_plot_scene_pick (scene, 1, 1, 6.0), ==, -1);
}

static int
find_legend (GwPlotScene      *scene,
             GwPlotLegendKind  kind,
             int               value)
{
  for (guint i = 0; i < gw_plot_scene_get_n_legend_entries (scene); i++)
    {
      const GwPlotLegendEntry *e = gw_plot_scene_get_legend_entry (scene, i);

      if (e->kind == kind && e->value == value)
        return i;
    }
  return -1;
}

static void
test_legend_toggle (void)
{
  g_autoptr(GwPlotScene) scene = gw_plot_scene_new (sample_data, GW_PLOT_KIND_RT_LOGP);
  const GwPlotLegendEntry *e;
  guint n = gw_plot_data_get_n_points (sample_data);
  int index;
  guint shown_before = 0, shown_after = 0;

  gw_plot_scene_set_interactive (scene, TRUE);
  gw_plot_scene_layout (scene, WIDTH, HEIGHT);
  index = find_legend (scene, GW_PLOT_LEGEND_CATEGORY, GW_CATEGORY_GD);
  g_assert_cmpint (index, >=, 0);
  e = gw_plot_scene_get_legend_entry (scene, index);
  g_assert_true (e->active);
  g_assert_cmpint (gw_plot_scene_pick_legend (scene, e->x + e->width / 2, e->y + e->height / 2), ==, index);

  for (guint row = 0; row < n; row++)
    if (gw_plot_data_get_point (sample_data, row)->category == GW_CATEGORY_GD &&
        gw_plot_scene_get_point_position (scene, row, NULL, NULL))
      shown_before++;
  g_assert_cmpuint (shown_before, >, 0);

  g_assert_true (gw_plot_scene_toggle_legend_entry (scene, index));
  gw_plot_scene_layout (scene, WIDTH, HEIGHT);
  for (guint row = 0; row < n; row++)
    if (gw_plot_data_get_point (sample_data, row)->category == GW_CATEGORY_GD &&
        gw_plot_scene_get_point_position (scene, row, NULL, NULL))
      shown_after++;
  g_assert_cmpuint (shown_after, ==, 0);

  /* Interactive: the entry stays, greyed out, and turns the groups back on. */
  index = find_legend (scene, GW_PLOT_LEGEND_CATEGORY, GW_CATEGORY_GD);
  g_assert_cmpint (index, >=, 0);
  g_assert_false (gw_plot_scene_get_legend_entry (scene, index)->active);
  g_assert_true (gw_plot_scene_toggle_legend_entry (scene, index));
  gw_plot_scene_layout (scene, WIDTH, HEIGHT);
  g_assert_true (gw_plot_scene_get_legend_entry (scene, index)->active);
}

static void
test_counts_account_for_every_row (void)
{
  g_autoptr(GwPlotScene) scene = gw_plot_scene_new (sample_data, GW_PLOT_KIND_COUNTS);
  guint expected[GW_N_STATUSES] = { 0 };
  guint got[GW_N_STATUSES] = { 0 };
  guint total = 0;
  const GwPlotTransform *t;

  gw_plot_scene_layout (scene, WIDTH, HEIGHT);
  t = gw_plot_scene_get_transform (scene);

  for (guint s = 0; s < GW_N_STATUSES; s++)
    expected[s] = gw_run_get_status_count (sample_run, s);

  /* Walk up each bar's centre and read each segment once. */
  for (double b = 0; b < t->x1; b += 1.0)
    {
      double x = gw_plot_transform_x (t, b);
      int last_category = -2;
      guint last_status = GW_N_STATUSES;

      for (double y = t->bottom - 0.25; y > t->top; y -= 0.25)
        {
          int category;
          GwStatus status;
          guint count;

          if (!gw_plot_scene_pick_bar (scene, x, y, &category, &status, &count))
            continue;
          if (category == last_category && status == last_status)
            continue;
          last_category = category;
          last_status = status;
          got[status] += count;
          total += count;
        }
    }

  for (guint s = 0; s < GW_N_STATUSES; s++)
    g_assert_cmpuint (got[s], ==, expected[s]);
  g_assert_cmpuint (total, ==, gw_plot_data_get_n_points (sample_data));
}

/* ------------------------------------------------------------------ */
/* Files */

static char *
export_path (GwPlotKind   kind,
             const char  *suffix,
             const char  *ext)
{
  g_autofree char *base = g_strdup_printf ("%s%s.%s", gw_plot_kind_to_string (kind), suffix, ext);
  return g_build_filename (tmpdir, base, NULL);
}

static void
check_png (const char *path,
           double      dpi)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  g_autofree char *contents = NULL;
  gsize len;
  const char *phys;
  guint32 ppm;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, (int) ceil (WIDTH * dpi / 96));
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, (int) ceil (HEIGHT * dpi / 96));
  cairo_surface_destroy (surface);

  /* The resolution is in the file, in pixels per metre. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  phys = memmem (contents, len, "pHYs", 4);
  g_assert_nonnull (phys);
  ppm = ((guint8) phys[4] << 24) | ((guint8) phys[5] << 16) | ((guint8) phys[6] << 8) | (guint8) phys[7];
  g_assert_cmpuint (ppm, ==, (guint32) lround (dpi / 0.0254));
}

typedef struct
{
  guint n_elements;
  gboolean root_is_svg;
  guint n_text;
} SvgStats;

static void
svg_start_cb (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              user_data,
              GError              **error)
{
  SvgStats *stats = user_data;

  if (stats->n_elements++ == 0)
    stats->root_is_svg = g_str_equal (element, "svg");
  /* Cairo writes glyphs as <use> of symbol glyphs. */
  if (g_str_equal (element, "use") || g_str_equal (element, "text"))
    stats->n_text++;
}

static void
check_svg (const char *path)
{
  static const GMarkupParser parser = { svg_start_cb, NULL, NULL, NULL, NULL };
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParseContext *context;
  SvgStats stats = { 0 };
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  context = g_markup_parse_context_new (&parser, 0, &stats, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, len, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);

  g_assert_true (stats.root_is_svg);
  g_assert_cmpuint (stats.n_elements, >, 50);
  /* Titles, ticks and the legend are text. */
  g_assert_cmpuint (stats.n_text, >, 20);
}

static void
check_pdf (const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (len > 1000);
  g_assert_cmpint (memcmp (contents, "%PDF-", 5), ==, 0);
  g_assert_nonnull (memmem (contents + len - 32, 32, "%%EOF", 5));

  if (pdfinfo != NULL)
    {
      const char *argv[] = { pdfinfo, path, NULL };
      int status;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      const char *pages = strstr (out, "\nPages:");
      const char *size = strstr (out, "\nPage size:");

      g_assert_nonnull (pages);
      g_assert_cmpint (g_ascii_strtoll (pages + strlen ("\nPages:"), NULL, 10), ==, 1);
      /* 800 × 600 px at 96 dpi is 600 × 450 pt. */
      g_assert_nonnull (size);
      g_assert_true (g_str_has_prefix (g_strchug ((char *) size + strlen ("\nPage size:")),
                                       "600 x 450 pts"));
    }
  else
    g_test_message ("pdfinfo not found; checked the PDF structure only");
}

static void
test_export_kind (gconstpointer user_data)
{
  GwPlotKind kind = GPOINTER_TO_UINT (user_data);
  g_autoptr(GwPlotScene) scene = gw_plot_scene_new (sample_data, kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = export_path (kind, "", "png");
  g_autofree char *png150 = export_path (kind, "-150", "png");
  g_autofree char *svg = export_path (kind, "", "svg");
  g_autofree char *pdf = export_path (kind, "", "pdf");

  g_assert_true (gw_plot_scene_export (scene, png, GW_PLOT_FORMAT_PNG, WIDTH, HEIGHT, 96, &error));
  g_assert_no_error (error);
  check_png (png, 96);
  g_assert_true (gw_plot_scene_export (scene, png150, GW_PLOT_FORMAT_PNG, WIDTH, HEIGHT, 150, &error));
  g_assert_no_error (error);
  check_png (png150, 150);
  g_assert_true (gw_plot_scene_export (scene, svg, GW_PLOT_FORMAT_SVG, WIDTH, HEIGHT, 0, &error));
  g_assert_no_error (error);
  check_svg (svg);
  g_assert_true (gw_plot_scene_export (scene, pdf, GW_PLOT_FORMAT_PDF, WIDTH, HEIGHT, 0, &error));
  g_assert_no_error (error);
  check_pdf (pdf);
}

static void
test_export_errors (void)
{
  g_autoptr(GwPlotScene) scene = gw_plot_scene_new (sample_data, GW_PLOT_KIND_RT_LOGP);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (tmpdir, "no", "such", "dir", "plot.png", NULL);
  g_autofree char *ok = export_path (GW_PLOT_KIND_RT_LOGP, "-bad", "png");
  GwPlotFormat format;

  g_assert_false (gw_plot_scene_export (scene, missing, GW_PLOT_FORMAT_PNG, WIDTH, HEIGHT, 96, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "plot.png"));
  g_clear_error (&error);

  g_assert_false (gw_plot_scene_export (scene, ok, GW_PLOT_FORMAT_PNG, 10, HEIGHT, 96, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "plot"));
  g_clear_error (&error);

  g_assert_false (gw_plot_scene_export (scene, ok, GW_PLOT_FORMAT_PNG, WIDTH, HEIGHT, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (ok, G_FILE_TEST_EXISTS));

  g_assert_true (gw_plot_format_from_filename ("a.PDF", &format));
  g_assert_cmpint (format, ==, GW_PLOT_FORMAT_PDF);
  g_assert_false (gw_plot_format_from_filename ("a.jpg", &format));
}

/* ------------------------------------------------------------------ */
/* Pixels */

typedef struct
{
  cairo_surface_t *surface;
  const guint8    *data;
  int              stride;
  int              width;
  int              height;
} Image;

static void
image_load (Image      *image,
            const char *path)
{
  image->surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image->surface), ==, CAIRO_STATUS_SUCCESS);
  image->data = cairo_image_surface_get_data (image->surface);
  image->stride = cairo_image_surface_get_stride (image->surface);
  image->width = cairo_image_surface_get_width (image->surface);
  image->height = cairo_image_surface_get_height (image->surface);
}

static void
image_clear (Image *image)
{
  g_clear_pointer (&image->surface, cairo_surface_destroy);
}

/* The pixel's colour, un-premultiplied, in 0..1. */
static void
image_pixel (const Image *image,
             double       x,
             double       y,
             double      *r,
             double      *g,
             double      *b)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  guint32 p;
  double a;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, image->width);
  g_assert_cmpint (iy, <, image->height);
  p = *(const guint32 *) (gconstpointer) (image->data + iy * image->stride + ix * 4);
  a = (p >> 24) / 255.0;
  g_assert_cmpfloat (a, >, 0.99);
  *r = ((p >> 16) & 0xff) / 255.0;
  *g = ((p >> 8) & 0xff) / 255.0;
  *b = (p & 0xff) / 255.0;
}

static void
assert_pixel_color (const Image *image,
                    double       x,
                    double       y,
                    double       er,
                    double       eg,
                    double       eb,
                    double       tolerance)
{
  double r, g, b;

  image_pixel (image, x, y, &r, &g, &b);
  if (fabs (r - er) > tolerance || fabs (g - eg) > tolerance || fabs (b - eb) > tolerance)
    g_error ("pixel (%.1f, %.1f) is (%.3f, %.3f, %.3f), expected (%.3f, %.3f, %.3f)",
             x, y, r, g, b, er, eg, eb);
}

static gboolean
is_background (const Image *image,
               int          x,
               int          y)
{
  guint32 p = *(const guint32 *) (gconstpointer) (image->data + y * image->stride + x * 4);
  return p == 0xffffffff;
}

static void
test_pixel_point (void)
{
  g_autoptr(GwPlotScene) scene = gw_plot_scene_new (sample_data, GW_PLOT_KIND_RT_LOGP);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = export_path (GW_PLOT_KIND_RT_LOGP, "-points", "png");
  const GwPlotTheme *theme = gw_plot_scene_get_theme (scene);
  guint n = gw_plot_data_get_n_points (sample_data);
  Image image = { 0 };
  guint checked = 0;

  /* Points only: no bands or lines under them. */
  g_assert_true (gw_plot_scene_export (scene, png, GW_PLOT_FORMAT_PNG, WIDTH, HEIGHT, 96, &error));
  g_assert_no_error (error);
  gw_plot_scene_layout (scene, WIDTH, HEIGHT);
  image_load (&image, png);

  /* A solid marker far from any other point and from every line shows its
   * category colour at its data position. */
  for (guint row = 0; row < n; row++)
    {
      const GwPlotPoint *p = gw_plot_data_get_point (sample_data, row);
      const GwPlotColor *c;
      double x, y;
      gboolean alone = TRUE;
      GwPlotMarker marker;

      if (!gw_plot_scene_get_point_position (scene, row, &x, &y))
        continue;
      marker = gw_plot_marker_for_point (p);
      if (marker == GW_PLOT_MARKER_RING)
        continue;
      for (guint other = 0; other < n && alone; other++)
        {
          double ox, oy;

          if (other != row && gw_plot_scene_get_point_position (scene, other, &ox, &oy) &&
              hypot (ox - x, oy - y) < 4 * theme->marker_radius)
            alone = FALSE;
        }
      /* Away from the end of every fitted line, where its name is
       * written on top of the points. */
      for (guint g = 0; g < gw_plot_data_get_n_groups (sample_data) && alone; g++)
        {
          const GwPlotGroup *group = gw_plot_data_get_group (sample_data, g);
          const GwPlotTransform *t = gw_plot_scene_get_transform (scene);
          const GwPlotLineVertex *end;

          if (group->n_vertices < 2)
            continue;
          end = &group->vertices[group->n_vertices - 1];
          if (fabs (gw_plot_transform_x (t, end->logp) - x) < 90 &&
              fabs (gw_plot_transform_y (t, end->predicted) - y) < 40)
            alone = FALSE;
        }
      if (!alone)
        continue;

      c = gw_plot_theme_get_category_color (theme, p->category);
      assert_pixel_color (&image, x, y, c->red, c->green, c->blue, 0.02);
      /* 2.2 radii away is neither this marker (at most 1.4 radii wide
       * with its halo) nor a neighbour (4 radii away or more). */
      if (marker != GW_PLOT_MARKER_CROSS)
      {
        double r, g, b;

        image_pixel (&image, x + 2.2 * theme->marker_radius, y, &r, &g, &b);
        g_assert_false (fabs (r - c->red) < 0.02 && fabs (g - c->green) < 0.02 && fabs (b - c->blue) < 0.02);
      }
      checked++;
    }
  g_test_message ("checked %u isolated points", checked);
  g_assert_cmpuint (checked, >=, 5);

  image_clear (&image);
}

static void
test_pixel_band (void)
{
  g_autoptr(GError) error = NULL;
  guint checked_groups = 0;

  /* One group at a time, so no other band overlaps. */
  for (guint g = 0; g < gw_plot_data_get_n_groups (sample_data); g++)
    {
      const GwPlotGroup *group = gw_plot_data_get_group (sample_data, g);
      g_autoptr(GwPlotScene) scene = NULL;
      g_autofree char *suffix = NULL;
      g_autofree char *png = NULL;
      const GwPlotTheme *theme;
      const GwPlotTransform *t;
      const GwPlotColor *c;
      Image image = { 0 };
      guint checked = 0;

      if (group->n_vertices < 2)
        continue;

      scene = gw_plot_scene_new (sample_data, GW_PLOT_KIND_RT_LOGP);
      gw_plot_scene_set_all_groups_visible (scene, FALSE);
      gw_plot_scene_set_group_visible (scene, g, TRUE);
      /* Hide the points: this is about the band. */
      for (guint s = 0; s < GW_N_STATUSES; s++)
        gw_plot_scene_set_status_visible (scene, s, FALSE);
      suffix = g_strdup_printf ("-band-%u", g);
      png = export_path (GW_PLOT_KIND_RT_LOGP, suffix, "png");
      g_assert_true (gw_plot_scene_export (scene, png, GW_PLOT_FORMAT_PNG, WIDTH, HEIGHT, 96, &error));
      g_assert_no_error (error);
      gw_plot_scene_layout (scene, WIDTH, HEIGHT);
      image_load (&image, png);
      theme = gw_plot_scene_get_theme (scene);
      t = gw_plot_scene_get_transform (scene);
      c = gw_plot_theme_get_category_color (theme, group->category);

      for (guint v = 0; v + 1 < group->n_vertices; v++)
        {
          const GwPlotLineVertex *a = &group->vertices[v];
          const GwPlotLineVertex *b = &group->vertices[v + 1];
          double xa = gw_plot_transform_x (t, a->logp), xb = gw_plot_transform_x (t, b->logp);
          double x = (xa + xb) / 2, f = 0.5;
          double line_y = gw_plot_transform_y (t, a->predicted + f * (b->predicted - a->predicted));
          double high_y = gw_plot_transform_y (t, a->high + f * (b->high - a->high));
          double y = (line_y + high_y) / 2;
          double alpha = theme->band_opacity;
          double r, gg, bb;

          /* Room for a clean sample: several pixels of band on both sides,
           * away from the grid lines and the line's label. */
          if (xb - xa < 8 || line_y - high_y < 12)
            continue;
          /* The group's name is written near the end of its line. */
          {
            const GwPlotLineVertex *end = &group->vertices[group->n_vertices - 1];

            if (fabs (gw_plot_transform_x (t, end->logp) - x) < 130 &&
                fabs (gw_plot_transform_y (t, end->predicted) - y) < 30)
              continue;
          }
          /* Grid lines are one pixel wide: of nine pixels two apart, the
           * lightest is band over background. */
          {
            double best_sum = -1, bx = x, by = y;

            for (double dx = -2; dx <= 2; dx += 2)
              for (double dy = -2; dy <= 2; dy += 2)
                {
                  image_pixel (&image, x + dx, y + dy, &r, &gg, &bb);
                  if (r + gg + bb > best_sum)
                    {
                      best_sum = r + gg + bb;
                      bx = x + dx;
                      by = y + dy;
                    }
                }
            assert_pixel_color (&image, bx, by,
                                1 - alpha + alpha * c->red,
                                1 - alpha + alpha * c->green,
                                1 - alpha + alpha * c->blue, 0.03);
          }

          /* On the line itself: the solid category colour, in one of the
           * pixels the anti-aliased line crosses. */
          {
            double best = INFINITY;

            for (double dy = -1.5; dy <= 1.5; dy += 1.0)
              {
                double lr, lg, lb;

                image_pixel (&image, x, line_y + dy, &lr, &lg, &lb);
                best = MIN (best, MAX (fabs (lr - c->red), MAX (fabs (lg - c->green), fabs (lb - c->blue))));
              }
            /* Anti-aliasing blends a 1.5 px line with the band. */
            if (best > 0.25)
              g_error ("no pixel of %s's line near (%.1f, %.1f)", group->name, x, line_y);
          }
          checked++;
        }

      /* Far above the band: background. */
      if (checked > 0)
        {
          double top = INFINITY;

          for (guint v = 0; v < group->n_vertices; v++)
            top = MIN (top, gw_plot_transform_y (t, group->vertices[v].high));
          if (top - t->top > 20)
            assert_pixel_color (&image, (t->left + t->right) / 2 + 3.3, t->top + 3.5, 1, 1, 1, 0.01);
          checked_groups++;
        }
      image_clear (&image);
    }

  g_assert_cmpuint (checked_groups, >=, 1);
}

static void
test_pixel_legend (void)
{
  g_autoptr(GwPlotScene) scene = gw_plot_scene_new (sample_data, GW_PLOT_KIND_RT_LOGP);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = export_path (GW_PLOT_KIND_RT_LOGP, "-legend", "png");
  const GwPlotTheme *theme = gw_plot_scene_get_theme (scene);
  const GwPlotTransform *t;
  Image image = { 0 };
  guint categories = 0, statuses = 0;

  g_assert_true (gw_plot_scene_export (scene, png, GW_PLOT_FORMAT_PNG, WIDTH, HEIGHT, 96, &error));
  g_assert_no_error (error);
  gw_plot_scene_layout (scene, WIDTH, HEIGHT);
  t = gw_plot_scene_get_transform (scene);
  image_load (&image, png);

  g_assert_cmpuint (gw_plot_scene_get_n_legend_entries (scene), >, 4);
  for (guint i = 0; i < gw_plot_scene_get_n_legend_entries (scene); i++)
    {
      const GwPlotLegendEntry *e = gw_plot_scene_get_legend_entry (scene, i);
      guint ink = 0;

      /* Outside the plot area, inside the figure. */
      g_assert_cmpfloat (e->x, >=, t->right);
      g_assert_cmpfloat (e->x + e->width, <=, WIDTH);
      g_assert_cmpfloat (e->y + e->height, <=, HEIGHT);

      /* The label is drawn: dark pixels right of the swatch. */
      for (int y = e->y; y < e->y + e->height; y++)
        for (int x = e->x + 30; x < e->x + e->width; x++)
          if (!is_background (&image, x, y))
            ink++;
      g_assert_cmpuint (ink, >, 10);

      if (e->kind == GW_PLOT_LEGEND_CATEGORY)
        {
          const GwPlotColor *c = gw_plot_theme_get_category_color (theme, e->value);

          assert_pixel_color (&image, e->x + 8 + 9, e->y + e->height / 2, c->red, c->green, c->blue, 0.02);
          categories++;
        }
      else if (e->kind == GW_PLOT_LEGEND_STATUS)
        statuses++;
    }

  /* The sample has monosialo and disialo rows at least, and valid rows. */
  g_assert_cmpuint (categories, >=, 2);
  g_assert_cmpuint (statuses, >=, 1);
  g_assert_cmpint (find_legend (scene, GW_PLOT_LEGEND_STATUS, GW_STATUS_VALID), >=, 0);
  g_assert_cmpint (find_legend (scene, GW_PLOT_LEGEND_STATUS, GW_STATUS_INVALID), <, 0);
  image_clear (&image);
}

/* Titles, labels and the legend stay inside the figure at any size: the
 * outer few pixels are untouched background. */
static void
test_nothing_clipped (gconstpointer user_data)
{
  GwPlotKind kind = GPOINTER_TO_UINT (user_data);
  static const double sizes[][2] = { { 420, 300 }, { 800, 600 }, { 1600, 500 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GwPlotScene) scene = gw_plot_scene_new (sample_data, kind);
      g_autoptr(GError) error = NULL;
      g_autofree char *suffix = g_strdup_printf ("-size-%u", i);
      g_autofree char *png = export_path (kind, suffix, "png");
      Image image = { 0 };
      const int margin = 4;

      g_assert_true (gw_plot_scene_export (scene, png, GW_PLOT_FORMAT_PNG, sizes[i][0], sizes[i][1],
                                           96, &error));
      g_assert_no_error (error);
      image_load (&image, png);
      for (int y = 0; y < image.height; y++)
        for (int x = 0; x < image.width; x++)
          if (x < margin || y < margin || x >= image.width - margin || y >= image.height - margin)
            if (!is_background (&image, x, y))
              g_error ("%s at %g × %g: ink at (%d, %d), at the edge",
                       gw_plot_kind_to_string (kind), sizes[i][0], sizes[i][1], x, y);
      image_clear (&image);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  load_sample ();
  tmpdir = g_dir_make_tmp ("gw-test-plot-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/plot/data/from-run", test_data_from_run);
  g_test_add_func ("/plot/data/tooltip", test_tooltip);
  g_test_add_func ("/plot/kind/strings", test_kind_strings);
  g_test_add_func ("/plot/scene/transform", test_transform);
  g_test_add_func ("/plot/scene/pick", test_pick);
  g_test_add_func ("/plot/scene/legend-toggle", test_legend_toggle);
  g_test_add_func ("/plot/scene/counts-every-row", test_counts_account_for_every_row);
  for (guint k = 0; k < GW_N_PLOT_KINDS; k++)
    {
      g_autofree char *path = g_strdup_printf ("/plot/export/%s", gw_plot_kind_to_string (k));
      g_autofree char *clip = g_strdup_printf ("/plot/pixel/nothing-clipped/%s", gw_plot_kind_to_string (k));

      g_test_add_data_func (path, GUINT_TO_POINTER (k), test_export_kind);
      g_test_add_data_func (clip, GUINT_TO_POINTER (k), test_nothing_clipped);
    }
  g_test_add_func ("/plot/export/errors", test_export_errors);
  g_test_add_func ("/plot/pixel/point", test_pixel_point);
  g_test_add_func ("/plot/pixel/band", test_pixel_band);
  g_test_add_func ("/plot/pixel/legend", test_pixel_legend);

  ret = g_test_run ();

  /* Keep the figures for a look when asked to. */
  if (g_getenv ("GW_KEEP_PLOTS") == NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (tmpdir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (tmpdir);
    }
  else
    g_printerr ("plots kept in %s\n", tmpdir);

  g_clear_pointer (&sample_data, gw_plot_data_unref);
  g_clear_pointer (&sample_run, gw_run_unref);
  g_free (tmpdir);
  return ret;
}
