/* gw-project-tasks.h: project operations on worker threads
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-project.h"

G_BEGIN_DECLS

/*
 * Every operation runs in a GTask thread with its own connection
 * (gw_project_open() on the path), as the store asks: SQLite never runs on
 * the main loop, and each call is one transaction.  The results are new,
 * immutable values the main thread owns.
 */

typedef struct
{
  char      *name;
  char      *notes;
  GwLcColumn column_type;
  GPtrArray *datasets;   /* GwDatasetInfo */
  GPtrArray *runs;       /* GwRunInfo */
  GPtrArray *revisions;  /* GwMetadataRevision, oldest first */
} GwProjectListing;

void              gw_project_listing_free      (GwProjectListing *listing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwProjectListing, gw_project_listing_free)

/* A stored run, loaded. */
typedef struct
{
  GwRun      *run;
  GwRunInfo  *info;
  GwCuration *curation;
} GwLoadedRun;

void              gw_loaded_run_free           (GwLoadedRun *loaded);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwLoadedRun, gw_loaded_run_free)

/* Opens (migrating when needed) or, with @create, creates @path; then
 * lists it. */
void              gw_project_list_async        (const char          *path,
                                                gboolean             create,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GwProjectListing *gw_project_list_finish       (GAsyncResult        *result,
                                                GError             **error);

/* Stores @run; its input is read from @source when the project lacks it.
 * A run with the same dataset, preset and parameters as a stored one is
 * not stored twice: that run is returned.  The result has the stored
 * run's info and curation, and no run (the caller has it). */
void              gw_project_save_run_async    (const char          *path,
                                                GwRun               *run,
                                                GFile               *source,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GwLoadedRun      *gw_project_save_run_finish   (GAsyncResult        *result,
                                                GError             **error);

void              gw_project_load_run_async    (const char          *path,
                                                const char          *run_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GwLoadedRun      *gw_project_load_run_finish   (GAsyncResult        *result,
                                                GError             **error);

/* Curates @rows of @run_id (one action); returns the run's curation. */
void              gw_project_curate_async      (const char          *path,
                                                const char          *run_id,
                                                GArray              *rows,
                                                GwCurationStatus     status,
                                                const char          *reason,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GwCuration       *gw_project_curate_finish     (GAsyncResult        *result,
                                                GError             **error);

/* What an undo or redo leaves: the run's curation (NULL without a run)
 * and the project's listing (its properties may be what changed). */
typedef struct
{
  GwCuration       *curation;
  GwProjectListing *listing;
} GwUndoResult;

void              gw_undo_result_free          (GwUndoResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwUndoResult, gw_undo_result_free)

/* Undoes (or redoes) the newest action of the history of @run_id (may be
 * NULL) and the project's properties, see gw_project_undo(). */
void              gw_project_undo_async        (const char          *path,
                                                const char          *run_id,
                                                gboolean             redo,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GwUndoResult     *gw_project_undo_finish       (GAsyncResult        *result,
                                                GError             **error);

void              gw_project_compare_async     (const char          *path,
                                                const char          *run_a,
                                                const char          *run_b,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GwRunComparison  *gw_project_compare_finish    (GAsyncResult        *result,
                                                GError             **error);

/* Writes a consistent copy of @path to @dest (Save As). */
void              gw_project_copy_async        (const char          *path,
                                                const char          *dest,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean          gw_project_copy_finish       (GAsyncResult        *result,
                                                GError             **error);

/* Writes a new metadata revision (one transaction), then lists the
 * project again. */
void              gw_project_set_metadata_async  (const char          *path,
                                                  const char          *name,
                                                  const char          *notes,
                                                  GwLcColumn           column_type,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GwProjectListing *gw_project_set_metadata_finish (GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
