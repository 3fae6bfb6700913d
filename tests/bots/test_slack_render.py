"""Block Kit rendering of a ``Reply`` and the translation of Slack message
events into ``Inbound``: tables over real nudges and real payload shapes."""

from __future__ import annotations

import json

import pytest

from discreet import core
from discreet.bots.slack import render, to_inbound
from discreet.core.nudge import build_nudge
from discreet.core.reply import Actions, Bullets, Button, Paragraph, Quote, Reply

SA_ID = "9105175123080"


def _nudge(text: str) -> Reply:
    checker = core.default_checker()
    findings = checker.check(text)
    assert findings, "the checker should flag this synthetic message"
    return build_nudge(text, findings, checker.packs, "nudge-1")


def test_a_real_nudge_renders_as_valid_block_kit_without_the_identifier():
    blocks = render.blocks(_nudge(f"bed 4 ID {SA_ID} <!channel> see <@U0NURSE01> & co"))
    assert blocks[0]["type"] == "header"
    assert [b["type"] for b in blocks][-1] == "actions"
    for b in blocks:
        if b["type"] == "section":
            assert b["text"]["type"] == "mrkdwn" and len(b["text"]["text"]) <= render.SECTION_MAX
    dumped = json.dumps(blocks)
    assert SA_ID not in dumped
    # the author's words are shown, but can never ping @channel or a person
    assert "<!channel>" not in dumped and "<@U0NURSE01>" not in dumped and "&lt;!channel&gt;" in dumped
    [actions] = [b for b in blocks if b["type"] == "actions"]
    assert [(e["action_id"], e["value"]) for e in actions["elements"]][0] == ("false_positive", "nudge-1")


def test_fallback_text_is_the_title_and_first_paragraph_never_the_rewrite():
    reply = _nudge(f"bed 4 ID {SA_ID} query sepsis")
    text = render.fallback_text(reply)
    assert text.startswith(reply.title) and "sepsis" not in text and SA_ID not in text


def test_limits_and_duplicate_action_ids():
    reply = Reply("T" * 400, (Paragraph("x" * 5000), Bullets(("a", "b")), Quote("line1\nline2"),
                              Actions((Button("L" * 100, "show_guidance", "v"), Button("b", "show_guidance", "w")))))
    header, para, bullets, quote, actions = render.blocks(reply)
    assert len(header["text"]["text"]) == render.HEADER_MAX
    assert len(para["text"]["text"]) == render.SECTION_MAX
    assert bullets["text"]["text"] == "\u2022 a\n\u2022 b"
    assert quote["text"]["text"] == ">line1\n>line2"
    ids = [e["action_id"] for e in actions["elements"]]
    assert len(set(ids)) == 2 and all(len(e["text"]["text"]) <= render.BUTTON_LABEL_MAX for e in actions["elements"])


def _msg(**kw) -> dict:
    return {"type": "message", "channel": "C1", "user": "U1", "text": "hi", "ts": "1.1",
            "channel_type": "channel"} | kw


def _changed(new: dict, old_text: str = "before") -> dict:
    return {"type": "message", "subtype": "message_changed", "hidden": True, "channel": "C1",
            "channel_type": "channel", "ts": "9.9",
            "message": {"type": "message", "user": "U1", "text": "after", "ts": "1.1"} | new,
            "previous_message": {"type": "message", "user": "U1", "text": old_text, "ts": "1.1"}}


@pytest.mark.parametrize("event, expected", [
    (_msg(), ("C1", "U1", "1.1", "hi", False, None)),
    (_msg(thread_ts="1.0"), ("C1", "U1", "1.1", "hi", False, "1.0")),
    (_msg(subtype="file_share", files=[{"id": "F1"}]), ("C1", "U1", "1.1", "hi", False, None)),
    (_msg(subtype="thread_broadcast", thread_ts="1.0"), ("C1", "U1", "1.1", "hi", False, "1.0")),
    (_changed({}), ("C1", "U1", "1.1", "after", True, None)),
    (_changed({"thread_ts": "1.0"}), ("C1", "U1", "1.1", "after", True, "1.0")),
    (_changed({}, old_text="after"), None),  # an unfurl: same text
    (_changed({"bot_id": "B1"}), None),
    (_changed({"subtype": "tombstone"}), None),
    (_msg(bot_id="B1"), None),
    (_msg(subtype="bot_message"), None),
    (_msg(subtype="channel_join"), None),
    (_msg(subtype="message_deleted", hidden=True), None),
    (_msg(hidden=True), None),
    (_msg(channel_type="im"), None),
    (_msg(user=None), None),
    (_msg(text=None), None),
])
def test_to_inbound(event, expected):
    got = to_inbound(event, "Ev1")
    if expected is None:
        assert got is None
    else:
        assert (got.channel, got.user, got.message_id, got.text, got.edited, got.thread_id) == expected
        assert got.platform == "slack" and got.event_id == "Ev1"
