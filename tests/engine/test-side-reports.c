/* test-side-reports.c: tests for the side reports (ANALYSIS.md §7)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-side-reports"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-analysis.h"
#include "gw-run-private.h"

/* Runs only the side reports over a table parsed from @csv. */
static GwRun *
side_reports_for (const char *csv,
                  double      rt_tolerance)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = NULL;
  GwParams params;
  GwRun *run;

  table = gw_table_new_from_bytes (bytes, "side-reports.csv", NULL, &error);
  g_assert_no_error (error);

  gw_params_init (&params, GW_PRESET_CLASSIC);
  params.rt_tolerance = rt_tolerance;
  run = gw_run_new_for_table (table, &params);
  gw_side_reports_compute (run);
  gw_run_finish (run);

  return run;
}

/* Row index of the data row on 1-based @line (header is line 1). */
#define ROW(line) ((line) - 2)

static const GwOacPair *
find_oac (GwRun *run,
          guint  row)
{
  guint n;
  const GwOacPair *pairs = gw_run_get_oac_pairs (run, &n);

  for (guint i = 0; i < n; i++)
    if (pairs[i].row == row)
      return &pairs[i];
  return NULL;
}

static void
test_oac (void)
{
  g_autoptr(GwRun) run = side_reports_for (
    "Name,RT,Volume,Log P,Anchor\n"
    "GD1(36:1;O2),9.0,100,1.5,T\n"          /* 2 */
    "GD1+OAc(36:1;O2),9.2,100,1.9,F\n"      /* 3: +0.2, ok */
    "GD1+2OAc(36:1;O2),9.3,100,2.3,F\n"     /* 4: +0.15 per OAc, ok */
    "GT1(36:1;O2),8.0,100,-0.9,T\n"         /* 5 */
    "GT1+OAc(36:1;O2),7.9,100,-0.5,F\n"     /* 6: −0.1, RT did not increase */
    "GM1(36:1;O2),10.0,100,4.0,T\n"         /* 7 */
    "GM1+OAc(36:1;O2),11.0,100,4.4,F\n"     /* 8: +1.0, outside 0.05–0.5 */
    "GQ1+OAc(36:1;O2),7.0,100,-2.0,F\n"     /* 9: no GQ1(36:1;O2) */
    "GD1(38:1;O2),10.0,100,2.5,F\n"         /* 10 */
    "GD1a+OAc(38:1;O2),10.2,100,2.9,F\n"    /* 11: GD1 is not GD1a: no base */
    "GD3(36:1;O2),9.5,100,5.0,F\n"          /* 12 */
    "GD3(36:1;O2),9.9,100,5.0,F\n"          /* 13 */
    "GD3+OAc(36:1;O2),9.95,100,5.4,F\n"     /* 14: nearest earlier base is 13 */
    "GD3+OAc(36:1;O2),9.4,100,5.4,F\n"      /* 15: none earlier: nearest, 12 */
    "GD1+OAc(36:1;O2),abc,100,1.9,F\n"      /* 16: invalid, takes no part */
    "GM1+OAc(36:1;O2),10.02,100,4.4,F\n",   /* 17: +0.02, outside range */
    0.1);
  struct {
    guint line;
    int base_line;
    GwOacFlag flag;
    double delta;
    guint warning;
  } expected[] = {
    { 3, 2, GW_OAC_OK, 0.2, 0 },
    { 4, 2, GW_OAC_OK, 0.3, 0 },
    { 6, 5, GW_OAC_RT_NOT_RAISED, -0.1, GW_ROW_WARNING_OAC_RT_NOT_RAISED },
    { 8, 7, GW_OAC_SHIFT_OUT_OF_RANGE, 1.0, GW_ROW_WARNING_OAC_SHIFT_RANGE },
    { 9, -1, GW_OAC_NO_BASE, NAN, GW_ROW_WARNING_OAC_NO_BASE },
    { 11, -1, GW_OAC_NO_BASE, NAN, GW_ROW_WARNING_OAC_NO_BASE },
    { 14, 13, GW_OAC_OK, 0.05, 0 },
    { 15, 12, GW_OAC_RT_NOT_RAISED, -0.1, GW_ROW_WARNING_OAC_RT_NOT_RAISED },
    { 17, 7, GW_OAC_SHIFT_OUT_OF_RANGE, 0.02, GW_ROW_WARNING_OAC_SHIFT_RANGE },
  };
  guint n;

  gw_run_get_oac_pairs (run, &n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint row = ROW (expected[i].line);
      const GwOacPair *pair = find_oac (run, row);
      guint oac_bits = GW_ROW_WARNING_OAC_NO_BASE | GW_ROW_WARNING_OAC_RT_NOT_RAISED |
                       GW_ROW_WARNING_OAC_SHIFT_RANGE;

      g_test_message ("line %u", expected[i].line);
      g_assert_nonnull (pair);
      g_assert_cmpint (pair->flag, ==, expected[i].flag);
      g_assert_cmpuint (gw_run_get_warnings (run, row) & oac_bits, ==, expected[i].warning);
      if (expected[i].base_line < 0)
        {
          g_assert_cmpint (pair->base_row, ==, -1);
          g_assert_cmpint (gw_run_get_oac_base (run, row), ==, -1);
          g_assert_true (isnan (pair->delta_rt));
          g_assert_true (isnan (gw_run_get_oac_shift (run, row)));
        }
      else
        {
          g_assert_cmpint (pair->base_row, ==, ROW (expected[i].base_line));
          g_assert_cmpint (gw_run_get_oac_base (run, row), ==, ROW (expected[i].base_line));
          g_assert_cmpfloat_with_epsilon (pair->delta_rt, expected[i].delta, 1e-9);
          g_assert_cmpfloat_with_epsilon (gw_run_get_oac_shift (run, row), expected[i].delta, 1e-9);
        }
    }

  /* Rows without OAc carry nothing. */
  g_assert_cmpint (gw_run_get_oac_base (run, ROW (2)), ==, -1);
  g_assert_true (isnan (gw_run_get_oac_shift (run, ROW (2))));
  g_assert_null (find_oac (run, ROW (16)));
  g_assert_cmpint (find_oac (run, ROW (4))->n_oac, ==, 2);
}

static void
test_coelution (void)
{
  /* Input deliberately not in RT order. */
  g_autoptr(GwRun) run = side_reports_for (
    "Name,RT,Volume,Log P,Anchor\n"
    "GM1(36:1;O2),5.10,10,4.0,F\n"      /* 2 */
    "GD1(36:1;O2),5.00,20,1.5,F\n"      /* 3 */
    "GT1(36:1;O2),5.05,40,-0.9,F\n"     /* 4: most sugars of the first set */
    "GM3(36:1;O2),5.14,80,7.7,F\n"      /* 5: near 5.10, but beyond 5.00 + 0.1: no chaining */
    "GD3(38:1;O2),5.02,160,6.3,F\n"     /* 6: other ceramide */
    "GM3(36:1;O2),5.30,320,7.7,F\n"     /* 7 */
    "GM2(36:1;O2),5.25,640,6.0,F\n",    /* 8: with 7 */
    0.1);
  const GwCoelutionSet *sets;
  guint n;

  sets = gw_run_get_coelution_sets (run, &n);
  g_assert_cmpuint (n, ==, 2);

  g_assert_cmpuint (sets[0].n_members, ==, 3);
  g_assert_cmpuint (sets[0].members[0], ==, ROW (3));
  g_assert_cmpuint (sets[0].members[1], ==, ROW (4));
  g_assert_cmpuint (sets[0].members[2], ==, ROW (2));
  g_assert_cmpuint (sets[0].top_row, ==, ROW (4));
  g_assert_cmpfloat (sets[0].summed_volume, ==, 70);
  g_assert_cmpfloat_with_epsilon (sets[0].rt_span, 0.1, 1e-9);

  /* GM2 (5 sugars) outranks GM3 (3). */
  g_assert_cmpuint (sets[1].n_members, ==, 2);
  g_assert_cmpuint (sets[1].members[0], ==, ROW (8));
  g_assert_cmpuint (sets[1].members[1], ==, ROW (7));
  g_assert_cmpuint (sets[1].top_row, ==, ROW (8));
  g_assert_cmpfloat (sets[1].summed_volume, ==, 960);

  /* A narrower window splits the first set. */
  {
    g_autoptr(GwRun) narrow = side_reports_for (
      "Name,RT,Volume,Log P,Anchor\n"
      "GM1(36:1;O2),5.10,10,4.0,F\n"
      "GD1(36:1;O2),5.00,20,1.5,F\n"
      "GT1(36:1;O2),5.05,40,-0.9,F\n",
      0.05);

    sets = gw_run_get_coelution_sets (narrow, &n);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpuint (sets[0].n_members, ==, 2);
    g_assert_cmpuint (sets[0].members[0], ==, 1);
    g_assert_cmpuint (sets[0].members[1], ==, 2);
  }
}

/* 2·P(T > |t|) for 2 degrees of freedom, in closed form: an independent
 * check of the p-value. */
static double
p_two_sided_df2 (double t)
{
  return 1.0 - fabs (t) / sqrt (t * t + 2.0);
}

static void
test_sugar_rt (void)
{
  g_autoptr(GwRun) run = side_reports_for (
    "Name,RT,Volume,Log P,Anchor\n"
    /* 36:1: sugars 3, 5, 6 at falling RT: as expected. */
    "GM3(36:1;O2),10.0,1,7.7,F\n"
    "GM1(36:1;O2),9.0,1,4.0,F\n"
    "GD1(36:1;O2),8.0,1,1.5,F\n"
    /* 38:1: sugars 3, 5, 6, 7 at rising RT: flagged. */
    "GM3(38:1;O2),8.0,1,8.7,F\n"
    "GM1(38:1;O2),9.5,1,5.0,F\n"
    "GD1(38:1;O2),9.2,1,2.5,F\n"
    "GT1(38:1;O2),10.4,1,0.1,F\n"
    /* 34:1: two rows only: no finding. */
    "GM3(34:1;O2),8.0,1,6.7,F\n"
    "GM1(34:1;O2),9.0,1,3.0,F\n"
    /* 40:1: one sugar count only: no finding. */
    "GM1(40:1;O2),9.0,1,6.0,F\n"
    "GM1(40:1;O2),9.5,1,6.0,F\n"
    "GM1(40:1;O2),9.9,1,6.0,F\n",
    0.1);
  const GwSugarRtFinding *f;
  guint n;
  double xs[] = { 3, 5, 6, 7 };
  double ys[] = { 8.0, 9.5, 9.2, 10.4 };
  double mx = 5.25, my = 0, sxx = 0, syy = 0, sxy = 0, r, t;

  f = gw_run_get_sugar_rt_findings (run, &n);
  g_assert_cmpuint (n, ==, 2);

  g_assert_cmpstr (f[0].ceramide, ==, "36:1;O2");
  g_assert_cmpuint (f[0].n, ==, 3);
  g_assert_cmpuint (f[0].n_sugar_values, ==, 3);
  g_assert_cmpfloat (f[0].r, <, -0.9);
  g_assert_false (f[0].flagged);
  for (guint row = 0; row < 3; row++)
    g_assert_cmpuint (gw_run_get_warnings (run, row) & GW_ROW_WARNING_SUGAR_RT_ORDER, ==, 0);

  for (guint i = 0; i < 4; i++)
    my += ys[i] / 4;
  for (guint i = 0; i < 4; i++)
    {
      sxx += (xs[i] - mx) * (xs[i] - mx);
      syy += (ys[i] - my) * (ys[i] - my);
      sxy += (xs[i] - mx) * (ys[i] - my);
    }
  r = sxy / sqrt (sxx * syy);
  t = r * sqrt (2.0 / (1 - r * r));

  g_assert_cmpstr (f[1].ceramide, ==, "38:1;O2");
  g_assert_cmpuint (f[1].n, ==, 4);
  g_assert_cmpfloat_with_epsilon (f[1].r, r, 1e-12);
  g_assert_cmpfloat_with_epsilon (f[1].p, p_two_sided_df2 (t), 1e-9);
  g_assert_cmpfloat (f[1].p, <, 0.1);
  g_assert_true (f[1].flagged);
  for (guint row = 3; row < 7; row++)
    g_assert_cmpuint (gw_run_get_warnings (run, row) & GW_ROW_WARNING_SUGAR_RT_ORDER, !=, 0);
  g_assert_cmpuint (gw_run_get_warnings (run, 7) & GW_ROW_WARNING_SUGAR_RT_ORDER, ==, 0);
}

static void
test_category_order (void)
{
  g_autoptr(GwRun) good = side_reports_for (
    "Name,RT,Volume,Log P,Anchor\n"
    "GQ1(36:1;O2),7.0,1,0,F\n"
    "GT1(36:1;O2),8.0,1,0,F\n"
    "GD1(36:1;O2),9.0,1,0,F\n"
    "GD1(38:1;O2),10.0,1,0,F\n"
    "GM1(36:1;O2),11.0,1,0,F\n",
    0.1);
  /* GD after GM, and GT (absent GD between them is skipped) */
  g_autoptr(GwRun) bad = side_reports_for (
    "Name,RT,Volume,Log P,Anchor\n"
    "GT1(36:1;O2),8.0,1,0,F\n"
    "GD1(36:1;O2),12.0,1,0,F\n"
    "GM1(36:1;O2),11.0,1,0,F\n"
    "GP1(36:1;O2),9.0,1,0,F\n",
    0.1);
  const GwCategoryMean *means;
  const GwCategoryInversion *inv;
  const char * const *warnings;
  guint n;

  means = gw_run_get_category_means (good, &n);
  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < n; i++)
    if (means[i].category == GW_CATEGORY_GD)
      {
        g_assert_cmpuint (means[i].n, ==, 2);
        g_assert_cmpfloat_with_epsilon (means[i].mean_rt, 9.5, 1e-12);
      }
  gw_run_get_category_inversions (good, &n);
  g_assert_cmpuint (n, ==, 0);

  inv = gw_run_get_category_inversions (bad, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (inv[0].earlier_expected, ==, GW_CATEGORY_GP);
  g_assert_cmpint (inv[0].later_expected, ==, GW_CATEGORY_GT);
  g_assert_cmpfloat (inv[0].mean_rt_earlier_expected, ==, 9.0);
  g_assert_cmpint (inv[1].earlier_expected, ==, GW_CATEGORY_GD);
  g_assert_cmpint (inv[1].later_expected, ==, GW_CATEGORY_GM);

  /* Said in words in the run's warnings. */
  warnings = gw_run_get_warnings_list (bad);
  {
    guint hits = 0;

    for (guint i = 0; warnings[i] != NULL; i++)
      if (strstr (warnings[i], "category order") != NULL)
        hits++;
    g_assert_cmpuint (hits, ==, 2);
  }
}

static const GwModShift *
find_shift (GwRun     *run,
            guint      row,
            GwModKind  mod)
{
  guint n;
  const GwModShift *s = gw_run_get_mod_shifts (run, &n);

  for (guint i = 0; i < n; i++)
    if (s[i].row == row && s[i].mod == mod)
      return &s[i];
  return NULL;
}

static void
test_mod_shifts (void)
{
  g_autoptr(GwRun) run = side_reports_for (
    "Name,RT,Volume,Log P,Anchor\n"
    "GD1(36:1;O2),9.0,1,1.5,F\n"            /* 2 */
    "GD1+dHex(36:1;O2),9.3,1,1.5,F\n"       /* 3: dHex +0.3: right */
    "GD1+Hex(36:1;O2),9.5,1,1.5,F\n"        /* 4: Hex should lower RT */
    "GD1+HexNAc(36:1;O2),8.5,1,1.5,F\n"     /* 5: no expectation */
    "GD1+2NeuAc(36:1;O2),8.0,1,1.5,F\n"     /* 6: −0.5 per NeuAc: right */
    "GD1+dHex+OAc(36:1;O2),9.1,1,1.5,F\n"   /* 7: OAc vs 3 (−0.2: wrong); dHex: no GD1+OAc */
    "GM1+SO3(36:1;O2),9.0,1,4.0,F\n",       /* 8: no GM1 base */
    0.1);
  const GwModShift *s;
  guint n;

  gw_run_get_mod_shifts (run, &n);
  g_assert_cmpuint (n, ==, 4);

  s = find_shift (run, ROW (3), GW_MOD_DHEX);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->base_row, ==, ROW (2));
  g_assert_cmpint (s->expected_sign, ==, +1);
  g_assert_cmpfloat_with_epsilon (s->shift_per_mod, 0.3, 1e-9);
  g_assert_false (s->flagged);
  g_assert_cmpuint (gw_run_get_warnings (run, ROW (3)) & GW_ROW_WARNING_MOD_SHIFT_DIRECTION, ==, 0);

  s = find_shift (run, ROW (4), GW_MOD_HEX);
  g_assert_nonnull (s);
  g_assert_cmpint (s->expected_sign, ==, -1);
  g_assert_true (s->flagged);
  g_assert_cmpuint (gw_run_get_warnings (run, ROW (4)) & GW_ROW_WARNING_MOD_SHIFT_DIRECTION, !=, 0);

  g_assert_null (find_shift (run, ROW (5), GW_MOD_HEXNAC));

  s = find_shift (run, ROW (6), GW_MOD_NEUAC);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->count, ==, 2);
  g_assert_cmpfloat_with_epsilon (s->shift_per_mod, -0.5, 1e-9);
  g_assert_false (s->flagged);

  s = find_shift (run, ROW (7), GW_MOD_OAC);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->base_row, ==, ROW (3));
  g_assert_true (s->flagged);
  g_assert_null (find_shift (run, ROW (7), GW_MOD_DHEX));

  g_assert_null (find_shift (run, ROW (8), GW_MOD_SO3));
}

static void
test_cross_category (void)
{
  g_autoptr(GwRun) run = side_reports_for (
    "Name,RT,Volume,Log P,Anchor\n"
    "GM1(36:1;O2),10.0,1,4.0,F\n"     /* 2 */
    "GD1a(36:1;O2),9.5,1,1.5,F\n"     /* 3 */
    "GT1b(36:1;O2),9.65,1,-0.9,F\n"   /* 4: 0.15 after GD1a: inversion */
    "GQ1(36:1;O2),9.55,1,-2.0,F\n"    /* 5: within 0.1 of GD1a */
    "GM3(36:1;O2),8.0,1,7.7,F\n"      /* 6: other core (3): not compared with GD1 */
    "GD3(36:1;O2),8.05,1,5.3,F\n"     /* 7: within tolerance of GM3 */
    "GT1+OAc(36:1;O2),12.0,1,0,F\n",  /* 8: no GD1+OAc / GM1+OAc to compare with */
    0.1);
  const GwCrossCategoryInversion *inv;
  guint n;

  inv = gw_run_get_cross_category_inversions (run, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (inv[0].ceramide, ==, "36:1;O2");
  g_assert_cmpuint (inv[0].row_more_sialic, ==, ROW (4));
  g_assert_cmpuint (inv[0].row_fewer_sialic, ==, ROW (3));
  g_assert_cmpfloat (inv[0].rt_more_sialic, ==, 9.65);
  g_assert_cmpfloat (inv[0].rt_fewer_sialic, ==, 9.5);

  for (guint line = 2; line <= 8; line++)
    {
      gboolean expected = line == 3 || line == 4;

      g_assert_cmpint (!!(gw_run_get_warnings (run, ROW (line)) & GW_ROW_WARNING_CATEGORY_INVERSION),
                       ==, expected);
    }
}

/* The engine's findings as the sorted text lines oracle.py prints. */
static GPtrArray *
findings_as_lines (GwRun *run)
{
  GwTable *table = gw_run_get_table (run);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  guint n;

#define LINE(row) gw_table_get_line (table, (row))
  {
    const GwOacPair *p = gw_run_get_oac_pairs (run, &n);
    static const char * const flags[] = { "ok", "no_base", "rt_not_raised", "shift_out_of_range" };

    for (guint i = 0; i < n; i++)
      if (p[i].base_row < 0)
        g_ptr_array_add (lines, g_strdup_printf ("oac %u - no_base", LINE (p[i].row)));
      else
        g_ptr_array_add (lines, g_strdup_printf ("oac %u %u %s %.6f", LINE (p[i].row),
                                                 LINE ((guint) p[i].base_row),
                                                 flags[p[i].flag], p[i].delta_rt));
  }
  {
    const GwCoelutionSet *s = gw_run_get_coelution_sets (run, &n);

    for (guint i = 0; i < n; i++)
      {
        GString *str = g_string_new ("coelution ");

        for (guint j = 0; j < s[i].n_members; j++)
          g_string_append_printf (str, "%s%u", j > 0 ? "," : "", LINE (s[i].members[j]));
        g_string_append_printf (str, " top=%u volume=%.1f", LINE (s[i].top_row), s[i].summed_volume);
        g_ptr_array_add (lines, g_string_free (str, FALSE));
      }
  }
  {
    const GwSugarRtFinding *f = gw_run_get_sugar_rt_findings (run, &n);

    for (guint i = 0; i < n; i++)
      if (isnan (f[i].r))
        g_ptr_array_add (lines, g_strdup_printf ("sugar_rt %s n=%u r=nan flagged=%d",
                                                 f[i].ceramide, f[i].n, f[i].flagged));
      else
        g_ptr_array_add (lines, g_strdup_printf ("sugar_rt %s n=%u r=%.6f p=%.6f flagged=%d",
                                                 f[i].ceramide, f[i].n, f[i].r, f[i].p,
                                                 f[i].flagged));
  }
  {
    const GwCategoryMean *m = gw_run_get_category_means (run, &n);

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (lines, g_strdup_printf ("category_mean %s n=%u mean=%.6f",
                                               gw_category_to_string (m[i].category),
                                               m[i].n, m[i].mean_rt));
  }
  {
    const GwCategoryInversion *c = gw_run_get_category_inversions (run, &n);

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (lines, g_strdup_printf ("category_inversion %s %s",
                                               gw_category_to_string (c[i].earlier_expected),
                                               gw_category_to_string (c[i].later_expected)));
  }
  {
    const GwModShift *s = gw_run_get_mod_shifts (run, &n);

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (lines, g_strdup_printf ("mod_shift %u %u %s %u flagged=%d",
                                               LINE (s[i].row), LINE (s[i].base_row),
                                               gw_mod_kind_to_string (s[i].mod), s[i].count,
                                               s[i].flagged));
  }
  {
    const GwCrossCategoryInversion *c = gw_run_get_cross_category_inversions (run, &n);

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (lines, g_strdup_printf ("cross %s %u %u", c[i].ceramide,
                                               LINE (c[i].row_more_sialic),
                                               LINE (c[i].row_fewer_sialic)));
  }
#undef LINE

  return lines;
}

static int
cmp_str_ptr (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* testwork_user.csv against the committed output of oracle.py, an
 * independent Python implementation. */
static void
test_testwork_user (void)
{
  g_autofree char *csv_path = g_build_filename (g_getenv ("GW_SHARED_DATA"), "testwork_user.csv", NULL);
  g_autofree char *expected_path = g_build_filename (g_getenv ("GW_TEST_DATA"), "side-reports",
                                                     "testwork_user-expected.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) direct = NULL;
  g_autoptr(GwRun) analysed = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) lines2 = NULL;
  g_autofree char *expected_text = NULL;
  g_auto(GStrv) expected = NULL;
  GwParams params;
  guint n_expected = 0;

  table = gw_table_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_table_get_n_rows (table), ==, 323);

  gw_params_init (&params, GW_PRESET_CLASSIC);
  direct = gw_run_new_for_table (table, &params);
  gw_side_reports_compute (direct);
  gw_run_finish (direct);

  lines = findings_as_lines (direct);
  g_ptr_array_sort (lines, cmp_str_ptr);

  g_file_get_contents (expected_path, &expected_text, NULL, &error);
  g_assert_no_error (error);
  expected = g_strsplit (expected_text, "\n", -1);
  for (guint i = 0; expected[i] != NULL; i++)
    if (expected[i][0] != '\0')
      n_expected++;

  for (guint i = 0; i < MIN (lines->len, n_expected); i++)
    if (strcmp (g_ptr_array_index (lines, i), expected[i]) != 0)
      g_error ("finding %u: engine says “%s”, oracle says “%s”", i,
               (char *) g_ptr_array_index (lines, i), expected[i]);
  g_assert_cmpuint (lines->len, ==, n_expected);

  /* A full classic analysis attaches the same reports. */
  analysed = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  lines2 = findings_as_lines (analysed);
  g_ptr_array_sort (lines2, cmp_str_ptr);
  g_assert_cmpuint (lines2->len, ==, lines->len);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpstr (g_ptr_array_index (lines2, i), ==, g_ptr_array_index (lines, i));

  /* Every OAc pair is on its row. */
  {
    guint n;
    const GwOacPair *p = gw_run_get_oac_pairs (analysed, &n);

    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpint (gw_run_get_oac_base (analysed, p[i].row), ==, p[i].base_row);
        g_assert_cmpint (!!(gw_run_get_warnings (analysed, p[i].row) & GW_ROW_WARNING_OAC_NO_BASE),
                         ==, p[i].flag == GW_OAC_NO_BASE);
      }
  }
}

/* A large robust analysis computes the side reports after the preset, in
 * the scratch pages the preset used (gw-analysis.c), with the report
 * arrays replaced by ones allocated at full size: the findings and row
 * fields must be those of the side reports alone. */
static void
test_large (void)
{
  g_autofree char *csv_path = g_build_filename (g_getenv ("GW_SHARED_DATA"), "testwork_user.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) big = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) direct = NULL;
  g_autoptr(GwRun) analysed = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) lines2 = NULL;
  const char *body;
  GwParams params;
  guint n, n_oac_warned = 0;

  g_file_get_contents (csv_path, &text, NULL, &error);
  g_assert_no_error (error);
  body = strchr (text, '\n') + 1;
  big = g_string_new (text);
  /* 70 copies of 323 rows: above the 20,000 rows from which the preset
   * fits its groups on a thread pool. */
  for (guint k = 1; k < 70; k++)
    g_string_append (big, body);
  bytes = g_string_free_to_bytes (g_steal_pointer (&big));
  table = gw_table_new_from_bytes (bytes, "large.csv", NULL, &error);
  g_assert_no_error (error);
  n = gw_table_get_n_rows (table);
  g_assert_cmpuint (n, >=, 20000);

  gw_params_init (&params, GW_PRESET_ROBUST);
  direct = gw_run_new_for_table (table, &params);
  gw_side_reports_compute (direct);
  gw_run_finish (direct);

  analysed = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  lines = findings_as_lines (direct);
  lines2 = findings_as_lines (analysed);
  g_assert_cmpuint (lines->len, >, 0);
  g_assert_cmpuint (lines2->len, ==, lines->len);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpstr (g_ptr_array_index (lines2, i), ==, g_ptr_array_index (lines, i));

  for (guint i = 0; i < n; i++)
    {
      guint32 w = gw_run_get_warnings (analysed, i);

      /* The preset adds only the anchor bit. */
      g_assert_cmpuint (w & ~(guint32) GW_ROW_WARNING_ANCHOR_INCONSISTENT, ==,
                        gw_run_get_warnings (direct, i));
      g_assert_cmpint (gw_run_get_oac_base (analysed, i), ==, gw_run_get_oac_base (direct, i));
      n_oac_warned += (w & GW_ROW_WARNING_OAC_NO_BASE) != 0;
    }
  /* The side reports' bits reached the analysed run. */
  g_assert_cmpuint (n_oac_warned, >, 0);
}

/* RTs that differ only in the lower 32 bits of their doubles: the RT sort
 * orders by the upper bits, then sorts such ties exactly (a long run and a
 * short one here).  Each co-elution set must list its rows by (RT, row)
 * and each OAc row's base must be the one a brute-force search finds. */
static gint
compare_rt_row (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const double *rt = user_data;
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  if (rt[x] != rt[y])
    return rt[x] < rt[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

static void
test_rt_ties (void)
{
  static const char * const names[] = { "GD1(36:1;O2)", "GD1+OAc(36:1;O2)", "GM1(36:1;O2)" };
  g_autoptr(GString) csv = g_string_new ("Name,RT,Volume,Log P,Anchor\n");
  g_autoptr(GwRun) run = NULL;
  GwTable *table;
  const double *rt;
  const GwCoelutionSet *sets;
  guint n_sets, n_rows, n_checked = 0;

  /* 200 rows, 50 distinct RTs within 5e-6 min of 10 min, out of order,
   * then 10 rows within 1e-6 of 20 min. */
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (csv, "%s,%.7f,1,1.0,F\n", names[i % 3], 10.0 + ((i * 37) % 50) * 1e-7);
  for (guint i = 0; i < 10; i++)
    g_string_append_printf (csv, "%s,%.7f,1,1.0,F\n",
                            i % 2 ? "GD1+OAc(34:1;O2)" : "GD1(34:1;O2)", 20.0 + ((i * 3) % 7) * 1e-7);
  run = side_reports_for (csv->str, 0.1);
  table = gw_run_get_table (run);
  rt = gw_table_get_rt_column (table);
  n_rows = gw_table_get_n_rows (table);
  g_assert_cmpuint (n_rows, ==, 210);

  /* The test means something only if the RTs share their upper bits. */
  for (guint i = 0; i < n_rows; i++)
    {
      guint64 bits, first;
      double first_rt = i < 200 ? 10.0 : 20.0;

      memcpy (&bits, &rt[i], sizeof bits);
      memcpy (&first, &first_rt, sizeof first);
      g_assert_cmpuint (bits >> 32, ==, first >> 32);
    }

  sets = gw_run_get_coelution_sets (run, &n_sets);
  g_assert_cmpuint (n_sets, ==, 2);
  for (guint s = 0; s < n_sets; s++)
    {
      guint lo = sets[s].n_members == 200 ? 0 : 200;
      g_autofree guint *expected = g_new (guint, sets[s].n_members);

      g_assert_true (sets[s].n_members == 200 || sets[s].n_members == 10);
      for (guint i = 0; i < sets[s].n_members; i++)
        expected[i] = lo + i;
      g_qsort_with_data (expected, sets[s].n_members, sizeof (guint), compare_rt_row, (gpointer) rt);
      for (guint i = 0; i < sets[s].n_members; i++)
        g_assert_cmpuint (sets[s].members[i], ==, expected[i]);
    }

  /* Rule 4: the nearest earlier GD1 of the same ceramide, the first in
   * file order among equal RTs; without one, the earliest later one. */
  for (guint row = 0; row < n_rows; row++)
    {
      gboolean oac = row < 200 ? row % 3 == 1 : (row - 200) % 2 == 1;
      guint lo = row < 200 ? 0 : 200;
      guint hi = row < 200 ? 200 : 210;
      gint best_before = -1;
      gint best_after = -1;

      if (!oac)
        {
          g_assert_cmpint (gw_run_get_oac_base (run, row), ==, -1);
          continue;
        }
      for (guint b = lo; b < hi; b++)
        {
          gboolean base = row < 200 ? b % 3 == 0 : (b - 200) % 2 == 0;

          if (!base)
            continue;
          if (rt[b] < rt[row] && (best_before < 0 || rt[b] > rt[best_before]))
            best_before = (gint) b;
          if (rt[b] >= rt[row] && (best_after < 0 || rt[b] < rt[best_after]))
            best_after = (gint) b;
        }
      g_assert_cmpint (gw_run_get_oac_base (run, row), ==, best_before >= 0 ? best_before : best_after);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, ==, 67 + 5);
}

/* The RTs and names behind every finding, checked against the table. */
static void
check_findings_against_table (GwRun *run)
{
  GwTable *table = gw_run_get_table (run);
  const double *rt = gw_table_get_rt_column (table);
  double tol = run->params.rt_tolerance;
  guint n;

  {
    const GwModShift *s = gw_run_get_mod_shifts (run, &n);

    for (guint i = 0; i < n; i++)
      {
        const GwName *a = gw_table_get_parsed_name (table, s[i].row);
        const GwName *b = gw_table_get_parsed_name (table, s[i].base_row);

        g_assert_nonnull (a);
        g_assert_nonnull (b);
        g_assert_cmpuint (a->mods[s[i].mod], ==, s[i].count);
        g_assert_cmpuint (b->mods[s[i].mod], ==, 0);
        g_assert_cmpint (a->sialic, ==, b->sialic);
        g_assert_cmpint (a->carbons, ==, b->carbons);
        g_assert_cmpfloat (s[i].shift_per_mod, ==, (rt[s[i].row] + 0.0 - rt[s[i].base_row]) / s[i].count);
      }
  }
  {
    const GwOacPair *p = gw_run_get_oac_pairs (run, &n);

    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpuint (gw_table_get_parsed_name (table, p[i].row)->mods[GW_MOD_OAC], ==, p[i].n_oac);
        if (p[i].base_row >= 0)
          g_assert_cmpfloat (p[i].delta_rt, ==, rt[p[i].row] + 0.0 - rt[p[i].base_row]);
      }
  }
  {
    const GwCoelutionSet *s = gw_run_get_coelution_sets (run, &n);
    g_autofree guint8 *seen = g_new0 (guint8, gw_table_get_n_rows (table));

    for (guint i = 0; i < n; i++)
      {
        const GwName *first = gw_table_get_parsed_name (table, s[i].members[0]);

        /* A row is in one set at most. */
        for (guint j = 0; j < s[i].n_members; j++)
          {
            g_assert_cmpuint (seen[s[i].members[j]], ==, 0);
            seen[s[i].members[j]] = 1;
          }

        for (guint j = 1; j < s[i].n_members; j++)
          {
            const GwName *name = gw_table_get_parsed_name (table, s[i].members[j]);

            g_assert_cmpfloat (rt[s[i].members[j]], >=, rt[s[i].members[j - 1]]);
            g_assert_cmpfloat (rt[s[i].members[j]] - rt[s[i].members[0]], <=, tol + 1e-9);
            g_assert_true (name->carbons == first->carbons && name->db == first->db &&
                           name->ox == first->ox);
          }
      }
  }
  {
    /* Rule 7's means and Rule 6's counts, summed here in file order. */
    const GwCategoryMean *m = gw_run_get_category_means (run, &n);
    const GwSugarRtFinding *f;
    double sum[GW_N_CATEGORIES] = { 0 };
    guint count[GW_N_CATEGORIES] = { 0 };
    g_autoptr(GHashTable) per_ceramide = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint row = 0; row < gw_table_get_n_rows (table); row++)
      {
        const GwName *name = gw_table_get_parsed_name (table, row);
        char *ceramide;

        if (!gw_table_is_valid (table, row) || name == NULL)
          continue;
        sum[gw_name_get_category (name)] += rt[row];
        count[gw_name_get_category (name)]++;
        ceramide = gw_name_format_ceramide (name);
        g_hash_table_insert (per_ceramide, ceramide,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (per_ceramide, ceramide)) + 1));
      }
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpuint (m[i].n, ==, count[m[i].category]);
        g_assert_cmpfloat_with_epsilon (m[i].mean_rt, sum[m[i].category] / count[m[i].category], 1e-9);
      }

    f = gw_run_get_sugar_rt_findings (run, &n);
    for (guint i = 0; i < n; i++)
      g_assert_cmpuint (f[i].n, ==, GPOINTER_TO_UINT (g_hash_table_lookup (per_ceramide, f[i].ceramide)));
  }
  {
    const GwCrossCategoryInversion *c = gw_run_get_cross_category_inversions (run, &n);

    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpfloat (c[i].rt_more_sialic, ==, rt[c[i].row_more_sialic]);
        g_assert_cmpfloat (c[i].rt_fewer_sialic, ==, rt[c[i].row_fewer_sialic]);
        g_assert_cmpint (gw_table_get_parsed_name (table, c[i].row_more_sialic)->sialic, >,
                         gw_table_get_parsed_name (table, c[i].row_fewer_sialic)->sialic);
      }
  }
}

/* 300,000 rows: the report arrays run to megabytes, so they go on huge
 * pages (huge_alloc() in gw-side-reports.c), and in gw_analyze() the side
 * reports give back the pages of the preset's scratch they do not need
 * before they write them (release_pages()).  The findings must be those
 * of the side reports computed on their own, and agree with the table. */
static void
test_huge (void)
{
  g_autofree char *csv_path = g_build_filename (g_getenv ("GW_SHARED_DATA"), "testwork_user.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) big = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) direct = NULL;
  g_autoptr(GwRun) analysed = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) lines2 = NULL;
  const GwModShift *shifts;
  const char *body;
  GwParams params;
  guint n, n_shifts;

  g_file_get_contents (csv_path, &text, NULL, &error);
  g_assert_no_error (error);
  body = strchr (text, '\n') + 1;
  big = g_string_new (text);
  for (guint k = 1; k < 930; k++)
    g_string_append (big, body);
  bytes = g_string_free_to_bytes (g_steal_pointer (&big));
  table = gw_table_new_from_bytes (bytes, "huge.csv", NULL, &error);
  g_assert_no_error (error);
  n = gw_table_get_n_rows (table);
  g_assert_cmpuint (n, >=, 300000);

  gw_params_init (&params, GW_PRESET_ROBUST);
  direct = gw_run_new_for_table (table, &params);
  gw_side_reports_compute (direct);
  gw_run_finish (direct);
  analysed = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Large enough for the huge-page path (at least one 2 MiB page). */
  shifts = gw_run_get_mod_shifts (analysed, &n_shifts);
  g_assert_cmpuint ((gsize) n_shifts * sizeof (GwModShift), >=, 2 * 1024 * 1024);
#if defined(__GLIBC__) && defined(__linux__)
  g_assert_cmpuint ((guintptr) shifts % (2 * 1024 * 1024), ==, 0);
#endif

  lines = findings_as_lines (direct);
  lines2 = findings_as_lines (analysed);
  g_assert_cmpuint (lines->len, >, 0);
  g_assert_cmpuint (lines2->len, ==, lines->len);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpstr (g_ptr_array_index (lines2, i), ==, g_ptr_array_index (lines, i));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (gw_run_get_warnings (analysed, i) & ~(guint32) GW_ROW_WARNING_ANCHOR_INCONSISTENT,
                        ==, gw_run_get_warnings (direct, i));
      g_assert_cmpint (gw_run_get_oac_base (analysed, i), ==, gw_run_get_oac_base (direct, i));
    }

  check_findings_against_table (direct);
  check_findings_against_table (analysed);
}

/* Two runs' side reports, field by field: every report array, and per row
 * the warnings, OAc base and shift; and the run warnings. */
static void
assert_same_side_reports (GwRun *a,
                          GwRun *b)
{
  GwTable *table = gw_run_get_table (a);
  const char * const *wa = gw_run_get_warnings_list (a);
  const char * const *wb = gw_run_get_warnings_list (b);
  guint n, m;

  {
    const GwOacPair *x = gw_run_get_oac_pairs (a, &n);
    const GwOacPair *y = gw_run_get_oac_pairs (b, &m);

    g_assert_cmpuint (n, ==, m);
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpuint (x[i].row, ==, y[i].row);
        g_assert_cmpint (x[i].base_row, ==, y[i].base_row);
        g_assert_cmpuint (x[i].n_oac, ==, y[i].n_oac);
        g_assert_true (memcmp (&x[i].delta_rt, &y[i].delta_rt, sizeof (double)) == 0);
        g_assert_cmpint (x[i].flag, ==, y[i].flag);
      }
  }
  {
    const GwCoelutionSet *x = gw_run_get_coelution_sets (a, &n);
    const GwCoelutionSet *y = gw_run_get_coelution_sets (b, &m);

    g_assert_cmpuint (n, ==, m);
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpuint (x[i].n_members, ==, y[i].n_members);
        g_assert_true (memcmp (x[i].members, y[i].members, x[i].n_members * sizeof (guint)) == 0);
        g_assert_cmpuint (x[i].top_row, ==, y[i].top_row);
        g_assert_cmpfloat (x[i].summed_volume, ==, y[i].summed_volume);
        g_assert_cmpfloat (x[i].rt_span, ==, y[i].rt_span);
      }
  }
  {
    const GwSugarRtFinding *x = gw_run_get_sugar_rt_findings (a, &n);
    const GwSugarRtFinding *y = gw_run_get_sugar_rt_findings (b, &m);

    g_assert_cmpuint (n, ==, m);
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpstr (x[i].ceramide, ==, y[i].ceramide);
        g_assert_cmpuint (x[i].n, ==, y[i].n);
        g_assert_cmpuint (x[i].n_sugar_values, ==, y[i].n_sugar_values);
        g_assert_true (memcmp (&x[i].r, &y[i].r, sizeof (double)) == 0);
        g_assert_true (memcmp (&x[i].p, &y[i].p, sizeof (double)) == 0);
        g_assert_cmpint (x[i].flagged, ==, y[i].flagged);
      }
  }
  {
    const GwCategoryMean *x = gw_run_get_category_means (a, &n);
    const GwCategoryMean *y = gw_run_get_category_means (b, &m);

    g_assert_cmpuint (n, ==, m);
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpint (x[i].category, ==, y[i].category);
        g_assert_cmpuint (x[i].n, ==, y[i].n);
        g_assert_cmpfloat (x[i].mean_rt, ==, y[i].mean_rt);
      }
  }
  {
    const GwCategoryInversion *x = gw_run_get_category_inversions (a, &n);
    const GwCategoryInversion *y = gw_run_get_category_inversions (b, &m);

    g_assert_cmpuint (n, ==, m);
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpint (x[i].earlier_expected, ==, y[i].earlier_expected);
        g_assert_cmpint (x[i].later_expected, ==, y[i].later_expected);
        g_assert_cmpfloat (x[i].mean_rt_earlier_expected, ==, y[i].mean_rt_earlier_expected);
        g_assert_cmpfloat (x[i].mean_rt_later_expected, ==, y[i].mean_rt_later_expected);
      }
  }
  {
    const GwModShift *x = gw_run_get_mod_shifts (a, &n);
    const GwModShift *y = gw_run_get_mod_shifts (b, &m);

    g_assert_cmpuint (n, ==, m);
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpuint (x[i].row, ==, y[i].row);
        g_assert_cmpuint (x[i].base_row, ==, y[i].base_row);
        g_assert_cmpint (x[i].mod, ==, y[i].mod);
        g_assert_cmpuint (x[i].count, ==, y[i].count);
        g_assert_true (memcmp (&x[i].shift_per_mod, &y[i].shift_per_mod, sizeof (double)) == 0);
        g_assert_cmpint (x[i].expected_sign, ==, y[i].expected_sign);
        g_assert_cmpint (x[i].flagged, ==, y[i].flagged);
      }
  }
  {
    const GwCrossCategoryInversion *x = gw_run_get_cross_category_inversions (a, &n);
    const GwCrossCategoryInversion *y = gw_run_get_cross_category_inversions (b, &m);

    g_assert_cmpuint (n, ==, m);
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpstr (x[i].ceramide, ==, y[i].ceramide);
        g_assert_cmpuint (x[i].row_more_sialic, ==, y[i].row_more_sialic);
        g_assert_cmpuint (x[i].row_fewer_sialic, ==, y[i].row_fewer_sialic);
        g_assert_cmpfloat (x[i].rt_more_sialic, ==, y[i].rt_more_sialic);
        g_assert_cmpfloat (x[i].rt_fewer_sialic, ==, y[i].rt_fewer_sialic);
      }
  }

  for (guint row = 0; row < gw_table_get_n_rows (table); row++)
    {
      double sa = gw_run_get_oac_shift (a, row);
      double sb = gw_run_get_oac_shift (b, row);

      g_assert_cmpuint (gw_run_get_warnings (a, row), ==, gw_run_get_warnings (b, row));
      g_assert_cmpint (gw_run_get_oac_base (a, row), ==, gw_run_get_oac_base (b, row));
      g_assert_true (memcmp (&sa, &sb, sizeof (double)) == 0);
    }

  g_assert_cmpuint (g_strv_length ((char **) wa), ==, g_strv_length ((char **) wb));
  for (guint i = 0; wa[i] != NULL; i++)
    g_assert_cmpstr (wa[i], ==, wb[i]);
}

/* Side reports alone, with @workers workers (GW_TASKS_WORKERS). */
static GwRun *
side_reports_with_workers (GwTable    *table,
                           const char *workers)
{
  GwParams params;
  GwRun *run;

  gw_params_init (&params, GW_PRESET_ROBUST);
  run = gw_run_new_for_table (table, &params);
  g_setenv ("GW_TASKS_WORKERS", workers, TRUE);
  gw_side_reports_compute (run);
  g_unsetenv ("GW_TASKS_WORKERS");
  gw_run_finish (run);

  return run;
}

static GwRun *
analyze_with_workers (GwTable    *table,
                      const char *workers)
{
  g_autoptr(GError) error = NULL;
  GwParams params;
  GwRun *run;

  gw_params_init (&params, GW_PRESET_ROBUST);
  g_setenv ("GW_TASKS_WORKERS", workers, TRUE);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_unsetenv ("GW_TASKS_WORKERS");
  g_assert_no_error (error);

  return run;
}

/* From 100,000 rows taking part (PARALLEL_MIN_ROWS in gw-side-reports.c)
 * the index and the rules are split into one part per worker; the result
 * must be that of one part, whatever the number of workers.  The table:
 * the real sample 420 times, its RTs moved by up to ±0.01 min so that the
 * radix sort has real work, every 40th copy unmoved (equal RTs), RTs
 * that differ only in their lower 32 bits (the exact re-sort of ties),
 * and invalid rows in between. */
static void
test_parts (void)
{
  g_autofree char *csv_path = g_build_filename (g_getenv ("GW_SHARED_DATA"), "testwork_user.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) big = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) one = NULL;
  g_autoptr(GwRun) two = NULL;
  g_autoptr(GwRun) three = NULL;
  g_autoptr(GwRun) analysed_one = NULL;
  g_autoptr(GwRun) analysed_two = NULL;
  guint n_valid = 0;
  guint n_lines;
  guint k = 0;
  guint n;

  g_file_get_contents (csv_path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  n_lines = g_strv_length (lines);
  big = g_string_new (lines[0]);
  g_string_append_c (big, '\n');
  for (guint copy = 0; copy < 420; copy++)
    for (guint i = 1; i < n_lines; i++)
      {
        g_auto(GStrv) fields = g_strsplit (lines[i], ",", 3);
        double rt;

        if (g_strv_length (fields) < 3)
          continue;
        rt = g_ascii_strtod (fields[1], NULL);
        if (copy % 40 != 0)
          rt += (double) ((copy * 131 + i * 17) % 2001) * 1e-5 - 0.01;
        if (k % 1000 == 7)
          rt += 3e-9 * (double) (k % 5);   /* same upper bits as its neighbours' */
        if (k % 997 == 3)
          g_string_append_printf (big, "Nonsense,%.9f,%s\n", rt, fields[2]);
        else if (k % 991 == 5)
          g_string_append_printf (big, "%s,,%s\n", fields[0], fields[2]);
        else
          g_string_append_printf (big, "%s,%.9f,%s\n", fields[0], rt, fields[2]);
        k++;
      }
  bytes = g_string_free_to_bytes (g_steal_pointer (&big));
  table = gw_table_new_from_bytes (bytes, "parts.csv", NULL, &error);
  g_assert_no_error (error);
  n = gw_table_get_n_rows (table);
  for (guint row = 0; row < n; row++)
    if (gw_table_is_valid (table, row) && gw_table_get_parsed_name (table, row) != NULL)
      n_valid++;
  g_assert_cmpuint (n_valid, >=, 100000);
  g_assert_cmpuint (n_valid, <, n);

  one = side_reports_with_workers (table, "1");
  two = side_reports_with_workers (table, "2");
  three = side_reports_with_workers (table, "3");
  assert_same_side_reports (one, two);
  assert_same_side_reports (one, three);
  check_findings_against_table (two);

  analysed_one = analyze_with_workers (table, "1");
  analysed_two = analyze_with_workers (table, "2");
  assert_same_side_reports (analysed_one, analysed_two);
  for (guint row = 0; row < n; row++)
    g_assert_cmpuint (gw_run_get_warnings (analysed_two, row) & ~(guint32) GW_ROW_WARNING_ANCHOR_INCONSISTENT,
                      ==, gw_run_get_warnings (one, row));
}

static void
test_empty_reports (void)
{
  /* One valid row: nothing to pair, nothing to compare, no crash. */
  g_autoptr(GwRun) run = side_reports_for (
    "Name,RT,Volume,Log P,Anchor\n"
    "GD1+OAc(36:1;O2),9.0,100,1.5,T\n"
    "Nonsense,9.0,100,1.5,T\n",
    0.1);
  guint n;

  gw_run_get_oac_pairs (run, &n);
  g_assert_cmpuint (n, ==, 1);
  gw_run_get_coelution_sets (run, &n);
  g_assert_cmpuint (n, ==, 0);
  gw_run_get_sugar_rt_findings (run, &n);
  g_assert_cmpuint (n, ==, 0);
  gw_run_get_category_means (run, &n);
  g_assert_cmpuint (n, ==, 1);
  gw_run_get_cross_category_inversions (run, &n);
  g_assert_cmpuint (n, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/side-reports/oac", test_oac);
  g_test_add_func ("/engine/side-reports/coelution", test_coelution);
  g_test_add_func ("/engine/side-reports/sugar-rt", test_sugar_rt);
  g_test_add_func ("/engine/side-reports/category-order", test_category_order);
  g_test_add_func ("/engine/side-reports/mod-shifts", test_mod_shifts);
  g_test_add_func ("/engine/side-reports/cross-category", test_cross_category);
  g_test_add_func ("/engine/side-reports/empty", test_empty_reports);
  g_test_add_func ("/engine/side-reports/testwork-user", test_testwork_user);
  g_test_add_func ("/engine/side-reports/large", test_large);
  g_test_add_func ("/engine/side-reports/rt-ties", test_rt_ties);
  g_test_add_func ("/engine/side-reports/huge", test_huge);
  g_test_add_func ("/engine/side-reports/parts", test_parts);

  return g_test_run ();
}
