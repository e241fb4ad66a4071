/* main.c: entry point of ganglioside-workbench
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ganglioside-workbench"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gw-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GwApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Ganglioside Workbench"));

  app = gw_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
