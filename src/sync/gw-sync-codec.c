/* gw-sync-codec.c: the JSON of the sync protocol, as pure functions
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-sync"

#include "config.h"

#include "gw-sync-codec.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-json-text.h"

G_DEFINE_QUARK (gw-sync-error-quark, gw_sync_error)

G_DEFINE_BOXED_TYPE (GwSyncProject, gw_sync_project, gw_sync_project_copy, gw_sync_project_free)

/* The envelope's author is at most 256 bytes (docs/api.md); the row keeps
 * the full name. */
#define AUTHOR_MAX 256
/* Our payloads nest three deep; anything much deeper is not ours. */
#define PAYLOAD_MAX_DEPTH 8

/* ------------------------------------------------------------------ */
/* Freeing                                                             */

void
gw_sync_session_free (GwSyncSession *session)
{
  if (session == NULL)
    return;
  g_free (session->token);
  g_free (session->expires_at);
  g_free (session->user);
  g_free (session);
}

GwSyncProject *
gw_sync_project_copy (const GwSyncProject *project)
{
  GwSyncProject *copy = g_new0 (GwSyncProject, 1);

  copy->id = g_strdup (project->id);
  copy->name = g_strdup (project->name);
  copy->owner = g_strdup (project->owner);
  copy->access = g_strdup (project->access);
  copy->created_at = g_strdup (project->created_at);
  copy->head = project->head;
  return copy;
}

void
gw_sync_project_free (GwSyncProject *project)
{
  if (project == NULL)
    return;
  g_free (project->id);
  g_free (project->name);
  g_free (project->owner);
  g_free (project->access);
  g_free (project->created_at);
  g_free (project);
}

void
gw_sync_item_free (GwSyncItem *item)
{
  if (item == NULL)
    return;
  g_free (item->uuid);
  g_free (item->kind);
  g_free (item->created_at);
  g_free (item->author);
  g_clear_pointer (&item->payload, json_node_unref);
  g_strfreev (item->blobs);
  g_free (item);
}

void
gw_sync_page_free (GwSyncPage *page)
{
  if (page == NULL)
    return;
  g_free (page->project);
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static void
push_result_free (GwSyncPushResult *result)
{
  g_free (result->uuid);
  g_free (result);
}

void
gw_sync_push_reply_free (GwSyncPushReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->results, g_ptr_array_unref);
  g_free (reply);
}

void
gw_sync_blob_status_free (GwSyncBlobStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->sha256);
  g_free (status);
}

void
gw_sync_event_free (GwSyncEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type);
  g_free (event->project);
  g_free (event->code);
  g_free (event);
}

void
gw_sync_server_error_free (GwSyncServerError *error)
{
  if (error == NULL)
    return;
  g_free (error->code);
  g_free (error->message);
  g_free (error);
}

/* ------------------------------------------------------------------ */
/* Careful JSON access: a wrong type is an error, never a critical      */

static void
set_protocol_error (GError     **error,
                    const char  *what,
                    const char  *problem)
{
  g_set_error (error, GW_SYNC_ERROR, GW_SYNC_ERROR_PROTOCOL,
               _("Unexpected reply from the server: %s: %s"), what, problem);
}

static JsonNode *
parse (GBytes      *body,
       const char  *what,
       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  JsonNode *root;

  if (data == NULL || len == 0)
    {
      set_protocol_error (error, what, _("empty body"));
      return NULL;
    }
  if (!g_utf8_validate (data, len, NULL))
    {
      set_protocol_error (error, what, _("not UTF-8"));
      return NULL;
    }
  if (gw_json_find_bad_escape (data, len) >= 0)
    {
      set_protocol_error (error, what, _("invalid escape in a string"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      /* json-glib quotes a bad string constant as it decoded it, so an
       * escape such as \251 comes back as a raw byte that is not UTF-8. */
      g_autofree char *problem = g_utf8_make_valid (local_error->message, -1);

      set_protocol_error (error, what, problem);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_protocol_error (error, what, _("expected a JSON object"));
      return NULL;
    }
  return json_node_ref (root);
}

static JsonNode *
member (JsonObject *obj,
        const char *name)
{
  return obj != NULL ? json_object_get_member (obj, name) : NULL;
}

/* What is wrong with a member; one message each, naming the member. */
typedef enum
{
  MEMBER_MISSING,
  MEMBER_NOT_STRING,
  MEMBER_NOT_INTEGER,
  MEMBER_NOT_BOOLEAN,
  MEMBER_NOT_ARRAY,
  MEMBER_NOT_UUID,
} MemberProblem;

static void
set_member_error (GError        **error,
                  const char     *what,
                  const char     *name,
                  MemberProblem   problem)
{
  g_autofree char *m = NULL;

  switch (problem)
    {
    case MEMBER_MISSING: m = g_strdup_printf (_("%s is missing"), name); break;
    case MEMBER_NOT_STRING: m = g_strdup_printf (_("%s is not a string"), name); break;
    case MEMBER_NOT_INTEGER: m = g_strdup_printf (_("%s is not an integer"), name); break;
    case MEMBER_NOT_BOOLEAN: m = g_strdup_printf (_("%s is not true or false"), name); break;
    case MEMBER_NOT_ARRAY: m = g_strdup_printf (_("%s is not an array"), name); break;
    case MEMBER_NOT_UUID:
    default: m = g_strdup_printf (_("%s is not a UUID"), name); break;
    }
  set_protocol_error (error, what, m);
}

/* The one reader behind get_string(), get_int() and get_bool(): member
 * @name of @obj when it holds a value of @type (G_TYPE_STRING,
 * G_TYPE_INT64 or G_TYPE_BOOLEAN).  Missing or null gives *out = NULL,
 * an error only when @required; any other type is an error naming the
 * member. */
static gboolean
typed_member (JsonObject  *obj,
              const char  *name,
              GType        type,
              gboolean     required,
              const char  *what,
              JsonNode   **out,
              GError     **error)
{
  JsonNode *node = member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        set_member_error (error, what, name, MEMBER_MISSING);
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    {
      set_member_error (error, what, name,
                        type == G_TYPE_STRING ? MEMBER_NOT_STRING :
                        type == G_TYPE_INT64 ? MEMBER_NOT_INTEGER : MEMBER_NOT_BOOLEAN);
      return FALSE;
    }
  *out = node;
  return TRUE;
}

static gboolean
get_string (JsonObject  *obj,
            const char  *name,
            gboolean     required,
            const char  *what,
            char       **out,
            GError     **error)
{
  JsonNode *node;

  if (!typed_member (obj, name, G_TYPE_STRING, required, what, &node, error))
    return FALSE;
  *out = node != NULL ? g_strdup (json_node_get_string (node)) : NULL;
  return TRUE;
}

/* A required string that must be a UUID. */
static gboolean
get_uuid (JsonObject  *obj,
          const char  *name,
          const char  *what,
          char       **out,
          GError     **error)
{
  if (!get_string (obj, name, TRUE, what, out, error))
    return FALSE;
  if (!g_uuid_string_is_valid (*out))
    {
      set_member_error (error, what, name, MEMBER_NOT_UUID);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_int (JsonObject  *obj,
         const char  *name,
         gboolean     required,
         gint64       fallback,
         const char  *what,
         gint64      *out,
         GError     **error)
{
  JsonNode *node;

  if (!typed_member (obj, name, G_TYPE_INT64, required, what, &node, error))
    return FALSE;
  *out = node != NULL ? json_node_get_int (node) : fallback;
  return TRUE;
}

static gboolean
get_bool (JsonObject  *obj,
          const char  *name,
          gboolean     required,
          const char  *what,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node;

  if (!typed_member (obj, name, G_TYPE_BOOLEAN, required, what, &node, error))
    return FALSE;
  *out = node != NULL && json_node_get_boolean (node);
  return TRUE;
}

/* Member @name as an array; missing or null is *out = NULL, an error
 * only when @required. */
static gboolean
get_array (JsonObject  *obj,
           const char  *name,
           gboolean     required,
           const char  *what,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = member (obj, name);

  *out = NULL;
  if (!required && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_member_error (error, what, name, MEMBER_NOT_ARRAY);
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

/* Element @i of @array, which must be an object; @what_out names it
 * ("items[3]") for the caller's own messages. */
static JsonObject *
object_element (JsonArray   *array,
                guint        i,
                const char  *array_name,
                char       **what_out,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  *what_out = g_strdup_printf ("%s[%u]", array_name, i);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_protocol_error (error, *what_out, _("expected an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

/* The root object of a reply, or NULL with an error. */
static JsonObject *
parse_object (GBytes      *body,
              const char  *what,
              JsonNode   **root,
              GError     **error)
{
  *root = parse (body, what, error);
  return *root != NULL ? json_node_get_object (*root) : NULL;
}

gboolean
gw_sync_is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Decoders                                                            */

GwSyncSession *
gw_sync_decode_session (GBytes  *body,
                        GError **error)
{
  static const char what[] = "session";
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GwSyncSession) session = g_new0 (GwSyncSession, 1);
  JsonObject *obj = parse_object (body, what, &root, error);
  JsonNode *user_node;

  if (obj == NULL ||
      !get_string (obj, "token", TRUE, what, &session->token, error) ||
      !get_string (obj, "expires_at", FALSE, what, &session->expires_at, error))
    return NULL;
  if (*session->token == '\0')
    {
      set_protocol_error (error, what, _("the token is empty"));
      return NULL;
    }
  user_node = member (obj, "user");
  if (user_node != NULL && JSON_NODE_HOLDS_OBJECT (user_node))
    {
      JsonObject *user = json_node_get_object (user_node);

      if (!get_string (user, "name", FALSE, "session.user", &session->user, error) ||
          !get_bool (user, "admin", FALSE, "session.user", &session->admin, error))
        return NULL;
    }
  return g_steal_pointer (&session);
}

static GwSyncProject *
project_from_object (JsonObject  *obj,
                     const char  *what,
                     GError     **error)
{
  g_autoptr(GwSyncProject) project = g_new0 (GwSyncProject, 1);

  if (!get_uuid (obj, "id", what, &project->id, error) ||
      !get_string (obj, "name", FALSE, what, &project->name, error) ||
      !get_string (obj, "owner", FALSE, what, &project->owner, error) ||
      !get_string (obj, "access", FALSE, what, &project->access, error) ||
      !get_string (obj, "created_at", FALSE, what, &project->created_at, error) ||
      !get_int (obj, "head", FALSE, 0, what, &project->head, error))
    return NULL;
  if (project->name == NULL)
    project->name = g_strdup ("");
  return g_steal_pointer (&project);
}

GwSyncProject *
gw_sync_decode_project (GBytes  *body,
                        GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj = parse_object (body, "project", &root, error);

  if (obj == NULL)
    return NULL;
  return project_from_object (obj, "project", error);
}

GPtrArray *
gw_sync_decode_projects (GBytes  *body,
                         GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_sync_project_free);
  JsonObject *obj = parse_object (body, "projects", &root, error);
  JsonArray *array;

  if (obj == NULL || !get_array (obj, "projects", TRUE, "projects", &array, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *what = NULL;
      JsonObject *element = object_element (array, i, "projects", &what, error);
      GwSyncProject *project;

      if (element == NULL || (project = project_from_object (element, what, error)) == NULL)
        return NULL;
      g_ptr_array_add (projects, project);
    }
  return g_steal_pointer (&projects);
}

static GwSyncItem *
item_from_object (JsonObject  *obj,
                  const char  *what,
                  GError     **error)
{
  g_autoptr(GwSyncItem) item = g_new0 (GwSyncItem, 1);
  g_autoptr(GStrvBuilder) blobs = g_strv_builder_new ();
  JsonNode *payload;
  JsonArray *array;

  if (!get_uuid (obj, "uuid", what, &item->uuid, error) ||
      !get_int (obj, "seq", TRUE, 0, what, &item->seq, error) ||
      !get_string (obj, "kind", TRUE, what, &item->kind, error) ||
      !get_string (obj, "created_at", FALSE, what, &item->created_at, error) ||
      !get_string (obj, "author", FALSE, what, &item->author, error))
    return NULL;
  if (item->seq <= 0)
    {
      set_protocol_error (error, what, _("seq is not positive"));
      return NULL;
    }
  /* A null payload is a payload; only a missing one is an error. */
  payload = member (obj, "payload");
  if (payload == NULL)
    {
      set_member_error (error, what, "payload", MEMBER_MISSING);
      return NULL;
    }
  item->payload = json_node_copy (payload);

  if (!get_array (obj, "blobs", FALSE, what, &array, error))
    return NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *b = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (b) || json_node_get_value_type (b) != G_TYPE_STRING ||
          !gw_sync_is_sha256 (json_node_get_string (b)))
        {
          set_protocol_error (error, what, _("blobs holds something other than a SHA-256"));
          return NULL;
        }
      g_strv_builder_add (blobs, json_node_get_string (b));
    }
  item->blobs = g_strv_builder_end (blobs);
  return g_steal_pointer (&item);
}

GwSyncPage *
gw_sync_decode_items_page (GBytes  *body,
                           GError **error)
{
  static const char what[] = "items";
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GwSyncPage) page = g_new0 (GwSyncPage, 1);
  JsonObject *obj = parse_object (body, what, &root, error);
  JsonArray *array;
  gint64 last_seq = 0;

  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_sync_item_free);
  if (obj == NULL ||
      !get_string (obj, "project", FALSE, what, &page->project, error) ||
      !get_int (obj, "next", TRUE, 0, what, &page->next, error) ||
      !get_int (obj, "head", FALSE, 0, what, &page->head, error) ||
      !get_bool (obj, "more", FALSE, what, &page->more, error) ||
      !get_array (obj, "items", TRUE, what, &array, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_what = NULL;
      JsonObject *element = object_element (array, i, "items", &item_what, error);
      GwSyncItem *item;

      if (element == NULL || (item = item_from_object (element, item_what, error)) == NULL)
        return NULL;
      /* Pages are in ascending seq order; a client that trusted anything
       * else could save a cursor past items it never stored. */
      if (item->seq <= last_seq)
        {
          gw_sync_item_free (item);
          set_protocol_error (error, item_what, _("seq is not ascending"));
          return NULL;
        }
      last_seq = item->seq;
      g_ptr_array_add (page->items, item);
    }
  if (page->next < last_seq || page->next < 0)
    {
      set_protocol_error (error, what, _("next is before the last item"));
      return NULL;
    }
  return g_steal_pointer (&page);
}

GwSyncPushReply *
gw_sync_decode_push_reply (GBytes  *body,
                           GError **error)
{
  static const char what[] = "push";
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GwSyncPushReply) reply = g_new0 (GwSyncPushReply, 1);
  JsonObject *obj = parse_object (body, what, &root, error);
  JsonArray *array;

  reply->results = g_ptr_array_new_with_free_func ((GDestroyNotify) push_result_free);
  if (obj == NULL ||
      !get_int (obj, "head", FALSE, 0, what, &reply->head, error) ||
      !get_array (obj, "results", TRUE, what, &array, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *r_what = NULL;
      g_autofree char *status = NULL;
      JsonObject *r = object_element (array, i, "results", &r_what, error);
      GwSyncPushResult *result;

      if (r == NULL)
        return NULL;
      result = g_new0 (GwSyncPushResult, 1);
      g_ptr_array_add (reply->results, result);
      if (!get_uuid (r, "uuid", r_what, &result->uuid, error) ||
          !get_int (r, "seq", TRUE, 0, r_what, &result->seq, error) ||
          !get_string (r, "status", TRUE, r_what, &status, error))
        return NULL;
      if (g_str_equal (status, "created"))
        result->created = TRUE;
      else if (!g_str_equal (status, "duplicate"))
        {
          set_protocol_error (error, r_what, _("status is neither created nor duplicate"));
          return NULL;
        }
    }
  return g_steal_pointer (&reply);
}

GwSyncBlobStatus *
gw_sync_decode_blob_status (GBytes  *body,
                            GError **error)
{
  static const char what[] = "blob";
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GwSyncBlobStatus) status = g_new0 (GwSyncBlobStatus, 1);
  JsonObject *obj = parse_object (body, what, &root, error);

  if (obj == NULL ||
      !get_string (obj, "sha256", FALSE, what, &status->sha256, error) ||
      !get_int (obj, "size", TRUE, 0, what, &status->size, error) ||
      !get_int (obj, "received", TRUE, 0, what, &status->received, error) ||
      !get_bool (obj, "complete", TRUE, what, &status->complete, error))
    return NULL;
  if (status->size < 0 || status->received < 0 || status->received > status->size)
    {
      set_protocol_error (error, what, _("received is outside 0 … size"));
      return NULL;
    }
  return g_steal_pointer (&status);
}

GwSyncEvent *
gw_sync_decode_event (GBytes  *body,
                      GError **error)
{
  static const char what[] = "event";
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GwSyncEvent) event = g_new0 (GwSyncEvent, 1);
  JsonObject *obj = parse_object (body, what, &root, error);

  if (obj == NULL ||
      !get_string (obj, "type", TRUE, what, &event->type, error) ||
      !get_string (obj, "project", FALSE, what, &event->project, error) ||
      !get_string (obj, "code", FALSE, what, &event->code, error) ||
      !get_int (obj, "head", FALSE, -1, what, &event->head, error))
    return NULL;
  return g_steal_pointer (&event);
}

GwSyncServerError *
gw_sync_decode_server_error (GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GwSyncServerError) err = g_new0 (GwSyncServerError, 1);
  JsonObject *obj = parse_object (body, "error", &root, NULL);
  JsonNode *node = member (obj, "error");

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  if (!get_string (obj, "code", TRUE, "error", &err->code, NULL) ||
      !get_string (obj, "message", FALSE, "error", &err->message, NULL) ||
      !get_int (obj, "received", FALSE, -1, "error", &err->received, NULL))
    return NULL;
  if (err->message == NULL)
    err->message = g_strdup (err->code);
  return g_steal_pointer (&err);
}

/* ------------------------------------------------------------------ */
/* Items                                                               */

static JsonNode *
variant_to_json (GVariant   *value,
                 GHashTable *blobs,
                 guint       depth)
{
  JsonNode *node;

  if (depth > PAYLOAD_MAX_DEPTH)
    return json_node_new (JSON_NODE_NULL);

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) inner = g_variant_get_variant (value);
      return variant_to_json (inner, blobs, depth);
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, g_variant_get_int64 (value));
      return node;
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    {
      double d = g_variant_get_double (value);

      /* JSON has no NaN or infinity; the store writes NULL for "does
       * not apply", so a non-finite value never comes from it. */
      if (!isfinite (d))
        return json_node_new (JSON_NODE_NULL);
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, d);
      return node;
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, g_variant_get_boolean (value));
      return node;
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, g_variant_get_string (value, NULL));
      return node;
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
    {
      gsize len;
      gconstpointer data = g_variant_get_fixed_array (value, &len, 1);
      g_autoptr(GBytes) bytes = g_bytes_new (data, len);
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      JsonObject *obj = json_object_new ();

      if (blobs != NULL && !g_hash_table_contains (blobs, sha))
        g_hash_table_insert (blobs, g_strdup (sha), g_bytes_ref (bytes));
      json_object_set_string_member (obj, "blob", sha);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, obj);
      return node;
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
    {
      JsonObject *obj = json_object_new ();
      GVariantIter iter;
      const char *key;
      GVariant *child;

      g_variant_iter_init (&iter, value);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &child))
        {
          json_object_set_member (obj, key, variant_to_json (child, blobs, depth + 1));
          g_variant_unref (child);
        }
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, obj);
      return node;
    }
  if (g_variant_is_container (value))
    {
      JsonArray *array = json_array_new ();
      GVariantIter iter;
      GVariant *child;

      g_variant_iter_init (&iter, value);
      while ((child = g_variant_iter_next_value (&iter)))
        {
          json_array_add_element (array, variant_to_json (child, blobs, depth + 1));
          g_variant_unref (child);
        }
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
      return node;
    }
  return json_node_new (JSON_NODE_NULL);
}

char *
gw_sync_format_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (dt == NULL)
    dt = g_date_time_new_from_unix_utc (0);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
truncate_utf8 (const char *text,
               gsize       max)
{
  const char *end;

  if (text == NULL)
    return g_strdup ("");
  if (strlen (text) <= max)
    return g_strdup (text);
  end = text + max;
  /* Back up to a character boundary. */
  while (end > text && ((guchar) *end & 0xc0) == 0x80)
    end--;
  return g_strndup (text, end - text);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

JsonNode *
gw_sync_encode_item (const GwProjectItem *item,
                     GHashTable          *blobs)
{
  g_autoptr(GHashTable) mine = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autofree char *created_at = NULL;
  g_autofree char *author = NULL;
  g_autoptr(GPtrArray) shas = g_ptr_array_new ();
  JsonObject *obj = json_object_new ();
  JsonArray *blob_list = json_array_new ();
  JsonNode *node;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (item != NULL, NULL);

  json_object_set_string_member (obj, "uuid", item->uuid);
  json_object_set_string_member (obj, "kind", item->kind);
  created_at = gw_sync_format_time (item->created_at);
  json_object_set_string_member (obj, "created_at", created_at);
  author = truncate_utf8 (item->author, AUTHOR_MAX);
  json_object_set_string_member (obj, "author", author);
  if (item->payload != NULL)
    json_object_set_member (obj, "payload", variant_to_json (item->payload, mine, 0));
  else
    json_object_set_null_member (obj, "payload");

  /* Sorted, so the envelope is the same every time it is built. */
  g_hash_table_iter_init (&iter, mine);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (shas, key);
  g_ptr_array_sort (shas, compare_strings);
  for (guint i = 0; i < shas->len; i++)
    {
      const char *sha = g_ptr_array_index (shas, i);

      json_array_add_string_element (blob_list, sha);
      if (blobs != NULL && !g_hash_table_contains (blobs, sha))
        g_hash_table_insert (blobs, g_strdup (sha), g_bytes_ref (g_hash_table_lookup (mine, sha)));
    }
  json_object_set_array_member (obj, "blobs", blob_list);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, obj);
  return node;
}

static GVariant *
json_to_variant (JsonNode    *node,
                 GHashTable  *blobs,
                 guint        depth,
                 GError     **error)
{
  if (depth > PAYLOAD_MAX_DEPTH)
    {
      set_protocol_error (error, "payload", _("nested too deeply"));
      return NULL;
    }

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      return NULL;   /* a NULL column: left out */

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          return g_variant_new_int64 (json_node_get_int (node));
        case G_TYPE_DOUBLE:
          /* json-glib reads a number too large for a double, such as
           * 1e999, as infinity; JSON has none, and pushing it back would
           * turn it into null (found by tests/fuzz/fuzz-sync.c). */
          if (!isfinite (json_node_get_double (node)))
            {
              set_protocol_error (error, "payload", _("a number out of range"));
              return NULL;
            }
          return g_variant_new_double (json_node_get_double (node));
        case G_TYPE_BOOLEAN:
          return g_variant_new_boolean (json_node_get_boolean (node));
        case G_TYPE_STRING:
          return g_variant_new_string (json_node_get_string (node));
        default:
          set_protocol_error (error, "payload", _("a value of unknown type"));
          return NULL;
        }

    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        JsonNode *blob = json_object_get_size (obj) == 1 ? json_object_get_member (obj, "blob") : NULL;
        GVariantBuilder b;
        JsonObjectIter iter;
        const char *key;
        JsonNode *child;

        if (blob != NULL && JSON_NODE_HOLDS_VALUE (blob) && json_node_get_value_type (blob) == G_TYPE_STRING)
          {
            const char *sha = json_node_get_string (blob);
            GBytes *bytes = blobs ? g_hash_table_lookup (blobs, sha) : NULL;
            gsize len = 0;
            gconstpointer data;

            if (bytes == NULL)
              {
                g_autofree char *m = g_strdup_printf (_("blob %s was not downloaded"), sha);
                set_protocol_error (error, "payload", m);
                return NULL;
              }
            data = g_bytes_get_data (bytes, &len);
            return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, len ? data : "", len, 1);
          }

        g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
        json_object_iter_init (&iter, obj);
        while (json_object_iter_next (&iter, &key, &child))
          {
            g_autoptr(GError) local_error = NULL;
            GVariant *v = json_to_variant (child, blobs, depth + 1, &local_error);

            if (local_error != NULL)
              {
                g_variant_builder_clear (&b);
                g_propagate_error (error, g_steal_pointer (&local_error));
                return NULL;
              }
            if (v != NULL)
              g_variant_builder_add (&b, "{sv}", key, v);
          }
        return g_variant_builder_end (&b);
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        GVariantBuilder b;

        /* Arrays in our payloads are lists of rows. */
        g_variant_builder_init (&b, G_VARIANT_TYPE ("aa{sv}"));
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *child = json_array_get_element (array, i);
            g_autoptr(GError) local_error = NULL;
            GVariant *v;

            if (!JSON_NODE_HOLDS_OBJECT (child))
              {
                g_variant_builder_clear (&b);
                set_protocol_error (error, "payload", _("a list holds something other than rows"));
                return NULL;
              }
            v = json_to_variant (child, blobs, depth + 1, &local_error);
            if (v == NULL)
              {
                g_variant_builder_clear (&b);
                if (local_error != NULL)
                  g_propagate_error (error, g_steal_pointer (&local_error));
                else
                  set_protocol_error (error, "payload", _("a row is not an object"));
                return NULL;
              }
            if (!g_variant_is_of_type (v, G_VARIANT_TYPE_VARDICT))
              {
                g_variant_unref (g_variant_ref_sink (v));
                g_variant_builder_clear (&b);
                set_protocol_error (error, "payload", _("a list holds something other than rows"));
                return NULL;
              }
            g_variant_builder_add_value (&b, v);
          }
        return g_variant_builder_end (&b);
      }

    default:
      set_protocol_error (error, "payload", _("unexpected JSON"));
      return NULL;
    }
}

GVariant *
gw_sync_payload_to_variant (JsonNode    *payload,
                            GHashTable  *blobs,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GVariant *v;

  if (payload == NULL || !JSON_NODE_HOLDS_OBJECT (payload))
    {
      set_protocol_error (error, "payload", _("expected an object"));
      return NULL;
    }
  v = json_to_variant (payload, blobs, 0, &local_error);
  if (v == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_protocol_error (error, "payload", _("expected an object"));
      return NULL;
    }
  g_variant_ref_sink (v);
  if (!g_variant_is_of_type (v, G_VARIANT_TYPE_VARDICT))
    {
      g_variant_unref (v);
      set_protocol_error (error, "payload", _("expected an object"));
      return NULL;
    }
  return v;
}

GwProjectItem *
gw_sync_decode_item (const GwSyncItem  *item,
                     GHashTable        *blobs,
                     GError           **error)
{
  g_autoptr(GVariant) payload = NULL;
  g_autoptr(GDateTime) dt = NULL;
  gint64 created_at = 0;

  g_return_val_if_fail (item != NULL, NULL);

  payload = gw_sync_payload_to_variant (item->payload, blobs, error);
  if (payload == NULL)
    {
      g_prefix_error (error, _("Item %s: "), item->uuid);
      return NULL;
    }
  if (item->created_at != NULL && (dt = g_date_time_new_from_iso8601 (item->created_at, NULL)))
    created_at = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
  return gw_project_item_new (item->kind, item->uuid, created_at,
                              item->author ? item->author : "", payload);
}

/* ------------------------------------------------------------------ */
/* Request bodies                                                      */

static GBytes *
object_to_bytes (JsonObject *obj)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_take_object (node, obj);
  text = json_to_string (node, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

GBytes *
gw_sync_encode_sign_in (const char *username,
                        const char *password)
{
  JsonObject *obj = json_object_new ();

  json_object_set_string_member (obj, "username", username ? username : "");
  json_object_set_string_member (obj, "password", password ? password : "");
  return object_to_bytes (obj);
}

GBytes *
gw_sync_encode_new_project (const char *id,
                            const char *name)
{
  JsonObject *obj = json_object_new ();

  json_object_set_string_member (obj, "id", id);
  json_object_set_string_member (obj, "name", name ? name : "");
  return object_to_bytes (obj);
}

GBytes *
gw_sync_encode_share (const char *access)
{
  JsonObject *obj = json_object_new ();

  json_object_set_string_member (obj, "access", access);
  return object_to_bytes (obj);
}

GBytes *
gw_sync_encode_push (GPtrArray *envelopes)
{
  JsonObject *obj = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < envelopes->len; i++)
    json_array_add_element (array, json_node_copy (g_ptr_array_index (envelopes, i)));
  json_object_set_array_member (obj, "items", array);
  return object_to_bytes (obj);
}

char *
gw_sync_encode_subscribe (const char *type,
                          const char *project)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *obj = json_object_new ();

  json_object_set_string_member (obj, "type", type);
  json_object_set_string_member (obj, "project", project);
  json_node_take_object (node, obj);
  return json_to_string (node, FALSE);
}
