"""Dates of birth: every common written form with its cue; admission,
discharge, clinic and on-call dates are not DOBs."""

import pytest

from discreet.core import validators

from pattern_helpers import CHECKER, mine, only_ours  # noqa: E402,F401


TRUE = [
    ("Busisiwe Masondo dob 04.09.53 needs a repeat CXR", "04.09.53"),
    ("MIYA, Bhekisisa, born 22.01.73 - but that's not the pt", "22.01.73"),
    ("Sbusiso Lakaza DOB 14 September 1982 - attention seeker", "14 September 1982"),
    ("Mr Themba Makhathini, d.o.b. 30/11/1975. NEWS 7", "30/11/1975"),
    ("Naveen Maistry - DOB 1942-08-11 - for echo", "1942-08-11"),
    ("Karien van der Merwe, DOB: 31 May 1998. what a waste", "31 May 1998"),
    ("Virginia Hardy 89F d.o.b. December 2, 1935, insurance", "December 2, 1935"),
    ("born 22 June 45 - not the pt in bed 4", "22 June 45"),
    ("D.O.B: Sept 14th 1982", "Sept 14th 1982"),
    ("date of birth is 14.09.82", "14.09.82"),
    ("Date of Birth: 14-Sep-1982", "14-Sep-1982"),
    ("b. 3/4/1990, for theatre", "3/4/1990"),
    ("born on the 14th of September 1982", "14th of September 1982"),  # linking words between cue and date
    ("born on 14th of September 1982", "14th of September 1982"),
    ("birthdate 1982/09/14", "1982/09/14"),
    ("can we register with DOB 5 September 1997 for now?", "5 September 1997"),
    ("DoB 12 Mar '80", "12 Mar '80"),
    ("(DOB 12/03/1980)", "12/03/1980"),
    ("US pt, DOB 09/14/1982", "09/14/1982"),
    # no cue: a name, a full date a year back or more, then the clinical reason
    ("Ayanda Khumalo 1994.03.17 G1P0 at 32/40 with PET", "1994.03.17"),
    ("Pieter Botha 22/05/1975 for OGD tomorrow", "22/05/1975"),
    ("MOKOENA Lerato 03/11/1988 G2P1 for C/S", "03/11/1988"),
    ("Thabo Nkosi (12-03-1985) for theatre", "12-03-1985"),
    ("Herr Klaus Weber, geb. 12.04.1951, Z.n. Apoplex", "12.04.1951"),
    ("Thabo Nkosi 12/03/1980 (DOB) for theatre", "12/03/1980"),
    ("gebore 14 Sept 1982", "14 Sept 1982"),
]


@pytest.mark.parametrize("text,value", TRUE)
def test_finds(text, value):
    got = mine(text)
    if value is None:
        assert got == []
    else:
        assert ("date_of_birth", value) in got, got


FALSE = [
    "admitted 08/06, for d/c 11/06 if cultures neg",
    "seen in clinic 04/10/2024, for repeat bloods in 6 weeks",
    "on call 11/09, anyone want to swap?",
    "study day 06/10, pls cover my clinic",
    "admitted 16/04/2025, for d/c 22/04/2025",
    "shift on 14 September 2025, who can swap",
    "DOB 31/02/1980",          # no such day
    "born 12/12/2099",         # future
    "DOB unknown, admitted 14/09/2024",
    "admitted 12/03/2024, DOB unknown",
    "DOB 13/13/1980",
    "20F 21/40 PV bleed, for scan",
    "follow up in 2/52",
    "BP 180/61",
]


@pytest.mark.parametrize("text", FALSE)
def test_hard_negatives(text):
    assert mine(text) == []


@pytest.mark.parametrize("value,ok", [
    ("14/09/1982", True), ("09/14/1982", True), ("1982-09-14", True),
    ("14 September 1982", True), ("Sept 14th 1982", True), ("December 2, 1935", True),
    ("22 June 45", True), ("29/02/2001", False), ("29/02/2000", True), ("31/04/1990", False),
    ("14/09/1850", False), ("01/01/3000", False), ("14 Foo 1982", False),
])
def test_plausible_date(value, ok):
    assert validators.plausible_date(value) is ok


def test_full_width_digits_in_a_dob_map_back():
    text = "DOB \uff11\uff14/\uff10\uff19/\uff11\uff19\uff18\uff12 pls"
    assert mine(text) == [("date_of_birth", text[4:14])]


def test_adversarial_100kb_of_dates_and_cues():
    for unit in ("DOB 1/1/1 ", "dob 12 12 12 12 ", "born " * 5, "14.09." * 10 + " "):
        text = (unit * (100 * 1024 // len(unit) + 1))[:100 * 1024]
        for kind, _ in only_ours(text):
            assert kind == "date_of_birth"
