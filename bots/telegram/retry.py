"""Calls to the Bot API, retried: network errors and timeouts back off
exponentially. Flood control (HTTP 429 ``RetryAfter``) is python-telegram-bot's
own ``AIORateLimiter`` (set on the Application, extra ``rate-limiter``): it
waits ``retry_after`` out, holds every other request meanwhile, and keeps under
Telegram's limits (30 messages/s overall, 20/min per group) in the first place.
A ``RetryAfter`` that reaches this function has outlasted the limiter's retries
and is raised. Errors that retrying cannot fix (``BadRequest``, ``Forbidden``,
...) are raised at once. Logs carry the method name and exception class only.
"""

from __future__ import annotations

import asyncio
import logging

from telegram.error import BadRequest, NetworkError, RetryAfter

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
            log.warning("telegram %s: %s, retrying in %.1fs (attempt %d)", name, type(e).__name__, delay, attempt)
        await asyncio.sleep(delay)
