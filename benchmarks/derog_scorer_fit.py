"""Fit the derogatory scorer shipped in policies/derogatory/scorer.txt.

A logistic regression (numpy, full-batch gradient descent with L2, fixed
iterations: deterministic) over the binary features of
core/detectors/derog_scorer.py, read from the derogatory detector's folded
text. Labels: is the message a derogatory remark about a patient or a
colleague.

Training data, all in the repository:
  * ../shared/eval/dev.jsonl, except one fold kept out (ids whose crc32 is
    0 mod 4) for honest figures;
  * benchmarks/derog_sets/*.jsonl (incl. scorer_written.jsonl, short chat
    messages written for this scorer: both classes, with hard benign
    look-alikes; chat_set2.jsonl, 600 chat messages a helper wrote blind
    to the code, labelled in the eval schema, measured before any tuning
    and used for training only afterwards), except scorer_afterfit.jsonl
    (written after fitting, never used here);
  * tests/core/literature_phrases.jsonl (the _heldout file is not used);
  * every derogatory rule's examples.match / examples.no_match (a no_match
    example the rules still flag through another rule counts as positive;
    the scorer's own rule and weights take no part);
  * the behavioural suite's generated cases (bots/evaluation, seed 0):
    derog_* capabilities positive, benign and identifier ones negative.

Prints 5-fold cross-validated precision/recall (of the scorer alone, and of
what it adds where the rules find nothing) per threshold, the figures on
the kept-out dev fold, and writes ``feature<TAB>weight`` lines (weights
rounded, small ones dropped) and ``__bias__``.

    .venv/bin/python benchmarks/derog_scorer_fit.py [--out policies/derogatory/scorer.txt]
"""

from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEV = REPO.parent / "shared" / "eval" / "dev.jsonl"
AFTERFIT = "scorer_afterfit.jsonl"
L2 = float(__import__("os").environ.get("DML_L2", "0.001"))
ITERS = 600
LR = 0.5
MIN_W = 0.02


def crc(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def jsonl(path: Path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def label_of(r: dict) -> bool:
    if "expect" in r:
        return bool(r["expect"]["derogatory"])
    return bool(r["derogatory"])


def dev_kept_out(r: dict) -> bool:
    return crc(r["id"]) % 4 == 0


def collect(checker):
    """(text, label, source) rows for training; the kept-out dev fold apart."""
    rows, held = [], []
    if DEV.exists():
        for r in jsonl(DEV):
            (held if dev_kept_out(r) else rows).append((r["text"], label_of(r), "dev"))
    for p in sorted((HERE / "derog_sets").glob("*.jsonl")):
        if p.name == AFTERFIT:
            continue
        rows += [(r["text"], label_of(r), p.stem) for r in jsonl(p)]
    rows += [(r["text"], label_of(r), "literature") for r in jsonl(REPO / "tests" / "core" / "literature_phrases.jsonl")]
    from discreet.core import Context
    lexicon = Context.make(disabled_rules=("derog-scorer",))  # the labels never depend on the weights being refitted
    for rule in checker.packs["derogatory"].rules:
        if not rule.enabled or rule.data.get("scorer"):
            continue
        rows += [(t, True, "rule-examples") for t in rule.match_examples]
        for t in rule.no_match_examples:
            flagged = any(f.policy == "derogatory" for f in checker.check(t, lexicon))
            rows.append((t, flagged, "rule-examples"))
    from discreet.bots.evaluation import suite
    for cap in suite.capabilities():
        n = 40 if cap.group in ("derogatory", "benign") else 25
        for case in suite.generate(seed=0, n=n, caps=(cap,)):
            if case.test != "MFT":
                continue
            rows.append((case.message.text, cap.group == "derogatory", "suite"))
    seen, out = set(), []
    for t, y, src in rows:  # one copy of a text (the first label wins)
        if t not in seen:
            seen.add(t)
            out.append((t, y, src))
    return out, held


def featurize(det, texts, vocab=None):
    from discreet.core.detectors.derog_scorer import features
    feats = [sorted(features(det.fold(t)[0])) for t in texts]
    if vocab is None:
        vocab = {}
        for fl in feats:
            for f in fl:
                vocab.setdefault(f, len(vocab))
    rows, cols = [], []
    for i, fl in enumerate(feats):
        for f in fl:
            j = vocab.get(f)
            if j is not None:
                rows.append(i)
                cols.append(j)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), vocab


def fit(rows, cols, n, v, y, sw):
    w = np.zeros(v)
    b = 0.0
    g2w = np.full(v, 1e-8)
    g2b = 1e-8
    for _ in range(ITERS):  # Adagrad, full batch: deterministic
        z = b + np.bincount(rows, weights=w[cols], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        r = (p - y) * sw
        gw = np.bincount(cols, weights=r[rows], minlength=v) / sw.sum() + L2 * w
        gb = r.sum() / sw.sum()
        g2w += gw * gw
        g2b += gb * gb
        w -= LR * gw / np.sqrt(g2w)
        b -= LR * gb / np.sqrt(g2b)
    return w, b


def predict(w, b, rows, cols, n):
    z = b + np.bincount(rows, weights=w[cols], minlength=n)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def weights_for(y):
    pos = y.sum()
    neg = len(y) - pos
    return np.where(y > 0, 0.5 / max(pos, 1), 0.5 / max(neg, 1)) * len(y)


def pr(pred, y):
    tp = int((pred & y).sum())
    fp = int((pred & ~y).sum())
    fn = int((~pred & y).sum())
    return tp / max(1, tp + fp), tp / max(1, tp + fn), tp, fp, fn


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "policies" / "derogatory" / "scorer.txt")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("-v", "--verbose", action="store_true", help="list the CV additions (synthetic training texts)")
    args = ap.parse_args()

    from discreet.core import Checker
    checker = Checker()
    det = next(d for d in checker.detectors if d.policy == "derogatory")
    data, held = collect(checker)
    texts = [t for t, _, _ in data]
    y = np.array([bool(l) for _, l, _ in data])
    rules = np.array([any(f.policy == "derogatory" and f.rule != "derog-scorer" for f in checker.check(t)) for t in texts])
    # where the scorer may speak at all: no lexicon hit, chat length, a patient or colleague named (the detector's gate)
    gate = np.array([not det._hits(det.fold(t)[0]) and bool(det.scorer_sentences(det.fold(t)[0])) for t in texts])
    print(f"training rows {len(data)} (positive {int(y.sum())}); sources:",
          {s: sum(1 for _, _, x in data if x == s) for s in sorted({x for _, _, x in data})})

    # k-fold CV, folds by a hash of the text
    fold = np.array([crc(t) % args.folds for t in texts])
    oof = np.zeros(len(texts))
    for k in range(args.folds):
        tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
        r, c, vocab = featurize(det, [texts[i] for i in tr])
        w, b = fit(r, c, len(tr), len(vocab), y[tr].astype(float), weights_for(y[tr]))
        r2, c2, _ = featurize(det, [texts[i] for i in te], vocab)
        oof[te] = predict(w, b, r2, c2, len(te))
    print(f"{args.folds}-fold CV (scorer alone; rules alone P {pr(rules, y)[0]:.3f} R {pr(rules, y)[1]:.3f}):")
    for th in (0.5, 0.7, 0.8, 0.85, 0.9, 0.95):
        s = oof >= th
        p, rc, *_ = pr(s, y)
        comb = rules | s
        cp, cr, tp, fp, fn = pr(comb, y)
        added = s & ~rules
        gp, gr, *_ = pr(rules | (s & gate), y)
        ga = s & gate & ~rules
        print(f"  th {th:.2f}: scorer P {p:.3f} R {rc:.3f} | rules+scorer P {cp:.3f} R {cr:.3f} "
              f"| adds {int((added & y).sum())} true, {int((added & ~y).sum())} false "
              f"| gated: rules+scorer P {gp:.3f} R {gr:.3f}, adds {int((ga & y).sum())} true, {int((ga & ~y).sum())} false")

    # the generated minimal pairs share templates across folds: the figures without them are the honest ones
    m = np.array([src != "scorer_generated" for _, _, src in data])
    print("  the same, on the rows not generated from templates:")
    for th in (0.8, 0.85, 0.9):
        s = oof >= th
        gp, gr, *_ = pr((rules | (s & gate))[m], y[m])
        ga = (s & gate & ~rules)[m]
        print(f"  th {th:.2f}: rules P {pr(rules[m], y[m])[0]:.3f} R {pr(rules[m], y[m])[1]:.3f} | "
              f"rules+scorer (gated) P {gp:.3f} R {gr:.3f}, adds {int((ga & y[m]).sum())} true, {int((ga & ~y[m]).sum())} false")
    if args.verbose:
        for i in np.argsort(-oof):
            if gate[i] and not rules[i] and oof[i] >= 0.8:
                print(f"  {'TRUE ' if y[i] else 'FALSE'} {oof[i]:.2f} {data[i][2]:14} {texts[i][:110]!r}")
    r, c, vocab = featurize(det, texts)
    w, b = fit(r, c, len(texts), len(vocab), y.astype(float), weights_for(y))
    if held:
        ht = [t for t, _, _ in held]
        hy = np.array([bool(l) for _, l, _ in held])
        r2, c2, _ = featurize(det, ht, vocab)
        hp = predict(w, b, r2, c2, len(ht))
        hr = np.array([any(f.policy == "derogatory" and f.rule != "derog-scorer" for f in checker.check(t)) for t in ht])
        hg = np.array([not det._hits(det.fold(t)[0]) and bool(det.scorer_sentences(det.fold(t)[0])) for t in ht])
        for th in (0.8, 0.9):
            print(f"kept-out dev fold ({len(ht)} msgs, {int(hy.sum())} derogatory) th {th}: "
                  "rules P %.3f R %.3f | rules+scorer (gated) P %.3f R %.3f" % (*pr(hr, hy)[:2], *pr(hr | (hg & (hp >= th)), hy)[:2]))
    inv = sorted(vocab, key=vocab.get)
    lines = [f"__bias__\t{b:.4f}"]
    kept = sorted(((f, w[j]) for f, j in zip(inv, range(len(inv))) if abs(w[j]) >= MIN_W), key=lambda x: (-abs(x[1]), x[0]))
    lines += [f"{f}\t{x:.4f}" for f, x in kept]
    header = ("# Derogatory scorer weights: feature<TAB>weight, fitted by benchmarks/derog_scorer_fit.py\n"
              "# (logistic regression over core/detectors/derog_scorer.py features). Do not edit by hand.\n")
    args.out.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(kept)} features, {args.out.stat().st_size // 1024} KB)")
    print("top positive:", [f for f, x in kept if x > 0][:40])
    print("top negative:", [f for f, x in kept if x < 0][:30])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
