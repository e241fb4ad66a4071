/* gw-rate-limiter.h: a token bucket per client
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GwRateLimiter GwRateLimiter;

GwRateLimiter *gw_rate_limiter_new   (double         per_second,
                                      double         burst);
void           gw_rate_limiter_free  (GwRateLimiter *self);
gboolean       gw_rate_limiter_take  (GwRateLimiter *self,
                                      const char    *key,
                                      gint64         now,
                                      guint         *retry_after);

G_END_DECLS
