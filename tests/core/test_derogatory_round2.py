"""Issue 16, round 2: contempt without a label word in clinicians' own
writing (policies/derogatory/contempt_more.toml) and labels that are reported
or criticised rather than used (discussion cues in catalogue.toml). One table
per family; each holds the look-alikes it must leave alone (clinical uses,
self-talk, respectful venting, quoting to criticise). Synthetic people only."""

import pytest

from derog_helpers import CHECKER, check_row, derog  # noqa: E402,F401


# (text, target when derogatory, else None)

REPORTED = [
    ("People who assume someone is a drug seeker because of a tattoo should reflect on that.", None),
    ("Too many of us assume every woman with pelvic pain is a drug seeker.", None),
    ("She was a 'frequent flyer', as the triage note phrased it. Is that a diagnosis?", None),
    ("The referral letter was written to insinuate that the patient was exaggerating.", None),
    ("Hypochondriacs, I learned as a registrar, are not so easily dismissed.", None),
    ("She had been labelled as attention seeking by three teams before the MRI.", None),
    ("He was dismissed as a malingerer until the nerve conduction studies came back.", None),
    # the same labels used, not reported, still count
    ("total drug seeker in cubicle 4, wants pethidine by name", "patient"),
    ("the attention seeker in bed 9 is back", "patient"),
]

LITERAL = [
    ("Discussed pseudoseizures with the neurology team, video EEG booked.", None),
    ("NICU: this baby was 25 weeks and is now feeding well", None),
    ("Tired of the crap they throw at me in these rota meetings.", None),
    ("Taking the kids to the circus this weekend, the circus is in town", None),
    ("family worried he is becoming senile, MMSE booked", None),
    ("senile purpura on both forearms", None),
    ("parasites seen on the blood film, malaria RDT positive", None),
    ("simple fracture of the radius, for backslab", None),
    ("whining noise on expiration, ?stridor", None),
    ("allergic to penicillin and latex, documented on the chart", None),
    ("functional neurological disorder, referred to neuropsychiatry", None),
]

COLLEAGUE_GROUPS = [
    ("ED nurses are just glorified receptionists", "colleague"),
    ("physios are lazy massage therapists", "colleague"),
    ("radiographers are just button pushers", "colleague"),
    ("ortho consults are the absolute worst", "colleague"),
    ("don't get me started on the anaesthetists", "colleague"),
    ("the surgical regs suck", "colleague"),
    ("medicine doesn't even try to diagnose anymore", "colleague"),
    # look-alikes
    ("our physios are brilliant, she was walking on day 1", None),
    ("I felt like a glorified receptionist on my admin week", None),
    ("don't get me started on the bed shortage", None),
    ("the worst part of the consult was the wait for CT", None),
    ("cardiology consult was brilliant, seen in 20 minutes", None),
]

COLLEAGUE_CONTEMPT = [
    ("whoever hired this clown should be fired too", "colleague"),
    ("the locum on tonight is the dumbest person alive", "colleague"),
    ("the new reg is a pedantic pain in the backside", "colleague"),
    ("the HO is kind of an ass to the nurses", "colleague"),
    ("that nurse manager treats the juniors like dirt", "colleague"),
    ("our consultant is senile and should retire", "colleague"),
    ("the night reg is a terrible person", "colleague"),
    ("the surgeons sit on their butts all day", "colleague"),
    # look-alikes: the author, a clinical pain, a question about an agency
    ("I'm the dumbest person in this MDT and I've made peace with it", None),
    ("I'm a pain in the backside when I'm tired, sorry team", None),
    ("I felt like a terrible person telling her the news", None),
    ("pain in the neck radiating to the left arm, ECG done", None),
]

PATIENT_BLAME = [
    ("smoked 40 a day since he was 12 and now wants our sympathy", "patient"),
    ("no wonder he's got hep C, the way these guys live", "patient"),
    ("why do we even bother with her, she'll be back next week", "patient"),
    ("half of them come in just for a free sandwich", "patient"),
    ("they should get a job and stop exploiting the system", "patient"),
    ("if they're just going to lie in bed all day they can do it at home", "patient"),
    # look-alikes
    ("he chose to stop smoking after the MI and has done brilliantly", None),
    ("no wonder he's got a headache, BP 210/120", None),
    ("I need to get a job closer to home", None),
]

SYMPTOM_MOCKERY = [
    ("bed 7 is dying again \U0001F644 4th visit this week", "patient"),
    ("that seizure was Oscar-worthy", "patient"),
    ("someone give her a golden statue", "patient"),
    ("allergic to morphine, tramadol, codeine... and ice packs", "patient"),
    ("he's been whining about his back all shift", "patient"),
    ("a problem between the ears, functional rubbish", "patient"),
    # look-alikes
    ("pt is dying, family called in, syringe driver up", None),
    ("I whinged about the rota all weekend", None),
    ("the Oscars were on last night, anyone watch?", None),
]

DEHUMANISING = [
    ("he smells like death, just put him in the corridor", "patient"),
    ("the lady in bay 3 is a bit simple", "patient"),
    ("is it a he or an it in bed 12?", "patient"),
    ("the circus is in town, whole family in resus again", "patient"),
    ("what a freak show in bed 4", "patient"),
    # look-alikes
    ("pt smells strongly of alcohol, GCS 14", None),
    ("the wound smells offensive, swab sent", None),
]

STEREOTYPES = [
    ("these Muslim families always bring the whole village", "patient"),
    ("those Indian families always expect a private room", "patient"),
    # look-alikes
    ("the family are Muslim and asked for a female doctor", None),
    ("Somali interpreter booked for 10am", None),
]


@pytest.mark.parametrize("text,target", REPORTED, ids=[t for t, _ in REPORTED])
def test_reported_or_criticised(text, target):
    check_row(text, target)


@pytest.mark.parametrize("text,target", LITERAL, ids=[t for t, _ in LITERAL])
def test_literal_uses(text, target):
    check_row(text, target)


@pytest.mark.parametrize("text,target", COLLEAGUE_GROUPS, ids=[t for t, _ in COLLEAGUE_GROUPS])
def test_colleague_groups(text, target):
    check_row(text, target)


@pytest.mark.parametrize("text,target", COLLEAGUE_CONTEMPT, ids=[t for t, _ in COLLEAGUE_CONTEMPT])
def test_colleague_contempt(text, target):
    check_row(text, target)


@pytest.mark.parametrize("text,target", PATIENT_BLAME, ids=[t for t, _ in PATIENT_BLAME])
def test_patient_blame(text, target):
    check_row(text, target)


@pytest.mark.parametrize("text,target", SYMPTOM_MOCKERY, ids=[t for t, _ in SYMPTOM_MOCKERY])
def test_symptom_mockery(text, target):
    check_row(text, target)


@pytest.mark.parametrize("text,target", DEHUMANISING, ids=[t for t, _ in DEHUMANISING])
def test_dehumanising(text, target):
    check_row(text, target)


@pytest.mark.parametrize("text,target", STEREOTYPES, ids=[t for t, _ in STEREOTYPES])
def test_stereotypes(text, target):
    check_row(text, target)


def test_a_label_followed_by_instead_of_a_gerund_still_counts():
    # "instead of <verb>ing" after a term is not a correction ("say X instead")
    assert derog("the junkie in bed 4 should get clean instead of wasting our time")
    assert not derog("write 'person who uses drugs' instead of junkie")


# Labels that are the topic of a question, a stereotype, a report or a
# sentence about words, as clinicians write about them on forums and blogs.
ABOUT_THE_WORD = [
    ('Is it really "non-compliance" when the clinic is 40 km away?', None),
    ("A nurse once described my patient as 'a bit of a drama queen'. I asked her what she meant.", None),
    ('"Difficult patient" is often code for a patient we have not listened to.', None),
    ("There's a stereotype that surgeons are arrogant; most I trained with were kind.", None),
    ("As a student I was told that psychiatric patients were 'manipulative'.", None),
    ("Our elderly patients deserve better than being called 'bed blockers'.", None),
    ("My consultant was strict and demanding, but he taught me more than anyone.", None),
    # used, not discussed: still found
    ("Surgeons are arrogant, end of story.", "colleague"),
    ('the patient in bed 4 is a "total junkie", not giving him anything stronger', "patient"),
    ("she's so demanding, rang the bell 30 times tonight", "patient"),
    ("is she really in that much pain? she was laughing on the phone a minute ago", "patient"),
]


@pytest.mark.parametrize("text,target", ABOUT_THE_WORD, ids=[t for t, _ in ABOUT_THE_WORD])
def test_about_the_word(text, target):
    check_row(text, target)


DEPARTMENTS_AND_REPORTS = [
    ("Psych are useless, they never come down.", "colleague"),
    ("the ED nurses round here are just triage monkeys", "colleague"),
    ("psych is busy tonight, 6 referrals waiting", None),
    ("He had been branded a time-waster by the GP before the dissection was found.", None),
    ("What does it say about us when 'frequent flyer' is the first word on the handover sheet?", None),
    ("I hated that man for years, until I understood what he had been through.", None),
]


@pytest.mark.parametrize("text,target", DEPARTMENTS_AND_REPORTS, ids=[t for t, _ in DEPARTMENTS_AND_REPORTS])
def test_departments_and_reports(text, target):
    check_row(text, target)


MORE_CHAT = [
    ("paramedics are just taxi drivers with a defib", "colleague"),
    ("honestly the dermatologists are overpaid spot squeezers", "colleague"),
    ("that reg needs to get off her high horse", "colleague"),
    ("why waste a bed on someone who won't even take her tablets", "patient"),
    ("what a performance, she should be on stage", "patient"),
    # look-alikes
    ("paramedics brought him in with a defib on, ROSC after 2 shocks", None),
    ("pt moaning and groaning, GCS 10, ?meningitis, LP planned", None),
    ("what a performance by the resus team tonight, ROSC in 4 min", None),
    ("she thinks she's having a heart attack; ECG and trop normal, reassured", None),
]


@pytest.mark.parametrize("text,target", MORE_CHAT, ids=[t for t, _ in MORE_CHAT])
def test_more_chat(text, target):
    check_row(text, target)
