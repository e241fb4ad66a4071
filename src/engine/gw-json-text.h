/* gw-json-text.h: checks on JSON text that json-glib does not make
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gssize gw_json_find_bad_escape (const char *text,
                                gsize       len);

G_END_DECLS
