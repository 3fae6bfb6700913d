"""Fit `/guidance`'s semantic classifier to policies/guidance/examples.toml and
save its weights (policies/guidance/classifier.npz, a few kB), so that loading
the engine reads them instead of fitting (a matrix solve that a multi-threaded
BLAS can stall on a busy machine). Run after editing the examples, the
embedding table or the semantic settings:

    .venv/bin/python benchmarks/guidance_fit.py

A stale file is never used (its fingerprint no longer matches: the engine
then fits at load), and tests/core/test_guidance.py fails until it is redone.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from discreet.core.guidance import fit_classifier

    path = fit_classifier()
    print(f"{path}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
