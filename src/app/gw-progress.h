/* gw-progress.h: progress of a worker, read on the main thread
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GW_TYPE_PROGRESS (gw_progress_get_type ())

G_DECLARE_FINAL_TYPE (GwProgress, gw_progress, GW, PROGRESS, GObject)

GwProgress *gw_progress_new          (void);
/* Thread-safe: may be called from a worker. */
void        gw_progress_report       (GwProgress *self,
                                      double      fraction,
                                      const char *message);
/* Main thread only. */
double      gw_progress_get_fraction (GwProgress *self);
char       *gw_progress_dup_message  (GwProgress *self);

G_END_DECLS
