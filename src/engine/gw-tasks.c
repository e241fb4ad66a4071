/* gw-tasks.c: independent tasks on the calling thread and pool threads
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-tasks"

#include "config.h"

#include "gw-tasks.h"

typedef struct
{
  GwTaskFunc func;
  gpointer   data;
  guint      n_tasks;
  guint      next;      /* atomic: the next task to hand out */
} Job;

static void
job_work (Job   *job,
          guint  worker)
{
  for (;;)
    {
      guint task = (guint) g_atomic_int_add ((int *) &job->next, 1);

      if (task >= job->n_tasks)
        break;
      job->func (job->data, task, worker);
    }
}

static void
pool_thread_cb (gpointer data,
                gpointer user_data)
{
  job_work (user_data, GPOINTER_TO_UINT (data));
}

guint
gw_tasks_n_workers (guint n_tasks,
                    guint max_workers)
{
  guint n = MIN (g_get_num_processors (), GW_TASKS_MAX_WORKERS);
  const char *env = g_getenv ("GW_TASKS_WORKERS");

  /* For tests and measurements: results must not depend on the count. */
  if (env != NULL)
    {
      guint64 forced;

      if (g_ascii_string_to_unsigned (env, 10, 1, GW_TASKS_MAX_WORKERS, &forced, NULL))
        n = (guint) forced;
    }

  n = MIN (n, max_workers);
  n = MIN (n, n_tasks);
  return MAX (n, 1);
}

void
gw_tasks_run (guint      n_tasks,
              guint      n_workers,
              GwTaskFunc func,
              gpointer   data)
{
  Job job = { func, data, n_tasks, 0 };
  GThreadPool *pool = NULL;

  g_return_if_fail (func != NULL);

  n_workers = CLAMP (n_workers, 1, GW_TASKS_MAX_WORKERS);
  if (n_workers > 1 && n_tasks > 1)
    {
      /* Exclusive: its threads start now and are joined below, so none
       * outlives the call. */
      pool = g_thread_pool_new (pool_thread_cb, &job, n_workers - 1, TRUE, NULL);
      if (pool != NULL)
        {
          for (guint w = 1; w < n_workers; w++)
            g_thread_pool_push (pool, GUINT_TO_POINTER (w), NULL);
        }
    }

  /* The calling thread works too. */
  job_work (&job, 0);
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
}
