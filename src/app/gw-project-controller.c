/* gw-project-controller.c: a window's project: sidebar, saving, curation
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-project-controller"

#include "config.h"

#include "gw-project-controller.h"

#include <glib/gi18n.h>

#include "gw-curation-popover.h"
#include "gw-compare-window.h"
#include "gw-project-dialogs.h"
#include "gw-format.h"
#include "gw-project-pane.h"
#include "gw-project-tasks.h"
#include "gw-result-row.h"
#include "gw-window.h"
#include "gw-window-private.h"

#define MAX_RECENT 8

struct _GwProjectController
{
  GObject              parent_instance;

  GtkWidget           *window;        /* weak */
  GCancellable        *cancellable;

  char                *path;          /* NULL without a project */
  GwProjectListing    *listing;
  char                *run_id;
  GwCuration          *curation;
  GwHistory           *history;       /* what Undo and Redo act on */

  GwProjectPane       *pane;
  GtkWidget           *curate_button;
  GwCurationPopover   *popover;
  GSimpleActionGroup  *actions;
  GMenu               *recent_menu;
  GSettings           *settings;
};

G_DEFINE_FINAL_TYPE (GwProjectController, gw_project_controller, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

gboolean
gw_file_is_project (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return name != NULL && g_str_has_suffix (name, ".gwproject");
}

static GwWindow *
get_window (GwProjectController *self)
{
  return self->window ? GW_WINDOW (self->window) : NULL;
}

static void
show_toast (GwProjectController *self,
            const char          *title,
            const char          *button_label,
            const char          *action_name)
{
  AdwToastOverlay *overlay;
  AdwToast *toast;

  if (self->window == NULL)
    return;

  overlay = ADW_TOAST_OVERLAY (gtk_widget_get_template_child (self->window, GW_TYPE_WINDOW, "toast_overlay"));
  toast = adw_toast_new (title);
  if (button_label != NULL)
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_action_name (toast, action_name);
    }
  adw_toast_overlay_add_toast (overlay, toast);
}

static void
show_error (GwProjectController *self,
            const char          *heading,
            const char          *body)
{
  GtkWidget *dialog;

  if (self->window == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self->window), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_action_enabled (GwProjectController *self,
                    const char          *name,
                    gboolean             enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static guint
count_selected (GwProjectController *self)
{
  GwWindow *window = get_window (self);
  g_autoptr(GtkBitset) selection = NULL;

  if (window == NULL || self->run_id == NULL)
    return 0;

  selection = gtk_selection_model_get_selection (gw_result_table_get_model (gw_window_get_result_table (window)));
  return gtk_bitset_get_size (selection);
}

static void
update_actions (GwProjectController *self)
{
  gboolean active = self->path != NULL;

  if (self->window == NULL)
    return;
  gboolean has_run = active && self->run_id != NULL && self->curation != NULL;

  set_action_enabled (self, "save-as", active);
  set_action_enabled (self, "properties", active && self->listing != NULL);
  set_action_enabled (self, "audit-log", has_run);
  set_action_enabled (self, "undo", active && self->history != NULL && gw_history_get_undo_action (self->history) != NULL);
  set_action_enabled (self, "redo", active && self->history != NULL && gw_history_get_redo_action (self->history) != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->pane), active);
  gtk_widget_set_visible (self->curate_button, has_run);
  gw_curation_popover_set_n_rows (self->popover, count_selected (self));

  if (has_run)
    {
      guint n = gw_curation_get_n_curated (self->curation);
      g_autofree char *tip = n > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "Curate the selected rows (%u row curated)",
                                                                   "Curate the selected rows (%u rows curated)", n), n)
                                   : g_strdup (_("Curate the selected rows"));

      gtk_widget_set_tooltip_text (self->curate_button, tip);
    }
}

/* Recent projects ---------------------------------------------------------- */

/* The list lives in GSettings (recent-projects, most recent first), so every
 * window's menu shows the same projects and a project deleted since is
 * simply skipped.  The desktop's recent files (GtkRecentManager) hear of
 * each project too, for the file chooser and the shell. */

static void
rebuild_recent_menu (GwProjectController *self)
{
  g_auto(GStrv) paths = g_settings_get_strv (self->settings, "recent-projects");
  guint n = 0;

  g_menu_remove_all (self->recent_menu);

  for (guint i = 0; paths[i] != NULL && n < MAX_RECENT; i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;
      g_autofree char *uri = NULL;

      if (!g_file_test (paths[i], G_FILE_TEST_IS_REGULAR))
        continue;
      uri = g_filename_to_uri (paths[i], NULL, NULL);
      if (uri == NULL)
        continue;

      label = g_filename_display_basename (paths[i]);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "project.open-recent", g_variant_new_string (uri));
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
}

static void
recent_projects_changed_cb (GwProjectController *self,
                            const char          *key,
                            GSettings           *settings)
{
  rebuild_recent_menu (self);
}

static void
add_recent (GwProjectController *self,
            const char          *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-projects");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  guint n = 1;

  if (uri != NULL)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);

  /* Most recent first, each path once; twice the menu's length is kept so
   * the menu stays full when a few projects are deleted. */
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < 2 * MAX_RECENT; i++)
    {
      if (g_strcmp0 (old[i], path) == 0)
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  paths = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-projects", (const char * const *) paths);
}

/* Listing and loading -------------------------------------------------------- */

/* The history Undo and Redo act on: the project's property edits and the
 * shown run's curation, as one list (GwHistory). */
static void
update_history (GwProjectController *self)
{
  g_clear_pointer (&self->history, gw_history_unref);
  if (self->path != NULL && (self->curation != NULL || self->listing != NULL))
    self->history = gw_history_new (self->curation, self->listing ? self->listing->revisions : NULL);
}

static void
set_listing (GwProjectController *self,
             GwProjectListing    *listing)
{
  /* The window (and the pane with it) may be gone by the time a worker
   * reports back. */
  if (self->window == NULL)
    {
      gw_project_listing_free (listing);
      return;
    }

  g_clear_pointer (&self->listing, gw_project_listing_free);
  self->listing = listing;
  update_history (self);
  gw_project_pane_set_listing (self->pane, listing);
  gw_project_pane_set_current (self->pane, self->run_id);
  if (self->window != NULL)
    gw_window_refresh_title (get_window (self));
  update_actions (self);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwProjectController) self = user_data;
  g_autoptr(GError) error = NULL;
  GwProjectListing *listing = gw_project_list_finish (result, &error);

  if (listing == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list %s: %s", self->path, error->message);
      return;
    }

  set_listing (self, listing);
}

static void
refresh (GwProjectController *self)
{
  if (self->path == NULL)
    return;

  gw_project_list_async (self->path, FALSE, self->cancellable, refresh_cb, g_object_ref (self));
}

static void
set_curation (GwProjectController *self,
              GwCuration          *curation)
{
  if (curation != NULL)
    gw_curation_ref (curation);
  g_clear_pointer (&self->curation, gw_curation_unref);
  g_clear_pointer (&self->history, gw_history_unref);
  self->curation = curation;
  update_history (self);

  if (self->window == NULL)
    return;
  gw_window_set_curation (get_window (self), curation);
  update_actions (self);
}

static void
load_run_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwProjectController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwLoadedRun) loaded = gw_project_load_run_finish (result, &error);

  if (self->window == NULL)
    return;

  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Open the Run"), error->message);
      gw_project_pane_set_current (self->pane, self->run_id);
      return;
    }

  g_free (self->run_id);
  self->run_id = g_strdup (loaded->info->uuid);
  gw_project_pane_set_current (self->pane, self->run_id);
  gw_window_show_stored_run (get_window (self), loaded->run);
  set_curation (self, loaded->curation);
}

static void
load_run (GwProjectController *self,
          const char          *run_id)
{
  gw_project_load_run_async (self->path, run_id, self->cancellable, load_run_cb, g_object_ref (self));
}

static void
run_activated_cb (GwProjectController *self,
                  const char          *run_id,
                  GwProjectPane       *pane)
{
  load_run (self, run_id);
}

static const GwRunInfo *
find_info (GwProjectController *self,
           const char          *run_id)
{
  for (guint i = 0; self->listing != NULL && i < self->listing->runs->len; i++)
    {
      const GwRunInfo *info = g_ptr_array_index (self->listing->runs, i);

      if (g_strcmp0 (info->uuid, run_id) == 0)
        return info;
    }
  return NULL;
}

/* A row of the comparison, shown in the table when the window still
 * shows a run of the compared dataset: rows match by index only there. */
static void
compare_row_activated_cb (GwProjectController *self,
                          guint                row,
                          GwCompareWindow     *compare)
{
  GwWindow *window = self->window ? get_window (self) : NULL;
  GwRun *run = window ? gw_window_get_run (window) : NULL;
  const GwRunInfo *shown = find_info (self, self->run_id);

  if (run == NULL || shown == NULL || row >= gw_run_get_n_rows (run) ||
      g_strcmp0 (g_object_get_data (G_OBJECT (compare), "gw-dataset"), shown->dataset_uuid) != 0)
    return;
  gw_window_show_row (window, row);
}

static void
compare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwProjectController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwRunComparison) cmp = gw_project_compare_finish (result, &error);
  const GwRunInfo *info_b;
  GtkWindow *compare;

  if (cmp == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Compare the Runs"), error->message);
      return;
    }

  if (self->window == NULL)
    return;

  info_b = find_info (self, cmp->run_b);
  compare = gw_compare_window_new (GTK_WINDOW (self->window), gw_window_get_run (get_window (self)),
                                   find_info (self, cmp->run_a), info_b, cmp);
  g_object_set_data_full (G_OBJECT (compare), "gw-dataset", g_strdup (info_b ? info_b->dataset_uuid : NULL), g_free);
  g_signal_connect_object (compare, "row-activated", G_CALLBACK (compare_row_activated_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
compare_requested_cb (GwProjectController *self,
                      const char          *other,
                      GwProjectPane       *pane)
{
  if (self->run_id == NULL)
    return;

  /* From the other run to the one on screen, which is usually the newer. */
  gw_project_compare_async (self->path, other, self->run_id, self->cancellable,
                            compare_cb, g_object_ref (self));
}

/* Opening and creating -------------------------------------------------------- */

typedef struct
{
  GwProjectController *self;
  char                *path;
  GwRun               *save_run;   /* the window's unsaved analysis, for New Project */
  GFile               *source;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->self);
  g_free (data->path);
  g_clear_pointer (&data->save_run, gw_run_unref);
  g_clear_object (&data->source);
  g_free (data);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  OpenData *data = user_data;
  GwProjectController *self = data->self;
  g_autoptr(GError) error = NULL;
  GwProjectListing *listing = gw_project_list_finish (result, &error);

  if (self->window == NULL)
    {
      gw_project_listing_free (listing);
      open_data_free (data);
      return;
    }

  if (listing == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *base = g_path_get_basename (data->path);
          g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), base);

          show_error (self, heading, error->message);
        }
      open_data_free (data);
      return;
    }

  g_free (self->path);
  self->path = g_strdup (data->path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  g_clear_pointer (&self->run_id, g_free);
  set_curation (self, NULL);
  set_listing (self, listing);
  add_recent (self, self->path);
  rebuild_recent_menu (self);
  update_actions (self);

  if (data->save_run != NULL)
    gw_project_controller_run_finished (self, data->save_run, data->source);
  else if (listing->runs->len > 0)
    load_run (self, ((GwRunInfo *) g_ptr_array_index (listing->runs, listing->runs->len - 1))->uuid);

  open_data_free (data);
}

static void
open_path (GwProjectController *self,
           const char          *path,
           gboolean             create)
{
  OpenData *data = g_new0 (OpenData, 1);
  GwWindow *window = get_window (self);

  data->self = g_object_ref (self);
  data->path = g_strdup (path);

  /* A new project starts with what the window shows, if anything. */
  if (create && window != NULL && gw_window_get_run (window) != NULL)
    {
      GFile *file = gw_window_get_file (window);

      data->save_run = gw_run_ref (gw_window_get_run (window));
      data->source = file != NULL && !gw_file_is_project (file) ? g_object_ref (file) : NULL;
    }

  gw_project_list_async (path, create, self->cancellable, opened_cb, data);
}

void
gw_project_controller_create (GwProjectController *self,
                              GFile               *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (GW_IS_PROJECT_CONTROLLER (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL || g_file_test (path, G_FILE_TEST_EXISTS))
    {
      show_error (self, _("The Project Already Exists"),
                  _("Choose another name, or open the existing project."));
      return;
    }

  open_path (self, path, TRUE);
}

void
gw_project_controller_open (GwProjectController *self,
                            GFile               *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (GW_IS_PROJECT_CONTROLLER (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Could Not Open the Project"), _("Projects must be local files."));
      return;
    }

  open_path (self, path, FALSE);
}

static void
new_response_cb (GtkNativeDialog     *native,
                 int                  response,
                 GwProjectController *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_autofree char *full = g_str_has_suffix (path, ".gwproject")
                                  ? g_strdup (path) : g_strconcat (path, ".gwproject", NULL);

          g_autoptr(GFile) project = g_file_new_for_path (full);

          gw_project_controller_create (self, project);
        }
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
new_action_cb (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  GwProjectController *self = user_data;
  GtkFileChooserNative *native;

  if (self->window == NULL)
    return;

  native = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (self->window),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Create"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Untitled.gwproject"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (new_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

typedef struct
{
  GwProjectController *self;
  char                *dest;
} CopyData;

static void
copy_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CopyData *data = user_data;
  GwProjectController *self = data->self;
  g_autoptr(GError) error = NULL;

  if (self->window == NULL)
    ;
  else if (!gw_project_copy_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Save the Project"), error->message);
    }
  else
    {
      /* The window goes on with the copy, as Save As does everywhere. */
      g_free (self->path);
      self->path = g_strdup (data->dest);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
      add_recent (self, self->path);
      rebuild_recent_menu (self);
      refresh (self);
      show_toast (self, _("Project saved under the new name"), NULL, NULL);
    }

  g_object_unref (data->self);
  g_free (data->dest);
  g_free (data);
}

static void
save_as_response_cb (GtkNativeDialog     *native,
                     int                  response,
                     GwProjectController *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->path != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          CopyData *data = g_new0 (CopyData, 1);

          data->self = g_object_ref (self);
          data->dest = g_str_has_suffix (path, ".gwproject") ? g_strdup (path)
                                                               : g_strconcat (path, ".gwproject", NULL);
          gw_project_copy_async (self->path, data->dest, self->cancellable, copy_cb, data);
        }
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
save_as_action_cb (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  GwProjectController *self = user_data;
  GtkFileChooserNative *native;
  g_autofree char *base = NULL;

  if (self->window == NULL || self->path == NULL)
    return;

  native = gtk_file_chooser_native_new (_("Save Project As"), GTK_WINDOW (self->window),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  base = g_path_get_basename (self->path);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), base);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (save_as_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_recent_action_cb (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  GwProjectController *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  if (self->window == NULL)
    return;

  /* One project per window. */
  if (self->path == NULL && gw_window_is_empty (get_window (self)))
    gw_project_controller_open (self, file);
  else
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self->window));
      GwWindow *window = gw_window_new (app);

      gw_window_open (window, file);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* Saving runs ----------------------------------------------------------------- */

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GwProjectController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwLoadedRun) saved = gw_project_save_run_finish (result, &error);

  if (self->window == NULL)
    return;

  if (saved == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Store the Run"), error->message);
      return;
    }

  g_free (self->run_id);
  self->run_id = g_strdup (saved->info->uuid);
  set_curation (self, saved->curation);
  refresh (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
gw_project_controller_run_finished (GwProjectController *self,
                                    GwRun               *run,
                                    GFile               *source)
{
  g_return_if_fail (GW_IS_PROJECT_CONTROLLER (self));

  if (self->path == NULL || run == NULL)
    return;

  /* Until it is stored the run has no ID to curate against. */
  g_clear_pointer (&self->run_id, g_free);
  set_curation (self, NULL);

  gw_project_save_run_async (self->path, run,
                             source != NULL && !gw_file_is_project (source) ? source : NULL,
                             self->cancellable, saved_cb, g_object_ref (self));
}

/* Curation ------------------------------------------------------------------- */

typedef struct
{
  GwProjectController *self;
  char                *done;     /* toast text, or NULL */
  gboolean             offer_undo;
} CurateData;

static void
curated_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CurateData *data = user_data;
  GwProjectController *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwCuration) curation = gw_project_curate_finish (result, &error);

  if (self->window == NULL)
    ;
  else if (curation == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Save the Curation"), error->message);
    }
  else
    {
      set_curation (self, curation);
      if (data->done != NULL)
        show_toast (self, data->done, data->offer_undo ? _("Undo") : NULL,
                    data->offer_undo ? "project.undo" : NULL);
      refresh (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }

  g_object_unref (data->self);
  g_free (data->done);
  g_free (data);
}

static void
curate_cb (GwProjectController *self,
           int                  status,
           const char          *reason,
           GwCurationPopover   *popover)
{
  gw_project_controller_curate_selection (self, status, reason);
}

void
gw_project_controller_curate_selection (GwProjectController *self,
                                        GwCurationStatus     status,
                                        const char          *reason)
{
  GwWindow *window = get_window (self);
  g_autoptr(GtkBitset) selection = NULL;
  g_autoptr(GArray) rows = NULL;
  GtkSelectionModel *model;
  GtkBitsetIter iter;
  guint position;
  CurateData *data;

  if (window == NULL || self->run_id == NULL)
    return;

  model = gw_result_table_get_model (gw_window_get_result_table (window));
  selection = gtk_selection_model_get_selection (model);
  rows = g_array_new (FALSE, FALSE, sizeof (guint));

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selection, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GwResultRow) item = g_list_model_get_item (G_LIST_MODEL (model), position);
      guint row;

      if (item == NULL)
        continue;
      row = gw_result_row_get_row (item);
      g_array_append_val (rows, row);
    }

  if (rows->len == 0)
    return;

  data = g_new0 (CurateData, 1);
  data->self = g_object_ref (self);
  data->offer_undo = TRUE;
  data->done = g_strdup_printf (status == GW_CURATION_ACCEPTED
                                  ? g_dngettext (GETTEXT_PACKAGE, "Accepted %u row", "Accepted %u rows", rows->len)
                                  : g_dngettext (GETTEXT_PACKAGE, "Rejected %u row", "Rejected %u rows", rows->len),
                                rows->len);
  gw_project_curate_async (self->path, self->run_id, rows, status, reason,
                           self->cancellable, curated_cb, data);
}

typedef struct
{
  GwProjectController *self;
  char                *run_id;   /* the run whose history it was */
  char                *done;     /* toast text */
} UndoData;

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  UndoData *data = user_data;
  GwProjectController *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwUndoResult) undone = gw_project_undo_finish (result, &error);

  if (self->window == NULL)
    ;
  else if (undone == NULL)
    {
      if (g_error_matches (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOTHING_TO_UNDO) ||
          g_error_matches (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOTHING_TO_REDO))
        show_toast (self, error->message, NULL, NULL);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Undo"), error->message);
    }
  else
    {
      /* Another run may be on screen by now: its curation stays. */
      if (undone->curation != NULL && g_strcmp0 (data->run_id, self->run_id) == 0)
        set_curation (self, undone->curation);
      set_listing (self, g_steal_pointer (&undone->listing));
      show_toast (self, data->done, NULL, NULL);
      g_signal_emit (self, signals[CHANGED], 0);
    }

  g_object_unref (data->self);
  g_free (data->run_id);
  g_free (data->done);
  g_free (data);
}

static void
undo_redo (GwProjectController *self,
           gboolean             redo)
{
  UndoData *data;
  g_autofree char *label = NULL;

  if (self->path == NULL || self->history == NULL)
    return;

  label = redo ? gw_history_dup_redo_label (self->history, gw_window_get_run (get_window (self)))
               : gw_history_dup_undo_label (self->history, gw_window_get_run (get_window (self)));
  if (label == NULL)
    return;

  data = g_new0 (UndoData, 1);
  data->self = g_object_ref (self);
  data->run_id = g_strdup (self->curation != NULL ? self->run_id : NULL);
  data->done = g_strdup_printf (redo ? _("Redone: %s") : _("Undone: %s"), label);
  gw_project_undo_async (self->path, data->run_id, redo, self->cancellable, undone_cb, data);
}

static void
undo_action_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  undo_redo (user_data, FALSE);
}

static void
redo_action_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  undo_redo (user_data, TRUE);
}

static void
audit_log_action_cb (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  GwProjectController *self = user_data;

  if (self->window == NULL || self->curation == NULL)
    return;

  {
    GtkWindow *log = gw_audit_log_window_new (GTK_WINDOW (self->window), gw_window_get_run (get_window (self)),
                                              self->curation);

    /* Metadata changes are project-wide, listed after the run's. */
    if (self->listing != NULL)
      gw_audit_log_window_add_project_history (log, self->listing->revisions);
  }
}

static void
metadata_set_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwProjectController) self = user_data;
  g_autoptr(GError) error = NULL;
  GwProjectListing *listing = gw_project_set_metadata_finish (result, &error);

  if (self->window == NULL)
    {
      gw_project_listing_free (listing);
      return;
    }
  if (listing == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Save the Project Properties"), error->message);
      return;
    }

  set_listing (self, listing);
  show_toast (self, _("Project properties saved"), NULL, NULL);
}

void
gw_project_controller_set_metadata (GwProjectController *self,
                                    const char          *name,
                                    const char          *notes,
                                    GwLcColumn           column_type)
{
  g_return_if_fail (GW_IS_PROJECT_CONTROLLER (self));
  g_return_if_fail (name != NULL && notes != NULL);

  if (self->path == NULL)
    return;

  gw_project_set_metadata_async (self->path, name, notes, column_type, self->cancellable,
                                 metadata_set_cb, g_object_ref (self));
}

static void
properties_save_cb (const char *name,
                    const char *notes,
                    GwLcColumn  column_type,
                    gpointer    user_data)
{
  GwProjectController *self = user_data;

  /* Nothing changed: no revision. */
  if (self->listing != NULL && g_strcmp0 (self->listing->name, name) == 0 &&
      g_strcmp0 (self->listing->notes, notes) == 0 && self->listing->column_type == column_type)
    return;

  gw_project_controller_set_metadata (self, name, notes, column_type);
}

static void
properties_action_cb (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  GwProjectController *self = user_data;

  if (self->window == NULL || self->listing == NULL)
    return;

  gw_project_properties_window_new (GTK_WINDOW (self->window), self->listing->name,
                                    self->listing->notes, self->listing->column_type,
                                    properties_save_cb, g_object_ref (self), g_object_unref);
}

static void
popover_show_cb (GwProjectController *self)
{
  gw_curation_popover_set_n_rows (self->popover, count_selected (self));
}

/* Construction ---------------------------------------------------------------- */

static const GActionEntry action_entries[] = {
  { "new", new_action_cb, NULL, NULL, NULL, { 0 } },
  { "save-as", save_as_action_cb, NULL, NULL, NULL, { 0 } },
  { "undo", undo_action_cb, NULL, NULL, NULL, { 0 } },
  { "redo", redo_action_cb, NULL, NULL, NULL, { 0 } },
  { "audit-log", audit_log_action_cb, NULL, NULL, NULL, { 0 } },
  { "properties", properties_action_cb, NULL, NULL, NULL, { 0 } },
  { "open-recent", open_recent_action_cb, "s", NULL, NULL, { 0 } },
};

static void
add_shortcut (GtkShortcutController *controller,
              const char            *accel,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accel),
                                                          gtk_named_action_new (action)));
}

static void
build_ui (GwProjectController *self)
{
  GtkWidget *window = self->window;
  GtkWidget *main_stack = GTK_WIDGET (gtk_widget_get_template_child (window, GW_TYPE_WINDOW, "main_stack"));
  GtkWidget *header_bar = GTK_WIDGET (gtk_widget_get_template_child (window, GW_TYPE_WINDOW, "header_bar"));
  GObject *menu_button = gtk_widget_get_template_child (window, GW_TYPE_WINDOW, "menu_button");
  GtkWidget *parent = gtk_widget_get_parent (main_stack);
  GtkWidget *paned;
  GtkShortcutController *shortcuts;

  /* The sidebar goes beside everything below the header bar.  The
   * window's template stays as it is; only this box gains a pane. */
  g_object_ref (main_stack);
  gtk_box_remove (GTK_BOX (parent), main_stack);
  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 280);
  self->pane = GW_PROJECT_PANE (gw_project_pane_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->pane), FALSE);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (self->pane));
  gtk_paned_set_end_child (GTK_PANED (paned), main_stack);
  gtk_box_append (GTK_BOX (parent), paned);
  g_object_unref (main_stack);

  g_signal_connect_object (self->pane, "run-activated", G_CALLBACK (run_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pane, "compare", G_CALLBACK (compare_requested_cb), self, G_CONNECT_SWAPPED);

  self->popover = GW_CURATION_POPOVER (gw_curation_popover_new ());
  g_signal_connect_object (self->popover, "curate", G_CALLBACK (curate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (popover_show_cb), self, G_CONNECT_SWAPPED);
  self->curate_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->curate_button), _("_Curate"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (self->curate_button), TRUE);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->curate_button), GTK_WIDGET (self->popover));
  gtk_widget_set_visible (self->curate_button, FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header_bar), self->curate_button);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
  gtk_widget_insert_action_group (window, "project", G_ACTION_GROUP (self->actions));

  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (shortcuts, "<Control>z", "project.undo");
  add_shortcut (shortcuts, "<Control><Shift>z", "project.redo");
  add_shortcut (shortcuts, "<Control><Shift>n", "project.new");
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));

  /* Menu items, added to the window's primary menu. */
  self->recent_menu = g_menu_new ();
  if (menu_button != NULL && G_IS_MENU (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button))))
    {
      GMenu *primary = G_MENU (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)));
      g_autoptr(GMenu) section = g_menu_new ();
      g_autoptr(GMenu) curation = g_menu_new ();

      g_menu_append (section, _("_New Project…"), "project.new");
      g_menu_append_submenu (section, _("Open _Recent Project"), G_MENU_MODEL (self->recent_menu));
      g_menu_append (section, _("_Save Project As…"), "project.save-as");
      g_menu_append (section, _("Project _Properties…"), "project.properties");
      g_menu_prepend_section (primary, NULL, G_MENU_MODEL (section));

      g_menu_append (curation, _("_Undo"), "project.undo");
      g_menu_append (curation, _("_Redo"), "project.redo");
      g_menu_append (curation, _("_Audit Log"), "project.audit-log");
      g_menu_insert_section (primary, 1, NULL, G_MENU_MODEL (curation));
    }
  rebuild_recent_menu (self);
}

GwHistory *
gw_project_controller_get_history (GwProjectController *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_CONTROLLER (self), NULL);
  return self->history;
}

const char *
gw_project_controller_get_name (GwProjectController *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_CONTROLLER (self), NULL);
  return self->listing != NULL && self->path != NULL ? self->listing->name : NULL;
}

const char *
gw_project_controller_get_path (GwProjectController *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_CONTROLLER (self), NULL);
  return self->path;
}

guint
gw_project_controller_get_n_runs (GwProjectController *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_CONTROLLER (self), 0);
  return self->listing != NULL ? self->listing->runs->len : 0;
}

void
gw_project_controller_reload (GwProjectController *self)
{
  g_return_if_fail (GW_IS_PROJECT_CONTROLLER (self));

  if (self->path == NULL)
    return;
  refresh (self);
  /* The run on screen may have new curation from elsewhere; without one
   * on screen, show the newest run once the listing is back. */
  if (self->run_id != NULL)
    load_run (self, self->run_id);
}

static void
gw_project_controller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GwProjectController *self = GW_PROJECT_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

gboolean
gw_project_controller_is_active (GwProjectController *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_CONTROLLER (self), FALSE);
  return self->path != NULL;
}

const char *
gw_project_controller_get_run_id (GwProjectController *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_CONTROLLER (self), NULL);
  return self->run_id;
}

GwCuration *
gw_project_controller_get_curation (GwProjectController *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_CONTROLLER (self), NULL);
  return self->curation;
}

static void
gw_project_controller_dispose (GObject *object)
{
  GwProjectController *self = GW_PROJECT_CONTROLLER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (gw_project_controller_parent_class)->dispose (object);
}

static void
gw_project_controller_finalize (GObject *object)
{
  GwProjectController *self = GW_PROJECT_CONTROLLER (object);

  g_clear_object (&self->cancellable);
  g_free (self->path);
  g_free (self->run_id);
  g_clear_pointer (&self->listing, gw_project_listing_free);
  g_clear_pointer (&self->curation, gw_curation_unref);
  g_clear_pointer (&self->history, gw_history_unref);
  g_clear_object (&self->actions);
  g_clear_object (&self->recent_menu);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gw_project_controller_parent_class)->finalize (object);
}

static void
gw_project_controller_class_init (GwProjectControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_project_controller_dispose;
  object_class->finalize = gw_project_controller_finalize;
  object_class->get_property = gw_project_controller_get_property;

  /* The project file shown, or NULL. */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user changed the project: a run was stored or curated. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_project_controller_init (GwProjectController *self)
{
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::recent-projects",
                           G_CALLBACK (recent_projects_changed_cb), self, G_CONNECT_SWAPPED);
}

GwProjectController *
gw_project_controller_new (GtkWidget *window)
{
  GwProjectController *self;

  g_return_val_if_fail (GW_IS_WINDOW (window), NULL);

  self = g_object_new (GW_TYPE_PROJECT_CONTROLLER, NULL);
  g_set_weak_pointer (&self->window, window);
  build_ui (self);
  update_actions (self);

  return self;
}

/* (nullable): the project's notes and column type, as last listed. */
const char *
gw_project_controller_get_notes (GwProjectController *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_CONTROLLER (self), NULL);
  return self->listing != NULL && self->path != NULL ? self->listing->notes : NULL;
}

GwLcColumn
gw_project_controller_get_column_type (GwProjectController *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_CONTROLLER (self), GW_LC_COLUMN_REVERSED_PHASE);
  return self->listing != NULL ? self->listing->column_type : GW_LC_COLUMN_REVERSED_PHASE;
}

/* The sidebar (for tests). */
GwProjectPane *
gw_project_controller_get_pane (GwProjectController *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_CONTROLLER (self), NULL);
  return self->pane;
}
