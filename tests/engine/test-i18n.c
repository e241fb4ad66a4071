/* test-i18n.c: the engine's sentences in German, its files in English
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the robust preset on ../shared/data/truth-dev.csv (without its
 * Truth column) under the German catalog the build made: every row the
 * engine explains gets a German sentence with the English one's numbers,
 * and the CSV and JSON exports stay byte for byte what the C locale
 * writes.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gw-analysis.h"
#include "gw-export.h"
#include "gw-i18n.h"
#include "gw-run.h"
#include "gw-synth.h"
#include "gw-table.h"
#include "gw-test-i18n.h"

static char *
truth_dev_without_truth (void)
{
  const char *dir = g_getenv ("GW_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GwSynthTable) truth_dev = NULL;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "truth-dev.csv", NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  truth_dev = gw_synth_table_from_truth_csv (contents);
  g_assert_nonnull (truth_dev);
  g_assert_null (strstr (truth_dev->csv->str, "Truth"));

  return g_strdup (truth_dev->csv->str);
}

static GwRun *
analyze (const char *csv)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GError) error = NULL;
  GwParams params;
  GwRun *run;

  table = gw_table_new_from_bytes (bytes, "truth-dev.csv", NULL, &error);
  g_assert_no_error (error);
  gw_params_init (&params, GW_PRESET_ROBUST);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);

  return run;
}

typedef gboolean (*ExportFunc) (GwRun *, GOutputStream *, GCancellable *, GError **);

static GBytes *
export (GwRun      *run,
        ExportFunc  func)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (func (run, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* The numbers of a sentence with "," read as a decimal
 * separator between digits. */
static GPtrArray *
numbers_of (const char *text)
{
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = text; *p != '\0';)
    {
      const char *start = p;
      GString *n;

      if (!g_ascii_isdigit (*p))
        {
          p++;
          continue;
        }
      /* Digits inside a name (GD1, 36:1;O2) count as well: they must be
       * the same in both languages too. */
      n = g_string_new (NULL);
      while (g_ascii_isdigit (*p) ||
             ((*p == '.' || *p == ',') && p > start && g_ascii_isdigit (p[1])))
        {
          g_string_append_c (n, *p == ',' ? '.' : *p);
          p++;
        }
      g_ptr_array_add (numbers, g_string_free (n, FALSE));
    }

  return numbers;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
assert_same_numbers (const char *english,
                     const char *german)
{
  g_autoptr(GPtrArray) en = numbers_of (english);
  g_autoptr(GPtrArray) de = numbers_of (german);

  if (en->len != de->len)
    g_error ("“%s” and “%s” have different numbers", english, german);
  /* A translation may put the values in another order. */
  g_ptr_array_sort (en, compare_strings);
  g_ptr_array_sort (de, compare_strings);
  for (guint i = 0; i < en->len; i++)
    if (g_strcmp0 (en->pdata[i], de->pdata[i]) != 0)
      g_error ("“%s” and “%s”: %s ≠ %s", english, german,
               (char *) en->pdata[i], (char *) de->pdata[i]);
}

static double
number_after (const char *text,
              const char *prefix)
{
  const char *p = strstr (text, prefix);

  g_assert_nonnull (p);
  return g_ascii_strtod (p + strlen (prefix), NULL);
}

static void
test_reasons_german (void)
{
  g_autofree char *csv = truth_dev_without_truth ();
  g_autoptr(GwRun) run_c = NULL;
  g_autoptr(GwRun) run_de = NULL;
  g_autoptr(GBytes) csv_c = NULL;
  g_autoptr(GBytes) csv_de = NULL;
  g_autoptr(GBytes) json_c = NULL;
  g_autoptr(GBytes) json_de = NULL;
  guint counts[GW_N_STATUSES] = { 0 };
  guint n_isomers_later = 0, n_isomers_earlier = 0;
  GwTable *table;

  if (csv == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/truth-dev.csv not available");
      return;
    }

  /* The files of the C locale first. */
  gw_test_use_english ();
  run_c = analyze (csv);
  csv_c = export (run_c, gw_export_csv);
  json_c = export (run_c, gw_export_json);

  if (!gw_test_use_german ())
    return;
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "anchor inconsistent with its group"), !=,
                   "anchor inconsistent with its group");

  run_de = analyze (csv);
  table = gw_run_get_table (run_de);

  for (guint row = 0; row < gw_run_get_n_rows (run_de); row++)
    {
      GwStatus status = gw_run_get_status (run_de, row);
      const char *english = gw_run_get_reason (run_de, row);
      g_autofree char *german = gw_run_dup_display_reason (run_de, row);
      g_autofree char *warnings = gw_run_dup_display_warnings_text (run_de, row);

      /* The stored reason is the same English in both locales. */
      g_assert_cmpstr (english, ==, gw_run_get_reason (run_c, row));
      g_assert_true (g_utf8_validate (german, -1, NULL));
      g_assert_true (g_utf8_validate (warnings, -1, NULL));
      g_assert_null (strstr (german, "%"));
      counts[status]++;

      if (status == GW_STATUS_VALID)
        continue;

      /* Every row the engine did not accept says why, in German. */
      g_assert_cmpstr (german, !=, "");
      g_assert_cmpstr (german, !=, english);
      assert_same_numbers (english, german);
      g_assert_null (strstr (german, "cannot check"));
      g_assert_null (strstr (german, " than the "));

      switch (status)
        {
        case GW_STATUS_OUTLIER:
          {
            double z = gw_run_get_z (run_de, row);
            double res = gw_run_get_residual (run_de, row);
            const char *group = gw_table_get_group_name (table, (guint) gw_table_get_group (table, row));
            g_autofree char *line = g_strdup_printf ("%s-Geraden", group);

            g_assert_true (g_str_has_prefix (german, "RT "));
            g_assert_nonnull (strstr (german, res > 0 ? " später als von der " : " früher als von der "));
            g_assert_nonnull (strstr (german, line));
            g_assert_nonnull (strstr (german, "vorhergesagt"));
            /* The numbers are the row's: RT, |residual|, |z|, prediction. */
            g_assert_cmpfloat_with_epsilon (number_after (german, "RT "), gw_table_get_rt (table, row), 0.0051);
            g_assert_cmpfloat_with_epsilon (number_after (german, " liegt "), fabs (res), 0.0051);
            g_assert_cmpfloat_with_epsilon (number_after (german, "min ("), fabs (z), 0.051);
            g_assert_cmpfloat_with_epsilon (number_after (german, "vorhergesagt ("),
                                            gw_run_get_predicted (run_de, row), 0.0051);
          }
          break;

        case GW_STATUS_FRAGMENT:
          {
            int parent = gw_run_get_fragment_of (run_de, row);

            g_assert_cmpint (parent, >=, 0);
            g_assert_true (g_str_has_prefix (german, "koeluiert (ΔRT "));
            g_assert_nonnull (strstr (german, gw_table_get_name (table, (guint) parent)));
            g_assert_nonnull (strstr (german, "Sialinsäure"));
          }
          break;

        case GW_STATUS_ISOMER:
          {
            int main_peak = gw_run_get_isomer_of (run_de, row);

            g_assert_cmpint (main_peak, >=, 0);
            /* Which way it lies from the peak on the line. */
            if (gw_table_get_rt (table, row) > gw_table_get_rt (table, (guint) main_peak))
              {
                g_assert_true (g_str_has_prefix (german, "zweiter Peak von "));
                g_assert_nonnull (strstr (german, "\u00a0min nach dem ersten: "));
                n_isomers_later++;
              }
            else
              {
                g_assert_true (g_str_has_prefix (german, "früherer Peak von "));
                g_assert_nonnull (strstr (german, "\u00a0min vor dem Peak auf der Geraden: "));
                n_isomers_earlier++;
              }
            g_assert_nonnull (strstr (german, gw_table_get_name (table, (guint) main_peak)));
            g_assert_true (g_str_has_suffix (german, ": Isomer"));
          }
          break;

        case GW_STATUS_INSUFFICIENT:
          g_assert_true (g_str_has_suffix (german, ": nicht prüfbar"));
          break;

        case GW_STATUS_VALID:
        case GW_STATUS_INVALID:
        case GW_N_STATUSES:
        default:
          break;
        }

      if (gw_run_get_warnings (run_de, row) & GW_ROW_WARNING_ANCHOR_INCONSISTENT)
        g_assert_nonnull (strstr (warnings, "Anker passt nicht zu seiner Gruppe"));
    }

  /* truth-dev has rows of each kind the robust preset explains. */
  g_test_message ("truth-dev: %u outliers, %u fragments, %u isomers, %u insufficient",
                  counts[GW_STATUS_OUTLIER], counts[GW_STATUS_FRAGMENT],
                  counts[GW_STATUS_ISOMER], counts[GW_STATUS_INSUFFICIENT]);
  g_assert_cmpuint (counts[GW_STATUS_OUTLIER], >, 0);
  g_assert_cmpuint (counts[GW_STATUS_FRAGMENT], >, 0);
  g_assert_cmpuint (counts[GW_STATUS_ISOMER], >, 0);
  g_assert_cmpuint (n_isomers_later, >, 0);
  g_assert_cmpuint (n_isomers_earlier, >, 0);

  /* The files do not follow the language: the run analysed in German
   * writes the C locale's CSV, and the run analysed in the C locale
   * writes the same CSV and JSON in German (the JSON has the run's
   * times, so it compares one run with itself). */
  csv_de = export (run_de, gw_export_csv);
  g_assert_true (g_bytes_equal (csv_c, csv_de));
  g_clear_pointer (&csv_de, g_bytes_unref);
  csv_de = export (run_c, gw_export_csv);
  json_de = export (run_c, gw_export_json);
  g_assert_true (g_bytes_equal (csv_c, csv_de));
  g_assert_true (g_bytes_equal (json_c, json_de));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (csv_de, NULL), g_bytes_get_size (csv_de),
                                  " later than the "));

  gw_test_use_english ();
}

/* The sentences the truth data does not produce, one of each kind. */
static void
test_messages_german (void)
{
  static const struct
  {
    const char *english;
    const char *german;
  } cases[] = {
    /* Numbers keep their unit on their line (a no-break space). */
    { "only 1 GM4 row and no anchor: cannot check", "nur 1 GM4-Zeile und kein Anker: nicht prüfbar" },
    { "only 2 GM4 rows and no anchor: cannot check", "nur 2 GM4-Zeilen und kein Anker: nicht prüfbar" },
    { "GD1(36:1;O2) alone fixes the GD1 line: cannot check",
      "GD1(36:1;O2) allein legt die GD1-Gerade fest: nicht prüfbar" },
    /* A name that contains the sentence's own words. */
    { "X alone fixes the Y alone fixes the Z line: cannot check",
      "X allein legt die Y alone fixes the Z-Gerade fest: nicht prüfbar" },
    { "GT3 rows do not agree on one line (2 of 7 fit it): cannot check",
      "die GT3-Zeilen ergeben keine gemeinsame Gerade (2 von 7 passen dazu): nicht prüfbar" },
    { "co-elutes (ΔRT 0.004 min) with GT1(36:1;O2), which has 2 more sialic acids: likely in-source loss of 2 NeuAc",
      "koeluiert (ΔRT 0.004\u00a0min) mit GT1(36:1;O2), das 2 Sialinsäuren mehr trägt: wahrscheinlich Verlust von 2 NeuAc "
      "in der Ionenquelle (In-Source-Fragment)" },
    /* An isomer, each side of the peak on the line; runs of older project
     * files stored the second one as "second … before the first". */
    { "second GD1(34:1;O2) peak, 0.47 min after the first: isomer",
      "zweiter Peak von GD1(34:1;O2), 0.47\u00a0min nach dem ersten: Isomer" },
    { "earlier GD1(34:1;O2) peak, 0.47 min before the one on the line: isomer",
      "früherer Peak von GD1(34:1;O2), 0.47\u00a0min vor dem Peak auf der Geraden: Isomer" },
    { "second GD1(34:1;O2) peak, 0.47 min before the first: isomer",
      "früherer Peak von GD1(34:1;O2), 0.47\u00a0min vor dem Peak auf der Geraden: Isomer" },
    /* The classic preset's sentence puts its values in another order. */
    { "RT 12.100 is 0.950 min above the GD1 model's 11.150 (z = +3.10, |z| ≥ 3.0)",
      "RT 12.100 liegt 0.950\u00a0min über dem Wert 11.150 des GD1-Modells (z = +3.10, |z| ≥ 3.0)" },
    { "Log P span under 1.0: slope borrowed from similar groups",
      "Log-P-Spanne unter 1.0: Steigung von ähnlichen Gruppen übernommen" },
    { "group GM4: 1 anchor (fewer than 3)", "Gruppe GM4: 1 Anker (weniger als 3)" },
    { "only 2 anchors: a model needs at least 3", "nur 2 Anker: ein Modell braucht mindestens 3" },
    { "category order: mean RT of GD (10.250 min) is after GM (9.875 min); on reversed-phase columns "
      "GD elutes first (is this a HILIC column?)",
      "Kategorienfolge: mittlere RT von GD (10.250\u00a0min) liegt nach GM (9.875\u00a0min); auf "
      "Umkehrphasen-Säulen eluiert GD zuerst (ist das eine HILIC-Säule?)" },
    { "Fitting group lines", "Geraden der Gruppen werden angepasst" },
    /* An equation keeps its formula; only the words are translated. */
    { "RT = 7.61 + 1.336·LogP (pooled slope)", "RT = 7.61 + 1.336·LogP (gemeinsame Steigung)" },
    /* A row's problems, each translated (gw-table.c, gw-name.c). */
    { "line 7: RT 'abc' is not a number; Volume -5 is not positive",
      "Zeile 7: RT „abc“ ist keine Zahl; Volume -5 ist nicht positiv" },
    { "line 9: Name 'GD1(36:1;O2x)': unexpected 'x' in the ceramide starting at character 4: "
      "expected ')' at character 12",
      "Zeile 9: Name „GD1(36:1;O2x)“: unerwartet „x“ im Ceramid ab Zeichen 4: erwartet „)“ "
      "bei Zeichen 12" },
    { "line 3: Name 'GD': bad head digit end of name: expected 1, 2, 3 or 4 at character 3",
      "Zeile 3: Name „GD“: ungültige Kopfgruppenziffer Ende des Namens: erwartet 1, 2, 3 oder 4 "
      "bei Zeichen 3" },
    /* A problem the table did not write stays as it is, next to one it did. */
    { "line 4: RT is odd; Name is empty", "Zeile 4: RT is odd; Name ist leer" },
    /* Not the engine's: as it is. */
    { "checked by hand against the standard", "checked by hand against the standard" },
    { "", "" },
  };

  if (!gw_test_use_german ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *german = gw_i18n_translate_message (cases[i].english);

      g_assert_cmpstr (german, ==, cases[i].german);
    }

  gw_test_use_english ();
  /* In English the sentences come back as they are. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *english = gw_i18n_translate_message (cases[i].english);

      g_assert_cmpstr (english, ==, cases[i].english);
    }
}

/* What makes a row invalid, as the table writes it, one row for each kind
 * of problem the reader and the name parser report, and the errors that
 * stop an import. */
static const char * const bad_rows[] = {
  ",10.5,100,5.2,F",                          /* Name is empty */
  "GD1(36:1;O2),abc,100,5.2,F",               /* not a number */
  "GD1(36:1;O2),,100,5.2,F",                  /* RT is empty */
  "GD1(36:1;O2),1e999,100,5.2,F",             /* not a finite number */
  "GD1(36:1;O2),400,100,5.2,F",               /* RT out of bounds */
  "GD1(36:1;O2),10.5,-5,5.2,F",               /* Volume */
  "GD1(36:1;O2),10.5,100,50,F",               /* Log P */
  "GD1(36:1;O2),10.5,100,5.2,",               /* Anchor is empty */
  "GD1(36:1;O2),10.5,100,5.2,maybe",          /* Anchor not T/F */
  "GD1(36:1;O2),10.5,100",                    /* too few fields */
  "GD1(36:1;O2),10.5,100,5.2,F,x,y",          /* too many fields */
  "\"GD1(36:1;O2)\"x,10.5,100,5.2,F",         /* text after a quote */
  "GD1(36:1;O2),10.5,1\xff" "00,5.2,F",         /* not UTF-8 */
  "XD1(36:1;O2),10.5,100,5.2,F",              /* unknown head */
  "GX1(36:1;O2),10.5,100,5.2,F",              /* sialic-acid letter */
  "GD12(36:1;O2),10.5,100,5.2,F",             /* head number */
  "GD(36:1;O2),10.5,100,5.2,F",               /* head digit */
  "GD,10.5,100,5.2,F",                        /* head digit: end of name */
  "GD1+99OAc(36:1;O2),10.5,100,5.2,F",        /* modification count */
  "GD1+2(36:1;O2),10.5,100,5.2,F",            /* count without modification */
  "GD1+(36:1;O2),10.5,100,5.2,F",             /* empty modification */
  "GD1+Foo(36:1;O2),10.5,100,5.2,F",          /* unknown modification */
  "GD1+15OAc+10OAc(36:1;O2),10.5,100,5.2,F",  /* too many of one kind */
  "GD1(x:1;O2),10.5,100,5.2,F",               /* carbon count */
  "GD1(36-1;O2),10.5,100,5.2,F",              /* ':' */
  "GD1(36:x;O2),10.5,100,5.2,F",              /* double-bond count */
  "GD1(36:1;X2),10.5,100,5.2,F",              /* oxygen count */
  "GD1,10.5,100,5.2,F",                       /* missing ceramide */
  "GD1x(36:1;O2),10.5,100,5.2,F",             /* unexpected after head */
  "GD1(d36:1;O3),10.5,100,5.2,F",             /* base prefix */
  "GD1(36:1),10.5,100,5.2,F",                 /* missing oxygen count */
  "GD1(300:1;O2),10.5,100,5.2,F",             /* carbons out of range */
  "GD1(20:30;O2),10.5,100,5.2,F",             /* double bonds out of range */
  "GD1(36:1;O12),10.5,100,5.2,F",             /* oxygens out of range */
  "GD1(36:1;O2x),10.5,100,5.2,F",             /* expected ')' */
  "GD1(36:1;O2)(x),10.5,100,5.2,F",           /* several parentheses */
  "GD1(36:1;O2)x,10.5,100,5.2,F",             /* after the ceramide */
  "GD1(36:1;O2),abc,-5,50,maybe",             /* several problems */
  "\"GD1(36:1;O2),10.5,100,5.2,F",             /* quote never closes (last) */
};

/* English words of the reader's and the name parser's messages; none may
 * be left in a German one.  The rows above quote no cell with them. */
static const char * const english_words[] = {
  "line", "is empty", "not a", "outside", "positive", "expected", "found", "unknown",
  "out of range", "character", "modification", "ceramide", "carbon", "oxygen",
  "unexpected", "field", "header", "quote", "several", "missing", "head", "too many",
  "end of name", "closing", "valid", "shown", "extra", "prefix", "disagree",
};

static void
assert_german (const char *english,
               const char *german)
{
  g_autofree char *lower = g_utf8_strdown (german, -1);

  g_test_message ("%s\n  → %s", english, german);
  for (guint w = 0; w < G_N_ELEMENTS (english_words); w++)
    if (strstr (lower, english_words[w]) != NULL)
      g_error ("“%s” left in “%s” (from “%s”)", english_words[w], german, english);
  assert_same_numbers (english, german);
}

static void
test_table_problems_german (void)
{
  g_autoptr(GString) csv = g_string_new ("Name,RT,Volume,Log P,Anchor\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GwTable) table = NULL;
  g_autoptr(GError) error = NULL;
  guint n_invalid = 0;
  static const struct
  {
    const char *csv;
    const char *german;  /* the start of the message, after the file name */
  } fatal[] = {
    { "", "t.csv: die Datei ist leer" },
    { "Name,RT\nGD1(36:1;O2),10\n", "t.csv: erforderliche Spalten fehlen: " },
    { "Name,RT,Volume,Log P,Anchor\n", "t.csv: keine Datenzeilen" },
    { "Name,RT,Volume,Log P,Anchor\nGD1(36:1;O2),abc,100,5.2,F\nGD2,10,100,5,F\n",
      "t.csv: keine gültigen Zeilen: alle 2 Datenzeilen sind ungültig:\n"
      "  Zeile 2: RT „abc“ ist keine Zahl\n"
      "  Zeile 3: Name „GD2“: Ceramid „(C:DB;OX)“ fehlt bei Zeichen 4" },
  };

  for (guint i = 0; i < 3; i++)
    g_string_append_printf (csv, "GD1(36:1;O2),1%u.0,100,%u.5,T\n", i, 4 + i);
  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    g_string_append_printf (csv, "%s\n", bad_rows[i]);
  bytes = g_bytes_new (csv->str, csv->len);
  table = gw_table_new_from_bytes (bytes, "bad-rows.csv", NULL, &error);
  g_assert_no_error (error);

  if (!gw_test_use_german ())
    return;

  for (guint row = 0; row < gw_table_get_n_rows (table); row++)
    {
      const char *english = gw_table_get_error (table, row);
      g_autofree char *german = NULL;

      if (english == NULL)
        continue;
      n_invalid++;
      german = gw_i18n_translate_message (english);
      assert_german (english, german);
      g_assert_true (g_str_has_prefix (german, "Zeile "));
    }
  g_assert_cmpuint (n_invalid, ==, G_N_ELEMENTS (bad_rows));

  /* The errors that stop an import are written in the user's language. */
  for (guint i = 0; i < G_N_ELEMENTS (fatal); i++)
    {
      g_autoptr(GBytes) b = g_bytes_new (fatal[i].csv, strlen (fatal[i].csv));
      g_autoptr(GwTable) t = gw_table_new_from_bytes (b, "t.csv", NULL, &error);

      g_assert_null (t);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      if (!g_str_has_prefix (error->message, fatal[i].german))
        g_error ("“%s” does not start with “%s”", error->message, fatal[i].german);
      g_clear_error (&error);
    }

  gw_test_use_english ();
  {
    g_autoptr(GBytes) b = g_bytes_new (fatal[0].csv, 0);
    g_autoptr(GwTable) t = gw_table_new_from_bytes (b, "t.csv", NULL, &error);

    g_assert_null (t);
    g_assert_cmpstr (error->message, ==, "t.csv: the file is empty");
  }
}

/* A real German locale (de_DE.UTF-8, built with localedef into a
 * temporary LOCPATH when the machine has none): shown numbers get a
 * decimal comma, files keep the dot.  @locpath (NULL at first) gets the
 * folder made, for the caller to remove. */
static gboolean
use_de_de (char **locpath)
{
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  int status;

  /* Made by an earlier call, or installed. */
  if (setlocale (LC_ALL, "de_DE.UTF-8") != NULL)
    return TRUE;
  if (localedef == NULL || !g_file_test ("/usr/share/i18n/locales/de_DE", G_FILE_TEST_EXISTS))
    return FALSE;

  dir = g_dir_make_tmp ("gw-locale-XXXXXX", &error);
  g_assert_no_error (error);
  /* glibc looks for the normalised name, "de_DE.utf8". */
  target = g_build_filename (dir, "de_DE.utf8", NULL);
  g_spawn_sync (NULL, (char *[]) { localedef, (char *) "-i", (char *) "de_DE", (char *) "-f",
                                   (char *) "UTF-8", target, NULL },
                NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  *locpath = g_steal_pointer (&dir);
  g_setenv ("LOCPATH", *locpath, TRUE);

  return setlocale (LC_ALL, "de_DE.UTF-8") != NULL;
}

/* Whether @text has a number with @sep between digits ("1.31"). */
static gboolean
has_decimal (const char *text,
             char        sep)
{
  for (const char *p = text; *p != '\0'; p++)
    if (*p == sep && p > text && g_ascii_isdigit (p[-1]) && g_ascii_isdigit (p[1]))
      return TRUE;
  return FALSE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
test_decimal_comma (void)
{
  static const GwPreset presets[] = { GW_PRESET_ROBUST, GW_PRESET_CLASSIC };
  g_autofree char *csv = truth_dev_without_truth ();
  g_autofree char *locpath = NULL;

  if (csv == NULL)
    {
      g_test_skip ("GW_SHARED_DATA/truth-dev.csv not available");
      return;
    }
  if (!gw_test_use_german ())
    return;

  for (guint p = 0; p < G_N_ELEMENTS (presets); p++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
      g_autoptr(GwTable) table = NULL;
      g_autoptr(GwRun) run_c = NULL;
      g_autoptr(GwRun) run_de = NULL;
      g_autoptr(GBytes) csv_c = NULL;
      g_autoptr(GBytes) csv_de = NULL;
      g_autoptr(GBytes) json_c = NULL;
      g_autoptr(GBytes) json_de = NULL;
      g_autoptr(GError) error = NULL;
      GwParams params;
      guint checked = 0;

      /* The run and its files in the C locale. */
      setlocale (LC_ALL, "C.UTF-8");
      table = gw_table_new_from_bytes (bytes, "truth-dev.csv", NULL, &error);
      g_assert_no_error (error);
      gw_params_init (&params, presets[p]);
      run_c = gw_analyze (table, &params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      csv_c = export (run_c, gw_export_csv);
      json_c = export (run_c, gw_export_json);

      if (!use_de_de (&locpath))
        {
          g_test_skip ("no de_DE.UTF-8 locale and no localedef to make one");
          break;
        }
      g_assert_cmpstr (gw_i18n_decimal_point (), ==, ",");
      {
        g_autofree char *a = gw_i18n_localize_number ("-9.596");
        g_autofree char *b = gw_i18n_localize_number ("GD1(36:1;O2)");
        g_autofree char *c = gw_i18n_localize_number ("1.2.3");

        g_assert_cmpstr (a, ==, "-9,596");
        g_assert_cmpstr (b, ==, "GD1(36:1;O2)");
        g_assert_cmpstr (c, ==, "1.2.3");
      }

      /* Analysed and exported under de_DE: the same files. */
      run_de = gw_analyze (table, &params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      csv_de = export (run_de, gw_export_csv);
      g_assert_true (g_bytes_equal (csv_c, csv_de));
      g_clear_pointer (&csv_de, g_bytes_unref);
      csv_de = export (run_c, gw_export_csv);
      json_de = export (run_c, gw_export_json);
      g_assert_true (g_bytes_equal (csv_c, csv_de));
      g_assert_true (g_bytes_equal (json_c, json_de));

      for (guint row = 0; row < gw_run_get_n_rows (run_de); row++)
        {
          const char *english = gw_run_get_reason (run_de, row);
          g_autofree char *german = NULL;

          g_assert_cmpstr (english, ==, gw_run_get_reason (run_c, row));
          if (!has_decimal (english, '.'))
            continue;
          /* "RT 9,60 min liegt 1,60 min (9,0 σ) später …" */
          german = gw_run_dup_display_reason (run_de, row);
          g_assert_false (has_decimal (german, '.'));
          g_assert_true (has_decimal (german, ','));
          assert_same_numbers (english, german);
          checked++;
        }
      g_assert_cmpuint (checked, >, 0);
    }

  setlocale (LC_ALL, "C");
  g_unsetenv ("LOCPATH");
  if (locpath != NULL)
    remove_tree (locpath);
  gw_test_use_english ();
}

static void
test_expand (void)
{
  const char *args[] = { "a", "b", "c" };
  g_autoptr(GString) out = g_string_new (NULL);
  char buf[32];

  gw_i18n_expand (out, "%s-%s %% %3$s%1$s%2$s %s", args, 3);
  g_assert_cmpstr (out->str, ==, "a-b % cab c");
  g_string_truncate (out, 0);
  /* Missing arguments write nothing; a stray % is kept. */
  gw_i18n_expand (out, "%4$s%s%s%s%s 5%", args, 3);
  g_assert_cmpstr (out->str, ==, "abc 5%");

  g_assert_cmpstr (gw_i18n_decimal_point (), ==, ".");
  g_assert_cmpstr (gw_i18n_format_number (buf, sizeof buf, 1.306, 2), ==, "1.31");
  g_assert_cmpstr (gw_i18n_format_number (buf, sizeof buf, -0.25, 1), ==, "-0.3");
  g_assert_cmpstr (gw_i18n_format_number (buf, sizeof buf, 4, 0), ==, "4");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/i18n/reasons-german", test_reasons_german);
  g_test_add_func ("/engine/i18n/messages-german", test_messages_german);
  g_test_add_func ("/engine/i18n/table-problems-german", test_table_problems_german);
  g_test_add_func ("/engine/i18n/decimal-comma", test_decimal_comma);
  g_test_add_func ("/engine/i18n/expand", test_expand);

  return g_test_run ();
}
