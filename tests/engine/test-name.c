/* test-name.c: tests for the annotation-name parser (ANALYSIS.md §2)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-name"

#include "config.h"

#include <string.h>

#include "gw-name.h"

typedef struct
{
  const char *input;
  guint       sialic;
  guint       f;
  char        isomer;
  const char *mods;       /* canonical "+2OAc+dHex" */
  guint       carbons;
  guint       db;
  guint       ox;
  const char *canonical;
} ValidCase;

static const ValidCase valid_cases[] = {
  { "GM3(36:1;O2)", 1, 3, 0, "", 36, 1, 2, "GM3(36:1;O2)" },
  { "GD1a(36:1;O2)", 2, 1, 'a', "", 36, 1, 2, "GD1a(36:1;O2)" },
  { "GT1b(36:1;O2)", 3, 1, 'b', "", 36, 1, 2, "GT1b(36:1;O2)" },
  { "GQ1c(38:1;O2)", 4, 1, 'c', "", 38, 1, 2, "GQ1c(38:1;O2)" },
  { "GD1+OAc(36:1;O2)", 2, 1, 0, "+OAc", 36, 1, 2, "GD1+OAc(36:1;O2)" },
  { "GQ1+2OAc(36:1;O2)", 4, 1, 0, "+2OAc", 36, 1, 2, "GQ1+2OAc(36:1;O2)" },
  { "GD1+dHex+OAc(36:1;O2)", 2, 1, 0, "+OAc+dHex", 36, 1, 2, "GD1+OAc+dHex(36:1;O2)" },
  { "GD1+Hex+HexNAc+OAc(36:1;O2)", 2, 1, 0, "+OAc+Hex+HexNAc", 36, 1, 2,
    "GD1+OAc+Hex+HexNAc(36:1;O2)" },
  /* Longest match: HexNAc alone is never Hex. */
  { "GD1+HexNAc(34:1;O2)", 2, 1, 0, "+HexNAc", 34, 1, 2, "GD1+HexNAc(34:1;O2)" },
  { "GM1+Fuc+NeuGc+Ac+SO3+NeuAc(40:2;O3)", 1, 1, 0, "+Fuc+NeuAc+NeuGc+Ac+SO3", 40, 2, 3,
    "GM1+Fuc+NeuAc+NeuGc+Ac+SO3(40:2;O3)" },
  /* A repeated modification adds up. */
  { "GT1+OAc+OAc(36:1;O2)", 3, 1, 0, "+2OAc", 36, 1, 2, "GT1+2OAc(36:1;O2)" },
  { "GA1(36:1;O2)", 0, 1, 0, "", 36, 1, 2, "GA1(36:1;O2)" },
  { "GP1(36:1;O2)", 5, 1, 0, "", 36, 1, 2, "GP1(36:1;O2)" },
  { "GM4(34:1;O2)", 1, 4, 0, "", 34, 1, 2, "GM4(34:1;O2)" },
  /* Older forms and spacing. */
  { "GM3(d36:1)", 1, 3, 0, "", 36, 1, 2, "GM3(36:1;O2)" },
  { "GM3(t36:0)", 1, 3, 0, "", 36, 0, 3, "GM3(36:0;O3)" },
  { "GM3(m36:1)", 1, 3, 0, "", 36, 1, 1, "GM3(36:1;O1)" },
  { "GM3(36:1 ;O2)", 1, 3, 0, "", 36, 1, 2, "GM3(36:1;O2)" },
  { "GM3(36:1; O3)", 1, 3, 0, "", 36, 1, 3, "GM3(36:1;O3)" },
  { "GM3(36:1;O)", 1, 3, 0, "", 36, 1, 1, "GM3(36:1;O1)" },
  { "GM3(d36:1;O2)", 1, 3, 0, "", 36, 1, 2, "GM3(36:1;O2)" },
  { "GM3(d18:1/18:0)", 1, 3, 0, "", 36, 1, 2, "GM3(36:1;O2)" },
  { "GM3(d18:1/18:0;O)", 1, 3, 0, "", 36, 1, 3, "GM3(36:1;O3)" },
  { "GD1 (36:1;O2)", 2, 1, 0, "", 36, 1, 2, "GD1(36:1;O2)" },
  { "  GD1(36:1;O2)\t", 2, 1, 0, "", 36, 1, 2, "GD1(36:1;O2)" },
  { "GD1+20OAc(36:1;O2)", 2, 1, 0, "+20OAc", 36, 1, 2, "GD1+20OAc(36:1;O2)" },
};

static void
test_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      const ValidCase *vc = &valid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = NULL;
      g_autofree char *mods = NULL;
      GwName name;
      GwName again;

      g_test_message ("%s", vc->input);
      g_assert_true (gw_name_parse (vc->input, -1, &name, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (name.sialic, ==, vc->sialic);
      g_assert_cmpuint (name.f, ==, vc->f);
      g_assert_cmpint (name.isomer, ==, vc->isomer);
      g_assert_cmpuint (name.carbons, ==, vc->carbons);
      g_assert_cmpuint (name.db, ==, vc->db);
      g_assert_cmpuint (name.ox, ==, vc->ox);
      mods = gw_name_format_mods (&name);
      g_assert_cmpstr (mods, ==, vc->mods);
      canonical = gw_name_format (&name);
      g_assert_cmpstr (canonical, ==, vc->canonical);

      /* The canonical form round-trips. */
      g_assert_true (gw_name_parse (canonical, -1, &again, NULL));
      g_assert_true (gw_name_full_equal (&name, &again));
    }
}

static void
test_mod_counts (void)
{
  GwName name;

  g_assert_true (gw_name_parse ("GD1+Hex+HexNAc+OAc(36:1;O2)", -1, &name, NULL));
  g_assert_cmpuint (name.mods[GW_MOD_HEX], ==, 1);
  g_assert_cmpuint (name.mods[GW_MOD_HEXNAC], ==, 1);
  g_assert_cmpuint (name.mods[GW_MOD_OAC], ==, 1);
  g_assert_cmpuint (name.mods[GW_MOD_DHEX], ==, 0);
  g_assert_cmpuint (gw_name_get_n_mods (&name), ==, 3);

  g_assert_true (gw_name_parse ("GQ1+2OAc(36:1;O2)", -1, &name, NULL));
  g_assert_cmpuint (name.mods[GW_MOD_OAC], ==, 2);
  g_assert_cmpuint (gw_name_get_n_mods (&name), ==, 2);

  /* dHex is not Hex, and Ac is not OAc. */
  g_assert_true (gw_name_parse ("GM1+dHex+Ac(36:1;O2)", -1, &name, NULL));
  g_assert_cmpuint (name.mods[GW_MOD_DHEX], ==, 1);
  g_assert_cmpuint (name.mods[GW_MOD_HEX], ==, 0);
  g_assert_cmpuint (name.mods[GW_MOD_AC], ==, 1);
  g_assert_cmpuint (name.mods[GW_MOD_OAC], ==, 0);
}

static void
test_derived (void)
{
  static const struct {
    const char *input;
    guint sugars;
    GwCategory category;
    const char *cat;
    const char *display;
    gboolean isomers;
    const char *head;
    const char *prefix;
    const char *ceramide;
  } cases[] = {
    { "GM1(36:1;O2)", 5, GW_CATEGORY_GM, "GM", "Monosialo", FALSE, "GM1", "GM1", "36:1;O2" },
    { "GM3(36:1;O2)", 3, GW_CATEGORY_GM, "GM", "Monosialo", FALSE, "GM3", "GM3", "36:1;O2" },
    { "GD1a+OAc(36:1;O2)", 6, GW_CATEGORY_GD, "GD", "Disialo", TRUE, "GD1", "GD1a+OAc", "36:1;O2" },
    { "GD3(d34:1)", 4, GW_CATEGORY_GD, "GD", "Disialo", FALSE, "GD3", "GD3", "34:1;O2" },
    { "GT1(36:1;O2)", 7, GW_CATEGORY_GT, "GT", "Trisialo", TRUE, "GT1", "GT1", "36:1;O2" },
    { "GQ1+2OAc(36:1;O2)", 8, GW_CATEGORY_GQ, "GQ", "Tetrasialo", TRUE, "GQ1", "GQ1+2OAc", "36:1;O2" },
    { "GP1(36:1;O2)", 9, GW_CATEGORY_GP, "GP", "Pentasialo", FALSE, "GP1", "GP1", "36:1;O2" },
    { "GA1(36:1;O2)", 4, GW_CATEGORY_GA, "GA", "Asialo", FALSE, "GA1", "GA1", "36:1;O2" },
    { "GT3(t40:1)", 5, GW_CATEGORY_GT, "GT", "Trisialo", FALSE, "GT3", "GT3", "40:1;O3" },
    { "GM4(34:1;O2)", 2, GW_CATEGORY_GM, "GM", "Monosialo", FALSE, "GM4", "GM4", "34:1;O2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *head = NULL;
      g_autofree char *prefix = NULL;
      g_autofree char *ceramide = NULL;
      GwName name;

      g_test_message ("%s", cases[i].input);
      g_assert_true (gw_name_parse (cases[i].input, -1, &name, NULL));
      g_assert_cmpuint (gw_name_get_sugars (&name), ==, cases[i].sugars);
      g_assert_cmpint (gw_name_get_category (&name), ==, cases[i].category);
      g_assert_cmpstr (gw_category_to_string (gw_name_get_category (&name)), ==, cases[i].cat);
      g_assert_cmpstr (gw_category_get_display_name (gw_name_get_category (&name)), ==,
                       cases[i].display);
      g_assert_cmpint (gw_name_can_have_isomers (&name), ==, cases[i].isomers);
      head = gw_name_format_head (&name);
      prefix = gw_name_format_prefix (&name);
      ceramide = gw_name_format_ceramide (&name);
      g_assert_cmpstr (head, ==, cases[i].head);
      g_assert_cmpstr (prefix, ==, cases[i].prefix);
      g_assert_cmpstr (ceramide, ==, cases[i].ceramide);
    }
}

static void
test_equal_and_keys (void)
{
  GwName a, b, c, d;

  g_assert_true (gw_name_parse ("GD1(36:1;O2)", -1, &a, NULL));
  g_assert_true (gw_name_parse ("GD1+OAc(d36:1)", -1, &b, NULL));
  g_assert_true (gw_name_parse ("GD1a(36:1;O2)", -1, &c, NULL));
  g_assert_true (gw_name_parse ("GM1(36:1;O2)", -1, &d, NULL));

  /* Equality ignores modifications but not the isomer letter. */
  g_assert_true (gw_name_equal (&a, &b));
  g_assert_false (gw_name_full_equal (&a, &b));
  g_assert_false (gw_name_equal (&a, &c));
  g_assert_false (gw_name_equal (&a, &d));

  /* Same ceramide, same key; any change in C, DB or OX changes it. */
  g_assert_cmpuint (gw_name_ceramide_key (&a), ==, gw_name_ceramide_key (&d));
  g_assert_true (gw_name_parse ("GD1(36:2;O2)", -1, &b, NULL));
  g_assert_cmpuint (gw_name_ceramide_key (&a), !=, gw_name_ceramide_key (&b));
  g_assert_true (gw_name_parse ("GD1(36:1;O3)", -1, &b, NULL));
  g_assert_cmpuint (gw_name_ceramide_key (&a), !=, gw_name_ceramide_key (&b));
  g_assert_true (gw_name_parse ("GD1(38:1;O2)", -1, &b, NULL));
  g_assert_cmpuint (gw_name_ceramide_key (&a), !=, gw_name_ceramide_key (&b));
}

static void
test_mod_strings (void)
{
  for (guint i = 0; i < GW_N_MODS; i++)
    {
      GwModKind k;

      g_assert_true (gw_mod_kind_from_string (gw_mod_kind_to_string (i), &k));
      g_assert_cmpint (k, ==, i);
    }
  g_assert_false (gw_mod_kind_from_string ("Foo", NULL));
  g_assert_false (gw_mod_kind_from_string ("hexnac", NULL));
  g_assert_cmpstr (gw_mod_kind_to_string (GW_MOD_HEXNAC), ==, "HexNAc");
}

typedef struct
{
  const char  *input;
  GwNameError  code;
  const char  *message;   /* exact */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "", GW_NAME_ERROR_EMPTY, "empty name" },
  { "   ", GW_NAME_ERROR_EMPTY, "empty name" },
  { "GD1+Foo(36:1;O2)", GW_NAME_ERROR_MODIFICATION,
    "unknown modification 'Foo' at character 5" },
  { "GD1a+OAc+Foo(36:1;O2)", GW_NAME_ERROR_MODIFICATION,
    "unknown modification 'Foo' at character 10" },
  { "GD1+hexnac(36:1;O2)", GW_NAME_ERROR_MODIFICATION,
    "unknown modification 'hexnac' at character 5" },
  { "GD1+HexNAcX(36:1;O2)", GW_NAME_ERROR_MODIFICATION,
    "unknown modification 'HexNAcX' at character 5" },
  { "GD1+(36:1;O2)", GW_NAME_ERROR_MODIFICATION,
    "empty modification after '+' at character 5" },
  { "GD1+2(36:1;O2)", GW_NAME_ERROR_MODIFICATION,
    "modification count without a modification at character 6" },
  { "GD1+0OAc(36:1;O2)", GW_NAME_ERROR_MODIFICATION,
    "modification count 0 out of range (1–20) at character 5" },
  { "Cer(36:1;O2)", GW_NAME_ERROR_HEAD,
    "unknown head 'Cer': expected G, a sialic-acid letter (A, M, D, T, Q or P) and a "
    "digit 1–4 at character 1" },
  { "GX1(36:1;O2)", GW_NAME_ERROR_HEAD,
    "unknown sialic-acid letter 'X': expected A, M, D, T, Q or P at character 2" },
  { "GD(36:1;O2)", GW_NAME_ERROR_HEAD,
    "bad head digit '(': expected 1, 2, 3 or 4 at character 3" },
  { "GD5(36:1;O2)", GW_NAME_ERROR_HEAD,
    "bad head digit '5': expected 1, 2, 3 or 4 at character 3" },
  { "GM10(36:1;O2)", GW_NAME_ERROR_HEAD,
    "head number '10' out of range: expected 1, 2, 3 or 4 at character 3" },
  { "G", GW_NAME_ERROR_HEAD,
    "unknown sialic-acid letter end of name: expected A, M, D, T, Q or P at character 2" },
  { "GD1x(36:1;O2)", GW_NAME_ERROR_HEAD,
    "unexpected 'x': expected '+' and a modification, or the ceramide '(C:DB;OX)' at "
    "character 4" },
  { "GD1", GW_NAME_ERROR_CERAMIDE, "missing ceramide '(C:DB;OX)' at character 4" },
  { "GD1(36:1;O2", GW_NAME_ERROR_CERAMIDE,
    "unexpected end of name in the ceramide starting at character 4: expected ')' at "
    "character 12" },
  { "GD1(36-1;O2)", GW_NAME_ERROR_CERAMIDE,
    "expected ':' between carbons and double bonds, found '-' at character 7" },
  { "GD1(:1;O2)", GW_NAME_ERROR_CERAMIDE,
    "expected the carbon count of the ceramide, found ':' at character 5" },
  { "GD1(36:;O2)", GW_NAME_ERROR_CERAMIDE,
    "expected the double-bond count of the ceramide, found ';' at character 8" },
  { "GD1(36:1;X2)", GW_NAME_ERROR_CERAMIDE,
    "expected an oxygen count such as 'O2' after ';', found 'X' at character 10" },
  { "GD1(36:1)", GW_NAME_ERROR_CERAMIDE,
    "missing oxygen count in the ceramide (write ';O2', or 'd' before the carbons) at "
    "character 9" },
  { "GD1(d36:1;O3)", GW_NAME_ERROR_CERAMIDE,
    "the base prefix and the ';O' count of the ceramide disagree at character 6" },
  { "GD1(0:0;O2)", GW_NAME_ERROR_CERAMIDE, "carbon count 0 out of range (1–200) at character 5" },
  { "GD1(3600:1;O2)", GW_NAME_ERROR_CERAMIDE,
    "carbon count 3600 out of range (1–200) at character 5" },
  { "GD1(36:99;O2)", GW_NAME_ERROR_CERAMIDE,
    "double-bond count 99 out of range for 36 carbons at character 5" },
  { "GD1(36:1;O12)", GW_NAME_ERROR_CERAMIDE,
    "oxygen count 12 out of range (0–9) at character 5" },
  { "GD1(36:1;O2)(38:1;O2)", GW_NAME_ERROR_TRAILING,
    "several parentheses: unexpected '(38:1;O2)' after the ceramide at character 13" },
  { "GD1((36:1;O2))", GW_NAME_ERROR_CERAMIDE,
    "expected the carbon count of the ceramide, found '(' at character 5" },
  { "GD1(36:1;O2) x", GW_NAME_ERROR_TRAILING,
    "unexpected ' x' after the ceramide at character 13" },
  { "GD1(36:1;O2))", GW_NAME_ERROR_TRAILING,
    "several parentheses: unexpected ')' after the ceramide at character 13" },
  /* Positions count characters, not bytes. */
  { "GD1+×(36:1;O2)", GW_NAME_ERROR_MODIFICATION,
    "unknown modification '×' at character 5" },
  { "GD1+é+Foo(36:1;O2)", GW_NAME_ERROR_MODIFICATION,
    "unknown modification 'é' at character 5" },
  { "GD1+OAc(36:1;O2)é", GW_NAME_ERROR_TRAILING,
    "unexpected 'é' after the ceramide at character 17" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *ec = &error_cases[i];
      g_autoptr(GError) error = NULL;
      GwName name;
      GwName zero = { 0 };

      g_test_message ("%s", ec->input);
      memset (&name, 0xAA, sizeof name);
      g_assert_false (gw_name_parse (ec->input, -1, &name, &error));
      g_assert_error (error, GW_NAME_ERROR, (int) ec->code);
      g_assert_cmpstr (error->message, ==, ec->message);
      /* A failed parse leaves nothing half-filled behind. */
      g_assert_cmpmem (&name, sizeof name, &zero, sizeof zero);
    }
}

static void
test_length (void)
{
  const char *buf = "GD1+OAc(36:1;O2),8.123,100";
  g_autoptr(GError) error = NULL;
  GwName name;

  /* Only the first 16 bytes are the name; the rest must not be read. */
  g_assert_true (gw_name_parse (buf, 16, &name, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (name.mods[GW_MOD_OAC], ==, 1);

  g_assert_false (gw_name_parse (buf, 15, &name, &error));
  g_assert_error (error, GW_NAME_ERROR, GW_NAME_ERROR_CERAMIDE);
  g_clear_error (&error);

  g_assert_false (gw_name_parse (buf, 0, &name, &error));
  g_assert_error (error, GW_NAME_ERROR, GW_NAME_ERROR_EMPTY);
}

static void
test_round_trip_random (void)
{
  /* Every representable name formats to a string that parses back to it. */
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      GwName name = { 0 };
      GwName back;

      name.sialic = g_test_rand_int_range (0, 6);
      name.f = g_test_rand_int_range (1, 5);
      name.isomer = "\0abc"[g_test_rand_int_range (0, 4)];
      for (guint m = 0; m < GW_N_MODS; m++)
        if (g_test_rand_int_range (0, 4) == 0)
          name.mods[m] = g_test_rand_int_range (1, 21);
      name.carbons = g_test_rand_int_range (1, 201);
      name.db = g_test_rand_int_range (0, MIN (name.carbons, 41));
      name.ox = g_test_rand_int_range (0, 10);

      text = gw_name_format (&name);
      if (!gw_name_parse (text, -1, &back, &error))
        g_error ("%s: %s", text, error->message);
      g_assert_true (gw_name_full_equal (&name, &back));
    }
}

static void
test_garbage (void)
{
  static const char alphabet[] = "GMDTQPAabcdt+-OAcHexNAcdHexFucSO3NeuGc0123456789:;() /\xc3\xa9\x01";

  /* Random strings from a name-like alphabet: never a crash, and every
   * success formats to something that parses to the same name. */
  for (guint i = 0; i < 50000; i++)
    {
      char buf[32];
      guint len = g_test_rand_int_range (0, sizeof buf);
      g_autoptr(GError) error = NULL;
      GwName name;

      for (guint j = 0; j < len; j++)
        buf[j] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
      /* Start most strings like a real head so the later stages are hit. */
      if (len > 4 && g_test_rand_bit ())
        memcpy (buf, "GD1", 3);

      if (gw_name_parse (buf, len, &name, &error))
        {
          g_autofree char *text = gw_name_format (&name);
          GwName back;

          g_assert_true (gw_name_parse (text, -1, &back, NULL));
          g_assert_true (gw_name_full_equal (&name, &back));
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          /* Every message but "empty name" gives the position. */
          if (error->code != GW_NAME_ERROR_EMPTY)
            g_assert_nonnull (strstr (error->message, " at character "));
        }
    }
}

/* Every name in the real files parses; the canonical form of each one
 * round-trips. */
static void
check_real_file (const char *basename,
                 guint       expected_rows)
{
  const char *dir = g_getenv ("GW_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (dir == NULL)
    {
      g_test_skip ("GW_SHARED_DATA is not set");
      return;
    }
  path = g_build_filename (dir, basename, NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *comma = strchr (lines[i], ',');
      g_autofree char *text = NULL;
      GwName name, back;

      if (lines[i][0] == '\0')
        continue;
      g_assert_nonnull (comma);
      if (!gw_name_parse (lines[i], comma - lines[i], &name, &error))
        g_error ("%s line %u: %s", basename, i + 1, error->message);
      text = gw_name_format (&name);
      g_assert_true (gw_name_parse (text, -1, &back, NULL));
      g_assert_true (gw_name_full_equal (&name, &back));
      n++;
    }
  g_assert_cmpuint (n, ==, expected_rows);
}

static void
test_real_user (void)
{
  check_real_file ("testwork_user.csv", 323);
}

static void
test_real_testwork (void)
{
  /* The header has a BOM, but only data lines are parsed here. */
  check_real_file ("testwork.csv", 5);
}

static void
test_real_truth (void)
{
  check_real_file ("truth-dev.csv", 344);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/name/valid", test_valid);
  g_test_add_func ("/engine/name/mod-counts", test_mod_counts);
  g_test_add_func ("/engine/name/derived", test_derived);
  g_test_add_func ("/engine/name/equal-and-keys", test_equal_and_keys);
  g_test_add_func ("/engine/name/mod-strings", test_mod_strings);
  g_test_add_func ("/engine/name/errors", test_errors);
  g_test_add_func ("/engine/name/length", test_length);
  g_test_add_func ("/engine/name/round-trip-random", test_round_trip_random);
  g_test_add_func ("/engine/name/garbage", test_garbage);
  g_test_add_func ("/engine/name/real-user", test_real_user);
  g_test_add_func ("/engine/name/real-testwork", test_real_testwork);
  g_test_add_func ("/engine/name/real-truth", test_real_truth);

  return g_test_run ();
}
