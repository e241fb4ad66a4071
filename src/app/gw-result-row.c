/* gw-result-row.c: the row shown at one position of the table
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-result-row"

#include "config.h"

#include "gw-result-row.h"

/* Deliberately tiny: a run reference and an index.  Items are created on
 * demand by GwResultModel and thrown away when the view no longer needs
 * them; every value is read from the run's column arrays.  An item stands
 * for a position of the table: when the order changes (a sort, a filter, a
 * re-run) the model points the live items at their new rows and they emit
 * ::changed, so the cells on screen update without GTK rebuilding them. */
struct _GwResultRow
{
  GObject     parent_instance;
  GwRun      *run;
  GHashTable *live;      /* (nullable): the model's position → item map */
  guint       position;
  guint       row;
};

G_DEFINE_FINAL_TYPE (GwResultRow, gw_result_row, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
gw_result_row_finalize (GObject *object)
{
  GwResultRow *self = (GwResultRow *)object;

  gw_result_row_detach (self);
  g_clear_pointer (&self->run, gw_run_unref);

  G_OBJECT_CLASS (gw_result_row_parent_class)->finalize (object);
}

static void
gw_result_row_class_init (GwResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_result_row_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
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
                      guint       position,
                      guint       row)
{
  GwResultRow *self;

  g_return_val_if_fail (live != NULL, NULL);

  self = g_hash_table_lookup (live, GUINT_TO_POINTER (position));
  if (self != NULL)
    {
      gw_result_row_set (self, run, row);
      return g_object_ref (self);
    }

  self = gw_result_row_new (run, row);
  self->live = g_hash_table_ref (live);
  self->position = position;
  g_hash_table_insert (live, GUINT_TO_POINTER (position), self);
  return self;
}

void
gw_result_row_set (GwResultRow *self,
                   GwRun       *run,
                   guint        row)
{
  g_return_if_fail (GW_IS_RESULT_ROW (self));
  g_return_if_fail (run != NULL);

  if (self->run == run && self->row == row)
    return;

  if (self->run != run)
    {
      gw_run_unref (self->run);
      self->run = gw_run_ref (run);
    }
  self->row = row;

  g_signal_emit (self, signals[CHANGED], 0);
}

void
gw_result_row_detach (GwResultRow *self)
{
  g_return_if_fail (GW_IS_RESULT_ROW (self));

  if (self->live == NULL)
    return;

  if (g_hash_table_lookup (self->live, GUINT_TO_POINTER (self->position)) == self)
    g_hash_table_remove (self->live, GUINT_TO_POINTER (self->position));
  g_clear_pointer (&self->live, g_hash_table_unref);
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

guint
gw_result_row_get_position (GwResultRow *self)
{
  g_return_val_if_fail (GW_IS_RESULT_ROW (self), 0);
  return self->position;
}
