/* gw-sync-indicator.h: a window's sync status in its header bar
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GW_TYPE_SYNC_INDICATOR (gw_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (GwSyncIndicator, gw_sync_indicator, GW, SYNC_INDICATOR, GtkWidget)

/*
 * A header-bar button that shows the open project's sync status (synced,
 * N waiting, syncing, offline, error; the reason in the tooltip and the
 * popover) and offers Sync Now and Share with Team.  It installs the
 * window actions sync.now, sync.share and sync.browse ("Browse Lab
 * Projects", also in the primary menu), tells the app's GwSyncManager
 * which project the window shows and when the user changes it, and
 * reloads the project when a sync brings items from the server.  It is
 * hidden while the project does not sync.
 */
GwSyncIndicator *gw_sync_indicator_new      (GtkWidget       *window);
/* The text on the button, e.g. "Synced" or "Offline" (for tests). */
const char      *gw_sync_indicator_get_text (GwSyncIndicator *self);

G_END_DECLS
