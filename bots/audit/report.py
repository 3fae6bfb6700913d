"""Counts, the findings CSV and the HTML report. Nothing here ever sees a
matched identifier: a finding is (policy, kind, rule, severity) and offsets,
and offsets are dropped here."""

from __future__ import annotations

import csv
import html
from collections import Counter, defaultdict
from datetime import datetime, timezone
from typing import IO

from discreet.core import POLICIES, Finding

from .model import Msg, Skip

CSV_FIELDS = ("channel", "channel_id", "timestamp", "author_id", "policy", "kind", "severity", "rule",
              "message_id", "link")
COLOURS = {"identifiers": "#c0392b", "derogatory": "#8e44ad"}
_SEV_ORDER = {"high": 0, "medium": 1, "low": 2}


class Tally:
    """Running totals: memory grows with the number of channels, months and
    rules, never with the number of messages."""

    def __init__(self):
        self.messages = 0  # message objects with something to check
        self.flagged = 0  # messages with at least one finding
        self.findings = 0
        self.files = 0
        self.skipped: list[Skip] = []
        self.policy = Counter()  # policy -> findings
        self.policy_msgs = Counter()  # policy -> messages
        self.kind = Counter()  # (policy, kind) -> findings
        self.kind_msgs = Counter()
        self.rule = Counter()  # (policy, kind, rule, severity) -> findings
        self.severity = Counter()
        self.channel = defaultdict(Counter)  # channel -> policy -> findings
        self.channel_msgs = Counter()  # channel -> messages checked
        self.channel_flagged = Counter()
        self.month = defaultdict(Counter)  # "YYYY-MM" -> policy -> findings

    def add(self, msg: Msg, findings: list[Finding]) -> None:
        self.messages += 1
        self.channel_msgs[msg.channel] += 1
        if not findings:
            return
        self.flagged += 1
        self.channel_flagged[msg.channel] += 1
        self.findings += len(findings)
        for f in findings:
            self.policy[f.policy] += 1
            self.kind[(f.policy, f.kind)] += 1
            self.rule[(f.policy, f.kind, f.rule, f.severity)] += 1
            self.severity[f.severity] += 1
            self.channel[msg.channel][f.policy] += 1
            self.month[msg.month][f.policy] += 1
        for p in {f.policy for f in findings}:
            self.policy_msgs[p] += 1
        for k in {(f.policy, f.kind) for f in findings}:
            self.kind_msgs[k] += 1


class CsvOut:
    """One row per finding, written as the audit goes."""

    def __init__(self, fh: IO[str]):
        self.w = csv.writer(fh, lineterminator="\n")
        self.w.writerow(CSV_FIELDS)

    def write(self, msg: Msg, findings: list[Finding]) -> None:
        for f in findings:
            self.w.writerow([_cell(msg.channel), _cell(msg.channel_id), msg.when, _cell(msg.author), f.policy,
                             f.kind, f.severity, f.rule, _cell(msg.message_id), msg.link])


def _cell(v: str) -> str:
    """A spreadsheet opens a cell starting with = + - @ as a formula: quote it."""
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v


# -- HTML -------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#222;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.muted{color:#666}.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.5rem}table{border-collapse:collapse;margin:.5rem 0;width:100%}
th,td{border-bottom:1px solid #eee;padding:.3rem .5rem;text-align:left}td.n,th.n{text-align:right}
.key span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
svg text{font:12px system-ui,sans-serif;fill:#333}.warn{color:#a04000}
"""


def _e(v) -> str:
    return html.escape(str(v), quote=True)


def _n(v: int) -> str:
    return f"{v:,}"


def _hbars(rows: list[tuple[str, Counter]], title: str) -> str:
    """Horizontal stacked bars, one per channel."""
    if not rows:
        return '<p class="muted">No findings.</p>'
    top = max(sum(c.values()) for _, c in rows) or 1
    label_w, bar_w, h = 220, 560, 22
    out = [f'<svg role="img" aria-label="{_e(title)}" width="{label_w + bar_w + 70}" '
           f'height="{h * len(rows) + 10}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, c) in enumerate(rows):
        y = 5 + i * h
        short = label if len(label) <= 30 else label[:29] + "…"
        out.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end"><title>{_e(label)}</title>{_e(short)}</text>')
        x = label_w
        for p in POLICIES:
            w = c.get(p, 0) / top * bar_w
            if w:
                out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{max(w, 1):.1f}" height="{h - 6}" fill="{COLOURS[p]}">'
                           f'<title>{_e(p)}: {c[p]}</title></rect>')
                x += w
        out.append(f'<text x="{x + 5:.1f}" y="{y + 15}">{_n(sum(c.values()))}</text>')
    out.append("</svg>")
    return "".join(out)


def _vbars(rows: list[tuple[str, Counter]], title: str) -> str:
    """Vertical stacked bars, one per month."""
    if not rows:
        return '<p class="muted">No findings.</p>'
    top = max(sum(c.values()) for _, c in rows) or 1
    col = max(14, min(48, 760 // len(rows)))
    height, base = 220, 240
    out = [f'<svg role="img" aria-label="{_e(title)}" width="{col * len(rows) + 60}" height="{base + 60}" '
           f'xmlns="http://www.w3.org/2000/svg">']
    for i, (label, c) in enumerate(rows):
        x = 40 + i * col
        y = base
        for p in POLICIES:
            hh = c.get(p, 0) / top * height
            if hh:
                y -= hh
                out.append(f'<rect x="{x + 2}" y="{y:.1f}" width="{col - 4}" height="{max(hh, 1):.1f}" fill="{COLOURS[p]}">'
                           f'<title>{_e(label)} {_e(p)}: {c[p]}</title></rect>')
        if col >= 30 or i % max(1, 30 // col) == 0:
            out.append(f'<text transform="translate({x + col / 2 + 4},{base + 8}) rotate(60)">{_e(label)}</text>')
    out.append(f'<text x="0" y="{base - height + 4}">{_n(top)}</text><text x="0" y="{base}">0</text>')
    out.append("</svg>")
    return "".join(out)


def _table(head: list[str], rows: list[list], numeric_from: int) -> str:
    if not rows:
        return '<p class="muted">None.</p>'
    th = "".join(f'<th{" class=n" if i >= numeric_from else ""}>{_e(h)}</th>' for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(
        f'<td class="n">{_n(v) if isinstance(v, int) else _e(v)}</td>' if i >= numeric_from else f"<td>{_e(v)}</td>"
        for i, v in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def render_html(t: Tally, *, platform: str, source: str, seconds: float, csv_name: str, max_channels: int = 25) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    chans = sorted(t.channel.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    if len(chans) > max_channels:
        rest = Counter()
        for _, c in chans[max_channels - 1:]:
            rest.update(c)
        chans = chans[: max_channels - 1] + [(f"{len(chans) - max_channels + 1} other channels", rest)]
    months = sorted(t.month.items())
    pct = f"{t.flagged / t.messages:.2%}" if t.messages else "n/a"
    cards = [("messages checked", _n(t.messages)), ("messages with findings", f"{_n(t.flagged)} ({pct})"),
             ("findings", _n(t.findings))]
    cards += [(f"{p} findings", _n(t.policy.get(p, 0))) for p in POLICIES]
    cards += [("files read", _n(t.files)), ("broken files skipped", _n(len(t.skipped)))]
    key = "".join(f'<span style="background:{COLOURS[p]}"></span>{_e(p)}' for p in POLICIES)
    kinds = [[p, k, t.kind_msgs[(p, k)], n] for (p, k), n in sorted(t.kind.items(), key=lambda kv: (kv[0][0], -kv[1]))]
    rules = [[p, k, r, s, n] for (p, k, r, s), n in
             sorted(t.rule.items(), key=lambda kv: (kv[0][0], _SEV_ORDER.get(kv[0][3], 9), -kv[1], kv[0][2]))]
    policies = [[p, t.policy_msgs.get(p, 0), t.policy.get(p, 0)] for p in POLICIES]
    sev = [[s, t.severity[s]] for s in sorted(t.severity, key=lambda s: _SEV_ORDER.get(s, 9))]
    per_chan = [[c, t.channel_msgs[c], t.channel_flagged[c], sum(t.channel[c].values())]
                for c, _ in sorted(t.channel.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))]
    skipped = "".join(f"<li><code>{_e(s.name)}</code>: {_e(s.reason)}</li>" for s in t.skipped[:200])
    if len(t.skipped) > 200:
        skipped += f"<li>… and {len(t.skipped) - 200} more (listed on stderr)</li>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Discreet audit: {_e(platform)} export</title><style>{_CSS}</style></head><body>
<h1>Discreet audit of a {_e(platform.capitalize())} export</h1>
<p class="muted">{_e(source)} · audited {_e(now)} in {seconds:.0f} s · checks against the SAMA/HPCSA social-media guidance
(patient identifiers, derogatory remarks). This report holds counts only: no message text and no matched identifier.
Each finding is listed, with a link to the message, in <code>{_e(csv_name)}</code>.</p>
<div class="cards">{"".join(f'<div class="card"><b>{v}</b>{_e(k)}</div>' for k, v in cards)}</div>
{f'<p class="warn">{_n(len(t.skipped))} file(s) or part(s) of the export could not be read and were skipped: the counts leave them out.</p>' if t.skipped else ''}
<h2>Findings per channel</h2><p class="key">{key}</p>{_hbars(chans, "findings per channel")}
<h2>Findings per month</h2><p class="key">{key}</p>{_vbars(months, "findings per month")}
<h2>By policy</h2>{_table(["policy", "messages", "findings"], policies, 1)}
<h2>By kind</h2>{_table(["policy", "kind", "messages", "findings"], kinds, 2)}
<h2>By rule</h2>{_table(["policy", "kind", "rule", "severity", "findings"], rules, 4)}
<h2>By severity</h2>{_table(["severity", "findings"], sev, 1)}
<h2>Channels</h2>{_table(["channel", "messages checked", "messages with findings", "findings"], per_chan, 1)}
<h2>Skipped</h2>{f"<ul>{skipped}</ul>" if skipped else '<p class="muted">Nothing skipped.</p>'}
</body></html>
"""
