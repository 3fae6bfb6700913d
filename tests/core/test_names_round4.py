"""Identifier families of round 4 (issue 9: unseen chat). Cases written for this
round with new synthetic people and new wordings of the shapes that the held-back
chat missed or falsely flagged; each family has benign look-alikes (colleagues,
eponyms, places, drugs, equipment, service numbers)."""

from __future__ import annotations

import pytest

from tests.core.test_names_families import CHECKER, _covered, _identifiers  # noqa: F401


def _kinds(text: str) -> set:
    return {f.kind for f in _identifiers(text)}


# 1. False flags: things and nicknames that look like names, colleagues' and service numbers
NOT_PATIENTS = [
    "Gent in bed 11 (80s) wants the chaplain, anyone have the number?",
    "Lady in cubicle 2 is asking for a blanket",
    "'Mrs Chest Pain' is back, third time this week lol",
    "the Dopplex in labour ward is broken again, battery flat",
    "pt arrived in the Land Cruiser with the whole family, wants a private room",
    "the Hamilton in ICU keeps alarming, biomed called",
    "ek sê die ou in bed 8 is net lazy",
    "Dr Pillay on call for ortho, 082 555 1234",
    "phone me if stuck, my cell is 071 338 2250, I'm first on call",
    "the switchboard 021 555 1000 keeps ringing out, try the 021 555 1042 backup",
]


STILL_PATIENTS = [
    ("the Mahlangu twins in NICU are both jaundiced", "Mahlangu"),
    ("Mrs Chetty in bed 4 has chest pain again", "Mrs Chetty"),
    ("Lady Mavuso in bed 3 wants her tablets", "Mavuso"),
]


def test_a_relatives_number_is_still_a_phone():
    assert "phone" in _kinds("her nephew 082 827 7266 is the backup contact")
    assert "phone" in _kinds("hi dr, Lindiwe Zondo here, my number is 082 827 7266")
    assert "phone" in _kinds("fwd from the daughter: Lindiwe Zondo, 082 827 7266, pls call her back")


# 2. A quoted nickname inside or after a name does not break it
NICKNAMES = [
    ('Johanna "Hannie" Swartz, 81, fall in the bathroom, #NOF', 'Johanna "Hannie" Swartz'),
    ("'Mabhuti' Nkwanyana is back from the TB hospital with haemoptysis", "Nkwanyana"),
    ("Lwandile ('Lulu') in paeds 4, mum asking about the CT results", "Lwandile"),
    ('Kagiso "Big K" Molefe refusing his insulin again, dietician pls', 'Kagiso "Big K" Molefe'),
]
NICKNAMES_BENIGN = [
    'thanks Anele "Nelly" Dube for the cover tonight',
    "the 'Mr Nice Guy' act from the reg again",
    "Miss South Africa visited the paeds ward today",
    'shoutout to Pieter "Piet" Botha on his last shift 🎉',
]


# 3. Chat emphasis around field labels (a forwarded WhatsApp/Slack block) keeps the labels readable
def test_bold_field_labels_still_label_the_fields():
    text = "[Forwarded]\n*Pt:* Palesa Mokgatle\n*DOB:* 2011-04-23\n*Folder:* KEH 556102\n*Dx:* septic arthritis R knee"
    found = {(f.kind, text[f.start:f.end]) for f in _identifiers(text)}
    assert ("date_of_birth", "2011-04-23") in found
    assert ("record_number", "KEH 556102") in found
    assert any(k == "person_name" and "Mokgatle" in s for k, s in found)


EMPHASIS = [
    "*Reminder:* M&M meeting Thursday 12:00, venue _seminar room 2_",
    "*Ward 5 update:* 3 beds open, 2 discharges pending",
    "rate the teaching 5* pls, and bring a pen",
]


# 4. Record numbers with a letter prefix, a slash or a hyphen, next to a name or after a pathology cue
@pytest.mark.parametrize("text,number", [
    ("Andile Mthembu W771-0925 to be reviewed by ortho", "W771-0925"),
    ("Tshepo Radebe P/2204418 transfer to ICU", "P/2204418"),
    ("Tshepo Radebe 11/02/1979 KEH2204418 for echo", "KEH2204418"),
    ("cyto C25-33017 back - no malignant cells", "C25-33017"),
])
def test_prefixed_record_numbers(text, number):
    found = {(f.kind, text[f.start:f.end]) for f in _identifiers(text)}
    assert ("record_number", number) in found


@pytest.mark.parametrize("text", [
    "Sipho Dube VL 1200000 for CrAg",
    "histo 2 weeks ago showed adenoca",
    "Dr Radebe MP 0123456 for the locum claim",
])
def test_lab_values_and_registrations_are_not_records(text):
    assert "record_number" not in {f.kind for f in _identifiers(text)}


# 5. Titles and referrals: "ma'am X", "get Mrs X an OT review", initials "to be seen by"
TITLED = [
    ("ma'am Ramokgopa refusing her NGT again, capacity assessment pls", "Ramokgopa"),
    ("Maam Sithole in bed 6 wants her tablets", "Sithole"),
    ("can we get Mr Mabuza a physio review before Friday?", "Mr Mabuza"),
    ("pls get Mrs Pillay an OT assessment before d/c", "Mrs Pillay"),
    ("K.T. Mokwena to be seen by the dietician re NGT feeds", "Mokwena"),
]
TITLED_BENIGN = [
    "ma'am can you sign the overtime form",
    "Thabo Nkosi, an OT from Soweto, will run the workshop",
    "Zanele Khumalo (physio) will see the ward patients today",
]


# 6. The folder order typed in lower case, with an age-sex or a folder number after it
LOWER_FOLDER = [
    ("pretorius, anneke 31y - appendix, consent done", "pretorius, anneke"),
    ("mokoena, lerato 4471203 for CT head", "mokoena, lerato"),
    ("dlamini, sipho 45M bed 4 - pneumonia", "dlamini, sipho"),
]
LOWER_FOLDER_BENIGN = [
    "sipho, thabo and lerato are on call tonight",
    "ok, thabo 28 is the room number",
    "so, sipho 12 beds are open",
]


# 7. A full name heading the message, then a patient's language need, a confused state or their own medication
PATIENT_CLAUSE = [
    ("Joaquim Ferreira Santos - Portuguese speaking only, pls book an interpreter for the consent", "Joaquim Ferreira Santos"),
    ("Abdiwali Hersi Farah can't speak a word of English, needs a translator for the ward round", "Abdiwali Hersi Farah"),
    ("Dorothy Whitfield away with the fairies again, asking for her late husband", "Dorothy Whitfield"),
    ("fyi Chantelle Jacobs needs her Depo today before she leaves", "Chantelle Jacobs"),
]
PATIENT_CLAUSE_BENIGN = [
    "Lerato Dlamini needs an interpreter for the Zulu lecture on Friday",
    "Thabo Nkosi can't speak at the meeting, he's in theatre",
    "Pieter Botha speaking only at the morning workshop",
]


# 8. Township addresses in the other orders: the area after or before a known township
@pytest.mark.parametrize("text", [
    "she stays in the green shack behind the church, Extension 3, Diepsloot - no street number",
    "collect from house no. 88, next to the tavern, Soshanguve Zone 5",
    "Sizwe Mahlaba from Mamelodi West, Ext 6, house 1450 - CHW to trace",
    "lives at Ext 12 Tembisa with her gran",
])
def test_township_areas_are_addresses(text):
    assert "address" in _kinds(text)


@pytest.mark.parametrize("text", [
    "radiology ext 5960, ask for the CT registrar",
    "call ext 123 Tembisa hospital for the bed state",
    "zone 2 Tembisa clinic meeting moved to Friday",
])
def test_extensions_and_clinics_are_not_addresses(text):
    assert "address" not in _kinds(text)


def test_an_honorific_of_kinship_is_part_of_the_span():
    text = "Aunty Ruwayda from bed 5 back again, sugars 26"
    spans = [text[f.start:f.end] for f in _identifiers(text) if f.kind == "person_name"]
    assert spans == ["Aunty Ruwayda"]


# 9. Relatives named by role after a bracket or dash, or with their contact details; a label in capitals
RELATIVES = [
    ("baby Lwandle (mum Zinhle Mabaso) - jaundice, SBR 310, start phototherapy", "Zinhle Mabaso"),
    ("Tumelo the 6yo with the fishbone - mum Keabetswe waiting in the corridor", "Keabetswe"),
    ("Next of kin: Palesa Motaung (sister) 072 118 9034", "Palesa Motaung"),
    ("Rethabile Nkoana sister rethabile.nk@webmail.co.za wants a copy of the histology", "Rethabile Nkoana"),
    ("Kgomotso Ramaphakela SAID 8806150321089? the lab needs it", "Kgomotso Ramaphakela"),
    ("Pt: Papadopoulos, Eleni\nFolder: KEH/2025/10233", "Papadopoulos, Eleni"),
]
RELATIVES_BENIGN = [
    "tea at 3 - mum Thandi baked a cake for the ward",
    "Zanele Khumalo (sister) will cover ward 5 tonight",
]


# 10. A first name with a bare placement and a label; a verb in -ing opening the sentence before a name
PLACED = [
    ("Marius in 14 is a proper dronkie, withdrawal by tonight", "Marius"),
    ("Sending Andile Mabuza to you with his obs chart, pls triage", "Andile Mabuza"),
    ("Checking Refilwe Molefe's bloods now, K was 6.1", "Refilwe Molefe"),
]
PLACED_BENIGN = [
    "Pieter in 5 is a proper legend, thanks for the help",
    "Sending Thabo Nkosi to help in resus",
    "Morning all, Lerato in 3 minutes for handover",
]


# Every family above: the patient's (or relative's) name is covered; the look-alikes give
# no identifier at all, or (where a number or place may still count) no person's name.
@pytest.mark.parametrize("text,name", STILL_PATIENTS + NICKNAMES + TITLED + LOWER_FOLDER + PATIENT_CLAUSE
                         + RELATIVES + PLACED)
def test_the_patients_name_is_covered(text, name):
    assert _covered(text, name)


@pytest.mark.parametrize("text", NOT_PATIENTS + NICKNAMES_BENIGN + EMPHASIS + TITLED_BENIGN + PATIENT_CLAUSE_BENIGN)
def test_look_alikes_are_not_identifiers(text):
    assert _identifiers(text) == []


@pytest.mark.parametrize("text", LOWER_FOLDER_BENIGN + RELATIVES_BENIGN + PLACED_BENIGN)
def test_look_alikes_name_no_person(text):
    assert "person_name" not in _kinds(text)
