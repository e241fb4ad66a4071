/* test-bayes-ridge.c: the Bayesian ridge solver against scikit-learn
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/classic/generate.py fits sklearn's BayesianRidge() on small
 * systems (one feature, n > p, n = p, n < p, collinear features, constant
 * y, a constant feature) and records every output.
 */

#define G_LOG_DOMAIN "test-bayes-ridge"

#include "config.h"

#include <math.h>

#include "gw-bayes-ridge.h"

static GKeyFile *
load_fixture (void)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("GW_TEST_DATA"),
                                            "classic", "bayes-ridge.keyfile", NULL);

  g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&kf);
}

static double *
get_doubles (GKeyFile   *kf,
             const char *group,
             const char *key,
             gsize       expected_len)
{
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  double *v = g_key_file_get_double_list (kf, group, key, &n, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, expected_len);

  return v;
}

static void
assert_close (const char *what,
              const char *group,
              double      got,
              double      expected,
              double      rel)
{
  double tol = rel * MAX (1.0, fabs (expected));

  if (!(fabs (got - expected) <= tol))
    g_error ("%s: %s is %.17g, sklearn has %.17g (tolerance %g)",
             group, what, got, expected, tol);
}

static void
check_case (gconstpointer data)
{
  const char *group = data;
  g_autoptr(GKeyFile) kf = load_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GwBayesRidge) model = NULL;
  guint n = g_key_file_get_integer (kf, group, "n", NULL);
  guint p = g_key_file_get_integer (kf, group, "p", NULL);
  g_autofree double *x = get_doubles (kf, group, "x", (gsize) n * p);
  g_autofree double *y = get_doubles (kf, group, "y", n);
  g_autofree double *coef = get_doubles (kf, group, "coef", p);
  g_autofree double *sigma = get_doubles (kf, group, "sigma", (gsize) p * p);
  g_autofree double *predicted = get_doubles (kf, group, "predicted", n);
  g_autofree double *std = get_doubles (kf, group, "std", n);
  double alpha = g_key_file_get_double (kf, group, "alpha", NULL);
  double lambda = g_key_file_get_double (kf, group, "lambda", NULL);
  double intercept = g_key_file_get_double (kf, group, "intercept", NULL);
  guint n_iter = g_key_file_get_integer (kf, group, "n_iter", NULL);

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (p, >, 0);

  model = gw_bayes_ridge_fit (x, n, p, y, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);

  g_assert_cmpuint (model->n_features, ==, p);
  g_assert_cmpuint (model->n_iter, ==, n_iter);
  assert_close ("alpha", group, model->alpha, alpha, 1e-6);
  assert_close ("lambda", group, model->lambda, lambda, 1e-6);
  assert_close ("intercept", group, model->intercept, intercept, 1e-9);
  for (guint j = 0; j < p; j++)
    assert_close ("coef", group, model->coef[j], coef[j], 1e-9);
  for (guint k = 0; k < n; k++)
    assert_close ("predicted", group,
                  gw_bayes_ridge_predict (model, x + (gsize) k * p), predicted[k], 1e-9);

  /* With n < p, sklearn's posterior covariance sums over a basis vector of
   * the centred X's null space that LAPACK picks arbitrarily, so it is not a
   * property of the data; the classic preset never fits with n ≤ p. */
  if (n >= p)
    {
      for (guint j = 0; j < p * p; j++)
        assert_close ("sigma", group, model->sigma[j], sigma[j], 1e-7);
      for (guint k = 0; k < n; k++)
        assert_close ("std", group,
                      gw_bayes_ridge_predict_std (model, x + (gsize) k * p), std[k], 1e-7);
    }
}

static void
test_bad_input (void)
{
  g_autoptr(GError) error = NULL;
  GwBayesRidge *model;
  double x[] = { 1.0, NAN, 3.0 };
  double y[] = { 1.0, 2.0, 3.0 };

  model = gw_bayes_ridge_fit (x, 3, 1, y, &error);
  g_assert_error (error, GW_BAYES_RIDGE_ERROR, GW_BAYES_RIDGE_ERROR_INPUT);
  g_assert_null (model);
  g_clear_error (&error);

  model = gw_bayes_ridge_fit (x, 0, 1, y, &error);
  g_assert_error (error, GW_BAYES_RIDGE_ERROR, GW_BAYES_RIDGE_ERROR_INPUT);
  g_assert_null (model);
}

static void
test_single_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwBayesRidge) model = NULL;
  double x[] = { 2.0, 5.0 };
  double y[] = { 7.5 };

  /* One sample: everything centres to zero, the fit is the mean. */
  model = gw_bayes_ridge_fit (x, 1, 2, y, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (gw_bayes_ridge_predict (model, x), ==, 7.5);
  g_assert_true (isfinite (model->alpha));
  g_assert_true (isfinite (model->lambda));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GKeyFile) kf = NULL;
  g_auto(GStrv) groups = NULL;

  g_test_init (&argc, &argv, NULL);

  kf = load_fixture ();
  groups = g_key_file_get_groups (kf, NULL);
  g_assert_cmpuint (g_strv_length (groups), >=, 8);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/bayes-ridge/sklearn/%s", groups[i]);

      g_test_add_data_func (path, groups[i], check_case);
    }
  g_test_add_func ("/engine/bayes-ridge/bad-input", test_bad_input);
  g_test_add_func ("/engine/bayes-ridge/single-sample", test_single_sample);

  return g_test_run ();
}
