/* gw-bayes-ridge.h: Bayesian ridge regression by evidence maximisation (ANALYSIS.md §4.4)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_BAYES_RIDGE_ERROR (gw_bayes_ridge_error_quark ())

typedef enum
{
  GW_BAYES_RIDGE_ERROR_INPUT,   /* empty or non-finite input */
} GwBayesRidgeError;

/**
 * GwBayesRidge:
 *
 * A fitted model, the same numbers as scikit-learn's BayesianRidge()
 * with its defaults (α₁ = α₂ = λ₁ = λ₂ = 1e-6, 300 iterations,
 * tol = 1e-3, fit_intercept).  One allocation; free with
 * gw_bayes_ridge_free().  Read-only after the fit.
 */
typedef struct
{
  guint   n_features;
  guint   n_samples;
  guint   n_iter;       /* iterations of the evidence loop (sklearn's n_iter_) */
  double  intercept;
  double  alpha;        /* noise precision */
  double  lambda;       /* weight precision */
  double  y_offset;
  double *coef;         /* n_features */
  double *x_offset;     /* n_features: the training means */
  double *sigma;        /* n_features × n_features posterior covariance, row-major */
} GwBayesRidge;

GQuark        gw_bayes_ridge_error_quark   (void);

/* Fits @y (n) on @x (n × p, row-major).  Safe on any thread. */
GwBayesRidge *gw_bayes_ridge_fit           (const double        *x,
                                            guint                n,
                                            guint                p,
                                            const double        *y,
                                            GError             **error);
void          gw_bayes_ridge_free          (GwBayesRidge        *model);

/* The posterior mean for one sample @x_row (p values). */
double        gw_bayes_ridge_predict       (const GwBayesRidge  *model,
                                            const double        *x_row);
/* The predictive standard deviation, sqrt (xᵀ Σ x + 1/α), with x centred on
 * the training means.  On standardised training data (mean 0) this is
 * exactly sklearn's predict(return_std=True). */
double        gw_bayes_ridge_predict_std   (const GwBayesRidge  *model,
                                            const double        *x_row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwBayesRidge, gw_bayes_ridge_free)

G_END_DECLS
