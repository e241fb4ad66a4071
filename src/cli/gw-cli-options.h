/* gw-cli-options.h: the input options `export` and `report` share
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gw-cli.h"

G_BEGIN_DECLS

/* What a command that reads a peak table or a project's run takes besides
 * its own options: the run (--run, --raw), the analysis parameters for a
 * peak table (--preset and the thresholds; NAN keeps the preset's value)
 * and the input file. */
typedef struct
{
  char     *run_id;
  gboolean  raw;
  char     *preset;
  double    r2_threshold;
  double    outlier_threshold;
  double    rt_tolerance;
  GStrv     rest;
} GwCliInputOptions;

void  gw_cli_input_options_init              (GwCliInputOptions  *options);
void  gw_cli_input_options_clear             (GwCliInputOptions  *options);
/* --run and --raw. */
void  gw_cli_input_options_add_run_entries   (GwCliInputOptions  *options,
                                              GOptionContext     *context);
/* --preset, --r2-threshold, --outlier-threshold, --rt-tolerance and the
 * input file. */
void  gw_cli_input_options_add_param_entries (GwCliInputOptions  *options,
                                              GOptionContext     *context);
/* Parses the command line and checks that it names one input file; on a
 * usage error prints it with the help and returns GW_EXIT_USAGE, else
 * GW_EXIT_OK. */
int   gw_cli_input_options_parse             (GwCliInputOptions  *options,
                                              GOptionContext     *context,
                                              const char         *command,
                                              int                *argc,
                                              char             ***argv);
/* The one input file, once parsed. */
const char *gw_cli_input_options_get_path    (GwCliInputOptions  *options);
/* Checks the parameters and loads @input (gw_cli_input_load()); returns
 * GW_EXIT_USAGE or GW_EXIT_FATAL after printing why, else GW_EXIT_OK. */
int   gw_cli_input_options_load              (GwCliInputOptions  *options,
                                              GOptionContext     *context,
                                              const char         *command,
                                              GwCliInput         *input);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwCliInputOptions, gw_cli_input_options_clear)

G_END_DECLS
