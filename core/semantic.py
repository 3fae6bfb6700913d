"""A semantic ranker for `/guidance`: static word-piece embeddings, and a
classifier (or a nearest-neighbour vote) over example questions.

    emb = StaticEmbeddings.load(policy_root() / "guidance" / "embeddings.npz")
    idx = ExampleIndex(emb, {"friend-requests": ["a patient sent me a friend request", ...], ...},
                       not_covered=["who is on call tonight", ...], ridge=0.3)
    idx.scores("my old patient wants to add me")  -> ({"friend-requests": 0.83, ...}, 0.05)

The table (``embeddings.npz``) was distilled once, at development time, from
the sentence model all-MiniLM-L6-v2 (benchmarks/guidance_distill.py): one
vector per word piece of the model's uncased vocabulary. A text's vector is
the mean of its pieces' vectors, normalised, as in model2vec; the word-piece
tokenisation (greedy longest match, ``##`` continuations) is done here, so run
time needs numpy only: no torch, no tokenizer package, no network.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
import regex

_WORD = regex.compile(r"\p{L}+")


class StaticEmbeddings:
    def __init__(self, tokens: list[str], vectors: np.ndarray, scales: np.ndarray | None = None):
        """``vectors``: one row per token (int8 with a scale per row, or float)."""
        if len(tokens) != len(vectors) or (scales is not None and len(scales) != len(vectors)):
            raise ValueError(f"{len(tokens)} tokens, {len(vectors)} vectors, "
                             f"{len(scales) if scales is not None else '-'} scales")
        self.index = {t: i for i, t in enumerate(tokens)}
        self.vectors = vectors
        self.scales = (scales if scales is not None else np.ones(len(vectors))).astype(np.float32)
        self.dims = vectors.shape[1]
        self._pieces: dict[str, tuple[int, ...]] = {}

    @classmethod
    def load(cls, path: Path, dims: int | None = None) -> "StaticEmbeddings":
        """Read the table written by benchmarks/guidance_distill.py; ``dims``
        keeps the first (principal) dimensions only."""
        with np.load(path, allow_pickle=False) as z:
            tokens = str(z["tokens"]).split("\n")
            q = z["vectors"]
            scales = z["scales"]
        if dims:
            q = np.ascontiguousarray(q[:, :dims])
        return cls(tokens, q, scales)

    def is_word(self, word: str) -> bool:
        """Whether ``word`` (lower case) has a vector of its own, not pieces."""
        return word in self.index

    def pieces(self, word: str) -> tuple[int, ...]:
        """Word-piece ids of one lower-case word (greedy longest match first);
        () when some part of it has no piece."""
        got = self._pieces.get(word)
        if got is not None:
            return got
        ids: list[int] = []
        start, n = 0, len(word)
        while start < n:
            end = n
            found = None
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                i = self.index.get(piece)
                if i is not None:
                    found = i
                    break
                end -= 1
            if found is None:
                ids = []
                break
            ids.append(found)
            start = end
        out = tuple(ids)
        if len(self._pieces) < 50_000:
            self._pieces[word] = out
        return out

    def ids(self, text: str) -> list[int]:
        text = text.lower()
        if not text.isascii():
            text = unicodedata.normalize("NFD", text)
            text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        out: list[int] = []
        for w in _WORD.findall(text):
            out.extend(self.pieces(w))
        return out

    def embed(self, text: str, weights: np.ndarray | None = None) -> np.ndarray | None:
        """The normalised mean vector of ``text``'s pieces (weighted by
        ``weights[piece]`` when given); None when it has none."""
        ids = self.ids(text)
        if not ids:
            return None
        scale = self.scales[ids] if weights is None else self.scales[ids] * weights[ids]
        v = scale @ self.vectors[ids].astype(np.float32)
        norm = float(np.linalg.norm(v))
        return v / norm if norm else None

    def embed_many(self, texts: list[str], weights: np.ndarray | None = None) -> np.ndarray:
        rows = [self.embed(t, weights) for t in texts]
        return np.stack([r if r is not None else np.zeros(self.dims, np.float32) for r in rows])


class ExampleIndex:
    """Example questions per section, and examples of what the guidance does
    not cover. A question's score for a section is the mean cosine of its
    ``k`` nearest examples of that section; ``none`` is the same for the
    not-covered examples. With ``ridge`` > 0 the score is instead that of a
    linear classifier fitted to the examples at load (ridge regression onto
    the groups, closed form), which weighs the dimensions that tell sections
    apart.

    With ``idf`` > 0, pieces are weighted by how few groups of examples use
    them (log((n + 1) / (groups + 0.5)) ** idf, as in BM25; pieces no example
    uses count as if in one group): words every section shares ("doctor",
    "social media", "post") then weigh less than the words that tell
    sections apart ("summary", "sued", "sponsor").

    With ``lexical`` > 0 and an ``analyzer`` (text -> {term: weight}, e.g.
    the stems and synonym expansions of BM25's parser), the classifier also
    sees the question's terms: a tf-idf vector over the terms of the examples,
    normalised to length ``lexical``, beside the embedding. It then learns the
    everyday words each section's examples use ("fired", "sponsored", "sued")
    that the section's own text lacks, while the embedding still carries the
    words no example uses."""

    NONE = "\x00none"

    def __init__(self, embeddings: StaticEmbeddings, examples: dict[str, list[str]] | dict[str, tuple[str, ...]],
                 not_covered: list[str] | tuple[str, ...] = (), k: int = 3, idf: float = 0.0,
                 ridge: float = 0.0, fitted: np.ndarray | None = None, keep_examples: bool = True,
                 analyzer: Callable[[str], Mapping[str, float]] | None = None, lexical: float = 0.0,
                 fitted_terms: tuple[list[str], np.ndarray] | None = None):
        """``fitted``: the ridge weights fitted before (``self.ridge`` of an
        index over the same examples and table), which saves fitting at load;
        ``fitted_terms``: with them, that index's ``terms()`` (the lexical
        vocabulary and its idf), which saves analysing the examples at load;
        ``keep_examples``: embed the examples even then (for ``knn``)."""
        self.embeddings = embeddings
        self.k = k
        self.sections = list(examples)
        groups = [*self.sections, self.NONE] if not_covered else list(self.sections)
        texts, labels = [], []
        for j, sid in enumerate(groups):
            for t in (not_covered if sid == self.NONE else examples[sid]):
                texts.append(t)
                labels.append(j)
        self.weights = None
        if idf > 0:
            seen = np.zeros((len(groups), len(embeddings.scales)), dtype=bool)
            for t, j in zip(texts, labels):
                seen[j, embeddings.ids(t)] = True
            df = np.maximum(seen.sum(axis=0), 1)
            self.weights = (np.log((len(groups) + 1) / (df + 0.5)) ** idf).astype(np.float32)
        labels_arr = np.array(labels)
        self._slices = [np.flatnonzero(labels_arr == j) for j in range(len(groups))]
        # the examples of each group as one padded row (padding points at a -inf
        # appended to the similarities), so that one partition finds every
        # group's k nearest
        width = max(len(i) for i in self._slices)
        self._pad = np.full((len(groups), width), len(labels_arr), dtype=np.intp)
        for j, idx in enumerate(self._slices):
            self._pad[j, :len(idx)] = idx
        self._k = max(1, min(k, min(len(i) for i in self._slices)))
        self._groups = groups
        self.ridge = None
        self.prefitted = False
        # the lexical features: the vocabulary of the examples' terms and its idf
        self.analyzer = analyzer if lexical > 0 and ridge > 0 else None
        self.lexical = lexical if self.analyzer else 0.0
        self.vocab: dict[str, int] = {}
        bags: list[Mapping[str, float]] = []
        if self.analyzer and fitted is not None and fitted_terms is not None:
            vocab, term_idf = fitted_terms
            self.vocab = {t: i for i, t in enumerate(vocab)}
            self.term_idf = np.asarray(term_idf, np.float32)
        if self.analyzer and not self.vocab:
            bags = self._analyse(texts)
        width_x = embeddings.dims + len(self.vocab) + 1
        self.matrix = embeddings.embed_many(texts, self.weights) if keep_examples or not ridge else None
        if ridge > 0 and fitted is not None and fitted.shape == (width_x, len(groups)):
            self.ridge = fitted.astype(np.float32)
            self.prefitted = True
            return
        if self.matrix is None:
            self.matrix = embeddings.embed_many(texts, self.weights)
        if self.analyzer and not bags:  # the saved vocabulary did not fit: analyse afresh
            bags = self._analyse(texts)
        if ridge > 0:
            # a linear classifier, closed form: ridge regression of the
            # one-hot group onto [embedding, lexical terms, 1]
            # (einsum, not @: a multi-threaded BLAS call at load can stall for
            # hundreds of milliseconds on a busy machine, for a tiny matrix;
            # with lexical features the fit is done once, by guidance_fit.py)
            parts = [self.matrix]
            if self.analyzer:
                lex = np.zeros((len(texts), len(self.vocab)), np.float32)
                for r, b in enumerate(bags):
                    idx, vals = self._lex(b)
                    lex[r, idx] = vals
                parts.append(lex)
            x = np.hstack([*parts, np.ones((len(texts), 1), np.float32)]).astype(np.float64)
            y = np.zeros((len(texts), len(groups)))
            y[np.arange(len(texts)), labels_arr] = 1.0
            if x.shape[1] <= x.shape[0]:
                gram = np.einsum("ij,ik->jk", x, x) + ridge * np.eye(x.shape[1])
                self.ridge = np.linalg.solve(gram, np.einsum("ij,ik->jk", x, y)).astype(np.float32)
            else:  # the dual form (the same solution): fewer examples than features
                gram = x @ x.T + ridge * np.eye(x.shape[0])
                self.ridge = (x.T @ np.linalg.solve(gram, y)).astype(np.float32)

    def _analyse(self, texts: list[str]) -> list[Mapping[str, float]]:
        """The examples' terms; sets the vocabulary (sorted) and its idf,
        log((n + 1) / (df + 1)) + 1."""
        bags = [self.analyzer(t) for t in texts]
        self.vocab = {t: i for i, t in enumerate(sorted({t for b in bags for t in b}))}
        df = np.zeros(len(self.vocab))
        for b in bags:
            df[[self.vocab[t] for t in b]] += 1
        self.term_idf = (np.log((len(texts) + 1) / (df + 1)) + 1).astype(np.float32)
        return bags

    def terms(self) -> tuple[list[str], np.ndarray]:
        """The lexical vocabulary (in column order) and its idf."""
        return list(self.vocab), self.term_idf if self.vocab else np.zeros(0, np.float32)

    def _lex(self, terms: Mapping[str, float]) -> tuple[list[int], np.ndarray]:
        """The lexical features of a bag of terms: (columns, values), tf-idf
        normalised to length ``lexical``; terms no example uses are dropped."""
        idx, vals = [], []
        for t, w in terms.items():
            i = self.vocab.get(t)
            if i is not None:
                idx.append(i)
                vals.append(w * self.term_idf[i])
        v = np.array(vals, np.float32)
        norm = float(np.linalg.norm(v)) if vals else 0.0
        return idx, (v * (self.lexical / norm) if norm else v)

    def _classify(self, v: np.ndarray | None, terms: Mapping[str, float] | None,
                  question: str) -> tuple[dict[str, float], float | None] | None:
        """The classifier's scores for an embedding (None: no piece had a
        vector) and the question's terms; None when there is nothing to score."""
        d = self.embeddings.dims
        z = None if v is None else v @ self.ridge[:d]
        if self.analyzer:
            idx, vals = self._lex(terms if terms is not None else self.analyzer(question))
            if idx:
                lz = vals @ self.ridge[[d + i for i in idx]]
                z = lz if z is None else z + lz
        if z is None:
            return None
        out = dict(zip(self._groups, map(float, z + self.ridge[-1])))
        return out, out.pop(self.NONE, None)

    def scores(self, question: str, terms: Mapping[str, float] | None = None
               ) -> tuple[dict[str, float], float | None]:
        """(section -> similarity in [-1, 1], similarity to the not-covered
        examples or None without them). All 0.0 when no word of the question
        has a vector (nor, with lexical features, is an example's term).
        ``terms``: the analyzer's output for ``question``, when already known."""
        v = self.embeddings.embed(question, self.weights)
        if self.ridge is not None:
            got = self._classify(v, terms, question)
            if got is not None:
                return got
        if v is None:
            return {sid: 0.0 for sid in self.sections}, (0.0 if self.NONE in self._groups else None)
        return self._knn(v)

    def knn(self, question: str) -> tuple[dict[str, float], float | None]:
        """As ``scores``, by the vote of the ``k`` nearest examples whatever
        the classifier (None when the examples were not kept)."""
        v = self.embeddings.embed(question, self.weights)
        if v is None or self.matrix is None:
            return {sid: 0.0 for sid in self.sections}, (0.0 if self.NONE in self._groups else None)
        return self._knn(v)

    def both(self, question: str, terms: Mapping[str, float] | None = None
             ) -> tuple[dict[str, float], float | None, dict[str, float]]:
        """``scores`` and ``knn``'s section scores, embedding the question once."""
        v = self.embeddings.embed(question, self.weights)
        if v is None or self.ridge is None or self.matrix is None:
            sc, none = self.scores(question, terms)
            return sc, none, self.knn(question)[0]
        out, none = self._classify(v, terms, question)
        return out, none, self._knn(v)[0]

    def _knn(self, v: np.ndarray) -> tuple[dict[str, float], float | None]:
        sims = np.append(self.matrix @ v, -np.inf)[self._pad]
        width, k = sims.shape[1], self._k
        top = np.partition(sims, width - k, axis=1)[:, width - k:].mean(axis=1)
        out = dict(zip(self._groups, map(float, top)))
        return out, out.pop(self.NONE, None)
