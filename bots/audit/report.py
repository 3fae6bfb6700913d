"""Counts, the findings CSV and the HTML report. Nothing here ever sees a
matched identifier: a finding is (policy, kind, rule, severity) and offsets,
and offsets are dropped here."""

from __future__ import annotations

import csv
import html
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
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
        self.month_msgs = Counter()  # "YYYY-MM" -> messages checked
        self.first = ""  # ISO time of the earliest and latest message checked
        self.last = ""
        self.linkless = 0  # findings whose message has no link

    def add(self, msg: Msg, findings: list[Finding]) -> None:
        self.messages += 1
        self.channel_msgs[msg.channel] += 1
        self.month_msgs[msg.month] += 1
        if msg.when:
            if not self.first or msg.when < self.first:
                self.first = msg.when
            if msg.when > self.last:
                self.last = msg.when
        if not findings:
            return
        self.flagged += 1
        self.channel_flagged[msg.channel] += 1
        self.findings += len(findings)
        if not msg.link:
            self.linkless += len(findings)
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
# One self-contained page: inline CSS, no script, no external resource (the
# Content-Security-Policy says so to the browser too). Charts are plain HTML
# bars, so their labels stay readable from 400 px wide up; every chart is
# followed by the table of its figures, which describes it for a screen reader.

KIND_NAMES = {
    "person_name": "patient's or relative's name", "national_id": "ID number",
    "record_number": "folder or record number", "health_plan_number": "medical aid number",
    "phone": "phone number", "email": "e-mail address", "date_of_birth": "date of birth", "address": "address",
    "combination": "details that together single out a patient",
    "doubt_marker": "doubting a patient's account", "medical_slang": "demeaning medical slang",
    "stigmatising_label": "stigmatising label", "discrediting_label": "discrediting label",
    "defamatory_claim": "defamatory claim", "body_shaming": "body shaming", "mental_health_slur": "mental-health slur",
    "mocking_nickname": "mocking nickname",
}
POLICY_NAMES = {"identifiers": "patient identifiers", "derogatory": "derogatory remarks"}
_DIRECT = ("DM ", "group DM ", "personal chat")  # the readers' labels for direct messages
CHART_TOP = 15  # channels plotted; the rest are stated in words
RATE_MIN_MESSAGES = 100  # a channel enters the ranking by rate from this many messages
TABLE_MAX = 500


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.replace("_", " "))


@dataclass
class ReportMeta:
    platform: str
    source: str
    seconds: float
    csv_name: str
    version: str = "unknown"
    policies_dir: str = ""
    disabled: list[tuple[str, str]] = field(default_factory=list)  # (rule id, why)
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)  # rule id -> (why, section)
    sections: dict[str, tuple[str, str]] = field(default_factory=dict)  # section id -> (title, /guidance alias)
    slack_domain: bool = False


_CSS = """
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#222;margin:1.5rem auto;max-width:62rem;padding:0 1rem;overflow-wrap:break-word}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
h3{font-size:1rem;margin:1.2rem 0 .3rem}
.muted{color:#595959}.warn{color:#8a3700}code{font-size:.9em;overflow-wrap:anywhere}
dl.cover{display:grid;grid-template-columns:minmax(7rem,12rem) 1fr;gap:.2rem 1rem;margin:.5rem 0}
dl.cover dt{font-weight:600}dl.cover dd{margin:0;min-width:0}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;flex:1 1 8.5rem}
.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}
th,td{border-bottom:1px solid #eee;padding:.3rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{font-weight:600;overflow-wrap:normal}td.n,th.n{text-align:right}td.n{white-space:nowrap;overflow-wrap:normal}
caption{text-align:left;font-weight:600;padding:.3rem 0}
td .why{display:block;color:#444}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.4rem}
.key{margin:.2rem 0 .5rem}.key span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 .8rem;vertical-align:middle}
.key span:first-child{margin-left:0}
.bars{display:grid;grid-template-columns:minmax(5rem,13rem) minmax(0,1fr) auto;gap:.25rem .5rem;align-items:center}
.bars .lab{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bars .track{display:flex;height:1rem;min-width:0}
.bars .track i{display:block;height:100%}
.bars .val{text-align:right;font-variant-numeric:tabular-nums}
.i0{background:#c0392b}.i1{background:#7d3c98}
@media (max-width:34rem){
 body{font-size:14px;padding:0 .6rem}
 .bars{grid-template-columns:minmax(0,1fr) auto}.bars .lab{grid-column:1/-1;margin-top:.2rem}
 dl.cover{grid-template-columns:1fr}dl.cover dd{margin-bottom:.3rem}
 table{font-size:13px}th,td{padding:.25rem .2rem}th{hyphens:auto}
}
@media print{
 body{margin:0;max-width:none;font-size:11pt}
 h2,h3,figcaption,caption{break-after:avoid;page-break-after:avoid}
 figure,.keep,tr{break-inside:avoid;page-break-inside:avoid}
 .i0,.i1,.key span{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""


def _e(v) -> str:
    return html.escape(str(v), quote=True)


def _n(v: int) -> str:
    return f"{v:,}"


def _rate(n: int, msgs: int) -> str:
    return f"{n * 1000 / msgs:,.1f}" if msgs else "n/a"


def short_names(labels, width: int = 26) -> dict[str, str]:
    """Each label shortened to about ``width`` characters, the short forms all
    distinct. Channels of one hospital tend to share a long start
    ("#department-of-internal-medicine-ward-0..."): where the plain cut-off
    would clash, the part where the names differ is kept instead, behind the
    first few characters; a number is added only if that is not enough."""
    labels = list(labels)
    head = {lb: lb if len(lb) <= width else lb[: width - 1] + "…" for lb in labels}
    groups: dict[str, list[str]] = {}
    for lb in labels:
        groups.setdefault(head[lb], []).append(lb)
    out: dict[str, str] = {}
    seen: set[str] = set()
    for lb in labels:
        short = head[lb]
        group = groups[short]
        if len(group) > 1 and len(lb) > width:
            cp = len(os.path.commonprefix(group))
            start = _word_start(lb, cp)  # the word that differs, and the one before it ("ward-007")
            if cp - _word_start(lb, start - 1) <= 14:
                start = _word_start(lb, start - 1)
            keep = width - 5
            short = lb[:4] + "…" + lb[start:start + keep] + ("…" if start + keep < len(lb) else "")
        base, i = short, 2
        while short in seen:
            short, i = f"{base} ({i})", i + 1
        seen.add(short)
        out[lb] = short
    return out


def _word_start(s: str, at: int) -> int:
    return max(s.rfind(sep, 0, max(at, 0)) for sep in "-_ .#") + 1


def _bars(rows: list[tuple[str, str, Counter]], label: str, table_id: str) -> str:
    """Horizontal stacked bars (one per row: full label, short label, counts
    per policy), scaled to the largest row shown. The figures are in the table
    ``table_id``, which describes the chart."""
    if not rows:
        return '<p class="muted">No findings.</p>'
    top = max(sum(c.values()) for _, _, c in rows) or 1
    out = [f'<div class="bars" role="img" aria-label="{_e(label)}" aria-describedby="{table_id}">']
    for full, short, c in rows:
        segs = "".join(f'<i class="i{j}" style="width:{c.get(p, 0) / top * 100:.2f}%"></i>'
                       for j, p in enumerate(POLICIES) if c.get(p, 0))
        out.append(f'<span class="lab" title="{_e(full)}">{_e(short)}</span><span class="track">{segs}</span>'
                   f'<span class="val">{_n(sum(c.values()))}</span>')
    out.append("</div>")
    return "".join(out)


def _table(head: list[str], rows: list[list], numeric_from: int, *, tid: str = "", caption: str = "",
           raw_cols: tuple[int, ...] = ()) -> str:
    if not rows:
        return '<p class="muted">None.</p>'
    th = "".join(f'<th scope="col"{" class=n" if i >= numeric_from else ""}>{_shy(_e(h))}</th>' for i, h in enumerate(head))

    def cell(i, v):
        if i >= numeric_from:
            return f'<td class="n">{_n(v) if isinstance(v, int) else _e(v)}</td>'
        return f"<td>{v if i in raw_cols else _e(v)}</td>"
    body = "".join("<tr>" + "".join(cell(i, v) for i, v in enumerate(r)) + "</tr>" for r in rows)
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    ident = f' id="{tid}"' if tid else ""
    return f"<table{ident}>{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


_SHY = {"messages": "mes&shy;sages", "identifiers": "iden&shy;ti&shy;fiers", "derogatory": "dero&shy;ga&shy;tory",
        "findings": "find&shy;ings", "checked": "check&shy;ed", "severity": "sever&shy;ity",
        "patient": "pa&shy;tient", "remarks": "re&shy;marks", "1,000": "1,000"}


def _shy(h: str) -> str:
    """Soft hyphens, so that a narrow column's heading breaks inside a word
    with a hyphen rather than anywhere."""
    return " ".join(_SHY.get(w, w) for w in h.split(" "))


def _key() -> str:
    return '<p class="key" aria-hidden="true">' + "".join(
        f'<span class="i{j}"></span>{_e(POLICY_NAMES[p])}' for j, p in enumerate(POLICIES)) + "</p>"


def _day(iso: str) -> str:
    return iso[:10] if iso else "unknown"


def _partial_months(t: Tally) -> dict[str, str]:
    """The first and last months are partial unless the export starts on the
    1st and ends on the month's last day."""
    out = {}
    if t.first:
        d = date.fromisoformat(t.first[:10])
        if d.day != 1:
            out[t.first[:7]] = f"partial: from the {d.day}{_th(d.day)}"
    if t.last:
        d = date.fromisoformat(t.last[:10])
        if (d + timedelta(days=1)).day != 1:
            note = f"to the {d.day}{_th(d.day)}"
            out[t.last[:7]] = (out[t.last[:7]] + " " + note) if t.last[:7] in out else f"partial: {note}"
    return out


def _th(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def render_html(t: Tally, meta: ReportMeta | None = None, **kw) -> str:
    m = meta or ReportMeta(**kw)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    P = POLICIES
    pct = f"{t.flagged / t.messages:.2%}" if t.messages else "n/a"

    # -- what it covers
    partial = _partial_months(t)
    n_months = len([k for k in t.month_msgs if k != "unknown"])
    period = (f"{_day(t.first)} to {_day(t.last)} (first and last message checked; {n_months} month(s)"
              + (f", of which {', '.join(sorted(partial))} partial" if partial else "") + ")") if t.first else "unknown"
    disabled = ("".join(f"<li><code>{_e(r)}</code>: {_e(w)}</li>" for r, w in m.disabled)
                if m.disabled else "")
    cover = [("Export", f"{_e(m.source)} ({_e(m.platform.capitalize())})"), ("Period", _e(period)),
             ("Discreet", f"version {_e(m.version)}"),
             ("Policies", f"<code>{_e(m.policies_dir)}</code>: {_e(', '.join(POLICY_NAMES[p] for p in P))}"),
             ("Disabled rules", f"<ul>{disabled}</ul>" if disabled else "none: every rule was on"),
             ("Audited", f"{_e(now)}, in {m.seconds:.0f} s; {_n(t.files)} file(s) read"
              + (f", {_n(len(t.skipped))} skipped (see the end)" if t.skipped else ""))]
    cards = [("messages checked", _n(t.messages)), ("messages with findings", f"{_n(t.flagged)} ({pct})"),
             ("findings per 1,000 messages", _rate(t.findings, t.messages))]
    cards += [(f"{POLICY_NAMES[p]} findings", _n(t.policy.get(p, 0))) for p in P]

    # -- channels
    def total(c):
        return sum(c.values())
    by_count = sorted(t.channel_msgs, key=lambda ch: (-total(t.channel.get(ch, Counter())), ch))
    with_findings = [ch for ch in by_count if total(t.channel.get(ch, Counter()))]
    shown = with_findings[:CHART_TOP]
    short = short_names(shown)
    rest = with_findings[CHART_TOP:]
    chan_words = ""
    if rest:
        rest_n = sum(total(t.channel[ch]) for ch in rest)
        chan_words = (f"<p>The chart shows the {len(shown)} channels with the most findings. The other "
                      f"{_n(len(rest))} channels with findings hold {_n(rest_n)} findings between them "
                      f"({rest_n / t.findings:.0%} of all); none of them has more than "
                      f"{_n(total(t.channel[rest[0]]))}. Every channel is in the table below"
                      + (f" (the first {TABLE_MAX})" if len(by_count) > TABLE_MAX else "") + ".</p>")
    quiet = len(by_count) - len(with_findings)
    chan_rows = [[ch, t.channel_msgs[ch]] + [t.channel.get(ch, Counter()).get(p, 0) for p in P]
                 + [total(t.channel.get(ch, Counter())), _rate(total(t.channel.get(ch, Counter())), t.channel_msgs[ch])]
                 for ch in by_count[:TABLE_MAX]]
    ranked = [ch for ch in t.channel_msgs if t.channel_msgs[ch] >= RATE_MIN_MESSAGES]
    ranked.sort(key=lambda ch: (-total(t.channel.get(ch, Counter())) / t.channel_msgs[ch], ch))
    rate_rows = [[i + 1, ch, t.channel_msgs[ch], total(t.channel.get(ch, Counter())),
                  _rate(total(t.channel.get(ch, Counter())), t.channel_msgs[ch]), by_count.index(ch) + 1]
                 for i, ch in enumerate(ranked[:CHART_TOP])]

    # -- months
    months = sorted(t.month_msgs)
    month_bars = [(mo + (" (partial)" if mo in partial else ""), mo + (" *" if mo in partial else ""),
                   t.month.get(mo, Counter())) for mo in months]
    month_rows = [[mo + (f" ({partial[mo]})" if mo in partial else ""), t.month_msgs[mo]]
                  + [t.month.get(mo, Counter()).get(p, 0) for p in P]
                  + [total(t.month.get(mo, Counter())), _rate(total(t.month.get(mo, Counter())), t.month_msgs[mo])]
                  for mo in months]

    # -- kinds, rules
    kinds = [[POLICY_NAMES[p], kind_name(k), t.kind_msgs[(p, k)], n, _rate(n, t.messages)]
             for (p, k), n in sorted(t.kind.items(), key=lambda kv: (P.index(kv[0][0]) if kv[0][0] in P else 9, -kv[1]))]
    rule_rows = []
    for (p, k, r, s), n in sorted(t.rule.items(), key=lambda kv: (kv[0][0], _SEV_ORDER.get(kv[0][3], 9), -kv[1], kv[0][2])):
        why = m.rules.get(r, ("", ""))[0]
        rule_rows.append([f'{_e(why) or "(no description)"}<span class="why muted"><code>{_e(r)}</code></span>',
                          kind_name(k), s, n])
    sev = [[s, t.severity[s]] for s in sorted(t.severity, key=lambda s: _SEV_ORDER.get(s, 9))]

    # -- what to do next
    by_section = Counter()
    for (p, k, r, s), n in t.rule.items():
        by_section[m.rules.get(r, ("", ""))[1]] += n
    sec_items = []
    for sec, n in by_section.most_common(3):
        if not sec:
            continue
        title, alias = m.sections.get(sec, (sec, sec))
        sec_items.append(f"<q>{_e(title)}</q> ({_n(n)} findings; <code>/guidance {_e(alias)}</code> in the bot)")
    # Where to turn the bot on: channels and groups (a bot is not added to a direct message)
    joinable = [ch for ch in ranked + with_findings if t.channel.get(ch) and not ch.startswith(_DIRECT)]
    top_rate = list(dict.fromkeys(joinable))[:3]
    todo = [f"<li><b>Sample the CSV.</b> Open <code>{_e(m.csv_name)}</code>, pick 20 rows at random and read each "
            "message in the export (or through its link) to see how many are real. That tells you how far to "
            "trust the counts here before acting on them.</li>"]
    if sec_items:
        todo.append("<li><b>Share the guidance behind the most frequent findings:</b> " + "; ".join(sec_items) + ".</li>")
    if top_rate:
        how = ("invite it with <code>/invite @Discreet</code> in each channel" if m.platform == "slack"
               else "add the bot to each group and make it an admin, or turn its privacy mode off")
        todo.append("<li><b>Turn the bot on where the rate is highest first:</b> "
                    + ", ".join(f"<q>{_e(ch)}</q>" for ch in top_rate) + f" ({how}); it then nudges the author "
                    "privately as a message is posted.</li>")
    if m.platform == "slack" and not m.slack_domain and t.findings:
        link_note = ("The CSV's <code>link</code> column is empty because the audit ran without "
                     "<code>--slack-domain</code>: Slack's export does not say which workspace it comes from. "
                     "Run it again with <code>--slack-domain your-workspace</code> for links, or find a message "
                     "by its <code>channel_id</code> and <code>message_id</code> (the message's <code>ts</code>).")
    elif t.linkless:
        link_note = (f"The CSV's <code>link</code> column is empty for {_n(t.linkless)} finding(s): Telegram has "
                     "links only for supergroups and channels; find those messages by chat and message id."
                     if m.platform == "telegram" else
                     f"The CSV's <code>link</code> column is empty for {_n(t.linkless)} finding(s) whose message "
                     "has no link; find those by <code>channel_id</code> and <code>message_id</code>.")
    else:
        link_note = ""

    skipped = "".join(f"<li><code>{_e(s.name)}</code>: {_e(s.reason)}</li>" for s in t.skipped[:200])
    if len(t.skipped) > 200:
        skipped += f"<li>… and {len(t.skipped) - 200} more (listed on stderr)</li>"
    rate_note = (f"Channels with at least {RATE_MIN_MESSAGES} messages checked, by findings per 1,000 messages; "
                 "a small channel with a few findings would otherwise top the list.")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Discreet audit: {_e(m.platform)} export</title><style>{_CSS}</style></head><body>
<h1>Discreet audit of a {_e(m.platform.capitalize())} export</h1>
<p class="muted">Checks every message against the SAMA/HPCSA social-media guidance (patient identifiers,
derogatory remarks). This report holds counts only: no message text and no matched identifier.
Each finding is listed, with where to find its message, in <code>{_e(m.csv_name)}</code>.</p>
<section class="keep"><h2>What this covers</h2><dl class="cover">{"".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in cover)}</dl></section>
<div class="cards">{"".join(f'<div class="card"><b>{v}</b>{_e(k)}</div>' for k, v in cards)}</div>
{f'<p class="warn">{_n(len(t.skipped))} file(s) or part(s) of the export could not be read and were skipped: the counts leave them out.</p>' if t.skipped else ''}
<section class="keep"><h2>What a finding means</h2>
<p>A finding is a message that <em>likely</em>, not certainly, holds a patient identifier or a derogatory remark:
the checker reads each message alone, without the ward's context, and errs on the side of few false alarms
rather than catching everything. Treat the counts as an estimate of the size of the problem, and check a
sample before acting on any one message.</p>
{f'<p>{link_note}</p>' if link_note else ''}</section>
<section class="keep"><h2>What to do next</h2><ul>{"".join(todo)}</ul></section>
<h2>Findings per channel</h2>
<figure><figcaption>Findings per channel{" (the " + str(len(shown)) + " with the most)" if rest else ""}</figcaption>
{_key()}{_bars([(ch, short[ch], t.channel[ch]) for ch in shown], "findings per channel, as a bar chart; the figures are in the table below", "t-chan")}
</figure>{chan_words}
{f'<p class="muted">{_n(quiet)} channel(s) had no findings.</p>' if quiet else ''}
<h3>Channels ranked by rate</h3><p class="muted">{_e(rate_note)}</p>
{_table(["rank", "channel", "messages checked", "findings", "per 1,000 messages", "rank by count"], rate_rows, 2) if rate_rows else '<p class="muted">No channel has that many messages.</p>'}
{_table(["channel", "messages checked"] + [POLICY_NAMES[p] for p in P] + ["findings", "per 1,000 messages"], chan_rows, 1, tid="t-chan", caption="Findings per channel, by count")}
<h2>Findings per month</h2>
<figure><figcaption>Findings per month{" (* partial month)" if partial else ""}</figcaption>
{_key()}{_bars(month_bars, "findings per month, as a bar chart; the figures are in the table below", "t-month")}
</figure>
{_table(["month", "messages checked"] + [POLICY_NAMES[p] for p in P] + ["findings", "per 1,000 messages"], month_rows, 1, tid="t-month", caption="Findings per month")}
<h2>By kind</h2>{_table(["policy", "kind", "messages", "findings", "per 1,000 messages"], kinds, 2)}
<h2>By rule</h2><p class="muted">Each rule with why it flags a message; its id is the CSV's <code>rule</code>.</p>
{_table(["rule", "kind", "severity", "findings"], rule_rows, 3, raw_cols=(0,))}
<h2>By severity</h2>{_table(["severity", "findings"], sev, 1)}
<h2>Skipped</h2>{f"<ul>{skipped}</ul>" if skipped else '<p class="muted">Nothing skipped.</p>'}
</body></html>
"""
