"""The policy packs load, validate, and every rule's own examples hold."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from discreet.core import Checker, PolicyError, default_checker
from discreet.core.findings import SECTIONS

CHECKER = default_checker()
RULES = [r for p in CHECKER.packs.values() for r in p.rules if r.enabled]


def test_every_rule_names_a_known_section():
    for r in RULES:
        assert r.section in SECTIONS, r.id


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule):
    for text in rule.match_examples:
        got = {f.rule for f in CHECKER.check(text)}
        assert rule.id in got, f"{rule.id} should match: {text!r} (got {sorted(got)})"
    for text in rule.no_match_examples:
        got = {f.rule for f in CHECKER.check(text)}
        assert rule.id not in got, f"{rule.id} should not match: {text!r}"


def _pack(tmp_path: Path, body: str) -> Path:
    root = tmp_path / "policies"
    for p in ("identifiers", "derogatory"):
        (root / p).mkdir(parents=True)
    (root / "identifiers" / "bad.toml").write_text(textwrap.dedent(body))
    return root


def test_broken_pack_names_file_rule_and_field(tmp_path):
    root = _pack(tmp_path, """
        [[rule]]
        id = "x-1"
        detector = "numbers"
        kind = "national_id"
        severity = "extreme"
        section = "patient-confidentiality"
        why = "because"
    """)
    with pytest.raises(PolicyError) as e:
        Checker(root)
    msg = str(e.value)
    assert "bad.toml" in msg and "x-1" in msg and "severity" in msg


def test_unknown_section_and_bad_toml_are_refused(tmp_path):
    root = _pack(tmp_path, """
        [[rule]]
        id = "x-2"
        detector = "numbers"
        kind = "national_id"
        severity = "high"
        section = "no-such-section"
        why = "because"
    """)
    with pytest.raises(PolicyError, match="section"):
        Checker(root)
    (root / "identifiers" / "bad.toml").write_text("[[rule]\nid=")
    with pytest.raises(PolicyError, match="not valid TOML"):
        Checker(root)


def test_core_imports_no_platform_or_database():
    code = "import sys, core; core.check('pt Jane, ID 8001015009087'); " \
           "print(','.join(m for m in ('slack_bolt','slack_sdk','telegram','aiosqlite','aiohttp','discreet.bots') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2], check=True)
    assert out.stdout.strip() == ""
