/* gw-arena.h: bump allocation for an analysis' per-row scratch (engine-internal)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A million-row analysis needs a few hundred MB of temporaries.  On the
 * virtual machines we run on, the first write to a fresh page costs far
 * more than the computing done on it (a few ms per MB, see
 * docs/performance.md), so the steps of one analysis share one block:
 * each step takes what it needs and gives it back with
 * gw_arena_release(), and the next step finds the pages already mapped.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint8 *base;
  gsize   size;
  gsize   used;
} GwArena;

/* Transparent huge pages are 2 MiB on the machines we run on. */
#define GW_HUGE_PAGE_SIZE ((gsize) 2 * 1024 * 1024)

/* Room for @n items of 8 bytes or less, with gw_arena_take()'s padding. */
#define GW_ARENA_SLOT(n) ((gsize) (n) * 8 + 64)

/* An empty arena that can hold @size bytes.  Large ones are aligned to
 * 2 MiB and advised for transparent huge pages. */
void      gw_arena_init     (GwArena *arena,
                             gsize    size);
/* Makes room for @size bytes in an arena nothing is taken from (used 0):
 * keeps the block when it is large enough, else replaces it. */
void      gw_arena_reserve  (GwArena *arena,
                             gsize    size);
/* @n_bytes rounded up to 64, 64-byte aligned, uninitialised.  Aborts when
 * the arena is too small: callers size it from the row count. */
gpointer  gw_arena_take     (GwArena *arena,
                             gsize    n_bytes);
gpointer  gw_arena_take0    (GwArena *arena,
                             gsize    n_bytes);
/* Bytes still free. */
gsize     gw_arena_available (const GwArena *arena);
/* Gives back everything taken after @mark (a former arena->used). */
void      gw_arena_release  (GwArena *arena,
                             gsize    mark);
void      gw_arena_clear    (GwArena *arena);

/* Asks for transparent huge pages over the 2 MiB-aligned part of @mem
 * (@size bytes), before anything writes there: for large results that
 * must be ordinary g_malloc() memory (GArray data the run frees).  On the
 * virtual machines we run on, a first write to a 4 KiB page costs about
 * as much as to a 2 MiB one, so a 10 MB array otherwise costs tens of
 * milliseconds in page faults alone (docs/performance.md).  Advice only;
 * small blocks are left alone. */
void      gw_advise_huge_pages (gpointer mem,
                                gsize    size);
/* Gives the whole huge pages of [@mem, @mem + @size), scratch that nothing
 * reads again, back to the system (MADV_DONTNEED).  The memory stays
 * usable: a page given back reads as zeros and is mapped again when
 * written.  On the virtual machines we run on, a page the guest freed a
 * moment ago is written first at ~0.07 ms per MB, against ~2.3 ms for one
 * the host no longer backs (docs/performance.md), so the next large block
 * allocated is best placed on pages given back like this. */
void      gw_release_pages     (gpointer mem,
                                gsize    size);
/* Maps the pages of [@mem, @mem + @size) for writing now, on the calling
 * thread, without changing what they hold (MADV_POPULATE_WRITE; nothing
 * on kernels before 5.14).  On the virtual machines we run on, pages a
 * thread gave back (gw_release_pages()) come back warm only to a thread
 * on the same processor; another processor's first writes mostly find
 * pages the host must back again (docs/performance.md).  So a block that
 * tasks on several threads will fill is best mapped by the thread that
 * gave the pages back, before the tasks start. */
void      gw_populate_pages    (gpointer mem,
                                gsize    size);

/* Maps every page of @arena's block on another thread, without writing
 * to it, while the caller goes on (it may already write there: mapping
 * never changes what a page holds).  On the virtual machines we run on a
 * first write to a fresh page costs more than the work done on it, and
 * the second core is otherwise idle during an analysis.  Join with
 * gw_arena_populate_finish() before clearing the arena.  Returns NULL
 * when the system cannot do it (no MADV_POPULATE_WRITE, one processor).
 */
GThread  *gw_arena_populate_start  (GwArena *arena);
void      gw_arena_populate_finish (GThread *thread);

typedef struct
{
  gpointer base;
  gsize    size;
  /* From the end to the start, one huge page at a time, instead of from
   * the start in larger slices. */
  gboolean backward;
} GwPopulateRange;

/* The same for several blocks (large ones from gw_arena_init() or
 * advised with gw_advise_huge_pages()), mapped one after the other in
 * the order given.  Each range is rounded inward to whole pages; empty
 * ones are skipped.  Join with gw_arena_populate_finish() before freeing
 * any of the blocks.
 *
 * A range the caller writes from its start while this thread maps it
 * should be mapped backward: two threads first-writing cold pages at
 * once take about half the time of one (docs/performance.md), and the
 * two meet somewhere in the middle, neither waiting for the other for
 * more than a page.  Forward suits a range this thread should map ahead
 * of the caller's writes. */
GThread  *gw_populate_start        (const GwPopulateRange *ranges,
                                    guint                  n_ranges);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwArena, gw_arena_clear)

G_END_DECLS
