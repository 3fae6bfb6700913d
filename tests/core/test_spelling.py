"""Misspelt cue words are read as meant by the identifier detectors
(core/spelling.py); real words, names and places are never rewritten, and the
findings' offsets stay on the text as written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pattern_helpers import CHECKER  # noqa: E402

from discreet.core.normalize import normalize  # noqa: E402


def kinds(text):
    return {(f.kind, text[f.start:f.end]) for f in CHECKER.check(text) if f.policy == "identifiers" and f.start is not None}


@pytest.mark.parametrize("text, kind, value", [
    ("foledr no 87067087 in ICU", "record_number", "87067087"),
    ("pt with hsop no 94-87052 needs a CT", "record_number", "94-87052"),
    ("Fedhealth mmeber no 50788560 for the auth", "health_plan_number", "50788560"),
    ("her mdeical aid number is 46426786099 (Discovery)", "health_plan_number", "46426786099"),
    ("pt boorn 29/10/1975 in paeds", "date_of_birth", "29/10/1975"),
    ("date of brth: 19/9/83 please confirm", "date_of_birth", "19/9/83"),
    ("pt is a foreign national, passoprt P2528099", "national_id", "P2528099"),
    ("NHS nuber 698 034 5605 please book for clinic", "national_id", "698 034 5605"),
])
def test_misspelt_cue_still_finds_the_identifier(text, kind, value):
    assert (kind, value) in kinds(text)


@pytest.mark.parametrize("word, cue", [
    ("foledr", "folder"), ("mmeber", "member"), ("boorn", "born"), ("passoprt", "passport"),
    ("nmber", "number"), ("membeership", "membership"), ("scial", "social"), ("patinet", "patient"),
])
def test_one_edit_typos_are_repaired(word, cue):
    assert CHECKER.spelling.fix(word) == cue


@pytest.mark.parametrize("word", [
    # real words one edit from a cue word, names, places, short words, other first letters
    "fodder", "holder", "border", "borne", "barn", "numb", "members", "wifi", "wide", "fromage", "form",
    "bern", "emil", "member", "number", "grace", "nolder", "umber", "bloom", "reviews",
])
def test_real_words_and_names_are_left_alone(word):
    assert CHECKER.spelling.fix(word) in (None, word if word in CHECKER.spelling.cues else None)


@pytest.mark.parametrize("text", [
    "Grace from the folder room says the porter is late",
    "the holder of the key is Sister Mokoena",
    "meeting at 14:30, bring the border forms",
    "thanks Emil, noted",
    "Hb 7.4 on the membeership form?",  # a repaired cue word with no identifier stays benign
    "nmber of beds free: 4",
])
def test_benign_lookalikes_stay_benign(text):
    assert not [f for f in CHECKER.check(text) if f.policy == "identifiers"]


def test_offsets_map_to_the_text_as_written():
    text = "Fatima Adams, foledr 2588365, a head injury"
    found = kinds(text)
    assert ("record_number", "2588365") in found and ("person_name", "Fatima Adams") in found
    doc = CHECKER.spelling.repair(normalize("pt boorn 29/10/1975"))
    assert doc.text == "pt born 29/10/1975" and doc.original == "pt boorn 29/10/1975"
    assert doc.span(8, 18) == (9, 19) and doc.span(3, 7) == (3, 8)


def test_non_ascii_text_keeps_its_map():
    text = "Zoë Mokoena — foledr 2588365"
    doc = CHECKER.spelling.repair(normalize(text))
    s = doc.text.index("2588365")
    assert text[slice(*doc.span(s, s + 7))] == "2588365"
    assert ("record_number", "2588365") in kinds(text)


@pytest.mark.parametrize("text, kind, value", [
    ("Lwazi Khumalo bed 9 1964-02-17", "date_of_birth", "1964-02-17"),
    ("her social is 512 38 4471 for the claim", "national_id", "512 38 4471"),
])
def test_iso_dob_after_name_and_bed_and_possessive_social(text, kind, value):
    assert (kind, value) in kinds(text)


@pytest.mark.parametrize("text", [
    "bed 9 admitted 2026-11-30, for echo",
    "social hx: smokes, 512 38 4471 is the ward fax",
    "the social worker's number is 512 384 471",
])
def test_iso_admission_dates_and_social_history_stay_quiet(text):
    assert not [f for f in CHECKER.check(text) if f.kind in ("date_of_birth", "national_id")]


@pytest.mark.parametrize("text, value", [
    ("scheme: Momentum / 99887766", "99887766"),
    ("Polmed member 0012345678", "0012345678"),
])
def test_health_plan_number_layouts(text, value):
    assert ("health_plan_number", value) in kinds(text)


@pytest.mark.parametrize("text", [
    "GEMS 2024/2025 rates attached",
    "call Discovery on 0860 998 877",
    "ma is worried, she asked for the 445566778 thing again",
])
def test_health_plan_look_alikes(text):
    assert not [f for f in CHECKER.check(text) if f.kind == "health_plan_number"]


@pytest.mark.parametrize("text, kind, value", [
    ("Med rec 44558811 for the echo", "record_number", "44558811"),
    ("fn 1122334 pls pull the folder", "record_number", "1122334"),
    ("scheme no = 77665544", "health_plan_number", "77665544"),
])
def test_more_number_cues(text, kind, value):
    assert (kind, value) in kinds(text)


def test_fn_as_a_key_is_not_a_cue():
    assert not [f for f in CHECKER.check("your fn key is broken, ext 1234") if f.kind == "record_number"]
