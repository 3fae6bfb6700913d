"""Derogatory remarks about colleagues in chat (policies/derogatory/colleagues.toml):
one table per family, written for this round in other words than the
rules' own examples, each with the benign look-alikes it must leave alone
(honest disagreement, feedback, praise, self-deprecation, friendly teasing,
complaints about systems). All people are synthetic."""

import pytest

from derog_helpers import check_row, derog  # noqa: E402

C = "colleague"

FAMILIES = {
    "specialty slang (Fox et al. 2003; Wikipedia list of medical slang)": [
        ("gas passers napping behind the drapes again", C),
        ("those trick cyclists discharged him again without a plan", C),
        ("urology = pecker checkers, what do you expect", C),
        ("knuckle-draggers from ortho want us to manage the insulin", C),
        ("the surgical donkeys want a medical consult for a sodium of 133", C),
        ("gen surg idiots sent a septic pt to the ward", C),
        ("the gas man is doing the spinal now, theatre 3", None),
        ("the trick is to cycle the cuff every 15 minutes", None),
        ("ortho want a medical consult for the sodium", None),
    ],
    "a profession or specialty called names": [
        ("the ED docs are all cowboys", C),
        ("our porters are a bunch of layabouts", C),
        ("ortho regs are clueless, the lot of them", C),
        ("radiographers are all divas lately", C),
        ("the medical students are nothing but sheep", C),
        ("the interns cried after ward round, snowflakes the lot of them", C),
        ("the ICU nurses are all prima donnas", C),
        ("the interns are like headless chickens", C),
        ("surgeons and their egos, honestly", C),
        ("the Zimbabwean nurses are so lazy", C),
        ("registrars nowadays are so precious", C),
        ("the regs are all in theatre, page the consultant", None),
        ("ED docs are stretched thin tonight, 40 waiting", None),
        ("porters are a bunch of heroes, moved 40 patients today", None),
        ("the interns are like family after this rotation", None),
        ("surgeons are like any other team, they need a clear referral", None),
        ("we're all lazy after nights, sorry for the late notes", None),
        ("Zimbabwean nurse needed to interpret for the family in bay 2", None),
        ("the nurses on ward 5 are a bunch of gossips", C),
        ("radiologists are basement dwellers who never see a patient", C),
        ("the cath cowboys stented another 90 year old", C),
        ("the nurses on ward 5 are a great bunch, thanks for tonight", None),
    ],
    "intelligence similes": [
        ("the new MO is as sharp as a bowling ball", C),
        ("the locum is about as bright as a power cut", C),
        ("the consultant is dumb as a sack of hammers", C),
        ("that reg couldn't find the appendix to save his life", C),
        ("orthopaedic surgeons: strong as an ox, half as bright", C),
        ("I'm as useful as a paperweight today, no sleep", None),
        ("our registrar is bright as a button", None),
        ("that MO has the personality of a wet towel", C),
        ("the porters are slow as snails tonight", C),
        ("the lab is slow as a snail tonight, bloods 3 hours", None),
        ("the new booking app is about as useful as a paperweight", None),
    ],
    "sarcasm about a colleague doing the job": [
        ("the GP actually sent a referral letter with a history, alert the press", C),
        ("paeds answered the bleep first time, pigs are flying", C),
        ("matron turned up to the huddle for once, someone pinch me", C),
        ("the GP actually sent a good letter, very helpful", None),
        ("pt finally opened his bowels, call the press lol", None),
        ("the wifi actually works in the doctors' room, hell froze over", None),
    ],
    "merit put down to looks, sex, race or a quota": [
        ("she only got the HOD job because she's sleeping with the superintendent", C),
        ("typical affirmative action hire, can't even place a line", C),
        ("another token registrar, useless", C),
        ("women don't belong in ortho, too weak", C),
        ("he's an affirmative action appointment, can't even suture", C),
        ("she got the HOD job, well deserved, congrats", None),
        ("affirmative action policy meeting at 2 in the boardroom", None),
        ("women in surgery network meeting on Thursday", None),
        ("diversity and inclusion training is mandatory this month", None),
    ],
    "a colleague's illness or absence doubted": [
        ("his 'bad back' flares up every long weekend", C),
        ("her 'family emergency' was a trip to Durban", C),
        ("he's pulling a sickie again, we all know it", C),
        ("the reg's 'flu' cleared up by the rugby", C),
        ("the reg is off with a bad back, covering her list", None),
        ("stress leave forms are with HR", None),
        ("her sick leave is approved until Friday, locum booked", None),
    ],
    "generation and accent": [
        ("generation snowflake can't cope with one night shift", C),
        ("the locum's accent is hilarious, no one understands him", C),
        ("need a translator for the new doctor lol", C),
        ("snowflake pattern on the CXR? no, it's an artefact", None),
        ("the interpreter for the Portuguese family is here", None),
    ],
    "a colleague's job dismissed": [
        ("why is the night reg even on the payroll?", C),
        ("the gassers get paid to read the newspaper", C),
        ("the anaesthetists are just overpaid sleep technicians", C),
        ("why does the pharmacy close at 4, can we escalate", None),
        ("paid parking for staff starts next month", None),
    ],
    "inter-specialty jokes and mocking nicknames": [
        ("medics know everything and do nothing, surgeons know nothing and do everything", C),
        ("Dr Death is on call tonight, hide the elderly", C),
        ("Sister Grumpy is on the ward today", C),
        ("the new HO has zero common sense.", C),
        ("surgeons know their anatomy, ask them", None),
        ("Dr Death documentary on Netflix is wild", None),
        ("no common sense approach to this one, follow the algorithm.", None),
    ],
    "competence questioned with contempt; tyrant names; appearance": [
        ("how did she even pass med school", C),
        ("the HO couldn't cannulate a fire hose", C),
        ("the matron is a Nazi about uniforms", C),
        ("the med reg's tie looks like a clown threw up on it", C),
        ("I disagree with the ortho reg's plan, the fracture needs a CT first", None),
        ("feedback for the interns: great work on the discharge summaries", None),
        ("the reg's tie is in the sluice, someone handed it in", None),
        ("the student cried after her first death, gave her a hug and a coffee", None),
    ],
    "likened to a disease or an object; coarse silencing": [
        ("the charge nurse is like a plague, everyone avoids her shifts", C),
        ("Dr Venter is cancer on this unit, the sooner she goes the better", C),
        ("the intern is furniture on ward rounds", C),
        ("tell Sister Dube to zip it", C),
        ("can someone gag the night reg", C),
        ("the locum is a cancer survivor, amazing story", None),
        ("tell the intern to call me with the K", None),
    ],
    "sexist, racist and ageist remarks about staff": [
        ("female regs are always so hormonal", C),
        ("typical male surgeon, shouting in theatre again", C),
        ("the white consultants always stick together", C),
        ("grandpa surgeon took 3 hours for a hernia", C),
        ("the new intern looks about 12, can she even drive", C),
        ("female doctor requested for the exam, arranged", None),
        ("the geriatric consultant is on leave, ask the reg", None),
    ],
    # praise in chat slang: the scorer stays out unless a sarcasm cue goes with it
    "praise stays silent": [
        ("the locum is a legend, sorted everything", None),
        ("that locum is a lifesaver, took my last two admissions", None),
        ("honestly the ED nurses are the backbone of this place", None),
        ("the reg is a beast in theatre, finished the list by 2", None),
        ("the HO is a rockstar, discharged 10 before lunch", None),
        ("the night sister is an angel, stayed 2 hours late", None),
        ("well done night team, another 3 drug errors, slow clap", C),
    ],
}

ROWS = [(fam, text, target) for fam, rows in FAMILIES.items() for text, target in rows]


@pytest.mark.parametrize("family,text,target", ROWS, ids=[t for _, t, _ in ROWS])
def test_colleague_family(family, text, target):
    check_row(text, target)


# Invariance (issue 9, CheckList): a flagged remark stays flagged, about a
# colleague, under lower-casing, a neutral emoji and leading
# chatter; a benign one stays benign under the same changes.
def _variants(text):
    yield text.lower()
    yield text + " 👍"
    yield "fyi " + text
    yield "ok so " + text


@pytest.mark.parametrize("family,text,target", ROWS, ids=[t for _, t, _ in ROWS])
def test_colleague_family_invariance(family, text, target):
    for v in _variants(text):
        fs = derog(v)
        if target is None:
            assert fs == [], (v, [(f.rule, v[f.start:f.end]) for f in fs])
        else:
            assert fs and target in {f.target for f in fs}, (v, [(f.rule, f.target) for f in fs])
