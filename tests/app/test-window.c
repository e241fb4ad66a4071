/* test-window.c: the main window, driven through its real widgets
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case runs in its own subprocess (a fresh GTK, a private D-Bus
 * session and in-memory GSettings), opens files through the same drop
 * handler a real drag uses, and compares what the widgets show with what
 * the engine computes on its own.
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "gw-analysis.h"
#include "gw-application.h"
#include "gw-result-row.h"
#include "gw-widget-util.h"
#include "gw-window-private.h"
#include "gw-test-util.h"
#include "app-test-util.h"

static GwApplication *app;

/* Fixture -------------------------------------------------------------- */

static void
app_up (void)
{
  app = gw_test_app_up ("io.github.ganglioside.Workbench.Tests");
}

static void
app_down (void)
{
  gw_test_app_down (&app, 200);
}

static GwWindow *
new_window (void)
{
  GwWindow *window = gw_window_new (GTK_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static char *
write_temp (const char *basename,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-test-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, basename, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Drops @path on @window exactly as a drag from a file manager does: the
 * GtkDropTarget's ::drop with a GdkFileList. */
static void
drop_file (GwWindow   *window,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSList *list = g_slist_prepend (NULL, file);
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, list);
  g_signal_emit_by_name (gw_window_get_drop_target (window), "drop", &value, 20.0, 20.0, &handled);
  g_value_unset (&value);
  g_slist_free (list);

  g_assert_true (handled);
}

static void
wait_idle (GwWindow *window)
{
  gw_test_wait_for (gw_test_window_idle, window, 120, "the window to finish its work");
}

static GwWindow *
open_testwork (void)
{
  g_autofree char *path = gw_test_shared_path ("testwork_user.csv");
  GwWindow *window = new_window ();

  drop_file (window, path);
  wait_idle (window);
  g_assert_nonnull (gw_window_get_run (window));
  return window;
}

/* The engine's own answer for @path with the parameters the window uses. */
static GwRun *
engine_run (GwWindow   *window,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GwTable) table = NULL;
  GwParams params;
  GwRun *run;

  gw_params_panel_get_params (gw_window_get_params_panel (window), &params);
  table = gw_table_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return run;
}

static GListModel *
visible_rows (GwWindow *window)
{
  return G_LIST_MODEL (gw_result_table_get_model (gw_window_get_result_table (window)));
}

static guint
item_row (GListModel *model,
          guint       position)
{
  g_autoptr(GwResultRow) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return gw_result_row_get_row (item);
}

static AdwMessageDialog *
find_dialog (GwWindow *window)
{
  AdwMessageDialog *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (ADW_IS_MESSAGE_DIALOG (l->data)
          && gtk_window_get_transient_for (l->data) == GTK_WINDOW (window)
          && gtk_widget_get_visible (l->data))
        found = l->data;
    }
  g_list_free (toplevels);
  return found;
}

static gboolean
has_dialog (gpointer data)
{
  return find_dialog (data) != NULL;
}

/* Tests ------------------------------------------------------------------ */

static void
test_empty_state (void)
{
  GwWindow *window;

  app_up ();
  window = new_window ();
  gw_test_spin (100);

  g_assert_true (gw_window_is_empty (window));
  g_assert_cmpstr (gw_window_get_state (window), ==, "empty");
  g_assert_null (gw_window_get_run (window));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (window)));

  app_down ();
}

static gboolean
models_built (gpointer data)
{
  GwWindow *window = data;

  /* Cards are built in slices from an idle. */
  return gw_models_view_get_n_cards (gw_window_get_models_view (window))
         >= gw_run_get_n_models (gw_window_get_run (window));
}

static void
test_open_drop (void)
{
  g_autofree char *path = gw_test_shared_path ("testwork_user.csv");
  g_autoptr(GwRun) expected = NULL;
  GwWindow *window;
  GwRun *run;
  guint total = 0;

  app_up ();
  window = open_testwork ();
  run = gw_window_get_run (window);
  expected = engine_run (window, path);

  g_assert_cmpstr (gw_window_get_state (window), ==, "results");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "testwork_user.csv");

  /* Every row of the file is in the table, and the table is the run. */
  g_assert_cmpuint (gw_run_get_n_rows (expected), ==, gw_table_get_n_rows (gw_run_get_table (expected)));
  g_assert_cmpuint (g_list_model_get_n_items (visible_rows (window)), ==, gw_run_get_n_rows (expected));
  g_assert_cmpuint (gw_run_get_n_rows (run), ==, gw_run_get_n_rows (expected));

  /* The summary strip shows the engine's counts. */
  for (guint s = 0; s < GW_N_STATUSES; s++)
    {
      g_autofree char *text = g_strdup_printf ("%u", gw_run_get_status_count (expected, s));

      g_assert_cmpstr (gw_status_summary_get_count_text (gw_window_get_summary (window), s), ==, text);
      g_assert_cmpuint (gw_run_get_status_count (run, s), ==, gw_run_get_status_count (expected, s));
      total += gw_run_get_status_count (expected, s);
    }
  g_assert_cmpuint (total, ==, gw_run_get_n_rows (expected));

  /* Same calls, row by row, in input order. */
  for (guint i = 0; i < gw_run_get_n_rows (expected); i++)
    {
      g_assert_cmpuint (item_row (visible_rows (window), i), ==, i);
      g_assert_cmpint (gw_run_get_status (run, i), ==, gw_run_get_status (expected, i));
    }

  /* The models page has one card per model. */
  g_assert_cmpuint (gw_run_get_n_models (run), ==, gw_run_get_n_models (expected));
  gw_test_wait_for (models_built, window, 30, "the model cards");
  g_assert_cmpuint (gw_models_view_get_n_cards (gw_window_get_models_view (window)), ==,
                    gw_run_get_n_models (run));

  app_down ();
}

static double
z_key (GwRun *run,
       guint  row)
{
  double z = gw_run_get_z (run, row);

  return isnan (z) ? -INFINITY : z;
}

static void
test_sort_filter (void)
{
  GwWindow *window;
  GwResultTable *table;
  GListModel *rows;
  GwRun *run;
  GtkColumnViewColumn *z_column;
  double max_z = -INFINITY, min_z = INFINITY;
  guint n_outlier, n_valid, n_match = 0;
  gboolean order_changed = FALSE;

  app_up ();
  window = open_testwork ();
  table = gw_window_get_result_table (window);
  rows = visible_rows (window);
  run = gw_window_get_run (window);

  for (guint i = 0; i < gw_run_get_n_rows (run); i++)
    {
      max_z = MAX (max_z, z_key (run, i));
      min_z = MIN (min_z, z_key (run, i));
    }
  g_assert_cmpfloat (max_z, >, min_z);

  /* Sort by z, descending, through the column view's own sorter. */
  z_column = gw_result_table_get_column (table, GW_RESULT_COLUMN_Z);
  gtk_column_view_sort_by_column (gw_result_table_get_view (table), z_column, GTK_SORT_DESCENDING);
  wait_idle (window);

  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, gw_run_get_n_rows (run));
  g_assert_cmpfloat (z_key (run, item_row (rows, 0)), ==, max_z);
  for (guint i = 1; i < g_list_model_get_n_items (rows); i++)
    {
      g_assert_cmpfloat (z_key (run, item_row (rows, i - 1)), >=, z_key (run, item_row (rows, i)));
      if (item_row (rows, i) != i)
        order_changed = TRUE;
    }
  g_assert_true (order_changed);

  gtk_column_view_sort_by_column (gw_result_table_get_view (table), z_column, GTK_SORT_ASCENDING);
  wait_idle (window);
  g_assert_cmpfloat (z_key (run, item_row (rows, 0)), ==, min_z);

  /* Filter by status with the summary's toggle buttons. */
  n_outlier = gw_run_get_status_count (run, GW_STATUS_OUTLIER);
  n_valid = gw_run_get_status_count (run, GW_STATUS_VALID);
  g_assert_cmpuint (n_outlier + n_valid, >, 0);

  gtk_toggle_button_set_active (gw_status_summary_get_toggle (gw_window_get_summary (window), GW_STATUS_OUTLIER), TRUE);
  wait_idle (window);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_outlier);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    g_assert_cmpint (gw_run_get_status (run, item_row (rows, i)), ==, GW_STATUS_OUTLIER);
  /* The sort order survives filtering. */
  for (guint i = 1; i < g_list_model_get_n_items (rows); i++)
    g_assert_cmpfloat (z_key (run, item_row (rows, i - 1)), <=, z_key (run, item_row (rows, i)));

  gtk_toggle_button_set_active (gw_status_summary_get_toggle (gw_window_get_summary (window), GW_STATUS_VALID), TRUE);
  wait_idle (window);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_outlier + n_valid);

  /* Search by name narrows further, case-insensitively. */
  for (guint i = 0; i < gw_run_get_n_rows (run); i++)
    {
      GwStatus status = gw_run_get_status (run, i);

      if ((status == GW_STATUS_OUTLIER || status == GW_STATUS_VALID)
          && strstr (gw_table_get_name (gw_run_get_table (run), i), "GM3") != NULL)
        n_match++;
    }
  gw_result_filter_set_search (gw_result_table_get_filter (table), "gm3");
  wait_idle (window);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_match);

  /* Untoggling everything shows every row again. */
  gw_result_filter_set_search (gw_result_table_get_filter (table), NULL);
  gtk_toggle_button_set_active (gw_status_summary_get_toggle (gw_window_get_summary (window), GW_STATUS_OUTLIER), FALSE);
  gtk_toggle_button_set_active (gw_status_summary_get_toggle (gw_window_get_summary (window), GW_STATUS_VALID), FALSE);
  wait_idle (window);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, gw_run_get_n_rows (run));

  app_down ();
}

static void
test_malformed (void)
{
  g_autofree char *bad = write_temp ("broken-peaks.csv", "Compound,Retention\nGM3(36:1;O2),5.2\n");
  AdwMessageDialog *dialog;
  GwWindow *window;
  GwRun *run;
  guint n_rows;

  app_up ();

  /* On an empty window: an error dialog naming the file, and the window
   * stays empty. */
  window = new_window ();
  drop_file (window, bad);
  wait_idle (window);
  gw_test_wait_for (has_dialog, window, 10, "the error dialog");
  dialog = find_dialog (window);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "broken-peaks.csv"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "broken-peaks.csv"));
  g_assert_true (gw_window_is_empty (window));
  g_assert_cmpstr (gw_window_get_state (window), ==, "empty");
  g_assert_null (gw_window_get_run (window));
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));

  /* On a window with results: asked first, then the error, and the
   * results are untouched. */
  window = open_testwork ();
  run = gw_window_get_run (window);
  n_rows = g_list_model_get_n_items (visible_rows (window));
  drop_file (window, bad);
  gw_test_wait_for (has_dialog, window, 10, "the replace dialog");
  dialog = find_dialog (window);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "broken-peaks.csv"));
  adw_message_dialog_response (dialog, "replace");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_idle (window);
  gw_test_wait_for (has_dialog, window, 10, "the error dialog");
  dialog = find_dialog (window);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "broken-peaks.csv"));
  g_assert_true (gw_window_get_run (window) == run);
  g_assert_cmpuint (g_list_model_get_n_items (visible_rows (window)), ==, n_rows);
  g_assert_cmpstr (gw_window_get_state (window), ==, "results");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "testwork_user.csv");

  app_down ();
}

static void
test_second_drop_new_window (void)
{
  g_autofree char *path = gw_test_shared_path ("testwork.csv");
  AdwMessageDialog *dialog;
  GwWindow *window;
  GList *windows;
  GwWindow *other = NULL;

  app_up ();
  window = open_testwork ();
  drop_file (window, path);
  gw_test_wait_for (has_dialog, window, 10, "the replace dialog");
  dialog = find_dialog (window);
  adw_message_dialog_response (dialog, "new-window");
  gtk_window_destroy (GTK_WINDOW (dialog));

  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  for (GList *l = windows; l != NULL; l = l->next)
    if (GW_IS_WINDOW (l->data) && l->data != window)
      other = l->data;
  g_assert_nonnull (other);
  wait_idle (other);
  g_assert_nonnull (gw_window_get_run (other));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (other)), ==, "testwork.csv");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "testwork_user.csv");

  app_down ();
}

static void
test_param_rerun (void)
{
  g_autofree char *path = gw_test_shared_path ("testwork_user.csv");
  g_autoptr(GwRun) before = NULL;
  g_autoptr(GwRun) expected = NULL;
  GtkSpinButton *spin;
  GwWindow *window;
  GwRun *run;
  const GwParams *params;

  app_up ();
  window = open_testwork ();
  before = gw_run_ref (gw_window_get_run (window));
  g_assert_cmpuint (gw_window_get_n_runs (window), ==, 1);

  /* A burst of edits gives one re-run (debounced), with the last value. */
  spin = gw_params_panel_get_outlier_spin (gw_window_get_params_panel (window));
  gtk_spin_button_set_value (spin, 2.2);
  gtk_spin_button_set_value (spin, 2.1);
  gtk_spin_button_set_value (spin, 2.0);
  g_assert_true (gw_window_is_busy (window));
  /* The old results stay until the new run completes. */
  g_assert_true (gw_window_get_run (window) == before);
  wait_idle (window);

  run = gw_window_get_run (window);
  g_assert_true (run != before);
  g_assert_cmpuint (gw_window_get_n_runs (window), ==, 2);
  params = gw_run_get_params (run);
  g_assert_cmpfloat_with_epsilon (params->outlier_threshold, 2.0, 1e-9);

  expected = engine_run (window, path);
  for (guint s = 0; s < GW_N_STATUSES; s++)
    {
      g_autofree char *text = g_strdup_printf ("%u", gw_run_get_status_count (expected, s));

      g_assert_cmpuint (gw_run_get_status_count (run, s), ==, gw_run_get_status_count (expected, s));
      g_assert_cmpstr (gw_status_summary_get_count_text (gw_window_get_summary (window), s), ==, text);
    }

  app_down ();
}

static void
test_cancel (void)
{
  g_autoptr(GwRun) before = NULL;
  GwWindow *window;
  guint n_rows;

  app_up ();
  window = open_testwork ();
  before = gw_run_ref (gw_window_get_run (window));
  n_rows = g_list_model_get_n_items (visible_rows (window));

  gtk_spin_button_set_value (gw_params_panel_get_outlier_spin (gw_window_get_params_panel (window)), 1.5);
  gw_window_flush_rerun (window);
  g_assert_true (gw_window_is_busy (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  g_assert_false (gw_window_is_busy (window));

  /* Give the worker time to finish anyway: its result must not show. */
  gw_test_spin (1500);
  g_assert_true (gw_window_get_run (window) == before);
  g_assert_cmpuint (gw_window_get_n_runs (window), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (visible_rows (window)), ==, n_rows);
  g_assert_cmpstr (gw_window_get_state (window), ==, "results");

  /* And the next change runs again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.rerun", NULL);
  wait_idle (window);
  g_assert_cmpuint (gw_window_get_n_runs (window), ==, 2);

  app_down ();
}

static void
test_invalid_rows (void)
{
  g_autofree char *path = write_temp ("some-bad-rows.csv",
                                      "Name,RT,Volume,Log P,Anchor\n"
                                      "GD1(36:1;O2),7.5,1000,1.2,T\n"
                                      "GD1(38:1;O2),8.5,1000,2.2,T\n"
                                      "GD1(40:1;O2),9.5,1000,3.2,T\n"
                                      "GD1(34:1;O2),abc,1000,0.2,F\n"
                                      "GD1(37:1;O2),8.0,1000,1.7,F\n"
                                      "Nonsense,8.0,1000,1.7,F\n");
  GwWindow *window;
  GListModel *rows;
  GwRun *run;

  app_up ();
  window = new_window ();
  drop_file (window, path);
  wait_idle (window);
  run = gw_window_get_run (window);
  g_assert_nonnull (run);
  rows = visible_rows (window);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 6);
  g_assert_cmpuint (gw_run_get_status_count (run, GW_STATUS_INVALID), ==, 2);

  /* The toast's "Show" button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-invalid", NULL));
  wait_idle (window);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  g_assert_cmpuint (item_row (rows, 0), ==, 3);
  g_assert_cmpuint (item_row (rows, 1), ==, 5);
  g_assert_true (gtk_toggle_button_get_active (gw_status_summary_get_toggle (gw_window_get_summary (window),
                                                                             GW_STATUS_INVALID)));
  /* The reason names the line and the problem. */
  g_assert_nonnull (strstr (gw_run_get_reason (run, 3), "5"));
  g_assert_nonnull (strstr (gw_run_get_reason (run, 3), "abc"));

  app_down ();
}

static gboolean
warnings_toast_gone (gpointer data)
{
  return gw_window_get_warnings_toast (data) == NULL;
}

/* The input's warnings: a toast that goes after the usual time, and a
 * header bar button that keeps them one click away. */
static void
test_input_warnings (void)
{
  /* Two anchors in all (fewer than 3, for the table and for GD1), one for
   * GM1, and a row of empty cells. */
  g_autofree char *path = write_temp ("few-anchors.csv",
                                      "Name,RT,Volume,Log P,Anchor\n"
                                      "GD1(36:1;O2),7.5,1000,1.2,T\n"
                                      "GD1(38:1;O2),8.5,1000,2.2,T\n"
                                      ",,,,\n"
                                      "GD1(40:1;O2),9.5,1000,3.2,F\n"
                                      "GM1(36:1;O2),9.0,1000,2.0,T\n"
                                      "GM1(38:1;O2),10.0,1000,3.0,F\n");
  g_autofree char *clean = write_temp ("three-anchors.csv",
                                       "Name,RT,Volume,Log P,Anchor\n"
                                       "GD1(36:1;O2),7.5,1000,1.2,T\n"
                                       "GD1(38:1;O2),8.5,1000,2.2,T\n"
                                       "GD1(40:1;O2),9.5,1000,3.2,T\n");
  g_autofree char *count = NULL;
  const char * const *warnings;
  AdwMessageDialog *dialog;
  GtkWidget *button, *label;
  AdwToast *toast;
  GwWindow *window;
  guint n;

  app_up ();
  window = new_window ();
  button = gw_window_get_warnings_button (window);
  g_assert_false (gtk_widget_get_visible (button));

  drop_file (window, path);
  wait_idle (window);
  warnings = gw_table_get_warnings (gw_window_get_table (window));
  g_assert_nonnull (warnings);
  n = g_strv_length ((char **) warnings);
  g_assert_cmpuint (n, >=, 3);

  /* The toast says how many, and goes by itself. */
  toast = gw_window_get_warnings_toast (window);
  g_assert_nonnull (toast);
  count = g_strdup_printf ("%u warnings about the input", n);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, count);
  g_assert_cmpuint (adw_toast_get_timeout (toast), >, 0);
  g_assert_cmpuint (adw_toast_get_timeout (toast), <=, 5);
  gw_test_wait_for (warnings_toast_gone, window, 30, "the warnings toast to time out");

  /* The header bar still offers them, with their number. */
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, count);
  g_clear_pointer (&count, g_free);
  count = g_strdup_printf ("%u", n);
  label = gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (button)));
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, count);
  g_assert_true (gtk_widget_activate (button));
  gw_test_wait_for (has_dialog, window, 10, "the warnings dialog");
  dialog = find_dialog (window);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "few-anchors.csv"));
  /* One row per warning, in the table's order. */
  {
    GtkWidget *list = adw_message_dialog_get_extra_child (dialog);
    GtkWidget *row;
    guint i = 0;

    while (list != NULL && !GTK_IS_LIST_BOX (list))
      list = gtk_widget_get_first_child (list);
    g_assert_nonnull (list);
    g_assert_cmpstr (gtk_widget_get_name (list), ==, "input-warnings");
    for (row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row), i++)
      {
        g_assert_cmpuint (i, <, n);
        g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, warnings[i]);
      }
    g_assert_cmpuint (i, ==, n);
    g_assert_true (g_strv_contains (warnings, "group GD1: 2 anchors (fewer than 3)"));
    g_assert_true (g_strv_contains (warnings, "1 row with only empty cells skipped"));
  }
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A file without warnings takes the button away. */
  drop_file (window, clean);
  gw_test_wait_for (has_dialog, window, 10, "the replace dialog");
  dialog = find_dialog (window);
  adw_message_dialog_response (dialog, "replace");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_idle (window);
  warnings = gw_table_get_warnings (gw_window_get_table (window));
  g_assert_true (warnings == NULL || warnings[0] == NULL);
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_null (gw_window_get_warnings_toast (window));
  /* The action is off: no dialog of warnings. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-warnings", NULL);
  gw_test_spin (300);
  g_assert_null (find_dialog (window));

  app_down ();
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
text_ready (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_copy_tsv (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) first = NULL;
  GwWindow *window;
  GwResultTable *table;
  GwRun *run;

  app_up ();
  window = open_testwork ();
  table = gw_window_get_result_table (window);
  run = gw_window_get_run (window);

  gtk_selection_model_select_range (gw_result_table_get_model (table), 2, 3, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "table.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (table)), NULL,
                                 clipboard_read_cb, &text);
  gw_test_wait_for (text_ready, &text, 10, "the clipboard");

  lines = g_strsplit (text, "\n", -1);
  /* Header, three rows, and the empty string after the last newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[0], "line\tName\t"));
  first = g_strsplit (lines[1], "\t", -1);
  g_assert_cmpuint (g_strv_length (first), ==, GW_N_RESULT_COLUMNS);
  g_assert_cmpuint (g_ascii_strtoull (first[0], NULL, 10), ==, gw_table_get_line (gw_run_get_table (run), 2));
  g_assert_cmpstr (first[1], ==, gw_table_get_name (gw_run_get_table (run), 2));
  g_assert_cmpstr (first[7], ==, gw_status_to_string (gw_run_get_status (run, 2)));

  app_down ();
}

static void
test_detail_links (void)
{
  GwWindow *window;
  GwResultTable *table;
  GwDetailPane *pane;
  GwRun *run;
  int source = -1, target = -1;
  const char *kind = NULL;

  app_up ();
  window = open_testwork ();
  table = gw_window_get_result_table (window);
  pane = gw_window_get_detail_pane (window);
  run = gw_window_get_run (window);

  for (guint i = 0; i < gw_run_get_n_rows (run) && source < 0; i++)
    {
      if (gw_run_get_oac_base (run, i) >= 0)
        source = i, target = gw_run_get_oac_base (run, i), kind = "oac-base";
      else if (gw_run_get_isomer_of (run, i) >= 0)
        source = i, target = gw_run_get_isomer_of (run, i), kind = "isomer";
      else if (gw_run_get_fragment_of (run, i) >= 0)
        source = i, target = gw_run_get_fragment_of (run, i), kind = "fragment";
    }
  /* testwork_user.csv has O-acetylated rows with their bases. */
  g_assert_cmpint (source, >=, 0);

  /* Hide the target with a filter: the link must still find it. */
  gw_status_summary_set_mask (gw_window_get_summary (window), 1u << gw_run_get_status (run, source));
  wait_idle (window);
  g_assert_true (gw_result_table_select_row (table, source));
  g_assert_cmpint (gw_result_table_get_selected_row (table), ==, source);
  g_assert_cmpint (gw_detail_pane_get_row (pane), ==, source);

  g_assert_true (gw_detail_pane_activate_link (pane, kind));
  wait_idle (window);
  g_assert_cmpint (gw_result_table_get_selected_row (table), ==, target);
  g_assert_cmpint (gw_detail_pane_get_row (pane), ==, target);

  app_down ();
}

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

static gboolean
is_painted (gpointer data)
{
  return painted;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Waits until @window is mapped at its current size and has painted a
 * frame since: only then does it have a render node to take.  Under load
 * (and under ASan) mapping and the first frames can take seconds, so this
 * waits for the events themselves, not for a fixed time. */
static void
wait_painted (GwWindow *window)
{
  GtkWidget *widget = GTK_WIDGET (window);
  GdkFrameClock *clock;
  gulong id;

  gw_test_wait_for (is_mapped, widget, 60, "the window to be mapped");
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  /* Two frames: the first may still lay out a resize. */
  for (guint i = 0; i < 2; i++)
    {
      painted = FALSE;
      id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
      gtk_widget_queue_draw (widget);
      gw_test_wait_for (is_painted, NULL, 60, "the window to paint");
      g_signal_handler_disconnect (clock, id);
    }
}

static GdkTexture *
render_window (GwWindow *window)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  int width, height;

  wait_painted (window);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 100);
  g_assert_cmpint (height, >, 100);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* Counts distinct colours (coarsely) and returns the mean luminance. */
static double
analyse_texture (GdkTexture *texture,
                 guint      *n_colours)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  double sum = 0;

  gdk_texture_download (texture, data, (gsize) width * 4);
  for (int i = 0; i < width * height; i++)
    {
      const guchar *p = data + (gsize) i * 4;
      guint key = ((p[0] >> 3) << 10) | ((p[1] >> 3) << 5) | (p[2] >> 3);

      g_hash_table_add (colours, GUINT_TO_POINTER (key + 1));
      sum += 0.2126 * p[2] + 0.7152 * p[1] + 0.0722 * p[0];
    }

  *n_colours = g_hash_table_size (colours);
  return sum / (width * height);
}

/* Saves a light and a dark screenshot of @window at @width × @height
 * (0: the remembered default size) and checks they are neither blank nor
 * the same, and that every table column fits without scrolling sideways. */
static void
screenshot_at (GwWindow   *window,
               int         width,
               int         height,
               const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *build_dir = g_getenv ("GW_BUILD_DIR");
  g_autofree char *light_name = g_strdup_printf ("%s.png", name);
  g_autofree char *dark_name = g_strdup_printf ("%s-dark.png", name);
  g_autofree char *light_path = NULL;
  g_autofree char *dark_path = NULL;
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  GtkColumnView *view = gw_result_table_get_view (gw_window_get_result_table (window));
  GtkAdjustment *hadj;
  guint n_light, n_dark;
  double lum_light, lum_dark;

  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gw_test_spin (300);

  light = render_window (window);
  light_path = g_build_filename (build_dir != NULL ? build_dir : g_get_tmp_dir (),
                                 "tests", "app", light_name, NULL);
  g_assert_true (gdk_texture_save_to_png (light, light_path));
  lum_light = analyse_texture (light, &n_light);
  g_test_message ("light screenshot: %s (%d × %d), %u colours, luminance %.0f", light_path,
                  gdk_texture_get_width (light), gdk_texture_get_height (light), n_light, lum_light);
  /* A blank or single-colour window would have a handful of colours. */
  g_assert_cmpuint (n_light, >, 50);

  /* Every column, the last (Reason) included, is within the view. */
  hadj = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  g_test_message ("table: %.0f of %.0f pixels wide in view",
                  gtk_adjustment_get_page_size (hadj), gtk_adjustment_get_upper (hadj));
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadj), <=, gtk_adjustment_get_page_size (hadj) + 1);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gw_test_spin (300);
  dark = render_window (window);
  dark_path = g_build_filename (build_dir != NULL ? build_dir : g_get_tmp_dir (),
                                "tests", "app", dark_name, NULL);
  g_assert_true (gdk_texture_save_to_png (dark, dark_path));
  lum_dark = analyse_texture (dark, &n_dark);
  g_test_message ("dark screenshot: %s, %u colours, luminance %.0f", dark_path, n_dark, lum_dark);
  g_assert_cmpuint (n_dark, >, 50);
  g_assert_cmpfloat (lum_dark, <, lum_light - 60);
}

static void
test_screenshot (void)
{
  GwWindow *window;

  app_up ();
  window = open_testwork ();
  gw_result_table_select_row (gw_window_get_result_table (window), 0);

  /* The size a first start opens with, the smallest laptop size, a
   * large one, and the large one with the row details shown. */
  screenshot_at (window, 0, 0, "window");
  /* At that size every column is on screen, Predicted and Residual too;
   * smaller windows hide those two (the row details show them). */
  g_assert_false (gw_result_table_is_compact (gw_window_get_result_table (window)));
  g_assert_true (gtk_column_view_column_get_visible (gw_result_table_get_column (gw_window_get_result_table (window),
                                                                                 GW_RESULT_COLUMN_RESIDUAL)));
  screenshot_at (window, 1024, 768, "window-1024x768");
  screenshot_at (window, 1400, 900, "window-1400x900");
  g_object_set (window, "details-revealed", TRUE, NULL);
  screenshot_at (window, 1400, 900, "window-1400x900-details");

  app_down ();
}

/* The size a window is closed with is the size the next one opens with. */
static void
test_window_size (void)
{
  g_autoptr(GSettings) settings = NULL;
  GwWindow *window;
  int width, height;

  app_up ();
  settings = g_settings_new ("io.github.ganglioside.Workbench");
  window = new_window ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1111, 777);
  wait_painted (window);
  gtk_window_close (GTK_WINDOW (window));
  gw_test_spin (100);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1111);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 777);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = new_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1111);
  g_assert_cmpint (height, ==, 777);

  app_down ();
}

/* Shortcuts ------------------------------------------------------------ */

static void
collect_overlay_accels (GtkWidget  *widget,
                        GHashTable *accels)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accel = NULL;
      g_auto(GStrv) parts = NULL;

      g_object_get (widget, "accelerator", &accel, NULL);
      parts = g_strsplit (accel != NULL ? accel : "", " ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          guint key;
          GdkModifierType mods;

          if (parts[i][0] != '\0' && gtk_accelerator_parse (parts[i], &key, &mods))
            g_hash_table_add (accels, gtk_accelerator_name (key, mods));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_overlay_accels (child, accels);
}

static gboolean
is_our_action (const char *name)
{
  static const char * const prefixes[] = { "win.", "app.", "table.", "plot.", "plot-page.", "project.", NULL };

  if (g_str_equal (name, "window.close"))
    return TRUE;
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_str_has_prefix (name, prefixes[i]))
      return TRUE;
  return FALSE;
}

/* action name → GPtrArray of its accelerators, from every shortcut
 * controller in @widget's tree. */
static void
collect_bound_accels (GtkWidget  *widget,
                      GHashTable *bound)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          const char *name;
          GPtrArray *list;

          if (!GTK_IS_NAMED_ACTION (action) || !GTK_IS_KEYVAL_TRIGGER (trigger))
            continue;
          name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
          if (!is_our_action (name))
            continue;
          list = g_hash_table_lookup (bound, name);
          if (list == NULL)
            {
              list = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (bound, g_strdup (name), list);
            }
          g_ptr_array_add (list, gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                                       gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_bound_accels (child, bound);
}

/* Every key the app binds to one of its actions is in the Keyboard
 * Shortcuts window: the window's, the table's, the plot's and the
 * project's bindings as well as the application's accelerators. */
static void
test_shortcuts_listed (void)
{
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  g_auto(GStrv) app_actions = NULL;
  GtkShortcutsWindow *overlay;
  GHashTableIter iter;
  gpointer key, value;
  GwWindow *window;

  app_up ();
  window = open_testwork ();

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  collect_overlay_accels (GTK_WIDGET (overlay), listed);
  g_assert_cmpuint (g_hash_table_size (listed), >, 10);

  collect_bound_accels (GTK_WIDGET (window), bound);
  app_actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; app_actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), app_actions[i]);
      g_autofree char *name = g_strdup (app_actions[i]);
      GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

      /* A detailed name: the action without its target. */
      if (strchr (name, ':') != NULL)
        *strchr (name, ':') = '\0';
      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint k;
          GdkModifierType mods;

          if (gtk_accelerator_parse (accels[j], &k, &mods))
            g_ptr_array_add (list, gtk_accelerator_name (k, mods));
        }
      g_hash_table_insert (bound, g_steal_pointer (&name), list);
    }

  /* The bindings the issue asks for are among them. */
  g_assert_true (g_hash_table_contains (bound, "win.open"));
  g_assert_true (g_hash_table_contains (bound, "win.search"));
  g_assert_true (g_hash_table_contains (bound, "table.copy"));
  g_assert_true (g_hash_table_contains (bound, "plot.reset-zoom"));

  g_hash_table_iter_init (&iter, bound);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *accels = value;
      gboolean found = accels->len == 0;

      for (guint i = 0; i < accels->len && !found; i++)
        found = g_hash_table_contains (listed, g_ptr_array_index (accels, i));
      if (!found)
        g_error ("%s (%s) is bound but not in the Keyboard Shortcuts window",
                 (const char *) key, (const char *) g_ptr_array_index (accels, 0));
    }

  app_down ();
}

/* The deferred tooltips of list cells (gw-widget-util.h): nothing is
 * shown without text, the text set last is, and the boxed list is one. */
static gboolean
ask_tooltip (GtkWidget *widget)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean handled = FALSE;

  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &handled);
  return handled;
}

static void
test_deferred_tooltip (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("GD1(36:1;O2)"));
  GtkWidget *list = g_object_ref_sink (gw_boxed_list_new ());
  static const char note[] = "Curated by an analyst";

  gw_widget_use_deferred_tooltip (label);
  g_assert_true (gtk_widget_get_has_tooltip (label));
  /* Nothing is handed to GTK until asked: no tooltip text on the widget. */
  g_assert_null (gtk_widget_get_tooltip_text (label));
  g_assert_false (ask_tooltip (label));

  gw_widget_set_deferred_tooltip (label, "RT 9.60 min is 1.60 min later");
  g_assert_true (ask_tooltip (label));
  g_assert_null (gtk_widget_get_tooltip_text (label));
  gw_widget_set_deferred_tooltip (label, "");
  g_assert_false (ask_tooltip (label));
  gw_widget_set_deferred_tooltip_static (label, note);
  g_assert_true (ask_tooltip (label));
  gw_widget_set_deferred_tooltip (label, NULL);
  g_assert_false (ask_tooltip (label));

  g_assert_true (gtk_widget_has_css_class (list, "boxed-list"));
  g_assert_cmpint (gtk_list_box_get_selection_mode (GTK_LIST_BOX (list)), ==, GTK_SELECTION_NONE);

  g_object_unref (list);
  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Only the subprocesses open a display. */
  if (g_test_subprocess ())
    gtk_init ();

  gw_test_add_isolated ("/ui/window/empty-state", test_empty_state, 0);
  gw_test_add_isolated ("/ui/window/open-drop", test_open_drop, 0);
  gw_test_add_isolated ("/ui/window/sort-filter", test_sort_filter, 0);
  gw_test_add_isolated ("/ui/window/malformed", test_malformed, 0);
  gw_test_add_isolated ("/ui/window/second-drop-new-window", test_second_drop_new_window, 0);
  gw_test_add_isolated ("/ui/window/param-rerun", test_param_rerun, 0);
  gw_test_add_isolated ("/ui/window/cancel", test_cancel, 0);
  gw_test_add_isolated ("/ui/window/invalid-rows", test_invalid_rows, 0);
  gw_test_add_isolated ("/ui/window/input-warnings", test_input_warnings, 0);
  gw_test_add_isolated ("/ui/window/copy-tsv", test_copy_tsv, 0);
  gw_test_add_isolated ("/ui/window/detail-links", test_detail_links, 0);
  gw_test_add_isolated ("/ui/window/window-size", test_window_size, 0);
  gw_test_add_isolated ("/ui/window/shortcuts-listed", test_shortcuts_listed, 0);
  gw_test_add_isolated ("/ui/window/screenshot", test_screenshot, 0);
  gw_test_add_isolated ("/ui/widget-util/deferred-tooltip", test_deferred_tooltip, 0);

  return g_test_run ();
}
