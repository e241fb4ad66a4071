/* fuzz-name.c: fuzz target for the name parser
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-name"

#include "config.h"

#include <string.h>

#include "gw-name.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_one (const char *str,
           gsize       len)
{
  g_autoptr(GError) error = NULL;
  GwName name;

  /* The parser must respect the length: give it a copy with no NUL. */
  g_autofree char *copy = g_malloc (len + 1);
  memcpy (copy, str, len);

  if (gw_name_parse (copy, len, &name, &error))
    {
      g_autofree char *text = gw_name_format (&name);
      GwName back;

      g_assert_no_error (error);
      g_assert_true (gw_name_parse (text, -1, &back, NULL));
      g_assert_true (gw_name_full_equal (&name, &back));
      g_assert_cmpuint (gw_name_get_sugars (&name), <=, 9);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *s = (const char *) data;
  const char *end = s + size;

  check_one (s, size);

  /* CSV inputs: each line, and each line's first field, is a name. */
  while (s < end)
    {
      const char *nl = memchr (s, '\n', end - s);
      const char *line_end = nl != NULL ? nl : end;
      const char *comma = memchr (s, ',', line_end - s);

      check_one (s, line_end - s);
      if (comma != NULL)
        check_one (s, comma - s);
      s = line_end + (nl != NULL);
    }
  return 0;
}
