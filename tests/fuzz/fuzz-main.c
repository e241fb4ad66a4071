/* fuzz-main.c: a driver for the fuzz targets without libFuzzer
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the target on every file given (directories are walked), then on
 * random mutations of each: byte flips, insertions of the characters
 * parsers care about, truncations.  Deterministic (fixed seed), so a
 * failure reproduces.  With -Dfuzzing=true the targets link libFuzzer
 * instead and this file is not used.
 *
 * Usage: fuzz-TARGET [-n MUTATIONS] FILE|DIR...
 *
 * With GW_FUZZ_LAST_INPUT=PATH each input is written to PATH before it
 * runs, so the one that crashed is there to commit as a regression.
 */

#define G_LOG_DOMAIN "fuzz-main"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
run_one (const guint8 *data,
         gsize         size)
{
  const char *save = g_getenv ("GW_FUZZ_LAST_INPUT");

  if (save != NULL)
    g_file_set_contents (save, (const char *) data, size, NULL);
  LLVMFuzzerTestOneInput (data, size);
}

static const char interesting[] = ",;\t\"\r\n()+:;O0123456789.-eGMDTabcd \xc3\xef\xbb\xbf";

static void
mutate_and_run (GRand        *rand,
                const guint8 *data,
                gsize         size,
                guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      GByteArray *a = g_byte_array_sized_new (size + 16);
      guint edits = g_rand_int_range (rand, 1, 8);

      g_byte_array_append (a, data, size);
      for (guint e = 0; e < edits; e++)
        {
          guint pos = a->len > 0 ? g_rand_int_range (rand, 0, a->len) : 0;
          guint8 c = interesting[g_rand_int_range (rand, 0, sizeof interesting - 1)];

          switch (g_rand_int_range (rand, 0, 5))
            {
            case 0:
              if (a->len > 0)
                a->data[pos] = c;
              break;
            case 1:
              g_byte_array_set_size (a, a->len + 1);
              memmove (a->data + pos + 1, a->data + pos, a->len - 1 - pos);
              a->data[pos] = c;
              break;
            case 2:
              if (a->len > 0)
                g_byte_array_remove_index (a, pos);
              break;
            case 3:
              g_byte_array_set_size (a, pos);
              break;
            default:
              if (a->len > 0)
                a->data[pos] = (guint8) g_rand_int_range (rand, 0, 256);
              break;
            }
        }
      run_one (a->data, a->len);
      g_byte_array_unref (a);
    }
}

static guint
run_path (GRand      *rand,
          const char *path,
          guint       n)
{
  guint count = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          count += run_path (rand, child, n);
        }
      return count;
    }
  else
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, NULL))
        return 0;
      run_one ((const guint8 *) contents, len);
      mutate_and_run (rand, (const guint8 *) contents, MIN (len, 4096), n);
      return 1;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  guint n = 200;
  guint files = 0;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "-n") == 0 && i + 1 < argc)
        n = (guint) atoi (argv[++i]);
      else
        files += run_path (rand, argv[i], n);
    }
  printf ("%s: %u inputs, %u mutations each\n", argv[0], files, n);
  return files > 0 ? 0 : 1;
}
