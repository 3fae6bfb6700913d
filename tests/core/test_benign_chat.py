"""Fewer false nudges on benign clinical chat (issue 9: <= 1% of benign messages).

Each family of false nudge seen on benign team chat is removed by a
mechanism (a colleague's or a service's contact, an institution's address,
a term discussed rather than used, the author about themself, a literal use
of a word). Every family pairs benign messages (synthetic wording; nothing
from a held-back set) with true look-alikes that must still be reported, so
a veto that swallowed real identifiers or remarks fails here."""

import pytest

from discreet.core import Context, default_checker

CHECKER = default_checker()


def kinds(text, policy):
    return [(f.kind, text[f.start:f.end] if f.start is not None else None)
            for f in CHECKER.check(text, Context()) if f.policy == policy]


# family -> (policy, benign messages, true look-alikes)
FAMILIES = {
    # a colleague's or the author's own number, a service line picked as the one to use
    "colleague-phone": ("identifiers", [
        "call me on my cell if urgent - Dr Grobler, 082 555 0142 (work phone)",
        "Dr Naledi Khoza on call for ENT, 072 118 4460",
        "Dr Pieterse (reg), 083 200 1199 for any queries tonight",
        "if you need me tonight my cell is 082 904 1123, I'm second on call",
        "my work phone: 071 884 2210, ping me there not on the ward line",
        "Main line 021 555 1000 is down, use the 021 555 1059 instead",
        "Prof Chetty's secretary is on 011 717 2000 for appointments",
        "I'm on 072 900 3344 tonight if the bleep dies",
        "reach me on 061 202 8891 until 5",
        "contact me on 0823337711 re the rota",
        "I'm covering for Dr Naidoo, call 084 330 1212 if needed",
        "the night reg (Dr Yusuf) is swamped, call me instead on 083 921 4455",
        "Dr Phiri: bleep 211 / mobile 076 123 9988",
        "my number changed, new one is 071 555 2020 - update the call list pls",
    ], [
        "daughter's number changed, new one is 082 555 0142",
        "call Dr Naidoo, then ring his wife on 082 555 0142",
        "pt's mum is on 082 555 0142",
        "his son is on 082 555 0142, call him",
        "Dr Smith's patient, his daughter on 082 555 0142 wants a call",
        "mom 082 555 0142, dad 083 555 0199 as backup",
        "her daughter's work phone: 082 555 0142",
        "Mr Grobler, 082 555 0142, wants his results",
    ]),
    # a colleague's e-mail: copied in, or where work is sent
    "colleague-email": ("identifiers", [
        "please cc t.mokoena@healthcare.co.za on the incident report",
        "email the audit to j.fourie@mweb.co.za before Friday",
        "send your M&M slides to lebo.k@gmail.com by Weds",
        "CC'ing bongi.s@health.example.co.za re the stock order",
        "e-mail me at priya.r@outlook.com with your availability for the rota",
        "my email is priya.r@outlook.com if you want the slides",
        "chief resident email: chief.res@hospital.org",
    ], [
        "email the family at thandi.m@gmail.com",
        "send the discharge letter to her daughter thandi.m@gmail.com",
        "cc the family: thandi.m@gmail.com",
        "email the results to thandi.m@gmail.com (daughter)",
    ]),
    # an institution's or a venue's address, a hospital named like a person
    "venue-address": ("identifiers", [
        "the course is at the Royal London, Whitechapel Rd, E1 1FR, room 2.14",
        "Addenbrooke's, Hills Rd, Cambridge CB2 0QQ for the course",
        "postal address for the CPD certificates: PO Box 1234, Pretoria 0001",
        "Johns Hopkins, 1800 Orleans St, Baltimore - hosting the conference",
        "meet at the Royal Free, Pond St, NW3 2QG, level 2",
        "MSF base is at 14 Loop St for anyone interested in volunteering",
        "for the conference: Durban ICC, 45 Bram Fischer Rd, Durban 4001",
        "our practice address for referrals is 10 Hospital Rd, Kimberley 8301",
        "mail the samples to NICD, 1 Modderfontein Rd, Sandringham 2131",
        "the MRI unit is at 25 Church St, the old building",
        "Ward 7A, Level 3, Tower Block - where the new unit is",
        "HPCSA, 553 Madiba St, Arcadia, Pretoria - for the CPD queries",
        "St John's ambulance has a station at 40 Main Rd",
        "the hospice at 15 Elm Ave has a bed for him",
        "satellite dialysis unit, 5 Rose St, Pinetown - opens in March",
    ], [
        "lives at 5 Rose St, Pinetown",
        "lives at Unit 5/23 George St, Sydney NSW 2000",
        "send the samples to her at 12 Oak St, Mamelodi",
        "lives at 25 Church St, Mamelodi",
        "Mr St John in bed 4",
        "the clinic referred her, she lives at 12 Oak St, Mamelodi",
        "the clinic, her home is 12 Oak St, Mamelodi",
        "Oliver Greenwood lives in BS8 5HT, can the team visit",
        "family conference re Mr Greenwood, lives at 12 High St, Bristol BS8 5HT",
        "postal address PO Box 1234, Giyani 0826",
        "lives at 12 High St, Bristol BS8 5HT, district nurse to visit",
    ]),
    # equipment and vehicles written like names
    "equipment": ("identifiers", [
        "the Sonosite in resus is dead, charger missing again",
        "someone parked their Range Rover in the ambulance bay",
        "the Lifepak in bay 3 needs new pads",
    ], [
        "Mr Rover in bed 4 is septic",
        "Thandi Zulu in bed 3 needs new pads",
    ]),
    # a staff role as the subject, the titled name its complement
    "role-before-name": ("identifiers", [
        "consultant on call for surgery is Mr Okafor, switchboard will page him",
        "the anaesthetist today is Ms Reddy, theatre 3",
        "Nursing manager Mrs Pillay wants the incident forms by 3",
        "consultant Mr Okafor will operate at 2",
        "OT Mrs Jacobs is on leave, Mrs Smit covering",
    ], [
        "Mr Dlamini is off his meds again",
        "Mrs Smit said she is in pain, bed 4",
        "her sister Mrs Dube is on the way, pt is in bed 4",
        "pt's sister Mrs Dube in bed 4",
        "the nurse admitted last night is Mrs Dube, bed 4",
        "the reg's patient is Mr Okafor in bed 4",
        "the pt in bed 4 is Mr Okafor",
    ]),
    # a nickname of ordinary words after a title; a patient noun alone
    "not-a-name": ("identifiers", [
        "'Mr Back Pain' has graced us again, taxi at 14:00 sharp lol",
        "Mrs Chest Pain is back in cubicle 3",
        "Lady in bed 5 (70s) is asking for a priest, chaplain number?",
        "Gentleman in bay 2 wants his glasses",
        "ek sê die ou in bed 5 wants a grant form",
        "elderly man with dementia, daughter is decision-maker",
    ], [
        "his daughter is Mary-Jane, 082 555 0142",
        "pt's mum is Nomsa Smith-Jones",
        "Mr Sipho Dlamini in bed 4",
        "Mrs Rose White in bed 4 is septic",
        "Lady Mokoena in bed 5 wants to go home",
        "Mr Happy Dlamini in bed 9, stable",
    ]),
    # a citation: authors and a year, "et al."
    "citation": ("identifiers", [
        "Meyer & Jones (2017) found similar outcomes with oral vs IV abx",
        "Mokoena et al. showed lower mortality with early abx",
        "Naidoo & Pillay (2019), SAMJ, on TB delays",
        "Lit: Mbeki S, Dube T. Hypertension in rural KZN. SAMJ 2018",
        "per Marik's review, vitamin C doesn't help",
    ], [
        "Thabo's review is tomorrow, bed 4",
        "Dube T, Zulu S. both for echo, booked 2018",
        "Thabo Mokoena (2017) admitted with DKA",
        "Dlamini 4 / Botha 6 / Pillay 9 - all for d/c",
        "Kagiso (11) needs 2nd dose abx at 02:00",
    ]),
    # a term in quotation marks in a sentence about words, notes or teaching: the topic, not a remark
    "quoted-term": ("derogatory", [
        "teaching today on why 'drug seeker' harms care; swap it for 'requesting pain relief'",
        "'Dirtbag', 'scumbag', 'crumbly' - all listed as unacceptable in the trust's dignity policy",
        "saying 'she's just attention-seeking' closes down the assessment, better: 'expressing distress'",
        "'noncompliant' was used 14 times in last month's discharge letters, audit results attached",
        '"junkie" is a slur. We say person who injects drugs.',
        "the Afrikaans 'dronkie' is as bad as 'drunk' in notes, use the clinical term",
        'Article on why "crackhead" and "addict" are harmful, worth a read',
        'Tutorial: "Is it acopia or is it undiagnosed illness?" - on labels in the elderly',
        "the NEJM editorial by Ingelfinger on the 'sickest patients' is old but good",
        "saw 'crock' in a referral letter today, reported it to the HOD",
        "'psycho' in a handover sheet is a complaint waiting to happen",
        "is 'non-compliant' ever appropriate? discussion at journal club",
        "avoid 'alcoholic', 'junkie', 'addict' in letters per the new guideline",
        "should 'manipulative' ever go in a psych note? debate",
        "'attention-seeking' is really 'attention-needing', per our psych consultant",
    ], [
        "bed 4 is our resident 'drug seeker' again lol",
        "the 'junkie' in bed 4 is back, self harm again",
        "her 'pain' is 10/10 again, typical junkie",
        "another 'frequent flyer' in cubicle 2, wants a sandwich and a sick note",
    ]),
    # how a term should be documented, not a label
    "documentation-advice": ("derogatory", [
        "drug-seeking behaviour should be documented objectively if at all; here: requests IV morphine, pain score 3",
    ], [
        "bed 6 drug-seeking again, wants pethidine lol",
    ]),
    # an idiom with "thing", not a person called a thing
    "idiom-thing": ("derogatory", [
        "say 'the patient with diabetes', not 'the diabetic in bed 4' - small thing, big difference",
        "one thing in bed 4's favour: the obs are stable",
    ], [
        "the thing in bed 12 bit me again",
        "that thing in bed 4 won't shut up",
    ]),
    # the author about themself, now or to come
    "self": ("derogatory", [
        "I'll be the grumpy old lady of the ward soon lol, my back is gone",
        "I went full psycho on the filing this morning, sorted 3 months of results",
        "I'm turning into a grumpy old man after all these nights",
    ], [
        "bed 4 went full psycho on the nurses again",
        "the grumpy old lady in bed 5 rang the bell 30 times",
        "she'll be the grumpy old lady of the ward soon lol",
    ]),
    # the statistical scorer: praise with no mocking cue; "they" after a named thing is the things
    "scorer-praise-things": ("derogatory", [
        "that gentleman in 3A is an absolute gem, thanked every nurse by name",
        "the lady in bed 8 is such a sweetheart, brought us rusks",
        "the tender went to the cheapest gloves again and they tear every time \U0001F624",
        "new syringes from the tender, they leak every time again",
    ], [
        "what a gem, bed 4 rang the bell 40 times \U0001F644",
        "honestly just let her scream till she passes out",
        "the muslim family in 14 wants special everything as usual, they think they own the ward",
    ]),
    # clinical senses of words that are also labels
    "clinical-sense": ("derogatory", [
        "the child is hysterical with pain, morphine given",
        "retarded ejaculation as side effect of SSRI - discussed",
        "she says she drinks 'a glass' daily - likely more, LFTs deranged",
        "uncooperative with the NGT, tried 3 times, will try again later",
    ], [
        "she is deranged, screaming at the nurses",
        "uncooperative with the obs again lol",
        "bed 4 uncooperative again, as usual",
        "bed 4 is hysterical again lol",
        "the retard in bed 3 keeps pressing the bell",
    ]),
    # a smell said of a thing, not a person
    "smell-of-a-thing": ("derogatory", [
        "the lift smells like a sewer again",
        "the sluice smells of piss again",
    ], [
        "bed 4 smells like a sewer again",
        "he reeks of piss, put him in the corridor",
    ]),
    # a refusal of a named treatment, recorded; "again" alone is not mockery
    "recorded-refusal": ("derogatory", [
        "Thabo Mokoena refusing insulin again, psych consult?",
        "the old man in bay 3 refusing his insulin again, his son says he listens to gogo only",
    ], [
        "bed 4 refusing his meds again \U0001F644",
        "refused the bloods again, typical",
        "refuses everything, as usual",
    ]),
}


CASES = [(fam, pol, t, False) for fam, (pol, ok, _) in FAMILIES.items() for t in ok] + \
        [(fam, pol, t, True) for fam, (pol, _, bad) in FAMILIES.items() for t in bad]


@pytest.mark.parametrize("family,policy,text,flagged", CASES, ids=[f"{c[0]}-{'tp' if c[3] else 'benign'}-{i}"
                                                                    for i, c in enumerate(CASES)])
def test_family(family, policy, text, flagged):
    got = kinds(text, policy)
    if flagged:
        assert got, f"{family}: the look-alike must still be reported: {text!r}"
    else:
        assert got == [], f"{family}: false nudge {got} on {text!r}"
