/* gw-export-mztab.c: write a run as mzTab-M 2.0 (tab-separated)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file has three sections, in the order the specification requires:
 *
 *   MTD  the metadata: the required keys (version, ID, software,
 *        quantification method, study variable, MS run, assay, CVs,
 *        database, quantification units, identification confidence
 *        measure), plus the run's preset and parameters as software
 *        settings and the input's SHA-256 as a custom parameter.
 *   SML  one small molecule per input row, invalid rows included, with the
 *        name in LIPID MAPS-style shorthand ("GD1a 36:1;O2"), the volume
 *        as abundance and our results in opt_global_ columns.
 *   SMF  one feature per row, carrying the retention time in seconds (the
 *        only place the standard has an RT column) and the abundance.
 *
 * Every field value is sanitised: tabs, CR and LF become spaces, so a
 * reason or an extra cell can never break the column structure, and an
 * empty value is written as "null" as the specification asks.  What the
 * export does and does not cover is in docs/mztab.md.
 */

#define G_LOG_DOMAIN "gw-export"

#include "config.h"

#include <math.h>

#include "gw-export.h"
#include "gw-export-private.h"
#include "gw-run-private.h"
#include "gw-analysis.h"

/* A field value: NULL and "" become "null"; tabs and line breaks become
 * spaces; invalid UTF-8 is repaired. */
static void
tsv_value (GwOut      *o,
           const char *s)
{
  g_autofree char *valid = NULL;
  const char *start;
  const char *p;

  if (s == NULL || *s == '\0')
    {
      gw_out_str (o, "null");
      return;
    }
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);

  for (start = p = s; *p != '\0'; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      {
        gw_out_write (o, start, (gsize) (p - start));
        gw_out_c (o, ' ');
        start = p + 1;
      }
  gw_out_write (o, start, (gsize) (p - start));
}

static void
tsv_sep (GwOut *o)
{
  gw_out_c (o, '\t');
}

static void
mtd (GwOut      *o,
     const char *key,
     const char *value)
{
  gw_out_str (o, "MTD\t");
  gw_out_str (o, key);
  tsv_sep (o);
  tsv_value (o, value);
  gw_out_c (o, '\n');
}

static void
mtd_printf (GwOut      *o,
            const char *key,
            const char *format,
            ...) G_GNUC_PRINTF (3, 4);

static void
mtd_printf (GwOut      *o,
            const char *key,
            const char *format,
            ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  mtd (o, key, value);
}

/* "software[1]-setting[N]  name=value". */
static void
mtd_setting (GwOut      *o,
             guint      *n,
             const char *name,
             const char *value)
{
  g_autofree char *key = g_strdup_printf ("software[1]-setting[%u]", (*n)++);

  mtd_printf (o, key, "%s=%s", name, value);
}

/* Locale-independent, whatever the caller's LC_NUMERIC. */
static void
mtd_setting_number (GwOut      *o,
                    guint      *n,
                    const char *name,
                    double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  mtd_setting (o, n, name, g_ascii_formatd (buf, sizeof buf, "%g", value));
}

/* A parameter value for a CV/user parameter: commas and brackets would
 * end the parameter, so they are replaced. */
static char *
param_safe (const char *s)
{
  char *copy = g_strdup (s != NULL ? s : "");

  g_strdelimit (copy, ",[]\t\r\n", ' ');
  return copy;
}

/**
 * gw_export_mztab_shorthand:
 * @table: a table
 * @row: one of its rows
 *
 * The name in shorthand: "GD1a+2OAc 36:1;O2" for a parsed name (head,
 * isomer and modifications, a space, the ceramide as LIPID MAPS writes
 * species), else the name as written.
 *
 * Returns: (transfer full): the shorthand name
 */
char *
gw_export_mztab_shorthand (GwTable *table,
                           guint    row)
{
  const GwName *name = gw_table_get_parsed_name (table, row);
  g_autofree char *prefix = NULL;
  g_autofree char *ceramide = NULL;

  if (name == NULL)
    return g_strdup (gw_table_get_name (table, row));
  prefix = gw_name_format_prefix (name);
  ceramide = gw_name_format_ceramide (name);
  return g_strconcat (prefix, " ", ceramide, NULL);
}

static void
write_metadata (GwOut                 *o,
                GwRun                 *run,
                const GwExportContext *context)
{
  GwTable *table = gw_run_get_table (run);
  const GwParams *params = gw_run_get_params (run);
  const char *input = gw_table_get_display_name (table);
  g_autofree char *software = param_safe (gw_run_get_version (run));
  g_autofree char *id = NULL;
  g_autofree char *escaped = g_uri_escape_string (input, NULL, FALSE);
  g_autofree char *start = gw_export_format_time (gw_run_get_start_time (run));
  guint setting = 1;

  if (context != NULL && context->run_id != NULL)
    id = g_strdup (context->run_id);
  else
    id = g_strdup_printf ("GW-%.16s", gw_table_get_sha256 (table));

  gw_out_str (o, "COM\tWritten by Ganglioside Workbench; see docs/mztab.md for what is covered\n");
  mtd (o, "mzTab-version", "2.0.0-M");
  mtd (o, "mzTab-ID", id);
  if (context != NULL && context->project != NULL)
    mtd_printf (o, "title", "%s: %s", context->project, input);
  else
    mtd (o, "title", input);
  mtd_printf (o, "description",
              "Ganglioside annotations of %s checked against per-group retention-time "
              "models (%s preset, run started %s)",
              input, gw_preset_to_string (params->preset), start);

  mtd_printf (o, "software[1]", "[,, Ganglioside Workbench, %s]", software);
  mtd_setting (o, &setting, "preset", gw_preset_to_string (params->preset));
  mtd_setting_number (o, &setting, "r2_threshold", params->r2_threshold);
  mtd_setting_number (o, &setting, "outlier_threshold", params->outlier_threshold);
  mtd_setting_number (o, &setting, "rt_tolerance", params->rt_tolerance);
  if (params->preset == GW_PRESET_ROBUST)
    {
      mtd_setting_number (o, &setting, "anchor_weight", params->anchor_weight);
      mtd_setting_number (o, &setting, "isomer_window_min", params->isomer_window_min);
      mtd_setting_number (o, &setting, "isomer_window_max", params->isomer_window_max);
    }

  mtd (o, "quantification_method", "[MS, MS:1001834, LC-MS label-free quantitation analysis, ]");
  mtd (o, "small_molecule-quantification_unit", "[,, peak volume (arbitrary units), ]");
  mtd (o, "small_molecule_feature-quantification_unit", "[,, peak volume (arbitrary units), ]");
  mtd (o, "small_molecule-identification_reliability",
       "[MS, MS:1002896, compound identification confidence level, ]");

  mtd_printf (o, "ms_run[1]-location", "file:///%s", escaped);
  mtd (o, "assay[1]", input);
  mtd (o, "assay[1]-ms_run_ref", "ms_run[1]");
  mtd (o, "study_variable[1]", input);
  mtd (o, "study_variable[1]-assay_refs", "assay[1]");
  mtd (o, "study_variable[1]-description", "All peaks of the input table (one assay)");

  mtd_printf (o, "custom[1]", "[,, input SHA-256, %s]", gw_table_get_sha256 (table));
  if (context != NULL && context->project != NULL)
    {
      g_autofree char *project = param_safe (context->project);

      mtd_printf (o, "custom[2]", "[,, project, %s]", project);
    }

  mtd (o, "cv[1]-label", "MS");
  mtd (o, "cv[1]-full_name", "PSI-MS controlled vocabulary");
  mtd (o, "cv[1]-version", "4.1.30");
  mtd (o, "cv[1]-uri", "https://raw.githubusercontent.com/HUPO-PSI/psi-ms-CV/master/psi-ms.obo");
  mtd (o, "cv[2]-label", "UO");
  mtd (o, "cv[2]-full_name", "Units of Measurement Ontology");
  mtd (o, "cv[2]-version", "2017-09-25");
  mtd (o, "cv[2]-uri", "http://purl.obolibrary.org/obo/uo.owl");

  /* The names are annotations from the input, not database look-ups: the
   * specification's form for "no database". */
  mtd (o, "database[1]", "[,, \"no database\", null ]");
  mtd (o, "database[1]-prefix", "null");
  mtd (o, "database[1]-version", "Unknown");
  mtd (o, "database[1]-uri", "null");

  mtd (o, "id_confidence_measure[1]", "[,, Ganglioside Workbench RT-model confidence, ]");
  mtd (o, "colunit-small_molecule",
       "opt_global_retention_time=[UO, UO:0000031, minute, ]");
  gw_out_c (o, '\n');
}

/* Our extra SML columns, after the standard ones. */
static const char * const sml_opt_columns[] = {
  "opt_global_input_line",
  "opt_global_name_as_written",
  "opt_global_group",
  "opt_global_category",
  "opt_global_retention_time",
  "opt_global_log_p",
  "opt_global_anchor",
  "opt_global_status",
  "opt_global_reason",
  "opt_global_model_level",
  "opt_global_predicted_rt",
  "opt_global_residual",
  "opt_global_z",
  "opt_global_fragment_of_line",
  "opt_global_isomer_of_line",
  "opt_global_warnings",
};

static const char * const sml_curation_columns[] = {
  "opt_global_effective_status",
  "opt_global_curated",
  "opt_global_curation_reason",
  "opt_global_curation_author",
  "opt_global_curation_time",
};

static void
write_sml (GwOut                  *o,
           GwRun                  *run,
           const GwExportCuration *cur)
{
  GwTable *table = gw_run_get_table (run);
  guint n_rows = gw_run_get_n_rows (run);

  gw_out_str (o, "SMH\tSML_ID\tSMF_ID_REFS\tdatabase_identifier\tchemical_formula\tsmiles\t"
                 "inchi\tchemical_name\turi\ttheoretical_neutral_mass\tadduct_ions\t"
                 "reliability\tbest_id_confidence_measure\tbest_id_confidence_value\t"
                 "abundance_assay[1]\tabundance_study_variable[1]\t"
                 "abundance_variation_study_variable[1]");
  for (guint i = 0; i < G_N_ELEMENTS (sml_opt_columns); i++)
    {
      tsv_sep (o);
      gw_out_str (o, sml_opt_columns[i]);
    }
  if (cur != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (sml_curation_columns); i++)
      {
        tsv_sep (o);
        gw_out_str (o, sml_curation_columns[i]);
      }
  gw_out_c (o, '\n');

  for (guint row = 0; row < n_rows && o->error == NULL; row++)
    {
      g_autofree char *shorthand = gw_export_mztab_shorthand (table, row);
      const GwName *name = gw_table_get_parsed_name (table, row);
      GwStatus status = gw_run_get_status (run, row);
      int group = gw_table_get_group (table, row);
      gboolean valid = gw_table_is_valid (table, row);
      guint warnings = gw_run_get_warnings (run, row);
      double volume = gw_table_get_volume (table, row);
      const char *reliability;

      /* MSI levels: an anchor is confirmed by a standard (1); another
       * parsed annotation is putative (2); an unparsable name is unknown. */
      if (name == NULL)
        reliability = "4";
      else if (valid && gw_table_is_anchor (table, row))
        reliability = "1";
      else
        reliability = "2";

      gw_out_str (o, "SML\t");
      gw_out_int (o, row + 1);
      tsv_sep (o);
      gw_out_int (o, row + 1);                 /* SMF_ID_REFS: its feature */
      gw_out_str (o, "\tnull\tnull\tnull\tnull\t");
      tsv_value (o, shorthand);
      gw_out_str (o, "\tnull\tnull\tnull\t");
      gw_out_str (o, reliability);
      gw_out_str (o, "\t[,, Ganglioside Workbench RT-model confidence, ]\t");
      gw_out_number_or_null (o, gw_run_get_confidence (run, row));
      tsv_sep (o);
      gw_out_number_or_null (o, volume);
      tsv_sep (o);
      gw_out_number_or_null (o, volume);                  /* one assay per study variable */
      gw_out_str (o, "\tnull\t");

      gw_out_int (o, gw_table_get_line (table, row));
      tsv_sep (o);
      tsv_value (o, gw_table_get_cell (table, row, GW_COLUMN_NAME));
      tsv_sep (o);
      tsv_value (o, group >= 0 ? gw_table_get_group_name (table, (guint) group) : NULL);
      tsv_sep (o);
      tsv_value (o, name != NULL ? gw_category_to_string (gw_name_get_category (name)) : NULL);
      tsv_sep (o);
      gw_out_number_or_null (o, gw_table_get_rt (table, row));
      tsv_sep (o);
      gw_out_number_or_null (o, gw_table_get_logp (table, row));
      tsv_sep (o);
      if (valid)
        gw_out_str (o, gw_table_is_anchor (table, row) ? "true" : "false");
      else
        tsv_value (o, gw_table_get_cell (table, row, GW_COLUMN_ANCHOR));
      tsv_sep (o);
      gw_out_str (o, gw_status_to_string (status));
      tsv_sep (o);
      {
        GwReasonBuf reason_buf;

        tsv_value (o, gw_run_peek_reason (run, row, &reason_buf));
      }
      tsv_sep (o);
      tsv_value (o, status != GW_STATUS_INVALID ?
                      gw_model_level_to_string (gw_run_get_model_level (run, row)) : NULL);
      tsv_sep (o);
      gw_out_number_or_null (o, gw_run_get_predicted (run, row));
      tsv_sep (o);
      gw_out_number_or_null (o, gw_run_get_residual (run, row));
      tsv_sep (o);
      gw_out_number_or_null (o, gw_run_get_z (run, row));
      tsv_sep (o);
      gw_out_line_or_null (o, table, gw_run_get_fragment_of (run, row));
      tsv_sep (o);
      gw_out_line_or_null (o, table, gw_run_get_isomer_of (run, row));
      tsv_sep (o);
      if (warnings != 0)
        {
          g_autofree char *text = gw_run_dup_warnings_text (run, row);

          tsv_value (o, text);
        }
      else
        gw_out_str (o, "null");

      if (cur != NULL)
        {
          gboolean curated = cur->status != NULL && cur->status[row] != NULL;
          g_autofree char *when = NULL;

          if (curated && cur->time != NULL)
            when = gw_export_format_time (cur->time[row]);
          tsv_sep (o);
          tsv_value (o, gw_export_curation_get_effective_status (cur, run, row));
          gw_out_str (o, curated ? "\ttrue\t" : "\tfalse\t");
          tsv_value (o, curated && cur->reason != NULL ? cur->reason[row] : NULL);
          tsv_sep (o);
          tsv_value (o, curated && cur->author != NULL ? cur->author[row] : NULL);
          tsv_sep (o);
          tsv_value (o, when);
        }
      gw_out_c (o, '\n');
    }
  gw_out_c (o, '\n');
}

static void
write_smf (GwOut *o,
           GwRun *run)
{
  GwTable *table = gw_run_get_table (run);
  guint n_rows = gw_run_get_n_rows (run);

  gw_out_str (o, "SFH\tSMF_ID\tSME_ID_REFS\tSME_ID_REF_ambiguity_code\tadduct_ion\t"
                 "isotopomer\texp_mass_to_charge\tcharge\tretention_time_in_seconds\t"
                 "retention_time_in_seconds_start\tretention_time_in_seconds_end\t"
                 "abundance_assay[1]\topt_global_retention_time\n");

  for (guint row = 0; row < n_rows && o->error == NULL; row++)
    {
      double rt = gw_table_get_rt (table, row);

      gw_out_str (o, "SMF\t");
      gw_out_int (o, row + 1);
      gw_out_str (o, "\tnull\tnull\tnull\tnull\tnull\tnull\t");
      gw_out_number_or_null (o, rt * 60.0);
      gw_out_str (o, "\tnull\tnull\t");
      gw_out_number_or_null (o, gw_table_get_volume (table, row));
      tsv_sep (o);
      gw_out_number_or_null (o, rt);
      gw_out_c (o, '\n');
    }
}

/**
 * gw_export_mztab:
 * @run: a run
 * @context: (nullable): project, run ID and curation
 * @out: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes @run as an mzTab-M 2.0.0-M file: MTD, SML and SMF sections (see
 * the top of this file and docs/mztab.md).
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_mztab (GwRun                  *run,
                 const GwExportContext  *context,
                 GOutputStream          *out,
                 GCancellable           *cancellable,
                 GError                **error)
{
  const GwExportCuration *cur = context != NULL ? context->curation : NULL;
  GwOut o;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gw_export_curation_validate (cur, run, error))
    return FALSE;

  gw_out_init (&o, out, cancellable);
  write_metadata (&o, run, context);
  write_sml (&o, run, cur);
  write_smf (&o, run);
  return gw_out_finish (&o, error);
}
