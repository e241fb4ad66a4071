/* gw-result-model.h: a GListModel over the rows of a run
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-run.h"

G_BEGIN_DECLS

#define GW_TYPE_RESULT_MODEL (gw_result_model_get_type ())

G_DECLARE_FINAL_TYPE (GwResultModel, gw_result_model, GW, RESULT_MODEL, GObject)

GwResultModel *gw_result_model_new       (GwRun         *run);
/* Shows @rows of @run in that order (@rows is taken over), or every row
 * in input order when @rows is NULL.  Items alive at kept positions are
 * pointed at their new rows (GwResultRow::changed); only a change in the
 * number of rows is an items-changed. */
void           gw_result_model_set_order (GwResultModel *self,
                                          GwRun         *run,
                                          guint         *rows,
                                          guint          n_rows);
/* Positions on screen: set_order() updates their items first, at once,
 * and the others (and a large new model's items) in idles. */
void           gw_result_model_set_priority_range (GwResultModel *self,
                                                   guint          first,
                                                   guint          n);
/* TRUE while set_order()'s idle work is pending. */
gboolean       gw_result_model_is_busy   (GwResultModel *self);
/* Finishes the pending work now. */
void           gw_result_model_flush     (GwResultModel *self);
/* (nullable) (transfer none) */
GwRun         *gw_result_model_get_run   (GwResultModel *self);
/* The position of run row @row, or FALSE when the model does not show it. */
gboolean       gw_result_model_find_row  (GwResultModel *self,
                                          guint          row,
                                          guint         *position);

G_END_DECLS
