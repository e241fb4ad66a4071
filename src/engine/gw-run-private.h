/* gw-run-private.h: how the presets build a GwRun (engine-internal)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gw-analysis.h"
#include "gw-arena.h"
#include "gw-run.h"

G_BEGIN_DECLS

struct _GwRun
{
  gatomicrefcount  ref_count;
  GwTable         *table;
  GwParams         params;
  char            *version;
  gint64           start_time;
  gint64           end_time;
  guint            n_rows;
  guint            status_counts[GW_N_STATUSES];

  /* Per-row columns, n_rows long. */
  guint8          *status;            /* GwStatus */
  guint8          *model_level;       /* GwModelLevel */
  gint32          *model_index;       /* -1: none */
  double          *predicted;
  double          *residual;
  double          *z;
  double          *pi_low;
  double          *pi_high;
  double          *confidence;
  gint32          *fragment_of;
  double          *fragment_parent_volume;
  gint32          *isomer_of;
  gint32          *oac_base;
  double          *oac_shift;
  guint32         *warnings;          /* GwRowWarning bits */
  const char     **reason;            /* NULL → ""; strings live in @strings */

  GStringChunk    *strings;           /* reasons, equations, names */

  GArray          *models;            /* GwModel */
  GArray          *oac_pairs;         /* GwOacPair */
  GArray          *coelution_sets;    /* GwCoelutionSet (members in @strings-owned memory via @blobs) */
  GArray          *sugar_rt;          /* GwSugarRtFinding */
  GArray          *category_means;    /* GwCategoryMean */
  GArray          *category_inversions; /* GwCategoryInversion */
  GArray          *mod_shifts;        /* GwModShift */
  GArray          *cross_category;    /* GwCrossCategoryInversion */
  GPtrArray       *run_warnings;      /* char *, NULL-terminated on freeze */
  GPtrArray       *blobs;             /* g_free'd allocations owned by the run */

  /* Every per-row column above lives in this one block (gw-run.c); never
   * free or reallocate a column on its own. */
  gpointer         columns_block;
  gsize            columns_size;      /* bytes in @columns_block */

  /* TRUE while the columns are allocated but not yet written
   * (gw_run_new_for_table_uninit() in gw_analyze()): a preset may use
   * @columns_block as scratch, and then must initialise every row of
   * every column (gw_run_init_rows(), its two parts, or by writing the
   * same values itself) before anything else reads or writes a column,
   * and before it returns, also when it fails.  Those pages are written
   * anyway, so the preset's temporaries there cost no fresh memory
   * (docs/performance.md). */
  gboolean         columns_scratch;

  /* TRUE when the rows with status outlier, isomer or fragment and no
   * stored reason have the robust preset's reason, which follows from
   * their columns: gw_run_peek_reason() formats it, gw_run_get_reason()
   * formats and keeps it (under @reason_lock, published atomically). */
  gboolean         derived_reasons;
  /* Guards @strings: derived reasons are kept from any thread, and the
   * side reports may run next to a preset (gw_side_reports_compute_full()),
   * both of which intern strings. */
  GMutex           reason_lock;

  /* Scratch memory that gw_analyze() lends to the preset and then to the
   * side reports, so the second finds its pages already mapped; NULL
   * outside gw_analyze(). */
  GwArena         *workspace;
};

/* A reason being formatted: fixed-point numbers that never use the
 * locale's decimal separator (reasons are data), without printf. */
#define GW_REASON_BUFSIZE 512

typedef struct
{
  char  buf[GW_REASON_BUFSIZE];
  gsize len;
} GwReasonBuf;

void         gw_reason_buf_mem           (GwReasonBuf    *rb,
                                          const char     *str,
                                          gsize           n);
#define      gw_reason_buf_lit(rb, lit)  gw_reason_buf_mem ((rb), (lit), sizeof (lit) - 1)
void         gw_reason_buf_str           (GwReasonBuf    *rb,
                                          const char     *str);
void         gw_reason_buf_uint          (GwReasonBuf    *rb,
                                          guint64         v);
/* %.Nf for 0 ≤ N ≤ 3, rounding half away from zero. */
void         gw_reason_buf_num           (GwReasonBuf    *rb,
                                          double          v,
                                          int             decimals);
/* NUL-terminates and returns rb->buf. */
const char  *gw_reason_buf_finish        (GwReasonBuf    *rb);

/* @row's reason, like gw_run_get_reason(), but a derived reason that is
 * not stored yet is formatted into @rb and not kept: for exporters,
 * which read every row once.  Valid until @rb is reused. */
const char  *gw_run_peek_reason          (GwRun          *run,
                                          guint           row,
                                          GwReasonBuf    *rb);

/* Allocates a run for @table with every column initialised: status VALID
 * (INVALID for invalid table rows, with the table's error as reason),
 * doubles NAN, indices -1, level NONE. */
GwRun       *gw_run_new_for_table        (GwTable        *table,
                                          const GwParams *params);
/* The same with the columns allocated but not written: call
 * gw_run_init_rows() over every row before anything else touches them,
 * for instance over halves of the rows on two threads (on a large table
 * the first write to the column pages is a large part of an analysis). */
GwRun       *gw_run_new_for_table_uninit (GwTable        *table,
                                          const GwParams *params);
void         gw_run_init_rows            (GwRun          *run,
                                          guint           start,
                                          guint           end);
/* gw_run_init_rows() in two parts, which may be called at different
 * times: the six columns a preset's results fill (predicted, residual,
 * z, pi_low, pi_high, confidence), which come first in @columns_block and
 * end gw_run_columns_fitted_size() bytes into it, and the rest, which
 * ends gw_run_columns_used_size() bytes into it (the block's rounding up
 * after that is never written). */
void         gw_run_init_rows_fitted     (GwRun          *run,
                                          guint           start,
                                          guint           end);
void         gw_run_init_rows_rest       (GwRun          *run,
                                          guint           start,
                                          guint           end);
gsize        gw_run_columns_fitted_size  (GwRun          *run);
gsize        gw_run_columns_used_size    (GwRun          *run);
/* Stores a copy of @reason for @row. */
void         gw_run_set_reason           (GwRun          *run,
                                          guint           row,
                                          const char     *reason);
void         gw_run_set_reason_printf    (GwRun          *run,
                                          guint           row,
                                          const char     *format,
                                          ...) G_GNUC_PRINTF (3, 4);
const char  *gw_run_intern               (GwRun          *run,
                                          const char     *str);

/* The engine's text is data: its numbers have a dot whatever the
 * process's locale (the app calls setlocale (LC_ALL, "")).  Between
 * begin and end the calling thread's printf formats as in the C locale
 * (uselocale(), so other threads are not affected).  Nestable. */
gpointer     gw_c_numeric_begin          (void);
void         gw_c_numeric_end            (gpointer        saved);
/* g_strdup_printf() in the C locale. */
char        *gw_strdup_printf_c          (const char     *format,
                                          ...) G_GNUC_PRINTF (1, 2);
/* Counts statuses, sets end_time, NULL-terminates lists. Call once, last. */
void         gw_run_finish               (GwRun          *run);

/* Phase timing for profiling (docs/performance.md): with GW_PROFILE set
 * in the environment, prints the wall and thread CPU time since the
 * calling thread's previous mark to stderr, labelled @phase; a NULL
 * @phase only starts the clocks.  Without GW_PROFILE it does nothing. */
void         gw_profile_mark             (const char     *phase);

/* Side reports (§7): fill the report arrays and row links of @run.
 * Shared by both presets. */
void         gw_side_reports_compute     (GwRun          *run);
/* The same, with scratch from @arena (nullable: a private one; must be
 * empty) and the row warning bits ORed into @warnings (run->warnings or
 * a private array of n_rows); safe to run next to the robust preset. */
void         gw_side_reports_compute_full (GwRun         *run,
                                           GwArena       *arena,
                                           guint32       *warnings);

/* The presets. Each fills @run's rows and models. */
gboolean     gw_classic_analyze          (GwRun          *run,
                                          GCancellable   *cancellable,
                                          GwProgressFunc  progress,
                                          gpointer        progress_data,
                                          GError        **error);
gboolean     gw_robust_analyze           (GwRun          *run,
                                          GCancellable   *cancellable,
                                          GwProgressFunc  progress,
                                          gpointer        progress_data,
                                          GError        **error);
/* The median of the @n values @v, or with @use_abs of |@v − @center|, as
 * the robust preset's pooled scale takes it: on @n_workers
 * (gw_tasks_n_workers()), the same value for any count.  @buf has room
 * for @n doubles. */
double       gw_robust_median            (const double   *v,
                                          guint           n,
                                          double          center,
                                          gboolean        use_abs,
                                          guint           n_workers,
                                          double         *buf);
/* The scratch gw_robust_analyze() takes from run->workspace for a table
 * of @n_rows rows; at least gw_side_reports_workspace_size(), so the side
 * reports run in the same pages. */
gsize        gw_robust_workspace_size    (guint           n_rows);
/* Maps the pages of @run's columns and of @workspace (empty, reserved
 * with gw_robust_workspace_size()) that gw_robust_analyze() will write,
 * on another thread, in the order it will first write them
 * (gw_populate_start()). */
GThread     *gw_robust_populate_start    (GwRun          *run,
                                          GwArena        *workspace);
/* The most scratch gw_side_reports_compute_full() takes from its arena
 * for a table of @n_rows rows. */
gsize        gw_side_reports_workspace_size (guint        n_rows);

G_END_DECLS
