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
#include "gw-view-order.h"

struct _GwStatusSummary
{
  GtkWidget        parent_instance;

  GtkBox          *box;
  /* One per effective category: the engine's statuses, then the
   * analyst's Accepted and Rejected (gw-view-order.h). */
  GtkToggleButton *toggles[GW_VIEW_N_CATEGORIES];
  GtkLabel        *counts[GW_VIEW_N_CATEGORIES];

  GwRun           *run;
  GwCuration      *curation;

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

  for (guint s = 0; s < GW_VIEW_N_CATEGORIES; s++)
    if (gtk_toggle_button_get_active (self->toggles[s]))
      mask |= 1u << s;

  set_mask_internal (self, mask);
}

static void
gw_status_summary_dispose (GObject *object)
{
  GwStatusSummary *self = (GwStatusSummary *)object;
  GtkWidget *child;

  g_clear_pointer (&self->run, gw_run_unref);
  g_clear_pointer (&self->curation, gw_curation_unref);
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

  /* The analyst's own calls come first, where they are seen even when
   * the strip scrolls. */
  for (guint i = 0; i < GW_VIEW_N_CATEGORIES; i++)
    {
      guint status = i < 2 ? GW_VIEW_ACCEPTED + i : status_order[i - 2];
      gboolean curated = status >= GW_N_STATUSES;
      GtkWidget *toggle = gtk_toggle_button_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *label;
      GtkWidget *count = gtk_label_new ("0");

      if (!curated)
        label = gtk_label_new (gw_status_get_label (status));
      else
        label = gtk_label_new (status == GW_VIEW_ACCEPTED ? _("Accepted") : _("Rejected"));

      gtk_widget_add_css_class (dot, "status-dot");
      gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (count, "status-count");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (content), dot);
      gtk_box_append (GTK_BOX (content), label);
      gtk_box_append (GTK_BOX (content), count);

      gtk_button_set_child (GTK_BUTTON (toggle), content);
      gtk_widget_add_css_class (toggle, "status-toggle");
      if (!curated)
        {
          gtk_widget_add_css_class (toggle, gw_status_get_css_class (status));
          gtk_widget_set_tooltip_text (toggle, gw_status_get_description (status));
        }
      else
        {
          gtk_widget_add_css_class (toggle, status == GW_VIEW_ACCEPTED ? "curated-accepted" : "curated-rejected");
          gtk_widget_set_tooltip_text (toggle, status == GW_VIEW_ACCEPTED
                                                 ? _("Rows an analyst accepted, whatever the analysis called them")
                                                 : _("Rows an analyst rejected, whatever the analysis called them"));
          /* Shown only while the run has such rows. */
          gtk_widget_set_visible (toggle, FALSE);
        }
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

/* Counts per effective category: a curated row counts under Accepted or
 * Rejected, no longer under its engine status. */
static void
update_counts (GwStatusSummary *self)
{
  guint counts[GW_VIEW_N_CATEGORIES] = { 0 };
  GwRun *run = self->run;

  if (run != NULL)
    {
      for (guint s = 0; s < GW_N_STATUSES; s++)
        counts[s] = gw_run_get_status_count (run, s);

      if (self->curation != NULL && gw_curation_get_n_curated (self->curation) > 0)
        {
          const guint8 *curated = gw_curation_get_status_column (self->curation);
          guint n = MIN (gw_curation_get_n_rows (self->curation), gw_run_get_n_rows (run));

          for (guint row = 0; row < n; row++)
            {
              if (curated[row] == GW_CURATION_NONE)
                continue;
              counts[gw_run_get_status (run, row)]--;
              counts[curated[row] == GW_CURATION_ACCEPTED ? GW_VIEW_ACCEPTED : GW_VIEW_REJECTED]++;
            }
        }
    }

  for (guint s = 0; s < GW_VIEW_N_CATEGORIES; s++)
    {
      g_autofree char *text = g_strdup_printf ("%u", counts[s]);
      gboolean active = gtk_toggle_button_get_active (self->toggles[s]);

      gtk_label_set_text (self->counts[s], text);
      /* An empty status stays visible (so the strip never jumps) but
       * dimmed, unless it is the active filter; the curated ones appear
       * when there are some, and so do invalid rows, which only a damaged
       * file has: an empty Invalid button would push the strip past the
       * search entry in a window with the project sidebar. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->toggles[s]), counts[s] > 0 || active);
      if (s >= GW_N_STATUSES || s == GW_STATUS_INVALID)
        gtk_widget_set_visible (GTK_WIDGET (self->toggles[s]), counts[s] > 0 || active);
    }
}

void
gw_status_summary_set_run (GwStatusSummary *self,
                           GwRun           *run)
{
  g_return_if_fail (GW_IS_STATUS_SUMMARY (self));

  if (run != self->run)
    {
      if (run != NULL)
        gw_run_ref (run);
      g_clear_pointer (&self->run, gw_run_unref);
      self->run = run;
    }
  update_counts (self);
}

void
gw_status_summary_set_curation (GwStatusSummary *self,
                                GwCuration      *curation)
{
  g_return_if_fail (GW_IS_STATUS_SUMMARY (self));

  if (curation != self->curation)
    {
      if (curation != NULL)
        gw_curation_ref (curation);
      g_clear_pointer (&self->curation, gw_curation_unref);
      self->curation = curation;
    }
  update_counts (self);
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
  for (guint s = 0; s < GW_VIEW_N_CATEGORIES; s++)
    {
      gboolean active = (mask & (1u << s)) != 0;

      if (active)
        {
          gtk_widget_set_sensitive (GTK_WIDGET (self->toggles[s]), TRUE);
          gtk_widget_set_visible (GTK_WIDGET (self->toggles[s]), TRUE);
        }
      gtk_toggle_button_set_active (self->toggles[s], active);
    }
  self->updating = FALSE;

  set_mask_internal (self, mask);
}

GtkToggleButton *
gw_status_summary_get_toggle (GwStatusSummary *self,
                              guint            status)
{
  g_return_val_if_fail (GW_IS_STATUS_SUMMARY (self), NULL);
  g_return_val_if_fail (status < GW_VIEW_N_CATEGORIES, NULL);
  return self->toggles[status];
}

const char *
gw_status_summary_get_count_text (GwStatusSummary *self,
                                  guint            status)
{
  g_return_val_if_fail (GW_IS_STATUS_SUMMARY (self), NULL);
  g_return_val_if_fail (status < GW_VIEW_N_CATEGORIES, NULL);
  return gtk_label_get_text (self->counts[status]);
}
