"""Do two versions of the checker give the same findings? An equivalence harness
for changes that should not change a single output (speed work, refactors).

    .venv/bin/python benchmarks/equivalence.py --out /tmp/eq-before.jsonl
    ... change the engine ...
    .venv/bin/python benchmarks/equivalence.py --out /tmp/eq-after.jsonl --ref /tmp/eq-before.jsonl

The corpus is built here, deterministically, from what the repository already
holds: the shared dev set (if present), benchmarks/derog_sets, the literature
phrase sets and guidance question sets under tests/core, every rule's
``examples``, the cases ``discreet eval`` generates (with their staff names),
then "random chat" spliced from all of them with seeded case changes, typos,
leetspeak, censoring, spaced letters, emoji, zero-width and look-alike
characters, long multi-message pastes, and the bench's adversarial inputs
(cut to 3 KB and 30 KB). Every message is checked under three contexts (both
policies, identifiers only, derogatory only; eval cases with their staff).

Each output line holds one message's index, context and the full findings
(policy, kind, rule, start, end, target, severity, score, section, ...), never
the text. The last line printed is a SHA-256 over the findings, so two runs can
be compared by hash alone; ``--ref`` lists the first differing messages (their
text is shown only on the terminal, never written). Note: the corpus includes
the rules' own examples, so after a rules change the corpus (and the hash)
changes too; compare before/after runs of the same policies.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"

_EMOJI = ["🙄", "😂", "🙏", "👍", "🤦", "💀", "😡", "✅"]
_ODD = ["\u200b", "\u00a0", "а", "е", "о", "\u2019", "\u201c", "\u201d", "\u2014", "é", "ß", "İ", "ﬁ", "\uff18"]
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7"}
_CHAT = ["lol", "haha", "pls", "thx", "tbh", "ffs", "smh", "again", "omg", "fyi", "k", "ok", "sure", "?", "!!", "..."]


def _jsonl_texts(path: Path, field: str = "text") -> list[str]:
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                t = d.get(field) or d.get("text") or d.get("question")
                if isinstance(t, str):
                    out.append(t)
    return out


def _mutate(words: list[str], rng: random.Random) -> str:
    w = list(words)
    for _ in range(rng.randint(0, 3)):
        if not w:
            break
        i = rng.randrange(len(w))
        op = rng.random()
        if op < 0.15:
            w[i] = w[i].lower()
        elif op < 0.25:
            w[i] = w[i].upper()
        elif op < 0.35:
            w[i] = w[i].capitalize()
        elif op < 0.45 and len(w[i]) > 3:  # typo: swap two letters
            j = rng.randrange(len(w[i]) - 1)
            w[i] = w[i][:j] + w[i][j + 1] + w[i][j] + w[i][j + 2:]
        elif op < 0.55:
            w[i] = "".join(_LEET.get(c, c) if rng.random() < 0.5 else c for c in w[i])
        elif op < 0.62 and len(w[i]) > 2:
            w[i] = w[i][0] + "*" * (len(w[i]) - 2) + w[i][-1]
        elif op < 0.68 and len(w[i]) > 3:
            w[i] = rng.choice([" ", ".", "-"]).join(w[i])
        elif op < 0.76:
            w.insert(i, rng.choice(_EMOJI))
        elif op < 0.84:
            pos = rng.randrange(len(w[i]) + 1)
            w[i] = w[i][:pos] + rng.choice(_ODD) + w[i][pos:]
        elif op < 0.92:
            w.insert(i, rng.choice(_CHAT))
        else:
            w[i] = f'"{w[i]}"' if rng.random() < 0.5 else f"'{w[i]}'"
    sep = rng.choice([" ", " ", " ", "\n"])
    return sep.join(w) if sep == " " else " ".join(w[: len(w) // 2]) + "\n" + " ".join(w[len(w) // 2:])


def corpus(seed: int = 20261202) -> list[tuple[str, str, tuple[str, ...]]]:
    """(source, text, staff names) triples, always in the same order."""
    from discreet.bots.evaluation import suite
    from discreet.core import Checker

    items: list[tuple[str, str, tuple[str, ...]]] = []
    base: list[str] = []

    def add(src: str, texts, staff=()):
        for t in texts:
            items.append((src, t, tuple(staff)))
            base.append(t)

    add("dev", _jsonl_texts(SHARED / "dev.jsonl"))
    for p in sorted((ROOT / "benchmarks" / "derog_sets").glob("*.jsonl")):
        add(f"derog_sets/{p.name}", _jsonl_texts(p))
    for p in sorted((ROOT / "tests" / "core").glob("*.jsonl")):
        add(f"tests/{p.name}", _jsonl_texts(p))
    checker = Checker()
    for rid in sorted(checker.rules):
        r = checker.rules[rid]
        add("examples", [*r.match_examples, *r.no_match_examples])
    seen = set()
    for c in suite.generate(0, 100):
        for m in (c.message, c.base) if c.base is not None else (c.message,):
            key = (m.text, m.staff)
            if key not in seen:
                seen.add(key)
                items.append(("eval", m.text, tuple(m.staff)))
                base.append(m.text)

    rng = random.Random(seed)
    pool = [t for t in dict.fromkeys(base) if t.strip()]
    for _ in range(3000):  # random chat: windows of one to three messages, mutated
        words = []
        for t in rng.sample(pool, rng.randint(1, 3)):
            ws = t.split()
            if not ws:
                continue
            a = rng.randrange(len(ws))
            words += ws[a:a + rng.randint(1, 14)]
        items.append(("chat", _mutate(words, rng), ()))
    for _ in range(60):  # pastes: many messages in one
        items.append(("paste", "\n".join(rng.sample(pool, rng.randint(8, 40))), ()))
    from discreet.bots.commands.bench import adversarial_inputs

    for name, text in adversarial_inputs(30):
        items.append((f"adversarial/{name}/30k", text, ()))
        items.append((f"adversarial/{name}/3k", text[:3072], ()))
    return items


def run(items, checker=None):
    from discreet.core import POLICIES, Checker, Context

    checker = checker or Checker()
    ctxs = [("both", POLICIES)] + [(p, (p,)) for p in POLICIES]
    for i, (src, text, staff) in enumerate(items):
        for cname, pols in ctxs:
            ctx = Context.make(staff_names=staff, policies=pols)
            found = checker.check(text, ctx)
            yield {"i": i, "src": src, "ctx": cname,
                   "findings": [[f.policy, f.kind, f.rule, f.start, f.end, f.target, f.severity, repr(f.score),
                                 f.section, f.suggestion, f.why] for f in found]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="write the findings (no text) as JSONL here")
    ap.add_argument("--ref", help="an earlier --out to compare with")
    ap.add_argument("--show", type=int, default=10, help="differences to print (default 10)")
    args = ap.parse_args()

    items = corpus()
    t0 = time.process_time()
    h = hashlib.sha256()
    rows = []
    for row in run(items):
        line = json.dumps(row, ensure_ascii=False, sort_keys=True)
        h.update(line.encode() + b"\n")
        rows.append(line)
    cpu = time.process_time() - t0
    n_find = sum(len(json.loads(r)["findings"]) for r in rows)
    if args.out:
        Path(args.out).write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"messages: {len(items)} x 3 contexts = {len(rows)} checks, {n_find} findings, "
          f"{cpu:.2f} s CPU ({cpu / len(rows) * 1e6:.0f} us/check)")
    rc = 0
    if args.ref:
        ref = Path(args.ref).read_text(encoding="utf-8").splitlines()
        diffs = [k for k, (a, b) in enumerate(zip(ref, rows)) if a != b]
        if len(ref) != len(rows):
            print(f"DIFFERENT corpus size: ref {len(ref)} rows, now {len(rows)}")
            rc = 1
        print(f"differences: {len(diffs)}")
        for k in diffs[: args.show]:
            a, b = json.loads(ref[k]), json.loads(rows[k])
            print(f"- [{b['src']} / {b['ctx']}] {items[b['i']][1][:200]!r}\n    ref {a['findings']}\n    now {b['findings']}")
        rc = rc or int(bool(diffs))
    print(f"sha256 {h.hexdigest()}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
