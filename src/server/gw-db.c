/* gw-db.c: connections, results and the connection pool
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-server-db"

#include "config.h"

#include <string.h>

#include "gw-db.h"

G_DEFINE_QUARK (gw-db-error-quark, gw_db_error)

struct _GwDbResult
{
  guint      n_cols;
  GPtrArray *cells;   /* GBytes, or NULL for SQL NULL */
};

GwDbResult *
gw_db_result_new (guint n_cols)
{
  GwDbResult *result = g_new0 (GwDbResult, 1);

  result->n_cols = n_cols;
  result->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return result;
}

void
gw_db_result_add_cell (GwDbResult    *result,
                       gconstpointer  data,
                       gsize          len,
                       gboolean       is_null)
{
  char *copy;

  if (is_null)
    {
      g_ptr_array_add (result->cells, NULL);
      return;
    }

  /* A trailing NUL lets text cells be used as C strings. */
  copy = g_malloc (len + 1);
  if (len > 0)
    memcpy (copy, data, len);
  copy[len] = '\0';
  g_ptr_array_add (result->cells, g_bytes_new_take (copy, len));
}

void
gw_db_result_free (GwDbResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->cells);
  g_free (result);
}

guint
gw_db_result_n_rows (GwDbResult *result)
{
  return result->n_cols ? result->cells->len / result->n_cols : 0;
}

guint
gw_db_result_n_cols (GwDbResult *result)
{
  return result->n_cols;
}

static GBytes *
cell (GwDbResult *result,
      guint       row,
      guint       col)
{
  g_assert (col < result->n_cols);
  g_assert ((row * result->n_cols + col) < result->cells->len);
  return g_ptr_array_index (result->cells, row * result->n_cols + col);
}

gboolean
gw_db_result_is_null (GwDbResult *result,
                      guint       row,
                      guint       col)
{
  return cell (result, row, col) == NULL;
}

const char *
gw_db_result_text (GwDbResult *result,
                   guint       row,
                   guint       col)
{
  GBytes *b = cell (result, row, col);

  return b ? g_bytes_get_data (b, NULL) : NULL;
}

gint64
gw_db_result_int (GwDbResult *result,
                  guint       row,
                  guint       col)
{
  const char *text = gw_db_result_text (result, row, col);

  /* PostgreSQL prints booleans as t/f. */
  if (text == NULL || *text == 'f')
    return 0;
  if (*text == 't')
    return 1;
  return g_ascii_strtoll (text, NULL, 10);
}

GBytes *
gw_db_result_bytes (GwDbResult *result,
                    guint       row,
                    guint       col)
{
  GBytes *b = cell (result, row, col);

  return b ? g_bytes_ref (b) : NULL;
}

/* Connections */

GwDb *
gw_db_open (const char  *url,
            GError     **error)
{
  g_return_val_if_fail (url != NULL, NULL);

  if (g_str_has_prefix (url, "sqlite:"))
    {
      const char *path = url + strlen ("sqlite:");

      /* sqlite:///abs/path and sqlite:relative/path */
      if (g_str_has_prefix (path, "//"))
        path += 2;
      if (*path == '\0')
        {
          g_set_error (error, GW_DB_ERROR, GW_DB_ERROR_CONFIG,
                       "database URL “%s” names no file", url);
          return NULL;
        }
      return gw_db_sqlite_open (path, error);
    }

  if (g_str_has_prefix (url, "postgresql://") || g_str_has_prefix (url, "postgres://"))
    return gw_db_pg_open (url, error);

  g_set_error (error, GW_DB_ERROR, GW_DB_ERROR_CONFIG,
               "database URL must start with sqlite: or postgresql://");
  return NULL;
}

void
gw_db_free (GwDb *db)
{
  if (db != NULL)
    db->vtable->free (db);
}

GwDbDialect
gw_db_get_dialect (GwDb *db)
{
  return db->vtable->dialect;
}

gboolean
gw_db_query (GwDb             *db,
             const char       *sql,
             const GwDbValue  *params,
             guint             n_params,
             GwDbResult      **result,
             GError          **error)
{
  return db->vtable->query (db, sql, params, n_params, 0, result, error);
}

gboolean
gw_db_query_blobs (GwDb             *db,
                   const char       *sql,
                   const GwDbValue  *params,
                   guint             n_params,
                   guint32           blob_columns,
                   GwDbResult      **result,
                   GError          **error)
{
  return db->vtable->query (db, sql, params, n_params, blob_columns, result, error);
}

gboolean
gw_db_exec (GwDb        *db,
            const char  *sql,
            GError     **error)
{
  return db->vtable->exec (db, sql, error);
}

gboolean
gw_db_begin (GwDb      *db,
             gboolean   write,
             GError   **error)
{
  const char *sql;

  g_assert (!db->in_transaction);

  /* SQLite must take the write lock up front: upgrading a read transaction
   * later fails with SQLITE_BUSY instead of waiting.  PostgreSQL locks rows
   * as the statements touch them. */
  if (db->vtable->dialect == GW_DB_DIALECT_SQLITE)
    sql = write ? "BEGIN IMMEDIATE" : "BEGIN";
  else
    sql = write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

  if (!db->vtable->exec (db, sql, error))
    return FALSE;
  db->in_transaction = TRUE;
  return TRUE;
}

gboolean
gw_db_commit (GwDb    *db,
              GError **error)
{
  g_assert (db->in_transaction);
  if (!db->vtable->exec (db, "COMMIT", error))
    {
      gw_db_rollback (db);
      return FALSE;
    }
  db->in_transaction = FALSE;
  return TRUE;
}

void
gw_db_rollback (GwDb *db)
{
  if (!db->in_transaction)
    return;
  db->in_transaction = FALSE;
  /* A failed ROLLBACK means the connection is gone; the transaction died
   * with it. */
  db->vtable->exec (db, "ROLLBACK", NULL);
}

gboolean
gw_db_is_broken (GwDb *db)
{
  return db->vtable->broken (db);
}

gboolean
gw_db_reset (GwDb    *db,
             GError **error)
{
  db->in_transaction = FALSE;
  return db->vtable->reset (db, error);
}

/* The pool */

struct _GwDbPool
{
  char        *url;
  GwDbDialect  dialect;
  guint        size;
  guint        n_open;
  GMutex       mutex;
  GCond        cond;
  GQueue       idle;
};

GwDbPool *
gw_db_pool_new (const char  *url,
                guint        size,
                GError     **error)
{
  GwDbPool *pool;
  GwDb *first;

  /* Open one connection now so a bad URL fails at start-up.  An
   * unreachable PostgreSQL still yields a pool: the server then starts,
   * reports 503 on /health and connects once the database is back. */
  first = gw_db_open (url, error);
  if (first == NULL)
    {
      if (error != NULL && *error != NULL &&
          g_error_matches (*error, GW_DB_ERROR, GW_DB_ERROR_CONFIG))
        return NULL;
    }

  pool = g_new0 (GwDbPool, 1);
  pool->url = g_strdup (url);
  pool->size = MAX (size, 1);
  pool->dialect = g_str_has_prefix (url, "sqlite:") ? GW_DB_DIALECT_SQLITE : GW_DB_DIALECT_POSTGRES;
  g_mutex_init (&pool->mutex);
  g_cond_init (&pool->cond);
  if (first != NULL)
    {
      g_queue_push_head (&pool->idle, first);
      pool->n_open = 1;
    }
  else
    g_clear_error (error);

  return pool;
}

void
gw_db_pool_free (GwDbPool *pool)
{
  GwDb *db;

  if (pool == NULL)
    return;

  g_mutex_lock (&pool->mutex);
  while (pool->n_open > pool->idle.length)
    g_cond_wait (&pool->cond, &pool->mutex);
  while ((db = g_queue_pop_head (&pool->idle)))
    gw_db_free (db);
  g_mutex_unlock (&pool->mutex);

  g_mutex_clear (&pool->mutex);
  g_cond_clear (&pool->cond);
  g_free (pool->url);
  g_free (pool);
}

GwDbDialect
gw_db_pool_get_dialect (GwDbPool *pool)
{
  return pool->dialect;
}

GwDb *
gw_db_pool_acquire (GwDbPool  *pool,
                    GError   **error)
{
  GwDb *db = NULL;
  gint64 deadline = g_get_monotonic_time () + 15 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&pool->mutex);
  for (;;)
    {
      db = g_queue_pop_head (&pool->idle);
      if (db != NULL)
        break;
      if (pool->n_open < pool->size)
        {
          pool->n_open++;
          break;
        }
      if (!g_cond_wait_until (&pool->cond, &pool->mutex, deadline))
        {
          g_mutex_unlock (&pool->mutex);
          g_set_error (error, GW_DB_ERROR, GW_DB_ERROR_BUSY,
                       "no database connection became free in time");
          return NULL;
        }
    }
  g_mutex_unlock (&pool->mutex);

  if (db == NULL)
    {
      /* A new slot: connect outside the lock. */
      db = gw_db_open (pool->url, error);
      if (db == NULL)
        {
          g_mutex_lock (&pool->mutex);
          pool->n_open--;
          g_cond_signal (&pool->cond);
          g_mutex_unlock (&pool->mutex);
          return NULL;
        }
    }
  else if (gw_db_is_broken (db) && !gw_db_reset (db, error))
    {
      gw_db_pool_release (pool, db);
      return NULL;
    }

  return db;
}

void
gw_db_pool_release (GwDbPool *pool,
                    GwDb     *db)
{
  if (db == NULL)
    return;

  /* Never hand on a connection in the middle of a transaction. */
  gw_db_rollback (db);

  g_mutex_lock (&pool->mutex);
  g_queue_push_head (&pool->idle, db);
  g_cond_signal (&pool->cond);
  g_mutex_unlock (&pool->mutex);
}
