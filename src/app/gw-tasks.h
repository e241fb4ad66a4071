/* gw-tasks.h: the app's background work (reading files, analysing)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-analysis.h"
#include "gw-progress.h"

G_BEGIN_DECLS

/* Reads and parses @file on a worker thread. */
void     gw_load_table_async  (GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
GwTable *gw_load_table_finish (GAsyncResult        *result,
                               GError             **error);

/* Analyses @table with a copy of @params on a worker thread, reporting to
 * @progress (nullable). */
void     gw_analyze_async     (GwTable             *table,
                               const GwParams      *params,
                               GwProgress          *progress,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
GwRun   *gw_analyze_finish    (GAsyncResult        *result,
                               GError             **error);

G_END_DECLS
