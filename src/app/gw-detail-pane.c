/* gw-detail-pane.c: every field of the selected row
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-detail-pane"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "gw-detail-pane.h"
#include "gw-format.h"
#include "gw-i18n.h"

struct _GwDetailPane
{
  GtkWidget          parent_instance;

  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkBox            *content;

  GwRun             *run;
  GwCuration        *curation;
  int                row;
  int                link_fragment;
  int                link_isomer;
  int                link_oac;
};

G_DEFINE_FINAL_TYPE (GwDetailPane, gw_detail_pane, GTK_TYPE_WIDGET)

enum {
  ROW_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_content (GwDetailPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);
}

/* A group is a heading over a card holding a two-column grid: field names
 * on the left, values on the right.  Denser than one list row per field,
 * which matters in a side pane. */
static GtkWidget *
add_group (GwDetailPane *self,
           const char   *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *grid = gtk_grid_new ();

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "detail-card");
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_box_append (GTK_BOX (card), grid);
  gtk_box_append (GTK_BOX (box), card);

  gtk_box_append (self->content, box);
  return grid;
}

static int
next_grid_row (GtkWidget *grid)
{
  int row = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (grid), "n-rows"));

  g_object_set_data (G_OBJECT (grid), "n-rows", GINT_TO_POINTER (row + 1));
  return row;
}

static void
add_field (GtkWidget  *grid,
           const char *title,
           const char *value,
           gboolean    numeric)
{
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  gboolean is_long = value != NULL && g_utf8_strlen (value, -1) > 22;
  int row = next_grid_row (grid);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_set_valign (title_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (title_label, "dim-label");

  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_add_css_class (value_label, "detail-value");
  if (numeric)
    gtk_widget_add_css_class (value_label, "numeric");

  if (is_long)
    {
      /* Long values (an equation, a list) get the full width under
       * their name rather than a squeezed column. */
      gtk_label_set_xalign (GTK_LABEL (value_label), 0);
      gtk_grid_attach (GTK_GRID (grid), title_label, 0, row, 2, 1);
      gtk_grid_attach (GTK_GRID (grid), value_label, 0, next_grid_row (grid), 2, 1);
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (value_label), 1);
      gtk_label_set_justify (GTK_LABEL (value_label), GTK_JUSTIFY_RIGHT);
      gtk_grid_attach (GTK_GRID (grid), title_label, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), value_label, 1, row, 1, 1);
    }
}

static void
add_field_take (GtkWidget  *grid,
                const char *title,
                char       *value,
                gboolean    numeric)
{
  add_field (grid, title, value, numeric);
  g_free (value);
}

static void
link_clicked_cb (GtkButton    *button,
                 GwDetailPane *self)
{
  int target = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "target-row"));

  g_signal_emit (self, signals[ROW_ACTIVATED], 0, (guint) target);
}

static void
add_link (GwDetailPane *self,
          GtkWidget    *grid,
          const char   *title,
          int           target,
          const char   *extra)
{
  GwTable *table = gw_run_get_table (self->run);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *subtitle_label;
  g_autofree char *subtitle = NULL;

  if (extra != NULL)
    subtitle = g_strdup_printf (_("Line %u · %s · %s"),
                                gw_table_get_line (table, target),
                                gw_status_get_label (gw_run_get_status (self->run, target)),
                                extra);
  else
    subtitle = g_strdup_printf (_("Line %u · %s"),
                                gw_table_get_line (table, target),
                                gw_status_get_label (gw_run_get_status (self->run, target)));

  subtitle_label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle_label), TRUE);
  gtk_widget_add_css_class (subtitle_label, "caption");
  gtk_widget_add_css_class (subtitle_label, "dim-label");
  gtk_box_append (GTK_BOX (labels), title_label);
  gtk_box_append (GTK_BOX (labels), subtitle_label);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("go-next-symbolic"));

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "detail-link");
  gtk_widget_set_tooltip_text (button, _("Select this row in the table"));
  g_object_set_data (G_OBJECT (button), "target-row", GINT_TO_POINTER (target));
  g_signal_connect_object (button, "clicked", G_CALLBACK (link_clicked_cb), self, 0);
  gtk_grid_attach (GTK_GRID (grid), button, 0, next_grid_row (grid), 2, 1);
}

static char *
format_mods (const GwName *name)
{
  GString *str = g_string_new (NULL);

  for (guint m = 0; m < GW_N_MODS; m++)
    {
      if (name->mods[m] == 0)
        continue;
      if (str->len > 0)
        g_string_append (str, ", ");
      if (name->mods[m] > 1)
        g_string_append_printf (str, "%u×", name->mods[m]);
      g_string_append (str, gw_mod_kind_to_string (m));
    }
  if (str->len == 0)
    g_string_append (str, _("None"));

  return g_string_free (str, FALSE);
}

static void
build_header (GwDetailPane *self)
{
  GwTable *table = gw_run_get_table (self->run);
  GwStatus status = gw_run_get_status (self->run, self->row);
  g_autofree char *reason = gw_run_dup_display_reason (self->run, self->row);
  g_autofree char *warnings = gw_run_dup_display_warnings_text (self->run, self->row);
  g_autofree char *line = g_strdup_printf (_("Line %u"), gw_table_get_line (table, self->row));
  GwCurationStatus curated = GW_CURATION_NONE;
  const GwCurationEvent *event = NULL;
  const char *badge_classes[] = { "status-badge", gw_status_get_css_class (status), NULL, NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (gw_table_get_name (table, self->row));
  GtkWidget *meta = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *badge;
  GtkWidget *line_label = gtk_label_new (line);

  if (self->curation != NULL && (guint) self->row < gw_curation_get_n_rows (self->curation))
    {
      curated = gw_curation_get_status (self->curation, self->row);
      event = gw_curation_get_event (self->curation, self->row);
    }

  /* The badge is the effective status: the analyst's call when there is
   * one; the engine's call is then spelled out below. */
  if (curated != GW_CURATION_NONE)
    {
      badge = gtk_label_new (curated == GW_CURATION_ACCEPTED ? _("Accepted") : _("Rejected"));
      badge_classes[1] = "curated";
      badge_classes[2] = curated == GW_CURATION_ACCEPTED ? "curated-accepted" : "curated-rejected";
    }
  else
    badge = gtk_label_new (gw_status_get_label (status));

  gtk_label_set_selectable (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (box), title);

  gtk_widget_set_css_classes (badge, badge_classes);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (meta), badge);
  gtk_widget_add_css_class (line_label, "dim-label");
  gtk_box_append (GTK_BOX (meta), line_label);
  if (gw_table_is_anchor (table, self->row))
    {
      GtkWidget *anchor = gtk_label_new (_("Anchor"));

      gtk_widget_add_css_class (anchor, "dim-label");
      gtk_box_append (GTK_BOX (meta), anchor);
    }
  gtk_box_append (GTK_BOX (box), meta);

  if (curated != GW_CURATION_NONE)
    {
      GtkWidget *label;
      g_autofree char *text = NULL;
      g_autofree char *when = NULL;

      if (event != NULL)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (event->created_at / G_USEC_PER_SEC);

          when = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("?");
          /* Translators: "Rejected by Ana Silva on 2026-11-26 14:03: co-elutes with GD1a.
           * The analysis called it Outlier." */
          text = g_strdup_printf (_("%s by %s on %s: %s\nThe analysis called it %s."),
                                  curated == GW_CURATION_ACCEPTED ? _("Accepted") : _("Rejected"),
                                  event->author, when, event->reason,
                                  gw_status_get_label (status));
        }
      else
        text = g_strdup_printf (_("The analysis called it %s."), gw_status_get_label (status));

      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_add_css_class (label, "detail-curation");
      gtk_widget_set_name (label, "curation");
      gtk_box_append (GTK_BOX (box), label);
    }

  if (reason != NULL && reason[0] != '\0')
    {
      GtkWidget *label = gtk_label_new (reason);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_add_css_class (label, "detail-reason");
      gtk_box_append (GTK_BOX (box), label);
    }

  if (warnings != NULL && warnings[0] != '\0')
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (warnings);

      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_widget_add_css_class (row, "detail-warning");
      gtk_box_append (GTK_BOX (box), row);
    }

  gtk_box_append (self->content, box);
}

static void
build_measurement (GwDetailPane *self)
{
  GwTable *table = gw_run_get_table (self->run);
  const GwName *name = gw_table_get_parsed_name (table, self->row);
  int group_index = gw_table_get_group (table, self->row);
  GtkWidget *group = add_group (self, _("Measurement"));

  /* The digits as the file has them, with the locale's decimal separator
   * as the table shows numbers: in German "9.596" would read as 9596. */
  g_autofree char *rt = gw_i18n_localize_number (gw_table_get_cell (table, self->row, GW_COLUMN_RT));

  add_field_take (group, _("Retention time"), g_strdup_printf (_("%s min"), rt), TRUE);
  add_field_take (group, _("Log P"),
                  gw_i18n_localize_number (gw_table_get_cell (table, self->row, GW_COLUMN_LOGP)), TRUE);
  add_field_take (group, _("Volume"), gw_format_volume (gw_table_get_volume (table, self->row)), TRUE);
  add_field (group, _("Anchor"), gw_table_is_anchor (table, self->row) ? _("Yes") : _("No"), FALSE);
  if (group_index >= 0)
    add_field (group, _("Group"), gw_table_get_group_name (table, group_index), FALSE);

  if (name != NULL)
    {
      GwCategory category = gw_name_get_category (name);

      add_field_take (group, _("Category"),
                      g_strdup_printf ("%s · %s", gw_category_to_string (category),
                                       gw_category_get_display_name (category)),
                      FALSE);
      add_field_take (group, _("Ceramide"), gw_name_format_ceramide (name), FALSE);
      add_field_take (group, _("Sugars"), g_strdup_printf ("%u", gw_name_get_sugars (name)), TRUE);
      add_field_take (group, _("Sialic acids"), g_strdup_printf ("%u", name->sialic), TRUE);
      add_field_take (group, _("Modifications"), format_mods (name), FALSE);
      add_field (group, _("Can have isomers"), gw_name_can_have_isomers (name) ? _("Yes") : _("No"), FALSE);
    }

  for (guint c = 0; c < gw_table_get_n_extra_columns (table); c++)
    add_field (group,
               gw_table_get_extra_column_name (table, c),
               gw_table_get_extra_cell (table, self->row, c),
               FALSE);
}

static void
build_model (GwDetailPane *self)
{
  int model_index = gw_run_get_model_index (self->run, self->row);
  GwModelLevel level = gw_run_get_model_level (self->run, self->row);
  GtkWidget *group = add_group (self, _("Model"));
  double low = gw_run_get_pi_low (self->run, self->row);
  double high = gw_run_get_pi_high (self->run, self->row);

  add_field (group, _("Level"), gw_model_level_get_label (level), FALSE);
  add_field_take (group, _("Predicted RT"), gw_format_fixed (gw_run_get_predicted (self->run, self->row), 3), TRUE);
  add_field_take (group, _("Residual"), gw_format_signed (gw_run_get_residual (self->run, self->row), 3), TRUE);
  add_field_take (group, _("z"), gw_format_signed (gw_run_get_z (self->run, self->row), 2), TRUE);
  if (isfinite (low) && isfinite (high))
    {
      g_autofree char *l = gw_format_fixed (low, 3);
      g_autofree char *h = gw_format_fixed (high, 3);

      add_field_take (group, _("Prediction interval"), g_strdup_printf ("%s – %s", l, h), TRUE);
    }
  add_field_take (group, _("Confidence"), gw_format_fixed (gw_run_get_confidence (self->run, self->row), 2), TRUE);

  if (model_index >= 0)
    {
      const GwModel *model = gw_run_get_model (self->run, model_index);

      if (model->equation != NULL)
        add_field_take (group, _("Equation"), gw_i18n_translate_message (model->equation), FALSE);
      add_field_take (group, _("CV R²"), gw_format_fixed (model->cv_r2, 3), TRUE);
      add_field_take (group, _("R²"), gw_format_fixed (model->r2, 3), TRUE);
      add_field_take (group, _("RMSE"), gw_format_fixed (model->rmse, 3), TRUE);
      add_field_take (group, _("Anchors / rows"),
                      g_strdup_printf ("%u / %u", model->n_anchors, model->n_rows), TRUE);
      if (model->warning != NULL && model->warning[0] != '\0')
        add_field_take (group, _("Model warning"), gw_i18n_translate_message (model->warning), FALSE);
    }
}

static void
build_related (GwDetailPane *self)
{
  GwTable *table = gw_run_get_table (self->run);
  GtkWidget *group;
  double shift;

  self->link_fragment = gw_run_get_fragment_of (self->run, self->row);
  self->link_isomer = gw_run_get_isomer_of (self->run, self->row);
  self->link_oac = gw_run_get_oac_base (self->run, self->row);

  if (self->link_fragment < 0 && self->link_isomer < 0 && self->link_oac < 0)
    return;

  group = add_group (self, _("Related Rows"));

  if (self->link_fragment >= 0)
    {
      g_autofree char *title = g_strdup_printf (_("Fragment of %s"),
                                                gw_table_get_name (table, self->link_fragment));
      g_autofree char *volume = gw_format_volume (gw_run_get_fragment_parent_volume (self->run, self->row));
      g_autofree char *extra = g_strdup_printf (_("parent volume %s"), volume);

      add_link (self, group, title, self->link_fragment, extra);
    }

  if (self->link_isomer >= 0)
    {
      g_autofree char *title = g_strdup_printf (_("Isomer of %s"),
                                                gw_table_get_name (table, self->link_isomer));
      g_autofree char *rt = gw_format_fixed (gw_table_get_rt (table, self->link_isomer), 3);
      g_autofree char *extra = g_strdup_printf (_("RT %s min"), rt);

      add_link (self, group, title, self->link_isomer, extra);
    }

  if (self->link_oac >= 0)
    {
      g_autofree char *title = g_strdup_printf (_("O-acetyl base %s"),
                                                gw_table_get_name (table, self->link_oac));
      g_autofree char *delta = NULL;
      g_autofree char *extra = NULL;

      shift = gw_run_get_oac_shift (self->run, self->row);
      delta = gw_format_signed (shift, 3);
      extra = g_strdup_printf (_("ΔRT %s min"), delta);
      add_link (self, group, title, self->link_oac, extra);
    }
}

static void
gw_detail_pane_dispose (GObject *object)
{
  GwDetailPane *self = (GwDetailPane *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_DETAIL_PANE);
  /* Children the template does not bind are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->run, gw_run_unref);
  g_clear_pointer (&self->curation, gw_curation_unref);

  G_OBJECT_CLASS (gw_detail_pane_parent_class)->dispose (object);
}

static void
gw_detail_pane_class_init (GwDetailPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_detail_pane_dispose;

  /**
   * GwDetailPane::row-activated:
   * @row: the run row a link points to
   *
   * A link to a related row was clicked.
   */
  signals[ROW_ACTIVATED] =
    g_signal_new ("row-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ganglioside/Workbench/gw-detail-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, GwDetailPane, stack);
  gtk_widget_class_bind_template_child (widget_class, GwDetailPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, GwDetailPane, content);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "detailpane");
}

static void
gw_detail_pane_init (GwDetailPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->row = -1;
  self->link_fragment = self->link_isomer = self->link_oac = -1;
}

GtkWidget *
gw_detail_pane_new (void)
{
  return g_object_new (GW_TYPE_DETAIL_PANE, NULL);
}

void
gw_detail_pane_show (GwDetailPane *self,
                     GwRun        *run,
                     int           row)
{
  g_return_if_fail (GW_IS_DETAIL_PANE (self));

  if (run != NULL && (row < 0 || (guint) row >= gw_run_get_n_rows (run)))
    run = NULL;

  if (run == self->run && row == self->row)
    return;

  if (run != self->run)
    {
      g_clear_pointer (&self->run, gw_run_unref);
      if (run != NULL)
        self->run = gw_run_ref (run);
    }
  self->row = run != NULL ? row : -1;
  self->link_fragment = self->link_isomer = self->link_oac = -1;

  clear_content (self);

  if (self->run == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  build_header (self);
  build_measurement (self);
  build_model (self);
  build_related (self);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "details");
}

/**
 * gw_detail_pane_set_curation:
 * @self: a #GwDetailPane
 * @curation: (nullable): the overrides of the shown run
 *
 * A curated row then shows its effective status, with the engine's call
 * and who curated it, when and why.
 */
void
gw_detail_pane_set_curation (GwDetailPane *self,
                             GwCuration   *curation)
{
  GwRun *run;
  int row;

  g_return_if_fail (GW_IS_DETAIL_PANE (self));

  if (curation == self->curation)
    return;

  if (curation != NULL)
    gw_curation_ref (curation);
  g_clear_pointer (&self->curation, gw_curation_unref);
  self->curation = curation;

  /* Rebuild what is shown. */
  if (self->run == NULL)
    return;
  run = gw_run_ref (self->run);
  row = self->row;
  g_clear_pointer (&self->run, gw_run_unref);
  gw_detail_pane_show (self, run, row);
  gw_run_unref (run);
}

/* (nullable): the text that explains the shown row's curation. */
const char *
gw_detail_pane_get_curation_text (GwDetailPane *self)
{
  GtkWidget *w;

  g_return_val_if_fail (GW_IS_DETAIL_PANE (self), NULL);

  for (w = gtk_widget_get_first_child (GTK_WIDGET (self->content)); w != NULL; w = gtk_widget_get_next_sibling (w))
    for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_LABEL (c) && g_strcmp0 (gtk_widget_get_name (c), "curation") == 0)
        return gtk_label_get_text (GTK_LABEL (c));

  return NULL;
}

int
gw_detail_pane_get_row (GwDetailPane *self)
{
  g_return_val_if_fail (GW_IS_DETAIL_PANE (self), -1);
  return self->row;
}

gboolean
gw_detail_pane_activate_link (GwDetailPane *self,
                              const char   *kind)
{
  int target = -1;

  g_return_val_if_fail (GW_IS_DETAIL_PANE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_str_equal (kind, "fragment"))
    target = self->link_fragment;
  else if (g_str_equal (kind, "isomer"))
    target = self->link_isomer;
  else if (g_str_equal (kind, "oac-base"))
    target = self->link_oac;

  if (target < 0)
    return FALSE;

  g_signal_emit (self, signals[ROW_ACTIVATED], 0, (guint) target);
  return TRUE;
}
