/* gw-plot-page.c: the Plot page: a plot with its kind, groups and export
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built in code rather than from a template: it is a toolbar and the plot
 * view, and the groups list is made per run anyway.
 */

#define G_LOG_DOMAIN "gw-plot-page"

#include "config.h"

#include <stdio.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-plot-export.h"
#include "gw-plot-page.h"
#include "gw-tasks.h"

struct _GwPlotPage
{
  GtkWidget       parent_instance;

  GwRun          *run;
  GtkWidget      *box;
  GtkDropDown    *kind_dropdown;
  GtkMenuButton  *groups_button;
  GtkListBox     *groups_list;
  GwPlotView     *view;
  GPtrArray      *group_checks;   /* GtkCheckButton, by group */
  gboolean        syncing;
  GtkFileChooserNative *chooser;
  GCancellable   *data_cancellable;   /* plot data being built for run */
};

/* Building the plot data of a run walks every row: a few milliseconds for
 * a real sample, hundreds for a million rows.  Above this size it is
 * built on a worker, and the old plot stays until it is ready. */
#define SYNC_MAX_ROWS 20000

G_DEFINE_FINAL_TYPE (GwPlotPage, gw_plot_page, GTK_TYPE_WIDGET)

static const char * const kind_labels[] = {
  N_("RT vs Log P"),
  N_("Residuals"),
  N_("Calls per Category"),
  N_("Observed vs Predicted"),
  NULL
};

static void
sync_group_checks (GwPlotPage *self)
{
  self->syncing = TRUE;
  for (guint g = 0; g < self->group_checks->len; g++)
    gtk_check_button_set_active (g_ptr_array_index (self->group_checks, g),
                                 gw_plot_view_get_group_visible (self->view, g));
  self->syncing = FALSE;
}

static void
group_toggled_cb (GwPlotPage     *self,
                  GtkCheckButton *check)
{
  guint group = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "group"));

  if (self->syncing)
    return;
  gw_plot_view_set_group_visible (self->view, group, gtk_check_button_get_active (check));
}

static void
groups_changed_cb (GwPlotPage *self)
{
  sync_group_checks (self);
}

static void
show_all_cb (GwPlotPage *self)
{
  gw_plot_view_set_all_groups_visible (self->view, TRUE);
}

static void
hide_all_cb (GwPlotPage *self)
{
  gw_plot_view_set_all_groups_visible (self->view, FALSE);
}

static void
rebuild_groups (GwPlotPage *self)
{
  GwPlotData *data = gw_plot_view_get_data (self->view);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_list))) != NULL)
    gtk_list_box_remove (self->groups_list, child);
  g_ptr_array_set_size (self->group_checks, 0);

  if (data == NULL)
    return;

  for (guint g = 0; g < gw_plot_data_get_n_groups (data); g++)
    {
      const GwPlotGroup *group = gw_plot_data_get_group (data, g);
      g_autofree char *label = g_strdup_printf ("%s (%u)", group->name, group->n_points);
      GtkWidget *check = gtk_check_button_new_with_label (label);

      if (group->equation != NULL)
        gtk_widget_set_tooltip_text (check, group->equation);
      g_object_set_data (G_OBJECT (check), "group", GUINT_TO_POINTER (g));
      g_signal_connect_object (check, "toggled", G_CALLBACK (group_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->groups_list, check);
      g_ptr_array_add (self->group_checks, check);
    }
  sync_group_checks (self);
}

static void
kind_selected_cb (GwPlotPage *self)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  if (kind < GW_N_PLOT_KINDS)
    gw_plot_view_set_kind (self->view, kind);
}

/* ------------------------------------------------------------------ */
/* Export */

static void
export_response_cb (GwPlotPage           *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *with_ext = NULL;
  g_autoptr(GError) error = NULL;
  const char *format, *size, *dpi;
  double width = 800, height = 600;
  GwPlotFormat ignored;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    goto out;

  format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format");
  size = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "size");
  dpi = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "dpi");
  if (format == NULL)
    format = "png";
  if (size != NULL && sscanf (size, "%lfx%lf", &width, &height) != 2)
    width = 800, height = 600;

  /* The chosen format wins over a missing or unknown extension. */
  if (!gw_plot_format_from_filename (path, &ignored))
    with_ext = g_strconcat (path, ".", format, NULL);

  if (!gw_plot_view_export (self->view, with_ext ? with_ext : path, width, height,
                            dpi != NULL ? g_ascii_strtod (dpi, NULL) : 300.0, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("Could Not Export the Plot"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }

out:
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GwPlotPage *self = GW_PLOT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  static const char *format_ids[] = { "png", "svg", "pdf", NULL };
  static const char *format_labels[] = { "PNG", "SVG", "PDF", NULL };
  static const char *size_ids[] = { "800x600", "1200x900", "1600x1200", "600x450", NULL };
  static const char *size_labels[] = { "800 × 600", "1200 × 900", "1600 × 1200", "600 × 450", NULL };
  static const char *dpi_ids[] = { "300", "150", "600", "96", NULL };
  static const char *dpi_labels[] = { "300 dpi", "150 dpi", "600 dpi", "96 dpi", NULL };
  g_autofree char *name = NULL;

  if (gw_plot_view_get_data (self->view) == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export Plot"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "format", _("Format"),
                               format_ids, format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "format", "png");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "size", _("Size"),
                               size_ids, size_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "size", "800x600");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "dpi", _("PNG Resolution"),
                               dpi_ids, dpi_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "dpi", "300");
  name = g_strdup_printf ("%s.png", gw_plot_kind_to_string (gw_plot_view_get_kind (self->view)));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (export_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gw_plot_view_reset_zoom (GW_PLOT_PAGE (widget)->view);
}

/* ------------------------------------------------------------------ */

static void
gw_plot_page_dispose (GObject *object)
{
  GwPlotPage *self = GW_PLOT_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->data_cancellable != NULL)
    g_cancellable_cancel (self->data_cancellable);
  g_clear_object (&self->data_cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->run, gw_run_unref);
  g_clear_pointer (&self->group_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (gw_plot_page_parent_class)->dispose (object);
}

static void
gw_plot_page_class_init (GwPlotPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_plot_page_dispose;

  gtk_widget_class_install_action (widget_class, "plot-page.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "plot-page.reset-zoom", NULL, reset_zoom_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plotpage");

  g_type_ensure (GW_TYPE_PLOT_VIEW);
}

static void
gw_plot_page_init (GwPlotPage *self)
{
  GtkWidget *toolbar, *popover, *popbox, *buttons, *button, *scrolled;
  GtkStringList *kinds = gtk_string_list_new (NULL);

  self->group_checks = g_ptr_array_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (toolbar, "toolbar");
  gtk_box_append (GTK_BOX (self->box), toolbar);

  for (guint i = 0; kind_labels[i] != NULL; i++)
    gtk_string_list_append (kinds, _(kind_labels[i]));
  self->kind_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (kinds), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_dropdown), _("Plot"));
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->kind_dropdown));

  /* Groups: a check per group, plus all/none. */
  popbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  button = gtk_button_new_with_mnemonic (_("Show _All"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (show_all_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_mnemonic (_("_Hide All"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (hide_all_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (popbox), buttons);
  self->groups_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->groups_list, GTK_SELECTION_NONE);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->groups_list));
  gtk_box_append (GTK_BOX (popbox), scrolled);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), popbox);
  self->groups_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_label (self->groups_button, _("Groups"));
  gtk_menu_button_set_popover (self->groups_button, popover);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->groups_button), _("Groups to Plot"));
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->groups_button));

  button = gtk_button_new_from_icon_name ("zoom-original-symbolic");
  gtk_widget_set_tooltip_text (button, _("Reset Zoom (Home or double-click)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "plot-page.reset-zoom");
  gtk_box_append (GTK_BOX (toolbar), button);

  {
    /* A terse hint fits the toolbar in longer languages too (German at
     * the default window size); the tooltip says it in full. */
    GtkWidget *hint = gtk_label_new (_("Drag: pan · Shift-drag: zoom to box · Scroll: zoom"));

    gtk_widget_set_tooltip_text (hint, _("Drag to move the plot. Hold Shift and drag a box to zoom "
                                         "into it. Scroll to zoom in and out. Home or a double-click "
                                         "resets the zoom."));
    gtk_widget_add_css_class (hint, "dim-label");
    gtk_widget_set_hexpand (hint, TRUE);
    gtk_label_set_ellipsize (GTK_LABEL (hint), PANGO_ELLIPSIZE_END);
    gtk_box_append (GTK_BOX (toolbar), hint);
  }

  button = gtk_button_new_from_icon_name ("document-save-symbolic");
  gtk_widget_set_tooltip_text (button, _("Export Plot…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "plot-page.export");
  gtk_box_append (GTK_BOX (toolbar), button);

  self->view = GW_PLOT_VIEW (gw_plot_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->view), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->view), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->view));

  g_signal_connect_object (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "groups-changed", G_CALLBACK (groups_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot-page.export", FALSE);
}

GtkWidget *
gw_plot_page_new (void)
{
  return g_object_new (GW_TYPE_PLOT_PAGE, NULL);
}

static void
show_data (GwPlotPage *self,
           GwPlotData *data)
{
  GwPlotData *old = gw_plot_view_get_data (self->view);

  /* A million points' data is tens of megabytes to free: not here. */
  if (old != NULL && old != data)
    gw_release_in_thread (gw_plot_data_ref (old), (GDestroyNotify) gw_plot_data_unref);
  gw_plot_view_set_data (self->view, data);
  rebuild_groups (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot-page.export", data != NULL);
}

static void
build_data_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_task_return_pointer (task, gw_plot_data_new_from_run (task_data),
                         (GDestroyNotify) gw_plot_data_unref);
}

static void
build_data_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GwPlotPage) self = user_data;
  g_autoptr(GwPlotData) data = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Superseded (a newer run, or the page went away): drop it. */
  if (g_task_get_cancellable (G_TASK (result)) != self->data_cancellable)
    return;

  g_clear_object (&self->data_cancellable);
  show_data (self, data);
}

static void
cancel_build (GwPlotPage *self)
{
  if (self->data_cancellable != NULL)
    {
      g_cancellable_cancel (self->data_cancellable);
      g_clear_object (&self->data_cancellable);
    }
}

/**
 * gw_plot_page_set_run_with_data:
 * @run: (nullable): the run to plot; NULL clears
 * @data: (nullable): @run's plot data when the caller already built it
 *   (on a worker); NULL builds it, on a worker for a large run
 */
void
gw_plot_page_set_run_with_data (GwPlotPage *self,
                                GwRun      *run,
                                GwPlotData *data)
{
  g_return_if_fail (GW_IS_PLOT_PAGE (self));

  if (self->run == run && (data == NULL || data == gw_plot_view_get_data (self->view)))
    return;

  cancel_build (self);
  g_clear_pointer (&self->run, gw_run_unref);
  if (run == NULL)
    {
      show_data (self, NULL);
      return;
    }

  self->run = gw_run_ref (run);
  if (data != NULL)
    show_data (self, data);
  else if (gw_run_get_n_rows (run) <= SYNC_MAX_ROWS)
    {
      g_autoptr(GwPlotData) built = gw_plot_data_new_from_run (run);

      show_data (self, built);
    }
  else
    {
      g_autoptr(GTask) task = NULL;

      self->data_cancellable = g_cancellable_new ();
      /* Not the task's source object: GLib may drop a task's last
       * reference in its worker thread, and a widget must not be
       * finalized there.  The callback drops this one. */
      task = g_task_new (NULL, self->data_cancellable, build_data_cb, g_object_ref (self));
      g_task_set_source_tag (task, gw_plot_page_set_run_with_data);
      g_task_set_task_data (task, gw_run_ref (run), (GDestroyNotify) gw_run_unref);
      g_task_run_in_thread (task, build_data_worker);
    }
}

void
gw_plot_page_set_run (GwPlotPage *self,
                      GwRun      *run)
{
  gw_plot_page_set_run_with_data (self, run, NULL);
}

gboolean
gw_plot_page_is_busy (GwPlotPage *self)
{
  g_return_val_if_fail (GW_IS_PLOT_PAGE (self), FALSE);
  return self->data_cancellable != NULL;
}

GwRun *
gw_plot_page_get_run (GwPlotPage *self)
{
  g_return_val_if_fail (GW_IS_PLOT_PAGE (self), NULL);
  return self->run;
}

GwPlotView *
gw_plot_page_get_view (GwPlotPage *self)
{
  g_return_val_if_fail (GW_IS_PLOT_PAGE (self), NULL);
  return self->view;
}
