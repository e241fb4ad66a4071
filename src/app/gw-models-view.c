/* gw-models-view.c: one card per group model
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-models-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "gw-analysis.h"
#include "gw-format.h"
#include "gw-i18n.h"
#include "gw-models-view.h"

/* Groups number in the tens, or a few thousand for huge files; cards are
 * built in slices from an idle so a big run never stalls the main loop. */
#define CARDS_PER_SLICE 8

struct _GwModelsView
{
  GtkWidget    parent_instance;

  GtkStack    *stack;
  GtkFlowBox  *flow_box;
  GtkLabel    *summary_label;

  GwRun       *run;
  guint        next_model;
  guint        n_cards;
  guint        build_source;
};

G_DEFINE_FINAL_TYPE (GwModelsView, gw_models_view, GTK_TYPE_WIDGET)

static void
add_stat (GtkGrid    *grid,
          int         position,
          const char *title,
          char       *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_widget_add_css_class (value_label, "model-stat");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_grid_attach (grid, box, position % 3, position / 3, 1, 1);

  g_free (value);
}

static GtkWidget *
create_card (GwRun         *run,
             const GwModel *model)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *title = gtk_label_new (model->group_name);
  GtkWidget *badge = gtk_label_new (gw_model_level_get_label (model->level));
  GtkWidget *equation;
  GtkWidget *grid = gtk_grid_new ();
  GString *features = g_string_new (NULL);
  int pos = 0;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "model-card");

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "title-4");
  gtk_box_append (GTK_BOX (header), title);

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "status-badge");
  gtk_widget_add_css_class (badge, model->level == GW_MODEL_LEVEL_NONE ? "status-insufficient"
                                   : model->accepted ? "status-valid" : "status-outlier");
  gtk_box_append (GTK_BOX (header), badge);
  if (model->level != GW_MODEL_LEVEL_NONE && !model->accepted)
    gtk_label_set_text (GTK_LABEL (badge), _("Rejected"));
  gtk_box_append (GTK_BOX (card), header);

  if (model->equation != NULL && model->equation[0] != '\0')
    {
      g_autofree char *text = gw_i18n_translate_message (model->equation);

      equation = gtk_label_new (text);
    }
  else
    equation = gtk_label_new (_("No equation: too few usable rows"));
  gtk_label_set_xalign (GTK_LABEL (equation), 0);
  gtk_label_set_wrap (GTK_LABEL (equation), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (equation), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (equation), TRUE);
  gtk_widget_add_css_class (equation, "model-equation");
  gtk_box_append (GTK_BOX (card), equation);

  for (guint f = 0; f < model->n_features && f < GW_N_FEATURES; f++)
    {
      if (features->len > 0)
        g_string_append (features, ", ");
      g_string_append (features, gw_feature_to_string (model->features[f]));
    }

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  add_stat (GTK_GRID (grid), pos++, _("CV R²"), gw_format_fixed (model->cv_r2, 3));
  add_stat (GTK_GRID (grid), pos++, _("R²"), gw_format_fixed (model->r2, 3));
  add_stat (GTK_GRID (grid), pos++, _("RMSE"), gw_format_fixed (model->rmse, 3));
  add_stat (GTK_GRID (grid), pos++, _("Rows"), g_strdup_printf ("%u", model->n_rows));
  add_stat (GTK_GRID (grid), pos++, _("Anchors"), g_strdup_printf ("%u", model->n_anchors));
  add_stat (GTK_GRID (grid), pos++, _("Scale σ"), gw_format_fixed (model->scale, 3));
  add_stat (GTK_GRID (grid), pos++, _("Features"),
            features->len > 0 ? g_strdup (features->str) : g_strdup ("—"));
  add_stat (GTK_GRID (grid), pos++, _("Adjusted R²"), gw_format_fixed (model->adj_r2, 3));
  if (isfinite (model->alpha) && isfinite (model->lambda))
    add_stat (GTK_GRID (grid), pos++, _("α / λ"),
              g_strdup_printf ("%.3g / %.3g", model->alpha, model->lambda));
  gtk_box_append (GTK_BOX (card), grid);
  g_string_free (features, TRUE);

  if (model->warning != NULL && model->warning[0] != '\0')
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *warning = gw_i18n_translate_message (model->warning);
      GtkWidget *label = gtk_label_new (warning);

      gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (row), label);
      gtk_widget_add_css_class (row, "model-warning");
      gtk_box_append (GTK_BOX (card), row);
    }

  return card;
}

static gboolean
build_slice_cb (gpointer user_data)
{
  GwModelsView *self = user_data;
  guint n_models = gw_run_get_n_models (self->run);
  guint end = MIN (n_models, self->next_model + CARDS_PER_SLICE);

  for (; self->next_model < end; self->next_model++)
    {
      gtk_flow_box_append (self->flow_box,
                           create_card (self->run, gw_run_get_model (self->run, self->next_model)));
      self->n_cards++;
    }

  if (self->next_model < n_models)
    return G_SOURCE_CONTINUE;

  self->build_source = 0;
  return G_SOURCE_REMOVE;
}

static void
gw_models_view_dispose (GObject *object)
{
  GwModelsView *self = (GwModelsView *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->build_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_MODELS_VIEW);
  /* Children the template does not bind are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->run, gw_run_unref);

  G_OBJECT_CLASS (gw_models_view_parent_class)->dispose (object);
}

static void
gw_models_view_class_init (GwModelsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_models_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ganglioside/Workbench/gw-models-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GwModelsView, stack);
  gtk_widget_class_bind_template_child (widget_class, GwModelsView, flow_box);
  gtk_widget_class_bind_template_child (widget_class, GwModelsView, summary_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "modelsview");
}

static void
gw_models_view_init (GwModelsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gw_models_view_new (void)
{
  return g_object_new (GW_TYPE_MODELS_VIEW, NULL);
}

void
gw_models_view_set_run (GwModelsView *self,
                        GwRun        *run)
{
  GtkWidget *child;
  guint n_models;
  guint n_accepted = 0;

  g_return_if_fail (GW_IS_MODELS_VIEW (self));

  if (self->run == run)
    return;

  g_clear_handle_id (&self->build_source, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flow_box))) != NULL)
    gtk_flow_box_remove (self->flow_box, child);
  self->n_cards = 0;
  self->next_model = 0;

  g_clear_pointer (&self->run, gw_run_unref);
  n_models = run != NULL ? gw_run_get_n_models (run) : 0;
  if (n_models == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->run = gw_run_ref (run);

  for (guint i = 0; i < n_models; i++)
    if (gw_run_get_model (run, i)->accepted)
      n_accepted++;

  {
    g_autofree char *summary =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "%u group model, %u accepted. Preset: %s.",
                                    "%u group models, %u accepted. Preset: %s.",
                                    n_models),
                       n_models, n_accepted,
                       gw_preset_to_string (((const GwParams *) gw_run_get_params (run))->preset));
    gtk_label_set_text (self->summary_label, summary);
  }

  gtk_stack_set_visible_child_name (self->stack, "models");

  /* The first slice now, so the page is never empty when shown. */
  if (build_slice_cb (self) == G_SOURCE_CONTINUE)
    self->build_source = g_idle_add (build_slice_cb, self);
}

guint
gw_models_view_get_n_cards (GwModelsView *self)
{
  g_return_val_if_fail (GW_IS_MODELS_VIEW (self), 0);
  return self->n_cards;
}
