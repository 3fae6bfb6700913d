"""Issue 9: derogatory lexicons from the published catalogues.

Per source, the terms it documents, written as a clinician would use them in
chat, are found, and the neutral alternatives it recommends (and clinical or
literal uses of the same words) are not. Then the families the issue lists,
judgement versus observation, and the false nudges it asks to remove."""

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from discreet.core import default_checker
from discreet.core.findings import Context

HERE = Path(__file__).parent
PACK = Path(__file__).resolve().parents[2] / "policies" / "derogatory"
CHECKER = default_checker()


def flagged(text):
    return any(f.policy == "derogatory" for f in CHECKER.check(text, Context()))


def rules_of(text):
    return {f.rule for f in CHECKER.check(text, Context()) if f.policy == "derogatory"}


def _rows(name):
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


ROWS = _rows("literature_phrases.jsonl") + _rows("literature_phrases_heldout.jsonl")
BY_SOURCE = defaultdict(list)
for _r in ROWS:
    BY_SOURCE[_r["source"]].append(_r)


# ---------------------------------------------------------------- coverage per source

@pytest.mark.parametrize("source", sorted(BY_SOURCE))
def test_source_terms_found(source):
    missed = [r["text"] for r in BY_SOURCE[source] if r["derogatory"] and not r.get("known_miss") and not flagged(r["text"])]
    assert not missed, f"{source}: documented terms not found: {missed}"


@pytest.mark.parametrize("source", sorted(BY_SOURCE))
def test_source_neutral_alternatives_not_flagged(source):
    wrong = [r["text"] for r in BY_SOURCE[source] if not r["derogatory"] and flagged(r["text"])]
    assert not wrong, f"{source}: neutral alternatives flagged: {wrong}"


def test_known_misses_are_few_and_still_missed():
    """The phrase sets say which positives are known misses (sarcasm, a lone
    social-class marker); if one starts to be found, drop its mark."""
    known = [r["text"] for r in ROWS if r.get("known_miss")]
    assert len(known) <= 3
    # the lexicon's misses: the scorer (derog-scorer) was fitted on these phrases, so its hits do not count here
    lexicon = Context.make(disabled_rules=("derog-scorer",))
    assert not [t for t in known if any(f.policy == "derogatory" for f in CHECKER.check(t, lexicon))]


def test_every_catalogue_rule_and_list_entry_names_its_source():
    from discreet.core.policy import load_pack

    pack = load_pack("derogatory")
    for rule in pack.rules:
        if rule.file.endswith("catalogue.toml"):
            assert rule.data.get("source", "").strip(), rule.id
    for name in ("slang_catalogue.txt", "sa_slang.txt"):
        for line in (PACK / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                assert re.search(r"\s#\s*\S", line), f"{name}: no source column: {line}"


# ---------------------------------------------------------------- families
# (text, derogatory?)

FAMILIES = [
    # dehumanising metaphors, and their clinical and literal uses
    ("the animal in cubicle 6 spat at sister", True),
    ("the vermin from the flats are back in cas", True),
    ("the veg in bed 11 needs a PEG, family want everything", True),
    ("the zombies are out tonight, full moon", True),
    ("that thing in bed 3 bit the student", True),
    ("pack of hyenas in the waiting room fighting over the pension", True),
    ("the animal bite in bay 2 needs ATT", False),
    ("vegetable soup in the canteen again", False),
    ("rat bite to the finger, for ATT", False),
    ("worms in the stool, for albendazole", False),
    ("swallowed a foreign object, for xray", False),
    # ageist, body-shaming and entitlement mockery
    ("TMB in bed 4, 97 and still here lol", True),
    ("Mrs Fatty in bed 2 broke the commode", True),
    ("she thinks she's the queen because she's on medical aid", True),
    ("private pt treats the ward like a hotel", True),
    ("she is entitled to a second opinion", False),
    ("old age home resident, frail, for placement", False),
    ("bed 6 is 96, why do we even bother", True),
    ("these oldies hog the beds all winter", True),
    ("private pt thinks the nurses are his servants", True),
    ("the size of a house, needs 6 to roll her lol", True),
    ("94, for comfort care after a family meeting", False),
    ("needs a hoist for transfers, 2 staff", False),
    # mocking nicknames with hostility
    ("Mr Grumpy in bed 8 threw his tray again, someone sedate him", True),
    ("Mrs Whinge in cubicle 2 rang 30 times", True),
    ("Mr Moodley in bed 8 for discharge", False),
    ("Mrs Bell in bed 2, post-op day 1", False),
    # doctors' slang acronyms, with their ambiguity
    ("classic PFO from the shebeen, face lac", True),
    ("PFO closure planned, cardiology", False),
    ("bed 9 is CTD, family coming", True),
    ("CTD-ILD on the HRCT, rheum to see", False),
    ("the LOL in bed 4 wants her tea again", True),
    ("lol the printer died again", False),
    ("TF Bundy in resus, family want everything", True),
    ("another donorcycle in resus", True),
    ("TEETH pt, seen by every team, nothing works", True),
    ("CNS-QNS in cubicle 2", True),
    # misspelt emotional-dismissal labels
    ("pyscho in bay 3 again", True),
    ("she's so hystericle lol", True),
    ("drama qween in cubicle 5", True),
    ("attension seeker in bed 2 again", True),
    ("psycho-social assessment booked", False),
    ("histology pending, for MDT", False),
    # Afrikaans and township slang
    ("die vuil vark in bed 9 het weer sy drip uitgetrek", True),
    ("the moegoe in bed 3 pulled his drip", True),
    ("isidakwa in resus again", True),
    ("sy's so dom, sy vat nooit haar pille nie", True),
    ("die tannie in bed 4 is baie siek", False),
    ("Dom from IT is fixing the printer", False),
    # contempt for a group judged by their circumstances
    ("8 kids by 5 different fathers and pregnant again lol", True),
    ("what do you expect from people from the location", True),
    ("popping out another baby for the grant", True),
    ("mum of 6, lives in a shack, SW to see about food parcels", False),
    ("people from the farms need transport home, arranged", False),
    # credibility markers
    ("supposedly in agony but eating a burger lol", True),
    ("so-called seizures, eyes screwed shut", True),
    ("she 'ran out' of her pills again lol", True),
    ("apparently she fell at home, found by a neighbour", False),
    ("reportedly took 20 tablets, for NAC level", False),
    ("pt reports 10/10 pain, analgesia given", False),
    # negative descriptors: judgement, not observation
    ("another combative drunk, typical", True),
    ("typical angry family, always complaining", True),
    ("noncompliant as always, no surprise", True),
    ("pt combative, needed 4 staff and haloperidol", False),
    ("combative post-ictally, settled after 20 min", False),
    ("agitated overnight, ?delirium, septic screen sent", False),
    ("aggressive lymphoma, for chemo", False),
    ("poor historian due to dementia, collateral from son", False),
]


@pytest.mark.parametrize("text,want", FAMILIES, ids=[t for t, _ in FAMILIES])
def test_families(text, want):
    assert flagged(text) is want, rules_of(text)


# ---------------------------------------------------------------- false nudges removed

NOT_NUDGES = [
    "'frequent flyer' → 'patient who attends often'",
    '"junkie" -> "person who uses drugs"',
    "junkie ❌ person who uses drugs ✅",
    "swap 'addict' for 'person with a substance use disorder'",
    "say person with a substance use disorder instead of addict",
    "guys can we stop the gomer jokes please",
    "please stop with the 'LOL in NAD' jokes, it's not funny",
    "enough of the 'frequent flyer' banter in handover",
    "my dog is a drama queen at the vet lol",
    "frequent flyer miles expire end of june, booking my flight",
    "sitting in the departure lounge at the airport, back monday",
    "the sluice is blocked, water circling the drain",
    "got my season ticket for the stormers",
    "the bed blocker sensor on the new beds is faulty",
    # words of the new lexicons in their clinical, literal or everyday senses
    "the thing in bed 4 is a syringe driver, leave it",
    "plants in the ward need water",
    "Mr Grumpy's bakery sent muffins for the staff",
    "DFO infusion for iron overload",
    "the bed broke, maintenance called",
    "another difficult case from ortho",
    "the size of a grapefruit, for excision",
    "supratentorial lesion on CT, for neurosurg",
    "she eats like a bird, poor appetite",
    "Indian family, needs a Tamil interpreter",
    "typical presentation of angina, for troponin",
    "so-called 'smart' pumps are broken again",
    "apparently the MRI is down again",
    "she insists on going home, capacity assessed",
    "former smoker, quit 10 years ago",
    "7 kids at home, she can't come daily, SW to help",
    "rule of five for sample handling",
    "whale tail sign on the MRI",
    "what do you expect the lactate to do after that",
]


@pytest.mark.parametrize("text", NOT_NUDGES)
def test_false_nudges_removed(text):
    assert not flagged(text), rules_of(text)


def test_the_slang_itself_still_counts():
    """The same terms, used about a patient, are still found."""
    for text in ("the junkie in bed 4 is shouting", "frequent-flyer miles for bed 6 lol",
                 "bed 12 is in the departure lounge lol", "bed 3 is circling the drain, family on the way",
                 "stop the junkie in bed 4 from leaving pls"):
        assert flagged(text), text


# ---------------------------------------------------------------- invariance
# A flagged phrase stays flagged, and a benign one benign, under upper case,
# leading and trailing chatter and an emoji.

def _variants(t):
    return [t.upper(), "hi all, " + t, t + " 🙄", t + ". thanks team"]


@pytest.mark.parametrize("text", [r["text"] for r in ROWS if r["derogatory"] and not r.get("known_miss")][::3])
def test_invariance_positive(text):
    for v in _variants(text):
        assert flagged(v), v


@pytest.mark.parametrize("text", [r["text"] for r in ROWS if not r["derogatory"]][::3])
def test_invariance_negative(text):
    for v in (text.upper(), "hi all, " + text, text + ". thanks team"):
        assert not flagged(v), (v, rules_of(v))
