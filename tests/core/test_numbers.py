"""Identifier numbers: national IDs, record numbers, medical-aid numbers.

Tables of true and false cases per kind, run through the real checker; the
pattern-rule engine's refusals of broken packs; odd Unicode; and a 100 KB
adversarial input (a catastrophic regex would hang this test)."""

import textwrap
from pathlib import Path

import pytest

from discreet.core import PolicyError, default_checker
from discreet.core.detectors import numbers
from discreet.core.detectors.numbers import Spans, _alternation
from discreet.core.policy import load_pack
from discreet.core import validators

from pattern_helpers import CHECKER, mine, only_ours  # noqa: E402,F401


TRUE = [
    # SA ID: run together, spaced, dashed, dotted; with and without a cue
    ("MVA pt now ID'd as Neo Moloi, 5811046935081, per SAPS", "national_id", "5811046935081"),
    ("ID no 471227 3834 081, Discovery 480569402", "national_id", "471227 3834 081"),
    ("id: 800101-5009-087 for the booking", "national_id", "800101-5009-087"),
    ("RSA ID 800101.5009.087", "national_id", "800101.5009.087"),
    ("Brendon Mentoor\n751030 6737 082\n072 471 5760", "national_id", "751030 6737 082"),
    ("identity number: 0304065836088 (she's 21)", "national_id", "0304065836088"),
    # NHS numbers with the cue, in the usual spacings
    ("Mr Neil Barnett, NHS no 490 389 2433, in bay 7", "national_id", "490 389 2433"),
    ("NHS number: 490-389-2433", "national_id", "490-389-2433"),
    ("nhs#4903892433 for the GP letter", "national_id", "4903892433"),
    # US SSN
    ("Dillon Juarez, MRN 6057155731, SSN 277-07-8020", "national_id", "277-07-8020"),
    ("social security no. 277 07 8020", "national_id", "277 07 8020"),
    # passports with a cue
    ("no SA ID, passport EN377465. name Tinashe", "national_id", "EN377465"),
    ("Zim passport no: FN280614", "national_id", "FN280614"),
    ("passport number 123456789, Malawian", "national_id", "123456789"),
    # record numbers, by cue
    ("Itumeleng Mokgadi, folder 13474842 😂", "record_number", "13474842"),
    ("(folder number 76431327)", "record_number", "76431327"),
    ("fol no. 4529480", "record_number", "4529480"),
    ("folder#59800786 sorry wrong folder earlier", "record_number", "59800786"),
    ("hosp no 0777363, born 22.01.73", "record_number", "0777363"),
    ("hospital number: 0625680", "record_number", "0625680"),
    ("MRN: R6366457", "record_number", "R6366457"),
    ("mrn 825567379 for billing", "record_number", "825567379"),
    ("check PACS, acc no CT93-190466", "record_number", "CT93-190466"),
    ("accession number XR64-458314", "record_number", "XR64-458314"),
    ("NHLS episode DU79429408. who's covering", "record_number", "DU79429408"),
    ("lab no. JE61136202", "record_number", "JE61136202"),
    ("lab episode GT16704211, GXP not showing", "record_number", "GT16704211"),
    ("pt no 30137086", "record_number", "30137086"),
    ("file no: 22926232", "record_number", "22926232"),
    ("clinicom 1234567 not found", "record_number", "1234567"),
    # ward-sticker labels
    ("bloods for MARUFU, Memory (F6881503) came back", "record_number", "F6881503"),
    ("bloods for NXUMALO, Mthokozisi (9697486): Hb 4.6", "record_number", "9697486"),
    ("Gerhard Bosman (6606647) back from theatre", "record_number", "6606647"),
    # a bracket after a person's name, no cue word: the name is the cue
    ("death cert for Kagiso Mabuza (647-1801-1) not done", "record_number", "647-1801-1"),
    ("Mr Botha (123-4567-8) for theatre", "record_number", "123-4567-8"),
    ("pls review Lerato Mokoena (2231 884) today", "record_number", "2231 884"),
    ("Gogo Zulu (F7712345) needs a bed", "record_number", "F7712345"),
    # ... and ten digits with a valid NHS check digit are the NHS number
    ("bloods for Thabo Nkosi (398 259 7919) still pending", "national_id", "398 259 7919"),
    ("Mrs Patel (6786981984) needs a side room", "national_id", "6786981984"),
    ("pls see Sipho Ndlovu (634-648-4850) in bay 3", "national_id", "634-648-4850"),
    ("SMITH, Oliver (171 861 5981) for the list", "national_id", "171 861 5981"),
    ("Ms van der Merwe (5521901531) for the list", "national_id", "5521901531"),
    ("Johan du Toit ( 1234567 ) for the list", "record_number", "1234567"),
    # medical aid / insurance
    ("Tebogo Phahlane, Discovery 296429176: CT not pre-authed", "health_plan_number", "296429176"),
    ("Schalk Botha for theatre, Bonitas 8074887", "health_plan_number", "8074887"),
    ("med aid no 257292672. transfer?", "health_plan_number", "257292672"),
    ("GEMS no 00050178, admitted under Dr Nkqayi", "health_plan_number", "00050178"),
    ("insurance ID MLR554365246, chest pain", "health_plan_number", "MLR554365246"),
    ("medical aid number 878601352", "health_plan_number", "878601352"),
    ("medical aid: Momentum, no 998877665", "health_plan_number", "998877665"),
    ("Sizwe Hosmed member no 12345678", "health_plan_number", "12345678"),
    ("Medicaid ID 987654321", "health_plan_number", "987654321"),
    ("Bupa membership number 12345678", "health_plan_number", "12345678"),
    # issue 9 round 2: hospital-coded folder numbers, with or without a cue
    ("Thandeka Mthembu KEH-2023-55871 for repeat echo", "record_number", "KEH-2023-55871"),
    ("hosp no GSH 512 3371 - needs a bed on C14", "record_number", "GSH 512 3371"),
    ("folder number TK 19-66204 pls pull the old notes", "record_number", "TK 19-66204"),
    ("script for Nomvula Zungu P-448120 ready at pharmacy", "record_number", "P-448120"),
    ("Grace Pillay CHB 739 9934 for review", "record_number", "CHB 739 9934"),
    ("Sophie Ramsamy - 6114 07458 - an ectopic", "record_number", "6114 07458"),
    ("floder no 85-319656 in ward 5", "record_number", "85-319656"),
    # lab, pathology and imaging accession numbers
    ("specimen HS22-104553 still not reported", "record_number", "HS22-104553"),
    ("x-ray ref XR-2024-0031187 pls review", "record_number", "XR-2024-0031187"),
    ("histo no H23-11872 came back as adenoca", "record_number", "H23-11872"),
    ("CT ref 88231045 for the radiologist", "record_number", "88231045"),
    # every number of a list after one cue
    ("MRN 5502198, 5502307, 5509944 all for ward round", "record_number", "5502307"),
    ("MRN 5502198, 5502307, 5509944 all for ward round", "record_number", "5509944"),
    ("hosp nos: D1234567, D2234518 & D3349821", "record_number", "D3349821"),
    # medical-aid numbers after a scheme name, grouped
    ("Insurance ID XKB 448 2210 77 for the claim", "health_plan_number", "XKB 448 2210 77"),
    ("please get authorisation from Cigna, member number 231 967 825", "health_plan_number", "231 967 825"),
    ("medical aid: Discovery 573 381 192 1", "health_plan_number", "573 381 192 1"),
    ("she's GEMS 0044-8812-3 so check the formulary", "health_plan_number", "0044-8812-3"),
    ("BCBS XYP884512337, he's on the PPO", "health_plan_number", "XYP884512337"),
    # asylum-seeker, refugee and work permits
    ("asylum permit ZWE-0041287 expired last month", "national_id", "ZWE-0041287"),
    ("refugee ID COD-2210348 for the social worker", "national_id", "COD-2210348"),
    ("asylum seeker permit no. ETH 0023871", "national_id", "ETH 0023871"),
]


@pytest.mark.parametrize("text,kind,value", TRUE)
def test_finds(text, kind, value):
    assert (kind, value) in mine(text), mine(text)


FALSE = [
    # checksums that fail
    "ref 8001015009088 for the clinic",          # bad Luhn digit
    "8013015009087",                              # month 13
    "NHS no 490 389 2434",                        # bad mod-11
    "SSN 666-12-3456",                            # never issued
    # vital signs, labs, doses, gestation, follow-up, times, beds, wards
    "BP 180/61, HR 137, sats 78% on RA, temp 37.1",
    "K 7.8 on the gas, calcium gluconate + insulin-dextrose given",
    "Hb 10.9, K 5.4, INR 6.2 - for FFP?",
    "CD4 615, VL 1.2 million - for CrAg and start TLD in 2/52",
    "CD4 63, VL 1200000 - for CrAg",
    "Viral load (1200000) - for CrAg",
    "plt 150000, WCC 12.3",
    "aspirin 300mg, vancomycin 1g IV bd, review in 3/12",
    "20F 21/40 PV bleed, for scan",
    "handover at 08:00 in the ward 7 tea room",
    "bed 26 19M COPD exacerbation, obs stable, for d/c",
    "ext 5743 for bed management, they said 7 beds in ward 9",
    "who's the surgeon on call? bleep 4634 not answering",
    "18G cannulas x 20 in the resus trolley",
    "lot no D95159 of ceftriaxone has been recalled, check your stock",
    "as per KDIGO 2024, hold the metformin below eGFR 30",
    "coded as G40.9, billing happy now",
    "loadshedding stage 4 from 14:00 - check the ventilators",
    "medical aid declined, can we transfer to King Edward?",
    "Discovery of a 3cm mass on CT",
    "passport photos at 10 in the admin block",
    "lab called with critical K 7.2 on bed 4",
    "CT 12345 slices reconstructed",
    "pt 4 in resus",
    "scheme 2 of the 2023 protocol",
    # a bracket after a drug, device or English words: no name, no cue
    "Amoxicillin Clavulanate (1234567) out of stock",
    "Medtronic Pump (3982597919) broken again",
    "Grace Period (1234567) ends friday",
    # a bracket after a name holding a date, years, hours, a phone, a failed NHS check
    "Thabo Nkosi (12-03-2026) for theatre",   # (a year back or more, the dates rules call it a DOB)
    "Mr Dube (1945-2024) funeral on sat",
    "Dr Naidoo (0800-1600) covering",
    "Sipho Ndlovu (634 648 4851) in bay 3",
    "Mike Jones (212 555 0187) re his mum",
    "call Thabo Nkosi (398 259 7919) about his results",
    # study, trial, protocol, batch, lot, reference and billing numbers
    "study ID RCT-2025-014 for the trial",
    "study no 12345678, consent signed",
    "protocol no 2025-01455 amended",
    "batch no 1234567 recalled",
    "lot number 7654321 expired",
    "ref no 12345678 for the tender",
    "reference number 87654321 for the complaint",
    "invoice no 12345678 from the supplier",
    "NAPPI code 7123456 for the script",
    "pt on the DISCOVER trial, protocol folder 1234567",
    # look-alikes of the coded, grouped and listed forms
    "lot no LKB-2024-00412 of the cefazolin was recalled",
    "batch AB 123 4567 in the fridge",
    "ticket INC-2024-118830 for the printer",
    "study ref STU-2023-00412 for the trial",
    "Policy 2023-118 update for staff",
    "CT ref 12 mm nodule, specimen 2 of 3 sent",
    "work permit expired, HR says; permit for the event 2024 approved",
    "Thabo Nkosi 2019 2024 admissions reviewed",
    "VL 1 200 000 copies, for switch",
    "Momentum 2024 conference in Durban",
]


@pytest.mark.parametrize("text,value", [
    ("MRN 5502198, 2 units given", "5502198"),
    ("folder 1234567, 12/03/2024 admitted", "1234567"),
    ("hosp no 1234567, ext 55123", "1234567"),
])
def test_a_list_after_a_cue_takes_numbers_not_doses_dates_or_extensions(text, value):
    assert mine(text) == [("record_number", value)]


@pytest.mark.parametrize("text", FALSE)
def test_hard_negatives(text):
    assert mine(text) == []


def test_full_width_digits_and_zero_width_spaces_map_back_to_the_original():
    # full-width digits (NFKC folds them) and a zero-width space inside the number
    text = "pt ID \uff18\uff10\uff10\uff11\uff10\uff11\uff15\uff10\uff10\uff19\uff10\uff18\uff17 for CT"
    (kind, got), = mine(text)
    assert kind == "national_id" and got == text[6:19]
    text = "folder 1347\u200b4842 and ID 800101\u200b5009087"
    got = mine(text)
    assert ("record_number", "1347\u200b4842") in got
    assert ("national_id", "800101\u200b5009087") in got


def test_bad_luhn_13_digits_is_not_an_sa_id_but_good_one_is():
    assert not validators.za_id("8001015009088")
    assert validators.za_id("800101 5009 087")
    assert not validators.za_id("80010150090")
    # the shape without the check digit (after an explicit ID cue)
    assert validators.za_id_date("8001015009088") and validators.za_id_date("800101 5009 087")
    assert not validators.za_id_date("8013015009088")      # month 13
    assert not validators.za_id_date("8001015009588")      # citizenship digit 5
    assert not validators.za_id_date("800101500908")       # 12 digits


def test_plausible_date_run_together_and_years_back():
    assert validators.plausible_date("140982", compact=True)          # DDMMYY
    assert validators.plausible_date("19820914", compact=True)        # YYYYMMDD
    assert validators.plausible_date("14091982", compact=True)        # DDMMYYYY
    assert not validators.plausible_date("999999", compact=True)
    assert not validators.plausible_date("1234567", compact=True)
    import datetime as dt
    this = dt.date.today().year
    assert validators.plausible_date(f"12 March {this}")
    assert not validators.plausible_date(f"12 March {this}", min_years_ago=1)
    assert validators.plausible_date(f"12 March {this - 3}", min_years_ago=1)


def test_person_reject_list_rules_the_name_out():
    # "Ward" is also a surname, but before a number a ward it is (the price:
    # a patient surnamed Ward needs another cue)
    assert mine("COVID Ward 123456 today") == []
    assert mine("Theatre Booking 1234567") == []
    assert ("record_number", "123456") in mine("Sipho Naidoo 123456 for theatre")


def test_validators_check_what_they_say():
    assert validators.nhs("490 389 2433") and not validators.nhs("490 389 2434")
    assert validators.ssn("336-31-9333") and not validators.ssn("000-12-3456")
    assert validators.luhn("79927398713") and not validators.luhn("79927398710")


def test_adversarial_100kb_digits_spaces_and_dashes():
    unit = "8001015009087 " + "8 0 0 1 0 1 - 5 0 0 9 . 0 8 7 " + "-" * 50 + "0" * 50 + " "
    text = (unit * (100 * 1024 // len(unit) + 1))[:100 * 1024]
    found = only_ours(text)
    # every run-together ID is found, nothing else is
    assert {k for k, _ in found} == {"national_id"}
    assert len(found) == text.count("8001015009087 ")
    digits_only = "9" * (100 * 1024)
    assert only_ours(digits_only) == []


def test_spans_union():
    s = Spans([(10, 20), (30, 40)])
    assert s.overlaps(15, 16) and s.overlaps(5, 11) and s.overlaps(39, 50)
    assert not s.overlaps(20, 30) and not s.overlaps(0, 10) and not s.overlaps(40, 45)
    s.add(18, 32)
    assert s.starts == [10] and s.ends == [40]
    s.add(50, 60)
    s.add(0, 5)
    assert list(zip(s.starts, s.ends)) == [(0, 5), (10, 40), (50, 60)]


def test_word_list_alternation_prefers_the_longest_and_folds_case():
    import re
    rx = re.compile("(?:" + _alternation(["Cape", "Cape Town", "Du Noon", "Durban"]) + r")\b", re.I)
    assert [m.group() for m in rx.finditer("CAPE  town, cape, du noon, durban, dun")] == \
        ["CAPE  town", "cape", "du noon", "durban"]


# ---- a broken pack names file, rule and field --------------------------------

GOOD = """
[[rule]]
id = "t-1"
detector = "numbers"
kind = "record_number"
severity = "high"
section = "patient-confidentiality"
why = "test"
"""


def _pack(tmp_path: Path, extra: str):
    root = tmp_path / "policies"
    (root / "identifiers").mkdir(parents=True)
    (root / "identifiers" / "t.toml").write_text(GOOD + textwrap.dedent(extra))
    return load_pack("identifiers", root)


@pytest.mark.parametrize("extra,field,msg", [
    ("", "pattern", "required"),
    ("pattern = '(?P<v>\\d{5'\n", "pattern", "does not compile"),
    ("pattern = '{{nope}}'\n", "pattern", "unknown fragment"),
    ("pattern = '{{list:nope}}'\n", "pattern", "word list"),
    ("pattern = '{{cues}}'\n", "cues", "lists none"),
    ("pattern = '\\d+'\nvalidator = 'crc99'\n", "validator", "unknown validator"),
    ("pattern = '\\d+'\nvalidator = 'phone'\nvalidator_args = {exclude_types = ['LANDLINE']}\n", "validator_args", "unknown phone"),
    ("pattern = '\\d+'\nmin_digits = -1\n", "min_digits", "non-negative"),
    ("pattern = '\\d+'\nveto_before = ['(']\n", "veto_before", "does not compile"),
    ("pattern = '\\d+'\nrequires_any = ['NHS']\n", "requires_any", "lower-case"),
    ("pattern = '\\d+'\nveto_window = 999\n", "veto_window", "1 to 200"),
    ("pattern = '\\d+'\nneeds_before = ['{{cues}}']\n", "needs_before", "lists none"),
    ("pattern = '(?P<v>\\d+)'\nperson = { group = 'n' }\n", "person", "group"),
    ("pattern = '(?P<n>x)(?P<v>\\d+)'\nperson = { group = 'n', names = ['nope'] }\n", "person", "word list"),
    ("pattern = '(?P<n>x)(?P<v>\\d+)'\nperson = { group = 'n', reject = ['nope'] }\n", "person", "word list"),
    ("pattern = '(?P<v>\\d+)'\nperson = { group = 'n', on = 'after' }\n", "person", "needs needs_after"),
    ("pattern = '(?P<v>\\d+)'\nperson = { group = 'n', on = 'sideways' }\n", "person", "must be"),
    ("pattern = '(?P<v>\\d+)'\nneeds_after = ['(?P<m>x)']\nperson = { group = 'n', on = 'after' }\n", "person", "group must"),
    ("pattern = '(?P<v>\\d+)'\nneeds_after = ['(']\n", "needs_after", "does not compile"),
])
def test_broken_rule_is_refused_with_file_rule_and_field(tmp_path, extra, field, msg):
    pack = _pack(tmp_path, extra)
    with pytest.raises(PolicyError) as e:
        numbers.Detector(pack)
    err = e.value
    assert err.file.endswith("t.toml") and err.rule == "t-1" and err.field == field
    assert msg in str(err)


def test_fragment_that_refers_to_itself_is_refused(tmp_path):
    pack = _pack(tmp_path, "pattern = '{{loop}}'\n[fragments]\nloop = 'a{{loop}}'\n")
    with pytest.raises(PolicyError, match="nest too deep"):
        numbers.Detector(pack)


def test_a_number_after_a_colleagues_name_is_not_a_patients_folder():
    from discreet.core.findings import Context
    staff = Context.make(staff_names=["Thabo Nkosi", "Dr Lerato Mokoena"])
    for text in ("NKOSI Thabo - 1234567", "Lerato Mokoena D1234567 for the roster", "Thabo Nkosi\n1234567"):
        assert [f for f in CHECKER.check(text, staff) if f.kind == "record_number"] == [], text
        assert [f for f in CHECKER.check(text) if f.kind == "record_number"], text
    # a patient in the same list is still found
    text = "NKOSI Thabo - 1234567\nDLAMINI Sipho - H0012345"
    got = [text[f.start:f.end] for f in CHECKER.check(text, staff) if f.kind == "record_number"]
    assert got == ["H0012345"]


def test_the_ascii_twins_find_what_the_rules_find_on_ascii_text():
    """A pattern rule read for plain ASCII text (re.ASCII: table look-ups)
    finds exactly what the rule finds; a text with a \\x1c-\\x1f separator
    (whitespace to Unicode \\s only) or any non-ASCII character keeps the rule."""
    det = [d for d in CHECKER.detectors if hasattr(d, "compiled")]
    twins = [pr for d in det for pr in d.compiled if pr.ascii is not None]
    assert len(twins) >= 20
    texts = [t for pr in twins for t in (*pr.rule.match_examples, *pr.rule.no_match_examples) if t.isascii()]
    texts += [t.replace(" ", "\x1c") for t in texts[:50]] + ["Folder\x1f5501234", "bed 4\x1dDOB 12/03/1961"]
    for pr in twins:
        for t in texts:
            for a, b in ((pr.rx, pr.ascii.rx), (pr.veto_before, pr.ascii.veto_before), (pr.veto_value, pr.ascii.veto_value)):
                if a is None or not numbers.plain(t):
                    continue
                assert [(m.span(), m.groups()) for m in a.finditer(t)] == [(m.span(), m.groups()) for m in b.finditer(t)]
            got = list(pr.ascii.candidates(t)) if numbers.plain(t) else list(pr.candidates(t))
            assert got == list(pr.candidates(t)), (pr.rule.id, t)
    assert not numbers.plain("Folder\x1f5501234") and not numbers.plain("Ms Zoë 5501234") and numbers.plain("Folder 5501234")
