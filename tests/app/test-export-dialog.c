/* test-export-dialog.c: the Export dialog
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real widgets under Xvfb: the dialog exports the sample's run in a
 * worker thread, closes itself when done, and leaves a file that is what
 * it claims to be (a PDF, an XLSX zip, an mzTab text).
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "gw-analysis.h"
#include "gw-export-dialog.h"
#include "gw-test-util.h"
#include "gw-test-sample.h"

static gboolean
is_null_cb (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
export_one (GwRun      *run,
            int         format,
            const char *name,
            const char *magic)
{
  GtkWidget *window = adw_application_window_new (NULL);
  GtkWidget *overlay = adw_toast_overlay_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-export-dialog-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  GwExportDialog *dialog;
  gpointer weak;
  gsize len;

  g_assert_no_error (error);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));

  dialog = gw_export_dialog_new (GTK_WINDOW (window), run, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);

  gw_export_dialog_export_to (dialog, format, file);
  g_assert_true (gw_export_dialog_is_busy (dialog));
  /* Done: the dialog closes itself. */
  gw_test_wait_for (is_null_cb, &weak, 120, "the export to finish");

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpint (memcmp (contents, magic, strlen (magic)), ==, 0);

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_export_formats (void)
{
  g_autoptr(GwRun) run = gw_test_analyze_sample (GW_PRESET_CLASSIC);

  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }
  export_one (run, -1, "report.pdf", "%PDF-");
  export_one (run, GW_EXPORT_XLSX, "results.xlsx", "PK");
  export_one (run, GW_EXPORT_MZTAB, "results.mztab", "COM\t");
}

/* Closing the dialog mid-export cancels it and leaves no file. */
static void
test_export_cancel (void)
{
  g_autoptr(GwRun) run = gw_test_analyze_sample (GW_PRESET_CLASSIC);
  GtkWidget *window;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  GwExportDialog *dialog;

  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      return;
    }
  window = adw_application_window_new (NULL);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), adw_toast_overlay_new ());
  dir = g_dir_make_tmp ("gw-export-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "cancelled.pdf", NULL);
  file = g_file_new_for_path (path);

  dialog = gw_export_dialog_new (GTK_WINDOW (window), run, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  gw_export_dialog_export_to (dialog, -1, file);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gw_test_spin (3000);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/export-dialog/formats", test_export_formats);
  g_test_add_func ("/ui/export-dialog/cancel", test_export_cancel);

  return g_test_run ();
}
