/* gw-column-sorter.c: a column's sort marker, read back from the view
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-column-sorter"

#include "config.h"

#include "gw-column-sorter.h"

/* The table sorts a million rows on a worker thread (see GwResultTable),
 * but the column headers, their arrows and their clicks belong to
 * GtkColumnView, whose GtkColumnViewSorter has no API in GTK 4.8 to say
 * which column is primary.  Each column therefore carries one of these:
 * comparing two items through the view's sorter calls the primary column's
 * sorter first, which records itself, and the view inverts the answer for
 * a descending column.  The sorter never orders real items. */
struct _GwColumnSorter
{
  GtkSorter parent_instance;
  guint     column;
};

G_DEFINE_FINAL_TYPE (GwColumnSorter, gw_column_sorter, GTK_TYPE_SORTER)

/* Probing runs on the main thread only. */
static int probed_column = -1;

static GtkOrdering
gw_column_sorter_compare (GtkSorter *sorter,
                          gpointer   item1,
                          gpointer   item2)
{
  GwColumnSorter *self = GW_COLUMN_SORTER (sorter);

  if (probed_column < 0)
    probed_column = self->column;

  return GTK_ORDERING_SMALLER;
}

static GtkSorterOrder
gw_column_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
gw_column_sorter_class_init (GwColumnSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = gw_column_sorter_compare;
  sorter_class->get_order = gw_column_sorter_get_order;
}

static void
gw_column_sorter_init (GwColumnSorter *self)
{
}

GtkSorter *
gw_column_sorter_new (guint column)
{
  GwColumnSorter *self = g_object_new (GW_TYPE_COLUMN_SORTER, NULL);

  self->column = column;
  return GTK_SORTER (self);
}

gboolean
gw_column_sorter_probe (GtkSorter *view_sorter,
                        guint     *column,
                        gboolean  *descending)
{
  g_autoptr(GObject) a = NULL;
  g_autoptr(GObject) b = NULL;
  GtkOrdering ordering;

  g_return_val_if_fail (GTK_IS_SORTER (view_sorter), FALSE);

  if (gtk_sorter_get_order (view_sorter) == GTK_SORTER_ORDER_NONE)
    return FALSE;

  a = g_object_new (G_TYPE_OBJECT, NULL);
  b = g_object_new (G_TYPE_OBJECT, NULL);

  probed_column = -1;
  ordering = gtk_sorter_compare (view_sorter, a, b);
  if (probed_column < 0)
    return FALSE;

  *column = probed_column;
  *descending = ordering == GTK_ORDERING_LARGER;
  probed_column = -1;
  return TRUE;
}
