/* gw-cli-export.c: `ganglioside export (FILE.csv | P.gwproject --run ID)`
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Also the input loading that `export` and `report` share: a peak table is
 * analysed with the chosen preset; a project's stored run is loaded with
 * its curation (when the store layer is built), so that exports carry the
 * effective statuses and the curation columns.
 */

#define G_LOG_DOMAIN "ganglioside-export"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "gw-cli.h"
#include "gw-cli-options.h"
#include "gw-analysis.h"
#include "gw-export.h"

#if defined(__has_include)
# if __has_include("gw-project.h")
#  include "gw-project.h"
#  define GW_CLI_HAVE_STORE 1
# endif
#endif

void
gw_cli_input_clear (GwCliInput *input)
{
  g_clear_pointer (&input->run, gw_run_unref);
  g_clear_pointer (&input->project, g_free);
  g_clear_pointer (&input->run_id, g_free);
  g_clear_pointer (&input->author, g_free);
  g_clear_pointer (&input->storage, g_ptr_array_unref);
  if (input->curation_export != NULL)
    g_clear_pointer (&input->curation_export, input->free_curation_export);
  memset (&input->context, 0, sizeof input->context);
  memset (&input->curation, 0, sizeof input->curation);
}

gboolean
gw_cli_is_project_path (const char *path)
{
  return g_str_has_suffix (path, ".gwproject");
}

#ifdef GW_CLI_HAVE_STORE
/* The store's curation, as the engine's plain arrays (gw-export.h). */
static void
fill_curation (GwCliInput *input,
               GwCuration *curation)
{
  GwCurationExport *export = gw_curation_export_new (curation);

  input->curation_export = export;
  input->free_curation_export = (GDestroyNotify) gw_curation_export_free;
  input->curation = *gw_curation_export_get (export);
  input->context.curation = &input->curation;
}

static gboolean
load_project (GwCliInput  *input,
              const char  *path,
              const char  *run_id,
              gboolean     curated,
              GError     **error)
{
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GwRunInfo) info = NULL;
  g_autoptr(GwCuration) curation = NULL;
  g_autofree char *latest = NULL;

  project = gw_project_open (path, error);
  if (project == NULL)
    return FALSE;

  if (run_id == NULL)
    {
      g_autoptr(GPtrArray) runs = gw_project_list_runs (project, NULL, error);

      if (runs == NULL)
        return FALSE;
      if (runs->len == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "%s: the project has no runs", path);
          return FALSE;
        }
      latest = g_strdup (((GwRunInfo *) g_ptr_array_index (runs, runs->len - 1))->uuid);
      run_id = latest;
      fprintf (stderr, "ganglioside: no --run given; using the latest run, %.8s\n", run_id);
    }

  info = gw_project_get_run_info (project, run_id, error);
  if (info == NULL)
    return FALSE;
  input->run = gw_project_load_run (project, info->uuid, NULL, error);
  if (input->run == NULL)
    return FALSE;

  input->project = gw_project_dup_name (project);
  input->run_id = g_strdup (info->uuid);
  input->author = g_strdup (info->author);

  if (curated)
    {
      curation = gw_project_load_curation (project, info->uuid, error);
      if (curation == NULL)
        return FALSE;
      fill_curation (input, curation);
    }

  input->context.project = input->project;
  input->context.run_id = input->run_id;
  input->context.author = input->author;
  return TRUE;
}
#endif

gboolean
gw_cli_input_load (GwCliInput     *input,
                   const char     *path,
                   const char     *run_id,
                   gboolean        curated,
                   const GwParams *params,
                   gboolean        preset_given,
                   const char     *command,
                   GError        **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GwTable) table = NULL;
  GwParams p = *params;

  memset (input, 0, sizeof *input);
  input->storage = g_ptr_array_new_with_free_func (g_free);

  if (gw_cli_is_project_path (path))
    {
#ifdef GW_CLI_HAVE_STORE
      return load_project (input, path, run_id, curated, error);
#else
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s: this build cannot read projects", path);
      return FALSE;
#endif
    }

  if (run_id != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--run applies to projects (.gwproject), not to %s", path);
      return FALSE;
    }

  file = g_file_new_for_commandline_arg (path);
  table = gw_table_new_from_file (file, NULL, error);
  if (table == NULL)
    return FALSE;

  input->run = gw_analyze (table, &p, NULL, NULL, NULL, error);
  if (input->run == NULL && !preset_given && p.preset == GW_PRESET_ROBUST &&
      error != NULL && g_error_matches (*error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_UNSUPPORTED))
    {
      /* Until the robust preset is built, the default falls back to
       * classic, and says so. */
      fprintf (stderr, "ganglioside %s: note: the robust preset is not available yet; "
                       "using classic\n", command);
      g_clear_error (error);
      gw_params_init (&p, GW_PRESET_CLASSIC);
      input->run = gw_analyze (table, &p, NULL, NULL, NULL, error);
    }
  return input->run != NULL;
}

gboolean
gw_cli_parse_params (GwParams    *params,
                     gboolean    *preset_given,
                     const char  *preset_str,
                     double       r2_threshold,
                     double       outlier_threshold,
                     double       rt_tolerance,
                     GError     **error)
{
  GwPreset preset = GW_PRESET_ROBUST;

  *preset_given = FALSE;
  if (preset_str != NULL)
    {
      if (!gw_preset_from_string (preset_str, &preset))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "unknown preset “%s” (expected classic or robust)", preset_str);
          return FALSE;
        }
      *preset_given = TRUE;
    }
  gw_params_init (params, preset);
  if (!isnan (r2_threshold))
    params->r2_threshold = r2_threshold;
  if (!isnan (outlier_threshold))
    params->outlier_threshold = outlier_threshold;
  if (!isnan (rt_tolerance))
    params->rt_tolerance = rt_tolerance;
  return gw_params_validate (params, error);
}

/* Prints "ganglioside COMMAND: message" and the command's help on stderr;
 * returns GW_EXIT_USAGE. */
int
gw_cli_usage_error (GOptionContext *context,
                    const char     *command,
                    const char     *format,
                    ...)
{
  g_autofree char *msg = NULL;
  g_autofree char *help = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  help = g_option_context_get_help (context, TRUE, NULL);
  fprintf (stderr, "ganglioside %s: %s\n\n%s", command, msg, help);
  return GW_EXIT_USAGE;
}

int
gw_cli_export_main (int    argc,
                    char **argv)
{
  g_autofree char *format_str = NULL;
  g_autofree char *output = NULL;
  g_auto(GwCliInputOptions) in = { 0 };
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_str,
      "csv, json, xlsx or mztab (default: from the output's extension)", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The file to write (replaced atomically)", "OUT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dest = NULL;
  g_auto(GwCliInput) input = { 0 };
  GwExportFormat format;
  const char *path;
  int status;

  context = g_option_context_new ("(FILE.csv | PROJECT.gwproject [--run ID]) -o OUT");
  g_option_context_set_summary (context,
    "Write an analysis as CSV, JSON, XLSX or mzTab-M.\n\n"
    "A peak table is analysed first; a project's stored run is exported with\n"
    "its curation (effective statuses and curation columns) unless --raw.");
  g_option_context_add_main_entries (context, entries, NULL);
  gw_cli_input_options_init (&in);
  gw_cli_input_options_add_run_entries (&in, context);
  gw_cli_input_options_add_param_entries (&in, context);

  status = gw_cli_input_options_parse (&in, context, "export", &argc, &argv);
  if (status != GW_EXIT_OK)
    return status;
  if (output == NULL)
    return gw_cli_usage_error (context, "export", "no output file given (-o OUT)");
  path = gw_cli_input_options_get_path (&in);

  if (format_str != NULL)
    {
      if (!gw_export_format_from_string (format_str, &format))
        return gw_cli_usage_error (context, "export", "unknown format “%s” (expected csv, json, xlsx or mztab)",
                            format_str);
    }
  else
    {
      const char *dot = strrchr (output, '.');

      if (dot == NULL || !gw_export_format_from_string (dot + 1, &format))
        return gw_cli_usage_error (context, "export", "cannot tell the format from “%s”; use --format", output);
    }

  status = gw_cli_input_options_load (&in, context, "export", &input);
  if (status != GW_EXIT_OK)
    return status;

  dest = g_file_new_for_commandline_arg (output);
  if (!gw_export_to_file_full (input.run, format, &input.context, dest, NULL, &error))
    {
      fprintf (stderr, "ganglioside export: %s\n", error->message);
      return GW_EXIT_FATAL;
    }

  fprintf (stderr, "%s: %u rows → %s (%s)\n", path, gw_run_get_n_rows (input.run), output,
           gw_export_format_to_string (format));
  return GW_EXIT_OK;
}
