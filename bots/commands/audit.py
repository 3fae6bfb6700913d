"""`discreet audit EXPORT`: how much patient data already sits in a Slack or
Telegram export. Writes report.html and findings.csv (no message text, no
matched identifier). Exit code: 0 clean, 1 some files skipped, 2 usage or
unreadable export."""

from __future__ import annotations

import os
import sys
from datetime import date


def add_parser(sub):
    p = sub.add_parser("audit", help="scan a Slack or Telegram export; write an HTML report and a CSV of findings")
    p.add_argument("export", help="Slack export (folder or zip) or Telegram Desktop export (result.json or its folder)")
    p.add_argument("--out", help="output folder (default: ./audit-<today>)")
    p.add_argument("--slack-domain", help="workspace domain, e.g. acme or acme.slack.com, for message links")
    p.add_argument("--format", choices=("slack", "telegram"), help="override format detection")
    p.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)) or 1,
                   help="worker processes for the checker (default: one per CPU)")
    p.set_defaults(func=run)


def run(args) -> int:
    from discreet.bots.audit import ExportError, audit

    out = args.out or f"audit-{date.today().isoformat()}"
    try:
        r = audit(args.export, out, fmt=args.format, slack_domain=args.slack_domain,
                  jobs=max(1, args.jobs))
    except ExportError as e:
        print(f"discreet audit: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"discreet audit: cannot read the export or write to {out} ({type(e).__name__})", file=sys.stderr)
        return 2
    t = r.tally
    print(f"{r.platform}: {t.messages:,} messages checked in {t.files:,} file(s), {r.seconds:.1f} s; "
          f"{t.flagged:,} with findings ({t.findings:,} findings: "
          + ", ".join(f"{p} {n:,}" for p, n in sorted(t.policy.items())) + ")")
    print(f"report: {r.report}\nfindings: {r.csv}")
    if t.skipped:
        print(f"{len(t.skipped)} broken file(s) or part(s) skipped (named on stderr)")
        return 1
    return 0
