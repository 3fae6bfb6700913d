"""The derogatory detector: rule families, obfuscations, context, targets,
offsets into the author's text, and a fresh table of messages written apart
from the shared dev set (other wording, hard negatives)."""

import shutil
import textwrap

import pytest

from discreet.core import Checker, PolicyError, default_checker
from discreet.core.findings import Context
from discreet.core.nudge import build_nudge, rewrite

from derog_helpers import derog  # noqa: E402

CHECKER = default_checker()
DET = next(d for d in CHECKER.detectors if d.policy == "derogatory")



def rules_of(text, ctx=None):
    return {f.rule for f in derog(text, ctx)}


# ---------------------------------------------------------------- families
# (text, the rule expected, or None for no derogatory finding)

FAMILIES = [
    # stigmatising substance-use labels (NIDA "Words Matter")
    ("the junkie in bay 2 wants his methadone early", "derog-substance-label"),
    ("crackhead in resus pulled out his line", "derog-substance-label"),
    ("typical tik head, absconded again", "derog-substance-label"),
    ("known drug addict, for HIV and hep screen", "derog-substance-label"),
    ("substance abusers clog up casualty every friday", "derog-substance-label"),
    ("person who uses drugs, for hep C screen", None),
    ("addiction psychiatry will see her tomorrow", None),
    # alcohol
    ("typical alcoholic, lying about how much he drinks", "derog-alcohol-label"),
    ("the dronkie in cubicle 4 is shouting", "derog-alcohol-label"),
    ("alcoholic hepatitis, Maddrey 40, for steroids", None),
    ("NAFLD - non-alcoholic fatty liver", None),
    ("drunk driver brought in by EMS, GCS 14", None),
    # clean/dirty
    ("urine came back dirty again, no methadone today", "derog-clean-dirty"),
    ("send a clean catch urine for MC&S", None),
    # frequent flyer / bed blocker
    ("frequent flyer alert, guess who's back", "derog-frequent-flyer"),
    ("our favourite frequent-flier is in bay 6", "derog-frequent-flyer"),
    ("ward 7 full of bed blockers waiting for frail care", "derog-bed-blocker"),
    ("4 patients awaiting placement, social work aware", None),
    # non-compliant / refuses / claims
    ("non-compliant with ARVs as usual", "derog-noncompliant"),
    ("has not been able to take her ARVs since the clinic stockout", None),
    ("refuses everything, as always 🙄", "derog-refuses"),
    ("pt refused consent for the LP, will discuss with family", None),
    ("pt claims he has 10/10 pain but is on his phone", "derog-doubt"),
    ("medical aid claims take 30 days to process", None),
    ("pt claims to have been vaccinated, no card, will check EVDS", None),
    ("he claims the fall happened at work, IOD forms needed", None),
    ("bed 3 claims to be in agony, snoring 5 min later", "derog-doubt"),
    # credibility
    ("bed 6 is a drug seeker, asks for pethidine by name", "derog-drug-seeking"),
    ("attention seeker, 5th 'overdose' this year", "derog-credibility"),
    ("such a drama queen, 'worst pain ever' while eating a pie", "derog-credibility"),
    ("professional patient, knows every drug name", "derog-credibility"),
    ("difficult airway, call anaesthetics early", None),
    ("pt difficult to cannulate, used the US", None),
    # slang
    ("the gomer in bed 5 pulled out her NGT again", "derog-medical-slang"),
    ("LOL in NAD in bed 12, for placement", "derog-medical-slang"),
    ("another social admission, nothing medically wrong", "derog-medical-slang"),
    ("bed 12 is a train wreck lol", "derog-medical-slang"),
    ("this shift is a train wreck", None),
    ("apple crumble at the farewell tea 🎉", None),
    ("MVA vs pedestrian, hit and run, trauma call", None),
    ("the surgeons did their usual hit and run, no plan documented", "derog-insult"),
    # mental-health slurs
    ("the psycho in bed 29 needs sedating", "derog-mental-health-slur"),
    ("cubicle 9 is a total nutcase", "derog-mental-health-slur"),
    ("crazy lady in cubicle 3 keeps undressing", "derog-mental-health-slur"),
    ("it's crazy busy tonight, all hands pls", None),
    ("mental state exam: oriented, no psychosis", None),
    ("psycho-social assessment booked", None),
    # body shaming
    ("obese slob in bed 22 broke the wheelchair", "derog-body-shaming"),
    ("fat lazy guy in bed 17 won't mobilise", "derog-body-shaming"),
    ("BMI 45, needs a bariatric bed", None),
    ("fat necrosis on the mammogram", None),
    # contempt
    ("drunk again, what a waste of a trolley", "derog-contempt"),
    ("the smelly one in bed 4 again", "derog-contempt"),
    ("dirty tramp in the corridor, hasn't washed in weeks", "derog-contempt"),
    ("the old bag in bed 21 rang the bell 50 times", "derog-contempt"),
    ("that meeting was a waste of time", None),
    ("dirty dressing, for change", None),
    # insults
    ("that registrar is an idiot, discharged a pt with a K of 2.0", "derog-insult"),
    ("the physio is a witch", "derog-insult"),
    ("sister on ward 21 is a lazy cow, sleeping in the tea room", "derog-insult"),
    ("the new intern is useless, couldn't even put up a drip", "derog-insult"),
    ("the night nurse is thick as a brick", "derog-insult"),
    ("this printer is useless, log a call with IT", None),
    ("stupid computer logged me out again", None),
    ("thick secretions, for chest physio", None),
    ("lazy eye on the left, for ophthal referral", None),
    # profanity at people
    ("Lukhanyo is f*cking useless tonight", "derog-profanity"),
    ("surgeons are such arrogant a$$holes", "derog-profanity"),
    ("the psych reg is useless as hell", "derog-profanity"),
    ("what a sh*t pt, shouted at everyone", "derog-profanity"),
    ("this f*cking printer again", None),
    ("shit, forgot my stethoscope at home", None),
    ("needle prick injury, for PEP bloods", None),
    # defamation
    ("Dr Cook is a drunk, smelled of alcohol on the ward round", "derog-defamation"),
    ("honestly dr sookdeo is incompetent", "derog-defamation"),
    ("the night reg was hammered on call again", "derog-defamation"),
    ("that locum falsifies his obs charts", "derog-defamation-conduct"),
    ("the ortho reg killed a patient last year", "derog-defamation-conduct"),
    ("Dr Smit should be struck off", "derog-defamation-conduct"),
    ("pt is drunk, GCS 14, for CT head", None),
    ("he was drunk on coffee lol", None),
    ("the reg was hammered with referrals all night", None),
    ("sepsis killed the patient despite everything", None),
    # stereotyping
    ("another teenage mom on her 4th baby, these girls never learn", "derog-stereotype"),
    ("teenage pregnancy clinic is on wednesdays", None),
    ("these patients deserve better transport", None),
]


@pytest.mark.parametrize("text,rule", FAMILIES, ids=[t for t, _ in FAMILIES])
def test_rule_families(text, rule):
    got = rules_of(text)
    if rule is None:
        assert not got, f"no derogatory finding expected, got {sorted(got)}"
    else:
        assert rule in got, f"expected {rule}, got {sorted(got)}"


# ---------------------------------------------------------------- obfuscation

OBFUSCATED = [
    ("the MO is an id10t", "id10t"),
    ("the MO is an idi0t", "idi0t"),
    ("the MO is an 1diot", "1diot"),
    ("bed 2 is an i.d.i.o.t", "i.d.i.o.t"),
    ("you are s t u p i d", "s t u p i d"),
    ("whoever the radiographer was is a m0ron", "m0ron"),
    ("the consultant is a b*tch", "b*tch"),
    ("that pt is so f**king annoying", "f**king annoying"),
    ("fcking useless MO tonight", "fcking useless"),
    ("the anaesthetist is a twat", "twat"),
]


@pytest.mark.parametrize("text,span", OBFUSCATED, ids=[t for t, _ in OBFUSCATED])
def test_obfuscated_spellings_and_offsets(text, span):
    fs = derog(text)
    assert fs, "expected a derogatory finding"
    assert any(text[f.start:f.end] == span for f in fs), [text[f.start:f.end] for f in fs]


def test_fold_is_length_preserving_for_leet_and_stars():
    s, idx = DET.fold("Reg Is An Id10t, F*cking A$$hole")
    assert s == "reg is an idiot, fucking asshole" and idx is None


def test_fold_joins_spaced_letters_with_a_map_back():
    text = "you are s t u p i d lol"
    s, idx = DET.fold(text)
    assert s == "you are stupid lol"
    a = s.index("stupid")
    assert text[idx[a]:idx[a + 5] + 1] == "s t u p i d"


def test_fold_leaves_numbers_and_handles_alone():
    s, _ = DET.fold("@dr_k bed 14, 47M, K 7.8, 3rd admission")
    assert s.startswith("@dr_k bed 14, 47m, k 7.8")


def test_zero_width_inside_a_word_maps_back_to_the_original():
    text = "the reg is an id\u200biot tonight"
    fs = derog(text)
    assert len(fs) == 1
    f = fs[0]
    assert text[f.start:f.end] == "id\u200biot"


def test_homoglyphs_map_back():
    text = "bed 3 is a m\u043er\u043en"  # Cyrillic o
    fs = derog(text)
    assert fs and text[fs[0].start:fs[0].end] == "m\u043er\u043en"


# ---------------------------------------------------------------- context

NOT_FINDINGS = [
    # corrections, quotes, discussion of a term
    "please don't call patients frequent flyers, 'frequent attender' is fine",
    "guys calling someone non-compliant doesn't help, ask why they stopped",
    "can we not use 'drug seeker' in handover? say requesting analgesia",
    "'gomer' is not a diagnosis. let's keep it professional",
    "not ok to call the intern useless on a group chat. feedback in private pls",
    "we say person with a substance use disorder rather than addict",
    "the term 'bed blocker' blames the patient for the system",
    "reminder from the SAMA guidance: no derogatory comments about patients, e.g. calling them junkies",
    "a patient called me an idiot today, I'm fine, just venting",
    "drug seeking behaviour is a term we should avoid",
    "lol I'm such an idiot, left my stethoscope at home",
    "the bergie wind is blowing today, hold on to your caps",
    "difficult family meeting at 2pm, social work joining",
    "pls send a clean urine sample for MC&S",
    "casualty is crazy tonight, 40 waiting",
    # clinical
    "aggressive lymphoma on the biopsy, for R-CHOP",
    "pt agitated overnight, gave 2mg lorazepam",
    "intoxicated pt, GCS 15, for CT head and obs",
    "alcohol use disorder, on thiamine",
    "pt psychotic, for psych review",
    "spastic diplegia, for botox clinic",
    "brain dead pt in ICU, family consenting for donation",
    # idioms and systems
    "killer headache, going home early",
    "NHLS system down AGAIN 🙄 can't see any results",
    "the lab is useless today, 4 hours for an FBC",
    "that shift was insane, 14 admissions",
    # supportive
    "shoutout to Yashika for the amazing lines in resus 👏",
    "she's a fighter, off the vent today 💪",
    "Dr Naidoo was amazing with that family",
]


@pytest.mark.parametrize("text", NOT_FINDINGS)
def test_not_findings(text):
    assert not derog(text)


TARGETS = [
    ("the anaesthetist tonight is a complete muppet", "colleague"),
    ("@dr_k stop being so useless and answer your phone", "colleague"),
    ("you're so clueless, how did you pass", "colleague"),
    ("the ortho team are useless, 4 hours and no review", "colleague"),
    ("the moron in bed 7 pulled out his catheter", "patient"),
    ("pt in bed 14 is such a moaner", "patient"),
    ("the 47M in resus claims he has pain", "patient"),
    ("Dr Venter is a drunk", "colleague"),
]


@pytest.mark.parametrize("text,target", TARGETS, ids=[t for t, _ in TARGETS])
def test_target(text, target):
    fs = derog(text)
    assert fs and fs[0].target == target, [(f.rule, f.target) for f in fs]


def test_staff_name_makes_the_target_a_colleague():
    text = "Thandi is useless tonight, 6 bloods undone"
    ctx = Context.make(staff_names=["Thandi Mokoena"])
    fs = derog(text, ctx)
    assert fs and fs[0].target == "colleague"


def test_sections_and_severity():
    (f,) = derog("Dr Cook is a drunk")
    assert f.section == "defamation" and f.severity == "high"
    (f,) = derog("the junkie in bed 4")
    assert f.section == "appropriate-discussion"
    (f,) = derog("drunk again, what a waste of a trolley")
    assert f.section == "professionalism"


def test_suggestion_goes_into_the_rewrite():
    text = "the junkie in bay 2 wants methadone"
    fs = derog(text)
    assert fs[0].suggestion == "person with a substance use disorder"
    out = rewrite(text, fs, CHECKER.packs)
    assert out == "the person with a substance use disorder in bay 2 wants methadone"
    reply = build_nudge(text, fs, CHECKER.packs, nudge_id="n1")
    assert reply.blocks


@pytest.mark.parametrize("text,want", [
    ("this frequent flyer is back again", "patient who attends often"),
    ("3 bed blockers on the ward", "patient awaiting placement"),
    ("pt claims she has pain everywhere", "reports"),
    ("non-compliant with insulin", "has not been able to take"),
])
def test_neutral_alternatives(text, want):
    assert any(f.suggestion == want for f in derog(text))


def test_disabled_rule_is_not_reported():
    text = "the junkie in bay 2"
    ctx = Context.make(disabled_rules=["derog-substance-label"])
    assert not derog(text, ctx)


def test_policy_off_means_no_findings():
    ctx = Context.make(policies=["identifiers"])
    assert not derog("the reg is an idiot", ctx)


# ---------------------------------------------------------------- robustness

@pytest.mark.parametrize("text", [
    "a " * 50000, "s t u p i d " * 8000, "f*" * 50000, "'pain' " * 14000, "a1" * 50000,
    "is a very lazy useless fat old " * 3000, "bed 4 is an idiot. " * 5000, "i.d.i.o.t." * 10000,
])
def test_huge_adversarial_messages_finish_with_valid_offsets(text):
    fs = derog(text)
    for f in fs:
        assert 0 <= f.start < f.end <= len(text)


def test_broken_term_names_file_rule_and_field(tmp_path):
    root = tmp_path / "policies"
    shutil.copytree(CHECKER.packs["identifiers"].root.parent, root)
    (root / "derogatory" / "zz_bad.toml").write_text(textwrap.dedent("""
        [[rule]]
        id = "derog-broken"
        detector = "derogatory"
        kind = "insult"
        severity = "low"
        section = "appropriate-discussion"
        why = "test"
        terms = ["idiot(?"]
    """))
    with pytest.raises(PolicyError) as e:
        Checker(root)
    msg = str(e.value)
    assert "derog-broken" in msg and "terms" in msg


def test_every_term_has_a_literal_prefix():
    """A term with no literal start would be tried at every word of every
    message; the pack should not need one."""
    assert DET.anywhere == [], [DET.terms[k][0].pattern for k in DET.anywhere]


# ---------------------------------------------------------------- fresh table
# Written apart from the shared dev set, in other words; scored as a set.
# (text, derogatory?, target)

FRESH = [
    ("the addict in bay 3 wants his methadone early again", True, "patient"),
    ("bed 11 is a proper junky, track marks everywhere lol", True, "patient"),
    ("another druggie in resus, GCS 8", True, "patient"),
    ("tikkop in cubicle 2 ran off with the drip stand", True, "patient"),
    ("our resident dronkie is back in casualty", True, "patient"),
    ("known alcoholic, will be back next week", True, "patient"),
    ("she's a hypochondriac, 5 CTs this year all normal", True, "patient"),
    ("bed 9 is a nightmare, rings the bell every 5 min", True, "patient"),
    ("gogo in bed 3 is a total crumble, for placement", True, "patient"),
    ("classic acopia in the old man on ward 6", True, "patient"),
    ("this frequent flier is back for the 3rd time this week", True, "patient"),
    ("two bed blockers in medical ward still waiting for frail care", True, "patient"),
    ("she's non compliant with her insulin, what do you expect", True, "patient"),
    ("claims he took only 2 tablets lol", True, "patient"),
    ("the lady in bed 4 insists she's in agony but was laughing on the phone", True, "patient"),
    ("total attention-seeking behaviour from bed 6 tonight", True, "patient"),
    ("bed 20 is so manipulative, lies to every doctor", True, "patient"),
    ("drug-seeking again, asked for pethidine by name", True, "patient"),
    ("the nut job in side room 1 is throwing things", True, "patient"),
    ("loony in cubicle 8 needs haloperidol", True, "patient"),
    ("that crazy woman in bed 2 screamed all night", True, "patient"),
    ("the fat slob in bed 30 wants another pudding", True, "patient"),
    ("massive whale in bed 12, we need 6 people to turn her", True, "patient"),
    ("waste of oxygen in bed 5 honestly", True, "patient"),
    ("stinky old man in cubicle 3, someone please wash him", True, "patient"),
    ("the bergie in resus has lice again", True, "patient"),
    ("the moron in bed 7 pulled his catheter out with the balloon up", True, "patient"),
    ("bed 16 is so st*pid, drank the hand sanitiser", True, "patient"),
    ("what a sh!tty patient, shouted at everyone", True, "patient"),
    ("urine was dirty for cocaine again", True, "patient"),
    ("these people never learn, 4th admission with DKA", True, "patient"),
    ("the retard in bed 3 keeps pressing the call bell", True, "patient"),
    ("old bat in cubicle 4 hit the nurse with her walking stick", True, "patient"),
    ("another OD for attention, 3 panados", True, "patient"),
    ("pt faking seizures again, EEG normal", True, "patient"),
    ("the anaesthetist tonight is a complete muppet", True, "colleague"),
    ("our new intern is thick as two short planks", True, "colleague"),
    ("surgical reg is so lazy, didn't even examine the abdomen", True, "colleague"),
    ("ortho team are useless, 4 hours and no review", True, "colleague"),
    ("Sister Mokoena is a b*tch, threw the folder at me", True, "colleague"),
    ("the consultant is an arrogant prick", True, "colleague"),
    ("Dr Venter is always drunk on call", True, "colleague"),
    ("the locum fakes his obs charts, never actually sees the pts", True, "colleague"),
    ("that reg nearly killed a patient last week and nobody reported it", True, "colleague"),
    ("Dr Patel should be struck off honestly", True, "colleague"),
    ("you're so clueless, how did you pass your exams", True, "colleague"),
    ("the night MO is a f***ing idiot", True, "colleague"),
    ("the pharmacist is useless af", True, "colleague"),
    ("radiology reg is a clown, reported the wrong side", True, "colleague"),
    ("the new reg is such a dragon", True, "colleague"),
    ("pt with alcohol use disorder, on thiamine and diazepam taper", False, None),
    ("hx of IV drug use, for HIV and hep C screen", False, None),
    ("person who injects drugs, needs an endocarditis w/u", False, None),
    ("aggressive B-cell lymphoma, for chemo", False, None),
    ("pt combative overnight, needed 4 people and haloperidol", False, None),
    ("we should call them frequent attenders, not frequent flyers", False, None),
    ("saying 'junkie' in the notes is not ok, use person with SUD", False, None),
    ("please stop calling the elderly 'crumbles', it's disrespectful", False, None),
    ("that shift was crazy, 14 admissions", False, None),
    ("my laptop is so stupid, keeps freezing", False, None),
    ("loadshedding again, this is insane", False, None),
    ("thick meconium liquor, paeds called", False, None),
    ("obese, BMI 42, for bariatric bed", False, None),
    ("fat embolism ?, post femur fracture, for CTPA", False, None),
    ("pt declined the LP after counselling", False, None),
    ("pt refused blood transfusion - Jehovah's witness, documented", False, None),
    ("great job by the ortho team today, thanks all", False, None),
    ("urine dip clean, no leucs or nitrites", False, None),
    ("psych reg will come see bed 5 after 4", False, None),
    ("the drunk driver was brought in by SAPS", False, None),
    ("killer queue at pharmacy today", False, None),
    ("this printer is a f*cking nightmare", False, None),
    ("pt is a 45yo teacher with a difficult airway", False, None),
    ("pt uncooperative with exam due to delirium", False, None),
    ("the reg is using the US machine in resus", False, None),
    ("the consultant is high risk for burnout, be kind", False, None),
    ("3 head cases in resus from the taxi crash", False, None),
    ("she feels worthless and hopeless, PHQ9 22", False, None),
    ("he's mad at us for the wait, can someone explain the delay", False, None),
    ("pt has pain in the neck and shoulder since the fall", False, None),
]


def _fresh_score():
    tp = fp = fn = tn = tgt = 0
    for text, want, target in FRESH:
        fs = derog(text)
        if fs and want:
            tp += 1
            tgt += fs[0].target == target
        elif fs:
            fp += 1
        elif want:
            fn += 1
        else:
            tn += 1
    return tp, fp, fn, tn, tgt


def test_fresh_table_precision_recall_and_no_benign_nudges():
    tp, fp, fn, tn, tgt = _fresh_score()
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"fresh table: tp={tp} fp={fp} fn={fn} tn={tn} precision={precision:.3f} "
          f"recall={recall:.3f} target={tgt}/{tp}")
    assert precision >= 0.95 and recall >= 0.95
    assert fp == 0, "a benign message in the fresh table was nudged"
    assert tgt >= 0.9 * tp


def test_fresh_table_size():
    assert len(FRESH) >= 60


# ---------------------------------------------------------------- round 2
# A second fresh table, written for the families added in round 2 (ageism,
# figurative insults, mortality slang, blame labels, criminalising labels,
# more slurs and defamatory claims), each with its benign look-alikes.
# (text, the rule expected or None, the target expected or None)

FRESH2 = [
    ("the charge nurse on ward 4 is a bossy old battle-axe", "derog-ageist", "colleague"),
    ("Prof is a crusty old dinosaur, still wants paper notes", "derog-ageist", "colleague"),
    ("the coffin-dodger in bed 20 is back, 3rd time this month", "derog-contempt", "patient"),
    ("old fogey in cubicle 5 wants his own pyjamas lol", "derog-ageist", "patient"),
    ("our HOD is past it, should have retired years ago", "derog-ageist", "colleague"),
    ("the new SHO has the common sense of a teaspoon", "derog-figurative-insult", "colleague"),
    ("that registrar couldn't find his way out of a paper bag", "derog-figurative-insult", "colleague"),
    ("the medical officer on call is as useful as a chocolate fireguard", "derog-figurative-insult", "colleague"),
    ("92yo in bed 14, classic failure to die, family want everything", "derog-mortality-slang", "patient"),
    ("ward 22 is the departure lounge, send him there", "derog-mortality-slang", "patient"),
    ("ANOTHER FTD from the old age home, still going at 101 🙄", "derog-mortality-slang", "patient"),
    ("serial defaulter, back with cryptococcal meningitis", "derog-blame-label", "patient"),
    ("bed 7 is a lost cause, let him go home", "derog-insult", "patient"),
    ("covid denialist in bed 6 won't wear a mask", "derog-blame-label", "patient"),
    ("the stab victim in resus is a proper thug", "derog-criminal-label", "patient"),
    ("bunch of tsotsis in casualty tonight, lock the drug room", "derog-criminal-label", "patient"),
    ("the theatre sister is a fool, opened the wrong set", "derog-insult", "colleague"),
    ("intern on nights is a total dolt", "derog-insult", "colleague"),
    ("our anaesthetist is a cowboy, no wonder the sats dropped", "derog-insult", "colleague"),
    ("the agency nurses are all liars and thieves", "derog-defamation", "colleague"),
    ("the locum smokes weed on duty, we can all smell it", "derog-defamation-conduct", "colleague"),
    ("Sister Mokoena sleeps through the whole shift, every time", "derog-defamation-conduct", "colleague"),
    ("the porter comes to work drunk on fridays", "derog-defamation-conduct", "colleague"),
    ("the new pharmacist fiddles the stock counts, watch her", "derog-defamation-conduct", "colleague"),
    ("the fatty in bed 19 needs the bariatric commode", "derog-body-shaming", "patient"),
    ("the mentals from the holding area keep escaping", "derog-mental-health-slur", "patient"),
    ("the mongo kid in paeds bit the student", "derog-slur", "patient"),
    ("these nigerians are flooding our clinic, no papers", "derog-xenophobia", "patient"),
    ("UBI in cubicle 3, found in a ditch", "derog-medical-slang", "patient"),
    ("hope the lady in bed 2 absconds before the ward round", "derog-contempt", "patient"),
    ("that jumped-up intern told me how to do my job", "derog-insult", "colleague"),
    ("the tik-head in 3 pulled his line", "derog-substance-label", "patient"),
    ("spoilt brat in cubicle 4 threw his jelly", "derog-insult", "patient"),
    ("the night reg is an idoit, ask the consultant", "derog-insult", "colleague"),
    ("that MO is sooo stooopid", "derog-insult", "colleague"),
    ("the physio bills for sessions she never did", "derog-defamation-conduct", "colleague"),
    ("lard-arse in bed 2 needs the hoist", "derog-body-shaming", "patient"),
    ("that illegal in bed 5 has no passport", "derog-slur", "patient"),
    ("the new MO is a two-faced snake", "derog-insult", "colleague"),
    ("the registrar is a brown-noser, always sucking up to the prof", "derog-insult", "colleague"),
    ("bed 3 should get a loyalty card lol", "derog-frequent-flyer", "patient"),
    ("the porter is light-fingered, watch your phones", "derog-defamation", "colleague"),
    ("the daughter in bay 6 is a bullshitter, mom never fell", "derog-blame-label", "patient"),
    ("pt in bay 1 is milking it, walked fine to the loo", "derog-credibility", "patient"),
    # benign look-alikes
    ("battle with the pharmacy over the TPN again", None, None),
    ("dinosaur-themed cake for the paeds ward party", None, None),
    ("the fossil record lecture was good, thanks Prof", None, None),
    ("failure to thrive, for feeding assessment", None, None),
    ("departure time for the transfer ambulance is 14:00", None, None),
    ("behavioural variant FTD, for MDT on friday", None, None),
    ("defaulter tracing: 3 patients phoned today", None, None),
    ("lost to follow-up since 2022, traced by the CHW", None, None),
    ("the fool-proof way to label bloods: two identifiers", None, None),
    ("thick and green sputum, for MC&S", None, None),
    ("fatty streaks on the aorta at post mortem", None, None),
    ("mental health act forms are in the nursing office", None, None),
    ("mongolian spots, documented so no one thinks it's abuse", None, None),
    ("nigerian couple, both doctors, visiting their son in ICU", None, None),
    ("UBI grant debate at the union meeting tonight", None, None),
    ("hope she does well after the op, lovely lady", None, None),
    ("pt walked to the loo independently, for discharge", None, None),
    ("I'm such a fool, forgot the consent form", None, None),
    ("the consultant warned us against writing 'frequent flyer' in notes", None, None),
    ("slimy discharge from the wound, swab sent", None, None),
    ("smug feeling after that cannulation", None, None),
    ("season ticket for the rugby was a gift from the team", None, None),
    ("fingers crossed the CT is clear", None, None),
    ("BRAT diet for the gastro kid, push fluids", None, None),
    ("the new system is useeeless", None, None),
    ("pt makes up stories, confabulating, ?Korsakoff", None, None),
]


@pytest.mark.parametrize("text,rule,target", FRESH2, ids=[t for t, _, _ in FRESH2])
def test_fresh_round2(text, rule, target):
    fs = derog(text)
    if rule is None:
        assert fs == [], [(f.rule, text[f.start:f.end]) for f in fs]
        return
    assert rule in {f.rule for f in fs}, [(f.rule, text[f.start:f.end]) for f in fs]
    assert {f.target for f in fs if f.rule == rule} == {target}


def test_coordinated_predicate_takes_the_first_subject():
    # "X is A and B": B is said of X too
    assert rules_of("she's a hopeless case and a liar") >= {"derog-credibility"}
    assert rules_of("the printer is broken and a disgrace") == set()


def test_us_as_object_is_not_self_deprecation():
    assert rules_of("paeds sent us a gomer with a UTI") == {"derog-medical-slang"}
    assert rules_of("we are such idiots, forgot the bloods") == set()


def test_record_number_subject_is_a_patient():
    fs = derog("MRN 4471203 is a train wreck")
    assert [f.target for f in fs] == ["patient"]


# Hard negatives for the round-2 families: clinical homonyms, venting at
# things, other people's quoted words, self-deprecation, praise.
NOT_FINDINGS2 = [
    "pt called the nurse a bitch, security called",
    "pt shouting 'you are all useless' at the staff",
    "I'm a total dinosaur with the new system, can someone help",
    "I feel like such an idiot, missed the fracture",
    "we are a bunch of clowns today, forgot the bloods twice",
    "the new EMR is a train wreck",
    "family worried he is becoming senile, MMSE booked",
    "she is hopeless and helpless, PHQ-9 22, for psych",
    "he's a goner if we don't get him to theatre now",
    "the family are a mess, grieving, give them time",
    "baby is on the bottle now, NGT out",
    "don't be fooled by the normal sats, she's septic",
    "the reg is out to lunch, back at 2",
    "fit for discharge, TTOs ready",
    "smells of alcohol, GCS 15, for obs",
    "pt drinks like 3 litres of coke a day, HbA1c 11",
    "the consultant is a legend, sorted the airway in seconds",
    "ward 5 is a madhouse tonight",
    "hopeless prognosis explained to the family",
    "her husband is a fool for love, brought flowers every day",
    "thief came into the ward and stole phones, SAPS called",
    "ortho said no, not their problem, refer to plastics",
    "pt is doddery on her feet, for physio and a frame",
    "AIDS denialism under the previous government cost lives",
]


@pytest.mark.parametrize("text", NOT_FINDINGS2)
def test_not_findings_round2(text):
    assert derog(text) == [], [(f.rule, text[f.start:f.end]) for f in derog(text)]


OBFUSCATED2 = [
    ("the reg is a f00l", "f00l"),
    ("the th*g in resus spat at the nurse", "th*g"),
    ("the intern is a total m u p p e t", "m u p p e t"),
    ("bed 2 is a m0ng", "m0ng"),
    ("the f@tty in bay 3 wants more pudding", "f@tty"),
]


@pytest.mark.parametrize("text,span", OBFUSCATED2, ids=[t for t, _ in OBFUSCATED2])
def test_obfuscated_round2_words_and_offsets(text, span):
    fs = derog(text)
    assert any(text[f.start:f.end] == span for f in fs), [text[f.start:f.end] for f in fs]


def test_mostly_digit_tokens_are_not_unmasked():
    # "4m", "x3", "10x0" are not words; only a vocabulary word is read back
    assert DET.fold("4m x3 10x0 b00k")[0] == "4m x3 10x0 b00k"


@pytest.mark.parametrize("text,target", [
    ("Nomsa in pharmacy is a lazy cow, one script in 3 hours", "colleague"),  # "one" after the term is no patient cue
    ("bed 4 Nomsa is a lazy cow, won't mobilise", "patient"),
    ("the whinger in 14 wants a private room", "patient"),                   # a bare bed number after the term
    ("the reg is useless in 2 ways", "colleague"),
])
def test_round2_targets(text, target):
    assert [f.target for f in derog(text)][:1] == [target]


# ---------------------------------------------------------------- round 3 families
# Written for this round in other words than the rules' own examples.

ROUND3 = [
    # sexualised contempt for a patient or colleague
    ("the old perv is back in bay 4", "derog-sexual-contempt"),
    ("dirty old letch in bay 2 again", "derog-sexual-contempt"),
    ("bed 2 is a dirty old man, keeps grabbing", "derog-contempt"),
    ("creepy porter keeps hanging around the female ward", "derog-sexual-contempt"),
    ("the lecherous old man in bed 6 again", "derog-sexual-contempt"),
    ("old pervs on ward 6 all want the young nurses", "derog-sexual-contempt"),
    ("total perv, keeps asking the physio out", "derog-sexual-contempt"),
    ("sleazebag in resus wants a female doctor only lol", "derog-sexual-contempt"),
    ("creeping cellulitis up the shin, mark it", None),
    ("pt's creatinine is creeping up", None),
    ("sleazy motel mentioned in collateral, SW to see", None),
    ("CCTV showed someone creeping along the corridor", None),
    # contempt for a doctor's competence by label
    ("the consultant is a total charlatan", "derog-competence-label"),
    ("that quack in casualty sent home an MI", "derog-competence-label"),
    ("what a cowboy, operating with no consent", "derog-competence-label"),
    ("absolute cowboys in ortho", "derog-competence-label"),
    ("a butcher in theatre again today", "derog-competence-label"),
    ("dr K is a hack, cannot even close a wound", "derog-competence-label"),
    ("he should lose his licence honestly", "derog-competence-label"),
    ("the cowboy movie is on in the tea room", None),
    ("pt is a retired butcher, now for TKR", None),
    ("butcher block knife injury, tendon repair", None),
    ("quack grass allergy? no, rye grass", None),
    ("pt was a cowboy in his youth, now for TKR", None),
    ("cowboy builder fell from scaffold, for trauma series", None),
    ("struck off the theatre list, no consent", None),
    ("quacks like him shouldn't be allowed near a theatre", "derog-competence-label"),
    ("pt's husband is a butcher, brought her in", None),
    ("the butcher's knife slipped, flexor tendon injury", None),
    # contempt for a manager's or colleague's character
    ("the matron is a spineless wimp", "derog-character"),
    ("our HOD is a gutless wimp", "derog-character"),
    ("management puppet HOD strikes again", "derog-character"),
    ("the nursing manager is head office's puppet", "derog-character"),
    ("the nurse manager is a yes-woman for the province", "derog-character"),
    ("dean's puppet chaired the meeting", "derog-character"),
    ("the CEO is a coward, as usual", "derog-character"),
    ("what a brown-nose, always sucking up to the prof", "derog-character"),
    ("the director is spineless", "derog-insult"),
    ("pt is a yes/no responder, aphasic", None),
    ("pt's shih tzu is a lapdog, bit her on the chin", None),
    ("puppet theatre in the paeds playroom at 10", None),
    ("pt's dog is a poodle, bit her hand", None),
    ("pt has no spine mets on MRI", None),
    ("she has no backbone pain now", None),
    # victim-blaming and withdrawing sympathy
    ("smoked himself into an early grave, no sympathy", "derog-victim-blaming"),
    ("she brought this on herself honestly", "derog-victim-blaming"),
    ("he had it coming tbh", "derog-victim-blaming"),
    ("ate herself into diabetes, her own fault", "derog-victim-blaming"),
    ("serves them right for not taking their ARVs", "derog-victim-blaming"),
    ("I have zero sympathy for him", "derog-victim-blaming"),
    ("he deserves to suffer after what he did", "derog-victim-blaming"),
    ("your own fault mate, ate yourself into this", "derog-victim-blaming"),
    ("self-inflicted gunshot wound, for theatre", None),
    ("self inflicted burns, for plastics, psych to see", None),
    ("the family has no sympathy left, they want him placed", None),
    ("no sympathy from the family, lives alone, SW to see", None),
    ("drank himself to sleep, found on the floor", None),
    ("he has sympathy pains apparently lol", None),
    ("no sympathy note needed from HR", None),
    ("drank himself into liver failure, what did he expect", "derog-victim-blaming"),
    ("deserves everything he gets", "derog-victim-blaming"),
    ("can't feel sorry for him, he did this to himself", "derog-victim-blaming"),
    ("no sympathy for drunk drivers", "derog-victim-blaming"),
    ("he brought it on the ambulance with him", None),
    ("her own fault? no, the dose was wrong on the script", None),
    ("no sympathy cards in the gift shop, can someone bring one", None),
    ("I've got very little sympathy tbh", "derog-victim-blaming"),
    ("zero sympathy for this one", "derog-victim-blaming"),
    ("management showed no sympathy.", None),
    ("family shows very little sympathy, SW referral", None),
    ("pt gets no sympathy at home, wife left", None),
    ("he got no sympathy from his employer, lost his job", None),
    # sweeping generalisations about a patient group
    ("these addicts are all liars", "derog-substance-label"),
    ("all psych patients are manipulative", "derog-credibility"),
    ("teen moms are all the same", "derog-group-generalisation"),
    ("the overdose girls are all attention seekers", "derog-credibility"),
    ("druggies are all thieves", "derog-substance-label"),
    ("schizos are all violent", "derog-mental-health-slur"),
    ("smokers are all the same, never quit", "derog-group-generalisation"),
    ("these tik heads are all thieves", "derog-substance-label"),
    ("these OD ladies are all the same, back next week", "derog-group-generalisation"),
    ("the homeless lot are all liars", "derog-group-generalisation"),
    ("these homeless guys are all lazy", "derog-group-generalisation"),
    ("the gang members are all liars", "derog-group-generalisation"),
    ("the TB patients are all on treatment", None),
    ("these patients are all nil by mouth", None),
    ("the mums are all the same age roughly, 20s", None),
    ("psych pts all lie", "derog-group-generalisation"),
    ("they're all the same, these psych patients", "derog-group-generalisation"),
    ("women from that area are all the same", "derog-group-generalisation"),
    ("the psych pts all lie flat for the ECT, no pillow", None),
    ("he got what he deserved, drunk driving", "derog-victim-blaming"),
    ("pt says he got what he deserved, tearful, for psych review", None),
    ("pt feels it's his own fault, counselled, for psych", None),
    ("that surgeon is a snake oil salesman", "derog-competence-label"),
    ("the physician is a total fraud and a quack", "derog-competence-label"),
    ("perv alert in bed 5, female staff in pairs", "derog-sexual-contempt"),
    ("the HOD is a sellout, sided with the CEO", "derog-character"),
    ("our manager has no balls, won't fight for staff", "derog-character"),
    ("these patients are all from the same taxi crash", None),
    ("the families are all the same surname, use folder numbers", None),
    ("the psych patients are all seen, plans in notes", None),
    ("the immigrants are all TB screened", None),
    ("all the kids are the same weight? double-check the doses", None),
    ("pts are all difficult to bleed on this ward", None),
    ("the mums are all breastfeeding well", None),
    ("our smokers are all booked for the quit clinic", None),
]


@pytest.mark.parametrize("text,rule", ROUND3, ids=[t for t, _ in ROUND3])
def test_round3_families(text, rule):
    got = rules_of(text)
    if rule is None:
        assert not got, got
    else:
        assert rule in got, got


def test_round3_group_generalisation_needs_a_stigmatising_label():
    assert rules_of("the psych patients are all liars") == {"derog-group-generalisation"}
    assert not rules_of("the psych patients are all reviewed")


def test_round3_manager_remarks_are_about_a_colleague():
    fs = derog("the matron is a puppet of the CEO")
    assert fs and fs[0].target == "colleague"
