/* app-test-util.c: the set-up the UI tests share
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "app-test-util"

#include "config.h"

#include <unistd.h>

#include "app-test-util.h"

#include "gw-window-private.h"
#include "gw-test-util.h"

static GTestDBus *bus;

GwApplication *
gw_test_app_up (const char *app_id)
{
  g_autoptr(GError) error = NULL;
  GwApplication *app;

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  app = gw_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

void
gw_test_app_down (GwApplication **app,
                  guint           spin_ms)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (toplevels);

  /* Let cancelled workers report back before the app goes. */
  gw_test_spin (spin_ms);

  g_clear_object (app);
  /* Not g_test_dbus_down(): it waits for GTK to drop its last reference
   * to the session connection, which GTK keeps until exit.  The process
   * ends right after this anyway. */
  g_test_dbus_stop (bus);
}

gboolean
gw_test_window_idle (gpointer window)
{
  return !gw_window_is_busy (window) &&
         !gw_result_table_is_busy (gw_window_get_result_table (window));
}

char *
gw_test_shared_path (const char *name)
{
  const char *dir = g_getenv ("GW_SHARED_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

gboolean
gw_test_menu_has (GMenuModel *model,
                  const char *attribute,
                  const char *value)
{
  int n = g_menu_model_get_n_items (model);

  for (int i = 0; i < n; i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;

      if (g_menu_model_get_item_attribute (model, i, attribute, "s", &text) &&
          g_strcmp0 (text, value) == 0)
        return TRUE;

      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) child = g_menu_link_iter_get_value (links);

          if (gw_test_menu_has (child, attribute, value))
            return TRUE;
        }
    }
  return FALSE;
}

static gpointer
watchdog_thread (gpointer data)
{
  guint seconds = GPOINTER_TO_UINT (data);
  g_autofree char *gdb = g_find_program_in_path ("gdb");
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *argv[] = { gdb, (char *) "-batch", (char *) "-nx", (char *) "-p", pid,
                   (char *) "-ex", (char *) "thread apply all bt", NULL };

  g_usleep ((guint64) seconds * G_USEC_PER_SEC);
  g_printerr ("# still running after %u s\n", seconds);
  if (gdb == NULL)
    {
      g_printerr ("# (install gdb to see where every thread is)\n");
      return NULL;
    }
  /* Standard output is the TAP stream: the stacks go to stderr. */
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, NULL, &error))
    g_printerr ("# could not run gdb: %s\n", error->message);
  else
    g_printerr ("%s%s", out, err);
  return NULL;
}

void
gw_test_watchdog_start (guint seconds)
{
  /* Kept, so that it stays reachable for LeakSanitizer. */
  static GThread *watchdog;

  g_return_if_fail (watchdog == NULL);
  watchdog = g_thread_new ("gw-test-watchdog", watchdog_thread, GUINT_TO_POINTER (seconds));
}

typedef struct
{
  GTestFunc func;
  guint     timeout_s;
} IsolatedTest;

static void
run_isolated (gconstpointer data)
{
  const IsolatedTest *test = data;

  if (g_test_subprocess ())
    {
      guint stall = 120;

      if (test->timeout_s > 0)
        stall = MIN (stall, test->timeout_s > 20 ? test->timeout_s - 10 : test->timeout_s / 2 + 1);
      gw_test_watchdog_start (stall);
      test->func ();
      return;
    }

  g_test_trap_subprocess (NULL, (guint64) test->timeout_s * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The cases live in a static table, not in memory freed after each case
 * runs: a subprocess runs only one case, and LeakSanitizer would report the
 * data of all the others as leaked. */
static IsolatedTest isolated_tests[64];
static guint n_isolated_tests;

void
gw_test_add_isolated (const char *path,
                      GTestFunc   func,
                      guint       timeout_s)
{
  IsolatedTest *test;

  g_assert_cmpuint (n_isolated_tests, <, G_N_ELEMENTS (isolated_tests));
  test = &isolated_tests[n_isolated_tests++];
  test->func = func;
  test->timeout_s = timeout_s;
  g_test_add_data_func (path, test, run_isolated);
}
