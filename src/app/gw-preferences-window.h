/* gw-preferences-window.h: Preferences: the lab server, sign-in, which projects sync
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GW_TYPE_PREFERENCES_WINDOW (gw_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (GwPreferencesWindow, gw_preferences_window, GW, PREFERENCES_WINDOW, AdwPreferencesWindow)

GwPreferencesWindow *gw_preferences_window_new (GtkWindow *parent);

/* For the UI tests: the widgets a user types into and clicks. */
GtkWidget  *gw_preferences_window_get_url_row         (GwPreferencesWindow *self);
GtkWidget  *gw_preferences_window_get_user_row        (GwPreferencesWindow *self);
GtkWidget  *gw_preferences_window_get_password_row    (GwPreferencesWindow *self);
GtkWidget  *gw_preferences_window_get_sign_in_button  (GwPreferencesWindow *self);
GtkWidget  *gw_preferences_window_get_sign_out_button (GwPreferencesWindow *self);
/* (nullable): the switch that makes the project at @path sync. */
GtkWidget  *gw_preferences_window_get_project_switch  (GwPreferencesWindow *self,
                                                       const char          *path);
/* "Signed in as …" or "Not signed in". */
const char *gw_preferences_window_get_account_text    (GwPreferencesWindow *self);
/* The last sign-in failure, or "". */
const char *gw_preferences_window_get_error_text      (GwPreferencesWindow *self);
/* Whether the "kept in memory only" warning shows. */
gboolean    gw_preferences_window_shows_memory_warning (GwPreferencesWindow *self);

G_END_DECLS
