"""Named checks that data cannot express: checksums and plausibility.

A rule in a policy pack names one of these with ``validator = "<name>"``; the
loader refuses a name that is not in ``VALIDATORS``. Each takes the matched
value (as written, separators included) plus the rule's ``validator_args``
and returns True when the value really is what the rule says.
"""

from __future__ import annotations

import datetime as _dt
import re

import phonenumbers
from stdnum import luhn as _luhn
from stdnum.gb import nhs as _nhs
from stdnum.ie import pps as _pps
from stdnum.in_ import aadhaar as _aadhaar
from stdnum.us import ssn as _ssn
from stdnum.za import idnr as _idnr

_NON_DIGIT = re.compile(r"\D+")


def digits(value: str) -> str:
    return _NON_DIGIT.sub("", value)


def za_id(value: str, **_) -> bool:
    """South African ID number: 13 digits, a valid YYMMDD birth date, Luhn."""
    d = digits(value)
    return len(d) == 13 and _idnr.is_valid(d)


def za_id_date(value: str, **_) -> bool:
    """13 digits whose first six are a valid YYMMDD date and whose citizenship
    digit is 0, 1 or 2: the shape of an SA ID number, check digit aside (a
    typo after an explicit ID cue is still the person's ID)."""
    d = digits(value)
    if len(d) != 13 or d[10] not in "012":
        return False
    mm, dd = int(d[2:4]), int(d[4:6])
    try:
        _dt.date(2000 if int(d[:2]) % 4 == 0 else 2001, mm, dd)
    except ValueError:
        return False
    return True


def nhs(value: str, **_) -> bool:
    """UK NHS number: 10 digits, modulus-11 check digit."""
    d = digits(value)
    return len(d) == 10 and _nhs.is_valid(d)


def ssn(value: str, **_) -> bool:
    """US social security number: 9 digits outside the never-issued ranges."""
    d = digits(value)
    return len(d) == 9 and _ssn.is_valid(d)


def luhn(value: str, **_) -> bool:
    d = digits(value)
    return len(d) >= 2 and _luhn.is_valid(d)


# --- identifiers of other countries -------------------------------------------

_ZW_LETTERS = "ZABCDEFGHJKLMNPQRSTVWXY"   # 23 letters (no I, O, U); index = remainder
_ZW_SHAPE = re.compile(r"^(\d{2})[\s\-]?(\d{6,7})[\s\-]?([A-Za-z])[\s\-]?(\d{2})$")


def zw_id(value: str, **_) -> bool:
    """Zimbabwe national ID: office code (2 digits), national number (6-7),
    check letter, district of origin (2 digits); the letter is (office code
    + national number) modulo 23 in ``ZABCDEFGHJKLMNPQRSTVWXY``."""
    m = _ZW_SHAPE.match(value.strip())
    if not m:
        return False
    return _ZW_LETTERS[int(m.group(1) + m.group(2)) % 23] == m.group(3).upper()


def _ddmmyy(d: str) -> bool:
    try:
        _dt.date(2000 if int(d[4:6]) % 4 == 0 else 2001, int(d[2:4]), int(d[:2]))
    except ValueError:
        return False
    return True


def chi(value: str, **_) -> bool:
    """Scottish CHI number: DDMMYY birth date, three digits, a modulus-11
    check digit (the NHS number's weights)."""
    d = digits(value)
    return len(d) == 10 and _ddmmyy(d) and _nhs.is_valid(d)


def au_medicare(value: str, **_) -> bool:
    """Australian Medicare card number: eight digits (first 2-6), a check
    digit (weights 1,3,7,9,1,3,7,9 modulo 10), the card issue number, and
    perhaps the person's reference number (1-9)."""
    d = digits(value)
    if len(d) not in (10, 11) or d[0] not in "23456" or (len(d) == 11 and d[10] == "0"):
        return False
    return sum(int(a) * w for a, w in zip(d, (1, 3, 7, 9, 1, 3, 7, 9))) % 10 == int(d[8])


def au_ihi(value: str, **_) -> bool:
    """Australian Individual Healthcare Identifier: 16 digits from 800360, Luhn."""
    d = digits(value)
    return len(d) == 16 and d.startswith("800360") and _luhn.is_valid(d)


def ohip(value: str, **_) -> bool:
    """Ontario health number: 10 digits (not from 0), Luhn check digit; a
    version code of letters may follow."""
    d = digits(value)
    return len(d) == 10 and d[0] != "0" and _luhn.is_valid(d)


def ie_pps(value: str, **_) -> bool:
    """Irish PPS number: 7 digits and a modulus-23 check letter, perhaps a
    second letter."""
    return _pps.is_valid(re.sub(r"[\s\-]", "", value))


def aadhaar(value: str, **_) -> bool:
    """Indian Aadhaar number: 12 digits, not from 0 or 1, Verhoeff check."""
    d = digits(value)
    return len(d) == 12 and _aadhaar.is_valid(d)


# --- dates -----------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    # Afrikaans spellings that differ in their first three letters
    "mei": 5, "okt": 10, "des": 12, "maa": 3,
}
_TOKEN = re.compile(r"\d+|[A-Za-z]+")


def _parts(value: str) -> tuple[list[int], int | None]:
    """Numbers in the value, and the month if it is spelled out."""
    nums, month = [], None
    for tok in _TOKEN.findall(value):
        if tok[0].isdigit():
            nums.append(int(tok))
        elif month is None and tok[:3].lower() in _MONTHS:
            month = _MONTHS[tok[:3].lower()]
    return nums, month


def _ok(y: int, m: int, d: int, max_year: int) -> bool:
    if not 1 <= m <= 12 or not 1 <= d <= 31:
        return False
    if y < 100:  # two-digit year: any century will do
        y += 1900 if y > max_year % 100 else 2000
    if not 1880 <= y <= max_year:
        return False
    try:
        _dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _compact(d: str, max_year: int) -> bool:
    """Digits run together: DDMMYY, MMDDYY or YYMMDD; DDMMYYYY, MMDDYYYY or
    YYYYMMDD."""
    if len(d) == 6:
        a, b, c = int(d[:2]), int(d[2:4]), int(d[4:])
        return _ok(c, b, a, max_year) or _ok(c, a, b, max_year) or _ok(a, b, c, max_year)
    if len(d) == 8:
        head, tail = int(d[:4]), int(d[4:])
        return (_ok(tail, int(d[2:4]), int(d[:2]), max_year) or _ok(tail, int(d[:2]), int(d[2:4]), max_year)
                or _ok(head, int(d[4:6]), int(d[6:]), max_year))
    return False


def plausible_date(value: str, year_optional=False, compact=False, min_years_ago=0, **_) -> bool:
    """A calendar date that could be someone's birth date: day/month/year in
    any common order (D/M/Y, Y-M-D, M/D/Y, month spelled out), year not in
    the future. ``year_optional``: a day and month alone will do (a birthday
    after an explicit DOB cue). ``compact``: six or eight digits run together
    (DDMMYY after a DOB cue) will do. ``min_years_ago``: the year must lie at
    least this many years back (a date with no birth cue is taken for a birth
    date only when it is not this year's admission or clinic date)."""
    max_year = _dt.date.today().year - min_years_ago
    if compact and value.isdigit():
        return _compact(value, max_year)
    nums, month = _parts(value)
    if year_optional:
        if month is not None and len(nums) == 1:
            return _ok(2000, month, nums[0], max_year)   # 2000: a leap year
        if month is None and len(nums) == 2:
            a, b = nums
            return _ok(2000, b, a, max_year) or _ok(2000, a, b, max_year)
    if month is not None:
        if len(nums) != 2:
            return False
        a, b = nums
        day, year = (b, a) if a > 31 else (a, b)
        return _ok(year, month, day, max_year)
    if len(nums) != 3:
        return False
    a, b, c = nums
    if a > 31:  # Y-M-D
        return _ok(a, b, c, max_year)
    return _ok(c, b, a, max_year) or _ok(c, a, b, max_year)


# --- phones ----------------------------------------------------------------

_US_SHAPE = re.compile(r"^(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}$")
_TYPES = {name: getattr(phonenumbers.PhoneNumberType, name)
          for name in dir(phonenumbers.PhoneNumberType) if name.isupper()}


def phone(value: str, regions=("ZA", "GB", "US"), exclude_types=(), possible=False, **_) -> bool:
    """A valid personal phone number for one of ``regions`` (checked with
    libphonenumber), not of an ``exclude_types`` type (toll-free, shared-cost
    and the like are services, not people). National forms must carry the
    trunk 0 (ZA, GB) or the US shape, so a bare 9-digit record number is not
    read as a phone. ``possible=True`` (for rules that saw a phone cue) also
    accepts a number of a possible length in an unallocated range, such as
    the UK's drama numbers."""
    v = value.strip()
    if v.startswith("+") or v.startswith("00"):
        candidates = [(v if v.startswith("+") else "+" + v[2:], None)]
    elif v.startswith("0") or v.startswith("(0"):
        candidates = [(v, r) for r in regions if r != "US"]
    elif "US" in regions and _US_SHAPE.match(v):
        candidates = [(v, "US")]
    else:
        return False
    excluded = {_TYPES[t] for t in exclude_types}
    for text, region in candidates:
        try:
            num = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return phonenumbers.number_type(num) not in excluded
    if possible:
        for text, region in candidates:
            try:
                if phonenumbers.is_possible_number(phonenumbers.parse(text, region)):
                    return True
            except phonenumbers.NumberParseException:
                continue
    return False


VALIDATORS = {
    "za_id": za_id,
    "za_id_date": za_id_date,
    "nhs": nhs,
    "ssn": ssn,
    "luhn": luhn,
    "zw_id": zw_id,
    "chi": chi,
    "au_medicare": au_medicare,
    "au_ihi": au_ihi,
    "ohip": ohip,
    "ie_pps": ie_pps,
    "aadhaar": aadhaar,
    "plausible_date": plausible_date,
    "phone": phone,
}

PHONE_TYPES = frozenset(_TYPES)
