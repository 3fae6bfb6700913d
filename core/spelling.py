"""Repair misspelt cue words and write out chat shorthand before the identifier detectors run.

Chat messages are typed fast: "foledr no 87067087", "mmeber number ...",
"pt boorn 29/10/1975", "passoprt P2528099". The detectors key on the cue words
("folder", "member", "born", "passport"), so one slipped key lost the finding.
This pass rewrites a token that is one edit (insertion, deletion, substitution,
or a swap of two neighbours) away from exactly one cue word of
``policies/identifiers/cue_spelling.txt`` into that word, keeping its case, and
returns a ``Doc`` whose index still maps every position back to the text as
written (offsets of findings stay on the original).

Shorthand of ``policies/identifiers/cue_abbreviations.txt`` ("adm", "w/",
"fam", "r/v") is written out the same way, as whole tokens only.

Guards against repairing a real word: the token must be at least 4 letters,
start with the cue word's first letter, not be a cue word already, and not be
an English word, a name, a place or a clinical term of the lists (``known``);
a four-letter word is repaired from a swap or an extra letter only ("bron",
"wiife"), never from a substituted one ("wifi" is not "wife").

Look-up is by symmetric deletion: every cue word and its one-letter deletions
are keys of one dict, and a token's own deletions are looked up in it; the
edit distance of each candidate is then checked exactly. A message costs one
regex pass and a few set look-ups per unknown word.
"""

from __future__ import annotations

import re

from .edits import within_one
from .normalize import Doc

# words of 4 to 16 letters (the longest cue word is 11; a longer run is no typo of one, and the
# deletions of a word cost its length squared, so a 100 KB "word" must never reach them)
_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{4,16}(?![A-Za-z])")


_MISS = object()


def _deletes(w: str) -> set[str]:
    return {w[:i] + w[i + 1:] for i in range(len(w))}


def _one_edit(a: str, b: str) -> bool:
    """Exactly one edit apart."""
    return a != b and within_one(a, b)


class CueSpelling:
    def __init__(self, cues, known: tuple, shorthand: dict | None = None):
        # chat shorthand written out ("adm" -> "admitted", "w/" -> "with"), whole tokens only
        self.shorthand = {k.lower(): v for k, v in (shorthand or {}).items()}
        alts = []
        for k in sorted(self.shorthand, key=len, reverse=True):
            # "w/ asthma", "w/asthma" ("w/e" is not "with")
            tail = r"(?=\s|[A-Za-z]{2})" if k.endswith("/") else r"(?![\w/'])"
            alts.append(re.escape(k) + tail)
        self.short_rx = re.compile(r"(?<![\w/'])(?:" + "|".join(alts) + ")", re.IGNORECASE) if alts else None
        self.cues = frozenset(c for c in cues if len(c) >= 4 and c.isalpha())
        self.longest = max((len(c) for c in self.cues), default=0)
        self.initials = frozenset(c[0] for c in self.cues)
        self._cache: dict = {}
        self.known = tuple(known)  # word sets (by reference): never repaired
        index: dict[str, set] = {}
        for c in self.cues:
            for v in _deletes(c) | {c}:
                index.setdefault(v, set()).add(c)
        self.index = {k: frozenset(v) for k, v in index.items()}

    def _known(self, low: str) -> bool:
        return any(low in s for s in self.known)

    def fix(self, low: str) -> str | None:
        """The cue word ``low`` (a lower-case token) is a typo of, or None."""
        if low in self.cues or len(low) > self.longest + 1 or low[0] not in self.initials or self._known(low):
            return None
        found = set()
        hit = self.index.get(low)
        if hit:
            found |= hit
        for v in _deletes(low):
            hit = self.index.get(v)
            if hit:
                found |= hit
        found = [c for c in found if c[0] == low[0] and _one_edit(low, c)
                 and not (len(c) <= 4 and len(low) == 4 and sorted(low) != sorted(c))]
        return found[0] if len(found) == 1 else None

    def repair(self, doc: Doc) -> Doc:
        text = doc.text
        edits = []
        if self.short_rx is not None:
            for m in self.short_rx.finditer(text):
                rep = self.shorthand[m.group().lower()]
                if m.end() < len(text) and not text[m.end()].isspace():
                    rep += " "  # "w/asthma" -> "with asthma"
                edits.append((m.start(), m.end(), rep))
        cache = self._cache
        for m in _WORD.finditer(text):
            w = m.group()
            low = w.lower()
            rep = cache.get(low, _MISS)
            if rep is _MISS:
                rep = None if low in self.cues else self.fix(low)
                if len(cache) >= 50000:
                    cache.clear()  # bounded: a cache of word -> repair, never a record of messages
                cache[low] = rep
            if rep is None:
                continue
            if w.isupper():
                rep = rep.upper()
            elif w[0].isupper():
                rep = rep[0].upper() + rep[1:]
            edits.append((m.start(), m.end(), rep))
        if not edits:
            return doc
        edits.sort()
        edits = [x for k, x in enumerate(edits) if k == 0 or x[0] >= edits[k - 1][1]]
        base = doc.index if doc.index is not None else range(len(text) + 1)
        out: list[str] = []
        index: list[int] = []
        pos = 0
        for s, e, rep in edits:
            out.append(text[pos:s])
            index.extend(base[pos:s])
            out.append(rep)
            # every letter of the repaired word maps into the word as written
            index.extend(base[min(s + k, e - 1)] for k in range(len(rep) - 1))
            index.append(base[e - 1])
            pos = e
        out.append(text[pos:])
        index.extend(base[pos:len(text) + 1])
        return Doc(doc.original, "".join(out), tuple(index))
