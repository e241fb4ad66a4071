/* gw-numfmt.c: fast, locale-independent number formatting for the exporters
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * printf ("%g") costs about a microsecond per call and honours the locale;
 * a million-row export writes ten million numbers, so the exporters format
 * with integer arithmetic instead.
 */

#define G_LOG_DOMAIN "gw-numfmt"

#include "config.h"

#include "gw-numfmt.h"

#include <float.h>
#include <math.h>
#include <string.h>

static const char digit_pairs[201] =
  "00010203040506070809"
  "10111213141516171819"
  "20212223242526272829"
  "30313233343536373839"
  "40414243444546474849"
  "50515253545556575859"
  "60616263646566676869"
  "70717273747576777879"
  "80818283848586878889"
  "90919293949596979899";

static const guint64 pow10_u64[] = {
  1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
  10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
  100000000000ull, 1000000000000ull, 10000000000000ull,
  100000000000000ull, 1000000000000000ull, 10000000000000000ull,
  100000000000000000ull, 1000000000000000000ull,
};

/* Writes the digits of @v right-aligned into the end of @tmp (20 bytes)
 * and returns a pointer to the first one. */
static inline char *
u64_digits (char    *end,
            guint64  v)
{
  char *p = end;

  while (v >= 100)
    {
      guint i = (guint) (v % 100) * 2;

      v /= 100;
      *--p = digit_pairs[i + 1];
      *--p = digit_pairs[i];
    }
  if (v >= 10)
    {
      guint i = (guint) v * 2;

      *--p = digit_pairs[i + 1];
      *--p = digit_pairs[i];
    }
  else
    *--p = (char) ('0' + v);

  return p;
}

static inline gsize
write_u64 (char    *buf,
           guint64  v)
{
  char tmp[24];
  char *end = tmp + sizeof tmp;
  char *p = u64_digits (end, v);
  gsize len = (gsize) (end - p);

  memcpy (buf, p, len);
  return len;
}

gsize
gw_numfmt_int (char   *buf,
               gint64  value)
{
  if (value < 0)
    {
      buf[0] = '-';
      /* Negating through guint64 is defined for G_MININT64 too. */
      return 1 + write_u64 (buf + 1, (guint64) 0 - (guint64) value);
    }
  return write_u64 (buf, (guint64) value);
}

static gsize
write_g17 (char   *buf,
           double  value)
{
  g_ascii_formatd (buf, GW_NUMFMT_BUFSIZE, "%.17g", value);
  return strlen (buf);
}

/* Writes @mag / 10^@decimals, trimming trailing zeros of the fraction. */
static gsize
write_scaled (char    *buf,
              gboolean negative,
              guint64  mag,
              guint    decimals)
{
  guint64 scale = pow10_u64[decimals];
  guint64 ip = mag / scale;
  guint64 fp = mag % scale;
  gsize len = 0;

  if (negative && mag != 0)
    buf[len++] = '-';
  len += write_u64 (buf + len, ip);

  if (fp != 0)
    {
      guint nd = decimals;
      char *frac;

      while (fp % 10 == 0)
        {
          fp /= 10;
          nd--;
        }
      buf[len++] = '.';
      frac = buf + len;
      memset (frac, '0', nd);
      /* The digits of fp, right-aligned in nd places. */
      {
        char tmp[24];
        char *end = tmp + sizeof tmp;
        char *p = u64_digits (end, fp);
        gsize n = (gsize) (end - p);

        memcpy (frac + nd - n, p, n);
      }
      len += nd;
    }

  return len;
}

gsize
gw_numfmt_fixed (char   *buf,
                 double  value,
                 guint   decimals)
{
  double y;
  double r;

  if (!isfinite (value))
    return 0;

  if (decimals > 9)
    decimals = 9;

  y = value * (double) pow10_u64[decimals];
  if (fabs (y) >= 9.0e15)
    return write_g17 (buf, value);

  r = round (y);
  return write_scaled (buf, signbit (r) != 0, (guint64) fabs (r), decimals);
}

/* 17 significant digits of |@value| as an integer in [1e16, 1e17) and the
 * decimal exponent of its first digit.  Uses the x87 80-bit long double:
 * one multiplication by an exactly representable power of ten has a
 * relative error of 2^-64, i.e. below 0.006 units in the 17th digit, so
 * rounding is exact unless the fraction is within that of one half.
 * Returns FALSE when the caller must fall back to printf. */
static gboolean
digits17 (double   value,
          guint64 *digits,
          int     *exp10)
{
#if LDBL_MANT_DIG >= 64
  static const long double p10[] = {
    1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L,
    1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L,
    1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
  };
  long double a = fabs (value);
  int e2;
  int e;

  /* log10(2) ≈ 0.30103: a guess of the decimal exponent that is off by at
   * most one; the loop below corrects it. */
  frexp (value, &e2);
  e = (int) floor ((e2 - 1) * 0.30102999566398120);

  for (guint attempt = 0; attempt < 4; attempt++)
    {
      int s = 16 - e;
      long double scaled;
      guint64 whole;
      long double frac;
      guint64 d;

      if (s > 27 || s < -27)
        return FALSE;

      scaled = s >= 0 ? a * p10[s] : a / p10[-s];
      if (scaled >= 1e17L)
        {
          e++;
          continue;
        }
      if (scaled < 1e16L)
        {
          e--;
          continue;
        }

      whole = (guint64) scaled;
      frac = scaled - (long double) whole;
      if (fabsl (frac - 0.5L) < 0.01L)
        return FALSE;

      d = whole + (frac > 0.5L ? 1 : 0);
      if (d >= 100000000000000000ull)
        {
          d /= 10;
          e++;
        }
      *digits = d;
      *exp10 = e;
      return TRUE;
    }
#endif
  return FALSE;
}

gsize
gw_numfmt_roundtrip (char   *buf,
                     double  value)
{
  double y;
  guint64 d;
  int e;
  char tmp[24];
  char *end = tmp + sizeof tmp;
  char *p;
  gsize nd;
  gsize len = 0;

  if (!isfinite (value))
    return 0;

  if (value == 0)
    {
      if (signbit (value))
        {
          memcpy (buf, "-0", 2);
          return 2;
        }
      buf[0] = '0';
      return 1;
    }

  /* Short path: a decimal with at most 9 decimals.  When |y| < 2^53 both
   * y and 1e9 are exact, so y / 1e9 is the correctly rounded value of the
   * decimal y·10^-9, which is exactly what strtod() returns for its
   * text.  Equality therefore proves the round trip. */
  y = round (value * 1e9);
  if (fabs (y) < 9007199254740992.0 && y / 1e9 == value)
    return write_scaled (buf, value < 0, (guint64) fabs (y), 9);

  if (!digits17 (value, &d, &e))
    return write_g17 (buf, value);

  while (d % 10 == 0)
    d /= 10;
  p = u64_digits (end, d);
  nd = (gsize) (end - p);

  if (value < 0)
    buf[len++] = '-';

  if (e >= 0 && e < 21)
    {
      if (nd <= (gsize) e + 1)
        {
          memcpy (buf + len, p, nd);
          len += nd;
          memset (buf + len, '0', (gsize) e + 1 - nd);
          len += (gsize) e + 1 - nd;
        }
      else
        {
          memcpy (buf + len, p, (gsize) e + 1);
          len += (gsize) e + 1;
          buf[len++] = '.';
          memcpy (buf + len, p + e + 1, nd - (gsize) e - 1);
          len += nd - (gsize) e - 1;
        }
    }
  else if (e < 0 && e >= -7)
    {
      buf[len++] = '0';
      buf[len++] = '.';
      memset (buf + len, '0', (gsize) (-e - 1));
      len += (gsize) (-e - 1);
      memcpy (buf + len, p, nd);
      len += nd;
    }
  else
    {
      buf[len++] = p[0];
      if (nd > 1)
        {
          buf[len++] = '.';
          memcpy (buf + len, p + 1, nd - 1);
          len += nd - 1;
        }
      buf[len++] = 'e';
      len += gw_numfmt_int (buf + len, e);
    }

  return len;
}
