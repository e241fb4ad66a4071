/* test-reliability.c: kill -9 during saves, and two processes at once
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gw-project.h"
#include "store-test-util.h"

#define ACTION_ROWS 50

/* The child: saves runs and curates, forever, until it is killed. */
G_GNUC_NORETURN static void
writer_loop (const char *path,
             GwRun      *run,
             guint       max_saves)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);
  guint rows[ACTION_ROWS];

  if (project == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      _exit (3);
    }

  for (guint i = 0; i < ACTION_ROWS; i++)
    rows[i] = i * 7;

  for (guint i = 0; max_saves == 0 || i < max_saves; i++)
    {
      g_autofree char *id = gw_project_save_run (project, run, NULL, "child", &error);
      g_autofree char *action = NULL;

      if (id == NULL)
        {
          g_printerr ("child: %s\n", error->message);
          _exit (4);
        }
      action = gw_project_curate (project, id, rows, ACTION_ROWS, GW_CURATION_REJECTED,
                                  "checked by the crash test", "child", &error);
      if (action == NULL)
        {
          g_printerr ("child: %s\n", error->message);
          _exit (5);
        }
    }

  g_clear_object (&project);
  _exit (0);
}

/* Everything a reader can see must be whole: every run loads, and every
 * curation action has all of its rows. */
static guint
check_project (const char *path,
               GwRun      *expected,
               gboolean    load_all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);
  g_autoptr(GPtrArray) runs = NULL;

  g_assert_no_error (error);
  g_assert_true (gw_project_check_integrity (project, &error));
  g_assert_no_error (error);

  runs = gw_project_list_runs (project, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < runs->len; i++)
    {
      GwRunInfo *info = g_ptr_array_index (runs, i);
      g_autoptr(GwCuration) c = gw_project_load_curation (project, info->uuid, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (gw_curation_get_events (c)->len % ACTION_ROWS, ==, 0);
      g_assert_cmpuint (info->n_rows, ==, gw_run_get_n_rows (expected));

      if (load_all || i == runs->len - 1)
        {
          g_autoptr(GwRun) run = gw_project_load_run (project, info->uuid, NULL, &error);

          g_assert_no_error (error);
          store_test_assert_runs_equal (expected, run);
        }
    }

  return runs->len;
}

static void
test_kill9 (void)
{
  g_autofree char *path = store_test_tmp_project_path ("crash");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, NULL, &error);
  g_autoptr(GBytes) csv = store_test_make_csv (60000, 11);
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *dataset = NULL;
  guint n_runs = 0;
  guint n_killed_mid_work = 0;
  int max_delay_ms = 600;

  g_assert_no_error (error);
  dataset = gw_project_add_dataset (project, csv, "big.csv", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  table = gw_table_new_from_bytes (csv, "big.csv", NULL, &error);
  g_assert_no_error (error);
  run = store_test_make_run (table, 5);

  /* How long one save takes here decides when to kill: a sanitizer build
   * on a loaded machine saves many times slower than a release build, and
   * kills that all land before the first commit would test nothing. */
  {
    g_autofree char *scratch = store_test_tmp_project_path ("crash-timing");
    g_autofree char *scratch_dir = g_path_get_dirname (scratch);
    g_autoptr(GwProject) timing = gw_project_create (scratch, NULL, &error);
    g_autofree char *id = NULL;
    gint64 t0;

    g_assert_no_error (error);
    g_free (gw_project_add_dataset (timing, csv, "big.csv", NULL, &error));
    g_assert_no_error (error);
    t0 = g_get_monotonic_time ();
    id = gw_project_save_run (timing, run, NULL, "timing", &error);
    g_assert_no_error (error);
    g_assert_nonnull (id);
    max_delay_ms = MAX (max_delay_ms, (int) (4 * (g_get_monotonic_time () - t0) / 1000));
    g_clear_object (&timing);
    store_test_rm_rf (scratch_dir);
  }

  for (guint trial = 0; trial < 20; trial++)
    {
      int status = 0;
      guint n_after;
      pid_t pid = fork ();

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        writer_loop (path, run, 0);

      g_usleep (g_rand_int_range (rand, 20, max_delay_ms) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      /* The child must have died of the signal, not of an error. */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      n_after = check_project (path, run, trial == 19);
      /* State before, or after: never fewer runs than before. */
      g_assert_cmpuint (n_after, >=, n_runs);
      n_killed_mid_work += n_after > n_runs;
      n_runs = n_after;
      g_test_message ("trial %u: %u runs", trial, n_runs);
    }

  /* The children had time to save: the kills did not all land before
   * the first commit. */
  g_assert_cmpuint (n_runs, >, 0);
  g_assert_cmpuint (n_killed_mid_work, >, 0);

  store_test_rm_rf (dir);
}

static void
test_two_processes (void)
{
  g_autofree char *path = store_test_tmp_project_path ("shared");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, NULL, &error);
  g_autoptr(GBytes) csv = store_test_make_csv (30000, 12);
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autofree char *dataset = NULL;
  guint n_reads = 0;
  guint max_seen = 0;
  int status = 0;
  pid_t pid;

  g_assert_no_error (error);
  dataset = gw_project_add_dataset (project, csv, "shared.csv", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  table = gw_table_new_from_bytes (csv, "shared.csv", NULL, &error);
  g_assert_no_error (error);
  run = store_test_make_run (table, 8);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    writer_loop (path, run, 12);

  /* Read while the other process writes, with our own connection. */
  project = gw_project_open (path, &error);
  g_assert_no_error (error);
  for (;;)
    {
      g_autoptr(GPtrArray) runs = gw_project_list_runs (project, NULL, &error);
      pid_t done;

      g_assert_no_error (error);
      g_assert_cmpuint (runs->len, >=, max_seen);
      max_seen = runs->len;
      if (runs->len > 0)
        {
          GwRunInfo *info = g_ptr_array_index (runs, runs->len - 1);
          g_autoptr(GwRun) loaded = gw_project_load_run (project, info->uuid, NULL, &error);
          g_autoptr(GwCuration) c = gw_project_load_curation (project, info->uuid, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (gw_run_get_n_rows (loaded), ==, 30000);
          g_assert_cmpmem (gw_run_get_status_column (loaded), 30000,
                           gw_run_get_status_column (run), 30000);
          g_assert_cmpuint (gw_curation_get_events (c)->len % ACTION_ROWS, ==, 0);
        }
      n_reads++;

      done = waitpid (pid, &status, WNOHANG);
      g_assert_cmpint (done, >=, 0);
      if (done == pid)
        break;
    }
  g_clear_object (&project);

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpuint (n_reads, >, 1);
  g_assert_cmpuint (check_project (path, run, FALSE), ==, 12);

  store_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/reliability/kill9-during-save", test_kill9);
  g_test_add_func ("/store/reliability/two-processes", test_two_processes);

  return g_test_run ();
}
