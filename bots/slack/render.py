"""Render a platform-neutral ``core.reply.Reply`` as Slack Block Kit.

Text goes into ``mrkdwn`` with Slack's three control characters escaped, so a
user's own words (in the suggested rewrite) cannot form links or mentions.
Buttons carry the reply's ``action`` as ``action_id`` and its ``value``.
"""

from __future__ import annotations

from discreet.core.reply import Actions, Bullets, Paragraph, Quote, Reply

SECTION_MAX = 3000  # Block Kit limit on a section's text
HEADER_MAX = 150
BUTTON_LABEL_MAX = 75
BUTTON_VALUE_MAX = 2000
MAX_BLOCKS = 50


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _section(mrkdwn: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(mrkdwn, SECTION_MAX)}}


def _actions(block: Actions) -> dict:
    elements, seen = [], set()
    for i, b in enumerate(block.buttons):
        action_id = b.action if b.action not in seen else f"{b.action}:{i}"
        seen.add(action_id)
        elements.append({
            "type": "button",
            "text": {"type": "plain_text", "text": _clip(b.label, BUTTON_LABEL_MAX)},
            "action_id": action_id,
            "value": b.value[:BUTTON_VALUE_MAX],
        })
    return {"type": "actions", "elements": elements}


def blocks(reply: Reply) -> list[dict]:
    out: list[dict] = []
    if reply.title:
        out.append({"type": "header", "text": {"type": "plain_text", "text": _clip(reply.title, HEADER_MAX)}})
    for b in reply.blocks:
        if isinstance(b, Paragraph):
            if b.text:
                out.append(_section(escape(b.text)))
        elif isinstance(b, Bullets):
            if b.items:
                out.append(_section("\n".join(f"\u2022 {escape(i)}" for i in b.items)))
        elif isinstance(b, Quote):
            lines = b.text.splitlines() or [""]
            out.append(_section("\n".join(f">{escape(line)}" for line in lines)))
        elif isinstance(b, Actions):
            if b.buttons:
                out.append(_actions(b))
    return out[:MAX_BLOCKS]


def fallback_text(reply: Reply) -> str:
    """The notification text: the title and the first paragraph, never the rewrite."""
    first = next((b.text for b in reply.blocks if isinstance(b, Paragraph) and b.text), "")
    return _clip(" ".join(x for x in (reply.title, first) if x), 300)


def message(reply: Reply) -> dict:
    """Keyword arguments for ``chat.postEphemeral``/``chat.postMessage``/``respond``."""
    return {"text": fallback_text(reply), "blocks": blocks(reply)}
