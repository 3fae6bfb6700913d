"""`/guidance`: answer a clinician's question from the SAMA social-media guidance.

    engine = default_engine()
    a = engine.answer("can i accept a facebook request from an ex patient")
    a.section  -> "friend-requests";  a.reply -> a Reply for the adapter

The corpus is data (``policies/guidance/sections.toml``: one entry per section;
``synonyms.toml``: everyday words -> the document's words, stop words;
``examples.toml``: example questions per section and examples of what the
guidance does not cover; ``embeddings.npz``: a static word-piece embedding
table, see core/semantic.py).

Two rankers, fused. BM25F over each section's title and aliases, keywords,
text and "what to do" bullets, with light stemming, synonym expansion and typo
tolerance (Damerau edit distance 1 against the corpus vocabulary and the
examples' words, for words of ``min_typo_length`` letters or more that are
no word of the embedding table) finds the document's own words. A semantic ranker finds
the meaning: a linear classifier (ridge regression, fitted in closed form
once, ``classifier.npz``) over the example questions scores the question's
embedding and its terms as BM25's parser gives them (a tf-idf vector over the
examples' terms: the everyday words each section's examples use) for each
section and for "not covered", together with a vote of the k nearest
examples. Each ranker's scores become a softmax
over the sections (its own temperature) and the two are blended
(``semantic_weight``). A question is "not covered" when its best section does
not beat "not covered" by ``covered_margin`` unless BM25 matches it strongly; the reply then says so and lists the runners-up
and the menu. The sentences quoted back are chosen by BM25 within the
section. Pure: all files are read in ``load``; ``answer`` does no I/O.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import regex

from .edits import within_one
from .findings import SECTIONS
from .policy import PolicyError, policy_root
from .reply import Bullets, Paragraph, Reply
from .semantic import ExampleIndex, StaticEmbeddings

# --------------------------------------------------------------------------- text

_WORD = regex.compile(r"[\p{L}\p{N}]+(?:'[\p{L}]+)?")
_SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=[\p{Lu}“\"(])")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_VOWELS = set("aeiouy")


def words(text: str) -> list[str]:
    """Lower-case word tokens; apostrophes unified, possessive 's kept on the word."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    return _WORD.findall(text)


@lru_cache(maxsize=65536)
def stem(w: str) -> str:
    """A light English stemmer (Porter-like, a few steps): enough to make
    post/posts/posted/posting, defame/defamation/defamatory, identify/
    identifiable/identified, employer/employment meet. Used on both sides."""
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    if len(w) <= 3 or not w.isalpha():
        return w
    # plurals
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    # -ing / -ed
    for suf in ("ing", "ed"):
        if w.endswith(suf):
            base = w[: -len(suf)]
            if len(base) >= 3 and _VOWELS & set(base):
                if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "lsz" and base[-1] not in _VOWELS:
                    base = base[:-1]
                if base.endswith("at") and len(base) > 5:
                    base = base[:-2]
                w = base
            break
    # derivational endings, at most two passes (anonymously -> anonymous -> anonym)
    for _ in range(2):
        for suf, rep, keep in _DERIVATIONAL:
            if w.endswith(suf) and len(w) - len(suf) >= keep:
                w = w[: -len(suf)] + rep
                break
        else:
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("y") and w[-2] not in _VOWELS:
        w = w[:-1] + "i"
    return w


_DERIVATIONAL = (
    ("ational", "ate", 3), ("isation", "ise", 3), ("ization", "ise", 3), ("ations", "", 4),
    ("ation", "", 4), ("atory", "", 4), ("ality", "al", 3), ("ously", "ous", 3), ("ism", "", 5),
    ("ness", "", 3), ("ment", "", 4), ("able", "", 4), ("ible", "", 4), ("ity", "", 4),
    ("ous", "", 4), ("ize", "", 4), ("ise", "", 4), ("ly", "", 4), ("er", "", 4),
)


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def _deletes(w: str) -> set[str]:
    return {w[:i] + w[i + 1:] for i in range(len(w))}


# ------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    blurb: str
    aliases: tuple[str, ...]
    paragraphs: tuple[str, ...]
    todo: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()  # labels of the document's worked examples
    example_paragraphs: frozenset[int] = frozenset()  # indices into paragraphs
    part: str | None = None
    is_list: bool = False
    text_weight: float = 1.0

    @property
    def topic(self) -> str:
        """What to type after ``/guidance`` to open this section."""
        return self.aliases[0] if self.aliases else self.id


@dataclass(frozen=True, slots=True)
class Answer:
    section: str | None
    title: str
    score: float
    alternatives: tuple[str, ...]
    reply: Reply
    how: str = "search"  # "search" | "topic" | "menu" | "no_match"

    def to_dict(self) -> dict:
        return {"section": self.section, "title": self.title, "score": round(self.score, 3),
                "alternatives": list(self.alternatives)}


@dataclass(frozen=True, slots=True)
class _Query:
    terms: dict[str, float]  # stem -> weight
    key: tuple[str, ...]  # the question's own stems, stop words dropped (topic lookup)
    groups: tuple[frozenset[str], ...] = ()  # per question word: its stem and what it expanded to
    text: str = ""  # the question's words, typos corrected (for the semantic ranker)


@dataclass
class _Settings:
    k1: float = 1.2
    b: float = 0.75
    field_weights: dict = field(default_factory=lambda: {"title": 2.0, "keywords": 1.5, "text": 1.0, "todo": 0.5})
    synonym_weight: float = 0.7
    typo_weight: float = 0.8
    min_typo_length: int = 5
    min_score: float = 1.5
    min_coverage: float = 0.4
    strong_score: float = 4.0
    unknown_weight: float = 1.0
    max_alternatives: int = 2
    sentences: int = 3
    # the semantic ranker and the fusion
    semantic_k: int = 3
    semantic_dims: int = 0  # 0: every dimension of the table
    semantic_idf: float = 0.0
    semantic_ridge: float = 0.0
    semantic_lexical: float = 0.0  # > 0: the classifier also sees the question's terms (tf-idf, this long)
    knn_mix: float = 0.0  # with the classifier: this share of the semantic vote is the kNN's
    knn_temperature: float = 0.1
    semantic_weight: float = 1.25
    bm25_temperature: float = 2.0
    semantic_temperature: float = 0.1
    covered_margin: float = 0.08
    strong_bm25: float = 5.0
    strong_floor: float = -1.0  # ... and the semantic margin is at least this
    weak_margin: float = -0.03
    weak_coverage: float = 0.8
    wordless_margin: float = 0.0  # > 0: a question sharing no word with the document is covered at this margin


_SIGNED = frozenset({"covered_margin", "weak_margin", "strong_floor"})  # settings that may be negative


@dataclass(frozen=True, slots=True)
class _Scores:
    ranked: list[tuple[str, float]]  # fused, best first
    bm25: dict[str, float]
    semantic: dict[str, float] | None = None
    none: float | None = None  # similarity to the not-covered examples


# ------------------------------------------------------------------------- engine


class GuidanceEngine:
    def __init__(self, sections: list[Section], synonyms: dict[str, tuple[str, ...]],
                 stopwords: frozenset[str], settings: _Settings, menu_words: frozenset[str] = frozenset(),
                 document: dict | None = None, semantic: ExampleIndex | None = None):
        self.semantic = semantic
        self.sections = {s.id: s for s in sections}
        self.order = [s.id for s in sections]
        self.stopwords = stopwords
        self.settings = settings
        self.document = document or {}
        # synonyms keyed by word tuples; values are lists of document words
        self.synonyms = {tuple(words(k)): tuple(w for v in vs for w in words(v)) for k, vs in synonyms.items()}
        self.max_phrase = max((len(k) for k in self.synonyms), default=1)
        self.menu_words = menu_words
        self.menu_keys = {self._key(w) for w in menu_words} - {()}
        self._real = lambda w: False  # a real word, never corrected (see learn_words)
        self._build_index()
        self._build_topics()

    # ---------------------------------------------------------------- loading

    @classmethod
    def load(cls, root: Path | None = None, prefitted: bool = True) -> "GuidanceEngine":
        root = Path(root) if root is not None else policy_root() / "guidance"
        sec_file, syn_file = root / "sections.toml", root / "synonyms.toml"
        doc = _read(sec_file)
        syn = _read(syn_file)
        sections = [_section(t, sec_file) for t in doc.get("section", [])]
        ids = [s.id for s in sections]
        for sid in SECTIONS:
            if sid not in ids:
                raise PolicyError(sec_file, sid, "id", "section missing")
        for sid in ids:
            if ids.count(sid) > 1:
                raise PolicyError(sec_file, sid, "id", "duplicate section id")
        table = syn.get("synonyms", {})
        if not isinstance(table, dict):
            raise PolicyError(syn_file, None, "synonyms", "must be a table")
        synonyms = {}
        for k, v in table.items():
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise PolicyError(syn_file, None, f"synonyms.{k}", "must be a list of strings")
            synonyms[k] = tuple(v)
        stop = syn.get("stopwords", [])
        if not isinstance(stop, list):
            raise PolicyError(syn_file, None, "stopwords", "must be a list of strings")
        settings = _Settings()
        for k, v in doc.get("ranking", {}).items():
            if not hasattr(settings, k):
                raise PolicyError(sec_file, None, f"ranking.{k}", "unknown setting")
            default = getattr(settings, k)
            if isinstance(default, dict):
                if not isinstance(v, dict) or not all(isinstance(x, (int, float)) and x >= 0 for x in v.values()):
                    raise PolicyError(sec_file, None, f"ranking.{k}", "must be a table of numbers >= 0")
                v = {**default, **v}
            elif isinstance(v, bool) or not isinstance(v, (int, float)):
                raise PolicyError(sec_file, None, f"ranking.{k}", "must be a number")
            elif v < 0 and k not in _SIGNED:
                raise PolicyError(sec_file, None, f"ranking.{k}", "must be a number >= 0")
            setattr(settings, k, v)
        menu_words = frozenset(doc.get("menu", {}).get("words", []))
        engine = cls(sections, synonyms, frozenset(stop), settings, menu_words, doc.get("document", {}))
        # the classifier's lexical features are the terms of BM25's own parser
        # (stems, synonym expansions, typos corrected, to the examples' words too)
        examples, none = _examples(root, ids)
        emb = _embeddings(root, settings)
        engine.learn_words([*(q for qs in examples.values() for q in qs), *none], emb.is_word)
        engine.semantic = _semantic(root, settings, examples, none, emb, prefitted, analyzer=engine._terms)
        return engine

    # --------------------------------------------------------------- indexing

    def _stems(self, text: str) -> list[str]:
        return [stem(w) for w in words(text) if w not in self.stopwords]

    def _terms(self, text: str) -> dict[str, float]:
        return self.parse(text).terms

    def _key(self, text: str) -> tuple[str, ...]:
        return tuple(self._stems(text))

    def _build_index(self) -> None:
        fw = self.settings.field_weights
        self.tf: dict[str, dict[str, float]] = {}
        self.dl: dict[str, float] = {}
        surface: dict[str, int] = {}
        df: dict[str, int] = {}
        for s in self.sections.values():
            fields = {
                "title": " ".join((s.title, *s.aliases)),
                "keywords": " ".join(s.keywords),
                "text": " ".join(p for i, p in enumerate(s.paragraphs) if i not in s.example_paragraphs),
                "example": " ".join(p for i, p in enumerate(s.paragraphs) if i in s.example_paragraphs),
                "todo": " ".join(s.todo),
            }
            tf: dict[str, float] = {}
            for name, text in fields.items():
                weight = fw.get(name, 1.0) * (s.text_weight if name in ("text", "example") else 1.0)
                for w in words(text):
                    surface[w] = surface.get(w, 0) + 1
                    if w in self.stopwords:
                        continue
                    st = stem(w)
                    tf[st] = tf.get(st, 0.0) + weight
            self.tf[s.id] = tf
            self.dl[s.id] = sum(tf.values())
            for st in tf:
                df[st] = df.get(st, 0) + 1
        n = len(self.sections)
        self.avgdl = sum(self.dl.values()) / max(n, 1)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._unknown_idf = self.settings.unknown_weight
        for key, vals in self.synonyms.items():
            for w in (*key, *vals):
                surface.setdefault(w, 0)
        self.surface = surface
        self.stem_vocab = set(df)
        # typo look-up: every word and its one-letter deletions -> words
        self._del_index: dict[str, set[str]] = {}
        self._index_typos(surface)
        # sentences per section, pre-tokenised
        self._sentences: dict[str, list[tuple[str, dict[str, int], int]]] = {}
        self._para: dict[str, list[int]] = {}
        for s in self.sections.values():
            rows = []
            paras = []
            for pi, p in enumerate(s.paragraphs):
                for sent in ([p] if s.is_list else sentences(p)):
                    st = self._stems(sent)
                    counts: dict[str, int] = {}
                    for t in st:
                        counts[t] = counts.get(t, 0) + 1
                    rows.append((sent, counts, len(st)))
                    paras.append(pi)
            self._sentences[s.id] = rows
            self._para[s.id] = paras

    def _index_typos(self, ws) -> None:
        for w in ws:
            if len(w) >= self.settings.min_typo_length - 1 and w.isalpha():
                for d in _deletes(w) | {w}:
                    self._del_index.setdefault(d, set()).add(w)

    def learn_words(self, texts, is_word=lambda w: False) -> None:
        """Make the words of ``texts`` (the example questions) known to the
        typo correction: a misspelt everyday word ("recruitrs") is then
        corrected to the example's word, which the semantic ranker knows,
        rather than split into meaningless word pieces, and the examples'
        words are never "corrected" themselves ("quack" is not "quick",
        "handover" not "hangover", "medic" not "media"; so the examples hold
        no deliberate typos). They count less than the document's own words
        when two corrections compete, and BM25 does not index them. From now
        on a question's word that passes ``is_word`` is not corrected either:
        it is a word, not a typo ("film" is not "firm")."""
        self._real = is_word
        new = set()
        for t in texts:
            for w in words(t):
                if w not in self.surface:
                    new.add(w)
        for w in new:
            self.surface[w] = 0
        self._index_typos(new)

    def _build_topics(self) -> None:
        self.topics: dict[tuple[str, ...], str] = {}
        for s in self.sections.values():
            for name in (s.id.replace("-", " "), s.title, *s.aliases):
                key = self._key(name)
                if not key:
                    continue
                other = self.topics.get(key)
                if other and other != s.id:
                    raise PolicyError("sections.toml", s.id, "aliases", f"{name!r} also opens {other!r}")
                self.topics[key] = s.id

    # ----------------------------------------------------------------- query

    def correct(self, w: str) -> str | None:
        """The corpus word within edit distance 1 of ``w`` (the most frequent
        one if several), or None."""
        cands: set[str] = set()
        for d in _deletes(w) | {w}:
            cands |= self._del_index.get(d, set())
        # a typo rarely hits the first letter (a swap of the first two aside)
        best = [c for c in cands if c != w and (c[0] == w[0] or c[:2] == w[1::-1]) and within_one(w, c)]
        if not best:
            return None
        return max(best, key=lambda c: (self.surface.get(c, 0), c))

    def parse(self, question: str) -> _Query:
        toks = words(question)
        if toks[:1] == ["guidance"]:
            toks = toks[1:]
        st = self.settings
        fixed: list[tuple[str, float]] = []
        for w in toks:
            if (w not in self.surface and w not in self.stopwords and len(w) >= st.min_typo_length
                    and w.isalpha() and stem(w) not in self.stem_vocab and not self._real(w)):
                c = self.correct(w)
                fixed.append((c, st.typo_weight) if c else (w, 1.0))
            else:
                fixed.append((w, 1.0))
        terms: dict[str, float] = {}
        key: list[str] = []
        groups: list[frozenset[str]] = []
        plain = [w for w, _ in fixed]
        inside = 0  # words before this index belong to a matched phrase
        for i, (w, weight) in enumerate(fixed):
            group = set()
            if w not in self.stopwords:
                group.add(stem(w))
                key.append(stem(w))
            for n in range(min(self.max_phrase, len(fixed) - i), 0, -1):
                exp = self.synonyms.get(tuple(plain[i:i + n]))
                if exp is not None:
                    # a phrase ("take it back", "work out") stands for its
                    # expansion; a single word keeps its own weight too
                    w_exp = weight if n > 1 else weight * st.synonym_weight
                    for x in exp:
                        if x not in self.stopwords:
                            t = stem(x)
                            group.add(t)
                            terms[t] = max(terms.get(t, 0.0), w_exp)
                    if n > 1:
                        inside = max(inside, i + n)
                    break
            if w not in self.stopwords and i >= inside:
                t = stem(w)
                terms[t] = max(terms.get(t, 0.0), weight)
            if group:
                groups.append(frozenset(group))
        return _Query(terms, tuple(key), tuple(groups), " ".join(plain))

    def coverage(self, q: _Query, section: str) -> float:
        """The share of the question's words (weighted by rarity) that the
        section matches, directly or through a synonym. A word the corpus lacks
        counts ``unknown_weight`` (about half a word found in one section only)."""
        tf = self.tf[section]
        total = hit = 0.0
        for g in q.groups:
            known = [self.idf[t] for t in g if t in self.idf]
            w = max(known) if known else self._unknown_idf
            total += w
            if any(t in tf for t in g):
                hit += w
        return hit / total if total else 0.0

    # --------------------------------------------------------------- scoring

    def _bm25(self, terms: dict[str, float], tf: dict, dl: float, avgdl: float) -> float:
        k1, b = self.settings.k1, self.settings.b
        norm = k1 * (1 - b + b * dl / avgdl) if avgdl else k1
        score = 0.0
        for t, w in terms.items():
            f = tf.get(t)
            if f:
                score += w * self.idf.get(t, 0.0) * f * (k1 + 1) / (f + norm)
        return score

    def rank(self, question: str) -> list[tuple[str, float]]:
        """Every section with its score for ``question``, best first (the fused
        score in [0, 1] with the semantic ranker, the BM25 score without)."""
        return self._scores(self.parse(question)).ranked

    def _rank(self, q: _Query) -> list[tuple[str, float]]:
        """BM25 alone."""
        scores = [(sid, self._bm25(q.terms, self.tf[sid], self.dl[sid], self.avgdl)) for sid in self.order]
        return sorted(scores, key=lambda x: -x[1])

    def _scores(self, q: _Query) -> _Scores:
        bm = self._rank(q)
        if self.semantic is None:
            return _Scores(bm, dict(bm))
        st = self.settings
        mix = st.knn_mix > 0 and self.semantic.ridge is not None and self.semantic.matrix is not None
        if mix:
            sem, none, votes = self.semantic.both(q.text, q.terms)
        else:
            sem, none = self.semantic.scores(q.text, q.terms)
        pb = _softmax(dict(bm), st.bm25_temperature)
        ps = _softmax(sem, st.semantic_temperature)
        if mix:
            pk = _softmax(votes, st.knn_temperature)
            ps = {sid: (1 - st.knn_mix) * ps[sid] + st.knn_mix * pk[sid] for sid in ps}
        w = st.semantic_weight
        fused = [(sid, (pb[sid] + w * ps[sid]) / (1 + w)) for sid in self.order]
        fused.sort(key=lambda x: -x[1])
        return _Scores(fused, dict(bm), sem, none)

    def best_sentences(self, section: str, q: _Query, n: int | None = None) -> list[str]:
        """The sentences of ``section`` that best answer ``q`` (at most ``n``), in
        document order. A lone match brings the sentence after it (or before
        it) for context. When nothing matches: a list section (key points,
        benchmarks) in full, otherwise its opening sentences."""
        n = n or self.settings.sentences
        rows = self._sentences[section]
        avg = sum(r[2] for r in rows) / max(len(rows), 1)
        scored = [(self._bm25(q.terms, counts, length, avg), i) for i, (_, counts, length) in enumerate(rows)]
        top = sorted((x for x in scored if x[0] > 0), key=lambda x: (-x[0], x[1]))
        if not top:
            picked = list(range(len(rows))) if self.sections[section].is_list else list(range(min(2, len(rows))))
        else:
            picked = [top[0][1]] + [i for sc, i in top[1:n] if sc >= 0.35 * top[0][0]]
            if len(picked) == 1 and not self.sections[section].is_list and len(rows) > 1:
                i = picked[0]
                same_para = self._para[section]
                if i + 1 < len(rows) and same_para[i + 1] == same_para[i]:
                    picked.append(i + 1)
                elif i > 0 and same_para[i - 1] == same_para[i]:
                    picked.append(i - 1)
            picked.sort()
        return [rows[i][0] for i in picked]

    # ---------------------------------------------------------------- answers

    def titles(self) -> dict[str, str]:
        return {sid: self.sections[sid].title for sid in self.order}

    def menu(self) -> Reply:
        lines = tuple(f"{s.title}: {s.blurb} (/guidance {s.topic})" for s in self.sections.values())
        return Reply(
            title="Social media guidance: topics",
            blocks=(
                Paragraph("Ask in your own words: /guidance <question>, for example "
                          "/guidance can I accept a friend request from a patient? "
                          "Or open a topic: /guidance <topic>."),
                Bullets(lines),
            ),
        )

    def answer(self, question: str) -> Answer:
        """The best section for ``question``; the menu for an empty question or
        a request for topics; "no close match" (section None) rather than a guess."""
        q = self.parse(question or "")
        if not q.key:
            asked = [w for w in words(question or "") if w != "guidance"]
            return self._no_match(0.0) if asked else self._menu_answer()
        if q.key in self.menu_keys:
            return self._menu_answer()
        sc = self._scores(q)
        ranked = sc.ranked
        direct = self.topics.get(q.key)
        if direct:
            return self._answer(direct, dict(ranked)[direct], self._alternatives(ranked, direct), q, how="topic")
        best, top = ranked[0]
        if not self._confident(q, sc):
            return self._no_match(top, self._runners_up(q, sc))
        return self._answer(best, top, self._alternatives(ranked, best), q)

    def _confident(self, q: _Query, sc: _Scores) -> bool:
        """With the semantic ranker: the question must sit closer to some
        section's examples than to the not-covered ones (by ``covered_margin``),
        unless BM25 matches it strongly (and the classifier does not put it
        clearly among the not-covered ones: ``strong_floor``; "the ECG sign
        of hyperkalaemia" shares "ECG" with the document, nothing more), or
        the margin is only ``weak_margin`` but nearly every word of the
        question is in the best BM25 section
        (``weak_coverage``); and it must share at least one word with the
        document (or a synonym), unless the margin reaches ``wordless_margin``
        and some word of it is a real word ("who wrote this and why"). Without it (BM25 alone): a strong score
        answers; a middling one only when the section matches enough of the
        question's words (incidental matches such as "ward" or "hospital" in an
        unrelated question must not pick a section)."""
        st = self.settings
        top_bm = max(sc.bm25.values(), default=0.0)
        if sc.semantic is not None and sc.none is not None:
            margin = max(sc.semantic.values()) - sc.none
            if top_bm <= 0:  # no word of the question is the document's, nor a synonym of one
                return 0 < st.wordless_margin <= margin and self._has_word(q)
            if top_bm >= st.strong_bm25 and margin >= st.strong_floor:
                return True
            if margin >= st.covered_margin:
                return True
            best_bm = max(sc.bm25, key=lambda s: sc.bm25[s])
            return (margin >= st.weak_margin and top_bm >= st.min_score
                    and self.coverage(q, best_bm) >= st.weak_coverage)
        best_bm = max(sc.bm25, key=lambda s: sc.bm25[s])
        if top_bm >= st.strong_score:
            return True
        return top_bm >= st.min_score and self.coverage(q, best_bm) >= st.min_coverage

    def _has_word(self, q: _Query) -> bool:
        """Whether some word of the question, stop words aside, is a whole
        word of the embedding table (not gibberish that only splits into
        word pieces)."""
        return bool(self.semantic) and any(
            self.semantic.embeddings.is_word(w) for w in words(q.text) if w not in self.stopwords)

    def _menu_answer(self) -> Answer:
        menu = self.menu()
        return Answer(None, menu.title, 0.0, (), menu, how="menu")

    def _alternatives(self, ranked, best) -> tuple[str, ...]:
        """The runners-up: the next best sections, always (the user can pick)."""
        return tuple(sid for sid, sc in ranked if sid != best and sc > 0)[: self.settings.max_alternatives]

    def _runners_up(self, q: _Query, sc: _Scores) -> tuple[str, ...]:
        """The best guesses behind a "not covered" answer, for the user to pick
        from: none when no word of the question is the document's (nor a
        synonym of one) and none is a whole word of the embedding table (word
        pieces of gibberish still have vectors, but no meaning worth offering)."""
        if max(sc.bm25.values(), default=0.0) <= 0 and not (
                self.semantic and any(self.semantic.embeddings.is_word(w) for w in words(q.text)
                                      if w not in self.stopwords)):
            return ()
        return tuple(sid for sid, v in sc.ranked if v > 0)[: self.settings.max_alternatives + 1]

    def _answer(self, sid: str, score: float, alts: tuple[str, ...], q: _Query, how: str = "search") -> Answer:
        s = self.sections[sid]
        blocks: list = [Paragraph(t) for t in self._quote(sid, q)]
        blocks.append(Paragraph("What to do:"))
        blocks.append(Bullets(s.todo))
        if alts:
            names = "; ".join(f"{self.sections[a].title} (/guidance {self.sections[a].topic})" for a in alts)
            blocks.append(Paragraph(f"Also close: {names}."))
        return Answer(sid, s.title, score, alts, Reply(title=s.title, blocks=tuple(blocks)), how=how)

    def _quote(self, sid: str, q: _Query) -> list[str]:
        picked = self.best_sentences(sid, q)
        s = self.sections[sid]
        if s.is_list:
            return ["\u2022 " + "\n\u2022 ".join(picked)] if len(picked) > 1 else picked
        # sentences next to each other read as one paragraph; gaps start a new one
        out: list[list[str]] = []
        index = {sent: i for i, (sent, _, _) in enumerate(self._sentences[sid])}
        last = None
        for sent in picked:
            i = index[sent]
            if last is not None and i == last + 1:
                out[-1].append(sent)
            else:
                out.append([sent])
            last = i
        return [" ".join(p) for p in out]

    def _no_match(self, score: float, runners_up: tuple[str, ...] = ()) -> Answer:
        menu = self.menu()
        blocks: list = [Paragraph("The social media guidance does not seem to cover that.")]
        if runners_up:
            names = "; ".join(f"{self.sections[a].title} (/guidance {self.sections[a].topic})" for a in runners_up)
            blocks.append(Paragraph(f"Closest topics: {names}."))
        blocks += [Paragraph("Try other words, or open one of these topics:"), *menu.blocks[1:], menu.blocks[0]]
        reply = Reply(title="Not covered by the guidance", blocks=tuple(blocks))
        return Answer(None, reply.title, score, runners_up, reply, how="no_match")


def _read(path: Path) -> dict:
    if not path.exists():
        raise PolicyError(path, None, None, "file not found")
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise PolicyError(path, None, None, f"not valid TOML: {e}") from None


def _strings(t: dict, name: str, file: Path, sid: str, required: bool = True) -> tuple[str, ...]:
    v = t.get(name, [])
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise PolicyError(file, sid, name, "must be a list of non-empty strings")
    if required and not v:
        raise PolicyError(file, sid, name, "must not be empty")
    return tuple(x.strip() for x in v)


def _section(t: dict, file: Path) -> Section:
    sid = t.get("id")
    if sid not in SECTIONS:
        raise PolicyError(file, sid, "id", f"unknown section (known: {', '.join(SECTIONS)})")
    for f in ("title", "blurb"):
        if not isinstance(t.get(f), str) or not t[f].strip():
            raise PolicyError(file, sid, f, "is required and must be a non-empty string")
    todo = _strings(t, "todo", file, sid)
    if not 2 <= len(todo) <= 4:
        raise PolicyError(file, sid, "todo", "must hold 2 to 4 bullets")
    weight = t.get("text_weight", 1.0)
    if not isinstance(weight, (int, float)) or weight <= 0:
        raise PolicyError(file, sid, "text_weight", "must be a positive number")
    labels, example_paragraphs = [], set()
    examples = t.get("examples", [])
    if not isinstance(examples, list):
        raise PolicyError(file, sid, "examples", "must be a list of {label, paragraphs}")
    for ex in examples:
        nums = ex.get("paragraphs") if isinstance(ex, dict) else None
        if (not isinstance(ex.get("label") if isinstance(ex, dict) else None, str) or not isinstance(nums, list)
                or not nums or not all(isinstance(n, int) and 1 <= n <= len(t.get("text", [])) for n in nums)):
            raise PolicyError(file, sid, "examples", "each needs a label and paragraph numbers (from 1) of text")
        labels.append(ex["label"].strip())
        example_paragraphs.update(n - 1 for n in nums)
    return Section(
        id=sid, title=t["title"].strip(), blurb=t["blurb"].strip(),
        aliases=_strings(t, "aliases", file, sid, required=False),
        paragraphs=_strings(t, "text", file, sid), todo=todo,
        keywords=_strings(t, "keywords", file, sid, required=False),
        examples=tuple(labels), example_paragraphs=frozenset(example_paragraphs),
        part=t.get("part"), is_list=bool(t.get("list", False)), text_weight=float(weight),
    )


def _softmax(scores: dict[str, float], temperature: float) -> dict[str, float]:
    t = temperature or 1.0
    top = max(scores.values())
    e = {k: math.exp((v - top) / t) for k, v in scores.items()}
    z = sum(e.values())
    return {k: v / z for k, v in e.items()}


CLASSIFIER = "classifier.npz"


def _fingerprint(root: Path, settings: _Settings) -> str:
    """What the fitted classifier depends on: the examples, the table and the
    settings that shape the fit."""
    h = hashlib.sha256()
    names = ["examples.toml", "embeddings.npz"]
    if settings.semantic_lexical > 0:
        # the parser that makes the lexical features: stop words, synonyms,
        # the corpus vocabulary that typos are corrected to (so any edit of
        # sections.toml, the ranking settings included, asks for a refit)
        names += ["synonyms.toml", "sections.toml"]
    for name in names:
        h.update((root / name).read_bytes())
    shape = (settings.semantic_ridge, settings.semantic_idf, settings.semantic_dims)
    if settings.semantic_lexical > 0:
        shape += (settings.semantic_lexical,)
    h.update(repr(shape).encode())
    return h.hexdigest()


def _prefitted(root: Path, settings: _Settings) -> tuple[np.ndarray, tuple[list[str], np.ndarray] | None] | None:
    """The classifier's weights saved by ``fit_classifier`` and its lexical
    vocabulary with its idf (None without lexical features), when they were
    fitted to these very examples and table (otherwise None: fit at load)."""
    path = root / CLASSIFIER
    if settings.semantic_ridge <= 0 or not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            if str(z["fingerprint"]) != _fingerprint(root, settings):
                return None
            terms = None
            if settings.semantic_lexical > 0:
                vocab = str(z["vocab"])
                terms = (vocab.split("\n") if vocab else [], z["term_idf"])
            return z["weights"], terms
    except (OSError, ValueError, KeyError):
        return None


def fit_classifier(root: Path | None = None) -> Path:
    """Fit the semantic classifier to ``examples.toml`` and save its weights
    (``classifier.npz``, a few kB) so that loading need not fit it.
    ``python benchmarks/guidance_fit.py`` after editing the examples."""
    root = Path(root) if root is not None else policy_root() / "guidance"
    engine = GuidanceEngine.load(root, prefitted=False)
    if engine.semantic is None or engine.semantic.ridge is None:
        raise PolicyError(root / "sections.toml", None, "ranking.semantic_ridge", "must be > 0 to fit a classifier")
    path = root / CLASSIFIER
    with path.open("wb") as fh:
        vocab, term_idf = engine.semantic.terms()
        np.savez(fh, weights=engine.semantic.ridge, fingerprint=np.array(_fingerprint(root, engine.settings)),
                 vocab=np.array("\n".join(vocab)), term_idf=term_idf)
    return path


def _examples(root: Path, ids: list[str]) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """The example questions per section and the not-covered ones (``examples.toml``)."""
    ex_file = root / "examples.toml"
    doc = _read(ex_file)
    per_section = doc.get("examples", {})
    if not isinstance(per_section, dict):
        raise PolicyError(ex_file, None, "examples", "must be a table of section id -> list of questions")
    examples: dict[str, tuple[str, ...]] = {}
    for sid in ids:
        examples[sid] = _strings(per_section, sid, ex_file, sid)
    for sid in per_section:
        if sid not in ids:
            raise PolicyError(ex_file, sid, "examples", "unknown section")
    none = _strings(doc.get("not_covered", {}), "examples", ex_file, "not_covered", required=False)
    return examples, none


def _embeddings(root: Path, settings: _Settings) -> StaticEmbeddings:
    table = root / "embeddings.npz"
    if not table.exists():
        raise PolicyError(table, None, None, "file not found")
    try:
        return StaticEmbeddings.load(table, int(settings.semantic_dims) or None)
    except (OSError, ValueError, KeyError) as e:
        raise PolicyError(table, None, None, f"not a valid embedding table: {e}") from None


def _semantic(root: Path, settings: _Settings, examples: dict[str, tuple[str, ...]], none: tuple[str, ...],
              emb: StaticEmbeddings, prefitted: bool = True, analyzer=None) -> ExampleIndex:
    """The example questions over the embedding table (``embeddings.npz``);
    the classifier's weights from ``classifier.npz`` when they match."""
    fitted = _prefitted(root, settings) if prefitted else None
    return ExampleIndex(emb, examples, none, k=max(1, int(settings.semantic_k)), idf=settings.semantic_idf,
                        ridge=settings.semantic_ridge, fitted=fitted[0] if fitted else None,
                        fitted_terms=fitted[1] if fitted else None,
                        keep_examples=settings.knn_mix > 0 or settings.semantic_ridge <= 0,
                        analyzer=analyzer, lexical=settings.semantic_lexical)


@lru_cache(maxsize=1)
def default_engine() -> GuidanceEngine:
    return GuidanceEngine.load()
