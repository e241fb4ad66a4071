/* fuzz-server.c: fuzz target for the server's request handling
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the raw bytes a client sends on one connection: request
 * line, headers and body, possibly several pipelined requests.  They go
 * through one end of a socket pair; the other end is handed to the real
 * server (gw_server_accept_iostream), so libsoup's HTTP parser, the
 * server's header checks (Host, X-Forwarded-For, rate and size limits),
 * the routing and every API handler with its JSON decoding run exactly as
 * for a network client, against a real SQLite database in a temporary
 * folder.  The database holds a user "fuzz" with a session whose token
 * the seeds use (Authorization: Bearer gwt_fuzz-seed-token) and a project
 * they push to and pull from, so the mutated requests get past
 * authentication.
 *
 * Checked: nothing crashes or trips a sanitizer, the server answers (or
 * closes) every connection within the time limit, and no answer is a
 * 500, which would mean a request reached an error path the server did
 * not expect.
 */

#define G_LOG_DOMAIN "fuzz-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gw-auth.h"
#include "gw-server.h"

#define FUZZ_TOKEN   "gwt_fuzz-seed-token"
#define FUZZ_PROJECT "6f1c2e3a-0000-4000-8000-000000000001"
#define FUZZ_USER    "fuzz"
#define FUZZ_PASS    "fuzz-password"
/* A connection the server leaves open this long after the client has
 * sent everything and half-closed is a hang. */
#define DEADLINE_USEC (20 * G_USEC_PER_SEC)

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static GwServerConfig *config;
static GwStorage *storage;
static GwServer *server;
static char *tmpdir;
static char *db_path;
static gint64 fuzz_user_id;

static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  /* Failed logins and access lines are expected by the thousand. */
  if (level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
cleanup (void)
{
  /* Leave the workers idle and the database closed before removing it. */
  g_clear_pointer (&server, gw_server_free);
  g_clear_pointer (&storage, gw_storage_free);
  g_clear_pointer (&config, gw_server_config_free);
  if (tmpdir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (tmpdir, name, NULL);
          g_unlink (child);
        }
      g_rmdir (tmpdir);
    }
  g_clear_pointer (&tmpdir, g_free);
  g_clear_pointer (&db_path, g_free);
}

static void
ensure_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = gw_auth_token_hash (FUZZ_TOKEN);
  g_autoptr(GwUser) user = gw_storage_session_lookup (storage, hash, &error);

  g_assert_no_error (error);
  if (user != NULL)
    return;

  /* A DELETE /api/v1/session in the input revoked it.  The storage API
   * only ever revokes (the row stays, so the token cannot come back), so
   * the row goes through SQLite directly and the session is made again:
   * the next input is authenticated too. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    if (sqlite3_open (db_path, &db) != SQLITE_OK ||
        sqlite3_busy_timeout (db, 10000) != SQLITE_OK ||
        sqlite3_prepare_v2 (db, "DELETE FROM sessions WHERE token_hash = ?", -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_step (stmt) != SQLITE_DONE)
      g_error ("%s: %s", db_path, sqlite3_errmsg (db));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  if (!gw_storage_session_create (storage, hash, fuzz_user_id,
                                  g_get_real_time () + (gint64) 3600 * G_USEC_PER_SEC, &error))
    g_error ("session: %s", error->message);
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwUser) user = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *url = NULL;
  g_autofree char *stored_hash = NULL;
  char hash[crypto_pwhash_STRBYTES];
  gboolean created;

  g_log_set_writer_func (quiet_writer, NULL, NULL);
  if (!gw_auth_init ())
    g_error ("cannot initialise libsodium");

  tmpdir = g_dir_make_tmp ("fuzz-server-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmpdir, "server.db", NULL);
  url = g_strconcat ("sqlite://", db_path, NULL);

  config = gw_server_config_new_default ();
  /* The limits that would otherwise refuse the fuzzer's request rate. */
  config->rate_limit_per_second = 1e9;
  config->rate_limit_burst = 1e9;
  config->max_body_size = 1024 * 1024;
  config->workers = 2;
  config->access_log = FALSE;

  storage = gw_storage_new (url, config->workers, &error);
  g_assert_no_error (error);
  if (!gw_storage_migrate (storage, NULL, &error))
    g_error ("migrate: %s", error->message);

  /* The cheapest argon2id parameters, so that a login with the right
   * password costs microseconds rather than a tenth of a second. */
  if (crypto_pwhash_str (hash, FUZZ_PASS, strlen (FUZZ_PASS),
                         crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN) != 0 ||
      !gw_storage_user_add (storage, FUZZ_USER, hash, TRUE, &error))
    g_error ("user: %s", error ? error->message : "hash failed");
  if (!gw_storage_user_lookup (storage, FUZZ_USER, &user, &stored_hash, &error) || user == NULL)
    g_error ("user lookup failed");
  fuzz_user_id = user->id;
  ensure_session ();
  reply = gw_storage_project_create (storage, user, FUZZ_PROJECT, "fuzz", &created, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);

  server = gw_server_new (config, storage, &error);
  g_assert_no_error (error);
  atexit (cleanup);
}

typedef struct
{
  GString  *received;
  gboolean  eof;
} Client;

static gboolean
client_readable_cb (int          fd,
                    GIOCondition condition,
                    gpointer     user_data)
{
  Client *client = user_data;
  char buf[4096];
  ssize_t n = read (fd, buf, sizeof buf);

  if (n > 0)
    {
      g_string_append_len (client->received, buf, n);
      return G_SOURCE_CONTINUE;
    }
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  client->eof = TRUE;
  return G_SOURCE_REMOVE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new_from_string ("127.0.0.1", 8765);
  g_autoptr(GSocketAddress) remote = g_inet_socket_address_new_from_string ("127.0.0.1", 40000);
  Client client = { g_string_new (NULL), FALSE };
  int fds[2];
  gsize written = 0;
  gint64 deadline;

  if (server == NULL)
    setup ();
  ensure_session ();

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    g_error ("socketpair: %s", g_strerror (errno));
  socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  conn = g_socket_connection_factory_create_connection (socket);
  if (!gw_server_accept_iostream (server, G_IO_STREAM (conn), local, remote, &error))
    g_error ("accept: %s", error->message);
  g_clear_object (&conn);

  g_unix_set_fd_nonblocking (fds[1], TRUE, NULL);
  g_unix_fd_add (fds[1], G_IO_IN | G_IO_HUP | G_IO_ERR, client_readable_cb, &client);

  /* Send everything (the server reads as we write), then half-close:
   * the server must answer what it got and close its end. */
  deadline = g_get_monotonic_time () + DEADLINE_USEC;
  while (written < size && !client.eof && g_get_monotonic_time () < deadline)
    {
      ssize_t n = write (fds[1], data + written, size - written);

      if (n > 0)
        written += n;
      else if (n < 0 && errno != EAGAIN && errno != EINTR)
        break;   /* the server closed early, e.g. after a 413 */
      g_main_context_iteration (NULL, n <= 0);
    }
  shutdown (fds[1], SHUT_WR);

  while (!client.eof && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!client.eof)
    {
      /* A request that never completes (a Content-Length longer than the
       * body) must still end when the client goes away. */
      g_printerr ("fuzz-server: connection still open after %d s; got %zu bytes:\n%.*s\n",
                  (int) (DEADLINE_USEC / G_USEC_PER_SEC), client.received->len,
                  (int) MIN (client.received->len, 2000), client.received->str);
      abort ();
    }
  /* The watch removed itself at the end of the stream. */
  close (fds[1]);

  /* Let libsoup drop the connection and the message before the next
   * input, so leaks show against the right input. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The whole status line: error bodies may quote the request, so a bare
   * "HTTP/1.1 500" can be the client's own bytes echoed in a 400. */
  if (strstr (client.received->str, "HTTP/1.1 500 Internal Server Error\r\n") != NULL ||
      strstr (client.received->str, "HTTP/1.0 500 Internal Server Error\r\n") != NULL)
    {
      g_printerr ("fuzz-server: the server answered 500:\n%s\n", client.received->str);
      abort ();
    }
  g_string_free (client.received, TRUE);
  return 0;
}
