/* test-help.c: F1, the Help menu item and the shortcuts window
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The help itself is validated by the `help-validate` test (suite data);
 * this checks that the real application offers it: the app.help action,
 * its F1 accelerator, the item in the primary menu, the entry in the
 * shortcuts window, and that a missing help viewer is reported instead of
 * failing silently.
 */

#define G_LOG_DOMAIN "test-help"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "gw-application.h"
#include "gw-window.h"
#include "gw-window-private.h"
#include "gw-test-util.h"
#include "app-test-util.h"

static GwApplication *app;

static void
app_up (void)
{
  app = gw_test_app_up ("io.github.ganglioside.Workbench.Tests");
}

static void
app_down (void)
{
  gw_test_app_down (&app, 100);
}

static gboolean
widget_has_shortcut (GtkWidget  *widget,
                     const char *accelerator)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accel = NULL;

      g_object_get (widget, "accelerator", &accel, NULL);
      if (g_strcmp0 (accel, accelerator) == 0)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (widget_has_shortcut (child, accelerator))
      return TRUE;
  return FALSE;
}

static void
test_help_action (void)
{
  GwWindow *window;
  GtkMenuButton *menu_button;
  GtkShortcutsWindow *overlay;
  g_auto(GStrv) accels = NULL;

  app_up ();
  window = gw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));

  /* The action, and F1 bound to it. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "help"));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.help");
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "F1");

  /* "Help" in the primary menu, beside the project items the project
   * controller adds to the same menu. */
  menu_button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                GW_TYPE_WINDOW, "menu_button"));
  g_assert_nonnull (menu_button);
  g_assert_true (gw_test_menu_has (gtk_menu_button_get_menu_model (menu_button),
                                   G_MENU_ATTRIBUTE_ACTION, "app.help"));
  g_assert_true (gw_test_menu_has (gtk_menu_button_get_menu_model (menu_button),
                                   G_MENU_ATTRIBUTE_ACTION, "project.new"));
  g_assert_true (gw_test_menu_has (gtk_menu_button_get_menu_model (menu_button),
                                   G_MENU_ATTRIBUTE_ACTION, "project.audit-log"));

  /* F1 in the shortcuts window. */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (widget_has_shortcut (GTK_WIDGET (overlay), "F1"));
  g_assert_true (widget_has_shortcut (GTK_WIDGET (overlay), "<Control>z"));

  app_down ();
}

static gboolean
message_dialog_shown (gpointer data)
{
  GList *toplevels = gtk_window_list_toplevels ();
  gboolean found = FALSE;

  for (GList *l = toplevels; l != NULL && !found; l = l->next)
    found = ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data);
  g_list_free (toplevels);
  return found;
}

static void
test_help_missing_viewer (void)
{
  g_autoptr(GAppInfo) handler = g_app_info_get_default_for_uri_scheme ("help");

  /* Activating app.help with a help viewer installed would start it; only
   * check the error path where none is. */
  if (handler != NULL)
    {
      g_test_skip ("a help: handler is installed");
      return;
    }

  app_up ();
  gtk_window_present (GTK_WINDOW (gw_window_new (GTK_APPLICATION (app))));
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  gw_test_wait_for (message_dialog_shown, NULL, 30, "the “could not open the help” dialog");
  app_down ();
}

/* The German catalog the build made (po/de/LC_MESSAGES/ganglioside-workbench.mo in the build
 * folder) is found by bindtextdomain() and used by the window's widgets.
 * The expected texts come from the catalog itself, not from this file. */
static GtkWidget *
find_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
table_shown (gpointer data)
{
  return gw_window_get_run (data) != NULL && gw_test_window_idle (data);
}

/* A badge shows its whole word: its cell is at least as wide as its
 * natural width.  Returns how many badges were checked. */
static guint
assert_badges_fit (GtkWidget *widget)
{
  guint n = 0;

  if (gtk_widget_has_css_class (widget, "status-badge") && gtk_widget_get_mapped (widget))
    {
      int natural = 0;

      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      if (gtk_widget_get_width (gtk_widget_get_parent (widget)) > 0)
        {
          if (gtk_widget_get_width (gtk_widget_get_parent (widget)) < natural)
            g_error ("badge “%s” needs %d px, its cell has %d", gtk_label_get_text (GTK_LABEL (widget)),
                     natural, gtk_widget_get_width (gtk_widget_get_parent (widget)));
          n++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += assert_badges_fit (child);
  return n;
}

static void
test_german (void)
{
  const char *build_dir = g_getenv ("GW_BUILD_DIR");
  g_autofree char *po_dir = NULL;
  g_autofree char *mo = NULL;
  GwWindow *window;
  AdwStatusPage *empty_page;
  const char *drop_de;
  const char *table_de;

  g_assert_nonnull (build_dir);
  po_dir = g_build_filename (build_dir, "po", NULL);
  mo = g_build_filename (po_dir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));

  /* LANGUAGE is ignored in the "C" locale; C.UTF-8 is always there. */
  g_setenv ("LANGUAGE", "de", TRUE);
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("no C.UTF-8 locale");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  drop_de = g_dgettext (GETTEXT_PACKAGE, "Drop a CSV file here");
  table_de = g_dgettext (GETTEXT_PACKAGE, "Table");
  g_assert_cmpstr (drop_de, !=, "Drop a CSV file here");
  g_assert_cmpstr (table_de, !=, "Table");

  app_up ();
  window = gw_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));

  empty_page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                               GW_TYPE_WINDOW, "empty_page"));
  g_assert_cmpstr (adw_status_page_get_title (empty_page), ==, drop_de);
  {
    AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                         GW_TYPE_WINDOW, "view_stack"));
    g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (stack);
    gboolean found = FALSE;

    /* The Table page, found by its translated title. */
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
      {
        g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

        found |= g_strcmp0 (adw_view_stack_page_get_title (page), table_de) == 0;
      }
    g_assert_true (found);
  }
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Help"), !=, "_Help");

  /* The table's column titles are longer in German ("Vorhergesagt",
   * "Konfidenz") and so is a badge ("Unzureichend"): each column is at
   * least as wide as its title and, for Status, its widest badge. */
  {
    g_autofree char *csv = gw_test_shared_path ("testwork_user.csv");
    g_autoptr(GFile) file = g_file_new_for_path (csv);
    GwResultTable *table = gw_window_get_result_table (window);
    GtkWidget *header;
    GtkWidget *title;
    guint c = 0;

    gw_window_open (window, file);
    gw_test_wait_for (table_shown, window, 60, "the analysis");
    gw_test_spin (500);

    header = gtk_widget_get_first_child (GTK_WIDGET (gw_result_table_get_view (table)));
    g_assert_cmpstr (gtk_widget_get_css_name (header), ==, "header");
    for (title = gtk_widget_get_first_child (header); title != NULL; title = gtk_widget_get_next_sibling (title), c++)
      {
        GtkColumnViewColumn *column = gw_result_table_get_column (table, c);
        GtkWidget *label = find_label (title);
        graphene_rect_t bounds;
        int natural = 0;

        if (!gtk_column_view_column_get_visible (column))
          continue;
        g_assert_nonnull (label);
        /* Not cut short, and not running past the header's edge. */
        gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
        g_assert_true (gtk_widget_compute_bounds (label, title, &bounds));
        g_test_message ("%s: column %d px, title %.0f–%.0f px of %d", gtk_label_get_text (GTK_LABEL (label)),
                        gtk_column_view_column_get_fixed_width (column), bounds.origin.x,
                        bounds.origin.x + bounds.size.width, gtk_widget_get_width (title));
        g_assert_cmpint (gtk_widget_get_width (label), >=, natural);
        g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (title));
      }
    g_assert_cmpuint (c, ==, GW_N_RESULT_COLUMNS);
    g_assert_cmpstr (gtk_column_view_column_get_title (gw_result_table_get_column (table, GW_RESULT_COLUMN_PREDICTED)),
                     ==, g_dgettext (GETTEXT_PACKAGE, "Predicted"));
    g_assert_cmpuint (assert_badges_fit (GTK_WIDGET (table)), >, 10);
  }

  app_down ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_test_subprocess ())
    gtk_init ();

  gw_test_add_isolated ("/ui/help/action", test_help_action, 0);
  gw_test_add_isolated ("/ui/help/missing-viewer", test_help_missing_viewer, 0);
  gw_test_add_isolated ("/ui/help/german", test_german, 0);

  return g_test_run ();
}
