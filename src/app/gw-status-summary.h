/* gw-status-summary.h: counts per status, as filter toggles
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-curation.h"
#include "gw-run.h"

G_BEGIN_DECLS

#define GW_TYPE_STATUS_SUMMARY (gw_status_summary_get_type ())

G_DECLARE_FINAL_TYPE (GwStatusSummary, gw_status_summary, GW, STATUS_SUMMARY, GtkWidget)

GtkWidget       *gw_status_summary_new        (void);
void             gw_status_summary_set_run    (GwStatusSummary *self,
                                               GwRun           *run);
/* Counts curated rows under Accepted / Rejected instead of their engine
 * status; those two toggles show while there are such rows. */
void             gw_status_summary_set_curation (GwStatusSummary *self,
                                                 GwCuration      *curation);
/* Bit (1 << category) per active toggle (a GwStatus, or GW_VIEW_ACCEPTED /
 * GW_VIEW_REJECTED of gw-view-order.h); 0 when none is active. */
guint            gw_status_summary_get_mask   (GwStatusSummary *self);
void             gw_status_summary_set_mask   (GwStatusSummary *self,
                                               guint            mask);
GtkToggleButton *gw_status_summary_get_toggle (GwStatusSummary *self,
                                               guint            status);
/* The count shown on a toggle, as displayed. */
const char      *gw_status_summary_get_count_text (GwStatusSummary *self,
                                                   guint            status);

G_END_DECLS
