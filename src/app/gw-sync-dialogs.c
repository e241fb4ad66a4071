/* gw-sync-dialogs.c: Share with Team and Browse Lab Projects
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-sync-dialogs"

#include "config.h"

#include "gw-sync-dialogs.h"

#include <glib/gi18n.h>

#include "gw-sync-manager.h"
#include "gw-window.h"

static void
message (GtkWindow  *parent,
         const char *heading,
         const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The client to use, or NULL after telling the user what to do first. */
static GwSyncClient *
ready_client (GtkWindow *parent)
{
  GwSyncManager *manager = gw_sync_manager_get_default ();

  if (gw_sync_manager_get_client (manager) == NULL || !gw_sync_manager_is_signed_in (manager))
    {
      message (parent, _("Not Signed In"),
               _("Set the lab server and sign in under Preferences → Sync first."));
      return NULL;
    }
  return gw_sync_manager_get_client (manager);
}

/* Share -------------------------------------------------------------------- */

typedef struct
{
  GtkWindow *parent;
  char      *path;
  GtkWidget *team;
  GtkWidget *access;
  char      *team_name;
} Share;

static void
share_free (Share *s)
{
  g_clear_object (&s->parent);
  g_free (s->path);
  g_free (s->team_name);
  g_free (s);
}

static void
shared_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Share *s = user_data;
  g_autoptr(GError) error = NULL;

  if (!gw_sync_client_share_project_finish (GW_SYNC_CLIENT (object), result, &error))
    {
      g_autofree char *text = gw_sync_describe_error (error);

      message (s->parent, _("Could Not Share the Project"), text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("The team “%s” can now open this project from the lab server."),
                                               s->team_name);

      message (s->parent, _("Project Shared"), text);
    }
  share_free (s);
}

static void
share_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  Share *s = user_data;
  GwSyncClient *client;
  g_autofree char *project_id = NULL;
  const char *access;

  if (!g_str_equal (response, "share"))
    {
      share_free (s);
      return;
    }
  s->team_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (s->team))));
  access = gtk_drop_down_get_selected (GTK_DROP_DOWN (s->access)) == 1 ? "write" : "read";
  if ((client = ready_client (s->parent)) == NULL)
    {
      share_free (s);
      return;
    }
  project_id = gw_sync_client_dup_project_id (client, s->path);
  if (project_id == NULL)
    {
      message (s->parent, _("Not on the Lab Server Yet"),
               _("Turn on sync for this project and let it sync once, then share it."));
      share_free (s);
      return;
    }
  gw_sync_client_share_project_async (client, project_id, s->team_name, access, NULL, shared_cb, s);
}

static void
team_changed_cb (GtkEditable      *team,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (team)));

  adw_message_dialog_set_response_enabled (dialog, "share", name[0] != '\0');
}

void
gw_sync_share_dialog_present (GtkWindow  *parent,
                              const char *path)
{
  const char *choices[] = { N_("Can view"), N_("Can view and change"), NULL };
  const char *translated[3] = { _(choices[0]), _(choices[1]), NULL };
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  Share *s = g_new0 (Share, 1);

  s->parent = g_object_ref (parent);
  s->path = g_strdup (path);
  s->team = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (s->team), _("Team name, e.g. lipidomics"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (s->team), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Team"), -1);
  s->access = gtk_drop_down_new_from_strings (translated);
  gtk_box_append (GTK_BOX (box), s->team);
  gtk_box_append (GTK_BOX (box), s->access);

  dialog = adw_message_dialog_new (parent, _("Share with Team"),
                                   _("Members of the team see this project on the lab server and can open it."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "share", _("_Share"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "share", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "share", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "share");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (s->team, "changed", G_CALLBACK (team_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (share_response_cb), s);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Browse ------------------------------------------------------------------- */

typedef struct
{
  GtkWindow     *window;
  GtkWindow     *parent;    /* weak */
  GtkWidget     *stack;
  GtkWidget     *list;
  GtkWidget     *status;
  GCancellable  *cancellable;
} Browse;

static void
browse_free (gpointer data)
{
  Browse *b = data;

  g_cancellable_cancel (b->cancellable);
  g_clear_object (&b->cancellable);
  g_clear_weak_pointer (&b->parent);
  g_free (b);
}

static void load_projects (Browse *b);

typedef struct
{
  Browse  *b;
  char    *project_id;
  GFile   *dest;
} Clone;

static void
cloned_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Clone *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncReport) report = gw_sync_client_clone_project_finish (GW_SYNC_CLIENT (object), result, &error);
  GApplication *app = g_application_get_default ();

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = gw_sync_describe_error (error);

          message (c->b->window, _("Could Not Open the Project"), text);
          gtk_stack_set_visible_child_name (GTK_STACK (c->b->stack), "list");
        }
    }
  else if (GTK_IS_APPLICATION (app))
    {
      g_autofree char *path = g_file_get_path (c->dest);
      GwWindow *window = gw_window_new (GTK_APPLICATION (app));

      /* A project opened from the server keeps syncing with it. */
      gw_sync_manager_set_project_enabled (gw_sync_manager_get_default (), path, TRUE);
      gw_window_open (window, c->dest);
      gtk_window_present (GTK_WINDOW (window));
      gtk_window_destroy (c->b->window);
    }

  g_free (c->project_id);
  g_object_unref (c->dest);
  g_free (c);
}

static void
save_response_cb (GtkNativeDialog *native,
                  int              response,
                  gpointer         user_data)
{
  Clone *c = user_data;
  GwSyncClient *client;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    c->dest = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_object_unref (native);
  if (c->dest == NULL || (path = g_file_get_path (c->dest)) == NULL ||
      (client = ready_client (c->b->window)) == NULL)
    {
      g_clear_object (&c->dest);
      g_free (c->project_id);
      g_free (c);
      return;
    }
  if (!g_str_has_suffix (path, ".gwproject"))
    {
      g_autofree char *with = g_strconcat (path, ".gwproject", NULL);

      g_object_unref (c->dest);
      c->dest = g_file_new_for_path (with);
      g_free (path);
      path = g_steal_pointer (&with);
    }
  gtk_stack_set_visible_child_name (GTK_STACK (c->b->stack), "loading");
  gw_sync_client_clone_project_async (client, c->project_id, path, c->b->cancellable, cloned_cb, c);
}

static void
open_clicked_cb (GtkButton *button,
                 Browse    *b)
{
  const char *id = g_object_get_data (G_OBJECT (button), "project-id");
  const char *name = g_object_get_data (G_OBJECT (button), "project-name");
  g_autofree char *suggested = g_strdup_printf ("%s.gwproject", name && *name ? name : id);
  GtkFileChooserNative *native;
  Clone *c = g_new0 (Clone, 1);

  c->b = b;
  c->project_id = g_strdup (id);
  g_strdelimit (suggested, "/", '-');
  native = gtk_file_chooser_native_new (_("Save the Project As"), b->window, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested);
  g_signal_connect (native, "response", G_CALLBACK (save_response_cb), c);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Browse *b = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = gw_sync_client_list_projects_finish (GW_SYNC_CLIENT (object), result, &error);
  GtkWidget *child;

  if (projects == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = gw_sync_describe_error (error);
      adw_status_page_set_title (ADW_STATUS_PAGE (b->status), _("Could Not List the Lab's Projects"));
      adw_status_page_set_description (ADW_STATUS_PAGE (b->status), text);
      gtk_stack_set_visible_child_name (GTK_STACK (b->stack), "error");
      return;
    }

  while ((child = gtk_widget_get_first_child (b->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (b->list), child);
  for (guint i = 0; i < projects->len; i++)
    {
      GwSyncProject *p = g_ptr_array_index (projects, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
      gulong n = (gulong) MAX (p->head, 0);
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s access · %lu item",
                                                                "%s · %s access · %lu items", n),
                                                   p->owner ? p->owner : "", p->access ? p->access : "", n);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name && *p->name ? p->name : p->id);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (open), "project-id", g_strdup (p->id), g_free);
      g_object_set_data_full (G_OBJECT (open), "project-name", g_strdup (p->name), g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (open_clicked_cb), b);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), open);
      gtk_list_box_append (GTK_LIST_BOX (b->list), row);
    }
  if (projects->len == 0)
    {
      adw_status_page_set_title (ADW_STATUS_PAGE (b->status), _("No Lab Projects"));
      adw_status_page_set_description (ADW_STATUS_PAGE (b->status),
                                       _("Nobody has shared a project with you yet."));
      gtk_stack_set_visible_child_name (GTK_STACK (b->stack), "error");
      return;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (b->stack), "list");
}

static void
load_projects (Browse *b)
{
  GwSyncClient *client = ready_client (b->window);

  if (client == NULL)
    return;
  gtk_stack_set_visible_child_name (GTK_STACK (b->stack), "loading");
  gw_sync_client_list_projects_async (client, b->cancellable, listed_cb, b);
}

static void
retry_clicked_cb (GtkButton *button,
                  Browse    *b)
{
  load_projects (b);
}

GtkWindow *
gw_sync_browse_window_present (GtkWindow *parent)
{
  Browse *b = g_new0 (Browse, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));

  b->cancellable = g_cancellable_new ();
  g_set_weak_pointer (&b->parent, parent);
  b->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_title (b->window, _("Lab Projects"));
  gtk_window_set_transient_for (b->window, parent);
  gtk_window_set_modal (b->window, TRUE);
  gtk_window_set_default_size (b->window, 520, 480);
  g_object_set_data_full (G_OBJECT (b->window), "gw-browse", b, browse_free);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  b->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (b->stack, TRUE);

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (GTK_STACK (b->stack), spinner, "loading");

  b->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (b->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (b->list, "boxed-list");
  gtk_widget_set_valign (b->list, GTK_ALIGN_START);
  gtk_widget_set_margin_top (b->list, 18);
  gtk_widget_set_margin_bottom (b->list, 18);
  gtk_widget_set_margin_start (b->list, 12);
  gtk_widget_set_margin_end (b->list, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), b->list);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (GTK_STACK (b->stack), scrolled, "list");

  b->status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (b->status), "network-server-symbolic");
  gtk_widget_set_halign (retry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (retry, "pill");
  g_signal_connect (retry, "clicked", G_CALLBACK (retry_clicked_cb), b);
  adw_status_page_set_child (ADW_STATUS_PAGE (b->status), retry);
  gtk_stack_add_named (GTK_STACK (b->stack), b->status, "error");

  gtk_box_append (GTK_BOX (box), b->stack);
  adw_window_set_content (ADW_WINDOW (b->window), box);
  gtk_window_present (b->window);
  if (gw_sync_manager_get_client (gw_sync_manager_get_default ()) != NULL &&
      gw_sync_manager_is_signed_in (gw_sync_manager_get_default ()))
    load_projects (b);
  else
    {
      adw_status_page_set_title (ADW_STATUS_PAGE (b->status), _("Not Signed In"));
      adw_status_page_set_description (ADW_STATUS_PAGE (b->status),
                                       _("Set the lab server and sign in under Preferences → Sync."));
      gtk_stack_set_visible_child_name (GTK_STACK (b->stack), "error");
    }
  return b->window;
}
