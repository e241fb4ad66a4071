/* gw-result-filter.h: filters result rows by status and name
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-curation.h"

G_BEGIN_DECLS

#define GW_TYPE_RESULT_FILTER (gw_result_filter_get_type ())

G_DECLARE_FINAL_TYPE (GwResultFilter, gw_result_filter, GW, RESULT_FILTER, GtkFilter)

GwResultFilter *gw_result_filter_new             (void);
/* Bit (1 << category) per effective status shown (a GwStatus, or
 * GW_VIEW_ACCEPTED / GW_VIEW_REJECTED of gw-view-order.h); 0 shows every
 * status. */
guint           gw_result_filter_get_status_mask (GwResultFilter *self);
void            gw_result_filter_set_status_mask (GwResultFilter *self,
                                                  guint           mask);
const char     *gw_result_filter_get_search      (GwResultFilter *self);
void            gw_result_filter_set_search      (GwResultFilter *self,
                                                  const char     *search);
void            gw_result_filter_set_curation    (GwResultFilter *self,
                                                  GwCuration     *curation);
/* (nullable) (transfer none) */
GwCuration     *gw_result_filter_get_curation    (GwResultFilter *self);

G_END_DECLS
