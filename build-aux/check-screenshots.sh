#!/bin/sh
# check-screenshots.sh: every screenshot the metainfo names is committed
# under data/screenshots, is a PNG, and is small enough for app stores.
#
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-screenshots.sh METAINFO SCREENSHOT_DIR
# build-aux/take-screenshots.sh makes the files.
set -u

metainfo=${1:?usage: check-screenshots.sh METAINFO SCREENSHOT_DIR}
dir=${2:?usage: check-screenshots.sh METAINFO SCREENSHOT_DIR}
max_bytes=307200
status=0

images=$(sed -n 's|.*<image[^>]*>\(.*\)</image>.*|\1|p' "$metainfo")
if [ -z "$images" ]; then
  echo "FAIL: $metainfo names no screenshot"
  exit 1
fi

for url in $images; do
  case "$url" in
    https://*/data/screenshots/*.png) ;;
    *) echo "FAIL: $url is not an https URL of a PNG in data/screenshots"; status=1; continue ;;
  esac
  f="$dir/$(basename "$url")"
  if [ ! -f "$f" ]; then
    echo "FAIL: $url: $f does not exist (run build-aux/take-screenshots.sh)"
    status=1
    continue
  fi
  if [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
    echo "FAIL: $f is not a PNG"
    status=1
  fi
  size=$(wc -c < "$f")
  if [ "$size" -gt $max_bytes ]; then
    echo "FAIL: $f is $size bytes, more than $max_bytes"
    status=1
  fi
  [ $status -eq 0 ] && echo "ok: $f ($size bytes)"
done
exit $status
