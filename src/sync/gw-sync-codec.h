/* gw-sync-codec.h: the JSON of the sync protocol, as pure functions
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every reply of the server is decoded here, from bytes to a plain
 * struct, and every request body is encoded here.  Nothing in this file
 * does I/O or keeps state, so each gw_sync_decode_*() can be fuzzed on its
 * own: bad input gives %GW_SYNC_ERROR_PROTOCOL with a message naming the
 * field, never a crash.  The shapes are in docs/api.md.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gw-project-sync.h"
#include "gw-sync-error.h"

G_BEGIN_DECLS

/* POST /api/v1/session */
typedef struct
{
  char     *token;
  char     *expires_at;   /* ISO 8601, may be NULL */
  char     *user;         /* may be NULL */
  gboolean  admin;
} GwSyncSession;

/* A project object. */
typedef struct
{
  char   *id;
  char   *name;
  char   *owner;
  char   *access;       /* "owner", "write" or "read" */
  char   *created_at;
  gint64  head;
} GwSyncProject;

/* An item as pulled. */
typedef struct
{
  char      *uuid;
  gint64     seq;
  char      *kind;
  char      *created_at;
  char      *author;
  JsonNode  *payload;
  char     **blobs;       /* SHA-256 hex, NULL-terminated, never NULL */
} GwSyncItem;

/* GET /api/v1/projects/{id}/items */
typedef struct
{
  char      *project;
  GPtrArray *items;       /* (element-type GwSyncItem) */
  gint64     next;
  gint64     head;
  gboolean   more;
} GwSyncPage;

/* One entry of a push reply's results. */
typedef struct
{
  char     *uuid;
  gint64    seq;
  gboolean  created;      /* FALSE: "duplicate" */
} GwSyncPushResult;

/* POST /api/v1/projects/{id}/items */
typedef struct
{
  GPtrArray *results;     /* (element-type GwSyncPushResult) */
  gint64     head;
} GwSyncPushReply;

/* A blob's upload state. */
typedef struct
{
  char     *sha256;
  gint64    size;
  gint64    received;
  gboolean  complete;
} GwSyncBlobStatus;

/* A WebSocket message from the server. */
typedef struct
{
  char   *type;           /* "subscribed", "changed", "error", … */
  char   *project;        /* may be NULL */
  char   *code;           /* "error" messages */
  gint64  head;           /* "changed"; -1 when absent */
} GwSyncEvent;

/* {"error": {"code", "message", "received"?}} */
typedef struct
{
  char   *code;
  char   *message;
  gint64  received;       /* offset_mismatch; -1 when absent */
} GwSyncServerError;

void               gw_sync_session_free        (GwSyncSession     *session);
GwSyncProject     *gw_sync_project_copy        (const GwSyncProject *project);
void               gw_sync_project_free        (GwSyncProject     *project);
GType              gw_sync_project_get_type    (void) G_GNUC_CONST;
void               gw_sync_item_free           (GwSyncItem        *item);
void               gw_sync_page_free           (GwSyncPage        *page);
void               gw_sync_push_reply_free     (GwSyncPushReply   *reply);
void               gw_sync_blob_status_free    (GwSyncBlobStatus  *status);
void               gw_sync_event_free          (GwSyncEvent       *event);
void               gw_sync_server_error_free   (GwSyncServerError *error);

/* Decoders: bytes of a reply → struct, or NULL with GW_SYNC_ERROR_PROTOCOL. */
GwSyncSession     *gw_sync_decode_session      (GBytes  *body,
                                                GError **error);
GwSyncProject     *gw_sync_decode_project      (GBytes  *body,
                                                GError **error);
/* (element-type GwSyncProject) */
GPtrArray         *gw_sync_decode_projects     (GBytes  *body,
                                                GError **error);
GwSyncPage        *gw_sync_decode_items_page   (GBytes  *body,
                                                GError **error);
GwSyncPushReply   *gw_sync_decode_push_reply   (GBytes  *body,
                                                GError **error);
GwSyncBlobStatus  *gw_sync_decode_blob_status  (GBytes  *body,
                                                GError **error);
GwSyncEvent       *gw_sync_decode_event        (GBytes  *body,
                                                GError **error);
/* An error body; NULL when @body is not one (a proxy's HTML page). */
GwSyncServerError *gw_sync_decode_server_error (GBytes  *body);

/* Items: a local item becomes an envelope whose payload names its BLOB
 * columns as {"blob": "<sha256>"}; the bytes go into @blobs (sha256 hex →
 * GBytes).  The envelope is a pure function of the item, so pushing it
 * again after a lost reply is recognised as a duplicate. */
JsonNode          *gw_sync_encode_item         (const GwProjectItem *item,
                                                GHashTable          *blobs);
/* The reverse: a pulled item with its blobs (sha256 → GBytes, each
 * already checked against its name) becomes a local item.  Unknown kinds
 * are returned too (the store skips them). */
GwProjectItem     *gw_sync_decode_item         (const GwSyncItem    *item,
                                                GHashTable          *blobs,
                                                GError             **error);
/* The payload alone, JSON → a{sv} (blob references resolved in @blobs). */
GVariant          *gw_sync_payload_to_variant  (JsonNode            *payload,
                                                GHashTable          *blobs,
                                                GError             **error);

/* Request bodies. */
GBytes            *gw_sync_encode_sign_in      (const char *username,
                                                const char *password);
GBytes            *gw_sync_encode_new_project  (const char *id,
                                                const char *name);
GBytes            *gw_sync_encode_share        (const char *access);
/* {"items": [...]} from envelopes (element-type JsonNode). */
GBytes            *gw_sync_encode_push         (GPtrArray  *envelopes);
char              *gw_sync_encode_subscribe    (const char *type,
                                                const char *project);

/* µs since the epoch → "2026-11-26T10:31:07Z" (whole seconds, UTC). */
char              *gw_sync_format_time         (gint64      usec);
/* TRUE for 64 lowercase hex digits. */
gboolean           gw_sync_is_sha256           (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncSession, gw_sync_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncProject, gw_sync_project_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncItem, gw_sync_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncPage, gw_sync_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncPushReply, gw_sync_push_reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncBlobStatus, gw_sync_blob_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncEvent, gw_sync_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncServerError, gw_sync_server_error_free)

G_END_DECLS
