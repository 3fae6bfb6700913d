"""Combination: a distinctive person (public role, publicised event, 'well
known') who is now a patient here, plus one ordinary detail, is singled out;
the same person as a visitor, or several patients from one event, is not."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pattern_helpers import CHECKER  # noqa: E402


def combination(text):
    return any(f.kind == "combination" for f in CHECKER.check(text))


@pytest.mark.parametrize("text", [
    "the 71M from the bus fire in the papers is in ward 3",
    "a well-known gospel singer from here is in the medical ward with a DVT",
    "the 52F who was on the news is in resus",
    "the soapie actor from Knysna is in ward 9 with pancreatitis",
    "the headmistress of the primary school in Ladysmith is in short stay with chest pain",
    "the magistrate from Kuruman is in bed 12, came in with a stroke",
])
def test_distinctive_person_now_a_patient(text):
    assert combination(text)


@pytest.mark.parametrize("text", [
    "the pastor from the big church came to pray with bed 5",
    "the MEC for health visited the surgical ward today, bed 5 was cleaned for her",
    "the mayor of Emfuleni officially opened the new ward 3 today",
    "the bus crash on the N1 brought in 6 patients, all in resus now",
    "multiple casualties from the taxi crash, 3 in theatre, 2 in ward 7",
    "the famous surgeon from Groote Schuur gave a talk in the surgical ward",
    "the 45F in bed 3 was admitted with a stroke",  # ordinary details only
    "the news said the hospital in town is full, ward 5 closed",
])
def test_visitor_several_or_ordinary_is_not_singled_out(text):
    assert not combination(text)


@pytest.mark.parametrize("text", [
    "the lady who got burnt in the shack fire on the news is in ward B3",
    "the 33M who was in the papers is now in maternity with his wife",  # (the one in the papers)
])
def test_event_person_in_care(text):
    assert combination(text)


def test_event_without_one_person_in_care_is_quiet():
    assert not combination("the taxi crash on the N1 was on the news, 6 patients came in")
