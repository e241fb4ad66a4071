/* gw-result-model.c: a GListModel over the rows of a run
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-result-model"

#include "config.h"

#include "gw-result-model.h"
#include "gw-result-row.h"

/* A run of a million rows must not become a million live GObjects.  This
 * model makes a GwResultRow only when someone asks for position i and owns
 * none of them; it only remembers the ones still alive (the rows on
 * screen, mostly) so that asking twice gives the same object.
 *
 * The order (which rows, in which order) is an array of row indices
 * computed on a worker.  A new order does not replace the items: the live
 * ones are pointed at their new rows, so GTK keeps its row widgets and
 * only the visible cells redraw.  Replacing a million items at once makes
 * GTK 4.8 tear down and rebuild every visible row widget. */
struct _GwResultModel
{
  GObject     parent_instance;
  GwRun      *run;
  GHashTable *live;   /* position → GwResultRow, weak: items remove themselves */
  guint      *rows;   /* (nullable): rows shown, in order; NULL: all, in input order */
  guint       n_rows;
};

static guint
n_items (GwResultModel *self)
{
  if (self->run == NULL)
    return 0;
  return self->rows != NULL ? self->n_rows : gw_run_get_n_rows (self->run);
}

static guint
row_at (GwResultModel *self,
        guint          position)
{
  return self->rows != NULL ? self->rows[position] : position;
}

static GType
gw_result_model_get_item_type (GListModel *model)
{
  return GW_TYPE_RESULT_ROW;
}

static guint
gw_result_model_get_n_items (GListModel *model)
{
  return n_items (GW_RESULT_MODEL (model));
}

static gpointer
gw_result_model_get_item (GListModel *model,
                          guint       position)
{
  GwResultModel *self = GW_RESULT_MODEL (model);

  if (position >= n_items (self))
    return NULL;

  return gw_result_row_lookup (self->live, self->run, position, row_at (self, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gw_result_model_get_item_type;
  iface->get_n_items = gw_result_model_get_n_items;
  iface->get_item = gw_result_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GwResultModel, gw_result_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
detach_all (GwResultModel *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (items, value);
  for (guint i = 0; i < items->len; i++)
    gw_result_row_detach (g_ptr_array_index (items, i));
}

static void
gw_result_model_finalize (GObject *object)
{
  GwResultModel *self = (GwResultModel *)object;

  /* Items may outlive the model; they must not touch its map then. */
  detach_all (self);
  g_clear_pointer (&self->run, gw_run_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_free);

  G_OBJECT_CLASS (gw_result_model_parent_class)->finalize (object);
}

static void
gw_result_model_class_init (GwResultModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_result_model_finalize;
}

static void
gw_result_model_init (GwResultModel *self)
{
  self->live = g_hash_table_new (NULL, NULL);
}

GwResultModel *
gw_result_model_new (GwRun *run)
{
  GwResultModel *self = g_object_new (GW_TYPE_RESULT_MODEL, NULL);

  if (run != NULL)
    self->run = gw_run_ref (run);

  return self;
}

void
gw_result_model_set_order (GwResultModel *self,
                           GwRun         *run,
                           guint         *rows,
                           guint          n_rows)
{
  guint old_n, new_n, common;

  g_return_if_fail (GW_IS_RESULT_MODEL (self));

  old_n = n_items (self);

  if (run != self->run)
    {
      g_clear_pointer (&self->run, gw_run_unref);
      if (run != NULL)
        self->run = gw_run_ref (run);
    }
  g_clear_pointer (&self->rows, g_free);
  self->rows = rows;
  self->n_rows = rows != NULL ? n_rows : 0;
  new_n = n_items (self);

  /* Live items at positions that still exist now show their new rows;
   * the others are dropped by the items-changed below. */
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
    GHashTableIter iter;
    gpointer value;

    /* Take a snapshot first: the ::changed handlers run GTK code, which
     * may drop items and so change the map. */
    g_hash_table_iter_init (&iter, self->live);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (items, g_object_ref (value));

    for (guint i = 0; i < items->len; i++)
      {
        GwResultRow *item = g_ptr_array_index (items, i);
        guint position = gw_result_row_get_position (item);

        if (position < new_n && self->run != NULL)
          gw_result_row_set (item, self->run, row_at (self, position));
        else
          gw_result_row_detach (item);
      }
  }

  common = MIN (old_n, new_n);
  if (old_n != new_n)
    g_list_model_items_changed (G_LIST_MODEL (self), common, old_n - common, new_n - common);
}

GwRun *
gw_result_model_get_run (GwResultModel *self)
{
  g_return_val_if_fail (GW_IS_RESULT_MODEL (self), NULL);
  return self->run;
}

gboolean
gw_result_model_find_row (GwResultModel *self,
                          guint          row,
                          guint         *position)
{
  g_return_val_if_fail (GW_IS_RESULT_MODEL (self), FALSE);

  if (self->run == NULL)
    return FALSE;

  if (self->rows == NULL)
    {
      *position = row;
      return row < gw_run_get_n_rows (self->run);
    }

  /* Plain integers: a linear scan of a million takes about a millisecond. */
  for (guint i = 0; i < self->n_rows; i++)
    {
      if (self->rows[i] == row)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}
