"""Derogatory precision, recall and false nudges on clinicians' own public writing.

    .venv/bin/python benchmarks/real_own_eval.py FILE.jsonl [-v]

FILE: passages from public forums, blogs and articles, labelled by hand, each
with its "source" (the eval schema plus "source"). Such passages are other
people's writing: they are kept outside the repository, with the team's
held-back data, and only this script and the figures it prints live here.
Lines whose "note" is "held-out" were never looked at while tuning; the
figures are printed for the tuned part, the held-out part and all. With -v,
the misses and false nudges of the tuned part are listed (never the
held-out ones).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    from discreet.core import Context, default_checker

    checker, ctx = default_checker(), Context()
    rows = [json.loads(x) for x in args.file.read_text(encoding="utf-8").splitlines() if x.strip()]
    got = {r["id"]: [f for f in checker.check(r["text"], ctx) if f.policy == "derogatory"] for r in rows}
    for part in ("tune", "held-out", None):
        tp = fp = fn = tn = 0
        for r in rows:
            if part and r.get("note") != part:
                continue
            g, want = bool(got[r["id"]]), bool(r["expect"]["derogatory"])
            tp += g and want
            fp += g and not want
            fn += want and not g
            tn += not g and not want
            if args.verbose and part == "tune" and g != want:
                print(("false nudge " if g else "miss        ") + r["id"], [f.rule for f in got[r["id"]]])
        p = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        print(f"{part or 'ALL':9} precision {p:.2f}  recall {rec:.2f} ({tp}/{tp + fn})  "
              f"false nudges {fp}/{fp + tn} ({fp / max(1, fp + tn):.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
