/* gw-export-private.h: the buffered writer shared by the exporters
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "gw-export.h"
#include "gw-numfmt.h"
#include "gw-run.h"

G_BEGIN_DECLS

/* Output is gathered in a 1 MiB buffer and written with one
 * g_output_stream_write_all() per chunk: one syscall per megabyte. */
#define GW_OUT_CHUNK (1 << 20)

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;       /* the first error; later writes are no-ops */
  char          *buf;
  gsize          len;
} GwOut;

static inline void
gw_out_init (GwOut         *o,
             GOutputStream *out,
             GCancellable  *cancellable)
{
  o->out = out;
  o->cancellable = cancellable;
  o->error = NULL;
  o->buf = g_malloc (GW_OUT_CHUNK);
  o->len = 0;
}

static inline void
gw_out_flush (GwOut *o)
{
  if (o->error == NULL && o->len > 0 &&
      !g_cancellable_set_error_if_cancelled (o->cancellable, &o->error))
    g_output_stream_write_all (o->out, o->buf, o->len, NULL, o->cancellable, &o->error);
  o->len = 0;
}

/* Flushes and frees; returns FALSE with @error set on failure. */
static inline gboolean
gw_out_finish (GwOut   *o,
               GError **error)
{
  gw_out_flush (o);
  if (o->error == NULL)
    g_output_stream_flush (o->out, o->cancellable, &o->error);
  g_clear_pointer (&o->buf, g_free);
  if (o->error != NULL)
    {
      g_propagate_error (error, o->error);
      o->error = NULL;
      return FALSE;
    }
  return TRUE;
}

/* Room for @n more bytes. */
static inline char *
gw_out_reserve (GwOut *o,
                gsize  n)
{
  g_assert (n <= GW_OUT_CHUNK);
  if (o->len + n > GW_OUT_CHUNK)
    gw_out_flush (o);
  return o->buf + o->len;
}

static inline void
gw_out_write (GwOut      *o,
              const char *data,
              gsize       n)
{
  while (n > 0)
    {
      gsize room;
      gsize step;

      if (o->len == GW_OUT_CHUNK)
        gw_out_flush (o);
      room = GW_OUT_CHUNK - o->len;
      step = MIN (room, n);
      memcpy (o->buf + o->len, data, step);
      o->len += step;
      data += step;
      n -= step;
    }
}

static inline void
gw_out_str (GwOut      *o,
            const char *s)
{
  gw_out_write (o, s, strlen (s));
}

static inline void
gw_out_c (GwOut *o,
          char   c)
{
  *gw_out_reserve (o, 1) = c;
  o->len++;
}

static inline void
gw_out_int (GwOut  *o,
            gint64  v)
{
  char *p = gw_out_reserve (o, GW_NUMFMT_BUFSIZE);

  o->len += gw_numfmt_int (p, v);
}

static inline void
gw_out_fixed (GwOut  *o,
              double  v,
              guint   decimals)
{
  char *p = gw_out_reserve (o, GW_NUMFMT_BUFSIZE);

  o->len += gw_numfmt_fixed (p, v, decimals);
}

static inline void
gw_out_roundtrip (GwOut  *o,
                  double  v)
{
  char *p = gw_out_reserve (o, GW_NUMFMT_BUFSIZE);

  o->len += gw_numfmt_roundtrip (p, v);
}

/* @v, or null when it is not finite: JSON and mzTab spell a missing
 * number alike. */
static inline void
gw_out_number_or_null (GwOut  *o,
                       double  v)
{
  if (isfinite (v))
    gw_out_roundtrip (o, v);
  else
    gw_out_str (o, "null");
}

/* The input line of @table's @row, or null for no row (-1). */
static inline void
gw_out_line_or_null (GwOut   *o,
                     GwTable *table,
                     int      row)
{
  if (row >= 0)
    gw_out_int (o, gw_table_get_line (table, (guint) row));
  else
    gw_out_str (o, "null");
}

/* The warnings text of a row.  It is a function of the row's warning bits
 * (gw_run_dup_warnings_text() spells out each bit), so the text of each
 * combination is made once per export instead of once per row. */
typedef struct
{
  char *text[256];
} GwWarningsCache;

static inline const char *
gw_warnings_cache_get (GwWarningsCache *cache,
                       GwRun           *run,
                       guint            row,
                       guint            bits,
                       char           **owned)
{
  if (bits < G_N_ELEMENTS (cache->text))
    {
      if (cache->text[bits] == NULL)
        cache->text[bits] = gw_run_dup_warnings_text (run, row);
      return cache->text[bits];
    }
  /* Bits beyond the table: no caching. */
  *owned = gw_run_dup_warnings_text (run, row);
  return *owned;
}

static inline void
gw_warnings_cache_clear (GwWarningsCache *cache)
{
  for (guint i = 0; i < G_N_ELEMENTS (cache->text); i++)
    g_clear_pointer (&cache->text[i], g_free);
}

/* The CSV and JSON writers with an optional context (gw-export.h). */
gboolean gw_export_csv_full  (GwRun                 *run,
                              const GwExportContext *context,
                              GOutputStream         *out,
                              GCancellable          *cancellable,
                              GError               **error);
gboolean gw_export_json_full (GwRun                 *run,
                              const GwExportContext *context,
                              GOutputStream         *out,
                              GCancellable          *cancellable,
                              GError               **error);

/* "2026-11-26T13:02:30Z" for µs since the epoch, newly allocated; "" for 0. */
static inline char *
gw_export_format_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (usec == 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (dt == NULL)
    return g_strdup ("");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

G_END_DECLS
