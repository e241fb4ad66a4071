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
