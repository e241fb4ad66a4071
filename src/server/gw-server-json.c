/* gw-server-json.c: strict JSON parsing for request bodies and backups
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib accepts more than JSON: octal escapes such as \251 decode to
 * raw bytes that are not UTF-8, in member names and string values alike.
 * Such a string would reach the database (PostgreSQL refuses it, SQLite
 * keeps it and every later reply that quotes it is broken), the rate
 * limiter's keys and the log.  Everything the server parses goes through
 * here instead.
 */

#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <string.h>

#include "gw-json-text.h"
#include "gw-server-json.h"

/* Returns the root node, or NULL with @error set to a message that is
 * valid UTF-8 and says what is wrong.  Text of white space only, which
 * json-glib parses without a root, gives NULL without an error. */
JsonNode *
gw_server_json_parse (const char  *data,
                      gssize       len,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gssize bad;
  gsize n;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  n = len < 0 ? strlen (data) : (gsize) len;
  if (!g_utf8_validate (data, n, NULL))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "the text is not valid UTF-8");
      return NULL;
    }
  bad = gw_json_find_bad_escape (data, n);
  if (bad >= 0)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "invalid escape in a string at byte %" G_GSSIZE_FORMAT, bad + 1);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, n, &local_error))
    {
      /* json-glib may quote the bad part as it decoded it. */
      g_autofree char *problem = g_utf8_make_valid (local_error->message, -1);

      g_set_error_literal (error, JSON_PARSER_ERROR, local_error->code, problem);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}
