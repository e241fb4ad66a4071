/* gw-token-store.h: sign-in tokens in the keyring, one per server
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GW_TYPE_TOKEN_STORE (gw_token_store_get_type ())

G_DECLARE_FINAL_TYPE (GwTokenStore, gw_token_store, GW, TOKEN_STORE, GObject)

/*
 * Tokens live in the Secret Service (libsecret, schema
 * "io.github.ganglioside.Workbench", attribute "server" = the normalised
 * server URL), never in a plain file.  When no Secret Service answers (no
 * keyring daemon, or libsecret missing at build time), the store keeps
 * tokens in memory only, for this run of the app, and says so through the
 * "persistent" property so the UI can tell the user.
 */
GwTokenStore *gw_token_store_new             (void);
/* FALSE once the Secret Service has failed: tokens are in memory only. */
gboolean      gw_token_store_is_persistent   (GwTokenStore        *self);

/* Finishes with the token, or NULL and no error when there is none. */
void          gw_token_store_lookup_async    (GwTokenStore        *self,
                                              const char          *server_url,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char         *gw_token_store_lookup_finish   (GwTokenStore        *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* Stores @token for @server_url, or forgets it when @token is NULL.
 * Never fails: a keyring failure falls back to memory. */
void          gw_token_store_save_async      (GwTokenStore        *self,
                                              const char          *server_url,
                                              const char          *token,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      gw_token_store_save_finish     (GwTokenStore        *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
