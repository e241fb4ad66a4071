/* make-project-seed.c: writes the seed project of the fuzz-project target
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small but complete project, made with the store's own API so that it
 * is exactly what the app writes: metadata revisions, a dataset (a CSV
 * given on the command line), two runs on it with different presets, and
 * curation with an undo, so every table of the schema has rows.  The
 * file is then rewritten with 1 KiB pages (the app writes 16 KiB ones,
 * mostly empty here), a valid project 8 times smaller, so that the
 * fuzzer's mutations land on content rather than on padding.
 *
 * Usage: make-project-seed PEAKS.csv OUT.gwproject
 * (tests/fuzz/corpus/fuzz-project/small.gwproject was written with the
 * first 40 lines of ../shared/data/testwork_user.csv.)
 */

#define G_LOG_DOMAIN "make-project-seed"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>

#include "gw-project.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *run_a = NULL;
  g_autofree char *run_b = NULL;
  g_autofree char *action = NULL;
  gsize len;
  guint rows[] = { 0, 2 };
  const GwPreset presets[] = { GW_PRESET_ROBUST, GW_PRESET_CLASSIC };
  char *run_ids[2] = { NULL, NULL };

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s PEAKS.csv OUT.gwproject\n", argv[0]);
      return 1;
    }
  if (!g_file_get_contents (argv[1], &contents, &len, &error))
    g_error ("%s", error->message);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  table = gw_table_new_from_bytes (bytes, argv[1], NULL, &error);
  if (table == NULL)
    g_error ("%s", error->message);

  g_unlink (argv[2]);
  project = gw_project_create (argv[2], "Fuzz seed", &error);
  if (project == NULL ||
      !gw_project_set_metadata (project, "Fuzz seed", "Two runs, curated.",
                                GW_LC_COLUMN_REVERSED_PHASE, "seed", &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      GwParams params;
      g_autoptr(GwRun) run = NULL;

      gw_params_init (&params, presets[i]);
      run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
      if (run == NULL)
        g_error ("%s", error->message);
      run_ids[i] = gw_project_save_run (project, run, bytes, "seed", &error);
      if (run_ids[i] == NULL)
        g_error ("%s", error->message);
    }
  run_a = run_ids[0];
  run_b = run_ids[1];

  action = gw_project_curate (project, run_a, rows, G_N_ELEMENTS (rows),
                              GW_CURATION_REJECTED, "fuzz seed: rejected by hand", "seed", &error);
  if (action == NULL ||
      !gw_project_undo (project, run_a, "seed", &error) ||
      !gw_project_redo (project, run_a, "seed", &error))
    g_error ("%s", error->message);
  g_free (action);
  action = gw_project_curate (project, run_b, rows, 1, GW_CURATION_ACCEPTED,
                              "fuzz seed: accepted by hand", "seed", &error);
  if (action == NULL)
    g_error ("%s", error->message);

  g_clear_object (&project);

  {
    sqlite3 *db = NULL;

    if (sqlite3_open (argv[2], &db) != SQLITE_OK ||
        sqlite3_exec (db, "PRAGMA journal_mode=DELETE; PRAGMA page_size=1024; VACUUM;",
                      NULL, NULL, NULL) != SQLITE_OK)
      g_error ("%s: %s", argv[2], sqlite3_errmsg (db));
    sqlite3_close (db);
  }
  printf ("%s: runs %s and %s\n", argv[2], run_a, run_b);
  return 0;
}
