/* test-plot-window.c: the Plot page inside the main window
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The selection is shared: a click on a point selects its row in the
 * table, and rows selected in the table are highlighted in the plot.
 * Each case runs in its own subprocess, as in test-window.c.
 */

#define G_LOG_DOMAIN "test-plot-window"

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "gw-application.h"
#include "gw-window-private.h"
#include "gw-test-util.h"
#include "app-test-util.h"

static GwApplication *app;

static void
app_up (void)
{
  app = gw_test_app_up ("io.github.ganglioside.Workbench.PlotTests");
}

static void
app_down (void)
{
  gw_test_app_down (&app, 200);
}

static gboolean
plot_drawn (gpointer data)
{
  return gw_plot_view_get_n_builds (data) > 0;
}

/* Opens the real sample and shows the Plot page. */
static GwWindow *
open_plot (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("GW_SHARED_DATA"), "testwork_user.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GwWindow *window = gw_window_new (GTK_APPLICATION (app));
  GwPlotPage *page = gw_window_get_plot_page (window);
  GtkWidget *stack;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  gw_window_open (window, file);
  gw_test_wait_for (gw_test_window_idle, window, 120, "the analysis");
  g_assert_nonnull (gw_window_get_run (window));
  g_assert_true (gw_plot_page_get_run (page) == gw_window_get_run (window));

  stack = gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK);
  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "plot");
  gw_test_wait_for (plot_drawn, gw_plot_page_get_view (page), 30, "the plot to draw");
  return window;
}

static GtkEventController *
find_click (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (c))
        return c;
    }
  g_assert_not_reached ();
}

static void
test_click_selects_table_row (void)
{
  GwWindow *window;
  GwPlotView *view;
  GwPlotScene *scene;
  GwPlotData *data;
  GwResultTable *table;
  int chosen = -1;
  double x = 0, y = 0;

  app_up ();
  window = open_plot ();
  view = gw_plot_page_get_view (gw_window_get_plot_page (window));
  scene = gw_plot_view_get_scene (view);
  data = gw_plot_view_get_data (view);
  table = gw_window_get_result_table (window);

  /* A point with no neighbour within 12 pixels, not the selected row. */
  for (guint row = 0; row < gw_plot_data_get_n_points (data) && chosen < 0; row++)
    {
      gboolean alone = TRUE;

      if ((int) row == gw_result_table_get_selected_row (table) ||
          !gw_plot_scene_get_point_position (scene, row, &x, &y))
        continue;
      for (guint other = 0; other < gw_plot_data_get_n_points (data) && alone; other++)
        {
          double ox, oy;

          if (other != row && gw_plot_scene_get_point_position (scene, other, &ox, &oy) &&
              hypot (ox - x, oy - y) < 12)
            alone = FALSE;
        }
      if (alone)
        chosen = row;
    }
  g_assert_cmpint (chosen, >=, 0);

  g_signal_emit_by_name (find_click (GTK_WIDGET (view)), "pressed", 1, x + 1, y - 1);
  gw_test_spin (50);
  g_assert_cmpint (gw_result_table_get_selected_row (table), ==, chosen);
  /* The plot shows the clicked point selected. */
  g_assert_true (gtk_bitset_contains (gw_plot_view_get_selection (view), chosen));

  app_down ();
}

static void
test_table_selection_highlights_points (void)
{
  GwWindow *window;
  GwPlotView *view;
  GwResultTable *table;
  guint row = 17;

  app_up ();
  window = open_plot ();
  view = gw_plot_page_get_view (gw_window_get_plot_page (window));
  table = gw_window_get_result_table (window);

  g_assert_true (gw_result_table_select_row (table, row));
  gw_test_spin (50);
  g_assert_true (gtk_bitset_contains (gw_plot_view_get_selection (view), row));
  g_assert_cmpuint (gtk_bitset_get_size (gw_plot_view_get_selection (view)), ==, 1);

  g_assert_true (gw_result_table_select_row (table, row + 5));
  gw_test_spin (50);
  g_assert_false (gtk_bitset_contains (gw_plot_view_get_selection (view), row));
  g_assert_true (gtk_bitset_contains (gw_plot_view_get_selection (view), row + 5));

  app_down ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_test_subprocess ())
    gtk_init ();

  gw_test_add_isolated ("/ui/plot-window/click-selects-table-row",
                        test_click_selects_table_row, 0);
  gw_test_add_isolated ("/ui/plot-window/table-selection-highlights",
                        test_table_selection_highlights_points, 0);

  return g_test_run ();
}
