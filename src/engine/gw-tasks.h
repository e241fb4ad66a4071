/* gw-tasks.h: independent tasks on the calling thread and pool threads (engine-internal)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analysis of a large table has phases that split into independent
 * pieces: the group fits, per-position passes, the side reports' rules.
 * gw_tasks_run() hands tasks 0 … n−1 out in increasing order to its
 * workers, the calling thread being worker 0, and returns once every task
 * is done.  Which worker runs which task depends on scheduling, so a task
 * must write only what is its own; per-worker scratch is indexed by the
 * worker number.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most workers gw_tasks_run() uses. */
#define GW_TASKS_MAX_WORKERS 8

typedef void (*GwTaskFunc) (gpointer data,
                            guint    task,
                            guint    worker);

/* How many workers @n_tasks tasks get: one per processor, at most
 * @max_workers (and GW_TASKS_MAX_WORKERS) and at most @n_tasks; at least
 * one.  The environment variable GW_TASKS_WORKERS (1 to
 * GW_TASKS_MAX_WORKERS) replaces the processor count, so that tests can
 * check that a result does not depend on it. */
guint  gw_tasks_n_workers (guint      n_tasks,
                           guint      max_workers);

/* Runs @func (@data, task, worker) for every task below @n_tasks on
 * @n_workers workers (from gw_tasks_n_workers(); 1 runs them all on the
 * calling thread, in order) and returns when all are done.  When no
 * thread can be started, the calling thread runs every task. */
void   gw_tasks_run       (guint      n_tasks,
                           guint      n_workers,
                           GwTaskFunc func,
                           gpointer   data);

G_END_DECLS
