/* gw-i18n.c: the engine's sentences in the user's language
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine writes every sentence in English: runs store them, project
 * files keep them and the exports write them, so a file says the same in
 * every locale.  Translation happens when a person reads a sentence: the
 * English text is matched against the templates below (the msgids, with
 * %s where the engine put a value), and the values are put into the
 * translated template.  Runs read from older project files, whose reasons
 * were stored as text, translate the same way.  Text that matches no
 * template (a curation note, a cell's text) is shown as it is.
 */

#define G_LOG_DOMAIN "gw-i18n"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <langinfo.h>
#include <string.h>

#include "gw-i18n.h"
#include "gw-run-private.h"

/* A plural template: xgettext extracts both strings (po/meson.build and
 * build-aux/check-translations.sh pass --keyword=N_PLURAL:1,2). */
#define N_PLURAL(singular, plural) singular, plural

#define MAX_ARGS 8

typedef struct
{
  const char *msgid;
  const char *plural;     /* NULL, or the English plural of @msgid */
  guint       count_arg;  /* the argument ngettext counts by */
  guint       sub_args;   /* bit i: argument i is itself an engine sentence,
                           * or several joined by "; ", translated in turn */
  gboolean    greedy;     /* each %s takes the longest text that still
                           * matches, instead of the shortest */
} Template;

/* Bits for Template.sub_args. */
#define SUB(i) (1u << (i))

/* Every sentence the engine makes, as gw-robust.c, gw-classic.c,
 * gw-side-reports.c, gw-table.c and gw-run.c write it.  A change to the
 * English there must be made here too (tests/engine/test-i18n.c checks
 * that every kind of reason of the test data is translated). */
static const Template templates[] = {
  /* Robust preset, derived reasons (gw-run.c, derive_reason()).
   * TRANSLATORS: an outlier's reason: "RT 11.42 min is 1.31 min (4.8 σ)
   * later than the GD1 line predicts (10.11 min)"; the values are the
   * row's retention time, the distance to the group's line, that
   * distance in standard deviations, the group and the line's prediction. */
  { N_("RT %s min is %s min (%s σ) later than the %s line predicts (%s min)"), NULL, 0 },
  { N_("RT %s min is %s min (%s σ) earlier than the %s line predicts (%s min)"), NULL, 0 },
  /* TRANSLATORS: as above, for a group whose line borrows the slope of
   * similar groups. */
  { N_("RT %s min is %s min (%s σ) later than the %s line (pooled slope) predicts (%s min)"), NULL, 0 },
  { N_("RT %s min is %s min (%s σ) earlier than the %s line (pooled slope) predicts (%s min)"), NULL, 0 },
  /* TRANSLATORS: an isomer's reason: "second GD1(34:1;O2) peak, 0.47 min
   * after the first: isomer"; the first peak is the one on the group's
   * line, and this one elutes after it. */
  { N_("second %s peak, %s min after the first: isomer"), NULL, 0 },
  /* TRANSLATORS: an isomer that elutes before the peak on the group's
   * line: "earlier GD1(34:1;O2) peak, 0.47 min before the one on the
   * line: isomer". */
  { N_("earlier %s peak, %s min before the one on the line: isomer"), NULL, 0 },
  /* TRANSLATORS: the same, as older project files stored it: the "first"
   * peak is the one on the line, which elutes after this one.  Please
   * translate it like "earlier %s peak, %s min before the one on the
   * line: isomer". */
  { N_("second %s peak, %s min before the first: isomer"), NULL, 0 },
  /* TRANSLATORS: an in-source fragment's reason: "co-elutes (ΔRT 0.02
   * min) with GD1(36:1;O2), which has one more sialic acid: likely
   * in-source NeuAc loss". */
  { N_("co-elutes (ΔRT %s min) with %s, which has one more sialic acid: likely in-source NeuAc loss"), NULL, 0 },
  /* TRANSLATORS: the same for two or more sialic acids; both numbers are
   * the number of sialic acids. */
  { N_PLURAL ("co-elutes (ΔRT %s min) with %s, which has %s more sialic acid: likely in-source loss of %s NeuAc",
              "co-elutes (ΔRT %s min) with %s, which has %s more sialic acids: likely in-source loss of %s NeuAc"), 2 },

  /* Robust preset, stored reasons (gw-robust.c). */
  { N_("no group has the Log P spread to estimate a slope, so %s has no line: cannot check"), NULL, 0 },
  /* TRANSLATORS: "only 2 GM4 rows and no anchor: cannot check". */
  { N_PLURAL ("only %s %s row and no anchor: cannot check",
              "only %s %s rows and no anchor: cannot check"), 0 },
  /* TRANSLATORS: "GD1(36:1;O2) alone fixes the GD1 line: cannot check". */
  { N_("%s alone fixes the %s line: cannot check"), NULL, 0 },
  /* TRANSLATORS: "GT3 rows do not agree on one line (2 of 7 fit it):
   * cannot check". */
  { N_("%s rows do not agree on one line (%s of %s fit it): cannot check"), NULL, 0 },
  { N_("name has no group: cannot check"), NULL, 0 },

  /* Robust preset, model warnings. */
  { N_("rows do not agree on one line: no row of this group is judged"), NULL, 0 },
  { N_("too few rows for an own slope: slope borrowed from similar groups"), NULL, 0 },
  { N_("Log P span under %s: slope borrowed from similar groups"), NULL, 0 },

  /* TRANSLATORS: a model's equation (gw-robust.c), which stays as it is:
   * "RT = 7.61 + 1.336·LogP (pooled slope)". */
  { N_("%s (pooled slope)"), NULL, 0 },

  /* Classic preset (gw-classic.c). */
  { N_("anchor kept as is: too few anchors to fit a model (k < 3)"), NULL, 0 },
  { N_("insufficient anchors (k < 3)"), NULL, 0 },
  { N_PLURAL ("only %s anchor: a model needs at least 3",
              "only %s anchors: a model needs at least 3"), 0 },
  { N_("model R² %s below threshold"), NULL, 0 },
  { N_("cross-validated R² %s is below the threshold %s"), NULL, 0 },
  { N_("no candidate feature varies over the anchors; Log P used"), NULL, 0 },
  /* TRANSLATORS: a classic-preset outlier: "RT 12.100 is 0.950 min above
   * the GD1 model's 11.150 (z = +3.10, |z| ≥ 3.0)". */
  { N_("RT %s is %s min above the %s model's %s (z = %s, |z| ≥ %s)"), NULL, 0 },
  { N_("RT %s is %s min below the %s model's %s (z = %s, |z| ≥ %s)"), NULL, 0 },
  { N_("no group: the name could not be read"), NULL, 0 },

  /* Side reports, run warnings (gw-side-reports.c).
   * TRANSLATORS: the categories are GM, GD, GT, GQ, GP (sialic acid
   * counts); HILIC is a column type. */
  { N_("category order: mean RT of %s (%s min) is after %s (%s min); "
       "on reversed-phase columns %s elutes first (is this a HILIC column?)"), NULL, 0 },

  /* Progress messages (gw-analysis.c, gw-robust.c, gw-classic.c), which
   * the window shows while a file is analysed. */
  { N_("Analysing"), NULL, 0 },
  { N_("Fitting group slopes"), NULL, 0 },
  { N_("Fitting group lines"), NULL, 0 },
  { N_("Scoring rows"), NULL, 0 },
  { N_("Fitting group models"), NULL, 0 },
  { N_("Checking side rules"), NULL, 0 },
  { N_("Done"), NULL, 0 },

  /* Table warnings (gw-table.c). */
  { N_PLURAL ("%s row with only empty cells skipped",
              "%s rows with only empty cells skipped"), 0 },
  { N_PLURAL ("only %s anchor in the table (fewer than 3)",
              "only %s anchors in the table (fewer than 3)"), 0 },
  /* TRANSLATORS: "group GM4: 1 anchor (fewer than 3)". */
  { N_PLURAL ("group %s: %s anchor (fewer than 3)",
              "group %s: %s anchors (fewer than 3)"), 1 },
  { N_("column %s '%s' repeats column '%s'; the first one is used and this one is kept as an extra column"), NULL, 0 },

  /* Problems that make a row invalid (gw-table.c); the reason is "line 12:"
   * and the row's problems, joined by "; ".
   * TRANSLATORS: "line 12: RT '400' is outside [0, 300] min"; the second
   * value is the row's problems, already translated. */
  { N_("line %s: %s"), NULL, 0, SUB (1) },
  { N_("Name is empty"), NULL, 0 },
  /* TRANSLATORS: "Name 'GX1(36:1;O2)': unknown sialic-acid letter …"; the
   * second value is why the name could not be read, already translated. */
  { N_("Name '%s': %s"), NULL, 0, SUB (1) },
  /* TRANSLATORS: the first value is a column title as the file has it
   * (Name, RT, Volume, Log P, Anchor), the second the cell's text. */
  { N_("%s is empty"), NULL, 0 },
  { N_("%s '%s' is not a number"), NULL, 0 },
  { N_("%s '%s' is not a finite number"), NULL, 0 },
  { N_("RT %s is outside [0, 300] min"), NULL, 0 },
  { N_("Volume %s is not positive"), NULL, 0 },
  { N_("Log P %s is outside [-30, 30]"), NULL, 0 },
  { N_("Anchor is empty (expected T or F)"), NULL, 0 },
  { N_("Anchor '%s' is not one of T/F, true/false, 1/0, yes/no, y/n, anchor/test"), NULL, 0 },
  { N_("column '%s' is not valid UTF-8 text (the bad bytes are shown as '?')"), NULL, 0 },
  { N_("a quoted field never closes (the row is read up to the end of its line)"), NULL, 0 },
  { N_("text after a closing quote"), NULL, 0 },
  /* TRANSLATORS: "7 fields, the header has 5 (first extra: 'x')".  Before
   * the next one, which would match it too. */
  { N_("%s fields, the header has %s (first extra: '%s')"), NULL, 0 },
  /* TRANSLATORS: "3 fields, the header has 5". */
  { N_PLURAL ("%s field, the header has %s",
              "%s fields, the header has %s"), 0 },

  /* Why a name could not be read (gw-name.c); "… at character N" below.
   * TRANSLATORS: stands for a character in the messages below ("found
   * end of name"). */
  { N_("end of name"), NULL, 0 },
  { N_("empty name"), NULL, 0 },
  { N_("unknown head '%s': expected G, a sialic-acid letter (A, M, D, T, Q or P) and a digit 1–4"), NULL, 0 },
  /* TRANSLATORS: the value is a quoted character or "end of name". */
  { N_("unknown sialic-acid letter %s: expected A, M, D, T, Q or P"), NULL, 0, SUB (0) },
  { N_("head number '%s' out of range: expected 1, 2, 3 or 4"), NULL, 0 },
  { N_("bad head digit %s: expected 1, 2, 3 or 4"), NULL, 0, SUB (0) },
  { N_("modification count %s out of range (1–%s)"), NULL, 0 },
  { N_("modification count without a modification"), NULL, 0 },
  { N_("empty modification after '+'"), NULL, 0 },
  { N_("unknown modification '%s'"), NULL, 0 },
  { N_("too many modifications of one kind"), NULL, 0 },
  { N_("expected the carbon count of the ceramide, found %s"), NULL, 0, SUB (0) },
  { N_("expected ':' between carbons and double bonds, found %s"), NULL, 0, SUB (0) },
  { N_("expected the double-bond count of the ceramide, found %s"), NULL, 0, SUB (0) },
  { N_("expected an oxygen count such as 'O2' after ';', found %s"), NULL, 0, SUB (0) },
  { N_("missing ceramide '(C:DB;OX)'"), NULL, 0 },
  { N_("unexpected %s: expected '+' and a modification, or the ceramide '(C:DB;OX)'"), NULL, 0, SUB (0) },
  { N_("the base prefix and the ';O' count of the ceramide disagree"), NULL, 0 },
  { N_("missing oxygen count in the ceramide (write ';O2', or 'd' before the carbons)"), NULL, 0 },
  { N_("carbon count %s out of range (1–%s)"), NULL, 0 },
  { N_("double-bond count %s out of range for %s carbons"), NULL, 0 },
  { N_("oxygen count %s out of range (0–%s)"), NULL, 0 },
  { N_("unexpected %s in the ceramide starting at character %s: expected ')'"), NULL, 0, SUB (0) },
  { N_("several parentheses: unexpected '%s' after the ceramide"), NULL, 0 },
  { N_("unexpected '%s' after the ceramide"), NULL, 0 },
  /* TRANSLATORS: "unknown head 'GX1' … at character 1"; the first value
   * is the problem, already translated.  After the messages above, some
   * of which say "at character" themselves. */
  { N_("%s at character %s"), NULL, 0, SUB (0), TRUE },
  /* TRANSLATORS: a character or text quoted in the messages above
   * ("found 'x'"), with the quotation marks of your language. */
  { N_("'%s'"), NULL, 0 },
};

const char *
gw_i18n_decimal_point (void)
{
  const char *dp = nl_langinfo (RADIXCHAR);

  return dp != NULL && *dp != '\0' ? dp : ".";
}

const char *
gw_i18n_format_number (char   *buf,
                       gsize   len,
                       double  v,
                       int     decimals)
{
  GwReasonBuf rb;
  const char *dp = gw_i18n_decimal_point ();
  const char *s, *dot;

  /* The English reasons' own rounding, so a sentence shows the same
   * digits in every language. */
  rb.len = 0;
  gw_reason_buf_num (&rb, v, decimals);
  s = gw_reason_buf_finish (&rb);
  dot = strchr (s, '.');
  if (dot == NULL || strcmp (dp, ".") == 0)
    g_strlcpy (buf, s, len);
  else
    g_snprintf (buf, len, "%.*s%s%s", (int) (dot - s), s, dp, dot + 1);

  return buf;
}

void
gw_i18n_expand (GString            *out,
                const char         *format,
                const char * const *args,
                guint               n_args)
{
  guint next = 0;

  for (const char *p = format; *p != '\0'; p++)
    {
      const char *q;
      guint index;

      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (p[1] == '%')
        {
          g_string_append_c (out, '%');
          p++;
          continue;
        }
      if (p[1] == 's')
        {
          if (next < n_args)
            g_string_append (out, args[next]);
          next++;
          p++;
          continue;
        }
      /* %N$s: a translation that puts the values in another order. */
      index = 0;
      for (q = p + 1; g_ascii_isdigit (*q); q++)
        index = index * 10 + (guint) (*q - '0');
      if (q > p + 1 && q[0] == '$' && q[1] == 's' && index >= 1)
        {
          if (index <= n_args)
            g_string_append (out, args[index - 1]);
          p = q + 1;
          continue;
        }
      g_string_append_c (out, *p);
    }
}

/* Matches @text against @pattern (literal text and %s, each %s standing
 * for at least one character).  The values go to @args as offsets into
 * @text.  Backtracks, so "%s alone fixes the %s line" finds the right
 * " alone fixes the " even when a name contains those words.  Each %s
 * takes the shortest text that lets the rest match, or with @greedy the
 * longest: "%s at character %s" wraps messages that say "at character"
 * themselves. */
static gboolean
match (const char *pattern,
       const char *text,
       const char *text_start,
       guint      *starts,
       guint      *ends,
       guint       n,
       guint      *n_args,
       gboolean    greedy)
{
  while (*pattern != '\0' && !(pattern[0] == '%' && pattern[1] == 's'))
    {
      if (*pattern != *text)
        return FALSE;
      pattern++;
      text++;
    }
  if (*pattern == '\0')
    {
      if (*text != '\0')
        return FALSE;
      *n_args = n;
      return TRUE;
    }

  if (n == MAX_ARGS || *text == '\0')
    return FALSE;
  pattern += 2;
  starts[n] = (guint) (text - text_start);

  if (*pattern == '\0')
    {
      ends[n] = (guint) (text - text_start + strlen (text));
      *n_args = n + 1;
      return TRUE;
    }

  {
    /* The literal after this %s, up to the next %s. */
    const char *next = strstr (pattern, "%s");
    gsize lit = next != NULL ? (gsize) (next - pattern) : strlen (pattern);

    gsize len = strlen (text);

    for (gsize i = 1; i < len; i++)
      {
        const char *at = greedy ? text + len - i : text + i;

        if (strncmp (at, pattern, lit) != 0)
          continue;
        ends[n] = (guint) (at - text_start);
        if (match (pattern, at, text_start, starts, ends, n + 1, n_args, greedy))
          return TRUE;
      }
  }

  return FALSE;
}

/* "1.31" (or "-0.25", "+3.10") with the locale's separator; anything
 * else as it is. */
static char *
localize_value (const char *value,
                gsize       len)
{
  const char *dp = gw_i18n_decimal_point ();
  gsize i = 0, dot = 0;
  gboolean digits_before = FALSE, digits_after = FALSE;

  if (i < len && (value[i] == '-' || value[i] == '+'))
    i++;
  for (; i < len && g_ascii_isdigit (value[i]); i++)
    digits_before = TRUE;
  if (i < len && value[i] == '.')
    {
      dot = i++;
      for (; i < len && g_ascii_isdigit (value[i]); i++)
        digits_after = TRUE;
    }
  if (i != len || !digits_before || !digits_after || strcmp (dp, ".") == 0)
    return g_strndup (value, len);

  return g_strdup_printf ("%.*s%s%.*s", (int) dot, value, dp, (int) (len - dot - 1), value + dot + 1);
}

char *
gw_i18n_localize_number (const char *number)
{
  if (number == NULL)
    return NULL;
  return localize_value (number, strlen (number));
}

static char *translate (const char *message,
                        gboolean   *translated);

/* A value that is itself an engine sentence, or several joined by "; "
 * (a row's problems), each translated; a part that is not one stays as
 * it is.  NULL when no part is one.  The parts come first: a template
 * that ends in %s would match the whole list. */
static char *
translate_sub (const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value, "; ", -1);
  gboolean ok = TRUE;
  char *whole;

  if (parts[0] != NULL && parts[1] != NULL)
    {
      GString *out = g_string_new (NULL);
      gboolean any = FALSE;

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_autofree char *part = NULL;

          ok = TRUE;
          part = translate (parts[i], &ok);
          any |= ok;
          if (i > 0)
            g_string_append (out, "; ");
          g_string_append (out, part);
        }
      if (any)
        return g_string_free (out, FALSE);
      g_string_free (out, TRUE);
    }

  /* One sentence, or "; " inside a quoted value. */
  ok = TRUE;
  whole = translate (value, &ok);
  if (ok)
    return whole;
  g_free (whole);

  return NULL;
}

/* @message translated, or a copy of it with @translated set to FALSE when
 * no template matches it. */
static char *
translate (const char *message,
           gboolean   *translated)
{
  if (*message == '\0')
    return g_strdup ("");

  for (guint t = 0; t < G_N_ELEMENTS (templates); t++)
    {
      const Template *tp = &templates[t];
      guint starts[MAX_ARGS], ends[MAX_ARGS], n_args = 0;
      char *args[MAX_ARGS] = { NULL };
      const char *format;
      gboolean plural_form = FALSE;
      GString *out;

      if (!match (tp->msgid, message, message, starts, ends, 0, &n_args, tp->greedy))
        {
          if (tp->plural == NULL ||
              !match (tp->plural, message, message, starts, ends, 0, &n_args, tp->greedy))
            continue;
          plural_form = TRUE;
        }

      for (guint a = 0; a < n_args; a++)
        {
          g_autofree char *value = g_strndup (message + starts[a], ends[a] - starts[a]);

          /* A sentence inside the sentence ("Name 'X': unknown head …");
           * a value that is not one (a quoted character) stays as it is. */
          if (tp->sub_args & SUB (a))
            {
              args[a] = translate_sub (value);
              if (args[a] == NULL)
                break;
            }
          else
            args[a] = localize_value (value, strlen (value));
        }
      /* A sentence inside that is not the engine's: another template may
       * split the text differently, or none fits. */
      if (n_args > 0 && args[n_args - 1] == NULL)
        {
          for (guint a = 0; a < n_args; a++)
            g_free (args[a]);
          continue;
        }

      if (tp->plural != NULL)
        {
          guint64 count = 0;

          /* A count the engine wrote; a sentence that does not parse as
           * one keeps the form it matched. */
          if (tp->count_arg >= n_args ||
              !g_ascii_string_to_unsigned (args[tp->count_arg], 10, 0, G_MAXULONG, &count, NULL))
            count = plural_form ? 2 : 1;
          format = g_dngettext (GETTEXT_PACKAGE, tp->msgid, tp->plural, (gulong) count);
        }
      else
        format = g_dgettext (GETTEXT_PACKAGE, tp->msgid);

      out = g_string_new (NULL);
      gw_i18n_expand (out, format, (const char * const *) args, n_args);
      for (guint a = 0; a < n_args; a++)
        g_free (args[a]);

      return g_string_free (out, FALSE);
    }

  *translated = FALSE;
  return g_strdup (message);
}

char *
gw_i18n_translate_message (const char *message)
{
  gboolean translated = TRUE;

  g_return_val_if_fail (message != NULL, NULL);

  return translate (message, &translated);
}
