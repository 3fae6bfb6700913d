"""Slack's message markup, decoded to the plain text the author typed.

Slack delivers a message's ``text`` with three characters escaped
(``&amp; &lt; &gt;``) and with links, mentions and e-mail addresses wrapped in
angle brackets (https://api.slack.com/reference/surfaces/formatting):

    <https://example.org|label>   <mailto:a@example.org|a@example.org>
    <@U0123>  <@U0123|name>  <#C0123|ward-4>  <!here>  <!subteam^S012|@nurses>
    <!date^1392734382^{date}|Feb 18, 2014>

The checker must see what the author typed, once: ``decode`` returns that
plain text, an offset map back to the wire text, and the spans that are
mentions of people, channels or groups (never flagged: they name colleagues).
A small tokenizer for the documented forms, not a regular expression over the
message; nothing here logs or keeps the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
BROADCASTS = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


@dataclass(frozen=True, slots=True)
class Decoded:
    """``text``: the plain text. ``starts[i]``/``ends[i]``: the wire span that
    produced plain character ``i``. ``mentions``: plain-text spans of user,
    channel and group mentions. ``names``: the display names the user mentions
    were decoded to (colleagues)."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    mentions: tuple[tuple[int, int], ...] = ()
    names: tuple[str, ...] = ()

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The wire-text span that a plain-text span ``[start, end)`` came from."""
        if not self.text:
            return 0, 0
        if end <= start:
            s = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return s, s
        return self.starts[start], self.ends[end - 1]

    def __repr__(self) -> str:  # never the text
        return f"Decoded(chars={len(self.text)}, mentions={len(self.mentions)})"


def user_ids(raw: str) -> list[str]:
    """The user ids mentioned as ``<@U...>`` (to look their names up first)."""
    out, i = [], raw.find("<@")
    while i >= 0:
        j = raw.find(">", i)
        if j < 0:
            break
        uid = raw[i + 2:j].split("|", 1)[0]
        if uid and "<" not in uid and " " not in uid:
            out.append(uid)
        i = raw.find("<@", j)
    return list(dict.fromkeys(out))


class _Builder:
    def __init__(self):
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.mentions: list[tuple[int, int]] = []
        self.names: list[str] = []

    def add(self, text: str, start: int, end: int) -> None:
        for c in text:
            self.chars.append(c)
            self.starts.append(start)
            self.ends.append(end)

    def add_entities(self, raw: str, start: int, end: int) -> None:
        """``raw[start:end]`` with its entities decoded, each character mapped to itself."""
        i = start
        while i < end:
            if raw[i] == "&":
                for ent, ch in ENTITIES.items():
                    if raw.startswith(ent, i) and i + len(ent) <= end:
                        self.add(ch, i, i + len(ent))
                        i += len(ent)
                        break
                else:
                    self.add("&", i, i + 1)
                    i += 1
            else:
                self.add(raw[i], i, i + 1)
                i += 1

    def mention(self, text: str, start: int, end: int) -> None:
        pos = len(self.chars)
        self.add(text, start, end)
        if text:
            self.mentions.append((pos, len(self.chars)))


def _unescape(s: str) -> str:
    for ent, ch in ENTITIES.items():
        s = s.replace(ent, ch)
    return s


def decode(raw: str, users: Mapping[str, str] | Callable[[str], str | None] | None = None) -> Decoded:
    """Decode Slack's wire text. ``users``: user id -> display name (a mapping
    or a function); a user it does not know keeps the name Slack sent with the
    mention, else becomes ``@someone``."""
    if "<" not in raw and "&" not in raw:  # most messages: nothing to decode
        n = len(raw)
        return Decoded(raw, tuple(range(n)), tuple(range(1, n + 1)))
    lookup = users.get if isinstance(users, Mapping) else (users or (lambda _uid: None))
    b = _Builder()
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c == "<":
            j = raw.find(">", i + 1)
            nxt = raw.find("<", i + 1)
            if j < 0 or (0 <= nxt < j):  # not markup: Slack would have escaped a literal "<"
                b.add("<", i, i + 1)
                i += 1
                continue
            _token(b, raw, i, j + 1, lookup)
            i = j + 1
        elif c == "&":
            k = raw.find(";", i, i + 5)
            end = k + 1 if k >= 0 and raw[i:k + 1] in ENTITIES else i + 1
            b.add_entities(raw, i, end)
            i = end
        else:
            b.add(c, i, i + 1)
            i += 1
    return Decoded("".join(b.chars), tuple(b.starts), tuple(b.ends), tuple(b.mentions),
                   tuple(dict.fromkeys(b.names)))


def _token(b: _Builder, raw: str, start: int, end: int, lookup) -> None:
    inner = raw[start + 1:end - 1]
    target, bar, label = inner.partition("|")
    label_start = start + 1 + len(target) + 1  # where the label begins on the wire
    if target.startswith("@"):  # a user
        name = lookup(target[1:]) or (_unescape(label).lstrip("@") if bar else None)
        if name:
            b.names.append(name)
        b.mention("@" + (name or "someone"), start, end)
    elif target.startswith("#"):  # a channel
        b.mention("#" + (_unescape(label) if bar and label else "channel"), start, end)
    elif target.startswith("!"):  # a broadcast, a user group, a date...
        word = target[1:].split("^", 1)[0]
        if word in BROADCASTS:
            b.mention(BROADCASTS[word], start, end)
        elif word == "subteam":
            b.mention(_unescape(label) if bar and label else "@group", start, end)
        elif bar:  # <!date^...|fallback> and the like: the fallback text is what readers see
            b.add_entities(raw, label_start, end - 1)
        else:
            b.add("@" + word, start, end)
    elif bar:  # a link with a label: the label is what the author typed
        b.add_entities(raw, label_start, end - 1)
    else:  # a bare link: the address, without Slack's "mailto:"
        skip = len("mailto:") if target.startswith("mailto:") else 0
        b.add_entities(raw, start + 1 + skip, end - 1)
