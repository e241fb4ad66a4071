#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives the real `ganglioside validate` binary over the fixtures in
# tests/data and the real files in ../shared/data: output, exit status
# (0 analysable, 2 fatal, 1 usage) and the JSON form.
#
# Usage: test-cli-validate.sh PATH/TO/ganglioside
set -u

cli=$1
data=${GW_TEST_DATA:?GW_TEST_DATA is not set}
shared=${GW_SHARED_DATA:-}
cli_command=validate
. "$(dirname "$0")/../cli-test-lib.sh"

empty () {
  if [ -s "$1" ]; then
    not_ok "$(basename "$1") is not empty" "$(head -5 "$1")"
  else
    ok "$(basename "$1") is empty"
  fi
}

# --- Real files ----------------------------------------------------------
if [ -n "$shared" ] && [ -f "$shared/testwork_user.csv" ]; then
  f=$shared/testwork_user.csv
  run testwork_user 0 "$f"
  has "$tmp/out" "$f: 323 rows, 323 valid, 0 invalid, 49 anchors, 29 groups"
  empty "$tmp/err"
  # Group counts against an independent count with awk.
  for g in GD1 GT1 GM1+dHex GD1+Hex+HexNAc+OAc; do
    rows=$(awk -F, -v g="$g" 'NR > 1 { p = $1; sub(/\(.*/, "", p); if (p == g) n++ } END { print n + 0 }' "$f")
    anchors=$(awk -F, -v g="$g" 'NR > 1 { p = $1; sub(/\(.*/, "", p); a = $5; sub(/\r$/, "", a); if (p == g && a == "T") n++ } END { print n + 0 }' "$f")
    line=$(awk -v g="$g" '$1 == g { print $2, $3 }' "$tmp/out")
    if [ "$line" = "$rows $anchors" ]; then
      ok "group $g: $rows rows, $anchors anchors"
    else
      not_ok "group $g: got '$line', expected '$rows $anchors'"
    fi
  done
  has "$tmp/out" "warning: group GD1+OAc: 0 anchors (fewer than 3)"

  run testwork-bom-isomers 0 "$shared/testwork.csv"
  has "$tmp/out" "testwork.csv: 5 rows, 5 valid, 0 invalid, 3 anchors, 5 groups"
  has "$tmp/out" "GD1a"
  has "$tmp/out" "GT1b"
fi

# --- The bundled sample --------------------------------------------------
src=${GW_SOURCE_DIR:-}
if [ -n "$src" ] && [ -f "$src/data/sample/sample-peaks.csv" ]; then
  run sample 0 "$src/data/sample/sample-peaks.csv"
  has "$tmp/out" "sample-peaks.csv: 282 rows, 282 valid, 0 invalid"
  for g in GM3 GD1 GT1 GD1+OAc GQ1+2OAc GM1+dHex; do
    if awk -v g="$g" '$1 == g { found = 1 } END { exit !found }' "$tmp/out"; then
      ok "sample has group $g"
    else
      not_ok "sample lacks group $g"
    fi
  done
  # The committed sample is exactly what its generator writes.
  if [ -x /usr/bin/python3 ]; then
    mkdir "$tmp/sample"
    if /usr/bin/python3 "$src/data/sample/generate-sample.py" "$tmp/sample" 2>/dev/null &&
       cmp -s "$tmp/sample/sample-peaks.csv" "$src/data/sample/sample-peaks.csv" &&
       cmp -s "$tmp/sample/sample-truth.csv" "$src/data/sample/sample-truth.csv"; then
      ok "sample matches its generator"
    else
      not_ok "sample differs from generate-sample.py output"
    fi
  fi
fi

# --- Dialects ------------------------------------------------------------
run semicolon 0 "$data/semicolon-decimal-comma.csv"
has "$tmp/out" "4 rows, 4 valid, 0 invalid, 3 anchors"
has "$tmp/out" "delimiter: semicolon, decimal comma"
run tab 0 "$data/tab.tsv"
has "$tmp/out" "delimiter: tab"
has "$tmp/out" "extra columns: \"note\""
run bom-crlf 0 "$data/bom-crlf.csv"
has "$tmp/out" "2 rows, 2 valid"
run quoted 0 "$data/quoted.csv"
has "$tmp/out" "extra columns: \"Comment\", \"Sample, batch\""
run aliases 0 "$data/aliases.csv"
has "$tmp/out" "warning: only 2 anchors in the table (fewer than 3)"

# --- Invalid rows: analysable, each listed as FILE:LINE: message ---------
f=$data/invalid-rows.csv
run invalid-rows 0 "$f"
has "$tmp/out" "invalid-rows.csv: 17 rows, 2 valid, 15 invalid, 2 anchors"
has "$tmp/out" "$f:3: RT 'abc' is not a number"
has "$tmp/out" "$f:4: RT -1 is outside [0, 300] min"
has "$tmp/out" "$f:7: Volume -5 is not positive"
has "$tmp/out" "$f:9: Log P 31 is outside [-30, 30]"
has "$tmp/out" "$f:10: Anchor 'maybe' is not one of T/F"
has "$tmp/out" "$f:11: Name 'GD1+Foo(36:1;O2)': unknown modification 'Foo' at character 5"
has "$tmp/out" "$f:12: Name 'GD1(36-1;O2)': expected ':' between carbons and double bonds"
has "$tmp/out" "$f:13: Name 'GD1(36:1;O2)(38:1;O2)': several parentheses"
count=$(grep -c "^$f:[0-9]*: " "$tmp/out")
if [ "$count" -eq 15 ]; then ok "15 invalid rows listed"; else not_ok "$count invalid rows listed, expected 15"; fi

run truncated-quote 0 "$data/truncated-quote.csv"
has "$tmp/out" "truncated-quote.csv:3: a quoted field never closes"
run latin1-data 0 "$data/latin1-data.csv"
has "$tmp/out" "latin1-data.csv:2: column 'Operator' is not valid UTF-8 text"

# --- Fatal errors: exit 2, message on stderr naming the file -------------
for case in \
  "empty.csv|empty.csv: the file is empty" \
  "header-only.csv|header-only.csv: no data rows" \
  "missing-column.csv|missing-column.csv: missing required column 'Log P'" \
  "binary.png|binary.png: not a text file" \
  "nul-in-data.csv|nul-in-data.csv: not a text file: NUL byte on line 7" \
  "latin1-header.csv|latin1-header.csv: the header (line 1) is not UTF-8 text" \
  "utf16.csv|utf16.csv: the file is UTF-16 text" \
  "no-valid-rows.csv|no-valid-rows.csv: no valid rows" \
  "does-not-exist.csv|does-not-exist.csv: "
do
  file=${case%%|*}
  msg=${case#*|}
  run "fatal $file" 2 "$data/$file"
  has "$tmp/err" "$msg"
  empty "$tmp/out"
done

# --- Usage errors: exit 1 ------------------------------------------------
run "no file" 1
has "$tmp/err" "Usage: ganglioside validate FILE [--json]"
run "two files" 1 "$data/tab.tsv" "$data/quoted.csv"
run "unknown option" 1 --frobnicate "$data/tab.tsv"
run "help" 0 --help
has "$tmp/out" "--json"

# --- JSON ----------------------------------------------------------------
py=/usr/bin/python3
if [ -x "$py" ]; then
  run "json" 0 --json "$data/invalid-rows.csv"
  if "$py" - "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["rows"] == 17 and d["valid"] == 2 and d["invalid"] == 15, d
assert d["analysable"] is True
assert len(d["invalid_rows"]) == 15
first = d["invalid_rows"][0]
assert first["line"] == 3 and first["message"] == "RT 'abc' is not a number", first
assert sum(g["rows"] for g in d["groups"]) == 2
assert any("fewer than 3" in w for w in d["warnings"])
assert d["columns"]["logp"] == "Log P"
PY
  then ok "json content"; else not_ok "json content" "$(head -40 "$tmp/out")"; fi

  run "json quoted" 0 "$data/quoted.csv" --json
  if "$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["extra_columns"] == ["Comment", "Sample, batch"], d' "$tmp/out"
  then ok "json extra columns"; else not_ok "json extra columns" "$(cat "$tmp/out")"; fi

  run "json fatal" 2 --json "$data/header-only.csv"
  has "$tmp/err" "header-only.csv: no data rows"
  if "$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["analysable"] is False and "no data rows" in d["error"]' "$tmp/out"
  then ok "json fatal content"; else not_ok "json fatal content" "$(cat "$tmp/out")"; fi
fi

echo "1..$n"
echo "# $failed of $n checks failed"
[ "$failed" -eq 0 ]
