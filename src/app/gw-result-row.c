/* gw-result-row.c: one row of a run, as a list item
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-result-row"

#include "config.h"

#include "gw-result-row.h"

/* Deliberately tiny: a run reference and an index.  Items are created on
 * demand by GwResultModel and thrown away when the view no longer needs
 * them; every value is read from the run's column arrays. */
struct _GwResultRow
{
  GObject     parent_instance;
  GwRun      *run;
  GHashTable *live;   /* (nullable): the model's row → item map */
  guint       row;
};

G_DEFINE_FINAL_TYPE (GwResultRow, gw_result_row, G_TYPE_OBJECT)

static void
gw_result_row_finalize (GObject *object)
{
  GwResultRow *self = (GwResultRow *)object;

  if (self->live != NULL)
    {
      g_hash_table_remove (self->live, GUINT_TO_POINTER (self->row));
      g_hash_table_unref (self->live);
    }
  g_clear_pointer (&self->run, gw_run_unref);

  G_OBJECT_CLASS (gw_result_row_parent_class)->finalize (object);
}

static void
gw_result_row_class_init (GwResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_result_row_finalize;
}

static void
gw_result_row_init (GwResultRow *self)
{
}

GwResultRow *
gw_result_row_new (GwRun *run,
                   guint  row)
{
  GwResultRow *self;

  g_return_val_if_fail (run != NULL, NULL);
  g_return_val_if_fail (row < gw_run_get_n_rows (run), NULL);

  self = g_object_new (GW_TYPE_RESULT_ROW, NULL);
  self->run = gw_run_ref (run);
  self->row = row;

  return self;
}

GwResultRow *
gw_result_row_lookup (GHashTable *live,
                      GwRun      *run,
                      guint       row)
{
  GwResultRow *self;

  g_return_val_if_fail (live != NULL, NULL);

  self = g_hash_table_lookup (live, GUINT_TO_POINTER (row));
  if (self != NULL)
    return g_object_ref (self);

  self = gw_result_row_new (run, row);
  self->live = g_hash_table_ref (live);
  g_hash_table_insert (live, GUINT_TO_POINTER (row), self);
  return self;
}

GwRun *
gw_result_row_get_run (GwResultRow *self)
{
  g_return_val_if_fail (GW_IS_RESULT_ROW (self), NULL);
  return self->run;
}

guint
gw_result_row_get_row (GwResultRow *self)
{
  g_return_val_if_fail (GW_IS_RESULT_ROW (self), 0);
  return self->row;
}
