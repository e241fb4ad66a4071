/* test-classic.c: the classic preset against scikit-learn (ANALYSIS.md §4)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/classic/generate.py runs §4 with sklearn's StandardScaler,
 * BayesianRidge and KFold(shuffle=True, random_state=42) on the real
 * ../shared/data/testwork_user.csv and on a generated table that reaches
 * every branch, and writes the expected rows and models.  Every predicted
 * RT, residual, z and CV R² must agree within 1e-6.
 */

#define G_LOG_DOMAIN "test-classic"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-analysis.h"
#include "gw-classic.h"

#define TOL 1e-6

static GwTable *
load_table (const char *env,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv (env), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GwTable *table;

  table = gw_table_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);

  return table;
}

static GwRun *
analyze_classic (GwTable *table)
{
  g_autoptr(GError) error = NULL;
  GwParams params;
  GwRun *run;

  gw_params_init (&params, GW_PRESET_CLASSIC);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);

  return run;
}

/* A tiny reader for the fixture CSVs: no quoting (generate.py writes none
 * for these files), first line is the header. */
typedef struct
{
  char   **header;
  GPtrArray *records;   /* GStrv */
} Fixture;

static void
fixture_free (Fixture *fx)
{
  g_strfreev (fx->header);
  g_ptr_array_unref (fx->records);
  g_free (fx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static Fixture *
fixture_load (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("GW_TEST_DATA"), "classic", name, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  Fixture *fx;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  fx = g_new0 (Fixture, 1);
  fx->header = g_strsplit (lines[0], ",", -1);
  fx->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      g_ptr_array_add (fx->records, g_strsplit (lines[i], ",", -1));
      g_assert_cmpuint (g_strv_length (g_ptr_array_index (fx->records, fx->records->len - 1)),
                        ==, g_strv_length (fx->header));
    }

  return fx;
}

static const char *
field (Fixture    *fx,
       guint       record,
       const char *column)
{
  char **rec = g_ptr_array_index (fx->records, record);

  for (guint i = 0; fx->header[i] != NULL; i++)
    if (g_str_equal (fx->header[i], column))
      return rec[i];

  g_error ("fixture has no column %s", column);
  return NULL;
}

static double
field_double (Fixture    *fx,
              guint       record,
              const char *column)
{
  const char *s = field (fx, record, column);

  return s[0] == '\0' ? NAN : g_ascii_strtod (s, NULL);
}

static void
assert_same (const char *what,
             const char *where,
             double      got,
             double      expected,
             double      tol)
{
  if (isnan (expected) && isnan (got))
    return;
  if (!(fabs (got - expected) <= tol * MAX (1.0, fabs (expected))))
    g_error ("%s: %s is %.12g, sklearn has %.12g", where, what, got, expected);
}

static const GwModel *
find_model (GwRun      *run,
            const char *group)
{
  for (guint i = 0; i < gw_run_get_n_models (run); i++)
    {
      const GwModel *m = gw_run_get_model (run, i);

      if (g_str_equal (m->group_name, group))
        return m;
    }

  return NULL;
}

static char *
features_text (const GwModel *m)
{
  GString *s = g_string_new (NULL);

  for (guint j = 0; j < m->n_features; j++)
    {
      if (j > 0)
        g_string_append_c (s, ';');
      g_string_append (s, gw_feature_to_string (m->features[j]));
    }

  return g_string_free (s, FALSE);
}

/* Compares a run row by row and model by model with generate.py's output. */
static void
compare_with_fixture (GwRun      *run,
                      const char *stem)
{
  g_autofree char *rows_name = g_strconcat (stem, "-classic.csv", NULL);
  g_autofree char *models_name = g_strconcat (stem, "-models.csv", NULL);
  g_autoptr(Fixture) rows = fixture_load (rows_name);
  g_autoptr(Fixture) models = fixture_load (models_name);
  GwTable *table = gw_run_get_table (run);
  guint n_fitted = 0;

  g_assert_cmpuint (rows->records->len, ==, gw_run_get_n_rows (run));

  for (guint i = 0; i < rows->records->len; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s row %u (%s)", stem, i, field (rows, i, "name"));
      const char *status = field (rows, i, "status");
      const char *kind = field (rows, i, "kind");
      const char *reason = gw_run_get_reason (run, i);

      g_assert_cmpuint (gw_table_get_line (table, i), ==, atoi (field (rows, i, "line")));
      g_assert_cmpstr (gw_table_get_name (table, i), ==, field (rows, i, "name"));

      if (!g_str_equal (gw_status_to_string (gw_run_get_status (run, i)), status))
        g_error ("%s: status %s, sklearn oracle has %s (%s)", where,
                 gw_status_to_string (gw_run_get_status (run, i)), status, reason);

      assert_same ("predicted RT", where, gw_run_get_predicted (run, i),
                   field_double (rows, i, "predicted"), TOL);
      assert_same ("residual", where, gw_run_get_residual (run, i),
                   field_double (rows, i, "residual"), TOL);
      assert_same ("z", where, gw_run_get_z (run, i), field_double (rows, i, "z"), TOL);

      if (g_str_equal (kind, "fit"))
        {
          double half = gw_run_get_pi_high (run, i) - gw_run_get_predicted (run, i);

          assert_same ("prediction std", where, half / 1.959963984540054,
                       field_double (rows, i, "std"), TOL);
          g_assert_cmpint (gw_run_get_model_level (run, i), ==, GW_MODEL_LEVEL_GROUP);
          if (g_str_equal (status, "outlier"))
            g_assert_nonnull (strstr (reason, "model's"));
          else
            g_assert_cmpstr (reason, ==, "");
        }
      else if (g_str_equal (kind, "insufficient"))
        {
          g_assert_cmpstr (reason, ==, "insufficient anchors (k < 3)");
          g_assert_true (isnan (gw_run_get_predicted (run, i)));
        }
      else if (g_str_equal (kind, "anchor-kept"))
        {
          g_assert_cmpfloat (gw_run_get_predicted (run, i), ==, gw_table_get_rt (table, i));
          g_assert_cmpfloat (gw_run_get_residual (run, i), ==, 0.0);
        }
      else if (g_str_equal (kind, "r2"))
        {
          g_assert_true (g_str_has_prefix (reason, "model R\xc2\xb2 "));
          g_assert_true (g_str_has_suffix (reason, " below threshold"));
        }
      else if (g_str_equal (kind, "invalid"))
        {
          g_assert_cmpstr (reason, ==, gw_table_get_error (table, i));
        }
      else
        {
          g_error ("%s: unknown kind %s", where, kind);
        }
    }

  for (guint i = 0; i < models->records->len; i++)
    {
      const char *group = field (models, i, "group");
      const GwModel *m = find_model (run, group);
      g_autofree char *feats = NULL;
      g_auto(GStrv) coef = NULL;
      g_auto(GStrv) coef_std = NULL;

      if (m == NULL)
        g_error ("%s: no model for group %s", stem, group);

      g_assert_cmpuint (m->n_rows, ==, atoi (field (models, i, "n_rows")));
      g_assert_cmpuint (m->n_anchors, ==, atoi (field (models, i, "n_anchors")));

      if (atoi (field (models, i, "fitted")) == 0)
        {
          g_assert_cmpint (m->level, ==, GW_MODEL_LEVEL_NONE);
          g_assert_false (m->accepted);
          g_assert_true (isnan (m->cv_r2));
          continue;
        }

      g_assert_cmpint (m->level, ==, GW_MODEL_LEVEL_GROUP);
      g_assert_cmpint (m->accepted, ==, atoi (field (models, i, "accepted")));
      n_fitted += m->accepted;

      feats = features_text (m);
      g_assert_cmpstr (feats, ==, field (models, i, "features"));

      assert_same ("CV R²", group, m->cv_r2, field_double (models, i, "cv_r2"), TOL);
      assert_same ("R²", group, m->r2, field_double (models, i, "r2"), TOL);
      assert_same ("adjusted R²", group, m->adj_r2, field_double (models, i, "adj_r2"), TOL);
      assert_same ("RMSE", group, m->rmse, field_double (models, i, "rmse"), TOL);
      assert_same ("alpha", group, m->alpha, field_double (models, i, "alpha"), TOL);
      assert_same ("lambda", group, m->lambda, field_double (models, i, "lambda"), TOL);
      assert_same ("sigma", group, m->scale, field_double (models, i, "scale"), TOL);
      assert_same ("intercept", group, m->intercept, field_double (models, i, "intercept"), TOL);
      assert_same ("standardised intercept", group, m->intercept_std,
                   field_double (models, i, "intercept_std"), TOL);

      coef = g_strsplit (field (models, i, "coef"), ";", -1);
      coef_std = g_strsplit (field (models, i, "coef_std"), ";", -1);
      g_assert_cmpuint (g_strv_length (coef), ==, m->n_features);
      for (guint j = 0; j < m->n_features; j++)
        {
          assert_same ("coefficient", group, m->coef[j], g_ascii_strtod (coef[j], NULL), TOL);
          assert_same ("standardised coefficient", group, m->coef_std[j],
                       g_ascii_strtod (coef_std[j], NULL), TOL);
        }
      g_assert_true (g_str_has_prefix (m->equation, "RT = "));
    }

  g_assert_cmpuint (gw_run_get_n_models (run), ==, models->records->len);
  g_assert_cmpuint (n_fitted, >, 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_testwork_user (void)
{
  g_autoptr(GwTable) table = load_table ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GwRun) run = analyze_classic (table);
  const char *expected_groups[] = { "GD1", "GD1+HexNAc", "GD1+dHex", "GD3", "GM1", "GT1" };
  g_autoptr(GPtrArray) fitted = g_ptr_array_new ();

  g_assert_cmpuint (gw_run_get_n_rows (run), ==, 323);
  g_assert_cmpuint (gw_run_get_status_count (run, GW_STATUS_VALID), ==, 149);
  g_assert_cmpuint (gw_run_get_status_count (run, GW_STATUS_OUTLIER), ==, 174);

  for (guint i = 0; i < gw_run_get_n_models (run); i++)
    {
      const GwModel *m = gw_run_get_model (run, i);

      if (m->level == GW_MODEL_LEVEL_GROUP && m->accepted)
        {
          g_ptr_array_add (fitted, (gpointer) m->group_name);
          g_assert_cmpfloat (m->cv_r2, >=, 0.979);
        }
    }
  g_ptr_array_sort (fitted, compare_strings);
  g_assert_cmpuint (fitted->len, ==, G_N_ELEMENTS (expected_groups));
  for (guint i = 0; i < fitted->len; i++)
    g_assert_cmpstr (g_ptr_array_index (fitted, i), ==, expected_groups[i]);

  compare_with_fixture (run, "testwork_user");
}

static void
test_synthetic (void)
{
  g_autoptr(GwTable) table = load_table ("GW_TEST_DATA", "classic/synthetic.csv");
  g_autoptr(GwRun) run = analyze_classic (table);
  const GwModel *m;

  compare_with_fixture (run, "synthetic");

  /* GQ1: C tracks Log P and DB tracks C; C goes, and DB goes with it
   * because the dropped C still counts as an earlier candidate. */
  m = find_model (run, "GQ1");
  g_assert_nonnull (m);
  g_assert_cmpuint (m->n_features, ==, 1);
  g_assert_cmpint (m->features[0], ==, GW_FEATURE_LOGP);

  /* GM3: all three, 5-fold. */
  m = find_model (run, "GM3");
  g_assert_cmpuint (m->n_features, ==, 3);

  /* GD2: nothing varies, Log P by fallback, and the model says so. */
  m = find_model (run, "GD2");
  g_assert_nonnull (m->warning);

  /* Exactly one invalid row, with the table's reason. */
  g_assert_cmpuint (gw_run_get_status_count (run, GW_STATUS_INVALID), ==, 1);
}

static void
test_select_features (void)
{
  /* C ~ Log P (r = 0.969) and DB ~ C (r = 0.964), but DB ~ Log P only
   * 0.934: comparing with kept candidates alone would keep DB. */
  const double logp[] = { 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0 };
  const double c[] = { 0.0, 1.8, 1.2, 3.8, 3.2, 5.8, 5.2, 7.8, 7.2, 9.0 };
  const double db[] = { 0.8, 2.6, 0.4, 3.0, 4.0, 6.6, 4.4, 7.0, 8.0, 9.8 };
  const double flat[] = { 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0 };
  const double *cols[GW_N_FEATURES] = { logp, c, db };
  GwFeature out[GW_N_FEATURES];
  gboolean fell_back = TRUE;

  g_assert_cmpuint (gw_classic_select_features (cols, 10, out, &fell_back), ==, 1);
  g_assert_cmpint (out[0], ==, GW_FEATURE_LOGP);
  g_assert_false (fell_back);

  /* Independent candidates: capped at floor (0.3 n). */
  {
    const double c2[] = { 3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0 };
    const double db2[] = { 1.0, 0.0, 0.0, 2.0, 1.0, 0.0, 3.0, 1.0, 2.0, 0.0 };
    const double *cols2[GW_N_FEATURES] = { logp, c2, db2 };

    g_assert_cmpuint (gw_classic_select_features (cols2, 10, out, NULL), ==, 3);
    g_assert_cmpuint (gw_classic_select_features (cols2, 9, out, NULL), ==, 2);
    g_assert_cmpint (out[0], ==, GW_FEATURE_LOGP);
    g_assert_cmpint (out[1], ==, GW_FEATURE_C);
    g_assert_cmpuint (gw_classic_select_features (cols2, 4, out, NULL), ==, 1);
  }

  /* Nothing varies: Log P anyway. */
  {
    const double *cols3[GW_N_FEATURES] = { flat, flat, flat };

    g_assert_cmpuint (gw_classic_select_features (cols3, 10, out, &fell_back), ==, 1);
    g_assert_cmpint (out[0], ==, GW_FEATURE_LOGP);
    g_assert_true (fell_back);
  }

  /* Log P flat, C and DB vary: C first. */
  {
    const double c2[] = { 3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0 };
    const double *cols4[GW_N_FEATURES] = { flat, c2, db };

    g_assert_cmpuint (gw_classic_select_features (cols4, 10, out, &fell_back), ==, 2);
    g_assert_cmpint (out[0], ==, GW_FEATURE_C);
    g_assert_cmpint (out[1], ==, GW_FEATURE_DB);
  }
}

static void
test_folds (void)
{
  guint fold[23];
  guint sizes[5] = { 0, };

  g_assert_cmpuint (gw_classic_assign_folds (4, fold), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (fold[i], ==, i);

  g_assert_cmpuint (gw_classic_assign_folds (7, fold), ==, 3);
  g_assert_cmpuint (gw_classic_assign_folds (23, fold), ==, 5);
  for (guint i = 0; i < 23; i++)
    sizes[fold[i]]++;
  /* ⌊23/5⌋ = 4, the first 3 folds one more. */
  g_assert_cmpuint (sizes[0], ==, 5);
  g_assert_cmpuint (sizes[2], ==, 5);
  g_assert_cmpuint (sizes[3], ==, 4);
  g_assert_cmpuint (sizes[4], ==, 4);
}

static void
test_equation (void)
{
  const double coef[] = { 1.4711, -0.05 };
  const GwFeature feats[] = { GW_FEATURE_LOGP, GW_FEATURE_DB };
  g_autofree char *eq = gw_classic_format_equation (6.9871, coef, feats, 2);
  g_autofree char *eq2 = gw_classic_format_equation (-1.5, coef, feats, 1);

  g_assert_cmpstr (eq, ==, "RT = 6.99 + 1.471\xc2\xb7LogP \xe2\x88\x92 0.050\xc2\xb7" "DB");
  g_assert_cmpstr (eq2, ==, "RT = \xe2\x88\x92" "1.50 + 1.471\xc2\xb7LogP");
}

static void
test_r2_score (void)
{
  const double y[] = { 1.0, 2.0, 3.0 };
  const double flat[] = { 2.0, 2.0, 2.0 };
  const double off[] = { 2.0, 2.0, 2.5 };

  g_assert_cmpfloat (gw_classic_r2_score (y, y, 3), ==, 1.0);
  g_assert_cmpfloat (gw_classic_r2_score (y, flat, 3), ==, 0.0);
  /* Constant truth: sklearn answers 1 for a perfect fit, else 0. */
  g_assert_cmpfloat (gw_classic_r2_score (flat, flat, 3), ==, 1.0);
  g_assert_cmpfloat (gw_classic_r2_score (flat, off, 3), ==, 0.0);
}

static void
test_params (void)
{
  g_autoptr(GError) error = NULL;
  GwParams params;
  GwPreset preset;

  gw_params_init (&params, GW_PRESET_CLASSIC);
  g_assert_cmpfloat (params.r2_threshold, ==, 0.75);
  g_assert_cmpfloat (params.outlier_threshold, ==, 2.5);
  g_assert_cmpfloat (params.rt_tolerance, ==, 0.10);
  g_assert_true (gw_params_validate (&params, &error));
  g_assert_no_error (error);

  gw_params_init (&params, GW_PRESET_ROBUST);
  g_assert_cmpfloat (params.outlier_threshold, ==, 3.0);
  g_assert_cmpfloat (params.anchor_weight, ==, 5.0);
  g_assert_true (gw_params_validate (&params, &error));

  params.r2_threshold = 0.3;
  g_assert_false (gw_params_validate (&params, &error));
  g_assert_error (error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_PARAMETER);
  g_assert_nonnull (strstr (error->message, "r2_threshold"));
  g_clear_error (&error);

  gw_params_init (&params, GW_PRESET_CLASSIC);
  params.outlier_threshold = NAN;
  g_assert_false (gw_params_validate (&params, &error));
  g_clear_error (&error);
  params.outlier_threshold = 6.5;
  g_assert_false (gw_params_validate (&params, &error));
  g_clear_error (&error);

  g_assert_cmpstr (gw_preset_to_string (GW_PRESET_CLASSIC), ==, "classic");
  g_assert_cmpstr (gw_preset_to_string (GW_PRESET_ROBUST), ==, "robust");
  g_assert_true (gw_preset_from_string ("classic", &preset));
  g_assert_cmpint (preset, ==, GW_PRESET_CLASSIC);
  g_assert_true (gw_preset_from_string ("robust", &preset));
  g_assert_cmpint (preset, ==, GW_PRESET_ROBUST);
  g_assert_false (gw_preset_from_string ("fancy", &preset));
}

static void
test_thresholds_change_calls (void)
{
  g_autoptr(GwTable) table = load_table ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwRun) strict = NULL;
  g_autoptr(GwRun) loose = NULL;
  GwParams params;

  /* A lower |z| threshold can only add outliers among fitted rows. */
  gw_params_init (&params, GW_PRESET_CLASSIC);
  params.outlier_threshold = 1.0;
  strict = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  params.outlier_threshold = 6.0;
  loose = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_run_get_status_count (strict, GW_STATUS_OUTLIER), >,
                    gw_run_get_status_count (loose, GW_STATUS_OUTLIER));
  g_assert_cmpuint (gw_run_get_status_count (loose, GW_STATUS_OUTLIER), >=, 165);

  /* At 0.999 only GT1 (CV R² 0.99985) cross-validates well enough; every
   * row of every other fitted group becomes an outlier. */
  params.outlier_threshold = 2.5;
  params.r2_threshold = 0.999;
  g_clear_pointer (&strict, gw_run_unref);
  strict = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < gw_run_get_n_models (strict); i++)
    {
      const GwModel *m = gw_run_get_model (strict, i);

      if (m->level != GW_MODEL_LEVEL_GROUP)
        continue;
      g_assert_cmpint (m->accepted, ==, g_str_equal (m->group_name, "GT1"));
      g_assert_cmpint (m->accepted, ==, m->cv_r2 >= 0.999);
    }
  for (guint i = 0; i < gw_run_get_n_rows (strict); i++)
    {
      const GwModel *m = gw_run_get_model (strict, gw_run_get_model_index (strict, i));

      if (m->level == GW_MODEL_LEVEL_GROUP && !m->accepted)
        g_assert_cmpint (gw_run_get_status (strict, i), ==, GW_STATUS_OUTLIER);
    }
}

static void
test_cancel (void)
{
  g_autoptr(GwTable) table = load_table ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GwParams params;
  GwRun *run;

  gw_params_init (&params, GW_PRESET_CLASSIC);
  g_cancellable_cancel (cancellable);
  run = gw_analyze (table, &params, cancellable, NULL, NULL, &error);
  g_assert_null (run);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  double last;
  guint  calls;
  gboolean monotonic;
} Progress;

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  Progress *p = user_data;

  g_assert_nonnull (message);
  if (fraction < p->last || fraction < 0.0 || fraction > 1.0)
    p->monotonic = FALSE;
  p->last = fraction;
  p->calls++;
}

static void
test_progress (void)
{
  g_autoptr(GwTable) table = load_table ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwRun) run = NULL;
  Progress p = { 0.0, 0, TRUE };
  GwParams params;

  gw_params_init (&params, GW_PRESET_CLASSIC);
  run = gw_analyze (table, &params, NULL, progress_cb, &p, &error);
  g_assert_no_error (error);
  g_assert_true (p.monotonic);
  g_assert_cmpuint (p.calls, >=, 3);
  g_assert_cmpfloat (p.last, ==, 1.0);
  g_assert_cmpint (gw_run_get_end_time (run), >=, gw_run_get_start_time (run));
  g_assert_cmpstr (gw_run_get_version (run), ==, PACKAGE_VERSION);
  g_assert_cmpint (((const GwParams *) gw_run_get_params (run))->preset, ==, GW_PRESET_CLASSIC);
}

static void
cancel_on_progress_cb (double      fraction,
                       const char *message,
                       gpointer    user_data)
{
  /* Cancel from inside the run, after the first group. */
  if (fraction > 0.0)
    g_cancellable_cancel (user_data);
}

static void
test_cancel_midway (void)
{
  g_autoptr(GwTable) table = load_table ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GwParams params;
  GwRun *run;

  gw_params_init (&params, GW_PRESET_CLASSIC);
  run = gw_analyze (table, &params, cancellable, cancel_on_progress_cb, cancellable, &error);
  g_assert_null (run);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Random tables, including degenerate ones (identical anchors, a constant
 * RT, one huge group, many tiny ones), must give a complete, consistent
 * run and never crash. */
static void
test_random_tables (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  static const char * const heads[] = { "GM3", "GD1", "GD1+OAc", "GT1", "GQ1+2OAc", "GM1a" };

  for (guint iter = 0; iter < 60; iter++)
    {
      g_autoptr(GString) csv = g_string_new ("Name,RT,Volume,Log P,Anchor\n");
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GwTable) table = NULL;
      g_autoptr(GwRun) run = NULL;
      g_autoptr(GError) error = NULL;
      guint n = g_rand_int_range (rand, 1, 200);
      guint n_heads = g_rand_int_range (rand, 1, G_N_ELEMENTS (heads) + 1);
      gboolean constant_rt = g_rand_int_range (rand, 0, 5) == 0;
      gboolean same_species = g_rand_int_range (rand, 0, 5) == 0;
      double anchor_rate = g_rand_double (rand);
      GwParams params;

      for (guint i = 0; i < n; i++)
        {
          guint c = same_species ? 36 : (guint) g_rand_int_range (rand, 30, 46);
          guint db = same_species ? 1 : (guint) g_rand_int_range (rand, 0, 4);
          double logp = same_species ? 1.5 : g_rand_double_range (rand, -5, 10);
          double rt = constant_rt ? 7.0 : 5 + 0.8 * logp + g_rand_double_range (rand, -0.5, 0.5);

          g_string_append_printf (csv, "%s(%u:%u;O2),%.3f,%u,%.2f,%s\n",
                                  heads[g_rand_int_range (rand, 0, n_heads)], c, db,
                                  MAX (rt, 0.0), g_rand_int_range (rand, 1, 100000), logp,
                                  g_rand_double (rand) < anchor_rate ? "T" : "F");
        }

      bytes = g_string_free_to_bytes (g_steal_pointer (&csv));
      table = gw_table_new_from_bytes (bytes, "random.csv", NULL, &error);
      g_assert_no_error (error);

      gw_params_init (&params, GW_PRESET_CLASSIC);
      params.outlier_threshold = g_rand_double_range (rand, 1.0, 6.0);
      params.r2_threshold = g_rand_double_range (rand, 0.5, 0.999);
      run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gw_run_get_n_rows (run), ==, n);
      g_assert_cmpuint (gw_run_get_status_count (run, GW_STATUS_VALID)
                        + gw_run_get_status_count (run, GW_STATUS_OUTLIER), ==, n);

      for (guint i = 0; i < n; i++)
        {
          const GwModel *m = gw_run_get_model (run, gw_run_get_model_index (run, i));
          GwStatus status = gw_run_get_status (run, i);

          g_assert_nonnull (m);
          g_assert_cmpint (m->group, ==, gw_table_get_group (table, i));
          if (gw_run_get_model_level (run, i) == GW_MODEL_LEVEL_GROUP)
            {
              double z = gw_run_get_z (run, i);

              g_assert_true (m->accepted);
              g_assert_true (isfinite (gw_run_get_predicted (run, i)));
              g_assert_true (isfinite (z));
              g_assert_true (gw_run_get_pi_low (run, i) <= gw_run_get_predicted (run, i));
              g_assert_true (gw_run_get_pi_high (run, i) >= gw_run_get_predicted (run, i));
              g_assert_cmpint (status == GW_STATUS_VALID, ==, fabs (z) < params.outlier_threshold);
              g_assert_cmpint (status == GW_STATUS_VALID, ==, gw_run_get_reason (run, i)[0] == '\0');
            }
          else
            {
              g_assert_false (m->accepted);
              g_assert_cmpstr (gw_run_get_reason (run, i), !=, "");
              if (status == GW_STATUS_VALID)
                g_assert_true (gw_table_is_anchor (table, i));
            }
          if (m->level == GW_MODEL_LEVEL_GROUP)
            {
              g_assert_true (isfinite (m->cv_r2));
              g_assert_true (isfinite (m->alpha) && m->alpha > 0);
              g_assert_true (isfinite (m->lambda) && m->lambda > 0);
              g_assert_cmpuint (m->n_features, >=, 1);
              g_assert_cmpuint (m->n_features, <=, MAX (1, m->n_anchors * 3 / 10));
              g_assert_nonnull (m->equation);
            }
        }
    }
}

static gpointer
thread_analyze (gpointer data)
{
  return analyze_classic (data);
}

static void
test_threads (void)
{
  g_autoptr(GwTable) table = load_table ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GwRun) reference = analyze_classic (table);
  GThread *threads[4];

  /* The same table analysed on four threads at once gives identical runs:
   * nothing is shared but the immutable table. */
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("classic", thread_analyze, table);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      g_autoptr(GwRun) run = g_thread_join (threads[t]);
      guint n = gw_run_get_n_rows (run);

      g_assert_cmpmem (gw_run_get_status_column (run), n,
                       gw_run_get_status_column (reference), n);
      g_assert_cmpmem (gw_run_get_predicted_column (run), n * sizeof (double),
                       gw_run_get_predicted_column (reference), n * sizeof (double));
    }
}

static void
test_run_accessors (void)
{
  g_autoptr(GwTable) table = load_table ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GwRun) run = analyze_classic (table);
  guint sum = 0;
  GwStatus status;
  guint n_anchor_warnings = 0;

  for (guint s = 0; s < GW_N_STATUSES; s++)
    {
      sum += gw_run_get_status_count (run, s);
      g_assert_true (gw_status_from_string (gw_status_to_string (s), &status));
      g_assert_cmpint (status, ==, s);
    }
  g_assert_cmpuint (sum, ==, gw_run_get_n_rows (run));
  g_assert_false (gw_status_from_string ("maybe", &status));
  g_assert_cmpstr (gw_model_level_to_string (GW_MODEL_LEVEL_POOLED_SLOPE), ==, "pooled-slope");
  g_assert_cmpstr (gw_feature_to_string (GW_FEATURE_DB), ==, "DB");
  g_assert_nonnull (gw_run_get_warnings_list (run));

  for (guint i = 0; i < gw_run_get_n_rows (run); i++)
    {
      g_autofree char *text = gw_run_dup_warnings_text (run, i);

      g_assert_true (gw_run_get_model_index (run, i) >= 0);
      g_assert_true (isnan (gw_run_get_confidence (run, i)));
      if (gw_run_get_warnings (run, i) & GW_ROW_WARNING_ANCHOR_INCONSISTENT)
        {
          g_assert_true (gw_table_is_anchor (table, i));
          g_assert_cmpint (gw_run_get_status (run, i), ==, GW_STATUS_OUTLIER);
          g_assert_nonnull (strstr (text, "anchor inconsistent with its group"));
          n_anchor_warnings++;
        }
    }
  g_test_message ("%u anchors inconsistent with their group", n_anchor_warnings);

  g_assert_true (g_boxed_copy (gw_run_get_type (), run) == run);
  gw_run_unref (run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/classic/testwork-user", test_testwork_user);
  g_test_add_func ("/engine/classic/synthetic", test_synthetic);
  g_test_add_func ("/engine/classic/select-features", test_select_features);
  g_test_add_func ("/engine/classic/folds", test_folds);
  g_test_add_func ("/engine/classic/equation", test_equation);
  g_test_add_func ("/engine/classic/r2-score", test_r2_score);
  g_test_add_func ("/engine/classic/thresholds", test_thresholds_change_calls);
  g_test_add_func ("/engine/analysis/params", test_params);
  g_test_add_func ("/engine/analysis/cancel", test_cancel);
  g_test_add_func ("/engine/analysis/progress", test_progress);
  g_test_add_func ("/engine/analysis/cancel-midway", test_cancel_midway);
  g_test_add_func ("/engine/classic/random-tables", test_random_tables);
  g_test_add_func ("/engine/analysis/threads", test_threads);
  g_test_add_func ("/engine/run/accessors", test_run_accessors);

  return g_test_run ();
}
