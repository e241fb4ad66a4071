/* gw-bayes-ridge.c: Bayesian ridge regression by evidence maximisation
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This reproduces scikit-learn's BayesianRidge.fit() step by step
 * (ANALYSIS.md §4.4), because the classic preset promises the old
 * platform's numbers: the same initial α and λ, the same MacKay updates,
 * the same convergence test on the previous iteration's coefficients and
 * the same final recomputation.  The SVD comes from GSL; both of sklearn's
 * forms of the posterior mean (n > p and n ≤ p) are kept, since they round
 * differently.
 */

#define G_LOG_DOMAIN "gw-engine"

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "gw-bayes-ridge.h"

#define HYPER_ALPHA_1 1e-6
#define HYPER_ALPHA_2 1e-6
#define HYPER_LAMBDA_1 1e-6
#define HYPER_LAMBDA_2 1e-6
#define MAX_ITER 300
#define TOL 1e-3

G_DEFINE_QUARK (gw-bayes-ridge-error-quark, gw_bayes_ridge_error)

typedef struct
{
  guint         n;
  guint         p;
  guint         r;      /* min (n, p): the number of singular values */
  const double *xc;     /* n × p, centred */
  const double *yc;     /* n, centred */
  const double *xty;    /* p: Xᵀy */
  const double *u;      /* n × r (used when n ≤ p) */
  const double *v;      /* p × r: right singular vectors as columns */
  const double *e;      /* r: squared singular values */
  double       *t;      /* r: scratch */
  double       *w;      /* n: scratch */
} Problem;

/* coef = V diag (1/(e + λ/α)) Vᵀ Xᵀy, or Xᵀ U diag (1/(e + λ/α)) Uᵀ y when
 * n ≤ p; returns the sum of squared residuals. */
static double
update_coef (const Problem *pb,
             double         alpha,
             double         lambda,
             double        *coef)
{
  guint n = pb->n, p = pb->p, r = pb->r;
  double ratio = lambda / alpha;
  double sse = 0.0;

  if (n > p)
    {
      for (guint i = 0; i < r; i++)
        {
          double s = 0.0;

          for (guint j = 0; j < p; j++)
            s += pb->v[j * r + i] * pb->xty[j];
          pb->t[i] = s / (pb->e[i] + ratio);
        }
      for (guint j = 0; j < p; j++)
        {
          double s = 0.0;

          for (guint i = 0; i < r; i++)
            s += pb->v[j * r + i] * pb->t[i];
          coef[j] = s;
        }
    }
  else
    {
      for (guint i = 0; i < r; i++)
        {
          double s = 0.0;

          for (guint k = 0; k < n; k++)
            s += pb->u[k * r + i] * pb->yc[k];
          pb->t[i] = s / (pb->e[i] + ratio);
        }
      for (guint k = 0; k < n; k++)
        {
          double s = 0.0;

          for (guint i = 0; i < r; i++)
            s += pb->u[k * r + i] * pb->t[i];
          pb->w[k] = s;
        }
      for (guint j = 0; j < p; j++)
        {
          double s = 0.0;

          for (guint k = 0; k < n; k++)
            s += pb->xc[k * p + j] * pb->w[k];
          coef[j] = s;
        }
    }

  for (guint k = 0; k < n; k++)
    {
      double fit = 0.0;
      double d;

      for (guint j = 0; j < p; j++)
        fit += pb->xc[k * p + j] * coef[j];
      d = pb->yc[k] - fit;
      sse += d * d;
    }

  return sse;
}

/* Takes the thin SVD of @xc (n × p) with GSL, which wants at least as many
 * rows as columns: for n < p it decomposes Xᵀ and swaps the factors. */
static void
thin_svd (const double *xc,
          guint         n,
          guint         p,
          double       *u,
          double       *v,
          double       *e)
{
  guint r = MIN (n, p);
  guint rows = MAX (n, p);
  gsl_matrix *a = gsl_matrix_alloc (rows, r);
  gsl_matrix *q = gsl_matrix_alloc (r, r);
  gsl_vector *s = gsl_vector_alloc (r);
  gsl_vector *work = gsl_vector_alloc (r);

  for (guint k = 0; k < n; k++)
    for (guint j = 0; j < p; j++)
      {
        if (n >= p)
          gsl_matrix_set (a, k, j, xc[k * p + j]);
        else
          gsl_matrix_set (a, j, k, xc[k * p + j]);
      }

  /* Golub–Reinsch cannot fail on finite input, so GSL's error handler is
   * never reached from here. */
  gsl_linalg_SV_decomp (a, q, s, work);

  for (guint i = 0; i < r; i++)
    {
      double si = gsl_vector_get (s, i);

      e[i] = si * si;
    }

  if (n >= p)
    {
      /* X = A S Qᵀ: U is A (n × p), V is Q (p × p). */
      for (guint k = 0; k < n; k++)
        for (guint i = 0; i < r; i++)
          u[k * r + i] = gsl_matrix_get (a, k, i);
      for (guint j = 0; j < p; j++)
        for (guint i = 0; i < r; i++)
          v[j * r + i] = gsl_matrix_get (q, j, i);
    }
  else
    {
      /* Xᵀ = A S Qᵀ, so X = Q S Aᵀ: U is Q (n × n), V is A (p × n). */
      for (guint k = 0; k < n; k++)
        for (guint i = 0; i < r; i++)
          u[k * r + i] = gsl_matrix_get (q, k, i);
      for (guint j = 0; j < p; j++)
        for (guint i = 0; i < r; i++)
          v[j * r + i] = gsl_matrix_get (a, j, i);
    }

  gsl_vector_free (work);
  gsl_vector_free (s);
  gsl_matrix_free (q);
  gsl_matrix_free (a);
}

GwBayesRidge *
gw_bayes_ridge_fit (const double  *x,
                    guint          n,
                    guint          p,
                    const double  *y,
                    GError       **error)
{
  GwBayesRidge *model;
  g_autofree double *scratch = NULL;
  double *xc, *yc, *xty, *u, *v, *e, *t, *w, *coef_old;
  Problem pb;
  guint r;
  double y_mean = 0.0, y_var = 0.0;
  double alpha, lambda;
  guint iter;

  g_return_val_if_fail (x != NULL, NULL);
  g_return_val_if_fail (y != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n == 0 || p == 0)
    {
      g_set_error (error, GW_BAYES_RIDGE_ERROR, GW_BAYES_RIDGE_ERROR_INPUT,
                   "Bayesian ridge needs at least one sample and one feature (got %u × %u)",
                   n, p);
      return NULL;
    }
  for (gsize i = 0; i < (gsize) n * p; i++)
    if (!isfinite (x[i]))
      {
        g_set_error (error, GW_BAYES_RIDGE_ERROR, GW_BAYES_RIDGE_ERROR_INPUT,
                     "Bayesian ridge input has a non-finite value at sample %u, feature %u",
                     (guint) (i / p), (guint) (i % p));
        return NULL;
      }
  for (guint k = 0; k < n; k++)
    if (!isfinite (y[k]))
      {
        g_set_error (error, GW_BAYES_RIDGE_ERROR, GW_BAYES_RIDGE_ERROR_INPUT,
                     "Bayesian ridge target has a non-finite value at sample %u", k);
        return NULL;
      }

  r = MIN (n, p);

  /* The result and all its arrays in one block. */
  model = g_malloc0 (sizeof *model + sizeof (double) * (2 * (gsize) p + (gsize) p * p));
  model->n_features = p;
  model->n_samples = n;
  model->coef = (double *) (model + 1);
  model->x_offset = model->coef + p;
  model->sigma = model->x_offset + p;

  scratch = g_new0 (double,
                    (gsize) n * p + n + p + (gsize) n * r + (gsize) p * r + r + r + n + p);
  xc = scratch;
  yc = xc + (gsize) n * p;
  xty = yc + n;
  u = xty + p;
  v = u + (gsize) n * r;
  e = v + (gsize) p * r;
  t = e + r;
  w = t + r;
  coef_old = w + n;

  /* Centre X and y (sklearn's _preprocess_data with fit_intercept). */
  for (guint j = 0; j < p; j++)
    {
      double m = 0.0;

      for (guint k = 0; k < n; k++)
        m += x[k * p + j];
      model->x_offset[j] = m / n;
    }
  for (guint k = 0; k < n; k++)
    y_mean += y[k];
  y_mean /= n;
  model->y_offset = y_mean;

  for (guint k = 0; k < n; k++)
    {
      for (guint j = 0; j < p; j++)
        xc[k * p + j] = x[k * p + j] - model->x_offset[j];
      yc[k] = y[k] - y_mean;
    }

  /* np.var of the centred y: it subtracts its (tiny) mean again. */
  {
    double m = 0.0;

    for (guint k = 0; k < n; k++)
      m += yc[k];
    m /= n;
    for (guint k = 0; k < n; k++)
      y_var += (yc[k] - m) * (yc[k] - m);
    y_var /= n;
  }

  for (guint j = 0; j < p; j++)
    {
      double s = 0.0;

      for (guint k = 0; k < n; k++)
        s += xc[k * p + j] * yc[k];
      xty[j] = s;
    }

  thin_svd (xc, n, p, u, v, e);

  pb.n = n;
  pb.p = p;
  pb.r = r;
  pb.xc = xc;
  pb.yc = yc;
  pb.xty = xty;
  pb.u = u;
  pb.v = v;
  pb.e = e;
  pb.t = t;
  pb.w = w;

  alpha = 1.0 / (y_var + DBL_EPSILON);
  lambda = 1.0;

  for (iter = 0; iter < MAX_ITER; iter++)
    {
      double sse = update_coef (&pb, alpha, lambda, model->coef);
      double gamma = 0.0, coef_sq = 0.0;
      double change = 0.0;

      for (guint i = 0; i < r; i++)
        gamma += (alpha * e[i]) / (lambda + alpha * e[i]);
      for (guint j = 0; j < p; j++)
        coef_sq += model->coef[j] * model->coef[j];

      lambda = (gamma + 2 * HYPER_LAMBDA_1) / (coef_sq + 2 * HYPER_LAMBDA_2);
      alpha = (n - gamma + 2 * HYPER_ALPHA_1) / (sse + 2 * HYPER_ALPHA_2);

      if (iter != 0)
        {
          for (guint j = 0; j < p; j++)
            change += fabs (coef_old[j] - model->coef[j]);
          if (change < TOL)
            break;
        }
      memcpy (coef_old, model->coef, sizeof (double) * p);
    }
  model->n_iter = MIN (iter + 1, MAX_ITER);

  model->alpha = alpha;
  model->lambda = lambda;
  update_coef (&pb, alpha, lambda, model->coef);

  /* Posterior covariance (1/α) V diag (1/(e + λ/α)) Vᵀ, over the computed
   * singular vectors as sklearn does. */
  for (guint a = 0; a < p; a++)
    for (guint b = 0; b < p; b++)
      {
        double s = 0.0;

        for (guint i = 0; i < r; i++)
          s += v[a * r + i] * v[b * r + i] / (e[i] + lambda / alpha);
        model->sigma[a * p + b] = s / alpha;
      }

  model->intercept = y_mean;
  for (guint j = 0; j < p; j++)
    model->intercept -= model->x_offset[j] * model->coef[j];

  return model;
}

void
gw_bayes_ridge_free (GwBayesRidge *model)
{
  g_free (model);
}

double
gw_bayes_ridge_predict (const GwBayesRidge *model,
                        const double       *x_row)
{
  double yhat;

  g_return_val_if_fail (model != NULL, NAN);
  g_return_val_if_fail (x_row != NULL, NAN);

  yhat = model->intercept;
  for (guint j = 0; j < model->n_features; j++)
    yhat += x_row[j] * model->coef[j];

  return yhat;
}

double
gw_bayes_ridge_predict_std (const GwBayesRidge *model,
                            const double       *x_row)
{
  guint p;
  double q = 0.0;

  g_return_val_if_fail (model != NULL, NAN);
  g_return_val_if_fail (x_row != NULL, NAN);

  p = model->n_features;
  for (guint a = 0; a < p; a++)
    for (guint b = 0; b < p; b++)
      q += (x_row[a] - model->x_offset[a]) * model->sigma[a * p + b]
           * (x_row[b] - model->x_offset[b]);

  return sqrt (MAX (q, 0.0) + 1.0 / model->alpha);
}
