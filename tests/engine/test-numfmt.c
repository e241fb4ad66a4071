/* test-numfmt.c: tests for the exporters' number formatting
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-numfmt"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-numfmt.h"

static char *
fixed (double v,
       guint  decimals)
{
  char buf[GW_NUMFMT_BUFSIZE];
  gsize n = gw_numfmt_fixed (buf, v, decimals);

  g_assert_cmpuint (n, <, sizeof buf);
  return g_strndup (buf, n);
}

static char *
roundtrip (double v)
{
  char buf[GW_NUMFMT_BUFSIZE];
  gsize n = gw_numfmt_roundtrip (buf, v);

  g_assert_cmpuint (n, <, sizeof buf);
  return g_strndup (buf, n);
}

#define ASSERT_FIXED(v, d, expected) \
  G_STMT_START { g_autofree char *s_ = fixed ((v), (d)); g_assert_cmpstr (s_, ==, (expected)); } G_STMT_END
#define ASSERT_RT(v, expected) \
  G_STMT_START { g_autofree char *s_ = roundtrip ((v)); g_assert_cmpstr (s_, ==, (expected)); } G_STMT_END

static void
test_fixed (void)
{
  ASSERT_FIXED (9.572, 6, "9.572");
  ASSERT_FIXED (-0.368272903, 6, "-0.368273");
  ASSERT_FIXED (12.0, 6, "12");
  ASSERT_FIXED (0.5, 0, "1");      /* round half away from zero */
  ASSERT_FIXED (-0.0000004, 6, "0");  /* no "-0" */
  ASSERT_FIXED (0.000001, 6, "0.000001");
  ASSERT_FIXED (1234567.1234564, 6, "1234567.123456");
  ASSERT_FIXED (2e9, 6, "2000000000");
  ASSERT_FIXED (NAN, 6, "");
  ASSERT_FIXED (INFINITY, 6, "");
  /* Beyond the integer fast path: still a number that reads back. */
  {
    g_autofree char *s = fixed (1e20, 6);

    g_assert_cmpfloat (g_ascii_strtod (s, NULL), ==, 1e20);
  }
}

static void
test_roundtrip_examples (void)
{
  ASSERT_RT (9.572, "9.572");
  ASSERT_RT (0.1 + 0.2, "0.30000000000000004");
  ASSERT_RT (-3.25, "-3.25");
  ASSERT_RT (0.0, "0");
  ASSERT_RT (2e9, "2000000000");
  ASSERT_RT (1e21, "1e21");
  ASSERT_RT (1.5e-8, "0.000000015");
  ASSERT_RT (1e-10, "1e-10");
  ASSERT_RT (NAN, "");
}

/* Every output must read back as exactly the same double, and be JSON. */
static void
test_roundtrip_random (void)
{
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 200000; i++)
    {
      double v;
      g_autofree char *s = NULL;
      double back;

      switch (i % 4)
        {
        case 0:   /* RT-like decimals */
          v = g_rand_int_range (rand, 0, 300000) / 1000.0;
          break;
        case 1:   /* computed values of every magnitude */
          v = g_rand_double (rand) * pow (10, g_rand_int_range (rand, -12, 16));
          break;
        case 2:
          v = -g_rand_double_range (rand, 0, 50);
          break;
        default:  /* any bit pattern */
          {
            guint64 bits = (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);

            memcpy (&v, &bits, sizeof v);
            if (!isfinite (v))
              continue;
          }
          break;
        }

      s = roundtrip (v);
      back = g_ascii_strtod (s, NULL);
      if (back != v)
        g_error ("%.17g was written as %s, which reads back as %.17g", v, s, back);
      /* JSON number grammar: no leading '+', no trailing '.' */
      g_assert_cmpint (s[0], !=, '+');
      g_assert_false (g_str_has_suffix (s, "."));
    }

  g_rand_free (rand);
}

static void
test_int (void)
{
  char buf[GW_NUMFMT_BUFSIZE];
  gsize n;

  n = gw_numfmt_int (buf, G_MININT64);
  g_assert_cmpmem (buf, n, "-9223372036854775808", 20);
  n = gw_numfmt_int (buf, 0);
  g_assert_cmpmem (buf, n, "0", 1);
  n = gw_numfmt_int (buf, 324);
  g_assert_cmpmem (buf, n, "324", 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/numfmt/fixed", test_fixed);
  g_test_add_func ("/engine/numfmt/roundtrip/examples", test_roundtrip_examples);
  g_test_add_func ("/engine/numfmt/roundtrip/random", test_roundtrip_random);
  g_test_add_func ("/engine/numfmt/int", test_int);

  return g_test_run ();
}
