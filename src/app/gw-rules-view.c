/* gw-rules-view.c: the side reports, with links to their rows
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-rules-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "gw-analysis.h"
#include "gw-format.h"
#include "gw-rules-view.h"

/* A report can have tens of thousands of findings on a big file.  Flagged
 * findings come first and each section shows at most this many; the rest
 * is summarised in one line, so the page stays a page and building it never
 * stalls the main loop. */
#define MAX_FINDINGS 150

struct _GwRulesView
{
  GtkWidget  parent_instance;

  GtkStack  *stack;
  GtkBox    *content;

  GwRun     *run;
  guint      dirty : 1;
};

G_DEFINE_FINAL_TYPE (GwRulesView, gw_rules_view, GTK_TYPE_WIDGET)

enum {
  ROW_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_name (GwRun *run,
          guint  row)
{
  return gw_table_get_name (gw_run_get_table (run), row);
}

static GtkWidget *
add_section (GwRulesView *self,
             const char  *title,
             const char  *description)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *escaped = g_markup_escape_text (description, -1);

  /* Group titles and descriptions are Pango markup; "GP < GQ" is not. */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
  gtk_box_append (self->content, group);
  return group;
}

static GtkWidget *
create_flag (gboolean flagged)
{
  GtkWidget *badge = gtk_label_new (flagged ? _("Flagged") : _("OK"));

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "status-badge");
  gtk_widget_add_css_class (badge, flagged ? "status-fragment" : "status-valid");
  return badge;
}

static void
link_activated_cb (AdwActionRow *row,
                   GwRulesView  *self)
{
  int target = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "target-row"));

  g_signal_emit (self, signals[ROW_ACTIVATED], 0, (guint) target);
}

static GtkWidget *
create_link_row (GwRulesView *self,
                 const char  *title,
                 const char  *subtitle,
                 int          target)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (target >= 0)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Select this row in the table"));
      g_object_set_data (G_OBJECT (row), "target-row", GINT_TO_POINTER (target));
      g_signal_connect_object (row, "activated", G_CALLBACK (link_activated_cb), self, 0);
    }
  return row;
}

static void
add_link_row (GwRulesView *self,
              GtkWidget   *group,
              const char  *title,
              const char  *subtitle,
              int          target,
              int          flagged)
{
  GtkWidget *row = create_link_row (self, title, subtitle, target);

  if (flagged >= 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_flag (flagged));
  if (target >= 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_more_row (GtkWidget *group,
              guint      n_more)
{
  GtkWidget *row;
  g_autofree char *text = NULL;

  if (n_more == 0)
    return;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u more finding not shown; export the run to see every one",
                                       "%u more findings not shown; export the run to see every one",
                                       n_more),
                          n_more);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_none_row (GtkWidget  *group,
              const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static const char *
oac_flag_text (GwOacFlag flag)
{
  switch (flag)
    {
    case GW_OAC_OK:                 return _("shift as expected");
    case GW_OAC_NO_BASE:            return _("no base found");
    case GW_OAC_RT_NOT_RAISED:      return _("RT did not increase");
    case GW_OAC_SHIFT_OUT_OF_RANGE: return _("shift outside range");
    default:                        break;
    }
  return "";
}

static void
build_oac (GwRulesView *self)
{
  guint n = 0, shown = 0;
  const GwOacPair *pairs = gw_run_get_oac_pairs (self->run, &n);
  GtkWidget *group = add_section (self, _("O-Acetylation"),
                                  _("Each +OAc row and its base without the O-acetyl group. "
                                    "The base is expected to elute 0.05–0.5 min earlier per OAc."));

  /* Two passes: flagged pairs first, then the rest. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n && shown < MAX_FINDINGS; i++)
      {
        const GwOacPair *p = &pairs[i];
        gboolean flagged = p->flag != GW_OAC_OK;
        g_autofree char *subtitle = NULL;

        if (flagged != (pass == 0))
          continue;

        if (p->base_row >= 0)
          {
            g_autofree char *delta = gw_format_signed (p->delta_rt, 3);

            subtitle = g_strdup_printf (_("Base %s · ΔRT %s min · %s"),
                                        row_name (self->run, p->base_row), delta,
                                        oac_flag_text (p->flag));
          }
        else
          subtitle = g_strdup (oac_flag_text (p->flag));

        add_link_row (self, group, row_name (self->run, p->row), subtitle, p->row, flagged);
        shown++;
      }

  if (n == 0)
    add_none_row (group, _("No O-acetylated rows"));
  add_more_row (group, n - shown);
}

static void
member_activated_cb (AdwActionRow *row,
                     GwRulesView  *self)
{
  link_activated_cb (row, self);
}

static void
build_coelution (GwRulesView *self)
{
  guint n = 0, shown = 0;
  const GwCoelutionSet *sets = gw_run_get_coelution_sets (self->run, &n);
  const GwParams *params = gw_run_get_params (self->run);
  g_autofree char *description =
    g_strdup_printf (_("Rows with the same ceramide eluting within %.2f min of each other. "
                       "Under the robust preset these feed the fragment status."),
                     params->rt_tolerance);
  GtkWidget *group = add_section (self, _("Co-Elution"), description);

  for (guint i = 0; i < n && shown < MAX_FINDINGS; i++, shown++)
    {
      const GwCoelutionSet *set = &sets[i];
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u row around %s",
                                                             "%u rows around %s",
                                                             set->n_members),
                                                set->n_members, row_name (self->run, set->top_row));
      g_autofree char *volume = gw_format_volume (set->summed_volume);
      g_autofree char *span = gw_format_fixed (set->rt_span, 3);
      g_autofree char *subtitle = g_strdup_printf (_("Span %s min · summed volume %s"), span, volume);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

      for (guint m = 0; m < set->n_members; m++)
        {
          guint member = set->members[m];
          g_autofree char *rt = gw_format_fixed (gw_table_get_rt (gw_run_get_table (self->run), member), 3);
          g_autofree char *member_subtitle =
            g_strdup_printf (_("RT %s min · %s%s"), rt,
                             gw_status_get_label (gw_run_get_status (self->run, member)),
                             member == set->top_row ? _(" · most sugars") : "");
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_name (self->run, member));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), member_subtitle);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          g_object_set_data (G_OBJECT (row), "target-row", GINT_TO_POINTER (member));
          g_signal_connect_object (row, "activated", G_CALLBACK (member_activated_cb), self, 0);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
    }

  if (n == 0)
    add_none_row (group, _("No co-eluting rows"));
  add_more_row (group, n - shown);
}

static void
build_sugar_rt (GwRulesView *self)
{
  guint n = 0, shown = 0;
  const GwSugarRtFinding *findings = gw_run_get_sugar_rt_findings (self->run, &n);
  GtkWidget *group = add_section (self, _("Sugar Count and Retention Time"),
                                  _("Within a ceramide, more sugars should elute earlier: "
                                    "r > 0.3 with p < 0.1 is flagged."));

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n && shown < MAX_FINDINGS; i++)
      {
        const GwSugarRtFinding *f = &findings[i];
        g_autofree char *title = NULL;
        g_autofree char *subtitle = NULL;
        g_autofree char *r = NULL;

        if (f->flagged != (pass == 0))
          continue;

        title = g_strdup_printf (_("Ceramide %s"), f->ceramide);
        r = gw_format_signed (f->r, 2);
        subtitle = g_strdup_printf (_("r = %s · p = %.3f · %u rows · %u sugar counts"),
                                    r, f->p, f->n, f->n_sugar_values);
        add_link_row (self, group, title, subtitle, -1, f->flagged);
        shown++;
      }

  if (n == 0)
    add_none_row (group, _("No ceramide has enough rows to check"));
  add_more_row (group, n - shown);
}

static void
build_category_order (GwRulesView *self)
{
  guint n_means = 0, n_inv = 0;
  const GwCategoryMean *means = gw_run_get_category_means (self->run, &n_means);
  const GwCategoryInversion *inv = gw_run_get_category_inversions (self->run, &n_inv);
  GtkWidget *group = add_section (self, _("Category Order"),
                                  _("On reversed-phase columns mean RT should rise GP < GQ < GT < GD < GM."));
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < n_means; i++)
    {
      g_autofree char *rt = gw_format_fixed (means[i].mean_rt, 2);

      if (str->len > 0)
        g_string_append (str, "  ·  ");
      g_string_append_printf (str, "%s %s", gw_category_to_string (means[i].category), rt);
    }

  if (n_means > 0)
    add_link_row (self, group, _("Mean RT per category (min)"), str->str, -1, n_inv > 0);
  g_string_free (str, TRUE);

  for (guint i = 0; i < n_inv && i < MAX_FINDINGS; i++)
    {
      g_autofree char *title =
        g_strdup_printf (_("%s elutes after %s"),
                         gw_category_to_string (inv[i].earlier_expected),
                         gw_category_to_string (inv[i].later_expected));
      g_autofree char *a = gw_format_fixed (inv[i].mean_rt_earlier_expected, 2);
      g_autofree char *b = gw_format_fixed (inv[i].mean_rt_later_expected, 2);
      g_autofree char *subtitle = g_strdup_printf (_("Mean RT %s min vs %s min"), a, b);

      add_link_row (self, group, title, subtitle, -1, TRUE);
    }

  if (n_means == 0)
    add_none_row (group, _("No categories to compare"));
}

static void
build_mod_shifts (GwRulesView *self)
{
  guint n = 0, shown = 0;
  const GwModShift *shifts = gw_run_get_mod_shifts (self->run, &n);
  GtkWidget *group = add_section (self, _("Modification Shifts"),
                                  _("OAc, dHex, Fuc and Ac should raise RT; Hex, NeuAc, NeuGc and SO3 should lower it."));

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n && shown < MAX_FINDINGS; i++)
      {
        const GwModShift *s = &shifts[i];
        g_autofree char *shift = NULL;
        g_autofree char *subtitle = NULL;

        if (s->flagged != (pass == 0))
          continue;

        shift = gw_format_signed (s->shift_per_mod, 3);
        subtitle = g_strdup_printf (_("%s: %s min per modification, expected %s · base %s"),
                                    gw_mod_kind_to_string (s->mod), shift,
                                    s->expected_sign > 0 ? _("positive") : _("negative"),
                                    row_name (self->run, s->base_row));
        add_link_row (self, group, row_name (self->run, s->row), subtitle, s->row, s->flagged);
        shown++;
      }

  if (n == 0)
    add_none_row (group, _("No modified rows with an unmodified base"));
  add_more_row (group, n - shown);
}

static void
build_cross_category (GwRulesView *self)
{
  guint n = 0, shown = 0;
  const GwCrossCategoryInversion *inv = gw_run_get_cross_category_inversions (self->run, &n);
  GtkWidget *group = add_section (self, _("Cross-Category Order"),
                                  _("Within a ceramide, more sialic acids should elute earlier (tolerance 0.1 min)."));

  for (guint i = 0; i < n && shown < MAX_FINDINGS; i++, shown++)
    {
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *title =
        g_strdup_printf (_("%s elutes after %s"),
                         row_name (self->run, inv[i].row_more_sialic),
                         row_name (self->run, inv[i].row_fewer_sialic));
      g_autofree char *a = gw_format_fixed (inv[i].rt_more_sialic, 3);
      g_autofree char *b = gw_format_fixed (inv[i].rt_fewer_sialic, 3);
      g_autofree char *subtitle = g_strdup_printf (_("Ceramide %s · %s min vs %s min"),
                                                   inv[i].ceramide, a, b);
      guint rows[2] = { inv[i].row_more_sialic, inv[i].row_fewer_sialic };

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      for (guint k = 0; k < 2; k++)
        {
          GtkWidget *row = create_link_row (self, row_name (self->run, rows[k]),
                                            k == 0 ? _("More sialic acids") : _("Fewer sialic acids"),
                                            rows[k]);

          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), create_flag (TRUE));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
    }

  if (n == 0)
    add_none_row (group, _("No inversions"));
  add_more_row (group, n - shown);
}

static void
rebuild (GwRulesView *self)
{
  GtkWidget *child;

  self->dirty = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);

  if (self->run == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  build_oac (self);
  build_coelution (self);
  build_sugar_rt (self);
  build_category_order (self);
  build_mod_shifts (self);
  build_cross_category (self);

  gtk_stack_set_visible_child_name (self->stack, "rules");
}

/* Building hundreds of rows costs tens of milliseconds, so the page is
 * only built when it is on screen, not on every re-run while the user
 * looks at the table. */
static void
gw_rules_view_map (GtkWidget *widget)
{
  GwRulesView *self = GW_RULES_VIEW (widget);

  if (self->dirty)
    rebuild (self);

  GTK_WIDGET_CLASS (gw_rules_view_parent_class)->map (widget);
}

static void
gw_rules_view_dispose (GObject *object)
{
  GwRulesView *self = (GwRulesView *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_RULES_VIEW);
  /* Children the template does not bind are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->run, gw_run_unref);

  G_OBJECT_CLASS (gw_rules_view_parent_class)->dispose (object);
}

static void
gw_rules_view_class_init (GwRulesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_rules_view_dispose;
  widget_class->map = gw_rules_view_map;

  signals[ROW_ACTIVATED] =
    g_signal_new ("row-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ganglioside/Workbench/gw-rules-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GwRulesView, stack);
  gtk_widget_class_bind_template_child (widget_class, GwRulesView, content);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rulesview");
}

static void
gw_rules_view_init (GwRulesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gw_rules_view_new (void)
{
  return g_object_new (GW_TYPE_RULES_VIEW, NULL);
}

void
gw_rules_view_set_run (GwRulesView *self,
                       GwRun       *run)
{
  g_return_if_fail (GW_IS_RULES_VIEW (self));

  if (self->run == run)
    return;

  g_clear_pointer (&self->run, gw_run_unref);
  if (run != NULL)
    self->run = gw_run_ref (run);

  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
}
