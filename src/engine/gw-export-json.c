/* gw-export-json.c: write a run as one JSON document
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document is written directly, without building a tree, so a
 * million-row run costs no more memory than the output buffer.  Numbers
 * are written so that they read back as exactly the same double; values
 * that do not apply (NaN, no row) are null.  The layout:
 *
 *   { "format": "ganglioside-workbench-run", "format_version": 1,
 *     "run": { preset, parameters, version, input, start_time, end_time,
 *              counts, warnings },
 *     "models": [ … ],
 *     "reports": { oac, coelution, sugar_rt, category_means,
 *                  category_inversions, mod_shifts,
 *                  cross_category_inversions },
 *     "rows": [ { the CSV columns as keys, "extra": { … } }, … ] }
 *
 * The input's extra columns go in a nested "extra" object so that an
 * input column called, say, "status" cannot collide with ours.  Rows refer
 * to other rows by their 1-based input line, as in the CSV.
 */

#define G_LOG_DOMAIN "gw-export"

#include "config.h"

#include <math.h>

#include "gw-export.h"
#include "gw-export-private.h"
#include "gw-run-private.h"
#include "gw-analysis.h"

static void
json_string_len (GwOut      *o,
                 const char *s,
                 gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  g_autofree char *valid = NULL;
  const char *run_start;
  const char *end;

  /* The table validates its input, but an export must be valid JSON
   * whatever it is given. */
  if (!g_utf8_validate_len (s, len, NULL))
    {
      valid = g_utf8_make_valid (s, (gssize) len);
      s = valid;
      len = strlen (valid);
    }

  gw_out_c (o, '"');
  run_start = s;
  end = s + len;
  for (const char *p = s; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      gw_out_write (o, run_start, (gsize) (p - run_start));
      run_start = p + 1;
      gw_out_c (o, '\\');
      switch (c)
        {
        case '"': gw_out_c (o, '"'); break;
        case '\\': gw_out_c (o, '\\'); break;
        case '\n': gw_out_c (o, 'n'); break;
        case '\r': gw_out_c (o, 'r'); break;
        case '\t': gw_out_c (o, 't'); break;
        case '\b': gw_out_c (o, 'b'); break;
        case '\f': gw_out_c (o, 'f'); break;
        default:
          gw_out_str (o, "u00");
          gw_out_c (o, hex[c >> 4]);
          gw_out_c (o, hex[c & 0xf]);
          break;
        }
    }
  gw_out_write (o, run_start, (gsize) (end - run_start));
  gw_out_c (o, '"');
}

/* A string, or null for NULL. */
static void
json_string (GwOut      *o,
             const char *s)
{
  if (s == NULL)
    gw_out_str (o, "null");
  else
    json_string_len (o, s, strlen (s));
}

/* A string, or null for NULL and "". */
static void
json_text (GwOut      *o,
           const char *s)
{
  json_string (o, s != NULL && *s != '\0' ? s : NULL);
}

static void
json_bool (GwOut    *o,
           gboolean  b)
{
  gw_out_str (o, b ? "true" : "false");
}

/* Writes `"key":` after a comma unless @first. */
static void
json_key (GwOut      *o,
          gboolean   *first,
          const char *key)
{
  if (first != NULL)
    {
      if (!*first)
        gw_out_c (o, ',');
      *first = FALSE;
    }
  json_string (o, key);
  gw_out_c (o, ':');
}

/* "key":value members: json_key() and the value. */
static void
json_member_string (GwOut      *o,
                    gboolean   *first,
                    const char *key,
                    const char *s)
{
  json_key (o, first, key);
  json_string (o, s);
}

static void
json_member_text (GwOut      *o,
                  gboolean   *first,
                  const char *key,
                  const char *s)
{
  json_key (o, first, key);
  json_text (o, s);
}

static void
json_member_number (GwOut      *o,
                    gboolean   *first,
                    const char *key,
                    double      v)
{
  json_key (o, first, key);
  gw_out_number_or_null (o, v);
}

static void
json_member_int (GwOut      *o,
                 gboolean   *first,
                 const char *key,
                 gint64      v)
{
  json_key (o, first, key);
  gw_out_int (o, v);
}

static void
json_member_bool (GwOut      *o,
                  gboolean   *first,
                  const char *key,
                  gboolean    b)
{
  json_key (o, first, key);
  json_bool (o, b);
}

static void
json_member_line (GwOut      *o,
                  gboolean   *first,
                  const char *key,
                  GwTable    *table,
                  int         row)
{
  json_key (o, first, key);
  gw_out_line_or_null (o, table, row);
}

static void
json_time (GwOut  *o,
           gint64  usec)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *str = NULL;

  if (usec > 0)
    dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (dt != NULL)
    {
      g_autoptr(GDateTime) precise = g_date_time_add (dt, usec % G_USEC_PER_SEC);

      str = g_date_time_format_iso8601 (precise);
    }
  json_string (o, str);
}

static void
json_member_time (GwOut      *o,
                  gboolean   *first,
                  const char *key,
                  gint64      usec)
{
  json_key (o, first, key);
  json_time (o, usec);
}

static void
write_run (GwOut *o,
           GwRun *run)
{
  GwTable *table = gw_run_get_table (run);
  const GwParams *params = gw_run_get_params (run);
  const char * const *warnings;
  gboolean first = TRUE;
  char delimiter[2] = { gw_table_get_delimiter (table), '\0' };

  gw_out_c (o, '{');
  json_member_string (o, &first, "preset", gw_preset_to_string (params->preset));
  json_key (o, &first, "parameters");
  {
    gboolean f = TRUE;

    gw_out_c (o, '{');
    json_member_number (o, &f, "r2_threshold", params->r2_threshold);
    json_member_number (o, &f, "outlier_threshold", params->outlier_threshold);
    json_member_number (o, &f, "rt_tolerance", params->rt_tolerance);
    if (params->preset == GW_PRESET_ROBUST)
      {
        json_member_number (o, &f, "anchor_weight", params->anchor_weight);
        json_member_number (o, &f, "isomer_window_min", params->isomer_window_min);
        json_member_number (o, &f, "isomer_window_max", params->isomer_window_max);
      }
    gw_out_c (o, '}');
  }
  json_member_string (o, &first, "version", gw_run_get_version (run));
  json_key (o, &first, "input");
  {
    gboolean f = TRUE;

    gw_out_c (o, '{');
    json_member_string (o, &f, "name", gw_table_get_display_name (table));
    json_member_string (o, &f, "sha256", gw_table_get_sha256 (table));
    json_member_int (o, &f, "rows", gw_table_get_n_rows (table));
    json_member_int (o, &f, "valid_rows", gw_table_get_n_valid (table));
    json_member_int (o, &f, "invalid_rows", gw_table_get_n_invalid (table));
    json_member_int (o, &f, "anchors", gw_table_get_n_anchors (table));
    json_member_string (o, &f, "delimiter", delimiter);
    json_member_bool (o, &f, "decimal_comma", gw_table_get_decimal_comma (table));
    gw_out_c (o, '}');
  }
  json_member_time (o, &first, "start_time", gw_run_get_start_time (run));
  json_member_time (o, &first, "end_time", gw_run_get_end_time (run));
  json_member_int (o, &first, "n_rows", gw_run_get_n_rows (run));
  json_key (o, &first, "counts");
  {
    gboolean f = TRUE;

    gw_out_c (o, '{');
    for (guint s = 0; s < GW_N_STATUSES; s++)
      {
        json_member_int (o, &f, gw_status_to_string (s), gw_run_get_status_count (run, s));
      }
    gw_out_c (o, '}');
  }
  /* The run's warnings include the table's. */
  json_key (o, &first, "warnings");
  gw_out_c (o, '[');
  warnings = gw_run_get_warnings_list (run);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    {
      if (i > 0)
        gw_out_c (o, ',');
      json_string (o, warnings[i]);
    }
  gw_out_c (o, ']');
  gw_out_c (o, '}');
}

static void
write_coefficients (GwOut         *o,
                    const GwModel *m,
                    const double  *coef)
{
  gw_out_c (o, '{');
  for (guint j = 0; j < m->n_features && j < GW_N_FEATURES; j++)
    {
      if (j > 0)
        gw_out_c (o, ',');
      json_member_number (o, NULL, gw_feature_to_string (m->features[j]), coef[j]);
    }
  gw_out_c (o, '}');
}

static void
write_models (GwOut *o,
              GwRun *run)
{
  guint n = gw_run_get_n_models (run);

  gw_out_c (o, '[');
  for (guint i = 0; i < n; i++)
    {
      const GwModel *m = gw_run_get_model (run, i);
      gboolean first = TRUE;

      if (i > 0)
        gw_out_c (o, ',');
      gw_out_str (o, "\n  {");
      json_member_string (o, &first, "group", m->group_name);
      json_member_string (o, &first, "level", gw_model_level_to_string (m->level));
      json_member_bool (o, &first, "accepted", m->accepted);
      json_member_int (o, &first, "n_rows", m->n_rows);
      json_member_int (o, &first, "n_anchors", m->n_anchors);
      json_key (o, &first, "features");
      gw_out_c (o, '[');
      for (guint j = 0; j < m->n_features && j < GW_N_FEATURES; j++)
        {
          if (j > 0)
            gw_out_c (o, ',');
          json_string (o, gw_feature_to_string (m->features[j]));
        }
      gw_out_c (o, ']');
      json_member_number (o, &first, "cv_r2", m->cv_r2);
      json_member_number (o, &first, "r2", m->r2);
      json_member_number (o, &first, "adj_r2", m->adj_r2);
      json_member_number (o, &first, "rmse", m->rmse);
      json_member_number (o, &first, "alpha", m->alpha);
      json_member_number (o, &first, "lambda", m->lambda);
      json_member_number (o, &first, "scale", m->scale);
      json_member_number (o, &first, "intercept", m->intercept);
      json_key (o, &first, "coefficients");
      write_coefficients (o, m, m->coef);
      json_member_number (o, &first, "intercept_std", m->intercept_std);
      json_key (o, &first, "coefficients_std");
      write_coefficients (o, m, m->coef_std);
      json_member_string (o, &first, "equation", m->equation);
      json_member_string (o, &first, "warning", m->warning);
      gw_out_c (o, '}');
    }
  gw_out_str (o, n > 0 ? "\n]" : "]");
}

static const char *
oac_flag_to_string (GwOacFlag flag)
{
  switch (flag)
    {
    case GW_OAC_OK:
      return "ok";
    case GW_OAC_NO_BASE:
      return "no_base";
    case GW_OAC_RT_NOT_RAISED:
      return "rt_not_raised";
    case GW_OAC_SHIFT_OUT_OF_RANGE:
      return "shift_out_of_range";
    default:
      return "unknown";
    }
}

/* Opens `"name":[`, after a comma unless it is the first report. */
static void
begin_report (GwOut      *o,
              gboolean   *first,
              const char *name)
{
  if (!*first)
    gw_out_c (o, ',');
  *first = FALSE;
  gw_out_str (o, "\n  ");
  json_key (o, NULL, name);
  gw_out_c (o, '[');
}

static void
item_sep (GwOut *o,
          guint  i)
{
  gw_out_str (o, i > 0 ? ",\n    {" : "\n    {");
}

static void
write_reports (GwOut *o,
               GwRun *run)
{
  GwTable *table = gw_run_get_table (run);
  gboolean first = TRUE;
  guint n;

  gw_out_c (o, '{');

  {
    const GwOacPair *pairs = gw_run_get_oac_pairs (run, &n);

    begin_report (o, &first, "oac");
    for (guint i = 0; i < n && o->error == NULL; i++)
      {
        gboolean f = TRUE;

        item_sep (o, i);
        json_member_line (o, &f, "line", table, (int) pairs[i].row);
        json_member_line (o, &f, "base_line", table, pairs[i].base_row);
        json_member_int (o, &f, "n_oac", pairs[i].n_oac);
        json_member_number (o, &f, "delta_rt", pairs[i].delta_rt);
        json_member_string (o, &f, "flag", oac_flag_to_string (pairs[i].flag));
        gw_out_c (o, '}');
      }
    gw_out_c (o, ']');
  }

  {
    const GwCoelutionSet *sets = gw_run_get_coelution_sets (run, &n);

    begin_report (o, &first, "coelution");
    for (guint i = 0; i < n && o->error == NULL; i++)
      {
        gboolean f = TRUE;

        item_sep (o, i);
        json_key (o, &f, "lines");
        gw_out_c (o, '[');
        for (guint j = 0; j < sets[i].n_members; j++)
          {
            if (j > 0)
              gw_out_c (o, ',');
            gw_out_line_or_null (o, table, (int) sets[i].members[j]);
          }
        gw_out_c (o, ']');
        json_member_line (o, &f, "top_line", table, (int) sets[i].top_row);
        json_member_number (o, &f, "summed_volume", sets[i].summed_volume);
        json_member_number (o, &f, "rt_span", sets[i].rt_span);
        gw_out_c (o, '}');
      }
    gw_out_c (o, ']');
  }

  {
    const GwSugarRtFinding *findings = gw_run_get_sugar_rt_findings (run, &n);

    begin_report (o, &first, "sugar_rt");
    for (guint i = 0; i < n && o->error == NULL; i++)
      {
        gboolean f = TRUE;

        item_sep (o, i);
        json_member_string (o, &f, "ceramide", findings[i].ceramide);
        json_member_int (o, &f, "n", findings[i].n);
        json_member_int (o, &f, "n_sugar_values", findings[i].n_sugar_values);
        json_member_number (o, &f, "r", findings[i].r);
        json_member_number (o, &f, "p", findings[i].p);
        json_member_bool (o, &f, "flagged", findings[i].flagged);
        gw_out_c (o, '}');
      }
    gw_out_c (o, ']');
  }

  {
    const GwCategoryMean *means = gw_run_get_category_means (run, &n);

    begin_report (o, &first, "category_means");
    for (guint i = 0; i < n; i++)
      {
        gboolean f = TRUE;

        item_sep (o, i);
        json_member_string (o, &f, "category", gw_category_to_string (means[i].category));
        json_member_string (o, &f, "name", gw_category_get_display_name (means[i].category));
        json_member_int (o, &f, "n", means[i].n);
        json_member_number (o, &f, "mean_rt", means[i].mean_rt);
        gw_out_c (o, '}');
      }
    gw_out_c (o, ']');
  }

  {
    const GwCategoryInversion *inv = gw_run_get_category_inversions (run, &n);

    begin_report (o, &first, "category_inversions");
    for (guint i = 0; i < n; i++)
      {
        gboolean f = TRUE;

        item_sep (o, i);
        json_member_string (o, &f, "earlier_expected", gw_category_to_string (inv[i].earlier_expected));
        json_member_string (o, &f, "later_expected", gw_category_to_string (inv[i].later_expected));
        json_member_number (o, &f, "mean_rt_earlier_expected", inv[i].mean_rt_earlier_expected);
        json_member_number (o, &f, "mean_rt_later_expected", inv[i].mean_rt_later_expected);
        gw_out_c (o, '}');
      }
    gw_out_c (o, ']');
  }

  {
    const GwModShift *shifts = gw_run_get_mod_shifts (run, &n);

    begin_report (o, &first, "mod_shifts");
    for (guint i = 0; i < n && o->error == NULL; i++)
      {
        gboolean f = TRUE;

        item_sep (o, i);
        json_member_line (o, &f, "line", table, (int) shifts[i].row);
        json_member_line (o, &f, "base_line", table, (int) shifts[i].base_row);
        json_member_string (o, &f, "modification", gw_mod_kind_to_string (shifts[i].mod));
        json_member_int (o, &f, "count", shifts[i].count);
        json_member_number (o, &f, "shift_per_mod", shifts[i].shift_per_mod);
        json_member_int (o, &f, "expected_sign", shifts[i].expected_sign);
        json_member_bool (o, &f, "flagged", shifts[i].flagged);
        gw_out_c (o, '}');
      }
    gw_out_c (o, ']');
  }

  {
    const GwCrossCategoryInversion *inv = gw_run_get_cross_category_inversions (run, &n);

    begin_report (o, &first, "cross_category_inversions");
    for (guint i = 0; i < n && o->error == NULL; i++)
      {
        gboolean f = TRUE;

        item_sep (o, i);
        json_member_string (o, &f, "ceramide", inv[i].ceramide);
        json_member_line (o, &f, "line_more_sialic", table, (int) inv[i].row_more_sialic);
        json_member_line (o, &f, "line_fewer_sialic", table, (int) inv[i].row_fewer_sialic);
        json_member_number (o, &f, "rt_more_sialic", inv[i].rt_more_sialic);
        json_member_number (o, &f, "rt_fewer_sialic", inv[i].rt_fewer_sialic);
        gw_out_c (o, '}');
      }
    gw_out_c (o, ']');
  }

  gw_out_str (o, "\n}");
}

/* An input number: the value when it was read, else the cell as text so
 * that nothing of a bad row is lost. */
static void
json_input_number (GwOut      *o,
                   double      value,
                   const char *cell)
{
  if (isfinite (value))
    gw_out_roundtrip (o, value);
  else
    json_text (o, cell);
}

/* The project context: "project", "run_id", "author" and, with a
 * curation, its log, next to "run". */
static void
write_context (GwOut                 *o,
               const GwExportContext *context)
{
  const GwExportCuration *cur = context->curation;

  gw_out_str (o, ",\n\"project\":{\"name\":");
  json_string (o, context->project);
  gw_out_str (o, ",\"run_id\":");
  json_string (o, context->run_id);
  gw_out_str (o, ",\"author\":");
  json_string (o, context->author);
  gw_out_str (o, ",\"curation_log\":");
  if (cur == NULL)
    gw_out_str (o, "null");
  else
    {
      gw_out_c (o, '[');
      for (guint i = 0; i < cur->n_log; i++)
        {
          const GwExportCurationEntry *e = &cur->log[i];
          gboolean first = TRUE;

          gw_out_str (o, i > 0 ? ",\n{" : "\n{");
          json_member_time (o, &first, "time", e->time);
          json_key (o, &first, "row");
          if (e->row >= 0)
            gw_out_int (o, e->row);
          else
            gw_out_str (o, "null");
          json_member_string (o, &first, "action", e->action);
          json_member_text (o, &first, "reason", e->reason);
          json_member_text (o, &first, "author", e->author);
          gw_out_c (o, '}');
        }
      gw_out_c (o, ']');
    }
  gw_out_c (o, '}');
}

/* "effective_status", "curated" and "curation" of one row. */
static void
write_row_curation (GwOut                  *o,
                    const GwExportCuration *cur,
                    GwRun                  *run,
                    guint                   row)
{
  gboolean curated = cur->status != NULL && cur->status[row] != NULL;

  gw_out_str (o, ",\"effective_status\":");
  json_string (o, gw_export_curation_get_effective_status (cur, run, row));
  gw_out_str (o, ",\"curated\":");
  json_bool (o, curated);
  gw_out_str (o, ",\"curation\":");
  if (!curated)
    {
      gw_out_str (o, "null");
      return;
    }
  gw_out_str (o, "{\"reason\":");
  json_text (o, cur->reason != NULL ? cur->reason[row] : NULL);
  gw_out_str (o, ",\"author\":");
  json_text (o, cur->author != NULL ? cur->author[row] : NULL);
  gw_out_str (o, ",\"time\":");
  json_time (o, cur->time != NULL ? cur->time[row] : 0);
  gw_out_c (o, '}');
}

static void
write_row (GwOut                  *o,
           GwRun                  *run,
           GwTable                *table,
           const GwExportCuration *cur,
           GwWarningsCache        *warnings_cache,
           guint                   row)
{
  GwStatus status = gw_run_get_status (run, row);
  const GwName *name = gw_table_get_parsed_name (table, row);
  int group = gw_table_get_group (table, row);
  guint warnings = gw_run_get_warnings (run, row);
  guint n_extra = gw_table_get_n_extra_columns (table);
  gboolean valid = gw_table_is_valid (table, row);
  GwReasonBuf reason_buf;

  gw_out_str (o, "{\"line\":");
  gw_out_int (o, gw_table_get_line (table, row));
  gw_out_str (o, ",\"Name\":");
  json_string (o, gw_table_get_cell (table, row, GW_COLUMN_NAME));
  gw_out_str (o, ",\"RT\":");
  json_input_number (o, gw_table_get_rt (table, row), gw_table_get_cell (table, row, GW_COLUMN_RT));
  gw_out_str (o, ",\"Volume\":");
  json_input_number (o, gw_table_get_volume (table, row), gw_table_get_cell (table, row, GW_COLUMN_VOLUME));
  gw_out_str (o, ",\"Log P\":");
  json_input_number (o, gw_table_get_logp (table, row), gw_table_get_cell (table, row, GW_COLUMN_LOGP));
  gw_out_str (o, ",\"Anchor\":");
  if (valid)
    json_bool (o, gw_table_is_anchor (table, row));
  else
    json_text (o, gw_table_get_cell (table, row, GW_COLUMN_ANCHOR));
  gw_out_str (o, ",\"status\":");
  json_string (o, gw_status_to_string (status));
  gw_out_str (o, ",\"reason\":");
  json_text (o, gw_run_peek_reason (run, row, &reason_buf));
  gw_out_str (o, ",\"group\":");
  json_string (o, group >= 0 ? gw_table_get_group_name (table, (guint) group) : NULL);
  gw_out_str (o, ",\"model_level\":");
  json_string (o, status != GW_STATUS_INVALID ?
                    gw_model_level_to_string (gw_run_get_model_level (run, row)) : NULL);
  gw_out_str (o, ",\"predicted_rt\":");
  gw_out_number_or_null (o, gw_run_get_predicted (run, row));
  gw_out_str (o, ",\"residual\":");
  gw_out_number_or_null (o, gw_run_get_residual (run, row));
  gw_out_str (o, ",\"z\":");
  gw_out_number_or_null (o, gw_run_get_z (run, row));
  gw_out_str (o, ",\"pi_low\":");
  gw_out_number_or_null (o, gw_run_get_pi_low (run, row));
  gw_out_str (o, ",\"pi_high\":");
  gw_out_number_or_null (o, gw_run_get_pi_high (run, row));
  gw_out_str (o, ",\"confidence\":");
  gw_out_number_or_null (o, gw_run_get_confidence (run, row));
  gw_out_str (o, ",\"fragment_of\":");
  gw_out_line_or_null (o, table, gw_run_get_fragment_of (run, row));
  gw_out_str (o, ",\"fragment_parent_volume\":");
  gw_out_number_or_null (o, gw_run_get_fragment_parent_volume (run, row));
  gw_out_str (o, ",\"isomer_of\":");
  gw_out_line_or_null (o, table, gw_run_get_isomer_of (run, row));
  if (name != NULL)
    {
      gw_out_str (o, ",\"sialic\":");
      gw_out_int (o, name->sialic);
      gw_out_str (o, ",\"sugars\":");
      gw_out_int (o, gw_name_get_sugars (name));
      gw_out_str (o, ",\"can_have_isomers\":");
      json_bool (o, gw_name_can_have_isomers (name));
      gw_out_str (o, ",\"category\":");
      json_string (o, gw_category_to_string (gw_name_get_category (name)));
      gw_out_str (o, ",\"modifications\":{");
      for (guint k = 0, n = 0; k < GW_N_MODS; k++)
        {
          if (name->mods[k] == 0)
            continue;
          if (n++ > 0)
            gw_out_c (o, ',');
          json_member_int (o, NULL, gw_mod_kind_to_string (k), name->mods[k]);
        }
      gw_out_c (o, '}');
    }
  else
    gw_out_str (o, ",\"sialic\":null,\"sugars\":null,\"can_have_isomers\":null,"
                   "\"category\":null,\"modifications\":null");
  gw_out_str (o, ",\"oac_base\":");
  gw_out_line_or_null (o, table, gw_run_get_oac_base (run, row));
  gw_out_str (o, ",\"oac_shift\":");
  gw_out_number_or_null (o, gw_run_get_oac_shift (run, row));
  gw_out_str (o, ",\"warnings\":");
  if (warnings != 0)
    {
      g_autofree char *owned = NULL;

      json_text (o, gw_warnings_cache_get (warnings_cache, run, row, warnings, &owned));
    }
  else
    gw_out_str (o, "null");
  if (cur != NULL)
    write_row_curation (o, cur, run, row);
  if (n_extra > 0)
    {
      gw_out_str (o, ",\"extra\":{");
      for (guint c = 0; c < n_extra; c++)
        {
          if (c > 0)
            gw_out_c (o, ',');
          json_member_string (o, NULL, gw_table_get_extra_column_name (table, c),
                              gw_table_get_extra_cell (table, row, c));
        }
      gw_out_c (o, '}');
    }
  gw_out_c (o, '}');
}

/**
 * gw_export_json:
 * @run: a run
 * @out: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes @run as one JSON document: run, models, side reports and rows.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_json (GwRun          *run,
                GOutputStream  *out,
                GCancellable   *cancellable,
                GError        **error)
{
  return gw_export_json_full (run, NULL, out, cancellable, error);
}

/**
 * gw_export_json_full:
 * @run: a run
 * @context: (nullable): project, run ID and curation
 * @out: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * gw_export_json() plus, with a context, a "project" object (name, run ID,
 * author, curation log) and per row "effective_status", "curated" and
 * "curation".
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_json_full (GwRun                 *run,
                     const GwExportContext *context,
                     GOutputStream         *out,
                     GCancellable          *cancellable,
                     GError               **error)
{
  const GwExportCuration *cur = context != NULL ? context->curation : NULL;
  GwTable *table;
  guint n_rows;
  GwWarningsCache warnings_cache = { { NULL } };
  GwOut o;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  table = gw_run_get_table (run);
  n_rows = gw_run_get_n_rows (run);

  gw_out_init (&o, out, cancellable);

  gw_out_str (&o, "{\"format\":\"ganglioside-workbench-run\",\"format_version\":1,\n\"run\":");
  write_run (&o, run);
  if (context != NULL)
    write_context (&o, context);
  gw_out_str (&o, ",\n\"models\":");
  write_models (&o, run);
  gw_out_str (&o, ",\n\"reports\":");
  write_reports (&o, run);
  gw_out_str (&o, ",\n\"rows\":[");
  for (guint row = 0; row < n_rows && o.error == NULL; row++)
    {
      gw_out_str (&o, row > 0 ? ",\n" : "\n");
      write_row (&o, run, table, cur, &warnings_cache, row);
    }
  gw_out_str (&o, "\n]}\n");
  gw_warnings_cache_clear (&warnings_cache);

  return gw_out_finish (&o, error);
}
