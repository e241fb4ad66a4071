#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Prints line coverage per layer of a build made with -Db_coverage=true,
# after its tests ran, and fails when a layer is below its target:
# 85 % for engine, store, sync and server, 60 % for app.  plot and cli
# are shown without a target.  A layer that does not exist yet is
# reported as such and does not fail.
#
# Usage: build-aux/coverage-report.sh BUILD_DIR
set -u
cd "$(dirname "$0")/.."
build=${1:?usage: coverage-report.sh BUILD_DIR}
csv=$(mktemp)
trap 'rm -f "$csv"' EXIT

# One gcov pass over the whole build; lines per file as CSV.
if ! gcovr --root . --object-directory "$build" --filter 'src/' \
       --gcov-ignore-parse-errors -j 2 --csv "$csv" >/dev/null 2>&1; then
  echo "coverage: gcovr failed on $build" >&2
  exit 1
fi

# filename,line_total,line_covered,line_percent,...
awk -F, '
  NR == 1 { next }
  {
    split($1, p, "/")
    layer = p[2]
    total[layer] += $2
    covered[layer] += $3
  }
  END {
    target["engine"] = 85; target["store"] = 85; target["sync"] = 85
    target["server"] = 85; target["app"] = 60
    n = split("engine plot store sync server cli app", order, " ")
    bad = 0
    printf "coverage: line coverage per layer (target in brackets)\n"
    for (i = 1; i <= n; i++) {
      l = order[i]
      if (!(l in total) || total[l] == 0) {
        printf "coverage:   %-7s   no code yet%s\n", l, (l in target) ? sprintf(" [%d %%]", target[l]) : ""
        continue
      }
      pct = 100.0 * covered[l] / total[l]
      if (l in target) {
        ok = pct >= target[l]
        if (!ok) bad++
        printf "coverage:   %-7s %5.1f %%  %6d of %6d lines  [%d %%]%s\n", l, pct, covered[l], total[l], target[l], ok ? "" : sprintf("  BELOW TARGET by %.1f points", target[l] - pct)
      } else
        printf "coverage:   %-7s %5.1f %%  %6d of %6d lines\n", l, pct, covered[l], total[l]
    }
    exit bad > 0
  }' "$csv"
