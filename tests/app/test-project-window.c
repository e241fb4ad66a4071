/* test-project-window.c: a window with a project: open, store, curate, undo
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-project-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-analysis.h"
#include "gw-export-dialog.h"
#include "gw-application.h"
#include "gw-project.h"
#include "gw-project-controller.h"
#include "gw-format.h"
#include "gw-compare-window.h"
#include "gw-change-item.h"
#include "gw-result-row.h"
#include "gw-view-order.h"
#include "gw-window-private.h"
#include "gw-test-util.h"
#include "app-test-util.h"

static GwApplication *app;

static void
app_up (void)
{
  app = gw_test_app_up ("io.github.ganglioside.Workbench.ProjectTests");
}

static void
app_down (void)
{
  gw_test_app_down (&app, 200);
}

/* A project "Brain study" with one robust run of testwork_user.csv. */
static char *
make_project (char **run_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-project-ui-XXXXXX", &error);
  g_autofree char *csv_path = gw_test_shared_path ("testwork_user.csv");
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

/* Renders @window into GW_BUILD_DIR/tests/app/NAME.png, for looking at
 * (the help's screenshots and reviews); asserts only that it drew. */
static void
save_screenshot (GtkWindow  *window,
                 const char *name)
{
  const char *build_dir = g_getenv ("GW_BUILD_DIR");
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (build_dir != NULL ? build_dir : g_get_tmp_dir (),
                                            "tests", "app", file, NULL);
  int width = 0, height = 0;

  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gw_test_spin (attempt == 0 ? 300 : 100);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static gboolean
table_idle (gpointer data)
{
  return !gw_result_table_is_busy (gw_window_get_result_table (data));
}

static gboolean
is_null_cb (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Splits one CSV record (RFC 4180 quotes, no newlines inside). */
static GPtrArray *
split_csv (const char *line)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; ; p++)
    {
      if (*p == '\0' || *p == '\r' || (*p == ',' && !quoted))
        {
          g_ptr_array_add (out, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          if (*p != ',')
            break;
        }
      else if (*p == '"')
        {
          if (quoted && p[1] == '"')
            g_string_append_c (cell, *++p);
          else
            quoted = !quoted;
        }
      else
        g_string_append_c (cell, *p);
    }
  g_string_free (cell, TRUE);
  return out;
}

static int
column_index (GPtrArray  *header,
              const char *name)
{
  for (guint i = 0; i < header->len; i++)
    if (strcmp (g_ptr_array_index (header, i), name) == 0)
      return (int) i;
  return -1;
}

/* Exports the window's run through its Export dialog (win.export) as CSV,
 * curated or raw; returns the file's lines. */
static char **
export_csv (GwWindow *window,
            gboolean  curated)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-project-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  GwExportDialog *dialog = NULL;
  GList *toplevels;
  gpointer weak;

  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  gw_test_spin (50);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GW_IS_EXPORT_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);

  /* A project's run offers curated statuses, and picks them first. */
  g_assert_true (gw_export_dialog_get_curated (dialog));
  gw_export_dialog_set_curated (dialog, curated);
  g_assert_cmpint (gw_export_dialog_get_curated (dialog), ==, curated);

  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gw_export_dialog_export_to (dialog, GW_EXPORT_CSV, file);
  gw_test_wait_for (is_null_cb, &weak, 120, "the export to finish");

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  return g_strsplit (contents, "\n", -1);
}

/* Curation is the effective status everywhere: counts, status filter,
 * search, copy, the detail pane and the Export dialog's CSV. */
static void
test_curation_is_effective (void)
{
  g_autofree char *run_id = NULL;
  g_autofree char *path = make_project (&run_id);
  GtkSelectionModel *model;
  GwStatusSummary *summary;
  GwResultTable *table;
  GwWindow *window;
  GwRun *run;
  g_autoptr(GwResultRow) item = NULL;
  g_autofree char *tsv = NULL;
  g_autofree char *engine_before = NULL;
  g_autofree char *line_text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) raw_lines = NULL;
  const char *text;
  guint row, n_engine, found = 0;
  GwStatus engine;

  app_up ();
  window = open_project (path);
  table = gw_window_get_result_table (window);
  summary = gw_window_get_summary (window);
  model = gw_result_table_get_model (table);
  run = gw_window_get_run (window);

  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  row = gw_result_row_get_row (item);
  engine = gw_run_get_status (run, row);
  n_engine = gw_run_get_status_count (run, engine);
  engine_before = g_strdup (gw_status_summary_get_count_text (summary, engine));
  g_assert_cmpuint (g_ascii_strtoull (engine_before, NULL, 10), ==, n_engine);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gw_status_summary_get_toggle (summary, GW_VIEW_REJECTED))));

  gtk_selection_model_select_item (model, 0, TRUE);
  gw_project_controller_curate_selection (gw_window_get_project (window),
                                          GW_CURATION_REJECTED, "co-elutes with GD1a");
  wait_curated (window, 1);

  /* Counts: the row moved from its engine status to Rejected. */
  g_assert_cmpstr (gw_status_summary_get_count_text (summary, GW_VIEW_REJECTED), ==, "1");
  g_assert_cmpuint (g_ascii_strtoull (gw_status_summary_get_count_text (summary, engine), NULL, 10), ==, n_engine - 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gw_status_summary_get_toggle (summary, GW_VIEW_REJECTED))));

  /* Detail pane: the effective status, the engine's call, who and why. */
  gw_test_spin (50);
  text = gw_detail_pane_get_curation_text (gw_window_get_detail_pane (window));
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "co-elutes with GD1a"));
  g_assert_nonnull (strstr (text, gw_status_get_label (engine)));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  save_screenshot (GTK_WINDOW (window), "project-curated");

  /* Copy: the effective status. */
  tsv = gw_result_table_dup_selection_tsv (table);
  g_assert_nonnull (strstr (tsv, "\trejected\t"));

  /* The status filter: Rejected shows exactly that row; its engine
   * status no longer does. */
  gtk_toggle_button_set_active (gw_status_summary_get_toggle (summary, GW_VIEW_REJECTED), TRUE);
  gw_test_wait_for (table_idle, window, 30, "the filter");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  {
    g_autoptr(GwResultRow) shown = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpuint (gw_result_row_get_row (shown), ==, row);
  }
  gtk_toggle_button_set_active (gw_status_summary_get_toggle (summary, GW_VIEW_REJECTED), FALSE);
  gtk_toggle_button_set_active (gw_status_summary_get_toggle (summary, engine), TRUE);
  gw_test_wait_for (table_idle, window, 30, "the filter");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_engine - 1);
  gtk_toggle_button_set_active (gw_status_summary_get_toggle (summary, engine), FALSE);

  /* Search: the start of an effective status finds its rows. */
  gw_result_filter_set_search (gw_result_table_get_filter (table), "rejec");
  gw_test_wait_for (table_idle, window, 30, "the search");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  gw_result_filter_set_search (gw_result_table_get_filter (table), NULL);
  gw_test_wait_for (table_idle, window, 30, "the search");

  /* Export, curated: the effective status column says rejected, the
   * engine's status stays in "status", with the reason. */
  lines = export_csv (window, TRUE);
  {
    g_autoptr(GPtrArray) header = split_csv (lines[0]);
    int c_line = column_index (header, "line");
    int c_status = column_index (header, "status");
    int c_effective = column_index (header, "effective_status");
    int c_reason = column_index (header, "curation_reason");
    guint n_rejected = 0;

    g_assert_cmpint (c_line, >=, 0);
    g_assert_cmpint (c_effective, >=, 0);
    g_assert_cmpint (c_reason, >=, 0);
    line_text = g_strdup_printf ("%u", gw_table_get_line (gw_run_get_table (run), row));
    for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
      {
        g_autoptr(GPtrArray) cells = split_csv (lines[i]);

        g_assert_cmpuint (cells->len, ==, header->len);
        if (strcmp (g_ptr_array_index (cells, c_effective), "rejected") == 0)
          n_rejected++;
        if (strcmp (g_ptr_array_index (cells, c_line), line_text) == 0)
          {
            g_assert_cmpstr (g_ptr_array_index (cells, c_effective), ==, "rejected");
            g_assert_cmpstr (g_ptr_array_index (cells, c_status), ==, gw_status_to_string (engine));
            g_assert_cmpstr (g_ptr_array_index (cells, c_reason), ==, "co-elutes with GD1a");
            found++;
          }
      }
    g_assert_cmpuint (found, ==, 1);
    g_assert_cmpuint (n_rejected, ==, 1);
  }

  /* Export, raw: the engine's calls only. */
  raw_lines = export_csv (window, FALSE);
  {
    g_autoptr(GPtrArray) header = split_csv (raw_lines[0]);

    g_assert_cmpint (column_index (header, "effective_status"), ==, -1);
    g_assert_cmpint (column_index (header, "status"), >=, 0);
  }

  app_down ();
}

static guint
shown_row (GListModel *rows,
           guint       position)
{
  g_autoptr(GwResultRow) item = g_list_model_get_item (rows, position);

  return gw_result_row_get_row (item);
}

/* The Status column's order, as the status strip shows it: the analyst's
 * Accepted and Rejected first, then the engine's calls in GwStatus order.
 * Worked out here from the run and the stored curation, not from the
 * table's own code. */
static guint
expected_status_rank (GwRun      *run,
                      GwCuration *curation,
                      guint       row)
{
  switch (gw_curation_get_status (curation, row))
    {
    case GW_CURATION_ACCEPTED:
      return 0;
    case GW_CURATION_REJECTED:
      return 1;
    case GW_CURATION_NONE:
    default:
      return 2 + gw_run_get_status (run, row);
    }
}

/* (transfer none): the status badge on screen for @row, if any. */
static GtkWidget *
find_badge (GtkWidget *widget,
            guint      row)
{
  if (gtk_widget_has_css_class (widget, "status-badge") && gtk_widget_get_mapped (widget) &&
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "gw-row")) == row + 1)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_badge (child, row);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
badge_shown (gpointer data)
{
  GwWindow *window = g_object_get_data (data, "window");
  guint row = GPOINTER_TO_UINT (g_object_get_data (data, "row"));

  return find_badge (GTK_WIDGET (gw_window_get_result_table (window)), row) != NULL;
}

/* (transfer none): waits for @row's status badge to be laid out. */
static GtkLabel *
wait_badge (GwWindow *window,
            guint     row)
{
  g_autoptr(GObject) holder = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (holder, "window", window);
  g_object_set_data (holder, "row", GUINT_TO_POINTER (row));
  gw_test_wait_for (badge_shown, holder, 30, "the row's status badge");
  return GTK_LABEL (find_badge (GTK_WIDGET (gw_window_get_result_table (window)), row));
}

static void
assert_sorted_by_status (GwWindow *window,
                         gboolean  descending)
{
  GListModel *rows = G_LIST_MODEL (gw_result_table_get_model (gw_window_get_result_table (window)));
  GwCuration *curation = gw_project_controller_get_curation (gw_window_get_project (window));
  GwRun *run = gw_window_get_run (window);

  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, gw_run_get_n_rows (run));
  for (guint i = 1; i < g_list_model_get_n_items (rows); i++)
    {
      guint a = expected_status_rank (run, curation, shown_row (rows, i - 1));
      guint b = expected_status_rank (run, curation, shown_row (rows, i));

      if (descending)
        g_assert_cmpuint (a, >=, b);
      else
        g_assert_cmpuint (a, <=, b);
    }
}

/* Sorting by the Status column sorts by the effective status, as the
 * filter, search, copy and detail pane see it: a rejected row sorts with
 * the rejected ones, not with its engine status, and shows its badge. */
static void
test_status_sort_is_effective (void)
{
  g_autofree char *run_id = NULL;
  g_autofree char *path = make_project (&run_id);
  GwProjectController *project;
  GtkSelectionModel *model;
  GListModel *rows;
  GwResultTable *table;
  GtkColumnViewColumn *status_column;
  GtkLabel *badge;
  GwWindow *window;
  GwRun *run;
  guint valid_row = G_MAXUINT, outlier_row = G_MAXUINT, n;

  app_up ();
  window = open_project (path);
  project = gw_window_get_project (window);
  table = gw_window_get_result_table (window);
  model = gw_result_table_get_model (table);
  rows = G_LIST_MODEL (model);
  run = gw_window_get_run (window);
  n = gw_run_get_n_rows (run);

  /* The last valid row, and the last row the engine did not call valid:
   * by engine status they sort far from the top. */
  for (guint row = 0; row < n; row++)
    {
      if (gw_run_get_status (run, row) == GW_STATUS_VALID)
        valid_row = row;
      else if (gw_run_get_status (run, row) > GW_STATUS_VALID)
        outlier_row = row;
    }
  g_assert_cmpuint (valid_row, <, n);
  g_assert_cmpuint (outlier_row, <, n);
  g_assert_cmpuint (shown_row (rows, valid_row), ==, valid_row);

  /* Reject the valid row and accept the other one, in input order. */
  gtk_selection_model_select_item (model, valid_row, TRUE);
  gw_project_controller_curate_selection (project, GW_CURATION_REJECTED, "wrong adduct");
  wait_curated (window, 1);
  gtk_selection_model_select_item (model, outlier_row, TRUE);
  gw_project_controller_curate_selection (project, GW_CURATION_ACCEPTED, "confirmed by MS2");
  wait_curated (window, 2);

  /* Sort by Status through the column view's own sorter. */
  status_column = gw_result_table_get_column (table, GW_RESULT_COLUMN_STATUS);
  gtk_column_view_sort_by_column (gw_result_table_get_view (table), status_column, GTK_SORT_ASCENDING);
  gw_test_wait_for (table_idle, window, 30, "the sort");
  assert_sorted_by_status (window, FALSE);
  g_assert_cmpuint (shown_row (rows, 0), ==, outlier_row);
  g_assert_cmpuint (shown_row (rows, 1), ==, valid_row);
  /* The engine's valid rows follow, without the rejected one. */
  g_assert_cmpint (gw_run_get_status (run, shown_row (rows, 2)), ==, GW_STATUS_VALID);

  /* On screen, the rows at the top show their curated badges. */
  badge = wait_badge (window, outlier_row);
  g_assert_cmpstr (gtk_label_get_text (badge), ==, "Accepted");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (badge), "curated"));
  badge = wait_badge (window, valid_row);
  g_assert_cmpstr (gtk_label_get_text (badge), ==, "Rejected");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (badge), "curated-rejected"));

  gtk_column_view_sort_by_column (gw_result_table_get_view (table), status_column, GTK_SORT_DESCENDING);
  gw_test_wait_for (table_idle, window, 30, "the sort");
  assert_sorted_by_status (window, TRUE);
  g_assert_cmpuint (shown_row (rows, n - 1), ==, outlier_row);
  g_assert_cmpuint (shown_row (rows, n - 2), ==, valid_row);

  /* Undo the acceptance: the sorted table follows the curation at once,
   * and the row goes back among its engine status. */
  gtk_widget_activate_action (GTK_WIDGET (window), "project.undo", NULL);
  wait_curated (window, 1);
  gw_test_wait_for (table_idle, window, 30, "the re-sort");
  assert_sorted_by_status (window, TRUE);
  g_assert_cmpuint (shown_row (rows, n - 1), ==, valid_row);
  g_assert_cmpuint (shown_row (rows, n - 2), !=, outlier_row);

  app_down ();
}

static gboolean
title_is (gpointer data)
{
  GwWindow *window = g_object_get_data (data, "window");
  const char *title = gtk_window_get_title (GTK_WINDOW (window));

  return g_strcmp0 (title, g_object_get_data (data, "title")) == 0;
}

static void
wait_title (GwWindow   *window,
            const char *title)
{
  g_autoptr(GObject) holder = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (holder, "window", window);
  g_object_set_data_full (holder, "title", g_strdup (title), g_free);
  gw_test_wait_for (title_is, holder, 30, "the window title");
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
hilic_warning_hidden (gpointer data)
{
  return !gw_project_pane_shows_hilic_warning (gw_project_controller_get_pane (data));
}

static gboolean
hilic_warning_shown (gpointer data)
{
  return gw_project_pane_shows_hilic_warning (gw_project_controller_get_pane (data));
}

static gboolean
project_listed (gpointer data)
{
  return gw_project_controller_get_name (data) != NULL;
}

/* Name, notes and column type: edited from the app, one revision each,
 * the title follows, and HILIC brings its warning. */
static void
test_properties (void)
{
  g_autofree char *run_id = NULL;
  g_autofree char *path = make_project (&run_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = NULL;
  GwProjectController *controller;
  GwWindow *window;
  GtkWindow *dialog = NULL;
  GList *toplevels;
  g_autofree char *notes = NULL;

  app_up ();
  window = open_project (path);
  controller = gw_window_get_project (window);
  g_assert_false (gw_project_pane_shows_hilic_warning (gw_project_controller_get_pane (controller)));

  /* The menu's action opens the dialog, filled in. */
  gtk_widget_activate_action (GTK_WIDGET (window), "project.properties", NULL);
  gw_test_spin (50);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_window_get_title (l->data), "Project Properties") == 0)
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  save_screenshot (dialog, "project-properties");
  gtk_window_destroy (dialog);

  gw_project_controller_set_metadata (controller, "Cortex, batch 2", "Re-run after recalibration", GW_LC_COLUMN_HILIC);
  wait_title (window, "Cortex, batch 2");
  g_assert_true (gw_project_pane_shows_hilic_warning (gw_project_controller_get_pane (controller)));
  g_assert_cmpstr (gw_project_controller_get_notes (controller), ==, "Re-run after recalibration");
  g_assert_cmpint (gw_project_controller_get_column_type (controller), ==, GW_LC_COLUMN_HILIC);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  save_screenshot (GTK_WINDOW (window), "project-hilic");

  /* In the file at once, as a new revision: the old one is kept. */
  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_project_get_n_metadata_revisions (project), ==, 2);
  g_assert_cmpint (gw_project_get_column_type (project), ==, GW_LC_COLUMN_HILIC);
  notes = gw_project_dup_notes (project);
  g_assert_cmpstr (notes, ==, "Re-run after recalibration");
  g_clear_object (&project);

  gw_project_controller_set_metadata (controller, "Cortex, batch 2", "Re-run after recalibration",
                                      GW_LC_COLUMN_REVERSED_PHASE);
  gw_test_wait_for (hilic_warning_hidden, controller, 30, "the HILIC warning to go");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Cortex, batch 2");

  /* The audit log lists the project's history: created, then the two
   * changes, each with its author. */
  gtk_widget_activate_action (GTK_WIDGET (window), "project.audit-log", NULL);
  gw_test_spin (50);
  {
    GtkWindow *log = NULL;
    GtkWidget *history;
    guint n_rows = 0;

    toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l != NULL; l = l->next)
      if (g_strcmp0 (gtk_window_get_title (l->data), "Audit Log") == 0)
        log = l->data;
    g_list_free (toplevels);
    g_assert_nonnull (log);
    history = find_named (GTK_WIDGET (log), "project-history");
    g_assert_nonnull (history);
    for (GtkWidget *c = gtk_widget_get_first_child (history); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (ADW_IS_ACTION_ROW (c))
        {
          const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c));

          if (n_rows == 1)
            g_assert_nonnull (strstr (title, "Cortex, batch 2"));
          if (n_rows == 2)
            g_assert_nonnull (strstr (title, "reversed phase"));
          n_rows++;
        }
    g_assert_cmpuint (n_rows, ==, 3);
    save_screenshot (log, "project-audit-log");
  }
  app_down ();
}

static gboolean
action_enabled (GwWindow   *window,
                const char *name)
{
  GwHistory *history = gw_project_controller_get_history (gw_window_get_project (window));

  /* The controller enables project.undo and project.redo exactly when
   * the history has an action for them. */
  if (history == NULL)
    return FALSE;
  return strcmp (name, "undo") == 0 ? gw_history_get_undo_action (history) != NULL
                                    : gw_history_get_redo_action (history) != NULL;
}

/* The titles of the audit log's project history, valid while the log
 * window is open (until app_down ()). */
static GPtrArray *
audit_log_project_titles (GwWindow *window)
{
  GPtrArray *titles = g_ptr_array_new ();
  GtkWindow *log = NULL;
  GtkWidget *history;
  GList *toplevels;

  gtk_widget_activate_action (GTK_WIDGET (window), "project.audit-log", NULL);
  gw_test_spin (50);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_window_get_title (l->data), "Audit Log") == 0)
      log = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (log);
  history = find_named (GTK_WIDGET (log), "project-history");
  g_assert_nonnull (history);
  for (GtkWidget *c = gtk_widget_get_first_child (history); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_ACTION_ROW (c))
      g_ptr_array_add (titles, (gpointer) adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)));
  return titles;
}

/* Ctrl+Z and Ctrl+Shift+Z walk one history: a rename, a curation and a
 * column change are undone newest first, across closing and opening the
 * project, and the audit log lists the undos. */
static void
test_undo_properties (void)
{
  g_autofree char *run_id = NULL;
  g_autofree char *path = make_project (&run_id);
  g_autoptr(GPtrArray) titles = NULL;
  GwProjectController *controller;
  GtkSelectionModel *model;
  GwWindow *window;

  app_up ();
  window = open_project (path);
  controller = gw_window_get_project (window);
  g_assert_false (action_enabled (window, "undo"));

  gw_project_controller_set_metadata (controller, "Cortex", "", GW_LC_COLUMN_REVERSED_PHASE);
  wait_title (window, "Cortex");
  g_assert_true (action_enabled (window, "undo"));

  model = gw_result_table_get_model (gw_window_get_result_table (window));
  gtk_selection_model_select_item (model, 2, TRUE);
  gw_project_controller_curate_selection (controller, GW_CURATION_ACCEPTED, "MS2 confirms it");
  wait_curated (window, 1);

  gw_project_controller_set_metadata (controller, "Cortex", "", GW_LC_COLUMN_HILIC);
  gw_test_wait_for (hilic_warning_shown, controller, 30, "the HILIC warning");

  /* Undo, as Ctrl+Z does: the column first, then the curation, then the
   * name. */
  gtk_widget_activate_action (GTK_WIDGET (window), "project.undo", NULL);
  gw_test_wait_for (hilic_warning_hidden, controller, 30, "the column change undone");
  g_assert_cmpuint (n_curated (window), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "project.undo", NULL);
  wait_curated (window, 0);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Cortex");
  gtk_widget_activate_action (GTK_WIDGET (window), "project.undo", NULL);
  wait_title (window, "Brain study");
  gw_test_spin (100);
  g_assert_false (action_enabled (window, "undo"));
  g_assert_true (action_enabled (window, "redo"));

  /* Close and open again: redo brings the name back first. */
  gtk_window_destroy (GTK_WINDOW (window));
  gw_test_spin (100);
  window = open_project (path);
  controller = gw_window_get_project (window);
  gw_test_wait_for (project_listed, controller, 30, "the project's listing");
  g_assert_true (action_enabled (window, "redo"));
  gtk_widget_activate_action (GTK_WIDGET (window), "project.redo", NULL);
  wait_title (window, "Cortex");
  g_assert_cmpuint (n_curated (window), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "project.redo", NULL);
  wait_curated (window, 1);

  /* The log: created, renamed, column, then the undos and the redo. */
  titles = audit_log_project_titles (window);
  g_assert_cmpuint (titles->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (titles, 3), ==, "Undid: Column set to HILIC");
  g_assert_cmpstr (g_ptr_array_index (titles, 4), ==, "Undid: Renamed to “Cortex”");
  g_assert_cmpstr (g_ptr_array_index (titles, 5), ==, "Redid: Renamed to “Cortex”");

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
  g_autofree char *csv = gw_test_shared_path ("truth-dev.csv");
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
  g_autofree char *csv = gw_test_shared_path ("testwork_user.csv");
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

/* Runs and comparison ------------------------------------------------------- */

/* A project with three runs of testwork_user.csv: robust defaults, robust
 * with R² threshold 0.8 and outlier threshold 2.5, and robust defaults
 * again (the newest, which opens). */
static char *
make_runs_project (char *ids[3])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-project-ui-XXXXXX", &error);
  g_autofree char *csv_path = gw_test_shared_path ("testwork_user.csv");
  char *path = g_build_filename (dir, "runs.gwproject", NULL);
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);

  g_assert_no_error (error);
  project = gw_project_create (path, "Runs", &error);
  g_assert_no_error (error);
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  table = gw_table_new_from_bytes (bytes, "testwork_user.csv", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GwRun) run = NULL;
      GwParams params;

      gw_params_init (&params, GW_PRESET_ROBUST);
      if (i == 1)
        {
          params.r2_threshold = 0.8;
          params.outlier_threshold = 2.5;
        }
      run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      ids[i] = gw_project_save_run (project, run, bytes, "Tester", &error);
      g_assert_no_error (error);
    }

  return path;
}

static void
collect_run_rows (GtkWidget *widget,
                  GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget) && g_object_get_data (G_OBJECT (widget), "run-id") != NULL)
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_run_rows (child, rows);
}

static GtkWidget *
find_run_row (GwWindow   *window,
              const char *run_id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_run_rows (GTK_WIDGET (gw_project_controller_get_pane (gw_window_get_project (window))), rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (g_object_get_data (rows->pdata[i], "run-id"), run_id) == 0)
      return rows->pdata[i];
  g_error ("no sidebar row for run %s", run_id);
  return NULL;
}

static GtkWidget *
find_with_class (GtkWidget  *widget,
                 GType       type,
                 const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, type, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_action_rows (GtkWidget *widget,
                     GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_action_rows (child, rows);
}

static gboolean
compare_window_shown (gpointer data)
{
  GtkWindow **found = data;
  GList *toplevels = gtk_window_list_toplevels ();

  *found = NULL;
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_window_get_title (l->data), "Compare Runs") == 0 &&
        gtk_widget_get_mapped (l->data))
      *found = l->data;
  g_list_free (toplevels);
  return *found != NULL;
}

static GtkWindow *
compare_with (GwWindow   *window,
              const char *run_id)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (find_run_row (window, run_id)), "compare-button");
  GtkWindow *compare = NULL;

  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
  gw_test_wait_for (compare_window_shown, &compare, 60, "the Compare Runs window");
  gw_test_spin (200);
  return compare;
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *build_dir = g_getenv ("GW_BUILD_DIR");
  g_autofree char *path = g_build_filename (build_dir != NULL ? build_dir : g_get_tmp_dir (),
                                            "tests", "app", name, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static gboolean
is_status_label (const char *text)
{
  if (g_str_equal (text, "Accepted") || g_str_equal (text, "Rejected"))
    return TRUE;
  for (guint s = 0; s < GW_N_STATUSES; s++)
    if (g_str_equal (text, gw_status_get_label (s)))
      return TRUE;
  return FALSE;
}

static gboolean
table_compact (gpointer data)
{
  return gw_result_table_is_compact (data);
}

static gboolean
table_full (gpointer data)
{
  return !gw_result_table_is_compact (data) &&
         gtk_column_view_column_get_visible (gw_result_table_get_column (data, GW_RESULT_COLUMN_RESIDUAL));
}

/* The sidebar lists each run with the parameters that differ from the
 * defaults, by the labels the parameters panel uses; comparing shows the
 * parameter differences the same way and the status changes by name, and
 * two equal runs say so. */
static void
test_runs_and_compare (void)
{
  char *ids[3] = { NULL, NULL, NULL };
  g_autofree char *path = make_runs_project (ids);
  GwWindow *window;
  GtkWidget *row;
  GtkWidget *list;
  GtkWindow *compare;
  const char *subtitle;
  guint n_params = 0, n_changes = 0;

  app_up ();
  window = open_project (path);
  g_assert_cmpstr (gw_project_controller_get_run_id (gw_window_get_project (window)), ==, ids[2]);
  gw_test_spin (300);

  /* Changed parameters, with the panel's labels, one a line. */
  row = find_run_row (window, ids[1]);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("run row: %s", subtitle);
  g_assert_nonnull (strstr (subtitle, "\nR² threshold 0.8\nOutlier threshold 2.5"));
  g_assert_null (strstr (subtitle, "_threshold"));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_run_row (window, ids[0]))),
                         "threshold"));

  /* With the sidebar open at the size a first start opens with, every
   * column the table shows fits without scrolling sideways, Confidence
   * and a readable Reason included: the columns the row details show
   * make room. */
  {
    GwResultTable *table = gw_window_get_result_table (window);
    GtkColumnView *view = gw_result_table_get_view (table);
    GtkAdjustment *hadj = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
    GtkWidget *pane = GTK_WIDGET (gw_project_controller_get_pane (gw_window_get_project (window)));
    double fixed = 0;

    g_assert_true (gtk_widget_get_mapped (pane));
    gw_test_wait_for (table_compact, table, 30, "the table's compact layout");
    gw_test_spin (300);
    for (guint c = 0; c < GW_N_RESULT_COLUMNS; c++)
      {
        GtkColumnViewColumn *column = gw_result_table_get_column (table, c);

        if (gtk_column_view_column_get_visible (column) && gtk_column_view_column_get_fixed_width (column) > 0)
          fixed += gtk_column_view_column_get_fixed_width (column);
      }
    g_test_message ("window %d px wide, sidebar %d px, table %.0f of %.0f px in view, %.0f px for Reason",
                    gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_width (pane),
                    gtk_adjustment_get_page_size (hadj), gtk_adjustment_get_upper (hadj),
                    gtk_adjustment_get_page_size (hadj) - fixed);
    g_assert_cmpfloat (gtk_adjustment_get_upper (hadj), <=, gtk_adjustment_get_page_size (hadj) + 1);
    g_assert_true (gtk_column_view_column_get_visible (gw_result_table_get_column (table, GW_RESULT_COLUMN_CONFIDENCE)));
    g_assert_true (gtk_column_view_column_get_visible (gw_result_table_get_column (table, GW_RESULT_COLUMN_REASON)));
    g_assert_true (gtk_column_view_column_get_visible (gw_result_table_get_column (table, GW_RESULT_COLUMN_Z)));
    g_assert_cmpfloat (gtk_adjustment_get_page_size (hadj) - fixed, >=, 100);
    save_png (GTK_WIDGET (window), "window-sidebar.png");

    /* Without the sidebar the window is wide enough for every column. */
    gtk_widget_set_visible (pane, FALSE);
    gw_test_wait_for (table_full, table, 30, "the table's full layout");
    gw_test_spin (300);
    g_assert_true (gtk_column_view_column_get_visible (gw_result_table_get_column (table, GW_RESULT_COLUMN_PREDICTED)));
    g_assert_cmpfloat (gtk_adjustment_get_upper (hadj), <=, gtk_adjustment_get_page_size (hadj) + 1);
    gtk_widget_set_visible (pane, TRUE);
    gw_test_wait_for (table_compact, table, 30, "the table's compact layout again");
  }

  /* The compare button sits in the middle of its row, however many
   * lines the row has. */
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *r = find_run_row (window, ids[i]);
      GtkWidget *button = g_object_get_data (G_OBJECT (r), "compare-button");
      graphene_rect_t bounds;
      double centre;

      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_compute_bounds (button, r, &bounds));
      centre = bounds.origin.y + bounds.size.height / 2;
      g_test_message ("row %u: %d px high, button centre at %.1f", i, gtk_widget_get_height (r), centre);
      g_assert_cmpfloat (fabs (centre - gtk_widget_get_height (r) / 2.0), <=, 1.0);
    }

  /* From the changed run to the one shown: the differences by label. */
  compare = compare_with (window, ids[1]);
  list = find_named (GTK_WIDGET (compare), "parameter-changes");
  g_assert_nonnull (list);
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    collect_action_rows (list, rows);
    for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *r = rows->pdata[i];
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (r));
      GtkWidget *values = find_with_class (r, GTK_TYPE_LABEL, "numeric");

      /* The folded row's own header is no setting. */
      if (values == NULL)
        continue;
      if (g_str_equal (title, "R² threshold"))
        g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (values)), ==, "0.8 → 0.75");
      else if (g_str_equal (title, "Outlier threshold"))
        g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (values)), ==, "2.5 → 3");
      else
        g_error ("unexpected parameter difference %s", title);
      n_params++;
    }
  }
  g_assert_cmpuint (n_params, ==, 2);

  /* Rows whose status changed, each from one status name to another,
   * in a list view over every change. */
  list = find_named (GTK_WIDGET (compare), "row-changes");
  g_assert_true (GTK_IS_COLUMN_VIEW (list));
  {
    GwChangeList *changes = gw_compare_window_get_changes (GW_COMPARE_WINDOW (compare));

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (changes)); i++)
      {
        const GwRowChange *change = gw_change_list_get_change (changes, i);

        g_assert_true (is_status_label (gw_effective_get_label (gw_row_change_get_from (change))));
        g_assert_true (is_status_label (gw_effective_get_label (gw_row_change_get_to (change))));
        g_assert_cmpuint (gw_row_change_get_from (change), !=, gw_row_change_get_to (change));
        n_changes++;
      }
  }
  g_test_message ("%u rows changed status", n_changes);
  g_assert_cmpuint (n_changes, >, 0);
  gtk_window_set_default_size (compare, 720, 900);
  gw_test_spin (300);
  save_png (GTK_WIDGET (compare), "compare.png");
  gtk_window_destroy (compare);
  gw_test_spin (100);

  /* The same settings and the same statuses: one statement.  Both runs
   * are robust runs saved within moments: the headings still differ. */
  compare = compare_with (window, ids[0]);
  g_assert_nonnull (find_named (GTK_WIDGET (compare), "no-differences"));
  g_test_message ("headings: %s | %s", gw_compare_window_get_title_a (GW_COMPARE_WINDOW (compare)),
                  gw_compare_window_get_title_b (GW_COMPARE_WINDOW (compare)));
  g_assert_cmpstr (gw_compare_window_get_title_a (GW_COMPARE_WINDOW (compare)), !=,
                   gw_compare_window_get_title_b (GW_COMPARE_WINDOW (compare)));
  g_assert_null (find_named (GTK_WIDGET (compare), "row-changes"));
  save_png (GTK_WIDGET (compare), "compare-same.png");

  /* Escape closes it, as a GNOME dialog: a shortcut on the window
   * triggers its close action. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (compare));
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
          continue;
        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
            g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
            GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

            if (strstr (trigger, "Escape") != NULL && GTK_IS_NAMED_ACTION (action) &&
                g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "window.close"))
              found = TRUE;
          }
      }
    g_assert_true (found);
  }
  gtk_widget_activate_action (GTK_WIDGET (compare), "window.close", NULL);
  gw_test_spin (100);
  g_assert_false (compare_window_shown (&compare));

  for (guint i = 0; i < 3; i++)
    g_free (ids[i]);
  app_down ();
}

/* A project with a robust and then a classic run of testwork_user.csv;
 * the runs are handed back to check the window against. */
static char *
make_presets_project (char   *ids[2],
                      GwRun  *runs[2])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-project-ui-XXXXXX", &error);
  g_autofree char *csv_path = gw_test_shared_path ("testwork_user.csv");
  char *path = g_build_filename (dir, "presets.gwproject", NULL);
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);

  g_assert_no_error (error);
  project = gw_project_create (path, "Presets", &error);
  g_assert_no_error (error);
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  table = gw_table_new_from_bytes (bytes, "testwork_user.csv", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      GwParams params;

      gw_params_init (&params, i == 0 ? GW_PRESET_ROBUST : GW_PRESET_CLASSIC);
      runs[i] = gw_analyze (table, &params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      ids[i] = gw_project_save_run (project, runs[i], bytes, "Tester", &error);
      g_assert_no_error (error);
    }

  return path;
}

static GtkWidget *
find_transition_button (GtkWidget *flow,
                        int        index)
{
  for (GtkWidget *child = gtk_widget_get_first_child (flow); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "gw-transition")) == index + 1)
        return button;
    }
  return NULL;
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *w = data;

  return g_list_model_get_n_items (w->model) == w->n;
}

typedef struct
{
  GwResultTable *table;
  guint          row;
} SelectedWait;

static gboolean
selected_row_is (gpointer data)
{
  SelectedWait *w = data;

  return gw_result_table_get_selected_row (w->table) == (int) w->row;
}

static gboolean
export_done (gpointer data)
{
  return !gw_compare_window_is_busy (data);
}

/* Robust against classic: the headings name both presets, the list holds
 * exactly the rows whose status differs between the two runs, counted
 * per kind of change; it sorts by column, filters by kind and by name,
 * shows a row in the table on activation and exports what it shows. */
static void
test_compare_presets (void)
{
  char *ids[2] = { NULL, NULL };
  GwRun *runs[2] = { NULL, NULL };
  g_autofree char *path = make_presets_project (ids, runs);
  g_autoptr(GError) error = NULL;
  guint counts[GW_N_STATUSES][GW_N_STATUSES] = { { 0 } };
  guint n_expected = 0, n_rows = gw_run_get_n_rows (runs[0]);
  GwWindow *window;
  GtkWindow *compare;
  GwChangeList *changes;
  GListModel *model;
  GtkColumnView *view;
  GtkWidget *flow, *search, *row;
  g_autoptr(GListModel) columns = NULL;
  g_autoptr(GtkColumnViewColumn) name_column = NULL;
  g_autoptr(GtkColumnViewColumn) from_column = NULL;
  g_autofree char *needle = NULL;
  guint n_needle = 0, best_from = 0, best_to = 0;
  CountWait wait;

  /* What changed, straight from the two runs (no curation here). */
  g_assert_cmpuint (n_rows, ==, gw_run_get_n_rows (runs[1]));
  for (guint i = 0; i < n_rows; i++)
    {
      GwStatus a = gw_run_get_status (runs[0], i);
      GwStatus b = gw_run_get_status (runs[1], i);

      if (a != b)
        {
          counts[a][b]++;
          n_expected++;
        }
    }
  for (guint a = 0; a < GW_N_STATUSES; a++)
    for (guint b = 0; b < GW_N_STATUSES; b++)
      if (counts[a][b] > counts[best_from][best_to])
        {
          best_from = a;
          best_to = b;
        }
  g_test_message ("%u of %u rows differ between robust and classic", n_expected, n_rows);
  g_assert_cmpuint (n_expected, >, 0);

  app_up ();
  window = open_project (path);
  g_assert_cmpstr (gw_project_controller_get_run_id (gw_window_get_project (window)), ==, ids[1]);
  compare = compare_with (window, ids[0]);
  g_assert_true (GW_IS_COMPARE_WINDOW (compare));

  /* The headings identify the runs as the sidebar does. */
  g_test_message ("headings: %s → %s", gw_compare_window_get_title_a (GW_COMPARE_WINDOW (compare)),
                  gw_compare_window_get_title_b (GW_COMPARE_WINDOW (compare)));
  row = find_named (GTK_WIDGET (compare), "run-a");
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Robust · "));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find_run_row (window, ids[0]))));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), " valid"));
  row = find_named (GTK_WIDGET (compare), "run-b");
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Classic · "));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find_run_row (window, ids[1]))));
  {
    g_autofree char *sidebar = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_run_row (window, ids[1]))));

    /* The sidebar adds changed parameters on further lines. */
    if (strchr (sidebar, '\n') != NULL)
      *strchr (sidebar, '\n') = '\0';
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, sidebar);
  }

  /* Every changed row is listed, none other. */
  changes = gw_compare_window_get_changes (GW_COMPARE_WINDOW (compare));
  model = G_LIST_MODEL (changes);
  view = GTK_COLUMN_VIEW (find_named (GTK_WIDGET (compare), "row-changes"));
  g_assert_true (GTK_IS_COLUMN_VIEW (view));
  g_assert_true (G_LIST_MODEL (gtk_column_view_get_model (view)) != NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, n_expected);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_expected);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view))), ==,
                    GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < n_expected; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      const GwRowChange *change = gw_change_item_get_change (GW_CHANGE_ITEM (item));

      g_assert_cmpuint (gw_run_get_status (runs[0], change->row), ==, gw_row_change_get_from (change));
      g_assert_cmpuint (gw_run_get_status (runs[1], change->row), ==, gw_row_change_get_to (change));
      g_assert_cmpuint (gw_row_change_get_from (change), !=, gw_row_change_get_to (change));
      /* In file order until sorted. */
      if (i > 0)
        g_assert_cmpuint (gw_change_list_get_change (changes, i - 1)->row, <, change->row);
    }
  {
    g_autofree char *n = g_strdup_printf ("%u of %u rows changed status", n_expected, n_rows);

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_named (GTK_WIDGET (compare), "rows-heading"))), ==, n);
  }

  /* The count of each kind of change, most frequent first. */
  flow = find_named (GTK_WIDGET (compare), "transitions");
  g_assert_nonnull (flow);
  {
    guint sum = 0, last = G_MAXUINT;

    for (guint t = 0; t < gw_change_list_get_n_transitions (changes); t++)
      {
        guint from, to, count;
        GtkWidget *button = find_transition_button (flow, (int) t);
        g_autofree char *label = NULL;

        gw_change_list_get_transition (changes, t, &from, &to, &count);
        g_assert_cmpuint (count, ==, counts[from][to]);
        g_assert_cmpuint (count, <=, last);
        last = count;
        sum += count;
        label = g_strdup_printf ("%s → %s: %u", gw_status_get_label (from), gw_status_get_label (to), count);
        g_assert_nonnull (button);
        g_assert_cmpstr (g_object_get_data (G_OBJECT (button), "gw-label"), ==, label);
      }
    g_assert_cmpuint (sum, ==, n_expected);
  }

  gw_test_spin (300);
  gtk_window_set_default_size (compare, 880, 760);
  gw_test_spin (300);
  save_png (GTK_WIDGET (compare), "compare-presets.png");

  /* Sorting by name, through the column header's sorter. */
  columns = gtk_column_view_get_columns (view);
  g_object_ref (columns);
  name_column = g_list_model_get_item (columns, 1);
  from_column = g_list_model_get_item (columns, 2);
  {
    /* An item held across the sort (as the rows on screen are) takes the
     * row now at its position. */
    g_autoptr(GwChangeItem) held = g_list_model_get_item (model, 0);
    guint before = gw_change_item_get_change (held)->row;

    gtk_column_view_sort_by_column (view, name_column, GTK_SORT_ASCENDING);
    g_assert_cmpuint (gw_change_item_get_change (held)->row, ==, gw_change_list_get_change (changes, 0)->row);
    g_test_message ("first row %u before sorting by name, %u after", before, gw_change_item_get_change (held)->row);
  }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_expected);
  for (guint i = 1; i < n_expected; i++)
    {
      guint r0 = gw_change_list_get_change (changes, i - 1)->row;
      guint r1 = gw_change_list_get_change (changes, i)->row;
      int cmp = strcmp (gw_table_get_name (gw_run_get_table (runs[1]), r0),
                        gw_table_get_name (gw_run_get_table (runs[1]), r1));

      /* Rows of one name stay in file order. */
      g_assert_true (cmp < 0 || (cmp == 0 && r0 < r1));
    }
  /* By the status in run A, descending. */
  gtk_column_view_sort_by_column (view, from_column, GTK_SORT_DESCENDING);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_expected);
  for (guint i = 1; i < n_expected; i++)
    g_assert_cmpuint (gw_row_change_get_from (gw_change_list_get_change (changes, i - 1)), >=,
                      gw_row_change_get_from (gw_change_list_get_change (changes, i)));
  {
    g_autoptr(GtkColumnViewColumn) line_column = g_list_model_get_item (columns, 0);

    gtk_column_view_sort_by_column (view, line_column, GTK_SORT_ASCENDING);
    for (guint i = 1; i < n_expected; i++)
      g_assert_cmpuint (gw_change_list_get_change (changes, i - 1)->row, <, gw_change_list_get_change (changes, i)->row);
  }

  /* One kind of change only. */
  {
    GtkWidget *button = find_transition_button (flow, 0);

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, counts[best_from][best_to]);
    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_assert_cmpuint (gw_row_change_get_from (gw_change_list_get_change (changes, i)), ==, best_from);
        g_assert_cmpuint (gw_row_change_get_to (gw_change_list_get_change (changes, i)), ==, best_to);
      }
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_transition_button (flow, -1)), TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_expected);
  }

  /* By name, ignoring case: the first changed row's head group, typed in
   * lower case. */
  {
    const char *first = gw_table_get_name (gw_run_get_table (runs[1]), gw_change_list_get_change (changes, 0)->row);
    const char *paren = strchr (first, '(');
    g_autofree char *head = g_strndup (first, paren ? (gsize) (paren - first) : strlen (first));

    needle = g_ascii_strdown (head, -1);
    for (guint i = 0; i < n_rows; i++)
      {
        g_autofree char *lower = g_ascii_strdown (gw_table_get_name (gw_run_get_table (runs[1]), i), -1);

        if (gw_run_get_status (runs[0], i) != gw_run_get_status (runs[1], i) && strstr (lower, needle) != NULL)
          n_needle++;
      }
    g_test_message ("search “%s”: %u rows", needle, n_needle);
    g_assert_cmpuint (n_needle, >, 0);
    g_assert_cmpuint (n_needle, <, n_expected);
  }
  search = find_named (GTK_WIDGET (compare), "change-search");
  gtk_editable_set_text (GTK_EDITABLE (search), needle);
  wait.model = model;
  wait.n = n_needle;
  gw_test_wait_for (count_is, &wait, 10, "the search");
  for (guint i = 0; i < n_needle; i++)
    {
      g_autofree char *lower = g_ascii_strdown (gw_table_get_name (gw_run_get_table (runs[1]),
                                                                   gw_change_list_get_change (changes, i)->row), -1);

      g_assert_nonnull (strstr (lower, needle));
    }
  gtk_editable_set_text (GTK_EDITABLE (search), "no such ganglioside");
  wait.n = 0;
  gw_test_wait_for (count_is, &wait, 10, "the search without a match");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (view))))),
                   ==, "empty");
  gw_test_spin (300);
  save_png (GTK_WIDGET (compare), "compare-no-match.png");
  /* A compact page that fits the list's least height (200 px) without
   * scrolling, in the list's card. */
  {
    GtkWidget *empty = find_named (GTK_WIDGET (compare), "no-matching-rows");
    GtkWidget *content = empty;
    int width, natural;

    g_assert_true (ADW_IS_STATUS_PAGE (empty));
    g_assert_true (gtk_widget_get_mapped (empty));
    g_assert_true (gtk_widget_has_css_class (empty, "compact"));
    g_assert_true (gtk_widget_has_css_class (empty, "card"));
    while (content != NULL && !GTK_IS_VIEWPORT (content))
      content = gtk_widget_get_first_child (content);
    g_assert_nonnull (content);
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
    width = gtk_widget_get_width (empty);
    gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
    g_test_message ("no-match page: %d px tall at %d px, shown in %d px", natural, width,
                    gtk_widget_get_height (empty));
    g_assert_cmpint (natural, <=, 200);
    g_assert_cmpint (natural, <=, gtk_widget_get_height (empty));
  }
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  wait.n = n_expected;
  gw_test_wait_for (count_is, &wait, 10, "the search cleared");

  /* Activating a row shows it in the results table. */
  {
    guint target = gw_change_list_get_change (changes, n_expected - 1)->row;
    SelectedWait selected = { gw_window_get_result_table (window), target };

    g_signal_emit_by_name (view, "activate", n_expected - 1);
    gw_test_wait_for (selected_row_is, &selected, 30, "the row selected in the table");
  }

  /* Export: what the list shows, as CSV. */
  {
    g_autofree char *dir = g_dir_make_tmp ("gw-compare-export-XXXXXX", &error);
    g_autofree char *csv_path = g_build_filename (dir, "changes.csv", NULL);
    g_autoptr(GFile) out = g_file_new_for_path (csv_path);
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;
    g_autofree char *header = NULL;

    g_assert_no_error (error);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_transition_button (flow, 0)), TRUE);
    gw_compare_window_export_to (GW_COMPARE_WINDOW (compare), out);
    g_assert_true (gw_compare_window_is_busy (GW_COMPARE_WINDOW (compare)));
    gw_test_wait_for (export_done, compare, 30, "the export");
    g_assert_true (g_file_get_contents (csv_path, &contents, NULL, &error));
    g_assert_no_error (error);
    lines = g_strsplit (contents, "\r\n", -1);
    /* A header, a line per row shown, and the empty string after the last. */
    g_assert_cmpuint (g_strv_length (lines), ==, counts[best_from][best_to] + 2);
    header = g_strdup_printf ("line,name,%s,%s", gw_compare_window_get_title_a (GW_COMPARE_WINDOW (compare)),
                              gw_compare_window_get_title_b (GW_COMPARE_WINDOW (compare)));
    g_assert_cmpstr (lines[0], ==, header);
    for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
      {
        g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
        guint r = gw_change_list_get_change (changes, i - 1)->row;

        g_assert_cmpuint (g_strv_length (fields), ==, 4);
        g_assert_cmpuint (g_ascii_strtoull (fields[0], NULL, 10), ==,
                          gw_table_get_line (gw_run_get_table (runs[1]), r));
        g_assert_cmpstr (fields[1], ==, gw_table_get_name (gw_run_get_table (runs[1]), r));
        g_assert_cmpstr (fields[2], ==, gw_status_to_string (gw_run_get_status (runs[0], r)));
        g_assert_cmpstr (fields[3], ==, gw_status_to_string (gw_run_get_status (runs[1], r)));
      }
    g_unlink (csv_path);
    g_rmdir (dir);
  }

  /* Dark, for the screenshot: the badges and the list follow the style. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gw_test_spin (300);
  save_png (GTK_WIDGET (compare), "compare-presets-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (compare);
  for (guint i = 0; i < 2; i++)
    {
      g_free (ids[i]);
      gw_run_unref (runs[i]);
    }
  app_down ();
}

/* Runs saved in the same second look alike in the sidebar unless the
 * titles say more: seconds for runs of the same minute, then the start of
 * the identifier, as the Compare window's headings do; a run with no
 * look-alike keeps its short title. */
static void
test_sidebar_same_second (void)
{
  static const char *uuids[] = {
    "3f2a9c1e-0000-4000-8000-000000000001",
    "b71d04aa-0000-4000-8000-000000000002",
    "c0ffee00-0000-4000-8000-000000000003",
    "d00dfeed-0000-4000-8000-000000000004",
    "e1e2e3e4-0000-4000-8000-000000000005",
  };
  static const char *suffixes[] = { " · 3f2a9c1e", " · b71d04aa", "", "", "" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* 12:00:07 today, and three days before (never "today"). */
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 12, 0, 7);
  g_autoptr(GDateTime) old = g_date_time_add_days (today, -3);
  g_autoptr(GDateTime) old30 = g_date_time_add_seconds (old, 30);
  g_autoptr(GDateTime) old1h = g_date_time_add_hours (old, 1);
  gint64 saved[] = {
    g_date_time_to_unix (today) * G_USEC_PER_SEC + 100000,   /* the same second… */
    g_date_time_to_unix (today) * G_USEC_PER_SEC + 900000,   /* …as this one */
    g_date_time_to_unix (old) * G_USEC_PER_SEC,              /* the same minute… */
    g_date_time_to_unix (old30) * G_USEC_PER_SEC,            /* …as this one */
    g_date_time_to_unix (old1h) * G_USEC_PER_SEC,            /* alone */
  };
  g_autofree char *today_s = g_date_time_format (today, "%H:%M:%S");
  g_autofree char *old_s = g_date_time_format (old, "%Y-%m-%d %H:%M:%S");
  g_autofree char *old30_s = g_date_time_format (old30, "%Y-%m-%d %H:%M:%S");
  g_autofree char *old1h_s = g_date_time_format (old1h, "%Y-%m-%d %H:%M");
  const char *whens[] = { today_s, today_s, old_s, old30_s, old1h_s };
  GwDatasetInfo dataset = { (char *) "dataset-1", (char *) "peaks.csv", (char *) "00", 1, 0, NULL, 5 };
  GwRunInfo infos[G_N_ELEMENTS (uuids)];
  g_autoptr(GPtrArray) datasets = g_ptr_array_new ();
  g_autoptr(GPtrArray) runs = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GwProjectListing listing = { (char *) "Study", NULL, GW_LC_COLUMN_REVERSED_PHASE, datasets, runs, NULL };
  GtkWidget *pane;

  memset (infos, 0, sizeof infos);
  g_ptr_array_add (datasets, &dataset);
  for (guint i = 0; i < G_N_ELEMENTS (uuids); i++)
    {
      infos[i].uuid = (char *) uuids[i];
      infos[i].dataset_uuid = dataset.uuid;
      gw_params_init (&infos[i].params, GW_PRESET_ROBUST);
      infos[i].saved_at = saved[i];
      infos[i].status_counts[GW_STATUS_VALID] = 10;
      g_ptr_array_add (runs, &infos[i]);
    }

  pane = g_object_ref_sink (gw_project_pane_new ());
  gw_project_pane_set_listing (GW_PROJECT_PANE (pane), &listing);
  collect_run_rows (pane, rows);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (uuids));

  for (guint r = 0; r < rows->len; r++)
    {
      const char *id = g_object_get_data (rows->pdata[r], "run-id");
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rows->pdata[r]));
      g_autofree char *expected = NULL;
      guint i;

      for (i = 0; i < G_N_ELEMENTS (uuids) && g_strcmp0 (uuids[i], id) != 0; i++)
        ;
      g_assert_cmpuint (i, <, G_N_ELEMENTS (uuids));
      expected = g_strconcat ("Robust · ", whens[i], suffixes[i], NULL);
      g_test_message ("%s: %s", id, title);
      g_assert_cmpstr (title, ==, expected);
      /* No two rows alike. */
      for (guint o = 0; o < r; o++)
        g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rows->pdata[o])), !=, title);
    }

  g_object_unref (pane);
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

  gw_test_add_isolated ("/ui/project/open-shows-run", test_open_shows_run, 120);
  gw_test_add_isolated ("/ui/project/curate-undo-redo-reopen", test_curate_undo_redo_reopen, 120);
  gw_test_add_isolated ("/ui/project/curation-is-effective", test_curation_is_effective, 120);
  gw_test_add_isolated ("/ui/project/status-sort-is-effective", test_status_sort_is_effective, 120);
  gw_test_add_isolated ("/ui/project/properties", test_properties, 120);
  gw_test_add_isolated ("/ui/project/undo-properties", test_undo_properties, 120);
  gw_test_add_isolated ("/ui/project/drop-adds-dataset", test_drop_adds_dataset, 120);
  gw_test_add_isolated ("/ui/project/new-keeps-analysis", test_new_project_keeps_analysis, 120);
  gw_test_add_isolated ("/ui/project/runs-and-compare", test_runs_and_compare, 120);
  gw_test_add_isolated ("/ui/project/compare-presets", test_compare_presets, 120);
  gw_test_add_isolated ("/ui/project/sidebar-same-second", test_sidebar_same_second, 60);

  return g_test_run ();
}
