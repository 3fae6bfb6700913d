"""Two `discreet telegram` processes on one PostgreSQL, long polling the fake
Bot API: one polls, the other waits as a hot standby on the bot's advisory
lock. The fake answers a second live getUpdates with 409 Conflict, as
Telegram does, and counts those: never one here. The active process is
SIGKILLed with a nudge on the wire; the standby takes over, and every group
message is nudged exactly once: those sent while no process polled, the one
in flight at the kill (its update delivered again), and none of those already
handled (the fake serves every update again after the kill). Only synthetic
people and numbers."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from discreet import core
from tests.bots.test_slack_two_workers import synthetic_ids
from tests.fakes.telegram_api import FakeTelegram, group, message_update, user

ROOT = Path(__file__).resolve().parents[2]
AUTHOR = user(7301, "Thandeka", "Mokoena")
CHAT = group(-1005557301)
IDS = synthetic_ids(9, seed=31)
STANDBY_LINE = b"waiting as a hot standby"
pytestmark = pytest.mark.skipif(not all(core.check(f"pt ID {i}") for i in IDS[:3]),
                                reason="the SA ID detector is not in core yet")


def _nudges(fake: FakeTelegram) -> int:
    return sum("an ID number" in s.text for s in fake.sent_to(AUTHOR["id"]))


async def _log_has(path: Path, what: bytes, proc, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout  # a guard against hanging, not a timing assertion
    while what not in path.read_bytes():
        if proc.returncode is not None:
            pytest.fail(f"the process exited with {proc.returncode}: {path.read_bytes()[-2000:]!r}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what!r} never logged")
        await asyncio.sleep(0.1)


async def test_a_standby_takes_over_polling_when_the_active_process_dies(tmp_path, pg_url):
    fake = await FakeTelegram(started={AUTHOR["id"]}).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "DISCREET_"))}
    env.update(PYTHONPATH=str(ROOT), TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.base_url,
               DISCREET_DB=pg_url, DISCREET_SECRET="s" * 32, DISCREET_LOG_LEVEL="DEBUG")
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs: list = [None, None]

    async def start(n: int):
        with open(logs[n], "ab") as out:
            return await asyncio.create_subprocess_exec(sys.executable, "-m", "discreet.bots.cli", "telegram",
                                                        env=env, cwd=tmp_path, stdout=out, stderr=out)

    async def say(i: int) -> None:
        await fake.push(message_update(CHAT, AUTHOR, f"Bed {i + 1}: pt ID {IDS[i]}, review",
                                       message_id=fake.next_message_id()))

    try:
        procs[0] = await start(0)
        await _log_has(logs[0], b"holding the polling lock", procs[0])
        await fake.wait_for(lambda: any(m == "getUpdates" for m, _ in fake.calls), timeout=60)
        procs[1] = await start(1)
        await _log_has(logs[1], STANDBY_LINE, procs[1])
        assert b"holding the polling lock" not in logs[1].read_bytes()

        # 1. the active process nudges; the standby does nothing
        for i in range(3):
            await say(i)
        await fake.wait_for(lambda: _nudges(fake) == 3, timeout=60)

        # 2. a nudge on the wire when the active process is SIGKILLed
        held = fake.hold_sends_to(AUTHOR["id"])
        await say(3)
        await fake.wait_for(lambda: fake.held_clients() == (1, 1), timeout=60)
        procs[0].kill()  # SIGKILL: no clean-up, the lock goes with its connection
        await procs[0].wait()
        assert procs[0].returncode == -signal.SIGKILL
        killed_at = time.monotonic()
        await fake.wait_for(lambda: fake.held_clients() == (1, 0), timeout=60)  # its caller is gone
        held.set()  # the dead process's DM is never delivered
        await fake.wait_for(lambda: fake.held_clients() == (0, 0), timeout=60)
        assert _nudges(fake) == 3
        for i in range(4, 7):  # while nobody polls
            await say(i)
        fake.redeliver()  # Telegram serves what was never confirmed; the fake, everything

        # 3. the standby polls and finishes everything, exactly once
        polls_before = sum(m == "getUpdates" for m, _ in fake.calls)
        await _log_has(logs[1], b"holding the polling lock", procs[1])
        await fake.wait_for(lambda: sum(m == "getUpdates" for m, _ in fake.calls) > polls_before, timeout=60)
        took_over_s = time.monotonic() - killed_at
        await fake.wait_for(lambda: _nudges(fake) == 7, timeout=120)
        await say(7)  # and it goes on
        await fake.wait_for(lambda: _nudges(fake) == 8, timeout=60)
        await asyncio.sleep(1.5)  # a second nudge, if any, would be on its way by now
        assert _nudges(fake) == 8
        assert fake.conflicts == 0  # never two pollers at once
        print(f"standby polling {took_over_s:.1f} s after the SIGKILL")
        procs[1].send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(procs[1].wait(), 60) == 0
        for log in logs:
            text = log.read_bytes()
            assert b"Traceback" not in text
            assert not any(i.encode() in text for i in IDS) and b"review" not in text
    finally:
        for p in procs:
            if p is not None and p.returncode is None:
                p.kill()
                await p.wait()
        await fake.release_polls()
        await fake.stop()


async def test_a_session_lock_is_held_by_one_and_lost_with_its_connection(pg_url):
    import asyncpg

    from discreet.bots.pgstore import PostgresStore
    from discreet.bots.store import LockLost

    store = PostgresStore(pg_url)
    first = store.session_lock("discreet:test-lock", retry_s=0.1, check_s=0.2)
    second = store.session_lock("discreet:test-lock", retry_s=0.1, check_s=0.2)
    other = store.session_lock("discreet:another-lock", retry_s=0.1)
    await first.acquire()
    await other.acquire()  # another name: not held up
    waiting = asyncio.Event()
    task = asyncio.create_task(second.acquire(on_wait=waiting.set))
    try:
        await asyncio.wait_for(waiting.wait(), 60)
        assert not task.done() and not second.held
        # the holder's connection dies (a database restart, a network cut): its watch says so
        admin = await asyncpg.connect(pg_url)
        try:
            pid = first._con.get_server_pid()
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
        finally:
            await admin.close()
        with pytest.raises(LockLost):
            await asyncio.wait_for(first.watch(), 60)
        await asyncio.wait_for(task, 60)  # and the waiting one holds it now
        assert second.held and not first.held
    finally:
        task.cancel()
        for lock in (first, second, other):
            await lock.release()


async def test_webhook_mode_runs_on_two_workers_and_an_update_sent_to_both_is_nudged_once(tmp_path, pg_url):
    import json

    import aiohttp

    from tests.bots.test_telegram_modes import _free_port
    from tests.fakes.telegram_api import wait_listening

    fake = await FakeTelegram(started={AUTHOR["id"]}).start()
    ports = [_free_port(), _free_port()]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "DISCREET_"))}
    env.update(PYTHONPATH=str(ROOT), TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.base_url,
               DISCREET_DB=pg_url, DISCREET_SECRET="s" * 32,
               TELEGRAM_WEBHOOK_URL="https://discreet.example.org/telegram/hook")  # the proxy's address
    procs = []
    try:
        for n, port in enumerate(ports):
            with open(tmp_path / f"w{n}.log", "ab") as out:
                procs.append(await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "discreet.bots.cli", "telegram", env={**env, "TELEGRAM_PORT": str(port)},
                    cwd=tmp_path, stdout=out, stderr=out))
        await fake.wait_for(lambda: sum(m == "setWebhook" for m, _ in fake.calls) == 2, timeout=60)
        secrets_set = {p["secret_token"] for m, p in fake.calls if m == "setWebhook"}
        assert len(secrets_set) == 1  # both workers use the one secret kept in the database
        secret = secrets_set.pop()
        async with aiohttp.ClientSession() as http:
            urls = [f"http://127.0.0.1:{p}/telegram/hook" for p in ports]
            for url in urls:
                await wait_listening(http, url)

            async def post(url, update):
                async with http.post(url, data=json.dumps(update), headers={
                        "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}) as r:
                    return r.status

            for i in range(4):  # each update to both workers at the same moment (a retry to the other one)
                update = {"update_id": 500 + i, **message_update(CHAT, AUTHOR, f"Bed {i}: pt ID {IDS[i]}, review",
                                                                  message_id=fake.next_message_id())}
                assert await asyncio.gather(post(urls[0], update), post(urls[1], update)) == [200, 200]
            await fake.wait_for(lambda: _nudges(fake) == 4, timeout=60)
            await asyncio.sleep(1.5)  # a second nudge, if any, would be on its way by now
            assert _nudges(fake) == 4
            assert not any(m == "getUpdates" for m, _ in fake.calls)
    finally:
        for p in procs:
            if p.returncode is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                await asyncio.wait_for(p.wait(), 60)
            except asyncio.TimeoutError:
                p.kill()
                await p.wait()
        await fake.stop()
