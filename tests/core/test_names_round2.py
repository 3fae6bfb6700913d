"""Name families of issue 9, round 2 (each with benign look-alikes, written
before the cues were tuned): a first name alone with a bed / unit placement and
a patient's act ("X bed 4 wants to go home", "X in peds ED, 4yo"), a relative
named by role ("X (son) wants a call back", "X's mom wants to speak to a
doctor"), surnames in numbered or timed lists without numbers, a full name then
a bare date of birth, a derogatory label or an Nth visit beside a name, a
possessive with a clinical noun ("X's bloods"), "mokoena t K 2.9". Nurse
allocations, "X on call", "X in theatre", "X from pharmacy", rota lines and a
colleague's family stay quiet. All people are synthetic.
"""

from __future__ import annotations

import pytest

from tests.core.test_names_families import CHECKER, _covered  # noqa: F401  (one definition of "found")

PLACED_FIRST = [
    ('naledi bed 12 npo for theatre', ['naledi']),
    ('Zanele bed 10 obs q2h pls', ['Zanele']),
    ('Kagiso bed 4 wants to go home', ['Kagiso']),
    ('Lindiwe in seclusion room again, shouting', ['Lindiwe']),
    ('Precious in the labour ward is 7cm', ['Precious']),
    ('Bongani in OPD wants a sick note', ['Bongani']),
    ('Nomsa from 11 told me she fell last night', ['Nomsa']),
    ('Thandeka the lady in 9 is asking for pain meds', ['Thandeka']),
    ('Lerato on the paeds side, 6yo, still febrile', ['Lerato']),
    ('Sipho in peds ED, 4yo, fever and rash', ['Sipho']),
    ('Johan bed 22 NPO from midnight', ['Johan']),
    ('HIV VL for nokuthula is 200k', ['nokuthula']),
    ('thabo bed 3 vomiting again', ['thabo']),
    ('Ayanda in cubicle 5 is 72F with chest pain', ['Ayanda']),
    ('Marius in room 4 refusing his meds', ['Marius']),
    ('Nkosinathi bed 7 sats dropping to 88', ['Nkosinathi']),
    ('Annelie in bed 2 asking for her husband', ['Annelie']),
    ('Refilwe in the psych unit refusing meds', ['Refilwe']),
    ('Musa in cas, 9yo, fell off a wall', ['Musa']),
    ('Thulisile from 14 wants to self discharge', ['Thulisile']),
    ('Kobus the old man in 3 pulled his drip', ['Kobus']),
    ('Lwazi cubicle 2 vomiting since 6am', ['Lwazi']),
    ('CD4 for mpumi is 45', ['mpumi']),
    ('Fatima in maternity, 32F, BP 160/110', ['Fatima']),
]

RELATIVE_ROLE = [
    ('Khanyisile (son) wants a call back', ['Khanyisile']),
    ("Palesa's mom wants to speak to a doctor", ['Palesa']),
    ('partner Neo is waiting outside for news on Refilwe', ['Neo']),
    ('Mandla (husband) is at the nurses station', ['Mandla']),
    ("Tshepo's dad is asking about the scan results", ['Tshepo']),
    ('Sandile (brother) on the phone again asking for updates', ['Sandile']),
    ("Retha's daughter is angry about the wait", ['Retha']),
    ('wife Nosipho is at reception for Vuyo', ['Nosipho']),
]

SURNAME_LISTS = [
    ('list:\n1. Mkhize, Thabo - appendicectomy\n2. Naidoo, Priya - I&D', ['Mkhize, Thabo', 'Naidoo, Priya']),
    ('ICU update\n1 Mahlaba - vent, day 6\n2 Venter - extubated\n3 Radebe - for trache', ['Mahlaba', 'Venter', 'Radebe']),
    ('theatre tmrw\n1. Khumalo, Sibusiso - lap chole\n2. Pretorius, Anke - hernia repair', ['Khumalo, Sibusiso', 'Pretorius, Anke']),
    ('outpatient list\n09:00 T. Mabuza\n09:20 R. Nkwinika\n09:40 L. Fourie', ['T. Mabuza', 'R. Nkwinika', 'L. Fourie']),
    ('can we swap Ngcobo and Mthembu on the list', ['Ngcobo', 'Mthembu']),
    ("Dlamini's still eating, he was meant to be NPO", ['Dlamini']),
    ('HDU\n1 Mabena - intubated, day 3\n2 Jacobs - extubated yesterday', ['Mabena', 'Jacobs']),
    ('clinic list\n08:30 S. Mahlangu\n08:50 P. Botha', ['S. Mahlangu', 'P. Botha']),
    ('pls bump Sithole off the list, he ate', ['Sithole']),
]

NAME_DOB = [
    ('Sipho Ndlovu 22/05/1975 for colonoscopy', ['Sipho Ndlovu']),
    ('Anna Botha 1994.03.17 - lap chole', ['Anna Botha']),
]

DEROGATORY_LABEL = [
    ('Sibusiso the psycho from 6 is at it again', ['Sibusiso']),
    ('Jabu the tik head is back', ['Jabu']),
    ('Mpho is dying again 🙄 5th visit this month', ['Mpho']),
    ('Themba the junkie from 5 is demanding morphine', ['Themba']),
    ('Zola is back again, 4th admission this month', ['Zola']),
]

POSSESSIVE_CLINICAL = [
    ("can someone confirm Thandi Mokoena's allergies", ['Thandi Mokoena']),
    ("Zodwa's bloods are back, K 6.2", ['Zodwa']),
    ("did anyone chase Kabelo's scan?", ['Kabelo']),
    ("Nandi's meds need to be charted", ['Nandi']),
    ("who has Lindani Zungu's ECG?", ['Lindani Zungu']),
    ("Sizwe's sugars were 22 overnight", ['Sizwe']),
]

LOWER_INITIAL_LAB = [
    ('mokoena t K 2.9 pls replace', ['mokoena t']),
    ('ndlovu s Na 128', ['ndlovu s']),
    ('zulu m Hb 6.1 for transfusion', ['zulu m']),
]

LOOK_ALIKES = [
    'Zanele beds 1-6, Kagiso beds 7-12',
    'Lindiwe is in charge of bay 2 today',
    'Bongani covering ward 5 tonight',
    'Johan on call tonight',
    'Marius in theatre till 4, page him after',
    'Nomsa from pharmacy says clexane is out',
    'Thabo from lab called about the sample',
    'Precious from ICU will come review',
    'Ayanda in OPD till 1 then ward round',
    "Sipho bed 4 and 5 pls, I'll take 6-10",
    'Lerato, can you check bed 10 obs?',
    'Kagiso is on the paeds side today',
    "Mandla's mom made us cake, thank her",
    "Palesa's wedding is on saturday",
    "Tshepo's talk on sepsis was great",
    "did anyone see Kabelo's email?",
    "Zodwa's leave was approved",
    'swap Ngcobo and Mthembu on the rota',
    'theatre team\n1 Mahlaba - scrub\n2 Venter - anaesthetics',
    'journal club\n09:00 T. Mabuza\n09:20 R. Nkwinika',
    'Sibusiso the legend from 6 brought coffee',
    "Nandi's car is blocking the ambulance bay",
    'k 2.9 replace with slow k',
    'Jabu is back from leave',
    'Nkosinathi beds 7-12 today',
    'Annelie is in charge of the ward tonight',
    'Refilwe in theatre all morning',
    'Musa from pharmacy called about the TTOs',
    'Thulisile covering ward 14',
    'Lwazi on call, bleep him',
    'Fatima in maternity till 2, then clinic',
    "Sandile's birthday cake is in the tea room",
    "Retha's daughter got into varsity!",
    "pls bump Sithole's leave to next week",
    '1 Mabena - nights\n2 Jacobs - days',
    'teaching\n08:30 S. Mahlangu\n08:50 P. Botha',
    "Sizwe's car needs to move",
    "who has Lindani Zungu's number?",
    'Themba the legend from 5 covered my shift',
    'Zola is back from leave on monday',
    'Kobus in ICU today, page him',
    'Naledi from lab says sample haemolysed',
    'swap Mkhize and Naidoo on the rota',
    'Musa in OPD till 12',
]


# colleagues in the same shapes, written after the cues as a probe (first run 11 of 30 flagged, then fixed by
# the colleague words further on the line; before round 2: 3 of 30)
PROBE_LOOK_ALIKES = [
    "Thabo bed 4 is yours, I'll take 5",
    'Lerato bed 10 pls, admin is full',
    'Sipho in resus, can someone relieve him for tea',
    'Anele in ICU today, covering for Zama',
    'Mpho in the labour ward is running the show tonight',
    'Kagiso in OPD needs a hand with the drips',
    'Nomsa from 11 says the ward phone is broken',
    'Bongani from 4 will bring the trolley',
    "Zodwa's scan of the rota is in the group",
    "Precious's results from her exam came out, she passed!",
    'Jabu the legend brought pizza',
    'Lindiwe the new intern starts monday',
    "Musa's mom is visiting from Durban this weekend",
    'swap Sipho and Thabo on the call list',
    '1 Dlamini - nights\n2 Mokoena - days\n3 Venter - leave',
    "Lerato's bloods are done, she's fine, just a check-up for her own work medical",
    '09:00 T. Mabuza\n10:00 R. Venter\n(MDT presenters)',
    'Annelie 12/03/1988 birthday cake at 3!',
    'Thandi Mokoena 2024-03-12 interview for the post',
    'Sizwe on the paeds side today, Lerato on adults',
    'Ayanda in room 4 for the meeting at 2',
    'Kobus cubicle 3 please, I need help with a line',
    'Zanele the lady from HR called',
    'Refilwe in the psych unit till 4 then clinic',
    "Nandi's ECG course is next week",
    "Themba is back again, 3rd time this week he's late lol",
    'Johan bed 22 done, moving to 23',
    'thabo bed 3 pls',
    'Lindiwe (sister) is on tonight',
]

@pytest.mark.parametrize("text,names", PLACED_FIRST + RELATIVE_ROLE + SURNAME_LISTS + NAME_DOB + DEROGATORY_LABEL + POSSESSIVE_CLINICAL + LOWER_INITIAL_LAB)
def test_round2_families(text, names):
    for name in names:
        assert _covered(text, name), (text, name)


@pytest.mark.parametrize("text", LOOK_ALIKES + PROBE_LOOK_ALIKES)
def test_round2_look_alikes_stay_quiet(text):
    assert not [f for f in CHECKER.check(text) if f.kind == "person_name"]


def test_an_allocation_range_is_no_placement():
    # the same name and bed: a patient's act after one bed, a range of beds for a nurse
    assert _covered("Zanele bed 10 obs q2h pls", "Zanele")
    assert not _covered("Zanele beds 10-14 today", "Zanele")
    assert not _covered("Zanele bed 10 and 11 pls", "Zanele")


def test_a_unit_then_a_colleague_word_is_no_placement():
    assert _covered("Bongani in OPD wants a sick note", "Bongani")
    assert not _covered("Bongani in OPD till 1 then ward round", "Bongani")
    assert not _covered("Bongani in theatre wants the next case", "Bongani")


def test_a_bare_dob_after_a_full_name_in_other_formats():
    for dob in ("22/05/1975", "1975-05-22", "1975.05.22"):
        assert _covered(f"Lindiwe Mkhabela {dob} for OGD", "Lindiwe Mkhabela"), dob
    # a shift date is no date of birth without a name before it
    assert not [f for f in CHECKER.check("swap 22/05/2026 with me?") if f.kind == "person_name"]


def test_a_surname_heading_a_one_line_entry_with_a_diagnosis():
    # the list line without its number: a surname (no given name), a dash, a clinical state
    assert _covered("Balogun - chest pain - for d/c", "Balogun")
    assert _covered("1. Balogun - chest pain - for d/c", "Balogun")
    for text in ("Pillay - ICU consult done", "Naidoo - ward round at 8", "Mokoena - pls call me", "Khumalo - nights",
                 "Lerato - chest pain in bed 4, can you see?"):
        assert not [f for f in CHECKER.check(text) if f.kind == "person_name"], text
