/* gw-rules-view.h: the side reports, with links to their rows
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-run.h"

G_BEGIN_DECLS

#define GW_TYPE_RULES_VIEW (gw_rules_view_get_type ())

G_DECLARE_FINAL_TYPE (GwRulesView, gw_rules_view, GW, RULES_VIEW, GtkWidget)

GtkWidget *gw_rules_view_new     (void);
void       gw_rules_view_set_run (GwRulesView *self,
                                  GwRun       *run);

G_END_DECLS
