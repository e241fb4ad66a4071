/* gw-robust.c: the robust preset, our default (ANALYSIS.md §6)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/analysis-robust.md is the specification of this file: every formula
 * and constant below is written down and justified there.  In short:
 *
 *  1. Sort the valid rows once by (group, ceramide, RT) and once by
 *     (ceramide, neutral core + modifications, RT), with a radix sort, so
 *     groups, same-name clusters and fragment buckets are contiguous runs.
 *  2. Mark fragment candidates: rows that co-elute within rt_tolerance with
 *     a same-ceramide row that has more sialic acids (sliding window).
 *  3. Fit RT = a + b·LogP per group by IRLS with Tukey's bisquare, anchors
 *     weighted, over the rows that are not fragment candidates and not a
 *     second peak of the same name.  Starts come from repeated medians (all
 *     rows, anchors only, pooled slope); the start with the smallest final
 *     MAD wins, which makes the fit resistant to clustered leverage points.
 *  4. Groups with too little Log P spread borrow a pooled slope and fit only
 *     their intercept.
 *  5. A robust scale (biweight midvariance), pooled over groups and
 *     moderated per group, and a leave-one-out z that includes the
 *     parameter uncertainty.
 *  6. Statuses fragment > isomer > outlier > insufficient > valid, reasons
 *     in words, confidence.
 *
 * Cost: two O(n) radix sorts, O(n) per IRLS iteration with O(n)
 * quickselects, no allocation per row.  Groups are independent, so their
 * fits, and on large tables the passes after them, run on gw_tasks_run()'s
 * workers; each task writes only its own slice, so the result does not
 * depend on scheduling or on the number of workers.
 */

#define G_LOG_DOMAIN "gw-engine"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-arena.h"
#include "gw-run-private.h"
#include "gw-tasks.h"

/* See docs/analysis-robust.md, "Constants". */
#define TUKEY_C               4.685   /* 95 % Gaussian efficiency */
#define MAD_TO_SD             1.482602218505602
#define BIWEIGHT_C            9.0     /* biweight midvariance cut-off, in MADs */
#define MIN_SCALE             0.01    /* min; RT is reported to 0.001 min */
#define SCALE_PRIOR_DOF       4.0     /* weight of the pooled scale in a group's scale */
#define GROUP_SCALE_MIN_ROWS  8
#define SLOPE_MIN_ROWS        5
#define SLOPE_MIN_SPAN        1.0
#define INSUFFICIENT_MIN_ROWS 3
#define FRAGMENT_MIN_Z        2.0
#define RM_SUBSAMPLE          64      /* rows used for a repeated-median start */
#define START_SUBSAMPLE       1024    /* rows used to choose between starts */
#define IRLS_MAX_ITER         50
#define IRLS_TOL              1e-7
#define DEFAULT_SLOPE_SD      0.10    /* spread of true slopes between groups */
#define MIN_SLOPE_SD          0.02
#define MIN_ONE_MINUS_H       1e-6
#define LEVEL_FACTOR_POOLED   0.8
#define NO_ANCHOR_FACTOR      0.9
#define PARALLEL_MIN_ROWS     20000
/* The passes after the fits cost ~0.1 µs a row each, and a split costs a
 * thread start (~0.1 ms) and, on a loaded machine, a wait for the other
 * thread's turn: below this they stay on one thread (docs/performance.md,
 * "The tail on both cores").  Not a result-affecting constant. */
#define TAIL_PARALLEL_MIN_ROWS 100000
/* Rows ahead that a permuting loop asks the memory for: each of its reads
 * misses the cache, and a few dozen misses in flight instead of a couple
 * is most of the loop's speed.  Not a result-affecting constant. */
#define PREFETCH_AHEAD        16

typedef struct
{
  guint         start;        /* positions in the sorted order */
  guint         end;
  guint         table_group;
  GwCategory    category;
  guint         n_anchors;
  gboolean      well_determined;  /* own slope possible (pass 1) */

  GwModelLevel  level;
  double        a;
  double        b;
  double        s;            /* scale used for z */
  double        slope_var;    /* pooled level: variance of the borrowed slope */
  double        sw;           /* Σw over the fit set */
  double        xm;           /* weighted mean Log P */
  double        sxx;          /* weighted Σ(x − xm)² */
  double        own_scale;    /* biweight scale of the fit set, dof corrected */
  double        start_mad;    /* MAD of the chosen start (pass 1) */
  gboolean      consensus;    /* at least half of the fit set fits */
  guint         n_fit;
  double        r2;
  double        cv_r2;
  double        rmse;
  int           model_index;
} Group;

/* Per-row memory comes from one GwArena (gw-arena.h), shared with the
 * side reports when gw_analyze() runs both, and from the run's columns
 * before they are initialised (run->columns_scratch), whose pages have
 * to be written anyway.  Every page is written first by robust_prepare()
 * and reused afterwards.  In the arena:
 *
 *   region A  the radix sort's histograms; x, y, pos_of_row (20 bytes a
 *             row), which robust_scatter() reads
 *   region B  the fit threads' scratch; then robust_pool_scale()'s
 *             residuals; then the per-position results (Out, 32 bytes a
 *             row)
 *
 * In the run's columns, bytes a row (n = the table's rows; every array
 * starts on 64 bytes, so the offsets are those of a large table):
 *
 *    0 ..  18  row, frag_order, cer, family, anchor, sialic: written in
 *              the gather, dead after robust_fragments()
 *   18 ..  50  robust_prepare()'s row copies (RowIn), then, once the
 *              gather is done with them, w, resid, fit, fragcand (18
 *              bytes, 18 .. 36), dead after robust_fragments()
 *   50 ..  82  robust_prepare()'s sort keys (order, keys, tmp_keys,
 *              tmp_vals, rt_order, in_pos), dead at its end
 *   82 ..  94  not used as scratch
 *
 * The columns themselves are, from the front: the six that
 * robust_scatter() fills (predicted, residual, z, pi_low, pi_high,
 * confidence: 0 .. 48), which stay scratch until robust_scatter()
 * writes every row of them; then the rest (48 .. 94), initialised by
 * robust_init_rest() just before robust_rows(), the first step that
 * writes there.  So everything in 0 .. 48 lives until the fragments at
 * most, and nothing at 48 .. 94 lives past robust_prepare().
 *
 * The few results that only some rows have (isomer_of, fragment_of, the
 * parent's volume) are written straight into the run's columns, the
 * prediction into @x once robust_rows() is done with it, and the
 * residual follows from it in robust_scatter().
 *
 * On the virtual machines we run on, a first write to a page costs more
 * than the arithmetic done on it, so fewer fresh pages is most of the
 * speed (docs/performance.md). */

/* One valid row, copied once from the table in file order so the sorts and
 * the gather touch one cache line per row instead of one per column. */
typedef struct
{
  double   rt;
  double   logp;
  guint32  row;
  guint32  name;      /* index of the row's Name cell in the table */
  guint32  group;
  guint8   sialic;
  guint8   anchor;
} RowIn;

/* Per-position results, written in position order and copied into the
 * run's columns in one pass in file order at the end: one random read
 * per row instead of a random write per column. */
typedef struct
{
  double   z;
  double   sd_pi;
  double   conf;
  gint32   model_index;
  guint8   status;
  guint8   level;
} Out;

G_STATIC_ASSERT (sizeof (Out) == 32);

typedef struct
{
  GwRun          *run;
  GwTable        *table;
  const GwParams *params;

  guint           n;          /* valid rows with a group */
  /* In the run's columns (@cols), see above: */
  guint          *row;        /* position → table row */
  double         *w;          /* final weight, 0 outside the fit set;
                               * robust_fragments() reuses it */
  double         *resid;      /* by position, scratch for the fits;
                               * robust_fragments() reuses it */
  guint8         *fit;        /* in the fit set */
  guint8         *anchor;
  guint8         *fragcand;
  guint8         *sialic;
  guint32        *cer;
  guint32        *family;     /* neutral core + modifications, dense id */
  guint          *frag_order; /* positions sorted by (ceramide, family, RT) */

  /* In region A, read by robust_scatter(): */
  double         *x;          /* by position; the prediction once
                               * robust_rows() has scored the row */
  double         *y;
  guint          *pos_of_row; /* table row → position, G_MAXUINT if none */
  /* In region B: */
  Out            *out;        /* by position */

  GwArena         own_arena;  /* when the run has no workspace */
  GwArena        *arena;      /* region A, and region B as one block */
  gsize           arena_mark; /* arena->used before this run took any */
  GwArena         scratch;    /* region B, a view into @arena */
  guint          *radix_count;  /* the radix sort's histograms */
  GwArena         cols;       /* the run's columns as scratch (a view),
                               * or @own_cols */
  GwArena         own_cols;   /* when the run's columns lend nothing */
  gboolean        rest_pending; /* the run's columns other than the six
                                 * fitted ones still to initialise */
  gboolean        fitted_pending; /* the six fitted columns still
                                   * scratch, until robust_scatter() */

  Group          *groups;
  guint           n_groups;

  /* Pooled slopes, by category, and over all groups. */
  double          cat_slope[GW_N_CATEGORIES];
  gboolean        cat_has_slope[GW_N_CATEGORIES];
  double          all_slope;
  gboolean        have_slope;
  double          slope_sd;
  double          pooled_scale;
} Robust;

/* Per-thread scratch, sized for the largest group. */
typedef struct
{
  guint8 *block;       /* one allocation for all below, NULL when carved
                        * from the run's arena */
  guint  *map;         /* dense index → position */
  double *a;
  double *b;
  double *gx;
  double *gy;
  double *gp;
  double *gw;
  guint8 *ga;          /* anchor flags of the dense group arrays */
  guint8 *sub_anchor;  /* anchor flags of the start subsample */
} Scratch;

/* ---------------------------------------------------------------------- */
/* Order statistics                                                        */

/* Returns the k-th smallest (0-based) of @v, partially reordering it.
 * Quickselect with a median-of-three pivot: O(n) expected, deterministic. */
static double
select_kth (double *v,
            guint   n,
            guint   k)
{
  guint lo = 0;
  guint hi = n - 1;

  g_assert (k < n);

  while (hi > lo)
    {
      guint mid = lo + (hi - lo) / 2;
      double pivot;
      guint i, j;

      /* Median of three into v[mid]. */
      if (v[mid] < v[lo]) { double t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
      if (v[hi] < v[lo]) { double t = v[hi]; v[hi] = v[lo]; v[lo] = t; }
      if (v[hi] < v[mid]) { double t = v[hi]; v[hi] = v[mid]; v[mid] = t; }
      pivot = v[mid];

      i = lo;
      j = hi;
      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = v[i];
              v[i] = v[j];
              v[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }

      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return v[k];
    }

  return v[k];
}

/* Median of @v (reordered in place). */
static double
median_inplace (double *v,
                guint   n)
{
  double upper;
  double lower;

  g_assert (n > 0);

  upper = select_kth (v, n, n / 2);
  if (n % 2 == 1)
    return upper;

  /* After the selection, v[0 .. n/2-1] are all ≤ upper. */
  lower = v[0];
  for (guint i = 1; i < n / 2; i++)
    lower = MAX (lower, v[i]);

  return 0.5 * (lower + upper);
}

/* Normalised MAD about the median of @r; @tmp has room for @n. */
static double
mad_scale (const double *r,
           guint         n,
           double       *tmp)
{
  double med;

  if (n == 0)
    return NAN;

  memcpy (tmp, r, n * sizeof (double));
  med = median_inplace (tmp, n);
  for (guint i = 0; i < n; i++)
    tmp[i] = fabs (r[i] - med);

  return MAD_TO_SD * median_inplace (tmp, n);
}

/* Biweight midvariance of @r, as a standard deviation: a MAD-based scale
 * with 87 % Gaussian efficiency instead of the MAD's 37 %, with the same
 * breakdown point.  0 when more than half of @r are equal. */
static double
biweight_finish (const double *r,
                 guint         n,
                 double        med,
                 double        mad)
{
  double num = 0, den = 0;

  if (mad <= 0)
    return 0;

  for (guint i = 0; i < n; i++)
    {
      double d = r[i] - med;
      double u = d / (BIWEIGHT_C * mad);

      if (fabs (u) < 1)
        {
          double u2 = u * u;
          double t = 1 - u2;

          num += d * d * t * t * t * t;
          den += t * (1 - 5 * u2);
        }
    }

  if (den == 0)
    return MAD_TO_SD * mad;

  return sqrt (n * num) / fabs (den);
}

static double
biweight_scale (const double *r,
                guint         n,
                double       *tmp)
{
  double med, mad;

  if (n < 2)
    return NAN;

  memcpy (tmp, r, n * sizeof (double));
  med = median_inplace (tmp, n);
  for (guint i = 0; i < n; i++)
    tmp[i] = fabs (r[i] - med);
  mad = median_inplace (tmp, n);

  return biweight_finish (r, n, med, mad);
}

/* ---------------------------------------------------------------------- */
/* Radix sort                                                              */

/* Sorts @vals by @keys, stably, with an LSD radix sort on 16-bit digits;
 * the four histograms come from one read, and passes in which every key
 * has the same digit are skipped (high digits of small keys).  Passes
 * alternate between the arrays and their @tmp_ twins instead of copying
 * back after each one; only @vals is copied back at the end, when the
 * last pass left it in @tmp_vals.  @keys is left in an unspecified order.
 * O(n). */
static void
radix_sort (guint64 *keys,
            guint   *vals,
            guint    n,
            guint64 *tmp_keys,
            guint   *tmp_vals,
            guint   *count)
{
  guint64 *src_k = keys, *dst_k = tmp_keys;
  guint *src_v = vals, *dst_v = tmp_vals;

  memset (count, 0, 4 * 65536 * sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      guint64 k = keys[i];

      count[0 * 65536 + (k & 0xffff)]++;
      count[1 * 65536 + ((k >> 16) & 0xffff)]++;
      count[2 * 65536 + ((k >> 32) & 0xffff)]++;
      count[3 * 65536 + (k >> 48)]++;
    }

  for (guint pass = 0; pass < 4 && n > 0; pass++)
    {
      guint *c = count + pass * 65536;
      guint shift = 16 * pass;
      guint sum = 0;
      guint64 *swap_k;
      guint *swap_v;

      if (c[(keys[0] >> shift) & 0xffff] == n)
        continue;

      for (guint d = 0; d < 65536; d++)
        {
          guint t = c[d];

          c[d] = sum;
          sum += t;
        }

      for (guint i = 0; i < n; i++)
        {
          guint to = c[(src_k[i] >> shift) & 0xffff]++;

          dst_k[to] = src_k[i];
          dst_v[to] = src_v[i];
        }

      swap_k = src_k, src_k = dst_k, dst_k = swap_k;
      swap_v = src_v, src_v = dst_v, dst_v = swap_v;
    }

  if (src_v != vals)
    memcpy (vals, src_v, n * sizeof (guint));
}

/* RT ≥ 0, so the bits of the double order like the values.  Adding 0.0
 * turns −0.0 into +0.0. */
static inline guint64
rt_key (double rt)
{
  guint64 bits;

  rt += 0.0;
  memcpy (&bits, &rt, sizeof bits);

  return bits;
}

/* ---------------------------------------------------------------------- */
/* Line fits                                                               */

static inline double
bisquare (double u)
{
  double t;

  if (fabs (u) >= 1)
    return 0;

  t = 1 - u * u;

  return t * t;
}

/* Weighted least squares of @y on @x; keeps @b when @fixed_slope or when
 * the weighted Log P spread is zero.  FALSE when every weight is 0. */
static gboolean
wls (const double *x,
     const double *y,
     const double *w,
     guint         n,
     gboolean      fixed_slope,
     double       *a,
     double       *b)
{
  double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, xm, ym;

  for (guint i = 0; i < n; i++)
    {
      sw += w[i];
      sx += w[i] * x[i];
      sy += w[i] * y[i];
    }

  if (!(sw > 0))
    return FALSE;

  xm = sx / sw;
  ym = sy / sw;

  if (!fixed_slope)
    {
      for (guint i = 0; i < n; i++)
        {
          double dx = x[i] - xm;

          sxx += w[i] * dx * dx;
          sxy += w[i] * dx * (y[i] - ym);
        }

      if (sxx > 1e-12 * sw)
        *b = sxy / sxx;
    }

  *a = ym - *b * xm;

  return TRUE;
}

/* IRLS with Tukey's bisquare from the start (*a, *b), rescaling by the MAD
 * of the residuals at every step, as R's MASS::rlm does, or with the scale
 * @fixed_scale when it is finite (large groups: a MAD from thousands of
 * rows does not move, and skipping it makes an iteration one pass).
 * Writes the final weights to @w and returns the scale used last. */
static double
irls (const double *x,
      const double *y,
      const double *p,
      guint         n,
      gboolean      fixed_slope,
      double        fixed_scale,
      double       *a,
      double       *b,
      double       *w,
      double       *r,
      double       *tmp)
{
  double s = isfinite (fixed_scale) ? MAX (fixed_scale, MIN_SCALE) : MIN_SCALE;

  for (guint iter = 0; iter <= IRLS_MAX_ITER; iter++)
    {
      double na = *a, nb = *b;
      double step;

      if (!isfinite (fixed_scale))
        {
          for (guint i = 0; i < n; i++)
            r[i] = y[i] - *a - *b * x[i];
          s = MAX (mad_scale (r, n, tmp), MIN_SCALE);
        }

      for (guint i = 0; i < n; i++)
        w[i] = p[i] * bisquare ((y[i] - *a - *b * x[i]) / (TUKEY_C * s));

      if (iter == IRLS_MAX_ITER || !wls (x, y, w, n, fixed_slope, &na, &nb))
        break;

      step = fabs (na - *a) + fabs (nb - *b);
      *a = na;
      *b = nb;

      if (step < IRLS_TOL * (1 + fabs (*a) + fabs (*b)))
        {
          if (!isfinite (fixed_scale))
            {
              for (guint i = 0; i < n; i++)
                r[i] = y[i] - *a - *b * x[i];
              s = MAX (mad_scale (r, n, tmp), MIN_SCALE);
            }
          for (guint i = 0; i < n; i++)
            w[i] = p[i] * bisquare ((y[i] - *a - *b * x[i]) / (TUKEY_C * s));
          break;
        }
    }

  return s;
}

/* Siegel's repeated median slope on at most RM_SUBSAMPLE rows picked by a
 * fixed stride (50 % breakdown).  NAN when all Log P are equal. */
static double
repeated_median (const double *x,
                 const double *y,
                 const guint8 *mask,   /* (nullable) */
                 guint         n,
                 double       *tmp_a,
                 double       *tmp_b)
{
  guint idx[RM_SUBSAMPLE];
  guint m = 0, n_sel = 0, n_med = 0;

  for (guint i = 0; i < n; i++)
    if (mask == NULL || mask[i])
      m++;
  if (m < 2)
    return NAN;

  /* Stride over the selected rows. */
  for (guint i = 0, k = 0; i < n && n_sel < RM_SUBSAMPLE; i++)
    {
      if (mask != NULL && !mask[i])
        continue;
      if (m <= RM_SUBSAMPLE || (guint64) k * RM_SUBSAMPLE / m != (guint64) (k + 1) * RM_SUBSAMPLE / m)
        idx[n_sel++] = i;
      k++;
    }

  for (guint i = 0; i < n_sel; i++)
    {
      guint c = 0;

      for (guint j = 0; j < n_sel; j++)
        {
          double dx = x[idx[j]] - x[idx[i]];

          if (fabs (dx) > 1e-9)
            tmp_a[c++] = (y[idx[j]] - y[idx[i]]) / dx;
        }

      if (c > 0)
        tmp_b[n_med++] = median_inplace (tmp_a, c);
    }

  if (n_med == 0)
    return NAN;

  return median_inplace (tmp_b, n_med);
}

static double
median_intercept (const double *x,
                  const double *y,
                  const guint8 *mask,  /* (nullable) */
                  guint         n,
                  double        b,
                  double       *tmp)
{
  guint c = 0;

  for (guint i = 0; i < n; i++)
    if (mask == NULL || mask[i])
      tmp[c++] = y[i] - b * x[i];

  return c > 0 ? median_inplace (tmp, c) : NAN;
}

/* Fits one line to the dense arrays @x, @y, @p (n rows).  Tries the
 * starts described at the top of the file on a strided subsample of at
 * most START_SUBSAMPLE rows, keeps the one whose IRLS solution has the
 * smallest MAD, and polishes it on all rows.  @extra_slope (NAN: none) is
 * an additional start (the pooled slope); with @fixed_slope, *b is the
 * slope and only the intercept is fitted. */
static double
fit_line (const double *x,
          const double *y,
          const double *p,
          const guint8 *anc,
          guint         n,
          gboolean      fixed_slope,
          double        extra_slope,
          double       *a,
          double       *b,
          double       *w,
          double       *start_mad,
          Scratch      *sc)
{
  const double *sx = x, *sy = y, *sp = p;
  const guint8 *sa = anc;
  double starts_a[3], starts_b[3];
  guint n_starts = 0, m = n, n_anchor = 0;
  double best_s = INFINITY, best_a = NAN, best_b = NAN;
  double *t1, *t2;

  g_assert (n > 0);

  /* Large groups choose their start on a strided subsample, kept in the
   * scratch arrays @a (x, y, p) and @sub_anchor. */
  if (n > START_SUBSAMPLE)
    {
      double *tx = sc->a, *ty = sc->a + START_SUBSAMPLE, *tp = sc->a + 2 * START_SUBSAMPLE;

      m = START_SUBSAMPLE;
      for (guint k = 0; k < m; k++)
        {
          guint i = (guint) ((guint64) k * n / m);

          tx[k] = x[i];
          ty[k] = y[i];
          tp[k] = p[i];
          sc->sub_anchor[k] = anc[i];
        }
      sx = tx;
      sy = ty;
      sp = tp;
      sa = sc->sub_anchor;
    }

  for (guint i = 0; i < m; i++)
    n_anchor += sa[i] != 0;

  t1 = sc->b;
  t2 = sc->b + m;

  if (fixed_slope)
    {
      starts_b[n_starts] = *b;
      starts_a[n_starts++] = median_intercept (sx, sy, NULL, m, *b, t1);
      if (n_anchor > 0)
        {
          starts_b[n_starts] = *b;
          starts_a[n_starts++] = median_intercept (sx, sy, sa, m, *b, t1);
        }
    }
  else
    {
      double rb = repeated_median (sx, sy, NULL, m, t1, t2);

      if (isfinite (rb))
        {
          starts_b[n_starts] = rb;
          starts_a[n_starts++] = median_intercept (sx, sy, NULL, m, rb, t1);
        }
      if (n_anchor >= 2)
        {
          rb = repeated_median (sx, sy, sa, m, t1, t2);
          if (isfinite (rb))
            {
              starts_b[n_starts] = rb;
              starts_a[n_starts++] = median_intercept (sx, sy, sa, m, rb, t1);
            }
        }
      if (isfinite (extra_slope))
        {
          starts_b[n_starts] = extra_slope;
          starts_a[n_starts++] = median_intercept (sx, sy, NULL, m, extra_slope, t1);
        }
      if (n_starts == 0)
        {
          /* Every Log P is equal: there is no slope to find. */
          starts_b[n_starts] = isfinite (extra_slope) ? extra_slope : 0.0;
          starts_a[n_starts] = median_intercept (sx, sy, NULL, m, starts_b[n_starts], t1);
          n_starts++;
        }
    }

  for (guint k = 0; k < n_starts; k++)
    {
      double ca = starts_a[k], cb = starts_b[k], s;

      irls (sx, sy, sp, m, fixed_slope, NAN, &ca, &cb, sc->gw, t1, t2);

      /* A start that converged to a wrong line leaves many rows far from
       * it: compare the MAD of all residuals. */
      for (guint i = 0; i < m; i++)
        t1[i] = sy[i] - ca - cb * sx[i];
      s = mad_scale (t1, m, t2);

      if (k == 0 || s < best_s - 1e-12)
        {
          best_s = s;
          best_a = ca;
          best_b = cb;
        }
    }

  *a = best_a;
  *b = best_b;
  if (start_mad != NULL)
    *start_mad = best_s;

  /* Polish on every row; a subsample's MAD is the scale for the rest. */
  return irls (x, y, p, n, fixed_slope, n > START_SUBSAMPLE ? MAX (best_s, MIN_SCALE) : NAN,
               a, b, w, sc->a, sc->b);
}

/* The MAD that the start @slope (pooled) reaches on the subsample of the
 * dense arrays, exactly as fit_line() would score it. */
static double
score_start (const double *x,
             const double *y,
             const double *p,
             guint         n,
             double        slope,
             Scratch      *sc)
{
  const double *sx = x, *sy = y, *sp = p;
  guint m = n;
  double ca, cb = slope;
  double *t1, *t2;

  if (n > START_SUBSAMPLE)
    {
      double *tx = sc->a, *ty = sc->a + START_SUBSAMPLE, *tp = sc->a + 2 * START_SUBSAMPLE;

      m = START_SUBSAMPLE;
      for (guint k = 0; k < m; k++)
        {
          guint i = (guint) ((guint64) k * n / m);

          tx[k] = x[i];
          ty[k] = y[i];
          tp[k] = p[i];
        }
      sx = tx;
      sy = ty;
      sp = tp;
    }

  t1 = sc->b;
  t2 = sc->b + m;
  ca = median_intercept (sx, sy, NULL, m, cb, t1);
  irls (sx, sy, sp, m, FALSE, NAN, &ca, &cb, sc->gw, t1, t2);
  for (guint i = 0; i < m; i++)
    t1[i] = sy[i] - ca - cb * sx[i];

  return mad_scale (t1, m, t2);
}

/* ---------------------------------------------------------------------- */

static void
robust_clear (Robust *r)
{
  /* A shared workspace keeps its pages for the side reports. */
  if (r->arena != NULL)
    gw_arena_release (r->arena, r->arena_mark);
  gw_arena_clear (&r->own_arena);
  gw_arena_clear (&r->own_cols);
  g_free (r->groups);
}

/* The bytes scratch_init() needs for groups of up to @n rows. */
static gsize
scratch_size (guint n)
{
  /* @a and @b also hold three subsample arrays of START_SUBSAMPLE. */
  gsize big = MAX (n, 3 * START_SUBSAMPLE) + 1;

  return GW_ARENA_SLOT (0) * 9 + sizeof (double) * (3 * big + 3 * ((gsize) n + 1)) +
         (n + 1) + START_SUBSAMPLE + sizeof (guint) * ((gsize) n + 1);
}

/* Carves @sc from @arena when it has room (region B, whose pages are
 * already mapped), else from one new allocation. */
static void
scratch_init (Scratch *sc,
              guint    n,
              GwArena *arena)
{
  gsize big = MAX (n, 3 * START_SUBSAMPLE) + 1;
  gsize size = scratch_size (n);
  GwArena own;

  sc->block = NULL;
  if (gw_arena_available (arena) < size)
    {
      sc->block = g_aligned_alloc (1, size, 64);
      own.base = sc->block;
      own.size = size;
      own.used = 0;
      arena = &own;
    }

  sc->a = gw_arena_take (arena, sizeof (double) * big);
  sc->b = gw_arena_take (arena, sizeof (double) * big);
  sc->gw = gw_arena_take (arena, sizeof (double) * big);
  sc->gx = gw_arena_take (arena, sizeof (double) * (n + 1));
  sc->gy = gw_arena_take (arena, sizeof (double) * (n + 1));
  sc->gp = gw_arena_take (arena, sizeof (double) * (n + 1));
  sc->ga = gw_arena_take (arena, n + 1);
  sc->sub_anchor = gw_arena_take (arena, START_SUBSAMPLE);
  sc->map = gw_arena_take (arena, sizeof (guint) * (n + 1));
}

static void
scratch_clear (Scratch *sc)
{
  g_clear_pointer (&sc->block, g_aligned_free);
}

/* Family: the name without its sialic letter and isomer letter, i.e. the
 * neutral core digit plus the modifications.  An in-source NeuAc loss
 * keeps the family and the ceramide and lowers the sialic count. */
static char *
family_key (const GwName *name)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%u", name->f);
  for (guint k = 0; k < GW_N_MODS; k++)
    g_string_append_printf (s, ",%u", name->mods[k]);

  return g_string_free (s, FALSE);
}

static int
cmp_guint64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* Gives each distinct Name cell in @names (@n_names of them) the rank of
 * its @key among the distinct keys, in @rank_of_name: equal keys, equal
 * ranks.  Returns the number of ranks.  There are few distinct names, so
 * sorting by a rank per row is then one counting-sort pass instead of a
 * radix sort of 64-bit keys: the same order, since the ranks order like
 * the keys. */
static guint
rank_names (const guint64 *key_of_name,
            const guint32 *names,
            guint          n_names,
            guint32       *rank_of_name)
{
  g_autofree guint64 *sorted = g_new (guint64, MAX (n_names, 1));
  guint n_ranks = 0;

  for (guint i = 0; i < n_names; i++)
    sorted[i] = key_of_name[names[i]];
  qsort (sorted, n_names, sizeof (guint64), cmp_guint64);
  for (guint i = 0; i < n_names; i++)
    if (n_ranks == 0 || sorted[n_ranks - 1] != sorted[i])
      sorted[n_ranks++] = sorted[i];

  for (guint i = 0; i < n_names; i++)
    {
      guint64 key = key_of_name[names[i]];
      guint lo = 0, hi = n_ranks;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (sorted[mid] < key)
            lo = mid + 1;
          else
            hi = mid;
        }
      rank_of_name[names[i]] = lo;
    }

  return n_ranks;
}

/* A stable counting sort of @n values @src by @rank (n_ranks of them) into
 * @dst. */
static void
counting_sort (const guint32 *rank,
               const guint   *src,
               guint         *dst,
               guint          n,
               guint          n_ranks)
{
  g_autofree guint *start = g_new0 (guint, (gsize) n_ranks + 1);

  for (guint k = 0; k < n; k++)
    start[rank[k] + 1]++;
  for (guint i = 0; i < n_ranks; i++)
    start[i + 1] += start[i];
  for (guint k = 0; k < n; k++)
    dst[start[rank[k]]++] = src[k];
}

/* The layout in the run's columns (above), bytes for @n_rows rows with
 * gw_arena_take()'s padding: the arrays written in the gather, at the
 * front; robust_prepare()'s row copies and sort keys behind them; and,
 * over the row copies once they are dead, the fits' arrays. */
static gsize
robust_front_size (gsize n_rows)
{
  gsize rows1 = MAX (n_rows, 1);

  return rows1 * (sizeof (guint) * 2 + sizeof (guint32) * 2 + 2) + 6 * 64;
}

static gsize
robust_prepare_size (gsize n_rows)
{
  gsize rows1 = MAX (n_rows, 1);

  return sizeof (RowIn) * rows1 + 64 + rows1 * 32 + 6 * 64;
}

static gsize
robust_fits_size (gsize n_rows)
{
  gsize rows1 = MAX (n_rows, 1);

  return rows1 * (sizeof (double) * 2 + 2) + 4 * 64;
}

/* Whether @run's columns can lend their pages: not yet written, and
 * large enough that the arrays that live until robust_fragments() stay
 * inside the six fitted columns, which nothing writes before
 * robust_scatter() (a tiny table's padding does not fit). */
static gboolean
robust_columns_lend (GwRun *run)
{
  gsize front = robust_front_size (run->n_rows);

  return run->columns_scratch &&
         front + robust_fits_size (run->n_rows) <= gw_run_columns_fitted_size (run) &&
         front + robust_prepare_size (run->n_rows) <= gw_run_columns_used_size (run);
}

/* Region B holds the fits' scratch, the pooled scale's residuals and the
 * results; region A the per-position arrays that robust_scatter() reads.
 * Both sized from @n_rows, an upper bound of the valid rows. */
static gsize
robust_region_b_size (gsize n_rows)
{
  gsize rows1 = MAX (n_rows, 1);

  return MAX (2 * (sizeof (double) * rows1 + 64), sizeof (Out) * rows1 + 64);
}

/* The radix sort's histograms, then region A. */
static gsize
robust_region_a_size (gsize n_rows)
{
  gsize rows1 = MAX (n_rows, 1);

  return 4 * 65536 * sizeof (guint) + 64 +
         rows1 * sizeof (double) * 2 + 2 * 64 +
         rows1 * sizeof (guint) + 64;
}

static gsize
robust_own_size (gsize n_rows)
{
  return robust_region_a_size (n_rows) + robust_region_b_size (n_rows);
}

/* Room for the side reports' report arrays, bytes a row (OAc pairs and
 * modification shifts: ~16 on our generated tables).  The side reports
 * give back the part of the arena their index did not use before they
 * allocate those arrays (gw-side-reports.c, release_pages()), and pages
 * freed a moment ago are reused warm: so the arrays find pages that the
 * populate thread mapped while the preset ran, instead of first-writing
 * fresh ones on the calling thread (docs/performance.md).  A size only:
 * no result depends on it. */
#define SIDE_ARRAYS_ROOM 16

gsize
gw_robust_workspace_size (guint n_rows)
{
  return MAX (robust_own_size (n_rows),
              gw_side_reports_workspace_size (n_rows) + (gsize) n_rows * SIDE_ARRAYS_ROOM);
}

GThread *
gw_robust_populate_start (GwRun   *run,
                          GwArena *workspace)
{
  gsize n_rows = run->n_rows;
  gsize front = robust_front_size (n_rows);
  gsize in_end = front + sizeof (RowIn) * MAX (n_rows, 1) + 64;
  gsize prep_end = front + robust_prepare_size (n_rows);
  gsize a_size = MIN (robust_region_a_size (n_rows), workspace->size);
  gsize own_size = MIN (robust_own_size (n_rows), workspace->size);
  gsize ws_size = MIN (gw_robust_workspace_size (n_rows), workspace->size);
  gsize used_size = gw_run_columns_used_size (run);
  gboolean columns = robust_columns_lend (run);
  guint8 *block = run->columns_block;
  GwPopulateRange ranges[6];
  guint n = 0;

  g_return_val_if_fail (workspace->used == 0, NULL);

  /* The calling thread first writes, in robust_prepare(), the row copies
   * and then the sort keys (in the run's columns, from the front of
   * their room), then, in the gather, the front of the columns and
   * region A; after the preparation, the fits take region B; the rest of
   * the run's columns is initialised only before robust_rows() writes
   * there, and the side reports take the arena beyond what the preset
   * uses (up to gw_side_reports_workspace_size()).
   *
   * Cold pages first-written by two threads at once take about half
   * the time of one (docs/performance.md).  So this thread maps region A,
   * the columns' front and then the sort keys, each backward, while the
   * calling thread faults the row copies and then the sort keys itself,
   * from the front: the two meet in the sort keys, or earlier on a warm
   * machine.  Region B follows forward, ahead of the fits, then the
   * columns' tail (which the preparation does not use) backward, towards
   * the calling thread's own initialisation of it, and the side reports'
   * part of the arena, with room for their report arrays
   * (gw_robust_workspace_size()). */
  ranges[n++] = (GwPopulateRange) { workspace->base, a_size, TRUE };
  if (columns)
    {
      ranges[n++] = (GwPopulateRange) { block, front, TRUE };
      ranges[n++] = (GwPopulateRange) { block + in_end, prep_end - in_end, TRUE };
    }
  ranges[n++] = (GwPopulateRange) { workspace->base + a_size, own_size - a_size, FALSE };
  /* Up to the last column's end: the block's rounding up to a huge page
   * is never written. */
  if (columns && used_size > prep_end)
    ranges[n++] = (GwPopulateRange) { block + prep_end, used_size - prep_end, TRUE };
  /* Backward, one huge page per call: the calling thread is busy
   * elsewhere by then, and a long call would hold up its own mappings
   * (malloc) for longer. */
  if (ws_size > own_size)
    ranges[n++] = (GwPopulateRange) { workspace->base + own_size, ws_size - own_size, TRUE };

  return gw_populate_start (ranges, n);
}

/* Step 1: the sorted orders and the per-position arrays. */
static void
robust_prepare (Robust *r)
{
  GwTable *table = r->table;
  guint n_rows = gw_table_get_n_rows (table);
  guint n_tgroups = gw_table_get_n_groups (table);
  const double *rt = gw_table_get_rt_column (table);
  const double *logp = gw_table_get_logp_column (table);
  g_autofree guint32 *group_family = g_new0 (guint32, MAX (n_tgroups, 1));
  g_autofree GwCategory *group_category = g_new0 (GwCategory, MAX (n_tgroups, 1));
  g_autofree gint8 *seen_group = g_new0 (gint8, MAX (n_tgroups, 1));
  g_autoptr(GHashTable) families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const gint32 *name_index = gw_table_get_name_index_column (table);
  guint n_table_names = gw_table_get_n_names (table);
  /* Per distinct Name cell: its (group, ceramide) and (ceramide, family)
   * sort keys and ranks, and the cells present. */
  g_autofree guint64 *group_key = g_new (guint64, MAX (n_table_names, 1));
  g_autofree guint64 *frag_key = g_new (guint64, MAX (n_table_names, 1));
  g_autofree guint32 *group_rank = g_new (guint32, MAX (n_table_names, 1));
  g_autofree guint32 *frag_rank = g_new (guint32, MAX (n_table_names, 1));
  g_autofree guint8 *seen_name = g_new0 (guint8, MAX (n_table_names, 1));
  g_autofree guint32 *names = g_new (guint32, MAX (n_table_names, 1));
  guint n_names = 0, n_group_ranks, n_frag_ranks;
  RowIn *in;
  gsize front_end;
  guint64 *keys, *tmp_keys;
  guint *tmp_vals, *order, *rt_order, *in_pos;
  guint32 *rank;
  guint n = 0;

  /* Sizes from n_rows, an upper bound of the valid rows counted below. */
  gsize size_b = robust_region_b_size (n_rows);

  if (r->run->workspace != NULL && r->run->workspace->used == 0)
    r->arena = r->run->workspace;
  else
    r->arena = &r->own_arena;
  r->arena_mark = r->arena->used;
  gw_arena_reserve (r->arena, gw_robust_workspace_size (n_rows));
  /* From the arena: a megabyte of fresh small pages costs more than the
   * sorts that use it. */
  r->radix_count = gw_arena_take (r->arena, 4 * 65536 * sizeof (guint));

  /* The arrays that live from the gather to the fragments, the row
   * copies and the sort keys go into the run's columns while nothing has
   * written them yet (the layout is at the top of this file).  A run
   * that is already initialised lends nothing, and neither does a tiny
   * table, whose columns get their initial values now. */
  if (robust_columns_lend (r->run))
    {
      r->cols.base = r->run->columns_block;
      r->cols.size = gw_run_columns_used_size (r->run);
      r->cols.used = 0;
      r->rest_pending = TRUE;
      r->fitted_pending = TRUE;
    }
  else
    {
      if (r->run->columns_scratch)
        {
          gw_run_init_rows (r->run, 0, n_rows);
          r->run->columns_scratch = FALSE;
        }
      gw_arena_init (&r->own_cols, robust_front_size (n_rows) +
                                   MAX (robust_prepare_size (n_rows), robust_fits_size (n_rows)));
      r->cols = r->own_cols;
    }

  r->row = gw_arena_take (&r->cols, sizeof (guint) * n_rows);
  r->frag_order = gw_arena_take (&r->cols, sizeof (guint) * n_rows);
  r->cer = gw_arena_take (&r->cols, sizeof (guint32) * n_rows);
  r->family = gw_arena_take (&r->cols, sizeof (guint32) * n_rows);
  r->anchor = gw_arena_take (&r->cols, n_rows);
  r->sialic = gw_arena_take (&r->cols, n_rows);
  front_end = r->cols.used;

  in = gw_arena_take (&r->cols, sizeof (RowIn) * MAX (n_rows, 1));

  /* One sequential pass over the table. */
  for (guint i = 0; i < n_rows; i++)
    {
      const GwName *name;
      int g;

      if (!gw_table_is_valid (table, i) || (g = gw_table_get_group (table, i)) < 0 ||
          (name = gw_table_get_parsed_name (table, i)) == NULL)
        continue;

      /* Families, per table group (not per row: there are few groups). */
      if (!seen_group[g])
        {
          char *key = family_key (name);
          gpointer id;

          seen_group[g] = 1;
          if (!g_hash_table_lookup_extended (families, key, NULL, &id))
            {
              id = GUINT_TO_POINTER (g_hash_table_size (families));
              g_hash_table_insert (families, key, id);
            }
          else
            g_free (key);
          group_family[g] = GPOINTER_TO_UINT (id);
          group_category[g] = gw_name_get_category (name);
        }

      /* A parsed name is one of the table's distinct Name cells, each
       * with one group. */
      g_assert (name_index[i] >= 0 && (guint) name_index[i] < n_table_names);
      if (!seen_name[name_index[i]])
        {
          seen_name[name_index[i]] = 1;
          names[n_names++] = (guint32) name_index[i];
          group_key[name_index[i]] = ((guint64) g << 32) | gw_name_ceramide_key (name);
        }

      in[n].rt = rt[i];
      in[n].logp = logp[i];
      in[n].row = i;
      in[n].name = (guint32) name_index[i];
      in[n].group = (guint32) g;
      in[n].sialic = name->sialic;
      in[n].anchor = gw_table_is_anchor (table, i) != FALSE;
      n++;
    }

  gw_profile_mark ("prepare: copy rows");

  for (guint j = 0; j < n_names; j++)
    {
      guint32 u = names[j];

      frag_key[u] = ((group_key[u] & G_MAXUINT32) << 32) | group_family[group_key[u] >> 32];
    }
  n_group_ranks = rank_names (group_key, names, n_names, group_rank);
  n_frag_ranks = rank_names (frag_key, names, n_names, frag_rank);

  r->n = n;
  order = gw_arena_take (&r->cols, sizeof (guint) * n);
  keys = gw_arena_take (&r->cols, sizeof (guint64) * n);
  tmp_keys = gw_arena_take (&r->cols, sizeof (guint64) * n);
  tmp_vals = gw_arena_take (&r->cols, sizeof (guint) * n);
  rt_order = gw_arena_take (&r->cols, sizeof (guint) * n);
  in_pos = gw_arena_take (&r->cols, sizeof (guint) * n);

  /* (group, ceramide, RT): RT first, then a stable counting sort by the
   * rank of the (group, ceramide) key.  The RT order is kept for the
   * fragment order below. */
  for (guint k = 0; k < n; k++)
    {
      order[k] = k;
      keys[k] = rt_key (in[k].rt);
    }
  radix_sort (keys, order, n, tmp_keys, tmp_vals, r->radix_count);
  memcpy (rt_order, order, n * sizeof (guint));
  /* The sort keys are done with: their room holds the ranks. */
  rank = (guint32 *) (gpointer) keys;
  for (guint k = 0; k < n; k++)
    {
      if (k + PREFETCH_AHEAD < n)
        __builtin_prefetch (&in[order[k + PREFETCH_AHEAD]]);
      rank[k] = group_rank[in[order[k]].name];
    }
  counting_sort (rank, rt_order, order, n, n_group_ranks);
  gw_profile_mark ("prepare: sorts");

  r->x = gw_arena_take (r->arena, sizeof (double) * n);
  r->y = gw_arena_take (r->arena, sizeof (double) * n);
  r->pos_of_row = gw_arena_take (r->arena, sizeof (guint) * n_rows);
  /* Region B last: gw_robust_populate_start() maps the arena from the
   * front, and region A is written first. */
  r->scratch.base = gw_arena_take (r->arena, size_b);
  r->scratch.size = size_b;
  r->scratch.used = 0;
  r->groups = g_new0 (Group, MAX (n_tgroups, 1));
  r->n_groups = 0;

  /* Gather by position; groups are contiguous runs. */
  for (guint k = 0; k < n; k++)
    {
      const RowIn *ri = &in[order[k]];
      Group *grp;

      if (k + PREFETCH_AHEAD < n)
        {
          __builtin_prefetch (&in[order[k + PREFETCH_AHEAD]]);
          __builtin_prefetch (&in_pos[order[k + PREFETCH_AHEAD]], 1);
        }
      in_pos[order[k]] = k;
      r->row[k] = ri->row;
      r->x[k] = ri->logp;
      r->y[k] = ri->rt;
      r->anchor[k] = ri->anchor;
      r->sialic[k] = ri->sialic;
      r->cer[k] = (guint32) group_key[ri->name];
      r->family[k] = group_family[ri->group];

      if (k == 0 || ri->group != r->groups[r->n_groups - 1].table_group)
        {
          grp = &r->groups[r->n_groups++];
          grp->start = k;
          grp->table_group = ri->group;
          grp->category = group_category[ri->group];
          grp->model_index = -1;
        }
      grp = &r->groups[r->n_groups - 1];
      grp->end = k + 1;
      grp->n_anchors += ri->anchor;
    }

  /* The copies are in file order, so the table row → position map is
   * one sequential pass, where writing it in the gather above missed the
   * cache on every row (and its prefetch had to wait for one). */
  for (guint i = 0, j = 0; i < n_rows; i++)
    {
      if (j < n && in[j].row == i)
        r->pos_of_row[i] = in_pos[j++];
      else
        r->pos_of_row[i] = G_MAXUINT;
    }

  /* (ceramide, family, RT) for the fragment search: the positions in RT
   * order, then a stable counting sort by the rank of the (ceramide,
   * family) key. */
  for (guint k = 0; k < n; k++)
    {
      if (k + PREFETCH_AHEAD < n)
        {
          __builtin_prefetch (&in[rt_order[k + PREFETCH_AHEAD]]);
          __builtin_prefetch (&in_pos[rt_order[k + PREFETCH_AHEAD]]);
        }
      tmp_vals[k] = in_pos[rt_order[k]];
      rank[k] = frag_rank[in[rt_order[k]].name];
    }
  counting_sort (rank, tmp_vals, r->frag_order, n, n_frag_ranks);
  gw_profile_mark ("prepare: gather");

  /* The row copies and sort keys are done with: the fits' arrays take
   * the row copies' place, whose pages are mapped now, and stay inside
   * the six fitted columns (robust_columns_lend()).  The rest of the
   * run's columns is initialised later, before robust_rows() first
   * writes there (robust_init_rest()), so that the populate thread has
   * time to map its tail.  Region B is still free for the later
   * steps. */
  r->cols.used = front_end;
  r->w = gw_arena_take0 (&r->cols, sizeof (double) * n);
  r->resid = gw_arena_take (&r->cols, sizeof (double) * n);
  r->fit = gw_arena_take0 (&r->cols, n);
  r->fragcand = gw_arena_take0 (&r->cols, n);
  g_assert (!r->fitted_pending || r->cols.used <= gw_run_columns_fitted_size (r->run));
  r->scratch.used = 0;
}

/* The columns after the six fitted ones, which robust_prepare() used as
 * scratch: nothing reads or writes them before robust_rows(). */
static void
robust_init_rest (Robust *r)
{
  if (!r->rest_pending)
    return;

  gw_run_init_rows_rest (r->run, 0, r->run->n_rows);
  r->rest_pending = FALSE;
}

/* The six fitted columns, when robust_scatter() did not write them
 * (cancelled, or no valid rows): their initial values over the arrays
 * that lived there. */
static void
robust_init_fitted (Robust *r)
{
  if (!r->fitted_pending)
    return;

  gw_run_init_rows_fitted (r->run, 0, r->run->n_rows);
  r->fitted_pending = FALSE;
}

static inline gboolean
same_bucket (Robust *r,
             guint   pa,
             guint   pb)
{
  return r->cer[pa] == r->cer[pb] && r->family[pa] == r->family[pb];
}

/* Step 2: fragment candidates, by a sliding window over each bucket that
 * counts the sialic values inside ±rt_tolerance.  O(n). */
static void
robust_mark_fragment_candidates (Robust *r)
{
  double tol = r->params->rt_tolerance + 1e-9;
  guint n = r->n;

  for (guint b0 = 0; b0 < n; )
    {
      guint b1 = b0 + 1, lo, hi;
      guint count[8] = { 0 };

      while (b1 < n && same_bucket (r, r->frag_order[b0], r->frag_order[b1]))
        b1++;

      lo = hi = b0;
      for (guint k = b0; k < b1; k++)
        {
          guint pos = r->frag_order[k];
          double t = r->y[pos];

          /* Sialic counts are 0..5 (ANALYSIS.md §2). */
          while (hi < b1 && r->y[r->frag_order[hi]] <= t + tol)
            {
              count[r->sialic[r->frag_order[hi]] & 7]++;
              hi++;
            }
          while (r->y[r->frag_order[lo]] < t - tol)
            {
              count[r->sialic[r->frag_order[lo]] & 7]--;
              lo++;
            }

          for (guint s = r->sialic[pos] + 1; s < 8; s++)
            if (count[s] > 0)
              {
                r->fragcand[pos] = 1;
                break;
              }
        }

      b0 = b1;
    }
}

/* Gathers the fit set of @grp into the dense scratch arrays; returns the
 * count and fills @map with positions. */
static guint
gather_fit (Robust  *r,
            Group   *grp,
            Scratch *sc,
            guint   *map)
{
  guint m = 0;

  for (guint k = grp->start; k < grp->end; k++)
    {
      if (!r->fit[k])
        continue;
      sc->gx[m] = r->x[k];
      sc->gy[m] = r->y[k];
      sc->gp[m] = r->anchor[k] ? r->params->anchor_weight : 1.0;
      sc->ga[m] = r->anchor[k];
      map[m] = k;
      m++;
    }

  return m;
}

/* Fits @grp's line over its fit set, then drops second peaks of the same
 * name (farther from the line, at least isomer_window_min away) from the
 * fit set and refits.  Fills grp->a/b and the weights r->w. */
static void
fit_group (Robust  *r,
           Group   *grp,
           gboolean fixed_slope,
           double   slope,
           double   extra_slope,
           Scratch *sc,
           guint   *map)
{
  guint n = grp->end - grp->start;
  guint m, n_cand = 0;
  double a = 0, b = slope;
  gboolean dropped = FALSE;

  double scale;

  /* Fit set: not a fragment candidate.  In-source loss is common, so
   * candidates can outnumber the group's own rows; they are kept out as
   * long as two rows remain to fit. */
  for (guint k = grp->start; k < grp->end; k++)
    n_cand += r->fragcand[k];
  for (guint k = grp->start; k < grp->end; k++)
    r->fit[k] = n - n_cand >= 2 ? !r->fragcand[k] : 1;
  for (guint k = grp->start; k < grp->end; k++)
    r->w[k] = 0;

  m = gather_fit (r, grp, sc, map);
  g_assert (m > 0);
  scale = fit_line (sc->gx, sc->gy, sc->gp, sc->ga, m, fixed_slope, extra_slope,
                    &a, &b, sc->gw, &grp->start_mad, sc);

  /* Same-name clusters are contiguous and sorted by RT. */
  for (guint c0 = grp->start; c0 < grp->end; )
    {
      guint c1 = c0 + 1, primary = G_MAXUINT;
      double best = INFINITY;

      while (c1 < grp->end && r->cer[c1] == r->cer[c0])
        c1++;

      if (c1 - c0 >= 2)
        {
          for (guint k = c0; k < c1; k++)
            {
              double d = fabs (r->y[k] - a - b * r->x[k]);

              if (r->fit[k] && d < best)
                {
                  best = d;
                  primary = k;
                }
            }

          if (primary != G_MAXUINT)
            for (guint k = c0; k < c1; k++)
              if (k != primary && r->fit[k] &&
                  fabs (r->y[k] - r->y[primary]) >= r->params->isomer_window_min)
                {
                  r->fit[k] = 0;
                  dropped = TRUE;
                }
        }

      c0 = c1;
    }

  if (dropped)
    {
      m = gather_fit (r, grp, sc, map);
      if (m >= 1)
        irls (sc->gx, sc->gy, sc->gp, m, fixed_slope, m > START_SUBSAMPLE ? scale : NAN,
              &a, &b, sc->gw, sc->a, sc->b);
    }

  grp->a = a;
  grp->b = b;
  grp->n_fit = m;
  for (guint j = 0; j < m; j++)
    r->w[map[j]] = sc->gw[j];
}

static gboolean
group_well_determined (Robust *r,
                       Group  *grp)
{
  double lo = INFINITY, hi = -INFINITY;
  guint m = 0;

  for (guint k = grp->start; k < grp->end; k++)
    if (r->fit[k])
      {
        lo = MIN (lo, r->x[k]);
        hi = MAX (hi, r->x[k]);
        m++;
      }

  return m >= SLOPE_MIN_ROWS && hi - lo >= SLOPE_MIN_SPAN;
}

/* The statistics of a final fit that the scale, z and model need. */
static void
group_finish_fit (Robust *r,
                  Group  *grp,
                  double *tmp_a,
                  double *tmp_b)
{
  double sw = 0, sx = 0, sy = 0, sxx = 0, ym, sst = 0, sse = 0;
  guint m = 0;

  for (guint k = grp->start; k < grp->end; k++)
    {
      double res = r->y[k] - grp->a - grp->b * r->x[k];

      r->resid[k] = res;
      if (!r->fit[k])
        continue;
      sw += r->w[k];
      sx += r->w[k] * r->x[k];
      sy += r->w[k] * r->y[k];
      tmp_a[m++] = res;
    }

  grp->sw = sw;
  grp->xm = sw > 0 ? sx / sw : 0;
  ym = sw > 0 ? sy / sw : 0;

  for (guint k = grp->start; k < grp->end; k++)
    {
      double dx = r->x[k] - grp->xm;
      double dy = r->y[k] - ym;

      if (!r->fit[k])
        continue;
      sxx += r->w[k] * dx * dx;
      sst += r->w[k] * dy * dy;
      sse += r->w[k] * r->resid[k] * r->resid[k];
    }

  grp->sxx = sxx;
  grp->r2 = sst > 0 ? 1 - sse / sst : NAN;
  grp->rmse = sw > 0 ? sqrt (sse / sw) : NAN;

  {
    guint n_par = grp->level == GW_MODEL_LEVEL_GROUP ? 2 : 1;

    if (m > n_par)
      grp->own_scale = biweight_scale (tmp_a, m, tmp_b) * sqrt ((double) m / (m - n_par));
    else
      grp->own_scale = NAN;
  }
}

/* ---------------------------------------------------------------------- */
/* Parallel per-group work                                                 */

typedef enum
{
  PASS_SLOPES,   /* own-slope fits of the candidate groups */
  PASS_FINAL,    /* final fits with the pooled slope known */
} Pass;

typedef struct
{
  Robust       *r;
  Pass          pass;
  GCancellable *cancellable;
  Scratch       scratch[GW_TASKS_MAX_WORKERS];
} Work;

static double
pooled_slope_for (Robust *r,
                  Group  *grp)
{
  if (r->cat_has_slope[grp->category])
    return r->cat_slope[grp->category];
  return r->all_slope;
}

static void
process_group (Robust  *r,
               Group   *grp,
               Pass     pass,
               Scratch *sc,
               guint   *map)
{
  if (pass == PASS_SLOPES)
    {
      /* Pass 1 decides which groups can have their own slope. */
      fit_group (r, grp, FALSE, 0, NAN, sc, map);
      grp->well_determined = group_well_determined (r, grp);
      return;
    }

  if (grp->well_determined)
    {
      grp->level = GW_MODEL_LEVEL_GROUP;

      /* The pooled slope is one more start.  Pass 1 tried the others on
       * the same rows, so refit only when this one does better. */
      if (r->have_slope)
        {
          guint n = grp->end - grp->start, n_cand = 0, m = 0;
          double slope = pooled_slope_for (r, grp);

          for (guint k = grp->start; k < grp->end; k++)
            n_cand += r->fragcand[k];
          for (guint k = grp->start; k < grp->end; k++)
            if (n - n_cand < 2 || !r->fragcand[k])
              {
                sc->gx[m] = r->x[k];
                sc->gy[m] = r->y[k];
                sc->gp[m] = r->anchor[k] ? r->params->anchor_weight : 1.0;
                m++;
              }

          if (score_start (sc->gx, sc->gy, sc->gp, m, slope, sc) < grp->start_mad - 1e-12)
            fit_group (r, grp, FALSE, 0, slope, sc, map);
        }
    }
  else if (r->have_slope)
    {
      grp->level = GW_MODEL_LEVEL_POOLED_SLOPE;
      grp->slope_var = r->slope_sd * r->slope_sd;
      fit_group (r, grp, TRUE, pooled_slope_for (r, grp), NAN, sc, map);
    }
  else
    {
      grp->level = GW_MODEL_LEVEL_NONE;
      return;
    }

  group_finish_fit (r, grp, sc->a, sc->b);
}

static guint
max_group_size (Robust *r)
{
  guint m = 1;

  for (guint g = 0; g < r->n_groups; g++)
    m = MAX (m, r->groups[g].end - r->groups[g].start);

  return m;
}

static void
work_group_cb (gpointer data,
               guint    group,
               guint    worker)
{
  Work *work = data;
  Scratch *sc = &work->scratch[worker];

  if (g_cancellable_is_cancelled (work->cancellable))
    return;
  process_group (work->r, &work->r->groups[group], work->pass, sc, sc->map);
}

/* Runs @pass over every group.  Each group writes only its own slice of
 * the per-position arrays and its own Group, so the result is the same
 * for any number of threads.  The threads' scratch comes from region B,
 * which is free between robust_prepare() and robust_pool_scale(). */
static void
run_pass (Robust       *r,
          Pass          pass,
          GCancellable *cancellable)
{
  Work work = { r, pass, cancellable, { { 0 } } };
  guint n_threads = gw_tasks_n_workers (r->n_groups, GW_TASKS_MAX_WORKERS);
  guint size = max_group_size (r);

  if (r->n < PARALLEL_MIN_ROWS)
    n_threads = 1;

  r->scratch.used = 0;
  for (guint t = 0; t < n_threads; t++)
    scratch_init (&work.scratch[t], size, &r->scratch);

  gw_tasks_run (r->n_groups, n_threads, work_group_cb, &work);

  for (guint t = 0; t < n_threads; t++)
    scratch_clear (&work.scratch[t]);
  r->scratch.used = 0;
}

/* ---------------------------------------------------------------------- */
/* The tail's passes on all workers                                        */

/* After the fits, the per-group and per-row passes split into contiguous
 * ranges: of groups (each position belongs to one group, and a group's
 * positions are one slice), of fragment buckets, or of table rows.  A task
 * writes only what belongs to its range, and every range is computed as
 * the one-thread loop computes it, so the result does not depend on the
 * number of workers or on which worker runs which range.  A few ranges per
 * worker even out the uneven group sizes (the largest group of a
 * replicated sample holds an eighth of the rows). */
#define TAIL_TASKS_PER_WORKER 4
#define TAIL_MAX_TASKS        (TAIL_TASKS_PER_WORKER * GW_TASKS_MAX_WORKERS)

typedef struct
{
  Robust   *r;
  guint     n_tasks;
  guint     n_workers;
  guint     bound[TAIL_MAX_TASKS + 1];  /* task t covers [bound[t], bound[t + 1]) */
  gboolean  flag[TAIL_MAX_TASKS];       /* per task, for a pass to report */
} TailSplit;

/* Workers for the tail: one below TAIL_PARALLEL_MIN_ROWS rows. */
static guint
tail_n_workers (Robust *r)
{
  if (r->n < TAIL_PARALLEL_MIN_ROWS)
    return 1;
  return gw_tasks_n_workers (TAIL_MAX_TASKS, GW_TASKS_MAX_WORKERS);
}

static void
tail_split_init (TailSplit *sp,
                 Robust    *r,
                 guint      n_items)
{
  memset (sp, 0, sizeof *sp);
  sp->r = r;
  sp->n_workers = tail_n_workers (r);
  sp->n_tasks = sp->n_workers == 1 ? 1 : MIN (sp->n_workers * TAIL_TASKS_PER_WORKER, MAX (n_items, 1));
  sp->n_workers = MIN (sp->n_workers, sp->n_tasks);
}

/* Ranges of table rows (or of any index below @n_items) of equal size. */
static void
tail_split_even (TailSplit *sp,
                 Robust    *r,
                 guint      n_items)
{
  tail_split_init (sp, r, n_items);
  for (guint t = 0; t <= sp->n_tasks; t++)
    sp->bound[t] = (guint) ((guint64) n_items * t / sp->n_tasks);
}

/* Ranges of groups with about as many positions each. */
static void
tail_split_groups (TailSplit *sp,
                   Robust    *r)
{
  guint g = 0;

  tail_split_init (sp, r, r->n_groups);
  for (guint t = 0; t < sp->n_tasks; t++)
    {
      guint64 first = (guint64) r->n * t / sp->n_tasks;

      while (g < r->n_groups && r->groups[g].start < first)
        g++;
      sp->bound[t] = g;
    }
  sp->bound[0] = 0;
  sp->bound[sp->n_tasks] = r->n_groups;
}

/* Ranges of @r->frag_order that start and end on bucket boundaries. */
static void
tail_split_buckets (TailSplit *sp,
                    Robust    *r)
{
  guint j = 0;

  tail_split_init (sp, r, r->n);
  for (guint t = 0; t < sp->n_tasks; t++)
    {
      j = MAX (j, (guint) ((guint64) r->n * t / sp->n_tasks));
      while (j > 0 && j < r->n && same_bucket (r, r->frag_order[j - 1], r->frag_order[j]))
        j++;
      sp->bound[t] = j;
    }
  sp->bound[0] = 0;
  sp->bound[sp->n_tasks] = r->n;
}

static void
tail_split_run (TailSplit  *sp,
                GwTaskFunc  func)
{
  gw_tasks_run (sp->n_tasks, sp->n_workers, func, sp);
}

/* ---------------------------------------------------------------------- */
/* Pooled slope and scale                                                  */

static void
robust_pool_slopes (Robust *r)
{
  g_autofree double *all = g_new (double, r->n_groups + 1);
  g_autofree double *cat = g_new (double, r->n_groups + 1);
  g_autofree double *tmp = g_new (double, r->n_groups + 1);
  guint n_all = 0;

  for (guint g = 0; g < r->n_groups; g++)
    if (r->groups[g].well_determined)
      all[n_all++] = r->groups[g].b;

  r->have_slope = n_all > 0;
  if (!r->have_slope)
    return;

  memcpy (tmp, all, n_all * sizeof (double));
  r->all_slope = median_inplace (tmp, n_all);

  /* The spread of true slopes between groups is what a borrowed slope is
   * uncertain by. */
  if (n_all >= 3)
    r->slope_sd = MAX (mad_scale (all, n_all, tmp), MIN_SLOPE_SD);
  else
    r->slope_sd = DEFAULT_SLOPE_SD;

  for (guint c = 0; c < GW_N_CATEGORIES; c++)
    {
      guint n_cat = 0;

      for (guint g = 0; g < r->n_groups; g++)
        if (r->groups[g].well_determined && r->groups[g].category == c)
          cat[n_cat++] = r->groups[g].b;

      /* One group is not a centre: it needs a second opinion. */
      r->cat_has_slope[c] = n_cat >= 2;
      if (n_cat >= 2)
        r->cat_slope[c] = median_inplace (cat, n_cat);
    }
}

/* Order statistics of all residuals on all workers.  The pooled scale
 * takes two medians over every fitted row, and a quickselect is a chain
 * of passes that each depend on the last.  Instead, a value's bits,
 * flipped so that they sort as the value does, go into histograms on all
 * workers: the top PAR_BITS bits, then the next PAR_BITS of the values
 * in the bin that holds the k-th; the few values in that final bin are
 * gathered and selected.  A median is a value, not an arrangement, so
 * this finds exactly what median_inplace() finds, for any number of
 * workers. */
#define PAR_BITS  11
#define PAR_BINS  (1u << PAR_BITS)
#define PAR_SHIFT1 (64 - PAR_BITS)
#define PAR_SHIFT2 (64 - 2 * PAR_BITS)

typedef struct
{
  const double *v;
  guint         n;
  double        center;     /* with @use_abs: the values are |v − center| */
  gboolean      use_abs;
  guint         n_tasks;
  guint         stage;      /* 1, 2: histograms; 3: gather */
  guint64       prefix;     /* stage 2: top bits; stage 3: both levels */
  guint32      *hist;       /* PAR_BINS per task */
  guint         bad[GW_TASKS_MAX_WORKERS];       /* non-finite values */
  guint         offset[GW_TASKS_MAX_WORKERS];    /* stage 3: where to gather */
  guint64       max_below[GW_TASKS_MAX_WORKERS]; /* stage 3: largest key below the bin, + 1 */
  double       *buf;
} ParSelect;

static inline guint64
par_key (const ParSelect *ps,
         guint            i)
{
  double d = ps->use_abs ? fabs (ps->v[i] - ps->center) : ps->v[i];
  guint64 u;

  memcpy (&u, &d, sizeof u);
  return (u >> 63) ? ~u : u | G_GUINT64_CONSTANT (0x8000000000000000);
}

static inline double
par_value (guint64 key)
{
  guint64 u = (key >> 63) ? key & G_GUINT64_CONSTANT (0x7fffffffffffffff) : ~key;
  double d;

  memcpy (&d, &u, sizeof d);
  return d;
}

static void
par_select_task_cb (gpointer data,
                    guint    task,
                    guint    worker)
{
  ParSelect *ps = data;
  guint i0 = (guint) ((guint64) ps->n * task / ps->n_tasks);
  guint i1 = (guint) ((guint64) ps->n * (task + 1) / ps->n_tasks);
  guint32 *hist = ps->hist + (gsize) task * PAR_BINS;

  if (ps->stage == 1)
    {
      guint bad = 0;

      memset (hist, 0, PAR_BINS * sizeof (guint32));
      for (guint i = i0; i < i1; i++)
        {
          double d = ps->use_abs ? fabs (ps->v[i] - ps->center) : ps->v[i];

          bad += !isfinite (d);
          hist[par_key (ps, i) >> PAR_SHIFT1]++;
        }
      ps->bad[task] = bad;
    }
  else if (ps->stage == 2)
    {
      memset (hist, 0, PAR_BINS * sizeof (guint32));
      for (guint i = i0; i < i1; i++)
        {
          guint64 key = par_key (ps, i);

          if ((key >> PAR_SHIFT1) == ps->prefix)
            hist[(key >> PAR_SHIFT2) & (PAR_BINS - 1)]++;
        }
    }
  else
    {
      double *out = ps->buf + ps->offset[task];
      guint64 max_below = 0;

      for (guint i = i0; i < i1; i++)
        {
          guint64 key = par_key (ps, i);
          guint64 top = key >> PAR_SHIFT2;

          if (top == ps->prefix)
            *out++ = par_value (key);
          else if (top < ps->prefix && key + 1 > max_below)
            max_below = key + 1;
        }
      ps->max_below[task] = max_below;
    }
}

/* Finds the bin of the @k-th value in the per-task histograms; returns the
 * bin and sets @below to the count of values in lower bins. */
static guint
par_find_bin (ParSelect *ps,
              guint      k,
              guint     *below)
{
  guint cum = 0;

  for (guint b = 0; b < PAR_BINS; b++)
    {
      guint c = 0;

      for (guint t = 0; t < ps->n_tasks; t++)
        c += ps->hist[(gsize) t * PAR_BINS + b];
      if (k < cum + c)
        {
          *below = cum;
          return b;
        }
      cum += c;
    }
  g_assert_not_reached ();
}

/* The median of the @n values @v (or of |@v − @center| with @use_abs), as
 * median_inplace() computes it, on @n_workers; @buf has room for @n.
 * Returns FALSE, leaving @median alone, when a value is not finite: then
 * only the one-thread order is defined. */
static gboolean
par_median (const double *v,
            guint         n,
            double        center,
            gboolean      use_abs,
            double       *buf,
            guint         n_workers,
            double       *median)
{
  g_autofree guint32 *hist = g_new (guint32, (gsize) n_workers * PAR_BINS);
  ParSelect ps = { v, n, center, use_abs, n_workers, 1, 0, hist, { 0 }, { 0 }, { 0 }, buf };
  guint k = n / 2, below1, below2, b1, b2, m, at;
  guint64 max_below = 0;
  double upper, lower;

  g_assert (n > 0);

  gw_tasks_run (ps.n_tasks, n_workers, par_select_task_cb, &ps);
  for (guint t = 0; t < ps.n_tasks; t++)
    if (ps.bad[t] > 0)
      return FALSE;
  b1 = par_find_bin (&ps, k, &below1);

  ps.stage = 2;
  ps.prefix = b1;
  gw_tasks_run (ps.n_tasks, n_workers, par_select_task_cb, &ps);
  b2 = par_find_bin (&ps, k - below1, &below2);
  below2 += below1;

  ps.stage = 3;
  ps.prefix = ((guint64) b1 << PAR_BITS) | b2;
  m = 0;
  for (guint t = 0; t < ps.n_tasks; t++)
    {
      ps.offset[t] = m;
      m += hist[(gsize) t * PAR_BINS + b2];
    }
  gw_tasks_run (ps.n_tasks, n_workers, par_select_task_cb, &ps);
  for (guint t = 0; t < ps.n_tasks; t++)
    max_below = MAX (max_below, ps.max_below[t]);

  at = k - below2;
  upper = select_kth (buf, m, at);
  if (n % 2 == 1)
    {
      *median = upper;
      return TRUE;
    }

  /* The value before the k-th: in the bin, below it after the selection,
   * or the largest value of the lower bins. */
  if (at > 0)
    {
      lower = buf[0];
      for (guint i = 1; i < at; i++)
        lower = MAX (lower, buf[i]);
    }
  else
    {
      g_assert (max_below > 0);
      lower = par_value (max_below - 1);
    }

  *median = 0.5 * (lower + upper);
  return TRUE;
}

double
gw_robust_median (const double *v,
                  guint         n,
                  double        center,
                  gboolean      use_abs,
                  guint         n_workers,
                  double       *buf)
{
  double median;

  g_return_val_if_fail (n > 0, NAN);

  if (n_workers > 1 && par_median (v, n, center, use_abs, buf, n_workers, &median))
    return median;

  for (guint i = 0; i < n; i++)
    buf[i] = use_abs ? fabs (v[i] - center) : v[i];
  return median_inplace (buf, n);
}

/* biweight_scale() with its two medians on @n_workers. */
static double
biweight_scale_par (const double *r,
                    guint         n,
                    double       *tmp,
                    guint         n_workers)
{
  double med, mad;

  if (n < 2 || n_workers < 2 ||
      !par_median (r, n, 0, FALSE, tmp, n_workers, &med) ||
      !par_median (r, n, med, TRUE, tmp, n_workers, &mad))
    return biweight_scale (r, n, tmp);

  return biweight_finish (r, n, med, mad);
}

static void
robust_pool_scale (Robust *r)
{
  double *res, *tmp;
  guint m = 0, n_par = 0;
  guint n_workers = tail_n_workers (r);

  r->scratch.used = 0;
  res = gw_arena_take (&r->scratch, sizeof (double) * r->n);
  tmp = gw_arena_take (&r->scratch, sizeof (double) * r->n);

  for (int pass = 0; pass < 2 && m <= n_par; pass++)
    {
      m = 0;
      n_par = 0;
      for (guint g = 0; g < r->n_groups; g++)
        {
          Group *grp = &r->groups[g];
          gboolean use;

          if (grp->level == GW_MODEL_LEVEL_NONE)
            continue;
          /* First choice: groups that estimate their own line and scale;
           * fallback: every fitted group with a few rows. */
          use = pass == 0
            ? grp->level == GW_MODEL_LEVEL_GROUP && grp->n_fit >= GROUP_SCALE_MIN_ROWS
            : grp->n_fit >= INSUFFICIENT_MIN_ROWS;
          if (!use)
            continue;

          for (guint k = grp->start; k < grp->end; k++)
            if (r->fit[k])
              res[m++] = r->resid[k];
          n_par += grp->level == GW_MODEL_LEVEL_GROUP ? 2 : 1;
        }
    }

  if (m > n_par)
    r->pooled_scale = MAX (biweight_scale_par (res, m, tmp, n_workers) * sqrt ((double) m / (m - n_par)), MIN_SCALE);
  else
    r->pooled_scale = NAN;

  for (guint g = 0; g < r->n_groups; g++)
    {
      Group *grp = &r->groups[g];
      guint n_par_g = grp->level == GW_MODEL_LEVEL_GROUP ? 2 : 1;

      if (grp->level == GW_MODEL_LEVEL_NONE)
        continue;

      if (grp->n_fit >= GROUP_SCALE_MIN_ROWS && isfinite (grp->own_scale) &&
          isfinite (r->pooled_scale))
        {
          /* Moderated scale (Smyth 2004): the group's own estimate with
           * d = n − p degrees of freedom, shrunk toward the pooled one
           * with SCALE_PRIOR_DOF. */
          double d = grp->n_fit - n_par_g;
          double s0 = r->pooled_scale, sg = grp->own_scale;

          grp->s = sqrt ((SCALE_PRIOR_DOF * s0 * s0 + d * sg * sg) / (SCALE_PRIOR_DOF + d));
        }
      else if (grp->n_fit >= GROUP_SCALE_MIN_ROWS && isfinite (grp->own_scale))
        grp->s = grp->own_scale;
      else
        grp->s = r->pooled_scale;

      if (isfinite (grp->s))
        grp->s = MAX (grp->s, MIN_SCALE);
    }
}

/* ---------------------------------------------------------------------- */
/* Rows                                                                    */

static const char *
fmt_num (char   *buf,
         gsize   len,
         double  v,
         int     decimals)
{
  GwReasonBuf rb;

  rb.len = 0;
  gw_reason_buf_num (&rb, v, decimals);
  g_strlcpy (buf, gw_reason_buf_finish (&rb), len);

  return buf;
}

static double
confidence_for (Robust *r,
                Group  *grp,
                double  z)
{
  double t = r->params->outlier_threshold;
  double q, u;

  q = grp->level == GW_MODEL_LEVEL_GROUP ? 1.0 : LEVEL_FACTOR_POOLED;
  q *= (double) grp->n_fit / (grp->n_fit + 2.0);
  q *= grp->n_anchors > 0 ? 1.0 : NO_ANCHOR_FACTOR;
  q *= 0.5 + 0.5 * (isfinite (grp->r2) ? CLAMP (grp->r2, 0.0, 1.0) : 0.0);

  u = fabs (z) / t;

  return q / (1 + u * u * u * u);
}

/* Scores the groups in [@g0, @g1): their positions' Out, reasons and
 * warnings, and their models' consensus. */
static void
robust_rows_range (Robust *r,
                   guint   g0,
                   guint   g1)
{
  GwRun *run = r->run;
  double t = r->params->outlier_threshold;

  for (guint g = g0; g < g1; g++)
    {
      Group *grp = &r->groups[g];
      const char *gname = gw_table_get_group_name (r->table, grp->table_group);
      guint n_rows = grp->end - grp->start;
      gboolean too_few = n_rows < INSUFFICIENT_MIN_ROWS && grp->n_anchors == 0;
      guint n_fit_scored = 0, n_fit_ok = 0;

      for (guint k = grp->start; k < grp->end; k++)
        {
          guint row = r->row[k];
          Out *o = &r->out[k];
          double pred, res, v_int, v_slope, h, z, sd_pi;

          double x = r->x[k];

          o->z = o->sd_pi = NAN;
          o->conf = 0;
          o->model_index = grp->model_index;
          o->level = grp->level;

          if (grp->level == GW_MODEL_LEVEL_NONE || !isfinite (grp->s))
            {
              o->status = GW_STATUS_INSUFFICIENT;
              o->level = GW_MODEL_LEVEL_NONE;
              r->x[k] = NAN;
              gw_run_set_reason_printf (run, row,
                                        "no group has the Log P spread to estimate a slope, so %s has no line: cannot check",
                                        gname);
              continue;
            }

          pred = grp->a + grp->b * x;
          res = r->y[k] - pred;
          /* Log P is done with: its slot keeps the prediction, and
           * robust_scatter() takes the residual from it again. */
          r->x[k] = pred;

          /* Parameter variance in units of s²: intercept, then slope. */
          v_int = 1.0 / grp->sw;
          if (grp->level == GW_MODEL_LEVEL_GROUP)
            v_slope = grp->sxx > 0 ? (x - grp->xm) * (x - grp->xm) / grp->sxx : 0;
          else
            v_slope = (x - grp->xm) * (x - grp->xm) * grp->slope_var / (grp->s * grp->s);

          if (grp->level == GW_MODEL_LEVEL_GROUP)
            h = r->w[k] * (v_int + v_slope);
          else
            h = r->w[k] * v_int;

          sd_pi = grp->s * sqrt (1 + v_int + v_slope);

          o->sd_pi = sd_pi;

          if (too_few)
            {
              o->status = GW_STATUS_INSUFFICIENT;
              gw_run_set_reason_printf (run, row,
                                        "only %u %s row%s and no anchor: cannot check",
                                        n_rows, gname, n_rows == 1 ? "" : "s");
              continue;
            }

          if (1 - h < MIN_ONE_MINUS_H)
            {
              o->status = GW_STATUS_INSUFFICIENT;
              gw_run_set_reason_printf (run, row,
                                        "%s alone fixes the %s line: cannot check",
                                        gw_table_get_name (r->table, row), gname);
              continue;
            }

          /* Leave-one-out: the residual against the line fitted without
           * this row, over its standard deviation. */
          if (grp->level == GW_MODEL_LEVEL_GROUP)
            z = (res / (1 - h)) / (grp->s * sqrt (1 + (v_int + v_slope) / (1 - h)));
          else
            z = (res / (1 - h)) / (grp->s * sqrt (1 + v_int / (1 - h) + v_slope));

          o->z = z;
          o->conf = confidence_for (r, grp, z);
          o->status = fabs (z) >= t ? GW_STATUS_OUTLIER : GW_STATUS_VALID;
          if (r->fit[k])
            {
              n_fit_scored++;
              n_fit_ok += o->status == GW_STATUS_VALID;
            }
        }

      /* A robust fit has a 50 % breakdown point: when fewer than half of
       * the rows it was fitted to agree with the line, the line is not a
       * consensus and cannot judge anyone. */
      grp->consensus = n_fit_scored == 0 || 2 * n_fit_ok >= n_fit_scored;
      if (!grp->consensus && grp->model_index >= 0)
        {
          GwModel *model = &g_array_index (run->models, GwModel, grp->model_index);

          model->accepted = FALSE;
          model->warning = gw_run_intern (run, "rows do not agree on one line: no row of this group is judged");
        }

      for (guint k = grp->start; k < grp->end; k++)
        {
          guint row = r->row[k];
          Out *o = &r->out[k];
          if (o->status != GW_STATUS_OUTLIER && o->status != GW_STATUS_VALID)
            continue;

          if (!grp->consensus)
            {
              o->status = GW_STATUS_INSUFFICIENT;
              o->z = NAN;
              o->conf = 0;
              gw_run_set_reason_printf (run, row,
                                        "%s rows do not agree on one line (%u of %u fit it): cannot check",
                                        gname, n_fit_ok, n_fit_scored);
              continue;
            }

          /* The reason follows from the row's columns: it is
           * formatted when asked for (gw-run.c, derive_reason()). */
          if (o->status == GW_STATUS_OUTLIER)
            {
              if (r->anchor[k])
                run->warnings[row] |= GW_ROW_WARNING_ANCHOR_INCONSISTENT;
            }
        }
    }
}

static gboolean
status_checkable (Robust *r,
                  guint   pos)
{
  const Out *o = &r->out[pos];

  return o->status != GW_STATUS_INSUFFICIENT && o->status != GW_STATUS_INVALID &&
         isfinite (o->z);
}

/* Isomers: within a same-name cluster of a head that can have isomers,
 * the peak closest to the line is the first; any other peak between
 * isomer_window_min and isomer_window_max away from it is an isomer. */
static void
robust_isomers_range (Robust *r,
                      guint   g0,
                      guint   g1)
{
  double t = r->params->outlier_threshold;
  double wmin = r->params->isomer_window_min;
  double wmax = r->params->isomer_window_max;

  for (guint g = g0; g < g1; g++)
    {
      Group *grp = &r->groups[g];
      const GwName *name = gw_table_get_parsed_name (r->table, r->row[grp->start]);

      if (!gw_name_can_have_isomers (name) || grp->level == GW_MODEL_LEVEL_NONE)
        continue;

      for (guint c0 = grp->start; c0 < grp->end; )
        {
          guint c1 = c0 + 1, primary = G_MAXUINT;
          double best = INFINITY;

          while (c1 < grp->end && r->cer[c1] == r->cer[c0])
            c1++;

          if (c1 - c0 >= 2)
            {
              for (guint k = c0; k < c1; k++)
                {
                  if (status_checkable (r, k) && fabs (r->out[k].z) < best)
                    {
                      best = fabs (r->out[k].z);
                      primary = k;
                    }
                }

              if (primary != G_MAXUINT && best < t)
                for (guint k = c0; k < c1; k++)
                  {
                    double d = r->y[k] - r->y[primary];

                    if (k == primary || !status_checkable (r, k) ||
                        fabs (d) < wmin || fabs (d) > wmax)
                      continue;

                    r->out[k].status = GW_STATUS_ISOMER;
                    r->run->isomer_of[r->row[k]] = (gint32) r->row[primary];
                  }
            }

          c0 = c1;
        }
    }
}

static void
rows_task_cb (gpointer data,
              guint    task,
              guint    worker)
{
  TailSplit *sp = data;

  robust_rows_range (sp->r, sp->bound[task], sp->bound[task + 1]);
  robust_isomers_range (sp->r, sp->bound[task], sp->bound[task + 1]);
}

/* Scores every row, then finds the isomers: both look only at a row's own
 * group, so each task takes a range of groups through both. */
static void
robust_rows (Robust *r)
{
  TailSplit sp;

  /* Every position is written: groups cover all of them. */
  r->scratch.used = 0;
  r->out = gw_arena_take (&r->scratch, sizeof (Out) * r->n);

  tail_split_groups (&sp, r);
  tail_split_run (&sp, rows_task_cb);
}

/* Fragments: a candidate that lies off its own line (|z| > 2) next to a
 * parent that fits its own line.  Within each (ceramide, family) bucket,
 * the acceptable parents of each sialic count are listed in RT order, and
 * each candidate binary-searches the nearest one: O(n log n) even when
 * thousands of peaks of one name co-elute. */
static gboolean
parent_ok (Robust *r,
           guint   pos)
{
  const Out *o = &r->out[pos];

  if (r->anchor[pos])
    return TRUE;

  return isfinite (o->z) && fabs (o->z) < r->params->outlier_threshold &&
         o->status != GW_STATUS_INSUFFICIENT;
}

/* Finds the parents of the candidates in the buckets that
 * @r->frag_order[@j0 .. @j1) holds, whole buckets only, into
 * @parent_pos; a bucket's parents are listed in its own slice of
 * @level_pos.  Returns whether any candidate has a parent. */
static gboolean
robust_fragments_range (Robust *r,
                        guint   j0,
                        guint   j1,
                        gint32 *parent_pos,
                        guint  *level_pos_all)
{
  double tol = r->params->rt_tolerance + 1e-9;
  gboolean any = FALSE;

  for (guint b0 = j0; b0 < j1; )
    {
      guint b1 = b0 + 1;
      guint level_start[9] = { 0 };
      guint level_fill[8];
      gboolean has_candidate = FALSE;
      /* A bucket has at most b1 − b0 parents. */
      guint *level_pos = level_pos_all + b0;

      while (b1 < j1 && same_bucket (r, r->frag_order[b0], r->frag_order[b1]))
        b1++;

      for (guint j = b0; j < b1; j++)
        {
          guint pos = r->frag_order[j];

          if (r->fragcand[pos])
            has_candidate = TRUE;
        }

      if (has_candidate)
        {
          /* Counting sort of the acceptable parents by sialic count,
           * keeping RT order inside each level. */
          for (guint j = b0; j < b1; j++)
            {
              guint pos = r->frag_order[j];

              if (parent_ok (r, pos))
                level_start[(r->sialic[pos] & 7) + 1]++;
            }
          for (guint l = 1; l <= 8; l++)
            level_start[l] += level_start[l - 1];
          memcpy (level_fill, level_start, sizeof level_fill);
          for (guint j = b0; j < b1; j++)
            {
              guint pos = r->frag_order[j];

              if (parent_ok (r, pos))
                level_pos[level_fill[r->sialic[pos] & 7]++] = pos;
            }

          for (guint j = b0; j < b1; j++)
            {
              guint k = r->frag_order[j];
              double best_d = INFINITY;
              gint64 best = -1;

              if (!r->fragcand[k] || !status_checkable (r, k) ||
                  fabs (r->out[k].z) <= FRAGMENT_MIN_Z)
                continue;

              for (guint l = (r->sialic[k] & 7) + 1; l < 8; l++)
                {
                  guint lo = level_start[l], hi = level_start[l + 1];

                  /* First parent with RT ≥ this row's RT. */
                  while (lo < hi)
                    {
                      guint mid = lo + (hi - lo) / 2;

                      if (r->y[level_pos[mid]] < r->y[k])
                        lo = mid + 1;
                      else
                        hi = mid;
                    }

                  for (guint c = 0; c < 2; c++)
                    {
                      guint at;
                      double d;

                      if (c == 0 && lo < level_start[l + 1])
                        at = lo;
                      else if (c == 1 && lo > level_start[l])
                        at = lo - 1;
                      else
                        continue;

                      d = fabs (r->y[level_pos[at]] - r->y[k]);
                      if (d <= tol && d < best_d)
                        {
                          best_d = d;
                          best = level_pos[at];
                        }
                    }
                }

              if (best >= 0)
                {
                  parent_pos[k] = (gint32) best;
                  /* The parent's share of robust_fragments()' sums; it
                   * is in this bucket, so no other task writes there. */
                  r->resid[best] = 0;
                  any = TRUE;
                }
            }
        }

      b0 = b1;
    }

  return any;
}

static void
fragments_task_cb (gpointer data,
                   guint    task,
                   guint    worker)
{
  TailSplit *sp = data;
  Robust *r = sp->r;
  gint32 *parent_pos = (gint32 *) (gpointer) r->w;

  sp->flag[task] = robust_fragments_range (r, sp->bound[task], sp->bound[task + 1],
                                           parent_pos, (guint *) (parent_pos + r->n));
}

/* Marks the fragments among positions [@k0, @k1). */
static void
robust_fragments_mark_range (Robust *r,
                             guint   k0,
                             guint   k1)
{
  const double *volume = gw_table_get_volume_column (r->table);
  const gint32 *parent_pos = (const gint32 *) (gconstpointer) r->w;
  const double *extra = r->resid;

  for (guint k = k0; k < k1; k++)
    {
      guint q;

      if (parent_pos[k] < 0)
        continue;

      q = (guint) parent_pos[k];
      r->out[k].status = GW_STATUS_FRAGMENT;
      r->run->isomer_of[r->row[k]] = -1;
      r->run->fragment_of[r->row[k]] = (gint32) r->row[q];
      r->run->fragment_parent_volume[r->row[k]] = volume[r->row[q]] + extra[q];

    }
}

static void
fragments_mark_task_cb (gpointer data,
                        guint    task,
                        guint    worker)
{
  TailSplit *sp = data;

  robust_fragments_mark_range (sp->r, sp->bound[task], sp->bound[task + 1]);
}

static void
robust_fragments (Robust *r)
{
  const double *volume = gw_table_get_volume_column (r->table);
  double *extra;
  gint32 *parent_pos;
  gboolean any = FALSE;
  TailSplit sp;

  /* Region B holds the results; the weights and residuals of the fits
   * are done with after robust_rows(), so their pages serve here. */
  G_STATIC_ASSERT (sizeof (gint32) + sizeof (guint) <= sizeof (double));
  parent_pos = (gint32 *) (gpointer) r->w;
  extra = r->resid;

  for (guint k = 0; k < r->n; k++)
    parent_pos[k] = -1;

  /* Every position is in one bucket, so the tasks write disjoint parts
   * of @parent_pos. */
  tail_split_buckets (&sp, r);
  tail_split_run (&sp, fragments_task_cb);
  for (guint t = 0; t < sp.n_tasks; t++)
    any |= sp.flag[t];

  if (!any)
    return;

  /* The parent's consolidated volume adds back what its fragments took,
   * summed in position order (the tasks zeroed the parents' sums). */
  for (guint k = 0; k < r->n; k++)
    if (parent_pos[k] >= 0 && isfinite (volume[r->row[k]]))
      extra[parent_pos[k]] += volume[r->row[k]];

  tail_split_even (&sp, r, r->n);
  tail_split_run (&sp, fragments_mark_task_cb);
}

static void
robust_models (Robust *r)
{
  GwRun *run = r->run;

  for (guint g = 0; g < r->n_groups; g++)
    {
      Group *grp = &r->groups[g];
      GwModel model = { 0 };
      g_autofree char *eq = NULL;
      char b1[32], b2[32];
      double sd_x;

      if (grp->level == GW_MODEL_LEVEL_NONE)
        continue;

      model.group = grp->table_group;
      model.group_name = gw_table_get_group_name (r->table, grp->table_group);
      model.level = grp->level;
      model.accepted = TRUE;
      model.n_rows = grp->end - grp->start;
      model.n_anchors = grp->n_anchors;
      model.n_features = 1;
      model.features[0] = GW_FEATURE_LOGP;
      model.intercept = grp->a;
      model.coef[0] = grp->b;
      sd_x = grp->sw > 0 ? sqrt (grp->sxx / grp->sw) : 0;
      model.coef_std[0] = grp->b * sd_x;
      model.intercept_std = grp->a + grp->b * grp->xm;
      model.r2 = grp->r2;
      model.rmse = grp->rmse;
      model.scale = grp->s;
      model.alpha = NAN;
      model.lambda = NAN;

      /* PRESS: leave-one-out R², free from the leverages. */
      {
        double press = 0, sst = 0, sw = 0, sy = 0, ym;
        guint n_par = grp->level == GW_MODEL_LEVEL_GROUP ? 1 : 0;

        for (guint k = grp->start; k < grp->end; k++)
          if (r->fit[k])
            {
              sw += r->w[k];
              sy += r->w[k] * r->y[k];
            }
        ym = sw > 0 ? sy / sw : 0;
        for (guint k = grp->start; k < grp->end; k++)
          {
            double v, h, e;

            if (!r->fit[k])
              continue;
            v = 1.0 / grp->sw;
            if (grp->level == GW_MODEL_LEVEL_GROUP && grp->sxx > 0)
              v += (r->x[k] - grp->xm) * (r->x[k] - grp->xm) / grp->sxx;
            h = MIN (r->w[k] * v, 1 - MIN_ONE_MINUS_H);
            e = r->resid[k] / (1 - h);
            press += r->w[k] * e * e;
            sst += r->w[k] * (r->y[k] - ym) * (r->y[k] - ym);
          }
        model.cv_r2 = sst > 0 ? 1 - press / sst : NAN;
        if (isfinite (grp->r2) && grp->n_fit > n_par + 1)
          model.adj_r2 = 1 - (1 - grp->r2) * (grp->n_fit - 1) / (double) (grp->n_fit - n_par - 1);
        else
          model.adj_r2 = NAN;
      }

      if (grp->level == GW_MODEL_LEVEL_GROUP)
        eq = g_strdup_printf ("RT = %s %s %s·LogP",
                              fmt_num (b1, sizeof b1, grp->a, 2),
                              grp->b < 0 ? "−" : "+",
                              fmt_num (b2, sizeof b2, fabs (grp->b), 3));
      else
        eq = g_strdup_printf ("RT = %s %s %s·LogP (pooled slope)",
                              fmt_num (b1, sizeof b1, grp->a, 2),
                              grp->b < 0 ? "−" : "+",
                              fmt_num (b2, sizeof b2, fabs (grp->b), 3));
      model.equation = gw_run_intern (run, eq);

      if (grp->level == GW_MODEL_LEVEL_POOLED_SLOPE)
        model.warning = gw_run_intern (run, grp->n_fit < SLOPE_MIN_ROWS
                                       ? "too few rows for an own slope: slope borrowed from similar groups"
                                       : "Log P span under 1.0: slope borrowed from similar groups");

      grp->model_index = (int) run->models->len;
      g_array_append_val (run->models, model);
    }
}

/* Copies the per-position results into the run's columns, in file order:
 * sequential writes, one random read per row.  Every row of the six
 * fitted columns is written, those of rows without a position with the
 * initial values of gw_run_init_rows(): until here, those columns held
 * the preset's arrays (the layout at the top of this file). */
static void
robust_scatter_range (Robust *r,
                      guint   i0,
                      guint   i1)
{
  GwRun *run = r->run;
  double t = r->params->outlier_threshold;

  for (guint i = i0; i < i1; i++)
    {
      guint k = r->pos_of_row[i];
      const Out *o;
      double pred;

      if (i + PREFETCH_AHEAD < run->n_rows && r->pos_of_row[i + PREFETCH_AHEAD] != G_MAXUINT)
        {
          guint ahead = r->pos_of_row[i + PREFETCH_AHEAD];

          __builtin_prefetch (&r->out[ahead]);
          __builtin_prefetch (&r->x[ahead]);
          __builtin_prefetch (&r->y[ahead]);
        }
      if (k == G_MAXUINT)
        {
          gw_run_init_rows_fitted (run, i, i + 1);
          /* Not analysed: the table rejected the row (status INVALID
           * already), or it is valid without a group or a parsed name,
           * which the table never produces, but stay honest if it does. */
          if (run->status[i] == GW_STATUS_VALID)
            {
              run->status[i] = GW_STATUS_INSUFFICIENT;
              run->confidence[i] = 0;
              gw_run_set_reason (run, i, "name has no group: cannot check");
            }
          continue;
        }

      o = &r->out[k];
      pred = r->x[k];
      run->status[i] = o->status;
      run->model_level[i] = o->level;
      run->model_index[i] = o->level == GW_MODEL_LEVEL_NONE ? -1 : o->model_index;
      run->predicted[i] = pred;
      /* As robust_rows() computed it, from the same two doubles. */
      run->residual[i] = r->y[k] - pred;
      run->z[i] = o->z;
      run->pi_low[i] = pred - t * o->sd_pi;
      run->pi_high[i] = pred + t * o->sd_pi;
      run->confidence[i] = o->conf;
    }
}

static void
scatter_task_cb (gpointer data,
                 guint    task,
                 guint    worker)
{
  TailSplit *sp = data;

  robust_scatter_range (sp->r, sp->bound[task], sp->bound[task + 1]);
}

/* Each task copies a range of table rows. */
static void
robust_scatter (Robust *r)
{
  TailSplit sp;

  tail_split_even (&sp, r, r->run->n_rows);
  tail_split_run (&sp, scatter_task_cb);
  /* Every row of the fitted columns is written. */
  r->fitted_pending = FALSE;
}

gboolean
gw_robust_analyze (GwRun          *run,
                   GCancellable   *cancellable,
                   GwProgressFunc  progress,
                   gpointer        progress_data,
                   GError        **error)
{
  Robust r = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  r.run = run;
  r.table = run->table;
  r.params = &run->params;
  run->derived_reasons = TRUE;

  robust_prepare (&r);
  gw_profile_mark ("robust prepare");

  if (r.n == 0)
    {
      g_set_error (error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_NO_VALID_ROWS,
                   "%s: no valid rows to analyse", gw_table_get_display_name (r.table));
      goto out;
    }

  robust_mark_fragment_candidates (&r);
  gw_profile_mark ("fragment candidates");

  if (progress != NULL)
    progress (0.2, "Fitting group slopes", progress_data);
  run_pass (&r, PASS_SLOPES, cancellable);
  gw_profile_mark ("fits: own slopes");
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  robust_pool_slopes (&r);

  if (progress != NULL)
    progress (0.5, "Fitting group lines", progress_data);
  run_pass (&r, PASS_FINAL, cancellable);
  gw_profile_mark ("fits: final");
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  robust_pool_scale (&r);
  robust_models (&r);
  gw_profile_mark ("pooled scale, models");

  if (progress != NULL)
    progress (0.7, "Scoring rows", progress_data);
  robust_init_rest (&r);
  gw_profile_mark ("init columns' rest");
  robust_rows (&r);
  gw_profile_mark ("rows: z, status; isomers");
  robust_fragments (&r);
  gw_profile_mark ("fragments");
  robust_scatter (&r);
  gw_profile_mark ("scatter");

  ok = !g_cancellable_set_error_if_cancelled (cancellable, error);

out:
  /* A run is never left half initialised, even when cancelled. */
  robust_init_rest (&r);
  robust_init_fitted (&r);
  run->columns_scratch = FALSE;
  robust_clear (&r);
  gw_profile_mark ("robust tail, clear");
  return ok;
}
