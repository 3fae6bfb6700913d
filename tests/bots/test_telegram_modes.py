"""`discreet telegram` as a process, and webhook mode, against the fake Bot API."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from discreet.bots.config import Config
from discreet.bots.service import build_service
from discreet.bots.telegram import run
from tests.fakes.telegram_api import FakeTelegram, group, message_update, user, wait_listening

ROOT = Path(__file__).resolve().parents[2]
DISCREET = Path(sys.executable).with_name("discreet")
ID_NUMBER = "8001015009087"  # synthetic SA ID
AUTHOR = user(7101, "Sipho", "Ndlovu")
CHAT = group(-1005550001)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "DISCREET_"))}
    env.update(extra)
    return env


async def test_cli_without_a_token_says_so_in_one_line(tmp_path):
    proc = await asyncio.create_subprocess_exec(
        str(DISCREET), "telegram", cwd=tmp_path, env=_env(DISCREET_DB=str(tmp_path / "d.db")),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    assert proc.returncode == 2
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0]


async def test_cli_with_a_bad_setting_says_so_in_one_line(tmp_path):
    proc = await asyncio.create_subprocess_exec(
        str(DISCREET), "telegram", cwd=tmp_path, env=_env(TELEGRAM_BOT_TOKEN="no-colon"),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await proc.communicate()
    assert proc.returncode == 2
    assert err.decode().strip().splitlines() == [
        "discreet telegram: TELEGRAM_BOT_TOKEN: must look like 123456:ABC... (from @BotFather)"]


async def test_cli_runs_the_bot_by_long_polling_and_stops_on_sigint(tmp_path):
    fake = await FakeTelegram(started={AUTHOR["id"]}).start()
    try:
        proc = await asyncio.create_subprocess_exec(
            str(DISCREET), "telegram", cwd=tmp_path,
            env=_env(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.base_url,
                     DISCREET_DB=str(tmp_path / "d.db"), DISCREET_LOG_LEVEL="DEBUG"),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        await fake.wait_for(lambda: fake.commands)  # setMyCommands at start
        await fake.push(message_update(CHAT, AUTHOR, f"bed 4 ID {ID_NUMBER}", message_id=fake.next_message_id()))
        dm = (await fake.wait_for(lambda: fake.sent_to(AUTHOR["id"])))[0]
        assert "an ID number" in dm.text
        proc.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
        assert proc.returncode in (0, 130)
        assert ID_NUMBER.encode() not in err and fake.token.encode() not in err
        assert b"Traceback" not in err
        for f in tmp_path.glob("d.db*"):
            assert ID_NUMBER.encode() not in f.read_bytes()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await fake.stop()


async def test_webhook_mode_sets_the_webhook_with_a_secret_and_checks_it(tmp_path):
    fake = await FakeTelegram(started={AUTHOR["id"]}).start()
    port = _free_port()
    config = Config.from_env({
        "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url,
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/hook", "TELEGRAM_PORT": str(port),
        "DISCREET_DB": str(tmp_path / "d.db"), "DISCREET_SECRET": "test-secret-0123456789"})
    service, store = await build_service(config)
    task = asyncio.create_task(run(config, service))
    try:
        hook = await fake.wait_for(lambda: fake.webhook)
        assert hook["url"] == config.telegram_webhook_url
        secret = hook["secret_token"]
        assert len(secret) >= 32  # generated, since TELEGRAM_WEBHOOK_SECRET is unset
        update = {"update_id": 1, **message_update(CHAT, AUTHOR, f"bed 4 ID {ID_NUMBER}",
                                                    message_id=fake.next_message_id())}
        async with aiohttp.ClientSession() as http:
            url = config.telegram_webhook_url
            await wait_listening(http, url)  # the listener starts right after setWebhook
            async with http.post(url, data=json.dumps(update), headers={
                    "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "wrong"}) as r:
                assert r.status == 403
            async with http.post(url, data=json.dumps(update), headers={
                    "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}) as r:
                assert r.status == 200
        dm = (await fake.wait_for(lambda: fake.sent_to(AUTHOR["id"])))[0]
        assert "an ID number" in dm.text
        # the generated secret is kept: the same one after a restart
        assert (await store.get_meta("telegram_webhook_secret")).decode() == secret
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await store.close()
        await fake.stop()


async def test_cli_with_a_refused_token_says_so_in_one_line(tmp_path):
    fake = await FakeTelegram().start()
    try:
        proc = await asyncio.create_subprocess_exec(
            str(DISCREET), "telegram", cwd=tmp_path,
            env=_env(TELEGRAM_BOT_TOKEN="999:revoked", TELEGRAM_API_URL=fake.base_url,
                     DISCREET_DB=str(tmp_path / "d.db")),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        await fake.stop()
    assert proc.returncode == 1
    lines = [x for x in err.decode().strip().splitlines() if "discreet.deploy" not in x]  # the test db is in /tmp
    assert lines == ["discreet telegram: TELEGRAM_BOT_TOKEN: refused by the Bot API"]


async def test_cli_stops_cleanly_on_sigterm(tmp_path):
    fake = await FakeTelegram().start()
    try:
        proc = await asyncio.create_subprocess_exec(
            str(DISCREET), "telegram", cwd=tmp_path,
            env=_env(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.base_url,
                     DISCREET_DB=str(tmp_path / "d.db")),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        await fake.wait_for(lambda: any(m == "getUpdates" for m, _ in fake.calls))
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await fake.stop()
    assert proc.returncode == 0 and b"Traceback" not in err
