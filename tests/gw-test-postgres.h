/* gw-test-postgres.h: child processes and a private PostgreSQL for tests
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void         gw_test_child_setup_kill (gpointer              data);
GSubprocess *gw_test_spawn            (const char * const   *argv,
                                       const char           *log_path,
                                       GSpawnChildSetupFunc  setup,
                                       gpointer              setup_data);
guint        gw_test_free_port        (void);

const char  *gw_test_pg_setup         (const char           *tmpdir,
                                       guint                 max_connections);
void         gw_test_pg_start         (void);
void         gw_test_pg_stop          (void);
gboolean     gw_test_pg_running       (void);
const char  *gw_test_pg_conninfo      (void);
void         gw_test_pg_cleanup       (void);

G_END_DECLS
