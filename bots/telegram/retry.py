"""Calls to the Bot API, retried: flood control (``RetryAfter``) is waited
out as Telegram asks; network errors and timeouts back off exponentially.
Errors that retrying cannot fix (``BadRequest``, ``Forbidden``, ...) are
raised at once. Logs carry the method name and exception class only.
"""

from __future__ import annotations

import asyncio
import logging
import warnings

from telegram.error import BadRequest, NetworkError, RetryAfter

log = logging.getLogger("discreet.telegram")

ATTEMPTS = 5
BASE_DELAY_S = 0.5
MAX_DELAY_S = 60.0


def retry_after_s(err: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ra = err.retry_after
    return float(ra.total_seconds()) if hasattr(ra, "total_seconds") else float(ra)


async def call(fn, *args, attempts: int = ATTEMPTS, **kwargs):
    """``await fn(*args, **kwargs)`` with retries; re-raises the last error."""
    name = getattr(fn, "__name__", "call")
    for attempt in range(1, attempts + 1):
        try:
            return await fn(*args, **kwargs)
        except RetryAfter as e:
            if attempt == attempts:
                raise
            delay = min(retry_after_s(e), MAX_DELAY_S)
            log.warning("telegram %s: flood control, retrying in %.1fs (attempt %d)", name, delay, attempt)
        except BadRequest:
            raise
        except NetworkError as e:  # includes TimedOut
            if attempt == attempts:
                raise
            delay = min(BASE_DELAY_S * 2 ** (attempt - 1), MAX_DELAY_S)
            log.warning("telegram %s: %s, retrying in %.1fs (attempt %d)", name, type(e).__name__, delay, attempt)
        await asyncio.sleep(delay)
