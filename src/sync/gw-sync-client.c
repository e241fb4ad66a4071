/* gw-sync-client.c: the workstation side of the sync protocol
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-sync"

#include "config.h"

#include "gw-sync-client.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

/* Items per push request: far below the server's 10000, and small enough
 * that a retry after a cut connection resends little. */
#define PUSH_BATCH 200
/* Items per pull page (the server allows 1–5000). */
#define PULL_LIMIT 1000
#define DEFAULT_CHUNK_SIZE (8 * 1024 * 1024)
#define DEFAULT_TIMEOUT 60
#define RECONNECT_SECONDS 5
/* A rate-limited request (429) is sent again after the server's
 * Retry-After, at most this many times, and only when the wait asked
 * for is at most RETRY_WAIT_MAX seconds: a longer one is reported at
 * once, since the app syncs again later anyway. */
#define RETRY_MAX 3
#define RETRY_WAIT_MAX 30

struct _GwSyncClient
{
  GObject             parent_instance;

  char               *server_url;
  guint               chunk_size;
  guint               timeout;

  GMutex              lock;         /* token and statuses: workers read them */
  char               *token;
  GHashTable         *statuses;     /* project path → GwSyncStatus */

  GMainContext       *context;      /* where signals are emitted */

  /* Live updates, on the main context only. */
  SoupSession        *ws_session;
  SoupWebsocketConnection *ws;
  GCancellable       *ws_cancellable;
  GHashTable         *subscriptions; /* project id (lowercase) → TRUE */
  guint               reconnect_id;
  gboolean            ws_was_connected;
  gboolean            ws_connecting;
};

G_DEFINE_FINAL_TYPE (GwSyncClient, gw_sync_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_TOKEN,
  PROP_CHUNK_SIZE,
  PROP_TIMEOUT,
  PROP_EVENTS_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROJECT_CHANGED,
  STATUS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void ws_connect (GwSyncClient *self);

/* ------------------------------------------------------------------ */
/* Small types                                                         */

G_DEFINE_BOXED_TYPE (GwSyncStatus, gw_sync_status, gw_sync_status_copy, gw_sync_status_free)
G_DEFINE_BOXED_TYPE (GwSyncReport, gw_sync_report, gw_sync_report_copy, gw_sync_report_free)

const char *
gw_sync_state_to_string (GwSyncState state)
{
  switch (state)
    {
    case GW_SYNC_STATE_SYNCING: return "syncing";
    case GW_SYNC_STATE_SYNCED: return "synced";
    case GW_SYNC_STATE_WAITING: return "waiting";
    case GW_SYNC_STATE_OFFLINE: return "offline";
    case GW_SYNC_STATE_ERROR: return "error";
    case GW_SYNC_STATE_UNKNOWN:
    default: return "unknown";
    }
}

GwSyncStatus *
gw_sync_status_copy (const GwSyncStatus *status)
{
  GwSyncStatus *copy = g_memdup2 (status, sizeof *status);

  copy->message = g_strdup (status->message);
  return copy;
}

void
gw_sync_status_free (GwSyncStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->message);
  g_free (status);
}

static const char *const kind_names[GW_SYNC_N_KINDS] = {
  "metadata", "dataset", "run", "curation", "other",
};

const char *
gw_sync_kind_to_string (GwSyncKind kind)
{
  return kind < GW_SYNC_N_KINDS ? kind_names[kind] : "other";
}

static GwSyncKind
kind_from_string (const char *kind)
{
  for (guint i = 0; i < GW_SYNC_KIND_OTHER; i++)
    if (g_strcmp0 (kind, kind_names[i]) == 0)
      return i;
  return GW_SYNC_KIND_OTHER;
}

GwSyncReport *
gw_sync_report_copy (const GwSyncReport *report)
{
  GwSyncReport *copy = g_memdup2 (report, sizeof *report);

  copy->project_id = g_strdup (report->project_id);
  return copy;
}

void
gw_sync_report_free (GwSyncReport *report)
{
  if (report == NULL)
    return;
  g_free (report->project_id);
  g_free (report);
}

guint
gw_sync_report_total_pushed (const GwSyncReport *report)
{
  guint n = 0;

  for (guint i = 0; i < GW_SYNC_N_KINDS; i++)
    n += report->pushed[i];
  return n;
}

guint
gw_sync_report_total_pulled (const GwSyncReport *report)
{
  guint n = 0;

  for (guint i = 0; i < GW_SYNC_N_KINDS; i++)
    n += report->pulled[i];
  return n;
}

char *
gw_sync_normalize_url (const char  *url,
                       GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *path;
  g_autofree char *trimmed = NULL;

  if (url == NULL || *g_strstrip (text = g_strdup (url)) == '\0')
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID, _("No server address given"));
      return NULL;
    }
  if (strstr (text, "://") == NULL)
    {
      char *with_scheme = g_strconcat ("https://", text, NULL);
      g_free (text);
      text = with_scheme;
    }
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
                   _("“%s” is not a server address (expected e.g. https://lab.example.org)"), url);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
                   _("“%s”: the address must start with https:// or http://"), url);
      return NULL;
    }
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL || g_uri_get_user (uri) != NULL)
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
                   _("“%s”: a server address has no user, query or fragment"), url);
      return NULL;
    }
  path = g_uri_get_path (uri);
  trimmed = g_strdup (path ? path : "");
  while (*trimmed && trimmed[strlen (trimmed) - 1] == '/')
    trimmed[strlen (trimmed) - 1] = '\0';
  {
    g_autofree char *scheme_lower = g_ascii_strdown (scheme, -1);
    g_autofree char *host_lower = g_ascii_strdown (g_uri_get_host (uri), -1);
    gboolean ipv6 = strchr (host_lower, ':') != NULL;
    int port = g_uri_get_port (uri);

    if (port > 0)
      return g_strdup_printf ("%s://%s%s%s:%d%s", scheme_lower, ipv6 ? "[" : "", host_lower,
                              ipv6 ? "]" : "", port, trimmed);
    return g_strdup_printf ("%s://%s%s%s%s", scheme_lower, ipv6 ? "[" : "", host_lower,
                            ipv6 ? "]" : "", trimmed);
  }
}

/* ------------------------------------------------------------------ */
/* One worker's connection                                             */

typedef struct
{
  char         *base;
  char         *token;
  guint         chunk_size;
  guint         timeout;
  SoupSession  *session;     /* made and used on the worker thread */
  GCancellable *cancellable;
  guint         retry_after; /* the last 429's Retry-After, in seconds */
} Conn;

static void
conn_free (Conn *c)
{
  g_free (c->base);
  g_free (c->token);
  g_clear_object (&c->session);
  g_clear_object (&c->cancellable);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conn, conn_free)

static Conn *
conn_new (GwSyncClient *self,
          GCancellable *cancellable)
{
  Conn *c = g_new0 (Conn, 1);

  c->base = g_strdup (self->server_url);
  g_mutex_lock (&self->lock);
  c->token = g_strdup (self->token);
  g_mutex_unlock (&self->lock);
  c->chunk_size = self->chunk_size;
  c->timeout = self->timeout;
  c->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  return c;
}

static void
set_transport_error (Conn    *c,
                     GError  *cause,
                     GError **error)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (cause));
      return;
    }
  if (cause->domain == G_TLS_ERROR)
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_TLS,
                   _("The security certificate of %s is not trusted (%s). Check the server "
                     "address; if it is right, ask the server's administrator to fix the certificate."),
                   c->base, cause->message);
      return;
    }
  g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNREACHABLE,
               _("Could not reach the server %s: %s. Work continues locally; sync again when "
                 "the network is back."),
               c->base, cause->message);
}

/* Turns a non-2xx reply into a GError.  @what says what was attempted. */
static void
set_http_error (Conn        *c,
                guint        status,
                GBytes      *body,
                const char  *what,
                GError     **error)
{
  g_autoptr(GwSyncServerError) err = gw_sync_decode_server_error (body);
  const char *code = err ? err->code : "";
  const char *message = err ? err->message : soup_status_get_phrase (status);
  GwSyncError domain_code;
  g_autofree char *text = NULL;

  if (message == NULL)
    message = "";

  if (status == 401 && g_str_equal (code, "invalid_credentials"))
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_WRONG_PASSWORD,
                   _("Wrong user name or password for %s."), c->base);
      return;
    }
  if (status == 401)
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNAUTHORIZED,
                   _("You are not signed in to %s, or your session expired or was revoked. "
                     "Sign in again."), c->base);
      return;
    }

  if (status == 429)
    {
      guint wait = MAX (c->retry_after, 1);

      if (g_str_equal (code, "too_many_login_failures"))
        g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_RATE_LIMITED,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Too many failed sign-ins at %s. Wait %u second, then sign in again.",
                                  "Too many failed sign-ins at %s. Wait %u seconds, then sign in again.",
                                  wait),
                     c->base, wait);
      else
        g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_RATE_LIMITED,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s: the server %s is limiting requests and asks to wait %u second. "
                                  "Nothing is lost: sync again after that.",
                                  "%s: the server %s is limiting requests and asks to wait %u seconds. "
                                  "Nothing is lost: sync again after that.",
                                  wait),
                     what, c->base, wait);
      return;
    }

  switch (status)
    {
    case 403: domain_code = GW_SYNC_ERROR_FORBIDDEN; break;
    case 404: domain_code = GW_SYNC_ERROR_NOT_FOUND; break;
    case 409: domain_code = GW_SYNC_ERROR_CONFLICT; break;
    case 429: domain_code = GW_SYNC_ERROR_RATE_LIMITED; break;
    default:
      domain_code = status >= 500 ? GW_SYNC_ERROR_SERVER : GW_SYNC_ERROR_PROTOCOL;
      break;
    }
  text = g_strdup_printf (_("%s: the server %s answered %u %s"), what, c->base, status,
                          err ? message : (message[0] ? message : ""));
  if (err != NULL)
    {
      char *with_code = g_strdup_printf ("%s (%s)", text, code);
      g_free (text);
      text = with_code;
    }
  g_set_error_literal (error, GW_SYNC_ERROR, domain_code, text);
}

/* Seconds a 429 asks to wait: Retry-After in seconds or as an HTTP
 * date, 1 when it is missing or unreadable (a proxy's bare 429). */
static guint
retry_after_seconds (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  g_autoptr(GDateTime) when = NULL;
  guint64 seconds;

  if (value == NULL)
    return 1;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return MAX (seconds, 1);
  when = soup_date_time_new_from_http_string (value);
  if (when != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan span = g_date_time_difference (when, now);

      return (guint) CLAMP ((span + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 1, G_MAXUINT);
    }
  return 1;
}

/* Sleeps @seconds on the worker thread, or until @cancellable fires
 * (FALSE, with the cancellation as @error). */
static gboolean
sleep_cancellable (GCancellable  *cancellable,
                   guint          seconds,
                   GError       **error)
{
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  GPollFD fd = { -1, G_IO_IN, 0 };
  gboolean pollable = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fd);
  gboolean cancelled = FALSE;

  for (;;)
    {
      gint64 left = end - g_get_monotonic_time ();

      if ((cancelled = g_cancellable_set_error_if_cancelled (cancellable, error)) || left <= 0)
        break;
      if (pollable)
        g_poll (&fd, 1, (gint) ((left + 999) / 1000));
      else
        g_usleep (MIN (left, G_USEC_PER_SEC / 10));
    }
  if (pollable)
    g_cancellable_release_fd (cancellable);
  return !cancelled;
}

/* Sends one request once.  Returns the body (possibly empty) with
 * *status, or NULL with a transport error; *retry_after is the wait a
 * 429 asks for. */
static GBytes *
conn_send_once (Conn        *c,
                const char  *method,
                const char  *path,
                const char  *content_type,
                GBytes      *body,
                const char  *content_range,
                guint       *status,
                guint       *retry_after,
                GError     **error)
{
  g_autofree char *url = g_strconcat (c->base, path, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) local_error = NULL;
  SoupMessageHeaders *headers;
  GBytes *reply;

  if (c->session == NULL)
    {
      c->session = soup_session_new ();
      soup_session_set_timeout (c->session, c->timeout);
      soup_session_set_idle_timeout (c->session, c->timeout);
      soup_session_set_user_agent (c->session, "ganglioside-workbench/" PACKAGE_VERSION " ");
    }

  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
                   _("“%s” is not a valid address"), url);
      return NULL;
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (c->token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", c->token);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (content_range != NULL)
    soup_message_headers_replace (headers, "Content-Range", content_range);
  /* libsoup silently resends a PUT whose reused connection broke, and a
   * resent blob piece can arrive short; on a fresh connection a cut is
   * reported instead, and the next attempt resumes from the server's
   * count. */
  if (g_str_equal (method, "PUT"))
    soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json", body);

  reply = soup_session_send_and_read (c->session, msg, c->cancellable, &local_error);
  if (reply == NULL)
    {
      set_transport_error (c, local_error, error);
      return NULL;
    }
  *status = soup_message_get_status (msg);
  if (*status == 429)
    *retry_after = retry_after_seconds (msg);
  return reply;
}

/* Sends one request.  Returns the body (possibly empty) with *status, or
 * NULL with a transport error.  HTTP errors are not GErrors here.  A
 * request the server rate-limits (429 rate_limited) is sent again after
 * the wait it asks for, up to RETRY_MAX times; the server refuses it
 * before reading it, so sending it again is always safe.  A refused
 * sign-in (too_many_login_failures) is not retried: the same password
 * would only prolong the lockout. */
static GBytes *
conn_send (Conn        *c,
           const char  *method,
           const char  *path,
           const char  *content_type,
           GBytes      *body,
           const char  *content_range,
           guint       *status,
           GError     **error)
{
  c->retry_after = 0;
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GBytes) reply = conn_send_once (c, method, path, content_type, body, content_range,
                                                status, &c->retry_after, error);
      g_autoptr(GwSyncServerError) err = NULL;

      if (reply == NULL || *status != 429 || attempt >= RETRY_MAX || c->retry_after > RETRY_WAIT_MAX)
        return g_steal_pointer (&reply);
      err = gw_sync_decode_server_error (reply);
      if (err != NULL && g_str_equal (err->code, "too_many_login_failures"))
        return g_steal_pointer (&reply);
      g_debug ("%s %s: rate-limited, sending again in %u s", method, path, c->retry_after);
      if (!sleep_cancellable (c->cancellable, c->retry_after, error))
        return NULL;
    }
}

/* A request that must succeed with 2xx: the body, or NULL and an error. */
static GBytes *
conn_call (Conn        *c,
           const char  *method,
           const char  *path,
           GBytes      *body,
           const char  *what,
           guint       *status_out,
           GError     **error)
{
  guint status = 0;
  g_autoptr(GBytes) reply = conn_send (c, method, path, NULL, body, NULL, &status, error);

  if (reply == NULL)
    return NULL;
  if (status_out != NULL)
    *status_out = status;
  if (status < 200 || status >= 300)
    {
      set_http_error (c, status, reply, what, error);
      return NULL;
    }
  return g_steal_pointer (&reply);
}

static gboolean
conn_require_token (Conn    *c,
                    GError **error)
{
  if (c->token != NULL && *c->token != '\0')
    return TRUE;
  g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNAUTHORIZED,
               _("You are not signed in to %s. Sign in first."), c->base);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Sessions, projects, shares                                          */

static GwSyncSession *
do_sign_in (Conn        *c,
            const char  *username,
            const char  *password,
            GError     **error)
{
  g_autoptr(GBytes) body = gw_sync_encode_sign_in (username, password);
  g_autoptr(GBytes) reply = NULL;

  /* Signing in never sends an old token. */
  g_clear_pointer (&c->token, g_free);
  reply = conn_call (c, "POST", "/api/v1/session", body, _("Signing in"), NULL, error);
  if (reply == NULL)
    return NULL;
  return gw_sync_decode_session (reply, error);
}

static gboolean
do_sign_out (Conn    *c,
             GError **error)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) local_error = NULL;

  if (c->token == NULL)
    return TRUE;
  reply = conn_call (c, "DELETE", "/api/v1/session", NULL, _("Signing out"), NULL, &local_error);
  /* A token the server no longer accepts is as signed out as can be. */
  if (reply == NULL && !g_error_matches (local_error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNAUTHORIZED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
do_list_projects (Conn    *c,
                  GError **error)
{
  g_autoptr(GBytes) reply = NULL;

  if (!conn_require_token (c, error))
    return NULL;
  reply = conn_call (c, "GET", "/api/v1/projects", NULL, _("Listing the lab's projects"), NULL, error);
  if (reply == NULL)
    return NULL;
  return gw_sync_decode_projects (reply, error);
}

static gboolean
check_id (const char  *project_id,
          GError     **error)
{
  if (project_id != NULL && g_uuid_string_is_valid (project_id))
    return TRUE;
  g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
               _("“%s” is not a project id (a UUID)"), project_id ? project_id : "");
  return FALSE;
}

static gboolean
do_share (Conn        *c,
          const char  *project_id,
          const char  *team,
          const char  *access,
          GError     **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;

  if (!conn_require_token (c, error) || !check_id (project_id, error))
    return FALSE;
  if (team == NULL || *team == '\0')
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID, _("No team given"));
      return FALSE;
    }
  if (access != NULL && !g_str_equal (access, "read") && !g_str_equal (access, "write"))
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID,
                   _("Access must be “read” or “write”, not “%s”"), access);
      return FALSE;
    }
  escaped = g_uri_escape_string (team, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/projects/%s/shares/%s", project_id, escaped);
  if (access != NULL)
    body = gw_sync_encode_share (access);
  reply = conn_call (c, access ? "PUT" : "DELETE", path, body, _("Sharing the project"), NULL, error);
  return reply != NULL;
}

/* ------------------------------------------------------------------ */
/* Blobs                                                               */

static gboolean
upload_piece (Conn              *c,
              const char        *path,
              GBytes            *blob,
              gint64             first,
              gint64             last,
              GwSyncBlobStatus **status_out,
              gint64            *mismatch_received,
              GError           **error)
{
  gsize size = g_bytes_get_size (blob);
  g_autoptr(GBytes) piece = g_bytes_new_from_bytes (blob, first, last - first + 1);
  g_autofree char *range = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;

  *mismatch_received = -1;
  if (first != 0 || (gsize) last + 1 != size)
    range = g_strdup_printf ("bytes %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "/%" G_GSIZE_FORMAT,
                             first, last, size);
  reply = conn_send (c, "PUT", path, "application/octet-stream", piece, range, &status, error);
  if (reply == NULL)
    return FALSE;
  if (status == 409)
    {
      g_autoptr(GwSyncServerError) err = gw_sync_decode_server_error (reply);

      if (err != NULL && g_str_equal (err->code, "offset_mismatch") && err->received >= 0 &&
          (gsize) err->received <= size)
        {
          *mismatch_received = err->received;
          return TRUE;
        }
    }
  if (status < 200 || status >= 300)
    {
      set_http_error (c, status, reply, _("Uploading data"), error);
      return FALSE;
    }
  *status_out = gw_sync_decode_blob_status (reply, error);
  return *status_out != NULL;
}

/* Uploads @blob unless the server has it, resuming an interrupted upload
 * from the byte the server reports. */
static gboolean
upload_blob (Conn          *c,
             const char    *project_id,
             const char    *sha,
             GBytes        *blob,
             GwSyncReport  *report,
             GError       **error)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/blobs/%s", project_id, sha);
  gsize size = g_bytes_get_size (blob);
  gint64 received = 0;
  guint chunk = MAX (c->chunk_size, 1024);
  guint guard = size / chunk + 16;

  if (size > chunk)
    {
      g_autofree char *status_path = g_strconcat (path, "/status", NULL);
      guint status = 0;
      g_autoptr(GBytes) reply = conn_send (c, "GET", status_path, NULL, NULL, NULL, &status, error);

      if (reply == NULL)
        return FALSE;
      if (status == 200)
        {
          g_autoptr(GwSyncBlobStatus) st = gw_sync_decode_blob_status (reply, error);

          if (st == NULL)
            return FALSE;
          if (st->complete)
            return TRUE;
          if ((gsize) st->size == size)
            {
              received = st->received;
              report->bytes_resumed += received;
            }
        }
      else if (status != 404)
        {
          set_http_error (c, status, reply, _("Checking an upload"), error);
          return FALSE;
        }
    }

  while (guard-- > 0)
    {
      g_autoptr(GwSyncBlobStatus) st = NULL;
      gint64 last = MIN ((gint64) size, received + (gint64) chunk) - 1;
      gint64 mismatch = -1;

      if (size == 0)
        last = -1;
      if (!upload_piece (c, path, blob, received, MAX (last, received - 1), &st, &mismatch, error))
        return FALSE;
      if (mismatch >= 0)
        {
          /* The server holds more (or less) than we thought: go on from
           * where it is, which is what resuming means. */
          if (mismatch > received)
            report->bytes_resumed += mismatch - received;
          received = mismatch;
          continue;
        }
      report->bytes_uploaded += last - received + 1;
      if (st->complete)
        {
          report->blobs_uploaded++;
          return TRUE;
        }
      if (st->received <= received && last >= received)
        {
          g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, received);

          /* The number is formatted first: a format macro inside a
           * translatable string cannot be translated. */
          g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
                       _("Uploading data: the server %s did not take the piece at byte %s"),
                       c->base, at);
          return FALSE;
        }
      received = st->received;
    }

  g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
               _("Uploading data: the server %s never completed blob %s"), c->base, sha);
  return FALSE;
}

static GBytes *
download_blob (Conn          *c,
               const char    *project_id,
               const char    *sha,
               GwSyncReport  *report,
               GError       **error)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/blobs/%s", project_id, sha);
  g_autoptr(GBytes) bytes = conn_call (c, "GET", path, NULL, _("Downloading data"), NULL, error);
  g_autofree char *actual = NULL;

  if (bytes == NULL)
    return NULL;
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (!g_str_equal (actual, sha))
    {
      g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
                   _("Downloading data: blob %s from %s has the wrong SHA-256 (%s)"), sha, c->base, actual);
      return NULL;
    }
  report->bytes_downloaded += g_bytes_get_size (bytes);
  return g_steal_pointer (&bytes);
}

/* ------------------------------------------------------------------ */
/* Sync                                                                */

static gboolean
pull (Conn          *c,
      GwProject     *project,
      const char    *project_id,
      GwSyncReport  *report,
      GError       **error)
{
  g_autoptr(GwProjectRemote) remote = gw_project_get_remote (project, c->base, error);
  g_autoptr(GPtrArray) pulled = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_sync_item_free);
  g_autoptr(GHashTable) blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_project_item_free);
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint counts[GW_SYNC_N_KINDS] = { 0 };
  gint64 start, cursor;
  guint added = 0;

  if (remote == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID, _("The project is not attached to %s"), c->base);
      return FALSE;
    }
  start = cursor = remote->cursor;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/items?since=%" G_GINT64_FORMAT "&limit=%u",
                                               project_id, cursor, PULL_LIMIT);
      g_autoptr(GBytes) reply = conn_call (c, "GET", path, NULL, _("Fetching changes"), NULL, error);
      g_autoptr(GwSyncPage) page = NULL;

      if (reply == NULL)
        return FALSE;
      page = gw_sync_decode_items_page (reply, error);
      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->items->len; i++)
        {
          GwSyncItem *item = g_ptr_array_index (page->items, i);

          if (item->seq <= cursor)
            {
              g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
                           _("Fetching changes: the server %s sent item %s again"), c->base, item->uuid);
              return FALSE;
            }
        }
      g_ptr_array_extend_and_steal (pulled, g_steal_pointer (&page->items));
      page->items = NULL;
      report->head = MAX (report->head, page->head);
      if (page->next <= cursor && page->more)
        {
          g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
                       _("Fetching changes: the server %s does not advance"), c->base);
          return FALSE;
        }
      cursor = MAX (cursor, page->next);
      if (!page->more)
        break;
    }

  if (pulled->len == 0 && cursor == start)
    return TRUE;

  for (guint i = 0; i < pulled->len; i++)
    {
      GwSyncItem *item = g_ptr_array_index (pulled, i);
      gboolean known = gw_project_item_kind_is_known (item->kind);
      GwProjectItem *local;

      g_array_append_val (seqs, item->seq);
      if (!known || gw_project_has_item (project, item->kind, item->uuid))
        {
          /* Ours coming back, or a kind for a newer version: mark only. */
          g_ptr_array_add (items, gw_project_item_new (item->kind, item->uuid, 0, "", NULL));
          continue;
        }
      for (guint b = 0; item->blobs[b] != NULL; b++)
        {
          GBytes *bytes;

          if (g_hash_table_contains (blobs, item->blobs[b]))
            continue;
          bytes = download_blob (c, project_id, item->blobs[b], report, error);
          if (bytes == NULL)
            return FALSE;
          g_hash_table_insert (blobs, g_strdup (item->blobs[b]), bytes);
        }
      local = gw_sync_decode_item (item, blobs, error);
      if (local == NULL)
        return FALSE;
      g_ptr_array_add (items, local);
      counts[kind_from_string (item->kind)]++;
    }

  if (!gw_project_apply_pulled (project, c->base, items, (const gint64 *) (gpointer) seqs->data,
                                cursor, &added, error))
    return FALSE;
  for (guint k = 0; k < GW_SYNC_N_KINDS; k++)
    report->pulled[k] += counts[k];
  return TRUE;
}

static gboolean
push (Conn          *c,
      GwProject     *project,
      const char    *project_id,
      GwSyncReport  *report,
      GError       **error)
{
  g_autoptr(GHashTable) uploaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/items", project_id);
  guint rounds = 0;

  for (;;)
    {
      g_autoptr(GPtrArray) items = gw_project_list_unsynced (project, c->base, PUSH_BATCH, error);
      g_autoptr(GPtrArray) envelopes = NULL;
      g_autoptr(GHashTable) blobs = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GwSyncPushReply) result = NULL;
      g_autoptr(GHashTable) kinds = NULL;
      g_autoptr(GPtrArray) uuids = NULL;
      g_autoptr(GArray) seqs = NULL;
      GHashTableIter iter;
      gpointer key, value;

      if (items == NULL)
        return FALSE;
      if (items->len == 0)
        return TRUE;
      /* Each round marks its items, so this only trips on a bug. */
      if (++rounds > 1000000)
        {
          g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL, _("Pushing never ends"));
          return FALSE;
        }

      envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
      kinds = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < items->len; i++)
        {
          GwProjectItem *item = g_ptr_array_index (items, i);

          g_ptr_array_add (envelopes, gw_sync_encode_item (item, blobs));
          g_hash_table_insert (kinds, item->uuid, item->kind);
        }

      /* Blobs before the items that name them (the server refuses an
       * item whose blob is incomplete). */
      g_hash_table_iter_init (&iter, blobs);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (g_hash_table_contains (uploaded, key))
            continue;
          if (!upload_blob (c, project_id, key, value, report, error))
            return FALSE;
          g_hash_table_add (uploaded, g_strdup (key));
        }

      body = gw_sync_encode_push (envelopes);
      reply = conn_call (c, "POST", path, body, _("Sending changes"), NULL, error);
      if (reply == NULL)
        return FALSE;
      result = gw_sync_decode_push_reply (reply, error);
      if (result == NULL)
        return FALSE;
      if (result->results->len != items->len)
        {
          g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
                       _("Sending changes: the server %s answered for %u items, not %u"),
                       c->base, result->results->len, items->len);
          return FALSE;
        }

      uuids = g_ptr_array_new ();
      seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < result->results->len; i++)
        {
          GwSyncPushResult *r = g_ptr_array_index (result->results, i);
          const char *kind = g_hash_table_lookup (kinds, r->uuid);

          if (kind == NULL)
            {
              g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
                           _("Sending changes: the server %s answered for item %s, which was not sent"),
                           c->base, r->uuid);
              return FALSE;
            }
          g_ptr_array_add (uuids, r->uuid);
          g_array_append_val (seqs, r->seq);
          if (r->created)
            report->pushed[kind_from_string (kind)]++;
          else
            report->pushed_again++;
        }
      report->head = MAX (report->head, result->head);
      if (!gw_project_mark_synced (project, c->base, (const char * const *) uuids->pdata,
                                   (const gint64 *) (gpointer) seqs->data, uuids->len, error))
        return FALSE;
    }
}

/* Attaches @project to the server: the recorded project, or @clone_id,
 * or a new server project named after the file. */
static char *
attach (Conn          *c,
        GwProject     *project,
        const char    *clone_id,
        GwSyncReport  *report,
        GError       **error)
{
  g_autoptr(GwProjectRemote) remote = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GwSyncProject) created = NULL;

  remote = gw_project_get_remote (project, c->base, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (remote != NULL)
    return g_strdup (remote->project_id);

  if (clone_id != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (clone_id, -1);
      g_autofree char *get = g_strdup_printf ("/api/v1/projects/%s", lower);

      /* Fails early, with "not found", for a project the user cannot see. */
      reply = conn_call (c, "GET", get, NULL, _("Opening the project"), NULL, error);
      if (reply == NULL)
        return NULL;
      created = gw_sync_decode_project (reply, error);
      if (created == NULL)
        return NULL;
      /* The file's own first metadata revision is a placeholder that the
       * server's revisions supersede: it is never pushed. */
      if (!gw_project_set_remote (project, c->base, created->id, error) ||
          !gw_project_mark_all_synced (project, c->base, error))
        return NULL;
      return g_strdup (created->id);
    }

  id = g_uuid_string_random ();
  name = gw_project_dup_name (project);
  body = gw_sync_encode_new_project (id, name);
  reply = conn_call (c, "POST", "/api/v1/projects", body, _("Creating the project on the server"), NULL, error);
  if (reply == NULL)
    return NULL;
  created = gw_sync_decode_project (reply, error);
  if (created == NULL)
    return NULL;
  if (!gw_project_set_remote (project, c->base, created->id, error))
    return NULL;
  report->created = TRUE;
  return g_strdup (created->id);
}

static GwSyncReport *
do_sync (Conn        *c,
         const char  *project_path,
         const char  *clone_id,
         GError     **error)
{
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GwSyncReport) report = g_new0 (GwSyncReport, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *project_id = NULL;

  if (!conn_require_token (c, error))
    return NULL;
  project = gw_project_open (project_path, error);
  if (project == NULL)
    return NULL;

  project_id = attach (c, project, clone_id, report, &local_error);
  if (project_id != NULL &&
      pull (c, project, project_id, report, &local_error) &&
      push (c, project, project_id, report, &local_error) &&
      pull (c, project, project_id, report, &local_error) &&
      gw_project_count_unsynced (project, c->base, &report->n_waiting, &local_error))
    {
      report->project_id = g_steal_pointer (&project_id);
      gw_project_set_remote_status (project, c->base, NULL, NULL);
      return g_steal_pointer (&report);
    }

  if (project_id != NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gw_project_set_remote_status (project, c->base, local_error->message, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Status                                                              */

typedef struct
{
  GwSyncClient *client;
  char         *path;
} StatusNotify;

static gboolean
emit_status_changed_cb (gpointer data)
{
  StatusNotify *n = data;

  g_signal_emit (n->client, signals[STATUS_CHANGED], 0, n->path);
  g_object_unref (n->client);
  g_free (n->path);
  g_free (n);
  return G_SOURCE_REMOVE;
}

static void
set_status (GwSyncClient *self,
            const char   *path,
            GwSyncState   state,
            guint         n_waiting,
            const GError *error)
{
  GwSyncStatus *status = g_new0 (GwSyncStatus, 1);
  StatusNotify *n = g_new0 (StatusNotify, 1);

  status->state = state;
  status->n_waiting = n_waiting;
  if (error != NULL)
    {
      status->message = g_strdup (error->message);
      status->error_domain = error->domain;
      status->error_code = error->code;
    }
  if (state == GW_SYNC_STATE_SYNCED || state == GW_SYNC_STATE_WAITING)
    status->last_sync = g_get_real_time ();

  g_mutex_lock (&self->lock);
  if (status->last_sync == 0)
    {
      GwSyncStatus *old = g_hash_table_lookup (self->statuses, path);
      if (old != NULL)
        status->last_sync = old->last_sync;
    }
  g_hash_table_replace (self->statuses, g_strdup (path), status);
  g_mutex_unlock (&self->lock);

  n->client = g_object_ref (self);
  n->path = g_strdup (path);
  g_main_context_invoke (self->context, emit_status_changed_cb, n);
  /* emit_status_changed_cb() owns and frees @n. */
  /* cppcheck-suppress memleak */
}

static void
status_after_sync (GwSyncClient       *self,
                   const char         *path,
                   const GwSyncReport *report,
                   const GError       *error)
{
  if (report != NULL)
    set_status (self, path, report->n_waiting > 0 ? GW_SYNC_STATE_WAITING : GW_SYNC_STATE_SYNCED,
                report->n_waiting, NULL);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_status (self, path, GW_SYNC_STATE_UNKNOWN, 0, NULL);
  else
    {
      g_autoptr(GwProject) project = gw_project_open (path, NULL);
      guint n = 0;

      if (project != NULL)
        gw_project_count_unsynced (project, self->server_url, &n, NULL);
      set_status (self, path,
                  g_error_matches (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNREACHABLE)
                    ? GW_SYNC_STATE_OFFLINE : GW_SYNC_STATE_ERROR,
                  n, error);
    }
}

GwSyncStatus *
gw_sync_client_get_status (GwSyncClient *self,
                           const char   *project_path)
{
  GwSyncStatus *status = NULL;
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GwProjectRemote) remote = NULL;

  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (project_path != NULL, NULL);

  g_mutex_lock (&self->lock);
  {
    GwSyncStatus *cached = g_hash_table_lookup (self->statuses, project_path);
    if (cached != NULL)
      status = gw_sync_status_copy (cached);
  }
  g_mutex_unlock (&self->lock);

  project = gw_project_open (project_path, NULL);
  if (status == NULL)
    status = g_new0 (GwSyncStatus, 1);
  if (project == NULL || status->state == GW_SYNC_STATE_SYNCING)
    return status;

  /* The waiting count is the file's, so a change made since the last
   * sync shows at once. */
  gw_project_count_unsynced (project, self->server_url, &status->n_waiting, NULL);
  remote = gw_project_get_remote (project, self->server_url, NULL);
  if (status->state == GW_SYNC_STATE_UNKNOWN && remote != NULL)
    {
      status->last_sync = remote->last_sync;
      if (remote->last_error != NULL)
        {
          status->state = GW_SYNC_STATE_ERROR;
          g_free (status->message);
          status->message = g_strdup (remote->last_error);
          return status;
        }
      if (remote->last_sync > 0)
        status->state = GW_SYNC_STATE_SYNCED;
    }
  if ((status->state == GW_SYNC_STATE_SYNCED || status->state == GW_SYNC_STATE_WAITING))
    status->state = status->n_waiting > 0 ? GW_SYNC_STATE_WAITING : GW_SYNC_STATE_SYNCED;
  return status;
}

char *
gw_sync_client_dup_project_id (GwSyncClient *self,
                               const char   *project_path)
{
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GwProjectRemote) remote = NULL;

  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (project_path != NULL, NULL);

  project = gw_project_open (project_path, NULL);
  if (project == NULL)
    return NULL;
  remote = gw_project_get_remote (project, self->server_url, NULL);
  return remote ? g_strdup (remote->project_id) : NULL;
}

/* ------------------------------------------------------------------ */
/* Operations                                                          */

/* What a boolean operation returns on success: a result is never NULL. */
static const char op_done[] = "done";
#define OP_DONE ((gpointer) op_done)

/* One network operation, the same whether it blocks or runs in a GTask:
 * its result (owned by the caller), or NULL with @error. */
typedef gpointer (*OpFunc) (GwSyncClient  *self,
                            Conn          *conn,
                            const char    *a,
                            const char    *b,
                            const char    *c,
                            GError       **error);

static gpointer
op_sign_in (GwSyncClient  *self,
            Conn          *conn,
            const char    *username,
            const char    *password,
            const char    *unused,
            GError       **error)
{
  return do_sign_in (conn, username, password, error);
}

static gpointer
op_sign_out (GwSyncClient  *self,
             Conn          *conn,
             const char    *a,
             const char    *b,
             const char    *c,
             GError       **error)
{
  return do_sign_out (conn, error) ? OP_DONE : NULL;
}

static gpointer
op_list (GwSyncClient  *self,
         Conn          *conn,
         const char    *a,
         const char    *b,
         const char    *c,
         GError       **error)
{
  return do_list_projects (conn, error);
}

static gpointer
op_share (GwSyncClient  *self,
          Conn          *conn,
          const char    *project_id,
          const char    *team,
          const char    *access,
          GError       **error)
{
  return do_share (conn, project_id, team, access, error) ? OP_DONE : NULL;
}

static gpointer
op_sync (GwSyncClient  *self,
         Conn          *conn,
         const char    *project_path,
         const char    *b,
         const char    *c,
         GError       **error)
{
  GError *local_error = NULL;
  GwSyncReport *report;

  set_status (self, project_path, GW_SYNC_STATE_SYNCING, 0, NULL);
  report = do_sync (conn, project_path, NULL, &local_error);
  status_after_sync (self, project_path, report, local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return report;
}

static gpointer
op_clone (GwSyncClient  *self,
          Conn          *conn,
          const char    *project_id,
          const char    *dest_path,
          const char    *c,
          GError       **error)
{
  g_autoptr(GwProject) project = NULL;
  GError *local_error = NULL;
  GwSyncReport *report;

  if (!conn_require_token (conn, error) || !check_id (project_id, error))
    return NULL;
  /* No status until the file is ours: @dest_path may be someone's
   * project (GW_PROJECT_ERROR_EXISTS). */
  project = gw_project_create (dest_path, NULL, error);
  if (project == NULL)
    return NULL;
  g_clear_object (&project);

  set_status (self, dest_path, GW_SYNC_STATE_SYNCING, 0, NULL);
  report = do_sync (conn, dest_path, project_id, &local_error);
  if (report == NULL)
    {
      /* We made this file a moment ago and it holds nothing of anyone's. */
      g_autofree char *wal = g_strconcat (dest_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (dest_path, "-shm", NULL);

      g_unlink (dest_path);
      g_unlink (wal);
      g_unlink (shm);
    }
  status_after_sync (self, dest_path, report, local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return report;
}

typedef struct
{
  OpFunc          func;
  GDestroyNotify  free_result;
  Conn           *conn;
  char           *args[3];   /* username, project path or id; password, team or dest path; access */
} OpCall;

static void
op_call_free (OpCall *call)
{
  conn_free (call->conn);
  for (guint i = 0; i < G_N_ELEMENTS (call->args); i++)
    {
      /* The password does not linger in freed memory. */
      if (call->args[i] != NULL)
        memset (call->args[i], 0, strlen (call->args[i]));
      g_free (call->args[i]);
    }
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpCall, op_call_free)

static OpCall *
op_call_new (GwSyncClient   *self,
             OpFunc          func,
             GDestroyNotify  free_result,
             const char     *a,
             const char     *b,
             const char     *c,
             GCancellable   *cancellable)
{
  OpCall *call = g_new0 (OpCall, 1);

  call->func = func;
  call->free_result = free_result;
  call->conn = conn_new (self, cancellable);
  call->args[0] = g_strdup (a);
  call->args[1] = g_strdup (b);
  call->args[2] = g_strdup (c);
  return call;
}

static gpointer
op_call_run (GwSyncClient  *self,
             OpCall        *call,
             GError       **error)
{
  gpointer result = call->func (self, call->conn, call->args[0], call->args[1], call->args[2], error);

  /* The session was made on this thread; it ends here too. */
  g_clear_object (&call->conn->session);
  return result;
}

/* The blocking form: runs @func on the caller's thread. */
static gpointer
run_op (GwSyncClient  *self,
        OpFunc         func,
        const char    *a,
        const char    *b,
        const char    *c,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(OpCall) call = op_call_new (self, func, NULL, a, b, c, cancellable);

  return op_call_run (self, call, error);
}

static void
op_thread (GTask        *task,
           gpointer      source,
           gpointer      task_data,
           GCancellable *cancellable)
{
  OpCall *call = task_data;
  GError *error = NULL;
  gpointer result = op_call_run (source, call, &error);

  if (result != NULL)
    g_task_return_pointer (task, result, call->free_result);
  else
    g_task_return_error (task, error);
}

/* The _async form: runs @func on a GTask thread; finish_op() takes
 * its result. */
static void
start_op (GwSyncClient        *self,
          OpFunc               func,
          GDestroyNotify       free_result,
          const char          *a,
          const char          *b,
          const char          *c,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op_call_new (self, func, free_result, a, b, c, cancellable),
                        (GDestroyNotify) op_call_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, op_thread);
}

static gpointer
finish_op (GwSyncClient  *self,
           GAsyncResult  *result,
           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Public calls                                                        */

void
gw_sync_client_sign_in_async (GwSyncClient        *self,
                              const char          *username,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));
  g_return_if_fail (username != NULL && password != NULL);

  start_op (self, op_sign_in, (GDestroyNotify) gw_sync_session_free, username, password, NULL,
            gw_sync_client_sign_in_async, cancellable, callback, user_data);
}

GwSyncSession *
gw_sync_client_sign_in_finish (GwSyncClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  GwSyncSession *session = finish_op (self, result, error);

  if (session != NULL)
    gw_sync_client_set_token (self, session->token);
  return session;
}

GwSyncSession *
gw_sync_client_sign_in (GwSyncClient  *self,
                        const char    *username,
                        const char    *password,
                        GCancellable  *cancellable,
                        GError       **error)
{
  GwSyncSession *session;

  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (username != NULL && password != NULL, NULL);

  session = run_op (self, op_sign_in, username, password, NULL, cancellable, error);
  if (session != NULL)
    gw_sync_client_set_token (self, session->token);
  return session;
}

void
gw_sync_client_sign_out_async (GwSyncClient        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  start_op (self, op_sign_out, NULL, NULL, NULL, NULL, gw_sync_client_sign_out_async,
            cancellable, callback, user_data);
}

gboolean
gw_sync_client_sign_out_finish (GwSyncClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  gboolean ok = finish_op (self, result, error) != NULL;

  /* Forget the token even if the server could not be told: signing out
   * must work offline too. */
  gw_sync_client_set_token (self, NULL);
  return ok;
}

gboolean
gw_sync_client_sign_out (GwSyncClient  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), FALSE);

  ok = run_op (self, op_sign_out, NULL, NULL, NULL, cancellable, error) != NULL;
  gw_sync_client_set_token (self, NULL);
  return ok;
}

void
gw_sync_client_list_projects_async (GwSyncClient        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  start_op (self, op_list, (GDestroyNotify) g_ptr_array_unref, NULL, NULL, NULL,
            gw_sync_client_list_projects_async, cancellable, callback, user_data);
}

GPtrArray *
gw_sync_client_list_projects_finish (GwSyncClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_op (self, result, error);
}

GPtrArray *
gw_sync_client_list_projects (GwSyncClient  *self,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);

  return run_op (self, op_list, NULL, NULL, NULL, cancellable, error);
}

void
gw_sync_client_share_project_async (GwSyncClient        *self,
                                    const char          *project_id,
                                    const char          *team,
                                    const char          *access,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  start_op (self, op_share, NULL, project_id, team, access, gw_sync_client_share_project_async,
            cancellable, callback, user_data);
}

gboolean
gw_sync_client_share_project_finish (GwSyncClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_op (self, result, error) != NULL;
}

gboolean
gw_sync_client_share_project (GwSyncClient  *self,
                              const char    *project_id,
                              const char    *team,
                              const char    *access,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), FALSE);

  return run_op (self, op_share, project_id, team, access, cancellable, error) != NULL;
}

void
gw_sync_client_sync_project_async (GwSyncClient        *self,
                                   const char          *project_path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));
  g_return_if_fail (project_path != NULL);

  start_op (self, op_sync, (GDestroyNotify) gw_sync_report_free, project_path, NULL, NULL,
            gw_sync_client_sync_project_async, cancellable, callback, user_data);
}

GwSyncReport *
gw_sync_client_sync_project_finish (GwSyncClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_op (self, result, error);
}

GwSyncReport *
gw_sync_client_sync_project (GwSyncClient  *self,
                             const char    *project_path,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (project_path != NULL, NULL);

  return run_op (self, op_sync, project_path, NULL, NULL, cancellable, error);
}

void
gw_sync_client_clone_project_async (GwSyncClient        *self,
                                    const char          *project_id,
                                    const char          *dest_path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));
  g_return_if_fail (project_id != NULL && dest_path != NULL);

  start_op (self, op_clone, (GDestroyNotify) gw_sync_report_free, project_id, dest_path, NULL,
            gw_sync_client_clone_project_async, cancellable, callback, user_data);
}

GwSyncReport *
gw_sync_client_clone_project_finish (GwSyncClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_op (self, result, error);
}

GwSyncReport *
gw_sync_client_clone_project (GwSyncClient  *self,
                              const char    *project_id,
                              const char    *dest_path,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (project_id != NULL && dest_path != NULL, NULL);

  return run_op (self, op_clone, project_id, dest_path, NULL, cancellable, error);
}

/* ------------------------------------------------------------------ */
/* Live updates                                                        */

static void
ws_send (GwSyncClient *self,
         const char   *type,
         const char   *project_id)
{
  g_autofree char *text = NULL;

  if (self->ws == NULL || soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  text = gw_sync_encode_subscribe (type, project_id);
  soup_websocket_connection_send_text (self->ws, text);
}

static gboolean
reconnect_cb (gpointer data)
{
  GwSyncClient *self = data;

  self->reconnect_id = 0;
  ws_connect (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (GwSyncClient *self)
{
  if (self->reconnect_id != 0 || g_hash_table_size (self->subscriptions) == 0)
    return;
  self->reconnect_id = g_timeout_add_seconds (RECONNECT_SECONDS, reconnect_cb, self);
}

static void
ws_message_cb (SoupWebsocketConnection *ws,
               gint                     type,
               GBytes                  *message,
               gpointer                 user_data)
{
  GwSyncClient *self = user_data;
  g_autoptr(GwSyncEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  event = gw_sync_decode_event (message, &error);
  if (event == NULL)
    {
      g_debug ("Ignoring a live-update message: %s", error->message);
      return;
    }
  if (g_str_equal (event->type, "changed") && event->project != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (event->project, -1);

      if (g_hash_table_contains (self->subscriptions, lower))
        g_signal_emit (self, signals[PROJECT_CHANGED], 0, lower, event->head);
    }
  else if (g_str_equal (event->type, "error"))
    g_debug ("Live updates for %s refused: %s", event->project ? event->project : "?",
             event->code ? event->code : "?");
}

static void
ws_drop (GwSyncClient *self)
{
  if (self->ws == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->ws, self);
  if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->ws);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_CONNECTED]);
}

static void
ws_closed_cb (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  GwSyncClient *self = user_data;

  ws_drop (self);
  schedule_reconnect (self);
}

static void
ws_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwSyncClient) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;
  GHashTableIter iter;
  gpointer key;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  self->ws_connecting = FALSE;
  if (ws == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Live updates from %s unavailable: %s", self->server_url, error->message);
          schedule_reconnect (self);
        }
      return;
    }

  ws_drop (self);
  self->ws = ws;
  g_signal_connect (ws, "message", G_CALLBACK (ws_message_cb), self);
  g_signal_connect (ws, "closed", G_CALLBACK (ws_closed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_CONNECTED]);

  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    ws_send (self, "subscribe", key);

  /* Whatever happened while we were away was not announced. */
  if (self->ws_was_connected)
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

      g_hash_table_iter_init (&iter, self->subscriptions);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (ids, g_strdup (key));
      /* A handler may unsubscribe, so emit from a copy. */
      for (guint i = 0; i < ids->len; i++)
        g_signal_emit (self, signals[PROJECT_CHANGED], 0, g_ptr_array_index (ids, i), (gint64) -1);
    }
  self->ws_was_connected = TRUE;
}

static void
ws_connect (GwSyncClient *self)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  char *token;

  if (self->ws != NULL || self->ws_connecting || g_hash_table_size (self->subscriptions) == 0)
    return;

  g_mutex_lock (&self->lock);
  token = g_strdup (self->token);
  g_mutex_unlock (&self->lock);
  if (token == NULL)
    return;

  if (self->ws_session == NULL)
    self->ws_session = soup_session_new ();
  if (self->ws_cancellable == NULL)
    self->ws_cancellable = g_cancellable_new ();

  url = g_strconcat (self->server_url, "/api/v1/events", NULL);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_free (token);
      return;
    }
  {
    g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  }
  g_free (token);

  self->ws_connecting = TRUE;
  soup_session_websocket_connect_async (self->ws_session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->ws_cancellable, ws_connected_cb, g_object_ref (self));
}

void
gw_sync_client_subscribe (GwSyncClient *self,
                          const char   *project_id)
{
  g_autofree char *lower = NULL;

  g_return_if_fail (GW_IS_SYNC_CLIENT (self));
  g_return_if_fail (project_id != NULL);

  lower = g_ascii_strdown (project_id, -1);
  if (!g_hash_table_add (self->subscriptions, g_strdup (lower)))
    return;
  if (self->ws != NULL)
    ws_send (self, "subscribe", lower);
  else
    ws_connect (self);
}

void
gw_sync_client_unsubscribe (GwSyncClient *self,
                            const char   *project_id)
{
  g_autofree char *lower = NULL;

  g_return_if_fail (GW_IS_SYNC_CLIENT (self));
  g_return_if_fail (project_id != NULL);

  lower = g_ascii_strdown (project_id, -1);
  if (!g_hash_table_remove (self->subscriptions, lower))
    return;
  ws_send (self, "unsubscribe", lower);
  if (g_hash_table_size (self->subscriptions) == 0)
    {
      g_clear_handle_id (&self->reconnect_id, g_source_remove);
      ws_drop (self);
    }
}

gboolean
gw_sync_client_get_events_connected (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), FALSE);
  return self->ws != NULL && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

GwSyncClient *
gw_sync_client_new (const char  *server_url,
                    GError     **error)
{
  g_autofree char *normalized = gw_sync_normalize_url (server_url, error);

  if (normalized == NULL)
    return NULL;
  return g_object_new (GW_TYPE_SYNC_CLIENT, "server-url", normalized, NULL);
}

const char *
gw_sync_client_get_server_url (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);
  return self->server_url;
}

const char *
gw_sync_client_get_token (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), NULL);
  return self->token;
}

static gboolean
notify_token_cb (gpointer data)
{
  g_autoptr(GwSyncClient) self = data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
  /* A new identity: live updates reconnect with it. */
  if (self->ws != NULL || self->ws_connecting)
    {
      if (self->ws_cancellable != NULL)
        {
          g_cancellable_cancel (self->ws_cancellable);
          g_clear_object (&self->ws_cancellable);
        }
      self->ws_connecting = FALSE;
      ws_drop (self);
    }
  ws_connect (self);
  return G_SOURCE_REMOVE;
}

void
gw_sync_client_set_token (GwSyncClient *self,
                          const char   *token)
{
  gboolean changed;

  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  if (token != NULL && *token == '\0')
    token = NULL;
  g_mutex_lock (&self->lock);
  changed = g_strcmp0 (self->token, token) != 0;
  if (changed)
    {
      g_free (self->token);
      self->token = g_strdup (token);
    }
  g_mutex_unlock (&self->lock);

  /* Signals belong to the client's own thread. */
  if (changed)
    g_main_context_invoke (self->context, notify_token_cb, g_object_ref (self));
}

guint
gw_sync_client_get_chunk_size (GwSyncClient *self)
{
  g_return_val_if_fail (GW_IS_SYNC_CLIENT (self), 0);
  return self->chunk_size;
}

void
gw_sync_client_set_chunk_size (GwSyncClient *self,
                               guint         chunk_size)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  chunk_size = CLAMP (chunk_size, 1024, 40 * 1024 * 1024);
  if (self->chunk_size == chunk_size)
    return;
  self->chunk_size = chunk_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
}

void
gw_sync_client_set_timeout (GwSyncClient *self,
                            guint         seconds)
{
  g_return_if_fail (GW_IS_SYNC_CLIENT (self));

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

static void
gw_sync_client_dispose (GObject *object)
{
  GwSyncClient *self = GW_SYNC_CLIENT (object);

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  if (self->ws_cancellable != NULL)
    g_cancellable_cancel (self->ws_cancellable);
  g_clear_object (&self->ws_cancellable);
  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->ws);
    }
  g_clear_object (&self->ws_session);

  G_OBJECT_CLASS (gw_sync_client_parent_class)->dispose (object);
}

static void
gw_sync_client_finalize (GObject *object)
{
  GwSyncClient *self = GW_SYNC_CLIENT (object);

  g_free (self->server_url);
  g_free (self->token);
  g_hash_table_unref (self->statuses);
  g_hash_table_unref (self->subscriptions);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (gw_sync_client_parent_class)->finalize (object);
}

static void
gw_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwSyncClient *self = GW_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_TOKEN:
      g_mutex_lock (&self->lock);
      g_value_set_string (value, self->token);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_EVENTS_CONNECTED:
      g_value_set_boolean (value, gw_sync_client_get_events_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_sync_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GwSyncClient *self = GW_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_free (self->server_url);
      self->server_url = g_value_dup_string (value);
      break;
    case PROP_TOKEN:
      gw_sync_client_set_token (self, g_value_get_string (value));
      break;
    case PROP_CHUNK_SIZE:
      gw_sync_client_set_chunk_size (self, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT:
      gw_sync_client_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_sync_client_class_init (GwSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_sync_client_dispose;
  object_class->finalize = gw_sync_client_finalize;
  object_class->get_property = gw_sync_client_get_property;
  object_class->set_property = gw_sync_client_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint ("chunk-size", NULL, NULL, 1024, 40 * 1024 * 1024, DEFAULT_CHUNK_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, 3600, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENTS_CONNECTED] =
    g_param_spec_boolean ("events-connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GwSyncClient::project-changed:
   * @project_id: the server project (lowercase UUID)
   * @head: its new head, or -1 after a reconnect
   *
   * A subscribed project changed on the server: sync it.
   */
  signals[PROJECT_CHANGED] =
    g_signal_new ("project-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);

  /**
   * GwSyncClient::status-changed:
   * @project_path: the project file whose status changed
   *
   * Emitted on the client's main context; read it with
   * gw_sync_client_get_status().
   */
  signals[STATUS_CHANGED] =
    g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
gw_sync_client_init (GwSyncClient *self)
{
  g_mutex_init (&self->lock);
  self->chunk_size = DEFAULT_CHUNK_SIZE;
  self->timeout = DEFAULT_TIMEOUT;
  self->statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) gw_sync_status_free);
  self->subscriptions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->context = g_main_context_ref_thread_default ();
}
