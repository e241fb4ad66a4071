/* test-project-window.c: a window with a project: open, store, curate, undo
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-project-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gw-analysis.h"
#include "gw-application.h"
#include "gw-project.h"
#include "gw-project-controller.h"
#include "gw-window-private.h"
#include "gw-test-util.h"

static GTestDBus     *bus;
static GwApplication *app;

static void
app_up (void)
{
  g_autoptr(GError) error = NULL;

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  app = gw_application_new ("io.github.ganglioside.Workbench.ProjectTests", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
}

static void
app_down (void)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (toplevels);

  gw_test_spin (200);
  g_clear_object (&app);
  g_test_dbus_stop (bus);
}

static char *
shared_path (const char *name)
{
  const char *dir = g_getenv ("GW_SHARED_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

/* A project "Brain study" with one robust run of testwork_user.csv. */
static char *
make_project (char **run_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-project-ui-XXXXXX", &error);
  g_autofree char *csv_path = shared_path ("testwork_user.csv");
  char *path = g_build_filename (dir, "study.gwproject", NULL);
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  GwParams params;

  g_assert_no_error (error);
  project = gw_project_create (path, "Brain study", &error);
  g_assert_no_error (error);
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  table = gw_table_new_from_bytes (bytes, "testwork_user.csv", NULL, &error);
  g_assert_no_error (error);
  gw_params_init (&params, GW_PRESET_ROBUST);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  *run_id = gw_project_save_run (project, run, bytes, "Tester", &error);
  g_assert_no_error (error);

  return path;
}

static gboolean
run_stored (gpointer data)
{
  GwWindow *window = data;
  GwProjectController *project = gw_window_get_project (window);

  return gw_window_get_run (window) != NULL &&
         gw_project_controller_get_run_id (project) != NULL &&
         gw_project_controller_get_curation (project) != NULL &&
         !gw_window_is_busy (window) &&
         !gw_result_table_is_busy (gw_window_get_result_table (window));
}

static GwWindow *
open_project (const char *path)
{
  GwWindow *window = gw_window_new (GTK_APPLICATION (app));
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gtk_window_present (GTK_WINDOW (window));
  gw_window_open (window, file);
  gw_test_wait_for (run_stored, window, 60, "the project's run");
  return window;
}

static guint
n_curated (GwWindow *window)
{
  GwCuration *c = gw_project_controller_get_curation (gw_window_get_project (window));

  return c ? gw_curation_get_n_curated (c) : G_MAXUINT;
}

typedef struct
{
  GwWindow *window;
  guint     expected;
} CuratedWait;

static gboolean
curated_is (gpointer data)
{
  CuratedWait *w = data;

  return n_curated (w->window) == w->expected;
}

static void
wait_curated (GwWindow *window,
              guint     expected)
{
  CuratedWait w = { window, expected };

  gw_test_wait_for (curated_is, &w, 30, "the curation to be saved");
}

static void
test_open_shows_run (void)
{
  g_autofree char *run_id = NULL;
  g_autofree char *path = make_project (&run_id);
  GwWindow *window;

  app_up ();
  window = open_project (path);

  /* The title is the project's name, and the stored run is on screen. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Brain study");
  g_assert_cmpstr (gw_project_controller_get_run_id (gw_window_get_project (window)), ==, run_id);
  g_assert_cmpuint (gw_run_get_n_rows (gw_window_get_run (window)), ==, 323);
  g_assert_cmpuint (n_curated (window), ==, 0);

  app_down ();
}

static void
test_curate_undo_redo_reopen (void)
{
  g_autofree char *run_id = NULL;
  g_autofree char *path = make_project (&run_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GwCuration) stored = NULL;
  GtkSelectionModel *model;
  GwWindow *window;

  app_up ();
  window = open_project (path);

  model = gw_result_table_get_model (gw_window_get_result_table (window));
  gtk_selection_model_select_range (model, 0, 3, TRUE);
  gw_project_controller_curate_selection (gw_window_get_project (window),
                                          GW_CURATION_REJECTED, "co-elutes with its parent");
  wait_curated (window, 3);

  /* It is in the file, with its reason, at once. */
  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  stored = gw_project_load_curation (project, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_curation_get_n_curated (stored), ==, 3);
  g_assert_cmpstr (((GwCurationEvent *) g_ptr_array_index (gw_curation_get_events (stored), 0))->reason,
                   ==, "co-elutes with its parent");
  g_clear_pointer (&stored, gw_curation_unref);

  gtk_widget_activate_action (GTK_WIDGET (window), "project.undo", NULL);
  wait_curated (window, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "project.redo", NULL);
  wait_curated (window, 3);
  gtk_widget_activate_action (GTK_WIDGET (window), "project.undo", NULL);
  wait_curated (window, 0);

  /* Close and open again: the undone state, and redo still works. */
  gtk_window_destroy (GTK_WINDOW (window));
  gw_test_spin (100);
  window = open_project (path);
  g_assert_cmpuint (n_curated (window), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "project.redo", NULL);
  wait_curated (window, 3);

  /* Undo and redo are events too: 3 rows, undo, redo, undo, redo. */
  stored = gw_project_load_curation (project, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_curation_get_events (stored)->len, ==, 7);

  app_down ();
}

static gboolean
has_two_runs (gpointer data)
{
  const char *path = data;
  g_autoptr(GwProject) project = gw_project_open (path, NULL);
  g_autoptr(GPtrArray) runs = project ? gw_project_list_runs (project, NULL, NULL) : NULL;

  return runs != NULL && runs->len == 2;
}

static void
test_drop_adds_dataset (void)
{
  g_autofree char *run_id = NULL;
  g_autofree char *path = make_project (&run_id);
  g_autofree char *csv = shared_path ("truth-dev.csv");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GPtrArray) datasets = NULL;
  GSList *list;
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;
  GwWindow *window;

  app_up ();
  window = open_project (path);

  list = g_slist_prepend (NULL, file);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, list);
  g_signal_emit_by_name (gw_window_get_drop_target (window), "drop", &value, 20.0, 20.0, &handled);
  g_value_unset (&value);
  g_slist_free (list);
  g_assert_true (handled);

  /* No question asked: the table is analysed and stored as a new dataset. */
  gw_test_wait_for (has_two_runs, path, 60, "the dropped table's run");
  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  datasets = gw_project_list_datasets (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (datasets->len, ==, 2);
  g_assert_cmpstr (((GwDatasetInfo *) g_ptr_array_index (datasets, 1))->name, ==, "truth-dev.csv");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Brain study");

  app_down ();
}

static gboolean
project_active (gpointer data)
{
  return run_stored (data) && gw_project_controller_is_active (gw_window_get_project (data));
}

static gboolean
table_shown (gpointer data)
{
  GwWindow *window = data;

  return gw_window_get_run (window) != NULL && !gw_window_is_busy (window);
}

static void
test_new_project_keeps_analysis (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-project-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "Fresh.gwproject", NULL);
  g_autofree char *csv = shared_path ("testwork_user.csv");
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv);
  g_autoptr(GFile) project_file = g_file_new_for_path (path);
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  GwWindow *window;

  app_up ();
  window = gw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  gw_window_open (window, csv_file);
  gw_test_wait_for (table_shown, window, 60, "the analysis");

  /* New Project with an analysis on screen: it becomes the first run. */
  gw_project_controller_create (gw_window_get_project (window), project_file);
  gw_test_wait_for (project_active, window, 60, "the new project");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Fresh");

  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  runs = gw_project_list_runs (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (((GwRunInfo *) g_ptr_array_index (runs, 0))->dataset_name, ==, "testwork_user.csv");

  app_down ();
}

/* Each case in its own process: GTK is set up once per process, and only
 * the subprocesses open a display. */
static void
run_isolated (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  if (g_test_subprocess ())
    {
      func ();
      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_test_subprocess ())
    {
      gtk_init ();
      adw_init ();
    }

  g_test_add_data_func ("/ui/project/open-shows-run", (gconstpointer) test_open_shows_run, run_isolated);
  g_test_add_data_func ("/ui/project/curate-undo-redo-reopen", (gconstpointer) test_curate_undo_redo_reopen,
                        run_isolated);
  g_test_add_data_func ("/ui/project/drop-adds-dataset", (gconstpointer) test_drop_adds_dataset, run_isolated);
  g_test_add_data_func ("/ui/project/new-keeps-analysis", (gconstpointer) test_new_project_keeps_analysis,
                        run_isolated);

  return g_test_run ();
}
