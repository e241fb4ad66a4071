/* test-plot-i18n.c: plots and the PDF report in German
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under the German catalog the build made, a scene's title and legend,
 * a point's tooltip and the PDF report (read back with pdftotext, an
 * independent reader) use the German texts, reasons included.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "gw-plot-data.h"
#include "gw-plot-scene.h"
#include "gw-report.h"
#include "gw-test-i18n.h"
#include "gw-test-sample.h"

static const char *
de (const char *msgid)
{
  const char *t = g_dgettext (GETTEXT_PACKAGE, msgid);

  /* The catalog has it: the test checks what it is meant to. */
  g_assert_cmpstr (t, !=, msgid);
  return t;
}

static int
first_row_with (GwRun    *run,
                GwStatus  status)
{
  for (guint r = 0; r < gw_run_get_n_rows (run); r++)
    if (gw_run_get_status (run, r) == status)
      return (int) r;
  return -1;
}

static void
test_scene_german (void)
{
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GwPlotData) data = NULL;
  g_autoptr(GwPlotScene) scene = NULL;
  g_autoptr(GString) labels = g_string_new ("|");
  g_autofree char *tooltip = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *want = NULL;
  int outlier;

  if (!gw_test_use_german ())
    return;
  run = gw_test_analyze_sample (GW_PRESET_ROBUST);
  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      gw_test_use_english ();
      return;
    }

  g_assert_cmpstr (gw_plot_kind_get_title (GW_PLOT_KIND_RT_LOGP), ==, "Retentionszeit gegen Log P");
  g_assert_cmpstr (gw_plot_kind_get_title (GW_PLOT_KIND_RESIDUALS), ==, de ("Residuals"));

  data = gw_plot_data_new_from_run (run);
  scene = gw_plot_scene_new (data, GW_PLOT_KIND_RT_LOGP);
  gw_plot_scene_layout (scene, 900, 600);
  for (guint i = 0; i < gw_plot_scene_get_n_legend_entries (scene); i++)
    g_string_append_printf (labels, "%s|", gw_plot_scene_get_legend_entry (scene, i)->label);
  g_test_message ("legend: %s", labels->str);
  g_assert_nonnull (strstr (labels->str, "|Kategorie|"));
  g_assert_nonnull (strstr (labels->str, "|Ausreißer|"));
  g_assert_nonnull (strstr (labels->str, "|Gültig|"));
  g_assert_null (strstr (labels->str, "|outlier|"));
  g_assert_null (strstr (labels->str, "|valid|"));
  g_assert_null (strstr (labels->str, "|Category|"));

  /* A point's tooltip gives the German reason. */
  outlier = first_row_with (run, GW_STATUS_OUTLIER);
  g_assert_cmpint (outlier, >=, 0);
  tooltip = gw_plot_data_dup_tooltip (data, (guint) outlier);
  reason = gw_run_dup_display_reason (run, (guint) outlier);
  g_assert_cmpstr (reason, !=, gw_run_get_reason (run, (guint) outlier));
  want = g_strdup_printf ("\nBegründung: %s\n", reason);
  g_assert_nonnull (strstr (tooltip, want));
  g_assert_nonnull (strstr (tooltip, "\nStatus: Ausreißer"));

  gw_test_use_english ();
  /* Back in English, the same scene API speaks English again. */
  g_assert_cmpstr (gw_plot_kind_get_title (GW_PLOT_KIND_RT_LOGP), ==, "Retention time vs Log P");
}

/* The text without whitespace and hyphens, so that wrapped lines compare
 * equal (Pango may break "In-Source" at its hyphen, and pdftotext joins
 * the halves without it). */
static char *
squeeze (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p++)
    {
      /* A no-break space (U+00A0) is a space too. */
      if ((guchar) p[0] == 0xc2 && (guchar) p[1] == 0xa0)
        {
          p++;
          continue;
        }
      if (!g_ascii_isspace (*p) && *p != '-')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
assert_has (const char *squeezed,
            const char *want)
{
  g_autofree char *w = squeeze (want);

  if (strstr (squeezed, w) == NULL)
    g_error ("the German report lacks “%s”", want);
}

static void
test_report_german (void)
{
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *flat = NULL;
  GwReportOptions options;
  int status;
  int rows[3];

  if (pdftotext == NULL)
    {
      g_test_skip ("poppler-utils (pdftotext) not installed");
      return;
    }
  if (!gw_test_use_german ())
    return;
  run = gw_test_analyze_sample (GW_PRESET_ROBUST);
  if (run == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/testwork_user.csv is not available");
      gw_test_use_english ();
      return;
    }

  dir = g_dir_make_tmp ("gw-report-de-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bericht.pdf", NULL);
  file = g_file_new_for_path (path);
  gw_report_options_init (&options);
  g_assert_true (gw_report_write_file (run, &options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_spawn_sync (NULL, (char *[]) { pdftotext, path, (char *) "-", NULL }, NULL, G_SPAWN_DEFAULT,
                NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_utf8_validate (out, -1, NULL));
  flat = squeeze (out);

  assert_has (flat, "Ganglioside Workbench · Analysebericht");
  assert_has (flat, "Seite 1 von");
  assert_has (flat, de ("Summary"));
  assert_has (flat, "Zeilen je Status, wie die Analyse sie eingestuft hat.");
  /* The plots' axis titles and legend. */
  assert_has (flat, "Retentionszeit (min)");
  assert_has (flat, "z (Residuum / σ)");
  assert_has (flat, "Ausreißer");
  /* The flagged rows' reasons, as the app shows them. */
  rows[0] = first_row_with (run, GW_STATUS_OUTLIER);
  rows[1] = first_row_with (run, GW_STATUS_FRAGMENT);
  rows[2] = first_row_with (run, GW_STATUS_ISOMER);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i] >= 0)
      {
        g_autofree char *reason = gw_run_dup_display_reason (run, (guint) rows[i]);

        g_assert_cmpstr (reason, !=, gw_run_get_reason (run, (guint) rows[i]));
        assert_has (flat, reason);
      }
  g_assert_cmpint (rows[0], >=, 0);
  /* No English left in what the report writes itself. */
  g_assert_null (strstr (flat, "Rowsperstatus"));
  g_assert_null (strstr (flat, "laterthanthe"));
  g_assert_null (strstr (flat, "Retentiontime"));

  g_remove (path);
  g_rmdir (dir);
  gw_test_use_english ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/i18n/scene-german", test_scene_german);
  g_test_add_func ("/plot/i18n/report-german", test_report_german);

  return g_test_run ();
}
