/* gw-export-xlsx.c: write a run as an Excel workbook (libxlsxwriter)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four sheets:
 *
 *   Compounds  one row per input row, the CSV export's columns in the same
 *              order (then the curation columns when a curation is given,
 *              then the input's extra columns).  Numbers are numeric cells,
 *              never text, so a spreadsheet can sort and sum them; an input
 *              cell that was not a number keeps its text.  The status cell
 *              (and the effective status cell) is coloured, the header row
 *              is frozen and carries an autofilter.
 *   Models     one row per group model, as the models CSV.
 *   Rules      the side reports, one block per rule with its own header.
 *   Run        preset, parameters, version, input name and SHA-256, times,
 *              counts and warnings, as name/value pairs.
 *
 * The workbook is written in libxlsxwriter's constant-memory mode: rows go
 * to disk as they are written, so a million-row run does not hold a
 * million rows of cells in memory.  That mode requires writing each sheet
 * row by row, top to bottom, which is what this file does.
 */

#define G_LOG_DOMAIN "gw-export"

#include "config.h"

#include <math.h>

#include <xlsxwriter.h>

#include "gw-export.h"
#include "gw-export-private.h"
#include "gw-analysis.h"

/* Excel's own cell-text limit is 32767 characters. */
#define XLSX_MAX_STRING 32767

typedef struct
{
  lxw_workbook  *wb;
  lxw_worksheet *ws;
  GCancellable  *cancellable;
  lxw_error      error;          /* the first libxlsxwriter error */
  lxw_row_t      row;            /* the next row of the current sheet */

  lxw_format    *header;
  lxw_format    *title;
  lxw_format    *wrap;
  lxw_format    *datetime;
  lxw_format    *status[GW_N_STATUSES];
  lxw_format    *accepted;
  lxw_format    *rejected;
} Xlsx;

/* Light fills, one per status, so that black text stays readable; the hues
 * follow the plot theme's status colours. */
static const guint32 status_fill[GW_N_STATUSES] = {
  0xDCEFE3,   /* valid */
  0xF6D5D1,   /* outlier */
  0xFBE8C2,   /* fragment */
  0xE6DEF2,   /* isomer */
  0xE8E9EA,   /* insufficient */
  0xE3D8D4,   /* invalid */
};

static void
check (Xlsx      *x,
       lxw_error  err)
{
  if (x->error == LXW_NO_ERROR && err != LXW_NO_ERROR)
    x->error = err;
}

static void
cell_string (Xlsx       *x,
             lxw_col_t   col,
             const char *s,
             lxw_format *format)
{
  g_autofree char *valid = NULL;

  if (s == NULL || *s == '\0')
    {
      if (format != NULL)
        check (x, worksheet_write_blank (x->ws, x->row, col, format));
      return;
    }

  /* The table validates its input, but a workbook must be valid UTF-8
   * whatever it is given, and Excel refuses over-long cells. */
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  if (strlen (s) > XLSX_MAX_STRING)
    {
      /* Cut at a character boundary at or before the limit. */
      const char *end = g_utf8_find_prev_char (s, s + XLSX_MAX_STRING + 1);
      char *cut = g_strndup (s, (gsize) (end - s));

      g_free (valid);
      s = valid = cut;
    }
  check (x, worksheet_write_string (x->ws, x->row, col, s, format));
}

/* A number, or an empty cell when it does not apply. */
static void
cell_number (Xlsx      *x,
             lxw_col_t  col,
             double     v)
{
  if (isfinite (v))
    check (x, worksheet_write_number (x->ws, x->row, col, v, NULL));
}

/* An input number: the value when the table could read it, else the raw
 * text of the cell, so nothing of the input is lost. */
static void
cell_input_number (Xlsx       *x,
                   lxw_col_t   col,
                   double      v,
                   const char *raw)
{
  if (isfinite (v))
    check (x, worksheet_write_number (x->ws, x->row, col, v, NULL));
  else
    cell_string (x, col, raw, NULL);
}

/* The 1-based input line of @row, as in the CSV. */
static void
cell_line (Xlsx      *x,
           lxw_col_t  col,
           GwTable   *table,
           int        row)
{
  if (row >= 0)
    check (x, worksheet_write_number (x->ws, x->row, col,
                                      gw_table_get_line (table, (guint) row), NULL));
}

static void
cell_bool (Xlsx      *x,
           lxw_col_t  col,
           gboolean   b)
{
  check (x, worksheet_write_boolean (x->ws, x->row, col, b ? 1 : 0, NULL));
}

/* µs since the epoch as an Excel date-time (UTC). */
static void
cell_time (Xlsx      *x,
           lxw_col_t  col,
           gint64     usec)
{
  g_autoptr(GDateTime) dt = NULL;
  lxw_datetime when;

  if (usec <= 0)
    return;
  dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (dt == NULL)
    return;
  when.year = g_date_time_get_year (dt);
  when.month = g_date_time_get_month (dt);
  when.day = g_date_time_get_day_of_month (dt);
  when.hour = g_date_time_get_hour (dt);
  when.min = g_date_time_get_minute (dt);
  when.sec = g_date_time_get_second (dt);
  check (x, worksheet_write_datetime (x->ws, x->row, col, &when, x->datetime));
}

static void
header_row (Xlsx               *x,
            const char * const *names,
            guint               n)
{
  for (guint c = 0; c < n; c++)
    cell_string (x, c, names[c], x->header);
  x->row++;
}

static lxw_format *
status_format (Xlsx       *x,
               const char *status)
{
  GwStatus s;

  if (g_strcmp0 (status, "accepted") == 0)
    return x->accepted;
  if (g_strcmp0 (status, "rejected") == 0)
    return x->rejected;
  if (status != NULL && gw_status_from_string (status, &s))
    return x->status[s];
  return NULL;
}

static gboolean
cancelled (Xlsx    *x,
           GError **error)
{
  return g_cancellable_set_error_if_cancelled (x->cancellable, error);
}

static void
make_formats (Xlsx *x)
{
  x->header = workbook_add_format (x->wb);
  format_set_bold (x->header);
  format_set_bg_color (x->header, 0xDEDDDA);
  format_set_bottom (x->header, LXW_BORDER_THIN);

  x->title = workbook_add_format (x->wb);
  format_set_bold (x->title);
  format_set_font_size (x->title, 12);

  x->wrap = workbook_add_format (x->wb);
  format_set_text_wrap (x->wrap);
  format_set_align (x->wrap, LXW_ALIGN_VERTICAL_TOP);

  x->datetime = workbook_add_format (x->wb);
  format_set_num_format (x->datetime, "yyyy-mm-dd hh:mm:ss");

  for (guint s = 0; s < GW_N_STATUSES; s++)
    {
      x->status[s] = workbook_add_format (x->wb);
      format_set_bg_color (x->status[s], status_fill[s]);
    }
  x->accepted = workbook_add_format (x->wb);
  format_set_bg_color (x->accepted, 0xC8E6C9);
  format_set_bold (x->accepted);
  x->rejected = workbook_add_format (x->wb);
  format_set_bg_color (x->rejected, 0xF4C7C3);
  format_set_bold (x->rejected);
}

/* "2OAc+dHex", as the CSV writes modifications. */
static char *
format_mods (const GwName *name)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < GW_N_MODS; k++)
    {
      if (name->mods[k] == 0)
        continue;
      if (s->len > 0)
        g_string_append_c (s, '+');
      if (name->mods[k] > 1)
        g_string_append_printf (s, "%u", name->mods[k]);
      g_string_append (s, gw_mod_kind_to_string (k));
    }
  return g_string_free (s, FALSE);
}

static gboolean
write_compounds (Xlsx                   *x,
                 GwRun                  *run,
                 const GwExportCuration *cur,
                 GError                **error)
{
  GwTable *table = gw_run_get_table (run);
  guint n_rows = gw_run_get_n_rows (run);
  guint n_extra = gw_table_get_n_extra_columns (table);
  g_auto(GStrv) base = g_strsplit (GW_EXPORT_CSV_COLUMNS, ",", -1);
  g_auto(GStrv) curation = g_strsplit (GW_EXPORT_CURATION_COLUMNS, ",", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  lxw_col_t status_col = 0;
  lxw_col_t col;

  x->ws = workbook_add_worksheet (x->wb, "Compounds");
  x->row = 0;

  for (guint i = 0; base[i] != NULL; i++)
    {
      if (strcmp (base[i], "status") == 0)
        status_col = (lxw_col_t) i;
      g_ptr_array_add (names, base[i]);
    }
  if (cur != NULL)
    for (guint i = 0; curation[i] != NULL; i++)
      g_ptr_array_add (names, curation[i]);
  for (guint c = 0; c < n_extra; c++)
    g_ptr_array_add (names, (gpointer) gw_table_get_extra_column_name (table, c));

  /* Freeze panes and the filter must be set before rows are streamed. */
  worksheet_freeze_panes (x->ws, 1, 2);
  check (x, worksheet_autofilter (x->ws, 0, 0, n_rows, (lxw_col_t) (names->len - 1)));
  worksheet_set_column (x->ws, 1, 1, 24, NULL);                         /* Name */
  worksheet_set_column (x->ws, status_col, status_col, 12, NULL);
  worksheet_set_column (x->ws, status_col + 1, status_col + 1, 48, NULL); /* reason */
  worksheet_set_column (x->ws, status_col + 2, status_col + 2, 14, NULL); /* group */
  if (cur != NULL)
    {
      lxw_col_t first = g_strv_length (base);

      worksheet_set_column (x->ws, first, first, 14, NULL);
      worksheet_set_column (x->ws, first + 2, first + 2, 40, NULL);
      worksheet_set_column (x->ws, first + 4, first + 4, 19, NULL);
    }

  header_row (x, (const char * const *) names->pdata, names->len);

  for (guint row = 0; row < n_rows && x->error == LXW_NO_ERROR; row++, x->row++)
    {
      GwStatus status = gw_run_get_status (run, row);
      const GwName *name = gw_table_get_parsed_name (table, row);
      int group = gw_table_get_group (table, row);
      guint warnings = gw_run_get_warnings (run, row);

      if ((row & 4095) == 0 && cancelled (x, error))
        return FALSE;

      col = 0;
      check (x, worksheet_write_number (x->ws, x->row, col++, gw_table_get_line (table, row), NULL));
      cell_string (x, col++, gw_table_get_cell (table, row, GW_COLUMN_NAME), NULL);
      cell_input_number (x, col++, gw_table_get_rt (table, row),
                         gw_table_get_cell (table, row, GW_COLUMN_RT));
      cell_input_number (x, col++, gw_table_get_volume (table, row),
                         gw_table_get_cell (table, row, GW_COLUMN_VOLUME));
      cell_input_number (x, col++, gw_table_get_logp (table, row),
                         gw_table_get_cell (table, row, GW_COLUMN_LOGP));
      if (gw_table_is_valid (table, row))
        cell_bool (x, col++, gw_table_is_anchor (table, row));
      else
        cell_string (x, col++, gw_table_get_cell (table, row, GW_COLUMN_ANCHOR), NULL);
      cell_string (x, col++, gw_status_to_string (status), x->status[status]);
      cell_string (x, col++, gw_run_get_reason (run, row), NULL);
      cell_string (x, col++, group >= 0 ? gw_table_get_group_name (table, (guint) group) : NULL, NULL);
      cell_string (x, col++, status != GW_STATUS_INVALID ?
                               gw_model_level_to_string (gw_run_get_model_level (run, row)) : NULL,
                   NULL);
      cell_number (x, col++, gw_run_get_predicted (run, row));
      cell_number (x, col++, gw_run_get_residual (run, row));
      cell_number (x, col++, gw_run_get_z (run, row));
      cell_number (x, col++, gw_run_get_pi_low (run, row));
      cell_number (x, col++, gw_run_get_pi_high (run, row));
      cell_number (x, col++, gw_run_get_confidence (run, row));
      cell_line (x, col++, table, gw_run_get_fragment_of (run, row));
      cell_line (x, col++, table, gw_run_get_isomer_of (run, row));
      if (name != NULL)
        {
          g_autofree char *mods = format_mods (name);

          check (x, worksheet_write_number (x->ws, x->row, col++, name->sialic, NULL));
          check (x, worksheet_write_number (x->ws, x->row, col++, gw_name_get_sugars (name), NULL));
          cell_string (x, col++, gw_category_to_string (gw_name_get_category (name)), NULL);
          cell_string (x, col++, mods, NULL);
        }
      else
        col += 4;
      cell_line (x, col++, table, gw_run_get_oac_base (run, row));
      cell_number (x, col++, gw_run_get_oac_shift (run, row));
      if (warnings != 0)
        {
          g_autofree char *text = gw_run_dup_warnings_text (run, row);

          cell_string (x, col, text, NULL);
        }
      col++;
      if (cur != NULL)
        {
          const char *effective = gw_export_curation_get_effective_status (cur, run, row);
          gboolean curated = cur->status != NULL && cur->status[row] != NULL;

          cell_string (x, col++, effective, status_format (x, effective));
          cell_bool (x, col++, curated);
          cell_string (x, col++, curated && cur->reason != NULL ? cur->reason[row] : NULL, NULL);
          cell_string (x, col++, curated && cur->author != NULL ? cur->author[row] : NULL, NULL);
          if (curated && cur->time != NULL)
            cell_time (x, col, cur->time[row]);
          col++;
        }
      for (guint c = 0; c < n_extra; c++)
        cell_string (x, col++, gw_table_get_extra_cell (table, row, c), NULL);
    }

  return TRUE;
}

static void
write_models (Xlsx  *x,
              GwRun *run)
{
  guint n_models = gw_run_get_n_models (run);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  static const char * const first[] = {
    "group", "level", "accepted", "n_rows", "n_anchors", "features", "cv_r2",
    "r2", "adj_r2", "rmse", "alpha", "lambda", "scale", "intercept",
  };

  x->ws = workbook_add_worksheet (x->wb, "Models");
  x->row = 0;

  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    g_ptr_array_add (names, g_strdup (first[i]));
  for (guint f = 0; f < GW_N_FEATURES; f++)
    g_ptr_array_add (names, g_strconcat ("coef_", gw_feature_to_string (f), NULL));
  g_ptr_array_add (names, g_strdup ("intercept_std"));
  for (guint f = 0; f < GW_N_FEATURES; f++)
    g_ptr_array_add (names, g_strconcat ("coef_std_", gw_feature_to_string (f), NULL));
  g_ptr_array_add (names, g_strdup ("equation"));
  g_ptr_array_add (names, g_strdup ("warning"));

  worksheet_freeze_panes (x->ws, 1, 1);
  check (x, worksheet_autofilter (x->ws, 0, 0, MAX (n_models, 1), (lxw_col_t) (names->len - 1)));
  worksheet_set_column (x->ws, 0, 0, 18, NULL);
  worksheet_set_column (x->ws, names->len - 2, names->len - 2, 40, NULL);
  worksheet_set_column (x->ws, names->len - 1, names->len - 1, 30, NULL);
  header_row (x, (const char * const *) names->pdata, names->len);

  for (guint i = 0; i < n_models; i++, x->row++)
    {
      const GwModel *m = gw_run_get_model (run, i);
      double coef[GW_N_FEATURES];
      double coef_std[GW_N_FEATURES];
      GString *features = g_string_new (NULL);
      const double values[] = {
        m->cv_r2, m->r2, m->adj_r2, m->rmse, m->alpha, m->lambda, m->scale, m->intercept,
      };
      lxw_col_t col = 0;

      for (guint f = 0; f < GW_N_FEATURES; f++)
        coef[f] = coef_std[f] = NAN;
      for (guint j = 0; j < m->n_features && j < GW_N_FEATURES; j++)
        {
          coef[m->features[j]] = m->coef[j];
          coef_std[m->features[j]] = m->coef_std[j];
          if (j > 0)
            g_string_append_c (features, ';');
          g_string_append (features, gw_feature_to_string (m->features[j]));
        }

      cell_string (x, col++, m->group_name, NULL);
      cell_string (x, col++, gw_model_level_to_string (m->level), NULL);
      cell_bool (x, col++, m->accepted);
      check (x, worksheet_write_number (x->ws, x->row, col++, m->n_rows, NULL));
      check (x, worksheet_write_number (x->ws, x->row, col++, m->n_anchors, NULL));
      cell_string (x, col++, features->str, NULL);
      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        cell_number (x, col++, values[j]);
      for (guint f = 0; f < GW_N_FEATURES; f++)
        cell_number (x, col++, coef[f]);
      cell_number (x, col++, m->intercept_std);
      for (guint f = 0; f < GW_N_FEATURES; f++)
        cell_number (x, col++, coef_std[f]);
      cell_string (x, col++, m->equation, NULL);
      cell_string (x, col++, m->warning, NULL);
      g_string_free (features, TRUE);
    }
}

/* A rule's block: a title row, a header row, then its rows. */
static void
rules_block (Xlsx               *x,
             const char         *title,
             const char * const *names,
             guint               n_names,
             guint               n_findings)
{
  if (x->row > 0)
    x->row++;   /* a blank row between blocks */
  cell_string (x, 0, title, x->title);
  x->row++;
  header_row (x, names, n_names);
  if (n_findings == 0)
    {
      cell_string (x, 0, "(none)", NULL);
      x->row++;
    }
}

static const char *
row_name (GwTable *table,
          int      row)
{
  return row >= 0 ? gw_table_get_name (table, (guint) row) : NULL;
}

static void
write_rules (Xlsx  *x,
             GwRun *run)
{
  GwTable *table = gw_run_get_table (run);
  guint n;

  x->ws = workbook_add_worksheet (x->wb, "Rules");
  x->row = 0;
  worksheet_set_column (x->ws, 0, 0, 26, NULL);
  worksheet_set_column (x->ws, 1, 7, 14, NULL);

  {
    const GwOacPair *pairs = gw_run_get_oac_pairs (run, &n);
    static const char * const names[] = {
      "line", "Name", "base_line", "base_name", "n_oac", "delta_rt", "flag",
    };
    static const char * const flags[] = {
      "ok", "no base found", "RT did not increase", "shift outside range",
    };

    rules_block (x, "Rule 4: O-acetylation (OAc row vs its base)", names, G_N_ELEMENTS (names), n);
    for (guint i = 0; i < n; i++, x->row++)
      {
        cell_line (x, 0, table, (int) pairs[i].row);
        cell_string (x, 1, row_name (table, (int) pairs[i].row), NULL);
        cell_line (x, 2, table, pairs[i].base_row);
        cell_string (x, 3, row_name (table, pairs[i].base_row), NULL);
        check (x, worksheet_write_number (x->ws, x->row, 4, pairs[i].n_oac, NULL));
        cell_number (x, 5, pairs[i].delta_rt);
        cell_string (x, 6, pairs[i].flag < G_N_ELEMENTS (flags) ? flags[pairs[i].flag] : NULL,
                     pairs[i].flag != GW_OAC_OK ? x->status[GW_STATUS_OUTLIER] : NULL);
      }
  }

  {
    const GwCoelutionSet *sets = gw_run_get_coelution_sets (run, &n);
    static const char * const names[] = {
      "set", "members (lines)", "member names", "top_line", "top_name", "summed_volume", "rt_span",
    };

    rules_block (x, "Rule 5: co-elution sets (same ceramide within the RT tolerance)",
                 names, G_N_ELEMENTS (names), n);
    for (guint i = 0; i < n; i++, x->row++)
      {
        GString *lines = g_string_new (NULL);
        GString *members = g_string_new (NULL);

        for (guint j = 0; j < sets[i].n_members; j++)
          {
            if (j > 0)
              {
                g_string_append (lines, "; ");
                g_string_append (members, "; ");
              }
            g_string_append_printf (lines, "%u", gw_table_get_line (table, sets[i].members[j]));
            g_string_append (members, gw_table_get_name (table, sets[i].members[j]));
          }
        check (x, worksheet_write_number (x->ws, x->row, 0, i + 1, NULL));
        cell_string (x, 1, lines->str, NULL);
        cell_string (x, 2, members->str, NULL);
        cell_line (x, 3, table, (int) sets[i].top_row);
        cell_string (x, 4, row_name (table, (int) sets[i].top_row), NULL);
        cell_number (x, 5, sets[i].summed_volume);
        cell_number (x, 6, sets[i].rt_span);
        g_string_free (lines, TRUE);
        g_string_free (members, TRUE);
      }
  }

  {
    const GwSugarRtFinding *f = gw_run_get_sugar_rt_findings (run, &n);
    static const char * const names[] = {
      "ceramide", "n", "n_sugar_values", "r", "p", "flagged",
    };

    rules_block (x, "Rule 6: sugar count vs RT per ceramide (r expected negative)",
                 names, G_N_ELEMENTS (names), n);
    for (guint i = 0; i < n; i++, x->row++)
      {
        cell_string (x, 0, f[i].ceramide, NULL);
        check (x, worksheet_write_number (x->ws, x->row, 1, f[i].n, NULL));
        check (x, worksheet_write_number (x->ws, x->row, 2, f[i].n_sugar_values, NULL));
        cell_number (x, 3, f[i].r);
        cell_number (x, 4, f[i].p);
        cell_bool (x, 5, f[i].flagged);
      }
  }

  {
    const GwCategoryMean *m = gw_run_get_category_means (run, &n);
    static const char * const names[] = { "category", "display_name", "n", "mean_rt" };

    rules_block (x, "Rule 7: mean RT per category (expected GP < GQ < GT < GD < GM)",
                 names, G_N_ELEMENTS (names), n);
    for (guint i = 0; i < n; i++, x->row++)
      {
        cell_string (x, 0, gw_category_to_string (m[i].category), NULL);
        cell_string (x, 1, gw_category_get_display_name (m[i].category), NULL);
        check (x, worksheet_write_number (x->ws, x->row, 2, m[i].n, NULL));
        cell_number (x, 3, m[i].mean_rt);
      }
  }

  {
    const GwCategoryInversion *inv = gw_run_get_category_inversions (run, &n);
    static const char * const names[] = {
      "expected_earlier", "expected_later", "mean_rt_expected_earlier", "mean_rt_expected_later",
    };

    rules_block (x, "Rule 7: category order inversions", names, G_N_ELEMENTS (names), n);
    for (guint i = 0; i < n; i++, x->row++)
      {
        cell_string (x, 0, gw_category_to_string (inv[i].earlier_expected), NULL);
        cell_string (x, 1, gw_category_to_string (inv[i].later_expected), NULL);
        cell_number (x, 2, inv[i].mean_rt_earlier_expected);
        cell_number (x, 3, inv[i].mean_rt_later_expected);
      }
  }

  {
    const GwModShift *s = gw_run_get_mod_shifts (run, &n);
    static const char * const names[] = {
      "line", "Name", "base_line", "base_name", "modification", "count",
      "shift_per_mod", "expected_sign", "flagged",
    };

    rules_block (x, "Rule 8: RT shift per modification", names, G_N_ELEMENTS (names), n);
    for (guint i = 0; i < n; i++, x->row++)
      {
        cell_line (x, 0, table, (int) s[i].row);
        cell_string (x, 1, row_name (table, (int) s[i].row), NULL);
        cell_line (x, 2, table, (int) s[i].base_row);
        cell_string (x, 3, row_name (table, (int) s[i].base_row), NULL);
        cell_string (x, 4, gw_mod_kind_to_string (s[i].mod), NULL);
        check (x, worksheet_write_number (x->ws, x->row, 5, s[i].count, NULL));
        cell_number (x, 6, s[i].shift_per_mod);
        check (x, worksheet_write_number (x->ws, x->row, 7, s[i].expected_sign, NULL));
        cell_bool (x, 8, s[i].flagged);
      }
  }

  {
    const GwCrossCategoryInversion *c = gw_run_get_cross_category_inversions (run, &n);
    static const char * const names[] = {
      "ceramide", "line_more_sialic", "name_more_sialic", "rt_more_sialic",
      "line_fewer_sialic", "name_fewer_sialic", "rt_fewer_sialic",
    };

    rules_block (x, "Rule 9: cross-category order inversions within a ceramide",
                 names, G_N_ELEMENTS (names), n);
    for (guint i = 0; i < n; i++, x->row++)
      {
        cell_string (x, 0, c[i].ceramide, NULL);
        cell_line (x, 1, table, (int) c[i].row_more_sialic);
        cell_string (x, 2, row_name (table, (int) c[i].row_more_sialic), NULL);
        cell_number (x, 3, c[i].rt_more_sialic);
        cell_line (x, 4, table, (int) c[i].row_fewer_sialic);
        cell_string (x, 5, row_name (table, (int) c[i].row_fewer_sialic), NULL);
        cell_number (x, 6, c[i].rt_fewer_sialic);
      }
  }
}

static void
kv_string (Xlsx       *x,
           const char *key,
           const char *value)
{
  cell_string (x, 0, key, NULL);
  cell_string (x, 1, value, NULL);
  x->row++;
}

static void
kv_number (Xlsx       *x,
           const char *key,
           double      value)
{
  cell_string (x, 0, key, NULL);
  cell_number (x, 1, value);
  x->row++;
}

static void
kv_time (Xlsx       *x,
         const char *key,
         gint64      usec)
{
  cell_string (x, 0, key, NULL);
  cell_time (x, 1, usec);
  x->row++;
}

static void
write_run (Xlsx                  *x,
           GwRun                 *run,
           const GwExportContext *context)
{
  GwTable *table = gw_run_get_table (run);
  const GwParams *params = gw_run_get_params (run);
  const GwExportCuration *cur = context != NULL ? context->curation : NULL;
  const char * const *warnings;
  static const char * const names[] = { "field", "value" };

  x->ws = workbook_add_worksheet (x->wb, "Run");
  x->row = 0;
  worksheet_set_column (x->ws, 0, 0, 26, NULL);
  worksheet_set_column (x->ws, 1, 1, 70, NULL);
  header_row (x, names, G_N_ELEMENTS (names));

  if (context != NULL && context->project != NULL)
    kv_string (x, "project", context->project);
  if (context != NULL && context->run_id != NULL)
    kv_string (x, "run_id", context->run_id);
  if (context != NULL && context->author != NULL)
    kv_string (x, "author", context->author);
  kv_string (x, "input", gw_table_get_display_name (table));
  kv_string (x, "input_sha256", gw_table_get_sha256 (table));
  kv_string (x, "version", gw_run_get_version (run));
  kv_string (x, "preset", gw_preset_to_string (params->preset));
  kv_number (x, "r2_threshold", params->r2_threshold);
  kv_number (x, "outlier_threshold", params->outlier_threshold);
  kv_number (x, "rt_tolerance", params->rt_tolerance);
  if (params->preset == GW_PRESET_ROBUST)
    {
      kv_number (x, "anchor_weight", params->anchor_weight);
      kv_number (x, "isomer_window_min", params->isomer_window_min);
      kv_number (x, "isomer_window_max", params->isomer_window_max);
    }
  kv_time (x, "start_time (UTC)", gw_run_get_start_time (run));
  kv_time (x, "end_time (UTC)", gw_run_get_end_time (run));
  kv_number (x, "rows", gw_run_get_n_rows (run));
  kv_number (x, "valid_input_rows", gw_table_get_n_valid (table));
  kv_number (x, "invalid_input_rows", gw_table_get_n_invalid (table));
  kv_number (x, "anchors", gw_table_get_n_anchors (table));
  kv_number (x, "groups", gw_table_get_n_groups (table));
  for (guint s = 0; s < GW_N_STATUSES; s++)
    {
      g_autofree char *key = g_strconcat ("count_", gw_status_to_string (s), NULL);

      kv_number (x, key, gw_run_get_status_count (run, s));
    }
  if (cur != NULL)
    {
      guint n_accepted = 0, n_rejected = 0;

      for (guint r = 0; cur->status != NULL && r < cur->n_rows; r++)
        {
          if (g_strcmp0 (cur->status[r], "accepted") == 0)
            n_accepted++;
          else if (g_strcmp0 (cur->status[r], "rejected") == 0)
            n_rejected++;
        }
      kv_number (x, "curated_accepted", n_accepted);
      kv_number (x, "curated_rejected", n_rejected);
      kv_number (x, "curation_log_entries", cur->n_log);
    }

  warnings = gw_run_get_warnings_list (run);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    kv_string (x, "run_warning", warnings[i]);
  warnings = gw_table_get_warnings (table);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    kv_string (x, "input_warning", warnings[i]);

  /* The audit log, when there is one, below the run's fields. */
  if (cur != NULL && cur->n_log > 0)
    {
      static const char * const log_names[] = { "time (UTC)", "line", "Name", "action", "reason", "author" };

      x->row++;
      cell_string (x, 0, "Curation log", x->title);
      x->row++;
      header_row (x, log_names, G_N_ELEMENTS (log_names));
      for (guint i = 0; i < cur->n_log; i++, x->row++)
        {
          const GwExportCurationEntry *e = &cur->log[i];

          cell_time (x, 0, e->time);
          cell_line (x, 1, table, e->row);
          cell_string (x, 2, row_name (table, e->row), NULL);
          cell_string (x, 3, e->action, status_format (x, e->action));
          cell_string (x, 4, e->reason, NULL);
          cell_string (x, 5, e->author, NULL);
        }
    }
}

/**
 * gw_export_xlsx:
 * @run: a run
 * @context: (nullable): project, run ID and curation
 * @filename: the file to write (created or truncated)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes the workbook described at the top of this file.  The file is
 * written in place: use gw_export_to_file_full() when an interrupted
 * export must not leave a partial file.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_xlsx (GwRun                  *run,
                const GwExportContext  *context,
                const char             *filename,
                GCancellable           *cancellable,
                GError                **error)
{
  const GwExportCuration *cur = context != NULL ? context->curation : NULL;
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE };
  g_autofree char *tmpdir = g_strdup (g_get_tmp_dir ());
  g_autoptr(GError) local_error = NULL;
  lxw_error close_error;
  Xlsx x = { 0 };

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gw_export_curation_validate (cur, run, error))
    return FALSE;

  /* One header row plus every row must fit in a sheet. */
  if ((guint64) gw_run_get_n_rows (run) + 1 > LXW_ROW_MAX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The run has %u rows; an XLSX sheet holds at most %u. "
                   "Export CSV or JSON instead.",
                   gw_run_get_n_rows (run), (guint) LXW_ROW_MAX - 1);
      return FALSE;
    }

  options.tmpdir = tmpdir;
  x.cancellable = cancellable;
  x.wb = workbook_new_opt (filename, &options);
  if (x.wb == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot create the workbook “%s”", filename);
      return FALSE;
    }
  make_formats (&x);

  if (write_compounds (&x, run, cur, &local_error))
    {
      write_models (&x, run);
      write_rules (&x, run);
      write_run (&x, run, context);
    }

  {
    lxw_doc_properties props = {
      .title = (char *) "Ganglioside Workbench run",
      .subject = (char *) gw_table_get_display_name (gw_run_get_table (run)),
      .comments = (char *) gw_table_get_sha256 (gw_run_get_table (run)),
    };

    check (&x, workbook_set_properties (x.wb, &props));
  }

  /* workbook_close() frees the workbook whatever happens. */
  close_error = workbook_close (x.wb);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (x.error == LXW_NO_ERROR)
    x.error = close_error;
  if (x.error != LXW_NO_ERROR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot write the workbook “%s”: %s", filename, lxw_strerror (x.error));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return TRUE;
}
