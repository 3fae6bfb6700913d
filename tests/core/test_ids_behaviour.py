"""Behavioural tests for identifier numbers, dates of birth, passports and
addresses, in the manner of CheckList (Ribeiro et al., ACL 2020).

Per capability, cases are generated from templates, invented names and
invented values (valid checksums computed here, not copied):

- minimum functionality: the identifier is found, with its kind;
- invariance: the same identifier stays found when it is regrouped (6-4-3,
  6-4-2-1, 6-7, 2-2-2-4-3 with blanks, dashes or dots), laid out one patient
  per line or on the line under the name, wrapped in chatter or emoji;
- benign invariance: lab values, doses, phones, dates, times, bed and
  extension numbers regrouped and laid out the same way stay benign (no
  identifier number, or only the phone they are).

Run as a script to print the failure rate per capability:
``python tests/core/test_ids_behaviour.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pattern_helpers import CHECKER  # noqa: E402

NUMBER_KINDS = {"national_id", "record_number", "health_plan_number", "date_of_birth", "address"}

FIRST = ["Thabo", "Lerato", "Sipho", "Nomsa", "Pieter", "Anele", "Grace", "Johan", "Zanele", "Kagiso",
         "Priya", "Oliver", "Fatima", "Mandla", "Ayesha", "Lindiwe", "Tshepo", "Marietjie", "Bongani", "Refilwe"]
LAST = ["Nkosi", "Mokoena", "Dlamini", "Botha", "Naidoo", "Khumalo", "van Wyk", "Mahlangu", "Pillay",
        "Sithole", "Molefe", "Ndlovu", "Govender", "Coetzee", "Mabuza", "Maseko", "Jacobs", "Petersen"]
CHATTER = [("", ""), ("morning all, ", " thanks"), ("pls ", " 🙏"), ("urgent: ", ". any takers?"),
           ("FYI ", " - see you at handover"), ("", " 😅")]


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def sa_id(r: random.Random, good=True) -> str:
    born = dt.date(1940, 1, 1) + dt.timedelta(days=r.randint(0, 60 * 365))
    body = born.strftime("%y%m%d") + f"{r.randint(0, 9999):04d}" + r.choice("01") + "8"
    check = luhn_digit(body)
    if not good:
        check = str((int(check) + r.randint(1, 9)) % 10)
    return body + check


def group(d: str, sizes, sep: str) -> str:
    out, i = [], 0
    for n in sizes:
        out.append(d[i:i + n])
        i += n
    return sep.join(out)


ZA_GROUPS = [(13,), (6, 4, 3), (6, 4, 2, 1), (6, 7), (2, 2, 2, 4, 3), (6, 4, 1, 1, 1)]
SEPS = [" ", "-", "."]


def ssn(r: random.Random) -> str:
    return f"{r.randint(1, 665):03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"


def name(r, shape=None):
    f, s = r.choice(FIRST), r.choice(LAST)
    shape = shape or r.choice(["Firstname Surname", "SURNAME Firstname", "SURNAME, Firstname", "Mr Surname"])
    return {"Firstname Surname": f"{f} {s}", "SURNAME Firstname": f"{s.upper()} {f}",
            "SURNAME, Firstname": f"{s.upper()}, {f}", "Mr Surname": f"{r.choice(['Mr', 'Mrs', 'Ms'])} {s}"}[shape]


def record_value(r):
    return r.choice([f"D{r.randint(1000000, 9999999)}", f"H00{r.randint(10000, 99999)}",
                     f"{r.randint(10, 99)}-{r.randint(100000, 999999)}", f"{r.randint(1000000, 99999999)}",
                     f"AB{r.randint(100000, 9999999)}"])


# ---- the cases: (capability, text, expected kind or None, value or None) ----

def cases(seed=7, n=40):
    r = random.Random(seed)
    out = []
    add = out.append
    for _ in range(n):
        pre, post = r.choice(CHATTER)
        # SA ID, any grouping, anywhere
        d = sa_id(r)
        for sizes in ZA_GROUPS:
            v = group(d, sizes, r.choice(SEPS) if len(sizes) > 1 else "")
            t = r.choice(["{v}", "pt {v} for CT", "{n} {v}", "bloods for {n}, {v}", "{n}\n{v}\nfor theatre",
                          "ID: {v}", "no folder yet, {v} on the referral"])
            add(("sa_id regrouped", pre + t.format(v=v, n=name(r)) + post, "national_id", v))
        # the same digits with a bad check digit, regrouped: nothing
        bad = sa_id(r, good=False)
        for sizes in ZA_GROUPS:
            v = group(bad, sizes, r.choice(SEPS) if len(sizes) > 1 else "")
            add(("sa_id bad check digit", f"{pre}ref {v} for stores{post}", "phone?", v))
        # a mistyped check digit after an explicit ID cue is still the ID
        sizes = r.choice(ZA_GROUPS)
        v = group(bad, sizes, r.choice(SEPS) if len(sizes) > 1 else "")
        add(("sa_id mistyped after an ID cue", f"{pre}{r.choice(['ID', 'ID no', 'RSA ID:', 'identity number'])} {v}{post}", "national_id", v))
        # SSN 3-2-4 after a name; nine digits after SURNAME, Firstname
        s = ssn(r)
        v = group(s, (3, 2, 4), r.choice([" ", "-"]))
        add(("ssn after a name", f"{pre}{name(r, r.choice(['Firstname Surname', 'SURNAME, Firstname']))} {v} for the scan{post}", "national_id", v))
        add(("ssn after a name", f"{pre}{name(r, 'SURNAME, Firstname')} {s}{post}", "national_id", s))
        # record numbers next to a name, one patient per line, on the line under a name
        v = record_value(r)
        layout = r.choice([
            "{n} - {v}", "{n}: {v} - lap chole", "{n} {v} for theatre",
            "for theatre tomorrow:\n1. {n} - {v} - appendicitis\n2. {n2} - {v2} - hernia",
            "list:\n- {n} {v} R/V\n- {n2} {v2} d/c",
            "{n}\n{v}\nTB meningitis\nfor LP", "{n}, 45F\n{v}\nfor review",
        ])
        add(("record number in a list", pre + layout.format(n=name(r), v=v, n2=name(r), v2=record_value(r)) + post,
             "record_number", v))
        # the same lists typed in lower case (known limit: a lower-case first
        # name that is also an English word, "grace", "hope", needs another
        # cue), number first, a bed or age between
        v = record_value(r)
        layout = r.choice(["{n} - {v}", "{n} {v} for theatre", "for theatre:\n{n} {v}\n{n2} {v2}"])
        low = [f for f in FIRST if f not in ("Grace",)]
        add(("record number in a list, lower case", pre + layout.format(
            n=f"{r.choice(low)} {r.choice(LAST)}".lower(), v=v, n2=f"{r.choice(low)} {r.choice(LAST)}".lower(),
            v2=record_value(r)) + post, "record_number", v))
        v = record_value(r)
        layout = r.choice(["theatre list:\n{v} - {n} - lap chole\n{v2} - {n2} - hernia",
                           "{n} (bed {b}) - {v}", "{n}, {b}F, {v} for review", "{n} bed {b} {v}"])
        add(("record number in a list, other orders", pre + layout.format(
            n=name(r), v=v, n2=name(r), v2=record_value(r), b=r.randint(1, 40)) + post, "record_number", v))
        v = record_value(r)
        t = r.choice(["ward 7:\nbed 4 - {v} - CAP\nbed 5 - {v2} - DKA", "bed {b}: {v} d/c today", "cubicle {b} - {v}"])
        add(("record number after a bed", pre + t.format(v=v, v2=record_value(r), b=r.randint(1, 30)) + post, "record_number", v))
        v = r.choice([f"D{r.randint(1000000, 9999999)}", f"{r.randint(10, 99)}-{r.randint(100000, 999999)}"])
        add(("record number after pt", f"{pre}{r.choice(['pt', 'patient', 'baby'])} {v} {r.choice(['for CT', 'in resus', 'to theatre'])}{post}",
             "record_number", v))
        v = r.choice([f"D{r.randint(1000000, 9999999)}", f"{r.randint(10, 99)}-{r.randint(100000, 999999)}"])
        add(("record number heading a list line",
             f"theatre list:\n{v} - lap chole\n{record_value(r)} - hernia repair", "record_number", v))
        # DOB: DDMMYY after a cue; a long-form date after a name and a bed
        born = dt.date(1935, 1, 1) + dt.timedelta(days=r.randint(0, 70 * 365))
        v = born.strftime(r.choice(["%d%m%y", "%d%m%Y"]))
        cue = r.choice(["DoB", "DOB:", "d.o.b", "D.O.B.", "born", "dob -"])
        add(("dob run together after a cue", f"{pre}{name(r)} {cue} {v}, for echo{post}", "date_of_birth", v))
        v = f"{born.day} {born.strftime('%B')} {born.year}"
        bed = r.choice(["bed 4", "bed 12A", "(bed 7)", "bay 3", "cubicle 2"])
        t = r.choice(["{n}, {bed}, {v} - for CT", "{n}, {age}, {bed}, {v}", "{n}, {v}, {bed} - for CT", "{n} {v} {bed}"])
        add(("dob after a name and a bed", pre + t.format(n=name(r, r.choice(['Firstname Surname', 'SURNAME Firstname'])),
             bed=bed.strip("()"), v=v, age=f"{r.randint(18, 95)}{r.choice('MF')}") + post, "date_of_birth", v))
        # passports with a cue
        v = r.choice([f"{r.choice(['EN', 'FN', 'A0', 'MA', 'P0'])}{r.randint(100000, 9999999)}",
                      f"C{r.randint(10, 99)}X{r.randint(10, 99)}T{r.randint(10, 99)}",
                      f"{r.randint(10, 99)}AB{r.randint(10000, 99999)}"])
        cue = r.choice(["passport", "passport no", "Zimbabwean passport #", "passport (Nigeria)", "passeport", "pp"])
        add(("passport with a cue", f"{pre}no SA ID, {cue} {v}{post}", "national_id", v))
        # addresses in the usual written orders
        v = r.choice([
            f"{r.randint(1, 300)} Jacaranda Ave, Lynnwood, Pretoria {r.randint(1, 9999):04d}",
            f"{r.randint(1, 300)}B Baker Street, London NW1 6XE",
            f"{r.randint(100, 9999)} Main St Apt {r.randint(1, 40)}, Springfield, IL {r.randint(10000, 99999)}",
            f"Hauptstraße {r.randint(1, 120)}, {r.randint(10000, 99999)} Berlin",
            f"Kerkstraat {r.randint(1, 120)}, {r.randint(1000, 9999)} AB Utrecht",
            f"{r.randint(1, 120)} rue de la Paix, {r.randint(10000, 95999)} Paris",
            f"Calle Mayor {r.randint(1, 120)}, {r.randint(10000, 52999)} Madrid",
            f"Via Roma {r.randint(1, 120)}, {r.randint(10000, 99999)} Roma",
            f"Rua das Flores, {r.randint(1, 120)}, {r.randint(1000, 9999)}-{r.randint(100, 999)} Lisboa",
            f"{r.randint(1, 300)} Marula Crescent, Summerstrand, Gqeberha",
        ])
        t = r.choice(["{n} lives at {v}", "home address: {v}", "{n}, {v}, for home visit", "moved to {v}, pls update"])
        add(("street address", pre + t.format(n=name(r), v=v) + post, "address", v))
    out.extend(coded(seed, n))
    out.extend(benign(seed, n))
    return out


SCHEMES = ["Discovery", "Momentum", "GEMS", "Bonitas", "Medshield", "Fedhealth", "Bestmed", "Polmed",
           "BCBS", "Aetna", "Cigna", "UnitedHealthcare", "Bupa", "AXA"]
CODES = ["KEH", "CHB", "GSH", "TBH", "RXH", "NMC", "HJH", "CMJ"]


def coded(seed=7, n=40):
    """Hospital-coded folder numbers, accession numbers, lists after one
    cue, medical-aid numbers after a scheme name, permits, and a date of
    birth between a name and the clinical reason (issue 9, round 2); and
    their look-alikes (lots, tickets, meetings, colleagues)."""
    r = random.Random(seed + 2)
    out = []
    add = out.append
    this = dt.date.today().year
    for _ in range(n):
        pre, post = r.choice(CHATTER)
        code = r.choice(CODES)
        v = r.choice([f"{code}-{r.randint(2005, this)}-{r.randint(10000, 999999)}",
                      f"{code} {r.randint(100, 999)} {r.randint(1000, 9999)}",
                      f"{code[:2]} {r.randint(10, 99)}-{r.randint(10000, 99999)}",
                      f"{code[0]}-{r.randint(100000, 999999)}", f"{code}{r.randint(1000000, 9999999)}"])
        t = r.choice(["{n} {v} for review", "folder {v}, back with pancreatitis", "folder number {v} pls pull the notes",
                      "hosp no {v} - needs a bed", "script for {n} {v} ready at pharmacy", "fol no. {v}"])
        add(("record number with a hospital code", pre + t.format(n=name(r, r.choice(["Firstname Surname", "SURNAME Firstname"])), v=v) + post,
             "record_number", v))
        v = r.choice([f"{r.choice(['HS', 'CY', 'SP', 'MB'])}{r.randint(10, 26)}-{r.randint(100000, 999999)}",
                      f"{r.choice(['XR', 'CT', 'MR', 'US'])}-{r.randint(2010, this)}-{r.randint(1000000, 9999999)}",
                      f"{r.choice(['CR', 'CT', 'MR'])}{r.randint(1000000, 9999999)}", f"{r.randint(10000000, 99999999)}"])
        cue = r.choice(["specimen", "x-ray ref", "accession", "lab no", "histo no", "CT ref", "MR ref:", "CR ref", "PACS no"])
        add(("lab and imaging accession number", f"{pre}{cue} {v} {r.choice(['still not reported', 'pls review', 'for the MDT'])}{post}",
             "record_number", v))
        vals = [f"{r.randint(1000000, 9999999)}" for _ in range(3)]
        cue = r.choice(["MRN", "folders", "hosp nos:", "folder no"])
        text = f"{pre}{cue} {vals[0]}, {vals[1]} {r.choice(['and', '&', ','])} {vals[2]} for ward round{post}"
        for v in vals:
            add(("several record numbers after one cue", text, "record_number", v))
        v = r.choice([f"{r.randint(10000000, 999999999)}", f"{r.randint(100, 999)} {r.randint(100, 999)} {r.randint(100, 999)}",
                      f"{r.choice('WXU')}{r.randint(100000000, 999999999)}", f"{r.randint(1000, 9999)}-{r.randint(1000, 9999)}-{r.randint(1, 9)}"])
        t = r.choice(["{s} {v} for pre-auth", "medical aid: {s} {v}", "pt on {s} {v} so check the formulary",
                      "{s} member no {v}", "{n}, {s} {v}, declined the MRI"])
        add(("health-plan number after a scheme", pre + t.format(s=r.choice(SCHEMES), v=v, n=name(r)) + post, "health_plan_number", v))
        v = r.choice([f"{r.choice(['ZWE', 'COD', 'MWI', 'ETH', 'SOM'])}-{r.randint(1000000, 9999999)}",
                      f"{r.choice(['ZWE', 'COD', 'MWI', 'ETH'])} {r.randint(1000000, 9999999)}", f"WP{r.randint(1000000, 9999999)}"])
        cue = r.choice(["asylum permit", "refugee ID", "section 22 permit", "work permit", "asylum seeker permit no."])
        add(("permit number", f"{pre}{cue} {v} {r.choice(['expired last month', 'for the social worker', 'no SA ID'])}{post}", "national_id", v))
        born = dt.date(1940, 1, 1) + dt.timedelta(days=r.randint(0, 60 * 365))
        v = born.strftime(r.choice(["%Y.%m.%d", "%d/%m/%Y", "%Y-%m-%d"]))
        t = r.choice(["{n} {v} G{g}P{p} at 32/40", "{n} {v} for OGD tomorrow", "{n} {v} known HPT, for echo"])
        add(("dob between a name and the clinical reason", pre + t.format(n=name(r, r.choice(["Firstname Surname", "SURNAME Firstname"])),
             v=v, g=r.randint(1, 5), p=r.randint(0, 4)) + post, "date_of_birth", v))
        # look-alikes
        add(("coded look-alikes", f"{pre}lot no {code}-{r.randint(2015, this)}-{r.randint(10000, 99999)} was recalled{post}", None, None))
        add(("coded look-alikes", f"{pre}ticket INC-{r.randint(2015, this)}-{r.randint(100000, 999999)} for the printer{post}", None, None))
        add(("coded look-alikes", f"{pre}batch {code[:2]} {r.randint(100, 999)} {r.randint(1000, 9999)} in the fridge{post}", None, None))
        add(("coded look-alikes", f"{pre}Dr {r.choice(FIRST)} {r.choice(LAST)} {r.randint(1, 28)}/0{r.randint(1, 9)}/{r.randint(1960, 1990)} for OGD{post}", None, None))
        add(("coded look-alikes", f"{pre}Ward Round {r.randint(2015, this)}.0{r.randint(1, 9)}.{r.randint(10, 28)} G1P0 teaching{post}", None, None))
        add(("coded look-alikes", f"{pre}{r.choice(FIRST)} {r.choice(LAST)} {r.randint(1, 28)}/0{r.randint(1, 9)}/{this + 1} for OGD{post}", None, None))
        add(("coded look-alikes", f"{pre}{r.choice(SCHEMES)} {this} conference, call 0860 {r.randint(10, 99)} {r.randint(1000, 9999)}{post}", "phone?", None))
        add(("coded look-alikes", f"{pre}{r.choice(['CT ref', 'specimen', 'work permit'])} {r.randint(2, 12)} of {r.randint(12, 20)}{post}", None, None))
        add(("coded look-alikes", f"{pre}VL {r.randint(1, 9)} {r.randint(100, 999)} 000 copies, Policy {r.randint(2015, this)}-{r.randint(10, 200)} update{post}", None, None))
    return out


def benign(seed=7, n=40):
    r = random.Random(seed + 1)
    out = []
    add = out.append
    for _ in range(n):
        pre, post = r.choice(CHATTER)
        # phones regrouped stay phones (or nothing), never an ID or record number
        p = f"0{r.choice([72, 82, 83, 71, 61])}{r.randint(1000000, 9999999)}"
        for sizes in [(10,), (3, 3, 4), (3, 7), (4, 3, 3)]:
            v = group(p, sizes, r.choice(SEPS[:2]) if len(sizes) > 1 else "")
            add(("phone regrouped is not an ID", f"{pre}{name(r)} {v} pls call the daughter{post}", "phone?", v))
        # lab values, doses, vitals written in a row or one per line
        hb, plt, wcc = f"{r.randint(40, 170) / 10}", r.randint(20, 600) * 1000, f"{r.randint(20, 300) / 10}"
        add(("lab values and doses", f"{pre}Hb {hb} Plt {plt} WCC {wcc} CRP {r.randint(1, 400)}{post}", None, None))
        add(("lab values and doses", f"{pre}BP {r.randint(90, 200)} {r.randint(50, 120)} {r.randint(1000, 9999)} HR {r.randint(50, 150)}{post}", None, None))
        add(("lab values and doses", f"bloods:\nHb {hb}\nPlt {plt}\nVL {r.randint(100000, 9999999)} copies", None, None))
        add(("lab values and doses", f"{name(r, 'Firstname Surname')} VL {r.randint(100000, 9999999)} copies, CD4 {r.randint(5, 900)}", None, None))
        add(("lab values and doses", f"meds:\nCeftriaxone 1g\nHeparin {r.randint(5, 25) * 1000} units\nMorphine {r.randint(1, 10)}mg", None, None))
        # dates, times, shifts, years in list layouts and after names
        this = dt.date.today().year
        add(("dates and times", f"{pre}{name(r, 'Firstname Surname')}, bed {r.randint(1, 30)}, {r.randint(1, 28)} March {this}{post}", None, None))
        add(("dates and times", f"{pre}{name(r, 'Firstname Surname')}, bed {r.randint(1, 30)}, admitted {r.randint(1, 28)} March 2019{post}", None, None))
        add(("dates and times", f"theatre list:\n08:00-10:00 lap chole\n10:30-12:00 hernia\n{this - 1}-{this} audit", None, None))
        add(("dates and times", f"Dr {r.choice(LAST)} {r.choice(['0800-1600', '1600-0800', '2019-2024'])} on call", None, None))
        add(("dates and times", f"{pre}DOB unknown, admitted {r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{this}{post}", None, None))
        # bed, ward and extension numbers, staff registration numbers
        add(("beds, wards, extensions", f"ward 7:\nbed {r.randint(1, 9)} - BP {r.randint(90, 180)}/{r.randint(50, 100)}\nbed {r.randint(10, 20)} - 08:00 theatre\nbed {r.randint(21, 30)} - heparin {r.randint(5, 25) * 1000} units", None, None))
        add(("beds, wards, extensions", f"{pre}pt {r.randint(2, 9)} of {r.randint(10, 20)} seen, bed {r.randint(1, 30)} - {r.randint(2019, 2023)}-{r.randint(2024, 2025)} audit{post}", None, None))
        add(("beds, wards, extensions", f"bed {r.randint(1, 40)} ward {r.randint(1, 30)}, ext {r.randint(1000, 9999)}", None, None))
        add(("beds, wards, extensions", f"Dr {r.choice(FIRST)} {r.choice(LAST)} MP{r.randint(100000, 999999)} signing the scripts", None, None))
        add(("beds, wards, extensions", f"Sister {r.choice(LAST)} {r.randint(100000, 999999)} persal for the roster", None, None))
        # drugs, tickets, wards and lists before a number; lower-case chatter
        add(("not a name before a number", f"{pre}Ceftriaxone Sandoz {r.randint(1000000, 9999999)} is the NAPPI{post}", None, None))
        add(("not a name before a number", f"IT issues:\nINC{r.randint(1000000, 9999999)} - printer down\nREQ00{r.randint(10000, 99999)} - new login", None, None))
        add(("not a name before a number", f"{pre}COVID Ward {r.randint(100000, 999999)} today{post}", None, None))
        add(("not a name before a number", f"{pre}{r.choice(['will check', 'morning all', 'ward round', 'call mark', 'the patient'])} {r.randint(1000000, 9999999)}{post}", None, None))
        add(("not a name before a number", f"{pre}{r.randint(1000000, 9999999)} {r.choice(['Ceftriaxone Sandoz', 'Theatre Booking', 'Stock Take'])}{post}", None, None))
        # passports and addresses that are not
        add(("not a passport", f"{pre}passport photos at {r.randint(8, 16)} in the admin block{post}", None, None))
        add(("not a passport", f"{pre}passport expired in {r.randint(2015, 2024)}, pt from Malawi{post}", None, None))
        add(("not an address", f"{pre}{r.randint(2, 40)} beds on Ward {r.randint(1, 20)}, {r.choice(['Groote Schuur', 'Tygerberg', 'Bara'])}{post}", None, None))
        add(("not an address", f"{pre}reviewed {r.randint(2, 9)} pts via Teams, {r.choice(['Cape Town', 'Durban'])} {this} guidelines{post}", None, None))
        add(("not an address", f"{pre}seen at {r.randint(2, 40)} Long St clinic{post}", None, None))
        add(("not an address", f"{pre}{r.randint(2, 12)} place settings for the farewell, {r.randint(2, 9)} via Uber{post}", None, None))
    return out


def judge(text, kind, value):
    """True when the checker does what the case expects."""
    fs = [f for f in CHECKER.check(text) if f.policy == "identifiers" and f.start is not None]
    if kind == "phone?":   # a phone may be reported as a phone, never as an ID/record/date
        return not any(f.kind in NUMBER_KINDS for f in fs)
    if kind is None:
        return not any(f.kind in NUMBER_KINDS or f.kind == "phone" for f in fs)
    s = text.index(value)
    e = s + len(value)
    return any(f.kind == kind and min(e, f.end) - max(s, f.start) >= (e - s) / 2 for f in fs)


ALL = cases()


def rates(all_cases=ALL):
    tally: dict[str, list[int]] = {}
    fails = []
    for cap, text, kind, value in all_cases:
        ok = judge(text, kind, value)
        t = tally.setdefault(cap, [0, 0])
        t[0] += 1
        t[1] += 0 if ok else 1
        if not ok:
            fails.append((cap, text))
    return tally, fails


@pytest.mark.parametrize("cap", sorted({c for c, *_ in ALL}))
def test_capability_has_no_failures(cap):
    bad = [(t, k, v) for c, t, k, v in ALL if c == cap and not judge(t, k, v)]
    assert not bad, f"{len(bad)} failures, e.g. {bad[:3]}"


def test_suite_is_large_and_balanced():
    pos = sum(1 for c in ALL if c[2] not in (None, "phone?"))
    neg = len(ALL) - pos
    assert pos > 400 and neg > 400


if __name__ == "__main__":
    tally, fails = rates()
    print(f"{'capability':40} {'cases':>6} {'fail':>5} {'rate':>6}")
    for cap in sorted(tally):
        n, f = tally[cap]
        print(f"{cap:40} {n:6d} {f:5d} {f / n:6.3f}")
    for cap, text in fails[:20]:
        print("FAIL", cap, repr(text))
