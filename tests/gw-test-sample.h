/* gw-test-sample.h: the real sample, analysed, for tests of what is made
 * from a run
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-analysis.h"

G_BEGIN_DECLS

/* The run of testwork_user.csv in GW_SHARED_DATA with @preset, or NULL
 * when the shared data is not there (the caller skips). */
static inline GwRun *
gw_test_analyze_sample (GwPreset preset)
{
  const char *dir = g_getenv ("GW_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GError) error = NULL;
  GwParams params;
  GwRun *run;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "testwork_user.csv", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  file = g_file_new_for_path (path);
  table = gw_table_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  gw_params_init (&params, preset);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return run;
}

G_END_DECLS
