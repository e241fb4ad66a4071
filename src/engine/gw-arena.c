/* gw-arena.c: bump allocation for an analysis' per-row scratch
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-engine"

#include "config.h"

#include "gw-arena.h"
#include "gw-run-private.h"

#include <string.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

#define ARENA_HUGE_ALIGN GW_HUGE_PAGE_SIZE

void
gw_arena_init (GwArena *arena,
               gsize    size)
{
  arena->used = 0;
  size = MAX (size, 64);

  /* Small tables (the usual case) take an ordinary allocation. */
  if (size < ARENA_HUGE_ALIGN)
    {
      arena->size = (size + 63) / 64 * 64;
      arena->base = g_aligned_alloc (1, arena->size, 64);
      return;
    }

  arena->size = (size + ARENA_HUGE_ALIGN - 1) / ARENA_HUGE_ALIGN * ARENA_HUGE_ALIGN;
  arena->base = g_aligned_alloc (1, arena->size, ARENA_HUGE_ALIGN);
  gw_advise_huge_pages (arena->base, arena->size);
}

/* @advice over the whole huge pages inside [@mem, @mem + @size). */
static void
advise_whole_huge_pages (gpointer mem,
                         gsize    size,
                         int      advice)
{
#ifdef G_OS_UNIX
  guintptr start = ((guintptr) mem + ARENA_HUGE_ALIGN - 1) & ~(guintptr) (ARENA_HUGE_ALIGN - 1);
  guintptr end = ((guintptr) mem + size) & ~(guintptr) (ARENA_HUGE_ALIGN - 1);

  if (mem != NULL && end > start)
    madvise ((gpointer) start, end - start, advice);
#endif
}

void
gw_advise_huge_pages (gpointer mem,
                      gsize    size)
{
#if defined(G_OS_UNIX) && defined(MADV_HUGEPAGE)
  /* Advice only: a kernel without THP ignores it. */
  advise_whole_huge_pages (mem, size, MADV_HUGEPAGE);
#endif
}

void
gw_release_pages (gpointer mem,
                  gsize    size)
{
#if defined(G_OS_UNIX) && defined(MADV_DONTNEED)
  advise_whole_huge_pages (mem, size, MADV_DONTNEED);
#endif
}

void
gw_populate_pages (gpointer mem,
                   gsize    size)
{
#if defined(G_OS_UNIX) && defined(MADV_POPULATE_WRITE)
  const guintptr page = 4096;
  guintptr start = (guintptr) mem & ~(page - 1);
  guintptr end = ((guintptr) mem + size + page - 1) & ~(page - 1);

  /* Every page of the range holds some of @mem, so it is mapped. */
  if (mem != NULL && size > 0)
    (void) madvise ((gpointer) start, end - start, MADV_POPULATE_WRITE);
#endif
}

void
gw_arena_reserve (GwArena *arena,
                  gsize    size)
{
  g_assert (arena->used == 0);

  if (arena->base != NULL && arena->size >= size)
    return;

  gw_arena_clear (arena);
  gw_arena_init (arena, size);
}

gpointer
gw_arena_take (GwArena *arena,
               gsize    n_bytes)
{
  gpointer p;

  n_bytes = (MAX (n_bytes, 1) + 63) / 64 * 64;
  g_assert (arena->base != NULL && arena->used + n_bytes <= arena->size);
  p = arena->base + arena->used;
  arena->used += n_bytes;

  return p;
}

gpointer
gw_arena_take0 (GwArena *arena,
                gsize    n_bytes)
{
  gpointer p = gw_arena_take (arena, n_bytes);

  memset (p, 0, n_bytes);

  return p;
}

gsize
gw_arena_available (const GwArena *arena)
{
  return arena->size - arena->used;
}

void
gw_arena_release (GwArena *arena,
                  gsize    mark)
{
  g_assert (mark <= arena->used);
  arena->used = mark;
}

void
gw_arena_clear (GwArena *arena)
{
  g_clear_pointer (&arena->base, g_aligned_free);
  arena->size = arena->used = 0;
}

#if defined(G_OS_UNIX) && defined(MADV_POPULATE_WRITE)
typedef struct
{
  guint           n_ranges;
  GwPopulateRange ranges[];
} PopulateJob;

static gpointer
populate_thread (gpointer data)
{
  g_autofree PopulateJob *job = data;

  gw_profile_mark (NULL);
  for (guint r = 0; r < job->n_ranges; r++)
    {
      guintptr start = (guintptr) job->ranges[r].base;
      guintptr end = start + job->ranges[r].size;

      /* Advice only: an older kernel says EINVAL, and the caller's own
       * writes map the pages as before. */
      if (job->ranges[r].backward)
        {
          /* One huge page at a time, slices ending on huge-page
           * boundaries: where the caller's writes meet this thread,
           * neither waits for more than a page. */
          while (end > start)
            {
              guintptr from = MAX (start, (end - 1) & ~(guintptr) (ARENA_HUGE_ALIGN - 1));

              if (madvise ((gpointer) from, end - from, MADV_POPULATE_WRITE) != 0)
                return NULL;
              end = from;
            }
        }
      else
        {
          /* In slices, so that the caller's own first writes, which come
           * from the front, meet pages already mapped as soon as
           * possible. */
          const gsize slice = 8 * ARENA_HUGE_ALIGN;

          for (guintptr off = start; off < end; off += slice)
            if (madvise ((gpointer) off, MIN (slice, end - off), MADV_POPULATE_WRITE) != 0)
              return NULL;
        }
      gw_profile_mark (job->ranges[r].backward ? "populate: range backward"
                                               : "populate: range forward");
    }

  return NULL;
}
#endif

GThread *
gw_populate_start (const GwPopulateRange *ranges,
                   guint                  n_ranges)
{
#if defined(G_OS_UNIX) && defined(MADV_POPULATE_WRITE)
  PopulateJob *job;
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize total = 0;

  if (g_get_num_processors () < 2)
    return NULL;

  job = g_malloc (sizeof (PopulateJob) + n_ranges * sizeof (GwPopulateRange));
  job->n_ranges = 0;
  for (guint r = 0; r < n_ranges; r++)
    {
      guintptr start = ((guintptr) ranges[r].base + page - 1) / page * page;
      guintptr end = ((guintptr) ranges[r].base + ranges[r].size) / page * page;

      if (ranges[r].base == NULL || end <= start)
        continue;
      job->ranges[job->n_ranges].base = (gpointer) start;
      job->ranges[job->n_ranges].size = end - start;
      job->ranges[job->n_ranges].backward = ranges[r].backward;
      job->n_ranges++;
      total += end - start;
    }

  /* Not worth a thread for less than a huge page. */
  if (total < ARENA_HUGE_ALIGN)
    {
      g_free (job);
      return NULL;
    }

  return g_thread_new ("gw-populate", populate_thread, job);
#else
  return NULL;
#endif
}

GThread *
gw_arena_populate_start (GwArena *arena)
{
  GwPopulateRange range = { arena->base, arena->size, FALSE };

  /* Only whole-page blocks from gw_arena_init()'s large path. */
  if (arena->base == NULL || arena->size < ARENA_HUGE_ALIGN)
    return NULL;

  return gw_populate_start (&range, 1);
}

void
gw_arena_populate_finish (GThread *thread)
{
  if (thread != NULL)
    g_thread_join (thread);
}
