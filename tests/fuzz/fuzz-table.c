/* fuzz-table.c: fuzz target for the table reader
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fuzz-table"

#include "config.h"

#include "gw-table.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) table = gw_table_new_from_bytes (bytes, "fuzz.csv", NULL, &error);

  if (table == NULL)
    {
      /* Every fatal error names the file. */
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.csv: "));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  /* Walk everything a consumer may read; each string must be valid UTF-8
   * and every invalid row must say why. */
  g_assert_cmpuint (gw_table_get_n_valid (table) + gw_table_get_n_invalid (table), ==,
                    gw_table_get_n_rows (table));
  g_assert_cmpuint (gw_table_get_n_valid (table), >, 0);
  for (guint r = 0; r < gw_table_get_n_rows (table); r++)
    {
      g_assert_true (g_utf8_validate (gw_table_get_name (table, r), -1, NULL));
      for (guint c = 0; c < GW_N_COLUMNS; c++)
        g_assert_true (g_utf8_validate (gw_table_get_cell (table, r, c), -1, NULL));
      for (guint c = 0; c < gw_table_get_n_extra_columns (table); c++)
        g_assert_true (g_utf8_validate (gw_table_get_extra_cell (table, r, c), -1, NULL));
      if (gw_table_is_valid (table, r))
        {
          g_assert_null (gw_table_get_error (table, r));
          g_assert_nonnull (gw_table_get_parsed_name (table, r));
          g_assert_cmpint (gw_table_get_group (table, r), >=, 0);
          g_assert_true (gw_table_get_rt (table, r) >= 0 && gw_table_get_rt (table, r) <= 300);
          g_assert_true (gw_table_get_volume (table, r) > 0);
        }
      else
        {
          const char *e = gw_table_get_error (table, r);
          g_assert_nonnull (e);
          g_assert_true (g_str_has_prefix (e, "line "));
          g_assert_true (g_utf8_validate (e, -1, NULL));
        }
    }
  for (guint g = 0; g < gw_table_get_n_groups (table); g++)
    g_assert_true (g_utf8_validate (gw_table_get_group_name (table, g), -1, NULL));
  for (const char * const *w = gw_table_get_warnings (table); *w != NULL; w++)
    g_assert_true (g_utf8_validate (*w, -1, NULL));
  return 0;
}
