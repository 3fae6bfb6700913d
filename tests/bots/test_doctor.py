"""`discreet doctor` as an operator runs it (a subprocess, in a folder with no
stray .env), against the fake Slack Web API and the fake Telegram Bot API
on 127.0.0.1, and a real SQLite file: what it finds, what it says to do,
and its exit code (0 healthy, 1 otherwise)."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import sqlite3
import subprocess

from discreet.bots.store import SCHEMA_VERSION, ChannelSettings, SQLiteStore
from tests.bots.conftest import DISCREET
from tests.fakes.slack_api import APP_TOKEN, SCOPES, SIGNING_SECRET, TOKEN, FakeSlackAPI
from tests.fakes.telegram_api import FakeTelegram

GROUP_BLIND, GROUP_ADMIN, GROUP_LEFT, GROUP_OFF = -1001000000001, -1001000000002, -1001000000003, -1001000000004


async def doctor(tmp_path, clean_env, env: dict | None = None, *args: str) -> tuple[int, list[dict], str]:
    """Run ``discreet doctor --json`` without blocking this loop (the fakes answer from it)."""
    proc = await asyncio.create_subprocess_exec(
        *DISCREET, "doctor", "--json", "--timeout", "5", *args, cwd=tmp_path, env={**clean_env, **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await proc.communicate()
    return proc.returncode, json.loads(out.decode()), err.decode()


def find(checks: list[dict], area: str, status: str | None = None) -> list[dict]:
    return [c for c in checks if c["area"] == area and (status is None or c["status"] == status)]


async def make_db(db_path, settings: dict[tuple[str, str], ChannelSettings] = ()) -> None:
    store = SQLiteStore(db_path)
    await store.open()
    try:
        for (platform, channel), s in dict(settings).items():
            await store.put_settings(platform, channel, s)
    finally:
        await store.close()


# -- configuration and database --------------------------------------------------

async def test_with_no_tokens_it_checks_config_and_database_and_says_the_bots_are_not_configured(
        tmp_path, clean_env, db_path):
    code, checks, err = await doctor(tmp_path, clean_env)
    assert code == 0, checks
    assert find(checks, "configuration", "ok") and find(checks, "policies", "ok")
    assert any("does not exist yet" in c["detail"] for c in find(checks, "database", "ok"))
    assert [c["detail"] for c in find(checks, "slack")] == ["not configured"]
    assert [c["detail"] for c in find(checks, "telegram")] == ["not configured"]
    assert "SLACK_BOT_TOKEN" in find(checks, "slack")[0]["fix"]
    assert not db_path.exists()  # the doctor creates nothing

    await make_db(db_path)
    code, checks, _ = await doctor(tmp_path, clean_env)
    assert code == 0
    assert any(f"schema v{SCHEMA_VERSION} (this Discreet's)" in c["detail"] for c in find(checks, "database", "ok"))


async def test_a_configuration_error_names_the_variable_and_fails(tmp_path, clean_env):
    code, checks, _ = await doctor(tmp_path, clean_env, {"DISCREET_LOG_LEVEL": "LOUD"})
    assert code == 1
    (bad,) = find(checks, "configuration", "FAIL")
    assert bad["detail"].startswith("DISCREET_LOG_LEVEL:") and "DISCREET_LOG_LEVEL" in bad["fix"]
    assert find(checks, "bots", "--")


async def test_schema_newer_than_the_code_fails_older_warns_and_nothing_is_migrated(tmp_path, clean_env, db_path):
    await make_db(db_path)
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    code, checks, _ = await doctor(tmp_path, clean_env)
    assert code == 1
    assert "newer than this Discreet" in find(checks, "database", "FAIL")[0]["detail"]

    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE schema_version SET version = 1")
    code, checks, _ = await doctor(tmp_path, clean_env)
    assert code == 0
    (old,) = [c for c in find(checks, "database", "warn") if "this Discreet uses" in c["detail"]]
    assert f"v1; this Discreet uses v{SCHEMA_VERSION}" in old["detail"] and "back the file up" in old["fix"]
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchone()[0] == 1  # read-only: not upgraded


async def test_it_names_the_running_bot_and_a_secret_that_changed(tmp_path, clean_env, db_path):
    from discreet.bots.deploy import claim, release
    from discreet.bots.service import build_service
    from discreet.bots.config import Config

    service, store = await build_service(Config.from_env({"DISCREET_DB": str(db_path)}))  # generates the key
    await store.close()
    assert claim(db_path) is None  # as a running bot does
    try:
        code, checks, _ = await doctor(tmp_path, clean_env, {"DISCREET_SECRET": "another-secret-0123456789"})
    finally:
        release(db_path)
    assert code == 0
    assert any(c["detail"] == f"in use by a running Discreet (pid {os.getpid()})" for c in find(checks, "database"))
    (changed,) = [c for c in find(checks, "database", "warn") if "DISCREET_SECRET" in c["detail"]]
    assert "unset DISCREET_SECRET" in changed["fix"]
    code, checks, _ = await doctor(tmp_path, clean_env)  # released; no DISCREET_SECRET
    assert not any("in use" in c["detail"] or "DISCREET_SECRET is set" in c["detail"] for c in checks)


async def test_a_file_that_is_not_a_database_fails(tmp_path, clean_env, db_path):
    db_path.write_bytes(b"this is not SQLite " * 100)
    code, checks, _ = await doctor(tmp_path, clean_env)
    assert code == 1
    assert "not a readable SQLite database" in find(checks, "database", "FAIL")[0]["detail"]


async def test_a_database_others_can_read_is_a_warning(tmp_path, clean_env, db_path):
    await make_db(db_path)
    os.chmod(db_path, 0o644)
    code, checks, _ = await doctor(tmp_path, clean_env)
    assert code == 0
    assert any(c["fix"] == f"chmod 600 {db_path}" for c in find(checks, "database", "warn"))


# -- Slack ---------------------------------------------------------------------------

def slack_env(api) -> dict:
    return {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": api.base_url}


async def test_slack_healthy_token_scopes_and_channels(tmp_path, clean_env, db_path):
    await make_db(db_path, {("slack", "C0WARD001"): ChannelSettings(),
                            ("slack", "C0QUIET01"): ChannelSettings(monitoring=False)})
    async with FakeSlackAPI() as api:
        code, checks, _ = await doctor(tmp_path, clean_env, slack_env(api))
        assert api.calls_to("auth.test")
        assert [c["channel"] for c in api.calls_to("conversations.info")] == ["C0WARD001"]  # monitored only
    assert code == 0, checks
    assert "bot user U0BOT0001" in find(checks, "slack token", "ok")[0]["detail"]
    assert find(checks, "slack scopes", "ok") and not find(checks, "slack scopes", "warn")
    assert find(checks, "slack channels", "ok")


async def test_slack_missing_scope_fails_and_says_how_to_add_it(tmp_path, clean_env):
    async with FakeSlackAPI() as api:
        api.scopes = tuple(s for s in SCOPES if s != "files:read") + ("chat:write.public",)
        code, checks, _ = await doctor(tmp_path, clean_env, slack_env(api))
    assert code == 1
    (missing,) = find(checks, "slack scopes", "FAIL")
    assert missing["detail"] == "missing: files:read" and "reinstall" in missing["fix"]
    (extra,) = find(checks, "slack scopes", "warn")
    assert "chat:write.public" in extra["detail"]


async def test_slack_socket_mode_app_token_is_checked(tmp_path, clean_env):
    async with FakeSlackAPI() as api:
        env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": api.base_url}
        code, checks, _ = await doctor(tmp_path, clean_env, env)
        assert api.calls_to("apps.connections.open")
        code_bad, bad, _ = await doctor(tmp_path, clean_env, {**env, "SLACK_APP_TOKEN": "xapp-not-this-one"})
    assert code == 0 and find(checks, "slack socket mode", "ok")
    assert "Socket Mode" in find(checks, "configuration", "ok")[0]["detail"]
    assert code_bad == 1 and "invalid_auth" in find(bad, "slack socket mode", "FAIL")[0]["detail"]


async def test_slack_refused_token_fails(tmp_path, clean_env):
    async with FakeSlackAPI(token="xoxb-another-token") as api:
        code, checks, _ = await doctor(tmp_path, clean_env, slack_env(api))
    assert code == 1
    (bad,) = find(checks, "slack token", "FAIL")
    assert "invalid_auth" in bad["detail"] and "OAuth & Permissions" in bad["fix"]


async def test_slack_channel_the_bot_was_removed_from_is_a_warning(tmp_path, clean_env, db_path):
    await make_db(db_path, {("slack", "C0WARD001"): ChannelSettings(), ("slack", "C0LEFT001"): ChannelSettings()})
    async with FakeSlackAPI() as api:
        api.not_member_of.add("C0LEFT001")
        code, checks, _ = await doctor(tmp_path, clean_env, slack_env(api))
    assert code == 0
    (gone,) = find(checks, "slack channels", "warn")
    assert "C0LEFT001" in gone["detail"] and "C0WARD001" not in gone["detail"] and "/invite" in gone["fix"]


async def test_slack_unreachable_fails(tmp_path, clean_env):
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    code, checks, _ = await doctor(tmp_path, clean_env, env)
    assert code == 1
    assert "cannot reach SLACK_API_URL" in find(checks, "slack token", "FAIL")[0]["detail"]


# -- Telegram ------------------------------------------------------------------------

def telegram_env(fake, token: str | None = None) -> dict:
    return {"TELEGRAM_BOT_TOKEN": token or fake.token, "TELEGRAM_API_URL": fake.base_url}


async def test_telegram_rights_in_each_monitored_group(tmp_path, clean_env, db_path):
    await make_db(db_path, {("telegram", str(GROUP_BLIND)): ChannelSettings(),
                            ("telegram", str(GROUP_ADMIN)): ChannelSettings(remove=True),
                            ("telegram", str(GROUP_LEFT)): ChannelSettings(),
                            ("telegram", str(GROUP_OFF)): ChannelSettings(monitoring=False)})
    fake = await FakeTelegram(bot_can_delete={GROUP_ADMIN}, bot_statuses={GROUP_LEFT: "kicked"}).start()
    try:
        code, checks, _ = await doctor(tmp_path, clean_env, telegram_env(fake))
        asked = sorted(int(p["chat_id"]) for m, p in fake.calls if m == "getChatMember")
    finally:
        await fake.stop()
    assert asked == sorted([GROUP_BLIND, GROUP_ADMIN, GROUP_LEFT])  # not the group with monitoring off
    assert code == 1
    assert "@DiscreetTestBot" in find(checks, "telegram token", "ok")[0]["detail"]
    (blind,) = find(checks, "telegram groups", "FAIL")
    assert str(GROUP_BLIND) in blind["detail"] and str(GROUP_ADMIN) not in blind["detail"]
    assert "/setprivacy" in blind["fix"] and "admin" in blind["fix"]
    (left,) = find(checks, "telegram groups", "warn")
    assert f"{GROUP_LEFT} (kicked)" in left["detail"]


async def test_telegram_healthy_when_the_bot_sees_every_group(tmp_path, clean_env, db_path):
    await make_db(db_path, {("telegram", str(GROUP_BLIND)): ChannelSettings()})
    fake = await FakeTelegram(can_read_all_group_messages=True).start()  # privacy mode off
    try:
        code, checks, _ = await doctor(tmp_path, clean_env, telegram_env(fake))
    finally:
        await fake.stop()
    assert code == 0, checks
    assert "privacy mode off" in find(checks, "telegram token", "ok")[0]["detail"]
    assert find(checks, "telegram groups", "ok")


async def test_telegram_webhook_not_registered_is_a_warning(tmp_path, clean_env):
    fake = await FakeTelegram(can_read_all_group_messages=True).start()
    try:
        code, checks, _ = await doctor(tmp_path, clean_env, {**telegram_env(fake),
                                                             "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram"})
    finally:
        await fake.stop()
    assert code == 0
    (hook,) = find(checks, "telegram webhook", "warn")
    assert "TELEGRAM_WEBHOOK_URL" in hook["detail"]


async def test_telegram_refused_token_fails(tmp_path, clean_env):
    fake = await FakeTelegram().start()
    try:
        code, checks, _ = await doctor(tmp_path, clean_env, telegram_env(fake, "999:NOT-THE-TOKEN"))
    finally:
        await fake.stop()
    assert code == 1
    (bad,) = find(checks, "telegram token", "FAIL")
    assert "refused" in bad["detail"] and "@BotFather" in bad["fix"]


# -- the text report ------------------------------------------------------------------

def _on_a_terminal(tmp_path, env: dict, *args: str, code: int = 0) -> str:
    """``discreet ARGS`` (default: doctor) with stdout and stderr on a pseudo-terminal: what it showed."""
    main, child = pty.openpty()
    try:
        proc = subprocess.run([*DISCREET, *(args or ("doctor",))], stdout=child, stderr=child, cwd=tmp_path,
                              env=env, timeout=120)
        os.close(child)
        child = -1
        chunks = []
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        if child != -1:
            os.close(child)
        os.close(main)
    assert proc.returncode == code
    return b"".join(chunks).decode()


def test_the_report_is_in_colour_on_a_terminal_only_and_never_with_no_color(tmp_path, clean_env, discreet):
    env = {k: v for k, v in clean_env.items() if k != "NO_COLOR"}
    assert "\033[" in _on_a_terminal(tmp_path, env)
    assert "\033[" not in _on_a_terminal(tmp_path, {**env, "NO_COLOR": "1"})
    piped = discreet("doctor", env={"NO_COLOR": ""})
    assert piped.returncode == 0 and "\033[" not in piped.stdout and piped.stderr == ""
    assert "healthy" in piped.stdout and "not configured" in piped.stdout and "to set up:" in piped.stdout


def test_a_command_error_is_red_on_a_terminal_only(tmp_path, clean_env, discreet):
    env = {k: v for k, v in clean_env.items() if k != "NO_COLOR"}
    args = ("scan", str(tmp_path / "missing.jsonl"))
    shown = _on_a_terminal(tmp_path, env, *args, code=2)
    assert "\033[31mdiscreet scan:\033[0m" in shown and "missing.jsonl" in shown
    assert "\033[" not in _on_a_terminal(tmp_path, {**env, "NO_COLOR": "1"}, *args, code=2)
    piped = discreet(*args)
    assert piped.returncode == 2 and piped.stdout == ""
    assert piped.stderr.startswith("discreet scan: ") and "\033[" not in piped.stderr
