/* gw-tasks.c: the app's background work (reading files, analysing)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-tasks"

#include "config.h"

#include "gw-tasks.h"

#include "gw-plot-data.h"

/* Task data is an immutable copy of the inputs: the worker never sees
 * anything the main thread may change afterwards, and never touches a
 * widget.  It returns a new immutable result. */

static void
load_table_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  GwTable *table;

  table = gw_table_new_from_file (file, cancellable, &error);
  if (table == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, table, (GDestroyNotify) gw_table_unref);
}

void
gw_load_table_async (GFile               *file,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_load_table_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_table_worker);
}

GwTable *
gw_load_table_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gw_load_table_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GwTable    *table;
  GwParams    params;
  GwProgress *progress;
} AnalyzeData;

static void
analyze_data_free (AnalyzeData *data)
{
  g_clear_pointer (&data->table, gw_table_unref);
  g_clear_object (&data->progress);
  g_free (data);
}

/* What a run needs before it can be shown, all built on the worker so
 * that showing it is a cheap swap on the main thread: a million-row
 * run's plot data alone took about 400 ms to build. */
typedef struct
{
  GwRun      *run;
  GwPlotData *plot_data;
} AnalyzeResult;

static void
analyze_result_free (AnalyzeResult *result)
{
  g_clear_pointer (&result->plot_data, gw_plot_data_unref);
  g_clear_pointer (&result->run, gw_run_unref);
  g_free (result);
}

static void
analyze_progress_cb (double      fraction,
                     const char *message,
                     gpointer    user_data)
{
  GwProgress *progress = user_data;

  if (progress != NULL)
    gw_progress_report (progress, fraction, message);
}

static void
analyze_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const AnalyzeData *data = task_data;
  GError *error = NULL;
  AnalyzeResult *result;
  GwRun *run;

  run = gw_analyze (data->table, &data->params, cancellable,
                    analyze_progress_cb, data->progress, &error);
  if (run == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (AnalyzeResult, 1);
  result->run = run;
  if (!g_cancellable_is_cancelled (cancellable))
    result->plot_data = gw_plot_data_new_from_run (run);
  g_task_return_pointer (task, result, (GDestroyNotify) analyze_result_free);
}

void
gw_analyze_async (GwTable             *table,
                  const GwParams      *params,
                  GwProgress          *progress,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnalyzeData *data;

  g_return_if_fail (table != NULL);
  g_return_if_fail (params != NULL);
  g_return_if_fail (!progress || GW_IS_PROGRESS (progress));

  data = g_new0 (AnalyzeData, 1);
  data->table = gw_table_ref (table);
  data->params = *params;
  data->progress = progress ? g_object_ref (progress) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_analyze_async);
  /* A cancelled run's result is never wanted, even when the worker
   * happened to finish first. */
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, data, (GDestroyNotify) analyze_data_free);
  g_task_run_in_thread (task, analyze_worker);
}

GwRun *
gw_analyze_finish (GAsyncResult  *result,
                   GError       **error)
{
  return gw_analyze_finish_full (result, NULL, error);
}

GwRun *
gw_analyze_finish_full (GAsyncResult  *result,
                        GwPlotData   **plot_data,
                        GError       **error)
{
  AnalyzeResult *analysis;
  GwRun *run;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gw_analyze_async, NULL);

  if (plot_data != NULL)
    *plot_data = NULL;

  analysis = g_task_propagate_pointer (G_TASK (result), error);
  if (analysis == NULL)
    return NULL;

  run = g_steal_pointer (&analysis->run);
  if (plot_data != NULL)
    *plot_data = g_steal_pointer (&analysis->plot_data);
  analyze_result_free (analysis);
  return run;
}

typedef struct
{
  gpointer       data;
  GDestroyNotify release;
} Release;

static void
release_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Release *release = task_data;

  release->release (g_steal_pointer (&release->data));
  g_task_return_boolean (task, TRUE);
}

void
gw_release_in_thread (gpointer       data,
                      GDestroyNotify release)
{
  g_autoptr(GTask) task = NULL;
  Release *r;

  g_return_if_fail (release != NULL);

  if (data == NULL)
    return;

  r = g_new0 (Release, 1);
  r->data = data;
  r->release = release;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, gw_release_in_thread);
  g_task_set_task_data (task, r, g_free);
  g_task_run_in_thread (task, release_worker);
}
