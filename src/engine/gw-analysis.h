/* gw-analysis.h: the analysis entry point (ANALYSIS.md §3–§8)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-table.h"
#include "gw-run.h"

G_BEGIN_DECLS

#define GW_ANALYSIS_ERROR (gw_analysis_error_quark ())

typedef enum
{
  GW_ANALYSIS_ERROR_PARAMETER,      /* a parameter is out of its range */
  GW_ANALYSIS_ERROR_NO_VALID_ROWS,
  GW_ANALYSIS_ERROR_UNSUPPORTED,
} GwAnalysisError;

typedef enum
{
  GW_PRESET_ROBUST,    /* the default */
  GW_PRESET_CLASSIC,
} GwPreset;

/**
 * GwParams:
 *
 * Every parameter of a run (ANALYSIS.md §3).  Plain data; copy with `=`.
 */
typedef struct
{
  GwPreset preset;
  double   r2_threshold;        /* 0.50–0.999 */
  double   outlier_threshold;   /* 1.0–6.0 */
  double   rt_tolerance;        /* 0.01–0.50 min */
  double   anchor_weight;       /* 1–100, robust only */
  double   isomer_window_min;   /* min, robust only */
  double   isomer_window_max;   /* min, robust only */
} GwParams;

/* Called from the worker thread.  @fraction is in [0, 1]. */
typedef void (*GwProgressFunc) (double      fraction,
                                const char *message,
                                gpointer    user_data);

GQuark        gw_analysis_error_quark       (void);

void          gw_params_init                (GwParams       *params,
                                             GwPreset        preset);
gboolean      gw_params_validate            (const GwParams *params,
                                             GError        **error);
const char   *gw_preset_to_string           (GwPreset        preset);   /* "robust" */
gboolean      gw_preset_from_string         (const char     *str,
                                             GwPreset       *preset);

/**
 * gw_analyze:
 *
 * Analyses @table with @params and returns a new immutable run
 * (transfer full).  Pure: no globals, safe on any thread.  Returns NULL with
 * G_IO_ERROR_CANCELLED when @cancellable is cancelled.  @progress may be
 * NULL; it is called from the calling thread.
 */
GwRun        *gw_analyze                    (GwTable        *table,
                                             const GwParams *params,
                                             GCancellable   *cancellable,
                                             GwProgressFunc  progress,
                                             gpointer        progress_data,
                                             GError        **error);

G_END_DECLS
