/* gw-export.h: write a run as CSV, JSON, XLSX or mzTab-M (ANALYSIS.md §8)
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
  GW_EXPORT_XLSX,         /* sheets Compounds, Models, Rules, Run */
  GW_EXPORT_MZTAB,        /* mzTab-M 2.0 (docs/mztab.md) */
} GwExportFormat;

/**
 * GwExportCurationEntry:
 *
 * One line of the curation log, as the report and the XLSX file print it.
 * Plain data: the strings belong to the caller.
 */
typedef struct
{
  gint64      time;     /* µs since the epoch, real time */
  int         row;      /* 0-based row of the run, or -1 (undo/redo of an action) */
  const char *action;   /* "accepted", "rejected", "undo", "redo" */
  const char *reason;   /* (nullable) */
  const char *author;   /* (nullable) */
} GwExportCurationEntry;

/**
 * GwExportCuration:
 *
 * An analyst's overrides of a run's calls, handed to the exporters as plain
 * arrays so that the engine does not depend on the project store.  Every
 * per-row array is @n_rows long (the run's row count) and may be NULL;
 * a NULL @status entry means "not curated": the engine's call stands.
 */
typedef struct
{
  guint                        n_rows;
  const char * const          *status;   /* "accepted" / "rejected", or NULL */
  const char * const          *reason;
  const char * const          *author;
  const gint64                *time;     /* µs since the epoch; 0 when none */
  guint                        n_log;
  const GwExportCurationEntry *log;      /* the audit log, oldest first */
} GwExportCuration;

/**
 * GwExportContext:
 *
 * What an export knows beyond the run itself.  Every field is optional
 * (NULL); a zero-initialised context is the same as passing none.
 */
typedef struct
{
  const char             *project;     /* project name */
  const char             *run_id;      /* the stored run's UUID */
  const char             *author;      /* who made the run */
  const GwExportCuration *curation;
} GwExportContext;

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

/* The columns added to the per-row exports when a curation is given. */
#define GW_EXPORT_CURATION_COLUMNS \
  "effective_status,curated,curation_reason,curation_author,curation_time"

/* The effective status of @row: the curated one when @curation has one,
 * else the engine's.  @curation may be NULL. */
const char  *gw_export_curation_get_effective_status (const GwExportCuration *curation,
                                                      GwRun                  *run,
                                                      guint                   row);
/* Checks @curation against @run (row count, entries in range). */
gboolean     gw_export_curation_validate (const GwExportCuration *curation,
                                          GwRun                  *run,
                                          GError                **error);

/* Writes the workbook straight to @filename (libxlsxwriter needs a file,
 * not a stream); use gw_export_to_file_full() for an atomic replace.
 * @context may be NULL. */
gboolean     gw_export_xlsx         (GwRun                  *run,
                                     const GwExportContext  *context,
                                     const char             *filename,
                                     GCancellable           *cancellable,
                                     GError                **error);
/* mzTab-M 2.0.0-M, tab-separated.  @context may be NULL. */
gboolean     gw_export_mztab        (GwRun                  *run,
                                     const GwExportContext  *context,
                                     GOutputStream          *out,
                                     GCancellable           *cancellable,
                                     GError                **error);

/* The name of @row as the mzTab export writes it: "GD1a+2OAc 36:1;O2"
 * (LIPID MAPS species style), or the name as written when it did not
 * parse.  Newly allocated. */
char        *gw_export_mztab_shorthand (GwTable      *table,
                                        guint         row);

/* The usual file extension of @format, without the dot ("xlsx"). */
const char  *gw_export_format_get_extension (GwExportFormat format);
/* "csv", "json", "xlsx", "mztab" (and "csv-models"). */
const char  *gw_export_format_to_string     (GwExportFormat format);
gboolean     gw_export_format_from_string   (const char     *str,
                                             GwExportFormat *format);

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

/* Like gw_export_to_stream() and gw_export_to_file(), with a context: the
 * CSV, JSON, XLSX and mzTab exports then carry the effective status and
 * the curation columns.  @context may be NULL. */
gboolean     gw_export_to_stream_full (GwRun                 *run,
                                       GwExportFormat         format,
                                       const GwExportContext *context,
                                       GOutputStream         *out,
                                       GCancellable          *cancellable,
                                       GError               **error);
gboolean     gw_export_to_file_full (GwRun                 *run,
                                     GwExportFormat         format,
                                     const GwExportContext *context,
                                     GFile                 *dest,
                                     GCancellable          *cancellable,
                                     GError               **error);

G_END_DECLS
