/* gw-db-sqlite.c: the SQLite storage backend (the embedded default)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-server-db"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "gw-db.h"

typedef struct
{
  GwDb        parent;
  sqlite3    *handle;
  char       *path;
  GHashTable *statements;   /* sql → sqlite3_stmt, prepared once */
} GwDbSqlite;

static void
set_error (GwDbSqlite  *self,
           int          rc,
           GError     **error)
{
  int code = GW_DB_ERROR_FAILED;

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = GW_DB_ERROR_CONSTRAINT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = GW_DB_ERROR_BUSY;
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = GW_DB_ERROR_UNAVAILABLE;
      break;
    default:
      break;
    }

  g_set_error (error, GW_DB_ERROR, code, "SQLite: %s",
               self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
}

/* $1 → ?1, so one SQL text serves both backends. */
static char *
rewrite_placeholders (const char *sql)
{
  char *copy = g_strdup (sql);

  for (char *p = copy; *p; p++)
    if (*p == '$' && g_ascii_isdigit (p[1]))
      *p = '?';
  return copy;
}

static sqlite3_stmt *
get_statement (GwDbSqlite  *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  g_autofree char *rewritten = NULL;
  int rc;

  if (stmt != NULL)
    return stmt;

  rewritten = rewrite_placeholders (sql);
  rc = sqlite3_prepare_v2 (self->handle, rewritten, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
gw_db_sqlite_query (GwDb             *db,
                    const char       *sql,
                    const GwDbValue  *params,
                    guint             n_params,
                    guint32           blob_columns,
                    GwDbResult      **result,
                    GError          **error)
{
  GwDbSqlite *self = (GwDbSqlite *) db;
  g_autoptr(GwDbResult) rows = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (result != NULL)
    *result = NULL;

  stmt = get_statement (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < n_params; i++)
    {
      int idx = i + 1;

      switch (params[i].type)
        {
        case GW_DB_NULL:
          sqlite3_bind_null (stmt, idx);
          break;
        case GW_DB_TEXT:
          sqlite3_bind_text (stmt, idx, params[i].text, -1, SQLITE_STATIC);
          break;
        case GW_DB_INT:
          sqlite3_bind_int64 (stmt, idx, params[i].num);
          break;
        case GW_DB_BLOB:
          sqlite3_bind_blob64 (stmt, idx, params[i].data, params[i].len, SQLITE_STATIC);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (result != NULL)
    rows = gw_db_result_new (sqlite3_column_count (stmt));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (rows == NULL)
        continue;
      for (guint c = 0; c < gw_db_result_n_cols (rows); c++)
        {
          int type = sqlite3_column_type (stmt, c);

          if (type == SQLITE_NULL)
            gw_db_result_add_cell (rows, NULL, 0, TRUE);
          else if (c < 32 && (blob_columns & (1u << c)))
            {
              gconstpointer data = sqlite3_column_blob (stmt, c);
              gw_db_result_add_cell (rows, data, sqlite3_column_bytes (stmt, c), FALSE);
            }
          else
            {
              const unsigned char *text = sqlite3_column_text (stmt, c);
              gw_db_result_add_cell (rows, text, sqlite3_column_bytes (stmt, c), FALSE);
            }
        }
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, error);
      return FALSE;
    }

  if (result != NULL)
    *result = g_steal_pointer (&rows);
  return TRUE;
}

static gboolean
gw_db_sqlite_exec (GwDb        *db,
                   const char  *sql,
                   GError     **error)
{
  GwDbSqlite *self = (GwDbSqlite *) db;
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
gw_db_sqlite_broken (GwDb *db)
{
  return FALSE;
}

static gboolean
gw_db_sqlite_reset (GwDb    *db,
                    GError **error)
{
  return TRUE;
}

static void
gw_db_sqlite_free (GwDb *db)
{
  GwDbSqlite *self = (GwDbSqlite *) db;

  g_hash_table_unref (self->statements);
  sqlite3_close_v2 (self->handle);
  g_free (self->path);
  g_free (self);
}

static const GwDbVTable sqlite_vtable = {
  .dialect = GW_DB_DIALECT_SQLITE,
  .query = gw_db_sqlite_query,
  .exec = gw_db_sqlite_exec,
  .broken = gw_db_sqlite_broken,
  .reset = gw_db_sqlite_reset,
  .free = gw_db_sqlite_free,
};

GwDb *
gw_db_sqlite_open (const char  *path,
                   GError     **error)
{
  g_autofree GwDbSqlite *self = g_new0 (GwDbSqlite, 1);
  int rc;

  self->parent.vtable = &sqlite_vtable;
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GW_DB_ERROR, GW_DB_ERROR_UNAVAILABLE,
                   "cannot open SQLite database “%s”: %s", path,
                   self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      sqlite3_close_v2 (self->handle);
      g_free (self->path);
      return NULL;
    }

  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);

  /* WAL lets readers run beside the one writer; a busy timeout makes
   * writers queue instead of failing; synchronous=FULL makes every
   * acknowledged commit survive a power cut. */
  sqlite3_busy_timeout (self->handle, 15000);
  if (!gw_db_sqlite_exec (&self->parent,
                          "PRAGMA journal_mode=WAL;"
                          "PRAGMA synchronous=FULL;"
                          "PRAGMA foreign_keys=ON;", error))
    {
      g_prefix_error (error, "“%s”: ", path);
      gw_db_sqlite_free (&g_steal_pointer (&self)->parent);
      return NULL;
    }

  return &g_steal_pointer (&self)->parent;
}
