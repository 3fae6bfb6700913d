"""Detector family: re-identification by combination (identifiers).

No single detail names the patient, but together (a public role, a small
place, a publicised event, a relative on the staff, an exact age and sex) they
single one person out: the guidance's "sum of published information".

The features, their cue phrases and weights are data in
``policies/identifiers/combination.toml``; each feature family is compiled
into one regex at load. Per message: one search for any distinctive cue (most
messages stop there), then one search per family. A family counts once. A
distinctive family given by patterns only (``public_relation``) lists the
words its patterns need as ``gate``, so the first search stays a dictionary
look-up per word.
Besides the weighted sum, ``pairs`` name two families that single a patient
out together whatever their weights (a public office, a publicised event or
a staff member, each with a patient cue: "the MEC for health was admitted",
"the driver from yesterday's crash on the N1 is in theatre", "our theatre
sister is in ICU bed 3"); and ``requires_patient`` asks for a patient cue
(care, a sensitive diagnosis, age/sex) in every finding, so "the minister's
speech was on the news" stays quiet.
The finding has no span (``start = end = None``).
"""

from __future__ import annotations

import re
from typing import Iterable

from .. import precompiled
from ..findings import Context, Finding
from ..normalize import Doc
from ..policy import Pack, PolicyError
from .base import BaseDetector, finding


WORD = re.compile(r"[a-z0-9]+\+?")


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


class PhraseIndex:
    """Cue phrases keyed by their first word: a message's words are looked
    up in a dict, no regex alternation over hundreds of phrases."""

    __slots__ = ("first",)

    def __init__(self, phrases):
        self.first: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            ws = tuple(_words(p))
            if ws:
                self.first.setdefault(ws[0], []).append(ws[1:])
        for tails in self.first.values():
            tails.sort(key=len)

    def search(self, words: list[str]) -> bool:
        first = self.first
        n = len(words)
        for i, w in enumerate(words):
            tails = first.get(w)
            if tails is None:
                continue
            for tail in tails:
                k = len(tail)
                if not k or tuple(words[i + 1:i + 1 + k]) == tail:
                    return True
        return False


class Detector(BaseDetector):
    policy = "identifiers"
    name = "combination"

    def __init__(self, pack: Pack):
        super().__init__(pack)
        self.rule = self.rules[0] if self.rules else None
        cfg = pack.table("combination")
        where = pack.root / "combination.toml"
        st = cfg.get("settings", {})
        self.threshold = float(st.get("threshold", 4.0))
        required = st.get("requires_one_of", [])
        feats = cfg.get("features", {})
        if self.rule is not None and not feats:
            raise PolicyError(where, None, "combination.features", "no features defined")
        self.features: list[tuple[str, float, PhraseIndex | None, re.Pattern | None]] = []
        gate = []
        self.cancels: dict[str, frozenset[str]] = {}
        self.needs: dict[str, frozenset[str]] = {}
        for name, spec in feats.items():
            if not isinstance(spec, dict):
                raise PolicyError(where, None, f"combination.features.{name}", "must be a table")
            try:
                weight = float(spec.get("weight", 1.0))
            except (TypeError, ValueError):
                raise PolicyError(where, None, f"combination.features.{name}.weight", "must be a number") from None
            cues = list(spec.get("cues", []))
            if not all(isinstance(c, str) for c in cues):
                raise PolicyError(where, None, f"combination.features.{name}.cues", "must be a list of strings")
            if spec.get("use_places"):
                try:
                    cues += [p for p in pack.word_list("places") if len(p) > 3]
                except PolicyError:
                    pass
            index = PhraseIndex(cues) if cues else None
            rx = None
            pats = spec.get("patterns", [])
            if pats:
                try:
                    rx = precompiled.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)
                except re.error as e:
                    raise PolicyError(where, None, f"combination.features.{name}.patterns", f"does not compile: {e}") from None
            if index is None and rx is None:
                raise PolicyError(where, None, f"combination.features.{name}", "needs cues or patterns")
            fgate = spec.get("gate")
            if fgate is not None and (not isinstance(fgate, list) or not all(isinstance(c, str) for c in fgate)):
                raise PolicyError(where, None, f"combination.features.{name}.gate", "must be a list of strings")
            # a feature's patterns run only when one of its gate words is present (its cues are looked up anyway)
            words_needed = frozenset(w for c in fgate for w in _words(c)) if fgate and rx is not None else None
            for key in ("cancels", "needs"):
                v = spec.get(key)
                if v is not None and (not isinstance(v, list) or not all(isinstance(c, str) for c in v)):
                    raise PolicyError(where, None, f"combination.features.{name}.{key}", "must be a list of feature names")
            if spec.get("cancels"):
                self.cancels[name] = frozenset(spec["cancels"])
            if spec.get("needs"):
                self.needs[name] = frozenset(spec["needs"])
            self.features.append((name, weight, index, rx, words_needed))
            if name in required:
                # a feature given by patterns names the words its patterns need (``gate``),
                # so the gate stays one dictionary look-up per word
                gate_words = cues + list(fgate or [])
                if not gate_words or not all(isinstance(c, str) for c in gate_words):
                    raise PolicyError(where, None, f"combination.features.{name}.gate",
                                      "a required feature needs cues or gate words")
                gate.extend(gate_words)
        unknown = set(required) - set(feats)
        if unknown:
            raise PolicyError(where, None, "combination.settings.requires_one_of", f"unknown feature(s) {sorted(unknown)}")
        self.gate = PhraseIndex(gate) if gate else None
        # the distinctive families first, so a message without one stops early
        self.features.sort(key=lambda f: f[0] not in required)
        self.required = frozenset(required)
        self.negative = frozenset(f[0] for f in self.features if f[1] < 0)
        names = set(feats)
        # a patient cue (admitted, in ICU, an age and sex, a diagnosis...) must be present too
        self.requires_patient = tuple(st.get("requires_patient", []))
        # pairs that single a patient out on their own ("the MEC for health" + "admitted")
        self.pairs = [tuple(p) for p in st.get("pairs", [])]
        for p in self.pairs:
            if len(p) != 2 or not all(isinstance(x, str) for x in p):
                raise PolicyError(where, None, "combination.settings.pairs", "each pair is [feature, feature]")
        unknown = (set(self.requires_patient) | {x for p in self.pairs for x in p}
                   | {x for v in (*self.cancels.values(), *self.needs.values()) for x in v}) - names
        if unknown:
            raise PolicyError(where, None, "combination.settings", f"unknown feature(s) {sorted(unknown)}")

    def score(self, text: str, words: list[str] | None = None, early: bool = False) -> tuple[float, tuple[str, ...]]:
        """The combined weight of the feature families present, and their names
        (``early``: stop when no distinctive family is present)."""
        if words is None:
            words = _words(text)
        wordset = None
        distinct = False
        required = self.required
        weights = {}
        for name, weight, index, rx, needed in self.features:
            if early and not distinct and name not in required:
                break
            run_rx = rx is not None
            if needed is not None:
                if wordset is None:
                    wordset = frozenset(words)
                run_rx = not needed.isdisjoint(wordset)
            if index is not None and index.search(words) or run_rx and rx.search(text):
                weights[name] = weight
                distinct = distinct or name in required
        if early and not distinct:
            return 0.0, ()
        gone = set()
        for name in weights:
            gone |= self.cancels.get(name, frozenset())
        for name, want in self.needs.items():
            if name in weights and want.isdisjoint(weights.keys() - gone):
                gone.add(name)
        hit = [n for n in weights if n not in gone]
        if early and gone and required.isdisjoint(hit):
            return 0.0, ()  # the distinctive family was cancelled or lacks its companion
        total = sum(weights[n] for n in hit)
        return total, tuple(hit)

    def detect(self, doc: Doc, ctx: Context, found: list[Finding]) -> Iterable[Finding]:
        if self.rule is None:
            return ()
        # a direct identifier was found: that finding is the nudge
        for f in found:
            if f.policy == "identifiers" and f.start is not None:
                return ()
        text = doc.text
        words = _words(text)
        if self.gate is not None and not self.gate.search(words):
            return ()
        total, hit = self.score(text, words, early=True)
        # a family with a negative weight (a visitor, several patients) also cancels the pairs
        if any(a in hit and b in hit for a, b in self.pairs) and not any(n in self.negative for n in hit):
            total = max(total, self.threshold)
        elif total < self.threshold or self.requires_patient and not any(f in hit for f in self.requires_patient):
            return ()
        return (finding(self.rule, None, None, None, min(1.0, total / (2 * self.threshold))),)
