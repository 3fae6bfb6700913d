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
``veto_before``    regexes; a match ending where the value starts (they are
                   anchored at the end of a ``veto_window`` of text before
                   it) vetoes the candidate. ``veto_after``: anchored at the
                   start of the window after the whole match. ``veto_value``: searched in
                   the value itself.
``min_text_digits`` the rule runs only on messages with at least this many
                   digits (a cheap gate; default: ``min_digits``).
``requires_any``   lower-case substrings; the rule runs only on messages
                   holding one of them (a cheap gate, e.g. ``["@"]``).
``needs_before``   regexes, anchored like ``veto_before``: at least one must
                   match right before the value (a cue found from the value
                   back, so the rule scans for cheap values first).
``needs_after``    regexes anchored at the end of the value: one must match
                   right after it.
``veto_window``    characters of context for the vetoes (default 40).
``person``         table: the words of group ``group`` (a name before the
                   value) must look like a person's. ``accept``: regexes, any
                   one matching the group will do (a title, a sticker's
                   "SURNAME, Firstname"); else one word must be in the word
                   lists ``names`` and one (the same or another) in none of
                   ``not`` ("Memory Marufu": a listed first name and an
                   unlisted surname; "Amoxicillin Clavulanate" has no name
                   in it, "Grace Period" only English words; a group in
                   lower case needs every word listed and none in the lists
                   ``lower_not`` (default: ``not``): "mom on" is no name). ``reject``:
                   word lists of which any one word rules the group out
                   ("COVID Ward", "Theatre Booking": a ward, a list, a
                   service before the number, not a person).
                   ``on = "before"`` / ``"after"``: the group is one of
                   ``needs_before`` / ``needs_after`` (the name found from
                   the value: the rule scans for the cheap value first, not
                   for names everywhere).
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable

from .. import precompiled, validators as _validators
from ..findings import Context, Finding
from ..normalize import Doc
from ..policy import Pack, PolicyError, Rule
from ..rxguard import first_char_guard
from .base import BaseDetector, finding

_PLACEHOLDER = re.compile(r"\{\{([a-z_]+(?::[a-z_]+)?)\}\}")
_DIGIT = re.compile(r"[0-9]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_PARTICLES = frozenset("van von de der den du le la da dos del ten ter".split())  # "nomsa van wyk"
_SEARCHED = ("veto_before", "needs_before", "veto_value")  # searched over a window (the others match at one position)
_last: list = [None, 0, "", False]  # the last message profiled: text, digit count, lower-case, plain?
# Characters re's Unicode \s matches and its ASCII \s does not (the rest of ASCII reads the same in both)
_UNI_SPACE = re.compile(r"[\x1c-\x1f]")
# A pattern written in ASCII, with no escape that may stand for a non-ASCII character
_NOT_PLAIN_SOURCE = re.compile(r"[^\x00-\x7f]|\\(?:[uUxN]|[0-7]{3})")


def count_digits(text: str) -> int:
    return len(_DIGIT.findall(text))


def profile(text: str) -> tuple[int, str]:
    """Digit count and lower-case copy of ``text``, computed once per message
    for all the pattern detectors (the checker runs them one after another);
    also whether it is plain ASCII (``plain``)."""
    if _last[0] is not text:
        _last[0], _last[1], _last[2] = text, count_digits(text), text.lower()
        _last[3] = text.isascii() and _UNI_SPACE.search(text) is None
    return _last[1], _last[2]


def plain(text: str) -> bool:
    """Is ``text`` ASCII without the separators \x1c-\x1f? On such a text a
    pattern of ASCII source compiled with ``re.ASCII`` finds exactly what it
    finds compiled for Unicode (\w, \d, \b, \s and case folding agree on
    every ASCII character but those), with table look-ups instead of Unicode
    category and case calls per character."""
    profile(text)
    return _last[3]


def _ascii_twin(rx):
    """``rx`` compiled with ``re.ASCII`` (see ``plain``), or None when its
    source may name a non-ASCII character or it does not compile so."""
    if rx is None:
        return None
    if _NOT_PLAIN_SOURCE.search(rx.pattern):
        raise ValueError
    return precompiled.compile(rx.pattern, (rx.flags & ~re.UNICODE) | re.ASCII)


def _alternation(words: Iterable[str]) -> str:
    """A case-folded trie of the words as one regex, so the engine rejects a
    position after a character or two instead of trying every word; longer
    words win ('Cape Town' over 'Cape'); a space matches a run of blanks."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w.lower():
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node) -> str:
        end = "" in node
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(sub)
                    for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return emit(trie)


_VERSION = precompiled.source_version(__file__)  # of what is kept from here (core/precompiled.py)


class PatternRule:
    __slots__ = ("rule", "rx", "groups", "gate_digits", "gate_any", "needs_before", "validator", "args", "min_digits",
                 "veto_before", "veto_after", "veto_value", "window", "person", "person_on", "needs_after", "ascii")

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
            # (with a lookahead on the characters a match can start with: same matches, see core/rxguard.py)
            self.rx = precompiled.compile(first_char_guard(expanded, re.IGNORECASE), re.IGNORECASE)
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
        self.gate_digits = d.get("min_text_digits", self.min_digits)
        if not isinstance(self.gate_digits, int) or self.gate_digits < 0:
            raise rule.fail("min_text_digits", "must be a non-negative integer")
        gate_any = d.get("requires_any", [])
        if not isinstance(gate_any, list) or not all(isinstance(w, str) and w and w == w.lower() for w in gate_any):
            raise rule.fail("requires_any", "must be a list of non-empty lower-case strings")
        # One trie regex over the lower-cased message: cheaper than a loop
        # of substring tests.
        self.gate_any = precompiled.compile(_alternation(gate_any)) if gate_any else None
        self.window = d.get("veto_window", 40)
        if not isinstance(self.window, int) or not 0 < self.window <= 200:
            raise rule.fail("veto_window", "must be an integer from 1 to 200")
        self.veto_before = self._vetoes(rule, pack, cache, "veto_before", "(?:{})$")
        self.needs_before = self._vetoes(rule, pack, cache, "needs_before", "(?:{})$")
        self.needs_after = self._vetoes(rule, pack, cache, "needs_after", "(?:{})")  # .match(text, pos) anchors it
        self.veto_after = self._vetoes(rule, pack, cache, "veto_after", "^(?:{})")
        self.veto_value = self._vetoes(rule, pack, cache, "veto_value", "(?:{})")
        self.person_on = "pattern"
        self.person = self._person(rule, pack, cache)
        self.ascii = self._twin()

    _SCANS = ("rx", "veto_before", "needs_before", "needs_after", "veto_after", "veto_value")

    def _twin(self):
        """This rule with its patterns compiled for ASCII text (``plain``):
        the same findings on such a text, faster. None when a pattern
        cannot be read so."""
        twin = object.__new__(PatternRule)
        for k in PatternRule.__slots__:
            if k != "ascii":
                setattr(twin, k, getattr(self, k))
        try:
            for k in self._SCANS:
                setattr(twin, k, _ascii_twin(getattr(self, k)))
        except (ValueError, re.error):
            return None
        twin.ascii = None
        return twin

    def _person(self, rule, pack, cache):
        spec = rule.data.get("person")
        if spec is None:
            return None
        if not isinstance(spec, dict):
            raise rule.fail("person", "must be a table")
        group = spec.get("group")
        where = spec.get("on", "pattern")
        if where not in ("pattern", "before", "after"):
            raise rule.fail("person", "on must be 'pattern', 'before' or 'after'")
        rx = {"pattern": self.rx, "before": self.needs_before, "after": self.needs_after}[where]
        if rx is None:
            raise rule.fail("person", f"on = '{where}' needs needs_{where}")
        self.person_on = where
        if not isinstance(group, str) or group not in rx.groupindex:
            raise rule.fail("person", f"group must name a group of the regex it is checked on ({where})")
        sets = []
        for key in ("names", "not", "reject", "lower_not"):
            lists = spec.get(key, [])
            if not isinstance(lists, list) or not all(isinstance(n, str) and n for n in lists):
                raise rule.fail("person", f"{key} must be a list of word-list names")
            group_sets = []
            for name in lists:
                ck = "set:" + name
                if ck not in cache:
                    try:
                        # lists may hold several words a line (clinical terms) or
                        # names of several words (places): one word at a time
                        cache[ck] = frozenset(w.lower() for w in " ".join(pack.word_list(name)).split())
                    except PolicyError as e:
                        raise rule.fail("person", f"word list {name}.txt: {e}") from None
                group_sets.append(cache[ck])
            # the lists' sets as they are (shared by every rule), not a union
            # copied per rule: membership is asked only of a candidate's few words
            sets.append(_AnyOf(group_sets))
        accept = spec.get("accept", [])
        if not isinstance(accept, list) or not all(isinstance(a, str) and a for a in accept):
            raise rule.fail("person", "accept must be a list of regex strings")
        try:
            acc = precompiled.compile("|".join(f"(?:{a})" for a in accept)) if accept else None
        except re.error as e:
            raise rule.fail("person", f"accept does not compile: {e}") from None
        names, nots, reject, lower_not = sets

        def check(m, staff=frozenset()) -> bool:
            who = m.group(group)
            if who is None:
                return False
            words = [t.lower() for t in _WORD.findall(who)]
            if reject and any(w in reject for w in words):
                return False
            if staff and any(w in staff for w in words):   # a colleague's name
                return False
            if acc is not None and acc.match(who):
                return True
            if who.islower():   # typed in lower case: every word a listed name, none an English word
                words = [w for w in words if w not in _PARTICLES]
                return all(w in names and w not in (lower_not or nots) for w in words)
            return any(w in names for w in words) and any(w not in nots for w in words)

        return check

    def _vetoes(self, rule, pack, cache, fld, shape):
        pats = rule.data.get(fld, [])
        if not isinstance(pats, list) or not all(isinstance(p, str) and p for p in pats):
            raise rule.fail(fld, "must be a list of regex strings")
        if not pats:
            return None
        cues = rule.data.get("cues", [])
        if any("{{cues}}" in p for p in pats) and not cues:
            raise rule.fail(fld, "uses {{cues}} but the rule lists none")
        body = "|".join(f"(?:{self._expand(p, rule, pack, cache, cues, 0)})" for p in pats)
        try:
            # (searched ones with a lookahead on their first characters: same matches, see core/rxguard.py)
            src = shape.format(body)
            return precompiled.compile(first_char_guard(src, re.IGNORECASE) if fld in _SEARCHED else src, re.IGNORECASE)
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
                        words = pack.word_list(name)
                        cache[name] = precompiled.memo("alternation", precompiled.text_key(words),
                                                       lambda: _alternation(words), _VERSION)
                    except PolicyError as e:
                        raise rule.fail("pattern", f"word list {name}.txt: {e}") from None
                return "(?:" + cache[name] + ")"
            if key not in frags or not isinstance(frags[key], str):
                raise rule.fail("pattern", f"unknown fragment {{{{{key}}}}} (define it under [fragments])")
            return "(?:" + cls._expand(frags[key], rule, pack, cache, cues, depth + 1) + ")"

        return _PLACEHOLDER.sub(sub, src)

    def candidates(self, text: str, claimed=None, memo=None, staff=frozenset()):
        """Yield (start, end) of each accepted value in ``text``. ``claimed``
        (start, end) -> bool skips values already taken, before the costly
        checks. ``memo`` (a dict for one message) shares the scan of rules
        with the same pattern (they differ in their cues and vetoes).
        ``staff``: lower-case words of the workspace's staff names; a
        ``person`` group holding one is a colleague, not a patient."""
        if memo is None:
            matches = self.rx.finditer(text)
        else:
            matches = memo.get(self.rx.pattern)
            if matches is None:
                matches = memo[self.rx.pattern] = list(self.rx.finditer(text))
        for m in matches:
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
            if claimed is not None and claimed(s, e):
                continue
            if self.veto_value is not None and self.veto_value.search(value):
                continue
            before = None
            if self.needs_before is not None:
                before = self.needs_before.search(text, max(0, s - self.window), s)
                if before is None:
                    continue
            if self.veto_before is not None and self.veto_before.search(text, max(0, s - self.window), s):
                continue
            if self.veto_after is not None and self.veto_after.match(text[m.end():m.end() + self.window]):
                continue
            after = None
            if self.needs_after is not None:
                after = self.needs_after.match(text, e, min(len(text), e + self.window))
                if after is None:
                    continue
            if self.validator is not None and not self.validator(value, **self.args):
                continue
            if self.person is not None and not self.person(
                    m if self.person_on == "pattern" else before if self.person_on == "before" else after, staff):
                continue
            yield s, e


def compile_rules(pack: Pack, rules: list[Rule]) -> list[PatternRule]:
    # One cache of expanded word lists and name sets for the three pattern
    # detectors of a pack: kept beside the pack's word lists, so it goes
    # when the checker drops those once every detector is built.
    cache = pack._lists.setdefault("\0pattern-cache", {})
    return [PatternRule(r, pack, cache) for r in rules]


class Spans:
    """A union of [start, end) intervals: overlap test and insert in
    O(log n), so a message of thousands of numbers stays linear-ish."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans=()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in spans:
            self.add(s, e)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.ends, s + 1)  # first interval ending after s
        return i < len(self.starts) and self.starts[i] < e

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.ends, s)       # first interval ending at/after s
        j = bisect.bisect_right(self.starts, e)    # intervals starting at/before e
        if i < j:                                  # merge with [i, j)
            s, e = min(s, self.starts[i]), max(e, self.ends[j - 1])
        self.starts[i:j] = [s]
        self.ends[i:j] = [e]


class _AnyOf:
    """Membership in any of several sets, without building their union."""

    __slots__ = ("sets",)

    def __init__(self, sets):
        self.sets = tuple(sets)

    def __contains__(self, w) -> bool:
        return any(w in s for s in self.sets)

    def __bool__(self) -> bool:
        return any(self.sets)


_TITLES = frozenset("dr doc prof sr sister nurse matron mr mrs ms miss mx".split())
_staff_memo: list = [None, frozenset()]


def staff_words(names: frozenset) -> frozenset:
    """Lower-case words (two letters or more, titles aside) of the staff
    names, computed once per set of names."""
    if _staff_memo[0] is not names:
        words = {w.lower() for n in names for w in _WORD.findall(n)}
        _staff_memo[0], _staff_memo[1] = names, frozenset(w for w in words if len(w) > 1 and w not in _TITLES)
    return _staff_memo[1]


class PatternDetector(BaseDetector):
    """Runs its rules in pack order; a value already claimed (by an earlier
    rule or detector) is not reported twice. ``min_text_digits`` (a class
    attribute, or ``[settings.<name>]`` in the pack) skips messages with
    too few digits at once; each rule has its own gates too."""

    min_text_digits = 0
    _staff = staticmethod(staff_words)

    def __init__(self, pack: Pack):
        super().__init__(pack)
        self.compiled = compile_rules(pack, self.rules)
        settings = pack.table("settings").get(self.name, {})
        self.min_text_digits = settings.get("min_text_digits", self.min_text_digits)

    def detect(self, doc: Doc, ctx: Context, found: list[Finding]) -> Iterable[Finding]:
        text = doc.text
        ndigits, lower = profile(text)
        if ndigits < self.min_text_digits:
            return []
        ascii_ = plain(text)
        taken = None
        out = []
        memo: dict = {}
        staff = self._staff(ctx.staff_names)
        for pr in self.compiled:
            if ndigits < pr.gate_digits or (pr.gate_any is not None and pr.gate_any.search(lower) is None):
                continue
            if taken is None:
                taken = Spans((f.start, f.end) for f in found if f.start is not None and f.policy == "identifiers")
            run = pr.ascii if ascii_ and pr.ascii is not None else pr
            for s, e in run.candidates(text, lambda s, e: taken.overlaps(*doc.span(s, e)), memo, staff):
                f = finding(pr.rule, doc, s, e)
                taken.add(f.start, f.end)
                out.append(f)
        return out


class Detector(PatternDetector):
    policy = "identifiers"
    name = "numbers"
    min_text_digits = 6
