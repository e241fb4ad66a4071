/* bench-plot.c: frame times of the plot with many points
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures what a frame of the plot widget costs with N points (100,000 by
 * default): rebuilding the static layer (new data, range, size or theme);
 * a hover frame (a grid pick, the cached layer and the highlight); and a
 * pan frame as the widget draws it while the pointer moves (the cached
 * layer shifted into place; the layer is rebuilt when the pointer rests).
 * Times are wall clock and thread CPU: on a shared machine the CPU time is
 * the one that measures this code.  The target is under 16 ms per frame.
 *
 *   bench-plot [--points N] [--frames N] [--png FILE]
 */

#define G_LOG_DOMAIN "bench-plot"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#include "gw-plot-scene.h"

static GwPlotData *
make_data (guint n)
{
  g_autoptr(GwPlotDataBuilder) builder = gw_plot_data_builder_new (3.0, "synthetic · robust");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  static const struct { const char *name; int category; double a, b; } groups[] = {
    { "GM3", GW_CATEGORY_GM, 7.5, 1.30 },
    { "GM1", GW_CATEGORY_GM, 6.9, 1.35 },
    { "GD3", GW_CATEGORY_GD, 6.2, 1.40 },
    { "GD1", GW_CATEGORY_GD, 5.6, 1.45 },
    { "GD1+OAc", GW_CATEGORY_GD, 5.8, 1.45 },
    { "GT1", GW_CATEGORY_GT, 4.9, 1.50 },
    { "GQ1", GW_CATEGORY_GQ, 4.2, 1.52 },
    { "GP1", GW_CATEGORY_GP, 3.6, 1.55 },
  };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    gw_plot_data_builder_add_group (builder, groups[g].name, groups[g].category);

  for (guint i = 0; i < n; i++)
    {
      guint g = g_rand_int_range (rand, 0, G_N_ELEMENTS (groups));
      GwPlotPoint p = { 0 };
      double u = g_rand_double (rand);
      double sigma = 0.12;
      char name[64];

      p.group = g;
      p.category = groups[g].category;
      p.logp = g_rand_double_range (rand, -1.0, 5.0);
      p.predicted = groups[g].a + groups[g].b * p.logp;
      p.rt = p.predicted + sigma * (g_rand_double (rand) + g_rand_double (rand) - 1.0) * 2.0;
      p.status = GW_STATUS_VALID;
      if (u < 0.04)
        {
          p.rt += sigma * 6;
          p.status = GW_STATUS_OUTLIER;
        }
      else if (u < 0.06)
        p.status = GW_STATUS_FRAGMENT;
      else if (u < 0.08)
        p.status = GW_STATUS_ISOMER;
      else if (u < 0.09)
        p.status = GW_STATUS_INSUFFICIENT;
      p.anchor = u > 0.95;
      p.z = (p.rt - p.predicted) / sigma;
      p.pi_low = p.predicted - 3 * sigma;
      p.pi_high = p.predicted + 3 * sigma;
      p.sigma = sigma;
      p.fitted = TRUE;
      g_snprintf (name, sizeof name, "%s(%u:1;O2)", groups[g].name, 30 + i % 16);
      gw_plot_data_builder_add_point (builder, &p, name, NULL);
    }

  return gw_plot_data_builder_end (g_steal_pointer (&builder));
}

/* Thread CPU time: on a loaded machine, wall time measures the other
 * processes as much as this code. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  int n_points = 100000;
  int n_frames = 30;
  g_autofree char *png = NULL;
  gboolean skip_vector = FALSE;
  GOptionEntry entries[] = {
    { "points", 0, 0, G_OPTION_ARG_INT, &n_points, "Number of points", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &n_frames, "Frames to time", "N" },
    { "skip-vector", 0, 0, G_OPTION_ARG_NONE, &skip_vector, "Do not time the vector path", NULL },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png, "Also write the static layer to FILE", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- plot frame times");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwPlotData) data = NULL;
  g_autoptr(GwPlotScene) scene = NULL;
  const double width = 1200, height = 800, scale = 1.0;
  cairo_surface_t *surface, *overlay;
  GwPlotRange range;
  double t0, c0, build_total = 0, build_max = 0, hover_total = 0, hover_max = 0, vector_ms = NAN;
  double build_cpu = 0, hover_cpu = 0, layout_cpu = 0;
  double pan_total = 0, pan_cpu = 0, pan_max = 0;
  int hits = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  n_points = CLAMP (n_points, 1, 10000000);
  n_frames = CLAMP (n_frames, 1, 1000);

  t0 = now_ms ();
  data = make_data (n_points);
  g_print ("data: %d points built in %.1f ms\n", n_points, now_ms () - t0);

  scene = gw_plot_scene_new (data, GW_PLOT_KIND_RT_LOGP);
  gw_plot_scene_set_interactive (scene, TRUE);
  gw_plot_scene_get_auto_range (scene, &range);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (surface, scale, scale);

  /* A pan: every frame moves the range, so every frame rebuilds the
   * static layer (layout, positions, bands, points, text). */
  for (int f = 0; f < n_frames; f++)
    {
      GwPlotRange r = range;
      double dx = (range.x1 - range.x0) * 0.01 * f;
      cairo_t *cr;
      double ms;

      r.x0 += dx;
      r.x1 += dx;
      t0 = now_ms ();
      c0 = cpu_ms ();
      gw_plot_scene_set_range (scene, &r);
      gw_plot_scene_layout (scene, width, height);
      layout_cpu += cpu_ms () - c0;
      cr = cairo_create (surface);
      gw_plot_scene_draw (scene, cr, width, height, GW_PLOT_DRAW_FAST_POINTS);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      ms = now_ms () - t0;
      build_cpu += cpu_ms () - c0;
      build_total += ms;
      build_max = MAX (build_max, ms);
    }

  if (png != NULL)
    cairo_surface_write_to_png (surface, png);

  /* Hover: pick near the pointer, then draw the cached layer and the
   * highlight, as the widget's snapshot does. */
  overlay = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);
    const GwPlotTransform *t = gw_plot_scene_get_transform (scene);
    GwPlotColor ring = { 0, 0, 0, 1 };

    for (int f = 0; f < n_frames; f++)
      {
        double x = g_rand_double_range (rand, t->left, t->right);
        double y = g_rand_double_range (rand, t->top, t->bottom);
        cairo_t *cr;
        double ms;
        int row;

        t0 = now_ms ();
        c0 = cpu_ms ();
        row = gw_plot_scene_pick (scene, x, y, 8.0);
        cr = cairo_create (overlay);
        cairo_set_source_surface (cr, surface, 0, 0);
        cairo_paint (cr);
        if (row >= 0)
          {
            gw_plot_scene_draw_highlight (scene, cr, row, &ring);
            hits++;
          }
        cairo_destroy (cr);
        cairo_surface_flush (overlay);
        ms = now_ms () - t0;
        hover_cpu += cpu_ms () - c0;
        hover_total += ms;
        hover_max = MAX (hover_max, ms);
      }
  }

  /* A pan step as the widget draws it while the pointer moves over a
   * big data set: the cached layer, shifted, clipped to the plot area,
   * plus the highlight.  The layer itself is rebuilt when the pointer
   * rests. */
  {
    const GwPlotTransform *t = gw_plot_scene_get_transform (scene);

    for (int f = 0; f < n_frames; f++)
      {
        cairo_t *cr;
        double ms;

        t0 = now_ms ();
        c0 = cpu_ms ();
        cr = cairo_create (overlay);
        cairo_set_source_surface (cr, surface, 0, 0);
        cairo_paint (cr);
        cairo_rectangle (cr, t->left, t->top, t->right - t->left, t->bottom - t->top);
        cairo_clip (cr);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_paint (cr);
        cairo_set_source_surface (cr, surface, 3.0 * f, -2.0 * f);
        cairo_paint (cr);
        cairo_destroy (cr);
        cairo_surface_flush (overlay);
        ms = now_ms () - t0;
        pan_cpu += cpu_ms () - c0;
        pan_total += ms;
        pan_max = MAX (pan_max, ms);
      }
  }

  /* For comparison: the vector path, which exports use. */
  if (!skip_vector)
  {
    cairo_t *cr = cairo_create (surface);

    gw_plot_scene_set_range (scene, &range);
    t0 = now_ms ();
    gw_plot_scene_draw (scene, cr, width, height, GW_PLOT_DRAW_DEFAULT);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    vector_ms = now_ms () - t0;
  }

  g_print ("static layer rebuild (data, range, size or theme change), %d x %d px: mean %.2f ms (CPU %.2f ms), max %.2f ms over %d frames\n",
           (int) width, (int) height, build_total / n_frames, build_cpu / n_frames, build_max, n_frames);
  g_print ("  of which layout (ticks, legend, point positions): CPU %.2f ms\n", layout_cpu / n_frames);
  g_print ("hover frame (pick + cached layer + highlight, software composite): mean %.3f ms (CPU %.3f ms), max %.3f ms (%d hits)\n",
           hover_total / n_frames, hover_cpu / n_frames, hover_max, hits);
  g_print ("pan frame (cached layer moved, software composite): mean %.3f ms (CPU %.3f ms), max %.3f ms\n",
           pan_total / n_frames, pan_cpu / n_frames, pan_max);
  g_print ("vector markers (export path), one frame: %.1f ms\n", vector_ms);
  g_print ("target < 16 ms CPU: static layer %s, hover %s, pan %s\n",
           build_cpu / n_frames < 16.0 ? "met" : "NOT met",
           hover_cpu / n_frames < 16.0 ? "met" : "NOT met",
           pan_cpu / n_frames < 16.0 ? "met" : "NOT met");

  cairo_surface_destroy (overlay);
  cairo_surface_destroy (surface);
  return 0;
}
