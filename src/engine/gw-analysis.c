/* gw-analysis.c: the analysis entry point (ANALYSIS.md §3–§8)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-engine"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "gw-analysis.h"
#include "gw-run-private.h"

#ifdef G_OS_UNIX
#include <time.h>
#endif

G_DEFINE_QUARK (gw-analysis-error-quark, gw_analysis_error)

void
gw_params_init (GwParams *params,
                GwPreset  preset)
{
  g_return_if_fail (params != NULL);

  /* ANALYSIS.md §3.  The robust-only parameters do not apply to classic and
   * stay NAN there, so an export never shows a value that had no effect. */
  params->preset = preset;
  params->r2_threshold = 0.75;
  params->rt_tolerance = 0.10;

  switch (preset)
    {
    case GW_PRESET_CLASSIC:
      params->outlier_threshold = 2.5;
      params->anchor_weight = NAN;
      params->isomer_window_min = NAN;
      params->isomer_window_max = NAN;
      break;

    case GW_PRESET_ROBUST:
    default:
      params->preset = GW_PRESET_ROBUST;
      params->outlier_threshold = 3.0;
      params->anchor_weight = 5.0;
      params->isomer_window_min = 0.15;
      params->isomer_window_max = 1.00;
      break;
    }
}

static gboolean
check_range (const char  *name,
             double       value,
             double       min,
             double       max,
             GError     **error)
{
  if (isfinite (value) && value >= min && value <= max)
    return TRUE;

  g_set_error (error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_PARAMETER,
               "%s %g is outside its range %g–%g", name, value, min, max);

  return FALSE;
}

gboolean
gw_params_validate (const GwParams  *params,
                    GError         **error)
{
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (params->preset != GW_PRESET_ROBUST && params->preset != GW_PRESET_CLASSIC)
    {
      g_set_error (error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_PARAMETER,
                   "unknown preset %d", (int) params->preset);
      return FALSE;
    }

  if (!check_range ("r2_threshold", params->r2_threshold, 0.50, 0.999, error) ||
      !check_range ("outlier_threshold", params->outlier_threshold, 1.0, 6.0, error) ||
      !check_range ("rt_tolerance", params->rt_tolerance, 0.01, 0.50, error))
    return FALSE;

  if (params->preset == GW_PRESET_ROBUST)
    {
      if (!check_range ("anchor_weight", params->anchor_weight, 1.0, 100.0, error) ||
          !check_range ("isomer_window_min", params->isomer_window_min, 0.0, 10.0, error) ||
          !check_range ("isomer_window_max", params->isomer_window_max, 0.0, 10.0, error))
        return FALSE;

      if (params->isomer_window_min > params->isomer_window_max)
        {
          g_set_error (error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_PARAMETER,
                       "isomer_window_min %g is above isomer_window_max %g",
                       params->isomer_window_min, params->isomer_window_max);
          return FALSE;
        }
    }

  return TRUE;
}

const char *
gw_preset_to_string (GwPreset preset)
{
  switch (preset)
    {
    case GW_PRESET_CLASSIC:
      return "classic";
    case GW_PRESET_ROBUST:
      return "robust";
    default:
      g_return_val_if_reached ("robust");
    }
}

gboolean
gw_preset_from_string (const char *str,
                       GwPreset   *preset)
{
  GwPreset value;

  g_return_val_if_fail (str != NULL, FALSE);

  if (g_ascii_strcasecmp (str, "classic") == 0)
    value = GW_PRESET_CLASSIC;
  else if (g_ascii_strcasecmp (str, "robust") == 0)
    value = GW_PRESET_ROBUST;
  else
    return FALSE;

  if (preset != NULL)
    *preset = value;

  return TRUE;
}

static double
thread_cpu_seconds (void)
{
#if defined(G_OS_UNIX) && defined(CLOCK_THREAD_CPUTIME_ID)
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
#else
  return 0;
#endif
}

/* Seconds the calling thread has waited for a processor so far (Linux
 * schedstat counts nanoseconds), 0 when unknown. */
static double
thread_wait_seconds (void)
{
#ifdef __linux__
  FILE *f = fopen ("/proc/thread-self/schedstat", "r");
  unsigned long long run_ns = 0, wait_ns = 0;

  if (f == NULL)
    return 0;
  if (fscanf (f, "%llu %llu", &run_ns, &wait_ns) != 2)
    wait_ns = 0;
  fclose (f);
  return wait_ns / 1e9;
#else
  return 0;
#endif
}

void
gw_profile_mark (const char *phase)
{
  static int enabled = -1;
  /* Per thread: a phase's CPU time is the calling thread's own. */
  static _Thread_local gint64 last_wall;
  static _Thread_local double last_cpu;
  static _Thread_local double last_wait;
  gint64 wall;
  double cpu, wait;

  if (g_atomic_int_get (&enabled) < 0)
    g_atomic_int_set (&enabled, g_getenv ("GW_PROFILE") != NULL);
  if (!g_atomic_int_get (&enabled))
    return;

  wall = g_get_monotonic_time ();
  cpu = thread_cpu_seconds ();
  wait = thread_wait_seconds ();
  /* A NULL phase only starts the clocks.  Wall time is CPU time, plus
   * time waiting for a processor (other processes' load), plus time
   * blocked (for instance on a page another thread is mapping). */
  if (phase != NULL && last_wall != 0)
    fprintf (stderr, "profile: %-24s %7.1f ms wall %7.1f ms cpu %7.1f ms runqueue %7.1f ms blocked\n",
             phase, (wall - last_wall) / 1e3, (cpu - last_cpu) * 1e3, (wait - last_wait) * 1e3,
             MAX (0.0, (wall - last_wall) / 1e3 - (cpu - last_cpu) * 1e3 - (wait - last_wait) * 1e3));
  last_wall = wall;
  last_cpu = cpu;
  last_wait = wait;
}

/* From this size on, mapping the pages on a second thread saves more than
 * starting the thread costs (about 180 MB of columns and scratch at 1M
 * rows). */
#define POPULATE_MIN_ROWS 100000

GwRun *
gw_analyze (GwTable         *table,
            const GwParams  *params,
            GCancellable    *cancellable,
            GwProgressFunc   progress,
            gpointer         progress_data,
            GError         **error)
{
  g_autoptr(GwRun) run = NULL;
  /* Lent to the preset and the side reports through run->workspace;
   * gw_run_unref() never reads that field. */
  g_auto(GwArena) workspace = { 0 };
  GThread *populate = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!gw_params_validate (params, error))
    return NULL;

  if (gw_table_get_n_valid (table) == 0)
    {
      g_set_error (error, GW_ANALYSIS_ERROR, GW_ANALYSIS_ERROR_NO_VALID_ROWS,
                   "%s: no valid rows to analyse", gw_table_get_display_name (table));
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (progress != NULL)
    progress (0.0, "Analysing", progress_data);

  gw_profile_mark (NULL);

  /* The preset and then the side reports run on the calling thread, so
   * that the side reports find the preset's scratch pages already
   * mapped: on the virtual machines we run on, fresh pages cost more than
   * the work done on them, and a second thread with its own scratch
   * saved wall time on an idle machine only by spending more CPU time
   * (docs/performance.md).  The robust preset's group fits use a thread
   * pool, and on a large table another thread maps pages the preset
   * will write, sharing the first writes with the calling thread
   * (gw_robust_populate_start()).
   *
   * The robust preset first uses the run's columns as scratch, then
   * writes them: their pages are written once instead of its temporaries
   * taking fresh pages of their own. */
  if (params->preset == GW_PRESET_ROBUST)
    {
      run = gw_run_new_for_table_uninit (table, params);
      run->columns_scratch = TRUE;
    }
  else
    run = gw_run_new_for_table (table, params);

  if (params->preset == GW_PRESET_ROBUST && gw_table_get_n_rows (table) >= POPULATE_MIN_ROWS)
    {
      gw_arena_reserve (&workspace, gw_robust_workspace_size (gw_table_get_n_rows (table)));
      populate = gw_robust_populate_start (run, &workspace);
    }

  run->workspace = &workspace;
  gw_profile_mark ("run columns");

  switch (params->preset)
    {
    case GW_PRESET_CLASSIC:
      ok = gw_classic_analyze (run, cancellable, progress, progress_data, error);
      break;

    case GW_PRESET_ROBUST:
      ok = gw_robust_analyze (run, cancellable, progress, progress_data, error);
      break;

    default:
      g_assert_not_reached ();
    }

  gw_arena_populate_finish (g_steal_pointer (&populate));
  gw_profile_mark ("preset");

  if (!ok)
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (progress != NULL)
    progress (0.9, "Checking side rules", progress_data);

  gw_side_reports_compute (run);
  gw_profile_mark ("side reports");
  run->workspace = NULL;
  gw_arena_clear (&workspace);
  gw_profile_mark ("free workspace");

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  gw_run_finish (run);
  gw_profile_mark ("status counts");

  if (progress != NULL)
    progress (1.0, "Done", progress_data);

  return g_steal_pointer (&run);
}
