"""Calls to the Bot API, retried: network errors and timeouts back off
exponentially. Flood control (HTTP 429 ``RetryAfter``) is the Application's
rate limiter (``ratelimit.PerChatRateLimiter``): it waits ``retry_after`` out
for that chat only, and keeps under Telegram's limits (30 messages/s overall,
20/min per group) in the first place.
A ``RetryAfter`` that reaches this function has outlasted the limiter's retries
and is raised. Errors that retrying cannot fix (``BadRequest``, ``Forbidden``,
...) are raised at once. Logs carry the method name and exception class only.
"""

from __future__ import annotations

import asyncio
import logging

from telegram.error import BadRequest, NetworkError, RetryAfter

from discreet.bots.metrics import ACTIVE

log = logging.getLogger("discreet.telegram")

ATTEMPTS = 5
BASE_DELAY_S = 0.5
MAX_DELAY_S = 60.0


async def call(fn, *args, attempts: int = ATTEMPTS, **kwargs):
    """``await fn(*args, **kwargs)`` with retries; re-raises the last error."""
    name = getattr(fn, "__name__", "call")
    for attempt in range(1, attempts + 1):
        try:
            return await fn(*args, **kwargs)
        except (RetryAfter, BadRequest):  # RetryAfter: the rate limiter already waited it out
            raise
        except NetworkError as e:  # includes TimedOut
            if attempt == attempts:
                raise
            delay = min(BASE_DELAY_S * 2 ** (attempt - 1), MAX_DELAY_S)
            metrics = ACTIVE.get()
            if metrics is not None:
                metrics.api_retry("telegram")
            log.warning("telegram %s: %s, retrying in %.1fs (attempt %d)", name, type(e).__name__, delay, attempt)
        await asyncio.sleep(delay)


_POLL_DOC = """An ``HTTPXRequest`` for ``getUpdates`` alone that retries a 5xx answer or a lost connection at
    once, a few times with a short jittered backoff, before the library sees
    the error. The library's own loop waits at least a second after any
    failed poll, so without this every passing fault on ``getUpdates`` delays
    every chat by a second or more. Retrying a poll is safe: its offset says
    which updates are wanted."""
POLL_RETRIES = 3
POLL_BASE_DELAY_S = 0.1


def poll_request(metrics=None):
    import random  # noqa: PLC0415

    from telegram.error import NetworkError
    from telegram.request import HTTPXRequest

    class _PollRequest(HTTPXRequest):
        async def do_request(self, *args, **kwargs):
            for attempt in range(POLL_RETRIES + 1):
                last = attempt == POLL_RETRIES
                if attempt and metrics is not None:
                    metrics.api_retry("telegram")
                try:
                    status, payload = await super().do_request(*args, **kwargs)
                except NetworkError:
                    if metrics is not None:
                        metrics.api_error("telegram", "network")
                    if last:
                        raise
                else:
                    if status >= 400 and metrics is not None:
                        metrics.api_error("telegram", "429" if status == 429 else f"{status // 100}xx")
                    if status < 500 or last:
                        return status, payload
                await asyncio.sleep(POLL_BASE_DELAY_S * 2 ** attempt * (0.5 + random.random()))
            raise AssertionError("unreachable")

    _PollRequest.__doc__ = _POLL_DOC
    return _PollRequest(connection_pool_size=1)
