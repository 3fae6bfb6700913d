"""The behavioural suite (bots/evaluation, `discreet eval`): the generator is
right, and the checker's failure rates stay at or under today's.

The rates themselves are printed at the end of the run (conftest.py) and
written in docs/behaviour.md. The ceilings below are today's rates (seed 0,
n 40) plus a margin: a regression fails, an improvement does not. INV rates
can rise when MFT improves (a message now found whose rewrite is still
missed), so their margin is wider. Lower a ceiling when a rate drops.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re

import phonenumbers
import pytest
from stdnum.gb import nhs as stdnum_nhs
from stdnum.us import ssn as stdnum_ssn
from stdnum.za import idnr as stdnum_idnr

from discreet.bots.cli import main
from discreet.bots.evaluation import suite
from discreet.bots.evaluation import values as V
from discreet.core import check

SEED, N = 0, 40  # as in conftest.py (the session's run)

# capability -> (MFT, INV) failure-rate ceilings; today's rate in the comment.
CEILINGS = {
    "person_name": (0.05, 0.15),        # 0.000, 0.062 (branch ids; was 0.350, 0.200)
    "person_name_unlisted": (0.05, 0.125),  # 0.000, 0.038 (was 0.000, 0.288)
    "sa_id": (0.05, 0.08),              # 0.000, 0.000 (was 0.100, 0.105)
    "nhs": (0.05, 0.08),                # 0.000, 0.000
    "ssn": (0.05, 0.10),                # 0.000, 0.013 (was 0.100, 0.027)
    "record_number": (0.05, 0.08),      # 0.000, 0.000 (was 0.200, 0.113)
    "health_plan": (0.05, 0.10),        # 0.000, 0.026 (was 0.375, 0.197)
    "phone": (0.05, 0.10),              # 0.000, 0.015
    "email": (0.05, 0.10),              # 0.000, 0.018
    "dob": (0.05, 0.10),                # 0.000, 0.014 (was 0.175, 0.056)
    "passport": (0.05, 0.15),           # 0.000, 0.069 (was 0.000, 0.292)
    "address": (0.05, 0.10),            # 0.000, 0.000
    "combination": (0.05, 0.10),        # 0.000, 0.019 (was 0.525, 0.038)
    "multi": (0.05, 0.10),              # 0.000, 0.013 (was 0.125, 0.132)
    "derog_patient": (0.375, 0.15),     # 0.325, 0.056
    "derog_colleague": (0.175, 0.10),   # 0.125, 0.020
    "derog_colleague_group": (0.05, 0.10),  # 0.000, 0.035 (colleagues.toml; typos are most of the INV misses)
    "derog_chat_patient": (0.05, 0.20),    # 0.000, 0.120 (chat families, issue 9 round 4; INV: typos)
    "derog_chat_colleague": (0.05, 0.20),  # 0.000, 0.113
    "benign_chat_lookalikes": (0.025, 0.05),  # 0.000, 0.000
    "benign_numbers": (0.025, 0.05),    # 0.000, 0.000
    # benign, but today's checker flags quoted terms in talk about language
    "benign_language": (0.50, 0.10),    # 0.450, 0.017
}
# The benign look-alikes of the brief (colleagues' names, doses, lab values,
# shift dates, bed numbers, extensions, neutral clinical language).
LOOK_ALIKES = ("benign_colleague", "benign_colleague_talk", "benign_dose", "benign_lab", "benign_shift", "benign_bed", "benign_extension",
               "benign_clinical")
BENIGN_MFT_CEILING = 0.02  # today 0.000 on every benign capability
BENIGN_INV_CEILING = 0.03  # today 0.000
DIR_CEILING = 0.05  # today 0.000 on every capability

_DIGITS = re.compile(r"\D")


# --- the generator ---------------------------------------------------------------

@pytest.fixture(scope="module")
def cases():
    return suite.generate(seed=SEED, n=N)


def test_same_seed_same_cases_other_seed_other_cases():
    a = [c.message.text for c in suite.generate(seed=3, n=8)]
    assert a == [c.message.text for c in suite.generate(seed=3, n=8)]
    assert a != [c.message.text for c in suite.generate(seed=4, n=8)]


def test_thousands_of_cases_at_the_cli_default():
    assert len(suite.generate(seed=0, n=100)) > 5000


def test_every_capability_of_the_brief_is_there():
    ids = {c.id for c in suite.capabilities()}
    assert {"person_name", "sa_id", "nhs", "ssn", "record_number", "health_plan", "phone", "email", "dob",
            "address", "combination", "multi", "derog_patient", "derog_colleague", "benign_colleague",
            "benign_dose", "benign_lab", "benign_shift", "benign_bed", "benign_extension",
            "benign_clinical", "passport", "benign_language", "person_name_unlisted", "benign_numbers"} <= ids
    for cap in suite.capabilities():
        assert cap.group in ("identifiers", "combination", "derogatory", "benign")


def test_spans_are_where_the_values_are(cases):
    spans = 0
    for c in cases:
        for m in (c.message, c.base) if c.base else (c.message,):
            for s in m.spans:
                assert m.text[s.start:s.end] == s.value, (m.text, s)
                spans += 1
    assert spans > 2000


def test_identifier_capabilities_carry_their_kind_and_benign_ones_none(cases):
    caps = {c.id: c for c in suite.capabilities()}
    expect = {"person_name": "person_name", "person_name_unlisted": "person_name", "sa_id": "national_id", "nhs": "national_id", "ssn": "national_id",
              "record_number": "record_number", "health_plan": "health_plan_number", "phone": "phone",
              "email": "email", "dob": "date_of_birth", "address": "address", "passport": "national_id"}
    for c in cases:
        if c.test != "MFT":
            continue
        kinds = {s.kind for s in c.message.spans}
        if c.capability in expect:
            assert expect[c.capability] in kinds, c.message.text
        if caps[c.capability].group in ("benign", "derogatory", "combination"):
            assert not kinds, c.message.text


def _valid(scheme: str, value: str) -> bool:
    d = _DIGITS.sub("", value)
    if scheme == "za_id":
        born = dt.datetime.strptime(d[:6], "%y%m%d")  # raises on a bad date
        return len(d) == 13 and stdnum_idnr.is_valid(d) and born is not None
    if scheme == "nhs":
        return len(d) == 10 and stdnum_nhs.is_valid(d)
    if scheme == "ssn":
        return len(d) == 9 and stdnum_ssn.is_valid(d) and d[:3] not in ("000", "666") and d[0] != "9"
    if scheme == "phone":
        v = value.replace("\n", " ")
        regions = [None] if v.startswith("+") else ["ZA", "GB", "US"]
        return any(phonenumbers.is_valid_number(phonenumbers.parse(v, r)) for r in regions)
    return True


def test_generated_numbers_pass_their_checksums(cases):
    seen = set()
    for c in cases:
        for s in c.message.spans:
            if s.scheme in ("za_id", "nhs", "ssn", "phone"):
                assert _valid(s.scheme, s.value), (s.scheme, s.value)
                seen.add(s.scheme)
    assert seen == {"za_id", "nhs", "ssn", "phone"}


@pytest.mark.parametrize("make,scheme", [(V.za_id, "za_id"), (V.nhs, "nhs"), (V.ssn, "ssn"), (V.phone, "phone")])
def test_value_generators_in_every_grouping(make, scheme):
    rng = random.Random(11)
    for _ in range(300):
        v = make(rng)
        assert _valid(scheme, v.text)
        if v.regrouped:
            assert v.regrouped != v.text
            assert _valid(scheme, v.regrouped)
            if scheme != "phone":  # +27 82... and 082... are the same number, other digits
                assert _DIGITS.sub("", v.regrouped) == _DIGITS.sub("", v.text)


def test_dates_of_birth_are_past_calendar_dates():
    rng = random.Random(5)
    formats = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d.%m.%Y", "%d %b %Y", "%d/%m/%y", "%d%m%y")
    for _ in range(300):
        v = V.dob(rng)
        for text in filter(None, (v.text, v.regrouped)):
            parsed = []
            for f in formats:
                try:
                    d = dt.datetime.strptime(text, f).date()
                    if f.endswith("%y") and d > dt.date.today():  # strptime reads 52 as 2052
                        d = d.replace(year=d.year - 100)
                    parsed.append(d)
                except ValueError:
                    pass
            assert parsed and all(d <= dt.date.today() for d in parsed), text


def test_transforms_rewrite_the_message_and_keep_its_values(cases):
    seen = set()
    for c in cases:
        if c.test != "INV":
            continue
        seen.add(c.variant)
        base, msg = c.base, c.message
        assert msg.text != base.text
        assert len(msg.spans) == len(base.spans)
        for a, b in zip(base.spans, msg.spans):
            assert a.kind == b.kind
            if a.scheme in ("za_id", "nhs", "ssn", "record", "plan", "passport"):
                assert _DIGITS.sub("", a.value) == _DIGITS.sub("", b.value)
        if c.variant == "lower":
            assert msg.text == msg.text.lower()
        elif c.variant == "lines":
            assert "\n" in msg.text
        elif c.variant == "list":
            assert "1. " in msg.text
        elif c.variant == "surname_first":
            names = [s.value for s in msg.spans if s.kind == "person_name"]
            assert names and all(n.split()[0].isupper() for n in names)
        elif c.variant in ("typo", "abbrev"):  # the template's words change, never the values
            assert [s.value for s in base.spans] == [s.value for s in msg.spans]
    assert seen == set(suite.TRANSFORMS)


def test_directional_cases_add_a_bed_or_a_date_of_birth(cases):
    dirs = [c for c in cases if c.test == "DIR"]
    assert {c.variant for c in dirs} == {"+bed", "+dob"}
    for c in dirs:
        assert c.message.text.startswith(c.base.text)
        if c.variant == "+dob":
            assert c.message.spans[-1].kind == "date_of_birth"


# --- the checker, measured ---------------------------------------------------------


def test_benign_look_alikes_stay_benign(behaviour_report):
    look_alikes = LOOK_ALIKES
    for test, ceiling in (("MFT", BENIGN_MFT_CEILING), ("INV", BENIGN_INV_CEILING)):
        results = [r for r in behaviour_report.results if r.case.capability in look_alikes and r.case.test == test]
        assert sum(r.failed for r in results) / len(results) <= ceiling, test
    for cap in look_alikes:
        assert behaviour_report.rate(cap, "MFT") <= 2 * BENIGN_MFT_CEILING, cap


@pytest.mark.parametrize("capability", sorted(CEILINGS))
def test_failure_rates_stay_under_todays(behaviour_report, capability):
    mft, inv = CEILINGS[capability]
    assert behaviour_report.rate(capability, "MFT") <= mft
    assert behaviour_report.rate(capability, "INV") <= inv
    assert behaviour_report.rate(capability, "DIR") <= DIR_CEILING


def test_the_scoring_can_fail():
    """A channel with both policies off finds nothing: every identifier and
    derogatory MFT case fails, every benign one passes."""
    report = suite.run(seed=SEED, n=6, policies=())
    assert report.rate(group="identifiers", test="MFT") == 1.0
    assert report.rate(group="derogatory", test="MFT") == 1.0
    assert report.rate(group="benign", test="MFT") == 0.0
    only_derogatory = suite.run(seed=SEED, n=6, policies=("derogatory",))
    assert only_derogatory.rate(group="identifiers", test="MFT") == 1.0


def test_mft_scoring_matches_the_checker_directly(behaviour_report):
    for r in behaviour_report.results[:200]:
        if r.case.test == "MFT" and r.case.capability == "phone":
            found = check(r.case.message.text)
            sp = r.case.message.spans[0]
            hit = any(f.kind == "phone" and f.start < sp.end and sp.start < f.end for f in found)
            assert r.failed == (not hit)


# --- the command --------------------------------------------------------------------


def test_discreet_eval_prints_the_table(capsys):
    assert main(["eval", "--n", "8", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "person names in clinical context" in out and "benign: doses" in out
    assert re.search(r"MFT\s+8\s+\d+\s+\d+\.\d%", out)
    assert "by transform" in out and "surname_first" in out


def test_discreet_eval_json(capsys):
    assert main(["eval", "--n", "8", "--json", "--examples", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n"] == 8 and data["seed"] == 0 and data["cases"] > 400
    rows = {(r["capability"], r["test"]): r for r in data["rows"]}
    assert rows[("benign_dose", "MFT")]["cases"] == 8
    assert all(0 <= r["failure_rate"] <= 1 and r["failures"] <= r["cases"] for r in data["rows"])
    assert {r["variant"] for r in data["by_variant"]} >= {"lower", "typo", "+bed", "+dob"}
    for e in data.get("examples", []):
        assert e["text"] and e["test"] in ("MFT", "INV", "DIR")
