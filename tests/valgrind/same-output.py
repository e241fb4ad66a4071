#!/usr/bin/python3
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Compares two outputs of the CLI token by token: text must be equal,
# numbers equal to 1e-9 relative.  Under valgrind glibc's libm picks
# other code paths (valgrind's virtual CPU lacks some features), so a
# fitted coefficient may differ in its 17th digit; nothing else may.
#
# Usage: same-output.py A B   (exit status 0 when they match)

import math
import re
import sys

TOKEN = re.compile(r'[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[^\d\s,;:{}\[\]"]+|\S')


def tokens(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return TOKEN.findall(f.read())


def number(t):
    try:
        return float(t)
    except ValueError:
        return None


a, b = tokens(sys.argv[1]), tokens(sys.argv[2])
if len(a) != len(b):
    print("different lengths: %d and %d tokens" % (len(a), len(b)))
    sys.exit(1)
for i, (x, y) in enumerate(zip(a, b)):
    if x == y:
        continue
    fx, fy = number(x), number(y)
    if fx is not None and fy is not None and math.isclose(fx, fy, rel_tol=1e-9, abs_tol=1e-12):
        continue
    print("token %d differs: %r and %r" % (i, x, y))
    sys.exit(1)
