"""End to end (issue 14, authors and admins): shadow mode, /discreet check,
the "Check with Discreet" message shortcut and the App Home, against the
real Bolt app over HTTP, the fake Slack Web API at the wire and the real
store on a temporary file. Only synthetic people and numbers.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.bots.test_slack_e2e import (ADMIN, AUTHOR, CHANNEL, LISTED, SA_ID, SA_ID_2, SA_ID_3, _all_text, _edit,
                                       captured_logs, slack)  # noqa: F401  (fixtures)
from tests.fakes.slack_api import BOT_USER_ID

pytestmark = pytest.mark.usefixtures("captured_logs")


def _rows(db, sql):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _db_bytes(db) -> bytes:
    data = db.read_bytes()
    wal = db.with_name(db.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


async def _join(slack, channel=CHANNEL):
    await slack.send.event({"type": "member_joined_channel", "user": BOT_USER_ID, "channel": channel,
                            "channel_type": "C", "team": slack.send.team, "inviter": ADMIN})
    await slack.settle()


async def _command(slack, text, user=AUTHOR, channel=CHANNEL) -> dict:
    _, _, hook = await slack.send.command("/discreet", text, user=user, channel=channel)
    await slack.settle()
    [answer] = slack.api.hook_posts(hook)
    return answer


def _texts(view: dict) -> str:
    return json.dumps(view, ensure_ascii=False)


def _element(view: dict, block_id: str, action_id: str) -> dict:
    [block] = [b for b in view["blocks"] if b.get("block_id") == block_id]
    [el] = [e for e in block["elements"] if e["action_id"] == action_id]
    return el


# -- shadow mode ---------------------------------------------------------------

async def test_observe_mode_counts_without_any_ephemeral_and_stats_say_what_would_have_been_sent(slack):
    answer = await _command(slack, "mode observe", user=ADMIN)
    assert "Mode: observe" in _all_text(answer)
    old, ts = f"Bed 4 ID {SA_ID}", "1700000500.000100"
    await slack.send.message(old, ts=ts)
    await slack.send.message(f"Bed 5 ID {SA_ID_2}")
    await slack.settle()
    await slack.send.event(_edit(slack.send, ts, old, "Bed 4, details in the folder"))  # fixed: no thanks either
    await slack.settle()
    assert slack.api.calls_to("chat.postEphemeral") == []
    assert slack.api.calls_to("chat.postMessage") == []
    assert _rows(slack.db_path, "SELECT observed, COUNT(*) FROM nudges GROUP BY observed") == [(1, 2)]
    stats = _all_text(await _command(slack, "stats"))
    assert "would have nudged 2 (7 days), 2 (30 days)" in stats
    assert "Messages nudged: 0 (7 days), 0 (30 days)" in stats
    assert SA_ID not in _db_bytes(slack.db_path).decode("latin-1")
    # back to nudging: the next one is sent, and counted as sent
    await _command(slack, "mode nudge", user=LISTED)
    await slack.send.message(f"Bed 6 ID {SA_ID_3}")
    await slack.settle()
    assert len(slack.nudges()) == 1
    stats = _all_text(await _command(slack, "stats"))
    assert "Messages nudged: 1 (7 days), 1 (30 days)" in stats and "would have nudged 2" in stats


async def test_only_an_admin_changes_the_mode(slack):
    answer = await _command(slack, "mode observe", user=AUTHOR)
    assert "Only an admin" in _all_text(answer)
    await slack.send.message(f"ID {SA_ID}")
    await slack.settle()
    assert len(slack.nudges()) == 1


async def test_the_introduction_says_which_mode_is_on(slack):
    await _join(slack, "C0NEWWARD")
    [intro] = slack.api.calls_to("chat.postMessage")
    assert "Mode: nudge" in _all_text(intro) and "/discreet check" in _all_text(intro)
    await _command(slack, "mode observe", user=ADMIN, channel="C0TRIAL01")
    await _join(slack, "C0TRIAL01")
    intro = slack.api.calls_to("chat.postMessage")[-1]
    assert intro["channel"] == "C0TRIAL01" and "observe mode" in _all_text(intro)
    assert "nobody a note" in _all_text(intro)


# -- /discreet check and the message shortcut -----------------------------------

async def test_discreet_check_answers_privately_with_findings_and_rewrite_and_stores_nothing(slack, captured_logs):
    before = _rows(slack.db_path, "SELECT (SELECT COUNT(*) FROM nudges), (SELECT COUNT(*) FROM seen_events),"
                                  " (SELECT COUNT(*) FROM jobs), (SELECT COUNT(*) FROM nudged_messages)")
    answer = await _command(slack, f"check Bed 4: pt ID {SA_ID}, query sepsis")
    text = _all_text(answer)
    assert answer["response_type"] == "ephemeral"
    assert "Discreet check" in text and "nothing about it was posted or stored" in text
    assert SA_ID not in text and SA_ID[:2] in text and "\u2022" in text  # masked in the rewrite
    assert "You could write instead" in text
    buttons = [e["action_id"] for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert "false_positive" not in buttons  # no stored note to report
    assert slack.api.calls_to("chat.postEphemeral") == [] and slack.api.calls_to("users.info") == []
    after = _rows(slack.db_path, "SELECT (SELECT COUNT(*) FROM nudges), (SELECT COUNT(*) FROM seen_events),"
                                 " (SELECT COUNT(*) FROM jobs), (SELECT COUNT(*) FROM nudged_messages)")
    assert after == before == [(0, 0, 0, 0)]
    assert SA_ID not in _db_bytes(slack.db_path).decode("latin-1")
    stats = _all_text(await _command(slack, "stats"))
    assert "Messages nudged: 0 (7 days), 0 (30 days)" in stats
    assert json.dumps(answer["blocks"]).count("Only you can see this") == 1
    assert SA_ID not in captured_logs.text and "sepsis" not in captured_logs.text


async def test_discreet_check_of_a_clean_draft_and_of_a_colleagues_mention(slack):
    answer = _all_text(await _command(slack, "check Handover at 7, bed 4 stable, ask <@U0REGST01|lerato>"))
    assert "found nothing to flag" in answer
    answer = _all_text(await _command(slack, "check"))
    assert "Put the draft after the command" in answer


async def test_the_message_shortcut_answers_only_the_person_who_used_it_and_stores_nothing(slack, captured_logs):
    await _command(slack, "off", user=ADMIN)  # the message itself is not nudged here
    event = slack.send.message_event(f"Discharge letter for ID {SA_ID} is ready", user="U0REGST01")
    await slack.send.event(event)
    await slack.settle()
    status, _, hook = await slack.send.shortcut(event, user=AUTHOR)
    assert status == 200
    await slack.settle()
    [answer] = slack.api.hook_posts(hook)
    assert answer["response_type"] == "ephemeral"
    text = _all_text(answer)
    assert "Discreet check" in text and SA_ID not in text and "You could write instead" in text
    assert slack.api.calls_to("chat.postEphemeral") == [] and slack.api.calls_to("chat.postMessage") == []
    assert _rows(slack.db_path, "SELECT COUNT(*) FROM nudges") == [(0,)]
    assert SA_ID not in captured_logs.text
    # a message with no text (a file only) gets a plain answer
    status, _, hook = await slack.send.shortcut({"type": "message", "user": "U0REGST01", "ts": "1700000900.000100",
                                                 "text": ""}, user=AUTHOR)
    await slack.settle()
    assert "no text I can check" in _all_text(slack.api.hook_posts(hook)[0])


# -- App Home ----------------------------------------------------------------------

async def test_app_home_for_a_member_shows_what_discreet_does_topics_and_their_own_counts(slack):
    pytest.importorskip("discreet.core.guidance")
    await _join(slack)
    await slack.send.message(f"ID {SA_ID}", user=AUTHOR)
    await slack.send.message(f"ID {SA_ID_2}", user="U0INTRN01")  # someone else's note is not counted
    await slack.settle()
    await slack.send.home_opened(AUTHOR)
    await slack.settle()
    view = slack.api.home_of(AUTHOR)
    text = _texts(view)
    assert view["type"] == "home"
    assert "Never stored: message text" in text
    assert "You had 1 private note in the last 30 days" in text and "an ID number: 1" in text, text[:1500]
    topics = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
              if e["action_id"].startswith("home_guidance")]
    assert "friend requests" in {e["value"] for e in topics} and len(topics) >= 5
    assert "Channels (admins)" not in text and "home_monitoring" not in text
    assert SA_ID not in text
    # a topic button opens the guidance in a modal
    await slack.send.home_action(AUTHOR, {"type": "button", "action_id": topics[0]["action_id"],
                                          "value": topics[0]["value"]}, "guidance:0")
    await slack.settle()
    [modal] = slack.api.calls_to("views.open")
    assert modal["view"]["type"] == "modal" and modal["view"]["blocks"]


async def _two_channels_one_observed_one_report(slack):
    """Two channels (one in observe mode), a message with an identifier in
    each, and the one real nudge reported as a false alarm by its author."""
    await _join(slack)
    await _join(slack, "C0TRIAL01")
    await _command(slack, "mode observe", user=ADMIN, channel="C0TRIAL01")
    await slack.send.message(f"ID {SA_ID}")
    await slack.send.message(f"ID {SA_ID_2}", channel="C0TRIAL01")
    await slack.settle()
    [nudge] = slack.nudges()
    [fp] = [e for b in nudge["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e["action_id"] == "false_positive"]
    await slack.send.action("false_positive", fp["value"], user=AUTHOR)
    await slack.settle()


async def test_app_home_for_an_admin_lists_channels_with_settings_counts_and_reports_per_rule(slack):
    await _two_channels_one_observed_one_report(slack)
    await slack.send.home_opened(ADMIN)
    await slack.settle()
    view = slack.api.home_of(ADMIN)
    text = _texts(view)
    assert "Channels (admins)" in text
    assert f"<#{CHANNEL}>*: monitoring ON, mode nudge. Messages nudged 1 (7 days), 1 (30 days); " \
           "1 false-alarm report (30 days)" in text
    assert "<#C0TRIAL01>*: monitoring ON, mode observe. Messages would have nudged 1 (7 days), 1 (30 days)" in text
    assert _element(view, f"ch:{CHANNEL}", "home_mode")["initial_option"]["value"] == "nudge"
    assert _element(view, "ch:C0TRIAL01", "home_mode")["initial_option"]["value"] == "observe"
    assert {o["value"] for o in _element(view, f"ch:{CHANNEL}", "home_policies")["initial_options"]} == \
        {"identifiers", "derogatory"}
    rule = _rows(slack.db_path, "SELECT rule FROM nudge_findings f JOIN nudges n USING (nudge_id)"
                                " WHERE n.feedback IS NOT NULL")[0][0]
    assert f"`{rule}`: 1" in text
    assert SA_ID not in text and SA_ID_2 not in text and AUTHOR not in text


async def test_a_setting_changed_on_app_home_holds_on_the_next_message(slack):
    await _join(slack)
    await slack.send.home_opened(ADMIN)
    await slack.settle()
    view = slack.api.home_of(ADMIN)
    select = _element(view, f"ch:{CHANNEL}", "home_mode")
    observe = next(o for o in select["options"] if o["value"] == "observe")
    await slack.send.home_action(ADMIN, {"type": "static_select", "action_id": "home_mode",
                                         "selected_option": observe}, f"ch:{CHANNEL}")
    await slack.settle()
    view = slack.api.home_of(ADMIN)
    assert _element(view, f"ch:{CHANNEL}", "home_mode")["initial_option"]["value"] == "observe"
    assert "Updated" in _texts(view)
    await slack.send.message(f"ID {SA_ID}")
    await slack.settle()
    assert slack.nudges() == []  # observed, not sent
    assert _rows(slack.db_path, "SELECT observed FROM nudges") == [(1,)]
    # monitoring off from the home button, then the policies checkboxes
    button = _element(view, f"ch:{CHANNEL}", "home_monitoring")
    await slack.send.home_action(ADMIN, {"type": "button", "action_id": "home_monitoring",
                                         "value": button["value"]}, f"ch:{CHANNEL}")
    await slack.settle()
    assert "Monitoring is OFF" in _all_text(await _command(slack, "status"))
    await slack.send.home_action(ADMIN, {"type": "button", "action_id": "home_monitoring", "value": "on"},
                                 f"ch:{CHANNEL}")
    await slack.send.home_action(ADMIN, {"type": "static_select", "action_id": "home_mode",
                                         "selected_option": {"value": "nudge"}}, f"ch:{CHANNEL}")
    await slack.send.home_action(ADMIN, {"type": "checkboxes", "action_id": "home_policies",
                                         "selected_options": [{"value": "derogatory"}]}, f"ch:{CHANNEL}")
    await slack.settle()
    status = _all_text(await _command(slack, "status"))
    assert "Policies: derogatory" in status and "Mode: nudge" in status and "Monitoring is ON" in status
    await slack.send.message(f"ID {SA_ID_2}")  # identifiers are no longer checked here
    await slack.settle()
    assert slack.nudges() == []


async def test_a_member_cannot_change_settings_from_app_home(slack):
    await _join(slack)
    await slack.send.home_action(AUTHOR, {"type": "button", "action_id": "home_monitoring", "value": "off"},
                                 f"ch:{CHANNEL}")
    await slack.settle()
    view = slack.api.home_of(AUTHOR)
    assert "Only an admin" in _texts(view) and "home_monitoring" not in _texts(view)
    await slack.send.message(f"ID {SA_ID}")
    await slack.settle()
    assert len(slack.nudges()) == 1


# -- weekly digest -----------------------------------------------------------------

async def test_weekly_digest_is_opt_in_and_goes_privately_to_the_admins_with_counts_only(slack):
    assert await slack.adapter.send_digests() == 0  # off by default
    assert "Only an admin" in _all_text(await _command(slack, "digest on", user=AUTHOR))
    assert "Done" in _all_text(await _command(slack, "digest on", user=ADMIN))
    assert "digest is on" in _all_text(await _command(slack, "digest"))
    await _two_channels_one_observed_one_report(slack)
    posted_before = len(slack.api.calls_to("chat.postMessage"))
    assert await slack.adapter.send_digests() == 3  # two workspace admins and one by DISCREET_ADMINS
    digests = slack.api.calls_to("chat.postMessage")[posted_before:]
    assert {d["channel"] for d in digests} == {ADMIN, "U0OWNER01", LISTED}  # direct messages, not channels
    text = _all_text(digests[0])
    assert "#ward-001: 1 message nudged (up 1 from 0 the week before); 1 reported as false alarms" in text
    assert "#ward-l01: 0 messages nudged (same as the week before, 0); observe mode: would have nudged 1" in text
    assert "an ID number: 2 (up 2 from 0 the week before)" in text
    assert "id-za-number: 1 report" in text
    assert SA_ID not in text and SA_ID_2 not in text and AUTHOR not in text
    assert await slack.adapter.send_digests() == 0  # once a week
    await _command(slack, "digest off", user=ADMIN)
    assert "digest is off" in _all_text(await _command(slack, "digest"))


async def test_app_home_for_a_large_workspace_stays_within_slacks_block_limit(slack):
    from discreet.bots.store import ChannelSettings
    for i in range(30):
        await slack.store.put_settings("slack", f"C0BIG{i:04d}", ChannelSettings(disabled_rules=frozenset({"x"})))
    await slack.send.home_opened(ADMIN)
    await slack.settle()
    [published] = slack.api.calls_to("views.publish")
    view = published["view"]
    assert len(view["blocks"]) <= 100
    assert sum(1 for b in view["blocks"] if str(b.get("block_id", "")).startswith("ch:")) == 25
    assert "5 more channels are not listed here" in _texts(view)
    assert "False-alarm reports, by rule" in _texts(view)  # nothing cut off at the end
