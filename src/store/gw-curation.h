/* gw-curation.h: curation events and the effective curation of a run
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gw-export.h"
#include "gw-run.h"

G_BEGIN_DECLS

/* An analyst's override of a row's call. */
typedef enum
{
  GW_CURATION_NONE,      /* no override: the engine's call stands */
  GW_CURATION_ACCEPTED,
  GW_CURATION_REJECTED,
} GwCurationStatus;

typedef enum
{
  GW_CURATION_EVENT_CURATE,  /* sets a row's status */
  GW_CURATION_EVENT_UNDO,    /* undoes a whole earlier action */
  GW_CURATION_EVENT_REDO,    /* redoes an undone action */
} GwCurationEventKind;

/**
 * GwCurationEvent:
 *
 * One append-only audit-log entry.  A user action that curates several rows
 * is several CURATE events sharing one @action_uuid; undo and redo are
 * events of their own that name the action in @target_action.
 */
typedef struct
{
  char                *uuid;
  char                *action_uuid;
  char                *run_uuid;
  GwCurationEventKind  kind;
  guint                row;            /* CURATE only: 0-based row of the run */
  GwCurationStatus     status;         /* CURATE only */
  char                *reason;         /* required for CURATE, may be "" otherwise */
  char                *target_action;  /* (nullable) UNDO and REDO only */
  char                *author;
  gint64               created_at;     /* µs since the epoch, real time */
} GwCurationEvent;

GType             gw_curation_event_get_type     (void) G_GNUC_CONST;
GwCurationEvent  *gw_curation_event_copy         (const GwCurationEvent *event);
void              gw_curation_event_free         (GwCurationEvent       *event);

const char       *gw_curation_status_to_string   (GwCurationStatus     status);  /* "accepted" */
gboolean          gw_curation_status_from_string (const char          *str,
                                                  GwCurationStatus    *status);
const char       *gw_curation_event_kind_to_string   (GwCurationEventKind  kind);  /* "curate" */
gboolean          gw_curation_event_kind_from_string (const char          *str,
                                                      GwCurationEventKind *kind);

/**
 * GwCuration:
 *
 * The effective curation of one run: the result of replaying its events in
 * order.  Immutable and reference-counted, so it can be handed from a
 * worker thread to the main thread.
 */
typedef struct _GwCuration GwCuration;

GType             gw_curation_get_type           (void) G_GNUC_CONST;

/* Replays @events (element-type GwCurationEvent, in log order) over a run
 * of @n_rows rows.  Events naming a row outside the run are ignored, so a
 * damaged or foreign log never crashes a view.  @events is referenced. */
GwCuration       *gw_curation_new                (guint                n_rows,
                                                  GPtrArray           *events);
GwCuration       *gw_curation_ref                (GwCuration          *curation);
void              gw_curation_unref              (GwCuration          *curation);

guint             gw_curation_get_n_rows         (GwCuration          *curation);
/* Rows with an override in effect. */
guint             gw_curation_get_n_curated      (GwCuration          *curation);
/* GwCurationStatus per row, gw_curation_get_n_rows() long. */
const guint8     *gw_curation_get_status_column  (GwCuration          *curation);
GwCurationStatus  gw_curation_get_status         (GwCuration          *curation,
                                                  guint                row);
/* (nullable) (transfer none): the CURATE event now in effect for @row. */
const GwCurationEvent *gw_curation_get_event     (GwCuration          *curation,
                                                  guint                row);
/* The whole audit log, in order.  (transfer none) (element-type GwCurationEvent) */
GPtrArray        *gw_curation_get_events         (GwCuration          *curation);

/* (nullable): the action Undo / Redo would act on. */
const char       *gw_curation_get_undo_action    (GwCuration          *curation);
const char       *gw_curation_get_redo_action    (GwCuration          *curation);
/* (nullable): "Accept 3 rows" or "Reject GD1(36:1;O2)"-like labels, newly
 * allocated; @run gives row names and may be NULL. */
char             *gw_curation_dup_undo_label     (GwCuration          *curation,
                                                  GwRun               *run);
char             *gw_curation_dup_redo_label     (GwCuration          *curation,
                                                  GwRun               *run);
/* (nullable): the label of any action of the log, as above. */
char             *gw_curation_dup_action_label   (GwCuration          *curation,
                                                  const char          *action_uuid,
                                                  GwRun               *run);

/* "accepted" or "rejected" when curated, else the engine's status
 * ("outlier", …).  @run must have gw_curation_get_n_rows() rows. */
const char       *gw_curation_get_effective_status (GwCuration        *curation,
                                                    GwRun             *run,
                                                    guint              row);

/**
 * GwCurationExport:
 *
 * A curation as the exporters take it (the engine's plain
 * #GwExportCuration, gw-export.h): the per-row effective overrides with
 * their reason, author and time, and the whole audit log.  The one place
 * the store's curation is converted, used by the CLI's and the app's
 * exports alike.  It keeps a reference to the curation and owns every
 * array the #GwExportCuration points to.
 */
typedef struct _GwCurationExport GwCurationExport;

GwCurationExport       *gw_curation_export_new   (GwCuration       *curation);
/* (transfer none): valid as long as @self. */
const GwExportCuration *gw_curation_export_get   (GwCurationExport *self);
void                    gw_curation_export_free  (GwCurationExport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCurationExport, gw_curation_export_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCurationEvent, gw_curation_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCuration, gw_curation_unref)

G_END_DECLS
