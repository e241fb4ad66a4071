/* gw-server.c: the HTTP and WebSocket front of ganglioside-server
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup runs on the main loop and never blocks on the database: each API
 * request is paused, handed to a worker thread with an immutable copy of
 * what it needs, and resumed from the main loop with the worker's answer.
 * Rate limits, timeouts, metrics and the WebSocket subscribers live on the
 * main thread only, so they need no locks.
 */

#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gw-auth.h"
#include "gw-metrics.h"
#include "gw-rate-limiter.h"
#include "gw-server.h"
#include "gw-server-json.h"

#define MAX_ITEMS_PER_PUSH   10000
#define DEFAULT_PULL_LIMIT   500
#define MAX_PULL_LIMIT       5000
#define HEALTH_CACHE_USEC    (500 * 1000)

struct _GwServer
{
  GwServerConfig *config;
  GwStorage      *storage;
  SoupServer     *soup;
  GMainLoop      *loop;
  GThreadPool    *workers;
  GThreadPool    *pinger;
  GwMetrics      *metrics;
  GwRateLimiter  *limiter;
  GwLoginLimiter *logins;         /* per client address and user name */
  GwLoginLimiter *logins_ip;      /* per client address, four times laxer */
  GHashTable     *tracked;       /* Tracked* set: every live request */
  GPtrArray      *ws_clients;    /* WsClient* */
  guint           timer_id;
  gboolean        draining;
  gint64          drain_deadline;
  int             exit_code;

  /* /health: the last database check, shared by concurrent requests */
  gint64          health_checked;
  gboolean        health_ok;
  gboolean        health_pending;
  GPtrArray      *health_waiters;  /* SoupServerMessage* */
};

/* Per-request state, attached to the message and freed with it. */
typedef struct
{
  GwServer          *server;
  SoupServerMessage *msg;      /* not a reference: the message owns us */
  gint64             started;
  gint64             headers_at;
  gint64             body_at;
  guint64            body_bytes;
  char              *client;
  char              *user;
  gboolean           finished;
} Tracked;

typedef struct
{
  GwServer                *server;
  SoupWebsocketConnection *conn;
  GwUser                  *user;
  GHashTable              *projects;  /* subscribed project ids */
} WsClient;

/* A unit of work for a worker thread. */
typedef enum { JOB_API, JOB_WS_SUBSCRIBE } JobKind;

typedef struct
{
  JobKind            kind;
  GwServer          *server;
  SoupServerMessage *msg;          /* a reference, for JOB_API */
  WsClient          *ws;           /* for JOB_WS_SUBSCRIBE; checked on return */

  /* Inputs, copied on the main thread */
  char              *method;
  char              *path;
  GHashTable        *query;
  char              *token;
  GBytes            *body;
  char              *content_range;
  char              *client;

  /* Outputs */
  guint              status;
  GBytes            *response;
  const char        *content_type;
  guint              retry_after;
  char              *user_name;
  char              *allow;
  char              *notify_project;
  gint64             notify_head;
  char              *login_user;   /* a login attempt for this name */
  gboolean           login_ok;
  gboolean           login_counted;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->msg);
  g_free (job->method);
  g_free (job->path);
  g_clear_pointer (&job->query, g_hash_table_unref);
  if (job->token)
    memset (job->token, 0, strlen (job->token));
  g_free (job->token);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->content_range);
  g_free (job->client);
  g_clear_pointer (&job->response, g_bytes_unref);
  g_free (job->user_name);
  g_free (job->allow);
  g_free (job->notify_project);
  g_free (job->login_user);
  g_free (job);
}

/* Responses */

static GBytes *
error_body (const char *code,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static void
job_error (Job        *job,
           guint       status,
           const char *code,
           const char *message)
{
  job->status = status;
  g_clear_pointer (&job->response, g_bytes_unref);
  job->response = error_body (code, message);
  job->content_type = "application/json";
}

static void
job_json (Job      *job,
          guint     status,
          JsonNode *node)
{
  char *text = json_to_string (node, FALSE);

  job->status = status;
  g_clear_pointer (&job->response, g_bytes_unref);
  job->response = g_bytes_new_take (text, strlen (text));
  job->content_type = "application/json";
}

static void
set_message_response (SoupServerMessage *msg,
                      guint              status,
                      const char        *content_type,
                      GBytes            *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL && content_type != NULL)
    {
      soup_message_headers_replace (headers, "Content-Type", content_type);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
    }
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  g_autoptr(GBytes) body = error_body (code, message);

  set_message_response (msg, status, "application/json", body);
}

/* Storage and database errors become HTTP errors here, and only here.
 * Details of internal failures go to the log, never to the client. */
static void
job_gerror (Job    *job,
            GError *error)
{
  if (error->domain == GW_STORAGE_ERROR)
    {
      switch (error->code)
        {
        case GW_STORAGE_ERROR_NOT_FOUND:
          job_error (job, 404, "not_found", error->message);
          return;
        case GW_STORAGE_ERROR_UUID_CONFLICT:
          job_error (job, 409, "uuid_conflict", error->message);
          return;
        case GW_STORAGE_ERROR_MISSING_BLOB:
          job_error (job, 409, "missing_blob", error->message);
          return;
        case GW_STORAGE_ERROR_OFFSET_MISMATCH:
          job_error (job, 409, "offset_mismatch", error->message);
          return;
        case GW_STORAGE_ERROR_DIGEST_MISMATCH:
          job_error (job, 422, "digest_mismatch", error->message);
          return;
        case GW_STORAGE_ERROR_CONFLICT:
        case GW_STORAGE_ERROR_INVALID:
        default:
          job_error (job, 409, "conflict", error->message);
          return;
        }
    }

  if (g_error_matches (error, GW_DB_ERROR, GW_DB_ERROR_UNAVAILABLE) ||
      g_error_matches (error, GW_DB_ERROR, GW_DB_ERROR_BUSY))
    {
      g_warning ("database unavailable: %s", error->message);
      job_error (job, 503, "unavailable", "the database is unavailable; try again later");
      job->retry_after = 5;
      return;
    }

  g_warning ("internal error on %s %s: %s", job->method, job->path, error->message);
  job_error (job, 500, "internal", "internal server error");
}

/* Answers 200 with @reply, or with @error when a storage call gave no
 * reply. */
static void
job_reply (Job      *job,
           JsonNode *reply,
           GError   *error)
{
  if (reply == NULL)
    job_gerror (job, error);
  else
    job_json (job, 200, reply);
}

/* Request validation helpers */

static JsonNode *
parse_body (Job *job)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = job->body ? g_bytes_get_data (job->body, &len) : NULL;
  JsonNode *root;

  if (data == NULL || len == 0)
    {
      job_error (job, 400, "bad_json", "the request needs a JSON body");
      return NULL;
    }
  root = gw_server_json_parse (data, len, &error);
  /* A body of white space holds no value. */
  if (root == NULL && error == NULL)
    job_error (job, 400, "bad_json", "the request needs a JSON body");
  else if (root == NULL)
    {
      g_autofree char *message = g_strdup_printf ("the body is not valid JSON: %s", error->message);

      job_error (job, 400, "bad_json", message);
    }
  return root;
}

static gboolean
is_sha256 (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
is_kind (const char *s)
{
  gsize len = strlen (s);

  if (len == 0 || len > 64 || !g_ascii_islower (s[0]))
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/* Reads a string member; on a wrong type, sets a 400 naming the field. */
static gboolean
get_string (Job         *job,
            JsonObject  *obj,
            const char  *prefix,
            const char  *member,
            gboolean     required,
            const char **out)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        {
          g_autofree char *m = g_strdup_printf ("%s%s: required", prefix, member);
          job_error (job, 400, "invalid", m);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *m = g_strdup_printf ("%s%s: expected a string", prefix, member);
      job_error (job, 400, "invalid", m);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static GwItem *
parse_item (Job        *job,
            JsonNode   *node,
            guint       index,
            const char *project_id)
{
  g_autofree char *prefix = g_strdup_printf ("items[%u].", index);
  g_autoptr(GwItem) item = g_new0 (GwItem, 1);
  JsonObject *obj;
  JsonNode *payload, *blobs;
  const char *uuid, *kind, *created_at, *author, *project;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *m = g_strdup_printf ("items[%u]: expected an object", index);
      job_error (job, 400, "invalid", m);
      return NULL;
    }
  obj = json_node_get_object (node);

  if (!get_string (job, obj, prefix, "uuid", TRUE, &uuid) ||
      !get_string (job, obj, prefix, "kind", TRUE, &kind) ||
      !get_string (job, obj, prefix, "created_at", TRUE, &created_at) ||
      !get_string (job, obj, prefix, "author", TRUE, &author) ||
      !get_string (job, obj, prefix, "project", FALSE, &project))
    return NULL;

  if (!g_uuid_string_is_valid (uuid))
    {
      g_autofree char *m = g_strdup_printf ("%suuid: “%s” is not a UUID", prefix, uuid);
      job_error (job, 400, "invalid", m);
      return NULL;
    }
  if (!is_kind (kind))
    {
      g_autofree char *m = g_strdup_printf ("%skind: expected 1–64 characters a–z, 0–9, _ . -", prefix);
      job_error (job, 400, "invalid", m);
      return NULL;
    }
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (created_at, NULL);

    if (dt == NULL)
      {
        g_autofree char *m = g_strdup_printf ("%screated_at: expected an ISO 8601 time with a zone", prefix);
        job_error (job, 400, "invalid", m);
        return NULL;
      }
  }
  if (strlen (author) > 256)
    {
      g_autofree char *m = g_strdup_printf ("%sauthor: longer than 256 bytes", prefix);
      job_error (job, 400, "invalid", m);
      return NULL;
    }
  if (project != NULL && g_ascii_strcasecmp (project, project_id) != 0)
    {
      g_autofree char *m = g_strdup_printf ("%sproject: the item belongs to another project", prefix);
      job_error (job, 400, "invalid", m);
      return NULL;
    }

  payload = json_object_get_member (obj, "payload");
  if (payload == NULL)
    {
      g_autofree char *m = g_strdup_printf ("%spayload: required", prefix);
      job_error (job, 400, "invalid", m);
      return NULL;
    }

  blobs = json_object_get_member (obj, "blobs");
  if (blobs != NULL && !JSON_NODE_HOLDS_NULL (blobs))
    {
      JsonArray *array;
      g_autoptr(GStrvBuilder) list = g_strv_builder_new ();

      if (!JSON_NODE_HOLDS_ARRAY (blobs))
        {
          g_autofree char *m = g_strdup_printf ("%sblobs: expected an array", prefix);
          job_error (job, 400, "invalid", m);
          return NULL;
        }
      array = json_node_get_array (blobs);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *b = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (b) || json_node_get_value_type (b) != G_TYPE_STRING ||
              !is_sha256 (json_node_get_string (b)))
            {
              g_autofree char *m = g_strdup_printf ("%sblobs[%u]: expected a SHA-256 in lowercase hex", prefix, i);
              job_error (job, 400, "invalid", m);
              return NULL;
            }
          g_strv_builder_add (list, json_node_get_string (b));
        }
      item->blobs = g_strv_builder_end (list);
      if (item->blobs[0] != NULL)
        item->blobs_json = json_to_string (blobs, FALSE);
    }

  item->uuid = g_ascii_strdown (uuid, -1);
  item->kind = g_strdup (kind);
  item->created_at = g_strdup (created_at);
  item->author = g_strdup (author);
  item->payload = json_to_string (payload, FALSE);
  gw_item_compute_digest (item);
  return g_steal_pointer (&item);
}

/* API handlers, on worker threads */

static void
api_login (Job *job)
{
  g_autoptr(JsonNode) root = parse_body (job);
  g_autoptr(GwUser) user = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  const char *username, *password;
  JsonObject *obj;

  if (root == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      job_error (job, 400, "invalid", "expected an object with username and password");
      return;
    }
  obj = json_node_get_object (root);
  if (!get_string (job, obj, "", "username", TRUE, &username) ||
      !get_string (job, obj, "", "password", TRUE, &password))
    return;

  job->login_user = g_strdup (username);
  if (!gw_storage_user_lookup (job->server->storage, username, &user, &hash, &error))
    {
      job_gerror (job, error);
      return;
    }

  job->login_counted = TRUE;
  if (user == NULL || user->disabled)
    {
      gw_auth_burn_time (password);
      job_error (job, 401, "invalid_credentials", "wrong user name or password");
      return;
    }
  if (!gw_auth_verify_password (hash, password))
    {
      job_error (job, 401, "invalid_credentials", "wrong user name or password");
      return;
    }

  {
    g_autofree char *token = gw_auth_new_token ();
    g_autofree char *token_hash = gw_auth_token_hash (token);
    gint64 expires = g_get_real_time () + (gint64) job->server->config->token_lifetime * G_USEC_PER_SEC;
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (expires / G_USEC_PER_SEC);
    g_autofree char *expires_text = g_date_time_format_iso8601 (dt);
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) reply = NULL;

    if (!gw_storage_session_create (job->server->storage, token_hash, user->id, expires, &error))
      {
        job_gerror (job, error);
        return;
      }

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "token");
    json_builder_add_string_value (builder, token);
    json_builder_set_member_name (builder, "token_type");
    json_builder_add_string_value (builder, "Bearer");
    json_builder_set_member_name (builder, "expires_at");
    json_builder_add_string_value (builder, expires_text);
    json_builder_set_member_name (builder, "user");
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "name");
    json_builder_add_string_value (builder, user->name);
    json_builder_set_member_name (builder, "admin");
    json_builder_add_boolean_value (builder, user->admin);
    json_builder_end_object (builder);
    json_builder_end_object (builder);
    reply = json_builder_get_root (builder);
    job_json (job, 201, reply);
    job->login_ok = TRUE;
    job->user_name = g_strdup (user->name);
    memset (token, 0, strlen (token));
  }
}

static gboolean
method_is (Job        *job,
           const char *allowed)
{
  g_auto(GStrv) list = g_strsplit (allowed, ", ", -1);

  if (g_strv_contains ((const char * const *) list, job->method))
    return TRUE;
  job_error (job, 405, "method_not_allowed", "this method is not allowed here");
  job->allow = g_strdup (allowed);
  return FALSE;
}

/* Looks up the project and the caller's rights.  A project the caller
 * cannot see is "not found", the same as one that does not exist. */
static gboolean
require_access (Job          *job,
                const GwUser *user,
                const char   *project_id,
                GwAccess      needed)
{
  g_autoptr(GError) error = NULL;
  GwAccess access = gw_storage_project_access (job->server->storage, user, project_id, &error);

  if (error != NULL)
    {
      job_gerror (job, error);
      return FALSE;
    }
  if (access == GW_ACCESS_NONE)
    {
      job_error (job, 404, "not_found", "no such project");
      return FALSE;
    }
  if (access < needed)
    {
      job_error (job, 403, "forbidden",
                 needed == GW_ACCESS_OWNER ? "only the project's owner may do this"
                                           : "you have read-only access to this project");
      return FALSE;
    }
  return TRUE;
}

static void
api_items_push (Job          *job,
                const GwUser *user,
                const char   *project_id)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_item_free);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *list;
  JsonArray *array;
  gint64 head = 0;
  gboolean changed = FALSE;

  if (!require_access (job, user, project_id, GW_ACCESS_WRITE))
    return;
  root = parse_body (job);
  if (root == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "items")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      job_error (job, 400, "invalid", "items: expected an array");
      return;
    }
  array = json_node_get_array (list);
  if (json_array_get_length (array) > MAX_ITEMS_PER_PUSH)
    {
      job_error (job, 400, "invalid", "items: at most 10000 items per push");
      return;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      GwItem *item = parse_item (job, json_array_get_element (array, i), i, project_id);

      if (item == NULL)
        return;
      g_ptr_array_add (items, item);
    }

  reply = gw_storage_items_push (job->server->storage, user, project_id, items, &head, &changed, &error);
  if (reply == NULL)
    {
      job_gerror (job, error);
      return;
    }
  job_json (job, 200, reply);
  if (changed)
    {
      job->notify_project = g_strdup (project_id);
      job->notify_head = head;
    }
}

static gboolean
query_int (Job        *job,
           const char *name,
           gint64      min,
           gint64      max,
           gint64      fallback,
           gint64     *out)
{
  const char *text = job->query ? g_hash_table_lookup (job->query, name) : NULL;
  guint64 value;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      g_autofree char *m = g_strdup_printf ("%s: expected a whole number from %" G_GINT64_FORMAT
                                            " to %" G_GINT64_FORMAT, name, min, max);
      job_error (job, 400, "invalid", m);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static void
api_items_pull (Job          *job,
                const GwUser *user,
                const char   *project_id)
{
  g_autoptr(GError) error = NULL;
  GString *text;
  gint64 since, limit;

  if (!require_access (job, user, project_id, GW_ACCESS_READ))
    return;
  if (!query_int (job, "since", 0, G_MAXINT64, 0, &since) ||
      !query_int (job, "limit", 1, MAX_PULL_LIMIT, DEFAULT_PULL_LIMIT, &limit))
    return;

  text = gw_storage_items_pull (job->server->storage, project_id, since, limit, &error);
  if (text == NULL)
    {
      job_gerror (job, error);
      return;
    }
  job->status = 200;
  job->content_type = "application/json";
  job->response = g_string_free_to_bytes (text);
}

static JsonNode *
blob_status_node (const char         *sha256,
                  const GwBlobStatus *st)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, st->size);
  json_builder_set_member_name (builder, "received");
  json_builder_add_int_value (builder, st->received);
  json_builder_set_member_name (builder, "complete");
  json_builder_add_boolean_value (builder, st->complete);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
parse_content_range (const char *text,
                     gint64     *first,
                     gint64     *last,
                     gint64     *total)
{
  guint64 a, b, t;
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) range = NULL;

  if (text == NULL || !g_str_has_prefix (text, "bytes "))
    return FALSE;
  parts = g_strsplit (text + 6, "/", 2);
  if (g_strv_length (parts) != 2)
    return FALSE;
  range = g_strsplit (parts[0], "-", 2);
  if (g_strv_length (range) != 2 ||
      !g_ascii_string_to_unsigned (range[0], 10, 0, G_MAXINT64, &a, NULL) ||
      !g_ascii_string_to_unsigned (range[1], 10, 0, G_MAXINT64, &b, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT64, &t, NULL) ||
      b < a || b >= t)
    return FALSE;
  *first = a;
  *last = b;
  *total = t;
  return TRUE;
}

static void
api_blob_put (Job          *job,
              const GwUser *user,
              const char   *project_id,
              const char   *sha256)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  GwBlobStatus st;
  gsize len = job->body ? g_bytes_get_size (job->body) : 0;
  gint64 first = 0, last = 0, total = len;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

  if (!require_access (job, user, project_id, GW_ACCESS_WRITE))
    return;

  if (job->content_range != NULL)
    {
      if (!parse_content_range (job->content_range, &first, &last, &total) ||
          (gint64) len != last - first + 1)
        {
          job_error (job, 400, "invalid",
                     "Content-Range: expected “bytes FIRST-LAST/TOTAL” matching the body's length");
          return;
        }
    }

  if (!gw_storage_blob_put (job->server->storage, project_id, sha256, first, total,
                            job->body ? job->body : empty, &st, &error))
    {
      if (g_error_matches (error, GW_STORAGE_ERROR, GW_STORAGE_ERROR_OFFSET_MISMATCH))
        {
          /* The error carries how much the server holds, so the client can
           * resume without another request. */
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) node = NULL;
          GwBlobStatus now;

          memset (&now, 0, sizeof now);
          gw_storage_blob_status (job->server->storage, project_id, sha256, &now, NULL);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "error");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, "offset_mismatch");
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, error->message);
          json_builder_set_member_name (builder, "received");
          json_builder_add_int_value (builder, now.received);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
          node = json_builder_get_root (builder);
          job_json (job, 409, node);
          return;
        }
      job_gerror (job, error);
      return;
    }

  reply = blob_status_node (sha256, &st);
  job_json (job, st.complete ? 201 : 202, reply);
}

static void
api_blob_get (Job          *job,
              const GwUser *user,
              const char   *project_id,
              const char   *sha256,
              gboolean      status_only)
{
  g_autoptr(GError) error = NULL;

  if (!require_access (job, user, project_id, GW_ACCESS_READ))
    return;

  if (status_only)
    {
      GwBlobStatus st;
      g_autoptr(JsonNode) reply = NULL;

      if (!gw_storage_blob_status (job->server->storage, project_id, sha256, &st, &error))
        {
          job_gerror (job, error);
          return;
        }
      reply = blob_status_node (sha256, &st);
      job_json (job, 200, reply);
      return;
    }

  job->response = gw_storage_blob_read (job->server->storage, project_id, sha256, &error);
  if (job->response == NULL)
    {
      job_gerror (job, error);
      return;
    }
  job->status = 200;
  job->content_type = "application/octet-stream";
}

static void
api_share (Job          *job,
           const GwUser *user,
           const char   *project_id,
           const char   *team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *access = NULL;

  if (!method_is (job, "PUT, DELETE") ||
      !require_access (job, user, project_id, GW_ACCESS_OWNER))
    return;

  if (g_str_equal (job->method, "PUT"))
    {
      root = parse_body (job);
      if (root == NULL)
        return;
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          job_error (job, 400, "invalid", "expected an object with access");
          return;
        }
      if (!get_string (job, json_node_get_object (root), "", "access", TRUE, &access))
        return;
      if (!g_str_equal (access, "read") && !g_str_equal (access, "write"))
        {
          job_error (job, 400, "invalid", "access: expected “read” or “write”");
          return;
        }
    }

  if (!gw_storage_share_set (job->server->storage, project_id, team, access, &error))
    {
      job_gerror (job, error);
      return;
    }
  if (access == NULL)
    {
      job->status = 204;
      return;
    }
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) reply = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "project");
    json_builder_add_string_value (builder, project_id);
    json_builder_set_member_name (builder, "team");
    json_builder_add_string_value (builder, team);
    json_builder_set_member_name (builder, "access");
    json_builder_add_string_value (builder, access);
    json_builder_end_object (builder);
    reply = json_builder_get_root (builder);
    job_json (job, 200, reply);
  }
}

static void
api_project_create (Job          *job,
                    const GwUser *user)
{
  g_autoptr(JsonNode) root = parse_body (job);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *given_id, *name;
  gboolean created = FALSE;

  if (root == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      job_error (job, 400, "invalid", "expected an object with name");
      return;
    }
  if (!get_string (job, json_node_get_object (root), "", "name", TRUE, &name) ||
      !get_string (job, json_node_get_object (root), "", "id", FALSE, &given_id))
    return;
  if (*name == '\0' || strlen (name) > 200)
    {
      job_error (job, 400, "invalid", "name: expected 1 to 200 bytes");
      return;
    }
  if (given_id != NULL && !g_uuid_string_is_valid (given_id))
    {
      job_error (job, 400, "invalid", "id: expected a UUID");
      return;
    }
  id = given_id ? g_ascii_strdown (given_id, -1) : g_uuid_string_random ();

  reply = gw_storage_project_create (job->server->storage, user, id, name, &created, &error);
  if (reply == NULL)
    {
      job_gerror (job, error);
      return;
    }
  job_json (job, created ? 201 : 200, reply);
}

static void
api_dispatch (Job *job)
{
  g_autoptr(GwUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  guint n;
  const char *rest = job->path + strlen ("/api/v1/");

  parts = g_strsplit (rest, "/", -1);
  n = g_strv_length (parts);
  /* A trailing slash is the same route. */
  if (n > 0 && *parts[n - 1] == '\0')
    {
      g_free (parts[n - 1]);
      parts[--n] = NULL;
    }

  if (n == 1 && g_str_equal (parts[0], "session") && g_str_equal (job->method, "POST"))
    {
      api_login (job);
      return;
    }

  if (job->token == NULL)
    {
      job_error (job, 401, "unauthorized", "this needs a bearer token from POST /api/v1/session");
      return;
    }
  {
    g_autofree char *hash = gw_auth_token_hash (job->token);

    user = gw_storage_session_lookup (job->server->storage, hash, &error);
  }
  if (error != NULL)
    {
      job_gerror (job, error);
      return;
    }
  if (user == NULL)
    {
      job_error (job, 401, "unauthorized", "the token is invalid, expired or revoked");
      return;
    }
  job->user_name = g_strdup (user->name);

  if (n == 1 && g_str_equal (parts[0], "session"))
    {
      if (!method_is (job, "GET, POST, DELETE"))
        return;
      if (g_str_equal (job->method, "DELETE"))
        {
          g_autofree char *hash = gw_auth_token_hash (job->token);

          if (!gw_storage_session_revoke (job->server->storage, hash, &error))
            job_gerror (job, error);
          else
            job->status = 204;
          return;
        }
      else
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) reply = NULL;
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (user->expires_at / G_USEC_PER_SEC);
          g_autofree char *expires = g_date_time_format_iso8601 (dt);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "user");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, user->name);
          json_builder_set_member_name (builder, "admin");
          json_builder_add_boolean_value (builder, user->admin);
          json_builder_end_object (builder);
          json_builder_set_member_name (builder, "expires_at");
          json_builder_add_string_value (builder, expires);
          json_builder_end_object (builder);
          reply = json_builder_get_root (builder);
          job_json (job, 200, reply);
          return;
        }
    }

  if (n == 1 && g_str_equal (parts[0], "teams"))
    {
      g_autoptr(JsonNode) reply = NULL;

      if (!method_is (job, "GET"))
        return;
      reply = gw_storage_team_list (job->server->storage, user, &error);
      job_reply (job, reply, error);
      return;
    }

  if (n >= 1 && g_str_equal (parts[0], "projects"))
    {
      const char *project_id = n >= 2 ? parts[1] : NULL;

      if (n == 1)
        {
          g_autoptr(JsonNode) reply = NULL;

          if (!method_is (job, "GET, POST"))
            return;
          if (g_str_equal (job->method, "POST"))
            {
              api_project_create (job, user);
              return;
            }
          reply = gw_storage_project_list (job->server->storage, user, &error);
          job_reply (job, reply, error);
          return;
        }

      if (!g_uuid_string_is_valid (project_id))
        {
          job_error (job, 404, "not_found", "no such project");
          return;
        }
      {
        /* Ids are stored in lowercase. */
        g_autofree char *lower = g_ascii_strdown (project_id, -1);
        g_free (parts[1]);
        parts[1] = g_steal_pointer (&lower);
        project_id = parts[1];
      }

      if (n == 2)
        {
          g_autoptr(JsonNode) reply = NULL;

          if (!method_is (job, "GET"))
            return;
          reply = gw_storage_project_get (job->server->storage, user, project_id, &error);
          job_reply (job, reply, error);
          return;
        }

      if (n == 3 && g_str_equal (parts[2], "items"))
        {
          if (!method_is (job, "GET, POST"))
            return;
          if (g_str_equal (job->method, "POST"))
            api_items_push (job, user, project_id);
          else
            api_items_pull (job, user, project_id);
          return;
        }

      if (n == 4 && g_str_equal (parts[2], "shares"))
        {
          api_share (job, user, project_id, parts[3]);
          return;
        }

      if ((n == 4 || n == 5) && g_str_equal (parts[2], "blobs"))
        {
          if (!is_sha256 (parts[3]))
            {
              job_error (job, 404, "not_found", "a blob is named by its SHA-256 in lowercase hex");
              return;
            }
          if (n == 5)
            {
              if (!g_str_equal (parts[4], "status"))
                {
                  job_error (job, 404, "not_found", "no such route");
                  return;
                }
              if (method_is (job, "GET"))
                api_blob_get (job, user, project_id, parts[3], TRUE);
              return;
            }
          if (!method_is (job, "GET, PUT"))
            return;
          if (g_str_equal (job->method, "PUT"))
            api_blob_put (job, user, project_id, parts[3]);
          else
            api_blob_get (job, user, project_id, parts[3], FALSE);
          return;
        }
    }

  job_error (job, 404, "not_found", "no such route");
}

static void
ws_subscribe_job (Job *job)
{
  g_autoptr(GError) error = NULL;
  GwAccess access;

  access = gw_storage_project_access (job->server->storage, job->ws->user, job->path, &error);
  if (error != NULL)
    job_gerror (job, error);
  else if (access == GW_ACCESS_NONE)
    job_error (job, 404, "not_found", "no such project");
  else
    job->status = 200;
}

/* Main-thread side */

static Tracked *
tracked_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "gw-tracked");
}

static void ws_notify (GwServer   *self,
                       const char *project_id,
                       gint64      head);
static void ws_client_send (WsClient   *client,
                            const char *text);
static void request_done   (GwServer          *self,
                            SoupServerMessage *msg,
                            gboolean           aborted);

static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  GwServer *self = job->server;

  if (job->kind == JOB_WS_SUBSCRIBE)
    {
      WsClient *client = job->ws;

      /* The client may have gone while the worker ran. */
      if (g_ptr_array_find (self->ws_clients, client, NULL) &&
          soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        {
          g_autofree char *text = NULL;

          if (job->status == 200)
            {
              g_hash_table_add (client->projects, g_strdup (job->path));
              text = g_strdup_printf ("{\"type\":\"subscribed\",\"project\":\"%s\"}", job->path);
            }
          else
            text = g_strdup_printf ("{\"type\":\"error\",\"project\":\"%s\",\"code\":\"%s\"}",
                                    job->path, job->status == 404 ? "not_found" : "unavailable");
          ws_client_send (client, text);
        }
      job_free (job);
      return G_SOURCE_REMOVE;
    }

  {
    SoupServerMessage *msg = job->msg;
    Tracked *t = tracked_get (msg);
    SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

    if (t != NULL && job->user_name != NULL)
      {
        g_free (t->user);
        t->user = g_strdup (job->user_name);
      }

    if (job->login_user != NULL && job->login_counted)
      {
        g_autofree char *key = g_strdup_printf ("user:%s:%s", job->client, job->login_user);
        g_autofree char *ip_key = g_strdup_printf ("ip:%s", job->client);

        if (job->login_ok)
          gw_login_limiter_reset (self->logins, key);
        else
          {
            g_message ("failed login for user “%s” from %s", job->login_user, job->client);
            gw_metrics_count (self->metrics, "gw_login_failures_total");
            gw_login_limiter_failed (self->logins, key);
            gw_login_limiter_failed (self->logins_ip, ip_key);
          }
      }

    if (job->retry_after > 0)
      {
        g_autofree char *s = g_strdup_printf ("%u", job->retry_after);
        soup_message_headers_replace (headers, "Retry-After", s);
      }
    if (job->allow != NULL)
      soup_message_headers_replace (headers, "Allow", job->allow);
    if (job->status == 401)
      soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"ganglioside\"");

    set_message_response (msg, job->status ? job->status : 500, job->content_type, job->response);
    soup_server_message_unpause (msg);

    if (job->notify_project != NULL)
      ws_notify (self, job->notify_project, job->notify_head);
  }

  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
worker_cb (gpointer data,
           gpointer user_data)
{
  Job *job = data;

  if (job->kind == JOB_WS_SUBSCRIBE)
    ws_subscribe_job (job);
  else
    api_dispatch (job);
  g_main_context_invoke (NULL, job_done_cb, job);
}

/* /health */

typedef struct
{
  GwServer *server;
  gboolean  ok;
} Ping;

static void
health_reply (GwServer          *self,
              SoupServerMessage *msg)
{
  g_autofree char *body = g_strdup_printf ("{\"status\":\"%s\",\"version\":\"%s\",\"database\":\"%s\"}",
                                           self->health_ok ? "ok" : "unavailable", PACKAGE_VERSION,
                                           self->health_ok ? "ok" : "unavailable");
  gsize len = strlen (body);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), len);

  set_message_response (msg, self->health_ok ? 200 : 503, "application/json", bytes);
}

static gboolean
ping_done_cb (gpointer data)
{
  Ping *ping = data;
  GwServer *self = ping->server;

  if (self->health_ok != ping->ok)
    {
      if (ping->ok)
        g_message ("database reachable again");
      else
        g_warning ("database unavailable");
    }
  self->health_ok = ping->ok;
  self->health_checked = g_get_monotonic_time ();
  self->health_pending = FALSE;

  for (guint i = 0; i < self->health_waiters->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (self->health_waiters, i);

      health_reply (self, msg);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_set_size (self->health_waiters, 0);
  g_free (ping);
  return G_SOURCE_REMOVE;
}

static void
pinger_cb (gpointer data,
           gpointer user_data)
{
  Ping *ping = data;
  g_autoptr(GError) error = NULL;

  ping->ok = gw_storage_ping (ping->server->storage, &error);
  if (!ping->ok)
    g_debug ("health check: %s", error->message);
  g_main_context_invoke (NULL, ping_done_cb, ping);
}

/* The database state is checked at most every half second however many
 * clients ask, so /health stays cheap under a load balancer's probes. */
static void
handle_health (GwServer          *self,
               SoupServerMessage *msg)
{
  if (self->health_checked != 0 && !self->health_pending &&
      g_get_monotonic_time () - self->health_checked < HEALTH_CACHE_USEC)
    {
      health_reply (self, msg);
      return;
    }

  soup_server_message_pause (msg);
  g_ptr_array_add (self->health_waiters, g_object_ref (msg));
  if (!self->health_pending)
    {
      Ping *ping = g_new0 (Ping, 1);

      ping->server = self;
      self->health_pending = TRUE;
      g_thread_pool_push (self->pinger, ping, NULL);
    }
}

static void
handle_metrics (GwServer          *self,
                SoupServerMessage *msg)
{
  g_autofree char *text = NULL;
  g_autoptr(GBytes) body = NULL;
  guint in_flight = 0;
  gsize len;
  GHashTableIter iter;
  Tracked *t;

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, (gpointer *) &t, NULL))
    if (t->headers_at != 0 && !t->finished)
      in_flight++;

  gw_metrics_set_gauge (self->metrics, "gw_http_open_connections", g_hash_table_size (self->tracked));
  gw_metrics_set_gauge (self->metrics, "gw_http_requests_in_flight", in_flight);
  gw_metrics_set_gauge (self->metrics, "gw_websocket_clients", self->ws_clients->len);
  gw_metrics_set_gauge (self->metrics, "gw_worker_queue_length", g_thread_pool_unprocessed (self->workers));
  gw_metrics_set_gauge (self->metrics, "gw_database_up", self->health_ok ? 1 : 0);
  text = gw_metrics_render (self->metrics);
  len = strlen (text);
  body = g_bytes_new_take (g_steal_pointer (&text), len);
  set_message_response (msg, 200, "text/plain; version=0.0.4; charset=utf-8", body);
}

static char *
bearer_token (SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    return NULL;
  auth += 7;
  while (*auth == ' ')
    auth++;
  return *auth ? g_strdup (auth) : NULL;
}

static void
login_precheck_and_dispatch (GwServer          *self,
                             SoupServerMessage *msg,
                             Job               *job)
{
  g_autoptr(JsonNode) root = NULL;
  const char *username = NULL;
  guint retry = 0;
  gsize len = 0;
  const char *data = job->body ? g_bytes_get_data (job->body, &len) : NULL;
  g_autofree char *ip_key = g_strdup_printf ("ip:%s", job->client);

  /* The user name is needed before the slow password check, to refuse a
   * locked-out client without spending a worker on it. */
  if (data != NULL)
    root = gw_server_json_parse (data, len, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    username = json_object_get_string_member_with_default (json_node_get_object (root), "username", NULL);
  if (username != NULL)
    {
      g_autofree char *key = g_strdup_printf ("user:%s:%s", job->client, username);

      if (!gw_login_limiter_check (self->logins, key, &retry) ||
          !gw_login_limiter_check (self->logins_ip, ip_key, &retry))
        {
          g_autofree char *s = g_strdup_printf ("%u", retry);

          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", s);
          reply_error (msg, 429, "too_many_login_failures",
                       "too many failed logins; wait before trying again");
          job_free (job);
          return;
        }
    }

  soup_server_message_pause (msg);
  g_thread_pool_push (self->workers, job, NULL);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  GwServer *self = user_data;
  Tracked *t = tracked_get (msg);
  const char *method = soup_server_message_get_method (msg);
  Job *job;

  if (g_str_equal (path, "/health"))
    {
      if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
        reply_error (msg, 405, "method_not_allowed", "use GET");
      else
        handle_health (self, msg);
      return;
    }
  if (g_str_equal (path, "/metrics"))
    {
      if (method != SOUP_METHOD_GET)
        reply_error (msg, 405, "method_not_allowed", "use GET");
      else
        handle_metrics (self, msg);
      return;
    }
  if (!g_str_has_prefix (path, "/api/v1/"))
    {
      reply_error (msg, 404, "not_found", "no such route");
      return;
    }

  job = g_new0 (Job, 1);
  job->kind = JOB_API;
  job->server = self;
  job->msg = g_object_ref (msg);
  job->method = g_strdup (method);
  job->path = g_strdup (path);
  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer k, v;

      job->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &k, &v))
        g_hash_table_insert (job->query, g_strdup (k), g_strdup (v));
    }
  job->token = bearer_token (msg);
  job->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  job->content_range = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                               "Content-Range"));
  job->client = g_strdup (t ? t->client : "unknown");

  if (g_str_equal (path, "/api/v1/session") && method == SOUP_METHOD_POST)
    {
      login_precheck_and_dispatch (self, msg, job);
      return;
    }

  soup_server_message_pause (msg);
  g_thread_pool_push (self->workers, job, NULL);
}

/* WebSocket */

static void
ws_client_free (WsClient *client)
{
  g_clear_object (&client->conn);
  gw_user_free (client->user);
  g_hash_table_unref (client->projects);
  g_free (client);
}

static void
ws_client_send (WsClient   *client,
                const char *text)
{
  if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (client->conn, text);
}

static void
ws_notify (GwServer   *self,
           const char *project_id,
           gint64      head)
{
  g_autofree char *text = g_strdup_printf ("{\"type\":\"changed\",\"project\":\"%s\",\"head\":%" G_GINT64_FORMAT "}",
                                           project_id, head);

  for (guint i = 0; i < self->ws_clients->len; i++)
    {
      WsClient *client = g_ptr_array_index (self->ws_clients, i);

      if (g_hash_table_contains (client->projects, project_id))
        ws_client_send (client, text);
    }
}

static void
ws_message_cb (SoupWebsocketConnection *conn,
               gint                     type,
               GBytes                  *message,
               gpointer                 user_data)
{
  WsClient *client = user_data;
  g_autoptr(JsonNode) root = NULL;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  const char *kind = NULL, *project = NULL;
  JsonObject *obj;
  Job *job;

  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    root = gw_server_json_parse (data, len, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ws_client_send (client, "{\"type\":\"error\",\"code\":\"bad_json\"}");
      return;
    }
  obj = json_node_get_object (root);
  kind = json_object_get_string_member_with_default (obj, "type", "");
  project = json_object_get_string_member_with_default (obj, "project", NULL);

  if (project == NULL || !g_uuid_string_is_valid (project) ||
      (!g_str_equal (kind, "subscribe") && !g_str_equal (kind, "unsubscribe")))
    {
      ws_client_send (client, "{\"type\":\"error\",\"code\":\"invalid\"}");
      return;
    }

  if (g_str_equal (kind, "unsubscribe"))
    {
      g_autofree char *lower = g_ascii_strdown (project, -1);
      g_hash_table_remove (client->projects, lower);
      return;
    }

  job = g_new0 (Job, 1);
  job->kind = JOB_WS_SUBSCRIBE;
  job->server = client->server;
  job->ws = client;
  job->path = g_ascii_strdown (project, -1);
  g_thread_pool_push (client->server->workers, job, NULL);
}

static void
ws_closed_cb (SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  WsClient *client = user_data;
  GwServer *self = client->server;

  g_signal_handlers_disconnect_by_data (conn, client);
  /* Freed from an idle: the connection is still emitting "closed". */
  if (g_ptr_array_remove (self->ws_clients, client))
    g_idle_add_once ((GSourceOnceFunc) ws_client_free, client);
}

static void
ws_open_cb (SoupServer              *server,
            SoupServerMessage       *msg,
            const char              *path,
            SoupWebsocketConnection *conn,
            gpointer                 user_data)
{
  GwServer *self = user_data;
  WsClient *client;
  GwUser *user = g_object_get_data (G_OBJECT (msg), "gw-ws-user");

  /* The connection is stolen from libsoup, which will not report the
   * request finished: do it here. */
  request_done (self, msg, FALSE);

  if (user == NULL || self->draining)
    {
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }

  client = g_new0 (WsClient, 1);
  client->server = self;
  client->conn = g_object_ref (conn);
  client->user = gw_user_copy (user);
  client->projects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  soup_websocket_connection_set_keepalive_interval (conn, 30);
  g_signal_connect (conn, "message", G_CALLBACK (ws_message_cb), client);
  g_signal_connect (conn, "closed", G_CALLBACK (ws_closed_cb), client);
  g_ptr_array_add (self->ws_clients, client);
  g_message ("websocket opened by %s", user->name);
}

/* The handshake is authenticated before the upgrade.  This one lookup runs
 * on the main thread, because libsoup cannot pause a WebSocket handshake. */
static void
ws_handshake_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  GwServer *self = user_data;
  g_autofree char *token = bearer_token (msg);
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  GwUser *user;
  Tracked *t = tracked_get (msg);

  if (token == NULL)
    {
      reply_error (msg, 401, "unauthorized", "this needs a bearer token from POST /api/v1/session");
      return;
    }
  hash = gw_auth_token_hash (token);
  user = gw_storage_session_lookup (self->storage, hash, &error);
  if (error != NULL)
    {
      reply_error (msg, 503, "unavailable", "the database is unavailable; try again later");
      return;
    }
  if (user == NULL)
    {
      reply_error (msg, 401, "unauthorized", "the token is invalid, expired or revoked");
      return;
    }
  if (t != NULL)
    {
      g_free (t->user);
      t->user = g_strdup (user->name);
    }
  g_object_set_data_full (G_OBJECT (msg), "gw-ws-user", user, (GDestroyNotify) gw_user_free);
}

/* Per-request bookkeeping: checks made as soon as the headers arrive,
 * the body limit, timeouts, the access log and metrics. */

static void
tracked_free (gpointer data)
{
  Tracked *t = data;

  g_hash_table_remove (t->server->tracked, t);
  g_free (t->client);
  g_free (t->user);
  g_free (t);
}

static void
reject_early (SoupServerMessage *msg,
              guint              status,
              const char        *code,
              const char        *message)
{
  /* The body, if any, is read and thrown away, and the connection then
   * closes: a client that ignores the answer gets nothing more. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  reply_error (msg, status, code, message);
}

static gboolean
host_allowed (GwServer   *self,
              const char *host)
{
  g_autofree char *name = NULL;
  char **allowed = self->config->allowed_hosts;

  if (allowed == NULL || allowed[0] == NULL)
    return TRUE;
  if (host == NULL)
    return FALSE;

  /* Strip the port: "name:8765", "[::1]:8765". */
  if (host[0] == '[')
    {
      const char *end = strchr (host, ']');
      name = end ? g_strndup (host + 1, end - host - 1) : g_strdup (host);
    }
  else
    {
      const char *colon = strchr (host, ':');
      name = colon && strchr (colon + 1, ':') == NULL ? g_strndup (host, colon - host) : g_strdup (host);
    }

  for (guint i = 0; allowed[i]; i++)
    if (g_str_equal (allowed[i], "*") || g_ascii_strcasecmp (allowed[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  Tracked *t = user_data;
  GwServer *self = t->server;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const char *path;
  guint retry = 0;

  t->headers_at = g_get_monotonic_time ();

  soup_message_headers_replace (resp, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (resp, "X-Frame-Options", "DENY");
  soup_message_headers_replace (resp, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (resp, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  soup_message_headers_replace (resp, "Cross-Origin-Resource-Policy", "same-origin");
  soup_message_headers_replace (resp, "Cache-Control", "no-store");
  if (self->config->tls_certificate != NULL)
    soup_message_headers_replace (resp, "Strict-Transport-Security", "max-age=31536000");

  /* libsoup already refused a malformed request. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  /* The client address, or the one a trusted proxy reports. */
  {
    const char *forwarded = soup_message_headers_get_one (req, "X-Forwarded-For");

    if (forwarded != NULL && self->config->trusted_proxies != NULL &&
        g_strv_contains ((const char * const *) self->config->trusted_proxies, t->client))
      {
        const char *last = strrchr (forwarded, ',');
        g_autofree char *addr = g_strstrip (g_strdup (last ? last + 1 : forwarded));

        if (*addr)
          {
            g_free (t->client);
            t->client = g_steal_pointer (&addr);
          }
      }
  }

  if (self->draining)
    {
      soup_message_headers_replace (resp, "Retry-After", "5");
      reject_early (msg, 503, "shutting_down", "the server is restarting; try again shortly");
      return;
    }

  if (!host_allowed (self, soup_message_headers_get_one (req, "Host")))
    {
      reject_early (msg, 400, "bad_host", "this server does not answer for that host name");
      return;
    }

  path = g_uri_get_path (soup_server_message_get_uri (msg));
  if (!g_str_equal (path, "/health") && !g_str_equal (path, "/metrics") &&
      !gw_rate_limiter_take (self->limiter, t->client, t->headers_at, &retry))
    {
      g_autofree char *s = g_strdup_printf ("%u", retry);

      soup_message_headers_replace (resp, "Retry-After", s);
      gw_metrics_count (self->metrics, "gw_rate_limited_total");
      reject_early (msg, 429, "rate_limited", "too many requests; slow down");
      return;
    }

  if (soup_message_headers_get_encoding (req) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (req) > self->config->max_body_size)
    {
      reject_early (msg, 413, "too_large", "the request body is larger than the server accepts");
      return;
    }
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  Tracked *t = user_data;

  t->body_bytes += g_bytes_get_size (chunk);
  /* A chunked body has no length up front; stop keeping it once it is
   * too large. */
  if (t->body_bytes > t->server->config->max_body_size &&
      soup_server_message_get_status (msg) == 0)
    {
      soup_message_body_truncate (soup_server_message_get_request_body (msg));
      reject_early (msg, 413, "too_large", "the request body is larger than the server accepts");
    }
}

static void
got_body_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  Tracked *t = user_data;

  t->body_at = g_get_monotonic_time ();
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  GwServer *self = user_data;
  Tracked *t = g_new0 (Tracked, 1);
  const char *host = soup_server_message_get_remote_host (msg);

  t->server = self;
  t->msg = msg;
  t->started = g_get_monotonic_time ();
  t->client = g_strdup (host ? host : "unknown");
  g_hash_table_add (self->tracked, t);
  g_object_set_data_full (G_OBJECT (msg), "gw-tracked", t, tracked_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), t);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), t);
  g_signal_connect (msg, "got-body", G_CALLBACK (got_body_cb), t);
}

static void
request_done (GwServer          *self,
              SoupServerMessage *msg,
              gboolean           aborted)
{
  Tracked *t = tracked_get (msg);
  guint status = soup_server_message_get_status (msg);
  double seconds;
  const char *method = soup_server_message_get_method (msg);
  GUri *uri = soup_server_message_get_uri (msg);

  if (t == NULL || t->finished)
    return;
  t->finished = TRUE;
  seconds = (g_get_monotonic_time () - (t->headers_at ? t->headers_at : t->started)) / (double) G_USEC_PER_SEC;
  gw_metrics_observe (self->metrics, method, aborted ? 0 : status, seconds);

  if (self->config->access_log)
    {
      const char *path = uri ? g_uri_get_path (uri) : "-";
      g_autofree char *status_text = g_strdup_printf ("%u", status);
      g_autofree char *ms = g_strdup_printf ("%.1f", seconds * 1000);
      g_autofree char *line = g_strdup_printf ("%s \"%s %s\" %u%s %.1fms user=%s",
                                               t->client, method ? method : "-", path, status,
                                               aborted ? " aborted" : "", seconds * 1000,
                                               t->user ? t->user : "-");
      /* Only the path: query strings are not logged, and tokens never
       * travel in URLs. */
      const GLogField fields[] = {
        { "MESSAGE", line, -1 },
        { "PRIORITY", "6", -1 },
        { "GLIB_DOMAIN", "gw-access", -1 },
        { "GW_CLIENT", t->client, -1 },
        { "GW_METHOD", method ? method : "-", -1 },
        { "GW_PATH", path, -1 },
        { "GW_STATUS", status_text, -1 },
        { "GW_DURATION_MS", ms, -1 },
        { "GW_USER", t->user ? t->user : "-", -1 },
      };

      g_log_structured_array (G_LOG_LEVEL_INFO, fields, G_N_ELEMENTS (fields));
    }
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  request_done (user_data, msg, FALSE);
}

static void
request_aborted_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  request_done (user_data, msg, TRUE);
}

static void
drop_connection (Tracked *t)
{
  GSocket *socket = soup_server_message_get_socket (t->msg);

  /* Shutting the socket down makes libsoup see the end of the stream and
   * clean the connection up itself. */
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

static gboolean
tick_cb (gpointer data)
{
  GwServer *self = data;
  gint64 now = g_get_monotonic_time ();
  gint64 header_limit = (gint64) self->config->header_timeout * G_USEC_PER_SEC;
  gint64 body_limit = (gint64) self->config->body_timeout * G_USEC_PER_SEC;
  g_autoptr(GPtrArray) slow = g_ptr_array_new ();
  GHashTableIter iter;
  Tracked *t;
  guint busy = 0;

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, (gpointer *) &t, NULL))
    {
      if (t->finished)
        continue;
      if (t->headers_at == 0)
        {
          /* Waiting for headers: a slow client, or an idle keep-alive
           * connection, which a draining server closes at once. */
          if (self->draining || now - t->started > header_limit)
            g_ptr_array_add (slow, t);
        }
      else if (t->body_at == 0)
        {
          busy++;
          if (now - t->headers_at > body_limit)
            g_ptr_array_add (slow, t);
        }
      else
        busy++;
    }

  for (guint i = 0; i < slow->len; i++)
    {
      t = g_ptr_array_index (slow, i);
      if (!self->draining)
        {
          g_message ("closing connection from %s: %s too slow", t->client,
                     t->headers_at == 0 ? "request headers" : "request body");
          gw_metrics_count (self->metrics, "gw_slow_clients_closed_total");
        }
      drop_connection (t);
    }

  if (self->draining && (busy == 0 || now > self->drain_deadline))
    {
      if (busy > 0)
        g_warning ("shutdown grace period over with %u requests unfinished", busy);
      g_main_loop_quit (self->loop);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
signal_cb (gpointer data)
{
  GwServer *self = data;

  if (self->draining)
    return G_SOURCE_CONTINUE;

  g_message ("shutting down: finishing in-flight requests (at most %u s)", self->config->shutdown_grace);
  self->draining = TRUE;
  self->drain_deadline = g_get_monotonic_time () + (gint64) self->config->shutdown_grace * G_USEC_PER_SEC;

  for (guint i = 0; i < self->ws_clients->len; i++)
    {
      WsClient *client = g_ptr_array_index (self->ws_clients, i);

      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "server restarting");
    }

  /* Check at once rather than at the next tick. */
  g_source_remove (self->timer_id);
  self->timer_id = g_timeout_add (100, tick_cb, self);
  tick_cb (self);
  return G_SOURCE_CONTINUE;
}

GwServer *
gw_server_new (GwServerConfig  *config,
               GwStorage       *storage,
               GError         **error)
{
  GwServer *self = g_new0 (GwServer, 1);

  self->config = config;
  self->storage = storage;
  self->soup = soup_server_new ("server-header", "ganglioside-server", NULL);
  self->metrics = gw_metrics_new ();
  self->limiter = gw_rate_limiter_new (config->rate_limit_per_second, config->rate_limit_burst);
  self->logins = gw_login_limiter_new (config->login_max_failures, config->login_window);
  self->logins_ip = gw_login_limiter_new (config->login_max_failures * 4, config->login_window);
  self->tracked = g_hash_table_new (NULL, NULL);
  self->ws_clients = g_ptr_array_new ();
  self->health_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->health_ok = TRUE;

  self->workers = g_thread_pool_new (worker_cb, self, config->workers, TRUE, error);
  if (self->workers == NULL)
    {
      gw_server_free (self);
      return NULL;
    }
  self->pinger = g_thread_pool_new (pinger_cb, self, 1, TRUE, error);
  if (self->pinger == NULL)
    {
      gw_server_free (self);
      return NULL;
    }

  if (config->tls_certificate != NULL)
    {
      g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (config->tls_certificate,
                                                                          config->tls_key, error);
      if (cert == NULL)
        {
          g_prefix_error (error, "TLS certificate %s: ", config->tls_certificate);
          gw_server_free (self);
          return NULL;
        }
      soup_server_set_tls_certificate (self->soup, cert);
    }

  soup_server_add_handler (self->soup, NULL, handle_cb, self, NULL);
  soup_server_add_handler (self->soup, "/api/v1/events", ws_handshake_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/api/v1/events", NULL, NULL, ws_open_cb, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_aborted_cb), self);

  return self;
}

gboolean
gw_server_listen (GwServer  *self,
                  GError   **error)
{
  g_autoptr(GInetAddress) addr = g_inet_address_new_from_string (self->config->listen_address);
  g_autoptr(GSocketAddress) sockaddr = NULL;
  GSList *uris;

  if (addr == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "[server] listen: “%s” is not an IP address", self->config->listen_address);
      return FALSE;
    }
  sockaddr = g_inet_socket_address_new (addr, self->config->port);
  if (!soup_server_listen (self->soup, sockaddr,
                           self->config->tls_certificate ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  for (GSList *l = uris; l; l = l->next)
    {
      g_autofree char *s = g_uri_to_string (l->data);
      g_message ("listening on %s (database: %s)", s,
                 gw_storage_get_dialect (self->storage) == GW_DB_DIALECT_POSTGRES ? "PostgreSQL" : "SQLite");
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

gboolean
gw_server_accept_iostream (GwServer        *self,
                           GIOStream       *stream,
                           GSocketAddress  *local_addr,
                           GSocketAddress  *remote_addr,
                           GError         **error)
{
  return soup_server_accept_iostream (self->soup, stream, local_addr, remote_addr, error);
}

int
gw_server_run (GwServer *self)
{
  guint term_id, int_id;

  self->loop = g_main_loop_new (NULL, FALSE);
  term_id = g_unix_signal_add (SIGTERM, signal_cb, self);
  int_id = g_unix_signal_add (SIGINT, signal_cb, self);
  self->timer_id = g_timeout_add_seconds (1, tick_cb, self);

  g_main_loop_run (self->loop);

  g_source_remove (term_id);
  g_source_remove (int_id);
  g_source_remove (self->timer_id);
  self->timer_id = 0;

  /* Every acknowledged write is committed.  Let workers finish what they
   * hold, deliver their answers, then close. */
  g_thread_pool_free (self->workers, FALSE, TRUE);
  self->workers = NULL;
  g_thread_pool_free (self->pinger, FALSE, TRUE);
  self->pinger = NULL;
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (self->soup);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_message ("stopped");
  return self->exit_code;
}

void
gw_server_free (GwServer *self)
{
  if (self == NULL)
    return;
  if (self->workers)
    g_thread_pool_free (self->workers, FALSE, TRUE);
  if (self->pinger)
    g_thread_pool_free (self->pinger, FALSE, TRUE);
  if (self->ws_clients != NULL)
    g_ptr_array_foreach (self->ws_clients, (GFunc) ws_client_free, NULL);
  g_clear_pointer (&self->ws_clients, g_ptr_array_unref);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  gw_metrics_free (self->metrics);
  gw_rate_limiter_free (self->limiter);
  gw_login_limiter_free (self->logins);
  gw_login_limiter_free (self->logins_ip);
  g_clear_pointer (&self->health_waiters, g_ptr_array_unref);
  g_hash_table_unref (self->tracked);
  g_free (self);
}
