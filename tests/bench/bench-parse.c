/* bench-parse.c: how fast the table reader parses a large file
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes a synthetic peak table of N rows (default 1,000,000, about
 * 36 MB) to a temporary file, then times gw_table_new_from_file() on it
 * and reports rows per second and the peak resident set size.  The file
 * is written in small chunks so that the RSS measured is the reader's.
 *
 * Usage: bench-parse [N_ROWS] [--keep]
 */

#define G_LOG_DOMAIN "bench-parse"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "gw-table.h"

static const char * const heads[] = {
  "GM3", "GM2", "GM1", "GD3", "GD2", "GD1", "GD1a", "GD1b", "GT1", "GT1b", "GQ1",
  "GD1+OAc", "GT1+2OAc", "GM1+dHex", "GD1+HexNAc",
};

static double
cpu_seconds (double *user,
             double *sys)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  *user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
  *sys = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  return *user + *sys;
}

static long
peak_rss_kib (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static void
write_file (const char *path,
            guint       n_rows)
{
  FILE *f = fopen (path, "w");
  GRand *rand = g_rand_new_with_seed (42);

  if (f == NULL)
    g_error ("cannot write %s", path);
  fputs ("Name,RT,Volume,Log P,Anchor\n", f);
  for (guint i = 0; i < n_rows; i++)
    {
      guint c = 30 + g_rand_int_range (rand, 0, 12) * 2;
      guint db = g_rand_int_range (rand, 0, 3);
      double logp = ((int) c - 36) * 0.55 - db * 0.6 + g_rand_double_range (rand, -2, 2);
      double rt = 9.0 + 0.9 * logp + g_rand_double_range (rand, -0.2, 0.2);

      fprintf (f, "%s(%u:%u;O2),%.3f,%u,%.2f,%c\n",
               heads[g_rand_int_range (rand, 0, G_N_ELEMENTS (heads))], c, db,
               CLAMP (rt, 0.5, 60.0), g_rand_int_range (rand, 10000, 5000000), logp,
               g_rand_int_range (rand, 0, 7) == 0 ? 'T' : 'F');
    }
  fclose (f);
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  guint n_rows = 1000000;
  gboolean keep = FALSE;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = NULL;
  GStatBuf st;
  long rss_before;
  gint64 t0, t1;
  double user0, sys0, user1, sys1;
  double seconds;
  int fd;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--keep") == 0)
        keep = TRUE;
      else
        n_rows = (guint) g_ascii_strtoull (argv[i], NULL, 10);
    }

  fd = g_file_open_tmp ("bench-parse-XXXXXX.csv", &path, &error);
  if (fd < 0)
    g_error ("%s", error->message);
  close (fd);
  write_file (path, n_rows);
  g_stat (path, &st);

  rss_before = peak_rss_kib ();
  file = g_file_new_for_path (path);
  cpu_seconds (&user0, &sys0);
  t0 = g_get_monotonic_time ();
  table = gw_table_new_from_file (file, NULL, &error);
  t1 = g_get_monotonic_time ();
  cpu_seconds (&user1, &sys1);
  if (table == NULL)
    g_error ("%s", error->message);
  seconds = (t1 - t0) / 1e6;

  printf ("bench-parse: %u rows, %.1f MB, %u valid, %u groups\n",
          gw_table_get_n_rows (table), st.st_size / 1e6,
          gw_table_get_n_valid (table), gw_table_get_n_groups (table));
  printf ("bench-parse: parse %.3f s, %.2f M rows/s, %.0f MB/s\n",
          seconds, n_rows / seconds / 1e6, st.st_size / seconds / 1e6);
  /* On a shared machine the wall time includes waiting for a core; the
   * CPU time does not. */
  printf ("bench-parse: CPU %.3f s (user %.3f, system %.3f), %.2f M rows per CPU second\n",
          (user1 - user0) + (sys1 - sys0), user1 - user0, sys1 - sys0,
          n_rows / ((user1 - user0) + (sys1 - sys0)) / 1e6);
  printf ("bench-parse: peak RSS %.1f MB (%.1f MB before parsing)\n",
          peak_rss_kib () / 1024.0, rss_before / 1024.0);

  if (keep)
    printf ("bench-parse: kept %s\n", path);
  else
    g_unlink (path);
  return 0;
}
