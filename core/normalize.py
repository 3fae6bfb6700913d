"""Normalise text before matching, keeping a map back to the original offsets.

NFKC, zero-width and bidi controls removed, Unicode homoglyphs and typographic
quotes/dashes folded to ASCII. Pure-ASCII text (the usual case) is passed
through untouched with an identity map, so the common path costs nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Look-alike letters from other scripts that people (or keyboards) slip into
# Latin text, and typographic punctuation: folded to the ASCII they mimic.
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    # Greek
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "i", "κ": "k",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # punctuation
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u00a0": " ", "\u2007": " ", "\u202f": " ",
    # characters the guidance's own PDF extraction mangled into quotes
    "\u201f": '"', "\u2035": "'",
}

# Category Cf covers zero-width (ZWSP, ZWNJ, ZWJ, WJ, BOM, soft hyphen) and the
# bidi controls (LRM, RLM, LRE..RLO, LRI..PDI).
_DROP_CATEGORIES = {"Cf"}


@dataclass(frozen=True, slots=True)
class Doc:
    """A message ready for matching.

    ``text``: the normalised text detectors match on.
    ``original``: the text as the author wrote it.
    ``index``: for each position of ``text`` (and one past the end), the
    position in ``original``; ``None`` when the two are identical.
    """

    original: str
    text: str
    index: tuple[int, ...] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``text`` back to ``original``."""
        if self.index is None:
            return start, end
        if end <= start:
            o = self.index[start]
            return o, o
        return self.index[start], self.index[end - 1] + 1 if end - 1 < len(self.text) else self.index[end]


# Chat emphasis markers around a field label or value ("*DOB:* 2007-06-19", "_Folder:_ 123"), as
# WhatsApp and Slack write bold and italics: blanked (same length, so offsets stay), so that a
# label reads as a label. A bullet ("* item") or a lone star ("5*", "2 * 3") is left alone.
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])([^*_\n]{1,60}?)(?<=[^\s*_])\1(?![\w*])")


def _unemphasise(text: str) -> str:
    if "*" not in text and "_" not in text:
        return text
    return _EMPHASIS.sub(lambda m: " " + m.group(2) + " ", text)


def normalize(text: str) -> Doc:
    if text.isascii():
        plain = _unemphasise(text)
        return Doc(text, plain, None)
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            out.append(ch)
            index.append(i)
            continue
        rep = _HOMOGLYPHS.get(ch)
        if rep is None:
            if unicodedata.category(ch) in _DROP_CATEGORIES:
                continue
            rep = unicodedata.normalize("NFKC", ch)
            # Combining marks NFKC leaves alone when alone: keep the letter
            # matchable by dropping accents only where the base is ASCII.
            rep = "".join(c for c in rep if not unicodedata.combining(c)) or rep
        for c in rep:
            out.append(c)
            index.append(i)
    index.append(len(text))
    return Doc(text, _unemphasise("".join(out)), tuple(index))
