/* gw-plot-data.c: the numbers a plot draws
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-plot"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "gw-i18n.h"
#include "gw-plot-data-private.h"

G_DEFINE_BOXED_TYPE (GwPlotData, gw_plot_data, gw_plot_data_ref, gw_plot_data_unref)

struct _GwPlotDataBuilder
{
  GwPlotData *data;
  GArray     *points;
  GPtrArray  *names;
  GPtrArray  *reasons;
};

GwPlotData *
gw_plot_data_alloc (double      threshold,
                    const char *description)
{
  GwPlotData *data = g_new0 (GwPlotData, 1);

  g_atomic_ref_count_init (&data->ref_count);
  data->threshold = threshold;
  data->strings = g_string_chunk_new (4096);
  data->description = g_string_chunk_insert (data->strings, description ? description : "");
  data->groups = g_array_new (FALSE, TRUE, sizeof (GwPlotGroup));

  return data;
}

GwPlotData *
gw_plot_data_ref (GwPlotData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  g_atomic_ref_count_inc (&data->ref_count);
  return data;
}

void
gw_plot_data_unref (GwPlotData *data)
{
  g_return_if_fail (data != NULL);

  if (!g_atomic_ref_count_dec (&data->ref_count))
    return;

  for (guint i = 0; i < data->groups->len; i++)
    g_free (g_array_index (data->groups, GwPlotGroup, i).vertices);
  g_array_unref (data->groups);
  g_free (data->points);
  g_free (data->names);
  g_free (data->reasons);
  g_string_chunk_free (data->strings);
  if (data->owner_destroy != NULL)
    data->owner_destroy (data->owner);
  g_free (data);
}

guint
gw_plot_data_get_n_points (GwPlotData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->n_points;
}

const GwPlotPoint *
gw_plot_data_get_points (GwPlotData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->points;
}

const GwPlotPoint *
gw_plot_data_get_point (GwPlotData *data,
                        guint       row)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (row < data->n_points, NULL);
  return &data->points[row];
}

const char *
gw_plot_data_get_name (GwPlotData *data,
                       guint       row)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (row < data->n_points, NULL);
  return data->names[row] ? data->names[row] : "";
}

const char *
gw_plot_data_get_reason (GwPlotData *data,
                         guint       row)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (row < data->n_points, NULL);
  return data->reasons[row] ? data->reasons[row] : "";
}

guint
gw_plot_data_get_n_groups (GwPlotData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->groups->len;
}

const GwPlotGroup *
gw_plot_data_get_group (GwPlotData *data,
                        guint       group)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (group < data->groups->len, NULL);
  return &g_array_index (data->groups, GwPlotGroup, group);
}

double
gw_plot_data_get_threshold (GwPlotData *data)
{
  g_return_val_if_fail (data != NULL, NAN);
  return data->threshold;
}

const char *
gw_plot_data_get_description (GwPlotData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->description;
}

static const char *
status_word (guint status)
{
  /* TRANSLATORS: a row's status in a plot's tooltip, after "Status: ". */
  static const char * const words[] = {
    N_("valid"), N_("outlier"), N_("fragment"), N_("isomer"), N_("insufficient"), N_("invalid"),
  };

  return status < G_N_ELEMENTS (words) ? _(words[status]) : "?";
}

static void
append_number (GString    *s,
               const char *label,
               double      value,
               const char *unit)
{
  /* The locale's decimal separator, as the table writes numbers. */
  if (isfinite (value))
    g_string_append_printf (s, "\n%s: %.3f%s", label, value, unit);
  else
    g_string_append_printf (s, "\n%s: –", label);
}

char *
gw_plot_data_dup_tooltip (GwPlotData *data,
                          guint       row)
{
  const GwPlotPoint *p;
  const char *reason;
  GString *s;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (row < data->n_points, NULL);

  p = &data->points[row];
  s = g_string_new (gw_plot_data_get_name (data, row));
  if (p->group >= 0 && (guint) p->group < data->groups->len)
    g_string_append_printf (s, _("\nGroup: %s"),
                            g_array_index (data->groups, GwPlotGroup, p->group).name);
  append_number (s, _("RT"), p->rt, " min");
  append_number (s, _("Log P"), p->logp, "");
  append_number (s, _("Predicted RT"), p->predicted, " min");
  if (isfinite (p->z))
    g_string_append_printf (s, "\nz: %+.2f", p->z);
  else
    g_string_append (s, "\nz: –");
  g_string_append_printf (s, p->anchor ? _("\nStatus: %s (anchor)") : _("\nStatus: %s"),
                          status_word (p->status));
  reason = gw_plot_data_get_reason (data, row);
  if (reason[0] != '\0')
    {
      g_autofree char *display = gw_i18n_translate_message (reason);

      g_string_append_printf (s, _("\nReason: %s"), display);
    }
  g_string_append_printf (s, _("\nRow: %u"), row + 1);

  return g_string_free (s, FALSE);
}

static int
compare_vertex (gconstpointer a,
                gconstpointer b)
{
  const GwPlotLineVertex *va = a;
  const GwPlotLineVertex *vb = b;

  if (va->logp < vb->logp)
    return -1;
  if (va->logp > vb->logp)
    return 1;
  return 0;
}

/* Each group's line goes through its fitted rows' predictions, sorted by
 * Log P, so it shows exactly what the model said about the data it saw
 * (and never extrapolates past it).  Rows at the same Log P are averaged:
 * with a Log P-only model they agree anyway. */
void
gw_plot_data_build_lines (GwPlotData *data)
{
  guint n_groups = data->groups->len;
  g_autofree guint *counts = g_new0 (guint, n_groups);

  for (guint i = 0; i < data->n_points; i++)
    {
      const GwPlotPoint *p = &data->points[i];

      if (p->group >= 0 && (guint) p->group < n_groups)
        g_array_index (data->groups, GwPlotGroup, p->group).n_points++;
      if (p->group < 0 || (guint) p->group >= n_groups || !p->fitted ||
          p->status == GW_STATUS_INVALID ||
          !isfinite (p->logp) || !isfinite (p->predicted))
        continue;
      counts[p->group]++;
    }

  for (guint g = 0; g < n_groups; g++)
    {
      GwPlotGroup *group = &g_array_index (data->groups, GwPlotGroup, g);

      g_clear_pointer (&group->vertices, g_free);
      group->n_vertices = 0;
      if (counts[g] > 0)
        group->vertices = g_new (GwPlotLineVertex, counts[g]);
    }

  for (guint i = 0; i < data->n_points; i++)
    {
      const GwPlotPoint *p = &data->points[i];
      GwPlotGroup *group;
      GwPlotLineVertex *v;

      if (p->group < 0 || (guint) p->group >= n_groups || !p->fitted ||
          p->status == GW_STATUS_INVALID ||
          !isfinite (p->logp) || !isfinite (p->predicted))
        continue;

      group = &g_array_index (data->groups, GwPlotGroup, p->group);
      v = &group->vertices[group->n_vertices++];
      v->logp = p->logp;
      v->predicted = p->predicted;
      if (isfinite (p->sigma) && isfinite (data->threshold))
        {
          v->low = p->predicted - data->threshold * p->sigma;
          v->high = p->predicted + data->threshold * p->sigma;
        }
      else
        {
          v->low = isfinite (p->pi_low) ? p->pi_low : p->predicted;
          v->high = isfinite (p->pi_high) ? p->pi_high : p->predicted;
        }
    }

  for (guint g = 0; g < n_groups; g++)
    {
      GwPlotGroup *group = &g_array_index (data->groups, GwPlotGroup, g);
      guint out = 0;

      if (group->n_vertices == 0)
        continue;

      qsort (group->vertices, group->n_vertices, sizeof (GwPlotLineVertex), compare_vertex);

      for (guint i = 0; i < group->n_vertices;)
        {
          GwPlotLineVertex sum = group->vertices[i];
          guint j = i + 1;

          while (j < group->n_vertices &&
                 group->vertices[j].logp - group->vertices[i].logp < 1e-9)
            {
              sum.predicted += group->vertices[j].predicted;
              sum.low += group->vertices[j].low;
              sum.high += group->vertices[j].high;
              j++;
            }
          sum.predicted /= (j - i);
          sum.low /= (j - i);
          sum.high /= (j - i);
          group->vertices[out++] = sum;
          i = j;
        }
      group->n_vertices = out;
    }
}

GwPlotDataBuilder *
gw_plot_data_builder_new (double      threshold,
                          const char *description)
{
  GwPlotDataBuilder *builder = g_new0 (GwPlotDataBuilder, 1);

  builder->data = gw_plot_data_alloc (threshold, description);
  builder->points = g_array_new (FALSE, FALSE, sizeof (GwPlotPoint));
  builder->names = g_ptr_array_new ();
  builder->reasons = g_ptr_array_new ();

  return builder;
}

guint
gw_plot_data_builder_add_group (GwPlotDataBuilder *builder,
                                const char        *name,
                                int                category)
{
  GwPlotGroup group = { 0 };

  g_return_val_if_fail (builder != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (category >= -1 && category < GW_N_CATEGORIES, 0);

  group.name = g_string_chunk_insert_const (builder->data->strings, name);
  group.category = category;
  g_array_append_val (builder->data->groups, group);

  return builder->data->groups->len - 1;
}

void
gw_plot_data_builder_add_point (GwPlotDataBuilder *builder,
                                const GwPlotPoint *point,
                                const char        *name,
                                const char        *reason)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (point != NULL);
  g_return_if_fail (point->group < (int) builder->data->groups->len);

  g_array_append_vals (builder->points, point, 1);
  g_ptr_array_add (builder->names,
                   name ? g_string_chunk_insert_const (builder->data->strings, name) : NULL);
  g_ptr_array_add (builder->reasons,
                   reason && reason[0] ? g_string_chunk_insert_const (builder->data->strings, reason) : NULL);
}

GwPlotData *
gw_plot_data_builder_end (GwPlotDataBuilder *builder)
{
  GwPlotData *data;

  g_return_val_if_fail (builder != NULL, NULL);

  data = g_steal_pointer (&builder->data);
  data->n_points = builder->points->len;
  data->points = (GwPlotPoint *) (gpointer) g_array_free (builder->points, FALSE);
  data->names = (const char **) g_ptr_array_free (builder->names, FALSE);
  data->reasons = (const char **) g_ptr_array_free (builder->reasons, FALSE);
  g_free (builder);

  gw_plot_data_build_lines (data);

  return data;
}

void
gw_plot_data_builder_free (GwPlotDataBuilder *builder)
{
  if (builder == NULL)
    return;

  if (builder->data != NULL)
    {
      g_array_unref (builder->points);
      g_ptr_array_unref (builder->names);
      g_ptr_array_unref (builder->reasons);
      gw_plot_data_unref (builder->data);
    }
  g_free (builder);
}
