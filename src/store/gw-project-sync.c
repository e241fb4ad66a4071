/* gw-project-sync.c: a project's items as the sync layer exchanges them
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include "gw-project-sync.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-project-private.h"

G_DEFINE_BOXED_TYPE (GwProjectItem, gw_project_item, gw_project_item_copy, gw_project_item_free)
G_DEFINE_BOXED_TYPE (GwProjectRemote, gw_project_remote, gw_project_remote_copy, gw_project_remote_free)

/* The item kinds, their tables and the column that dates them, in the
 * order a push must follow (an item only refers to earlier kinds). */
typedef struct
{
  const char *kind;
  const char *table;
  const char *time_column;
} KindInfo;

static const KindInfo kinds[] = {
  { "metadata", "metadata_revisions", "created_at" },
  { "dataset", "datasets", "imported_at" },
  { "run", "runs", "saved_at" },
  { "curation", "curation_events", "created_at" },
};

static const KindInfo *
kind_info (const char *kind)
{
  if (kind == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].kind, kind) == 0)
      return &kinds[i];
  return NULL;
}

gboolean
gw_project_item_kind_is_known (const char *kind)
{
  return kind_info (kind) != NULL;
}

GwProjectItem *
gw_project_item_new (const char *kind,
                     const char *uuid,
                     gint64      created_at,
                     const char *author,
                     GVariant   *payload)
{
  GwProjectItem *item = g_new0 (GwProjectItem, 1);

  item->kind = g_strdup (kind);
  item->uuid = g_strdup (uuid);
  item->created_at = created_at;
  item->author = g_strdup (author);
  item->payload = payload ? g_variant_ref_sink (payload) : NULL;
  return item;
}

GwProjectItem *
gw_project_item_copy (const GwProjectItem *item)
{
  return gw_project_item_new (item->kind, item->uuid, item->created_at, item->author, item->payload);
}

void
gw_project_item_free (GwProjectItem *item)
{
  if (item == NULL)
    return;
  g_free (item->kind);
  g_free (item->uuid);
  g_free (item->author);
  g_clear_pointer (&item->payload, g_variant_unref);
  g_free (item);
}

GwProjectRemote *
gw_project_remote_copy (const GwProjectRemote *remote)
{
  GwProjectRemote *copy = g_new0 (GwProjectRemote, 1);

  copy->server = g_strdup (remote->server);
  copy->project_id = g_strdup (remote->project_id);
  copy->cursor = remote->cursor;
  copy->last_sync = remote->last_sync;
  copy->last_error = g_strdup (remote->last_error);
  return copy;
}

void
gw_project_remote_free (GwProjectRemote *remote)
{
  if (remote == NULL)
    return;
  g_free (remote->server);
  g_free (remote->project_id);
  g_free (remote->last_error);
  g_free (remote);
}

/* ------------------------------------------------------------------ */
/* SQLite helpers: the caller holds the project's lock                  */

typedef struct
{
  GwProject *project;
  sqlite3   *db;
} Locked;

static void
locked_release (Locked *l)
{
  if (l->project != NULL)
    gw_project_unlock_db (l->project);
  l->project = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Locked, locked_release)

static void
locked_init (Locked    *l,
             GwProject *project)
{
  l->project = project;
  l->db = gw_project_lock_db (project);
}

typedef sqlite3_stmt GwSyncStmt;
static void
gw_sync_stmt_finalize (GwSyncStmt *stmt)
{
  sqlite3_finalize (stmt);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSyncStmt, gw_sync_stmt_finalize)

static sqlite3_stmt *
prepare (Locked      *l,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (l->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      gw_project_set_db_error (l->project, rc, error);
      return NULL;
    }
  return stmt;
}

static gboolean
exec (Locked      *l,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (l->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      gw_project_set_db_error (l->project, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
step (Locked        *l,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      gw_project_set_db_error (l->project, rc, error);
      return FALSE;
    }
  return TRUE;
}

static void
rollback (Locked *l)
{
  if (!sqlite3_get_autocommit (l->db))
    sqlite3_exec (l->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
commit (Locked  *l,
        GError **error)
{
  if (!exec (l, "COMMIT", error))
    {
      rollback (l);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           i)
{
  const char *t = (const char *) sqlite3_column_text (stmt, i);

  return t ? g_utf8_make_valid (t, -1) : NULL;
}

/* ------------------------------------------------------------------ */
/* Remotes                                                             */

static GwProjectRemote *
remote_from_row (sqlite3_stmt *stmt)
{
  GwProjectRemote *remote = g_new0 (GwProjectRemote, 1);

  remote->server = dup_text (stmt, 0);
  remote->project_id = dup_text (stmt, 1);
  remote->cursor = sqlite3_column_int64 (stmt, 2);
  remote->last_sync = sqlite3_column_int64 (stmt, 3);
  remote->last_error = dup_text (stmt, 4);
  return remote;
}

GwProjectRemote *
gw_project_get_remote (GwProject   *self,
                       const char  *server,
                       GError     **error)
{
  g_auto(Locked) l = { 0 };
  g_autoptr(GwSyncStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  locked_init (&l, self);
  stmt = prepare (&l, "SELECT server, project, cursor, last_sync, last_error "
                      "FROM sync_remotes WHERE server = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, server);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return remote_from_row (stmt);
  if (rc != SQLITE_DONE)
    gw_project_set_db_error (self, rc, error);
  return NULL;
}

GPtrArray *
gw_project_list_remotes (GwProject  *self,
                         GError    **error)
{
  g_auto(Locked) l = { 0 };
  g_autoptr(GwSyncStmt) stmt = NULL;
  g_autoptr(GPtrArray) remotes = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_project_remote_free);
  int rc;

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  locked_init (&l, self);
  stmt = prepare (&l, "SELECT server, project, cursor, last_sync, last_error "
                      "FROM sync_remotes ORDER BY server", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (remotes, remote_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      gw_project_set_db_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&remotes);
}

gboolean
gw_project_set_remote (GwProject   *self,
                       const char  *server,
                       const char  *project_id,
                       GError     **error)
{
  g_auto(Locked) l = { 0 };
  g_autoptr(GwProjectRemote) old = NULL;

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (server != NULL && project_id != NULL, FALSE);

  locked_init (&l, self);
  if (!exec (&l, "BEGIN IMMEDIATE", error))
    return FALSE;

  old = gw_project_get_remote (self, server, error);
  if (old == NULL && error != NULL && *error != NULL)
    {
      rollback (&l);
      return FALSE;
    }
  if (old != NULL && g_ascii_strcasecmp (old->project_id, project_id) == 0)
    {
      rollback (&l);
      return TRUE;
    }

  /* Another server project: nothing we knew about the old one holds. */
  {
    g_autoptr(GwSyncStmt) del = prepare (&l, "DELETE FROM sync_items WHERE server = ?", error);

    if (del == NULL)
      goto fail;
    bind_text (del, 1, server);
    if (!step (&l, del, error))
      goto fail;
  }
  {
    g_autoptr(GwSyncStmt) ins = prepare (&l, "INSERT OR REPLACE INTO sync_remotes (server, project, cursor) "
                                             "VALUES (?, ?, 0)", error);
    if (ins == NULL)
      goto fail;
    bind_text (ins, 1, server);
    bind_text (ins, 2, project_id);
    if (!step (&l, ins, error))
      goto fail;
  }
  return commit (&l, error);

fail:
  rollback (&l);
  return FALSE;
}

gboolean
gw_project_set_remote_status (GwProject   *self,
                              const char  *server,
                              const char  *error_message,
                              GError     **error)
{
  g_auto(Locked) l = { 0 };
  g_autoptr(GwSyncStmt) stmt = NULL;

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (server != NULL, FALSE);

  locked_init (&l, self);
  if (error_message == NULL)
    stmt = prepare (&l, "UPDATE sync_remotes SET last_sync = ?2, last_error = NULL WHERE server = ?1", error);
  else
    stmt = prepare (&l, "UPDATE sync_remotes SET last_error = ?3 WHERE server = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, server);
  if (error_message == NULL)
    sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  else
    bind_text (stmt, 3, error_message);
  return step (&l, stmt, error);
}

gboolean
gw_project_mark_all_synced (GwProject   *self,
                            const char  *server,
                            GError     **error)
{
  g_auto(Locked) l = { 0 };

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (server != NULL, FALSE);

  locked_init (&l, self);
  if (!exec (&l, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT OR IGNORE INTO sync_items (server, uuid) "
                                              "SELECT ?, uuid FROM %s", kinds[i].table);
      g_autoptr(GwSyncStmt) stmt = prepare (&l, sql, error);

      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, server);
      if (!step (&l, stmt, error))
        goto fail;
    }
  return commit (&l, error);

fail:
  rollback (&l);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Reading items                                                       */

/* The current row of @stmt as a{sv}, without `seq`. */
static GVariant *
row_to_variant (sqlite3_stmt *stmt)
{
  GVariantBuilder b;
  int n = sqlite3_column_count (stmt);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  for (int i = 0; i < n; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);
      GVariant *value = NULL;

      if (name == NULL || strcmp (name, "seq") == 0)
        continue;
      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          value = g_variant_new_int64 (sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          value = g_variant_new_double (sqlite3_column_double (stmt, i));
          break;
        case SQLITE_TEXT:
          {
            g_autofree char *text = dup_text (stmt, i);
            value = g_variant_new_string (text);
          }
          break;
        case SQLITE_BLOB:
          {
            const void *data = sqlite3_column_blob (stmt, i);
            gsize len = sqlite3_column_bytes (stmt, i);
            value = g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data ? data : "", len, 1);
          }
          break;
        case SQLITE_NULL:
        default:
          break;
        }
      if (value != NULL)
        g_variant_builder_add (&b, "{sv}", name, value);
    }
  return g_variant_builder_end (&b);
}

static GwProjectItem *
load_item (Locked          *l,
           const KindInfo  *info,
           const char      *uuid,
           GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE uuid = ?", info->table);
  g_autoptr(GwSyncStmt) stmt = prepare (l, sql, error);
  g_autoptr(GVariant) row = NULL;
  GVariantBuilder payload;
  gint64 created_at = 0;
  g_autofree char *author = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND,
                     _("No %s item %s in the project"), info->kind, uuid);
      else
        gw_project_set_db_error (l->project, rc, error);
      return NULL;
    }
  row = g_variant_ref_sink (row_to_variant (stmt));
  g_variant_lookup (row, info->time_column, "x", &created_at);
  g_variant_lookup (row, "author", "s", &author);

  g_variant_builder_init (&payload, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&payload, "{sv}", "row", row);

  if (strcmp (info->kind, "run") == 0)
    {
      g_autoptr(GwSyncStmt) cols = prepare (l, "SELECT * FROM run_columns WHERE run_uuid = ? ORDER BY seq", error);
      GVariantBuilder list;

      if (cols == NULL)
        {
          g_variant_builder_clear (&payload);
          return NULL;
        }
      bind_text (cols, 1, uuid);
      g_variant_builder_init (&list, G_VARIANT_TYPE ("aa{sv}"));
      while ((rc = sqlite3_step (cols)) == SQLITE_ROW)
        g_variant_builder_add_value (&list, row_to_variant (cols));
      if (rc != SQLITE_DONE)
        {
          gw_project_set_db_error (l->project, rc, error);
          g_variant_builder_clear (&list);
          g_variant_builder_clear (&payload);
          return NULL;
        }
      g_variant_builder_add (&payload, "{sv}", "run_columns", g_variant_builder_end (&list));
    }

  return gw_project_item_new (info->kind, uuid, created_at, author ? author : "",
                              g_variant_builder_end (&payload));
}

static const char unsynced_where[] =
  " WHERE uuid NOT IN (SELECT uuid FROM sync_items WHERE server = ?)";

GPtrArray *
gw_project_list_unsynced (GwProject   *self,
                          const char  *server,
                          guint        limit,
                          GError     **error)
{
  g_auto(Locked) l = { 0 };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_project_item_free);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  locked_init (&l, self);
  /* One read transaction, so the list is one consistent state. */
  if (!exec (&l, "BEGIN", error))
    return NULL;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM %s%s ORDER BY seq", kinds[k].table, unsynced_where);
      g_autoptr(GwSyncStmt) stmt = prepare (&l, sql, error);
      g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
      int rc;

      if (stmt == NULL)
        goto fail;
      bind_text (stmt, 1, server);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (uuids, dup_text (stmt, 0));
      if (rc != SQLITE_DONE)
        {
          gw_project_set_db_error (self, rc, error);
          goto fail;
        }
      for (guint i = 0; i < uuids->len; i++)
        {
          GwProjectItem *item;

          if (limit > 0 && items->len >= limit)
            break;
          item = load_item (&l, &kinds[k], g_ptr_array_index (uuids, i), error);
          if (item == NULL)
            goto fail;
          g_ptr_array_add (items, item);
        }
    }

  rollback (&l);
  return g_steal_pointer (&items);

fail:
  rollback (&l);
  return NULL;
}

gboolean
gw_project_count_unsynced (GwProject   *self,
                           const char  *server,
                           guint       *n_items,
                           GError     **error)
{
  g_auto(Locked) l = { 0 };
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GwSyncStmt) stmt = NULL;

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (server != NULL && n_items != NULL, FALSE);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    g_string_append_printf (sql, "%s(SELECT count(*) FROM %s WHERE uuid NOT IN "
                                 "(SELECT uuid FROM sync_items WHERE server = ?1))",
                            k > 0 ? " + " : "", kinds[k].table);

  locked_init (&l, self);
  stmt = prepare (&l, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, server);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gw_project_set_db_error (self, sqlite3_errcode (l.db), error);
      return FALSE;
    }
  *n_items = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
mark_one (Locked        *l,
          sqlite3_stmt  *stmt,
          const char    *server,
          const char    *uuid,
          gint64         seq,
          GError       **error)
{
  sqlite3_reset (stmt);
  bind_text (stmt, 1, server);
  bind_text (stmt, 2, uuid);
  if (seq > 0)
    sqlite3_bind_int64 (stmt, 3, seq);
  else
    sqlite3_bind_null (stmt, 3);
  return step (l, stmt, error);
}

static const char mark_sql[] =
  "INSERT INTO sync_items (server, uuid, seq) VALUES (?1, ?2, ?3) "
  "ON CONFLICT (server, uuid) DO UPDATE SET seq = COALESCE (excluded.seq, seq)";

gboolean
gw_project_mark_synced (GwProject          *self,
                        const char         *server,
                        const char * const *uuids,
                        const gint64       *seqs,
                        guint               n,
                        GError            **error)
{
  g_auto(Locked) l = { 0 };
  g_autoptr(GwSyncStmt) stmt = NULL;

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (n == 0 || uuids != NULL, FALSE);

  locked_init (&l, self);
  if (!exec (&l, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = prepare (&l, mark_sql, error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < n; i++)
    if (!mark_one (&l, stmt, server, uuids[i], seqs ? seqs[i] : 0, error))
      goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);
  return commit (&l, error);

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  rollback (&l);
  return FALSE;
}

static gboolean
has_item_locked (Locked         *l,
                 const KindInfo *info,
                 const char     *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE uuid = ?", info->table);
  g_autoptr(GwSyncStmt) stmt = prepare (l, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, uuid);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

gboolean
gw_project_has_item (GwProject  *self,
                     const char *kind,
                     const char *uuid)
{
  g_auto(Locked) l = { 0 };
  const KindInfo *info = kind_info (kind);

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);

  if (info == NULL || uuid == NULL)
    return FALSE;
  locked_init (&l, self);
  return has_item_locked (&l, info, uuid);
}

/* ------------------------------------------------------------------ */
/* Storing pulled items                                                */

/* The columns @table may be given, from the schema itself: names from the
 * network never reach SQL unless they are one of these. */
static GHashTable *
table_columns (Locked      *l,
               const char  *table,
               GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info (%s)", table);
  g_autoptr(GwSyncStmt) stmt = prepare (l, sql, error);
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      if (name != NULL && strcmp (name, "seq") != 0)
        g_hash_table_add (set, g_strdup (name));
    }
  return g_steal_pointer (&set);
}

static gboolean
bind_value (sqlite3_stmt *stmt,
            int           i,
            GVariant     *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    sqlite3_bind_int64 (stmt, i, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    sqlite3_bind_double (stmt, i, g_variant_get_double (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    sqlite3_bind_text (stmt, i, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
    {
      gsize len;
      gconstpointer data = g_variant_get_fixed_array (value, &len, 1);
      sqlite3_bind_blob64 (stmt, i, len ? data : "", len, SQLITE_TRANSIENT);
    }
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    sqlite3_bind_int (stmt, i, g_variant_get_boolean (value));
  else
    return FALSE;
  return TRUE;
}

/* Inserts @row (a{sv}) into @table.  Unknown columns are skipped (a newer
 * writer); @forced_column, when set, must hold @forced_value. */
static gboolean
insert_row (Locked      *l,
            const char  *table,
            GHashTable  *columns,
            GVariant    *row,
            const char  *forced_column,
            const char  *forced_value,
            const char  *what,
            GError     **error)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) marks = g_string_new (NULL);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GwSyncStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  gboolean forced_seen = FALSE;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  int rc;

  if (!g_variant_is_of_type (row, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                   _("%s: the row is not a dictionary"), what);
      return FALSE;
    }

  g_variant_iter_init (&iter, row);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (!g_hash_table_contains (columns, key))
        {
          g_variant_unref (value);
          continue;
        }
      if (forced_column != NULL && strcmp (key, forced_column) == 0)
        {
          if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ||
              g_ascii_strcasecmp (g_variant_get_string (value, NULL), forced_value) != 0)
            {
              g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                           _("%s: %s does not match the item (%s)"), what, forced_column, forced_value);
              g_variant_unref (value);
              return FALSE;
            }
          forced_seen = TRUE;
        }
      g_string_append_printf (names, "%s\"%s\"", names->len ? ", " : "", key);
      g_string_append_printf (marks, "%s?", marks->len ? ", " : "");
      g_ptr_array_add (values, value);
    }

  if (forced_column != NULL && !forced_seen)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                   _("%s: %s is missing"), what, forced_column);
      return FALSE;
    }

  sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", table, names->str, marks->str);
  stmt = prepare (l, sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < values->len; i++)
    if (!bind_value (stmt, i + 1, g_ptr_array_index (values, i)))
      {
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                     _("%s: a value of type %s is not a column value"), what,
                     g_variant_get_type_string (g_ptr_array_index (values, i)));
        return FALSE;
      }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      /* A constraint (CHECK, NOT NULL, a missing referenced item) means
       * the item is malformed, not that the file is broken. */
      if ((rc & 0xff) == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_MISMATCH)
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                     _("%s: %s"), what, sqlite3_errmsg (l->db));
      else
        gw_project_set_db_error (l->project, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_item (Locked         *l,
             GHashTable     *columns_by_table,
             const KindInfo *info,
             GwProjectItem  *item,
             GError        **error)
{
  g_autofree char *what = g_strdup_printf (_("%s item %s"), item->kind, item->uuid);
  g_autoptr(GVariant) row = NULL;
  g_autoptr(GVariant) children = NULL;

  if (item->payload == NULL || !g_variant_is_of_type (item->payload, G_VARIANT_TYPE_VARDICT) ||
      (row = g_variant_lookup_value (item->payload, "row", G_VARIANT_TYPE_VARDICT)) == NULL)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                   _("%s: the payload has no row"), what);
      return FALSE;
    }
  if (!insert_row (l, info->table, g_hash_table_lookup (columns_by_table, info->table),
                   row, "uuid", item->uuid, what, error))
    return FALSE;

  if (strcmp (info->kind, "run") == 0)
    {
      GVariantIter iter;
      GVariant *child;
      guint n = 0;

      children = g_variant_lookup_value (item->payload, "run_columns", G_VARIANT_TYPE ("aa{sv}"));
      if (children == NULL)
        {
          g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                       _("%s: the run has no columns"), what);
          return FALSE;
        }
      g_variant_iter_init (&iter, children);
      while ((child = g_variant_iter_next_value (&iter)))
        {
          gboolean ok = insert_row (l, "run_columns", g_hash_table_lookup (columns_by_table, "run_columns"),
                                    child, "run_uuid", item->uuid, what, error);
          g_variant_unref (child);
          if (!ok)
            return FALSE;
          n++;
        }
      if (n == 0)
        {
          g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                       _("%s: the run has no columns"), what);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
gw_project_apply_pulled (GwProject     *self,
                         const char    *server,
                         GPtrArray     *items,
                         const gint64  *seqs,
                         gint64         cursor,
                         guint         *n_added,
                         GError       **error)
{
  g_auto(Locked) l = { 0 };
  g_autoptr(GHashTable) columns_by_table = NULL;
  g_autoptr(GwSyncStmt) mark = NULL;
  g_autoptr(GwSyncStmt) set_cursor = NULL;
  guint added = 0;

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  locked_init (&l, self);
  if (!exec (&l, "BEGIN IMMEDIATE", error))
    return FALSE;

  columns_by_table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  for (guint k = 0; k < G_N_ELEMENTS (kinds) + 1; k++)
    {
      const char *table = k < G_N_ELEMENTS (kinds) ? kinds[k].table : "run_columns";
      GHashTable *set = table_columns (&l, table, error);

      if (set == NULL)
        goto fail;
      g_hash_table_insert (columns_by_table, (gpointer) table, set);
    }

  mark = prepare (&l, mark_sql, error);
  if (mark == NULL)
    goto fail;

  for (guint i = 0; i < items->len; i++)
    {
      GwProjectItem *item = g_ptr_array_index (items, i);
      const KindInfo *info = kind_info (item->kind);

      if (item->uuid == NULL || !g_uuid_string_is_valid (item->uuid))
        {
          g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                       _("Pulled item %u has no valid UUID"), i);
          goto fail;
        }
      /* A kind this version does not know (a newer client's) is kept on
       * the server for them, and skipped here. */
      if (info != NULL && !has_item_locked (&l, info, item->uuid))
        {
          if (!insert_item (&l, columns_by_table, info, item, error))
            goto fail;
          added++;
        }
      if (!mark_one (&l, mark, server, item->uuid, seqs ? seqs[i] : 0, error))
        goto fail;
    }

  set_cursor = prepare (&l, "UPDATE sync_remotes SET cursor = max (cursor, ?2) WHERE server = ?1", error);
  if (set_cursor == NULL)
    goto fail;
  bind_text (set_cursor, 1, server);
  sqlite3_bind_int64 (set_cursor, 2, cursor);
  if (!step (&l, set_cursor, error))
    goto fail;

  g_clear_pointer (&mark, sqlite3_finalize);
  g_clear_pointer (&set_cursor, sqlite3_finalize);
  if (!commit (&l, error))
    return FALSE;
  if (n_added != NULL)
    *n_added = added;
  return TRUE;

fail:
  g_clear_pointer (&mark, sqlite3_finalize);
  g_clear_pointer (&set_cursor, sqlite3_finalize);
  rollback (&l);
  return FALSE;
}
