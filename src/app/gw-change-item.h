/* gw-change-item.h: one row whose status changed, as a list item
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gw-project.h"

G_BEGIN_DECLS

#define GW_TYPE_CHANGE_ITEM (gw_change_item_get_type ())

G_DECLARE_FINAL_TYPE (GwChangeItem, gw_change_item, GW, CHANGE_ITEM, GObject)

GwChangeItem      *gw_change_item_new        (const GwRowChange *change);
/* (transfer none): the change, valid as long as the item. */
const GwRowChange *gw_change_item_get_change (GwChangeItem      *self);
/* For GwChangeList: the item now stands for @change; emits ::changed
 * when that differs. */
void               gw_change_item_set_change (GwChangeItem      *self,
                                              const GwRowChange *change);

/* Signals:
 *   changed (): the item stands for another row now (after a re-sort or
 *   a new filter); whatever shows it shows it again. */

G_END_DECLS
