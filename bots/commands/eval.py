"""`discreet eval`: the behavioural suite (CheckList-style) against the checker.

Prints a table of capability x test type (MFT, INV, DIR) with cases, failures
and failure rate, then the rates per transform. The cases are synthetic
(invented people, generated numbers with valid checksums), so ``--examples``
may print failing messages.
"""

from __future__ import annotations

import json
import sys


def add_parser(sub):
    p = sub.add_parser("eval", help="behavioural suite: failure rate per capability and test type")
    p.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    p.add_argument("--n", type=int, default=100, help="MFT cases per capability (default 100); "
                   "INV and DIR use a quarter of them as bases")
    p.add_argument("--examples", type=int, default=0, metavar="K",
                   help="also print up to K failing cases per capability and test")
    p.add_argument("--by-template", action="store_true",
                   help="also print the MFT failure rate of every template that fails")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.set_defaults(func=run)


def run(args) -> int:
    from discreet.bots.evaluation import suite

    if args.n < 1:
        print("discreet eval: --n must be at least 1", file=sys.stderr)
        return 2
    report = suite.run(seed=args.seed, n=args.n)
    examples = [suite.describe(r) for r in report.failures(args.examples)] if args.examples else []
    if args.json:
        out = {"seed": report.seed, "n": report.n, "cases": len(report.results),
               "seconds": round(report.seconds, 2), "rows": report.rows(), "by_variant": report.by_variant()}
        if args.by_template:
            out["by_template"] = report.by_template("MFT")
        if examples:
            out["examples"] = examples
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(suite.table(report))
    if args.by_template:
        print()
        print(suite.template_table(report))
    if examples:
        print()
        for e in examples:
            line = f"[{e['capability']} {e['test']} {e['variant']}] {e['text']!r} found {e['found']}"
            if "base" in e:
                line += f" | base {e['base']!r} found {e['base_found']}"
            print(line)
    return 0
