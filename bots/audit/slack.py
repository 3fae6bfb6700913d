"""Read a Slack workspace export (folder or zip), one day file at a time.

Layout (what Slack's export tool writes): ``users.json``, ``channels.json``
(public), ``groups.json`` (private), ``dms.json`` and ``mpims.json``
(direct messages, when exported), and one folder per conversation holding
``YYYY-MM-DD.json`` files, each a list of message objects.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Iterator

from .container import Container, ExportError, export_root
from .model import Msg, Skip, Tick, iso_from_unix, name_parts

MARKERS = ("channels.json", "users.json", "groups.json", "dms.json", "mpims.json")
# Membership notices carry no words of the author's own.
SKIP_SUBTYPES = frozenset({"channel_join", "channel_leave", "group_join", "group_leave"})
# Slack's "mrkdwn" escapes: <@U123>, <#C123|name>, <!here>, <https://x|label>.
_MARKUP = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")


def _is_day_file(base: str) -> bool:
    if not base.endswith(".json") or len(base) != 15:
        return False
    try:
        date.fromisoformat(base[:10])
    except ValueError:
        return False
    return True


class SlackExport:
    platform = "slack"

    def __init__(self, path, domain: str | None = None):
        self.box = Container(path)
        if self.box.is_file:
            raise ExportError(f"{path}: a Slack export is a folder or a zip")
        self.domain = _domain(domain)
        names = self.box.names()
        root = export_root(self.box, names, MARKERS, path)
        if root is None:
            raise ExportError(f"{path}: no channels.json or users.json: not a Slack export")
        self.root = root
        self.skipped: list[Skip] = []
        self.users: dict[str, str] = {}  # id -> display name (for <@U123> mentions)
        self.staff: set[str] = set()
        self.convs: dict[str, tuple[str, str]] = {}  # folder -> (display, channel id)
        self._names = set(names)
        self._load_meta()
        del self._names  # the file list is the one thing that grows with the export: keep only the day files
        days: dict[str, list[str]] = {}
        for n in names:
            if not n.startswith(root):
                continue
            folder, _, base = n[len(root):].rpartition("/")
            if folder and "/" not in folder and _is_day_file(base):
                days.setdefault(folder, []).append(base)
        self.days = {f: sorted(b) for f, b in sorted(days.items())}
        self.total_files = sum(len(b) for b in self.days.values())

    # -- metadata -------------------------------------------------------
    def _meta(self, base: str) -> list[dict]:
        name = self.root + base
        if name not in self._names:
            return []
        try:
            data = json.loads(self.box.read(name))
        except (ValueError, UnicodeDecodeError) as e:
            self.skipped.append(Skip(name, f"invalid JSON ({_where(e)})"))
            return []
        if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
            self.skipped.append(Skip(name, "wrong shape: expected a list of objects"))
            return []
        return data

    def _load_meta(self) -> None:
        for u in self._meta("users.json"):
            uid = str(u.get("id", ""))
            prof = u.get("profile") if isinstance(u.get("profile"), dict) else {}
            names = [u.get("real_name"), prof.get("real_name"), prof.get("display_name"),
                     prof.get("first_name"), prof.get("last_name")]
            names = [n for n in names if isinstance(n, str) and n.strip()]
            for n in names:
                self.staff |= name_parts(n)
            handle = u.get("name")
            if uid:
                self.users[uid] = (names[0] if names else handle if isinstance(handle, str) else "") or "user"
        for base, label in (("channels.json", "#{}"), ("groups.json", "#{}")):
            for c in self._meta(base):
                name, cid = c.get("name"), c.get("id")
                if isinstance(name, str) and name:
                    self.convs[name] = (label.format(name), str(cid or name))
        for c in self._meta("mpims.json"):
            name, cid = c.get("name"), c.get("id")
            if isinstance(name, str) and name:
                self.convs[name] = (f"group DM {cid or name}", str(cid or name))
        for c in self._meta("dms.json"):
            cid = c.get("id")
            if isinstance(cid, str) and cid:
                self.convs[cid] = (f"DM {cid}", cid)

    def staff_names(self) -> set[str]:
        return self.staff

    # -- messages -------------------------------------------------------
    def events(self) -> Iterator[Msg | Skip | Tick]:
        yield from self.skipped
        for folder, bases in self.days.items():
            display, cid = self.convs.get(folder, (folder, folder))
            for base in bases:
                name = f"{self.root}{folder}/{base}"
                try:
                    data = json.loads(self.box.read(name))
                except (ValueError, UnicodeDecodeError) as e:
                    yield Skip(name, f"invalid JSON ({_where(e)})")
                    yield Tick(files=1)
                    continue
                except OSError as e:
                    yield Skip(name, f"unreadable ({type(e).__name__})")
                    yield Tick(files=1)
                    continue
                if not isinstance(data, list) or not all(isinstance(m, dict) for m in data):
                    yield Skip(name, "wrong shape: expected a list of message objects")
                    yield Tick(files=1)
                    continue
                for m in data:
                    msg = self._message(m, display, cid)
                    if msg is not None:
                        yield msg
                yield Tick(files=1)

    def _message(self, m: dict, display: str, cid: str) -> Msg | None:
        if m.get("type", "message") != "message" or m.get("subtype") in SKIP_SUBTYPES:
            return None
        parts = []
        if isinstance(m.get("text"), str):
            parts.append(self.plain(m["text"]))
        files = m.get("files")
        if isinstance(files, list):  # a file's title is written by the author, too
            parts.extend(f["title"] for f in files if isinstance(f, dict) and isinstance(f.get("title"), str))
        ts = m.get("ts")
        ts = ts if isinstance(ts, str) else str(ts or "")
        when, month = iso_from_unix(ts)
        author = m.get("user") or m.get("bot_id") or ""
        return Msg(channel=display, channel_id=cid, when=when, month=month, author=str(author),
                   message_id=ts, link=self.link(cid, ts, m.get("thread_ts")), text="\n".join(parts))

    def link(self, cid: str, ts: str, thread_ts=None) -> str:
        """The message's permalink, when the workspace's domain is known."""
        if not self.domain or not ts:
            return ""
        url = f"https://{self.domain}/archives/{cid}/p{ts.replace('.', '')}"
        if isinstance(thread_ts, str) and thread_ts and thread_ts != ts:
            url += f"?thread_ts={thread_ts}&cid={cid}"
        return url

    def plain(self, text: str) -> str:
        """Slack's markup to the words a reader sees (a mention becomes the
        colleague's name, a link its label), then un-escape &lt; &gt; &amp;."""
        if "<" in text:
            def sub(mm: re.Match) -> str:
                sigil, target, label = mm.groups()
                if sigil == "@":
                    return "@" + (label or self.users.get(target, "user"))
                if sigil == "#":
                    return "#" + (label or target)
                if sigil == "!":
                    return "@" + (label or target.split("^")[0])
                return label if label is not None else target
            text = _MARKUP.sub(sub, text)
        if "&" in text:
            text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        return text

    def close(self) -> None:
        self.box.close()


def _domain(d: str | None) -> str:
    """"acme", "acme.slack.com" or "https://acme.slack.com/" -> "acme.slack.com"."""
    if not d:
        return ""
    d = d.strip().removeprefix("https://").removeprefix("http://").strip("/")
    return d if "." in d else f"{d}.slack.com"


def _where(e: Exception) -> str:
    """Where a JSON error is, never what the file says there."""
    if isinstance(e, json.JSONDecodeError):
        return f"{e.msg} at line {e.lineno} column {e.colno}"
    return type(e).__name__

