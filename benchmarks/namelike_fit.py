"""Fit the name-likeness scorer shipped in policies/identifiers/namelike.txt.

A logistic regression over the character n-grams (2 to 4 letters, with word
boundaries ``^``/``$``) of one lower-case word: is it a person's name or an
ordinary word? It lets the names detector treat a lower-case word that is in
none of the name lists ("tashreeq", "gontse", "faldielah") as a name by its
shape, the way a reader does, instead of by list membership.

Training data, all from the lists already shipped (sources in their headers):
positives are the first names and surnames (census, international, African
lists; the African ones weighted up, the domain is South African), minus any
English word; negatives are the English word list, the clinical terms, the
drug and organisation words of names_not.txt, and one-edit typos of English
words (chat typos such as "amitted", "pateint" must not look like names).
10% of each list (by a fixed hash) is held out and scored at the end.

No network, numpy only, a few seconds. Output: ``ngram<TAB>weight`` lines
(weights rounded, tiny ones dropped) and the bias, < 2 MB.

    .venv/bin/python benchmarks/namelike_fit.py [--out policies/identifiers/namelike.txt]
"""

from __future__ import annotations

import argparse
import random
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent / "policies" / "identifiers"


def words(name):
    out = []
    for line in (ROOT / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        out.extend(w for w in line.split() if w.isalpha() and w.isascii())
    return out


def ngrams(w: str):
    s = f"^{w}$"
    return [s[i:i + n] for n in (2, 3, 4) for i in range(len(s) - n + 1)]


def typo(w: str, rnd: random.Random) -> str:
    i = rnd.randrange(1, len(w))
    op = rnd.randrange(4)
    c = rnd.choice("abcdefghijklmnopqrstuvwxyz")
    if op == 0:
        return w[:i] + w[i + 1:]
    if op == 1:
        return w[:i] + c + w[i:]
    if op == 2:
        return w[:i] + c + w[i + 1:]
    return w[:i - 1] + w[i] + w[i - 1] + w[i + 1:] if i < len(w) else w


def held(w: str) -> bool:
    return zlib.crc32(w.encode()) % 10 == 0


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "namelike.txt"))
    ap.add_argument("--epochs", type=int, default=60)
    args = ap.parse_args(argv)
    rnd = random.Random(7)
    english = set(words("names_english_words"))
    africa = set(words("names_first_africa")) | set(words("names_surnames_africa"))
    names = (set(words("names_first_census")) | set(words("names_first_intl")) | set(words("names_surnames_census"))
             | africa)
    pos = sorted(w for w in names if len(w) > 2 and (w not in english or w in africa))
    neg_words = set(english) | set(words("names_clinical_terms")) | set(words("names_not")) \
        | set(words("names_function_words")) | set(words("namelike_words"))
    neg = sorted(w for w in neg_words if len(w) > 2 and w not in names)
    typos = sorted({typo(w, rnd) for w in neg if len(w) > 4} - names - neg_words)
    extra = set(words("namelike_words")) | set(words("names_clinical_terms"))
    data = [(w, 1, 4.0 if w in africa else 1.0) for w in pos] + [(w, 0, 1.0) for w in neg] \
        + [(w, 0, 0.5) for w in typos] + [(w, 0, 8.0) for w in sorted(extra - names)]
    train = [d for d in data if not held(d[0])]
    test = [d for d in data if held(d[0])]
    vocab: dict[str, int] = {}
    for w, _, _ in train:
        for g in ngrams(w):
            vocab.setdefault(g, len(vocab))

    def encode(rows):
        r, c = [], []
        for k, (w, _, _) in enumerate(rows):
            for g in ngrams(w):
                j = vocab.get(g)
                if j is not None:
                    r.append(k)
                    c.append(j)
        return np.array(r), np.array(c)

    rows, cols = encode(train)
    y = np.array([d[1] for d in train], dtype=float)
    sw = np.array([d[2] for d in train], dtype=float)
    sw *= len(sw) / sw.sum()
    wts = np.zeros(len(vocab))
    bias = 0.0
    g2 = np.full(len(vocab), 1e-8)
    b2 = 1e-8
    lr, l2 = 0.5, 1e-5
    for _ in range(args.epochs):
        z = np.bincount(rows, weights=wts[cols], minlength=len(train)) + bias
        p = 1 / (1 + np.exp(-z))
        err = (p - y) * sw / len(train)
        grad = np.bincount(cols, weights=err[rows], minlength=len(vocab)) + l2 * wts
        gb = err.sum()
        g2 += grad ** 2
        b2 += gb ** 2
        wts -= lr * grad / np.sqrt(g2)
        bias -= lr * gb / np.sqrt(b2)
    keep = {g: round(float(wts[j]), 3) for g, j in vocab.items() if abs(wts[j]) >= 0.06}

    def prob(w):
        z = bias + sum(keep.get(g, 0.0) for g in ngrams(w))
        return 1 / (1 + np.exp(-z))

    for label, rows_ in (("train", train), ("held-out", test)):
        for cut in (0.5, 0.9):
            tp = sum(1 for w, l, _ in rows_ if l and prob(w) >= cut)
            fn = sum(1 for w, l, _ in rows_ if l and prob(w) < cut)
            fp = sum(1 for w, l, _ in rows_ if not l and prob(w) >= cut)
            tn = sum(1 for w, l, _ in rows_ if not l and prob(w) < cut)
            print(f"{label} p>={cut}: names {tp}/{tp + fn} recall {tp / max(1, tp + fn):.3f}; "
                  f"words called names {fp}/{fp + tn} ({fp / max(1, fp + tn):.3f})")
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# Name-likeness of a lower-case word: logistic regression over character n-grams.\n")
        fh.write("# Fitted by benchmarks/namelike_fit.py on the name and word lists of this folder\n")
        fh.write("# (their sources are in their headers); read by core/detectors/names.py.\n")
        fh.write(f"__bias__\t{bias:.4f}\n")
        for g, v in sorted(keep.items()):
            fh.write(f"{g}\t{v}\n")
    print(f"{len(keep)} n-grams -> {args.out}")


if __name__ == "__main__":
    main()
