/* bench-engine.c: speed, memory and accuracy of the engine end to end
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each size N (default 10,000, 100,000 and 1,000,000 rows) this
 * writes a table made by replicating a real sample with jitter, then, in a
 * fresh child process so the peak RSS is that size's alone, times:
 *
 *   parse    gw_table_new_from_file()
 *   analyse  gw_analyze() with the robust preset (the default)
 *   write    gw_export_to_file() as CSV
 *   cli      `ganglioside analyze IN -o OUT`, when the binary is built
 *
 * and reports wall time, CPU time, rows/s and peak RSS.  CPU time is
 * printed because the build machines are shared: wall time there also
 * measures the neighbours.  A last table lists the CPU time per row of
 * each stage at each size, with its growth from the smallest to the
 * largest size next to the growth of n log n: a stage that grows faster
 * than that is worse than n log n.
 *
 * It also reports the robust preset's accuracy on truth-dev.csv (Truth
 * column removed before analysis), as test-robust.c pins it.
 *
 * The sample is, in order: --sample FILE, $GW_SHARED_DATA/testwork_user.csv,
 * $MESON_SOURCE_ROOT/../shared/data/testwork_user.csv,
 * $MESON_SOURCE_ROOT/data/sample/sample-peaks.csv.
 *
 * Usage: bench-engine [--sample FILE] [--repeat K] [N ...]
 *        bench-engine [--sample FILE] --write N OUT.csv
 *
 * --repeat K runs each size's child K times, one after the other, prints
 * the first run's lines and, per stage, the least, median and greatest
 * wall and CPU time of the K runs (the scaling table uses the median):
 * on a shared virtual machine a single run says little, since the cost of
 * the first write to fresh memory varies from run to run
 * (docs/performance.md).
 *
 * The second form only writes the generated N-row table, so the same input
 * can be profiled or compared before and after a change.
 */

#define G_LOG_DOMAIN "bench-engine"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "gw-analysis.h"
#include "gw-export.h"
#include "gw-synth.h"

typedef struct
{
  double wall;
  double cpu;
} Timing;

/* The stages in the scaling table, in order. */
static const char * const stage_names[] = { "parse", "analyse", "write", "cli" };
#define N_STAGES G_N_ELEMENTS (stage_names)

static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
         ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static long
peak_rss_mib (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

static char *
find_sample (const char *given)
{
  const char *env;
  char *path;

  if (given != NULL)
    return g_strdup (given);

  if ((env = g_getenv ("GW_SHARED_DATA")) != NULL)
    {
      path = g_build_filename (env, "testwork_user.csv", NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }

  if ((env = g_getenv ("MESON_SOURCE_ROOT")) != NULL)
    {
      path = g_build_filename (env, "..", "shared", "data", "testwork_user.csv", NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
      path = g_build_filename (env, "data", "sample", "sample-peaks.csv", NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }

  return NULL;
}

/* Writes @n_rows data rows to @path by cycling through the sample's rows
 * with a little jitter on RT (±0.02 min), Log P (±0.01) and volume (±5 %),
 * so the groups look like a long series of similar runs. */
static void
write_replicated (GwTable    *sample,
                  const char *path,
                  guint       n_rows)
{
  FILE *f = fopen (path, "w");
  GRand *rand = g_rand_new_with_seed (4242);
  guint n_sample = gw_table_get_n_rows (sample);
  guint *valid = g_new (guint, n_sample);
  guint n_valid = 0;

  if (f == NULL)
    g_error ("cannot write %s", path);

  for (guint i = 0; i < n_sample; i++)
    if (gw_table_is_valid (sample, i))
      valid[n_valid++] = i;
  if (n_valid == 0)
    g_error ("the sample has no valid rows");

  fputs ("Name,RT,Volume,Log P,Anchor\n", f);
  for (guint k = 0; k < n_rows; k++)
    {
      guint i = valid[k % n_valid];
      double rt = gw_table_get_rt (sample, i) + g_rand_double_range (rand, -0.02, 0.02);
      double logp = gw_table_get_logp (sample, i) + g_rand_double_range (rand, -0.01, 0.01);
      double volume = gw_table_get_volume (sample, i) * g_rand_double_range (rand, 0.95, 1.05);

      fprintf (f, "%s,%.3f,%.0f,%.2f,%c\n", gw_table_get_name (sample, i),
               MAX (rt, 0.0), MAX (volume, 1.0), logp,
               gw_table_is_anchor (sample, i) ? 'T' : 'F');
    }

  fclose (f);
  g_rand_free (rand);
  g_free (valid);
}

static void
report (const char *stage,
        guint       n_rows,
        Timing      t)
{
  printf ("  %-8s %8.3f s wall %8.3f s cpu %12.0f rows/s (cpu) %6.2f µs/row  peak RSS %5ld MiB\n",
          stage, t.wall, t.cpu, n_rows / MAX (t.cpu, 1e-9), 1e6 * t.cpu / n_rows, peak_rss_mib ());
  /* For the parent's scaling table and repeat summary. */
  printf ("@ %s %.6f %.6f\n", stage, t.cpu, t.wall);
  fflush (stdout);
}

/* The child: one size, fresh process. */
static int
run_one (const char *path,
         guint       n_rows)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *out_path = g_strconcat (path, ".out.csv", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  GwParams params;
  gint64 w0;
  double c0;
  Timing t;

  w0 = g_get_monotonic_time ();
  c0 = cpu_seconds ();
  table = gw_table_new_from_file (file, NULL, &error);
  if (table == NULL)
    g_error ("%s", error->message);
  t.wall = (g_get_monotonic_time () - w0) / 1e6;
  t.cpu = cpu_seconds () - c0;
  report ("parse", n_rows, t);

  gw_params_init (&params, GW_PRESET_ROBUST);
  w0 = g_get_monotonic_time ();
  c0 = cpu_seconds ();
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  if (run == NULL)
    g_error ("%s", error->message);
  t.wall = (g_get_monotonic_time () - w0) / 1e6;
  t.cpu = cpu_seconds () - c0;
  report ("analyse", n_rows, t);

  w0 = g_get_monotonic_time ();
  c0 = cpu_seconds ();
  if (!gw_export_to_file (run, GW_EXPORT_CSV, out, NULL, &error))
    g_error ("%s", error->message);
  t.wall = (g_get_monotonic_time () - w0) / 1e6;
  t.cpu = cpu_seconds () - c0;
  report ("write", n_rows, t);

  printf ("  statuses: valid %u, outlier %u, fragment %u, isomer %u, insufficient %u, invalid %u\n",
          gw_run_get_status_count (run, GW_STATUS_VALID),
          gw_run_get_status_count (run, GW_STATUS_OUTLIER),
          gw_run_get_status_count (run, GW_STATUS_FRAGMENT),
          gw_run_get_status_count (run, GW_STATUS_ISOMER),
          gw_run_get_status_count (run, GW_STATUS_INSUFFICIENT),
          gw_run_get_status_count (run, GW_STATUS_INVALID));

  g_unlink (out_path);

  return 0;
}

/* `ganglioside analyze` as a user runs it, timed from outside. */
static double
run_cli (const char *cli,
         const char *path,
         guint       n_rows)
{
  double cpu;

  g_autofree char *out_path = g_strconcat (path, ".cli.csv", NULL);
  g_autofree char *models_path = g_strconcat (path, ".cli-models.csv", NULL);
  struct rusage ru;
  gint64 w0 = g_get_monotonic_time ();
  pid_t pid = fork ();
  int status;

  if (pid == 0)
    {
      /* The summary line on stderr is for people, not for this table. */
      if (freopen ("/dev/null", "w", stderr) == NULL)
        _exit (127);
      execl (cli, cli, "analyze", path, "-o", out_path, "--models-out", models_path, (char *) NULL);
      _exit (127);
    }
  if (pid < 0 || wait4 (pid, &status, 0, &ru) < 0)
    {
      printf ("  cli      could not run %s\n", cli);
      return NAN;
    }

  cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  if (WIFEXITED (status) && WEXITSTATUS (status) <= 1)
    printf ("  %-8s %8.3f s wall %8.3f s cpu %12.0f rows/s (cpu) %6.2f µs/row  peak RSS %5ld MiB\n",
            "cli", (g_get_monotonic_time () - w0) / 1e6, cpu,
            n_rows / MAX (cpu, 1e-9), 1e6 * cpu / n_rows, ru.ru_maxrss / 1024);
  else
    {
      printf ("  cli      %s exited with status %d\n", cli, WIFEXITED (status) ? WEXITSTATUS (status) : -1);
      cpu = NAN;
    }

  g_unlink (out_path);
  g_unlink (models_path);

  return cpu;
}

/* Per stage, CPU µs per row at each size, and the growth from the first
 * size to the last against that of n log n. */
static void
print_scaling (GArray       *sizes,
               const double *cpu)
{
  guint n_sizes = sizes->len;
  double n0, n1;

  if (n_sizes < 2)
    return;

  n0 = g_array_index (sizes, guint, 0);
  n1 = g_array_index (sizes, guint, n_sizes - 1);

  printf ("scaling (CPU µs per row):\n  %-8s", "");
  for (guint s = 0; s < n_sizes; s++)
    printf (" %9u", g_array_index (sizes, guint, s));
  printf ("   growth   n log n growth\n");

  for (guint k = 0; k < N_STAGES; k++)
    {
      double first = cpu[k], last = cpu[(n_sizes - 1) * N_STAGES + k];

      if (!isfinite (first) || !isfinite (last))
        continue;
      printf ("  %-8s", stage_names[k]);
      for (guint s = 0; s < n_sizes; s++)
        printf (" %9.3f", 1e6 * cpu[s * N_STAGES + k] / g_array_index (sizes, guint, s));
      /* Per row, n log n grows by log n1 / log n0. */
      printf ("   ×%-6.2f ×%.2f%s\n", (last / n1) / MAX (first / n0, 1e-12), log (n1) / log (n0),
              (last / n1) / MAX (first / n0, 1e-12) > 1.5 * log (n1) / log (n0)
              ? "  (faster than n log n)" : "");
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median of column @k of @runs ([run][stage]), NaN if no run has it. */
static double
median_of (const double *runs,
           guint         n_runs,
           guint         k)
{
  g_autofree double *v = g_new (double, n_runs);
  guint n = 0;

  for (guint r = 0; r < n_runs; r++)
    if (!isnan (runs[r * N_STAGES + k]))
      v[n++] = runs[r * N_STAGES + k];
  if (n == 0)
    return NAN;
  qsort (v, n, sizeof (double), compare_doubles);

  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
min_max_of (const double *runs,
            guint         n_runs,
            guint         k,
            double       *min,
            double       *max)
{
  *min = INFINITY;
  *max = -INFINITY;
  for (guint r = 0; r < n_runs; r++)
    if (!isnan (runs[r * N_STAGES + k]))
      {
        *min = MIN (*min, runs[r * N_STAGES + k]);
        *max = MAX (*max, runs[r * N_STAGES + k]);
      }
}

/* Least, median and greatest time of each stage over the repeated
 * children, and for a million rows or more how many analyses met the
 * 0.5 s target of issue #4. */
static void
print_repeats (guint         n_rows,
               guint         n_runs,
               const double *wall,
               const double *cpu)
{
  printf ("  over %u runs (least / median / greatest):\n", n_runs);
  for (guint k = 0; k < 3; k++)
    {
      double wmin, wmax, cmin, cmax;

      min_max_of (wall, n_runs, k, &wmin, &wmax);
      min_max_of (cpu, n_runs, k, &cmin, &cmax);
      printf ("  %-8s %.3f / %.3f / %.3f s wall, %.3f / %.3f / %.3f s cpu\n",
              stage_names[k], wmin, median_of (wall, n_runs, k), wmax,
              cmin, median_of (cpu, n_runs, k), cmax);
    }
  if (n_rows >= 1000000)
    {
      guint met = 0;

      for (guint r = 0; r < n_runs; r++)
        met += wall[r * N_STAGES + 1] <= 0.5;
      printf ("  analyse ≤ 0.5 s wall in %u of %u runs\n", met, n_runs);
    }
}

/* Accuracy on truth-dev.csv, scored as ANALYSIS.md §6 says. */
static void
run_accuracy (const char *sample_path)
{
  g_autofree char *dir = g_path_get_dirname (sample_path);
  g_autofree char *path = g_build_filename (dir, "truth-dev.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GwSynthTable) truth_dev = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  GwParams params;
  guint tp = 0, fp = 0, fn = 0, good = 0, good_flagged = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    {
      printf ("accuracy: %s not found, skipped\n", path);
      return;
    }

  /* The engine never sees the Truth column. */
  truth_dev = gw_synth_table_from_truth_csv (contents);
  if (truth_dev == NULL)
    {
      printf ("accuracy: %s has no Truth column, skipped\n", path);
      return;
    }

  bytes = g_bytes_new (truth_dev->csv->str, truth_dev->csv->len);
  table = gw_table_new_from_bytes (bytes, "truth-dev.csv", NULL, NULL);
  gw_params_init (&params, GW_PRESET_ROBUST);
  run = table != NULL ? gw_analyze (table, &params, NULL, NULL, NULL, NULL) : NULL;
  if (run == NULL || gw_run_get_n_rows (run) != truth_dev->truth->len)
    {
      printf ("accuracy: could not analyse %s\n", path);
      return;
    }

  for (guint i = 0; i < truth_dev->truth->len; i++)
    {
      GwStatus s = gw_run_get_status (run, i);
      GwSynthTruth t = g_array_index (truth_dev->truth, GwSynthTruth, i);
      gboolean flagged = s == GW_STATUS_OUTLIER || s == GW_STATUS_FRAGMENT;
      gboolean bad = t == GW_SYNTH_MISID || t == GW_SYNTH_FRAGMENT;

      if (gw_table_is_anchor (table, i))
        continue;
      tp += flagged && bad;
      fp += flagged && !bad;
      fn += !flagged && bad;
      good += !bad;
      good_flagged += flagged && !bad;
    }

  printf ("accuracy on truth-dev.csv (robust): F1 %.3f, good rows flagged %.1f %% "
          "(tp %u, fp %u, fn %u; targets F1 ≥ 0.90, ≤ 3 %%)\n",
          2.0 * tp / MAX (1, 2 * tp + fp + fn), 100.0 * good_flagged / MAX (1, good), tp, fp, fn);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *sample_path = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *cli = NULL;
  g_autoptr(GwTable) sample = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree double *cpu = NULL;   /* [size][stage] */
  const char *given = NULL;
  const char *write_path = NULL;
  guint write_n = 0;
  guint repeat = 1;
  const char *build_root;

  /* The child mode: --child N PATH. */
  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return run_one (argv[3], (guint) g_ascii_strtoull (argv[2], NULL, 10));

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--sample") && i + 1 < argc)
        given = argv[++i];
      else if (g_str_equal (argv[i], "--repeat") && i + 1 < argc)
        {
          guint64 k = g_ascii_strtoull (argv[++i], NULL, 10);

          repeat = (guint) CLAMP (k, 1, 100);
        }
      else if (g_str_equal (argv[i], "--write") && i + 2 < argc)
        {
          write_n = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
          write_path = argv[++i];
        }
      else
        {
          guint n = (guint) g_ascii_strtoull (argv[i], NULL, 10);

          if (n == 0)
            {
              fprintf (stderr, "usage: %s [--sample FILE] [--repeat K] [N ...]\n", argv[0]);
              return 2;
            }
          g_array_append_val (sizes, n);
        }
    }
  if (sizes->len == 0)
    {
      const guint defaults[] = { 10000, 100000, 1000000 };

      g_array_append_vals (sizes, defaults, G_N_ELEMENTS (defaults));
    }

  sample_path = find_sample (given);
  if (sample_path == NULL)
    {
      fprintf (stderr, "bench-engine: no sample found; pass --sample FILE\n");
      return 2;
    }

  {
    g_autoptr(GFile) f = g_file_new_for_path (sample_path);

    sample = gw_table_new_from_file (f, NULL, &error);
    if (sample == NULL)
      {
        fprintf (stderr, "bench-engine: %s\n", error->message);
        return 2;
      }
  }

  if (write_path != NULL)
    {
      write_replicated (sample, write_path, write_n);
      return 0;
    }

  if ((build_root = g_getenv ("MESON_BUILD_ROOT")) != NULL)
    cli = g_build_filename (build_root, "src", "cli", "ganglioside", NULL);
  else
    {
      g_autofree char *self_dir = g_path_get_dirname (argv[0]);

      cli = g_build_filename (self_dir, "..", "..", "src", "cli", "ganglioside", NULL);
    }
  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    g_clear_pointer (&cli, g_free);

  tmpdir = g_dir_make_tmp ("bench-engine-XXXXXX", &error);
  if (tmpdir == NULL)
    g_error ("%s", error->message);

  printf ("bench-engine: sample %s (%u rows), %u processors\n",
          sample_path, gw_table_get_n_rows (sample), g_get_num_processors ());

  cpu = g_new (double, sizes->len * N_STAGES);
  for (guint k = 0; k < sizes->len * N_STAGES; k++)
    cpu[k] = NAN;

  for (guint s = 0; s < sizes->len; s++)
    {
      guint n = g_array_index (sizes, guint, s);
      g_autofree char *path = g_build_filename (tmpdir, "bench.csv", NULL);
      g_autofree char *n_str = g_strdup_printf ("%u", n);
      char *child_argv[] = { argv[0], (char *) "--child", n_str, path, NULL };
      /* [run][stage] of the child's stages (parse, analyse, write). */
      g_autofree double *run_cpu = g_new (double, repeat * N_STAGES);
      g_autofree double *run_wall = g_new (double, repeat * N_STAGES);
      GStatBuf st;

      write_replicated (sample, path, n);
      g_stat (path, &st);
      printf ("%u rows (%.1f MB):\n", n, st.st_size / 1e6);
      fflush (stdout);

      for (guint k = 0; k < repeat * N_STAGES; k++)
        run_cpu[k] = run_wall[k] = NAN;

      for (guint r = 0; r < repeat; r++)
        {
          g_autofree char *child_out = NULL;
          g_auto(GStrv) lines = NULL;
          int wait_status = 0;

          if (!g_spawn_sync (NULL, child_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                             &child_out, NULL, &wait_status, &error))
            g_error ("%s", error->message);

          /* Print the first run's lines; keep every run's "@ stage cpu
           * wall" ones. */
          lines = g_strsplit (child_out, "\n", -1);
          for (guint l = 0; lines[l] != NULL; l++)
            {
              if (g_str_has_prefix (lines[l], "@ "))
                {
                  g_auto(GStrv) f = g_strsplit (lines[l] + 2, " ", 3);

                  for (guint k = 0; g_strv_length (f) == 3 && k < N_STAGES; k++)
                    if (g_str_equal (f[0], stage_names[k]))
                      {
                        run_cpu[r * N_STAGES + k] = g_ascii_strtod (f[1], NULL);
                        run_wall[r * N_STAGES + k] = g_ascii_strtod (f[2], NULL);
                      }
                }
              else if (lines[l][0] != '\0' && r == 0)
                printf ("%s\n", lines[l]);
            }
          fflush (stdout);
          if (!g_spawn_check_wait_status (wait_status, NULL))
            printf ("  the child failed\n");
        }

      for (guint k = 0; k < N_STAGES; k++)
        cpu[s * N_STAGES + k] = median_of (run_cpu, repeat, k);
      if (repeat > 1)
        print_repeats (n, repeat, run_wall, run_cpu);

      if (cli != NULL)
        cpu[s * N_STAGES + 3] = run_cli (cli, path, n);

      g_unlink (path);
    }

  g_rmdir (tmpdir);
  print_scaling (sizes, cpu);
  run_accuracy (sample_path);

  return 0;
}
