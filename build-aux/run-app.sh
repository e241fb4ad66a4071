#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the dependencies, builds, and runs Ganglioside Workbench on the
# project's own sample dataset (data/sample/sample-peaks.csv), with a local
# project file and no server.  Extra arguments go to the program.
set -eu
cd "$(dirname "$0")/.."
./build-aux/install-deps.sh
if [ -f build/build.ninja ]; then
  meson setup --reconfigure build >/dev/null
else
  meson setup build >/dev/null
fi
meson compile -C build
sample=data/sample/sample-peaks.csv
if [ -x build/src/app/ganglioside-workbench ]; then
  export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
  exec build/src/app/ganglioside-workbench "$sample" "$@"
else
  exec build/src/cli/ganglioside analyze "$sample" "$@"
fi
