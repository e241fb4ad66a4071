/* gw-format.h: how the app writes numbers and statuses
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gw-run.h"

G_BEGIN_DECLS

/* Every formatter returns a newly allocated string; NAN gives "—". */
char       *gw_format_fixed            (double    value,
                                        guint     digits);
char       *gw_format_signed           (double    value,
                                        guint     digits);
char       *gw_format_volume           (double    value);

/* "Valid", "Outlier", … (translated). */
const char *gw_status_get_label        (GwStatus  status);
/* One-line explanation for tooltips (translated). */
const char *gw_status_get_description  (GwStatus  status);
/* "status-valid", … : the CSS class carrying the status colour. */
const char *gw_status_get_css_class    (GwStatus  status);
/* "Group model", "Pooled slope", "No model" (translated). */
const char *gw_model_level_get_label   (GwModelLevel level);

G_END_DECLS
