"""Read a Telegram Desktop export (``result.json``), streaming.

Two shapes: one chat ``{name, type, id, messages: [...]}``, or a full
account export ``{personal_information, chats: {list: [chat, ...]},
left_chats: {list: [...]}, ...}``. The file can be gigabytes, so it is never
loaded whole: ``ijson`` (yajl2 C backend) turns it into parse events and only
one message object at a time is built.

Two passes: the first collects the senders' names (colleagues, the
checker's staff list) so a message naming a colleague before that colleague
has posted is not flagged; the second checks the messages.
"""

from __future__ import annotations

from typing import IO, Iterator

import ijson
from ijson.common import ObjectBuilder

from .container import Container, ExportError, export_root
from .model import Msg, Skip, Tick, iso_from_unix, name_parts

CHAT_PREFIXES = ("", "chats.list.item", "left_chats.list.item")
_MSG_PREFIXES = {(p + "." if p else "") + "messages.item": p for p in CHAT_PREFIXES}
_FROM_PREFIXES = frozenset(p + ".from" for p in _MSG_PREFIXES)
_ARRAYS = frozenset(p[: -len(".item")] for p in _MSG_PREFIXES)
_META = {(p + "." if p else "") + k: (p, k) for p in CHAT_PREFIXES for k in ("name", "type", "id")}
# Chats whose messages have a t.me/c/<id>/<msg> link (members can open it).
LINKABLE = frozenset({"private_supergroup", "public_supergroup", "private_channel", "public_channel"})
# A personal chat is named after the other person, who may be a patient.
PERSONAL = frozenset({"personal_chat", "bot_chat", "saved_messages"})
_TICK_EVERY = 2000  # messages between progress ticks


class TelegramExport:
    platform = "telegram"

    def __init__(self, path):
        self.box = Container(path)
        names = self.box.names()
        if self.box.is_file:
            self.name = names[0]
        else:
            root = export_root(self.box, names, ("result.json",), path)
            if root is None:
                raise ExportError(f"{path}: no result.json: not a Telegram Desktop export")
            self.name = root + "result.json"
        self.size = max(1, self.box.size(self.name))
        self.total_files = 1

    def staff_names(self) -> set[str]:
        """Every sender's name, and the exporting account's own."""
        staff: set[str] = set()
        me = {}
        try:
            with self.box.open(self.name) as fh:
                for prefix, event, value in ijson.parse(fh):
                    if event == "string":
                        if prefix in _FROM_PREFIXES:
                            staff |= name_parts(value)
                        elif prefix in ("personal_information.first_name", "personal_information.last_name"):
                            me[prefix] = value
        except (ijson.JSONError, UnicodeDecodeError, OSError):
            pass  # the second pass reports it, with how far it got
        if me:
            staff |= name_parts(" ".join(me.values()))
        return staff

    def events(self) -> Iterator[Msg | Skip | Tick]:
        chats: dict[str, dict] = {}
        n = 0
        try:
            with self.box.open(self.name) as fh:
                yield from self._events(fh, chats)
        except (ijson.JSONError, UnicodeDecodeError) as e:
            n = sum(c.get("_n", 0) for c in chats.values())
            yield Skip(self.name, f"invalid JSON ({type(e).__name__}) after {n} messages; the rest is not audited")
        except OSError as e:
            yield Skip(self.name, f"unreadable ({type(e).__name__})")
        yield Tick(files=1, fraction=1.0)

    def _events(self, fh: IO[bytes], chats: dict) -> Iterator[Msg | Skip | Tick]:
        builder: ObjectBuilder | None = None
        depth = 0
        chat: dict = {}
        count = 0
        seen = False
        for prefix, event, value in ijson.parse(fh, use_float=True):
            if builder is not None:
                builder.event(event, value)
                if event in ("start_map", "start_array"):
                    depth += 1
                elif event in ("end_map", "end_array"):
                    depth -= 1
                    if depth == 0:
                        msg = self._message(builder.value, chat)
                        builder = None
                        chat["_n"] = chat.get("_n", 0) + 1
                        count += 1
                        if msg is not None:
                            yield msg
                        if count % _TICK_EVERY == 0:
                            yield Tick(fraction=_tell(fh) / self.size)
                continue
            if prefix in _MSG_PREFIXES:
                chat = chats.setdefault(_MSG_PREFIXES[prefix], {})
                if event == "start_map":
                    builder = ObjectBuilder()
                    builder.event(event, value)
                    depth = 1
                else:
                    chat["_bad"] = chat.get("_bad", 0) + 1
                    yield Skip(self.name, f"{_chat_label(chat)}: a message that is not an object")
                    if event == "start_array":  # skip the whole array
                        builder, depth = ObjectBuilder(), 1
                        builder.event(event, value)
                continue
            if event == "start_array" and prefix in _ARRAYS:
                seen = True
            elif event == "start_map" and prefix in CHAT_PREFIXES:
                chats[prefix] = chat = {}  # a new chat begins (meta comes before its messages)
            elif prefix in _META:
                cp, key = _META[prefix]
                chats.setdefault(cp, {})[key] = value
        if not seen:
            yield Skip(self.name, "wrong shape: no \"messages\" list (neither one chat nor a full export)")

    def _message(self, m, chat: dict) -> Msg | None:
        if not isinstance(m, dict):
            return None  # (the non-object was already reported)
        if m.get("type", "message") != "message":
            return None  # service messages: joins, pins, calls
        text = _text(m.get("text"))
        mid = str(m.get("id", ""))
        if m.get("date_unixtime") is not None:
            when, month = iso_from_unix(m["date_unixtime"])
        else:
            when = str(m.get("date") or "")  # local time as exported
            month = when[:7] if len(when) >= 7 else "unknown"
        cid = chat_id(chat.get("id"))
        ctype = chat.get("type", "")
        link = f"https://t.me/c/{cid}/{mid}" if ctype in LINKABLE and cid and mid else ""
        return Msg(channel=_chat_label(chat), channel_id=cid, when=when, month=month,
                   author=str(m.get("from_id") or ""), message_id=mid, link=link, text=text)

    def close(self) -> None:
        self.box.close()


def chat_id(raw) -> str:
    """Telegram Desktop writes a supergroup's bare id; the Bot API's
    "-100..." form is accepted too. The t.me/c/ link wants the bare id."""
    s = str(raw if raw is not None else "")
    return s[4:] if s.startswith("-100") else s.lstrip("-")


def _chat_label(chat: dict) -> str:
    cid = chat_id(chat.get("id"))
    if chat.get("type") in PERSONAL or not isinstance(chat.get("name"), str) or not chat.get("name"):
        return f"{chat.get('type') or 'chat'} {cid}".replace("_", " ")
    return chat["name"]


def _text(t) -> str:
    """A message's ``text``: a string, or a list of strings and entities
    ``{type, text}`` (links, bold, mentions...)."""
    if isinstance(t, str):
        return t
    if isinstance(t, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) if isinstance(p, dict) else ""
                       for p in t)
    return ""


def _tell(fh) -> int:
    try:
        return fh.tell()
    except (OSError, ValueError):
        return 0


__all__ = ["TelegramExport", "chat_id", "ExportError"]
