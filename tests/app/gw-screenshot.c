/* gw-screenshot.c: render the real main window to a PNG
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * build-aux/take-screenshots.sh runs this under Xvfb to make the AppStream
 * screenshots in data/screenshots.  It opens INPUT in a real GwWindow,
 * waits for the analysis, shows one page, optionally selects the first
 * outlier so the detail pane explains it, and writes the window to OUTPUT.
 * Not installed; not a test.
 */

#define G_LOG_DOMAIN "gw-screenshot"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "gw-application.h"
#include "gw-window-private.h"
#include "gw-test-util.h"
#include "gw-test-shot.h"

static gboolean
window_idle (gpointer data)
{
  return !gw_window_is_busy (data) &&
         !gw_result_table_is_busy (gw_window_get_result_table (data));
}

static int
first_row_with_status (GwRun    *run,
                       GwStatus  status)
{
  for (guint row = 0; row < gw_run_get_n_rows (run); row++)
    if (gw_run_get_status (run, row) == status)
      return row;
  return -1;
}

/* A screenshot shows the results, not a passing toast: dismiss each one,
 * as its close button does. */
static guint
close_toasts (GtkWidget *widget)
{
  guint n = 0;

  if (g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0)
    {
      g_autoptr(AdwToast) toast = NULL;

      g_object_get (widget, "toast", &toast, NULL);
      if (toast != NULL)
        {
          adw_toast_dismiss (toast);
          n++;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += close_toasts (child);
  return n;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *page = NULL;
  gboolean dark = FALSE;
  gboolean select_outlier = FALSE;
  gboolean show_params = FALSE;
  int width = 1200;
  int height = 760;
  double text_scale = 1.0;
  GOptionEntry entries[] = {
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Use the dark style", NULL },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page, "Show this page (table, plot, models, rules)", "NAME" },
    { "select-outlier", 0, 0, G_OPTION_ARG_NONE, &select_outlier, "Select the first outlier", NULL },
    { "params", 0, 0, G_OPTION_ARG_NONE, &show_params, "Show the parameters panel", NULL },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width", "PX" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height", "PX" },
    { "text-scale", 0, 0, G_OPTION_ARG_DOUBLE, &text_scale, "Scale text by this factor", "F" },
    { NULL }
  };
  GwWindow *window;
  GwRun *run;
  GtkWidget *stack;

  context = g_option_context_new ("INPUT OUTPUT.png");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "usage: gw-screenshot [OPTION…] INPUT OUTPUT.png");
      return 1;
    }

  gtk_init ();
  adw_init ();

  if (text_scale != 1.0)
    g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * text_scale), NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

  app = gw_application_new (APP_ID ".Screenshot", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  window = gw_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));

  file = g_file_new_for_commandline_arg (argv[1]);
  gw_window_open (window, file);
  gw_test_wait_for (window_idle, window, 300, "the analysis");
  run = gw_window_get_run (window);
  if (run == NULL)
    {
      g_printerr ("%s: no analysis to show\n", argv[1]);
      return 1;
    }

  g_object_set (window, "params-revealed", show_params, NULL);

  if (select_outlier)
    {
      int row = first_row_with_status (run, GW_STATUS_OUTLIER);

      if (row >= 0)
        gw_result_table_select_row (gw_window_get_result_table (window), row);
    }

  stack = gtk_widget_get_ancestor (GTK_WIDGET (gw_window_get_plot_page (window)), ADW_TYPE_VIEW_STACK);
  if (page != NULL && stack != NULL)
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), page);

  /* Let the plot build its layers and the table settle. */
  gw_test_spin (500);
  /* The overlay shows queued toasts one after another. */
  for (guint i = 0; i < 10 && close_toasts (GTK_WIDGET (window)) > 0; i++)
    gw_test_spin (600);
  gw_test_spin (500);
  gw_test_wait_for (window_idle, window, 60, "the window to settle");

  gw_test_save_widget_png (GTK_WIDGET (window), argv[2]);
  g_print ("%s: %dx%d\n", argv[2], gtk_widget_get_width (GTK_WIDGET (window)),
           gtk_widget_get_height (GTK_WIDGET (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  gw_test_spin (100);
  return 0;
}
