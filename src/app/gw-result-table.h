/* gw-result-table.h: the compounds table
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-result-filter.h"
#include "gw-curation.h"
#include "gw-run.h"

G_BEGIN_DECLS

typedef enum
{
  GW_RESULT_COLUMN_LINE,
  GW_RESULT_COLUMN_NAME,
  GW_RESULT_COLUMN_GROUP,
  GW_RESULT_COLUMN_RT,
  GW_RESULT_COLUMN_LOGP,
  GW_RESULT_COLUMN_VOLUME,
  GW_RESULT_COLUMN_ANCHOR,
  GW_RESULT_COLUMN_STATUS,
  GW_RESULT_COLUMN_PREDICTED,
  GW_RESULT_COLUMN_RESIDUAL,
  GW_RESULT_COLUMN_Z,
  GW_RESULT_COLUMN_CONFIDENCE,
  GW_RESULT_COLUMN_REASON,
  GW_N_RESULT_COLUMNS
} GwResultColumn;

#define GW_TYPE_RESULT_TABLE (gw_result_table_get_type ())

G_DECLARE_FINAL_TYPE (GwResultTable, gw_result_table, GW, RESULT_TABLE, GtkWidget)

GtkWidget          *gw_result_table_new           (void);
/* (nullable) */
GwRun              *gw_result_table_get_run       (GwResultTable  *self);
void                gw_result_table_set_run       (GwResultTable  *self,
                                                   GwRun          *run);
GwResultFilter     *gw_result_table_get_filter    (GwResultTable  *self);
/* The visible rows, sorted and filtered: what the view shows. */
GtkSelectionModel  *gw_result_table_get_model     (GwResultTable  *self);
GtkColumnView      *gw_result_table_get_view      (GwResultTable  *self);
GtkColumnViewColumn *gw_result_table_get_column   (GwResultTable  *self,
                                                   GwResultColumn  column);
/* TRUE while sorting or filtering is still in progress. */
gboolean            gw_result_table_is_busy       (GwResultTable  *self);
/* The run row of the first selected item, or -1. */
int                 gw_result_table_get_selected_row (GwResultTable *self);
/* Selects run row @row alone and scrolls to it; clears the filters when
 * they hide it.  Returns FALSE when the row does not exist. */
gboolean            gw_result_table_select_row    (GwResultTable  *self,
                                                   guint           row);
/* Shows @curation's calls (badge and tooltip) over the run's; NULL for
 * none.  Rows keep their place: only the status cells change. */
void                gw_result_table_set_curation  (GwResultTable  *self,
                                                   GwCuration     *curation);
/* The selected rows as TSV with a header line. */
char               *gw_result_table_dup_selection_tsv (GwResultTable *self);
/* Whether the table is narrow enough to hide the columns the row details
 * show (Predicted, Residual), so the rest fits without scrolling. */
gboolean            gw_result_table_is_compact    (GwResultTable  *self);

G_END_DECLS
