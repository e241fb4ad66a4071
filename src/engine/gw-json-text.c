/* gw-json-text.c: checks on JSON text that json-glib does not make
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine writes JSON without json-glib; the sync client and the
 * server read it with json-glib, which is more lenient than JSON.  What
 * both readers must refuse first lives here, in the lowest layer they
 * share.
 */

#define G_LOG_DOMAIN "gw-json-text"

#include "config.h"

#include <string.h>

#include "gw-json-text.h"

/* The four hex digits of a \u escape at @p, or -1. */
static gint
hex4 (const char *p,
      const char *end)
{
  gint value = 0;

  if (end - p < 4)
    return -1;
  for (guint k = 0; k < 4; k++)
    {
      gint digit = g_ascii_xdigit_value (p[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* JSON knows only the escapes \" \\ \/ \b \f \n \r \t \uXXXX.  json-glib
 * also takes octal ones and decodes a lone low surrogate (\udc00) to bytes
 * that are not UTF-8; \u0000 would cut the string short.  Returns the
 * byte offset of the first escape that is none of those (or is cut off
 * by the end of @text), or -1.  A backslash is only valid JSON inside a
 * string, so the text is not tokenised. */
gssize
gw_json_find_bad_escape (const char *data,
                         gsize       n)
{
  const char *end = data + n;

  for (const char *p = data; p < end; p++)
    {
      gint unit;

      if (*p != '\\')
        continue;
      if (p + 1 >= end)
        return p - data;
      if (p[1] != 'u')
        {
          if (p[1] == '\0' || strchr ("\"\\/bfnrt", p[1]) == NULL)
            return p - data;
          p++;
          continue;
        }
      unit = hex4 (p + 2, end);
      if (unit <= 0 || (unit >= 0xdc00 && unit <= 0xdfff))
        return p - data;
      if (unit >= 0xd800 && unit <= 0xdbff)
        {
          gint low = end - p >= 12 && p[6] == '\\' && p[7] == 'u' ? hex4 (p + 8, end) : -1;

          if (low < 0xdc00 || low > 0xdfff)
            return p - data;
          p += 6;
        }
      p += 5;
    }
  return -1;
}
