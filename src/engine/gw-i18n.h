/* gw-i18n.h: the engine's sentences in the user's language
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The engine stores and exports its sentences (reasons, model, run and
 * table warnings) in English with a dot as decimal separator: they are
 * data, and files must not depend on the locale.  These functions give
 * the same sentences in the language of the gettext domain
 * GETTEXT_PACKAGE, with numbers in the locale's format, for what a person
 * reads: the app and the PDF report (docs/architecture.md, "Translations").
 * Text the engine did not write comes back unchanged.  Thread-safe. */

/* @message (an English engine sentence) translated.  (transfer full) */
char        *gw_i18n_translate_message   (const char         *message);

/* @format (a translated template whose only conversions are %s, %N$s and
 * %%) with @args substituted, appended to @out.  Not printf: the
 * arguments are already formatted strings. */
void         gw_i18n_expand              (GString            *out,
                                          const char         *format,
                                          const char * const *args,
                                          guint               n_args);

/* @v with @decimals (0–3) decimals, rounded as the English reasons round
 * it, with the locale's decimal separator.  Writes into @buf. */
const char  *gw_i18n_format_number       (char               *buf,
                                          gsize               len,
                                          double              v,
                                          int                 decimals);

/* @number ("1.31", "-0.25", "+3.10") with the locale's decimal
 * separator; anything that is not such a number comes back unchanged,
 * NULL as NULL.  (transfer full) */
char        *gw_i18n_localize_number     (const char         *number);

/* The locale's decimal separator (LC_NUMERIC), e.g. "," in de_DE. */
const char  *gw_i18n_decimal_point       (void);

G_END_DECLS
