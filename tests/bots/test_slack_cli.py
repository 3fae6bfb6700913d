"""`discreet slack` as a process: HTTP mode against the fake Slack Web API,
/healthz, one signed event gives one nudge, SIGTERM stops it cleanly;
configuration errors are one line."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from discreet import core
from tests.fakes.slack_api import SIGNING_SECRET, TOKEN, FakeSlackAPI, SlackSender

ROOT = Path(__file__).resolve().parents[2]
SA_ID = "9105175123080"


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "TELEGRAM_", "DISCREET_")) and k != "PORT"}
    env["PYTHONPATH"] = str(ROOT)
    env.update(DISCREET_DB=str(tmp_path / "discreet.db"), **extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("env, variable", [
    ({}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": TOKEN}, "SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": "x", "PORT": "http"}, "PORT"),
])
def test_configuration_errors_are_one_line(tmp_path, env, variable):
    r = subprocess.run([sys.executable, "-m", "discreet.bots.cli", "slack"], env=_env(tmp_path, **env), cwd=tmp_path,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and variable in r.stderr and "Traceback" not in r.stderr


async def test_discreet_slack_serves_http_nudges_and_stops_on_sigterm(tmp_path):
    if not core.check(f"ID {SA_ID}"):
        pytest.skip("the SA ID detector is not in core yet")
    port = _free_port()
    async with FakeSlackAPI() as api, aiohttp.ClientSession() as session:
        env = _env(tmp_path, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                   SLACK_API_URL=api.base_url, PORT=str(port), DISCREET_SECRET="c" * 32)
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "discreet.bots.cli", "slack", env=env,
                                                    cwd=tmp_path, stderr=asyncio.subprocess.PIPE)
        try:
            await api.wait_for("auth.test", timeout=30)
            for _ in range(300):
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            else:
                pytest.fail("no /healthz")
            sender = SlackSender(session, f"http://127.0.0.1:{port}/slack/events", api=api)
            status, _ = await sender.message(f"Bed 2 ID {SA_ID}", user="U0NURSE01")
            assert status == 200
            [nudge] = await api.wait_for("chat.postEphemeral", timeout=30)
            assert nudge["user"] == "U0NURSE01" and SA_ID not in str(nudge)
            # the start-up auth.test is handed to Bolt: the first ack did not wait on another
            assert len(api.calls_to("auth.test")) == 1
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), 30)
        assert proc.returncode == 0, err.decode()[-2000:]
        assert SA_ID.encode() not in err


def test_a_refused_token_is_one_line_and_exit_1(tmp_path):
    async def scenario():
        async with FakeSlackAPI(token="xoxb-some-other-token") as api:
            env = _env(tmp_path, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                       SLACK_API_URL=api.base_url, PORT=str(_free_port()))
            proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "discreet.bots.cli", "slack", env=env,
                                                        cwd=tmp_path, stderr=asyncio.subprocess.PIPE)
            _, err = await asyncio.wait_for(proc.communicate(), 60)
            return proc.returncode, err.decode()

    code, err = asyncio.run(scenario())
    assert code == 1
    assert "SLACK_BOT_TOKEN" in err and "invalid_auth" in err and "Traceback" not in err
