/* test-export.c: tests for the CSV and JSON exporters
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-export"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gw-analysis.h"
#include "gw-export.h"

#define N_OUR_COLUMNS 25

static GwTable *
table_from_file (const char *env,
                 const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv (env), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GwTable *table = gw_table_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  return table;
}

static GwTable *
table_from_string (const char *csv)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  GwTable *table = gw_table_new_from_bytes (bytes, "export-test.csv", NULL, &error);

  g_assert_no_error (error);
  return table;
}

static GwRun *
analyse (GwTable  *table,
         GwPreset  preset)
{
  g_autoptr(GError) error = NULL;
  GwParams params;
  GwRun *run;

  gw_params_init (&params, preset);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return run;
}

static GBytes *
export (GwRun          *run,
        GwExportFormat  format)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_export_to_stream (run, format, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* A strict RFC 4180 reader for the test: records of fields, quoted fields
 * may hold commas, doubled quotes and newlines; records end in LF. */
static GPtrArray *
parse_csv (GBytes *bytes)
{
  gsize len;
  const char *p = g_bytes_get_data (bytes, &len);
  const char *end = p + len;
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);

  while (p < end)
    {
      if (*p == '"')
        {
          p++;
          for (;;)
            {
              g_assert_true (p < end);   /* unterminated quote */
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              g_string_append_c (field, *p++);
            }
          g_assert_true (p == end || *p == ',' || *p == '\n');
        }
      while (p < end && *p != ',' && *p != '\n')
        {
          g_assert_cmpint (*p, !=, '"');   /* a bare quote must be quoted */
          g_string_append_c (field, *p++);
        }

      g_ptr_array_add (record, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (p < end && *p == ',')
        {
          p++;
          continue;
        }
      /* End of record. */
      g_ptr_array_add (records, record);
      record = g_ptr_array_new_with_free_func (g_free);
      if (p < end)
        p++;
    }

  g_ptr_array_unref (record);
  g_string_free (field, TRUE);
  return records;
}

#define FIELD(rec, i) ((const char *) g_ptr_array_index ((GPtrArray *) (rec), (i)))

static void
test_csv_real (void)
{
  g_autoptr(GwTable) table = table_from_file ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GwRun) run = analyse (table, GW_PRESET_CLASSIC);
  g_autoptr(GBytes) bytes = export (run, GW_EXPORT_CSV);
  g_autoptr(GPtrArray) records = parse_csv (bytes);
  g_auto(GStrv) header = g_strsplit (GW_EXPORT_CSV_COLUMNS, ",", -1);
  guint n_valid = 0;
  guint n_outlier = 0;

  g_assert_cmpuint (records->len, ==, 1 + 323);
  g_assert_cmpuint (g_strv_length (header), ==, N_OUR_COLUMNS);
  for (guint c = 0; c < N_OUR_COLUMNS; c++)
    g_assert_cmpstr (FIELD (records->pdata[0], c), ==, header[c]);

  for (guint row = 0; row < 323; row++)
    {
      GPtrArray *rec = records->pdata[row + 1];
      g_autofree char *line = g_strdup_printf ("%u", gw_table_get_line (table, row));
      const char *status = FIELD (rec, 6);

      g_assert_cmpuint (rec->len, ==, N_OUR_COLUMNS);
      /* Input order, input cells as written. */
      g_assert_cmpstr (FIELD (rec, 0), ==, line);
      g_assert_cmpstr (FIELD (rec, 1), ==, gw_table_get_cell (table, row, GW_COLUMN_NAME));
      g_assert_cmpstr (FIELD (rec, 2), ==, gw_table_get_cell (table, row, GW_COLUMN_RT));
      g_assert_cmpstr (FIELD (rec, 5), ==, gw_table_get_cell (table, row, GW_COLUMN_ANCHOR));
      g_assert_cmpstr (status, ==, gw_status_to_string (gw_run_get_status (run, row)));
      g_assert_cmpstr (FIELD (rec, 7), ==, gw_run_get_reason (run, row));
      n_valid += strcmp (status, "valid") == 0;
      n_outlier += strcmp (status, "outlier") == 0;

      /* Numbers: six decimals of the run's value, empty when not applicable. */
      if (isnan (gw_run_get_predicted (run, row)))
        g_assert_cmpstr (FIELD (rec, 10), ==, "");
      else
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (FIELD (rec, 10), NULL),
                                        gw_run_get_predicted (run, row), 5e-7);
      if (isnan (gw_run_get_z (run, row)))
        g_assert_cmpstr (FIELD (rec, 12), ==, "");
      else
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (FIELD (rec, 12), NULL),
                                        gw_run_get_z (run, row), 5e-7);
      /* oac_base is the base row's line. */
      if (gw_run_get_oac_base (run, row) >= 0)
        {
          g_autofree char *base_line =
            g_strdup_printf ("%u", gw_table_get_line (table, gw_run_get_oac_base (run, row)));

          g_assert_cmpstr (FIELD (rec, 22), ==, base_line);
        }
      else
        g_assert_cmpstr (FIELD (rec, 22), ==, "");
    }

  g_assert_cmpuint (n_valid, ==, 149);
  g_assert_cmpuint (n_outlier, ==, 174);

  /* And our own reader takes the export back: same rows, our columns as
   * extra columns. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwTable) back = gw_table_new_from_bytes (bytes, "export.csv", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (gw_table_get_n_rows (back), ==, 323);
    g_assert_cmpuint (gw_table_get_n_extra_columns (back), ==, N_OUR_COLUMNS - 5);
    for (guint row = 0; row < 323; row++)
      {
        g_assert_cmpstr (gw_table_get_name (back, row), ==, gw_table_get_name (table, row));
        g_assert_cmpfloat (gw_table_get_rt (back, row), ==, gw_table_get_rt (table, row));
      }
  }
}

/* Quoted fields, extra columns with commas, quotes and newlines, and
 * invalid rows all come back exactly. */
static void
test_csv_awkward_inputs (void)
{
  const char *files[] = { "quoted.csv", "invalid-rows.csv", "semicolon-decimal-comma.csv" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(GwTable) table = table_from_file ("GW_TEST_DATA", files[f]);
      g_autoptr(GwRun) run = analyse (table, GW_PRESET_CLASSIC);
      g_autoptr(GBytes) bytes = export (run, GW_EXPORT_CSV);
      g_autoptr(GPtrArray) records = parse_csv (bytes);
      guint n_extra = gw_table_get_n_extra_columns (table);
      guint n_rows = gw_table_get_n_rows (table);

      g_test_message ("%s", files[f]);
      g_assert_cmpuint (records->len, ==, 1 + n_rows);
      for (guint c = 0; c < n_extra; c++)
        g_assert_cmpstr (FIELD (records->pdata[0], N_OUR_COLUMNS + c), ==,
                         gw_table_get_extra_column_name (table, c));

      for (guint row = 0; row < n_rows; row++)
        {
          GPtrArray *rec = records->pdata[row + 1];

          g_assert_cmpuint (rec->len, ==, N_OUR_COLUMNS + n_extra);
          for (guint c = 0; c < GW_N_COLUMNS; c++)
            g_assert_cmpstr (FIELD (rec, 1 + c), ==, gw_table_get_cell (table, row, c));
          for (guint c = 0; c < n_extra; c++)
            g_assert_cmpstr (FIELD (rec, N_OUR_COLUMNS + c), ==,
                             gw_table_get_extra_cell (table, row, c));
          if (!gw_table_is_valid (table, row))
            {
              g_assert_cmpstr (FIELD (rec, 6), ==, "invalid");
              g_assert_cmpstr (FIELD (rec, 7), ==, gw_table_get_error (table, row));
              g_assert_cmpstr (FIELD (rec, 9), ==, "");    /* model_level */
              g_assert_cmpstr (FIELD (rec, 10), ==, "");   /* predicted_rt */
            }
        }
    }
}

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  json_parser_load_from_data (parser, data, (gssize) len, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* A number member that must equal @expected bit for bit, or be null for
 * NaN. */
static void
assert_json_double (JsonObject *obj,
                    const char *member,
                    double      expected)
{
  JsonNode *node = json_object_get_member (obj, member);

  g_assert_nonnull (node);
  if (isnan (expected))
    g_assert_true (JSON_NODE_HOLDS_NULL (node));
  else
    g_assert_cmpfloat (json_node_get_double (node), ==, expected);
}

static void
test_json_real (void)
{
  g_autoptr(GwTable) table = table_from_file ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GwRun) run = analyse (table, GW_PRESET_CLASSIC);
  g_autoptr(GBytes) bytes = export (run, GW_EXPORT_JSON);
  g_autoptr(JsonNode) root = parse_json (bytes);
  JsonObject *doc = json_node_get_object (root);
  JsonObject *jrun = json_object_get_object_member (doc, "run");
  JsonArray *models = json_object_get_array_member (doc, "models");
  JsonObject *reports = json_object_get_object_member (doc, "reports");
  JsonArray *rows = json_object_get_array_member (doc, "rows");
  guint n;

  g_assert_cmpstr (json_object_get_string_member (jrun, "preset"), ==, "classic");
  g_assert_cmpstr (json_object_get_string_member (jrun, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (jrun, "input"), "sha256"),
                   ==, gw_table_get_sha256 (table));
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (jrun, "parameters"),
                                                    "outlier_threshold"), ==, 2.5);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (jrun, "counts"), "valid"),
                   ==, 149);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (jrun, "counts"), "outlier"),
                   ==, 174);
  g_assert_nonnull (json_object_get_string_member (jrun, "start_time"));

  /* Models: every number exact. */
  g_assert_cmpuint (json_array_get_length (models), ==, gw_run_get_n_models (run));
  for (guint i = 0; i < gw_run_get_n_models (run); i++)
    {
      const GwModel *m = gw_run_get_model (run, i);
      JsonObject *jm = json_array_get_object_element (models, i);

      g_assert_cmpstr (json_object_get_string_member (jm, "group"), ==, m->group_name);
      g_assert_cmpint (json_object_get_int_member (jm, "n_anchors"), ==, m->n_anchors);
      assert_json_double (jm, "cv_r2", m->cv_r2);
      assert_json_double (jm, "r2", m->r2);
      assert_json_double (jm, "intercept", m->intercept);
      for (guint f = 0; f < m->n_features; f++)
        assert_json_double (json_object_get_object_member (jm, "coefficients"),
                            gw_feature_to_string (m->features[f]), m->coef[f]);
    }

  /* Reports: as many entries as the run has. */
  gw_run_get_oac_pairs (run, &n);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reports, "oac")), ==, n);
  gw_run_get_coelution_sets (run, &n);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reports, "coelution")), ==, n);
  gw_run_get_mod_shifts (run, &n);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reports, "mod_shifts")), ==, n);
  gw_run_get_cross_category_inversions (run, &n);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reports, "cross_category_inversions")),
                    ==, n);

  /* Rows: input order, numbers exact. */
  g_assert_cmpuint (json_array_get_length (rows), ==, 323);
  for (guint row = 0; row < 323; row++)
    {
      JsonObject *r = json_array_get_object_element (rows, row);

      g_assert_cmpint (json_object_get_int_member (r, "line"), ==, gw_table_get_line (table, row));
      g_assert_cmpstr (json_object_get_string_member (r, "Name"), ==, gw_table_get_name (table, row));
      assert_json_double (r, "RT", gw_table_get_rt (table, row));
      assert_json_double (r, "Log P", gw_table_get_logp (table, row));
      assert_json_double (r, "predicted_rt", gw_run_get_predicted (run, row));
      assert_json_double (r, "residual", gw_run_get_residual (run, row));
      assert_json_double (r, "z", gw_run_get_z (run, row));
      assert_json_double (r, "oac_shift", gw_run_get_oac_shift (run, row));
      g_assert_cmpstr (json_object_get_string_member (r, "status"), ==,
                       gw_status_to_string (gw_run_get_status (run, row)));
      g_assert_cmpint (json_object_get_boolean_member (r, "Anchor"), ==, gw_table_is_anchor (table, row));
    }
}

/* Strings that JSON must escape come back intact; invalid rows keep their
 * raw cells. */
static void
test_json_escaping (void)
{
  g_autoptr(GwTable) table = table_from_string (
    "Name,RT,Volume,Log P,Anchor,Note\n"
    "GD1(36:1;O2),9.5,1000,1.5,T,\"tab\there, \"\"quote\"\", back\\slash\"\n"
    "GD1(38:1;O2),10.5,1000,2.5,T,\"two\nlines µ ☃\"\n"
    "GD1(40:1;O2),11.5,1000,3.5,T,\x01" "ctrl\n"
    "GD1(42:1;O2),abc,1000,4.5,T,bad rt\n");
  g_autoptr(GwRun) run = analyse (table, GW_PRESET_CLASSIC);
  g_autoptr(GBytes) bytes = export (run, GW_EXPORT_JSON);
  g_autoptr(JsonNode) root = parse_json (bytes);
  JsonArray *rows = json_object_get_array_member (json_node_get_object (root), "rows");

  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  for (guint row = 0; row < 4; row++)
    {
      JsonObject *r = json_array_get_object_element (rows, row);
      JsonObject *extra = json_object_get_object_member (r, "extra");

      g_assert_cmpstr (json_object_get_string_member (extra, "Note"), ==,
                       gw_table_get_extra_cell (table, row, 0));
    }

  {
    JsonObject *bad = json_array_get_object_element (rows, 3);

    g_assert_cmpstr (json_object_get_string_member (bad, "status"), ==, "invalid");
    g_assert_cmpstr (json_object_get_string_member (bad, "RT"), ==, "abc");
    g_assert_cmpstr (json_object_get_string_member (bad, "reason"), ==, gw_table_get_error (table, 3));
    g_assert_true (json_object_get_null_member (bad, "predicted_rt"));
  }
}

static void
test_models_csv (void)
{
  g_autoptr(GwTable) table = table_from_file ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GwRun) run = analyse (table, GW_PRESET_CLASSIC);
  g_autoptr(GBytes) bytes = export (run, GW_EXPORT_CSV_MODELS);
  g_autoptr(GPtrArray) records = parse_csv (bytes);
  GPtrArray *header;
  int cv_col = -1;
  int group_col = -1;

  g_assert_cmpuint (records->len, ==, 1 + gw_run_get_n_models (run));
  header = records->pdata[0];
  for (guint c = 0; c < header->len; c++)
    {
      if (strcmp (FIELD (header, c), "cv_r2") == 0)
        cv_col = (int) c;
      if (strcmp (FIELD (header, c), "group") == 0)
        group_col = (int) c;
    }
  g_assert_cmpint (cv_col, >=, 0);
  g_assert_cmpint (group_col, >=, 0);

  for (guint i = 0; i < gw_run_get_n_models (run); i++)
    {
      const GwModel *m = gw_run_get_model (run, i);
      GPtrArray *rec = records->pdata[i + 1];

      g_assert_cmpuint (rec->len, ==, header->len);
      g_assert_cmpstr (FIELD (rec, group_col), ==, m->group_name);
      if (isnan (m->cv_r2))
        g_assert_cmpstr (FIELD (rec, cv_col), ==, "");
      else  /* full precision */
        g_assert_cmpfloat (g_ascii_strtod (FIELD (rec, cv_col), NULL), ==, m->cv_r2);
    }
}

/* Output larger than the writer's 1 MiB chunk stays well-formed. */
static void
test_many_chunks (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("GW_SHARED_DATA"), "testwork_user.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) big = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *body;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  body = strchr (text, '\n') + 1;
  big = g_string_new_len (text, body - text);
  for (guint i = 0; i < 40; i++)
    g_string_append (big, body);

  table = table_from_string (big->str);
  g_assert_cmpuint (gw_table_get_n_rows (table), ==, 40 * 323);
  run = analyse (table, GW_PRESET_CLASSIC);

  csv = export (run, GW_EXPORT_CSV);
  g_assert_cmpuint (g_bytes_get_size (csv), >, 1 << 20);
  records = parse_csv (csv);
  g_assert_cmpuint (records->len, ==, 1 + 40 * 323);
  g_assert_cmpstr (FIELD (records->pdata[records->len - 1], 0), ==, "12921");

  json = export (run, GW_EXPORT_JSON);
  root = parse_json (json);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "rows")),
                    ==, 40 * 323);
}

static void
test_cancel (void)
{
  g_autoptr(GwTable) table = table_from_file ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GwRun) run = analyse (table, GW_PRESET_CLASSIC);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *dest_path = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autofree char *contents = NULL;
  GDir *d;
  guint n_files = 0;

  g_cancellable_cancel (cancellable);
  g_assert_false (gw_export_csv (run, out, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A cancelled file export leaves the old file and no temporary file. */
  dir = g_dir_make_tmp ("gw-export-XXXXXX", &error);
  g_assert_no_error (error);
  dest_path = g_build_filename (dir, "out.json", NULL);
  g_file_set_contents (dest_path, "old", -1, &error);
  g_assert_no_error (error);
  dest = g_file_new_for_path (dest_path);

  g_assert_false (gw_export_to_file (run, GW_EXPORT_JSON, dest, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_file_get_contents (dest_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "old");
  g_clear_pointer (&contents, g_free);

  /* A complete one replaces it with what the stream export writes. */
  g_assert_true (gw_export_to_file (run, GW_EXPORT_CSV, dest, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) expected = export (run, GW_EXPORT_CSV);
    gsize len;

    g_file_get_contents (dest_path, &contents, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  }

  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (d) != NULL)
    n_files++;
  g_dir_close (d);
  g_assert_cmpuint (n_files, ==, 1);

  g_file_delete (dest, NULL, NULL);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/export/csv/real", test_csv_real);
  g_test_add_func ("/engine/export/csv/awkward-inputs", test_csv_awkward_inputs);
  g_test_add_func ("/engine/export/csv/models", test_models_csv);
  g_test_add_func ("/engine/export/json/real", test_json_real);
  g_test_add_func ("/engine/export/json/escaping", test_json_escaping);
  g_test_add_func ("/engine/export/many-chunks", test_many_chunks);
  g_test_add_func ("/engine/export/cancel", test_cancel);

  return g_test_run ();
}
