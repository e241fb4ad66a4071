/* gw-numparse.c: fast, locale-independent number parsing
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-numparse"

#include "config.h"

#include "gw-numparse.h"

#include <string.h>

/* Powers of ten that are exact doubles. */
static const double exact_pow10[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* The general case: g_ascii_strtod() is correct and locale-independent
 * but slower, and it accepts forms (hex, "inf") that the caller has
 * already ruled out by validating the syntax. */
static gboolean
parse_slow (const char *str,
            double     *out)
{
  gsize len = strlen (str);
  char stack[128];
  g_autofree char *heap = NULL;
  char *copy = len < sizeof stack ? stack : (heap = g_malloc (len + 1));
  char *end = NULL;

  memcpy (copy, str, len + 1);
  for (char *p = copy; *p != '\0'; p++)
    if (*p == ',')
      *p = '.';
  *out = g_ascii_strtod (copy, &end);
  return end == copy + len;
}

gboolean
gw_parse_double (const char *str,
                 gboolean    allow_comma,
                 double     *out,
                 gboolean   *used_comma)
{
  const char *p = str;
  gboolean negative = FALSE;
  gboolean any_digit = FALSE;
  gboolean exact = TRUE;
  gboolean comma = FALSE;
  guint64 mantissa = 0;
  int n_significant = 0;
  int exp10 = 0;

  if (*p == '+' || *p == '-')
    {
      negative = *p == '-';
      p++;
    }

  for (; g_ascii_isdigit (*p); p++)
    {
      any_digit = TRUE;
      if (n_significant < 19)
        {
          mantissa = mantissa * 10 + (guint) (*p - '0');
          if (mantissa != 0)
            n_significant++;
        }
      else
        {
          exp10++;
          if (*p != '0')
            exact = FALSE;
        }
    }

  if (*p == '.' || (allow_comma && *p == ','))
    {
      comma = *p == ',';
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          any_digit = TRUE;
          if (n_significant < 19)
            {
              mantissa = mantissa * 10 + (guint) (*p - '0');
              if (mantissa != 0)
                n_significant++;
              exp10--;
            }
          else if (*p != '0')
            exact = FALSE;
        }
    }

  if (!any_digit)
    return FALSE;

  if (*p == 'e' || *p == 'E')
    {
      int sign = 1;
      int e = 0;

      p++;
      if (*p == '+' || *p == '-')
        {
          sign = *p == '-' ? -1 : 1;
          p++;
        }
      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (; g_ascii_isdigit (*p); p++)
        if (e < 100000)
          e = e * 10 + (*p - '0');
      exp10 += sign * e;
    }

  if (*p != '\0')
    return FALSE;

  if (comma && used_comma != NULL)
    *used_comma = TRUE;

  /* Clinger's fast path: an exact mantissa and an exact power of ten give
   * a correctly rounded result in one IEEE operation. */
  if (exact && mantissa <= (G_GUINT64_CONSTANT (1) << 53) && exp10 >= -22 && exp10 <= 22)
    {
      double v = (double) mantissa;

      v = exp10 < 0 ? v / exact_pow10[-exp10] : v * exact_pow10[exp10];
      *out = negative ? -v : v;
      return TRUE;
    }

  return parse_slow (str, out);
}
