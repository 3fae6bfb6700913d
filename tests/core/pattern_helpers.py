"""Shared by the number, contact and date detector tests."""

from discreet.core import default_checker
from discreet.core.findings import DEFAULT_CONTEXT
from discreet.core.normalize import normalize

CHECKER = default_checker()
MINE = {"numbers", "contacts", "dates"}


def only_ours(text):
    """The three pattern detectors alone, in the checker's order (the
    adversarial inputs measure these patterns, not the other families')."""
    doc = normalize(text)
    found = []
    for det in CHECKER.detectors:
        if det.name in MINE:
            found.extend(det.detect(doc, DEFAULT_CONTEXT, found))
    return [(f.kind, text[f.start:f.end]) for f in found]


def mine(text):
    """(kind, matched original text) of the pattern detectors' findings."""
    return [(f.kind, text[f.start:f.end]) for f in CHECKER.check(text)
            if f.start is not None and CHECKER.rules[f.rule].detector in MINE]
