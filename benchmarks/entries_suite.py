"""Failure rates of the entries capabilities (issue 9): patients named at the
head of an entry, and benign look-alikes of the same shapes.

    .venv/bin/python benchmarks/entries_suite.py [--n 200] [--seed 0] [--show 3]

A positive case fails unless every name in it is covered (>= 50% of its
characters) by a person_name finding; a benign case fails on any
person_name finding. The cases come from tests/core/entries_cases.py.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "core"))

from entries_cases import generate  # noqa: E402

from discreet.core import default_checker  # noqa: E402
from discreet.core.findings import Context  # noqa: E402

RULE = "person-name-entry"
WITHOUT = Context.make(disabled_rules=[RULE])


def covered(text, name, spans):
    s = text.index(name)
    e = s + len(name)
    return any(min(b, e) - max(a, s) >= 0.5 * (e - s) for a, b in spans)


def run(seed=0, n=200, checker=None):
    checker = checker or default_checker()
    res = defaultdict(lambda: [0, 0, [], 0])  # cap -> [cases, failures, examples, failures by this detector]
    for cap, pos, text, names in generate(seed, n):
        fs = [f for f in checker.check(text) if f.kind == "person_name"]
        spans = [(f.start, f.end) for f in fs]
        fail = not all(covered(text, nm, spans) for nm in names) if pos else bool(spans)
        if pos:  # the same case without this detector's rule
            base = [(f.start, f.end) for f in checker.check(text, WITHOUT) if f.kind == "person_name"]
            fail_mine = not all(covered(text, nm, base) for nm in names)
        else:  # false flags by this detector's rule
            fail_mine = any(f.rule == RULE for f in fs)
        r = res[(cap, pos)]
        r[0] += 1
        r[3] += fail_mine
        if fail:
            r[1] += 1
            r[2].append((text, [(text[f.start:f.end], f.rule) for f in fs]))
    return res


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=0)
    a = ap.parse_args(argv)
    res = run(a.seed, a.n)
    tot = {True: [0, 0, 0], False: [0, 0, 0]}
    print("rate: failure rate of the checker; patient 'without': the same with person-name-entry disabled;")
    print("benign 'by entries': false flags made by person-name-entry itself")
    print(f"{'capability':32} {'type':8} {'cases':>6} {'fail':>6} {'rate':>6} {'without/by entries':>19}")
    for (cap, pos), (n, f, ex, fm) in res.items():
        tot[pos][0] += n
        tot[pos][1] += f
        tot[pos][2] += fm
        print(f"{cap:32} {'patient' if pos else 'benign':8} {n:6} {f:6} {f / n:6.3f} {fm / n:19.3f}")
        for text, got in ex[:a.show]:
            print("    ", repr(text[:110]), got)
    for pos in (True, False):
        n, f, fm = tot[pos]
        print(f"{'ALL':32} {'patient' if pos else 'benign':8} {n:6} {f:6} {f / n:6.3f} {fm / n:19.3f}")


if __name__ == "__main__":
    main()
