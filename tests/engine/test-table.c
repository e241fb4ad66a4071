/* test-table.c: tests for the table reader (ANALYSIS.md §1)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-table"

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gw-numparse.h"
#include "gw-table.h"

static char *
data_path (const char *env,
           const char *basename)
{
  const char *dir = g_getenv (env);

  if (dir == NULL)
    return NULL;
  return g_build_filename (dir, basename, NULL);
}

/* Loads tests/data/@basename (or ../shared/data with @shared). */
static GwTable *
load (const char  *basename,
      gboolean     shared,
      GError     **error)
{
  g_autofree char *path = data_path (shared ? "GW_SHARED_DATA" : "GW_TEST_DATA", basename);
  g_autoptr(GFile) file = NULL;

  g_assert_nonnull (path);
  file = g_file_new_for_path (path);
  return gw_table_new_from_file (file, NULL, error);
}

static GwTable *
load_ok (const char *basename)
{
  g_autoptr(GError) error = NULL;
  GwTable *t = load (basename, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

static GwTable *
parse_string (const char  *text,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return gw_table_new_from_bytes (bytes, "memory.csv", NULL, error);
}

static GwTable *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GwTable *t = parse_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

static int
find_row (GwTable    *t,
          const char *name)
{
  for (guint r = 0; r < gw_table_get_n_rows (t); r++)
    if (g_strcmp0 (gw_table_get_name (t, r), name) == 0)
      return (int) r;
  return -1;
}

static gboolean
has_warning (GwTable    *t,
             const char *text)
{
  for (const char * const *w = gw_table_get_warnings (t); *w != NULL; w++)
    if (strstr (*w, text) != NULL)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The real files                                                      */
/* ------------------------------------------------------------------ */

/* testwork_user.csv is plain comma CSV, so a naive split gives an
 * independent reading to compare every cell with. */
static void
test_real_user (void)
{
  g_autofree char *path = data_path ("GW_SHARED_DATA", "testwork_user.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) t = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len;
  guint row = 0;
  guint anchors = 0;
  guint group_rows = 0;

  if (path == NULL)
    {
      g_test_skip ("GW_SHARED_DATA is not set");
      return;
    }

  t = load ("testwork_user.csv", TRUE, &error);
  g_assert_no_error (error);

  /* DOMAIN.md: 323 rows, 49 anchors, 29 prefixes. */
  g_assert_cmpuint (gw_table_get_n_rows (t), ==, 323);
  g_assert_cmpuint (gw_table_get_n_valid (t), ==, 323);
  g_assert_cmpuint (gw_table_get_n_invalid (t), ==, 0);
  g_assert_cmpuint (gw_table_get_n_anchors (t), ==, 49);
  g_assert_cmpuint (gw_table_get_n_groups (t), ==, 29);
  g_assert_cmpint (gw_table_get_delimiter (t), ==, ',');
  g_assert_false (gw_table_get_decimal_comma (t));
  g_assert_cmpuint (gw_table_get_n_extra_columns (t), ==, 0);
  g_assert_cmpstr (gw_table_get_display_name (t), ==, "testwork_user.csv");

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_assert_cmpstr (gw_table_get_sha256 (t), ==, sha);

  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (g_strchomp (lines[0]), ==, "Name,RT,Volume,Log P,Anchor");
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      g_autofree char *prefix = NULL;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 5);

      g_assert_cmpuint (gw_table_get_line (t, row), ==, i + 1);
      g_assert_cmpstr (gw_table_get_name (t, row), ==, f[0]);
      g_assert_cmpstr (gw_table_get_cell (t, row, GW_COLUMN_RT), ==, f[1]);
      g_assert_cmpfloat (gw_table_get_rt (t, row), ==, g_ascii_strtod (f[1], NULL));
      g_assert_cmpfloat (gw_table_get_volume (t, row), ==, g_ascii_strtod (f[2], NULL));
      g_assert_cmpfloat (gw_table_get_logp (t, row), ==, g_ascii_strtod (f[3], NULL));
      g_assert_cmpint (gw_table_is_anchor (t, row), ==, strcmp (f[4], "T") == 0);
      g_assert_true (gw_table_is_valid (t, row));
      g_assert_null (gw_table_get_error (t, row));
      g_assert_nonnull (gw_table_get_parsed_name (t, row));

      prefix = g_strndup (f[0], strchr (f[0], '(') - f[0]);
      g_assert_cmpstr (gw_table_get_group_name (t, gw_table_get_group (t, row)), ==, prefix);
      g_assert_cmpint (gw_table_get_group_column (t)[row], ==, gw_table_get_group (t, row));
      g_assert_cmpfloat (gw_table_get_rt_column (t)[row], ==, gw_table_get_rt (t, row));
      anchors += strcmp (f[4], "T") == 0;
      row++;
    }
  g_assert_cmpuint (row, ==, 323);
  g_assert_cmpuint (anchors, ==, 49);

  for (guint g = 0; g < gw_table_get_n_groups (t); g++)
    group_rows += gw_table_get_group_n_rows (t, g);
  g_assert_cmpuint (group_rows, ==, 323);

  /* Many prefixes have fewer than 3 anchors (DOMAIN.md). */
  g_assert_true (has_warning (t, "group GD1+OAc: 0 anchors (fewer than 3)"));
}

static void
test_real_testwork (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) t = NULL;
  const GwName *n;
  int r;

  if (g_getenv ("GW_SHARED_DATA") == NULL)
    {
      g_test_skip ("GW_SHARED_DATA is not set");
      return;
    }

  /* A UTF-8 BOM and isomer letters: the old platform rejected this. */
  t = load ("testwork.csv", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_table_get_n_rows (t), ==, 5);
  g_assert_cmpuint (gw_table_get_n_valid (t), ==, 5);
  g_assert_cmpuint (gw_table_get_n_anchors (t), ==, 3);
  g_assert_cmpstr (gw_table_get_column_header (t, GW_COLUMN_NAME), ==, "Name");
  g_assert_cmpuint (gw_table_get_n_groups (t), ==, 5);

  r = find_row (t, "GD1a(36:1;O2)");
  g_assert_cmpint (r, ==, 0);
  n = gw_table_get_parsed_name (t, r);
  g_assert_cmpint (n->isomer, ==, 'a');
  g_assert_cmpstr (gw_table_get_group_name (t, gw_table_get_group (t, r)), ==, "GD1a");
  g_assert_cmpfloat (gw_table_get_rt (t, r), ==, 9.572);

  r = find_row (t, "GT1b(36:1;O2)");
  g_assert_cmpint (r, ==, 4);
  g_assert_cmpfloat (gw_table_get_logp (t, r), ==, -0.94);
  g_assert_cmpuint (gw_table_get_line (t, r), ==, 6);
}

static void
test_real_truth (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) t = NULL;

  if (g_getenv ("GW_SHARED_DATA") == NULL)
    {
      g_test_skip ("GW_SHARED_DATA is not set");
      return;
    }

  /* CRLF, and an extra column that must be kept. */
  t = load ("truth-dev.csv", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_table_get_n_rows (t), ==, 344);
  g_assert_cmpuint (gw_table_get_n_extra_columns (t), ==, 1);
  g_assert_cmpstr (gw_table_get_extra_column_name (t, 0), ==, "Truth");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 0, 0), ==, "genuine");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 1, 0), ==, "fragment");
  g_assert_cmpstr (gw_table_get_name (t, 1), ==, "GD1(32:1;O2)");
  g_assert_cmpfloat (gw_table_get_rt (t, 1), ==, 5.765);
  for (guint r = 0; r < gw_table_get_n_rows (t); r++)
    g_assert_null (strchr (gw_table_get_extra_cell (t, r, 0), '\r'));
}

/* ------------------------------------------------------------------ */
/* Dialects                                                            */
/* ------------------------------------------------------------------ */

static void
test_semicolon (void)
{
  g_autoptr(GwTable) t = load_ok ("semicolon-decimal-comma.csv");

  g_assert_cmpint (gw_table_get_delimiter (t), ==, ';');
  g_assert_true (gw_table_get_decimal_comma (t));
  g_assert_cmpuint (gw_table_get_n_rows (t), ==, 4);
  g_assert_cmpuint (gw_table_get_n_valid (t), ==, 4);
  g_assert_cmpuint (gw_table_get_n_anchors (t), ==, 3);

  /* An unquoted ';' inside the ceramide stays in the name. */
  g_assert_cmpstr (gw_table_get_name (t, 0), ==, "GD1(36:1;O2)");
  g_assert_cmpstr (gw_table_get_name (t, 1), ==, "GM1(36:1;O2)");
  g_assert_cmpstr (gw_table_get_name (t, 3), ==, "GD3(36:1 ; O2)");
  g_assert_cmpfloat (gw_table_get_rt (t, 0), ==, 9.572);
  g_assert_cmpfloat (gw_table_get_logp (t, 0), ==, 1.53);
  g_assert_cmpfloat (gw_table_get_rt (t, 2), ==, 10.606);
  g_assert_cmpfloat (gw_table_get_logp (t, 2), ==, -0.5);
  /* A point still works, and so does an exponent. */
  g_assert_cmpfloat (gw_table_get_rt (t, 3), ==, 10.126);
  g_assert_cmpfloat (gw_table_get_volume (t, 3), ==, 850000);
  /* The raw cell keeps its comma. */
  g_assert_cmpstr (gw_table_get_cell (t, 0, GW_COLUMN_RT), ==, "9,572");
  g_assert_cmpuint (gw_table_get_line (t, 3), ==, 5);
  g_assert_true (gw_table_is_anchor (t, 2));   /* "true" */
  g_assert_true (gw_table_is_anchor (t, 3));   /* "yes" */
}

static void
test_tab (void)
{
  g_autoptr(GwTable) t = load_ok ("tab.tsv");

  g_assert_cmpint (gw_table_get_delimiter (t), ==, '\t');
  g_assert_cmpuint (gw_table_get_n_rows (t), ==, 3);
  g_assert_cmpuint (gw_table_get_n_valid (t), ==, 3);
  g_assert_cmpstr (gw_table_get_column_header (t, GW_COLUMN_LOGP), ==, "logp");
  g_assert_cmpuint (gw_table_get_n_extra_columns (t), ==, 1);
  g_assert_cmpstr (gw_table_get_extra_column_name (t, 0), ==, "note");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 0, 0), ==, "first");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 1, 0), ==, "");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 2, 0), ==, "last one");
  g_assert_true (gw_table_is_anchor (t, 0));   /* 1 */
  g_assert_false (gw_table_is_anchor (t, 1));  /* 0 */
  g_assert_true (gw_table_is_anchor (t, 2));   /* Y */
  g_assert_cmpfloat (gw_table_get_volume (t, 2), ==, 300000);
  g_assert_cmpint (gw_table_get_parsed_name (t, 2)->isomer, ==, 'c');
}

static void
test_bom_crlf (void)
{
  g_autoptr(GwTable) t = load_ok ("bom-crlf.csv");

  g_assert_cmpuint (gw_table_get_n_rows (t), ==, 2);
  g_assert_cmpstr (gw_table_get_column_header (t, GW_COLUMN_NAME), ==, "Name");
  g_assert_cmpstr (gw_table_get_column_header (t, GW_COLUMN_ANCHOR), ==, "Anchor");
  /* The name is kept as written; the parsed form is normalised. */
  g_assert_cmpstr (gw_table_get_name (t, 0), ==, "GD1(d36:1)");
  g_assert_cmpuint (gw_table_get_parsed_name (t, 0)->ox, ==, 2);
  g_assert_cmpstr (gw_table_get_cell (t, 0, GW_COLUMN_ANCHOR), ==, "T");
  g_assert_cmpstr (gw_table_get_cell (t, 1, GW_COLUMN_ANCHOR), ==, "F");
  g_assert_cmpuint (gw_table_get_line (t, 1), ==, 3);
  g_assert_true (gw_table_is_valid (t, 1));
}

static void
test_quoted (void)
{
  g_autoptr(GwTable) t = load_ok ("quoted.csv");

  g_assert_cmpuint (gw_table_get_n_rows (t), ==, 4);
  g_assert_cmpuint (gw_table_get_n_valid (t), ==, 4);
  g_assert_cmpuint (gw_table_get_n_extra_columns (t), ==, 2);
  g_assert_cmpstr (gw_table_get_extra_column_name (t, 0), ==, "Comment");
  g_assert_cmpstr (gw_table_get_extra_column_name (t, 1), ==, "Sample, batch");

  g_assert_cmpstr (gw_table_get_name (t, 0), ==, "GD1+OAc(36:1;O2)");
  g_assert_cmpfloat (gw_table_get_rt (t, 0), ==, 9.8);
  /* Doubled quotes and a delimiter inside quotes. */
  g_assert_cmpstr (gw_table_get_extra_cell (t, 1, 0), ==, "says \"hello\"");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 1, 1), ==, "B, 2");
  /* An embedded newline; the next row's line number accounts for it. */
  g_assert_cmpstr (gw_table_get_extra_cell (t, 2, 0), ==, "two\nlines");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 2, 1), ==, "C3");
  g_assert_cmpuint (gw_table_get_line (t, 2), ==, 4);
  g_assert_cmpuint (gw_table_get_line (t, 3), ==, 6);
  /* Spaces around a quoted cell are not part of it. */
  g_assert_cmpstr (gw_table_get_name (t, 3), ==, "GT1(36:1;O2)");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 3, 0), ==, "");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 3, 1), ==, "D4");
  g_assert_true (gw_table_is_anchor (t, 3));
}

static void
test_aliases (void)
{
  g_autoptr(GwTable) t = load_ok ("aliases.csv");

  g_assert_cmpstr (gw_table_get_column_header (t, GW_COLUMN_NAME), ==, "Compound_Name");
  g_assert_cmpstr (gw_table_get_column_header (t, GW_COLUMN_RT), ==, "Retention Time");
  g_assert_cmpstr (gw_table_get_column_header (t, GW_COLUMN_VOLUME), ==, "Peak Area");
  g_assert_cmpstr (gw_table_get_column_header (t, GW_COLUMN_LOGP), ==, "cLogP");
  g_assert_cmpstr (gw_table_get_column_header (t, GW_COLUMN_ANCHOR), ==, "Is_Anchor");
  g_assert_cmpuint (gw_table_get_n_extra_columns (t), ==, 1);
  g_assert_cmpstr (gw_table_get_extra_column_name (t, 0), ==, "Injection");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 2, 0), ==, "2");
  /* anchor / test / TRUE */
  g_assert_true (gw_table_is_anchor (t, 0));
  g_assert_false (gw_table_is_anchor (t, 1));
  g_assert_true (gw_table_is_anchor (t, 2));
  g_assert_cmpuint (gw_table_get_n_anchors (t), ==, 2);
  g_assert_true (has_warning (t, "only 2 anchors in the table (fewer than 3)"));
  g_assert_cmpuint (gw_table_get_n_groups (t), ==, 1);
  g_assert_cmpuint (gw_table_get_group_n_rows (t, 0), ==, 3);
  g_assert_cmpuint (gw_table_get_group_n_anchors (t, 0), ==, 2);
}

static void
test_header_variants (void)
{
  g_autoptr(GwTable) units = load_ok ("rt-units.csv");
  g_autoptr(GwTable) t = NULL;

  g_assert_cmpstr (gw_table_get_column_header (units, GW_COLUMN_RT), ==, "RT (min)");
  g_assert_cmpstr (gw_table_get_column_header (units, GW_COLUMN_LOGP), ==, "log_p");
  g_assert_cmpstr (gw_table_get_column_header (units, GW_COLUMN_ANCHOR), ==, "training");
  g_assert_false (gw_table_is_anchor (units, 0));

  /* Both ',' and ';' in the header: the split that finds the columns wins. */
  t = parse_ok ("Name;RT;Volume;Log P;Anchor;Note, misc\n"
                "GM3(36:1;O2);10,6;2000000;7,74;F;a, b\n");
  g_assert_cmpint (gw_table_get_delimiter (t), ==, ';');
  g_assert_cmpstr (gw_table_get_extra_column_name (t, 0), ==, "Note, misc");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 0, 0), ==, "a, b");
  g_assert_cmpfloat (gw_table_get_rt (t, 0), ==, 10.6);
}

static void
test_quoted_spaces (void)
{
  g_autoptr(GwTable) t = parse_ok ("Name,RT,Volume,Log P,Anchor\n"
                                   "\" GD1+OAc (36:1;O2) \",9.8,120000,1.9,F\n"
                                   "GD1+OAc(38:1;O2),10.8,120000,3.0,F\n");

  /* Spaces inside quotes are data, but not part of the group. */
  g_assert_cmpstr (gw_table_get_name (t, 0), ==, " GD1+OAc (36:1;O2) ");
  g_assert_true (gw_table_is_valid (t, 0));
  g_assert_cmpuint (gw_table_get_n_groups (t), ==, 1);
  g_assert_cmpstr (gw_table_get_group_name (t, 0), ==, "GD1+OAc");
  g_assert_cmpint (gw_table_get_group (t, 1), ==, 0);
}

static void
test_line_endings (void)
{
  g_autoptr(GwTable) cr = NULL;
  g_autoptr(GwTable) noeol = NULL;
  g_autoptr(GwTable) blank = NULL;
  g_autoptr(GString) big = g_string_new ("Name,RT,Volume,Log P,Anchor\r");

  /* Old Mac line ends (lone CR), enough rows to outgrow the first guess. */
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (big, "GM3(%u:1;O2),%u.5,1000,1.0,%s\r", 30 + i % 10, i % 50,
                            i % 2 ? "T" : "F");
  cr = parse_ok (big->str);
  g_assert_cmpuint (gw_table_get_n_rows (cr), ==, 1000);
  g_assert_cmpuint (gw_table_get_n_valid (cr), ==, 1000);
  g_assert_cmpuint (gw_table_get_n_anchors (cr), ==, 500);
  g_assert_cmpfloat (gw_table_get_rt (cr, 999), ==, 49.5);
  g_assert_cmpstr (gw_table_get_name (cr, 999), ==, "GM3(39:1;O2)");

  /* No newline after the last row. */
  noeol = parse_ok ("Name,RT,Volume,Log P,Anchor\nGM3(36:1;O2),10.6,2000000,7.74,T");
  g_assert_cmpuint (gw_table_get_n_rows (noeol), ==, 1);
  g_assert_cmpstr (gw_table_get_cell (noeol, 0, GW_COLUMN_ANCHOR), ==, "T");
  g_assert_true (gw_table_is_valid (noeol, 0));

  /* Blank lines are skipped but still counted for line numbers; rows of
   * empty cells are skipped with a warning. */
  blank = parse_ok ("\nName,RT,Volume,Log P,Anchor\n\nGM3(36:1;O2),10.6,2000000,7.74,T\n"
                    ",,,,\n  GM1(36:1;O2) , 10.4 ,500000, 4.0 , F \n\n");
  g_assert_cmpuint (gw_table_get_n_rows (blank), ==, 2);
  g_assert_cmpuint (gw_table_get_line (blank, 0), ==, 4);
  g_assert_cmpuint (gw_table_get_line (blank, 1), ==, 6);
  g_assert_cmpstr (gw_table_get_name (blank, 1), ==, "GM1(36:1;O2)");
  g_assert_cmpfloat (gw_table_get_rt (blank, 1), ==, 10.4);
  g_assert_true (gw_table_is_valid (blank, 1));
  g_assert_true (has_warning (blank, "1 row with only empty cells skipped"));
}

/* Above a few megabytes the hash runs on a second thread, over the GBytes
 * or over the file's mapping; it must still be the hash of the input. */
static void
test_large_hash (void)
{
  g_autoptr(GString) s = g_string_new ("Name,RT,Volume,Log P,Anchor,Note\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwTable) from_bytes = NULL;
  g_autoptr(GwTable) from_file = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *path = NULL;
  const guint n = 160000;
  int fd;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "GD1(%u:%u;O2),%u.%03u,%u,%d.%02u,%c,\"r%u, \"\"q\"\"\"\n",
                            30 + i % 14, i % 3, 5 + i % 20, i % 1000, 1000 + i,
                            (int) (i % 9) - 4, i % 100, i % 5 ? 'F' : 'T', i);
  g_assert_cmpuint (s->len, >, 5 * 1024 * 1024);
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, s->str, s->len);

  bytes = g_bytes_new (s->str, s->len);
  from_bytes = gw_table_new_from_bytes (bytes, "big.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_table_get_sha256 (from_bytes), ==, sha);
  g_assert_cmpuint (gw_table_get_n_rows (from_bytes), ==, n);
  g_assert_cmpuint (gw_table_get_n_valid (from_bytes), ==, n);
  g_assert_cmpuint (gw_table_get_n_anchors (from_bytes), ==, n / 5);
  g_assert_cmpstr (gw_table_get_extra_cell (from_bytes, n - 1, 0), ==, "r159999, \"q\"");
  /* The caller's bytes are not touched by the in-place parse. */
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 16, s->str, 16);

  fd = g_file_open_tmp ("test-table-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, s->str, s->len, &error));
  file = g_file_new_for_path (path);
  from_file = gw_table_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_table_get_sha256 (from_file), ==, sha);
  g_assert_cmpuint (gw_table_get_n_rows (from_file), ==, n);
  g_assert_cmpfloat (gw_table_get_rt (from_file, 12345), ==, gw_table_get_rt (from_bytes, 12345));
  g_assert_cmpfloat (gw_table_get_logp (from_file, 777), ==, -1.77);  /* (777 % 9) - 4 = -1 */
  g_unlink (path);
}

static void
test_duplicate_column (void)
{
  g_autoptr(GwTable) t = parse_ok ("Name,RT,Volume,Log P,Anchor,rt\n"
                                   "GM3(36:1;O2),10.6,2000000,7.74,T,99\n");

  g_assert_cmpfloat (gw_table_get_rt (t, 0), ==, 10.6);
  g_assert_cmpuint (gw_table_get_n_extra_columns (t), ==, 1);
  g_assert_cmpstr (gw_table_get_extra_cell (t, 0, 0), ==, "99");
  g_assert_true (has_warning (t, "column 6 'rt' repeats column 'RT'"));
}

/* ------------------------------------------------------------------ */
/* Invalid rows                                                        */
/* ------------------------------------------------------------------ */

static void
test_invalid_rows (void)
{
  static const struct {
    guint line;
    const char *reason;   /* NULL: valid */
  } expected[] = {
    { 2, NULL },
    { 3, "line 3: RT 'abc' is not a number" },
    { 4, "line 4: RT -1 is outside [0, 300] min" },
    { 5, "line 5: RT 301 is outside [0, 300] min" },
    { 6, "line 6: Volume 0 is not positive" },
    { 7, "line 7: Volume -5 is not positive" },
    { 8, "line 8: Volume '1e400' is not a finite number" },
    { 9, "line 9: Log P 31 is outside [-30, 30]" },
    { 10, "line 10: Anchor 'maybe' is not one of T/F, true/false, 1/0, yes/no, y/n, anchor/test" },
    { 11, "line 11: Name 'GD1+Foo(36:1;O2)': unknown modification 'Foo' at character 5" },
    { 12, "line 12: Name 'GD1(36-1;O2)': expected ':' between carbons and double bonds, "
          "found '-' at character 7" },
    { 13, "line 13: Name 'GD1(36:1;O2)(38:1;O2)': several parentheses: unexpected "
          "'(38:1;O2)' after the ceramide at character 13" },
    { 14, "line 14: 3 fields, the header has 5; Log P is empty; Anchor is empty (expected T or F)" },
    { 15, "line 15: Name is empty" },
    { 16, "line 16: Volume is empty; Anchor is empty (expected T or F)" },
    { 17, "line 17: 6 fields, the header has 5 (first extra: 'surplus')" },
    { 18, NULL },
  };
  g_autoptr(GwTable) t = load_ok ("invalid-rows.csv");
  int r;

  g_assert_cmpuint (gw_table_get_n_rows (t), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (gw_table_get_n_valid (t), ==, 2);
  g_assert_cmpuint (gw_table_get_n_invalid (t), ==, G_N_ELEMENTS (expected) - 2);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpuint (gw_table_get_line (t, i), ==, expected[i].line);
      g_assert_cmpstr (gw_table_get_error (t, i), ==, expected[i].reason);
      g_assert_cmpint (gw_table_is_valid (t, i), ==, expected[i].reason == NULL);
    }

  /* Invalid rows keep their raw cells; unreadable numbers are NAN. */
  g_assert_cmpstr (gw_table_get_cell (t, 1, GW_COLUMN_RT), ==, "abc");
  g_assert_true (isnan (gw_table_get_rt (t, 1)));
  g_assert_cmpfloat (gw_table_get_volume (t, 1), ==, 900000);
  g_assert_cmpfloat (gw_table_get_rt (t, 2), ==, -1);   /* read, but out of bounds */
  g_assert_cmpstr (gw_table_get_cell (t, 8, GW_COLUMN_ANCHOR), ==, "maybe");

  /* A name that failed has no parsed form and no group; a row that failed
   * for another reason still has both. */
  r = find_row (t, "GD1+Foo(36:1;O2)");
  g_assert_cmpint (r, ==, 9);
  g_assert_null (gw_table_get_parsed_name (t, r));
  g_assert_cmpint (gw_table_get_group (t, r), ==, -1);
  g_assert_nonnull (gw_table_get_parsed_name (t, 1));
  g_assert_cmpstr (gw_table_get_group_name (t, gw_table_get_group (t, 1)), ==, "GD1");

  /* Only valid rows count towards anchors and groups. */
  g_assert_cmpuint (gw_table_get_n_anchors (t), ==, 2);
  g_assert_true (has_warning (t, "only 2 anchors in the table (fewer than 3)"));
  g_assert_cmpuint (gw_table_get_group_n_rows (t, gw_table_get_group (t, 0)), ==, 1);
  g_assert_cmpuint (gw_table_get_group_n_anchors (t, gw_table_get_group (t, 0)), ==, 1);
}

static void
test_anchor_values (void)
{
  static const char * const yes[] = { "T", "t", "true", "TRUE", "True", "1", "yes", "YES", "y",
                                      "Y", "anchor", "Anchor" };
  static const char * const no[] = { "F", "f", "false", "FALSE", "0", "no", "No", "n", "N",
                                     "test", "TEST" };
  static const char * const bad[] = { "2", "maybe", "tru", "-1", "x", "1.0" };
  g_autoptr(GString) s = g_string_new ("Name,RT,Volume,Log P,Anchor\n");
  g_autoptr(GwTable) t = NULL;
  guint r = 0;

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    g_string_append_printf (s, "GM3(36:1;O2),10.6,1,1,%s\n", yes[i]);
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    g_string_append_printf (s, "GM3(36:1;O2),10.6,1,1,%s\n", no[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_string_append_printf (s, "GM3(36:1;O2),10.6,1,1,%s\n", bad[i]);
  t = parse_ok (s->str);

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++, r++)
    {
      g_assert_true (gw_table_is_valid (t, r));
      g_assert_true (gw_table_is_anchor (t, r));
    }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++, r++)
    {
      g_assert_true (gw_table_is_valid (t, r));
      g_assert_false (gw_table_is_anchor (t, r));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++, r++)
    {
      g_assert_false (gw_table_is_valid (t, r));
      g_assert_nonnull (strstr (gw_table_get_error (t, r), "Anchor '"));
    }
  g_assert_cmpuint (gw_table_get_n_anchors (t), ==, G_N_ELEMENTS (yes));
}

static void
test_truncated_quote (void)
{
  g_autoptr(GwTable) t = load_ok ("truncated-quote.csv");

  /* The open quote does not swallow the rest of the file. */
  g_assert_cmpuint (gw_table_get_n_rows (t), ==, 3);
  g_assert_true (gw_table_is_valid (t, 0));
  g_assert_false (gw_table_is_valid (t, 1));
  g_assert_cmpstr (gw_table_get_error (t, 1), ==,
                   "line 3: a quoted field never closes (the row is read up to the end of "
                   "its line); Anchor '\"F' is not one of T/F, true/false, 1/0, yes/no, y/n, "
                   "anchor/test");
  g_assert_cmpstr (gw_table_get_cell (t, 1, GW_COLUMN_ANCHOR), ==, "\"F");
  g_assert_true (gw_table_is_valid (t, 2));
  g_assert_cmpstr (gw_table_get_name (t, 2), ==, "GM3(36:1;O2)");
  g_assert_cmpuint (gw_table_get_line (t, 2), ==, 4);

  /* The same at the very end of the file, with an embedded newline. */
  {
    g_autoptr(GwTable) u = parse_ok ("Name,RT,Volume,Log P,Anchor\n"
                                     "GM3(36:1;O2),10.6,2000000,7.74,T\n"
                                     "GM1(36:1;O2),10.4,500000,4.0,\"F\nmore");
    g_assert_cmpuint (gw_table_get_n_rows (u), ==, 3);
    g_assert_false (gw_table_is_valid (u, 1));
    g_assert_false (gw_table_is_valid (u, 2));
    g_assert_cmpuint (gw_table_get_line (u, 2), ==, 4);
    g_assert_cmpstr (gw_table_get_name (u, 2), ==, "more");
  }
}

static void
test_text_after_quote (void)
{
  g_autoptr(GwTable) t = parse_ok ("Name,RT,Volume,Log P,Anchor,Note\n"
                                   "GM3(36:1;O2),10.6,2000000,7.74,T,\"a\"b\n"
                                   "GM3(38:1;O2),11.6,2000000,8.74,T,ok\n");

  g_assert_false (gw_table_is_valid (t, 0));
  g_assert_cmpstr (gw_table_get_error (t, 0), ==, "line 2: text after a closing quote");
  g_assert_cmpstr (gw_table_get_extra_cell (t, 0, 0), ==, "ab");
  g_assert_true (gw_table_is_valid (t, 1));
}

static void
test_latin1_data (void)
{
  g_autoptr(GwTable) t = load_ok ("latin1-data.csv");

  g_assert_cmpuint (gw_table_get_n_rows (t), ==, 2);
  g_assert_false (gw_table_is_valid (t, 0));
  g_assert_cmpstr (gw_table_get_error (t, 0), ==,
                   "line 2: column 'Operator' is not valid UTF-8 text (the bad bytes are "
                   "shown as '?')");
  /* Kept, and made safe to print. */
  g_assert_cmpstr (gw_table_get_extra_cell (t, 0, 0), ==, "J?rgen");
  g_assert_true (gw_table_is_valid (t, 1));
}

/* ------------------------------------------------------------------ */
/* Fatal errors                                                        */
/* ------------------------------------------------------------------ */

static void
test_fatal (void)
{
  static const struct {
    const char   *file;
    GwTableError  code;
    const char   *message;
  } cases[] = {
    { "empty.csv", GW_TABLE_ERROR_EMPTY, "empty.csv: the file is empty" },
    { "blank.csv", GW_TABLE_ERROR_EMPTY, "blank.csv: the file is empty" },
    { "header-only.csv", GW_TABLE_ERROR_NO_DATA,
      "header-only.csv: no data rows: the file has a header but nothing under it" },
    { "header-and-empty-row.csv", GW_TABLE_ERROR_NO_DATA,
      "header-and-empty-row.csv: no data rows: the file has a header but nothing under it" },
    { "missing-column.csv", GW_TABLE_ERROR_MISSING_COLUMN,
      "missing-column.csv: missing required column 'Log P' (or logp, log_p, clogp); the "
      "header (line 1, split on ',') has: 'Name', 'RT', 'Volume', 'Anchor'" },
    { "missing-columns.csv", GW_TABLE_ERROR_MISSING_COLUMN,
      "missing-columns.csv: missing required columns 'RT' (or retention_time, retention "
      "time), 'Log P' (or logp, log_p, clogp), 'Anchor' (or is_anchor, training); the header "
      "(line 1, split on ';') has: 'Compound', 'Area'" },
    { "binary.png", GW_TABLE_ERROR_NOT_TEXT, "binary.png: not a text file: NUL byte on line 3" },
    { "nul-in-data.csv", GW_TABLE_ERROR_NOT_TEXT,
      "nul-in-data.csv: not a text file: NUL byte on line 7" },
    { "latin1-header.csv", GW_TABLE_ERROR_NOT_TEXT,
      "latin1-header.csv: the header (line 1) is not UTF-8 text (byte 0xEF at column 3); "
      "save the file as UTF-8" },
    { "utf16.csv", GW_TABLE_ERROR_NOT_TEXT,
      "utf16.csv: the file is UTF-16 text; save it as UTF-8 (CSV UTF-8)" },
    { "no-valid-rows.csv", GW_TABLE_ERROR_NO_VALID_ROWS,
      "no-valid-rows.csv: no valid rows: all 2 data rows are invalid:\n"
      "  line 2: RT 'x' is not a number\n"
      "  line 3: Volume -1 is not positive" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GwTable) t = NULL;

      g_test_message ("%s", cases[i].file);
      t = load (cases[i].file, FALSE, &error);
      g_assert_null (t);
      g_assert_error (error, GW_TABLE_ERROR, (int) cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_fatal_more (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) t = NULL;
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/peaks.csv");
  static const char zip[] = "PK\x03\x04\x14\x00";
  g_autoptr(GBytes) bytes = g_bytes_new (zip, sizeof zip - 1);

  t = gw_table_new_from_file (missing, NULL, &error);
  g_assert_null (t);
  g_assert_error (error, GW_TABLE_ERROR, GW_TABLE_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "peaks.csv: "));
  g_clear_error (&error);

  t = gw_table_new_from_bytes (bytes, "book.xlsx", NULL, &error);
  g_assert_null (t);
  g_assert_error (error, GW_TABLE_ERROR, GW_TABLE_ERROR_NOT_TEXT);
  g_assert_cmpstr (error->message, ==, "book.xlsx: not a text file but a ZIP archive (an .xlsx "
                   "workbook?); export it as CSV");
  g_clear_error (&error);

  /* A control byte in the header (a gzip file, say). */
  t = parse_string ("\x1f\x8b\x08 Name,RT\n", &error);
  g_assert_null (t);
  g_assert_error (error, GW_TABLE_ERROR, GW_TABLE_ERROR_NOT_TEXT);
  g_assert_cmpstr (error->message, ==,
                   "memory.csv: not a text file: control byte 0x1F in the header (line 1)");
  g_clear_error (&error);

  /* A file with only a BOM is empty. */
  t = parse_string ("\xEF\xBB\xBF", &error);
  g_assert_error (error, GW_TABLE_ERROR, GW_TABLE_ERROR_EMPTY);
  g_clear_error (&error);

  /* A single unsplittable column. */
  t = parse_string ("just some text\nmore text\n", &error);
  g_assert_error (error, GW_TABLE_ERROR, GW_TABLE_ERROR_MISSING_COLUMN);
  g_assert_true (g_str_has_prefix (error->message, "memory.csv: missing required columns 'Name'"));
  g_clear_error (&error);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("Name,RT,Volume,Log P,Anchor\n"
                                                "GM3(36:1;O2),10.6,2000000,7.74,T\n", 61);
  g_autoptr(GError) error = NULL;
  g_autoptr(GwTable) t = NULL;

  g_cancellable_cancel (cancellable);
  t = gw_table_new_from_bytes (bytes, "x.csv", cancellable, &error);
  g_assert_null (t);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_boxed (void)
{
  g_autoptr(GwTable) t = parse_ok ("Name,RT,Volume,Log P,Anchor\nGM3(36:1;O2),10.6,2,7.74,T\n");
  GwTable *copy;

  g_assert_true (G_TYPE_IS_BOXED (gw_table_get_type ()));
  copy = g_boxed_copy (gw_table_get_type (), t);
  g_assert_true (copy == t);
  g_boxed_free (gw_table_get_type (), copy);
  g_assert_cmpuint (gw_table_get_n_rows (t), ==, 1);
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

static void
test_numbers (void)
{
  static const struct {
    const char *text;
    gboolean comma;
    gboolean ok;
    double value;
  } cases[] = {
    { "0", FALSE, TRUE, 0 },
    { "9.572", FALSE, TRUE, 9.572 },
    { "-0.94", FALSE, TRUE, -0.94 },
    { "+1.5", FALSE, TRUE, 1.5 },
    { ".5", FALSE, TRUE, 0.5 },
    { "5.", FALSE, TRUE, 5 },
    { "1e6", FALSE, TRUE, 1e6 },
    { "2.5E-3", FALSE, TRUE, 2.5e-3 },
    { "9,572", TRUE, TRUE, 9.572 },
    { "9,572", FALSE, FALSE, 0 },
    { "1,000.5", TRUE, FALSE, 0 },
    { "", FALSE, FALSE, 0 },
    { ".", FALSE, FALSE, 0 },
    { "-", FALSE, FALSE, 0 },
    { "e5", FALSE, FALSE, 0 },
    { "1e", FALSE, FALSE, 0 },
    { "1e+", FALSE, FALSE, 0 },
    { "0x10", FALSE, FALSE, 0 },
    { "nan", FALSE, FALSE, 0 },
    { "inf", FALSE, FALSE, 0 },
    { "1.2.3", FALSE, FALSE, 0 },
    { " 1", FALSE, FALSE, 0 },
    { "1 ", FALSE, FALSE, 0 },
    { "--1", FALSE, FALSE, 0 },
    { "12345678901234567890123", FALSE, TRUE, 12345678901234567890123.0 },
    { "0.1000000000000000055511151231257827", FALSE, TRUE, 0.1 },
    { "1e-400", FALSE, TRUE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double v = -1;
      gboolean used = FALSE;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (gw_parse_double (cases[i].text, cases[i].comma, &v, &used), ==,
                       cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpfloat (v, ==, cases[i].value);
    }

  /* Random decimals: bit-identical to g_ascii_strtod, fast path or not. */
  for (guint i = 0; i < 200000; i++)
    {
      char buf[64];
      int int_digits = g_test_rand_int_range (0, 12);
      int frac_digits = g_test_rand_int_range (0, 12);
      guint pos = 0;
      double mine, ref;

      if (g_test_rand_bit ())
        buf[pos++] = '-';
      for (int d = 0; d < int_digits; d++)
        buf[pos++] = '0' + g_test_rand_int_range (0, 10);
      buf[pos++] = '.';
      for (int d = 0; d < frac_digits; d++)
        buf[pos++] = '0' + g_test_rand_int_range (0, 10);
      if (int_digits + frac_digits == 0)
        buf[pos++] = '7';
      if (g_test_rand_int_range (0, 4) == 0)
        pos += g_snprintf (buf + pos, sizeof buf - pos, "e%d", g_test_rand_int_range (-30, 30));
      buf[pos] = '\0';

      ref = g_ascii_strtod (buf, NULL);
      g_assert_true (gw_parse_double (buf, FALSE, &mine, NULL));
      if (memcmp (&mine, &ref, sizeof mine) != 0)
        g_error ("%s: %.17g != %.17g", buf, mine, ref);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/table/real/testwork-user", test_real_user);
  g_test_add_func ("/engine/table/real/testwork-bom-isomers", test_real_testwork);
  g_test_add_func ("/engine/table/real/truth-dev-crlf-extra", test_real_truth);
  g_test_add_func ("/engine/table/dialect/semicolon-decimal-comma", test_semicolon);
  g_test_add_func ("/engine/table/dialect/tab", test_tab);
  g_test_add_func ("/engine/table/dialect/bom-crlf", test_bom_crlf);
  g_test_add_func ("/engine/table/dialect/quoted", test_quoted);
  g_test_add_func ("/engine/table/dialect/aliases", test_aliases);
  g_test_add_func ("/engine/table/dialect/header-variants", test_header_variants);
  g_test_add_func ("/engine/table/dialect/quoted-spaces", test_quoted_spaces);
  g_test_add_func ("/engine/table/dialect/line-endings", test_line_endings);
  g_test_add_func ("/engine/table/dialect/duplicate-column", test_duplicate_column);
  g_test_add_func ("/engine/table/large-hash", test_large_hash);
  g_test_add_func ("/engine/table/invalid/rows", test_invalid_rows);
  g_test_add_func ("/engine/table/invalid/anchor-values", test_anchor_values);
  g_test_add_func ("/engine/table/invalid/truncated-quote", test_truncated_quote);
  g_test_add_func ("/engine/table/invalid/text-after-quote", test_text_after_quote);
  g_test_add_func ("/engine/table/invalid/latin1-data", test_latin1_data);
  g_test_add_func ("/engine/table/fatal/files", test_fatal);
  g_test_add_func ("/engine/table/fatal/more", test_fatal_more);
  g_test_add_func ("/engine/table/cancel", test_cancel);
  g_test_add_func ("/engine/table/boxed", test_boxed);
  g_test_add_func ("/engine/table/numbers", test_numbers);

  return g_test_run ();
}
