/* gw-project-private.h: test hooks of GwProject (store-internal)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "gw-project.h"

G_BEGIN_DECLS

/* Writes a new project with the historical schema @version (1 ..
 * GW_PROJECT_SCHEMA_VERSION) and closes it, so that tests can exercise
 * the migrations exactly as an old release left its files. */
gboolean  gw_project_create_with_schema (const char  *path,
                                         const char  *name,
                                         guint        version,
                                         GError     **error);

/* For the store's companion files (gw-project-sync.c): the connection,
 * used only between lock and unlock, and the store's error mapping. */
sqlite3  *gw_project_lock_db            (GwProject   *self);
void      gw_project_unlock_db          (GwProject   *self);
void      gw_project_set_db_error       (GwProject   *self,
                                         int          rc,
                                         GError     **error);

G_END_DECLS
