/* gw-project-pane.h: the project sidebar: datasets and their runs
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gw-project-tasks.h"

G_BEGIN_DECLS

#define GW_TYPE_PROJECT_PANE (gw_project_pane_get_type ())

G_DECLARE_FINAL_TYPE (GwProjectPane, gw_project_pane, GW, PROJECT_PANE, GtkWidget)

GtkWidget  *gw_project_pane_new            (void);
/* Shows @listing (borrowed for the call). */
void        gw_project_pane_set_listing    (GwProjectPane          *self,
                                            const GwProjectListing *listing);
/* Marks the run on screen; NULL for none. */
void        gw_project_pane_set_current    (GwProjectPane          *self,
                                            const char             *run_id);
const char *gw_project_pane_get_current    (GwProjectPane          *self);
guint       gw_project_pane_get_n_runs     (GwProjectPane          *self);

/* Signals:
 *   run-activated (const char *run_id): the user picked a run.
 *   compare (const char *run_id): compare that run with the current one. */

gboolean   gw_project_pane_shows_hilic_warning (GwProjectPane *self);

G_END_DECLS
