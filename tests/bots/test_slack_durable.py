"""No nudge lost: a durable job per message (ids only), taken up again after
a crash with the text fetched back from Slack; Web API calls retried within
a time budget; a delivery that still fails goes back to the queue.

The crash test runs ``discreet slack`` as a process, holds its nudge call
open at the fake Web API, SIGKILLs it, and starts it again on the same
database. Only synthetic people and numbers.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sqlite3
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from discreet import core
from discreet.bots.store import Job
from tests.bots.test_slack_e2e import AUTHOR, CHANNEL, SA_ID, SA_ID_2, running_app
from tests.fakes.slack_api import SIGNING_SECRET, TOKEN, FakeSlackAPI, SlackSender

ROOT = Path(__file__).resolve().parents[2]
SA_ID_4 = "6411135123084"  # synthetic, valid checksum

pytestmark = pytest.mark.skipif(not core.check(f"pt ID {SA_ID}"), reason="the SA ID detector is not in core yet")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _db_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def _jobs(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT key, state, outcome, attempt FROM jobs ORDER BY created_at").fetchall()
    finally:
        con.close()


async def _start(env: dict, cwd: Path, log_path: Path):
    out = open(log_path, "ab")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "discreet.bots.cli", "slack", env=env, cwd=cwd,
                                                stdout=out, stderr=out)
    out.close()
    return proc


async def _healthy(session, base: str, proc) -> None:
    for _ in range(600):
        if proc.returncode is not None:
            pytest.fail(f"discreet slack exited with {proc.returncode}")
        try:
            async with session.get(base + "/healthz") as r:
                if r.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    pytest.fail("no /healthz")


async def test_a_nudge_in_flight_at_a_sigkill_arrives_exactly_once_after_a_restart(tmp_path):
    db, logs = tmp_path / "discreet.db", tmp_path / "slack.log"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "TELEGRAM_", "DISCREET_")) and k != "PORT"}
    async with FakeSlackAPI() as api, aiohttp.ClientSession() as session:
        env.update(PYTHONPATH=str(ROOT), DISCREET_DB=str(db), DISCREET_SECRET="k" * 32, DISCREET_LOG_LEVEL="DEBUG",
                   SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=api.base_url,
                   PORT=str(port))
        api.hold("chat.postEphemeral")
        first = await _start(env, tmp_path, logs)
        try:
            await _healthy(session, base, first)
            sender = SlackSender(session, base + "/slack/events", api=api)
            event = sender.message_event(f"Bed 4: pt ID {SA_ID}, query sepsis", user=AUTHOR)
            status, _ = await sender.event(event, event_id="Ev0CRASH001")
            assert status == 200
            await api.wait_until(lambda: len(api.held) == 1, timeout=30)  # the nudge is on the wire
        finally:
            first.kill()  # SIGKILL: no clean-up of any kind
            await first.wait()
        assert first.returncode == -signal.SIGKILL
        [(key, state, _, _)] = _jobs(db)
        assert (key, state) == ("Ev0CRASH001", "pending")  # acknowledged, and not forgotten

        api.release()  # the held call's client is dead: it is never answered
        second = await _start(env, tmp_path, logs)
        try:
            await _healthy(session, base, second)
            [nudge] = await api.wait_for("chat.postEphemeral", timeout=30)
            # Slack retries the event too, as it would after a missing ack: still one nudge
            status, _ = await sender.event(event, event_id="Ev0CRASH001", retry_num=1)
            assert status == 200
            await asyncio.sleep(1.0)
            assert len(api.calls_to("chat.postEphemeral")) == 1
            assert nudge["user"] == AUTHOR and nudge["channel"] == CHANNEL and SA_ID not in str(nudge)
            [history] = api.calls_to("conversations.history")
            assert history["channel"] == CHANNEL and history["latest"] == event["ts"]
            assert str(history["inclusive"]).lower() in ("1", "true") and int(history["limit"]) == 1
            for _ in range(50):
                if _jobs(db)[0][1] == "done":
                    break
                await asyncio.sleep(0.1)
            [(_, state, outcome, attempt)] = _jobs(db)
            assert (state, outcome, attempt) == ("done", "nudged", 2)
        finally:
            second.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.wait(), 30)
        assert second.returncode == 0
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT COUNT(*) FROM nudges").fetchone()[0] == 1  # counted once, when accepted
    finally:
        con.close()
    text = logs.read_bytes()
    assert b"taking up event Ev0CRASH001" in text
    for secret in (SA_ID.encode(), b"sepsis"):
        assert secret not in _db_bytes(db) and secret not in text


# -- in process: a job left by a dead worker --------------------------------

def _orphan(channel: str, ts: str, key: str, thread: str | None = None, edited: bool = False) -> Job:
    return Job("slack", key, channel, ts, AUTHOR, thread, None, edited, time.time())


async def _leave_orphan(store, job: Job) -> None:
    """As if a worker on this host (a pid that no longer runs) recorded it and died."""
    dead = f"{socket.gethostname().replace(':', '_')}:{2 ** 22 + 12345}:deadbeef"
    assert await store.add_job(job, dead, time.time() + 3600)


async def _recovered(h) -> None:
    adapter = h.adapter
    await adapter.jobs.recover_once()
    await h.settle()


async def test_a_thread_reply_is_fetched_back_with_conversations_replies(tmp_path, fake_api, session):
    parent, reply = "1700000500.000100", "1700000501.000200"
    fake_api.remember({"type": "message", "channel": CHANNEL, "user": "U0REGST01", "text": "Ward round notes",
                       "ts": parent, "thread_ts": parent})
    fake_api.remember({"type": "message", "channel": CHANNEL, "user": AUTHOR, "text": f"ID {SA_ID_2} for bed 9",
                       "ts": reply, "thread_ts": parent})
    async with running_app(fake_api, tmp_path / "d.db", session) as h:
        await _leave_orphan(h.store, _orphan(CHANNEL, reply, "Ev0THREAD01", thread=parent))
        await _recovered(h)
        [nudge] = h.nudges()
        assert nudge["thread_ts"] == parent and nudge["user"] == AUTHOR
        [call] = fake_api.calls_to("conversations.replies")
        assert call["ts"] == parent and call["latest"] == reply
        assert await h.store.job_states("slack") == {"done": 1, "done:nudged": 1}


async def test_a_message_deleted_meanwhile_needs_no_nudge(tmp_path, fake_api, session):
    async with running_app(fake_api, tmp_path / "d.db", session) as h:
        await _leave_orphan(h.store, _orphan(CHANNEL, "1700000600.000100", "Ev0GONE0001"))
        await _recovered(h)
        assert h.nudges() == []
        assert await h.store.job_states("slack") == {"done": 1, "done:gone": 1}


async def test_a_live_workers_job_is_not_taken_until_its_lease_runs_out(tmp_path, fake_api, session):
    ts = "1700000700.000100"
    fake_api.remember({"type": "message", "channel": CHANNEL, "user": AUTHOR, "text": f"ID {SA_ID_4}", "ts": ts})
    async with running_app(fake_api, tmp_path / "d.db", session) as h:
        other_host = "another-host:4242:cafe"
        assert await h.store.add_job(_orphan(CHANNEL, ts, "Ev0LEASE001"), other_host, time.time() + 3600)
        assert await h.adapter.jobs.recover_once() == 0  # held by a worker we cannot see die
        await asyncio.to_thread(_exec, h.db_path, "UPDATE jobs SET lease_until = ?", (time.time() - 1,))
        await _recovered(h)
        assert len(h.nudges()) == 1


async def test_a_delivery_out_of_budget_goes_back_to_the_queue(tmp_path, fake_api, session, monkeypatch):
    from discreet.bots.slack import delivery
    monkeypatch.setattr(delivery, "DELIVERY_BUDGET_S", 0.3)
    monkeypatch.setattr(delivery, "DEFER_S", 0.0)
    fake_api.fail("chat.postEphemeral", status=503, times=40)
    async with running_app(fake_api, tmp_path / "d.db", session) as h:
        await h.send.message(f"Bed 2 ID {SA_ID}")
        await h.settle()
        assert h.nudges() == []
        assert (await h.store.job_states("slack")).get("pending") == 1  # deferred, not dropped
        stats = await h.store.stats("slack", CHANNEL, 1)
        assert (stats["nudges"], stats["total"], stats["messages_nudged"], stats["rules"]) == ({}, 0, 0, {})  # not counted
        fake_api._failures.clear()
        await _recovered(h)
        [nudge] = h.nudges()
        assert SA_ID not in str(nudge)
        assert (await h.store.stats("slack", CHANNEL, 1))["total"] == 1
        assert len(fake_api.calls_to("conversations.history")) == 1  # the text was fetched anew


async def test_429_429_500_then_success_is_one_nudge(tmp_path, fake_api, session):
    fake_api.fail("chat.postEphemeral", status=429, retry_after=0, times=2)
    fake_api.fail("chat.postEphemeral", status=500, times=1)
    async with running_app(fake_api, tmp_path / "d.db", session) as h:
        await h.send.message(f"Bed 2 ID {SA_ID}")
        await h.settle()
        assert fake_api.failed == ["chat.postEphemeral"] * 3
        assert len(h.nudges()) == 1


async def test_a_refusal_for_good_finishes_the_job_and_is_not_counted(tmp_path, fake_api, session, caplog):
    caplog.set_level(logging.INFO)
    fake_api.reject("chat.postEphemeral", "channel_not_found")
    async with running_app(fake_api, tmp_path / "d.db", session) as h:
        await h.send.message(f"Bed 2 ID {SA_ID}")
        await h.settle()
        assert await h.store.job_states("slack") == {"done": 1, "done:refused:channel_not_found": 1}
        assert (await h.store.stats("slack", CHANNEL, 1))["total"] == 0


async def test_benign_and_nudged_jobs_are_finished_with_their_outcome(tmp_path, fake_api, session):
    async with running_app(fake_api, tmp_path / "d.db", session) as h:
        await h.send.message("Handover at 7, theatre list attached.")
        await h.send.message(f"ID {SA_ID}")
        await h.settle()
        assert await h.store.job_states("slack") == {"done": 2, "done:clean": 1, "done:nudged": 1}
    assert SA_ID.encode() not in _db_bytes(tmp_path / "d.db")


def _exec(db: Path, sql: str, args: tuple = ()) -> None:
    con = sqlite3.connect(db, timeout=10)
    try:
        con.execute(sql, args)
        con.commit()
    finally:
        con.close()


async def test_an_event_that_cannot_be_recorded_gets_a_5xx_and_its_retry_is_nudged(tmp_path, fake_api, session):
    db = tmp_path / "d.db"
    async with running_app(fake_api, db, session) as h:
        # (in a thread: the app's own transactions need this event loop to reach their commit)
        await asyncio.to_thread(_exec, db, "ALTER TABLE jobs RENAME TO jobs_away")  # the job cannot be written
        event = h.send.message_event(f"Bed 2 ID {SA_ID}")
        status, _ = await h.send.event(event, event_id="Ev0NOSTORE1")
        assert status >= 500  # no 200 for what is not recorded: Slack will send it again
        await h.settle()
        assert h.nudges() == []
        await asyncio.to_thread(_exec, db, "ALTER TABLE jobs_away RENAME TO jobs")
        status, _ = await h.send.event(event, event_id="Ev0NOSTORE1", retry_num=1)
        assert status == 200
        await h.settle()
        assert len(h.nudges()) == 1
