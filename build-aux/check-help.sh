#!/bin/sh
# check-help.sh: validate the Mallard help pages.
#
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-help.sh HELP_C_DIR PAGE...
#
# Fails when a page is not valid Mallard (yelp-check validate, against the
# schemas yelp-tools ships, no network), when a link points to a page or
# section that does not exist (yelp-check links), or when a .page file in
# HELP_C_DIR is missing from the PAGE list help/meson.build installs.

set -u

dir=${1:?usage: check-help.sh HELP_C_DIR PAGE...}
shift
cd "$dir" || exit 2

status=0

for page in *.page; do
  listed=no
  for p in "$@"; do
    [ "$p" = "$page" ] && listed=yes
  done
  if [ $listed = no ]; then
    echo "$dir/$page is not in the page list of help/meson.build"
    status=1
  fi
done

for p in "$@"; do
  case "$p" in
    *.page) ;;
    *) continue ;;
  esac
  if [ ! -f "$p" ]; then
    echo "$dir/$p is listed in help/meson.build but missing"
    status=1
    continue
  fi
  out=$(yelp-check validate "$p" 2>&1)
  rc=$?
  if [ $rc -ne 0 ] || [ -n "$out" ]; then
    echo "$dir/$p is not valid Mallard:"
    echo "$out"
    status=1
  else
    echo "ok: $p"
  fi
done

# Broken links between pages: yelp-check prints one line per bad link.
links=$(yelp-check links . 2>&1)
if [ -n "$links" ]; then
  echo "Broken links:"
  echo "$links"
  status=1
fi

# Images a page shows but the folder lacks.
media=$(yelp-check media . 2>&1)
if [ -n "$media" ]; then
  echo "Missing media:"
  echo "$media"
  status=1
fi

exit $status
