/* gw-cli-validate.c: `ganglioside validate FILE [--json]`
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads a peak table and summarises it without analysing it: rows, valid
 * and invalid rows (each invalid row as FILE:LINE: message), anchors,
 * groups with their row and anchor counts, and the table's warnings.
 *
 * Exit status: 0 when the table can be analysed, 2 on a fatal import error
 * (the message goes to stderr), 1 on a usage error.
 */

#define G_LOG_DOMAIN "ganglioside-validate"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "gw-cli.h"
#include "gw-table.h"

/* The table's reasons start with "line N: "; FILE:LINE: carries the line. */
static const char *
strip_line_prefix (const char *reason,
                   guint       line)
{
  g_autofree char *prefix = g_strdup_printf ("line %u: ", line);

  if (g_str_has_prefix (reason, prefix))
    return reason + strlen (prefix);
  return reason;
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case '\t':
      return "tab";
    case ';':
      return "semicolon";
    default:
      return "comma";
    }
}

static void
print_text (GwTable    *table,
            const char *path)
{
  const char * const *warnings = gw_table_get_warnings (table);
  guint n_groups = gw_table_get_n_groups (table);
  gsize width = 5;

  printf ("%s: %u rows, %u valid, %u invalid, %u anchors, %u groups\n",
          path,
          gw_table_get_n_rows (table),
          gw_table_get_n_valid (table),
          gw_table_get_n_invalid (table),
          gw_table_get_n_anchors (table),
          n_groups);
  printf ("delimiter: %s%s\n", delimiter_name (gw_table_get_delimiter (table)),
          gw_table_get_decimal_comma (table) ? ", decimal comma" : "");
  printf ("sha256: %s\n", gw_table_get_sha256 (table));
  if (gw_table_get_n_extra_columns (table) > 0)
    {
      printf ("extra columns:");
      for (guint c = 0; c < gw_table_get_n_extra_columns (table); c++)
        printf ("%s \"%s\"", c > 0 ? "," : "", gw_table_get_extra_column_name (table, c));
      printf ("\n");
    }

  if (gw_table_get_n_invalid (table) > 0)
    {
      printf ("\ninvalid rows:\n");
      for (guint r = 0; r < gw_table_get_n_rows (table); r++)
        if (!gw_table_is_valid (table, r))
          {
            guint line = gw_table_get_line (table, r);
            printf ("%s:%u: %s\n", path, line,
                    strip_line_prefix (gw_table_get_error (table, r), line));
          }
    }

  for (guint g = 0; g < n_groups; g++)
    width = MAX (width, strlen (gw_table_get_group_name (table, g)));
  printf ("\n%-*s %6s %8s\n", (int) width, "group", "rows", "anchors");
  for (guint g = 0; g < n_groups; g++)
    printf ("%-*s %6u %8u\n", (int) width,
            gw_table_get_group_name (table, g),
            gw_table_get_group_n_rows (table, g),
            gw_table_get_group_n_anchors (table, g));

  if (warnings[0] != NULL)
    {
      printf ("\nwarnings:\n");
      for (guint i = 0; warnings[i] != NULL; i++)
        printf ("warning: %s\n", warnings[i]);
    }
}

static void
print_json (GwTable    *table,
            const char *path)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"file\": ");
  const char * const *warnings = gw_table_get_warnings (table);
  char delim[2] = { gw_table_get_delimiter (table), '\0' };
  gboolean first = TRUE;

  gw_cli_json_string (out, path);
  g_string_append (out, ",\n  \"sha256\": ");
  gw_cli_json_string (out, gw_table_get_sha256 (table));
  g_string_append (out, ",\n  \"delimiter\": ");
  gw_cli_json_string (out, delim);
  g_string_append_printf (out, ",\n  \"decimal_comma\": %s",
                          gw_table_get_decimal_comma (table) ? "true" : "false");
  g_string_append_printf (out, ",\n  \"rows\": %u,\n  \"valid\": %u,\n  \"invalid\": %u,"
                          "\n  \"anchors\": %u,\n  \"analysable\": true",
                          gw_table_get_n_rows (table),
                          gw_table_get_n_valid (table),
                          gw_table_get_n_invalid (table),
                          gw_table_get_n_anchors (table));

  g_string_append (out, ",\n  \"columns\": {");
  for (guint c = 0; c < GW_N_COLUMNS; c++)
    {
      static const char * const keys[GW_N_COLUMNS] = {
        "name", "rt", "volume", "logp", "anchor",
      };
      g_string_append_printf (out, "%s\"%s\": ", c > 0 ? ", " : "", keys[c]);
      gw_cli_json_string (out, gw_table_get_column_header (table, c));
    }
  g_string_append (out, "},\n  \"extra_columns\": [");
  for (guint c = 0; c < gw_table_get_n_extra_columns (table); c++)
    {
      if (c > 0)
        g_string_append (out, ", ");
      gw_cli_json_string (out, gw_table_get_extra_column_name (table, c));
    }

  g_string_append (out, "],\n  \"invalid_rows\": [");
  for (guint r = 0; r < gw_table_get_n_rows (table); r++)
    {
      guint line;

      if (gw_table_is_valid (table, r))
        continue;
      line = gw_table_get_line (table, r);
      g_string_append_printf (out, "%s\n    {\"row\": %u, \"line\": %u, \"name\": ",
                              first ? "" : ",", r, line);
      gw_cli_json_string (out, gw_table_get_name (table, r));
      g_string_append (out, ", \"message\": ");
      gw_cli_json_string (out, strip_line_prefix (gw_table_get_error (table, r), line));
      g_string_append (out, "}");
      first = FALSE;
    }
  g_string_append (out, first ? "]" : "\n  ]");

  g_string_append (out, ",\n  \"groups\": [");
  for (guint g = 0; g < gw_table_get_n_groups (table); g++)
    {
      g_string_append_printf (out, "%s\n    {\"name\": ", g > 0 ? "," : "");
      gw_cli_json_string (out, gw_table_get_group_name (table, g));
      g_string_append_printf (out, ", \"rows\": %u, \"anchors\": %u}",
                              gw_table_get_group_n_rows (table, g),
                              gw_table_get_group_n_anchors (table, g));
    }
  g_string_append (out, gw_table_get_n_groups (table) > 0 ? "\n  ]" : "]");

  g_string_append (out, ",\n  \"warnings\": [");
  for (guint i = 0; warnings[i] != NULL; i++)
    {
      g_string_append (out, i > 0 ? ",\n    " : "\n    ");
      gw_cli_json_string (out, warnings[i]);
    }
  g_string_append (out, warnings[0] != NULL ? "\n  ]\n}\n" : "]\n}\n");

  fwrite (out->str, 1, out->len, stdout);
}

static void
print_json_error (const char *path,
                  GError     *error)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"file\": ");

  gw_cli_json_string (out, path);
  g_string_append (out, ",\n  \"analysable\": false,\n  \"error\": ");
  gw_cli_json_string (out, error->message);
  g_string_append (out, "\n}\n");
  fwrite (out->str, 1, out->len, stdout);
}

int
gw_cli_validate (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GwTable) table = NULL;
  g_auto(GStrv) files = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the summary as JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE" },
    { NULL }
  };

  context = g_option_context_new ("FILE — check a peak table and summarise it");
  g_option_context_set_summary (context,
                                "Reads a peak table (CSV, ';'-separated or tab-separated) and "
                                "prints its rows,\ninvalid rows as FILE:LINE: message, anchors, "
                                "groups and warnings.\n\nExit status: 0 when the table can be "
                                "analysed, 2 when it cannot,\n1 on a usage error.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "ganglioside validate: %s\n", error->message);
      fprintf (stderr, "Usage: ganglioside validate FILE [--json]\n");
      return GW_EXIT_USAGE;
    }
  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      fprintf (stderr, "ganglioside validate: %s\n",
               files == NULL || files[0] == NULL ? "no FILE given" : "give exactly one FILE");
      fprintf (stderr, "Usage: ganglioside validate FILE [--json]\n");
      return GW_EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (files[0]);
  table = gw_table_new_from_file (file, NULL, &error);
  if (table == NULL)
    {
      fprintf (stderr, "ganglioside validate: %s\n", error->message);
      if (json)
        print_json_error (files[0], error);
      return GW_EXIT_FATAL;
    }

  if (json)
    print_json (table, files[0]);
  else
    print_text (table, files[0]);
  fflush (stdout);
  return GW_EXIT_OK;
}
