/* gw-run.c: the immutable result of an analysis (ANALYSIS.md §8)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run is a bundle of column arrays in input order plus arrays of plain
 * structs for the models and side reports.  The presets fill it between
 * gw_run_new_for_table() and gw_run_finish(); after that nothing writes to
 * it, so readers on any thread need no locks.  Allocation is O(n) with a
 * fixed number of mallocs: per-row strings (reasons) go into one
 * GStringChunk, never into their own allocations.
 */

#define G_LOG_DOMAIN "gw-engine"

#include "config.h"

#include "gw-run-private.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

#include "gw-i18n.h"

G_DEFINE_BOXED_TYPE (GwRun, gw_run, gw_run_ref, gw_run_unref)

static const char * const status_names[GW_N_STATUSES] = {
  "valid", "outlier", "fragment", "isomer", "insufficient", "invalid",
};

static const char * const model_level_names[] = {
  "none", "group", "pooled-slope",
};

static const char * const feature_names[GW_N_FEATURES] = {
  "LogP", "C", "DB",
};

/* Indexed by bit position of GwRowWarning. */
static const char * const row_warning_texts[] = {
  N_("anchor inconsistent with its group"),
  N_("O-acetylated, but no base found"),
  N_("O-acetylated, but RT did not increase"),
  N_("O-acetylation shift outside the expected range"),
  N_("modification shifts RT in the unexpected direction"),
  N_("category elution order inverted"),
  N_("sugar count does not fall with RT"),
};

static const char * const empty_strv[] = { NULL };

/* Columns start on cache-line boundaries inside the block. */
#define COLUMN_ALIGN 64
/* Large runs get 2 MiB alignment and a transparent-huge-page hint: first
 * touching ~100 MB of 4 KiB pages costs a page fault each, which on a busy
 * machine is most of a million-row analysis. */
#define HUGE_PAGE_SIZE (2 * 1024 * 1024)

static gsize
column_size (guint n,
             gsize elem)
{
  return ((gsize) MAX (n, 1) * elem + COLUMN_ALIGN - 1) / COLUMN_ALIGN * COLUMN_ALIGN;
}

static void
allocate_columns (GwRun *run,
                  guint  n)
{
  gsize total, align;
  guint8 *block, *p;

  total = column_size (n, sizeof (double)) * 9
          + column_size (n, sizeof (gint32)) * 5
          + column_size (n, sizeof (guint8)) * 2
          + column_size (n, sizeof (const char *));
  align = total >= 2 * HUGE_PAGE_SIZE ? HUGE_PAGE_SIZE : COLUMN_ALIGN;
  total = (total + align - 1) / align * align;

  block = g_aligned_alloc (1, total, align);
#ifdef MADV_HUGEPAGE
  if (align == HUGE_PAGE_SIZE)
    madvise (block, total, MADV_HUGEPAGE);
#endif
  run->columns_block = block;
  run->columns_size = total;
  p = block;

#define TAKE(field, type)                       \
  G_STMT_START {                                \
    run->field = (type *) (gpointer) p;         \
    p += column_size (n, sizeof (type));        \
  } G_STMT_END

  /* The six columns a preset's results fill first, then the rest: the
   * two parts of gw_run_init_rows() and the robust preset's scratch
   * layout (gw-robust.c) rely on this order. */
  TAKE (predicted, double);
  TAKE (residual, double);
  TAKE (z, double);
  TAKE (pi_low, double);
  TAKE (pi_high, double);
  TAKE (confidence, double);
  TAKE (fragment_parent_volume, double);
  TAKE (oac_shift, double);
  TAKE (reason, const char *);
  TAKE (model_index, gint32);
  TAKE (fragment_of, gint32);
  TAKE (isomer_of, gint32);
  TAKE (oac_base, gint32);
  TAKE (warnings, guint32);
  TAKE (status, guint8);
  TAKE (model_level, guint8);

#undef TAKE

  g_assert ((gsize) (p - block) <= total);
}

/* Initialises rows [@start, @end) of the six columns a preset's results
 * fill (the front of the block): NAN. */
void
gw_run_init_rows_fitted (GwRun *run,
                         guint  start,
                         guint  end)
{
  g_return_if_fail (start <= end && end <= run->n_rows);

  for (guint i = start; i < end; i++)
    {
      run->predicted[i] = NAN;
      run->residual[i] = NAN;
      run->z[i] = NAN;
      run->pi_low[i] = NAN;
      run->pi_high[i] = NAN;
      run->confidence[i] = NAN;
    }
}

/* Initialises rows [@start, @end) of the other columns (the rest of the
 * block): doubles NAN, indices -1, no reason or warning, level NONE,
 * status VALID or, for rows the table rejected, INVALID with the table's
 * error as reason (the run holds a table reference, so pointing at the
 * table's string is safe). */
void
gw_run_init_rows_rest (GwRun *run,
                       guint  start,
                       guint  end)
{
  guint n;

  g_return_if_fail (start <= end && end <= run->n_rows);

  for (guint i = start; i < end; i++)
    {
      run->fragment_parent_volume[i] = NAN;
      run->oac_shift[i] = NAN;
    }

  n = end - start;
  memset (run->reason + start, 0, sizeof (const char *) * n);
  /* All bits set is -1 in two's complement. */
  memset (run->model_index + start, 0xff, sizeof (gint32) * n);
  memset (run->fragment_of + start, 0xff, sizeof (gint32) * n);
  memset (run->isomer_of + start, 0xff, sizeof (gint32) * n);
  memset (run->oac_base + start, 0xff, sizeof (gint32) * n);
  memset (run->warnings + start, 0, sizeof (guint32) * n);
  memset (run->status + start, GW_STATUS_VALID, n);
  memset (run->model_level + start, GW_MODEL_LEVEL_NONE, n);

  for (guint i = start; i < end; i++)
    {
      if (!gw_table_is_valid (run->table, i))
        {
          run->status[i] = GW_STATUS_INVALID;
          run->reason[i] = gw_table_get_error (run->table, i);
        }
    }
}

void
gw_run_init_rows (GwRun *run,
                  guint  start,
                  guint  end)
{
  gw_run_init_rows_fitted (run, start, end);
  gw_run_init_rows_rest (run, start, end);
}

gsize
gw_run_columns_fitted_size (GwRun *run)
{
  return (gsize) ((guint8 *) run->fragment_parent_volume - (guint8 *) run->columns_block);
}

gsize
gw_run_columns_used_size (GwRun *run)
{
  return (gsize) ((guint8 *) (run->model_level + run->n_rows) - (guint8 *) run->columns_block);
}

static void
coelution_set_clear (gpointer data)
{
  GwCoelutionSet *set = data;

  /* Members normally live in @blobs; this only drops the pointer. */
  set->members = NULL;
}

GwRun *
gw_run_new_for_table_uninit (GwTable        *table,
                             const GwParams *params)
{
  GwRun *run;
  const char * const *table_warnings;
  guint n;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  n = gw_table_get_n_rows (table);

  run = g_new0 (GwRun, 1);
  g_atomic_ref_count_init (&run->ref_count);
  run->table = gw_table_ref (table);
  run->params = *params;
  run->version = g_strdup (PACKAGE_VERSION);
  run->start_time = g_get_real_time ();
  run->end_time = run->start_time;
  run->n_rows = n;

  allocate_columns (run, n);

  run->strings = g_string_chunk_new (64 * 1024);
  g_mutex_init (&run->reason_lock);

  run->models = g_array_new (FALSE, TRUE, sizeof (GwModel));
  run->oac_pairs = g_array_new (FALSE, TRUE, sizeof (GwOacPair));
  run->coelution_sets = g_array_new (FALSE, TRUE, sizeof (GwCoelutionSet));
  g_array_set_clear_func (run->coelution_sets, coelution_set_clear);
  run->sugar_rt = g_array_new (FALSE, TRUE, sizeof (GwSugarRtFinding));
  run->category_means = g_array_new (FALSE, TRUE, sizeof (GwCategoryMean));
  run->category_inversions = g_array_new (FALSE, TRUE, sizeof (GwCategoryInversion));
  run->mod_shifts = g_array_new (FALSE, TRUE, sizeof (GwModShift));
  run->cross_category = g_array_new (FALSE, TRUE, sizeof (GwCrossCategoryInversion));
  /* Always NULL-terminated, so pdata is a strv at any time. */
  run->run_warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  run->blobs = g_ptr_array_new_with_free_func (g_free);

  /* The run is what gets stored and exported, so it carries the table's
   * warnings ("only 2 anchors") too, first. */
  table_warnings = gw_table_get_warnings (table);
  for (guint i = 0; table_warnings != NULL && table_warnings[i] != NULL; i++)
    g_ptr_array_add (run->run_warnings, g_strdup (table_warnings[i]));

  return run;
}

GwRun *
gw_run_new_for_table (GwTable        *table,
                      const GwParams *params)
{
  GwRun *run = gw_run_new_for_table_uninit (table, params);

  if (run != NULL)
    gw_run_init_rows (run, 0, run->n_rows);

  return run;
}

void
gw_run_set_reason (GwRun      *run,
                   guint       row,
                   const char *reason)
{
  g_return_if_fail (run != NULL);
  g_return_if_fail (row < run->n_rows);

  /* Most reasons repeat ("insufficient anchors (k < 3)"): store each once. */
  g_mutex_lock (&run->reason_lock);
  run->reason[row] = reason != NULL ? g_string_chunk_insert_const (run->strings, reason) : NULL;
  g_mutex_unlock (&run->reason_lock);
}

gpointer
gw_c_numeric_begin (void)
{
  static gsize once = 0;
  static locale_t c_locale;

  if (g_once_init_enter (&once))
    {
      c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
      g_once_init_leave (&once, 1);
    }
  return c_locale != (locale_t) 0 ? (gpointer) uselocale (c_locale) : NULL;
}

void
gw_c_numeric_end (gpointer saved)
{
  if (saved != NULL)
    uselocale ((locale_t) saved);
}

char *
gw_strdup_printf_c (const char *format,
                    ...)
{
  gpointer saved = gw_c_numeric_begin ();
  va_list args;
  char *s;

  va_start (args, format);
  s = g_strdup_vprintf (format, args);
  va_end (args);
  gw_c_numeric_end (saved);

  return s;
}

void
gw_run_set_reason_printf (GwRun      *run,
                          guint       row,
                          const char *format,
                          ...)
{
  char buf[512];
  va_list args;
  gpointer saved;
  int len;

  g_return_if_fail (run != NULL);
  g_return_if_fail (row < run->n_rows);
  g_return_if_fail (format != NULL);

  /* Formatted reasons are mostly unique; format on the stack and copy once
   * into the chunk, without a malloc per row.  Reasons are data: a dot in
   * every locale. */
  saved = gw_c_numeric_begin ();
  va_start (args, format);
  len = g_vsnprintf (buf, sizeof buf, format, args);
  va_end (args);

  if (len >= 0 && (gsize) len < sizeof buf)
    {
      g_mutex_lock (&run->reason_lock);
      run->reason[row] = g_string_chunk_insert (run->strings, buf);
      g_mutex_unlock (&run->reason_lock);
    }
  else
    {
      g_autofree char *long_reason = NULL;

      va_start (args, format);
      long_reason = g_strdup_vprintf (format, args);
      va_end (args);
      g_mutex_lock (&run->reason_lock);
      run->reason[row] = g_string_chunk_insert (run->strings, long_reason);
      g_mutex_unlock (&run->reason_lock);
    }
  gw_c_numeric_end (saved);
}

const char *
gw_run_intern (GwRun      *run,
               const char *str)
{
  const char *interned;

  g_return_val_if_fail (run != NULL, NULL);

  if (str == NULL)
    return NULL;

  g_mutex_lock (&run->reason_lock);
  interned = g_string_chunk_insert_const (run->strings, str);
  g_mutex_unlock (&run->reason_lock);

  return interned;
}

void
gw_run_finish (GwRun *run)
{
  g_return_if_fail (run != NULL);

  memset (run->status_counts, 0, sizeof run->status_counts);
  for (guint i = 0; i < run->n_rows; i++)
    {
      g_assert (run->status[i] < GW_N_STATUSES);
      run->status_counts[run->status[i]]++;
    }

  run->end_time = g_get_real_time ();
}

GwRun *
gw_run_ref (GwRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  g_atomic_ref_count_inc (&run->ref_count);

  return run;
}

void
gw_run_unref (GwRun *run)
{
  g_return_if_fail (run != NULL);

  if (!g_atomic_ref_count_dec (&run->ref_count))
    return;

  g_aligned_free (run->columns_block);

  g_clear_pointer (&run->models, g_array_unref);
  g_clear_pointer (&run->oac_pairs, g_array_unref);
  g_clear_pointer (&run->coelution_sets, g_array_unref);
  g_clear_pointer (&run->sugar_rt, g_array_unref);
  g_clear_pointer (&run->category_means, g_array_unref);
  g_clear_pointer (&run->category_inversions, g_array_unref);
  g_clear_pointer (&run->mod_shifts, g_array_unref);
  g_clear_pointer (&run->cross_category, g_array_unref);
  g_clear_pointer (&run->run_warnings, g_ptr_array_unref);
  g_clear_pointer (&run->blobs, g_ptr_array_unref);
  g_clear_pointer (&run->strings, g_string_chunk_free);
  g_mutex_clear (&run->reason_lock);

  g_free (run->version);
  g_clear_pointer (&run->table, gw_table_unref);

  g_free (run);
}

GwTable *
gw_run_get_table (GwRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->table;
}

gconstpointer
gw_run_get_params (GwRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return &run->params;
}

const char *
gw_run_get_version (GwRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->version;
}

gint64
gw_run_get_start_time (GwRun *run)
{
  g_return_val_if_fail (run != NULL, 0);

  return run->start_time;
}

gint64
gw_run_get_end_time (GwRun *run)
{
  g_return_val_if_fail (run != NULL, 0);

  return run->end_time;
}

guint
gw_run_get_n_rows (GwRun *run)
{
  g_return_val_if_fail (run != NULL, 0);

  return run->n_rows;
}

guint
gw_run_get_status_count (GwRun    *run,
                         GwStatus  status)
{
  g_return_val_if_fail (run != NULL, 0);
  g_return_val_if_fail (status < GW_N_STATUSES, 0);

  return run->status_counts[status];
}

const guint8 *
gw_run_get_status_column (GwRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->status;
}

const double *
gw_run_get_predicted_column (GwRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->predicted;
}

const double *
gw_run_get_residual_column (GwRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->residual;
}

const double *
gw_run_get_z_column (GwRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->z;
}

const double *
gw_run_get_confidence_column (GwRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->confidence;
}

#define ROW_GETTER(type, name, field, fallback)         \
type                                                    \
gw_run_get_##name (GwRun *run,                          \
                   guint  row)                          \
{                                                       \
  g_return_val_if_fail (run != NULL, fallback);         \
  g_return_val_if_fail (row < run->n_rows, fallback);   \
                                                        \
  return run->field[row];                               \
}

ROW_GETTER (GwStatus, status, status, GW_STATUS_INVALID)
ROW_GETTER (double, predicted, predicted, NAN)
ROW_GETTER (double, residual, residual, NAN)
ROW_GETTER (double, z, z, NAN)
ROW_GETTER (double, pi_low, pi_low, NAN)
ROW_GETTER (double, pi_high, pi_high, NAN)
ROW_GETTER (double, confidence, confidence, NAN)
ROW_GETTER (GwModelLevel, model_level, model_level, GW_MODEL_LEVEL_NONE)
ROW_GETTER (int, model_index, model_index, -1)
ROW_GETTER (int, fragment_of, fragment_of, -1)
ROW_GETTER (double, fragment_parent_volume, fragment_parent_volume, NAN)
ROW_GETTER (int, isomer_of, isomer_of, -1)
ROW_GETTER (int, oac_base, oac_base, -1)
ROW_GETTER (double, oac_shift, oac_shift, NAN)
ROW_GETTER (guint, warnings, warnings, 0)

#undef ROW_GETTER

void
gw_reason_buf_mem (GwReasonBuf *rb,
                   const char  *str,
                   gsize        n)
{
  n = MIN (n, sizeof rb->buf - 1 - rb->len);
  memcpy (rb->buf + rb->len, str, n);
  rb->len += n;
}

void
gw_reason_buf_str (GwReasonBuf *rb,
                   const char  *str)
{
  gw_reason_buf_mem (rb, str, strlen (str));
}

void
gw_reason_buf_uint (GwReasonBuf *rb,
                    guint64      v)
{
  char tmp[24];
  int n = 0;

  do
    {
      tmp[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v > 0);

  while (n > 0 && rb->len + 1 < sizeof rb->buf)
    rb->buf[rb->len++] = tmp[--n];
}

void
gw_reason_buf_num (GwReasonBuf *rb,
                   double       v,
                   int          decimals)
{
  static const guint64 pow10[] = { 1, 10, 100, 1000 };
  guint64 scaled, frac;

  g_assert (decimals >= 0 && decimals <= 3);

  if (!isfinite (v) || fabs (v) >= 1e12)
    {
      char tmp[G_ASCII_DTOSTR_BUF_SIZE];
      char fmt[8] = "%.0f";

      fmt[2] = (char) ('0' + decimals);
      gw_reason_buf_str (rb, g_ascii_formatd (tmp, sizeof tmp, fmt, v));
      return;
    }

  scaled = (guint64) llround (fabs (v) * pow10[decimals]);
  if (v < 0 && scaled > 0)
    gw_reason_buf_lit (rb, "-");
  gw_reason_buf_uint (rb, scaled / pow10[decimals]);
  if (decimals == 0 || rb->len + 1 + decimals >= sizeof rb->buf)
    return;

  rb->buf[rb->len++] = '.';
  frac = scaled % pow10[decimals];
  for (guint64 p = pow10[decimals] / 10; p > 0; p /= 10)
    rb->buf[rb->len++] = (char) ('0' + (frac / p) % 10);
}

const char *
gw_reason_buf_finish (GwReasonBuf *rb)
{
  rb->buf[MIN (rb->len, sizeof rb->buf - 1)] = '\0';
  return rb->buf;
}

/* The robust preset's reason of an outlier, isomer or fragment row, from
 * the row's columns (docs/analysis-robust.md, "Reasons").  FALSE when the
 * row has none. */
static gboolean
derive_reason (GwRun       *run,
               guint        row,
               GwReasonBuf *rb)
{
  GwTable *table = run->table;
  const double *rt = gw_table_get_rt_column (table);

  rb->len = 0;

  switch (run->status[row])
    {
    case GW_STATUS_OUTLIER:
      {
        /* "RT 11.42 min is 1.31 min (4.8 σ) later than the GD1 line
         * predicts (10.11 min)" */
        double res = run->residual[row];
        int group = gw_table_get_group (table, row);

        if (group < 0)
          return FALSE;
        gw_reason_buf_lit (rb, "RT ");
        gw_reason_buf_num (rb, rt[row], 2);
        gw_reason_buf_lit (rb, " min is ");
        gw_reason_buf_num (rb, fabs (res), 2);
        gw_reason_buf_lit (rb, " min (");
        gw_reason_buf_num (rb, fabs (run->z[row]), 1);
        gw_reason_buf_str (rb, res > 0 ? " σ) later than the " : " σ) earlier than the ");
        gw_reason_buf_str (rb, gw_table_get_group_name (table, (guint) group));
        gw_reason_buf_str (rb, run->model_level[row] == GW_MODEL_LEVEL_POOLED_SLOPE
                               ? " line (pooled slope) predicts (" : " line predicts (");
        gw_reason_buf_num (rb, run->predicted[row], 2);
        gw_reason_buf_lit (rb, " min)");
        return TRUE;
      }

    case GW_STATUS_ISOMER:
      {
        /* "second GD1(34:1;O2) peak, 0.47 min after the first: isomer",
         * or, when the flagged peak elutes before the one it is an
         * isomer of (the peak on the line), "earlier GD1(34:1;O2) peak,
         * 0.47 min before the one on the line: isomer": a "second" peak
         * that comes first reads as a contradiction. */
        int main_peak = run->isomer_of[row];
        double d;

        if (main_peak < 0)
          return FALSE;
        d = rt[row] - rt[main_peak];
        gw_reason_buf_str (rb, d > 0 ? "second " : "earlier ");
        gw_reason_buf_str (rb, gw_table_get_name (table, (guint) main_peak));
        gw_reason_buf_lit (rb, " peak, ");
        gw_reason_buf_num (rb, fabs (d), 2);
        gw_reason_buf_str (rb, d > 0 ? " min after the first: isomer"
                                     : " min before the one on the line: isomer");
        return TRUE;
      }

    case GW_STATUS_FRAGMENT:
      {
        /* "co-elutes (ΔRT 0.02 min) with GD1(36:1;O2), which has one more
         * sialic acid: likely in-source NeuAc loss" */
        int parent = run->fragment_of[row];
        const GwName *pname, *name;
        double d;
        guint dsia;

        if (parent < 0 ||
            (pname = gw_table_get_parsed_name (table, (guint) parent)) == NULL ||
            (name = gw_table_get_parsed_name (table, row)) == NULL)
          return FALSE;
        d = fabs (rt[parent] - rt[row]);
        dsia = pname->sialic - name->sialic;
        gw_reason_buf_lit (rb, "co-elutes (ΔRT ");
        /* Two decimals, as RT; a third when that would print 0.00. */
        gw_reason_buf_num (rb, d, d < 0.005 ? 3 : 2);
        gw_reason_buf_lit (rb, " min) with ");
        gw_reason_buf_str (rb, gw_table_get_name (table, (guint) parent));
        if (dsia == 1)
          gw_reason_buf_lit (rb, ", which has one more sialic acid: likely in-source NeuAc loss");
        else
          {
            gw_reason_buf_lit (rb, ", which has ");
            gw_reason_buf_uint (rb, dsia);
            gw_reason_buf_lit (rb, " more sialic acids: likely in-source loss of ");
            gw_reason_buf_uint (rb, dsia);
            gw_reason_buf_lit (rb, " NeuAc");
          }
        return TRUE;
      }

    default:
      return FALSE;
    }
}

const char *
gw_run_peek_reason (GwRun       *run,
                    guint        row,
                    GwReasonBuf *rb)
{
  const char *reason;

  g_return_val_if_fail (run != NULL, "");
  g_return_val_if_fail (row < run->n_rows, "");

  reason = g_atomic_pointer_get (&run->reason[row]);
  if (reason != NULL)
    return reason;
  if (run->derived_reasons && derive_reason (run, row, rb))
    return gw_reason_buf_finish (rb);

  return "";
}

const char *
gw_run_get_reason (GwRun *run,
                   guint  row)
{
  const char *reason;
  GwReasonBuf rb;

  g_return_val_if_fail (run != NULL, "");
  g_return_val_if_fail (row < run->n_rows, "");

  reason = g_atomic_pointer_get (&run->reason[row]);
  if (reason != NULL)
    return reason;
  if (!run->derived_reasons || !derive_reason (run, row, &rb))
    return "";

  /* A run is shared between threads: the first caller keeps the text,
   * later ones (and racing ones) return the kept copy. */
  g_mutex_lock (&run->reason_lock);
  reason = run->reason[row];
  if (reason == NULL)
    {
      reason = g_string_chunk_insert_len (run->strings, rb.buf, (gssize) rb.len);
      g_atomic_pointer_set (&run->reason[row], reason);
    }
  g_mutex_unlock (&run->reason_lock);

  return reason;
}

/* The row's warnings joined by "; ", in English for files or in the
 * user's language for display. */
static char *
dup_warnings_text (GwRun    *run,
                   guint     row,
                   gboolean  translate)
{
  GString *text;
  guint32 bits;

  g_return_val_if_fail (run != NULL, g_strdup (""));
  g_return_val_if_fail (row < run->n_rows, g_strdup (""));

  bits = run->warnings[row];
  text = g_string_new (NULL);
  for (guint b = 0; b < G_N_ELEMENTS (row_warning_texts); b++)
    {
      if ((bits & (1U << b)) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, translate ? _(row_warning_texts[b]) : row_warning_texts[b]);
    }

  return g_string_free (text, FALSE);
}

char *
gw_run_dup_warnings_text (GwRun *run,
                          guint  row)
{
  return dup_warnings_text (run, row, FALSE);
}

char *
gw_run_dup_display_reason (GwRun *run,
                           guint  row)
{
  GwReasonBuf rb;

  g_return_val_if_fail (run != NULL, g_strdup (""));
  g_return_val_if_fail (row < run->n_rows, g_strdup (""));

  /* From the English sentence, derived or stored alike, and not kept:
   * the app formats only the rows it shows. */
  return gw_i18n_translate_message (gw_run_peek_reason (run, row, &rb));
}

char *
gw_run_dup_display_warnings_text (GwRun *run,
                                  guint  row)
{
  return dup_warnings_text (run, row, TRUE);
}

guint
gw_run_get_n_models (GwRun *run)
{
  g_return_val_if_fail (run != NULL, 0);

  return run->models->len;
}

const GwModel *
gw_run_get_model (GwRun *run,
                  guint  index)
{
  g_return_val_if_fail (run != NULL, NULL);
  g_return_val_if_fail (index < run->models->len, NULL);

  return &g_array_index (run->models, GwModel, index);
}

#define REPORT_GETTER(type, name, field)                \
const type *                                            \
gw_run_get_##name (GwRun *run,                          \
                   guint *n)                            \
{                                                       \
  g_return_val_if_fail (run != NULL, NULL);             \
                                                        \
  if (n != NULL)                                        \
    *n = run->field->len;                               \
                                                        \
  return (const type *) (gpointer) run->field->data;    \
}

REPORT_GETTER (GwOacPair, oac_pairs, oac_pairs)
REPORT_GETTER (GwCoelutionSet, coelution_sets, coelution_sets)
REPORT_GETTER (GwSugarRtFinding, sugar_rt_findings, sugar_rt)
REPORT_GETTER (GwCategoryMean, category_means, category_means)
REPORT_GETTER (GwCategoryInversion, category_inversions, category_inversions)
REPORT_GETTER (GwModShift, mod_shifts, mod_shifts)
REPORT_GETTER (GwCrossCategoryInversion, cross_category_inversions, cross_category)

#undef REPORT_GETTER

const char * const *
gw_run_get_warnings_list (GwRun *run)
{
  g_return_val_if_fail (run != NULL, empty_strv);

  /* An empty null-terminated GPtrArray may not have allocated pdata yet. */
  if (run->run_warnings->pdata == NULL)
    return empty_strv;

  return (const char * const *) run->run_warnings->pdata;
}

const char *
gw_status_to_string (GwStatus status)
{
  g_return_val_if_fail (status < GW_N_STATUSES, "invalid");

  return status_names[status];
}

gboolean
gw_status_from_string (const char *str,
                       GwStatus   *status)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < GW_N_STATUSES; i++)
    {
      if (g_ascii_strcasecmp (str, status_names[i]) == 0)
        {
          if (status != NULL)
            *status = (GwStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
gw_model_level_to_string (GwModelLevel level)
{
  g_return_val_if_fail ((guint) level < G_N_ELEMENTS (model_level_names), "none");

  return model_level_names[level];
}

const char *
gw_feature_to_string (GwFeature feature)
{
  g_return_val_if_fail ((guint) feature < GW_N_FEATURES, "");

  return feature_names[feature];
}
