/* gw-params-panel.h: the analysis parameters side panel
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-analysis.h"

G_BEGIN_DECLS

#define GW_TYPE_PARAMS_PANEL (gw_params_panel_get_type ())

G_DECLARE_FINAL_TYPE (GwParamsPanel, gw_params_panel, GW, PARAMS_PANEL, GtkWidget)

GtkWidget *gw_params_panel_new        (void);
void       gw_params_panel_get_params (GwParamsPanel  *self,
                                       GwParams       *params);
/* Shows @params without emitting ::changed. */
void       gw_params_panel_set_params (GwParamsPanel  *self,
                                       const GwParams *params);
GtkSpinButton *gw_params_panel_get_outlier_spin (GwParamsPanel *self);

G_END_DECLS
