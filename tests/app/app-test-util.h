/* app-test-util.h: the set-up the UI tests share
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-application.h"

G_BEGIN_DECLS

/* Starts a private D-Bus session and registers a non-unique application
 * with @app_id on it. */
GwApplication *gw_test_app_up         (const char     *app_id);
/* Destroys every window, lets cancelled workers report back for
 * @spin_ms, then drops *@app and stops the session. */
void           gw_test_app_down       (GwApplication **app,
                                       guint           spin_ms);
/* For gw_test_wait_for(): the GwWindow @window and its table are idle. */
gboolean       gw_test_window_idle    (gpointer        window);
/* @name in the shared real data (GW_SHARED_DATA). */
char          *gw_test_shared_path    (const char     *name);
/* Whether @model, or a section or submenu of it, has an item whose
 * @attribute (G_MENU_ATTRIBUTE_LABEL, _ACTION, ...) is the string @value. */
gboolean       gw_test_menu_has       (GMenuModel     *model,
                                       const char     *attribute,
                                       const char     *value);
/* Adds @func as the test @path, run in a subprocess of its own (GTK is
 * set up once per process), which fails after @timeout_s seconds (0: no
 * limit).  A case still running 10 s before its limit (after 120 s at
 * most) prints every thread's stack (gw_test_watchdog_start()). */
void           gw_test_add_isolated   (const char     *path,
                                       GTestFunc       func,
                                       guint           timeout_s);

/* From now on, once @seconds have passed, prints to stderr that the
 * process is still running and, when gdb is installed, the stack of each
 * of its threads; the process then carries on.  A hung UI test is
 * killed by its time limit with nothing said about where it hung. */
void           gw_test_watchdog_start (guint           seconds);

G_END_DECLS
