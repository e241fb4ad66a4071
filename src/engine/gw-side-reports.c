/* gw-side-reports.c: the side reports of ANALYSIS.md §7 (Rules 2–9)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every rule looks at rows that share a ceramide or a whole name, so the
 * rows are first indexed once: sorted by RT (an LSD radix sort on the bits
 * of the double, stable, so equal RTs stay in input order), then bucketed
 * by exact name ("class") and by ceramide with open-addressing hash tables.
 * Each bucket is then a contiguous, RT-sorted slice, and each rule is a
 * linear pass over the slices, with a binary search where a rule needs a
 * row's counterpart.  A million rows take tens of milliseconds.
 *
 * From PARALLEL_MIN_ROWS rows the radix sort, the bucketing and the rules
 * are split into parts that run on the calling thread and pool threads
 * (gw-tasks.h): parts of the rows or of the buckets, each writing only its
 * own rows' fields and its own stretch of each report array, at offsets
 * counted beforehand.  So the output is the same, byte for byte, for any
 * number of parts; rules that would mark the same row run one after the
 * other.
 *
 * Only rows that are valid in the table take part (their names parsed);
 * invalid rows are never paired with anything.  The Rule 1 status does
 * not matter: side reports describe the data, not the model.
 *
 * Choices the specification leaves open, made here:
 * - When several rows could be the base of a modified row (repeated names,
 *   isomers), the base is the one nearest in RT on the expected side (an
 *   earlier one for OAc, which should raise RT), and only when no base
 *   lies on that side, the nearest one on the other side.  A flag then
 *   means that no candidate base explains the row.  Equal RTs: the first
 *   in input order.
 * - Rule 8 compares a row with the same name without one kind of
 *   modification, so GD1+dHex+OAc is checked for OAc against GD1+dHex and
 *   for dHex against GD1+OAc.  For a row with one kind of modification
 *   that base is the unmodified one.  HexNAc has no expected direction in
 *   §7 and is not checked.
 * - Rule 7 is a property of the whole dataset; its inversions are listed
 *   in the run and as run warnings, not on rows.
 * - Rule 9 compares names that differ only in their number of sialic
 *   acids: same ceramide, same neutral core (the digit) and the same
 *   modifications, isomer letter ignored — GM1, GD1a, GT1b and GQ1 at
 *   36:1;O2, say.  Comparing GD1 with GM3, or GT1+OAc with GD1, would mix
 *   in the effect of the other sugars and of the modification, and on the
 *   real sample flags over a third of all rows.  Each row with more sialic
 *   acids is listed once, against the earliest row with fewer (the worst
 *   inversion), which keeps the list linear in the number of rows; both
 *   rows get GW_ROW_WARNING_CATEGORY_INVERSION.
 * - Rule 6 flags every row of a flagged ceramide.
 */

#define G_LOG_DOMAIN "gw-side-reports"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <gsl/gsl_cdf.h>

#include "gw-arena.h"
#include "gw-run-private.h"
#include "gw-tasks.h"

/* After glib.h, which says whether this is G_OS_UNIX. */
#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

/* Rule 4: the expected O-acetylation shift per OAc, in minutes. */
#define OAC_SHIFT_MIN 0.05
#define OAC_SHIFT_MAX 0.5
/* Rule 6 thresholds. */
#define SUGAR_RT_R_MAX 0.3
#define SUGAR_RT_P_MAX 0.1
/* Rule 9 tolerance, in minutes. */
#define CROSS_CATEGORY_TOLERANCE 0.1
/* RTs are read from text with three or four decimals; a difference that is
 * equal to a window in decimal may come out a hair above it in binary. */
#define RT_EPSILON 1e-9

#define NO_ID G_MAXUINT32

/* From this many rows taking part, the index and the rules are split into
 * parts over the processors (gw-tasks.h), at most MAX_PARTS of them; a
 * smaller table takes less time than starting the threads saves.  Every
 * part writes only its own rows and its own stretch of each report array,
 * at offsets counted first, so the result is the same for any number of
 * parts (/engine/side-reports/parts). */
#define PARALLEL_MIN_ROWS 100000
#define MAX_PARTS 4

/* The @part-th of @n_parts near-equal slices [@lo, @hi) of [0, @n). */
static inline void
part_range (guint32  n,
            guint    n_parts,
            guint    part,
            guint32 *lo,
            guint32 *hi)
{
  *lo = (guint32) ((guint64) n * part / n_parts);
  *hi = (guint32) ((guint64) n * (part + 1) / n_parts);
}

G_STATIC_ASSERT (GW_N_MODS == 9);

typedef struct
{
  guint64 a;
  guint64 b;
} Key;

/* The whole name (head, isomer, modifications, ceramide) packed into 128
 * bits: a = C | DB << 16 | OX << 24 | sialic << 32 | f << 40 |
 * isomer << 48 | mods[8] << 56, b = mods[0..7], one byte each. */
static inline Key
name_key (const GwName *name)
{
  Key k;

  k.a = (guint64) name->carbons
      | (guint64) name->db << 16
      | (guint64) name->ox << 24
      | (guint64) name->sialic << 32
      | (guint64) name->f << 40
      | (guint64) (guint8) name->isomer << 48
      | (guint64) name->mods[8] << 56;
  k.b = 0;
  for (guint i = 0; i < 8; i++)
    k.b |= (guint64) name->mods[i] << (8 * i);

  return k;
}

static inline Key
key_without_mod (Key       k,
                 GwModKind mod)
{
  if (mod == 8)
    k.a &= ~((guint64) 0xff << 56);
  else
    k.b &= ~((guint64) 0xff << (8 * mod));
  return k;
}

/* The name without its sialic-acid count and isomer letter (Rule 9). */
static inline Key
core_key (const GwName *name)
{
  Key k = name_key (name);

  k.a &= ~((guint64) 0xff << 32 | (guint64) 0xff << 48);
  return k;
}

static inline Key
ceramide_key (const GwName *name)
{
  Key k;

  k.a = (guint64) name->carbons
      | (guint64) name->db << 16
      | (guint64) name->ox << 24;
  k.b = 0;
  return k;
}

static inline guint64
key_hash (Key k)
{
  /* splitmix64's finaliser over a mix of both words. */
  guint64 z = k.a * 0x9e3779b97f4a7c15ull ^ (k.b + 0x632be59bd9b4e019ull) * 0xbf58476d1ce4e5b9ull;

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* An open-addressing map from Key to a dense id (0, 1, 2, … in order of
 * first insertion).  It starts small and doubles at half load: a table has
 * far fewer distinct names than rows, and fresh memory is not free (each
 * new page is a fault). */
typedef struct
{
  Key     *keys;
  guint32 *ids;
  gsize    mask;
  guint32  n_ids;
} KeyMap;

static void
key_map_alloc (KeyMap *map,
               gsize   cap)
{
  map->keys = g_new (Key, cap);
  map->ids = g_new (guint32, cap);
  memset (map->ids, 0xff, cap * sizeof (guint32));
  map->mask = cap - 1;
}

static void
key_map_init (KeyMap *map)
{
  key_map_alloc (map, 1024);
  map->n_ids = 0;
}

static void
key_map_clear (KeyMap *map)
{
  g_clear_pointer (&map->keys, g_free);
  g_clear_pointer (&map->ids, g_free);
}

static guint32
key_map_lookup (const KeyMap *map,
                Key           k)
{
  gsize i = key_hash (k) & map->mask;

  for (;;)
    {
      if (map->ids[i] == NO_ID)
        return NO_ID;
      if (map->keys[i].a == k.a && map->keys[i].b == k.b)
        return map->ids[i];
      i = (i + 1) & map->mask;
    }
}

static void
key_map_put (KeyMap  *map,
             Key      k,
             guint32  id)
{
  gsize i = key_hash (k) & map->mask;

  while (map->ids[i] != NO_ID)
    i = (i + 1) & map->mask;
  map->keys[i] = k;
  map->ids[i] = id;
}

static void
key_map_grow (KeyMap *map)
{
  Key *old_keys = map->keys;
  guint32 *old_ids = map->ids;
  gsize old_cap = map->mask + 1;

  key_map_alloc (map, old_cap * 2);
  for (gsize i = 0; i < old_cap; i++)
    if (old_ids[i] != NO_ID)
      key_map_put (map, old_keys[i], old_ids[i]);
  g_free (old_keys);
  g_free (old_ids);
}

static guint32
key_map_insert (KeyMap *map,
                Key     k)
{
  gsize i = key_hash (k) & map->mask;

  for (;;)
    {
      if (map->ids[i] == NO_ID)
        break;
      if (map->keys[i].a == k.a && map->keys[i].b == k.b)
        return map->ids[i];
      i = (i + 1) & map->mask;
    }

  if (2 * ((gsize) map->n_ids + 1) > map->mask + 1)
    {
      key_map_grow (map);
      key_map_put (map, k, map->n_ids);
    }
  else
    {
      map->keys[i] = k;
      map->ids[i] = map->n_ids;
    }
  return map->n_ids++;
}

/* Buckets: @n_buckets contiguous slices of @members, each in RT order. */
typedef struct
{
  guint32  n_buckets;
  guint32 *start;      /* n_buckets + 1 offsets into members (g_malloc) */
  guint32 *members;    /* rows */
  double  *rt;         /* their RTs and classes: scans and searches stay in
                        * contiguous slices instead of missing the cache on
                        * every row */
  guint32 *cls;        /* NULL for the class buckets: the bucket is the class */
} Buckets;

/* Takes @b's arrays for @n_buckets buckets of @n_sorted rows in all,
 * with the bucket sizes @count (@n_buckets of them), and sets its offsets.
 * The class buckets (@with_cls FALSE) need no class per row. */
static void
buckets_init (Buckets        *b,
              GwArena        *arena,
              guint32         n_buckets,
              const guint32  *count,
              guint32         n_sorted,
              gboolean        with_cls)
{
  b->n_buckets = n_buckets;
  b->start = g_new (guint32, (gsize) n_buckets + 1);
  b->start[0] = 0;
  for (guint32 i = 0; i < n_buckets; i++)
    b->start[i + 1] = b->start[i] + count[i];
  g_assert (b->start[n_buckets] == n_sorted);
  b->members = gw_arena_take (arena, (gsize) n_sorted * sizeof (guint32));
  b->rt = gw_arena_take (arena, (gsize) n_sorted * sizeof (double));
  b->cls = with_cls ? gw_arena_take (arena, (gsize) n_sorted * sizeof (guint32)) : NULL;
}

static void
buckets_clear (Buckets *b)
{
  g_clear_pointer (&b->start, g_free);
}

/* The first bucket of @b that starts at or after position @pos. */
static guint32
buckets_first_from (const Buckets *b,
                    guint32        pos)
{
  guint32 lo = 0;
  guint32 hi = b->n_buckets;

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (b->start[mid] < pos)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The buckets [@lo, @hi) of the @part-th of @n_parts slices of @b, cut
 * where a bucket starts, with about as many rows each. */
static void
buckets_part (const Buckets *b,
              guint          n_parts,
              guint          part,
              guint32       *lo,
              guint32       *hi)
{
  guint32 row_lo;
  guint32 row_hi;

  part_range (b->start[b->n_buckets], n_parts, part, &row_lo, &row_hi);
  *lo = part == 0 ? 0 : buckets_first_from (b, row_lo);
  *hi = part + 1 == n_parts ? b->n_buckets : buckets_first_from (b, row_hi);
}

typedef struct
{
  guint64 key;
  guint32 row;
} KeyRow;

static int
key_row_compare (gconstpointer a,
                 gconstpointer b)
{
  const KeyRow *x = a;
  const KeyRow *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* Stable-sorts the pairs (@keys[i], @rows[i]) of [@lo, @hi), which
 * share their upper 32 bits, by key; @rows are ascending there (a stable
 * pass kept their input order), so sorting by (key, row) is that stable
 * sort. */
static void
sort_tie_run (guint64 *keys,
              guint32 *rows,
              guint32  lo,
              guint32  hi)
{
  if (hi - lo <= 16)
    {
      /* Insertion sort: stable, and such runs are short. */
      for (guint32 i = lo + 1; i < hi; i++)
        {
          guint64 k = keys[i];
          guint32 r = rows[i];
          guint32 j = i;

          while (j > lo && keys[j - 1] > k)
            {
              keys[j] = keys[j - 1];
              rows[j] = rows[j - 1];
              j--;
            }
          keys[j] = k;
          rows[j] = r;
        }
    }
  else
    {
      g_autofree KeyRow *pairs = g_new (KeyRow, hi - lo);

      for (guint32 i = lo; i < hi; i++)
        {
          pairs[i - lo].key = keys[i];
          pairs[i - lo].row = rows[i];
        }
      qsort (pairs, hi - lo, sizeof (KeyRow), key_row_compare);
      for (guint32 i = lo; i < hi; i++)
        {
          keys[i] = pairs[i - lo].key;
          rows[i] = pairs[i - lo].row;
        }
    }
}

#define RADIX 65536

/* The radix sort split into parts of the rows: each part histograms its
 * slice, its offsets for every digit follow those of the parts before it,
 * and each moves its slice, which is the stable order a single pass gives. */
typedef struct
{
  const double  *rt;
  const guint32 *rows;
  guint64       *keys;
  guint32       *count;     /* per part, both passes' histograms */
  guint32        n;
  guint          n_parts;
  guint          pass;
  const guint64 *ksrc;
  guint64       *kdst;
  const guint32 *src;
  guint32       *dst;
} RadixJob;

/* The keys, and both passes' histograms in the same read. */
static void
radix_keys_cb (gpointer data,
               guint    part,
               guint    worker)
{
  RadixJob *job = data;
  guint32 *count = job->count + (gsize) part * 2 * RADIX;
  guint32 lo;
  guint32 hi;

  part_range (job->n, job->n_parts, part, &lo, &hi);
  memset (count, 0, 2 * RADIX * sizeof (guint32));
  for (guint32 i = lo; i < hi; i++)
    {
      /* Adding 0.0 turns −0 into +0. */
      double v = job->rt[job->rows[i]] + 0.0;
      guint64 k;

      memcpy (&k, &v, sizeof v);
      job->keys[i] = k;
      count[(k >> 32) & 0xffff]++;
      count[RADIX + (k >> 48)]++;
    }
}

/* The second pass's histogram of the part's slice once the first pass
 * has moved the keys. */
static void
radix_count_cb (gpointer data,
                guint    part,
                guint    worker)
{
  RadixJob *job = data;
  guint32 *count = job->count + (gsize) part * 2 * RADIX + RADIX;
  guint32 lo;
  guint32 hi;

  part_range (job->n, job->n_parts, part, &lo, &hi);
  memset (count, 0, RADIX * sizeof (guint32));
  for (guint32 i = lo; i < hi; i++)
    count[job->ksrc[i] >> 48]++;
}

static void
radix_scatter_cb (gpointer data,
                  guint    part,
                  guint    worker)
{
  RadixJob *job = data;
  guint32 *c = job->count + (gsize) part * 2 * RADIX + (gsize) RADIX * job->pass;
  guint shift = 32 + 16 * job->pass;
  const guint64 *ksrc = job->ksrc;
  const guint32 *src = job->src;
  guint64 *kdst = job->kdst;
  guint32 *dst = job->dst;
  guint32 lo;
  guint32 hi;

  part_range (job->n, job->n_parts, part, &lo, &hi);
  for (guint32 i = lo; i < hi; i++)
    {
      guint32 pos = c[(ksrc[i] >> shift) & 0xffff]++;

      kdst[pos] = ksrc[i];
      dst[pos] = src[i];
    }
}

/* Sorts @rows (ascending) by @rt (all finite and ≥ 0, so the IEEE bit
 * patterns sort like the values), stably, and writes the bits of their
 * RTs in that order to @sorted_key.  An LSD radix sort on the upper 32 bits of the
 * double only (sign, exponent and 20 bits of mantissa: two passes of 16
 * bits instead of four), which tells apart any two RTs of a peak table
 * (they differ by at least 1e-4 min, the upper bits by 8e-6 at 10 min);
 * runs that share the upper bits but not the lower are then sorted
 * exactly, so the result is that of a full sort for any input.  Passes in
 * which every key has the same digit are skipped.  @n_parts parts of the
 * rows go to as many workers. */
static void
radix_sort_by_rt (GwArena      *arena,
                  guint32      *rows,
                  guint32       n,
                  const double *rt,
                  guint64      *sorted_key,
                  guint         n_parts)
{
  gsize mark = arena->used;
  guint64 *keys_a = sorted_key;
  guint64 *keys_b = gw_arena_take (arena, (gsize) n * sizeof (guint64));
  guint32 *rows_b = gw_arena_take (arena, (gsize) n * sizeof (guint32));
  RadixJob job = { 0 };
  guint64 *ksrc = keys_a;
  guint64 *kdst = keys_b;
  guint32 *src = rows;
  guint32 *dst = rows_b;

  job.rt = rt;
  job.rows = rows;
  job.keys = keys_a;
  job.n = n;
  job.n_parts = n_parts;
  job.count = gw_arena_take (arena, (gsize) n_parts * 2 * RADIX * sizeof (guint32));
  gw_tasks_run (n_parts, n_parts, radix_keys_cb, &job);

  for (guint pass = 0; pass < 2; pass++)
    {
      guint32 sum = 0;
      gboolean trivial = FALSE;

      /* The parts' histograms of the first read hold for this pass only
       * if nothing moved since. */
      if (ksrc != keys_a && n_parts > 1)
        {
          job.ksrc = ksrc;
          gw_tasks_run (n_parts, n_parts, radix_count_cb, &job);
        }

      for (guint32 d = 0; d < RADIX; d++)
        {
          guint32 total = 0;

          for (guint p = 0; p < n_parts; p++)
            {
              guint32 *c = job.count + (gsize) p * 2 * RADIX + (gsize) RADIX * pass;
              guint32 x = c[d];

              c[d] = sum;
              sum += x;
              total += x;
            }
          if (total == n)
            trivial = TRUE;
        }
      if (trivial)
        continue;

      job.pass = pass;
      job.ksrc = ksrc;
      job.kdst = kdst;
      job.src = src;
      job.dst = dst;
      gw_tasks_run (n_parts, n_parts, radix_scatter_cb, &job);

      {
        guint64 *tk = ksrc;
        guint32 *tr = src;

        ksrc = kdst;
        kdst = tk;
        src = dst;
        dst = tr;
      }
    }

  if (src != rows)
    memcpy (rows, src, (gsize) n * sizeof (guint32));
  if (ksrc != keys_a)
    memcpy (keys_a, ksrc, (gsize) n * sizeof (guint64));

  /* Runs with equal upper bits are in input order; where their lower
   * bits are not ascending too, sort them exactly. */
  for (guint32 i = 1; i < n; i++)
    if (keys_a[i] < keys_a[i - 1] && (keys_a[i] >> 32) == (keys_a[i - 1] >> 32))
      {
        guint32 lo = i - 1;
        guint32 hi = i + 1;

        while (lo > 0 && (keys_a[lo - 1] >> 32) == (keys_a[i] >> 32))
          lo--;
        while (hi < n && (keys_a[hi] >> 32) == (keys_a[i] >> 32))
          hi++;
        sort_tie_run (keys_a, rows, lo, hi);
        i = hi - 1;
      }

  gw_arena_release (arena, mark);
}

typedef struct
{
  GwRun         *run;
  GwTable       *table;
  GwArena       *arena;             /* every per-row array below */
  guint32       *warnings;          /* where the row warning bits go */
  const double  *rt;
  const double  *volume;
  guint32        n_rows;
  guint          n_parts;           /* for the index and the rules */

  /* Rows taking part, in RT order (while the index is built). */
  guint32       *sorted;
  guint32        n_sorted;
  /* Scratch no longer needed once the index is built: Rules 4 and 8
   * take theirs from there. */
  guint8        *spare;
  gsize          spare_size;

  /* A class is one exact name (head, isomer, modifications, ceramide). */
  KeyMap         classes;
  guint32       *class_of_row;      /* NO_ID for rows not taking part */
  Buckets        class_rows;

  const GwName **class_name;        /* the parsed name of each class */
  guint8        *class_sialic;
  guint8        *class_sugars;

  Buckets        ceramide_rows;     /* same ceramide */
  Buckets        core_rows;         /* same name but for sialic acids and isomer */
  guint32       *ceramide_of_core;
} Index;

static inline const GwName *
row_name (Index  *ix,
          guint32 row)
{
  return gw_table_get_parsed_name (ix->table, row);
}

/* The three bucketings of the rows in RT order, split into parts of
 * those rows: each part's place in every bucket follows the rows of the
 * parts before it, so each bucket stays in RT order. */
typedef struct
{
  Index          *ix;
  const guint32  *sorted;
  const guint32  *sorted_cls;
  const guint64  *sorted_key;
  const guint32  *ceramide_of_class;
  const guint32  *core_of_class;
  guint32        *fill;         /* per part: its next position in each
                                 * class, ceramide and core bucket */
  gsize           fill_stride;
  guint32         n_classes;
  guint32         n_ceramides;
} BucketsJob;

static void
buckets_scatter_cb (gpointer data,
                    guint    part,
                    guint    worker)
{
  BucketsJob *job = data;
  Buckets *cl = &job->ix->class_rows;
  Buckets *ce = &job->ix->ceramide_rows;
  Buckets *co = &job->ix->core_rows;
  guint32 *fill_class = job->fill + part * job->fill_stride;
  guint32 *fill_ceramide = fill_class + job->n_classes;
  guint32 *fill_core = fill_ceramide + job->n_ceramides;
  guint32 lo;
  guint32 hi;

  part_range (job->ix->n_sorted, job->ix->n_parts, part, &lo, &hi);
  for (guint32 i = lo; i < hi; i++)
    {
      guint32 row = job->sorted[i];
      guint32 c = job->sorted_cls[i];
      guint32 p1 = fill_class[c]++;
      guint32 p2 = fill_ceramide[job->ceramide_of_class[c]]++;
      guint32 p3 = fill_core[job->core_of_class[c]]++;
      double r;

      memcpy (&r, &job->sorted_key[i], sizeof r);
      cl->members[p1] = row;
      cl->rt[p1] = r;
      ce->members[p2] = row;
      ce->rt[p2] = r;
      ce->cls[p2] = c;
      co->members[p3] = row;
      co->rt[p3] = r;
      co->cls[p3] = c;
    }
}

/* The three bucketings of @sorted (rows in RT order, @sorted_key the bits
 * of their RTs, @sorted_cls their classes) in one counting-sort scatter:
 * by class, by @ceramide_of_class and by @core_of_class.  Stable, so each
 * bucket stays in RT order.  The bucket sizes follow from @class_count,
 * and with several parts (ix->n_parts) each part's from @part_count, its
 * rows per class. */
static void
buckets_build (Index          *ix,
               const guint32  *class_count,
               const guint32  *part_count,
               guint32         n_classes,
               const guint32  *ceramide_of_class,
               guint32         n_ceramides,
               const guint32  *core_of_class,
               guint32         n_cores,
               const guint32  *sorted,
               const guint32  *sorted_cls,
               const guint64  *sorted_key,
               guint32         n_sorted)
{
  g_autofree guint32 *ceramide_count = g_new0 (guint32, MAX (n_ceramides, 1));
  g_autofree guint32 *core_count = g_new0 (guint32, MAX (n_cores, 1));
  g_autofree guint32 *fill = NULL;
  Buckets *cl = &ix->class_rows;
  Buckets *ce = &ix->ceramide_rows;
  Buckets *co = &ix->core_rows;
  BucketsJob job = { 0 };

  for (guint32 c = 0; c < n_classes; c++)
    {
      ceramide_count[ceramide_of_class[c]] += class_count[c];
      core_count[core_of_class[c]] += class_count[c];
    }
  buckets_init (cl, ix->arena, n_classes, class_count, n_sorted, FALSE);
  buckets_init (ce, ix->arena, n_ceramides, ceramide_count, n_sorted, TRUE);
  buckets_init (co, ix->arena, n_cores, core_count, n_sorted, TRUE);

  job.ix = ix;
  job.sorted = sorted;
  job.sorted_cls = sorted_cls;
  job.sorted_key = sorted_key;
  job.ceramide_of_class = ceramide_of_class;
  job.core_of_class = core_of_class;
  job.n_classes = n_classes;
  job.n_ceramides = n_ceramides;
  job.fill_stride = (gsize) n_classes + n_ceramides + n_cores;
  job.fill = fill = g_new (guint32, MAX (job.fill_stride * ix->n_parts, 1));
  memcpy (fill, cl->start, n_classes * sizeof (guint32));
  memcpy (fill + n_classes, ce->start, n_ceramides * sizeof (guint32));
  memcpy (fill + n_classes + n_ceramides, co->start, n_cores * sizeof (guint32));
  for (guint p = 1; p < ix->n_parts; p++)
    {
      const guint32 *before = part_count + (gsize) (p - 1) * n_classes;
      guint32 *prev = fill + (p - 1) * job.fill_stride;
      guint32 *f = fill + p * job.fill_stride;

      memcpy (f, prev, job.fill_stride * sizeof (guint32));
      for (guint32 c = 0; c < n_classes; c++)
        {
          f[c] += before[c];
          f[n_classes + ceramide_of_class[c]] += before[c];
          f[n_classes + n_ceramides + core_of_class[c]] += before[c];
        }
    }

  gw_tasks_run (ix->n_parts, ix->n_parts, buckets_scatter_cb, &job);
}

/* The classes of the rows in RT order, and with several parts, each
 * part's rows per class. */
typedef struct
{
  Index   *ix;
  guint32 *sorted_cls;
  guint32 *part_count;   /* NULL for one part */
  guint32  n_classes;
} GatherJob;

static void
gather_classes_cb (gpointer data,
                   guint    part,
                   guint    worker)
{
  GatherJob *job = data;
  const guint32 *sorted = job->ix->sorted;
  const guint32 *class_of_row = job->ix->class_of_row;
  guint32 lo;
  guint32 hi;

  part_range (job->ix->n_sorted, job->ix->n_parts, part, &lo, &hi);
  if (job->part_count == NULL)
    {
      for (guint32 i = lo; i < hi; i++)
        job->sorted_cls[i] = class_of_row[sorted[i]];
    }
  else
    {
      guint32 *count = job->part_count + (gsize) part * job->n_classes;

      for (guint32 i = lo; i < hi; i++)
        {
          guint32 c = class_of_row[sorted[i]];

          job->sorted_cls[i] = c;
          count[c]++;
        }
    }
}

static void
index_build (Index *ix)
{
  KeyMap ceramides;
  KeyMap cores;
  GArray *first_row;   /* a row of each class */
  GArray *class_count; /* and its number of rows */
  guint32 *ceramide_of_class;
  guint32 *core_of_class;
  guint64 *sorted_key;
  guint32 *sorted_cls;
  GatherJob gather = { 0 };
  g_autofree guint32 *part_count = NULL;
  guint32 n = ix->n_rows;
  const gint32 *name_index = gw_table_get_name_index_column (ix->table);
  guint n_names = gw_table_get_n_names (ix->table);
  /* The class of each distinct Name cell, once it has been seen: one hash
   * lookup per distinct cell instead of one per row. */
  g_autofree guint32 *class_of_name = g_new (guint32, MAX (n_names, 1));

  memset (class_of_name, 0xff, MAX (n_names, 1) * sizeof (guint32));

  /* class_of_row lives until Rule 8; sorted, sorted_key and sorted_cls
   * only until the buckets are built, and Rules 4 and 8 then use their
   * room (ix->spare). */
  ix->class_of_row = gw_arena_take (ix->arena, (gsize) n * sizeof (guint32));
  ix->spare = ix->arena->base + ix->arena->used;
  ix->sorted = gw_arena_take (ix->arena, (gsize) n * sizeof (guint32));
  ix->n_sorted = 0;
  key_map_init (&ix->classes);
  first_row = g_array_new (FALSE, FALSE, sizeof (guint32));
  class_count = g_array_new (FALSE, FALSE, sizeof (guint32));

  /* Ids are assigned in input order, so every report comes out in a
   * stable order: by first appearance of the ceramide or name. */
  for (guint32 row = 0; row < n; row++)
    {
      const GwName *name = NULL;
      guint32 id;

      if (gw_table_is_valid (ix->table, row) && isfinite (ix->rt[row]))
        name = gw_table_get_parsed_name (ix->table, row);
      if (name == NULL)
        {
          ix->class_of_row[row] = NO_ID;
          continue;
        }

      ix->sorted[ix->n_sorted++] = row;
      g_assert (name_index[row] >= 0 && (guint) name_index[row] < n_names);
      id = class_of_name[name_index[row]];
      if (id == NO_ID)
        id = class_of_name[name_index[row]] = key_map_insert (&ix->classes, name_key (name));
      ix->class_of_row[row] = id;
      if (id == first_row->len)
        {
          guint32 zero = 0;

          g_array_append_val (first_row, row);
          g_array_append_val (class_count, zero);
        }
      g_array_index (class_count, guint32, id)++;
    }

  /* Ceramides and cores per class: a handful of hash operations per
   * distinct name instead of per row. */
  key_map_init (&ceramides);
  key_map_init (&cores);
  ceramide_of_class = g_new (guint32, MAX (first_row->len, 1));
  core_of_class = g_new (guint32, MAX (first_row->len, 1));
  ix->class_name = g_new (const GwName *, MAX (first_row->len, 1));
  ix->class_sialic = g_new (guint8, MAX (first_row->len, 1));
  ix->class_sugars = g_new (guint8, MAX (first_row->len, 1));
  for (guint32 c = 0; c < first_row->len; c++)
    {
      const GwName *name = row_name (ix, g_array_index (first_row, guint32, c));

      ix->class_name[c] = name;
      ix->class_sialic[c] = MIN (name->sialic, 5);
      ix->class_sugars[c] = (guint8) gw_name_get_sugars (name);

      ceramide_of_class[c] = key_map_insert (&ceramides, ceramide_key (name));
      core_of_class[c] = key_map_insert (&cores, core_key (name));
    }

  ix->ceramide_of_core = g_new (guint32, MAX (cores.n_ids, 1));
  for (guint32 c = 0; c < first_row->len; c++)
    ix->ceramide_of_core[core_of_class[c]] = ceramide_of_class[c];

  ix->n_parts = 1;
  if (ix->n_sorted >= PARALLEL_MIN_ROWS)
    ix->n_parts = gw_tasks_n_workers (MAX_PARTS, MAX_PARTS);

  sorted_key = gw_arena_take (ix->arena, (gsize) ix->n_sorted * sizeof (guint64));
  radix_sort_by_rt (ix->arena, ix->sorted, ix->n_sorted, ix->rt, sorted_key, ix->n_parts);
  /* One random pass here saves one per bucketing below. */
  sorted_cls = gw_arena_take (ix->arena, (gsize) ix->n_sorted * sizeof (guint32));
  gather.ix = ix;
  gather.sorted_cls = sorted_cls;
  gather.n_classes = ix->classes.n_ids;
  if (ix->n_parts > 1)
    gather.part_count = part_count = g_new0 (guint32, (gsize) ix->n_parts * MAX (ix->classes.n_ids, 1));
  gw_tasks_run (ix->n_parts, ix->n_parts, gather_classes_cb, &gather);
  ix->spare_size = ix->arena->base + ix->arena->used - ix->spare;

  buckets_build (ix, (const guint32 *) (gconstpointer) class_count->data, part_count, ix->classes.n_ids,
                 ceramide_of_class, ceramides.n_ids, core_of_class, cores.n_ids,
                 ix->sorted, sorted_cls, sorted_key, ix->n_sorted);
  ix->sorted = NULL;

  key_map_clear (&ceramides);
  key_map_clear (&cores);
  g_free (ceramide_of_class);
  g_free (core_of_class);
  g_array_unref (first_row);
  g_array_unref (class_count);
}

/* The per-row arrays go with the arena. */
static void
index_clear (Index *ix)
{
  key_map_clear (&ix->classes);
  buckets_clear (&ix->class_rows);
  buckets_clear (&ix->ceramide_rows);
  buckets_clear (&ix->core_rows);
  g_clear_pointer (&ix->class_name, g_free);
  g_clear_pointer (&ix->class_sialic, g_free);
  g_clear_pointer (&ix->class_sugars, g_free);
  g_clear_pointer (&ix->ceramide_of_core, g_free);
}

/* For each member of class @mc, in its RT order, the base row among the
 * rows of class @bc: the nearest in RT with RT(base) < RT(row) when
 * @expected_sign is +1 (the modification should raise RT), RT(base) >
 * RT(row) when it is −1; only when none lies on that side, the nearest on
 * the other side.  Among equal RTs, the first in input order.  Both slices
 * are sorted by RT, so this is one merge walk: linear, and sequential in
 * memory, where a binary search per row misses the cache at every probe. */
static void
match_bases (Index   *ix,
             guint32  mc,
             guint32  bc,
             int      expected_sign,
             guint32 *base_out)
{
  const Buckets *b = &ix->class_rows;
  const double *xr = b->rt + b->start[mc];
  guint32 n_m = b->start[mc + 1] - b->start[mc];
  const double *br = b->rt + b->start[bc];
  const guint32 *bm = b->members + b->start[bc];
  guint32 n_b = b->start[bc + 1] - b->start[bc];
  guint32 p = 0;          /* first base with RT ≥ x */
  guint32 q = 0;          /* first base with RT > x */
  guint32 run_start = 0;  /* first base with the RT of base p − 1 */
  guint32 last_start;     /* first base with the RT of the last one */

  g_assert (n_b > 0);

  last_start = n_b - 1;
  while (last_start > 0 && br[last_start - 1] == br[n_b - 1])
    last_start--;

  for (guint32 t = 0; t < n_m; t++)
    {
      double x = xr[t];
      guint32 pick;

      while (p < n_b && br[p] < x)
        {
          if (p == 0 || br[p] != br[p - 1])
            run_start = p;
          p++;
        }
      if (q < p)
        q = p;
      while (q < n_b && br[q] <= x)
        q++;

      if (expected_sign > 0)
        pick = p > 0 ? run_start : 0;
      else
        pick = q < n_b ? q : last_start;

      base_out[t] = bm[pick];
    }
}

/* The direction in which one unit of @mod should move RT (§7 Rule 8), or
 * 0 when §7 gives none. */
static int
mod_expected_sign (GwModKind mod)
{
  switch (mod)
    {
    case GW_MOD_OAC:
    case GW_MOD_DHEX:
    case GW_MOD_FUC:
    case GW_MOD_AC:
      return +1;
    case GW_MOD_HEX:
    case GW_MOD_NEUAC:
    case GW_MOD_NEUGC:
    case GW_MOD_SO3:
      return -1;
    case GW_MOD_HEXNAC:
    case GW_N_MODS:
    default:
      return 0;
    }
}

/* A block of @size bytes for the run to keep and free with g_free(): on a
 * large table, aligned to a huge page and advised for huge pages, so that
 * every page written is one.  The reports of a million rows run to ~24 MB,
 * and on the virtual machines we run on a first write to a 4 KiB page
 * costs 4–8 ms per MB, against ~0.07 for a huge page the guest freed a
 * moment ago (gw_release_pages(), docs/performance.md).  An ordinary
 * g_malloc() block that large is mapped on its own at no particular
 * alignment: its first and last partial 2 MiB (up to 4 MB in all) would be
 * 4 KiB pages. */
static gpointer
huge_alloc (gsize size)
{
#if defined(G_OS_UNIX) && defined(MADV_HUGEPAGE)
  gsize rounded = (size + GW_HUGE_PAGE_SIZE - 1) & ~(GW_HUGE_PAGE_SIZE - 1);
  gpointer block = NULL;

  /* At least 32 MB of address space, so that glibc maps the block on its
   * own (its mmap threshold rises to at most that): inside the heap, the
   * range may already have page tables of 4 KiB pages, which the first
   * writes then fault one by one.  Only the pages written are backed.
   * posix_memalign() memory is freed with free(), which g_free() is. */
  if (size >= GW_HUGE_PAGE_SIZE &&
      posix_memalign (&block, GW_HUGE_PAGE_SIZE, MAX (rounded, (gsize) 32 * 1024 * 1024 + 1)) == 0)
    {
      gw_advise_huge_pages (block, rounded);
      return block;
    }
#endif
  return g_malloc (size);
}

/* Appends @n elements to *@array and returns the first; the caller
 * writes every field of each.  An empty array (the usual case) is
 * replaced by one allocated at full size whose data are on huge pages
 * (huge_alloc()) before anything writes them, and that does not clear
 * them: clearing would first-write all their pages on the calling thread
 * (~20 MB for a million rows), where the rules' parts then write them on
 * all workers.  Only for arrays without a clear function. */
static gpointer
array_grow (GArray **array,
            gsize    n)
{
  GArray *a = *array;
  guint elt = g_array_get_element_size (a);
  guint len = a->len;

  if (len == 0 && n > 0)
    {
      g_array_unref (a);
      *array = a = g_array_sized_new (FALSE, FALSE, elt, n);
#ifdef __GLIBC__
      /* GLib 2.74 has no way to give a GArray a block, so the one it
       * allocated for n elements, not written yet, is swapped for one at
       * least as large (its capacity stays valid), which it frees with
       * g_free() like its own. */
      if (n * elt >= GW_HUGE_PAGE_SIZE)
        {
          gsize capacity = malloc_usable_size (a->data);

          g_free (a->data);
          a->data = huge_alloc (MAX (capacity, n * elt));
        }
#else
      gw_advise_huge_pages (a->data, n * elt);
#endif
    }
  g_array_set_size (a, len + n);

  return a->data + (gsize) len * elt;
}

/* The rules, in parts: of the rows, or of the class, ceramide or core
 * buckets (cut by rows).  Where a rule lists its findings in an array,
 * each part counts its own first, and then writes them from its offset;
 * parts that run at the same time never mark the same row. */
typedef struct
{
  Index                    *ix;
  /* Rules 4 and 8. */
  const guint32            *base_class;   /* per class and modification kind */
  const guint8             *n_checks;     /* Rule 8 entries per row of each class */
  guint32                  *pos;          /* per row: Rule 4's base, then the
                                           * row's first Rule 8 entry */
  guint32                  *bases;        /* per position in the class buckets */
  /* Per part: its entries, then the first of them. */
  guint32                   n_pairs[MAX_PARTS];
  guint32                   n_shifts[MAX_PARTS];
  GwOacPair                *pairs;
  GwModShift               *shifts;
  /* Rule 5, the same way. */
  guint32                   n_sets[MAX_PARTS];
  gsize                     n_members[MAX_PARTS];
  GwCoelutionSet           *sets;
  guint                    *members;
  /* Rule 9, the same way. */
  guint32                   n_inversions[MAX_PARTS];
  GwCrossCategoryInversion *inversions;
  /* Rule 6: the findings per part, and which ceramides it flags, whose
   * rows are marked with Rule 9's (a core bucket is part of one ceramide). */
  GArray                   *sugar_rt[MAX_PARTS];
  guint8                   *ceramide_flagged;
} RulesJob;

/* Rule 4's bases: each O-acetylated class is matched with its base class
 * in one merge walk that notes each row's base in pos. */
static void
rule4_bases_cb (gpointer data,
                guint    part,
                guint    worker)
{
  RulesJob *job = data;
  Index *ix = job->ix;
  guint32 lo;
  guint32 hi;

  buckets_part (&ix->class_rows, ix->n_parts, part, &lo, &hi);
  for (guint32 c = lo; c < hi; c++)
    {
      guint32 bc = job->base_class[(gsize) c * GW_N_MODS + GW_MOD_OAC];
      const guint32 *m = ix->class_rows.members + ix->class_rows.start[c];
      guint32 *bases = job->bases + ix->class_rows.start[c];
      guint32 len = ix->class_rows.start[c + 1] - ix->class_rows.start[c];

      if (ix->class_name[c]->mods[GW_MOD_OAC] == 0)
        continue;

      if (bc != NO_ID)
        match_bases (ix, c, bc, +1, bases);
      for (guint32 t = 0; t < len; t++)
        job->pos[m[t]] = bc != NO_ID ? bases[t] : NO_ID;
    }
}

/* How many entries of each rule a part of the rows has. */
static void
rules48_count_cb (gpointer data,
                  guint    part,
                  guint    worker)
{
  RulesJob *job = data;
  Index *ix = job->ix;
  guint32 n_pairs = 0;
  guint32 n_shifts = 0;
  guint32 lo;
  guint32 hi;

  part_range (ix->n_rows, ix->n_parts, part, &lo, &hi);
  for (guint32 row = lo; row < hi; row++)
    {
      guint32 c = ix->class_of_row[row];

      if (c == NO_ID)
        continue;
      if (ix->class_name[c]->mods[GW_MOD_OAC] > 0)
        n_pairs++;
      n_shifts += job->n_checks[c];
    }
  job->n_pairs[part] = n_pairs;
  job->n_shifts[part] = n_shifts;
}

/* Rule 4's entries of a part of the rows, in file order from the part's
 * first; and in pos, in place of each row's base, its first Rule 8 entry. */
static void
rule4_pairs_cb (gpointer data,
                guint    part,
                guint    worker)
{
  RulesJob *job = data;
  Index *ix = job->ix;
  GwRun *run = ix->run;
  guint32 n_pairs = job->n_pairs[part];
  guint32 n_shifts = job->n_shifts[part];
  guint32 lo;
  guint32 hi;

  part_range (ix->n_rows, ix->n_parts, part, &lo, &hi);
  for (guint32 row = lo; row < hi; row++)
    {
      guint32 c = ix->class_of_row[row];
      GwOacPair *pair;
      guint n_oac;
      guint32 base;

      if (c == NO_ID)
        continue;

      base = job->pos[row];
      if (job->n_checks[c] > 0)
        {
          job->pos[row] = n_shifts;
          n_shifts += job->n_checks[c];
        }

      if ((n_oac = ix->class_name[c]->mods[GW_MOD_OAC]) == 0)
        continue;

      pair = &job->pairs[n_pairs++];
      pair->row = row;
      pair->n_oac = n_oac;
      if (base == NO_ID)
        {
          pair->base_row = -1;
          pair->delta_rt = NAN;
          pair->flag = GW_OAC_NO_BASE;
          ix->warnings[row] |= GW_ROW_WARNING_OAC_NO_BASE;
        }
      else
        {
          double per_oac;

          /* + 0.0 as in the RT sort, which turns −0 into +0. */
          pair->base_row = (int) base;
          pair->delta_rt = (ix->rt[row] + 0.0) - ix->rt[base];
          per_oac = pair->delta_rt / n_oac;
          if (pair->delta_rt <= 0)
            {
              pair->flag = GW_OAC_RT_NOT_RAISED;
              ix->warnings[row] |= GW_ROW_WARNING_OAC_RT_NOT_RAISED;
            }
          else if (per_oac < OAC_SHIFT_MIN - RT_EPSILON ||
                   per_oac > OAC_SHIFT_MAX + RT_EPSILON)
            {
              pair->flag = GW_OAC_SHIFT_OUT_OF_RANGE;
              ix->warnings[row] |= GW_ROW_WARNING_OAC_SHIFT_RANGE;
            }
          else
            pair->flag = GW_OAC_OK;

          run->oac_base[row] = (gint32) base;
          run->oac_shift[row] = pair->delta_rt;
        }
    }

  /* Rule 8 writes this part's entries class by class, all over the
   * stretch: first-written here, in order, each part its own, its fresh
   * pages are not faulted by two workers at once (one waiting for the
   * other's zeroing of a huge page). */
  if (n_shifts > job->n_shifts[part])
    memset (job->shifts + job->n_shifts[part], 0,
            (gsize) (n_shifts - job->n_shifts[part]) * sizeof (GwModShift));
}

/* Rule 8's entries of a part of the classes, each row's at its place. */
static void
rule8_shifts_cb (gpointer data,
                 guint    part,
                 guint    worker)
{
  RulesJob *job = data;
  Index *ix = job->ix;
  guint32 lo;
  guint32 hi;

  buckets_part (&ix->class_rows, ix->n_parts, part, &lo, &hi);
  for (guint32 c = lo; c < hi; c++)
    {
      const GwName *name = ix->class_name[c];
      const guint32 *m = ix->class_rows.members + ix->class_rows.start[c];
      const double *r = ix->class_rows.rt + ix->class_rows.start[c];
      guint32 *bases = job->bases + ix->class_rows.start[c];
      guint32 len = ix->class_rows.start[c + 1] - ix->class_rows.start[c];
      guint j = 0;

      if (job->n_checks[c] == 0)
        continue;

      for (guint k = 0; k < GW_N_MODS; k++)
        {
          guint32 bc = job->base_class[(gsize) c * GW_N_MODS + k];
          int sign = mod_expected_sign (k);

          if (bc == NO_ID || sign == 0)
            continue;

          match_bases (ix, c, bc, sign, bases);
          for (guint32 t = 0; t < len; t++)
            {
              guint32 row = m[t];
              GwModShift *shift = &job->shifts[job->pos[row] + j];

              shift->row = row;
              shift->base_row = bases[t];
              shift->mod = k;
              shift->count = name->mods[k];
              shift->shift_per_mod = (r[t] - ix->rt[bases[t]]) / shift->count;
              shift->expected_sign = sign;
              shift->flagged = shift->shift_per_mod * sign <= 0;
              if (shift->flagged)
                ix->warnings[row] |= GW_ROW_WARNING_MOD_SHIFT_DIRECTION;
            }
          j++;
        }
    }
}

/* Rule 5 over one ceramide bucket: the sets, with no chaining (every
 * member within the window of the first).  Counts the sets and their
 * members; when @sets is not NULL, also writes the sets there and their
 * members at @members. */
static void
rule5_scan_bucket (Index          *ix,
                   guint32         c,
                   GwCoelutionSet *sets,
                   guint          *members,
                   guint32        *n_sets,
                   gsize          *n_members)
{
  double tol = ix->run->params.rt_tolerance;
  const guint32 *m = ix->ceramide_rows.members + ix->ceramide_rows.start[c];
  const double *r = ix->ceramide_rows.rt + ix->ceramide_rows.start[c];
  const guint32 *cls = ix->ceramide_rows.cls + ix->ceramide_rows.start[c];
  guint32 len = ix->ceramide_rows.start[c + 1] - ix->ceramide_rows.start[c];
  guint32 i = 0;

  while (i < len)
    {
      guint32 j = i;

      while (j + 1 < len && r[j + 1] - r[i] <= tol + RT_EPSILON)
        j++;

      if (j > i)
        {
          if (sets != NULL)
            {
              GwCoelutionSet *set = &sets[*n_sets];
              guint *out = members + *n_members;
              guint top_sugars = 0;

              set->n_members = j - i + 1;
              set->members = out;
              set->top_row = m[i];
              set->summed_volume = 0;
              for (guint32 t = i; t <= j; t++)
                {
                  guint sugars = ix->class_sugars[cls[t]];

                  /* The volumes are in file order: a miss per row. */
                  if (t + 16 <= j)
                    __builtin_prefetch (&ix->volume[m[t + 16]]);
                  if (t == i || sugars > top_sugars)
                    {
                      top_sugars = sugars;
                      set->top_row = m[t];
                    }
                  set->summed_volume += ix->volume[m[t]];
                  out[t - i] = m[t];
                }
              set->rt_span = r[j] - r[i];
            }
          (*n_sets)++;
          *n_members += j - i + 1;
        }
      i = j + 1;
    }
}

static const char *
intern_ceramide (GwRun        *run,
                 const GwName *name)
{
  g_autofree char *str = gw_name_format_ceramide (name);

  return gw_run_intern (run, str);
}

/* Rule 6: sugar count against RT within each ceramide, for the
 * ceramides [@lo, @hi); the findings go to @out, and @flagged is set for
 * each ceramide whose rows are to be marked. */
static void
rule6_sugar_rt (Index   *ix,
                guint32  lo,
                guint32  hi,
                GArray  *out,
                guint8  *flagged)
{
  GwRun *run = ix->run;

  for (guint32 c = lo; c < hi; c++)
    {
      const guint32 *m = ix->ceramide_rows.members + ix->ceramide_rows.start[c];
      const double *r = ix->ceramide_rows.rt + ix->ceramide_rows.start[c];
      const guint32 *cls = ix->ceramide_rows.cls + ix->ceramide_rows.start[c];
      guint32 len = ix->ceramide_rows.start[c + 1] - ix->ceramide_rows.start[c];
      GwSugarRtFinding f = { 0 };
      guint seen = 0;   /* bit per sugar count; counts are 1..9 */
      double mx = 0;
      double my = 0;
      double sxx = 0;
      double syy = 0;
      double sxy = 0;

      if (len < 3)
        continue;

      for (guint32 t = 0; t < len; t++)
        {
          guint s = ix->class_sugars[cls[t]];

          seen |= 1u << MIN (s, 31u);
          mx += s;
          my += r[t];
        }
      f.n = len;
      f.n_sugar_values = (guint) __builtin_popcount (seen);
      if (f.n_sugar_values < 2)
        continue;

      mx /= len;
      my /= len;
      for (guint32 t = 0; t < len; t++)
        {
          double dx = ix->class_sugars[cls[t]] - mx;
          double dy = r[t] - my;

          sxx += dx * dx;
          syy += dy * dy;
          sxy += dx * dy;
        }

      f.ceramide = intern_ceramide (run, row_name (ix, m[0]));
      if (syy <= 0)
        {
          /* Every row at one RT: no correlation to speak of. */
          f.r = NAN;
          f.p = NAN;
        }
      else
        {
          double df = (double) len - 2;

          f.r = CLAMP (sxy / sqrt (sxx * syy), -1.0, 1.0);
          if (fabs (f.r) >= 1.0)
            f.p = 0.0;
          else
            {
              double t = f.r * sqrt (df / (1.0 - f.r * f.r));

              f.p = 2.0 * gsl_cdf_tdist_Q (fabs (t), df);
            }
        }
      f.flagged = isfinite (f.r) && f.r > SUGAR_RT_R_MAX && f.p < SUGAR_RT_P_MAX;

      flagged[c] = f.flagged;

      g_array_append_val (out, f);
    }
}

/* Rule 7: mean RT per category, expected GP < GQ < GT < GD < GM. */
static void
rule7_category_order (Index *ix)
{
  static const GwCategory order[] = {
    GW_CATEGORY_GP, GW_CATEGORY_GQ, GW_CATEGORY_GT, GW_CATEGORY_GD, GW_CATEGORY_GM,
  };
  GwRun *run = ix->run;
  double sum[GW_N_CATEGORIES] = { 0 };
  guint n[GW_N_CATEGORIES] = { 0 };
  double mean[GW_N_CATEGORIES];
  int prev = -1;

  for (guint32 c = 0; c < ix->classes.n_ids; c++)
    {
      GwCategory cat = gw_name_get_category (ix->class_name[c]);

      g_assert (cat < GW_N_CATEGORIES);
      for (guint32 t = ix->class_rows.start[c]; t < ix->class_rows.start[c + 1]; t++)
        sum[cat] += ix->class_rows.rt[t];
      n[cat] += ix->class_rows.start[c + 1] - ix->class_rows.start[c];
    }

  for (guint c = 0; c < GW_N_CATEGORIES; c++)
    {
      GwCategoryMean cm;

      mean[c] = n[c] > 0 ? sum[c] / n[c] : NAN;
      if (n[c] == 0)
        continue;
      cm.category = c;
      cm.n = n[c];
      cm.mean_rt = mean[c];
      g_array_append_val (run->category_means, cm);
    }

  /* Adjacent among the categories present. */
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      GwCategory cat = order[i];

      if (n[cat] == 0)
        continue;
      if (prev >= 0 && mean[prev] > mean[cat])
        {
          GwCategoryInversion inv;
          char *msg;

          inv.earlier_expected = prev;
          inv.later_expected = cat;
          inv.mean_rt_earlier_expected = mean[prev];
          inv.mean_rt_later_expected = mean[cat];
          g_array_append_val (run->category_inversions, inv);

          msg = gw_strdup_printf_c ("category order: mean RT of %s (%.3f min) is after %s (%.3f min); "
                                 "on reversed-phase columns %s elutes first (is this a HILIC column?)",
                                 gw_category_to_string (prev), mean[prev],
                                 gw_category_to_string (cat), mean[cat],
                                 gw_category_to_string (prev));
          g_ptr_array_add (run->run_warnings, msg);
        }
      prev = cat;
    }
}

/* Rule 9 over one core bucket: counts the inversions and, when @out is
 * not NULL, writes them there and marks their rows. */
static guint32
rule9_scan_bucket (Index                    *ix,
                   guint32                   c,
                   GwCrossCategoryInversion *out)
{
  GwRun *run = ix->run;
  const guint32 *m = ix->core_rows.members + ix->core_rows.start[c];
  const double *r = ix->core_rows.rt + ix->core_rows.start[c];
  const guint32 *cls = ix->core_rows.cls + ix->core_rows.start[c];
  guint32 len = ix->core_rows.start[c + 1] - ix->core_rows.start[c];
  guint32 earliest[6];   /* position per sialic count, NO_ID when absent */
  guint32 fewer_than[6]; /* earliest position with fewer sialic acids */
  const char *ceramide = NULL;
  guint32 n = 0;

  if (len < 2)
    return 0;

  /* The slice is in RT order, so the first position of each sialic count
   * is its earliest row (and the first in input order on ties). */
  for (guint s = 0; s < G_N_ELEMENTS (earliest); s++)
    earliest[s] = NO_ID;
  for (guint32 t = 0; t < len; t++)
    {
      guint s = ix->class_sialic[cls[t]];

      if (earliest[s] == NO_ID)
        earliest[s] = t;
    }
  fewer_than[0] = NO_ID;
  for (guint s = 1; s < G_N_ELEMENTS (earliest); s++)
    fewer_than[s] = MIN (fewer_than[s - 1], earliest[s - 1]);

  for (guint32 t = 0; t < len; t++)
    {
      guint32 fewer = fewer_than[ix->class_sialic[cls[t]]];
      GwCrossCategoryInversion *inv;

      if (fewer == NO_ID ||
          r[t] - r[fewer] <= CROSS_CATEGORY_TOLERANCE + RT_EPSILON)
        continue;

      if (out != NULL)
        {
          if (ceramide == NULL)
            ceramide = intern_ceramide (run, ix->class_name[cls[t]]);
          inv = &out[n];
          inv->ceramide = ceramide;
          inv->row_more_sialic = m[t];
          inv->row_fewer_sialic = m[fewer];
          inv->rt_more_sialic = r[t];
          inv->rt_fewer_sialic = r[fewer];
          ix->warnings[m[t]] |= GW_ROW_WARNING_CATEGORY_INVERSION;
          ix->warnings[m[fewer]] |= GW_ROW_WARNING_CATEGORY_INVERSION;
        }
      n++;
    }

  return n;
}

/* Tasks: Rule 4's bases and the counts of Rules 4, 8, 5 and 9, for
 * each part; all only read, but for Rule 4's pos. */
static void
rules_count_cb (gpointer data,
                guint    task,
                guint    worker)
{
  RulesJob *job = data;
  Index *ix = job->ix;
  guint part = task % ix->n_parts;
  guint32 lo;
  guint32 hi;

  switch (task / ix->n_parts)
    {
    case 0:
      rule4_bases_cb (data, part, worker);
      break;
    case 1:
      rules48_count_cb (data, part, worker);
      break;
    case 2:
      buckets_part (&ix->ceramide_rows, ix->n_parts, part, &lo, &hi);
      for (guint32 c = lo; c < hi; c++)
        rule5_scan_bucket (ix, c, NULL, NULL, &job->n_sets[part], &job->n_members[part]);
      break;
    default:
      buckets_part (&ix->core_rows, ix->n_parts, part, &lo, &hi);
      for (guint32 c = lo; c < hi; c++)
        job->n_inversions[part] += rule9_scan_bucket (ix, c, NULL);
      break;
    }
}

/* Tasks: Rule 8's entries of each part (marking rows), Rule 6 for each
 * part (marking none yet), Rule 7. */
static void
rules_8_6_7_cb (gpointer data,
                guint    task,
                guint    worker)
{
  RulesJob *job = data;
  Index *ix = job->ix;
  guint part = task % ix->n_parts;
  guint32 lo;
  guint32 hi;

  if (task == 2 * ix->n_parts)
    rule7_category_order (ix);
  else if (task < ix->n_parts)
    rule8_shifts_cb (data, part, worker);
  else
    {
      buckets_part (&ix->ceramide_rows, ix->n_parts, part, &lo, &hi);
      rule6_sugar_rt (ix, lo, hi, job->sugar_rt[part], job->ceramide_flagged);
    }
}

/* Tasks: Rule 9's inversions of each part of the core buckets, which mark
 * their rows, and Rule 6's marks on the same rows; Rule 5's sets of each
 * part, which mark none. */
static void
rules_9_5_cb (gpointer data,
              guint    task,
              guint    worker)
{
  RulesJob *job = data;
  Index *ix = job->ix;
  guint part = task % ix->n_parts;
  guint32 lo;
  guint32 hi;

  if (task < ix->n_parts)
    {
      const Buckets *co = &ix->core_rows;
      GwCrossCategoryInversion *out = job->inversions + job->n_inversions[part];

      buckets_part (co, ix->n_parts, part, &lo, &hi);
      for (guint32 c = lo; c < hi; c++)
        {
          if (job->ceramide_flagged[ix->ceramide_of_core[c]])
            for (guint32 t = co->start[c]; t < co->start[c + 1]; t++)
              ix->warnings[co->members[t]] |= GW_ROW_WARNING_SUGAR_RT_ORDER;
          out += rule9_scan_bucket (ix, c, out);
        }
    }
  else if (job->sets != NULL)
    {
      buckets_part (&ix->ceramide_rows, ix->n_parts, part, &lo, &hi);
      for (guint32 c = lo; c < hi; c++)
        rule5_scan_bucket (ix, c, job->sets, job->members, &job->n_sets[part], &job->n_members[part]);
    }
}

/* Rules 4 to 9.  Rules 4 and 8 list their findings in input order:
 * Rule 4's bases are found class by class, then a pass over the rows in
 * file order writes its entries (only the base's RT is read at random)
 * and gives each row the position of its Rule 8 entries, which each class
 * then writes in place.  Rule 8 has one entry per row and modification
 * kind that has a base, in the order of GwModKind.  Rules 5 (co-elution
 * sets, whose members live in one allocation owned by the run), 6 (sugars
 * against RT), 7 (category order) and 9 (within a ceramide, more sialic
 * acids should elute earlier) list theirs by bucket. */
static void
rules_4_to_9 (Index *ix)
{
  GwRun *run = ix->run;
  guint n_parts = ix->n_parts;
  guint32 n_classes = ix->classes.n_ids;
  g_autofree guint32 *base_class = g_new (guint32, (gsize) MAX (n_classes, 1) * GW_N_MODS);
  g_autofree guint8 *n_checks = g_new0 (guint8, MAX (n_classes, 1));
  g_autofree guint8 *ceramide_flagged = g_new0 (guint8, MAX (ix->ceramide_rows.n_buckets, 1));
  RulesJob job = { 0 };
  guint32 n_pairs = 0;
  guint32 n_shifts = 0;
  guint32 n_sets = 0;
  gsize n_members = 0;
  guint32 n_inversions = 0;

  /* In the index's spare room: pos is n_rows long, bases n_sorted; the
   * room held n_rows + 3 n_sorted of 32 bits. */
  g_assert (ix->spare_size >= ((gsize) ix->n_rows + ix->n_sorted) * sizeof (guint32));
  job.ix = ix;
  job.base_class = base_class;
  job.n_checks = n_checks;
  job.pos = (guint32 *) (gpointer) ix->spare;
  job.bases = job.pos + ix->n_rows;
  job.ceramide_flagged = ceramide_flagged;

  for (guint32 c = 0; c < n_classes; c++)
    {
      const GwName *name = ix->class_name[c];
      Key key = name_key (name);

      for (guint k = 0; k < GW_N_MODS; k++)
        {
          guint32 bc = NO_ID;

          if (name->mods[k] > 0)
            bc = key_map_lookup (&ix->classes, key_without_mod (key, k));
          base_class[(gsize) c * GW_N_MODS + k] = bc;
          if (bc != NO_ID && mod_expected_sign (k) != 0)
            n_checks[c]++;
        }
    }

  gw_tasks_run (4 * n_parts, n_parts, rules_count_cb, &job);
  for (guint p = 0; p < n_parts; p++)
    {
      guint32 x = job.n_pairs[p];
      guint32 y = job.n_shifts[p];
      guint32 z = job.n_sets[p];
      gsize u = job.n_members[p];
      guint32 v = job.n_inversions[p];

      job.n_pairs[p] = n_pairs;
      job.n_shifts[p] = n_shifts;
      job.n_sets[p] = n_sets;
      job.n_members[p] = n_members;
      job.n_inversions[p] = n_inversions;
      n_pairs += x;
      n_shifts += y;
      n_sets += z;
      n_members += u;
      n_inversions += v;
    }

  /* Allocated, not written yet: only the pages written are backed. */
  job.pairs = array_grow (&run->oac_pairs, n_pairs);
  job.shifts = array_grow (&run->mod_shifts, n_shifts);
  job.inversions = array_grow (&run->cross_category, n_inversions);
  if (n_members > 0)
    {
      job.members = huge_alloc (n_members * sizeof (guint));
      g_ptr_array_add (run->blobs, job.members);
      g_array_set_size (run->coelution_sets, run->coelution_sets->len + n_sets);
      job.sets = &g_array_index (run->coelution_sets, GwCoelutionSet,
                                 run->coelution_sets->len - n_sets);
    }
  for (guint p = 0; p < n_parts; p++)
    job.sugar_rt[p] = p == 0 ? run->sugar_rt : g_array_new (FALSE, FALSE, sizeof (GwSugarRtFinding));
  /* This thread gave the scratch pages back: mapped here, Rules 4 and 8's
   * arrays find them warm, whichever worker then writes them
   * (gw_populate_pages()). */
  if (n_parts > 1)
    {
      gw_populate_pages (job.pairs, (gsize) n_pairs * sizeof (GwOacPair));
      gw_populate_pages (job.shifts, (gsize) n_shifts * sizeof (GwModShift));
    }

  gw_tasks_run (n_parts, n_parts, rule4_pairs_cb, &job);
  gw_tasks_run (2 * n_parts + 1, n_parts, rules_8_6_7_cb, &job);
  for (guint p = 1; p < n_parts; p++)
    {
      g_array_append_vals (run->sugar_rt, job.sugar_rt[p]->data, job.sugar_rt[p]->len);
      g_array_unref (job.sugar_rt[p]);
    }
  gw_profile_mark ("side: rules 4, 6, 7, 8");

  /* Only the buckets are read from here on: Rules 5 and 9 write their
   * arrays into the pages given back. */
  gw_release_pages (ix->class_of_row, ix->spare + ix->spare_size - (guint8 *) ix->class_of_row);
  ix->class_of_row = NULL;
  if (n_parts > 1)
    {
      gw_populate_pages (job.inversions, (gsize) n_inversions * sizeof (GwCrossCategoryInversion));
      gw_populate_pages (job.members, n_members * sizeof (guint));
    }
  gw_tasks_run (2 * n_parts, n_parts, rules_9_5_cb, &job);
  gw_profile_mark ("side: rules 5, 9");
}

static void
ensure_arrays (GwRun *run)
{
#define ENSURE(field, type) \
  if (run->field == NULL) \
    run->field = g_array_new (FALSE, FALSE, sizeof (type))
  ENSURE (oac_pairs, GwOacPair);
  ENSURE (coelution_sets, GwCoelutionSet);
  ENSURE (sugar_rt, GwSugarRtFinding);
  ENSURE (category_means, GwCategoryMean);
  ENSURE (category_inversions, GwCategoryInversion);
  ENSURE (mod_shifts, GwModShift);
  ENSURE (cross_category, GwCrossCategoryInversion);
#undef ENSURE
  if (run->blobs == NULL)
    run->blobs = g_ptr_array_new_with_free_func (g_free);
  if (run->run_warnings == NULL)
    run->run_warnings = g_ptr_array_new_with_free_func (g_free);
}

/**
 * gw_side_reports_compute:
 * @run: a run being built, before gw_run_finish()
 *
 * Computes Rules 2–9 of ANALYSIS.md §7 for @run's table: fills the report
 * arrays, and the per-row oac_base, oac_shift and warning bits.  Rules 2–3
 * (sugars, sialic acids, isomers) are properties of the parsed name and
 * need no storage.  Call once per run.
 */
void
gw_side_reports_compute (GwRun *run)
{
  GwArena *arena = NULL;

  g_return_if_fail (run != NULL);

  if (run->workspace != NULL && run->workspace->used == 0)
    arena = run->workspace;
  gw_side_reports_compute_full (run, arena, run->warnings);
}

gsize
gw_side_reports_workspace_size (guint n_rows)
{
  gsize n = MAX (n_rows, 1);

  /* The radix sort's histograms: one pair per part. */
  gsize n_parts = n >= PARALLEL_MIN_ROWS ? MAX_PARTS : 1;

  /* Per row: class_of_row, sorted and sorted_key (16 bytes) throughout;
   * then either the radix sort's keys and rows (12) and its histograms,
   * or sorted_cls (4) and the three buckets (12 + 16 + 16; their offsets
   * are not in the arena).  Rules 4 and 8 reuse sorted and the rest.
   * Plus 64 bytes of padding for each of the at most 24 arrays. */
  return n * 16 + MAX (n * 12 + n_parts * 2 * RADIX * sizeof (guint32), n * 48) + 24 * 64;
}

/* The side reports read only the table and write only their own fields of
 * @run (the report arrays, oac_base, oac_shift), the bits they OR into
 * @warnings and strings interned under the run's lock; so a caller can
 * run them on a second thread next to a preset, with @warnings a private
 * array that it merges afterwards.  gw_analyze() runs them after the
 * preset instead, in the preset's scratch pages (docs/performance.md).
 * @arena (nullable: a private one) must be empty. */
void
gw_side_reports_compute_full (GwRun   *run,
                              GwArena *arena,
                              guint32 *warnings)
{
  Index ix = { 0 };
  g_auto(GwArena) own_arena = { 0 };
  gsize mark;

  g_return_if_fail (run != NULL);
  g_return_if_fail (run->table != NULL);
  g_return_if_fail (warnings != NULL);

  ensure_arrays (run);

  ix.run = run;
  ix.table = run->table;
  ix.warnings = warnings;
  ix.rt = gw_table_get_rt_column (run->table);
  ix.volume = gw_table_get_volume_column (run->table);
  ix.n_rows = gw_table_get_n_rows (run->table);

  /* gw_analyze() lends the preset's pages, which are enough
   * (gw_robust_workspace_size()). */
  ix.arena = arena != NULL ? arena : &own_arena;
  mark = ix.arena->used;
  gw_arena_reserve (ix.arena, gw_side_reports_workspace_size (ix.n_rows));

  index_build (&ix);
  /* Nothing takes from the arena after the index: what it did not use
   * makes room for the report arrays (gw_release_pages()). */
  gw_release_pages (ix.arena->base + ix.arena->used, ix.arena->size - ix.arena->used);
  gw_profile_mark ("side: index");

  rules_4_to_9 (&ix);

  index_clear (&ix);
  gw_arena_release (ix.arena, mark);
}
