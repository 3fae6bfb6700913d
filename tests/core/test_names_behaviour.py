"""Behavioural suite for the name families of issue 9 (CheckList style):
generated patient lists, social lower-case names, initial + surname, a surname
beside a number or lab request, "<name> from <clinic>" with values and
``SURNAME, Given``, each under invariance transformations (lower case,
chatter before/after, emoji), and benign look-alikes (rotas, staff
extensions, drug lists, procedure-only theatre lists, colleagues).

``python tests/core/test_names_behaviour.py`` prints the failure rate per
capability and per transformation.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from names_cases import generate  # noqa: E402

from discreet.core import default_checker  # noqa: E402

CHECKER = default_checker()
CASES = generate()

# The failure rate each capability may reach in this suite (measured 0 when written;
# a little slack so that a new name pool draw does not break the build).
MAX_MISS = 0.05
MAX_BENIGN = 0.0


def _covered(text: str, name: str, spans) -> bool:
    s = text.find(name)
    if s < 0:
        s = text.lower().find(name.lower())
    assert s >= 0, (text, name)
    e = s + len(name)
    return any(min(e, fe) - max(s, fs) >= 0.5 * (e - s) for fs, fe in spans)


def outcome(text: str, names: list[str]) -> bool:
    """True when the checker behaves: every name covered, or nothing flagged on a benign text."""
    found = [f for f in CHECKER.check(text) if f.policy == "identifiers"]
    if not names:
        return not found
    spans = [(f.start, f.end) for f in found if f.kind == "person_name"]
    return all(_covered(text, n, spans) for n in names)


def rates():
    by_cap = defaultdict(lambda: [0, 0])
    by_var = defaultdict(lambda: [0, 0])
    failures = []
    for cap, var, text, names in CASES:
        ok = outcome(text, names)
        for d, k in ((by_cap, cap), (by_var, ("benign " if not names else "") + var)):
            d[k][0] += 0 if ok else 1
            d[k][1] += 1
        if not ok:
            failures.append((cap, var, text))
    return by_cap, by_var, failures


BY_CAP, BY_VAR, FAILURES = rates()


def test_suite_is_large():
    assert len(CASES) >= 2000


def test_positive_capabilities_fail_rarely():
    bad = {c: f"{m}/{n}" for c, (m, n) in BY_CAP.items() if not c.startswith("benign") and m / n > MAX_MISS}
    assert not bad, (bad, [f for f in FAILURES if not f[0].startswith("benign")][:5])


def test_benign_look_alikes_stay_quiet():
    bad = {c: f"{m}/{n}" for c, (m, n) in BY_CAP.items() if c.startswith("benign") and m / n > MAX_BENIGN}
    assert not bad, (bad, [f for f in FAILURES if f[0].startswith("benign")][:5])


def test_invariance_transformations_hold():
    bad = {v: f"{m}/{n}" for v, (m, n) in BY_VAR.items() if m / n > MAX_MISS}
    assert not bad, bad


if __name__ == "__main__":
    print(f"{len(CASES)} generated cases")
    print(f"{'capability':32} {'failed':>7} {'cases':>6} {'rate':>6}")
    for cap, (m, n) in sorted(BY_CAP.items()):
        print(f"{cap:32} {m:7} {n:6} {m / n:6.3f}")
    print(f"{'transformation':32} {'failed':>7} {'cases':>6} {'rate':>6}")
    for var, (m, n) in sorted(BY_VAR.items()):
        print(f"{var:32} {m:7} {n:6} {m / n:6.3f}")
    if "-v" in sys.argv:
        for f in FAILURES:
            print(f)
