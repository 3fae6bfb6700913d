"""Issue 16, round 4: clinicians' own longer writing. Who a remark is about
and whether the author uses the label at all (a negated belief joined by
"or", a generic person in a long if-clause, a quotation attributed after
its closing comma, self-doubt or a defence of the group in the next
sentence), and contempt that carries no label word. Each family has benign
look-alikes it must leave alone. Synthetic wordings and people only."""

import pytest

from derog_helpers import check_row  # noqa: F401


NOT_USED = [
    # a negated belief joined by "or"
    ("I read the charts carefully and I am not judgemental or think addicts deserve less care.", None),
    ("I'm not naive, nor do I think the psych patients are crazy.", None),
    ("I am not naive, I think the psych patients are crazy.", "patient"),
    # a generic person in a long if-clause
    ("If a senior charge nurse says to you she has never cried at work, she's lying. We all have.", None),
    ("The charge nurse claims she never cried at work. She's lying.", "colleague"),
    # someone else's belief, reported; a hypothetical belief
    ("Some people still think nurses are glorified waitresses, but we run the ward.", None),
    ("Many of our consultants assume obese patients are lazy, and it shows in the notes.", None),
    ("If you assume every patient with abdominal pain is a drug seeker, you will miss the AAA.", None),
    ("It's as if they think the nurses owe them something because they are too lazy to walk.", "any"),
    ("I think the new locum is lazy.", "colleague"),
    # a patient's words reported, a person's fear about themselves, a concession, a label reframed
    ("The relative told us the nurses were lazy and rude, and we logged the complaint.", None),
    ("One look at the patient told me he was drunk, obnoxious and unsafe to discharge lol", "patient"),
    ("He worried he was being a nuisance by ringing the bell.", None),
    ("She apologised for being such a pain about the cannula.", None),
    ("Even the most difficult patient deserves a clinician who listens.", None),
    ("The \"difficult patient\" is usually a frightened patient.", None),
    ("Our trust, in their infinite wisdom, froze the locum budget again.", None),
    # praise and intensifiers; a negated cleft
    ("Our scrub nurse is a beast at difficult cannulas, never misses.", None),
    ("the drunk in bed 4 is a beast, took four of us to hold him", "patient"),
    ("She is crazy good at ultrasound-guided lines.", None),
    ("that lazy good for nothing locum left early again", "colleague"),
    ("It is not the relatives who are difficult, it is the visiting policy.", None),
    ("It's the locum who is useless, not the nurses.", "colleague"),
    # things, payers, boards and the makers of a system are outside the clinical setting
    ("The EHR is a useless, bloated piece of software.", None),
    ("The claims adjuster was an idiot who denied the scan.", None),
    ("The patient satisfaction surveys are stupid.", None),
    ("The rota system was designed by idiots who have never worked a night.", None),
    ("Some moron double-parked in the ambulance bay again.", None),
    ("the drunk driver in bed 4 is an idiot", "patient"),
    ("the reg is a useless piece of shit", "colleague"),
    # a generic person nobody wants; a group inside someone else's belief
    ("Nobody wants a lazy nurse on their team.", None),
    ("There's always one consultant who thinks nurses are stupid.", None),
    ("the reg who thinks he knows it all is an idiot", "colleague"),
    # the author, the reader and God are not the target of the new rules
    ("God, in his infinite wisdom, gave me nights on my birthday.", None),
    ("It was sheer stupidity on my part to skip the checklist.", None),
    ("If you don't know jack about ECGs, ask a senior.", None),
    ("My memory is a walking disaster after nights.", None),
    ("I could slap myself for missing that fracture.", None),
    # a label the passage takes back: the hidden diagnosis, a change of heart, fear, a death
    ("He was one of our frequent flyers, and over the years I grew to respect him.", None),
    ("The drunk man in cubicle 6 turned out to have a subdural.", None),
    ("Our \"frequent flyer\" died last week, and the whole department cried.", None),
    ("As a student I judged the drug seekers harshly. Now I know better.", None),
    ("She had been written off as a junkie; she actually had endocarditis.", None),
    ("I had a patient who was a noncompliant diabetic; once I understood her finances, it made sense.", None),
    ("the junkie in 4 turned out to have a fracture lol", "patient"),
    ("the drunk in bed 4 again, turned out he only wanted a sandwich", "patient"),
    # research voice: a group counted, a behaviour named as a concept, others' descriptions reported
    ("Frequent flyers account for a disproportionate share of ED visits.", None),
    ("Drug-seeking behaviour is a diagnosis of exclusion.", None),
    ("Clinicians often describe such patients as manipulative or attention-seeking.", None),
    ("the frequent flyer in bed 2 accounts for half my night lol", "patient"),
    # the author in the group, in a role they give themselves, or the generic "you" of a feeling
    ("Theatre nurses are a bunch of sarcastic bitches, myself included.", None),
    ("As the token idiot of the rota, I volunteered for Christmas.", None),
    ("You feel like an idiot the first time you miss a vein.", None),
    ("You look like an idiot in that hat, doc.", "colleague"),
    ("As the useless locum left early, I did the ward round alone.", "colleague"),
    # a thing as the object of moaning
    ("My partner thinks I have no real problems to moan about, but he has never done a night shift.", None),
    ("Honestly the list of things to whinge about grows every rota.", None),
    # a quotation attributed after its closing comma, apostrophes inside
    ("\u201cFrequent flyers can't be turned away, so they keep coming,\u201d Mokoena wrote in her review.", None),
    ("\"Drug seekers aren't a diagnosis,\" the editor noted.", None),
    ("the frequent flyer in bed 3 is back, third time this week", "patient"),
    # self-doubt in the next sentence after a hedged label
    ("He might have been a drug seeker. How was I to know? He looked grey.", None),
    ("He might have been a drug seeker. He asked for pethidine by name and left when we said no.", "patient"),
    # the group defended in the next sentence
    ("Doctors love to moan about the frequent flyers in casualty. However, I have to say they are not so bad once you know them.", None),
    ("Doctors love to moan about the frequent flyers in casualty. However, the system is built that way.", "patient"),
]


CONTEMPT = [
    # hostile wishes in idiom; a bottle shaken is not a person
    ("A few of the consultants I could slap halfway to Kimberley for how they speak to the students.", "colleague"),
    ("I wanted to shake the locum senseless after that handover", "colleague"),
    ("Shake the suspension well and give 5 ml", None),
    ("We were halfway to Kimberley when the transfer was cancelled.", None),
    # a title with a trait for a surname
    ("I had given Mrs. Entitled to the agency nurse and still heard her all shift", "patient"),
    ("ask her to help turn the patient and here comes ms. Attitude", "any"),
    ("Ms. Attwood in bed 4 is for discharge today", None),
    ("Her attitude to the new protocol was great", None),
    # sarcasm markers about a person's judgement, not an institution's
    ("The interns, in their infinite wisdom, swapped every night shift before Christmas.", "colleague"),
    ("Management, in their infinite wisdom, cut the night porter again.", None),
    ("I didn't ask him what planet he lives on, I just redid the bloods", "any"),
    ("the agency nurse doesn't seem to know jack about insulin", "colleague"),
    ("I don't know jack about pivot tables, help", None),
    ("Classic Dunning-Kruger, the new locum told the consultant how to read an ECG", "colleague"),
    ("Journal club: a paper on the Dunning-Kruger effect in final-year students", None),
    # "stupid" as a mass noun or someone's stupidity
    ("What bothers me most is your lazy stupidity with the drug chart", "any"),
    ("nobody in that resus room tolerated stupid", "any"),
    ("the stupidity of this rota is unreal", None),
    ("I felt stupid, so I asked the reg", None),
    # contempt for a group of patients or relatives
    ("Honestly these parents make me lose faith in humanity", "patient"),
    ("He rolled the quad bike drunk again. What happened to survival of the fittest?", "patient"),
    ("Natural selection of resistant bugs is why we rotate the antibiotics", None),
    ("The patients on that ward are mostly rude, filthy and loud.", "patient"),
    ("The patients were drunk and aggressive, security was called", None),
    # a colleague condemned rather than their practice
    ("that registrar is a detriment to the profession and should be let go", "any"),
    ("the new EHR is a detriment to the unit", None),
    # a colleague's work mocked
    ("the plaster looks like it was put on by a toddler", "any"),
    ("the child was sutured with 5-0 nylon by the paeds reg", None),
    # dehumanising similes
    ("some of the relatives are energy vampires", "patient"),
    ("my kids were scared of the dementors in the film", None),
    # insults the lexicon lacked
    ("the ass hats who refuse every vaccine for their toddlers", "any"),
    ("you act like a total douche to the porters", "any"),
    ("vaginal douche not advised, explained to her", None),
    ("the same knobs shout at triage when they have to wait", "any"),
    ("turn the knobs on the suction down to zero", None),
    ("They are con artists who tell security they have permission", "any"),
    ("Could you please send in one of your saner relatives.", "patient"),
    # pain doubted in mockery
    ("their allergy list is every opioid in the cupboard except the one they want", "patient"),
    ("all of a sudden everyone's in the worst pain imaginable once the visitors leave", "patient"),
    ("suddenly she was in agony with a rigid abdomen, to theatre", None),
    # scare quotes with a jibe that the claim is fake; quotes that record what was reported
    ("Her \"bad back\" didn't stop her dancing at the party, apparently", "any"),  # a patient, or a colleague on leave
    ("Yet another 'emergency' at 2am: a blocked ear", "patient"),
    ("He describes his \"seizures\" as staring spells, EEG booked", None),
    ("Another emergency at 3am: a ruptured spleen", None),
    # more insults and belittling
    ("She was being an outright B to the student all morning", "any"),
    ("We went with plan B.", None),
    ("My memory is such a sieve after nights", None),
    ("He's such a sieve, admits every chest pain", "any"),
    ("consultants who hate teaching but are too slow or incompetent to work anywhere else", "colleague"),
    ("I'm too tired and lazy to cook after nights", None),
    ("I will never understand how these people function in society", "patient"),
    ("I don't understand how they survive with an ejection fraction of ten percent", None),
    # an adjective between the article and the insult
    ("The anaesthetist is a narcissistic prick to the scrub nurses", "colleague"),
    # mocking a person in crisis; the diagnosis and the tool are not labels
    ("he was suicidal until security found him a warm bed for the night", "patient"),
    ("the borderlines on that unit split the whole team", "patient"),
    ("Borderline personality disorder; DBT referral made", None),
    ("use the ring cutter in bay 3 before the finger swells", None),
    # stock put-downs and distrust of a colleague
    ("the guy in cubicle 9 is the reason hair dryers come with warning labels", "patient"),
    ("that locum is a walking lawsuit", "colleague"),
    ("she should never be allowed near patients", "any"),
    ("he shouldn't be allowed near patients until his swab is back", None),
    ("I wouldn't let that registrar treat my cat", "colleague"),
    ("I wouldn't let him walk home alone, he's still drowsy", None),
    ("the ortho monkeys sent her back with no plan", "colleague"),
    # sarcasm markers with a person in the sentence; the same words without one, or sincere
    ("her son asked for the sixth time when the doctor is coming (rolls eyes)", "any"),
    ("load shedding again tonight *sigh*", None),
    ("Sure, she's totally sober, that's why she's asleep on the floor", "patient"),
    ("she is in severe pain, that's why she's crying; morphine given", None),
    ("Yeah, because the family knows better than the oncologist", "patient"),
    ("The family knows best what he would have wanted, so we met them", None),
    ("Thanks, day team, for leaving the drip to run dry", "colleague"),
    ("Thanks, night shift, for the lovely handover and the cake", None),
    ("Our esteemed surgeons decided to bump her for the third time", "colleague"),
    ("Our wonderful team decided to throw a farewell party for Sister Nkosi", None),
    # demonising, with the hearsay kept apart from the author
    ("the theatre staff are scared of her, she is \"the devil\" I am told", "colleague"),
    ("The devil is in the detail with these drug charts.", None),
    # 'Karen' as a label, not a name
    ("the new unit manager went full Karen on the cleaner", "colleague"),
    ("Perhaps she should change her first name to Karen?", "colleague"),
    ("Karen from pharmacy is on leave until Monday", None),
    ("The mum, Karen, is at the bedside.", None),
    # a nickname built on nationality, not a name of a clinic
    ("I turned from \u201cPortuguese Elvis\u201d to the new arrival in bay 2", "patient"),
    ("referred to the 'Somali Community Clinic' for follow-up", None),
    # stock specialty jokes
    ("you know what they say: orthopods are strong as an ox and twice as bright", "colleague"),
    ("she's strong as an ox after six weeks of rehab", None),
    # misuse of the service mocked
    ("Most of them have no idea what an emergency is.", "patient"),
    ("They treat casualty like a drive-through.", "patient"),
    ("The drive-through pharmacy opens at eight.", None),
    ("Your lack of planning does not constitute my emergency.", "patient"),
    ("I have no time for your drama tonight", "patient"),
    ("I have no time for lunch today", None),
    ("She has been \"dying\" every night this week", "patient"),
    ("I'm sure your 10/10 pain is why you're eating crisps", "patient"),
]


MORE = [
    # credentials mocked, not asked about
    ("He charted 10 units as 10u again. Did he even go to medical school?", "colleague"),
    ("Did he go to medical school in Ghana or in Durban? For the CV.", None),
    ("How she passed her fellowship is beyond me", "colleague"),
    ("God help his future patients.", "colleague"),
    ("God help us all, the lifts are down again.", None),
    # sarcastic praise and genius nicknames
    ("Some bright spark on nights switched off the bed alarms", "colleague"),
    ("Well done, Sherlock, the potassium was haemolysed", "any"),
    ("She is a genius with paediatric cannulas", None),
    ("Some genius idea for the rota: self-rostering", None),
    # belittling
    ("He's basically a glorified pill-pusher in a white coat", "any"),
    ("I'm just a glorified secretary on my admin days", None),
    ("the rudest consultant I have ever worked with", "colleague"),
    ("the most difficult airway I have ever seen", None),
    ("the reg sulked like a spoilt child when his case was bumped", "colleague"),
    ("the toddler threw a tantrum during obs, mum settled him", None),
    ("\u201cNurses eat their young\u201d should never be a tradition on any unit.", None),
    ("the seniors on that unit eat their young, three new grads left this year", "any"),
    # roles in scare quotes or "so-called"
    ("The so-called expert from the referral centre never examined him", "colleague"),
    ("the 'doctor' on call never phoned back", "colleague"),
    ("The so-called frailty syndrome is under-recognised in younger patients", None),
]


# Every family: the remark's target (patient / colleague), or no finding where it is None.
@pytest.mark.parametrize("text,target", NOT_USED + CONTEMPT + MORE)
def test_who_a_remark_is_about_or_none(text, target):
    check_row(text, target)
