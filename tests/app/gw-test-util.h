/* gw-test-util.h: helpers shared by the UI tests
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*GwTestCondition) (gpointer data);

/* Runs the main loop until @condition holds; fails the test after
 * @timeout_s seconds, naming @what. */
static inline void
gw_test_wait_for (GwTestCondition  condition,
                  gpointer         data,
                  guint            timeout_s,
                  const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %u s waiting for %s", timeout_s, what);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* Runs the main loop for @ms milliseconds. */
static inline void
gw_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

G_END_DECLS
