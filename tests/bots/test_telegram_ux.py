"""End to end on Telegram (issue 14): a draft checked in a private chat,
/discreet check, the settings keyboard (refused for a non-admin) and observe
mode, against the real python-telegram-bot Application and the fake Bot API.
After every test no identifier is in the database files or the logs (the
``tg`` fixture checks). Synthetic people only.
"""

from __future__ import annotations

import sqlite3
import time

from telegram import Bot as PTBBot

from discreet.bots.telegram import TelegramBot

from tests.bots.test_telegram_e2e import (ADMIN, BENIGN, CHAT, FLAGGED, ID_NUMBER, STARTED, STRANGER,  # noqa: F401
                                          answer_to, tg)
from tests.fakes.telegram_api import callback_update, private


def _count(db, sql) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


async def _answer(tg, chat_id, mid):
    return await tg.fake.wait_for(lambda: answer_to(tg.fake, chat_id, mid))


async def test_text_sent_privately_is_checked_there_and_nothing_is_stored(tg):
    mid = await tg.say(STARTED, FLAGGED, chat=private(STARTED))
    answer = await _answer(tg, STARTED["id"], mid)
    assert "Discreet check" in answer.text and "nothing about it was posted or stored" in answer.text
    assert ID_NUMBER not in answer.text and "[ID no.]" in answer.text  # the rewrite
    assert "Not patient information" not in str(answer.reply_markup)  # no stored note to report
    mid = await tg.say(STARTED, BENIGN, chat=private(STARTED))
    assert "found nothing to flag" in (await _answer(tg, STARTED["id"], mid)).text
    mid = await tg.say(STARTED, f"/discreet check {FLAGGED}", chat=private(STARTED))
    assert "[ID no.]" in (await _answer(tg, STARTED["id"], mid)).text
    await tg.settle()
    assert _count(tg.db, "SELECT COUNT(*) FROM nudges") == 0
    assert _count(tg.db, "SELECT COUNT(*) FROM nudged_messages") == 0
    assert tg.fake.sent_to(CHAT["id"]) == []


async def test_discreet_check_in_a_group_points_to_the_private_chat_without_echoing(tg):
    mid = await tg.say(STARTED, f"/discreet check {BENIGN}")
    answer = await _answer(tg, CHAT["id"], mid)
    assert "Send it to me privately" in answer.text and BENIGN not in answer.text
    assert "https://t.me/DiscreetTestBot" in answer.text


async def test_settings_keyboard_is_refused_for_a_non_admin_and_works_for_an_admin(tg):
    mid = await tg.say(STRANGER, "/discreet settings")
    refused = await _answer(tg, CHAT["id"], mid)
    assert "Only an admin" in refused.text and not refused.buttons()
    mid = await tg.say(ADMIN, "/discreet settings")
    panel = await _answer(tg, CHAT["id"], mid)
    observe = next(b for b in panel.buttons() if b["callback_data"] == "set|mode:observe")
    # a member presses an admin's button: refused with an alert, nothing changes
    await tg.fake.push(callback_update(STRANGER, observe["callback_data"], panel, chat=CHAT))
    await tg.fake.wait_for(lambda: tg.fake.answered)
    assert tg.fake.answered[-1].get("show_alert") in (True, "true", "True")
    assert "Only an admin" in tg.fake.answered[-1]["text"]
    assert (await tg.service.settings("telegram", str(CHAT["id"]))).mode == "nudge"
    assert tg.fake.edited == []
    # the admin presses it: the group is in observe mode, the message shows the new state
    await tg.fake.push(callback_update(ADMIN, observe["callback_data"], panel, chat=CHAT))
    await tg.fake.wait_for(lambda: tg.fake.edited)
    assert "Mode: observe" in tg.fake.edited[-1]["text"]
    assert "set|mode:nudge" in str(tg.fake.edited[-1]["reply_markup"])
    assert (await tg.service.settings("telegram", str(CHAT["id"]))).mode == "observe"
    # and it holds on the next message: counted, nobody nudged
    await tg.say(STARTED, FLAGGED)
    await tg.settle()
    assert tg.fake.sent_to(STARTED["id"]) == []  # no private note
    assert tg.fake.sent_to(CHAT["id"]) == [refused, panel]  # and no neutral notice in the group
    assert _count(tg.db, "SELECT COUNT(*) FROM nudges WHERE observed = 1") == 1
    mid = await tg.say(STARTED, "/discreet stats")
    assert "would have nudged 1 (7 days), 1 (30 days)" in (await _answer(tg, CHAT["id"], mid)).text


async def test_weekly_digest_goes_privately_to_the_groups_admins(tg):
    mid = await tg.say(STARTED, "/discreet digest on")
    assert "Only an admin" in (await _answer(tg, CHAT["id"], mid)).text
    mid = await tg.say(ADMIN, "/discreet digest on")
    assert "weekly digest" in (await _answer(tg, CHAT["id"], mid)).text
    await tg.say(STARTED, FLAGGED)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))
    await tg.settle()
    digester = TelegramBot(tg.config, tg.service)
    async with PTBBot(tg.config.telegram_bot_token, base_url=tg.config.telegram_api_url) as b:
        assert await digester.send_digests(b) == 1  # the one admin (who started the bot)
        assert await digester.send_digests(b, now=time.time() + 86400) == 0  # once a week
    [digest] = tg.fake.sent_to(ADMIN["id"])
    assert "the week in numbers" in digest.text
    assert "Group: 1 message nudged (up 1 from 0 the week before)" in digest.text
    assert ID_NUMBER not in digest.text and "Sipho" not in digest.text
    assert tg.fake.sent_to(CHAT["id"])[-1].text != digest.text  # never in the group
