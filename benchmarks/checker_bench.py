"""Discreet's checker against a well-known peer, in the same run.

    .venv/bin/python benchmarks/checker_bench.py [CORPUS.jsonl] [--peer-python PATH]

Prints Discreet's figures (`discreet bench`), and, when a Python with
presidio-analyzer is given (default: /tmp/peer/bin/python if it exists; make it
with `bash benchmarks/peer_setup.sh`), Presidio's pattern recognizers on the
same corpus in the same run, the throughput ratio, and both quality scores
from the shared eval's score.py when the corpus is labelled.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(SHARED / "dev.jsonl"))
    ap.add_argument("--peer-python", default="/tmp/peer/bin/python")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    discreet = [sys.executable, "-m", "discreet.bots.cli"]

    ours = json.loads(subprocess.run(discreet + ["bench", args.corpus, "--rounds", str(args.rounds), "--json"],
                                     cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    print(f"Discreet: {ours['messages_per_s']:,} msg/s, p50 {ours['p50_us']} us, p99 {ours['p99_us']} us, "
          f"load {ours['load_s']} s, peak {ours['peak_python_mb']} MB (Python), "
          f"worst {ours.get('worst_ms_per_kb')} ms/KB")
    with tempfile.TemporaryDirectory() as tmp:
        ours_pred = Path(tmp) / "discreet.jsonl"
        with ours_pred.open("w") as fh:
            subprocess.run(discreet + ["scan", args.corpus], cwd=ROOT, stdout=fh, check=False)
        peer_pred = None
        if os.path.exists(args.peer_python):
            peer_pred = Path(tmp) / "presidio.jsonl"
            with peer_pred.open("w") as fh:
                r = subprocess.run([args.peer_python, str(ROOT / "benchmarks/presidio_peer.py"), args.corpus,
                                    str(args.rounds)], stdout=fh, stderr=subprocess.PIPE, text=True)
            peer = json.loads(r.stderr.strip().splitlines()[-1])
            print(f"Presidio pattern recognizers: {peer['messages_per_s']:,} msg/s, "
                  f"p50 {peer['p50_us']} us, p99 {peer['p99_us']} us")
            print(f"ratio (Discreet / Presidio): {ours['messages_per_s'] / peer['messages_per_s']:.1f}x")
        else:
            print(f"(no peer: {args.peer_python} not found; run benchmarks/peer_setup.sh)")
        score = SHARED / "score.py"
        if score.exists() and "expect" in Path(args.corpus).open().readline():
            for name, pred in (("Discreet", ours_pred), ("Presidio", peer_pred)):
                if pred is None:
                    continue
                out = subprocess.run([sys.executable, str(score), args.corpus, str(pred), "--json"],
                                     capture_output=True, text=True).stdout
                s = json.loads(out)
                parts = []
                for pol, v in s["policies"].items():
                    fmt = lambda x: "n/a" if x is None else f"{x:.3f}"  # noqa: E731
                    parts.append(f"{pol} P {fmt(v['precision'])} R {fmt(v['recall'])}")
                parts.append(f"false nudges on benign {s['benign']['false_nudge_rate']:.3f}")
                print(f"{name} quality: " + ", ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
