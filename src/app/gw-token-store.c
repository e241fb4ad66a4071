/* gw-token-store.c: sign-in tokens in the keyring, one per server
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-token-store"

#include "config.h"

#include "gw-token-store.h"

#include <glib/gi18n.h>

#ifdef GW_HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

struct _GwTokenStore
{
  GObject     parent_instance;

  /* Always up to date: what the keyring holds (as far as this process
   * knows) or, without a keyring, the only copy. */
  GHashTable *memory;   /* server URL → token */
  gboolean    persistent;
};

G_DEFINE_FINAL_TYPE (GwTokenStore, gw_token_store, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PERSISTENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#ifdef GW_HAVE_LIBSECRET
static const SecretSchema token_schema = {
  "io.github.ganglioside.Workbench", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};
#endif

#ifdef GW_HAVE_LIBSECRET
static void
fall_back_to_memory (GwTokenStore *self,
                     const GError *error)
{
  if (!self->persistent)
    return;
  /* The reason goes to the log; the UI only says that the sign-in will
   * not outlive the app. */
  g_message ("No Secret Service (%s): sign-in tokens are kept in memory only",
             error ? error->message : "libsecret is not available");
  self->persistent = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSISTENT]);
}
#endif

gboolean
gw_token_store_is_persistent (GwTokenStore *self)
{
  g_return_val_if_fail (GW_IS_TOKEN_STORE (self), FALSE);
  return self->persistent;
}

/* Lookup ------------------------------------------------------------------- */

#ifdef GW_HAVE_LIBSECRET
static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwTokenStore *self = g_task_get_source_object (task);
  const char *url = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      fall_back_to_memory (self, error);
      g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->memory, url)), g_free);
      return;
    }
  if (token != NULL)
    g_hash_table_replace (self->memory, g_strdup (url), g_strdup (token));
  g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}
#endif

void
gw_token_store_lookup_async (GwTokenStore        *self,
                             const char          *server_url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GW_IS_TOKEN_STORE (self));
  g_return_if_fail (server_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_token_store_lookup_async);
  g_task_set_task_data (task, g_strdup (server_url), g_free);

#ifdef GW_HAVE_LIBSECRET
  if (self->persistent)
    {
      secret_password_lookup (&token_schema, cancellable, lookup_cb, g_steal_pointer (&task),
                              "server", server_url, NULL);
      return;
    }
#endif
  g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->memory, server_url)), g_free);
}

char *
gw_token_store_lookup_finish (GwTokenStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Save --------------------------------------------------------------------- */

#ifdef GW_HAVE_LIBSECRET
static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwTokenStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Clearing returns FALSE when there was nothing to clear: fine. */
  if (g_task_get_source_tag (task) == (gpointer) gw_token_store_save_async &&
      g_object_get_data (G_OBJECT (task), "clear") != NULL)
    secret_password_clear_finish (result, &error);
  else
    secret_password_store_finish (result, &error);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    fall_back_to_memory (self, error);
  g_task_return_boolean (task, TRUE);
}
#endif

void
gw_token_store_save_async (GwTokenStore        *self,
                           const char          *server_url,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GW_IS_TOKEN_STORE (self));
  g_return_if_fail (server_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_token_store_save_async);

  if (token != NULL)
    g_hash_table_replace (self->memory, g_strdup (server_url), g_strdup (token));
  else
    g_hash_table_remove (self->memory, server_url);

#ifdef GW_HAVE_LIBSECRET
  if (self->persistent)
    {
      if (token != NULL)
        {
          g_autofree char *label = g_strdup_printf (_("Ganglioside Workbench sign-in for %s"), server_url);

          secret_password_store (&token_schema, SECRET_COLLECTION_DEFAULT, label, token, cancellable,
                                 saved_cb, g_steal_pointer (&task), "server", server_url, NULL);
        }
      else
        {
          g_object_set_data (G_OBJECT (task), "clear", GINT_TO_POINTER (1));
          secret_password_clear (&token_schema, cancellable, saved_cb, g_steal_pointer (&task),
                                 "server", server_url, NULL);
        }
      return;
    }
#endif
  g_task_return_boolean (task, TRUE);
}

gboolean
gw_token_store_save_finish (GwTokenStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject ------------------------------------------------------------------ */

static void
gw_token_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwTokenStore *self = GW_TOKEN_STORE (object);

  switch (prop_id)
    {
    case PROP_PERSISTENT:
      g_value_set_boolean (value, self->persistent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_token_store_finalize (GObject *object)
{
  GwTokenStore *self = GW_TOKEN_STORE (object);

  g_hash_table_unref (self->memory);
  G_OBJECT_CLASS (gw_token_store_parent_class)->finalize (object);
}

static void
gw_token_store_class_init (GwTokenStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gw_token_store_get_property;
  object_class->finalize = gw_token_store_finalize;

  properties[PROP_PERSISTENT] =
    g_param_spec_boolean ("persistent", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_token_store_init (GwTokenStore *self)
{
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
#ifdef GW_HAVE_LIBSECRET
  self->persistent = TRUE;
#else
  self->persistent = FALSE;
#endif
}

GwTokenStore *
gw_token_store_new (void)
{
  return g_object_new (GW_TYPE_TOKEN_STORE, NULL);
}
