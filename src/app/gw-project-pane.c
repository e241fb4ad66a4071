/* gw-project-pane.c: the project sidebar: datasets and their runs
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-project-pane"

#include "config.h"

#include "gw-project-pane.h"

#include <glib/gi18n.h>

#include "gw-format.h"

struct _GwProjectPane
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkLabel   *title;
  GtkLabel   *subtitle;
  GtkWidget  *hilic_warning;
  GtkListBox *list;

  char       *current;
  guint       n_runs;
  gboolean    updating;
};

G_DEFINE_FINAL_TYPE (GwProjectPane, gw_project_pane, GTK_TYPE_WIDGET)

enum {
  RUN_ACTIVATED,
  COMPARE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
row_selected_cb (GwProjectPane *self,
                 GtkListBoxRow *row,
                 GtkListBox    *list)
{
  const char *id;

  if (self->updating || row == NULL)
    return;

  id = g_object_get_data (G_OBJECT (row), "run-id");
  if (id == NULL || g_strcmp0 (id, self->current) == 0)
    return;

  g_signal_emit (self, signals[RUN_ACTIVATED], 0, id);
}

static void
compare_clicked_cb (GtkButton     *button,
                    GwProjectPane *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "run-id");

  g_signal_emit (self, signals[COMPARE], 0, id);
}

static void
update_compare_buttons (GwProjectPane *self)
{
  /* Comparing needs a run on screen, and another one. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = g_object_get_data (G_OBJECT (child), "compare-button");
      const char *id = g_object_get_data (G_OBJECT (child), "run-id");

      if (button != NULL)
        gtk_widget_set_visible (button, self->current != NULL && g_strcmp0 (id, self->current) != 0);
    }
}

static GtkWidget *
make_run_row (GwProjectPane   *self,
              const GwRunInfo *info,
              const char      *title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  g_autofree char *counts = gw_format_status_counts (info->status_counts, info->n_curated);
  /* The changed parameters with the panel's labels, not the stored
   * names the CLI prints, one a line: the sidebar is narrow. */
  g_autofree char *changed = gw_format_changed_params (&info->params, "\n");
  g_autoptr(GString) subtitle = g_string_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  g_string_append (subtitle, counts);
  if (*changed != '\0')
    g_string_append_printf (subtitle, "\n%s", changed);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  /* Every changed parameter stays readable: no ellipsis. */
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  button = gtk_button_new_from_icon_name ("view-dual-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Compare with the Run Shown"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Compare with the run shown"),
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "run-id", g_strdup (info->uuid), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (compare_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  g_object_set_data_full (G_OBJECT (row), "run-id", g_strdup (info->uuid), g_free);
  g_object_set_data (G_OBJECT (row), "compare-button", button);

  return row;
}

void
gw_project_pane_set_listing (GwProjectPane          *self,
                             const GwProjectListing *listing)
{
  g_auto(GStrv) titles = NULL;
  GtkWidget *child;

  g_return_if_fail (GW_IS_PROJECT_PANE (self));
  g_return_if_fail (listing != NULL);

  /* Runs saved within the same minute, or the same second, get titles
   * that still tell them apart, as the Compare window's headings do. */
  titles = gw_format_run_titles ((const GwRunInfo * const *) listing->runs->pdata, listing->runs->len);

  self->updating = TRUE;

  gtk_label_set_label (self->title, listing->name);
  gtk_label_set_label (self->subtitle,
                       listing->column_type == GW_LC_COLUMN_HILIC ? _("HILIC column") : _("Reversed-phase column"));
  gtk_widget_set_visible (self->hilic_warning, listing->column_type == GW_LC_COLUMN_HILIC);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  self->n_runs = 0;
  for (guint d = 0; d < listing->datasets->len; d++)
    {
      GwDatasetInfo *dataset = g_ptr_array_index (listing->datasets, d);
      GtkWidget *header = gtk_label_new (dataset->name);
      GtkWidget *header_row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_set_margin_top (header, d > 0 ? 12 : 6);
      gtk_widget_set_margin_start (header, 6);
      gtk_widget_set_tooltip_text (header, dataset->sha256);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (header_row), header);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (header_row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (header_row), FALSE);
      gtk_list_box_append (self->list, header_row);

      /* Newest first under each dataset. */
      for (guint r = listing->runs->len; r > 0; r--)
        {
          GwRunInfo *info = g_ptr_array_index (listing->runs, r - 1);

          if (g_strcmp0 (info->dataset_uuid, dataset->uuid) != 0)
            continue;
          gtk_list_box_append (self->list, make_run_row (self, info, titles[r - 1]));
          self->n_runs++;
        }
    }

  self->updating = FALSE;
  gw_project_pane_set_current (self, self->current);
}

void
gw_project_pane_set_current (GwProjectPane *self,
                             const char    *run_id)
{
  g_autofree char *id = g_strdup (run_id);

  g_return_if_fail (GW_IS_PROJECT_PANE (self));

  g_free (self->current);
  self->current = g_steal_pointer (&id);

  self->updating = TRUE;
  gtk_list_box_unselect_all (self->list);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (self->current != NULL &&
        g_strcmp0 (g_object_get_data (G_OBJECT (child), "run-id"), self->current) == 0)
      gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (child));
  self->updating = FALSE;

  update_compare_buttons (self);
}

const char *
gw_project_pane_get_current (GwProjectPane *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_PANE (self), NULL);
  return self->current;
}

guint
gw_project_pane_get_n_runs (GwProjectPane *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_PANE (self), 0);
  return self->n_runs;
}

static void
gw_project_pane_dispose (GObject *object)
{
  GwProjectPane *self = GW_PROJECT_PANE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_project_pane_parent_class)->dispose (object);
}

static void
gw_project_pane_finalize (GObject *object)
{
  GwProjectPane *self = GW_PROJECT_PANE (object);

  g_free (self->current);

  G_OBJECT_CLASS (gw_project_pane_parent_class)->finalize (object);
}

static void
gw_project_pane_class_init (GwProjectPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_project_pane_dispose;
  object_class->finalize = gw_project_pane_finalize;

  signals[RUN_ACTIVATED] = g_signal_new ("run-activated", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[COMPARE] = g_signal_new ("compare", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "projectpane");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gw_project_pane_init (GwProjectPane *self)
{
  GtkWidget *scroller;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_size_request (GTK_WIDGET (self), 240, -1);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-4");
  /* The project's name, its column, the warning and the Properties
   * button's label line up with the dataset headings of the list below
   * (whose rows have their own padding). */
  gtk_widget_set_margin_start (GTK_WIDGET (self->title), 20);
  gtk_widget_set_margin_top (GTK_WIDGET (self->title), 12);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->title));

  self->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->subtitle, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "dim-label");
  gtk_widget_set_margin_start (GTK_WIDGET (self->subtitle), 20);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->subtitle), 6);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->subtitle));

  /* On HILIC columns compounds elute by head group, so the retention-time
   * models (RT rising with Log P within a group) and the order checks
   * (GP < GQ < GT < GD < GM, more sialic acids earlier, modification
   * shifts) do not hold.  The analysis is not changed, since no HILIC model
   * is specified; the analyst is told instead. */
  {
    GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
    GtkWidget *label = gtk_label_new (_("HILIC column: the retention-time models and the elution-order "
                                        "checks assume reversed phase. Treat outliers and order "
                                        "warnings with care."));

    self->hilic_warning = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_widget_set_valign (icon, GTK_ALIGN_START);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_set_name (label, "hilic-warning-text");
    gtk_box_append (GTK_BOX (self->hilic_warning), icon);
    gtk_box_append (GTK_BOX (self->hilic_warning), label);
    gtk_widget_add_css_class (self->hilic_warning, "hilic-warning");
    gtk_widget_add_css_class (self->hilic_warning, "warning");
    gtk_widget_set_margin_start (self->hilic_warning, 20);
    gtk_widget_set_margin_end (self->hilic_warning, 12);
    gtk_widget_set_margin_bottom (self->hilic_warning, 6);
    gtk_widget_set_visible (self->hilic_warning, FALSE);
    gtk_box_append (GTK_BOX (self->box), self->hilic_warning);
  }

  {
    GtkWidget *button = gtk_button_new_with_mnemonic (_("_Properties…"));

    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "project.properties");
    gtk_widget_add_css_class (button, "flat");
    gtk_widget_set_halign (button, GTK_ALIGN_START);
    /* A flat button's padding puts its label 17 px in. */
    gtk_widget_set_margin_start (button, 3);
    gtk_widget_set_margin_bottom (button, 6);
    gtk_widget_set_tooltip_text (button, _("Name, notes and column type of the project"));
    gtk_box_append (GTK_BOX (self->box), button);
  }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Datasets and runs"),
                                  -1);
  g_signal_connect_object (self->list, "row-selected", G_CALLBACK (row_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
}

GtkWidget *
gw_project_pane_new (void)
{
  return g_object_new (GW_TYPE_PROJECT_PANE, NULL);
}

/* Whether the HILIC warning is on screen (for tests). */
gboolean
gw_project_pane_shows_hilic_warning (GwProjectPane *self)
{
  g_return_val_if_fail (GW_IS_PROJECT_PANE (self), FALSE);
  return gtk_widget_get_visible (self->hilic_warning);
}
