/* store-test-util.h: helpers shared by the store tests
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-project.h"

G_BEGIN_DECLS

/* A synthetic but well-formed peak table of @n_rows rows (some invalid,
 * some anchors, several groups), different for each @seed. */
GBytes  *store_test_make_csv            (guint        n_rows,
                                         guint        seed);
/* A run over @table with every column, model and side report filled with
 * pseudo-random values (NaN and -1 included), made with the engine's own
 * constructor so that it is exactly what an analysis hands the store. */
GwRun   *store_test_make_run            (GwTable     *table,
                                         guint        seed);
void     store_test_assert_params_equal (const GwParams *pa,
                                         const GwParams *pb);
/* Asserts that @a and @b hold the same results, bit for bit. */
void     store_test_assert_runs_equal   (GwRun       *a,
                                         GwRun       *b);
/* Asserts that @a and @b are the same table through every accessor:
 * counts, cells, numbers, parsed names, groups, errors and warnings. */
void     store_test_assert_tables_equal (GwTable     *a,
                                         GwTable     *b);
/* A fresh path in a new temporary folder, "NAME.gwproject". */
char    *store_test_tmp_project_path    (const char  *name);
GBytes  *store_test_read_file           (const char  *path);
void     store_test_rm_rf               (const char  *dir);

G_END_DECLS
