/* test-mt19937.c: MT19937 and shuffle against numpy's RandomState
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected values come from tests/data/classic/generate.py, which asks
 * numpy itself.
 */

#define G_LOG_DOMAIN "test-mt19937"

#include "config.h"

#include <stdlib.h>

#include "gw-mt19937.h"

static GKeyFile *
load_fixture (void)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("GW_TEST_DATA"),
                                            "classic", "mt19937.keyfile", NULL);

  g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&kf);
}

static guint64 *
get_u64_list (GKeyFile   *kf,
              const char *group,
              const char *key,
              gsize      *n)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) items = g_key_file_get_string_list (kf, group, key, n, &error);
  guint64 *out;

  g_assert_no_error (error);
  out = g_new (guint64, *n);
  for (gsize i = 0; i < *n; i++)
    {
      char *end = NULL;

      out[i] = g_ascii_strtoull (items[i], &end, 10);
      g_assert_true (end != items[i] && *end == '\0');
    }

  return out;
}

static void
test_raw_outputs (void)
{
  g_autoptr(GKeyFile) kf = load_fixture ();
  g_autofree guint64 *expected = NULL;
  GwMt19937 mt;
  gsize n;

  expected = get_u64_list (kf, "raw", "values", &n);
  /* Long enough to cross several regenerations of the 624-word state. */
  g_assert_cmpuint (n, >, 3 * GW_MT19937_N);

  gw_mt19937_init (&mt, (guint32) g_key_file_get_uint64 (kf, "raw", "seed", NULL));
  for (gsize i = 0; i < n; i++)
    g_assert_cmpuint (gw_mt19937_next_uint32 (&mt), ==, expected[i]);
}

static void
test_shuffles (void)
{
  g_autoptr(GKeyFile) kf = load_fixture ();
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);
  guint n_checked = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autofree guint64 *expected = NULL;
      g_autofree guint *items = NULL;
      GwMt19937 mt;
      guint64 seed, n;
      gsize n_expected;

      if (!g_str_has_prefix (groups[g], "shuffle-"))
        continue;

      seed = g_key_file_get_uint64 (kf, groups[g], "seed", NULL);
      n = g_key_file_get_uint64 (kf, groups[g], "n", NULL);
      expected = get_u64_list (kf, groups[g], "perm", &n_expected);
      g_assert_cmpuint (n, ==, n_expected);

      items = g_new (guint, n);
      for (guint i = 0; i < n; i++)
        items[i] = i;

      gw_mt19937_init (&mt, (guint32) seed);
      gw_mt19937_shuffle_uint (&mt, items, n);

      for (guint i = 0; i < n; i++)
        {
          if (items[i] != expected[i])
            g_error ("%s: position %u is %u, numpy has %" G_GUINT64_FORMAT,
                     groups[g], i, items[i], expected[i]);
        }
      n_checked++;
    }

  g_assert_cmpuint (n_checked, >=, 30);
}

static void
test_interval_range (void)
{
  GwMt19937 mt;
  guint counts[7] = { 0, };

  gw_mt19937_init (&mt, 42);
  g_assert_cmpuint (gw_mt19937_interval (&mt, 0), ==, 0);

  /* Every value of [0, 6] appears and nothing above it. */
  for (guint i = 0; i < 7000; i++)
    {
      guint32 v = gw_mt19937_interval (&mt, 6);

      g_assert_cmpuint (v, <=, 6);
      counts[v]++;
    }
  for (guint i = 0; i < 7; i++)
    g_assert_cmpuint (counts[i], >, 800);

  g_assert_cmpuint (gw_mt19937_interval (&mt, G_MAXUINT32), <=, G_MAXUINT32);
}

static void
test_shuffle_trivial (void)
{
  GwMt19937 mt, fresh;
  guint one = 7;

  gw_mt19937_init (&mt, 42);
  gw_mt19937_init (&fresh, 42);

  /* Shuffling nothing or one item draws nothing from the stream. */
  gw_mt19937_shuffle_uint (&mt, NULL, 0);
  gw_mt19937_shuffle_uint (&mt, &one, 1);
  g_assert_cmpuint (one, ==, 7);
  g_assert_cmpuint (gw_mt19937_next_uint32 (&mt), ==, gw_mt19937_next_uint32 (&fresh));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/mt19937/raw", test_raw_outputs);
  g_test_add_func ("/engine/mt19937/shuffle", test_shuffles);
  g_test_add_func ("/engine/mt19937/interval", test_interval_range);
  g_test_add_func ("/engine/mt19937/shuffle-trivial", test_shuffle_trivial);

  return g_test_run ();
}
