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
 * model makes a GwResultRow only when someone asks for position i, in input
 * order, and owns none of them.  It does remember the ones still alive
 * (the rows on screen, mostly), so asking twice gives the same object:
 * GTK's list views recognise moved items by identity and then reuse their
 * row widgets instead of rebuilding them at every step of an incremental
 * sort.  A model is bound to one run for its whole life: a new run gets a
 * new model, so items never change under a view. */
struct _GwResultModel
{
  GObject     parent_instance;
  GwRun      *run;
  GHashTable *live;   /* row → GwResultRow, weak: items remove themselves */
};

static GType
gw_result_model_get_item_type (GListModel *model)
{
  return GW_TYPE_RESULT_ROW;
}

static guint
gw_result_model_get_n_items (GListModel *model)
{
  GwResultModel *self = GW_RESULT_MODEL (model);

  return self->run != NULL ? gw_run_get_n_rows (self->run) : 0;
}

static gpointer
gw_result_model_get_item (GListModel *model,
                          guint       position)
{
  GwResultModel *self = GW_RESULT_MODEL (model);

  if (self->run == NULL || position >= gw_run_get_n_rows (self->run))
    return NULL;

  return gw_result_row_lookup (self->live, self->run, position);
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
gw_result_model_finalize (GObject *object)
{
  GwResultModel *self = (GwResultModel *)object;

  g_clear_pointer (&self->run, gw_run_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);

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

GwRun *
gw_result_model_get_run (GwResultModel *self)
{
  g_return_val_if_fail (GW_IS_RESULT_MODEL (self), NULL);
  return self->run;
}
