"""The derogatory scorer (issue 9 item 4, issue 16): it adds to the rules only
where no lexicon term matched, on chat-length messages, when its score is high
and the sentence names a patient or a colleague the target resolver does not
put on the author, outside the clinical setting, or in a quotation or a
discussion of a term."""

from pathlib import Path

import pytest

from discreet.core import Context, default_checker
from discreet.core.detectors.derog_scorer import features, tokens

from derog_helpers import derog  # noqa: E402

CHECKER = default_checker()
DET = next(d for d in CHECKER.detectors if d.policy == "derogatory")
GROUP = "the muslim family in 14 wants special everything as usual, they think they own the ward"



def prob(text):
    return DET.scorer.prob(DET.fold(text)[0])


def test_weights_ship_small_and_load():
    path = Path(DET.pack.root) / "scorer.txt"
    assert path.stat().st_size < 2_000_000
    assert len(DET.scorer.w) > 1000 and DET.scorer_th >= 0.85


def test_features_are_text_only_and_stable():
    a = features(DET.fold("the 'diabetic' in bed 4 ate the cake again 🙄")[0])
    assert "<eyeroll>" in a and "<q>|diabetic" in a and "cake" in a
    assert "bed" not in a and "<n>" not in tokens("bed 4")  # who and where are the gate's, not the score's
    assert "the" not in a and "the|cake" in a  # a function word counts only in a pair
    assert a == features(DET.fold("the 'diabetic' in bed 4 ate the cake again 🙄")[0])


def test_group_contempt_without_a_label_word_is_reported():
    got = derog(GROUP)
    assert [f.rule for f in got] == ["derog-scorer"]
    assert got[0].target == "patient" and got[0].kind == "contempt"
    assert (got[0].start, got[0].end) == (0, len(GROUP))


def test_a_hostile_wish_names_its_target_by_pronoun():
    got = derog("honestly just let her scream till she passes out")
    assert [(f.rule, f.target) for f in got] == [("derog-scorer", "patient")]


def test_disabled_for_the_channel():
    assert derog(GROUP, Context.make(disabled_rules=("derog-scorer",))) == []


def test_the_rules_keep_a_message_with_a_lexicon_term():
    # the lexicon set "muppet" aside as self-deprecation: the scorer does not overrule it
    text = "I'm such a muppet honestly, the reg had to redo my bloods again 🙄"
    assert prob(text) >= DET.scorer_th
    assert derog(text) == []


@pytest.mark.parametrize("text", [
    "pt was aggressive on arrival, required haloperidol per protocol, now settled",
    "please stop calling patients 'screamers' in handover, it's disrespectful",
    "the new consultant is brilliant, explained the ecg to the whole team",
    "why do we even bother with the new ehr, nothing works",
    "persistent vegetative state confirmed by neuro, family meeting at 3",
])
def test_benign_look_alikes_stay_quiet(text):
    assert derog(text) == []


def test_gate_needs_a_person():
    fs = DET.fold("why do we even bother with the new ehr 🙄")[0]
    assert DET.scorer_sentences(fs) == []


@pytest.mark.parametrize("text", [
    "I think I own the ward and want special everything as usual",          # the author
    'the memo said "the family in 14 think they own the ward" and HR agreed',  # a quotation
    "some idiot from the software company thinks he owns the ward",      # outside
])
def test_gate_drops_self_quotation_and_outside(text):
    fs = DET.fold(text)[0]
    assert DET.scorer_sentences(fs) == []


def test_gate_drops_a_discussion_of_a_term():
    fs = DET.fold("please don't call patients 'frequent flyers', they think we own the ward")[0]
    assert DET.scorer_sentences(fs) == []


def test_gate_reads_a_colleague():
    fs = DET.fold("the reg thinks he owns the ward")[0]
    assert [t for _, _, t in DET.scorer_sentences(fs)] == ["colleague"]


def test_gate_keeps_to_chat_length():
    long = GROUP + ". " + " ".join(["bed 3 is stable and for discharge tomorrow."] * 6)
    assert len(long) > DET.scorer_max_chars
    assert DET.scorer_sentences(DET.fold(long)[0]) == []
    assert derog(long) == []
