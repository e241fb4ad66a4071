/* test-json-text.c: tests for the JSON escape check the sync client and
 * the server run before json-glib
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-json-text"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "gw-json-text.h"

static gssize
bad (const char *text)
{
  return gw_json_find_bad_escape (text, strlen (text));
}

static void
test_cases (void)
{
  g_assert_cmpint (bad (""), ==, -1);
  g_assert_cmpint (bad ("{\"a\": \"plain\"}"), ==, -1);
  g_assert_cmpint (bad ("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""), ==, -1);
  g_assert_cmpint (bad ("\"\\u00e9 \\u20AC \\ud83e\\uddea\""), ==, -1);
  /* The offset is the backslash's. */
  g_assert_cmpint (bad ("\"ab\\251\""), ==, 3);
  g_assert_cmpint (bad ("\"\\x41\""), ==, 1);
  g_assert_cmpint (bad ("\"\\a\""), ==, 1);
  g_assert_cmpint (bad ("\"\\u0000\""), ==, 1);
  g_assert_cmpint (bad ("\"\\udc00\""), ==, 1);
  g_assert_cmpint (bad ("\"\\ud800\""), ==, 1);
  g_assert_cmpint (bad ("\"\\ud800\\u0041\""), ==, 1);
  g_assert_cmpint (bad ("\"\\ud800\\ud800\""), ==, 1);
  g_assert_cmpint (bad ("\"\\u12g4\""), ==, 1);
  g_assert_cmpint (bad ("\"\\u12"), ==, 1);
  g_assert_cmpint (bad ("\"\\ud83e\\udd"), ==, 1);
  g_assert_cmpint (bad ("\"\\"), ==, 1);
  /* A pair's second half is not checked again on its own. */
  g_assert_cmpint (bad ("\"\\ud83e\\uddea\\n\""), ==, -1);
  /* The length is honoured: an escape past it is not seen, one cut by it is bad. */
  g_assert_cmpint (gw_json_find_bad_escape ("\"a\"\\251", 3), ==, -1);
  g_assert_cmpint (gw_json_find_bad_escape ("\"\\u00e9\"", 5), ==, 1);
  /* An embedded NUL after a backslash is not an escape. */
  g_assert_cmpint (gw_json_find_bad_escape ("\"\\\0\"", 4), ==, 1);
}

/* What the check exists for: whatever it lets through, json-glib either
 * refuses or decodes to the whole string, in valid UTF-8.  Random strings
 * made of escape fragments, checked against json-glib itself. */
static void
test_agrees_with_json_glib (void)
{
  static const char *const pieces[] = {
    "a", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u", "\\u00", "\\u0041", "\\u00e9",
    "\\ud83e", "\\uddea", "\\ud800", "\\udfff", "\\u0000", "\\251", "\\x", "\\0",
    "\\", "0", "e9", "dc00", "\303\251",
  };
  GRand *rand = g_rand_new_with_seed (20261127);
  guint accepted = 0, refused = 0;

  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(GString) text = g_string_new ("{\"k\": \"");
      g_autoptr(JsonParser) parser = json_parser_new ();
      guint n = g_rand_int_range (rand, 1, 6);
      gsize value_start = text->len;

      for (guint i = 0; i < n; i++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      g_string_append (text, "\"}");
      if (gw_json_find_bad_escape (text->str, text->len) >= 0)
        {
          refused++;
          continue;
        }
      accepted++;
      if (json_parser_load_from_data (parser, text->str, text->len, NULL))
        {
          JsonObject *obj = json_node_get_object (json_parser_get_root (parser));
          const char *value = json_object_get_string_member (obj, "k");
          gsize raw = text->len - 2 - value_start;

          g_assert_true (g_utf8_validate (value, -1, NULL));
          /* Nothing was cut short: no escape decodes to more bytes than it has. */
          g_assert_cmpuint (strlen (value), <=, raw);
          if (strchr (text->str + value_start, '\\') == NULL)
            g_assert_cmpuint (strlen (value), ==, raw);
          else
            g_assert_cmpuint (strlen (value), >, 0);
        }
    }
  g_rand_free (rand);
  g_assert_cmpuint (accepted, >, 1000);
  g_assert_cmpuint (refused, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/json-text/cases", test_cases);
  g_test_add_func ("/engine/json-text/agrees-with-json-glib", test_agrees_with_json_glib);
  return g_test_run ();
}
