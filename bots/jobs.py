"""Durable jobs: one row per message, written before the platform gets its
ack, finished when the message's outcome is known. No text in it.

    queue = JobQueue(store, "slack")
    if await queue.add(job):            # before the ack; False for a retried event
        ... check the text held in memory, deliver, then:
        await queue.finish(job, "nudged", nudge=queue.nudge_row(service, out))
    # after a crash (start-up), or when another worker's lease ran out:
    for job in await queue.claim():     # fetch the text again from the platform
        ...

A job is *leased* by one worker (``owner`` = host:pid:token) until
``lease_until``; a live worker renews its leases every ``LEASE_S / 3``
seconds (``heartbeat``), so a job it holds is never taken by another. A job
whose lease ran out is free for any worker; on the same host, a job whose
owner process is gone (its pid no longer runs, or is this very pid with
another token: a restarted container) is free at once, so a restart takes
up what its predecessor left without waiting for the lease.

Outcomes (``jobs.outcome``): ``clean`` (nothing found), ``nudged`` (the
platform accepted the nudge; the audit row is written in the same
transaction), ``thanked``, ``off`` (monitoring off), ``gone`` (the message was
deleted meanwhile), ``refused:<code>`` (the platform refused for good:
user gone, channel archived...), ``skipped`` (not a person's message after
all), ``failed`` (gave up after ``MAX_ATTEMPTS``), ``gave_up`` (``purge``:
still unfinished after a day).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time

from .store import Job

LEASE_S = 60.0  # a job's lease; renewed every LEASE_S / 3 while its worker lives
POLL_S = 5.0  # how often a worker looks for jobs to take up
MAX_ATTEMPTS = 12  # then the job is finished as "failed" (logged)
CLAIM_BATCH = 32

log = logging.getLogger("discreet.jobs")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class JobQueue:
    def __init__(self, store, platform: str, *, lease_s: float = LEASE_S):
        self.store, self.platform, self.lease_s = store, platform, lease_s
        self.host = socket.gethostname().replace(":", "_")
        self.owner = f"{self.host}:{os.getpid()}:{secrets.token_hex(4)}"

    # -- ownership ------------------------------------------------------------

    def dead(self, owner: str) -> bool:
        """True when ``owner`` surely died: same host, and its pid no longer
        runs (or is ours, under another token). Other hosts: only its lease tells."""
        host, _, rest = owner.partition(":")
        pid, _, token = rest.partition(":")
        if host != self.host or not pid.isdigit() or owner == self.owner:
            return False
        return int(pid) == os.getpid() or not _alive(int(pid))

    # -- the queue ------------------------------------------------------------

    async def add(self, job: Job) -> bool:
        return await self.store.add_job(job, self.owner, time.time() + self.lease_s)

    async def claim(self, limit: int = CLAIM_BATCH, key: str | None = None) -> list[Job]:
        """Jobs free to take (a dead worker's, a lapsed lease, a deferred job
        now due), leased to this worker; only ``key`` if given."""
        owners = await self.store.job_owners(self.platform)
        dead = [o for o in owners if self.dead(o)]
        return await self.store.claim_jobs(self.platform, self.owner, time.time() + self.lease_s, limit, dead,
                                           key=key)

    async def finish(self, job: Job, outcome: str, nudge: tuple | None = None) -> bool:
        done = await self.store.finish_job(self.platform, job.key, outcome, nudge)
        log.debug("job done: platform=%s job=%s outcome=%s", self.platform, job.key, outcome)
        return done

    async def release(self, job: Job, delay_s: float) -> bool:
        """Back to the queue: taken up again (the text fetched anew) after ``delay_s``."""
        return await self.store.release_job(self.platform, job.key, self.owner, time.time() + delay_s)

    @staticmethod
    def nudge_row(service, out) -> tuple:
        """The audit row of a delivered nudge (no text): for ``finish``."""
        return (out.nudge_id, out.channel, service.user_hash(out.platform, out.user), out.findings,
                service.message_key(out.platform, out.channel, out.message_id))

    async def heartbeat(self) -> None:
        """Renew this worker's leases until cancelled."""
        while True:
            await asyncio.sleep(self.lease_s / 3)
            with contextlib.suppress(Exception):
                await self.store.renew_jobs(self.platform, self.owner, time.time() + self.lease_s)

    async def states(self) -> dict[str, int]:
        return await self.store.job_states(self.platform)


def backoff(attempt: int, base: float = 0.5, cap: float = 30.0, rng=None) -> float:
    """Exponential backoff with full jitter: a random delay in [0, min(cap, base * 2**attempt)]."""
    import random
    r = rng or random
    return r.uniform(0, min(cap, base * (2 ** min(attempt, 16))))


__all__ = ["JobQueue", "Job", "LEASE_S", "POLL_S", "MAX_ATTEMPTS", "backoff"]

