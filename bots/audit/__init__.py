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

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .container import ExportError
from .detect import detect
from .model import Msg, Skip, Tick
from .progress import Progress
from .report import CsvOut, ReportMeta, Tally, render_html

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
    out = _private_dir(Path(out_dir), err)
    report_path, csv_path = out / "report.html", out / "findings.csv"
    csv_part = out / "findings.csv.partial"
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
        with _private_open(csv_part) as fh:
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
    except BaseException as e:
        if csv_part.exists():
            why = "" if isinstance(e, KeyboardInterrupt) else f"stopped ({type(e).__name__}); "
            print(f"\ndiscreet audit: {why}{csv_part} holds the findings read so far and is PARTIAL; "
                  "no report written", file=err, flush=True)
        raise
    finally:
        export.close()
    os.replace(csv_part, csv_path)
    seconds = time.perf_counter() - t0
    html = render_html(tally, _meta(export.platform, path, seconds, csv_path.name, slack_domain))
    part = out / "report.html.partial"
    with _private_open(part) as fh:
        fh.write(html)
    os.replace(part, report_path)
    return AuditResult(tally, export.platform, report_path, csv_path, seconds)


def _private_dir(out: Path, err) -> Path:
    """The output folder, 0700 when this run creates it (like the database:
    the CSV says who posted patient data where); an existing folder that
    others can read is kept as it is, with a warning."""
    if not out.is_dir():
        out.mkdir(parents=True, mode=0o700)
        os.chmod(out, 0o700)  # mkdir's mode goes through the umask
    elif out.stat().st_mode & 0o077:
        print(f"discreet audit: warning: {out} can be read by other users; the CSV says who posted patient "
              "data where", file=err, flush=True)
    return out


def _private_open(path: Path):
    """A new file, 0600 from the start (no window in which it is readable)."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return open(fd, "w", encoding="utf-8", newline="")


def _meta(platform: str, path, seconds: float, csv_name: str, slack_domain) -> ReportMeta:
    """What the report says it covers: the version, the policies folder, the
    disabled rules; each rule's one-line why and the guidance's sections."""
    import tomllib
    from importlib.metadata import PackageNotFoundError, version

    from discreet.core.policy import load_packs, policy_root

    try:
        ver = version("discreet")
    except PackageNotFoundError:
        ver = "unknown"
    root = policy_root()
    rules, disabled, sections = {}, [], {}
    try:
        for pack in load_packs(root).values():
            for r in pack.rules:
                rules[r.id] = (r.why, r.section)
                if not r.enabled:
                    disabled.append((r.id, r.why))
        with open(root / "guidance" / "sections.toml", "rb") as fh:
            for sec in tomllib.load(fh).get("section", []):
                aliases = sec.get("aliases") or [sec["id"]]
                sections[sec["id"]] = (sec.get("title", sec["id"]), aliases[0])
    except (OSError, ValueError, KeyError):
        pass  # the checker loaded these packs already; the report only loses its explanations
    return ReportMeta(platform=platform, source=Path(path).name, seconds=seconds, csv_name=csv_name, version=ver,
                      policies_dir=str(root.resolve()), disabled=sorted(disabled), rules=rules, sections=sections,
                      slack_domain=bool(slack_domain))
