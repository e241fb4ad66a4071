#!/usr/bin/python3
# check-flatpak-manifest.py: the Flatpak manifest is complete, pinned and
# minimal.
#
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-flatpak-manifest.py MANIFEST APP_ID COMMAND MESON_OPTIONS
#
# The Flatpak cannot be built here (no runtime, no network), so this reads
# the manifest and checks what a build would depend on:
# - the app ID and the command are the project's;
# - the runtime is the GNOME one, in a version with GTK >= 4.8 and
#   libadwaita >= 1.2 (GNOME 43 or later), the SDK matching it;
# - the libraries the runtime lacks (GSL, libxlsxwriter) are modules;
# - every downloaded source is pinned: an https URL with a sha256, or a git
#   URL with a full commit; only the app itself is built from the local
#   folder;
# - the app's -D options exist in meson_options.txt;
# - finish-args are the minimum: no --filesystem at all (files come
#   through the portals), no full X11, no device=all, no session-wide
#   D-Bus, and the network for syncing.
import json
import re
import sys

errors = []


def fail(message):
    errors.append(message)


def main():
    if len(sys.argv) != 5:
        print(__doc__ or "usage: check-flatpak-manifest.py MANIFEST APP_ID COMMAND MESON_OPTIONS")
        return 2
    path, app_id, command, options_path = sys.argv[1:]

    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"FAIL: {path}: {e}")
        return 1

    manifest_id = manifest.get("id", manifest.get("app-id"))
    if manifest_id != app_id:
        fail(f"id is {manifest_id!r}, not {app_id!r}")
    if manifest.get("command") != command:
        fail(f"command is {manifest.get('command')!r}, not {command!r}")

    if manifest.get("runtime") != "org.gnome.Platform":
        fail(f"runtime is {manifest.get('runtime')!r}, not org.gnome.Platform")
    if manifest.get("sdk") != "org.gnome.Sdk":
        fail(f"sdk is {manifest.get('sdk')!r}, not org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    if not re.fullmatch(r"\d+", version) or int(version) < 43:
        fail(f"runtime-version {version!r}: GNOME 43 or later is needed (GTK 4.8, libadwaita 1.2)")

    with open(options_path, encoding="utf-8") as f:
        options = set(re.findall(r"option\(\s*'([^']+)'", f.read()))

    modules = manifest.get("modules", [])
    names = [m.get("name") if isinstance(m, dict) else None for m in modules]
    for needed in ("gsl", "libxlsxwriter"):
        if needed not in names:
            fail(f"no module {needed!r}: the GNOME runtime does not ship it")
    if not modules or names[-1] != "ganglioside-workbench":
        fail("the last module must be ganglioside-workbench itself")

    for i, module in enumerate(modules):
        if not isinstance(module, dict):
            fail(f"module {i} is a file reference; keep every module inline so it is checked")
            continue
        name = module.get("name", f"module {i}")
        is_app = i == len(modules) - 1
        sources = module.get("sources", [])
        if not sources:
            fail(f"{name}: no sources")
        for source in sources:
            kind = source.get("type")
            if kind in ("archive", "file"):
                url = source.get("url", "")
                if not url.startswith("https://"):
                    fail(f"{name}: {url!r} is not an https URL")
                if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                    fail(f"{name}: {url!r} has no sha256")
            elif kind == "git":
                if not re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")):
                    fail(f"{name}: git source {source.get('url')!r} is not pinned to a full commit")
            elif kind == "dir" and is_app:
                if source.get("path") != "..":
                    fail(f"{name}: the local source must be the project folder '..'")
            else:
                fail(f"{name}: source type {kind!r} is not pinned")
        if is_app:
            for opt in module.get("config-opts", []):
                m = re.fullmatch(r"-D([A-Za-z0-9_]+)=.*", opt)
                if m and m.group(1) not in options:
                    fail(f"{name}: -D{m.group(1)} is not an option in meson_options.txt")

    args = manifest.get("finish-args", [])
    for arg in args:
        if arg.startswith("--filesystem"):
            fail(f"finish-args: {arg}: files are opened through the portals, no file system access")
        if arg in ("--socket=x11", "--device=all", "--socket=session-bus", "--socket=system-bus",
                   "--talk-name=org.freedesktop.Flatpak"):
            fail(f"finish-args: {arg} is more than the app needs")
    for needed in ("--share=network", "--socket=wayland", "--socket=fallback-x11"):
        if needed not in args:
            fail(f"finish-args: {needed} is missing")

    for e in errors:
        print(f"FAIL: {path}: {e}")
    if errors:
        return 1
    print(f"ok: {path}: {app_id}, GNOME {version}, {len(modules)} modules, all sources pinned")
    return 0


if __name__ == "__main__":
    sys.exit(main())
