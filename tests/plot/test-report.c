/* test-report.c: the PDF report
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PDF is checked with poppler's command-line tools, an independent
 * reader: pdfinfo for the page count and size, pdftotext for the text.
 * Expected strings come from the run in memory.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "gw-report.h"
#include "gw-test-sample.h"

static gboolean
have_poppler (void)
{
  g_autofree char *info = g_find_program_in_path ("pdfinfo");
  g_autofree char *text = g_find_program_in_path ("pdftotext");

  if (info == NULL || text == NULL)
    {
      g_test_skip ("poppler-utils (pdfinfo, pdftotext) not installed");
      return FALSE;
    }
  return TRUE;
}

static char *
run_tool (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return g_steal_pointer (&out);
}

/* The text without any whitespace, so that wrapped lines compare equal. */
static char *
squeeze (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
assert_text_has (const char *squeezed_text,
                 const char *want)
{
  g_autofree char *w = squeeze (want);

  if (strstr (squeezed_text, w) == NULL)
    g_error ("the report's text lacks “%s”", want);
}

static guint
page_count (const char *info)
{
  const char *p = strstr (info, "\nPages:");

  g_assert_nonnull (p);
  return (guint) g_ascii_strtoull (p + strlen ("\nPages:"), NULL, 10);
}

static void
test_report_curated (void)
{
  g_autoptr(GwRun) run = gw_test_analyze_sample (GW_PRESET_CLASSIC);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *last_page = NULL;
  const char **status = NULL;
  const char **reason = NULL;
  const char **author = NULL;
  gint64 *when = NULL;
  GwExportCurationEntry log[2];
  GwExportCuration cur = { 0 };
  GwExportContext context = { "Brain extracts 2026", "7f3c9a12-0000-4000-8000-000000000001", "ana", NULL };
  GwReportOptions options;
  guint n, outlier = 0, pages;

  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }
  if (!have_poppler ())
    return;

  n = gw_run_get_n_rows (run);
  for (guint r = 0; r < n; r++)
    if (gw_run_get_status (run, r) == GW_STATUS_OUTLIER)
      {
        outlier = r;
        break;
      }
  status = g_new0 (const char *, n);
  reason = g_new0 (const char *, n);
  author = g_new0 (const char *, n);
  when = g_new0 (gint64, n);
  status[outlier] = "accepted";
  reason[outlier] = "confirmed by MS/MS spectrum 4711";
  author[outlier] = "ana";
  when[outlier] = G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC;
  log[0] = (GwExportCurationEntry) { when[outlier], (int) outlier, "accepted", reason[outlier], "ana" };
  log[1] = (GwExportCurationEntry) { when[outlier] + 60 * G_USEC_PER_SEC, -1, "undo", "", "ben" };
  cur = (GwExportCuration) { n, status, reason, author, when, 2, log };
  context.curation = &cur;

  dir = g_dir_make_tmp ("gw-report-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "report.pdf", NULL);
  file = g_file_new_for_path (path);

  gw_report_options_init (&options);
  options.paper = GW_REPORT_PAPER_LETTER;
  options.context = &context;
  g_assert_true (gw_report_write_file (run, &options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  info = run_tool ((const char *[]) { "pdfinfo", path, NULL });
  g_assert_nonnull (strstr (info, "612 x 792 pts (letter)"));
  pages = page_count (info);
  g_assert_cmpuint (pages, >=, 5);

  text = run_tool ((const char *[]) { "pdftotext", path, "-", NULL });
  flat = squeeze (text);
  assert_text_has (flat, "Brain extracts 2026");
  assert_text_has (flat, gw_table_get_sha256 (gw_run_get_table (run)));
  assert_text_has (flat, "classic");
  assert_text_has (flat, gw_table_get_name (gw_run_get_table (run), outlier));
  assert_text_has (flat, gw_run_get_reason (run, outlier));
  assert_text_has (flat, "accepted by ana: confirmed by MS/MS spectrum 4711");
  assert_text_has (flat, "2026-11-18 11:06:40");
  assert_text_has (flat, "Curation log");

  /* The last page is numbered "Page M of M". */
  {
    g_autofree char *last = g_strdup_printf ("%u", pages);

    last_page = run_tool ((const char *[]) { "pdftotext", "-f", last, "-l", last, path, "-", NULL });
  }
  {
    g_autofree char *want = g_strdup_printf ("Page %u of %u", pages, pages);

    g_assert_nonnull (strstr (last_page, want));
  }

  g_unlink (path);
  g_rmdir (dir);
  g_free (status);
  g_free (reason);
  g_free (author);
  g_free (when);
}

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  g_assert_nonnull (message);
  *last = fraction;
}

static void
cancel_cb (double      fraction,
           const char *message,
           gpointer    user_data)
{
  if (fraction > 0.15)
    g_cancellable_cancel (user_data);
}

/* Progress rises to 1; a cancelled report leaves an existing file as it
 * was. */
static void
test_report_progress_cancel (void)
{
  g_autoptr(GwRun) run = gw_test_analyze_sample (GW_PRESET_ROBUST);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  double last = 0;

  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }

  g_assert_true (gw_report_write (run, NULL, out, NULL, progress_cb, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), >, 1000);
  g_assert_cmpint (memcmp (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)), "%PDF-", 5), ==, 0);

  dir = g_dir_make_tmp ("gw-report-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "kept.pdf", NULL);
  g_assert_true (g_file_set_contents (path, "old", 3, NULL));
  file = g_file_new_for_path (path);
  g_assert_false (gw_report_write_file (run, NULL, file, cancellable, cancel_cb, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_paper_names (void)
{
  GwReportPaper paper;

  g_assert_true (gw_report_paper_from_string ("Letter", &paper));
  g_assert_cmpint (paper, ==, GW_REPORT_PAPER_LETTER);
  g_assert_true (gw_report_paper_from_string ("a4", &paper));
  g_assert_cmpint (paper, ==, GW_REPORT_PAPER_A4);
  g_assert_false (gw_report_paper_from_string ("legal", &paper));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/report/paper-names", test_paper_names);
  g_test_add_func ("/plot/report/curated", test_report_curated);
  g_test_add_func ("/plot/report/progress-cancel", test_report_progress_cancel);

  return g_test_run ();
}
