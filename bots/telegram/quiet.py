"""Keep update bodies out of python-telegram-bot's and tornado's logs.

The library logs whole update bodies in places: its webhook handler writes
an update it cannot parse, message text included, at CRITICAL, which a
WARNING floor lets through. :class:`WithholdPayloads` sits on every
``telegram.*`` and ``tornado.*`` logger (a logger's own filters see every
record it creates, whatever handlers are attached later) and rewrites each
record so that only the library's fixed wording, numbers (update ids, status
codes) and the exception's class reach a handler.
"""

from __future__ import annotations

import logging
import re

PREFIXES = ("telegram", "tornado")
WITHHELD = "[withheld]"
_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")


def _safe(arg: object) -> bool:
    return isinstance(arg, (int, float)) and not isinstance(arg, bool) or arg is None


class WithholdPayloads(logging.Filter):
    """Numbers pass; every other argument and any exception detail is withheld."""

    def filter(self, record: logging.LogRecord) -> bool:
        template = str(record.msg)
        args = record.args if isinstance(record.args, tuple) else (() if not record.args else None)
        if args is None:  # a mapping of named arguments: withhold them all
            template, args = _SPEC.sub(WITHHELD, template), ()
        elif args:
            it = iter(args)

            def one(m: re.Match) -> str:
                if m.group(0) == "%%":
                    return "%"
                arg = next(it, None)
                return str(arg) if _safe(arg) else WITHHELD

            template = _SPEC.sub(one, template)
        if record.exc_info and record.exc_info[0] is not None:
            template = f"{template} [{record.exc_info[0].__name__}]"
        record.msg, record.args = template, ()
        record.exc_info = record.exc_text = record.stack_info = None
        return True


def withhold_library_payloads() -> None:
    """Put the filter on every logger of the two libraries that exists now
    (they are created when their modules are imported)."""
    names = [n for n in list(logging.root.manager.loggerDict) if n.split(".")[0] in PREFIXES]
    for name in {*names, "telegram.ext.Updater", "tornado.application", "tornado.general"}:
        lg = logging.getLogger(name)
        if not any(isinstance(f, WithholdPayloads) for f in lg.filters):
            lg.addFilter(WithholdPayloads())
