/* bench-store.c: saving and loading a million-row run in a project
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-store [N_ROWS]   (default 1000000)
 *        bench-store --keep [N_ROWS]        keeps the project, prints its path
 *        bench-store --load PATH RUN_ID     only opens and loads (for profilers)
 *
 * Prints the time to save a run of N rows into a project, to open the
 * project and load that run back (dataset re-parse included), and the
 * project file's size against the run's CSV export.  Targets: save ≤ 2 s,
 * open + load ≤ 1 s, file < 1.5 × CSV.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "gw-export.h"
#include "gw-project.h"
#include "store-test-util.h"

static gsize
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return st.st_size;
}

/* CPU seconds (user + system) of this process: on a loaded machine the
 * wall-clock time says more about the neighbours than about us. */
static double
cpu_time (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
         ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int
main (int    argc,
      char **argv)
{
  gboolean keep = argc > 1 && g_strcmp0 (argv[1], "--keep") == 0;
  guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-bench-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bench.gwproject", NULL);
  g_autofree char *csv_out = g_build_filename (dir, "export.csv", NULL);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GwRun) loaded = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GFile) out_file = NULL;
  g_autofree char *id_first = NULL;
  g_autofree char *id = NULL;
  GwParams params;
  gint64 t0;
  double c0;
  double t_parse, t_analyze, t_save_first, t_save, t_load, t_close;
  double c_save_first, c_save, c_load, c_close;
  double t_open, t_table, t_run, c_open, c_table, c_run;
  gsize project_size, export_size;
  gboolean analyzed = FALSE;
  char load[128] = "?\n";

  if (argc == 4 && g_strcmp0 (argv[1], "--load") == 0)
    {
      for (guint i = 0; i < 3; i++)
        {
          t0 = g_get_monotonic_time ();
          c0 = cpu_time ();
          project = gw_project_open (argv[2], &error);
          if (project != NULL)
            loaded = gw_project_load_run (project, argv[3], NULL, &error);
          if (loaded == NULL)
            {
              g_printerr ("bench-store: %s\n", error->message);
              return 1;
            }
          printf ("open project + load run       %.3f s   %.3f s\n",
                  (g_get_monotonic_time () - t0) / 1e6, cpu_time () - c0);
          g_clear_object (&project);
          g_clear_pointer (&loaded, gw_run_unref);
        }
      return 0;
    }
  if (keep)
    {
      argc--;
      argv++;
    }
  n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;

  if (dir == NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }

  csv = store_test_make_csv (n, 1);
  t0 = g_get_monotonic_time ();
  table = gw_table_new_from_bytes (csv, "bench.csv", NULL, &error);
  t_parse = (g_get_monotonic_time () - t0) / 1e6;
  if (table == NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }

  /* A real analysis when the engine can do one; else a synthetic run of
   * the same shape, with incompressible random doubles (the worst case
   * for the file size). */
  gw_params_init (&params, GW_PRESET_ROBUST);
  t0 = g_get_monotonic_time ();
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  if (run == NULL)
    {
      gw_params_init (&params, GW_PRESET_CLASSIC);
      g_clear_error (&error);
      run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
    }
  t_analyze = (g_get_monotonic_time () - t0) / 1e6;
  analyzed = run != NULL;
  if (run == NULL)
    {
      g_printerr ("bench-store: analysis unavailable (%s); using a synthetic run\n", error->message);
      g_clear_error (&error);
      run = store_test_make_run (table, 1);
    }

  out_file = g_file_new_for_path (csv_out);
  if (!gw_export_to_file (run, GW_EXPORT_CSV, out_file, NULL, &error))
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }
  export_size = file_size (csv_out);

  project = gw_project_create (path, NULL, &error);
  if (project == NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }

  t0 = g_get_monotonic_time ();
  c0 = cpu_time ();
  id_first = gw_project_save_run (project, run, csv, NULL, &error);
  t_save_first = (g_get_monotonic_time () - t0) / 1e6;
  c_save_first = cpu_time () - c0;
  if (id_first == NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }
  /* Closing runs the WAL checkpoint the save left for later: timed
   * apart, so it is seen. */
  t0 = g_get_monotonic_time ();
  c0 = cpu_time ();
  g_clear_object (&project);
  t_close = (g_get_monotonic_time () - t0) / 1e6;
  c_close = cpu_time () - c0;
  project_size = file_size (path);

  /* Re-analysis of a stored dataset: the run alone. */
  project = gw_project_open (path, &error);
  t0 = g_get_monotonic_time ();
  c0 = cpu_time ();
  id = gw_project_save_run (project, run, NULL, NULL, &error);
  t_save = (g_get_monotonic_time () - t0) / 1e6;
  c_save = cpu_time () - c0;
  if (id == NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }
  g_clear_object (&project);

  t0 = g_get_monotonic_time ();
  c0 = cpu_time ();
  project = gw_project_open (path, &error);
  if (project != NULL)
    loaded = gw_project_load_run (project, id, NULL, &error);
  t_load = (g_get_monotonic_time () - t0) / 1e6;
  c_load = cpu_time () - c0;
  if (loaded == NULL)
    {
      g_printerr ("bench-store: %s\n", error->message);
      return 1;
    }
  g_clear_object (&project);
  g_clear_pointer (&loaded, gw_run_unref);

  /* The same, in its parts: the table (snapshot or parse), then the run
   * on that table. */
  {
    g_autoptr(GwRunInfo) info = NULL;
    g_autoptr(GwTable) loaded_table = NULL;

    t0 = g_get_monotonic_time ();
    c0 = cpu_time ();
    project = gw_project_open (path, &error);
    t_open = (g_get_monotonic_time () - t0) / 1e6;
    c_open = cpu_time () - c0;
    info = project ? gw_project_get_run_info (project, id, &error) : NULL;
    t0 = g_get_monotonic_time ();
    c0 = cpu_time ();
    if (info != NULL)
      loaded_table = gw_project_load_table (project, info->dataset_uuid, NULL, &error);
    t_table = (g_get_monotonic_time () - t0) / 1e6;
    c_table = cpu_time () - c0;
    t0 = g_get_monotonic_time ();
    c0 = cpu_time ();
    if (loaded_table != NULL)
      loaded = gw_project_load_run (project, id, NULL, &error);
    t_run = (g_get_monotonic_time () - t0) / 1e6;
    c_run = cpu_time () - c0;
    if (loaded == NULL)
      {
        g_printerr ("bench-store: %s\n", error->message);
        return 1;
      }
    g_clear_object (&project);
  }

  {
    g_autofree char *loadavg = NULL;

    if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      g_strlcpy (load, loadavg, sizeof load);
  }

  printf ("rows                          %u\n", n);
  printf ("run                           %s\n", analyzed ? gw_preset_to_string (params.preset) : "synthetic");
  printf ("parse CSV (engine)            %.3f s\n", t_parse);
  if (analyzed)
    printf ("analyse (engine)              %.3f s\n", t_analyze);
  printf ("                              wall      cpu\n");
  printf ("save run + dataset            %.3f s   %.3f s   target <= 2 s\n", t_save_first, c_save_first);
  printf ("  then close (WAL checkpoint) %.3f s   %.3f s\n", t_close, c_close);
  printf ("save run (dataset stored)     %.3f s   %.3f s   target <= 2 s\n", t_save, c_save);
  printf ("open project + load run       %.3f s   %.3f s   target <= 1 s\n", t_load, c_load);
  printf ("  of which: open the file     %.3f s   %.3f s\n", t_open, c_open);
  printf ("            load the table    %.3f s   %.3f s\n", t_table, c_table);
  printf ("            load the run      %.3f s   %.3f s\n", t_run, c_run);
  printf ("machine load average          %s", load);
  printf ("input CSV                     %.1f MB\n", g_bytes_get_size (csv) / 1e6);
  printf ("CSV export                    %.1f MB\n", export_size / 1e6);
  printf ("project (dataset + 1 run)     %.1f MB   ratio %.2f, target < 1.5\n",
          project_size / 1e6, (double) project_size / export_size);

  g_unlink (csv_out);
  if (keep)
    {
      printf ("kept                          %s run %s\n", path, id);
      return 0;
    }
  g_unlink (path);
  g_rmdir (dir);

  return 0;
}
