/* test-export-formats.c: the XLSX and mzTab-M exports, and curation columns
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The XLSX files are read back by openpyxl (tests/engine/xlsx-oracle.py,
 * run with Debian's /usr/bin/python3), an independent reader; expected
 * values come from the run in memory, never from an earlier output.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gw-analysis.h"
#include "gw-export.h"

#define PYTHON "/usr/bin/python3"

static GwRun *
analyze_bytes (const char *csv,
               const char *name)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = gw_table_new_from_bytes (bytes, name, NULL, &error);
  GwParams params;
  GwRun *run;

  g_assert_no_error (error);
  gw_params_init (&params, GW_PRESET_CLASSIC);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return run;
}

static GwRun *
analyze_sample (void)
{
  const char *dir = g_getenv ("GW_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "testwork_user.csv", NULL);
  if (!g_file_get_contents (path, &contents, &len, &error))
    return NULL;
  return analyze_bytes (contents, "testwork_user.csv");
}

/* "A", "B", …, "Z", "AA": the spreadsheet column of 0-based @col. */
static char *
col_letter (guint col)
{
  char buf[8];
  int i = 7;

  buf[i] = '\0';
  col++;
  while (col > 0)
    {
      buf[--i] = (char) ('A' + (col - 1) % 26);
      col = (col - 1) / 26;
    }
  return g_strdup (buf + i);
}

static char *
cell_ref (const char *sheet,
          guint       col,
          guint       row1)
{
  g_autofree char *letter = col_letter (col);

  return g_strdup_printf ("%s!%s%u", sheet, letter, row1);
}

static guint
column_index (const char *columns,
              const char *name)
{
  g_auto(GStrv) names = g_strsplit (columns, ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return i;
  g_assert_not_reached ();
}

static char *
fmt_number (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
}

/* Runs the oracle with @args (NULL-terminated, after the file); fails the
 * test with its output when an expectation does not hold. */
static void
run_oracle (const char  *path,
            GPtrArray   *args)
{
  g_autofree char *script = g_build_filename (g_getenv ("GW_SOURCE_DIR"), "tests", "engine",
                                              "xlsx-oracle.py", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) PYTHON);
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (gpointer) path);
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (args, i));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xlsx oracle failed on %s:\n%s%s", path, out, err);
}

static void
add (GPtrArray  *args,
     const char *opt,
     char       *value)   /* (transfer full) */
{
  g_ptr_array_add (args, g_strdup (opt));
  g_ptr_array_add (args, value);
}

static gboolean
have_oracle (void)
{
  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no " PYTHON " (install python3-openpyxl)");
      return FALSE;
    }
  return TRUE;
}

/* A curation of @run: row 0 rejected, the first outlier accepted. */
typedef struct
{
  const char       **status;
  const char       **reason;
  const char       **author;
  gint64            *time;
  GwExportCurationEntry log[3];
  GwExportCuration   cur;
  guint              accepted_row;
} Curation;

static void
curation_init (Curation *c,
               GwRun    *run)
{
  guint n = gw_run_get_n_rows (run);

  c->status = g_new0 (const char *, n);
  c->reason = g_new0 (const char *, n);
  c->author = g_new0 (const char *, n);
  c->time = g_new0 (gint64, n);

  c->status[0] = "rejected";
  c->reason[0] = "co-elutes with a contaminant\tsee notebook p. 12";
  c->author[0] = "ana";
  c->time[0] = G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC;

  c->accepted_row = 0;
  for (guint r = 1; r < n; r++)
    if (gw_run_get_status (run, r) == GW_STATUS_OUTLIER)
      {
        c->accepted_row = r;
        break;
      }
  g_assert_cmpuint (c->accepted_row, >, 0);
  c->status[c->accepted_row] = "accepted";
  c->reason[c->accepted_row] = "confirmed by MS/MS";
  c->author[c->accepted_row] = "ben";
  c->time[c->accepted_row] = G_GINT64_CONSTANT (1795000100) * G_USEC_PER_SEC;

  c->log[0] = (GwExportCurationEntry) { c->time[0], 0, "rejected", c->reason[0], "ana" };
  c->log[1] = (GwExportCurationEntry) { c->time[c->accepted_row], (int) c->accepted_row,
                                        "accepted", c->reason[c->accepted_row], "ben" };
  c->log[2] = (GwExportCurationEntry) { c->time[c->accepted_row] + 1, -1, "undo", "", "ben" };

  c->cur.n_rows = n;
  c->cur.status = c->status;
  c->cur.reason = c->reason;
  c->cur.author = c->author;
  c->cur.time = c->time;
  c->cur.n_log = 3;
  c->cur.log = c->log;
}

static void
curation_clear (Curation *c)
{
  g_free (c->status);
  g_free (c->reason);
  g_free (c->author);
  g_free (c->time);
}

static char *
temp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-export-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_xlsx_sample (void)
{
  g_autoptr(GwRun) run = analyze_sample ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  g_autofree char *last = NULL;
  GwTable *table;
  guint n_rows, n_cols, status_col, outlier = 0;

  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }
  if (!have_oracle ())
    return;

  table = gw_run_get_table (run);
  n_rows = gw_run_get_n_rows (run);
  n_cols = column_index (GW_EXPORT_CSV_COLUMNS, "warnings") + 1;
  status_col = column_index (GW_EXPORT_CSV_COLUMNS, "status");
  for (guint r = 0; r < n_rows; r++)
    if (gw_run_get_status (run, r) == GW_STATUS_OUTLIER)
      {
        outlier = r;
        break;
      }

  path = temp_path ("sample.xlsx");
  g_assert_true (gw_export_xlsx (run, NULL, path, NULL, &error));
  g_assert_no_error (error);

  add (args, "--sheets", g_strdup ("Compounds,Models,Rules,Run"));
  add (args, "--header", g_strconcat ("Compounds=", GW_EXPORT_CSV_COLUMNS, NULL));
  add (args, "--rows", g_strdup_printf ("Compounds=%u", n_rows + 1));
  add (args, "--rows", g_strdup_printf ("Models=%u", gw_run_get_n_models (run) + 1));
  add (args, "--frozen", g_strdup ("Compounds=C2"));
  last = col_letter (n_cols - 1);
  add (args, "--autofilter", g_strdup_printf ("Compounds=A1:%s%u", last, n_rows + 1));

  /* Numbers are numeric cells with the input's values. */
  for (guint r = 0; r < 3; r++)
    {
      g_autofree char *rt = fmt_number (gw_table_get_rt (table, r));
      g_autofree char *vol = fmt_number (gw_table_get_volume (table, r));

      add (args, "--cell", g_strdup_printf ("Compounds!A%u=number:%u", r + 2,
                                            gw_table_get_line (table, r)));
      add (args, "--cell", g_strdup_printf ("Compounds!C%u=number:%s", r + 2, rt));
      add (args, "--cell", g_strdup_printf ("Compounds!D%u=number:%s", r + 2, vol));
      add (args, "--cell", g_strdup_printf ("Compounds!F%u=bool:%s", r + 2,
                                            gw_table_is_anchor (table, r) ? "true" : "false"));
    }

  /* A known outlier: its status, coloured, its reason and its z. */
  {
    g_autofree char *status_ref = cell_ref ("Compounds", status_col, outlier + 2);
    g_autofree char *reason_ref = cell_ref ("Compounds", status_col + 1, outlier + 2);
    g_autofree char *z_ref = cell_ref ("Compounds", column_index (GW_EXPORT_CSV_COLUMNS, "z"),
                                       outlier + 2);
    g_autofree char *z = fmt_number (gw_run_get_z (run, outlier));

    add (args, "--cell", g_strdup_printf ("%s=string:outlier", status_ref));
    add (args, "--fill", g_strdup_printf ("%s=F6D5D1", status_ref));
    add (args, "--cell", g_strdup_printf ("%s=string:%s", reason_ref, gw_run_get_reason (run, outlier)));
    add (args, "--cell", g_strdup_printf ("%s=number:%s", z_ref, z));
  }

  /* Models: group name and a numeric R². */
  {
    const GwModel *m = gw_run_get_model (run, 0);
    g_autofree char *r2 = fmt_number (m->r2);

    add (args, "--cell", g_strdup_printf ("Models!A2=string:%s", m->group_name));
    add (args, "--cell", g_strdup_printf ("Models!H2=number:%s", r2));
  }

  /* Run: input name and SHA-256, preset. */
  add (args, "--cell", g_strdup ("Run!A2=string:input"));
  add (args, "--cell", g_strdup ("Run!B2=string:testwork_user.csv"));
  add (args, "--cell", g_strdup ("Run!A3=string:input_sha256"));
  add (args, "--cell", g_strdup_printf ("Run!B3=string:%s", gw_table_get_sha256 (table)));
  add (args, "--cell", g_strdup ("Run!B5=string:classic"));
  add (args, "--cell", g_strdup ("Rules!A1=contains:O-acetylation"));

  run_oracle (path, args);
  remove_temp (path);
}

static void
test_xlsx_curation (void)
{
  g_autoptr(GwRun) run = analyze_sample ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  GwExportContext context = { "Brain extracts", "0123abcd-run", "ana", NULL };
  Curation c;
  guint first;

  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }
  if (!have_oracle ())
    return;

  curation_init (&c, run);
  context.curation = &c.cur;
  first = column_index (GW_EXPORT_CSV_COLUMNS, "warnings") + 1;

  /* Through the atomic path, as the app and the CLI write it. */
  path = temp_path ("curated.xlsx");
  file = g_file_new_for_path (path);
  g_assert_true (gw_export_to_file_full (run, GW_EXPORT_XLSX, &context, file, NULL, &error));
  g_assert_no_error (error);

  add (args, "--header", g_strconcat ("Compounds=", GW_EXPORT_CSV_COLUMNS, ",",
                                      GW_EXPORT_CURATION_COLUMNS, NULL));
  {
    g_autofree char *eff0 = cell_ref ("Compounds", first, 2);
    g_autofree char *cur0 = cell_ref ("Compounds", first + 1, 2);
    g_autofree char *why0 = cell_ref ("Compounds", first + 2, 2);
    g_autofree char *who0 = cell_ref ("Compounds", first + 3, 2);
    g_autofree char *when0 = cell_ref ("Compounds", first + 4, 2);
    g_autofree char *eff1 = cell_ref ("Compounds", first, c.accepted_row + 2);
    g_autofree char *eff_plain = cell_ref ("Compounds", first, 3);
    g_autofree char *cur_plain = cell_ref ("Compounds", first + 1, 3);

    add (args, "--cell", g_strdup_printf ("%s=string:rejected", eff0));
    add (args, "--fill", g_strdup_printf ("%s=F4C7C3", eff0));
    add (args, "--cell", g_strdup_printf ("%s=bool:true", cur0));
    add (args, "--cell", g_strdup_printf ("%s=string:%s", why0, c.reason[0]));
    add (args, "--cell", g_strdup_printf ("%s=string:ana", who0));
    add (args, "--cell", g_strdup_printf ("%s=datetime:2026-11-18T11:06:40Z", when0));
    add (args, "--cell", g_strdup_printf ("%s=string:accepted", eff1));
    add (args, "--cell", g_strdup_printf ("%s=string:%s", eff_plain,
                                          gw_status_to_string (gw_run_get_status (run, 1))));
    add (args, "--cell", g_strdup_printf ("%s=bool:false", cur_plain));
  }
  add (args, "--cell", g_strdup ("Run!B2=string:Brain extracts"));
  add (args, "--cell", g_strdup ("Run!B3=string:0123abcd-run"));

  run_oracle (path, args);
  remove_temp (path);
  curation_clear (&c);
}

/* An unreadable input number stays visible as its text. */
static void
test_xlsx_invalid_rows (void)
{
  g_autoptr(GwRun) run = analyze_bytes ("Name,RT,Volume,Log P,Anchor,Note\n"
                                        "GM1(36:1;O2),10.1,100,1.0,T,a\n"
                                        "GM1(38:1;O2),11.1,100,2.0,T,b\n"
                                        "GM1(40:1;O2),12.1,100,3.0,T,c\n"
                                        "GM1(36:1;O2),abc,100,1.0,F,\"x, y\"\n",
                                        "invalid.csv");
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("invalid.xlsx");
  g_autofree char *note = cell_ref ("Compounds", column_index (GW_EXPORT_CSV_COLUMNS, "warnings") + 1, 5);

  if (!have_oracle ())
    return;

  g_assert_true (gw_export_xlsx (run, NULL, path, NULL, &error));
  g_assert_no_error (error);
  add (args, "--rows", g_strdup ("Compounds=5"));
  add (args, "--cell", g_strdup ("Compounds!C5=string:abc"));
  add (args, "--cell", g_strdup ("Compounds!G5=string:invalid"));
  add (args, "--cell", g_strdup ("Compounds!F5=string:F"));
  add (args, "--cell", g_strdup ("Compounds!C4=number:12.1"));
  add (args, "--cell", g_strdup_printf ("%s=string:x, y", note));
  run_oracle (path, args);
  remove_temp (path);
}

static void
test_curation_mismatch (void)
{
  g_autoptr(GwRun) run = analyze_bytes ("Name,RT,Volume,Log P,Anchor\n"
                                        "GM1(36:1;O2),10.1,100,1.0,T\n"
                                        "GM1(38:1;O2),11.1,100,2.0,T\n"
                                        "GM1(40:1;O2),12.1,100,3.0,T\n",
                                        "small.csv");
  GwExportCuration cur = { .n_rows = 7 };
  GwExportContext context = { .curation = &cur };
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_false (gw_export_to_stream_full (run, GW_EXPORT_MZTAB, &context, out, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "7 rows"));
}

/* The text of @run's mzTab export. */
static char *
mztab_text (GwRun                 *run,
            const GwExportContext *context)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_export_to_stream_full (run, GW_EXPORT_MZTAB, context, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

typedef struct
{
  GHashTable *mtd;          /* key → value */
  GPtrArray  *sml_header;   /* column names */
  GPtrArray  *sml;          /* GStrv per row */
  GPtrArray  *smf_header;
  GPtrArray  *smf;
} MzTab;

static void
mztab_clear (MzTab *t)
{
  g_clear_pointer (&t->mtd, g_hash_table_unref);
  g_clear_pointer (&t->sml_header, g_ptr_array_unref);
  g_clear_pointer (&t->sml, g_ptr_array_unref);
  g_clear_pointer (&t->smf_header, g_ptr_array_unref);
  g_clear_pointer (&t->smf, g_ptr_array_unref);
}

static GPtrArray *
strv_to_array (char **fields)
{
  GPtrArray *a = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 1; fields[i] != NULL; i++)
    g_ptr_array_add (a, g_strdup (fields[i]));
  return a;
}

static int
find_column (GPtrArray  *header,
             const char *name)
{
  for (guint i = 0; i < header->len; i++)
    if (strcmp (g_ptr_array_index (header, i), name) == 0)
      return (int) i + 1;   /* +1: field 0 is the line prefix */
  return -1;
}

/* Parses the structure and checks it as it goes: known line prefixes,
 * sections in order (MTD, SML, SMF), every row with as many fields as its
 * header, no empty field (the specification writes "null"). */
static void
mztab_parse (const char *text,
             MzTab      *t)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  int section = 0;   /* 0 MTD, 1 SML, 2 SMF */

  memset (t, 0, sizeof *t);
  t->mtd = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  t->sml = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  t->smf = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      guint n;

      if (lines[i][0] == '\0')
        continue;
      g_assert_null (strchr (lines[i], '\r'));
      f = g_strsplit (lines[i], "\t", -1);
      n = g_strv_length (f);
      for (guint k = 0; k < n; k++)
        if (f[k][0] == '\0')
          g_error ("line %u field %u is empty: %s", i + 1, k, lines[i]);

      if (strcmp (f[0], "COM") == 0)
        continue;
      if (strcmp (f[0], "MTD") == 0)
        {
          g_assert_cmpint (section, ==, 0);
          g_assert_cmpuint (n, ==, 3);
          g_assert_false (g_hash_table_contains (t->mtd, f[1]));
          g_hash_table_insert (t->mtd, g_strdup (f[1]), g_strdup (f[2]));
        }
      else if (strcmp (f[0], "SMH") == 0)
        {
          g_assert_cmpint (section, ==, 0);
          section = 1;
          t->sml_header = strv_to_array (f);
        }
      else if (strcmp (f[0], "SML") == 0)
        {
          g_assert_cmpint (section, ==, 1);
          g_assert_cmpuint (n - 1, ==, t->sml_header->len);
          g_ptr_array_add (t->sml, g_steal_pointer (&f));
        }
      else if (strcmp (f[0], "SFH") == 0)
        {
          g_assert_cmpint (section, ==, 1);
          section = 2;
          t->smf_header = strv_to_array (f);
        }
      else if (strcmp (f[0], "SMF") == 0)
        {
          g_assert_cmpint (section, ==, 2);
          g_assert_cmpuint (n - 1, ==, t->smf_header->len);
          g_ptr_array_add (t->smf, g_steal_pointer (&f));
        }
      else
        g_error ("line %u has an unknown prefix: %s", i + 1, lines[i]);
    }
  g_assert_nonnull (t->sml_header);
  g_assert_nonnull (t->smf_header);
}

static void
test_mztab_structure (void)
{
  g_autoptr(GwRun) run = analyze_sample ();
  g_autofree char *text = NULL;
  GwExportContext context = { "Brain extracts", "0123abcd-run", "ana", NULL };
  static const char * const required_mtd[] = {
    "mzTab-version", "mzTab-ID", "software[1]", "quantification_method",
    "study_variable[1]", "study_variable[1]-assay_refs", "ms_run[1]-location",
    "assay[1]", "assay[1]-ms_run_ref", "cv[1]-label", "cv[1]-full_name",
    "cv[1]-version", "cv[1]-uri", "database[1]", "database[1]-prefix",
    "database[1]-version", "database[1]-uri", "small_molecule-quantification_unit",
    "small_molecule_feature-quantification_unit", "id_confidence_measure[1]",
  };
  static const char * const required_sml[] = {
    "SML_ID", "SMF_ID_REFS", "database_identifier", "chemical_formula", "smiles",
    "inchi", "chemical_name", "uri", "theoretical_neutral_mass", "adduct_ions",
    "reliability", "best_id_confidence_measure", "best_id_confidence_value",
    "abundance_assay[1]", "abundance_study_variable[1]",
    "abundance_variation_study_variable[1]",
  };
  static const char * const required_smf[] = {
    "SMF_ID", "SME_ID_REFS", "SME_ID_REF_ambiguity_code", "adduct_ion", "isotopomer",
    "exp_mass_to_charge", "charge", "retention_time_in_seconds",
    "retention_time_in_seconds_start", "retention_time_in_seconds_end",
  };
  Curation c;
  MzTab t;
  int col_eff, col_reason, col_status;

  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }

  curation_init (&c, run);
  context.curation = &c.cur;
  text = mztab_text (run, &context);
  mztab_parse (text, &t);

  for (guint i = 0; i < G_N_ELEMENTS (required_mtd); i++)
    if (!g_hash_table_contains (t.mtd, required_mtd[i]))
      g_error ("MTD %s is missing", required_mtd[i]);
  g_assert_cmpstr (g_hash_table_lookup (t.mtd, "mzTab-version"), ==, "2.0.0-M");
  g_assert_cmpstr (g_hash_table_lookup (t.mtd, "mzTab-ID"), ==, "0123abcd-run");

  /* The standard columns first, in the specification's order. */
  for (guint i = 0; i < G_N_ELEMENTS (required_sml); i++)
    g_assert_cmpstr (g_ptr_array_index (t.sml_header, i), ==, required_sml[i]);
  for (guint i = 0; i < G_N_ELEMENTS (required_smf); i++)
    g_assert_cmpstr (g_ptr_array_index (t.smf_header, i), ==, required_smf[i]);
  for (guint i = G_N_ELEMENTS (required_sml); i < t.sml_header->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (t.sml_header, i), "opt_global_"));

  g_assert_cmpuint (t.sml->len, ==, gw_run_get_n_rows (run));
  g_assert_cmpuint (t.smf->len, ==, gw_run_get_n_rows (run));

  /* Our extras: status, z, reason, anchor and the curation. */
  col_status = find_column (t.sml_header, "opt_global_status");
  col_reason = find_column (t.sml_header, "opt_global_curation_reason");
  col_eff = find_column (t.sml_header, "opt_global_effective_status");
  g_assert_cmpint (find_column (t.sml_header, "opt_global_z"), >, 0);
  g_assert_cmpint (find_column (t.sml_header, "opt_global_reason"), >, 0);
  g_assert_cmpint (find_column (t.sml_header, "opt_global_anchor"), >, 0);
  g_assert_cmpint (col_status, >, 0);
  g_assert_cmpint (col_eff, >, 0);
  for (guint r = 0; r < t.sml->len; r++)
    {
      char **f = g_ptr_array_index (t.sml, r);

      g_assert_cmpstr (f[col_status], ==, gw_status_to_string (gw_run_get_status (run, r)));
      g_assert_cmpstr (f[col_eff], ==, gw_export_curation_get_effective_status (&c.cur, run, r));
    }
  /* The tab in the curation reason became a space. */
  g_assert_cmpstr (((char **) g_ptr_array_index (t.sml, 0))[col_reason], ==,
                   "co-elutes with a contaminant see notebook p. 12");

  mztab_clear (&t);
  curation_clear (&c);
}

/* Names back from "PREFIX C:DB;OX" to the grammar, and RT back from the
 * SMF seconds and the SML minutes. */
static void
test_mztab_roundtrip (void)
{
  g_autoptr(GwRun) run = analyze_sample ();
  g_autofree char *text = NULL;
  GwTable *table;
  MzTab t;
  int col_name, col_rt_min, col_rt_s, col_refs;

  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }
  table = gw_run_get_table (run);
  text = mztab_text (run, NULL);
  mztab_parse (text, &t);

  col_name = find_column (t.sml_header, "chemical_name");
  col_rt_min = find_column (t.sml_header, "opt_global_retention_time");
  col_refs = find_column (t.sml_header, "SMF_ID_REFS");
  col_rt_s = find_column (t.smf_header, "retention_time_in_seconds");

  for (guint r = 0; r < t.sml->len; r++)
    {
      char **sml = g_ptr_array_index (t.sml, r);
      const GwName *want = gw_table_get_parsed_name (table, r);
      guint64 smf_id = g_ascii_strtoull (sml[col_refs], NULL, 10);
      char **smf;
      double rt = gw_table_get_rt (table, r);

      if (want != NULL)
        {
          const char *space = strrchr (sml[col_name], ' ');
          g_autofree char *prefix = NULL;
          g_autofree char *grammar = NULL;
          g_autoptr(GError) error = NULL;
          GwName got;

          g_assert_nonnull (space);
          prefix = g_strndup (sml[col_name], (gsize) (space - sml[col_name]));
          grammar = g_strdup_printf ("%s(%s)", prefix, space + 1);
          g_assert_true (gw_name_parse (grammar, -1, &got, &error));
          g_assert_no_error (error);
          g_assert_true (gw_name_full_equal (&got, want));
        }
      else
        g_assert_cmpstr (sml[col_name], ==, gw_table_get_name (table, r));

      g_assert_cmpuint (smf_id, >=, 1);
      g_assert_cmpuint (smf_id, <=, t.smf->len);
      smf = g_ptr_array_index (t.smf, smf_id - 1);
      g_assert_cmpuint (g_ascii_strtoull (smf[1], NULL, 10), ==, smf_id);
      if (isfinite (rt))
        {
          g_assert_cmpfloat (g_ascii_strtod (sml[col_rt_min], NULL), ==, rt);
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (smf[col_rt_s], NULL) / 60.0, rt, 1e-9);
        }
    }
  mztab_clear (&t);
}

/* Tabs and line breaks inside values never break the columns. */
static void
test_mztab_sanitise (void)
{
  g_autoptr(GwRun) run = analyze_bytes ("Name,RT,Volume,Log P,Anchor\n"
                                        "GM1(36:1;O2),10.1,100,1.0,T\n"
                                        "GM1(38:1;O2),11.1,100,2.0,T\n"
                                        "GM1(40:1;O2),12.1,100,3.0,T\n"
                                        "\"GM1\t(36:1;O2)\",10.5,100,1.0,F\n"
                                        "\"GM1\n(38:1;O2)\",11.5,100,2.0,\"F\tx\"\n",
                                        "tabs.csv");
  g_autofree char *text = mztab_text (run, NULL);
  MzTab t;
  int col_name;

  mztab_parse (text, &t);
  g_assert_cmpuint (t.sml->len, ==, 5);
  col_name = find_column (t.sml_header, "opt_global_name_as_written");
  g_assert_cmpstr (((char **) g_ptr_array_index (t.sml, 3))[col_name], ==, "GM1 (36:1;O2)");
  g_assert_cmpstr (((char **) g_ptr_array_index (t.sml, 4))[col_name], ==, "GM1 (38:1;O2)");
  mztab_clear (&t);
}

static char *
csv_text (GwRun                 *run,
          GwExportFormat         format,
          const GwExportContext *context)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_export_to_stream_full (run, format, context, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_csv_json_curation (void)
{
  g_autoptr(GwRun) run = analyze_sample ();
  GwExportContext context = { "Brain extracts", "0123abcd-run", "ana", NULL };
  g_autofree char *plain = NULL;
  g_autofree char *curated = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *want_row1 = NULL;
  Curation c;

  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }
  curation_init (&c, run);
  context.curation = &c.cur;

  plain = csv_text (run, GW_EXPORT_CSV, NULL);
  g_assert_true (g_str_has_prefix (plain, GW_EXPORT_CSV_COLUMNS "\n"));
  g_assert_null (strstr (plain, "effective_status"));

  curated = csv_text (run, GW_EXPORT_CSV, &context);
  lines = g_strsplit (curated, "\n", -1);
  g_assert_cmpstr (lines[0], ==, GW_EXPORT_CSV_COLUMNS "," GW_EXPORT_CURATION_COLUMNS);
  g_assert_true (g_str_has_suffix (lines[1],
                                   ",rejected,true,co-elutes with a contaminant\tsee notebook p. 12,"
                                   "ana,2026-11-18T11:06:40Z"));
  want_row1 = g_strdup_printf (",%s,false,,,", gw_status_to_string (gw_run_get_status (run, 1)));
  g_assert_true (g_str_has_suffix (lines[2], want_row1));
  g_assert_cmpuint (g_strv_length (lines), ==, gw_run_get_n_rows (run) + 2);

  json = csv_text (run, GW_EXPORT_JSON, &context);
  g_assert_nonnull (strstr (json, "\"project\":{\"name\":\"Brain extracts\",\"run_id\":\"0123abcd-run\""));
  g_assert_nonnull (strstr (json, "\"effective_status\":\"rejected\",\"curated\":true,"
                                  "\"curation\":{\"reason\":\"co-elutes with a contaminant\\tsee notebook p. 12\""));
  g_assert_nonnull (strstr (json, "\"action\":\"undo\""));
  curation_clear (&c);
}

/* A cancelled XLSX export leaves neither the destination nor a temporary
 * file behind. */
static void
test_xlsx_cancelled (void)
{
  g_autoptr(GwRun) run = analyze_bytes ("Name,RT,Volume,Log P,Anchor\n"
                                        "GM1(36:1;O2),10.1,100,1.0,T\n"
                                        "GM1(38:1;O2),11.1,100,2.0,T\n"
                                        "GM1(40:1;O2),12.1,100,3.0,T\n",
                                        "small.csv");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_path ("cancelled.xlsx");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GDir) d = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (gw_export_to_file_full (run, GW_EXPORT_XLSX, NULL, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  d = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  g_rmdir (dir);
}

static void
test_format_names (void)
{
  GwExportFormat f;

  g_assert_true (gw_export_format_from_string ("XLSX", &f));
  g_assert_cmpint (f, ==, GW_EXPORT_XLSX);
  g_assert_true (gw_export_format_from_string ("mztab", &f));
  g_assert_cmpint (f, ==, GW_EXPORT_MZTAB);
  g_assert_false (gw_export_format_from_string ("pdf", &f));
  g_assert_cmpstr (gw_export_format_get_extension (GW_EXPORT_MZTAB), ==, "mztab");
  g_assert_cmpstr (gw_export_format_to_string (GW_EXPORT_CSV_MODELS), ==, "csv-models");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/export/format-names", test_format_names);
  g_test_add_func ("/engine/export/xlsx/sample", test_xlsx_sample);
  g_test_add_func ("/engine/export/xlsx/curation", test_xlsx_curation);
  g_test_add_func ("/engine/export/xlsx/invalid-rows", test_xlsx_invalid_rows);
  g_test_add_func ("/engine/export/xlsx/cancelled", test_xlsx_cancelled);
  g_test_add_func ("/engine/export/mztab/structure", test_mztab_structure);
  g_test_add_func ("/engine/export/mztab/roundtrip", test_mztab_roundtrip);
  g_test_add_func ("/engine/export/mztab/sanitise", test_mztab_sanitise);
  g_test_add_func ("/engine/export/curation-mismatch", test_curation_mismatch);
  g_test_add_func ("/engine/export/csv-json/curation", test_csv_json_curation);

  return g_test_run ();
}
