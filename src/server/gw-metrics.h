/* gw-metrics.h: request counters and latency histogram, Prometheus text
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GwMetrics GwMetrics;

GwMetrics *gw_metrics_new             (void);
void       gw_metrics_free            (GwMetrics  *self);
void       gw_metrics_observe         (GwMetrics  *self,
                                       const char *method,
                                       guint       status,
                                       double      seconds);
void       gw_metrics_set_gauge       (GwMetrics  *self,
                                       const char *name,
                                       gint64      value);
void       gw_metrics_count           (GwMetrics  *self,
                                       const char *name);
char      *gw_metrics_render          (GwMetrics  *self);

G_END_DECLS
