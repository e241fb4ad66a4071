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
#include <stdlib.h>
#include <string.h>

#include "gw-analysis.h"
#include "gw-application.h"
#include "gw-preferences-window.h"
#include "gw-project.h"
#include "gw-sync-client.h"
#include "gw-sync-manager.h"
#include "gw-test-postgres.h"
#include "gw-window-private.h"
#include "gw-test-util.h"

static GTestDBus     *bus;
static GwApplication *app;
static char          *tmpdir;
static GSubprocess   *server;
static guint          port;

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

  port = gw_test_free_port ();
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
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  const char *argv[] = { server_bin (), "--config", config, NULL };

  server = gw_test_spawn (argv, log, gw_test_child_setup_kill, NULL);

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

  /* The test bus first: GTestDBus forks a watcher, which should not
   * inherit the threads that spawning the server starts. */
  app_up ();
  server_setup ();
  server_start ();
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

  /* The token is revoked (as by signing out elsewhere): the next sync
   * fails with a message that says to sign in again, and the app forgets
   * the token. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwSyncClient) elsewhere = gw_sync_client_new (url, &error);
    const GwSyncStatus *st;

    gw_sync_client_set_token (elsewhere, gw_sync_client_get_token (gw_sync_manager_get_client (manager)));
    g_assert_true (gw_sync_client_sign_out (elsewhere, NULL, &error));
    g_assert_no_error (error);
    gtk_widget_activate_action (GTK_WIDGET (window), "sync.now", NULL);
    hw.text = "Sync Error";
    gw_test_wait_for (header_reads, &hw, 120, "the header to read Sync Error");
    st = gw_sync_manager_get_status (manager, project_path);
    g_assert_nonnull (strstr (st->message, "sign in again"));
    g_assert_false (gw_sync_manager_is_signed_in (manager));
    pw.text = "Not signed in";
    gw_test_wait_for (account_reads, &pw, 10, "Preferences to show the sign-out");
  }

  /* Signing in again is the way forward. */
  gtk_editable_set_text (GTK_EDITABLE (gw_preferences_window_get_password_row (prefs)), "alice-password");
  g_signal_emit_by_name (gw_preferences_window_get_sign_in_button (prefs), "clicked");
  pw.text = "Signed in as alice";
  gw_test_wait_for (account_reads, &pw, 60, "the second sign-in");
  hw.text = "Synced";
  gw_test_wait_for (header_reads, &hw, 120, "the header to read Synced after signing in again");

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
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_sync_manager_sign_in_finish (GW_SYNC_MANAGER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

typedef struct
{
  GwWindow *window;
  guint     n_runs;
} RunsWait;

static gboolean
sidebar_has_runs (gpointer data)
{
  RunsWait *w = data;

  return gw_project_controller_get_n_runs (gw_window_get_project (w->window)) == w->n_runs &&
         !gw_window_is_busy (w->window);
}

/* The server project's head, seen by another client. */
static gint64
server_head (GwSyncClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = gw_sync_client_list_projects (client, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 1);
  return ((GwSyncProject *) g_ptr_array_index (projects, 0))->head;
}

static gboolean
events_connected (gpointer data)
{
  return gw_sync_client_get_events_connected (data);
}

static GtkWindow *
find_window_titled (const char *title)
{
  GtkWindow *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_window_get_title (l->data), title) == 0)
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static gboolean
list_has_rows (gpointer data)
{
  GtkWidget *w = data;

  return w != NULL && gtk_widget_get_first_child (w) != NULL;
}

/* Depth-first: the first widget of @type below @root. */
static GtkWidget *
find_child (GtkWidget *root,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_child (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_live_update_change_browse (void)
{
  g_autofree char *project_path = NULL;
  g_autofree char *b_path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.ganglioside.Workbench");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GwSyncClient) other = NULL;
  g_autoptr(GError) error = NULL;
  GwSyncManager *manager;
  GwWindow *window;
  GtkWindow *browse;
  GtkWidget *list;
  HeaderWait hw;
  RunsWait rw;
  gboolean done = FALSE;
  gint64 head;

  /* The test bus first: GTestDBus forks a watcher, which should not
   * inherit the threads that spawning the server starts. */
  app_up ();
  server_setup ();
  server_start ();
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  manager = gw_sync_manager_get_default ();
  gw_sync_manager_sign_in_async (manager, url, "alice", "alice-password", NULL, signed_in_cb, &done);
  gw_test_wait_for (flag_set, &done, 60, "the sign-in");

  /* Workstation A: this app, with the project open and syncing. */
  project_path = make_project ();
  gw_sync_manager_set_project_enabled (manager, project_path, TRUE);
  file = g_file_new_for_path (project_path);
  window = gw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  gw_window_open (window, file);
  gw_test_wait_for (run_shown, window, 60, "the project's run");
  hw.window = window;
  hw.text = "Synced";
  gw_test_wait_for (header_reads, &hw, 120, "the header to read Synced");

  /* A listens for changes once its WebSocket is up. */
  gw_test_wait_for (events_connected, gw_sync_manager_get_client (manager), 60, "the live-update connection");
  gw_test_wait_for (header_reads, &hw, 60, "the header to read Synced");
  gw_test_spin (500);

  /* Workstation B: another client opens the project from the server,
   * adds a run and syncs. */
  other = gw_sync_client_new (url, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GwSyncSession) session = gw_sync_client_sign_in (other, "alice", "alice-password", NULL, &error);
    g_assert_no_error (error);
  }
  b_path = g_build_filename (tmpdir, "workstation-b.gwproject", NULL);
  {
    g_autofree char *id = gw_sync_client_dup_project_id (gw_sync_manager_get_client (manager), project_path);
    g_autoptr(GwSyncReport) report = NULL;

    g_assert_nonnull (id);
    report = gw_sync_client_clone_project (other, id, b_path, NULL, &error);
    g_assert_no_error (error);
  }
  {
    const char *shared = g_getenv ("GW_SHARED_DATA");
    g_autofree char *csv_path = g_build_filename (shared, "testwork_user.csv", NULL);
    g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
    g_autoptr(GBytes) bytes = g_file_load_bytes (csv, NULL, NULL, &error);
    g_autoptr(GwTable) table = gw_table_new_from_bytes (bytes, "testwork_user.csv", NULL, &error);
    g_autoptr(GwProject) project = gw_project_open (b_path, &error);
    g_autoptr(GwRun) run = NULL;
    g_autofree char *run_id = NULL;
    g_autoptr(GwSyncReport) report = NULL;
    GwParams params;

    g_assert_no_error (error);
    gw_params_init (&params, GW_PRESET_CLASSIC);
    run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    run_id = gw_project_save_run (project, run, bytes, "Colleague", &error);
    g_assert_no_error (error);
    g_clear_object (&project);
    report = gw_sync_client_sync_project (other, b_path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gw_sync_report_total_pushed (report), >=, 1);
  }

  /* A hears of it through the WebSocket, pulls, and its sidebar shows
   * the colleague's run without anyone asking. */
  rw.window = window;
  rw.n_runs = 2;
  gw_test_wait_for (sidebar_has_runs, &rw, 60, "the colleague's run in the sidebar");
  gw_test_wait_for (header_reads, &hw, 60, "the header to read Synced again");

  /* A local change syncs by itself, shortly after. */
  head = server_head (other);
  g_assert_true (gw_result_table_select_row (gw_window_get_result_table (window), 0));
  gw_project_controller_curate_selection (gw_window_get_project (window), GW_CURATION_ACCEPTED, "checked by hand");
  for (guint i = 0; i < 120 && server_head (other) <= head; i++)
    gw_test_spin (500);
  g_assert_cmpint (server_head (other), >, head);

  /* Browse Lab Projects lists it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "sync.browse", NULL);
  gw_test_spin (200);
  browse = find_window_titled ("Lab Projects");
  g_assert_nonnull (browse);
  list = find_child (GTK_WIDGET (browse), GTK_TYPE_LIST_BOX);
  gw_test_wait_for (list_has_rows, list, 60, "the lab's projects");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (list))), ==,
                   "Synced study");
  screenshot (GTK_WIDGET (browse), "sync-browse.png");

  server_stop ();
  app_down ();
}

/* After the server's limit of failed sign-ins it answers 429 with a
 * Retry-After: Preferences says how long to wait, as the CLI does, not a
 * generic "try again in a minute". */
static void
test_sign_in_rate_limited (void)
{
  g_autofree char *url = NULL;
  g_autoptr(GRegex) wait = g_regex_new ("Wait ([0-9]+) seconds?, then sign in again", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *seconds = NULL;
  GwPreferencesWindow *prefs;
  GwWindow *window;
  PrefsWait pw;
  guint n_refused = 0;

  app_up ();
  server_setup ();
  server_start ();
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  window = gw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  gw_test_spin (200);
  prefs = find_preferences ();
  g_assert_nonnull (prefs);
  pw.prefs = prefs;

  gtk_editable_set_text (GTK_EDITABLE (gw_preferences_window_get_url_row (prefs)), url);
  gtk_editable_set_text (GTK_EDITABLE (gw_preferences_window_get_user_row (prefs)), "alice");

  /* Wrong passwords until the server stops checking them (five by its
   * default limits); each attempt ends with the sign-in button usable. */
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      const char *text;

      gtk_editable_set_text (GTK_EDITABLE (gw_preferences_window_get_password_row (prefs)), "not-her-password");
      g_signal_emit_by_name (gw_preferences_window_get_sign_in_button (prefs), "clicked");
      g_assert_false (gtk_widget_get_sensitive (gw_preferences_window_get_sign_in_button (prefs)));
      pw.text = "";
      gw_test_wait_for (error_shown, &pw, 60, "the sign-in attempt to end");
      text = gw_preferences_window_get_error_text (prefs);
      if (strstr (text, "Too many failed sign-ins") != NULL)
        break;
      g_assert_nonnull (strstr (text, "Wrong user name or password"));
      n_refused++;
    }
  g_assert_cmpuint (n_refused, >=, 1);
  g_assert_cmpuint (n_refused, <, 20);

  /* The wait the server asked for, in seconds, and what to do then. */
  g_test_message ("rate-limit message: %s", gw_preferences_window_get_error_text (prefs));
  g_assert_true (g_regex_match (wait, gw_preferences_window_get_error_text (prefs), 0, &match));
  seconds = g_match_info_fetch (match, 1);
  g_assert_cmpint (atoi (seconds), >, 0);
  g_assert_nonnull (strstr (gw_preferences_window_get_error_text (prefs), url));
  g_assert_cmpstr (gw_preferences_window_get_account_text (prefs), ==, "Not signed in");

  server_stop ();
  app_down ();
}

static void
run_isolated (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  if (g_test_subprocess ())
    {
      /* Each case has its own server database and projects. */
      char *own = g_build_filename (tmpdir, "case-XXXXXX", NULL);

      g_assert_nonnull (g_mkdtemp (own));
      g_free (tmpdir);
      tmpdir = own;
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

    g_mkdir_with_parents (config, 0700);
    g_mkdir_with_parents (data, 0700);
    g_mkdir_with_parents (cache, 0700);
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
  g_test_add_data_func ("/ui/sync/sign-in-rate-limited", (gconstpointer) test_sign_in_rate_limited, run_isolated);
  g_test_add_data_func ("/ui/sync/live-update-change-browse", (gconstpointer) test_live_update_change_browse,
                        run_isolated);

  result = g_test_run ();
  if (!g_test_subprocess () && result == 0)
    {
      const char *rm[] = { "rm", "-rf", tmpdir, NULL };

      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  g_free (tmpdir);
  return result;
}
