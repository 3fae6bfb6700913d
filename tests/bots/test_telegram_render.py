"""Telegram HTML rendering of core.reply.Reply, and the callback data format."""

import re

from discreet.bots.telegram import render
from discreet.bots.telegram.app import file_url, message_link, staff_names  # noqa: E402
from discreet.core.reply import Actions, Bullets, Button, Paragraph, Quote, Reply


def _balanced(html: str) -> bool:
    stack = []
    for closing, tag in re.findall(r"<(/?)(b|u|i|blockquote|a)\b[^>]*>", html):
        if closing:
            if not stack or stack.pop() != tag:
                return False
        else:
            stack.append(tag)
    return not stack


def test_reply_text_is_escaped_and_structured():
    reply = Reply("Note <b>", (Paragraph("a < b & c"), Bullets(("x>y", "z")), Quote("<i>not markup</i>"),
                               Actions((Button("Show guidance", "show_guidance", "key-points"),))))
    html = render.html(reply)
    assert html.startswith("<b>Note &lt;b&gt;</b>")
    assert "a &lt; b &amp; c" in html
    assert "\u2022 x&gt;y\n\u2022 z" in html
    assert "<blockquote>&lt;i&gt;not markup&lt;/i&gt;</blockquote>" in html
    assert "Show guidance" not in html  # buttons go to the keyboard, not the text
    assert _balanced(html)


def test_keyboard_carries_actions_within_64_bytes():
    reply = Reply("t", (Actions((Button("Not patient information / not derogatory", "false_positive", "n" * 24),
                                 Button("Show guidance", "show_guidance", "patient-confidentiality"))),))
    kb = render.keyboard(reply, chat="-1001234567890")
    buttons = [b for row in kb.inline_keyboard for b in row]
    assert [b.text for b in buttons] == ["Not patient information / not derogatory", "Show guidance"]
    assert all(len(b.callback_data.encode()) <= 64 for b in buttons)
    assert render.parse_callback(buttons[0].callback_data) == ("false_positive", "n" * 24, "-1001234567890")
    assert render.parse_callback(buttons[1].callback_data) == ("show_guidance", "patient-confidentiality", None)
    assert render.keyboard(Reply("t", (Paragraph("p"),))) is None


def test_too_long_callback_is_dropped_not_truncated():
    reply = Reply("t", (Actions((Button("x", "false_positive", "n" * 80),)),))
    assert render.keyboard(reply) is None


def test_long_reply_is_cut_at_a_boundary_with_tags_closed():
    reply = Reply("t", (Paragraph("p" * 100), Quote("line\n\n" * 1500)))
    html = render.html(reply)
    assert len(html) <= render.MAX_LEN
    assert _balanced(html)


def test_marked_underlines_spans_and_escapes_the_rest():
    assert render.marked("a<b 12 c", [(4, 6)]) == "a&lt;b <b><u>12</u></b> c"
    assert render.marked("abcdef", [(3, 5), (0, 2), (1, 4)]) == "<b><u>ab</u></b>c<b><u>de</u></b>f"


def test_helpers():
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url("http://127.0.0.1:5000/bot") == "http://127.0.0.1:5000/file/bot"
    assert message_link("-1001234", "77") == "https://t.me/c/1234/77"
    assert message_link("-1234", "77") is None
    assert staff_names({"Nomvula Dube", "Ann"}) == {"Nomvula Dube", "Nomvula", "Dube", "Ann"}
