/* gw-report.h: the PDF report of a run (Cairo, Pango and the plot scenes)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-analysis.h"
#include "gw-export.h"
#include "gw-run.h"

G_BEGIN_DECLS

typedef enum
{
  GW_REPORT_PAPER_A4,
  GW_REPORT_PAPER_LETTER,
} GwReportPaper;

/**
 * GwReportOptions:
 *
 * What goes into a report.  Plain data; gw_report_options_init() gives
 * the defaults (A4, every plot, no context).
 */
typedef struct
{
  GwReportPaper          paper;
  /* (nullable): project name, run ID and curation.  With a curation the
   * summary counts effective statuses and the lists show the overrides. */
  const GwExportContext *context;
  gboolean               overall_plots;   /* RT vs Log P and residuals, all groups */
  gboolean               group_plots;     /* the same per fitted group */
  /* Rows listed per section (outliers, fragments, …) before the list says
   * "and N more"; 0 means no limit. */
  guint                  max_list_rows;
} GwReportOptions;

void         gw_report_options_init      (GwReportOptions *options);
const char  *gw_report_paper_to_string   (GwReportPaper    paper);   /* "a4", "letter" */
gboolean     gw_report_paper_from_string (const char      *str,
                                          GwReportPaper   *paper);

/**
 * gw_report_write:
 *
 * Writes the report of @run as PDF to @out: a title page with the run's
 * metadata and parameters, summary counts, plots overall and per group,
 * the lists of outliers, fragments, isomers and invalid rows with their
 * reasons, the models and the curation log.  Pages are numbered "Page N
 * of M"; text is real text (selectable, searchable).  @progress is called
 * from the calling thread.  Safe on any thread.
 */
gboolean     gw_report_write             (GwRun                 *run,
                                          const GwReportOptions *options,
                                          GOutputStream         *out,
                                          GCancellable          *cancellable,
                                          GwProgressFunc         progress,
                                          gpointer               progress_data,
                                          GError               **error);

/* gw_report_write() into @dest, replaced only once the whole report is
 * written. */
gboolean     gw_report_write_file        (GwRun                 *run,
                                          const GwReportOptions *options,
                                          GFile                 *dest,
                                          GCancellable          *cancellable,
                                          GwProgressFunc         progress,
                                          gpointer               progress_data,
                                          GError               **error);

G_END_DECLS
