/* gw-project-controller.h: a window's project: sidebar, saving, curation
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gw-project.h"
#include "gw-project-pane.h"

G_BEGIN_DECLS

#define GW_TYPE_PROJECT_CONTROLLER (gw_project_controller_get_type ())

G_DECLARE_FINAL_TYPE (GwProjectController, gw_project_controller, GW, PROJECT_CONTROLLER, GObject)

/*
 * The project side of a GwWindow.  It adds a sidebar of datasets and runs,
 * a Curate button with its popover, the "project" action group
 * (project.new, project.save-as, project.undo, project.redo,
 * project.audit-log, project.open-recent) with Ctrl+Z / Ctrl+Shift+Z, and
 * menu items for them.  Every analysis the window completes is stored in
 * the open project; there is no unsaved state.
 *
 * The controller holds the window weakly: the window owns it.
 */
GwProjectController *gw_project_controller_new          (GtkWidget           *window);

/* Opens @file (a .gwproject) in the window, showing its latest run. */
void                 gw_project_controller_open         (GwProjectController *self,
                                                         GFile               *file);
/* Creates @file and opens it; what the window shows, if anything, is its
 * first run. */
void                 gw_project_controller_create       (GwProjectController *self,
                                                         GFile               *file);
/* Accepts or rejects the rows selected in the window's table. */
void                 gw_project_controller_curate_selection (GwProjectController *self,
                                                             GwCurationStatus     status,
                                                             const char          *reason);
gboolean             gw_project_controller_is_active    (GwProjectController *self);
/* (nullable): the project file shown (property "path", notified when it
 * changes).  The signal ::changed says the user stored or curated
 * something in it. */
const char          *gw_project_controller_get_path     (GwProjectController *self);
/* Reads the project again (the sidebar and the run on screen), after
 * something outside the window, such as a sync, changed the file. */
void                 gw_project_controller_reload       (GwProjectController *self);
/* How many runs the sidebar lists. */
guint                gw_project_controller_get_n_runs   (GwProjectController *self);
/* (nullable): the project's name, for the window title. */
const char          *gw_project_controller_get_name     (GwProjectController *self);
/* (nullable): the stored run on screen. */
const char          *gw_project_controller_get_run_id   (GwProjectController *self);
/* (nullable): its curation. */
GwCuration          *gw_project_controller_get_curation (GwProjectController *self);
/* (nullable) (transfer none): what Undo and Redo act on. */
GwHistory           *gw_project_controller_get_history  (GwProjectController *self);

/* Name, notes and LC column type: one new metadata revision (one
 * transaction, with author and time), then the title and sidebar follow.
 * The "project.properties" action opens a dialog that calls this. */
void                 gw_project_controller_set_metadata (GwProjectController *self,
                                                         const char          *name,
                                                         const char          *notes,
                                                         GwLcColumn           column_type);
/* (nullable) */
const char          *gw_project_controller_get_notes    (GwProjectController *self);
GwLcColumn           gw_project_controller_get_column_type (GwProjectController *self);
GwProjectPane       *gw_project_controller_get_pane     (GwProjectController *self);

/* The window calls this when an analysis of @source (a peak table, or
 * NULL) has completed and is shown: the run is stored. */
void                 gw_project_controller_run_finished (GwProjectController *self,
                                                         GwRun               *run,
                                                         GFile               *source);

/* TRUE when @file looks like a project (by its name). */
gboolean             gw_file_is_project                 (GFile               *file);

G_END_DECLS
