"""Derogatory precision / recall of the rules alone and of rules + scorer.

    .venv/bin/python benchmarks/derog_scorer_eval.py FILE.jsonl [FILE.jsonl ...] [-v] [--th 0.9]

FILE: the eval schema ({"text", "expect": {"derogatory": ...}}) or the
literature schema ({"text", "derogatory": ...}). "Rules alone" is the same
checker with the scorer's rule (derog-scorer) disabled for the channel. With
-v, the ids of the messages where the scorer changes the verdict are listed
(ids only: never the text). --th overrides the scorer's threshold for a
what-if (the shipped one is in policies/derogatory/scorer.toml).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", type=Path, nargs="+")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--th", type=float, default=None)
    args = ap.parse_args()

    from discreet.core import Context, default_checker

    checker = default_checker()
    det = next(d for d in checker.detectors if d.policy == "derogatory")
    if args.th is not None:
        det.scorer_logit = math.log(args.th / (1 - args.th))
    on, off = Context(), Context.make(disabled_rules=("derog-scorer",))
    for path in args.files:
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        for name, ctx in (("rules alone", off), ("rules + scorer", on)):
            tp = fp = fn = tn = 0
            for r in rows:
                want = bool(r["expect"]["derogatory"] if "expect" in r else r["derogatory"])
                got = any(f.policy == "derogatory" for f in checker.check(r["text"], ctx))
                tp += got and want
                fp += got and not want
                fn += want and not got
                tn += not got and not want
            p = tp / (tp + fp) if tp + fp else 1.0
            rec = tp / (tp + fn) if tp + fn else 1.0
            print(f"{path.name:32} {name:15} P {p:.3f}  R {rec:.3f} ({tp}/{tp + fn})  false nudges {fp}/{fp + tn}")
        if args.verbose:
            for r in rows:
                want = bool(r["expect"]["derogatory"] if "expect" in r else r["derogatory"])
                g = [f for f in checker.check(r["text"], on) if f.rule == "derog-scorer"]
                if g:
                    print(f"   scorer {'adds ' if want else 'FALSE'} {r['id']} target={g[0].target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
