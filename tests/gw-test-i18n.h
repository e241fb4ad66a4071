/* gw-test-i18n.h: switching a test to German
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The German catalog the build made (po/de/LC_MESSAGES/GETTEXT_PACKAGE.mo
 * in the build folder) bound the way main.c binds the installed one, as
 * tests/app/test-help.c does for the window.
 */

#pragma once

#include <glib.h>
#include <libintl.h>
#include <locale.h>

/* Messages in German from now on; LC_NUMERIC stays C.  FALSE (and the
 * test skipped) when the machine cannot: no C.UTF-8 locale. */
static inline gboolean
gw_test_use_german (void)
{
  const char *build_dir = g_getenv ("GW_BUILD_DIR");
  g_autofree char *po_dir = NULL;
  g_autofree char *mo = NULL;

  g_assert_nonnull (build_dir);
  po_dir = g_build_filename (build_dir, "po", NULL);
  mo = g_build_filename (po_dir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));

  /* LANGUAGE is ignored in the "C" locale; C.UTF-8 is always there. */
  g_setenv ("LANGUAGE", "de", TRUE);
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("no C.UTF-8 locale");
      return FALSE;
    }
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return TRUE;
}

/* Back to English (the C locale's messages). */
static inline void
gw_test_use_english (void)
{
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C");
}
