/* gw-cli-options.c: the input options `export` and `report` share
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ganglioside"

#include "config.h"

#include "gw-cli-options.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void
gw_cli_input_options_init (GwCliInputOptions *options)
{
  memset (options, 0, sizeof *options);
  options->r2_threshold = NAN;
  options->outlier_threshold = NAN;
  options->rt_tolerance = NAN;
}

void
gw_cli_input_options_clear (GwCliInputOptions *options)
{
  g_clear_pointer (&options->run_id, g_free);
  g_clear_pointer (&options->preset, g_free);
  g_clear_pointer (&options->rest, g_strfreev);
}

void
gw_cli_input_options_add_run_entries (GwCliInputOptions *options,
                                      GOptionContext    *context)
{
  /* The context copies the entries, so they can live on the stack. */
  const GOptionEntry entries[] = {
    { "run", 0, 0, G_OPTION_ARG_STRING, &options->run_id,
      "The project's run: a UUID or a unique prefix (default: the latest)", "ID" },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &options->raw,
      "Projects: the engine's statuses only, without the curation", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

void
gw_cli_input_options_add_param_entries (GwCliInputOptions *options,
                                        GOptionContext    *context)
{
  const GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &options->preset,
      "CSV input: analysis preset, classic or robust", "PRESET" },
    { "r2-threshold", 0, 0, G_OPTION_ARG_DOUBLE, &options->r2_threshold,
      "CSV input: minimum cross-validated R² (0.50–0.999)", "X" },
    { "outlier-threshold", 0, 0, G_OPTION_ARG_DOUBLE, &options->outlier_threshold,
      "CSV input: |z| at which a row is an outlier (1.0–6.0)", "Z" },
    { "rt-tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &options->rt_tolerance,
      "CSV input: co-elution window in minutes (0.01–0.50)", "MIN" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->rest, NULL, NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

int
gw_cli_input_options_parse (GwCliInputOptions   *options,
                            GOptionContext      *context,
                            const char          *command,
                            int                 *argc,
                            char              ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return gw_cli_usage_error (context, command, "%s", error->message);
  if (options->rest == NULL || options->rest[0] == NULL)
    return gw_cli_usage_error (context, command, "no input file given");
  if (options->rest[1] != NULL)
    return gw_cli_usage_error (context, command, "only one input file, please (got “%s” too)",
                               options->rest[1]);
  return GW_EXIT_OK;
}

const char *
gw_cli_input_options_get_path (GwCliInputOptions *options)
{
  g_assert (options->rest != NULL && options->rest[0] != NULL);

  return options->rest[0];
}

int
gw_cli_input_options_load (GwCliInputOptions *options,
                           GOptionContext    *context,
                           const char        *command,
                           GwCliInput        *input)
{
  g_autoptr(GError) error = NULL;
  gboolean preset_given;
  GwParams params;

  if (!gw_cli_parse_params (&params, &preset_given, options->preset, options->r2_threshold,
                            options->outlier_threshold, options->rt_tolerance, &error))
    return gw_cli_usage_error (context, command, "%s", error->message);

  if (!gw_cli_input_load (input, gw_cli_input_options_get_path (options), options->run_id,
                          !options->raw, &params, preset_given, command, &error))
    {
      fprintf (stderr, "ganglioside %s: %s\n", command, error->message);
      return GW_EXIT_FATAL;
    }
  return GW_EXIT_OK;
}
