/* gw-rate-limiter.c: a token bucket per client
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each client (its address) may make `burst` requests at once and then
 * `per_second` requests per second.  Used from the main thread only.
 */

#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <math.h>

#include "gw-rate-limiter.h"

typedef struct
{
  double tokens;
  gint64 updated;
} Bucket;

struct _GwRateLimiter
{
  double      per_second;
  double      burst;
  GHashTable *buckets;
  gint64      last_prune;
};

GwRateLimiter *
gw_rate_limiter_new (double per_second,
                     double burst)
{
  GwRateLimiter *self = g_new0 (GwRateLimiter, 1);

  self->per_second = MAX (per_second, 0.001);
  self->burst = MAX (burst, 1.0);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
gw_rate_limiter_free (GwRateLimiter *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->buckets);
  g_free (self);
}

static void
refill (GwRateLimiter *self,
        Bucket        *b,
        gint64         now)
{
  double elapsed = (now - b->updated) / (double) G_USEC_PER_SEC;

  b->tokens = MIN (self->burst, b->tokens + elapsed * self->per_second);
  b->updated = now;
}

gboolean
gw_rate_limiter_take (GwRateLimiter *self,
                      const char    *key,
                      gint64         now,
                      guint         *retry_after)
{
  Bucket *b;

  /* Forget full buckets now and then, so idle clients cost nothing. */
  if (now - self->last_prune > 60 * G_USEC_PER_SEC)
    {
      GHashTableIter iter;

      self->last_prune = now;
      g_hash_table_iter_init (&iter, self->buckets);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &b))
        {
          refill (self, b, now);
          if (b->tokens >= self->burst)
            g_hash_table_iter_remove (&iter);
        }
    }

  b = g_hash_table_lookup (self->buckets, key);
  if (b == NULL)
    {
      b = g_new0 (Bucket, 1);
      b->tokens = self->burst;
      b->updated = now;
      g_hash_table_insert (self->buckets, g_strdup (key), b);
    }
  refill (self, b, now);

  if (b->tokens >= 1.0)
    {
      b->tokens -= 1.0;
      return TRUE;
    }

  *retry_after = (guint) MAX (1.0, ceil ((1.0 - b->tokens) / self->per_second));
  return FALSE;
}
