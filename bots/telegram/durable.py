"""Telegram group messages as durable jobs (ids only, never text).

The update's job is recorded where the update was de-duplicated before
(``TelegramBot.dedup``), and finished when the watched-message handler is
done with it. That changes two things:

- a *re-delivered* update (Telegram sends it again when the process died
  before its offset was confirmed) is handled again when its job was left
  unfinished by a worker that died; before, its ``seen_events`` claim made it
  look handled, and it was dropped;
- a message that was in flight at a crash and is *not* re-delivered is no
  longer silent: the sweep finds its job (lease run out, or owner dead) and
  finishes it as ``lost``, with a warning naming its chat and message id.
  Telegram cannot give the text back, so it cannot be checked after all; see
  docs/telegram.md for the window that remains.
"""

from __future__ import annotations

import logging
import time

from discreet.bots.jobs import JobQueue
from discreet.bots.store import Job

PLATFORM = "telegram"
LOST_AFTER_S = 60.0  # a dead worker's job is declared lost after this (re-delivery gets a chance first)

log = logging.getLogger("discreet.telegram")


class TelegramJobs:
    def __init__(self, store):
        self.queue = JobQueue(store, PLATFORM)
        self.started = time.monotonic()

    async def claim(self, key: str, chat: str, message_id: str, user: str, *, edited: bool = False,
                    thread: str | None = None) -> bool:
        """True when this worker should handle the update: its job is new, or
        it was left unfinished by a dead worker (the update was re-delivered)."""
        job = Job(PLATFORM, key, str(chat), str(message_id), str(user), thread, None, edited, time.time())
        if await self.queue.add(job):
            return True
        taken = await self.queue.claim(1, key=key)
        if taken:
            log.info("telegram: update %s re-delivered after a crash; handling it again", key)
        return bool(taken)

    async def finish(self, key: str, outcome: str) -> None:
        await self.queue.store.finish_job(PLATFORM, key, outcome)

    async def sweep_lost(self) -> int:
        """Finish, as ``lost``, jobs a dead worker left and Telegram did not
        re-deliver (their text is gone). Returns how many."""
        if time.monotonic() - self.started < LOST_AFTER_S:
            return 0
        q = self.queue
        await q.store.renew_jobs(PLATFORM, q.owner, time.time() + q.lease_s)  # ours are in hand, not lost
        n = 0
        for job in await self.queue.claim(256):
            await self.queue.finish(job, "lost")
            log.warning("telegram: message %s in chat %s was in flight at a crash and was not re-delivered; "
                        "it could not be checked", job.message_id, job.channel,
                        extra={"platform": PLATFORM, "chat": job.channel, "outcome": "lost"})
            n += 1
        return n
