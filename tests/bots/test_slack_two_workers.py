"""Two ``discreet slack`` processes on one PostgreSQL, behind a round-robin
proxy, as a hospital group would run them.

Slack's side is real HTTP: signed events spread over both workers through
the proxy, and Slack's retries (``X-Slack-Retry-Num``) sent to the *other*
worker, at the same moment as the original. Every identifier is nudged
exactly once at the fake Slack Web API; ``/discreet off`` through one worker
holds on the other for the next message; a worker SIGKILLed with nudges in
flight leaves them to the other, which finishes each exactly once. Then the
database (every row, and the cluster's files when the cluster is the
tests' own) and both workers' logs are searched for the identifiers and the
words of the messages: nothing.

Only synthetic people and numbers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from discreet import core
from tests.bots.test_slack_durable import _free_port, _healthy
from tests.bots.test_slack_e2e import ADMIN, AUTHOR, CHANNEL
from tests.bots.test_store import dump, fetch
from tests.fakes.proxy import Proxy
from tests.fakes.slack_api import SIGNING_SECRET, TOKEN, FakeSlackAPI, SlackSender
from tests.pgcluster import data_bytes

ROOT = Path(__file__).resolve().parents[2]
WORDS = (b"sepsis", b"Bed 1", b"handover")  # words of the messages: never stored, never logged


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def synthetic_ids(n: int, seed: int = 13) -> list[str]:
    """``n`` distinct SA ID numbers with valid dates and checksums, no real person's."""
    r, out = random.Random(seed), []
    while len(out) < n:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=r.randint(0, 50 * 365))
        body = born.strftime("%y%m%d") + f"{r.randint(0, 9999):04d}" + "08"
        sa = body + _luhn_digit(body)
        if sa not in out:
            out.append(sa)
    return out


IDS = synthetic_ids(24)
pytestmark = pytest.mark.skipif(not all(core.check(f"pt ID {i}") for i in IDS[:3]),
                                reason="the SA ID detector is not in core yet")


class PinnedSender(SlackSender):
    """``SlackSender`` through the proxy, optionally pinned to one worker."""

    async def post(self, body, content_type, *, upstream: int | None = None, **kw):
        if upstream is None:
            return await super().post(body, content_type, **kw)
        from tests.fakes.slack_api import signed_headers
        headers = signed_headers(self.secret, body, content_type=content_type, retry_num=kw.get("retry_num"))
        headers["X-Test-Upstream"] = str(upstream)
        async with self.session.post(self.url, data=body.encode(), headers=headers) as resp:
            await resp.read()
            return resp.status, resp.headers.get("X-Upstream")

    async def event_to(self, event: dict, event_id: str, upstream: int, retry_num: int | None = None):
        if self.api is not None:
            self.api.remember(event)
        body, _ = self.event_body(event, event_id)
        return await self.post(body, "application/json", upstream=upstream, retry_num=retry_num)

    async def command_to(self, upstream: int, command: str, text: str, user: str) -> str:
        from urllib.parse import urlencode
        hook = f"cmd{self._next()}"
        form = {"token": "unused", "team_id": self.team, "channel_id": CHANNEL, "channel_name": "ward",
                "user_id": user, "user_name": "someone", "command": command, "text": text,
                "api_app_id": "A0DISCRT", "trigger_id": f"trig.{hook}", "response_url": self.api.response_url(hook)}
        status, _ = await self.post(urlencode(form), "application/x-www-form-urlencoded", upstream=upstream)
        assert status == 200
        await self.api.wait_until(lambda: self.api.hook_posts(hook), timeout=30)
        return str(self.api.hook_posts(hook)[0])


async def _jobs(url: str) -> dict[str, tuple]:
    return {k: (s, o, a) for k, s, o, a in await fetch(url, "SELECT key, state, outcome, attempt FROM jobs")}


async def _until(predicate, what: str, timeout: float = 60) -> None:
    for _ in range(int(timeout * 10)):
        if await predicate():
            return
        await asyncio.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


async def test_two_workers_on_one_postgresql(tmp_path, pg_url):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "TELEGRAM_", "DISCREET_")) and k != "PORT"}
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / "w0.log", tmp_path / "w1.log"]
    workers: list[asyncio.subprocess.Process | None] = [None, None]
    async with FakeSlackAPI() as api, aiohttp.ClientSession() as session:
        env.update(PYTHONPATH=str(ROOT), DISCREET_DB=pg_url, DISCREET_SECRET="k" * 32, DISCREET_LOG_LEVEL="DEBUG",
                   DISCREET_ADMINS="", SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                   SLACK_API_URL=api.base_url)

        async def start(n: int):
            out = open(logs[n], "ab")
            try:
                return await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "discreet.bots.cli", "slack", env={**env, "PORT": str(ports[n])},
                    cwd=tmp_path, stdout=out, stderr=out)
            finally:
                out.close()

        try:
            workers = list(await asyncio.gather(start(0), start(1)))  # both migrate at once: the advisory lock
            for n in (0, 1):
                await _healthy(session, f"http://127.0.0.1:{ports[n]}", workers[n])
            async with Proxy([f"http://127.0.0.1:{p}" for p in ports]) as proxy:
                send = PinnedSender(session, proxy.url + "/slack/events", api=api)

                # 1. events spread over both workers; each one's retry to the other, at the same moment
                first = IDS[:16]
                served = []
                for i, sa in enumerate(first):
                    event = send.message_event(f"Bed {i + 1}: pt ID {sa}, query sepsis", user=AUTHOR)
                    key = f"Ev0TWO{i:05d}"
                    w = i % 2
                    (s1, u1), (s2, u2) = await asyncio.gather(send.event_to(event, key, w),
                                                              send.event_to(event, key, 1 - w, retry_num=1))
                    assert (s1, s2) == (200, 200) and {u1, u2} == {"0", "1"}
                    served.append(w)
                # and a later retry, through the round robin
                for i, sa in enumerate(first[:4]):
                    event = send.message_event(f"Bed {i + 1}: pt ID {sa}, query sepsis", user=AUTHOR)
                    assert (await send.event(event, f"Ev0TWO{i:05d}", retry_num=2))[0] == 200
                await _until(lambda: _all_done(pg_url, len(first)), "the first jobs")
                assert len(api.calls_to("chat.postEphemeral")) == len(first)  # exactly once each
                assert proxy.served[0] >= len(first) and proxy.served[1] >= len(first)
                jobs = await _jobs(pg_url)
                assert {v[:2] for v in jobs.values()} == {("done", "nudged")}
                assert {v[2] for v in jobs.values()} == {1}  # never taken up twice

                # 2. /discreet off through one worker holds on the other for the next message
                await send.command_to(0, "/discreet", "off", ADMIN)
                assert "Monitoring is OFF" in await send.command_to(1, "/discreet", "status", AUTHOR)
                off_event = send.message_event(f"Bed 9: pt ID {IDS[16]}, handover", user=AUTHOR)
                assert (await send.event_to(off_event, "Ev0TWOOFF01", 1))[0] == 200
                await _until(lambda: _done(pg_url, "Ev0TWOOFF01"), "the job under monitoring off")
                assert (await _jobs(pg_url))["Ev0TWOOFF01"][:2] == ("done", "clean")  # not checked: off
                assert len(api.calls_to("chat.postEphemeral")) == len(first)
                await send.command_to(1, "/discreet", "on", ADMIN)
                assert "Monitoring is ON" in await send.command_to(0, "/discreet", "status", AUTHOR)
                on_event = send.message_event(f"Bed 10: pt ID {IDS[17]}, handover", user=AUTHOR)
                assert (await send.event_to(on_event, "Ev0TWOON001", 0))[0] == 200
                await _until(lambda: _done(pg_url, "Ev0TWOON001"), "the job under monitoring on")
                assert len(api.calls_to("chat.postEphemeral")) == len(first) + 1

                # 3. SIGKILL worker 0 with nudges in flight: worker 1 finishes them, exactly once
                api.hold("chat.postEphemeral")
                doomed = IDS[18:24]
                events = []
                for i, sa in enumerate(doomed):
                    event = send.message_event(f"Bed {20 + i}: pt ID {sa}, query sepsis", user=AUTHOR)
                    events.append(event)
                    assert (await send.event_to(event, f"Ev0KILL{i:04d}", 0))[0] == 200
                await api.wait_until(lambda: len(api.held) == len(doomed), timeout=30)  # all on the wire
                workers[0].kill()  # SIGKILL: no clean-up of any kind
                await workers[0].wait()
                assert workers[0].returncode == -signal.SIGKILL
                left = await _jobs(pg_url)
                assert all(left[f"Ev0KILL{i:04d}"][0] == "pending" for i in range(len(doomed)))  # not forgotten
                api.release()  # the held calls' client is dead: never answered, never counted
                # Slack retries them, to the worker still there: still one nudge each
                for i, event in enumerate(events):
                    assert (await send.event_to(event, f"Ev0KILL{i:04d}", 1, retry_num=1))[0] == 200
                await _until(lambda: _all_done(pg_url, len(first) + 2 + len(doomed)), "the dead worker's jobs")
                assert len(api.calls_to("chat.postEphemeral")) == len(first) + 1 + len(doomed)
                jobs = await _jobs(pg_url)
                assert {jobs[f"Ev0KILL{i:04d}"] for i in range(len(doomed))} == {("done", "nudged", 2)}
        finally:
            for w in workers:
                if w is not None and w.returncode is None:
                    w.send_signal(signal.SIGTERM)
            for w in workers:
                if w is not None:
                    await asyncio.wait_for(w.wait(), 30)
        assert workers[1].returncode == 0
    assert (await fetch(pg_url, "SELECT COUNT(*) FROM nudges"))[0][0] == len(first) + 1 + len(doomed)
    log_text = b"".join(p.read_bytes() for p in logs)
    assert b"taking up event Ev0KILL0000" in logs[1].read_bytes()
    files = data_bytes()  # the cluster's own files (tables, WAL), when the cluster is ours
    assert not files or b"Ev0KILL0000" in files
    stored = await dump(pg_url) + files
    assert b"Ev0KILL0000" in stored  # the dump holds the rows
    for needle in [i.encode() for i in IDS] + list(WORDS):
        assert needle not in stored, needle
        assert needle not in log_text, needle


async def _done(url: str, key: str) -> bool:
    return (await _jobs(url)).get(key, ("pending",))[0] == "done"


async def _all_done(url: str, n: int) -> bool:
    jobs = await _jobs(url)
    return len(jobs) == n and all(v[0] == "done" for v in jobs.values())
