/* test-curation.c: curation events, effective status, undo and redo
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gw-project.h"
#include "store-test-util.h"

static GwCurationEvent *
ev (const char          *action,
    GwCurationEventKind  kind,
    guint                row,
    GwCurationStatus     status,
    const char          *target)
{
  GwCurationEvent *e = g_new0 (GwCurationEvent, 1);

  e->uuid = g_uuid_string_random ();
  e->action_uuid = g_strdup (action);
  e->run_uuid = g_strdup ("run");
  e->kind = kind;
  e->row = row;
  e->status = status;
  e->reason = g_strdup (kind == GW_CURATION_EVENT_CURATE ? "why" : "");
  e->target_action = g_strdup (target);
  e->author = g_strdup ("me");
  return e;
}

/* The replay itself, without a file. */
static void
test_replay (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_curation_event_free);
  g_autoptr(GwCuration) c = NULL;

#define REPLAY() G_STMT_START { \
    g_clear_pointer (&c, gw_curation_unref); \
    c = gw_curation_new (10, events); \
  } G_STMT_END

  REPLAY ();
  g_assert_cmpuint (gw_curation_get_n_curated (c), ==, 0);
  g_assert_null (gw_curation_get_undo_action (c));
  g_assert_null (gw_curation_get_redo_action (c));

  /* A: accept rows 1 and 2.  B: reject row 2. */
  g_ptr_array_add (events, ev ("A", GW_CURATION_EVENT_CURATE, 1, GW_CURATION_ACCEPTED, NULL));
  g_ptr_array_add (events, ev ("A", GW_CURATION_EVENT_CURATE, 2, GW_CURATION_ACCEPTED, NULL));
  g_ptr_array_add (events, ev ("B", GW_CURATION_EVENT_CURATE, 2, GW_CURATION_REJECTED, NULL));
  REPLAY ();
  g_assert_cmpint (gw_curation_get_status (c, 1), ==, GW_CURATION_ACCEPTED);
  g_assert_cmpint (gw_curation_get_status (c, 2), ==, GW_CURATION_REJECTED);
  g_assert_cmpint (gw_curation_get_status (c, 3), ==, GW_CURATION_NONE);
  g_assert_cmpuint (gw_curation_get_n_curated (c), ==, 2);
  g_assert_cmpstr (gw_curation_get_undo_action (c), ==, "B");
  g_assert_true (gw_curation_get_event (c, 2) == g_ptr_array_index (events, 2));

  /* Undo B: row 2 goes back to A's call. */
  g_ptr_array_add (events, ev ("U1", GW_CURATION_EVENT_UNDO, 0, GW_CURATION_NONE, "B"));
  REPLAY ();
  g_assert_cmpint (gw_curation_get_status (c, 2), ==, GW_CURATION_ACCEPTED);
  g_assert_cmpstr (gw_curation_get_undo_action (c), ==, "A");
  g_assert_cmpstr (gw_curation_get_redo_action (c), ==, "B");

  /* Undo A: nothing curated. */
  g_ptr_array_add (events, ev ("U2", GW_CURATION_EVENT_UNDO, 0, GW_CURATION_NONE, "A"));
  REPLAY ();
  g_assert_cmpuint (gw_curation_get_n_curated (c), ==, 0);
  g_assert_null (gw_curation_get_undo_action (c));
  g_assert_cmpstr (gw_curation_get_redo_action (c), ==, "A");

  /* Redo A. */
  g_ptr_array_add (events, ev ("R1", GW_CURATION_EVENT_REDO, 0, GW_CURATION_NONE, "A"));
  REPLAY ();
  g_assert_cmpint (gw_curation_get_status (c, 1), ==, GW_CURATION_ACCEPTED);
  g_assert_cmpint (gw_curation_get_status (c, 2), ==, GW_CURATION_ACCEPTED);
  g_assert_cmpstr (gw_curation_get_redo_action (c), ==, "B");

  /* A new action makes B unreachable. */
  g_ptr_array_add (events, ev ("C", GW_CURATION_EVENT_CURATE, 7, GW_CURATION_REJECTED, NULL));
  REPLAY ();
  g_assert_null (gw_curation_get_redo_action (c));
  g_assert_cmpstr (gw_curation_get_undo_action (c), ==, "C");

  /* A stale redo of B, and events out of range, change nothing. */
  g_ptr_array_add (events, ev ("R2", GW_CURATION_EVENT_REDO, 0, GW_CURATION_NONE, "B"));
  g_ptr_array_add (events, ev ("D", GW_CURATION_EVENT_CURATE, 99, GW_CURATION_REJECTED, NULL));
  REPLAY ();
  g_assert_cmpint (gw_curation_get_status (c, 2), ==, GW_CURATION_ACCEPTED);
  g_assert_cmpuint (gw_curation_get_n_curated (c), ==, 3);
  g_assert_cmpuint (gw_curation_get_events (c)->len, ==, 9);
#undef REPLAY
}

/* An in-memory model of an editor's undo stacks, to check the store
 * against. */
typedef struct
{
  GPtrArray *done;    /* GHashTable row → status, one per action */
  GPtrArray *undone;
} Model;

static void
model_effective (Model  *m,
                 guint8 *out,
                 guint   n)
{
  memset (out, 0, n);
  for (guint a = 0; a < m->done->len; a++)
    {
      GHashTable *action = g_ptr_array_index (m->done, a);
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, action);
      while (g_hash_table_iter_next (&iter, &k, &v))
        out[GPOINTER_TO_UINT (k)] = GPOINTER_TO_UINT (v);
    }
}

static void
test_undo_redo_sequences (void)
{
  g_autofree char *path = store_test_tmp_project_path ("undo");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, NULL, &error);
  g_autoptr(GBytes) csv = store_test_make_csv (40, 3);
  g_autoptr(GwTable) table = gw_table_new_from_bytes (csv, "u.csv", NULL, &error);
  g_autoptr(GwRun) run = store_test_make_run (table, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autofree char *id = NULL;
  Model m;
  guint n_events = 0;
  guint n_undo = 0, n_redo = 0, n_reopen = 0;

  g_assert_no_error (error);
  id = gw_project_save_run (project, run, csv, NULL, &error);
  g_assert_no_error (error);

  m.done = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  m.undone = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);

  for (guint step = 0; step < 300; step++)
    {
      guint op = g_rand_int_range (rand, 0, 10);
      g_autoptr(GwCuration) c = NULL;
      guint8 expected[40];

      if (op < 4)
        {
          guint rows[4];
          guint n = g_rand_int_range (rand, 1, 5);
          GwCurationStatus status = g_rand_boolean (rand) ? GW_CURATION_ACCEPTED : GW_CURATION_REJECTED;
          GHashTable *action = g_hash_table_new (NULL, NULL);
          g_autofree char *reason = g_strdup_printf ("step %u", step);
          g_autofree char *action_id = NULL;

          for (guint i = 0; i < n; i++)
            {
              rows[i] = g_rand_int_range (rand, 0, 40);
              g_hash_table_insert (action, GUINT_TO_POINTER (rows[i]), GUINT_TO_POINTER (status));
            }
          action_id = gw_project_curate (project, id, rows, n, status, reason, "Ann", &error);
          g_assert_no_error (error);
          g_assert_nonnull (action_id);
          g_ptr_array_add (m.done, action);
          g_ptr_array_set_size (m.undone, 0);
          n_events += n;
        }
      else if (op < 7)
        {
          gboolean ok = gw_project_undo (project, id, "Ann", &error);

          if (m.done->len == 0)
            {
              g_assert_false (ok);
              g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOTHING_TO_UNDO);
              g_clear_error (&error);
            }
          else
            {
              g_assert_no_error (error);
              g_assert_true (ok);
              g_ptr_array_add (m.undone, g_ptr_array_steal_index (m.done, m.done->len - 1));
              n_events++;
              n_undo++;
            }
        }
      else if (op < 9)
        {
          gboolean ok = gw_project_redo (project, id, "Ann", &error);

          if (m.undone->len == 0)
            {
              g_assert_false (ok);
              g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOTHING_TO_REDO);
              g_clear_error (&error);
            }
          else
            {
              g_assert_no_error (error);
              g_assert_true (ok);
              g_ptr_array_add (m.done, g_ptr_array_steal_index (m.undone, m.undone->len - 1));
              n_events++;
              n_redo++;
            }
        }
      else
        {
          /* Close and re-open: the stacks live in the file. */
          g_clear_object (&project);
          project = gw_project_open (path, &error);
          g_assert_no_error (error);
          n_reopen++;
        }

      c = gw_project_load_curation (project, id, &error);
      g_assert_no_error (error);
      model_effective (&m, expected, 40);
      g_assert_cmpmem (gw_curation_get_status_column (c), 40, expected, 40);
      /* Nothing is ever deleted: the log only grows. */
      g_assert_cmpuint (gw_curation_get_events (c)->len, ==, n_events);
      g_assert_cmpint (gw_curation_get_undo_action (c) != NULL, ==, m.done->len > 0);
      g_assert_cmpint (gw_curation_get_redo_action (c) != NULL, ==, m.undone->len > 0);

      for (guint r = 0; r < 40; r++)
        {
          const GwCurationEvent *e = gw_curation_get_event (c, r);

          if (expected[r] == GW_CURATION_NONE)
            {
              g_assert_null (e);
              g_assert_cmpstr (gw_curation_get_effective_status (c, run, r), ==,
                               gw_status_to_string (gw_run_get_status (run, r)));
            }
          else
            {
              g_assert_nonnull (e);
              g_assert_cmpint (e->status, ==, expected[r]);
              g_assert_cmpstr (e->author, ==, "Ann");
              g_assert_true (g_str_has_prefix (e->reason, "step "));
              g_assert_cmpstr (gw_curation_get_effective_status (c, run, r), ==,
                               gw_curation_status_to_string (expected[r]));
            }
        }
    }

  /* The random walk really exercised every branch. */
  g_assert_cmpuint (n_undo, >, 20);
  g_assert_cmpuint (n_redo, >, 10);
  g_assert_cmpuint (n_reopen, >, 10);

  g_ptr_array_unref (m.done);
  g_ptr_array_unref (m.undone);
  g_clear_object (&project);
  store_test_rm_rf (dir);
}

static void
test_curate_errors (void)
{
  g_autofree char *path = store_test_tmp_project_path ("errors");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, NULL, &error);
  g_autoptr(GBytes) csv = store_test_make_csv (10, 3);
  g_autoptr(GwTable) table = gw_table_new_from_bytes (csv, "e.csv", NULL, &error);
  g_autoptr(GwRun) run = store_test_make_run (table, 1);
  g_autoptr(GwCuration) c = NULL;
  g_autoptr(GwRunInfo) info = NULL;
  g_autofree char *id = NULL;
  g_autofree char *action = NULL;
  g_autofree char *label = NULL;
  guint rows[] = { 1, 2, 10 };
  const GwCurationEvent *e;
  gint64 before;

  g_assert_no_error (error);
  id = gw_project_save_run (project, run, csv, NULL, &error);
  g_assert_no_error (error);

  g_assert_null (gw_project_curate (project, id, rows, 1, GW_CURATION_REJECTED, "  ", NULL, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gw_project_curate (project, id, rows, 1, GW_CURATION_REJECTED, NULL, NULL, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gw_project_curate (project, id, rows, 1, GW_CURATION_NONE, "x", NULL, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  /* Row 10 is outside: the whole action is refused, rows 1 and 2 too. */
  g_assert_null (gw_project_curate (project, id, rows, 3, GW_CURATION_REJECTED, "x", NULL, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gw_project_curate (project, "abcdef", rows, 1, GW_CURATION_REJECTED, "x", NULL, &error));
  g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  c = gw_project_load_curation (project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_curation_get_events (c)->len, ==, 0);
  g_clear_pointer (&c, gw_curation_unref);

  before = g_get_real_time ();
  action = gw_project_curate (project, id, rows, 2, GW_CURATION_REJECTED, " co-elutes with GD1a ", NULL, &error);
  g_assert_no_error (error);
  c = gw_project_load_curation (project, id, &error);
  g_assert_no_error (error);
  e = gw_curation_get_event (c, 2);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->action_uuid, ==, action);
  g_assert_cmpstr (e->reason, ==, "co-elutes with GD1a");
  g_assert_cmpstr (e->author, ==, gw_project_get_default_author ());
  g_assert_cmpstr (e->run_uuid, ==, id);
  g_assert_cmpint (e->created_at, >=, before);
  g_assert_cmpint (strlen (e->uuid), ==, 36);
  label = gw_curation_dup_undo_label (c, run);
  g_assert_cmpstr (label, ==, "Reject 2 rows");

  info = gw_project_get_run_info (project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_curated, ==, 2);

  g_clear_object (&project);
  store_test_rm_rf (dir);
}

/* A copied event owns its own strings: freeing the copy leaves the
 * original intact, and the boxed type copies the same way. */
static void
test_event_copy (void)
{
  char uuid[] = "6f1c2b9e-1f7a-4c55-9b1e-2d0c6a1e7f01";
  char reason[] = "co-elutes with the GD1 standard";
  char author[] = "alice";
  GwCurationEvent event = {
    .uuid = uuid, .action_uuid = uuid, .run_uuid = uuid,
    .kind = GW_CURATION_EVENT_CURATE, .row = 17,
    .status = GW_CURATION_REJECTED, .reason = reason,
    .target_action = NULL, .author = author, .created_at = 1764158400000000,
  };
  GwCurationEvent *copy = gw_curation_event_copy (&event);
  GwCurationEvent *boxed = g_boxed_copy (gw_curation_event_get_type (), copy);

  g_assert_true (copy->reason != event.reason);
  g_assert_cmpstr (copy->reason, ==, reason);
  g_assert_cmpstr (copy->uuid, ==, uuid);
  g_assert_cmpstr (copy->author, ==, "alice");
  g_assert_null (copy->target_action);
  g_assert_cmpuint (copy->row, ==, 17);
  g_assert_cmpint (copy->status, ==, GW_CURATION_REJECTED);
  g_assert_cmpint (copy->created_at, ==, event.created_at);
  gw_curation_event_free (copy);
  g_assert_cmpstr (boxed->reason, ==, "co-elutes with the GD1 standard");
  g_assert_cmpstr (boxed->run_uuid, ==, uuid);
  g_boxed_free (gw_curation_event_get_type (), boxed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/curation/replay", test_replay);
  g_test_add_func ("/store/curation/undo-redo-sequences", test_undo_redo_sequences);
  g_test_add_func ("/store/curation/errors", test_curate_errors);
  g_test_add_func ("/store/curation/event-copy", test_event_copy);

  return g_test_run ();
}
