"""Cross-validate `/guidance`'s fusion and "not covered" settings on the
example questions themselves (policies/guidance/examples.toml), so that they
are chosen without tuning on any evaluation set:

    .venv/bin/python benchmarks/guidance_cv.py [--folds 5] [--grid] [--only OLD_EXAMPLES.toml]

Each fold's examples are held out in turn: the semantic classifier (and its
lexical vocabulary) and the kNN are fitted to the other folds, and the held-out
examples are answered by the whole engine (BM25F, which never sees the
examples, fused with that classifier). Prints top-1 over the held-out section
examples, the share of them answered "not covered", and the share of held-out
not-covered examples answered "not covered"; with --grid, the same for a grid
of fusion and threshold settings around the shipped ones. With --only, the
folds are the same but only the held-out examples that are also in that file
are scored (e.g. an older examples.toml, `git show REV:policies/guidance/examples.toml`):
examples added since (appended to each list, so the old ones keep their folds)
then only train, and the score says whether they help on questions written
before them.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--grid", action="store_true", help="also score a grid of fusion and threshold settings")
    ap.add_argument("-v", "--verbose", action="store_true", help="per section, and the held-out examples missed")
    ap.add_argument("--only", type=Path, help="score only the held-out examples also in this examples.toml")
    args = ap.parse_args()

    from discreet.core.guidance import GuidanceEngine, _read
    from discreet.core.policy import policy_root
    from discreet.core.semantic import ExampleIndex

    root = policy_root() / "guidance"
    engine = GuidanceEngine.load(root)
    st = engine.settings
    doc = _read(root / "examples.toml")
    examples = {sid: list(doc["examples"][sid]) for sid in engine.order}
    none = list(doc["not_covered"]["examples"])
    emb = engine.semantic.embeddings
    keep = None
    if args.only:
        old = _read(args.only)
        keep = {q for qs in old["examples"].values() for q in qs} | set(old["not_covered"]["examples"])

    held: list[tuple[int, str | None, object]] = []  # (fold, label, parsed question)
    indexes = []
    for f in range(args.folds):
        train = {sid: [q for i, q in enumerate(qs) if i % args.folds != f] for sid, qs in examples.items()}
        train_none = [q for i, q in enumerate(none) if i % args.folds != f]
        indexes.append(ExampleIndex(emb, train, train_none, k=max(1, int(st.semantic_k)), idf=st.semantic_idf,
                                    ridge=st.semantic_ridge, analyzer=engine._terms, lexical=st.semantic_lexical))
        for sid, qs in examples.items():
            held += [(f, sid, engine.parse(q)) for i, q in enumerate(qs)
                     if i % args.folds == f and (keep is None or q in keep)]
        held += [(f, None, engine.parse(q)) for i, q in enumerate(none)
                 if i % args.folds == f and (keep is None or q in keep)]
    n_on = sum(1 for _, label, _ in held if label)
    n_off = len(held) - n_on

    def score() -> tuple[float, float, float]:
        top1 = nc_on = nc_off = 0
        for f, label, q in held:
            engine.semantic = indexes[f]
            sc = engine._scores(q)
            covered = engine._confident(q, sc)
            if label is None:
                nc_off += not covered
            else:
                top1 += covered and sc.ranked[0][0] == label
                nc_on += not covered
        return top1 / n_on, nc_on / n_on, nc_off / n_off

    print(f"{args.folds}-fold cross-validation over {n_on} section examples and {n_off} not-covered examples")
    t, a, b = score()
    print(f"shipped settings: top-1 {t:.1%}  on-topic answered 'not covered' {a:.1%}  off-topic 'not covered' {b:.1%}")
    if args.verbose:
        per: dict[str | None, list[int]] = {}
        for f, label, q in held:
            engine.semantic = indexes[f]
            sc = engine._scores(q)
            got = sc.ranked[0][0] if engine._confident(q, sc) else None
            per.setdefault(label, [0, 0])[0] += got == label
            per[label][1] += 1
            if got != label:
                print(f"  miss {q.text!r}: want {label}, got {got}")
        for label, (ok, n) in per.items():
            print(f"{label or 'not covered'}: {ok}/{n} ({ok / n:.0%})")
    if args.grid:
        grid = {"semantic_weight": [1.0, 2.0, 4.0], "semantic_temperature": [0.1, 0.2],
                "knn_mix": [0.25, 0.5], "covered_margin": [0.05, 0.1, 0.15], "strong_floor": [-0.3, -0.2, -0.1]}
        saved = {k: getattr(st, k) for k in grid}
        rows = []
        for values in itertools.product(*grid.values()):
            for k, v in zip(grid, values):
                setattr(st, k, v)
            rows.append((score(), values))
        for k, v in saved.items():
            setattr(st, k, v)
        rows.sort(key=lambda r: -(r[0][0] + r[0][2] - r[0][1]))
        print("best by top-1 + off-topic - on-topic 'not covered':", ", ".join(grid))
        for (t, a, b), values in rows[:15]:
            print(f"  {values}: top-1 {t:.1%}  on nc {a:.1%}  off nc {b:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
