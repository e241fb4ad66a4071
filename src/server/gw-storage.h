/* gw-storage.h: the server's data model on top of a storage backend
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gw-db.h"

G_BEGIN_DECLS

#define GW_STORAGE_ERROR (gw_storage_error_quark ())

typedef enum
{
  GW_STORAGE_ERROR_NOT_FOUND,
  GW_STORAGE_ERROR_CONFLICT,
  GW_STORAGE_ERROR_UUID_CONFLICT,
  GW_STORAGE_ERROR_MISSING_BLOB,
  GW_STORAGE_ERROR_OFFSET_MISMATCH,
  GW_STORAGE_ERROR_DIGEST_MISMATCH,
  GW_STORAGE_ERROR_INVALID,
} GwStorageError;

typedef enum
{
  GW_ACCESS_NONE,
  GW_ACCESS_READ,
  GW_ACCESS_WRITE,
  GW_ACCESS_OWNER,
} GwAccess;

typedef struct
{
  gint64    id;
  char     *name;
  gboolean  admin;
  gboolean  disabled;
  gint64    expires_at;   /* of the session it was found by, or 0 */
} GwUser;

/* An item envelope, validated and serialised by the HTTP layer. */
typedef struct
{
  char  *uuid;
  char  *kind;
  char  *created_at;
  char  *author;
  char  *payload;       /* JSON text */
  char **blobs;         /* sha256 hex strings, NULL-terminated */
  char  *blobs_json;    /* the same as a JSON array, or NULL */
  char  *digest;        /* SHA-256 of the content, for idempotency */
} GwItem;

typedef struct
{
  gint64   size;
  gint64   received;
  gboolean complete;
} GwBlobStatus;

typedef struct _GwStorage GwStorage;

GQuark      gw_storage_error_quark        (void);

void        gw_user_free                  (GwUser       *user);
GwUser     *gw_user_copy                  (const GwUser *user);
void        gw_item_free                  (GwItem       *item);
void        gw_item_compute_digest        (GwItem       *item);

GwStorage  *gw_storage_new                (const char   *url,
                                           guint         pool_size,
                                           GError      **error);
void        gw_storage_free               (GwStorage    *self);
GwDbDialect gw_storage_get_dialect        (GwStorage    *self);
gboolean    gw_storage_migrate            (GwStorage    *self,
                                           int          *out_version,
                                           GError      **error);
gboolean    gw_storage_ping               (GwStorage    *self,
                                           GError      **error);

gboolean    gw_storage_user_add           (GwStorage    *self,
                                           const char   *name,
                                           const char   *password_hash,
                                           gboolean      admin,
                                           GError      **error);
gboolean    gw_storage_user_set_disabled  (GwStorage    *self,
                                           const char   *name,
                                           gboolean      disabled,
                                           GError      **error);
gboolean    gw_storage_user_set_password  (GwStorage    *self,
                                           const char   *name,
                                           const char   *password_hash,
                                           GError      **error);
GPtrArray  *gw_storage_user_list          (GwStorage    *self,
                                           GError      **error);
gboolean    gw_storage_user_lookup        (GwStorage    *self,
                                           const char   *name,
                                           GwUser      **out_user,
                                           char        **out_password_hash,
                                           GError      **error);
gboolean    gw_storage_team_add           (GwStorage    *self,
                                           const char   *name,
                                           GError      **error);
gboolean    gw_storage_team_member_add    (GwStorage    *self,
                                           const char   *team,
                                           const char   *user,
                                           GError      **error);
JsonNode   *gw_storage_team_list          (GwStorage    *self,
                                           const GwUser *user,
                                           GError      **error);

gboolean    gw_storage_session_create     (GwStorage    *self,
                                           const char   *token_hash,
                                           gint64        user_id,
                                           gint64        expires_at,
                                           GError      **error);
GwUser     *gw_storage_session_lookup     (GwStorage    *self,
                                           const char   *token_hash,
                                           GError      **error);
gboolean    gw_storage_session_revoke     (GwStorage    *self,
                                           const char   *token_hash,
                                           GError      **error);

GwAccess    gw_storage_project_access     (GwStorage    *self,
                                           const GwUser *user,
                                           const char   *project_id,
                                           GError      **error);
JsonNode   *gw_storage_project_get        (GwStorage    *self,
                                           const GwUser *user,
                                           const char   *project_id,
                                           GError      **error);
JsonNode   *gw_storage_project_list       (GwStorage    *self,
                                           const GwUser *user,
                                           GError      **error);
JsonNode   *gw_storage_project_create     (GwStorage    *self,
                                           const GwUser *user,
                                           const char   *project_id,
                                           const char   *name,
                                           gboolean     *out_created,
                                           GError      **error);
gboolean    gw_storage_share_set          (GwStorage    *self,
                                           const char   *project_id,
                                           const char   *team,
                                           const char   *access,
                                           GError      **error);

JsonNode   *gw_storage_items_push         (GwStorage    *self,
                                           const GwUser *user,
                                           const char   *project_id,
                                           GPtrArray    *items,
                                           gint64       *out_head,
                                           gboolean     *out_changed,
                                           GError      **error);
GString    *gw_storage_items_pull         (GwStorage    *self,
                                           const char   *project_id,
                                           gint64        since,
                                           guint         limit,
                                           GError      **error);

gboolean    gw_storage_blob_status        (GwStorage    *self,
                                           const char   *project_id,
                                           const char   *sha256,
                                           GwBlobStatus *out_status,
                                           GError      **error);
gboolean    gw_storage_blob_put           (GwStorage    *self,
                                           const char   *project_id,
                                           const char   *sha256,
                                           gint64        first,
                                           gint64        total,
                                           GBytes       *data,
                                           GwBlobStatus *out_status,
                                           GError      **error);
GBytes     *gw_storage_blob_read          (GwStorage    *self,
                                           const char   *project_id,
                                           const char   *sha256,
                                           GError      **error);

gboolean    gw_storage_backup             (GwStorage    *self,
                                           const char   *path,
                                           GError      **error);
gboolean    gw_storage_restore            (GwStorage    *self,
                                           const char   *path,
                                           GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwUser, gw_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwItem, gw_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwStorage, gw_storage_free)

G_END_DECLS
