"""Synthetic identifiers for the behavioural suite, made by code with valid
checksums (python-stdnum) and several written forms each.

Every generator takes a ``random.Random`` and returns a ``Value``: the text
as first written, an alternative grouping of the same value (for the
"other digit grouping" invariance test), and for names the ``SURNAME
Firstname`` order. The people and numbers are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import phonenumbers
from stdnum import luhn
from stdnum import verhoeff
from stdnum.gb import nhs as stdnum_nhs
from stdnum.us import ssn as stdnum_ssn
from stdnum.za import idnr as stdnum_idnr


@dataclass(frozen=True)
class Value:
    kind: str | None        # the finding kind this value should produce; None for a filler
    text: str               # as written by default
    regrouped: str | None = None   # the same value, other digit grouping / date format
    reordered: str | None = None   # names: "SURNAME Firstname"
    scheme: str | None = None      # za_id, nhs, ssn, phone, ... (for the generator's own tests)

    def render(self, grouping: bool = False, surname_first: bool = False) -> str:
        if surname_first and self.reordered:
            return self.reordered
        if grouping and self.regrouped:
            return self.regrouped
        return self.text


def _lines(name: str) -> tuple[str, ...]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=None)
def first_names() -> tuple[str, ...]:
    return _lines("first_names.txt")


@lru_cache(maxsize=None)
def surnames() -> tuple[str, ...]:
    return _lines("surnames.txt")


def _other(rng: random.Random, forms: list[str], chosen: str) -> str | None:
    rest = [f for f in dict.fromkeys(forms) if f != chosen]
    return rng.choice(rest) if rest else None


def _pick(rng: random.Random, forms: list[str], weights=None) -> tuple[str, str | None]:
    chosen = rng.choices(forms, weights=weights)[0] if weights else rng.choice(forms)
    return chosen, _other(rng, forms, chosen)


@lru_cache(maxsize=None)
def rare_first_names() -> tuple[str, ...]:
    return _lines("rare_first_names.txt")


@lru_cache(maxsize=None)
def rare_surnames() -> tuple[str, ...]:
    return _lines("rare_surnames.txt")


# --- people ----------------------------------------------------------------

def person(rng: random.Random, rare: bool = False) -> Value:
    if rare:
        first, last = rng.choice(rare_first_names()), rng.choice(rare_surnames())
    else:
        first, last = rng.choice(first_names()), rng.choice(surnames())
    return Value("person_name", f"{first} {last}", reordered=f"{last.upper()} {first}", scheme="name")


def initial_surname(rng: random.Random) -> Value:
    """An initial and a surname: "T Mokoena", "T.Mokoena", "t. mokoena"."""
    first, last = rng.choice(first_names()), rng.choice(surnames())
    forms = [f"{first[0]} {last}", f"{first[0]}.{last}", f"{first[0]}. {last}", f"{first[0].lower()} {last.lower()}"]
    text, _ = _pick(rng, forms, [3, 2, 2, 1])
    return Value("person_name", text, reordered=f"{last.upper()} {first[0]}", scheme="name")


def surname_alone(rng: random.Random) -> Value:
    return Value("person_name", rng.choice(surnames()), scheme="name")


def colleague_first(rng: random.Random) -> Value:
    return Value(None, rng.choice(first_names()))


def colleague_surname(rng: random.Random) -> Value:
    return Value(None, rng.choice(surnames()))


# --- national numbers ------------------------------------------------------

def _birth_date(rng: random.Random, lo: int = 1935, hi: int = 2020) -> dt.date:
    start, end = dt.date(lo, 1, 1).toordinal(), dt.date(hi, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(start, end))


def za_id_digits(rng: random.Random) -> str:
    """A South African ID number: YYMMDD, SSSS (gender), C (citizenship), 8, Luhn."""
    while True:
        born = _birth_date(rng, 1940, 2005)
        body = f"{born:%y%m%d}{rng.randint(0, 9999):04d}{rng.choice('0001')}8"
        number = body + luhn.calc_check_digit(body)
        if stdnum_idnr.is_valid(number):
            return number


def za_id(rng: random.Random) -> Value:
    d = za_id_digits(rng)
    forms = [d, f"{d[:6]} {d[6:10]} {d[10:]}", f"{d[:6]} {d[6:10]} {d[10:12]} {d[12]}"]
    text, alt = _pick(rng, forms, [3, 2, 1])
    return Value("national_id", text, alt, scheme="za_id")


def nhs_digits(rng: random.Random) -> str:
    """A UK NHS number: nine digits and a modulus-11 check digit (10 is never issued)."""
    while True:
        body = f"{rng.randint(400_000_000, 799_999_999)}"
        check = 11 - sum(int(c) * w for c, w in zip(body, range(10, 1, -1))) % 11
        if check == 10:
            continue
        number = body + str(0 if check == 11 else check)
        if stdnum_nhs.is_valid(number):
            return number


def nhs(rng: random.Random) -> Value:
    d = nhs_digits(rng)
    forms = [f"{d[:3]} {d[3:6]} {d[6:]}", d, f"{d[:3]}-{d[3:6]}-{d[6:]}"]
    text, alt = _pick(rng, forms, [3, 2, 1])
    return Value("national_id", text, alt, scheme="nhs")


def ssn_digits(rng: random.Random) -> str:
    """A US SSN outside the never-issued ranges (area 000, 666, 9xx; group 00; serial 0000)."""
    while True:
        number = f"{rng.randint(1, 665):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        if stdnum_ssn.is_valid(number):
            return number


def ssn(rng: random.Random) -> Value:
    d = ssn_digits(rng)
    forms = [f"{d[:3]}-{d[3:5]}-{d[5:]}", f"{d[:3]} {d[3:5]} {d[5:]}", d]
    text, alt = _pick(rng, forms, [3, 1, 1])
    return Value("national_id", text, alt, scheme="ssn")


def passport(rng: random.Random) -> Value:
    """A foreign passport number in a common national shape (letters and digits)."""
    shape = rng.choice(("FN", "ZW", "A", "MA", "OB", "K", "P", ""))
    n = {"FN": 6, "ZW": 6, "MA": 6, "OB": 7, "A": 8, "K": 7, "P": 7, "": 9}[shape]
    d = f"{rng.randint(1, 9)}" + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
    forms = [f"{shape}{d}"] + ([f"{shape} {d}"] if shape else [f"{d[:3]} {d[3:6]} {d[6:]}"])
    return Value("national_id", forms[0], forms[1], scheme="passport")


# --- identifier numbers of other countries and schemes ------------------------

_ZW_LETTERS = "ZABCDEFGHJKLMNPQRSTVWXY"
_PPS_LETTERS = "WABCDEFGHIJKLMNOPQRSTUV"
_MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def intl_id(rng: random.Random) -> Value:
    """A national or health-scheme number of another country, with its real
    check digit, written with its cue where the number needs one (the value
    then includes the cue). Kinds as the checker reports them."""
    scheme = rng.choice(("zw", "zw_cued", "chi", "ihi", "medicare", "ohip", "pps", "aadhaar", "mbi", "nin", "kenya", "omang"))
    if scheme in ("zw", "zw_cued"):
        office, num, dist = f"{rng.randint(2, 86):02d}", str(rng.randint(100000, 9999999)), f"{rng.randint(2, 86):02d}"
        letter = _ZW_LETTERS[int(office + num) % 23]
        forms = [f"{office}-{num} {letter} {dist}", f"{office}{num}{letter}{dist}", f"{office}-{num}-{letter}-{dist}"]
        cue = "Zim ID " if scheme == "zw_cued" else ""
        text, alt = _pick(rng, forms)
        return Value("national_id", cue + text, alt and cue + alt, scheme="zw_id")
    if scheme == "chi":
        while True:
            d = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}{_digits(rng, 3)}"
            ok = [c for c in range(10) if stdnum_nhs.is_valid(d + str(c))]
            if ok:
                v = d + str(ok[0])
                break
        text, alt = _pick(rng, [v, f"{v[:6]} {v[6:]}", f"{v[:6]}-{v[6:]}"])
        cue = rng.choice(("CHI ", "CHI no ", "chi number "))
        return Value("national_id", cue + text, alt and cue + alt, scheme="chi")
    if scheme == "ihi":
        b = "800360" + _digits(rng, 9)
        v = b + luhn.calc_check_digit(b)
        text, alt = _pick(rng, [v, " ".join(v[i:i + 4] for i in range(0, 16, 4))])
        return Value("national_id", text, alt, scheme="ihi")
    if scheme == "medicare":
        b = str(rng.randint(2, 6)) + _digits(rng, 7)
        v = b + str(sum(int(a) * w for a, w in zip(b, (1, 3, 7, 9, 1, 3, 7, 9))) % 10) + str(rng.randint(1, 9))
        return Value("health_plan_number", f"{v[:4]} {v[4:9]} {v[9]}", f"Medicare {v}", scheme="au_medicare")
    if scheme == "ohip":
        b = str(rng.randint(1, 9)) + _digits(rng, 8)
        v = b + luhn.calc_check_digit(b)
        text, alt = _pick(rng, [v, f"{v[:4]}-{v[4:7]}-{v[7:]}", f"{v[:4]} {v[4:7]} {v[7:]}"])
        vc = rng.choice(("", " AB", "-K"))
        return Value("health_plan_number", "OHIP " + text + vc, alt and "OHIP " + alt + vc, scheme="ohip")
    if scheme == "pps":
        d = f"{rng.randint(0, 9999999):07d}"
        second = rng.choice(("", "A"))
        total = sum(int(x) * w for x, w in zip(d, range(8, 1, -1))) + (9 if second else 0)
        v = d + _PPS_LETTERS[total % 23] + second
        return Value("national_id", "PPSN " + v, "PPS no. " + v, scheme="pps")
    if scheme == "aadhaar":
        while True:
            b = str(rng.randint(2, 9)) + _digits(rng, 10)
            v = b + verhoeff.calc_check_digit(b)
            if v != v[::-1]:
                break
        text, alt = _pick(rng, [f"{v[:4]} {v[4:8]} {v[8:]}", v])
        return Value("national_id", "Aadhaar " + text, alt and "Aadhaar " + alt, scheme="aadhaar")
    if scheme == "mbi":
        an = _MBI_LETTERS + "0123456789"
        v = (str(rng.randint(1, 9)) + rng.choice(_MBI_LETTERS) + rng.choice(an) + str(rng.randint(0, 9)) + "-"
             + rng.choice(_MBI_LETTERS) + rng.choice(an) + str(rng.randint(0, 9)) + "-"
             + rng.choice(_MBI_LETTERS) + rng.choice(_MBI_LETTERS) + _digits(rng, 2))
        return Value("health_plan_number", v, "MBI " + v.replace("-", ""), scheme="mbi")
    if scheme == "nin":
        v = str(rng.randint(1, 9)) + _digits(rng, 10)
        return Value("national_id", "NIN " + v, f"NIN {v[:4]} {v[4:7]} {v[7:]}", scheme="nin")
    if scheme == "kenya":
        v = str(rng.randint(1, 3)) + _digits(rng, 7)
        return Value("national_id", "Kenyan ID " + v, "Kenyan ID no. " + v, scheme="kenya")
    v = _digits(rng, 4) + rng.choice("12") + _digits(rng, 4)
    return Value("national_id", "Omang " + v, "omang no " + v, scheme="omang")


# --- record and health-plan numbers ---------------------------------------

def record(rng: random.Random) -> Value:
    n = rng.choice((7, 8, 8, 9))
    d = "".join(str(rng.randint(0, 9)) for _ in range(n))
    d = str(rng.randint(1, 9)) + d[1:]
    half = n // 2
    forms = [d, f"{d[:half]} {d[half:]}", f"{d[:2]}-{d[2:]}", f"{rng.choice('DHAM')}{d}"]
    text, alt = _pick(rng, forms, [4, 1, 1, 1])
    return Value("record_number", text, alt, scheme="record")


SCHEMES = ("Discovery", "GEMS", "Bonitas", "Momentum", "Medshield", "Bestmed", "Fedhealth", "Polmed", "Profmed",
           "Bupa", "AXA", "Aetna", "Cigna")


def scheme(rng: random.Random) -> Value:
    return Value(None, rng.choice(SCHEMES))


def plan(rng: random.Random) -> Value:
    n = rng.choice((8, 9, 10, 11))
    d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
    forms = [d, " ".join(d[i:i + 3] for i in range(0, n, 3)), " ".join(d[i:i + 4] for i in range(0, n, 4))]
    text, alt = _pick(rng, forms, [4, 1, 1])
    return Value("health_plan_number", text, alt, scheme="plan")


# --- contacts ---------------------------------------------------------------

_ZA_MOBILE = ("60", "61", "62", "63", "64", "65", "66", "71", "72", "73", "74", "76", "78", "79", "81", "82", "83", "84")
_US_AREA = ("212", "312", "415", "617", "713", "206", "305", "404", "512", "602")


def phone(rng: random.Random) -> Value:
    region = rng.choices(("ZA", "GB", "US"), weights=(6, 2, 2))[0]
    while True:
        if region == "ZA":
            p, rest = rng.choice(_ZA_MOBILE), f"{rng.randint(0, 9999999):07d}"
            forms = [f"0{p} {rest[:3]} {rest[3:]}", f"0{p}{rest}", f"+27 {p} {rest[:3]} {rest[3:]}",
                     f"+27{p}{rest}", f"0{p}-{rest[:3]}-{rest[3:]}"]
            e164 = f"+27{p}{rest}"
        elif region == "GB":
            rest = f"{rng.randint(100, 999)}{rng.randint(0, 999999):06d}"
            forms = [f"07{rest[:3]} {rest[3:]}", f"07{rest}", f"+44 7{rest[:3]} {rest[3:]}"]
            e164 = f"+447{rest}"
        else:
            a, b, c = rng.choice(_US_AREA), rng.randint(201, 989), rng.randint(0, 9999)
            forms = [f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"+1 {a} {b} {c:04d}"]
            e164 = f"+1{a}{b}{c:04d}"
        if region == "US" and b == 555:  # the fictional exchange
            continue
        num = phonenumbers.parse(e164, None)
        if phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) in (
                phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE):
            text, alt = _pick(rng, forms, [3] + [1] * (len(forms) - 1))
            return Value("phone", text, alt, scheme="phone")


_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "mweb.co.za", "webmail.co.za", "icloud.com", "hotmail.co.uk",
            "telkomsa.net", "vodamail.co.za", "proton.me")


def email(rng: random.Random) -> Value:
    first, last = rng.choice(first_names()).lower(), rng.choice(surnames()).lower().replace(" ", "").replace("'", "")
    local = rng.choice((f"{first}.{last}", f"{first[0]}{last}", f"{first}{last}{rng.randint(1, 99)}",
                        f"{first}_{last}", f"{last}.{first[0]}"))
    return Value("email", f"{local}@{rng.choice(_DOMAINS)}", scheme="email")


# --- dates -----------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def date_forms(d: dt.date) -> list[str]:
    m = _MONTHS[d.month - 1]
    return [f"{d:%d/%m/%Y}", f"{d:%d-%m-%Y}", f"{d:%Y-%m-%d}", f"{d.day} {m} {d.year}", f"{d:%d.%m.%Y}",
            f"{d.day} {m[:3]} {d.year}", f"{d.day}/{d.month}/{d:%y}", f"{d:%d%m%y}"]


def dob(rng: random.Random) -> Value:
    d = _birth_date(rng)
    text, alt = _pick(rng, date_forms(d), [4, 2, 2, 2, 1, 2, 1, 1])
    return Value("date_of_birth", text, alt, scheme="dob")


def shift_date(rng: random.Random) -> Value:
    d = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    forms = [f"{d.day}/{d.month}", f"{d:%d/%m}", f"{d.day} {_MONTHS[d.month - 1][:3]}", f"the {d.day}th"]
    text, alt = _pick(rng, forms)
    return Value(None, text, alt)


# --- addresses -------------------------------------------------------------

_STREETS = ("Long", "Church", "Main", "Voortrekker", "Jan Smuts", "Beach", "Albert", "Victoria", "Oak", "Maple",
            "Station", "Mill", "High", "Park", "Nelson Mandela", "Steve Biko", "Govan Mbeki", "Rivonia",
            "Louis Botha", "Kingfisher", "Protea", "Jacaranda", "Acacia", "Mimosa", "Sunbird")
_TYPES = ("Street", "Road", "Avenue", "Drive", "Lane", "Crescent", "Close", "St", "Rd", "Ave")
_ZA_TOWNS = ("Observatory", "Mitchells Plain", "Soweto", "Umlazi", "Khayelitsha", "Sandton", "Durbanville",
             "Pietermaritzburg", "Bloemfontein", "Polokwane", "Gqeberha", "Stellenbosch", "Pinetown", "Benoni")
_UK = (("Leeds", "LS6 2AB"), ("Manchester", "M14 5RT"), ("Bristol", "BS7 8NP"), ("Sheffield", "S10 3GH"),
       ("London", "SE15 4QL"), ("Cardiff", "CF24 3DX"))
_US = (("Springfield", "IL", "62704"), ("Austin", "TX", "78704"), ("Columbus", "OH", "43215"),
       ("Portland", "OR", "97214"), ("Raleigh", "NC", "27601"))


def address(rng: random.Random) -> Value:
    n = rng.randint(1, 240)
    street = f"{rng.choice(_STREETS)} {rng.choice(_TYPES)}"
    style = rng.choices(("za", "za_unit", "uk", "us"), weights=(4, 1, 2, 2))[0]
    if style == "za":
        parts = [f"{n} {street}", rng.choice(_ZA_TOWNS)]
    elif style == "za_unit":
        parts = [f"Flat {rng.randint(1, 40)}", f"{n} {street}", rng.choice(_ZA_TOWNS)]
    elif style == "uk":
        town, pc = rng.choice(_UK)
        parts = [f"{n} {street}", f"{town} {pc}"]
    else:
        city, st, z = rng.choice(_US)
        parts = [f"{n} {street}", city, f"{st} {z}"]
    return Value("address", ", ".join(parts), " ".join(parts), scheme="address")


# --- fillers ---------------------------------------------------------------

def bed(rng: random.Random) -> Value:
    return Value(None, str(rng.randint(1, 36)))


def age(rng: random.Random) -> Value:
    return Value(None, str(rng.randint(18, 92)))


def cd4(rng: random.Random) -> Value:
    return Value(None, str(rng.randint(12, 1100)))


def viral_load(rng: random.Random) -> Value:
    return Value(None, rng.choice(("LDL", "<50", f"{rng.randint(60, 900000):,}".replace(",", " "), str(rng.randint(60, 90000)))))


def ext(rng: random.Random) -> Value:
    return Value(None, str(rng.randint(2000, 8999)))


def bad_id13(rng: random.Random) -> Value:
    """13 digits that are not an SA ID number (wrong check digit or no date):
    a lot, serial or tracking number."""
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(12))
        if not stdnum_idnr.is_valid(d):
            return Value(None, d)


def order_no(rng: random.Random) -> Value:
    return Value(None, str(rng.randint(10_000_000, 9_999_999_999)))


def bp(rng: random.Random) -> Value:
    s = rng.randint(85, 190)
    return Value(None, f"{s}/{rng.randint(45, min(s - 20, 115))}")


def pulse(rng: random.Random) -> Value:
    return Value(None, str(rng.randint(48, 150)))


def sats(rng: random.Random) -> Value:
    return Value(None, str(rng.randint(84, 100)))


def temp(rng: random.Random) -> Value:
    return Value(None, f"{rng.uniform(35.4, 40.3):.1f}")


def time(rng: random.Random) -> Value:
    return Value(None, rng.choice(("7am", "8:30", "14:00", "3pm", "noon", "07:30", "16h00")))


def dose(rng: random.Random, units: tuple[str, ...]) -> Value:
    amount = rng.choice((0.5, 1, 2, 2.5, 5, 10, 12.5, 20, 25, 40, 50, 80, 100, 250, 500, 850, 1000))
    a = f"{amount:g}"
    u = rng.choice(units)
    return Value(None, f"{a}{u}" if rng.random() < 0.4 else f"{a} {u}")


_LAB_RANGES = {"Hb": (6, 17, 1), "WCC": (2, 25, 1), "plt": (40, 600, 0), "Na": (120, 150, 0), "K": (2.8, 6.5, 1),
               "creat": (45, 900, 0), "urea": (2, 40, 1), "CRP": (1, 350, 0), "HbA1c": (5, 14, 1),
               "INR": (0.9, 5, 1), "lactate": (0.5, 9, 1), "glucose": (3, 30, 1), "ALT": (10, 900, 0),
               "bili": (5, 300, 0), "Mg": (0.4, 1.3, 2), "PO4": (0.3, 2.5, 2)}


def lab(rng: random.Random, names: tuple[str, ...]) -> Value:
    name = rng.choice(names)
    lo, hi, places = _LAB_RANGES.get(name, (1, 100, 0))
    v = round(rng.uniform(lo, hi), places)
    v = int(v) if places == 0 else v
    return Value(None, rng.choice((f"{name} {v}", f"{name} {v}", f"{name}: {v}", f"{name} of {v}")))
