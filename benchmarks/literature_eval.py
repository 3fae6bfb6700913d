"""Derogatory recall and precision on phrases from the published catalogues.

    .venv/bin/python benchmarks/literature_eval.py [FILE.jsonl] [-v]

Each line: {"id", "source", "text", "derogatory": bool}. The positives are the
terms a source documents, written as a clinician would use them in chat; the
negatives are the neutral alternatives the same source recommends, and
clinical or literal uses of the same words. Prints, per source and overall,
recall, precision and false nudges (negatives flagged). Default file:
tests/core/literature_phrases.jsonl (written from the sources listed in the
rules' `source` fields; see docs/derogatory-sources.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "core" / "literature_phrases.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false nudges")
    args = ap.parse_args()

    from discreet.core import Context, default_checker

    checker = default_checker()
    ctx = Context()
    per = defaultdict(lambda: [0, 0, 0, 0])  # tp, fn, fp, tn
    misses = []
    for line in args.file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        got = any(f.policy == "derogatory" for f in checker.check(row["text"], ctx))
        want = bool(row["derogatory"])
        cell = per[row["source"]]
        if want and got:
            cell[0] += 1
        elif want:
            cell[1] += 1
            misses.append(("miss", row["source"], row["text"]))
        elif got:
            cell[2] += 1
            misses.append(("false nudge", row["source"], row["text"]))
        else:
            cell[3] += 1

    def fmt(name, tp, fn, fp, tn):
        rec = tp / (tp + fn) if tp + fn else 1.0
        prec = tp / (tp + fp) if tp + fp else 1.0
        return f"{name:28} recall {rec:.3f} ({tp}/{tp + fn})  precision {prec:.3f}  false nudges {fp}/{fp + tn}"

    tot = [0, 0, 0, 0]
    for src in sorted(per):
        print(fmt(src, *per[src]))
        tot = [a + b for a, b in zip(tot, per[src])]
    print(fmt("ALL", *tot))
    if args.verbose:
        for kind, src, text in misses:
            print(f"  {kind:12} [{src}] {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
