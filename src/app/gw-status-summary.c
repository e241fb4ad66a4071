/* gw-status-summary.c: counts per status, as filter toggles
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-status-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-format.h"
#include "gw-status-summary.h"

struct _GwStatusSummary
{
  GtkWidget        parent_instance;

  GtkBox          *box;
  GtkToggleButton *toggles[GW_N_STATUSES];
  GtkLabel        *counts[GW_N_STATUSES];

  guint            mask;
  guint            updating : 1;
};

G_DEFINE_FINAL_TYPE (GwStatusSummary, gw_status_summary, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MASK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The order analysts read them in: good, bad, explained, unknown. */
static const GwStatus status_order[GW_N_STATUSES] = {
  GW_STATUS_VALID,
  GW_STATUS_OUTLIER,
  GW_STATUS_FRAGMENT,
  GW_STATUS_ISOMER,
  GW_STATUS_INSUFFICIENT,
  GW_STATUS_INVALID,
};

static void
set_mask_internal (GwStatusSummary *self,
                   guint            mask)
{
  if (self->mask == mask)
    return;

  self->mask = mask;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MASK]);
}

static void
toggle_toggled_cb (GwStatusSummary *self,
                   GtkToggleButton *toggle)
{
  guint mask = 0;

  if (self->updating)
    return;

  for (guint s = 0; s < GW_N_STATUSES; s++)
    if (gtk_toggle_button_get_active (self->toggles[s]))
      mask |= 1u << s;

  set_mask_internal (self, mask);
}

static void
gw_status_summary_dispose (GObject *object)
{
  GwStatusSummary *self = (GwStatusSummary *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_STATUS_SUMMARY);
  /* Children the template does not bind are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gw_status_summary_parent_class)->dispose (object);
}

static void
gw_status_summary_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GwStatusSummary *self = GW_STATUS_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_MASK:
      g_value_set_uint (value, self->mask);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_status_summary_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GwStatusSummary *self = GW_STATUS_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_MASK:
      gw_status_summary_set_mask (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_status_summary_class_init (GwStatusSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_status_summary_dispose;
  object_class->get_property = gw_status_summary_get_property;
  object_class->set_property = gw_status_summary_set_property;

  properties[PROP_MASK] =
    g_param_spec_uint ("mask", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ganglioside/Workbench/gw-status-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, GwStatusSummary, box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statussummary");
}

static void
gw_status_summary_init (GwStatusSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < GW_N_STATUSES; i++)
    {
      GwStatus status = status_order[i];
      GtkWidget *toggle = gtk_toggle_button_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *label = gtk_label_new (gw_status_get_label (status));
      GtkWidget *count = gtk_label_new ("0");

      gtk_widget_add_css_class (dot, "status-dot");
      gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (count, "status-count");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (content), dot);
      gtk_box_append (GTK_BOX (content), label);
      gtk_box_append (GTK_BOX (content), count);

      gtk_button_set_child (GTK_BUTTON (toggle), content);
      gtk_widget_add_css_class (toggle, "status-toggle");
      gtk_widget_add_css_class (toggle, gw_status_get_css_class (status));
      gtk_widget_set_tooltip_text (toggle, gw_status_get_description (status));
      g_signal_connect_object (toggle, "toggled",
                               G_CALLBACK (toggle_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->box, toggle);

      self->toggles[status] = GTK_TOGGLE_BUTTON (toggle);
      self->counts[status] = GTK_LABEL (count);
    }
}

GtkWidget *
gw_status_summary_new (void)
{
  return g_object_new (GW_TYPE_STATUS_SUMMARY, NULL);
}

void
gw_status_summary_set_run (GwStatusSummary *self,
                           GwRun           *run)
{
  g_return_if_fail (GW_IS_STATUS_SUMMARY (self));

  for (guint s = 0; s < GW_N_STATUSES; s++)
    {
      guint n = run != NULL ? gw_run_get_status_count (run, s) : 0;
      g_autofree char *text = g_strdup_printf ("%u", n);

      gtk_label_set_text (self->counts[s], text);
      /* An empty status stays visible (so the strip never jumps) but
       * dimmed, unless it is the active filter. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->toggles[s]),
                                n > 0 || gtk_toggle_button_get_active (self->toggles[s]));
    }
}

guint
gw_status_summary_get_mask (GwStatusSummary *self)
{
  g_return_val_if_fail (GW_IS_STATUS_SUMMARY (self), 0);
  return self->mask;
}

void
gw_status_summary_set_mask (GwStatusSummary *self,
                            guint            mask)
{
  g_return_if_fail (GW_IS_STATUS_SUMMARY (self));

  if (self->mask == mask)
    return;

  self->updating = TRUE;
  for (guint s = 0; s < GW_N_STATUSES; s++)
    {
      gboolean active = (mask & (1u << s)) != 0;

      if (active)
        gtk_widget_set_sensitive (GTK_WIDGET (self->toggles[s]), TRUE);
      gtk_toggle_button_set_active (self->toggles[s], active);
    }
  self->updating = FALSE;

  set_mask_internal (self, mask);
}

GtkToggleButton *
gw_status_summary_get_toggle (GwStatusSummary *self,
                              GwStatus         status)
{
  g_return_val_if_fail (GW_IS_STATUS_SUMMARY (self), NULL);
  g_return_val_if_fail (status < GW_N_STATUSES, NULL);
  return self->toggles[status];
}

const char *
gw_status_summary_get_count_text (GwStatusSummary *self,
                                  GwStatus         status)
{
  g_return_val_if_fail (GW_IS_STATUS_SUMMARY (self), NULL);
  g_return_val_if_fail (status < GW_N_STATUSES, NULL);
  return gtk_label_get_text (self->counts[status]);
}
