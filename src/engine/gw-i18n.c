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
 * template (a table's parse error, a curation note) is shown as it is.
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
} Template;

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
 * " alone fixes the " even when a name contains those words. */
static gboolean
match (const char *pattern,
       const char *text,
       const char *text_start,
       guint      *starts,
       guint      *ends,
       guint       n,
       guint      *n_args)
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

    for (const char *at = text + 1; *at != '\0'; at++)
      {
        if (strncmp (at, pattern, lit) != 0)
          continue;
        ends[n] = (guint) (at - text_start);
        if (match (pattern, at, text_start, starts, ends, n + 1, n_args))
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

char *
gw_i18n_translate_message (const char *message)
{
  g_return_val_if_fail (message != NULL, NULL);

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

      if (!match (tp->msgid, message, message, starts, ends, 0, &n_args))
        {
          if (tp->plural == NULL || !match (tp->plural, message, message, starts, ends, 0, &n_args))
            continue;
          plural_form = TRUE;
        }

      for (guint a = 0; a < n_args; a++)
        args[a] = localize_value (message + starts[a], ends[a] - starts[a]);

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

  return g_strdup (message);
}
