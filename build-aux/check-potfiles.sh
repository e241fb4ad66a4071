#!/bin/sh
# check-potfiles.sh: fail when a file with translatable strings is missing
# from po/POTFILES.in, or when POTFILES.in lists a file that does not exist.
#
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.sh SOURCE_ROOT
#
# A file counts as translatable when it is
# - C under src/ that calls _(), N_(), C_(), NC_(), Q_() or one of the
#   g_d*gettext() / ngettext() functions;
# - GtkBuilder XML under ui/ with translatable="yes";
# - a desktop entry, AppStream metainfo, GSettings schema or shared-mime-info
#   file under data/ (xgettext extracts those without any marker).
# The test reads the current tree every time, so it needs no list of its own.

set -u

root=${1:?usage: check-potfiles.sh SOURCE_ROOT}
cd "$root" || exit 2
potfiles=po/POTFILES.in

if [ ! -f "$potfiles" ]; then
  echo "$potfiles: missing"
  exit 1
fi

listed=$(mktemp)
found=$(mktemp)
trap 'rm -f "$listed" "$found"' EXIT

# POTFILES.in: one path a line, '#' starts a comment, [encoding] lines too.
sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$potfiles" \
  | grep -v -e '^$' -e '^\[' | LC_ALL=C sort -u > "$listed"

{
  find src -type f \( -name '*.c' -o -name '*.h' \) -print0 2>/dev/null \
    | xargs -0 -r grep -l -E \
        '(^|[^A-Za-z0-9_])((N|C|NC|Q)?_|g_d?n?gettext|g_dc?gettext|g_dpgettext2?|n?gettext)[[:space:]]*\(' \
      2>/dev/null
  find ui -type f -name '*.ui' -print0 2>/dev/null \
    | xargs -0 -r grep -l -E 'translatable="(yes|true|1)"' 2>/dev/null
  find data -type f \( -name '*.desktop.in' -o -name '*.desktop.in.in' \
                       -o -name '*.metainfo.xml.in' -o -name '*.metainfo.xml.in.in' \
                       -o -name '*.appdata.xml.in' -o -name '*.gschema.xml' \
                       -o -name '*.gschema.xml.in' \) 2>/dev/null
  find data -type f -name '*.xml*' -print0 2>/dev/null \
    | xargs -0 -r grep -l '<mime-info' 2>/dev/null
} | sed 's|^\./||' | LC_ALL=C sort -u > "$found"

status=0
missing=$(LC_ALL=C comm -23 "$found" "$listed")
if [ -n "$missing" ]; then
  echo "These files have translatable strings but are not in $potfiles:"
  printf '  %s\n' $missing
  echo "Add them to $potfiles (keep it sorted)."
  status=1
fi

while read -r f; do
  if [ ! -f "$f" ]; then
    echo "$potfiles lists '$f', which does not exist"
    status=1
  fi
done < "$listed"

if [ $status -eq 0 ]; then
  echo "$potfiles lists all $(wc -l < "$found") files with translatable strings"
fi
exit $status
