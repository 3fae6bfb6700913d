"""A small linear scorer for derogatory remarks the lexicon does not name
(issue 9 item 4, issue 16): group contempt, mocking nicknames, hostile
wishes without a fixed verb, dismissal, sarcasm with emoji and scare
quotes, stigmatising labels, colleague mockery, township slang.

Logistic regression over binary features of the detector's folded text
(lower case, leetspeak undone): word unigrams (not function words) and bigrams, a 5-letter
prefix of longer words (inflections and misspellings share it), numbers as
dropped (with bed words: the gate reads them), emoji by class (laughing, eye-roll, animal, warm) and a quote
mark as a token. The weights are data (``policies/derogatory/scorer.txt``,
``feature<TAB>weight`` lines and ``__bias__``), fitted deterministically by
``benchmarks/derog_scorer_fit.py``. Text only: nothing from the identifier
detectors. The detector decides whether a high score is reported (its
target resolver and discussion cues); this module only scores.
"""

from __future__ import annotations

import itertools
import math
import re

# Emoji classes: the class is the feature, not the code point.
_EMOJI = {}
for _cls, _chars in (
    ("<laugh>", "😂🤣😆😅😹😜😝🤪"),
    ("<eyeroll>", "🙄😒😤🤦🤷😑😐🥱"),
    ("<animal>", "🐷🐖🐽🐄🐮🐋🐳🦛🐘🐒🐵🙈🐀🐁🦍🐍🐑🐐🦆🤡💩🧟"),
    ("<warm>", "❤💙💚💜🧡💛🥰😍😊🙂👏🙌🎉🎂💪🙏🌟⭐👍✨🤗"),
    ("<sad>", "😢😭😔😞🥺💔"),
):
    for _c in _chars:
        _EMOJI[_c] = _cls

# Who and where, not how: the detector's gate reads these (a bed, a number);
# as features they only learnt that the training remarks name beds.
_NEUTRAL = frozenset({"bed", "beds", "bay", "cubicle", "cubie", "cube", "room", "resus", "cot", "ward", "in", "<n>"})

# Function words: on their own they learnt the style of the training
# remarks ("that", "a", "just", "never"), which real prose shares; they count
# only in pairs ("just|let", "these|ones").
_FUNCTION = frozenset({
    "a", "an", "the", "that", "this", "these", "those", "is", "are", "was", "were", "be", "been", "being", "am",
    "to", "of", "and", "or", "but", "so", "because", "it", "its", "for", "on", "at", "with", "as", "by", "from",
    "out", "up", "should", "would", "could", "can", "will", "just", "never", "always", "really", "very", "not",
    "no", "all", "any", "some", "what", "who", "which", "when", "there", "here", "than", "then", "if", "about",
    "into", "their", "his", "her", "he", "she", "they", "them", "him", "you", "your", "we", "our", "i", "me", "my",
    "do", "does", "did", "have", "has", "had", "one", "more", "most", "how", "why", "even", "also", "too",
})

_TOK = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+|[\"']|[^\x00-\x7f]")


def tokens(fs: str) -> list[str]:
    """The token sequence of folded text: words, ``<n>`` for a number,
    ``<q>`` for a quote mark, an emoji's class (other non-ASCII dropped)."""
    out = []
    for t in _TOK.findall(fs):
        c = t[0]
        if "a" <= c <= "z":
            if t not in _NEUTRAL:
                out.append(t)
        elif c.isdigit():
            pass
        elif c == '"' or c == "'":
            out.append("<q>")
        else:
            e = _EMOJI.get(c)
            if e is not None:
                out.append(e)
    return out


def features(fs: str) -> set[str]:
    toks = tokens(fs)
    out = {t for t in toks if t not in _FUNCTION}
    prev = "<s>"
    for t in toks:
        out.add(prev + "|" + t)
        if len(t) >= 7 and t[0] != "<":
            out.add(t[:5] + "~")
        prev = t
    return out


_zeros = itertools.repeat(0.0)


class Scorer:
    """P(derogatory about a patient or colleague) from the shipped weights."""

    __slots__ = ("w", "bias")

    def __init__(self, lines):
        w = {}
        for line in lines:
            k, _, v = line.rpartition("\t")
            if k:
                w[k] = float(v)
        self.bias = w.pop("__bias__", 0.0)
        self.w = w

    def logit(self, fs: str) -> float:
        # math.fsum is exact, so the score does not depend on the set's order (the hash seed)
        return self.bias + math.fsum(map(self.w.get, features(fs), _zeros))

    def prob(self, fs: str) -> float:
        z = self.logit(fs)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
