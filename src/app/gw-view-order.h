/* gw-view-order.h: which rows the table shows, in which order
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-curation.h"
#include "gw-run.h"

G_BEGIN_DECLS

/* The effective status categories the status filter and the summary use:
 * the engine's GwStatus values, then the analyst's overrides, which take
 * a curated row out of its engine status. */
enum
{
  GW_VIEW_ACCEPTED = GW_N_STATUSES,
  GW_VIEW_REJECTED,
  GW_VIEW_N_CATEGORIES,
};

typedef struct
{
  int         sort_column;   /* a GwResultColumn, or -1 for input order */
  gboolean    descending;
  guint       status_mask;   /* bit (1 << category); 0 for every status */
  char       *search;        /* (nullable): case-insensitive name substring,
                              * or the start of a row's effective status */
  GwCuration *curation;      /* (nullable) (owned): overrides in effect */
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

/* The effective category of @row (a GwStatus, GW_VIEW_ACCEPTED or
 * GW_VIEW_REJECTED); @curation may be NULL.  Thread-safe. */
guint       gw_view_row_category   (GwRun               *run,
                                    GwCuration          *curation,
                                    guint                row);
/* "accepted", "rejected" or the engine's status string ("outlier"). */
const char *gw_view_row_effective_status (GwRun         *run,
                                          GwCuration    *curation,
                                          guint          row);
/* The position of @row's effective status in the Status column's sort
 * order (the status strip's order: Accepted, Rejected, then the engine's
 * statuses).  Thread-safe. */
guint       gw_view_row_status_rank (GwRun              *run,
                                     GwCuration         *curation,
                                     guint               row);
/* Whether @row passes @status_mask and @search (see GwViewSpec). */
gboolean    gw_view_row_matches    (GwRun               *run,
                                    GwCuration          *curation,
                                    guint                row,
                                    guint                status_mask,
                                    const char          *search);

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
