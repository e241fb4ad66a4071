/* gw-export.h: write a run as CSV or JSON (ANALYSIS.md §8)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-run.h"

G_BEGIN_DECLS

typedef enum
{
  GW_EXPORT_CSV,          /* one row per input row */
  GW_EXPORT_CSV_MODELS,   /* one row per group model */
  GW_EXPORT_JSON,         /* run, models, reports and rows */
} GwExportFormat;

/* The columns of the CSV export, before the input's extra columns. */
#define GW_EXPORT_CSV_COLUMNS \
  "line,Name,RT,Volume,Log P,Anchor,status,reason,group,model_level," \
  "predicted_rt,residual,z,pi_low,pi_high,confidence,fragment_of,isomer_of," \
  "sialic,sugars,category,modifications,oac_base,oac_shift,warnings"

/*
 * Every writer streams to @out in large chunks and checks @cancellable
 * between chunks.  They do not close @out.  Rows that refer to other rows
 * (fragment_of, isomer_of, oac_base) give that row's 1-based line in the
 * input file.  Empty CSV cells and JSON nulls mark values that do not
 * apply.  Safe to call from any thread: a run is immutable.
 */
gboolean     gw_export_csv          (GwRun          *run,
                                     GOutputStream  *out,
                                     GCancellable   *cancellable,
                                     GError        **error);
gboolean     gw_export_csv_models   (GwRun          *run,
                                     GOutputStream  *out,
                                     GCancellable   *cancellable,
                                     GError        **error);
gboolean     gw_export_json         (GwRun          *run,
                                     GOutputStream  *out,
                                     GCancellable   *cancellable,
                                     GError        **error);

gboolean     gw_export_to_stream    (GwRun          *run,
                                     GwExportFormat  format,
                                     GOutputStream  *out,
                                     GCancellable   *cancellable,
                                     GError        **error);

/* Writes to a temporary file next to @dest and renames it into place only
 * when everything was written, so @dest is either its old self or the
 * complete new export, never half a file.  On error or cancellation the
 * temporary file is deleted. */
gboolean     gw_export_to_file      (GwRun          *run,
                                     GwExportFormat  format,
                                     GFile          *dest,
                                     GCancellable   *cancellable,
                                     GError        **error);

G_END_DECLS
