"""Name families of round 3 (cases written for this round, new names and
wordings; each family with benign look-alikes: colleagues, eponyms, places,
drugs). All people are synthetic."""

from __future__ import annotations

import pytest

from tests.core.test_names_families import CHECKER, _covered, _identifiers  # noqa: F401

# 1. A first name, a bare bed number or "from bed N", then a patient's act or need
PLACED_BARE = [
    ("Gerrit in 12 is asking when he can go out for a smoke", "Gerrit"),
    ("Themba from bed 9 lost his dentures in theatre", "Themba"),
    ("Ruan from bed 2 is refusing his insulin", "Ruan"),
    ("Kabelo in 4 wants his mom called", "Kabelo"),
]
PLACED_BARE_BENIGN = [
    "Thandi in 5 minutes pls",
    "Dr Botha in 6 is asking for you",
    "Nomsa in 2 days wants her leave signed",
    "Sister Nkosi from bed 16 area says the phone is broken",
    "the pt in 6 is asking when he can smoke",
]


@pytest.mark.parametrize("text,name", PLACED_BARE)
def test_first_name_with_bare_placement_and_act(text, name):
    assert _covered(text, name)


@pytest.mark.parametrize("text", PLACED_BARE_BENIGN)
def test_bare_placement_lookalikes_stay_quiet(text):
    assert _identifiers(text) == []

# 2. Afrikaans titles: Meneer / Mevrou / Juffrou before a surname
AFRIKAANS_TITLES = [
    ("Meneer Pienaar in 3 is confused again", "Pienaar"),
    ("Mevrou Steyn wants to see the doctor", "Steyn"),
    ("Juffrou Louw in cubicle 2 is crying", "Louw"),
    ("mevrou van Wyk fell in the bathroom", "van Wyk"),
]
AFRIKAANS_TITLES_BENIGN = [
    "Meneer, die pasiënt in 6 is deurmekaar",
    "Mevrou, thanks for the coffee",
    "Dokter Pienaar is on call tonight",
    "Suster Louw is in charge of bay 2",
]


@pytest.mark.parametrize("text,name", AFRIKAANS_TITLES)
def test_afrikaans_title_names_a_patient(text, name):
    assert _covered(text, name)


@pytest.mark.parametrize("text", AFRIKAANS_TITLES_BENIGN)
def test_afrikaans_title_lookalikes_stay_quiet(text):
    assert _identifiers(text) == []

# 8. Paperwork for a surname: labs / imaging chased "for" a person
PAPERWORK = [
    ("labs for Mthembu 14: K 6.2", "Mthembu"),
    ("Pls chase MRI for S. Radebe", "S. Radebe"),
    ("ultrasound for Mahlaba pls, ?appendix", "Mahlaba"),
    ("bloods for Khoza 8: Hb 6.1", "Khoza"),
]
PAPERWORK_BENIGN = [
    "labs for ward 14 are delayed",
    "Pls chase CT for bed 5",
    "echo for Dr Nkosi tomorrow",
    "labs for Monday clinic",
    "ultrasound for Grace tomorrow?",
]


@pytest.mark.parametrize("text,name", PAPERWORK)
def test_paperwork_for_a_surname(text, name):
    assert _covered(text, name)


@pytest.mark.parametrize("text", PAPERWORK_BENIGN)
def test_paperwork_lookalikes_stay_quiet(text):
    assert _identifiers(text) == []

# 9. Handover bullets (surname + bed + diagnosis) under a heading naming the team or shift
HANDOVER = [
    ("Handover (surgical, Sun day)\n- Mabuza 3 - SBO\n- Ndlovu 7 - perf DU", ["Mabuza", "Ndlovu"]),
    ("Night shift handover\n- Cele 12 - pancreatitis", ["Cele"]),
    ("Handover (paeds, weekend)\n- Motaung 2 - bronchiolitis, on O2", ["Motaung"]),
]
HANDOVER_BENIGN = [
    "Handover (medical, Sat night)\n- 4 admissions, all stable",
    "Handover rota\n- Thandi - Mon\n- Sipho - Tue",
    "Night handover team\n- Thandi 12 - ICU\n- Sipho 4 - wards",
    "handover on call tonight\n- Lerato - ward 5 and 6\n- Pieter - resus",
    "Handover meeting\n- Zanele - intro\n- Pieter - TKR audit",
]


@pytest.mark.parametrize("text,names", HANDOVER)
def test_handover_bullets_under_a_team_heading(text, names):
    for name in names:
        assert _covered(text, name)


@pytest.mark.parametrize("text", HANDOVER_BENIGN)
def test_handover_staff_lists_stay_quiet(text):
    assert _identifiers(text) == []

# 3. "X is the pt" / "X is the patient": an explicit statement
IS_THE_PATIENT = [
    ("that's the daughter, Nozipho is the pt", "Nozipho"),
    ("Karabo is the patient, not the brother", "Karabo"),
    ("no, Lungile is the pt in 7", "Lungile"),
]
IS_THE_PATIENT_BENIGN = [
    "Sipho is the patient advocate",
    "Thandi is the patient's doctor",
    "Pieter is the patient liaison officer",
    "who is the pt?",
    "Nomsa is our patient safety officer",
]


@pytest.mark.parametrize("text,name", IS_THE_PATIENT)
def test_x_is_the_patient(text, name):
    assert _covered(text, name)


@pytest.mark.parametrize("text", IS_THE_PATIENT_BENIGN)
def test_x_is_the_patient_lookalikes_stay_quiet(text):
    assert _identifiers(text) == []

# 1b. A first name then leaving against advice: "X walked out AMA", "X left AMA", "X signed RHTC"
LEFT_AMA = [
    ("Sibongile walked out AMA at 3am", "Sibongile"),
    ("Mthunzi left AMA before his CT", "Mthunzi"),
    ("Refiloe signed RHTC this morning", "Refiloe"),
]
LEFT_AMA_BENIGN = [
    "Thabo walked out of the meeting",
    "Sipho left early today",
    "Lerato left the AMA form on the desk",
    "Anele left AMA forms in the office",
    "Pieter passed his exams",
]


@pytest.mark.parametrize("text,name", LEFT_AMA)
def test_first_name_left_against_advice(text, name):
    assert _covered(text, name)


@pytest.mark.parametrize("text", LEFT_AMA_BENIGN)
def test_left_against_advice_lookalikes_stay_quiet(text):
    assert _identifiers(text) == []

# 4. Relatives named by role: in-laws and step-relatives, with or without a capital
RELATIVE_ROLES = [
    ("Brother-in-law Sizwe says he smokes 20 a day", "Sizwe"),
    ("Sister-in-law Naledi wants to room in", "Naledi"),
    ("stepdad Kobus is at the desk asking for her results", "Kobus"),
    ("his son-in-law Andile rang re the scan", "Andile"),
    ("Tumi Mokoena's mom (Dikeledi) is at reception", "Dikeledi"),
    ("Ayanda's mom is Mrs Zungu", "Zungu"),
]
RELATIVE_ROLES_BENIGN = [
    "Sister Naledi is in charge tonight",
    "Sister Nomvula says the ward is full",
    "sister-in-law of Dr Khoza works in radiology",
]


@pytest.mark.parametrize("text,name", RELATIVE_ROLES)
def test_relative_named_by_role(text, name):
    assert _covered(text, name)


@pytest.mark.parametrize("text", RELATIVE_ROLES_BENIGN)
def test_relative_role_lookalikes_stay_quiet(text):
    assert _identifiers(text) == []

# 5. Neonates: "B/O X" (baby of) on a cot card or in a handover
BABY_OF = [
    ("B/O Dlamini twin 1 apnoeic episode", "Dlamini"),
    ("b/o Dlamini cot 3 jaundiced", "Dlamini"),
    ("B/O Nomsa Dlamini - desat", "Nomsa Dlamini"),
]
BABY_OF_BENIGN = [
    "B/O 2 boxes of gloves",
    "N/O to the ward pls",
    "the B/O results are back",
    "B/O Monday clinic",
]


@pytest.mark.parametrize("text,name", BABY_OF)
def test_baby_of_names_the_mother_and_the_baby(text, name):
    assert _covered(text, name)
    # the "O" of "B/O" is not taken for an initial of the name
    assert all(text[f.start] != "O" and text[f.start] != "o" for f in _identifiers(text))


@pytest.mark.parametrize("text", BABY_OF_BENIGN)
def test_baby_of_lookalikes_stay_quiet(text):
    assert _identifiers(text) == []


def test_x_is_the_patient_not_after_a_place():
    text = "the only vet in Clanwilliam is the pt in bed 5"
    assert not _covered(text, "Clanwilliam")
