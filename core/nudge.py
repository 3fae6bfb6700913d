"""The private nudge: what was found (masked), why, what to do, a rewrite.

Platform-neutral: returns a ``Reply`` that each adapter renders natively.
The nudge is the only place the author's text is shown, to the author alone,
with every identifier replaced by a placeholder.
"""

from __future__ import annotations

from .findings import Finding
from .policy import Pack
from .reply import Actions, Bullets, Button, Paragraph, Quote, Reply

TITLE = "A private note from Discreet"


def section_title(section: str) -> str:
    return section.replace("-", " ").capitalize()


def mask(value: str) -> str:
    """Keep just enough for the author to recognise the item: the first and
    last character of each word (first two and last two of a long number);
    everything else becomes a bullet."""
    out = []
    for word in value.split(" "):
        core_chars = [c for c in word if c.isalnum()]
        n = len(core_chars)
        keep_head, keep_tail = (2, 2) if n >= 9 else (1, 0) if n <= 3 else (1, 1)
        seen, masked = 0, []
        for c in word:
            if c.isalnum():
                seen += 1
                masked.append(c if seen <= keep_head or seen > n - keep_tail else "•")
            else:
                masked.append(c)
        out.append("".join(masked))
    return " ".join(out)


def rewrite(text: str, findings: list[Finding], packs: dict[str, Pack]) -> str:
    """The message with each finding's span replaced: identifiers by their
    placeholder, derogatory terms by the neutral alternative (or a marker)."""
    kinds = packs["identifiers"].table("nudge").get("kinds", {})
    derog_placeholder = packs["derogatory"].table("nudge").get("placeholder", "[rephrase]")
    spans = sorted((f for f in findings if f.start is not None), key=lambda f: f.start)
    out, pos = [], 0
    for f in spans:
        if f.start < pos:
            continue
        out.append(text[pos:f.start])
        if f.policy == "identifiers":
            out.append(f.suggestion or kinds.get(f.kind, {}).get("placeholder", "[removed]"))
        else:
            out.append(f.suggestion or derog_placeholder)
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def describe(text: str, f: Finding, packs: dict[str, Pack]) -> str:
    """One bullet: what was found, masked, and the rule's one-line why."""
    if f.policy == "identifiers":
        label = packs["identifiers"].table("nudge").get("kinds", {}).get(f.kind, {}).get("label", f.kind.replace("_", " "))
        seen = f" ({mask(text[f.start:f.end])})" if f.start is not None else ""
        return f"{label}{seen}: {f.why}"
    seen = f"\u201c{text[f.start:f.end]}\u201d" if f.start is not None else "the wording"
    about = f" (about a {f.target})" if f.target in ("patient", "colleague") else ""
    alt = f" Try: \u201c{f.suggestion}\u201d." if f.suggestion else ""
    return f"{seen}{about}: {f.why}{alt}"


FILE_TODO = ("Remove the file from the chat, then crop or blur what identifies the patient before sharing "
             "it again, or share it through the hospital's own system instead of the chat.")


def build_nudge(text: str, findings: list[Finding], packs: dict[str, Pack],
                nudge_id: str = "", titles: dict[str, str] | None = None,
                attachment: str | None = None) -> Reply:
    """The nudge for ``text``. With ``attachment`` ("image", "PDF", "file"),
    the text was read from a file the author shared: the note says so, and
    what to do with the file takes the place of a rewrite."""
    titles = titles or {}
    blocks = []
    if attachment:
        blocks.append(Paragraph(f"This is about the {attachment} attached to your message: "
                                f"I read the text in it, and what it says is below."))
    for policy in ("identifiers", "derogatory"):
        fs = [f for f in findings if f.policy == policy]
        if not fs:
            continue
        conf = packs[policy].table("nudge")
        blocks.append(Paragraph(conf.get("intro", "")))
        blocks.append(Bullets(tuple(dict.fromkeys(describe(text, f, packs) for f in fs))))
    sections = list(dict.fromkeys(f.section for f in findings))
    why = "; ".join(f"{titles.get(s, section_title(s))} (/guidance {s})" for s in sections)
    blocks.append(Paragraph(f"Why it matters: the SAMA/HPCSA social-media guidance, {why}."))
    todo = [packs[p].table("nudge").get("what_to_do", "") for p in ("identifiers", "derogatory")
            if any(f.policy == p for f in findings)]
    if attachment and any(f.policy == "identifiers" for f in findings):
        todo.insert(0, FILE_TODO)
    blocks.append(Paragraph("What to do: " + " ".join(t for t in todo if t)))
    if not attachment and any(f.start is not None for f in findings):
        blocks.append(Paragraph("You could write instead:"))
        blocks.append(Quote(rewrite(text, findings, packs)))
    blocks.append(Actions((
        Button("Not patient information / not derogatory", "false_positive", nudge_id),
        Button("Show guidance", "show_guidance", sections[0] if sections else "key-points"),
    )))
    return Reply(TITLE, tuple(blocks))
