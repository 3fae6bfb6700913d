"""Name families of issue 9, one table per family, each with benign
look-alikes: patient lists (one patient a line, fields on separate lines,
list headings), lower-case names of a patient the author knows socially,
initial + surname, a surname alone beside a folder number / DOB / lab
request, "<name> from <clinic>" with clinical values, and ``SURNAME Given``
/ ``SURNAME, Given`` orders across South African language groups and
international names. All people are synthetic.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from discreet.core import default_checker

CHECKER = default_checker()


def _covered(text: str, name: str) -> bool:
    spans = [(f.start, f.end) for f in CHECKER.check(text) if f.kind == "person_name"]
    s = text.index(name)
    e = s + len(name)
    return any(min(b, e) - max(a, s) >= 0.5 * (e - s) for a, b in spans)


def _identifiers(text: str) -> list:
    return [f for f in CHECKER.check(text) if f.policy == "identifiers"]


PATIENT_LISTS = [
    ("for theatre tomorrow:\nSELEPE Modiegi - 5521003\nGOUWS Riaan - 5521004", ["SELEPE Modiegi", "GOUWS Riaan"]),
    ("ward round list\nNtokozo Mhlongo\n30418822\nCAP\nfor d/c", ["Ntokozo Mhlongo"]),
    ("admissions overnight:\nRefiloe Ramaphosa 7700123 DKA\nCraig Abrahams 7700124 NSTEMI",
     ["Refiloe Ramaphosa", "Craig Abrahams"]),
    ("MAPHOSA Lindokuhle - 66120034\nDU TOIT Liezel - 66120035", ["MAPHOSA Lindokuhle", "DU TOIT Liezel"]),
    ("Vhutshilo Nethengwe\n0091234\nTB meningitis\nrepeat LP", ["Vhutshilo Nethengwe"]),
    ("TCIs monday:\nAdaeze Nwosu\nTsepo Mokhele\nHannelie Visser", ["Adaeze Nwosu", "Tsepo Mokhele", "Hannelie Visser"]),
    ("post-take:\n- Gugulethu Majola 4512309 sepsis\n- Ahmed Jassat 4512310 UGIB", ["Gugulethu Majola", "Ahmed Jassat"]),
    ("handover list\nnandi zulu - 3310987\nthemba khoza - 3310988", ["nandi zulu", "themba khoza"]),
    # no heading and no number: one patient a line, a diagnosis right after the name
    ("Mthunzi Zwane CAP\nIngrid Lategan DKA", ["Mthunzi Zwane", "Ingrid Lategan"]),
    ("Mthunzi Zwane, CCF, for echo\nIngrid Lategan, CKD, for HD", ["Mthunzi Zwane", "Ingrid Lategan"]),
]

LIST_LOOK_ALIKES = [
    "on call this weekend:\nLwandile Mthethwa\nAnnemarie Kotze\nDevesh Ramlall",
    "theatre list tomorrow:\n1. lap chole\n2. I&D abscess\n3. TURP",
    "staff extensions:\nSister Dube 4456\nDr Pillay 4457\nSr Jacobs 4458",
    "drugs to order:\nclexane 40mg\nceftriaxone 1g\nmetformin 500mg",
    "rota for december:\nThandiwe - nights\nSibusiso - days\nLerato - leave",
    "PERSAL numbers for the overtime claims:\nLwandile Mthethwa 12345678\nAnnemarie Kotze 23456789",
    "new starters:\nLwandile Mthethwa\nAnnemarie Kotze",
    "clinic list:\nLwandile Mthethwa - Monday\nAnnemarie Kotze - Tuesday",
    "teaching list:\nLwandile Mthethwa - ECG\nAnnemarie Kotze - ABG",
    "Lwandile Mthethwa, ext 4456, theatre 3",
    "Ward 5 rota:\nMTHETHWA Lwandile - nights\nKOTZE Annemarie - days",
    "ICU beds available: 3\nHDU beds: 2",
    "sats 94\nHb 12.1\nWCC 8.3",
    "Invoice 1234567 for the new monitors",
    "Order no 12345678 for clexane",
    "Addison 1234567",
    "stock order:\nClexane 40mg NAPPI 7012345\nAugmentin 1.2g NAPPI 7023456",
    "Lasix 7001234, Slow-K 7002345",
    "Ward 5 stock codes:\nGloves 1234567\nSyringes 2345678\nGauze 3456789",
    "call Tygerberg 0219384911 for the bed",
    "Theatre staff list:\nMthunzi Zwane - scrub\nIngrid Lategan - runner",
    "Conference attendees:\nMthunzi Zwane\nIngrid Lategan",
    "Mthunzi Zwane: ECG teaching\nIngrid Lategan: ABG teaching",
    "Mthunzi Zwane - presenting CAP at journal club\nIngrid Lategan - DKA talk",
    "Mthunzi Zwane, Ingrid Lategan and Lerato Molefe passed the ACLS course",
]

SOCIAL = [
    ("one of the moms from school, nokuthula vilakazi, was admitted to ward 4", "nokuthula vilakazi"),
    ("a fellow parent, rashid patel, was admitted last night", "rashid patel"),
    ("the guy who fixes my car, bheki mlambo, was brought into casualty", "bheki mlambo"),
    ("my neighbour zodwa mkhize came through casualty last night with a stroke", "zodwa mkhize"),
    ("a lady from my church, busi ngema, is in the ward with pneumonia", "busi ngema"),
    ("my son's rugby coach johan pienaar was admitted to ICU yesterday", "johan pienaar"),
    ("someone from our congregation, lindiwe shezi, was in resus this morning", "lindiwe shezi"),
    ("karen from book club was in casualty last night", "karen"),
]

SOCIAL_LOOK_ALIKES = [
    "one of the moms from school brought cupcakes for the ward",
    "my hairdresser says the ward looks nice",
    "my neighbour says the clinic is closed on sunday",
    "a guy from my gym said the ward is chaos",
    "a guy from my gym, sipho, works in ICU now",
    "the church was full, my friend peter said, then went to casualty for his shift",
    "the bishop of the Zion church in Moria, 77M, admitted with HIV",
]

INITIALS = [
    ("j mokoena in bed 4 needs his bloods", "j mokoena"),
    ("R.Mabena folder 1234567 pls chase the CT", "R.Mabena"),
    ("please send FBC on T Mathebula 7766554", "T Mathebula"),
    ("k naidoo bed 12 for echo", "k naidoo"),
    ("m.dlamini in cubicle 4, chest pain", "m.dlamini"),
    ("S Moodley bed 22 for d/c", "S Moodley"),
]

INITIALS += [
    ("Ndaba J 1234567 for CT", "Ndaba J"),
    ("MOKOENA T - 4456123 - CAP", "MOKOENA T"),
    ("Mokoena T. bed 4 for d/c", "Mokoena T."),
    ("please check on Mrs. Naidoo in 4B", "Mrs. Naidoo"),
]

INITIAL_LOOK_ALIKES = [
    "Smith J, Brown K et al. NEJM 2019",
    "Mokoena T is our new intern",
    "vitamin B12 for bed 4",
    "j smith from IT fixed the printer",
    "meeting with R.Smith from finance at 3",
    "s aureus in bed 4, on cloxacillin",
    "e coli in the urine of bed 9",
    "b vitamins and c reactive protein on the list",
]

SURNAME_ALONE = [
    ("Mkhabela 3456789 needs a repeat K", "Mkhabela"),
    ("Naicker DOB 12/03/1981 for echo", "Naicker"),
    ("lab request for Moloi, U&E and CRP", "Moloi"),
    ("bloods request for Govender, FBC U&E CRP", "Govender"),
    ("sithole 4455667 for FBC", "sithole"),
    ("FBC on Ramaila pls", "Ramaila"),
    ("please do a CRP for Mokoena", "Mokoena"),
    ("NHLS request for Dlamini", "Dlamini"),
]

SURNAME_LOOK_ALIKES = [
    "FBC on all new admissions",
    "CRP for tomorrow morning",
    "INR for Thursday clinic",
    "FBC on Sister Dube please",
    "Admitted by:\nLwandile Mthethwa\nAnnemarie Kotze",
    "reviewed by:\nLwandile Mthethwa 12345678",
]

FROM_CLINIC = [
    ("Nolwazi Dube from Gugulethu CHC, CD4 45, VL 120000", "Nolwazi Dube"),
    ("Koos Pretorius from Huis Lettie old age home, HbA1c 11.2", "Koos Pretorius"),
    ("Thandeka Zungu from Ngwelezana clinic, viral load suppressed", "Thandeka Zungu"),
    ("Sibongile Nkosi ex Tembisa hospital, CD4 12, cryptococcal", "Sibongile Nkosi"),
]

FROM_CLINIC_LOOK_ALIKES = [
    "Mpho Sithole from Gugulethu CHC called about the CD4 machine",
    "Sister Dube from Gugulethu CHC will do the training",
    "Elmarie Botha from Huis Rachel old age home is joining us on monday",
]

ORDERS = [
    ("MOKWENA, Tshepiso - 45F - for biopsy", "MOKWENA, Tshepiso"),
    ("NAIDOO, Priyanka 1234567", "NAIDOO, Priyanka"),
    ("OKONKWO, Chinedu - 45M - CCF", "OKONKWO, Chinedu"),
    ("VAN DER WALT, Jan-Hendrik 1122334", "VAN DER WALT, Jan-Hendrik"),
    ("Cele, Bongani 6012345 for OGD", "Cele, Bongani"),
    ("Dlamini, Sipho (4456123)", "Dlamini, Sipho"),
    ("MULAUDZI Rudzani 5566778 for MRI", "MULAUDZI Rudzani"),
    ("bed 12 Kwame Mensah, sickle crisis", "Kwame Mensah"),
    ("pt Oluwaseun Adeyemi in bed 8 for CT", "Oluwaseun Adeyemi"),
    ("booked for theatre:\n- Wei Chen 7766002\n- Abdirahman Hassan 7766003", "Abdirahman Hassan"),
]

ORDERS += [
    ("MR SIPHO DLAMINI in bed 4", "SIPHO DLAMINI"),
    ("pt MRS NAIDOO for echo", "NAIDOO"),
    ("Themba Nkosi's potassium is 6.8", "Themba Nkosi"),
    ("Zinhle Ndlovu G2P1 at 38 weeks, in labour", "Zinhle Ndlovu"),
]

ORDER_LOOK_ALIKES = [
    "MR PRICE sale on scrubs",
    "MS WORD crashed again",
    "BOTHA Pieter is the new registrar",
    "congrats to NAIDOO Priyanka on passing her exams",
    "on call: MOKOENA Thabo (ext 4456)",
]


@pytest.mark.parametrize("text,names", PATIENT_LISTS)
def test_patient_lists(text, names):
    for name in names:
        assert _covered(text, name), (text, name)


@pytest.mark.parametrize("text,name", SOCIAL + INITIALS + SURNAME_ALONE + FROM_CLINIC + ORDERS)
def test_name_families(text, name):
    assert _covered(text, name), (text, name)


@pytest.mark.parametrize("text", LIST_LOOK_ALIKES + SOCIAL_LOOK_ALIKES + INITIAL_LOOK_ALIKES + SURNAME_LOOK_ALIKES
                         + FROM_CLINIC_LOOK_ALIKES + ORDER_LOOK_ALIKES)
def test_look_alikes_stay_quiet(text):
    # (no name; numbers are judged by the number detectors, and the Zion-church case is a combination)
    assert [f for f in _identifiers(text) if f.kind == "person_name"] == [], text


def test_a_staff_heading_outweighs_the_list_layout():
    patient = "for theatre tomorrow:\nLwandile Mthethwa\nAnnemarie Kotze"
    staff = "on call tomorrow:\nLwandile Mthethwa\nAnnemarie Kotze"
    assert _covered(patient, "Lwandile Mthethwa")
    assert not _covered(staff, "Lwandile Mthethwa")


def test_a_folder_number_after_the_name_is_a_cue_by_itself():
    # directional: the same bare name gains a finding when a folder number follows it
    assert not _covered("Lwandile Mthethwa", "Lwandile Mthethwa")
    assert _covered("Lwandile Mthethwa 30418822", "Lwandile Mthethwa")
    assert _covered("Lwandile Mthethwa\n30418822", "Lwandile Mthethwa")


sys.path.insert(0, str(Path(__file__).parent))
from names_cases import FIRST, SUR  # noqa: E402


def _best(text: str) -> float:
    return max((f.score for f in CHECKER.check(text) if f.kind == "person_name"), default=0.0)


def test_directional_adding_a_bed_dob_or_folder_never_lowers_the_score():
    """Directional (CheckList): a detail that points at a patient, added after a
    name, never lowers its score; after a bare name line it makes it a finding."""
    rng = random.Random(9)
    worse, missed = [], []
    for _ in range(150):
        name = f"{rng.choice(FIRST)} {rng.choice(SUR)}"
        for base in (f"{name} for review", f"pls see {name} today", name):
            before = _best(base)
            for extra in (f" bed {rng.randrange(1, 40)}", f" DOB {rng.randrange(1, 28):02d}/0{rng.randrange(1, 9)}/19{rng.randrange(40, 99)}",
                          f" {rng.randrange(1000000, 9999999)}"):
                text = name + extra + base[len(name):] if base.startswith(name) else base + extra
                after = _best(text)
                if after < before:
                    worse.append((base, text))
                if base == name and after == 0.0:
                    missed.append(text)
    assert not worse, worse[:5]
    assert not missed, missed[:5]
