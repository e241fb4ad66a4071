/* gw-sync-dialogs.h: Share with Team and Browse Lab Projects
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Asks for a team and read or write access, then shares the server copy
 * of the project at @path with it. */
void       gw_sync_share_dialog_present  (GtkWindow  *parent,
                                          const char *path);
/* Lists the lab's projects from the server; opening one downloads it into
 * a new local .gwproject (which then syncs) and shows it in a window. */
GtkWindow *gw_sync_browse_window_present (GtkWindow  *parent);

G_END_DECLS
