#!/usr/bin/python3
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generates the project's own synthetic sample dataset.

    /usr/bin/python3 data/sample/generate-sample.py [OUTPUT_DIR]

writes sample-peaks.csv (Name, RT, Volume, Log P, Anchor: the input the
app and `ganglioside analyze` open by default) and sample-truth.csv (the
planted truth per line, for tests) next to this script, or into
OUTPUT_DIR.  The output is deterministic: the same script always writes
the same bytes.  It uses only the Python standard library.

The data imitate a reversed-phase LC-MS/MS ganglioside run; no real
measurement is copied.  The model, calibrated on published trends:

- Log P of a species is its head group's value for the 36:1;O2 ceramide,
  plus 0.545 per extra carbon, -0.6 per extra double bond and -0.9 per
  extra hydroxyl, plus a shift per modification (OAc +0.57, dHex -1.09,
  HexNAc -2.15).
- Within one group (prefix), RT is linear in Log P with a slope of 1.0 to
  1.4 and noise of 0.06 min.  More sialic acids elute earlier:
  GQ < GT < GD < GM at equal ceramide.
- O-acetylated groups elute 0.15 to 0.35 min after their base.

On top of the genuine peaks it plants, and labels in sample-truth.csv:

- isomer:   a second peak of the same GD1/GT1/GQ1 species 0.25 to 0.7 min
            later (the a/b sialylation isomers, written without a letter
            as most software exports them), plus a few lettered ones;
- fragment: in-source NeuAc loss, a peak named after the parent minus one
            sialic acid (GD1 -> GM1, GT1 -> GD1, GQ1 -> GT1, GD3 -> GM3)
            that co-elutes with its parent, far off its own line;
- misid:    a misidentified peak, 1 to 2.5 min off its group's line.

Anchors (T) are about a third of the genuine peaks of the large groups;
small modified groups have fewer than three, as in real work lists.
"""

import os
import random
import sys

SEED = 20260115

# head: (Log P at 36:1;O2, RT at 36:1;O2, slope of RT on Log P)
HEADS = {
    "GM3": (7.74, 10.60, 1.30),
    "GM2": (6.10, 10.35, 1.15),
    "GM1": (4.00, 10.10, 1.00),
    "GD3": (5.27, 10.13, 1.30),
    "GD2": (3.12, 9.70, 1.10),
    "GD1": (1.53, 9.20, 1.25),
    "GT1": (-0.94, 8.70, 1.15),
    "GQ1": (-3.40, 8.30, 1.25),
    "GP1": (-5.60, 7.90, 1.20),
}

MOD_LOGP = {"OAc": 0.57, "dHex": -1.09, "HexNAc": -2.15}

# prefix: (head, modifications, RT shift at equal ceramide vs the base)
GROUPS = [
    ("GM3", "GM3", {}, 0.0),
    ("GM2", "GM2", {}, 0.0),
    ("GM1", "GM1", {}, 0.0),
    ("GD3", "GD3", {}, 0.0),
    ("GD2", "GD2", {}, 0.0),
    ("GD1", "GD1", {}, 0.0),
    ("GT1", "GT1", {}, 0.0),
    ("GQ1", "GQ1", {}, 0.0),
    ("GD1+OAc", "GD1", {"OAc": 1}, 0.22),
    ("GT1+OAc", "GT1", {"OAc": 1}, 0.18),
    ("GQ1+2OAc", "GQ1", {"OAc": 2}, 0.35),
    ("GD3+OAc", "GD3", {"OAc": 1}, 0.20),
    ("GM1+dHex", "GM1", {"dHex": 1}, 0.12),
    ("GD1+dHex", "GD1", {"dHex": 1}, 0.15),
    ("GD1+HexNAc", "GD1", {"HexNAc": 1}, -0.30),
    ("GQ1+OAc", "GQ1", {"OAc": 1}, 0.17),
    ("GT1+2OAc", "GT1", {"OAc": 2}, 0.34),
    ("GT1+HexNAc", "GT1", {"HexNAc": 1}, -0.28),
    ("GM1+HexNAc", "GM1", {"HexNAc": 1}, -0.31),
    ("GD2+OAc", "GD2", {"OAc": 1}, 0.21),
    ("GP1", "GP1", {}, 0.0),
    ("GT1b", "GT1", {}, 0.05),
    ("GD1a", "GD1", {}, -0.10),
]

# (carbons, double bonds, hydroxyls), with how often each occurs.
CERAMIDES = [
    ((34, 1, 2), 8), ((36, 1, 2), 10), ((38, 1, 2), 9), ((40, 1, 2), 7),
    ((42, 1, 2), 5), ((36, 2, 2), 4), ((38, 2, 2), 3), ((42, 2, 2), 4),
    ((34, 0, 2), 2), ((40, 2, 2), 3), ((36, 1, 3), 2), ((38, 1, 3), 2),
    ((32, 1, 2), 3), ((44, 1, 2), 2), ((35, 1, 2), 2), ((37, 1, 2), 2),
    ((39, 1, 2), 2), ((41, 1, 2), 2), ((36, 0, 2), 2), ((38, 0, 2), 2),
    ((34, 2, 2), 2), ((40, 1, 3), 1), ((42, 3, 2), 1), ((44, 2, 2), 1),
]

# How many ceramides each group shows, and its anchor fraction.
SIZE = {
    "GM3": (22, 0.3), "GM2": (14, 0.0), "GM1": (22, 0.3), "GD3": (16, 0.3),
    "GD2": (7, 0.3), "GD1": (23, 0.3), "GT1": (24, 0.3), "GQ1": (14, 0.3),
    "GD1+OAc": (9, 0.1), "GT1+OAc": (14, 0.15), "GQ1+2OAc": (8, 0.0),
    "GD3+OAc": (7, 0.0), "GM1+dHex": (8, 0.15), "GD1+dHex": (7, 0.2),
    "GD1+HexNAc": (8, 0.3), "GQ1+OAc": (10, 0.0), "GT1+2OAc": (4, 0.0),
    "GT1+HexNAc": (5, 0.0), "GM1+HexNAc": (3, 0.0), "GD2+OAc": (2, 0.0),
    "GP1": (3, 0.0), "GT1b": (3, 0.0), "GD1a": (3, 0.34),
}

FRAGMENT_OF = {"GD1": "GM1", "GT1": "GD1", "GQ1": "GT1", "GD3": "GM3"}


def ceramide_text(cer):
    c, db, ox = cer
    return "%d:%d;O%d" % (c, db, ox)


def log_p(head, mods, cer):
    c, db, ox = cer
    value = HEADS[head][0] + 0.545 * (c - 36) - 0.6 * (db - 1) - 0.9 * (ox - 2)
    for mod, n in mods.items():
        value += MOD_LOGP[mod] * n
    return value


def rt_on_line(head, shift, lp_base, lp):
    """RT on the group's line: the base head's line through its own Log P,
    then moved along the slope by the modification's Log P change, damped
    so that a modification shifts RT by a fraction of a minute."""
    lp36, rt36, slope = HEADS[head]
    rt = rt36 + slope * (lp_base - lp36) + shift
    return rt + 0.08 * (lp - lp_base)


def volume(rng, scale=1.0):
    return max(2000, int(rng.lognormvariate(12.3, 1.3) * scale))


def pick_ceramides(rng, n):
    pool = list(CERAMIDES)
    chosen = []
    while pool and len(chosen) < n:
        total = sum(w for _, w in pool)
        x = rng.uniform(0, total)
        for i, (cer, w) in enumerate(pool):
            x -= w
            if x <= 0:
                chosen.append(cer)
                del pool[i]
                break
    return sorted(chosen)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(SEED)
    rows = []   # (prefix, cer, rt, volume, logp, anchor, truth)
    genuine = {}  # (prefix, cer) -> (rt, volume)

    for prefix, head, mods, shift in GROUPS:
        n, anchor_fraction = SIZE[prefix]
        cers = pick_ceramides(rng, n)
        n_anchor = round(anchor_fraction * len(cers))
        anchors = set(rng.sample(range(len(cers)), n_anchor))
        for i, cer in enumerate(cers):
            lp_base = log_p(head, {}, cer)
            lp = log_p(head, mods, cer)
            rt = rt_on_line(head, shift, lp_base, lp) + rng.gauss(0, 0.06)
            vol = volume(rng)
            rows.append((prefix, cer, rt, vol, lp, i in anchors, "genuine"))
            genuine[(prefix, cer)] = (rt, vol)

            # The a/b isomer of a species that can have one: same name,
            # a little later, usually smaller.
            if head in ("GD1", "GT1", "GQ1") and not mods and prefix == head \
                    and rng.random() < 0.3:
                rows.append((prefix, cer, rt + rng.uniform(0.25, 0.7), volume(rng, 0.4),
                             lp, False, "isomer"))

    # In-source fragments: the parent loses a NeuAc in the ion source.
    parents = [(p, c) for (p, c) in genuine if p in FRAGMENT_OF]
    rng.shuffle(parents)
    for prefix, cer in sorted(parents[:18]):
        rt, vol = genuine[(prefix, cer)]
        child = FRAGMENT_OF[prefix]
        rows.append((child, cer, rt + rng.gauss(0, 0.012), int(vol * rng.uniform(0.15, 0.7)),
                     log_p(child, {}, cer), False, "fragment"))

    # Misidentifications: a name that does not fit the peak's RT.
    candidates = [(p, c) for (p, c) in genuine if p in ("GM3", "GM1", "GD1", "GT1", "GD3",
                                                          "GM2", "GQ1", "GT1+OAc")]
    rng.shuffle(candidates)
    for prefix, cer in sorted(candidates[:10]):
        head = next(g[1] for g in GROUPS if g[0] == prefix)
        mods = next(g[2] for g in GROUPS if g[0] == prefix)
        shift = next(g[3] for g in GROUPS if g[0] == prefix)
        lp = log_p(head, mods, cer)
        off = rng.choice((-1, 1)) * rng.uniform(1.0, 2.5)
        rt = rt_on_line(head, shift, log_p(head, {}, cer), lp) + off
        rows.append((prefix, cer, rt, volume(rng, 0.3), lp, False, "misid"))

    # Work lists are sorted by group and ceramide, with repeats together.
    order = {g[0]: i for i, g in enumerate(GROUPS)}
    rows.sort(key=lambda r: (order[r[0]], r[1], r[2]))

    with open(os.path.join(out_dir, "sample-peaks.csv"), "w", newline="") as f, \
         open(os.path.join(out_dir, "sample-truth.csv"), "w", newline="") as t:
        f.write("Name,RT,Volume,Log P,Anchor\n")
        t.write("Line,Name,Truth\n")
        for line, (prefix, cer, rt, vol, lp, anchor, truth) in enumerate(rows, start=2):
            name = "%s(%s)" % (prefix, ceramide_text(cer))
            f.write("%s,%.3f,%d,%.2f,%s\n" % (name, rt, vol, lp, "T" if anchor else "F"))
            t.write("%d,%s,%s\n" % (line, name, truth))

    counts = {}
    for r in rows:
        counts[r[6]] = counts.get(r[6], 0) + 1
    print("%d rows, %d anchors: %s" % (len(rows), sum(1 for r in rows if r[5]),
          ", ".join("%s %d" % kv for kv in sorted(counts.items()))), file=sys.stderr)


if __name__ == "__main__":
    main()
