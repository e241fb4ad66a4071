/* gw-auth.c: passwords, bearer tokens and the failed-login limiter
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-server-auth"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "gw-auth.h"

gboolean
gw_auth_init (void)
{
  return sodium_init () >= 0;
}

/* argon2id with libsodium's "interactive" cost: 64 MiB and about a tenth
 * of a second per guess, on a worker thread. */
char *
gw_auth_hash_password (const char *password)
{
  char hash[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return NULL;
  return g_strdup (hash);
}

gboolean
gw_auth_verify_password (const char *hash,
                         const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* Spends as long as a real verification, so an unknown user name answers
 * no faster than a wrong password. */
void
gw_auth_burn_time (const char *password)
{
  static char *dummy;

  if (g_once_init_enter (&dummy))
    {
      guint8 random[16];
      g_autofree char *text = NULL;

      randombytes_buf (random, sizeof random);
      text = g_base64_encode (random, sizeof random);
      g_once_init_leave (&dummy, gw_auth_hash_password (text));
    }
  gw_auth_verify_password (dummy, password);
}

char *
gw_auth_new_token (void)
{
  guint8 random[32];
  char encoded[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (random, sizeof random);
  sodium_bin2base64 (encoded, sizeof encoded, random, sizeof random,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (random, sizeof random);
  return g_strconcat ("gwt_", encoded, NULL);
}

/* Tokens carry 256 random bits, so one SHA-256 is enough to make a stolen
 * database useless for signing in; a slow KDF would only slow requests. */
char *
gw_auth_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

typedef struct
{
  guint  failures;
  gint64 window_start;
  gint64 locked_until;
} Entry;

struct _GwLoginLimiter
{
  guint       max_failures;
  gint64      window;
  GHashTable *entries;
};

GwLoginLimiter *
gw_login_limiter_new (guint max_failures,
                      guint window_seconds)
{
  GwLoginLimiter *self = g_new0 (GwLoginLimiter, 1);

  self->max_failures = MAX (max_failures, 1);
  self->window = (gint64) MAX (window_seconds, 1) * G_USEC_PER_SEC;
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
gw_login_limiter_free (GwLoginLimiter *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->entries);
  g_free (self);
}

static void
prune (GwLoginLimiter *self,
       gint64          now)
{
  GHashTableIter iter;
  Entry *e;

  if (g_hash_table_size (self->entries) < 10000)
    return;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &e))
    if (e->locked_until < now && e->window_start + self->window < now)
      g_hash_table_iter_remove (&iter);
}

gboolean
gw_login_limiter_check (GwLoginLimiter *self,
                        const char     *key,
                        guint          *retry_after)
{
  Entry *e = g_hash_table_lookup (self->entries, key);
  gint64 now = g_get_monotonic_time ();

  if (e == NULL || e->locked_until <= now)
    return TRUE;
  *retry_after = (guint) ((e->locked_until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  return FALSE;
}

void
gw_login_limiter_failed (GwLoginLimiter *self,
                         const char     *key)
{
  gint64 now = g_get_monotonic_time ();
  Entry *e = g_hash_table_lookup (self->entries, key);

  prune (self, now);
  if (e == NULL)
    {
      e = g_new0 (Entry, 1);
      e->window_start = now;
      g_hash_table_insert (self->entries, g_strdup (key), e);
    }
  if (e->window_start + self->window < now)
    {
      e->failures = 0;
      e->window_start = now;
    }
  if (++e->failures >= self->max_failures)
    {
      /* Locked for one window from the last failure. */
      e->locked_until = now + self->window;
      e->failures = 0;
      e->window_start = e->locked_until;
    }
}

void
gw_login_limiter_reset (GwLoginLimiter *self,
                        const char     *key)
{
  g_hash_table_remove (self->entries, key);
}
