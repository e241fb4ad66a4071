/* gw-numparse.h: fast, locale-independent number parsing (engine-internal)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses the whole NUL-terminated @str as a decimal number: an optional
 * sign, digits with an optional decimal point, an optional exponent.  No
 * hex, no "nan"/"inf", no surrounding spaces.  With @allow_comma a ','
 * may serve as the decimal point, and *@used_comma is set to TRUE when one
 * did (it is never set to FALSE).  The result is correctly rounded and does
 * not depend on the locale. */
gboolean gw_parse_double (const char *str,
                          gboolean    allow_comma,
                          double     *out,
                          gboolean   *used_comma);

G_END_DECLS
