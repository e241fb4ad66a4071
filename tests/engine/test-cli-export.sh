#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives the real `ganglioside export` binary: every format from a peak
# table, read back by independent readers (Python's csv and json modules,
# openpyxl), the exit statuses (0 done, 1 usage, 2 fatal) and atomic
# replacement of the output.
#
# Usage: test-cli-export.sh PATH/TO/ganglioside
set -u

cli=$1
data=${GW_TEST_DATA:?GW_TEST_DATA is not set}
shared=${GW_SHARED_DATA:-}
py=/usr/bin/python3
cli_command=export
. "$(dirname "$0")/../cli-test-lib.sh"

# check NAME PYTHON-CODE: the code exits 0 when the check holds.
check () {
  name=$1
  if out=$("$py" -c "$2" 2>&1); then
    ok "$name"
  else
    not_ok "$name" "$out"
  fi
}

if [ -n "$shared" ] && [ -f "$shared/testwork_user.csv" ]; then
  f=$shared/testwork_user.csv
  rows=$(($(wc -l <"$f") - 1))

  run csv 0 "$f" --preset classic -o "$tmp/out.csv"
  check "csv: $rows rows, classic counts 149 valid / 174 outlier" "
import csv, sys
rows = list(csv.DictReader(open('$tmp/out.csv')))
st = [r['status'] for r in rows]
sys.exit(not (len(rows) == $rows and st.count('valid') == 149 and st.count('outlier') == 174))"

  run json 0 "$f" --preset classic --format json -o "$tmp/out.json"
  check "json parses, $rows rows" "
import json, sys
d = json.load(open('$tmp/out.json'))
sys.exit(not (len(d['rows']) == $rows and d['run']['preset'] == 'classic'))"

  run xlsx 0 "$f" --preset classic -o "$tmp/out.xlsx"
  check "xlsx: sheets, $rows compounds, numeric RT equal to the input" "
import csv, sys, openpyxl
wb = openpyxl.load_workbook('$tmp/out.xlsx')
ws = wb['Compounds']
src = list(csv.DictReader(open('$f', encoding='utf-8-sig')))
ok = wb.sheetnames == ['Compounds', 'Models', 'Rules', 'Run'] and ws.max_row == len(src) + 1
for i, r in enumerate(src):
    c = ws.cell(row=i + 2, column=3).value
    ok = ok and isinstance(c, (int, float)) and not isinstance(c, bool) and c == float(r['RT']) and ws.cell(row=i + 2, column=2).value == r['Name']
sys.exit(not ok)"

  run mztab 0 "$f" --preset classic --format mztab -o "$tmp/out.tsv"
  check "mztab: one SML and one SMF row per input row, same column count per section" "
import sys
lines = open('$tmp/out.tsv').read().split('\n')
width = {}
count = {'SML': 0, 'SMF': 0}
for l in lines:
    if not l: continue
    f = l.split('\t')
    if f[0] in ('SMH', 'SFH'): width[{'SMH': 'SML', 'SFH': 'SMF'}[f[0]]] = len(f)
    if f[0] in count:
        count[f[0]] += 1
        assert len(f) == width[f[0]], l
    if f[0] == 'MTD': assert len(f) == 3, l
sys.exit(not (count['SML'] == $rows and count['SMF'] == $rows))"

  # The output is replaced atomically: a failed export keeps the old file.
  cp "$tmp/out.csv" "$tmp/keep.csv"
  run "bad-threshold keeps the old file" 1 "$f" --outlier-threshold 99 -o "$tmp/out.csv"
  if cmp -s "$tmp/out.csv" "$tmp/keep.csv"; then ok "old output intact"; else not_ok "old output changed"; fi
fi

# --- Invalid rows stay in every format ----------------------------------
run invalid-rows-xlsx 0 "$data/invalid-rows.csv" --preset classic -o "$tmp/inv.xlsx"
check "invalid rows are in the workbook with their reasons" "
import sys, openpyxl
ws = openpyxl.load_workbook('$tmp/inv.xlsx')['Compounds']
st = [ws.cell(row=r, column=7).value for r in range(2, ws.max_row + 1)]
why = [ws.cell(row=r, column=8).value or '' for r in range(2, ws.max_row + 1)]
sys.exit(not (ws.max_row == 18 and st.count('invalid') == 15 and any(\"RT 'abc' is not a number\" in w for w in why)))"
run invalid-rows-mztab 0 "$data/invalid-rows.csv" --preset classic -o "$tmp/inv.mztab"
has "$tmp/inv.mztab" "GD1+Foo(36:1;O2)"

# --- Usage errors: exit 1 ------------------------------------------------
run no-output 1 "$data/quoted.csv"
has "$tmp/err" "no output file given"
run unknown-format 1 "$data/quoted.csv" --format pdf -o "$tmp/x.pdf"
has "$tmp/err" "unknown format “pdf”"
run unknown-extension 1 "$data/quoted.csv" -o "$tmp/x.bin"
has "$tmp/err" "cannot tell the format"
run unknown-preset 1 "$data/quoted.csv" --preset fancy -o "$tmp/x.csv"
run run-on-csv 2 "$data/quoted.csv" --run abc -o "$tmp/x.csv"
has "$tmp/err" "--run applies to projects"

# --- Fatal errors: exit 2, the message names the file -------------------
run missing-column 2 "$data/missing-column.csv" -o "$tmp/x.csv"
has "$tmp/err" "missing-column.csv"
run no-such-dir 2 "$data/quoted.csv" --preset classic -o "$tmp/no/such/dir/x.xlsx"
if [ -e "$tmp/no" ]; then not_ok "a folder was created"; else ok "nothing created"; fi
leftovers=$(find "$tmp" -name '.*.xlsx.*' -o -name '.x.*' | wc -l)
if [ "$leftovers" -eq 0 ]; then ok "no temporary files left"; else not_ok "$leftovers temporary files left"; fi

echo "1..$n"
[ "$failed" -eq 0 ]
