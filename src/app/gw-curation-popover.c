/* gw-curation-popover.c: accept or reject the selected rows, with a reason
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-curation-popover"

#include "config.h"

#include "gw-curation-popover.h"

#include <glib/gi18n.h>

struct _GwCurationPopover
{
  GtkPopover  parent_instance;

  GtkLabel   *heading;
  GtkEntry   *reason;
  GtkWidget  *accept;
  GtkWidget  *reject;
  guint       n_rows;
};

G_DEFINE_FINAL_TYPE (GwCurationPopover, gw_curation_popover, GTK_TYPE_POPOVER)

enum {
  CURATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_reason (GwCurationPopover *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason))));
}

static void
update_sensitivity (GwCurationPopover *self)
{
  g_autofree char *reason = dup_reason (self);
  /* A reason is required: the audit log must say why. */
  gboolean ok = self->n_rows > 0 && *reason != '\0';

  gtk_widget_set_sensitive (self->accept, ok);
  gtk_widget_set_sensitive (self->reject, ok);
}

static void
emit_curate (GwCurationPopover *self,
             GwCurationStatus   status)
{
  g_autofree char *reason = dup_reason (self);

  if (self->n_rows == 0 || *reason == '\0')
    return;

  g_signal_emit (self, signals[CURATE], 0, (int) status, reason);
  gtk_editable_set_text (GTK_EDITABLE (self->reason), "");
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
accept_clicked_cb (GwCurationPopover *self)
{
  emit_curate (self, GW_CURATION_ACCEPTED);
}

static void
reject_clicked_cb (GwCurationPopover *self)
{
  emit_curate (self, GW_CURATION_REJECTED);
}

void
gw_curation_popover_set_n_rows (GwCurationPopover *self,
                                guint              n_rows)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GW_IS_CURATION_POPOVER (self));

  self->n_rows = n_rows;
  if (n_rows == 0)
    text = g_strdup (_("Select rows to curate"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Curate %u row", "Curate %u rows", n_rows), n_rows);
  gtk_label_set_label (self->heading, text);
  update_sensitivity (self);
}

static void
gw_curation_popover_class_init (GwCurationPopoverClass *klass)
{
  signals[CURATE] = g_signal_new ("curate", G_TYPE_FROM_CLASS (klass),
                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
}

static void
gw_curation_popover_init (GwCurationPopover *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  self->heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "heading");
  gtk_label_set_xalign (self->heading, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->heading));

  self->reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->reason, _("Reason (required)"));
  gtk_widget_set_size_request (GTK_WIDGET (self->reason), 280, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  g_signal_connect_object (self->reason, "changed", G_CALLBACK (update_sensitivity), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->reason));

  self->reject = gtk_button_new_with_mnemonic (_("_Reject"));
  gtk_widget_add_css_class (self->reject, "destructive-action");
  gtk_widget_set_hexpand (self->reject, TRUE);
  g_signal_connect_object (self->reject, "clicked", G_CALLBACK (reject_clicked_cb), self, G_CONNECT_SWAPPED);

  self->accept = gtk_button_new_with_mnemonic (_("_Accept"));
  gtk_widget_add_css_class (self->accept, "suggested-action");
  gtk_widget_set_hexpand (self->accept, TRUE);
  g_signal_connect_object (self->accept, "clicked", G_CALLBACK (accept_clicked_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (buttons), self->reject);
  gtk_box_append (GTK_BOX (buttons), self->accept);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_popover_set_child (GTK_POPOVER (self), box);
  gtk_popover_set_default_widget (GTK_POPOVER (self), self->accept);
  gw_curation_popover_set_n_rows (self, 0);
}

GtkWidget *
gw_curation_popover_new (void)
{
  return g_object_new (GW_TYPE_CURATION_POPOVER, NULL);
}
