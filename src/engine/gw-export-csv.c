/* gw-export-csv.c: write a run as CSV (rows) and CSV (models)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fields are quoted as RFC 4180 says: only when they hold a comma, a
 * quote, CR or LF, with quotes doubled.  Lines end in LF.  The input
 * columns (Name, RT, Volume, Log P, Anchor and the extra columns) are
 * written back exactly as they were read, so nothing of the input is
 * lost or reformatted; computed numbers get six decimals, trailing zeros
 * dropped.
 */

#define G_LOG_DOMAIN "gw-export"

#include "config.h"

#include <math.h>

#include "gw-export.h"
#include "gw-export-private.h"
#include "gw-run-private.h"
#include "gw-analysis.h"

/* Six decimals: 1e-6 min is far below any chromatographic precision and
 * still shows the parity with the reference implementation. */
#define CSV_DECIMALS 6

static void
csv_field (GwOut      *o,
           const char *s)
{
  const char *p;
  gboolean quote = FALSE;

  if (s == NULL)
    return;

  for (p = s; *p != '\0'; p++)
    if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
      {
        quote = TRUE;
        break;
      }

  if (!quote)
    {
      gw_out_write (o, s, (gsize) (p - s));
      return;
    }

  gw_out_c (o, '"');
  for (p = s; *p != '\0'; p++)
    {
      if (*p == '"')
        gw_out_c (o, '"');
      gw_out_c (o, *p);
    }
  gw_out_c (o, '"');
}

static void
csv_number (GwOut  *o,
            double  v)
{
  gw_out_fixed (o, v, CSV_DECIMALS);
}

/* The 1-based line of @row, or nothing when @row is −1. */
static void
csv_row_ref (GwOut   *o,
             GwTable *table,
             int      row)
{
  if (row >= 0)
    gw_out_int (o, gw_table_get_line (table, (guint) row));
}

/* "2OAc+dHex": the modifications in canonical order, without the leading
 * plus of the name. */
static void
csv_mods (GwOut        *o,
          const GwName *name)
{
  gboolean first = TRUE;

  for (guint k = 0; k < GW_N_MODS; k++)
    {
      if (name->mods[k] == 0)
        continue;
      if (!first)
        gw_out_c (o, '+');
      if (name->mods[k] > 1)
        gw_out_int (o, name->mods[k]);
      gw_out_str (o, gw_mod_kind_to_string (k));
      first = FALSE;
    }
}

/**
 * gw_export_csv:
 * @run: a run
 * @out: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes one CSV row per input row, in input order, with the columns of
 * %GW_EXPORT_CSV_COLUMNS followed by the input's extra columns.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_csv (GwRun          *run,
               GOutputStream  *out,
               GCancellable   *cancellable,
               GError        **error)
{
  return gw_export_csv_full (run, NULL, out, cancellable, error);
}

/* One CSV row's curation columns (GW_EXPORT_CURATION_COLUMNS). */
static void
csv_curation (GwOut                  *o,
              const GwExportCuration *cur,
              GwRun                  *run,
              guint                   row)
{
  gboolean curated = cur->status != NULL && cur->status[row] != NULL;

  gw_out_c (o, ',');
  csv_field (o, gw_export_curation_get_effective_status (cur, run, row));
  gw_out_str (o, curated ? ",true," : ",false,");
  if (curated && cur->reason != NULL)
    csv_field (o, cur->reason[row]);
  gw_out_c (o, ',');
  if (curated && cur->author != NULL)
    csv_field (o, cur->author[row]);
  gw_out_c (o, ',');
  if (curated && cur->time != NULL)
    {
      g_autofree char *when = gw_export_format_time (cur->time[row]);

      gw_out_str (o, when);
    }
}

/**
 * gw_export_csv_full:
 * @run: a run
 * @context: (nullable): with a curation, the curation columns are added
 * @out: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * gw_export_csv(), plus %GW_EXPORT_CURATION_COLUMNS after the warnings
 * when @context has a curation.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_csv_full (GwRun                 *run,
                    const GwExportContext *context,
                    GOutputStream         *out,
                    GCancellable          *cancellable,
                    GError               **error)
{
  const GwExportCuration *cur = context != NULL ? context->curation : NULL;
  GwTable *table;
  guint n_rows;
  guint n_extra;
  GwWarningsCache warnings_cache = { { NULL } };
  const double *predicted;
  const double *residual;
  const double *z;
  const double *confidence;
  GwOut o;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  table = gw_run_get_table (run);
  n_rows = gw_run_get_n_rows (run);
  n_extra = gw_table_get_n_extra_columns (table);
  predicted = gw_run_get_predicted_column (run);
  residual = gw_run_get_residual_column (run);
  z = gw_run_get_z_column (run);
  confidence = gw_run_get_confidence_column (run);

  gw_out_init (&o, out, cancellable);

  gw_out_str (&o, GW_EXPORT_CSV_COLUMNS);
  if (cur != NULL)
    gw_out_str (&o, "," GW_EXPORT_CURATION_COLUMNS);
  for (guint c = 0; c < n_extra; c++)
    {
      gw_out_c (&o, ',');
      csv_field (&o, gw_table_get_extra_column_name (table, c));
    }
  gw_out_c (&o, '\n');

  for (guint row = 0; row < n_rows && o.error == NULL; row++)
    {
      GwStatus status = gw_run_get_status (run, row);
      const GwName *name = gw_table_get_parsed_name (table, row);
      int group = gw_table_get_group (table, row);
      guint warnings = gw_run_get_warnings (run, row);
      GwReasonBuf reason_buf;

      gw_out_int (&o, gw_table_get_line (table, row));
      for (guint c = 0; c < GW_N_COLUMNS; c++)
        {
          gw_out_c (&o, ',');
          csv_field (&o, gw_table_get_cell (table, row, c));
        }
      gw_out_c (&o, ',');
      gw_out_str (&o, gw_status_to_string (status));
      gw_out_c (&o, ',');
      csv_field (&o, gw_run_peek_reason (run, row, &reason_buf));
      gw_out_c (&o, ',');
      if (group >= 0)
        csv_field (&o, gw_table_get_group_name (table, (guint) group));
      gw_out_c (&o, ',');
      if (status != GW_STATUS_INVALID)
        gw_out_str (&o, gw_model_level_to_string (gw_run_get_model_level (run, row)));
      gw_out_c (&o, ',');
      csv_number (&o, predicted[row]);
      gw_out_c (&o, ',');
      csv_number (&o, residual[row]);
      gw_out_c (&o, ',');
      csv_number (&o, z[row]);
      gw_out_c (&o, ',');
      csv_number (&o, gw_run_get_pi_low (run, row));
      gw_out_c (&o, ',');
      csv_number (&o, gw_run_get_pi_high (run, row));
      gw_out_c (&o, ',');
      csv_number (&o, confidence[row]);
      gw_out_c (&o, ',');
      csv_row_ref (&o, table, gw_run_get_fragment_of (run, row));
      gw_out_c (&o, ',');
      csv_row_ref (&o, table, gw_run_get_isomer_of (run, row));
      gw_out_c (&o, ',');
      if (name != NULL)
        {
          gw_out_int (&o, name->sialic);
          gw_out_c (&o, ',');
          gw_out_int (&o, gw_name_get_sugars (name));
          gw_out_c (&o, ',');
          gw_out_str (&o, gw_category_to_string (gw_name_get_category (name)));
          gw_out_c (&o, ',');
          csv_mods (&o, name);
        }
      else
        gw_out_str (&o, ",,,");   /* sialic, sugars, category, modifications */
      gw_out_c (&o, ',');
      csv_row_ref (&o, table, gw_run_get_oac_base (run, row));
      gw_out_c (&o, ',');
      csv_number (&o, gw_run_get_oac_shift (run, row));
      gw_out_c (&o, ',');
      if (warnings != 0)
        {
          g_autofree char *owned = NULL;

          csv_field (&o, gw_warnings_cache_get (&warnings_cache, run, row, warnings, &owned));
        }
      if (cur != NULL)
        csv_curation (&o, cur, run, row);
      for (guint c = 0; c < n_extra; c++)
        {
          gw_out_c (&o, ',');
          csv_field (&o, gw_table_get_extra_cell (table, row, c));
        }
      gw_out_c (&o, '\n');
    }

  gw_warnings_cache_clear (&warnings_cache);
  return gw_out_finish (&o, error);
}

/**
 * gw_export_csv_models:
 * @run: a run
 * @out: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes one CSV row per group model.  Coefficients have one column per
 * feature (`coef_LogP`, `coef_C`, `coef_DB`), empty for features the model
 * does not use.  Numbers are written with full precision.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_csv_models (GwRun          *run,
                      GOutputStream  *out,
                      GCancellable   *cancellable,
                      GError        **error)
{
  guint n_models;
  GwOut o;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n_models = gw_run_get_n_models (run);
  gw_out_init (&o, out, cancellable);

  gw_out_str (&o, "group,level,accepted,n_rows,n_anchors,features,cv_r2,r2,adj_r2,rmse,"
                  "alpha,lambda,scale,intercept");
  for (guint f = 0; f < GW_N_FEATURES; f++)
    {
      gw_out_str (&o, ",coef_");
      gw_out_str (&o, gw_feature_to_string (f));
    }
  gw_out_str (&o, ",intercept_std");
  for (guint f = 0; f < GW_N_FEATURES; f++)
    {
      gw_out_str (&o, ",coef_std_");
      gw_out_str (&o, gw_feature_to_string (f));
    }
  gw_out_str (&o, ",equation,warning\n");

  for (guint i = 0; i < n_models; i++)
    {
      const GwModel *m = gw_run_get_model (run, i);
      double coef[GW_N_FEATURES];
      double coef_std[GW_N_FEATURES];
      const double values[] = {
        m->cv_r2, m->r2, m->adj_r2, m->rmse, m->alpha, m->lambda, m->scale, m->intercept,
      };

      for (guint f = 0; f < GW_N_FEATURES; f++)
        coef[f] = coef_std[f] = NAN;
      for (guint j = 0; j < m->n_features && j < GW_N_FEATURES; j++)
        {
          coef[m->features[j]] = m->coef[j];
          coef_std[m->features[j]] = m->coef_std[j];
        }

      csv_field (&o, m->group_name);
      gw_out_c (&o, ',');
      gw_out_str (&o, gw_model_level_to_string (m->level));
      gw_out_c (&o, ',');
      gw_out_str (&o, m->accepted ? "true" : "false");
      gw_out_c (&o, ',');
      gw_out_int (&o, m->n_rows);
      gw_out_c (&o, ',');
      gw_out_int (&o, m->n_anchors);
      gw_out_c (&o, ',');
      for (guint j = 0; j < m->n_features && j < GW_N_FEATURES; j++)
        {
          if (j > 0)
            gw_out_c (&o, ';');
          gw_out_str (&o, gw_feature_to_string (m->features[j]));
        }
      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        {
          gw_out_c (&o, ',');
          gw_out_roundtrip (&o, values[j]);
        }
      for (guint f = 0; f < GW_N_FEATURES; f++)
        {
          gw_out_c (&o, ',');
          gw_out_roundtrip (&o, coef[f]);
        }
      gw_out_c (&o, ',');
      gw_out_roundtrip (&o, m->intercept_std);
      for (guint f = 0; f < GW_N_FEATURES; f++)
        {
          gw_out_c (&o, ',');
          gw_out_roundtrip (&o, coef_std[f]);
        }
      gw_out_c (&o, ',');
      csv_field (&o, m->equation);
      gw_out_c (&o, ',');
      csv_field (&o, m->warning);
      gw_out_c (&o, '\n');
    }

  return gw_out_finish (&o, error);
}
