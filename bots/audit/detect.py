"""Which platform wrote this export."""

from __future__ import annotations

from .container import Container, ExportError, export_root, root_of
from .slack import MARKERS


def detect(path) -> str:
    """"slack" or "telegram"; ``ExportError`` when it is neither."""
    box = Container(path)
    try:
        if box.is_file:
            with box.open(box.names()[0]) as fh:
                head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
            if head.startswith(b"{"):
                return "telegram"  # result.json; a Slack export is never one file
            raise ExportError(f"{path}: neither a Slack export (folder or zip) nor a Telegram result.json")
        names = box.names()
        slack, telegram = root_of(names, MARKERS), root_of(names, ("result.json",))
        if slack is not None and (telegram is None or slack.count("/") <= telegram.count("/")):
            export_root(box, names, MARKERS, path)
            return "slack"
        if telegram is not None:
            export_root(box, names, ("result.json",), path)
            return "telegram"
        raise ExportError(f"{path}: no channels.json/users.json (Slack) or result.json (Telegram) found")
    finally:
        box.close()
