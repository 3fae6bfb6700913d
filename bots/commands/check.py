"""`discreet check "TEXT"`: findings and the nudge as the author would see it.

Exit code: 0 nothing found, 1 something found (as linters do, so a script can
gate on it), 2 a usage or policy error."""

from __future__ import annotations

import json
import sys


def add_parser(sub):
    p = sub.add_parser("check", help="check one message and show the nudge (exit 1 when something is found)")
    p.add_argument("text", nargs="?", help="the message (default: read stdin)")
    p.add_argument("--staff", action="append", default=[], help="a colleague's name (repeatable)")
    p.add_argument("--json", action="store_true", help="print findings as JSON")
    p.add_argument("--file", metavar="PATH", help="check the text written in an image, PDF or text file "
                   "(read in memory; needs Tesseract for images and scans)")
    p.set_defaults(func=run)


def run(args) -> int:
    from discreet.core import Context, default_checker
    from discreet.core.nudge import build_nudge

    attachment = None
    if args.file:
        text, attachment = _read_file(args.file)
        if text is None:
            return 2
    else:
        text = args.text if args.text is not None else sys.stdin.read()
    checker = default_checker()
    findings = checker.check(text, Context.make(staff_names=args.staff))
    if args.json:
        print(json.dumps([f.to_dict() | {"why": f.why, "section": f.section, "suggestion": f.suggestion}
                          for f in findings], indent=2))
        return 1 if findings else 0
    if not findings:
        print("No findings: nothing to nudge.")
        return 0
    for f in findings:
        where = f"{f.start}-{f.end}" if f.start is not None else "whole message"
        print(f"{f.policy:12} {f.kind:20} {f.severity:6} {where:14} {f.rule}")
    print()
    print(build_nudge(text, findings, checker.packs, attachment=attachment).plain_text())
    return 1


def _read_file(path: str) -> tuple[str | None, str | None]:
    """The text in a local file, and its label for the nudge; (None, None)
    after one line on stderr when it cannot be read."""
    from discreet.bots.files import Skipped, extract

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        print(f"discreet check: cannot read {path}: {e.strerror or type(e).__name__}", file=sys.stderr)
        return None, None
    try:
        got = extract(data)
    except Skipped as s:
        print(f"discreet check: {path} was not read ({s.reason.replace('_', ' ')})", file=sys.stderr)
        return None, None
    label = {"pdf": "PDF", "image": "image"}.get(got.kind, "file")
    how = "by OCR" if got.ocr else "from its text"
    print(f"Read {len(got.text)} characters {how} ({got.kind}, {got.pages} page(s)).", file=sys.stderr)
    return got.text, label
