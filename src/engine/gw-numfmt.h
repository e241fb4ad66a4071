/* gw-numfmt.h: fast, locale-independent number formatting for the exporters
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Large enough for any output of the functions below, NUL included. */
#define GW_NUMFMT_BUFSIZE 40

/* Writes @value with at most @decimals (0–9) digits after the point,
 * rounded, trailing zeros and a trailing point removed ("9.572", "-0.5",
 * "12").  Non-finite values write nothing.  Values too large for the fast
 * path fall back to "%.17g".  Returns the number of bytes written (no NUL
 * is written). */
gsize    gw_numfmt_fixed      (char     *buf,
                               double    value,
                               guint     decimals);

/* Writes @value so that strtod() gives back exactly the same double: the
 * short decimal form when one with at most 9 decimals exists ("9.572"),
 * otherwise 17 significant digits.  JSON syntax: no leading '+', exponent
 * as "e-7".  Non-finite values write nothing.  Returns the length. */
gsize    gw_numfmt_roundtrip  (char     *buf,
                               double    value);

/* Writes the decimal digits of @value.  Returns the length. */
gsize    gw_numfmt_int        (char     *buf,
                               gint64    value);

G_END_DECLS
