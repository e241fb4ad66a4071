/* gw-db.h: the storage backend interface, one SQL connection
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_DB_ERROR (gw_db_error_quark ())

typedef enum
{
  GW_DB_ERROR_FAILED,
  GW_DB_ERROR_UNAVAILABLE,  /* the database cannot be reached */
  GW_DB_ERROR_CONSTRAINT,   /* a unique or check constraint failed */
  GW_DB_ERROR_BUSY,         /* a lock could not be taken in time */
  GW_DB_ERROR_CONFIG,       /* a bad database URL */
} GwDbError;

typedef enum
{
  GW_DB_DIALECT_SQLITE,
  GW_DB_DIALECT_POSTGRES,
} GwDbDialect;

typedef enum
{
  GW_DB_NULL,
  GW_DB_TEXT,
  GW_DB_INT,
  GW_DB_BLOB,
} GwDbType;

/* A query parameter.  Queries are written with $1, $2, … placeholders for
 * both backends; the SQLite backend rewrites them to ?1, ?2, …. */
typedef struct
{
  GwDbType      type;
  const char   *text;
  gint64        num;
  gconstpointer data;
  gsize         len;
} GwDbValue;

#define GW_DB_V_TEXT(s)   ((GwDbValue) { .type = (s) ? GW_DB_TEXT : GW_DB_NULL, .text = (s) })
#define GW_DB_V_INT(n)    ((GwDbValue) { .type = GW_DB_INT, .num = (n) })
#define GW_DB_V_BLOB(d,l) ((GwDbValue) { .type = GW_DB_BLOB, .data = (d), .len = (l) })

typedef struct _GwDbResult GwDbResult;
typedef struct _GwDb       GwDb;

/* The backend interface: each backend fills in one of these tables. */
typedef struct
{
  GwDbDialect dialect;
  /* Runs a statement; when @result is not NULL, collects its rows.  Columns
   * listed in @blob_columns (a bit mask) come back as raw bytes. */
  gboolean (*query)   (GwDb             *db,
                       const char       *sql,
                       const GwDbValue  *params,
                       guint             n_params,
                       guint32           blob_columns,
                       GwDbResult      **result,
                       GError          **error);
  /* Runs several ;-separated statements without parameters. */
  gboolean (*exec)    (GwDb             *db,
                       const char       *sql,
                       GError          **error);
  /* Whether the connection is known to be dead (it is then reopened). */
  gboolean (*broken)  (GwDb             *db);
  gboolean (*reset)   (GwDb             *db,
                       GError          **error);
  void     (*free)    (GwDb             *db);
} GwDbVTable;

struct _GwDb
{
  const GwDbVTable *vtable;
  gboolean          in_transaction;
};

GQuark       gw_db_error_quark      (void);

GwDb        *gw_db_open             (const char       *url,
                                     GError          **error);
void         gw_db_free             (GwDb             *db);
GwDbDialect  gw_db_get_dialect      (GwDb             *db);
gboolean     gw_db_query            (GwDb             *db,
                                     const char       *sql,
                                     const GwDbValue  *params,
                                     guint             n_params,
                                     GwDbResult      **result,
                                     GError          **error);
gboolean     gw_db_query_blobs      (GwDb             *db,
                                     const char       *sql,
                                     const GwDbValue  *params,
                                     guint             n_params,
                                     guint32           blob_columns,
                                     GwDbResult      **result,
                                     GError          **error);
gboolean     gw_db_exec             (GwDb             *db,
                                     const char       *sql,
                                     GError          **error);
gboolean     gw_db_begin            (GwDb             *db,
                                     gboolean          write,
                                     GError          **error);
gboolean     gw_db_commit           (GwDb             *db,
                                     GError          **error);
void         gw_db_rollback         (GwDb             *db);
gboolean     gw_db_is_broken        (GwDb             *db);
gboolean     gw_db_reset            (GwDb             *db,
                                     GError          **error);

/* Results.  Cells are kept as bytes; text cells are NUL-terminated. */
GwDbResult  *gw_db_result_new       (guint             n_cols);
void         gw_db_result_add_cell  (GwDbResult       *result,
                                     gconstpointer     data,
                                     gsize             len,
                                     gboolean          is_null);
void         gw_db_result_free      (GwDbResult       *result);
guint        gw_db_result_n_rows    (GwDbResult       *result);
guint        gw_db_result_n_cols    (GwDbResult       *result);
gboolean     gw_db_result_is_null   (GwDbResult       *result,
                                     guint             row,
                                     guint             col);
const char  *gw_db_result_text      (GwDbResult       *result,
                                     guint             row,
                                     guint             col);
gint64       gw_db_result_int       (GwDbResult       *result,
                                     guint             row,
                                     guint             col);
GBytes      *gw_db_result_bytes     (GwDbResult       *result,
                                     guint             row,
                                     guint             col);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDbResult, gw_db_result_free)

/* Backend constructors. */
GwDb        *gw_db_sqlite_open      (const char       *path,
                                     GError          **error);
GwDb        *gw_db_pg_open          (const char       *conninfo,
                                     GError          **error);

/* A pool of connections shared by worker threads. */
typedef struct _GwDbPool GwDbPool;

GwDbPool    *gw_db_pool_new         (const char       *url,
                                     guint             size,
                                     GError          **error);
void         gw_db_pool_free        (GwDbPool         *pool);
GwDbDialect  gw_db_pool_get_dialect (GwDbPool         *pool);
GwDb        *gw_db_pool_acquire     (GwDbPool         *pool,
                                     GError          **error);
void         gw_db_pool_release     (GwDbPool         *pool,
                                     GwDb             *db);

G_END_DECLS
