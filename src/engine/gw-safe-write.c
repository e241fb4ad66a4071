/* gw-safe-write.c: replace a file in one step, or write through to a device
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file the programs write (exports, reports, plots) goes through
 * here, so that an interrupted or failed write never leaves half a file
 * under the real name: the data goes to a temporary file next to the
 * destination, which is renamed over it once complete.
 *
 * Renaming is only right for regular files.  Renaming over /dev/null or
 * /dev/stdout (which a root shell may do) would replace the device node by
 * a regular file, and renaming over a symbolic link would replace the link
 * instead of the file it points to.  So a destination that exists and is
 * not a regular file is written through, and a symbolic link is followed
 * to the file that is then replaced.
 */

#define G_LOG_DOMAIN "gw-safe-write"

#include "config.h"

#include "gw-safe-write.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gstdio.h>

struct _GwSafeWrite
{
  GFile         *dest;   /* as named by the user, for messages */
  GFile         *target; /* renamed over, or written through */
  GFile         *tmp;    /* the temporary file, if any */
  GOutputStream *stream; /* what the caller writes to (NONE flag) */
  char          *path;   /* what the caller writes by name (BY_NAME) */
  gboolean       direct; /* write through instead of renaming */
};

/* Symbolic links this deep are a loop, as for the kernel (ELOOP). */
#define MAX_LINKS 40

static void
gw_safe_write_free (GwSafeWrite *self)
{
  g_clear_object (&self->stream);
  g_clear_object (&self->tmp);
  g_clear_object (&self->target);
  g_clear_object (&self->dest);
  g_free (self->path);
  g_free (self);
}

static void
prefix_error (GError    **error,
              GFile      *dest,
              GError     *local_error)
{
  g_autofree char *name = g_file_get_parse_name (dest);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local_error);
  else
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "Cannot write “%s”: %s", name, local_error->message);
      g_error_free (local_error);
    }
}

/* The file a new, not yet existing @dest really names: @dest itself, or
 * the end of the chain of dangling symbolic links that starts at it. */
static GFile *
follow_dangling_links (GFile         *dest,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFile) file = g_object_ref (dest);

  for (guint depth = 0; depth < MAX_LINKS; depth++)
    {
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GFile) parent = NULL;
      const char *link;

      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                G_FILE_ATTRIBUTE_STANDARD_SYMLINK_TARGET,
                                G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, NULL);
      if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_SYMBOLIC_LINK)
        return g_steal_pointer (&file);

      link = g_file_info_get_symlink_target (info);
      parent = g_file_get_parent (file);
      if (link == NULL || parent == NULL)
        return g_steal_pointer (&file);
      g_object_unref (file);
      file = g_file_resolve_relative_path (parent, link);
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                       "too many levels of symbolic links");
  return NULL;
}

/* The regular file @dest names, with every symbolic link resolved, so
 * that the rename replaces the file and keeps the links to it. */
static GFile *
canonical_file (GFile *dest)
{
  g_autofree char *path = g_file_get_path (dest);
  g_autofree char *real = NULL;

  if (path == NULL)
    return g_object_ref (dest);
  real = realpath (path, NULL);
  if (real == NULL)
    return g_object_ref (dest);
  return g_file_new_for_path (real);
}

/* A new, empty file next to @target, named ".NAME.XXXXXX", so that the
 * final rename stays within one file system. */
static GFileOutputStream *
create_temp_next_to (GFile         *target,
                     GFile        **tmp_out,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (target);
  g_autofree char *base = g_file_get_basename (target);

  if (parent == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           "not a file name");
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
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       "cannot create a temporary file next to it");
  return NULL;
}

static gboolean
begin_replace (GwSafeWrite      *self,
               GwSafeWriteFlags  flags,
               GCancellable     *cancellable,
               GError          **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;

  stream = create_temp_next_to (self->target, &self->tmp, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if ((flags & GW_SAFE_WRITE_BY_NAME) == 0)
    {
      self->stream = G_OUTPUT_STREAM (g_steal_pointer (&stream));
      return TRUE;
    }

  self->path = g_file_get_path (self->tmp);
  if (self->path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "this kind of file can only be written to a local folder");
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

static gboolean
begin_through (GwSafeWrite      *self,
               GwSafeWriteFlags  flags,
               GCancellable     *cancellable,
               GError          **error)
{
  self->direct = TRUE;

  if ((flags & GW_SAFE_WRITE_BY_NAME) != 0)
    {
      /* Written by name in the temporary folder, then copied through. */
      int fd = g_file_open_tmp ("ganglioside-XXXXXX", &self->path, error);

      if (fd < 0)
        return FALSE;
      close (fd);
      self->tmp = g_file_new_for_path (self->path);
      return TRUE;
    }

  self->stream = G_OUTPUT_STREAM (g_file_append_to (self->target, G_FILE_CREATE_NONE,
                                                    cancellable, error));
  return self->stream != NULL;
}

/**
 * gw_safe_write_begin:
 * @dest: the file to create or replace
 * @flags: whether the caller writes to a stream or by name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error, which names @dest
 *
 * Starts writing @dest.  A new or regular file (or a symbolic link to
 * one) is replaced only by gw_safe_write_commit(), in one rename; until
 * then, and after gw_safe_write_abort(), it is as it was.  A destination
 * that is not a regular file (a device such as /dev/null, a pipe) is
 * written through.  A folder is refused.
 *
 * Returns: (transfer full) (nullable): the write in progress; end it with
 *   gw_safe_write_commit() or gw_safe_write_abort()
 */
GwSafeWrite *
gw_safe_write_begin (GFile             *dest,
                     GwSafeWriteFlags   flags,
                     GCancellable      *cancellable,
                     GError           **error)
{
  GwSafeWrite *self;
  g_autoptr(GFileInfo) info = NULL;
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (dest), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (GwSafeWrite, 1);
  self->dest = g_object_ref (dest);

  info = g_file_query_info (dest, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_clear_error (&local_error);
      self->target = follow_dangling_links (dest, cancellable, &local_error);
      ok = self->target != NULL &&
           begin_replace (self, flags, cancellable, &local_error);
    }
  else if (info == NULL)
    ok = FALSE;
  else if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      ok = FALSE;
      g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                           "it is a folder, not a file");
    }
  else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
    {
      self->target = canonical_file (dest);
      ok = begin_replace (self, flags, cancellable, &local_error);
    }
  else
    {
      self->target = g_object_ref (dest);
      ok = begin_through (self, flags, cancellable, &local_error);
    }

  if (!ok)
    {
      prefix_error (error, dest, local_error);
      gw_safe_write_abort (self);
      return NULL;
    }
  return self;
}

/**
 * gw_safe_write_get_stream:
 * @self: a write begun without %GW_SAFE_WRITE_BY_NAME
 *
 * Returns: (transfer none): the stream to write the contents to; leave
 *   closing it to gw_safe_write_commit()
 */
GOutputStream *
gw_safe_write_get_stream (GwSafeWrite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->stream != NULL, NULL);

  return self->stream;
}

/**
 * gw_safe_write_get_path:
 * @self: a write begun with %GW_SAFE_WRITE_BY_NAME
 *
 * Returns: (type filename): the local file to write the contents to
 */
const char *
gw_safe_write_get_path (GwSafeWrite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->path != NULL, NULL);

  return self->path;
}

static gboolean
copy_through (GwSafeWrite   *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileOutputStream) out = NULL;

  in = g_file_read (self->tmp, cancellable, error);
  if (in == NULL)
    return FALSE;
  out = g_file_append_to (self->target, G_FILE_CREATE_NONE, cancellable, error);
  if (out == NULL)
    return FALSE;
  return g_output_stream_splice (G_OUTPUT_STREAM (out), G_INPUT_STREAM (in),
                                 G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                 G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                 cancellable, error) >= 0;
}

/**
 * gw_safe_write_commit:
 * @self: (transfer full): a write in progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error, which names the destination
 *
 * Closes the stream and puts the contents in place: renames the
 * temporary file over the destination, or finishes writing through.
 * Frees @self whatever the outcome; on failure the destination is as it
 * was (unless it is written through) and no temporary file is left.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_safe_write_commit (GwSafeWrite   *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  GError *local_error = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->stream != NULL)
    ok = g_output_stream_close (self->stream, cancellable, &local_error);

  if (ok && self->direct && self->path != NULL)
    ok = copy_through (self, cancellable, &local_error);
  else if (ok && !self->direct)
    ok = g_file_move (self->tmp, self->target,
                      G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                      cancellable, NULL, NULL, &local_error);

  if (ok && !self->direct)
    g_clear_object (&self->tmp); /* it is the destination now */

  if (!ok)
    prefix_error (error, self->dest, local_error);
  gw_safe_write_abort (self);
  return ok;
}

/**
 * gw_safe_write_abort:
 * @self: (transfer full): a write in progress
 *
 * Gives up the write: removes the temporary file and frees @self.
 */
void
gw_safe_write_abort (GwSafeWrite *self)
{
  g_return_if_fail (self != NULL);

  if (self->stream != NULL && !g_output_stream_is_closed (self->stream))
    g_output_stream_close (self->stream, NULL, NULL);
  if (self->tmp != NULL)
    g_file_delete (self->tmp, NULL, NULL);
  gw_safe_write_free (self);
}

/**
 * gw_safe_write_fail:
 * @self: (transfer full): a write in progress
 * @local_error: (transfer full): why the caller's writing failed
 * @error: return location for @local_error, prefixed with the destination
 *
 * gw_safe_write_abort() for a writer that failed: the destination stays
 * as it was, and the error names it (a cancellation is passed on as is).
 *
 * Returns: %FALSE, for the caller to return
 */
gboolean
gw_safe_write_fail (GwSafeWrite  *self,
                    GError       *local_error,
                    GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (local_error != NULL, FALSE);

  prefix_error (error, self->dest, local_error);
  gw_safe_write_abort (self);
  return FALSE;
}

/**
 * gw_safe_write_bytes:
 * @dest: the file to create or replace
 * @data: (array length=len): the contents
 * @len: their length
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error, which names @dest
 *
 * Writes @data to @dest with gw_safe_write_begin() and
 * gw_safe_write_commit().
 *
 * Returns: %TRUE on success
 */
gboolean
gw_safe_write_bytes (GFile         *dest,
                     const void    *data,
                     gsize          len,
                     GCancellable  *cancellable,
                     GError       **error)
{
  GwSafeWrite *write;
  GError *local_error = NULL;

  write = gw_safe_write_begin (dest, GW_SAFE_WRITE_NONE, cancellable, error);
  if (write == NULL)
    return FALSE;
  if (!g_output_stream_write_all (gw_safe_write_get_stream (write), data, len, NULL,
                                  cancellable, &local_error))
    return gw_safe_write_fail (write, local_error, error);
  return gw_safe_write_commit (write, cancellable, error);
}
