"""Slack's wire markup decoded to what the author typed, with an offset map
back to the wire text (pure; the end-to-end tests are in test_slack_e2e.py)."""

from __future__ import annotations

import pytest

from discreet.bots.slack.markup import decode, user_ids

NAMES = {"U0NURSE01": "Sister Thandi"}


@pytest.mark.parametrize("wire, plain", [
    ("M&amp;M at 7 &lt;theatre&gt;", "M&M at 7 <theatre>"),
    ("mail <mailto:jo.mokwena@example.com|jo.mokwena@example.com> today", "mail jo.mokwena@example.com today"),
    ("mail <mailto:jo.mokwena@example.com>", "mail jo.mokwena@example.com"),
    ("see <https://intranet.example.org/a?b=1&amp;c=2|the ward page>", "see the ward page"),
    ("see <https://intranet.example.org/ward>", "see https://intranet.example.org/ward"),
    ("ask <@U0NURSE01> now", "ask @Sister Thandi now"),
    ("ask <@U0UNKNOWN|lerato> now", "ask @lerato now"),
    ("ask <@U0UNKNOWN> now", "ask @someone now"),
    ("in <#C0WARD001|ward-4> <!here> <!channel>", "in #ward-4 @here @channel"),
    ("<!subteam^S0NURSES|@night-nurses> please", "@night-nurses please"),
    ("due <!date^1700000000^{date_short}|Nov 14> ok", "due Nov 14 ok"),
    ("a &amp;amp; b", "a &amp; b"),  # the author typed "&amp;": shown as typed
    ("2 < 3 and R&D", "2 < 3 and R&D"),  # loose characters stay as they are
])
def test_decode_gives_the_text_the_author_typed(wire, plain):
    assert decode(wire, NAMES).text == plain


def test_the_offset_map_points_back_to_the_wire_text():
    wire = "M&amp;M: mail <mailto:jo@example.com|jo@example.com> &lt;x&gt;"
    d = decode(wire)
    start = d.text.index("jo@example.com")
    s, e = d.raw_span(start, start + len("jo@example.com"))
    assert wire[s:e] == "jo@example.com"  # the label, on the wire
    amp = d.text.index("&")
    assert wire[slice(*d.raw_span(amp, amp + 1))] == "&amp;"
    x = d.text.index("<x>")
    assert wire[slice(*d.raw_span(x, x + 3))] == "&lt;x&gt;"


def test_mentions_are_spans_and_their_names_are_colleagues():
    d = decode("thanks <@U0NURSE01>, see <#C0WARD001|ward-4> <!here>", NAMES)
    assert [d.text[s:e] for s, e in d.mentions] == ["@Sister Thandi", "#ward-4", "@here"]
    assert d.names == ("Sister Thandi",)
    s, e = d.mentions[0]
    assert d.raw_span(s, e) == (7, 19)  # the whole <@U0NURSE01> token


def test_user_ids_lists_each_mentioned_user_once():
    assert user_ids("<@U1> and <@U2|x> and <@U1> <#C1|c> <!here>") == ["U1", "U2"]
