/* gw-view-order.c: which rows the table shows, in which order
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-view-order"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-result-table.h"
#include "gw-view-order.h"

/* GTK 4.8's GtkSortListModel computes every sort key on the main thread in
 * one go, and GtkColumnViewSorter compares through expressions: on a
 * million rows we measured over a second of frozen window per sort.  The
 * run is immutable plain arrays, so the table instead sorts and filters
 * row indices here, on a worker, and swaps the finished order in at once. */

void
gw_view_spec_clear (GwViewSpec *spec)
{
  g_clear_pointer (&spec->search, g_free);
  g_clear_pointer (&spec->curation, gw_curation_unref);
}

guint
gw_view_row_category (GwRun      *run,
                      GwCuration *curation,
                      guint       row)
{
  if (curation != NULL && row < gw_curation_get_n_rows (curation))
    {
      switch (gw_curation_get_status (curation, row))
        {
        case GW_CURATION_ACCEPTED:
          return GW_VIEW_ACCEPTED;
        case GW_CURATION_REJECTED:
          return GW_VIEW_REJECTED;
        case GW_CURATION_NONE:
        default:
          break;
        }
    }

  return gw_run_get_status (run, row);
}

const char *
gw_view_row_effective_status (GwRun      *run,
                              GwCuration *curation,
                              guint       row)
{
  switch (gw_view_row_category (run, curation, row))
    {
    case GW_VIEW_ACCEPTED:
      return gw_curation_status_to_string (GW_CURATION_ACCEPTED);
    case GW_VIEW_REJECTED:
      return gw_curation_status_to_string (GW_CURATION_REJECTED);
    default:
      return gw_status_to_string (gw_run_get_status (run, row));
    }
}

guint
gw_view_row_status_rank (GwRun      *run,
                         GwCuration *curation,
                         guint       row)
{
  guint category = gw_view_row_category (run, curation, row);

  /* The status strip's order: the analyst's own calls, then the engine's
   * in GwStatus order, so an ascending sort lists what someone decided
   * first, as the strip does. */
  if (category >= GW_N_STATUSES)
    return category - GW_N_STATUSES;
  return category + (GW_VIEW_N_CATEGORIES - GW_N_STATUSES);
}

gboolean
gw_view_row_matches (GwRun      *run,
                     GwCuration *curation,
                     guint       row,
                     guint       status_mask,
                     const char *search)
{
  if (status_mask != 0 && (status_mask & (1u << gw_view_row_category (run, curation, row))) == 0)
    return FALSE;

  if (search != NULL)
    {
      const char *name = gw_table_get_name (gw_run_get_table (run), row);

      /* Annotation names are ASCII, so a byte-wise case-insensitive
       * search keeps filtering a million rows fast.  Typing the start of
       * a status ("rej") finds the rows with that effective status;
       * lipid names start with G, so the two never collide. */
      if ((name == NULL || strcasestr (name, search) == NULL) &&
          g_ascii_strncasecmp (gw_view_row_effective_status (run, curation, row),
                               search, strlen (search)) != 0)
        return FALSE;
    }

  return TRUE;
}

gboolean
gw_view_spec_is_identity (const GwViewSpec *spec)
{
  return spec->sort_column < 0 && spec->status_mask == 0 && spec->search == NULL;
}

gboolean
gw_view_column_is_text (int column)
{
  return column == GW_RESULT_COLUMN_NAME
         || column == GW_RESULT_COLUMN_GROUP
         || column == GW_RESULT_COLUMN_REASON;
}

double
gw_view_row_number (GwRun *run,
                    guint  row,
                    int    column)
{
  GwTable *table = gw_run_get_table (run);

  switch (column)
    {
    case GW_RESULT_COLUMN_LINE:       return gw_table_get_line (table, row);
    case GW_RESULT_COLUMN_RT:         return gw_table_get_rt (table, row);
    case GW_RESULT_COLUMN_LOGP:       return gw_table_get_logp (table, row);
    case GW_RESULT_COLUMN_VOLUME:     return gw_table_get_volume (table, row);
    case GW_RESULT_COLUMN_ANCHOR:     return gw_table_is_anchor (table, row) ? 1 : 0;
    case GW_RESULT_COLUMN_STATUS:     return gw_run_get_status (run, row);
    case GW_RESULT_COLUMN_PREDICTED:  return gw_run_get_predicted (run, row);
    case GW_RESULT_COLUMN_RESIDUAL:   return gw_run_get_residual (run, row);
    case GW_RESULT_COLUMN_Z:          return gw_run_get_z (run, row);
    case GW_RESULT_COLUMN_CONFIDENCE: return gw_run_get_confidence (run, row);
    default:                          break;
    }
  return NAN;
}

const char *
gw_view_row_text (GwRun *run,
                  guint  row,
                  int    column)
{
  GwTable *table = gw_run_get_table (run);
  const char *ret = NULL;

  switch (column)
    {
    case GW_RESULT_COLUMN_NAME:
      ret = gw_table_get_name (table, row);
      break;

    case GW_RESULT_COLUMN_GROUP:
      {
        int group = gw_table_get_group (table, row);

        ret = group >= 0 ? gw_table_get_group_name (table, group) : NULL;
      }
      break;

    case GW_RESULT_COLUMN_REASON:
      ret = gw_run_get_reason (run, row);
      break;

    default:
      break;
    }

  return ret != NULL ? ret : "";
}

typedef struct
{
  double key;
  guint  row;
} NumberKey;

typedef struct
{
  const char *key;
  guint       row;
} TextKey;

/* Ties keep input order, so every sort is stable and repeatable. */
static int
compare_number (const void *pa,
                const void *pb)
{
  const NumberKey *a = pa, *b = pb;

  if (a->key < b->key)
    return -1;
  if (a->key > b->key)
    return 1;
  return (a->row > b->row) - (a->row < b->row);
}

static int
compare_number_desc (const void *pa,
                     const void *pb)
{
  const NumberKey *a = pa, *b = pb;

  if (a->key > b->key)
    return -1;
  if (a->key < b->key)
    return 1;
  return (a->row > b->row) - (a->row < b->row);
}

static int
compare_text (const void *pa,
              const void *pb)
{
  const TextKey *a = pa, *b = pb;
  int cmp = g_ascii_strcasecmp (a->key, b->key);

  if (cmp == 0)
    cmp = strcmp (a->key, b->key);
  return cmp != 0 ? cmp : (a->row > b->row) - (a->row < b->row);
}

static int
compare_text_desc (const void *pa,
                   const void *pb)
{
  const TextKey *a = pa, *b = pb;
  int cmp = g_ascii_strcasecmp (b->key, a->key);

  if (cmp == 0)
    cmp = strcmp (b->key, a->key);
  return cmp != 0 ? cmp : (a->row > b->row) - (a->row < b->row);
}

typedef struct
{
  GwRun      *run;
  GwViewSpec  spec;
} OrderData;

static void
order_data_free (OrderData *data)
{
  g_clear_pointer (&data->run, gw_run_unref);
  gw_view_spec_clear (&data->spec);
  g_free (data);
}

typedef struct
{
  guint *rows;
  guint  n_rows;
} OrderResult;

static void
order_result_free (OrderResult *result)
{
  g_free (result->rows);
  g_free (result);
}

static void
order_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const OrderData *data = task_data;
  GwRun *run = data->run;
  guint n = gw_run_get_n_rows (run);
  const guint8 *status = gw_run_get_status_column (run);
  OrderResult *result = g_new0 (OrderResult, 1);
  guint m = 0;

  result->rows = g_new (guint, MAX (n, 1));

  /* Filter, on the effective statuses. */
  for (guint row = 0; row < n; row++)
    {
      if (data->spec.curation == NULL && data->spec.search == NULL)
        {
          /* The common case stays a plain array walk. */
          if (data->spec.status_mask != 0 && (data->spec.status_mask & (1u << status[row])) == 0)
            continue;
        }
      else if (!gw_view_row_matches (run, data->spec.curation, row,
                                     data->spec.status_mask, data->spec.search))
        continue;
      result->rows[m++] = row;
    }
  result->n_rows = m;

  if (g_task_return_error_if_cancelled (task))
    {
      order_result_free (result);
      return;
    }

  /* Sort. */
  if (data->spec.sort_column >= 0 && m > 1)
    {
      int column = data->spec.sort_column;

      if (gw_view_column_is_text (column))
        {
          TextKey *keys = g_new (TextKey, m);
          /* Reasons sort as the table shows them: in the user's language. */
          GStringChunk *reasons = column == GW_RESULT_COLUMN_REASON ? g_string_chunk_new (1 << 16) : NULL;

          for (guint i = 0; i < m; i++)
            {
              keys[i].row = result->rows[i];
              if (reasons != NULL)
                {
                  g_autofree char *reason = gw_run_dup_display_reason (run, keys[i].row);

                  keys[i].key = g_string_chunk_insert_const (reasons, reason);
                }
              else
                keys[i].key = gw_view_row_text (run, keys[i].row, column);
            }
          qsort (keys, m, sizeof *keys, data->spec.descending ? compare_text_desc : compare_text);
          for (guint i = 0; i < m; i++)
            result->rows[i] = keys[i].row;
          g_free (keys);
          if (reasons != NULL)
            g_string_chunk_free (reasons);
        }
      else
        {
          NumberKey *keys = g_new (NumberKey, m);

          for (guint i = 0; i < m; i++)
            {
              double v;

              /* The Status column shows, and so sorts by, the effective
               * status: a rejected outlier sorts with the rejected rows. */
              if (column == GW_RESULT_COLUMN_STATUS)
                v = gw_view_row_status_rank (run, data->spec.curation, result->rows[i]);
              else
                v = gw_view_row_number (run, result->rows[i], column);

              keys[i].row = result->rows[i];
              /* NAN compares equal to everything; rows without a value
               * sort as the smallest. */
              keys[i].key = isnan (v) ? -INFINITY : v;
            }
          qsort (keys, m, sizeof *keys, data->spec.descending ? compare_number_desc : compare_number);
          for (guint i = 0; i < m; i++)
            result->rows[i] = keys[i].row;
          g_free (keys);
        }
    }

  g_task_return_pointer (task, result, (GDestroyNotify) order_result_free);
}

void
gw_view_order_async (GwRun               *run,
                     const GwViewSpec    *spec,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OrderData *data;

  g_return_if_fail (run != NULL);
  g_return_if_fail (spec != NULL);

  data = g_new0 (OrderData, 1);
  data->run = gw_run_ref (run);
  data->spec = *spec;
  data->spec.search = g_strdup (spec->search);
  data->spec.curation = spec->curation ? gw_curation_ref (spec->curation) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_view_order_async);
  g_task_set_task_data (task, data, (GDestroyNotify) order_data_free);
  g_task_run_in_thread (task, order_worker);
}

guint *
gw_view_order_finish (GAsyncResult  *result,
                      guint         *n_rows,
                      GError       **error)
{
  OrderResult *order;
  guint *rows;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (n_rows != NULL, NULL);

  *n_rows = 0;
  order = g_task_propagate_pointer (G_TASK (result), error);
  if (order == NULL)
    return NULL;

  *n_rows = order->n_rows;
  rows = g_steal_pointer (&order->rows);
  order_result_free (order);
  return rows;
}
