/* gw-project-dialogs.c: the audit log and run comparison windows
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-project-dialogs"

#include "config.h"

#include "gw-project-dialogs.h"

#include <glib/gi18n.h>

#include "gw-format.h"
#include "gw-widget-util.h"

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
}

static GtkWindow *
new_window (GtkWindow   *parent,
            const char  *title,
            GtkWidget  **content)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 560);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  gtk_widget_set_margin_top (inner, 18);
  gtk_widget_set_margin_bottom (inner, 18);
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), inner);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data (G_OBJECT (window), "gw-content", inner);

  /* A secondary window closes with Escape, like GNOME's dialogs, and
   * with Ctrl+W. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape|<Control>w"),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, shortcuts);
  }

  *content = inner;
  return GTK_WINDOW (window);
}

static const char *
row_name (GwRun *run,
          guint  row)
{
  if (run == NULL || row >= gw_run_get_n_rows (run))
    return "?";
  return gw_table_get_name (gw_run_get_table (run), row);
}

GtkWindow *
gw_audit_log_window_new (GtkWindow  *parent,
                         GwRun      *run,
                         GwCuration *curation)
{
  GtkWidget *content;
  GtkWindow *window = new_window (parent, _("Audit Log"), &content);
  GPtrArray *events = gw_curation_get_events (curation);
  GtkWidget *list;

  if (events->len == 0)
    {
      GtkWidget *page = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "document-edit-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Curation Yet"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                       _("Accepted and rejected rows, with who, when and why, will be listed here."));
      gtk_box_append (GTK_BOX (content), page);
      gtk_window_present (window);
      return window;
    }

  list = gw_boxed_list_new ();
  gtk_box_append (GTK_BOX (content), list);

  /* An undo or redo names an action: describe it by its first row. */
  for (guint i = 0; i < events->len; i++)
    {
      const GwCurationEvent *ev = g_ptr_array_index (events, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = format_time (ev->created_at);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      switch (ev->kind)
        {
        case GW_CURATION_EVENT_CURATE:
          title = g_strdup_printf (ev->status == GW_CURATION_ACCEPTED ? _("Accepted line %u, %s")
                                                                       : _("Rejected line %u, %s"),
                                   run && ev->row < gw_run_get_n_rows (run)
                                     ? gw_table_get_line (gw_run_get_table (run), ev->row) : ev->row + 1,
                                   row_name (run, ev->row));
          subtitle = g_strdup_printf (_("%s · %s — “%s”"), when, ev->author, ev->reason);
          break;

        case GW_CURATION_EVENT_UNDO:
        case GW_CURATION_EVENT_REDO:
          {
            guint n = 0;
            const GwCurationEvent *first = NULL;

            for (guint j = 0; j < events->len; j++)
              {
                const GwCurationEvent *other = g_ptr_array_index (events, j);

                if (other->kind == GW_CURATION_EVENT_CURATE &&
                    g_strcmp0 (other->action_uuid, ev->target_action) == 0)
                  {
                    if (first == NULL)
                      first = other;
                    n++;
                  }
              }
            if (first != NULL && n == 1)
              title = g_strdup_printf (ev->kind == GW_CURATION_EVENT_UNDO ? _("Undid the curation of %s")
                                                                            : _("Redid the curation of %s"),
                                       row_name (run, first->row));
            else
              title = g_strdup_printf (ev->kind == GW_CURATION_EVENT_UNDO
                                         ? g_dngettext (GETTEXT_PACKAGE, "Undid the curation of %u row",
                                                        "Undid the curation of %u rows", n)
                                         : g_dngettext (GETTEXT_PACKAGE, "Redid the curation of %u row",
                                                        "Redid the curation of %u rows", n),
                                       n);
            subtitle = g_strdup_printf (_("%s · %s"), when, ev->author);
          }
          break;

        default:
          continue;
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  gtk_window_present (window);
  return window;
}

void
gw_audit_log_window_add_project_history (GtkWindow *window,
                                         GPtrArray *revisions)
{
  GtkWidget *content = g_object_get_data (G_OBJECT (window), "gw-content");
  GtkWidget *title;
  GtkWidget *list;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (content != NULL);

  if (revisions == NULL || revisions->len == 0)
    return;

  /* The large empty-state page would crowd the history out: a line says
   * the same. */
  if (ADW_IS_STATUS_PAGE (gtk_widget_get_first_child (content)))
    {
      GtkWidget *none = gtk_label_new (_("No curation of this run yet."));

      gtk_box_remove (GTK_BOX (content), gtk_widget_get_first_child (content));
      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_prepend (GTK_BOX (content), none);
    }

  title = gtk_label_new (_("Project"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (content), title);
  list = gw_boxed_list_new ();
  gtk_widget_set_name (list, "project-history");
  gtk_box_append (GTK_BOX (content), list);

  /* Each revision says what it changed from the one before; an undo or
   * redo names the edit it acted on. */
  for (guint i = 0; i < revisions->len; i++)
    {
      const GwMetadataRevision *rev = g_ptr_array_index (revisions, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = format_time (rev->created_at);
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), when, rev->author);
      g_autofree char *what = gw_metadata_revisions_describe (revisions, i);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}

/* Project properties ---------------------------------------------------- */

typedef struct
{
  GtkWindow            *window;
  GtkEditable          *name;
  GtkTextBuffer        *notes;
  AdwComboRow          *column;
  GtkWidget            *hilic;
  GtkWidget            *save_button;
  GwPropertiesSaveFunc  save;
  gpointer              user_data;
  GDestroyNotify        destroy;
} Properties;

static void
properties_free (gpointer data)
{
  Properties *p = data;

  if (p->destroy != NULL)
    p->destroy (p->user_data);
  g_free (p);
}

static void
properties_changed_cb (Properties *p)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (p->name)));

  gtk_widget_set_visible (p->hilic, adw_combo_row_get_selected (p->column) == 1);
  /* A project needs a name (it titles the window). */
  gtk_widget_set_sensitive (p->save_button, name[0] != '\0');
}

static void
properties_save_cb (Properties *p)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (p->name)));
  g_autofree char *notes = NULL;
  GtkTextIter start, end;

  if (name[0] == '\0')
    return;

  gtk_text_buffer_get_bounds (p->notes, &start, &end);
  notes = gtk_text_buffer_get_text (p->notes, &start, &end, FALSE);
  p->save (name, notes,
           adw_combo_row_get_selected (p->column) == 1 ? GW_LC_COLUMN_HILIC : GW_LC_COLUMN_REVERSED_PHASE,
           p->user_data);
  gtk_window_destroy (p->window);
}

GtkWindow *
gw_project_properties_window_new (GtkWindow            *parent,
                                  const char           *name,
                                  const char           *notes,
                                  GwLcColumn            column_type,
                                  GwPropertiesSaveFunc  save,
                                  gpointer              user_data,
                                  GDestroyNotify        destroy)
{
  Properties *p = g_new0 (Properties, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *notes_group = adw_preferences_group_new ();
  GtkWidget *name_row = adw_entry_row_new ();
  GtkWidget *column_row = adw_combo_row_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *text = gtk_text_view_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *hilic_label;
  const char * const columns[] = { N_("Reversed phase"), N_("HILIC"), NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  g_return_val_if_fail (save != NULL, NULL);

  p->window = GTK_WINDOW (window);
  p->save = save;
  p->user_data = user_data;
  p->destroy = destroy;
  g_object_set_data_full (G_OBJECT (window), "gw-properties", p, properties_free);

  gtk_window_set_title (GTK_WINDOW (window), _("Project Properties"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 520);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  p->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (p->save_button, "suggested-action");
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), p->save_button);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  g_signal_connect_swapped (p->save_button, "clicked", G_CALLBACK (properties_save_cb), p);
  gtk_box_append (GTK_BOX (box), header);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (name_row), name ? name : "");
  p->name = GTK_EDITABLE (name_row);
  g_signal_connect_swapped (name_row, "changed", G_CALLBACK (properties_changed_cb), p);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), name_row);

  for (guint i = 0; columns[i] != NULL; i++)
    gtk_string_list_append (model, _(columns[i]));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (column_row), _("LC column"));
  adw_combo_row_set_model (ADW_COMBO_ROW (column_row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (column_row), column_type == GW_LC_COLUMN_HILIC ? 1 : 0);
  p->column = ADW_COMBO_ROW (column_row);
  g_signal_connect_swapped (column_row, "notify::selected", G_CALLBACK (properties_changed_cb), p);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), column_row);

  /* The same caveat as the sidebar's, where the choice is made. */
  hilic_label = gtk_label_new (_("On HILIC columns compounds elute by head group, so RT no longer "
                                 "rises with Log P within a group and the order GP < GQ < GT < GD < GM "
                                 "does not hold. The analysis still uses its reversed-phase models: "
                                 "read its outliers and order warnings with that in mind."));
  gtk_label_set_wrap (GTK_LABEL (hilic_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hilic_label), 0);
  p->hilic = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (p->hilic), icon);
  gtk_box_append (GTK_BOX (p->hilic), hilic_label);
  gtk_widget_add_css_class (p->hilic, "hilic-warning");
  gtk_widget_set_margin_top (p->hilic, 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), p->hilic);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (notes_group), _("Notes"));
  p->notes = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text));
  gtk_text_buffer_set_text (p->notes, notes ? notes : "", -1);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (text), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (text), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (text), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (text), 6);
  gtk_widget_set_size_request (text, -1, 140);
  gtk_frame_set_child (GTK_FRAME (frame), text);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (notes_group), frame);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (notes_group));

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);

  properties_changed_cb (p);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}
