/* gw-change-item.c: one row whose status changed, as a list item
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-change-item"

#include "config.h"

#include "gw-change-item.h"

#include <string.h>

/* GwChangeList creates these on demand for the rows on screen only, so
 * they copy the few bytes of the change rather than point into it.  An
 * item stands for a position in the list: when the list is sorted or
 * filtered again, the items alive take the rows now at their positions
 * (as GwResultRow does in the results table). */
struct _GwChangeItem
{
  GObject     parent_instance;
  GwRowChange change;
};

G_DEFINE_FINAL_TYPE (GwChangeItem, gw_change_item, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
gw_change_item_class_init (GwChangeItemClass *klass)
{
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
gw_change_item_init (GwChangeItem *self)
{
}

GwChangeItem *
gw_change_item_new (const GwRowChange *change)
{
  GwChangeItem *self;

  g_return_val_if_fail (change != NULL, NULL);

  self = g_object_new (GW_TYPE_CHANGE_ITEM, NULL);
  self->change = *change;
  return self;
}

const GwRowChange *
gw_change_item_get_change (GwChangeItem *self)
{
  g_return_val_if_fail (GW_IS_CHANGE_ITEM (self), NULL);
  return &self->change;
}

void
gw_change_item_set_change (GwChangeItem      *self,
                           const GwRowChange *change)
{
  g_return_if_fail (GW_IS_CHANGE_ITEM (self));
  g_return_if_fail (change != NULL);

  if (memcmp (&self->change, change, sizeof *change) == 0)
    return;
  self->change = *change;
  g_signal_emit (self, signals[CHANGED], 0);
}
