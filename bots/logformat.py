"""How log lines and terminal messages look: plain text (the default),
JSON lines (``DISCREET_LOG_FORMAT=json``), and colour only on a terminal.

JSON: one object a line with ``time`` (UTC, ISO 8601), ``level``,
``logger``, ``message``, and the ids the message already names as
``key=value`` (``platform``, ``channel``, ``nudge``, ``event``,
``outcome``...) as fields of their own, as well as those a call passes in
``extra=`` (``ID_FIELDS``); a field named like one of the four gets
``_id`` appended (``message=...`` becomes ``message_id``). Nothing is
added that the text line does not hold: the same withholding of content as
the text format (message text never reaches a log in the first place; the
library loggers keep their WARNING floor and filters).

Colour: only when the stream is a terminal and ``NO_COLOR`` is not set
(https://no-color.org), and never in JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re

RESERVED = ("time", "level", "logger", "message")
# Ids a log call may pass as ``extra=``: copied as fields (they are ids, counts and outcomes, never text).
ID_FIELDS = ("platform", "channel", "chat", "event", "update", "job", "nudge", "attempt", "outcome", "kinds")
_PAIR = re.compile(r"(?<![\w.:/-])([a-z][a-z_]{0,30})=([^\s()]+)")
COLOURS = {"DEBUG": "2", "INFO": "", "WARNING": "33", "ERROR": "31", "CRITICAL": "1;31"}


def use_colour(stream) -> bool:
    """Colour for ``stream``: a terminal, and no ``NO_COLOR`` in the environment."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def paint(text: str, code: str, stream) -> str:
    """``text`` in the ANSI colour ``code`` when ``stream`` takes colour."""
    return f"\033[{code}m{text}\033[0m" if code and use_colour(stream) else text


class JsonFormatter(logging.Formatter):
    """One JSON object a line."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        when = dt.datetime.fromtimestamp(record.created, dt.timezone.utc)
        out: dict = {"time": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                     "level": record.levelname, "logger": record.name, "message": message}
        for key in ID_FIELDS:
            if key in record.__dict__ and record.__dict__[key] is not None:
                out[key] = record.__dict__[key]
        for key, value in _PAIR.findall(message):
            if key in RESERVED:
                key += "_id"
            out.setdefault(key, value.rstrip(",.;:"))
        if record.exc_info:
            out["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            out["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            out["stack"] = self.formatStack(record.stack_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time LEVEL logger: message``; the level in colour on a terminal."""

    def __init__(self, colour: bool = False):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.colour = colour

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        code = COLOURS.get(record.levelname, "")
        if self.colour and code:
            head = f"{record.levelname} {record.name}:"
            line = line.replace(head, f"\033[{code}m{record.levelname}\033[0m {record.name}:", 1)
        return line


def formatter(fmt: str, stream) -> logging.Formatter:
    return JsonFormatter() if fmt == "json" else TextFormatter(colour=use_colour(stream))


__all__ = ["JsonFormatter", "TextFormatter", "formatter", "use_colour", "paint"]
