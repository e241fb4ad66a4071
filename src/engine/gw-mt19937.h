/* gw-mt19937.h: numpy-compatible Mersenne Twister and shuffle (ANALYSIS.md §4.5)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_MT19937_N 624

/**
 * GwMt19937:
 *
 * The state of one MT19937 generator.  Plain data on the caller's stack:
 * there is no global generator, so any number of threads can each use
 * their own.
 */
typedef struct
{
  guint32 mt[GW_MT19937_N];
  guint   pos;
} GwMt19937;

/* Seeds like Matsumoto and Nishimura's init_genrand(), which is what
 * numpy's legacy RandomState(seed) does for an integer seed. */
void     gw_mt19937_init            (GwMt19937 *state,
                                     guint32    seed);
/* The next 32-bit output (genrand_int32). */
guint32  gw_mt19937_next_uint32     (GwMt19937 *state);
/* A uniform integer in [0, max] by masked rejection, exactly as numpy's
 * random_interval() for max < 2^32. */
guint32  gw_mt19937_interval        (GwMt19937 *state,
                                     guint32    max);
/* Shuffles @n items of @items in place the way numpy's legacy
 * RandomState.shuffle does for a 1-D array. */
void     gw_mt19937_shuffle_uint    (GwMt19937 *state,
                                     guint     *items,
                                     gsize      n);

G_END_DECLS
