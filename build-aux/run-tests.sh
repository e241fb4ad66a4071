#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the dependencies, then:
#  1. builds with coverage instrumentation and runs every test under Xvfb
#     (the `valgrind` suite included), then prints line coverage per layer
#     (build-aux/coverage-report.sh; one test: fails when a layer is below
#     its target);
#  2. builds with AddressSanitizer + UndefinedBehaviorSanitizer and runs
#     every test again (the `valgrind` suite is not built there);
#  3. builds the libFuzzer targets with clang, ASan and UBSan and runs each
#     for GW_FUZZ_SECONDS (default 60) from its committed seeds (one test
#     each: fails on any crash, leak, sanitizer report or hang);
#  4. runs cppcheck over src/ (one test: fails on any finding that is not
#     suppressed with a reason);
#  5. runs clang's static analyzer over src/ (analyze-build on the
#     compile commands of a clang build; one test: fails on any finding
#     that build-aux/analyzer-check.py does not suppress with a reason).
# Ends with the line "N passed, N failed" that CI reads.
#
# GW_TEST_QUICK=1 runs step 1 only, for a fast local loop.
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

# result NAME STATUS: counts one check that is not a meson test.
result () {
  if [ "$2" -eq 0 ]; then
    echo "run-tests: $1: OK"
    passed=$((passed + 1))
  else
    echo "run-tests: $1: FAIL"
    failed=$((failed + 1))
  fi
}

setup () {
  dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
}

run_build () {
  dir=$1; shift
  log="$top/$dir/run-tests.log"
  setup "$dir" "$@" || { echo "run-tests: setup failed in $dir" >&2; failed=$((failed + 1)); return 1; }
  if ! meson compile -C "$dir"; then
    echo "run-tests: build failed in $dir" >&2
    failed=$((failed + 1))
    return 1
  fi
  mkdir -p "$dir"
  xvfb-run -a -s '-screen 0 1400x900x24' \
    meson test -C "$dir" --print-errorlogs --num-processes 2 2>&1 | tee "$log"
  count "$log"
}

run_fuzzers () {
  dir=build-fuzz
  seconds=${GW_FUZZ_SECONDS:-60}
  # Every library gets -fsanitize=fuzzer-no-link so libFuzzer sees the
  # parsers' coverage; -O1 as libFuzzer recommends.  No -Werror here:
  # clang warns where gcc, which builds the product with -Werror in the
  # two builds above, does not (-Wcast-align on the table snapshot's
  # aligned buffers), and a warning must not stop the fuzzers.
  if ! CC=clang setup "$dir" -Dfuzzing=true -Dui_tests=false --buildtype=debug \
         -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=false \
         -Dc_args="-O1 -fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined" ||
     ! meson compile -C "$dir" fuzz; then
    echo "run-tests: the fuzzing build failed" >&2
    failed=$((failed + 1))
    return
  fi
  # handle_sigtrap: a GLib critical (fatal here) raises SIGTRAP, which
  # libFuzzer only records as a crash when ASan reports it.  A slow
  # unwind on malloc gives LSan whole stacks through GLib, which the
  # suppressions in lsan.supp need; fuzz-sync has no suppressed leak to
  # match (it never reaches libsoup's parser or fontconfig) and allocates
  # on every JSON token, so it unwinds fast: 13 instead of 190 inputs a
  # second otherwise.  A leak it finds is still reported, with a shorter
  # stack.
  asan_options=detect_leaks=1:abort_on_error=1:handle_sigtrap=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS="suppressions=$top/build-aux/lsan.supp:print_suppressions=0"
  export G_DEBUG=fatal-criticals
  export GW_SHARED_DATA="$top/../shared/data"

  # Two targets at a time: each is one process on one core.
  running=""
  for exe in "$dir"/tests/fuzz/fuzz-*; do
    [ -x "$exe" ] && [ -f "$exe" ] || continue
    t=$(basename "$exe")
    work="$top/$dir/fuzz-work/$t"
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/artifacts"
    seeds="$top/tests/fuzz/corpus/$t"
    [ -d "$top/tests/fuzz/regressions/$t" ] && seeds="$seeds $top/tests/fuzz/regressions/$t"
    unwind=0
    [ "$t" = fuzz-sync ] && unwind=1
    # shellcheck disable=SC2086
    ( cd "$work" &&
      ASAN_OPTIONS=$asan_options:fast_unwind_on_malloc=$unwind "$top/$exe" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 \
        -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
        "$work/corpus" $seeds > "$work/log" 2>&1
      echo $? > "$work/status" ) &
    running="$running $t"
    if [ "$(echo $running | wc -w)" -ge 2 ]; then
      wait
      fuzz_results $running
      running=""
    fi
  done
  wait
  [ -n "$running" ] && fuzz_results $running
  unset UBSAN_OPTIONS LSAN_OPTIONS G_DEBUG
}

fuzz_results () {
  for t in "$@"; do
    work="$top/build-fuzz/fuzz-work/$t"
    status=$(cat "$work/status" 2>/dev/null || echo 1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1)
    echo "run-tests: $t: ${runs:-0} inputs in ${GW_FUZZ_SECONDS:-60} s, $cov, exit status $status"
    if [ "$status" -ne 0 ]; then
      tail -60 "$work/log"
      echo "run-tests: $t: crashing inputs (commit each under tests/fuzz/regressions/$t/):"
      ls -l "$work/artifacts"
    fi
    result "fuzz $t" "$status"
  done
}

run_cppcheck () {
  # build-aux/cppcheck.cfg teaches cppcheck GLib macros it lacks; findings
  # that are not bugs are suppressed in build-aux/cppcheck-suppressions.xml
  # (or inline where no name singles them out), each with its reason.
  log="$top/build-tests/cppcheck.log"
  incs=""
  for d in src/*/; do incs="$incs -I $d"; done
  # shellcheck disable=SC2086
  cppcheck --quiet --std=c11 --enable=warning,portability,performance \
    --library=gtk --library=build-aux/cppcheck.cfg --inline-suppr \
    --suppress-xml=build-aux/cppcheck-suppressions.xml \
    --error-exitcode=1 -D__GNUC__ $incs -I build-tests -j2 \
    --template='{file}:{line}: {severity}: {message} [{id}]' src/ > "$log" 2>&1
  status=$?
  cat "$log"
  result "cppcheck src/" "$status"
}

run_analyzer () {
  # Every checker of clang 14's default set stays on.  Its one known
  # blind spot, __attribute__((cleanup)) behind g_autoptr/g_autofree, is
  # handled in build-aux/analyzer-check.py; other false positives are
  # listed one by one in build-aux/analyzer-suppressions.txt.  The build
  # is only configured: the analyzer compiles each file itself, and src/
  # includes no generated header besides config.h.
  #
  # mode=shallow (less inlining across calls, a smaller path budget)
  # keeps the step near one minute on two cores: the full depth costs
  # 2.4 times the CPU (330 s against 136 s) and found nothing real that
  # the shallow run misses.  GW_ANALYZER_DEEP=1 analyses at full depth.
  depth="--analyzer-config mode=shallow"
  [ "${GW_ANALYZER_DEEP:-0}" = 1 ] && depth=""
  dir=build-scan
  rm -rf "$top/$dir/analyzer"
  if ! CC=clang setup "$dir" -Dui_tests=false -Dwerror=false --buildtype=debug; then
    echo "run-tests: setup failed in $dir" >&2
    result "clang analyzer src/" 1
    return
  fi
  # Only src/: the tests and fuzz targets are not the product.
  /usr/bin/python3 -c '
import json, sys
cdb = json.load(open(sys.argv[1]))
json.dump([c for c in cdb if c["file"].startswith("../src/")], open(sys.argv[2], "w"))
' "$dir/compile_commands.json" "$dir/src-commands.json" &&
  # shellcheck disable=SC2086
  analyze-build-14 --cdb "$dir/src-commands.json" --plist --keep-empty $depth \
    -o "$top/$dir/analyzer" > "$top/$dir/analyzer.log" 2>&1 &&
  /usr/bin/python3 build-aux/analyzer-check.py "$top" "$top/$dir" \
    build-aux/analyzer-suppressions.txt "$top/$dir/analyzer" "$top/$dir/src-commands.json"
  status=$?
  [ "$status" -ne 0 ] && tail -20 "$top/$dir/analyzer.log"
  result "clang analyzer src/" "$status"
}

echo "== normal build, with coverage =="
if run_build build-tests --buildtype=debugoptimized -Db_coverage=true; then
  ./build-aux/coverage-report.sh build-tests
  result "coverage per layer" $?
fi

if [ "${GW_TEST_QUICK:-0}" != 1 ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build =="
  # Without libdeflate, as in the Flatpak: this build tests the zlib path.
  run_build build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false \
    -Dlibdeflate=disabled

  echo "== libFuzzer targets (clang, ASan + UBSan) =="
  run_fuzzers

  echo "== static analysis =="
  run_cppcheck
  run_analyzer
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
