/* gw-server-admin.h: the administration commands of ganglioside-server
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gw-server-config.h"

G_BEGIN_DECLS

/* Runs "user add", "team add", "migrate", "backup" and the rest; returns
 * the process exit status. */
int gw_server_admin_run (GwServerConfig *config,
                         int             argc,
                         char          **argv);

G_END_DECLS
