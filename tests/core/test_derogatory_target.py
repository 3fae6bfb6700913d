"""Who a derogatory remark is about (core/detectors/target.py), and contempt
without a label word (policies/derogatory/contempt.toml): one table per
family, each with the clinical look-alikes it must leave alone."""

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from discreet.core import Checker, PolicyError, default_checker
from discreet.core.findings import Context
from discreet.core.nudge import build_nudge

from derog_helpers import derog  # noqa: E402

CHECKER = default_checker()



def check_row(text, rule, target):
    fs = derog(text)
    if rule is None:
        assert fs == [], [(f.rule, text[f.start:f.end]) for f in fs]
        return
    assert rule in {f.rule for f in fs}, [(f.rule, text[f.start:f.end]) for f in fs]
    if target is not None:
        assert {f.target for f in fs if f.rule == rule} == {target}


# ---------------------------------------------------------------- the target
# (text, derogatory?, target when derogatory)

TARGETS = [
    # the author about themselves
    ("Honestly I'm such a numpty, charted the clexane on the wrong day", False, None),
    ("call me the useless houseman but I still can't find the fire exit", False, None),
    ("Felt like a total idiot in the viva, blanked on the cranial nerves", False, None),
    ("Me, the laziest MO in the province, asleep by 9", False, None),
    ("I signed the wrong form, fixed it, no harm done. Still, what an idiot.", False, None),
    ("I cried in the car park like a big baby after that arrest", False, None),
    ("I was a useless intern, let's be honest", False, None),
    ("we junior docs are such pushovers when the bosses shout", False, None),
    ("me being the moron I am, I left my badge at home again", False, None),
    # outside the clinical setting
    ("some idiot from a security company kept phoning the ward during the resus", False, None),
    ("the insurance company are a bunch of useless clowns, lost the pre-auth again", False, None),
    ("the timeshare guy who phoned me on call was a total muppet", False, None),
    ("some moron on the highway cut me off on the way to my shift", False, None),
    ("my ex is a complete psycho, changed the locks while I was on nights", False, None),
    ("the trolls on twitter are absolute morons about vaccines", False, None),
    ("this stupid printer has eaten the discharge summary again", False, None),
    ("Cerner are a bunch of clowns, the update broke the order sets", False, None),
    ("The NHS is a shambles", False, None),
    ("Some clown at the car rental desk lost my booking", False, None),
    ("Turns out I'm a clumsy oaf, knocked the sharps bin over", False, None),
    ("this f***ing night. Four admissions and no porter.", False, None),
    # a grieving family described, not mocked
    ("mum was hysterical when she heard the news, we sat with her for an hour", False, None),
    ("the wife was wailing like an animal when we told her he had died", False, None),
    ("the family were inconsolable and screaming in the corridor after the death", False, None),
    # a blog's generic "you", and an insult word used as a verb
    ("if you forget one lab you're the scatterbrained moron of the ward", False, None),
    ("nice to feel like I'm able to fool the patients into thinking I know stuff", False, None),
    # still reported: a patient or a colleague
    ("You never answer your bleep, you're useless", True, "colleague"),
    ("I've got a total moron as my reg tonight", True, "colleague"),
    ("Sister Dlamini and Dr Botha are idiots", True, "colleague"),
    ("honestly some of these patients are just vile human beings", True, "patient"),
    ("the night reg is a total idiot, sent home a kid with meningitis", True, "colleague"),
    ("what a moron, the guy in bed 2 pulled out his catheter with the balloon up", True, "patient"),
    ("I got the most useless intern this block", True, "colleague"),
    ("the mother is hysterical again, demanding a CT for a bumped head lol", True, "patient"),
    ("I swear the ortho MO is an idiot, I'm not the problem here", True, "colleague"),
]


@pytest.mark.parametrize("text,want,target", TARGETS, ids=[t for t, _, _ in TARGETS])
def test_target_resolver(text, want, target):
    fs = derog(text)
    assert bool(fs) == want, [(f.rule, text[f.start:f.end]) for f in fs]
    if want:
        assert target in {f.target for f in fs}, [(f.rule, f.target) for f in fs]


def test_a_wish_names_its_target_from_the_sentence_before():
    fs = derog("The cardio reg bounced my referral again. I hope he trips down the stairs.")
    assert [(f.rule, f.target) for f in fs] == [("derog-hostile-wish", "colleague")]


def test_unresolved_wish_defaults_to_a_patient():
    fs = derog("honestly I wish she'd just drop dead already")
    assert [(f.rule, f.target) for f in fs] == [("derog-hostile-wish", "patient")]


# ---------------------------------------------------------------- families
# (text, the rule expected or None, the target expected or None)

HOSTILE = [
    ("praying the screamer in bed 14 croaks before my next shift", "derog-hostile-wish", "patient"),
    ("if the surgical reg declines one more referral I swear I'll strangle him", "derog-hostile-wish", "colleague"),
    ("can't wait till the old man in side room 3 finally kicks the bucket", "derog-hostile-wish", "patient"),
    ("somebody please smother bed 9, he hasn't stopped since midnight", "derog-hostile-wish", "patient"),
    ("put the poor guy in cubicle 4 out of his misery already", "derog-hostile-wish", "patient"),
    ("pt choked on a grape, back blows given, now fine", None, None),
    ("we all hope she pulls through, what a fighter", None, None),
    ("hope he dies comfortably tonight, family with him", None, None),
    ("wish he'd come in sooner, the foot can't be saved now", None, None),
    ("hope the infection dies down with the new antibiotics", None, None),
    ("can someone shoot him a message about the MDT time", None, None),
]

SILENCING = [
    ("will someone tell the consultant to shut his gob in M&M", "derog-coarse-silencing", "colleague"),
    ("the woman in cubicle 5 needs to shut the f*** up about her sandwiches", "derog-coarse-silencing", "patient"),
    ("bay 6 won't shut the hell up even with haloperidol on board", "derog-coarse-silencing", "patient"),
    ("door must be kept shut, negative pressure room", None, None),
    ("eye won't shut fully, ?Bell's palsy, for neuro", None, None),
    ("pt unable to shut his mouth, ?TMJ dislocation", None, None),
    ("pt told me to shut up and get out, security called", None, None),
    ("please tell the family to keep the noise down, others sleeping", None, None),
]

QUOTES = [
    ("Miss 'I only had two drinks' blew 0.3 on the breathalyser", "derog-mock-quote", "patient"),
    ("bed 3's \"crushing chest pain\" vanished the second lunch arrived lol", "derog-mock-quote", "patient"),
    ("the 'specialist' from cardiology told me to give more furosemide", "derog-mock-quote", "colleague"),
    ("her 'unbearable pain' didn't stop her ordering takeaways \U0001F644", "derog-mock-quote", "patient"),
    ("pt states 'I want to die', urgent psych review, 1:1 obs", None, None),
    ("mum says he's been 'not himself' and 'very floppy' since yesterday", None, None),
    ("husband said she 'went grey and fell', for ECG", None, None),
    ("pt describes the pain as 'tearing', CT aorta booked", None, None),
]

SARCASM = [
    ("oh sure, she's too weak to walk, but she made it to the vending machine lol", "derog-sarcasm", "patient"),
    ("the son is so caring, which is why he hasn't visited in a year", "derog-sarcasm", "patient"),
    ("our fabulous locum sent home a STEMI. Bravo.", "derog-sarcasm", "colleague"),
    ("oh great, bed 12 is back", "derog-sarcasm", "patient"),
    ("bed 4 says she's allergic to paracetamol \U0001F644", "derog-sarcasm", "patient"),
    ("what a delight bed 7 is, third complaint today", "derog-sarcasm", "patient"),
    ("lady muck in side room 4 wants a different nurse", "derog-sarcasm", "patient"),
    ("love how the surgeons always know best \U0001F644", "derog-sarcasm", "colleague"),
    ("thanks for the lovely handover, ICU. really appreciated \U0001F644", "derog-ironic-praise", "colleague"),
    ("Nurse Ratched strikes again, no visitors after 7", "derog-colleague-mock-name", "colleague"),
    ("I said I'd be on time today \U0001F644", None, None),
    ("what a delight, bed 7 brought us a cake to say thanks", None, None),
    ("the little princess in bed 3 is going home today, 4yo", None, None),
    ("grandiose, thinks he's god, ?mania, for psych", None, None),
    ("sure, happy to swap Tuesday for Thursday", None, None),
    ("apparently the CT scanner is back up, thank god", None, None),
    ("oh wow, the new intern caught a subtle STEMI on her first day!", None, None),
    ("sure, she's in pain, give her the morphine now", None, None),
]

SIMILES = [
    ("guy in bed 9 eats like a pig, yoghurt on the ceiling", "derog-body-mockery", "patient"),  # body mockery outranks the simile
    ("the relatives were all over the nurses' station like a pack of dogs", "derog-dehumanising-simile", "patient"),
    ("bed 2 snores like a pig, nobody in the bay slept", "derog-dehumanising-simile", "patient"),
    ("stridor, sounds like a seal barking, ?croup, dex given", None, None),
    ("dog bite to the calf, cleaned, for ATT", None, None),
    ("I was sweating like a pig in that lead apron", None, None),
    ("the reg works like a dog, never leaves before 9", None, None),
]

MOCKERY = [
    ("the whole ward does the 'ooh my legs, my poor legs' voice when bed 6 rings \U0001F602",
     "derog-mockery", "patient"),
    ("listening to the reg do his little 'I'm the surgeon here' voice on the phone", "derog-mockery", "colleague"),
    ("she waddles to the fridge every hour then complains she's starving", "derog-mockery", "patient"),
    ("waddling gait, ?myopathy, CK sent", None, None),
    ("pt calling 'nurse' overnight, reoriented, delirium screen sent", None, None),
]

BELITTLING = [
    ("the new consultant is a big baby, sulks if the list runs late", "derog-belittling", "colleague"),
    ("Dr Botha is like a toddler when anyone questions her plan", "derog-belittling", "colleague"),
    ("that anaesthetist is a disease in this theatre complex", "derog-disease-metaphor", "colleague"),
    ("honestly that manager is a cancer in this hospital", "derog-disease-metaphor", "colleague"),
    ("@sipho sweetheart, let the real doctors handle this one", "derog-belittling-address", "colleague"),
    # decided: "sweetie" to or about a child patient, or said warmly of a colleague, is not belittling
    ("come on sweetie, nearly done - 5yo very brave for her bloods", None, None),
    ("our registrar is a real sweetheart with the elderly patients", None, None),
    ("the toddler in bed 5 is a little monkey, climbing out of the cot", None, None),
    ("she's a breast cancer survivor and now runs the oncology day ward", None, None),
    ("the little girl in bed 3 is playing doctor with her teddy", None, None),
]

DISBELIEF = [
    ("still a 10/10 when they are laughing and talking on the telephone", "derog-symptom-disbelief", "patient"),
    ("people half asleep claiming 10/10 pain for a sprained ankle", "derog-symptom-disbelief", "patient"),
    ("\"Yeah I'm in 10/10 pain\" You sure about that?", "derog-symptom-disbelief", "patient"),
    ("they'll still be the crazy exaggerators anyway", "derog-symptom-disbelief", "patient"),
    ("pain 10/10 when she is mobilising, for analgesia review", None, None),
    ("remember, pain is whatever the patient says it is", None, None),
    ("this new rota policy is a load of crap", None, None),
]

SLANG = [
    ("guess who's back demanding IV pethidine, our favourite opioid hunter", "derog-opioid-contempt", "patient"),
    ("allergic to paracetamol, NSAIDs and tramadol but only morphine works, funny that",
     "derog-opioid-contempt", "patient"),
    ("another gorked out granny from the nursing home for a line", "derog-object-slang", "patient"),
    ("bed 10 is basically a potted plant now", "derog-object-slang", "patient"),
    ("pt with chronic pain on a morphine agreement with the pain clinic", None, None),
    ("persistent vegetative state, family meeting re ceilings of care", None, None),
    ("allergic to penicillin (rash) and codeine (vomiting)", None, None),
    ("he's a vegetarian, please order a veg meal", None, None),
]


@pytest.mark.parametrize("text,rule,target", HOSTILE + SILENCING, ids=[t for t, _, _ in HOSTILE + SILENCING])
def test_hostility_without_an_insult(text, rule, target):
    check_row(text, rule, target)


@pytest.mark.parametrize("text,rule,target", QUOTES + SARCASM, ids=[t for t, _, _ in QUOTES + SARCASM])
def test_mock_quotes_and_sarcasm(text, rule, target):
    check_row(text, rule, target)


@pytest.mark.parametrize("text,rule,target", SIMILES + MOCKERY, ids=[t for t, _, _ in SIMILES + MOCKERY])
def test_similes_and_mockery(text, rule, target):
    check_row(text, rule, target)


@pytest.mark.parametrize("text,rule,target", BELITTLING, ids=[t for t, _, _ in BELITTLING])
def test_belittling(text, rule, target):
    check_row(text, rule, target)


@pytest.mark.parametrize("text,rule,target", DISBELIEF, ids=[t for t, _, _ in DISBELIEF])
def test_disbelief_of_symptoms(text, rule, target):
    check_row(text, rule, target)


@pytest.mark.parametrize("text,rule,target", SLANG, ids=[t for t, _, _ in SLANG])
def test_opioid_and_object_slang(text, rule, target):
    check_row(text, rule, target)


# ---------------------------------------------------------------- outputs

def test_finding_dict_carries_the_target_for_scan():
    fs = CHECKER.check("the night reg is a total idiot")
    assert [f.to_dict().get("target") for f in fs] == ["colleague"]
    ids = CHECKER.check("ID 8001015009087")
    assert all("target" not in f.to_dict() for f in ids)


def test_nudge_says_who_the_remark_is_about():
    text = "the guy in bed 2 is a moron"
    reply = build_nudge(text, CHECKER.check(text), CHECKER.packs, "n1")
    assert "(about a patient)" in reply.plain_text()


def test_scan_writes_the_target(tmp_path):
    import subprocess
    import sys
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "that registrar is an idiot"}) + "\n")
    out = subprocess.run([sys.executable, "-m", "discreet.bots.cli", "scan", str(src)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0 and "No module named" in out.stderr:
        pytest.skip("the CLI module is not runnable with -m here")
    row = json.loads(out.stdout.strip())
    assert [f.get("target") for f in row["findings"]] == ["colleague"]


def test_a_broken_require_names_the_rule(tmp_path):
    root = tmp_path / "policies"
    shutil.copytree(CHECKER.packs["derogatory"].root.parent, root)
    (root / "derogatory" / "zz_bad.toml").write_text(textwrap.dedent('''
        [[rule]]
        id = "derog-bad-require"
        detector = "derogatory"
        kind = "contempt"
        severity = "low"
        section = "professionalism"
        why = "x"
        terms = ["zzqq"]
        require = "not a list"
    '''))
    with pytest.raises(PolicyError) as e:
        Checker(root)
    assert "derog-bad-require" in str(e.value) and "require" in str(e.value)


def _pack_with(tmp_path, body: str) -> Path:
    root = tmp_path / "policies"
    shutil.copytree(CHECKER.packs["derogatory"].root.parent, root)
    (root / "derogatory" / "zz_frag.toml").write_text(textwrap.dedent(body))
    return root


def test_a_fragment_is_filled_in_terms_and_vetoes(tmp_path):
    root = _pack_with(tmp_path, '''
        [fragments]
        zz_roles = '(?:zzregs|zznurses)'

        [[rule]]
        id = "derog-zz-frag"
        detector = "derogatory"
        kind = "insult"
        severity = "low"
        section = "professionalism"
        why = "x"
        terms = ["the {{zz_roles}} are zzqq"]
        veto = ["\\\\b{{zz_roles}} on leave\\\\b"]
    ''')
    checker = Checker(root)
    assert "derog-zz-frag" in {f.rule for f in checker.check("honestly the zznurses are zzqq tonight")}
    assert "derog-zz-frag" not in {f.rule for f in checker.check("the zzregs are zzqq, zzregs on leave")}


def test_an_unknown_fragment_names_the_rule(tmp_path):
    root = _pack_with(tmp_path, '''
        [[rule]]
        id = "derog-zz-nofrag"
        detector = "derogatory"
        kind = "insult"
        severity = "low"
        section = "professionalism"
        why = "x"
        terms = ["the {{zz_missing}} are zzqq"]
    ''')
    with pytest.raises(PolicyError) as e:
        Checker(root)
    assert "derog-zz-nofrag" in str(e.value) and "zz_missing" in str(e.value)
