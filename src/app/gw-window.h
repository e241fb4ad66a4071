/* gw-window.h: a window showing one peak table and its analysis
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GW_TYPE_WINDOW (gw_window_get_type ())

G_DECLARE_FINAL_TYPE (GwWindow, gw_window, GW, WINDOW, AdwApplicationWindow)

GwWindow *gw_window_new      (GtkApplication *application);
/* Reads @file in this window, replacing what it shows once the file has
 * been read successfully. */
void      gw_window_open     (GwWindow       *self,
                              GFile          *file);
/* (nullable) (transfer none): the file shown, or being read. */
GFile    *gw_window_get_file (GwWindow       *self);
/* TRUE when the window shows no file and is not reading one. */
gboolean  gw_window_is_empty (GwWindow       *self);

G_END_DECLS
