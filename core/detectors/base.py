"""What every detector shares."""

from __future__ import annotations

from typing import Iterable

from ..findings import Context, Finding
from ..normalize import Doc
from ..policy import Pack, PolicyError, Rule


class BaseDetector:
    """Subclasses set ``policy`` and ``name`` and implement ``detect``."""

    policy: str = "identifiers"
    name: str = ""

    def __init__(self, pack: Pack):
        self.pack = pack
        self.rules = pack.rules_for(self.name)

    def detect(self, doc: Doc, ctx: Context, found: list[Finding]) -> Iterable[Finding]:
        raise NotImplementedError


def lower_set(values) -> frozenset:
    """The values lower-cased, as a set (the lower-casing done in C)."""
    return frozenset(map(str.lower, values))


def list_words(pack: Pack, name: str) -> frozenset:
    """Every word of the word list ``<pack>/<name>.txt`` (several a line), lower-cased."""
    return lower_set(w for line in pack.word_list(name) for w in line.split())


def cue_reader(pack: Pack, table: str):
    """``cue(name)``: the list ``[<table>.cues].<name>`` of the pack, lower-cased;
    a value that is not a list of strings is a policy error naming the field."""
    cues = pack.table(table).get("cues", {})

    def cue(name: str) -> frozenset:
        v = cues.get(name, [])
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise PolicyError(pack.root / f"{table}.toml", None, f"{table}.cues.{name}", "must be a list of strings")
        return lower_set(v)

    return cue


def finding(rule: Rule, doc: Doc | None, start: int | None, end: int | None,
            score: float = 1.0, **over) -> Finding:
    """A Finding for ``rule`` at [start, end) of ``doc.text`` (mapped back to
    the original). ``doc=None`` or ``start=None`` gives a span-less finding."""
    if doc is not None and start is not None and end is not None:
        start, end = doc.span(start, end)
    fields = dict(
        policy=rule.policy, kind=rule.kind, start=start, end=end, severity=rule.severity,
        rule=rule.id, why=rule.why, section=rule.section, suggestion=rule.suggestion,
        target=rule.target, score=score,
    )
    fields.update(over)
    return Finding(**fields)
