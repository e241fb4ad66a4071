/* test-sync-window.c: Preferences sign-in, header sync status, offline
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real ganglioside-server (SQLite backend, loopback) and the real
 * widgets: the test types the server URL, user name and password into the
 * Preferences window, clicks Sign In, turns on sync for a project and
 * waits for the header bar to say "Synced"; then it stops the server,
 * asks for a sync and waits for "Offline".  Under the test D-Bus there is
 * no Secret Service, so the token store must fall back to memory, say so,
 * and write the token nowhere.
 */

#define G_LOG_DOMAIN "test-sync-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "gw-analysis.h"
#include "gw-application.h"
#include "gw-preferences-window.h"
#include "gw-project.h"
#include "gw-sync-client.h"
#include "gw-sync-manager.h"
#include "gw-window-private.h"
#include "gw-test-util.h"

static GTestDBus     *bus;
static GwApplication *app;
static char          *tmpdir;
static GSubprocess   *server;
static guint          port;

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

  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static const char *
server_bin (void)
{
  static char *bin;

  if (bin == NULL)
    {
      const char *build_dir = g_getenv ("GW_BUILD_DIR");

      g_assert_nonnull (build_dir);
      bin = g_build_filename (build_dir, "src", "server", "ganglioside-server", NULL);
    }
  return bin;
}

static char *
config_path (void)
{
  return g_build_filename (tmpdir, "server.conf", NULL);
}

static void
server_setup (void)
{
  g_autofree char *config = config_path ();
  g_autofree char *text = NULL;
  g_autoptr(GSubprocess) add = NULL;
  g_autoptr(GError) error = NULL;

  port = free_port ();
  text = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = %u\nworkers = 2\n"
                          "[database]\nurl = sqlite:%s/server.db\n", port, tmpdir);
  g_assert_true (g_file_set_contents_full (config, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);

  add = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                          server_bin (), "--config", config, "user", "add", "alice", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (add, "alice-password\n", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (add));
}

static void
server_start (void)
{
  g_autofree char *config = config_path ();
  g_autofree char *log = g_build_filename (tmpdir, "server.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  const char *argv[] = { server_bin (), "--config", config, NULL };

  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  server = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(GSocketConnection) conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

      if (conn != NULL)
        return;
      g_usleep (25000);
    }
  g_error ("ganglioside-server did not start; see %s", log);
}

static void
server_stop (void)
{
  if (server == NULL)
    return;
  g_subprocess_send_signal (server, SIGTERM);
  g_assert_true (g_subprocess_wait (server, NULL, NULL));
  g_clear_object (&server);
}

static void
app_up (void)
{
  g_autoptr(GError) error = NULL;

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  app = gw_application_new ("io.github.ganglioside.Workbench.SyncTests", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
}

static void
app_down (void)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (toplevels);

  gw_test_spin (200);
  g_clear_object (&app);
  g_test_dbus_stop (bus);
}

/* A project with one robust run of testwork_user.csv. */
static char *
make_project (void)
{
  g_autoptr(GError) error = NULL;
  const char *shared = g_getenv ("GW_SHARED_DATA");
  g_autofree char *csv_path = g_build_filename (shared, "testwork_user.csv", NULL);
  char *path = g_build_filename (tmpdir, "synced.gwproject", NULL);
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autofree char *run_id = NULL;
  GwParams params;

  project = gw_project_create (path, "Synced study", &error);
  g_assert_no_error (error);
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  table = gw_table_new_from_bytes (bytes, "testwork_user.csv", NULL, &error);
  g_assert_no_error (error);
  gw_params_init (&params, GW_PRESET_ROBUST);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  run_id = gw_project_save_run (project, run, bytes, "Tester", &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
run_shown (gpointer data)
{
  GwWindow *window = data;
  GwProjectController *project = gw_window_get_project (window);

  return gw_window_get_run (window) != NULL && gw_project_controller_get_run_id (project) != NULL &&
         !gw_window_is_busy (window);
}

static GwPreferencesWindow *
find_preferences (void)
{
  GwPreferencesWindow *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GW_IS_PREFERENCES_WINDOW (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

typedef struct
{
  GwPreferencesWindow *prefs;
  const char          *text;
} PrefsWait;

static gboolean
account_reads (gpointer data)
{
  PrefsWait *w = data;

  return g_str_equal (gw_preferences_window_get_account_text (w->prefs), w->text);
}

static gboolean
error_shown (gpointer data)
{
  PrefsWait *w = data;

  return strstr (gw_preferences_window_get_error_text (w->prefs), w->text) != NULL &&
         gtk_widget_get_sensitive (gw_preferences_window_get_sign_in_button (w->prefs));
}

typedef struct
{
  GwWindow   *window;
  const char *text;
} HeaderWait;

static gboolean
header_reads (gpointer data)
{
  HeaderWait *w = data;

  return g_str_equal (gw_sync_indicator_get_text (gw_window_get_sync_indicator (w->window)), w->text);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *build_dir = g_getenv ("GW_BUILD_DIR");
  g_autofree char *path = g_build_filename (build_dir ? build_dir : g_get_tmp_dir (), "tests", "app", name, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  int width = 0, height = 0;

  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      gw_test_spin (100);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* TRUE if the file at @path holds @needle anywhere. */
static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  return memmem (data, len, needle, strlen (needle)) != NULL;
}

static void
assert_not_on_disk (const char *dir,
                    const char *token)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_not_on_disk (path, token);
      else if (file_contains (path, token))
        g_error ("the sign-in token was written to %s", path);
    }
}

static void
test_sign_in_sync_offline (void)
{
  g_autofree char *project_path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.ganglioside.Workbench");
  g_autoptr(GFile) file = NULL;
  GwPreferencesWindow *prefs;
  GwWindow *window;
  GtkWidget *sw;
  PrefsWait pw;
  HeaderWait hw;
  GwSyncManager *manager;
  const char *token;

  server_setup ();
  server_start ();
  app_up ();
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  project_path = make_project ();
  file = g_file_new_for_path (project_path);
  window = gw_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  gw_window_open (window, file);
  gw_test_wait_for (run_shown, window, 60, "the project's run");
  /* Not syncing yet: nothing in the header. */
  g_assert_cmpstr (gw_sync_indicator_get_text (gw_window_get_sync_indicator (window)), ==, "");

  /* Preferences, through the app action the menu and Ctrl+, use. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  gw_test_spin (200);
  prefs = find_preferences ();
  g_assert_nonnull (prefs);
  g_assert_cmpstr (gw_preferences_window_get_account_text (prefs), ==, "Not signed in");

  /* A wrong password is refused with a clear message. */
  gtk_editable_set_text (GTK_EDITABLE (gw_preferences_window_get_url_row (prefs)), url);
  gtk_editable_set_text (GTK_EDITABLE (gw_preferences_window_get_user_row (prefs)), "alice");
  gtk_editable_set_text (GTK_EDITABLE (gw_preferences_window_get_password_row (prefs)), "not-her-password");
  g_signal_emit_by_name (gw_preferences_window_get_sign_in_button (prefs), "clicked");
  pw.prefs = prefs;
  pw.text = "Wrong user name or password";
  gw_test_wait_for (error_shown, &pw, 60, "the wrong-password message");
  g_assert_cmpstr (gw_preferences_window_get_account_text (prefs), ==, "Not signed in");

  /* The right one signs in. */
  gtk_editable_set_text (GTK_EDITABLE (gw_preferences_window_get_password_row (prefs)), "alice-password");
  g_signal_emit_by_name (gw_preferences_window_get_sign_in_button (prefs), "clicked");
  pw.text = "Signed in as alice";
  gw_test_wait_for (account_reads, &pw, 60, "the sign-in");
  g_assert_cmpstr (gw_preferences_window_get_error_text (prefs), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gw_preferences_window_get_password_row (prefs))), ==, "");
  {
    g_autofree char *saved = g_settings_get_string (settings, "sync-server-url");
    g_assert_cmpstr (saved, ==, url);
  }

  /* No Secret Service under the test bus: memory only, and the UI says so. */
  manager = gw_sync_manager_get_default ();
  g_assert_false (gw_token_store_is_persistent (gw_sync_manager_get_token_store (manager)));
  g_assert_true (gw_preferences_window_shows_memory_warning (prefs));

  /* The project's switch makes it sync; the header shows it. */
  sw = gw_preferences_window_get_project_switch (prefs, project_path);
  g_assert_nonnull (sw);
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  hw.window = window;
  hw.text = "Synced";
  gw_test_wait_for (header_reads, &hw, 120, "the header to read Synced");

  /* The server has it: the project, with the run and its dataset. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwSyncClient) client = gw_sync_client_new (url, &error);
    g_autoptr(GPtrArray) projects = NULL;

    g_assert_no_error (error);
    gw_sync_client_set_token (client, gw_sync_client_get_token (gw_sync_manager_get_client (manager)));
    projects = gw_sync_client_list_projects (client, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (projects->len, ==, 1);
    g_assert_cmpstr (((GwSyncProject *) g_ptr_array_index (projects, 0))->name, ==, "Synced study");
    g_assert_cmpint (((GwSyncProject *) g_ptr_array_index (projects, 0))->head, >=, 2);
  }

  gtk_window_set_default_size (GTK_WINDOW (prefs), 560, 760);
  screenshot (GTK_WIDGET (prefs), "sync-preferences.png");
  screenshot (GTK_WIDGET (window), "sync-window-synced.png");

  /* The server goes away: a sync now says Offline, and the window keeps
   * working. */
  server_stop ();
  gtk_widget_activate_action (GTK_WIDGET (window), "sync.now", NULL);
  hw.text = "Offline";
  gw_test_wait_for (header_reads, &hw, 120, "the header to read Offline");
  g_assert_nonnull (gw_window_get_run (window));
  screenshot (GTK_WIDGET (window), "sync-window-offline.png");

  /* The token exists only in memory: not in the project file, not under
   * the test's home, config or data folders. */
  token = gw_sync_client_get_token (gw_sync_manager_get_client (manager));
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >=, 16);
  g_assert_false (file_contains (project_path, token));
  assert_not_on_disk (g_get_user_config_dir (), token);
  assert_not_on_disk (g_get_user_data_dir (), token);
  assert_not_on_disk (g_get_user_cache_dir (), token);

  app_down ();
}

static void
run_isolated (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  if (g_test_subprocess ())
    {
      func ();
      return;
    }

  g_test_trap_subprocess (NULL, 300 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  int result;

  /* Everything the app might write goes below one temporary folder, which
   * the test then searches for the token.  The test case runs in a
   * subprocess, which finds the folder in the environment. */
  if (g_getenv ("GW_TEST_SYNC_TMP") != NULL)
    tmpdir = g_strdup (g_getenv ("GW_TEST_SYNC_TMP"));
  else
    {
      tmpdir = g_dir_make_tmp ("gw-test-sync-ui-XXXXXX", NULL);
      g_assert_nonnull (tmpdir);
      g_setenv ("GW_TEST_SYNC_TMP", tmpdir, TRUE);
    }
  {
    g_autofree char *config = g_build_filename (tmpdir, "home", "config", NULL);
    g_autofree char *data = g_build_filename (tmpdir, "home", "data", NULL);
    g_autofree char *cache = g_build_filename (tmpdir, "home", "cache", NULL);

    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }

  g_test_init (&argc, &argv, NULL);

  if (g_test_subprocess ())
    {
      gtk_init ();
      adw_init ();
    }

  g_test_add_data_func ("/ui/sync/sign-in-sync-offline", (gconstpointer) test_sign_in_sync_offline, run_isolated);

  result = g_test_run ();
  if (!g_test_subprocess () && result == 0)
    {
      const char *rm[] = { "rm", "-rf", tmpdir, NULL };

      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  g_free (tmpdir);
  return result;
}
