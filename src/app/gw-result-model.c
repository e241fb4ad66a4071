/* gw-result-model.c: a GListModel over the rows of a run
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-result-model"

#include "config.h"

#include "gw-result-model.h"
#include "gw-result-row.h"
#include "gw-tasks.h"

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

  /* Work spread over idles so that no main-loop dispatch runs long (see
   * gw_result_model_set_order()): live items still to be pointed at
   * their new rows, and how many items GTK has been told about so far. */
  GPtrArray  *stale;
  guint       n_exposed;
  guint       work_source;
  guint       priority_first;
  guint       priority_n;
  GwRun      *retiring;  /* (nullable): the previous run, until no item shows it */
};

/* GTK 4.8's list views keep up to about 200 rows of widgets alive around
 * the visible ones, whatever the window size.  Pointing 200 rows × 13
 * cells at new data took 40-60 ms per sort; creating them all at once
 * for a new run, about 100 ms, and the next frame then measured every
 * changed label again.  So a dispatch, and so a frame, handles at most
 * this many rows; the rows in view go first. */
#define ROWS_PER_DISPATCH 24
/* Above this many exposed items, GTK creates no further row widgets. */
#define REVEAL_LIMIT 256

static guint
n_total (GwResultModel *self)
{
  if (self->run == NULL)
    return 0;
  return self->rows != NULL ? self->n_rows : gw_run_get_n_rows (self->run);
}

static guint
n_items (GwResultModel *self)
{
  return MIN (self->n_exposed, n_total (self));
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

  g_clear_handle_id (&self->work_source, g_source_remove);
  g_clear_pointer (&self->stale, g_ptr_array_unref);
  g_clear_pointer (&self->retiring, gw_run_unref);

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
  self->n_exposed = n_total (self);

  return self;
}

/* Points a live item at the row now at its position, or drops it when
 * the position no longer exists. */
static void
refresh_item (GwResultModel *self,
              GwResultRow   *item)
{
  guint position = gw_result_row_get_position (item);

  if (position < n_total (self) && self->run != NULL)
    gw_result_row_set (item, self->run, row_at (self, position));
  else
    gw_result_row_detach (item);
}

/* No item shows the previous run any more: whoever drops its last
 * reference frees it, and that should not be the main thread. */
static void
retire (GwResultModel *self)
{
  gw_release_in_thread (g_steal_pointer (&self->retiring), (GDestroyNotify) gw_run_unref);
}

/* Does up to @budget rows of the pending work; TRUE when some is left. */
static gboolean
do_work (GwResultModel *self,
         guint          budget)
{
  guint total;

  /* Stale items first: they are on screen (or near it) with old data. */
  while (budget > 0 && self->stale != NULL && self->stale->len > 0)
    {
      g_autoptr(GwResultRow) item = g_ptr_array_steal_index (self->stale, self->stale->len - 1);

      refresh_item (self, item);
      budget--;
    }
  if (self->stale != NULL && self->stale->len > 0)
    return TRUE;

  /* Then tell GTK about more items; it makes widgets for the new ones
   * up to its limit, and nothing beyond. */
  total = n_total (self);
  if (self->n_exposed < total && budget > 0)
    {
      guint old = self->n_exposed;
      guint exposed = old + MIN (budget, ROWS_PER_DISPATCH);

      if (exposed >= REVEAL_LIMIT || exposed >= total)
        exposed = total;
      self->n_exposed = exposed;
      g_list_model_items_changed (G_LIST_MODEL (self), old, 0, exposed - old);
    }

  return self->n_exposed < total;
}

static gboolean
work_cb (gpointer user_data)
{
  GwResultModel *self = user_data;

  if (do_work (self, ROWS_PER_DISPATCH))
    return G_SOURCE_CONTINUE;

  self->work_source = 0;
  g_clear_pointer (&self->stale, g_ptr_array_unref);
  retire (self);
  return G_SOURCE_REMOVE;
}

static int
compare_stale (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GwResultModel *self = user_data;
  guint pa = gw_result_row_get_position (*(GwResultRow **) a);
  guint pb = gw_result_row_get_position (*(GwResultRow **) b);
  gboolean va = pa - self->priority_first < self->priority_n;
  gboolean vb = pb - self->priority_first < self->priority_n;

  /* The array is worked from its end: rows in view last in the array,
   * then by distance from the view. */
  if (va != vb)
    return va - vb;
  {
    guint centre = self->priority_first + self->priority_n / 2;
    guint da = pa > centre ? pa - centre : centre - pa;
    guint db = pb > centre ? pb - centre : centre - pb;

    return (da < db) - (da > db);
  }
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
      retire (self);
      self->retiring = g_steal_pointer (&self->run);
      if (run != NULL)
        self->run = gw_run_ref (run);
    }
  /* Four bytes a row: a few milliseconds to free even for a million. */
  g_clear_pointer (&self->rows, g_free);
  self->rows = rows;
  self->n_rows = rows != NULL ? n_rows : 0;

  /* Live items at positions that still exist now show their new rows;
   * the others are dropped by the items-changed below.  Take a snapshot
   * first: the ::changed handlers run GTK code, which may drop items and
   * so change the map.  The rows in view are done now, the rest in idles
   * (an item asked for meanwhile is brought up to date by get_item()). */
  {
    GHashTableIter iter;
    gpointer value;

    g_clear_pointer (&self->stale, g_ptr_array_unref);
    self->stale = g_ptr_array_new_full (g_hash_table_size (self->live), g_object_unref);
    g_hash_table_iter_init (&iter, self->live);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (self->stale, g_object_ref (value));
    g_ptr_array_sort_with_data (self->stale, compare_stale, self);

    while (self->stale->len > 0)
      {
        GwResultRow *item = g_ptr_array_index (self->stale, self->stale->len - 1);
        guint position = gw_result_row_get_position (item);

        if (position - self->priority_first >= self->priority_n && position < n_total (self))
          break;
        item = g_ptr_array_steal_index (self->stale, self->stale->len - 1);
        refresh_item (self, item);
        g_object_unref (item);
      }
  }

  /* A model that grows from (nearly) nothing shows its first rows now
   * and the rest in the idles: GTK makes the row widgets as it hears of
   * the items. */
  new_n = n_total (self);
  if (new_n > old_n && old_n < REVEAL_LIMIT)
    self->n_exposed = MIN (new_n, MAX (old_n, ROWS_PER_DISPATCH));
  else
    self->n_exposed = new_n;
  new_n = n_items (self);

  common = MIN (old_n, new_n);
  if (old_n != new_n)
    g_list_model_items_changed (G_LIST_MODEL (self), common, old_n - common, new_n - common);

  if ((self->stale->len > 0 || self->n_exposed < n_total (self)) && self->work_source == 0)
    {
      /* Between frames, after input: each frame then lays out only the
       * rows the last idle changed, not all of them at once. */
      self->work_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, work_cb, self, NULL);
      g_source_set_name_by_id (self->work_source, "[gw] result model work");
    }
  else if (self->stale->len == 0 && self->n_exposed >= n_total (self))
    {
      g_clear_handle_id (&self->work_source, g_source_remove);
      g_clear_pointer (&self->stale, g_ptr_array_unref);
      retire (self);
    }
}

void
gw_result_model_set_priority_range (GwResultModel *self,
                                    guint          first,
                                    guint          n)
{
  g_return_if_fail (GW_IS_RESULT_MODEL (self));

  self->priority_first = first;
  self->priority_n = n;
}

gboolean
gw_result_model_is_busy (GwResultModel *self)
{
  g_return_val_if_fail (GW_IS_RESULT_MODEL (self), FALSE);
  return self->work_source != 0;
}

void
gw_result_model_flush (GwResultModel *self)
{
  g_return_if_fail (GW_IS_RESULT_MODEL (self));

  if (self->work_source == 0)
    return;
  while (do_work (self, G_MAXUINT))
    ;
  g_clear_handle_id (&self->work_source, g_source_remove);
  g_clear_pointer (&self->stale, g_ptr_array_unref);
  retire (self);
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
      return row < n_items (self);
    }

  /* Plain integers: a linear scan of a million takes about a millisecond. */
  for (guint i = 0; i < n_items (self); i++)
    {
      if (self->rows[i] == row)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}
