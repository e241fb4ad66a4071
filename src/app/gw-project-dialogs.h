/* gw-project-dialogs.h: the audit log and run comparison windows
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gw-project.h"

G_BEGIN_DECLS

/* Lists who did what, when and why to @run (every event, undo and redo
 * included, oldest first).  Returns the new window, already presented. */
GtkWindow *gw_audit_log_window_new     (GtkWindow       *parent,
                                        GwRun           *run,
                                        GwCuration      *curation);

/* Adds the project's metadata history (element-type GwMetadataRevision,
 * oldest first: renames, notes and column-type changes, with who and
 * when) to an audit-log window. */
void       gw_audit_log_window_add_project_history (GtkWindow *window,
                                                    GPtrArray *revisions);

/* Called with the edited values when the user saves the properties. */
typedef void (*GwPropertiesSaveFunc) (const char *name,
                                      const char *notes,
                                      GwLcColumn  column_type,
                                      gpointer    user_data);

/* "Project Properties": the project's name, notes and LC column type,
 * with the HILIC caveat shown while HILIC is chosen.  @save runs when the
 * user saves; @user_data is released with @destroy when the window goes.
 * Returns the new window, already presented. */
GtkWindow *gw_project_properties_window_new (GtkWindow            *parent,
                                             const char           *name,
                                             const char           *notes,
                                             GwLcColumn            column_type,
                                             GwPropertiesSaveFunc  save,
                                             gpointer              user_data,
                                             GDestroyNotify        destroy);

G_END_DECLS
