/* fuzz-project.c: fuzz target for the project-file opener
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a (mutated) .gwproject file.  It is written to a fresh
 * temporary path, opened with the store's API and read completely:
 * metadata, datasets and their tables, every run with its rows, models
 * and curation, a comparison of the first and last runs, and the
 * integrity check.  Whatever the bytes, opening either fails with a
 * GError or yields a project whose every read either succeeds or fails
 * with a GError: nothing crashes, leaks or trips a sanitizer.
 *
 * The seed, tests/fuzz/corpus/fuzz-project/small.gwproject, is written
 * by tests/fuzz/make-project-seed.sh with the real `ganglioside` command.
 */

#define G_LOG_DOMAIN "fuzz-project"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw-project.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static char *tmpdir;

static void
remove_tmpdir (void)
{
  /* Empty by then: each input's files go as soon as it is done. */
  if (tmpdir != NULL)
    g_rmdir (tmpdir);
}

static void
check_message (const GError *error)
{
  g_assert_nonnull (error);
  if (!g_utf8_validate (error->message, -1, NULL))
    g_error ("not UTF-8: %s", error->message);
}

static void
read_run (GwProject  *project,
          const char *run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwRunInfo) info = gw_project_get_run_info (project, run_id, &error);
  g_autoptr(GwRun) run = NULL;
  GwCuration *curation = NULL;

  if (info == NULL)
    {
      check_message (error);
      return;
    }
  g_free (gw_run_info_dup_params_summary (info));

  run = gw_project_load_run (project, run_id, NULL, &error);
  if (run == NULL)
    {
      check_message (error);
      g_clear_error (&error);
    }
  else
    {
      guint n = gw_run_get_n_rows (run);

      for (guint r = 0; r < n; r++)
        {
          const char *reason = gw_run_get_reason (run, r);

          (void) gw_run_get_status (run, r);
          (void) gw_run_get_predicted (run, r);
          (void) gw_run_get_model_index (run, r);
          (void) gw_run_get_fragment_of (run, r);
          (void) gw_run_get_isomer_of (run, r);
          if (reason != NULL)
            g_assert_true (g_utf8_validate (reason, -1, NULL));
          g_free (gw_run_dup_warnings_text (run, r));
        }
      for (guint m = 0; m < gw_run_get_n_models (run); m++)
        g_assert_nonnull (gw_run_get_model (run, m));
    }

  curation = gw_project_load_curation (project, run_id, &error);
  if (curation == NULL)
    check_message (error);
  else
    {
      if (run != NULL && gw_curation_get_n_rows (curation) == gw_run_get_n_rows (run))
        for (guint r = 0; r < gw_run_get_n_rows (run); r++)
          (void) gw_curation_get_effective_status (curation, run, r);
      g_free (gw_curation_dup_undo_label (curation, run));
      g_free (gw_curation_dup_redo_label (curation, run));
      gw_curation_unref (curation);
    }
}

static void
read_project (GwProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *name = gw_project_dup_name (project);
  g_autofree char *notes = gw_project_dup_notes (project);

  if (name != NULL)
    g_assert_true (g_utf8_validate (name, -1, NULL));
  if (notes != NULL)
    g_assert_true (g_utf8_validate (notes, -1, NULL));
  (void) gw_project_get_column_type (project);
  (void) gw_project_get_n_metadata_revisions (project);

  datasets = gw_project_list_datasets (project, &error);
  if (datasets == NULL)
    {
      check_message (error);
      g_clear_error (&error);
    }
  else
    for (guint i = 0; i < datasets->len; i++)
      {
        GwDatasetInfo *info = g_ptr_array_index (datasets, i);
        g_autoptr(GBytes) bytes = gw_project_load_dataset_bytes (project, info->uuid, &error);
        g_autoptr(GwTable) table = NULL;

        if (bytes == NULL)
          {
            check_message (error);
            g_clear_error (&error);
            continue;
          }
        table = gw_project_load_table (project, info->uuid, NULL, &error);
        if (table == NULL)
          {
            check_message (error);
            g_clear_error (&error);
          }
      }

  runs = gw_project_list_runs (project, NULL, &error);
  if (runs == NULL)
    {
      check_message (error);
      g_clear_error (&error);
    }
  else
    {
      for (guint i = 0; i < runs->len; i++)
        read_run (project, ((GwRunInfo *) g_ptr_array_index (runs, i))->uuid);
      if (runs->len > 0)
        {
          GwRunInfo *a = g_ptr_array_index (runs, 0);
          GwRunInfo *b = g_ptr_array_index (runs, runs->len - 1);
          GwRunComparison *cmp = gw_project_compare_runs (project, a->uuid, b->uuid, &error);

          if (cmp == NULL)
            {
              check_message (error);
              g_clear_error (&error);
            }
          else
            gw_run_comparison_free (cmp);
        }
    }

  if (!gw_project_check_integrity (project, &error))
    check_message (error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static guint counter;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (tmpdir == NULL)
    {
      tmpdir = g_dir_make_tmp ("fuzz-project-XXXXXX", &error);
      g_assert_no_error (error);
      atexit (remove_tmpdir);
    }

  /* A fresh name each time: SQLite keeps nothing between inputs. */
  base = g_strdup_printf ("p%u", counter++);
  path = g_strdup_printf ("%s/%s.gwproject", tmpdir, base);
  if (!g_file_set_contents (path, (const char *) data, size, &error))
    g_error ("%s", error->message);

  project = gw_project_open (path, &error);
  if (project == NULL)
    check_message (error);
  else
    read_project (project);
  g_clear_object (&project);

  /* The file, its -wal and -shm, and any migration backup .vN.bak. */
  dir = g_dir_open (tmpdir, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (entry, base) && (entry[strlen (base)] == '.'))
      {
        g_autofree char *child = g_build_filename (tmpdir, entry, NULL);
        g_unlink (child);
      }
  return 0;
}
