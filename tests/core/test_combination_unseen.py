"""Combination on unseen chat (issue 9): a patient singled out with no direct
identifier, by a public figure's relative or side, a trial, a story in the
paper, a rare disease or a notifiable case in a small place, an unusual
accident, a staff member in a ward bed; and the look-alikes that must stay
quiet: a famous person or an office discussed with no patient, a topic (a
speech, a campaign, a grand round), "the only" about a ward, a bed or a
thing, a vaccine rather than a case. All wordings and places are new
(written for this file, not taken from any held-back set)."""

from __future__ import annotations

import pytest

from discreet.core import default_checker

CHECKER = default_checker()


def combination(text: str) -> bool:
    return any(f.policy == "identifiers" and f.kind == "combination" for f in CHECKER.check(text))


def flagged(text: str) -> bool:
    return any(f.policy == "identifiers" for f in CHECKER.check(text))


SINGLED_OUT = [
    "the Stormers flyhalf with the shoulder, 24, on the list for Friday - his agent won't stop calling",
    'that Pirates goalkeeper with the knee is in ward 4, fans outside asking for him',
    "the Minister of Transport's daughter came in with a broken wrist, be discreet",
    "the premier's grandson is in paeds with meningitis",
    "the ward 9 councillor is back again with chest pain, nobody knows he's here",
    'the accused in the Soshanguve taxi murders case is under police guard in ICU bed 2',
    'the woman from the Worcester baby-snatching trial delivered last night, warders in labour ward',
    'the man the president visited after the mine rescue is in our HDU',
    'the retired Proteas batsman, 70s, in for a hip replacement - keep it quiet',
    'our only resident with XDR-TB from the old age home in Upington, 81F, needs isolation',
    "the grade 6 teacher from Alldays with Huntington's, 45, falling again",
    'the pharmacist from Vredendal with cystic fibrosis, 26, back with a chest infection',
    'the former Miss Limpopo, 31F, in for a breast biopsy, wants total discretion',
    'the lady on the Vodacom billboard, 28F, admitted with an ectopic',
    'the baby born in the taxi on the N3 last week is back with jaundice',
    'the boy who was swept away in the river in Mthatha on Sunday, now in our PICU',
    'the game ranger gored by a buffalo near Hoedspruit yesterday is in theatre',
    'the 104-year-old from Lusikisiki they interviewed on the radio is in ward 3 with a UTI',
    'our ICU sister is in medical ward with a DVT',
    'one of our porters is in surgical ward with appendicitis',
    'the only female pilot in Kimberley, 38, in for a lap chole',
    'the Congolese trader from the Musina border post with suspected cholera, isolation room',
    'the farmer from near Graaff-Reinet with anthrax on his arm, 52M',
    'the principal of the Catholic school in Lady Frere is in again with her asthma',
    'that Chiefs striker with the ankle keeps demanding his own room',
]

NOT_SINGLED_OUT = [
    'the Stormers flyhalf scored twice on Saturday, what a game',
    "the Minister of Transport's speech on road safety was on the news",
    "the premier's office called about the new paeds ward funding",
    'the ward 9 councillor is in the boardroom for the budget meeting',
    'the accused in the murder trial was on the news again',
    'the president visited the hospital after the mine rescue, all staff to wear name tags',
    'the Proteas batsman gave a talk on concussion at the sports medicine lecture',
    'our old age home outreach is on Thursday, bring the flu vaccines',
    "grand round on Huntington's disease on Friday, all interns please attend",
    'cystic fibrosis clinic moves to Tuesdays from next month',
    'the billboard outside the hospital says we are hiring nurses',
    'the baby born last night in bed 4 is feeding well, 3.2kg',
    'bed 12 drowned near the river last night, 6yo, on the vent',
    'the game ranger course is on Saturday for the outreach team',
    'the 104 bed is broken, maintenance called',
    'our ICU sister is in the medical ward with the new intern',
    'one of our porters is in surgical ward with the trolley, can someone help him',
    'the only female pilot in the country gave a talk at school assembly',
    'cholera vaccine stock arrived in the pharmacy',
    'rabies vaccine for the dog bite in bed 3, 8yo, day 3 of 5',
    'the only pt on the ward with MRSA, 67M, bed 9, contact precautions',
    'the only one in bed 4 with a temp, 34F, bloods sent',
    'anthrax awareness talk for the farming community next week',
    'lives alone in a flat, 78F, needs home-based care referral',
    "the famous last words: it's a quiet night. 3 admissions already",
    'the MEC for health announced the new TB campaign on the radio',
    "the mayor's office donated 20 wheelchairs to the hospital, it was in the papers",
    'a famous surgeon once said the best incision is the one not made',
    'the Chiefs striker was on TV talking about knee injuries',
    "the pastor's sermon on HIV stigma was on TV",
    'the health MEC spoke about cancer screening on the radio',
    'our nurse is in gynae ward with a patient',
    'the fire in the township was on the news, 4 patients came in',
    'the only option for bed 4, 67M, is palliative care',
    'the only thing keeping bed 7 alive is the noradrenaline, 80F',
    'our only ventilator is on the 45M in bed 2',
    'the only reg on call is in theatre, 34F in resus waiting',
    'he is the only one who can cannulate the 2yo in bed 5',
    'the only bed left is in ICU, 60M waiting in cas',
    'the only doctor in the hospital tonight is me, 45M in resus crashing',
    'our theatre nurse is in gynae ward with her new student',
]


def test_a_topic_takes_the_clinical_words_out_of_the_patient_cue():
    # the same public figure and the same news: a speech is not a patient, an admission is
    assert not combination("the MEC for health spoke about TB on the radio")
    assert combination("the MEC for health was admitted with TB, it was on the radio")


def test_a_rare_disease_needs_a_place_or_an_occupation():
    assert not combination("bed 4, 34F with Wilson's disease, for LFTs")
    assert combination("the bus driver from Sutherland with Wilson's disease, 34F, for LFTs")


def test_a_notifiable_case_is_not_its_vaccine():
    assert not combination("the farmer from Vryburg came for his rabies vaccine, 52M, day 3")
    assert combination("the farmer from Vryburg with rabies, 52M, in isolation")


# Second round, written after the first changes and measured once before the
# next (16/30 found, 0/22 look-alikes fired): kings and party chairs, a
# relative who "is the local MP", a viral clip or a siege, a colleague by role
# admitted, in resus with a condition, delivered; a rare condition and
# crowdfunding; a radio station. Look-alikes: the same staff at work, the
# press asking about patients, an Olympic pool.
SINGLED_OUT_2 = [
    "her dad is the mayor of Polokwane, she's in ward 12 with pyelo, keep it low key",
    'the son of that famous gospel singer is in resus after an OD',
    "the king's cousin was admitted last night with chest pain, security everywhere",
    'his mother is the local MP, 19M in casualty with a stab wound',
    'the chairperson of the taxi association is in ICU after the ambush on Friday',
    'the judge from the high court in Mahikeng is in our CCU, 62M',
    'the guy from the viral TikTok with the bull is in ortho, both legs broken',
    'the boy stuck in the storm drain that was all over Facebook is in PICU',
    'the woman who was on Carte Blanche about her missing kids came in with an overdose',
    'the hostage from the bank siege in Rustenburg is in ward 4, 33F',
    "one of our interns OD'd last night and is in ICU",
    'our cleaner from the night shift is in resus with chest pain',
    'the new paeds registrar was admitted to medical ward with TB',
    "a doctor from our department is in ICU with covid, please don't discuss",
    'the ward clerk from 4B delivered last night, baby in NICU',
    "our anaesthetist's wife is in labour ward, 32 weeks",
    '14yo from Sutherland with progeria, in for a cardiac workup',
    'the baby from Calvinia with the rare heart condition, the one the crowdfunding was for, is back in PICU',
    'the famous sangoma from Giyani is in ward 7 with a stroke',
    'the inmate from the Kgosi Mampuru escape story is under guard in bed 11',
    "the pastor's kid from the big church in Mthatha came in drunk with a head injury",
    'the Sowetan reporter who was shot covering the protest is in theatre',
    'that Olympic swimmer from Durban, 22F, admitted with appendicitis',
    "the ANC regional chair's wife is in gynae with an ectopic",
    'the DJ from the Friday night show on Jozi FM is in ward 8 with pancreatitis',
    'the lady who won the lotto last month is in our ICU after the hijacking',
    'the teacher who went viral for dancing with her class is in ward 5 with a PE',
    "our HOD's teenage son is in casualty with alcohol poisoning",
    'the matric top achiever from Bochum, 18F, admitted with DKA',
    "the Springbok women's captain is in ortho with an ACL tear",
]

NOT_SINGLED_OUT_2 = [
    'the new paeds registrar admitted 4 patients overnight, 2 in ICU',
    'the registrar is in resus with the 45M GSW',
    'the intern presented the 60M in bed 4 at the ward round',
    'our cleaner from the night shift found a needle in bed 5, 34F',
    'the ward clerk from 4B sent the files for the 70M',
    'our midwife delivered twins last night, both well',
    'the sister delivered the bloods to the lab',
    "the king's speech about the hospital was on the news",
    'the king visited the ward today, everyone in bed 5 got a blanket',
    'the MP for our area opened the new clinic, it was in the papers',
    "her dad is a farmer, she's in ward 12 with pyelo, 23F",
    'his mother is the main carer, 19M in casualty with a stab wound',
    'the guy from the video on sepsis at the conference was brilliant',
    'the hostage negotiation training is on Friday for security',
    'the olympic pool is closed, physio for bed 3 postponed',
    "the rare disease registry needs the 45F's genetics report",
    "a rare condition, the 45F in bed 9 has Fabry, first one I've seen",
    "one of our interns OD'd a pt on potassium, incident report done",
    'the Metro FM interview with our CEO about the ICU beds is on today',
    'the crowdfunding for the new NICU incubators reached R1m, it was on the news',
    'the reporter called switchboard asking about the crash victims, 4 admitted',
    'our nurse is in resus with the family of the 30M',
]


# Third round (written after the second changes; first run 7/12 found, 0/8
# look-alikes fired): a TV or radio personality by show, a vehicle that
# rolled, a wedding, a derby, a bus disaster, a child pulled from a dam.
SINGLED_OUT_3 = [
    "VIP in bed 3 - it's the mayor, chest pain, nobody posts anything",
    'the guy who plays the principal on Skeem Saam is in ward 6 with pneumonia',
    'pt is the CEO of a big bank, 55M, in for a CABG',
    'the bride from the wedding shooting on Saturday is in ICU, 26F',
    'the gogo from the Diepsloot shack fire, 81, burns to 30%',
    'the survivor of the Mooi River bus disaster is in our HDU',
    'the driver of the taxi that rolled on the R71 yesterday is in theatre',
    'the wife of the police commissioner was admitted with a stroke',
    'the weather presenter from the morning news is in casualty with an asthma attack',
    "the referee from Saturday's derby who collapsed on the pitch is in our CCU",
    'the 12yo who was pulled out of the dam in Bela-Bela on Sunday, on the vent',
    'the famous chef from the cooking show, 48M, admitted after an OD',
]

NOT_SINGLED_OUT_3 = [
    'VIP parking is for consultants only',
    "the mayor's office sent a thank you letter for the flood response",
    'the bus disaster on the news made me sad, so many lives lost',
    'the wedding shooting is all over the news, no patients here yet',
    'the weather presenter said it will rain all week, bring umbrellas',
    'the referee in the staff soccer match was terrible lol',
    'the CEO of the hospital group is visiting on Friday',
    'the principal called about the school health screening next week',
    "the reporter called switchboard asking about the crash victims, 4 admitted",
]


# The same public figure, told as a patient in other words, and as a guest.
AS_A_PATIENT = [
    "we've got the mayor of Mokopane in bed 4",
    "the mayor of Mokopane is on my list tomorrow for a lap chole",
    "the mayor of Mokopane is currently in hospital here",
    "the mayor of Mokopane was brought to us after a fall",
    "the mayor of Mokopane is being worked up for a lymphoma",
    "the famous twins from the yoghurt advert are both in paeds with measles",
]

AS_A_GUEST = [
    "the mayor's new advert for the clinic campaign is on TV",
    "the MEC is in hospital today for the opening of the new ward",
    "the premier is with us today for the launch, all staff to attend",
    "the minister is on the list of speakers at the conference",
    "the famous surgeon is here for a lecture on hernia repair",
]


# Every round: a patient singled out is nudged (a name finding, when the names
# detector reads a title as one, takes the place of combination); a look-alike is not.
@pytest.mark.parametrize("text,nudged", [(t, True) for t in SINGLED_OUT + SINGLED_OUT_2 + SINGLED_OUT_3 + AS_A_PATIENT]
                         + [(t, False) for t in NOT_SINGLED_OUT + NOT_SINGLED_OUT_2 + NOT_SINGLED_OUT_3 + AS_A_GUEST])
def test_singled_out_patients_are_nudged_and_look_alikes_are_not(text, nudged):
    assert flagged(text) is nudged


# Everyday words that are also public roles: the professor on the ward round,
# a "drama queen", a patient nicknamed for running about.
@pytest.mark.parametrize("text", [
    "the drama queen in bed 4, 34F, again with her chest pain",
    "the professor wants the 45M in bed 4 for theatre",
    "professor of surgery is doing the ward round, 60M in bed 2 first",
    "the winger in bed 4 ha, 23M who won't stop running around",
])
def test_everyday_words_that_are_also_roles(text):
    assert not combination(text)
