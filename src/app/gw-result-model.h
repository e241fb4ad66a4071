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

GwResultModel *gw_result_model_new     (GwRun         *run);
/* (nullable) (transfer none) */
GwRun         *gw_result_model_get_run (GwResultModel *self);

G_END_DECLS
