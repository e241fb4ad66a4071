/* gw-server.h: the HTTP and WebSocket front of ganglioside-server
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-server-config.h"
#include "gw-storage.h"

G_BEGIN_DECLS

typedef struct _GwServer GwServer;

GwServer *gw_server_new       (GwServerConfig  *config,
                               GwStorage       *storage,
                               GError         **error);
gboolean  gw_server_listen    (GwServer        *self,
                               GError         **error);
/* Serves one connection made elsewhere, on the thread-default main
 * context, without listening: how the fuzzer feeds raw requests in. */
gboolean  gw_server_accept_iostream (GwServer       *self,
                                     GIOStream      *stream,
                                     GSocketAddress *local_addr,
                                     GSocketAddress *remote_addr,
                                     GError        **error);
/* Runs until SIGTERM or SIGINT, then drains in-flight requests. */
int       gw_server_run       (GwServer        *self);
void      gw_server_free      (GwServer        *self);

G_END_DECLS
