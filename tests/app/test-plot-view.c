/* test-plot-view.c: the plot widget under a real display (Xvfb)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-plot-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gw-analysis.h"
#include "gw-plot-page.h"
#include "gw-plot-view.h"

static GwRun *sample_run;
static GwPlotData *sample_data;

static void
load_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("GW_SHARED_DATA"), "testwork_user.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GError) error = NULL;
  GwParams params;

  table = gw_table_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  gw_params_init (&params, GW_PRESET_ROBUST);
  sample_run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  sample_data = gw_plot_data_new_from_run (sample_run);
}

typedef struct
{
  GtkWindow  *window;
  GwPlotView *view;
} Fixture;

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the view has drawn @n static layers. */
static void
wait_for_builds (GwPlotView *view,
                 guint       n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (gw_plot_view_get_n_builds (view) < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

/* Lets pending draws happen. */
static void
settle (void)
{
  gboolean done = FALSE;

  g_timeout_add (50, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  f->view = GW_PLOT_VIEW (gw_plot_view_new ());
  gtk_window_set_default_size (f->window, 900, 650);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gw_plot_view_set_data (f->view, sample_data);
  gtk_window_present (f->window);
  wait_for_builds (f->view, 1);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  gtk_window_destroy (f->window);
  settle ();
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
    }
  g_assert_not_reached ();
}

/* A drawn point with no other point within 12 pixels, so the pointer
 * over it can only mean it. */
static int
find_lonely_point (GwPlotView *view,
                   double     *x,
                   double     *y)
{
  GwPlotScene *scene = gw_plot_view_get_scene (view);
  guint n = gw_plot_data_get_n_points (sample_data);

  for (guint row = 0; row < n; row++)
    {
      gboolean alone = TRUE;

      if (!gw_plot_scene_get_point_position (scene, row, x, y))
        continue;
      for (guint other = 0; other < n && alone; other++)
        {
          double ox, oy;

          if (other != row && gw_plot_scene_get_point_position (scene, other, &ox, &oy) &&
              hypot (ox - *x, oy - *y) < 12)
            alone = FALSE;
        }
      if (alone && gw_plot_data_get_reason (sample_data, row)[0] != '\0')
        return row;
    }
  g_assert_not_reached ();
}

static void
test_hover_tooltip (Fixture       *f,
                    gconstpointer  user_data)
{
  GtkEventController *motion = find_controller (GTK_WIDGET (f->view), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  GwTable *table = gw_run_get_table (sample_run);
  g_autofree char *text = NULL;
  g_autofree char *rt = NULL;
  g_autofree char *logp = NULL;
  g_autofree char *predicted = NULL;
  g_autofree char *z = NULL;
  g_autoptr(GtkTooltip) tooltip = NULL;
  guint builds;
  double x, y;
  int row;
  gboolean handled = FALSE;

  row = find_lonely_point (f->view, &x, &y);
  builds = gw_plot_view_get_n_builds (f->view);

  /* The pointer a few pixels off the point still finds it. */
  g_signal_emit_by_name (motion, "motion", x + 3, y - 2);
  g_assert_cmpint (gw_plot_view_get_hover_row (f->view), ==, row);
  settle ();
  /* Hover is drawn on top of the cached layer: no rebuild. */
  g_assert_cmpuint (gw_plot_view_get_n_builds (f->view), ==, builds);

  text = gw_plot_view_dup_tooltip_at (f->view, x + 3, y - 2);
  g_assert_nonnull (text);
  rt = g_strdup_printf ("RT: %.3f min", gw_table_get_rt (table, row));
  logp = g_strdup_printf ("Log P: %.3f", gw_table_get_logp (table, row));
  predicted = g_strdup_printf ("Predicted RT: %.3f min", gw_run_get_predicted (sample_run, row));
  z = g_strdup_printf ("z: %+.2f", gw_run_get_z (sample_run, row));
  g_assert_true (g_str_has_prefix (text, gw_table_get_name (table, row)));
  g_assert_nonnull (strstr (text, rt));
  g_assert_nonnull (strstr (text, logp));
  if (isfinite (gw_run_get_predicted (sample_run, row)))
    g_assert_nonnull (strstr (text, predicted));
  if (isfinite (gw_run_get_z (sample_run, row)))
    g_assert_nonnull (strstr (text, z));
  g_assert_nonnull (strstr (text, gw_status_to_string (gw_run_get_status (sample_run, row))));
  g_assert_nonnull (strstr (text, gw_run_get_reason (sample_run, row)));

  /* The widget answers query-tooltip there, and not in empty space. */
  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (f->view, "query-tooltip", (int) round (x), (int) round (y), FALSE, tooltip, &handled);
  g_assert_true (handled);
  handled = TRUE;
  g_signal_emit_by_name (f->view, "query-tooltip", 2, 2, FALSE, tooltip, &handled);
  g_assert_false (handled);

  g_signal_emit_by_name (motion, "leave");
  g_assert_cmpint (gw_plot_view_get_hover_row (f->view), ==, -1);
}

static void
row_activated_cb (GwPlotView *view,
                  guint       row,
                  int        *out)
{
  *out = row;
}

static void
test_click_selects (Fixture       *f,
                    gconstpointer  user_data)
{
  GtkEventController *click = find_controller (GTK_WIDGET (f->view), GTK_TYPE_GESTURE_CLICK);
  g_autoptr(GtkBitset) rows = gtk_bitset_new_empty ();
  int activated = -1;
  double x, y;
  int row;

  row = find_lonely_point (f->view, &x, &y);
  g_signal_connect (f->view, "row-activated", G_CALLBACK (row_activated_cb), &activated);

  g_signal_emit_by_name (click, "pressed", 1, x + 2, y + 2);
  g_assert_cmpint (activated, ==, row);
  g_assert_true (gtk_bitset_contains (gw_plot_view_get_selection (f->view), row));
  g_assert_cmpuint (gtk_bitset_get_size (gw_plot_view_get_selection (f->view)), ==, 1);

  /* Empty space selects nothing new. */
  activated = -1;
  g_signal_emit_by_name (click, "pressed", 1, 3.0, 3.0);
  g_assert_cmpint (activated, ==, -1);

  /* The other way: the table's selection highlights points. */
  gtk_bitset_add (rows, 0);
  gtk_bitset_add (rows, 5);
  gw_plot_view_set_selection (f->view, rows);
  g_assert_true (gtk_bitset_equals (gw_plot_view_get_selection (f->view), rows));
  settle ();
}

static void
test_zoom_and_reset (Fixture       *f,
                     gconstpointer  user_data)
{
  GtkEventController *scroll = find_controller (GTK_WIDGET (f->view), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  GtkEventController *motion = find_controller (GTK_WIDGET (f->view), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  GwPlotScene *scene = gw_plot_view_get_scene (f->view);
  const GwPlotTransform *t = gw_plot_scene_get_transform (scene);
  GwPlotRange before, after;
  double cx = (t->left + t->right) / 2 + 40, cy = (t->top + t->bottom) / 2 - 30;
  double dx0, dy0, dx1, dy1;
  gboolean handled = FALSE;
  guint builds = gw_plot_view_get_n_builds (f->view);

  gw_plot_scene_get_range (scene, &before);
  gw_plot_transform_to_data (t, cx, cy, &dx0, &dy0);

  /* Wheel up zooms in around the pointer: the data under it stays. */
  g_signal_emit_by_name (motion, "motion", cx, cy);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  g_signal_emit_by_name (scroll, "scroll-end");
  g_assert_true (gw_plot_view_is_zoomed (f->view));
  wait_for_builds (f->view, builds + 1);
  scene = gw_plot_view_get_scene (f->view);
  t = gw_plot_scene_get_transform (scene);
  gw_plot_scene_get_range (scene, &after);
  g_assert_cmpfloat (after.x1 - after.x0, <, before.x1 - before.x0);
  gw_plot_transform_to_data (t, cx, cy, &dx1, &dy1);
  /* Margins may move by a pixel or two with new tick labels. */
  g_assert_cmpfloat (fabs (dx1 - dx0), <, (after.x1 - after.x0) / 100);
  g_assert_cmpfloat (fabs (dy1 - dy0), <, (after.y1 - after.y0) / 100);

  /* Home resets. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "plot.reset-zoom", NULL));
  g_assert_false (gw_plot_view_is_zoomed (f->view));
  gw_plot_scene_get_range (gw_plot_view_get_scene (f->view), &after);
  g_assert_cmpfloat (after.x0, ==, before.x0);
  g_assert_cmpfloat (after.y1, ==, before.y1);
}

static void
test_legend_click_toggles_groups (Fixture       *f,
                                  gconstpointer  user_data)
{
  GtkEventController *click = find_controller (GTK_WIDGET (f->view), GTK_TYPE_GESTURE_CLICK);
  GwPlotScene *scene = gw_plot_view_get_scene (f->view);
  const GwPlotLegendEntry *e = NULL;
  int category = -1;
  guint builds;

  for (guint i = 0; i < gw_plot_scene_get_n_legend_entries (scene); i++)
    {
      e = gw_plot_scene_get_legend_entry (scene, i);
      if (e->kind == GW_PLOT_LEGEND_CATEGORY)
        {
          category = e->value;
          break;
        }
    }
  g_assert_cmpint (category, >=, 0);

  builds = gw_plot_view_get_n_builds (f->view);
  g_signal_emit_by_name (click, "pressed", 1, e->x + e->width / 2, e->y + e->height / 2);
  for (guint g = 0; g < gw_plot_data_get_n_groups (sample_data); g++)
    if (gw_plot_data_get_group (sample_data, g)->category == category)
      g_assert_false (gw_plot_view_get_group_visible (f->view, g));
    else
      g_assert_true (gw_plot_view_get_group_visible (f->view, g));
  /* The static layer is rebuilt for it. */
  wait_for_builds (f->view, builds + 1);
}

static void
test_dark_mode (Fixture       *f,
                gconstpointer  user_data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  guint builds = gw_plot_view_get_n_builds (f->view);
  const GwPlotTheme *theme;

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_builds (f->view, builds + 1);
  theme = gw_plot_scene_get_theme (gw_plot_view_get_scene (f->view));
  g_assert_cmpfloat (theme->background.red, <, 0.3);
  g_assert_cmpfloat (theme->foreground.red, >, 0.7);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  wait_for_builds (f->view, builds + 2);
  theme = gw_plot_scene_get_theme (gw_plot_view_get_scene (f->view));
  g_assert_cmpfloat (theme->background.red, >, 0.9);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_export_from_view (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autofree char *dir = g_dir_make_tmp ("gw-test-plot-view-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "view.png", NULL);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  g_assert_true (gw_plot_view_export (f->view, png, 640, 480, 192, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1280);
  cairo_surface_destroy (surface);
  g_unlink (png);
  g_rmdir (dir);

  g_assert_false (gw_plot_view_export (f->view, "/nonexistent/x.gif", 640, 480, 96, &error));
  g_assert_nonnull (strstr (error->message, "x.gif"));
}

static void
test_page (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GwPlotPage *page = GW_PLOT_PAGE (gw_plot_page_new ());
  GwPlotView *view = gw_plot_page_get_view (page);
  GtkWidget *child;
  GtkCheckButton *first = NULL;
  guint n_checks = 0;

  gtk_window_set_default_size (window, 900, 650);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gw_plot_page_set_run (page, sample_run);
  gtk_window_present (window);
  wait_for_builds (view, 1);
  g_assert_true (gw_plot_page_get_run (page) == sample_run);
  g_assert_nonnull (gw_plot_view_get_data (view));

  /* The groups popover lists every group, checked. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (page)); child != NULL; )
    {
      if (GTK_IS_CHECK_BUTTON (child))
        {
          if (first == NULL)
            first = GTK_CHECK_BUTTON (child);
          g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)));
          n_checks++;
        }
      /* Depth-first over the page, including the popover's children. */
      if (gtk_widget_get_first_child (child) != NULL)
        child = gtk_widget_get_first_child (child);
      else
        {
          while (child != NULL && gtk_widget_get_next_sibling (child) == NULL)
            {
              child = gtk_widget_get_parent (child);
              if (child == GTK_WIDGET (page))
                child = NULL;
            }
          if (child != NULL)
            child = gtk_widget_get_next_sibling (child);
        }
    }
  g_assert_cmpuint (n_checks, ==, gw_plot_data_get_n_groups (sample_data));

  /* Unchecking the first group hides it in the plot, and back. */
  gtk_check_button_set_active (first, FALSE);
  g_assert_false (gw_plot_view_get_group_visible (view, 0));
  gw_plot_view_set_all_groups_visible (view, TRUE);
  g_assert_true (gtk_check_button_get_active (first));

  gw_plot_page_set_run (page, NULL);
  g_assert_null (gw_plot_view_get_data (view));
  gtk_window_destroy (window);
  settle ();
}

int
main (int    argc,
      char **argv)
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  load_sample ();

  g_test_add ("/ui/plot-view/hover-tooltip", Fixture, NULL, fixture_setup, test_hover_tooltip, fixture_teardown);
  g_test_add ("/ui/plot-view/click-selects", Fixture, NULL, fixture_setup, test_click_selects, fixture_teardown);
  g_test_add ("/ui/plot-view/zoom-reset", Fixture, NULL, fixture_setup, test_zoom_and_reset, fixture_teardown);
  g_test_add ("/ui/plot-view/legend-toggle", Fixture, NULL, fixture_setup, test_legend_click_toggles_groups, fixture_teardown);
  g_test_add ("/ui/plot-view/dark-mode", Fixture, NULL, fixture_setup, test_dark_mode, fixture_teardown);
  g_test_add ("/ui/plot-view/export", Fixture, NULL, fixture_setup, test_export_from_view, fixture_teardown);

  g_test_add_func ("/ui/plot-page/groups", test_page);

  ret = g_test_run ();

  g_clear_pointer (&sample_data, gw_plot_data_unref);
  g_clear_pointer (&sample_run, gw_run_unref);
  return ret;
}
