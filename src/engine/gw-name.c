/* gw-name.c: ganglioside annotation names (ANALYSIS.md §2)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-name"

#include "config.h"

#include "gw-name.h"

#include <string.h>

G_DEFINE_QUARK (gw-name-error-quark, gw_name_error)

/* Indexed by GwModKind; the enum order is the canonical order. */
static const char * const mod_names[GW_N_MODS] = {
  "OAc", "dHex", "Fuc", "Hex", "HexNAc", "NeuAc", "NeuGc", "Ac", "SO3",
};

/* Indexed by the number of sialic acids. */
static const char sialic_letters[] = "AMDTQP";

static const char * const category_names[GW_N_CATEGORIES] = {
  "GA", "GM", "GD", "GT", "GQ", "GP",
};

static const char * const category_display_names[GW_N_CATEGORIES] = {
  "Asialo", "Monosialo", "Disialo", "Trisialo", "Tetrasialo", "Pentasialo",
};

/* Upper bounds that keep the values inside their GwName fields and reject
 * nonsense early ("GD1(3600:1;O2)" is a typo, not a lipid). */
#define MAX_CARBONS  200
#define MAX_DB       40
#define MAX_OX       9
#define MAX_MOD_COUNT 20

typedef struct
{
  const char *start;  /* the whole string, for positions */
  const char *p;
  const char *end;
} Cursor;

/* 1-based character position of @p, counting UTF-8 characters so that a
 * stray "×" earlier in the name does not shift the reported column. */
static guint
char_pos (const Cursor *c,
          const char   *p)
{
  guint n = 1;

  for (const char *q = c->start; q < p; q++)
    if (((guchar) *q & 0xC0) != 0x80)
      n++;
  return n;
}

/* A printable excerpt of [from, to) for messages, valid UTF-8. */
static char *
excerpt (const char *from,
         const char *to)
{
  gsize len = to - from;

  if (len > 40)
    len = 40;
  return g_utf8_make_valid (from, len);
}

/* Describes the character at @p for messages ("end of name" at the end). */
static char *
describe_char (const Cursor *c,
               const char   *p)
{
  const char *next;

  if (p >= c->end)
    return g_strdup ("end of name");

  next = p + 1;
  while (next < c->end && ((guchar) *next & 0xC0) == 0x80)
    next++;

  {
    g_autofree char *text = excerpt (p, next);
    return g_strdup_printf ("'%s'", text);
  }
}

static gboolean
fail_at (const Cursor  *c,
         const char    *p,
         GwNameError    code,
         GError       **error,
         const char    *what)
{
  g_set_error (error, GW_NAME_ERROR, code, "%s at character %u", what, char_pos (c, p));
  return FALSE;
}

/* Reads an unsigned decimal integer of at most 4 digits.  Returns FALSE when
 * there is no digit at the cursor. */
static gboolean
read_uint (Cursor *c,
           guint  *out,
           guint  *n_digits)
{
  guint v = 0;
  guint n = 0;

  while (c->p < c->end && g_ascii_isdigit (*c->p))
    {
      if (n < 6)
        v = v * 10 + (*c->p - '0');
      else
        v = G_MAXUINT;  /* absurdly long, caught by the range checks */
      n++;
      c->p++;
    }
  if (n > 0)
    *out = v;
  if (n_digits != NULL)
    *n_digits = n;
  return n > 0;
}

static gboolean
parse_head (Cursor  *c,
            GwName  *out,
            GError **error)
{
  const char *letter;
  const char *pos;

  if (c->p >= c->end || *c->p != 'G')
    {
      const char *stop = c->p;
      g_autofree char *head = NULL;
      g_autofree char *msg = NULL;

      while (stop < c->end && *stop != '(' && *stop != '+')
        stop++;
      head = excerpt (c->p, stop);
      msg = g_strdup_printf ("unknown head '%s': expected G, a sialic-acid letter "
                             "(A, M, D, T, Q or P) and a digit 1–4", head);
      return fail_at (c, c->p, GW_NAME_ERROR_HEAD, error, msg);
    }
  c->p++;

  letter = c->p < c->end ? strchr (sialic_letters, *c->p) : NULL;
  if (letter == NULL || *c->p == '\0')
    {
      g_autofree char *what = describe_char (c, c->p);
      g_autofree char *msg = g_strdup_printf ("unknown sialic-acid letter %s: expected "
                                              "A, M, D, T, Q or P", what);
      return fail_at (c, c->p, GW_NAME_ERROR_HEAD, error, msg);
    }
  out->sialic = (guint8) (letter - sialic_letters);
  c->p++;

  pos = c->p;
  if (c->p + 1 < c->end && g_ascii_isdigit (c->p[0]) && g_ascii_isdigit (c->p[1]))
    {
      const char *stop = c->p;
      g_autofree char *num = NULL;
      g_autofree char *msg = NULL;

      while (stop < c->end && g_ascii_isdigit (*stop))
        stop++;
      num = excerpt (c->p, stop);
      msg = g_strdup_printf ("head number '%s' out of range: expected 1, 2, 3 or 4", num);
      return fail_at (c, pos, GW_NAME_ERROR_HEAD, error, msg);
    }
  if (c->p >= c->end || *c->p < '1' || *c->p > '4')
    {
      g_autofree char *what = describe_char (c, c->p);
      g_autofree char *msg = g_strdup_printf ("bad head digit %s: expected 1, 2, 3 or 4", what);
      return fail_at (c, pos, GW_NAME_ERROR_HEAD, error, msg);
    }
  out->f = (guint8) (*c->p - '0');
  c->p++;

  if (c->p < c->end && (*c->p == 'a' || *c->p == 'b' || *c->p == 'c'))
    {
      out->isomer = *c->p;
      c->p++;
    }

  return TRUE;
}

static int
mod_from_token (const char *s,
                gsize       len)
{
  for (guint i = 0; i < GW_N_MODS; i++)
    if (strlen (mod_names[i]) == len && memcmp (mod_names[i], s, len) == 0)
      return (int) i;
  return -1;
}

static gboolean
parse_mods (Cursor  *c,
            GwName  *out,
            GError **error)
{
  while (c->p < c->end && *c->p == '+')
    {
      const char *count_pos;
      const char *tok;
      guint count = 1;
      guint n_digits = 0;
      int kind;

      c->p++;
      count_pos = c->p;
      if (read_uint (c, &count, &n_digits))
        {
          if (count == 0 || count > MAX_MOD_COUNT)
            {
              g_autofree char *text = excerpt (count_pos, c->p);
              g_autofree char *msg = g_strdup_printf ("modification count %s out of range "
                                                      "(1–%d)", text, MAX_MOD_COUNT);
              return fail_at (c, count_pos, GW_NAME_ERROR_MODIFICATION, error, msg);
            }
        }

      /* The token runs to the next '+' or '(': matching the whole token
       * exactly is what makes the longest name win ("HexNAc" is never
       * "Hex" followed by garbage). */
      tok = c->p;
      while (c->p < c->end && *c->p != '+' && *c->p != '(' && *c->p != ' ')
        c->p++;

      if (c->p == tok)
        return fail_at (c, tok, GW_NAME_ERROR_MODIFICATION, error,
                        n_digits > 0 ? "modification count without a modification"
                                     : "empty modification after '+'");

      kind = mod_from_token (tok, c->p - tok);
      if (kind < 0)
        {
          g_autofree char *text = excerpt (tok, c->p);
          g_autofree char *msg = g_strdup_printf ("unknown modification '%s'", text);
          return fail_at (c, tok, GW_NAME_ERROR_MODIFICATION, error, msg);
        }

      if (out->mods[kind] + count > MAX_MOD_COUNT)
        return fail_at (c, count_pos, GW_NAME_ERROR_MODIFICATION, error,
                        "too many modifications of one kind");
      out->mods[kind] += count;
    }

  return TRUE;
}

/* One chain "C:DB" with an optional ";O", ";OX" (spaces allowed before ';').
 * @ox is set to -1 when no oxygen token follows. */
static gboolean
parse_chain (Cursor  *c,
             guint   *carbons,
             guint   *db,
             int     *ox,
             GError **error)
{
  const char *save;

  if (!read_uint (c, carbons, NULL))
    {
      g_autofree char *what = describe_char (c, c->p);
      g_autofree char *msg = g_strdup_printf ("expected the carbon count of the ceramide, "
                                              "found %s", what);
      return fail_at (c, c->p, GW_NAME_ERROR_CERAMIDE, error, msg);
    }
  if (c->p >= c->end || *c->p != ':')
    {
      g_autofree char *what = describe_char (c, c->p);
      g_autofree char *msg = g_strdup_printf ("expected ':' between carbons and double "
                                              "bonds, found %s", what);
      return fail_at (c, c->p, GW_NAME_ERROR_CERAMIDE, error, msg);
    }
  c->p++;
  if (!read_uint (c, db, NULL))
    {
      g_autofree char *what = describe_char (c, c->p);
      g_autofree char *msg = g_strdup_printf ("expected the double-bond count of the "
                                              "ceramide, found %s", what);
      return fail_at (c, c->p, GW_NAME_ERROR_CERAMIDE, error, msg);
    }

  *ox = -1;
  save = c->p;
  while (c->p < c->end && *c->p == ' ')
    c->p++;
  if (c->p < c->end && *c->p == ';')
    {
      guint v = 1;

      c->p++;
      while (c->p < c->end && *c->p == ' ')
        c->p++;
      if (c->p >= c->end || *c->p != 'O')
        {
          g_autofree char *what = describe_char (c, c->p);
          g_autofree char *msg = g_strdup_printf ("expected an oxygen count such as 'O2' "
                                                  "after ';', found %s", what);
          return fail_at (c, c->p, GW_NAME_ERROR_CERAMIDE, error, msg);
        }
      c->p++;
      /* ";O" alone means one oxygen, as in LIPID MAPS shorthand. */
      if (c->p < c->end && g_ascii_isdigit (*c->p))
        read_uint (c, &v, NULL);
      *ox = (int) MIN (v, 1000u);
    }
  else
    c->p = save;

  return TRUE;
}

static gboolean
parse_ceramide (Cursor  *c,
                GwName  *out,
                GError **error)
{
  const char *open;
  const char *num_start;
  guint carbons, db;
  int ox;
  int base_ox = -1;

  /* "GD1 (36:1;O2)": a space before the parenthesis is harmless. */
  while (c->p < c->end && *c->p == ' ')
    c->p++;
  open = c->p;
  if (c->p >= c->end)
    return fail_at (c, c->p, GW_NAME_ERROR_CERAMIDE, error,
                    "missing ceramide '(C:DB;OX)'");
  if (*c->p != '(')
    {
      g_autofree char *what = describe_char (c, c->p);
      g_autofree char *msg = g_strdup_printf ("unexpected %s: expected '+' and a "
                                              "modification, or the ceramide '(C:DB;OX)'",
                                              what);
      return fail_at (c, c->p, *c->p == ' ' || g_ascii_isalnum (*c->p) ?
                      GW_NAME_ERROR_HEAD : GW_NAME_ERROR_CERAMIDE, error, msg);
    }
  c->p++;

  /* The older m/d/t prefixes give the hydroxyl count of the base. */
  if (c->p < c->end && (*c->p == 'm' || *c->p == 'd' || *c->p == 't'))
    {
      base_ox = *c->p == 'm' ? 1 : *c->p == 'd' ? 2 : 3;
      c->p++;
    }

  num_start = c->p;
  if (!parse_chain (c, &carbons, &db, &ox, error))
    return FALSE;

  if (base_ox >= 0 && ox >= 0 && ox != base_ox)
    return fail_at (c, num_start, GW_NAME_ERROR_CERAMIDE, error,
                    "the base prefix and the ';O' count of the ceramide disagree");
  if (ox < 0)
    ox = base_ox;

  /* Chain-resolved form "d18:1/18:0": the totals are the sums, and a
   * hydroxylated fatty acid ("/18:0;O") adds its oxygens. */
  if (c->p < c->end && *c->p == '/')
    {
      guint c2, db2;
      int ox2;

      c->p++;
      if (!parse_chain (c, &c2, &db2, &ox2, error))
        return FALSE;
      carbons = carbons + c2;
      db = db + db2;
      if (ox2 > 0)
        ox = (ox < 0 ? 0 : ox) + ox2;
    }

  if (ox < 0)
    return fail_at (c, c->p, GW_NAME_ERROR_CERAMIDE, error,
                    "missing oxygen count in the ceramide (write ';O2', or 'd' before the "
                    "carbons)");

  if (carbons == 0 || carbons > MAX_CARBONS)
    {
      g_autofree char *msg = g_strdup_printf ("carbon count %u out of range (1–%d)",
                                              carbons, MAX_CARBONS);
      return fail_at (c, num_start, GW_NAME_ERROR_CERAMIDE, error, msg);
    }
  if (db > MAX_DB || db >= carbons)
    {
      g_autofree char *msg = g_strdup_printf ("double-bond count %u out of range "
                                              "for %u carbons", db, carbons);
      return fail_at (c, num_start, GW_NAME_ERROR_CERAMIDE, error, msg);
    }
  if (ox > MAX_OX)
    {
      g_autofree char *msg = g_strdup_printf ("oxygen count %d out of range (0–%d)",
                                              ox, MAX_OX);
      return fail_at (c, num_start, GW_NAME_ERROR_CERAMIDE, error, msg);
    }

  while (c->p < c->end && *c->p == ' ')
    c->p++;
  if (c->p >= c->end || *c->p != ')')
    {
      g_autofree char *what = describe_char (c, c->p);
      g_autofree char *msg = g_strdup_printf ("unexpected %s in the ceramide starting at "
                                              "character %u: expected ')'",
                                              what, char_pos (c, open));
      return fail_at (c, c->p, GW_NAME_ERROR_CERAMIDE, error, msg);
    }
  c->p++;

  out->carbons = (guint16) carbons;
  out->db = (guint8) db;
  out->ox = (guint8) ox;
  return TRUE;
}

/**
 * gw_name_parse:
 * @str: the annotation
 * @len: its length in bytes, or -1 when NUL-terminated
 * @out: (out caller-allocates): the parsed name
 * @error: the precise reason, with a 1-based character position
 *
 * Parses an annotation such as `GD1a+2OAc(36:1;O2)`.  Leading and trailing
 * whitespace is ignored.  On failure @out is zeroed.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_name_parse (const char  *str,
               gssize       len,
               GwName      *out,
               GError     **error)
{
  Cursor c;

  g_return_val_if_fail (str != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out, 0, sizeof *out);

  if (len < 0)
    len = strlen (str);

  c.start = str;
  c.p = str;
  c.end = str + len;

  while (c.p < c.end && g_ascii_isspace (*c.p))
    c.p++;
  while (c.end > c.p && g_ascii_isspace (c.end[-1]))
    c.end--;

  if (c.p == c.end)
    {
      g_set_error_literal (error, GW_NAME_ERROR, GW_NAME_ERROR_EMPTY, "empty name");
      return FALSE;
    }

  if (!parse_head (&c, out, error) ||
      !parse_mods (&c, out, error) ||
      !parse_ceramide (&c, out, error))
    goto failed;

  if (c.p < c.end)
    {
      g_autofree char *rest = excerpt (c.p, c.end);
      g_autofree char *msg = NULL;

      if (memchr (c.p, '(', c.end - c.p) != NULL || memchr (c.p, ')', c.end - c.p) != NULL)
        msg = g_strdup_printf ("several parentheses: unexpected '%s' after the ceramide", rest);
      else
        msg = g_strdup_printf ("unexpected '%s' after the ceramide", rest);
      fail_at (&c, c.p, GW_NAME_ERROR_TRAILING, error, msg);
      goto failed;
    }

  return TRUE;

failed:
  memset (out, 0, sizeof *out);
  return FALSE;
}

static void
append_prefix (GString      *s,
               const GwName *name)
{
  g_string_append_c (s, 'G');
  g_string_append_c (s, sialic_letters[MIN (name->sialic, 5)]);
  g_string_append_c (s, '0' + name->f);
  if (name->isomer != 0)
    g_string_append_c (s, name->isomer);
  for (guint i = 0; i < GW_N_MODS; i++)
    {
      if (name->mods[i] == 0)
        continue;
      g_string_append_c (s, '+');
      if (name->mods[i] > 1)
        g_string_append_printf (s, "%u", name->mods[i]);
      g_string_append (s, mod_names[i]);
    }
}

static void
append_ceramide (GString      *s,
                 const GwName *name)
{
  g_string_append_printf (s, "%u:%u;O%u", name->carbons, name->db, name->ox);
}

/**
 * gw_name_format:
 * @name: a parsed name
 *
 * Returns: (transfer full): the canonical form, e.g. `GD1a+2OAc(36:1;O2)`.
 * Parsing it gives back an equal #GwName.
 */
char *
gw_name_format (const GwName *name)
{
  GString *s;

  g_return_val_if_fail (name != NULL, NULL);

  s = g_string_sized_new (24);
  append_prefix (s, name);
  g_string_append_c (s, '(');
  append_ceramide (s, name);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

/**
 * gw_name_format_prefix:
 * @name: a parsed name
 *
 * Returns: (transfer full): head, isomer and modifications in canonical
 * order, e.g. `GD1a+2OAc`.
 */
char *
gw_name_format_prefix (const GwName *name)
{
  GString *s;

  g_return_val_if_fail (name != NULL, NULL);

  s = g_string_sized_new (16);
  append_prefix (s, name);
  return g_string_free (s, FALSE);
}

/**
 * gw_name_format_ceramide:
 * @name: a parsed name
 *
 * Returns: (transfer full): the ceramide, e.g. `36:1;O2`.
 */
char *
gw_name_format_ceramide (const GwName *name)
{
  GString *s;

  g_return_val_if_fail (name != NULL, NULL);

  s = g_string_sized_new (12);
  append_ceramide (s, name);
  return g_string_free (s, FALSE);
}

/**
 * gw_name_format_head:
 * @name: a parsed name
 *
 * Returns: (transfer full): the head without isomer letter, e.g. `GD1`.
 */
char *
gw_name_format_head (const GwName *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_strdup_printf ("G%c%u", sialic_letters[MIN (name->sialic, 5)], name->f);
}

/**
 * gw_name_format_mods:
 * @name: a parsed name
 *
 * Returns: (transfer full): the modifications in canonical order, e.g.
 * `+2OAc+dHex`, or "" when there are none.
 */
char *
gw_name_format_mods (const GwName *name)
{
  GString *s;

  g_return_val_if_fail (name != NULL, NULL);

  s = g_string_new (NULL);
  for (guint i = 0; i < GW_N_MODS; i++)
    {
      if (name->mods[i] == 0)
        continue;
      g_string_append_c (s, '+');
      if (name->mods[i] > 1)
        g_string_append_printf (s, "%u", name->mods[i]);
      g_string_append (s, mod_names[i]);
    }
  return g_string_free (s, FALSE);
}

/**
 * gw_name_get_sugars:
 * @name: a parsed name
 *
 * Returns: `sialic + (5 − f)`: GM1 5, GM3 3, GD1 6, GT1 7.  Modifications
 * are not counted.
 */
guint
gw_name_get_sugars (const GwName *name)
{
  g_return_val_if_fail (name != NULL, 0);

  return name->sialic + (5 - name->f);
}

GwCategory
gw_name_get_category (const GwName *name)
{
  g_return_val_if_fail (name != NULL, GW_CATEGORY_GA);

  return (GwCategory) MIN (name->sialic, GW_N_CATEGORIES - 1);
}

/**
 * gw_name_can_have_isomers:
 * @name: a parsed name
 *
 * Returns: %TRUE for the heads GD1, GT1 and GQ1, whose a/b/c sialylation
 * patterns give same-mass isomers.
 */
gboolean
gw_name_can_have_isomers (const GwName *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  return name->f == 1 && name->sialic >= 2 && name->sialic <= 4;
}

guint
gw_name_get_n_mods (const GwName *name)
{
  guint n = 0;

  g_return_val_if_fail (name != NULL, 0);

  for (guint i = 0; i < GW_N_MODS; i++)
    n += name->mods[i];
  return n;
}

gboolean
gw_name_equal (const GwName *a,
               const GwName *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->sialic == b->sialic &&
         a->f == b->f &&
         a->isomer == b->isomer &&
         a->carbons == b->carbons &&
         a->db == b->db &&
         a->ox == b->ox;
}

/**
 * gw_name_full_equal:
 * @a: a parsed name
 * @b: another
 *
 * Returns: %TRUE when every field matches, modifications included.
 */
gboolean
gw_name_full_equal (const GwName *a,
                    const GwName *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return gw_name_equal (a, b) && memcmp (a->mods, b->mods, sizeof a->mods) == 0;
}

guint32
gw_name_ceramide_key (const GwName *name)
{
  g_return_val_if_fail (name != NULL, 0);

  return ((guint32) name->carbons << 16) | ((guint32) name->db << 8) | name->ox;
}

const char *
gw_mod_kind_to_string (GwModKind kind)
{
  g_return_val_if_fail (kind < GW_N_MODS, NULL);

  return mod_names[kind];
}

/**
 * gw_mod_kind_from_string:
 * @str: a modification name, e.g. `HexNAc` (exact, case-sensitive)
 * @kind: (out): the kind
 *
 * Returns: %TRUE when @str names a modification
 */
gboolean
gw_mod_kind_from_string (const char *str,
                         GwModKind  *kind)
{
  int k;

  g_return_val_if_fail (str != NULL, FALSE);

  k = mod_from_token (str, strlen (str));
  if (k < 0)
    return FALSE;
  if (kind != NULL)
    *kind = (GwModKind) k;
  return TRUE;
}

const char *
gw_category_to_string (GwCategory category)
{
  g_return_val_if_fail (category < GW_N_CATEGORIES, NULL);

  return category_names[category];
}

const char *
gw_category_get_display_name (GwCategory category)
{
  g_return_val_if_fail (category < GW_N_CATEGORIES, NULL);

  return category_display_names[category];
}
