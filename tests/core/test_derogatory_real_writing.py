"""Issue 16 / issue 9, round 3: what clinicians' own public writing taught
(a hand-labelled set of public passages kept outside the repository). A term that is mentioned rather than
used (a glossary head, an "=" definition, a list of labels after a colon, a
quoted term after a reporting verb) is left alone; the families the lexicon
missed (misspelt insults, sarcasm, arrogance and odour mockery, a made-up
compound surname, stacked predicates) are found, each with look-alikes it
must leave alone. Synthetic people only."""

import pytest

from derog_helpers import CHECKER, check_row, derog  # noqa: E402,F401


MENTIONED = [
    # glossary heads and definitions
    ("Gomer: n. a confused elderly patient who needs total care. Origin unclear.", None),
    ("Frequent flyer, cockroach: A person who attends the emergency department again and again.", None),
    ("Status dramaticus: a patient who dramatically magnifies symptoms to be seen sooner.", None),
    ("DSB: drug-seeking behaviour, used to describe patients who ask for opioids by name.", None),
    ("Junkie = person who uses drugs. Alcoholic = person with alcohol use disorder.", None),
    ("A dirty urine screen = testing positive for a substance.", None),
    # a list of labels after a colon or "such as"
    ("Terms to avoid: addict, junkie, druggie, crackhead, alcoholic.", None),
    ("Related labels such as junkie, druggie and pothead reduce a person to their drug use.", None),
    # a quoted term after a reporting verb, or as the thing known
    ("The registrar stated that the presentation \u201cwas probably malingering\u201d and the MRI showed a cord lesion.", None),
    ("We all know \u201cgomer\u201d and \u201ccircling the drain\u201d; we need better words.", None),
    # the same words used about someone still count
    ("the junkie in bed 4 wants his methadone early again", "patient"),
    ("gomer in bed 12 pulled his line out again lol", "patient"),
    ("bed 9: total junkie, wants pethidine by name", "patient"),
    ("the reg is an idiot: discharged bed 4 without bloods", "colleague"),
]

SELF_AND_THINGS = [
    ("I've often whined about my back to my husband after a night shift.", None),
    ("I wanted to reply to the consultant, but that seemed kind of bitchy. Oops!", None),
    ("I still do or say stupid shit when I'm tired. Careless shit.", None),
    ("Bottom line: the new EHR is a massive, complicated beast. It is so frustrating.", None),
    ("she is massive, obese and refuses to mobilise lol", "patient"),
    ("the intern is so bitchy to the porters", "colleague"),
]

FAMILIES = [
    # misspelt insults
    ("next time I'll wax the floors with your ponytail, you biotch!", "colleague"),
    ("four drunk men in resus and they all turned into sissies when the drip went in", "patient"),
    ("the sissy bar on my bike broke on the way to work", None),
    # sarcasm without a label word
    ("my coworker had the bright idea of leaving leaflets on addiction on the patient's table while she slept", "colleague"),
    ("I had the bright idea of bringing samosas for night shift", None),
    # arrogance mockery
    ("don't come in at 7am and think you have all the answers", "colleague"),
    ("the new consultant thinks he knows it all", "colleague"),
    ("I don't think she has all the answers yet, she only started on Monday", None),
    # odour mockery: a person, not a stool sample
    ("the guy in bed 6 is stinking up the whole place again", "patient"),
    ("the c diff stool stinks up the whole ward, keep the door closed", None),
    # slang label for a patient in pain
    ("He was a clock watcher, ringing the minute his dose was due", "patient"),
    ("I was clock watching all shift, so slow", None),
    # made-up compound surname
    ("\u201cYour diet is killing you, Mrs. RollsOfAdipose.\u201d", "any"),
    ("Mrs Rolls in bed 4, for dialysis at 2", None),
    # allergy mockery
    ("bed 9 is allergic to everything under the sun", "patient"),
    ("allergic to penicillin and sulfa, documented in the chart", None),
    # stacked predicates and a scare-quoted insult before a person noun
    ("the man in cubicle 2 was drunk, obnoxious, and kept swearing at us", "patient"),
    ("honestly some patients are just fat obnoxious hate-filled pigs", "patient"),
    ("but this \u201cjerk\u201d doctor sits in the nurses' station and demands to see the nurse", "colleague"),
    ("the security guards become useless when the family shows up", "colleague"),
    ("the security guards were brilliant with the family tonight", None),
    ("watching surgeons cancel dinner again because some OR karen bumped their case", "colleague"),
    ("Karen from theatre brought cake for the team", None),
]


@pytest.mark.parametrize("text,target", MENTIONED)
def test_mentioned_not_used(text, target):
    check_row(text, target)


@pytest.mark.parametrize("text,target", SELF_AND_THINGS)
def test_self_and_things(text, target):
    check_row(text, target)


@pytest.mark.parametrize("text,target", FAMILIES)
def test_real_writing_families(text, target):
    check_row(text, target)

CHARACTER = [
    # adjectives that judge a person's character, framed: about a person only
    ("had one of these insufferable family members again today", "patient"),
    ("the new reg is so condescending to the nurses", "colleague"),
    ("not every family is bad, but the ones who are rotten really are rotten", "patient"),
    ("bed 6 is so ungrateful, threw the tea at the HCA", "patient"),
    ("rotten teeth, for dental referral", None),
    ("she had a nasty fall at home, ?NOF", None),
    ("incompetent cervix, cerclage at 14 weeks", None),
    ("he is entitled to a second opinion, refer to the other firm", None),
    ("the patient lacks capacity and is incompetent to consent, best-interests meeting", None),
    ("I was ignorant of the new sepsis pathway until today", None),
    ("he screams and says what horrible nurses we are", None),
    ("the pain is unbearable tonight, increase the PCA", None),
]


@pytest.mark.parametrize("text,target", CHARACTER)
def test_character_adjectives(text, target):
    check_row(text, target)


MORE = [
    # "hopeless" said of a person; not a prognosis
    ("the new intern is hopeless, can't even put up a drip", "colleague"),
    ("hopeless situation, family aware, for comfort care", None),
    # a predicate stays a predicate when a typo follows it
    ("the locum is thick serioously", "colleague"),
    ("thick secretions, for chest physio", None),
    # an example after "e.g." is a mention
    ("teaching today: stigmatising language in notes, e.g. 'junkie', use neutral terms", None),
    # a request for help after a remark does not make it a question about the word
    ("quick one: the consultant is hopeless pls advise", "colleague"),
    ("can we call him a 'frequent flyer' in the notes pls?", None),
    # contempt for a group by their circumstances
    ("these people from the informal settlement have a kid every year and expect us to fix it", "patient"),
    ("mothers who have a baby every year need contraception counselling", None),
]


@pytest.mark.parametrize("text,target", MORE)
def test_more_families(text, target):
    check_row(text, target)
