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

/* Sorts @rows (ascending) by @rt (all finite and ≥ 0, so the IEEE bit
 * patterns sort like the values), stably, and writes the bits of their
 * RTs in that order to @sorted_key.  An LSD radix sort on the upper 32 bits of the
 * double only (sign, exponent and 20 bits of mantissa: two passes of 16
 * bits instead of four), which tells apart any two RTs of a peak table
 * (they differ by at least 1e-4 min, the upper bits by 8e-6 at 10 min);
 * runs that share the upper bits but not the lower are then sorted
 * exactly, so the result is that of a full sort for any input.  Passes in
 * which every key has the same digit are skipped. */
static void
radix_sort_by_rt (GwArena      *arena,
                  guint32      *rows,
                  guint32       n,
                  const double *rt,
                  guint64      *sorted_key)
{
  gsize mark = arena->used;
  guint64 *keys_a = sorted_key;
  guint64 *keys_b = gw_arena_take (arena, (gsize) n * sizeof (guint64));
  guint32 *rows_b = gw_arena_take (arena, (gsize) n * sizeof (guint32));
  guint32 *count = gw_arena_take0 (arena, 2 * 65536 * sizeof (guint32));
  guint64 *ksrc = keys_a;
  guint64 *kdst = keys_b;
  guint32 *src = rows;
  guint32 *dst = rows_b;

  /* The keys, and both passes' histograms in the same read. */
  for (guint32 i = 0; i < n; i++)
    {
      /* Adding 0.0 turns −0 into +0. */
      double v = rt[rows[i]] + 0.0;
      guint64 k;

      memcpy (&k, &v, sizeof v);
      keys_a[i] = k;
      count[(k >> 32) & 0xffff]++;
      count[65536 + (k >> 48)]++;
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      guint shift = 32 + 16 * pass;
      guint32 *c = count + 65536 * pass;
      guint32 sum = 0;
      gboolean trivial = FALSE;

      for (guint32 d = 0; d < 65536; d++)
        {
          guint32 x = c[d];

          if (x == n)
            trivial = TRUE;
          c[d] = sum;
          sum += x;
        }
      if (trivial)
        continue;

      for (guint32 i = 0; i < n; i++)
        {
          guint32 pos = c[(ksrc[i] >> shift) & 0xffff]++;

          kdst[pos] = ksrc[i];
          dst[pos] = src[i];
        }

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
} Index;

static inline const GwName *
row_name (Index  *ix,
          guint32 row)
{
  return gw_table_get_parsed_name (ix->table, row);
}

/* The three bucketings of @sorted (rows in RT order, @sorted_key the bits
 * of their RTs, @sorted_cls their classes) in one counting-sort scatter:
 * by class, by @ceramide_of_class and by @core_of_class.  Stable, so each
 * bucket stays in RT order.  The bucket sizes follow from @class_count. */
static void
buckets_build (Index          *ix,
               const guint32  *class_count,
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
  g_autofree guint32 *fill_class = NULL;
  g_autofree guint32 *fill_ceramide = NULL;
  g_autofree guint32 *fill_core = NULL;
  Buckets *cl = &ix->class_rows;
  Buckets *ce = &ix->ceramide_rows;
  Buckets *co = &ix->core_rows;

  for (guint32 c = 0; c < n_classes; c++)
    {
      ceramide_count[ceramide_of_class[c]] += class_count[c];
      core_count[core_of_class[c]] += class_count[c];
    }
  buckets_init (cl, ix->arena, n_classes, class_count, n_sorted, FALSE);
  buckets_init (ce, ix->arena, n_ceramides, ceramide_count, n_sorted, TRUE);
  buckets_init (co, ix->arena, n_cores, core_count, n_sorted, TRUE);
  fill_class = g_memdup2 (cl->start, ((gsize) n_classes + 1) * sizeof (guint32));
  fill_ceramide = g_memdup2 (ce->start, ((gsize) n_ceramides + 1) * sizeof (guint32));
  fill_core = g_memdup2 (co->start, ((gsize) n_cores + 1) * sizeof (guint32));

  for (guint32 i = 0; i < n_sorted; i++)
    {
      guint32 row = sorted[i];
      guint32 c = sorted_cls[i];
      guint32 p1 = fill_class[c]++;
      guint32 p2 = fill_ceramide[ceramide_of_class[c]]++;
      guint32 p3 = fill_core[core_of_class[c]]++;
      double r;

      memcpy (&r, &sorted_key[i], sizeof r);
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

  sorted_key = gw_arena_take (ix->arena, (gsize) ix->n_sorted * sizeof (guint64));
  radix_sort_by_rt (ix->arena, ix->sorted, ix->n_sorted, ix->rt, sorted_key);
  /* One random pass here saves one per bucketing below. */
  sorted_cls = gw_arena_take (ix->arena, (gsize) ix->n_sorted * sizeof (guint32));
  for (guint32 i = 0; i < ix->n_sorted; i++)
    sorted_cls[i] = ix->class_of_row[ix->sorted[i]];
  ix->spare_size = ix->arena->base + ix->arena->used - ix->spare;

  buckets_build (ix, (const guint32 *) (gconstpointer) class_count->data, ix->classes.n_ids,
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

/* Appends @n elements to *@array (zeroed: the run creates its report
 * arrays clearing) and returns the first.  An empty array (the usual
 * case) is replaced by one allocated at full size whose data are on huge
 * pages (huge_alloc()) before anything writes them.  Only for arrays
 * without a clear function. */
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
      *array = a = g_array_sized_new (FALSE, TRUE, elt, n);
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

/* Rules 4 and 8.  Both list their findings in input order: a first pass
 * over the rows gives each row the position of its entries, then each
 * class is matched with its base class in one merge walk and writes its
 * rows' entries in place. */
static void
rules_4_and_8 (Index *ix)
{
  GwRun *run = ix->run;
  guint32 n_classes = ix->classes.n_ids;
  guint32 *base_class = g_new (guint32, (gsize) MAX (n_classes, 1) * GW_N_MODS);
  guint8 *n_checks = g_new0 (guint8, MAX (n_classes, 1));
  /* In the index's spare room: pos is n_rows long, bases n_sorted; the
   * room held n_rows + 3 n_sorted of 32 bits. */
  guint32 *pos = (guint32 *) (gpointer) ix->spare;
  guint32 *bases = pos + ix->n_rows;

  g_assert (ix->spare_size >= ((gsize) ix->n_rows + ix->n_sorted) * sizeof (guint32));
  guint32 n_pairs = 0;
  guint32 n_shifts = 0;
  GwOacPair *pairs;
  GwModShift *shifts;

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

  /* Rule 4: one entry per O-acetylated row, in file order.  Each class
   * is matched with its base class in one merge walk that notes each
   * row's base (in @pos, free until Rule 8), then the entries are written
   * in one pass in file order: only the base's RT is read at random. */
  for (guint32 c = 0; c < n_classes; c++)
    {
      guint32 bc = base_class[(gsize) c * GW_N_MODS + GW_MOD_OAC];
      const guint32 *m = ix->class_rows.members + ix->class_rows.start[c];
      guint32 len = ix->class_rows.start[c + 1] - ix->class_rows.start[c];

      if (ix->class_name[c]->mods[GW_MOD_OAC] == 0)
        continue;

      if (bc != NO_ID)
        match_bases (ix, c, bc, +1, bases);
      for (guint32 t = 0; t < len; t++)
        pos[m[t]] = bc != NO_ID ? bases[t] : NO_ID;
      n_pairs += len;
    }
  pairs = array_grow (&run->oac_pairs, n_pairs);

  n_pairs = 0;
  for (guint32 row = 0; row < ix->n_rows; row++)
    {
      guint32 c = ix->class_of_row[row];
      GwOacPair *pair;
      guint n_oac;
      guint32 base;

      if (c == NO_ID || (n_oac = ix->class_name[c]->mods[GW_MOD_OAC]) == 0)
        continue;

      pair = &pairs[n_pairs++];
      base = pos[row];
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

  /* Rule 8: one entry per row and modification kind that has a base,
   * in the order of GwModKind. */
  for (guint32 row = 0; row < ix->n_rows; row++)
    {
      guint32 c = ix->class_of_row[row];

      if (c != NO_ID && n_checks[c] > 0)
        {
          pos[row] = n_shifts;
          n_shifts += n_checks[c];
        }
    }
  shifts = array_grow (&run->mod_shifts, n_shifts);

  for (guint32 c = 0; c < n_classes; c++)
    {
      const GwName *name = ix->class_name[c];
      const guint32 *m = ix->class_rows.members + ix->class_rows.start[c];
      const double *r = ix->class_rows.rt + ix->class_rows.start[c];
      guint32 len = ix->class_rows.start[c + 1] - ix->class_rows.start[c];
      guint j = 0;

      for (guint k = 0; k < GW_N_MODS; k++)
        {
          guint32 bc = base_class[(gsize) c * GW_N_MODS + k];
          int sign = mod_expected_sign (k);

          if (bc == NO_ID || sign == 0)
            continue;

          match_bases (ix, c, bc, sign, bases);
          for (guint32 t = 0; t < len; t++)
            {
              guint32 row = m[t];
              GwModShift *shift = &shifts[pos[row] + j];

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

  g_free (base_class);
  g_free (n_checks);
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

/* Rule 5: co-elution sets.  Counted first, so the sets are sized once and
 * their members live in one allocation owned by the run. */
static void
rule5_coelution (Index *ix)
{
  GwRun *run = ix->run;
  guint32 n_sets = 0;
  gsize n_members = 0;
  GwCoelutionSet *sets;
  guint *blob;

  for (guint32 c = 0; c < ix->ceramide_rows.n_buckets; c++)
    rule5_scan_bucket (ix, c, NULL, NULL, &n_sets, &n_members);

  if (n_members == 0)
    return;

  blob = huge_alloc (n_members * sizeof (guint));
  g_ptr_array_add (run->blobs, blob);
  g_array_set_size (run->coelution_sets, run->coelution_sets->len + n_sets);
  sets = &g_array_index (run->coelution_sets, GwCoelutionSet, run->coelution_sets->len - n_sets);

  n_sets = 0;
  n_members = 0;
  for (guint32 c = 0; c < ix->ceramide_rows.n_buckets; c++)
    rule5_scan_bucket (ix, c, sets, blob, &n_sets, &n_members);
}

static const char *
intern_ceramide (GwRun        *run,
                 const GwName *name)
{
  g_autofree char *str = gw_name_format_ceramide (name);

  return gw_run_intern (run, str);
}

/* Rule 6: sugar count against RT within each ceramide. */
static void
rule6_sugar_rt (Index *ix)
{
  GwRun *run = ix->run;

  for (guint32 c = 0; c < ix->ceramide_rows.n_buckets; c++)
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

      if (f.flagged)
        for (guint32 t = 0; t < len; t++)
          ix->warnings[m[t]] |= GW_ROW_WARNING_SUGAR_RT_ORDER;

      g_array_append_val (run->sugar_rt, f);
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

/* Rule 9: within a ceramide, more sialic acids should elute earlier.
 * Counted first, so the report array is sized once. */
static void
rule9_cross_category (Index *ix)
{
  guint32 total = 0;
  GwCrossCategoryInversion *out;

  for (guint32 c = 0; c < ix->core_rows.n_buckets; c++)
    total += rule9_scan_bucket (ix, c, NULL);

  out = array_grow (&ix->run->cross_category, total);
  for (guint32 c = 0; c < ix->core_rows.n_buckets; c++)
    out += rule9_scan_bucket (ix, c, out);
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

  /* Per row: class_of_row, sorted and sorted_key (16 bytes) throughout;
   * then either the radix sort's keys and rows (12) and its histograms,
   * or sorted_cls (4) and the three buckets (12 + 16 + 16; their offsets
   * are not in the arena).  Rules 4 and 8 reuse sorted and the rest.
   * Plus 64 bytes of padding for each of the at most 24 arrays. */
  return n * 16 + MAX (n * 12 + 2 * 65536 * sizeof (guint32), n * 48) + 24 * 64;
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

  rules_4_and_8 (&ix);
  /* Only the buckets are read from here on. */
  gw_release_pages (ix.class_of_row, ix.spare + ix.spare_size - (guint8 *) ix.class_of_row);
  ix.class_of_row = NULL;
  gw_profile_mark ("side: rules 4, 8");
  rule5_coelution (&ix);
  gw_profile_mark ("side: rule 5");
  rule6_sugar_rt (&ix);
  rule7_category_order (&ix);
  rule9_cross_category (&ix);
  gw_profile_mark ("side: rules 6, 7, 9");

  index_clear (&ix);
  gw_arena_release (ix.arena, mark);
}
