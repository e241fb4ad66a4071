/* test-desktop.c: desktop integration of the main window
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * - the plot tells a screen reader what it shows, and follows the data;
 * - the window still lays out with large text, in the dark style and in
 *   high contrast (each rendered to a PNG; set GW_TEST_SCREENSHOT_DIR to
 *   keep them and look);
 * - window state, the last parameters and recent projects go through
 *   GSettings and come back.
 *
 * Each case runs in its own subprocess, which calls adw_init() itself:
 * libadwaita reads ADW_DEBUG_HIGH_CONTRAST once, when it starts.
 */

#define G_LOG_DOMAIN "test-desktop"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gw-application.h"
#include "gw-project.h"
#include "gw-window-private.h"
#include "gw-test-util.h"
#include "app-test-util.h"
#include "gw-test-shot.h"

static GwApplication *app;

static void
app_up (void)
{
  adw_init ();
  app = gw_test_app_up ("io.github.ganglioside.Workbench.DesktopTests");
}

static void
app_down (void)
{
  gw_test_app_down (&app, 200);
}

static GwWindow *
open_window (const char *name,
             int         width,
             int         height)
{
  g_autofree char *path = gw_test_shared_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GwWindow *window = gw_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  gw_window_open (window, file);
  gw_test_wait_for (gw_test_window_idle, window, 120, "the analysis");
  g_assert_nonnull (gw_window_get_run (window));
  return window;
}

static void
show_page (GwWindow   *window,
           const char *name)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (gw_window_get_plot_page (window)),
                                              ADW_TYPE_VIEW_STACK);

  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), name);
}

/* The description a reader hears, from the run's own counts: every row
 * is a point, every group of the table is a group, and the outliers are
 * the rows the run called outliers. */
static char *
expected_description (const char *title,
                      GwRun      *run)
{
  GwTable *table = gw_run_get_table (run);

  return g_strdup_printf ("%s, %u points, %u groups, %u outliers", title,
                          gw_run_get_n_rows (run), gw_table_get_n_groups (table),
                          gw_run_get_status_count (run, GW_STATUS_OUTLIER));
}

static void
assert_description (GwPlotView *view,
                    const char *title,
                    const char *description)
{
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
}

static void
test_plot_description (void)
{
  GwWindow *window;
  GwPlotView *view;
  GwRun *run;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  guint first_outliers;

  app_up ();
  window = open_window ("testwork_user.csv", 1200, 800);
  show_page (window, "plot");
  view = gw_plot_page_get_view (gw_window_get_plot_page (window));
  run = gw_window_get_run (window);

  /* testwork_user.csv has 323 peak rows (324 lines with the header). */
  g_assert_cmpuint (gw_run_get_n_rows (run), ==, 323);
  g_assert_cmpuint (gw_table_get_n_groups (gw_run_get_table (run)), >, 1);
  first_outliers = gw_run_get_status_count (run, GW_STATUS_OUTLIER);
  g_assert_cmpuint (first_outliers, >, 0);
  first = expected_description ("RT vs Log P", run);
  assert_description (view, "RT vs Log P", first);

  /* A stricter threshold finds more outliers; the description follows
   * the new run. */
  gtk_spin_button_set_value (gw_params_panel_get_outlier_spin (gw_window_get_params_panel (window)), 1.5);
  gw_window_flush_rerun (window);
  gw_test_wait_for (gw_test_window_idle, window, 120, "the re-run");
  run = gw_window_get_run (window);
  g_assert_cmpuint (gw_run_get_status_count (run, GW_STATUS_OUTLIER), >, first_outliers);
  second = expected_description ("RT vs Log P", run);
  g_assert_cmpstr (first, !=, second);
  assert_description (view, "RT vs Log P", second);

  /* Another kind of plot is named as such. */
  gw_plot_view_set_kind (view, GW_PLOT_KIND_RESIDUALS);
  g_free (second);
  second = expected_description ("Residuals vs predicted RT", run);
  assert_description (view, "Residuals vs predicted RT", second);

  app_down ();
}

/* Where a case's PNG goes: GW_TEST_SCREENSHOT_DIR to keep it, else a
 * temporary folder the case removes. */
static char *
screenshot_path (const char  *name,
                 char       **tmpdir)
{
  const char *dir = g_getenv ("GW_TEST_SCREENSHOT_DIR");

  *tmpdir = NULL;
  if (dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      *tmpdir = g_dir_make_tmp ("gw-desktop-XXXXXX", &error);
      g_assert_no_error (error);
      dir = *tmpdir;
    }
  return g_build_filename (dir, name, NULL);
}

/* A status badge shows its whole word: its cell in the Status column is
 * at least as wide as the badge's natural width.  With fixed pixel widths,
 * large text used to cut "Fragment" short.  Returns how many badges on
 * screen were checked (cells not laid out yet have no width). */
static guint
assert_badges_fit (GtkWidget *widget)
{
  guint n = 0;

  if (gtk_widget_has_css_class (widget, "status-badge") && gtk_widget_get_mapped (widget))
    {
      GtkWidget *cell = gtk_widget_get_parent (widget);
      int natural = 0;

      /* The cell clips its child: compare with what the cell shows. */
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      if (gtk_widget_get_width (cell) > 0)
        {
          if (gtk_widget_get_width (cell) < natural)
            g_error ("badge “%s” needs %d px, its cell has %d",
                     gtk_label_get_text (GTK_LABEL (widget)), natural, gtk_widget_get_width (cell));
          n++;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += assert_badges_fit (child);
  return n;
}

static guint
count_badges (GtkWidget *widget)
{
  guint n = gtk_widget_has_css_class (widget, "status-badge") &&
            gtk_widget_get_width (gtk_widget_get_parent (widget)) > 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_badges (child);
  return n;
}

static gboolean
table_laid_out (gpointer data)
{
  return count_badges (GTK_WIDGET (gw_window_get_result_table (data))) > 10;
}

/* Lays out and renders the window at 1200×760 on a 1400×900 screen.
 * Warnings are fatal in tests, so a widget allocated less than its
 * minimum fails the case. */
static void
check_layout (const char *png_name)
{
  g_autofree char *tmpdir = NULL;
  g_autofree char *png = screenshot_path (png_name, &tmpdir);
  g_autoptr(GdkTexture) texture = NULL;
  GwWindow *window;
  int min_width = 0;
  int min_height = 0;

  window = open_window ("testwork_user.csv", 1200, 760);
  gw_test_spin (300);

  /* The window fits the screen: its minimum size is less than 1400×900. */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, min_width, &min_height, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 1400);
  g_assert_cmpint (min_height, <=, 900);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, min_width);

  gw_test_wait_for (table_laid_out, window, 30, "the table's rows");
  g_assert_cmpuint (assert_badges_fit (GTK_WIDGET (gw_window_get_result_table (window))), >, 10);

  gw_test_save_widget_png (GTK_WIDGET (window), png);
  texture = gdk_texture_new_from_filename (png, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (window)));

  show_page (window, "plot");
  gw_test_spin (300);

  if (tmpdir != NULL)
    {
      g_remove (png);
      g_rmdir (tmpdir);
    }
}

static void
set_text_scale (double scale)
{
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * scale), NULL);
}

static void
test_large_text (void)
{
  app_up ();
  set_text_scale (1.5);
  check_layout ("large-text-150.png");
  set_text_scale (2.0);
  check_layout ("large-text-200.png");
  app_down ();
}

static void
test_dark (void)
{
  AdwStyleManager *manager;

  app_up ();
  manager = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));
  check_layout ("dark.png");
  app_down ();
}

static void
test_high_contrast (void)
{
  AdwStyleManager *manager;

  /* Read by libadwaita when it starts, in app_up(). */
  g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);
  app_up ();
  manager = adw_style_manager_get_default ();
  g_assert_true (adw_style_manager_get_high_contrast (manager));
  check_layout ("high-contrast.png");
  set_text_scale (1.5);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  check_layout ("high-contrast-dark-large.png");
  app_down ();
}

/* Keyboard ------------------------------------------------------------------ */

typedef struct
{
  GtkWidget *target;
  gboolean   reached;
} FocusTarget;

/* Presses Tab (as GTK's focus chain does) up to @max_steps times from the
 * start of the window and marks each target the focus lands in. */
static void
tab_through (GwWindow    *window,
             FocusTarget *targets,
             guint        n_targets,
             guint        max_steps)
{
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  for (guint step = 0; step < max_steps; step++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        {
          /* The chain wrapped around: every widget has had its turn. */
          break;
        }
      focus = gtk_root_get_focus (GTK_ROOT (window));
      for (guint i = 0; i < n_targets; i++)
        if (focus != NULL && (focus == targets[i].target || gtk_widget_is_ancestor (focus, targets[i].target)))
          targets[i].reached = TRUE;
    }
}

static void
assert_reached (FocusTarget *targets,
                guint        n_targets)
{
  for (guint i = 0; i < n_targets; i++)
    if (!targets[i].reached)
      g_error ("Tab never reaches the %s", G_OBJECT_TYPE_NAME (targets[i].target));
}

/* Mapped and laid out (a revealed flap animates in first). */
static gboolean
widget_shown (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0 &&
         gtk_widget_get_child_visible (data);
}

/* Every part of the window is reachable with Tab: the status filters, the
 * table, the parameters, the plot and the plot page's controls. */
static void
test_keyboard_reach (void)
{
  GwWindow *window;
  GtkWidget *plot_page;

  app_up ();
  /* AdwFlap 1.2 sometimes allocates its content a width of G_MININT
   * half-way through the reveal animation (a GTK warning, fatal here);
   * the animation is not what this case is about. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  window = open_window ("testwork_user.csv", 1200, 800);
  g_object_set (window, "params-revealed", TRUE, NULL);
  gw_test_wait_for (widget_shown, gw_params_panel_get_outlier_spin (gw_window_get_params_panel (window)),
                    30, "the parameters panel");

  {
    FocusTarget targets[] = {
      { GTK_WIDGET (gw_window_get_summary (window)), FALSE },
      { GTK_WIDGET (gw_window_get_result_table (window)), FALSE },
      { GTK_WIDGET (gw_params_panel_get_outlier_spin (gw_window_get_params_panel (window))), FALSE },
      { GTK_WIDGET (gw_window_get_params_panel (window)), FALSE },
    };

    tab_through (window, targets, G_N_ELEMENTS (targets), 400);
    assert_reached (targets, G_N_ELEMENTS (targets));
  }

  show_page (window, "plot");
  plot_page = GTK_WIDGET (gw_window_get_plot_page (window));
  gw_test_wait_for (widget_shown, gw_plot_page_get_view (GW_PLOT_PAGE (plot_page)), 30, "the plot");
  {
    FocusTarget targets[] = {
      { GTK_WIDGET (gw_plot_page_get_view (GW_PLOT_PAGE (plot_page))), FALSE },
      { plot_page, FALSE },
    };

    tab_through (window, targets, G_N_ELEMENTS (targets), 400);
    assert_reached (targets, G_N_ELEMENTS (targets));
  }

  app_down ();
}

/* Settings ------------------------------------------------------------------ */

static void
test_settings_window_and_params (void)
{
  g_autoptr(GSettings) settings = NULL;
  GwWindow *window;
  GwParams params;

  app_up ();
  settings = g_settings_new (APP_ID);

  /* The last parameters come back in a new window. */
  window = open_window ("testwork_user.csv", 1000, 700);
  gtk_spin_button_set_value (gw_params_panel_get_outlier_spin (gw_window_get_params_panel (window)), 2.5);
  gw_window_flush_rerun (window);
  gw_test_wait_for (gw_test_window_idle, window, 120, "the re-run");
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "outlier-threshold"), 2.5, 1e-9);

  /* Closing saves the size. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1010, 710);
  gw_test_spin (100);
  gtk_window_close (GTK_WINDOW (window));
  gw_test_spin (200);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1010);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 710);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = gw_window_new (GTK_APPLICATION (app));
  gw_params_panel_get_params (gw_window_get_params_panel (window), &params);
  g_assert_cmpfloat_with_epsilon (params.outlier_threshold, 2.5, 1e-9);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 1010);
    g_assert_cmpint (height, ==, 710);
  }

  app_down ();
}

static gboolean
project_open (gpointer data)
{
  return gw_project_controller_is_active (gw_window_get_project (data)) && gw_test_window_idle (data);
}

/* Whether any menu button of @widget's tree offers @label. */
static gboolean
menus_have_label (GtkWidget  *widget,
                  const char *label)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL &&
      gw_test_menu_has (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)),
                        G_MENU_ATTRIBUTE_LABEL, label))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (menus_have_label (child, label))
      return TRUE;
  return FALSE;
}

static void
test_settings_recent_projects (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-desktop-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "Recent study.gwproject", NULL);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) recent = NULL;
  g_auto(GStrv) before = NULL;
  GwWindow *window;
  GwWindow *other;

  g_assert_no_error (error);
  project = gw_project_create (path, "Recent study", &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  app_up ();
  settings = g_settings_new (APP_ID);
  before = g_settings_get_strv (settings, "recent-projects");
  g_assert_cmpuint (g_strv_length (before), ==, 0);

  /* Opening a project (as the file manager does) makes it the most
   * recent one ... */
  window = gw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  file = g_file_new_for_path (path);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  gw_test_wait_for (project_open, window, 60, "the project to open");

  recent = g_settings_get_strv (settings, "recent-projects");
  g_assert_cmpuint (g_strv_length (recent), ==, 1);
  g_assert_cmpstr (recent[0], ==, path);

  /* ... and every window lists it. */
  other = gw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (other));
  g_assert_true (menus_have_label (GTK_WIDGET (other), "Recent study.gwproject"));

  /* A deleted project is no longer offered, once the list is read
   * again (here: another project joins it). */
  g_remove (path);
  {
    const char *paths[] = { "/nonexistent/Other.gwproject", path, NULL };

    g_settings_set_strv (settings, "recent-projects", paths);
  }
  g_assert_false (menus_have_label (GTK_WIDGET (other), "Recent study.gwproject"));

  app_down ();
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_test_subprocess ())
    {
      /* The test AT context keeps the accessible properties for
       * gtk_test_accessible_check_property(); "none" keeps none. */
      g_setenv ("GTK_A11Y", "test", TRUE);
      gtk_init ();
    }

  gw_test_add_isolated ("/ui/desktop/plot-description", test_plot_description, 240);
  gw_test_add_isolated ("/ui/desktop/large-text", test_large_text, 240);
  gw_test_add_isolated ("/ui/desktop/dark", test_dark, 240);
  gw_test_add_isolated ("/ui/desktop/high-contrast", test_high_contrast, 240);
  gw_test_add_isolated ("/ui/desktop/keyboard-reach", test_keyboard_reach, 240);
  gw_test_add_isolated ("/ui/desktop/settings-window-params", test_settings_window_and_params, 240);
  gw_test_add_isolated ("/ui/desktop/settings-recent-projects", test_settings_recent_projects, 240);

  return g_test_run ();
}
