/* gw-widget-util.h: small widget helpers the app's views share
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A GtkListBox in the "boxed-list" style, rows not selectable. */
GtkWidget  *gw_boxed_list_new                      (void);

/* Tooltips for list cells that are bound again and again.  On a visible
 * widget gtk_widget_set_tooltip_text() re-queries the tooltip at once,
 * and GTK 4.8 asks the display server where the pointer is for that: a
 * round trip per cell, hundreds per sort or scroll.  A widget set up
 * with gw_widget_use_deferred_tooltip() keeps its tooltip text as data
 * and hands it over only when GTK asks for it (::query-tooltip).  No
 * text, or an empty one, shows no tooltip. */
void        gw_widget_use_deferred_tooltip         (GtkWidget  *widget);
/* Copies @text. */
void        gw_widget_set_deferred_tooltip         (GtkWidget  *widget,
                                                    const char *text);
/* Keeps @text, which must outlive @widget (a translated or static
 * string): no copy per bind. */
void        gw_widget_set_deferred_tooltip_static  (GtkWidget  *widget,
                                                    const char *text);

G_END_DECLS
