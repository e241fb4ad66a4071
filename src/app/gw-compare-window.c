/* gw-compare-window.c: what changed from one run of a dataset to another
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-compare-window"

#include "config.h"

#include "gw-compare-window.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-change-item.h"
#include "gw-column-sorter.h"
#include "gw-format.h"
#include "gw-widget-util.h"

/* Columns of the changed-rows list; each sorts by its GwChangeSort. */
enum {
  COLUMN_LINE = GW_CHANGE_SORT_LINE,
  COLUMN_NAME = GW_CHANGE_SORT_NAME,
  COLUMN_FROM = GW_CHANGE_SORT_FROM,
  COLUMN_TO   = GW_CHANGE_SORT_TO,
  N_COLUMNS
};

struct _GwCompareWindow
{
  AdwWindow      parent_instance;

  GwRun         *run;
  GwChangeList  *changes;
  char          *title_a;
  char          *title_b;

  AdwToastOverlay *toasts;
  GtkWidget     *export_button;
  GtkColumnView *view;
  GtkWidget     *search;
  GtkLabel      *shown_label;
  GtkStack      *list_stack;
  guint          n_exporting;
};

G_DEFINE_FINAL_TYPE (GwCompareWindow, gw_compare_window, ADW_TYPE_WINDOW)

enum {
  ROW_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
new_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  return label;
}

/* A boxed list's single dimmed row, for a section with nothing to list. */
static GtkWidget *
new_placeholder_list (const char *text)
{
  GtkWidget *list = gw_boxed_list_new ();
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return list;
}

/* Run headings -------------------------------------------------------------- */

/* The runs as the sidebar titles them (gw_format_run_titles()): two runs
 * the sidebar would title alike (an analyst re-running within the
 * minute) get their seconds, and failing that the start of their
 * identifier, so the headings always tell them apart. */
static void
make_titles (const GwRunInfo  *a,
             const GwRunInfo  *b,
             const char       *id_a,
             const char       *id_b,
             char            **title_a,
             char            **title_b)
{
  const GwRunInfo *runs[2] = { a, b };
  g_auto(GStrv) titles = NULL;

  if (a == NULL || b == NULL)
    {
      *title_a = a ? gw_format_run_title (a->params.preset, a->saved_at, FALSE) : g_strndup (id_a, 8);
      *title_b = b ? gw_format_run_title (b->params.preset, b->saved_at, FALSE) : g_strndup (id_b, 8);
      return;
    }

  titles = gw_format_run_titles (runs, 2);
  *title_a = g_steal_pointer (&titles[0]);
  *title_b = g_steal_pointer (&titles[1]);
}

static GtkWidget *
new_run_card (const char      *caption,
              const char      *title,
              const GwRunInfo *info,
              const char      *name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (caption);
  GtkWidget *list = gw_boxed_list_new ();
  GtkWidget *row = adw_action_row_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (info != NULL)
    {
      g_autofree char *counts = gw_format_status_counts (info->status_counts, info->n_curated);

      /* One line, whatever the width, so the cards keep their height
       * and the list its room; the tooltip has it all. */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), counts);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
      gtk_widget_set_tooltip_text (row, counts);
    }
  gtk_widget_set_name (row, name);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  /* As high as the other card, without asking the window for more
   * room: the card stops the list's expansion from propagating. */
  gtk_widget_set_vexpand (list, TRUE);
  gtk_widget_set_vexpand (box, FALSE);
  gtk_box_append (GTK_BOX (box), list);
  gtk_widget_set_hexpand (box, TRUE);
  return box;
}

/* The changed rows ----------------------------------------------------------- */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  switch (column)
    {
    case COLUMN_LINE:
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_add_css_class (label, "dim-label");
      break;

    case COLUMN_NAME:
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
      break;

    default:
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      /* Bound again on every scroll (gw-widget-util.h). */
      gw_widget_use_deferred_tooltip (label);
      break;
    }
  gtk_list_item_set_child (list_item, label);
}

/* A status as the results table shows it: a coloured badge with its
 * name, or the analyst's override, outlined. */
static void
set_badge (GtkWidget *label,
           guint      effective)
{
  const char *classes[4] = { "status-badge", NULL, NULL, NULL };

  if (effective == GW_EFFECTIVE_ACCEPTED || effective == GW_EFFECTIVE_REJECTED)
    {
      classes[1] = "curated";
      classes[2] = effective == GW_EFFECTIVE_ACCEPTED ? "curated-accepted" : "curated-rejected";
      gw_widget_set_deferred_tooltip_static (label, _("Curated by an analyst"));
    }
  else
    {
      classes[1] = gw_status_get_css_class (effective);
      gw_widget_set_deferred_tooltip_static (label, gw_status_get_description (effective));
    }
  gtk_label_set_text (GTK_LABEL (label), gw_effective_get_label (effective));
  gtk_widget_set_css_classes (label, classes);
}

static void
update_cell (GwCompareWindow *self,
             GtkListItem     *list_item)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list_item), "gw-column")) - 1;
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const GwRowChange *change = gw_change_item_get_change (gtk_list_item_get_item (list_item));
  gboolean known = self->run != NULL && change->row < gw_run_get_n_rows (self->run);

  switch (column)
    {
    case COLUMN_LINE:
      {
        char buf[16];

        g_snprintf (buf, sizeof buf, "%u",
                    known ? gw_table_get_line (gw_run_get_table (self->run), change->row) : change->row + 1);
        gtk_label_set_text (GTK_LABEL (label), buf);
      }
      break;

    case COLUMN_NAME:
      gtk_label_set_text (GTK_LABEL (label),
                          known ? gw_table_get_name (gw_run_get_table (self->run), change->row) : "?");
      break;

    case COLUMN_FROM:
      set_badge (label, gw_row_change_get_from (change));
      break;

    case COLUMN_TO:
    default:
      set_badge (label, gw_row_change_get_to (change));
      break;
    }
}

/* The item took another row (a new order or filter): show that one. */
static void
item_changed_cb (GtkListItem  *list_item,
                 GwChangeItem *item)
{
  GwCompareWindow *self = g_object_get_data (G_OBJECT (list_item), "gw-compare-window");

  if (self != NULL && gtk_list_item_get_item (list_item) == (gpointer) item)
    update_cell (self, list_item);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GwCompareWindow *self = g_object_get_data (G_OBJECT (factory), "gw-compare-window");
  gulong id;

  g_object_set_data (G_OBJECT (list_item), "gw-compare-window", self);
  g_object_set_data (G_OBJECT (list_item), "gw-column", GUINT_TO_POINTER (GPOINTER_TO_UINT (user_data) + 1));
  update_cell (self, list_item);
  id = g_signal_connect_object (gtk_list_item_get_item (list_item), "changed",
                                G_CALLBACK (item_changed_cb), list_item, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (list_item), "gw-changed-id", GSIZE_TO_POINTER ((gsize) id));
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  gulong id = (gulong) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "gw-changed-id"));
  gpointer item = gtk_list_item_get_item (list_item);

  if (id != 0 && item != NULL)
    g_signal_handler_disconnect (item, id);
  g_object_set_data (G_OBJECT (list_item), "gw-changed-id", NULL);
}

/* After a new order or filter the list starts from its top, with no
 * row selected: the positions now hold other rows. */
static void
reset_view (GwCompareWindow *self)
{
  GtkAdjustment *vadj;

  if (self->view == NULL)
    return;
  gtk_selection_model_unselect_all (gtk_column_view_get_model (self->view));
  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));
  if (vadj != NULL)
    gtk_adjustment_set_value (vadj, gtk_adjustment_get_lower (vadj));
}

static void
view_sorter_changed_cb (GwCompareWindow *self,
                        GtkSorterChange  change,
                        GtkSorter       *sorter)
{
  guint column;
  gboolean descending;

  if (gw_column_sorter_probe (sorter, &column, &descending) && column < N_COLUMNS)
    gw_change_list_set_sort (self->changes, column, descending);
  else
    gw_change_list_set_sort (self->changes, GW_CHANGE_SORT_LINE, FALSE);
  reset_view (self);
}

static void
view_activate_cb (GwCompareWindow *self,
                  guint            position,
                  GtkColumnView   *view)
{
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->changes)))
    return;
  g_signal_emit (self, signals[ROW_ACTIVATED], 0, gw_change_list_get_change (self->changes, position)->row);
}

static void
update_shown (GwCompareWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->changes));
  guint total = gw_change_list_get_n_changes (self->changes);

  if (self->shown_label != NULL)
    {
      g_autofree char *n = gw_format_count (shown);
      g_autofree char *of = gw_format_count (total);
      g_autofree char *text = shown == total ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", shown), n)
                                             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s row", "%s of %s rows", total), n, of);

      gtk_label_set_text (self->shown_label, text);
    }
  if (self->list_stack != NULL)
    gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "empty");
  if (self->export_button != NULL)
    gtk_widget_set_sensitive (self->export_button, shown > 0);
}

static void
search_changed_cb (GwCompareWindow *self,
                   GtkSearchEntry  *entry)
{
  gw_change_list_set_search (self->changes, gtk_editable_get_text (GTK_EDITABLE (entry)));
  reset_view (self);
}

/* Escape in the search clears it first, then closes the window as
 * everywhere else in it. */
static void
stop_search_cb (GwCompareWindow *self,
                GtkSearchEntry  *entry)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
transition_toggled_cb (GtkToggleButton *button,
                       GwCompareWindow *self)
{
  if (gtk_toggle_button_get_active (button))
    {
      gw_change_list_set_transition (self->changes,
                                     GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "gw-transition")) - 1);
      reset_view (self);
    }
}

static GtkWidget *
new_transition_button (GwCompareWindow *self,
                       const char      *text,
                       guint            count,
                       int              index,
                       GtkToggleButton *group)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);
  g_autofree char *n = gw_format_count (count);
  GtkWidget *number = gtk_label_new (n);
  g_autofree char *accessible = g_strdup_printf (_("%s: %s"), text, n);

  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_add_css_class (number, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), number);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "gw-label", g_steal_pointer (&accessible), g_free);
  g_object_set_data (G_OBJECT (button), "gw-transition", GINT_TO_POINTER (index + 1));
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
  g_signal_connect (button, "toggled", G_CALLBACK (transition_toggled_cb), self);
  return button;
}

static GtkWidget *
new_transitions (GwCompareWindow *self)
{
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *all;
  guint n = gw_change_list_get_n_transitions (self->changes);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), FALSE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_widget_set_name (flow, "transitions");

  all = new_transition_button (self, _("All changes"), gw_change_list_get_n_changes (self->changes), -1, NULL);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (all), TRUE);
  gtk_flow_box_append (GTK_FLOW_BOX (flow), all);

  for (guint i = 0; i < n; i++)
    {
      guint from, to, count;
      g_autofree char *text = NULL;

      gw_change_list_get_transition (self->changes, i, &from, &to, &count);
      text = gw_effective_format_transition (from, to);
      gtk_flow_box_append (GTK_FLOW_BOX (flow),
                           new_transition_button (self, text, count, (int) i, GTK_TOGGLE_BUTTON (all)));
    }

  /* The buttons are the focusable things, not the flow box's children. */
  for (GtkWidget *child = gtk_widget_get_first_child (flow); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  return flow;
}

static GtkWidget *
new_change_view (GwCompareWindow *self)
{
  static const char *titles[N_COLUMNS] = { N_("Line"), N_("Name"), N_("From"), N_("To") };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *hint;
  g_autoptr(GtkSelectionModel) selection = NULL;

  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text", _("Filter by name"), NULL);
  gtk_widget_set_hexpand (self->search, TRUE);
  gtk_widget_set_name (self->search, "change-search");
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search, "stop-search", G_CALLBACK (stop_search_cb), self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (self->search), GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (bar), self->search);

  self->shown_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->shown_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->shown_label), "numeric");
  gtk_widget_set_name (GTK_WIDGET (self->shown_label), "shown-count");
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->shown_label));
  gtk_box_append (GTK_BOX (box), bar);

  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->changes))));
  /* Nothing selected until the user picks a row: a new selection model
   * has already selected the first one. */
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (selection), TRUE);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection), GTK_INVALID_LIST_POSITION);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (g_object_ref (selection)));
  gtk_widget_set_name (GTK_WIDGET (self->view), "row-changes");
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Rows whose status changed"), -1);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkSorter) sorter = gw_column_sorter_new (c);
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "gw-compare-window", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(titles[c]), factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, c == COLUMN_NAME);
      if (c == COLUMN_LINE)
        gtk_column_view_column_set_fixed_width (column, 72);
      else if (c != COLUMN_NAME)
        gtk_column_view_column_set_fixed_width (column, 130);
      gtk_column_view_append_column (self->view, column);
    }
  g_signal_connect_object (gtk_column_view_get_sorter (self->view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "activate", G_CALLBACK (view_activate_cb), self, G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_set_overflow (scroller, GTK_OVERFLOW_HIDDEN);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Matching Rows"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("No changed row has a name containing the text searched for."));
  /* In the list's own card and small enough for the list's least
   * height, so a search without a match keeps the window's layout
   * (style.css, .list-placeholder). */
  gtk_widget_set_name (empty, "no-matching-rows");
  gtk_widget_add_css_class (empty, "compact");
  gtk_widget_add_css_class (empty, "list-placeholder");
  gtk_widget_add_css_class (empty, "card");
  gtk_widget_set_overflow (empty, GTK_OVERFLOW_HIDDEN);

  self->list_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->list_stack, scroller, "list");
  gtk_stack_add_named (self->list_stack, empty, "empty");
  gtk_widget_set_vexpand (GTK_WIDGET (self->list_stack), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->list_stack), -1, 200);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list_stack));

  hint = gtk_label_new (_("Double-click a row or press Enter to show it in the results table."));
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_box_append (GTK_BOX (box), hint);

  g_signal_connect_object (self->changes, "items-changed", G_CALLBACK (update_shown), self, G_CONNECT_SWAPPED);
  update_shown (self);
  gtk_widget_set_vexpand (box, TRUE);
  return box;
}

/* Export ------------------------------------------------------------------ */

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwCompareWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *title = NULL;

  self->n_exporting--;
  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    title = g_strdup_printf (_("Could not export “%s”: %s"), name, error->message);
  else
    title = g_strdup_printf (_("Exported “%s”"), name);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (title));
}

void
gw_compare_window_export_to (GwCompareWindow *self,
                             GFile           *file)
{
  g_autofree char *csv = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (GW_IS_COMPARE_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  csv = gw_change_list_to_csv (self->changes, self->title_a, self->title_b);
  bytes = g_bytes_new_take (csv, strlen (csv));
  csv = NULL;
  self->n_exporting++;
  /* Written beside the target and renamed over it: a failed export
   * leaves an existing file as it was. */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_done_cb, g_object_ref (self));
}

gboolean
gw_compare_window_is_busy (GwCompareWindow *self)
{
  g_return_val_if_fail (GW_IS_COMPARE_WINDOW (self), FALSE);
  return self->n_exporting > 0;
}

static void
save_response_cb (GwCompareWindow      *self,
                  int                   response,
                  GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        gw_compare_window_export_to (self, file);
    }
  g_object_unref (native);
}

static void
export_clicked_cb (GwCompareWindow *self)
{
  GtkFileChooserNative *native = gtk_file_chooser_native_new (_("Export Changed Rows"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE,
                                                              _("_Export"), _("_Cancel"));
  const char *stem = self->run ? gw_table_get_display_name (gw_run_get_table (self->run)) : NULL;
  g_autofree char *base = g_strdup (stem != NULL ? stem : "runs");
  g_autofree char *name = NULL;
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strdup_printf ("%s-changes.csv", base);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (save_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Building ------------------------------------------------------------------- */

/* The settings that differ, folded into one row when there are many so
 * the changed rows keep most of the window. */
static GtkWidget *
new_settings_list (GwRunComparison *comparison)
{
  GtkWidget *list;
  GtkWidget *expander;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *subtitle = NULL;
  guint n = comparison->params->len;

  if (n == 0)
    {
      list = new_placeholder_list (_("Same preset, parameters and version"));
      gtk_widget_set_name (list, "parameter-changes");
      return list;
    }

  list = gw_boxed_list_new ();
  gtk_widget_set_name (list, "parameter-changes");
  expander = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Settings"));
  for (guint i = 0; i < n; i++)
    {
      const GwParamChange *change = g_ptr_array_index (comparison->params, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *value_a = gw_param_format_value (change->name, change->value_a);
      g_autofree char *value_b = gw_param_format_value (change->name, change->value_b);
      g_autofree char *values = g_strdup_printf (_("%s → %s"), value_a, value_b);
      GtkWidget *values_label = gtk_label_new (values);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gw_param_get_label (change->name));
      /* Values on the right, as in a settings list, in figures that
       * line up. */
      gtk_widget_add_css_class (values_label, "numeric");
      gtk_label_set_xalign (GTK_LABEL (values_label), 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), values_label);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      g_string_append_printf (names, "%s%s", names->len ? ", " : "", gw_param_get_label (change->name));
    }
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u differs: %s", "%u differ: %s", n), n, names->str);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), n <= 3);
  gtk_list_box_append (GTK_LIST_BOX (list), expander);
  return list;
}

GtkWindow *
gw_compare_window_new (GtkWindow       *parent,
                       GwRun           *run,
                       const GwRunInfo *info_a,
                       const GwRunInfo *info_b,
                       GwRunComparison *comparison)
{
  GwCompareWindow *self;
  GtkWidget *content;
  GtkWidget *top;
  GtkWidget *top_scroller;
  GtkWidget *runs;
  g_autofree char *n_changed = NULL;
  g_autofree char *n_rows = NULL;
  g_autofree char *rows_title = NULL;

  g_return_val_if_fail (comparison != NULL, NULL);

  self = g_object_new (GW_TYPE_COMPARE_WINDOW, "transient-for", parent, NULL);
  self->run = run ? gw_run_ref (run) : NULL;
  self->changes = gw_change_list_new (run, comparison->rows);
  make_titles (info_a, info_b, comparison->run_a, comparison->run_b, &self->title_a, &self->title_b);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_toast_overlay_set_child (self->toasts, content);

  /* What the window compares, as the sidebar names the runs. */
  top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  /* Both runs get the same width, whichever has more statuses; the
   * captions say which way the comparison goes. */
  runs = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (runs), TRUE);
  gtk_box_append (GTK_BOX (runs), new_run_card (_("From"), self->title_a, info_a, "run-a"));
  gtk_box_append (GTK_BOX (runs), new_run_card (_("To, the run shown"), self->title_b, info_b, "run-b"));
  gtk_box_append (GTK_BOX (top), runs);

  /* Two runs that differ in nothing: one clear statement instead of two
   * empty sections. */
  if (comparison->params->len == 0 && comparison->rows->len == 0)
    {
      GtkWidget *page = adw_status_page_new ();
      g_autofree char *description =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Both runs used the same preset, parameters and version, "
                                      "and their %u row has the same status.",
                                      "Both runs used the same preset, parameters and version, "
                                      "and all %u rows have the same status.",
                                      comparison->n_rows),
                         comparison->n_rows);

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "object-select-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Differences"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
      gtk_widget_set_name (page, "no-differences");
      gtk_widget_set_vexpand (page, TRUE);
      gtk_box_append (GTK_BOX (content), top);
      gtk_box_append (GTK_BOX (content), page);
      gtk_widget_set_visible (self->export_button, FALSE);
      gtk_window_present (GTK_WINDOW (self));
      return GTK_WINDOW (self);
    }

  gtk_box_append (GTK_BOX (top), new_settings_list (comparison));

  /* The settings scroll on their own when there are many, so the
   * changed rows keep most of the window. */
  top_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (top_scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (top_scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (top_scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (top_scroller), top);
  gtk_widget_set_vexpand (top_scroller, FALSE);
  gtk_box_append (GTK_BOX (content), top_scroller);

  n_changed = gw_format_count (comparison->rows->len);
  n_rows = gw_format_count (comparison->n_rows);
  rows_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s row changed status",
                                             "%s of %s rows changed status", comparison->n_rows),
                                n_changed, n_rows);
  {
    GtkWidget *heading = new_heading (rows_title);

    gtk_widget_set_name (heading, "rows-heading");
    gtk_box_append (GTK_BOX (content), heading);
  }

  if (comparison->rows->len == 0)
    {
      GtkWidget *list = new_placeholder_list (_("Every row has the same status in both runs"));

      gtk_widget_set_name (list, "row-changes");
      gtk_widget_set_valign (list, GTK_ALIGN_START);
      gtk_widget_set_vexpand (list, TRUE);
      gtk_box_append (GTK_BOX (content), list);
      gtk_widget_set_visible (self->export_button, FALSE);
    }
  else
    {
      gtk_box_append (GTK_BOX (content), new_transitions (self));
      gtk_box_append (GTK_BOX (content), new_change_view (self));
    }

  gtk_window_present (GTK_WINDOW (self));
  return GTK_WINDOW (self);
}

GwChangeList *
gw_compare_window_get_changes (GwCompareWindow *self)
{
  g_return_val_if_fail (GW_IS_COMPARE_WINDOW (self), NULL);
  return self->changes;
}

const char *
gw_compare_window_get_title_a (GwCompareWindow *self)
{
  g_return_val_if_fail (GW_IS_COMPARE_WINDOW (self), NULL);
  return self->title_a;
}

const char *
gw_compare_window_get_title_b (GwCompareWindow *self)
{
  g_return_val_if_fail (GW_IS_COMPARE_WINDOW (self), NULL);
  return self->title_b;
}

/* GObject ---------------------------------------------------------------- */

static void
gw_compare_window_dispose (GObject *object)
{
  GwCompareWindow *self = GW_COMPARE_WINDOW (object);

  if (self->changes != NULL)
    g_signal_handlers_disconnect_by_data (self->changes, self);
  self->shown_label = NULL;
  self->list_stack = NULL;
  self->search = NULL;
  self->view = NULL;
  self->export_button = NULL;

  G_OBJECT_CLASS (gw_compare_window_parent_class)->dispose (object);
}

static void
gw_compare_window_finalize (GObject *object)
{
  GwCompareWindow *self = GW_COMPARE_WINDOW (object);

  g_clear_pointer (&self->run, gw_run_unref);
  g_clear_object (&self->changes);
  g_free (self->title_a);
  g_free (self->title_b);

  G_OBJECT_CLASS (gw_compare_window_parent_class)->finalize (object);
}

static void
gw_compare_window_class_init (GwCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_compare_window_dispose;
  object_class->finalize = gw_compare_window_finalize;

  signals[ROW_ACTIVATED] = g_signal_new ("row-activated", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_UINT);
}

static gboolean
focus_search_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  GwCompareWindow *self = GW_COMPARE_WINDOW (widget);

  if (self->search == NULL)
    return FALSE;
  gtk_widget_grab_focus (self->search);
  return TRUE;
}

static void
gw_compare_window_init (GwCompareWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Compare Runs"));
  gtk_window_set_default_size (GTK_WINDOW (self), 880, 760);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  self->export_button = gtk_button_new_from_icon_name ("document-save-as-symbolic");
  gtk_widget_set_tooltip_text (self->export_button, _("Export Changed Rows as CSV…"));
  gtk_widget_set_name (self->export_button, "export-changes");
  g_signal_connect_object (self->export_button, "clicked", G_CALLBACK (export_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->export_button);
  gtk_box_append (GTK_BOX (box), header);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);

  /* A secondary window closes with Escape, like GNOME's dialogs, and
   * with Ctrl+W; Ctrl+F goes to the search. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape|<Control>w"),
                                                          gtk_named_action_new ("window.close")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>f"),
                                                          gtk_callback_action_new (focus_search_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}
