"""`/guidance` quality and speed on a labelled question set.

    .venv/bin/python benchmarks/guidance_eval.py [QUESTIONS.jsonl ...] [--rounds N] [-v]

Each line: {"id", "question", "section"}. Prints, per file, top-1 (the section
``answer`` picks; a "no close match" counts as a miss) and top-3 (the label is
among the three best of ``rank``), then the engine's load time and the mean and
p99 latency (wall clock and thread CPU time) of ``answer`` over all questions (after load, ``--rounds`` passes).
Default files: the shared dev set and tests/core/guidance_questions.jsonl.
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

DEFAULTS = [ROOT.parent / "shared" / "eval" / "guidance_dev.jsonl", ROOT / "tests" / "core" / "guidance_questions.jsonl"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=20, help="latency passes over the questions (default 20)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = ap.parse_args()

    from core.guidance import GuidanceEngine

    t0 = time.perf_counter()
    engine = GuidanceEngine.load()
    load_ms = (time.perf_counter() - t0) * 1000

    files = args.files or [f for f in DEFAULTS if f.exists()]
    questions: list[str] = []
    for f in files:
        rows = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
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

    wall, cpu = [], []
    for _ in range(args.rounds):
        for q in questions:
            t, c = time.perf_counter(), time.thread_time()
            engine.answer(q)
            cpu.append((time.thread_time() - c) * 1000)
            wall.append((time.perf_counter() - t) * 1000)
    print(f"load {load_ms:.1f} ms; answer latency over {len(wall)} calls:")
    for name, times in (("wall", wall), ("cpu ", cpu)):
        if times:
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            print(f"  {name}: mean {statistics.fmean(times):.3f} ms, p50 {times[len(times) // 2]:.3f} ms, "
                  f"p99 {p99:.3f} ms, max {times[-1]:.3f} ms")
    print("  (wall includes waiting for a CPU on a busy machine; cpu is this thread's own time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
