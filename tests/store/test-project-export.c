/* test-project-export.c: `ganglioside export` and `report` on a project
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Makes a project with a real analysis of the sample and a curation (an
 * accepted outlier, two rejected rows, an undone action), then drives the
 * real `ganglioside` binary: the exports must carry the effective status
 * and the curation columns, the report the curation log; --raw leaves the
 * curation out.  The XLSX file is read back with openpyxl.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "gw-export.h"
#include "gw-project.h"

typedef struct
{
  char  *dir;
  char  *path;
  char  *run_id;
  guint  outlier;
  GwRun *run;
} Fixture;

static char *
cli_path (void)
{
  return g_build_filename (g_getenv ("GW_BUILD_DIR"), "src", "cli", "ganglioside", NULL);
}

static gboolean
fixture_setup (Fixture *f)
{
  const char *shared = g_getenv ("GW_SHARED_DATA");
  g_autofree char *csv = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *a3 = NULL;
  guint rejected[] = { 1, 2 };
  guint other[] = { 5 };
  GwParams params;

  if (shared == NULL)
    return FALSE;
  csv = g_build_filename (shared, "testwork_user.csv", NULL);
  if (!g_file_test (csv, G_FILE_TEST_EXISTS))
    return FALSE;

  file = g_file_new_for_path (csv);
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  table = gw_table_new_from_bytes (bytes, "testwork_user.csv", NULL, &error);
  g_assert_no_error (error);
  gw_params_init (&params, GW_PRESET_CLASSIC);
  f->run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (f->outlier = 3; f->outlier < gw_run_get_n_rows (f->run); f->outlier++)
    if (gw_run_get_status (f->run, f->outlier) == GW_STATUS_OUTLIER)
      break;

  f->dir = g_dir_make_tmp ("gw-project-export-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "Brain.gwproject", NULL);
  project = gw_project_create (f->path, "Brain extracts", &error);
  g_assert_no_error (error);
  f->run_id = gw_project_save_run (project, f->run, bytes, "ana", &error);
  g_assert_no_error (error);

  a1 = gw_project_curate (project, f->run_id, &f->outlier, 1, GW_CURATION_ACCEPTED,
                          "confirmed by MS/MS spectrum 4711", "ben", &error);
  g_assert_no_error (error);
  a2 = gw_project_curate (project, f->run_id, rejected, 2, GW_CURATION_REJECTED,
                          "co-elutes with a plasticiser", "ana", &error);
  g_assert_no_error (error);
  a3 = gw_project_curate (project, f->run_id, other, 1, GW_CURATION_REJECTED,
                          "mistake", "ana", &error);
  g_assert_no_error (error);
  g_assert_true (gw_project_undo (project, f->run_id, "ana", &error));
  g_assert_no_error (error);
  return TRUE;
}

static void
fixture_teardown (Fixture *f)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);

      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->run_id);
  g_clear_pointer (&f->run, gw_run_unref);
}

/* Runs the CLI; returns its stderr, asserts exit 0. */
static void
run_cli (const char * const *args)
{
  g_autofree char *cli = cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("ganglioside %s failed: %s", args[0], err);
}

static char *
read_text (const char *path)
{
  char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static void
test_csv_curated_and_raw (void)
{
  Fixture f = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw_text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *want = NULL;

  if (!fixture_setup (&f))
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }
  out = g_build_filename (f.dir, "curated.csv", NULL);
  raw = g_build_filename (f.dir, "raw.csv", NULL);
  {
    g_autofree char *short_id = g_strndup (f.run_id, 8);

    run_cli ((const char *[]) { "export", f.path, "--run", short_id, "-o", out, NULL });
    run_cli ((const char *[]) { "export", f.path, "--run", short_id, "--raw", "-o", raw, NULL });
  }

  text = read_text (out);
  lines = g_strsplit (text, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], GW_EXPORT_CSV_COLUMNS "," GW_EXPORT_CURATION_COLUMNS));
  g_assert_true (g_str_has_suffix (lines[2], ",rejected,true,co-elutes with a plasticiser,ana,") ||
                 strstr (lines[2], ",rejected,true,co-elutes with a plasticiser,ana,20") != NULL);
  want = g_strdup_printf (",accepted,true,confirmed by MS/MS spectrum 4711,ben,");
  g_assert_nonnull (strstr (lines[f.outlier + 1], want));
  /* The undone rejection of row 5 is not in effect. */
  g_assert_nonnull (strstr (lines[6], ",false,,,"));
  g_assert_null (strstr (lines[6], "mistake"));

  raw_text = read_text (raw);
  g_assert_true (g_str_has_prefix (raw_text, GW_EXPORT_CSV_COLUMNS "\n"));
  g_assert_null (strstr (raw_text, "plasticiser"));
  fixture_teardown (&f);
}

static void
test_xlsx_mztab_json (void)
{
  Fixture f = { 0 };
  g_autofree char *xlsx = NULL;
  g_autofree char *mztab = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *script = NULL;
  g_autofree char *oracle_out = NULL;
  g_autofree char *oracle_err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!fixture_setup (&f))
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }
  xlsx = g_build_filename (f.dir, "run.xlsx", NULL);
  mztab = g_build_filename (f.dir, "run.mztab", NULL);
  json = g_build_filename (f.dir, "run.json", NULL);
  run_cli ((const char *[]) { "export", f.path, "--run", f.run_id, "-o", xlsx, NULL });
  run_cli ((const char *[]) { "export", f.path, "--run", f.run_id, "-o", mztab, NULL });
  run_cli ((const char *[]) { "export", f.path, "--run", f.run_id, "-f", "json", "-o", json, NULL });

  text = read_text (mztab);
  {
    g_autofree char *id = g_strdup_printf ("MTD\tmzTab-ID\t%s\n", f.run_id);

    g_assert_nonnull (strstr (text, id));
    g_assert_nonnull (strstr (text, "\topt_global_effective_status\t"));
    g_assert_nonnull (strstr (text, "\trejected\ttrue\tco-elutes with a plasticiser\tana\t"));
  }
  g_free (text);
  text = read_text (json);
  g_assert_nonnull (strstr (text, "\"project\":{\"name\":\"Brain extracts\""));
  g_assert_nonnull (strstr (text, "\"action\":\"undo\""));

  /* The workbook, through openpyxl. */
  script = g_strdup_printf (
    "import sys, openpyxl\n"
    "wb = openpyxl.load_workbook(sys.argv[1])\n"
    "ws = wb['Compounds']\n"
    "head = [c.value for c in ws[1]]\n"
    "e = head.index('effective_status')\n"
    "rows = list(ws.iter_rows(min_row=2, values_only=True))\n"
    "assert rows[1][e] == 'rejected', rows[1][e]\n"
    "assert rows[1][e + 1] is True\n"
    "assert rows[%u][e] == 'accepted', rows[%u][e]\n"
    "assert rows[%u][e + 3] == 'ben'\n"
    "assert hasattr(rows[%u][e + 4], 'year')\n"
    "run = {r[0]: r[1] for r in wb['Run'].iter_rows(min_row=2, values_only=True) if r[0]}\n"
    "assert run['project'] == 'Brain extracts', run\n"
    "assert run['run_id'] == sys.argv[2], run\n"
    "assert run['curated_accepted'] == 1 and run['curated_rejected'] == 2, run\n",
    f.outlier, f.outlier, f.outlier, f.outlier);
  g_spawn_sync (NULL, (char *[]) { (char *) "/usr/bin/python3", (char *) "-c", script, xlsx, f.run_id, NULL },
                NULL, G_SPAWN_DEFAULT, NULL, NULL, &oracle_out, &oracle_err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openpyxl check failed: %s", oracle_err);
  fixture_teardown (&f);
}

static void
test_report_curation_log (void)
{
  Fixture f = { 0 };
  g_autofree char *pdftotext = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  GString *flat = g_string_new (NULL);
  int status;

  if (!fixture_setup (&f))
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }
  pdftotext = g_find_program_in_path ("pdftotext");
  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      fixture_teardown (&f);
      return;
    }
  pdf = g_build_filename (f.dir, "run.pdf", NULL);
  run_cli ((const char *[]) { "report", f.path, "--no-group-plots", "-o", pdf, NULL });
  g_spawn_sync (NULL, (char *[]) { (char *) "pdftotext", pdf, (char *) "-", NULL }, NULL,
                G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  for (const char *p = out; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (flat, *p);
  g_assert_nonnull (strstr (flat->str, "Brainextracts"));
  g_assert_nonnull (strstr (flat->str, "Curationlog"));
  g_assert_nonnull (strstr (flat->str, "confirmedbyMS/MSspectrum4711"));
  g_assert_nonnull (strstr (flat->str, "co-eluteswithaplasticiser"));
  g_assert_nonnull (strstr (flat->str, "undo"));
  g_assert_nonnull (strstr (flat->str, "acceptedbyben"));
  g_string_free (flat, TRUE);
  fixture_teardown (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/project-export/csv", test_csv_curated_and_raw);
  g_test_add_func ("/store/project-export/xlsx-mztab-json", test_xlsx_mztab_json);
  g_test_add_func ("/store/project-export/report", test_report_curation_log);

  return g_test_run ();
}
