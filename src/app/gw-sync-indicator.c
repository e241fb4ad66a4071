/* gw-sync-indicator.c: a window's sync status in its header bar
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-sync-indicator"

#include "config.h"

#include "gw-sync-indicator.h"

#include <glib/gi18n.h>

#include "gw-project-controller.h"
#include "gw-sync-dialogs.h"
#include "gw-sync-manager.h"
#include "gw-window.h"
#include "gw-window-private.h"

struct _GwSyncIndicator
{
  GtkWidget            parent_instance;

  GtkWidget           *window;      /* weak */
  GwProjectController *project;     /* weak: the window owns it */
  GwSyncManager       *manager;
  char                *path;        /* the project watched, or NULL */

  GtkWidget           *button;
  GtkWidget           *icon;
  GtkWidget           *label;
  GtkWidget           *heading;
  GtkWidget           *detail;
  GSimpleActionGroup  *actions;
};

G_DEFINE_FINAL_TYPE (GwSyncIndicator, gw_sync_indicator, GTK_TYPE_WIDGET)

static void
toast (GwSyncIndicator *self,
       const char      *title,
       const char      *button_label,
       const char      *action_name)
{
  AdwToastOverlay *overlay;
  AdwToast *t;

  if (self->window == NULL)
    return;
  overlay = ADW_TOAST_OVERLAY (gtk_widget_get_template_child (self->window, GW_TYPE_WINDOW, "toast_overlay"));
  t = adw_toast_new (title);
  if (button_label != NULL)
    {
      adw_toast_set_button_label (t, button_label);
      adw_toast_set_action_name (t, action_name);
    }
  adw_toast_set_timeout (t, 10);
  adw_toast_overlay_add_toast (overlay, t);
}

static void
update (GwSyncIndicator *self)
{
  const GwSyncStatus *st = self->path ? gw_sync_manager_get_status (self->manager, self->path) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *detail = NULL;
  const char *icon = "emblem-synchronizing-symbolic";

  gtk_widget_set_visible (GTK_WIDGET (self), st != NULL);
  if (st == NULL)
    return;

  switch (st->state)
    {
    case GW_SYNC_STATE_SYNCED:
      text = g_strdup (_("Synced"));
      heading = g_strdup (_("The lab server has everything in this project"));
      icon = "object-select-symbolic";
      break;
    case GW_SYNC_STATE_WAITING:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Waiting", "%u Waiting", st->n_waiting),
                              st->n_waiting);
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item waits to be sent to the lab server",
                                              "%u items wait to be sent to the lab server", st->n_waiting),
                                 st->n_waiting);
      icon = "document-send-symbolic";
      break;
    case GW_SYNC_STATE_SYNCING:
      text = g_strdup (_("Syncing…"));
      heading = g_strdup (_("Syncing with the lab server"));
      break;
    case GW_SYNC_STATE_OFFLINE:
      text = g_strdup (_("Offline"));
      heading = g_strdup (_("The lab server cannot be reached; work continues locally"));
      icon = "network-offline-symbolic";
      break;
    case GW_SYNC_STATE_ERROR:
      text = g_strdup (_("Sync Error"));
      heading = g_strdup (_("The last sync failed"));
      icon = "dialog-warning-symbolic";
      break;
    case GW_SYNC_STATE_UNKNOWN:
    default:
      text = g_strdup (_("Not Synced Yet"));
      heading = g_strdup (_("This project has not been synced yet"));
      break;
    }

  if (st->message != NULL)
    detail = g_strdup (st->message);
  else if (st->last_sync > 0)
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (st->last_sync / G_USEC_PER_SEC);
      g_autofree char *when = g_date_time_format (t, "%X");

      detail = g_strdup_printf (_("Last synced at %s."), when);
    }

  gtk_label_set_label (GTK_LABEL (self->label), text);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon);
  gtk_label_set_label (GTK_LABEL (self->heading), heading);
  gtk_label_set_label (GTK_LABEL (self->detail), detail ? detail : "");
  gtk_widget_set_visible (self->detail, detail != NULL);
  {
    g_autofree char *tooltip = detail ? g_strdup_printf ("%s\n%s", heading, detail) : g_strdup (heading);

    gtk_widget_set_tooltip_text (self->button, tooltip);
  }

  gtk_widget_remove_css_class (self->button, "error");
  gtk_widget_remove_css_class (self->button, "warning");
  if (st->state == GW_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (self->button, "error");
  else if (st->state == GW_SYNC_STATE_OFFLINE)
    gtk_widget_add_css_class (self->button, "warning");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "now")),
                               st->state != GW_SYNC_STATE_SYNCING);
}

static void
status_changed_cb (GwSyncIndicator *self,
                   const char      *path,
                   GwSyncManager   *manager)
{
  if (g_strcmp0 (path, self->path) == 0)
    update (self);
}

static void
project_updated_cb (GwSyncIndicator *self,
                    const char      *path,
                    GwSyncManager   *manager)
{
  /* Runs or curation from another workstation: show them. */
  if (self->project != NULL && g_strcmp0 (path, self->path) == 0)
    gw_project_controller_reload (self->project);
}

static void
auth_failed_cb (GwSyncIndicator *self,
                const char      *message,
                GwSyncManager   *manager)
{
  if (self->path != NULL && gtk_window_is_active (GTK_WINDOW (self->window)))
    toast (self, message, _("Sign In…"), "app.preferences");
}

static void
path_changed_cb (GwSyncIndicator     *self,
                 GParamSpec          *pspec,
                 GwProjectController *project)
{
  const char *path = gw_project_controller_get_path (project);

  if (g_strcmp0 (path, self->path) == 0)
    return;
  if (self->path != NULL)
    gw_sync_manager_unwatch (self->manager, self->path);
  g_free (self->path);
  self->path = g_strdup (path);
  if (self->path != NULL)
    gw_sync_manager_watch (self->manager, self->path);
  /* Preferences lists the projects open in windows. */
  if (self->window != NULL)
    g_object_set_data_full (G_OBJECT (self->window), "gw-project-path", g_strdup (path), g_free);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "share")),
                               self->path != NULL);
  update (self);
}

static void
project_changed_cb (GwSyncIndicator     *self,
                    GwProjectController *project)
{
  if (self->path != NULL)
    gw_sync_manager_project_changed (self->manager, self->path);
}

static void
now_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  GwSyncIndicator *self = user_data;

  if (self->path != NULL)
    gw_sync_manager_sync_now (self->manager, self->path);
}

static void
share_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GwSyncIndicator *self = user_data;

  if (self->path != NULL && self->window != NULL)
    gw_sync_share_dialog_present (GTK_WINDOW (self->window), self->path);
}

static void
browse_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  GwSyncIndicator *self = user_data;

  if (self->window != NULL)
    gw_sync_browse_window_present (GTK_WINDOW (self->window));
}

static const GActionEntry actions[] = {
  { "now", now_action },
  { "share", share_action },
  { "browse", browse_action },
};

const char *
gw_sync_indicator_get_text (GwSyncIndicator *self)
{
  g_return_val_if_fail (GW_IS_SYNC_INDICATOR (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_label (GTK_LABEL (self->label)) : "";
}

static void
gw_sync_indicator_dispose (GObject *object)
{
  GwSyncIndicator *self = GW_SYNC_INDICATOR (object);

  if (self->path != NULL)
    gw_sync_manager_unwatch (self->manager, self->path);
  g_clear_pointer (&self->path, g_free);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->project);
  g_clear_pointer (&self->button, gtk_widget_unparent);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (gw_sync_indicator_parent_class)->dispose (object);
}

static void
gw_sync_indicator_class_init (GwSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_sync_indicator_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_sync_indicator_init (GwSyncIndicator *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *b;

  self->icon = gtk_image_new ();
  self->label = gtk_label_new (NULL);
  gtk_box_append (GTK_BOX (content), self->icon);
  gtk_box_append (GTK_BOX (content), self->label);

  self->heading = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->heading, "heading");
  gtk_label_set_wrap (GTK_LABEL (self->heading), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->heading), 36);
  gtk_label_set_xalign (GTK_LABEL (self->heading), 0);
  self->detail = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->detail), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->detail), 36);
  gtk_label_set_xalign (GTK_LABEL (self->detail), 0);
  gtk_label_set_selectable (GTK_LABEL (self->detail), TRUE);
  gtk_box_append (GTK_BOX (box), self->heading);
  gtk_box_append (GTK_BOX (box), self->detail);

  b = gtk_button_new_with_mnemonic (_("_Sync Now"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "sync.now");
  gtk_widget_add_css_class (b, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), b);
  b = gtk_button_new_with_mnemonic (_("S_hare with Team…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "sync.share");
  gtk_box_append (GTK_BOX (buttons), b);
  b = gtk_button_new_with_mnemonic (_("Sync _Preferences…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "app.preferences");
  gtk_box_append (GTK_BOX (buttons), b);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->button), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions), self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GwSyncIndicator *
gw_sync_indicator_new (GtkWidget *window)
{
  GwSyncIndicator *self;
  GtkWidget *header_bar;

  g_return_val_if_fail (GW_IS_WINDOW (window), NULL);

  self = g_object_new (GW_TYPE_SYNC_INDICATOR, NULL);
  g_set_weak_pointer (&self->window, window);
  g_set_weak_pointer (&self->project, gw_window_get_project (GW_WINDOW (window)));
  self->manager = g_object_ref (gw_sync_manager_get_default ());

  gtk_widget_insert_action_group (window, "sync", G_ACTION_GROUP (self->actions));
  header_bar = GTK_WIDGET (gtk_widget_get_template_child (window, GW_TYPE_WINDOW, "header_bar"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header_bar), GTK_WIDGET (self));

  g_signal_connect_object (self->manager, "status-changed", G_CALLBACK (status_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "project-updated", G_CALLBACK (project_updated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->manager, "auth-failed", G_CALLBACK (auth_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::path", G_CALLBACK (path_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "changed", G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  path_changed_cb (self, NULL, self->project);

  /* Browse Lab Projects belongs to the window, project or not. */
  {
    GObject *menu_button = gtk_widget_get_template_child (window, GW_TYPE_WINDOW, "menu_button");

    if (menu_button != NULL && G_IS_MENU (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button))))
      {
        GMenu *primary = G_MENU (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)));
        g_autoptr(GMenu) section = g_menu_new ();

        g_menu_append (section, _("_Browse Lab Projects…"), "sync.browse");
        g_menu_append (section, _("_Preferences"), "app.preferences");
        g_menu_insert_section (primary, g_menu_model_get_n_items (G_MENU_MODEL (primary)) - 1, NULL,
                               G_MENU_MODEL (section));
      }
  }
  return self;
}
