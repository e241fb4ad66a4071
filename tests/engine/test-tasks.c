/* test-tasks.c: gw_tasks_run() runs every task once, on its workers
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gw-tasks.h"

typedef struct
{
  guint    n_tasks;
  guint    n_workers;
  GThread *caller;
  guint   *runs;        /* per task, atomic */
  guint   *worker_of;   /* per task */
  gboolean *on_caller;  /* per task: ran on the calling thread */
  guint64  sums[GW_TASKS_MAX_WORKERS];  /* per worker, not atomic */
  int      busy[GW_TASKS_MAX_WORKERS];  /* per worker, atomic */
  guint   *order;       /* tasks in the order they ran (one worker only) */
  guint    n_order;
} Check;

static void
check_task_cb (gpointer data,
               guint    task,
               guint    worker)
{
  Check *c = data;

  g_assert_cmpuint (task, <, c->n_tasks);
  g_assert_cmpuint (worker, <, c->n_workers);
  /* No two threads are ever the same worker at once. */
  g_assert_true (g_atomic_int_compare_and_exchange (&c->busy[worker], 0, 1));
  g_atomic_int_inc ((int *) &c->runs[task]);
  c->worker_of[task] = worker;
  c->on_caller[task] = g_thread_self () == c->caller;
  /* Only this worker writes its sum: two threads given the same worker
   * number would lose additions here. */
  c->sums[worker] += task;
  if (c->order != NULL)
    c->order[c->n_order++] = task;
  g_atomic_int_set (&c->busy[worker], 0);
}

static void
check_run (guint    n_tasks,
           guint    n_workers,
           gboolean record_order)
{
  Check c = { 0 };
  guint64 total = 0;
  guint used[GW_TASKS_MAX_WORKERS] = { 0 };

  c.n_tasks = n_tasks;
  c.n_workers = n_workers;
  c.caller = g_thread_self ();
  c.runs = g_new0 (guint, MAX (n_tasks, 1));
  c.worker_of = g_new0 (guint, MAX (n_tasks, 1));
  c.on_caller = g_new0 (gboolean, MAX (n_tasks, 1));
  if (record_order)
    c.order = g_new0 (guint, MAX (n_tasks, 1));

  gw_tasks_run (n_tasks, n_workers, check_task_cb, &c);

  for (guint t = 0; t < n_tasks; t++)
    {
      g_assert_cmpuint (c.runs[t], ==, 1);
      /* Worker 0 is the calling thread, and only it. */
      g_assert_cmpint (c.on_caller[t], ==, c.worker_of[t] == 0);
      used[c.worker_of[t]]++;
    }
  for (guint w = 0; w < GW_TASKS_MAX_WORKERS; w++)
    total += c.sums[w];
  g_assert_cmpuint (total, ==, n_tasks == 0 ? 0 : (guint64) n_tasks * (n_tasks - 1) / 2);
  if (record_order)
    {
      g_assert_cmpuint (c.n_order, ==, n_tasks);
      for (guint t = 0; t < n_tasks; t++)
        g_assert_cmpuint (c.order[t], ==, t);
    }
  for (guint w = n_workers; w < GW_TASKS_MAX_WORKERS; w++)
    g_assert_cmpuint (used[w], ==, 0);

  g_free (c.runs);
  g_free (c.worker_of);
  g_free (c.on_caller);
  g_free (c.order);
}

static void
test_every_task_once (void)
{
  /* More workers than this machine may have processors: the count is the
   * caller's to choose. */
  check_run (100000, 4, FALSE);
  check_run (3, GW_TASKS_MAX_WORKERS, FALSE);
  check_run (1, 2, FALSE);
}

static void
test_one_worker_in_order (void)
{
  check_run (1000, 1, TRUE);
}

static void
test_no_tasks (void)
{
  check_run (0, 1, FALSE);
  check_run (0, 4, FALSE);
}

static void
test_n_workers (void)
{
  guint n_cpus = g_get_num_processors ();

  g_assert_cmpuint (gw_tasks_n_workers (0, 8), ==, 1);
  g_assert_cmpuint (gw_tasks_n_workers (1, 8), ==, 1);
  g_assert_cmpuint (gw_tasks_n_workers (1000, 1), ==, 1);
  g_assert_cmpuint (gw_tasks_n_workers (1000, 0), ==, 1);
  g_assert_cmpuint (gw_tasks_n_workers (1000, 1000), ==, MIN (n_cpus, GW_TASKS_MAX_WORKERS));
  g_assert_cmpuint (gw_tasks_n_workers (2, 1000), ==, MIN (n_cpus, 2));

  g_setenv ("GW_TASKS_WORKERS", "1", TRUE);
  g_assert_cmpuint (gw_tasks_n_workers (1000, 1000), ==, 1);
  g_setenv ("GW_TASKS_WORKERS", "5", TRUE);
  g_assert_cmpuint (gw_tasks_n_workers (1000, 1000), ==, 5);
  g_assert_cmpuint (gw_tasks_n_workers (1000, 3), ==, 3);
  g_assert_cmpuint (gw_tasks_n_workers (2, 1000), ==, 2);
  /* Not a count: ignored. */
  g_setenv ("GW_TASKS_WORKERS", "0", TRUE);
  g_assert_cmpuint (gw_tasks_n_workers (1000, 1000), ==, MIN (n_cpus, GW_TASKS_MAX_WORKERS));
  g_setenv ("GW_TASKS_WORKERS", "many", TRUE);
  g_assert_cmpuint (gw_tasks_n_workers (1000, 1000), ==, MIN (n_cpus, GW_TASKS_MAX_WORKERS));
  g_unsetenv ("GW_TASKS_WORKERS");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/tasks/every-task-once", test_every_task_once);
  g_test_add_func ("/engine/tasks/one-worker-in-order", test_one_worker_in_order);
  g_test_add_func ("/engine/tasks/no-tasks", test_no_tasks);
  g_test_add_func ("/engine/tasks/n-workers", test_n_workers);

  return g_test_run ();
}
