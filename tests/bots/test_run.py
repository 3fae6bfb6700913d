"""`discreet run`: the console with no credentials; one-line config errors;
and the Config contract it rests on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from discreet.bots.config import Config, ConfigError, read_dotenv

SA_ID = "8001015009087"  # synthetic


def test_no_credentials_starts_the_console(discreet):
    r = discreet("run", input=f"pt ID {SA_ID}\nhello\n")
    assert r.returncode == 0, r.stderr
    assert "starting the local console" in r.stderr
    assert "A private note from Discreet" in r.stdout and SA_ID not in r.stdout.split(f"pt ID {SA_ID}\n", 1)[1]


@pytest.mark.parametrize("env, variable", [
    ({"PORT": "eighty"}, "PORT"),
    ({"PORT": "70000"}, "PORT"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ({"TELEGRAM_BOT_TOKEN": "nonsense"}, "TELEGRAM_BOT_TOKEN"),
    ({"DISCREET_SECRET": "short"}, "DISCREET_SECRET"),
])
def test_config_error_is_one_line_naming_the_variable(discreet, env, variable):
    r = discreet("run", env=env)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"discreet run: {variable}: "), r.stderr


def test_unopenable_database_is_one_line(discreet, tmp_path):
    (tmp_path / "ro").mkdir()
    r = discreet("run", env={"DISCREET_DB": str(tmp_path / "ro")})
    assert r.returncode == 2 and "DISCREET_DB" in r.stderr and "Traceback" not in r.stderr


def test_defaults_and_properties():
    c = Config.from_env({})
    assert c.db_path == Path("./discreet.db") and c.port == 3000 and c.telegram_port == 8443
    assert c.secret is None and c.admins == frozenset() and c.pending_ttl_s == 86400
    assert c.telegram_api_url == "https://api.telegram.org/bot"
    assert not c.slack_enabled and not c.telegram_enabled
    c = Config.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "TELEGRAM_BOT_TOKEN": "1:A",
                         "DISCREET_ADMINS": "U1, U2,,", "DISCREET_SECRET": "s" * 20, "PORT": "8080"})
    assert c.slack_enabled and c.telegram_enabled and c.admins == {"U1", "U2"}
    assert c.secret == b"s" * 20 and c.port == 8080
    assert "xoxb" not in repr(c) and "sss" not in repr(c)


def test_dotenv_is_read_and_the_environment_wins(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text('# local\nexport PORT=4000\nDISCREET_DB="my.db"\nTELEGRAM_PORT=9000 # listener\n')
    assert read_dotenv(tmp_path / ".env") == {"PORT": "4000", "DISCREET_DB": "my.db", "TELEGRAM_PORT": "9000"}
    monkeypatch.chdir(tmp_path)
    for k in ("PORT", "DISCREET_DB", "TELEGRAM_PORT"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("PORT", "5000")
    c = Config.from_env()
    assert c.port == 5000 and c.db_path == Path("my.db") and c.telegram_port == 9000


def test_config_error_names_the_variable():
    with pytest.raises(ConfigError) as e:
        Config.from_env({"DISCREET_PENDING_TTL": "soon"})
    assert e.value.variable == "DISCREET_PENDING_TTL" and str(e.value).startswith("DISCREET_PENDING_TTL: ")


async def _wait_http(session, url: str, proc) -> None:
    import asyncio

    import aiohttp

    while proc.returncode is None:
        try:
            async with session.get(url) as r:
                if r.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("discreet run exited before listening")


async def test_run_serves_slack_and_telegram_in_one_process(tmp_path, clean_env, db_path):
    """Both adapters over one service and one database, against local fakes of
    the Slack Web API and the Telegram Bot API; SIGTERM stops it cleanly."""
    import asyncio
    import signal
    import socket
    import sqlite3

    import aiohttp

    from tests.fakes.slack_api import SIGNING_SECRET, TOKEN, FakeSlackAPI, SlackSender
    from tests.fakes.telegram_api import FakeTelegram, group, message_update, user

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    author = user(7201, "Sipho", "Ndlovu")
    tg = await FakeTelegram(started={author["id"]}).start()
    proc = None
    try:
        async with FakeSlackAPI() as slack, aiohttp.ClientSession() as http:
            env = {**clean_env, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                   "SLACK_API_URL": slack.base_url, "PORT": str(port),
                   "TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_API_URL": tg.base_url}
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "discreet.bots.cli", "run", cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            await _wait_http(http, f"http://127.0.0.1:{port}/healthz", proc)
            sender = SlackSender(http, f"http://127.0.0.1:{port}/slack/events", api=slack)
            status, _ = await sender.message(f"bed 4 ID {SA_ID} for theatre")
            assert status == 200
            eph = (await slack.wait_for("chat.postEphemeral", timeout=30))[0]
            assert eph.get("user") == "U0NURSE01"
            await tg.push(message_update(group(-1005550002), author, f"bed 9 ID {SA_ID}",
                                         message_id=tg.next_message_id()))
            dm = (await tg.wait_for(lambda: tg.sent_to(author["id"]), timeout=30))[0]
            assert "an ID number" in dm.text and SA_ID not in dm.text
            await tg.release_polls()
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc is not None and proc.returncode is None:
            proc.kill()
        await tg.stop()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert b"Traceback" not in err and SA_ID.encode() not in err
    con = sqlite3.connect(db_path)
    platforms = sorted(r[0] for r in con.execute("SELECT platform FROM nudges"))
    con.close()
    assert platforms == ["slack", "telegram"]
    for f in tmp_path.glob("discreet.db*"):
        assert SA_ID.encode() not in f.read_bytes()


def test_an_adapter_that_cannot_start_stops_run_with_one_line(discreet):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    r = discreet("run", env={"TELEGRAM_BOT_TOKEN": "1:TEST", "TELEGRAM_API_URL": f"http://127.0.0.1:{dead}/bot",
                             "DISCREET_LOG_LEVEL": "WARNING"})
    assert r.returncode == 1
    lines = [x for x in r.stderr.strip().splitlines() if "discreet.deploy" not in x]  # the test db is in /tmp
    assert lines[0].startswith("discreet run: telegram stopped: ") and "Traceback" not in r.stderr
    assert "1:TEST" not in r.stderr
