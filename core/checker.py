"""``check(text, context) -> list[Finding]``: the one entry point.

Pure and synchronous: no I/O after the packs are loaded, no platform imports.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from . import precompiled
from .detectors import MODULES
from .findings import DEFAULT_CONTEXT, Context, Finding
from .normalize import normalize
from .policy import PolicyError, load_packs
from .spelling import CueSpelling


class Checker:
    def __init__(self, root: Path | None = None):
        self.packs = load_packs(root)
        self.detectors = []
        for name in MODULES:
            mod = importlib.import_module(f".detectors.{name}", __package__)
            cls = mod.Detector
            self.detectors.append(cls(self.packs[cls.policy]))
        self.rules = {r.id: r for p in self.packs.values() for r in p.rules}
        self.spelling = _spelling(self.packs.get("identifiers"), self.detectors)
        for pack in self.packs.values():  # the detectors hold what they need
            pack._lists.clear()
        precompiled.save()  # what loading derived afresh, for the next run

    def check(self, text: str, ctx: Context = DEFAULT_CONTEXT) -> list[Finding]:
        if not text or not text.strip():
            return []
        doc = normalize(text)
        # the identifier detectors read misspelt cue words as meant ("foledr no"); the rest read the text as written
        fixed = self.spelling.repair(doc) if self.spelling is not None and "identifiers" in ctx.policies else doc
        found: list[Finding] = []
        for det in self.detectors:
            if det.policy not in ctx.policies:
                continue
            for f in det.detect(fixed if det.policy == "identifiers" else doc, ctx, found):
                if f.rule not in ctx.disabled_rules:
                    found.append(f)
        return resolve(found)


def _spelling(pack, detectors) -> CueSpelling | None:
    """The cue-word repair of the identifier detectors (core/spelling.py): its cue words and
    shorthand from the identifiers pack; the words it must never repair are the names detector's
    word sets (English words, names, places...), shared by reference. None without either."""
    if pack is None:
        return None
    known = next((d.known_words() for d in detectors if hasattr(d, "known_words")), None)
    if known is None:
        return None
    try:
        cues = [w for line in pack.word_list("cue_spelling") for w in line.lower().split()]
    except PolicyError:
        return None
    try:
        shorthand = dict(line.split(None, 1) for line in pack.word_list("cue_abbreviations") if len(line.split()) > 1)
    except PolicyError:
        shorthand = {}
    return CueSpelling(cues, known, shorthand)


def resolve(found: list[Finding]) -> list[Finding]:
    """Drop a spanned finding that lies inside a stronger one of the same
    policy; order by position (span-less findings last). Linear after the
    sort: kept spans of a policy never overlap, so a new span can only clash
    with the last one kept for its policy."""
    spanned = sorted((f for f in found if f.start is not None),
                     key=lambda f: (f.start, -(f.end - f.start), -f.score))
    kept: list[Finding] = []
    last: dict[str, int] = {}  # policy -> index in kept of its last span
    for f in spanned:
        i = last.get(f.policy)
        clash = kept[i] if i is not None and f.start < kept[i].end else None
        if clash is None:
            last[f.policy] = len(kept)
            kept.append(f)
        elif f.score > clash.score and (f.end - f.start) >= (clash.end - clash.start):
            kept[i] = f
    kept.sort(key=lambda f: f.start)
    spanless, seen = [], set()
    for f in found:
        if f.start is None and (f.policy, f.kind, f.rule) not in seen:
            seen.add((f.policy, f.kind, f.rule))
            spanless.append(f)
    return kept + spanless


_default: Checker | None = None


def default_checker() -> Checker:
    global _default
    if _default is None:
        _default = Checker()
    return _default


def check(text: str, context: Context = DEFAULT_CONTEXT) -> list[Finding]:
    return default_checker().check(text, context)
