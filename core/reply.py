"""A platform-neutral reply: each adapter renders it natively.

Slack renders Block Kit, Telegram HTML, the console plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted piece of text (the author's own masked/rewritten message)."""

    text: str


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: str  # "false_positive" | "show_guidance" | ...
    value: str  # opaque to adapters (a nudge id, a section id)


@dataclass(frozen=True, slots=True)
class Actions:
    buttons: tuple[Button, ...]


Block = Paragraph | Bullets | Quote | Actions


@dataclass(frozen=True, slots=True)
class Reply:
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def plain_text(self) -> str:
        """The reply as plain text (console, notification fallback)."""
        out = [self.title] if self.title else []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out.extend(f"  - {i}" for i in b.items)
            elif isinstance(b, Quote):
                out.extend(f"  > {line}" for line in b.text.splitlines() or [""])
            elif isinstance(b, Actions):
                out.append("  " + "  ".join(f"[{x.label}]" for x in b.buttons))
        return "\n".join(out)
