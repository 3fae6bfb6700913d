"""The entries detector (issue 9): a patient named at the head of an entry (a
line, a bullet or numbered item, a "/"- "," or ";"-separated item, the head
of the message) followed by clinical content, with no cue word; and the
look-alikes that must stay quiet (colleagues, rotas, staff titles, @mentions,
eponyms, drugs, places, equipment, headings). All people are synthetic.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from entries_cases import NEGATIVE, POSITIVE, generate  # noqa: E402
from entries_handwritten import NEG as HAND_NEG  # noqa: E402
from entries_handwritten import POS as HAND_POS  # noqa: E402

from discreet.core import default_checker  # noqa: E402
from discreet.core.findings import Context  # noqa: E402

CHECKER = default_checker()
RULE = "person-name-entry"
WITHOUT = Context.make(disabled_rules=[RULE])


def _spans(text: str, ctx: Context | None = None) -> list[tuple[int, int]]:
    fs = CHECKER.check(text, ctx) if ctx is not None else CHECKER.check(text)
    return [(f.start, f.end) for f in fs if f.kind == "person_name"]


def _covered(text: str, name: str, spans) -> bool:
    s = text.index(name)
    e = s + len(name)
    return any(min(b, e) - max(a, s) >= 0.5 * (e - s) for a, b in spans)


def _entry_flags(text: str, ctx: Context | None = None) -> list:
    fs = CHECKER.check(text, ctx) if ctx is not None else CHECKER.check(text)
    return [f for f in fs if f.rule == RULE]


# --- the shapes of the brief, one by one --------------------------------------

FOUND = [
    ("Cases for Tuesday\nThandeka Zulu - TKR\nPieter Nel - ORIF wrist", ["Thandeka Zulu", "Pieter Nel"]),
    ("Ops for Monday\nThandeka Zulu - TKR\nPieter Nel - ORIF wrist", ["Thandeka Zulu", "Pieter Nel"]),
    ("Dlamini 4 / Botha 6 / Pillay 9 - all for d/c if bloods ok", ["Dlamini", "Botha", "Pillay"]),
    ("Clinic tmrw \u2014 Mokoena 08:30, Jacobs 09:00, Naidoo 09:30", ["Mokoena", "Jacobs", "Naidoo"]),
    ("Smit, Anna / Khan, Imran - for MDT", ["Smit, Anna", "Khan, Imran"]),
    ("Lerato Mahlangu 3/7 post hemicolectomy, ileus, NGT in situ", ["Lerato Mahlangu"]),
    ("sizwe ndlovu back again w/ SOB, sats 88%", ["sizwe ndlovu"]),
    ("Ayesha Patel - pls give her my ext if she calls back", ["Ayesha Patel"]),
    ("\u2022 Kagiso (11) needs 2nd dose abx at 02:00", ["Kagiso"]),
    ("2) T Mthembu hernia repair - moved to Thu", ["T Mthembu"]),
    ("MOKOENA T - FBC clotted, pls redraw", ["MOKOENA T"]),
    ("Olwethu 12 and Sandile 14 both for d/c", ["Olwethu", "Sandile"]),
    ("van der Merwe bed 12 - febrile, cultures sent", ["van der Merwe"]),
    ("Nozipho Mthiyane\nT2DM, HbA1c 11\nfor insulin start", ["Nozipho Mthiyane"]),
]

QUIET = [
    "Thandi - you're on call for theatre",
    "Dr Nel - TKR assisting",
    "Mon: Sipho / Tue: Anele",
    "thanks Pieter, ORIF done",
    "@Riaan pls review the CTG",
    "Sister Khoza - pls check the crash cart",
    "Addison crisis protocol",
    "Augmentin 1g tds",
    "Soweto clinic - 3 referrals",
    "Philips monitor 4 is broken",
    "Ward 7 - 3 beds open",
    "Monday 8:00, Tuesday 9:00, Wednesday 9:30",
    "Cases for Tuesday\nTKR x2\nORIF wrist",
    "Hope 3 / Grace 4 wards are full",
    "admissions tonight: Sipho 4, Thandi 5",
    "Thabo 1-10 / Lindiwe 11-20",
    "Zanele bed 10 pls, admin is full",
    "Lerato Mokoena is back tomorrow, she'll do the list",
    "Bongani Khumalo reviewed bed 4, plan is CT",
    "Helen Joseph has no beds, try Charlotte Maxeke",
    "> Sasha: is bed 25 for d/c?\nyes, TTOs done",
    "rota for next week:\nHendrik Motaung - Friday\nLuthando Kowalski - Saturday",
    "Karabo Molefe presenting at journal club, ECG topic",
    "Thabo nights, Lindiwe days, Riaan on leave",
]


@pytest.mark.parametrize("text,names", FOUND)
def test_entry_heads_are_found(text, names):
    spans = _spans(text)
    for n in names:
        assert _covered(text, n, spans), (text, n)


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text):
    assert not _entry_flags(text), text


def test_the_detector_adds_what_the_names_detector_misses():
    text = "Dlamini 4 / Botha 6 / Pillay 9 - all for d/c if bloods ok"
    assert not _spans(text, WITHOUT)  # the names detector alone finds none of them
    assert len(_spans(text)) == 3


def test_a_name_the_names_detector_found_is_left_to_it():
    # "baba Zwane" is the names detector's (a kin title); the entry must not replace its finding
    got = [f.rule for f in CHECKER.check("baba Zwane in bed 3 is asking for his granddaughter")
           if f.kind == "person_name"]
    assert got and RULE not in got


def test_workspace_staff_are_never_entries():
    text = "Lerato Mahlangu 3/7 post hemicolectomy, ileus"
    assert _entry_flags(text)
    assert not _entry_flags(text, Context.make(staff_names=["Lerato Mahlangu"]))


# --- invariance and direction ---------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("Lerato Mahlangu 3/7 post hemicolectomy", "Lerato Mahlangu"),
    ("Kgomotso Phiri - INR 6.2, warfarin held", "Kgomotso Phiri"),
    ("Sibongile Dube - Hb 6.8, crossmatch 2 units", "Sibongile Dube"),
])
def test_invariant_under_layouts(text, name):
    first, last = name.split()
    tail = text[len(name):]
    for variant, nm in [
        (text, name),
        (text.lower(), name.lower()),                                  # lower-cased
        (f"{last.upper()} {first}{tail}", f"{last.upper()} {first}"),  # SURNAME Given
        (f"\u2022 {text}", name),                                      # a bullet
        (f"1) {text}", name),                                          # numbered
        (f"Overnight\n{text}\nThabo Nkosi - CAP, on ceftriaxone", name),  # a list under a heading
        (f"morning all\n{text}", name),                                # chatter before
    ]:
        assert _covered(variant, nm, _spans(variant)), variant


@pytest.mark.parametrize("text,name,added", [
    ("Masondo - still spiking", "Masondo", "Masondo (14) - still spiking"),
    ("Kagiso needs 2nd dose abx", "Kagiso", "Kagiso (bed 11) needs 2nd dose abx"),
    ("Botha - FBC clotted", "Botha", "Botha bed 6 - FBC clotted"),
])
def test_a_bed_never_lowers_the_result(text, name, added):
    before = _covered(text, name, _spans(text))
    assert _covered(added, name, _spans(added))
    assert before <= _covered(added, name, _spans(added))


# --- generated cases: thousands, from templates and the behavioural suite's names ---

CASES = generate(seed=0, n=150)


def _rates():
    fails, totals, entry_fp = Counter(), Counter(), Counter()
    for cap, pos, text, names in CASES:
        totals[cap] += 1
        if pos:
            spans = _spans(text)
            if not all(_covered(text, n, spans) for n in names):
                fails[cap] += 1
        elif _entry_flags(text):
            entry_fp[cap] += 1
    return fails, totals, entry_fp


FAILS, TOTALS, ENTRY_FP = _rates()


def test_generated_cases_are_many_and_balanced():
    pos = sum(TOTALS[c] for c in POSITIVE)
    neg = sum(TOTALS[c] for c in NEGATIVE)
    assert pos >= 2000 and neg >= pos - len(NEGATIVE)


@pytest.mark.parametrize("cap", sorted(POSITIVE))
def test_generated_patient_entries_are_found(cap):
    rate = FAILS[cap] / TOTALS[cap]
    print(f"{cap}: failure rate {rate:.3f}")
    assert rate <= 0.15, (cap, rate)


def test_generated_patient_entries_overall():
    n = sum(TOTALS[c] for c in POSITIVE)
    rate = sum(FAILS[c] for c in POSITIVE) / n
    print(f"patient entries: failure rate {rate:.3f} of {n}")
    assert rate <= 0.05


@pytest.mark.parametrize("cap", sorted(NEGATIVE))
def test_generated_look_alikes_make_no_entry_finding(cap):
    assert ENTRY_FP[cap] == 0, [(t, n) for c, p, t, n in CASES if c == cap and _entry_flags(t)][:5]


# --- the hand-written set (new shapes, written before the detector) ---------------

def test_handwritten_cases():
    tp = sum(1 for t, _ in HAND_POS if _spans(t))
    fp = [t for t in HAND_NEG if _spans(t)]
    recall = tp / len(HAND_POS)
    print(f"hand-written: message recall {recall:.3f}, false flags {len(fp)}/{len(HAND_NEG)}")
    assert recall >= 0.9
    assert not fp
