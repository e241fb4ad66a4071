/* test-sync.c: GwSyncClient and `ganglioside sync` against the real server
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the real ganglioside-server on loopback (SQLite, or a PostgreSQL
 * the test starts itself with --backend postgres) and syncs real project
 * files through it: two workstations, offline work on both, a server
 * killed in the middle of a push, a connection cut in the middle of an
 * upload (by a small proxy in this file that forwards N bytes and then
 * drops the connection), the usual failures, and live updates.
 */

#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "gw-project-sync.h"
#include "gw-test-postgres.h"
#include "gw-sync-client.h"
#include "store-test-util.h"

static const char *server_bin;
static const char *cli_bin;
static gboolean use_postgres;
static char *tmpdir;
static const char *db_url;

typedef struct
{
  GSubprocess *proc;
  guint        port;
  char        *config;
  char        *log;
  char        *url;
} Server;

static Server server;

/* ------------------------------------------------------------------ */
/* Processes                                                           */

/* A loopback address where nothing answers, for as long as the test
 * runs: the port stays bound (without SO_REUSEADDR) but never listens,
 * so a connection is refused and no other process can take the port,
 * as a port that was merely free a moment ago could be taken by another
 * test's server. */
static char *
unreachable_url (void)
{
  static GSocket *sock;
  static guint port;

  if (sock == NULL)
    {
      g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
      g_autoptr(GSocketAddress) bound = NULL;

      sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
      g_assert_true (g_socket_bind (sock, addr, FALSE, NULL));
      bound = g_socket_get_local_address (sock, NULL);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    }
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* A port below the kernel's ephemeral range (32768 and up), so that no
 * client socket can take it as its source port while the server is down
 * between a kill and a restart. */
static guint
server_port (void)
{
  for (guint i = 0; i < 1000; i++)
    {
      guint port = g_random_int_range (20000, 32000);
      g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
      g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, port);

      if (g_socket_bind (sock, addr, TRUE, NULL))
        return port;
    }
  g_error ("no free port for the server");
}

/* A real HTTP answer, not just a connected socket. */
static gboolean
server_healthy (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/health", server.port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;

  soup_session_set_timeout (session, 2);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  return body != NULL && soup_message_get_status (msg) == 200;
}

static void
server_start (void)
{
  const char *argv[] = { server_bin, "--config", server.config, NULL };

  g_assert_null (server.proc);
  server.proc = gw_test_spawn (argv, server.log, gw_test_child_setup_kill, NULL);
  for (guint i = 0; i < 400; i++)
    {
      if (server_healthy ())
        return;
      g_usleep (25000);
    }
  g_error ("the server did not start; see %s", server.log);
}

static void
server_kill (void)
{
  if (server.proc == NULL)
    return;
  g_subprocess_force_exit (server.proc);
  g_subprocess_wait (server.proc, NULL, NULL);
  g_clear_object (&server.proc);
}

static void
server_stop (void)
{
  if (server.proc == NULL)
    return;
  g_subprocess_send_signal (server.proc, SIGTERM);
  g_subprocess_wait (server.proc, NULL, NULL);
  g_clear_object (&server.proc);
}

static void
admin (const char *stdin_text,
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
  g_ptr_array_add (argv, server.config);
  va_start (ap, stdin_text);
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
  if (g_subprocess_get_exit_status (proc) != 0)
    g_error ("admin command failed: %s", err);
}

/* ------------------------------------------------------------------ */
/* A proxy that can cut the connection                                 */

/* Forwards loopback connections to the server.  When `cut_after` is set,
 * it drops every connection once that many request bytes have passed.
 * When `kill_on` is set, a request starting with that text either kills
 * the server before the server sees it (`kill_after_reply` FALSE) or is
 * forwarded, and the server is killed as its reply arrives, which the
 * client then never receives (`kill_after_reply` TRUE). */
typedef struct
{
  GSocket      *listener;
  guint         port;
  GThread      *accept_thread;
  GMutex        lock;
  GPtrArray    *pumps;          /* Pump */
  gint64        forwarded;      /* request bytes, under lock */
  gint64        cut_after;      /* -1: never */
  char         *kill_on;        /* NULL: never */
  gboolean      kill_after_reply;
  gboolean      killed;
  gboolean      cut;
} Proxy;

static Proxy proxy;

typedef struct
{
  GSocket  *client;
  GSocket  *upstream;
  GThread  *up;                 /* client → server */
  GThread  *down;               /* server → client */
  gboolean  kill_on_reply;      /* atomic */
} Pump;

static void
pump_close (Pump *p)
{
  g_socket_shutdown (p->client, TRUE, TRUE, NULL);
  g_socket_shutdown (p->upstream, TRUE, TRUE, NULL);
}

/* Under proxy.lock. */
static void
kill_server_locked (void)
{
  if (server.proc != NULL)
    g_subprocess_force_exit (server.proc);
  proxy.killed = TRUE;
}

static gpointer
pump_down (gpointer data)
{
  Pump *p = data;
  char buf[16384];

  for (;;)
    {
      gssize n = g_socket_receive (p->upstream, buf, sizeof buf, NULL, NULL);

      if (n <= 0)
        break;
      if (g_atomic_int_get (&p->kill_on_reply))
        {
          /* The server has answered, so it has committed: it dies now
           * and the answer is lost. */
          g_mutex_lock (&proxy.lock);
          kill_server_locked ();
          g_mutex_unlock (&proxy.lock);
          break;
        }
      if (g_socket_send (p->client, buf, n, NULL, NULL) != n)
        break;
    }
  pump_close (p);
  return NULL;
}

static gpointer
pump_up (gpointer data)
{
  Pump *p = data;
  char buf[16384];

  for (;;)
    {
      gssize n = g_socket_receive (p->client, buf, sizeof buf, NULL, NULL);
      gboolean cut = FALSE, kill_now = FALSE;

      if (n <= 0)
        break;

      g_mutex_lock (&proxy.lock);
      if (proxy.cut_after >= 0 && proxy.forwarded + n >= proxy.cut_after)
        {
          n = MAX (0, proxy.cut_after - proxy.forwarded);
          proxy.cut_after = -1;
          proxy.cut = TRUE;
          cut = TRUE;
        }
      if (proxy.kill_on != NULL && n >= (gssize) strlen (proxy.kill_on) &&
          memcmp (buf, proxy.kill_on, strlen (proxy.kill_on)) == 0)
        {
          g_clear_pointer (&proxy.kill_on, g_free);
          if (proxy.kill_after_reply)
            g_atomic_int_set (&p->kill_on_reply, TRUE);
          else
            {
              kill_server_locked ();
              kill_now = TRUE;
            }
        }
      if (!kill_now)
        proxy.forwarded += n;
      g_mutex_unlock (&proxy.lock);

      if (kill_now)
        break;
      if (n > 0 && g_socket_send (p->upstream, buf, n, NULL, NULL) != n)
        break;
      if (cut)
        break;
    }
  pump_close (p);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      GSocket *client = g_socket_accept (proxy.listener, NULL, &error);
      g_autoptr(GSocketAddress) addr = NULL;
      g_autoptr(GInetAddress) lo = NULL;
      GSocket *upstream;
      Pump *p;

      if (client == NULL)
        return NULL;
      lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      addr = g_inet_socket_address_new (lo, server.port);
      upstream = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
      if (!g_socket_connect (upstream, addr, NULL, NULL))
        {
          g_socket_close (client, NULL);
          g_object_unref (client);
          g_object_unref (upstream);
          continue;
        }
      p = g_new0 (Pump, 1);
      p->client = client;
      p->upstream = upstream;
      g_mutex_lock (&proxy.lock);
      g_ptr_array_add (proxy.pumps, p);
      g_mutex_unlock (&proxy.lock);
      p->up = g_thread_new ("proxy-up", pump_up, p);
      p->down = g_thread_new ("proxy-down", pump_down, p);
    }
}

static void
proxy_start (void)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_mutex_init (&proxy.lock);
  proxy.pumps = g_ptr_array_new ();
  proxy.cut_after = -1;
  proxy.listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_assert_true (g_socket_bind (proxy.listener, addr, TRUE, NULL));
  g_assert_true (g_socket_listen (proxy.listener, NULL));
  bound = g_socket_get_local_address (proxy.listener, NULL);
  proxy.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  proxy.accept_thread = g_thread_new ("proxy-accept", accept_thread, NULL);
}

static void
proxy_stop (void)
{
  g_socket_shutdown (proxy.listener, TRUE, TRUE, NULL);
  g_socket_close (proxy.listener, NULL);
  g_thread_join (proxy.accept_thread);
  g_clear_object (&proxy.listener);
  for (guint i = 0; i < proxy.pumps->len; i++)
    {
      Pump *p = g_ptr_array_index (proxy.pumps, i);

      pump_close (p);
      g_thread_join (p->up);
      g_thread_join (p->down);
      g_object_unref (p->client);
      g_object_unref (p->upstream);
      g_free (p);
    }
  g_ptr_array_unref (proxy.pumps);
  g_free (proxy.kill_on);
  g_mutex_clear (&proxy.lock);
}

static char *
proxy_url (void)
{
  return g_strdup_printf ("http://127.0.0.1:%u", proxy.port);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static GwSyncClient *
client_for (const char *url,
            const char *user,
            const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncClient) client = gw_sync_client_new (url, &error);
  g_autoptr(GwSyncSession) session = NULL;

  g_assert_no_error (error);
  session = gw_sync_client_sign_in (client, user, password, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_true (g_str_has_prefix (session->token, "gwt_"));
  g_assert_cmpstr (gw_sync_client_get_token (client), ==, session->token);
  return g_steal_pointer (&client);
}

static char *
project_path (const char *name)
{
  return g_strdup_printf ("%s/%s.gwproject", tmpdir, name);
}

/* Adds a dataset of @n_rows rows and a run over it; returns the run id. */
static char *
add_run (const char *path,
         guint       n_rows,
         guint       seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);
  g_autoptr(GBytes) csv = store_test_make_csv (n_rows, seed);
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  char *id;

  g_assert_no_error (error);
  table = gw_table_new_from_bytes (csv, "peaks.csv", NULL, &error);
  g_assert_no_error (error);
  run = store_test_make_run (table, seed);
  id = gw_project_save_run (project, run, csv, "Ann Analyst", &error);
  g_assert_no_error (error);
  return id;
}

static void
new_project_with_run (const char  *path,
                      guint        n_rows,
                      guint        seed,
                      char       **run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_create (path, "Brain lipids", &error);

  g_assert_no_error (error);
  g_clear_object (&project);
  *run_id = add_run (path, n_rows, seed);
}

static void
curate (const char       *path,
        const char       *run_id,
        guint             first_row,
        guint             n_rows,
        GwCurationStatus  status,
        const char       *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);
  g_autofree guint *rows = g_new (guint, n_rows);
  g_autofree char *action = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < n_rows; i++)
    rows[i] = first_row + i;
  action = gw_project_curate (project, run_id, rows, n_rows, status, reason, "Bo Curator", &error);
  g_assert_no_error (error);
}

static sqlite3 *
open_db (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

/* Every item UUID of the file, sorted, with its kind: "run 4b0c…".  A
 * downloaded file's placeholder metadata (marked as held by the server
 * without a server seq, never pushed) is left out. */
static GPtrArray *
item_set (const char *path)
{
  static const char *const tables[][2] = {
    { "metadata", "metadata_revisions" }, { "dataset", "datasets" },
    { "run", "runs" }, { "curation", "curation_events" },
  };
  GPtrArray *set = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = open_db (path);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM %s WHERE uuid NOT IN "
                                              "(SELECT uuid FROM sync_items WHERE seq IS NULL) "
                                              "ORDER BY uuid", tables[t][1]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (set, g_strdup_printf ("%s %s", tables[t][0], sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return set;
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db = open_db (path);
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static void
assert_same_items (const char *a,
                   const char *b)
{
  g_autoptr(GPtrArray) sa = item_set (a);
  g_autoptr(GPtrArray) sb = item_set (b);

  g_assert_cmpuint (sa->len, ==, sb->len);
  for (guint i = 0; i < sa->len; i++)
    g_assert_cmpstr (g_ptr_array_index (sa, i), ==, g_ptr_array_index (sb, i));
}

static void
assert_runs_equal (const char *a,
                   const char *b,
                   const char *run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) pa = gw_project_open (a, &error);
  g_autoptr(GwProject) pb = gw_project_open (b, &error);
  g_autoptr(GwRun) ra = NULL;
  g_autoptr(GwRun) rb = NULL;

  g_assert_no_error (error);
  ra = gw_project_load_run (pa, run_id, NULL, &error);
  g_assert_no_error (error);
  rb = gw_project_load_run (pb, run_id, NULL, &error);
  g_assert_no_error (error);
  store_test_assert_runs_equal (ra, rb);
}

static GwSyncReport *
sync_ok (GwSyncClient *client,
         const char   *path)
{
  g_autoptr(GError) error = NULL;
  GwSyncReport *report = gw_sync_client_sync_project (client, path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->n_waiting, ==, 0);
  return report;
}

/* How many items the server project holds: a fresh clone's count. */
static guint
server_item_count (GwSyncClient *client,
                   const char   *project_id,
                   gint64       *head)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncReport) report = NULL;
  static guint n;
  guint count;

  path = g_strdup_printf ("%s/count-%u.gwproject", tmpdir, n++);
  report = gw_sync_client_clone_project (client, project_id, path, NULL, &error);
  g_assert_no_error (error);
  count = gw_sync_report_total_pulled (report);
  *head = report->head;
  return count;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncClient) nowhere = NULL;
  g_autoptr(GwSyncClient) alice = NULL;
  g_autoptr(GwSyncClient) revoked = NULL;
  g_autoptr(GwSyncSession) session = NULL;
  g_autoptr(GwSyncReport) report = NULL;
  g_autoptr(GwSyncStatus) status = NULL;
  g_autofree char *url = unreachable_url ();
  g_autofree char *path = project_path ("errors");
  g_autofree char *run_id = NULL;
  g_autofree char *token = NULL;

  new_project_with_run (path, 50, 1, &run_id);

  /* A bad address never reaches the network. */
  g_assert_null (gw_sync_client_new ("ftp://example.org", &error));
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autofree char *n = gw_sync_normalize_url ("Lab.Example.ORG/", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (n, ==, "https://lab.example.org");
  }

  /* Nobody listens on that port. */
  nowhere = gw_sync_client_new (url, &error);
  g_assert_no_error (error);
  session = gw_sync_client_sign_in (nowhere, "alice", "alice-password", NULL, &error);
  g_assert_null (session);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, url));
  g_clear_error (&error);

  /* Not signed in: said so before any request. */
  report = gw_sync_client_sync_project (nowhere, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  gw_sync_client_set_token (nowhere, "gwt_whatever");
  report = gw_sync_client_sync_project (nowhere, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNREACHABLE);
  g_clear_error (&error);
  status = gw_sync_client_get_status (nowhere, path);
  g_assert_cmpint (status->state, ==, GW_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (status->n_waiting, ==, 3);   /* metadata, dataset, run */
  g_assert_nonnull (status->message);
  g_clear_pointer (&status, gw_sync_status_free);

  /* Wrong password. */
  alice = gw_sync_client_new (server.url, &error);
  g_assert_no_error (error);
  session = gw_sync_client_sign_in (alice, "alice", "not her password", NULL, &error);
  g_assert_null (session);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_WRONG_PASSWORD);
  g_assert_nonnull (strstr (error->message, "Wrong user name or password"));
  g_clear_error (&error);
  g_assert_null (gw_sync_client_get_token (alice));

  /* A revoked token. */
  session = gw_sync_client_sign_in (alice, "alice", "alice-password", NULL, &error);
  g_assert_no_error (error);
  token = g_strdup (session->token);
  revoked = gw_sync_client_new (server.url, &error);
  gw_sync_client_set_token (revoked, token);
  report = sync_ok (revoked, path);
  g_assert_true (report->created);
  g_clear_pointer (&report, gw_sync_report_free);
  g_assert_true (gw_sync_client_sign_out (alice, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (gw_sync_client_get_token (alice));
  g_free (add_run (path, 20, 2));
  report = gw_sync_client_sync_project (revoked, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "Sign in again"));
  g_clear_error (&error);
  status = gw_sync_client_get_status (revoked, path);
  g_assert_cmpint (status->state, ==, GW_SYNC_STATE_ERROR);
  g_assert_cmpint (status->error_code, ==, GW_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (status->n_waiting, ==, 2);
  g_clear_pointer (&status, gw_sync_status_free);

  /* The failure is in the file too, for the next start. */
  {
    g_autoptr(GwProject) project = gw_project_open (path, &error);
    g_autoptr(GwProjectRemote) remote = gw_project_get_remote (project, server.url, &error);

    g_assert_no_error (error);
    g_assert_nonnull (remote);
    g_assert_nonnull (remote->last_error);
    g_assert_nonnull (strstr (remote->last_error, "Sign in again"));
  }

  /* Another user cannot see the project. */
  {
    g_autoptr(GwSyncClient) bob = client_for (server.url, "bob", "bob-password");
    g_autofree char *id = gw_sync_client_dup_project_id (bob, path);
    g_autofree char *dest = project_path ("errors-bob");

    g_assert_nonnull (id);
    report = gw_sync_client_clone_project (bob, id, dest, NULL, &error);
    g_assert_null (report);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_NOT_FOUND);
    g_clear_error (&error);
    /* The failed clone leaves no file behind. */
    g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  }
}

static void
test_two_clients (void)
{
  g_autoptr(GwSyncClient) a = client_for (server.url, "alice", "alice-password");
  g_autoptr(GwSyncClient) b = client_for (server.url, "bob", "bob-password");
  g_autoptr(GwSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path_a = project_path ("two-a");
  g_autofree char *path_b = project_path ("two-b");
  g_autofree char *run1 = NULL;
  g_autofree char *run2 = NULL;
  g_autofree char *project_id = NULL;
  g_autoptr(GwSyncStatus) status = NULL;
  gint64 head = 0;

  /* 1. A creates the project and shares it; B downloads it. */
  new_project_with_run (path_a, 300, 10, &run1);
  report = sync_ok (a, path_a);
  g_assert_true (report->created);
  g_assert_cmpuint (report->pushed[GW_SYNC_KIND_METADATA], ==, 1);
  g_assert_cmpuint (report->pushed[GW_SYNC_KIND_DATASET], ==, 1);
  g_assert_cmpuint (report->pushed[GW_SYNC_KIND_RUN], ==, 1);
  g_assert_cmpuint (gw_sync_report_total_pulled (report), ==, 0);
  g_assert_cmpint (report->head, ==, 3);
  project_id = g_strdup (report->project_id);
  g_clear_pointer (&report, gw_sync_report_free);

  status = gw_sync_client_get_status (a, path_a);
  g_assert_cmpint (status->state, ==, GW_SYNC_STATE_SYNCED);
  g_assert_cmpuint (status->n_waiting, ==, 0);
  g_clear_pointer (&status, gw_sync_status_free);

  /* Bob cannot see it before it is shared. */
  {
    g_autoptr(GPtrArray) list = gw_sync_client_list_projects (b, NULL, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < list->len; i++)
      g_assert_cmpstr (((GwSyncProject *) g_ptr_array_index (list, i))->id, !=, project_id);
  }
  g_assert_true (gw_sync_client_share_project (a, project_id, "lab", "write", NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) list = gw_sync_client_list_projects (b, NULL, &error);
    gboolean found = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < list->len; i++)
      {
        GwSyncProject *p = g_ptr_array_index (list, i);

        if (g_str_equal (p->id, project_id))
          {
            found = TRUE;
            g_assert_cmpstr (p->name, ==, "Brain lipids");
            g_assert_cmpstr (p->access, ==, "write");
            g_assert_cmpint (p->head, ==, 3);
          }
      }
    g_assert_true (found);
  }

  report = gw_sync_client_clone_project (b, project_id, path_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pulled[GW_SYNC_KIND_RUN], ==, 1);
  g_assert_cmpuint (report->pulled[GW_SYNC_KIND_DATASET], ==, 1);
  g_assert_cmpuint (gw_sync_report_total_pushed (report), ==, 0);
  g_clear_pointer (&report, gw_sync_report_free);
  assert_runs_equal (path_a, path_b, run1);
  {
    g_autoptr(GwProject) pb = gw_project_open (path_b, &error);
    g_autofree char *name = gw_project_dup_name (pb);

    g_assert_cmpstr (name, ==, "Brain lipids");
  }

  /* 2. Offline: A adds a run, B curates rows of the first run. */
  run2 = add_run (path_a, 200, 11);
  curate (path_b, run1, 5, 3, GW_CURATION_REJECTED, "co-elutes with GD1a");
  curate (path_b, run1, 40, 1, GW_CURATION_ACCEPTED, "MS/MS confirmed");
  {
    g_autoptr(GwProject) pb = gw_project_open (path_b, &error);

    g_assert_true (gw_project_undo (pb, run1, "Bo Curator", &error));
    g_assert_no_error (error);
  }
  status = gw_sync_client_get_status (b, path_b);
  g_assert_cmpint (status->state, ==, GW_SYNC_STATE_WAITING);
  g_assert_cmpuint (status->n_waiting, ==, 5);   /* 3 + 1 curate, 1 undo */
  g_clear_pointer (&status, gw_sync_status_free);

  /* 3. Both sync, B first. */
  report = sync_ok (b, path_b);
  g_assert_cmpuint (report->pushed[GW_SYNC_KIND_CURATION], ==, 5);
  g_assert_cmpuint (gw_sync_report_total_pushed (report), ==, 5);
  g_assert_cmpuint (gw_sync_report_total_pulled (report), ==, 0);
  g_clear_pointer (&report, gw_sync_report_free);

  report = sync_ok (a, path_a);
  g_assert_cmpuint (report->pulled[GW_SYNC_KIND_CURATION], ==, 5);
  g_assert_cmpuint (report->pushed[GW_SYNC_KIND_DATASET], ==, 1);
  g_assert_cmpuint (report->pushed[GW_SYNC_KIND_RUN], ==, 1);
  g_assert_cmpuint (gw_sync_report_total_pushed (report), ==, 2);
  g_clear_pointer (&report, gw_sync_report_free);

  report = sync_ok (b, path_b);
  g_assert_cmpuint (report->pulled[GW_SYNC_KIND_RUN], ==, 1);
  g_assert_cmpuint (report->pulled[GW_SYNC_KIND_DATASET], ==, 1);
  g_assert_cmpuint (gw_sync_report_total_pushed (report), ==, 0);
  g_clear_pointer (&report, gw_sync_report_free);

  /* 4. The union on both, nothing lost, nothing twice. */
  assert_same_items (path_a, path_b);
  g_assert_cmpint (sql_int (path_a, "SELECT count(*) FROM runs"), ==, 2);
  g_assert_cmpint (sql_int (path_a, "SELECT count(*) FROM datasets"), ==, 2);
  g_assert_cmpint (sql_int (path_a, "SELECT count(*) FROM curation_events"), ==, 5);
  g_assert_cmpint (sql_int (path_a, "SELECT count(*) FROM metadata_revisions"), ==, 1);
  g_assert_cmpint (sql_int (path_b, "SELECT count(*) FROM metadata_revisions"), ==, 2);
  assert_runs_equal (path_a, path_b, run1);
  assert_runs_equal (path_a, path_b, run2);
  {
    g_autoptr(GwProject) pa = gw_project_open (path_a, &error);
    g_autoptr(GwCuration) ca = gw_project_load_curation (pa, run1, &error);

    g_assert_no_error (error);
    /* The undo took back the acceptance of row 40; the rejections stay. */
    g_assert_cmpint (gw_curation_get_status (ca, 5), ==, GW_CURATION_REJECTED);
    g_assert_cmpint (gw_curation_get_status (ca, 7), ==, GW_CURATION_REJECTED);
    g_assert_cmpint (gw_curation_get_status (ca, 40), ==, GW_CURATION_NONE);
  }
  /* B's placeholder metadata never reached the server: 1 + 2 + 2 + 5. */
  g_assert_cmpuint (server_item_count (a, project_id, &head), ==, 10);
  g_assert_cmpint (head, ==, 10);

  /* Nothing left to do on either side. */
  report = sync_ok (a, path_a);
  g_assert_cmpuint (gw_sync_report_total_pushed (report) + gw_sync_report_total_pulled (report), ==, 0);
  g_clear_pointer (&report, gw_sync_report_free);
  report = sync_ok (b, path_b);
  g_assert_cmpuint (gw_sync_report_total_pushed (report) + gw_sync_report_total_pulled (report), ==, 0);
  g_clear_pointer (&report, gw_sync_report_free);

  /* The state survives closing: a new client on the same file starts
   * where the last one stopped. */
  {
    g_autoptr(GwSyncClient) again = client_for (server.url, "alice", "alice-password");

    report = sync_ok (again, path_a);
    g_assert_false (report->created);
    g_assert_cmpstr (report->project_id, ==, project_id);
    g_assert_cmpuint (gw_sync_report_total_pushed (report) + gw_sync_report_total_pulled (report), ==, 0);
    g_clear_pointer (&report, gw_sync_report_free);
  }
}

static void
rename_project (const char *path,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (gw_project_set_metadata (project, name, NULL, gw_project_get_column_type (project),
                                          "Ann Analyst", &error));
  g_assert_no_error (error);
}

static char *
dup_name (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);

  g_assert_no_error (error);
  return gw_project_dup_name (project);
}

static GwCuration *
load_curation (const char *path,
               const char *run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);
  GwCuration *curation;

  g_assert_no_error (error);
  curation = gw_project_load_curation (project, run_id, &error);
  g_assert_no_error (error);
  return curation;
}

/* Both files show the same effective curation, undo and redo, and the
 * same audit log in the same order. */
static void
assert_same_curation (const char *a,
                      const char *b,
                      const char *run_id)
{
  g_autoptr(GwCuration) ca = load_curation (a, run_id);
  g_autoptr(GwCuration) cb = load_curation (b, run_id);
  GPtrArray *ea = gw_curation_get_events (ca);
  GPtrArray *eb = gw_curation_get_events (cb);

  g_assert_cmpuint (gw_curation_get_n_rows (ca), ==, gw_curation_get_n_rows (cb));
  g_assert_cmpmem (gw_curation_get_status_column (ca), gw_curation_get_n_rows (ca),
                   gw_curation_get_status_column (cb), gw_curation_get_n_rows (cb));
  g_assert_cmpstr (gw_curation_get_undo_action (ca), ==, gw_curation_get_undo_action (cb));
  g_assert_cmpstr (gw_curation_get_redo_action (ca), ==, gw_curation_get_redo_action (cb));
  g_assert_cmpuint (ea->len, ==, eb->len);
  for (guint i = 0; i < ea->len; i++)
    g_assert_cmpstr (((GwCurationEvent *) g_ptr_array_index (ea, i))->uuid, ==,
                     ((GwCurationEvent *) g_ptr_array_index (eb, i))->uuid);
}

/* Both files offer the same undo and redo, and list the same project
 * history. */
static void
assert_same_history (const char *a,
                     const char *b,
                     const char *run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) pa = gw_project_open (a, &error);
  g_autoptr(GwProject) pb = gw_project_open (b, &error);
  g_autoptr(GwHistory) ha = NULL;
  g_autoptr(GwHistory) hb = NULL;
  g_autoptr(GPtrArray) ra = NULL;
  g_autoptr(GPtrArray) rb = NULL;

  g_assert_no_error (error);
  ha = gw_project_load_history (pa, run_id, &error);
  g_assert_no_error (error);
  hb = gw_project_load_history (pb, run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_history_get_undo_action (ha), ==, gw_history_get_undo_action (hb));
  g_assert_cmpstr (gw_history_get_redo_action (ha), ==, gw_history_get_redo_action (hb));
  ra = gw_project_list_metadata_revisions (pa, &error);
  g_assert_no_error (error);
  rb = gw_project_list_metadata_revisions (pb, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ra->len, ==, rb->len);
  for (guint i = 0; i < ra->len; i++)
    g_assert_cmpstr (((GwMetadataRevision *) g_ptr_array_index (ra, i))->uuid, ==,
                     ((GwMetadataRevision *) g_ptr_array_index (rb, i))->uuid);
}

/* Two workstations curate the same rows differently and both rename the
 * project while offline.  After they sync, both show the same winner:
 * the later action, whichever file it was made in, and whichever order
 * the files received the events in. */
static void
test_merge_order (void)
{
  g_autoptr(GwSyncClient) a = client_for (server.url, "alice", "alice-password");
  g_autoptr(GwSyncClient) b = client_for (server.url, "bob", "bob-password");
  g_autoptr(GwSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path_a = project_path ("merge-a");
  g_autofree char *path_b = project_path ("merge-b");
  g_autofree char *run_id = NULL;
  g_autofree char *name_a = NULL;
  g_autofree char *name_b = NULL;
  g_autofree char *project_id = NULL;

  new_project_with_run (path_a, 60, 31, &run_id);
  report = sync_ok (a, path_a);
  project_id = g_strdup (report->project_id);
  g_assert_true (gw_sync_client_share_project (a, project_id, "lab", "write", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&report, gw_sync_report_free);
  report = gw_sync_client_clone_project (b, project_id, path_b, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&report, gw_sync_report_free);

  /* Offline, in this order: A accepts row 9, B accepts row 12, B
   * rejects row 9, A rejects row 12; A renames, then B renames. */
  curate (path_a, run_id, 9, 1, GW_CURATION_ACCEPTED, "A: fits the model");
  curate (path_b, run_id, 12, 1, GW_CURATION_ACCEPTED, "B: MS/MS confirmed");
  curate (path_b, run_id, 9, 1, GW_CURATION_REJECTED, "B: co-elutes");
  curate (path_a, run_id, 12, 1, GW_CURATION_REJECTED, "A: in-source fragment");
  rename_project (path_a, "Brain lipids (Ann)");
  rename_project (path_b, "Brain lipids (Bo)");

  /* A pushes first, so each file receives the other's events after its
   * own: a merge that replayed them in arrival order would disagree. */
  g_clear_pointer (&report, gw_sync_report_free);
  report = sync_ok (a, path_a);
  g_clear_pointer (&report, gw_sync_report_free);
  report = sync_ok (b, path_b);
  g_assert_cmpuint (report->pulled[GW_SYNC_KIND_CURATION], ==, 2);
  g_assert_cmpuint (report->pulled[GW_SYNC_KIND_METADATA], ==, 1);
  g_clear_pointer (&report, gw_sync_report_free);
  report = sync_ok (a, path_a);
  g_assert_cmpuint (report->pulled[GW_SYNC_KIND_CURATION], ==, 2);
  g_clear_pointer (&report, gw_sync_report_free);

  assert_same_items (path_a, path_b);
  assert_same_curation (path_a, path_b, run_id);
  assert_same_history (path_a, path_b, run_id);
  {
    g_autoptr(GwCuration) ca = load_curation (path_a, run_id);

    /* The later action wins each row; nothing is lost from the log. */
    g_assert_cmpint (gw_curation_get_status (ca, 9), ==, GW_CURATION_REJECTED);
    g_assert_cmpstr (gw_curation_get_event (ca, 9)->reason, ==, "B: co-elutes");
    g_assert_cmpint (gw_curation_get_status (ca, 12), ==, GW_CURATION_REJECTED);
    g_assert_cmpstr (gw_curation_get_event (ca, 12)->reason, ==, "A: in-source fragment");
    g_assert_cmpuint (gw_curation_get_events (ca)->len, ==, 4);
  }
  name_a = dup_name (path_a);
  name_b = dup_name (path_b);
  g_assert_cmpstr (name_a, ==, "Brain lipids (Bo)");
  g_assert_cmpstr (name_b, ==, "Brain lipids (Bo)");

  /* Undo on B takes back the newest action of the one history (curation
   * and properties), B's rename; A sees the same name and the same
   * history after the next sync. */
  {
    g_autoptr(GwProject) pb = gw_project_open (path_b, &error);

    g_assert_true (gw_project_undo (pb, run_id, "Bo Curator", &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&report, gw_sync_report_free);
  report = sync_ok (b, path_b);
  g_clear_pointer (&report, gw_sync_report_free);
  report = sync_ok (a, path_a);
  assert_same_curation (path_a, path_b, run_id);
  assert_same_history (path_a, path_b, run_id);
  g_clear_pointer (&name_a, g_free);
  g_clear_pointer (&name_b, g_free);
  name_a = dup_name (path_a);
  name_b = dup_name (path_b);
  g_assert_cmpstr (name_a, ==, "Brain lipids (Ann)");
  g_assert_cmpstr (name_b, ==, "Brain lipids (Ann)");

  /* Undo again, on A this time: A's rename; then A's rejection of row 12. */
  {
    g_autoptr(GwProject) pa = gw_project_open (path_a, &error);

    g_assert_true (gw_project_undo (pa, run_id, "Ann Analyst", &error));
    g_assert_no_error (error);
    g_assert_true (gw_project_undo (pa, run_id, "Ann Analyst", &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&report, gw_sync_report_free);
  report = sync_ok (a, path_a);
  g_clear_pointer (&report, gw_sync_report_free);
  report = sync_ok (b, path_b);
  assert_same_curation (path_a, path_b, run_id);
  assert_same_history (path_a, path_b, run_id);
  {
    g_autoptr(GwCuration) cb = load_curation (path_b, run_id);
    g_autofree char *name = dup_name (path_b);

    g_assert_cmpint (gw_curation_get_status (cb, 12), ==, GW_CURATION_ACCEPTED);
    g_assert_cmpint (gw_curation_get_status (cb, 9), ==, GW_CURATION_REJECTED);
    g_assert_cmpstr (name, ==, "Brain lipids");
  }
}

/* A pulled event dated in the future (a workstation whose clock is ahead)
 * does not hide what is done here afterwards: a new action is dated after
 * everything already in the log. */
static void
test_clock_ahead (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = project_path ("clock-ahead");
  g_autofree char *run_id = NULL;
  g_autofree char *action = g_uuid_string_random ();
  g_autofree char *uuid = g_uuid_string_random ();
  gint64 future = g_get_real_time () + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  static const gint64 seqs[] = { 1, 2 };   /* as the server numbered them */
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_project_item_free);
  g_autoptr(GwProject) project = NULL;
  GVariantBuilder row, payload;

  new_project_with_run (path, 20, 41, &run_id);
  project = gw_project_open (path, &error);
  g_assert_no_error (error);

  g_variant_builder_init (&row, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&row, "{sv}", "uuid", g_variant_new_string (uuid));
  g_variant_builder_add (&row, "{sv}", "action_uuid", g_variant_new_string (action));
  g_variant_builder_add (&row, "{sv}", "run_uuid", g_variant_new_string (run_id));
  g_variant_builder_add (&row, "{sv}", "kind", g_variant_new_string ("curate"));
  g_variant_builder_add (&row, "{sv}", "row", g_variant_new_int64 (3));
  g_variant_builder_add (&row, "{sv}", "status", g_variant_new_string ("accepted"));
  g_variant_builder_add (&row, "{sv}", "reason", g_variant_new_string ("from a fast clock"));
  g_variant_builder_add (&row, "{sv}", "author", g_variant_new_string ("Cy"));
  g_variant_builder_add (&row, "{sv}", "created_at", g_variant_new_int64 (future));
  g_variant_builder_init (&payload, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&payload, "{sv}", "row", g_variant_builder_end (&row));
  g_ptr_array_add (items, gw_project_item_new ("curation", uuid, future, "Cy", g_variant_builder_end (&payload)));
  g_assert_true (gw_project_apply_pulled (project, "http://clock.example", items, seqs, 1, NULL, &error));
  g_assert_no_error (error);

  curate (path, run_id, 3, 1, GW_CURATION_REJECTED, "checked by hand");
  {
    g_autoptr(GwCuration) c = gw_project_load_curation (project, run_id, &error);
    const GwCurationEvent *ev;

    g_assert_no_error (error);
    g_assert_cmpint (gw_curation_get_status (c, 3), ==, GW_CURATION_REJECTED);
    ev = gw_curation_get_event (c, 3);
    g_assert_cmpstr (ev->reason, ==, "checked by hand");
    g_assert_cmpint (ev->created_at, >, future);
  }
  /* Undo takes back the local action, not the pulled one. */
  g_assert_true (gw_project_undo (project, run_id, "Bo Curator", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GwCuration) c = gw_project_load_curation (project, run_id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (gw_curation_get_status (c, 3), ==, GW_CURATION_ACCEPTED);
    g_assert_cmpstr (gw_curation_get_undo_action (c), ==, action);
  }

  /* The same for the project's name. */
  {
    g_autofree char *meta = g_uuid_string_random ();
    g_autofree char *name = NULL;
    GVariantBuilder mrow, mpayload;

    g_ptr_array_set_size (items, 0);
    g_variant_builder_init (&mrow, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add (&mrow, "{sv}", "uuid", g_variant_new_string (meta));
    g_variant_builder_add (&mrow, "{sv}", "name", g_variant_new_string ("Fast clock"));
    g_variant_builder_add (&mrow, "{sv}", "notes", g_variant_new_string (""));
    g_variant_builder_add (&mrow, "{sv}", "column_type", g_variant_new_string ("reversed-phase"));
    g_variant_builder_add (&mrow, "{sv}", "author", g_variant_new_string ("Cy"));
    g_variant_builder_add (&mrow, "{sv}", "created_at", g_variant_new_int64 (future));
    g_variant_builder_init (&mpayload, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add (&mpayload, "{sv}", "row", g_variant_builder_end (&mrow));
    g_ptr_array_add (items, gw_project_item_new ("metadata", meta, future, "Cy", g_variant_builder_end (&mpayload)));
    g_assert_true (gw_project_apply_pulled (project, "http://clock.example", items, seqs + 1, 2, NULL, &error));
    g_assert_no_error (error);
    name = gw_project_dup_name (project);
    g_assert_cmpstr (name, ==, "Fast clock");
    g_clear_pointer (&name, g_free);

    g_assert_true (gw_project_set_metadata (project, "Renamed here", NULL, GW_LC_COLUMN_REVERSED_PHASE,
                                            "Ann Analyst", &error));
    g_assert_no_error (error);
    name = gw_project_dup_name (project);
    g_assert_cmpstr (name, ==, "Renamed here");
  }
}

/* The _async forms, as the app calls them: the same operations on a
 * GTask thread, each result delivered in this thread's main context. */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Wait *w = data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static GAsyncResult *
wait_result (Wait *w)
{
  g_main_loop_run (w->loop);
  return g_steal_pointer (&w->result);
}

static void
test_async (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait w = { loop, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncClient) client = gw_sync_client_new (server.url, &error);
  g_autofree char *path = project_path ("async");
  g_autofree char *copy = project_path ("async-copy");
  g_autofree char *run_id = NULL;
  g_autofree char *project_id = NULL;

  g_assert_no_error (error);
  new_project_with_run (path, 40, 21, &run_id);

  /* Wrong password, then the right one. */
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GwSyncSession) session = NULL;

    gw_sync_client_sign_in_async (client, "alice", "wrong", NULL, got_result, &w);
    r = wait_result (&w);
    session = gw_sync_client_sign_in_finish (client, r, &error);
    g_assert_null (session);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_WRONG_PASSWORD);
    g_clear_error (&error);
    g_assert_null (gw_sync_client_get_token (client));
  }
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GwSyncSession) session = NULL;

    gw_sync_client_sign_in_async (client, "alice", "alice-password", NULL, got_result, &w);
    r = wait_result (&w);
    session = gw_sync_client_sign_in_finish (client, r, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (gw_sync_client_get_token (client), ==, session->token);
  }

  /* Sync, list, share. */
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GwSyncReport) report = NULL;
    g_autoptr(GwSyncStatus) status = NULL;

    gw_sync_client_sync_project_async (client, path, NULL, got_result, &w);
    r = wait_result (&w);
    report = gw_sync_client_sync_project_finish (client, r, &error);
    g_assert_no_error (error);
    g_assert_true (report->created);
    g_assert_cmpuint (gw_sync_report_total_pushed (report), ==, 3);
    project_id = g_strdup (report->project_id);
    status = gw_sync_client_get_status (client, path);
    g_assert_cmpint (status->state, ==, GW_SYNC_STATE_SYNCED);
  }
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GPtrArray) list = NULL;
    gboolean found = FALSE;

    gw_sync_client_list_projects_async (client, NULL, got_result, &w);
    r = wait_result (&w);
    list = gw_sync_client_list_projects_finish (client, r, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < list->len; i++)
      found |= g_str_equal (((GwSyncProject *) g_ptr_array_index (list, i))->id, project_id);
    g_assert_true (found);
  }
  {
    g_autoptr(GAsyncResult) r = NULL;

    gw_sync_client_share_project_async (client, project_id, "lab", "read", NULL, got_result, &w);
    r = wait_result (&w);
    g_assert_true (gw_sync_client_share_project_finish (client, r, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(GAsyncResult) r = NULL;

    gw_sync_client_share_project_async (client, project_id, "lab", "admin", NULL, got_result, &w);
    r = wait_result (&w);
    g_assert_false (gw_sync_client_share_project_finish (client, r, &error));
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Clone; a clone onto an existing file refuses, and leaves that
   * file's status alone. */
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GwSyncReport) report = NULL;

    gw_sync_client_clone_project_async (client, project_id, copy, NULL, got_result, &w);
    r = wait_result (&w);
    report = gw_sync_client_clone_project_finish (client, r, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->pulled[GW_SYNC_KIND_RUN], ==, 1);
    assert_runs_equal (path, copy, run_id);
  }
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GwSyncReport) report = NULL;
    g_autoptr(GwSyncStatus) status = NULL;

    gw_sync_client_clone_project_async (client, project_id, path, NULL, got_result, &w);
    r = wait_result (&w);
    report = gw_sync_client_clone_project_finish (client, r, &error);
    g_assert_null (report);
    g_assert_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_EXISTS);
    g_clear_error (&error);
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    status = gw_sync_client_get_status (client, path);
    g_assert_cmpint (status->state, ==, GW_SYNC_STATE_SYNCED);
  }

  /* Signing out forgets the token; nothing works without one. */
  {
    g_autoptr(GAsyncResult) r = NULL;

    gw_sync_client_sign_out_async (client, NULL, got_result, &w);
    r = wait_result (&w);
    g_assert_true (gw_sync_client_sign_out_finish (client, r, &error));
    g_assert_no_error (error);
    g_assert_null (gw_sync_client_get_token (client));
  }
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GPtrArray) list = NULL;

    gw_sync_client_list_projects_async (client, NULL, got_result, &w);
    r = wait_result (&w);
    list = gw_sync_client_list_projects_finish (client, r, &error);
    g_assert_null (list);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNAUTHORIZED);
    g_clear_error (&error);
  }

  /* Status notices were queued for this context: let them run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_read_only_share (void)
{
  g_autoptr(GwSyncClient) a = client_for (server.url, "alice", "alice-password");
  g_autoptr(GwSyncClient) b = client_for (server.url, "bob", "bob-password");
  g_autoptr(GwSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path_a = project_path ("ro-a");
  g_autofree char *path_b = project_path ("ro-b");
  g_autofree char *run1 = NULL;

  new_project_with_run (path_a, 30, 20, &run1);
  report = sync_ok (a, path_a);
  g_assert_true (gw_sync_client_share_project (a, report->project_id, "lab", "read", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&report, gw_sync_report_free);
  {
    g_autofree char *id = gw_sync_client_dup_project_id (a, path_a);

    report = gw_sync_client_clone_project (b, id, path_b, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&report, gw_sync_report_free);

    /* Bob may not share Alice's project. */
    g_assert_false (gw_sync_client_share_project (b, id, "lab", "write", NULL, &error));
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_FORBIDDEN);
    g_clear_error (&error);
  }

  curate (path_b, run1, 1, 1, GW_CURATION_REJECTED, "not a ganglioside");
  report = gw_sync_client_sync_project (b, path_b, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* Kept locally, still waiting. */
  g_assert_cmpint (sql_int (path_b, "SELECT count(*) FROM curation_events"), ==, 1);
  {
    g_autoptr(GwSyncStatus) status = gw_sync_client_get_status (b, path_b);

    g_assert_cmpint (status->state, ==, GW_SYNC_STATE_ERROR);
    g_assert_cmpuint (status->n_waiting, ==, 1);
  }
}

static void
curate_many (const char *path,
             const char *run_id,
             guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProject) project = gw_project_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *action = gw_project_curate (project, run_id, &i, 1,
                                                   i % 2 ? GW_CURATION_ACCEPTED : GW_CURATION_REJECTED,
                                                   "bulk review", "Bo Curator", &error);
      g_assert_no_error (error);
    }
}

/* The server dies (SIGKILL) while it handles a push: the client sees the
 * connection drop; whatever the server committed is recognised on the
 * next push, and nothing is stored twice. */
static void
test_kill_during_push (void)
{
  g_autoptr(GwSyncClient) a = NULL;
  g_autoptr(GwSyncClient) direct = NULL;
  g_autoptr(GwSyncReport) report = NULL;
  g_autoptr(GwSyncStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = proxy_url ();
  g_autofree char *path = project_path ("kill");
  g_autofree char *run1 = NULL;
  const guint n_items = 3 + 450;
  gint64 head = 0;

  a = client_for (url, "alice", "alice-password");
  new_project_with_run (path, 500, 30, &run1);
  /* Enough curation for three push requests of 200. */
  curate_many (path, run1, 450);

  /* Item pushes are "POST /api/v1/projects/ID/items"; creating the
   * project ("POST /api/v1/projects ") goes through.
   * 1. The server dies as the first push arrives, before it reads it. */
  g_mutex_lock (&proxy.lock);
  proxy.kill_on = g_strdup ("POST /api/v1/projects/");
  proxy.kill_after_reply = FALSE;
  proxy.killed = FALSE;
  g_mutex_unlock (&proxy.lock);

  report = gw_sync_client_sync_project (a, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_true (proxy.killed);
  status = gw_sync_client_get_status (a, path);
  g_assert_cmpint (status->state, ==, GW_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (status->n_waiting, ==, n_items);
  g_clear_pointer (&status, gw_sync_status_free);
  server_kill ();
  server_start ();

  /* 2. The server commits the first batch of 200 and dies before its
   * answer reaches the client. */
  g_mutex_lock (&proxy.lock);
  proxy.kill_on = g_strdup ("POST /api/v1/projects/");
  proxy.kill_after_reply = TRUE;
  proxy.killed = FALSE;
  g_mutex_unlock (&proxy.lock);

  report = gw_sync_client_sync_project (a, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_true (proxy.killed);
  status = gw_sync_client_get_status (a, path);
  g_assert_cmpuint (status->n_waiting, ==, n_items);   /* unconfirmed */
  g_clear_pointer (&status, gw_sync_status_free);
  server_kill ();
  server_start ();

  /* 3. The next sync completes: the pull recognises the 200 the server
   * kept, and only the rest is pushed. */
  report = sync_ok (a, path);
  g_assert_cmpuint (gw_sync_report_total_pushed (report) + report->pushed_again, ==, n_items - 200);
  g_assert_cmpuint (gw_sync_report_total_pulled (report), ==, 0);
  g_assert_cmpint (report->head, ==, n_items);

  /* The server holds each item once: a fresh copy has exactly ours. */
  direct = client_for (server.url, "alice", "alice-password");
  g_assert_cmpuint (server_item_count (direct, report->project_id, &head), ==, n_items);
  g_assert_cmpint (head, ==, n_items);
  {
    g_autofree char *copy = g_strdup_printf ("%s/kill-copy.gwproject", tmpdir);
    g_autoptr(GwSyncReport) r = gw_sync_client_clone_project (direct, report->project_id, copy, NULL, &error);

    g_assert_no_error (error);
    assert_same_items (path, copy);
  }
}

/* The connection drops in the middle of a blob upload: the next sync
 * resumes from what the server holds instead of starting over. */
static void
test_resume_upload (void)
{
  g_autoptr(GwSyncClient) a = NULL;
  g_autoptr(GwSyncClient) direct = NULL;
  g_autoptr(GwSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = proxy_url ();
  g_autofree char *path = project_path ("resume");
  g_autofree char *copy = project_path ("resume-copy");
  g_autofree char *run1 = NULL;
  gint64 blob_bytes, cut_at;
  gint64 t0;

  a = client_for (url, "alice", "alice-password");
  gw_sync_client_set_chunk_size (a, 64 * 1024);
  new_project_with_run (path, 100000, 40, &run1);
  blob_bytes = sql_int (path, "SELECT (SELECT sum (length (content)) FROM datasets)"
                              " + (SELECT sum (length (models) + length (reports)) FROM runs)"
                              " + (SELECT sum (length (data)) FROM run_columns)");
  g_test_message ("100000-row run: %" G_GINT64_FORMAT " bytes of blobs", blob_bytes);

  g_mutex_lock (&proxy.lock);
  cut_at = proxy.forwarded + blob_bytes / 2;
  proxy.cut_after = cut_at;
  proxy.cut = FALSE;
  g_mutex_unlock (&proxy.lock);

  report = gw_sync_client_sync_project (a, path, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_true (proxy.cut);

  t0 = g_get_monotonic_time ();
  report = sync_ok (a, path);
  g_test_message ("resumed sync: %" G_GUINT64_FORMAT " bytes sent, %" G_GUINT64_FORMAT
                  " bytes already on the server, %.2f s",
                  report->bytes_uploaded, report->bytes_resumed,
                  (g_get_monotonic_time () - t0) / 1e6);
  /* About half went before the cut and is not sent again. */
  g_assert_cmpuint (report->bytes_uploaded, <, (guint64) blob_bytes * 3 / 4);
  g_assert_cmpuint (report->pushed[GW_SYNC_KIND_RUN], ==, 1);
  g_clear_pointer (&report, gw_sync_report_free);

  /* What arrived is bit for bit what was sent. */
  direct = client_for (server.url, "alice", "alice-password");
  {
    g_autofree char *id = gw_sync_client_dup_project_id (a, path);

    t0 = g_get_monotonic_time ();
    report = gw_sync_client_clone_project (direct, id, copy, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("download of the 100000-row project: %" G_GUINT64_FORMAT " bytes, %.2f s",
                    report->bytes_downloaded, (g_get_monotonic_time () - t0) / 1e6);
    g_assert_cmpuint (report->bytes_downloaded, ==, (guint64) blob_bytes);
  }
  assert_runs_equal (path, copy, run1);
  assert_same_items (path, copy);
}

/* Figures: one uninterrupted sync of a 100000-row run, default pieces. */
static void
test_large_run (void)
{
  g_autoptr(GwSyncClient) a = client_for (server.url, "alice", "alice-password");
  g_autoptr(GwSyncReport) report = NULL;
  g_autofree char *path = project_path ("large");
  g_autofree char *run1 = NULL;
  gint64 t0;

  new_project_with_run (path, 100000, 50, &run1);
  t0 = g_get_monotonic_time ();
  report = sync_ok (a, path);
  g_test_message ("first sync of a 100000-row run: %u blobs, %" G_GUINT64_FORMAT " bytes, %.2f s wall",
                  report->blobs_uploaded, report->bytes_uploaded, (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpuint (report->pushed[GW_SYNC_KIND_RUN], ==, 1);
  g_clear_pointer (&report, gw_sync_report_free);

  t0 = g_get_monotonic_time ();
  report = sync_ok (a, path);
  g_test_message ("sync with nothing to do: %.3f s", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpuint (gw_sync_report_total_pushed (report), ==, 0);
}

typedef struct
{
  char      *project;
  gint64     head;
  guint      n;
  GwSyncReport *report;
  GError    *error;
  gboolean   done;
} LiveState;

static void
project_changed_cb (GwSyncClient *client,
                    const char   *project_id,
                    gint64        head,
                    gpointer      data)
{
  LiveState *st = data;

  g_free (st->project);
  st->project = g_strdup (project_id);
  st->head = head;
  st->n++;
}

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  LiveState *st = data;

  st->report = gw_sync_client_sync_project_finish (GW_SYNC_CLIENT (source), result, &st->error);
  st->done = TRUE;
}

static void
spin (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (5000);
}

static gboolean
iterate_until (gboolean *flag,
               guint     seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < end)
    spin ();
  return *flag;
}

static void
test_live_updates (void)
{
  g_autoptr(GwSyncClient) a = client_for (server.url, "alice", "alice-password");
  g_autoptr(GwSyncClient) b = client_for (server.url, "bob", "bob-password");
  g_autoptr(GwSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path_a = project_path ("live-a");
  g_autofree char *path_b = project_path ("live-b");
  g_autofree char *run1 = NULL;
  g_autofree char *project_id = NULL;
  LiveState st = { 0 };
  gboolean flag;
  gulong handler;

  new_project_with_run (path_a, 40, 60, &run1);
  report = sync_ok (a, path_a);
  project_id = g_strdup (report->project_id);
  g_clear_pointer (&report, gw_sync_report_free);
  g_assert_true (gw_sync_client_share_project (a, project_id, "lab", "write", NULL, &error));
  report = gw_sync_client_clone_project (b, project_id, path_b, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&report, gw_sync_report_free);

  handler = g_signal_connect (b, "project-changed", G_CALLBACK (project_changed_cb), &st);
  gw_sync_client_subscribe (b, project_id);
  flag = FALSE;
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (!gw_sync_client_get_events_connected (b) && g_get_monotonic_time () < end)
      spin ();
  }
  g_assert_true (gw_sync_client_get_events_connected (b));
  /* Let the server register the subscription. */
  iterate_until (&flag, 1);

  /* A curates and syncs; B hears of it and pulls. */
  curate (path_a, run1, 2, 2, GW_CURATION_REJECTED, "in-source fragment");
  report = sync_ok (a, path_a);
  g_assert_cmpuint (report->pushed[GW_SYNC_KIND_CURATION], ==, 2);
  g_clear_pointer (&report, gw_sync_report_free);
  {
    gboolean got = FALSE;
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (st.n == 0 && g_get_monotonic_time () < end)
      spin ();
    got = st.n > 0;
    g_assert_true (got);
  }
  g_assert_cmpstr (st.project, ==, project_id);
  g_assert_cmpint (st.head, ==, 5);

  gw_sync_client_sync_project_async (b, path_b, NULL, synced_cb, &st);
  g_assert_true (iterate_until (&st.done, 30));
  g_assert_no_error (st.error);
  g_assert_cmpuint (st.report->pulled[GW_SYNC_KIND_CURATION], ==, 2);
  g_clear_pointer (&st.report, gw_sync_report_free);
  {
    g_autoptr(GwSyncStatus) status = gw_sync_client_get_status (b, path_b);
    g_assert_cmpint (status->state, ==, GW_SYNC_STATE_SYNCED);
  }

  /* A restart of the server: B reconnects and is told to pull, since
   * what happened meanwhile was not announced. */
  st.n = 0;
  server_stop ();
  server_start ();
  {
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (st.n == 0 && g_get_monotonic_time () < end)
      spin ();
  }
  g_assert_cmpuint (st.n, >, 0);
  g_assert_cmpint (st.head, ==, -1);
  g_assert_cmpstr (st.project, ==, project_id);

  g_signal_handler_disconnect (b, handler);
  gw_sync_client_unsubscribe (b, project_id);
  g_assert_false (gw_sync_client_get_events_connected (b));
  g_free (st.project);
  /* Let the closing handshake finish before the next test. */
  flag = FALSE;
  iterate_until (&flag, 1);
}

/* A server whose certificate nobody signed: TLS, not "unreachable". */
/* Another server process on the same database: @server_lines go into
 * its [server] section, @more_lines after it.  Returns once it accepts
 * connections, with its port in *port_out. */
static GSubprocess *
extra_server_start (const char *name,
                    const char *server_lines,
                    const char *more_lines,
                    guint      *port_out)
{
  g_autofree char *config = g_strdup_printf ("%s/%s.conf", tmpdir, name);
  g_autofree char *log = g_strdup_printf ("%s/%s.log", tmpdir, name);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint port = server_port ();
  GSubprocess *proc;
  gboolean up = FALSE;

  text = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = %u\nworkers = 2\n%s"
                          "[database]\nurl = %s\n%s", port, server_lines, db_url, more_lines);
  g_assert_true (g_file_set_contents_full (config, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  {
    const char *argv[] = { server_bin, "--config", config, NULL };
    proc = gw_test_spawn (argv, log, gw_test_child_setup_kill, NULL);
  }
  for (guint i = 0; i < 400 && !up; i++)
    {
      g_autoptr(GSocketClient) sc = g_socket_client_new ();
      g_autoptr(GSocketConnection) conn = g_socket_client_connect_to_host (sc, "127.0.0.1", port, NULL, NULL);

      up = conn != NULL;
      if (!up)
        g_usleep (25000);
    }
  g_assert_true (up);
  *port_out = port;
  return proc;
}

static void
extra_server_stop (GSubprocess *proc)
{
  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, NULL);
  g_object_unref (proc);
}

static void
test_tls (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert = g_build_filename (tmpdir, "tls-cert.pem", NULL);
  g_autofree char *key = g_build_filename (tmpdir, "tls-key.pem", NULL);
  g_autofree char *tls_lines = NULL;
  g_autofree char *url = NULL;
  GSubprocess *tls_server;
  g_autoptr(GwSyncClient) client = NULL;
  g_autoptr(GwSyncSession) session = NULL;
  g_autoptr(GError) error = NULL;
  guint port = 0;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  {
    const char *argv[] = { openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                           "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", NULL };
    g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
    g_assert_no_error (error);
  }

  /* A second server on the same database, with TLS. */
  tls_lines = g_strdup_printf ("tls_certificate = %s\ntls_key = %s\n", cert, key);
  tls_server = extra_server_start ("tls", tls_lines, "", &port);

  url = g_strdup_printf ("https://127.0.0.1:%u", port);
  client = gw_sync_client_new (url, &error);
  g_assert_no_error (error);
  session = gw_sync_client_sign_in (client, "alice", "alice-password", NULL, &error);
  g_assert_null (session);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_nonnull (strstr (error->message, url));

  extra_server_stop (tls_server);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* How many requests @url's server refused with 429, from its metrics. */
static guint64
rate_limited_count (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *metrics_url = g_strconcat (url, "/metrics", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", metrics_url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);
  g_autofree char *text = NULL;
  const char *line;

  g_assert_nonnull (body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  line = strstr (text, "\ngw_rate_limited_total ");
  return line ? g_ascii_strtoull (line + strlen ("\ngw_rate_limited_total "), NULL, 10) : 0;
}

/* A server that rate-limits (429 with Retry-After): a sync waits as
 * asked and completes; a wait longer than the client's cap is reported
 * at once, with the wait; a wait is cancellable. */
static void
test_rate_limited (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncClient) direct = client_for (server.url, "alice", "alice-password");
  g_autofree char *path = project_path ("rate-limited");
  g_autofree char *run_id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *slow_url = NULL;
  g_autofree char *stingy_url = NULL;
  const char *token = gw_sync_client_get_token (direct);
  GSubprocess *limited, *slow, *stingy;
  guint port = 0;

  new_project_with_run (path, 30, 51, &run_id);

  /* Two requests a second, two at once: a first sync sends about ten. */
  limited = extra_server_start ("limited", "", "[limits]\nrate_limit_per_second = 2\nrate_limit_burst = 2\n"
                               "login_max_failures = 1\nlogin_window = 60\n", &port);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  {
    g_autoptr(GwSyncClient) client = gw_sync_client_new (url, &error);
    g_autoptr(GwSyncReport) report = NULL;

    g_assert_no_error (error);
    gw_sync_client_set_token (client, token);
    report = sync_ok (client, path);
    g_assert_true (report->created);
    g_assert_cmpuint (gw_sync_report_total_pushed (report), ==, 3);
    g_assert_cmpuint (rate_limited_count (url), >, 0);
  }
  /* A sign-in refused for earlier failures is not sent again: the
   * message says how long to wait. */
  {
    g_autoptr(GwSyncClient) client = gw_sync_client_new (url, &error);
    g_autoptr(GwSyncSession) session = NULL;

    g_assert_no_error (error);
    session = gw_sync_client_sign_in (client, "bob", "not his password", NULL, &error);
    g_assert_null (session);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_WRONG_PASSWORD);
    g_clear_error (&error);
    session = gw_sync_client_sign_in (client, "bob", "bob-password", NULL, &error);
    g_assert_null (session);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_RATE_LIMITED);
    g_assert_true (g_str_has_prefix (error->message, "Too many failed sign-ins at "));
    g_assert_nonnull (strstr (error->message, " seconds, then sign in again."));
    g_clear_error (&error);
  }
  extra_server_stop (limited);

  /* One request per 20 s: the client waits for the second, until it is
   * cancelled. */
  slow = extra_server_start ("slow", "", "[limits]\nrate_limit_per_second = 0.05\nrate_limit_burst = 1\n", &port);
  slow_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  {
    g_autoptr(GwSyncClient) client = gw_sync_client_new (slow_url, &error);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GPtrArray) list = NULL;
    gint64 start;

    g_assert_no_error (error);
    gw_sync_client_set_token (client, token);
    list = gw_sync_client_list_projects (client, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&list, g_ptr_array_unref);

    start = g_get_monotonic_time ();
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      Wait w = { loop, NULL };
      g_autoptr(GAsyncResult) r = NULL;

      gw_sync_client_list_projects_async (client, cancellable, got_result, &w);
      g_timeout_add (300, cancel_cb, cancellable);
      r = wait_result (&w);
      list = gw_sync_client_list_projects_finish (client, r, &error);
    }
    g_assert_null (list);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
    g_assert_cmpuint (rate_limited_count (slow_url), >=, 1);
  }
  extra_server_stop (slow);

  /* One request per 100 s: more than the client waits, so the second
   * request fails at once, saying how long to wait. */
  stingy = extra_server_start ("stingy", "", "[limits]\nrate_limit_per_second = 0.01\nrate_limit_burst = 1\n", &port);
  stingy_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  {
    g_autoptr(GwSyncClient) client = gw_sync_client_new (stingy_url, &error);
    g_autoptr(GPtrArray) list = NULL;
    gint64 start;

    g_assert_no_error (error);
    gw_sync_client_set_token (client, token);
    list = gw_sync_client_list_projects (client, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&list, g_ptr_array_unref);

    start = g_get_monotonic_time ();
    list = gw_sync_client_list_projects (client, NULL, &error);
    g_assert_null (list);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_RATE_LIMITED);
    g_assert_nonnull (strstr (error->message, stingy_url));
    g_assert_nonnull (strstr (error->message, "is limiting requests and asks to wait"));
    g_assert_nonnull (strstr (error->message, " seconds. Nothing is lost"));
    g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
    g_assert_cmpuint (rate_limited_count (stingy_url), ==, 1);
    g_clear_error (&error);
  }
  extra_server_stop (stingy);
}

/* `ganglioside login`, `sync` and `logout`, the real binary. */
static int
run_cli (const char  *stdin_text,
         const char  *token,
         char       **out,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) cli_bin);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* No keyring in the test: only the environment counts. */
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  if (token != NULL)
    g_subprocess_launcher_setenv (launcher, "GANGLIOSIDE_TOKEN", token, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "GANGLIOSIDE_TOKEN");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, stdin_text, NULL, out, err, &error));
  g_assert_no_error (error);
  g_test_message ("ganglioside %s → %d\nstdout: %s\nstderr: %s", (const char *) argv->pdata[1],
                  g_subprocess_get_exit_status (proc), *out, *err);
  return g_subprocess_get_exit_status (proc);
}

static void
test_cli (void)
{
  g_autofree char *path = project_path ("cli");
  g_autofree char *copy = project_path ("cli-copy");
  g_autofree char *run1 = NULL;
  g_autofree char *token = NULL;
  g_autofree char *nowhere = unreachable_url ();
  char *out = NULL, *err = NULL;
  int status;

  if (cli_bin == NULL)
    {
      g_test_skip ("no ganglioside binary given");
      return;
    }

  new_project_with_run (path, 60, 70, &run1);

  status = run_cli ("wrong-password\n", NULL, &out, &err, "login", "--server", server.url, "--user", "alice", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "Wrong user name or password"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli ("alice-password\n", NULL, &out, &err, "login", "--server", server.url, "--user", "alice", NULL);
  g_assert_cmpint (status, ==, 0);
  token = g_strdup (g_strstrip (out));
  g_assert_true (g_str_has_prefix (token, "gwt_"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli (NULL, NULL, &out, &err, "sync", path, "--server", server.url, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "GANGLIOSIDE_TOKEN"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli (NULL, token, &out, &err, "sync", path, "--server", server.url,
                    "--share", "lab", "--access", "write", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "created on the server"));
  g_assert_nonnull (strstr (out, "Pushed: 1 metadata revision, 1 dataset, 1 run\n"));
  g_assert_nonnull (strstr (out, "Pulled: nothing\n"));
  g_assert_nonnull (strstr (out, "Shared with team lab (write)"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bob downloads it, curates and syncs; Alice pulls it. */
  {
    g_autoptr(GwSyncClient) a = client_for (server.url, "alice", "alice-password");
    g_autofree char *id = gw_sync_client_dup_project_id (a, path);
    g_autofree char *bob = NULL;

    status = run_cli ("bob-password\n", NULL, &out, &err, "login", "--server", server.url, "--user", "bob", NULL);
    g_assert_cmpint (status, ==, 0);
    bob = g_strdup (g_strstrip (out));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    status = run_cli (NULL, bob, &out, &err, "sync", "--list", "--server", server.url, NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, id));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    status = run_cli (NULL, bob, &out, &err, "sync", copy, "--server", server.url, "--project", id, NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "Pulled: 1 metadata revision, 1 dataset, 1 run\n"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    curate (copy, run1, 0, 1, GW_CURATION_ACCEPTED, "standard");
    status = run_cli (NULL, bob, &out, &err, "sync", copy, "--server", server.url, NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "Pushed: 1 curation event\n"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  status = run_cli (NULL, token, &out, &err, "sync", path, "--server", server.url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Pushed: nothing\n"));
  g_assert_nonnull (strstr (out, "Pulled: 1 curation event\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  assert_same_items (path, copy);

  /* Unreachable: exit 2 with the reason. */
  status = run_cli (NULL, token, &out, &err, "sync", path, "--server", nowhere, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "Could not reach the server"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Revoked: exit 2, sign in again. */
  status = run_cli (NULL, token, &out, &err, "logout", "--server", server.url, NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_cli (NULL, token, &out, &err, "sync", path, "--server", server.url, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "Sign in again"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage errors are 1. */
  status = run_cli (NULL, token, &out, &err, "sync", path, NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *backend = "sqlite";
  g_autofree char *prefix = NULL;
  g_autofree char *sqlite_url = NULL;
  int n = 1, result;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--backend") && i + 1 < argc)
        backend = argv[++i];
      else if (g_str_equal (argv[i], "--server") && i + 1 < argc)
        server_bin = argv[++i];
      else if (g_str_equal (argv[i], "--cli") && i + 1 < argc)
        cli_bin = argv[++i];
      else
        argv[n++] = argv[i];
    }
  argc = n;
  argv[argc] = NULL;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (server_bin);
  use_postgres = g_str_equal (backend, "postgres");

  tmpdir = g_dir_make_tmp ("gw-test-sync-XXXXXX", &error);
  g_assert_no_error (error);
  if (use_postgres)
    db_url = gw_test_pg_setup (tmpdir, 40);
  else
    db_url = sqlite_url = g_strdup_printf ("sqlite:%s/server.db", tmpdir);

  server.port = server_port ();
  server.url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  server.config = g_strdup_printf ("%s/server.conf", tmpdir);
  server.log = g_strdup_printf ("%s/server.log", tmpdir);
  {
    g_autofree char *text = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = %u\nworkers = 4\n"
                                             "[database]\nurl = %s\n"
                                             "[limits]\nrate_limit_per_second = 100000\nrate_limit_burst = 100000\n",
                                             server.port, db_url);
    g_assert_true (g_file_set_contents_full (server.config, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  }
  admin ("alice-password\n", "user", "add", "alice", "--admin", NULL);
  admin ("bob-password\n", "user", "add", "bob", NULL);
  admin (NULL, "team", "add", "lab", NULL);
  admin (NULL, "team", "member", "add", "lab", "bob", NULL);
  server_start ();
  proxy_start ();

  prefix = g_strdup_printf ("/sync/%s", backend);
#define ADD(name, func) { g_autofree char *p = g_strconcat (prefix, name, NULL); g_test_add_func (p, func); }
  ADD ("/errors", test_errors);
  ADD ("/two-clients", test_two_clients);
  ADD ("/read-only-share", test_read_only_share);
  ADD ("/async", test_async);
  ADD ("/merge-order", test_merge_order);
  ADD ("/clock-ahead", test_clock_ahead);
  ADD ("/cli", test_cli);
  ADD ("/tls", test_tls);
  ADD ("/rate-limited", test_rate_limited);
  ADD ("/kill-during-push", test_kill_during_push);
  ADD ("/resume-upload", test_resume_upload);
  ADD ("/large-run", test_large_run);
  ADD ("/live-updates", test_live_updates);
#undef ADD

  result = g_test_run ();

  server_stop ();
  proxy_stop ();
  gw_test_pg_cleanup ();
  if (result == 0)
    store_test_rm_rf (tmpdir);
  else
    g_printerr ("# kept %s for inspection\n", tmpdir);
  g_free (server.config);
  g_free (server.log);
  g_free (server.url);
  g_free (tmpdir);
  return result;
}
