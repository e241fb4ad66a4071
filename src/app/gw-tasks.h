/* gw-tasks.h: the app's background work (reading files, analysing)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-analysis.h"
#include "gw-plot-data.h"
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
/* The same, and the run's plot data built on the worker as well
 * (@plot_data: (out) (transfer full) (nullable)). */
GwRun   *gw_analyze_finish_full (GAsyncResult      *result,
                                 GwPlotData       **plot_data,
                                 GError           **error);

/* Calls @release (@data) on a worker thread.  Dropping the last reference
 * to a million-row run or its plot data frees hundreds of megabytes, tens
 * of milliseconds the window should not wait for; @release must be
 * thread-safe (the refcounted engine and plot types are). */
void     gw_release_in_thread (gpointer             data,
                               GDestroyNotify       release);

G_END_DECLS
