"""What an export reader yields: one event at a time, so memory stays flat.

``Msg``     a message to check. ``text`` lives only as long as the check.
``Skip``    a file (or part of one) the reader could not use; ``reason``
            never quotes the file's content.
``Tick``    a unit of progress: one file read (``files``) and/or a fraction of
            the export read (``fraction``), for the progress bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(slots=True)
class Msg:
    channel: str  # display name: "#general", "DM D0123", a Telegram group's title
    channel_id: str
    when: str  # ISO 8601 ("" when the platform gave none we could read)
    month: str  # "YYYY-MM" or "unknown"
    author: str  # the platform's own id: Slack "U0123", Telegram "user123"
    message_id: str  # Slack ts, Telegram message id
    link: str  # "" when no link can be built
    text: str


@dataclass(slots=True)
class Skip:
    name: str  # the file's path inside the export
    reason: str


@dataclass(slots=True)
class Tick:
    files: int = 0
    fraction: float | None = None


def iso_from_unix(value) -> tuple[str, str]:
    """Seconds since the epoch (number or string) -> (ISO UTC, "YYYY-MM")."""
    try:
        dt = datetime.fromtimestamp(float(value), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return "", "unknown"
    return dt.isoformat(timespec="seconds").replace("+00:00", "Z"), dt.strftime("%Y-%m")


def name_parts(full: str) -> set[str]:
    """A colleague's name as the checker's staff list takes it: the full name
    and each word of it (so "Sarah" alone is also a colleague)."""
    full = " ".join(full.split())
    if not full:
        return set()
    return {full, *(w for w in full.split(" ") if len(w) > 1)}
