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
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "gw-run-private.h"

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
 * first insertion). */
typedef struct
{
  Key     *keys;
  guint32 *ids;
  gsize    mask;
  guint32  n_ids;
} KeyMap;

static void
key_map_init (KeyMap *map,
              gsize   max_items)
{
  gsize cap = 16;

  while (cap < 2 * max_items)
    cap <<= 1;
  map->keys = g_new (Key, cap);
  map->ids = g_new (guint32, cap);
  memset (map->ids, 0xff, cap * sizeof (guint32));
  map->mask = cap - 1;
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

static guint32
key_map_insert (KeyMap *map,
                Key     k)
{
  gsize i = key_hash (k) & map->mask;

  for (;;)
    {
      if (map->ids[i] == NO_ID)
        {
          map->keys[i] = k;
          map->ids[i] = map->n_ids++;
          return map->ids[i];
        }
      if (map->keys[i].a == k.a && map->keys[i].b == k.b)
        return map->ids[i];
      i = (i + 1) & map->mask;
    }
}

/* Buckets: @n_buckets contiguous slices of @members, each in RT order. */
typedef struct
{
  guint32  n_buckets;
  guint32 *start;      /* n_buckets + 1 offsets into members */
  guint32 *members;    /* rows */
} Buckets;

static void
buckets_clear (Buckets *b)
{
  g_clear_pointer (&b->start, g_free);
  g_clear_pointer (&b->members, g_free);
}

/* A counting-sort scatter of @sorted (rows in RT order) by @bucket_of_row:
 * stable, so each bucket stays in RT order. */
static void
buckets_build (Buckets        *b,
               guint32         n_buckets,
               const guint32  *bucket_of_row,
               const guint32  *sorted,
               guint32         n_sorted)
{
  guint32 *fill;

  b->n_buckets = n_buckets;
  b->start = g_new0 (guint32, (gsize) n_buckets + 1);
  b->members = g_new (guint32, MAX (n_sorted, 1));

  for (guint32 i = 0; i < n_sorted; i++)
    b->start[bucket_of_row[sorted[i]] + 1]++;
  for (guint32 i = 0; i < n_buckets; i++)
    b->start[i + 1] += b->start[i];

  fill = g_memdup2 (b->start, ((gsize) n_buckets + 1) * sizeof (guint32));
  for (guint32 i = 0; i < n_sorted; i++)
    {
      guint32 row = sorted[i];

      b->members[fill[bucket_of_row[row]]++] = row;
    }
  g_free (fill);
}

/* Sorts @rows by @rt (all finite and ≥ 0, so the IEEE bit patterns sort
 * like the values) with a stable LSD radix sort, 16 bits per pass.  Passes
 * in which every key has the same digit are skipped. */
static void
radix_sort_by_rt (guint32      *rows,
                  guint32       n,
                  const double *rt)
{
  guint64 *keys_a = g_new (guint64, MAX (n, 1));
  guint64 *keys_b = g_new (guint64, MAX (n, 1));
  guint32 *rows_b = g_new (guint32, MAX (n, 1));
  guint32 *count = g_new (guint32, 65536);
  guint64 *ksrc = keys_a;
  guint64 *kdst = keys_b;
  guint32 *src = rows;
  guint32 *dst = rows_b;

  for (guint32 i = 0; i < n; i++)
    {
      /* Adding 0.0 turns −0 into +0. */
      double v = rt[rows[i]] + 0.0;

      memcpy (&keys_a[i], &v, sizeof v);
    }

  for (guint shift = 0; shift < 64; shift += 16)
    {
      guint32 sum = 0;
      gboolean trivial = FALSE;

      memset (count, 0, 65536 * sizeof (guint32));
      for (guint32 i = 0; i < n; i++)
        count[(ksrc[i] >> shift) & 0xffff]++;
      for (guint32 d = 0; d < 65536; d++)
        {
          guint32 c = count[d];

          if (c == n)
            trivial = TRUE;
          count[d] = sum;
          sum += c;
        }
      if (trivial)
        continue;

      for (guint32 i = 0; i < n; i++)
        {
          guint32 pos = count[(ksrc[i] >> shift) & 0xffff]++;

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

  g_free (keys_a);
  g_free (keys_b);
  g_free (rows_b);
  g_free (count);
}

typedef struct
{
  GwRun         *run;
  GwTable       *table;
  const double  *rt;
  const double  *volume;
  guint32        n_rows;

  /* Rows taking part, in RT order. */
  guint32       *sorted;
  guint32        n_sorted;

  KeyMap         classes;
  guint32       *class_of_row;      /* NO_ID for rows not taking part */
  Buckets        class_rows;

  guint32       *ceramide_of_row;
  Buckets        ceramide_rows;

  guint32       *core_of_row;
  Buckets        core_rows;
} Index;

static inline const GwName *
row_name (Index  *ix,
          guint32 row)
{
  return gw_table_get_parsed_name (ix->table, row);
}

static void
index_build (Index *ix)
{
  KeyMap ceramides;
  KeyMap cores;
  guint32 n = ix->n_rows;

  ix->sorted = g_new (guint32, MAX (n, 1));
  ix->n_sorted = 0;
  for (guint32 row = 0; row < n; row++)
    if (gw_table_is_valid (ix->table, row) &&
        gw_table_get_parsed_name (ix->table, row) != NULL &&
        isfinite (ix->rt[row]))
      ix->sorted[ix->n_sorted++] = row;

  /* Ids are assigned in input order, so every report comes out in a
   * stable order: by first appearance of the ceramide or name. */
  key_map_init (&ix->classes, ix->n_sorted);
  key_map_init (&ceramides, ix->n_sorted);
  key_map_init (&cores, ix->n_sorted);
  ix->class_of_row = g_new (guint32, MAX (n, 1));
  ix->ceramide_of_row = g_new (guint32, MAX (n, 1));
  ix->core_of_row = g_new (guint32, MAX (n, 1));
  memset (ix->class_of_row, 0xff, (gsize) n * sizeof (guint32));
  memset (ix->ceramide_of_row, 0xff, (gsize) n * sizeof (guint32));
  memset (ix->core_of_row, 0xff, (gsize) n * sizeof (guint32));
  for (guint32 i = 0; i < ix->n_sorted; i++)
    {
      guint32 row = ix->sorted[i];
      const GwName *name = row_name (ix, row);

      ix->class_of_row[row] = key_map_insert (&ix->classes, name_key (name));
      ix->ceramide_of_row[row] = key_map_insert (&ceramides, ceramide_key (name));
      ix->core_of_row[row] = key_map_insert (&cores, core_key (name));
    }

  radix_sort_by_rt (ix->sorted, ix->n_sorted, ix->rt);

  buckets_build (&ix->class_rows, ix->classes.n_ids, ix->class_of_row,
                 ix->sorted, ix->n_sorted);
  buckets_build (&ix->ceramide_rows, ceramides.n_ids, ix->ceramide_of_row,
                 ix->sorted, ix->n_sorted);
  buckets_build (&ix->core_rows, cores.n_ids, ix->core_of_row,
                 ix->sorted, ix->n_sorted);
  key_map_clear (&ceramides);
  key_map_clear (&cores);
}

static void
index_clear (Index *ix)
{
  g_clear_pointer (&ix->sorted, g_free);
  key_map_clear (&ix->classes);
  g_clear_pointer (&ix->class_of_row, g_free);
  buckets_clear (&ix->class_rows);
  g_clear_pointer (&ix->ceramide_of_row, g_free);
  buckets_clear (&ix->ceramide_rows);
  g_clear_pointer (&ix->core_of_row, g_free);
  buckets_clear (&ix->core_rows);
}

/* The base row of @row among the rows of class @base_class: the nearest
 * in RT with RT(base) < RT(row) when @expected_sign is +1 (the
 * modification should raise RT), RT(base) > RT(row) when it is −1; only
 * when none lies on that side, the nearest on the other side. */
static guint32
pick_base (Index   *ix,
           guint32  base_class,
           guint32  row,
           int      expected_sign)
{
  const guint32 *m = ix->class_rows.members + ix->class_rows.start[base_class];
  guint32 len = ix->class_rows.start[base_class + 1] - ix->class_rows.start[base_class];
  double x = ix->rt[row];
  guint32 lo = 0;
  guint32 hi = len;
  guint32 first_ge;   /* first index with RT ≥ x */
  guint32 first_gt;   /* first index with RT > x */
  guint32 pick;

  g_assert (len > 0);

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (ix->rt[m[mid]] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  first_ge = lo;
  first_gt = first_ge;
  while (first_gt < len && ix->rt[m[first_gt]] == x)
    first_gt++;

  if (expected_sign > 0)
    pick = first_ge > 0 ? first_ge - 1 : 0;
  else
    pick = first_gt < len ? first_gt : len - 1;

  /* Among equal RTs, the first in input order (the slice is stable). */
  while (pick > 0 && ix->rt[m[pick - 1]] == ix->rt[m[pick]])
    pick--;

  return m[pick];
}

/* Rule 4: O-acetylation pairs. */
static void
rule4_oac (Index *ix)
{
  GwRun *run = ix->run;

  for (guint32 row = 0; row < ix->n_rows; row++)
    {
      const GwName *name;
      GwOacPair pair;
      guint32 base_class;

      if (ix->class_of_row[row] == NO_ID)
        continue;
      name = row_name (ix, row);
      if (name->mods[GW_MOD_OAC] == 0)
        continue;

      pair.row = row;
      pair.n_oac = name->mods[GW_MOD_OAC];
      base_class = key_map_lookup (&ix->classes,
                                   key_without_mod (name_key (name), GW_MOD_OAC));
      if (base_class == NO_ID)
        {
          pair.base_row = -1;
          pair.delta_rt = NAN;
          pair.flag = GW_OAC_NO_BASE;
          run->warnings[row] |= GW_ROW_WARNING_OAC_NO_BASE;
        }
      else
        {
          guint32 base = pick_base (ix, base_class, row, +1);
          double per_oac;

          pair.base_row = (int) base;
          pair.delta_rt = ix->rt[row] - ix->rt[base];
          per_oac = pair.delta_rt / pair.n_oac;
          if (pair.delta_rt <= 0)
            {
              pair.flag = GW_OAC_RT_NOT_RAISED;
              run->warnings[row] |= GW_ROW_WARNING_OAC_RT_NOT_RAISED;
            }
          else if (per_oac < OAC_SHIFT_MIN - RT_EPSILON ||
                   per_oac > OAC_SHIFT_MAX + RT_EPSILON)
            {
              pair.flag = GW_OAC_SHIFT_OUT_OF_RANGE;
              run->warnings[row] |= GW_ROW_WARNING_OAC_SHIFT_RANGE;
            }
          else
            pair.flag = GW_OAC_OK;

          run->oac_base[row] = (gint32) base;
          run->oac_shift[row] = pair.delta_rt;
        }

      g_array_append_val (run->oac_pairs, pair);
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

/* Rule 8: modification shifts. */
static void
rule8_mod_shifts (Index *ix)
{
  GwRun *run = ix->run;

  for (guint32 row = 0; row < ix->n_rows; row++)
    {
      const GwName *name;
      Key key;

      if (ix->class_of_row[row] == NO_ID)
        continue;
      name = row_name (ix, row);
      key = name_key (name);

      for (guint k = 0; k < GW_N_MODS; k++)
        {
          int sign = mod_expected_sign (k);
          guint32 base_class;
          guint32 base;
          GwModShift shift;

          if (name->mods[k] == 0 || sign == 0)
            continue;
          base_class = key_map_lookup (&ix->classes, key_without_mod (key, k));
          if (base_class == NO_ID)
            continue;

          base = pick_base (ix, base_class, row, sign);
          shift.row = row;
          shift.base_row = base;
          shift.mod = k;
          shift.count = name->mods[k];
          shift.shift_per_mod = (ix->rt[row] - ix->rt[base]) / shift.count;
          shift.expected_sign = sign;
          shift.flagged = shift.shift_per_mod * sign <= 0;
          if (shift.flagged)
            run->warnings[row] |= GW_ROW_WARNING_MOD_SHIFT_DIRECTION;
          g_array_append_val (run->mod_shifts, shift);
        }
    }
}

/* Rule 5: co-elution sets.  The members of every set live in one
 * allocation owned by the run. */
static void
rule5_coelution (Index *ix)
{
  GwRun *run = ix->run;
  double tol = run->params.rt_tolerance;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint first_set = run->coelution_sets->len;
  guint *blob;

  for (guint32 c = 0; c < ix->ceramide_rows.n_buckets; c++)
    {
      const guint32 *m = ix->ceramide_rows.members + ix->ceramide_rows.start[c];
      guint32 len = ix->ceramide_rows.start[c + 1] - ix->ceramide_rows.start[c];
      guint32 i = 0;

      while (i < len)
        {
          guint32 j = i;

          /* No chaining: every member is within the window of the first. */
          while (j + 1 < len && ix->rt[m[j + 1]] - ix->rt[m[i]] <= tol + RT_EPSILON)
            j++;

          if (j > i)
            {
              GwCoelutionSet set = { 0 };
              guint top_sugars = 0;
              guint32 offset = members->len;

              set.n_members = j - i + 1;
              set.top_row = m[i];
              for (guint32 t = i; t <= j; t++)
                {
                  guint sugars = gw_name_get_sugars (row_name (ix, m[t]));
                  guint member = m[t];

                  if (t == i || sugars > top_sugars)
                    {
                      top_sugars = sugars;
                      set.top_row = m[t];
                    }
                  set.summed_volume += ix->volume[m[t]];
                  g_array_append_val (members, member);
                }
              set.rt_span = ix->rt[m[j]] - ix->rt[m[i]];
              g_array_append_val (run->coelution_sets, set);
              g_array_append_val (offsets, offset);
            }
          i = j + 1;
        }
    }

  if (members->len == 0)
    return;

  blob = g_memdup2 (members->data, (gsize) members->len * sizeof (guint));
  g_ptr_array_add (run->blobs, blob);
  for (guint s = 0; s < offsets->len; s++)
    {
      GwCoelutionSet *set = &g_array_index (run->coelution_sets, GwCoelutionSet, first_set + s);

      set->members = blob + g_array_index (offsets, guint32, s);
    }
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
          guint s = gw_name_get_sugars (row_name (ix, m[t]));

          seen |= 1u << MIN (s, 31u);
          mx += s;
          my += ix->rt[m[t]];
        }
      f.n = len;
      f.n_sugar_values = (guint) __builtin_popcount (seen);
      if (f.n_sugar_values < 2)
        continue;

      mx /= len;
      my /= len;
      for (guint32 t = 0; t < len; t++)
        {
          double dx = gw_name_get_sugars (row_name (ix, m[t])) - mx;
          double dy = ix->rt[m[t]] - my;

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
          run->warnings[m[t]] |= GW_ROW_WARNING_SUGAR_RT_ORDER;

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

  for (guint32 i = 0; i < ix->n_sorted; i++)
    {
      guint32 row = ix->sorted[i];
      GwCategory cat = gw_name_get_category (row_name (ix, row));

      g_assert (cat < GW_N_CATEGORIES);
      sum[cat] += ix->rt[row];
      n[cat]++;
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

          msg = g_strdup_printf ("category order: mean RT of %s (%.3f min) is after %s (%.3f min); "
                                 "on reversed-phase columns %s elutes first (is this a HILIC column?)",
                                 gw_category_to_string (prev), mean[prev],
                                 gw_category_to_string (cat), mean[cat],
                                 gw_category_to_string (prev));
          g_ptr_array_add (run->run_warnings, msg);
        }
      prev = cat;
    }
}

/* Rule 9: within a ceramide, more sialic acids should elute earlier. */
static void
rule9_cross_category (Index *ix)
{
  GwRun *run = ix->run;

  for (guint32 c = 0; c < ix->core_rows.n_buckets; c++)
    {
      const guint32 *m = ix->core_rows.members + ix->core_rows.start[c];
      guint32 len = ix->core_rows.start[c + 1] - ix->core_rows.start[c];
      guint32 earliest[6];   /* per sialic count, NO_ID when absent */
      const char *ceramide = NULL;

      if (len < 2)
        continue;

      /* The slice is in RT order, so the first row seen of each sialic
       * count is its earliest (and first in input order on ties). */
      for (guint s = 0; s < G_N_ELEMENTS (earliest); s++)
        earliest[s] = NO_ID;
      for (guint32 t = 0; t < len; t++)
        {
          guint s = MIN (row_name (ix, m[t])->sialic, 5);

          if (earliest[s] == NO_ID)
            earliest[s] = m[t];
        }

      for (guint32 t = 0; t < len; t++)
        {
          guint32 row = m[t];
          guint s = MIN (row_name (ix, row)->sialic, 5);
          guint32 fewer = NO_ID;
          GwCrossCategoryInversion inv;

          for (guint v = 0; v < s; v++)
            if (earliest[v] != NO_ID &&
                (fewer == NO_ID || ix->rt[earliest[v]] < ix->rt[fewer] ||
                 (ix->rt[earliest[v]] == ix->rt[fewer] && earliest[v] < fewer)))
              fewer = earliest[v];

          if (fewer == NO_ID ||
              ix->rt[row] - ix->rt[fewer] <= CROSS_CATEGORY_TOLERANCE + RT_EPSILON)
            continue;

          if (ceramide == NULL)
            ceramide = intern_ceramide (run, row_name (ix, row));
          inv.ceramide = ceramide;
          inv.row_more_sialic = row;
          inv.row_fewer_sialic = fewer;
          inv.rt_more_sialic = ix->rt[row];
          inv.rt_fewer_sialic = ix->rt[fewer];
          run->warnings[row] |= GW_ROW_WARNING_CATEGORY_INVERSION;
          run->warnings[fewer] |= GW_ROW_WARNING_CATEGORY_INVERSION;
          g_array_append_val (run->cross_category, inv);
        }
    }
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
  Index ix = { 0 };

  g_return_if_fail (run != NULL);
  g_return_if_fail (run->table != NULL);

  ensure_arrays (run);

  ix.run = run;
  ix.table = run->table;
  ix.rt = gw_table_get_rt_column (run->table);
  ix.volume = gw_table_get_volume_column (run->table);
  ix.n_rows = gw_table_get_n_rows (run->table);

  index_build (&ix);

  rule4_oac (&ix);
  rule5_coelution (&ix);
  rule6_sugar_rt (&ix);
  rule7_category_order (&ix);
  rule8_mod_shifts (&ix);
  rule9_cross_category (&ix);

  index_clear (&ix);
}
