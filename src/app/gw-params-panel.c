/* gw-params-panel.c: the analysis parameters side panel
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-params-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-params-panel.h"

/* The panel edits a GwParams.  It emits ::changed on every user edit; the
 * window debounces and re-runs, so the panel itself knows nothing about
 * runs.  Parameters the panel does not show (anchor weight, isomer window)
 * keep the preset's defaults. */
struct _GwParamsPanel
{
  GtkWidget      parent_instance;

  AdwComboRow   *preset_row;
  GtkSpinButton *r2_spin;
  GtkSpinButton *outlier_spin;
  GtkSpinButton *rt_spin;

  GwParams       params;
  guint          updating : 1;
};

G_DEFINE_FINAL_TYPE (GwParamsPanel, gw_params_panel, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
params_equal (const GwParams *a,
              const GwParams *b)
{
  return a->preset == b->preset
         && a->r2_threshold == b->r2_threshold
         && a->outlier_threshold == b->outlier_threshold
         && a->rt_tolerance == b->rt_tolerance
         && a->anchor_weight == b->anchor_weight
         && a->isomer_window_min == b->isomer_window_min
         && a->isomer_window_max == b->isomer_window_max;
}

static void
show_params (GwParamsPanel  *self,
             const GwParams *params)
{
  self->updating = TRUE;
  adw_combo_row_set_selected (self->preset_row, params->preset == GW_PRESET_CLASSIC ? 1 : 0);
  gtk_spin_button_set_value (self->r2_spin, params->r2_threshold);
  gtk_spin_button_set_value (self->outlier_spin, params->outlier_threshold);
  gtk_spin_button_set_value (self->rt_spin, params->rt_tolerance);
  self->updating = FALSE;
}

static void
preset_changed_cb (GwParamsPanel *self)
{
  GwPreset preset;

  if (self->updating)
    return;

  preset = adw_combo_row_get_selected (self->preset_row) == 1 ? GW_PRESET_CLASSIC : GW_PRESET_ROBUST;
  if (preset == self->params.preset)
    return;

  /* A preset is a complete method: switching loads its defaults, so a
   * classic run really reproduces the old platform. */
  gw_params_init (&self->params, preset);
  show_params (self, &self->params);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
value_changed_cb (GwParamsPanel *self)
{
  GwParams params = self->params;

  if (self->updating)
    return;

  params.r2_threshold = gtk_spin_button_get_value (self->r2_spin);
  params.outlier_threshold = gtk_spin_button_get_value (self->outlier_spin);
  params.rt_tolerance = gtk_spin_button_get_value (self->rt_spin);

  if (params_equal (&params, &self->params))
    return;

  self->params = params;
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
reset_clicked_cb (GwParamsPanel *self)
{
  GwParams params;

  gw_params_init (&params, self->params.preset);
  if (params_equal (&params, &self->params))
    return;

  self->params = params;
  show_params (self, &self->params);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
gw_params_panel_dispose (GObject *object)
{
  GwParamsPanel *self = (GwParamsPanel *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_PARAMS_PANEL);
  /* Children the template does not bind are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gw_params_panel_parent_class)->dispose (object);
}

static void
gw_params_panel_class_init (GwParamsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_params_panel_dispose;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ganglioside/Workbench/gw-params-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GwParamsPanel, preset_row);
  gtk_widget_class_bind_template_child (widget_class, GwParamsPanel, r2_spin);
  gtk_widget_class_bind_template_child (widget_class, GwParamsPanel, outlier_spin);
  gtk_widget_class_bind_template_child (widget_class, GwParamsPanel, rt_spin);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "paramspanel");
}

static void
gw_params_panel_init (GwParamsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gw_params_init (&self->params, GW_PRESET_ROBUST);
  show_params (self, &self->params);

  g_signal_connect_object (self->preset_row, "notify::selected",
                           G_CALLBACK (preset_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->r2_spin, "value-changed",
                           G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outlier_spin, "value-changed",
                           G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rt_spin, "value-changed",
                           G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
gw_params_panel_new (void)
{
  return g_object_new (GW_TYPE_PARAMS_PANEL, NULL);
}

void
gw_params_panel_get_params (GwParamsPanel *self,
                            GwParams      *params)
{
  g_return_if_fail (GW_IS_PARAMS_PANEL (self));
  g_return_if_fail (params != NULL);

  *params = self->params;
}

void
gw_params_panel_set_params (GwParamsPanel  *self,
                            const GwParams *params)
{
  g_return_if_fail (GW_IS_PARAMS_PANEL (self));
  g_return_if_fail (params != NULL);

  self->params = *params;
  show_params (self, params);
}

GtkSpinButton *
gw_params_panel_get_outlier_spin (GwParamsPanel *self)
{
  g_return_val_if_fail (GW_IS_PARAMS_PANEL (self), NULL);
  return self->outlier_spin;
}
