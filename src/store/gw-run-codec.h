/* gw-run-codec.h: packing a run's columns and reports into blobs (store-internal)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-run.h"

G_BEGIN_DECLS

/* Element types of a packed column (docs/project-format.md). */
typedef enum
{
  GW_CODEC_TYPE_U8,
  GW_CODEC_TYPE_I32,
  GW_CODEC_TYPE_U32,
  GW_CODEC_TYPE_F64,
  GW_CODEC_TYPE_STR,   /* n NUL-terminated UTF-8 strings, back to back */
} GwCodecType;

/* One per-row column of a run, ready for a `run_columns` row. */
typedef struct
{
  const char  *name;       /* static */
  GwCodecType  type;
  gboolean     zlib;       /* @data is a zlib stream of @size bytes */
  gsize        size;       /* uncompressed size */
  guint        n;          /* rows */
  GBytes      *data;       /* what is stored */
} GwPackedColumn;

void         gw_packed_column_clear      (GwPackedColumn *column);

const char  *gw_codec_type_to_string     (GwCodecType     type);   /* "f64" */
gboolean     gw_codec_type_from_string   (const char     *str,
                                          GwCodecType    *type);

/* Packs every per-row column of @run.  Returns an array of GwPackedColumn
 * (with a clear func). */
GArray      *gw_run_codec_pack_columns   (GwRun          *run);

/* Undoes zlib when needed and checks the size: @size bytes, newly
 * allocated, or NULL with an error naming @what. */
GBytes      *gw_codec_unpack             (const char     *what,
                                          gboolean        zlib,
                                          gconstpointer   data,
                                          gsize           len,
                                          gsize           size,
                                          GError        **error);

/* Fills the column @name of @run (made by gw_run_new_for_table()) from the
 * unpacked bytes.  Unknown column names are ignored (a newer minor writer);
 * a wrong type or length is an error. */
gboolean     gw_run_codec_set_column     (GwRun          *run,
                                          const char     *name,
                                          GwCodecType     type,
                                          guint           n,
                                          GBytes         *bytes,
                                          GError        **error);

/* The list of column names every run must have. (element-type utf8) */
const char * const *gw_run_codec_required_columns (void);

/* Models and side reports as serialised GVariants (types in
 * docs/project-format.md). */
GBytes      *gw_run_codec_pack_models    (GwRun          *run);
GBytes      *gw_run_codec_pack_reports   (GwRun          *run);
gboolean     gw_run_codec_set_models     (GwRun          *run,
                                          GBytes         *bytes,
                                          GError        **error);
gboolean     gw_run_codec_set_reports    (GwRun          *run,
                                          GBytes         *bytes,
                                          GError        **error);

/* zlib helpers, also used for dataset bytes.  gw_codec_maybe_compress()
 * returns a compressed copy when that saves at least a tenth, else NULL. */
GBytes      *gw_codec_maybe_compress     (gconstpointer   data,
                                          gsize           size);

G_END_DECLS
