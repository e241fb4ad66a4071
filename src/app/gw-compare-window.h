/* gw-compare-window.h: what changed from one run of a dataset to another
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gw-change-list.h"
#include "gw-project.h"

G_BEGIN_DECLS

#define GW_TYPE_COMPARE_WINDOW (gw_compare_window_get_type ())

G_DECLARE_FINAL_TYPE (GwCompareWindow, gw_compare_window, GW, COMPARE_WINDOW, AdwWindow)

/* The settings that differ and the rows whose effective status changed
 * from run @info_a to run @info_b (either may be NULL when unknown);
 * @run gives the rows' names and lines.  Returns the new window, already
 * presented.
 *
 * Signals:
 *   row-activated (guint row): the user asked to see run row @row in
 *   the results table. */
GtkWindow    *gw_compare_window_new             (GtkWindow       *parent,
                                                 GwRun           *run,
                                                 const GwRunInfo *info_a,
                                                 const GwRunInfo *info_b,
                                                 GwRunComparison *comparison);
/* (transfer none): the changed rows as the list shows them. */
GwChangeList *gw_compare_window_get_changes     (GwCompareWindow *self);
/* The headings naming run A and run B, as shown. */
const char   *gw_compare_window_get_title_a     (GwCompareWindow *self);
const char   *gw_compare_window_get_title_b     (GwCompareWindow *self);
/* Writes the changed rows as shown to @file, as CSV, in the background. */
void          gw_compare_window_export_to       (GwCompareWindow *self,
                                                 GFile           *file);
/* TRUE while an export is being written. */
gboolean      gw_compare_window_is_busy         (GwCompareWindow *self);

G_END_DECLS
