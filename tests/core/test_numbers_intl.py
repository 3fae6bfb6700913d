"""Identifier numbers of other countries and schemes (issue 9): Zimbabwe and
neighbouring countries' national IDs, Nigerian NIN, Kenyan ID, Scottish CHI,
Australian Medicare and IHI, Ontario health card, Irish PPSN, Indian Aadhaar,
US MBI, and medical-aid numbers after the names of more insurers.

Per format, through the real checker: valid values in chat wording (with a
cue, without one where the check digit allows it, in a list line after a
name), the same values with a wrong check digit, and benign look-alikes
(lab values, doses, phones, dates, bed and ward numbers, ICD-10, NAPPI and
practice numbers). Every number here is invented; the names are synthetic."""

import pytest

from discreet.core import validators

from pattern_helpers import mine  # noqa: E402


def kinds(text):
    return {(k, v) for k, v in mine(text)}


FOUND = [
    # Zimbabwe national ID: office code, number, check letter (mod 23), district
    ("Zim ID 29-0412345 R 42, no passport yet", "national_id", "29-0412345 R 42"),
    ("pt Tendai Moyo 470412345Q42 for the social worker", "national_id", "470412345Q42"),
    ("MOYO Tendai - 08-518832-Z-42 - for theatre", "national_id", "08-518832-Z-42"),
    ("her ID is 47-518832 D 42 and she's from Masvingo", "national_id", "47-518832 D 42"),
    # ...after the country's ID cue, even with a mistyped check letter
    ("Zimbabwean ID 29-0412345 S 42 on the form", "national_id", "29-0412345 S 42"),
    # neighbouring countries, Nigeria, Kenya: with their cues
    ("Mozambican ID 110100123456A for the social worker", "national_id", "110100123456A"),
    ("omang 123412345, visiting from Gaborone", "national_id", "123412345"),
    ("Basotho ID 123456789012 copied for admin", "national_id", "123456789012"),
    ("Kenyan ID 23456789 for the embassy letter", "national_id", "23456789"),
    ("Huduma Namba 34567891, on the form", "national_id", "34567891"),
    ("NIN 12345678901, Nigerian national, for the form", "national_id", "12345678901"),
    ("her nin number is 1234 567 8901", "national_id", "1234 567 8901"),
    ("Zambian NRC 123456/78/1 for the transfer", "national_id", "123456/78/1"),
    ("national ID: 12345678, passport at home", "national_id", "12345678"),
    # Scottish CHI: DDMMYY + 4, mod 11; with its cue
    ("Mrs Fraser, CHI 1509921176, bay 2", "national_id", "1509921176"),
    ("chi no: 280647 3306 for the discharge letter", "national_id", "280647 3306"),
    ("CHI number 070314-5525 pls", "national_id", "070314-5525"),
    # Australian IHI: 16 digits from 800360, Luhn; cue or not
    ("IHI 8003 6081 6123 4562 for the referral", "national_id", "8003 6081 6123 4562"),
    ("Jack Wilson 8003609901234565 for the list", "national_id", "8003609901234565"),
    # Australian Medicare: check digit; the card's 4-5-1 grouping needs no cue
    ("Medicare 2950 38171 1 for the bulk bill", "health_plan_number", "2950 38171 1"),
    ("her medicare card no is 4112664041", "health_plan_number", "4112664041"),
    ("WILSON Jack - 3555 00123 2 - lap chole", "health_plan_number", "3555 00123 2"),
    ("mcare 2950-38171-1/2 pls check", "health_plan_number", "2950-38171-1/2"),
    # Ontario health card (OHIP): 10 digits, Luhn, optional version code
    ("OHIP 9876-543-217-AB, walk-in", "health_plan_number", "9876-543-217-AB"),
    ("health card no. 4561 237 894 for the ER", "health_plan_number", "4561 237 894"),
    ("Liam Tremblay, ohip# 7123984564, admitted", "health_plan_number", "7123984564"),
    # Irish PPSN: 7 digits + mod-23 letter (+ a second letter)
    ("PPSN 7012345N for the GP letter", "national_id", "7012345N"),
    ("Siobhan Kelly, PPS number 1234567FA", "national_id", "1234567FA"),
    # Indian Aadhaar: 12 digits, Verhoeff, with its cue
    ("Aadhaar 5678 1234 9018 for the insurance form", "national_id", "5678 1234 9018"),
    ("Mr Sharma, aadhar no: 812340987658", "national_id", "812340987658"),
    ("UID 3987 4561 2300 on the consent", "national_id", "3987 4561 2300"),
    # US Medicare Beneficiary Identifier: the dashed layout alone
    ("claim for 1EG4-TE5-MK73 bounced", "health_plan_number", "1EG4-TE5-MK73"),
    ("Ruth Miller 2AC7-HJ9-KM04 needs auth", "health_plan_number", "2AC7-HJ9-KM04"),
    ("Medicare MBI 1EG4TE5MK73 for billing", "health_plan_number", "1EG4TE5MK73"),
    # medical aid / health plan numbers after more insurers' names
    ("Medibank 41266404 for theatre", "health_plan_number", "41266404"),
    ("HCF member 87654321, pre-auth?", "health_plan_number", "87654321"),
    ("Florida Blue ID XJB123456789 pls verify", "health_plan_number", "XJB123456789"),
    ("Medi-Cal 91234567A pending", "health_plan_number", "91234567A"),
    ("Sipho Dlamini, Sizwe Hosmed 00123456 dependant 01", "health_plan_number", "00123456"),
    ("med aid no 257292672 dep 02, for admission", "health_plan_number", "257292672"),
    ("Liberty Medical Scheme 7654321 for the claim", "health_plan_number", "7654321"),
    ("member no: 44556677/01 not on the system", "health_plan_number", "44556677/01"),
    # typed in lower case: the check letters and the layouts still hold
    ("her id is 47-518832 d 42, from masvingo", "national_id", "47-518832 d 42"),
    ("ruth miller 1eg4-te5-mk73 needs auth", "health_plan_number", "1eg4-te5-mk73"),
    ("ppsn 1234567fa for the gp", "national_id", "1234567fa"),
    ("nin 12345678901 for the form", "national_id", "12345678901"),
    ("ohip 9876-543-217-ab walk-in", "health_plan_number", "9876-543-217-ab"),
]


@pytest.mark.parametrize("text,kind,value", FOUND)
def test_finds(text, kind, value):
    assert (kind, value) in kinds(text), mine(text)


# A list message: every line's number is found, whatever the format.
def test_a_list_of_foreign_patients():
    text = ("for theatre tomorrow:\n"
            "MOYO Tendai - Zim ID 29-0412345 R 42 - hernia\n"
            "Fraser, Isla - CHI 1509921176 - lap chole\n"
            "Jack Wilson - Medicare 2950 38171 1 - ORIF")
    got = kinds(text)
    assert ("national_id", "29-0412345 R 42") in got
    assert ("national_id", "1509921176") in got
    assert ("health_plan_number", "2950 38171 1") in got


WRONG_CHECK = [
    "ID 29-0412345 T 42 for the form",           # wrong letter, no country cue
    "pt Tendai Moyo 470412345R42 for the social worker",
    "CHI 1509921177 for the letter",              # mod 11 fails
    "CHI 3213851235 for the letter",              # day 32
    "IHI 8003 6081 6123 4563 for the referral",  # Luhn fails
    "2950 38172 1 on the card",
    "OHIP 9876-543-218-AB, walk-in",              # Luhn fails
    "PPSN 7012345A for the GP letter",           # mod 23 fails
    "Aadhaar 5678 1234 9019 for the form",        # Verhoeff fails
    "Aadhaar 1234 5678 9012 for the form",        # never starts with 1
    "claim for 1SG4-TE5-MK73 bounced",           # S is never used in an MBI
]


@pytest.mark.parametrize("text", WRONG_CHECK)
def test_a_wrong_check_digit_is_not_an_identifier(text):
    assert not mine(text), mine(text)


BENIGN = [
    # lab values, doses, vitals, dates, times
    "Hb 12.3 WCC 11.2 plt 302 CRP 45, for review",
    "CD4 123 VL 45670 copies, HbA1c 8.1",
    "heparin 5000 units sc bd, enox 40 mg",
    "BP 120/80 HR 88 RR 18 sats 96% on 2 l",
    "seen 12/03/2024 at 14:30, f/u 3 months",
    "2123 45670 1 units of plt in the audit",     # a Medicare-shaped run, with units
    # phones, extensions, wards and beds
    "call 072 123 4567 for the family",
    "Kenyan embassy: 020 712 3456",
    "ext 5512, bleep 4412, ward 12 bed 4",
    "NIN pending, she'll bring it",
    # codes: ICD-10, NAPPI, practice numbers of doctors, CHI-square, OHIP billing codes
    "ICD-10 J18.9 and E11.9, NAPPI 712345001",
    "Dr Naidoo practice no 1234567 for the claim",
    "chi-square 1509921176 in the appendix",
    "OHIP billing code A007 fee 1234",
    "the IHI project 2024-2025 budget",
    # countries and their IDs named, no number
    "Zim ID expired, pt from Masvingo",
    "Kenyan ID 0825551234 is the embassy line",   # a phone, not an ID
    "national ID 2024 campaign at the clinic",
    "omang 12.5 kg",
    "Medibank claims portal is down again",
    "Sun Life is the insurer, card at home",
    # the MBI shape needs its letters where the CMS puts them
    "HbA1c 1EG4 done, repeat in 3/12",
    "lot 12AB-CD3-EF45 recalled",
    # a lower-case x between numbers is a times sign, not a Zimbabwe check letter
    "grid 12-345678 x 12 on the sheet",
]


@pytest.mark.parametrize("text", BENIGN)
def test_benign_look_alikes(text):
    # (a phone is the contacts rules' business: here no ID, record or plan number)
    got = [(k, v) for k, v in mine(text) if k in ("national_id", "record_number", "health_plan_number")]
    assert not got, got


def test_validators_check_what_they_say():
    assert validators.zw_id("50-2001148W50") and not validators.zw_id("50-2001148X50")
    assert validators.chi("1203851235") and not validators.chi("1213851235")
    assert validators.au_medicare("2123 45670 1") and not validators.au_medicare("2123 45671 1")
    assert validators.au_medicare("21234567011") and not validators.au_medicare("21234567010")
    assert validators.au_ihi("8003601234567894") and not validators.au_ihi("8003611234567893")
    assert validators.ohip("1234567897") and not validators.ohip("0234567897")
    assert validators.ie_pps("1234567T") and validators.ie_pps("1234567FA") and not validators.ie_pps("1234567A")
    assert validators.aadhaar("2345 6789 0124") and not validators.aadhaar("2345 6789 0125")


# --- generated cases: many invented values per format --------------------------
# Values drawn at random (fixed seed) and completed with their real check digit
# or letter, written in the format's usual groupings, in chat sentences with a
# cue, without one where the rule allows it, and on a patient-list line after a
# name; the same values with the check broken must not be found.

import random  # noqa: E402

from stdnum import luhn as _luhn, verhoeff as _verhoeff  # noqa: E402
from stdnum.gb import nhs as _nhs  # noqa: E402

_ZW = "ZABCDEFGHJKLMNPQRSTVWXY"
_PPS = "WABCDEFGHIJKLMNOPQRSTUV"
_NAMES = [("Tendai", "Moyo"), ("Isla", "Fraser"), ("Jack", "Wilson"), ("Liam", "Tremblay"),
          ("Siobhan", "Kelly"), ("Priya", "Sharma"), ("Ruth", "Miller"), ("Chipo", "Banda")]


def _zw(r, bad=False):
    office, num = f"{r.randint(2, 86):02d}", str(r.randint(100000, 9999999))
    i = int(office + num) % 23
    letter = _ZW[(i + 1) % 23 if bad else i]
    dist = f"{r.randint(2, 86):02d}"
    return r.choice([f"{office}-{num} {letter} {dist}", f"{office}{num}{letter}{dist}",
                     f"{office}-{num}-{letter}-{dist}", f"{office}-{num}{letter}{dist}"])


def _chi(r, bad=False):
    while True:
        d = f"{r.randint(1, 28):02d}{r.randint(1, 12):02d}{r.randint(0, 99):02d}{r.randint(0, 999):03d}"
        ok = [c for c in range(10) if _nhs.is_valid(d + str(c))]
        if ok:
            c = (ok[0] + 1) % 10 if bad else ok[0]
            v = d + str(c)
            return r.choice([v, f"{v[:6]} {v[6:]}", f"{v[:6]}-{v[6:]}", f"{v[:3]} {v[3:6]} {v[6:]}"])


def _ihi(r, bad=False):
    b = "800360" + "".join(str(r.randint(0, 9)) for _ in range(9))
    c = int(_luhn.calc_check_digit(b))
    v = b + str((c + 1) % 10 if bad else c)
    return r.choice([v, " ".join(v[i:i + 4] for i in range(0, 16, 4))])


def _medicare(r, bad=False):
    b = str(r.randint(2, 6)) + "".join(str(r.randint(0, 9)) for _ in range(7))
    c = sum(int(a) * w for a, w in zip(b, (1, 3, 7, 9, 1, 3, 7, 9))) % 10
    v = b + str((c + 1) % 10 if bad else c) + str(r.randint(1, 9))
    return f"{v[:4]} {v[4:9]} {v[9]}"


def _ohip(r, bad=False):
    b = str(r.randint(1, 9)) + "".join(str(r.randint(0, 9)) for _ in range(8))
    c = int(_luhn.calc_check_digit(b))
    v = b + str((c + 1) % 10 if bad else c)
    vc = r.choice(["", "AB", "K", "ZZ"])
    g = r.choice([v, f"{v[:4]}-{v[4:7]}-{v[7:]}", f"{v[:4]} {v[4:7]} {v[7:]}"])
    return (g + r.choice([" ", "-", ""]) + vc) if vc else g


def _pps(r, bad=False):
    d = f"{r.randint(0, 9999999):07d}"
    second = r.choice(["", "A"])
    s = sum(int(x) * w for x, w in zip(d, range(8, 1, -1))) + (9 * (ord(second) - 64) if second else 0)
    return d + _PPS[(s % 23 + 1) % 23 if bad else s % 23] + second


def _aadhaar(r, bad=False):
    while True:
        b = str(r.randint(2, 9)) + "".join(str(r.randint(0, 9)) for _ in range(10))
        c = int(_verhoeff.calc_check_digit(b))
        v = b + str((c + 1) % 10 if bad else c)
        if v != v[::-1]:
            return r.choice([v, f"{v[:4]} {v[4:8]} {v[8:]}", f"{v[:4]}-{v[4:8]}-{v[8:]}"])


_MBI_L = "ACDEFGHJKMNPQRTUVWXY"


def _mbi(r, bad=False):
    an = _MBI_L + "0123456789"
    v = (str(r.randint(1, 9)) + r.choice(_MBI_L) + r.choice(an) + str(r.randint(0, 9)) + "-" + r.choice(_MBI_L)
         + r.choice(an) + str(r.randint(0, 9)) + "-" + r.choice(_MBI_L) + r.choice(_MBI_L) + f"{r.randint(0, 99):02d}")
    return v[:1] + r.choice("SLOIBZ") + v[2:] if bad else v


# format: (generator, kind, sentences with a cue, sentences without one (the check alone))
_FORMATS = {
    "zimbabwe id": (_zw, "national_id", ["Zim ID {v}, no passport", "Zimbabwean ID no: {v} pls copy"],
                    ["her ID is {v} and she's from Masvingo", "{F} {S} {v} for the social worker",
                     "{SU} {F} - {v} - hernia"]),
    "scottish chi": (_chi, "national_id", ["CHI {v} for the letter", "{F} {S}, chi no: {v}, bay 2"], []),
    "australian ihi": (_ihi, "national_id", ["IHI {v} for the referral"], ["{F} {S} {v} for the list"]),
    "australian medicare": (_medicare, "health_plan_number", ["Medicare {v} for the bulk bill"],
                            ["{SU} {F} - {v} - lap chole", "card says {v}, pls check"]),
    "ontario health card": (_ohip, "health_plan_number", ["OHIP {v}, walk-in", "{F} {S}, health card no. {v}"], []),
    "irish ppsn": (_pps, "national_id", ["PPSN {v} for the GP letter", "{F} {S}, PPS number {v}"], []),
    "indian aadhaar": (_aadhaar, "national_id", ["Aadhaar {v} for the insurance form", "{F} {S}, aadhar no: {v}"], []),
    "us mbi": (_mbi, "health_plan_number", ["Medicare MBI {v} for billing"], ["claim for {v} bounced", "{F} {S} {v} needs auth"]),
}


# Zimbabwe: the country's ID cue takes a mistyped letter; Medicare and MBI: the
# health-plan rule takes any number after 'Medicare'.
_CUE_FORGIVES = {"zimbabwe id", "australian medicare", "us mbi"}


def _cases(fmt, bad, n=40, seed=9):
    gen, kind, cued, bare = _FORMATS[fmt]
    r = random.Random(f"{fmt}-{seed}-{bad}")
    templates = cued + bare
    if bad and fmt in _CUE_FORGIVES:   # there a cue rightly stands in for a mistyped check
        templates = bare
    if bad and fmt in ("australian medicare", "us mbi"):
        templates = [t for t in templates if "{F}" not in t]   # after a name, any number is a folder number
    out = []
    for i in range(n if templates else 0):
        f, s = _NAMES[i % len(_NAMES)]
        v = gen(r, bad)
        out.append((templates[i % len(templates)].format(v=v, F=f, S=s, SU=s.upper()), kind, v))
    return out


@pytest.mark.parametrize("fmt", sorted(_FORMATS))
def test_generated_valid_values_are_found(fmt):
    missed = [(t, mine(t)) for t, kind, v in _cases(fmt, False) if (kind, v) not in kinds(t)]
    assert not missed, f"{len(missed)} of 40 missed, e.g. {missed[:3]}"


@pytest.mark.parametrize("fmt", sorted(_FORMATS))
def test_generated_broken_checks_are_not_found(fmt):
    cases = _cases(fmt, True)
    assert len(cases) == 40
    found = [(t, mine(t)) for t, kind, v in cases
             if any(k in ("national_id", "health_plan_number") for k, _ in mine(t))]
    assert not found, f"{len(found)} found, e.g. {found[:3]}"


def test_the_behavioural_suites_values_carry_valid_checks():
    """bots/evaluation's generator for this capability writes real check digits."""
    import random as _r
    import re
    from discreet.bots.evaluation import values as V
    rng = _r.Random(5)
    check = {"zw_id": validators.zw_id, "chi": validators.chi, "ihi": validators.au_ihi, "au_medicare": validators.au_medicare,
             "ohip": validators.ohip, "pps": validators.ie_pps, "aadhaar": validators.aadhaar}
    seen = set()
    for _ in range(400):
        v = V.intl_id(rng)
        if v.scheme in check:
            num = re.sub(r"^(?:Zim ID|CHI no|chi number|CHI|OHIP|PPSN|Aadhaar) ", "", v.text)
            assert check[v.scheme](num), (v.scheme, v.text)
            seen.add(v.scheme)
    assert seen == set(check)
