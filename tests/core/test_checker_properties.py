"""Whatever the input, the checker answers with well-formed findings.

Random and adversarial text up to 100 KB: no exception, offsets inside the
original text, spans non-empty, every finding names a known policy, severity
and guidance section. (Speed on the same inputs is measured by
`discreet bench`, which reports the worst time per KB, not asserted here.)
"""

from hypothesis import HealthCheck, given, settings, strategies as st

from discreet.core import Context, check
from discreet.core.findings import POLICIES, SECTIONS, SEVERITIES
from discreet.bots.commands.bench import adversarial_inputs

PIECES = st.sampled_from([
    "8001015009087", "800101 5009 087", "pt ", "Mr ", "Mrs Dlamini ", "bed 4 ", "DOB ", "d.o.b. ",
    "14/09/1982 ", "folder ", "MRN ", "+27 82 123 4567 ", "@", ".co.za ", "f*ck ", "id10t ", "\u200b",
    "\u202e", "\uff18", "а", " ", "\n", "-", ".", "/", "0", "9", "St ", "Ave ", "frequent flyer ",
    "junkie ", "not ", "don't call ", "'", '"', "é", "🙏",
])


def _well_formed(text, findings):
    for f in findings:
        assert f.policy in POLICIES
        assert f.severity in SEVERITIES
        assert f.section in SECTIONS
        if f.start is not None:
            assert 0 <= f.start < f.end <= len(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_adversarial_mixtures(text):
    _well_formed(text, check(text, Context.make(staff_names={"Sarah", "Naidoo"})))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_random_unicode(text):
    _well_formed(text, check(text))


def test_100kb_inputs_do_not_break():
    for name, text in adversarial_inputs(100):
        _well_formed(text, check(text))


def test_empty_and_whitespace():
    assert check("") == [] and check("   \n\t") == []
