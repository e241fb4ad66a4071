/* gw-format.c: how the app writes numbers and statuses
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-format"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gw-format.h"

char *
gw_format_fixed (double value,
                 guint  digits)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.*f", (int) digits, value);
}

char *
gw_format_signed (double value,
                  guint  digits)
{
  if (!isfinite (value))
    return g_strdup ("—");
  /* A true minus sign lines up with the plus sign in tabular figures. */
  if (value < 0 && fabs (value) >= 0.5 * pow (10, -(double) digits))
    return g_strdup_printf ("−%.*f", (int) digits, -value);
  return g_strdup_printf ("+%.*f", (int) digits, fabs (value));
}

char *
gw_format_volume (double value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  /* Peak volumes span many orders of magnitude; grouping digits by the
   * locale keeps them readable in a right-aligned column. */
  if (fabs (value) < 1e15)
    return g_strdup_printf ("%'.0f", value);
  return g_strdup_printf ("%.3e", value);
}

const char *
gw_status_get_label (GwStatus status)
{
  switch (status)
    {
    case GW_STATUS_VALID:        return _("Valid");
    case GW_STATUS_OUTLIER:      return _("Outlier");
    case GW_STATUS_FRAGMENT:     return _("Fragment");
    case GW_STATUS_ISOMER:       return _("Isomer");
    case GW_STATUS_INSUFFICIENT: return _("Insufficient");
    case GW_STATUS_INVALID:      return _("Invalid");
    case GW_N_STATUSES:
    default:
      break;
    }
  return "";
}

const char *
gw_status_get_description (GwStatus status)
{
  switch (status)
    {
    case GW_STATUS_VALID:
      return _("Retention time agrees with the group model");
    case GW_STATUS_OUTLIER:
      return _("Retention time is too far from the group model");
    case GW_STATUS_FRAGMENT:
      return _("Looks like an in-source fragment of a co-eluting parent");
    case GW_STATUS_ISOMER:
      return _("A genuine second peak of the same compound");
    case GW_STATUS_INSUFFICIENT:
      return _("Too little data in the group to check this row");
    case GW_STATUS_INVALID:
      return _("The row could not be read");
    case GW_N_STATUSES:
    default:
      break;
    }
  return "";
}

const char *
gw_status_get_css_class (GwStatus status)
{
  static const char * const classes[] = {
    [GW_STATUS_VALID] = "status-valid",
    [GW_STATUS_OUTLIER] = "status-outlier",
    [GW_STATUS_FRAGMENT] = "status-fragment",
    [GW_STATUS_ISOMER] = "status-isomer",
    [GW_STATUS_INSUFFICIENT] = "status-insufficient",
    [GW_STATUS_INVALID] = "status-invalid",
  };

  if ((guint) status < G_N_ELEMENTS (classes))
    return classes[status];
  return "status-invalid";
}

const char *
gw_model_level_get_label (GwModelLevel level)
{
  switch (level)
    {
    case GW_MODEL_LEVEL_GROUP:        return _("Group model");
    case GW_MODEL_LEVEL_POOLED_SLOPE: return _("Pooled slope");
    case GW_MODEL_LEVEL_NONE:
    default:
      break;
    }
  return _("No model");
}

/* Run parameters ----------------------------------------------------------- */

/* The parameters a run records, by the names the project file and the
 * CLI use, with the labels the parameters panel shows.  The robust-only
 * ones have no control in the panel; their labels follow the CLI's
 * options (--anchor-weight). */
typedef struct
{
  const char *name;
  const char *label;
  gboolean    minutes;
  gsize       offset;
} ParamLabel;

static const ParamLabel param_labels[] = {
  { "r2_threshold",      N_("R² threshold"),       FALSE, G_STRUCT_OFFSET (GwParams, r2_threshold) },
  { "outlier_threshold", N_("Outlier threshold"),  FALSE, G_STRUCT_OFFSET (GwParams, outlier_threshold) },
  { "rt_tolerance",      N_("RT tolerance"),       TRUE,  G_STRUCT_OFFSET (GwParams, rt_tolerance) },
  { "anchor_weight",     N_("Anchor weight"),      FALSE, G_STRUCT_OFFSET (GwParams, anchor_weight) },
  { "isomer_window_min", N_("Isomer window from"), TRUE,  G_STRUCT_OFFSET (GwParams, isomer_window_min) },
  { "isomer_window_max", N_("Isomer window to"),   TRUE,  G_STRUCT_OFFSET (GwParams, isomer_window_max) },
};

static const ParamLabel *
find_param (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (param_labels); i++)
    if (g_strcmp0 (param_labels[i].name, name) == 0)
      return &param_labels[i];
  return NULL;
}

const char *
gw_param_get_label (const char *name)
{
  const ParamLabel *param = find_param (name);

  g_return_val_if_fail (name != NULL, NULL);

  if (param != NULL)
    return _(param->label);
  if (g_str_equal (name, "preset"))
    return _("Preset");
  if (g_str_equal (name, "app_version"))
    return _("App version");
  return name;
}

/* A number as people type it (%g never shows binary noise such as
 * 0.1000001), with the locale's decimal mark like every other number in
 * the window. */
static char *
format_param_number (const ParamLabel *param,
                     double            value)
{
  g_autofree char *number = NULL;

  /* NAN is how a run records a parameter its preset does not use. */
  if (isnan (value))
    return g_strdup (_("not used"));

  number = g_strdup_printf ("%.6g", value);
  if (param->minutes)
    /* TRANSLATORS: a time in minutes, e.g. "0.1 min". */
    return g_strdup_printf (_("%s min"), number);
  return g_steal_pointer (&number);
}

char *
gw_param_format_value (const char *name,
                       const char *value)
{
  const ParamLabel *param = find_param (name);
  GwPreset preset;

  g_return_val_if_fail (name != NULL, NULL);

  if (value == NULL)
    return g_strdup ("—");

  if (param != NULL)
    {
      char *end = NULL;
      double v = g_ascii_strtod (value, &end);

      if (end != value && *end == '\0')
        return format_param_number (param, v);
    }
  else if (g_str_equal (name, "preset") && gw_preset_from_string (value, &preset))
    return g_strdup (gw_preset_get_label (preset));

  return g_strdup (value);
}

const char *
gw_preset_get_label (GwPreset preset)
{
  return preset == GW_PRESET_CLASSIC ? _("Classic") : _("Robust");
}

char *
gw_format_changed_params (const GwParams *params,
                          const char     *separator)
{
  GString *out = g_string_new (NULL);
  GwParams defaults;

  g_return_val_if_fail (params != NULL, NULL);

  gw_params_init (&defaults, params->preset);
  for (guint i = 0; i < G_N_ELEMENTS (param_labels); i++)
    {
      double v = G_STRUCT_MEMBER (double, params, param_labels[i].offset);
      double d = G_STRUCT_MEMBER (double, &defaults, param_labels[i].offset);
      g_autofree char *value = NULL;

      if (v == d || (isnan (v) && isnan (d)))
        continue;

      value = format_param_number (&param_labels[i], v);
      if (out->len > 0)
        g_string_append (out, separator);
      /* TRANSLATORS: a parameter and its value, e.g. "R² threshold 0.8". */
      g_string_append_printf (out, _("%s %s"), _(param_labels[i].label), value);
    }

  return g_string_free (out, FALSE);
}

char *
gw_format_run_title (GwPreset preset,
                     gint64   saved_at,
                     gboolean with_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (saved_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = NULL;

  /* Today's runs by time, older ones by date too. */
  if (dt == NULL)
    when = g_strdup ("?");
  else if (g_date_time_get_year (dt) == g_date_time_get_year (now) &&
           g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (now))
    when = g_date_time_format (dt, "%H:%M:%S");
  else
    when = g_date_time_format (dt, with_seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M");

  /* The preset's name as the settings panel shows it, not its identifier. */
  return g_strdup_printf ("%s · %s", gw_preset_get_label (preset), when);
}

/* TRUE when some other title of @titles equals titles[i]. */
static gboolean
title_collides (char * const *titles,
                guint         n,
                guint         i)
{
  for (guint j = 0; j < n; j++)
    if (j != i && g_strcmp0 (titles[i], titles[j]) == 0)
      return TRUE;
  return FALSE;
}

char **
gw_format_run_titles (const GwRunInfo * const *runs,
                      guint                    n_runs)
{
  char **titles = g_new0 (char *, n_runs + 1);
  gboolean *collides = g_new0 (gboolean, MAX (n_runs, 1));

  /* A sidebar holds tens of runs, so comparing every pair is cheap. */
  for (guint i = 0; i < n_runs; i++)
    titles[i] = gw_format_run_title (runs[i]->params.preset, runs[i]->saved_at, FALSE);

  /* Seconds first, for the runs whose titles are alike. */
  for (guint i = 0; i < n_runs; i++)
    collides[i] = title_collides (titles, n_runs, i);
  for (guint i = 0; i < n_runs; i++)
    if (collides[i])
      {
        g_free (titles[i]);
        titles[i] = gw_format_run_title (runs[i]->params.preset, runs[i]->saved_at, TRUE);
      }

  /* Then, for those still alike (saved in the same second), the start of
   * the run's identifier. */
  for (guint i = 0; i < n_runs; i++)
    collides[i] = title_collides (titles, n_runs, i);
  for (guint i = 0; i < n_runs; i++)
    if (collides[i])
      {
        char *title = g_strdup_printf ("%s · %.8s", titles[i], runs[i]->uuid);

        g_free (titles[i]);
        titles[i] = title;
      }

  g_free (collides);
  return titles;
}

/* "235 valid": one translatable string per status, so the counts read
 * naturally in every language. */
static char *
format_status_count (GwStatus status,
                     guint    n)
{
  switch (status)
    {
    case GW_STATUS_VALID:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u valid", "%u valid", n), n);
    case GW_STATUS_OUTLIER:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u outlier", "%u outliers", n), n);
    case GW_STATUS_FRAGMENT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u fragment", "%u fragments", n), n);
    case GW_STATUS_ISOMER:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u isomer", "%u isomers", n), n);
    case GW_STATUS_INSUFFICIENT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u insufficient", "%u insufficient", n), n);
    case GW_STATUS_INVALID:
    case GW_N_STATUSES:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invalid", "%u invalid", n), n);
    }
}

char *
gw_format_status_counts (const guint *counts,
                         guint        n_curated)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (counts != NULL, NULL);

  for (guint s = 0; s < GW_N_STATUSES; s++)
    if (counts[s] > 0)
      {
        g_autofree char *count = format_status_count (s, counts[s]);

        g_string_append_printf (out, "%s%s", out->len ? ", " : "", count);
      }
  if (n_curated > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, " · %u curated", " · %u curated", n_curated),
                            n_curated);
  return g_string_free (out, FALSE);
}

char *
gw_format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}
