/* gw-sync-manager.c: the app's side of lab-server sync
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-sync-manager"

#include "config.h"

#include "gw-sync-manager.h"

#include <glib/gi18n.h>

/* After a change, wait this long for the next one before syncing. */
#define DEBOUNCE_MS 1500

typedef struct
{
  guint     refs;         /* windows showing the project */
  guint     debounce_id;
  gboolean  running;
  gboolean  again;        /* sync once more when the running one ends */
  char     *project_id;   /* the server project, once known */
} Watch;

struct _GwSyncManager
{
  GObject          parent_instance;

  GSettings       *settings;
  GwTokenStore    *tokens;
  GwSyncClient    *client;
  char            *server_url;
  char            *user;
  gboolean         signed_in;
  GCancellable    *cancellable;   /* cancelled when the server changes */

  GHashTable      *watched;       /* path → Watch */
  GHashTable      *statuses;      /* path → GwSyncStatus */

  GNetworkMonitor *monitor;
  gboolean         network_available;
  guint            periodic_id;
};

G_DEFINE_FINAL_TYPE (GwSyncManager, gw_sync_manager, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SIGNED_IN,
  PROP_USER,
  PROP_SERVER_URL,
  N_PROPS
};

enum
{
  STATUS_CHANGED,
  PROJECT_UPDATED,
  AUTH_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_sync (GwSyncManager *self, const char *path);

static void
watch_free (gpointer data)
{
  Watch *w = data;

  g_clear_handle_id (&w->debounce_id, g_source_remove);
  g_free (w->project_id);
  g_free (w);
}

char *
gw_sync_describe_error (const GError *error)
{
  if (error == NULL)
    return g_strdup ("");
  if (error->domain == GW_SYNC_ERROR)
    switch ((GwSyncError) error->code)
      {
      case GW_SYNC_ERROR_WRONG_PASSWORD:
        return g_strdup (_("Wrong user name or password."));
      case GW_SYNC_ERROR_UNAUTHORIZED:
        return g_strdup (_("Your sign-in has expired or was revoked: sign in again in Preferences."));
      case GW_SYNC_ERROR_UNREACHABLE:
        return g_strdup_printf (_("The lab server cannot be reached (%s). Work continues locally; "
                                  "sync resumes when it is back."), error->message);
      case GW_SYNC_ERROR_TLS:
        return g_strdup_printf (_("The lab server's certificate is not trusted (%s). Ask your "
                                  "administrator to install a valid certificate, or check the server URL."),
                                error->message);
      case GW_SYNC_ERROR_RATE_LIMITED:
        /* The sync client's message already says how long the server
         * asks to wait (its Retry-After) and what to do then, as the
         * CLI prints it; a generic "try again in a minute" would be
         * wrong for any other wait. */
        return g_strdup (error->message);
      case GW_SYNC_ERROR_FORBIDDEN:
        return g_strdup_printf (_("Not allowed: %s"), error->message);
      case GW_SYNC_ERROR_SERVER:
        return g_strdup_printf (_("The lab server has a problem (%s). Try again later."), error->message);
      default:
        break;
      }
  return g_strdup (error->message);
}

static void
set_signed_in (GwSyncManager *self,
               gboolean       signed_in)
{
  if (self->signed_in == signed_in)
    return;
  self->signed_in = signed_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

static void
set_user (GwSyncManager *self,
          const char    *user)
{
  if (g_strcmp0 (self->user, user) == 0)
    return;
  g_free (self->user);
  self->user = g_strdup (user);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

static void
set_status (GwSyncManager      *self,
            const char         *path,
            const GwSyncStatus *status)
{
  if (status != NULL)
    g_hash_table_replace (self->statuses, g_strdup (path), gw_sync_status_copy (status));
  else
    g_hash_table_remove (self->statuses, path);
  g_signal_emit (self, signals[STATUS_CHANGED], 0, path);
}

static void
set_state (GwSyncManager *self,
           const char    *path,
           GwSyncState    state,
           const GError  *error)
{
  const GwSyncStatus *old = g_hash_table_lookup (self->statuses, path);
  g_autofree char *message = error ? gw_sync_describe_error (error) : NULL;
  GwSyncStatus st = { 0 };

  st.state = state;
  st.n_waiting = old ? old->n_waiting : 0;
  st.last_sync = old ? old->last_sync : 0;
  st.message = message;
  if (error != NULL)
    {
      st.error_domain = error->domain;
      st.error_code = error->code;
    }
  set_status (self, path, &st);
}

gboolean
gw_sync_manager_get_project_enabled (GwSyncManager *self,
                                     const char    *path)
{
  g_auto(GStrv) paths = NULL;

  g_return_val_if_fail (GW_IS_SYNC_MANAGER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  paths = g_settings_get_strv (self->settings, "synced-projects");
  return g_strv_contains ((const char * const *) paths, path);
}

static gboolean
can_sync (GwSyncManager *self,
          const char    *path)
{
  return self->client != NULL && gw_sync_manager_get_project_enabled (self, path);
}

/* The status a project starts with: what its file says. */
static void
load_status (GwSyncManager *self,
             const char    *path)
{
  g_autoptr(GwSyncStatus) st = NULL;

  if (!can_sync (self, path))
    {
      if (g_hash_table_contains (self->statuses, path))
        set_status (self, path, NULL);
      return;
    }
  st = gw_sync_client_get_status (self->client, path);
  if (st == NULL)
    {
      GwSyncStatus unknown = { GW_SYNC_STATE_UNKNOWN, 0, NULL, 0, 0, 0 };
      set_status (self, path, &unknown);
      return;
    }
  set_status (self, path, st);
}

static void
subscribe (GwSyncManager *self,
           const char    *path,
           const char    *project_id)
{
  Watch *w = g_hash_table_lookup (self->watched, path);

  if (w == NULL || project_id == NULL || self->client == NULL || g_strcmp0 (w->project_id, project_id) == 0)
    return;
  if (w->project_id != NULL)
    gw_sync_client_unsubscribe (self->client, w->project_id);
  g_free (w->project_id);
  w->project_id = g_strdup (project_id);
  gw_sync_client_subscribe (self->client, project_id);
}

/* Syncing ------------------------------------------------------------------ */

typedef struct
{
  GwSyncManager *self;
  char          *path;
  GwSyncClient  *client;
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->client);
  g_free (data->path);
  g_free (data);
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SyncData *data = user_data;
  GwSyncManager *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncReport) report = gw_sync_client_sync_project_finish (GW_SYNC_CLIENT (object), result, &error);
  Watch *w = g_hash_table_lookup (self->watched, data->path);
  gboolean again = FALSE;

  if (w != NULL)
    {
      w->running = FALSE;
      again = w->again;
      w->again = FALSE;
    }

  /* A sync for a server that is no longer the configured one says
   * nothing about the project's state now. */
  if (data->client != self->client)
    {
      sync_data_free (data);
      return;
    }

  if (report != NULL)
    {
      const GwSyncStatus *old = g_hash_table_lookup (self->statuses, data->path);
      GwSyncStatus st = { 0 };

      st.state = report->n_waiting > 0 ? GW_SYNC_STATE_WAITING : GW_SYNC_STATE_SYNCED;
      st.n_waiting = report->n_waiting;
      st.last_sync = g_get_real_time ();
      if (old != NULL || gw_sync_manager_get_project_enabled (self, data->path))
        set_status (self, data->path, &st);
      subscribe (self, data->path, report->project_id);
      if (gw_sync_report_total_pulled (report) > 0)
        g_signal_emit (self, signals[PROJECT_UPDATED], 0, data->path);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      load_status (self, data->path);
    }
  else
    {
      GwSyncState state = g_error_matches (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNREACHABLE)
                          ? GW_SYNC_STATE_OFFLINE : GW_SYNC_STATE_ERROR;

      g_debug ("sync of %s failed: %s", data->path, error->message);
      set_state (self, data->path, state, error);
      if (g_error_matches (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNAUTHORIZED) && self->signed_in)
        {
          g_autofree char *message = gw_sync_describe_error (error);

          /* The token is worthless now: forget it, and ask once. */
          gw_sync_client_set_token (self->client, NULL);
          gw_token_store_save_async (self->tokens, self->server_url, NULL, NULL, NULL, NULL);
          set_signed_in (self, FALSE);
          g_signal_emit (self, signals[AUTH_FAILED], 0, message);
        }
    }

  if (again && can_sync (self, data->path))
    start_sync (self, data->path);
  sync_data_free (data);
}

static void
start_sync (GwSyncManager *self,
            const char    *path)
{
  Watch *w = g_hash_table_lookup (self->watched, path);
  SyncData *data;

  if (!can_sync (self, path))
    return;
  if (w != NULL && w->running)
    {
      w->again = TRUE;
      return;
    }
  if (!self->signed_in)
    {
      g_autoptr(GError) error = g_error_new_literal (GW_SYNC_ERROR, GW_SYNC_ERROR_UNAUTHORIZED,
                                                     _("Not signed in"));
      const GwSyncStatus *old = g_hash_table_lookup (self->statuses, path);
      GwSyncStatus st = { GW_SYNC_STATE_ERROR, old ? old->n_waiting : 0,
                          (char *) _("Not signed in: sign in to the lab server in Preferences."),
                          GW_SYNC_ERROR, GW_SYNC_ERROR_UNAUTHORIZED, old ? old->last_sync : 0 };

      set_status (self, path, &st);
      return;
    }

  if (w != NULL)
    w->running = TRUE;
  set_state (self, path, GW_SYNC_STATE_SYNCING, NULL);

  data = g_new0 (SyncData, 1);
  data->self = g_object_ref (self);
  data->path = g_strdup (path);
  data->client = g_object_ref (self->client);
  gw_sync_client_sync_project_async (self->client, path, self->cancellable, synced_cb, data);
}

void
gw_sync_manager_sync_now (GwSyncManager *self,
                          const char    *path)
{
  Watch *w;

  g_return_if_fail (GW_IS_SYNC_MANAGER (self));
  g_return_if_fail (path != NULL);

  w = g_hash_table_lookup (self->watched, path);
  if (w != NULL)
    g_clear_handle_id (&w->debounce_id, g_source_remove);
  start_sync (self, path);
}

static void
sync_all (GwSyncManager *self,
          gboolean       only_offline)
{
  GHashTableIter iter;
  gpointer key;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const GwSyncStatus *st = g_hash_table_lookup (self->statuses, key);

      if (only_offline && (st == NULL || st->state != GW_SYNC_STATE_OFFLINE))
        continue;
      g_ptr_array_add (paths, g_strdup (key));
    }
  for (guint i = 0; i < paths->len; i++)
    start_sync (self, g_ptr_array_index (paths, i));
}

typedef struct
{
  GwSyncManager *self;
  char          *path;
} Debounce;

static void
debounce_free (gpointer data)
{
  Debounce *d = data;

  g_free (d->path);
  g_free (d);
}

static gboolean
debounce_cb (gpointer user_data)
{
  Debounce *d = user_data;
  Watch *w = g_hash_table_lookup (d->self->watched, d->path);

  if (w != NULL)
    w->debounce_id = 0;
  start_sync (d->self, d->path);
  return G_SOURCE_REMOVE;
}

/* Until the debounced sync runs, the header says how much waits: one
 * count query on the project file. */
static void
show_waiting (GwSyncManager *self,
              const char    *path)
{
  g_autoptr(GwProject) project = gw_project_open (path, NULL);
  const GwSyncStatus *old = g_hash_table_lookup (self->statuses, path);
  guint n = 0;

  if (project == NULL || self->server_url == NULL ||
      !gw_project_count_unsynced (project, self->server_url, &n, NULL) || n == 0)
    return;
  {
    GwSyncStatus st = { GW_SYNC_STATE_WAITING, n, NULL, 0, 0, old ? old->last_sync : 0 };

    set_status (self, path, &st);
  }
}

void
gw_sync_manager_project_changed (GwSyncManager *self,
                                 const char    *path)
{
  Watch *w;
  Debounce *d;

  g_return_if_fail (GW_IS_SYNC_MANAGER (self));
  g_return_if_fail (path != NULL);

  w = g_hash_table_lookup (self->watched, path);
  if (w == NULL || !can_sync (self, path))
    return;

  /* Items wait until the sync: the count says so meanwhile. */
  g_clear_handle_id (&w->debounce_id, g_source_remove);
  d = g_new0 (Debounce, 1);
  d->self = self;
  d->path = g_strdup (path);
  w->debounce_id = g_timeout_add_full (G_PRIORITY_DEFAULT, DEBOUNCE_MS, debounce_cb, d, debounce_free);
  if (!w->running)
    show_waiting (self, path);
}

static gboolean
periodic_cb (gpointer user_data)
{
  sync_all (user_data, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
restart_periodic (GwSyncManager *self)
{
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  self->periodic_id = g_timeout_add_seconds (MAX (30, g_settings_get_int (self->settings, "sync-interval")),
                                             periodic_cb, self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    GwSyncManager   *self)
{
  gboolean was = self->network_available;

  self->network_available = available;
  /* Back online: whatever was offline syncs now rather than at the next
   * tick. */
  if (available && !was)
    sync_all (self, TRUE);
}

/* Live updates: another workstation changed a project this one shows. */
static void
remote_changed_cb (GwSyncClient  *client,
                   const char    *project_id,
                   gint64         head,
                   GwSyncManager *self)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Watch *w = value;

      if (g_strcmp0 (w->project_id, project_id) == 0)
        g_ptr_array_add (paths, g_strdup (key));
    }
  for (guint i = 0; i < paths->len; i++)
    start_sync (self, g_ptr_array_index (paths, i));
}

/* Changes made between a project's sync and its subscription were not
 * announced: once the WebSocket is up, sync what is open. */
static void
events_connected_cb (GwSyncClient  *client,
                     GParamSpec    *pspec,
                     GwSyncManager *self)
{
  if (gw_sync_client_get_events_connected (client))
    sync_all (self, FALSE);
}

/* Server and sign-in ------------------------------------------------------- */

static void
token_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwSyncManager) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = gw_token_store_lookup_finish (GW_TOKEN_STORE (object), result, &error);

  /* A sign-in that finished first has the newer token. */
  if (error != NULL || self->client == NULL || token == NULL || self->signed_in)
    return;
  gw_sync_client_set_token (self->client, token);
  set_signed_in (self, TRUE);
  sync_all (self, FALSE);
}

/* Makes a client for the URL in GSettings (or none) and loads its token. */
static void
configure (GwSyncManager *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "sync-server-url");
  g_autofree char *normal = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (url[0] != '\0')
    normal = gw_sync_normalize_url (url, NULL);
  if (g_strcmp0 (normal, self->server_url) == 0 && (self->client != NULL) == (normal != NULL))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_free (self->server_url);
  self->server_url = g_steal_pointer (&normal);
  set_user (self, NULL);
  set_signed_in (self, FALSE);

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Watch *w = value;

      g_clear_pointer (&w->project_id, g_free);
      w->running = FALSE;
      w->again = FALSE;
    }

  if (self->server_url != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->client = gw_sync_client_new (self->server_url, &error);
      if (self->client == NULL)
        g_warning ("Lab server %s: %s", self->server_url, error->message);
    }
  if (self->client != NULL)
    {
      g_signal_connect_object (self->client, "project-changed", G_CALLBACK (remote_changed_cb), self, 0);
      g_signal_connect_object (self->client, "notify::events-connected", G_CALLBACK (events_connected_cb), self, 0);
      gw_token_store_lookup_async (self->tokens, self->server_url, self->cancellable,
                                   token_loaded_cb, g_object_ref (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);

  /* Every project's status belongs to the old server. */
  {
    g_autoptr(GList) paths = g_hash_table_get_keys (self->watched);

    for (GList *l = paths; l != NULL; l = l->next)
      load_status (self, l->data);
  }
}

static void
settings_changed_cb (GSettings     *settings,
                     const char    *key,
                     GwSyncManager *self)
{
  if (g_str_equal (key, "sync-server-url"))
    configure (self);
  else if (g_str_equal (key, "sync-interval"))
    restart_periodic (self);
  else if (g_str_equal (key, "synced-projects"))
    {
      g_autoptr(GList) paths = g_hash_table_get_keys (self->watched);

      for (GList *l = paths; l != NULL; l = l->next)
        {
          gboolean enabled = gw_sync_manager_get_project_enabled (self, l->data);
          gboolean had = g_hash_table_contains (self->statuses, l->data);

          if (enabled && !had)
            {
              load_status (self, l->data);
              start_sync (self, l->data);
            }
          else if (!enabled && had)
            set_status (self, l->data, NULL);
        }
    }
}

typedef struct
{
  GwSyncClient *client;
  char         *user;
} SignIn;

static void
sign_in_free (SignIn *s)
{
  g_object_unref (s->client);
  g_free (s->user);
  g_free (s);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GwSyncManager *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncSession) session = gw_sync_client_sign_in_finish (GW_SYNC_CLIENT (object), result, &error);

  if (session == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (s->client != self->client)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the server changed");
      return;
    }

  gw_sync_client_set_token (self->client, session->token);
  gw_token_store_save_async (self->tokens, self->server_url, session->token, NULL, NULL, NULL);
  set_user (self, session->user ? session->user : s->user);
  set_signed_in (self, TRUE);
  sync_all (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

void
gw_sync_manager_sign_in_async (GwSyncManager       *self,
                               const char          *server_url,
                               const char          *username,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignIn *s;

  g_return_if_fail (GW_IS_SYNC_MANAGER (self));
  g_return_if_fail (username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_sync_manager_sign_in_async);

  if (server_url != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normal = gw_sync_normalize_url (server_url, &error);

      if (normal == NULL)
        {
          g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
                                   _("“%s” is not a server URL: %s"), server_url, error->message);
          return;
        }
      g_settings_set_string (self->settings, "sync-server-url", normal);
      configure (self);
    }
  if (self->client == NULL)
    {
      g_task_return_new_error (task, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID, _("Enter the lab server's URL first."));
      return;
    }

  s = g_new0 (SignIn, 1);
  s->client = g_object_ref (self->client);
  s->user = g_strdup (username);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  gw_sync_client_sign_in_async (self->client, username, password, cancellable, signed_in_cb, g_steal_pointer (&task));
}

gboolean
gw_sync_manager_sign_in_finish (GwSyncManager  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The server may be unreachable: the token is forgotten here anyway and
   * expires there. */
  if (!gw_sync_client_sign_out_finish (GW_SYNC_CLIENT (object), result, &error))
    g_debug ("sign-out: %s", error->message);
}

void
gw_sync_manager_sign_out (GwSyncManager *self)
{
  g_return_if_fail (GW_IS_SYNC_MANAGER (self));

  if (self->client == NULL)
    return;
  if (gw_sync_client_get_token (self->client) != NULL)
    gw_sync_client_sign_out_async (self->client, NULL, signed_out_cb, NULL);
  gw_token_store_save_async (self->tokens, self->server_url, NULL, NULL, NULL, NULL);
  set_user (self, NULL);
  set_signed_in (self, FALSE);
}

void
gw_sync_manager_set_project_enabled (GwSyncManager *self,
                                     const char    *path,
                                     gboolean       enabled)
{
  g_auto(GStrv) paths = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  g_return_if_fail (GW_IS_SYNC_MANAGER (self));
  g_return_if_fail (path != NULL);

  if (gw_sync_manager_get_project_enabled (self, path) == enabled)
    return;
  paths = g_settings_get_strv (self->settings, "synced-projects");
  for (guint i = 0; paths[i] != NULL; i++)
    if (!g_str_equal (paths[i], path))
      g_strv_builder_add (builder, paths[i]);
  if (enabled)
    g_strv_builder_add (builder, path);
  result = g_strv_builder_end (builder);
  /* settings_changed_cb starts or stops the project's sync. */
  g_settings_set_strv (self->settings, "synced-projects", (const char * const *) result);
}

void
gw_sync_manager_watch (GwSyncManager *self,
                       const char    *path)
{
  Watch *w;

  g_return_if_fail (GW_IS_SYNC_MANAGER (self));
  g_return_if_fail (path != NULL);

  w = g_hash_table_lookup (self->watched, path);
  if (w != NULL)
    {
      w->refs++;
      return;
    }
  w = g_new0 (Watch, 1);
  w->refs = 1;
  g_hash_table_insert (self->watched, g_strdup (path), w);
  if (!can_sync (self, path))
    return;
  load_status (self, path);
  {
    g_autofree char *project_id = gw_sync_client_dup_project_id (self->client, path);

    subscribe (self, path, project_id);
  }
  start_sync (self, path);
}

void
gw_sync_manager_unwatch (GwSyncManager *self,
                         const char    *path)
{
  Watch *w;

  g_return_if_fail (GW_IS_SYNC_MANAGER (self));
  g_return_if_fail (path != NULL);

  w = g_hash_table_lookup (self->watched, path);
  if (w == NULL || --w->refs > 0)
    return;
  if (w->project_id != NULL && self->client != NULL)
    gw_sync_client_unsubscribe (self->client, w->project_id);
  g_hash_table_remove (self->watched, path);
}

const GwSyncStatus *
gw_sync_manager_get_status (GwSyncManager *self,
                            const char    *path)
{
  g_return_val_if_fail (GW_IS_SYNC_MANAGER (self), NULL);
  return path ? g_hash_table_lookup (self->statuses, path) : NULL;
}

gboolean
gw_sync_manager_is_syncing (GwSyncManager *self,
                            const char    *path)
{
  Watch *w;

  g_return_val_if_fail (GW_IS_SYNC_MANAGER (self), FALSE);
  w = path ? g_hash_table_lookup (self->watched, path) : NULL;
  return w != NULL && w->running;
}

const char *
gw_sync_manager_get_server_url (GwSyncManager *self)
{
  g_return_val_if_fail (GW_IS_SYNC_MANAGER (self), NULL);
  return self->server_url;
}

GwSyncClient *
gw_sync_manager_get_client (GwSyncManager *self)
{
  g_return_val_if_fail (GW_IS_SYNC_MANAGER (self), NULL);
  return self->client;
}

GwTokenStore *
gw_sync_manager_get_token_store (GwSyncManager *self)
{
  g_return_val_if_fail (GW_IS_SYNC_MANAGER (self), NULL);
  return self->tokens;
}

gboolean
gw_sync_manager_is_signed_in (GwSyncManager *self)
{
  g_return_val_if_fail (GW_IS_SYNC_MANAGER (self), FALSE);
  return self->signed_in;
}

const char *
gw_sync_manager_get_user (GwSyncManager *self)
{
  g_return_val_if_fail (GW_IS_SYNC_MANAGER (self), NULL);
  return self->user;
}

/* GObject ------------------------------------------------------------------ */

static void
gw_sync_manager_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GwSyncManager *self = GW_SYNC_MANAGER (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->signed_in);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_sync_manager_dispose (GObject *object)
{
  GwSyncManager *self = GW_SYNC_MANAGER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->tokens);

  G_OBJECT_CLASS (gw_sync_manager_parent_class)->dispose (object);
}

static void
gw_sync_manager_finalize (GObject *object)
{
  GwSyncManager *self = GW_SYNC_MANAGER (object);

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->watched);
  g_hash_table_unref (self->statuses);
  g_free (self->server_url);
  g_free (self->user);

  G_OBJECT_CLASS (gw_sync_manager_parent_class)->finalize (object);
}

static void
gw_sync_manager_class_init (GwSyncManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gw_sync_manager_get_property;
  object_class->dispose = gw_sync_manager_dispose;
  object_class->finalize = gw_sync_manager_finalize;

  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STATUS_CHANGED] = g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[PROJECT_UPDATED] = g_signal_new ("project-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[AUTH_FAILED] = g_signal_new ("auth-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
gw_sync_manager_init (GwSyncManager *self)
{
  self->settings = g_settings_new (APP_ID);
  self->tokens = gw_token_store_new ();
  self->cancellable = g_cancellable_new ();
  self->watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, watch_free);
  self->statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) gw_sync_status_free);

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  g_signal_connect (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self);
  g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
  restart_periodic (self);
  configure (self);
}

static GwSyncManager *default_manager;

GwSyncManager *
gw_sync_manager_get_default (void)
{
  /* Made on first use, on the main thread; it lives as long as the app. */
  if (default_manager == NULL)
    default_manager = g_object_new (GW_TYPE_SYNC_MANAGER, NULL);
  return default_manager;
}
