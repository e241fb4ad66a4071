/* gw-application.h: the Ganglioside Workbench application
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GW_TYPE_APPLICATION (gw_application_get_type ())

G_DECLARE_FINAL_TYPE (GwApplication, gw_application, GW, APPLICATION, AdwApplication)

GwApplication *gw_application_new (const char        *application_id,
                                   GApplicationFlags  flags);

G_END_DECLS
