#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `ganglioside analyze` over the real sample under valgrind, in both
# presets and with every output it can write: no memory error, no
# definite or indirect leak (valgrind.supp says why those kinds), and the
# same output as without valgrind (numbers to 1e-9, see same-output.py).
#
# Usage: test-valgrind-analyze.sh PATH/TO/ganglioside   (TAP output)
set -u
cli=$1
here=$(cd "$(dirname "$0")" && pwd)
shared=${GW_SHARED_DATA:?GW_SHARED_DATA is not set}
input=$shared/testwork_user.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

# GLib 2.74 still has its slice allocator, which hides leaks from valgrind.
export G_SLICE=always-malloc G_DEBUG=gc-friendly

vg () {
  # vg NAME OUTPUT ARGS...: runs the CLI under valgrind, then without,
  # and compares OUTPUT ("-" for standard output, "-t" for standard
  # output without the run's start and end times, else a file the
  # arguments name) between the two runs.
  name=$1
  output=$2
  shift 2
  n=$((n + 1))
  valgrind --leak-check=full --error-exitcode=99 \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    --suppressions="$here/valgrind.supp" --num-callers=30 \
    --log-file="$tmp/vg-$n.log" "$cli" "$@" > "$tmp/out-vg-$n" 2> "$tmp/err-$n"
  status=$?
  case $output in -*) ;; *) mv "$output" "$tmp/out-vg-$n" ;; esac
  "$cli" "$@" > "$tmp/out-$n" 2>/dev/null
  case $output in -*) ;; *) mv "$output" "$tmp/out-$n" ;; esac
  if [ "$output" = -t ]; then
    for f in "$tmp/out-vg-$n" "$tmp/out-$n"; do
      sed 's/"\(start\|end\)_time":"[^"]*"//g' "$f" > "$f.t" && mv "$f.t" "$f"
    done
  fi
  if [ "$status" -eq 0 ] && [ -s "$tmp/out-$n" ] &&
     /usr/bin/python3 "$here/same-output.py" "$tmp/out-vg-$n" "$tmp/out-$n" > "$tmp/cmp-$n"; then
    echo "ok $n - $name"
  else
    failed=$((failed + 1))
    echo "not ok $n - $name (exit status $status under valgrind)"
    sed 's/^/# /' "$tmp/err-$n" | tail -20
    sed 's/^/# /' "$tmp/vg-$n.log" | tail -150
    sed 's/^/# output: /' "$tmp/cmp-$n"
  fi
}

vg "analyze (robust, CSV to standard output)" - analyze "$input"
vg "analyze (classic, JSON)" -t analyze --preset classic --format json "$input"
# The models file is the same with and without valgrind; the run IDs on
# standard output are not.
vg "analyze (classic, models, stored in a project)" "$tmp/models.csv" analyze --preset classic \
  --models-out "$tmp/models.csv" --project "$tmp/p.gwproject" "$input"
echo "1..$n"
[ "$failed" -eq 0 ]
