"""Generated cases for the entries detector (issue 9): patients named at the
head of an entry (a line, a bullet, a list item, the head of the message)
followed by clinical content, and benign look-alikes of the same shapes
(colleagues, rotas, staff titles, eponyms, drugs, places, equipment,
headings). Every person is invented: a given name and a surname from the
behavioural suite's lists (bots/evaluation/*.txt) paired at random under a
fixed seed. ``generate(seed, n)`` gives ``n`` cases per capability as
(capability, text, [names expected]) with ``[]`` for a benign case.
"""

from __future__ import annotations

import random
from pathlib import Path

_EVAL = Path(__file__).resolve().parents[2] / "bots" / "evaluation"


def _names(file: str) -> list[str]:
    out = []
    for line in (_EVAL / file).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


FIRST = _names("first_names.txt") + _names("rare_first_names.txt")
SUR = _names("surnames.txt") + _names("rare_surnames.txt")

PROCS = ["TKR", "THR", "ORIF wrist", "lap chole", "hernia repair", "TURP", "EUA", "I&D abscess", "excision BCC",
         "hysteroscopy", "OGD", "colonoscopy", "debridement", "BKA", "washout", "ex-lap", "LSCS", "cystoscopy",
         "tonsillectomy", "ERCP", "appendicectomy", "mastectomy", "thyroidectomy", "SSG"]
DX = ["CAP", "DKA", "pyelo", "cellulitis", "UGIB", "NSTEMI", "CCF", "AKI", "PE", "COPD exacerbation",
      "ileus", "pancreatitis", "stroke", "sepsis", "TB meningitis", "asthma", "bronchiolitis", "gastro"]
PLANS = ["for d/c if bloods ok", "for repeat U&E", "NBM from midnight", "for CT abdo", "awaiting MRI",
         "for MDT", "for physio", "TTO ready", "for ward round review", "for echo", "consent outstanding"]
RESULTS = ["FBC clotted, pls redraw", "K+ haemolysed, repeat pls", "urine MCS contaminated, resend",
           "trop 45, repeat at 6h", "INR 6.2, warfarin held", "Hb 6.8, crossmatch 2 units",
           "CRP 212, blood cultures sent", "lactate 4.1, fluids running", "HbA1c 11.2, for insulin"]
ACTS = ["needs 2nd dose abx at 02:00", "still spiking, cultures sent", "pain not controlled",
        "for CXR before discharge", "NBM for OGD tmrw", "drain out today", "refusing meds again",
        "c/o chest pain since 2am", "vomiting overnight, on IVI", "febrile 38.9, started ceftriaxone"]
POSTOP = ["3/7", "5/7", "2/7", "day 3", "day 5", "POD2"]
HEADINGS = ["Cases for Tuesday", "Ops for Monday", "Thursday's lot", "Still waiting", "From the weekend",
            "Overnight", "Lists for Wed", "Tomorrow", "Bloods to chase", "New ones", "Seen today", "Outstanding"]
CLINICS = ["Clinic tmrw", "Ortho clinic", "OPD today", "Diabetic clinic Thu", "Fracture clinic", "Clinic"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Monday", "Tuesday", "Friday"]
ROTA = ["nights", "days", "on leave", "on call", "post call", "off", "long day", "early shift"]
TASKS = ["bring the US machine to bay 2", "check the crash cart", "sign the controlled drugs register",
         "cover theatre 3 at 14:00", "review the CTG in labour ward", "do the 10:00 drug round"]
ADMIN = ["leave form", "overtime claim", "CPD certificate", "rota swap request", "logbook"]
EPONYMS = ["Addison crisis protocol", "Graves disease teaching at 13:00", "Cushing syndrome workup - see protocol",
           "Parkinson clinic moved to Thursday", "Wernicke protocol - thiamine first", "Crohn flare pathway",
           "Glasgow coma scale chart", "Wells score for PE", "Apgar 7 / 9 / 10", "Hartmann procedure booklet"]
DRUGS = ["Augmentin 1.2g IV tds", "Clexane 40mg sc daily", "Panado 1g qid prn", "Ceftriaxone 2g IV daily",
         "Metformin 500mg bd", "Lasix 40mg IV stat", "Tramadol 50mg tds", "Warfarin 5mg nocte"]
PLACES = ["Soweto clinic - 3 referrals", "Alexandra CHC - 4 referrals today", "Tembisa - 2 transfers pending",
          "Khayelitsha clinic 3 patients for review", "Mitchells Plain CHC - 2 for OPD", "Ward 7 - 3 beds open",
          "Durban 3 / Joburg 5 / Cape Town 2 transfers this week"]
EQUIPMENT = ["Philips monitor 4 is broken", "Baxter pump 6 - occluded", "Welch Allyn 3 needs batteries",
             "Drager vent 2 alarming", "Mindray monitor in bay 3 - no sats probe", "Alaris pump 2 - needs service"]


def _person(rng):
    return rng.choice(FIRST), rng.choice(SUR)


def _bed(rng):
    return str(rng.randint(1, 30))


def _time(rng):
    return f"{rng.randint(7, 15):02d}:{rng.choice(['00', '15', '30', '45'])}"


# ---------------------------------------------------------------- positives

def list_unknown_heading(rng):
    ps = [_person(rng) for _ in range(rng.randint(2, 4))]
    names = [f"{f} {s}" for f, s in ps]
    lines = [f"{n} - {rng.choice(PROCS + DX)}" for n in names]
    return rng.choice(HEADINGS) + "\n" + "\n".join(lines), names


def list_no_heading(rng):
    ps = [_person(rng) for _ in range(rng.randint(2, 3))]
    names = [f"{f} {s}" for f, s in ps]
    sep = rng.choice([" - ", ", ", " "])
    return "\n".join(f"{n}{sep}{rng.choice(DX)}, {rng.choice(PLANS)}" for n in names), names


def slash_beds(rng):
    sur = rng.sample(SUR, 3)
    sep = rng.choice([" / ", ", ", "; "])
    tail = rng.choice([" - all for d/c if bloods ok", " all NPO from midnight", " - bloods pending", "",
                       " - for repeat U&E"])
    return sep.join(f"{s} {_bed(rng)}" for s in sur) + tail, sur


def clinic_times(rng):
    sur = rng.sample(SUR, 3)
    dash = rng.choice([" - ", ": ", " \u2014 "])
    return rng.choice(CLINICS) + dash + ", ".join(f"{s} {_time(rng)}" for s in sur), sur


def comma_names(rng):
    ps = [_person(rng) for _ in range(2)]
    names = [f"{s}, {f}" for f, s in ps]
    return rng.choice([" / ", "; "]).join(names) + " - " + rng.choice(["for MDT", "both need consent",
                                                                        "for ward round review", "NBM"]), names


def head_full_clinical(rng):
    f, s = _person(rng)
    name = f"{f} {s}"
    tail = rng.choice([
        f" {rng.choice(POSTOP)} post {rng.choice(PROCS)}, {rng.choice(['ileus', 'febrile overnight', 'NGT in situ', 'wound red'])}",
        f" back again w/ SOB, sats {rng.randint(80, 90)}%",
        f" - {rng.choice(RESULTS)}",
        f": {rng.choice(RESULTS)}",
        f" admitted with {rng.choice(DX)} overnight",
        f" {rng.randint(18, 90)}{rng.choice('MF')} {rng.choice(DX)}, {rng.choice(PLANS)}",
        f" c/o chest pain since 2am, trop pending",
        f" stable overnight, {rng.choice(PLANS)}",
    ])
    return name + tail, [name]


def head_lower(rng):
    f, s = _person(rng)
    name = f"{f} {s}".lower()
    tail = rng.choice([" back again w/ SOB, sats 88%", f" {rng.choice(POSTOP)} post {rng.choice(PROCS)}",
                       f" seen in OPD, {rng.choice(PLANS)}", f" - {rng.choice(RESULTS)}"])
    return name + tail, [name]


def head_pronoun(rng):
    f, s = _person(rng)
    name = f"{f} {s}"
    g = rng.choice(["her", "his"])
    p = "she" if g == "her" else "he"
    return name + rng.choice([f" - pls give {g[:3] if g == 'her' else 'him'} my ext if {p} calls back",
                              f" - pls call {g if g == 'her' else 'him'} back re {g} biopsy results",
                              f" - {g} husband wants an update on {g} op" if g == "her" else
                              f" - {g} wife wants an update on {g} op"]), [name]


def bullet_first_bed(rng):
    firsts = rng.sample(FIRST, rng.randint(1, 3))
    b = rng.choice(["\u2022 ", "- ", "* "])
    lines = [f"{b}{f} ({rng.choice(['', 'bed ', 'b'])}{_bed(rng)}) {rng.choice(ACTS)}" for f in firsts]
    return "\n".join(lines), firsts


def numbered_initial(rng):
    n = rng.randint(1, 3)
    names = [f"{rng.choice(FIRST)[0]} {rng.choice(SUR)}" for _ in range(n)]
    st = rng.randint(1, 5)
    fmt = rng.choice(["{i}) ", "{i}. "])
    lines = [fmt.format(i=st + k) + f"{nm} {rng.choice(PROCS)} - {rng.choice(['moved to Thu', 'postponed', 'first on the list', 'consent pls'])}"
             for k, nm in enumerate(names)]
    return "\n".join(lines), names


def surname_initial(rng):
    s = rng.choice(SUR)
    name = f"{s.upper()} {rng.choice(FIRST)[0]}"
    return f"{name} - {rng.choice(RESULTS)}", [name]


def titled_bullets(rng):
    n = rng.randint(2, 3)
    names = [f"{rng.choice(['Mr', 'Mrs', 'Ms'])} {rng.choice(SUR)}" for _ in range(n)]
    lines = [f"{k + 1}. {nm} - {rng.choice(['TTO ready', 'awaiting transport', 'bloods', 'for CT', 'NBM'])}"
             for k, nm in enumerate(names)]
    return "\n".join(lines), names


def bed_after_surname(rng):
    s = rng.choice(SUR)
    return f"{s} {rng.choice(['bed', 'bay', 'rm'])} {_bed(rng)} - {rng.choice(ACTS)}", [s]


def fields_on_lines(rng):
    f, s = _person(rng)
    name = f"{f} {s}"
    return f"{name}\n{rng.choice(DX)}, {rng.choice(['HbA1c 11', 'CRP 180', 'Hb 7.1', 'K 6.0'])}\n{rng.choice(PLANS)}", [name]


POSITIVE = {
    "list_unknown_heading": list_unknown_heading,
    "list_no_heading": list_no_heading,
    "slash_beds": slash_beds,
    "clinic_times": clinic_times,
    "comma_names": comma_names,
    "head_full_clinical": head_full_clinical,
    "head_lower": head_lower,
    "head_pronoun": head_pronoun,
    "bullet_first_bed": bullet_first_bed,
    "numbered_initial": numbered_initial,
    "surname_initial": surname_initial,
    "titled_bullets": titled_bullets,
    "bed_after_surname": bed_after_surname,
    "fields_on_lines": fields_on_lines,
}


# ---------------------------------------------------------------- benign look-alikes

def colleague_vocative(rng):
    f, s = _person(rng)
    return rng.choice([
        f"{f} - you're on call for theatre",
        f"{f}, can you {rng.choice(TASKS)}?",
        f"{f} {s} - pls send me your {rng.choice(ADMIN)}",
        f"{f} {s} - welcome to the team, you're on nights from Monday",
        f"{f} - pls {rng.choice(TASKS)}",
        f"{f} {s}, could you {rng.choice(TASKS)}",
        f"{s}, can you check bed {_bed(rng)}'s drip?",
    ]), []


def staff_titles(rng):
    s, s2 = rng.sample(SUR, 2)
    return rng.choice([
        f"Dr {s} - {rng.choice(PROCS)} assisting",
        f"Sister {s} - pls check the crash cart",
        f"Prof {s} - grand round at 12:30",
        f"Sr {s} {rng.randint(3000, 4999)} / Sr {s2} {rng.randint(3000, 4999)}",
        f"Dr {s} - {rng.choice(PROCS)} list, Dr {s2} assisting",
        f"Nurse {rng.choice(FIRST)} (ext {rng.randint(3000, 4999)}) will bring the consent forms",
        f"Tuesday - Dr {s} theatre, Dr {s2} clinic",
    ]), []


def rota(rng):
    fs = rng.sample(FIRST, 3)
    ds = rng.sample(DAYS[:7], 3)
    return rng.choice([
        " / ".join(f"{d}: {f}" for d, f in zip(ds, fs)),
        ", ".join(f"{f} {r}" for f, r in zip(fs, rng.sample(ROTA, 3))),
        "\n".join(f"{f}: {r}" for f, r in zip(fs, rng.sample(ROTA, 3))),
        "\n".join(f"{f} - {r}" for f, r in zip(fs, rng.sample(ROTA, 3))),
        f"Lists for Wed\n{fs[0]} - theatre 2\n{fs[1]} - theatre 4",
    ]), []


def thanks(rng):
    f = rng.choice(FIRST)
    return rng.choice([f"thanks {f}, {rng.choice(PROCS)} done", f"thx {f}! TTOs done",
                       f"Thanks {f}, the {rng.choice(DX)} in bed {_bed(rng)} is sorted",
                       f"Happy birthday {f}! cake in the tea room at 10",
                       f"Morning {f}, 12 patients on the list, 3 for d/c",
                       f"@{f} pls review the CTG", f"@{f} {rng.choice(DX)} in bed {_bed(rng)} for you"]), []


def staff_lists(rng):
    ps = [_person(rng) for _ in range(rng.randint(2, 3))]
    names = [f"{f} {s}" for f, s in ps]
    head = rng.choice(["on call this weekend:", "Theatre staff list:", "Conference attendees:", "new starters:",
                       "Teaching list:", "PERSAL numbers for the overtime claims:"])
    tails = rng.choice([[""] * 3, [" - scrub", " - runner", " - anaesthetics"], [" - ECG", " - ABG", " - CXR"],
                        [f" {rng.randint(10000000, 99999999)}" for _ in range(3)]])
    return head + "\n" + "\n".join(n + t for n, t in zip(names, tails)), []


def work_talk(rng):
    f, s = _person(rng)
    s2 = rng.choice(SUR)
    return rng.choice([
        f"{f} {s} presenting at journal club, ECG topic",
        f"{s} and {s2} are presenting at M&M",
        f"{s} {_time(rng)} for the teaching session, {s2} {_time(rng)}",
        f"{f} {s} said the CT is done",
        f"{f} {s} reviewed bed {_bed(rng)}, plan is CT",
        f"{f} - the lady in {_bed(rng)} needs a drip",
        f"{f} {s} - the {rng.choice(DX)} in bed {_bed(rng)} needs review",
        f"{f}: on call tonight\n{rng.choice(FIRST)}: post call",
        f"{s} {rng.choice(['082', '083', '072'])} {rng.randint(100, 999)} {rng.randint(1000, 9999)} (registrar on call)",
    ]), []


def eponym_drug_place(rng):
    return rng.choice(EPONYMS + DRUGS + PLACES + EQUIPMENT), []


def headings_and_chat(rng):
    return rng.choice([
        "Cases for Tuesday\nTKR x2\nORIF wrist\nlap chole", "Ops for Monday: 3 hips, 2 knees",
        "Monday 8:00, Tuesday 9:00, Wednesday 9:30", "Theatre 1 / Theatre 2 / Theatre 3 - all running late",
        "Bay 3 / Bay 5 / Bay 8 - need cleaning", "Hi all - MDT moved to 14:00", "GCS 14 / 15 at 02:00",
        "1) Update the rota\n2) Order more gloves\n3) Fix the printer", "\u2022 Mark the stock sheet\n\u2022 Clean the sluice",
        "Kindly note: Mr Price vouchers for staff", "Grey's Anatomy chapter 4 for the tutorial",
        "ICU beds available: 3\nHDU beds: 2", "sats 94\nHb 12.1\nWCC 8.3", "Hope 3 / Grace 4 wards are full",
        f"{rng.choice(DX)} teaching at {_time(rng)}, bring your stethoscopes",
    ]), []


def colleague_clinical(rng):
    (f, s), (f2, s2), (f3, s3) = _person(rng), _person(rng), _person(rng)
    n, n2 = rng.randint(2, 6), rng.randint(2, 6)
    return rng.choice([
        f"{f} {s} - great job with the {rng.choice(DX)} last night",
        f"{f} {s}, {f2} {s2} and {f3} {s3} passed the ACLS course",
        f"{f} - CT done, reported as normal",
        f"{f} {s}, the new intern, starts Monday",
        f"admissions tonight: {f} {n}, {f2} {n2}",
        f"{f} 1-10 / {f2} 11-20",
        f"{f} bed {_bed(rng)} pls, I'm in resus",
        f"{f} {s} is covering {rng.choice(['ICU', 'labour ward', 'casualty'])} tonight",
        f"{f} in theatre till 4, page him after",
        f"{f} {s} came in early to do the bloods",
        f"{f} {s} 2 tries tonight! what a game",
        f"{f} {s}: can someone cover bed {_bed(rng)}?",
        f"{f} beds 1-6, {f2} beds 7-12",
        f"{f}: {n} admissions, {f2}: {n2} admissions",
        f"{f} {s} ext {rng.randint(3000, 4999)} - for {rng.choice(PROCS)} queries",
        f"{s} {rng.choice(['Hospital', 'Clinic', 'CHC'])} - {n} beds open",
    ]), []


NEGATIVE = {
    "colleague_clinical": colleague_clinical,
    "colleague_vocative": colleague_vocative,
    "staff_titles": staff_titles,
    "rota": rota,
    "thanks_mentions": thanks,
    "staff_lists": staff_lists,
    "work_talk": work_talk,
    "eponym_drug_place_equipment": eponym_drug_place,
    "headings_and_chat": headings_and_chat,
}


def generate(seed: int = 0, n: int = 200):
    """``n`` cases per capability: (capability, positive?, text, names)."""
    rng = random.Random(seed)
    out = []
    for cap, fn in POSITIVE.items():
        for _ in range(n):
            text, names = fn(rng)
            out.append((cap, True, text, names))
    n_neg = n * len(POSITIVE) // len(NEGATIVE)  # as many benign cases as positive ones
    for cap, fn in NEGATIVE.items():
        for _ in range(n_neg):
            text, names = fn(rng)
            out.append((cap, False, text, names))
    return out
