#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs each benchmark program given on the command line, one after the
# other (the build machines are small: never in parallel).
status=0
for b in "$@"; do
  echo "== $(basename "$b")"
  "$b" || status=1
done
exit $status
