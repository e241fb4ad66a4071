/* gw-classic.c: the classic preset, Rule 1 of the old platform (ANALYSIS.md §4)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labs re-open old results with this preset, so it reproduces the old
 * platform's numerics (scikit-learn's StandardScaler, BayesianRidge and
 * KFold(shuffle=True, random_state=42)) to within rounding, but not its
 * bugs (§5): every valid row takes part, whatever its name.
 *
 * Per row it fills status, reason, predicted RT, residual, z and a 95 %
 * prediction interval from the Bayesian posterior (sklearn's return_std).
 * Confidence stays NAN: the old platform's was a constant, and §4 defines
 * none, so classic does not invent one.
 *
 * The work is per group and allocation-light: rows are bucketed by group
 * once (a counting sort, O(n)), and each group's anchors are copied into
 * small dense matrices for the fits.
 */

#define G_LOG_DOMAIN "gw-engine"

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "gw-bayes-ridge.h"
#include "gw-classic.h"
#include "gw-mt19937.h"

#define MIN_ANCHORS          3
#define MIN_FEATURE_VARIANCE 0.01
#define MAX_FEATURE_CORR     0.95
#define MAX_FEATURE_FRACTION 0.3
#define KFOLD_SEED           42
/* The two-sided 95 % quantile of the standard normal distribution. */
#define Z_975                1.959963984540054

static double
sample_variance (const double *x,
                 guint         n)
{
  double mean = 0.0, ss = 0.0;

  if (n < 2)
    return 0.0;

  for (guint i = 0; i < n; i++)
    mean += x[i];
  mean /= n;
  for (guint i = 0; i < n; i++)
    ss += (x[i] - mean) * (x[i] - mean);

  return ss / (n - 1);
}

static double
pearson_r (const double *x,
           const double *y,
           guint         n)
{
  double mx = 0.0, my = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0;

  for (guint i = 0; i < n; i++)
    {
      mx += x[i];
      my += y[i];
    }
  mx /= n;
  my /= n;
  for (guint i = 0; i < n; i++)
    {
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
      sxy += (x[i] - mx) * (y[i] - my);
    }

  if (sxx <= 0.0 || syy <= 0.0)
    return 0.0;

  return sxy / sqrt (sxx * syy);
}

guint
gw_classic_select_features (const double * const  columns[GW_N_FEATURES],
                            guint                 n,
                            GwFeature             out[GW_N_FEATURES],
                            gboolean             *fell_back)
{
  gboolean passing[GW_N_FEATURES] = { FALSE, };
  gboolean dropped[GW_N_FEATURES] = { FALSE, };
  guint n_passing = 0;
  guint n_kept = 0;
  guint max_kept;

  g_return_val_if_fail (columns != NULL, 0);
  g_return_val_if_fail (out != NULL, 0);

  for (guint f = 0; f < GW_N_FEATURES; f++)
    {
      passing[f] = sample_variance (columns[f], n) > MIN_FEATURE_VARIANCE;
      n_passing += passing[f];
    }

  /* A candidate goes when it tracks any earlier passing candidate, even one
   * that was itself dropped: the old platform compared against the passing
   * list, not the kept one, and classic keeps that. */
  if (n_passing >= 2)
    {
      for (guint f = 0; f < GW_N_FEATURES; f++)
        {
          if (!passing[f])
            continue;
          for (guint e = 0; e < f; e++)
            {
              if (passing[e] && fabs (pearson_r (columns[e], columns[f], n)) > MAX_FEATURE_CORR)
                {
                  dropped[f] = TRUE;
                  break;
                }
            }
        }
    }

  max_kept = MAX (1, (guint) floor (MAX_FEATURE_FRACTION * n));
  for (guint f = 0; f < GW_N_FEATURES && n_kept < max_kept; f++)
    {
      if (passing[f] && !dropped[f])
        out[n_kept++] = (GwFeature) f;
    }

  if (fell_back != NULL)
    *fell_back = (n_kept == 0);
  if (n_kept == 0)
    out[n_kept++] = GW_FEATURE_LOGP;

  return n_kept;
}

guint
gw_classic_assign_folds (guint  n,
                         guint *fold)
{
  g_autofree guint *perm = NULL;
  GwMt19937 mt;
  guint n_folds;
  guint pos = 0;

  g_return_val_if_fail (fold != NULL || n == 0, 0);

  if (n < 5)
    {
      for (guint i = 0; i < n; i++)
        fold[i] = i;
      return n;
    }

  n_folds = n < 10 ? 3 : 5;

  /* KFold(shuffle=True, random_state=42) makes a fresh RandomState(42) for
   * every split, so every group starts from the same seed. */
  perm = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    perm[i] = i;
  gw_mt19937_init (&mt, KFOLD_SEED);
  gw_mt19937_shuffle_uint (&mt, perm, n);

  for (guint f = 0; f < n_folds; f++)
    {
      guint size = n / n_folds + (f < n % n_folds ? 1 : 0);

      for (guint i = 0; i < size; i++)
        fold[perm[pos++]] = f;
    }
  g_assert (pos == n);

  return n_folds;
}

double
gw_classic_r2_score (const double *y,
                     const double *predicted,
                     guint         n)
{
  double mean = 0.0, ss_res = 0.0, ss_tot = 0.0;

  g_return_val_if_fail (n == 0 || (y != NULL && predicted != NULL), NAN);

  if (n == 0)
    return NAN;

  for (guint i = 0; i < n; i++)
    mean += y[i];
  mean /= n;
  for (guint i = 0; i < n; i++)
    {
      ss_res += (y[i] - predicted[i]) * (y[i] - predicted[i]);
      ss_tot += (y[i] - mean) * (y[i] - mean);
    }

  if (ss_tot == 0.0)
    return ss_res == 0.0 ? 1.0 : 0.0;

  return 1.0 - ss_res / ss_tot;
}

char *
gw_classic_format_equation (double           intercept,
                            const double    *coef,
                            const GwFeature *features,
                            guint            n_features)
{
  GString *s = g_string_new ("RT = ");

  /* U+2212 MINUS SIGN reads as a minus; a hyphen does not. */
  if (intercept < 0 && fabs (intercept) >= 0.005)
    g_string_append_printf (s, "\xe2\x88\x92%.2f", fabs (intercept));
  else
    g_string_append_printf (s, "%.2f", fabs (intercept));

  for (guint j = 0; j < n_features; j++)
    {
      gboolean negative = coef[j] < 0 && fabs (coef[j]) >= 0.0005;

      g_string_append_printf (s, " %s %.3f\xc2\xb7%s",
                              negative ? "\xe2\x88\x92" : "+",
                              fabs (coef[j]),
                              gw_feature_to_string (features[j]));
    }

  return g_string_free (s, FALSE);
}

static double
feature_value (GwTable   *table,
               guint      row,
               GwFeature  feature)
{
  const GwName *name;

  if (feature == GW_FEATURE_LOGP)
    return gw_table_get_logp (table, row);

  name = gw_table_get_parsed_name (table, row);
  g_assert (name != NULL);

  return feature == GW_FEATURE_C ? (double) name->carbons : (double) name->db;
}

/* StandardScaler: mean and population deviation, with its test for a
 * feature indistinguishable from a constant (scale 1 then). */
static void
fit_scaler (const double *x,
            guint         n,
            double       *mean,
            double       *scale)
{
  double sum = 0.0, correction = 0.0, ss = 0.0, var;
  double eps = DBL_EPSILON;

  for (guint i = 0; i < n; i++)
    sum += x[i];
  *mean = sum / n;
  for (guint i = 0; i < n; i++)
    {
      double d = x[i] - *mean;

      correction += d;
      ss += d * d;
    }
  var = (ss - correction * correction / n) / n;

  if (var <= n * eps * var + (n * *mean * eps) * (n * *mean * eps))
    *scale = 1.0;
  else
    *scale = sqrt (var);
}

typedef struct
{
  GwRun        *run;
  GwTable      *table;
  const double *rt;
  double        outlier_threshold;
  double        r2_threshold;
} Classic;

static void
mark_insufficient_group (Classic     *cl,
                         const guint *rows,
                         guint        n_rows,
                         guint        model_index)
{
  GwRun *run = cl->run;

  for (guint i = 0; i < n_rows; i++)
    {
      guint row = rows[i];

      run->model_index[row] = (gint32) model_index;
      run->model_level[row] = GW_MODEL_LEVEL_NONE;
      if (gw_table_is_anchor (cl->table, row))
        {
          /* §4.1: anchors stand as they are when no model can be fitted. */
          run->status[row] = GW_STATUS_VALID;
          run->predicted[row] = cl->rt[row];
          run->residual[row] = 0.0;
          gw_run_set_reason (run, row, "anchor kept as is: too few anchors to fit a model (k < 3)");
        }
      else
        {
          run->status[row] = GW_STATUS_OUTLIER;
          gw_run_set_reason (run, row, "insufficient anchors (k < 3)");
        }
    }
}

static gboolean
fit_group (Classic      *cl,
           guint         group,
           const guint  *rows,
           guint         n_rows,
           GError      **error)
{
  GwRun *run = cl->run;
  GwTable *table = cl->table;
  GwModel model = { 0, };
  g_autofree guint *anchors = NULL;
  g_autofree double *raw = NULL;
  g_autofree double *z = NULL;
  g_autofree double *y = NULL;
  g_autofree double *oof = NULL;
  g_autofree double *train_x = NULL;
  g_autofree double *train_y = NULL;
  g_autofree guint *fold = NULL;
  g_autofree double *in_sample = NULL;
  g_autofree char *equation = NULL;
  g_autoptr(GwBayesRidge) full = NULL;
  const double *columns[GW_N_FEATURES];
  double mean[GW_N_FEATURES], scale[GW_N_FEATURES];
  double zrow[GW_N_FEATURES];
  gboolean fell_back = FALSE;
  guint model_index = run->models->len;
  guint k = 0, p, n_folds;
  double sse_oof = 0.0;
  double sum_res = 0.0, sigma = 0.0;
  const char *group_name = gw_table_get_group_name (table, group);

  model.group = group;
  model.group_name = gw_run_intern (run, group_name);
  model.level = GW_MODEL_LEVEL_NONE;
  model.n_rows = n_rows;
  model.cv_r2 = NAN;
  model.r2 = NAN;
  model.adj_r2 = NAN;
  model.rmse = NAN;
  model.alpha = NAN;
  model.lambda = NAN;
  model.scale = NAN;
  model.intercept = NAN;
  model.intercept_std = NAN;
  for (guint j = 0; j < GW_N_FEATURES; j++)
    model.coef[j] = model.coef_std[j] = NAN;

  anchors = g_new (guint, MAX (n_rows, 1));
  for (guint i = 0; i < n_rows; i++)
    if (gw_table_is_anchor (table, rows[i]))
      anchors[k++] = rows[i];
  model.n_anchors = k;

  if (k < MIN_ANCHORS)
    {
      char warning[128];

      g_snprintf (warning, sizeof warning,
                  "only %u anchor%s: a model needs at least 3", k, k == 1 ? "" : "s");
      model.warning = gw_run_intern (run, warning);
      g_array_append_val (run->models, model);
      mark_insufficient_group (cl, rows, n_rows, model_index);
      return TRUE;
    }

  /* §4.2: candidate columns over the anchors, then selection. */
  raw = g_new (double, (gsize) GW_N_FEATURES * k);
  for (guint f = 0; f < GW_N_FEATURES; f++)
    {
      double *col = raw + (gsize) f * k;

      for (guint a = 0; a < k; a++)
        col[a] = feature_value (table, anchors[a], (GwFeature) f);
      columns[f] = col;
    }
  p = gw_classic_select_features (columns, k, model.features, &fell_back);
  model.n_features = p;

  /* §4.3: standardise with the anchors' statistics. */
  for (guint j = 0; j < p; j++)
    fit_scaler (columns[model.features[j]], k, &mean[j], &scale[j]);

  z = g_new (double, (gsize) k * p);
  y = g_new (double, k);
  for (guint a = 0; a < k; a++)
    {
      y[a] = cl->rt[anchors[a]];
      for (guint j = 0; j < p; j++)
        z[(gsize) a * p + j] = (columns[model.features[j]][a] - mean[j]) / scale[j];
    }

  /* §4.5: out-of-fold predictions.  Training rows stay in ascending order,
   * as sklearn's splitters give them. */
  fold = g_new (guint, k);
  n_folds = gw_classic_assign_folds (k, fold);
  oof = g_new (double, k);
  train_x = g_new (double, (gsize) k * p);
  train_y = g_new (double, k);
  for (guint f = 0; f < n_folds; f++)
    {
      g_autoptr(GwBayesRidge) m = NULL;
      guint n_train = 0;

      for (guint a = 0; a < k; a++)
        {
          if (fold[a] == f)
            continue;
          memcpy (train_x + (gsize) n_train * p, z + (gsize) a * p, sizeof (double) * p);
          train_y[n_train++] = y[a];
        }

      m = gw_bayes_ridge_fit (train_x, n_train, p, train_y, error);
      if (m == NULL)
        return FALSE;

      for (guint a = 0; a < k; a++)
        if (fold[a] == f)
          oof[a] = gw_bayes_ridge_predict (m, z + (gsize) a * p);
    }

  full = gw_bayes_ridge_fit (z, k, p, y, error);
  if (full == NULL)
    return FALSE;

  in_sample = g_new (double, k);
  for (guint a = 0; a < k; a++)
    {
      in_sample[a] = gw_bayes_ridge_predict (full, z + (gsize) a * p);
      sse_oof += (y[a] - oof[a]) * (y[a] - oof[a]);
    }

  model.cv_r2 = gw_classic_r2_score (y, oof, k);
  model.r2 = gw_classic_r2_score (y, in_sample, k);
  if (k > p + 1)
    model.adj_r2 = 1.0 - (1.0 - model.r2) * (k - 1) / (double) (k - p - 1);
  model.rmse = sqrt (sse_oof / k);
  model.alpha = full->alpha;
  model.lambda = full->lambda;
  model.intercept_std = full->intercept;
  model.intercept = full->intercept;
  for (guint j = 0; j < p; j++)
    {
      model.coef_std[j] = full->coef[j];
      model.coef[j] = full->coef[j] / scale[j];
      model.intercept -= model.coef[j] * mean[j];
    }
  equation = gw_classic_format_equation (model.intercept, model.coef, model.features, p);
  model.equation = gw_run_intern (run, equation);
  model.accepted = model.cv_r2 >= cl->r2_threshold;
  model.level = GW_MODEL_LEVEL_GROUP;

  if (!model.accepted)
    {
      char reason[128];

      /* §4.6: a model that does not cross-validate judges nobody. */
      g_snprintf (reason, sizeof reason, "model R\xc2\xb2 %.3f below threshold", model.cv_r2);
      for (guint i = 0; i < n_rows; i++)
        {
          run->model_index[rows[i]] = (gint32) model_index;
          run->model_level[rows[i]] = GW_MODEL_LEVEL_NONE;
          run->status[rows[i]] = GW_STATUS_OUTLIER;
          gw_run_set_reason (run, rows[i], reason);
        }
      g_snprintf (reason, sizeof reason,
                  "cross-validated R\xc2\xb2 %.3f is below the threshold %.3f",
                  model.cv_r2, cl->r2_threshold);
      model.warning = gw_run_intern (run, reason);
      g_array_append_val (run->models, model);
      return TRUE;
    }

  if (fell_back)
    model.warning = gw_run_intern (run, "no candidate feature varies over the anchors; Log P used");

  /* §4.7: predict every row; σ over all rows of the group. */
  for (guint i = 0; i < n_rows; i++)
    {
      guint row = rows[i];
      double pred, sd;

      for (guint j = 0; j < p; j++)
        zrow[j] = (feature_value (table, row, model.features[j]) - mean[j]) / scale[j];
      pred = gw_bayes_ridge_predict (full, zrow);
      sd = gw_bayes_ridge_predict_std (full, zrow);

      run->model_index[row] = (gint32) model_index;
      run->model_level[row] = GW_MODEL_LEVEL_GROUP;
      run->predicted[row] = pred;
      run->residual[row] = cl->rt[row] - pred;
      run->pi_low[row] = pred - Z_975 * sd;
      run->pi_high[row] = pred + Z_975 * sd;
      sum_res += run->residual[row];
    }
  {
    double m = sum_res / n_rows, ss = 0.0;

    for (guint i = 0; i < n_rows; i++)
      {
        double d = run->residual[rows[i]] - m;

        ss += d * d;
      }
    sigma = sqrt (ss / n_rows);
  }
  model.scale = sigma;

  for (guint i = 0; i < n_rows; i++)
    {
      guint row = rows[i];
      double res = run->residual[row];
      double zval = sigma > 0.0 ? res / sigma : 0.0;

      run->z[row] = zval;
      if (fabs (zval) < cl->outlier_threshold)
        {
          run->status[row] = GW_STATUS_VALID;
        }
      else
        {
          run->status[row] = GW_STATUS_OUTLIER;
          gw_run_set_reason_printf (run, row,
                                    "RT %.3f is %.3f min %s the %s model's %.3f "
                                    "(z = %+.2f, |z| \xe2\x89\xa5 %.1f)",
                                    cl->rt[row], fabs (res), res > 0 ? "above" : "below",
                                    group_name, run->predicted[row], zval,
                                    cl->outlier_threshold);
          if (gw_table_is_anchor (table, row))
            run->warnings[row] |= GW_ROW_WARNING_ANCHOR_INCONSISTENT;
        }
    }

  g_array_append_val (run->models, model);

  return TRUE;
}

static gboolean
classic_analyze (GwRun           *run,
                 GCancellable    *cancellable,
                 GwProgressFunc   progress,
                 gpointer         progress_data,
                 GError         **error)
{
  GwTable *table;
  g_autofree guint *start = NULL;
  g_autofree guint *bucket = NULL;
  guint n_groups, n_rows, n_in_groups = 0, n_done = 0;
  double last_reported = 0.0;
  Classic cl;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  table = run->table;
  n_rows = run->n_rows;
  n_groups = gw_table_get_n_groups (table);

  cl.run = run;
  cl.table = table;
  cl.rt = gw_table_get_rt_column (table);
  cl.outlier_threshold = run->params.outlier_threshold;
  cl.r2_threshold = run->params.r2_threshold;

  /* Bucket the valid rows by group, in input order (a counting sort). */
  start = g_new0 (guint, (gsize) n_groups + 1);
  for (guint i = 0; i < n_rows; i++)
    {
      int g = gw_table_get_group (table, i);

      if (run->status[i] == GW_STATUS_INVALID)
        continue;
      if (g < 0 || (guint) g >= n_groups)
        {
          /* A valid row always has a parsed name, so this is defensive. */
          run->status[i] = GW_STATUS_INSUFFICIENT;
          gw_run_set_reason (run, i, "no group: the name could not be read");
          continue;
        }
      start[g + 1]++;
      n_in_groups++;
    }
  for (guint g = 0; g < n_groups; g++)
    start[g + 1] += start[g];
  bucket = g_new (guint, MAX (n_in_groups, 1));
  {
    g_autofree guint *fill = g_memdup2 (start, sizeof (guint) * ((gsize) n_groups + 1));

    for (guint i = 0; i < n_rows; i++)
      {
        int g = gw_table_get_group (table, i);

        if (run->status[i] == GW_STATUS_INVALID || g < 0 || (guint) g >= n_groups)
          continue;
        bucket[fill[g]++] = i;
      }
  }

  for (guint g = 0; g < n_groups; g++)
    {
      guint n = start[g + 1] - start[g];

      if (n == 0)
        continue;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!fit_group (&cl, g, bucket + start[g], n, error))
        return FALSE;

      n_done += n;
      if (progress != NULL)
        {
          double fraction = 0.85 * n_done / MAX (n_in_groups, 1);

          /* Coalesce: at most about a hundred calls however many groups. */
          if (fraction - last_reported >= 0.01 || n_done == n_in_groups)
            {
              progress (fraction, "Fitting group models", progress_data);
              last_reported = fraction;
            }
        }
    }

  return TRUE;
}

gboolean
gw_classic_analyze (GwRun           *run,
                    GCancellable    *cancellable,
                    GwProgressFunc   progress,
                    gpointer         progress_data,
                    GError         **error)
{
  /* Reasons, warnings and equations are data: printf writes them with a
   * dot even when the app runs in a German locale. */
  gpointer saved = gw_c_numeric_begin ();
  gboolean ok = classic_analyze (run, cancellable, progress, progress_data, error);

  gw_c_numeric_end (saved);
  return ok;
}
