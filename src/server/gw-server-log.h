/* gw-server-log.h: structured logging for journald or a plain stream
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void gw_server_log_init (gboolean verbose);

G_END_DECLS
