# cli-test-lib.sh: the TAP helpers the command-line tests share
#
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by tests/*/test-cli-*.sh after they set cli (the `ganglioside`
# binary) and, for run, cli_command (the subcommand; empty when each call
# names its own).  Gives them a private $tmp, removed on exit, the counters
# n and failed, and ok, not_ok, run and has.  Each script ends with
# `echo "1..$n"` and its status `[ "$failed" -eq 0 ]`.

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0

ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}

# not_ok NAME [DIAGNOSTIC...]
not_ok () {
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  shift
  for line in "$@"; do
    echo "# $line"
  done
}

# run NAME EXPECTED_STATUS ARGS...: runs `$cli $cli_command ARGS`,
# keeping stdout in $tmp/out and stderr in $tmp/err.
run () {
  name=$1
  want=$2
  shift 2
  if [ -n "${cli_command:-}" ]; then
    set -- "$cli_command" "$@"
  fi
  "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then
    ok "$name: exit $want"
  else
    not_ok "$name: exit $got, expected $want" "stdout: $(head -5 "$tmp/out")" "stderr: $(cat "$tmp/err")"
  fi
}

# has FILE TEXT [NAME]: FILE contains the fixed string TEXT; the check is
# called NAME, or "FILE has: TEXT".
has () {
  if grep -qF -- "$2" "$1"; then
    ok "${3:-$(basename "$1") has: $2}"
  else
    not_ok "${3:-$(basename "$1") lacks: $2}" "$(basename "$1") lacks: $2" "$(head -20 "$1")"
  fi
}
