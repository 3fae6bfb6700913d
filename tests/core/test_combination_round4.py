"""Combination, round 4 (issue 9, unseen chat): a public office's relative named
through the office ("the MEC for Education's daughter"), sports positions and
teams, a court case, a feature article or billboard, the only resident with a
condition, a staff member on a named ward, discretion asked for; and their
benign look-alikes. New wordings and synthetic places only."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pattern_helpers import CHECKER  # noqa: E402


def combination(text):
    return any(f.kind == "combination" for f in CHECKER.check(text))


SINGLED_OUT = [
    "the MEC for Education's daughter is in ward 4 with a broken leg, no special treatment",
    "the Stormers flyhalf with the ACL, 24, on our list Friday - his agent keeps calling",
    "the accused in the Bronkhorstspruit murder trial is in bed 9, needs a chest drain",
    "the 104-year-old from Hanover they did the birthday article on is in bed 2 with pneumonia",
    "the councillor for ward 9 is in for a lymphoma workup - nobody knows yet",
    "our night porter is in surgical ward with appendicitis, pls be kind",
    "42F, former Miss Limpopo, the one on the billboard, in for a breast lump, wants discretion",
    "71M from the frail care in Kenhardt, only resident with MDR-TB, staff asking",
    "16F, grade 10 at the high school, pregnant, mum doesn't know - she's the head girl",
]

ORDINARY = [
    "pt in bed 4 asking for the pastor to pray with her, 80F",
    "in for the night shift again, 3 admissions so far",
    "the MEC for Health's speech on NHI was on the news",
    "the accused in bed 3 needs a chest drain, police guard outside",
    "our winger from the hospital soccer team is on leave",
    "34M with migraine in for a CT, nobody knows why he came",
    "read the article on sepsis bundles, 45M in bed 4 is septic",
    "the Lions won again, 2 admissions from the braai",
    "45M in bed 4, only patient with a drain on the ward",
]


# A singled-out patient is a combination; ordinary patients and public talk are not.
@pytest.mark.parametrize("text,singled", [(t, True) for t in SINGLED_OUT] + [(t, False) for t in ORDINARY])
def test_singled_out_patients_and_not_ordinary_ones(text, singled):
    assert combination(text) is singled
