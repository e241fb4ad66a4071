/* gw-project.h: a project file (NAME.gwproject) and what it holds
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-analysis.h"
#include "gw-curation.h"
#include "gw-history.h"
#include "gw-run.h"
#include "gw-table.h"

G_BEGIN_DECLS

#define GW_PROJECT_ERROR (gw_project_error_quark ())

typedef enum
{
  GW_PROJECT_ERROR_IO,             /* SQLite or file-system failure */
  GW_PROJECT_ERROR_NOT_FOUND,      /* no such file, dataset or run */
  GW_PROJECT_ERROR_EXISTS,         /* create: the file is already there */
  GW_PROJECT_ERROR_NOT_A_PROJECT,  /* not SQLite, or another program's database */
  GW_PROJECT_ERROR_CORRUPT,        /* damaged or truncated project */
  GW_PROJECT_ERROR_TOO_NEW,        /* written by a newer version */
  GW_PROJECT_ERROR_INVALID,        /* bad argument: empty reason, row out of range, … */
  GW_PROJECT_ERROR_NOTHING_TO_UNDO,
  GW_PROJECT_ERROR_NOTHING_TO_REDO,
  GW_PROJECT_ERROR_AMBIGUOUS,      /* a run-ID prefix matches several runs */
  GW_PROJECT_ERROR_BUSY,           /* another process held the file too long */
} GwProjectError;

/* The schema version this build writes (PRAGMA user_version). */
#define GW_PROJECT_SCHEMA_VERSION 5
/* PRAGMA application_id: "GWPJ". */
#define GW_PROJECT_APPLICATION_ID 0x4757504A

const char  *gw_lc_column_to_string      (GwLcColumn   column);  /* "reversed-phase", "hilic" */
gboolean     gw_lc_column_from_string    (const char  *str,
                                          GwLcColumn  *column);

/**
 * GwDatasetInfo:
 *
 * A dataset stored in a project: an imported input file, byte for byte.
 */
typedef struct
{
  char   *uuid;
  char   *name;          /* the file's basename at import */
  char   *sha256;        /* lower-case hex of the bytes */
  gsize   size;          /* bytes */
  gint64  imported_at;   /* µs since the epoch */
  char   *author;
  guint   n_runs;
} GwDatasetInfo;

GType           gw_dataset_info_get_type (void) G_GNUC_CONST;
GwDatasetInfo  *gw_dataset_info_copy     (const GwDatasetInfo *info);
void            gw_dataset_info_free     (GwDatasetInfo       *info);

/**
 * GwRunInfo:
 *
 * A stored run's metadata, without its rows.
 */
typedef struct
{
  char     *uuid;
  char     *dataset_uuid;
  char     *dataset_name;
  GwParams  params;
  char     *app_version;
  gint64    started_at;                    /* µs since the epoch */
  gint64    finished_at;
  gint64    saved_at;
  char     *author;
  guint     n_rows;
  guint     status_counts[GW_N_STATUSES];
  guint     n_curated;                     /* rows with an override in effect */
} GwRunInfo;

GType           gw_run_info_get_type     (void) G_GNUC_CONST;
GwRunInfo      *gw_run_info_copy         (const GwRunInfo *info);
void            gw_run_info_free         (GwRunInfo       *info);
/* "outlier_threshold=2.0, anchor_weight=10" — the parameters that differ
 * from the preset's defaults, or "" (newly allocated). */
char           *gw_run_info_dup_params_summary (const GwRunInfo *info);

/**
 * GwRowChange:
 *
 * A row whose effective status differs between two runs.
 */
typedef struct
{
  guint            row;
  GwStatus         status_a;
  GwStatus         status_b;
  GwCurationStatus curation_a;
  GwCurationStatus curation_b;
} GwRowChange;

/**
 * GwParamChange:
 *
 * A run setting (preset, parameter, app version, dataset) that differs.
 */
typedef struct
{
  char *name;      /* "outlier_threshold" */
  char *value_a;   /* formatted, "2.5" */
  char *value_b;
} GwParamChange;

/**
 * GwRunComparison:
 *
 * What changed from run A to run B.  Rows are matched by index, which
 * requires both runs to be on the same dataset.
 */
typedef struct
{
  char      *run_a;
  char      *run_b;
  guint      n_rows;
  GArray    *rows;     /* GwRowChange, by row */
  GPtrArray *params;   /* GwParamChange */
} GwRunComparison;

GType            gw_run_comparison_get_type (void) G_GNUC_CONST;
void             gw_run_comparison_free     (GwRunComparison *comparison);
/* Effective status strings ("accepted", "outlier") of a change. */
const char      *gw_row_change_get_effective_a (const GwRowChange *change);
const char      *gw_row_change_get_effective_b (const GwRowChange *change);

/**
 * GwProject:
 *
 * An open project file: one SQLite connection.  Every method is one
 * transaction, so each user action is saved (or not) as a whole.
 *
 * Calls are serialised by a mutex, so a GwProject may be shared between
 * threads, but long work on one thread then blocks the others: the usual
 * pattern is one GwProject per thread (open the same path again), which
 * WAL mode lets read while another writes.
 */
#define GW_TYPE_PROJECT (gw_project_get_type ())

G_DECLARE_FINAL_TYPE (GwProject, gw_project, GW, PROJECT, GObject)

GQuark           gw_project_error_quark       (void);

/* Creates a new project at @path (refused when the file exists).  @name
 * may be NULL: the file's basename without ".gwproject" is used. */
GwProject       *gw_project_create            (const char        *path,
                                               const char        *name,
                                               GError           **error);
/* Opens an existing project.  An older schema is migrated after a backup
 * copy PATH.vN.bak is written; a newer one is refused. */
GwProject       *gw_project_open              (const char        *path,
                                               GError           **error);

const char      *gw_project_get_path          (GwProject         *self);
/* The user name recorded when @author is NULL. */
const char      *gw_project_get_default_author (void);

/* Metadata.  Each change is an append-only revision, and an undoable
 * action (gw_project_undo()); saving unchanged values adds nothing. */
char            *gw_project_dup_name          (GwProject         *self);
char            *gw_project_dup_notes         (GwProject         *self);
GwLcColumn       gw_project_get_column_type   (GwProject         *self);
gboolean         gw_project_set_metadata      (GwProject         *self,
                                               const char        *name,
                                               const char        *notes,
                                               GwLcColumn         column_type,
                                               const char        *author,
                                               GError           **error);
guint            gw_project_get_n_metadata_revisions (GwProject  *self);

/* (element-type GwMetadataRevision), oldest first. */
GPtrArray       *gw_project_list_metadata_revisions (GwProject   *self,
                                                     GError     **error);

/* Datasets.  Adding bytes that are already stored returns the existing
 * dataset's UUID (newly allocated). */
char            *gw_project_add_dataset       (GwProject         *self,
                                               GBytes            *bytes,
                                               const char        *name,
                                               const char        *author,
                                               GError           **error);
/* (element-type GwDatasetInfo), oldest first. */
GPtrArray       *gw_project_list_datasets     (GwProject         *self,
                                               GError           **error);
GBytes          *gw_project_load_dataset_bytes (GwProject        *self,
                                                const char       *dataset_uuid,
                                                GError          **error);
GwTable         *gw_project_load_table        (GwProject         *self,
                                               const char        *dataset_uuid,
                                               GCancellable      *cancellable,
                                               GError           **error);

/* Runs.  The run's table must be a stored dataset (matched by SHA-256);
 * when it is not, @dataset_bytes (nullable) are stored with it, named
 * after the table, in the same transaction.  Returns the run's UUID. */
char            *gw_project_save_run          (GwProject         *self,
                                               GwRun             *run,
                                               GBytes            *dataset_bytes,
                                               const char        *author,
                                               GError           **error);
/* (element-type GwRunInfo), oldest first; @dataset_uuid may be NULL for all. */
GPtrArray       *gw_project_list_runs         (GwProject         *self,
                                               const char        *dataset_uuid,
                                               GError           **error);
/* @run_id is a UUID or an unambiguous prefix of one (as the CLI shows). */
GwRunInfo       *gw_project_get_run_info      (GwProject         *self,
                                               const char        *run_id,
                                               GError           **error);
GwRun           *gw_project_load_run          (GwProject         *self,
                                               const char        *run_id,
                                               GCancellable      *cancellable,
                                               GError           **error);

/* Curation: one action sets @status on every row in @rows.  @reason is
 * required.  Returns the action's UUID. */
char            *gw_project_curate            (GwProject         *self,
                                               const char        *run_id,
                                               const guint       *rows,
                                               guint              n_rows,
                                               GwCurationStatus   status,
                                               const char        *reason,
                                               const char        *author,
                                               GError           **error);
/* Undo and redo act on one history: the project's property edits and
 * the curation of @run_id (NULL for the properties alone), see
 * #GwHistory.  Each appends an event (a curation event, or a metadata
 * revision that restores the values) and deletes nothing. */
gboolean         gw_project_undo              (GwProject         *self,
                                               const char        *run_id,
                                               const char        *author,
                                               GError           **error);
gboolean         gw_project_redo              (GwProject         *self,
                                               const char        *run_id,
                                               const char        *author,
                                               GError           **error);
GwCuration      *gw_project_load_curation     (GwProject         *self,
                                               const char        *run_id,
                                               GError           **error);
/* The history undo and redo act on; @run_id may be NULL. */
GwHistory       *gw_project_load_history      (GwProject         *self,
                                               const char        *run_id,
                                               GError           **error);

GwRunComparison *gw_project_compare_runs      (GwProject         *self,
                                               const char        *run_a,
                                               const char        *run_b,
                                               GError           **error);

/* Writes a consistent copy of the whole project to @dest (Save As),
 * replacing it atomically.  This project stays open on its own path. */
gboolean         gw_project_save_copy         (GwProject         *self,
                                               const char        *dest,
                                               GError           **error);

/* Runs PRAGMA integrity_check; FALSE with the first problem as message. */
gboolean         gw_project_check_integrity   (GwProject         *self,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDatasetInfo, gw_dataset_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwRunInfo, gw_run_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwRunComparison, gw_run_comparison_free)

G_END_DECLS
