/* gw-db-pg.c: the PostgreSQL storage backend (libpq), for production
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-server-db"

#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "gw-db.h"

typedef struct
{
  GwDb    parent;
  PGconn *conn;
} GwDbPg;

static void
quiet_notices (void       *arg,
               const char *message)
{
  /* "relation already exists, skipping" and friends are not news. */
}

/* libpq messages end in a newline and may span lines; keep the first. */
static char *
first_line (const char *message)
{
  const char *nl = message ? strchr (message, '\n') : NULL;

  if (message == NULL)
    return g_strdup ("unknown error");
  return nl ? g_strndup (message, nl - message) : g_strdup (message);
}

static void
set_result_error (GwDbPg    *self,
                  PGresult  *res,
                  GError   **error)
{
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *msg = first_line (res ? PQresultErrorMessage (res) : PQerrorMessage (self->conn));
  int code = GW_DB_ERROR_FAILED;

  if (PQstatus (self->conn) != CONNECTION_OK)
    code = GW_DB_ERROR_UNAVAILABLE;
  else if (state != NULL && g_str_has_prefix (state, "23"))
    code = GW_DB_ERROR_CONSTRAINT;
  else if (state != NULL && (g_str_equal (state, "40001") || g_str_equal (state, "40P01") ||
                             g_str_equal (state, "55P03")))
    code = GW_DB_ERROR_BUSY;
  else if (state != NULL && (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P")))
    code = GW_DB_ERROR_UNAVAILABLE;

  g_set_error (error, GW_DB_ERROR, code, "PostgreSQL: %s", msg);
}

#define OID_BOOL    16
#define OID_BYTEA   17
#define OID_INT8    20
#define OID_INT2    21
#define OID_INT4    23
#define OID_TEXT    25
#define OID_VARCHAR 1043

/* A cell of a binary-format result, stored the way text results are:
 * integers as decimal text, text as is, bytea as its bytes. */
static gboolean
add_binary_cell (GwDbResult  *rows,
                 PGresult    *res,
                 int          r,
                 int          c,
                 GError     **error)
{
  const guint8 *v = (const guint8 *) PQgetvalue (res, r, c);
  int len = PQgetlength (res, r, c);
  gint64 n;
  char text[32];

  switch (PQftype (res, c))
    {
    case OID_BYTEA:
    case OID_TEXT:
    case OID_VARCHAR:
      gw_db_result_add_cell (rows, v, len, FALSE);
      return TRUE;
    case OID_BOOL:
      n = len == 1 && v[0];
      break;
    case OID_INT2:
      {
        guint16 be;

        memcpy (&be, v, sizeof be);
        n = (gint16) GUINT16_FROM_BE (be);
      }
      break;
    case OID_INT4:
      {
        guint32 be;

        memcpy (&be, v, sizeof be);
        n = (gint32) GUINT32_FROM_BE (be);
      }
      break;
    case OID_INT8:
      {
        guint64 be;

        memcpy (&be, v, sizeof be);
        n = (gint64) GUINT64_FROM_BE (be);
      }
      break;
    default:
      g_set_error (error, GW_DB_ERROR, GW_DB_ERROR_FAILED,
                   "PostgreSQL: column %d has a type this server cannot read in binary", c);
      return FALSE;
    }
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, n);
  gw_db_result_add_cell (rows, text, strlen (text), FALSE);
  return TRUE;
}

static gboolean
gw_db_pg_query (GwDb             *db,
                const char       *sql,
                const GwDbValue  *params,
                guint             n_params,
                guint32           blob_columns,
                GwDbResult      **result,
                GError          **error)
{
  GwDbPg *self = (GwDbPg *) db;
  g_autofree const char **values = g_new0 (const char *, n_params + 1);
  g_autofree int *lengths = g_new0 (int, n_params + 1);
  g_autofree int *formats = g_new0 (int, n_params + 1);
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GwDbResult) rows = NULL;
  PGresult *res;
  ExecStatusType status;

  if (result != NULL)
    *result = NULL;

  for (guint i = 0; i < n_params; i++)
    {
      switch (params[i].type)
        {
        case GW_DB_NULL:
          values[i] = NULL;
          break;
        case GW_DB_TEXT:
          values[i] = params[i].text;
          break;
        case GW_DB_INT:
          {
            char *s = g_strdup_printf ("%" G_GINT64_FORMAT, params[i].num);
            g_ptr_array_add (owned, s);
            values[i] = s;
          }
          break;
        case GW_DB_BLOB:
          values[i] = params[i].len ? params[i].data : "";
          lengths[i] = params[i].len;
          formats[i] = 1;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* Binary results spare the hex encoding and decoding of bytea, which
   * dominates when blobs are read. */
  res = PQexecParams (self->conn, sql, n_params, NULL, values, lengths, formats, blob_columns ? 1 : 0);
  status = res ? PQresultStatus (res) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_result_error (self, res, error);
      PQclear (res);
      return FALSE;
    }

  if (result != NULL)
    {
      int n_rows = PQntuples (res);
      int n_cols = PQnfields (res);

      rows = gw_db_result_new (n_cols);
      for (int r = 0; r < n_rows; r++)
        for (int c = 0; c < n_cols; c++)
          {
            if (PQgetisnull (res, r, c))
              gw_db_result_add_cell (rows, NULL, 0, TRUE);
            else if (blob_columns != 0 && !add_binary_cell (rows, res, r, c, error))
              {
                PQclear (res);
                return FALSE;
              }
            else if (blob_columns != 0)
              continue;
            else
              gw_db_result_add_cell (rows, PQgetvalue (res, r, c), PQgetlength (res, r, c), FALSE);
          }
      *result = g_steal_pointer (&rows);
    }

  PQclear (res);
  return TRUE;
}

static gboolean
gw_db_pg_exec (GwDb        *db,
               const char  *sql,
               GError     **error)
{
  GwDbPg *self = (GwDbPg *) db;
  PGresult *res = PQexec (self->conn, sql);
  ExecStatusType status = res ? PQresultStatus (res) : PGRES_FATAL_ERROR;

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_result_error (self, res, error);
      PQclear (res);
      return FALSE;
    }
  PQclear (res);
  return TRUE;
}

static gboolean
gw_db_pg_broken (GwDb *db)
{
  GwDbPg *self = (GwDbPg *) db;

  return PQstatus (self->conn) != CONNECTION_OK;
}

static gboolean
gw_db_pg_reset (GwDb    *db,
                GError **error)
{
  GwDbPg *self = (GwDbPg *) db;

  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *msg = first_line (PQerrorMessage (self->conn));

      g_set_error (error, GW_DB_ERROR, GW_DB_ERROR_UNAVAILABLE,
                   "PostgreSQL: %s", msg);
      return FALSE;
    }
  PQsetNoticeProcessor (self->conn, quiet_notices, NULL);
  return TRUE;
}

static void
gw_db_pg_free (GwDb *db)
{
  GwDbPg *self = (GwDbPg *) db;

  PQfinish (self->conn);
  g_free (self);
}

static const GwDbVTable pg_vtable = {
  .dialect = GW_DB_DIALECT_POSTGRES,
  .query = gw_db_pg_query,
  .exec = gw_db_pg_exec,
  .broken = gw_db_pg_broken,
  .reset = gw_db_pg_reset,
  .free = gw_db_pg_free,
};

GwDb *
gw_db_pg_open (const char  *conninfo,
               GError     **error)
{
  GwDbPg *self = g_new0 (GwDbPg, 1);

  self->parent.vtable = &pg_vtable;
  self->conn = PQconnectdb (conninfo);
  if (self->conn == NULL)
    {
      g_free (self);
      g_set_error (error, GW_DB_ERROR, GW_DB_ERROR_UNAVAILABLE, "PostgreSQL: out of memory");
      return NULL;
    }
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      /* The message never repeats the URL, which may hold a password. */
      g_autofree char *msg = first_line (PQerrorMessage (self->conn));
      int code = strstr (msg, "invalid") ? GW_DB_ERROR_CONFIG : GW_DB_ERROR_UNAVAILABLE;

      g_set_error (error, GW_DB_ERROR, code, "PostgreSQL: %s", msg);
      gw_db_pg_free (&self->parent);
      return NULL;
    }

  PQsetNoticeProcessor (self->conn, quiet_notices, NULL);
  return &self->parent;
}
