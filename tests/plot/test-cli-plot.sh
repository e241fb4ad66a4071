#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `ganglioside plot` on the real sample: every kind to every format, the
# group filter, and clear errors for bad input.
set -u

cli="$1"
sample="$GW_SHARED_DATA/testwork_user.csv"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0
fail=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

for kind in rt-logp residuals counts actual-predicted; do
  for ext in png svg pdf; do
    f="$out/$kind.$ext"
    if "$cli" plot "$sample" --kind "$kind" -o "$f" --dpi 120 2>"$out/err" && [ -s "$f" ]; then
      case $ext in
        png) head -c 8 "$f" | od -An -c | grep -q 'P   N   G' && ok "$kind $ext" || not_ok "$kind $ext: not a PNG" ;;
        svg) grep -q '<svg' "$f" && ok "$kind $ext" || not_ok "$kind $ext: not an SVG" ;;
        pdf) head -c 5 "$f" | grep -q '%PDF-' && ok "$kind $ext" || not_ok "$kind $ext: not a PDF" ;;
      esac
    else
      not_ok "$kind $ext: $(cat "$out/err")"
    fi
  done
done

# --dpi sets the PNG's pixel size: 800 px at 96 dpi is 1000 px at 120.
if command -v identify >/dev/null; then
  size=$(identify -format '%w %h' "$out/rt-logp.png")
  [ "$size" = "1000 750" ] && ok "dpi sets the size" || not_ok "dpi sets the size: $size"
fi

# Groups: one or several, and a clear message for an unknown one.
"$cli" plot "$sample" --group GD1 --group GM1 --preset classic -o "$out/g.png" \
  && ok "--group" || not_ok "--group"
if "$cli" plot "$sample" --group NOPE -o "$out/bad.png" 2>"$out/err"; then
  not_ok "unknown group is refused"
else
  grep -q 'no group “NOPE”' "$out/err" && grep -q 'GD1' "$out/err" \
    && ok "unknown group names the groups" || not_ok "unknown group message: $(cat "$out/err")"
fi
[ ! -e "$out/bad.png" ] && ok "no file on error" || not_ok "no file on error"

"$cli" plot "$sample" --kind pie -o "$out/x.png" 2>"$out/err" \
  && not_ok "unknown kind" || { grep -q 'unknown kind' "$out/err" && ok "unknown kind" || not_ok "unknown kind message"; }
"$cli" plot "$sample" -o "$out/x.jpg" 2>"$out/err" \
  && not_ok "unknown format" || { grep -q 'png, .svg or .pdf' "$out/err" && ok "unknown format" || not_ok "unknown format message"; }
"$cli" plot "$out/missing.csv" -o "$out/x.png" 2>"$out/err"
[ $? -eq 2 ] && grep -q 'missing.csv' "$out/err" && ok "missing input names the file" || not_ok "missing input: $(cat "$out/err")"

echo "1..$n"
exit $fail
