"""Telegram group messages as jobs (ids only): an update re-delivered after a
crash left it unfinished is handled again (its old de-duplication claim no
longer drops it); one that is not re-delivered is reported as lost, without
text. Real store, real python-telegram-bot against the fake Bot API."""

from __future__ import annotations

import logging
import socket
import sqlite3
import time

from discreet.bots.store import Job
from discreet.bots.telegram.durable import LOST_AFTER_S, TelegramJobs
from tests.bots.test_telegram_e2e import FLAGGED, STARTED, _start, _stop, tg  # noqa: F401  (tg: a fixture)

DEAD = f"{socket.gethostname().replace(':', '_')}:{2 ** 22 + 4242}:deadbeef"  # a pid that does not run


async def test_an_update_left_unfinished_by_a_crash_is_handled_again_when_redelivered(tg, tmp_path):  # noqa: F811
    await tg.say(STARTED, FLAGGED)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))
    await tg.settle()
    nudges_before = len(tg.fake.sent_to(STARTED["id"]))
    await _stop(tg)
    # as if the worker had died while checking it: the job is there, unfinished, its owner gone
    con = sqlite3.connect(tg.db)
    changed = con.execute("UPDATE jobs SET state = 'pending', outcome = NULL, done_at = NULL, owner = ?,"
                          " lease_until = ? WHERE platform = 'telegram' AND outcome = 'handled'"
                          " AND message_id = (SELECT MIN(CAST(message_id AS INTEGER)) FROM jobs"
                          " WHERE platform = 'telegram')", (DEAD, time.time() + 3600)).rowcount
    con.commit()
    con.close()
    assert changed == 1
    tg.fake.redeliver()  # Telegram serves the unconfirmed updates again
    restarted = await _start(tmp_path, tg.fake, tg.logs)
    tg.task, tg.store, tg.service = restarted.task, restarted.store, restarted.service
    await tg.settle()
    assert len(tg.fake.sent_to(STARTED["id"])) == nudges_before + 1  # that one, and nothing else, again
    states = await tg.store.job_states("telegram")
    assert states.get("pending", 0) == 0 and states["done"] == states["done:handled"]
    assert any("re-delivered after a crash" in line for line in tg.logs)


async def test_a_job_a_dead_worker_left_and_telegram_did_not_redeliver_is_reported_lost(store, caplog):
    caplog.set_level(logging.INFO)
    assert await store.add_job(Job("telegram", "1:77", "-1001", "55", "7001", created_at=time.time()), DEAD,
                               time.time() + 3600)
    jobs = TelegramJobs(store)
    assert await jobs.sweep_lost() == 0  # too soon after start-up: re-delivery gets its chance first
    jobs.started -= LOST_AFTER_S + 1
    assert await jobs.claim("1:79", "-1001", "57", "7001")  # a job of this live worker, in hand
    assert await jobs.sweep_lost() == 1
    assert await store.job_states("telegram") == {"done": 1, "done:lost": 1, "pending": 1}
    [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "message 55 in chat -1001" in warning and "could not be checked" in warning
