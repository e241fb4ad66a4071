/* test-sync-codec.c: the sync protocol's JSON decoders and item encoding
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No server here: replies as docs/api.md shows them, and the ways a
 * broken server or a proxy can garble them.
 */

#define G_LOG_DOMAIN "test-sync-codec"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-sync-codec.h"

static GBytes *
b (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

typedef gpointer (*DecodeFunc) (GBytes *body, GError **error);

/* Every decoder refuses @text with a protocol error, and never crashes. */
static void
assert_all_refuse (const char *text)
{
  const DecodeFunc decoders[] = {
    (DecodeFunc) gw_sync_decode_session,
    (DecodeFunc) gw_sync_decode_project,
    (DecodeFunc) gw_sync_decode_projects,
    (DecodeFunc) gw_sync_decode_items_page,
    (DecodeFunc) gw_sync_decode_push_reply,
    (DecodeFunc) gw_sync_decode_blob_status,
    (DecodeFunc) gw_sync_decode_event,
  };
  g_autoptr(GBytes) bytes = text ? b (text) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (decoders); i++)
    {
      g_autoptr(GError) error = NULL;
      gpointer result = decoders[i] (bytes, &error);

      g_assert_null (result);
      g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
      g_assert_true (g_str_has_prefix (error->message, "Unexpected reply from the server: "));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  g_assert_null (gw_sync_decode_server_error (bytes));
}

static void
test_garbage (void)
{
  g_autofree char *deep = NULL;

  assert_all_refuse (NULL);
  assert_all_refuse ("");
  assert_all_refuse ("<html><body>502 Bad Gateway</body></html>");
  assert_all_refuse ("{\"token\": ");
  assert_all_refuse ("[1, 2, 3]");
  assert_all_refuse ("\"just a string\"");
  assert_all_refuse ("{\"a\": \"\xff\xfe\"}");
  /* json-glib's message quotes "\251" as the raw byte 0xa9 (fuzz-sync). */
  assert_all_refuse ("{\"results\":[{\"uuid\":\"f2\\251e5\"");
  /* Whole bodies: json-glib decodes these without an error, to a string
   * that is not UTF-8 (octal, a lone low surrogate) or is cut short. */
  assert_all_refuse ("{\"token\": \"gwt_\\251\", \"user\": {\"name\": \"alice\"}}");
  assert_all_refuse ("{\"token\": \"gwt_\\udc00\", \"user\": {\"name\": \"alice\"}}");
  assert_all_refuse ("{\"token\": \"gwt_\\ud800x\", \"user\": {\"name\": \"alice\"}}");
  assert_all_refuse ("{\"token\": \"gwt_\\u0000\", \"user\": {\"name\": \"alice\"}}");
  assert_all_refuse ("{\"token\": \"gwt_\\u12\", \"user\": {\"name\": \"alice\"}}");
  assert_all_refuse ("{\"token\": \"gwt_\\");
  assert_all_refuse ("{}");
  {
    GString *s = g_string_new (NULL);

    for (guint i = 0; i < 2000; i++)
      g_string_append (s, "[");
    deep = g_string_free (s, FALSE);
  }
  assert_all_refuse (deep);
}

static void
test_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ok = b ("{\"token\": \"gwt_abc\", \"token_type\": \"Bearer\","
                            " \"expires_at\": \"2026-12-26T12:56:21Z\","
                            " \"user\": {\"name\": \"alice\", \"admin\": true}, \"new\": 1}");
  g_autoptr(GwSyncSession) session = gw_sync_decode_session (ok, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (session->token, ==, "gwt_abc");
  g_assert_cmpstr (session->user, ==, "alice");
  {
    /* A surrogate pair is one real character. */
    g_autoptr(GBytes) pair = b ("{\"token\": \"gwt_\\ud83e\\uddea\\u00e9\", \"user\": {\"name\": \"alice\"}}");
    g_autoptr(GwSyncSession) other = gw_sync_decode_session (pair, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (other->token, ==, "gwt_\360\237\247\252\303\251");
  }
  g_assert_cmpstr (session->expires_at, ==, "2026-12-26T12:56:21Z");
  g_assert_cmpstr (session->user, ==, "alice");
  g_assert_true (session->admin);
}

static void
test_projects (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ok = b ("{\"projects\": [{\"id\": \"0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a01\","
                            " \"name\": \"Brain lipids\", \"owner\": \"alice\", \"head\": 42,"
                            " \"created_at\": \"2026-11-26T12:56:22Z\", \"access\": \"owner\"}]}");
  g_autoptr(GPtrArray) list = gw_sync_decode_projects (ok, &error);
  GwSyncProject *p;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  p = g_ptr_array_index (list, 0);
  g_assert_cmpstr (p->name, ==, "Brain lipids");
  g_assert_cmpint (p->head, ==, 42);
  g_assert_cmpstr (p->access, ==, "owner");
}

static void
test_items_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ok = b ("{\"project\": \"p\", \"next\": 17, \"head\": 40, \"more\": true, \"items\": ["
                            "{\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10\", \"seq\": 16, \"kind\": \"run\","
                            " \"created_at\": \"2026-11-26T10:31:07Z\", \"author\": \"alice\", \"payload\": {\"a\": 1},"
                            " \"blobs\": [\"" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" "\"]},"
                            "{\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f11\", \"seq\": 17, \"kind\": \"future-kind\","
                            " \"payload\": null}]}");
  g_autoptr(GwSyncPage) page = gw_sync_decode_items_page (ok, &error);
  GwSyncItem *item;

  g_assert_no_error (error);
  g_assert_cmpint (page->next, ==, 17);
  g_assert_true (page->more);
  g_assert_cmpuint (page->items->len, ==, 2);
  item = g_ptr_array_index (page->items, 0);
  g_assert_cmpstr (item->kind, ==, "run");
  g_assert_cmpuint (g_strv_length (item->blobs), ==, 1);
  item = g_ptr_array_index (page->items, 1);
  g_assert_cmpuint (g_strv_length (item->blobs), ==, 0);
}

static void
test_small_replies (void)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GBytes) ok = b ("{\"results\": [{\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10\", \"seq\": 41, \"status\": \"created\"},"
                              " {\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f11\", \"seq\": 12, \"status\": \"duplicate\"}], \"head\": 41}");
    g_autoptr(GwSyncPushReply) reply = gw_sync_decode_push_reply (ok, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (reply->results->len, ==, 2);
    g_assert_true (((GwSyncPushResult *) g_ptr_array_index (reply->results, 0))->created);
    g_assert_false (((GwSyncPushResult *) g_ptr_array_index (reply->results, 1))->created);
  }
  {
    g_autoptr(GBytes) ok = b ("{\"sha256\": \"x\", \"size\": 100, \"received\": 40, \"complete\": false}");
    g_autoptr(GwSyncBlobStatus) st = gw_sync_decode_blob_status (ok, &error);

    g_assert_no_error (error);
    g_assert_cmpint (st->received, ==, 40);
    g_assert_false (st->complete);
  }
  {
    g_autoptr(GBytes) ok = b ("{\"type\": \"changed\", \"project\": \"p\", \"head\": 42}");
    g_autoptr(GwSyncEvent) ev = gw_sync_decode_event (ok, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (ev->type, ==, "changed");
    g_assert_cmpint (ev->head, ==, 42);
  }
  {
    g_autoptr(GBytes) ok = b ("{\"error\": {\"code\": \"offset_mismatch\", \"message\": \"m\", \"received\": 1024}}");
    g_autoptr(GwSyncServerError) err = gw_sync_decode_server_error (ok);

    g_assert_nonnull (err);
    g_assert_cmpstr (err->code, ==, "offset_mismatch");
    g_assert_cmpint (err->received, ==, 1024);
  }
}

/* Equal values; dictionaries compared by key, whatever their order (a
 * JSON object has none). */
static gboolean
same_value (GVariant *a,
            GVariant *b)
{
  if (g_variant_is_of_type (a, G_VARIANT_TYPE_VARIANT) && g_variant_is_of_type (b, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) ia = g_variant_get_variant (a);
      g_autoptr(GVariant) ib = g_variant_get_variant (b);
      return same_value (ia, ib);
    }
  if (!g_variant_type_equal (g_variant_get_type (a), g_variant_get_type (b)))
    return FALSE;
  if (g_variant_is_of_type (a, G_VARIANT_TYPE_VARDICT))
    {
      GVariantIter iter;
      const char *key;
      GVariant *value;

      if (g_variant_n_children (a) != g_variant_n_children (b))
        return FALSE;
      g_variant_iter_init (&iter, a);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          g_autoptr(GVariant) va = value;
          g_autoptr(GVariant) vb = g_variant_lookup_value (b, key, NULL);

          if (vb == NULL || !same_value (va, vb))
            return FALSE;
        }
      return TRUE;
    }
  if (g_variant_is_of_type (a, G_VARIANT_TYPE ("aa{sv}")))
    {
      if (g_variant_n_children (a) != g_variant_n_children (b))
        return FALSE;
      for (gsize i = 0; i < g_variant_n_children (a); i++)
        {
          g_autoptr(GVariant) ca = g_variant_get_child_value (a, i);
          g_autoptr(GVariant) cb = g_variant_get_child_value (b, i);

          if (!same_value (ca, cb))
            return FALSE;
        }
      return TRUE;
    }
  return g_variant_equal (a, b);
}

/* A local item survives encode → JSON text → decode, blobs included. */
static void
test_item_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  static const guint8 data[] = { 0, 1, 2, 255, 0, 7 };
  GVariantBuilder row, col, cols, payload;
  g_autoptr(GwProjectItem) item = NULL;
  g_autoptr(GwProjectItem) back = NULL;
  g_autoptr(JsonNode) envelope = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  g_autoptr(GBytes) page_bytes = NULL;
  g_autoptr(GwSyncPage) page = NULL;
  JsonObject *obj;

  g_variant_builder_init (&row, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&row, "{sv}", "uuid", g_variant_new_string ("4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10"));
  g_variant_builder_add (&row, "{sv}", "r2_threshold", g_variant_new_double (0.123456789012345678));
  g_variant_builder_add (&row, "{sv}", "n_rows", g_variant_new_int64 (G_GINT64_CONSTANT (9007199254740993)));
  g_variant_builder_add (&row, "{sv}", "author", g_variant_new_string ("Zoë “quoted” \\ ñ"));
  g_variant_builder_add (&row, "{sv}", "models", g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data, sizeof data, 1));
  g_variant_builder_init (&col, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&col, "{sv}", "name", g_variant_new_string ("status"));
  g_variant_builder_add (&col, "{sv}", "data", g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data, 0, 1));
  g_variant_builder_init (&cols, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_builder_add_value (&cols, g_variant_builder_end (&col));
  g_variant_builder_init (&payload, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&payload, "{sv}", "row", g_variant_builder_end (&row));
  g_variant_builder_add (&payload, "{sv}", "run_columns", g_variant_builder_end (&cols));
  item = gw_project_item_new ("run", "4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10",
                              G_GINT64_CONSTANT (1795689067123456), "Zoë", g_variant_builder_end (&payload));

  envelope = gw_sync_encode_item (item, blobs);
  g_assert_cmpuint (g_hash_table_size (blobs), ==, 2);   /* the 6 bytes and the empty blob */
  obj = json_node_get_object (envelope);
  g_assert_cmpstr (json_object_get_string_member (obj, "created_at"), ==, "2026-11-26T10:31:07Z");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "blobs")), ==, 2);

  /* The same item gives the same bytes: a retried push is a duplicate. */
  text = json_to_string (envelope, FALSE);
  {
    g_autoptr(JsonNode) again = gw_sync_encode_item (item, NULL);
    text2 = json_to_string (again, FALSE);
  }
  g_assert_cmpstr (text, ==, text2);

  /* As the server sends it back. */
  {
    g_autofree char *page_text = g_strdup_printf ("{\"next\": 1, \"items\": [%.*s, \"seq\": 1}]}",
                                                  (int) strlen (text) - 1, text);
    page_bytes = b (page_text);
  }
  page = gw_sync_decode_items_page (page_bytes, &error);
  g_assert_no_error (error);
  back = gw_sync_decode_item (g_ptr_array_index (page->items, 0), blobs, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->kind, ==, "run");
  g_assert_cmpstr (back->author, ==, "Zoë");
  g_assert_true (same_value (back->payload, item->payload));

  /* Without its blobs, an item cannot be stored. */
  {
    g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GwProjectItem) missing = gw_sync_decode_item (g_ptr_array_index (page->items, 0), none, &error);

    g_assert_null (missing);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "was not downloaded"));
  }
}

static void
assert_payload_refused (const char *json,
                        const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json ? json_from_string (json, &error) : NULL;
  GVariant *v;

  g_assert_no_error (error);
  v = gw_sync_payload_to_variant (node, NULL, &error);
  g_assert_null (v);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, fragment));
}

/* Payloads a broken or hostile server could send: never a crash, always
 * a protocol error that says what was wrong. */
static void
test_payload_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ok = json_from_string ("{\"rows\": [{\"a\": 1}, {\"a\": 2.5}]}", &error);
  g_autoptr(GVariant) v = NULL;
  g_autoptr(GVariant) rows = NULL;

  g_assert_no_error (error);
  v = gw_sync_payload_to_variant (ok, NULL, &error);
  g_assert_no_error (error);
  rows = g_variant_lookup_value (v, "rows", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_nonnull (rows);
  g_assert_cmpuint (g_variant_n_children (rows), ==, 2);

  assert_payload_refused (NULL, "expected an object");
  assert_payload_refused ("[1, 2]", "expected an object");
  assert_payload_refused ("{\"rows\": [1]}", "something other than rows");
  assert_payload_refused ("{\"rows\": [{\"x\": {\"blob\": "
                          "\"0000000000000000000000000000000000000000000000000000000000000000\"}}]}",
                          "was not downloaded");
}

static void
test_project_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = b ("{\"projects\": [{\"id\": \"0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a01\","
                              " \"name\": \"Brain lipids\", \"owner\": \"alice\", \"head\": 42,"
                              " \"created_at\": \"2026-11-26T12:56:22Z\", \"access\": \"write\"}]}");
  g_autoptr(GPtrArray) list = gw_sync_decode_projects (body, &error);
  GwSyncProject *p, *copy;

  g_assert_no_error (error);
  p = g_ptr_array_index (list, 0);
  copy = gw_sync_project_copy (p);
  g_assert_true (copy->name != p->name);
  g_assert_cmpstr (copy->id, ==, p->id);
  g_assert_cmpstr (copy->name, ==, "Brain lipids");
  g_assert_cmpstr (copy->owner, ==, "alice");
  g_assert_cmpstr (copy->access, ==, "write");
  g_assert_cmpstr (copy->created_at, ==, "2026-11-26T12:56:22Z");
  g_assert_cmpint (copy->head, ==, 42);
  gw_sync_project_free (copy);
}

/* An error body with only a code still gives a message; a code of the
 * wrong type is not taken for an error reply. */
static void
test_server_error_shapes (void)
{
  g_autoptr(GBytes) code_only = b ("{\"error\": {\"code\": \"rate_limited\"}}");
  g_autoptr(GBytes) bad_code = b ("{\"error\": {\"code\": 429, \"message\": \"slow down\"}}");
  g_autoptr(GwSyncServerError) err = gw_sync_decode_server_error (code_only);
  g_autoptr(GwSyncServerError) none = gw_sync_decode_server_error (bad_code);

  static const char *const not_errors[] = {
    "{\"error\": \"rate_limited\"}",
    "{\"error\": {\"message\": \"no code\"}}",
    "{\"error\": {\"code\": \"c\", \"message\": 5}}",
    "{\"error\": {\"code\": \"c\", \"received\": \"many\"}}",
    "{\"status\": \"ok\"}",
  };

  g_assert_nonnull (err);
  g_assert_cmpstr (err->code, ==, "rate_limited");
  g_assert_cmpstr (err->message, ==, "rate_limited");
  g_assert_cmpint (err->received, ==, -1);
  g_assert_null (none);
  for (guint i = 0; i < G_N_ELEMENTS (not_errors); i++)
    {
      g_autoptr(GBytes) body = b (not_errors[i]);

      g_assert_null (gw_sync_decode_server_error (body));
    }
}

#define UUID1 "4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10"
#define UUID2 "4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f11"
#define ITEM(fields) "{\"uuid\": \"" UUID1 "\", \"seq\": 1, \"kind\": \"run\", \"payload\": 1" fields "}"

/* Each decoder refuses each kind of broken reply with a protocol error
 * whose message names the place and the problem. */
static void
test_refused (void)
{
  static const struct
  {
    DecodeFunc  decode;
    const char *body;
    const char *message;   /* after "Unexpected reply from the server: " */
  } cases[] = {
#define SESSION (DecodeFunc) gw_sync_decode_session
    { SESSION, "{\"token\": 42}", "session: token is not a string" },
    { SESSION, "{\"token\": \"\"}", "session: the token is empty" },
    { SESSION, "{\"token\": null}", "session: token is missing" },
    { SESSION, "{\"token\": \"t\", \"expires_at\": 5}", "session: expires_at is not a string" },
    { SESSION, "{\"token\": \"t\", \"user\": {\"name\": 7}}", "session.user: name is not a string" },
    { SESSION, "{\"token\": \"t\", \"user\": {\"name\": \"alice\", \"admin\": \"yes\"}}",
      "session.user: admin is not true or false" },
#define PROJECT (DecodeFunc) gw_sync_decode_project
    { PROJECT, "{\"name\": \"x\"}", "project: id is missing" },
    { PROJECT, "{\"id\": \"../../etc/passwd\"}", "project: id is not a UUID" },
    { PROJECT, "{\"id\": \"" UUID1 "\", \"head\": \"many\"}", "project: head is not an integer" },
    { PROJECT, "{\"id\": \"" UUID1 "\", \"head\": 1.5}", "project: head is not an integer" },
    { PROJECT, "{\"id\": \"" UUID1 "\", \"owner\": []}", "project: owner is not a string" },
#define PROJECTS (DecodeFunc) gw_sync_decode_projects
    { PROJECTS, "{\"projects\": {}}", "projects: projects is not an array" },
    { PROJECTS, "{\"projects\": [1]}", "projects[0]: expected an object" },
    { PROJECTS, "{\"projects\": [{\"id\": \"" UUID1 "\"}, {\"id\": \"../../etc/passwd\"}]}",
      "projects[1]: id is not a UUID" },
    { PROJECTS, "{\"projects\": [{\"id\": \"" UUID1 "\", \"head\": \"many\"}]}",
      "projects[0]: head is not an integer" },
#define PAGE (DecodeFunc) gw_sync_decode_items_page
    { PAGE, "{\"items\": []}", "items: next is missing" },
    { PAGE, "{\"next\": 1, \"more\": \"yes\", \"items\": []}", "items: more is not true or false" },
    { PAGE, "{\"next\": 17, \"items\": {}}", "items: items is not an array" },
    { PAGE, "{\"next\": -1, \"items\": []}", "items: next is before the last item" },
    { PAGE, "{\"next\": 3, \"items\": [" ITEM (", \"seq\": 17") "]}", "items: next is before the last item" },
    { PAGE, "{\"next\": 1, \"items\": [[]]}", "items[0]: expected an object" },
    { PAGE, "{\"next\": 17, \"items\": [" ITEM (", \"seq\": 17") ", {\"uuid\": \"" UUID2 "\", \"seq\": 16,"
            " \"kind\": \"run\", \"payload\": 1}]}", "items[1]: seq is not ascending" },
    { PAGE, "{\"next\": 1, \"items\": [{\"uuid\": \"nope\", \"seq\": 1, \"kind\": \"run\", \"payload\": 1}]}",
      "items[0]: uuid is not a UUID" },
    { PAGE, "{\"next\": 1, \"items\": [{\"uuid\": \"" UUID1 "\", \"seq\": 1, \"payload\": 1}]}",
      "items[0]: kind is missing" },
    { PAGE, "{\"next\": 1, \"items\": [" ITEM (", \"seq\": 0") "]}", "items[0]: seq is not positive" },
    { PAGE, "{\"next\": 1, \"items\": [{\"uuid\": \"" UUID1 "\", \"seq\": 1, \"kind\": \"run\"}]}",
      "items[0]: payload is missing" },
    { PAGE, "{\"next\": 1, \"items\": [" ITEM (", \"author\": false") "]}", "items[0]: author is not a string" },
    { PAGE, "{\"next\": 1, \"items\": [" ITEM (", \"blobs\": \"x\"") "]}", "items[0]: blobs is not an array" },
    { PAGE, "{\"next\": 1, \"items\": [" ITEM (", \"blobs\": [\"XYZ\"]") "]}",
      "items[0]: blobs holds something other than a SHA-256" },
    { PAGE, "{\"next\": 1, \"items\": [" ITEM (", \"blobs\": [7]") "]}",
      "items[0]: blobs holds something other than a SHA-256" },
#define PUSH (DecodeFunc) gw_sync_decode_push_reply
    { PUSH, "{\"head\": 1}", "push: results is not an array" },
    { PUSH, "{\"head\": \"x\", \"results\": []}", "push: head is not an integer" },
    { PUSH, "{\"results\": [\"x\"]}", "results[0]: expected an object" },
    { PUSH, "{\"results\": [{\"uuid\": \"x\", \"seq\": 1, \"status\": \"created\"}]}",
      "results[0]: uuid is not a UUID" },
    { PUSH, "{\"results\": [{\"uuid\": \"" UUID1 "\", \"status\": \"created\"}]}", "results[0]: seq is missing" },
    { PUSH, "{\"results\": [{\"uuid\": \"" UUID1 "\", \"seq\": 1}]}", "results[0]: status is missing" },
    { PUSH, "{\"results\": [{\"uuid\": \"" UUID1 "\", \"seq\": 41, \"status\": \"maybe\"}]}",
      "results[0]: status is neither created nor duplicate" },
#define BLOB (DecodeFunc) gw_sync_decode_blob_status
    { BLOB, "{\"size\": 100, \"received\": 400, \"complete\": false}", "blob: received is outside 0 … size" },
    { BLOB, "{\"size\": -1, \"received\": 0, \"complete\": false}", "blob: received is outside 0 … size" },
    { BLOB, "{\"size\": 100, \"received\": -1, \"complete\": false}", "blob: received is outside 0 … size" },
    { BLOB, "{\"received\": 40, \"complete\": true}", "blob: size is missing" },
    { BLOB, "{\"size\": 100, \"received\": 40}", "blob: complete is missing" },
    { BLOB, "{\"size\": 100, \"received\": 40, \"complete\": 1}", "blob: complete is not true or false" },
#define EVENT (DecodeFunc) gw_sync_decode_event
    { EVENT, "{\"project\": \"p\"}", "event: type is missing" },
    { EVENT, "{\"type\": true}", "event: type is not a string" },
    { EVENT, "{\"type\": \"changed\", \"head\": \"x\"}", "event: head is not an integer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = b (cases[i].body);
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strconcat ("Unexpected reply from the server: ", cases[i].message, NULL);
      gpointer result = cases[i].decode (body, &error);

      g_test_message ("%s", cases[i].body);
      g_assert_null (result);
      g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static JsonObject *
parse_request (GBytes    *bytes,
               JsonNode **root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  *root = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*root));
  return json_node_get_object (*root);
}

/* Request bodies are the JSON docs/api.md asks for; a missing optional
 * string is sent as "". */
static void
test_request_bodies (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;

  {
    g_autoptr(GBytes) body = gw_sync_encode_sign_in ("alice", "pa\"ss");

    obj = parse_request (body, &root);
    g_assert_cmpstr (json_object_get_string_member (obj, "username"), ==, "alice");
    g_assert_cmpstr (json_object_get_string_member (obj, "password"), ==, "pa\"ss");
    g_clear_pointer (&root, json_node_unref);
  }
  {
    g_autoptr(GBytes) body = gw_sync_encode_sign_in (NULL, NULL);

    obj = parse_request (body, &root);
    g_assert_cmpstr (json_object_get_string_member (obj, "username"), ==, "");
    g_assert_cmpstr (json_object_get_string_member (obj, "password"), ==, "");
    g_clear_pointer (&root, json_node_unref);
  }
  {
    g_autoptr(GBytes) body = gw_sync_encode_new_project (UUID1, NULL);

    obj = parse_request (body, &root);
    g_assert_cmpstr (json_object_get_string_member (obj, "id"), ==, UUID1);
    g_assert_cmpstr (json_object_get_string_member (obj, "name"), ==, "");
    g_clear_pointer (&root, json_node_unref);
  }
  {
    g_autoptr(GBytes) body = gw_sync_encode_share ("read");

    obj = parse_request (body, &root);
    g_assert_cmpstr (json_object_get_string_member (obj, "access"), ==, "read");
    g_assert_cmpuint (json_object_get_size (obj), ==, 1);
    g_clear_pointer (&root, json_node_unref);
  }
  {
    g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
    g_autoptr(GBytes) body = NULL;
    JsonArray *items;

    g_ptr_array_add (envelopes, json_from_string ("{\"uuid\": \"" UUID1 "\"}", NULL));
    g_ptr_array_add (envelopes, json_from_string ("{\"uuid\": \"" UUID2 "\"}", NULL));
    body = gw_sync_encode_push (envelopes);
    obj = parse_request (body, &root);
    items = json_object_get_array_member (obj, "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "uuid"), ==, UUID2);
    g_clear_pointer (&root, json_node_unref);
  }
  {
    g_autofree char *text = gw_sync_encode_subscribe ("subscribe", UUID1);
    g_autoptr(GBytes) body = b (text);

    obj = parse_request (body, &root);
    g_assert_cmpstr (json_object_get_string_member (obj, "type"), ==, "subscribe");
    g_assert_cmpstr (json_object_get_string_member (obj, "project"), ==, UUID1);
    g_clear_pointer (&root, json_node_unref);
  }
}

static void
test_helpers (void)
{
  static const struct
  {
    const char *text;
    gboolean    sha256;
  } names[] = {
    { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", TRUE },
    { "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", FALSE },
    { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", FALSE },
    { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };
  static const struct
  {
    gint64      usec;
    const char *text;
  } times[] = {
    { 0, "1970-01-01T00:00:00Z" },
    { G_GINT64_CONSTANT (1795689067999999), "2026-11-26T10:31:07Z" },
    /* Past year 9999: the epoch, rather than no time at all. */
    { G_MAXINT64, "1970-01-01T00:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpint (gw_sync_is_sha256 (names[i].text), ==, names[i].sha256);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *text = gw_sync_format_time (times[i].usec);

      g_assert_cmpstr (text, ==, times[i].text);
    }
}

/* Values a row may hold become JSON and back; what JSON cannot hold
 * becomes null, and an over-long author is cut on a character boundary. */
static void
test_payload_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwProjectItem) item = NULL;
  g_autoptr(GwProjectItem) bare = NULL;
  g_autoptr(JsonNode) envelope = NULL;
  g_autoptr(JsonNode) bare_envelope = NULL;
  g_autoptr(GVariant) back = NULL;
  g_autoptr(GString) author = g_string_new (NULL);
  static const gint64 list[] = { 1, 2 };
  GVariantBuilder row, payload;
  JsonObject *obj, *json_row;
  const char *cut;

  /* 255 ASCII bytes, then two-byte characters across the 256 limit. */
  for (guint i = 0; i < 255; i++)
    g_string_append_c (author, 'a');
  g_string_append (author, "ééé");

  g_variant_builder_init (&row, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&row, "{sv}", "flag", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&row, "{sv}", "nan", g_variant_new_double (NAN));
  g_variant_builder_add (&row, "{sv}", "boxed", g_variant_new_variant (g_variant_new_int64 (7)));
  g_variant_builder_add (&row, "{sv}", "list", g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, list, 2, sizeof (gint64)));
  g_variant_builder_add (&row, "{sv}", "odd", g_variant_new_uint32 (5));
  g_variant_builder_init (&payload, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&payload, "{sv}", "row", g_variant_builder_end (&row));
  item = gw_project_item_new ("metadata", UUID1, 0, author->str, g_variant_builder_end (&payload));

  envelope = gw_sync_encode_item (item, NULL);
  obj = json_node_get_object (envelope);
  cut = json_object_get_string_member (obj, "author");
  g_assert_cmpuint (strlen (cut), ==, 255);
  g_assert_true (g_utf8_validate (cut, -1, NULL));
  json_row = json_object_get_object_member (json_object_get_object_member (obj, "payload"), "row");
  g_assert_true (json_object_get_boolean_member (json_row, "flag"));
  g_assert_true (json_object_get_null_member (json_row, "nan"));
  g_assert_cmpint (json_object_get_int_member (json_row, "boxed"), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_row, "list")), ==, 2);
  g_assert_true (json_object_get_null_member (json_row, "odd"));

  /* Back: booleans stay booleans, nulls are left out, and a list of
   * numbers is not a list of rows. */
  json_object_remove_member (json_row, "list");
  back = gw_sync_payload_to_variant (json_object_get_member (obj, "payload"), NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GVariant) r = g_variant_lookup_value (back, "row", G_VARIANT_TYPE_VARDICT);
    gboolean flag = FALSE;

    g_assert_true (g_variant_lookup (r, "flag", "b", &flag));
    g_assert_true (flag);
    g_assert_false (g_variant_lookup (r, "nan", "d", NULL));
  }
  assert_payload_refused ("{\"list\": [1, 2]}", "a list holds something other than rows");

  /* An item without a payload is sent with a null one. */
  bare = gw_project_item_new ("metadata", UUID2, 0, NULL, NULL);
  bare_envelope = gw_sync_encode_item (bare, NULL);
  g_assert_true (json_object_get_null_member (json_node_get_object (bare_envelope), "payload"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (bare_envelope), "author"), ==, "");

  /* Deeper than any payload of ours. */
  {
    GString *deep = g_string_new (NULL);
    g_autofree char *text = NULL;

    for (guint i = 0; i < 12; i++)
      g_string_append (deep, "{\"a\": ");
    g_string_append (deep, "1");
    for (guint i = 0; i < 12; i++)
      g_string_append (deep, "}");
    text = g_string_free (deep, FALSE);
    assert_payload_refused (text, "nested too deeply");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/codec/garbage", test_garbage);
  g_test_add_func ("/sync/codec/session", test_session);
  g_test_add_func ("/sync/codec/projects", test_projects);
  g_test_add_func ("/sync/codec/items-page", test_items_page);
  g_test_add_func ("/sync/codec/small-replies", test_small_replies);
  g_test_add_func ("/sync/codec/item-round-trip", test_item_round_trip);
  g_test_add_func ("/sync/codec/payload-refused", test_payload_refused);
  g_test_add_func ("/sync/codec/project-copy", test_project_copy);
  g_test_add_func ("/sync/codec/server-error-shapes", test_server_error_shapes);
  g_test_add_func ("/sync/codec/refused", test_refused);
  g_test_add_func ("/sync/codec/request-bodies", test_request_bodies);
  g_test_add_func ("/sync/codec/helpers", test_helpers);
  g_test_add_func ("/sync/codec/payload-values", test_payload_values);

  return g_test_run ();
}
