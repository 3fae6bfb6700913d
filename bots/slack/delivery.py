"""Slack messages seen through to an outcome: durable jobs, Web API calls
with a budget in time, and the text fetched again after a crash.

The listener records a job (``bots.jobs``: ids only, never text) *before*
Slack gets its 200, then checks the text it holds in memory in a background
task. The job is finished when the outcome is known: nothing found, the
nudge accepted by Slack (the audit row is written in that same transaction),
or refused for good. A job whose worker died is taken up by the next worker
to start (or, with several workers, by any worker once its lease ran out),
which fetches the text again with ``conversations.history``
(``latest``=ts, ``inclusive``, ``limit=1``) or, for a thread reply,
``conversations.replies``; a message deleted meanwhile needs no nudge.

Each Web API call gets a budget in time, not a count shared between kinds
of failure: a 429 waits for its Retry-After, a 5xx, an ``ok: false`` that is
not a refusal, a dropped connection or a timeout backs off exponentially
with full jitter, until ``DELIVERY_BUDGET_S`` is spent; then the job goes
back to the queue (``Deferred``) and is tried again later, its text fetched
anew. A refusal for good (``user_not_in_channel``, ``channel_not_found``,
``is_archived``...) finishes the job as ``refused:<code>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import random
import time
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from discreet.bots.jobs import MAX_ATTEMPTS, POLL_S, JobQueue, backoff
from discreet.bots.store import Job

from . import render

PLATFORM = "slack"

DELIVERY_BUDGET_S = 300.0  # per call: retries stop after this long, then the job is re-queued
CALL_TIMEOUT_S = 15.0  # one HTTP request to the Web API
DEFER_S = 60.0  # a re-queued job waits at least this long
AUTH_DEFER_S = 300.0  # the token or a scope is refused: nothing per message to fix; try much later
MAX_RECOVERING = 16  # jobs taken up from the queue and running at once (new events keep the rest)

# Slack's answers meaning "never, for this message".
REFUSED = frozenset({
    "user_not_in_channel", "channel_not_found", "is_archived", "user_not_found", "account_inactive",
    "not_in_channel", "user_disabled", "restricted_action", "invalid_arguments", "cannot_dm_bot",
    "message_not_found", "thread_not_found", "too_many_attachments", "invalid_blocks", "msg_too_long",
    "no_text", "invalid_ts_latest", "invalid_ts_oldest",
})
# The app itself is refused (token revoked, scope removed): retried much later, logged.
AUTH = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired", "missing_scope",
                  "no_permission", "team_access_not_granted", "ekm_access_denied"})
GONE = frozenset({"message_not_found", "thread_not_found", "channel_not_found", "is_archived"})

log = logging.getLogger("discreet.slack")


class Refused(Exception):
    """Slack refused the call for good (``code``)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class Deferred(Exception):
    """The budget ran out (or the app is refused): try the job again later."""

    def __init__(self, why: str, delay_s: float = DEFER_S):
        super().__init__(why)
        self.why, self.delay_s = why, delay_s


def _code(e: SlackApiError) -> str | None:
    try:
        return e.response.get("error") if e.response is not None else None
    except Exception:  # noqa: BLE001 - a body that was not JSON
        return None


def _retry_after(e: SlackApiError) -> float:
    try:
        return max(0.0, float(e.response.headers.get("Retry-After", 1)))
    except (TypeError, ValueError, AttributeError):
        return 1.0


async def call(fn, *, what: str, budget_s: float | None = None, rng: random.Random | None = None,
               metrics=None, **kwargs) -> Any:
    """``await fn(**kwargs)`` with retries until ``budget_s`` (default
    ``DELIVERY_BUDGET_S``) is spent. Raises ``Refused`` (for good) or
    ``Deferred`` (out of budget, or the app itself is refused). Each retry
    is counted in ``metrics`` (the failures themselves by the client's
    ``CountingHandler``)."""
    deadline = time.monotonic() + (DELIVERY_BUDGET_S if budget_s is None else budget_s)
    attempt = 0
    while True:
        retry_after = 0.0
        try:
            return await fn(**kwargs)
        except SlackApiError as e:
            status, code = getattr(e.response, "status_code", 0), _code(e)
            if status == 429:
                retry_after = _retry_after(e)
                wait, why = retry_after + (rng or random).uniform(0, 0.25), "429"
            elif status == 200 and code in REFUSED:
                raise Refused(code) from None
            elif status == 200 and code in AUTH:
                log.error("slack: %s refused: %s (a token or scope problem); will try again later", what, code)
                raise Deferred(code, AUTH_DEFER_S) from None
            else:  # 5xx, or ok: false of a passing kind (internal_error, fatal_error, request_timeout...)
                wait, why = backoff(attempt, rng=rng), f"{status} {code or ''}".strip()
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as e:
            wait, why = backoff(attempt, rng=rng), type(e).__name__
        attempt += 1
        if time.monotonic() + wait > deadline:
            raise Deferred(f"{what}: {why} after {attempt} tries", max(DEFER_S, retry_after))
        log.debug("slack: %s failed (%s); retry %d in %.2fs", what, why, attempt, wait)
        if metrics is not None:
            metrics.api_retry(PLATFORM)
        await asyncio.sleep(wait)


def plain_client(client: AsyncWebClient, metrics=None) -> AsyncWebClient:
    """A client like ``client`` with no retry handlers of its own (``call``
    retries), only one that counts failures for the metrics."""
    from .app import CountingHandler
    return AsyncWebClient(token=client.token, base_url=client.base_url, logger=client.logger,
                          timeout=CALL_TIMEOUT_S, retry_handlers=[CountingHandler(metrics)] if metrics else [])


async def fetch_message(client: AsyncWebClient, job: Job, budget_s: float | None = None,
                        metrics=None) -> dict | None:
    """The message a job names, as Slack holds it now; None if it was deleted."""
    ts = job.message_id
    try:
        if job.thread_id and job.thread_id != ts:
            resp = await call(client.conversations_replies, what="conversations.replies", budget_s=budget_s,
                              channel=job.channel, ts=job.thread_id, oldest=ts, latest=ts, inclusive=True,
                              limit=2, metrics=metrics)
        else:
            resp = await call(client.conversations_history, what="conversations.history", budget_s=budget_s,
                              channel=job.channel, latest=ts, inclusive=True, limit=1, metrics=metrics)
    except Refused as e:
        if e.code in GONE:
            return None
        raise
    for m in resp.get("messages") or []:
        if isinstance(m, dict) and m.get("ts") == ts:
            return m
    return None


def _ids(job: Job, outcome: str, **more) -> dict:
    """The ids of a job's log line as fields of their own (``DISCREET_LOG_FORMAT=json``); never text."""
    return {"platform": PLATFORM, "channel": job.channel, "event": job.key, "attempt": job.attempt,
            "outcome": outcome, **more}


class SlackJobs:
    """The adapter's durable path for ``message`` events."""

    def __init__(self, adapter, *, poll_s: float = POLL_S, rng: random.Random | None = None):
        self.adapter, self.service = adapter, adapter.service
        self.queue = JobQueue(self.service.store, "slack")
        self.metrics = getattr(adapter, "metrics", None)
        self.client = plain_client(adapter.client, self.metrics)
        self.poll_s, self.rng = poll_s, rng
        self._loops: list[asyncio.Task] = []
        self._recovering: set[str] = set()

    # -- the listener's part: before the ack ----------------------------------

    async def submit(self, inbound, team: str | None) -> bool:
        """Record the job (raises if the store cannot: Slack then gets a 5xx
        and sends the event again), then check it in the background."""
        job = Job("slack", inbound.event_id or f"msg:{inbound.channel}:{inbound.message_id}:{int(inbound.edited)}",
                  inbound.channel, inbound.message_id, inbound.user, inbound.thread_id, team, inbound.edited,
                  time.time())
        if not await self.queue.add(job):
            log.debug("slack: event %s already recorded", job.key)
            return False
        self.adapter.spawn(self.run(job, inbound), "message", job.channel, job.key)
        return True

    # -- one job --------------------------------------------------------------

    async def run(self, job: Job, inbound=None) -> str:
        """See ``job`` through; returns its outcome ("deferred" when re-queued)."""
        try:
            outcome = await self._run(job, inbound)
        except asyncio.CancelledError:
            raise  # shutting down: the job stays leased and is taken up after a restart
        except Deferred as e:
            outcome = await self._again(job, e.why, e.delay_s)
        except Exception as e:  # noqa: BLE001 - a store or checker failure: try later, never lose it
            from .app import _why
            outcome = await self._again(job, _why(e), backoff(job.attempt, base=5.0, cap=600.0, rng=self.rng))
        return outcome

    async def _again(self, job: Job, why: str, delay_s: float) -> str:
        if job.attempt >= MAX_ATTEMPTS:
            log.error("slack: giving up on event %s in %s after %d attempts (%s)", job.key, job.channel,
                      job.attempt, why, extra=_ids(job, "failed"))
            await self.queue.finish(job, "failed")
            return "failed"
        log.warning("slack: event %s in %s deferred (%s); again in %.0fs", job.key, job.channel, why, delay_s,
                    extra=_ids(job, "deferred"))
        await self.queue.release(job, delay_s)
        return "deferred"

    async def _run(self, job: Job, inbound) -> str:
        from .app import NotInstalled, to_inbound
        try:
            client = await self.adapter.client_for(job.team, plain=True)
        except NotInstalled:  # uninstalled meanwhile: nothing can be fetched or sent
            await self.queue.finish(job, "refused:not_installed")
            log.warning("slack: event %s in %s: the team has no install", job.key, job.channel)
            return "refused"
        if inbound is None:  # taken up from the queue: the text is Slack's to give back
            msg = await fetch_message(client, job, metrics=self.metrics)
            if msg is None:
                await self.queue.finish(job, "gone")
                log.info("slack: event %s: the message is gone; no nudge needed", job.key, extra=_ids(job, "gone"))
                return "gone"
            event = {**msg, "channel": job.channel, "channel_type": "channel"}
            inbound = to_inbound(event, job.key)
            if inbound is None:
                await self.queue.finish(job, "skipped")
                return "skipped"
            inbound = dataclasses.replace(inbound, edited=job.edited, thread_id=job.thread_id)
        staff = await self.adapter.staff.get(job.team)
        inbound, mentioned = await self.adapter.decode(inbound, job.team)  # Slack markup -> what was typed
        out = await self.service.evaluate(inbound, staff | mentioned)
        if out is None:
            await self.queue.finish(job, "clean")
            return "clean"
        kwargs: dict[str, Any] = render.message(out.reply)
        if inbound.thread_id:
            kwargs["thread_ts"] = inbound.thread_id
        try:
            await call(client.chat_postEphemeral, what="chat.postEphemeral", rng=self.rng, metrics=self.metrics,
                       channel=out.channel, user=out.user, **kwargs)
        except Refused as e:
            log.error("slack: %s for event %s in %s refused: %s", out.kind, job.key, out.channel, e.code,
                      extra=_ids(job, f"refused:{e.code}"))
            await self.queue.finish(job, f"refused:{e.code}")
            return "refused"
        outcome = "nudged" if out.kind == "nudge" else out.kind
        await self.queue.finish(job, outcome, self.queue.nudge_row(self.service, out) if out.kind == "nudge" else None)
        if out.kind == "nudge" and self.metrics is not None:
            self.metrics.nudge(PLATFORM, out.findings)
        log.info("slack: %s sent in %s (event %s, attempt %d%s)", out.kind, out.channel, job.key, job.attempt,
                 f", {', '.join(out.kinds)}" if out.kinds else "",
                 extra=_ids(job, outcome, nudge=out.nudge_id))
        if out.kind == "nudge" and out.severity == "high" and \
                await self.service.wants_dm(PLATFORM, out.user, self.adapter.config.slack_dm_high):
            try:  # the opt-in copy as a direct message: best effort, the ephemeral note is already out
                await call(self.adapter.dm_nudge, what="chat.postMessage (DM)", rng=self.rng, metrics=self.metrics,
                           out=out, team=job.team)
            except (Refused, Deferred) as e:
                log.warning("slack: the DM copy of a note in %s was not sent (%s)", out.channel,
                            getattr(e, "code", None) or getattr(e, "why", ""))
        return outcome

    # -- taking up what is left -----------------------------------------------

    async def recover_once(self) -> int:
        """Take up the jobs free to take (a dead worker's, a lapsed lease,
        a deferred job now due) and run them in the background."""
        n = 0
        while len(self._recovering) < MAX_RECOVERING:
            jobs = await self.queue.claim(min(32, MAX_RECOVERING - len(self._recovering)))
            if not jobs:
                break
            for job in jobs:
                if job.attempt == 2:
                    log.info("slack: taking up event %s in %s left unfinished", job.key, job.channel)
                self._recovering.add(job.key)
                self.adapter.spawn(self._recover(job), "message", job.channel, job.key)
                n += 1
        return n

    async def _recover(self, job: Job) -> None:
        try:
            await self.run(job)
        finally:
            self._recovering.discard(job.key)

    async def _poll(self) -> None:
        while True:
            try:
                await self.recover_once()
            except asyncio.CancelledError:
                raise
            except Exception as e:  # noqa: BLE001
                log.warning("slack: job queue unavailable (%s)", type(e).__name__)
            await asyncio.sleep(self.poll_s)

    def start(self) -> None:
        if not self._loops:
            self._loops = [asyncio.create_task(self._poll(), name="discreet-slack-jobs"),
                           asyncio.create_task(self.queue.heartbeat(), name="discreet-slack-leases")]

    async def stop(self) -> None:
        loops, self._loops = self._loops, []
        for t in loops:
            t.cancel()
        for t in loops:
            with contextlib.suppress(asyncio.CancelledError):
                await t
