/* gw-project-tasks.c: project operations on worker threads
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-project-tasks"

#include "config.h"

#include "gw-project-tasks.h"

#include <math.h>

typedef enum
{
  OP_LIST,
  OP_SAVE_RUN,
  OP_LOAD_RUN,
  OP_CURATE,
  OP_COMPARE,
  OP_COPY,
  OP_SET_METADATA,
  OP_UNDO,
} OpKind;

/* The task data: an immutable copy of the inputs. */
typedef struct
{
  OpKind            kind;
  char             *path;
  gboolean          create;
  GwRun            *run;
  GFile            *source;
  char             *run_id;
  char             *run_b;
  GArray           *rows;
  GwCurationStatus  status;
  char             *reason;
  gboolean          redo;
  char             *dest;
  char             *name;
  char             *notes;
  GwLcColumn        column_type;
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->path);
  g_clear_pointer (&op->run, gw_run_unref);
  g_clear_object (&op->source);
  g_free (op->run_id);
  g_free (op->run_b);
  g_clear_pointer (&op->rows, g_array_unref);
  g_free (op->reason);
  g_free (op->dest);
  g_free (op->name);
  g_free (op->notes);
  g_free (op);
}

void
gw_project_listing_free (GwProjectListing *listing)
{
  if (listing == NULL)
    return;

  g_free (listing->name);
  g_free (listing->notes);
  g_clear_pointer (&listing->datasets, g_ptr_array_unref);
  g_clear_pointer (&listing->runs, g_ptr_array_unref);
  g_clear_pointer (&listing->revisions, g_ptr_array_unref);
  g_free (listing);
}

void
gw_undo_result_free (GwUndoResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->curation, gw_curation_unref);
  g_clear_pointer (&result->listing, gw_project_listing_free);
  g_free (result);
}

void
gw_loaded_run_free (GwLoadedRun *loaded)
{
  if (loaded == NULL)
    return;

  g_clear_pointer (&loaded->run, gw_run_unref);
  g_clear_pointer (&loaded->info, gw_run_info_free);
  g_clear_pointer (&loaded->curation, gw_curation_unref);
  g_free (loaded);
}

static gboolean
same_double (double a,
             double b)
{
  return a == b || (isnan (a) && isnan (b));
}

static gboolean
same_params (const GwParams *a,
             const GwParams *b)
{
  return a->preset == b->preset &&
         same_double (a->r2_threshold, b->r2_threshold) &&
         same_double (a->outlier_threshold, b->outlier_threshold) &&
         same_double (a->rt_tolerance, b->rt_tolerance) &&
         same_double (a->anchor_weight, b->anchor_weight) &&
         same_double (a->isomer_window_min, b->isomer_window_min) &&
         same_double (a->isomer_window_max, b->isomer_window_max);
}

static char *
save_run (GwProject     *project,
          Op            *op,
          GCancellable  *cancellable,
          GError       **error)
{
  GwTable *table = gw_run_get_table (op->run);
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *dataset_uuid = NULL;

  datasets = gw_project_list_datasets (project, error);
  if (datasets == NULL)
    return NULL;

  for (guint i = 0; i < datasets->len; i++)
    {
      GwDatasetInfo *info = g_ptr_array_index (datasets, i);

      if (g_strcmp0 (info->sha256, gw_table_get_sha256 (table)) == 0)
        dataset_uuid = info->uuid;
    }

  if (dataset_uuid != NULL)
    {
      g_autoptr(GPtrArray) runs = gw_project_list_runs (project, dataset_uuid, error);

      if (runs == NULL)
        return NULL;

      /* Going back to earlier settings shows the run made with them
       * rather than piling up copies of it. */
      for (guint i = 0; i < runs->len; i++)
        {
          GwRunInfo *info = g_ptr_array_index (runs, i);

          if (same_params (&info->params, gw_run_get_params (op->run)) &&
              g_strcmp0 (info->app_version, gw_run_get_version (op->run)) == 0)
            return g_strdup (info->uuid);
        }
    }
  else if (op->source != NULL)
    {
      bytes = g_file_load_bytes (op->source, cancellable, NULL, error);
      if (bytes == NULL)
        return NULL;
    }

  return gw_project_save_run (project, op->run, bytes, NULL, error);
}

static GwProjectListing *
list_project (GwProject  *project,
              GError    **error)
{
  g_autoptr(GwProjectListing) listing = g_new0 (GwProjectListing, 1);

  listing->name = gw_project_dup_name (project);
  listing->notes = gw_project_dup_notes (project);
  listing->column_type = gw_project_get_column_type (project);
  listing->datasets = gw_project_list_datasets (project, error);
  if (listing->datasets != NULL)
    listing->runs = gw_project_list_runs (project, NULL, error);
  if (listing->runs != NULL)
    listing->revisions = gw_project_list_metadata_revisions (project, error);
  if (listing->revisions == NULL)
    return NULL;
  return g_steal_pointer (&listing);
}

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Op *op = task_data;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GError) error = NULL;

  if (op->kind == OP_LIST && op->create)
    project = gw_project_create (op->path, NULL, &error);
  else
    project = gw_project_open (op->path, &error);

  if (project == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (op->kind)
    {
    case OP_SET_METADATA:
    case OP_LIST:
      {
        GwProjectListing *listing;

        /* One transaction: a new metadata revision, with its author and
         * time (the metadata's own audit trail, and an undoable action). */
        if (op->kind == OP_SET_METADATA &&
            !gw_project_set_metadata (project, op->name, op->notes, op->column_type, NULL, &error))
          {
            g_task_return_error (task, g_steal_pointer (&error));
            return;
          }

        listing = list_project (project, &error);
        if (listing == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, listing, (GDestroyNotify) gw_project_listing_free);
      }
      break;

    case OP_SAVE_RUN:
      {
        g_autofree char *id = save_run (project, op, cancellable, &error);
        g_autoptr(GwLoadedRun) saved = g_new0 (GwLoadedRun, 1);

        /* The run may be an earlier one with the same settings, which
         * can be curated already. */
        if (id == NULL ||
            (saved->info = gw_project_get_run_info (project, id, &error)) == NULL ||
            (saved->curation = gw_project_load_curation (project, id, &error)) == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, g_steal_pointer (&saved), (GDestroyNotify) gw_loaded_run_free);
      }
      break;

    case OP_LOAD_RUN:
      {
        g_autoptr(GwLoadedRun) loaded = g_new0 (GwLoadedRun, 1);

        if ((loaded->info = gw_project_get_run_info (project, op->run_id, &error)) == NULL ||
            (loaded->run = gw_project_load_run (project, loaded->info->uuid, cancellable, &error)) == NULL ||
            (loaded->curation = gw_project_load_curation (project, loaded->info->uuid, &error)) == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, g_steal_pointer (&loaded), (GDestroyNotify) gw_loaded_run_free);
      }
      break;

    case OP_UNDO:
      {
        g_autoptr(GwUndoResult) undone = g_new0 (GwUndoResult, 1);
        gboolean ok;

        /* One history: the edit undone may be the run's curation or the
         * project's properties, so both come back. */
        if (op->redo)
          ok = gw_project_redo (project, op->run_id, NULL, &error);
        else
          ok = gw_project_undo (project, op->run_id, NULL, &error);

        if (ok && op->run_id != NULL)
          ok = (undone->curation = gw_project_load_curation (project, op->run_id, &error)) != NULL;
        if (ok)
          ok = (undone->listing = list_project (project, &error)) != NULL;
        if (!ok)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, g_steal_pointer (&undone), (GDestroyNotify) gw_undo_result_free);
      }
      break;

    case OP_CURATE:
      {
        GwCuration *curation = NULL;
        g_autofree char *action = gw_project_curate (project, op->run_id,
                                                     (const guint *) (gpointer) op->rows->data,
                                                     op->rows->len, op->status, op->reason,
                                                     NULL, &error);

        if (action != NULL)
          curation = gw_project_load_curation (project, op->run_id, &error);
        if (curation == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, curation, (GDestroyNotify) gw_curation_unref);
      }
      break;

    case OP_COMPARE:
      {
        GwRunComparison *cmp = gw_project_compare_runs (project, op->run_id, op->run_b, &error);

        if (cmp == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, cmp, (GDestroyNotify) gw_run_comparison_free);
      }
      break;

    case OP_COPY:
      if (gw_project_save_copy (project, op->dest, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
run_op (Op                  *op,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, op_free);
  g_task_run_in_thread (task, op_thread);
}

static Op *
op_new (OpKind      kind,
        const char *path)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->path = g_strdup (path);
  return op;
}

void
gw_project_list_async (const char          *path,
                       gboolean             create,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Op *op = op_new (OP_LIST, path);

  op->create = create;
  run_op (op, gw_project_list_async, cancellable, callback, user_data);
}

GwProjectListing *
gw_project_list_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gw_project_save_run_async (const char          *path,
                           GwRun               *run,
                           GFile               *source,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Op *op = op_new (OP_SAVE_RUN, path);

  op->run = gw_run_ref (run);
  op->source = source ? g_object_ref (source) : NULL;
  run_op (op, gw_project_save_run_async, cancellable, callback, user_data);
}

GwLoadedRun *
gw_project_save_run_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gw_project_load_run_async (const char          *path,
                           const char          *run_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Op *op = op_new (OP_LOAD_RUN, path);

  op->run_id = g_strdup (run_id);
  run_op (op, gw_project_load_run_async, cancellable, callback, user_data);
}

GwLoadedRun *
gw_project_load_run_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gw_project_curate_async (const char          *path,
                         const char          *run_id,
                         GArray              *rows,
                         GwCurationStatus     status,
                         const char          *reason,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Op *op = op_new (OP_CURATE, path);

  g_return_if_fail (rows != NULL);

  op->run_id = g_strdup (run_id);
  op->rows = g_array_ref (rows);
  op->status = status;
  op->reason = g_strdup (reason);
  run_op (op, gw_project_curate_async, cancellable, callback, user_data);
}

void
gw_project_undo_async (const char          *path,
                       const char          *run_id,
                       gboolean             redo,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Op *op = op_new (OP_UNDO, path);

  op->run_id = g_strdup (run_id);
  op->redo = redo;
  run_op (op, gw_project_undo_async, cancellable, callback, user_data);
}

GwUndoResult *
gw_project_undo_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GwCuration *
gw_project_curate_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gw_project_compare_async (const char          *path,
                          const char          *run_a,
                          const char          *run_b,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Op *op = op_new (OP_COMPARE, path);

  op->run_id = g_strdup (run_a);
  op->run_b = g_strdup (run_b);
  run_op (op, gw_project_compare_async, cancellable, callback, user_data);
}

GwRunComparison *
gw_project_compare_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
gw_project_copy_async (const char          *path,
                       const char          *dest,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Op *op = op_new (OP_COPY, path);

  op->dest = g_strdup (dest);
  run_op (op, gw_project_copy_async, cancellable, callback, user_data);
}

gboolean
gw_project_copy_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gw_project_set_metadata_async (const char          *path,
                               const char          *name,
                               const char          *notes,
                               GwLcColumn           column_type,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Op *op = op_new (OP_SET_METADATA, path);

  op->name = g_strdup (name);
  op->notes = g_strdup (notes);
  op->column_type = column_type;
  run_op (op, gw_project_set_metadata_async, cancellable, callback, user_data);
}

GwProjectListing *
gw_project_set_metadata_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
