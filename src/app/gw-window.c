/* gw-window.c: a window showing one peak table and its analysis
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-analysis.h"
#include "gw-detail-pane.h"
#include "gw-export-dialog.h"
#include "gw-i18n.h"
#include "gw-models-view.h"
#include "gw-params-panel.h"
#include "gw-plot-page.h"
#include "gw-progress.h"
#include "gw-result-row.h"
#include "gw-project-controller.h"
#include "gw-result-table.h"
#include "gw-rules-view.h"
#include "gw-status-summary.h"
#include "gw-tasks.h"
#include "gw-widget-util.h"
#include "gw-window.h"
#include "gw-window-private.h"

/* Parameter edits come in bursts (a spin button held down); wait this long
 * after the last one before re-running. */
#define RERUN_DELAY_MS 350

struct _GwWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *drop_highlight;
  AdwHeaderBar         *header_bar;
  GtkMenuButton        *menu_button;   /* the project controller adds to its menu */
  GtkToggleButton      *params_button;
  AdwViewSwitcherTitle *switcher_title;
  GtkBox               *run_box;
  GtkWidget            *warnings_button;
  GtkLabel             *warnings_label;
  GtkSpinner           *run_spinner;
  GtkStack             *main_stack;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  GtkProgressBar       *loading_progress;
  AdwFlap              *flap;
  GwParamsPanel        *params_panel;
  GtkProgressBar       *progress_bar;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  GwStatusSummary      *summary;
  GtkSearchEntry       *search_entry;
  GwResultTable        *result_table;
  GwDetailPane         *detail_pane;
  GwModelsView         *models_view;
  GwPlotPage           *plot_page;
  GwRulesView          *rules_view;

  GSettings            *settings;
  GtkDropTarget        *drop_target;

  /* Cancelled when the window goes away; every operation's own
   * cancellable is cancelled with it. */
  GCancellable         *cancellable;
  GCancellable         *load_cancellable;
  GCancellable         *run_cancellable;

  GFile                *file;          /* shown */
  GFile                *loading_file;  /* being read */
  GwTable              *table;
  GwRun                *run;
  GwProgress           *progress;

  /* The window's project, when one is open (gw-project-controller.c). */
  GwProjectController  *project;
  GwSyncIndicator      *sync;         /* owned by the header bar */

  guint                 rerun_source;
  guint                 n_runs;

  /* The toast that announced the input's warnings, while it shows. */
  AdwToast             *warnings_toast;
};

G_DEFINE_FINAL_TYPE (GwWindow, gw_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PARAMS_REVEALED,
  PROP_DETAILS_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void gw_window_start_analysis (GwWindow *self);

/* The input's warnings stay one click away in the header bar, whatever
 * page shows, after their toast is gone. */
static void
update_warnings_button (GwWindow *self)
{
  const char * const *warnings = self->table != NULL ? gw_table_get_warnings (self->table) : NULL;
  guint n = warnings != NULL ? g_strv_length ((char **) warnings) : 0;
  g_autofree char *count = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-warnings", n > 0);
  gtk_widget_set_visible (self->warnings_button, n > 0);
  if (n == 0)
    return;

  count = g_strdup_printf ("%u", n);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u warning about the input",
                                          "%u warnings about the input",
                                          n),
                             n);
  gtk_label_set_label (self->warnings_label, count);
  gtk_widget_set_tooltip_text (self->warnings_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->warnings_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
}

/* State ------------------------------------------------------------------ */

static gboolean
is_running (GwWindow *self)
{
  return self->run_cancellable != NULL;
}

static gboolean
is_loading (GwWindow *self)
{
  return self->load_cancellable != NULL;
}

static void
gw_window_update_actions (GwWindow *self)
{
  gboolean has_table = self->table != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", is_running (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rerun", has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-invalid",
                                 self->run != NULL && gw_run_get_status_count (self->run, GW_STATUS_INVALID) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-params", has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", self->run != NULL);
  update_warnings_button (self);
}

static void
update_run_ui (GwWindow *self)
{
  gboolean running = is_running (self);

  gtk_widget_set_visible (GTK_WIDGET (self->run_box), running);
  gtk_spinner_set_spinning (self->run_spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running && self->run != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_progress), running);
  if (!running)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_progress_bar_set_fraction (self->loading_progress, 0);
    }

  gw_window_update_actions (self);
}

static void
update_title (GwWindow *self)
{
  g_autofree char *basename = NULL;
  g_autofree char *subtitle = NULL;
  const char *project_name = self->project ? gw_project_controller_get_name (self->project) : NULL;

  /* A project window is titled by the project; the file shown is the
   * subtitle's business. */
  if (project_name != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), project_name);
      adw_view_switcher_title_set_title (self->switcher_title, project_name);
      if (self->run != NULL)
        {
          const GwParams *params = gw_run_get_params (self->run);

          subtitle = g_strdup_printf ("%s · %s", gw_table_get_display_name (gw_run_get_table (self->run)),
                                      gw_preset_to_string (params->preset));
        }
      adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title,
                                                         g_str_equal (gtk_stack_get_visible_child_name (self->main_stack),
                                                                      "results"));
      return;
    }

  if (self->file == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Ganglioside Workbench"));
      adw_view_switcher_title_set_title (self->switcher_title, _("Ganglioside Workbench"));
      adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
      return;
    }

  basename = g_file_get_basename (self->file);
  gtk_window_set_title (GTK_WINDOW (self), basename);
  adw_view_switcher_title_set_title (self->switcher_title, basename);

  if (self->run != NULL)
    {
      const GwParams *params = gw_run_get_params (self->run);

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row · %s preset", "%u rows · %s preset",
                                               gw_run_get_n_rows (self->run)),
                                  gw_run_get_n_rows (self->run),
                                  gw_preset_to_string (params->preset));
    }
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title,
                                                     g_str_equal (gtk_stack_get_visible_child_name (self->main_stack),
                                                                  "results"));
}

/* The bottom switcher replaces the header's when the window is narrow, and
 * only when there are results to switch between. */
static void
update_switcher_bar (GwWindow *self)
{
  gboolean results = g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "results");

  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    results && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
title_visible_notify_cb (GwWindow             *self,
                         GParamSpec           *pspec,
                         AdwViewSwitcherTitle *title)
{
  update_switcher_bar (self);
}

static void
set_state (GwWindow   *self,
           const char *state)
{
  gtk_stack_set_visible_child_name (self->main_stack, state);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (state, "loading"));
  update_title (self);
  update_switcher_bar (self);
  gw_window_update_actions (self);
}

/* @plot_data: (nullable): @run's plot data, when the worker built it. */
static void
show_run (GwWindow   *self,
          GwRun      *run,
          GwPlotData *plot_data)
{
  g_autoptr(GwRun) old = NULL;

  if (self->run != run)
    {
      old = g_steal_pointer (&self->run);
      if (run != NULL)
        self->run = gw_run_ref (run);
    }

  gw_status_summary_set_run (self->summary, run);
  gw_result_table_set_run (self->result_table, run);
  gw_detail_pane_show (self->detail_pane, run, gw_result_table_get_selected_row (self->result_table));
  gw_models_view_set_run (self->models_view, run);
  gw_rules_view_set_run (self->rules_view, run);
  gw_plot_page_set_run_with_data (self->plot_page, run, plot_data);

  update_title (self);
  update_run_ui (self);

  /* The views let go of the old run above; freeing a large one is no
   * work for the main thread. */
  gw_release_in_thread (g_steal_pointer (&old), (GDestroyNotify) gw_run_unref);
}

/* Dialogs and toasts ------------------------------------------------------ */

static void
show_error (GwWindow   *self,
            const char *heading,
            const char *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_toast (GwWindow   *self,
            const char *title,
            const char *button_label,
            const char *action_name)
{
  AdwToast *toast = adw_toast_new (title);

  if (button_label != NULL)
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_action_name (toast, action_name);
    }
  adw_toast_set_timeout (toast, button_label != NULL ? 10 : 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* How long the input's warnings toast shows: libadwaita's usual time. */
#define WARNINGS_TOAST_TIMEOUT_S 5

static void
warnings_toast_dismissed_cb (GwWindow *self,
                             AdwToast *toast)
{
  if (self->warnings_toast == toast)
    g_clear_object (&self->warnings_toast);
}

/* Analysis --------------------------------------------------------------- */

static void
progress_notify_cb (GwWindow   *self,
                    GParamSpec *pspec,
                    GwProgress *progress)
{
  g_autofree char *message = NULL;

  if (progress != self->progress)
    return;

  gtk_progress_bar_set_fraction (self->progress_bar, gw_progress_get_fraction (progress));
  gtk_progress_bar_set_fraction (self->loading_progress, gw_progress_get_fraction (progress));
  message = gw_progress_dup_message (progress);
  /* The engine reports its steps in English, like all its text. */
  if (message != NULL)
    {
      char *shown = gw_i18n_translate_message (message);

      g_free (message);
      message = shown;
    }
  if (self->run == NULL)
    adw_status_page_set_description (self->loading_page, message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_box), message);
}

static void
analyze_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwWindow) self = user_data;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GwPlotData) plot_data = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  run = gw_analyze_finish_full (result, &plot_data, &error);

  /* A run that was cancelled or replaced says nothing: whoever cancelled it
   * already updated the window. */
  if (cancellable != self->run_cancellable)
    return;

  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->progress);

  if (run == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *basename = g_file_get_basename (self->file);
          g_autofree char *heading = g_strdup_printf (_("Could Not Analyse “%s”"), basename);

          show_error (self, heading, error->message);
        }
      if (self->run == NULL)
        set_state (self, "results");
      update_run_ui (self);
      return;
    }

  self->n_runs++;
  show_run (self, run, plot_data);
  set_state (self, "results");

  /* In a project every analysis is stored at once: nothing is unsaved. */
  gw_project_controller_run_finished (self->project, run, self->file);
}

static void
cancel_run (GwWindow *self)
{
  if (self->run_cancellable != NULL)
    {
      g_cancellable_cancel (self->run_cancellable);
      g_clear_object (&self->run_cancellable);
    }
  g_clear_object (&self->progress);
}

static void
gw_window_start_analysis (GwWindow *self)
{
  GwParams params;

  g_clear_handle_id (&self->rerun_source, g_source_remove);

  if (self->table == NULL)
    return;

  /* Cancel and replace: the old results stay on screen until the new run
   * completes. */
  cancel_run (self);

  gw_params_panel_get_params (self->params_panel, &params);

  self->run_cancellable = g_cancellable_new ();
  self->progress = gw_progress_new ();
  g_signal_connect_object (self->progress, "notify::fraction",
                           G_CALLBACK (progress_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->progress, "notify::message",
                           G_CALLBACK (progress_notify_cb), self, G_CONNECT_SWAPPED);

  gw_analyze_async (self->table, &params, self->progress, self->run_cancellable,
                    analyze_cb, g_object_ref (self));

  update_run_ui (self);
}

static gboolean
rerun_timeout_cb (gpointer user_data)
{
  GwWindow *self = user_data;

  self->rerun_source = 0;
  gw_window_start_analysis (self);
  return G_SOURCE_REMOVE;
}

static void
save_params (GwWindow       *self,
             const GwParams *params)
{
  g_settings_delay (self->settings);
  g_settings_set_enum (self->settings, "preset", params->preset);
  g_settings_set_double (self->settings, "r2-threshold", params->r2_threshold);
  g_settings_set_double (self->settings, "outlier-threshold", params->outlier_threshold);
  g_settings_set_double (self->settings, "rt-tolerance", params->rt_tolerance);
  g_settings_apply (self->settings);
}

static void
params_changed_cb (GwWindow      *self,
                   GwParamsPanel *panel)
{
  GwParams params;

  gw_params_panel_get_params (panel, &params);
  save_params (self, &params);

  if (self->table == NULL)
    return;

  g_clear_handle_id (&self->rerun_source, g_source_remove);
  self->rerun_source = g_timeout_add (RERUN_DELAY_MS, rerun_timeout_cb, self);
}

/* Loading ---------------------------------------------------------------- */

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GwWindow) self = user_data;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  guint n_invalid;

  table = gw_load_table_finish (result, &error);

  if (cancellable != self->load_cancellable)
    return;

  g_clear_object (&self->load_cancellable);
  file = g_steal_pointer (&self->loading_file);

  if (table == NULL)
    {
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), basename);

      /* The window keeps showing what it showed before. */
      set_state (self, self->table == NULL ? "empty" : "results");
      show_error (self, heading, error->message);
      return;
    }

  /* A new file: the previous file's results go, and so do its filters. */
  cancel_run (self);
  g_set_object (&self->file, file);
  g_clear_pointer (&self->table, gw_table_unref);
  self->table = g_steal_pointer (&table);
  gw_status_summary_set_mask (self->summary, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_run (self, NULL, NULL);

  {
    g_autofree char *basename = g_file_get_basename (file);
    g_autofree char *title = g_strdup_printf (_("Analysing “%s”…"), basename);

    adw_status_page_set_title (self->loading_page, title);
    adw_status_page_set_description (self->loading_page, NULL);
  }
  set_state (self, "loading");

  n_invalid = gw_table_get_n_invalid (self->table);
  if (n_invalid > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u row could not be read",
                                      "%u rows could not be read",
                                      n_invalid),
                         n_invalid);

      show_toast (self, text, _("Show"), "win.show-invalid");
    }

  {
    const char * const *warnings = gw_table_get_warnings (self->table);
    guint n_warnings = warnings != NULL ? g_strv_length ((char **) warnings) : 0;

    /* One toast, not one per warning: a file with many small groups
     * would otherwise queue dozens of them.  It goes after the usual
     * time, since it would otherwise cover the bottom of the plot; the
     * header bar's warnings button keeps the list one click away. */
    if (self->warnings_toast != NULL)
      adw_toast_dismiss (self->warnings_toast);
    if (n_warnings > 0)
      {
        g_autofree char *text = NULL;
        AdwToast *toast;

        if (n_warnings == 1)
          {
            g_autofree char *warning = gw_i18n_translate_message (warnings[0]);

            /* A toast's title is markup; the warning quotes the file. */
            text = g_markup_escape_text (warning, -1);
          }
        else
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u warning about the input",
                                               "%u warnings about the input",
                                               n_warnings),
                                  n_warnings);
        toast = adw_toast_new (text);
        adw_toast_set_button_label (toast, _("Details"));
        adw_toast_set_action_name (toast, "win.show-warnings");
        adw_toast_set_timeout (toast, WARNINGS_TOAST_TIMEOUT_S);
        g_set_object (&self->warnings_toast, toast);
        g_signal_connect_object (toast, "dismissed", G_CALLBACK (warnings_toast_dismissed_cb),
                                 self, G_CONNECT_SWAPPED);
        adw_toast_overlay_add_toast (self->toast_overlay, toast);
      }
  }

  gw_window_start_analysis (self);
}

void
gw_window_open (GwWindow *self,
                GFile    *file)
{
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (GW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (gw_file_is_project (file))
    {
      gw_project_controller_open (self->project, file);
      return;
    }

  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }

  g_set_object (&self->loading_file, file);
  self->load_cancellable = g_cancellable_new ();

  basename = g_file_get_basename (file);
  title = g_strdup_printf (_("Reading “%s”…"), basename);
  adw_status_page_set_title (self->loading_page, title);
  adw_status_page_set_description (self->loading_page, NULL);
  if (self->table == NULL)
    set_state (self, "loading");

  gw_load_table_async (file, self->load_cancellable, load_cb, g_object_ref (self));
}

static void
open_in_new_window (GwWindow *self,
                    GFile    *file)
{
  GwWindow *window = gw_window_new (gtk_window_get_application (GTK_WINDOW (self)));

  gw_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));
}

/* Drag and drop ---------------------------------------------------------- */

static void
replace_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     GwWindow         *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");

  if (g_str_equal (response, "replace"))
    gw_window_open (self, file);
  else if (g_str_equal (response, "new-window"))
    open_in_new_window (self, file);
}

static void
ask_replace (GwWindow *self,
             GFile    *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *current = g_file_get_basename (self->file != NULL ? self->file : self->loading_file);
  g_autofree char *heading = g_strdup_printf (_("Open “%s”?"), basename);
  g_autofree char *body = g_strdup_printf (_("This window shows “%s”. Replace it, or open the new file in a new window?"),
                                           current);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    "new-window", _("_New Window"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "new-window",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "new-window");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GdkDragAction
drop_enter_cb (GwWindow      *self,
               double         x,
               double         y,
               GtkDropTarget *target)
{
  gtk_widget_set_visible (self->drop_highlight, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GwWindow      *self,
               GtkDropTarget *target)
{
  gtk_widget_set_visible (self->drop_highlight, FALSE);
}

static gboolean
drop_cb (GwWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;

  gtk_widget_set_visible (self->drop_highlight, FALSE);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;

  /* The first file goes to this window (asking first when it already
   * shows one); every further file gets its own window. */
  if (gw_project_controller_is_active (self->project) && !gw_file_is_project (files->data))
    /* A project window adds the table as a dataset: nothing is replaced. */
    gw_window_open (self, files->data);
  else if (gw_window_is_empty (self))
    gw_window_open (self, files->data);
  else
    ask_replace (self, files->data);

  for (GSList *l = files->next; l != NULL; l = l->next)
    open_in_new_window (self, l->data);

  return TRUE;
}

/* Actions ---------------------------------------------------------------- */

static void
open_response_cb (GtkNativeDialog *native,
                  int              response,
                  GwWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        {
          /* One window per file: a window that already shows one opens
           * the new file beside it. */
          if (gw_window_is_empty (self))
            gw_window_open (self, file);
          else
            open_in_new_window (self, file);
        }
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) tables = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) projects = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Open Peak Table"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));

  gtk_file_filter_set_name (tables, _("Peak tables (CSV, TSV)"));
  gtk_file_filter_add_mime_type (tables, "text/csv");
  gtk_file_filter_add_mime_type (tables, "text/tab-separated-values");
  gtk_file_filter_add_suffix (tables, "csv");
  gtk_file_filter_add_suffix (tables, "tsv");
  gtk_file_filter_add_suffix (tables, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), tables);
  gtk_file_filter_set_name (projects, _("Projects"));
  gtk_file_filter_add_suffix (projects, "gwproject");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), projects);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  gboolean had_run = self->run != NULL;

  if (!is_running (self))
    return;

  g_clear_handle_id (&self->rerun_source, g_source_remove);
  cancel_run (self);

  if (had_run)
    show_toast (self, _("Analysis cancelled; the previous results are still shown"), NULL, NULL);
  else
    {
      show_toast (self, _("Analysis cancelled"), _("Re-run"), "win.rerun");
      set_state (self, "results");
    }

  update_run_ui (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  g_autoptr(GwCurationExport) curation_export = NULL;
  GwExportContext context = { 0 };
  GwCuration *curation = NULL;

  if (self->run == NULL)
    return;

  /* A project's run exports with its curation: the dialog then offers
   * the curated (effective) statuses or the raw ones. */
  if (gw_project_controller_is_active (self->project))
    {
      context.project = gw_project_controller_get_name (self->project);
      context.run_id = gw_project_controller_get_run_id (self->project);
      curation = gw_project_controller_get_curation (self->project);
    }
  if (curation != NULL && gw_curation_get_n_rows (curation) == gw_run_get_n_rows (self->run))
    {
      curation_export = gw_curation_export_new (curation);
      context.curation = gw_curation_export_get (curation_export);
    }

  /* The dialog copies the context. */
  gtk_window_present (GTK_WINDOW (gw_export_dialog_new (GTK_WINDOW (self), self->run,
                                                        context.project != NULL || context.curation != NULL
                                                        ? &context : NULL)));
}

static void
rerun_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gw_window_start_analysis (GW_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "table");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_invalid_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "table");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gw_status_summary_set_mask (self->summary, 1u << GW_STATUS_INVALID);
}

/* The most warnings the dialog lists; the export has them all. */
#define MAX_SHOWN_WARNINGS 200

static void
show_warnings_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  const char * const *warnings;
  g_autofree char *basename = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *scroller;
  GtkWidget *list;
  guint i;

  if (self->table == NULL)
    return;
  warnings = gw_table_get_warnings (self->table);
  if (warnings == NULL || warnings[0] == NULL)
    return;

  /* One row per warning, left-aligned and scrolled: a centred block of
   * two dozen lines was hard to read. */
  list = gw_boxed_list_new ();
  gtk_widget_set_name (list, "input-warnings");
  for (i = 0; i < MAX_SHOWN_WARNINGS && warnings[i] != NULL; i++)
    {
      g_autofree char *warning = gw_i18n_translate_message (warnings[i]);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), warning);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  if (warnings[i] != NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("…and more; the export lists every warning."));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  /* Wide enough for a warning on one line, as far as the dialog lets. */
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);

  /* A stored run has a table but no file. */
  basename = self->file != NULL ? g_file_get_basename (self->file)
                                : g_strdup (gw_table_get_display_name (self->table));
  heading = g_strdup_printf (_("Warnings for “%s”"), basename);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_changed_cb (GwWindow       *self,
                   GtkSearchEntry *entry)
{
  gw_result_filter_set_search (gw_result_table_get_filter (self->result_table),
                               gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
stop_search_cb (GwWindow       *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (gw_result_table_get_view (self->result_table)));
}

static void
link_row_activated_cb (GwWindow *self,
                       guint     row)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "table");
  if (gw_result_table_select_row (self->result_table, row))
    {
      /* The filters may have been cleared to reveal the row. */
      gw_status_summary_set_mask (self->summary,
                                  gw_result_filter_get_status_mask (gw_result_table_get_filter (self->result_table)));
      if (gw_result_filter_get_search (gw_result_table_get_filter (self->result_table)) == NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (gw_result_table_get_view (self->result_table)));
    }
}

void
gw_window_show_row (GwWindow *self,
                    guint     row)
{
  g_return_if_fail (GW_IS_WINDOW (self));

  link_row_activated_cb (self, row);
  gtk_window_present (GTK_WINDOW (self));
}

/* Enter or a double click on a row opens its details. */
static void
table_activate_cb (GwWindow      *self,
                   guint          position,
                   GtkColumnView *view)
{
  g_object_set (self, "details-revealed", TRUE, NULL);
}

/* The table's selected rows, highlighted in the plot. */
static void
sync_plot_selection (GwWindow *self)
{
  GtkSelectionModel *model = gw_result_table_get_model (self->result_table);
  g_autoptr(GtkBitset) positions = gtk_selection_model_get_selection (model);
  g_autoptr(GtkBitset) rows = gtk_bitset_new_empty ();
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, positions, &position);
       ok; ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GwResultRow) item = g_list_model_get_item (G_LIST_MODEL (model), position);

      if (item != NULL)
        gtk_bitset_add (rows, gw_result_row_get_row (item));
    }
  gw_plot_view_set_selection (gw_plot_page_get_view (self->plot_page), rows);
}

static void
table_selection_changed_cb (GwWindow          *self,
                            guint              position,
                            guint              n_items,
                            GtkSelectionModel *model)
{
  sync_plot_selection (self);
}

static void
selected_row_notify_cb (GwWindow      *self,
                        GParamSpec    *pspec,
                        GwResultTable *table)
{
  gw_detail_pane_show (self->detail_pane, self->run, gw_result_table_get_selected_row (table));
  sync_plot_selection (self);
}

/* A click on a point selects its row in the table; the plot stays in
 * view, and the detail pane follows the table. */
static void
plot_row_activated_cb (GwWindow *self,
                       guint     row)
{
  gw_result_table_select_row (self->result_table, row);
  gw_status_summary_set_mask (self->summary,
                              gw_result_filter_get_status_mask (gw_result_table_get_filter (self->result_table)));
}

/* GObject / GtkWidget ------------------------------------------------------ */

static void
load_settings (GwWindow *self)
{
  GwParams params;
  GwPreset preset = g_settings_get_enum (self->settings, "preset") == 1 ? GW_PRESET_CLASSIC : GW_PRESET_ROBUST;
  GwParams saved;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  gw_params_init (&params, preset);
  saved = params;
  saved.r2_threshold = g_settings_get_double (self->settings, "r2-threshold");
  saved.outlier_threshold = g_settings_get_double (self->settings, "outlier-threshold");
  saved.rt_tolerance = g_settings_get_double (self->settings, "rt-tolerance");
  /* Settings from an older version may not validate; the preset's
   * defaults then win. */
  if (gw_params_validate (&saved, NULL))
    params = saved;
  gw_params_panel_set_params (self->params_panel, &params);
}

static gboolean
gw_window_close_request (GtkWindow *window)
{
  GwWindow *self = GW_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (gw_window_parent_class)->close_request (window);
}

static void
gw_window_dispose (GObject *object)
{
  GwWindow *self = (GwWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  cancel_run (self);
  g_clear_handle_id (&self->rerun_source, g_source_remove);

  /* Workers may still hold the controller: make it let go of the
   * window now. */
  if (self->project != NULL)
    g_object_run_dispose (G_OBJECT (self->project));
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_WINDOW);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->file);
  g_clear_object (&self->loading_file);
  g_clear_pointer (&self->table, gw_table_unref);
  g_clear_pointer (&self->run, gw_run_unref);
  g_clear_object (&self->warnings_toast);

  G_OBJECT_CLASS (gw_window_parent_class)->dispose (object);
}

static void
gw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GwWindow *self = GW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PARAMS_REVEALED:
      /* The action muxer may ask while the template is being disposed. */
      g_value_set_boolean (value, self->flap != NULL && adw_flap_get_reveal_flap (self->flap));
      break;

    case PROP_DETAILS_REVEALED:
      g_value_set_boolean (value, self->detail_pane != NULL && gtk_widget_get_visible (GTK_WIDGET (self->detail_pane)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  GwWindow *self = GW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PARAMS_REVEALED:
      if (self->flap != NULL)
        adw_flap_set_reveal_flap (self->flap, g_value_get_boolean (value));
      break;

    case PROP_DETAILS_REVEALED:
      /* The pane is a paned's end child: hidden, the table has the whole
       * width, and every column fits down to 1024 pixels. */
      if (self->detail_pane != NULL
          && gtk_widget_get_visible (GTK_WIDGET (self->detail_pane)) != g_value_get_boolean (value))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->detail_pane), g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reveal_flap_notify_cb (GwWindow   *self,
                       GParamSpec *pspec,
                       AdwFlap    *flap)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMS_REVEALED]);
}

static void
gw_window_class_init (GwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gw_window_dispose;
  object_class->get_property = gw_window_get_property;
  object_class->set_property = gw_window_set_property;
  window_class->close_request = gw_window_close_request;

  properties[PROP_PARAMS_REVEALED] =
    g_param_spec_boolean ("params-revealed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DETAILS_REVEALED] =
    g_param_spec_boolean ("details-revealed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GW_TYPE_DETAIL_PANE);
  g_type_ensure (GW_TYPE_MODELS_VIEW);
  g_type_ensure (GW_TYPE_PARAMS_PANEL);
  g_type_ensure (GW_TYPE_PLOT_PAGE);
  g_type_ensure (GW_TYPE_RESULT_TABLE);
  g_type_ensure (GW_TYPE_RULES_VIEW);
  g_type_ensure (GW_TYPE_STATUS_SUMMARY);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ganglioside/Workbench/gw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, drop_highlight);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, params_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, run_box);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, warnings_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, warnings_label);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, run_spinner);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, params_panel);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, summary);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, result_table);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, models_view);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, plot_page);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, rules_view);
  gtk_widget_class_bind_template_callback (widget_class, params_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.rerun", NULL, rerun_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-invalid", NULL, show_invalid_action);
  gtk_widget_class_install_action (widget_class, "win.show-warnings", NULL, show_warnings_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-params", "params-revealed");
  gtk_widget_class_install_property_action (widget_class, "win.toggle-details", "details-revealed");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.rerun", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-params", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "win.toggle-details", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_ALT_MASK, "win.toggle-details", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gw_window_init (GwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->cancellable = g_cancellable_new ();
  /* The schema ID is the app ID: the .Devel profile keeps its own
   * settings (data/meson.build). */
  self->settings = g_settings_new (APP_ID);

  load_settings (self);

  g_object_bind_property (self->summary, "mask",
                          gw_result_table_get_filter (self->result_table), "status-mask",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->result_table, "notify::selected-row",
                           G_CALLBACK (selected_row_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gw_result_table_get_model (self->result_table), "selection-changed",
                           G_CALLBACK (table_selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gw_result_table_get_view (self->result_table), "activate",
                           G_CALLBACK (table_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gw_plot_page_get_view (self->plot_page), "row-activated",
                           G_CALLBACK (plot_row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (title_visible_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (reveal_flap_notify_cb), self, G_CONNECT_SWAPPED);

  /* The whole window is the drop target. */
  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (self->drop_target, "enter", G_CALLBACK (drop_enter_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "leave", G_CALLBACK (drop_leave_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->result_table));

  set_state (self, "empty");
  update_run_ui (self);

  self->project = gw_project_controller_new (GTK_WIDGET (self));
#ifdef GW_HAVE_SYNC
  self->sync = gw_sync_indicator_new (GTK_WIDGET (self));
#endif
}

GwSyncIndicator *
gw_window_get_sync_indicator (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->sync;
}

GwWindow *
gw_window_new (GtkApplication *application)
{
  return g_object_new (GW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

GFile *
gw_window_get_file (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->file != NULL ? self->file : self->loading_file;
}

gboolean
gw_window_is_empty (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);
  return self->file == NULL && !is_loading (self);
}

/* Private API for tests --------------------------------------------------- */

GwRun *
gw_window_get_run (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->run;
}

GwTable *
gw_window_get_table (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->table;
}

gboolean
gw_window_is_busy (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);
  return is_loading (self) || is_running (self) || self->rerun_source != 0
         || gw_plot_page_is_busy (self->plot_page);
}

guint
gw_window_get_n_runs (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), 0);
  return self->n_runs;
}

void
gw_window_flush_rerun (GwWindow *self)
{
  g_return_if_fail (GW_IS_WINDOW (self));

  if (self->rerun_source != 0)
    gw_window_start_analysis (self);
}

GtkDropTarget *
gw_window_get_drop_target (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->drop_target;
}

GwResultTable *
gw_window_get_result_table (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->result_table;
}

GwStatusSummary *
gw_window_get_summary (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->summary;
}

GwParamsPanel *
gw_window_get_params_panel (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->params_panel;
}

GwDetailPane *
gw_window_get_detail_pane (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->detail_pane;
}

GwPlotPage *
gw_window_get_plot_page (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->plot_page;
}

GwModelsView *
gw_window_get_models_view (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return self->models_view;
}

const char *
gw_window_get_state (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

void
gw_window_refresh_title (GwWindow *self)
{
  g_return_if_fail (GW_IS_WINDOW (self));

  update_title (self);
}

void
gw_window_show_stored_run (GwWindow *self,
                           GwRun    *run)
{
  g_return_if_fail (GW_IS_WINDOW (self));
  g_return_if_fail (run != NULL);

  /* A stored run replaces what is shown, with its own table and
   * settings; nothing is re-analysed. */
  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  cancel_run (self);
  g_clear_handle_id (&self->rerun_source, g_source_remove);

  g_clear_pointer (&self->table, gw_table_unref);
  self->table = gw_table_ref (gw_run_get_table (run));
  gw_params_panel_set_params (self->params_panel, gw_run_get_params (run));
  show_run (self, run, NULL);
  set_state (self, "results");
}

void
gw_window_set_curation (GwWindow   *self,
                        GwCuration *curation)
{
  g_return_if_fail (GW_IS_WINDOW (self));

  /* The effective statuses: table badges and filter, counts, details. */
  gw_result_table_set_curation (self->result_table, curation);
  gw_status_summary_set_curation (self->summary, curation);
  gw_detail_pane_set_curation (self->detail_pane, curation);
}

GtkWidget *
gw_window_get_warnings_button (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->warnings_button;
}

AdwToast *
gw_window_get_warnings_toast (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->warnings_toast;
}

GwProjectController *
gw_window_get_project (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->project;
}
