"""`discreet audit` on generated exports of 100,000 and 1,000,000 messages:
messages/second and peak memory, to show memory stays flat as the export grows.

    .venv/bin/python benchmarks/audit_bench.py [--sizes 100000,1000000] [--platforms slack,telegram]

Each audit runs in a fresh process under ``tracemalloc`` (peak of the
Python allocations of the process that reads, counts and writes) with max
RSS from ``resource.getrusage`` (this process, and the largest worker with
``--jobs``). Tracing costs a little time; ``--no-trace`` for clean rates.
``--reader-only`` swaps the checker for one that finds nothing, to measure
the export's reading and the report's writing alone (the checker's own speed
is ``discreet bench``). The exports are generated in a temporary folder
(``--keep DIR`` to keep and reuse them).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class _FindsNothing:
    def check(self, text, ctx):
        return []


def child(platform: str, src: str, out: str, traced: bool, jobs: int, reader_only: bool) -> None:
    import resource
    import tracemalloc

    from discreet.bots.audit import audit
    from discreet.bots.audit.progress import Progress
    from discreet.core import default_checker

    default_checker()  # load the packs outside the timed part
    if traced:
        tracemalloc.start()
    t0 = time.perf_counter()
    r = audit(src, out, fmt=platform, progress=Progress(0, sys.stderr, every_files=0, every_messages=0, tty=False),
              jobs=jobs, checker=_FindsNothing() if reader_only else None)
    secs = time.perf_counter() - t0
    fig = {"messages": r.tally.messages, "flagged": r.tally.flagged, "findings": r.tally.findings,
           "seconds": secs, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           "workers_max_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if jobs > 1 else 0}
    if traced:
        fig["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    print(json.dumps(fig))


def run_child(platform, src, out, traced, jobs, reader_only) -> dict:
    cmd = [sys.executable, __file__, "--child", platform, str(src), str(out), "--jobs", str(jobs)]
    cmd += (["--traced"] if traced else []) + (["--reader-only"] if reader_only else [])
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        sys.exit(f"audit child failed: {r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--platforms", default="slack,telegram")
    ap.add_argument("--keep", help="generate the exports here and keep them")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes for the checker (default 1)")
    ap.add_argument("--no-trace", action="store_true", help="no tracemalloc (clean rates, no Python peak)")
    ap.add_argument("--reader-only", action="store_true", help="a checker that finds nothing: reading and writing alone")
    ap.add_argument("--child", nargs=3, metavar=("PLATFORM", "SRC", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(*a.child, a.traced, a.jobs, a.reader_only)
        return 0
    from benchmarks.gen_export import write_slack, write_telegram

    tmp = None if a.keep else tempfile.TemporaryDirectory(prefix="audit-bench-")
    base = Path(a.keep or tmp.name)
    base.mkdir(parents=True, exist_ok=True)
    mode = "reader only (a checker that finds nothing)" if a.reader_only else f"checker on {a.jobs} process(es)"
    print(f"python {sys.version.split()[0]}; {mode}; exports in {base}")
    try:
        for platform in a.platforms.split(","):
            for n in (int(s) for s in a.sizes.split(",")):
                t0 = time.perf_counter()
                if platform == "slack":
                    src = base / f"slack-{n}"
                    exp = write_slack(src, n, seed=1) if not src.exists() else None
                else:
                    src = base / f"telegram-{n}.json"
                    exp = write_telegram(src, n, seed=1) if not src.exists() else None
                size = sum(p.stat().st_size for p in src.rglob("*")) if src.is_dir() else src.stat().st_size
                gen = f"generated in {time.perf_counter() - t0:.0f} s" if exp else "reused"
                f = run_child(platform, src, base / f"out-{platform}-{n}", not a.no_trace, a.jobs, a.reader_only)
                workers = f" (largest worker {f['workers_max_rss_mb']:.0f} MB)" if a.jobs > 1 else ""
                traced = "" if a.no_trace else f"; tracemalloc peak {f['tracemalloc_peak_mb']:.1f} MB"
                print(f"{platform:8} {n:>9,} messages ({size / 2**20:,.0f} MB, {gen}): "
                      f"{f['messages'] / f['seconds']:,.0f} messages/s ({f['seconds']:.1f} s), "
                      f"{f['flagged']:,} flagged; max RSS {f['max_rss_mb']:.0f} MB{workers}{traced}", flush=True)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
