/* test-robust.c: the robust preset (ANALYSIS.md §6, docs/analysis-robust.md)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accuracy is pinned on ../shared/data/truth-dev.csv with its Truth
 * column removed before the engine sees it, and on synthetic tables with
 * planted errors at several noise levels, anchor fractions and error
 * rates (gw-synth.h), so a method tuned to one file fails here.
 */

#define G_LOG_DOMAIN "test-robust"

#include "config.h"

#include <math.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "gw-analysis.h"
#include "gw-run-private.h"
#include "gw-synth.h"

typedef struct
{
  guint tp, fp, fn;
  guint good, good_flagged;
} Score;

static double
score_f1 (const Score *s)
{
  return 2.0 * s->tp / MAX (1, 2 * s->tp + s->fp + s->fn);
}

static double
score_fpr (const Score *s)
{
  return (double) s->good_flagged / MAX (1, s->good);
}

/* ANALYSIS.md §6: among non-anchor rows, outlier + fragment are flagged,
 * misid + fragment are truly bad. */
static void
score_row (Score        *s,
           GwStatus      status,
           gboolean      anchor,
           GwSynthTruth  truth)
{
  gboolean flagged = status == GW_STATUS_OUTLIER || status == GW_STATUS_FRAGMENT;
  gboolean bad = truth == GW_SYNTH_MISID || truth == GW_SYNTH_FRAGMENT;

  if (anchor)
    return;

  s->tp += flagged && bad;
  s->fp += flagged && !bad;
  s->fn += !flagged && bad;
  if (!bad)
    {
      s->good++;
      s->good_flagged += flagged;
    }
}

static GwTable *
table_from_string (const char *csv)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  GwTable *table;

  table = gw_table_new_from_bytes (bytes, "test.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);

  return table;
}

static GwRun *
analyze_robust (GwTable *table)
{
  g_autoptr(GError) error = NULL;
  GwParams params;
  GwRun *run;

  gw_params_init (&params, GW_PRESET_ROBUST);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);

  return run;
}

static int
find_row (GwTable    *table,
          const char *name,
          double      rt)
{
  for (guint i = 0; i < gw_table_get_n_rows (table); i++)
    if (g_strcmp0 (gw_table_get_name (table, i), name) == 0 &&
        fabs (gw_table_get_rt (table, i) - rt) < 1e-6)
      return (int) i;

  g_error ("row %s at %g not found", name, rt);
  return -1;
}

/* ---------------------------------------------------------------------- */

static char *
read_shared (const char *name)
{
  const char *dir = g_getenv ("GW_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (dir == NULL)
    return NULL;

  path = g_build_filename (dir, name, NULL);
  if (!g_file_get_contents (path, &contents, NULL, &error))
    return NULL;

  return contents;
}

static void
test_truth_dev (void)
{
  g_autofree char *contents = read_shared ("truth-dev.csv");
  g_autoptr(GwSynthTable) truth_dev = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  Score s = { 0 };

  if (contents == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/truth-dev.csv not available");
      return;
    }

  /* The engine reads the table without its Truth column; the labels are
   * kept for scoring only. */
  truth_dev = gw_synth_table_from_truth_csv (contents);
  g_assert_nonnull (truth_dev);
  g_assert_cmpuint (truth_dev->truth->len, >=, 300);
  g_assert_null (strstr (truth_dev->csv->str, "Truth"));
  g_assert_null (strstr (truth_dev->csv->str, "genuine"));

  table = table_from_string (truth_dev->csv->str);
  g_assert_cmpuint (gw_table_get_n_rows (table), ==, truth_dev->truth->len);
  g_assert_cmpuint (gw_table_get_n_extra_columns (table), ==, 0);
  run = analyze_robust (table);

  for (guint i = 0; i < truth_dev->truth->len; i++)
    {
      gboolean anchor = g_array_index (truth_dev->anchor, gboolean, i);

      g_assert_cmpint (gw_table_is_anchor (table, i), ==, anchor);
      score_row (&s, gw_run_get_status (run, i), anchor,
                 g_array_index (truth_dev->truth, GwSynthTruth, i));
    }

  g_test_message ("truth-dev: F1 %.3f, good rows flagged %.1f %% (tp %u fp %u fn %u)",
                  score_f1 (&s), 100 * score_fpr (&s), s.tp, s.fp, s.fn);
  g_assert_cmpfloat (score_f1 (&s), >=, 0.90);
  g_assert_cmpfloat (score_fpr (&s), <=, 0.03);
}

static void
test_synthetic (void)
{
  const double noises[] = { 0.05, 0.10, 0.20 };
  const double anchor_fracs[] = { 0.0, 0.1, 0.3 };
  const double error_rates[] = { 0.05, 0.10, 0.20 };
  double worst_fpr = 0;

  for (guint in = 0; in < G_N_ELEMENTS (noises); in++)
    {
      double sum_f1 = 0, min_f1 = 1, sum_fpr = 0;
      guint n_sets = 0;

      for (guint ia = 0; ia < G_N_ELEMENTS (anchor_fracs); ia++)
        for (guint ie = 0; ie < G_N_ELEMENTS (error_rates); ie++)
          for (guint seed = 0; seed < 2; seed++)
            {
              GwSynthParams sp = {
                .noise = noises[in],
                .anchor_frac = anchor_fracs[ia],
                .error_rate = error_rates[ie],
                .fragment_rate = 0.24,
                .isomer_rate = 0.3,
                .seed = 1000 * seed + 100 * in + 10 * ia + ie + 1,
              };
              g_autoptr(GwSynthTable) synth = gw_synth_generate (&sp);
              g_autoptr(GwTable) table = table_from_string (synth->csv->str);
              g_autoptr(GwRun) run = analyze_robust (table);
              Score s = { 0 };

              g_assert_cmpuint (gw_table_get_n_rows (table), ==, synth->truth->len);
              for (guint i = 0; i < synth->truth->len; i++)
                score_row (&s, gw_run_get_status (run, i),
                           g_array_index (synth->anchor, gboolean, i),
                           g_array_index (synth->truth, GwSynthTruth, i));

              sum_f1 += score_f1 (&s);
              min_f1 = MIN (min_f1, score_f1 (&s));
              sum_fpr += score_fpr (&s);
              worst_fpr = MAX (worst_fpr, score_fpr (&s));
              n_sets++;
            }

      g_test_message ("noise %.2f min: mean F1 %.3f, min F1 %.3f, mean good flagged %.1f %%",
                      noises[in], sum_f1 / n_sets, min_f1, 100 * sum_fpr / n_sets);

      /* Misids are 0.8–2.5 min off and fragments sit at the parent's RT,
       * often only 0.3–0.6 min off their own line: at 0.2 min noise part
       * of them are indistinguishable from noise, so the bar is lower. */
      g_assert_cmpfloat (sum_f1 / n_sets, >=, noises[in] <= 0.1 ? 0.85 : 0.70);
      g_assert_cmpfloat (min_f1, >=, noises[in] <= 0.1 ? 0.75 : 0.45);
      g_assert_cmpfloat (sum_fpr / n_sets, <=, 0.03);
    }

  g_assert_cmpfloat (worst_fpr, <=, 0.08);
}

/* ---------------------------------------------------------------------- */
/* Hand-made tables: clean lines plus planted rows.                         */

/* A deterministic, small wobble (±0.04 min) instead of random noise. */
static double
wobble (int i)
{
  return 0.04 * sin (1.7 * i + 0.3);
}

static void
append_line (GString    *csv,
             const char *prefix,
             double      base_logp,
             double      intercept,
             int         c_from,
             int         c_to,
             int         db,
             gboolean    anchors)
{
  for (int c = c_from; c <= c_to; c++)
    {
      double lp = base_logp + 0.54 * (c - 36) - 0.51 * (db - 1);
      double rt = intercept + 1.4 * lp + wobble (c * 7 + db);
      char b1[32], b2[32];

      g_string_append_printf (csv, "%s(%d:%d;O2),%s,100000,%s,%s\n", prefix, c, db,
                              g_ascii_formatd (b1, sizeof b1, "%.3f", rt),
                              g_ascii_formatd (b2, sizeof b2, "%.2f", lp),
                              anchors && c % 3 == 0 ? "T" : "F");
    }
}

static double
line_rt (double base_logp,
         double intercept,
         int    c,
         int    db)
{
  return intercept + 1.4 * (base_logp + 0.54 * (c - 36) - 0.51 * (db - 1));
}

typedef struct
{
  GwTable *table;
  GwRun   *run;
  double   outlier_rt;
  double   fragment_rt;
  double   isomer_rt;
  double   anchor_rt;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Name,RT,Volume,Log P,Anchor\n");
  char b[32];

  append_line (csv, "GD1", 1.53, 7.13, 32, 44, 1, TRUE);
  append_line (csv, "GD1", 1.53, 7.13, 33, 41, 2, FALSE);
  append_line (csv, "GM1", 4.00, 4.13, 32, 44, 1, TRUE);
  append_line (csv, "GM1", 4.00, 4.13, 34, 40, 2, FALSE);
  append_line (csv, "GT1", -0.94, 10.04, 32, 44, 1, TRUE);

  /* An outlier: 1.31 min later than its line. */
  f->outlier_rt = round ((line_rt (1.53, 7.13, 38, 0) + 1.31) * 1000) / 1000;
  g_string_append_printf (csv, "GD1(38:0;O2),%s,50000,%.2f,F\n",
                          g_ascii_formatd (b, sizeof b, "%.3f", f->outlier_rt),
                          1.53 + 0.54 * 2 + 0.51);

  /* A fragment: "GM1(36:2;O2)" at the RT of GD1(36:2;O2), which is ~0.45
   * min earlier than the GM1 line predicts. */
  f->fragment_rt = round ((line_rt (1.53, 7.13, 36, 2) + wobble (36 * 7 + 2) + 0.02) * 1000) / 1000;
  g_string_append_printf (csv, "GM1(36:2;O2),%s,20000,%.2f,F\n",
                          g_ascii_formatd (b, sizeof b, "%.3f", f->fragment_rt),
                          4.00 - 0.51);

  /* An isomer: a second GD1(34:1;O2) peak 0.47 min after the first. */
  f->isomer_rt = round ((line_rt (1.53, 7.13, 34, 1) + wobble (34 * 7 + 1) + 0.47) * 1000) / 1000;
  g_string_append_printf (csv, "GD1(34:1;O2),%s,30000,%.2f,F\n",
                          g_ascii_formatd (b, sizeof b, "%.3f", f->isomer_rt),
                          1.53 - 0.54 * 2);

  /* An anchor 2 min off its line. */
  f->anchor_rt = round ((line_rt (-0.94, 10.04, 40, 0) - 2.0) * 1000) / 1000;
  g_string_append_printf (csv, "GT1(40:0;O2),%s,80000,%.2f,T\n",
                          g_ascii_formatd (b, sizeof b, "%.3f", f->anchor_rt),
                          -0.94 + 0.54 * 4 + 0.51);

  /* Too little data: two GM4 rows, no anchor. */
  g_string_append (csv, "GM4(36:1;O2),13.867,40000,9.88,F\n");
  g_string_append (csv, "GM4(38:1;O2),15.402,40000,10.96,F\n");

  /* A small group on the common slope: pooled slope. */
  g_string_append_printf (csv, "GD1+OAc(36:1;O2),%.3f,60000,2.10,F\n", 6.43 + 1.4 * 2.10);
  g_string_append_printf (csv, "GD1+OAc(38:1;O2),%.3f,60000,3.18,F\n", 6.43 + 1.4 * 3.18 + 0.03);
  g_string_append_printf (csv, "GD1+OAc(40:1;O2),%.3f,60000,4.26,F\n", 6.43 + 1.4 * 4.26 - 0.02);

  /* A bad row stays, invalid. */
  g_string_append (csv, "GD1(36:1;O2),abc,100000,1.53,F\n");

  f->table = table_from_string (csv->str);
  f->run = analyze_robust (f->table);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->run, gw_run_unref);
  g_clear_pointer (&f->table, gw_table_unref);
}

static void
test_outlier (Fixture       *f,
              gconstpointer  data)
{
  int row = find_row (f->table, "GD1(38:0;O2)", f->outlier_rt);
  g_autofree char *expected = NULL;
  char b[32];

  g_assert_cmpint (gw_run_get_status (f->run, row), ==, GW_STATUS_OUTLIER);
  g_assert_cmpfloat (gw_run_get_z (f->run, row), >=, 3.0);
  g_assert_cmpfloat_with_epsilon (gw_run_get_residual (f->run, row), 1.31, 0.08);
  g_assert_cmpint (gw_run_get_model_level (f->run, row), ==, GW_MODEL_LEVEL_GROUP);
  g_assert_cmpfloat (gw_run_get_pi_high (f->run, row), <, gw_table_get_rt (f->table, row));

  expected = g_strdup_printf ("RT %s min is ", g_ascii_formatd (b, sizeof b, "%.2f", f->outlier_rt));
  g_assert_true (g_str_has_prefix (gw_run_get_reason (f->run, row), expected));
  g_assert_nonnull (strstr (gw_run_get_reason (f->run, row), "later than the GD1 line predicts ("));
  g_assert_nonnull (strstr (gw_run_get_reason (f->run, row), " σ)"));
  g_assert_cmpuint (gw_run_get_warnings (f->run, row) & GW_ROW_WARNING_ANCHOR_INCONSISTENT, ==, 0);
}

static void
test_fragment (Fixture       *f,
               gconstpointer  data)
{
  int row = find_row (f->table, "GM1(36:2;O2)", f->fragment_rt);
  int parent = gw_run_get_fragment_of (f->run, row);
  const char *reason = gw_run_get_reason (f->run, row);

  g_assert_cmpint (gw_run_get_status (f->run, row), ==, GW_STATUS_FRAGMENT);
  g_assert_cmpint (parent, >=, 0);
  g_assert_cmpstr (gw_table_get_name (f->table, parent), ==, "GD1(36:2;O2)");
  g_assert_cmpint (gw_run_get_status (f->run, parent), ==, GW_STATUS_VALID);
  g_assert_cmpfloat (gw_run_get_z (f->run, row), <, -2.0);
  /* Consolidated: the parent's own volume plus what it lost. */
  g_assert_cmpfloat_with_epsilon (gw_run_get_fragment_parent_volume (f->run, row),
                                  gw_table_get_volume (f->table, parent) + 20000, 1e-6);
  g_assert_true (g_str_has_prefix (reason, "co-elutes (ΔRT 0.02 min) with GD1(36:2;O2), which has one more sialic acid"));
  g_assert_nonnull (strstr (reason, "in-source NeuAc loss"));
  g_assert_cmpint (gw_run_get_isomer_of (f->run, row), ==, -1);
}

static void
test_isomer (Fixture       *f,
             gconstpointer  data)
{
  int row = find_row (f->table, "GD1(34:1;O2)", f->isomer_rt);
  int first = gw_run_get_isomer_of (f->run, row);

  g_assert_cmpint (gw_run_get_status (f->run, row), ==, GW_STATUS_ISOMER);
  g_assert_cmpint (first, >=, 0);
  g_assert_cmpint (first, !=, row);
  g_assert_cmpstr (gw_table_get_name (f->table, first), ==, "GD1(34:1;O2)");
  g_assert_cmpint (gw_run_get_status (f->run, first), ==, GW_STATUS_VALID);
  g_assert_cmpstr (gw_run_get_reason (f->run, row), ==,
                   "second GD1(34:1;O2) peak, 0.47 min after the first: isomer");
}

static void
test_insufficient (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < gw_table_get_n_rows (f->table); i++)
    {
      if (!g_str_has_prefix (gw_table_get_name (f->table, i), "GM4("))
        continue;
      g_assert_cmpint (gw_run_get_status (f->run, i), ==, GW_STATUS_INSUFFICIENT);
      g_assert_cmpstr (gw_run_get_reason (f->run, i), ==, "only 2 GM4 rows and no anchor: cannot check");
      g_assert_true (isnan (gw_run_get_z (f->run, i)));
      g_assert_cmpfloat (gw_run_get_confidence (f->run, i), ==, 0.0);
    }
}

static void
test_pooled_slope (Fixture       *f,
                   gconstpointer  data)
{
  guint seen = 0;

  for (guint i = 0; i < gw_table_get_n_rows (f->table); i++)
    {
      const GwModel *model;

      if (!g_str_has_prefix (gw_table_get_name (f->table, i), "GD1+OAc("))
        continue;
      seen++;
      g_assert_cmpint (gw_run_get_model_level (f->run, i), ==, GW_MODEL_LEVEL_POOLED_SLOPE);
      g_assert_cmpint (gw_run_get_status (f->run, i), ==, GW_STATUS_VALID);
      g_assert_cmpint (gw_run_get_model_index (f->run, i), >=, 0);
      model = gw_run_get_model (f->run, gw_run_get_model_index (f->run, i));
      g_assert_cmpint (model->level, ==, GW_MODEL_LEVEL_POOLED_SLOPE);
      g_assert_cmpstr (model->group_name, ==, "GD1+OAc");
      /* The borrowed slope comes from the Disialo groups (GD1 here). */
      g_assert_cmpfloat_with_epsilon (model->coef[0], 1.4, 0.05);
      g_assert_nonnull (strstr (model->equation, "pooled slope"));
    }
  g_assert_cmpuint (seen, ==, 3);

  /* The big groups have their own slope. */
  for (guint m = 0; m < gw_run_get_n_models (f->run); m++)
    {
      const GwModel *model = gw_run_get_model (f->run, m);

      if (g_str_equal (model->group_name, "GD1") || g_str_equal (model->group_name, "GM1"))
        {
          g_assert_cmpint (model->level, ==, GW_MODEL_LEVEL_GROUP);
          g_assert_cmpfloat_with_epsilon (model->coef[0], 1.4, 0.05);
          g_assert_cmpfloat (model->r2, >, 0.99);
          g_assert_cmpfloat (model->scale, >, 0.0);
          g_assert_cmpfloat (model->scale, <, 0.1);
        }
    }
}

static void
test_anchor_warning (Fixture       *f,
                     gconstpointer  data)
{
  int row = find_row (f->table, "GT1(40:0;O2)", f->anchor_rt);
  g_autofree char *text = gw_run_dup_warnings_text (f->run, row);

  g_assert_true (gw_table_is_anchor (f->table, row));
  g_assert_cmpint (gw_run_get_status (f->run, row), ==, GW_STATUS_OUTLIER);
  g_assert_cmpuint (gw_run_get_warnings (f->run, row) & GW_ROW_WARNING_ANCHOR_INCONSISTENT, !=, 0);
  g_assert_nonnull (strstr (text, "anchor inconsistent with its group"));
  g_assert_nonnull (strstr (gw_run_get_reason (f->run, row), "earlier than the GT1 line predicts"));

  /* Consistent anchors carry no warning. */
  for (guint i = 0; i < gw_table_get_n_rows (f->table); i++)
    if ((int) i != row && gw_table_is_anchor (f->table, i))
      g_assert_cmpuint (gw_run_get_warnings (f->run, i) & GW_ROW_WARNING_ANCHOR_INCONSISTENT, ==, 0);
}

static void
test_every_row_explained (Fixture       *f,
                          gconstpointer  data)
{
  guint n_invalid = 0;

  for (guint i = 0; i < gw_table_get_n_rows (f->table); i++)
    {
      GwStatus status = gw_run_get_status (f->run, i);

      if (status == GW_STATUS_VALID)
        continue;
      g_assert_cmpstr (gw_run_get_reason (f->run, i), !=, "");
      if (status == GW_STATUS_INVALID)
        {
          n_invalid++;
          g_assert_false (gw_table_is_valid (f->table, i));
          g_assert_nonnull (strstr (gw_run_get_reason (f->run, i), "RT"));
          g_assert_true (isnan (gw_run_get_z (f->run, i)));
        }
    }
  g_assert_cmpuint (n_invalid, ==, 1);
}

/* Confidence is in [0, 1] and, within one model, falls as |z| grows. */
static void
test_confidence (Fixture       *f,
                 gconstpointer  data)
{
  guint n = gw_table_get_n_rows (f->table);

  for (guint i = 0; i < n; i++)
    {
      double ci = gw_run_get_confidence (f->run, i);

      if (gw_run_get_status (f->run, i) == GW_STATUS_INVALID)
        continue;
      g_assert_cmpfloat (ci, >=, 0.0);
      g_assert_cmpfloat (ci, <=, 1.0);

      for (guint j = 0; j < n; j++)
        {
          double zi = fabs (gw_run_get_z (f->run, i));
          double zj = fabs (gw_run_get_z (f->run, j));

          if (gw_run_get_model_index (f->run, i) < 0 ||
              gw_run_get_model_index (f->run, i) != gw_run_get_model_index (f->run, j) ||
              isnan (zi) || isnan (zj))
            continue;
          if (zi < zj)
            g_assert_cmpfloat (ci, >=, gw_run_get_confidence (f->run, j));
        }
    }
}

/* A small group (pooled scale) whose rows scatter far beyond the usual RT
 * noise, with no common line: nobody is judged by a line through a
 * minority. */
static void
test_no_consensus (void)
{
  g_autoptr(GString) csv = g_string_new ("Name,RT,Volume,Log P,Anchor\n");
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  const double scatter[] = { 0.0, 1.9, -1.7, 0.03, 2.6, -2.4, -0.02 };
  guint n_gt3 = 0;

  append_line (csv, "GD1", 1.53, 7.13, 32, 44, 1, TRUE);
  append_line (csv, "GM1", 4.00, 4.13, 32, 44, 1, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (scatter); i++)
    {
      int c = 34 + (int) i;
      double lp = 2.70 + 0.54 * (c - 36);
      char b1[32], b2[32];

      g_string_append_printf (csv, "GT3(%d:1;O2),%s,100000,%s,F\n", c,
                              g_ascii_formatd (b1, sizeof b1, "%.3f", 5.62 + 1.4 * lp + scatter[i]),
                              g_ascii_formatd (b2, sizeof b2, "%.2f", lp));
    }

  table = table_from_string (csv->str);
  run = analyze_robust (table);

  for (guint i = 0; i < gw_table_get_n_rows (table); i++)
    {
      if (!g_str_has_prefix (gw_table_get_name (table, i), "GT3("))
        {
          g_assert_cmpint (gw_run_get_status (run, i), ==, GW_STATUS_VALID);
          continue;
        }
      n_gt3++;
      g_assert_cmpint (gw_run_get_status (run, i), ==, GW_STATUS_INSUFFICIENT);
      g_assert_nonnull (strstr (gw_run_get_reason (run, i), "GT3 rows do not agree on one line"));
      g_assert_true (isnan (gw_run_get_z (run, i)));
      g_assert_cmpint (gw_run_get_model_index (run, i), >=, 0);
      g_assert_false (gw_run_get_model (run, gw_run_get_model_index (run, i))->accepted);
    }
  g_assert_cmpuint (n_gt3, ==, G_N_ELEMENTS (scatter));
}

/* ---------------------------------------------------------------------- */

static void
test_default_preset (void)
{
  GwParams params;
  GwParams zero = { 0 };
  GwPreset preset = GW_PRESET_CLASSIC;

  /* The zero value of the enum is the default preset. */
  g_assert_cmpint (zero.preset, ==, GW_PRESET_ROBUST);
  g_assert_cmpstr (gw_preset_to_string (zero.preset), ==, "robust");
  g_assert_true (gw_preset_from_string ("robust", &preset));
  g_assert_cmpint (preset, ==, GW_PRESET_ROBUST);

  gw_params_init (&params, GW_PRESET_ROBUST);
  g_assert_cmpfloat (params.outlier_threshold, ==, 3.0);
  g_assert_cmpfloat (params.rt_tolerance, ==, 0.10);
  g_assert_cmpfloat (params.anchor_weight, ==, 5.0);
  g_assert_cmpfloat (params.isomer_window_min, ==, 0.15);
  g_assert_cmpfloat (params.isomer_window_max, ==, 1.00);
  g_assert_true (gw_params_validate (&params, NULL));
}

/* The same input gives bit-identical output, on the threaded path too. */
static void
test_deterministic (void)
{
  GwSynthParams sp = { 0.1, 0.1, 0.1, 0.24, 0.3, 77 };
  g_autoptr(GwSynthTable) synth = gw_synth_generate (&sp);
  g_autoptr(GString) big = g_string_new (synth->csv->str);
  const char *body = strchr (synth->csv->str, '\n') + 1;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run1 = NULL;
  g_autoptr(GwRun) run2 = NULL;
  guint n;

  /* Enough rows for the parallel group fits and for mapping the scratch
   * on a second thread (≥ 100000 rows, gw-analysis.c). */
  for (guint copies = 1; copies * synth->truth->len < 105000; copies++)
    g_string_append (big, body);

  table = table_from_string (big->str);
  n = gw_table_get_n_rows (table);
  g_assert_cmpuint (n, >=, 100000);
  run1 = analyze_robust (table);
  run2 = analyze_robust (table);

  g_assert_cmpmem (gw_run_get_status_column (run1), n, gw_run_get_status_column (run2), n);
  g_assert_cmpmem (gw_run_get_z_column (run1), n * sizeof (double),
                   gw_run_get_z_column (run2), n * sizeof (double));
  g_assert_cmpmem (gw_run_get_predicted_column (run1), n * sizeof (double),
                   gw_run_get_predicted_column (run2), n * sizeof (double));
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (gw_run_get_reason (run1, i), ==, gw_run_get_reason (run2, i));
}

/* gw_analyze() lets the robust preset use the run's columns as scratch
 * before it initialises them, and writes part of the results straight
 * into them; a run whose columns are initialised first (no scratch to
 * lend, no shared workspace) must come out the same in every column. */
/* Every per-row column but the reasons, byte for byte. */
static void
assert_columns_equal (GwRun *a,
                      GwRun *b)
{
  guint n = a->n_rows;

  g_assert_cmpuint (b->n_rows, ==, n);
#define SAME(col) \
  g_assert_cmpmem (a->col, n * sizeof (*a->col), b->col, n * sizeof (*b->col))
  SAME (status);
  SAME (model_level);
  SAME (model_index);
  SAME (predicted);
  SAME (residual);
  SAME (z);
  SAME (pi_low);
  SAME (pi_high);
  SAME (confidence);
  SAME (fragment_of);
  SAME (fragment_parent_volume);
  SAME (isomer_of);
  SAME (oac_base);
  SAME (oac_shift);
  SAME (warnings);
#undef SAME
}

static void
assert_runs_equal (GwRun *a,
                   GwRun *b)
{
  guint n = a->n_rows;

  assert_columns_equal (a, b);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (gw_run_get_reason (a, i), ==, gw_run_get_reason (b, i));
  g_assert_cmpuint (a->models->len, ==, b->models->len);
  for (guint m = 0; m < a->models->len; m++)
    {
      const GwModel *ma = &g_array_index (a->models, GwModel, m);
      const GwModel *mb = &g_array_index (b->models, GwModel, m);

      g_assert_cmpmem (&ma->intercept, sizeof (double), &mb->intercept, sizeof (double));
      g_assert_cmpmem (&ma->coef[0], sizeof (double), &mb->coef[0], sizeof (double));
      g_assert_cmpmem (&ma->scale, sizeof (double), &mb->scale, sizeof (double));
      g_assert_cmpstr (ma->equation, ==, mb->equation);
    }
}

static void
check_columns_scratch (GwTable *table)
{
  g_autoptr(GwRun) via_analyze = analyze_robust (table);
  g_autoptr(GwRun) direct = NULL;
  g_autoptr(GError) error = NULL;
  GwParams params;
  guint n = gw_table_get_n_rows (table);
  guint n_frag = 0, n_iso = 0;

  gw_params_init (&params, GW_PRESET_ROBUST);
  direct = gw_run_new_for_table (table, &params);
  g_assert_false (direct->columns_scratch);
  g_assert_true (gw_robust_analyze (direct, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  gw_side_reports_compute (direct);
  gw_run_finish (direct);

  g_assert_false (via_analyze->columns_scratch);
  assert_runs_equal (via_analyze, direct);

  /* The rows whose links are written straight into the columns exist,
   * and every other row keeps the columns' initial values. */
  for (guint i = 0; i < n; i++)
    {
      GwStatus st = gw_run_get_status (via_analyze, i);

      if (st == GW_STATUS_FRAGMENT)
        {
          n_frag++;
          g_assert_cmpint (gw_run_get_fragment_of (via_analyze, i), >=, 0);
          g_assert_true (isfinite (gw_run_get_fragment_parent_volume (via_analyze, i)));
          g_assert_cmpint (gw_run_get_isomer_of (via_analyze, i), ==, -1);
        }
      else
        {
          g_assert_cmpint (gw_run_get_fragment_of (via_analyze, i), ==, -1);
          g_assert_true (isnan (gw_run_get_fragment_parent_volume (via_analyze, i)));
        }
      if (st == GW_STATUS_ISOMER)
        {
          n_iso++;
          g_assert_cmpint (gw_run_get_isomer_of (via_analyze, i), >=, 0);
        }
      else
        g_assert_cmpint (gw_run_get_isomer_of (via_analyze, i), ==, -1);
      if (st == GW_STATUS_VALID || st == GW_STATUS_OUTLIER)
        g_assert_cmpfloat (gw_run_get_residual (via_analyze, i), ==,
                           gw_table_get_rt (table, i) - gw_run_get_predicted (via_analyze, i));
    }
  g_assert_cmpuint (n_frag, >, 0);
  g_assert_cmpuint (n_iso, >, 0);
}

static void
test_columns_scratch (void)
{
  GwSynthParams sp = { 0.1, 0.1, 0.1, 0.24, 0.3, 91 };
  g_autoptr(GwSynthTable) synth = gw_synth_generate (&sp);
  g_autoptr(GString) big = g_string_new (synth->csv->str);
  const char *body = strchr (synth->csv->str, '\n') + 1;
  g_autoptr(GwTable) small = table_from_string (synth->csv->str);
  g_autoptr(GwTable) table = NULL;
  g_autofree char *contents = read_shared ("testwork_user.csv");
  guint n_invalid = 0, n_copies = 0;

  check_columns_scratch (small);

  /* Large enough for the parallel fits and the shared, pre-mapped
   * workspace (gw-analysis.c), with rows the table rejects between the
   * copies: rows without a position, whose fitted columns the preset
   * writes over its own arrays at the end (gw-robust.c). */
  for (guint copies = 1; copies * synth->truth->len < 105000; copies++)
    {
      g_string_append (big, "GD1(36:1;O2),abc,100000,1.53,F\n");
      g_string_append (big, body);
      g_string_append (big, "GM1(36:1;O2),9.1,100000,,F\n");
      n_copies++;
    }
  table = table_from_string (big->str);
  g_assert_cmpuint (gw_table_get_n_rows (table), >=, 100000);
  g_assert_cmpuint (gw_table_get_n_groups (table), >, 1);
  for (guint i = 0; i < gw_table_get_n_rows (table); i++)
    n_invalid += !gw_table_is_valid (table, i);
  g_assert_cmpuint (n_invalid, >=, n_copies);
  g_assert_cmpuint (n_copies, >, 10);
  check_columns_scratch (table);

  if (contents != NULL)
    {
      g_autoptr(GwTable) user = table_from_string (contents);

      check_columns_scratch (user);
    }
}

/* Mapping an arena's pages on another thread never changes what they
 * hold, even while this thread writes there at the same time. */
static void
test_arena_populate (void)
{
  g_auto(GwArena) arena = { 0 };
  const gsize size = 48 * 1024 * 1024;
  GThread *thread;
  guint8 *p;

  gw_arena_init (&arena, size);
  p = gw_arena_take (&arena, size);
  thread = gw_arena_populate_start (&arena);
  if (g_get_num_processors () > 1)
    g_assert_nonnull (thread);
  for (gsize i = 0; i < size; i++)
    p[i] = (guint8) ((i * 2654435761u) >> 13);
  gw_arena_populate_finish (thread);
  for (gsize i = 0; i < size; i++)
    if (p[i] != (guint8) ((i * 2654435761u) >> 13))
      g_error ("byte %" G_GSIZE_FORMAT " changed", i);

  /* Small blocks are left alone. */
  {
    g_auto(GwArena) small = { 0 };

    gw_arena_init (&small, 4096);
    g_assert_null (gw_arena_populate_start (&small));
  }
}

static inline guint8
pattern (gsize i)
{
  return (guint8) ((i * 2654435761u) >> 11);
}

/* Several ranges, out of address order, with edges inside pages (the run's
 * columns are cut where the preset's temporaries end), in two blocks
 * this thread fills while they are mapped: every byte keeps what this
 * thread wrote, the bytes on either side of an edge too.  Forward and
 * backward (from each range's end in huge-page slices, so a range's first
 * and last slices are partial here). */
static void
check_populate_ranges (gboolean backward)
{
  g_auto(GwArena) a = { 0 };
  g_auto(GwArena) b = { 0 };
  const gsize size = 24 * 1024 * 1024;
  GwPopulateRange ranges[5];
  GThread *thread;
  guint8 *pa, *pb;

  gw_arena_init (&a, size);
  gw_arena_init (&b, size);
  pa = gw_arena_take (&a, size);
  pb = gw_arena_take (&b, size);

  ranges[0] = (GwPopulateRange) { pb + 12345, size / 2 };
  ranges[1] = (GwPopulateRange) { pa + 77, size / 3 };
  ranges[2] = (GwPopulateRange) { pb + 12345 + size / 2, size / 2 - 12345 };
  ranges[3] = (GwPopulateRange) { pa + 100, 1000 };   /* no whole page: skipped */
  ranges[4] = (GwPopulateRange) { pa + 77 + size / 3, size - 77 - size / 3 };
  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    ranges[r].backward = backward;
  thread = gw_populate_start (ranges, G_N_ELEMENTS (ranges));
  if (g_get_num_processors () > 1)
    g_assert_nonnull (thread);
  for (gsize i = 0; i < size; i++)
    {
      pa[i] = pattern (i);
      pb[size - 1 - i] = pattern (i + 1);
    }
  gw_arena_populate_finish (thread);
  for (gsize i = 0; i < size; i++)
    if (pa[i] != pattern (i) || pb[size - 1 - i] != pattern (i + 1))
      g_error ("byte %" G_GSIZE_FORMAT " changed", i);

  /* Less than a huge page in all: not worth a thread. */
  ranges[0] = (GwPopulateRange) { pa, 64 * 1024 };
  ranges[1] = (GwPopulateRange) { NULL, 0 };
  g_assert_null (gw_populate_start (ranges, 2));
}

/* Backward mapping reaches every whole page of each range, first slice
 * and last (ranges that start and end inside huge pages), and nothing
 * before a range's start page in another huge page. */
static void
check_populate_backward_maps (void)
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  const gsize size = 16 * 1024 * 1024;
  const gsize page = (gsize) sysconf (_SC_PAGESIZE);
  const gsize huge = 2 * 1024 * 1024;
  GwPopulateRange ranges[2];
  g_autofree unsigned char *resident = NULL;
  GThread *thread;
  guint8 *map, *p;

  if (g_get_num_processors () < 2)
    return;
  /* A mapping of its own, so that no page is resident before (malloc
   * could hand out pages an earlier check wrote). */
  map = mmap (NULL, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (map != MAP_FAILED);
  p = (guint8 *) (((guintptr) map + huge - 1) & ~(guintptr) (huge - 1));
  madvise (p, size, MADV_HUGEPAGE);
  /* A kernel without the advice (before 5.14) maps nothing: skip. */
  if (madvise (p + size - huge, huge, MADV_POPULATE_WRITE) != 0)
    {
      g_test_message ("no MADV_POPULATE_WRITE: skipped");
      munmap (map, size + huge);
      return;
    }

  /* From inside the second huge page to inside the sixth, and a range
   * of one page in the eighth; the first huge page stays untouched. */
  ranges[0] = (GwPopulateRange) { p + 7 * huge + 3 * page, page, TRUE };
  ranges[1] = (GwPopulateRange) { p + huge + 5 * page + 17, 4 * huge, TRUE };
  thread = gw_populate_start (ranges, G_N_ELEMENTS (ranges));
  g_assert_nonnull (thread);
  gw_arena_populate_finish (thread);

  resident = g_malloc (size / page);
  g_assert_cmpint (mincore (p, size, resident), ==, 0);
  for (gsize off = huge + 6 * page; off + page <= 5 * huge + 5 * page + 17; off += page)
    g_assert_true (resident[off / page] & 1);
  g_assert_true (resident[(7 * huge + 3 * page) / page] & 1);
  for (gsize off = 0; off < huge; off += page)
    g_assert_false (resident[off / page] & 1);
  munmap (map, size + huge);
#endif
}

/* gw_populate_pages() maps every page that holds part of the range, no
 * other, and changes nothing it holds. */
static void
test_populate_pages (void)
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  const gsize page = (gsize) sysconf (_SC_PAGESIZE);
  const gsize size = 16 * page;
  unsigned char resident[16];
  guint8 *p;

  p = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (p != MAP_FAILED);
  /* Page by page, so that residency shows exactly which were mapped. */
  madvise (p, size, MADV_NOHUGEPAGE);
  if (madvise (p + 15 * page, page, MADV_POPULATE_WRITE) != 0)
    {
      g_test_skip ("no MADV_POPULATE_WRITE");
      munmap (p, size);
      return;
    }
  p[3 * page + 5] = 0x5a;

  /* From inside page 2 to inside page 5. */
  gw_populate_pages (p + 2 * page + 100, 3 * page);

  g_assert_cmpint (mincore (p, size, resident), ==, 0);
  for (guint i = 0; i < 15; i++)
    g_assert_cmpint (resident[i] & 1, ==, i == 3 || (i >= 2 && i <= 5));
  g_assert_cmpuint (p[3 * page + 5], ==, 0x5a);
  for (gsize off = 2 * page; off < 6 * page; off++)
    if (off != 3 * page + 5)
      g_assert_cmpuint (p[off], ==, 0);
  munmap (p, size);
#else
  g_test_skip ("no MADV_POPULATE_WRITE");
#endif
}

static void
test_populate_ranges (void)
{
  check_populate_ranges (FALSE);
  check_populate_ranges (TRUE);
  check_populate_backward_maps ();
}

/* Reasons of outlier, isomer and fragment rows are formatted on demand
 * (gw-run.c): what an exporter formats into its buffer is what
 * gw_run_get_reason() returns, that text is kept (same pointer on the
 * next call), and threads asking at once get the one kept copy. */
typedef struct
{
  GwRun        *run;
  const char  **got;
} ReasonWork;

static gpointer
reason_thread (gpointer data)
{
  ReasonWork *w = data;

  for (guint i = 0; i < gw_run_get_n_rows (w->run); i++)
    w->got[i] = gw_run_get_reason (w->run, i);

  return NULL;
}

static void
test_reasons_on_demand (void)
{
  GwSynthParams sp = { 0.1, 0.1, 0.1, 0.24, 0.3, 5 };
  g_autoptr(GwSynthTable) synth = gw_synth_generate (&sp);
  g_autoptr(GwTable) table = table_from_string (synth->csv->str);
  g_autoptr(GwRun) run = analyze_robust (table);
  guint n = gw_run_get_n_rows (run);
  g_autofree const char **got1 = g_new0 (const char *, n);
  g_autofree const char **got2 = g_new0 (const char *, n);
  ReasonWork w1 = { run, got1 }, w2 = { run, got2 };
  GThread *t1, *t2;
  guint n_derived = 0;

  t1 = g_thread_new ("reasons-1", reason_thread, &w1);
  t2 = g_thread_new ("reasons-2", reason_thread, &w2);
  g_thread_join (t1);
  g_thread_join (t2);

  for (guint i = 0; i < n; i++)
    {
      GwStatus status = gw_run_get_status (run, i);
      GwReasonBuf rb;

      g_assert_true (got1[i] == got2[i]);
      g_assert_true (gw_run_get_reason (run, i) == got1[i]);
      g_assert_cmpstr (gw_run_peek_reason (run, i, &rb), ==, got1[i]);
      if (status == GW_STATUS_OUTLIER || status == GW_STATUS_ISOMER || status == GW_STATUS_FRAGMENT)
        {
          g_assert_cmpstr (got1[i], !=, "");
          n_derived++;
        }
      if (status == GW_STATUS_OUTLIER)
        g_assert_true (g_str_has_prefix (got1[i], "RT "));
      else if (status == GW_STATUS_ISOMER)
        g_assert_true (g_str_has_prefix (got1[i], "second ") || g_str_has_prefix (got1[i], "earlier "));
      else if (status == GW_STATUS_FRAGMENT)
        g_assert_true (g_str_has_prefix (got1[i], "co-elutes (ΔRT "));
    }
  g_assert_cmpuint (n_derived, >, 0);
}

/* @run holds exactly the initial values of gw_run_new_for_table(). */
static void
assert_run_initial (GwRun   *run,
                    GwTable *table)
{
  g_autoptr(GwRun) init = NULL;
  GwParams params;
  guint n = gw_table_get_n_rows (table);

  gw_params_init (&params, GW_PRESET_ROBUST);
  init = gw_run_new_for_table (table, &params);
  g_assert_false (run->columns_scratch);
  assert_columns_equal (run, init);
  g_assert_cmpmem (run->reason, n * sizeof (*run->reason), init->reason, n * sizeof (*init->reason));
}

/* A run whose columns the preset used as scratch (gw_analyze()) is
 * initialised when the preset stops early, here cancelled after its
 * preparation.  The block is filled with garbage first, so a column left
 * as scratch shows.  (The other early exit, no valid rows, cannot be
 * reached with a table: a table has at least one valid row.) */
static void
test_columns_scratch_early_exit (void)
{
  GwSynthParams sp = { 0.1, 0.1, 0.1, 0.24, 0.3, 7 };
  g_autoptr(GwSynthTable) synth = gw_synth_generate (&sp);
  g_autoptr(GwTable) table = table_from_string (synth->csv->str);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GwParams params;

  gw_params_init (&params, GW_PRESET_ROBUST);

  {
    g_autoptr(GwRun) run = gw_run_new_for_table_uninit (table, &params);
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (gw_table_get_n_rows (table), >=, 200);
    run->columns_scratch = TRUE;
    memset (run->columns_block, 0x5a, run->columns_size);
    g_cancellable_cancel (cancellable);
    g_assert_false (gw_robust_analyze (run, cancellable, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    assert_run_initial (run, table);
  }
}

static void
test_cancel (void)
{
  GwSynthParams sp = { 0.1, 0.1, 0.1, 0.24, 0.3, 5 };
  g_autoptr(GwSynthTable) synth = gw_synth_generate (&sp);
  g_autoptr(GwTable) table = table_from_string (synth->csv->str);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwRun) run = NULL;
  GwParams params;

  gw_params_init (&params, GW_PRESET_ROBUST);
  g_cancellable_cancel (cancellable);
  run = gw_analyze (table, &params, cancellable, NULL, NULL, &error);
  g_assert_null (run);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The real sample: every row gets a status, groups with too few rows are
 * "cannot check" rather than outliers, and the anchors mostly agree. */
static void
test_testwork_user (void)
{
  g_autofree char *contents = read_shared ("testwork_user.csv");
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  guint n_anchor_bad = 0;

  if (contents == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv not available");
      return;
    }

  table = table_from_string (contents);
  run = analyze_robust (table);
  g_assert_cmpuint (gw_run_get_n_rows (run), ==, 323);

  for (guint i = 0; i < 323; i++)
    {
      const char *name = gw_table_get_name (table, i);

      if (gw_run_get_warnings (run, i) & GW_ROW_WARNING_ANCHOR_INCONSISTENT)
        n_anchor_bad++;
      /* GM4 and GD1+Hex+HexNAc+OAc have one row each, no anchor. */
      if (g_str_has_prefix (name, "GM4(") || g_str_has_prefix (name, "GD1+Hex+HexNAc+OAc("))
        g_assert_cmpint (gw_run_get_status (run, i), ==, GW_STATUS_INSUFFICIENT);
      g_assert_cmpint (gw_run_get_status (run, i), !=, GW_STATUS_INVALID);
    }

  g_test_message ("testwork_user: valid %u, outlier %u, fragment %u, isomer %u, insufficient %u; "
                  "%u of 49 anchors inconsistent",
                  gw_run_get_status_count (run, GW_STATUS_VALID),
                  gw_run_get_status_count (run, GW_STATUS_OUTLIER),
                  gw_run_get_status_count (run, GW_STATUS_FRAGMENT),
                  gw_run_get_status_count (run, GW_STATUS_ISOMER),
                  gw_run_get_status_count (run, GW_STATUS_INSUFFICIENT),
                  n_anchor_bad);
  g_assert_cmpuint (n_anchor_bad, <=, 49 / 5);
  /* The old platform called 174 rows outliers, 165 of them for lack of
   * anchors; most rows here are consistent with their line. */
  g_assert_cmpuint (gw_run_get_status_count (run, GW_STATUS_VALID), >, 323 / 2);
}

/* An isomer's reason says in which direction it lies from the peak it is
 * an isomer of (the one on the line): "second … after the first" when it
 * elutes later, "earlier … before the one on the line" when it elutes
 * first, never a "second" peak "before the first".  Both directions occur
 * in the real sample. */
static void
test_isomer_reason_direction (void)
{
  g_autofree char *contents = read_shared ("testwork_user.csv");
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  guint n_later = 0, n_earlier = 0;
  int row, main_peak;

  if (contents == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv not available");
      return;
    }

  table = table_from_string (contents);
  run = analyze_robust (table);

  for (guint i = 0; i < gw_run_get_n_rows (run); i++)
    {
      g_autofree char *expected = NULL;
      const char *reason;
      double d;
      char b[32];

      if (gw_run_get_status (run, i) != GW_STATUS_ISOMER)
        continue;
      main_peak = gw_run_get_isomer_of (run, i);
      g_assert_cmpint (main_peak, >=, 0);
      g_assert_cmpstr (gw_table_get_name (table, (guint) main_peak), ==, gw_table_get_name (table, i));
      /* The peak on the line is the closer one. */
      g_assert_cmpfloat (fabs (gw_run_get_z (run, (guint) main_peak)), <=, fabs (gw_run_get_z (run, i)));

      d = gw_table_get_rt (table, i) - gw_table_get_rt (table, (guint) main_peak);
      g_ascii_formatd (b, sizeof b, "%.2f", fabs (d));
      if (d > 0)
        {
          expected = g_strdup_printf ("second %s peak, %s min after the first: isomer",
                                      gw_table_get_name (table, i), b);
          n_later++;
        }
      else
        {
          expected = g_strdup_printf ("earlier %s peak, %s min before the one on the line: isomer",
                                      gw_table_get_name (table, i), b);
          n_earlier++;
        }
      reason = gw_run_get_reason (run, i);
      g_assert_cmpstr (reason, ==, expected);
      g_assert_null (strstr (reason, "before the first"));
    }
  g_test_message ("testwork_user: %u isomers elute after their main peak, %u before it",
                  n_later, n_earlier);
  g_assert_cmpuint (n_later, >, 0);
  g_assert_cmpuint (n_earlier, >, 0);

  /* Checked by hand (docs/analysis-robust.md §7): of the two
   * GD1(34:1;O2) anchors, the one at 7.588 min is farther from the line
   * than the one at 8.059 min, and elutes before it. */
  row = find_row (table, "GD1(34:1;O2)", 7.588);
  main_peak = find_row (table, "GD1(34:1;O2)", 8.059);
  g_assert_cmpint (gw_run_get_status (run, row), ==, GW_STATUS_ISOMER);
  g_assert_cmpint (gw_run_get_isomer_of (run, row), ==, main_peak);
  g_assert_cmpstr (gw_run_get_reason (run, row), ==,
                   "earlier GD1(34:1;O2) peak, 0.47 min before the one on the line: isomer");
}

/* The passes after the fits (scores, isomers, fragments, copying into the
 * columns) split over the workers from TAIL_PARALLEL_MIN_ROWS (100000)
 * valid rows on;
 * every column, reason, model and count must be what one worker makes.
 * The table mixes synthetic tables of different seeds and noise (many
 * groups of uneven size, fragments, isomers, outliers), the real sample
 * with its RTs jittered, and a group too small to check. */
static void
assert_models_equal (GwRun *a,
                     GwRun *b)
{
  g_assert_cmpuint (a->models->len, ==, b->models->len);
  for (guint m = 0; m < a->models->len; m++)
    {
      const GwModel *ma = &g_array_index (a->models, GwModel, m);
      const GwModel *mb = &g_array_index (b->models, GwModel, m);

      g_assert_cmpuint (ma->group, ==, mb->group);
      g_assert_cmpstr (ma->group_name, ==, mb->group_name);
      g_assert_cmpint (ma->level, ==, mb->level);
      g_assert_cmpint (ma->accepted, ==, mb->accepted);
      g_assert_cmpuint (ma->n_rows, ==, mb->n_rows);
      g_assert_cmpuint (ma->n_anchors, ==, mb->n_anchors);
#define SAME_DOUBLE(f) g_assert_cmpmem (&ma->f, sizeof (double), &mb->f, sizeof (double))
      SAME_DOUBLE (intercept);
      SAME_DOUBLE (coef[0]);
      SAME_DOUBLE (coef_std[0]);
      SAME_DOUBLE (intercept_std);
      SAME_DOUBLE (cv_r2);
      SAME_DOUBLE (r2);
      SAME_DOUBLE (adj_r2);
      SAME_DOUBLE (rmse);
      SAME_DOUBLE (scale);
#undef SAME_DOUBLE
      g_assert_cmpstr (ma->equation, ==, mb->equation);
      g_assert_cmpstr (ma->warning, ==, mb->warning);
    }
}

static void
test_tail_workers (void)
{
  g_autoptr(GString) csv = g_string_new ("Name,RT,Volume,Log P,Anchor\n");
  g_autofree char *contents = read_shared ("testwork_user.csv");
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) one = NULL;
  g_autoptr(GwRun) many = NULL;
  guint n, n_outlier = 0, n_fragment = 0, n_isomer = 0, n_insufficient = 0;

  for (guint32 seed = 1; csv->len < 3600000; seed++)
    {
      GwSynthParams sp = { 0.05 + 0.03 * (seed % 4), 0.1, 0.08, 0.24, 0.3, seed };
      g_autoptr(GwSynthTable) synth = gw_synth_generate (&sp);

      g_string_append (csv, strchr (synth->csv->str, '\n') + 1);
    }
  if (contents != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (strchr (contents, '\n') + 1, "\n", -1);

      for (guint copy = 0; copy < 40; copy++)
        for (guint l = 0; lines[l] != NULL; l++)
          {
            g_auto(GStrv) cells = g_strsplit (lines[l], ",", 3);
            char rt[G_ASCII_DTOSTR_BUF_SIZE];

            if (g_strv_length (cells) != 3)
              continue;
            /* A deterministic jitter of a few hundredths of a minute. */
            g_ascii_formatd (rt, sizeof rt, "%.3f",
                             g_ascii_strtod (cells[1], NULL) + 0.001 * (double) ((copy * 37 + l * 11) % 41 - 20));
            g_string_append_printf (csv, "%s,%s,%s\n", cells[0], rt, cells[2]);
          }
    }
  g_string_append (csv, "GT2(36:1;O2),3.100,1000,6.1,F\nGT2(34:1;O2),2.900,1000,5.0,F\n");

  table = table_from_string (csv->str);
  n = gw_table_get_n_rows (table);
  g_assert_cmpuint (n, >=, 110000);

  g_setenv ("GW_TASKS_WORKERS", "1", TRUE);
  one = analyze_robust (table);
  g_setenv ("GW_TASKS_WORKERS", "3", TRUE);
  many = analyze_robust (table);
  g_unsetenv ("GW_TASKS_WORKERS");

  /* The table exercises every pass, on the split path. */
  g_assert_cmpuint (n - gw_run_get_status_count (one, GW_STATUS_INVALID), >=, 105000);
  for (guint i = 0; i < n; i++)
    switch (gw_run_get_status_column (one)[i])
      {
      case GW_STATUS_OUTLIER: n_outlier++; break;
      case GW_STATUS_FRAGMENT: n_fragment++; break;
      case GW_STATUS_ISOMER: n_isomer++; break;
      case GW_STATUS_INSUFFICIENT: n_insufficient++; break;
      default: break;
      }
  g_assert_cmpuint (n_outlier, >, 100);
  g_assert_cmpuint (n_fragment, >, 100);
  g_assert_cmpuint (n_isomer, >, 100);
  g_test_message ("%u rows: %u outlier, %u fragment, %u isomer, %u insufficient; last: %s",
                  n, n_outlier, n_fragment, n_isomer, n_insufficient, gw_run_get_reason (one, n - 1));
  g_assert_cmpuint (n_insufficient, >=, 2);

  assert_runs_equal (one, many);
  assert_models_equal (one, many);
  for (guint st = 0; st < GW_N_STATUSES; st++)
    g_assert_cmpuint (gw_run_get_status_count (one, st), ==, gw_run_get_status_count (many, st));
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The pooled scale's medians on several workers (histograms of the
 * values' bits, gw-robust.c) against a sort: ties, zeros of both signs,
 * negative values, one value, even and odd counts, both modes. */
static void
test_parallel_median (void)
{
  static const guint sizes[] = { 1, 2, 3, 4, 5, 8, 101, 1000, 20001, 65536 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  for (guint si = 0; si < G_N_ELEMENTS (sizes); si++)
    for (guint kind = 0; kind < 5; kind++)
      {
        guint n = sizes[si];
        g_autofree double *v = g_new (double, n);
        g_autofree double *sorted = g_new (double, n);
        g_autofree double *buf = g_new (double, n);

        for (guint i = 0; i < n; i++)
          switch (kind)
            {
            case 0: /* spread */
              v[i] = g_rand_double_range (rand, -3, 3) * g_rand_double_range (rand, 0, 1);
              break;
            case 1: /* heavy ties */
              v[i] = 0.25 * g_rand_int_range (rand, -3, 4);
              break;
            case 2: /* zeros of both signs around tiny values */
              v[i] = g_rand_boolean (rand) ? (g_rand_boolean (rand) ? 0.0 : -0.0) : 1e-300 * g_rand_int_range (rand, -2, 3);
              break;
            case 3: /* all equal */
              v[i] = 1.5;
              break;
            default: /* a long tail */
              v[i] = exp (g_rand_double_range (rand, -40, 40));
              break;
            }

        for (guint mode = 0; mode < 2; mode++)
          {
            double center = mode == 0 ? 0 : v[n / 2] + 0.1;
            double expect;

            for (guint i = 0; i < n; i++)
              sorted[i] = mode == 0 ? v[i] : fabs (v[i] - center);
            qsort (sorted, n, sizeof (double), cmp_double);
            expect = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);

            for (guint workers = 1; workers <= 5; workers++)
              {
                double got = gw_robust_median (v, n, center, mode == 1, workers, buf);

                if (got != expect)
                  g_error ("n %u kind %u mode %u workers %u: median %.17g, sorted %.17g",
                           n, kind, mode, workers, got, expect);
              }
          }
      }

  /* A value that is not finite has no order but the one-thread one. */
  {
    double v[] = { 3, NAN, 1, 2, 5, 4 };
    double buf[G_N_ELEMENTS (v)];
    double one = gw_robust_median (v, G_N_ELEMENTS (v), 0, FALSE, 1, buf);
    double two = gw_robust_median (v, G_N_ELEMENTS (v), 0, FALSE, 2, buf);

    g_assert_cmpmem (&one, sizeof one, &two, sizeof two);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/robust/default-preset", test_default_preset);
  g_test_add_func ("/engine/robust/truth-dev", test_truth_dev);
  g_test_add_func ("/engine/robust/synthetic", test_synthetic);
  g_test_add_func ("/engine/robust/testwork-user", test_testwork_user);
  g_test_add_func ("/engine/robust/isomer-reason-direction", test_isomer_reason_direction);
  g_test_add_func ("/engine/robust/reasons-on-demand", test_reasons_on_demand);
  g_test_add ("/engine/robust/outlier", Fixture, NULL, fixture_setup, test_outlier, fixture_teardown);
  g_test_add ("/engine/robust/fragment", Fixture, NULL, fixture_setup, test_fragment, fixture_teardown);
  g_test_add ("/engine/robust/isomer", Fixture, NULL, fixture_setup, test_isomer, fixture_teardown);
  g_test_add ("/engine/robust/insufficient", Fixture, NULL, fixture_setup, test_insufficient, fixture_teardown);
  g_test_add ("/engine/robust/pooled-slope", Fixture, NULL, fixture_setup, test_pooled_slope, fixture_teardown);
  g_test_add ("/engine/robust/anchor-warning", Fixture, NULL, fixture_setup, test_anchor_warning, fixture_teardown);
  g_test_add ("/engine/robust/every-row-explained", Fixture, NULL, fixture_setup, test_every_row_explained, fixture_teardown);
  g_test_add ("/engine/robust/confidence", Fixture, NULL, fixture_setup, test_confidence, fixture_teardown);
  g_test_add_func ("/engine/robust/no-consensus", test_no_consensus);
  g_test_add_func ("/engine/robust/deterministic", test_deterministic);
  g_test_add_func ("/engine/robust/columns-scratch", test_columns_scratch);
  g_test_add_func ("/engine/robust/columns-scratch-early-exit", test_columns_scratch_early_exit);
  g_test_add_func ("/engine/robust/cancel", test_cancel);
  g_test_add_func ("/engine/robust/arena-populate", test_arena_populate);
  g_test_add_func ("/engine/robust/populate-ranges", test_populate_ranges);
  g_test_add_func ("/engine/robust/populate-pages", test_populate_pages);
  g_test_add_func ("/engine/robust/tail-workers", test_tail_workers);
  g_test_add_func ("/engine/robust/parallel-median", test_parallel_median);

  return g_test_run ();
}
