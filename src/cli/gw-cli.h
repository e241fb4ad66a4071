/* gw-cli.h: the ganglioside command's subcommands
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gw-analysis.h"
#include "gw-export.h"

G_BEGIN_DECLS

/* Exit codes, shared by every subcommand. */
#define GW_EXIT_OK      0
#define GW_EXIT_USAGE   1   /* bad command line */
#define GW_EXIT_FATAL   2   /* the input cannot be analysed (message on stderr) */

/* Each subcommand gets argv starting at its own name. */
typedef int (*GwCliCommandFunc) (int argc, char **argv);

int gw_cli_validate (int argc, char **argv);
int gw_cli_analyze  (int argc, char **argv);
int gw_cli_plot     (int argc, char **argv);
int gw_cli_runs     (int argc, char **argv);   /* gw-cli-project.c */
int gw_cli_export   (int argc, char **argv);   /* gw-cli-project.c */
int gw_cli_report   (int argc, char **argv);   /* gw-cli-report.c */
/* `export` for peak tables and projects, every format (gw-cli-export.c). */
int gw_cli_export_main (int argc, char **argv);
int gw_cli_sync     (int argc, char **argv);   /* gw-cli-sync.c */
int gw_cli_login    (int argc, char **argv);   /* gw-cli-sync.c */
int gw_cli_logout   (int argc, char **argv);   /* gw-cli-sync.c */

/* What `export` and `report` work on: a run, and for a project's run its
 * name, ID and curation (gw-cli-export.c). */
typedef struct
{
  GwRun            *run;
  GwExportContext   context;     /* points into the fields below */
  GwExportCuration  curation;

  /* Storage behind context and curation: curation_export is the store's
   * GwCurationExport (gw-curation.h), freed with free_curation_export. */
  char             *project;
  char             *run_id;
  char             *author;
  GPtrArray        *storage;
  gpointer          curation_export;
  GDestroyNotify    free_curation_export;
} GwCliInput;

void      gw_cli_input_clear     (GwCliInput     *input);
gboolean  gw_cli_is_project_path (const char     *path);
/* Analyses a peak table with @params, or loads a project's run (the latest
 * when @run_id is NULL) with its curation when @curated. */
gboolean  gw_cli_input_load      (GwCliInput     *input,
                                  const char     *path,
                                  const char     *run_id,
                                  gboolean        curated,
                                  const GwParams *params,
                                  gboolean        preset_given,
                                  const char     *command,
                                  GError        **error);
/* The preset (robust unless @preset_str) with the given overrides (NAN:
 * keep the default), validated. */
gboolean  gw_cli_parse_params    (GwParams       *params,
                                  gboolean       *preset_given,
                                  const char     *preset_str,
                                  double          r2_threshold,
                                  double          outlier_threshold,
                                  double          rt_tolerance,
                                  GError        **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwCliInput, gw_cli_input_clear)

/* gw-cli-export.c: shared by the commands that print their help on a
 * usage error. */
int gw_cli_usage_error (GOptionContext *context,
                        const char     *command,
                        const char     *format,
                        ...) G_GNUC_PRINTF (3, 4);

/* gw-cli-json.c: appends @s (NULL: "") to @out as a JSON string. */
void gw_cli_json_string (GString    *out,
                         const char *s);

G_END_DECLS
