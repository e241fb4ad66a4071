/* gw-plot-data-run.c: plot data from an analysis run
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kept apart from gw-plot-data.c so that programs which build plot data by
 * hand (the benchmark) do not pull in the engine.
 */

#define G_LOG_DOMAIN "gw-plot"

#include "config.h"

#include <math.h>

#include "gw-analysis.h"
#include "gw-plot-data-private.h"

static void
run_unref_cb (gpointer run)
{
  gw_run_unref (run);
}

GwPlotData *
gw_plot_data_new_from_run (GwRun *run)
{
  GwTable *table;
  const GwParams *params;
  g_autofree char *description = NULL;
  GwPlotData *data;
  guint n_groups;

  g_return_val_if_fail (run != NULL, NULL);

  table = gw_run_get_table (run);
  params = gw_run_get_params (run);
  description = g_strdup_printf ("%s · %s", gw_table_get_display_name (table),
                                 gw_preset_to_string (params->preset));
  data = gw_plot_data_alloc (params->outlier_threshold, description);
  data->owner = gw_run_ref (run);
  data->owner_destroy = run_unref_cb;

  /* The groups, each with the category of its first parsed row. */
  n_groups = gw_table_get_n_groups (table);
  g_array_set_size (data->groups, n_groups);
  for (guint g = 0; g < n_groups; g++)
    {
      GwPlotGroup *group = &g_array_index (data->groups, GwPlotGroup, g);

      group->name = gw_table_get_group_name (table, g);
      group->category = -1;
    }
  for (guint m = 0; m < gw_run_get_n_models (run); m++)
    {
      const GwModel *model = gw_run_get_model (run, m);

      if (model->group < n_groups)
        g_array_index (data->groups, GwPlotGroup, model->group).equation = model->equation;
    }

  data->n_points = gw_run_get_n_rows (run);
  data->points = g_new0 (GwPlotPoint, data->n_points);
  data->names = g_new0 (const char *, data->n_points);
  data->reasons = g_new0 (const char *, data->n_points);

  for (guint row = 0; row < data->n_points; row++)
    {
      GwPlotPoint *p = &data->points[row];
      const GwName *name = gw_table_get_parsed_name (table, row);
      int model_index = gw_run_get_model_index (run, row);
      const GwModel *model = NULL;

      if (model_index >= 0 && (guint) model_index < gw_run_get_n_models (run))
        model = gw_run_get_model (run, model_index);

      p->rt = gw_table_get_rt (table, row);
      p->logp = gw_table_get_logp (table, row);
      p->predicted = gw_run_get_predicted (run, row);
      p->z = gw_run_get_z (run, row);
      p->pi_low = gw_run_get_pi_low (run, row);
      p->pi_high = gw_run_get_pi_high (run, row);
      p->status = gw_run_get_status (run, row);
      p->anchor = gw_table_is_anchor (table, row);
      p->group = name != NULL ? gw_table_get_group (table, row) : -1;
      p->category = name != NULL ? (gint8) gw_name_get_category (name) : -1;
      p->fitted = model != NULL && model->accepted &&
                  model->level != GW_MODEL_LEVEL_NONE &&
                  gw_run_get_model_level (run, row) != GW_MODEL_LEVEL_NONE;

      /* The band is where |z| < threshold, so the scale is the one z
       * divides by: residual / z for the row (it includes the parameter
       * uncertainty under the robust preset), else the model's σ. */
      p->sigma = NAN;
      if (p->fitted)
        {
          double residual = gw_run_get_residual (run, row);

          if (isfinite (residual) && isfinite (p->z) && fabs (p->z) > 1e-9 &&
              fabs (residual) > 1e-12)
            p->sigma = fabs (residual / p->z);
          else if (isfinite (model->scale))
            p->sigma = model->scale;
        }

      if (p->group >= 0 && (guint) p->group < n_groups)
        {
          GwPlotGroup *group = &g_array_index (data->groups, GwPlotGroup, p->group);

          if (group->category < 0)
            group->category = p->category;
        }

      data->names[row] = gw_table_get_name (table, row);
      data->reasons[row] = gw_run_get_reason (run, row);
    }

  gw_plot_data_build_lines (data);

  return data;
}
