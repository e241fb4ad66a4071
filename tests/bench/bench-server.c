/* bench-server.c: load on the real ganglioside-server
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the server (SQLite in a temporary directory, or --database-url)
 * on loopback, then:
 *   1. 50 clients, each with its own project, push batches of items and
 *      pull them back for DURATION seconds; reports requests/s, p50/p99
 *      latency and errors, then checks that no acknowledged item is lost;
 *   2. 50 clients hammer GET /health for DURATION seconds;
 *   3. one client pushes and pulls a 100,000-row run (an 8 MB result blob
 *      plus its item) and reports the round-trip time.
 * The clients speak HTTP/1.1 with keep-alive over plain sockets, so the
 * numbers measure the server rather than a client library.
 *
 * Usage: bench-server [--duration S] [--clients N] [--database-url URL]
 *                     [--server PATH] [--big-run-only]
 * DURATION defaults to 60 s, as issue #8 asks for.
 */

#define G_LOG_DOMAIN "bench-server"

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

static guint port;
static char *token;

/* A minimal keep-alive HTTP/1.1 client */

typedef struct
{
  int     fd;
  GString *in;
} Conn;

static gboolean
conn_open (Conn *c)
{
  struct sockaddr_in addr = { 0 };
  int one = 1;

  c->fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (c->fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (c->fd);
      c->fd = -1;
      return FALSE;
    }
  setsockopt (c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (c->in == NULL)
    c->in = g_string_new (NULL);
  g_string_truncate (c->in, 0);
  return TRUE;
}

static void
conn_close (Conn *c)
{
  if (c->fd >= 0)
    close (c->fd);
  c->fd = -1;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Sends one request and reads the response; returns the status, or 0 on
 * a connection error.  The body, if wanted, goes to @body. */
static guint
http (Conn       *c,
      const char *method,
      const char *path,
      const char *content_type,
      const char *extra_header,
      const char *data,
      gsize       len,
      GString    *body)
{
  g_autofree char *head = NULL;
  guint status = 0;
  gsize content_length = 0;
  char *end;
  gboolean close_after;

  if (c->fd < 0 && !conn_open (c))
    return 0;

  head = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s%s%s%s"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          method, path,
                          token ? "Authorization: Bearer " : "", token ? token : "", token ? "\r\n" : "",
                          content_type ? "Content-Type: " : "", content_type ? content_type : "",
                          content_type ? "\r\n" : "", len);
  if (extra_header != NULL)
    {
      char *with = g_strdup_printf ("%.*s%s\r\n\r\n", (int) (strlen (head) - 2), head, extra_header);
      g_free (head);
      head = with;
    }
  if (!write_all (c->fd, head, strlen (head)) || (len && !write_all (c->fd, data, len)))
    {
      conn_close (c);
      return 0;
    }

  for (;;)
    {
      char buf[65536];
      gssize n;

      end = strstr (c->in->str, "\r\n\r\n");
      if (end != NULL)
        {
          gsize header_len = end + 4 - c->in->str;
          const char *cl = g_strstr_len (c->in->str, header_len, "\r\nContent-Length: ");

          status = atoi (c->in->str + 9);
          content_length = cl ? g_ascii_strtoull (cl + 18, NULL, 10) : 0;
          if (c->in->len >= header_len + content_length)
            {
              close_after = g_strstr_len (c->in->str, header_len, "\r\nConnection: close") != NULL;
              if (body != NULL)
                g_string_append_len (body, c->in->str + header_len, content_length);
              g_string_erase (c->in, 0, header_len + content_length);
              if (close_after)
                conn_close (c);
              return status;
            }
        }
      n = read (c->fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          conn_close (c);
          return 0;
        }
      g_string_append_len (c->in, buf, n);
    }
}

/* Phase 1: push and pull */

typedef struct
{
  guint    id;
  gint64   deadline;
  GArray  *latencies;   /* gint64 µs */
  guint    errors;
  guint    pushed;      /* items acknowledged */
  guint    requests;
  char    *project;
} Client;

static void
record (Client *cl,
        gint64  start,
        guint   status,
        guint   expected)
{
  gint64 us = g_get_monotonic_time () - start;

  g_array_append_val (cl->latencies, us);
  cl->requests++;
  if (status != expected)
    cl->errors++;
}

static gpointer
sync_client (gpointer data)
{
  Client *cl = data;
  Conn c = { -1, NULL };
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autofree char *items_path = g_strdup_printf ("/api/v1/projects/%s/items", cl->project);
  gint64 cursor = 0;
  guint batch = 0;

  while (g_get_monotonic_time () < cl->deadline)
    {
      gint64 start;
      guint status;

      g_string_assign (body, "{\"items\":[");
      for (guint i = 0; i < 10; i++)
        g_string_append_printf (body, "%s{\"uuid\":\"%08x-%04x-4000-8000-%012x\",\"kind\":\"curation\","
                                "\"created_at\":\"2026-11-26T10:00:00Z\",\"author\":\"bench\","
                                "\"payload\":{\"row\":%u,\"call\":\"outlier\",\"reason\":\"residual 3.2 sigma\"}}",
                                i ? "," : "", cl->id, batch, i, i);
      g_string_append (body, "]}");
      start = g_get_monotonic_time ();
      status = http (&c, "POST", items_path, "application/json", NULL, body->str, body->len, NULL);
      record (cl, start, status, 200);
      if (status == 200)
        cl->pushed += 10;
      batch++;

      {
        g_autofree char *pull = g_strdup_printf ("%s?since=%" G_GINT64_FORMAT "&limit=100", items_path, cursor);
        const char *next;

        g_string_truncate (reply, 0);
        start = g_get_monotonic_time ();
        status = http (&c, "GET", pull, NULL, NULL, NULL, 0, reply);
        record (cl, start, status, 200);
        next = strstr (reply->str, "\"next\":");
        if (status == 200 && next)
          cursor = g_ascii_strtoll (next + 7, NULL, 10);
      }
    }
  conn_close (&c);
  if (c.in)
    g_string_free (c.in, TRUE);
  return NULL;
}

/* Phase 2: /health */

static gpointer
health_client (gpointer data)
{
  Client *cl = data;
  Conn c = { -1, NULL };

  while (g_get_monotonic_time () < cl->deadline)
    {
      gint64 start = g_get_monotonic_time ();
      guint status = http (&c, "GET", "/health", NULL, NULL, NULL, 0, NULL);

      record (cl, start, status, 200);
    }
  conn_close (&c);
  if (c.in)
    g_string_free (c.in, TRUE);
  return NULL;
}

static int
compare_i64 (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *name,
        Client     *clients,
        guint       n,
        double      seconds)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint errors = 0;

  for (guint i = 0; i < n; i++)
    {
      g_array_append_vals (all, clients[i].latencies->data, clients[i].latencies->len);
      errors += clients[i].errors;
    }
  g_array_sort (all, compare_i64);
  g_print ("%-12s %8u requests in %.1f s = %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   errors %u\n",
           name, all->len, seconds, all->len / seconds,
           all->len ? g_array_index (all, gint64, all->len / 2) / 1000.0 : 0,
           all->len ? g_array_index (all, gint64, (all->len * 99) / 100) / 1000.0 : 0,
           errors);
}

static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (!g_socket_bind (sock, addr, TRUE, NULL))
    g_error ("cannot bind a loopback port");
  bound = g_socket_get_local_address (sock, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
default_server_path (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self ? g_path_get_dirname (self) : g_strdup (".");

  return g_build_filename (dir, "..", "..", "src", "server", "ganglioside-server", NULL);
}

static void
run_admin (const char *server,
           const char *config,
           const char *input,
           const char *a,
           const char *b,
           const char *c)
{
  g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                  G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL,
                                                  server, "--config", config, a, b, c, NULL);

  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, input, NULL, NULL, NULL, NULL) ||
      !g_subprocess_get_successful (proc))
    g_error ("admin command %s %s %s failed", a, b, c);
}

/* CPU seconds (user + system) used so far by process @pid. */
static double
process_cpu (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  /* Fields after the command name start at field 3 (state); utime and
   * stime are fields 14 and 15. */
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static double
self_cpu (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void
big_run (const char *server_pid)
{
  /* 100,000 result rows as the store would ship them: a JSON array in a
   * blob, plus the run item that names it. */
  g_autoptr(GString) rows = g_string_sized_new (10 * 1024 * 1024);
  g_autoptr(GString) item = g_string_new (NULL);
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autoptr(GString) blob = g_string_new (NULL);
  g_autofree char *sha = NULL;
  g_autofree char *project = g_uuid_string_random ();
  g_autofree char *create = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"big run\"}", project);
  Conn c = { -1, NULL };
  gsize piece = 8 * 1024 * 1024;
  gint64 start, push_done;
  double server_cpu0, bench_cpu0;
  guint status;

  g_string_append_c (rows, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (rows, "%s{\"name\":\"GD1+OAc(%u:1;O2)\",\"rt\":%.4f,\"volume\":%.1f,"
                            "\"logp\":%.3f,\"call\":\"%s\"}",
                            i ? "," : "", 30 + i % 14, 5 + (i % 997) * 0.0123, 1e5 + i * 3.7,
                            1.5 + (i % 311) * 0.01, i % 17 ? "valid" : "outlier");
  g_string_append_c (rows, ']');
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) rows->str, rows->len);

  status = http (&c, "POST", "/api/v1/projects", "application/json", NULL, create, strlen (create), NULL);
  if (status != 201)
    g_error ("creating the big-run project: %u", status);

  server_cpu0 = process_cpu (server_pid);
  bench_cpu0 = self_cpu ();
  start = g_get_monotonic_time ();
  for (gsize off = 0; off < rows->len; off += piece)
    {
      gsize len = MIN (piece, rows->len - off);
      g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/blobs/%s", project, sha);
      g_autofree char *range = g_strdup_printf ("Content-Range: bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT
                                                "/%" G_GSIZE_FORMAT, off, off + len - 1, rows->len);

      status = http (&c, "PUT", path, "application/octet-stream", range, rows->str + off, len, NULL);
      if (status != 201 && status != 202)
        g_error ("blob piece at %" G_GSIZE_FORMAT ": %u", off, status);
    }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/items", project);
    g_autofree char *uuid = g_uuid_string_random ();

    g_string_printf (item, "{\"items\":[{\"uuid\":\"%s\",\"kind\":\"run\",\"created_at\":\"2026-11-26T10:00:00Z\","
                     "\"author\":\"bench\",\"payload\":{\"preset\":\"robust\",\"rows\":100000},\"blobs\":[\"%s\"]}]}",
                     uuid, sha);
    status = http (&c, "POST", path, "application/json", NULL, item->str, item->len, NULL);
    if (status != 200)
      g_error ("pushing the run item: %u", status);
  }
  push_done = g_get_monotonic_time ();
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/items?since=0", project);
    g_autofree char *blob_path = g_strdup_printf ("/api/v1/projects/%s/blobs/%s", project, sha);
    g_autofree char *got = NULL;

    status = http (&c, "GET", path, NULL, NULL, NULL, 0, reply);
    if (status != 200 || strstr (reply->str, sha) == NULL)
      g_error ("pulling the run item: %u", status);
    status = http (&c, "GET", blob_path, NULL, NULL, NULL, 0, blob);
    got = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) blob->str, blob->len);
    if (status != 200 || !g_str_equal (got, sha))
      g_error ("pulling the run blob: %u", status);
  }
  g_print ("100k-row run (%.1f MB): push %.2f s + pull %.2f s = %.2f s (target <= 3 s)\n",
           rows->len / 1e6, (push_done - start) / 1e6, (g_get_monotonic_time () - push_done) / 1e6,
           (g_get_monotonic_time () - start) / 1e6);
  g_print ("%-12s CPU (user+sys): server %.2f s, this client %.2f s (the database's own CPU is not counted)\n",
           "", process_cpu (server_pid) - server_cpu0, self_cpu () - bench_cpu0);
  conn_close (&c);
  g_string_free (c.in, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *server = NULL;
  g_autofree char *database_url = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *conf_text = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  int duration = 60, n_clients = 50;
  gboolean big_run_only = FALSE;
  GOptionEntry entries[] = {
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration, "Seconds per load phase (60)", "S" },
    { "big-run-only", 0, 0, G_OPTION_ARG_NONE, &big_run_only, "Only push and pull the 100,000-row run", NULL },
    { "clients", 0, 0, G_OPTION_ARG_INT, &n_clients, "Concurrent clients (50)", "N" },
    { "database-url", 0, 0, G_OPTION_ARG_STRING, &database_url, "Use this database instead of a new SQLite one", "URL" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server, "The ganglioside-server binary", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— load on ganglioside-server");
  Client *clients = NULL;
  guint total_pushed = 0;
  gint64 t0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (server == NULL)
    server = default_server_path ();
  signal (SIGPIPE, SIG_IGN);

  tmpdir = g_dir_make_tmp ("gw-bench-server-XXXXXX", &error);
  g_assert_no_error (error);
  if (database_url == NULL)
    database_url = g_strdup_printf ("sqlite:%s/bench.db", tmpdir);
  port = free_port ();
  config = g_build_filename (tmpdir, "bench.conf", NULL);
  conf_text = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = %u\nworkers = 8\n[database]\nurl = %s\n"
                               "[limits]\nrate_limit_per_second = 1000000\nrate_limit_burst = 1000000\n",
                               port, database_url);
  g_file_set_contents (config, conf_text, -1, NULL);
  g_chmod (config, 0600);

  run_admin (server, config, "bench-password\n", "user", "add", "bench");
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    const char *args[] = { server, "--config", config, NULL };

    g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
    proc = g_subprocess_launcher_spawnv (launcher, args, &error);
    g_assert_no_error (error);
  }
  {
    Conn c = { -1, NULL };
    g_autoptr(GString) reply = g_string_new (NULL);
    const char *login = "{\"username\":\"bench\",\"password\":\"bench-password\"}";
    const char *t;

    for (guint i = 0; i < 400 && http (&c, "GET", "/health", NULL, NULL, NULL, 0, NULL) != 200; i++)
      g_usleep (25000);
    if (http (&c, "POST", "/api/v1/session", "application/json", NULL, login, strlen (login), reply) != 201 ||
        (t = strstr (reply->str, "\"token\":\"")) == NULL)
      g_error ("cannot sign in: %s", reply->str);
    token = g_strndup (t + 9, strchr (t + 9, '"') - (t + 9));
    conn_close (&c);
    g_string_free (c.in, TRUE);
  }

  if (big_run_only)
    g_print ("ganglioside-server: one 100k-row run, %s, loopback\n",
             g_str_has_prefix (database_url, "sqlite:") ? "SQLite" : "PostgreSQL");
  else
    g_print ("ganglioside-server load: %d clients, %d s per phase, %s, loopback\n", n_clients, duration,
             g_str_has_prefix (database_url, "sqlite:") ? "SQLite" : "PostgreSQL");

  if (big_run_only)
    {
      n_clients = 0;
      goto big;
    }
  clients = g_new0 (Client, n_clients);
  for (int i = 0; i < n_clients; i++)
    {
      Conn c = { -1, NULL };
      g_autofree char *body = NULL;

      clients[i].id = i + 1;
      clients[i].latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
      clients[i].project = g_uuid_string_random ();
      body = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"bench %d\"}", clients[i].project, i);
      if (http (&c, "POST", "/api/v1/projects", "application/json", NULL, body, strlen (body), NULL) != 201)
        g_error ("cannot create a project");
      conn_close (&c);
      g_string_free (c.in, TRUE);
    }

  /* 1. push and pull */
  {
    g_autofree GThread **threads = g_new0 (GThread *, n_clients);

    t0 = g_get_monotonic_time ();
    for (int i = 0; i < n_clients; i++)
      {
        clients[i].deadline = t0 + (gint64) duration * G_USEC_PER_SEC;
        threads[i] = g_thread_new ("sync", sync_client, &clients[i]);
      }
    for (int i = 0; i < n_clients; i++)
      g_thread_join (threads[i]);
    report ("push+pull", clients, n_clients, (g_get_monotonic_time () - t0) / 1e6);
  }

  /* No acknowledged item is lost: each project holds exactly what its
   * client was told it stored. */
  {
    Conn c = { -1, NULL };
    guint lost = 0;

    for (int i = 0; i < n_clients; i++)
      {
        g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", clients[i].project);
        g_autoptr(GString) reply = g_string_new (NULL);
        const char *head;

        if (http (&c, "GET", path, NULL, NULL, NULL, 0, reply) != 200 ||
            (head = strstr (reply->str, "\"head\":")) == NULL ||
            g_ascii_strtoull (head + 7, NULL, 10) != clients[i].pushed)
          lost++;
        total_pushed += clients[i].pushed;
      }
    g_print ("%-12s %u items acknowledged, %u projects with a missing or extra item\n", "integrity", total_pushed, lost);
    conn_close (&c);
    g_string_free (c.in, TRUE);
  }

  /* 2. /health */
  {
    g_autofree GThread **threads = g_new0 (GThread *, n_clients);

    for (int i = 0; i < n_clients; i++)
      {
        g_array_set_size (clients[i].latencies, 0);
        clients[i].errors = 0;
      }
    t0 = g_get_monotonic_time ();
    for (int i = 0; i < n_clients; i++)
      {
        clients[i].deadline = t0 + (gint64) duration * G_USEC_PER_SEC;
        threads[i] = g_thread_new ("health", health_client, &clients[i]);
      }
    for (int i = 0; i < n_clients; i++)
      g_thread_join (threads[i]);
    report ("/health", clients, n_clients, (g_get_monotonic_time () - t0) / 1e6);
  }

  /* 3. a big run */
big:
  big_run (g_subprocess_get_identifier (proc));

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, NULL);
  for (int i = 0; i < n_clients; i++)
    {
      g_array_unref (clients[i].latencies);
      g_free (clients[i].project);
    }
  g_free (clients);
  g_free (token);
  {
    const char *names[] = { "bench.db", "bench.db-wal", "bench.db-shm", "bench.conf" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *p = g_build_filename (tmpdir, names[i], NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  return 0;
}
