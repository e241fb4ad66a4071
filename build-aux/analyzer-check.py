#!/usr/bin/python3
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads the .plist reports of clang's static analyzer (analyze-build
# --plist) and fails on every finding that is not suppressed.
#
# Two kinds of suppression, each with its reason:
#
# 1. Automatic, one narrow class.  Clang 14's analyzer does not run
#    __attribute__((cleanup)) functions, so for a variable declared with
#    g_autoptr, g_autofree or g_auto it believes every early return leaks
#    the memory and every store is dead (nothing reads it before the
#    cleanup does).  Suppressed, in the function that declares such a
#    variable V:
#    - unix.Malloc "Potential leak of memory pointed to by 'X'" where X is
#      V (or V.field), or where the statement that allocated the memory
#      stores it in V (the report may name an alias: p = V = g_malloc ()),
#    - deadcode.DeadStores "value stored to 'V'".
#    The rest of unix.Malloc and deadcode.DeadStores stays on: double
#    frees, use after free, leaks of memory held only by plain pointers
#    and dead stores to plain variables are still reported.  Leaks of
#    memory in a g_auto variable are what ASan's LeakSanitizer checks at
#    run time over the whole test suite.
#
# 2. One by one, in build-aux/analyzer-suppressions.txt: lines of
#    "FILE FUNCTION CHECKER  # reason", FILE relative to the source root.
#    Matching the function rather than the line keeps an entry valid
#    when the code above it moves.  Entries that matched nothing are
#    named (not an error: some findings come at one analysis depth only).
#
# Usage: analyzer-check.py SRCROOT BUILDDIR SUPPRESSIONS REPORT_DIR [CDB]
# With CDB (the compile commands analysed) it also fails when a file
# gave no report, i.e. the analyzer could not compile it.
# (BUILDDIR: where the compile commands ran; the reports' paths are
# relative to it.)
# Exit status 0 when nothing unsuppressed was found.

import glob
import os
import plistlib
import re
import sys

srcroot, builddir, supp_path, report_dir = sys.argv[1:5]
srcroot = os.path.abspath(srcroot)
cdb = sys.argv[5] if len(sys.argv) > 5 else None

suppressions = {}
for n, line in enumerate(open(supp_path, encoding='utf-8'), 1):
    text = line.split('#', 1)[0].strip()
    if not text:
        continue
    if '#' not in line:
        sys.exit(f'{supp_path}:{n}: a suppression needs its reason after "#"')
    fields = text.split()
    if len(fields) != 3:
        sys.exit(f'{supp_path}:{n}: expected FILE FUNCTION CHECKER  # reason')
    suppressions[tuple(fields)] = 0

LEAK = re.compile(r"Potential leak of memory pointed to by '([A-Za-z_][A-Za-z0-9_]*)")
DEAD = re.compile(r"[Vv]alue stored to '([A-Za-z_][A-Za-z0-9_]*)'")
ASSIGNED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*|->[A-Za-z_][A-Za-z0-9_]*)*\s*=(?!=)")
sources = {}


def lines_of(path):
    if path not in sources:
        with open(path, encoding='utf-8', errors='replace') as f:
            sources[path] = f.read().split('\n')
    return sources[path]


def declared_with_cleanup(path, first, last, name):
    """Whether @name is declared g_autoptr/g_autofree/g_auto between the
    1-based lines @first and @last of @path."""
    body = '\n'.join(lines_of(path)[max(first - 1, 0):last])
    for m in re.finditer(r'\bg_auto(?:ptr\s*\([^)]*\)|free\b|\s*\([^)]*\))([^;]*);', body):
        declarators = re.sub(r'\([^()]*\)', '', m.group(1))
        if re.search(r'(^|[\s*,])' + re.escape(name) + r'\s*(=|,|$|\[)', declarators):
            return True
    return False


found = 0
cleanup = 0
for report in sorted(glob.glob(os.path.join(report_dir, '**', '*.plist'), recursive=True)):
    with open(report, 'rb') as f:
        plist = plistlib.load(f)
    for d in plist.get('diagnostics', []):
        loc = d['location']
        path = os.path.normpath(os.path.join(builddir, plist['files'][loc['file']]))
        rel = os.path.relpath(path, srcroot)
        func = d.get('issue_context', '?')
        check = d.get('check_name', '?')
        where = f"{rel}:{loc['line']}: {func}: {d['description']} [{check}]"
        # The names the finding is about: the one it reports, and for a
        # leak those the allocating statement assigns to.
        names = []
        m = LEAK.match(d['description'])
        if check == 'unix.Malloc' and m:
            names.append(m.group(1))
            for e in d.get('path', []):
                if e.get('kind') == 'event' and e.get('message', '').startswith('Memory is allocated'):
                    text = lines_of(path)[e['location']['line'] - 1]
                    names += ASSIGNED.findall(text)
        m = DEAD.search(d['description'])
        if check == 'deadcode.DeadStores' and m:
            names.append(m.group(1))
        if names:
            # The function's body starts at the last "{" in column 0
            # before the report (GNU style, STYLE.md).
            lines = lines_of(path)
            start = loc['line']
            while start > 1 and not lines[start - 1].startswith('{'):
                start -= 1
            if any(declared_with_cleanup(path, start, loc['line'], n) for n in names):
                cleanup += 1
                continue
        key = (rel, func, check)
        if key in suppressions:
            suppressions[key] += 1
            continue
        print(f'analyzer: {where}')
        found += 1

if cdb is not None:
    import json
    n_files = len(json.load(open(cdb)))
    n_reports = len(glob.glob(os.path.join(report_dir, '**', '*.plist'), recursive=True))
    if n_reports < n_files:
        print(f'analyzer: only {n_reports} reports for {n_files} files: see the log for the ones it could not analyse')
        found += 1

for (rel, func, check), hits in suppressions.items():
    if hits == 0:
        print(f'analyzer: note: not needed in this run: {rel} {func} {check}')

print(f'analyzer: {found} findings; suppressed: {cleanup} about g_auto variables, '
      f'{sum(suppressions.values())} listed in {os.path.basename(supp_path)}')
sys.exit(1 if found else 0)
