#!/bin/sh
# check-translations.sh: fail when a translation in po/ is incomplete.
#
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-translations.sh SOURCE_ROOT
#
# Extracts a fresh template from the files po/POTFILES.in lists (the same
# xgettext options as meson's i18n "glib" preset), merges every language of
# po/LINGUAS with it and runs msgfmt --check --statistics on the result.  Any
# untranslated or fuzzy entry, or any msgfmt error (format strings, plural
# forms, header), fails the test.  Because the template comes from the
# current sources, a new or changed string fails until it is translated.
# To fix:  meson compile -C _build ganglioside-workbench-update-po
#          then translate the entries msgfmt reports in po/LANG.po.

set -u

root=${1:?usage: check-translations.sh SOURCE_ROOT}
cd "$root" || exit 2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' po/POTFILES.in \
  | grep -v -e '^$' -e '^\[' > "$tmp/files"

if ! xgettext --package-name=ganglioside-workbench \
       --from-code=UTF-8 --add-comments \
       --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
       --keyword=N_PLURAL:1,2 \
       --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
       --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
       --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
       --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
       --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
       --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
       --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format \
       --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
       --files-from="$tmp/files" --output="$tmp/template.pot" 2> "$tmp/xgettext.log"; then
  cat "$tmp/xgettext.log"
  echo "xgettext failed on the files in po/POTFILES.in"
  exit 1
fi
cat "$tmp/xgettext.log"
# A macro such as G_GSIZE_FORMAT inside _() cuts the msgid short: the
# string is then never translated.  Use %zu, %lld (with a cast) instead.
if grep -q 'ends in the middle of a directive' "$tmp/xgettext.log"; then
  echo "A translatable format string is cut short by a macro (see above)"
  exit 1
fi
echo "template: $(grep -c '^msgid ' "$tmp/template.pot") entries (including the header)"

status=0
langs=$(sed -e 's/#.*//' po/LINGUAS | tr -s ' \t' '\n\n' | grep -v '^$')
if [ -z "$langs" ]; then
  echo "po/LINGUAS lists no language"
  exit 1
fi

for lang in $langs; do
  po="po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "$po: listed in po/LINGUAS but missing"
    status=1
    continue
  fi
  # The committed file itself must compile cleanly.
  if ! msgfmt --check --output-file=/dev/null "$po" 2> "$tmp/msgfmt.log"; then
    cat "$tmp/msgfmt.log"
    echo "$po: msgfmt --check failed"
    if grep -q 'duplicate message definition' "$tmp/msgfmt.log"; then
      echo "A merge left two entries for one string (often a live one and an"
      echo "obsolete #~ one): keep one, e.g. msgattrib --no-obsolete -o $po $po"
    fi
    status=1
    continue
  fi
  if ! msgmerge --quiet --previous --output-file="$tmp/$lang.po" "$po" "$tmp/template.pot"; then
    echo "$po: msgmerge failed"
    status=1
    continue
  fi
  stats=$(LC_ALL=C msgfmt --check --statistics --output-file=/dev/null "$tmp/$lang.po" 2>&1)
  rc=$?
  echo "$lang: $stats"
  if [ $rc -ne 0 ]; then
    echo "$po: msgfmt --check failed against the current sources"
    status=1
  fi
  case "$stats" in
    *fuzzy*|*untranslated*)
      echo "$po is incomplete against the current sources.  Untranslated or fuzzy:"
      msgattrib --no-obsolete --untranslated --no-wrap "$tmp/$lang.po" | grep -E '^(#:|msgctxt|msgid)' | grep -v '^msgid ""$' | sed 's/^/  /'
      msgattrib --no-obsolete --only-fuzzy --no-wrap "$tmp/$lang.po" | grep -E '^(#:|msgctxt|msgid)' | grep -v '^msgid ""$' | sed 's/^/  /'
      echo "Fix: meson compile -C _build ganglioside-workbench-update-po, then translate those entries in $po."
      status=1
      ;;
  esac
done
exit $status
