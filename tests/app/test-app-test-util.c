/* test-app-test-util.c: the UI tests' own helpers do what they say
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "app-test-util.h"

/* Stands for a test that hangs; a function of its own, so that its name
 * is in the stack the watchdog prints. */
static G_GNUC_NO_INLINE void
hang_for_a_while (guint seconds)
{
  g_usleep ((guint64) seconds * G_USEC_PER_SEC);
}

static void
test_watchdog (void)
{
  g_autofree char *gdb = g_find_program_in_path ("gdb");

  if (g_test_subprocess ())
    {
      gw_test_watchdog_start (1);
      hang_for_a_while (gdb != NULL ? 8 : 3);
      return;
    }

  /* The subprocess "hangs" past the watchdog's second, long enough for
   * gdb to attach and read symbols, then carries on and passes. */
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*# still running after 1 s*");
  if (gdb != NULL)
    g_test_trap_assert_stderr ("*hang_for_a_while*");
  else
    g_test_trap_assert_stderr ("*install gdb*");
}

static void
test_no_watchdog (void)
{
  if (g_test_subprocess ())
    {
      gw_test_watchdog_start (30);
      return;
    }

  /* A case that finishes before the watchdog's time says nothing and
   * passes. */
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*still running*");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/test-util/watchdog", test_watchdog);
  g_test_add_func ("/ui/test-util/no-watchdog", test_no_watchdog);

  return g_test_run ();
}
