/* gw-cli-plot.c: `ganglioside plot`, a plot of an analysis to PNG, SVG or PDF
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ganglioside"

#include "config.h"

#include <stdio.h>

#include "gw-analysis.h"
#include "gw-cli.h"
#include "gw-plot-data.h"
#include "gw-plot-export.h"
#include "gw-plot-scene.h"

int
gw_cli_plot (int    argc,
             char **argv)
{
  g_autofree char *kind_str = NULL;
  g_autofree char *output = NULL;
  g_autofree char *preset_str = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) files = NULL;
  double dpi = 300.0;
  double width = 800.0;
  double height = 600.0;
  gboolean no_title = FALSE;
  GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_str,
      "rt-logp (default), residuals, counts or actual-predicted", "KIND" },
    { "group", 'g', 0, G_OPTION_ARG_STRING_ARRAY, &groups,
      "Plot only this group (repeatable), e.g. GD1+OAc", "GROUP" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write to OUT.png, OUT.svg or OUT.pdf", "OUT" },
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset_str,
      "Analysis preset: robust (default) or classic", "PRESET" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "PNG resolution (default 300)", "N" },
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &width,
      "Figure width in pixels at 96 dpi (default 800)", "W" },
    { "height", 0, 0, G_OPTION_ARG_DOUBLE, &height,
      "Figure height in pixels at 96 dpi (default 600)", "H" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "Title instead of the default", "TEXT" },
    { "no-title", 0, 0, G_OPTION_ARG_NONE, &no_title, "Draw no title", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GwPlotData) data = NULL;
  g_autoptr(GwPlotScene) scene = NULL;
  GwPlotKind kind = GW_PLOT_KIND_RT_LOGP;
  GwPlotFormat format;
  GwParams params;
  GwPreset preset = GW_PRESET_ROBUST;

  context = g_option_context_new ("FILE - draw a plot of an analysis");
  g_option_context_set_summary (context,
    "Analyses a peak table and draws one plot to PNG, SVG or PDF, from the\n"
    "same drawing code as the app.  The format follows OUT's extension.");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "ganglioside plot: %s\n", error->message);
      return GW_EXIT_USAGE;
    }

  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      fprintf (stderr, "ganglioside plot: give exactly one input FILE\n");
      return GW_EXIT_USAGE;
    }
  if (output == NULL)
    {
      fprintf (stderr, "ganglioside plot: give an output file with -o OUT.png, OUT.svg or OUT.pdf\n");
      return GW_EXIT_USAGE;
    }
  if (!gw_plot_format_from_filename (output, &format))
    {
      fprintf (stderr, "ganglioside plot: %s: the name must end in .png, .svg or .pdf\n", output);
      return GW_EXIT_USAGE;
    }
  if (kind_str != NULL && !gw_plot_kind_from_string (kind_str, &kind))
    {
      fprintf (stderr, "ganglioside plot: unknown kind “%s” "
               "(rt-logp, residuals, counts or actual-predicted)\n", kind_str);
      return GW_EXIT_USAGE;
    }
  if (preset_str != NULL && !gw_preset_from_string (preset_str, &preset))
    {
      fprintf (stderr, "ganglioside plot: unknown preset “%s” (robust or classic)\n", preset_str);
      return GW_EXIT_USAGE;
    }
  if (!(width >= 100 && width <= 20000 && height >= 100 && height <= 20000))
    {
      fprintf (stderr, "ganglioside plot: --width and --height must be 100–20000\n");
      return GW_EXIT_USAGE;
    }
  if (!(dpi >= 24 && dpi <= 2400))
    {
      fprintf (stderr, "ganglioside plot: --dpi must be 24–2400\n");
      return GW_EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (files[0]);
  table = gw_table_new_from_file (file, NULL, &error);
  if (table == NULL)
    {
      fprintf (stderr, "ganglioside plot: %s\n", error->message);
      return GW_EXIT_FATAL;
    }

  gw_params_init (&params, preset);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  /* Without an explicit choice, a build that lacks the robust preset
   * still draws, with the classic one, and says so. */
  if (run == NULL && preset_str == NULL &&
      g_error_matches (error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_UNSUPPORTED))
    {
      fprintf (stderr, "ganglioside plot: %s; using the classic preset\n", error->message);
      g_clear_error (&error);
      gw_params_init (&params, GW_PRESET_CLASSIC);
      run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
    }
  if (run == NULL)
    {
      fprintf (stderr, "ganglioside plot: %s: %s\n", gw_table_get_display_name (table), error->message);
      return GW_EXIT_FATAL;
    }

  data = gw_plot_data_new_from_run (run);
  scene = gw_plot_scene_new (data, kind);

  if (groups != NULL && groups[0] != NULL)
    {
      gw_plot_scene_set_all_groups_visible (scene, FALSE);
      for (guint i = 0; groups[i] != NULL; i++)
        if (!gw_plot_scene_show_group_by_name (scene, groups[i]))
          {
            g_autoptr(GString) known = g_string_new (NULL);

            for (guint g = 0; g < gw_plot_data_get_n_groups (data); g++)
              g_string_append_printf (known, "%s%s", g > 0 ? ", " : "",
                                      gw_plot_data_get_group (data, g)->name);
            fprintf (stderr, "ganglioside plot: %s has no group “%s”; its groups are: %s\n",
                     gw_table_get_display_name (table), groups[i], known->str);
            return GW_EXIT_USAGE;
          }
    }

  if (no_title)
    gw_plot_scene_set_title (scene, "");
  else if (title != NULL)
    gw_plot_scene_set_title (scene, title);

  if (!gw_plot_scene_export (scene, output, format, width, height, dpi, &error))
    {
      fprintf (stderr, "ganglioside plot: %s\n", error->message);
      return GW_EXIT_FATAL;
    }

  return GW_EXIT_OK;
}
