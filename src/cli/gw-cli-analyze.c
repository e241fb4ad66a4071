/* gw-cli-analyze.c: `ganglioside analyze`, the engine without a window
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ganglioside"

#include "config.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>

#include "gw-cli.h"
#include "gw-analysis.h"
#include "gw-export.h"
#include "gw-project.h"
#include "gw-table.h"

/* The exit status of a run stopped by a signal, as shells report it. */
#define GW_EXIT_INTERRUPTED 130

static const char summary[] =
  "Analyses a peak table (CSV with Name, RT, Volume, Log P and Anchor columns)\n"
  "and writes one row per input row, in input order, with its status, reason,\n"
  "model prediction and side-report findings.\n"
  "\n"
  "CSV output has the columns\n"
  "  " GW_EXPORT_CSV_COLUMNS "\n"
  "followed by the input's extra columns.  The group models go to a second CSV\n"
  "file: --models-out, or OUT.models.csv next to -o OUT (OUT without its .csv\n"
  "suffix) unless OUT is a device such as /dev/stdout; without -o and\n"
  "--models-out they are not written.  JSON output is one document holding\n"
  "the run, the models, the side reports and the rows.\n"
  "\n"
  "Output files are written to a temporary file and renamed into place, so an\n"
  "interrupted run never leaves a half-written file; a symbolic link is\n"
  "followed, and a device such as /dev/null or /dev/stdout is written to.\n"
  "\n"
  "With --project P.gwproject the run is also stored in that project (created\n"
  "when missing), together with the input file, and its ID is printed on\n"
  "standard output; the rows are then written only with -o.\n"
  "\n"
  "Exit status: 0 on success, 1 for a bad command line, 2 when the input cannot\n"
  "be read or analysed, or the output cannot be written.";

/* A thread that turns SIGINT, SIGTERM and SIGHUP into a cancellation, so
 * that the analysis and the export stop at their next check and remove
 * their temporary files.  The signals are blocked in every other thread. */
static gpointer
signal_thread_cb (gpointer data)
{
  GCancellable *cancellable = data;
  sigset_t set;
  int sig;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGHUP);
  if (sigwait (&set, &sig) == 0)
    g_cancellable_cancel (cancellable);

  return NULL;
}

static void
watch_signals (GCancellable *cancellable)
{
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGHUP);
  pthread_sigmask (SIG_BLOCK, &set, NULL);

  /* The thread runs until the process exits; it holds a reference. */
  g_thread_unref (g_thread_new ("gw-signals", signal_thread_cb, g_object_ref (cancellable)));
}

static int
usage_error (GOptionContext *context,
             const char     *format,
             ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (GOptionContext *context,
             const char     *format,
             ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "ganglioside analyze: %s\n", msg);
  fprintf (stderr, "Run “ganglioside analyze --help” for the options.\n");
  return GW_EXIT_USAGE;
}

/* The models file that goes with -o OUT: OUT.models.csv, with a .csv
 * suffix of OUT replaced. */
static char *
models_path_for (const char *output)
{
  if (g_str_has_suffix (output, ".csv") || g_str_has_suffix (output, ".CSV"))
    {
      g_autofree char *stem = g_strndup (output, strlen (output) - 4);

      return g_strconcat (stem, ".models.csv", NULL);
    }
  return g_strconcat (output, ".models.csv", NULL);
}

static void
apply_overrides (GwParams *params,
                 double    r2_threshold,
                 double    outlier_threshold,
                 double    rt_tolerance,
                 double    anchor_weight)
{
  if (!isnan (r2_threshold))
    params->r2_threshold = r2_threshold;
  if (!isnan (outlier_threshold))
    params->outlier_threshold = outlier_threshold;
  if (!isnan (rt_tolerance))
    params->rt_tolerance = rt_tolerance;
  if (!isnan (anchor_weight))
    params->anchor_weight = anchor_weight;
}

static int
fatal (const char *path,
       GError     *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fprintf (stderr, "ganglioside analyze: interrupted\n");
      return GW_EXIT_INTERRUPTED;
    }

  /* The engine's messages name the file; make sure of it. */
  if (path != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      if (strstr (error->message, base) == NULL)
        {
          fprintf (stderr, "ganglioside analyze: %s: %s\n", path, error->message);
          return GW_EXIT_FATAL;
        }
    }
  fprintf (stderr, "ganglioside analyze: %s\n", error->message);
  return GW_EXIT_FATAL;
}

int
gw_cli_analyze (int    argc,
                char **argv)
{
  g_autofree char *preset_str = NULL;
  g_autofree char *format_str = NULL;
  g_autofree char *output = NULL;
  g_autofree char *models_out = NULL;
  g_autofree char *project_path = NULL;
  double r2_threshold = NAN;
  double outlier_threshold = NAN;
  double rt_tolerance = NAN;
  double anchor_weight = NAN;
  GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset_str,
      "Analysis preset: robust (default) or classic", "PRESET" },
    { "r2-threshold", 0, 0, G_OPTION_ARG_DOUBLE, &r2_threshold,
      "Minimum cross-validated R² to accept a group model (0.50–0.999)", "X" },
    { "outlier-threshold", 0, 0, G_OPTION_ARG_DOUBLE, &outlier_threshold,
      "|z| at which a row is an outlier (1.0–6.0)", "X" },
    { "rt-tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &rt_tolerance,
      "Co-elution window in minutes (0.01–0.50)", "X" },
    { "anchor-weight", 0, 0, G_OPTION_ARG_DOUBLE, &anchor_weight,
      "Weight of an anchor in the robust fits (1–100)", "X" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_str,
      "Output format: csv (default) or json", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to OUT instead of standard output", "OUT" },
    { "models-out", 0, 0, G_OPTION_ARG_FILENAME, &models_out,
      "Write the group models as CSV to FILE (CSV format only)", "FILE" },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &project_path,
      "Store the run in the project P (created when missing) and print its ID", "P.gwproject" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GBytes) input_bytes = NULL;
  g_autofree char *run_id = NULL;
  GwExportFormat format = GW_EXPORT_CSV;
  GwPreset preset = GW_PRESET_ROBUST;
  GwParams params;
  const char *path;

  context = g_option_context_new ("FILE");
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, "%s", error->message);

  if (argc != 2)
    return usage_error (context, argc < 2 ? "no input file given" : "more than one input file given");
  path = argv[1];

  if (preset_str != NULL && !gw_preset_from_string (preset_str, &preset))
    return usage_error (context, "unknown preset “%s” (expected robust or classic)", preset_str);

  if (format_str != NULL)
    {
      if (g_ascii_strcasecmp (format_str, "csv") == 0)
        format = GW_EXPORT_CSV;
      else if (g_ascii_strcasecmp (format_str, "json") == 0)
        format = GW_EXPORT_JSON;
      else
        return usage_error (context, "unknown format “%s” (expected csv or json)", format_str);
    }

  if (models_out != NULL && format != GW_EXPORT_CSV)
    return usage_error (context, "--models-out goes with --format csv; JSON output holds the models");

  /* A parameter that would have no effect is a mistake worth naming. */
  if (!isnan (anchor_weight) && preset != GW_PRESET_ROBUST)
    return usage_error (context, "--anchor-weight applies to the robust preset only");

  gw_params_init (&params, preset);
  apply_overrides (&params, r2_threshold, outlier_threshold, rt_tolerance, anchor_weight);
  if (!gw_params_validate (&params, &error))
    return usage_error (context, "%s", error->message);

  cancellable = g_cancellable_new ();
  watch_signals (cancellable);

  input = g_file_new_for_commandline_arg (path);
  if (project_path != NULL)
    {
      g_autofree char *base = g_file_get_basename (input);

      /* The project keeps the exact bytes that were analysed. */
      input_bytes = g_file_load_bytes (input, cancellable, NULL, &error);
      if (input_bytes == NULL)
        return fatal (path, error);
      table = gw_table_new_from_bytes (input_bytes, base, cancellable, &error);
    }
  else
    table = gw_table_new_from_file (input, cancellable, &error);
  if (table == NULL)
    return fatal (path, error);

  run = gw_analyze (table, &params, cancellable, NULL, NULL, &error);
  if (run == NULL)
    {
      if (g_error_matches (error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_PARAMETER))
        return usage_error (context, "%s", error->message);
      return fatal (path, error);
    }

  if (project_path != NULL)
    {
      g_autoptr(GwProject) project = gw_project_open (project_path, &error);

      if (project == NULL && g_error_matches (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          project = gw_project_create (project_path, NULL, &error);
        }
      if (project == NULL)
        return fatal (NULL, error);

      run_id = gw_project_save_run (project, run, input_bytes, NULL, &error);
      if (run_id == NULL)
        return fatal (NULL, error);
    }

  if (output != NULL)
    {
      g_autoptr(GFile) dest = g_file_new_for_commandline_arg (output);

      if (!gw_export_to_file (run, format, dest, cancellable, &error))
        return fatal (NULL, error);

      /* Not next to a device (-o /dev/stdout): there is no folder. */
      if (format == GW_EXPORT_CSV && models_out == NULL &&
          (g_file_test (output, G_FILE_TEST_IS_REGULAR) ||
           !g_file_test (output, G_FILE_TEST_EXISTS)))
        models_out = models_path_for (output);
    }
  else if (run_id == NULL)
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      if (!gw_export_to_stream (run, format, out, cancellable, &error))
        return fatal (NULL, error);
    }

  if (models_out != NULL)
    {
      g_autoptr(GFile) dest = g_file_new_for_commandline_arg (models_out);

      if (!gw_export_to_file (run, GW_EXPORT_CSV_MODELS, dest, cancellable, &error))
        return fatal (NULL, error);
    }

  if (output != NULL)
    {
      g_autoptr(GString) counts = g_string_new (NULL);

      for (guint s = 0; s < GW_N_STATUSES; s++)
        {
          guint n = gw_run_get_status_count (run, s);

          if (n > 0)
            g_string_append_printf (counts, "%s%u %s", counts->len > 0 ? ", " : "",
                                    n, gw_status_to_string (s));
        }
      fprintf (stderr, "%s: %u rows (%s), %s preset → %s\n",
               path, gw_run_get_n_rows (run), counts->str,
               gw_preset_to_string (params.preset), output);
    }

  if (run_id != NULL)
    {
      fprintf (stderr, "%s: stored as run %.8s in %s\n", path, run_id, project_path);
      printf ("%s\n", run_id);
    }

  return GW_EXIT_OK;
}
