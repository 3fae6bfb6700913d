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


@pytest.mark.parametrize("text,target", NOT_USED)
def test_label_not_used(text, target):
    check_row(text, target)
