#!/bin/sh
# take-screenshots.sh: make the AppStream screenshots from the real app.
#
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/take-screenshots.sh [BUILD_DIR]   (default: build)
#
# Builds tests/app/gw-screenshot, runs it under Xvfb on the project's own
# sample data (data/sample/sample-peaks.csv, never the shared lab data) and
# writes data/screenshots/{results,plot,dark}.png, which the metainfo
# names.  A PNG over 290 KB is reduced to 256 colours (ImageMagick), as app
# stores want small screenshots; build-aux/check-screenshots.sh (test
# metainfo-screenshots) checks the result.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
out=data/screenshots
sample=data/sample/sample-peaks.csv

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" >/dev/null
fi
meson compile -C "$build" gw-screenshot gschemas-compiled >/dev/null
mkdir -p "$out"

# Settings in memory (the user's own are untouched), the cairo renderer
# (the same pixels with or without GL) and no accessibility bus.
export GSETTINGS_SCHEMA_DIR="$PWD/$build/data"
export GSETTINGS_BACKEND=memory
export GSK_RENDERER=cairo
export GTK_A11Y=none
export NO_AT_BRIDGE=1
export LC_ALL=C.UTF-8
shot="$build/tests/app/gw-screenshot"

dbus-run-session -- xvfb-run -a -s '-screen 0 1400x900x24' sh -c "
  set -e
  '$shot' --select-outlier '$sample' '$out/results.png'
  '$shot' --page plot '$sample' '$out/plot.png'
  '$shot' --dark --params --select-outlier --width 1400 --height 820 '$sample' '$out/dark.png'
" 2>&1 | grep -v 'Failed to set fd limit' || true

for f in "$out/results.png" "$out/plot.png" "$out/dark.png"; do
  [ -s "$f" ] || { echo "take-screenshots: $f was not written" >&2; exit 1; }
  if [ "$(wc -c < "$f")" -gt 296960 ]; then
    convert "$f" -strip -dither FloydSteinberg -colors 256 -define png:compression-level=9 "$f.tmp.png"
    mv "$f.tmp.png" "$f"
  fi
  echo "$f: $(wc -c < "$f") bytes"
done
