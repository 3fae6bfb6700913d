"""Telegram's send limits, kept per chat: a rate limiter with the contract of
python-telegram-bot's ``AIORateLimiter`` (every Bot API call passes through
it; flood control is waited out and the call retried), but where one chat's
flood wait holds up only that chat.

``AIORateLimiter`` stops *every* request while any one of them waits out a
429, so a single rate-limited chat delays every nudge in every group. Here:

- overall: at most ``overall_per_s`` calls that name a chat per second (30,
  Telegram's documented ceiling for a bot), as a token bucket;
- per group: at most ``group_per_min`` messages a minute (20), per private
  chat at most one a second on average, each chat on its own bucket;
- a ``RetryAfter`` blocks only the chat it came from (until its time is up,
  plus a little), and the call is retried up to ``max_retries`` times; a call
  with no chat (``getUpdates``, ``getMe``) just waits and retries itself.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import warnings

from telegram.error import RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

log = logging.getLogger("discreet.telegram")

IDLE_EVICT_S = 600.0  # a chat's bucket is forgotten after this long unused


def retry_after_s(err: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 warns that retry_after becomes a timedelta
        ra = err.retry_after
    return float(ra.total_seconds()) if hasattr(ra, "total_seconds") else float(ra)


class _Bucket:
    """A token bucket: ``rate`` tokens a second, at most ``burst`` saved."""

    __slots__ = ("rate", "burst", "tokens", "stamp", "blocked_until")

    def __init__(self, rate: float, burst: float):
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = burst, time.monotonic()
        self.blocked_until = 0.0

    def wait_s(self) -> float:
        """Take a token now, or say how long until one is free (and reserve it)."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        self.tokens -= 1
        wait = 0.0 if self.tokens >= 0 else -self.tokens / self.rate
        return max(wait, self.blocked_until - now)


class PerChatRateLimiter(BaseRateLimiter[int]):
    def __init__(self, overall_per_s: float = 30.0, group_per_min: float = 20.0, private_per_s: float = 1.0,
                 max_retries: int = 4, metrics=None):
        self.metrics = metrics  # bots.metrics: failed calls and retries, counted here (every method but getUpdates)
        self.overall = _Bucket(overall_per_s, overall_per_s)
        self.group_rate, self.private_rate = group_per_min / 60.0, private_per_s
        self.max_retries = max_retries
        self._chats: dict[Any, _Bucket] = {}

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        self._chats.clear()

    def _chat(self, chat_id: Any) -> _Bucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) > 10_000:  # forget idle chats: bounded memory
                cutoff = time.monotonic() - IDLE_EVICT_S
                self._chats = {k: b for k, b in self._chats.items() if b.stamp > cutoff}
            group = isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)
            # a group may send a few at once then 20 a minute; a private chat about one a second
            bucket = _Bucket(self.group_rate, 3.0) if group else _Bucket(self.private_rate, 3.0)
            self._chats[chat_id] = bucket
        return bucket

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        chat_id = data.get("chat_id")
        try:
            chat_id = int(chat_id)
        except (TypeError, ValueError):
            pass
        retries = rate_limit_args or self.max_retries
        for attempt in range(retries + 1):
            if chat_id is not None:
                bucket = self._chat(chat_id)
                wait = max(bucket.wait_s(), self.overall.wait_s())
                if wait > 0:
                    await asyncio.sleep(wait)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as e:
                self._count(e)
                if attempt == retries:
                    raise
                if self.metrics is not None:
                    self.metrics.api_retry("telegram")
                delay = retry_after_s(e) + 0.1
                if chat_id is not None:
                    b = self._chat(chat_id)
                    b.blocked_until = max(b.blocked_until, time.monotonic() + delay)
                    log.warning("telegram %s: flood control for one chat, retrying in %.1fs", endpoint, delay)
                else:
                    log.warning("telegram %s: flood control, retrying in %.1fs", endpoint, delay)
                    await asyncio.sleep(delay)
            except TelegramError as e:
                self._count(e)
                raise
        raise AssertionError("unreachable")

    def _count(self, e: Exception) -> None:
        if self.metrics is not None:
            self.metrics.api_error("telegram", error_outcome(e))


def error_outcome(e: Exception) -> str:
    """A Bot API failure as a metrics outcome: 429, network, forbidden, bad_request, unauthorized, error."""
    from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError

    if isinstance(e, RetryAfter):
        return "429"
    if isinstance(e, Forbidden):
        return "forbidden"
    if isinstance(e, InvalidToken):
        return "unauthorized"
    if isinstance(e, BadRequest):
        return "bad_request"
    if isinstance(e, NetworkError):
        return "network"
    return "error"
