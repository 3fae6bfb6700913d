"""Render a platform-neutral ``core.reply.Reply`` as Telegram HTML plus an
inline keyboard. Everything from the reply is HTML-escaped; only the tags
written here are markup.
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from discreet.core.reply import Actions, Bullets, Paragraph, Quote, Reply

MAX_LEN = 4096  # Telegram's limit for one message's text
CALLBACK_MAX = 64  # bytes of callback_data


def callback_data(action: str, value: str, chat: str | None = None) -> str | None:
    """``action|value[|chat]``, or None if it would not fit in 64 bytes."""
    short = {"false_positive": "fp", "show_guidance": "g"}.get(action, action)
    data = "|".join(x for x in (short, value, chat) if x is not None)
    return data if len(data.encode()) <= CALLBACK_MAX else None


def parse_callback(data: str) -> tuple[str, str, str | None]:
    parts = (data or "").split("|")
    action = {"fp": "false_positive", "g": "show_guidance"}.get(parts[0], parts[0])
    return action, parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else None


def html(reply: Reply, extra: tuple[str, ...] = ()) -> str:
    """The reply's text as Telegram HTML (``extra``: already-safe HTML lines appended)."""
    out = [f"<b>{escape(reply.title)}</b>"] if reply.title else []
    for b in reply.blocks:
        if isinstance(b, Paragraph):
            if b.text:
                out.append(escape(b.text))
        elif isinstance(b, Bullets):
            out.append("\n".join(f"\u2022 {escape(i)}" for i in b.items))
        elif isinstance(b, Quote):
            out.append(f"<blockquote>{escape(b.text)}</blockquote>")
    out.extend(extra)
    text = "\n\n".join(out)
    if len(text) > MAX_LEN:  # cut at a paragraph boundary; never mid-tag
        cut = text.rfind("\n\n", 0, MAX_LEN - len("</blockquote>\n\u2026"))
        text = text[: cut if cut > 0 else 0]
        if text.count("<blockquote>") > text.count("</blockquote>"):
            text += "</blockquote>"
        text += "\n\u2026"
    return text


def html_parts(reply: Reply, extra: tuple[str, ...] = ()) -> list[str]:
    """Like ``html`` but a long reply (e.g. /discreet rules) as several
    messages, each within Telegram's limit, cut between paragraphs or bullets."""
    pieces = [f"<b>{escape(reply.title)}</b>"] if reply.title else []
    for b in reply.blocks:
        if isinstance(b, Paragraph) and b.text:
            pieces.append(escape(b.text))
        elif isinstance(b, Bullets):
            pieces.extend(f"\u2022 {escape(i)}" for i in b.items)
        elif isinstance(b, Quote):
            pieces.append(f"<blockquote>{escape(b.text)}</blockquote>")
    pieces.extend(extra)
    if sum(len(p) + 2 for p in pieces) <= MAX_LEN:
        return [html(reply, extra)]
    parts, cur = [], ""
    for p in pieces:
        p = p[:MAX_LEN - 2]
        if cur and len(cur) + 1 + len(p) > MAX_LEN:
            parts.append(cur)
            cur = ""
        cur = f"{cur}\n{p}" if cur else p
    if cur:
        parts.append(cur)
    return parts


def keyboard(reply: Reply, chat: str | None = None) -> InlineKeyboardMarkup | None:
    rows = []
    for b in reply.blocks:
        if isinstance(b, Actions):
            for btn in b.buttons:
                data = callback_data(btn.action, btn.value, chat if btn.action == "false_positive" else None)
                if data:
                    rows.append([InlineKeyboardButton(btn.label, callback_data=data)])
    return InlineKeyboardMarkup(rows) if rows else None


def settings_keyboard(settings) -> InlineKeyboardMarkup:
    """An admin's controls for a group's settings (``bots.store.ChannelSettings``).
    Each button carries the state it sets (``set|setting:value``), so a stale
    keyboard never flips a setting the wrong way."""
    from discreet.core.findings import POLICIES

    def button(label: str, setting: str, value: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=f"set|{setting}:{value}")

    s = settings
    on, off = "\u2705", "\u2B1C"
    rows = [
        [button(f"Monitoring: {'ON' if s.monitoring else 'OFF'} \u2192 turn {'off' if s.monitoring else 'on'}",
                "monitoring", "off" if s.monitoring else "on")],
        [button(f"Mode: {s.mode} \u2192 {'observe (count only)' if s.mode == 'nudge' else 'nudge'}",
                "mode", "observe" if s.mode == "nudge" else "nudge")],
        [button(f"{on if p in s.policies else off} {p}", "policies",
                " ".join(x for x in POLICIES if (x in s.policies) != (x == p)))
         for p in POLICIES],
        [button(f"Files: {'on' if s.files else 'off'}", "files", "off" if s.files else "on"),
         button(f"Remove: {'on' if s.remove else 'off'}", "remove", "off" if s.remove else "on")],
    ]
    return InlineKeyboardMarkup(rows)


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The author's own text as HTML with each span underlined and bold
    (for removal mode: the author sees exactly what to take out)."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"<b><u>{escape(text[start:end])}</u></b>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)
