"""Derogatory precision/recall, false nudges and target per family on small
hand-written sets (eval format: {"id","text","expect":{"derogatory","target"},
"note": family}). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/derog_families.py benchmarks/derog_sets/set*.jsonl [-v]

The sets (synthetic, realistic clinicians' chat and forum writing; no real
patient) were written for issue 16:
  set1  written before the contempt rules, then used while writing them;
  set2  written after the first rules, scored once, then used for tuning;
  set3  written mid-way and scored only at the end, but its wording leaked
        into tests/core/test_derogatory_target.py while tuning: not clean;
  set4  written last, scored once (P 0.90, R 0.90, 2/18 false nudges), then
        two generic fixes (a self-description with any adjective, a car
        rental desk as outside the clinical setting) and two phrasings.
  set5  round 2 (issue 16, families: reported labels, literal uses, colleague
        group put-downs, plain contempt, blame, symptom mockery,
        dehumanising, stereotypes), written and scored before the round-2
        rules (P 0.615 R 0.258, 5/25 false nudges), then used for tuning;
  set6  written after the round-2 rules, scored once (P 0.947 R 0.818,
        1/18 false nudges), then four generic fixes;
  set7  20 benign passages in the style of clinicians' forum and blog
        writing (about the words, not using them), scored once (7/20 false
        nudges), then used to write the discussion cues: not clean;
  set8  15 benign and 12 derogatory passages in forum/blog style, written
        after set7's fixes and scored once (P 0.889 R 0.667, 1/15 false
        nudges), then five generic fixes (treated as, deserve, expect a
        liver, 'I'd happily strangle', 'couldn't diagnose X if ...');
  set9  15 benign and 10 derogatory passages in forum/blog style, written
        after set8's fixes and scored once (P 0.70 R 0.70, 3/15 false
        nudges), then fixed: branded/dubbed a label, 'what does it say about
        us when ...', 'hated ... until', 'a circus', 'psych ARE useless',
        'the nurses ROUND here';
  set10 14 derogatory and 8 benign chat messages in new wordings, scored
        once (P 1.00 R 0.43, 0/8 false nudges), then fixed: 'just taxi
        drivers', 'overpaid <job>s', specialists by name, 'high horse',
        'why waste a bed on', "daily 'heart attack'", 'for attention',
        'should be on stage'.
  set11 round 3 (chat families missed on a blind chat set: group contempt
        by origin/faith, 'let him <harm>', not worth treating, scare-quote
        sarcasm, labels and cartoon nicknames, colleague mockery, Afrikaans),
        written before policies/derogatory/chat_contempt.toml (recall
        11/51, 0/33 false nudges), then used to write it: not clean;
  set12 new wordings written after those rules, scored once (recall
        24/26, 2/25 false nudges), then three generic fixes (self-description
        veto, 'dof' of pain or sound, contractions inside scare quotes);
  set13 mostly benign look-alikes, scored once (recall 10/11, 1/25 false
        nudges: 'without calling his mom' for consent), then fixed.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict

from discreet.core import default_checker


def score(path: str, verbose: bool) -> None:
    checker = default_checker()
    fam = defaultdict(lambda: [0, 0, 0, 0])
    tp = fp = fn = tn = tgt = 0
    bad = []
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        fs = [f for f in checker.check(row["text"]) if f.policy == "derogatory"]
        want, target = row["expect"]["derogatory"], row["expect"].get("target")
        k = fam[row.get("note") or "-"]
        if fs and want:
            tp += 1
            k[0] += 1
            tgt += any(f.target == target for f in fs)
        elif fs:
            fp += 1
            k[1] += 1
            bad.append(("FP", row["text"], sorted({f.rule for f in fs})))
        elif want:
            fn += 1
            k[2] += 1
            bad.append(("FN", row["text"], []))
        else:
            tn += 1
            k[3] += 1
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    print(f"{path}: derogatory precision {p:.3f} recall {r:.3f} (TP {tp} FP {fp} FN {fn} TN {tn}); "
          f"false nudges {fp}/{fp + tn} benign; target right {tgt}/{tp}")
    for name, (a, b, c, d) in sorted(fam.items()):
        print(f"  {name:10} tp={a} fp={b} fn={c} tn={d}")
    if verbose:
        for kind, text, rules in bad:
            print(f"  {kind} {text} {rules}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    for path in args:
        score(path, "-v" in sys.argv)
