/* store-test-util.c: helpers shared by the store tests
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "store-test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-run-private.h"

static const char * const heads[] = {
  "GM3", "GM2", "GM1", "GD3", "GD1a", "GD1b", "GD1+OAc", "GT1b", "GQ1b", "GP1",
};

GBytes *
store_test_make_csv (guint n_rows,
                     guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GString *out = g_string_sized_new (n_rows * 48 + 64);

  g_string_append (out, "Name,RT,Volume,Log P,Anchor,Comment\n");
  for (guint i = 0; i < n_rows; i++)
    {
      guint h = g_rand_int_range (rand, 0, G_N_ELEMENTS (heads));
      guint c = 30 + 2 * g_rand_int_range (rand, 0, 8);
      guint db = g_rand_int_range (rand, 0, 3);
      double logp = 2.0 + 0.25 * (c - 30) - 0.5 * db + g_rand_double_range (rand, -0.2, 0.2);
      double rt = 4.0 + 1.3 * logp - 0.4 * h + g_rand_double_range (rand, -0.1, 0.1);
      gboolean anchor = g_rand_int_range (rand, 0, 5) == 0;
      char rtbuf[G_ASCII_DTOSTR_BUF_SIZE], lpbuf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (rtbuf, sizeof rtbuf, "%.3f", rt);
      g_ascii_formatd (lpbuf, sizeof lpbuf, "%.3f", logp);

      if (i % 97 == 13)
        /* An invalid row: the table keeps it with a reason. */
        g_string_append_printf (out, "%s(%u:%u;O2),abc,%u,%s,F,bad rt\n",
                                heads[h], c, db, 1000 + i, lpbuf);
      else
        g_string_append_printf (out, "%s(%u:%u;O2),%s,%u,%s,%s,\"row %u, quoted\"\n",
                                heads[h], c, db, rtbuf, 1000 + g_rand_int_range (rand, 0, 1000000),
                                lpbuf, anchor ? "T" : "F", i);
    }

  return g_string_free_to_bytes (out);
}

GwRun *
store_test_make_run (GwTable *table,
                     guint    seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GwParams params;
  GwRun *run;
  guint n = gw_table_get_n_rows (table);
  guint n_groups = gw_table_get_n_groups (table);

  gw_params_init (&params, seed % 2 ? GW_PRESET_CLASSIC : GW_PRESET_ROBUST);
  params.outlier_threshold = 2.0 + (seed % 7) * 0.25;

  run = gw_run_new_for_table (table, &params);

  for (guint i = 0; i < n; i++)
    {
      if (run->status[i] == GW_STATUS_INVALID)
        continue;
      run->status[i] = g_rand_int_range (rand, 0, GW_STATUS_INVALID);
      run->model_level[i] = g_rand_int_range (rand, 0, 3);
      run->model_index[i] = n_groups > 0 ? g_rand_int_range (rand, -1, MIN (n_groups, 3)) : -1;
      run->predicted[i] = g_rand_double_range (rand, 0, 30);
      run->residual[i] = g_rand_double_range (rand, -1, 1);
      run->z[i] = g_rand_int_range (rand, 0, 10) == 0 ? NAN : g_rand_double_range (rand, -5, 5);
      run->pi_low[i] = run->predicted[i] - 0.3;
      run->pi_high[i] = run->predicted[i] + 0.3;
      run->confidence[i] = g_rand_double (rand);
      if (g_rand_int_range (rand, 0, 20) == 0)
        {
          run->fragment_of[i] = g_rand_int_range (rand, 0, n);
          run->fragment_parent_volume[i] = g_rand_double_range (rand, 1e3, 1e6);
        }
      if (g_rand_int_range (rand, 0, 30) == 0)
        run->isomer_of[i] = g_rand_int_range (rand, 0, n);
      if (g_rand_int_range (rand, 0, 25) == 0)
        {
          run->oac_base[i] = g_rand_int_range (rand, 0, n);
          run->oac_shift[i] = g_rand_double_range (rand, -0.2, 0.6);
        }
      run->warnings[i] = g_rand_int_range (rand, 0, 128) & g_rand_int_range (rand, 0, 128);
      if (run->status[i] == GW_STATUS_OUTLIER)
        gw_run_set_reason_printf (run, i, "|z| = %.2f ≥ %.1f", fabs (run->z[i]), params.outlier_threshold);
      else if (run->status[i] == GW_STATUS_INSUFFICIENT)
        gw_run_set_reason (run, i, "insufficient anchors (k < 3)");
    }

  for (guint g = 0; g < MIN (n_groups, 3); g++)
    {
      GwModel m = { 0 };

      m.group = g;
      m.group_name = gw_run_intern (run, gw_table_get_group_name (table, g));
      m.level = GW_MODEL_LEVEL_GROUP;
      m.accepted = g != 1;
      m.n_rows = 10 + g;
      m.n_anchors = 3 + g;
      m.n_features = 1 + g;
      for (guint f = 0; f < m.n_features; f++)
        {
          m.features[f] = f;
          m.coef[f] = g_rand_double_range (rand, -2, 2);
          m.coef_std[f] = g_rand_double_range (rand, -2, 2);
        }
      m.intercept = g_rand_double_range (rand, 0, 10);
      m.intercept_std = g_rand_double (rand);
      m.cv_r2 = g == 2 ? NAN : g_rand_double (rand);
      m.r2 = g_rand_double (rand);
      m.adj_r2 = g_rand_double (rand);
      m.rmse = g_rand_double (rand);
      m.alpha = NAN;
      m.lambda = g_rand_double (rand);
      m.scale = g_rand_double (rand);
      m.equation = gw_run_intern (run, "RT = 6.99 + 1.471·LogP");
      m.warning = g == 1 ? gw_run_intern (run, "only 3 anchors") : NULL;
      g_array_append_val (run->models, m);
    }

  if (n >= 4)
    {
      GwOacPair p = { 2, 1, 1, 0.25, GW_OAC_OK };
      GwOacPair q = { 3, -1, 2, NAN, GW_OAC_NO_BASE };
      GwCoelutionSet s = { 0 };
      GwSugarRtFinding f = { gw_run_intern (run, "36:1;O2"), 5, 3, 0.45, 0.07, TRUE };
      GwCategoryMean cm = { GW_CATEGORY_GD, 12, 8.5 };
      GwCategoryInversion ci = { GW_CATEGORY_GT, GW_CATEGORY_GD, 9.1, 8.7 };
      GwModShift ms = { 3, 0, GW_MOD_OAC, 1, 0.12, 1, FALSE };
      GwCrossCategoryInversion cc = { gw_run_intern (run, "38:1;O2"), 1, 2, 10.5, 10.2 };

      g_array_append_val (run->oac_pairs, p);
      g_array_append_val (run->oac_pairs, q);
      s.n_members = 3;
      s.members = g_new (guint, 3);
      s.members[0] = 0;
      s.members[1] = 1;
      s.members[2] = 3;
      g_ptr_array_add (run->blobs, s.members);
      s.top_row = 1;
      s.summed_volume = 12345.5;
      s.rt_span = 0.07;
      g_array_append_val (run->coelution_sets, s);
      g_array_append_val (run->sugar_rt, f);
      g_array_append_val (run->category_means, cm);
      g_array_append_val (run->category_inversions, ci);
      g_array_append_val (run->mod_shifts, ms);
      g_array_append_val (run->cross_category, cc);
      g_ptr_array_add (run->run_warnings, g_strdup ("a run warning"));
    }

  gw_run_finish (run);
  return run;
}

static void
assert_doubles_equal (const double *a,
                      const double *b,
                      guint         n)
{
  /* Bit for bit: NaN must stay NaN, and no rounding may creep in. */
  g_assert_cmpmem (a, n * sizeof (double), b, n * sizeof (double));
}

void
store_test_assert_params_equal (const GwParams *pa,
                                const GwParams *pb)
{
  /* Field by field: the struct has padding after the preset. */
  g_assert_cmpint (pa->preset, ==, pb->preset);
  assert_doubles_equal (&pa->r2_threshold, &pb->r2_threshold, 1);
  assert_doubles_equal (&pa->outlier_threshold, &pb->outlier_threshold, 1);
  assert_doubles_equal (&pa->rt_tolerance, &pb->rt_tolerance, 1);
  g_assert_cmpint (isnan (pa->anchor_weight), ==, isnan (pb->anchor_weight));
  if (!isnan (pa->anchor_weight))
    assert_doubles_equal (&pa->anchor_weight, &pb->anchor_weight, 1);
  g_assert_cmpint (isnan (pa->isomer_window_min), ==, isnan (pb->isomer_window_min));
  if (!isnan (pa->isomer_window_min))
    assert_doubles_equal (&pa->isomer_window_min, &pb->isomer_window_min, 1);
  g_assert_cmpint (isnan (pa->isomer_window_max), ==, isnan (pb->isomer_window_max));
  if (!isnan (pa->isomer_window_max))
    assert_doubles_equal (&pa->isomer_window_max, &pb->isomer_window_max, 1);
}

static void
assert_same_double (double x,
                    double y)
{
  if (isnan (x))
    g_assert_true (isnan (y));
  else
    g_assert_cmpfloat (x, ==, y);
}

void
store_test_assert_tables_equal (GwTable *a,
                                GwTable *b)
{
  guint n = gw_table_get_n_rows (a);
  const char * const *wa = gw_table_get_warnings (a);
  const char * const *wb = gw_table_get_warnings (b);

  g_assert_cmpuint (n, ==, gw_table_get_n_rows (b));
  g_assert_cmpuint (gw_table_get_n_valid (a), ==, gw_table_get_n_valid (b));
  g_assert_cmpuint (gw_table_get_n_invalid (a), ==, gw_table_get_n_invalid (b));
  g_assert_cmpuint (gw_table_get_n_anchors (a), ==, gw_table_get_n_anchors (b));
  g_assert_cmpstr (gw_table_get_sha256 (a), ==, gw_table_get_sha256 (b));
  g_assert_cmpstr (gw_table_get_display_name (a), ==, gw_table_get_display_name (b));
  g_assert_cmpint (gw_table_get_delimiter (a), ==, gw_table_get_delimiter (b));
  g_assert_cmpint (gw_table_get_decimal_comma (a), ==, gw_table_get_decimal_comma (b));

  for (guint c = 0; c < GW_N_COLUMNS; c++)
    g_assert_cmpstr (gw_table_get_column_header (a, c), ==, gw_table_get_column_header (b, c));
  g_assert_cmpuint (gw_table_get_n_extra_columns (a), ==, gw_table_get_n_extra_columns (b));
  for (guint c = 0; c < gw_table_get_n_extra_columns (a); c++)
    g_assert_cmpstr (gw_table_get_extra_column_name (a, c), ==, gw_table_get_extra_column_name (b, c));

  g_assert_cmpuint (gw_table_get_n_groups (a), ==, gw_table_get_n_groups (b));
  for (guint g = 0; g < gw_table_get_n_groups (a); g++)
    {
      g_assert_cmpstr (gw_table_get_group_name (a, g), ==, gw_table_get_group_name (b, g));
      g_assert_cmpuint (gw_table_get_group_n_rows (a, g), ==, gw_table_get_group_n_rows (b, g));
      g_assert_cmpuint (gw_table_get_group_n_anchors (a, g), ==, gw_table_get_group_n_anchors (b, g));
    }

  for (guint r = 0; r < n; r++)
    {
      const GwName *na = gw_table_get_parsed_name (a, r);
      const GwName *nb = gw_table_get_parsed_name (b, r);

      g_assert_cmpuint (gw_table_get_line (a, r), ==, gw_table_get_line (b, r));
      g_assert_cmpint (gw_table_is_valid (a, r), ==, gw_table_is_valid (b, r));
      g_assert_cmpint (gw_table_is_anchor (a, r), ==, gw_table_is_anchor (b, r));
      g_assert_cmpstr (gw_table_get_error (a, r), ==, gw_table_get_error (b, r));
      g_assert_cmpstr (gw_table_get_name (a, r), ==, gw_table_get_name (b, r));
      g_assert_cmpint (gw_table_get_group (a, r), ==, gw_table_get_group (b, r));
      assert_same_double (gw_table_get_rt (a, r), gw_table_get_rt (b, r));
      assert_same_double (gw_table_get_volume (a, r), gw_table_get_volume (b, r));
      assert_same_double (gw_table_get_logp (a, r), gw_table_get_logp (b, r));
      for (guint c = 0; c < GW_N_COLUMNS; c++)
        g_assert_cmpstr (gw_table_get_cell (a, r, c), ==, gw_table_get_cell (b, r, c));
      for (guint c = 0; c < gw_table_get_n_extra_columns (a); c++)
        g_assert_cmpstr (gw_table_get_extra_cell (a, r, c), ==, gw_table_get_extra_cell (b, r, c));
      g_assert_true ((na == NULL) == (nb == NULL));
      if (na != NULL)
        {
          g_autofree char *fa = gw_name_format (na);
          g_autofree char *fb = gw_name_format (nb);

          g_assert_cmpstr (fa, ==, fb);
          g_assert_cmpint (na->isomer, ==, nb->isomer);
        }
    }

  for (guint i = 0; wa[i] != NULL || wb[i] != NULL; i++)
    g_assert_cmpstr (wa[i], ==, wb[i]);
}

void
store_test_assert_runs_equal (GwRun *a,
                              GwRun *b)
{
  guint n = gw_run_get_n_rows (a);
  const GwParams *pa = gw_run_get_params (a);
  const GwParams *pb = gw_run_get_params (b);
  guint na, nb;

  g_assert_cmpuint (n, ==, gw_run_get_n_rows (b));
  store_test_assert_params_equal (pa, pb);
  g_assert_cmpstr (gw_run_get_version (a), ==, gw_run_get_version (b));
  g_assert_cmpint (gw_run_get_start_time (a), ==, gw_run_get_start_time (b));
  g_assert_cmpint (gw_run_get_end_time (a), ==, gw_run_get_end_time (b));
  g_assert_cmpstr (gw_table_get_sha256 (gw_run_get_table (a)), ==,
                   gw_table_get_sha256 (gw_run_get_table (b)));

  for (guint s = 0; s < GW_N_STATUSES; s++)
    g_assert_cmpuint (gw_run_get_status_count (a, s), ==, gw_run_get_status_count (b, s));

  g_assert_cmpmem (gw_run_get_status_column (a), n, gw_run_get_status_column (b), n);
  assert_doubles_equal (gw_run_get_predicted_column (a), gw_run_get_predicted_column (b), n);
  assert_doubles_equal (gw_run_get_residual_column (a), gw_run_get_residual_column (b), n);
  assert_doubles_equal (gw_run_get_z_column (a), gw_run_get_z_column (b), n);
  assert_doubles_equal (gw_run_get_confidence_column (a), gw_run_get_confidence_column (b), n);

  for (guint i = 0; i < n; i++)
    {
      double x, y;

      g_assert_cmpint (gw_run_get_model_level (a, i), ==, gw_run_get_model_level (b, i));
      g_assert_cmpint (gw_run_get_model_index (a, i), ==, gw_run_get_model_index (b, i));
      g_assert_cmpint (gw_run_get_fragment_of (a, i), ==, gw_run_get_fragment_of (b, i));
      g_assert_cmpint (gw_run_get_isomer_of (a, i), ==, gw_run_get_isomer_of (b, i));
      g_assert_cmpint (gw_run_get_oac_base (a, i), ==, gw_run_get_oac_base (b, i));
      g_assert_cmpuint (gw_run_get_warnings (a, i), ==, gw_run_get_warnings (b, i));
      g_assert_cmpstr (gw_run_get_reason (a, i), ==, gw_run_get_reason (b, i));
      x = gw_run_get_pi_low (a, i); y = gw_run_get_pi_low (b, i);
      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
      x = gw_run_get_pi_high (a, i); y = gw_run_get_pi_high (b, i);
      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
      x = gw_run_get_fragment_parent_volume (a, i); y = gw_run_get_fragment_parent_volume (b, i);
      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
      x = gw_run_get_oac_shift (a, i); y = gw_run_get_oac_shift (b, i);
      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
    }

  g_assert_cmpuint (gw_run_get_n_models (a), ==, gw_run_get_n_models (b));
  for (guint m = 0; m < gw_run_get_n_models (a); m++)
    {
      const GwModel *x = gw_run_get_model (a, m);
      const GwModel *y = gw_run_get_model (b, m);

      g_assert_cmpuint (x->group, ==, y->group);
      g_assert_cmpstr (x->group_name, ==, y->group_name);
      g_assert_cmpint (x->level, ==, y->level);
      g_assert_cmpint (!!x->accepted, ==, !!y->accepted);
      g_assert_cmpuint (x->n_rows, ==, y->n_rows);
      g_assert_cmpuint (x->n_anchors, ==, y->n_anchors);
      g_assert_cmpuint (x->n_features, ==, y->n_features);
      for (guint f = 0; f < x->n_features; f++)
        {
          g_assert_cmpint (x->features[f], ==, y->features[f]);
          assert_doubles_equal (&x->coef[f], &y->coef[f], 1);
          assert_doubles_equal (&x->coef_std[f], &y->coef_std[f], 1);
        }
      assert_doubles_equal (&x->intercept, &y->intercept, 1);
      assert_doubles_equal (&x->intercept_std, &y->intercept_std, 1);
      assert_doubles_equal (&x->cv_r2, &y->cv_r2, 1);
      assert_doubles_equal (&x->r2, &y->r2, 1);
      assert_doubles_equal (&x->adj_r2, &y->adj_r2, 1);
      assert_doubles_equal (&x->rmse, &y->rmse, 1);
      assert_doubles_equal (&x->alpha, &y->alpha, 1);
      assert_doubles_equal (&x->lambda, &y->lambda, 1);
      assert_doubles_equal (&x->scale, &y->scale, 1);
      g_assert_cmpstr (x->equation, ==, y->equation);
      g_assert_cmpstr (x->warning, ==, y->warning);
    }

  {
    const GwOacPair *x = gw_run_get_oac_pairs (a, &na);
    const GwOacPair *y = gw_run_get_oac_pairs (b, &nb);

    g_assert_cmpuint (na, ==, nb);
    for (guint i = 0; i < na; i++)
      {
        g_assert_cmpuint (x[i].row, ==, y[i].row);
        g_assert_cmpint (x[i].base_row, ==, y[i].base_row);
        g_assert_cmpuint (x[i].n_oac, ==, y[i].n_oac);
        assert_doubles_equal (&x[i].delta_rt, &y[i].delta_rt, 1);
        g_assert_cmpint (x[i].flag, ==, y[i].flag);
      }
  }
  {
    const GwCoelutionSet *x = gw_run_get_coelution_sets (a, &na);
    const GwCoelutionSet *y = gw_run_get_coelution_sets (b, &nb);

    g_assert_cmpuint (na, ==, nb);
    for (guint i = 0; i < na; i++)
      {
        g_assert_cmpmem (x[i].members, x[i].n_members * sizeof (guint),
                         y[i].members, y[i].n_members * sizeof (guint));
        g_assert_cmpuint (x[i].top_row, ==, y[i].top_row);
        assert_doubles_equal (&x[i].summed_volume, &y[i].summed_volume, 1);
        assert_doubles_equal (&x[i].rt_span, &y[i].rt_span, 1);
      }
  }
  {
    const GwSugarRtFinding *x = gw_run_get_sugar_rt_findings (a, &na);
    const GwSugarRtFinding *y = gw_run_get_sugar_rt_findings (b, &nb);

    g_assert_cmpuint (na, ==, nb);
    for (guint i = 0; i < na; i++)
      {
        g_assert_cmpstr (x[i].ceramide, ==, y[i].ceramide);
        g_assert_cmpuint (x[i].n, ==, y[i].n);
        g_assert_cmpuint (x[i].n_sugar_values, ==, y[i].n_sugar_values);
        assert_doubles_equal (&x[i].r, &y[i].r, 1);
        assert_doubles_equal (&x[i].p, &y[i].p, 1);
        g_assert_cmpint (!!x[i].flagged, ==, !!y[i].flagged);
      }
  }
  {
    const GwCategoryMean *x = gw_run_get_category_means (a, &na);
    const GwCategoryMean *y = gw_run_get_category_means (b, &nb);

    g_assert_cmpuint (na, ==, nb);
    for (guint i = 0; i < na; i++)
      {
        g_assert_cmpint (x[i].category, ==, y[i].category);
        g_assert_cmpuint (x[i].n, ==, y[i].n);
        assert_doubles_equal (&x[i].mean_rt, &y[i].mean_rt, 1);
      }
  }
  {
    const GwCategoryInversion *x = gw_run_get_category_inversions (a, &na);
    const GwCategoryInversion *y = gw_run_get_category_inversions (b, &nb);

    g_assert_cmpuint (na, ==, nb);
    for (guint i = 0; i < na; i++)
      {
        g_assert_cmpint (x[i].earlier_expected, ==, y[i].earlier_expected);
        g_assert_cmpint (x[i].later_expected, ==, y[i].later_expected);
        assert_doubles_equal (&x[i].mean_rt_earlier_expected, &y[i].mean_rt_earlier_expected, 1);
        assert_doubles_equal (&x[i].mean_rt_later_expected, &y[i].mean_rt_later_expected, 1);
      }
  }
  {
    const GwModShift *x = gw_run_get_mod_shifts (a, &na);
    const GwModShift *y = gw_run_get_mod_shifts (b, &nb);

    g_assert_cmpuint (na, ==, nb);
    for (guint i = 0; i < na; i++)
      {
        g_assert_cmpuint (x[i].row, ==, y[i].row);
        g_assert_cmpuint (x[i].base_row, ==, y[i].base_row);
        g_assert_cmpint (x[i].mod, ==, y[i].mod);
        g_assert_cmpuint (x[i].count, ==, y[i].count);
        assert_doubles_equal (&x[i].shift_per_mod, &y[i].shift_per_mod, 1);
        g_assert_cmpint (x[i].expected_sign, ==, y[i].expected_sign);
        g_assert_cmpint (!!x[i].flagged, ==, !!y[i].flagged);
      }
  }
  {
    const GwCrossCategoryInversion *x = gw_run_get_cross_category_inversions (a, &na);
    const GwCrossCategoryInversion *y = gw_run_get_cross_category_inversions (b, &nb);

    g_assert_cmpuint (na, ==, nb);
    for (guint i = 0; i < na; i++)
      {
        g_assert_cmpstr (x[i].ceramide, ==, y[i].ceramide);
        g_assert_cmpuint (x[i].row_more_sialic, ==, y[i].row_more_sialic);
        g_assert_cmpuint (x[i].row_fewer_sialic, ==, y[i].row_fewer_sialic);
        assert_doubles_equal (&x[i].rt_more_sialic, &y[i].rt_more_sialic, 1);
        assert_doubles_equal (&x[i].rt_fewer_sialic, &y[i].rt_fewer_sialic, 1);
      }
  }
  {
    const char * const *x = gw_run_get_warnings_list (a);
    const char * const *y = gw_run_get_warnings_list (b);

    g_assert_true (g_strv_equal ((const char * const *) x, (const char * const *) y));
  }
}

char *
store_test_tmp_project_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-store-XXXXXX", &error);
  g_autofree char *file = g_strconcat (name, ".gwproject", NULL);

  g_assert_no_error (error);
  return g_build_filename (dir, file, NULL);
}

GBytes *
store_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

void
store_test_rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        store_test_rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}
