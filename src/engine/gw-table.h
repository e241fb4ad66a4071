/* gw-table.h: the parsed input table (ANALYSIS.md §1)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-name.h"

G_BEGIN_DECLS

#define GW_TABLE_ERROR (gw_table_error_quark ())

/* Fatal import errors.  The message always names the file. */
typedef enum
{
  GW_TABLE_ERROR_IO,
  GW_TABLE_ERROR_NOT_TEXT,        /* binary or not UTF-8 in the header */
  GW_TABLE_ERROR_EMPTY,           /* empty file */
  GW_TABLE_ERROR_MISSING_COLUMN,  /* a required column is missing */
  GW_TABLE_ERROR_NO_DATA,         /* header only */
  GW_TABLE_ERROR_NO_VALID_ROWS,   /* every row is invalid */
  GW_TABLE_ERROR_BAD_SNAPSHOT,    /* gw_table_new_from_snapshot(): damaged or other version */
} GwTableError;

/* The five required columns. */
typedef enum
{
  GW_COLUMN_NAME,
  GW_COLUMN_RT,
  GW_COLUMN_VOLUME,
  GW_COLUMN_LOGP,
  GW_COLUMN_ANCHOR,
  GW_N_COLUMNS
} GwColumn;

/**
 * GwTable:
 *
 * An immutable, reference-counted, column-wise table: arrays of doubles and
 * interned strings, never an object per cell.  Safe to share between
 * threads once parsed.
 *
 * Row indices are 0-based in input order.  Every data row of the file is a
 * row here, invalid ones included: an invalid row keeps its raw cells, has
 * NAN in the numeric columns it could not read, and carries a reason such as
 * "line 17: RT 'abc' is not a number".
 */
typedef struct _GwTable GwTable;

GType          gw_table_get_type              (void) G_GNUC_CONST;
GQuark         gw_table_error_quark           (void);

GwTable       *gw_table_ref                   (GwTable       *table);
void           gw_table_unref                 (GwTable       *table);

/* @display_name names the file in every message (usually its basename). */
GwTable       *gw_table_new_from_bytes        (GBytes        *bytes,
                                               const char    *display_name,
                                               GCancellable  *cancellable,
                                               GError       **error);
GwTable       *gw_table_new_from_file         (GFile         *file,
                                               GCancellable  *cancellable,
                                               GError       **error);

const char    *gw_table_get_display_name      (GwTable       *table);
/* Lower-case hex SHA-256 of the input bytes. */
const char    *gw_table_get_sha256            (GwTable       *table);
char           gw_table_get_delimiter         (GwTable       *table);
gboolean       gw_table_get_decimal_comma     (GwTable       *table);

guint          gw_table_get_n_rows            (GwTable       *table);
guint          gw_table_get_n_valid           (GwTable       *table);
guint          gw_table_get_n_invalid         (GwTable       *table);
guint          gw_table_get_n_anchors         (GwTable       *table);  /* valid anchors */

/* Column arrays, gw_table_get_n_rows() long.  NAN where unreadable. */
const double  *gw_table_get_rt_column         (GwTable       *table);
const double  *gw_table_get_volume_column     (GwTable       *table);
const double  *gw_table_get_logp_column       (GwTable       *table);
/* Group index per row, -1 when the name did not parse. */
const gint32  *gw_table_get_group_column      (GwTable       *table);
/* Per row, which of the table's distinct Name cells it has (0 to
 * gw_table_get_n_names() − 1): for a row whose gw_table_get_parsed_name()
 * is not NULL, rows with equal indices share that parsed name, so a
 * property of the name can be computed once per index instead of once per
 * row.  Other rows: unspecified, usually -1. */
const gint32  *gw_table_get_name_index_column (GwTable       *table);
guint          gw_table_get_n_names           (GwTable       *table);

/* Per-row accessors. */
guint          gw_table_get_line              (GwTable       *table,
                                               guint          row);   /* 1-based line in the file */
gboolean       gw_table_is_valid              (GwTable       *table,
                                               guint          row);
/* (nullable): NULL for valid rows. */
const char    *gw_table_get_error             (GwTable       *table,
                                               guint          row);
const char    *gw_table_get_name              (GwTable       *table,
                                               guint          row);   /* the Name cell as written, trimmed */
double         gw_table_get_rt                (GwTable       *table,
                                               guint          row);
double         gw_table_get_volume            (GwTable       *table,
                                               guint          row);
double         gw_table_get_logp              (GwTable       *table,
                                               guint          row);
gboolean       gw_table_is_anchor             (GwTable       *table,
                                               guint          row);
/* (nullable): the parsed name, NULL when the name did not parse. */
const GwName  *gw_table_get_parsed_name       (GwTable       *table,
                                               guint          row);
/* The raw text of a required cell, exactly as in the file (unquoted). */
const char    *gw_table_get_cell              (GwTable       *table,
                                               guint          row,
                                               GwColumn       column);

/* Groups (ANALYSIS.md §2: the prefix as written before '(').  Only rows with
 * a parsed name have a group; others return -1. */
guint          gw_table_get_n_groups          (GwTable       *table);
const char    *gw_table_get_group_name        (GwTable       *table,
                                               guint          group);
int            gw_table_get_group             (GwTable       *table,
                                               guint          row);
/* Valid rows, and valid anchors, of a group. */
guint          gw_table_get_group_n_rows      (GwTable       *table,
                                               guint          group);
guint          gw_table_get_group_n_anchors   (GwTable       *table,
                                               guint          group);

/* Extra columns, kept and written back unchanged. */
guint          gw_table_get_n_extra_columns   (GwTable       *table);
const char    *gw_table_get_extra_column_name (GwTable       *table,
                                               guint          column);
const char    *gw_table_get_extra_cell        (GwTable       *table,
                                               guint          row,
                                               guint          column);
/* The header text of a required column as written in the file. */
const char    *gw_table_get_column_header     (GwTable       *table,
                                               GwColumn       column);

/* Table-level warnings, such as "only 2 anchors (fewer than 3)".
 * (transfer none) (element-type utf8). */
const char * const *gw_table_get_warnings     (GwTable       *table);

/* Snapshots: a parsed table as one binary blob, so that a store can open
 * it again without parsing the file (the project store keeps one next to
 * the original bytes).  The layout belongs to this engine build and is
 * versioned by GW_TABLE_SNAPSHOT_VERSION; it is not an exchange format.
 * Reading a snapshot checks every offset and index, so damaged bytes give
 * GW_TABLE_ERROR_BAD_SNAPSHOT, never a crash; reading takes a reference to
 * @snapshot and does not copy the arrays. */
#define GW_TABLE_SNAPSHOT_VERSION 1

GBytes        *gw_table_snapshot              (GwTable       *table);

/* The same bytes handed to @write piece by piece, in order, without
 * assembling them (a store can compress them as they come); @write may
 * be NULL to only count them.  Returns the snapshot's size, which
 * gw_table_snapshot_size() gives beforehand. */
typedef void (*GwSnapshotWriteFunc) (gconstpointer  data,
                                     gsize          len,
                                     gpointer       user_data);
gsize          gw_table_snapshot_write        (GwTable             *table,
                                               GwSnapshotWriteFunc  write,
                                               gpointer             user_data);
gsize          gw_table_snapshot_size         (GwTable       *table);
GwTable       *gw_table_new_from_snapshot     (GBytes        *snapshot,
                                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwTable, gw_table_unref)

G_END_DECLS
