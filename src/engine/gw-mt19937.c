/* gw-mt19937.c: numpy-compatible Mersenne Twister and shuffle
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The classic preset must reproduce scikit-learn's
 * KFold(shuffle=True, random_state=42) folds bit for bit, so this follows
 * the reference MT19937 (Matsumoto & Nishimura, 2002) and numpy's
 * random_interval() exactly rather than using GLib's or GSL's generators,
 * whose seeding and range reduction differ.
 */

#define G_LOG_DOMAIN "gw-engine"

#include "config.h"

#include "gw-mt19937.h"

#define MT_M          397
#define MATRIX_A      0x9908b0dfU
#define UPPER_MASK    0x80000000U
#define LOWER_MASK    0x7fffffffU

void
gw_mt19937_init (GwMt19937 *state,
                 guint32    seed)
{
  g_return_if_fail (state != NULL);

  state->mt[0] = seed;
  for (guint i = 1; i < GW_MT19937_N; i++)
    state->mt[i] = 1812433253U * (state->mt[i - 1] ^ (state->mt[i - 1] >> 30)) + i;
  state->pos = GW_MT19937_N;
}

static void
mt19937_generate (GwMt19937 *state)
{
  static const guint32 mag01[2] = { 0U, MATRIX_A };
  guint32 *mt = state->mt;
  guint kk;
  guint32 y;

  for (kk = 0; kk < GW_MT19937_N - MT_M; kk++)
    {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1U];
    }
  for (; kk < GW_MT19937_N - 1; kk++)
    {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + MT_M - GW_MT19937_N] ^ (y >> 1) ^ mag01[y & 1U];
    }
  y = (mt[GW_MT19937_N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
  mt[GW_MT19937_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1U];

  state->pos = 0;
}

guint32
gw_mt19937_next_uint32 (GwMt19937 *state)
{
  guint32 y;

  g_return_val_if_fail (state != NULL, 0);

  if (state->pos >= GW_MT19937_N)
    mt19937_generate (state);

  y = state->mt[state->pos++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);

  return y;
}

guint32
gw_mt19937_interval (GwMt19937 *state,
                     guint32    max)
{
  guint32 mask = max;
  guint32 value;

  g_return_val_if_fail (state != NULL, 0);

  if (max == 0)
    return 0;

  /* The smallest all-ones mask covering @max; rejection sampling below it
   * keeps the draw unbiased and matches numpy's stream consumption. */
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;

  while ((value = (gw_mt19937_next_uint32 (state) & mask)) > max)
    ;

  return value;
}

void
gw_mt19937_shuffle_uint (GwMt19937 *state,
                         guint     *items,
                         gsize      n)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (items != NULL || n == 0);
  /* numpy switches to 64-bit draws above 2^32 items; we never get there. */
  g_return_if_fail (n <= G_MAXUINT32);

  for (gsize i = n > 0 ? n - 1 : 0; i >= 1; i--)
    {
      guint32 j = gw_mt19937_interval (state, (guint32) i);
      guint tmp = items[i];

      items[i] = items[j];
      items[j] = tmp;
    }
}
