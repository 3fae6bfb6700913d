"""`/guidance` quality and speed on a labelled question set.

    .venv/bin/python benchmarks/guidance_eval.py [QUESTIONS.jsonl ...] [--rounds N] [-v]

Each line: {"id", "question", "section"}. Prints, per file, top-1 (the section
``answer`` picks; a "not covered" counts as a miss) and top-3 (the label is
among the three best of ``rank``); for off-topic files (``"section": null``) the
share answered "not covered". Then the engine's load time and the mean and
p99 latency (wall clock and thread CPU time) of ``answer`` over all questions
(after load, ``--rounds`` passes).
Default files: the shared dev set, tests/core/guidance_questions.jsonl, the
tuning set tests/core/guidance_tuning.jsonl (written later, tuned on), the
held-out set tests/core/guidance_holdout.jsonl (written before any tuning,
not tuned on), tests/core/guidance_probe.jsonl (terse, written after all
tuning, not tuned on) and the off-topic sets
(tests/core/guidance_offtopic.jsonl calibrates the "not covered" threshold;
tests/core/guidance_offtopic_holdout.jsonl does not), and the sets of issue
11's second round, never tuned on: tests/core/guidance_untuned_a.jsonl
(written before any change of that round), guidance_untuned_b.jsonl (written
after the last) and guidance_offtopic_untuned.jsonl.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULTS = [ROOT.parent / "shared" / "eval" / "guidance_dev.jsonl"] + [
    ROOT / "tests" / "core" / f"guidance_{name}.jsonl"
    for name in ("questions", "tuning", "holdout", "probe", "untuned_a", "untuned_b", "offtopic", "offtopic_holdout",
                 "offtopic_untuned")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=20, help="latency passes over the questions (default 20)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    ap.add_argument("--ablation", action="store_true",
                    help="also score plain BM25 over the text, then add fields, synonyms, typo tolerance, "
                         "then the semantic ranker")
    args = ap.parse_args()

    from discreet.core.guidance import GuidanceEngine

    t0, c0 = time.perf_counter(), time.process_time()
    engine = GuidanceEngine.load()
    load_ms, load_cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000

    files = args.files or [f for f in DEFAULTS if f.exists()]
    questions: list[str] = []
    for f in files:
        rows = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        if rows and all(r.get("section") is None for r in rows):
            nc = 0
            for r in rows:
                a = engine.answer(r["question"])
                nc += a.section is None
                if args.verbose and a.section is not None:
                    print(f"  answered {r.get('id', '')}: {r['question']!r}: got {a.section}")
                questions.append(r["question"])
            print(f"{f}: {len(rows)} off-topic questions  not covered {nc / len(rows):.1%} ({nc})")
            continue
        top1 = top3 = 0
        for r in rows:
            got = engine.answer(r["question"]).section
            ranked = [sid for sid, _ in engine.rank(r["question"])[:3]]
            top1 += got == r["section"]
            top3 += r["section"] in ranked
            if args.verbose and got != r["section"]:
                print(f"  miss {r.get('id', '')}: {r['question']!r}: want {r['section']}, got {got}, top-3 {ranked}")
            questions.append(r["question"])
        n = len(rows) or 1
        print(f"{f}: {len(rows)} questions  top-1 {top1 / n:.1%} ({top1})  top-3 {top3 / n:.1%} ({top3})")

    if args.ablation:
        ablation(files)

    wall, cpu = [], []
    for _ in range(args.rounds):
        for q in questions:
            t, c = time.perf_counter(), time.thread_time()
            engine.answer(q)
            cpu.append((time.thread_time() - c) * 1000)
            wall.append((time.perf_counter() - t) * 1000)
    print(f"load {load_ms:.1f} ms wall, {load_cpu_ms:.1f} ms cpu; answer latency over {len(wall)} calls:")
    for name, times in (("wall", wall), ("cpu ", cpu)):
        if times:
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            print(f"  {name}: mean {statistics.fmean(times):.3f} ms, p50 {times[len(times) // 2]:.3f} ms, "
                  f"p99 {p99:.3f} ms, max {times[-1]:.3f} ms")
    print("  (wall includes waiting for a CPU on a busy machine; cpu is this thread's own time)")
    return 0


def ablation(files: list[Path]) -> None:
    """Top-1/top-3 of simpler engines built from the same corpus: each step adds
    one thing. The plain BM25 baseline answers whenever anything matches (no
    "no close match" threshold, which is calibrated for the full engine)."""
    import copy
    import dataclasses

    from discreet.core.guidance import GuidanceEngine

    full = GuidanceEngine.load()
    files = [f for f in files if not all(json.loads(line).get("section") is None
                                         for line in f.read_text(encoding="utf-8").splitlines() if line.strip())]
    syn = {" ".join(k): v for k, v in full.synonyms.items()}
    plain_sections = [dataclasses.replace(s, text_weight=1.0) for s in full.sections.values()]

    def build(sections, synonyms, semantic=None, **settings):
        st = copy.deepcopy(full.settings)
        for k, v in settings.items():
            setattr(st, k, v)
        return GuidanceEngine(sections, synonyms, full.stopwords, st, full.menu_words, semantic=semantic)

    text_only = {"title": 0.0, "keywords": 0.0, "text": 1.0, "todo": 0.0}
    steps = [
        ("BM25, section text only", build(plain_sections, {}, field_weights=text_only, min_typo_length=99,
                                          k1=1.2, b=0.75, min_score=1e-9, min_coverage=0.0)),
        ("BM25F: + titles, keywords, summaries", build(list(full.sections.values()), {}, min_typo_length=99)),
        ("  + synonyms", build(list(full.sections.values()), syn, min_typo_length=99)),
        ("  + typo tolerance (= BM25F, no semantic)", build(list(full.sections.values()), syn)),
        ("semantic classifier alone (examples.toml)", None),
        ("BM25F + semantic, fused (= the engine)", full),
    ]
    for f in files:
        rows = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        print(f"ablation on {f.name}:")
        for name, engine in steps:
            if engine is None:  # the semantic ranker's own order, no threshold
                ranks = [sorted((s := full.semantic.scores(full.parse(r["question"]).text)[0]), key=lambda k: -s[k])
                         for r in rows]
                top1 = sum(rk[0] == r["section"] for rk, r in zip(ranks, rows))
                top3 = sum(r["section"] in rk[:3] for rk, r in zip(ranks, rows))
            else:
                top1 = sum(engine.answer(r["question"]).section == r["section"] for r in rows)
                top3 = sum(r["section"] in [sid for sid, _ in engine.rank(r["question"])[:3]] for r in rows)
            print(f"  {name:40} top-1 {top1 / len(rows):6.1%}  top-3 {top3 / len(rows):6.1%}")


if __name__ == "__main__":
    sys.exit(main())
