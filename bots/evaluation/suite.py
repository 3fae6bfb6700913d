"""The behavioural suite: cases from templates, run through the checker.

CheckList (Ribeiro et al., ACL 2020) tests a model by capability with three
test types, and so does this:

- MFT (minimum functionality): a message of the capability, checked alone.
  An identifier message fails unless every identifier in it is found with
  its kind (a finding of that kind overlapping the identifier's span); a
  combination message unless a ``combination`` finding is made; a derogatory
  one unless a derogatory finding is made whose target is the right one
  (or "any", when the detector cannot tell); a benign look-alike fails on any finding at all.
- INV (invariance): the same message (same people, same numbers) rewritten:
  lower-cased, ``SURNAME Firstname``, fields on separate lines, a list,
  another digit grouping or date format, a typo, chat abbreviations, an
  emoji, chatter before and after. It fails when the set of (policy, kind)
  found changes. As in CheckList, a pair fails on a change, so a message
  missed both ways is an MFT failure, not an INV one.
- DIR (directional): a bed number or a date of birth added to the message
  (to a borderline bare name, for person names). It fails when a kind found
  before is lost or the highest severity drops: more context never lowers
  the result.

Every case is built from slots, so each identifier's offsets are known
exactly; ``Case.message.spans`` carries them (tests check the generator).
The same seed gives the same cases. The few regexes here edit the
templates' own words (typos, abbreviations); nothing here inspects a message
for identifiers: that is the checker's job, and only its findings are scored.
"""

from __future__ import annotations

import random
import re
import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from . import values as V

TESTS = ("MFT", "INV", "DIR")
TRANSFORMS = ("lower", "surname_first", "lines", "list", "grouping", "typo", "abbrev", "emoji", "chatter")
ADDITIONS = {"+bed": "| in bed {bed}", "+dob": "|, DOB {dob}"}
_SEVERITY = {"low": 1, "medium": 2, "high": 3}

# Chat abbreviations clinicians use; applied to the template's own words.
ABBREVIATIONS = {
    "patient": "pt", "patients": "pts", "with": "w/", "without": "w/o", "please": "pls", "tomorrow": "tmrw",
    "today": "2day", "because": "coz", "you": "u", "your": "ur", "are": "r", "about": "abt", "number": "no.",
    "and": "&", "thanks": "thx", "before": "b4", "discharge": "d/c", "history": "hx", "review": "r/v",
    "tonight": "2nite", "someone": "s1", "family": "fam", "again": "agn", "morning": "am", "for": "4",
    "known": "k/w", "admitted": "adm", "needs": "nds", "referral": "ref",
}


# --- templates ---------------------------------------------------------------

@dataclass(frozen=True)
class Template:
    source: str
    fields: tuple[tuple[tuple[str, str], ...], ...]  # fields of ("lit", text) / ("slot", name) segments

    @property
    def slots(self) -> list[str]:
        return [v for f in self.fields for k, v in f if k == "slot"]


_SLOT = re.compile(r"\{(\w+)\}")


def parse(source: str) -> Template:
    fields = []
    for part in source.split("|"):
        segs, pos = [], 0
        for m in _SLOT.finditer(part):
            if m.start() > pos:
                segs.append(("lit", part[pos:m.start()]))
            segs.append(("slot", m.group(1)))
            pos = m.end()
        if pos < len(part):
            segs.append(("lit", part[pos:]))
        fields.append(tuple(segs))
    return Template(source, tuple(fields))


@dataclass(frozen=True)
class Capability:
    id: str
    title: str
    group: str  # identifiers | combination | derogatory | benign
    templates: tuple[Template, ...]
    borderline: tuple[Template, ...] = ()
    target: str | None = None
    staff: bool = False

    @property
    def directional(self) -> bool:
        return self.group in ("identifiers", "combination") or self.id == "derog_patient"


@lru_cache(maxsize=None)
def load() -> tuple[dict, tuple[Capability, ...]]:
    data = tomllib.loads(resources.files(__package__).joinpath("templates.toml").read_text(encoding="utf-8"))
    caps = tuple(
        Capability(c["id"], c["title"], c["group"], tuple(parse(t) for t in c["templates"]),
                   tuple(parse(t) for t in c.get("borderline", ())), c.get("target"), bool(c.get("staff")))
        for c in data["capability"])
    return data["fill"], caps


def capabilities() -> tuple[Capability, ...]:
    return load()[1]


# --- values --------------------------------------------------------------------

_CODED = {"name": V.person, "za_id": V.za_id, "nhs": V.nhs, "ssn": V.ssn, "record": V.record, "plan": V.plan,
          "scheme": V.scheme, "phone": V.phone, "email": V.email, "dob": V.dob, "address": V.address,
          "bed": V.bed, "age": V.age, "ext": V.ext, "time": V.time, "shift_date": V.shift_date,
          "colleague": V.colleague_first, "dr": V.colleague_surname, "iname": V.initial_surname,
          "sname": V.surname_alone, "passport": V.passport, "intl_id": V.intl_id, "cd4": V.cd4, "vl": V.viral_load,
          "rname": lambda rng: V.person(rng, rare=True), "bad13": V.bad_id13, "order": V.order_no, "bp": V.bp,
          "pulse": V.pulse, "sats": V.sats, "temp": V.temp}


def make_value(slot: str, rng: random.Random, fill: dict) -> V.Value:
    if slot in _CODED:
        return _CODED[slot](rng)
    if slot == "dose":
        return V.dose(rng, tuple(fill["dose_unit"]))
    if slot == "lab":
        return V.lab(rng, tuple(fill["lab_name"]))
    if slot in fill:
        return V.Value(None, rng.choice(fill[slot]))
    raise KeyError(f"templates.toml: no generator or [fill] list for slot {{{slot}}}")


# --- rendering -----------------------------------------------------------------

@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int
    scheme: str | None
    value: str  # the value as rendered (the generator's own tests compare it)


@dataclass(frozen=True)
class Message:
    text: str
    spans: tuple[Span, ...] = ()
    staff: tuple[str, ...] = ()


@dataclass(frozen=True)
class Style:
    layout: str = "inline"  # inline | lines | list
    heading: str = ""
    grouping: bool = False
    surname_first: bool = False
    lower: bool = False
    abbrev: bool = False
    typo: int | None = None  # seed of the typo
    emoji: tuple[str, str] | None = None  # (where: start|end, emoji)
    chatter: tuple[str, str] | None = None  # (lead, trail)


_WORD = re.compile(r"[A-Za-z]{4,}")
_ABBR = re.compile(r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    how = rng.choice(("swap", "drop", "double"))
    if how == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def _abbreviate(text: str) -> str:
    def sub(m):
        short = ABBREVIATIONS[m.group(1).lower()]
        return short.capitalize() if m.group(1)[0].isupper() and short[0].isalpha() else short
    return _ABBR.sub(sub, text)


def render(t: Template, vals: list[V.Value], style: Style = Style(), staff: tuple[str, ...] = ()) -> Message:
    """The message and the exact offsets of its identifiers."""
    fields: list[list[tuple[str, V.Value | None]]] = []
    k = 0
    for f in t.fields:
        segs = []
        for kind, v in f:
            if kind == "lit":
                segs.append([v, None])
            else:
                val = vals[k]
                k += 1
                segs.append([val.render(style.grouping, style.surname_first), val])
        fields.append(segs)
    if style.layout != "inline":  # each field alone: drop joining punctuation at its edges
        for segs in fields:
            if segs and segs[0][1] is None:
                segs[0][0] = segs[0][0].lstrip(" ,;-")
            if segs and segs[-1][1] is None:
                segs[-1][0] = segs[-1][0].rstrip(" ,;")
        fields = [segs for segs in fields if any(s[0] for s in segs)]
    if style.abbrev:
        for segs in fields:
            for s in segs:
                if s[1] is None:
                    s[0] = _abbreviate(s[0])
    if style.typo is not None:
        spots = [(s, m) for segs in fields for s in segs if s[1] is None for m in _WORD.finditer(s[0])]
        if spots:
            rng = random.Random(style.typo)
            s, m = rng.choice(spots)
            s[0] = s[0][:m.start()] + _typo(m.group(), rng) + s[0][m.end():]
    pieces: list[tuple[str, V.Value | None]] = []
    if style.chatter:
        pieces.append((style.chatter[0], None))
    if style.emoji and style.emoji[0] == "start":
        pieces.append((style.emoji[1] + " ", None))
    if style.layout == "list" and style.heading:
        pieces.append((style.heading + "\n", None))
    for i, segs in enumerate(fields):
        if i:
            pieces.append(({"inline": "", "lines": "\n", "list": " - "}[style.layout], None))
        elif style.layout == "list":
            pieces.append(("1. ", None))
        pieces.extend((s[0], s[1]) for s in segs)
    if style.emoji and style.emoji[0] == "end":
        pieces.append((" " + style.emoji[1], None))
    if style.chatter:
        pieces.append((style.chatter[1], None))
    out, spans, pos = [], [], 0
    for text, val in pieces:
        if style.lower:
            low = text.lower()
            text = low if len(low) == len(text) else text
        if val is not None and val.kind:
            spans.append(Span(val.kind, pos, pos + len(text), val.scheme, text))
        out.append(text)
        pos += len(text)
    return Message("".join(out), tuple(spans), staff)


def applicable(transform: str, t: Template, vals: list[V.Value]) -> bool:
    if transform == "surname_first":
        return any(v.reordered for v in vals)
    if transform == "grouping":
        return any(v.regrouped for v in vals)
    if transform == "lines":
        return len(t.fields) > 1
    if transform == "abbrev":
        return any(_ABBR.search(v) for f in t.fields for k, v in f if k == "lit")
    if transform == "typo":
        return any(_WORD.search(v) for f in t.fields for k, v in f if k == "lit")
    return True


def transformed(transform: str, rng: random.Random, fill: dict) -> Style:
    if transform == "lower":
        return Style(lower=True)
    if transform == "surname_first":
        return Style(surname_first=True)
    if transform == "lines":
        return Style(layout="lines")
    if transform == "list":
        return Style(layout="list", heading=rng.choice(fill["heading"]))
    if transform == "grouping":
        return Style(grouping=True)
    if transform == "typo":
        return Style(typo=rng.randrange(1 << 30))
    if transform == "abbrev":
        return Style(abbrev=True)
    if transform == "emoji":
        return Style(emoji=(rng.choice(("start", "end")), rng.choice(fill["emoji"])))
    if transform == "chatter":
        return Style(chatter=(rng.choice(fill["lead"]), rng.choice(fill["trail"])))
    raise ValueError(transform)


# --- cases -----------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    capability: str
    test: str  # MFT | INV | DIR
    variant: str  # "base", a transform, or an addition (+bed, +dob)
    message: Message
    base: Message | None = None  # INV / DIR: the message it is compared with
    template: str = ""  # the template's source, for the per-template breakdown


@dataclass
class _Seed:
    template: Template
    vals: list[V.Value]
    staff: tuple[str, ...]


def _staff_for(cap: Capability, vals: list[tuple[str, V.Value]], rng: random.Random) -> tuple[str, ...]:
    """The workspace's members, as the bot would know them: in a capability
    with ``staff = true``, half the time the colleague named is one of them."""
    if not cap.staff or rng.random() < 0.5:
        return ()
    out = []
    for t_slot, v in vals:
        if t_slot == "colleague":
            out.append(f"{v.text} {rng.choice(V.surnames())}")
        elif t_slot == "dr":
            out.append(f"{rng.choice(V.first_names())} {v.text}")
    return tuple(out)


def _seed(cap: Capability, t: Template, rng: random.Random, fill: dict) -> _Seed:
    vals = [make_value(s, rng, fill) for s in t.slots]
    return _Seed(t, vals, _staff_for(cap, list(zip(t.slots, vals)), rng))


def generate(seed: int = 0, n: int = 100, caps: tuple[Capability, ...] | None = None) -> list[Case]:
    """``n`` MFT cases per capability; INV: each applicable transform of the
    first ``n // 4`` of them; DIR: ``n // 4`` bases, each with a bed and with
    a date of birth added."""
    fill, all_caps = load()
    cases: list[Case] = []
    k = max(1, n // 4)
    for cap in caps or all_caps:
        rng = random.Random(f"{seed}:{cap.id}")
        seeds = [_seed(cap, cap.templates[i % len(cap.templates)], rng, fill) for i in range(n)]
        for s in seeds:
            cases.append(Case(cap.id, "MFT", "base", render(s.template, s.vals, staff=s.staff),
                              template=s.template.source))
        for s in seeds[:k]:
            base = render(s.template, s.vals, staff=s.staff)
            for tr in TRANSFORMS:
                style = transformed(tr, rng, fill)
                if applicable(tr, s.template, s.vals):
                    msg = render(s.template, s.vals, style, s.staff)
                    if msg.text != base.text:
                        cases.append(Case(cap.id, "INV", tr, msg, base, s.template.source))
        if cap.directional:
            pool = cap.borderline or cap.templates
            for i in range(k):
                s = _seed(cap, pool[i % len(pool)], rng, fill)
                base = render(s.template, s.vals, staff=s.staff)
                for add, extra in ADDITIONS.items():
                    t = parse(s.template.source + extra)
                    vals = s.vals + [make_value(t.slots[-1], rng, fill)]
                    cases.append(Case(cap.id, "DIR", add, render(t, vals, staff=s.staff), base, s.template.source))
    return cases


# --- running -------------------------------------------------------------------

def _expected_ok(cap: Capability, msg: Message, found) -> bool:
    if cap.group == "benign":
        return not found
    if cap.group == "derogatory":
        # a finding says which target it saw, or "any"/None when it cannot tell
        return any(f.policy == "derogatory" and f.target in (cap.target, "any", None) for f in found)
    if cap.group == "combination":
        return any(f.policy == "identifiers" and f.kind == "combination" for f in found)
    return all(any(f.policy == "identifiers" and f.kind == sp.kind and f.start is not None
                   and f.start < sp.end and sp.start < f.end for f in found) for sp in msg.spans)


def _signature(found) -> frozenset:
    return frozenset((f.policy, f.kind) for f in found)


def _severity(found, policy: str) -> int:
    return max((_SEVERITY.get(f.severity, 0) for f in found if f.policy == policy), default=0)


@dataclass
class Result:
    case: Case
    failed: bool
    found: tuple = ()
    base_found: tuple = ()


@dataclass
class Report:
    seed: int
    n: int
    seconds: float
    results: list[Result] = field(default_factory=list)

    def rows(self) -> list[dict]:
        caps = {c.id: c for c in capabilities()}
        agg: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for r in self.results:
            a = agg[(r.case.capability, r.case.test)]
            a[0] += 1
            a[1] += r.failed
        out = []
        for cap in capabilities():
            for test in TESTS:
                if (cap.id, test) in agg:
                    cases, fails = agg[(cap.id, test)]
                    out.append({"capability": cap.id, "title": caps[cap.id].title, "group": cap.group,
                                "test": test, "cases": cases, "failures": fails,
                                "failure_rate": round(fails / cases, 4)})
        return out

    def by_variant(self) -> list[dict]:
        agg: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for r in self.results:
            if r.case.test != "MFT":
                a = agg[(r.case.test, r.case.variant)]
                a[0] += 1
                a[1] += r.failed
        return [{"test": t, "variant": v, "cases": c, "failures": f, "failure_rate": round(f / c, 4)}
                for (t, v), (c, f) in sorted(agg.items())]

    def by_template(self, test: str = "MFT") -> list[dict]:
        agg: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for r in self.results:
            if r.case.test == test:
                a = agg[(r.case.capability, r.case.template)]
                a[0] += 1
                a[1] += r.failed
        return [{"capability": c, "template": t, "test": test, "cases": n, "failures": f,
                 "failure_rate": round(f / n, 4)} for (c, t), (n, f) in agg.items()]

    def rate(self, capability: str | None = None, test: str | None = None, group: str | None = None) -> float:
        caps = {c.id: c for c in capabilities()}
        sel = [r for r in self.results
               if (capability is None or r.case.capability == capability) and (test is None or r.case.test == test)
               and (group is None or caps[r.case.capability].group == group)]
        return sum(r.failed for r in sel) / len(sel) if sel else 0.0

    def failures(self, per_cell: int = 3) -> list[Result]:
        seen: dict[tuple[str, str], int] = defaultdict(int)
        out = []
        for r in self.results:
            key = (r.case.capability, r.case.test)
            if r.failed and seen[key] < per_cell:
                seen[key] += 1
                out.append(r)
        return out


def run(seed: int = 0, n: int = 100, checker=None, policies: tuple[str, ...] | None = None) -> Report:
    """Generate the cases and check them; ``policies``: the channel's enabled
    policies (default both)."""
    from discreet.core import POLICIES, Context, default_checker

    checker = checker or default_checker()
    caps = {c.id: c for c in capabilities()}
    t0 = time.perf_counter()
    cases = generate(seed, n)
    memo: dict[tuple[str, tuple[str, ...]], tuple] = {}

    def check(msg: Message) -> tuple:
        key = (msg.text, msg.staff)
        if key not in memo:
            memo[key] = tuple(checker.check(msg.text, Context.make(staff_names=msg.staff, policies=POLICIES if policies is None else policies)))
        return memo[key]

    report = Report(seed, n, 0.0)
    for case in cases:
        cap = caps[case.capability]
        found = check(case.message)
        if case.test == "MFT":
            report.results.append(Result(case, not _expected_ok(cap, case.message, found), found))
            continue
        before = check(case.base)
        if case.test == "INV":
            failed = _signature(found) != _signature(before)
        else:
            policy = "derogatory" if cap.group == "derogatory" else "identifiers"
            # a combination finding gives way to a direct identifier (by design)
            kept = {s for s in _signature(before) if s[0] == policy and s[1] != "combination"}
            if ("identifiers", "combination") in _signature(before) and not _signature(found) & {
                    ("identifiers", k) for k in ("combination", "person_name", "date_of_birth")}:
                kept.add(("identifiers", "combination"))
            failed = not kept <= _signature(found) or _severity(found, policy) < _severity(before, policy)
        report.results.append(Result(case, failed, found, before))
    report.seconds = time.perf_counter() - t0
    return report


# --- output ----------------------------------------------------------------------

def table(report: Report) -> str:
    rows = report.rows()
    w = max(len(r["title"]) for r in rows)
    lines = [f"{'capability':<{w}}  test   cases  fail    rate", "-" * (w + 30)]
    last = None
    for r in rows:
        title = r["title"] if r["capability"] != last else ""
        last = r["capability"]
        lines.append(f"{title:<{w}}  {r['test']:<4} {r['cases']:>7} {r['failures']:>5} {100 * r['failure_rate']:>6.1f}%")
    lines.append("-" * (w + 30))
    for group in ("identifiers", "combination", "derogatory", "benign"):
        for test in TESTS:
            sel = [r for r in rows if r["group"] == group and r["test"] == test]
            if sel:
                c, f = sum(r["cases"] for r in sel), sum(r["failures"] for r in sel)
                lines.append(f"{'all ' + group:<{w}}  {test:<4} {c:>7} {f:>5} {100 * f / c:>6.1f}%")
    lines.append("")
    lines.append(f"{'by transform':<{w}}  test   cases  fail    rate")
    for r in report.by_variant():
        lines.append(f"{r['variant']:<{w}}  {r['test']:<4} {r['cases']:>7} {r['failures']:>5} "
                     f"{100 * r['failure_rate']:>6.1f}%")
    total = len(report.results)
    lines.append("")
    lines.append(f"{total} cases (seed {report.seed}, n {report.n}) in {report.seconds:.1f} s")
    return "\n".join(lines)


def template_table(report: Report, test: str = "MFT") -> str:
    """Failure rate per template (the families a detector misses), worst first."""
    rows = sorted((r for r in report.by_template(test) if r["failures"]),
                  key=lambda r: (-r["failure_rate"], r["capability"]))
    lines = [f"{test} failures by template", f"{'capability':<18} {'cases':>5} {'fail':>5}   template"]
    lines += [f"{r['capability']:<18} {r['cases']:>5} {r['failures']:>5}   {r['template']}" for r in rows]
    return "\n".join(lines)


def describe(r: Result) -> dict:
    kinds = lambda fs: sorted({f"{f.policy}:{f.kind}" for f in fs})  # noqa: E731
    out = {"capability": r.case.capability, "test": r.case.test, "variant": r.case.variant,
           "template": r.case.template, "text": r.case.message.text, "expected": [f"{s.kind} {s.start}-{s.end}" for s in r.case.message.spans],
           "found": kinds(r.found)}
    if r.case.base is not None:
        out["base"] = r.case.base.text
        out["base_found"] = kinds(r.base_found)
    return out
