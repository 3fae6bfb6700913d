"""Names that no rule string was written for: a name-shaped word in no list
(the n-gram scorer of policies/identifiers/namelike.txt), an unlisted surname
in capitals before a given name, fields on separate lines, chat shorthand.
Each with benign look-alikes: signatures, staff lists, African-language
phrases, chat words, acronyms before a capitalised word."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pattern_helpers import CHECKER  # noqa: E402


def names(text):
    return [text[f.start:f.end] for f in CHECKER.check(text) if f.kind == "person_name"]


def detector():
    return next(d for d in CHECKER.detectors if type(d).__module__.endswith(".names"))


@pytest.mark.parametrize("word", ["qhawekazi", "faldielah", "kamaldien", "reitumetse", "ngqulunga", "oduya", "gontse"])
def test_unlisted_name_shaped_words(word):
    assert detector()._namelike(word)


@pytest.mark.parametrize("word", ["bloods", "sats", "tazocin", "amitted", "pateint", "haha", "yebo", "braai", "lekker",
                                  "leboga", "mobilising", "desatting", "echo", "ward", "ok"])
def test_chat_clinical_and_english_words_are_not_name_shaped(word):
    assert not detector()._namelike(word)


@pytest.mark.parametrize("text, name", [
    ("MAHLABA Nokuthula admitted to ward 9 with cellulitis", "MAHLABA Nokuthula"),
    ("please see QWABE Ziyanda in short stay, BP dropping", "QWABE Ziyanda"),
    ("bed 6: KAMALDIEN Rashieda, gastro, for discharge", "KAMALDIEN Rashieda"),
    ("Lungelo Mavimbela\n72M\nknown with COPD\nfor CXR today", "Lungelo Mavimbela"),
    ("bed 3:\nCaitlin Fortuin\npneumonia\nfor discharge", "Caitlin Fortuin"),
    ("Riyaad Abrahams\nadmitted to high care\nwith DKA", "Riyaad Abrahams"),
    ("Sindisiwe Mabuza adm to the medical ward w/ pneumonia", "Sindisiwe Mabuza"),
    ("can s1 r/v Refilwe Mokoena in resus? sats dropping", "Refilwe Mokoena"),
])
def test_names_found(text, name):
    assert name in names(text)


@pytest.mark.parametrize("text", [
    "MRSA Screen sent for bed 4",
    "ICU Outreach will review bed 12",
    "NSTEMI Protocol started in bed 3",
    "Thanks,\nThabo Nkosi\nMO ward 5",
    "Regards\nSipho Dlamini\nward 7 sister",
    "on call tonight:\nLerato Molefe\nmedicine, bleep 455",
    "clinic list:\nZanele Khumalo - Monday\nAnnemarie Kotze - Tuesday",
    "ke a leboga bagaetsho, all bloods done for bed 2",
    "pt in bed 3 keeps saying ngifuna ukuya ekhaya",
    "haha yebo, see you at the braai after the ward round",
    "w/e, the CT is booked for bed 4 w/ contrast",
])
def test_look_alikes_stay_quiet(text):
    assert names(text) == []


@pytest.mark.parametrize("text, name", [
    ("Dineo Sebego from Tembisa clinic referred with cholecystitis", "Dineo Sebego"),
    ("Pieter Kruger from the old age home, haematoma on the scalp", "Pieter Kruger"),
    ("Mahlangu - pyelonephritis - for d/c", "Mahlangu"),
    ("Liezl Cloete, 27, GSW chest, to theatre", "Liezl Cloete"),
    ("Nontobeko Mdletshe, 81, fell at home, NOF", "Nontobeko Mdletshe"),
    ("can you ask Sifiso Mthembu's mother to bring his meds", "Sifiso Mthembu"),
    ("Palesa Motaung's husband Jabu wants to speak to the doctor", "Jabu"),
])
def test_more_names_found(text, name):
    assert name in names(text)


@pytest.mark.parametrize("text", [
    "Thandi from Tembisa clinic called about the TB stock",
    "Sister Nkosi from the CHC sent the cellulitis protocol",
    "Dr Mokoena from Soweto clinic referred with asthma",
    "thanks Sipho Dlamini, 3, 4 and 5 are done",
    "Sipho Dlamini, 4412, for the keys",
    "ask Thabo Nkosi's wife for the cake recipe",
    "the diploma course on hepatitis starts on Monday, see Sister Khumalo",
])
def test_more_look_alikes_stay_quiet(text):
    assert names(text) == []


@pytest.mark.parametrize("text, name", [
    ("can someone look in on Rosalind Mkhwanazi? she's been vomiting since 6", "Rosalind Mkhwanazi"),
    ("who is seeing Tebogo Ramokgopa? his sats keep dropping", "Tebogo Ramokgopa"),
    ("Xolisa Mtirara on the wards, Na 119, confused", "Xolisa Mtirara"),
    ("lindelwa from my book club came in with chest pain, please be kind to her", "lindelwa"),
])
def test_follow_up_lab_value_and_social_tie(text, name):
    assert name in names(text)


@pytest.mark.parametrize("text", [
    "is Lerato Molefe in today? she's been asking for the keys",
    "is Thabo Nkosi on today? his phone is off",
    "Thabo Nkosi - he's still waiting for the rota",
    "ask Lerato Molefe, her CT list is full",
    "Sipho Dlamini is on call, K 6.8 in bed 4 needs him",
])
def test_colleague_follow_ups_stay_quiet(text):
    assert names(text) == []


def records(text):
    return [text[f.start:f.end] for f in CHECKER.check(text) if f.kind == "record_number"]


@pytest.mark.parametrize("text, number", [
    ("Van der Walt bed 7 5512093 for echo", "5512093"),
    ("Mkhabela, 66F, 41 22 908 - CCF", "41 22 908"),
    ("Zinhle Mthembu 81234567 on the OT list", "81234567"),
])
def test_number_after_a_found_name_is_a_folder_number(text, number):
    assert number in records(text)


@pytest.mark.parametrize("text", [
    "Mrs Khumalo 2000 units heparin sc",
    "Mr Zulu bed 4 12 03 1960 dob",
    "Thabo Nkosi bed 4 since 2019",
    "Ceftriaxone Sandoz 1234567 is the NAPPI",
    "Sipho Dlamini 0825551234 pls call back",
    "Sister Ndlovu 12345678 persal for the roster",
    "Mrs Khumalo 14:30 clinic, Hb 10.2",
])
def test_numbers_after_names_that_are_not_folder_numbers(text):
    assert records(text) == []


@pytest.mark.parametrize("text, name", [
    ("the Maseko baby is back in with bronchiolitis", "Maseko"),
    ("any news on the Ferreira lady in 4B?", "Ferreira"),
    ("Bongiwe Shabangu DKA, pH 7.1, lactate 4.2", "Bongiwe Shabangu"),
])
def test_surname_label_and_decimal_lab_values(text, name):
    assert name in names(text)


@pytest.mark.parametrize("text", [
    "the Whipple patient is doing well",
    "the Fontan kid in PICU is stable",
    "the Zwane family donated blankets to paeds",
    "Sipho Dlamini version 2.1 of the rota is out",
    "Lerato Molefe 120 80 72 obs done",
])
def test_label_and_value_look_alikes(text):
    assert names(text) == [] or "obs" in text and records(text) == []


@pytest.mark.parametrize("text", [
    "Dumisani Cele (ortho reg) will see the fractured femur in bed 9",
    "Faith Sibiya, our new physio, will see bed 6 and 7",
    "Neo Molefe and Karabo Sithole are the interns on ward 3 this month",
    "Phindile Nxumalo (ICU sister) says bed 2 is extubated",
    "morning all, Mrs Mkhize the ward clerk says the printer is broken again",
])
def test_staff_role_after_the_name_is_a_colleague(text):
    assert names(text) == []


@pytest.mark.parametrize("text, name", [
    ("Lindiwe Zulu, 34F, nurse, admitted with pneumonia", "Lindiwe Zulu"),
    ("Mpho Radebe (porter) brought in after a fall, GCS 14, bed 3", "Mpho Radebe"),
])
def test_staff_admitted_as_patients_are_still_found(text, name):
    assert name in names(text)
