"""``discreet audit``: a retrospective scan of a Slack or Telegram export.

    result = audit("export.zip", "out/", slack_domain="acme")

Streams: one Slack day file, or one Telegram message, in memory at a time;
counts are aggregated and CSV rows written as the audit goes. Writes
``report.html`` (counts and charts) and ``findings.csv`` (one row per
finding, a link to the message); neither holds message text or a matched
identifier. Author ids are the platform's own (``U0123``, ``user123``): the
officer who reads the CSV holds the export, which has them anyway, and needs
them to follow up; a keyed hash would hide nothing from that reader and stop
the follow-up.

``jobs > 1`` checks on that many worker processes (``bots.audit.pool``);
the reading, counting and writing stay in this one.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .container import ExportError
from .detect import detect
from .model import Msg, Skip, Tick
from .progress import Progress
from .report import CsvOut, Tally, render_html

__all__ = ["AuditResult", "ExportError", "audit", "detect", "open_export"]


@dataclass
class AuditResult:
    tally: Tally
    platform: str
    report: Path
    csv: Path
    seconds: float


def open_export(path, fmt: str | None = None, slack_domain: str | None = None):
    fmt = fmt or detect(path)
    if fmt == "slack":
        from .slack import SlackExport
        return SlackExport(path, slack_domain)
    if fmt == "telegram":
        from .telegram import TelegramExport
        return TelegramExport(path)
    raise ExportError(f"unknown format {fmt!r} (slack or telegram)")


def audit(path, out_dir, *, fmt: str | None = None, slack_domain: str | None = None,
          progress: Progress | None = None, err=None, checker=None, jobs: int = 1) -> AuditResult:
    from discreet.core import Context, default_checker

    err = err if err is not None else sys.stderr
    t0 = time.perf_counter()
    export = open_export(path, fmt, slack_domain)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report_path, csv_path = out / "report.html", out / "findings.csv"
    tally = Tally()
    try:
        staff = export.staff_names()
        prog = progress if progress is not None else Progress(export.total_files, err)
        if jobs > 1:
            from .pool import check_stream

            def text_of(ev):
                if type(ev) is Msg and ev.text and not ev.text.isspace():
                    t, ev.text = ev.text, ""  # the text goes to a worker; no copy stays here
                    return t
                return None
            stream = check_stream(export.events(), text_of, staff, jobs)
        else:
            ctx = Context.make(staff_names=staff)
            check = (checker or default_checker()).check
            stream = ((ev, check(ev.text, ctx) if type(ev) is Msg and ev.text and not ev.text.isspace() else None)
                      for ev in export.events())
        with open(csv_path, "w", encoding="utf-8", newline="") as fh:
            rows = CsvOut(fh)
            pending = 0
            for ev, findings in stream:
                if type(ev) is Msg:
                    if findings is not None:
                        tally.add(ev, findings)
                        if findings:
                            rows.write(ev, findings)
                        pending += 1
                elif type(ev) is Tick:
                    tally.files += ev.files
                    prog.update(pending, ev.files, ev.fraction)
                    pending = 0
                elif type(ev) is Skip:
                    tally.skipped.append(ev)
                    if prog.tty:
                        err.write("\n")
                    print(f"discreet audit: skipped {ev.name}: {ev.reason}", file=err, flush=True)
            prog.update(pending)
            prog.done()
    finally:
        export.close()
    seconds = time.perf_counter() - t0
    report_path.write_text(render_html(tally, platform=export.platform, source=Path(path).name,
                                       seconds=seconds, csv_name=csv_path.name), encoding="utf-8")
    return AuditResult(tally, export.platform, report_path, csv_path, seconds)
