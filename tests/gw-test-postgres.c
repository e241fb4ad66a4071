/* gw-test-postgres.c: child processes and a private PostgreSQL for tests
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server and sync suites both start real processes: the server
 * binary, and for their PostgreSQL backend a real PostgreSQL in a
 * temporary directory, on loopback only.  Every child gets a
 * parent-death signal, so a failed assertion never leaves one running.
 * One PostgreSQL per test process: its state lives in this file.
 */

#define G_LOG_DOMAIN "test-postgres"

#include "config.h"

#include "gw-test-postgres.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

static char *pg_tmpdir;
static char *pg_bindir;
static guint pg_port;
static guint pg_max_connections;
static GSubprocess *pg_proc;
static uid_t pg_uid;
static gid_t pg_gid;
static char *pg_url;
static char *pg_conninfo;

void
gw_test_child_setup_kill (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
child_setup_postgres (gpointer data)
{
  /* Drop to the postgres user when we are root; the death signal is set
   * after, because changing credentials clears it. */
  if (getuid () == 0)
    {
      if (setgroups (0, NULL) != 0 || setgid (pg_gid) != 0 || setuid (pg_uid) != 0)
        _exit (127);
    }
  prctl (PR_SET_PDEATHSIG, GPOINTER_TO_INT (data));
}

guint
gw_test_free_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Output goes to LOG_PATH, appended: a restarted process keeps the
 * earlier log. */
GSubprocess *
gw_test_spawn (const char * const   *argv,
               const char           *log_path,
               GSpawnChildSetupFunc  setup,
               gpointer              setup_data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  if (log_path != NULL)
    {
      int fd = g_open (log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);

      g_assert_cmpint (fd, >=, 0);
      g_subprocess_launcher_take_stdout_fd (launcher, fd);
      g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_MERGE);
    }
  g_subprocess_launcher_set_child_setup (launcher, setup, setup_data, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return proc;
}

static void
run_as_postgres (const char * const *argv)
{
  g_autofree char *log = g_build_filename (pg_tmpdir, "pg-setup.log", NULL);
  g_autoptr(GSubprocess) proc = gw_test_spawn (argv, log, child_setup_postgres, GINT_TO_POINTER (SIGKILL));
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    {
      g_autofree char *text = NULL;
      g_file_get_contents (log, &text, NULL, NULL);
      g_error ("%s failed: %s", argv[0], text ? text : "");
    }
}

/* The newest PostgreSQL Debian installed, /usr/lib/postgresql/NN/bin. */
static char *
find_bindir (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  char *bindir = NULL;
  const char *name;
  guint best = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      guint v = atoi (name);
      g_autofree char *candidate = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);

      if (v > best && g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        {
          best = v;
          g_free (bindir);
          bindir = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
        }
    }
  g_assert_nonnull (bindir);
  return bindir;
}

/* Creates a cluster in TMPDIR/pg and starts it on a free loopback port.
 * Returns its URL for the server's configuration. */
const char *
gw_test_pg_setup (const char *tmpdir,
                  guint       max_connections)
{
  g_autofree char *initdb = NULL;
  g_autofree char *data = g_build_filename (tmpdir, "pg", NULL);

  g_assert_null (pg_tmpdir);
  pg_tmpdir = g_strdup (tmpdir);
  pg_max_connections = max_connections;
  pg_bindir = find_bindir ();

  if (getuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      g_assert_nonnull (pw);
      pg_uid = pw->pw_uid;
      pg_gid = pw->pw_gid;
      g_assert_cmpint (chown (tmpdir, pg_uid, pg_gid), ==, 0);
    }

  initdb = g_build_filename (pg_bindir, "initdb", NULL);
  {
    const char *argv[] = { initdb, "-D", data, "-U", "postgres", "-A", "trust", "--no-sync",
                           "-E", "UTF8", "--locale=C", NULL };
    run_as_postgres (argv);
  }
  pg_port = gw_test_free_port ();
  pg_conninfo = g_strdup_printf ("host=127.0.0.1 port=%u user=postgres dbname=postgres", pg_port);
  pg_url = g_strdup_printf ("postgresql://postgres@127.0.0.1:%u/postgres", pg_port);
  gw_test_pg_start ();
  return pg_url;
}

/* (Re)starts the cluster gw_test_pg_setup() created; returns once it
 * answers. */
void
gw_test_pg_start (void)
{
  g_autofree char *postgres = g_build_filename (pg_bindir, "postgres", NULL);
  g_autofree char *data = g_build_filename (pg_tmpdir, "pg", NULL);
  g_autofree char *log = g_build_filename (pg_tmpdir, "pg.log", NULL);
  g_autofree char *port = g_strdup_printf ("%u", pg_port);
  g_autofree char *max = g_strdup_printf ("max_connections=%u", pg_max_connections);
  const char *argv[] = { postgres, "-D", data, "-p", port, "-k", pg_tmpdir,
                         "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                         "-c", "full_page_writes=off", "-c", max, NULL };

  g_assert_null (pg_proc);
  /* SIGQUIT is PostgreSQL's immediate shutdown: it also stops the
   * backends, which SIGKILL on the postmaster would leave behind. */
  pg_proc = gw_test_spawn (argv, log, child_setup_postgres, GINT_TO_POINTER (SIGQUIT));
  for (guint i = 0; i < 300; i++)
    {
      if (PQping (pg_conninfo) == PQPING_OK)
        return;
      g_usleep (50000);
    }
  g_error ("PostgreSQL did not start; see %s", log);
}

void
gw_test_pg_stop (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (pg_proc);
  /* SIGINT: the fast shutdown, as `pg_ctl stop` does. */
  g_subprocess_send_signal (pg_proc, SIGINT);
  g_assert_true (g_subprocess_wait (pg_proc, NULL, &error));
  g_clear_object (&pg_proc);
}

gboolean
gw_test_pg_running (void)
{
  return pg_proc != NULL;
}

/* libpq's connection string, for tests that look into the database. */
const char *
gw_test_pg_conninfo (void)
{
  return pg_conninfo;
}

/* Stops the cluster if it runs and forgets it (its files stay in the
 * temporary directory, which the test removes). */
void
gw_test_pg_cleanup (void)
{
  if (pg_proc != NULL)
    gw_test_pg_stop ();
  g_clear_pointer (&pg_tmpdir, g_free);
  g_clear_pointer (&pg_bindir, g_free);
  g_clear_pointer (&pg_url, g_free);
  g_clear_pointer (&pg_conninfo, g_free);
}
