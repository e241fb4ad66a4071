/* test-server.c: the real ganglioside-server against SQLite or PostgreSQL
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the real server binary (and, for --backend postgres, a real
 * PostgreSQL in a temporary directory), both on loopback only, and talks
 * HTTP and WebSocket to it with libsoup.  Every child process gets a
 * parent-death signal, so a failed assertion never leaves one running.
 */

#define G_LOG_DOMAIN "test-server"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "gw-test-postgres.h"

static const char *server_bin;
static gboolean use_postgres;
static char *tmpdir;
static const char *db_url;

typedef struct
{
  GSubprocess *proc;
  guint        port;
  char        *config;
  char        *log;
  const char  *name;
} Server;

static Server main_server;
static Server strict_server;
static SoupSession *session;

#define PROJECT_A "0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a01"
#define PROJECT_B "0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a02"

/* The server */

static void
write_config (Server     *server,
              const char *name,
              const char *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = %u\nworkers = 4\n"
                                           "[database]\nurl = %s\n%s",
                                           server->port, db_url, extra);

  server->name = name;
  server->config = g_strdup_printf ("%s/%s.conf", tmpdir, name);
  server->log = g_strdup_printf ("%s/%s.log", tmpdir, name);
  g_assert_true (g_file_set_contents_full (server->config, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
}

static guint http_status_of (const char *method, guint port, const char *path);

static void
server_start (Server *server)
{
  const char *argv[] = { server_bin, "--config", server->config, NULL };

  g_assert_null (server->proc);
  server->proc = gw_test_spawn (argv, server->log, gw_test_child_setup_kill, NULL);
  for (guint i = 0; i < 400; i++)
    {
      if (http_status_of ("GET", server->port, "/health") == 200)
        return;
      g_usleep (25000);
    }
  g_error ("%s did not start; see %s", server->name, server->log);
}

static int
server_stop (Server *server)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (server->proc == NULL)
    return 0;
  g_subprocess_send_signal (server->proc, SIGTERM);
  g_assert_true (g_subprocess_wait (server->proc, NULL, &error));
  status = g_subprocess_get_if_exited (server->proc) ? g_subprocess_get_exit_status (server->proc) : -1;
  g_clear_object (&server->proc);
  return status;
}

static char *
admin (const char *stdin_text,
       int        *exit_status,
       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) server_bin);
  g_ptr_array_add (argv, (char *) "--config");
  g_ptr_array_add (argv, main_server.config);
  va_start (ap, exit_status);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, stdin_text, NULL, &out, &err, &error));
  g_assert_no_error (error);
  *exit_status = g_subprocess_get_exit_status (proc);
  if (*exit_status != 0)
    g_test_message ("admin command failed: %s", err);
  return g_steal_pointer (&out);
}

static void
admin_ok (const char *stdin_text,
          const char *a,
          const char *b,
          const char *c,
          const char *d)
{
  int status;
  g_autofree char *out = admin (stdin_text, &status, a, b, c, d, NULL);

  g_assert_cmpint (status, ==, 0);
}

/* HTTP */

typedef struct
{
  guint       status;
  GBytes     *body;
  JsonNode   *json;
  SoupMessage *msg;
} Reply;

static void
reply_clear (Reply *r)
{
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_clear_object (&r->msg);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static void
request_full (Reply       *r,
              guint        port,
              const char  *method,
              const char  *path,
              const char  *token,
              const char  *content_type,
              GBytes      *body,
              const char  *header_name,
              const char  *header_value)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  r->msg = soup_message_new (method, url);
  g_assert_nonnull (r->msg);
  headers = soup_message_get_request_headers (r->msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (header_name != NULL)
    soup_message_headers_replace (headers, header_name, header_value);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (r->msg, content_type ? content_type : "application/json", body);

  r->body = soup_session_send_and_read (session, r->msg, NULL, &error);
  if (error != NULL)
    {
      r->status = 0;
      return;
    }
  r->status = soup_message_get_status (r->msg);
  {
    const char *ct = soup_message_headers_get_content_type (soup_message_get_response_headers (r->msg), NULL);

    if (ct != NULL && g_str_equal (ct, "application/json") && g_bytes_get_size (r->body) > 0)
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        gsize len;
        const char *data = g_bytes_get_data (r->body, &len);

        g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
        r->json = json_node_ref (json_parser_get_root (parser));
      }
  }
}

static void
request (Reply      *r,
         const char *method,
         const char *path,
         const char *token,
         const char *json_body)
{
  g_autoptr(GBytes) body = json_body ? g_bytes_new (json_body, strlen (json_body)) : NULL;

  request_full (r, main_server.port, method, path, token, NULL, body, NULL, NULL);
}

static guint
http_status_of (const char *method,
                guint       port,
                const char *path)
{
  g_auto(Reply) r = { 0 };

  request_full (&r, port, method, path, NULL, NULL, NULL, NULL, NULL);
  return r.status;
}

static const char *
jstr (Reply      *r,
      const char *member)
{
  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r->json));
  return json_object_get_string_member (json_node_get_object (r->json), member);
}

static gint64
jint (Reply      *r,
      const char *member)
{
  g_assert_nonnull (r->json);
  return json_object_get_int_member (json_node_get_object (r->json), member);
}

static const char *
error_code (Reply *r)
{
  JsonObject *err;

  g_assert_nonnull (r->json);
  err = json_object_get_object_member (json_node_get_object (r->json), "error");
  g_assert_nonnull (err);
  g_assert_nonnull (json_object_get_string_member (err, "message"));
  return json_object_get_string_member (err, "code");
}

static char *
login_port (guint       port,
            const char *user,
            const char *password,
            guint      *status)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", user, password);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_auto(Reply) r = { 0 };

  request_full (&r, port, "POST", "/api/v1/session", NULL, NULL, bytes, NULL, NULL);
  *status = r.status;
  if (r.status != 201)
    return NULL;
  return g_strdup (jstr (&r, "token"));
}

static char *
login (const char *user,
       const char *password)
{
  guint status;
  char *token = login_port (main_server.port, user, password, &status);

  g_assert_cmpuint (status, ==, 201);
  return token;
}

static char *
item_json (const char *uuid,
           const char *payload,
           const char *blob)
{
  return g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"curation\",\"created_at\":\"2026-11-26T10:00:00+01:00\","
                          "\"author\":\"alice\",\"payload\":%s%s%s%s}",
                          uuid, payload, blob ? ",\"blobs\":[\"" : "", blob ? blob : "", blob ? "\"]" : "");
}

static char *
sha256_hex (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Fixtures shared by the tests, in order */

static char *alice_token;
static char *bob_token;

static void
test_health (void)
{
  g_auto(Reply) r = { 0 };

  request (&r, "GET", "/health", NULL, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (jstr (&r, "status"), ==, "ok");
  g_assert_cmpstr (jstr (&r, "database"), ==, "ok");
  g_assert_cmpstr (jstr (&r, "version"), ==, PACKAGE_VERSION);
}

static void
test_auth (void)
{
  g_autofree char *token = NULL;
  guint status;

  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects", NULL, NULL);
    g_assert_cmpuint (r.status, ==, 401);
    g_assert_cmpstr (error_code (&r), ==, "unauthorized");
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects", "gwt_not-a-real-token", NULL);
    g_assert_cmpuint (r.status, ==, 401);
  }

  g_assert_null (login_port (main_server.port, "alice", "wrong password", &status));
  g_assert_cmpuint (status, ==, 401);
  g_assert_null (login_port (main_server.port, "nobody", "password123", &status));
  g_assert_cmpuint (status, ==, 401);

  alice_token = login ("alice", "alice-password");
  bob_token = login ("bob", "bob-password");
  g_assert_true (g_str_has_prefix (alice_token, "gwt_"));
  g_assert_cmpstr (alice_token, !=, bob_token);

  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/session", alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 200);
  }

  /* Revocation: a signed-out token stops working. */
  token = login ("alice", "alice-password");
  {
    g_auto(Reply) r = { 0 };
    request (&r, "DELETE", "/api/v1/session", token, NULL);
    g_assert_cmpuint (r.status, ==, 204);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects", token, NULL);
    g_assert_cmpuint (r.status, ==, 401);
  }

  /* A disabled account loses its sessions and cannot sign in. */
  {
    g_autofree char *carol = login ("carol", "carol-password");
    g_auto(Reply) r = { 0 };

    admin_ok (NULL, "user", "disable", "carol", NULL);
    request (&r, "GET", "/api/v1/projects", carol, NULL);
    g_assert_cmpuint (r.status, ==, 401);
    g_assert_null (login_port (main_server.port, "carol", "carol-password", &status));
    g_assert_cmpuint (status, ==, 401);
  }

  /* A new password works, the old one does not, and old sessions end. */
  {
    g_autofree char *carol = NULL;
    g_autofree char *again = NULL;
    g_auto(Reply) r = { 0 };

    admin_ok (NULL, "user", "enable", "carol", NULL);
    carol = login ("carol", "carol-password");
    admin_ok ("carol-new-password\n", "user", "password", "carol", NULL);
    request (&r, "GET", "/api/v1/projects", carol, NULL);
    g_assert_cmpuint (r.status, ==, 401);
    g_assert_null (login_port (main_server.port, "carol", "carol-password", &status));
    g_assert_cmpuint (status, ==, 401);
    again = login ("carol", "carol-new-password");
  }

  /* Tokens are stored hashed: the database file never holds one. */
  if (!use_postgres)
    {
      g_autofree char *path = g_build_filename (tmpdir, "server.db", NULL);
      g_autofree char *wal = g_build_filename (tmpdir, "server.db-wal", NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_null (memmem (contents, len, alice_token, strlen (alice_token)));
      g_clear_pointer (&contents, g_free);
      if (g_file_get_contents (wal, &contents, &len, NULL))
        g_assert_null (memmem (contents, len, alice_token, strlen (alice_token)));
    }

  /* Nor does the log. */
  {
    g_autofree char *log = NULL;

    g_assert_true (g_file_get_contents (main_server.log, &log, NULL, NULL));
    g_assert_null (strstr (log, alice_token));
    g_assert_null (strstr (log, "alice-password"));
  }
}

static void
test_projects_and_validation (void)
{
  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects", alice_token, "{\"id\":\"" PROJECT_A "\",\"name\":\"Brain lipids\"}");
    g_assert_cmpuint (r.status, ==, 201);
    g_assert_cmpstr (jstr (&r, "owner"), ==, "alice");
    g_assert_cmpstr (jstr (&r, "access"), ==, "owner");
  }
  {
    /* Creating again is idempotent for the owner... */
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects", alice_token, "{\"id\":\"" PROJECT_A "\",\"name\":\"Brain lipids\"}");
    g_assert_cmpuint (r.status, ==, 200);
  }
  {
    /* ...and a conflict for anyone else. */
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects", bob_token, "{\"id\":\"" PROJECT_A "\",\"name\":\"Mine\"}");
    g_assert_cmpuint (r.status, ==, 409);
  }

  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects", alice_token, "{\"name\": \"unterminated");
    g_assert_cmpuint (r.status, ==, 400);
    g_assert_cmpstr (error_code (&r), ==, "bad_json");
  }
  {
    /* json-glib's parse error quotes "\251" as a raw byte, not UTF-8: the
     * reply must still be valid JSON. */
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects", alice_token, "{\"name\": \"a\\251b\"");
    g_assert_cmpuint (r.status, ==, 400);
    g_assert_cmpstr (error_code (&r), ==, "bad_json");
  }
  {
    /* A whole body whose escapes json-glib would decode to bytes that
     * are not UTF-8 (octal, a lone low surrogate) or cut short (\u0000):
     * refused before anything is stored. */
    const char *bodies[] = {
      "{\"name\": \"a\\251b\"}",
      "{\"na\\251me\": \"x\"}",
      "{\"name\": \"a\\udc00b\"}",
      "{\"name\": \"a\\ud800b\"}",
      "{\"name\": \"a\\u0000b\"}",
      "{\"name\": \"a\\x41\"}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_auto(Reply) r = { 0 };

        request (&r, "POST", "/api/v1/projects", alice_token, bodies[i]);
        g_assert_cmpuint (r.status, ==, 400);
        g_assert_cmpstr (error_code (&r), ==, "bad_json");
      }
  }
  {
    /* A surrogate pair is a real character and kept. */
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects", alice_token,
             "{\"id\":\"3c2d4a10-0000-4000-8000-555555555555\",\"name\":\"Lipids \\ud83e\\uddea \\u00e9\"}");
    g_assert_cmpuint (r.status, ==, 201);
    g_assert_cmpstr (jstr (&r, "name"), ==, "Lipids \360\237\247\252 \303\251");
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects", alice_token, "{\"name\": 5}");
    g_assert_cmpuint (r.status, ==, 400);
    g_assert_cmpstr (error_code (&r), ==, "invalid");
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects", alice_token, "[1, 2]");
    g_assert_cmpuint (r.status, ==, 400);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", alice_token, "{\"items\": \"x\"}");
    g_assert_cmpuint (r.status, ==, 400);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", alice_token,
             "{\"items\": [{\"uuid\": \"not-a-uuid\", \"kind\": \"run\", \"created_at\": \"2026-01-01T00:00:00Z\","
             " \"author\": \"a\", \"payload\": {}}]}");
    g_assert_cmpuint (r.status, ==, 400);
    g_assert_nonnull (strstr (g_bytes_get_data (r.body, NULL), "items[0].uuid"));
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", alice_token,
             "{\"items\": [{\"uuid\": \"9e3f3f5e-1111-4d51-9a55-0c3a4e6d2f10\", \"kind\": \"run\","
             " \"created_at\": 12, \"author\": \"a\", \"payload\": {}}]}");
    g_assert_cmpuint (r.status, ==, 400);
    g_assert_nonnull (strstr (g_bytes_get_data (r.body, NULL), "created_at"));
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", alice_token,
             "{\"items\": [{\"uuid\": \"9e3f3f5e-1111-4d51-9a55-0c3a4e6d2f10\", \"kind\": \"run\","
             " \"created_at\": \"2026-01-01T00:00:00Z\", \"author\": \"a\"}]}");
    g_assert_cmpuint (r.status, ==, 400);
    g_assert_nonnull (strstr (g_bytes_get_data (r.body, NULL), "payload"));
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects/" PROJECT_A "/items?since=-3", alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 400);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/nowhere", alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 404);
    g_assert_cmpstr (error_code (&r), ==, "not_found");
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "DELETE", "/api/v1/projects", alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 405);
  }
  /* Nothing invalid was stored. */
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects/" PROJECT_A, alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpint (jint (&r, "head"), ==, 0);
  }
}

static void
test_authorisation (void)
{
  const char *item = "{\"items\":[{\"uuid\":\"7d1e0c55-0000-4000-8000-000000000001\",\"kind\":\"metadata\","
                     "\"created_at\":\"2026-11-26T09:00:00Z\",\"author\":\"bob\",\"payload\":{\"note\":\"hi\"}}]}";

  /* Bob cannot see Alice's project: "not found", exactly as if it did not
   * exist, for every route under it. */
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects/" PROJECT_A, bob_token, NULL);
    g_assert_cmpuint (r.status, ==, 404);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects/" PROJECT_A "/items", bob_token, NULL);
    g_assert_cmpuint (r.status, ==, 404);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", bob_token, item);
    g_assert_cmpuint (r.status, ==, 404);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects", bob_token, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_null (strstr (g_bytes_get_data (r.body, NULL), PROJECT_A));
  }

  /* Shared read-only with Bob's team: visible, but not writable. */
  {
    g_auto(Reply) r = { 0 };
    request (&r, "PUT", "/api/v1/projects/" PROJECT_A "/shares/lab", alice_token, "{\"access\":\"read\"}");
    g_assert_cmpuint (r.status, ==, 200);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects/" PROJECT_A, bob_token, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpstr (jstr (&r, "access"), ==, "read");
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", bob_token, item);
    g_assert_cmpuint (r.status, ==, 403);
    g_assert_cmpstr (error_code (&r), ==, "forbidden");
  }
  {
    /* Only the owner manages shares. */
    g_auto(Reply) r = { 0 };
    request (&r, "PUT", "/api/v1/projects/" PROJECT_A "/shares/lab", bob_token, "{\"access\":\"write\"}");
    g_assert_cmpuint (r.status, ==, 403);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "PUT", "/api/v1/projects/" PROJECT_A "/shares/lab", alice_token, "{\"access\":\"admin\"}");
    g_assert_cmpuint (r.status, ==, 400);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "PUT", "/api/v1/projects/" PROJECT_A "/shares/lab", alice_token, "{\"access\":\"write\"}");
    g_assert_cmpuint (r.status, ==, 200);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", bob_token, item);
    g_assert_cmpuint (r.status, ==, 200);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "DELETE", "/api/v1/projects/" PROJECT_A "/shares/lab", alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 204);
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects/" PROJECT_A, bob_token, NULL);
    g_assert_cmpuint (r.status, ==, 404);
  }
}

static GPtrArray *
pull_all (const char *token,
          const char *project,
          guint       limit,
          gint64     *head)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  gint64 since = 0;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/items?since=%" G_GINT64_FORMAT "&limit=%u",
                                               project, since, limit);
      g_auto(Reply) r = { 0 };
      JsonArray *array;

      request (&r, "GET", path, token, NULL);
      g_assert_cmpuint (r.status, ==, 200);
      array = json_object_get_array_member (json_node_get_object (r.json), "items");
      g_assert_cmpuint (json_array_get_length (array), <=, limit);
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (items, json_node_copy (json_array_get_element (array, i)));
      since = jint (&r, "next");
      *head = jint (&r, "head");
      if (!json_object_get_boolean_member (json_node_get_object (r.json), "more"))
        break;
    }
  return items;
}

static void
test_push_pull (void)
{
  g_autoptr(GPtrArray) pulled = NULL;
  g_autoptr(GString) batch = NULL;
  gint64 head = 0, head_before = 0;
  guint n_batches = 3, per_batch = 80;

  {
    g_autoptr(GPtrArray) before = pull_all (alice_token, PROJECT_A, 500, &head_before);
  }

  for (guint b = 0; b < n_batches; b++)
    {
      g_autofree char *first_reply = NULL;

      batch = g_string_new ("{\"items\":[");
      for (guint i = 0; i < per_batch; i++)
        {
          g_autofree char *uuid = g_strdup_printf ("3c2d4a10-0000-4000-8000-%012u", b * per_batch + i);
          g_autofree char *payload = g_strdup_printf ("{\"index\":%u,\"text\":\"peak \\\"%u\\\"\\n\",\"v\":[1.5,null,true]}",
                                                      b * per_batch + i, i);
          g_autofree char *item = item_json (uuid, payload, NULL);

          g_string_append_printf (batch, "%s%s", i ? "," : "", item);
        }
      g_string_append (batch, "]}");

      /* Each batch is sent twice: the retry after a "lost" response must
       * report the same sequence numbers and add nothing. */
      for (guint attempt = 0; attempt < 2; attempt++)
        {
          g_auto(Reply) r = { 0 };
          JsonArray *results;

          request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", alice_token, batch->str);
          g_assert_cmpuint (r.status, ==, 200);
          results = json_object_get_array_member (json_node_get_object (r.json), "results");
          g_assert_cmpuint (json_array_get_length (results), ==, per_batch);
          for (guint i = 0; i < per_batch; i++)
            {
              JsonObject *res = json_array_get_object_element (results, i);

              g_assert_cmpint (json_object_get_int_member (res, "seq"), ==, head_before + b * per_batch + i + 1);
              g_assert_cmpstr (json_object_get_string_member (res, "status"), ==, attempt ? "duplicate" : "created");
            }
          g_assert_cmpint (jint (&r, "head"), ==, head_before + (b + 1) * per_batch);
        }
      g_string_free (g_steal_pointer (&batch), TRUE);
    }

  pulled = pull_all (alice_token, PROJECT_A, 33, &head);
  g_assert_cmpint (head, ==, head_before + n_batches * per_batch);
  g_assert_cmpuint (pulled->len, ==, head);
  for (guint i = 0; i < pulled->len; i++)
    {
      JsonObject *item = json_node_get_object (g_ptr_array_index (pulled, i));

      g_assert_cmpint (json_object_get_int_member (item, "seq"), ==, i + 1);
      if (i >= head_before)
        {
          guint k = i - head_before;
          g_autofree char *uuid = g_strdup_printf ("3c2d4a10-0000-4000-8000-%012u", k);
          g_autofree char *text = g_strdup_printf ("peak \"%u\"\n", k % per_batch);
          JsonObject *payload = json_object_get_object_member (item, "payload");

          g_assert_cmpstr (json_object_get_string_member (item, "uuid"), ==, uuid);
          g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "curation");
          g_assert_cmpstr (json_object_get_string_member (item, "created_at"), ==, "2026-11-26T10:00:00+01:00");
          g_assert_cmpint (json_object_get_int_member (payload, "index"), ==, k);
          g_assert_cmpstr (json_object_get_string_member (payload, "text"), ==, text);
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (payload, "v")), ==, 3);
        }
    }

  /* The same UUID with other content is refused, and the whole push with
   * it. */
  {
    g_autofree char *changed = item_json ("3c2d4a10-0000-4000-8000-000000000001", "{\"index\":999}", NULL);
    g_autofree char *fresh = item_json ("3c2d4a10-0000-4000-8000-999999999999", "{}", NULL);
    g_autofree char *body = g_strdup_printf ("{\"items\":[%s,%s]}", fresh, changed);
    g_auto(Reply) r = { 0 };

    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", alice_token, body);
    g_assert_cmpuint (r.status, ==, 409);
    g_assert_cmpstr (error_code (&r), ==, "uuid_conflict");
  }
  /* An item naming a blob the server lacks is refused. */
  {
    g_autofree char *it = item_json ("3c2d4a10-0000-4000-8000-888888888888", "{}",
                                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    g_autofree char *body = g_strdup_printf ("{\"items\":[%s]}", it);
    g_auto(Reply) r = { 0 };

    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", alice_token, body);
    g_assert_cmpuint (r.status, ==, 409);
    g_assert_cmpstr (error_code (&r), ==, "missing_blob");
  }
  {
    g_autoptr(GPtrArray) again = pull_all (alice_token, PROJECT_A, 500, &head);
    g_assert_cmpuint (again->len, ==, pulled->len);
  }
}

static GBytes *
make_blob (gsize size,
           guint seed)
{
  guint8 *data = g_malloc (size);
  guint32 x = seed * 2654435761u + 1;

  for (gsize i = 0; i < size; i++)
    {
      x = x * 1103515245u + 12345u;
      data[i] = x >> 16;
    }
  return g_bytes_new_take (data, size);
}

static guint
put_piece (Reply      *r,
           const char *token,
           const char *project,
           const char *sha,
           GBytes     *blob,
           gsize       first,
           gsize       len)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/blobs/%s", project, sha);
  g_autofree char *range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                                            first, first + len - 1, g_bytes_get_size (blob));
  g_autoptr(GBytes) piece = g_bytes_new_from_bytes (blob, first, len);

  request_full (r, main_server.port, "PUT", path, token, "application/octet-stream", piece,
                "Content-Range", range);
  return r->status;
}

static void
test_blobs (void)
{
  g_autoptr(GBytes) blob = make_blob (3 * 1024 * 1024 + 12345, 1);
  g_autofree char *sha = sha256_hex (blob);
  g_autofree char *status_path = g_strdup_printf ("/api/v1/projects/" PROJECT_A "/blobs/%s/status", sha);
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/" PROJECT_A "/blobs/%s", sha);
  gsize piece = 1024 * 1024;

  {
    g_auto(Reply) r = { 0 };
    g_assert_cmpuint (put_piece (&r, alice_token, PROJECT_A, sha, blob, 0, piece), ==, 202);
    g_assert_cmpint (jint (&r, "received"), ==, piece);
  }
  {
    /* A retry of an acknowledged piece changes nothing. */
    g_auto(Reply) r = { 0 };
    g_assert_cmpuint (put_piece (&r, alice_token, PROJECT_A, sha, blob, 0, piece), ==, 202);
    g_assert_cmpint (jint (&r, "received"), ==, piece);
  }
  {
    /* A gap is refused with the offset to resume from. */
    g_auto(Reply) r = { 0 };
    JsonObject *err;

    g_assert_cmpuint (put_piece (&r, alice_token, PROJECT_A, sha, blob, 2 * piece, piece), ==, 409);
    g_assert_cmpstr (error_code (&r), ==, "offset_mismatch");
    err = json_object_get_object_member (json_node_get_object (r.json), "error");
    g_assert_cmpint (json_object_get_int_member (err, "received"), ==, piece);
  }
  {
    /* Resume from the status, as a client does after a crash. */
    g_auto(Reply) r = { 0 };
    gsize received;

    request (&r, "GET", status_path, alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (r.json), "complete"));
    received = jint (&r, "received");
    while (received < g_bytes_get_size (blob))
      {
        g_auto(Reply) p = { 0 };
        gsize len = MIN (piece, g_bytes_get_size (blob) - received);
        guint st = put_piece (&p, alice_token, PROJECT_A, sha, blob, received, len);

        received += len;
        g_assert_cmpuint (st, ==, received == g_bytes_get_size (blob) ? 201 : 202);
      }
  }
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", path, alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_true (g_bytes_equal (r.body, blob));
  }
  {
    /* Bob cannot read it. */
    g_auto(Reply) r = { 0 };
    request (&r, "GET", path, bob_token, NULL);
    g_assert_cmpuint (r.status, ==, 404);
  }

  /* Bytes that do not match the name are discarded. */
  {
    g_autoptr(GBytes) other = make_blob (5000, 2);
    const char *wrong = "0000000000000000000000000000000000000000000000000000000000000000";
    g_autofree char *wrong_status = g_strdup_printf ("/api/v1/projects/" PROJECT_A "/blobs/%s/status", wrong);
    g_auto(Reply) r = { 0 };
    g_auto(Reply) s = { 0 };

    g_assert_cmpuint (put_piece (&r, alice_token, PROJECT_A, wrong, other, 0, 5000), ==, 422);
    g_assert_cmpstr (error_code (&r), ==, "digest_mismatch");
    request (&s, "GET", wrong_status, alice_token, NULL);
    g_assert_cmpuint (s.status, ==, 404);
  }

  /* The digest covers every piece: a blob whose second piece was
   * corrupted on the way is refused when it completes, and its status is
   * gone so the client starts over. */
  {
    g_autoptr(GBytes) good = make_blob (2 * piece + 100, 4);
    g_autofree char *good_sha = sha256_hex (good);
    g_autofree char *good_status = g_strdup_printf ("/api/v1/projects/" PROJECT_A "/blobs/%s/status", good_sha);
    g_autofree guint8 *bad_data = g_memdup2 (g_bytes_get_data (good, NULL), g_bytes_get_size (good));
    g_autoptr(GBytes) bad = NULL;
    g_auto(Reply) r1 = { 0 };
    g_auto(Reply) r2 = { 0 };
    g_auto(Reply) r3 = { 0 };
    g_auto(Reply) s = { 0 };

    bad_data[piece + 17] ^= 0x40;
    bad = g_bytes_new (bad_data, g_bytes_get_size (good));
    g_assert_cmpuint (put_piece (&r1, alice_token, PROJECT_A, good_sha, bad, 0, piece), ==, 202);
    g_assert_cmpuint (put_piece (&r2, alice_token, PROJECT_A, good_sha, bad, piece, piece), ==, 202);
    g_assert_cmpuint (put_piece (&r3, alice_token, PROJECT_A, good_sha, bad, 2 * piece, 100), ==, 422);
    g_assert_cmpstr (error_code (&r3), ==, "digest_mismatch");
    request (&s, "GET", good_status, alice_token, NULL);
    g_assert_cmpuint (s.status, ==, 404);
  }

  /* Now an item may refer to the blob. */
  {
    g_autofree char *it = item_json ("3c2d4a10-0000-4000-8000-777777777777", "{\"run\":\"with data\"}", sha);
    g_autofree char *body = g_strdup_printf ("{\"items\":[%s]}", it);
    g_auto(Reply) r = { 0 };

    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", alice_token, body);
    g_assert_cmpuint (r.status, ==, 200);
  }
}

static void
test_body_limit (void)
{
  /* The default limit is 50 MiB; the client asks before sending, so the
   * refusal costs no upload. */
  gsize size = 50 * 1024 * 1024 + 1;
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (size), size);
  g_auto(Reply) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/" PROJECT_A "/blobs/%064d", 1);

  request_full (&r, main_server.port, "PUT", path, alice_token, "application/octet-stream", big, "Expect", "100-continue");
  g_assert_cmpuint (r.status, ==, 413);
  g_assert_cmpstr (error_code (&r), ==, "too_large");
}

typedef struct
{
  GMainLoop               *loop;
  SoupWebsocketConnection *conn;
  GPtrArray               *messages;
  GError                  *error;
} WsState;

static void
ws_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  WsState *st = data;

  st->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &st->error);
  g_main_loop_quit (st->loop);
}

static void
ws_message_cb (SoupWebsocketConnection *conn,
               gint                     type,
               GBytes                  *message,
               gpointer                 data)
{
  WsState *st = data;

  g_ptr_array_add (st->messages, g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
  g_main_loop_quit (st->loop);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
ws_connect (WsState    *st,
            const char *token)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/api/v1/events", main_server.port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  guint timeout;

  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  st->loop = g_main_loop_new (NULL, FALSE);
  st->messages = g_ptr_array_new_with_free_func (g_free);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, ws_connected_cb, st);
  timeout = g_timeout_add_seconds (20, quit_cb, st->loop);
  g_main_loop_run (st->loop);
  g_source_remove (timeout);
}

static const char *
ws_wait (WsState *st,
         guint    n)
{
  guint timeout = g_timeout_add_seconds (20, quit_cb, st->loop);

  while (st->messages->len < n)
    {
      guint before = st->messages->len;

      g_main_loop_run (st->loop);
      if (st->messages->len == before)
        break;
    }
  g_source_remove (timeout);
  g_assert_cmpuint (st->messages->len, >=, n);
  return g_ptr_array_index (st->messages, n - 1);
}

static void
test_websocket (void)
{
  WsState denied = { 0 };
  WsState st = { 0 };

  ws_connect (&denied, NULL);
  g_assert_null (denied.conn);
  g_assert_nonnull (denied.error);
  g_clear_error (&denied.error);
  g_main_loop_unref (denied.loop);
  g_ptr_array_unref (denied.messages);

  ws_connect (&st, alice_token);
  g_assert_no_error (st.error);
  g_assert_nonnull (st.conn);
  g_signal_connect (st.conn, "message", G_CALLBACK (ws_message_cb), &st);

  /* Bob's project is invisible to Alice: subscribing fails. */
  soup_websocket_connection_send_text (st.conn, "{\"type\":\"subscribe\",\"project\":\"" PROJECT_B "\"}");
  g_assert_nonnull (strstr (ws_wait (&st, 1), "not_found"));
  soup_websocket_connection_send_text (st.conn, "{\"type\":\"subscribe\",\"project\":\"" PROJECT_A "\"}");
  g_assert_nonnull (strstr (ws_wait (&st, 2), "subscribed"));

  {
    g_autofree char *it = item_json ("3c2d4a10-0000-4000-8000-555555555555", "{\"live\":true}", NULL);
    g_autofree char *body = g_strdup_printf ("{\"items\":[%s]}", it);
    g_auto(Reply) r = { 0 };
    g_autofree char *expected = NULL;

    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", alice_token, body);
    g_assert_cmpuint (r.status, ==, 200);
    expected = g_strdup_printf ("{\"type\":\"changed\",\"project\":\"" PROJECT_A "\",\"head\":%" G_GINT64_FORMAT "}",
                                jint (&r, "head"));
    g_assert_cmpstr (ws_wait (&st, 3), ==, expected);
  }

  soup_websocket_connection_close (st.conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&st.conn);
  g_main_loop_unref (st.loop);
  g_ptr_array_unref (st.messages);
}

static void
test_headers_and_metrics (void)
{
  {
    g_auto(Reply) r = { 0 };
    SoupMessageHeaders *h;

    request (&r, "GET", "/api/v1/projects", alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    h = soup_message_get_response_headers (r.msg);
    g_assert_cmpstr (soup_message_headers_get_one (h, "X-Content-Type-Options"), ==, "nosniff");
    g_assert_cmpstr (soup_message_headers_get_one (h, "X-Frame-Options"), ==, "DENY");
    g_assert_cmpstr (soup_message_headers_get_one (h, "Cache-Control"), ==, "no-store");
    g_assert_nonnull (soup_message_headers_get_one (h, "Content-Security-Policy"));
  }
  {
    /* A Host name outside the allow-list is refused. */
    g_auto(Reply) r = { 0 };
    request_full (&r, main_server.port, "GET", "/health", NULL, NULL, NULL, "Host", "evil.example.org");
    g_assert_cmpuint (r.status, ==, 400);
    g_assert_cmpstr (error_code (&r), ==, "bad_host");
  }
  {
    g_auto(Reply) r = { 0 };
    const char *text;

    request (&r, "GET", "/metrics", NULL, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    text = g_bytes_get_data (r.body, NULL);
    g_assert_nonnull (strstr (text, "gw_http_requests_total{method=\"POST\",code=\"201\"}"));
    g_assert_nonnull (strstr (text, "gw_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
    g_assert_nonnull (strstr (text, "gw_http_open_connections "));
    g_assert_nonnull (strstr (text, "gw_http_request_errors_total "));
    g_assert_nonnull (strstr (text, "gw_login_failures_total "));
  }
}

/* The strict server: tiny limits, to trip each protection cheaply. */

static void
test_rate_limit (void)
{
  guint ok = 0, limited = 0;
  g_autofree char *retry = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_auto(Reply) r = { 0 };

      request_full (&r, strict_server.port, "GET", "/api/v1/projects", NULL, NULL, NULL, NULL, NULL);
      if (r.status == 429)
        {
          limited++;
          g_assert_cmpstr (error_code (&r), ==, "rate_limited");
          g_free (retry);
          retry = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (r.msg), "Retry-After"));
        }
      else
        {
          g_assert_cmpuint (r.status, ==, 401);
          ok++;
        }
    }
  /* burst = 10 at 1 request per second */
  g_assert_cmpuint (ok, >=, 10);
  g_assert_cmpuint (ok, <=, 13);
  g_assert_cmpuint (limited, >=, 27);
  g_assert_nonnull (retry);
  g_assert_cmpint (atoi (retry), >=, 1);

  /* /health is never rate-limited: load balancers probe it. */
  g_assert_cmpuint (http_status_of ("GET", strict_server.port, "/health"), ==, 200);

  /* Another client (as reported by a trusted proxy) has its own budget. */
  {
    g_auto(Reply) r = { 0 };
    request_full (&r, strict_server.port, "GET", "/api/v1/projects", NULL, NULL, NULL,
                  "X-Forwarded-For", "192.0.2.7");
    g_assert_cmpuint (r.status, ==, 401);
  }
}

static guint
strict_login (const char *client,
              const char *password,
              char      **retry_after)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"bob\",\"password\":\"%s\"}", password);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_auto(Reply) r = { 0 };

  request_full (&r, strict_server.port, "POST", "/api/v1/session", NULL, NULL, bytes, "X-Forwarded-For", client);
  if (retry_after)
    *retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (r.msg), "Retry-After"));
  return r.status;
}

static void
test_login_limit (void)
{
  g_autofree char *retry = NULL;

  /* login_max_failures = 3 in a 5 s window, then 5 s locked out */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (strict_login ("198.51.100.1", "wrong", NULL), ==, 401);
  /* Locked out, even with the right password... */
  g_assert_cmpuint (strict_login ("198.51.100.1", "bob-password", &retry), ==, 429);
  g_assert_nonnull (retry);
  g_assert_cmpint (atoi (retry), >=, 1);
  /* ...but not another client... */
  g_assert_cmpuint (strict_login ("198.51.100.2", "bob-password", NULL), ==, 201);
  /* ...and only for a while. */
  g_usleep (5200 * 1000);
  g_assert_cmpuint (strict_login ("198.51.100.1", "bob-password", NULL), ==, 201);
}

static void
test_slow_client (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  const char *partial = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  char buffer[256];
  gssize n;
  gint64 start;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", strict_server.port, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                                            partial, strlen (partial), NULL, NULL, &error));
  start = g_get_monotonic_time ();
  /* header_timeout = 1 s: the server hangs up instead of waiting. */
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)), buffer, sizeof buffer, NULL, &error);
  g_assert_cmpint (n, <=, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* The server is fine afterwards. */
  g_assert_cmpuint (http_status_of ("GET", strict_server.port, "/health"), ==, 200);
}

static void
test_body_limit_configured (void)
{
  /* max_body_size = 64 KiB, and this client sends the body without
   * asking first: the server reads and discards it, then refuses. */
  g_autoptr(GBytes) body = make_blob (200 * 1024, 3);
  g_auto(Reply) r = { 0 };

  request_full (&r, strict_server.port, "POST", "/api/v1/session", NULL, "application/json", body,
                "X-Forwarded-For", "203.0.113.9");
  g_assert_cmpuint (r.status, ==, 413);
  g_assert_cmpuint (http_status_of ("GET", strict_server.port, "/health"), ==, 200);
}

/* TLS */

static gboolean
make_certificate (const char *cert,
                  const char *key)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  const char *argv[] = { openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                         "-keyout", key, "-out", cert, NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  if (openssl == NULL)
    return FALSE;
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);
  return TRUE;
}

static guint
get_with (SoupSession *s,
          const char  *url,
          GBytes     **body,
          GError     **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = soup_session_send_and_read (s, msg, NULL, error);

  if (bytes == NULL)
    return 0;
  if (body != NULL)
    *body = g_steal_pointer (&bytes);
  return soup_message_get_status (msg);
}

static void
test_tls (void)
{
  g_autofree char *cert = g_build_filename (tmpdir, "tls-cert.pem", NULL);
  g_autofree char *key = g_build_filename (tmpdir, "tls-key.pem", NULL);
  g_autofree char *https = NULL;
  g_autofree char *http = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GTlsDatabase) ca = NULL;
  g_autoptr(SoupSession) trusting = soup_session_new ();
  g_autoptr(SoupSession) plain = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  Server tls = { 0 };
  const char *argv[] = { server_bin, "--config", NULL, NULL };
  guint status = 0;
  gint64 t0;

  if (!make_certificate (cert, key))
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  tls.port = gw_test_free_port ();
  tls.name = "tls";
  tls.config = g_strdup_printf ("%s/tls.conf", tmpdir);
  tls.log = g_strdup_printf ("%s/tls.log", tmpdir);
  text = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = %u\nworkers = 2\n"
                          "tls_certificate = %s\ntls_key = %s\n[database]\nurl = %s\n",
                          tls.port, cert, key, db_url);
  g_assert_true (g_file_set_contents_full (tls.config, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
  argv[2] = tls.config;

  ca = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (trusting, ca);
  soup_session_set_timeout (trusting, 30);
  soup_session_set_timeout (plain, 30);
  https = g_strdup_printf ("https://127.0.0.1:%u/health", tls.port);
  http = g_strdup_printf ("http://127.0.0.1:%u/health", tls.port);

  tls.proc = gw_test_spawn (argv, tls.log, gw_test_child_setup_kill, NULL);
  for (guint i = 0; i < 400 && status != 200; i++)
    {
      g_clear_error (&error);
      g_clear_pointer (&body, g_bytes_unref);
      status = get_with (trusting, https, &body, &error);
      if (status != 200)
        g_usleep (25000);
    }
  /* /health over https, with the CA handed to the client */
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "\"status\":\"ok\""));

  /* A client that does not trust the certificate refuses it. */
  status = get_with (plain, https, NULL, &error);
  g_assert_cmpuint (status, ==, 0);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  /* Plain http to the TLS port fails at once, with an error rather than a
   * hang or a garbled reply, and the server keeps serving. */
  t0 = g_get_monotonic_time ();
  status = get_with (plain, http, NULL, &error);
  g_assert_cmpuint (status, ==, 0);
  g_assert_nonnull (error);
  g_test_message ("plain http to the TLS port: %s", error->message);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_assert_cmpuint (get_with (trusting, https, NULL, &error), ==, 200);
  g_assert_no_error (error);

  g_assert_cmpint (server_stop (&tls), ==, 0);
  g_free (tls.config);
  g_free (tls.log);
}

/* Database outage */

static guint
wait_health (guint expected)
{
  guint status = 0;

  for (guint i = 0; i < 200; i++)
    {
      status = http_status_of ("GET", main_server.port, "/health");
      if (status == expected)
        break;
      g_usleep (50000);
    }
  return status;
}

static void
test_health_outage (void)
{
  if (!use_postgres)
    {
      g_test_skip ("SQLite is embedded in the server: there is no database server to stop");
      return;
    }

  g_assert_cmpuint (wait_health (200), ==, 200);
  gw_test_pg_stop ();
  g_assert_cmpuint (wait_health (503), ==, 503);
  {
    g_auto(Reply) r = { 0 };

    request (&r, "GET", "/health", NULL, NULL);
    g_assert_cmpstr (jstr (&r, "status"), ==, "unavailable");
    g_assert_cmpstr (jstr (&r, "database"), ==, "unavailable");
  }
  {
    /* API calls fail cleanly too, without internals. */
    g_auto(Reply) r = { 0 };

    request (&r, "GET", "/api/v1/projects", alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 503);
    g_assert_cmpstr (error_code (&r), ==, "unavailable");
    g_assert_null (strstr (g_bytes_get_data (r.body, NULL), "PostgreSQL"));
  }
  gw_test_pg_start ();
  g_assert_cmpuint (wait_health (200), ==, 200);
  {
    g_auto(Reply) r = { 0 };

    request (&r, "GET", "/api/v1/projects", alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 200);
  }
}

/* SIGTERM while uploading */

typedef struct
{
  GBytes    *blob;
  char      *sha;
  gsize      acked_bytes;
  GPtrArray *acked_items;
  guint      successes;
  gboolean   stopped;
  GMutex     lock;
} Uploader;

static gpointer
uploader_thread (gpointer data)
{
  Uploader *u = data;
  g_autoptr(SoupSession) own = soup_session_new ();
  gsize piece = 2 * 1024 * 1024;
  gsize offset = 0;
  g_autofree char *blob_path = g_strdup_printf ("/api/v1/projects/" PROJECT_A "/blobs/%s", u->sha);

  soup_session_set_timeout (own, 60);
  for (guint i = 0; offset < g_bytes_get_size (u->blob); i++)
    {
      g_autofree char *uuid = g_strdup_printf ("5e7a0b00-0000-4000-8000-%012u", i);
      g_autofree char *it = item_json (uuid, "{\"during\":\"shutdown\"}", NULL);
      g_autofree char *body = g_strdup_printf ("{\"items\":[%s]}", it);
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/projects/" PROJECT_A "/items", main_server.port);
      g_autofree char *blob_url = g_strdup_printf ("http://127.0.0.1:%u%s", main_server.port, blob_path);
      g_autofree char *auth = g_strdup_printf ("Bearer %s", alice_token);
      g_autoptr(SoupMessage) push = soup_message_new ("POST", url);
      g_autoptr(SoupMessage) put = soup_message_new ("PUT", blob_url);
      g_autoptr(GBytes) push_body = g_bytes_new (body, strlen (body));
      gsize len = MIN (piece, g_bytes_get_size (u->blob) - offset);
      g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (u->blob, offset, len);
      g_autofree char *range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                                                offset, offset + len - 1, g_bytes_get_size (u->blob));
      g_autoptr(GBytes) r1 = NULL;
      g_autoptr(GBytes) r2 = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (push), "Authorization", auth);
      soup_message_set_request_body_from_bytes (push, "application/json", push_body);
      r1 = soup_session_send_and_read (own, push, NULL, NULL);
      if (r1 == NULL || soup_message_get_status (push) != 200)
        break;
      g_mutex_lock (&u->lock);
      g_ptr_array_add (u->acked_items, g_strdup (uuid));
      u->successes++;
      g_mutex_unlock (&u->lock);

      soup_message_headers_replace (soup_message_get_request_headers (put), "Authorization", auth);
      soup_message_headers_replace (soup_message_get_request_headers (put), "Content-Range", range);
      soup_message_set_request_body_from_bytes (put, "application/octet-stream", chunk);
      r2 = soup_session_send_and_read (own, put, NULL, NULL);
      if (r2 == NULL || (soup_message_get_status (put) != 202 && soup_message_get_status (put) != 201))
        break;
      offset += len;
      g_mutex_lock (&u->lock);
      u->acked_bytes = offset;
      u->successes++;
      g_mutex_unlock (&u->lock);
    }
  g_mutex_lock (&u->lock);
  u->stopped = TRUE;
  g_mutex_unlock (&u->lock);
  return NULL;
}

static void
test_sigterm_upload (void)
{
  Uploader u = { 0 };
  GThread *thread;
  int status;
  gboolean done = FALSE;

  u.blob = make_blob (64 * 1024 * 1024, 9);
  u.sha = sha256_hex (u.blob);
  u.acked_items = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&u.lock);

  thread = g_thread_new ("uploader", uploader_thread, &u);
  for (guint i = 0; i < 2000 && !done; i++)
    {
      g_mutex_lock (&u.lock);
      done = u.successes >= 5 || u.stopped;
      g_mutex_unlock (&u.lock);
      g_usleep (5000);
    }
  g_assert_false (u.stopped);

  /* Mid-transfer: the uploader is sending its next request now. */
  status = server_stop (&main_server);
  g_assert_cmpint (status, ==, 0);
  g_thread_join (thread);
  g_assert_true (u.stopped);
  g_assert_cmpuint (u.acked_bytes, <, g_bytes_get_size (u.blob));

  server_start (&main_server);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/projects/" PROJECT_A "/blobs/%s/status", u.sha);
    g_autoptr(GPtrArray) items = NULL;
    g_auto(Reply) r = { 0 };
    gint64 head;

    /* Every acknowledged byte is there... */
    request (&r, "GET", path, alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpint (jint (&r, "received"), >=, u.acked_bytes);
    g_assert_cmpint (jint (&r, "size"), ==, g_bytes_get_size (u.blob));

    /* ...and every acknowledged item. */
    items = pull_all (alice_token, PROJECT_A, 5000, &head);
    for (guint i = 0; i < u.acked_items->len; i++)
      {
        gboolean found = FALSE;

        for (guint k = 0; k < items->len && !found; k++)
          found = g_str_equal (json_object_get_string_member (json_node_get_object (g_ptr_array_index (items, k)), "uuid"),
                               g_ptr_array_index (u.acked_items, i));
        g_assert_true (found);
      }

    /* The upload resumes where the server says and completes intact. */
    {
      gsize received = jint (&r, "received");
      g_autofree char *blob_path = g_strdup_printf ("/api/v1/projects/" PROJECT_A "/blobs/%s", u.sha);
      g_auto(Reply) got = { 0 };

      while (received < g_bytes_get_size (u.blob))
        {
          g_auto(Reply) p = { 0 };
          gsize len = MIN (8 * 1024 * 1024, g_bytes_get_size (u.blob) - received);

          put_piece (&p, alice_token, PROJECT_A, u.sha, u.blob, received, len);
          g_assert_cmpuint (p.status / 100, ==, 2);
          received += len;
        }
      request (&got, "GET", blob_path, alice_token, NULL);
      g_assert_cmpuint (got.status, ==, 200);
      g_assert_true (g_bytes_equal (got.body, u.blob));
    }
  }

  g_mutex_clear (&u.lock);
  g_ptr_array_unref (u.acked_items);
  g_bytes_unref (u.blob);
  g_free (u.sha);
}

/* Backup, wipe, restore */

static char *
snapshot (const char *token)
{
  GString *out = g_string_new (NULL);
  g_auto(Reply) list = { 0 };
  JsonArray *projects;

  request (&list, "GET", "/api/v1/projects", token, NULL);
  g_assert_cmpuint (list.status, ==, 200);
  g_string_append_len (out, g_bytes_get_data (list.body, NULL), g_bytes_get_size (list.body));
  projects = json_object_get_array_member (json_node_get_object (list.json), "projects");
  for (guint p = 0; p < json_array_get_length (projects); p++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (projects, p), "id");
      g_autoptr(GPtrArray) items = NULL;
      gint64 head;

      items = pull_all (token, id, 5000, &head);
      for (guint i = 0; i < items->len; i++)
        {
          g_autofree char *text = json_to_string (g_ptr_array_index (items, i), FALSE);
          JsonArray *blobs = json_object_get_array_member (json_node_get_object (g_ptr_array_index (items, i)), "blobs");

          g_string_append_printf (out, "\n%s", text);
          for (guint b = 0; b < json_array_get_length (blobs); b++)
            {
              g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/blobs/%s", id,
                                                       json_array_get_string_element (blobs, b));
              g_auto(Reply) r = { 0 };
              g_autofree char *sum = NULL;

              request (&r, "GET", path, token, NULL);
              g_assert_cmpuint (r.status, ==, 200);
              sum = sha256_hex (r.body);
              g_assert_cmpstr (sum, ==, json_array_get_string_element (blobs, b));
              g_string_append_printf (out, " blob %s %" G_GSIZE_FORMAT, sum, g_bytes_get_size (r.body));
            }
        }
    }
  return g_string_free (out, FALSE);
}

static void
wipe_database (void)
{
  if (use_postgres)
    {
      PGconn *conn = PQconnectdb (gw_test_pg_conninfo ());
      PGresult *res;

      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
      res = PQexec (conn, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
      g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
      PQclear (res);
      PQfinish (conn);
    }
  else
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strdup_printf ("%s/server.db%s", tmpdir, suffixes[i]);
          g_unlink (path);
        }
    }
}

static void
test_backup_restore (void)
{
  g_autofree char *backup = g_build_filename (tmpdir, "backup.jsonl", NULL);
  g_autofree char *before = snapshot (alice_token);
  g_autofree char *after = NULL;
  g_autofree char *bob_before = snapshot (bob_token);
  g_autofree char *bob_after = NULL;
  g_autofree char *listing = NULL;
  GStatBuf st;
  int status;

  g_assert_nonnull (strstr (before, "blob "));

  /* A backup taken while the server runs. */
  admin_ok (NULL, "backup", backup, NULL, NULL);
  g_assert_cmpint (g_stat (backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 077, ==, 0);

  g_assert_cmpint (server_stop (&main_server), ==, 0);
  wipe_database ();

  /* The wipe is real: a fresh database knows nobody. */
  listing = admin (NULL, &status, "user", "list", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (listing, ==, "");

  /* A damaged backup is refused as a whole: an escape json-glib would
   * decode to bytes that are not UTF-8 must not reach the database. */
  {
    g_autofree char *damaged = g_build_filename (tmpdir, "damaged.jsonl", NULL);
    g_autofree char *text = NULL;
    g_autofree char *users = NULL;
    g_autoptr(GString) edit = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_get_contents (backup, &text, NULL, &error));
    g_assert_no_error (error);
    edit = g_string_new (text);
    g_assert_cmpuint (g_string_replace (edit, "\"alice\"", "\"al\\udc00ice\"", 1), ==, 1);
    g_assert_true (g_file_set_contents (damaged, edit->str, edit->len, &error));
    g_assert_no_error (error);
    g_free (admin (NULL, &status, "restore", damaged, NULL));
    g_assert_cmpint (status, !=, 0);
    users = admin (NULL, &status, "user", "list", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_cmpstr (users, ==, "");
  }

  admin_ok (NULL, "restore", backup, NULL, NULL);
  server_start (&main_server);

  /* Sessions are not in backups: sign in again. */
  {
    g_auto(Reply) r = { 0 };
    request (&r, "GET", "/api/v1/projects", alice_token, NULL);
    g_assert_cmpuint (r.status, ==, 401);
  }
  g_free (alice_token);
  alice_token = login ("alice", "alice-password");
  g_free (bob_token);
  bob_token = login ("bob", "bob-password");

  after = snapshot (alice_token);
  bob_after = snapshot (bob_token);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (bob_after, ==, bob_before);

  /* New items continue the sequence where it left off. */
  {
    g_autofree char *it = item_json ("3c2d4a10-0000-4000-8000-444444444444", "{\"after\":\"restore\"}", NULL);
    g_autofree char *body = g_strdup_printf ("{\"items\":[%s]}", it);
    g_autoptr(GPtrArray) items = NULL;
    g_auto(Reply) r = { 0 };
    gint64 head;

    items = pull_all (alice_token, PROJECT_A, 5000, &head);
    request (&r, "POST", "/api/v1/projects/" PROJECT_A "/items", alice_token, body);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpint (jint (&r, "head"), ==, head + 1);
  }

  /* And new users get fresh ids (the PostgreSQL sequences moved on). */
  admin_ok ("dave-password\n", "user", "add", "dave", NULL);
  g_free (login ("dave", "dave-password"));
}

static void
test_check_config (void)
{
  g_autofree char *bad = g_build_filename (tmpdir, "bad.conf", NULL);
  g_autofree char *open = g_build_filename (tmpdir, "open.conf", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (bad, "[limits]\nmax_body_size = lots\n", -1, NULL));
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           server_bin, "--config", bad, "--check-config", NULL);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_false (g_subprocess_get_successful (proc));
  g_assert_nonnull (strstr (err, "max_body_size"));
  g_assert_nonnull (strstr (err, bad));
  g_clear_object (&proc);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A password in a world-readable file is reported. */
  g_assert_true (g_file_set_contents (open, "[database]\nurl = postgresql://gw:s3cret@db.example/gw\n", -1, NULL));
  g_assert_cmpint (g_chmod (open, 0644), ==, 0);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           server_bin, "--config", open, "--check-config", NULL);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_true (g_subprocess_get_successful (proc));
  g_assert_nonnull (strstr (err, "readable"));
  g_assert_null (strstr (err, "s3cret"));
  g_assert_nonnull (strstr (out, "configuration OK"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  const char *backend = "sqlite";
  int result;
  g_autofree char *sqlite_url = NULL;
  int n = 1;

  /* Our own arguments come first: --backend NAME --server PATH */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--backend") && i + 1 < argc)
        backend = argv[++i];
      else if (g_str_equal (argv[i], "--server") && i + 1 < argc)
        server_bin = argv[++i];
      else
        argv[n++] = argv[i];
    }
  argc = n;
  argv[argc] = NULL;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (server_bin);
  use_postgres = g_str_equal (backend, "postgres");

  tmpdir = g_dir_make_tmp ("gw-test-server-XXXXXX", &error);
  g_assert_no_error (error);
  if (use_postgres)
    db_url = gw_test_pg_setup (tmpdir, 60);
  else
    db_url = sqlite_url = g_strdup_printf ("sqlite:%s/server.db", tmpdir);

  session = soup_session_new ();
  soup_session_set_timeout (session, 120);

  main_server.port = gw_test_free_port ();
  write_config (&main_server, "main", "[limits]\nrate_limit_per_second = 100000\nrate_limit_burst = 100000\n");
  strict_server.port = gw_test_free_port ();
  write_config (&strict_server, "strict",
                "[limits]\nrate_limit_per_second = 1\nrate_limit_burst = 10\nmax_body_size = 65536\n"
                "header_timeout = 1\nlogin_max_failures = 3\nlogin_window = 5\n");

  admin_ok ("alice-password\n", "user", "add", "alice", "--admin");
  admin_ok ("bob-password\n", "user", "add", "bob", NULL);
  admin_ok ("carol-password\n", "user", "add", "carol", NULL);
  admin_ok (NULL, "team", "add", "lab", NULL);
  {
    int status;
    g_autofree char *out = admin (NULL, &status, "team", "member", "add", "lab", "bob", NULL);
    g_assert_cmpint (status, ==, 0);
  }
  server_start (&main_server);
  server_start (&strict_server);

  /* Bob owns a project too, which Alice must not see. */
  {
    g_autofree char *bob = login ("bob", "bob-password");
    g_auto(Reply) r = { 0 };

    request (&r, "POST", "/api/v1/projects", bob, "{\"id\":\"" PROJECT_B "\",\"name\":\"Bob's\"}");
    g_assert_cmpuint (r.status, ==, 201);
  }

  prefix = g_strdup_printf ("/server/%s", backend);
#define ADD(name, func) { g_autofree char *p = g_strconcat (prefix, name, NULL); g_test_add_func (p, func); }
  ADD ("/health", test_health);
  ADD ("/auth", test_auth);
  ADD ("/projects-and-validation", test_projects_and_validation);
  ADD ("/authorisation", test_authorisation);
  ADD ("/push-pull", test_push_pull);
  ADD ("/blobs", test_blobs);
  ADD ("/body-limit", test_body_limit);
  ADD ("/websocket", test_websocket);
  ADD ("/headers-and-metrics", test_headers_and_metrics);
  ADD ("/rate-limit", test_rate_limit);
  ADD ("/login-limit", test_login_limit);
  ADD ("/slow-client", test_slow_client);
  ADD ("/body-limit-configured", test_body_limit_configured);
  ADD ("/health-outage", test_health_outage);
  ADD ("/sigterm-upload", test_sigterm_upload);
  ADD ("/backup-restore", test_backup_restore);
  ADD ("/check-config", test_check_config);
  /* TLS does not depend on the database: once is enough. */
  if (!use_postgres)
    ADD ("/tls", test_tls);
#undef ADD

  result = g_test_run ();

  g_assert_cmpint (server_stop (&strict_server), ==, 0);
  g_assert_cmpint (server_stop (&main_server), ==, 0);
  gw_test_pg_cleanup ();
  g_clear_object (&session);
  g_free (alice_token);
  g_free (bob_token);
  if (result == 0)
    rm_rf (tmpdir);
  else
    g_printerr ("# kept %s for inspection\n", tmpdir);
  g_free (main_server.config);
  g_free (main_server.log);
  g_free (strict_server.config);
  g_free (strict_server.log);
  g_free (tmpdir);
  return result;
}
