"""`discreet bench`: the checker's speed on a corpus, and its worst case.

Prints messages/second, p50/p99 latency per message, policy load time and
peak memory over the corpus (the shared dev set by default), then the worst
time per KB on adversarial inputs up to 100 KB (long digit runs, separators,
repeated cue words, odd Unicode), which would expose catastrophic
backtracking.
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev.jsonl"


def add_parser(sub):
    p = sub.add_parser("bench", help="measure the checker: messages/s, p50/p99, load time, memory")
    p.add_argument("corpus", nargs="?", help=f"JSONL with a \"text\" field (default: {DEFAULT_CORPUS})")
    p.add_argument("--rounds", type=int, default=5, help="passes over the corpus (default 5)")
    p.add_argument("--no-adversarial", action="store_true", help="skip the worst-case inputs")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.set_defaults(func=run)


def _corpus(path: str | None, checker) -> list[str]:
    src = Path(path) if path else DEFAULT_CORPUS
    if src.exists():
        with src.open(encoding="utf-8") as fh:
            return [json.loads(line)["text"] for line in fh if line.strip()]
    # No dev set on this machine: the packs' own examples are the corpus.
    print(f"discreet bench: {src} not found; using the policy packs' examples", file=sys.stderr)
    return [t for r in checker.rules.values() for t in (*r.match_examples, *r.no_match_examples)]


def adversarial_inputs(max_kb: int = 100) -> list[tuple[str, str]]:
    rng = random.Random(7)
    n = max_kb * 1024
    units = {
        "digits": "8001015009087 ",
        "split digits": "8 0 0 1 0 1 - 5 0 0 9 . 0 8 7 ",
        "dashes": "-" * 50 + "0" * 50,
        "cue words": "pt Mr bed 4 DOB folder no tel +27 ",
        "capitalised": "Sipho Dlamini Mokoena Naidoo ",
        "obfuscated": "f*ck i d i o t id10t ",
        "unicode": "\u200b\u202e\uff18\u0430\u0435 ",
        "one long word": "a",
    }
    out = [(name, (u * (n // len(u) + 1))[:n]) for name, u in units.items()]
    alphabet = "0123456789 -./+()@abcXYZ\u200b\u00e9"
    out.append(("random", "".join(rng.choice(alphabet) for _ in range(n))))
    return out


def run(args) -> int:
    t0, c0 = time.perf_counter(), time.process_time()
    from discreet.core import Checker

    checker = Checker()
    load_s, load_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    texts = _corpus(args.corpus, checker)
    # Peak memory of loading the packs and checking the corpus once, traced
    # apart from the timings (tracemalloc slows every allocation).
    tracemalloc.start()
    traced = Checker()
    for t in texts:
        traced.check(t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced
    for t in texts:  # warm
        checker.check(t)
    lat = []
    t_all, c_all = time.perf_counter(), time.process_time()
    for _ in range(max(1, args.rounds)):
        for t in texts:
            s = time.perf_counter()
            checker.check(t)
            lat.append(time.perf_counter() - s)
    wall, cpu = time.perf_counter() - t_all, time.process_time() - c_all
    lat.sort()
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1e6  # noqa: E731
    fig = {
        "messages": len(lat),
        "messages_per_s": round(len(lat) / wall),
        "p50_us": round(q(0.50), 1),
        "p99_us": round(q(0.99), 1),
        "mean_us": round(statistics.fmean(lat) * 1e6, 1),
        "load_s": round(load_s, 3),
        # CPU time of this process: what the figures would be on an idle core
        # (on a shared machine, wall time also counts the other processes)
        "cpu_messages_per_s": round(len(lat) / cpu) if cpu > 0 else None,
        "cpu_mean_us": round(cpu / len(lat) * 1e6, 1),
        "load_cpu_s": round(load_cpu_s, 3),
        "peak_python_mb": round(peak / 2**20, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if not args.no_adversarial:
        worst = {}
        for name, text in adversarial_inputs():
            s = time.perf_counter()
            checker.check(text)
            worst[name] = round((time.perf_counter() - s) * 1e3 / (len(text.encode()) / 1024), 3)
        fig["worst_ms_per_kb"] = max(worst.values())
        fig["worst_input"] = max(worst, key=worst.get)
        fig["ms_per_kb_by_input"] = worst
    if args.json:
        print(json.dumps(fig))
        return 0
    print(f"corpus: {len(texts)} messages x {max(1, args.rounds)} rounds")
    print(f"throughput: {fig['messages_per_s']:,} messages/s (one core)")
    print(f"latency per message: p50 {fig['p50_us']} us, p99 {fig['p99_us']} us, mean {fig['mean_us']} us")
    print(f"policy load: {fig['load_s']} s")
    print(f"CPU time (this process only): {fig['cpu_messages_per_s']:,} messages/s, mean {fig['cpu_mean_us']} us, "
          f"load {fig['load_cpu_s']} s")
    print(f"peak memory: {fig['peak_python_mb']} MB Python allocations, {fig['max_rss_mb']} MB max RSS")
    if "worst_ms_per_kb" in fig:
        print(f"worst case: {fig['worst_ms_per_kb']} ms per KB ({fig['worst_input']}, inputs of 100 KB)")
    return 0
