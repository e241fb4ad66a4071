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
  g_assert_cmpstr (session->expires_at, ==, "2026-12-26T12:56:21Z");
  g_assert_cmpstr (session->user, ==, "alice");
  g_assert_true (session->admin);

  {
    g_autoptr(GBytes) bad = b ("{\"token\": 42}");
    g_autoptr(GwSyncSession) s = gw_sync_decode_session (bad, &error);

    g_assert_null (s);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "token is not a string"));
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) bad = b ("{\"token\": \"\"}");
    g_autoptr(GwSyncSession) s = gw_sync_decode_session (bad, &error);

    g_assert_null (s);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
  }
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

  {
    g_autoptr(GBytes) bad = b ("{\"projects\": [{\"id\": \"../../etc/passwd\", \"name\": \"x\"}]}");
    g_autoptr(GPtrArray) l = gw_sync_decode_projects (bad, &error);

    g_assert_null (l);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "projects[0]"));
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) bad = b ("{\"projects\": [{\"id\": \"0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a01\", \"head\": \"many\"}]}");
    g_autoptr(GPtrArray) l = gw_sync_decode_projects (bad, &error);

    g_assert_null (l);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
  }
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

  /* Out of order, a cursor that goes back, a bad blob name. */
  {
    const char *bad[] = {
      "{\"next\": 17, \"items\": [{\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10\", \"seq\": 17, \"kind\": \"run\", \"payload\": 1},"
      " {\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f11\", \"seq\": 16, \"kind\": \"run\", \"payload\": 1}]}",
      "{\"next\": 3, \"items\": [{\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10\", \"seq\": 17, \"kind\": \"run\", \"payload\": 1}]}",
      "{\"next\": 17, \"items\": [{\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10\", \"seq\": 17, \"kind\": \"run\", \"payload\": 1, \"blobs\": [\"XYZ\"]}]}",
      "{\"next\": 17, \"items\": [{\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10\", \"seq\": 0, \"kind\": \"run\", \"payload\": 1}]}",
      "{\"next\": 17, \"items\": [{\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10\", \"seq\": 5, \"kind\": \"run\"}]}",
      "{\"next\": 17, \"items\": {}}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GBytes) bytes = b (bad[i]);
        g_autoptr(GwSyncPage) p = gw_sync_decode_items_page (bytes, &error);

        g_assert_null (p);
        g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
        g_clear_error (&error);
      }
  }
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
    g_autoptr(GBytes) bad = b ("{\"results\": [{\"uuid\": \"4b0c7c3e-2f0e-4d51-9a55-0c3a4e6d2f10\", \"seq\": 41, \"status\": \"maybe\"}]}");
    g_autoptr(GwSyncPushReply) reply = gw_sync_decode_push_reply (bad, &error);

    g_assert_null (reply);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) ok = b ("{\"sha256\": \"x\", \"size\": 100, \"received\": 40, \"complete\": false}");
    g_autoptr(GwSyncBlobStatus) st = gw_sync_decode_blob_status (ok, &error);

    g_assert_no_error (error);
    g_assert_cmpint (st->received, ==, 40);
    g_assert_false (st->complete);
  }
  {
    g_autoptr(GBytes) bad = b ("{\"size\": 100, \"received\": 400, \"complete\": false}");
    g_autoptr(GwSyncBlobStatus) st = gw_sync_decode_blob_status (bad, &error);

    g_assert_null (st);
    g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
    g_clear_error (&error);
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

  g_assert_nonnull (err);
  g_assert_cmpstr (err->code, ==, "rate_limited");
  g_assert_cmpstr (err->message, ==, "rate_limited");
  g_assert_null (none);
}

/* A session whose user.admin is not a boolean is refused, naming the
 * field, rather than read as "not an admin". */
static void
test_session_bad_admin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = b ("{\"token\": \"gwt_abc\", \"token_type\": \"Bearer\","
                              " \"expires_at\": \"2026-12-26T12:56:21Z\","
                              " \"user\": {\"name\": \"alice\", \"admin\": \"yes\"}}");
  g_autoptr(GwSyncSession) session = gw_sync_decode_session (body, &error);

  g_assert_null (session);
  g_assert_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "admin is not true or false"));
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
  g_test_add_func ("/sync/codec/session-bad-admin", test_session_bad_admin);

  return g_test_run ();
}
