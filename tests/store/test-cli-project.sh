#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives the real `ganglioside` binary on projects: `analyze --project`
# stores runs and prints their IDs, `runs` lists them (text and JSON), and
# `export --run` carries curation made in the file.  Bad projects give exit
# status 2, a message naming the file, and are left untouched.
#
# Usage: test-cli-project.sh PATH/TO/ganglioside
set -u

cli=$1
shared=${GW_SHARED_DATA:?GW_SHARED_DATA is not set}
csv=$shared/testwork_user.csv
py=/usr/bin/python3
. "$(dirname "$0")/../cli-test-lib.sh"

expect () {
  # expect NAME CONDITION-COMMAND...
  name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

p=$tmp/study.gwproject

# 1. A new project: created, and the ID printed on stdout alone.
"$cli" analyze "$csv" --project "$p" >"$tmp/id1" 2>"$tmp/err1"
st=$?
id1=$(cat "$tmp/id1")
expect "analyze --project exits 0" [ $st -eq 0 ]
expect "analyze --project prints a UUID" sh -c "echo '$id1' | grep -Eqx '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'"
expect "the project file exists" [ -s "$p" ]
expect "stderr names the run" grep -q "stored as run $(echo "$id1" | cut -c1-8)" "$tmp/err1"

# 2. A second run, classic, with an output file as well.
"$cli" analyze "$csv" --preset classic --outlier-threshold 2.0 --project "$p" -o "$tmp/out.csv" >"$tmp/id2" 2>/dev/null
st=$?
id2=$(cat "$tmp/id2")
expect "second analyze exits 0" [ $st -eq 0 ]
expect "second run has another ID" [ "$id1" != "$id2" ]
expect "-o still writes the rows" [ "$(wc -l <"$tmp/out.csv")" -eq 324 ]

# 3. runs, text.
"$cli" runs "$p" >"$tmp/runs.txt" 2>&1
st=$?
expect "runs exits 0" [ $st -eq 0 ]
expect "runs lists run 1" grep -q "^$(echo "$id1" | cut -c1-8) " "$tmp/runs.txt"
expect "runs lists run 2 as classic with its changed parameter" \
  sh -c "grep '^$(echo "$id2" | cut -c1-8) ' '$tmp/runs.txt' | grep classic | grep -q 'outlier_threshold=2'"
expect "runs says 2 runs" grep -q "2 runs" "$tmp/runs.txt"

# 4. runs --json: valid, and the counts add up to the rows.
"$cli" runs "$p" --json >"$tmp/runs.json"
expect "runs --json is JSON with both runs and consistent counts" "$py" -c "
import json, sys
d = json.load(open('$tmp/runs.json'))
runs = d['runs']
assert [r['id'] for r in runs] == ['$id1', '$id2'], runs
for r in runs:
    assert r['n_rows'] == 323
    assert sum(r['counts'].values()) == 323, r['counts']
    assert r['dataset'] == 'testwork_user.csv'
assert runs[1]['preset'] == 'classic'
assert runs[1]['parameters']['outlier_threshold'] == 2.0
assert runs[1]['parameters']['anchor_weight'] is None
assert d['project']['name'] == 'study'
"

# 5. Curation written into the file shows in the export.
sqlite3 "$p" "INSERT INTO curation_events (uuid, action_uuid, run_uuid, kind, row, status, reason, author, created_at)
              VALUES ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a1',
                      '$id1', 'curate', 0, 'rejected', 'shoulder peak, integrated twice', 'Test', 1780000000000000);"
expect "runs counts the curated row" sh -c "\"$cli\" runs \"$p\" --json | \"$py\" -c \"import json,sys; d=json.load(sys.stdin); assert d['runs'][0]['curated'] == 1\""
"$cli" export "$p" --run "$(echo "$id1" | cut -c1-8)" --format csv -o "$tmp/cur.csv" 2>/dev/null
st=$?
expect "export --run exits 0" [ $st -eq 0 ]
expect "export shows the effective status and the reason" "$py" -c "
import csv
rows = list(csv.DictReader(open('$tmp/cur.csv', newline='')))
assert len(rows) == 323
first = rows[0]
assert first['line'] == '2', first['line']
assert first['effective_status'] == 'rejected', first
assert first['curation_reason'] == 'shoulder peak, integrated twice', first
others = [r for r in rows[1:] if r['effective_status'] != r['status']]
assert not others, others[:1]
"
"$cli" export "$p" --run "$id1" --format json -o "$tmp/cur.json" 2>/dev/null
expect "export --format json is valid JSON" "$py" -c "import json; json.load(open('$tmp/cur.json'))"

# 6. Bad projects: exit 2, the path named, the file untouched.
head -c 5000 /dev/urandom >"$tmp/garbage.gwproject"
cp "$tmp/garbage.gwproject" "$tmp/garbage.copy"
"$cli" runs "$tmp/garbage.gwproject" >/dev/null 2>"$tmp/err"
st=$?
expect "runs on garbage exits 2" [ $st -eq 2 ]
expect "the message names the file" grep -q "garbage.gwproject" "$tmp/err"
"$cli" analyze "$csv" --project "$tmp/garbage.gwproject" >/dev/null 2>&1
st=$?
expect "analyze --project on garbage exits 2" [ $st -eq 2 ]
expect "the garbage file is untouched" cmp -s "$tmp/garbage.gwproject" "$tmp/garbage.copy"

head -c 20000 "$p" >"$tmp/cut.gwproject"
"$cli" runs "$tmp/cut.gwproject" >/dev/null 2>"$tmp/err"
st=$?
expect "runs on a truncated project exits 2" [ $st -eq 2 ]
expect "the message says truncated" grep -q "truncated" "$tmp/err"

"$cli" runs >/dev/null 2>&1
st=$?
expect "runs without a project exits 1" [ $st -eq 1 ]
"$cli" export "$p" --run ffffffff --format csv -o "$tmp/x.csv" >/dev/null 2>"$tmp/err"
st=$?
expect "export of an unknown run exits 2" [ $st -eq 2 ]
expect "no output for an unknown run" [ ! -e "$tmp/x.csv" ]

echo "1..$n"
[ $failed -eq 0 ]
