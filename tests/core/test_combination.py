"""Re-identification by combination: fresh messages (not from the dev set)
that single a patient out without a name, and ordinary clinical messages
that must not fire."""

from __future__ import annotations

import pytest

from discreet.core import default_checker

CHECKER = default_checker()

SINGLES_OUT = [
    "the 44M maths teacher from the high school in Bethlehem, was in the papers last week, is in resus after an OD",
    "guess who's in cubicle 2 - the councillor's son, admitted with a stab wound 🙈",
    "the only dentist in Clanwilliam is our pt in bed 5, 58F, new dx breast ca",
    "that soapie star everyone knows came in with a psychosis, ward 9 side room",
    "the 37F whose husband works on ward 12 is in gynae for a termination of pregnancy",
    "the Springbok who was on the news after the bar fight is in ortho with a fractured jaw",
    "the imam of the mosque on Victoria Rd, 71M, admitted after the taxi crash, HIV+",
    "the station commander's wife, 52F, admitted with an overdose last night",
    "the famous DJ from the radio station is in ICU, HIV positive, pls keep it quiet",
    "the headmistress of the only primary school in Haenertsburg is on our list, 63F",
    # second round (measured once before changes: 4/6 found, 1/12 fired)
"the 29yo rugby player from the varsity team who was in the papers for the brawl is in ward 7",
"the ward councillor for our area came in with chest pain, 60M, in resus now",
"you won't believe who's in bed 2 - that singer from the Idols final, OD'd on something",
"the only GP in Hoopstad, 66M, is in our CCU after an MI",
"the reverend from the big church in Soweto, 70M, admitted with a stroke, his daughter is one of our nurses",
"the principal's husband is in ICU after the hijacking on the N1",
    # seventh round (written before the round-7 changes; first run 5/6 found, 1/6 fired)
    'the sangoma from Tzaneen who treats half the village is in bed 4 with a GI bleed',
    'the newsreader from SABC Tshivenda news, 52M, admitted after a suicide attempt',
    'the inkosi of the village near Giyani, 80M, in ICU, HIV+',
    'the owner of the only butchery in Hanover is in ward 6 with an overdose',
    'one of the triplets from Kuruman is in paeds ICU after the shack fire',
    'the headmaster of the high school in Thohoyandou was admitted with a psychosis',
    "the twin brothers from Sutherland who own the only garage there are both in ward 3 with TB",
    "our 45M in bed 2 is the radio DJ from the morning show, admitted after an OD",
    # eighth round (first run 3/3 found, 0/3 fired)
    'the bishop of the Zion church in Moria, 77M, admitted with HIV',
    'the soccer player from Chippa United who was on the news is in the ortho ward, 24M',
    'the magistrate from the Worcester court, 58F, is in the psych ward after a suicide attempt',
    # ninth round (first run 2/2 found, 0/2 fired)
    'the headmaster of the only high school in Matatiele, 61M, admitted with a suicide attempt',
    "the councillor's daughter is in gynae for a TOP, 17F, pls keep it quiet",
]

# issue 9: a public office, a publicised event, a relation to a public figure, or a member of
# staff admitted as a patient, each with a patient cue (written before the change: 3/24 found)
SINGLED_BY_OFFICE_EVENT_STAFF = [
    "the MEC for health was admitted to ward 3 overnight",
    "guess who's in our ICU: the provincial commissioner, intubated",
    "the speaker of the provincial legislature is in our high care",
    "the chief whip of the council was admitted with a stroke",
    "the municipal manager is in bed 6 with DKA",
    "the deputy mayor was brought in with chest pain",
    "the driver from yesterday's crash on the N1 is in theatre now",
    "the taxi-rank shooting victim is in ICU bed 2",
    "the pedestrian from last night's hit-and-run on Main Rd died in resus",
    "the kid from the school shooting last week is still ventilated",
    "the survivor of yesterday's bus crash near Polokwane is in ICU",
    "the victim of the N2 hijacking is in resus",
    "the Bafana goalkeeper's wife delivered last night in labour ward",
    "the police spokesperson's son was admitted with meningitis",
    "our theatre sister is in ICU bed 3 after her op",
    "one of our ICU nurses was admitted to ward 5 with pneumonia",
    "our registrar was admitted to medical ward with a PE",
    "one of our porters got stabbed last night, he's in ward 7",
    "the head of radiology was admitted with a DVT",
    "our own matron had a stroke and is in ICU bed 4",
    # written after the first changes, measured once before the next (11/17 found, 0/11 fired)
    "the MEC's son came in after a car accident, he's in resus",
    "the deputy minister's wife is in labour ward",
    "the kid who fell off the Sea Point promenade on the news is in our ICU",
    "the woman from last night's tavern shooting in Khayelitsha is in theatre",
    "one of our theatre nurses is in resus after an MVA",
    "our HOD was admitted this morning with chest pain",
    "one of the ICU registrars is now a patient in ward 6",
    "our ward clerk's husband is in ICU",
    "the school principal from the news story is in bed 12",
    # round 2 of issue 9 (a titled colleague's relative, a staff member by role, a publicised birth;
    # first run before the changes: 0/6 found)
    "Dr Mokoena's mom is in bed 5 with a STEMI",
    "Sister Khumalo's husband was brought in after an MVA",
    "the porter who works nights in casualty is now a patient in the psych unit",
    "the cleaner that works on ward 7 was admitted with DKA",
    "the quintuplets' mom from Tembisa is being moved to ward 9, she wants no press",
    "the conjoined twins from Mthatha are in NICU, keep the media away",
]

# the same offices, events and staff with no patient in sight
OFFICE_EVENT_STAFF_ORDINARY = [
    "the MEC for health is visiting the hospital on friday",
    "the minister's speech on NHI was on the news",
    "the deputy mayor visited the ward to hand out blankets",
    "the provincial commissioner will open the new police station",
    "crash on the N1 this morning, expect MVAs",
    "shooting victim in resus, 19M, GSW chest",
    "the shooting at the tavern brought in 4 GSWs tonight",
    "mass casualty drill on friday, simulating a bus crash",
    "the pile-up on the N2 means all registrars must come in",
    "our theatre sister is on leave next week",
    "our registrar is in theatre all day",
    "our paeds registrar is in resus with the trauma",
    "our matron is in ICU doing the audit",
    "our theatre sister admitted she forgot the swab count",
    "our registrar admitted the patient to ward 5",
    "the head of surgery admitted two patients overnight",
    "the head of radiology approved the CT",
    "one of our interns presented at grand round",
    "the survivor's guide to intern year is in the tea room",
    "the MEC's visit is postponed to next week",
    "the Minister of Police visited casualty after the shooting",
    "our HOD admitted she was wrong about the rota",
    "one of our theatre nurses is in resus helping with the MVA",
    "the bus crash victims have all been discharged",
    "our ward clerk is in the admin office",
    "Dr Mokoena's mom made us a cake for the tea room",
    "Sister Khumalo's husband fetched her after the shift",
    "the porter who works nights is on leave next week",
    "the cleaner that works on ward 7 found the keys",
    "the quintuplets story was on the news",
]

ORDINARY = [
    "bed 7 72M COPD exacerbation, on NIV",
    "28F 34/40 reduced fetal movements, for CTG",
    "41M with chest pain in resus, ECG ST elevation, cath lab activated",
    "who's the surgeon on call tonight?",
    "the principal diagnosis is CAP, secondary is AKI",
    "teaching by the orthopaedic registrar at 2pm in the seminar room",
    "the famous ward 5 tea party is on friday 🎉",
    "guess who's back in casualty again",
    "pt is a teacher, worried about missing work, sick note given",
    "our local anaesthetic stock is low, order more lignocaine",
    "the taxi crash patients are all discharged",
    "HIV+ 34F, CD4 210, for TLD restart",
"the only bed left is in the corridor",
"the only thing we need is more staff",
"our teacher for the ACLS course is brilliant",
"the coach from the patient transport service is late",
"the principal investigator wants the consent forms",
"famous last words: quiet night 😂",
"the local clinic called about a TB defaulter",
"the captain of the Springboks visited paeds today, kids loved it",
"guess who forgot the keys again",
"the school nurse sent a referral letter for a 9yo with asthma",
"the mayor opened the new wing today",
"the owner of the spaza shop across the road donated food for the staff",
    'the pharmacy in town is out of insulin pens',
    'the only working BP machine is in bay 3',
    "the radio in the nurses' station is broken",
    'twin pregnancy 32/40, for scan',
    "the mayor's office called about the strike",
    'DJ night for staff on Friday at the club',
    "pastor's prayer meeting for staff at 1pm in the chapel",
    "the principal's office at the nursing college called",
    "triplets delivered overnight, all in NICU, mom doing well",
    "amlodipine 10mg od, 56F, for review in 3/12",
    "a 30F teacher admitted after an overdose, psych to see",
    'the news at 7 said load shedding stage 4',
    'the only cath lab in the province is down',
    'our principal investigator wants the data by Friday, 45 pts enrolled',
]


def _combo(text: str) -> bool:
    return any(f.kind == "combination" for f in CHECKER.check(text))


@pytest.mark.parametrize("text", SINGLES_OUT)
def test_details_that_single_a_patient_out(text):
    assert _combo(text), text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_details_do_not_fire(text):
    assert not _combo(text), text


@pytest.mark.parametrize("text", SINGLED_BY_OFFICE_EVENT_STAFF)
def test_office_event_or_staff_member_as_patient(text):
    assert _combo(text), text


@pytest.mark.parametrize("text", OFFICE_EVENT_STAFF_ORDINARY)
def test_office_event_or_staff_without_a_patient_do_not_fire(text):
    assert not _combo(text), text


def test_no_combination_when_a_direct_identifier_was_found():
    text = "the only dentist in Clanwilliam, Mrs Ansie Botha, 58F, new dx breast ca"
    kinds = {f.kind for f in CHECKER.check(text)}
    assert "person_name" in kinds
    assert "combination" not in kinds


def test_combination_has_no_span():
    found = [f for f in CHECKER.check(SINGLES_OUT[0]) if f.kind == "combination"]
    assert found and found[0].start is None and found[0].end is None
    assert found[0].section == "patient-confidentiality"


if __name__ == "__main__":
    tp = sum(_combo(t) for t in SINGLES_OUT + SINGLED_BY_OFFICE_EVENT_STAFF)
    fp = sum(_combo(t) for t in ORDINARY + OFFICE_EVENT_STAFF_ORDINARY)
    print({"singles_out": len(SINGLES_OUT + SINGLED_BY_OFFICE_EVENT_STAFF), "found": tp,
           "ordinary": len(ORDINARY + OFFICE_EVENT_STAFF_ORDINARY), "fired": fp})


# Round 3: families a blind set showed missing, written afresh here (other
# places, roles and events): what happened to one person, when and where; an
# achievement or a first; a rare trait or birth; a player of a known side; a
# staff member as a patient by workplace; a public figure's relative with a
# room or a diagnosis.
SINGLED_BY_STORY = [
    "the Swiss hiker who fell off Lion's Head on Saturday - 31M, C-spine cleared, for ORIF",
    "the cashier shot in the Shoprite robbery in Mthatha last night is in theatre",
    "the grade 12 learner who won the national spelling bee, from Lusaka, admitted with pneumonia",
    "the first case of diphtheria in the district in 20 years is our 7yo in isolation",
    "our only sextuplet mum is back on the ward with pre-eclampsia",
    "the girl with albinism from Tzaneen, 14, in for a skin biopsy tomorrow",
    "the former Sundowns striker is our pt in bed 9 with a CVA, 58M",
    "pt works in the pharmacy in this hospital, 39F, admitted after a miscarriage",
    "it's the premier's daughter in room 6 with DKA, pls keep it quiet",
    "toddler mauled by the neighbour's dogs in Ceres on Friday, on the front page of the Herald",
    # a publicised event singles the patient out even in a bed-management message
    "the driver who was hijacked on Monday was discharged, bed is free",
]

ORDINARY_STORY = [
    "the tourist info desk moved to level 2, tell the patients",
    "rabies exposure, 8yo from Lusikisiki bitten by a dog on Sunday, for RIG and vaccine",
    "pt stabbed last night, 24M, ICD in situ, for CT chest",
    "who won the quiz last night? the paeds team apparently",
    "first case of the day is a lap chole, theatre 2 at 08:00",
    "the Dutch registrar starts on Monday in ICU",
    "our only functioning ultrasound is in labour ward again",
    "cholera guidelines attached, first case in the province was in the news",
    "the mayor opened the new isolation ward yesterday",
    "Springboks match on Saturday - who is on call?",
    "the matric learners are visiting the wards for career day on Monday",
    "the Zimbabwean patients need their asylum papers for the SASSA form",
    "albinism clinic is on Thursday in OPD room 3",
    "a man fell off a ladder yesterday, 45M, #radius, for ORIF",
    "the nurse who was attacked in cas on Saturday is OK, staff debrief at 2pm",
]


@pytest.mark.parametrize("text", SINGLED_BY_STORY)
def test_singled_out_by_story_trait_or_achievement(text):
    assert _combo(text), text


@pytest.mark.parametrize("text", ORDINARY_STORY)
def test_story_words_in_ordinary_messages_do_not_fire(text):
    assert not _combo(text), text
