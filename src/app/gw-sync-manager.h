/* gw-sync-manager.h: the app's side of lab-server sync
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-sync-client.h"
#include "gw-token-store.h"

G_BEGIN_DECLS

#define GW_TYPE_SYNC_MANAGER (gw_sync_manager_get_type ())

G_DECLARE_FINAL_TYPE (GwSyncManager, gw_sync_manager, GW, SYNC_MANAGER, GObject)

/*
 * One per app.  It owns the GwSyncClient for the server URL in GSettings
 * (sync-server-url), the sign-in (token in a GwTokenStore), and decides
 * when the projects open in windows sync: soon after each change
 * (debounced), every sync-interval seconds, when the network comes back,
 * and when the server's WebSocket says another workstation changed one.
 * Every sync runs in the background through the client's _async calls.
 *
 * Signals:
 *   ::status-changed (path)   a project's GwSyncStatus changed
 *   ::project-updated (path)  a sync stored items from the server: reload it
 *   ::auth-failed (message)   the token was refused: the user must sign in again
 * Properties: "signed-in", "user", "server-url" (normalised, or NULL).
 */
GwSyncManager *gw_sync_manager_get_default      (void);

const char    *gw_sync_manager_get_server_url   (GwSyncManager       *self);
/* (nullable) (transfer none): NULL without a valid server URL. */
GwSyncClient  *gw_sync_manager_get_client       (GwSyncManager       *self);
GwTokenStore  *gw_sync_manager_get_token_store  (GwSyncManager       *self);
gboolean       gw_sync_manager_is_signed_in     (GwSyncManager       *self);
/* (nullable): the user name of this run's sign-in, if known. */
const char    *gw_sync_manager_get_user         (GwSyncManager       *self);

/* Saves @server_url (when not NULL) and signs in there. */
void           gw_sync_manager_sign_in_async    (GwSyncManager       *self,
                                                 const char          *server_url,
                                                 const char          *username,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       gw_sync_manager_sign_in_finish   (GwSyncManager       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Revokes the token on the server if it can, and forgets it. */
void           gw_sync_manager_sign_out         (GwSyncManager       *self);

/* Which projects sync (GSettings synced-projects). */
gboolean       gw_sync_manager_get_project_enabled (GwSyncManager    *self,
                                                    const char       *path);
void           gw_sync_manager_set_project_enabled (GwSyncManager    *self,
                                                    const char       *path,
                                                    gboolean          enabled);

/* A window shows @path: sync it on the schedule above.  Balanced by
 * gw_sync_manager_unwatch(). */
void           gw_sync_manager_watch            (GwSyncManager       *self,
                                                 const char          *path);
void           gw_sync_manager_unwatch          (GwSyncManager       *self,
                                                 const char          *path);
/* The project at @path changed locally: sync it after a short delay. */
void           gw_sync_manager_project_changed  (GwSyncManager       *self,
                                                 const char          *path);
/* Syncs @path now (or again right after the running sync). */
void           gw_sync_manager_sync_now         (GwSyncManager       *self,
                                                 const char          *path);
/* (nullable) (transfer none): @path's status, NULL when it does not sync. */
const GwSyncStatus *gw_sync_manager_get_status  (GwSyncManager       *self,
                                                 const char          *path);
/* TRUE while a sync of @path runs. */
gboolean       gw_sync_manager_is_syncing       (GwSyncManager       *self,
                                                 const char          *path);

/* A sentence for @error that says what to do, for toasts and banners. */
char          *gw_sync_describe_error           (const GError        *error);

G_END_DECLS
