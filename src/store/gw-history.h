/* gw-history.h: one undo history over project properties and a run's curation
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "gw-curation.h"
#include "gw-run.h"

G_BEGIN_DECLS

typedef enum
{
  GW_LC_COLUMN_REVERSED_PHASE,
  GW_LC_COLUMN_HILIC,
} GwLcColumn;

/* What a metadata revision is: an edit from the properties dialog, or
 * the undo or redo of an earlier edit (which, like every revision,
 * carries the whole metadata then in effect). */
typedef enum
{
  GW_METADATA_EDIT,
  GW_METADATA_UNDO,
  GW_METADATA_REDO,
} GwMetadataKind;

const char  *gw_metadata_kind_to_string   (GwMetadataKind  kind);  /* "edit", "undo", "redo" */
gboolean     gw_metadata_kind_from_string (const char     *str,
                                           GwMetadataKind *kind);

/**
 * GwMetadataRevision:
 *
 * One change of the project's name, notes or column type: the metadata's
 * own audit trail.  The newest revision is the metadata in effect.
 */
typedef struct
{
  char           *uuid;
  char           *name;
  char           *notes;
  GwLcColumn      column_type;
  char           *author;
  gint64          created_at;   /* µs since the epoch */
  GwMetadataKind  kind;
  char           *target;       /* (nullable): the edit an UNDO or REDO acts on */
} GwMetadataRevision;

void             gw_metadata_revision_free    (GwMetadataRevision *revision);

/* What revision @index of @revisions (element-type GwMetadataRevision,
 * oldest first) changed, in words: "Renamed to “Cortex”; Notes changed",
 * "Created “Brain study”", "Undid: Renamed to “Cortex”".  Newly
 * allocated. */
char            *gw_metadata_revisions_describe (GPtrArray *revisions,
                                                 guint      index);

typedef enum
{
  GW_HISTORY_ACTION_NONE,
  GW_HISTORY_ACTION_CURATION,   /* a curation action of the run */
  GW_HISTORY_ACTION_METADATA,   /* an edit of the project's properties */
} GwHistoryActionKind;

/**
 * GwHistory:
 *
 * The undo history a window offers: the project's property edits and
 * the curation actions of the run on screen, as one list in the order
 * they were made.  Undo acts on the newest action still done, redo on
 * the newest one undone; a new action makes the undone ones
 * unreachable, as in every editor.  Immutable and reference-counted.
 */
typedef struct _GwHistory GwHistory;

GType                gw_history_get_type        (void) G_GNUC_CONST;

/* @curation (nullable): the run's curation, for its events; @revisions
 * (nullable) (element-type GwMetadataRevision): oldest first.  The first
 * revision is the project's creation, not an action.  Both are
 * referenced. */
GwHistory           *gw_history_new             (GwCuration *curation,
                                                 GPtrArray  *revisions);
GwHistory           *gw_history_ref             (GwHistory  *history);
void                 gw_history_unref           (GwHistory  *history);

/* (nullable): the action UUID (a curation action or a metadata revision)
 * that Undo / Redo would act on, and what kind of action it is. */
const char          *gw_history_get_undo_action (GwHistory  *history);
const char          *gw_history_get_redo_action (GwHistory  *history);
GwHistoryActionKind  gw_history_get_undo_kind   (GwHistory  *history);
GwHistoryActionKind  gw_history_get_redo_kind   (GwHistory  *history);
/* (nullable): "Reject 3 rows", "Renamed to “Cortex”"; newly allocated.
 * @run gives row names and may be NULL. */
char                *gw_history_dup_undo_label  (GwHistory  *history,
                                                 GwRun      *run);
char                *gw_history_dup_redo_label  (GwHistory  *history,
                                                 GwRun      *run);
/* (nullable) (transfer none): the revision an undo of metadata action
 * @uuid restores, and the one a redo applies again. */
const GwMetadataRevision *gw_history_get_revision_before (GwHistory  *history,
                                                          const char *uuid);
const GwMetadataRevision *gw_history_get_revision        (GwHistory  *history,
                                                          const char *uuid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwHistory, gw_history_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwMetadataRevision, gw_metadata_revision_free)

G_END_DECLS
