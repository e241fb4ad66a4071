#!/usr/bin/python3
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# An independent, deliberately naive (quadratic, no indexing) implementation
# of the side reports of ANALYSIS.md §7, with the choices documented at the
# top of src/engine/gw-side-reports.c.  It writes the findings for a CSV file
# as sorted text lines, which tests/engine/test-side-reports.c compares with
# the engine's.  Run with Debian's python3 (standard library only):
#
#   /usr/bin/python3 oracle.py ../../../../shared/data/testwork_user.csv \
#       > testwork_user-expected.txt
import csv
import math
import re
import sys

NAME = re.compile(r'^G([AMDTQP])([1-4])([abc]?)((?:\+\d*[A-Za-z0-9]+)*)\(([dt]?)(\d+):(\d+)(?:\s*;O(\d+))?\)$')
SIALIC = 'AMDTQP'
MODS = ['OAc', 'dHex', 'Fuc', 'Hex', 'HexNAc', 'NeuAc', 'NeuGc', 'Ac', 'SO3']
CATS = ['GA', 'GM', 'GD', 'GT', 'GQ', 'GP']
SIGN = {'OAc': 1, 'dHex': 1, 'Fuc': 1, 'Ac': 1, 'Hex': -1, 'NeuAc': -1, 'NeuGc': -1, 'SO3': -1}
TOL = 0.1
EPS = 1e-9


def parse(name):
    m = NAME.match(name.strip())
    if not m:
        return None
    letter, f, iso, mods, dt, c, db, ox = m.groups()
    counts = {}
    for tok in mods.split('+')[1:]:
        mm = re.match(r'^(\d*)([A-Za-z0-9]+)$', tok)
        n = int(mm.group(1)) if mm.group(1) else 1
        if mm.group(2) not in MODS:
            return None
        counts[mm.group(2)] = counts.get(mm.group(2), 0) + n
    if ox is None:
        ox = {'d': 2, 't': 3}.get(dt, 2)
    sialic = SIALIC.index(letter)
    return dict(sialic=sialic, f=int(f), iso=iso, mods=counts,
                cer=(int(c), int(db), int(ox)), sugars=sialic + 5 - int(f),
                cat=CATS[sialic])


def cer_str(cer):
    return '%d:%d;O%d' % cer


def main(path):
    rows = []
    with open(path, newline='', encoding='utf-8-sig') as fh:
        for i, rec in enumerate(csv.DictReader(fh)):
            p = parse(rec['Name'])
            try:
                rt = float(rec['RT'])
                vol = float(rec['Volume'])
            except ValueError:
                continue
            if p is None:
                continue
            rows.append(dict(line=i + 2, idx=i, rt=rt, vol=vol, **p))

    out = []

    def same_name_without(r, mod):
        mods = dict(r['mods'])
        mods.pop(mod, None)
        return [b for b in rows
                if b['sialic'] == r['sialic'] and b['f'] == r['f'] and b['iso'] == r['iso']
                and b['cer'] == r['cer'] and b['mods'] == mods]

    def pick(r, bases, sign):
        # Nearest on the expected side; else nearest overall.  Ties: input order.
        side = [b for b in bases if (b['rt'] < r['rt'] if sign > 0 else b['rt'] > r['rt'])]
        pool = side if side else bases
        return min(pool, key=lambda b: (abs(r['rt'] - b['rt']), b['idx']))

    # Rule 4
    for r in rows:
        n = r['mods'].get('OAc', 0)
        if n == 0:
            continue
        bases = same_name_without(r, 'OAc')
        if not bases:
            out.append('oac %d - no_base' % r['line'])
            continue
        b = pick(r, bases, +1)
        d = r['rt'] - b['rt']
        if d <= 0:
            flag = 'rt_not_raised'
        elif d / n < 0.05 - EPS or d / n > 0.5 + EPS:
            flag = 'shift_out_of_range'
        else:
            flag = 'ok'
        out.append('oac %d %d %s %.6f' % (r['line'], b['line'], flag, d))

    # Rule 5
    cers = {}
    for r in rows:
        cers.setdefault(r['cer'], []).append(r)
    for cer, members in cers.items():
        ms = sorted(members, key=lambda r: (r['rt'], r['idx']))
        i = 0
        while i < len(ms):
            j = i
            while j + 1 < len(ms) and ms[j + 1]['rt'] - ms[i]['rt'] <= TOL + EPS:
                j += 1
            if j > i:
                s = ms[i:j + 1]
                top = s[0]
                for r in s:
                    if r['sugars'] > top['sugars']:
                        top = r
                out.append('coelution %s top=%d volume=%.1f' % (
                    ','.join(str(r['line']) for r in s), top['line'], sum(r['vol'] for r in s)))
            i = j + 1

    # Rule 6
    for cer, members in cers.items():
        n = len(members)
        if n < 3 or len(set(r['sugars'] for r in members)) < 2:
            continue
        xs = [r['sugars'] for r in members]
        ys = [r['rt'] for r in members]
        mx, my = sum(xs) / n, sum(ys) / n
        sxx = sum((x - mx) ** 2 for x in xs)
        syy = sum((y - my) ** 2 for y in ys)
        sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
        if syy == 0:
            out.append('sugar_rt %s n=%d r=nan flagged=0' % (cer_str(cer), n))
            continue
        r = max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))
        if abs(r) >= 1:
            p = 0.0
        else:
            t = r * math.sqrt((n - 2) / (1 - r * r))
            p = t_two_sided(abs(t), n - 2)
        flagged = r > 0.3 and p < 0.1
        out.append('sugar_rt %s n=%d r=%.6f p=%.6f flagged=%d' % (cer_str(cer), n, r, p, flagged))

    # Rule 7
    means = {}
    for c in CATS:
        rts = [r['rt'] for r in rows if r['cat'] == c]
        if rts:
            means[c] = sum(rts) / len(rts)
            out.append('category_mean %s n=%d mean=%.6f' % (c, len(rts), means[c]))
    present = [c for c in ['GP', 'GQ', 'GT', 'GD', 'GM'] if c in means]
    for a, b in zip(present, present[1:]):
        if means[a] > means[b]:
            out.append('category_inversion %s %s' % (a, b))

    # Rule 8
    for r in rows:
        for mod, count in r['mods'].items():
            sign = SIGN.get(mod, 0)
            if sign == 0:
                continue
            bases = same_name_without(r, mod)
            if not bases:
                continue
            b = pick(r, bases, sign)
            shift = (r['rt'] - b['rt']) / count
            out.append('mod_shift %d %d %s %d flagged=%d' % (
                r['line'], b['line'], mod, count, shift * sign <= 0))

    # Rule 9: same ceramide, digit and modifications; isomer letter ignored.
    for r in rows:
        fewer = [b for b in rows if b['cer'] == r['cer'] and b['f'] == r['f']
                 and b['mods'] == r['mods'] and b['sialic'] < r['sialic']]
        if not fewer:
            continue
        b = min(fewer, key=lambda b: (b['rt'], b['idx']))
        if r['rt'] - b['rt'] > TOL + EPS:
            out.append('cross %s %d %d' % (cer_str(r['cer']), r['line'], b['line']))

    for line in sorted(out):
        print(line)


def t_two_sided(t, df):
    # 2·P(T > t) = I_{df/(df+t²)}(df/2, 1/2), the regularised incomplete
    # beta function, by its continued fraction (Numerical Recipes 6.4).
    x = df / (df + t * t)
    return betainc(df / 2.0, 0.5, x)


def betainc(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(lbeta + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return front * betacf(a, b, x) / a
    return 1 - front * betacf(b, a, 1 - x) / b


def betacf(a, b, x):
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        de = d * c
        h *= de
        if abs(de - 1) < 1e-15:
            break
    return h


if __name__ == '__main__':
    main(sys.argv[1])
