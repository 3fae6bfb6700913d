"""Cheap rejection for big alternations: a literal-prefix guard.

A pattern such as ``(?:\\bdon't ...|\\bcall(?:ing)? ...|\\bthe term ...)`` is
searched by trying each of its alternatives at every position of the text.
``guard(pattern)`` reads the pattern with the standard library's own parser
and collects the literal prefixes (up to a few characters) that any match
must start with; the pattern is then written ``(?=<trie of prefixes>)(?:pattern)``.
The lookahead only states a condition every match already meets, so every
``search``/``match``/``finditer`` gives exactly the same matches, groups and
spans; positions where no prefix starts are rejected after a character or
two instead of after every alternative.

Whenever a prefix cannot be told exactly (a class such as ``\\w``, a
back-reference, case-insensitive or other inline flags, an empty
alternative, too many prefixes) the pattern is returned unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import precompiled

try:
    from re import _constants as _C, _parser as _P
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

_MAX_PREFIXES = 400
_MAX_CLASS = 40  # a character class with more members than this stops the prefix
_CUT = object()  # the rest of the sequence is unknown: the prefix stops here
_ZERO_WIDTH = {_C.AT, _C.ASSERT, _C.ASSERT_NOT}
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT} | ({_C.POSSESSIVE_REPEAT} if hasattr(_C, "POSSESSIVE_REPEAT") else set())
_ATOMIC = getattr(_C, "ATOMIC_GROUP", None)


class _Unknown(Exception):
    pass


def _class_chars(items) -> list[str] | None:
    out: list[str] = []
    for op, av in items:
        if op is _C.LITERAL:
            out.append(chr(av))
        elif op is _C.RANGE:
            lo, hi = av
            if hi - lo >= _MAX_CLASS:
                return None
            out.extend(chr(c) for c in range(lo, hi + 1))
        else:  # NEGATE, CATEGORY (\w, \s, \d) ...
            return None
        if len(out) > _MAX_CLASS:
            return None
    return out


def _pref(seq: tuple, i: int, need: int, budget: list[int]) -> set[str]:
    """Prefixes (at most ``need`` characters) any match of ``seq[i:]`` starts
    with; a prefix shorter than ``need`` means only that much is known."""
    if need <= 0:
        return {""}
    while i < len(seq):
        item = seq[i]
        if item is _CUT:
            return {""}
        op, av = item
        if op in _ZERO_WIDTH:  # \b, ^, look-arounds: they consume nothing
            i += 1
            continue
        rest = seq[i + 1:]
        if op is _C.LITERAL:
            return {chr(av) + x for x in _pref(seq, i + 1, need - 1, budget)}
        if op is _C.IN:
            chars = _class_chars(av)
            if chars is None:
                return {""}
            tail = _pref(seq, i + 1, need - 1, budget)
            out = {c + x for c in chars for x in tail}
            _spend(budget, len(out))
            return out
        if op is _C.BRANCH:
            out = set()
            for alt in av[1]:
                got = _pref(tuple(alt) + rest, 0, need, budget)
                out |= got
                _spend(budget, len(got))  # what this alternative adds: a long list is not charged quadratically
            return out
        if op is _C.SUBPATTERN:
            _group, add_flags, del_flags, p = av
            if add_flags or del_flags:
                return {""}
            return _pref(tuple(p) + rest, 0, need, budget)
        if _ATOMIC is not None and op is _ATOMIC:
            return _pref(tuple(av) + rest, 0, need, budget)
        if op in _REPEATS:
            lo, _hi, p = av
            once = _pref(tuple(p) + (_CUT,), 0, need, budget)
            if lo >= 1:
                return once
            out = once | _pref(seq, i + 1, need, budget)
            _spend(budget, len(out))
            return out
        return {""}  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, ...: unknown from here
    return {""}


def _spend(budget: list[int], n: int) -> None:
    budget[0] -= n
    if budget[0] < 0:
        raise _Unknown


@lru_cache(maxsize=None)
def literal_prefixes(pattern: str, flags: int = 0, need: int = 4) -> frozenset[str] | None:
    """The literal prefixes a match of ``pattern`` must start with, or None."""
    if flags & (re.LOCALE | re.DEBUG):
        return None
    try:
        parsed = _P.parse(pattern, flags)
        if parsed.state.flags & ~re.UNICODE != flags & ~re.UNICODE:
            return None  # global inline flags ("(?i)..."): they must stay first, leave it alone
        out = _pref(tuple(parsed), 0, need, [_MAX_PREFIXES * 20])
    except (_Unknown, re.error, RecursionError, TypeError, ValueError):
        return None
    if not out or "" in out or len(out) > _MAX_PREFIXES:
        return None
    return frozenset(out)


def trie(keys) -> str:
    """One regex matching any of ``keys`` (literal strings), shaped as a trie
    so a position is rejected after a character or two; longer keys first."""
    root: dict = {}
    for k in keys:
        node = root
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(c for c in node if c)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def guard(pattern: str, flags: int = 0, need: int = 4, min_prefixes: int = 2) -> str:
    """``pattern`` with a lookahead on its literal prefixes in front (same
    matches, faster rejection), or ``pattern`` itself when they cannot be told
    or there are fewer than ``min_prefixes`` of them (a pattern with one or a
    few alternatives is rejected about as fast without: the engine scans for
    a lone literal prefix on its own)."""
    def compute():
        pre = literal_prefixes(pattern, flags, need)
        if pre is None or len(pre) < min_prefixes:
            return pattern
        return f"(?={trie(pre)})(?:{pattern})"
    return precompiled.memo("guard", f"{flags} {need} {min_prefixes} {pattern}", compute, _VERSION)


_VERSION = precompiled.source_version(__file__)


# ---------------------------------------------------------------- first-character guard

_CATEGORY_CLASS = {
    _C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D", _C.CATEGORY_SPACE: r"\s",
    _C.CATEGORY_NOT_SPACE: r"\S", _C.CATEGORY_WORD: r"\w", _C.CATEGORY_NOT_WORD: r"\W",
}
_BROAD = {r"\D", r"\S", r"\w", r"\W"}  # a first character of these says little: no guard


def _first_seq(seq) -> tuple[set[str], bool]:
    """Class members (regex source) any match of ``seq`` can start with, and
    whether ``seq`` can match the empty string."""
    out: set[str] = set()
    for op, av in seq:
        if op in _ZERO_WIDTH:  # \b, ^, look-arounds: they consume nothing
            continue
        got, nullable = _first_item(op, av)
        out |= got
        if not nullable:
            return out, False
    return out, True


def _first_item(op, av) -> tuple[set[str], bool]:
    if op is _C.LITERAL:
        return {re.escape(chr(av))}, False
    if op is _C.CATEGORY:
        if av not in _CATEGORY_CLASS:
            raise _Unknown
        return {_CATEGORY_CLASS[av]}, False
    if op is _C.IN:
        out = set()
        for iop, iav in av:
            if iop is _C.LITERAL:
                out.add(re.escape(chr(iav)))
            elif iop is _C.RANGE:
                out.add(re.escape(chr(iav[0])) + "-" + re.escape(chr(iav[1])))
            elif iop is _C.CATEGORY and iav in _CATEGORY_CLASS:
                out.add(_CATEGORY_CLASS[iav])
            else:  # NEGATE and anything else
                raise _Unknown
        return out, False
    if op is _C.BRANCH:
        out, nullable = set(), False
        for alt in av[1]:
            got, n = _first_seq(alt)
            out |= got
            nullable = nullable or n
        return out, nullable
    if op is _C.SUBPATTERN:
        if av[1] & (re.IGNORECASE | re.UNICODE):
            raise _Unknown  # "(?i:...)" in a case-sensitive pattern: the guard would not fold
        return _first_seq(av[3])  # "(?-i:...)", "(?a:...)": the guard, with the outer flags, admits more
    if _ATOMIC is not None and op is _ATOMIC:
        return _first_seq(av)
    if op in _REPEATS:
        lo, _hi, p = av
        got, n = _first_seq(p)
        return got, n or lo == 0
    raise _Unknown  # ANY, NOT_LITERAL, GROUPREF, conditionals...: unknown


def first_char_guard(pattern: str, flags: int = 0) -> str:
    """``pattern`` with a lookahead on the characters any match must start
    with in front: ``(?=[...])(?:pattern)``, compiled with the same flags, so
    the class folds case exactly as the pattern does and every match, group
    and span stays the same; positions where no match can start are rejected
    at once instead of after every alternative. ``pattern`` itself when the
    first character cannot be told exactly (a negated class, ``.``), is too
    broad to help (``\\w``), or a match may be empty."""
    def compute():
        if flags & (re.LOCALE | re.DEBUG):
            return pattern
        try:
            parsed = _P.parse(pattern, flags)
            if parsed.state.flags & ~re.UNICODE != flags & ~re.UNICODE:
                return pattern  # global inline flags ("(?i)..."): they must stay first
            chars, nullable = _first_seq(tuple(parsed))
        except (_Unknown, re.error, RecursionError, TypeError, ValueError):
            return pattern
        if nullable or not chars or chars & _BROAD:
            return pattern
        return "(?=[" + "".join(sorted(chars)) + "])(?:" + pattern + ")"
    return precompiled.memo("first-guard", f"{flags} {pattern}", compute, _VERSION)
