#!/usr/bin/python3
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Test oracle for the XLSX export: reads a workbook back with openpyxl (an
# independent XLSX reader) and checks what the caller expects of it.
#
#   xlsx-oracle.py FILE [--sheets A,B,...] [--rows SHEET=N]
#                       [--header SHEET=col1,col2,...]
#                       [--cell SHEET!A1=number:VALUE | string:TEXT | bool:true | empty:]
#                       [--fill SHEET!A1=RRGGBB] [--frozen SHEET=B2]
#                       [--autofilter SHEET=A1:Y324]
#
# Exits 0 when every expectation holds, else 1 with one line per failure.

import math
import sys

import openpyxl


def main(argv):
    path = argv[1]
    wb = openpyxl.load_workbook(path)
    failures = []
    args = argv[2:]
    i = 0
    while i < len(args):
        opt, val = args[i], args[i + 1]
        i += 2
        if opt == '--sheets':
            want = val.split(',')
            if wb.sheetnames != want:
                failures.append(f'sheets {wb.sheetnames} != {want}')
        elif opt == '--rows':
            sheet, n = val.split('=')
            got = wb[sheet].max_row
            if got != int(n):
                failures.append(f'{sheet}: {got} rows, expected {n}')
        elif opt == '--header':
            sheet, cols = val.split('=', 1)
            want = cols.split(',')
            got = [c.value for c in wb[sheet][1]][:len(want)]
            if got != want:
                failures.append(f'{sheet} header {got} != {want}')
        elif opt == '--cell':
            ref, spec = val.split('=', 1)
            sheet, cell = ref.split('!')
            kind, _, text = spec.partition(':')
            c = wb[sheet][cell]
            v = c.value
            if kind == 'number':
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    failures.append(f'{ref}: {v!r} ({type(v).__name__}) is not a number')
                elif not math.isclose(v, float(text), rel_tol=1e-12, abs_tol=1e-12):
                    failures.append(f'{ref}: {v!r} != {text}')
            elif kind == 'string':
                if not isinstance(v, str) or v != text:
                    failures.append(f'{ref}: {v!r} != string {text!r}')
            elif kind == 'bool':
                if not isinstance(v, bool) or v != (text == 'true'):
                    failures.append(f'{ref}: {v!r} != bool {text}')
            elif kind == 'contains':
                if not isinstance(v, str) or text not in v:
                    failures.append(f'{ref}: {v!r} does not contain {text!r}')
            elif kind == 'datetime':
                if not hasattr(v, 'year'):
                    failures.append(f'{ref}: {v!r} is not a date-time')
                elif v.strftime('%Y-%m-%dT%H:%M:%SZ') != text:
                    failures.append(f'{ref}: {v!r} != {text}')
            elif kind == 'empty':
                if v is not None:
                    failures.append(f'{ref}: {v!r} is not empty')
            else:
                failures.append(f'unknown cell kind {kind}')
        elif opt == '--fill':
            ref, rgb = val.split('=')
            sheet, cell = ref.split('!')
            got = wb[sheet][cell].fill.fgColor.rgb
            if not isinstance(got, str) or got[-6:].upper() != rgb.upper():
                failures.append(f'{ref}: fill {got!r} != {rgb}')
        elif opt == '--frozen':
            sheet, ref = val.split('=')
            if wb[sheet].freeze_panes != ref:
                failures.append(f'{sheet}: frozen at {wb[sheet].freeze_panes}, expected {ref}')
        elif opt == '--autofilter':
            sheet, ref = val.split('=')
            if wb[sheet].auto_filter.ref != ref:
                failures.append(f'{sheet}: autofilter {wb[sheet].auto_filter.ref}, expected {ref}')
        else:
            failures.append(f'unknown option {opt}')

    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
