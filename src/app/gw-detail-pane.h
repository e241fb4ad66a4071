/* gw-detail-pane.h: every field of the selected row
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-curation.h"
#include "gw-run.h"

G_BEGIN_DECLS

#define GW_TYPE_DETAIL_PANE (gw_detail_pane_get_type ())

G_DECLARE_FINAL_TYPE (GwDetailPane, gw_detail_pane, GW, DETAIL_PANE, GtkWidget)

GtkWidget *gw_detail_pane_new     (void);
/* Shows @row of @run; a NULL run or a negative row shows the empty state. */
void       gw_detail_pane_show    (GwDetailPane *self,
                                   GwRun        *run,
                                   int           row);
int        gw_detail_pane_get_row (GwDetailPane *self);
void       gw_detail_pane_set_curation (GwDetailPane *self,
                                        GwCuration   *curation);
/* (nullable): the shown row's curation in words (who, when, why, and the
 * engine's call), for tests and accessibility. */
const char *gw_detail_pane_get_curation_text (GwDetailPane *self);
/* Activates the link to a related row ("fragment", "isomer", "oac-base"),
 * as a click would.  Returns FALSE when the row has no such link. */
gboolean   gw_detail_pane_activate_link (GwDetailPane *self,
                                         const char   *kind);

G_END_DECLS
