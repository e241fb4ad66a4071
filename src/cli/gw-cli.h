/* gw-cli.h: the ganglioside command's subcommands
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

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
int gw_cli_sync     (int argc, char **argv);

G_END_DECLS
