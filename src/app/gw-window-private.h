/* gw-window-private.h: window internals the UI tests drive
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gw-detail-pane.h"
#include "gw-models-view.h"
#include "gw-params-panel.h"
#include "gw-plot-page.h"
#include "gw-result-table.h"
#include "gw-curation.h"
#include "gw-project-controller.h"
#include "gw-run.h"
#include "gw-status-summary.h"
#include "gw-sync-indicator.h"
#include "gw-window.h"

G_BEGIN_DECLS

/* (nullable) (transfer none): the run on screen. */
GwRun           *gw_window_get_run           (GwWindow *self);
/* (nullable) (transfer none): the table read from the file. */
GwTable         *gw_window_get_table         (GwWindow *self);
/* TRUE while a file is read, an analysis runs or a re-run is pending. */
gboolean         gw_window_is_busy           (GwWindow *self);
/* How many runs have completed and been shown. */
guint            gw_window_get_n_runs        (GwWindow *self);
/* Starts the pending re-run now instead of after the debounce delay. */
void             gw_window_flush_rerun       (GwWindow *self);
GtkDropTarget   *gw_window_get_drop_target   (GwWindow *self);
GwResultTable   *gw_window_get_result_table  (GwWindow *self);
GwStatusSummary *gw_window_get_summary       (GwWindow *self);
GwParamsPanel   *gw_window_get_params_panel  (GwWindow *self);
GwDetailPane    *gw_window_get_detail_pane   (GwWindow *self);
GwModelsView    *gw_window_get_models_view   (GwWindow *self);
GwPlotPage      *gw_window_get_plot_page     (GwWindow *self);
/* For the project controller: the title again, a stored run shown in
 * place of the current one, the curation shown over the table. */
void             gw_window_refresh_title     (GwWindow   *self);
GwProjectController *gw_window_get_project   (GwWindow   *self);
/* The header bar's sync status button. */
GwSyncIndicator *gw_window_get_sync_indicator (GwWindow  *self);
void             gw_window_show_stored_run   (GwWindow   *self,
                                              GwRun      *run);
void             gw_window_set_curation      (GwWindow   *self,
                                              GwCuration *curation);
/* Shows the table with run row @row selected and scrolled to, clearing
 * the filters that hide it, and raises the window. */
void             gw_window_show_row          (GwWindow   *self,
                                              guint       row);
/* The header bar's button to the input's warnings (hidden without any),
 * and the toast that announced them while it shows (nullable). */
GtkWidget       *gw_window_get_warnings_button (GwWindow *self);
AdwToast        *gw_window_get_warnings_toast  (GwWindow *self);
/* "empty", "loading" or "results". */
const char      *gw_window_get_state         (GwWindow *self);

G_END_DECLS
