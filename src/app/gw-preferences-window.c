/* gw-preferences-window.c: Preferences: the lab server, sign-in, which projects sync
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-preferences-window"

#include "config.h"

#include "gw-preferences-window.h"

#include <glib/gi18n.h>

#include "gw-sync-manager.h"

struct _GwPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GwSyncManager        *manager;
  GSettings            *settings;
  GCancellable         *cancellable;

  GtkWidget            *url_row;
  GtkWidget            *account_row;
  GtkWidget            *sign_out_button;
  GtkWidget            *user_row;
  GtkWidget            *password_row;
  GtkWidget            *sign_in_button;
  GtkWidget            *spinner;
  GtkWidget            *error_row;
  GtkWidget            *memory_row;
  GtkWidget            *projects_group;
  GHashTable           *switches;     /* path → GtkSwitch */
  AdwToast             *toast;        /* the sign-in failure shown, weak */
  char                 *error_text;
};

G_DEFINE_FINAL_TYPE (GwPreferencesWindow, gw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
set_error (GwPreferencesWindow *self,
           const char          *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text ? text : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->error_row), self->error_text);
  gtk_widget_set_visible (self->error_row, text != NULL && *text != '\0');
}

static void
update_account (GwPreferencesWindow *self)
{
  gboolean signed_in = gw_sync_manager_is_signed_in (self->manager);
  const char *user = gw_sync_manager_get_user (self->manager);
  const char *url = gw_sync_manager_get_server_url (self->manager);
  g_autofree char *title = NULL;

  if (signed_in && user != NULL)
    title = g_strdup_printf (_("Signed in as %s"), user);
  else if (signed_in)
    title = g_strdup (_("Signed in"));
  else
    title = g_strdup (_("Not signed in"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->account_row), url ? url : _("No lab server set"));
  gtk_widget_set_visible (self->sign_out_button, signed_in);
  gtk_widget_set_visible (self->memory_row,
                          !gw_token_store_is_persistent (gw_sync_manager_get_token_store (self->manager)));
}

static void
notify_cb (GwPreferencesWindow *self)
{
  update_account (self);
}

/* Server URL --------------------------------------------------------------- */

static gboolean
apply_url (GwPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = NULL;

  if (*stripped == '\0')
    {
      g_settings_set_string (self->settings, "sync-server-url", "");
      return TRUE;
    }
  normal = gw_sync_normalize_url (stripped, &error);
  if (normal == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is not a server URL: %s"), stripped, error->message);

      set_error (self, msg);
      gtk_widget_add_css_class (self->url_row, "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (self->url_row, "error");
  g_settings_set_string (self->settings, "sync-server-url", normal);
  return TRUE;
}

static void
url_apply_cb (GwPreferencesWindow *self)
{
  if (apply_url (self))
    set_error (self, NULL);
}

/* Sign in and out ---------------------------------------------------------- */

static void
set_busy (GwPreferencesWindow *self,
          gboolean             busy)
{
  gtk_widget_set_sensitive (self->sign_in_button, !busy);
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GwPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  set_busy (self, FALSE);
  if (!gw_sync_manager_sign_in_finish (GW_SYNC_MANAGER (object), result, &error))
    {
      g_autofree char *text = gw_sync_describe_error (error);

      set_error (self, text);
      /* A toast still on screen says the new message: dismissing it and
       * adding another while its animation runs crashes libadwaita 1.2's
       * toast overlay (seen with sign-ins refused in quick succession). */
      if (self->toast != NULL)
        {
          adw_toast_set_title (self->toast, text);
          return;
        }
      g_set_weak_pointer (&self->toast, adw_toast_new (text));
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), self->toast);
      return;
    }
  set_error (self, NULL);
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  /* The password is not kept anywhere, not even in the entry. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  update_account (self);
}

static void
sign_in_clicked_cb (GwPreferencesWindow *self)
{
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  if (*url == '\0')
    {
      set_error (self, _("Enter the lab server's URL first."));
      gtk_widget_grab_focus (self->url_row);
      return;
    }
  if (*user == '\0' || *password == '\0')
    {
      set_error (self, _("Enter your user name and password."));
      gtk_widget_grab_focus (*user == '\0' ? self->user_row : self->password_row);
      return;
    }
  set_error (self, NULL);
  set_busy (self, TRUE);
  gw_sync_manager_sign_in_async (self->manager, url, user, password, self->cancellable,
                                 signed_in_cb, g_object_ref (self));
}

static void
sign_out_clicked_cb (GwPreferencesWindow *self)
{
  gw_sync_manager_sign_out (self->manager);
  update_account (self);
}

/* Projects ----------------------------------------------------------------- */

static void
switch_cb (GtkSwitch           *sw,
           GParamSpec          *pspec,
           GwPreferencesWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (sw), "path");

  gw_sync_manager_set_project_enabled (self->manager, path, gtk_switch_get_active (sw));
}

static void
add_project_row (GwPreferencesWindow *self,
                 const char          *path)
{
  GtkWidget *row, *sw;
  g_autofree char *base = NULL;
  g_autofree char *dir = NULL;

  if (g_hash_table_contains (self->switches, path))
    return;
  base = g_path_get_basename (path);
  dir = g_path_get_dirname (path);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), base);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir);
  sw = gtk_switch_new ();
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (sw), gw_sync_manager_get_project_enabled (self->manager, path));
  g_object_set_data_full (G_OBJECT (sw), "path", g_strdup (path), g_free);
  g_signal_connect (sw, "notify::active", G_CALLBACK (switch_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->projects_group), row);
  g_hash_table_insert (self->switches, g_strdup (path), sw);
}

/* The projects this user works with: the open ones, the recent ones and
 * those that already sync. */
static void
fill_projects (GwPreferencesWindow *self)
{
  g_auto(GStrv) enabled = g_settings_get_strv (self->settings, "synced-projects");
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());

  if (app != NULL)
    for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
      {
        const char *path = g_object_get_data (G_OBJECT (l->data), "gw-project-path");

        if (path != NULL)
          add_project_row (self, path);
      }
  for (guint i = 0; enabled[i] != NULL; i++)
    add_project_row (self, enabled[i]);
  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (uri, ".gwproject") || !gtk_recent_info_exists (info))
        continue;
      path = g_filename_from_uri (uri, NULL, NULL);
      if (path != NULL)
        add_project_row (self, path);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  if (g_hash_table_size (self->switches) == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->projects_group),
                                           _("Open or create a project; it then appears here."));
}

/* Accessors ---------------------------------------------------------------- */

GtkWidget *
gw_preferences_window_get_url_row (GwPreferencesWindow *self)
{
  return self->url_row;
}

GtkWidget *
gw_preferences_window_get_user_row (GwPreferencesWindow *self)
{
  return self->user_row;
}

GtkWidget *
gw_preferences_window_get_password_row (GwPreferencesWindow *self)
{
  return self->password_row;
}

GtkWidget *
gw_preferences_window_get_sign_in_button (GwPreferencesWindow *self)
{
  return self->sign_in_button;
}

GtkWidget *
gw_preferences_window_get_sign_out_button (GwPreferencesWindow *self)
{
  return self->sign_out_button;
}

GtkWidget *
gw_preferences_window_get_project_switch (GwPreferencesWindow *self,
                                          const char          *path)
{
  return g_hash_table_lookup (self->switches, path);
}

const char *
gw_preferences_window_get_account_text (GwPreferencesWindow *self)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->account_row));
}

const char *
gw_preferences_window_get_error_text (GwPreferencesWindow *self)
{
  return self->error_text ? self->error_text : "";
}

gboolean
gw_preferences_window_shows_memory_warning (GwPreferencesWindow *self)
{
  return gtk_widget_get_visible (self->memory_row);
}

/* GObject ------------------------------------------------------------------ */

static void
gw_preferences_window_dispose (GObject *object)
{
  GwPreferencesWindow *self = GW_PREFERENCES_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->manager, self);
      g_signal_handlers_disconnect_by_data (gw_sync_manager_get_token_store (self->manager), self);
    }
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->switches, g_hash_table_unref);
  g_clear_weak_pointer (&self->toast);

  G_OBJECT_CLASS (gw_preferences_window_parent_class)->dispose (object);
}

static void
gw_preferences_window_finalize (GObject *object)
{
  GwPreferencesWindow *self = GW_PREFERENCES_WINDOW (object);

  g_free (self->error_text);
  G_OBJECT_CLASS (gw_preferences_window_parent_class)->finalize (object);
}

static void
gw_preferences_window_class_init (GwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_preferences_window_dispose;
  object_class->finalize = gw_preferences_window_finalize;
}

static void
gw_preferences_window_init (GwPreferencesWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *server = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *account = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *icon, *buttons;
  g_autofree char *url = NULL;

  self->manager = g_object_ref (gw_sync_manager_get_default ());
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->switches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 640);
  adw_preferences_page_set_title (page, _("Sync"));
  adw_preferences_page_set_icon_name (page, "emblem-synchronizing-symbolic");

  /* The server */
  adw_preferences_group_set_title (server, _("Lab Server"));
  adw_preferences_group_set_description (server, _("Projects that sync are sent to your lab's server, where "
                                                   "colleagues can open them. Work always continues offline."));
  self->url_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Server URL"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->url_row), TRUE);
  url = g_settings_get_string (self->settings, "sync-server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  g_signal_connect_swapped (self->url_row, "apply", G_CALLBACK (url_apply_cb), self);
  adw_preferences_group_add (server, self->url_row);
  adw_preferences_page_add (page, server);

  /* The account */
  adw_preferences_group_set_title (account, _("Account"));
  self->account_row = adw_action_row_new ();
  self->sign_out_button = gtk_button_new_with_mnemonic (_("Sign _Out"));
  gtk_widget_set_valign (self->sign_out_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->sign_out_button, "clicked", G_CALLBACK (sign_out_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->account_row), self->sign_out_button);
  adw_preferences_group_add (account, self->account_row);

  self->memory_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->memory_row), _("No keyring available"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->memory_row),
                               _("Your sign-in is kept in memory only and ends when the app quits. "
                                 "It is never written to a file."));
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->memory_row), icon);
  adw_preferences_group_add (account, self->memory_row);

  self->user_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row), _("User Name"));
  adw_preferences_group_add (account, self->user_row);
  self->password_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
  g_signal_connect_swapped (self->password_row, "entry-activated", G_CALLBACK (sign_in_clicked_cb), self);
  adw_preferences_group_add (account, self->password_row);

  self->error_row = adw_action_row_new ();
  icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  gtk_widget_add_css_class (icon, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->error_row), icon);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->error_row), FALSE);
  gtk_widget_set_visible (self->error_row, FALSE);
  adw_preferences_group_add (account, self->error_row);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 12);
  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  self->sign_in_button = gtk_button_new_with_mnemonic (_("_Sign In"));
  gtk_widget_add_css_class (self->sign_in_button, "suggested-action");
  g_signal_connect_swapped (self->sign_in_button, "clicked", G_CALLBACK (sign_in_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->spinner);
  gtk_box_append (GTK_BOX (buttons), self->sign_in_button);
  adw_preferences_group_add (account, buttons);
  adw_preferences_page_add (page, account);

  /* Projects */
  self->projects_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->projects_group), _("Projects That Sync"));
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (self->projects_group));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);

  g_signal_connect_swapped (self->manager, "notify::signed-in", G_CALLBACK (notify_cb), self);
  g_signal_connect_swapped (self->manager, "notify::user", G_CALLBACK (notify_cb), self);
  g_signal_connect_swapped (self->manager, "notify::server-url", G_CALLBACK (notify_cb), self);
  g_signal_connect_swapped (gw_sync_manager_get_token_store (self->manager), "notify::persistent",
                            G_CALLBACK (notify_cb), self);
  update_account (self);
  fill_projects (self);
}

GwPreferencesWindow *
gw_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (GW_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", FALSE,
                       NULL);
}
