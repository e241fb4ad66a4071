/* gw-table.c: the parsed input table (ANALYSIS.md §1)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-table"

#include "config.h"

#include "gw-table.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gw-arena.h"
#include "gw-i18n.h"

#include "gw-numparse.h"

/*
 * How this reader stays fast on a million rows:
 *
 * - The whole file is one buffer that the table owns.  Cells are parsed in
 *   place: a delimiter becomes a NUL, a quoted cell is unescaped over
 *   itself (never longer than its quoted form), so no cell is ever
 *   allocated.  Each column is an array of 32-bit offsets into the buffer.
 * - Numbers go through gw_parse_double(), which is exact for the plain
 *   decimals real tables hold and falls back to g_ascii_strtod() for the
 *   rest.  Neither depends on the locale.
 * - Strings that repeat (group prefixes) are interned once.
 */

G_DEFINE_QUARK (gw-table-error-quark, gw_table_error)
G_DEFINE_BOXED_TYPE (GwTable, gw_table, gw_table_ref, gw_table_unref)

enum {
  ROW_VALID  = 1 << 0,
  ROW_ANCHOR = 1 << 1,
  ROW_NAMED  = 1 << 2,   /* the name parsed */
};

struct _GwTable
{
  gatomicrefcount  ref_count;

  char            *display_name;
  char            *sha256;
  char             delimiter;
  gboolean         decimal_comma;

  /* The file, NUL-terminated, with every cell NUL-terminated in place. */
  char            *buf;
  gsize            buf_len;

  guint            n_rows;
  guint            n_valid;
  guint            n_invalid;
  guint            n_anchors;

  /* Every column of the header, in file order. */
  guint            n_cols;
  char           **headers;                 /* n_cols, owned strings */
  guint32        **cells;                   /* n_cols arrays of n_rows offsets */
  int              required[GW_N_COLUMNS];  /* file column of each required one */
  guint           *extra;                   /* file columns of the others */
  guint            n_extra;

  double          *rt;
  double          *volume;
  double          *logp;
  guint32         *line;
  guint8          *flags;
  GArray          *unique_names;            /* GwName, one per distinct Name cell */
  gint32          *name_index;              /* per row, into @unique_names, or -1 */
  gint32          *group;

  GPtrArray       *group_names;             /* char *, owned */
  GArray          *group_rows;              /* guint: valid rows per group */
  GArray          *group_anchors;           /* guint: valid anchors per group */

  GHashTable      *errors;                  /* row → reason (in @strings) */
  GStringChunk    *strings;
  GPtrArray       *warnings;                /* char *, NULL-terminated */

  /* A table read from a snapshot: the per-row arrays and @buf point into
   * these bytes and are not freed on their own. */
  GBytes          *snapshot;
};

/* The aliases of each required column, compared after folding case and
 * dropping spaces, '_' and '-' ("Retention Time" = "retention_time"). */
static const char * const column_aliases[GW_N_COLUMNS][5] = {
  [GW_COLUMN_NAME]   = { "name", "compound", "compoundname", NULL },
  [GW_COLUMN_RT]     = { "rt", "retentiontime", NULL },
  [GW_COLUMN_VOLUME] = { "volume", "area", "peakarea", NULL },
  [GW_COLUMN_LOGP]   = { "logp", "clogp", NULL },
  [GW_COLUMN_ANCHOR] = { "anchor", "isanchor", "training", NULL },
};

static const char * const column_titles[GW_N_COLUMNS] = {
  "Name", "RT", "Volume", "Log P", "Anchor",
};

static const char * const column_alias_text[GW_N_COLUMNS] = {
  "compound, compound_name",
  "retention_time, retention time",
  "area, peak_area, peak area",
  "logp, log_p, clogp",
  "is_anchor, training",
};

#define RT_MIN     0.0
#define RT_MAX     300.0
#define LOGP_MIN  -30.0
#define LOGP_MAX   30.0

/* A million-row table touches about 100 MB of fresh memory, and on
 * virtual machines the page faults cost more than the parsing.  Asking
 * for transparent huge pages makes them 512 times fewer. */
static gpointer
big_alloc (gsize size)
{
  gpointer p = g_malloc (size);

  if (size >= 2 * GW_HUGE_PAGE_SIZE)
    gw_advise_huge_pages (p, size);
  return p;
}

#define big_new(type, n) ((type *) big_alloc (sizeof (type) * (gsize) (n)))

GwTable *
gw_table_ref (GwTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  g_atomic_ref_count_inc (&table->ref_count);
  return table;
}

static void
gw_table_free (GwTable *table)
{
  g_free (table->display_name);
  g_free (table->sha256);
  if (table->snapshot == NULL)
    {
      g_free (table->buf);
      if (table->cells != NULL)
        for (guint i = 0; i < table->n_cols; i++)
          g_free (table->cells[i]);
      g_free (table->extra);
      g_free (table->rt);
      g_free (table->volume);
      g_free (table->logp);
      g_free (table->line);
      g_free (table->flags);
      g_free (table->name_index);
      g_free (table->group);
    }
  g_clear_pointer (&table->snapshot, g_bytes_unref);
  g_free (table->cells);
  if (table->headers != NULL)
    for (guint i = 0; i < table->n_cols; i++)
      g_free (table->headers[i]);
  g_free (table->headers);
  g_clear_pointer (&table->unique_names, g_array_unref);
  g_clear_pointer (&table->group_names, g_ptr_array_unref);
  g_clear_pointer (&table->group_rows, g_array_unref);
  g_clear_pointer (&table->group_anchors, g_array_unref);
  g_clear_pointer (&table->errors, g_hash_table_unref);
  g_clear_pointer (&table->strings, g_string_chunk_free);
  g_clear_pointer (&table->warnings, g_ptr_array_unref);
  g_free (table);
}

void
gw_table_unref (GwTable *table)
{
  g_return_if_fail (table != NULL);

  if (g_atomic_ref_count_dec (&table->ref_count))
    gw_table_free (table);
}

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint32 *starts;        /* offsets of the cells, NUL-terminated in place */
  guint    capacity;      /* cells that fit in @starts */
  guint    n_fields;      /* fields seen, may exceed @capacity */
  guint    n_nonempty_overflow; /* non-empty fields past @capacity */
  guint32  first_overflow;      /* offset of the first of them */
  guint    lines;         /* newlines consumed inside quoted cells */
  gboolean unterminated;  /* a quote never closed before the end of the file */
  gboolean junk_after_quote;
  gboolean all_empty;
} Record;

/* Bytes that end an unquoted cell: the delimiter, CR, LF and NUL (the
 * buffer's terminator). */
typedef struct
{
  guint8 stop[256];
  char   delim;
} Scanner;

static void
scanner_init (Scanner *s,
              char     delim)
{
  memset (s->stop, 0, sizeof s->stop);
  s->stop[(guchar) delim] = 1;
  s->stop['\r'] = 1;
  s->stop['\n'] = 1;
  s->stop[0] = 1;
  s->delim = delim;
}

static inline gboolean
is_blank (char c,
          char delim)
{
  return c == ' ' || (c == '\t' && delim != '\t');
}

/*
 * Parses one record starting at @p and returns the start of the next one.
 * Cells are NUL-terminated in place; their offsets go to @rec->starts.
 * @end is the buffer's terminating NUL.
 *
 * A quote that never closes would otherwise swallow the rest of the file,
 * so such a cell ends at the end of its own line instead and the record is
 * marked @unterminated.
 */
static char *
parse_record (const Scanner *sc,
              char          *buf,
              char          *p,
              char          *end,
              Record        *rec)
{
  const char delim = sc->delim;

  rec->n_fields = 0;
  rec->n_nonempty_overflow = 0;
  rec->lines = 0;
  rec->unterminated = FALSE;
  rec->junk_after_quote = FALSE;
  rec->all_empty = TRUE;

  for (;;)
    {
      char *cell;
      char *cell_end;
      char  stop;

      while (p < end && is_blank (*p, delim))
        p++;

      if (p < end && *p == '"')
        {
          char *q = p + 1;
          char *close = NULL;

          /* Find the closing quote first, without writing, so that an
           * unterminated quote can be recovered from intact bytes. */
          for (;;)
            {
              char *dq = memchr (q, '"', end - q);

              if (dq == NULL)
                break;
              if (dq + 1 < end && dq[1] == '"')
                {
                  q = dq + 2;
                  continue;
                }
              close = dq;
              break;
            }

          if (close != NULL)
            {
              char *w = p + 1;

              cell = w;
              for (q = p + 1; q < close; q++)
                {
                  if (*q == '"')
                    q++;  /* a doubled quote: keep one */
                  else if (*q == '\n')
                    rec->lines++;
                  *w++ = *q;
                }
              cell_end = w;
              p = close + 1;
              while (p < end && is_blank (*p, delim))
                p++;
              if (p < end && *p != delim && *p != '\r' && *p != '\n')
                {
                  /* Text after the closing quote: keep it in the cell so
                   * nothing is lost, and flag the record. */
                  rec->junk_after_quote = TRUE;
                  while (p < end && !sc->stop[(guchar) *p])
                    *w++ = *p++;
                  cell_end = w;
                }
            }
          else
            {
              rec->unterminated = TRUE;
              cell = p;
              while (p < end && *p != '\r' && *p != '\n')
                p++;
              cell_end = p;
            }
        }
      else if (delim == ';')
        {
          int depth = 0;

          /* European exports often leave "GD1(36:1;O2)" unquoted: a ';'
           * inside parentheses belongs to the cell, not between cells. */
          cell = p;
          for (;; p++)
            {
              char c = *p;

              if (c == '(')
                depth++;
              else if (c == ')' && depth > 0)
                depth--;
              else if (sc->stop[(guchar) c] && (c != ';' || depth == 0))
                break;
            }
          cell_end = p;
          while (cell_end > cell && is_blank (cell_end[-1], delim))
            cell_end--;
        }
      else
        {
          cell = p;
          while (!sc->stop[(guchar) *p])
            p++;
          cell_end = p;
          while (cell_end > cell && is_blank (cell_end[-1], delim))
            cell_end--;
        }

      stop = p < end ? *p : '\0';
      *cell_end = '\0';

      if (cell_end > cell)
        rec->all_empty = FALSE;
      if (rec->n_fields < rec->capacity)
        rec->starts[rec->n_fields] = (guint32) (cell - buf);
      else if (cell_end > cell && rec->n_nonempty_overflow++ == 0)
        rec->first_overflow = (guint32) (cell - buf);
      rec->n_fields++;

      if (stop == delim && !rec->unterminated)
        {
          p++;
          continue;
        }

      /* The end of the record: CRLF, LF, a lone CR, or the end. */
      if (stop == '\r')
        {
          p++;
          if (p < end && *p == '\n')
            p++;
        }
      else if (stop == '\n')
        p++;
      return p;
    }
}

/* ------------------------------------------------------------------ */
/* Header                                                              */
/* ------------------------------------------------------------------ */

/* Folds a header for alias matching: lower case, without spaces, '_',
 * '-' or '.', and without a trailing unit in brackets ("RT (min)"). */
static char *
fold_header (const char *h)
{
  GString *s = g_string_new (NULL);
  const char *bracket = NULL;

  for (const char *p = h; *p != '\0'; p++)
    if ((*p == '(' || *p == '[') && p > h)
      {
        bracket = p;
        break;
      }
  for (const char *p = h; *p != '\0' && p != bracket; p++)
    {
      if (*p == ' ' || *p == '_' || *p == '-' || *p == '.' || *p == '\t')
        continue;
      g_string_append_c (s, g_ascii_tolower (*p));
    }
  return g_string_free (s, FALSE);
}

static int
column_for_header (const char *header)
{
  g_autofree char *folded = fold_header (header);

  for (int c = 0; c < GW_N_COLUMNS; c++)
    for (guint a = 0; column_aliases[c][a] != NULL; a++)
      if (strcmp (folded, column_aliases[c][a]) == 0)
        return c;
  return -1;
}

/* Splits a header line copy on @delim (quotes respected) and counts the
 * required columns it names. */
static guint
score_delimiter (const char *line,
                 gsize       len,
                 char        delim,
                 guint      *n_delims)
{
  g_autofree char *copy = g_strndup (line, len);
  Scanner sc;
  Record rec = { 0 };
  guint32 starts[256];
  gboolean seen[GW_N_COLUMNS] = { FALSE, };
  guint score = 0;
  guint count = 0;
  gboolean in_quote = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (line[i] == '"')
        in_quote = !in_quote;
      else if (line[i] == delim && !in_quote)
        count++;
    }
  *n_delims = count;

  scanner_init (&sc, delim);
  rec.starts = starts;
  rec.capacity = G_N_ELEMENTS (starts);
  parse_record (&sc, copy, copy, copy + len, &rec);
  for (guint i = 0; i < MIN (rec.n_fields, rec.capacity); i++)
    {
      int c = column_for_header (copy + starts[i]);
      if (c >= 0 && !seen[c])
        {
          seen[c] = TRUE;
          score++;
        }
    }
  return score;
}

static char
detect_delimiter (const char *p,
                  const char *end)
{
  static const char candidates[] = { ',', ';', '\t' };
  const char *nl = memchr (p, '\n', end - p);
  gsize len = (nl != NULL ? nl : end) - p;
  char best = ',';
  guint best_score = 0;
  guint best_count = 0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint count;
      guint score = score_delimiter (p, len, candidates[i], &count);

      if (count == 0)
        continue;
      if (score > best_score || (score == best_score && count > best_count))
        {
          best = candidates[i];
          best_score = score;
          best_count = count;
        }
    }
  return best;
}

/* ------------------------------------------------------------------ */
/* Cells                                                               */
/* ------------------------------------------------------------------ */

typedef enum
{
  ANCHOR_BAD = -1,
  ANCHOR_NO = 0,
  ANCHOR_YES = 1,
} AnchorValue;

static AnchorValue
parse_anchor (const char *s)
{
  static const char * const yes[] = { "t", "true", "1", "yes", "y", "anchor" };
  static const char * const no[] = { "f", "false", "0", "no", "n", "test" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (g_ascii_strcasecmp (s, yes[i]) == 0)
      return ANCHOR_YES;
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (g_ascii_strcasecmp (s, no[i]) == 0)
      return ANCHOR_NO;
  return ANCHOR_BAD;
}

/* Appends "; " between problems of one row. */
static void
add_problem (GString    *why,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (GString    *why,
             const char *format,
             ...)
{
  va_list args;

  if (why->len > 0)
    g_string_append (why, "; ");
  va_start (args, format);
  g_string_append_vprintf (why, format, args);
  va_end (args);
}

/* A short, printable, valid-UTF-8 quote of a cell for messages. */
static char *
quote_cell (const char *s)
{
  gsize len = strlen (s);
  g_autofree char *valid = NULL;

  if (len > 60)
    {
      g_autofree char *cut = g_utf8_make_valid (s, 57);
      return g_strdup_printf ("%s…", cut);
    }
  valid = g_utf8_make_valid (s, len);
  return g_steal_pointer (&valid);
}

/* Reads a numeric cell.  Returns NAN and explains why when it is not a
 * finite number. */
static double
read_number (const char *cell,
             GwColumn    column,
             gboolean    decimal_comma,
             gboolean   *used_comma,
             GString    *why)
{
  double v;

  if (*cell == '\0')
    {
      add_problem (why, "%s is empty", column_titles[column]);
      return NAN;
    }
  if (!gw_parse_double (cell, decimal_comma, &v, used_comma))
    {
      g_autofree char *q = quote_cell (cell);
      add_problem (why, "%s '%s' is not a number", column_titles[column], q);
      return NAN;
    }
  if (!isfinite (v))
    {
      g_autofree char *q = quote_cell (cell);
      add_problem (why, "%s '%s' is not a finite number", column_titles[column], q);
      return NAN;
    }
  return v;
}

/* Replaces every byte that is not part of valid UTF-8 with '?', in place,
 * so that messages and outputs stay valid.  Returns FALSE when it had to. */
static gboolean
sanitize_utf8 (char *s)
{
  gboolean ok = TRUE;
  const char *bad;

  while (!g_utf8_validate (s, -1, &bad))
    {
      *(char *) bad = '?';
      s = (char *) bad + 1;
      ok = FALSE;
    }
  return ok;
}

/* ------------------------------------------------------------------ */
/* Import                                                              */
/* ------------------------------------------------------------------ */

static gboolean
fail (GError     **error,
      GwTableError code,
      const char  *display_name,
      const char  *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError     **error,
      GwTableError code,
      const char  *display_name,
      const char  *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GW_TABLE_ERROR, code, "%s: %s", display_name, msg);
  return FALSE;
}

static guint
count_lines (const char *p,
             const char *end)
{
  guint n = 0;

  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      n++;
      p++;
    }
  return n;
}

static gboolean
check_text (GwTable     *t,
            const char  *p,
            const char  *end,
            GError     **error)
{
  const char *nul;
  const char *header_end;

  if (end - p >= 2 && (((guchar) p[0] == 0xFF && (guchar) p[1] == 0xFE) ||
                       ((guchar) p[0] == 0xFE && (guchar) p[1] == 0xFF)))
    return fail (error, GW_TABLE_ERROR_NOT_TEXT, t->display_name,
                 _("the file is UTF-16 text; save it as UTF-8 (CSV UTF-8)"));
  if (end - p >= 4 && memcmp (p, "PK\x03\x04", 4) == 0)
    return fail (error, GW_TABLE_ERROR_NOT_TEXT, t->display_name,
                 _("not a text file but a ZIP archive (an .xlsx workbook?); export it as CSV"));

  nul = memchr (p, '\0', end - p);
  if (nul != NULL)
    return fail (error, GW_TABLE_ERROR_NOT_TEXT, t->display_name,
                 _("not a text file: NUL byte on line %u"),
                 count_lines (p, nul) + 1);

  header_end = memchr (p, '\n', end - p);
  if (header_end == NULL)
    header_end = end;
  for (const char *q = p; q < header_end; q++)
    {
      guchar c = *q;
      if (c < 0x20 && c != '\t' && c != '\r')
        return fail (error, GW_TABLE_ERROR_NOT_TEXT, t->display_name,
                     _("not a text file: control byte 0x%02X in the header (line 1)"), c);
    }
  {
    const char *bad;

    if (!g_utf8_validate_len (p, header_end - p, &bad))
      return fail (error, GW_TABLE_ERROR_NOT_TEXT, t->display_name,
                   _("the header (line 1) is not UTF-8 text (byte 0x%02X at column %u); "
                     "save the file as UTF-8"),
                   (guchar) *bad, (guint) (bad - p) + 1);
  }
  return TRUE;
}

static void
add_warning (GwTable    *t,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (GwTable    *t,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (t->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
parse_header (GwTable  *t,
              Scanner  *sc,
              char    **pp,
              char     *end,
              guint    *line,
              GError  **error)
{
  g_autofree guint32 *starts = NULL;
  Record rec = { 0 };
  GString *missing;
  guint n_missing = 0;
  gboolean ok = TRUE;

  /* A first pass with a small buffer counts the fields; the header is
   * short, so parsing a copy twice costs nothing. */
  {
    const char *nl = memchr (*pp, '\n', end - *pp);
    gsize len = (nl != NULL ? nl : end) - *pp;
    g_autofree char *copy = g_strndup (*pp, len);

    rec.starts = NULL;
    rec.capacity = 0;
    parse_record (sc, copy, copy, copy + len, &rec);
  }

  /* The real parse.  A quoted header cell could span lines, so the count
   * above is only a lower bound: grow until everything fits. */
  rec.capacity = MAX (rec.n_fields, 1) + 16;
  starts = g_new (guint32, rec.capacity);
  rec.starts = starts;
  *pp = parse_record (sc, t->buf, *pp, end, &rec);
  *line += 1 + rec.lines;
  if (rec.n_fields > rec.capacity)
    return fail (error, GW_TABLE_ERROR_NOT_TEXT, t->display_name,
                 _("the header spans several lines inside quotes"));
  if (rec.unterminated)
    return fail (error, GW_TABLE_ERROR_MISSING_COLUMN, t->display_name,
                 _("a quote in the header (line 1) never closes"));

  t->n_cols = rec.n_fields;
  t->headers = g_new0 (char *, t->n_cols);
  for (guint i = 0; i < GW_N_COLUMNS; i++)
    t->required[i] = -1;
  t->extra = g_new (guint, t->n_cols);
  t->n_extra = 0;

  for (guint i = 0; i < t->n_cols; i++)
    {
      const char *h = t->buf + starts[i];
      int c;

      /* Line 1 was checked above; a quoted name may run past it. */
      if (!g_utf8_validate (h, -1, NULL))
        return fail (error, GW_TABLE_ERROR_NOT_TEXT, t->display_name,
                     _("the header (line 1) is not UTF-8 text (in column %u); "
                       "save the file as UTF-8"), i + 1);
      t->headers[i] = g_strdup (h);
      c = column_for_header (h);
      if (c >= 0 && t->required[c] < 0)
        t->required[c] = (int) i;
      else
        {
          if (c >= 0)
            add_warning (t, "column %u '%s' repeats column '%s'; the first one is used "
                         "and this one is kept as an extra column",
                         i + 1, h, t->headers[t->required[c]]);
          t->extra[t->n_extra++] = i;
        }
    }

  missing = g_string_new (NULL);
  for (guint c = 0; c < GW_N_COLUMNS; c++)
    if (t->required[c] < 0)
      {
        if (missing->len > 0)
          g_string_append (missing, ", ");
        n_missing++;
        /* TRANSLATORS: a missing column and the other names it may have:
         * "'RT' (or retention_time, retention time)". */
        g_string_append_printf (missing, _("'%s' (or %s)"), column_titles[c], column_alias_text[c]);
      }
  if (missing->len > 0)
    {
      g_autoptr(GString) found = g_string_new (NULL);
      /* TRANSLATORS: the separator a table's header was split on. */
      const char *delim_name = t->delimiter == '\t' ? _("tab") : t->delimiter == ';' ? "';'" : "','";

      for (guint i = 0; i < t->n_cols; i++)
        {
          g_autofree char *q = quote_cell (t->headers[i]);
          if (i > 0)
            g_string_append (found, ", ");
          g_string_append_printf (found, _("'%s'"), q);
        }
      ok = fail (error, GW_TABLE_ERROR_MISSING_COLUMN, t->display_name,
                 /* TRANSLATORS: "missing required column 'RT' (or …); the
                  * header (line 1, split on ',') has: 'Name', 'Volume'". */
                 g_dngettext (GETTEXT_PACKAGE,
                              "missing required column %s; the header (line 1, split on %s) has: %s",
                              "missing required columns %s; the header (line 1, split on %s) has: %s",
                              n_missing),
                 missing->str, delim_name, found->str);
    }
  g_string_free (missing, TRUE);
  return ok;
}

static int
intern_group (GwTable    *t,
              GHashTable *index,
              const char *prefix,
              gsize       len)
{
  char key[128];
  gpointer value;
  g_autofree char *heap_key = NULL;
  const char *k;

  if (len < sizeof key)
    {
      memcpy (key, prefix, len);
      key[len] = '\0';
      k = key;
    }
  else
    k = heap_key = g_strndup (prefix, len);

  if (g_hash_table_lookup_extended (index, k, NULL, &value))
    return GPOINTER_TO_INT (value);

  {
    guint g = t->group_names->len;
    guint zero = 0;
    char *owned = g_strdup (k);

    g_ptr_array_add (t->group_names, owned);
    g_array_append_val (t->group_rows, zero);
    g_array_append_val (t->group_anchors, zero);
    g_hash_table_insert (index, owned, GINT_TO_POINTER (g));
    return (int) g;
  }
}

/* What a distinct Name cell resolves to; parsed once per distinct text. */
typedef struct
{
  gint32      name;    /* index into unique_names, -1 when it did not parse */
  gint32      group;
  const char *error;   /* "Name 'X': …" in t->strings, or NULL */
} NameInfo;

static guint
resolve_name (GwTable    *t,
              GHashTable *cache,
              GArray     *infos,
              GHashTable *group_index,
              const char *name)
{
  g_autoptr(GError) name_error = NULL;
  NameInfo info = { -1, -1, NULL };
  GwName parsed;

  if (!gw_name_parse (name, -1, &parsed, &name_error))
    {
      g_autofree char *q = quote_cell (name);
      g_autofree char *msg = g_strdup_printf ("Name '%s': %s", q, name_error->message);

      info.error = g_string_chunk_insert (t->strings, msg);
    }
  else
    {
      const char *start = name;
      const char *paren = strchr (name, '(');
      gsize len;

      /* A quoted cell keeps its spaces; the group is the prefix without
       * them. */
      while (g_ascii_isspace (*start))
        start++;
      len = paren - start;
      while (len > 0 && g_ascii_isspace (start[len - 1]))
        len--;
      info.name = (gint32) t->unique_names->len;
      g_array_append_val (t->unique_names, parsed);
      info.group = intern_group (t, group_index, start, len);
    }

  g_array_append_val (infos, info);
  /* The key is the cell itself, which lives as long as the table. */
  g_hash_table_insert (cache, (gpointer) name, GUINT_TO_POINTER (infos->len));
  return infos->len;
}

static gboolean
parse_rows (GwTable       *t,
            Scanner       *sc,
            char          *p,
            char          *end,
            guint          line,
            gboolean       utf8_ok,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GHashTable) group_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) name_cache = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) name_infos = g_array_new (FALSE, FALSE, sizeof (NameInfo));
  g_autoptr(GString) why = g_string_new (NULL);
  g_autofree guint32 *starts = g_new (guint32, t->n_cols);
  guint capacity = count_lines (p, end) + 1;
  const guint32 empty = (guint32) t->buf_len;  /* the terminating NUL */
  const int name_col = t->required[GW_COLUMN_NAME];
  const int rt_col = t->required[GW_COLUMN_RT];
  const int vol_col = t->required[GW_COLUMN_VOLUME];
  const int logp_col = t->required[GW_COLUMN_LOGP];
  const int anchor_col = t->required[GW_COLUMN_ANCHOR];
  const char *last_name = NULL;
  guint last_info = 0;
  guint n_blank = 0;
  guint n_commas = 0;
  Record rec = { 0 };

  rec.starts = starts;
  rec.capacity = t->n_cols;

  t->cells = g_new (guint32 *, t->n_cols);
  for (guint i = 0; i < t->n_cols; i++)
    t->cells[i] = big_new (guint32, capacity);
  t->rt = big_new (double, capacity);
  t->volume = big_new (double, capacity);
  t->logp = big_new (double, capacity);
  t->line = big_new (guint32, capacity);
  t->flags = big_new (guint8, capacity);
  t->name_index = big_new (gint32, capacity);
  t->group = big_new (gint32, capacity);

  while (p < end)
    {
      guint row_line = line;
      guint row;
      guint8 flags = 0;
      gboolean used_comma = FALSE;
      const char *name;
      AnchorValue anchor;

      p = parse_record (sc, t->buf, p, end, &rec);
      line += 1 + rec.lines;

      /* Blank lines and rows of empty cells ("，，，，" from a spreadsheet)
       * hold no data. */
      if (rec.all_empty)
        {
          if (rec.n_fields > 1)
            n_blank++;
          continue;
        }

      if ((t->n_rows & 0xFFFF) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* The line count is an upper bound, except when a lone CR ends lines. */
      if (t->n_rows == capacity)
        {
          capacity *= 2;
          for (guint i = 0; i < t->n_cols; i++)
            t->cells[i] = g_renew (guint32, t->cells[i], capacity);
          t->rt = g_renew (double, t->rt, capacity);
          t->volume = g_renew (double, t->volume, capacity);
          t->logp = g_renew (double, t->logp, capacity);
          t->line = g_renew (guint32, t->line, capacity);
          t->flags = g_renew (guint8, t->flags, capacity);
          t->name_index = g_renew (gint32, t->name_index, capacity);
          t->group = g_renew (gint32, t->group, capacity);
        }

      row = t->n_rows++;
      g_string_truncate (why, 0);

      for (guint i = 0; i < t->n_cols; i++)
        t->cells[i][row] = i < rec.n_fields ? starts[i] : empty;
      t->line[row] = row_line;

      if (!utf8_ok)
        {
          for (guint i = 0; i < MIN (rec.n_fields, t->n_cols); i++)
            if (!sanitize_utf8 (t->buf + starts[i]))
              add_problem (why, "column '%s' is not valid UTF-8 text (the bad bytes are "
                           "shown as '?')", t->headers[i]);
        }

      if (rec.unterminated)
        add_problem (why, "a quoted field never closes (the row is read up to the end of "
                     "its line)");
      if (rec.junk_after_quote)
        add_problem (why, "text after a closing quote");
      if (rec.n_fields < t->n_cols)
        add_problem (why, "%u field%s, the header has %u", rec.n_fields,
                     rec.n_fields == 1 ? "" : "s", t->n_cols);
      else if (rec.n_nonempty_overflow > 0)
        {
          /* The table has no column for them, so the reason keeps them. */
          g_autofree char *q = quote_cell (t->buf + rec.first_overflow);
          add_problem (why, "%u fields, the header has %u (first extra: '%s')",
                       rec.n_fields, t->n_cols, q);
        }

      /* Name.  Names repeat a lot, so each distinct text is parsed once;
       * neighbouring rows often share it. */
      name = t->buf + t->cells[name_col][row];
      t->name_index[row] = -1;
      t->group[row] = -1;
      if (*name == '\0')
        add_problem (why, "Name is empty");
      else
        {
          const NameInfo *info;
          guint idx;

          if (last_name != NULL && strcmp (name, last_name) == 0)
            idx = last_info;
          else
            {
              idx = GPOINTER_TO_UINT (g_hash_table_lookup (name_cache, name));
              if (idx == 0)
                idx = resolve_name (t, name_cache, name_infos, group_index, name);
              last_name = name;
              last_info = idx;
            }
          info = &g_array_index (name_infos, NameInfo, idx - 1);
          if (info->error != NULL)
            add_problem (why, "%s", info->error);
          else
            {
              flags |= ROW_NAMED;
              t->name_index[row] = info->name;
              t->group[row] = info->group;
            }
        }

      /* Numbers and bounds. */
      t->rt[row] = read_number (t->buf + t->cells[rt_col][row], GW_COLUMN_RT,
                                t->delimiter == ';', &used_comma, why);
      if (t->rt[row] < RT_MIN || t->rt[row] > RT_MAX)
        {
          g_autofree char *q = quote_cell (t->buf + t->cells[rt_col][row]);
          add_problem (why, "RT %s is outside [0, 300] min", q);
        }
      t->volume[row] = read_number (t->buf + t->cells[vol_col][row], GW_COLUMN_VOLUME,
                                    t->delimiter == ';', &used_comma, why);
      if (t->volume[row] <= 0)
        {
          g_autofree char *q = quote_cell (t->buf + t->cells[vol_col][row]);
          add_problem (why, "Volume %s is not positive", q);
        }
      t->logp[row] = read_number (t->buf + t->cells[logp_col][row], GW_COLUMN_LOGP,
                                  t->delimiter == ';', &used_comma, why);
      if (t->logp[row] < LOGP_MIN || t->logp[row] > LOGP_MAX)
        {
          g_autofree char *q = quote_cell (t->buf + t->cells[logp_col][row]);
          add_problem (why, "Log P %s is outside [-30, 30]", q);
        }
      if (used_comma)
        n_commas++;

      anchor = parse_anchor (t->buf + t->cells[anchor_col][row]);
      if (anchor == ANCHOR_YES)
        flags |= ROW_ANCHOR;
      else if (anchor == ANCHOR_BAD)
        {
          const char *cell = t->buf + t->cells[anchor_col][row];

          if (*cell == '\0')
            add_problem (why, "Anchor is empty (expected T or F)");
          else
            {
              g_autofree char *q = quote_cell (cell);
              add_problem (why, "Anchor '%s' is not one of T/F, true/false, 1/0, yes/no, "
                           "y/n, anchor/test", q);
            }
        }

      if (why->len == 0)
        {
          flags |= ROW_VALID;
          t->n_valid++;
          if (flags & ROW_ANCHOR)
            t->n_anchors++;
          if (t->group[row] >= 0)
            {
              g_array_index (t->group_rows, guint, t->group[row])++;
              if (flags & ROW_ANCHOR)
                g_array_index (t->group_anchors, guint, t->group[row])++;
            }
        }
      else
        {
          g_autofree char *reason = g_strdup_printf ("line %u: %s", row_line, why->str);

          t->n_invalid++;
          g_hash_table_insert (t->errors, GUINT_TO_POINTER (row),
                               g_string_chunk_insert (t->strings, reason));
        }
      t->flags[row] = flags;
    }

  t->decimal_comma = n_commas > 0;
  if (n_blank > 0)
    add_warning (t, "%u row%s with only empty cells skipped", n_blank, n_blank == 1 ? "" : "s");
  return TRUE;
}

static GwTable *
table_parse (char          *buf,
             gsize          len,
             const char    *display_name,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GwTable) t = g_new0 (GwTable, 1);
  Scanner sc;
  char *p;
  char *end;
  guint line = 1;
  gboolean utf8_ok;

  g_atomic_ref_count_init (&t->ref_count);
  t->display_name = g_strdup (display_name);
  t->buf = buf;
  t->buf_len = len;
  t->errors = g_hash_table_new (NULL, NULL);
  t->strings = g_string_chunk_new (4096);
  t->warnings = g_ptr_array_new_with_free_func (g_free);
  t->group_names = g_ptr_array_new_with_free_func (g_free);
  t->unique_names = g_array_new (FALSE, FALSE, sizeof (GwName));
  t->group_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  t->group_anchors = g_array_new (FALSE, FALSE, sizeof (guint));

  if (len >= G_MAXUINT32)
    {
      fail (error, GW_TABLE_ERROR_IO, display_name, _("the file is larger than 4 GiB"));
      return NULL;
    }

  p = buf;
  end = buf + len;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  {
    const char *q = p;

    while (q < end && g_ascii_isspace (*q))
      q++;
    if (q == end)
      {
        fail (error, GW_TABLE_ERROR_EMPTY, display_name, _("the file is empty"));
        return NULL;
      }
  }

  if (!check_text (t, p, end, error))
    return NULL;
  utf8_ok = g_utf8_validate_len (p, end - p, NULL);

  /* Leading blank lines before the header are tolerated. */
  while (p < end && (*p == '\n' || *p == '\r'))
    {
      if (*p == '\n')
        line++;
      p++;
    }

  t->delimiter = detect_delimiter (p, end);
  scanner_init (&sc, t->delimiter);

  if (!parse_header (t, &sc, &p, end, &line, error))
    return NULL;

  if (!parse_rows (t, &sc, p, end, line, utf8_ok, cancellable, error))
    return NULL;

  if (t->n_rows == 0)
    {
      fail (error, GW_TABLE_ERROR_NO_DATA, display_name,
            _("no data rows: the file has a header but nothing under it"));
      return NULL;
    }
  if (t->n_valid == 0)
    {
      g_autoptr(GString) first = g_string_new (NULL);

      /* The message is for a person, so the rows' reasons are in their
       * language too. */
      for (guint r = 0; r < MIN (t->n_rows, 5); r++)
        {
          g_autofree char *reason = NULL;

          reason = gw_i18n_translate_message (g_hash_table_lookup (t->errors, GUINT_TO_POINTER (r)));
          g_string_append_printf (first, "\n  %s", reason);
        }
      if (t->n_rows > 5)
        {
          g_string_append (first, "\n  ");
          g_string_append_printf (first, g_dngettext (GETTEXT_PACKAGE, "… and %u more", "… and %u more",
                                                      t->n_rows - 5),
                                  t->n_rows - 5);
        }
      fail (error, GW_TABLE_ERROR_NO_VALID_ROWS, display_name,
            g_dngettext (GETTEXT_PACKAGE,
                         "no valid rows: the %u data row is invalid:%s",
                         "no valid rows: all %u data rows are invalid:%s",
                         t->n_rows),
            t->n_rows, first->str);
      return NULL;
    }

  if (t->n_anchors < 3)
    add_warning (t, "only %u anchor%s in the table (fewer than 3)",
                 t->n_anchors, t->n_anchors == 1 ? "" : "s");
  for (guint g = 0; g < t->group_names->len; g++)
    {
      guint k = g_array_index (t->group_anchors, guint, g);

      if (k < 3 && g_array_index (t->group_rows, guint, g) > 0)
        add_warning (t, "group %s: %u anchor%s (fewer than 3)",
                     (const char *) g_ptr_array_index (t->group_names, g),
                     k, k == 1 ? "" : "s");
    }
  g_ptr_array_add (t->warnings, NULL);

  return g_steal_pointer (&t);
}

typedef struct
{
  const guchar *data;
  gsize         len;
  char         *hex;
} HashJob;

static gpointer
hash_worker (gpointer user_data)
{
  HashJob *job = user_data;

  job->hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, job->data, job->len);
  return NULL;
}

/* Below this size the thread is not worth starting. */
#define PARALLEL_HASH_MIN (4 * 1024 * 1024)

/*
 * Parses @buf (taking it) and records the SHA-256 of the input.  Parsing
 * rewrites @buf, so the hash is taken either first, or, when the caller
 * has an untouched copy (@pristine: the GBytes, or the file's mapping), on
 * a second thread while the parse runs: on a million rows that hides a
 * fifth of the time.
 */
static GwTable *
table_parse_hashed (char          *buf,
                    gsize          len,
                    const guchar  *pristine,
                    const char    *display_name,
                    GCancellable  *cancellable,
                    GError       **error)
{
  HashJob job = { pristine, len, NULL };
  GThread *thread = NULL;
  g_autofree char *sha = NULL;
  GwTable *t;

  if (pristine != NULL && len >= PARALLEL_HASH_MIN)
    thread = g_thread_try_new ("gw-table-sha256", hash_worker, &job, NULL);
  if (thread == NULL)
    sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) buf, len);

  t = table_parse (buf, len, display_name, cancellable, error);

  if (thread != NULL)
    {
      g_thread_join (thread);
      sha = job.hex;
    }
  if (t != NULL)
    t->sha256 = g_steal_pointer (&sha);
  return t;
}

/**
 * gw_table_new_from_bytes:
 * @bytes: the file's contents
 * @display_name: names the file in every message (usually its basename)
 * @cancellable: (nullable): a #GCancellable
 * @error: a fatal import error (#GW_TABLE_ERROR), which names the file
 *
 * Parses a peak table.  Invalid rows do not fail the import: they are kept
 * with a reason.
 *
 * Returns: (transfer full) (nullable): the table
 */
GwTable *
gw_table_new_from_bytes (GBytes        *bytes,
                         const char    *display_name,
                         GCancellable  *cancellable,
                         GError       **error)
{
  gsize len;
  const char *data;
  char *buf;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  buf = big_alloc (len + 1);
  if (len > 0)
    memcpy (buf, data, len);
  buf[len] = '\0';
  return table_parse_hashed (buf, len, (const guchar *) data, display_name, cancellable, error);
}

/* Reads a local file in one go into a buffer with room for a NUL. */
static gboolean
read_local_file (const char  *path,
                 char       **contents,
                 gsize       *length,
                 GError     **error)
{
  struct stat st;
  char *buf;
  gsize len = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      int saved = fd < 0 ? errno : S_ISDIR (st.st_mode) ? EISDIR : errno;

      if (fd >= 0)
        close (fd);
      /* Not a regular file (a pipe, say): let GLib handle it. */
      if (fd >= 0 && saved != EISDIR)
        return g_file_get_contents (path, contents, length, error);
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                           g_strerror (saved));
      return FALSE;
    }

  buf = big_alloc ((gsize) st.st_size + 1);
  while (len < (gsize) st.st_size)
    {
      gssize n = read (fd, buf + len, st.st_size - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_free (buf);
          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                               g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;  /* the file shrank while we read it */
      len += n;
    }
  close (fd);
  buf[len] = '\0';
  *contents = buf;
  *length = len;
  return TRUE;
}

/**
 * gw_table_new_from_file:
 * @file: a CSV file
 * @cancellable: (nullable): a #GCancellable
 * @error: a fatal import error, naming the file by its basename
 *
 * Returns: (transfer full) (nullable): the table
 */
GwTable *
gw_table_new_from_file (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *display_name = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) map = NULL;
  const char *path;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_file_get_basename (file);
  if (display_name == NULL)
    display_name = g_file_get_uri (file);

  /* A local file is mapped: the parse works on a private copy while the
   * mapping stays untouched for the hash.  Other files (and pipes, or
   * whatever cannot be mapped) are read in one go. */
  path = g_file_peek_path (file);
  if (path != NULL && (map = g_mapped_file_new (path, FALSE, NULL)) != NULL &&
      g_mapped_file_get_length (map) > 0)
    {
      len = g_mapped_file_get_length (map);
      contents = big_alloc (len + 1);
      memcpy (contents, g_mapped_file_get_contents (map), len);
      contents[len] = '\0';
      return table_parse_hashed (contents, len,
                                 (const guchar *) g_mapped_file_get_contents (map),
                                 display_name, cancellable, error);
    }

  if (path != NULL
      ? !read_local_file (path, &contents, &len, &local_error)
      : !g_file_load_contents (file, cancellable, &contents, &len, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        fail (error, GW_TABLE_ERROR_IO, display_name, "%s", local_error->message);
      return NULL;
    }

  /* The parser needs a terminating NUL after the last byte. */
  contents = g_realloc (contents, len + 1);
  contents[len] = '\0';
  return table_parse_hashed (contents, len, NULL, display_name, cancellable, error);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */
/* ------------------------------------------------------------------ */

const char *
gw_table_get_display_name (GwTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return table->display_name;
}

const char *
gw_table_get_sha256 (GwTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return table->sha256;
}

char
gw_table_get_delimiter (GwTable *table)
{
  g_return_val_if_fail (table != NULL, ',');
  return table->delimiter;
}

gboolean
gw_table_get_decimal_comma (GwTable *table)
{
  g_return_val_if_fail (table != NULL, FALSE);
  return table->decimal_comma;
}

guint
gw_table_get_n_rows (GwTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->n_rows;
}

guint
gw_table_get_n_valid (GwTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->n_valid;
}

guint
gw_table_get_n_invalid (GwTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->n_invalid;
}

guint
gw_table_get_n_anchors (GwTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->n_anchors;
}

const double *
gw_table_get_rt_column (GwTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return table->rt;
}

const double *
gw_table_get_volume_column (GwTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return table->volume;
}

const double *
gw_table_get_logp_column (GwTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return table->logp;
}

const gint32 *
gw_table_get_group_column (GwTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return table->group;
}

const gint32 *
gw_table_get_name_index_column (GwTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return table->name_index;
}

guint
gw_table_get_n_names (GwTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->unique_names->len;
}

guint
gw_table_get_line (GwTable *table,
                   guint    row)
{
  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (row < table->n_rows, 0);
  return table->line[row];
}

gboolean
gw_table_is_valid (GwTable *table,
                   guint    row)
{
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (row < table->n_rows, FALSE);
  return (table->flags[row] & ROW_VALID) != 0;
}

const char *
gw_table_get_error (GwTable *table,
                    guint    row)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row < table->n_rows, NULL);
  if (table->flags[row] & ROW_VALID)
    return NULL;
  return g_hash_table_lookup (table->errors, GUINT_TO_POINTER (row));
}

const char *
gw_table_get_name (GwTable *table,
                   guint    row)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row < table->n_rows, NULL);
  return table->buf + table->cells[table->required[GW_COLUMN_NAME]][row];
}

double
gw_table_get_rt (GwTable *table,
                 guint    row)
{
  g_return_val_if_fail (table != NULL, NAN);
  g_return_val_if_fail (row < table->n_rows, NAN);
  return table->rt[row];
}

double
gw_table_get_volume (GwTable *table,
                     guint    row)
{
  g_return_val_if_fail (table != NULL, NAN);
  g_return_val_if_fail (row < table->n_rows, NAN);
  return table->volume[row];
}

double
gw_table_get_logp (GwTable *table,
                   guint    row)
{
  g_return_val_if_fail (table != NULL, NAN);
  g_return_val_if_fail (row < table->n_rows, NAN);
  return table->logp[row];
}

gboolean
gw_table_is_anchor (GwTable *table,
                    guint    row)
{
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (row < table->n_rows, FALSE);
  return (table->flags[row] & ROW_ANCHOR) != 0;
}

const GwName *
gw_table_get_parsed_name (GwTable *table,
                          guint    row)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row < table->n_rows, NULL);
  if (!(table->flags[row] & ROW_NAMED))
    return NULL;
  return &g_array_index (table->unique_names, GwName, table->name_index[row]);
}

const char *
gw_table_get_cell (GwTable  *table,
                   guint     row,
                   GwColumn  column)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row < table->n_rows, NULL);
  g_return_val_if_fail (column < GW_N_COLUMNS, NULL);
  return table->buf + table->cells[table->required[column]][row];
}

guint
gw_table_get_n_groups (GwTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->group_names->len;
}

const char *
gw_table_get_group_name (GwTable *table,
                         guint    group)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (group < table->group_names->len, NULL);
  return g_ptr_array_index (table->group_names, group);
}

guint
gw_table_get_group_n_rows (GwTable *table,
                           guint    group)
{
  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (group < table->group_names->len, 0);
  return g_array_index (table->group_rows, guint, group);
}

guint
gw_table_get_group_n_anchors (GwTable *table,
                              guint    group)
{
  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (group < table->group_names->len, 0);
  return g_array_index (table->group_anchors, guint, group);
}

int
gw_table_get_group (GwTable *table,
                    guint    row)
{
  g_return_val_if_fail (table != NULL, -1);
  g_return_val_if_fail (row < table->n_rows, -1);
  return table->group[row];
}

guint
gw_table_get_n_extra_columns (GwTable *table)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->n_extra;
}

const char *
gw_table_get_extra_column_name (GwTable *table,
                                guint    column)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (column < table->n_extra, NULL);
  return table->headers[table->extra[column]];
}

const char *
gw_table_get_extra_cell (GwTable *table,
                         guint    row,
                         guint    column)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row < table->n_rows, NULL);
  g_return_val_if_fail (column < table->n_extra, NULL);
  return table->buf + table->cells[table->extra[column]][row];
}

const char *
gw_table_get_column_header (GwTable  *table,
                            GwColumn  column)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (column < GW_N_COLUMNS, NULL);
  return table->headers[table->required[column]];
}

const char * const *
gw_table_get_warnings (GwTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return (const char * const *) table->warnings->pdata;
}

/* ------------------------------------------------------------------ */
/* Snapshots                                                           */
/* ------------------------------------------------------------------ */

/*
 * Layout (native byte order, which the header records): a fixed header of
 * 32-bit words, then sections each starting on an 8-byte boundary:
 *
 *   buf (buf_len + 1 bytes, NUL-terminated), cells (n_cols × n_rows u32),
 *   rt, volume, logp (n_rows f64 each), line (u32), name_index, group
 *   (i32), flags (u8), extra (n_extra u32), unique names (n_unique
 *   GwName), group rows and anchors (n_groups u32 each), error rows
 *   (n_errors u32), then the strings, each NUL-terminated: the headers,
 *   the group names, the errors, the warnings, the display name and the
 *   SHA-256.
 *
 * GwName is plain data, so its bytes are stored as they are; the header
 * records sizeof (GwName) and a snapshot made with another size is
 * refused.
 */

#define SNAPSHOT_MAGIC 0x42545747u   /* "GWTB" */
#define SNAPSHOT_BOM   0x01020304u

enum {
  SH_MAGIC, SH_VERSION, SH_BOM, SH_NAME_SIZE,
  SH_N_ROWS, SH_N_VALID, SH_N_INVALID, SH_N_ANCHORS,
  SH_N_COLS, SH_N_EXTRA, SH_N_UNIQUE, SH_N_GROUPS, SH_N_ERRORS, SH_N_WARNINGS,
  SH_DELIMITER, SH_DECIMAL_COMMA,
  SH_REQUIRED,                       /* GW_N_COLUMNS words */
  SH_BUF_LEN = SH_REQUIRED + GW_N_COLUMNS,
  SH_N_WORDS,
};

/* Where a snapshot goes, piece by piece. */
typedef struct
{
  GwSnapshotWriteFunc  write;
  gpointer             user_data;
  gsize                len;
} SnapWriter;

static void
snapshot_put (SnapWriter    *out,
              gconstpointer  data,
              gsize          len)
{
  if (len == 0)
    return;
  if (out->write != NULL)
    out->write (data, len, out->user_data);
  out->len += len;
}

static void
snapshot_append (SnapWriter    *out,
                 gconstpointer  data,
                 gsize          len)
{
  static const guint8 zeros[8] = { 0 };

  snapshot_put (out, data, len);
  if (out->len % 8 != 0)
    snapshot_put (out, zeros, 8 - out->len % 8);
}

static void
snapshot_append_string (SnapWriter *out,
                        const char *str)
{
  snapshot_put (out, (const guint8 *) str, strlen (str) + 1);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  guint32 ra = *(const guint32 *) a;
  guint32 rb = *(const guint32 *) b;

  return ra < rb ? -1 : ra > rb;
}

gsize
gw_table_snapshot_size (GwTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  /* The same walk, with nothing written: the pieces are not touched. */
  return gw_table_snapshot_write (table, NULL, NULL);
}

gsize
gw_table_snapshot_write (GwTable             *table,
                         GwSnapshotWriteFunc  write,
                         gpointer             user_data)
{
  guint32 header[SH_N_WORDS] = { 0 };
  g_autofree guint32 *error_rows = NULL;
  SnapWriter writer = { write, user_data, 0 };
  SnapWriter *out = &writer;
  gsize n = 0;
  guint n_errors = 0;
  guint n_warnings = 0;

  g_return_val_if_fail (table != NULL, 0);

  n = table->n_rows;
  /* The invalid rows, ascending: from the error table itself, not by
   * asking it about every row of a million. */
  error_rows = g_new (guint32, g_hash_table_size (table->errors) + 1);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, table->errors);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (GPOINTER_TO_UINT (key) < table->n_rows)
        error_rows[n_errors++] = GPOINTER_TO_UINT (key);
    qsort (error_rows, n_errors, sizeof (guint32), compare_rows);
  }
  while (table->warnings->pdata[n_warnings] != NULL)
    n_warnings++;

  header[SH_MAGIC] = SNAPSHOT_MAGIC;
  header[SH_VERSION] = GW_TABLE_SNAPSHOT_VERSION;
  header[SH_BOM] = SNAPSHOT_BOM;
  header[SH_NAME_SIZE] = sizeof (GwName);
  header[SH_N_ROWS] = table->n_rows;
  header[SH_N_VALID] = table->n_valid;
  header[SH_N_INVALID] = table->n_invalid;
  header[SH_N_ANCHORS] = table->n_anchors;
  header[SH_N_COLS] = table->n_cols;
  header[SH_N_EXTRA] = table->n_extra;
  header[SH_N_UNIQUE] = table->unique_names->len;
  header[SH_N_GROUPS] = table->group_names->len;
  header[SH_N_ERRORS] = n_errors;
  header[SH_N_WARNINGS] = n_warnings;
  header[SH_DELIMITER] = (guint8) table->delimiter;
  header[SH_DECIMAL_COMMA] = table->decimal_comma ? 1 : 0;
  for (guint c = 0; c < GW_N_COLUMNS; c++)
    header[SH_REQUIRED + c] = (guint32) table->required[c];
  header[SH_BUF_LEN] = (guint32) table->buf_len;   /* < 4 GiB, checked on parse */

  snapshot_append (out, header, sizeof header);
  snapshot_put (out, (const guint8 *) table->buf, table->buf_len);
  snapshot_append (out, (const guint8 *) "", 1);
  for (guint c = 0; c < table->n_cols; c++)
    snapshot_put (out, (const guint8 *) table->cells[c], 4 * n);
  snapshot_append (out, NULL, 0);
  snapshot_append (out, table->rt, 8 * n);
  snapshot_append (out, table->volume, 8 * n);
  snapshot_append (out, table->logp, 8 * n);
  snapshot_append (out, table->line, 4 * n);
  snapshot_append (out, table->name_index, 4 * n);
  snapshot_append (out, table->group, 4 * n);
  snapshot_append (out, table->flags, n);
  {
    g_autofree guint32 *extra = g_new (guint32, table->n_extra + 1);

    for (guint i = 0; i < table->n_extra; i++)
      extra[i] = table->extra[i];
    snapshot_append (out, extra, 4 * table->n_extra);
  }
  snapshot_append (out, table->unique_names->data, sizeof (GwName) * table->unique_names->len);
  snapshot_append (out, table->group_rows->data, 4 * table->group_rows->len);
  snapshot_append (out, table->group_anchors->data, 4 * table->group_anchors->len);
  snapshot_append (out, error_rows, 4 * n_errors);

  for (guint c = 0; c < table->n_cols; c++)
    snapshot_append_string (out, table->headers[c]);
  for (guint g = 0; g < table->group_names->len; g++)
    snapshot_append_string (out, g_ptr_array_index (table->group_names, g));
  for (guint e = 0; e < n_errors; e++)
    snapshot_append_string (out, g_hash_table_lookup (table->errors, GUINT_TO_POINTER (error_rows[e])));
  for (guint w = 0; w < n_warnings; w++)
    snapshot_append_string (out, table->warnings->pdata[w]);
  snapshot_append_string (out, table->display_name);
  snapshot_append_string (out, table->sha256 != NULL ? table->sha256 : "");

  return writer.len;
}

static void
append_to_array (gconstpointer data,
                 gsize         len,
                 gpointer      user_data)
{
  g_byte_array_append (user_data, data, len);
}

GBytes *
gw_table_snapshot (GwTable *table)
{
  GByteArray *out;

  g_return_val_if_fail (table != NULL, NULL);

  out = g_byte_array_sized_new (MIN (gw_table_snapshot_size (table), G_MAXUINT));
  gw_table_snapshot_write (table, append_to_array, out);
  return g_byte_array_free_to_bytes (out);
}

typedef struct
{
  const guint8 *p;
  gsize         len;
  gsize         pos;
  gboolean      ok;
} SnapReader;

/* The next @len bytes, then skips to the next 8-byte boundary; NULL (and
 * the reader fails) past the end. */
static gconstpointer
snap_take (SnapReader *r,
           gsize       count,
           gsize       size)
{
  const guint8 *at;
  gsize len;

  if (!r->ok || (size != 0 && count > G_MAXSIZE / size))
    {
      r->ok = FALSE;
      return NULL;
    }
  len = count * size;
  if (len > r->len - r->pos)
    {
      r->ok = FALSE;
      return NULL;
    }
  at = r->p + r->pos;
  r->pos += len;
  r->pos = MIN (r->len, (r->pos + 7) & ~(gsize) 7);
  return at;
}

/* The next NUL-terminated string in the string section. */
static const char *
snap_string (SnapReader *r)
{
  const char *s;
  const guint8 *nul;

  if (!r->ok || r->pos >= r->len)
    {
      r->ok = FALSE;
      return NULL;
    }
  s = (const char *) r->p + r->pos;
  nul = memchr (r->p + r->pos, '\0', r->len - r->pos);
  if (nul == NULL || !g_utf8_validate (s, nul - (r->p + r->pos), NULL))
    {
      r->ok = FALSE;
      return NULL;
    }
  r->pos = nul - r->p + 1;
  return s;
}

static gboolean
snap_name_ok (const GwName *name)
{
  if (name->sialic > 5 || name->f < 1 || name->f > 4)
    return FALSE;
  if (name->isomer != 0 && name->isomer != 'a' && name->isomer != 'b' && name->isomer != 'c')
    return FALSE;
  return TRUE;
}

static GwTable *
snapshot_fail (GError     **error,
               const char  *why)
{
  g_set_error (error, GW_TABLE_ERROR, GW_TABLE_ERROR_BAD_SNAPSHOT,
               "the stored table snapshot is unusable: %s", why);
  return NULL;
}

/**
 * gw_table_new_from_snapshot:
 * @snapshot: bytes made by gw_table_snapshot()
 * @error: #GW_TABLE_ERROR_BAD_SNAPSHOT when the bytes are damaged or come
 *   from another snapshot version
 *
 * Returns: (transfer full) (nullable): the table, as it was parsed
 */
GwTable *
gw_table_new_from_snapshot (GBytes  *snapshot,
                            GError **error)
{
  g_autoptr(GwTable) t = NULL;
  g_autoptr(GBytes) owned = NULL;
  const guint32 *header;
  const guint32 *error_rows;
  const guint32 *extra;
  SnapReader r = { NULL, 0, 0, TRUE };
  gsize n;
  guint n_errors, n_warnings, n_unique, n_groups;

  g_return_val_if_fail (snapshot != NULL, NULL);

  r.p = g_bytes_get_data (snapshot, &r.len);
  /* The arrays are read in place, so they must be aligned. */
  if (r.p != NULL && ((guintptr) r.p) % 8 != 0)
    {
      owned = g_bytes_new (r.p, r.len);
      r.p = g_bytes_get_data (owned, NULL);
    }
  else
    owned = g_bytes_ref (snapshot);

  header = (const guint32 *) snap_take (&r, SH_N_WORDS, 4);
  if (header == NULL || header[SH_MAGIC] != SNAPSHOT_MAGIC)
    return snapshot_fail (error, "not a table snapshot");
  if (header[SH_VERSION] != GW_TABLE_SNAPSHOT_VERSION || header[SH_BOM] != SNAPSHOT_BOM ||
      header[SH_NAME_SIZE] != sizeof (GwName))
    return snapshot_fail (error, "made by another version");

  t = g_new0 (GwTable, 1);
  g_atomic_ref_count_init (&t->ref_count);
  t->snapshot = g_bytes_ref (owned);
  t->errors = g_hash_table_new (NULL, NULL);
  t->strings = g_string_chunk_new (4096);
  t->warnings = g_ptr_array_new_with_free_func (g_free);
  t->group_names = g_ptr_array_new_with_free_func (g_free);

  n = t->n_rows = header[SH_N_ROWS];
  t->n_valid = header[SH_N_VALID];
  t->n_invalid = header[SH_N_INVALID];
  t->n_anchors = header[SH_N_ANCHORS];
  t->n_cols = header[SH_N_COLS];
  t->n_extra = header[SH_N_EXTRA];
  n_unique = header[SH_N_UNIQUE];
  n_groups = header[SH_N_GROUPS];
  n_errors = header[SH_N_ERRORS];
  n_warnings = header[SH_N_WARNINGS];
  t->delimiter = (char) header[SH_DELIMITER];
  t->decimal_comma = header[SH_DECIMAL_COMMA] != 0;
  t->buf_len = header[SH_BUF_LEN];

  if (t->n_cols == 0 || t->n_cols > 100000 || t->n_extra > t->n_cols ||
      (guint64) t->n_valid + t->n_invalid != n || n_errors > n || n_unique > n || n_groups > n)
    return snapshot_fail (error, "inconsistent counts");
  for (guint c = 0; c < GW_N_COLUMNS; c++)
    {
      if (header[SH_REQUIRED + c] >= t->n_cols)
        return snapshot_fail (error, "bad column index");
      t->required[c] = (int) header[SH_REQUIRED + c];
    }

  t->buf = (char *) snap_take (&r, t->buf_len + 1, 1);
  if (t->buf == NULL || t->buf[t->buf_len] != '\0')
    return snapshot_fail (error, "the text is truncated");

  t->cells = g_new0 (guint32 *, t->n_cols);
  {
    guint32 *cells = (guint32 *) snap_take (&r, n * t->n_cols, 4);

    if (cells == NULL)
      return snapshot_fail (error, "the cells are truncated");
    for (gsize i = 0; i < n * t->n_cols; i++)
      if (cells[i] > t->buf_len)
        return snapshot_fail (error, "a cell lies outside the text");
    for (guint c = 0; c < t->n_cols; c++)
      t->cells[c] = cells + c * n;
  }

  t->rt = (double *) snap_take (&r, n, 8);
  t->volume = (double *) snap_take (&r, n, 8);
  t->logp = (double *) snap_take (&r, n, 8);
  t->line = (guint32 *) snap_take (&r, n, 4);
  t->name_index = (gint32 *) snap_take (&r, n, 4);
  t->group = (gint32 *) snap_take (&r, n, 4);
  t->flags = (guint8 *) snap_take (&r, n, 1);
  extra = (const guint32 *) snap_take (&r, t->n_extra, 4);
  {
    const guint8 *names = snap_take (&r, n_unique, sizeof (GwName));
    const guint8 *group_rows = snap_take (&r, n_groups, 4);
    const guint8 *group_anchors = snap_take (&r, n_groups, 4);

    error_rows = (const guint32 *) snap_take (&r, n_errors, 4);
    if (!r.ok)
      return snapshot_fail (error, "the columns are truncated");

    t->unique_names = g_array_sized_new (FALSE, FALSE, sizeof (GwName), n_unique);
    g_array_append_vals (t->unique_names, names, n_unique);
    for (guint i = 0; i < n_unique; i++)
      if (!snap_name_ok (&g_array_index (t->unique_names, GwName, i)))
        return snapshot_fail (error, "a parsed name is out of range");
    t->group_rows = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_groups);
    g_array_append_vals (t->group_rows, group_rows, n_groups);
    t->group_anchors = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_groups);
    g_array_append_vals (t->group_anchors, group_anchors, n_groups);
  }

  /* extra must be guint, which is 32 bits on every platform GLib runs on. */
  G_STATIC_ASSERT (sizeof (guint) == 4);
  t->extra = (guint *) extra;
  for (guint i = 0; i < t->n_extra; i++)
    if (t->extra[i] >= t->n_cols)
      return snapshot_fail (error, "bad extra column");

  for (gsize i = 0; i < n; i++)
    {
      if (t->name_index[i] < -1 || t->name_index[i] >= (gint32) n_unique ||
          t->group[i] < -1 || t->group[i] >= (gint32) n_groups)
        return snapshot_fail (error, "a row refers to a missing name or group");
    }

  t->headers = g_new0 (char *, t->n_cols);
  for (guint c = 0; c < t->n_cols; c++)
    {
      const char *h = snap_string (&r);

      if (h == NULL)
        return snapshot_fail (error, "the headers are truncated");
      t->headers[c] = g_strdup (h);
    }
  for (guint g = 0; g < n_groups; g++)
    {
      const char *name = snap_string (&r);

      if (name == NULL)
        return snapshot_fail (error, "the group names are truncated");
      g_ptr_array_add (t->group_names, g_strdup (name));
    }
  for (guint e = 0; e < n_errors; e++)
    {
      const char *why = snap_string (&r);

      if (why == NULL || error_rows[e] >= n)
        return snapshot_fail (error, "the row errors are damaged");
      g_hash_table_insert (t->errors, GUINT_TO_POINTER (error_rows[e]),
                           g_string_chunk_insert (t->strings, why));
    }
  for (guint w = 0; w < n_warnings; w++)
    {
      const char *warning = snap_string (&r);

      if (warning == NULL)
        return snapshot_fail (error, "the warnings are truncated");
      g_ptr_array_add (t->warnings, g_strdup (warning));
    }
  g_ptr_array_add (t->warnings, NULL);
  {
    const char *display_name = snap_string (&r);
    const char *sha = snap_string (&r);

    if (display_name == NULL || sha == NULL)
      return snapshot_fail (error, "the file name is truncated");
    t->display_name = g_strdup (display_name);
    t->sha256 = *sha != '\0' ? g_strdup (sha) : NULL;
  }

  return g_steal_pointer (&t);
}
