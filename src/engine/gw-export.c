/* gw-export.c: export a run to a stream or, atomically, to a file
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-export"

#include "config.h"

#include "gw-export.h"

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
  switch (format)
    {
    case GW_EXPORT_CSV:
      return gw_export_csv (run, out, cancellable, error);
    case GW_EXPORT_CSV_MODELS:
      return gw_export_csv_models (run, out, cancellable, error);
    case GW_EXPORT_JSON:
      return gw_export_json (run, out, cancellable, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* A new, empty file next to @dest, named ".NAME.XXXXXX", so that the
 * final rename stays within one file system.  g_file_replace() is not
 * enough on its own: it writes a file that does not exist yet in place,
 * so an interrupted export would leave half a file under the real name. */
static GFileOutputStream *
create_temp_next_to (GFile         *dest,
                     GFile        **tmp_out,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (dest);
  g_autofree char *base = g_file_get_basename (dest);

  if (parent == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   "Cannot write to “%s”: not a file name", base);
      return NULL;
    }

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *name = g_strdup_printf (".%s.%06x", base,
                                               g_random_int () & 0xffffff);
      g_autoptr(GFile) tmp = g_file_get_child (parent, name);
      GFileOutputStream *stream;

      stream = g_file_create (tmp, G_FILE_CREATE_NONE, cancellable, &local_error);
      if (stream != NULL)
        {
          *tmp_out = g_steal_pointer (&tmp);
          return stream;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_autofree char *path = g_file_get_parse_name (dest);

          g_set_error (error, local_error->domain, local_error->code,
                       "Cannot write “%s”: %s", path, local_error->message);
          return NULL;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               "Cannot create a temporary file next to “%s”", base);
  return NULL;
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
 * temporary file is removed.
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
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GFile) tmp = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stream = create_temp_next_to (dest, &tmp, cancellable, error);
  if (stream == NULL)
    return FALSE;

  ok = gw_export_to_stream (run, format, G_OUTPUT_STREAM (stream), cancellable, &local_error) &&
       g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error) &&
       g_file_move (tmp, dest,
                    G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    cancellable, NULL, NULL, &local_error);

  if (!ok)
    {
      g_autofree char *path = g_file_get_parse_name (dest);

      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_file_delete (tmp, NULL, NULL);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, local_error->domain, local_error->code,
                     "Cannot write “%s”: %s", path, local_error->message);
      return FALSE;
    }

  return TRUE;
}
