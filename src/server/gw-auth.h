/* gw-auth.h: passwords, bearer tokens and the failed-login limiter
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  gw_auth_init             (void);
char     *gw_auth_hash_password    (const char *password);
gboolean  gw_auth_verify_password  (const char *hash,
                                    const char *password);
void      gw_auth_burn_time        (const char *password);
char     *gw_auth_new_token        (void);
char     *gw_auth_token_hash       (const char *token);

/* Failed logins per key (client address, and client address + user name).
 * Main-thread only. */
typedef struct _GwLoginLimiter GwLoginLimiter;

GwLoginLimiter *gw_login_limiter_new     (guint           max_failures,
                                          guint           window_seconds);
void            gw_login_limiter_free    (GwLoginLimiter *self);
gboolean        gw_login_limiter_check   (GwLoginLimiter *self,
                                          const char     *key,
                                          guint          *retry_after);
void            gw_login_limiter_failed  (GwLoginLimiter *self,
                                          const char     *key);
void            gw_login_limiter_reset   (GwLoginLimiter *self,
                                          const char     *key);

G_END_DECLS
