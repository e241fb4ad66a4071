/* test-project.c: project files: create, open, errors, datasets, runs, migration
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gw-project.h"
#include "gw-project-private.h"
#include "gw-run-codec.h"
#include "gw-run-private.h"
#include "store-test-util.h"

static void
cleanup_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  store_test_rm_rf (dir);
}

static void
sql (const char *path,
     const char *statement)
{
  sqlite3 *db = NULL;
  char *err = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, statement, NULL, NULL, &err) != SQLITE_OK)
    g_error ("%s: %s", statement, err);
  sqlite3_close (db);
}

static gint64
sql_int (const char *path,
         const char *query)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, query, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

/* A project with one dataset and one synthetic run; returns the run ID. */
static char *
make_project_with_run (const char *path,
                       guint       n_rows,
                       GwRun     **run_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, NULL, &error);
  g_autoptr(GBytes) csv = store_test_make_csv (n_rows, 7);
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  char *id;

  g_assert_no_error (error);
  table = gw_table_new_from_bytes (csv, "peaks.csv", NULL, &error);
  g_assert_no_error (error);
  run = store_test_make_run (table, 3);
  id = gw_project_save_run (project, run, csv, "Tester", &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  if (run_out)
    *run_out = g_steal_pointer (&run);
  return id;
}

static void
test_create_open (void)
{
  g_autofree char *path = store_test_tmp_project_path ("My Lipids");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autofree char *name = NULL;
  g_autofree char *notes = NULL;

  project = gw_project_create (path, NULL, &error);
  g_assert_no_error (error);
  name = gw_project_dup_name (project);
  g_assert_cmpstr (name, ==, "My Lipids");
  g_assert_cmpint (gw_project_get_column_type (project), ==, GW_LC_COLUMN_REVERSED_PHASE);
  g_assert_cmpuint (gw_project_get_n_metadata_revisions (project), ==, 1);

  g_assert_true (gw_project_set_metadata (project, "Brain extracts", "batch 3", GW_LC_COLUMN_HILIC, "Ann", &error));
  g_assert_no_error (error);
  g_assert_false (gw_project_set_metadata (project, "  ", NULL, GW_LC_COLUMN_HILIC, "Ann", &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&project);

  /* The file is a WAL-mode SQLite database with our id and version. */
  g_assert_cmpint (sql_int (path, "PRAGMA application_id"), ==, GW_PROJECT_APPLICATION_ID);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, GW_PROJECT_SCHEMA_VERSION);

  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&name, g_free);
  name = gw_project_dup_name (project);
  notes = gw_project_dup_notes (project);
  g_assert_cmpstr (name, ==, "Brain extracts");
  g_assert_cmpstr (notes, ==, "batch 3");
  g_assert_cmpint (gw_project_get_column_type (project), ==, GW_LC_COLUMN_HILIC);
  /* Metadata changes are revisions: the old one is still there. */
  g_assert_cmpuint (gw_project_get_n_metadata_revisions (project), ==, 2);
  {
    g_autoptr(GPtrArray) revisions = gw_project_list_metadata_revisions (project, &error);
    const GwMetadataRevision *first, *second;

    g_assert_no_error (error);
    g_assert_cmpuint (revisions->len, ==, 2);
    first = g_ptr_array_index (revisions, 0);
    second = g_ptr_array_index (revisions, 1);
    g_assert_cmpint (first->column_type, ==, GW_LC_COLUMN_REVERSED_PHASE);
    g_assert_cmpstr (second->name, ==, "Brain extracts");
    g_assert_cmpstr (second->notes, ==, "batch 3");
    g_assert_cmpstr (second->author, ==, "Ann");
    g_assert_cmpint (second->column_type, ==, GW_LC_COLUMN_HILIC);
    g_assert_cmpint (second->created_at, >=, first->created_at);
    g_assert_cmpstr (first->uuid, !=, second->uuid);
  }
  g_assert_true (gw_project_check_integrity (project, &error));
  g_assert_no_error (error);
  g_clear_object (&project);

  /* Creating over an existing file is refused and leaves it alone. */
  project = gw_project_create (path, "Other", &error);
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_EXISTS);
  g_assert_null (project);
  g_clear_error (&error);
  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&name, g_free);
  name = gw_project_dup_name (project);
  g_assert_cmpstr (name, ==, "Brain extracts");
  g_clear_object (&project);

  cleanup_path (path);
}

/* Opens @path expecting @code, and checks the file was not changed. */
static void
assert_refused (const char *path,
                int         code,
                const char *expected_words)
{
  g_autoptr(GBytes) before = store_test_read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  g_assert_null (project);
  g_assert_error (error, GW_PROJECT_ERROR, code);
  /* Messages name the file. */
  g_assert_nonnull (strstr (error->message, path));
  if (expected_words)
    g_assert_nonnull (strstr (error->message, expected_words));

  after = store_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refused_files (void)
{
  g_autofree char *path = store_test_tmp_project_path ("bad");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint8 garbage[8192];

  project = gw_project_open (path, &error);
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND);
  g_assert_null (project);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_refused (path, GW_PROJECT_ERROR_NOT_A_PROJECT, "empty");

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = g_rand_int (rand);
  g_assert_true (g_file_set_contents (path, (const char *) garbage, sizeof garbage, NULL));
  assert_refused (path, GW_PROJECT_ERROR_NOT_A_PROJECT, "not an SQLite database");

  g_assert_true (g_file_set_contents (path, "Name,RT,Volume,Log P,Anchor\nGM1(36:1;O2),10,1,2,T\n", -1, NULL));
  assert_refused (path, GW_PROJECT_ERROR_NOT_A_PROJECT, NULL);

  /* Another program's SQLite database. */
  g_unlink (path);
  sql (path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  assert_refused (path, GW_PROJECT_ERROR_NOT_A_PROJECT, "SQLite database, but not");

  cleanup_path (path);
}

static void
test_too_new (void)
{
  g_autofree char *path = store_test_tmp_project_path ("future");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, NULL, &error);

  g_assert_no_error (error);
  g_clear_object (&project);

  sql (path, "PRAGMA user_version = 99");
  assert_refused (path, GW_PROJECT_ERROR_TOO_NEW, "newer version");

  cleanup_path (path);
}

static void
test_truncated (void)
{
  g_autofree char *path = store_test_tmp_project_path ("cut");
  g_autofree char *id = make_project_with_run (path, 3000, NULL);
  g_autoptr(GBytes) whole = store_test_read_file (path);
  gsize size = g_bytes_get_size (whole);
  const gsize cuts[] = { 60, 100, 4096, size / 2, size - 1000 };

  g_assert_cmpuint (size, >, 20000);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_assert_true (g_file_set_contents (path, g_bytes_get_data (whole, NULL), cuts[i], NULL));
      assert_refused (path, GW_PROJECT_ERROR_CORRUPT, "truncated");
    }

  cleanup_path (path);
}

/* Damage in the middle of the file: whatever SQLite notices, the store
 * reports an error (never crashes), and the file is not written. */
static void
test_damaged (void)
{
  g_autofree char *path = store_test_tmp_project_path ("damaged");
  g_autofree char *id = make_project_with_run (path, 3000, NULL);
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint n_errors = 0;
  gsize size;

  /* Without the table snapshot, which damage makes the store skip (the
   * dataset is parsed instead: test_table_snapshot_damaged), so that the
   * pages hit here are the run's. */
  sql (path, "DROP TRIGGER dataset_tables_no_delete; DELETE FROM dataset_tables; VACUUM;");
  whole = store_test_read_file (path);
  size = g_bytes_get_size (whole);

  for (guint trial = 0; trial < 12; trial++)
    {
      g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (whole, NULL), size);
      g_autoptr(GBytes) before = NULL;
      g_autoptr(GBytes) after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GwProject) project = NULL;
      gsize at = g_rand_int_range (rand, 4096, size - 4096);
      gboolean failed = FALSE;

      /* Wipe one 4 KiB page with garbage. */
      at -= at % 4096;
      for (guint k = 0; k < 4096; k++)
        data[at + k] = g_rand_int (rand);
      g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));
      before = store_test_read_file (path);

      project = gw_project_open (path, &error);
      if (project != NULL)
        {
          g_autoptr(GPtrArray) runs = gw_project_list_runs (project, NULL, &error);
          g_autoptr(GwRun) run = NULL;

          if (runs != NULL)
            run = gw_project_load_run (project, id, NULL, &error);
          if (error == NULL && !gw_project_check_integrity (project, &error))
            failed = TRUE;
          failed |= error != NULL;
          g_clear_object (&project);
        }
      else
        failed = TRUE;

      if (error != NULL)
        {
          g_assert_true (error->domain == GW_PROJECT_ERROR || error->domain == GW_TABLE_ERROR);
          g_assert_nonnull (error->message);
        }
      n_errors += failed;

      after = store_test_read_file (path);
      g_assert_true (g_bytes_equal (before, after));
    }

  /* Nearly every page of this file belongs to the run: most trials must
   * have been noticed. */
  g_assert_cmpuint (n_errors, >=, 6);

  cleanup_path (path);
}

static void
test_datasets (void)
{
  g_autofree char *path = store_test_tmp_project_path ("data");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, NULL, &error);
  g_autoptr(GBytes) csv1 = store_test_make_csv (500, 1);
  g_autoptr(GBytes) csv2 = store_test_make_csv (20, 2);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id1b = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *sha = NULL;
  GwDatasetInfo *info;
  gint64 before = g_get_real_time ();

  g_assert_no_error (error);
  id1 = gw_project_add_dataset (project, csv1, "first.csv", "Ann", &error);
  g_assert_no_error (error);
  id2 = gw_project_add_dataset (project, csv2, "second.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id1, !=, id2);
  /* The same bytes again: the stored dataset, not a copy. */
  id1b = gw_project_add_dataset (project, csv1, "again.csv", "Ann", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id1, ==, id1b);
  g_clear_object (&project);

  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  list = gw_project_list_datasets (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  info = g_ptr_array_index (list, 0);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, csv1);
  g_assert_cmpstr (info->uuid, ==, id1);
  g_assert_cmpstr (info->name, ==, "first.csv");
  g_assert_cmpstr (info->sha256, ==, sha);
  g_assert_cmpstr (info->author, ==, "Ann");
  g_assert_cmpuint (info->size, ==, g_bytes_get_size (csv1));
  g_assert_cmpint (info->imported_at, >=, before - G_USEC_PER_SEC);
  g_assert_cmpint (info->imported_at, <=, g_get_real_time ());
  g_assert_cmpuint (info->n_runs, ==, 0);
  info = g_ptr_array_index (list, 1);
  g_assert_cmpstr (info->author, ==, gw_project_get_default_author ());

  back = gw_project_load_dataset_bytes (project, id1, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, csv1));

  table = gw_project_load_table (project, id2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_table_get_n_rows (table), ==, 20);
  g_assert_cmpstr (gw_table_get_display_name (table), ==, "second.csv");

  g_clear_pointer (&back, g_bytes_unref);
  back = gw_project_load_dataset_bytes (project, "0000", &error);
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND);
  g_assert_null (back);

  cleanup_path (path);
}

static void
test_run_roundtrip (void)
{
  g_autofree char *path = store_test_tmp_project_path ("runs");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GwRun) loaded = NULL;
  g_autoptr(GwRun) other = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GwRunInfo) info = NULL;
  g_autoptr(GBytes) csv = store_test_make_csv (2000, 7);
  g_autoptr(GwTable) table = NULL;
  g_autofree char *id = make_project_with_run (path, 2000, &run);
  g_autofree char *id2 = NULL;
  g_autofree char *prefix = NULL;

  project = gw_project_open (path, &error);
  g_assert_no_error (error);

  loaded = gw_project_load_run (project, id, NULL, &error);
  g_assert_no_error (error);
  store_test_assert_runs_equal (run, loaded);

  /* An unambiguous prefix works like the whole ID. */
  prefix = g_strndup (id, 8);
  info = gw_project_get_run_info (project, prefix, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->uuid, ==, id);
  g_assert_cmpstr (info->dataset_name, ==, "peaks.csv");
  g_assert_cmpstr (info->author, ==, "Tester");
  g_assert_cmpuint (info->n_rows, ==, 2000);
  g_assert_cmpuint (info->status_counts[GW_STATUS_OUTLIER], ==, gw_run_get_status_count (run, GW_STATUS_OUTLIER));
  store_test_assert_params_equal (&info->params, gw_run_get_params (run));

  /* A second run of the same input shares its dataset. */
  table = gw_table_new_from_bytes (csv, "peaks.csv", NULL, &error);
  g_assert_no_error (error);
  other = store_test_make_run (table, 4);
  id2 = gw_project_save_run (project, other, NULL, NULL, &error);
  g_assert_no_error (error);

  runs = gw_project_list_runs (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_cmpstr (((GwRunInfo *) g_ptr_array_index (runs, 0))->uuid, ==, id);
  g_assert_cmpstr (((GwRunInfo *) g_ptr_array_index (runs, 1))->uuid, ==, id2);
  g_assert_cmpstr (((GwRunInfo *) g_ptr_array_index (runs, 0))->dataset_uuid, ==,
                   ((GwRunInfo *) g_ptr_array_index (runs, 1))->dataset_uuid);
  g_clear_pointer (&runs, g_ptr_array_unref);

  g_clear_pointer (&loaded, gw_run_unref);
  g_clear_object (&project);
  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  loaded = gw_project_load_run (project, id2, NULL, &error);
  g_assert_no_error (error);
  store_test_assert_runs_equal (other, loaded);

  /* Unknown and malformed IDs. */
  g_assert_null (gw_project_load_run (project, "ffffffff", NULL, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (gw_project_load_run (project, "'; DROP TABLE runs; --", NULL, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  cleanup_path (path);
}

static void
test_run_needs_dataset (void)
{
  g_autofree char *path = store_test_tmp_project_path ("nodata");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, NULL, &error);
  g_autoptr(GBytes) csv = store_test_make_csv (50, 1);
  g_autoptr(GBytes) other_csv = store_test_make_csv (50, 2);
  g_autoptr(GwTable) table = gw_table_new_from_bytes (csv, "a.csv", NULL, &error);
  g_autoptr(GwRun) run = store_test_make_run (table, 1);
  g_autoptr(GPtrArray) runs = NULL;
  char *id;

  g_assert_no_error (error);

  id = gw_project_save_run (project, run, NULL, NULL, &error);
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND);
  g_assert_null (id);
  g_clear_error (&error);

  id = gw_project_save_run (project, run, other_csv, NULL, &error);
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID);
  g_assert_null (id);
  g_clear_error (&error);

  /* Nothing half-saved. */
  runs = gw_project_list_runs (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 0);

  cleanup_path (path);
}

static void
test_real_analysis (void)
{
  const char *shared = g_getenv ("GW_SHARED_DATA");
  g_autofree char *csv_path = g_build_filename (shared ? shared : ".", "testwork_user.csv", NULL);
  g_autofree char *path = store_test_tmp_project_path ("real");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, NULL, &error);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GwTable) table = NULL;
  const GwPreset presets[] = { GW_PRESET_CLASSIC, GW_PRESET_ROBUST };
  guint n_done = 0;

  g_assert_no_error (error);
  csv = store_test_read_file (csv_path);
  table = gw_table_new_from_bytes (csv, "testwork_user.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_table_get_n_rows (table), ==, 323);

  for (guint p = 0; p < G_N_ELEMENTS (presets); p++)
    {
      g_autoptr(GwRun) run = NULL;
      g_autoptr(GwRun) loaded = NULL;
      g_autofree char *id = NULL;
      GwParams params;

      gw_params_init (&params, presets[p]);
      run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
      if (run == NULL && g_error_matches (error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_UNSUPPORTED))
        {
          g_test_message ("preset %s not built yet", gw_preset_to_string (presets[p]));
          g_clear_error (&error);
          continue;
        }
      g_assert_no_error (error);

      id = gw_project_save_run (project, run, csv, NULL, &error);
      g_assert_no_error (error);
      loaded = gw_project_load_run (project, id, NULL, &error);
      g_assert_no_error (error);
      store_test_assert_runs_equal (run, loaded);
      n_done++;
    }

  g_assert_cmpuint (n_done, >=, 1);
  cleanup_path (path);
}

static void
test_append_only (void)
{
  g_autofree char *path = store_test_tmp_project_path ("immutable");
  g_autofree char *id = make_project_with_run (path, 100, NULL);
  const char *statements[] = {
    "UPDATE runs SET preset = 'classic'",
    "DELETE FROM runs",
    "UPDATE run_columns SET n = 0",
    "DELETE FROM datasets",
    "UPDATE metadata_revisions SET name = 'x'",
    "DELETE FROM curation_events",
  };
  sqlite3 *db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);
  g_autofree char *action = NULL;
  guint row = 3;

  /* Every table holds a row, so each trigger has something to refuse. */
  g_assert_no_error (error);
  action = gw_project_curate (project, id, &row, 1, GW_CURATION_ACCEPTED, "fine", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      int rc = sqlite3_exec (db, statements[i], NULL, NULL, NULL);

      g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT);
      g_assert_nonnull (strstr (sqlite3_errmsg (db), "immutable"));
    }
  sqlite3_close (db);

  cleanup_path (path);
}

static void
test_migration (void)
{
  g_autofree char *path = store_test_tmp_project_path ("old");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *v2_path = g_build_filename (dir, "donor.gwproject", NULL);
  g_autofree char *backup = g_strconcat (path, ".v1.bak", NULL);
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *statement = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GwRun) loaded = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GwCuration) curation = NULL;
  g_autoptr(GBytes) v1_bytes = NULL;
  g_autoptr(GBytes) backup_bytes = NULL;
  GPtrArray *events;

  /* A version-1 file as the first release wrote it: key/value metadata
   * and curation without actions, holding a run copied from a current
   * project (the run tables did not change). */
  id = make_project_with_run (v2_path, 400, &run);
  g_assert_true (gw_project_create_with_schema (path, "Old study", 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, 1);
  statement = g_strdup_printf ("ATTACH '%s' AS donor;"
                               "INSERT INTO meta VALUES ('notes', 'from 2025');"
                               "INSERT INTO meta VALUES ('column_type', 'hilic');"
                               "INSERT INTO datasets SELECT * FROM donor.datasets;"
                               "INSERT INTO runs SELECT * FROM donor.runs;"
                               "INSERT INTO run_columns SELECT * FROM donor.run_columns;"
                               "INSERT INTO curation_events (uuid, run_uuid, row, status, reason, author, created_at)"
                               " VALUES ('e1', '%s', 5, 'rejected', 'co-elutes with GD1', 'Bo', 1000),"
                               "        ('e2', '%s', 6, 'accepted', 'MS/MS confirmed', 'Bo', 2000),"
                               "        ('e3', '%s', 5, 'accepted', '', 'Cy', 3000);",
                               v2_path, id, id, id);
  sql (path, statement);
  v1_bytes = store_test_read_file (path);

  project = gw_project_open (path, &error);
  g_assert_no_error (error);

  /* The backup is the version-1 file, byte for byte in content. */
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sql_int (backup, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (sql_int (backup, "SELECT count(*) FROM curation_events"), ==, 3);
  g_assert_cmpint (sql_int (backup, "SELECT count(*) FROM meta"), ==, 3);
  backup_bytes = store_test_read_file (backup);
  g_assert_cmpuint (g_bytes_get_size (backup_bytes), >=, g_bytes_get_size (v1_bytes) / 2);

  name = gw_project_dup_name (project);
  g_assert_cmpstr (name, ==, "Old study");
  g_assert_cmpint (gw_project_get_column_type (project), ==, GW_LC_COLUMN_HILIC);

  loaded = gw_project_load_run (project, id, NULL, &error);
  g_assert_no_error (error);
  store_test_assert_runs_equal (run, loaded);

  curation = gw_project_load_curation (project, id, &error);
  g_assert_no_error (error);
  events = gw_curation_get_events (curation);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpint (gw_curation_get_status (curation, 5), ==, GW_CURATION_ACCEPTED);
  g_assert_cmpint (gw_curation_get_status (curation, 6), ==, GW_CURATION_ACCEPTED);
  /* The empty reason of the old file is marked, not lost. */
  g_assert_cmpstr (((GwCurationEvent *) g_ptr_array_index (events, 2))->reason, ==, "(no reason recorded)");
  g_clear_pointer (&curation, gw_curation_unref);

  /* Old events became one action each, so they undo one by one. */
  g_assert_true (gw_project_undo (project, id, NULL, &error));
  g_assert_no_error (error);
  curation = gw_project_load_curation (project, id, &error);
  g_assert_cmpint (gw_curation_get_status (curation, 5), ==, GW_CURATION_REJECTED);
  g_clear_pointer (&curation, gw_curation_unref);
  g_clear_object (&project);

  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, GW_PROJECT_SCHEMA_VERSION);

  /* Opening again neither migrates nor backs up again. */
  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&project);
  {
    g_autofree char *second = g_strconcat (path, ".v1.1.bak", NULL);
    g_autofree char *second2 = g_strconcat (path, ".v2.bak", NULL);

    g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (second2, G_FILE_TEST_EXISTS));
  }

  cleanup_path (path);
}

/* Every input the reader has quirks for: the table read back from the
 * project's snapshot is the parsed table, accessor for accessor. */
static void
test_table_snapshot (void)
{
  const char *shared = g_getenv ("GW_SHARED_DATA");
  const char *test_data = g_getenv ("GW_TEST_DATA");
  const char *inputs[][2] = {
    { "shared", "testwork_user.csv" },
    { "shared", "testwork.csv" },
    { "tests", "invalid-rows.csv" },
    { "tests", "quoted.csv" },
    { "tests", "semicolon-decimal-comma.csv" },
    { "tests", "bom-crlf.csv" },
    { "tests", "aliases.csv" },
    { "tests", "tab.tsv" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *csv_path = g_build_filename (strcmp (inputs[i][0], "shared") == 0 ? shared : test_data,
                                                    inputs[i][1], NULL);
      g_autofree char *path = store_test_tmp_project_path ("snapshot");
      g_autoptr(GError) error = NULL;
      g_autoptr(GwProject) project = NULL;
      g_autoptr(GBytes) csv = store_test_read_file (csv_path);
      g_autoptr(GwTable) table = NULL;
      g_autoptr(GwTable) loaded_table = NULL;
      g_autoptr(GwRun) run = NULL;
      g_autoptr(GwRun) loaded = NULL;
      g_autoptr(GwRunInfo) info = NULL;
      g_autofree char *id = NULL;

      g_test_message ("%s", inputs[i][1]);
      table = gw_table_new_from_bytes (csv, inputs[i][1], NULL, &error);
      g_assert_no_error (error);
      run = store_test_make_run (table, i + 1);

      project = gw_project_create (path, NULL, &error);
      g_assert_no_error (error);
      id = gw_project_save_run (project, run, csv, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&project);
      g_assert_cmpint (sql_int (path, "SELECT count(*) FROM dataset_tables"), ==, 1);

      project = gw_project_open (path, &error);
      g_assert_no_error (error);
      info = gw_project_get_run_info (project, id, &error);
      g_assert_no_error (error);
      loaded_table = gw_project_load_table (project, info->dataset_uuid, NULL, &error);
      g_assert_no_error (error);
      store_test_assert_tables_equal (table, loaded_table);
      loaded = gw_project_load_run (project, id, NULL, &error);
      g_assert_no_error (error);
      store_test_assert_runs_equal (run, loaded);
      store_test_assert_tables_equal (table, gw_run_get_table (loaded));

      /* A second run of the dataset adds no second snapshot. */
      g_clear_pointer (&run, gw_run_unref);
      run = store_test_make_run (table, i + 100);
      g_free (id);
      id = gw_project_save_run (project, run, NULL, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&project);
      g_assert_cmpint (sql_int (path, "SELECT count(*) FROM dataset_tables"), ==, 1);

      cleanup_path (path);
    }
}

/* A damaged or foreign snapshot is never trusted: the original bytes are
 * parsed instead, and the run still opens, identical. */
static void
test_table_snapshot_damaged (void)
{
  const char *damage[] = {
    /* not zstd at all */
    "UPDATE dataset_tables SET data = x'00112233445566778899'",
    /* a byte changed inside the frame: the checksum catches it */
    "UPDATE dataset_tables SET data = substr (data, 1, 100) || x'ff' || substr (data, 102)",
    /* cut short */
    "UPDATE dataset_tables SET data = substr (data, 1, length (data) / 2)",
    /* the announced size is wrong */
    "UPDATE dataset_tables SET size = size + 8",
    /* an unknown codec */
    "UPDATE dataset_tables SET codec = 'raw'",
    /* a snapshot of another dataset */
    "UPDATE datasets SET sha256 = 'ab' || substr (sha256, 3)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autofree char *path = store_test_tmp_project_path ("damaged-snapshot");
      g_autofree char *statement = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GwProject) project = NULL;
      g_autoptr(GwRun) run = NULL;
      g_autoptr(GwRun) loaded = NULL;
      g_autofree char *id = make_project_with_run (path, 500, &run);

      g_test_message ("%s", damage[i]);
      statement = g_strdup_printf ("DROP TRIGGER dataset_tables_no_update;"
                                   "DROP TRIGGER datasets_no_update;"
                                   "%s;", damage[i]);
      sql (path, statement);

      project = gw_project_open (path, &error);
      g_assert_no_error (error);
      loaded = gw_project_load_run (project, id, NULL, &error);
      g_assert_no_error (error);
      store_test_assert_tables_equal (gw_run_get_table (run), gw_run_get_table (loaded));
      g_clear_object (&project);

      cleanup_path (path);
    }
}

static void
append_piece (gconstpointer data,
              gsize         len,
              gpointer      user_data)
{
  g_assert_cmpuint (len, >, 0);
  g_byte_array_append (user_data, data, len);
}

/* The snapshot written piece by piece is the snapshot, invalid rows (in
 * order) included, and compresses as a stream to what reads back as the
 * same table; a stream that gets other than the announced size fails. */
static void
test_table_snapshot_stream (void)
{
  g_autoptr(GString) csv = g_string_new ("Name,RT,Volume,Log P,Anchor\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GByteArray) pieces = g_byte_array_new ();
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GBytes) unpacked = NULL;
  g_autoptr(GwTable) back = NULL;
  GwZstdStream *stream;
  gsize size;

  for (guint i = 0; i < 5000; i++)
    {
      if (i % 397 == 5)
        g_string_append_printf (csv, "GM3(36:1;O2),not-a-number,%u,2.5,F\n", i);
      else
        g_string_append_printf (csv, "GD1(%u:1;O2),%.2f,%u,%.2f,%c\n", 34 + i % 5, 5 + (i % 50) / 10.0,
                                1000 + i, 1 + (i % 5) / 2.0, i % 11 == 0 ? 'T' : 'F');
    }
  bytes = g_string_free_to_bytes (g_steal_pointer (&csv));
  table = gw_table_new_from_bytes (bytes, "stream.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_table_get_n_invalid (table), ==, 13);

  whole = gw_table_snapshot (table);
  size = gw_table_snapshot_size (table);
  g_assert_cmpuint (size, ==, g_bytes_get_size (whole));
  g_assert_cmpuint (gw_table_snapshot_write (table, append_piece, pieces), ==, size);
  g_assert_cmpmem (pieces->data, pieces->len, g_bytes_get_data (whole, NULL), size);

  stream = gw_codec_zstd_stream_new (size);
  gw_table_snapshot_write (table, gw_codec_zstd_stream_write, stream);
  packed = gw_codec_zstd_stream_finish (stream);
  g_assert_nonnull (packed);
  unpacked = gw_codec_zstd_decompress ("snapshot", g_bytes_get_data (packed, NULL),
                                       g_bytes_get_size (packed), size, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (unpacked, whole));
  back = gw_table_new_from_snapshot (unpacked, &error);
  g_assert_no_error (error);
  store_test_assert_tables_equal (table, back);

  /* One byte more or less than announced. */
  stream = gw_codec_zstd_stream_new (size + 1);
  gw_table_snapshot_write (table, gw_codec_zstd_stream_write, stream);
  g_assert_null (gw_codec_zstd_stream_finish (stream));
  stream = gw_codec_zstd_stream_new (size - 1);
  gw_table_snapshot_write (table, gw_codec_zstd_stream_write, stream);
  g_assert_null (gw_codec_zstd_stream_finish (stream));
}

/* Random damage to the engine's snapshot bytes gives an error or a table
 * whose every cell can be read; never a crash (the sanitizer build runs
 * this too). */
static void
test_table_snapshot_garbage (void)
{
  g_autoptr(GBytes) csv = store_test_make_csv (300, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = gw_table_new_from_bytes (csv, "peaks.csv", NULL, &error);
  g_autoptr(GBytes) snapshot = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gsize len;
  const guint8 *data;
  guint n_refused = 0;

  g_assert_no_error (error);
  snapshot = gw_table_snapshot (table);
  data = g_bytes_get_data (snapshot, &len);

  {
    g_autoptr(GwTable) same = gw_table_new_from_snapshot (snapshot, &error);

    g_assert_no_error (error);
    store_test_assert_tables_equal (table, same);
  }

  for (guint round = 0; round < 400; round++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, len);
      gsize cut = len;
      g_autoptr(GBytes) bad = NULL;
      g_autoptr(GwTable) t = NULL;

      if (round % 4 == 0)
        cut = g_rand_int_range (rand, 0, len);
      else
        for (guint k = 0; k < 1 + round % 5; k++)
          {
            /* The header and the offsets are where damage hurts most. */
            gsize at = round % 2 ? g_rand_int_range (rand, 0, MIN (len, 4096)) : g_rand_int_range (rand, 0, len);

            copy[at] = g_rand_int_range (rand, 0, 256);
          }

      bad = g_bytes_new (copy, cut);
      t = gw_table_new_from_snapshot (bad, &error);
      if (t == NULL)
        {
          g_assert_error (error, GW_TABLE_ERROR, GW_TABLE_ERROR_BAD_SNAPSHOT);
          g_clear_error (&error);
          n_refused++;
          continue;
        }
      for (guint r = 0; r < gw_table_get_n_rows (t); r++)
        {
          for (guint c = 0; c < GW_N_COLUMNS; c++)
            g_assert_nonnull (gw_table_get_cell (t, r, c));
          for (guint c = 0; c < gw_table_get_n_extra_columns (t); c++)
            g_assert_nonnull (gw_table_get_extra_cell (t, r, c));
          g_assert_nonnull (gw_table_get_name (t, r));
          if (gw_table_get_parsed_name (t, r) != NULL)
            g_free (gw_name_format (gw_table_get_parsed_name (t, r)));
          if (gw_table_get_group (t, r) >= 0)
            g_assert_nonnull (gw_table_get_group_name (t, gw_table_get_group (t, r)));
        }
    }

  /* Truncations are always refused. */
  g_assert_cmpuint (n_refused, >=, 100);
}

/* A version-2 file (the schema before table snapshots) opens: a backup
 * first, then the migration; its runs load by parsing the stored bytes,
 * and the next run saved on the dataset adds the snapshot. */
static void
test_migration_v2 (void)
{
  g_autofree char *path = store_test_tmp_project_path ("v2");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *donor = g_build_filename (dir, "donor.gwproject", NULL);
  g_autofree char *backup = g_strconcat (path, ".v2.bak", NULL);
  g_autofree char *statement = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GwRun) other = NULL;
  g_autoptr(GwRun) loaded = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GwCuration) curation = NULL;

  id = make_project_with_run (donor, 600, &run);
  g_assert_true (gw_project_create_with_schema (path, "Study v2", 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'dataset_tables'"), ==, 0);
  statement = g_strdup_printf ("ATTACH '%s' AS donor;"
                               "INSERT INTO datasets SELECT * FROM donor.datasets;"
                               "INSERT INTO runs SELECT * FROM donor.runs;"
                               "INSERT INTO run_columns SELECT * FROM donor.run_columns;"
                               "INSERT INTO curation_events (uuid, action_uuid, run_uuid, kind, row, status,"
                               " reason, target_action, author, created_at)"
                               " VALUES ('e1', 'a1', '%s', 'curate', 7, 'rejected', 'co-elutes', NULL, 'Bo', 1000);",
                               donor, id);
  sql (path, statement);

  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sql_int (backup, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (sql_int (backup, "SELECT count(*) FROM runs"), ==, 1);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, GW_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM dataset_tables"), ==, 0);

  loaded = gw_project_load_run (project, id, NULL, &error);
  g_assert_no_error (error);
  store_test_assert_runs_equal (run, loaded);
  curation = gw_project_load_curation (project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_curation_get_status (curation, 7), ==, GW_CURATION_REJECTED);

  /* The snapshot table is append-only like the rest. */
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'dataset_tables_no_update'"), ==, 1);

  other = store_test_make_run (gw_run_get_table (run), 9);
  id2 = gw_project_save_run (project, other, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&project);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM dataset_tables"), ==, 1);

  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&loaded, gw_run_unref);
  loaded = gw_project_load_run (project, id, NULL, &error);
  g_assert_no_error (error);
  store_test_assert_runs_equal (run, loaded);
  store_test_assert_tables_equal (gw_run_get_table (run), gw_run_get_table (loaded));
  g_clear_object (&project);

  {
    g_autofree char *again = g_strconcat (path, ".v2.1.bak", NULL);

    g_assert_false (g_file_test (again, G_FILE_TEST_EXISTS));
  }

  cleanup_path (path);
}

static void
test_compare (void)
{
  g_autofree char *path = store_test_tmp_project_path ("compare");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, NULL, &error);
  g_autoptr(GBytes) csv = store_test_make_csv (300, 5);
  g_autoptr(GBytes) csv2 = store_test_make_csv (300, 6);
  g_autoptr(GwTable) table = gw_table_new_from_bytes (csv, "a.csv", NULL, &error);
  g_autoptr(GwTable) table2 = gw_table_new_from_bytes (csv2, "b.csv", NULL, &error);
  g_autoptr(GwRun) a = store_test_make_run (table, 1);
  g_autoptr(GwRun) b = store_test_make_run (table, 2);
  g_autoptr(GwRun) c = store_test_make_run (table2, 2);
  g_autoptr(GwRunComparison) cmp = NULL;
  g_autofree char *ida = NULL;
  g_autofree char *idb = NULL;
  g_autofree char *idc = NULL;
  g_autofree char *action = NULL;
  const guint8 *sa = gw_run_get_status_column (a);
  const guint8 *sb = gw_run_get_status_column (b);
  guint expected = 0;
  guint row_same = G_MAXUINT;
  gboolean saw_preset = FALSE, saw_outlier = FALSE;

  g_assert_no_error (error);
  ida = gw_project_save_run (project, a, csv, NULL, &error);
  g_assert_no_error (error);
  idb = gw_project_save_run (project, b, NULL, NULL, &error);
  g_assert_no_error (error);
  idc = gw_project_save_run (project, c, csv2, NULL, &error);
  g_assert_no_error (error);

  /* Curating a row that both runs call the same makes it differ. */
  for (guint i = 0; i < 300 && row_same == G_MAXUINT; i++)
    if (sa[i] == sb[i])
      row_same = i;
  g_assert_cmpuint (row_same, <, 300);
  action = gw_project_curate (project, idb, &row_same, 1, GW_CURATION_REJECTED, "bad peak shape", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 300; i++)
    expected += sa[i] != sb[i] || i == row_same;

  cmp = gw_project_compare_runs (project, ida, idb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cmp->n_rows, ==, 300);
  g_assert_cmpuint (cmp->rows->len, ==, expected);
  for (guint i = 0; i < cmp->rows->len; i++)
    {
      GwRowChange *ch = &g_array_index (cmp->rows, GwRowChange, i);

      g_assert_cmpint (ch->status_a, ==, sa[ch->row]);
      g_assert_cmpint (ch->status_b, ==, sb[ch->row]);
      if (ch->row == row_same)
        {
          g_assert_cmpint (ch->curation_b, ==, GW_CURATION_REJECTED);
          g_assert_cmpstr (gw_row_change_get_effective_b (ch), ==, "rejected");
        }
    }

  /* Seeds 1 and 2 differ in preset and outlier threshold. */
  for (guint i = 0; i < cmp->params->len; i++)
    {
      GwParamChange *pc = g_ptr_array_index (cmp->params, i);

      saw_preset |= g_str_equal (pc->name, "preset");
      if (g_str_equal (pc->name, "outlier_threshold"))
        {
          saw_outlier = TRUE;
          g_assert_cmpstr (pc->value_a, ==, "2.25");
          g_assert_cmpstr (pc->value_b, ==, "2.5");
        }
      g_assert_cmpstr (pc->value_a, !=, pc->value_b);
    }
  g_assert_true (saw_preset);
  g_assert_true (saw_outlier);
  g_clear_pointer (&cmp, gw_run_comparison_free);

  cmp = gw_project_compare_runs (project, ida, idc, &error);
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID);
  g_assert_null (cmp);

  cleanup_path (path);
}

static void
test_save_copy (void)
{
  g_autofree char *path = store_test_tmp_project_path ("original");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *dest = g_build_filename (dir, "copy.gwproject", NULL);
  g_autofree char *dest_wal = g_strconcat (dest, "-wal", NULL);
  g_autoptr(GwRun) run = NULL;
  g_autofree char *id = make_project_with_run (path, 500, &run);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);
  g_autoptr(GwProject) copy = NULL;
  g_autoptr(GwRun) loaded = NULL;
  g_autofree char *action = NULL;
  guint row = 4;

  g_assert_no_error (error);
  action = gw_project_curate (project, id, &row, 1, GW_CURATION_ACCEPTED, "checked", NULL, &error);
  g_assert_no_error (error);

  /* Whatever was at the destination goes, a stale WAL included. */
  g_assert_true (g_file_set_contents (dest, "old", -1, NULL));
  g_assert_true (g_file_set_contents (dest_wal, "stale", -1, NULL));
  g_assert_true (gw_project_save_copy (project, dest, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (dest_wal, G_FILE_TEST_EXISTS));

  g_assert_false (gw_project_save_copy (project, path, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID);
  g_clear_error (&error);

  copy = gw_project_open (dest, &error);
  g_assert_no_error (error);
  loaded = gw_project_load_run (copy, id, NULL, &error);
  g_assert_no_error (error);
  store_test_assert_runs_equal (run, loaded);
  {
    g_autoptr(GwCuration) c = gw_project_load_curation (copy, id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (gw_curation_get_status (c, 4), ==, GW_CURATION_ACCEPTED);
  }
  g_clear_object (&copy);
  g_clear_object (&project);

  cleanup_path (path);
}

/* The side reports are packed without GVariantBuilder, for speed: their
 * bytes must be exactly what GVariant makes of the same values (files
 * written before are read by the same code, and the other way round). */
static GVariant *
reference_reports (GwRun *run)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("(a(uiudu)a(auudd)a(suuddb)a(uud)a(uudd)"
                                                                      "a(uuuudib)a(suudd)as)"));
  const GwOacPair *p;
  const GwCoelutionSet *s;
  const GwSugarRtFinding *f;
  const GwCategoryMean *m;
  const GwCategoryInversion *c;
  const GwModShift *ms;
  const GwCrossCategoryInversion *x;
  const char * const *w;
  guint n;

  g_variant_builder_open (&b, G_VARIANT_TYPE ("a(uiudu)"));
  p = gw_run_get_oac_pairs (run, &n);
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&b, "(uiudu)", p[i].row, (gint32) p[i].base_row, p[i].n_oac,
                           p[i].delta_rt, (guint32) p[i].flag);
  g_variant_builder_close (&b);

  g_variant_builder_open (&b, G_VARIANT_TYPE ("a(auudd)"));
  s = gw_run_get_coelution_sets (run, &n);
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&b, "(@auudd)",
                           g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, s[i].members,
                                                      s[i].n_members, sizeof (guint32)),
                           s[i].top_row, s[i].summed_volume, s[i].rt_span);
  g_variant_builder_close (&b);

  g_variant_builder_open (&b, G_VARIANT_TYPE ("a(suuddb)"));
  f = gw_run_get_sugar_rt_findings (run, &n);
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&b, "(suuddb)", f[i].ceramide ? f[i].ceramide : "", f[i].n,
                           f[i].n_sugar_values, f[i].r, f[i].p, (gboolean) !!f[i].flagged);
  g_variant_builder_close (&b);

  g_variant_builder_open (&b, G_VARIANT_TYPE ("a(uud)"));
  m = gw_run_get_category_means (run, &n);
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&b, "(uud)", (guint32) m[i].category, m[i].n, m[i].mean_rt);
  g_variant_builder_close (&b);

  g_variant_builder_open (&b, G_VARIANT_TYPE ("a(uudd)"));
  c = gw_run_get_category_inversions (run, &n);
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&b, "(uudd)", (guint32) c[i].earlier_expected, (guint32) c[i].later_expected,
                           c[i].mean_rt_earlier_expected, c[i].mean_rt_later_expected);
  g_variant_builder_close (&b);

  g_variant_builder_open (&b, G_VARIANT_TYPE ("a(uuuudib)"));
  ms = gw_run_get_mod_shifts (run, &n);
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&b, "(uuuudib)", ms[i].row, ms[i].base_row, (guint32) ms[i].mod,
                           ms[i].count, ms[i].shift_per_mod, (gint32) ms[i].expected_sign,
                           (gboolean) !!ms[i].flagged);
  g_variant_builder_close (&b);

  g_variant_builder_open (&b, G_VARIANT_TYPE ("a(suudd)"));
  x = gw_run_get_cross_category_inversions (run, &n);
  for (guint i = 0; i < n; i++)
    g_variant_builder_add (&b, "(suudd)", x[i].ceramide ? x[i].ceramide : "", x[i].row_more_sialic,
                           x[i].row_fewer_sialic, x[i].rt_more_sialic, x[i].rt_fewer_sialic);
  g_variant_builder_close (&b);

  g_variant_builder_open (&b, G_VARIANT_TYPE_STRING_ARRAY);
  w = gw_run_get_warnings_list (run);
  for (guint i = 0; w != NULL && w[i] != NULL; i++)
    g_variant_builder_add (&b, "s", w[i]);
  g_variant_builder_close (&b);

  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static void
assert_reports_format (GwRun *run)
{
  g_autoptr(GVariant) expected = reference_reports (run);
  g_autoptr(GBytes) packed = gw_run_codec_pack_reports (run);
  g_autoptr(GwRun) back = gw_run_new_for_table (gw_run_get_table (run), gw_run_get_params (run));
  g_autoptr(GError) error = NULL;

  g_assert_cmpmem (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed),
                   g_variant_get_data (expected), g_variant_get_size (expected));

  /* And read back to the same values. */
  g_assert_true (gw_run_codec_set_reports (back, packed, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) again = gw_run_codec_pack_reports (back);

    g_assert_true (g_bytes_equal (packed, again));
  }
}

static void
test_reports_format (void)
{
  g_autoptr(GError) error = NULL;

  /* Enough entries for each width of GVariant's framing offsets (1, 2
   * and 4 bytes) in the arrays, and a long string for 2-byte offsets in
   * a tuple. */
  for (guint k = 0; k < 3; k++)
    {
      static const guint extra[] = { 0, 10, 3000 };
      g_autoptr(GBytes) csv = store_test_make_csv (300, 4);
      g_autoptr(GwTable) table = gw_table_new_from_bytes (csv, "r.csv", NULL, &error);
      g_autoptr(GwRun) run = NULL;
      g_autofree char *long_ceramide = g_strnfill (300, '9');

      g_assert_no_error (error);
      run = store_test_make_run (table, 3);
      for (guint i = 0; i < extra[k]; i++)
        {
          g_autofree char *ceramide = g_strdup_printf ("%u:%u;O2", 30 + i % 17, i % 4);
          GwCrossCategoryInversion cc = { gw_run_intern (run, i == 5 ? long_ceramide : ceramide),
                                          i % 300, (i * 7) % 300, 10.0 + i / 1000.0, -1.5 };
          GwModShift ms = { (i * 3) % 300, i % 300, i % GW_N_MODS, 1 + i % 3, 0.01 * i,
                            i % 2 ? 1 : -1, i % 5 == 0 };

          g_array_append_val (run->cross_category, cc);
          g_array_append_val (run->mod_shifts, ms);
        }
      assert_reports_format (run);
    }

  /* A real analysis, with the side reports the engine makes. */
  {
    g_autofree char *path = g_build_filename (g_getenv ("GW_SHARED_DATA"), "testwork_user.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GwTable) table = gw_table_new_from_file (file, NULL, &error);
    g_autoptr(GwRun) run = NULL;
    GwParams params;

    g_assert_no_error (error);
    gw_params_init (&params, GW_PRESET_ROBUST);
    run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    assert_reports_format (run);
  }

  /* An empty run: every array empty. */
  {
    g_autoptr(GBytes) csv = store_test_make_csv (1, 1);
    g_autoptr(GwTable) table = gw_table_new_from_bytes (csv, "e.csv", NULL, &error);
    g_autoptr(GwRun) run = NULL;
    GwParams params;

    g_assert_no_error (error);
    gw_params_init (&params, GW_PRESET_CLASSIC);
    run = gw_run_new_for_table (table, &params);
    assert_reports_format (run);
  }
}

/* The store checks the side reports against GVariant's normal form itself
 * as it reads them: random damage that it accepts must be normal form for
 * GLib too, and what GLib finds normal may only be refused for naming rows
 * outside the run. */
static void
test_reports_mutations (void)
{
  g_autoptr(GBytes) csv = store_test_make_csv (300, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = gw_table_new_from_bytes (csv, "m.csv", NULL, &error);
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  const guint8 *data;
  gsize len;
  guint n_accepted = 0, n_refused = 0;

  g_assert_no_error (error);
  run = store_test_make_run (table, 3);
  /* Strings of several lengths, and a warning or two, so that damage can
   * land in every kind of member. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *ceramide = g_strdup_printf ("%u:%u;O%u", 30 + i, i % 4, 2 + i % 2);
      GwCrossCategoryInversion cc = { gw_run_intern (run, ceramide), i, 299 - i, 9.5, 9.25 };
      GwModShift ms = { i, i + 1, i % GW_N_MODS, 2, 0.05, -1, i % 2 };

      g_array_append_val (run->cross_category, cc);
      g_array_append_val (run->mod_shifts, ms);
    }
  packed = gw_run_codec_pack_reports (run);
  data = g_bytes_get_data (packed, &len);

  for (guint round = 0; round < 3000; round++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, len);
      gsize cut = len;
      g_autoptr(GBytes) bad = NULL;
      g_autoptr(GVariant) v = NULL;
      g_autoptr(GwRun) back = gw_run_new_for_table (table, gw_run_get_params (run));
      GError *read_error = NULL;
      gboolean mine, glib;

      if (round % 10 == 0)
        cut = g_rand_int_range (rand, 0, len);
      else
        for (guint k = 0; k < 1 + round % 3; k++)
          {
            /* The framing offsets at the end matter most. */
            gsize at = round % 2 ? len - 1 - g_rand_int_range (rand, 0, MIN (len, 64))
                                 : (gsize) g_rand_int_range (rand, 0, len);

            copy[at] = round % 4 < 2 ? g_rand_int_range (rand, 0, 256) : copy[at] ^ (1 << g_rand_int_range (rand, 0, 8));
          }

      bad = g_bytes_new (copy, cut);
      v = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("(a(uiudu)a(auudd)a(suuddb)a(uud)a(uudd)"
                                                                        "a(uuuudib)a(suudd)as)"), bad, FALSE));
      glib = cut > 0 && g_variant_is_normal_form (v);
      mine = gw_run_codec_set_reports (back, bad, &read_error);

      if (mine)
        {
          g_assert_true (glib);
          n_accepted++;
        }
      else
        {
          g_assert_error (read_error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT);
          if (glib)
            g_assert_cmpstr (read_error->message, ==, "Stored side reports name rows outside the run");
          n_refused++;
        }
      g_clear_error (&read_error);
    }

  /* Both outcomes happened (a flipped bit in a double is still normal). */
  g_assert_cmpuint (n_accepted, >, 100);
  g_assert_cmpuint (n_refused, >, 100);
}

/* A run's side reports replaced by a one-byte, an empty, a cut and a
 * bit-flipped blob: each is refused as damage, never read as something
 * else. */
static void
test_reports_damaged (void)
{
  g_autofree char *path = store_test_tmp_project_path ("reports");
  g_autofree char *id = make_project_with_run (path, 300, NULL);
  gint64 len = sql_int (path, "SELECT length (reports) FROM runs");
  static const char * const damage[] = {
    "UPDATE runs SET reports = x'00'",
    "UPDATE runs SET reports = x''",
    "UPDATE runs SET reports = substr (reports, 1, length (reports) - 3)",
    "UPDATE runs SET reports = zeroblob (length (reports))",
    /* The last framing offset (the OAC array's end) pointing past the end. */
    "UPDATE runs SET reports = CAST (substr (reports, 1, length (reports) - 1) || x'ff' AS BLOB)",
  };
  g_autoptr(GBytes) whole = NULL;

  g_assert_cmpint (len, >, 8);
  sql (path, "PRAGMA wal_checkpoint (TRUNCATE)");
  whole = store_test_read_file (path);

  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwProject) project = NULL;
      g_autoptr(GwRun) run = NULL;
      g_autofree char *statement = g_strconcat ("DROP TRIGGER runs_no_update; ", damage[i], NULL);
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);

      g_unlink (wal);
      g_assert_true (g_file_set_contents (path, g_bytes_get_data (whole, NULL), g_bytes_get_size (whole), NULL));
      sql (path, statement);

      project = gw_project_open (path, &error);
      g_assert_no_error (error);
      run = gw_project_load_run (project, id, NULL, &error);
      g_test_message ("%s: %s", damage[i], error ? error->message : "loaded");
      g_assert_null (run);
      g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT);
    }

  cleanup_path (path);
}

/* The store hashes datasets with nettle: the same hex as GChecksum, at
 * every length around SHA-256's 64-byte blocks and its padding. */
static void
test_sha256 (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  static const gsize sizes[] = { 0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 100003 };
  g_autofree guint8 *data = g_malloc (100003);

  for (gsize i = 0; i < 100003; i++)
    data[i] = g_rand_int (rand);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, sizes[i]);
      g_autofree char *hex = gw_codec_sha256 (data, sizes[i]);

      g_assert_cmpstr (hex, ==, expected);
    }
}

/* zlib streams come back byte for byte; a damaged stream, or one of
 * another length than announced, is refused as damage. */
static void
test_unpack (void)
{
  g_autoptr(GBytes) csv = store_test_make_csv (2000, 5);
  gsize size = g_bytes_get_size (csv);
  g_autoptr(GBytes) packed = gw_codec_maybe_compress (g_bytes_get_data (csv, NULL), size);
  g_autoptr(GBytes) back = NULL;
  g_autofree guint8 *damaged = NULL;
  gsize len;
  GError *error = NULL;

  g_assert_nonnull (packed);
  len = g_bytes_get_size (packed);
  back = gw_codec_unpack ("csv", TRUE, g_bytes_get_data (packed, NULL), len, size, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, csv));

  /* Announced one byte short, one byte long. */
  g_assert_null (gw_codec_unpack ("csv", TRUE, g_bytes_get_data (packed, NULL), len, size - 1, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_null (gw_codec_unpack ("csv", TRUE, g_bytes_get_data (packed, NULL), len, size + 1, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT);
  g_clear_error (&error);

  /* Cut short, and a flipped byte in the middle. */
  g_assert_null (gw_codec_unpack ("csv", TRUE, g_bytes_get_data (packed, NULL), len / 2, size, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT);
  g_clear_error (&error);
  damaged = g_memdup2 (g_bytes_get_data (packed, NULL), len);
  damaged[len / 2] ^= 0x5a;
  g_assert_null (gw_codec_unpack ("csv", TRUE, damaged, len, size, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT);
  g_clear_error (&error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/project/create-open", test_create_open);
  g_test_add_func ("/store/project/refused-files", test_refused_files);
  g_test_add_func ("/store/project/too-new", test_too_new);
  g_test_add_func ("/store/project/truncated", test_truncated);
  g_test_add_func ("/store/project/damaged", test_damaged);
  g_test_add_func ("/store/project/datasets", test_datasets);
  g_test_add_func ("/store/project/run-roundtrip", test_run_roundtrip);
  g_test_add_func ("/store/project/run-needs-dataset", test_run_needs_dataset);
  g_test_add_func ("/store/project/real-analysis", test_real_analysis);
  g_test_add_func ("/store/project/append-only", test_append_only);
  g_test_add_func ("/store/project/migration", test_migration);
  g_test_add_func ("/store/project/table-snapshot", test_table_snapshot);
  g_test_add_func ("/store/project/table-snapshot-damaged", test_table_snapshot_damaged);
  g_test_add_func ("/store/project/table-snapshot-garbage", test_table_snapshot_garbage);
  g_test_add_func ("/store/project/table-snapshot-stream", test_table_snapshot_stream);
  g_test_add_func ("/store/project/migration-v2", test_migration_v2);
  g_test_add_func ("/store/project/compare", test_compare);
  g_test_add_func ("/store/project/save-copy", test_save_copy);
  g_test_add_func ("/store/project/reports-format", test_reports_format);
  g_test_add_func ("/store/project/reports-damaged", test_reports_damaged);
  g_test_add_func ("/store/project/reports-mutations", test_reports_mutations);
  g_test_add_func ("/store/project/sha256", test_sha256);
  g_test_add_func ("/store/project/unpack", test_unpack);

  return g_test_run ();
}
