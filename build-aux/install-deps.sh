#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs every Debian 12 package that building, running and testing
# Ganglioside Workbench needs.  It is idempotent: when everything is
# already installed it only runs dpkg-query and returns in well under a
# second, without touching the network.
set -eu

PACKAGES="
  build-essential pkg-config meson ninja-build gettext itstool
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libcairo2-dev libpango1.0-dev libgsl-dev libsqlite3-dev sqlite3
  libsoup-3.0-dev libjson-glib-dev libpq-dev libsecret-1-dev libsodium-dev
  libxlsxwriter-dev libzstd-dev nettle-dev libdeflate-dev
  desktop-file-utils appstream yelp-tools libxml2-utils shared-mime-info
  xvfb xauth dbus-daemon imagemagick poppler-utils fonts-dejavu-core
  postgresql postgresql-client nginx openssl
  python3 python3-numpy python3-scipy python3-sklearn python3-openpyxl
  clang clang-tools libclang-rt-14-dev gcovr cppcheck valgrind
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

echo "install-deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
