/* gw-models-view.h: one card per group model
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-run.h"

G_BEGIN_DECLS

#define GW_TYPE_MODELS_VIEW (gw_models_view_get_type ())

G_DECLARE_FINAL_TYPE (GwModelsView, gw_models_view, GW, MODELS_VIEW, GtkWidget)

GtkWidget *gw_models_view_new         (void);
void       gw_models_view_set_run     (GwModelsView *self,
                                       GwRun        *run);
guint      gw_models_view_get_n_cards (GwModelsView *self);

G_END_DECLS
