/* gw-cli-project.c: `ganglioside runs`, the runs stored in a project
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `ganglioside export P.gwproject --run ID` lives in gw-cli-export.c,
 * which handles every format for tables and projects alike.
 */

#define G_LOG_DOMAIN "ganglioside"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gw-cli.h"
#include "gw-project.h"

static const char runs_summary[] =
  "Lists the runs stored in a project, oldest first: the ID (its first eight\n"
  "characters are enough wherever an ID is asked for), when it was saved, the\n"
  "dataset, the preset and the parameters that differ from the preset's\n"
  "defaults, the row counts per status, and how many rows are curated.\n"
  "\n"
  "Exit status: 0 on success, 1 for a bad command line, 2 when the project\n"
  "cannot be read.";

static void
json_number (GString *out,
             double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* NaN marks a parameter that does not apply to the preset. */
  if (v != v)
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_dtostr (buf, sizeof buf, v));
}

/* ISO 8601 in UTC with microseconds, as the JSON exports write times. */
static char *
format_time (gint64 usec,
             gboolean for_humans)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) dt = NULL;

  if (utc == NULL)
    return g_strdup ("?");

  if (for_humans)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      return g_date_time_format (local, "%Y-%m-%d %H:%M");
    }

  dt = g_date_time_add (utc, usec % G_USEC_PER_SEC);
  return g_date_time_format_iso8601 (dt);
}

static void
print_json (GwProject *project,
            GPtrArray *runs)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *name = gw_project_dup_name (project);
  g_autofree char *notes = gw_project_dup_notes (project);

  g_string_append (out, "{\"project\":{\"name\":");
  gw_cli_json_string (out, name);
  g_string_append (out, ",\"notes\":");
  gw_cli_json_string (out, notes);
  g_string_append (out, ",\"column_type\":");
  gw_cli_json_string (out, gw_lc_column_to_string (gw_project_get_column_type (project)));
  g_string_append (out, ",\"format_version\":");
  g_string_append_printf (out, "%d", GW_PROJECT_SCHEMA_VERSION);
  g_string_append (out, "},\n\"runs\":[");

  for (guint i = 0; i < runs->len; i++)
    {
      GwRunInfo *info = g_ptr_array_index (runs, i);
      g_autofree char *saved = format_time (info->saved_at, FALSE);
      g_autofree char *started = format_time (info->started_at, FALSE);
      g_autofree char *finished = format_time (info->finished_at, FALSE);
      g_autofree char *changed = gw_run_info_dup_params_summary (info);

      g_string_append (out, i > 0 ? ",\n" : "\n");
      g_string_append (out, "{\"id\":");
      gw_cli_json_string (out, info->uuid);
      g_string_append (out, ",\"dataset_id\":");
      gw_cli_json_string (out, info->dataset_uuid);
      g_string_append (out, ",\"dataset\":");
      gw_cli_json_string (out, info->dataset_name);
      g_string_append (out, ",\"preset\":");
      gw_cli_json_string (out, gw_preset_to_string (info->params.preset));
      g_string_append (out, ",\"parameters\":{\"r2_threshold\":");
      json_number (out, info->params.r2_threshold);
      g_string_append (out, ",\"outlier_threshold\":");
      json_number (out, info->params.outlier_threshold);
      g_string_append (out, ",\"rt_tolerance\":");
      json_number (out, info->params.rt_tolerance);
      g_string_append (out, ",\"anchor_weight\":");
      json_number (out, info->params.anchor_weight);
      g_string_append (out, ",\"isomer_window_min\":");
      json_number (out, info->params.isomer_window_min);
      g_string_append (out, ",\"isomer_window_max\":");
      json_number (out, info->params.isomer_window_max);
      g_string_append (out, "},\"changed_parameters\":");
      gw_cli_json_string (out, changed);
      g_string_append (out, ",\"app_version\":");
      gw_cli_json_string (out, info->app_version);
      g_string_append (out, ",\"started_at\":");
      gw_cli_json_string (out, started);
      g_string_append (out, ",\"finished_at\":");
      gw_cli_json_string (out, finished);
      g_string_append (out, ",\"saved_at\":");
      gw_cli_json_string (out, saved);
      g_string_append (out, ",\"author\":");
      gw_cli_json_string (out, info->author);
      g_string_append_printf (out, ",\"n_rows\":%u,\"counts\":{", info->n_rows);
      for (guint s = 0; s < GW_N_STATUSES; s++)
        g_string_append_printf (out, "%s\"%s\":%u", s > 0 ? "," : "",
                                gw_status_to_string (s), info->status_counts[s]);
      g_string_append_printf (out, "},\"curated\":%u}", info->n_curated);
    }

  g_string_append (out, "\n]}\n");
  fwrite (out->str, 1, out->len, stdout);
}

static void
print_text (GwProject *project,
            GPtrArray *runs)
{
  g_autofree char *name = gw_project_dup_name (project);

  printf ("%s (%s), %u run%s\n", name,
          gw_project_get_column_type (project) == GW_LC_COLUMN_HILIC ? "HILIC" : "reversed-phase",
          runs->len, runs->len == 1 ? "" : "s");
  if (runs->len == 0)
    return;

  printf ("%-8s  %-16s  %-24s  %-7s  %8s  %7s %7s %8s %6s %12s %7s  %7s  %s\n",
          "ID", "saved", "dataset", "preset", "rows", "valid", "outlier", "fragment",
          "isomer", "insufficient", "invalid", "curated", "changed parameters");

  for (guint i = 0; i < runs->len; i++)
    {
      GwRunInfo *info = g_ptr_array_index (runs, i);
      g_autofree char *saved = format_time (info->saved_at, TRUE);
      g_autofree char *changed = gw_run_info_dup_params_summary (info);

      printf ("%.8s  %-16s  %-24s  %-7s  %8u  %7u %7u %8u %6u %12u %7u  %7u  %s\n",
              info->uuid, saved, info->dataset_name,
              gw_preset_to_string (info->params.preset), info->n_rows,
              info->status_counts[GW_STATUS_VALID],
              info->status_counts[GW_STATUS_OUTLIER],
              info->status_counts[GW_STATUS_FRAGMENT],
              info->status_counts[GW_STATUS_ISOMER],
              info->status_counts[GW_STATUS_INSUFFICIENT],
              info->status_counts[GW_STATUS_INVALID],
              info->n_curated,
              *changed ? changed : "defaults");
    }
}

int
gw_cli_runs (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GPtrArray) runs = NULL;

  context = g_option_context_new ("PROJECT.gwproject");
  g_option_context_set_summary (context, runs_summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "ganglioside runs: %s\n", error->message);
      return GW_EXIT_USAGE;
    }

  if (argc != 2)
    {
      fprintf (stderr, "ganglioside runs: %s\n",
               argc < 2 ? "no project given" : "more than one project given");
      fprintf (stderr, "Run “ganglioside runs --help” for the options.\n");
      return GW_EXIT_USAGE;
    }

  project = gw_project_open (argv[1], &error);
  if (project != NULL)
    runs = gw_project_list_runs (project, NULL, &error);
  if (runs == NULL)
    {
      fprintf (stderr, "ganglioside runs: %s\n", error->message);
      return GW_EXIT_FATAL;
    }

  if (json)
    print_json (project, runs);
  else
    print_text (project, runs);

  return GW_EXIT_OK;
}
