/* gw-cli-report.c: `ganglioside report (FILE.csv | P.gwproject --run ID) -o OUT.pdf`
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ganglioside-report"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "gw-cli.h"
#include "gw-cli-options.h"
#include "gw-report.h"


int
gw_cli_report (int    argc,
               char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *paper_str = NULL;
  gboolean no_group_plots = FALSE;
  int max_rows = -1;
  g_auto(GwCliInputOptions) in = { 0 };
  GOptionEntry output_entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The PDF file to write (replaced atomically)", "OUT.pdf" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_str,
      "Page size: a4 (default) or letter", "PAPER" },
    { NULL }
  };
  GOptionEntry report_entries[] = {
    { "no-group-plots", 0, 0, G_OPTION_ARG_NONE, &no_group_plots,
      "Leave out the per-group plots", NULL },
    { "max-list-rows", 0, 0, G_OPTION_ARG_INT, &max_rows,
      "Rows listed per section before “and N more” (default 2000, 0: all)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dest = NULL;
  g_auto(GwCliInput) input = { 0 };
  GwReportOptions options;
  const char *path;
  int status;

  context = g_option_context_new ("(FILE.csv | PROJECT.gwproject [--run ID]) -o OUT.pdf");
  g_option_context_set_summary (context,
    "Write a PDF report of an analysis: run metadata and parameters, summary\n"
    "counts, RT vs Log P and residual plots overall and per group, the flagged\n"
    "rows with their reasons, the models and the curation log.");
  /* The help lists the options in this order. */
  gw_cli_input_options_init (&in);
  g_option_context_add_main_entries (context, output_entries, NULL);
  gw_cli_input_options_add_run_entries (&in, context);
  g_option_context_add_main_entries (context, report_entries, NULL);
  gw_cli_input_options_add_param_entries (&in, context);

  status = gw_cli_input_options_parse (&in, context, "report", &argc, &argv);
  if (status != GW_EXIT_OK)
    return status;
  if (output == NULL)
    return gw_cli_usage_error (context, "report", "no output file given (-o OUT.pdf)");
  path = gw_cli_input_options_get_path (&in);

  gw_report_options_init (&options);
  if (paper_str != NULL && !gw_report_paper_from_string (paper_str, &options.paper))
    return gw_cli_usage_error (context, "report", "unknown paper “%s” (expected a4 or letter)", paper_str);
  if (max_rows < -1)
    return gw_cli_usage_error (context, "report", "--max-list-rows must be 0 or more");
  if (max_rows >= 0)
    options.max_list_rows = (guint) max_rows;
  options.group_plots = !no_group_plots;

  status = gw_cli_input_options_load (&in, context, "report", &input);
  if (status != GW_EXIT_OK)
    return status;
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
