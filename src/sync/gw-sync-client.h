/* gw-sync-client.h: the workstation side of the sync protocol
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GwSyncClient talks to one ganglioside-server (docs/sync-protocol.md)
 * with one bearer token.  Every network call has an _async/_finish pair
 * that runs the work on a GTask thread (its own SoupSession and its own
 * connection to the project file), so the caller's main loop never waits
 * for the network or the disk; the blocking forms are public too, for the
 * CLI and for worker threads, and must not be called from a UI thread.
 *
 * What a sync does (gw_sync_client_sync_project()):
 *   1. attaches the file to a server project (creating it on first sync),
 *   2. pulls the items after the file's cursor, downloads their blobs,
 *      checks them against their SHA-256, and stores the missing items
 *      with the new cursor in one transaction,
 *   3. pushes the items the server lacks, in batches: blobs first
 *      (resumable, in pieces), then the envelopes; a retried push is
 *      recognised by UUID, so a lost reply never duplicates anything,
 *   4. pulls again, to learn the sequence numbers of its own items.
 * Everything sync must remember (server project, cursor, which items the
 * server holds) is in the project file, so a restart loses nothing.
 */

#pragma once

#include <gio/gio.h>

#include "gw-project-sync.h"
#include "gw-sync-codec.h"
#include "gw-sync-error.h"

G_BEGIN_DECLS

/**
 * GwSyncState:
 * @GW_SYNC_STATE_UNKNOWN: not synced since the client was made
 * @GW_SYNC_STATE_SYNCING: a sync is running
 * @GW_SYNC_STATE_SYNCED: the server holds everything the file holds
 * @GW_SYNC_STATE_WAITING: items wait to be pushed (see n_waiting)
 * @GW_SYNC_STATE_OFFLINE: the server could not be reached; work continues locally
 * @GW_SYNC_STATE_ERROR: the last sync failed (see message)
 */
typedef enum
{
  GW_SYNC_STATE_UNKNOWN,
  GW_SYNC_STATE_SYNCING,
  GW_SYNC_STATE_SYNCED,
  GW_SYNC_STATE_WAITING,
  GW_SYNC_STATE_OFFLINE,
  GW_SYNC_STATE_ERROR,
} GwSyncState;

const char *gw_sync_state_to_string (GwSyncState state);   /* "synced", … */

/**
 * GwSyncStatus:
 *
 * A project's sync status, for the header bar.
 */
typedef struct
{
  GwSyncState  state;
  guint        n_waiting;     /* items not yet on the server */
  char        *message;       /* why, for OFFLINE and ERROR; else NULL */
  GQuark       error_domain;  /* the failure's GError, for OFFLINE and ERROR */
  gint         error_code;
  gint64       last_sync;     /* µs since the epoch, 0 never */
} GwSyncStatus;

GType          gw_sync_status_get_type (void) G_GNUC_CONST;
GwSyncStatus  *gw_sync_status_copy     (const GwSyncStatus *status);
void           gw_sync_status_free     (GwSyncStatus       *status);

/* The item kinds a report counts. */
typedef enum
{
  GW_SYNC_KIND_METADATA,
  GW_SYNC_KIND_DATASET,
  GW_SYNC_KIND_RUN,
  GW_SYNC_KIND_CURATION,
  GW_SYNC_KIND_OTHER,
  GW_SYNC_N_KINDS,
} GwSyncKind;

const char *gw_sync_kind_to_string  (GwSyncKind kind);   /* "run", … */

/**
 * GwSyncReport:
 *
 * What one sync did.
 */
typedef struct
{
  char    *project_id;               /* the server project */
  gboolean created;                  /* this sync created it on the server */
  guint    pushed[GW_SYNC_N_KINDS];  /* new items the server accepted */
  guint    pushed_again;             /* items the server already held (a retry) */
  guint    pulled[GW_SYNC_N_KINDS];  /* new items stored in the file */
  guint    blobs_uploaded;
  guint64  bytes_uploaded;           /* blob bytes sent by this sync */
  guint64  bytes_resumed;            /* blob bytes the server already had from an interrupted upload */
  guint64  bytes_downloaded;         /* blob bytes received */
  gint64   head;                     /* the server project's head after the sync */
  guint    n_waiting;                /* items still not pushed (0 after success) */
} GwSyncReport;

GType          gw_sync_report_get_type  (void) G_GNUC_CONST;
GwSyncReport  *gw_sync_report_copy      (const GwSyncReport *report);
void           gw_sync_report_free      (GwSyncReport       *report);
guint          gw_sync_report_total_pushed (const GwSyncReport *report);
guint          gw_sync_report_total_pulled (const GwSyncReport *report);

#define GW_TYPE_SYNC_CLIENT (gw_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (GwSyncClient, gw_sync_client, GW, SYNC_CLIENT, GObject)

/* Checks and normalises a server URL: http or https, a host, no query;
 * no trailing slash.  "lab.example.org" gets https://.  This is the key
 * under which a project file remembers the server. */
char          *gw_sync_normalize_url        (const char    *url,
                                             GError       **error);

/* @server_url: as gw_sync_normalize_url() accepts it (NULL if invalid). */
GwSyncClient  *gw_sync_client_new           (const char    *server_url,
                                             GError       **error);
const char    *gw_sync_client_get_server_url (GwSyncClient *self);
/* The bearer token, or NULL when signed out.  Property "token". */
const char    *gw_sync_client_get_token     (GwSyncClient  *self);
void           gw_sync_client_set_token     (GwSyncClient  *self,
                                             const char    *token);
/* Blob upload piece size in bytes (default 8 MiB); property "chunk-size". */
guint          gw_sync_client_get_chunk_size (GwSyncClient *self);
void           gw_sync_client_set_chunk_size (GwSyncClient *self,
                                              guint         chunk_size);
/* Network timeout in seconds (default 60); property "timeout". */
void           gw_sync_client_set_timeout   (GwSyncClient  *self,
                                             guint          seconds);

/* Sign in: username + password → token (also set on the client). */
void           gw_sync_client_sign_in_async (GwSyncClient        *self,
                                             const char          *username,
                                             const char          *password,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* (transfer full): the session, with its token and expiry. */
GwSyncSession *gw_sync_client_sign_in_finish (GwSyncClient       *self,
                                              GAsyncResult       *result,
                                              GError            **error);
GwSyncSession *gw_sync_client_sign_in       (GwSyncClient        *self,
                                             const char          *username,
                                             const char          *password,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* Sign out: revokes the token on the server and forgets it. */
void           gw_sync_client_sign_out_async (GwSyncClient       *self,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
gboolean       gw_sync_client_sign_out_finish (GwSyncClient      *self,
                                               GAsyncResult      *result,
                                               GError           **error);
gboolean       gw_sync_client_sign_out      (GwSyncClient        *self,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* The lab's projects visible to the user: (element-type GwSyncProject). */
void           gw_sync_client_list_projects_async (GwSyncClient        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray     *gw_sync_client_list_projects_finish (GwSyncClient       *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
GPtrArray     *gw_sync_client_list_projects (GwSyncClient        *self,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* Shares a server project with a team: @access "read" or "write", or NULL
 * to stop sharing.  Owner only. */
void           gw_sync_client_share_project_async (GwSyncClient        *self,
                                                   const char          *project_id,
                                                   const char          *team,
                                                   const char          *access,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       gw_sync_client_share_project_finish (GwSyncClient       *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
gboolean       gw_sync_client_share_project (GwSyncClient        *self,
                                             const char          *project_id,
                                             const char          *team,
                                             const char          *access,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* Syncs the project file at @project_path (see above). */
void           gw_sync_client_sync_project_async (GwSyncClient        *self,
                                                  const char          *project_path,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GwSyncReport  *gw_sync_client_sync_project_finish (GwSyncClient       *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);
GwSyncReport  *gw_sync_client_sync_project  (GwSyncClient        *self,
                                             const char          *project_path,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* "Open from the server": creates a new project file at @dest_path for
 * the server project @project_id and pulls it (the file is removed again
 * if that fails). */
void           gw_sync_client_clone_project_async (GwSyncClient        *self,
                                                   const char          *project_id,
                                                   const char          *dest_path,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GwSyncReport  *gw_sync_client_clone_project_finish (GwSyncClient       *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
GwSyncReport  *gw_sync_client_clone_project (GwSyncClient        *self,
                                             const char          *project_id,
                                             const char          *dest_path,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* The status of the project file at @project_path: the outcome of this
 * client's last sync of it if any, else read from the file (the count of
 * waiting items and the last recorded error).  Reads the file: call it
 * from a worker, or accept one small query on the main thread. */
GwSyncStatus  *gw_sync_client_get_status    (GwSyncClient        *self,
                                             const char          *project_path);
/* The server project id the file at @project_path syncs with on this
 * client's server, or NULL (not attached yet, or unreadable). */
char          *gw_sync_client_dup_project_id (GwSyncClient       *self,
                                              const char         *project_path);

/* Live updates.  Subscribing connects the WebSocket (from the thread
 * default main context the client was made in) and keeps it connected,
 * reconnecting every few seconds while it is down.  Each notification
 * emits ::project-changed (project_id, head); after a reconnect it is
 * emitted for every subscribed project with head -1, since notifications
 * sent while disconnected are lost.  Property "events-connected". */
void           gw_sync_client_subscribe     (GwSyncClient        *self,
                                             const char          *project_id);
void           gw_sync_client_unsubscribe   (GwSyncClient        *self,
                                             const char          *project_id);
gboolean       gw_sync_client_get_events_connected (GwSyncClient *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncStatus, gw_sync_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncReport, gw_sync_report_free)

G_END_DECLS
