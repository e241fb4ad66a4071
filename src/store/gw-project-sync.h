/* gw-project-sync.h: a project's items as the sync layer exchanges them
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store knows nothing about HTTP or JSON.  It hands the sync layer
 * (src/sync/) each item as a GVariant, takes items back the same way, and
 * keeps, per server, the bookkeeping sync needs across restarts: which
 * server project the file is, the last pulled sequence number (the
 * cursor), and which items the server already holds.
 */

#pragma once

#include "gw-project.h"

G_BEGIN_DECLS

/**
 * GwProjectItem:
 * @kind: "metadata", "dataset", "run" or "curation"
 * @uuid: the item's UUID
 * @created_at: µs since the epoch (the row's creation, import or save time)
 * @author: who made it
 * @payload: a{sv}: "row" (a{sv}, the row's columns except the local
 *   `seq`; INTEGER as "x", REAL as "d", TEXT as "s", BLOB as "ay", NULL
 *   columns left out) and, for a run, "run_columns" (aa{sv}, its column
 *   rows in the same form)
 *
 * One item of a project (docs/project-format.md, "Items").
 */
typedef struct
{
  char     *kind;
  char     *uuid;
  gint64    created_at;
  char     *author;
  GVariant *payload;
} GwProjectItem;

GType           gw_project_item_get_type   (void) G_GNUC_CONST;
GwProjectItem  *gw_project_item_new        (const char          *kind,
                                            const char          *uuid,
                                            gint64               created_at,
                                            const char          *author,
                                            GVariant            *payload);
GwProjectItem  *gw_project_item_copy       (const GwProjectItem *item);
void            gw_project_item_free       (GwProjectItem       *item);

/* TRUE for the four kinds above. */
gboolean        gw_project_item_kind_is_known (const char       *kind);

/**
 * GwProjectRemote:
 *
 * Where a project syncs: one row per server URL.
 */
typedef struct
{
  char   *server;       /* the server's base URL, as the sync layer normalised it */
  char   *project_id;   /* the project's UUID on that server */
  gint64  cursor;       /* the highest server seq pulled and stored */
  gint64  last_sync;    /* µs since the epoch of the last complete sync, 0 never */
  char   *last_error;   /* the last failure's message, NULL after a success */
} GwProjectRemote;

GType             gw_project_remote_get_type (void) G_GNUC_CONST;
GwProjectRemote  *gw_project_remote_copy     (const GwProjectRemote *remote);
void              gw_project_remote_free     (GwProjectRemote       *remote);

/* The remote for @server, or NULL (without @error) when the project has
 * never been attached to it. */
GwProjectRemote  *gw_project_get_remote      (GwProject    *self,
                                              const char   *server,
                                              GError      **error);
/* (element-type GwProjectRemote) */
GPtrArray        *gw_project_list_remotes    (GwProject    *self,
                                              GError      **error);
/* Attaches the project to @project_id on @server.  Attaching to another
 * project than before forgets the cursor and the pushed items. */
gboolean          gw_project_set_remote      (GwProject    *self,
                                              const char   *server,
                                              const char   *project_id,
                                              GError      **error);
/* Records the outcome of a sync: @error_message NULL means success (and
 * sets last_sync to now). */
gboolean          gw_project_set_remote_status (GwProject  *self,
                                                const char *server,
                                                const char *error_message,
                                                GError    **error);
/* Marks every item the file holds now as held by @server too, so none of
 * them is pushed (a file created only to receive a server project). */
gboolean          gw_project_mark_all_synced (GwProject    *self,
                                              const char   *server,
                                              GError      **error);

/* Items the server does not hold yet, in an order that pushes every item
 * after the items it refers to (metadata, datasets, runs, curation; each
 * oldest first), at most @limit of them (0: all).  (element-type
 * GwProjectItem) */
GPtrArray        *gw_project_list_unsynced   (GwProject    *self,
                                              const char   *server,
                                              guint         limit,
                                              GError      **error);
/* How many items list_unsynced would return. */
gboolean          gw_project_count_unsynced  (GwProject    *self,
                                              const char   *server,
                                              guint        *n_items,
                                              GError      **error);
/* Records that @server holds @uuids (with their server @seqs, nullable). */
gboolean          gw_project_mark_synced     (GwProject    *self,
                                              const char   *server,
                                              const char * const *uuids,
                                              const gint64 *seqs,
                                              guint         n,
                                              GError      **error);
/* Whether the file holds the item. */
gboolean          gw_project_has_item        (GwProject    *self,
                                              const char   *kind,
                                              const char   *uuid);

/* Stores the items pulled from @server that the file lacks, marks all of
 * them as held by the server and saves @cursor, in one transaction: an
 * interrupted pull leaves the file as it was.  A malformed item fails the
 * whole call with an error naming it.  @n_added (nullable) receives the
 * number of new items.  (element-type GwProjectItem) for @items, with
 * @seqs (nullable) their server sequence numbers. */
gboolean          gw_project_apply_pulled    (GwProject    *self,
                                              const char   *server,
                                              GPtrArray    *items,
                                              const gint64 *seqs,
                                              gint64        cursor,
                                              guint        *n_added,
                                              GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwProjectItem, gw_project_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwProjectRemote, gw_project_remote_free)

G_END_DECLS
