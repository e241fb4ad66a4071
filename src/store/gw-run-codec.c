/* gw-run-codec.c: packing a run's columns and reports into blobs
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include "gw-run-codec.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#ifdef GW_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif
#include <nettle/sha2.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <zstd.h>

#include "gw-project.h"
#include "gw-run-private.h"

/* Per-row columns are stored as little-endian packed arrays, one blob per
 * column: a million rows is a few dozen blobs, not a million SQL rows,
 * which is what makes saving and loading take well under a second. */
typedef struct
{
  const char  *name;
  GwCodecType  type;
  gsize        offset;   /* of the array pointer in struct _GwRun */
} ColumnSpec;

static const ColumnSpec column_specs[] = {
  { "status",                 GW_CODEC_TYPE_U8,  G_STRUCT_OFFSET (struct _GwRun, status) },
  { "model_level",            GW_CODEC_TYPE_U8,  G_STRUCT_OFFSET (struct _GwRun, model_level) },
  { "model_index",            GW_CODEC_TYPE_I32, G_STRUCT_OFFSET (struct _GwRun, model_index) },
  { "predicted",              GW_CODEC_TYPE_F64, G_STRUCT_OFFSET (struct _GwRun, predicted) },
  { "residual",               GW_CODEC_TYPE_F64, G_STRUCT_OFFSET (struct _GwRun, residual) },
  { "z",                      GW_CODEC_TYPE_F64, G_STRUCT_OFFSET (struct _GwRun, z) },
  { "pi_low",                 GW_CODEC_TYPE_F64, G_STRUCT_OFFSET (struct _GwRun, pi_low) },
  { "pi_high",                GW_CODEC_TYPE_F64, G_STRUCT_OFFSET (struct _GwRun, pi_high) },
  { "confidence",             GW_CODEC_TYPE_F64, G_STRUCT_OFFSET (struct _GwRun, confidence) },
  { "fragment_of",            GW_CODEC_TYPE_I32, G_STRUCT_OFFSET (struct _GwRun, fragment_of) },
  { "fragment_parent_volume", GW_CODEC_TYPE_F64, G_STRUCT_OFFSET (struct _GwRun, fragment_parent_volume) },
  { "isomer_of",              GW_CODEC_TYPE_I32, G_STRUCT_OFFSET (struct _GwRun, isomer_of) },
  { "oac_base",               GW_CODEC_TYPE_I32, G_STRUCT_OFFSET (struct _GwRun, oac_base) },
  { "oac_shift",              GW_CODEC_TYPE_F64, G_STRUCT_OFFSET (struct _GwRun, oac_shift) },
  { "warnings",               GW_CODEC_TYPE_U32, G_STRUCT_OFFSET (struct _GwRun, warnings) },
  { "reason",                 GW_CODEC_TYPE_STR, G_STRUCT_OFFSET (struct _GwRun, reason) },
};

static const char * const required_columns[] = {
  "status", "model_level", "model_index", "predicted", "residual", "z",
  "pi_low", "pi_high", "confidence", "fragment_of", "fragment_parent_volume",
  "isomer_of", "oac_base", "oac_shift", "warnings", "reason", NULL
};

const char * const *
gw_run_codec_required_columns (void)
{
  return required_columns;
}

static gsize
type_size (GwCodecType type)
{
  switch (type)
    {
    case GW_CODEC_TYPE_U8:
      return 1;
    case GW_CODEC_TYPE_I32:
    case GW_CODEC_TYPE_U32:
      return 4;
    case GW_CODEC_TYPE_F64:
      return 8;
    case GW_CODEC_TYPE_STR:
    default:
      return 0;
    }
}

const char *
gw_codec_type_to_string (GwCodecType type)
{
  static const char * const names[] = { "u8", "i32", "u32", "f64", "str" };

  g_return_val_if_fail (type <= GW_CODEC_TYPE_STR, "u8");
  return names[type];
}

gboolean
gw_codec_type_from_string (const char  *str,
                           GwCodecType *type)
{
  for (guint i = 0; i <= GW_CODEC_TYPE_STR; i++)
    if (g_strcmp0 (str, gw_codec_type_to_string (i)) == 0)
      {
        *type = i;
        return TRUE;
      }

  return FALSE;
}

void
gw_packed_column_clear (GwPackedColumn *column)
{
  g_clear_pointer (&column->data, g_bytes_unref);
}

/* Big buffers ask for transparent huge pages: on virtual machines the
 * page faults of 100 MB of fresh memory cost more than decompressing into
 * it (the table reader does the same). */
guint8 *
gw_codec_big_alloc (gsize size)
{
  guint8 *p = g_malloc (MAX (size, 1));

#ifdef MADV_HUGEPAGE
  if (size >= 4 * 1024 * 1024)
    {
      const guintptr huge = 2 * 1024 * 1024;
      guintptr start = ((guintptr) p + huge - 1) & ~(huge - 1);
      guintptr stop = ((guintptr) p + size) & ~(huge - 1);

      if (stop > start)
        madvise ((gpointer) start, stop - start, MADV_HUGEPAGE);
    }
#endif

  return p;
}

char *
gw_codec_sha256 (gconstpointer data,
                 gsize         size)
{
  struct sha256_ctx ctx;
  guint8 digest[SHA256_DIGEST_SIZE];
  char *hex = g_malloc (2 * SHA256_DIGEST_SIZE + 1);
  const guint8 *p = data;

  /* nettle takes a size_t; feed it in pieces all the same, so that the
   * hash never depends on how large one call may be. */
  sha256_init (&ctx);
  while (size > 0)
    {
      gsize chunk = MIN (size, (gsize) 1 << 30);

      sha256_update (&ctx, chunk, p);
      p += chunk;
      size -= chunk;
    }
  sha256_digest (&ctx, sizeof digest, digest);

  for (guint i = 0; i < sizeof digest; i++)
    {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
    }
  hex[2 * SHA256_DIGEST_SIZE] = '\0';

  return hex;
}

#ifdef GW_HAVE_LIBDEFLATE
/* libdeflate writes the same zlib streams (which any reader inflates,
 * earlier versions of this program included) in about half zlib's time,
 * and inflates them in a third. */
static GBytes *
zlib_compress (gconstpointer data,
               gsize         size,
               int           level)
{
  struct libdeflate_compressor *compressor = libdeflate_alloc_compressor (level);
  gsize bound, out_size;
  guint8 *out;

  if (compressor == NULL)
    return NULL;
  bound = libdeflate_zlib_compress_bound (compressor, size);
  out = g_malloc (bound);
  out_size = libdeflate_zlib_compress (compressor, data, size, out, bound);
  libdeflate_free_compressor (compressor);
  if (out_size == 0)
    {
      g_free (out);
      return NULL;
    }

  return g_bytes_new_take (g_realloc (out, out_size), out_size);
}
#else
/* zlib through GIO's converter: one shot, the output grown as needed. */
static GBytes *
zlib_compress (gconstpointer data,
               gsize         size,
               int           level)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  gsize out_size = size + size / 64 + 1024;
  guint8 *out = g_malloc (out_size);
  gsize in_done = 0;
  gsize out_done = 0;

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, level);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize bytes_read = 0;
      gsize bytes_written = 0;
      GConverterResult res;

      res = g_converter_convert (G_CONVERTER (compressor),
                                 (const guint8 *) data + in_done, size - in_done,
                                 out + out_done, out_size - out_done,
                                 G_CONVERTER_INPUT_AT_END,
                                 &bytes_read, &bytes_written, &error);
      if (res == G_CONVERTER_ERROR)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
            {
              out_size *= 2;
              out = g_realloc (out, out_size);
              continue;
            }
          g_free (out);
          return NULL;
        }

      in_done += bytes_read;
      out_done += bytes_written;

      if (res == G_CONVERTER_FINISHED)
        break;

      if (out_done == out_size)
        {
          out_size *= 2;
          out = g_realloc (out, out_size);
        }
    }

  return g_bytes_new_take (g_realloc (out, MAX (out_done, 1)), out_done);
}
#endif

GBytes *
gw_codec_maybe_compress (gconstpointer data,
                         gsize         size)
{
  const gsize sample = 64 * 1024;
  g_autoptr(GBytes) packed = NULL;

  if (size < 256)
    return NULL;

  /* Random doubles do not compress, and trying costs more time than the
   * whole save budget; a sample from the middle decides cheaply.  Columns
   * that are mostly NAN or -1 (links, shifts) and text shrink a lot. */
  if (size > 4 * sample)
    {
      g_autoptr(GBytes) probe = zlib_compress ((const guint8 *) data + size / 2 - sample / 2,
                                               sample, 1);

      if (probe == NULL || g_bytes_get_size (probe) > sample * 7 / 10)
        return NULL;
    }

  packed = zlib_compress (data, size, 1);
  if (packed == NULL || g_bytes_get_size (packed) > size - size / 10)
    return NULL;

  return g_steal_pointer (&packed);
}

#ifdef GW_HAVE_LIBDEFLATE
static gboolean
zlib_inflate_into (const char     *what,
                   gconstpointer   data,
                   gsize           len,
                   gpointer        out,
                   gsize           size,
                   GError        **error)
{
  struct libdeflate_decompressor *inflater = libdeflate_alloc_decompressor ();
  enum libdeflate_result res = LIBDEFLATE_BAD_DATA;
  size_t actual = 0;

  if (inflater != NULL)
    res = libdeflate_zlib_decompress (inflater, data, len, out, size, &actual);
  libdeflate_free_decompressor (inflater);

  /* libdeflate checks the stream's Adler-32 too. */
  if (res == LIBDEFLATE_SUCCESS && actual == size)
    return TRUE;

  if (res == LIBDEFLATE_INSUFFICIENT_SPACE)
    g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                 _("Stored %s is damaged: it announces %zu bytes"), what, size);
  else if (res == LIBDEFLATE_SUCCESS)
    g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                 _("Stored %s has %zu bytes, expected %zu"), what, actual, size);
  else
    g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                 _("Stored %s is damaged: the compressed data is invalid"), what);
  return FALSE;
}

static GBytes *
zlib_inflate (const char     *what,
              gconstpointer   data,
              gsize           len,
              gsize           size,
              GError        **error)
{
  guint8 *out = gw_codec_big_alloc (size);

  if (!zlib_inflate_into (what, data, len, out, size, error))
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (out, size);
}
#else
static GBytes *
zlib_inflate (const char     *what,
              gconstpointer   data,
              gsize           len,
              gsize           size,
              GError        **error)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  guint8 *out;
  gsize in_done = 0;
  gsize out_done = 0;

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  /* One spare byte detects a stream longer than announced. */
  out = gw_codec_big_alloc (size + 1);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize bytes_read = 0;
      gsize bytes_written = 0;
      GConverterResult res;

      /* The spare byte is used: the stream is longer than announced
       * (the check after the loop says so), and a converter must not be
       * given an empty buffer. */
      if (out_done > size)
        break;

      res = g_converter_convert (G_CONVERTER (decompressor),
                                 (const guint8 *) data + in_done, len - in_done,
                                 out + out_done, size + 1 - out_done,
                                 G_CONVERTER_INPUT_AT_END,
                                 &bytes_read, &bytes_written, &local_error);
      if (res == G_CONVERTER_ERROR)
        {
          g_free (out);
          g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                       _("Stored %s is damaged: %s"), what, local_error->message);
          return NULL;
        }

      in_done += bytes_read;
      out_done += bytes_written;

      if (res == G_CONVERTER_FINISHED || out_done > size)
        break;

      if (bytes_read == 0 && bytes_written == 0)
        {
          g_free (out);
          g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                       _("Stored %s is damaged: the compressed data ends early"), what);
          return NULL;
        }
    }

  if (out_done != size)
    {
      g_free (out);
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Stored %s has %zu bytes, expected %zu"),
                   what, out_done, size);
      return NULL;
    }

  return g_bytes_new_take (out, size);
}
#endif

GBytes *
gw_codec_unpack (const char     *what,
                 gboolean        zlib,
                 gconstpointer   data,
                 gsize           len,
                 gsize           size,
                 GError        **error)
{
  if (!zlib)
    {
      if (len != size)
        {
          g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                       _("Stored %s has %zu bytes, expected %zu"),
                       what, len, size);
          return NULL;
        }
      /* Valid as long as the caller's statement row: the callers copy
       * out of it at once. */
      return g_bytes_new_static (data, len);
    }

  /* zlib cannot expand data more than 1032 times, so a larger announced
   * size is damage, and must not become an allocation that aborts. */
  if (size / 1032 > len + 64)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Stored %s is damaged: it announces %zu bytes"),
                   what, size);
      return NULL;
    }

  return zlib_inflate (what, data, len, size, error);
}

gboolean
gw_codec_unpack_into (const char     *what,
                      gconstpointer   data,
                      gsize           len,
                      gpointer        dest,
                      gsize           size,
                      GError        **error)
{
  /* As in gw_codec_unpack(). */
  if (size / 1032 > len + 64)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Stored %s is damaged: it announces %zu bytes"),
                   what, size);
      return FALSE;
    }

#ifdef GW_HAVE_LIBDEFLATE
  return zlib_inflate_into (what, data, len, dest, size, error);
#else
  {
    g_autoptr(GBytes) bytes = zlib_inflate (what, data, len, size, error);

    if (bytes == NULL)
      return FALSE;
    memcpy (dest, g_bytes_get_data (bytes, NULL), size);
    return TRUE;
  }
#endif
}

struct _GwZstdStream
{
  ZSTD_CCtx *cctx;
  guint8    *out;
  gsize      cap;
  gsize      pos;
  gboolean   failed;
};

GwZstdStream *
gw_codec_zstd_stream_new (gsize size)
{
  GwZstdStream *stream = g_new0 (GwZstdStream, 1);

  /* The bound is address space, not memory: only the pages the
   * compressed bytes reach are ever touched. */
  stream->cctx = ZSTD_createCCtx ();
  stream->cap = MAX (ZSTD_compressBound (size), 64);
  stream->out = g_malloc (stream->cap);
  stream->failed = stream->cctx == NULL;
  if (!stream->failed)
    {
      ZSTD_CCtx_setParameter (stream->cctx, ZSTD_c_compressionLevel, 1);
      ZSTD_CCtx_setParameter (stream->cctx, ZSTD_c_checksumFlag, 1);
      /* The frame records the size, which the reader checks. */
      stream->failed = ZSTD_isError (ZSTD_CCtx_setPledgedSrcSize (stream->cctx, size));
    }

  return stream;
}

/* One call of ZSTD_compressStream2(), with room made when the output is
 * full; returns what zstd returns, or an error code. */
static size_t
zstd_stream_step (GwZstdStream      *stream,
                  ZSTD_inBuffer     *in,
                  ZSTD_EndDirective  mode)
{
  ZSTD_outBuffer out;
  size_t res;

  if (stream->cap - stream->pos < ZSTD_CStreamOutSize ())
    {
      stream->cap = stream->cap * 2 + ZSTD_CStreamOutSize ();
      stream->out = g_realloc (stream->out, stream->cap);
    }
  out.dst = stream->out;
  out.size = stream->cap;
  out.pos = stream->pos;
  res = ZSTD_compressStream2 (stream->cctx, &out, in, mode);
  stream->pos = out.pos;
  return res;
}

void
gw_codec_zstd_stream_write (gconstpointer data,
                            gsize         len,
                            gpointer      user_data)
{
  GwZstdStream *stream = user_data;
  ZSTD_inBuffer in = { data, len, 0 };

  while (!stream->failed && in.pos < in.size)
    stream->failed = ZSTD_isError (zstd_stream_step (stream, &in, ZSTD_e_continue));
}

GBytes *
gw_codec_zstd_stream_finish (GwZstdStream *stream)
{
  ZSTD_inBuffer in = { NULL, 0, 0 };
  GBytes *bytes = NULL;

  while (!stream->failed)
    {
      size_t res = zstd_stream_step (stream, &in, ZSTD_e_end);

      stream->failed = ZSTD_isError (res);
      if (res == 0)
        break;
    }

  if (!stream->failed)
    bytes = g_bytes_new_take (g_realloc (stream->out, MAX (stream->pos, 1)), stream->pos);
  else
    g_free (stream->out);
  ZSTD_freeCCtx (stream->cctx);
  g_free (stream);

  return bytes;
}

GBytes *
gw_codec_zstd_decompress (const char     *what,
                          gconstpointer   data,
                          gsize           len,
                          gsize           size,
                          GError        **error)
{
  unsigned long long content = ZSTD_getFrameContentSize (data, len);
  guint8 *out;
  size_t res;

  if (content == ZSTD_CONTENTSIZE_ERROR || content == ZSTD_CONTENTSIZE_UNKNOWN || content != size)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Stored %s is damaged: the compressed data has the wrong size"), what);
      return NULL;
    }

  out = gw_codec_big_alloc (size);
  res = ZSTD_decompress (out, size, data, len);
  if (ZSTD_isError (res) || res != size)
    {
      g_free (out);
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Stored %s is damaged: %s"), what,
                   ZSTD_isError (res) ? ZSTD_getErrorName (res) : _("it ends early"));
      return NULL;
    }

  return g_bytes_new_take (out, size);
}

#if G_BYTE_ORDER == G_BIG_ENDIAN
static void
swap_in_place (guint8 *p,
               gsize   n,
               gsize   elem)
{
  for (gsize i = 0; i < n; i++, p += elem)
    for (gsize a = 0, b = elem - 1; a < b; a++, b--)
      {
        guint8 t = p[a];
        p[a] = p[b];
        p[b] = t;
      }
}
#endif

static void
pack_one (GwPackedColumn *col,
          gconstpointer   raw,
          gsize           size)
{
  g_autoptr(GBytes) packed = gw_codec_maybe_compress (raw, size);

  col->size = size;
  if (packed != NULL)
    {
      col->zlib = TRUE;
      col->data = g_steal_pointer (&packed);
    }
  else
    {
      /* No copy: the run outlives the save that uses these bytes. */
      col->zlib = FALSE;
      col->data = g_bytes_new_static (raw, size);
    }
}

GArray *
gw_run_codec_pack_columns (GwRun *run)
{
  GArray *out;
  guint n = run->n_rows;

  out = g_array_new (FALSE, TRUE, sizeof (GwPackedColumn));
  g_array_set_clear_func (out, (GDestroyNotify) gw_packed_column_clear);

  for (guint c = 0; c < G_N_ELEMENTS (column_specs); c++)
    {
      const ColumnSpec *spec = &column_specs[c];
      GwPackedColumn col = { spec->name, spec->type, FALSE, 0, n, NULL };
      gconstpointer array = G_STRUCT_MEMBER (gconstpointer, run, spec->offset);

      if (spec->type == GW_CODEC_TYPE_STR)
        {
          const char * const *strv = array;
          GString *buf = g_string_sized_new (n * 16 + 1);

          for (guint i = 0; i < n; i++)
            {
              GwReasonBuf rb;
              /* The robust preset's reasons are formatted on demand
               * (gw_run_peek_reason()); store their text. */
              const char *s = spec->offset == G_STRUCT_OFFSET (struct _GwRun, reason)
                              ? gw_run_peek_reason (run, i, &rb)
                              : strv[i] ? strv[i] : "";

              g_string_append_len (buf, s, strlen (s) + 1);
            }
          {
            g_autoptr(GBytes) owned = NULL;
            gsize len = buf->len;

            owned = g_string_free_to_bytes (buf);
            pack_one (&col, g_bytes_get_data (owned, NULL), len);
            if (!col.zlib)
              {
                g_bytes_unref (col.data);
                col.data = g_steal_pointer (&owned);
              }
          }
        }
      else
        {
          gsize size = (gsize) n * type_size (spec->type);
#if G_BYTE_ORDER == G_BIG_ENDIAN
          guint8 *copy = g_memdup2 (array, size);

          swap_in_place (copy, n, type_size (spec->type));
          pack_one (&col, copy, size);
          if (!col.zlib)
            {
              g_bytes_unref (col.data);
              col.data = g_bytes_new_take (copy, size);
            }
          else
            g_free (copy);
#else
          pack_one (&col, n > 0 ? array : "", size);
#endif
        }

      g_array_append_val (out, col);
    }

  return out;
}

static gboolean
set_string_column (GwRun   *run,
                   guint    n,
                   GBytes  *bytes,
                   GError **error)
{
  gsize len = 0;
  const char *p;
  const char *end;
  char *data;

  /* The run keeps the packed strings and points into them: no
   * allocation per row, and no copy of bytes unpacked for it. */
  data = g_bytes_unref_to_data (bytes, &len);
  if (data == NULL)
    data = g_malloc0 (1);
  g_ptr_array_add (run->blobs, data);

  if (n > 0 && (len == 0 || data[len - 1] != '\0'))
    goto bad;

  p = data;
  end = data + len;

  for (guint i = 0; i < n; i++)
    {
      const char *nul;

      if (p >= end)
        goto bad;
      nul = memchr (p, '\0', end - p);
      if (nul == NULL)
        goto bad;
      if (!g_utf8_validate (p, nul - p, NULL))
        goto bad;
      run->reason[i] = p;
      p = nul + 1;
    }

  if (p != end)
    goto bad;

  return TRUE;

bad:
  g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
               _("Stored column “reason” does not hold %u strings"), n);
  return FALSE;
}

static const ColumnSpec *
find_spec (const char *name)
{
  for (guint c = 0; c < G_N_ELEMENTS (column_specs); c++)
    if (strcmp (column_specs[c].name, name) == 0)
      return &column_specs[c];

  return NULL;
}

static gboolean
check_spec (GwRun            *run,
            const ColumnSpec *spec,
            GwCodecType       type,
            guint             n,
            GError          **error)
{
  if (spec->type != type || n != run->n_rows)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Stored column “%s” is %s × %u, expected %s × %u"),
                   spec->name, gw_codec_type_to_string (type), n,
                   gw_codec_type_to_string (spec->type), run->n_rows);
      return FALSE;
    }

  return TRUE;
}

gpointer
gw_run_codec_get_column_array (GwRun        *run,
                               const char   *name,
                               GwCodecType   type,
                               guint         n,
                               gsize        *size,
                               GError      **error)
{
  const ColumnSpec *spec = find_spec (name);

  if (spec == NULL || spec->type == GW_CODEC_TYPE_STR)
    return NULL;
  if (!check_spec (run, spec, type, n, error))
    return NULL;

  *size = (gsize) n * type_size (type);
  return G_STRUCT_MEMBER (gpointer, run, spec->offset);
}

void
gw_run_codec_fix_column (GwRun      *run,
                         const char *name)
{
  const ColumnSpec *spec = find_spec (name);
  gpointer array;
  guint n = run->n_rows;

  if (spec == NULL || spec->type == GW_CODEC_TYPE_STR)
    return;

  array = G_STRUCT_MEMBER (gpointer, run, spec->offset);
#if G_BYTE_ORDER == G_BIG_ENDIAN
  swap_in_place (array, n, type_size (spec->type));
#endif

  /* Enumerations and links come from the file: clamp them so a damaged
   * project can never index out of bounds later. */
  if (strcmp (name, "status") == 0)
    {
      for (guint i = 0; i < n; i++)
        if (run->status[i] >= GW_N_STATUSES)
          run->status[i] = GW_STATUS_INVALID;
    }
  else if (strcmp (name, "model_level") == 0)
    {
      for (guint i = 0; i < n; i++)
        if (run->model_level[i] > GW_MODEL_LEVEL_POOLED_SLOPE)
          run->model_level[i] = GW_MODEL_LEVEL_NONE;
    }
  else if (spec->type == GW_CODEC_TYPE_I32 && strcmp (name, "model_index") != 0)
    {
      gint32 *links = array;

      for (guint i = 0; i < n; i++)
        if (links[i] < -1 || links[i] >= (gint64) n)
          links[i] = -1;
    }
}

gboolean
gw_run_codec_take_column (GwRun       *run,
                          const char  *name,
                          GwCodecType  type,
                          guint        n,
                          GBytes      *bytes,
                          GError     **error)
{
  g_autoptr(GBytes) owned = bytes;
  const ColumnSpec *spec = find_spec (name);
  gpointer array;

  if (spec == NULL)
    return TRUE;

  if (!check_spec (run, spec, type, n, error))
    return FALSE;

  if (type == GW_CODEC_TYPE_STR)
    return set_string_column (run, n, g_steal_pointer (&owned), error);

  if (g_bytes_get_size (owned) != (gsize) n * type_size (type))
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Stored column “%s” has the wrong length"), name);
      return FALSE;
    }

  array = G_STRUCT_MEMBER (gpointer, run, spec->offset);
  if (n > 0)
    memcpy (array, g_bytes_get_data (owned, NULL), (gsize) n * type_size (type));
  gw_run_codec_fix_column (run, name);

  return TRUE;
}

/* Models: "a(usybuuaydadaddddddddsms)", one tuple per GwModel, fields in
 * the struct's order (docs/project-format.md). */
#define MODEL_TYPE "(usybuuayd" "adad" "dddddddd" "msms)"
#define MODELS_TYPE "a" MODEL_TYPE
/* The same, with the arrays passed as GVariants. */
#define MODEL_FORMAT "(usybuu@ayd" "@ad@ad" "dddddddd" "msms)"

GBytes *
gw_run_codec_pack_models (GwRun *run)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE (MODELS_TYPE));
  g_autoptr(GVariant) v = NULL;

  for (guint i = 0; i < gw_run_get_n_models (run); i++)
    {
      const GwModel *m = gw_run_get_model (run, i);
      guint nf = MIN (m->n_features, GW_N_FEATURES);
      guint8 features[GW_N_FEATURES];

      for (guint f = 0; f < nf; f++)
        features[f] = m->features[f];

      g_variant_builder_add (&builder, MODEL_FORMAT,
                             m->group,
                             m->group_name ? m->group_name : "",
                             (guint8) m->level,
                             (gboolean) !!m->accepted,
                             m->n_rows,
                             m->n_anchors,
                             g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, features, nf, 1),
                             m->intercept,
                             g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, m->coef, nf, sizeof (double)),
                             g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, m->coef_std, nf, sizeof (double)),
                             m->intercept_std,
                             m->cv_r2,
                             m->r2,
                             m->adj_r2,
                             m->rmse,
                             m->alpha,
                             m->lambda,
                             m->scale,
                             m->equation,
                             m->warning);
    }

  v = g_variant_ref_sink (g_variant_builder_end (&builder));
  return g_variant_get_data_as_bytes (v);
}

static GVariant *
variant_from_bytes (const char  *type,
                    GBytes      *bytes,
                    const char  *what,
                    GError     **error)
{
  g_autoptr(GVariant) v = NULL;

  v = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (type), bytes, FALSE));

  /* A damaged blob still deserialises (GVariant never reads out of
   * bounds), but into defaults; normal form tells us it is intact. */
  if (!g_variant_is_normal_form (v))
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Stored %s are damaged"), what);
      return NULL;
    }

  return g_steal_pointer (&v);
}

gboolean
gw_run_codec_set_models (GwRun   *run,
                         GBytes  *bytes,
                         GError **error)
{
  g_autoptr(GVariant) v = variant_from_bytes (MODELS_TYPE, bytes, _("models"), error);
  gsize n;

  if (v == NULL)
    return FALSE;

  n = g_variant_n_children (v);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (v, i);
      g_autoptr(GVariant) features = NULL;
      g_autoptr(GVariant) coef = NULL;
      g_autoptr(GVariant) coef_std = NULL;
      const char *group_name, *equation, *warning;
      GwModel m = { 0 };
      guint8 level;
      gboolean accepted;
      const guint8 *fv;
      const double *cv, *csv;
      gsize nf, nc, ncs;

      g_variant_get (child, MODEL_FORMAT,
                     &m.group, &group_name, &level, &accepted,
                     &m.n_rows, &m.n_anchors,
                     &features, &m.intercept, &coef, &coef_std,
                     &m.intercept_std, &m.cv_r2, &m.r2, &m.adj_r2, &m.rmse,
                     &m.alpha, &m.lambda, &m.scale,
                     &equation, &warning);

      fv = g_variant_get_fixed_array (features, &nf, 1);
      cv = g_variant_get_fixed_array (coef, &nc, sizeof (double));
      csv = g_variant_get_fixed_array (coef_std, &ncs, sizeof (double));
      if (nf > GW_N_FEATURES || nc != nf || ncs != nf || level > GW_MODEL_LEVEL_POOLED_SLOPE ||
          m.group >= gw_table_get_n_groups (run->table))
        {
          g_free ((char *) group_name);
          g_free ((char *) equation);
          g_free ((char *) warning);
          g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                       _("Stored model %zu is damaged"), (size_t) (i + 1));
          return FALSE;
        }

      m.level = level;
      m.accepted = accepted;
      m.n_features = nf;
      for (gsize f = 0; f < nf; f++)
        {
          m.features[f] = MIN (fv[f], GW_N_FEATURES - 1);
          m.coef[f] = cv[f];
          m.coef_std[f] = csv[f];
        }
      m.group_name = gw_run_intern (run, group_name);
      m.equation = equation ? gw_run_intern (run, equation) : NULL;
      m.warning = warning ? gw_run_intern (run, warning) : NULL;
      g_free ((char *) group_name);
      g_free ((char *) equation);
      g_free ((char *) warning);

      g_array_append_val (run->models, m);
    }

  /* A row's model index must name a model. */
  for (guint i = 0; i < run->n_rows; i++)
    if (run->model_index[i] < -1 || run->model_index[i] >= (gint64) run->models->len)
      run->model_index[i] = -1;

  return TRUE;
}

/* Side reports and run warnings, in gw-run.h's struct order: one GVariant
 * of REPORTS_TYPE in normal form (docs/project-format.md).
 *
 * A million-row run has hundreds of thousands of O-acetyl pairs,
 * modification shifts and cross-category inversions.  Through
 * GVariantBuilder and g_variant_iter_next() every value is an object of
 * its own, which took seconds both ways.  So the large arrays are written
 * here byte by byte, with exactly the bytes GVariant makes (the test
 * /store/project/reports-format compares them; the small arrays still go
 * through GVariantBuilder), and gw_run_codec_set_reports() reads the whole
 * blob itself, checking it against normal form as it goes. */
#define OAC_TYPE      "(uiudu)"
#define COELUTION_TYPE "(auudd)"
#define COELUTION_FORMAT "(@auudd)"
#define SUGAR_TYPE    "(suuddb)"
#define CATMEAN_TYPE  "(uud)"
#define CATINV_TYPE   "(uudd)"
#define MODSHIFT_TYPE "(uuuudib)"
#define CROSS_TYPE    "(suudd)"
#define REPORTS_TYPE  "(a" OAC_TYPE "a" COELUTION_TYPE "a" SUGAR_TYPE "a" CATMEAN_TYPE \
                      "a" CATINV_TYPE "a" MODSHIFT_TYPE "a" CROSS_TYPE "as)"
#define N_REPORTS 8

/* The fixed-size tuples as GVariant serialises them: each member aligned
 * to its size, the whole padded to 8; padding zero (normal form). */
typedef struct
{
  guint32 row;
  gint32  base_row;
  guint32 n_oac;
  guint32 padding0;
  double  delta_rt;
  guint32 flag;
  guint32 padding1;
} OacRecord;
G_STATIC_ASSERT (sizeof (OacRecord) == 32);

typedef struct
{
  guint32 category;
  guint32 n;
  double  mean_rt;
} CatMeanRecord;
G_STATIC_ASSERT (sizeof (CatMeanRecord) == 16);

typedef struct
{
  guint32 earlier_expected;
  guint32 later_expected;
  double  mean_rt_earlier_expected;
  double  mean_rt_later_expected;
} CatInvRecord;
G_STATIC_ASSERT (sizeof (CatInvRecord) == 24);

typedef struct
{
  guint32 row;
  guint32 base_row;
  guint32 mod;
  guint32 count;
  double  shift_per_mod;
  gint32  expected_sign;
  guint8  flagged;
  guint8  padding[3];
} ModShiftRecord;
G_STATIC_ASSERT (sizeof (ModShiftRecord) == 32);
G_STATIC_ASSERT (G_STRUCT_OFFSET (ModShiftRecord, flagged) == 28);

/* A growing buffer of serialised GVariant data.  Every container in it
 * starts at an offset aligned for its type, so alignment counted from the
 * buffer's start is alignment within the container too. */
typedef struct
{
  guint8 *data;
  gsize   len;
  gsize   cap;
} PackBuf;

static void
pack_reserve (PackBuf *b,
              gsize    extra)
{
  if (b->cap - b->len >= extra)
    return;
  b->cap = MAX (b->cap * 2, b->len + extra);
  b->data = g_realloc (b->data, b->cap);
}

static void
pack_append (PackBuf       *b,
             gconstpointer  data,
             gsize          len)
{
  pack_reserve (b, len);
  if (len > 0)
    memcpy (b->data + b->len, data, len);
  b->len += len;
}

static void
pack_align (PackBuf *b,
            gsize    align)
{
  gsize pad = (align - (b->len & (align - 1))) & (align - 1);

  pack_reserve (b, pad);
  memset (b->data + b->len, 0, pad);
  b->len += pad;
}

/* GVariant's framing offsets: the narrowest width that lets a container
 * of @body bytes plus @n_offsets offsets be addressed (gvariant-serialiser.c,
 * gvs_calculate_total_size()). */
static gsize
offset_width_for_body (gsize body,
                       gsize n_offsets)
{
  if (body + n_offsets <= G_MAXUINT8)
    return 1;
  if (body + 2 * n_offsets <= G_MAXUINT16)
    return 2;
  if (body + 4 * n_offsets <= G_MAXUINT32)
    return 4;
  return 8;
}

/* The same, read back from a container's total @size. */
static gsize
offset_width_for_size (gsize size)
{
  if (size > G_MAXUINT32)
    return 8;
  if (size > G_MAXUINT16)
    return 4;
  if (size > G_MAXUINT8)
    return 2;
  return 1;
}

/* Framing offsets are little-endian whatever the host. */
static void
pack_offset (PackBuf *b,
             gsize    value,
             gsize    width)
{
  guint8 le[8];

  for (gsize i = 0; i < width; i++)
    le[i] = (guint8) (value >> (8 * i));
  pack_append (b, le, width);
}

static gsize
read_offset (const guint8 *p,
             gsize         width)
{
  gsize value = 0;

  for (gsize i = 0; i < width; i++)
    value |= (gsize) p[i] << (8 * i);
  return value;
}

static void
pack_variant (PackBuf  *b,
              GVariant *v)
{
  g_autoptr(GVariant) sunk = g_variant_ref_sink (v);
  gsize size = g_variant_get_size (sunk);

  pack_reserve (b, size);
  g_variant_store (sunk, b->data + b->len);
  b->len += size;
}

/* a(suudd): each tuple is the string, the two rows at 4-byte alignment,
 * the two times at 8, then the string's end as a framing offset; the
 * tuples start at 8-byte boundaries and the array ends with each tuple's
 * end offset. */
static void
pack_cross (PackBuf                        *b,
            const GwCrossCategoryInversion *c,
            guint                           n)
{
  g_autofree gsize *ends = g_new (gsize, MAX (n, 1));
  gsize start = b->len;
  gsize width;

  for (guint i = 0; i < n; i++)
    {
      const char *ceramide = c[i].ceramide != NULL && g_utf8_validate (c[i].ceramide, -1, NULL)
                             ? c[i].ceramide : "";
      guint32 rows[2] = { c[i].row_more_sialic, c[i].row_fewer_sialic };
      double rts[2] = { c[i].rt_more_sialic, c[i].rt_fewer_sialic };
      gsize tuple, string_end;

      pack_align (b, 8);
      tuple = b->len;
      pack_append (b, ceramide, strlen (ceramide) + 1);
      string_end = b->len - tuple;
      pack_align (b, 4);
      pack_append (b, rows, sizeof rows);
      pack_align (b, 8);
      pack_append (b, rts, sizeof rts);
      pack_offset (b, string_end, offset_width_for_body (b->len - tuple, 1));
      ends[i] = b->len - start;
    }

  width = offset_width_for_body (b->len - start, n);
  for (guint i = 0; i < n; i++)
    pack_offset (b, ends[i], width);
}

GBytes *
gw_run_codec_pack_reports (GwRun *run)
{
  g_auto(GVariantBuilder) coel = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a" COELUTION_TYPE));
  g_auto(GVariantBuilder) sugar = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a" SUGAR_TYPE));
  g_auto(GVariantBuilder) warnings = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_STRING_ARRAY);
  PackBuf b = { NULL, 0, 0 };
  gsize ends[N_REPORTS - 1];
  const char * const *wl;
  gsize width;
  guint n;

  {
    const GwOacPair *p = gw_run_get_oac_pairs (run, &n);

    pack_reserve (&b, (gsize) n * sizeof (OacRecord) + 4096);
    for (guint i = 0; i < n; i++)
      {
        OacRecord r = { p[i].row, p[i].base_row, p[i].n_oac, 0, p[i].delta_rt, p[i].flag, 0 };

        pack_append (&b, &r, sizeof r);
      }
    ends[0] = b.len;
  }
  {
    const GwCoelutionSet *s = gw_run_get_coelution_sets (run, &n);

    for (guint i = 0; i < n; i++)
      g_variant_builder_add (&coel, COELUTION_FORMAT,
                             g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, s[i].members,
                                                        s[i].n_members, sizeof (guint32)),
                             s[i].top_row, s[i].summed_volume, s[i].rt_span);
    pack_align (&b, 8);
    pack_variant (&b, g_variant_builder_end (&coel));
    ends[1] = b.len;
  }
  {
    const GwSugarRtFinding *f = gw_run_get_sugar_rt_findings (run, &n);

    for (guint i = 0; i < n; i++)
      g_variant_builder_add (&sugar, SUGAR_TYPE, f[i].ceramide ? f[i].ceramide : "",
                             f[i].n, f[i].n_sugar_values, f[i].r, f[i].p,
                             (gboolean) !!f[i].flagged);
    pack_align (&b, 8);
    pack_variant (&b, g_variant_builder_end (&sugar));
    ends[2] = b.len;
  }
  {
    const GwCategoryMean *m = gw_run_get_category_means (run, &n);

    pack_align (&b, 8);
    for (guint i = 0; i < n; i++)
      {
        CatMeanRecord r = { m[i].category, m[i].n, m[i].mean_rt };

        pack_append (&b, &r, sizeof r);
      }
    ends[3] = b.len;
  }
  {
    const GwCategoryInversion *c = gw_run_get_category_inversions (run, &n);

    pack_align (&b, 8);
    for (guint i = 0; i < n; i++)
      {
        CatInvRecord r = { c[i].earlier_expected, c[i].later_expected,
                           c[i].mean_rt_earlier_expected, c[i].mean_rt_later_expected };

        pack_append (&b, &r, sizeof r);
      }
    ends[4] = b.len;
  }
  {
    const GwModShift *s = gw_run_get_mod_shifts (run, &n);

    pack_align (&b, 8);
    pack_reserve (&b, (gsize) n * sizeof (ModShiftRecord));
    for (guint i = 0; i < n; i++)
      {
        ModShiftRecord r = { s[i].row, s[i].base_row, s[i].mod, s[i].count, s[i].shift_per_mod,
                             s[i].expected_sign, !!s[i].flagged, { 0, 0, 0 } };

        pack_append (&b, &r, sizeof r);
      }
    ends[5] = b.len;
  }
  {
    const GwCrossCategoryInversion *c = gw_run_get_cross_category_inversions (run, &n);

    pack_align (&b, 8);
    pack_reserve (&b, (gsize) n * 48);
    pack_cross (&b, c, n);
    ends[6] = b.len;
  }

  wl = gw_run_get_warnings_list (run);
  for (guint i = 0; wl != NULL && wl[i] != NULL; i++)
    g_variant_builder_add (&warnings, "s", wl[i]);
  pack_variant (&b, g_variant_builder_end (&warnings));

  /* The outer tuple's framing: the end of each array but the last, the
   * first one's last. */
  width = offset_width_for_body (b.len, N_REPORTS - 1);
  for (guint k = N_REPORTS - 1; k-- > 0;)
    pack_offset (&b, ends[k], width);

  return g_bytes_new_take (g_realloc (b.data, MAX (b.len, 1)), b.len);
}

static gboolean
row_ok (GwRun *run,
        gint64 row)
{
  return row >= 0 && row < (gint64) run->n_rows;
}

static gboolean
zero_gap (const guint8 *p,
          gsize         from,
          gsize         to)
{
  for (gsize i = from; i < to; i++)
    if (p[i] != 0)
      return FALSE;
  return TRUE;
}

/* A string member of @len bytes, as normal form has it: NUL-terminated,
 * no other NUL, UTF-8. */
static gboolean
valid_string (const guint8 *p,
              gsize         len)
{
  return len > 0 && p[len - 1] == '\0' && memchr (p, '\0', len - 1) == NULL &&
         g_utf8_validate ((const char *) p, len - 1, NULL);
}

/* The fixed members after a tuple's variable first one (whose end is the
 * tuple's framing offset), read in order; each is aligned to its size
 * with zero padding, and the last ends where the offset starts. */
typedef struct
{
  const guint8 *p;
  gsize         pos;
  gsize         end;
  gboolean      ok;
} Tail;

static gboolean
tuple_head (const guint8 *p,
            gsize         len,
            gsize        *head_end,
            Tail         *tail)
{
  gsize width = offset_width_for_size (len);

  if (len < width || offset_width_for_body (len - width, 1) != width)
    return FALSE;
  *head_end = read_offset (p + len - width, width);
  if (*head_end > len - width)
    return FALSE;
  tail->p = p;
  tail->pos = *head_end;
  tail->end = len - width;
  tail->ok = TRUE;
  return TRUE;
}

static void
tail_take (Tail     *t,
           gpointer  out,
           gsize     size)
{
  gsize start = (t->pos + size - 1) & ~(size - 1);

  if (!t->ok || start > t->end || t->end - start < size || !zero_gap (t->p, t->pos, start))
    {
      t->ok = FALSE;
      memset (out, 0, size);
      return;
    }
  memcpy (out, t->p + start, size);
  t->pos = start + size;
}

static gboolean
tail_done (Tail *t)
{
  return t->ok && t->pos == t->end;
}

typedef gboolean (*ElementFunc) (GwRun        *run,
                                 const guint8 *p,
                                 gsize         len,
                                 gboolean     *rows_ok);

/* An array of variable-size elements aligned to @align: the elements,
 * zero padding between them, then each one's end offset. */
static gboolean
read_variable_array (GwRun        *run,
                     const guint8 *p,
                     gsize         size,
                     gsize         align,
                     ElementFunc   element,
                     gboolean     *rows_ok)
{
  gsize width, table, n, prev_end = 0;

  if (size == 0)
    return TRUE;

  width = offset_width_for_size (size);
  if (size < width)
    return FALSE;
  table = read_offset (p + size - width, width);
  if (table > size || (size - table) % width != 0)
    return FALSE;
  n = (size - table) / width;
  if (n == 0 || n > G_MAXUINT || offset_width_for_body (table, n) != width)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      gsize start = (prev_end + align - 1) & ~(align - 1);
      gsize end = read_offset (p + table + i * width, width);

      if (start > end || end > table || !zero_gap (p, prev_end, start) ||
          !element (run, p + start, end - start, rows_ok))
        return FALSE;
      prev_end = end;
    }

  return prev_end == table;
}

/* (auudd) */
static gboolean
read_coelution_one (GwRun        *run,
                    const guint8 *p,
                    gsize         len,
                    gboolean     *rows_ok)
{
  GwCoelutionSet s;
  gsize head;
  Tail t;

  if (!tuple_head (p, len, &head, &t) || head % sizeof (guint32) != 0)
    return FALSE;
  tail_take (&t, &s.top_row, sizeof (guint32));
  tail_take (&t, &s.summed_volume, sizeof (double));
  tail_take (&t, &s.rt_span, sizeof (double));
  if (!tail_done (&t))
    return FALSE;

  s.n_members = head / sizeof (guint32);
  s.members = g_memdup2 (p, MAX (head, 1));
  g_ptr_array_add (run->blobs, s.members);
  for (guint m = 0; m < s.n_members; m++)
    *rows_ok &= row_ok (run, s.members[m]);
  *rows_ok &= row_ok (run, s.top_row);
  g_array_append_val (run->coelution_sets, s);
  return TRUE;
}

/* (suuddb) */
static gboolean
read_sugar_one (GwRun        *run,
                const guint8 *p,
                gsize         len,
                gboolean     *rows_ok)
{
  GwSugarRtFinding f;
  guint8 flagged;
  gsize head;
  Tail t;

  if (!tuple_head (p, len, &head, &t) || !valid_string (p, head))
    return FALSE;
  tail_take (&t, &f.n, sizeof (guint32));
  tail_take (&t, &f.n_sugar_values, sizeof (guint32));
  tail_take (&t, &f.r, sizeof (double));
  tail_take (&t, &f.p, sizeof (double));
  tail_take (&t, &flagged, 1);
  if (!tail_done (&t) || flagged > 1)
    return FALSE;

  f.ceramide = gw_run_intern (run, (const char *) p);
  f.flagged = flagged;
  g_array_append_val (run->sugar_rt, f);
  return TRUE;
}

/* (suudd) */
static gboolean
read_cross_one (GwRun        *run,
                const guint8 *p,
                gsize         len,
                gboolean     *rows_ok)
{
  GwCrossCategoryInversion c;
  gsize head;
  Tail t;

  if (!tuple_head (p, len, &head, &t) || !valid_string (p, head))
    return FALSE;
  tail_take (&t, &c.row_more_sialic, sizeof (guint32));
  tail_take (&t, &c.row_fewer_sialic, sizeof (guint32));
  tail_take (&t, &c.rt_more_sialic, sizeof (double));
  tail_take (&t, &c.rt_fewer_sialic, sizeof (double));
  if (!tail_done (&t))
    return FALSE;

  c.ceramide = gw_run_intern (run, (const char *) p);
  *rows_ok &= row_ok (run, c.row_more_sialic) && row_ok (run, c.row_fewer_sialic);
  g_array_append_val (run->cross_category, c);
  return TRUE;
}

/* s, in an array of strings */
static gboolean
read_warning_one (GwRun        *run,
                  const guint8 *p,
                  gsize         len,
                  gboolean     *rows_ok)
{
  if (!valid_string (p, len))
    return FALSE;
  g_ptr_array_add (run->run_warnings, g_strdup ((const char *) p));
  return TRUE;
}

/* The blob's eight arrays as offsets and sizes, checked against the
 * tuple framing of normal form: offsets as wide as needed and no wider,
 * each array at its alignment after zero padding, no gap at the end. */
static gboolean
split_reports (const guint8 *p,
               gsize         size,
               gsize         starts[N_REPORTS],
               gsize         sizes[N_REPORTS])
{
  gsize width = offset_width_for_size (size);
  gsize body, prev_end = 0;

  if (size < (N_REPORTS - 1) * width)
    return FALSE;
  body = size - (N_REPORTS - 1) * width;
  if (offset_width_for_body (body, N_REPORTS - 1) != width)
    return FALSE;

  for (guint k = 0; k < N_REPORTS; k++)
    {
      /* Every array but the strings holds tuples with a double. */
      gsize align = k < N_REPORTS - 1 ? 8 : 1;
      gsize start = (prev_end + align - 1) & ~(align - 1);
      gsize end = k < N_REPORTS - 1 ? read_offset (p + size - (k + 1) * width, width) : body;

      if (start > end || end > body || !zero_gap (p, prev_end, start))
        return FALSE;
      starts[k] = start;
      sizes[k] = end - start;
      prev_end = end;
    }

  return TRUE;
}

/* The fixed-size arrays: a whole number of records, each in normal form
 * (zero padding, booleans 0 or 1).  @p is 8-byte aligned: the blob's
 * buffer is, and so is each array in it. */
static gboolean
read_oac (GwRun        *run,
          const guint8 *p,
          gsize         size,
          gboolean     *rows_ok)
{
  const OacRecord *r = (gconstpointer) p;
  gsize n = size / sizeof (OacRecord);
  GwOacPair batch[256];
  guint n_batch = 0;

  if (size % sizeof (OacRecord) != 0)
    return FALSE;
  /* Appended in batches: g_array_set_size() would first zero what is
   * then written anyway, megabytes of it. */
  for (gsize i = 0; i < n; i++)
    {
      GwOacPair *o = &batch[n_batch++];

      if (r[i].padding0 != 0 || r[i].padding1 != 0)
        return FALSE;
      o->row = r[i].row;
      o->base_row = r[i].base_row;
      o->n_oac = r[i].n_oac;
      o->delta_rt = r[i].delta_rt;
      o->flag = MIN (r[i].flag, GW_OAC_SHIFT_OUT_OF_RANGE);
      *rows_ok &= row_ok (run, o->row) && (o->base_row == -1 || row_ok (run, o->base_row));
      if (n_batch == G_N_ELEMENTS (batch) || i == n - 1)
        {
          g_array_append_vals (run->oac_pairs, batch, n_batch);
          n_batch = 0;
        }
    }
  return TRUE;
}

static gboolean
read_category_means (GwRun        *run,
                     const guint8 *p,
                     gsize         size)
{
  const CatMeanRecord *r = (gconstpointer) p;

  if (size % sizeof (CatMeanRecord) != 0)
    return FALSE;
  for (gsize i = 0; i < size / sizeof (CatMeanRecord); i++)
    {
      GwCategoryMean m;

      m.category = MIN (r[i].category, GW_N_CATEGORIES - 1);
      m.n = r[i].n;
      m.mean_rt = r[i].mean_rt;
      g_array_append_val (run->category_means, m);
    }
  return TRUE;
}

static gboolean
read_category_inversions (GwRun        *run,
                          const guint8 *p,
                          gsize         size)
{
  const CatInvRecord *r = (gconstpointer) p;

  if (size % sizeof (CatInvRecord) != 0)
    return FALSE;
  for (gsize i = 0; i < size / sizeof (CatInvRecord); i++)
    {
      GwCategoryInversion c;

      c.earlier_expected = MIN (r[i].earlier_expected, GW_N_CATEGORIES - 1);
      c.later_expected = MIN (r[i].later_expected, GW_N_CATEGORIES - 1);
      c.mean_rt_earlier_expected = r[i].mean_rt_earlier_expected;
      c.mean_rt_later_expected = r[i].mean_rt_later_expected;
      g_array_append_val (run->category_inversions, c);
    }
  return TRUE;
}

static gboolean
read_mod_shifts (GwRun        *run,
                 const guint8 *p,
                 gsize         size,
                 gboolean     *rows_ok)
{
  const ModShiftRecord *r = (gconstpointer) p;
  gsize n = size / sizeof (ModShiftRecord);
  GwModShift batch[256];
  guint n_batch = 0;

  if (size % sizeof (ModShiftRecord) != 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      GwModShift *s = &batch[n_batch++];

      if (r[i].flagged > 1 || r[i].padding[0] != 0 || r[i].padding[1] != 0 || r[i].padding[2] != 0)
        return FALSE;
      s->row = r[i].row;
      s->base_row = r[i].base_row;
      s->mod = MIN (r[i].mod, GW_N_MODS - 1);
      s->count = r[i].count;
      s->shift_per_mod = r[i].shift_per_mod;
      s->expected_sign = r[i].expected_sign;
      s->flagged = r[i].flagged;
      *rows_ok &= row_ok (run, s->row) && row_ok (run, s->base_row);
      if (n_batch == G_N_ELEMENTS (batch) || i == n - 1)
        {
          g_array_append_vals (run->mod_shifts, batch, n_batch);
          n_batch = 0;
        }
    }
  return TRUE;
}

gboolean
gw_run_codec_set_reports (GwRun   *run,
                          GBytes  *bytes,
                          GError **error)
{
  gsize size = 0;
  const guint8 *p = g_bytes_get_data (bytes, &size);
  g_autofree guint8 *aligned = NULL;
  gsize starts[N_REPORTS], sizes[N_REPORTS];
  gboolean rows_ok = TRUE;

  /* The records are read in place, which needs malloc's alignment. */
  if (((guintptr) p) % 8 != 0)
    p = aligned = g_memdup2 (p, size);

  /* The blob is checked against GVariant's normal form as it is read,
   * array by array: g_variant_is_normal_form() walks every value through
   * generic code, a tenth of a second on a large run (the test
   * /store/project/reports-mutations checks that nothing it refuses gets
   * through here).  No bytes at all would be GVariant's default value, no
   * reports; we always write the framing, so that is damage too.
   *
   * The stored warnings already hold the table's, which
   * gw_run_new_for_table() put first: they replace, not append. */
  g_ptr_array_set_size (run->run_warnings, 0);
  if (size == 0 || !split_reports (p, size, starts, sizes) ||
      !read_oac (run, p + starts[0], sizes[0], &rows_ok) ||
      !read_variable_array (run, p + starts[1], sizes[1], 8, read_coelution_one, &rows_ok) ||
      !read_variable_array (run, p + starts[2], sizes[2], 8, read_sugar_one, &rows_ok) ||
      !read_category_means (run, p + starts[3], sizes[3]) ||
      !read_category_inversions (run, p + starts[4], sizes[4]) ||
      !read_mod_shifts (run, p + starts[5], sizes[5], &rows_ok) ||
      !read_variable_array (run, p + starts[6], sizes[6], 8, read_cross_one, &rows_ok) ||
      !read_variable_array (run, p + starts[7], sizes[7], 1, read_warning_one, &rows_ok))
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Stored %s are damaged"), _("side reports"));
      return FALSE;
    }

  if (!rows_ok)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Stored side reports name rows outside the run"));
      return FALSE;
    }

  return TRUE;
}
