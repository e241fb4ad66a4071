/* gw-server-config.h: the server's key-file configuration
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *path;             /* the file it was read from, or NULL */

  char     *listen_address;
  guint     port;
  char     *tls_certificate;
  char     *tls_key;
  char    **allowed_hosts;    /* empty: any host */
  char    **trusted_proxies;  /* addresses whose X-Forwarded-For we believe */
  guint     workers;

  char     *database_url;
  gboolean  auto_migrate;

  guint64   max_body_size;
  double    rate_limit_per_second;
  double    rate_limit_burst;
  guint     header_timeout;
  guint     body_timeout;
  guint     shutdown_grace;
  guint     login_max_failures;
  guint     login_window;
  guint     token_lifetime;

  gboolean  access_log;
} GwServerConfig;

GwServerConfig *gw_server_config_new_default (void);
GwServerConfig *gw_server_config_load        (const char      *path,
                                              GPtrArray       *warnings,
                                              GError         **error);
void            gw_server_config_free        (GwServerConfig  *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwServerConfig, gw_server_config_free)

G_END_DECLS
