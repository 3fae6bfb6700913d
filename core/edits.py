"""One edit apart: the typo test shared by cue spelling (core/spelling.py)
and the /guidance typo tolerance (core/guidance.py)."""

from __future__ import annotations


def within_one(a: str, b: str) -> bool:
    """Damerau-Levenshtein (optimal string alignment) distance <= 1: equal, or
    one substitution, insertion, deletion or adjacent transposition apart."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a  # a is the shorter
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]
