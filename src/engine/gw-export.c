/* gw-export.c: export a run to a stream or, atomically, to a file
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-export"

#include "config.h"

#include "gw-export.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "gw-export-private.h"
#include "gw-safe-write.h"

/**
 * gw_export_curation_get_effective_status:
 * @curation: (nullable): the run's curation
 * @run: a run
 * @row: a row of @run
 *
 * Returns: (transfer none): "accepted" or "rejected" for a curated row,
 *   else the engine's status ("outlier", …)
 */
const char *
gw_export_curation_get_effective_status (const GwExportCuration *curation,
                                         GwRun                  *run,
                                         guint                   row)
{
  g_return_val_if_fail (run != NULL, NULL);

  if (curation != NULL && curation->status != NULL && row < curation->n_rows &&
      curation->status[row] != NULL)
    return curation->status[row];
  return gw_status_to_string (gw_run_get_status (run, row));
}

/**
 * gw_export_curation_validate:
 * @curation: (nullable): a curation
 * @run: the run it belongs to
 * @error: return location for an error
 *
 * Returns: %TRUE when @curation is NULL or matches @run
 */
gboolean
gw_export_curation_validate (const GwExportCuration *curation,
                             GwRun                  *run,
                             GError                **error)
{
  g_return_val_if_fail (run != NULL, FALSE);

  if (curation == NULL)
    return TRUE;

  if (curation->n_rows != gw_run_get_n_rows (run))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The curation covers %u rows but the run has %u",
                   curation->n_rows, gw_run_get_n_rows (run));
      return FALSE;
    }
  if (curation->n_log > 0 && curation->log == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The curation log has %u entries but no array", curation->n_log);
      return FALSE;
    }
  for (guint i = 0; i < curation->n_log; i++)
    if (curation->log[i].row >= (int) curation->n_rows)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "Curation log entry %u names row %d of a %u-row run",
                     i + 1, curation->log[i].row, curation->n_rows);
        return FALSE;
      }
  return TRUE;
}

/**
 * gw_export_format_get_extension:
 * @format: a format
 *
 * Returns: the usual extension, without the dot
 */
const char *
gw_export_format_get_extension (GwExportFormat format)
{
  switch (format)
    {
    case GW_EXPORT_CSV:
    case GW_EXPORT_CSV_MODELS:
      return "csv";
    case GW_EXPORT_JSON:
      return "json";
    case GW_EXPORT_XLSX:
      return "xlsx";
    case GW_EXPORT_MZTAB:
      return "mztab";
    default:
      g_return_val_if_reached ("");
    }
}

const char *
gw_export_format_to_string (GwExportFormat format)
{
  if (format == GW_EXPORT_CSV_MODELS)
    return "csv-models";
  return gw_export_format_get_extension (format);
}

gboolean
gw_export_format_from_string (const char     *str,
                              GwExportFormat *format)
{
  static const struct { const char *name; GwExportFormat format; } names[] = {
    { "csv", GW_EXPORT_CSV },
    { "csv-models", GW_EXPORT_CSV_MODELS },
    { "json", GW_EXPORT_JSON },
    { "xlsx", GW_EXPORT_XLSX },
    { "mztab", GW_EXPORT_MZTAB },
    { "mztab-m", GW_EXPORT_MZTAB },
  };

  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (str, names[i].name) == 0)
      {
        if (format != NULL)
          *format = names[i].format;
        return TRUE;
      }
  return FALSE;
}

#ifndef GW_HAVE_XLSXWRITER
/* Built without libxlsxwriter: say so instead of failing to link. */
gboolean
gw_export_xlsx (GwRun                  *run,
                const GwExportContext  *context,
                const char             *filename,
                GCancellable           *cancellable,
                GError                **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "This build has no XLSX support (libxlsxwriter was not found)");
  return FALSE;
}
#endif

/* libxlsxwriter writes only to a named file: write one in the temporary
 * folder and copy it to @out. */
static gboolean
export_xlsx_to_stream (GwRun                 *run,
                       const GwExportContext *context,
                       GOutputStream         *out,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  gboolean ok;
  int fd;

  fd = g_file_open_tmp ("gw-export-XXXXXX.xlsx", &path, error);
  if (fd < 0)
    return FALSE;
  close (fd);

  file = g_file_new_for_path (path);
  ok = gw_export_xlsx (run, context, path, cancellable, error) &&
       (in = g_file_read (file, cancellable, error)) != NULL &&
       g_output_stream_splice (out, G_INPUT_STREAM (in),
                               G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                               cancellable, error) >= 0;
  g_unlink (path);
  return ok;
}

/**
 * gw_export_to_stream_full:
 * @run: a run
 * @format: what to write
 * @context: (nullable): project, run ID and curation
 * @out: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_to_stream_full (GwRun                 *run,
                          GwExportFormat         format,
                          const GwExportContext *context,
                          GOutputStream         *out,
                          GCancellable          *cancellable,
                          GError               **error)
{
  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (context != NULL &&
      !gw_export_curation_validate (context->curation, run, error))
    return FALSE;

  switch (format)
    {
    case GW_EXPORT_CSV:
      return gw_export_csv_full (run, context, out, cancellable, error);
    case GW_EXPORT_CSV_MODELS:
      return gw_export_csv_models (run, out, cancellable, error);
    case GW_EXPORT_JSON:
      return gw_export_json_full (run, context, out, cancellable, error);
    case GW_EXPORT_XLSX:
      return export_xlsx_to_stream (run, context, out, cancellable, error);
    case GW_EXPORT_MZTAB:
      return gw_export_mztab (run, context, out, cancellable, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * gw_export_to_stream:
 * @run: a run
 * @format: what to write
 * @out: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_to_stream (GwRun          *run,
                     GwExportFormat  format,
                     GOutputStream  *out,
                     GCancellable   *cancellable,
                     GError        **error)
{
  return gw_export_to_stream_full (run, format, NULL, out, cancellable, error);
}

/**
 * gw_export_to_file:
 * @run: a run
 * @format: what to write
 * @dest: the file to create or replace
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes to a temporary file next to @dest and renames it over @dest once
 * complete.  On failure or cancellation @dest is untouched and the
 * temporary file is removed.  A @dest that is not a regular file, such as
 * /dev/stdout, is written through (see gw_safe_write_begin()).
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_to_file (GwRun          *run,
                   GwExportFormat  format,
                   GFile          *dest,
                   GCancellable   *cancellable,
                   GError        **error)
{
  return gw_export_to_file_full (run, format, NULL, dest, cancellable, error);
}

/**
 * gw_export_to_file_full:
 * @run: a run
 * @format: what to write
 * @context: (nullable): project, run ID and curation
 * @dest: the file to create or replace
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * gw_export_to_file() with a context.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_export_to_file_full (GwRun                 *run,
                        GwExportFormat         format,
                        const GwExportContext *context,
                        GFile                 *dest,
                        GCancellable          *cancellable,
                        GError               **error)
{
  GwSafeWrite *write;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The workbook is written by name; the other formats to a stream. */
  write = gw_safe_write_begin (dest, format == GW_EXPORT_XLSX ? GW_SAFE_WRITE_BY_NAME
                                                              : GW_SAFE_WRITE_NONE,
                               cancellable, error);
  if (write == NULL)
    return FALSE;

  if (format == GW_EXPORT_XLSX)
    ok = (context == NULL ||
          gw_export_curation_validate (context->curation, run, &local_error)) &&
         gw_export_xlsx (run, context, gw_safe_write_get_path (write), cancellable,
                         &local_error);
  else
    ok = gw_export_to_stream_full (run, format, context, gw_safe_write_get_stream (write),
                                   cancellable, &local_error);

  if (!ok)
    return gw_safe_write_fail (write, g_steal_pointer (&local_error), error);

  return gw_safe_write_commit (write, cancellable, error);
}
