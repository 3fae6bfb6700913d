"""The ``discreet`` command as a user meets it: --version, --help naming the
environment, exit codes, one line instead of a traceback, .env for every
command, line editing in the console."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time

import pytest

from discreet.bots.config import read_dotenv
from tests.bots.conftest import DISCREET, ROOT

SA_ID = "9105175123080"  # synthetic


def test_version(discreet):
    r = discreet("--version")
    assert r.returncode == 0 and re.fullmatch(r"discreet \d+\.\d+\S*\n", r.stdout)


@pytest.mark.parametrize("command, own", [
    ("run", ("SLACK_BOT_TOKEN", "TELEGRAM_BOT_TOKEN")),
    ("slack", ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "PORT")),
    ("telegram", ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_PORT")),
])
def test_help_lists_the_environment_variables_a_command_reads(discreet, command, own):
    r = discreet(command, "--help")
    assert r.returncode == 0
    for var in (*own, "DISCREET_DB", "DISCREET_POLICIES", "DISCREET_SECRET"):
        assert re.search(rf"^\s+{var}\s+\S", r.stdout, re.M), var
    assert ".env" in r.stdout


def test_check_exits_1_when_it_finds_something(discreet):
    found = discreet("check", f"pt ID {SA_ID}")
    clean = discreet("check", "handover at 7, bed 4 stable")
    as_json = discreet("check", "--json", f"pt ID {SA_ID}")
    assert (found.returncode, clean.returncode, as_json.returncode) == (1, 0, 1)
    assert "national_id" in found.stdout


@pytest.mark.parametrize("args", [("scan", "missing.jsonl"), ("check", "--staff")])
def test_user_errors_are_one_line_without_a_traceback(discreet, args):
    r = discreet(*args)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    if args[0] == "scan":
        assert r.stderr.strip() == "discreet scan: missing.jsonl: No such file or directory"


@pytest.mark.parametrize("command", [("check", "hello"), ("guidance", "photos"), ("scan", "in.jsonl")])
def test_a_bad_policy_folder_is_one_line(discreet, tmp_path, command):
    (tmp_path / "in.jsonl").write_text('{"id": "a", "text": "hi"}\n')
    (tmp_path / "packs").mkdir()
    r = discreet(*command, env={"DISCREET_POLICIES": str(tmp_path / "packs")})
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and "DISCREET_POLICIES" in lines[0], r.stderr


def _packs_without(tmp_path, *rule_ids: str):
    import shutil
    packs = tmp_path / "packs"
    shutil.copytree(ROOT / "policies", packs)
    f = packs / "identifiers" / "numbers.toml"
    text = f.read_text()
    for rule_id in rule_ids:
        assert f'id = "{rule_id}"\n' in text, rule_id
        text = text.replace(f'id = "{rule_id}"\n', f'id = "{rule_id}"\nenabled = false\n', 1)
    f.write_text(text)
    return packs


@pytest.mark.parametrize("command", ["check", "scan"])
def test_discreet_policies_from_dotenv_applies_to_every_command(discreet, tmp_path, command):
    packs = _packs_without(tmp_path, "id-za-number", "id-za-number-cued")
    (tmp_path / ".env").write_text(f'DISCREET_POLICIES="{packs}"  # our own packs\n')
    if command == "check":
        r = discreet("check", f"pt {SA_ID}")
    else:
        (tmp_path / "in.jsonl").write_text(f'{{"id": "a", "text": "pt {SA_ID}"}}\n')
        r = discreet("scan", "in.jsonl")
    assert "national_id" not in r.stdout, r.stderr
    assert discreet("check", f"pt {SA_ID}", env={"DISCREET_POLICIES": str(ROOT / "policies")}).returncode == 1


def test_dotenv_value_with_a_comment_after_quotes(tmp_path):
    (tmp_path / ".env").write_text('DISCREET_DB="/srv/discreet/discreet.db" # on the volume\n'
                                   "DISCREET_ADMINS='U1,U2'   # two admins\nexport PORT=4000\n")
    assert read_dotenv(tmp_path / ".env") == {"DISCREET_DB": "/srv/discreet/discreet.db",
                                              "DISCREET_ADMINS": "U1,U2", "PORT": "4000"}


def test_ctrl_c_is_one_line_and_exit_130(tmp_path, clean_env):
    proc = subprocess.Popen([*DISCREET, "scan"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path, env=clean_env, text=True)
    proc.stdin.write('{"id": "a", "text": "hello"}\n')
    proc.stdin.flush()
    assert proc.stdout.readline().startswith('{"id": "a"')  # it is reading, mid-stream
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and err.strip() == "discreet scan: interrupted", err


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_the_console_has_line_editing_so_arrow_keys_are_not_posted(tmp_path, clean_env):
    """In a terminal, left-arrow moves the cursor: the line posted is the edited one."""
    import pty

    main, sub = pty.openpty()
    proc = subprocess.Popen([*DISCREET, "console"], stdin=sub, stdout=sub, stderr=sub, cwd=tmp_path,
                            env={**clean_env, "TERM": "xterm"}, close_fds=True)
    os.close(sub)
    out = b""

    def read_until(marker: bytes, timeout: float = 60) -> None:
        nonlocal out
        end = time.monotonic() + timeout
        while marker not in out and time.monotonic() < end:
            if select.select([main], [], [], 0.5)[0]:
                try:
                    out += os.read(main, 65536)
                except OSError:
                    break
        assert marker in out, out[-500:]

    try:
        read_until(b"/quit to leave")
        # "/channel ward" then two left arrows, "X", Enter: with line editing this is "/channel waXrd"
        os.write(main, b"/channel ward\x1b[D\x1b[DX\r")
        read_until(b"Hello from Discreet")
        os.write(main, b"/channel\r")
        read_until(b"you are in #")
        assert b"you are in #waxrd" in out.lower() or b"you are in #waXrd" in out
        os.write(main, b"/quit\r")
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)


def test_env_example_lists_every_variable_the_config_reads():
    import re
    read = set(re.findall(r'"((?:DISCREET|SLACK|TELEGRAM)_[A-Z_]+|PORT)"', (ROOT / "bots" / "config.py").read_text()))
    listed = set(re.findall(r"^# ((?:DISCREET|SLACK|TELEGRAM)_[A-Z_]+|PORT)=", (ROOT / ".env.example").read_text(), re.M))
    assert read and read == listed
