#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives the real `ganglioside analyze` binary: output shape, exit status
# (0 done, 1 bad command line, 2 input or output failure), the atomic -o
# and the messages that name the bad file.
#
# Usage: test-cli-analyze.sh PATH/TO/ganglioside
set -u

cli=$1
data=${GW_TEST_DATA:?GW_TEST_DATA is not set}
shared=${GW_SHARED_DATA:?GW_SHARED_DATA is not set}
user_csv=$shared/testwork_user.csv
cli_command=analyze
. "$(dirname "$0")/../cli-test-lib.sh"

check () {
  # check NAME COMMAND...: passes when COMMAND succeeds.
  name=$1
  shift
  if "$@"; then
    ok "$name"
  else
    not_ok "$name" "stderr: $(cat "$tmp/err" 2>/dev/null)"
  fi
}

# No file in $tmp/o but the ones listed (temporary files would show here).
only_files () {
  want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
  got=$(ls -A "$tmp/o" | sort | tr '\n' ' ')
  if [ "$got" = "$want" ]; then
    ok "directory holds only: $want"
  else
    not_ok "directory holds: $got" "expected: $want"
  fi
}

columns="line,Name,RT,Volume,Log P,Anchor,status,reason,group,model_level,predicted_rt,residual,z,pi_low,pi_high,confidence,fragment_of,isomer_of,sialic,sugars,category,modifications,oac_base,oac_shift,warnings"
python=/usr/bin/python3

# --- CSV to standard output -------------------------------------------------
run "classic CSV to stdout" 0 --preset classic "$user_csv"
check "header is the documented column list" test "$(head -1 "$tmp/out")" = "$columns"
# testwork_user.csv has no quoted newlines, so lines are records.
check "one row per input row (323 + header)" test "$(wc -l <"$tmp/out")" -eq 324
check "rows in input order (line column 2..324)" \
  test "$(cut -d, -f1 "$tmp/out" | tail -n +2 | tr '\n' ' ')" = "$(seq 2 324 | tr '\n' ' ')"
if [ -x "$python" ]; then
  check "CSV parses (RFC 4180) with 149 valid and 174 outlier rows" "$python" -c '
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 323, len(rows)
c = collections.Counter(r["status"] for r in rows)
assert c == {"valid": 149, "outlier": 174}, c
assert all(len(r) == 25 for r in rows)
# OAc rows point at an earlier line (their base) or none
for r in rows:
    if "OAc" in r["modifications"] and r["oac_base"]:
        assert r["oac_shift"] != ""
' "$tmp/out"
fi

# --- JSON -----------------------------------------------------------------
run "classic JSON to stdout" 0 --preset classic --format json "$user_csv"
has "$tmp/out" '"preset":"classic"' "JSON names the preset"
has "$tmp/out" '"sha256":"' "JSON carries the input SHA-256"
check "JSON has 149 valid rows" test "$(grep -o '"status":"valid"' "$tmp/out" | wc -l)" -eq 149
check "JSON has 174 outlier rows" test "$(grep -o '"status":"outlier"' "$tmp/out" | wc -l)" -eq 174
if [ -x "$python" ]; then
  check "JSON is one valid document with run, models, reports and rows" "$python" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert set(["run", "models", "reports", "rows"]) <= set(d), list(d)
assert len(d["rows"]) == 323
assert d["run"]["counts"]["valid"] == 149
fitted = sorted(m["group"] for m in d["models"] if m["accepted"])
assert fitted == ["GD1", "GD1+HexNAc", "GD1+dHex", "GD3", "GM1", "GT1"], fitted
assert all(m["cv_r2"] >= 0.979 for m in d["models"] if m["accepted"])
for key in ["oac", "coelution", "sugar_rt", "category_means", "category_inversions",
            "mod_shifts", "cross_category_inversions"]:
    assert key in d["reports"], key
' "$tmp/out"
fi

# --- parameters -------------------------------------------------------------
run "parameters are applied" 0 --preset classic --format json --outlier-threshold 6 \
  --r2-threshold 0.9 --rt-tolerance 0.25 "$user_csv"
has "$tmp/out" '"outlier_threshold":6' "outlier threshold recorded"
has "$tmp/out" '"rt_tolerance":0.25' "RT tolerance recorded"
check "a wider outlier threshold gives more valid rows" \
  test "$(grep -o '"status":"valid"' "$tmp/out" | wc -l)" -gt 149

# --- -o is atomic -----------------------------------------------------------
mkdir "$tmp/o"
run "-o writes the file and the models next to it" 0 --preset classic "$user_csv" -o "$tmp/o/result.csv"
check "result.csv is complete" test "$(wc -l <"$tmp/o/result.csv")" -eq 324
check "result.models.csv has the header and 29 groups" test "$(wc -l <"$tmp/o/result.models.csv")" -eq 30
has "$tmp/err" "149 valid" "summary on stderr"
only_files result.csv result.models.csv

echo "old contents" >"$tmp/o/keep.csv"
run "missing input" 2 --preset classic "$tmp/no-such-file.csv" -o "$tmp/o/keep.csv"
has "$tmp/err" "no-such-file.csv" "message names the missing file"
check "failed run leaves the old output untouched" test "$(cat "$tmp/o/keep.csv")" = "old contents"

run "binary input" 2 --preset classic "$data/binary.png" -o "$tmp/o/keep.csv"
has "$tmp/err" "binary.png" "message names the binary file"
run "missing column" 2 --preset classic "$data/missing-column.csv"
has "$tmp/err" "missing-column.csv" "message names the file with a missing column"
check "failed runs leave the old output untouched" test "$(cat "$tmp/o/keep.csv")" = "old contents"
only_files keep.csv result.csv result.models.csv

run "unwritable output" 2 --preset classic "$user_csv" -o "$tmp/no-such-dir/out.csv"
has "$tmp/err" "no-such-dir/out.csv" "message names the output that could not be written"

# Interrupt a long run while it writes: the output is either complete or
# absent, and the temporary file is removed.  The signal is sent once the
# temporary file exists, so the cleanup path is what gets tested.
awk 'NR == 1 { print; next } { for (i = 0; i < 400; i++) print }' "$user_csv" >"$tmp/big.csv"
"$cli" analyze --preset classic --format json "$tmp/big.csv" -o "$tmp/o/big.json" 2>"$tmp/err" &
pid=$!
tries=0
while [ $tries -lt 600 ] && ! ls -A "$tmp/o" | grep -q '^\.big\.json\.'; do
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  sleep 0.02
  tries=$((tries + 1))
done
kill -TERM "$pid" 2>/dev/null
wait "$pid"
status=$?
if [ "$status" -eq 130 ]; then
  ok "interrupted run exits 130"
elif [ "$status" -eq 0 ]; then
  ok "run finished before the signal (exit 0)"
else
  not_ok "interrupted run exits $status" "$(cat "$tmp/err")"
fi
if [ -e "$tmp/o/big.json" ]; then
  check "interrupted run's output, when present, is complete" test "$(tail -c 3 "$tmp/o/big.json")" = "]}"
  rm -f "$tmp/o/big.json"
else
  ok "interrupted run left no output"
fi
only_files keep.csv result.csv result.models.csv

# --- extra columns and quoting ----------------------------------------------
printf 'Name,RT,Volume,Log P,Anchor,Note,Batch\n' >"$tmp/extra.csv"
printf 'GD1(36:1;O2),9.5,1000,1.5,T,"says ""hi"", twice",7\n' >>"$tmp/extra.csv"
printf 'GD1(38:1;O2),10.5,1000,2.5,T,plain,8\n' >>"$tmp/extra.csv"
printf 'GD1(40:1;O2),11.5,1000,3.5,T,,9\n' >>"$tmp/extra.csv"
run "extra columns" 0 --preset classic "$tmp/extra.csv"
check "extra columns follow ours" test "$(head -1 "$tmp/out")" = "$columns,Note,Batch"
has "$tmp/out" '"says ""hi"", twice",7' "a field with quotes and a comma is quoted back (RFC 4180)"

# --- usage errors -----------------------------------------------------------
run "no input file" 1
run "two input files" 1 "$user_csv" "$user_csv"
run "unknown option" 1 --frobnicate "$user_csv"
run "unknown format" 1 --format xml "$user_csv"
has "$tmp/err" "xml" "message names the bad format"
run "unknown preset" 1 --preset fancy "$user_csv"
run "r2 threshold out of range" 1 --preset classic --r2-threshold 5 "$user_csv"
run "outlier threshold not a number" 1 --preset classic --outlier-threshold abc "$user_csv"
run "--models-out with JSON" 1 --format json --models-out "$tmp/m.csv" "$user_csv"

# robust is the default preset: no --preset gives the same run as
# --preset robust, and the JSON says so.
run "default preset" 0 --format json "$user_csv"
has "$tmp/out" '"preset":"robust"' "the default preset is robust"
cp "$tmp/out" "$tmp/default.json"
run "robust preset" 0 --preset robust --format json "$user_csv"
if $python -c 'import json,sys
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
ra=[(r.get("status"), r.get("z")) for r in a["rows"]]
rb=[(r.get("status"), r.get("z")) for r in b["rows"]]
sys.exit(0 if ra == rb and len(ra) == 323 else 1)' "$tmp/default.json" "$tmp/out" 2>"$tmp/err"; then
  ok "default and --preset robust give the same rows"
else
  not_ok "default and --preset robust differ" "$(cat "$tmp/err")"
fi
run "robust CSV: every non-valid row explained" 0 "$user_csv"
if $python -c 'import csv,sys
rows=list(csv.DictReader(open(sys.argv[1])))
bad=[r for r in rows if r["status"] != "valid" and not r["reason"]]
statuses={r["status"] for r in rows}
sys.exit(0 if len(rows) == 323 and not bad and "outlier" in statuses and "fragment" in statuses else 1)' "$tmp/out" 2>"$tmp/err"; then
  ok "robust CSV has reasons and robust statuses"
else
  not_ok "robust CSV" "$(cat "$tmp/err")" "$(head -3 "$tmp/out")"
fi
run "anchor weight applies" 0 --anchor-weight 20 --format json "$user_csv"
has "$tmp/out" '"anchor_weight":20' "JSON records the anchor weight"
run "anchor weight out of range" 1 --anchor-weight 500 "$user_csv"
run "anchor weight with classic" 1 --preset classic --anchor-weight 2 "$user_csv"
has "$tmp/err" "robust preset only" "message says why"

# -o to a pipe (what /dev/stdout is in a pipeline) writes through it and
# leaves it a pipe, with no models file guessed next to it; -o to a link
# replaces the file it names and keeps the link.
mkfifo "$tmp/pipe"
cat "$tmp/pipe" >"$tmp/piped" &
reader=$!
run "-o a pipe" 0 -o "$tmp/pipe" "$user_csv"
wait $reader
check "the pipe is still a pipe" test -p "$tmp/pipe"
check "the rows came through the pipe" test "$(wc -l <"$tmp/piped")" -eq 324
check "no models file next to a pipe" test ! -e "$tmp/pipe.models.csv"
echo old >"$tmp/real.csv"
ln -s real.csv "$tmp/link.csv"
run "-o a symbolic link" 0 -o "$tmp/link.csv" "$user_csv"
check "the link is still a link" test -L "$tmp/link.csv"
check "the linked file has the rows" test "$(wc -l <"$tmp/real.csv")" -eq 324

run "--help" 0 --help
has "$tmp/out" "--outlier-threshold" "help lists the options"

echo "1..$n"
[ "$failed" -eq 0 ]
