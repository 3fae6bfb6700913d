"""Detector family: numbers (national IDs, record and medical-aid numbers).

Also home of the small pattern-rule engine that ``contacts`` and ``dates``
share: every rule is data (a regex built from named fragments, cue words and
word lists, an optional named validator, veto contexts); this module only
compiles and runs it.

Rule fields read here (besides the common ones in ``core.policy``):

``pattern``        regex (required). ``{{name}}`` is replaced by the fragment
                   ``[fragments].name`` of the pack, ``{{list:name}}`` by an
                   alternation of the word list ``name.txt``, ``{{cues}}`` by
                   an alternation of the rule's own ``cues``. The reported
                   span is the group ``v`` when present, else the whole match
                   (alternatives may use ``v2``, ``v3``...).
                   Patterns match case-insensitively; write ``(?-i:...)``
                   where case matters.
``cues``           list of regexes (cue words) for ``{{cues}}``.
``validator``      name of a function in ``core.validators``.
``validator_args`` table passed to the validator as keyword arguments.
``min_digits``     the value must hold at least this many digits.
``veto_before``    regexes; a match ending where the candidate starts (they
                   are anchored at the end of a ``veto_window`` of text before
                   it) vetoes the candidate. ``veto_after``: anchored at the
                   start of the window after it. ``veto_value``: searched in
                   the value itself.
``veto_window``    characters of context for the vetoes (default 40).
"""

from __future__ import annotations

import re
from typing import Iterable

from .. import validators as _validators
from ..findings import Context, Finding
from ..normalize import Doc
from ..policy import Pack, PolicyError, Rule
from .base import BaseDetector, finding

_PLACEHOLDER = re.compile(r"\{\{([a-z_]+(?::[a-z_]+)?)\}\}")
_DIGITS = str.maketrans("", "", "0123456789")


def count_digits(text: str) -> int:
    return len(text) - len(text.translate(_DIGITS))


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so 'Cape Town' wins over 'Cape'; spaces match any run of
    blanks."""
    uniq = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq)


class PatternRule:
    __slots__ = ("rule", "rx", "groups", "validator", "args", "min_digits",
                 "veto_before", "veto_after", "veto_value", "window")

    def __init__(self, rule: Rule, pack: Pack, cache: dict):
        d = rule.data
        self.rule = rule
        src = d.get("pattern")
        if not isinstance(src, str) or not src.strip():
            raise rule.fail("pattern", "is required and must be a regex string")
        cues = d.get("cues", [])
        if not isinstance(cues, list) or not all(isinstance(c, str) and c for c in cues):
            raise rule.fail("cues", "must be a list of non-empty strings")
        if "{{cues}}" in src and not cues:
            raise rule.fail("cues", "the pattern uses {{cues}} but the rule lists none")
        expanded = self._expand(src, rule, pack, cache, cues, depth=0)
        try:
            self.rx = re.compile(expanded, re.IGNORECASE)
        except re.error as e:
            raise rule.fail("pattern", f"does not compile: {e}") from None
        # The value: group v (or v2, v3... for alternatives), else the match.
        self.groups = sorted(g for g in self.rx.groupindex if re.fullmatch(r"v\d*", g))
        name = d.get("validator")
        if name is not None and name not in _validators.VALIDATORS:
            raise rule.fail("validator", f"unknown validator {name!r} (known: {', '.join(sorted(_validators.VALIDATORS))})")
        self.validator = _validators.VALIDATORS[name] if name else None
        args = d.get("validator_args", {})
        if not isinstance(args, dict):
            raise rule.fail("validator_args", "must be a table")
        if name == "phone":
            bad = [t for t in args.get("exclude_types", []) if t not in _validators.PHONE_TYPES]
            if bad:
                raise rule.fail("validator_args", f"unknown phone number type(s) {bad}")
        self.args = args
        self.min_digits = d.get("min_digits", 0)
        if not isinstance(self.min_digits, int) or self.min_digits < 0:
            raise rule.fail("min_digits", "must be a non-negative integer")
        self.window = d.get("veto_window", 40)
        if not isinstance(self.window, int) or not 0 < self.window <= 200:
            raise rule.fail("veto_window", "must be an integer from 1 to 200")
        self.veto_before = self._vetoes(rule, pack, cache, "veto_before", "(?:{})$")
        self.veto_after = self._vetoes(rule, pack, cache, "veto_after", "^(?:{})")
        self.veto_value = self._vetoes(rule, pack, cache, "veto_value", "(?:{})")

    def _vetoes(self, rule, pack, cache, fld, shape):
        pats = rule.data.get(fld, [])
        if not isinstance(pats, list) or not all(isinstance(p, str) and p for p in pats):
            raise rule.fail(fld, "must be a list of regex strings")
        if not pats:
            return None
        body = "|".join(f"(?:{self._expand(p, rule, pack, cache, [], 0)})" for p in pats)
        try:
            return re.compile(shape.format(body), re.IGNORECASE)
        except re.error as e:
            raise rule.fail(fld, f"does not compile: {e}") from None

    @classmethod
    def _expand(cls, src, rule, pack, cache, cues, depth):
        if depth > 5:
            raise rule.fail("pattern", "fragments nest too deep (a fragment refers to itself?)")
        frags = pack.table("fragments")

        def sub(m):
            key = m.group(1)
            if key == "cues":
                return "(?:" + "|".join(f"(?:{cls._expand(c, rule, pack, cache, (), depth + 1)})" for c in cues) + ")"
            if key.startswith("list:"):
                name = key[5:]
                if name not in cache:
                    try:
                        cache[name] = _alternation(pack.word_list(name))
                    except PolicyError as e:
                        raise rule.fail("pattern", f"word list {name}.txt: {e}") from None
                return "(?:" + cache[name] + ")"
            if key not in frags or not isinstance(frags[key], str):
                raise rule.fail("pattern", f"unknown fragment {{{{{key}}}}} (define it under [fragments])")
            return "(?:" + cls._expand(frags[key], rule, pack, cache, cues, depth + 1) + ")"

        return _PLACEHOLDER.sub(sub, src)

    def candidates(self, text: str):
        """Yield (start, end) of each accepted value in ``text``."""
        for m in self.rx.finditer(text):
            s, e = m.span()
            for g in self.groups:
                if m.start(g) >= 0:
                    s, e = m.span(g)
                    break
            if s < 0 or e <= s:
                continue
            value = text[s:e]
            if self.min_digits and count_digits(value) < self.min_digits:
                continue
            if self.veto_value is not None and self.veto_value.search(value):
                continue
            if self.veto_before is not None and self.veto_before.search(text, max(0, m.start() - self.window), m.start()):
                continue
            if self.veto_after is not None and self.veto_after.match(text[m.end():m.end() + self.window]):
                continue
            if self.validator is not None and not self.validator(value, **self.args):
                continue
            yield s, e


def compile_rules(pack: Pack, rules: list[Rule]) -> list[PatternRule]:
    cache: dict[str, str] = {}
    return [PatternRule(r, pack, cache) for r in rules]


def overlaps(spans, s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


class PatternDetector(BaseDetector):
    """Runs its rules in pack order; a value already claimed (by an earlier
    rule or detector) is not reported twice. ``min_text_digits`` (a class
    attribute, or ``[settings.<name>]`` in the pack) skips messages with
    too few digits at once."""

    min_text_digits = 0

    def __init__(self, pack: Pack):
        super().__init__(pack)
        self.compiled = compile_rules(pack, self.rules)
        settings = pack.table("settings").get(self.name, {})
        self.min_text_digits = settings.get("min_text_digits", self.min_text_digits)

    def prefilter(self, text: str) -> bool:
        return not self.min_text_digits or count_digits(text) >= self.min_text_digits

    def detect(self, doc: Doc, ctx: Context, found: list[Finding]) -> Iterable[Finding]:
        text = doc.text
        if not self.prefilter(text):
            return []
        taken = [(f.start, f.end) for f in found if f.start is not None and f.policy == "identifiers"]
        out = []
        for pr in self.compiled:
            if not self.rule_prefilter(pr, text):
                continue
            for s, e in pr.candidates(text):
                os_, oe = doc.span(s, e)
                if overlaps(taken, os_, oe):
                    continue
                f = finding(pr.rule, doc, s, e)
                taken.append((f.start, f.end))
                out.append(f)
        return out

    def rule_prefilter(self, pr: PatternRule, text: str) -> bool:
        return True


class Detector(PatternDetector):
    policy = "identifiers"
    name = "numbers"
    min_text_digits = 6
