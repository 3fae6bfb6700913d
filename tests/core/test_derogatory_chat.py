"""Issue 9, round 4: derogatory families of team chat (policies/derogatory/
chat_families.toml and the subject reading in core/detectors/derogatory.py).
One table per family, written for this round in new words (synthetic
people only); each holds the benign look-alikes it must leave alone:
symptoms and clinical description, neutral documentation, the author about
themselves, criticism of the term, venting about systems."""

import pytest

from derog_helpers import check_row  # noqa: E402


# (text, target when derogatory, else None)

# whoever lies in a numbered bed is a patient: "the stroke in 7", "oompie in bed 3"
BED_METONYMY = [
    ("the MI in 12 is a total zombie today, just stares at the ceiling", "patient"),
    ("the hip in bed 6 is so dof, asked me the same thing 8 times", "patient"),
    ("die oom in bed 9 is net 'n loafer, wants a grant letter", "patient"),
    ("the sepsis from 4 is a proper vegetable now", "patient"),
    ("a bay of zombies tonight, nobody sleeping", "patient"),
    # look-alikes: a thing or a child in a bed, a clinical state
    ("the pump in 12 is useless, alarming every 5 minutes", None),
    ("the baby in cot 3 is a little monkey, pulled the NG out again", None),
    ("the MI in 12 is stable, trop down, for echo", None),
    ("pt in bed 6 is drowsy after the morphine, GCS 14", None),
    ("the bay is full of visitors, asked them to leave at 8", None),
]

# a specialty before a generic or insulting plural names colleagues
SPECIALTY_GROUPS = [
    ("the gas men are just overpaid button pushers", "colleague"),
    ("uro guys are back, clueless as ever", "colleague"),
    ("surgical monkeys struck again, nobody checked the potassium", "colleague"),
    ("ED clowns sent up another chest pain without an ECG", "colleague"),
    # look-alikes
    ("the ortho guys were brilliant with the open fracture", None),
    ("gas men came to fix the leak in the kitchen", None),
    ("the surgical team is short-staffed tonight, be patient with them", None),
]

DIM_SIMILES = [
    ("the new intern is about as sharp as a marble", "colleague"),
    ("told her four times, she's dense as a box of rocks", "any"),
    ("the MO is a few sandwiches short of a picnic", "colleague"),
    ("explained the insulin pen twice, he's as bright as a power cut 🙄", "any"),
    # look-alikes
    ("I'm dense as a box of rocks before coffee", None),
    ("the new rota app is about as sharp as a marble", None),
    ("sharp as a tack this morning, fully oriented, MMSE 30", None),
    ("bright as a button after the glucose, eating toast", None),
]

LIARS = [
    ("says he quit drinking in May, GGT 600, another liar 😂", "patient"),
    ("liar liar, the tox screen says cocaine", "patient"),
    ("these drinkers always lie about the units", "patient"),
    ("bed 2 is crying wolf again, third 'seizure' today", "patient"),
    ("she's lying about her drinking again, breath smells of it", "patient"),
    # look-alikes
    ("the sats probe keeps crying wolf, changed the probe", None),
    ("I'm such a liar, promised the kids I'd be home for supper", None),
    ("they all lie flat for 4 hours after the angiogram", None),
    ("pt reports drinking 2 beers a day, collateral from wife: a bottle of brandy", None),
]

SARCASM = [
    ("the consultant has blessed us with his presence at 11:40", "colleague"),
    ("the intern replied to a page within an hour, call the Guinness book", "colleague"),
    ("our favourite boozer is back in bay 2, 4th time this month", "patient"),
    ("she's back for her 6th PEP, charge her a loyalty fee 🙄", "patient"),
    # look-alikes
    ("the Premier graced the opening of the new theatre complex", None),
    ("the new autoclave has finally graced us 🎉", None),
    ("the lab lost the sample again, I wonder why 🙄", None),
    ("the deaf man in bed 3 needs the SASL interpreter lol thanks for booking", None),
    ("our favourite cleaner is back from maternity leave 🎉", None),
    ("Guinness book record for the longest shift? asking for a friend, I'm on hour 30", None),
]

SYMPTOM_NICKNAMES = [
    ("Mrs Back Pain is here again, wants a sick note", "patient"),
    ("Mr 10/10 in cubicle 4 is eating chips", "patient"),
    ("Uncle Pethidine rang the bell again", "patient"),
    ("Miss Allergic-to-everything refuses the paracetamol too", "patient"),
    # look-alikes
    ("Mrs Mokoena, back pain 7/10 since lifting, for x-ray", None),
    ("Mr Botha chest pain, trop 2, for repeat at 3 hours", None),
    ("Mrs Pain in bed 4, yes that is her real surname", None),
    ("pain team reviewed the PCA, fine", None),
]

BODY = [
    ("the man in 8 is built like a walk-in freezer, we need the hoist", "patient"),
    ("so heavy the scale went on strike 😂", "patient"),
    ("how did he even fit in the ambulance 🤣", "patient"),
    ("130kg and surprised her knees are sore 🙄", "patient"),
    ("cleaned the wound, the guy is a walking petri dish", "patient"),
    # look-alikes
    ("so heavy that the standard scale can't weigh him, use the bed scale", None),
    ("how will she fit in the MRI? 170kg, book the wide bore", None),
    ("130kg, BMI 45, dietitian and bariatric referral", None),
    ("walking pneumonia, sats 96%, oral antibiotics", None),
    ("I'm built like a fridge these days, need to get to gym", None),
]

STEREOTYPES = [
    ("these patients have a naturally higher pain threshold, 1 panado is enough", "patient"),
    ("black patients don't feel pain like us, skip the morphine", "patient"),
    ("we all know how those people are, always drunk on a Friday", "patient"),
    ("they come across the border just to get free ARVs", "patient"),
    ("our taxpayers have to fund every foreign dialysis", "patient"),
    ("she just can't keep her legs shut, 4th baby at 20", "patient"),
    ("teen mum number 4 this week 🙄", "patient"),
    ("he's been sleeping around, now shocked at the HIV result", "patient"),
    ("the prostitutes from the N2 are back for their PEP", "patient"),
    # look-alikes
    ("her pain threshold seems high, she walked in with a fracture; reassess", None),
    ("refugee family, came to SA for safety, refer to the social worker", None),
    ("keep her legs straight for 6 hours after the femoral puncture", None),
    ("the baby is sleeping around 3 hours between feeds", None),
    ("sex worker, offered PrEP and condoms, follow-up booked", None),
    ("we say 'sex worker', not 'prostitute', please change the note", None),
    ("teaching: half of residents believed black patients have thicker skin (Hoffman 2016)", None),
    ("the myth that these patients have a higher pain threshold kills people", None),
    ("please stop calling her 'Mrs Back Pain', she can hear you", None),
]

HOSTILE = [
    ("the drunk who hit the cyclist? let him bleed for a while", "patient"),
    ("5th overdose this year, hopefully next time she'll get it right", "patient"),
    ("should have taken a few more then 🙄", "patient"),
    ("he can bleed out for all I care", "patient"),
    # look-alikes
    ("let the cut bleed a little, then irrigate", None),
    ("let her bleed back into the syringe before you flush the line", None),
    ("if we discharge her tonight she will do it properly next time, keep on 1:1 obs", None),
    ("hopefully next time she'll come in earlier, safety plan done", None),
]

COLLEAGUE = [
    ("the new reg is a classic BEE appointment, can't read an x-ray", "colleague"),
    ("only got the promotion cause she's sleeping with the HOD", "colleague"),
    ("Sister Nel's 'migraine' again, every Monday, we all know", "colleague"),
    ("the locum's accent is torture, nobody understands his handover", "colleague"),
    ("the interns cried at the M&M again, snowflake generation", "colleague"),
    ("Dr Ndlovu called in with Monday flu again", "colleague"),
    # look-alikes
    ("the BEE scorecard is due for the tender", None),
    ("she got the promotion on merit, congratulations Sr Nel!", None),
    ("I've got a migraine, going home, sorry team", None),
    ("his accent is strong, book an interpreter for the family meeting", None),
]

DEHUMANISING = [
    ("'it' from bed 11 wants a female nurse now", "patient"),
    ("Oupa Smit aka the foghorn, shouting since 2am", "patient"),
    ("the girls call him 'the hippo' because of the snoring", "patient"),
    ("ward 4's resident banshee is at it again", "patient"),
    ("Bruce Lee in bed 3 is back", "patient"),
    ("lo iphara from the rank stole a glove box", "patient"),
    # look-alikes
    ("'it' was the monitor, not the patient, alarming again", None),
    ("we call her Ouma, she asked us to", None),
    ("the siren on the ambulance bay is broken", None),
    ("para 1g IV given at 14:00", None),
]

MOCK_SPEECH = [
    ("sounds like he's gargling marbles, no idea what he wants, gave panado", "patient"),
    ("took her twenty minutes to get out her address lol", "patient"),
    ("the deaf lady kept nodding like a bobblehead 😂", "patient"),
    # look-alikes
    ("hot potato voice and drooling, ?epiglottitis, call anaesthetics", None),
    ("took him 10 minutes to say his name, slurred, stroke call activated", None),
    ("deaf patient, SASL interpreter booked for the consent", None),
]

MORE_CONTEMPT = [
    ("wish the lady in bay 2 would just shut up already", "patient"),
    ("honestly the old man in 9 should have been put down", "patient"),
    ("third overdose this month, why do we even bother lol", "patient"),
    ("he's a massive dick to the porters", "any"),
    ("the ENT reg said 'see GP', why do they even get paid", "colleague"),
    ("how did he ever pass part 2, can't read a gas", "colleague"),
    ("apparently she's in agony but she's happily eating chips", "patient"),
    ("the so-called 'fit' was just her wanting attention", "patient"),
    ("he smells like a skunk, I'm not going in there", "any"),
    ("die oom is heeltemal mal, gooi hom uit", "patient"),
    ("these Ugandans are all scammers", "patient"),
    ("bed 2 is basically a houseplant now, turn him and leave", "patient"),
    ("oh sure, 'never drinks', and the liver is the size of a house", "patient"),
    # look-alikes
    ("wish he would eat more, dietitian to review", None),
    ("our cat had to be put down, sad day", None),
    ("why do we even bother with the fax machine, nobody reads it", None),
    ("apparently the pain started at 2am, but she's sleeping now after morphine", None),
    ("the kitchen smells like a brewery, someone left the yeast out", None),
    ("Mongolian blue spot noted on the buttock, not a bruise", None),
    ("malabsorption workup sent, coeliac serology pending", None),
    ("the Ugandans in our team are the best nurses in the unit", None),
    ("the old fax is basically an ornament now", None),
    ("oh sure, 'five minutes' said the helpdesk an hour ago", None),
    ("went for a fag break, back at 10", None),
    ("should be put down for theatre tomorrow, consent done", None),
]

# fixed false nudges: the author, an article about labels, a declined medicine
FALSE_NUDGES = [
    ("went full psycho on the drug cupboard, counted every ampoule", None),
    ("I went full zombie on nights, slept 14 hours", None),
    ("I'll be the grumpy old man of the department soon, knees gone", None),
    ('Good read on why "frequent flyer" and "drug seeker" are stigmatising', None),
    ('Journal club: "Is it acopia or delirium?" - the danger of labels', None),
    ("the so-called 'golden hour' teaching was excellent", None),
    ("Bongani refusing his insulin again, diabetes educator to see", None),
    ("refusing her ARVs again, adherence counselling booked", None),
    ("explained the risks twice, he's still keen for the op", None),
    # the labels still count when used
    ("he's a total psycho, threw a chair at the nurse", "any"),
    ("refuses everything, as usual 🙄", "patient"),
]

TABLES = {
    "bed_metonymy": BED_METONYMY, "specialty_groups": SPECIALTY_GROUPS, "dim_similes": DIM_SIMILES, "liars": LIARS,
    "sarcasm": SARCASM, "symptom_nicknames": SYMPTOM_NICKNAMES, "body": BODY, "stereotypes": STEREOTYPES,
    "hostile": HOSTILE, "colleague": COLLEAGUE, "dehumanising": DEHUMANISING, "mock_speech": MOCK_SPEECH,
    "more_contempt": MORE_CONTEMPT, "false_nudges": FALSE_NUDGES,
}
CASES = [(name, text, target) for name, rows in TABLES.items() for text, target in rows]


@pytest.mark.parametrize("family,text,target", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_chat_family(family, text, target):
    check_row(text, target)


def test_every_family_has_positives_and_look_alikes():
    for name, rows in TABLES.items():
        assert any(t is not None for _, t in rows), name
        assert any(t is None for _, t in rows), name
