/* gw-format.h: how the app writes numbers and statuses
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gw-analysis.h"
#include "gw-project.h"
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

/* "Robust", "Classic" (translated), as the parameters panel names them. */
const char *gw_preset_get_label        (GwPreset  preset);

/* The label of a run parameter as the parameters panel shows it, for
 * its stored name ("r2_threshold" gives "R² threshold"; also "preset" and
 * "app_version"), translated; an unknown name is returned as it is. */
const char *gw_param_get_label         (const char *name);
/* A stored parameter value ("0.1", "NaN", "classic") for display:
 * "0.1 min", "not used", "Classic". */
char       *gw_param_format_value      (const char *name,
                                        const char *value);
/* The parameters of @params that differ from its preset's defaults, as
 * "R² threshold 0.8" items joined by @separator, or "" when there are
 * none. */
char       *gw_format_changed_params   (const GwParams *params,
                                        const char     *separator);

/* A run as the project sidebar titles it: "Classic · 23:30:50" for a
 * run saved today, "Classic · 2026-11-26 23:30" for an older one, with
 * the seconds too when @with_seconds. */
char       *gw_format_run_title        (GwPreset        preset,
                                        gint64          saved_at,
                                        gboolean        with_seconds);
/* The titles of @runs (a NULL-terminated array of @n_runs strings) that
 * tell them apart: gw_format_run_title(), with the seconds for runs that
 * would otherwise look alike, and then the first 8 characters of the
 * identifier for runs saved in the same second, as in "Robust ·
 * 14:02:07 · 3f2a9c1e". */
char      **gw_format_run_titles       (const GwRunInfo * const *runs,
                                        guint                    n_runs);
/* "165 valid, 117 outliers · 3 curated" from GW_N_STATUSES counts. */
char       *gw_format_status_counts    (const guint    *counts,
                                        guint           n_curated);
/* "1,204" in the locale's grouping. */
char       *gw_format_count            (guint           n);

G_END_DECLS
