/* gw-cli-report.c: `ganglioside report (FILE.csv | P.gwproject --run ID) -o OUT.pdf`
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ganglioside-report"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "gw-cli.h"
#include "gw-report.h"


int
gw_cli_report (int    argc,
               char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *paper_str = NULL;
  g_autofree char *preset_str = NULL;
  g_autofree char *run_id = NULL;
  gboolean raw = FALSE;
  gboolean no_group_plots = FALSE;
  int max_rows = -1;
  double r2_threshold = NAN;
  double outlier_threshold = NAN;
  double rt_tolerance = NAN;
  g_auto(GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The PDF file to write (replaced atomically)", "OUT.pdf" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_str,
      "Page size: a4 (default) or letter", "PAPER" },
    { "run", 0, 0, G_OPTION_ARG_STRING, &run_id,
      "The project's run: a UUID or a unique prefix (default: the latest)", "ID" },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &raw,
      "Projects: the engine's statuses only, without the curation", NULL },
    { "no-group-plots", 0, 0, G_OPTION_ARG_NONE, &no_group_plots,
      "Leave out the per-group plots", NULL },
    { "max-list-rows", 0, 0, G_OPTION_ARG_INT, &max_rows,
      "Rows listed per section before “and N more” (default 2000, 0: all)", "N" },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset_str,
      "CSV input: analysis preset, classic or robust", "PRESET" },
    { "r2-threshold", 0, 0, G_OPTION_ARG_DOUBLE, &r2_threshold,
      "CSV input: minimum cross-validated R² (0.50–0.999)", "X" },
    { "outlier-threshold", 0, 0, G_OPTION_ARG_DOUBLE, &outlier_threshold,
      "CSV input: |z| at which a row is an outlier (1.0–6.0)", "Z" },
    { "rt-tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &rt_tolerance,
      "CSV input: co-elution window in minutes (0.01–0.50)", "MIN" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dest = NULL;
  g_auto(GwCliInput) input = { 0 };
  GwReportOptions options;
  gboolean preset_given;
  GwParams params;
  const char *path;

  context = g_option_context_new ("(FILE.csv | PROJECT.gwproject [--run ID]) -o OUT.pdf");
  g_option_context_set_summary (context,
    "Write a PDF report of an analysis: run metadata and parameters, summary\n"
    "counts, RT vs Log P and residual plots overall and per group, the flagged\n"
    "rows with their reasons, the models and the curation log.");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gw_cli_usage_error (context, "report", "%s", error->message);
  if (rest == NULL || rest[0] == NULL)
    return gw_cli_usage_error (context, "report", "no input file given");
  if (rest[1] != NULL)
    return gw_cli_usage_error (context, "report", "only one input file, please (got “%s” too)", rest[1]);
  if (output == NULL)
    return gw_cli_usage_error (context, "report", "no output file given (-o OUT.pdf)");
  path = rest[0];

  gw_report_options_init (&options);
  if (paper_str != NULL && !gw_report_paper_from_string (paper_str, &options.paper))
    return gw_cli_usage_error (context, "report", "unknown paper “%s” (expected a4 or letter)", paper_str);
  if (max_rows < -1)
    return gw_cli_usage_error (context, "report", "--max-list-rows must be 0 or more");
  if (max_rows >= 0)
    options.max_list_rows = (guint) max_rows;
  options.group_plots = !no_group_plots;

  if (!gw_cli_parse_params (&params, &preset_given, preset_str, r2_threshold,
                            outlier_threshold, rt_tolerance, &error))
    return gw_cli_usage_error (context, "report", "%s", error->message);

  if (!gw_cli_input_load (&input, path, run_id, !raw, &params, preset_given, "report", &error))
    {
      fprintf (stderr, "ganglioside report: %s\n", error->message);
      return GW_EXIT_FATAL;
    }
  options.context = &input.context;

  dest = g_file_new_for_commandline_arg (output);
  if (!gw_report_write_file (input.run, &options, dest, NULL, NULL, NULL, &error))
    {
      fprintf (stderr, "ganglioside report: %s\n", error->message);
      return GW_EXIT_FATAL;
    }

  fprintf (stderr, "%s: report of %u rows → %s (%s)\n", path, gw_run_get_n_rows (input.run),
           output, gw_report_paper_to_string (options.paper));
  return GW_EXIT_OK;
}
