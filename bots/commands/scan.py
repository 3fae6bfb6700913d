"""`discreet scan [FILE|-]`: JSONL in ({"id", "text"}), predictions JSONL out.

The output is exactly the predictions format of the shared eval (one line per
message). A bad line is reported on stderr by line number and skipped; the exit
code is 1 when any line was skipped.
"""

from __future__ import annotations

import json
import sys


def add_parser(sub):
    p = sub.add_parser("scan", help="check a JSONL file of messages, print predictions JSONL")
    p.add_argument("file", nargs="?", default="-", help="JSONL file, or - for stdin (default)")
    p.set_defaults(func=run)


def run(args) -> int:
    from discreet.core import default_checker

    checker = default_checker()
    src = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8", errors="replace")
    skipped = 0
    out = sys.stdout
    with src:
        for lineno, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"), str):
                    raise ValueError('expected an object with "id" and a string "text"')
            except ValueError as e:
                msg = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
                print(f"discreet scan: line {lineno}: skipped: {msg}", file=sys.stderr)
                skipped += 1
                continue
            findings = checker.check(row["text"])
            out.write(json.dumps({"id": row["id"], "findings": [f.to_dict() for f in findings]}) + "\n")
    if skipped:
        print(f"discreet scan: {skipped} line(s) skipped", file=sys.stderr)
    return 1 if skipped else 0
