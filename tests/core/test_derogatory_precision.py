"""Fewer false nudges on clinicians' own prose (issue 16, precision bar 1%).

Each family of false nudge seen in real writing is a term used in a way that
is not a remark about a patient or colleague; each test pairs such a use
(synthetic wording) with a true derogatory look-alike that must still be
reported, so a cue that swallowed real remarks would fail here."""

import pytest

from discreet.core import Context, default_checker

CHECKER = default_checker()
DET = next(d for d in CHECKER.detectors if d.policy == "derogatory")


def derog(text):
    return [f.rule for f in CHECKER.check(text, Context()) if f.policy == "derogatory"]


FAMILIES = {
    # 1. staff as the subject of a patient-label verb
    "staff-subject": (
        ["the consultant rightly refused him again, good", "the reg flatly refused to prescribe more, as usual",
         "I refused her the extra dose again"],
        ["bed 4 refuses everything, typical", "pt refused the bloods again, of course"],
    ),
    # 2. reported writing of a named author or source
    "reported": (
        ['"Frequent flyers are a symptom of a broken system," she said.',
         "'Junkies just want drugs,' one commenter wrote, which is the attitude we need to fight",
         "Smith argues that frequent flyers are failed by the system.",
         "According to the author, frequent flyers clog up the ED.",
         "as one nurse put it, 'frequent flyers are just people we failed'"],
        ["another frequent flyer in bed 4, third time this week", "bed 4 is a junkie, says he wasn't using"],
    ),
    # 3. the word itself said, written or charted
    "metalinguistic": (
        ["we're not supposed to say noncompliant any more", "we used to say noncompliant all the time"],
        ["bed 6 is noncompliant as usual, typical"],
    ),
    # 4. negated belief or denial by the author
    "negated-belief": (
        ["I don't think psych patients are crazy", "I never said the nurses were lazy",
         "not that I think they're lazy or anything", "I'm not saying the nurses are lazy",
         "nobody is saying psych patients are crazy", "it doesn't mean they're lazy"],
        ["psych patients are crazy, honestly", "I don't think he's in pain, he's a seeker"],
    ),
    # 5. a generic person in an if-clause
    "hypothetical": (
        ["if a junkie reads this, know that we see you as a person",
         "if a frequent flyer reads this post, you are welcome in our ED",
         "if a nurse tells you she never makes mistakes, she's lying"],
        ["if that junkie in bed 4 asks again, I'm leaving", "the nurse in ward 5 is lying again, typical"],
    ),
    # 6. a hedged label, then the author doubting their own judgement
    "hedged-self-doubt": (
        ["she might have been a drug seeker, how was I to know?", "maybe he was a seeker, who am I to judge"],
        # the doubt alone, after a plain label, does not excuse it
        ["she's a seeker, 4th visit", "he may be a seeker, 4th visit this week", "she's a junkie, who am I to judge lol"],
    ),
    # 7. the group defended right after the label
    "defended": (
        ["we all moan about frequent flyers, but honestly they're not so bad",
         "I used to moan about the frequent flyers but they're human too"],
        ["frequent flyers again, useless lot"],
    ),
    # 8. the content of someone else's complaint
    "others-complaint": (
        ["nurses who complain about lazy doctors should try a night shift",
         "she rolled her eyes at the residents complaining about lazy nurses"],
        ["the lazy nurses on nights did nothing again"],
    ),
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_benign_use_is_quiet_and_the_look_alike_still_fires(family):
    benign, remarks = FAMILIES[family]
    for text in benign:
        assert derog(text) == [], text
    for text in remarks:
        assert derog(text), text


def test_refuses_with_a_colleague_subject_is_not_a_patient_label():
    assert derog("the reg refuses to come see anyone, as usual") == []
    assert derog("the pt refuses to come see anyone, as usual") == ["derog-refuses"]


def test_scorer_reads_only_chat_length_sentences():
    short = "bed 4 keeps going back to his GP for more pills"
    long = ("the patients in bed 4 and bed 5 keep going back to their GP when the clinic cannot see them for months "
            "and then they end up in casualty with the same problem")
    assert DET.scorer_max_words == 25
    assert [t for _, _, t in DET.scorer_sentences(DET.fold(short)[0])] == ["patient"]
    assert len(long.split()) > 25 and len(long) < DET.scorer_max_chars
    assert DET.scorer_sentences(DET.fold(long)[0]) == []
