/* ganglioside.c: the headless command-line tool
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ganglioside"

#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "gw-cli.h"

/* A subcommand is compiled in when its source file exists; the build
 * defines GW_HAVE_CLI_<NAME> for it (see meson.build). */
typedef struct
{
  const char       *name;
  GwCliCommandFunc  func;
  const char       *summary;
} Command;

static const Command commands[] = {
#ifdef GW_HAVE_CLI_VALIDATE
  { "validate", gw_cli_validate, "Check a peak table and summarise it" },
#endif
#ifdef GW_HAVE_CLI_ANALYZE
  { "analyze", gw_cli_analyze, "Analyse a peak table" },
#endif
#ifdef GW_HAVE_CLI_PLOT
  { "plot", gw_cli_plot, "Draw a plot to PNG, SVG or PDF" },
#endif
#ifdef GW_HAVE_CLI_PROJECT
  { "runs", gw_cli_runs, "List the runs of a project" },
#endif
  /* One `export`: gw-cli-export.c's handles peak tables and projects in
   * every format; gw-cli-project.c's is the fallback without it. */
#if defined(GW_HAVE_CLI_EXPORT)
  { "export", gw_cli_export_main, "Export an analysis (CSV, JSON, XLSX, mzTab-M)" },
#elif defined(GW_HAVE_CLI_PROJECT)
  { "export", gw_cli_export, "Export a run (CSV, JSON, XLSX, mzTab-M)" },
#endif
#ifdef GW_HAVE_CLI_REPORT
  { "report", gw_cli_report, "Write a PDF report" },
#endif
#ifdef GW_HAVE_CLI_SYNC
  { "sync", gw_cli_sync, "Synchronise a project with a lab server" },
  { "login", gw_cli_login, "Sign in to a lab server and print the token" },
  { "logout", gw_cli_logout, "Revoke a lab server token" },
#endif
  { NULL, NULL, NULL }
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: ganglioside COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun “ganglioside COMMAND --help” for a command's options.\n");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* The PDF report follows the user's language, as in the app; the
   * command's own messages and every data file it writes stay English
   * (docs/architecture.md, "Translations"). */
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  if (argc < 2)
    {
      print_usage (stderr);
      return GW_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return GW_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("ganglioside %s\n", PACKAGE_VERSION);
      return GW_EXIT_OK;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].func (argc - 1, argv + 1);

  fprintf (stderr, "ganglioside: unknown command “%s”\n\n", argv[1]);
  print_usage (stderr);
  return GW_EXIT_USAGE;
}
