/* gw-view-order.h: which rows the table shows, in which order
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-run.h"

G_BEGIN_DECLS

typedef struct
{
  int       sort_column;   /* a GwResultColumn, or -1 for input order */
  gboolean  descending;
  guint     status_mask;   /* bit (1 << status); 0 for every status */
  char     *search;        /* (nullable): case-insensitive name substring */
} GwViewSpec;

void        gw_view_spec_clear     (GwViewSpec          *spec);
gboolean    gw_view_spec_is_identity (const GwViewSpec  *spec);

/* Values of a row as the table shows and sorts them.  Thread-safe. */
double      gw_view_row_number     (GwRun               *run,
                                    guint                row,
                                    int                  column);
const char *gw_view_row_text       (GwRun               *run,
                                    guint                row,
                                    int                  column);
gboolean    gw_view_column_is_text (int                  column);

/* Filters and sorts the rows of @run by a copy of @spec on a worker. */
void        gw_view_order_async    (GwRun               *run,
                                    const GwViewSpec    *spec,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* Returns the rows to show, in order (transfer full, @n_rows long). */
guint      *gw_view_order_finish   (GAsyncResult        *result,
                                    guint               *n_rows,
                                    GError             **error);

G_END_DECLS
