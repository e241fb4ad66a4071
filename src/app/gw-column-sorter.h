/* gw-column-sorter.h: a column's sort marker, read back from the view
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GW_TYPE_COLUMN_SORTER (gw_column_sorter_get_type ())

G_DECLARE_FINAL_TYPE (GwColumnSorter, gw_column_sorter, GW, COLUMN_SORTER, GtkSorter)

GtkSorter *gw_column_sorter_new (guint column);

/* Asks @view_sorter (a GtkColumnViewSorter whose columns carry
 * GwColumnSorters) which column sorts first and in which direction.
 * Returns FALSE when the view is not sorted. */
gboolean   gw_column_sorter_probe (GtkSorter *view_sorter,
                                   guint     *column,
                                   gboolean  *descending);

G_END_DECLS
