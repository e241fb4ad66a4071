/* gw-result-row.h: the row shown at one position of the table
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gw-run.h"

G_BEGIN_DECLS

#define GW_TYPE_RESULT_ROW (gw_result_row_get_type ())

G_DECLARE_FINAL_TYPE (GwResultRow, gw_result_row, GW, RESULT_ROW, GObject)

GwResultRow *gw_result_row_new          (GwRun       *run,
                                         guint        row);
/* (transfer full): the live item for @position in @live (position → item),
 * or a new one showing @row that removes itself from @live when
 * finalized. */
GwResultRow *gw_result_row_lookup       (GHashTable  *live,
                                         GwRun       *run,
                                         guint        position,
                                         guint        row);
/* Points the item at another run row; emits ::changed when it moved. */
void         gw_result_row_set          (GwResultRow *self,
                                         GwRun       *run,
                                         guint        row);
/* Forgets the live map (the item's position no longer exists). */
void         gw_result_row_detach       (GwResultRow *self);
GwRun       *gw_result_row_get_run      (GwResultRow *self);
guint        gw_result_row_get_row      (GwResultRow *self);
guint        gw_result_row_get_position (GwResultRow *self);

G_END_DECLS
