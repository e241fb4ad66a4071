#!/bin/sh
# check-mime.sh: the project MIME type works as shared-mime-info and GIO
# see it.
#
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-mime.sh MIME_XML [DESKTOP_FILE]
#
# Compiles MIME_XML into a private MIME database, then asks GIO for the
# content type of files this script makes with sqlite3:
# - a project (application_id 'GWPJ', as src/store/gw-project.c writes it)
#   without an extension: application/x-gwproject, found by its content;
# - any file named *.gwproject: application/x-gwproject, by its name;
# - a plain SQLite database: not application/x-gwproject.
# With DESKTOP_FILE it also checks that the app offers to open projects
# and CSV files.
set -u

mime_xml=${1:?usage: check-mime.sh MIME_XML [DESKTOP_FILE]}
desktop=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

fail () {
  echo "FAIL: $*"
  status=1
}

mkdir -p "$tmp/share/mime/packages"
cp "$mime_xml" "$tmp/share/mime/packages/gwproject.xml"
# update-mime-database warns on stderr about a file it cannot read, and
# goes on: any output is a failure.
if ! XDG_DATA_HOME="$tmp/share" XDG_DATA_DIRS="$tmp/share:/usr/share" update-mime-database "$tmp/share/mime" > "$tmp/umd.log" 2>&1 || [ -s "$tmp/umd.log" ]; then
  fail "update-mime-database rejected $mime_xml:"
  cat "$tmp/umd.log"
fi

sqlite3 "$tmp/project" "PRAGMA application_id = 1196904522; CREATE TABLE t (x);"
sqlite3 "$tmp/plain" "CREATE TABLE t (x);"
echo "not a database" > "$tmp/named.gwproject"

content_type () {
  XDG_DATA_HOME="$tmp/share" XDG_DATA_DIRS="$tmp/share:/usr/share" \
    gio info -a standard::content-type "$1" 2>/dev/null \
    | sed -n 's/^ *standard::content-type: //p'
}

got=$(content_type "$tmp/project")
[ "$got" = application/x-gwproject ] || fail "a project without extension is '$got', not application/x-gwproject"
got=$(content_type "$tmp/named.gwproject")
[ "$got" = application/x-gwproject ] || fail "*.gwproject is '$got', not application/x-gwproject"
got=$(content_type "$tmp/plain")
[ "$got" != application/x-gwproject ] || fail "a plain SQLite database is taken for a project"

if [ -n "$desktop" ]; then
  mimes=$(sed -n 's/^MimeType=//p' "$desktop")
  for t in application/x-gwproject text/csv; do
    case ";$mimes" in
      *";$t;"*) ;;
      *) fail "$desktop does not list $t in MimeType ($mimes)" ;;
    esac
  done
fi

[ $status -eq 0 ] && echo "ok: application/x-gwproject by content and by name"
exit $status
