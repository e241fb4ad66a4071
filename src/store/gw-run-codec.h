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

/* The same for a zlib stream, inflated into @dest, which holds @size
 * bytes (its contents are undefined after a failure). */
gboolean     gw_codec_unpack_into        (const char     *what,
                                          gconstpointer   data,
                                          gsize           len,
                                          gpointer        dest,
                                          gsize           size,
                                          GError        **error);

/* Fills the column @name of @run (made by gw_run_new_for_table()) from the
 * unpacked @bytes, which it takes (the string column keeps them, without
 * a copy when they are not shared).  Unknown column names are ignored (a
 * newer minor writer); a wrong type or length is an error. */
gboolean     gw_run_codec_take_column    (GwRun          *run,
                                          const char     *name,
                                          GwCodecType     type,
                                          guint           n,
                                          GBytes         *bytes,
                                          GError        **error);

/* For a known fixed-width column (not "str"): the array of @run that holds
 * it and its @size in bytes, so that a reader can copy the stored bytes
 * straight into it and then call gw_run_codec_fix_column().  NULL without
 * an error for an unknown or string column; NULL with one for a wrong
 * type or length. */
gpointer     gw_run_codec_get_column_array (GwRun        *run,
                                            const char   *name,
                                            GwCodecType   type,
                                            guint         n,
                                            gsize        *size,
                                            GError      **error);
/* Byte order and range clamping after a direct copy. */
void         gw_run_codec_fix_column     (GwRun          *run,
                                          const char     *name);

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

/* SHA-256 of @size bytes as lower-case hex (newly allocated), as
 * g_compute_checksum_for_data() gives it, only faster. */
char        *gw_codec_sha256             (gconstpointer   data,
                                          gsize           size);

/* zlib helpers, also used for dataset bytes.  gw_codec_maybe_compress()
 * returns a compressed copy when that saves at least a tenth, else NULL. */
GBytes      *gw_codec_maybe_compress     (gconstpointer   data,
                                          gsize           size);

/* A buffer for @size bytes that asks for huge pages when big. */
guint8      *gw_codec_big_alloc          (gsize           size);

/* zstd, for the table snapshots: fast in both directions, with the
 * frame's content checksum on, so damage is detected on reading.
 *
 * The compressor is fed piece by piece (a GwSnapshotWriteFunc), for a
 * frame of exactly @size bytes announced beforehand, so the input never
 * needs to be in one buffer.  _finish() returns NULL when anything failed
 * or the pieces did not add up to @size.
 *
 * gw_codec_zstd_decompress() returns @size bytes (8-byte aligned, newly
 * allocated) or NULL with a GW_PROJECT_ERROR_CORRUPT naming @what. */
typedef struct _GwZstdStream GwZstdStream;
GwZstdStream *gw_codec_zstd_stream_new   (gsize           size);
void         gw_codec_zstd_stream_write  (gconstpointer   data,
                                          gsize           len,
                                          gpointer        stream);
GBytes      *gw_codec_zstd_stream_finish (GwZstdStream   *stream);
GBytes      *gw_codec_zstd_decompress    (const char     *what,
                                          gconstpointer   data,
                                          gsize           len,
                                          gsize           size,
                                          GError        **error);

G_END_DECLS
