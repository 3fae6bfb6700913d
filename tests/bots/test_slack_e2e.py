"""End to end: the real Bolt app served over HTTP on 127.0.0.1, signed requests
from "Slack", a fake Slack Web API at the wire, the real store on a temporary
file. Only synthetic people and numbers.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time

import aiohttp
import pytest
from aiohttp import web

from discreet import core
from discreet.bots.config import Config
from discreet.bots.service import build_service
from discreet.bots.slack import ADAPTER, EVENTS_PATH, build_app
from tests.fakes.slack_api import (BOT_USER_ID, SIGNING_SECRET, TOKEN, FakeSlackAPI, SlackSender,
                                   signed_headers)

# Synthetic SA ID numbers (valid checksums, no real person).
SA_ID = "9105175123080"
SA_ID_2 = "8509030281085"
SA_ID_3 = "7702146123082"
IDENTIFIERS = (SA_ID, SA_ID_2, SA_ID_3)
CHANNEL = "C0WARD001"
AUTHOR = "U0NURSE01"
ADMIN = "U0ADMIN01"  # is_admin in the fake workspace
LISTED = "U0LISTED1"  # an admin by DISCREET_ADMINS only (not in the workspace's admin list)

pytestmark = pytest.mark.skipif(not core.check(f"pt ID {SA_ID}"), reason="the SA ID detector is not in core yet")


class Harness:
    def __init__(self, api, sender, adapter, store, db_path):
        self.api, self.send, self.adapter, self.store, self.db_path = api, sender, adapter, store, db_path

    async def settle(self):
        await self.adapter.drain()

    def nudges(self, channel=CHANNEL):
        return [c for c in self.api.calls_to("chat.postEphemeral") if c["channel"] == channel]


@pytest.fixture
def captured_logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


@contextlib.asynccontextmanager
async def running_app(api, db, session, **env):
    """The real app: config from an environment, the real store on ``db``,
    Bolt's aiohttp app served on 127.0.0.1."""
    config = Config.from_env({
        "DISCREET_DB": str(db), "DISCREET_SECRET": "s" * 32, "DISCREET_ADMINS": LISTED,
        "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": api.base_url, **env,
    })
    service, store = await build_service(config)
    web_app = build_app(config, service)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    sender = SlackSender(session, f"http://127.0.0.1:{port}{EVENTS_PATH}", api=api)
    h = Harness(api, sender, web_app[ADAPTER], store, db)
    h.base, h.session = f"http://127.0.0.1:{port}", session
    try:
        yield h
    finally:
        await runner.cleanup()
        await store.close()


@pytest.fixture
async def slack(tmp_path, captured_logs, fake_api, session):
    async with running_app(fake_api, tmp_path / "discreet.db", session) as h:
        yield h


def core_guidance_title(section: str) -> str:
    from discreet.core.guidance import default_engine
    return default_engine().answer(section).reply.title


def _all_text(call: dict) -> str:
    return json.dumps(call, ensure_ascii=False)


async def test_identifier_gives_exactly_one_private_nudge_with_the_number_masked(slack):
    status, _ = await slack.send.message(f"Bed 4: pt ID {SA_ID}, query sepsis", user=AUTHOR)
    assert status == 200
    await slack.settle()
    [nudge] = slack.nudges()
    assert nudge["user"] == AUTHOR and nudge["channel"] == CHANNEL
    assert SA_ID not in _all_text(nudge)
    assert SA_ID[:2] in _all_text(nudge) and "\u2022" in _all_text(nudge)  # the masked form
    assert {b["type"] for b in nudge["blocks"]} >= {"header", "section", "actions"}
    buttons = [e["action_id"] for b in nudge["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["false_positive", "show_guidance"]
    assert slack.api.calls_to("chat.postMessage") == []  # never a public reply


async def test_benign_message_gives_no_nudge(slack):
    await slack.send.message("Handover at 7, theatre list attached. Bed 4 stable overnight.")
    await slack.settle()
    assert slack.nudges() == []


async def test_a_colleagues_name_gives_no_nudge(slack):
    text = "Pt Thandiwe Mokoena in bed 4 needs a review"
    if not core.check(text):
        pytest.skip("the names detector does not flag this without staff names yet")
    await slack.send.message(text)
    await slack.settle()
    assert slack.nudges() == []
    assert len(slack.api.calls_to("users.list")) >= 3  # all pages of members were read (page size 2)


async def test_a_retried_event_gives_no_second_nudge(slack):
    event = slack.send.message_event(f"ID {SA_ID} for the discharge letter")
    await slack.send.event(event, event_id="Ev0RETRY01")
    await slack.settle()
    status, _ = await slack.send.event(event, event_id="Ev0RETRY01", retry_num=1)
    assert status == 200
    await slack.settle()
    assert len(slack.nudges()) == 1


@pytest.mark.parametrize("how", ["bad", "stale", "missing"])
async def test_a_bad_or_stale_signature_gets_401_and_no_nudge(slack, how):
    body, _ = slack.send.event_body(slack.send.message_event(f"ID {SA_ID}"))
    if how == "bad":
        status, _ = await slack.send.post(body, "application/json", secret="not-the-secret")
    elif how == "stale":
        status, _ = await slack.send.post(body, "application/json", timestamp=int(time.time()) - 10 * 60)
    else:
        async with slack.session.post(slack.send.url, data=body, headers={"Content-Type": "application/json"}) as r:
            status = r.status
    assert status == 401
    await slack.settle()
    assert slack.nudges() == []


async def test_non_admin_cannot_turn_monitoring_off(slack):
    status, _, hook = await slack.send.command("/discreet", "off", user=AUTHOR)
    assert status == 200
    await slack.settle()
    [answer] = slack.api.hook_posts(hook)
    assert "admin" in _all_text(answer).lower()
    assert answer["response_type"] == "ephemeral"
    await slack.send.message(f"ID {SA_ID}")
    await slack.settle()
    assert len(slack.nudges()) == 1


@pytest.mark.parametrize("admin", [ADMIN, LISTED])
async def test_an_admin_turns_the_channel_off_and_the_next_identifier_gives_no_nudge(slack, admin):
    await slack.send.command("/discreet", "off", user=admin)
    await slack.settle()
    _, _, hook = await slack.send.command("/discreet", "status", user=AUTHOR)
    await slack.settle()
    assert "OFF" in _all_text(slack.api.hook_posts(hook)[0])
    await slack.send.message(f"ID {SA_ID}")
    await slack.settle()
    assert slack.nudges() == []
    await slack.send.command("/discreet", "on", user=admin)
    await slack.settle()
    await slack.send.message(f"ID {SA_ID_2}")
    await slack.settle()
    assert len(slack.nudges()) == 1


async def test_guidance_answers_privately_with_the_section(slack):
    pytest.importorskip("discreet.core.guidance", reason="the guidance engine is not in core yet")
    status, body, _ = await slack.send.command("/guidance", "friend request")
    assert status == 200
    assert body["response_type"] == "ephemeral"
    header = body["blocks"][0]["text"]["text"]
    assert header == core_guidance_title("friend-requests") and "friend requests" in header.lower()


async def test_false_positive_button_shows_up_in_stats(slack):
    await slack.send.message(f"ID {SA_ID}")
    await slack.settle()
    [nudge] = slack.nudges()
    [fp] = [e for b in nudge["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e["action_id"] == "false_positive"]
    status, _, hook = await slack.send.action("false_positive", fp["value"], user=AUTHOR)
    assert status == 200
    await slack.settle()
    assert "noted" in _all_text(slack.api.hook_posts(hook)[0]).lower()
    _, _, hook = await slack.send.command("/discreet", "stats")
    await slack.settle()
    stats = _all_text(slack.api.hook_posts(hook)[0])
    assert "national id: 1 (7 days), 1 (30 days)" in stats
    assert "not derogatory: 1 (7 days), 1 (30 days)" in stats


async def test_healthz(slack):
    async with slack.session.get(slack.base + "/healthz") as r:
        assert r.status == 200


async def test_thread_replies_and_messages_with_files_are_watched(slack):
    await slack.send.message(f"ID {SA_ID} see above", thread_ts="1700000000.000100")
    await slack.send.message(f"scan attached, ID {SA_ID_2}", subtype="file_share",
                             files=[{"id": "F0SCAN001", "name": "scan.png"}])
    await slack.settle()
    reply, with_file = slack.nudges()
    assert reply["thread_ts"] == "1700000000.000100"
    assert "thread_ts" not in with_file


@pytest.mark.parametrize("extra", [
    {"bot_id": "B0OTHER01"},  # another bot
    {"user": BOT_USER_ID},  # the bot itself
    {"subtype": "bot_message", "bot_id": "B0OTHER01"},
    {"subtype": "channel_join"},
    {"subtype": "channel_topic"},
    {"subtype": "message_deleted", "hidden": True},
    {"hidden": True},
    {"channel_type": "im"},
])
async def test_bots_system_subtypes_and_hidden_events_are_ignored(slack, extra):
    await slack.send.event(slack.send.message_event(f"ID {SA_ID}") | extra)
    await slack.settle()
    assert slack.nudges() == []


def _edit(send, ts: str, old: str, new: str, user: str = AUTHOR) -> dict:
    return {"type": "message", "subtype": "message_changed", "hidden": True, "channel": CHANNEL,
            "channel_type": "channel", "ts": f"{float(ts) + 5:.6f}",
            "message": {"type": "message", "user": user, "text": new, "ts": ts,
                        "edited": {"user": user, "ts": f"{float(ts) + 5:.6f}"}},
            "previous_message": {"type": "message", "user": user, "text": old, "ts": ts}}


async def test_an_edit_that_clears_a_nudged_message_gets_thanks_once(slack):
    old, ts = f"Bed 4 ID {SA_ID}", "1700000100.000100"
    await slack.send.message(old, ts=ts)
    await slack.settle()
    await slack.send.event(_edit(slack.send, ts, old, "Bed 4, details in the folder"))
    await slack.settle()
    await slack.send.event(_edit(slack.send, ts, "Bed 4, details in the folder", "Bed 4, details in folder"))
    await slack.settle()
    nudge, thanks = slack.nudges()
    assert "Thank" in _all_text(thanks) and thanks["user"] == AUTHOR


async def test_an_edit_that_adds_a_finding_is_nudged(slack):
    ts = "1700000200.000100"
    await slack.send.message("Bed 9 stable", ts=ts)
    await slack.send.event(_edit(slack.send, ts, "Bed 9 stable", "Bed 9 stable (unfurled link)"))
    await slack.settle()
    assert slack.nudges() == []
    await slack.send.event(_edit(slack.send, ts, "Bed 9 stable", f"Bed 9 stable, ID {SA_ID}"))
    await slack.settle()
    [nudge] = slack.nudges()
    assert SA_ID not in _all_text(nudge)


async def test_an_edit_that_only_unfurls_a_link_is_not_rechecked(slack):
    ts = "1700000300.000100"
    text = f"ID {SA_ID}"
    await slack.send.message(text, ts=ts)
    await slack.settle()
    await slack.send.event(_edit(slack.send, ts, text, text))
    await slack.settle()
    assert len(slack.nudges()) == 1


async def test_joining_a_channel_posts_one_public_introduction_and_monitoring_is_on(slack):
    await slack.send.event({"type": "member_joined_channel", "user": BOT_USER_ID, "channel": "C0NEWWARD",
                            "channel_type": "C", "team": slack.send.team, "inviter": ADMIN})
    await slack.send.event({"type": "member_joined_channel", "user": "U0INTRN01", "channel": "C0NEWWARD",
                            "channel_type": "C", "team": slack.send.team, "inviter": ADMIN})
    await slack.settle()
    [intro] = slack.api.calls_to("chat.postMessage")
    assert intro["channel"] == "C0NEWWARD" and "never store" in _all_text(intro)
    await slack.send.message(f"ID {SA_ID}", channel="C0NEWWARD")
    await slack.settle()
    assert len(slack.nudges("C0NEWWARD")) == 1


@pytest.mark.parametrize("status", [429, 503])
async def test_rate_limits_and_server_errors_are_retried_and_the_nudge_arrives(slack, status):
    slack.api.fail("chat.postEphemeral", status=status, retry_after=1)
    await slack.send.message(f"ID {SA_ID}")
    await slack.settle()
    assert slack.api.failed == ["chat.postEphemeral"]
    assert len(slack.nudges()) == 1


async def test_a_failure_on_one_message_is_logged_without_text_and_the_next_is_nudged(slack, captured_logs):
    slack.api.reject("chat.postEphemeral", "user_not_in_channel")
    await slack.send.message(f"ID {SA_ID}")
    await slack.settle()
    await slack.send.message(f"ID {SA_ID_2}")
    await slack.settle()
    assert slack.api.failed == ["chat.postEphemeral"] and len(slack.nudges()) == 1
    errors = [r.getMessage() for r in captured_logs.records if r.levelno >= logging.ERROR]
    assert any("user_not_in_channel" in e for e in errors)
    assert not any(SA_ID in e for e in errors)


async def test_a_failing_users_list_does_not_stop_nudges(tmp_path, fake_api, session):
    fake_api.reject("users.list", "internal_error")
    async with running_app(fake_api, tmp_path / "d.db", session) as h:
        await h.send.message(f"ID {SA_ID}")
        await h.settle()
        assert len(h.nudges()) == 1


async def test_a_retried_event_gives_no_second_nudge_across_a_restart(tmp_path, fake_api, session):
    db = tmp_path / "discreet.db"
    async with running_app(fake_api, db, session) as first:
        event = first.send.message_event(f"ID {SA_ID}")
        await first.send.event(event, event_id="Ev0RESTART1")
        await first.settle()
    async with running_app(fake_api, db, session) as second:
        status, _ = await second.send.event(event, event_id="Ev0RESTART1", retry_num=2)
        assert status == 200
        await second.settle()
    assert len(fake_api.calls_to("chat.postEphemeral")) == 1


async def test_show_guidance_button_answers_privately(slack):
    pytest.importorskip("discreet.core.guidance", reason="the guidance engine is not in core yet")
    status, _, hook = await slack.send.action("show_guidance", "friend-requests")
    assert status == 200
    await slack.settle()
    [answer] = slack.api.hook_posts(hook)
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"] == core_guidance_title("friend-requests")


async def test_url_verification_challenge_is_answered(slack):
    body = json.dumps({"token": "unused", "challenge": "ch4llenge-synthetic", "type": "url_verification"})
    status, answer = await slack.send.post(body, "application/json")
    assert status == 200 and answer == {"challenge": "ch4llenge-synthetic"}


# -- Slack's own wire format -------------------------------------------------
# What a Slack client really sends: ``text`` with &amp; &lt; &gt; escaped and
# links, e-mails and mentions in angle brackets, plus the same message as
# rich_text blocks.

def _rich(*parts) -> list[dict]:
    """rich_text blocks from (kind, value) parts, as Slack clients send them."""
    elements = []
    for kind, value in parts:
        if kind == "text":
            elements.append({"type": "text", "text": value})
        elif kind == "email":
            elements.append({"type": "link", "url": f"mailto:{value}", "text": value})
        elif kind == "link":
            elements.append({"type": "link", "url": value[0], "text": value[1]})
        elif kind == "user":
            elements.append({"type": "user", "user_id": value})
        elif kind == "channel":
            elements.append({"type": "channel", "channel_id": value})
        elif kind == "broadcast":
            elements.append({"type": "broadcast", "range": value})
    return [{"type": "rich_text", "block_id": "rt1",
             "elements": [{"type": "rich_text_section", "elements": elements}]}]


def _wire(*parts) -> str:
    """The same parts as Slack's ``text`` field."""
    out = []
    for kind, value in parts:
        if kind == "text":
            out.append(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        elif kind == "email":
            out.append(f"<mailto:{value}|{value}>")
        elif kind == "link":
            out.append(f"<{value[0]}|{value[1]}>")
        elif kind == "user":
            out.append(f"<@{value}>")
        elif kind == "channel":
            out.append(f"<#{value}|ward-4>")
        elif kind == "broadcast":
            out.append(f"<!{value}>")
    return "".join(out)


def _sections(call: dict) -> list[str]:
    """The mrkdwn of each section, as a Slack client would display it."""
    return [b["text"]["text"].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            for b in call["blocks"] if b["type"] == "section"]


async def _send_wire(slack, *parts, user=AUTHOR):
    await slack.send.message(_wire(*parts), user=user, blocks=_rich(*parts))
    await slack.settle()


async def test_slack_wire_text_gives_a_rewrite_in_the_authors_own_words(slack):
    parts = (("text", "Bed 4 M&M <today>: daughter's e-mail "), ("email", "jo.mokwena@example.com"),
             ("text", f", ID {SA_ID}; ask "), ("user", "U0REGST01"), ("text", " in "), ("channel", "C0WARD001"),
             ("text", " "), ("broadcast", "here"), ("text", ", notes on "),
             ("link", ("https://intranet.example.org/ward?a=1&b=2", "the ward page")))
    await _send_wire(slack, *parts)
    [nudge] = slack.nudges()
    shown = _sections(nudge)
    [rewrite] = [s for s in shown if s.startswith(">")]
    assert rewrite == (">Bed 4 M&M <today>: daughter's e-mail [e-mail], ID [ID no.]; ask @Lerato in #ward-4 "
                       "@here, notes on the ward page")
    for markup in ("&amp;", "&lt;", "&gt;", "<mailto", "<@", "<#", "<!", "<http", "|"):
        assert markup not in "\n".join(shown)
    email_bullets = [line for s in shown for line in s.splitlines() if "e-mail address" in line]
    assert len(email_bullets) == 1  # one e-mail, one finding
    assert "jo.mokwena@example.com" not in _all_text(nudge)


async def test_one_finding_per_email(slack):
    from discreet.bots.slack import to_inbound
    parts = (("text", "relative: "), ("email", "jo.mokwena@example.com"), ("text", " and "),
             ("email", "sam.mokwena@example.org"))
    event = slack.send.message_event(_wire(*parts), blocks=_rich(*parts))
    inbound, _ = await slack.adapter.decode(to_inbound(event, "Ev0EMAILS1"), slack.send.team)
    out = await slack.adapter.service.on_message(inbound)
    assert [f.kind for f in out.findings] == ["email", "email"]
    assert [inbound.text[f.start:f.end] for f in out.findings] == ["jo.mokwena@example.com",
                                                                   "sam.mokwena@example.org"]


async def test_a_mention_names_a_colleague_and_is_never_flagged(slack):
    await slack.send.message("warming the names cache")
    await slack.settle()
    # a member who joined after the names were cached: the mention brings their name
    slack.api.users["U0NEWDOC1"] = {"id": "U0NEWDOC1", "name": "naledi", "real_name": "Naledi Dube",
                                    "display_name": "Naledi Dube"}
    await _send_wire(slack, ("text", "Bed 4 reviewed by "), ("user", "U0NEWDOC1"),
                     ("text", ", Naledi Dube will do the discharge"))
    await _send_wire(slack, ("user", "U0NEWDOC1"), ("text", " pt in bed 4 for review"))
    assert slack.nudges() == []


# -- membership, Slack-only settings, the opt-in DM --------------------------

async def test_status_in_a_channel_the_bot_is_not_in_says_how_to_invite_it(slack):
    slack.api.not_member_of.add("C0NOTIN01")
    _, _, hook = await slack.send.command("/discreet", "status", channel="C0NOTIN01")
    await slack.settle()
    answer = _all_text(slack.api.hook_posts(hook)[0])
    assert "Monitoring is ON" not in answer
    assert "not a member" in answer and "/invite @Discreet" in answer
    assert slack.api.calls_to("conversations.info")[-1]["channel"] == "C0NOTIN01"
    _, _, hook = await slack.send.command("/discreet", "status")  # a channel it is in
    await slack.settle()
    assert "Monitoring is ON" in _all_text(slack.api.hook_posts(hook)[0])


async def test_slack_status_and_help_hide_telegram_only_settings(slack):
    _, _, status = await slack.send.command("/discreet", "status")
    _, _, helps = await slack.send.command("/discreet", "help")
    await slack.settle()
    for hook in (status, helps):
        text = _all_text(slack.api.hook_posts(hook)[0]).lower()
        assert "remove" not in text and "this group" not in text


async def test_a_high_severity_nudge_also_comes_as_a_dm_for_who_opted_in(slack):
    await slack.send.message(f"ID {SA_ID}")  # not opted in: the ephemeral note only
    await slack.settle()
    assert slack.api.calls_to("chat.postMessage") == []
    _, _, hook = await slack.send.command("/discreet", "dm on")
    await slack.settle()
    assert "direct message" in _all_text(slack.api.hook_posts(hook)[0])
    await slack.send.message(f"Bed 4 ID {SA_ID_2}, for the discharge letter")
    await slack.send.message("Bed 4: reviewed, for discharge")  # nothing found: nothing sent
    await slack.settle()
    assert len(slack.nudges()) == 2
    [dm] = slack.api.calls_to("chat.postMessage")
    assert dm["channel"] == AUTHOR  # the app's DM with the author
    text = _all_text(dm)
    assert "ID number" in text and SA_ID_2 not in text and SA_ID_2[:2] + "\u2022" not in text
    assert "discharge" not in text  # the DM carries no words of the message
    await slack.send.message(f"ID {SA_ID_3}", user="U0INTRN01")  # someone else, not opted in
    await slack.settle()
    assert len(slack.api.calls_to("chat.postMessage")) == 1


async def test_slack_dm_high_opts_the_whole_workspace_in(tmp_path, fake_api, session):
    async with running_app(fake_api, tmp_path / "d.db", session, SLACK_DM_HIGH="on") as h:
        await h.send.message(f"ID {SA_ID}")
        await h.settle()
        assert [c["channel"] for c in fake_api.calls_to("chat.postMessage")] == [AUTHOR]
        await h.send.command("/discreet", "dm off")
        await h.settle()
        await h.send.message(f"ID {SA_ID_2}")
        await h.settle()
        assert len(fake_api.calls_to("chat.postMessage")) == 1 and len(h.nudges()) == 2


async def test_rules_lists_each_rule_with_its_state_and_stats_count_per_rule(slack):
    await slack.send.command("/discreet", "rule off contact-email", user=ADMIN)
    await slack.send.message(f"ID {SA_ID}")
    await slack.settle()
    _, _, rules = await slack.send.command("/discreet", "rules")
    _, _, stats = await slack.send.command("/discreet", "stats")
    _, _, typo = await slack.send.command("/discreet", "polcies identifiers")
    await slack.settle()
    listed = _all_text(slack.api.hook_posts(rules)[0])
    assert "contact-email (off)" in listed and "id-za-number (on): A South African ID number" in listed
    assert all(len(b["text"]["text"]) <= 3000 for b in slack.api.hook_posts(rules)[0]["blocks"]
               if b["type"] == "section")
    assert "id-za-number: 1 (7 days), 1 (30 days)" in _all_text(slack.api.hook_posts(stats)[0])
    assert "Did you mean /discreet policies?" in _all_text(slack.api.hook_posts(typo)[0])
