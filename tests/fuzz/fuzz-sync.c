/* fuzz-sync.c: fuzz target for the sync protocol's JSON decoding
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the body of one server reply (or one WebSocket message).
 * A client cannot know that a server is ours, so every decoder of
 * gw-sync-codec.h gets every input, as the client would for whichever
 * request it had made: session, project, project list, items page, push
 * reply, blob status, live-update event and error body.
 *
 * An items page then goes the way a pull takes it: each item's blobs
 * (their bytes here are a slice of the input; the client checks the
 * SHA-256 when it downloads them, the codec does not) and its payload,
 * with its nested lists of rows, become a local item
 * (gw_sync_decode_item).  That item is encoded again as a push would
 * send it, put in a page and decoded once more: it must come back with
 * the same kind, UUID, author and an equal payload, or a value would
 * change type or content on its way from one client through the server
 * to another.
 *
 * Checked besides: nothing crashes, leaks or trips a sanitizer or a
 * GLib critical; every refusal is a GW_SYNC_ERROR_PROTOCOL with a UTF-8
 * message; what a decoder accepts keeps the promises of the header (UUIDs
 * valid, seqs positive and ascending, blob names SHA-256, 0 ≤ received ≤
 * size).
 *
 * Seeds (corpus/fuzz-sync/) are replies of the real server, captured by
 * tests/fuzz/make-sync-seeds.sh.
 */

#define G_LOG_DOMAIN "fuzz-sync"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gw-sync-codec.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_refusal (const char   *decoder,
               const GError *error)
{
  if (error == NULL)
    g_error ("%s: NULL without an error", decoder);
  if (!g_error_matches (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL))
    g_error ("%s: not a protocol error: %s", decoder, error->message);
  if (!g_utf8_validate (error->message, -1, NULL))
    g_error ("%s: message not UTF-8", decoder);
}

static void
check_project (const GwSyncProject *project)
{
  g_autoptr(GwSyncProject) copy = NULL;

  if (!g_uuid_string_is_valid (project->id) || project->name == NULL)
    g_error ("project: accepted id %s, name %p", project->id, (void *) project->name);
  copy = gw_sync_project_copy (project);
  g_assert_cmpstr (copy->id, ==, project->id);
}

/* Equal payloads: a{sv} compared by key, since a JSON object's members
 * come back in any order (json-glib keeps them in a hash table). */
static gboolean
payload_equal (GVariant *a,
               GVariant *b)
{
  if (!g_variant_type_equal (g_variant_get_type (a), g_variant_get_type (b)))
    return FALSE;
  if (g_variant_is_of_type (a, G_VARIANT_TYPE_VARDICT))
    {
      GVariantIter iter;
      const char *key;
      GVariant *child;

      if (g_variant_n_children (a) != g_variant_n_children (b))
        return FALSE;
      g_variant_iter_init (&iter, a);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &child))
        {
          g_autoptr(GVariant) mine = child;
          g_autoptr(GVariant) other = g_variant_lookup_value (b, key, NULL);

          if (other == NULL || !payload_equal (mine, other))
            return FALSE;
        }
      return TRUE;
    }
  if (g_variant_is_container (a) && !g_variant_is_of_type (a, G_VARIANT_TYPE_BYTESTRING))
    {
      gsize n = g_variant_n_children (a);

      if (n != g_variant_n_children (b))
        return FALSE;
      for (gsize i = 0; i < n; i++)
        {
          g_autoptr(GVariant) x = g_variant_get_child_value (a, i);
          g_autoptr(GVariant) y = g_variant_get_child_value (b, i);

          if (!payload_equal (x, y))
            return FALSE;
        }
      return TRUE;
    }
  return g_variant_equal (a, b);
}

/* Encodes @local as a push would, wraps it in a page as the server would
 * serve it, and decodes it again: the pulled item must equal @local. */
static void
round_trip (const GwProjectItem *local,
            gint64               seq)
{
  g_autoptr(GHashTable) blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autoptr(JsonNode) envelope = gw_sync_encode_item (local, blobs);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) page_node = NULL;
  g_autoptr(GwSyncPage) page = NULL;
  g_autoptr(GwProjectItem) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  GwSyncItem *item;
  char *text;

  json_object_set_int_member (json_node_get_object (envelope), "seq", seq);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "next");
  json_builder_add_int_value (builder, seq);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, g_steal_pointer (&envelope));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  page_node = json_builder_get_root (builder);
  text = json_to_string (page_node, FALSE);
  body = g_bytes_new_take (text, strlen (text));

  page = gw_sync_decode_items_page (body, &error);
  if (page == NULL)
    g_error ("re-encoded item refused: %s\n%s", error->message, text);
  g_assert_cmpuint (page->items->len, ==, 1);
  item = g_ptr_array_index (page->items, 0);
  again = gw_sync_decode_item (item, blobs, &error);
  if (again == NULL)
    g_error ("re-encoded payload refused: %s\n%s", error->message, text);
  g_assert_cmpstr (again->kind, ==, local->kind);
  g_assert_cmpstr (again->uuid, ==, local->uuid);
  if (strlen (local->author) <= 256)
    g_assert_cmpstr (again->author, ==, local->author);
  if (!payload_equal (again->payload, local->payload))
    {
      g_autofree char *before = g_variant_print (local->payload, TRUE);
      g_autofree char *after = g_variant_print (again->payload, TRUE);

      g_error ("payload changed on the way back:\n%s\n%s\nsent: %s", before, after, text);
    }
}

static void
pull_page (const GwSyncPage *page,
           const guint8     *data,
           size_t            size)
{
  gint64 last = 0;

  for (guint i = 0; i < page->items->len; i++)
    {
      GwSyncItem *item = g_ptr_array_index (page->items, i);
      g_autoptr(GHashTable) blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
      g_autoptr(GwProjectItem) local = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_uuid_string_is_valid (item->uuid) || item->seq <= last || item->kind == NULL ||
          item->payload == NULL || item->blobs == NULL)
        g_error ("items: accepted item %u (uuid %s, seq %" G_GINT64_FORMAT ")", i, item->uuid, item->seq);
      last = item->seq;
      for (guint b = 0; item->blobs[b] != NULL; b++)
        {
          if (!gw_sync_is_sha256 (item->blobs[b]))
            g_error ("items: accepted blob name %s", item->blobs[b]);
          /* Blob b gets the input's first b bytes: an empty one too. */
          g_hash_table_insert (blobs, g_strdup (item->blobs[b]),
                               g_bytes_new (data, MIN (size, (size_t) b * 7)));
        }

      local = gw_sync_decode_item (item, blobs, &error);
      if (local == NULL)
        {
          check_refusal ("item", error);
          continue;
        }
      if (local->payload == NULL || !g_variant_is_of_type (local->payload, G_VARIANT_TYPE_VARDICT))
        g_error ("item: payload is not a{sv}");
      (void) gw_project_item_kind_is_known (local->kind);
      round_trip (local, item->seq);
    }
  if (page->next < last)
    g_error ("items: next %" G_GINT64_FORMAT " before seq %" G_GINT64_FORMAT, page->next, last);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwSyncSession) session = gw_sync_decode_session (body, &error);

    if (session == NULL)
      check_refusal ("session", error);
    else if (session->token == NULL || session->token[0] == '\0')
      g_error ("session: accepted an empty token");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwSyncProject) project = gw_sync_decode_project (body, &error);

    if (project == NULL)
      check_refusal ("project", error);
    else
      check_project (project);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) projects = gw_sync_decode_projects (body, &error);

    if (projects == NULL)
      check_refusal ("projects", error);
    else
      for (guint i = 0; i < projects->len; i++)
        check_project (g_ptr_array_index (projects, i));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwSyncPage) page = gw_sync_decode_items_page (body, &error);

    if (page == NULL)
      check_refusal ("items", error);
    else
      pull_page (page, data, size);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwSyncPushReply) reply = gw_sync_decode_push_reply (body, &error);

    if (reply == NULL)
      check_refusal ("push", error);
    else
      for (guint i = 0; i < reply->results->len; i++)
        {
          GwSyncPushResult *r = g_ptr_array_index (reply->results, i);

          if (!g_uuid_string_is_valid (r->uuid))
            g_error ("push: accepted uuid %s", r->uuid);
        }
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwSyncBlobStatus) status = gw_sync_decode_blob_status (body, &error);

    if (status == NULL)
      check_refusal ("blob", error);
    else if (status->size < 0 || status->received < 0 || status->received > status->size)
      g_error ("blob: accepted received %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT,
               status->received, status->size);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GwSyncEvent) event = gw_sync_decode_event (body, &error);

    if (event == NULL)
      check_refusal ("event", error);
    else
      {
        /* What the client's message handler does with it. */
        if (event->type == NULL)
          g_error ("event: accepted one without a type");
        if (event->project != NULL)
          g_free (g_ascii_strdown (event->project, -1));
      }
  }
  {
    g_autoptr(GwSyncServerError) err = gw_sync_decode_server_error (body);

    if (err != NULL && (err->code == NULL || err->message == NULL))
      g_error ("error: accepted one without a code or message");
  }
  return 0;
}
