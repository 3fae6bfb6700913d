"""Generate minimal pairs for the derogatory scorer: the same people and
places, once in contempt and once in plain ward talk, so the scorer learns
the stance rather than who is mentioned (benchmarks/derog_sets/scorer_generated.jsonl).

Families (issue 9, issue 16, brief derogml): group contempt by origin,
religion or circumstance, mocking nicknames, hostile wishes without a fixed
verb, dismissal, sarcasm with emoji and scare quotes, stigmatising labels,
colleague mockery; benign look-alikes: interpreter / care needs for the same
groups, a nickname-free request, clinical "sedate", "put him on", praise,
venting about systems, self-deprecation. Phrases of benchmarks/derog_sets/scorer_afterfit.jsonl (written
before this file) are kept out of it. Synthetic people only. Deterministic
(random.Random(7)).

    .venv/bin/python benchmarks/derog_scorer_data.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "derog_sets" / "scorer_generated.jsonl"

GROUPS = ["nigerian", "zim", "somali", "pakistani", "chinese", "farm", "hostel", "township",
          "squatter camp", "muslim", "foreign", "mozambican", "malawian", "indian", "coloured", "afrikaans", "xhosa"]
PLACES = ["bed 4", "bay 2", "cubicle 6", "bed 11", "bed 7", "bay 5", "bed 9", "resus 2", "bed 14", "cubicle 3"]
NICK = ["fatty", "shrek", "jabba", "mr blobby", "miss piggy", "homer", "the walrus", "princess", "rambo",
        "sleeping beauty", "the hulk", "grumpy", "dopey", "moaning myrtle", "mr bean", "the michelin man", "gandalf"]
COLL = ["the reg", "the intern", "the locum", "sister", "the new mo", "the gas man", "our consultant", "the night nurse",
        "the physio", "the houseman", "the ortho reg", "matron", "the student nurse", "the surgeon"]
EMO_MOCK = ["🙄", "😂", "🤣", "lol", "smh", "🤦", ""]
EMO_WARM = ["👍", "🙏", "❤️", "👏", "", "", "thanks", "😂", "lol"]  # a laugh is not contempt on its own

POS_GROUP = [
    "these {g} ones always {bad} {e}",
    "typical {g} family, {bad} {e}",
    "another {g} one in {p}, they {bad}",
    "the {g} lot in {p} {bad} again {e}",
    "{g} people, honestly, they {bad}",
    "why are the {g} ones always like this, {bad} {e}",
]
BAD_GROUP = ["lie about everything", "bring the whole village", "come here for free stuff", "never listen",
             "think they own the ward", "multiply like mice", "never wash", "wait till it's too late then blame us",
             "shout at the nurses", "expect us to do everything", "don't speak a word of english and don't try"]
NEG_GROUP = [
    "the {g} patient in {p} needs an interpreter, booked for 10 {w}",
    "{g} family in {p} asking about visiting hours, told them 2 at a time",
    "the {g} pt in {p} is for discharge, transport arranged {w}",
    "the {g} community clinic called about the pt in {p}, follow-up booked",
    "pt in {p} from the {g} area, needs a social work referral for transport",
    "the family in {p} only speak their home language, can someone help translate {w}",
]
POS_NICK = [
    "{n} in {p} {act} {e}",
    "{n} in {p} is at it again {e}",
    "{n} wants {want} again {e}",
    "can someone see to {n} in {p}, {act} {e}",
]
ACT = ["rang the bell for pudding", "ate the whole tea trolley", "is snoring like a tractor", "wants his fourth sandwich",
       "is hogging the tv", "broke another chair", "is demanding the remote", "is sulking under the blanket"]
WANT = ["a sandwich", "his pudding", "the remote", "a private room", "her special pillow", "more jelly"]
NEG_NICK = [
    "pt in {p} {nact} {w}",
    "the lady in {p} wants {nwant}, can someone help {w}",
    "can someone see to the pt in {p}, {nact}",
    "mr {s} in {p} {nact}",
]
NACT = ["asked for pain relief", "rang the bell, needs the commode", "is snoring, obs fine", "wants to call his daughter",
        "is asking when he can go home", "needs help with feeding", "is comfortable now", "wants a cup of tea"]
NWANT = ["a sandwich", "her glasses", "the remote", "a blanket", "water", "the chaplain"]
SURN = ["dlamini", "botha", "naidoo", "smit", "khumalo", "pillay", "jacobs", "van wyk", "mokoena", "adams"]

POS_WISH = [
    "{v} {pr}, I can't take another minute of it {e}",
    "honestly just {v} {pr} {e}",
    "someone {v} {pr} please {e}",
    "if {pr2} rings that bell once more I'll {v} {pr}",
    "{v} {pr} and let {pr} scream {e}",
]
VERB_HOSTILE = ["gag", "throw out", "lock up", "ship off", "leave outside the gate",
                "sit on", "shut up"]
NEG_WISH = [
    "{nv} {pr} per protocol before the scan",
    "please {nv} {pr}, obs due at 10",
    "{nv} {pr} when the family arrives {w}",
    "can we {nv} {pr} today?",
]
NVERB = ["sedate", "reposition", "turn", "mobilise", "review", "discharge", "weigh", "feed", "reassess", "transfer"]
PRON = [("him", "he"), ("her", "she")]

POS_DISMISS = [
    "why do we even bother with {who} {e}",
    "what's the point with {who}, {pr2}'ll be back tomorrow {e}",
    "waste of a bed, {who} {e}",
    "not worth the effort, {who} {e}",
    "don't bother explaining to {who}, {pr2} won't get it {e}",
]
WHO = ["the one in {p}", "that guy in {p}", "the old lady in {p}", "him", "her", "the family in {p}", "these ones"]
NEG_DISMISS = [
    "why do we even bother with the second form {e}",
    "what's the point of the audit if nobody reads it {e}",
    "waste of time, this new ehr {e}",
    "not worth repeating the bloods for the pt in {p}, results came back fine",
    "don't bother explaining the app to me, I'll never get it 😂",
]
POS_SARC = [
    "oh sure, the \"{sym}\" in {p} {contra} {e}",
    "yeah right, {pr2} is \"{sym2}\" but {contra2} {e}",
    "the '{lbl}' in {p} {contra} {e}",
    "apparently {pr2} can't {can}, but {contra3} {e}",
    "great job {c}, another masterpiece {e}",
    "well done {c}, genius move {e}",
]
SYM = ["chest pain", "seizure", "collapse", "allergy", "10/10 pain"]
SYM2 = ["in agony", "too weak to walk", "dying", "allergic to everything"]
LBL = ["diabetic", "epileptic", "asthmatic", "invalid"]
CONTRA = ["stopped the moment the doctor left", "is on the phone laughing", "ran to the smoking area",
          "ate three slices of cake"]
CONTRA2 = ["is eating chips", "walked to the shop", "is laughing with the visitors", "asked for a second lunch"]
CAN = ["walk", "eat", "get up", "sit up"]
CONTRA3 = ["was dancing in the corridor", "finished everyone's lunch", "made it outside for a smoke"]
NEG_SARC = [
    "the \"{sym}\" in {p} turned out to be reflux, discharge planned",
    "pt describes the pain as \"{sym2}\", analgesia given",
    "pt in {p} is {lbl2}, sugars checked",
    "apparently {pr2} had a fall at home, family to confirm",
    "great job {c}, the lp went in first time {w}",
    "well done {c}, lovely handover {w}",
]
LBL2 = ["diabetic", "epileptic", "asthmatic", "on dialysis"]
POS_COLL = [
    "{c} {mock} {e}",
    "honestly {c} {mock}",
    "{c} {mock} again {e}",
]
MOCK = ["only got the job because daddy knows the dean", "calls his mommy when it gets hard", 
        "couldn't find a vein in a map", "is as useful as a chocolate teapot", "has the brains of a goldfish",
        "is a knife-happy cowboy", "sleeps through every page", "thinks she's god's gift to medicine",
        "cries if you look at him funny"]
NEG_COLL = [
    "{c} {praise} {w}",
    "{c} {neutral}",
]
PRAISE = ["was brilliant in resus", "stayed back to help", "caught the sepsis early", "is a great teacher",
          "did a lovely job with the family", "sorted out the bed board"]
NEUTRAL = ["is in theatre till 3", "is on leave next week", "will review bed 4 after clinic", "is covering nights",
           "asked for the bloods to be repeated", "called about the ct"]
POS_LABEL = [
    "the {lab} in {p} {lact} {e}",
    "another {lab} from {src}, {lact}",
]
LABELS = ["working girl", "street kid", "illiterate mother", "senile one", "screamer", "sack of bones", "tik head",
          "junkie", "hobo", "old crock", "drama queen", "frequent flyer"]
LACT = ["is back again", "wants attention", "is at it again", "smells like a bin", "won't shut up",
        "is crying wolf again"]
SRC = ["the hostel", "the flats", "the old age home", "the shelter", "the tavern"]
NEG_LABEL = [
    "the {nlab} in {p} needs {need}",
    "{nlab} from {src} needs {need} {w}",
]
NLABELS = ["patient", "elderly patient", "young mother", "man", "teenager", "resident", "client", "child"]
NEED = ["a social work referral", "an interpreter", "a dietician review", "a follow-up date", "transport home",
        "help with feeding"]


def fill(rng, tpl: str) -> str:
    pr, pr2 = rng.choice(PRON)
    vals = dict(g=rng.choice(GROUPS), p=rng.choice(PLACES), n=rng.choice(NICK), c=rng.choice(COLL),
                e=rng.choice(EMO_MOCK), w=rng.choice(EMO_WARM), bad=rng.choice(BAD_GROUP), act=rng.choice(ACT),
                want=rng.choice(WANT), nact=rng.choice(NACT), nwant=rng.choice(NWANT), s=rng.choice(SURN),
                v=rng.choice(VERB_HOSTILE), nv=rng.choice(NVERB), pr=pr, pr2=pr2, sym=rng.choice(SYM),
                sym2=rng.choice(SYM2), lbl=rng.choice(LBL), lbl2=rng.choice(LBL2), contra=rng.choice(CONTRA),
                contra2=rng.choice(CONTRA2), can=rng.choice(CAN), contra3=rng.choice(CONTRA3), mock=rng.choice(MOCK),
                praise=rng.choice(PRAISE), neutral=rng.choice(NEUTRAL), lab=rng.choice(LABELS), lact=rng.choice(LACT),
                src=rng.choice(SRC), nlab=rng.choice(NLABELS), need=rng.choice(NEED))
    vals["who"] = rng.choice(WHO).format(**vals)
    return " ".join(tpl.format(**vals).split())


FAMILIES = [
    ("group", POS_GROUP, NEG_GROUP, "patient"), ("nickname", POS_NICK, NEG_NICK, "patient"),
    ("wish", POS_WISH, NEG_WISH, "patient"), ("dismiss", POS_DISMISS, NEG_DISMISS, "patient"),
    ("sarcasm", POS_SARC, NEG_SARC, "patient"), ("colleague", POS_COLL, NEG_COLL, "colleague"),
    ("label", POS_LABEL, NEG_LABEL, "patient"),
]


def main() -> int:
    rng = random.Random(7)
    rows, seen = [], set()
    for fam, pos, neg, target in FAMILIES:
        for label, tpls in ((True, pos), (False, neg)):
            k = 0
            for _ in range(200):
                t = fill(rng, rng.choice(tpls))
                if t in seen:
                    continue
                seen.add(t)
                k += 1
                rows.append({"id": f"sg-{fam}-{'p' if label else 'n'}{k:03d}", "text": t, "platform": "slack",
                             "expect": {"identifier": False, "spans": [], "derogatory": label,
                                        "target": (("colleague" if "great job" in t or "well done" in t else target)
                                                   if label else None)},
                             "note": f"scorer training, generated ({fam})"})
                if k >= 40:
                    break
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} messages, {sum(r['expect']['derogatory'] for r in rows)} derogatory)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
