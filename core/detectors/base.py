"""What every detector shares."""

from __future__ import annotations

from typing import Iterable

from ..findings import Context, Finding
from ..normalize import Doc
from ..policy import Pack, Rule


class BaseDetector:
    """Subclasses set ``policy`` and ``name`` and implement ``detect``."""

    policy: str = "identifiers"
    name: str = ""

    def __init__(self, pack: Pack):
        self.pack = pack
        self.rules = pack.rules_for(self.name)

    def detect(self, doc: Doc, ctx: Context, found: list[Finding]) -> Iterable[Finding]:
        raise NotImplementedError


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
