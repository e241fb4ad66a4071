/* gw-export-dialog.h: export a run as CSV, JSON, XLSX, mzTab-M or a PDF report
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gw-export.h"
#include "gw-run.h"

G_BEGIN_DECLS

#define GW_TYPE_EXPORT_DIALOG (gw_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GwExportDialog, gw_export_dialog, GW, EXPORT_DIALOG, AdwWindow)

/* A modal dialog for @run.  @context (nullable) is copied: project name,
 * run ID and curation; without a curation the "Statuses" choice is
 * disabled.  When the export is done the dialog closes and a toast with
 * "Open" appears in @parent's toast overlay (its content, when it is an
 * AdwToastOverlay). */
GwExportDialog *gw_export_dialog_new        (GtkWindow             *parent,
                                             GwRun                 *run,
                                             const GwExportContext *context);

/* For tests: choose a format (GwExportFormat, or -1 for the PDF report)
 * and export to @file without the file chooser. */
void            gw_export_dialog_export_to  (GwExportDialog        *self,
                                             int                    format,
                                             GFile                 *file);
gboolean        gw_export_dialog_is_busy    (GwExportDialog        *self);
/* The "Statuses" choice: TRUE for curated (effective) statuses, FALSE for
 * the raw ones.  Ignored when the run has no curation. */
void            gw_export_dialog_set_curated (GwExportDialog       *self,
                                              gboolean              curated);
gboolean        gw_export_dialog_get_curated (GwExportDialog       *self);

G_END_DECLS
