#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the dependencies, builds the project twice (a normal build and an
# AddressSanitizer + UndefinedBehaviorSanitizer build) and runs every test in
# both under Xvfb.  Ends with the line "N passed, N failed" that CI reads.
#
# GW_TEST_QUICK=1 skips the sanitizer build, for a fast local loop.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)

./build-aux/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0

count () {
  # meson test prints "Ok:", "Fail:", "Unexpected Pass:", "Timeout:" ...
  log=$1
  ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  xfail=$(sed -n 's/^Expected Fail: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  fail=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  upass=$(sed -n 's/^Unexpected Pass: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  tout=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  passed=$((passed + ${ok:-0} + ${xfail:-0}))
  failed=$((failed + ${fail:-0} + ${upass:-0} + ${tout:-0}))
}

run_build () {
  dir=$1; shift
  log="$top/$dir/run-tests.log"
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null || { failed=$((failed + 1)); return; }
  else
    meson setup "$dir" "$@" >/dev/null || { failed=$((failed + 1)); return; }
  fi
  if ! meson compile -C "$dir"; then
    echo "run-tests: build failed in $dir" >&2
    failed=$((failed + 1))
    return
  fi
  mkdir -p "$dir"
  xvfb-run -a -s '-screen 0 1400x900x24' \
    meson test -C "$dir" --print-errorlogs --num-processes 2 2>&1 | tee "$log"
  count "$log"
}

echo "== normal build =="
run_build build-tests --buildtype=debugoptimized

if [ "${GW_TEST_QUICK:-0}" != 1 ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build =="
  run_build build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
