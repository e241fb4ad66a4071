/* gw-curation-popover.h: accept or reject the selected rows, with a reason
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "gw-curation.h"

G_BEGIN_DECLS

#define GW_TYPE_CURATION_POPOVER (gw_curation_popover_get_type ())

G_DECLARE_FINAL_TYPE (GwCurationPopover, gw_curation_popover, GW, CURATION_POPOVER, GtkPopover)

GtkWidget *gw_curation_popover_new        (void);
/* How many rows the buttons act on; 0 disables them. */
void       gw_curation_popover_set_n_rows (GwCurationPopover *self,
                                           guint              n_rows);

/* Signal "curate" (int status, const char *reason): a GwCurationStatus
 * and the trimmed, non-empty reason.  The popover pops down. */

G_END_DECLS
