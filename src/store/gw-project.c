/* gw-project.c: a project file (NAME.gwproject) and what it holds
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include "gw-project.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "gw-project-private.h"
#include "gw-run-codec.h"
#include "gw-run-private.h"

#ifndef SQLITE_DEFAULT_WAL_AUTOCHECKPOINT
#define SQLITE_DEFAULT_WAL_AUTOCHECKPOINT 1000
#endif

#ifndef GW_PROJECT_PAGE_SIZE
#define GW_PROJECT_PAGE_SIZE 16384
#endif

struct _GwProject
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GRecMutex   lock;

  /* The last table parsed from a dataset: loading several runs of one
   * dataset then parses it once. */
  char       *cached_dataset;
  GwTable    *cached_table;
};

G_DEFINE_FINAL_TYPE (GwProject, gw_project, G_TYPE_OBJECT)

G_DEFINE_QUARK (gw-project-error-quark, gw_project_error)

G_DEFINE_BOXED_TYPE (GwDatasetInfo, gw_dataset_info, gw_dataset_info_copy, gw_dataset_info_free)
G_DEFINE_BOXED_TYPE (GwRunInfo, gw_run_info, gw_run_info_copy, gw_run_info_free)

static void param_change_free (gpointer data);

static GwRunComparison *
gw_run_comparison_copy (GwRunComparison *comparison)
{
  GwRunComparison *copy = g_new0 (GwRunComparison, 1);

  copy->run_a = g_strdup (comparison->run_a);
  copy->run_b = g_strdup (comparison->run_b);
  copy->n_rows = comparison->n_rows;
  copy->rows = g_array_copy (comparison->rows);
  copy->params = g_ptr_array_new_with_free_func (param_change_free);
  for (guint i = 0; i < comparison->params->len; i++)
    {
      const GwParamChange *c = g_ptr_array_index (comparison->params, i);
      GwParamChange *d = g_new0 (GwParamChange, 1);

      d->name = g_strdup (c->name);
      d->value_a = g_strdup (c->value_a);
      d->value_b = g_strdup (c->value_b);
      g_ptr_array_add (copy->params, d);
    }

  return copy;
}

G_DEFINE_BOXED_TYPE (GwRunComparison, gw_run_comparison, gw_run_comparison_copy, gw_run_comparison_free)

#define LOCK(self) g_autoptr(GRecMutexLocker) locker G_GNUC_UNUSED = g_rec_mutex_locker_new (&(self)->lock)

/* ------------------------------------------------------------------ */
/* Small types                                                         */

const char *
gw_lc_column_to_string (GwLcColumn column)
{
  return column == GW_LC_COLUMN_HILIC ? "hilic" : "reversed-phase";
}

gboolean
gw_lc_column_from_string (const char *str,
                          GwLcColumn *column)
{
  g_return_val_if_fail (column != NULL, FALSE);

  if (g_strcmp0 (str, "reversed-phase") == 0)
    *column = GW_LC_COLUMN_REVERSED_PHASE;
  else if (g_strcmp0 (str, "hilic") == 0)
    *column = GW_LC_COLUMN_HILIC;
  else
    return FALSE;

  return TRUE;
}

GwDatasetInfo *
gw_dataset_info_copy (const GwDatasetInfo *info)
{
  GwDatasetInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (GwDatasetInfo, 1);
  *copy = *info;
  copy->uuid = g_strdup (info->uuid);
  copy->name = g_strdup (info->name);
  copy->sha256 = g_strdup (info->sha256);
  copy->author = g_strdup (info->author);

  return copy;
}

void
gw_dataset_info_free (GwDatasetInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->uuid);
  g_free (info->name);
  g_free (info->sha256);
  g_free (info->author);
  g_free (info);
}

GwRunInfo *
gw_run_info_copy (const GwRunInfo *info)
{
  GwRunInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (GwRunInfo, 1);
  *copy = *info;
  copy->uuid = g_strdup (info->uuid);
  copy->dataset_uuid = g_strdup (info->dataset_uuid);
  copy->dataset_name = g_strdup (info->dataset_name);
  copy->app_version = g_strdup (info->app_version);
  copy->author = g_strdup (info->author);

  return copy;
}

void
gw_run_info_free (GwRunInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->uuid);
  g_free (info->dataset_uuid);
  g_free (info->dataset_name);
  g_free (info->app_version);
  g_free (info->author);
  g_free (info);
}

/* The parameters in a fixed order, for summaries and comparisons. */
typedef struct
{
  const char *name;
  gsize       offset;
} ParamSpec;

static const ParamSpec param_specs[] = {
  { "r2_threshold",      G_STRUCT_OFFSET (GwParams, r2_threshold) },
  { "outlier_threshold", G_STRUCT_OFFSET (GwParams, outlier_threshold) },
  { "rt_tolerance",      G_STRUCT_OFFSET (GwParams, rt_tolerance) },
  { "anchor_weight",     G_STRUCT_OFFSET (GwParams, anchor_weight) },
  { "isomer_window_min", G_STRUCT_OFFSET (GwParams, isomer_window_min) },
  { "isomer_window_max", G_STRUCT_OFFSET (GwParams, isomer_window_max) },
};

static double
param_value (const GwParams *params,
             guint           i)
{
  return G_STRUCT_MEMBER (double, params, param_specs[i].offset);
}

static char *
format_double (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    return g_strdup ("NaN");

  /* %.6g is what people type; it never shows binary noise like 0.1000001. */
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", v));
}

char *
gw_run_info_dup_params_summary (const GwRunInfo *info)
{
  GwParams defaults;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (info != NULL, NULL);

  gw_params_init (&defaults, info->params.preset);

  for (guint i = 0; i < G_N_ELEMENTS (param_specs); i++)
    {
      double v = param_value (&info->params, i);
      double d = param_value (&defaults, i);

      if (v != d && !(isnan (v) && isnan (d)))
        {
          g_autofree char *s = format_double (v);

          if (out->len > 0)
            g_string_append (out, ", ");
          g_string_append_printf (out, "%s=%s", param_specs[i].name, s);
        }
    }

  return g_string_free (out, FALSE);
}

void
gw_run_comparison_free (GwRunComparison *comparison)
{
  if (comparison == NULL)
    return;

  g_free (comparison->run_a);
  g_free (comparison->run_b);
  g_clear_pointer (&comparison->rows, g_array_unref);
  g_clear_pointer (&comparison->params, g_ptr_array_unref);
  g_free (comparison);
}

static void
param_change_free (gpointer data)
{
  GwParamChange *change = data;

  g_free (change->name);
  g_free (change->value_a);
  g_free (change->value_b);
  g_free (change);
}

static const char *
effective_string (GwStatus         status,
                  GwCurationStatus curation)
{
  if (curation != GW_CURATION_NONE)
    return gw_curation_status_to_string (curation);
  return gw_status_to_string (status);
}

const char *
gw_row_change_get_effective_a (const GwRowChange *change)
{
  g_return_val_if_fail (change != NULL, NULL);
  return effective_string (change->status_a, change->curation_a);
}

const char *
gw_row_change_get_effective_b (const GwRowChange *change)
{
  g_return_val_if_fail (change != NULL, NULL);
  return effective_string (change->status_b, change->curation_b);
}

const char *
gw_project_get_default_author (void)
{
  static char *author;

  if (g_once_init_enter (&author))
    {
      const char *real = g_get_real_name ();
      char *value;

      if (real != NULL && *real != '\0' && strcmp (real, "Unknown") != 0)
        value = g_strdup (real);
      else
        value = g_strdup (g_get_user_name ());

      g_once_init_leave (&author, value);
    }

  return author;
}

static const char *
author_or_default (const char *author)
{
  return author != NULL && *author != '\0' ? author : gw_project_get_default_author ();
}

/* A random (version 4) UUID from the kernel's generator.  GLib's own
 * comes from a per-process PRNG, which a fork() copies: two writers forked
 * from one parent would then produce the same "unique" IDs. */
static char *
new_uuid (void)
{
  guint8 b[16];

  if (getrandom (b, sizeof b, 0) != sizeof b)
    return g_uuid_string_random ();

  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* ------------------------------------------------------------------ */
/* SQLite helpers                                                      */

static void
set_db_error_full (const char  *path,
                   sqlite3     *db,
                   int          rc,
                   GError     **error)
{
  int primary = rc & 0xff;
  GwProjectError code;
  /* SQLite quotes the damaged bytes of a corrupt schema in its message;
   * a GError message must be UTF-8 (it ends up in a GTK label). */
  g_autofree char *msg = g_utf8_make_valid (db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc), -1);

  switch (primary)
    {
    case SQLITE_CORRUPT:
      code = GW_PROJECT_ERROR_CORRUPT;
      g_set_error (error, GW_PROJECT_ERROR, code,
                   _("“%s” is damaged (%s). It was not changed; restore it from a backup copy."),
                   path, msg);
      return;
    case SQLITE_NOTADB:
      code = GW_PROJECT_ERROR_NOT_A_PROJECT;
      g_set_error (error, GW_PROJECT_ERROR, code,
                   _("“%s” is not a Ganglioside Workbench project (%s)"), path, msg);
      return;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = GW_PROJECT_ERROR_BUSY;
      g_set_error (error, GW_PROJECT_ERROR, code,
                   _("“%s” is in use by another program (%s); try again"), path, msg);
      return;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    default:
      code = GW_PROJECT_ERROR_IO;
      g_set_error (error, GW_PROJECT_ERROR, code, _("“%s”: %s"), path, msg);
      return;
    }
}

static void
set_db_error (GwProject  *self,
              int         rc,
              GError    **error)
{
  set_db_error_full (self->path, self->db, rc, error);
}

static gboolean
db_exec (sqlite3     *db,
         const char  *path,
         const char  *sql,
         GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error_full (path, db, rc, error);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
db_prepare (GwProject   *self,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (self, rc, error);
      return NULL;
    }

  return stmt;
}

typedef sqlite3_stmt GwStmt;
static void
gw_stmt_finalize (GwStmt *stmt)
{
  sqlite3_finalize (stmt);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwStmt, gw_stmt_finalize)

static gboolean
step_done (GwProject     *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_db_error (self, rc, error);
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
column_dup_text (sqlite3_stmt *stmt,
                 int           i)
{
  const unsigned char *t = sqlite3_column_text (stmt, i);

  if (t == NULL)
    return NULL;

  /* Text from a file is untrusted; invalid UTF-8 must not reach GTK. */
  return g_utf8_make_valid ((const char *) t, -1);
}

/* Every user action is one IMMEDIATE transaction: the write lock is taken
 * at BEGIN, so two processes never both read, then both write. */
static gboolean
begin (GwProject  *self,
       GError    **error)
{
  return db_exec (self->db, self->path, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (GwProject  *self,
        GError    **error)
{
  if (!db_exec (self->db, self->path, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
rollback (GwProject *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Copies the blob @table.@column of row @rowid straight into @dest, which
 * holds @len bytes: no intermediate buffer, as sqlite3_column_blob()
 * would assemble for a blob that spans many pages. */
static gboolean
read_blob (GwProject   *self,
           const char  *table,
           const char  *column,
           gint64       rowid,
           gpointer     dest,
           gsize        len,
           GError     **error)
{
  sqlite3_blob *blob = NULL;
  int rc;

  rc = sqlite3_blob_open (self->db, "main", table, column, rowid, 0, &blob);
  if (rc == SQLITE_OK && (gsize) sqlite3_blob_bytes (blob) != len)
    {
      sqlite3_blob_close (blob);
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("“%s” is damaged: a stored %s has the wrong length"), self->path, table);
      return FALSE;
    }
  if (rc == SQLITE_OK && len > 0)
    rc = sqlite3_blob_read (blob, dest, (int) len, 0);
  sqlite3_blob_close (blob);
  if (rc != SQLITE_OK)
    {
      set_db_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Schema and migrations (docs/project-format.md)                       */

/* Version 1: the first release's schema.  Metadata was a mutable
 * key/value table and curation had no undo. */
static const char schema_v1[] =
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE datasets ("
  "  seq INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  codec TEXT NOT NULL CHECK (codec IN ('raw', 'zlib')),"
  "  content BLOB NOT NULL,"
  "  imported_at INTEGER NOT NULL,"
  "  author TEXT NOT NULL);"
  "CREATE INDEX datasets_sha256 ON datasets (sha256);"
  "CREATE TABLE runs ("
  "  seq INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  dataset_uuid TEXT NOT NULL REFERENCES datasets (uuid),"
  "  preset TEXT NOT NULL,"
  "  r2_threshold REAL,"
  "  outlier_threshold REAL,"
  "  rt_tolerance REAL,"
  "  anchor_weight REAL,"
  "  isomer_window_min REAL,"
  "  isomer_window_max REAL,"
  "  app_version TEXT NOT NULL,"
  "  started_at INTEGER NOT NULL,"
  "  finished_at INTEGER NOT NULL,"
  "  saved_at INTEGER NOT NULL,"
  "  author TEXT NOT NULL,"
  "  n_rows INTEGER NOT NULL,"
  "  n_valid INTEGER NOT NULL,"
  "  n_outlier INTEGER NOT NULL,"
  "  n_fragment INTEGER NOT NULL,"
  "  n_isomer INTEGER NOT NULL,"
  "  n_insufficient INTEGER NOT NULL,"
  "  n_invalid INTEGER NOT NULL,"
  "  models BLOB NOT NULL,"
  "  reports BLOB NOT NULL);"
  "CREATE INDEX runs_dataset ON runs (dataset_uuid);"
  "CREATE TABLE run_columns ("
  "  seq INTEGER PRIMARY KEY,"
  "  run_uuid TEXT NOT NULL REFERENCES runs (uuid),"
  "  name TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  codec TEXT NOT NULL CHECK (codec IN ('raw', 'zlib')),"
  "  size INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  data BLOB NOT NULL,"
  "  UNIQUE (run_uuid, name));"
  "CREATE TABLE curation_events ("
  "  seq INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  run_uuid TEXT NOT NULL REFERENCES runs (uuid),"
  "  row INTEGER NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),"
  "  reason TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);";

/* Version 2: metadata becomes append-only revisions, curation events gain
 * actions, undo and redo, and every item table refuses UPDATE and DELETE
 * so that a project is a set of immutable items (what sync exchanges). */
static const char schema_v2_tables[] =
  "CREATE TABLE metadata_revisions ("
  "  seq INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  notes TEXT NOT NULL,"
  "  column_type TEXT NOT NULL CHECK (column_type IN ('reversed-phase', 'hilic')),"
  "  author TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "ALTER TABLE curation_events RENAME TO curation_events_v1;"
  "CREATE TABLE curation_events ("
  "  seq INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  action_uuid TEXT NOT NULL,"
  "  run_uuid TEXT NOT NULL REFERENCES runs (uuid),"
  "  kind TEXT NOT NULL CHECK (kind IN ('curate', 'undo', 'redo')),"
  "  row INTEGER,"
  "  status TEXT CHECK (status IN ('accepted', 'rejected')),"
  "  reason TEXT NOT NULL,"
  "  target_action TEXT,"
  "  author TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  CHECK ((kind = 'curate' AND row IS NOT NULL AND row >= 0 AND status IS NOT NULL"
  "          AND length (reason) > 0 AND target_action IS NULL)"
  "      OR (kind IN ('undo', 'redo') AND row IS NULL AND status IS NULL"
  "          AND target_action IS NOT NULL)));"
  "INSERT INTO curation_events (seq, uuid, action_uuid, run_uuid, kind, row, status,"
  "                             reason, target_action, author, created_at)"
  "  SELECT seq, uuid, uuid, run_uuid, 'curate', row, status,"
  "         CASE WHEN length (reason) > 0 THEN reason ELSE '(no reason recorded)' END,"
  "         NULL, author, created_at"
  "  FROM curation_events_v1 ORDER BY seq;"
  "DROP TABLE curation_events_v1;"
  "CREATE INDEX curation_events_run ON curation_events (run_uuid, seq);";

/* Version 3: a parsed snapshot of each dataset's table (a cache derived
 * from datasets.content, so opening a run does not parse the file). */
static const char schema_v3_tables[] =
  "CREATE TABLE dataset_tables ("
  "  seq INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  dataset_uuid TEXT NOT NULL REFERENCES datasets (uuid),"
  "  format INTEGER NOT NULL,"
  "  codec TEXT NOT NULL CHECK (codec IN ('raw', 'zstd')),"
  "  size INTEGER NOT NULL,"
  "  data BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (dataset_uuid, format));";

static const char *const append_only_tables[] = {
  "metadata_revisions", "datasets", "runs", "run_columns", "curation_events", NULL
};

static gboolean
create_append_only_trigger (sqlite3     *db,
                            const char  *path,
                            const char  *t,
                            GError     **error)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("CREATE TRIGGER %s_no_update BEFORE UPDATE ON %s "
                         "BEGIN SELECT RAISE (ABORT, '%s rows are immutable'); END;"
                         "CREATE TRIGGER %s_no_delete BEFORE DELETE ON %s "
                         "BEGIN SELECT RAISE (ABORT, '%s rows are immutable'); END;",
                         t, t, t, t, t, t);
  return db_exec (db, path, sql, error);
}

static gboolean
create_append_only_triggers (sqlite3     *db,
                             const char  *path,
                             GError     **error)
{
  for (guint i = 0; append_only_tables[i] != NULL; i++)
    if (!create_append_only_trigger (db, path, append_only_tables[i], error))
      return FALSE;

  return TRUE;
}

static char *
basename_without_extension (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, ".gwproject"))
    base[strlen (base) - strlen (".gwproject")] = '\0';

  return g_steal_pointer (&base);
}

static gboolean
migrate_0_to_1 (sqlite3     *db,
                const char  *path,
                GError     **error)
{
  return db_exec (db, path, schema_v1, error);
}

static gboolean
migrate_1_to_2 (sqlite3     *db,
                const char  *path,
                GError     **error)
{
  g_autofree char *uuid = new_uuid ();
  g_autofree char *fallback = basename_without_extension (path);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!db_exec (db, path, schema_v2_tables, error))
    return FALSE;

  /* The old key/value metadata becomes the first revision. */
  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO metadata_revisions (uuid, name, notes, column_type, author, created_at) "
                           "SELECT ?1,"
                           " COALESCE ((SELECT value FROM meta WHERE key = 'name'), ?2),"
                           " COALESCE ((SELECT value FROM meta WHERE key = 'notes'), ''),"
                           " CASE (SELECT value FROM meta WHERE key = 'column_type')"
                           "   WHEN 'hilic' THEN 'hilic' ELSE 'reversed-phase' END,"
                           " COALESCE ((SELECT value FROM meta WHERE key = 'author'), ?3),"
                           " ?4",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, fallback, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, gw_project_get_default_author (), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK)
    {
      set_db_error_full (path, db, rc, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (!db_exec (db, path, "DROP TABLE meta", error))
    return FALSE;

  return create_append_only_triggers (db, path, error);
}

/* Existing datasets get no snapshot here: parsing every dataset would make
 * the upgrade slow, and the next run saved on a dataset adds it. */
static gboolean
migrate_2_to_3 (sqlite3     *db,
                const char  *path,
                GError     **error)
{
  return db_exec (db, path, schema_v3_tables, error) &&
         create_append_only_trigger (db, path, "dataset_tables", error);
}

/* Version 4: the sync layer's state (docs/sync-protocol.md, "Client").
 * These two tables are bookkeeping about the items, not items: they are
 * mutable and never exchanged. */
static const char schema_v4_tables[] =
  "CREATE TABLE sync_remotes ("
  "  server TEXT PRIMARY KEY,"
  "  project TEXT NOT NULL,"
  "  cursor INTEGER NOT NULL DEFAULT 0,"
  "  last_sync INTEGER,"
  "  last_error TEXT);"
  "CREATE TABLE sync_items ("
  "  server TEXT NOT NULL,"
  "  uuid TEXT NOT NULL,"
  "  seq INTEGER,"
  "  PRIMARY KEY (server, uuid)) WITHOUT ROWID;";

static gboolean
migrate_3_to_4 (sqlite3     *db,
                const char  *path,
                GError     **error)
{
  return db_exec (db, path, schema_v4_tables, error);
}

/* Version 5: metadata edits join the undo history.  A revision says
 * whether it is an edit, or the undo or redo of the edit in target; older
 * revisions are edits.  (Added columns keep the triggers and let older
 * releases' sync payloads, which lack them, insert as edits.) */
static const char schema_v5_columns[] =
  "ALTER TABLE metadata_revisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'edit'"
  "  CHECK (kind IN ('edit', 'undo', 'redo'));"
  "ALTER TABLE metadata_revisions ADD COLUMN target TEXT;";

static gboolean
migrate_4_to_5 (sqlite3     *db,
                const char  *path,
                GError     **error)
{
  return db_exec (db, path, schema_v5_columns, error);
}

typedef gboolean (*MigrationFunc) (sqlite3 *db, const char *path, GError **error);

/* migrations[i] takes a file from version i to version i + 1. */
static const MigrationFunc migrations[GW_PROJECT_SCHEMA_VERSION] = {
  migrate_0_to_1,
  migrate_1_to_2,
  migrate_2_to_3,
  migrate_3_to_4,
  migrate_4_to_5,
};

static gboolean
set_user_version (sqlite3     *db,
                  const char  *path,
                  guint        version,
                  GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %u", version);

  return db_exec (db, path, sql, error);
}

/* Runs migrations from @from to @to inside the caller's transaction. */
static gboolean
run_migrations (sqlite3     *db,
                const char  *path,
                guint        from,
                guint        to,
                GError     **error)
{
  for (guint v = from; v < to; v++)
    if (!migrations[v] (db, path, error))
      return FALSE;

  return set_user_version (db, path, to, error);
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* A checkpoint interrupted by a crash can leave the database file shorter
 * than its header says, with the missing pages still in the WAL: SQLite
 * replays them on open, so that file is not truncated. */
static gboolean
has_wal_content (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  /* 32 bytes is the WAL header alone, without frames. */
  return g_stat (wal, &st) == 0 && st.st_size > 32;
}

/* Reads the 100-byte SQLite header ourselves, before SQLite touches the
 * file: a file that is not ours is rejected without ever being opened for
 * writing, and a truncated one is detected before SQLite would try to
 * roll a journal onto it. */
static gboolean
check_header (const char  *path,
              guint       *user_version,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 header[100];
  gsize n_read = 0;
  goffset file_size;
  guint32 page_size, n_pages, app_id;

  in = g_file_read (file, NULL, &local_error);
  if (in == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND,
                     _("“%s” does not exist"), path);
      else
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_IO,
                     _("Could not open “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, &local_error);
  if (info == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &n_read, NULL, &local_error))
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_IO,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  file_size = g_file_info_get_size (info);

  if (n_read == 0)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_A_PROJECT,
                   _("“%s” is empty, not a Ganglioside Workbench project"), path);
      return FALSE;
    }

  if (n_read < sizeof magic || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_A_PROJECT,
                   _("“%s” is not a Ganglioside Workbench project (it is not an SQLite database)"),
                   path);
      return FALSE;
    }

  if (n_read < sizeof header)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("“%s” is damaged: the file is truncated (%lld bytes). "
                     "It was not changed; restore it from a backup copy."),
                   path, (long long) file_size);
      return FALSE;
    }

  app_id = read_be32 (header + 68);
  *user_version = read_be32 (header + 60);

  if (app_id != GW_PROJECT_APPLICATION_ID)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_A_PROJECT,
                   _("“%s” is an SQLite database, but not a Ganglioside Workbench project"),
                   path);
      return FALSE;
    }

  if (*user_version > GW_PROJECT_SCHEMA_VERSION)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Ganglioside Workbench "
                     "(project format %u; this version reads formats up to %u). "
                     "Update the application to open it."),
                   path, *user_version, GW_PROJECT_SCHEMA_VERSION);
      return FALSE;
    }

  /* Bytes 16–17: page size (1 means 65536); 28–31: pages, valid when the
   * change counter (24) equals the version-valid-for number (92). */
  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  n_pages = read_be32 (header + 28);
  if (n_pages != 0 && read_be32 (header + 24) == read_be32 (header + 92) &&
      !has_wal_content (path) &&
      (goffset) page_size * n_pages > file_size)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("“%s” is damaged: the file is truncated (%lld of %lld bytes). "
                     "It was not changed; restore it from a backup copy."),
                   path, (long long) file_size, (long long) page_size * n_pages);
      return FALSE;
    }

  return TRUE;
}

static gboolean
configure_connection (sqlite3     *db,
                      const char  *path,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  sqlite3_extended_result_codes (db, 1);
  /* Another process may hold the write lock for a big save (~1 s). */
  sqlite3_busy_timeout (db, 15000);

  if (sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);

  if (!wal)
    {
      g_autofree char *msg = g_utf8_make_valid (sqlite3_errmsg (db), -1);

      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_IO,
                   _("“%s”: could not switch to write-ahead logging (%s)"),
                   path, msg);
      return FALSE;
    }

  /* FULL: a commit is on disk when the call returns, so an action the
   * user saw succeed survives a power cut, not only a crash.  In WAL mode
   * NORMAL would skip that fsync and still survive a crash (kill -9), but
   * a power cut could then lose a run or a curation already reported
   * saved; the fsync costs 0.1-0.2 s of a million-row save's ~1.2 s, so
   * FULL stays. */
  return db_exec (db, path,
                  "PRAGMA synchronous = FULL;"
                  "PRAGMA foreign_keys = ON;"
                  "PRAGMA journal_size_limit = 67108864;",
                  error);
}

static void
gw_project_finalize (GObject *object)
{
  GwProject *self = (GwProject *) object;

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->cached_table, gw_table_unref);
  g_free (self->cached_dataset);
  g_free (self->path);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (gw_project_parent_class)->finalize (object);
}

static void
gw_project_class_init (GwProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_project_finalize;
}

static void
gw_project_init (GwProject *self)
{
  g_rec_mutex_init (&self->lock);
}

static char *
backup_path_for (const char *path,
                 guint       version)
{
  char *candidate = g_strdup_printf ("%s.v%u.bak", path, version);

  /* Never overwrite an earlier backup. */
  for (guint i = 1; g_file_test (candidate, G_FILE_TEST_EXISTS); i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s.v%u.%u.bak", path, version, i);
    }

  return candidate;
}

/* Copies the whole database, WAL content included, with SQLite's online
 * backup, so the copy is consistent even while another process writes. */
static gboolean
write_backup (GwProject   *self,
              const char  *dest_path,
              GError     **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_IO,
                   _("Could not write the backup copy “%s”: %s"), dest_path,
                   dest ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      sqlite3_close_v2 (dest);
      return FALSE;
    }

  backup = sqlite3_backup_init (dest, "main", self->db, "main");
  if (backup != NULL)
    {
      rc = sqlite3_backup_step (backup, -1);
      sqlite3_backup_finish (backup);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  else
    rc = sqlite3_errcode (dest);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_IO,
                   _("Could not write the backup copy “%s”: %s"), dest_path,
                   sqlite3_errstr (rc));
      sqlite3_close_v2 (dest);
      g_unlink (dest_path);
      return FALSE;
    }

  sqlite3_close_v2 (dest);
  return TRUE;
}

static GwProject *
open_connection (const char  *path,
                 gboolean     new_file,
                 GError     **error)
{
  g_autoptr(GwProject) self = g_object_new (GW_TYPE_PROJECT, NULL);
  int rc;

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self, rc, error);
      return NULL;
    }

  /* Runs are a few large blobs: big pages mean fewer pages to chain,
   * write and checksum.  The size is fixed when the file is created (it
   * cannot change in WAL mode). */
  if (new_file && !db_exec (self->db, path, "PRAGMA page_size = " G_STRINGIFY (GW_PROJECT_PAGE_SIZE), error))
    return NULL;

  if (!configure_connection (self->db, path, error))
    return NULL;

  return g_steal_pointer (&self);
}

static gboolean
verify_schema (GwProject  *self,
               GError    **error)
{
  /* Reading the schema touches page 1 and the schema table: a damaged
   * file fails here, with a clear message, before any write. */
  return db_exec (self->db, self->path, "SELECT count(*) FROM sqlite_master", error);
}

GwProject *
gw_project_open (const char  *path,
                 GError     **error)
{
  g_autoptr(GwProject) self = NULL;
  guint version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_header (path, &version, error))
    return NULL;

  self = open_connection (path, FALSE, error);
  if (self == NULL)
    return NULL;

  if (!verify_schema (self, error))
    return NULL;

  if (version < GW_PROJECT_SCHEMA_VERSION)
    {
      g_autofree char *backup = backup_path_for (path, version);

      g_info ("Migrating %s from project format %u to %u (backup: %s)",
              path, version, (guint) GW_PROJECT_SCHEMA_VERSION, backup);

      if (!write_backup (self, backup, error))
        return NULL;

      if (!begin (self, error))
        return NULL;

      /* Another process may have migrated the file while we waited. */
      {
        sqlite3_stmt *stmt = NULL;
        guint now = version;

        if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
            sqlite3_step (stmt) == SQLITE_ROW)
          now = sqlite3_column_int (stmt, 0);
        sqlite3_finalize (stmt);

        if (now < GW_PROJECT_SCHEMA_VERSION &&
            !run_migrations (self->db, path, now, GW_PROJECT_SCHEMA_VERSION, error))
          {
            rollback (self);
            g_prefix_error (error, _("Could not upgrade the project (the backup copy is “%s”): "), backup);
            return NULL;
          }
      }

      if (!commit (self, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

/* The time of a new event: now, but after the newest event of either
 * log, so the merged history (GwHistory) keeps the order actions were
 * made in even when the clock steps back or two come in one microsecond.
 * The newest by time, not the last inserted: merged logs are replayed in
 * time order on every workstation (see load_events()), so an action
 * taken here must follow everything the analyst saw, including events
 * synced from a workstation whose clock is ahead. */
static gint64
next_event_time (GwProject *self)
{
  g_autoptr(GwStmt) stmt = NULL;
  gint64 now = g_get_real_time ();

  stmt = db_prepare (self,
                     "SELECT max (coalesce ((SELECT max (created_at) FROM metadata_revisions), 0),"
                     "            coalesce ((SELECT max (created_at) FROM curation_events), 0))",
                     NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    now = MAX (now, sqlite3_column_int64 (stmt, 0) + 1);

  return now;
}

static gboolean
insert_metadata_revision (GwProject       *self,
                          const char      *name,
                          const char      *notes,
                          GwLcColumn       column_type,
                          GwMetadataKind   kind,
                          const char      *target,
                          const char      *author,
                          GError         **error)
{
  g_autoptr(GwStmt) stmt = NULL;
  g_autofree char *uuid = new_uuid ();

  stmt = db_prepare (self,
                     "INSERT INTO metadata_revisions (uuid, name, notes, column_type, author, created_at,"
                     " kind, target) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, uuid);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, notes ? notes : "");
  bind_text (stmt, 4, gw_lc_column_to_string (column_type));
  bind_text (stmt, 5, author_or_default (author));
  sqlite3_bind_int64 (stmt, 6, next_event_time (self));
  bind_text (stmt, 7, gw_metadata_kind_to_string (kind));
  bind_text (stmt, 8, target);

  return step_done (self, stmt, error);
}

static GwProject *
create_at_version (const char  *path,
                   const char  *name,
                   guint        version,
                   GError     **error)
{
  g_autoptr(GwProject) self = NULL;
  g_autofree char *default_name = NULL;
  int fd;

  /* O_EXCL claims the path, so two windows creating the same project
   * never both believe they made it. */
  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL, 0666);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == EEXIST)
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_EXISTS,
                     _("“%s” already exists"), path);
      else
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_IO,
                     _("Could not create “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  close (fd);

  self = open_connection (path, TRUE, error);
  if (self == NULL)
    goto fail;

  if (!db_exec (self->db, path, "PRAGMA application_id = 1196904522", error))
    goto fail;
  g_assert (GW_PROJECT_APPLICATION_ID == 1196904522);

  if (!begin (self, error))
    goto fail;

  /* A new file goes through the same migrations as an old one, from the
   * first schema on, so creation and upgrade can never disagree. */
  if (!run_migrations (self->db, path, 0, 1, error))
    goto fail;

  if (name == NULL || *name == '\0')
    name = default_name = basename_without_extension (path);

  {
    g_autoptr(GwStmt) stmt = db_prepare (self, "INSERT INTO meta (key, value) VALUES ('name', ?)", error);

    if (stmt == NULL)
      goto fail;
    bind_text (stmt, 1, name);
    if (!step_done (self, stmt, error))
      goto fail;
  }

  if (!run_migrations (self->db, path, 1, version, error))
    goto fail;

  if (!commit (self, error))
    goto fail;

  return g_steal_pointer (&self);

fail:
  /* We made this file a moment ago, so removing it loses nothing. */
  if (self != NULL)
    {
      rollback (self);
      g_clear_object (&self);
    }
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  return NULL;
}

GwProject *
gw_project_create (const char  *path,
                   const char  *name,
                   GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return create_at_version (path, name, GW_PROJECT_SCHEMA_VERSION, error);
}

sqlite3 *
gw_project_lock_db (GwProject *self)
{
  g_rec_mutex_lock (&self->lock);
  return self->db;
}

void
gw_project_unlock_db (GwProject *self)
{
  g_rec_mutex_unlock (&self->lock);
}

void
gw_project_set_db_error (GwProject  *self,
                         int         rc,
                         GError    **error)
{
  set_db_error (self, rc, error);
}

gboolean
gw_project_create_with_schema (const char  *path,
                               const char  *name,
                               guint        version,
                               GError     **error)
{
  g_autoptr(GwProject) self = NULL;

  g_return_val_if_fail (version >= 1 && version <= GW_PROJECT_SCHEMA_VERSION, FALSE);

  self = create_at_version (path, name, version, error);
  return self != NULL;
}

const char *
gw_project_get_path (GwProject *self)
{
  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);
  return self->path;
}

gboolean
gw_project_save_copy (GwProject   *self,
                      const char  *dest,
                      GError     **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  if (g_strcmp0 (dest, self->path) == 0)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                   _("“%s” is this project already"), dest);
      return FALSE;
    }

  /* Copy next to the destination, then rename: @dest is never half
   * written.  A WAL or index left by an older file of that name would be
   * applied to the new one, so they go. */
  tmp = g_strdup_printf ("%s.%u.tmp", dest, (guint) g_random_int ());
  if (!write_backup (self, tmp, error))
    return FALSE;

  wal = g_strconcat (dest, "-wal", NULL);
  shm = g_strconcat (dest, "-shm", NULL);
  g_unlink (wal);
  g_unlink (shm);

  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_IO,
                   _("Could not write “%s”: %s"), dest, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

gboolean
gw_project_check_integrity (GwProject  *self,
                            GError    **error)
{
  g_autoptr(GwStmt) stmt = NULL;
  int rc;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);

  stmt = db_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, rc, error);
      return FALSE;
    }

  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("“%s” is damaged: %s"), self->path, sqlite3_column_text (stmt, 0));
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Metadata                                                            */

/* Revisions in the order every workstation agrees on, whatever order
 * sync brought them in: by time, then UUID.  A downloaded file's own
 * first revision is a placeholder, held by the server without a server
 * sequence number (never pushed), that the server's revisions
 * supersede: it is the metadata in effect only while there is no other
 * revision, and the list (the project's history) leaves it out then, so
 * the history is the same on every workstation. */
#define METADATA_PLACEHOLDER "(uuid IN (SELECT uuid FROM sync_items WHERE seq IS NULL))"
#define METADATA_ORDER_NEWEST_FIRST "ORDER BY NOT " METADATA_PLACEHOLDER " DESC, created_at DESC, uuid DESC"
#define METADATA_LIST "WHERE NOT " METADATA_PLACEHOLDER " OR NOT EXISTS " \
  "(SELECT 1 FROM metadata_revisions WHERE NOT " METADATA_PLACEHOLDER ") ORDER BY created_at, uuid"

static gboolean
read_metadata (GwProject   *self,
               char       **name,
               char       **notes,
               GwLcColumn  *column_type)
{
  g_autoptr(GwStmt) stmt = NULL;

  stmt = db_prepare (self,
                     "SELECT name, notes, column_type FROM metadata_revisions "
                     METADATA_ORDER_NEWEST_FIRST " LIMIT 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  if (name != NULL)
    *name = column_dup_text (stmt, 0);
  if (notes != NULL)
    *notes = column_dup_text (stmt, 1);
  if (column_type != NULL &&
      !gw_lc_column_from_string ((const char *) sqlite3_column_text (stmt, 2), column_type))
    *column_type = GW_LC_COLUMN_REVERSED_PHASE;

  return TRUE;
}

char *
gw_project_dup_name (GwProject *self)
{
  char *name = NULL;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  if (!read_metadata (self, &name, NULL, NULL) || name == NULL)
    return basename_without_extension (self->path);

  return name;
}

char *
gw_project_dup_notes (GwProject *self)
{
  char *notes = NULL;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  if (!read_metadata (self, NULL, &notes, NULL) || notes == NULL)
    return g_strdup ("");

  return notes;
}

GwLcColumn
gw_project_get_column_type (GwProject *self)
{
  GwLcColumn column = GW_LC_COLUMN_REVERSED_PHASE;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), GW_LC_COLUMN_REVERSED_PHASE);

  read_metadata (self, NULL, NULL, &column);
  return column;
}

gboolean
gw_project_set_metadata (GwProject   *self,
                         const char  *name,
                         const char  *notes,
                         GwLcColumn   column_type,
                         const char  *author,
                         GError     **error)
{
  g_autofree char *old_name = NULL;
  g_autofree char *old_notes = NULL;
  g_autofree char *trimmed = NULL;
  GwLcColumn old_column = GW_LC_COLUMN_REVERSED_PHASE;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (column_type == GW_LC_COLUMN_REVERSED_PHASE ||
                        column_type == GW_LC_COLUMN_HILIC, FALSE);

  trimmed = name != NULL ? g_strstrip (g_strdup (name)) : NULL;
  if (trimmed != NULL && *trimmed == '\0')
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                   _("A project needs a name"));
      return FALSE;
    }

  if (!begin (self, error))
    return FALSE;

  read_metadata (self, &old_name, &old_notes, &old_column);

  /* Saving unchanged properties is not an action: no revision, so no
   * empty step for Undo. */
  if (g_strcmp0 (name ? name : old_name, old_name) == 0 &&
      g_strcmp0 (notes ? notes : old_notes, old_notes) == 0 &&
      column_type == old_column && old_name != NULL)
    {
      rollback (self);
      return TRUE;
    }

  if (!insert_metadata_revision (self,
                                 name ? name : (old_name ? old_name : ""),
                                 notes ? notes : old_notes,
                                 column_type, GW_METADATA_EDIT, NULL, author, error))
    {
      rollback (self);
      return FALSE;
    }

  return commit (self, error);
}

guint
gw_project_get_n_metadata_revisions (GwProject *self)
{
  g_autoptr(GwStmt) stmt = NULL;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), 0);

  stmt = db_prepare (self, "SELECT count(*) FROM metadata_revisions", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int (stmt, 0);
}

GPtrArray *
gw_project_list_metadata_revisions (GwProject  *self,
                                    GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_metadata_revision_free);
  g_autoptr(GwStmt) stmt = NULL;
  int rc;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  stmt = db_prepare (self,
                     "SELECT uuid, name, notes, column_type, author, created_at, kind, target "
                     "FROM metadata_revisions " METADATA_LIST, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwMetadataRevision *revision = g_new0 (GwMetadataRevision, 1);

      revision->uuid = column_dup_text (stmt, 0);
      revision->name = column_dup_text (stmt, 1);
      revision->notes = column_dup_text (stmt, 2);
      if (!gw_lc_column_from_string ((const char *) sqlite3_column_text (stmt, 3), &revision->column_type))
        revision->column_type = GW_LC_COLUMN_REVERSED_PHASE;
      revision->author = column_dup_text (stmt, 4);
      revision->created_at = sqlite3_column_int64 (stmt, 5);
      if (!gw_metadata_kind_from_string ((const char *) sqlite3_column_text (stmt, 6), &revision->kind))
        revision->kind = GW_METADATA_EDIT;
      revision->target = column_dup_text (stmt, 7);
      g_ptr_array_add (out, revision);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ */
/* Datasets                                                            */

static char *
find_dataset_by_sha (GwProject   *self,
                     const char  *sha256,
                     GError     **error)
{
  g_autoptr(GwStmt) stmt = db_prepare (self, "SELECT uuid FROM datasets WHERE sha256 = ? ORDER BY seq LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return column_dup_text (stmt, 0);
  if (rc != SQLITE_DONE)
    set_db_error (self, rc, error);

  return NULL;
}

/* @precompressed: TRUE when @packed is gw_codec_maybe_compress() of
 * @bytes already (NULL then meaning "store them raw"). */
static char *
insert_dataset (GwProject   *self,
                GBytes      *bytes,
                gboolean     precompressed,
                GBytes      *packed_bytes,
                const char  *sha256,
                const char  *name,
                const char  *author,
                GError     **error)
{
  g_autoptr(GwStmt) stmt = NULL;
  g_autoptr(GBytes) packed = NULL;
  g_autofree char *uuid = new_uuid ();
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  /* CSV text compresses about fourfold at zlib's fastest level. */
  if (precompressed)
    packed = packed_bytes ? g_bytes_ref (packed_bytes) : NULL;
  else
    packed = gw_codec_maybe_compress (data, size);

  stmt = db_prepare (self,
                     "INSERT INTO datasets (uuid, name, sha256, size, codec, content, imported_at, author) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, uuid);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, sha256);
  sqlite3_bind_int64 (stmt, 4, size);
  bind_text (stmt, 5, packed ? "zlib" : "raw");
  if (packed != NULL)
    sqlite3_bind_blob64 (stmt, 6, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed), SQLITE_STATIC);
  else
    sqlite3_bind_blob64 (stmt, 6, size > 0 ? data : "", size, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
  bind_text (stmt, 8, author_or_default (author));

  if (!step_done (self, stmt, error))
    return NULL;

  return g_steal_pointer (&uuid);
}

char *
gw_project_add_dataset (GwProject   *self,
                        GBytes      *bytes,
                        const char  *name,
                        const char  *author,
                        GError     **error)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(GError) local_error = NULL;
  char *uuid;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  sha256 = gw_codec_sha256 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (!begin (self, error))
    return NULL;

  uuid = find_dataset_by_sha (self, sha256, &local_error);
  if (uuid == NULL && local_error == NULL)
    uuid = insert_dataset (self, bytes, FALSE, NULL, sha256, name, author, &local_error);

  if (uuid == NULL)
    {
      rollback (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!commit (self, error))
    {
      g_free (uuid);
      return NULL;
    }

  return uuid;
}

GPtrArray *
gw_project_list_datasets (GwProject  *self,
                          GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_dataset_info_free);
  g_autoptr(GwStmt) stmt = NULL;
  int rc;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  stmt = db_prepare (self,
                     "SELECT d.uuid, d.name, d.sha256, d.size, d.imported_at, d.author,"
                     " (SELECT count(*) FROM runs r WHERE r.dataset_uuid = d.uuid) "
                     "FROM datasets d ORDER BY d.seq", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwDatasetInfo *info;

      /* The schema says NOT NULL, but a damaged file can say otherwise. */
      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        {
          g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                       _("“%s” is damaged: a dataset has no ID"), self->path);
          return NULL;
        }

      info = g_new0 (GwDatasetInfo, 1);
      info->uuid = column_dup_text (stmt, 0);
      info->name = column_dup_text (stmt, 1);
      info->sha256 = column_dup_text (stmt, 2);
      info->size = sqlite3_column_int64 (stmt, 3);
      info->imported_at = sqlite3_column_int64 (stmt, 4);
      info->author = column_dup_text (stmt, 5);
      info->n_runs = sqlite3_column_int (stmt, 6);
      g_ptr_array_add (out, info);
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

static GBytes *
load_dataset_bytes (GwProject   *self,
                    const char  *uuid,
                    char       **name,
                    GError     **error)
{
  g_autoptr(GwStmt) stmt = NULL;
  GBytes *bytes;
  gboolean zlib;
  int rc;

  stmt = db_prepare (self, "SELECT codec, size, content, name FROM datasets WHERE uuid = ?", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND,
                   _("No dataset “%s” in “%s”"), uuid, self->path);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, rc, error);
      return NULL;
    }

  if (name != NULL)
    *name = column_dup_text (stmt, 3);

  zlib = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "zlib") == 0;
  bytes = gw_codec_unpack (_("dataset"), zlib,
                           sqlite3_column_blob (stmt, 2),
                           sqlite3_column_bytes (stmt, 2),
                           sqlite3_column_int64 (stmt, 1),
                           error);

  /* Raw bytes point into the statement's row, which ends here. */
  if (bytes != NULL && !zlib)
    {
      GBytes *copy = g_bytes_new (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      g_bytes_unref (bytes);
      bytes = copy;
    }

  return bytes;
}

GBytes *
gw_project_load_dataset_bytes (GwProject   *self,
                               const char  *dataset_uuid,
                               GError     **error)
{
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);
  g_return_val_if_fail (dataset_uuid != NULL, NULL);

  return load_dataset_bytes (self, dataset_uuid, NULL, error);
}

/* The stored snapshot of a dataset's table, or NULL (no error) when there
 * is none or it cannot be used: the caller then parses the original bytes,
 * which stay the truth. */
static GwTable *
load_table_snapshot (GwProject  *self,
                     const char *dataset_uuid,
                     GError    **error)
{
  g_autoptr(GwStmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GwTable) table = NULL;
  const char *codec;
  const char *sha;
  gint64 size;
  gint64 stored;
  int rc;

  stmt = db_prepare (self,
                     "SELECT t.codec, t.size, t.seq, d.sha256, length (t.data) FROM dataset_tables t"
                     " JOIN datasets d ON d.uuid = t.dataset_uuid"
                     " WHERE t.dataset_uuid = ? AND t.format = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, dataset_uuid);
  sqlite3_bind_int (stmt, 2, GW_TABLE_SNAPSHOT_VERSION);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, rc, error);
      return NULL;
    }

  codec = (const char *) sqlite3_column_text (stmt, 0);
  size = sqlite3_column_int64 (stmt, 1);
  stored = sqlite3_column_int64 (stmt, 4);
  if (size >= 0 && stored >= 0 && (g_strcmp0 (codec, "zstd") == 0 || g_strcmp0 (codec, "raw") == 0))
    {
      guint8 *buf = gw_codec_big_alloc (stored);

      if (!read_blob (self, "dataset_tables", "data", sqlite3_column_int64 (stmt, 2),
                      buf, stored, &local_error))
        g_free (buf);
      else if (g_strcmp0 (codec, "raw") == 0)
        bytes = g_bytes_new_take (buf, stored);
      else
        {
          bytes = gw_codec_zstd_decompress (_("table snapshot"), buf, stored, size, &local_error);
          g_free (buf);
        }
    }

  if (bytes != NULL)
    table = gw_table_new_from_snapshot (bytes, &local_error);

  sha = (const char *) sqlite3_column_text (stmt, 3);
  if (table != NULL && g_strcmp0 (gw_table_get_sha256 (table), sha) != 0)
    {
      g_clear_pointer (&table, gw_table_unref);
      g_set_error_literal (&local_error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                           "the snapshot is of other bytes");
    }

  if (table == NULL)
    g_message ("%s: dataset %s: not using its table snapshot (%s); reading the original file",
               self->path, dataset_uuid, local_error ? local_error->message : "unknown codec");

  return g_steal_pointer (&table);
}

/* Compressed snapshot bytes for @table, ready for insert_table_snapshot(). */
static GBytes *
pack_table_snapshot (GwTable *table,
                     gsize   *size)
{
  GwZstdStream *stream;

  /* Compressed as the engine writes it: a 1M-row snapshot is 110 MB that
   * would otherwise be copied into fresh memory first. */
  *size = gw_table_snapshot_size (table);
  stream = gw_codec_zstd_stream_new (*size);
  gw_table_snapshot_write (table, gw_codec_zstd_stream_write, stream);
  return gw_codec_zstd_stream_finish (stream);
}

static gboolean
has_table_snapshot (GwProject   *self,
                    const char  *dataset_uuid)
{
  g_autoptr(GwStmt) stmt = db_prepare (self,
                                       "SELECT 1 FROM dataset_tables WHERE dataset_uuid = ? AND format = ?",
                                       NULL);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, dataset_uuid);
  sqlite3_bind_int (stmt, 2, GW_TABLE_SNAPSHOT_VERSION);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Inside the caller's transaction.  A snapshot that is already there (a
 * concurrent save) is kept. */
static gboolean
insert_table_snapshot (GwProject   *self,
                       const char  *dataset_uuid,
                       GBytes      *packed,
                       gsize        size,
                       GError     **error)
{
  g_autoptr(GwStmt) stmt = NULL;
  g_autofree char *uuid = new_uuid ();

  stmt = db_prepare (self,
                     "INSERT OR IGNORE INTO dataset_tables (uuid, dataset_uuid, format, codec, size, data, created_at) "
                     "VALUES (?, ?, ?, 'zstd', ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, uuid);
  bind_text (stmt, 2, dataset_uuid);
  sqlite3_bind_int (stmt, 3, GW_TABLE_SNAPSHOT_VERSION);
  sqlite3_bind_int64 (stmt, 4, size);
  sqlite3_bind_blob64 (stmt, 5, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());

  return step_done (self, stmt, error);
}

GwTable *
gw_project_load_table (GwProject     *self,
                       const char    *dataset_uuid,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  GwTable *table;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);
  g_return_val_if_fail (dataset_uuid != NULL, NULL);

  if (self->cached_table != NULL && g_strcmp0 (self->cached_dataset, dataset_uuid) == 0)
    return gw_table_ref (self->cached_table);

  table = load_table_snapshot (self, dataset_uuid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (table == NULL)
    {
      bytes = load_dataset_bytes (self, dataset_uuid, &name, error);
      if (bytes == NULL)
        return NULL;

      table = gw_table_new_from_bytes (bytes, name, cancellable, error);
      if (table == NULL)
        return NULL;
    }

  g_clear_pointer (&self->cached_table, gw_table_unref);
  g_free (self->cached_dataset);
  self->cached_table = gw_table_ref (table);
  self->cached_dataset = g_strdup (dataset_uuid);

  return table;
}

/* ------------------------------------------------------------------ */
/* Runs                                                                */

static gboolean
valid_id (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;

  for (const char *p = id; *p; p++)
    if (!g_ascii_isxdigit (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

/* Resolves a UUID or a unique prefix to the full UUID. */
static char *
resolve_run (GwProject   *self,
             const char  *run_id,
             GError     **error)
{
  g_autoptr(GwStmt) stmt = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *found = NULL;
  guint n = 0;
  int rc;

  if (!valid_id (run_id))
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND,
                   _("No run “%s” in “%s”"), run_id ? run_id : "", self->path);
      return NULL;
    }

  stmt = db_prepare (self, "SELECT uuid FROM runs WHERE uuid >= ?1 AND uuid < ?1 || 'g' ORDER BY seq LIMIT 2", error);
  if (stmt == NULL)
    return NULL;

  pattern = g_ascii_strdown (run_id, -1);
  bind_text (stmt, 1, pattern);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n++ == 0)
        found = column_dup_text (stmt, 0);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, error);
      return NULL;
    }

  if (n == 0)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND,
                   _("No run “%s” in “%s”"), run_id, self->path);
      return NULL;
    }
  if (n > 1)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_AMBIGUOUS,
                   _("“%s” matches several runs in “%s”; give more of the ID"),
                   run_id, self->path);
      return NULL;
    }

  return g_steal_pointer (&found);
}

static const char run_select[] =
  "SELECT r.uuid, r.dataset_uuid, d.name, r.preset, r.r2_threshold, r.outlier_threshold,"
  " r.rt_tolerance, r.anchor_weight, r.isomer_window_min, r.isomer_window_max,"
  " r.app_version, r.started_at, r.finished_at, r.saved_at, r.author, r.n_rows,"
  " r.n_valid, r.n_outlier, r.n_fragment, r.n_isomer, r.n_insufficient, r.n_invalid "
  "FROM runs r JOIN datasets d ON d.uuid = r.dataset_uuid ";

static GwRunInfo *
run_info_from_row (sqlite3_stmt *stmt)
{
  GwRunInfo *info = g_new0 (GwRunInfo, 1);
  GwPreset preset = GW_PRESET_ROBUST;

  info->uuid = column_dup_text (stmt, 0);
  info->dataset_uuid = column_dup_text (stmt, 1);
  info->dataset_name = column_dup_text (stmt, 2);
  if (!gw_preset_from_string ((const char *) sqlite3_column_text (stmt, 3), &preset))
    preset = GW_PRESET_ROBUST;
  info->params.preset = preset;
  /* A parameter that does not apply to the preset is NaN in memory and
   * NULL in the file (SQLite stores NaN as NULL anyway). */
  for (guint i = 0; i < G_N_ELEMENTS (param_specs); i++)
    G_STRUCT_MEMBER (double, &info->params, param_specs[i].offset) =
      sqlite3_column_type (stmt, 4 + i) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 4 + i);
  info->app_version = column_dup_text (stmt, 10);
  info->started_at = sqlite3_column_int64 (stmt, 11);
  info->finished_at = sqlite3_column_int64 (stmt, 12);
  info->saved_at = sqlite3_column_int64 (stmt, 13);
  info->author = column_dup_text (stmt, 14);
  info->n_rows = MAX (sqlite3_column_int64 (stmt, 15), 0);
  for (guint s = 0; s < GW_N_STATUSES; s++)
    info->status_counts[s] = MAX (sqlite3_column_int64 (stmt, 16 + s), 0);

  return info;
}

/* The run's log in the order every workstation agrees on, whatever order
 * sync brought the events in: by time, then action and UUID.  The
 * events of one action share their time (next_event_time()), so an action
 * stays in one piece, and an undo or redo is always later than what it
 * names. */
static GPtrArray *
load_events (GwProject   *self,
             const char  *run_uuid,
             GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_curation_event_free);
  g_autoptr(GwStmt) stmt = NULL;
  int rc;

  stmt = db_prepare (self,
                     "SELECT uuid, action_uuid, kind, row, status, reason, target_action,"
                     " author, created_at FROM curation_events WHERE run_uuid = ?"
                     " ORDER BY created_at, action_uuid, uuid",
                     error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, run_uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwCurationEvent *ev = g_new0 (GwCurationEvent, 1);
      GwCurationStatus status = GW_CURATION_NONE;
      GwCurationEventKind kind = GW_CURATION_EVENT_CURATE;
      gint64 row = sqlite3_column_int64 (stmt, 3);

      ev->uuid = column_dup_text (stmt, 0);
      ev->action_uuid = column_dup_text (stmt, 1);
      ev->run_uuid = g_strdup (run_uuid);
      gw_curation_event_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind);
      ev->kind = kind;
      ev->row = row >= 0 && row <= G_MAXUINT ? (guint) row : G_MAXUINT;
      gw_curation_status_from_string ((const char *) sqlite3_column_text (stmt, 4), &status);
      ev->status = status;
      ev->reason = column_dup_text (stmt, 5);
      if (ev->reason == NULL)
        ev->reason = g_strdup ("");
      ev->target_action = column_dup_text (stmt, 6);
      ev->author = column_dup_text (stmt, 7);
      ev->created_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (events, ev);
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

static GwCuration *
load_curation (GwProject   *self,
               const char  *run_uuid,
               guint        n_rows,
               GError     **error)
{
  g_autoptr(GPtrArray) events = load_events (self, run_uuid, error);

  if (events == NULL)
    return NULL;

  return gw_curation_new (n_rows, events);
}

static GwRunInfo *
get_run_info (GwProject   *self,
              const char  *run_id,
              GError     **error)
{
  g_autofree char *uuid = resolve_run (self, run_id, error);
  g_autofree char *sql = NULL;
  g_autoptr(GwStmt) stmt = NULL;
  g_autoptr(GwCuration) curation = NULL;
  GwRunInfo *info;
  int rc;

  if (uuid == NULL)
    return NULL;

  sql = g_strconcat (run_select, "WHERE r.uuid = ?", NULL);
  stmt = db_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                     _("Run “%s” in “%s” has no dataset"), uuid, self->path);
      else
        set_db_error (self, rc, error);
      return NULL;
    }

  info = run_info_from_row (stmt);

  curation = load_curation (self, info->uuid, info->n_rows, NULL);
  if (curation != NULL)
    info->n_curated = gw_curation_get_n_curated (curation);

  return info;
}

GwRunInfo *
gw_project_get_run_info (GwProject   *self,
                         const char  *run_id,
                         GError     **error)
{
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  return get_run_info (self, run_id, error);
}

GPtrArray *
gw_project_list_runs (GwProject   *self,
                      const char  *dataset_uuid,
                      GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_run_info_free);
  g_autoptr(GwStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  sql = g_strconcat (run_select,
                     dataset_uuid ? "WHERE r.dataset_uuid = ? " : "",
                     "ORDER BY r.seq", NULL);
  stmt = db_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  if (dataset_uuid != NULL)
    bind_text (stmt, 1, dataset_uuid);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        {
          g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                       _("“%s” is damaged: a run has no ID"), self->path);
          return NULL;
        }
      g_ptr_array_add (out, run_info_from_row (stmt));
    }

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, error);
      return NULL;
    }

  for (guint i = 0; i < out->len; i++)
    {
      GwRunInfo *info = g_ptr_array_index (out, i);
      g_autoptr(GwCuration) curation = load_curation (self, info->uuid, info->n_rows, error);

      if (curation == NULL)
        return NULL;
      info->n_curated = gw_curation_get_n_curated (curation);
    }

  return g_steal_pointer (&out);
}

/* Work a save does before its transaction, on worker threads while the
 * run's columns are packed: a new dataset's 1M-row CSV takes about as long
 * to hash and compress as the run to pack, and the table's snapshot as
 * long again, so on two cores the three overlap. */
typedef struct
{
  GBytes   *bytes;       /* the dataset's bytes */
  gboolean  compress;    /* they are not stored yet */
  char     *sha256;      /* out */
  GBytes   *packed;      /* out: (nullable) gw_codec_maybe_compress() */
} DatasetJob;

static gpointer
dataset_job_run (gpointer data)
{
  DatasetJob *job = data;
  gsize size = 0;
  gconstpointer bytes = g_bytes_get_data (job->bytes, &size);

  job->sha256 = gw_codec_sha256 (bytes, size);
  if (job->compress)
    job->packed = gw_codec_maybe_compress (bytes, size);
  return NULL;
}

typedef struct
{
  GwTable *table;
  GBytes  *packed;       /* out */
  gsize    size;         /* out */
} SnapshotJob;

static gpointer
snapshot_job_run (gpointer data)
{
  SnapshotJob *job = data;

  job->packed = pack_table_snapshot (job->table, &job->size);
  return NULL;
}

/* Runs @func on a new thread, or here when no thread can be made. */
static GThread *
start_job (const char   *name,
           GThreadFunc   func,
           gpointer      data)
{
  GThread *thread = g_thread_try_new (name, func, data, NULL);

  if (thread == NULL)
    func (data);
  return thread;
}

char *
gw_project_save_run (GwProject   *self,
                     GwRun       *run,
                     GBytes      *dataset_bytes,
                     const char  *author,
                     GError     **error)
{
  g_autoptr(GArray) columns = NULL;
  g_autoptr(GBytes) models = NULL;
  g_autoptr(GBytes) reports = NULL;
  g_autoptr(GBytes) snapshot = NULL;
  g_autoptr(GBytes) dataset_packed = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GwStmt) stmt = NULL;
  g_autofree char *dataset_uuid = NULL;
  DatasetJob dataset_job = { 0 };
  SnapshotJob snapshot_job = { 0 };
  GThread *dataset_thread = NULL;
  GThread *snapshot_thread = NULL;
  g_autofree char *known_dataset = NULL;
  g_autofree char *uuid = NULL;
  gsize snapshot_size = 0;
  const GwParams *params;
  GwTable *table;
  const char *sha256;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);
  g_return_val_if_fail (run != NULL, NULL);

  table = gw_run_get_table (run);
  sha256 = gw_table_get_sha256 (table);
  params = gw_run_get_params (run);

  /* Pack before taking the write lock: other processes wait only for
   * the writes themselves.  The table's snapshot goes with the first run
   * of a dataset (or of a dataset stored by an older version).  Whether
   * it, and the dataset, are needed is checked outside the transaction
   * too, so the packing does not hold the lock; a race only means work
   * done for nothing (or, for the dataset, done again inside). */
  known_dataset = find_dataset_by_sha (self, sha256, NULL);
  if (dataset_bytes != NULL)
    {
      dataset_job.bytes = dataset_bytes;
      dataset_job.compress = known_dataset == NULL;
      dataset_thread = start_job ("gw-save-dataset", dataset_job_run, &dataset_job);
    }
  if (known_dataset == NULL || !has_table_snapshot (self, known_dataset))
    {
      snapshot_job.table = table;
      snapshot_thread = start_job ("gw-save-snapshot", snapshot_job_run, &snapshot_job);
    }

  columns = gw_run_codec_pack_columns (run);
  models = gw_run_codec_pack_models (run);
  reports = gw_run_codec_pack_reports (run);

  /* The snapshot, the longest job, is joined only once the run's rows
   * are written: SQLite's copying and checksumming of those overlaps its
   * compression. */
  if (dataset_thread != NULL)
    g_thread_join (dataset_thread);
  dataset_packed = g_steal_pointer (&dataset_job.packed);

  if (dataset_bytes != NULL && g_strcmp0 (dataset_job.sha256, sha256) != 0)
    {
      g_set_error (&local_error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                   _("The dataset bytes are not the run's input (SHA-256 differs)"));
      goto fail_unlocked;
    }

  if (!begin (self, &local_error))
    goto fail_unlocked;

  dataset_uuid = find_dataset_by_sha (self, sha256, &local_error);
  if (dataset_uuid == NULL && local_error == NULL)
    {
      if (dataset_bytes == NULL)
        {
          g_set_error (&local_error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOT_FOUND,
                       _("The input “%s” is not stored in “%s”"),
                       gw_table_get_display_name (table), self->path);
        }
      else
        {
          dataset_uuid = insert_dataset (self, dataset_bytes, dataset_job.compress, dataset_packed,
                                         sha256, gw_table_get_display_name (table),
                                         author, &local_error);
        }
    }
  if (dataset_uuid == NULL)
    goto fail;

  uuid = new_uuid ();

  stmt = db_prepare (self,
                     "INSERT INTO runs (uuid, dataset_uuid, preset, r2_threshold, outlier_threshold,"
                     " rt_tolerance, anchor_weight, isomer_window_min, isomer_window_max,"
                     " app_version, started_at, finished_at, saved_at, author, n_rows,"
                     " n_valid, n_outlier, n_fragment, n_isomer, n_insufficient, n_invalid,"
                     " models, reports) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     &local_error);
  if (stmt == NULL)
    goto fail;

  bind_text (stmt, 1, uuid);
  bind_text (stmt, 2, dataset_uuid);
  bind_text (stmt, 3, gw_preset_to_string (params->preset));
  for (guint i = 0; i < G_N_ELEMENTS (param_specs); i++)
    {
      if (isnan (param_value (params, i)))
        sqlite3_bind_null (stmt, 4 + i);
      else
        sqlite3_bind_double (stmt, 4 + i, param_value (params, i));
    }
  bind_text (stmt, 10, gw_run_get_version (run) ? gw_run_get_version (run) : PACKAGE_VERSION);
  sqlite3_bind_int64 (stmt, 11, gw_run_get_start_time (run));
  sqlite3_bind_int64 (stmt, 12, gw_run_get_end_time (run));
  sqlite3_bind_int64 (stmt, 13, g_get_real_time ());
  bind_text (stmt, 14, author_or_default (author));
  sqlite3_bind_int64 (stmt, 15, gw_run_get_n_rows (run));
  for (guint s = 0; s < GW_N_STATUSES; s++)
    sqlite3_bind_int64 (stmt, 16 + s, gw_run_get_status_count (run, s));
  sqlite3_bind_blob64 (stmt, 22, g_bytes_get_data (models, NULL), g_bytes_get_size (models), SQLITE_STATIC);
  sqlite3_bind_blob64 (stmt, 23, g_bytes_get_data (reports, NULL), g_bytes_get_size (reports), SQLITE_STATIC);

  if (!step_done (self, stmt, &local_error))
    goto fail;
  g_clear_pointer (&stmt, gw_stmt_finalize);

  stmt = db_prepare (self,
                     "INSERT INTO run_columns (run_uuid, name, type, codec, size, n, data) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", &local_error);
  if (stmt == NULL)
    goto fail;

  for (guint c = 0; c < columns->len; c++)
    {
      GwPackedColumn *col = &g_array_index (columns, GwPackedColumn, c);
      gsize len = 0;
      gconstpointer data = g_bytes_get_data (col->data, &len);

      sqlite3_reset (stmt);
      bind_text (stmt, 1, uuid);
      bind_text (stmt, 2, col->name);
      bind_text (stmt, 3, gw_codec_type_to_string (col->type));
      bind_text (stmt, 4, col->zlib ? "zlib" : "raw");
      sqlite3_bind_int64 (stmt, 5, col->size);
      sqlite3_bind_int64 (stmt, 6, col->n);
      sqlite3_bind_blob64 (stmt, 7, len > 0 ? data : "", len, SQLITE_STATIC);
      if (!step_done (self, stmt, &local_error))
        goto fail;
    }
  g_clear_pointer (&stmt, gw_stmt_finalize);

  if (snapshot_thread != NULL)
    g_thread_join (g_steal_pointer (&snapshot_thread));
  snapshot = g_steal_pointer (&snapshot_job.packed);
  snapshot_size = snapshot_job.size;
  if (snapshot != NULL &&
      !insert_table_snapshot (self, dataset_uuid, snapshot, snapshot_size, &local_error))
    goto fail;

  /* The commit makes the run durable in the WAL.  Copying a hundred
   * megabytes from there into the main file (the automatic checkpoint a
   * commit runs once the WAL is over 1000 pages) is left to the
   * connection's close or its next write, which SQLite does whenever it
   * suits; a crash in between loses nothing, the WAL is replayed. */
  sqlite3_wal_autocheckpoint (self->db, 0);
  if (!commit (self, &local_error))
    {
      sqlite3_wal_autocheckpoint (self->db, SQLITE_DEFAULT_WAL_AUTOCHECKPOINT);
      goto fail;
    }
  sqlite3_wal_autocheckpoint (self->db, SQLITE_DEFAULT_WAL_AUTOCHECKPOINT);
  g_free (dataset_job.sha256);

  return g_steal_pointer (&uuid);

fail:
  g_clear_pointer (&stmt, gw_stmt_finalize);
  rollback (self);
fail_unlocked:
  /* The job works on this frame's data: it must end before we return. */
  if (snapshot_thread != NULL)
    g_thread_join (snapshot_thread);
  g_clear_pointer (&snapshot_job.packed, g_bytes_unref);
  g_free (dataset_job.sha256);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

GwRun *
gw_project_load_run (GwProject     *self,
                     const char    *run_id,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GwRunInfo) info = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GwRun) run = NULL;
  g_autoptr(GwStmt) stmt = NULL;
  g_autoptr(GHashTable) seen = NULL;
  const char * const *required;
  int rc;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  /* A consistent snapshot: a writer in another process cannot slip a
   * change between our reads. */
  if (!db_exec (self->db, self->path, "BEGIN", error))
    return NULL;

  info = get_run_info (self, run_id, error);
  if (info == NULL)
    goto fail;

  table = gw_project_load_table (self, info->dataset_uuid, cancellable, error);
  if (table == NULL)
    goto fail;

  if (gw_table_get_n_rows (table) != info->n_rows)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Run “%s” has %u rows but its dataset “%s” has %u"),
                   info->uuid, info->n_rows, info->dataset_name, gw_table_get_n_rows (table));
      goto fail;
    }

  /* Every column is overwritten from the file (a run that lacks one is
   * refused below), so they are not filled with defaults first: on a
   * million rows that is a hundred megabytes written for nothing. */
  run = gw_run_new_for_table_uninit (table, &info->params);

  stmt = db_prepare (self,
                     "SELECT name, type, codec, size, n, seq, length (data) FROM run_columns WHERE run_uuid = ?",
                     error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, info->uuid);

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      GwCodecType type;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *what = NULL;
      g_autofree guint8 *stored = NULL;
      gboolean zlib = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "zlib") == 0;
      gint64 size = sqlite3_column_int64 (stmt, 3);
      gint64 n = sqlite3_column_int64 (stmt, 4);
      gint64 rowid = sqlite3_column_int64 (stmt, 5);
      gint64 stored_len = sqlite3_column_int64 (stmt, 6);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;

      if (name == NULL || !gw_codec_type_from_string ((const char *) sqlite3_column_text (stmt, 1), &type) ||
          size < 0 || n < 0 || n > G_MAXUINT || stored_len < 0)
        {
          g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                       _("Run “%s” in “%s” has a damaged column"), info->uuid, self->path);
          goto fail;
        }

      what = g_strdup_printf (_("column “%s”"), name);

      /* A fixed-width column goes straight from the file into the run's
       * array, or is inflated straight into it: the largest columns are
       * copied once, into memory that is written once. */
      {
        g_autoptr(GError) array_error = NULL;
        gsize array_size = 0;
        gpointer array = gw_run_codec_get_column_array (run, name, type, n, &array_size, &array_error);

        if (array_error != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&array_error));
            goto fail;
          }
        if (array != NULL)
          {
            if ((gsize) size != array_size || (!zlib && stored_len != size))
              {
                g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                             _("Stored column “%s” has the wrong length"), name);
                goto fail;
              }
            if (!zlib)
              {
                if (!read_blob (self, "run_columns", "data", rowid, array, array_size, error))
                  goto fail;
              }
            else
              {
                stored = gw_codec_big_alloc (stored_len);
                if (!read_blob (self, "run_columns", "data", rowid, stored, stored_len, error) ||
                    !gw_codec_unpack_into (what, stored, stored_len, array, array_size, error))
                  goto fail;
              }
            gw_run_codec_fix_column (run, name);
            g_hash_table_add (seen, g_strdup (name));
            continue;
          }
      }

      stored = gw_codec_big_alloc (stored_len);
      if (!read_blob (self, "run_columns", "data", rowid, stored, stored_len, error))
        goto fail;

      bytes = gw_codec_unpack (what, zlib, stored, stored_len, size, error);
      if (bytes == NULL)
        goto fail;

      if (!gw_run_codec_take_column (run, name, type, n, g_steal_pointer (&bytes), error))
        goto fail;

      g_hash_table_add (seen, g_strdup (name));
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, error);
      goto fail;
    }
  g_clear_pointer (&stmt, gw_stmt_finalize);

  required = gw_run_codec_required_columns ();
  for (guint i = 0; required[i] != NULL; i++)
    if (!g_hash_table_contains (seen, required[i]))
      {
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                     _("Run “%s” in “%s” lacks its column “%s”"),
                     info->uuid, self->path, required[i]);
        goto fail;
      }

  stmt = db_prepare (self, "SELECT models, seq, length (reports) FROM runs WHERE uuid = ?", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, info->uuid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, rc, error);
      goto fail;
    }

  {
    g_autoptr(GBytes) models = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
    g_autoptr(GBytes) reports = NULL;
    gint64 reports_len = sqlite3_column_int64 (stmt, 2);
    guint8 *buf;

    /* The side reports can be tens of megabytes: read once, straight
     * into a buffer of our own (malloc's alignment suits GVariant). */
    if (sqlite3_column_type (stmt, 2) == SQLITE_NULL || reports_len < 0 ||
        (guint64) reports_len > G_MAXSIZE / 2)
      {
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                     _("Run “%s” in “%s” has a damaged column"), info->uuid, self->path);
        goto fail;
      }
    buf = gw_codec_big_alloc (reports_len);
    if (!read_blob (self, "runs", "reports", sqlite3_column_int64 (stmt, 1), buf, reports_len, error))
      {
        g_free (buf);
        goto fail;
      }
    reports = g_bytes_new_take (buf, reports_len);

    if (!gw_run_codec_set_models (run, models, error) ||
        !gw_run_codec_set_reports (run, reports, error))
      goto fail;
  }
  g_clear_pointer (&stmt, gw_stmt_finalize);

  db_exec (self->db, self->path, "COMMIT", NULL);

  gw_run_finish (run);

  /* gw_run_finish() stamps the end time: restore the stored run's own. */
  run->start_time = info->started_at;
  run->end_time = info->finished_at;
  g_free (run->version);
  run->version = g_strdup (info->app_version);

  return g_steal_pointer (&run);

fail:
  g_clear_pointer (&stmt, gw_stmt_finalize);
  rollback (self);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Curation                                                            */

static gboolean
insert_event (GwProject              *self,
              sqlite3_stmt           *stmt,
              const char             *action_uuid,
              const char             *run_uuid,
              GwCurationEventKind     kind,
              gint64                  row,
              GwCurationStatus        status,
              const char             *reason,
              const char             *target,
              const char             *author,
              gint64                  now,
              GError                **error)
{
  g_autofree char *uuid = new_uuid ();

  sqlite3_reset (stmt);
  bind_text (stmt, 1, uuid);
  bind_text (stmt, 2, action_uuid);
  bind_text (stmt, 3, run_uuid);
  bind_text (stmt, 4, gw_curation_event_kind_to_string (kind));
  if (row >= 0)
    sqlite3_bind_int64 (stmt, 5, row);
  else
    sqlite3_bind_null (stmt, 5);
  bind_text (stmt, 6, status != GW_CURATION_NONE ? gw_curation_status_to_string (status) : NULL);
  bind_text (stmt, 7, reason ? reason : "");
  bind_text (stmt, 8, target);
  bind_text (stmt, 9, author_or_default (author));
  sqlite3_bind_int64 (stmt, 10, now);

  return step_done (self, stmt, error);
}

static const char insert_event_sql[] =
  "INSERT INTO curation_events (uuid, action_uuid, run_uuid, kind, row, status, reason,"
  " target_action, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

char *
gw_project_curate (GwProject        *self,
                   const char       *run_id,
                   const guint      *rows,
                   guint             n_rows,
                   GwCurationStatus  status,
                   const char       *reason,
                   const char       *author,
                   GError          **error)
{
  g_autoptr(GwRunInfo) info = NULL;
  g_autoptr(GwStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *action = NULL;
  g_autofree char *clean_reason = NULL;
  gint64 now;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);
  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);

  if (status != GW_CURATION_ACCEPTED && status != GW_CURATION_REJECTED)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                   _("A row can only be accepted or rejected"));
      return NULL;
    }

  clean_reason = g_strstrip (g_strdup (reason ? reason : ""));
  if (*clean_reason == '\0' || !g_utf8_validate (clean_reason, -1, NULL))
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                   _("Give a reason for accepting or rejecting a row"));
      return NULL;
    }

  if (n_rows == 0)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                   _("No rows are selected"));
      return NULL;
    }

  if (!begin (self, error))
    return NULL;

  info = get_run_info (self, run_id, &local_error);
  if (info == NULL)
    goto fail;

  for (guint i = 0; i < n_rows; i++)
    if (rows[i] >= info->n_rows)
      {
        g_set_error (&local_error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                     _("Row %u is outside the run (it has %u rows)"), rows[i] + 1, info->n_rows);
        goto fail;
      }

  stmt = db_prepare (self, insert_event_sql, &local_error);
  if (stmt == NULL)
    goto fail;

  now = next_event_time (self);
  action = new_uuid ();
  for (guint i = 0; i < n_rows; i++)
    if (!insert_event (self, stmt, action, info->uuid, GW_CURATION_EVENT_CURATE,
                       rows[i], status, clean_reason, NULL, author, now, &local_error))
      goto fail;
  g_clear_pointer (&stmt, gw_stmt_finalize);

  if (!commit (self, &local_error))
    goto fail;

  return g_steal_pointer (&action);

fail:
  g_clear_pointer (&stmt, gw_stmt_finalize);
  rollback (self);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* Reads the history inside the caller's transaction. */
static GwHistory *
load_history (GwProject   *self,
              const char  *run_id,
              GError     **error)
{
  g_autoptr(GwRunInfo) info = NULL;
  g_autoptr(GwCuration) curation = NULL;
  g_autoptr(GPtrArray) revisions = NULL;

  if (run_id != NULL)
    {
      info = get_run_info (self, run_id, error);
      if (info == NULL)
        return NULL;
      curation = load_curation (self, info->uuid, info->n_rows, error);
      if (curation == NULL)
        return NULL;
    }

  revisions = gw_project_list_metadata_revisions (self, error);
  if (revisions == NULL)
    return NULL;

  return gw_history_new (curation, revisions);
}

static gboolean
undo_redo (GwProject            *self,
           const char           *run_id,
           GwCurationEventKind   kind,
           const char           *author,
           GError              **error)
{
  g_autoptr(GwRunInfo) info = NULL;
  g_autoptr(GwHistory) history = NULL;
  g_autoptr(GwStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *action = NULL;
  gboolean undo = kind == GW_CURATION_EVENT_UNDO;
  GwHistoryActionKind target_kind;
  const char *target;

  /* Reading the log and appending the undo happen in one write
   * transaction, so two windows pressing Ctrl+Z at once undo two
   * different actions, never the same one twice. */
  if (!begin (self, error))
    return FALSE;

  if (run_id != NULL && (info = get_run_info (self, run_id, &local_error)) == NULL)
    goto fail;

  history = load_history (self, info ? info->uuid : NULL, &local_error);
  if (history == NULL)
    goto fail;

  target = undo ? gw_history_get_undo_action (history) : gw_history_get_redo_action (history);
  target_kind = undo ? gw_history_get_undo_kind (history) : gw_history_get_redo_kind (history);
  if (target == NULL)
    {
      if (undo)
        g_set_error (&local_error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOTHING_TO_UNDO,
                     _("There is nothing to undo"));
      else
        g_set_error (&local_error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_NOTHING_TO_REDO,
                     _("There is nothing to redo"));
      goto fail;
    }

  if (target_kind == GW_HISTORY_ACTION_METADATA)
    {
      /* A revision that restores the values before the edit (undo) or
       * those of the edit (redo): the newest revision stays the metadata
       * in effect, for this release and older ones alike. */
      const GwMetadataRevision *values = undo ? gw_history_get_revision_before (history, target)
                                              : gw_history_get_revision (history, target);

      g_assert (values != NULL);
      if (!insert_metadata_revision (self, values->name, values->notes, values->column_type,
                                     undo ? GW_METADATA_UNDO : GW_METADATA_REDO, target,
                                     author, &local_error))
        goto fail;
    }
  else
    {
      stmt = db_prepare (self, insert_event_sql, &local_error);
      if (stmt == NULL)
        goto fail;

      action = new_uuid ();
      if (!insert_event (self, stmt, action, info->uuid, kind, -1, GW_CURATION_NONE,
                         "", target, author, next_event_time (self), &local_error))
        goto fail;
      g_clear_pointer (&stmt, gw_stmt_finalize);
    }

  if (!commit (self, &local_error))
    goto fail;

  return TRUE;

fail:
  g_clear_pointer (&stmt, gw_stmt_finalize);
  rollback (self);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
gw_project_undo (GwProject   *self,
                 const char  *run_id,
                 const char  *author,
                 GError     **error)
{
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);

  return undo_redo (self, run_id, GW_CURATION_EVENT_UNDO, author, error);
}

gboolean
gw_project_redo (GwProject   *self,
                 const char  *run_id,
                 const char  *author,
                 GError     **error)
{
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);

  return undo_redo (self, run_id, GW_CURATION_EVENT_REDO, author, error);
}

GwCuration *
gw_project_load_curation (GwProject   *self,
                          const char  *run_id,
                          GError     **error)
{
  g_autoptr(GwRunInfo) info = NULL;
  GwCuration *curation;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  if (!db_exec (self->db, self->path, "BEGIN", error))
    return NULL;

  info = get_run_info (self, run_id, error);
  curation = info ? load_curation (self, info->uuid, info->n_rows, error) : NULL;

  rollback (self);
  return curation;
}

GwHistory *
gw_project_load_history (GwProject   *self,
                         const char  *run_id,
                         GError     **error)
{
  GwHistory *history;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  if (!db_exec (self->db, self->path, "BEGIN", error))
    return NULL;

  history = load_history (self, run_id, error);

  rollback (self);
  return history;
}

/* ------------------------------------------------------------------ */
/* Comparison                                                          */

static guint8 *
load_status_column (GwProject        *self,
                    const GwRunInfo  *info,
                    GError          **error)
{
  g_autoptr(GwStmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *status;
  int rc;

  stmt = db_prepare (self,
                     "SELECT codec, size, n, data, type FROM run_columns "
                     "WHERE run_uuid = ? AND name = 'status'", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, info->uuid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                     _("Run “%s” in “%s” lacks its column “status”"), info->uuid, self->path);
      else
        set_db_error (self, rc, error);
      return NULL;
    }

  if (sqlite3_column_int64 (stmt, 2) != info->n_rows ||
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "u8") != 0 ||
      sqlite3_column_int64 (stmt, 1) != info->n_rows)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_CORRUPT,
                   _("Run “%s” in “%s” has a damaged column “status”"), info->uuid, self->path);
      return NULL;
    }

  bytes = gw_codec_unpack (_("column “status”"),
                           g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "zlib") == 0,
                           sqlite3_column_blob (stmt, 3),
                           sqlite3_column_bytes (stmt, 3),
                           info->n_rows, error);
  if (bytes == NULL)
    return NULL;

  status = g_memdup2 (g_bytes_get_data (bytes, NULL), MAX (info->n_rows, 1));
  for (guint i = 0; i < info->n_rows; i++)
    if (status[i] >= GW_N_STATUSES)
      status[i] = GW_STATUS_INVALID;

  return status;
}

static void
add_param_change (GPtrArray  *changes,
                  const char *name,
                  char       *a,
                  char       *b)
{
  if (g_strcmp0 (a, b) != 0)
    {
      GwParamChange *change = g_new0 (GwParamChange, 1);

      change->name = g_strdup (name);
      change->value_a = a;
      change->value_b = b;
      g_ptr_array_add (changes, change);
    }
  else
    {
      g_free (a);
      g_free (b);
    }
}

GwRunComparison *
gw_project_compare_runs (GwProject   *self,
                         const char  *run_a,
                         const char  *run_b,
                         GError     **error)
{
  g_autoptr(GwRunInfo) a = NULL;
  g_autoptr(GwRunInfo) b = NULL;
  g_autoptr(GwCuration) cur_a = NULL;
  g_autoptr(GwCuration) cur_b = NULL;
  g_autofree guint8 *status_a = NULL;
  g_autofree guint8 *status_b = NULL;
  g_autoptr(GwRunComparison) cmp = NULL;
  const guint8 *ca, *cb;
  LOCK (self);

  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  if (!db_exec (self->db, self->path, "BEGIN", error))
    return NULL;

  if ((a = get_run_info (self, run_a, error)) == NULL ||
      (b = get_run_info (self, run_b, error)) == NULL)
    goto fail;

  if (g_strcmp0 (a->dataset_uuid, b->dataset_uuid) != 0 || a->n_rows != b->n_rows)
    {
      g_set_error (error, GW_PROJECT_ERROR, GW_PROJECT_ERROR_INVALID,
                   _("The runs analyse different datasets (“%s” and “%s”), so their rows cannot be matched"),
                   a->dataset_name, b->dataset_name);
      goto fail;
    }

  if ((status_a = load_status_column (self, a, error)) == NULL ||
      (status_b = load_status_column (self, b, error)) == NULL ||
      (cur_a = load_curation (self, a->uuid, a->n_rows, error)) == NULL ||
      (cur_b = load_curation (self, b->uuid, b->n_rows, error)) == NULL)
    goto fail;

  rollback (self);

  cmp = g_new0 (GwRunComparison, 1);
  cmp->run_a = g_strdup (a->uuid);
  cmp->run_b = g_strdup (b->uuid);
  cmp->n_rows = a->n_rows;
  cmp->rows = g_array_new (FALSE, FALSE, sizeof (GwRowChange));
  cmp->params = g_ptr_array_new_with_free_func (param_change_free);

  ca = gw_curation_get_status_column (cur_a);
  cb = gw_curation_get_status_column (cur_b);
  for (guint i = 0; i < a->n_rows; i++)
    {
      GwRowChange change = { i, status_a[i], status_b[i], ca[i], cb[i] };

      if (strcmp (gw_row_change_get_effective_a (&change),
                  gw_row_change_get_effective_b (&change)) != 0)
        g_array_append_val (cmp->rows, change);
    }

  add_param_change (cmp->params, "preset",
                    g_strdup (gw_preset_to_string (a->params.preset)),
                    g_strdup (gw_preset_to_string (b->params.preset)));
  for (guint i = 0; i < G_N_ELEMENTS (param_specs); i++)
    add_param_change (cmp->params, param_specs[i].name,
                      format_double (param_value (&a->params, i)),
                      format_double (param_value (&b->params, i)));
  add_param_change (cmp->params, "app_version", g_strdup (a->app_version), g_strdup (b->app_version));

  return g_steal_pointer (&cmp);

fail:
  rollback (self);
  return NULL;
}
