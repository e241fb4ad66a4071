/* gw-server-json.h: strict JSON parsing for request bodies and backups
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *gw_server_json_parse (const char  *data,
                                gssize       len,
                                GError     **error);

G_END_DECLS
