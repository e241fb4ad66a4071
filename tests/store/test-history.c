/* test-history.c: one undo history over project properties and curation
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gw-project-private.h"
#include "store-test-util.h"

#define N_ROWS 30

/* An editor's undo stacks, kept by the test: each action is either a set
 * of row overrides or the project's whole metadata after an edit. */
typedef struct
{
  gboolean     metadata;
  GHashTable  *rows;       /* row → status, curation only */
  char        *name;
  char        *notes;
  GwLcColumn   column;
} Action;

static void
action_free (Action *a)
{
  g_clear_pointer (&a->rows, g_hash_table_unref);
  g_free (a->name);
  g_free (a->notes);
  g_free (a);
}

typedef struct
{
  GPtrArray *done;
  GPtrArray *undone;
  char      *initial_name;
} Model;

static void
model_curation (Model  *m,
                guint8 *out)
{
  memset (out, 0, N_ROWS);
  for (guint i = 0; i < m->done->len; i++)
    {
      Action *a = g_ptr_array_index (m->done, i);
      GHashTableIter iter;
      gpointer k, v;

      if (a->metadata)
        continue;
      g_hash_table_iter_init (&iter, a->rows);
      while (g_hash_table_iter_next (&iter, &k, &v))
        out[GPOINTER_TO_UINT (k)] = GPOINTER_TO_UINT (v);
    }
}

/* The metadata in effect: that of the newest metadata edit still done. */
static const Action *
model_metadata (Model *m)
{
  for (guint i = m->done->len; i > 0; i--)
    {
      Action *a = g_ptr_array_index (m->done, i - 1);

      if (a->metadata)
        return a;
    }
  return NULL;
}

static GwHistoryActionKind
top_kind (GPtrArray *stack)
{
  Action *a;

  if (stack->len == 0)
    return GW_HISTORY_ACTION_NONE;
  a = g_ptr_array_index (stack, stack->len - 1);
  return a->metadata ? GW_HISTORY_ACTION_METADATA : GW_HISTORY_ACTION_CURATION;
}

static void
check_project (GwProject *project,
               const char *run_id,
               GwRun      *run,
               Model      *m,
               guint       n_revisions,
               guint       n_events)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCuration) c = gw_project_load_curation (project, run_id, &error);
  g_autoptr(GwHistory) h = NULL;
  g_autofree char *name = gw_project_dup_name (project);
  g_autofree char *notes = gw_project_dup_notes (project);
  const Action *meta = model_metadata (m);
  guint8 expected[N_ROWS];

  g_assert_no_error (error);
  model_curation (m, expected);
  g_assert_cmpmem (gw_curation_get_status_column (c), N_ROWS, expected, N_ROWS);

  g_assert_cmpstr (name, ==, meta ? meta->name : m->initial_name);
  g_assert_cmpstr (notes, ==, meta ? meta->notes : "");
  g_assert_cmpint (gw_project_get_column_type (project), ==, meta ? meta->column : GW_LC_COLUMN_REVERSED_PHASE);

  /* Nothing is ever deleted: both logs only grow. */
  g_assert_cmpuint (gw_project_get_n_metadata_revisions (project), ==, n_revisions);
  g_assert_cmpuint (gw_curation_get_events (c)->len, ==, n_events);

  h = gw_project_load_history (project, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_history_get_undo_kind (h), ==, top_kind (m->done));
  g_assert_cmpint (gw_history_get_redo_kind (h), ==, top_kind (m->undone));
  g_assert_cmpint (gw_history_get_undo_action (h) != NULL, ==, m->done->len > 0);
  g_assert_cmpint (gw_history_get_redo_action (h) != NULL, ==, m->undone->len > 0);
  if (m->done->len > 0)
    {
      g_autofree char *label = gw_history_dup_undo_label (h, run);

      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
    }
}

/* A random walk of curations, property edits, undos, redos and re-opens,
 * checked step by step against the model. */
static void
test_sequences (void)
{
  g_autofree char *path = store_test_tmp_project_path ("history");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, "Start", &error);
  g_autoptr(GBytes) csv = store_test_make_csv (N_ROWS, 5);
  g_autoptr(GwTable) table = gw_table_new_from_bytes (csv, "h.csv", NULL, &error);
  g_autoptr(GwRun) run = store_test_make_run (table, 2);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *id = NULL;
  guint n_revisions = 1, n_events = 0;
  guint n_meta_undo = 0, n_meta_redo = 0, n_cur_undo = 0, n_reopen = 0;
  Model m;

  g_assert_no_error (error);
  id = gw_project_save_run (project, run, csv, NULL, &error);
  g_assert_no_error (error);

  m.done = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);
  m.undone = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);
  m.initial_name = g_strdup ("Start");

  for (guint step = 0; step < 400; step++)
    {
      guint op = g_rand_int_range (rand, 0, 20);

      if (op < 5)
        {
          Action *a = g_new0 (Action, 1);
          guint rows[3];
          guint n = g_rand_int_range (rand, 1, 4);
          GwCurationStatus status = g_rand_boolean (rand) ? GW_CURATION_ACCEPTED : GW_CURATION_REJECTED;
          g_autofree char *action_id = NULL;

          a->rows = g_hash_table_new (NULL, NULL);
          for (guint i = 0; i < n; i++)
            {
              rows[i] = g_rand_int_range (rand, 0, N_ROWS);
              g_hash_table_insert (a->rows, GUINT_TO_POINTER (rows[i]), GUINT_TO_POINTER (status));
            }
          action_id = gw_project_curate (project, id, rows, n, status, "checked", "Ann", &error);
          g_assert_no_error (error);
          g_ptr_array_add (m.done, a);
          g_ptr_array_set_size (m.undone, 0);
          n_events += n;
        }
      else if (op < 9)
        {
          Action *a = g_new0 (Action, 1);

          a->metadata = TRUE;
          /* A fresh name every time, so each edit changes something. */
          a->name = g_strdup_printf ("Study %u", step);
          a->notes = g_rand_boolean (rand) ? g_strdup_printf ("notes of step %u", step) : g_strdup ("");
          a->column = g_rand_boolean (rand) ? GW_LC_COLUMN_HILIC : GW_LC_COLUMN_REVERSED_PHASE;
          g_assert_true (gw_project_set_metadata (project, a->name, a->notes, a->column, "Ann", &error));
          g_assert_no_error (error);
          g_ptr_array_add (m.done, a);
          g_ptr_array_set_size (m.undone, 0);
          n_revisions++;
        }
      else if (op < 14)
        {
          GwHistoryActionKind kind = top_kind (m.done);
          gboolean ok = gw_project_undo (project, id, "Ann", &error);

          if (m.done->len == 0)
            {
              g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOTHING_TO_UNDO);
              g_assert_false (ok);
              g_clear_error (&error);
            }
          else
            {
              g_assert_no_error (error);
              g_assert_true (ok);
              g_ptr_array_add (m.undone, g_ptr_array_steal_index (m.done, m.done->len - 1));
              if (kind == GW_HISTORY_ACTION_METADATA)
                n_revisions++, n_meta_undo++;
              else
                n_events++, n_cur_undo++;
            }
        }
      else if (op < 18)
        {
          GwHistoryActionKind kind = top_kind (m.undone);
          gboolean ok = gw_project_redo (project, id, "Ann", &error);

          if (m.undone->len == 0)
            {
              g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOTHING_TO_REDO);
              g_assert_false (ok);
              g_clear_error (&error);
            }
          else
            {
              g_assert_no_error (error);
              g_assert_true (ok);
              g_ptr_array_add (m.done, g_ptr_array_steal_index (m.undone, m.undone->len - 1));
              if (kind == GW_HISTORY_ACTION_METADATA)
                n_revisions++, n_meta_redo++;
              else
                n_events++;
            }
        }
      else
        {
          /* Close and re-open: the history lives in the file. */
          g_clear_object (&project);
          project = gw_project_open (path, &error);
          g_assert_no_error (error);
          n_reopen++;
        }

      check_project (project, id, run, &m, n_revisions, n_events);
    }

  /* The walk exercised every branch. */
  g_assert_cmpuint (n_meta_undo, >, 10);
  g_assert_cmpuint (n_meta_redo, >, 5);
  g_assert_cmpuint (n_cur_undo, >, 10);
  g_assert_cmpuint (n_reopen, >, 10);

  g_assert_true (gw_project_check_integrity (project, &error));
  g_assert_no_error (error);

  g_ptr_array_unref (m.done);
  g_ptr_array_unref (m.undone);
  g_free (m.initial_name);
  g_clear_object (&project);
  store_test_rm_rf (dir);
}

/* The hand-written case the dialog produces: rename, curate, change the
 * column; undo walks back through all three in reverse, across a
 * re-open, and the audit trail says what each revision did. */
static void
test_interleaved (void)
{
  g_autofree char *path = store_test_tmp_project_path ("history-mixed");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, "Brain", &error);
  g_autoptr(GBytes) csv = store_test_make_csv (N_ROWS, 3);
  g_autoptr(GwTable) table = gw_table_new_from_bytes (csv, "m.csv", NULL, &error);
  g_autoptr(GwRun) run = store_test_make_run (table, 1);
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GwCuration) c = NULL;
  g_autoptr(GwHistory) h = NULL;
  g_autofree char *id = NULL;
  g_autofree char *action = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;
  guint row = 4;

  g_assert_no_error (error);
  id = gw_project_save_run (project, run, csv, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (gw_project_set_metadata (project, "Cortex", "", GW_LC_COLUMN_REVERSED_PHASE, "Ann", &error));
  action = gw_project_curate (project, id, &row, 1, GW_CURATION_REJECTED, "co-elutes", "Ann", &error);
  g_assert_no_error (error);
  g_assert_true (gw_project_set_metadata (project, "Cortex", "", GW_LC_COLUMN_HILIC, "Ann", &error));
  g_assert_no_error (error);

  /* Saving unchanged properties adds no revision and no undo step. */
  g_assert_true (gw_project_set_metadata (project, "Cortex", "", GW_LC_COLUMN_HILIC, "Ann", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gw_project_get_n_metadata_revisions (project), ==, 3);

  h = gw_project_load_history (project, id, &error);
  g_assert_no_error (error);
  label = gw_history_dup_undo_label (h, run);
  g_assert_cmpstr (label, ==, "Column set to HILIC");
  g_clear_pointer (&label, g_free);
  g_clear_pointer (&h, gw_history_unref);

  /* Undo 1: the column, with no run at all (the properties alone). */
  g_assert_true (gw_project_undo (project, NULL, "Bo", &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_project_get_column_type (project), ==, GW_LC_COLUMN_REVERSED_PHASE);

  /* Without a run, the properties' history skips the run's curation:
   * the next undo there is the rename. */
  h = gw_project_load_history (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_history_get_undo_kind (h), ==, GW_HISTORY_ACTION_METADATA);
  g_clear_pointer (&h, gw_history_unref);

  /* With the run, it is the curation. */
  g_clear_object (&project);
  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  h = gw_project_load_history (project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_history_get_undo_action (h), ==, action);
  label = gw_history_dup_undo_label (h, run);
  g_assert_nonnull (strstr (label, "Reject"));
  g_clear_pointer (&label, g_free);
  g_clear_pointer (&h, gw_history_unref);

  g_assert_true (gw_project_undo (project, id, "Bo", &error));
  c = gw_project_load_curation (project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_curation_get_n_curated (c), ==, 0);
  g_clear_pointer (&c, gw_curation_unref);

  g_assert_true (gw_project_undo (project, id, "Bo", &error));
  name = gw_project_dup_name (project);
  g_assert_cmpstr (name, ==, "Brain");
  g_clear_pointer (&name, g_free);

  /* Nothing before the project's creation. */
  g_assert_false (gw_project_undo (project, id, "Bo", &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  /* Redo in order: rename, curation, column. */
  g_assert_true (gw_project_redo (project, id, "Bo", &error));
  name = gw_project_dup_name (project);
  g_assert_cmpstr (name, ==, "Cortex");
  g_assert_true (gw_project_redo (project, id, "Bo", &error));
  c = gw_project_load_curation (project, id, &error);
  g_assert_cmpuint (gw_curation_get_n_curated (c), ==, 1);
  g_assert_true (gw_project_redo (project, id, "Bo", &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_project_get_column_type (project), ==, GW_LC_COLUMN_HILIC);

  /* The trail: created, rename, column, undo column, undo rename, redo
   * rename, redo column; each says what it did. */
  revisions = gw_project_list_metadata_revisions (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 7);
  text = gw_metadata_revisions_describe (revisions, 0);
  g_assert_cmpstr (text, ==, "Created “Brain”");
  g_clear_pointer (&text, g_free);
  text = gw_metadata_revisions_describe (revisions, 1);
  g_assert_cmpstr (text, ==, "Renamed to “Cortex”");
  g_clear_pointer (&text, g_free);
  text = gw_metadata_revisions_describe (revisions, 3);
  g_assert_cmpstr (text, ==, "Undid: Column set to HILIC");
  g_clear_pointer (&text, g_free);
  text = gw_metadata_revisions_describe (revisions, 4);
  g_assert_cmpstr (text, ==, "Undid: Renamed to “Cortex”");
  g_clear_pointer (&text, g_free);
  text = gw_metadata_revisions_describe (revisions, 6);
  g_assert_cmpstr (text, ==, "Redid: Column set to HILIC");
  g_assert_cmpint (((GwMetadataRevision *) g_ptr_array_index (revisions, 3))->kind, ==, GW_METADATA_UNDO);
  g_assert_cmpstr (((GwMetadataRevision *) g_ptr_array_index (revisions, 3))->author, ==, "Bo");
  g_assert_cmpstr (((GwMetadataRevision *) g_ptr_array_index (revisions, 3))->target, ==,
                   ((GwMetadataRevision *) g_ptr_array_index (revisions, 2))->uuid);
  /* Dated in the order they were made. */
  for (guint i = 1; i < revisions->len; i++)
    g_assert_cmpint (((GwMetadataRevision *) g_ptr_array_index (revisions, i - 1))->created_at, <,
                     ((GwMetadataRevision *) g_ptr_array_index (revisions, i))->created_at);

  g_clear_object (&project);
  store_test_rm_rf (dir);
}

/* A file written by the release before metadata undo: migrated (after a
 * backup), its existing edit becomes undoable. */
static void
test_migrated (void)
{
  g_autofree char *path = store_test_tmp_project_path ("history-v4");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *backup = g_strconcat (path, ".v4.bak", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autofree char *name = NULL;
  sqlite3 *db = NULL;

  g_assert_true (gw_project_create_with_schema (path, "Old", 4, &error));
  g_assert_no_error (error);

  /* An edit as release 4 wrote it: no kind, no target. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO metadata_revisions (uuid, name, notes, column_type, author, created_at)"
                                 " SELECT '6f1c1e3e-0000-4000-8000-000000000001', 'Old renamed', '',"
                                 " 'hilic', 'Ann', max (created_at) + 1 FROM metadata_revisions",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  name = gw_project_dup_name (project);
  g_assert_cmpstr (name, ==, "Old renamed");
  g_clear_pointer (&name, g_free);

  g_assert_true (gw_project_undo (project, NULL, "Ann", &error));
  g_assert_no_error (error);
  name = gw_project_dup_name (project);
  g_assert_cmpstr (name, ==, "Old");
  g_assert_cmpint (gw_project_get_column_type (project), ==, GW_LC_COLUMN_REVERSED_PHASE);

  g_clear_object (&project);
  store_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/history/sequences", test_sequences);
  g_test_add_func ("/store/history/interleaved", test_interleaved);
  g_test_add_func ("/store/history/migrated", test_migrated);

  return g_test_run ();
}
