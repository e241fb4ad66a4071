/* gw-safe-write.h: replace a file in one step, or write through to a device
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _GwSafeWrite GwSafeWrite;

/**
 * GwSafeWriteFlags:
 * @GW_SAFE_WRITE_NONE: the caller writes to gw_safe_write_get_stream()
 * @GW_SAFE_WRITE_BY_NAME: the caller writes a local file by name, to
 *   gw_safe_write_get_path() (for libraries that only take a file name)
 */
typedef enum {
  GW_SAFE_WRITE_NONE    = 0,
  GW_SAFE_WRITE_BY_NAME = 1 << 0,
} GwSafeWriteFlags;

GwSafeWrite   *gw_safe_write_begin      (GFile             *dest,
                                         GwSafeWriteFlags   flags,
                                         GCancellable      *cancellable,
                                         GError           **error);
GOutputStream *gw_safe_write_get_stream (GwSafeWrite       *self);
const char    *gw_safe_write_get_path   (GwSafeWrite       *self);
gboolean       gw_safe_write_commit     (GwSafeWrite       *self,
                                         GCancellable      *cancellable,
                                         GError           **error);
void           gw_safe_write_abort      (GwSafeWrite       *self);
gboolean       gw_safe_write_fail       (GwSafeWrite       *self,
                                         GError            *local_error,
                                         GError           **error);

gboolean       gw_safe_write_bytes      (GFile             *dest,
                                         const void        *data,
                                         gsize              len,
                                         GCancellable      *cancellable,
                                         GError           **error);

G_END_DECLS
