#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives the real `ganglioside report` binary on the real sample and reads
# the PDF back with poppler (pdfinfo, pdftotext, pdftoppm): page count and
# size, a known outlier's name and reason (taken from the CSV export of the
# same analysis), page numbers, and page 1 rendered to PNG not blank.
#
# Usage: test-cli-report.sh PATH/TO/ganglioside
set -u

cli=$1
data=${GW_TEST_DATA:?GW_TEST_DATA is not set}
shared=${GW_SHARED_DATA:-}
py=/usr/bin/python3
# Each run names its subcommand.
cli_command=
. "$(dirname "$0")/../cli-test-lib.sh"

if ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  echo "1..0 # SKIP poppler-utils not installed"
  exit 0
fi

if [ -n "$shared" ] && [ -f "$shared/testwork_user.csv" ]; then
  f=$shared/testwork_user.csv
  for preset in robust classic; do
    run "report $preset" 0 report "$f" --preset $preset -o "$tmp/$preset.pdf"
    pdfinfo "$tmp/$preset.pdf" >"$tmp/info" 2>&1
    has "$tmp/info" "Page size:       595.276 x 841.89 pts (A4)"
    pages=$(awk '/^Pages:/ { print $2 }' "$tmp/info")
    if [ "${pages:-0}" -ge 5 ]; then ok "$preset: $pages pages"; else not_ok "$preset: ${pages:-no} pages"; fi

    # A known outlier, from the CSV export of the same analysis.
    run "export $preset" 0 export "$f" --preset $preset -o "$tmp/$preset.csv"
    "$py" -c "
import csv, sys
for r in csv.DictReader(open('$tmp/$preset.csv')):
    if r['status'] == 'outlier':
        print(r['Name']); print(r['reason']); break
" >"$tmp/outlier"
    name=$(sed -n 1p "$tmp/outlier")
    reason=$(sed -n 2p "$tmp/outlier")
    pdftotext "$tmp/$preset.pdf" "$tmp/text"
    tr -d ' \n\t\f' <"$tmp/text" >"$tmp/flat"
    for want in "$name" "$reason" "Outliers" "Models" "Curation log" "Page 1 of $pages" \
                "$(sha256sum "$f" | cut -c1-64)"; do
      w=$(printf '%s' "$want" | tr -d ' \n\t')
      if [ -n "$w" ] && grep -qF -- "$w" "$tmp/flat"; then
        ok "$preset report has: $want"
      else
        not_ok "$preset report lacks: $want"
      fi
    done
  done

  # Page 1 rendered: not blank (many distinct grey levels, enough ink).
  pdftoppm -f 1 -l 1 -r 50 -gray "$tmp/robust.pdf" "$tmp/p1"
  img=$(ls "$tmp"/p1*.pgm 2>/dev/null | head -1)
  if [ -n "$img" ] && "$py" -c "
import sys
data = open('$img', 'rb').read()
# P5 header: magic, width, height, maxval, then the pixels.
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4][-w * h:]
dark = sum(1 for b in px if b < 128)
sys.exit(not (len(set(px)) > 16 and dark > w * h / 200))
"; then ok "page 1 is not blank"; else not_ok "page 1 looks blank"; fi

  run "letter" 0 report "$f" --paper letter --no-group-plots -o "$tmp/letter.pdf"
  pdfinfo "$tmp/letter.pdf" >"$tmp/info" 2>&1
  has "$tmp/info" "612 x 792 pts (letter)"
fi

# --- Invalid rows are listed with their reasons ---------------------------
run invalid-rows 0 report "$data/invalid-rows.csv" --preset classic -o "$tmp/inv.pdf"
pdftotext "$tmp/inv.pdf" - | tr -d ' \n\t\f' >"$tmp/flat"
if grep -qF "RT'abc'isnotanumber" "$tmp/flat"; then ok "invalid row reason listed"; else not_ok "invalid row reason missing"; fi

# --- Usage and fatal errors -------------------------------------------------
run no-output 1 report "$data/quoted.csv"
has "$tmp/err" "no output file given"
run bad-paper 1 report "$data/quoted.csv" --paper legal -o "$tmp/x.pdf"
has "$tmp/err" "unknown paper “legal”"
run missing-column 2 report "$data/missing-column.csv" -o "$tmp/x.pdf"
has "$tmp/err" "missing-column.csv"
if [ -e "$tmp/x.pdf" ]; then not_ok "a PDF was written for a failed run"; else ok "no PDF for a failed run"; fi

echo "1..$n"
[ "$failed" -eq 0 ]
