"""The nudge shows what was found (masked), why, what to do, and a rewrite
that carries no identifier."""

from discreet.core import check, default_checker
from discreet.core.findings import Finding
from discreet.core.nudge import build_nudge, mask, rewrite
from discreet.core.reply import Actions, Quote

PACKS = default_checker().packs


def _f(policy, kind, start, end, suggestion=None):
    return Finding(policy, kind, start, end, "high", f"t-{kind}", "why line", "patient-confidentiality", suggestion)


def test_mask_hides_most_of_an_identifier():
    m = mask("8001015009087")
    assert m.startswith("80") and m.endswith("87") and "0150090" not in m
    assert mask("Sipho Dlamini") == "S•••o D•••••i"


def test_rewrite_replaces_identifiers_and_terms():
    text = "Mr Sipho Dlamini ID 8001015009087 is a frequent flyer"
    fs = [_f("identifiers", "person_name", 3, 16), _f("identifiers", "national_id", 20, 33),
          _f("derogatory", "slang", 39, 53, "patient who attends often")]
    out = rewrite(text, fs, PACKS)
    assert "Sipho" not in out and "8001015009087" not in out and "frequent flyer" not in out
    assert "[patient]" in out and "[ID no.]" in out and "patient who attends often" in out


def test_nudge_never_shows_a_whole_identifier():
    text = "Mr Sipho Dlamini ID 8001015009087 for theatre"
    fs = [_f("identifiers", "person_name", 3, 16), _f("identifiers", "national_id", 20, 33)]
    reply = build_nudge(text, fs, PACKS, nudge_id="n1")
    plain = reply.plain_text()
    assert "8001015009087" not in plain and "Sipho Dlamini" not in plain
    assert "/guidance patient-confidentiality" in plain
    assert any(isinstance(b, Quote) for b in reply.blocks)
    actions = [b for b in reply.blocks if isinstance(b, Actions)][0]
    assert [x.action for x in actions.buttons] == ["false_positive", "show_guidance"]
    assert actions.buttons[0].value == "n1"


def test_real_check_nudge_round_trip():
    text = "pls review pt, ID 8001015009087"
    fs = check(text)
    assert [f.kind for f in fs] == ["national_id"]
    plain = build_nudge(text, fs, PACKS).plain_text()
    assert "8001015009087" not in plain and "[ID no.]" in plain
