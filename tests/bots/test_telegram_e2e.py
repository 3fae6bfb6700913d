"""End to end: the real python-telegram-bot Application (``bots.telegram.run``)
against a local fake Bot API server, with the real service and a real SQLite
file. After every test, no byte of any test identifier may be in the
database files or in the captured logs.

Synthetic people only. Chats are handled in parallel and each chat in order, so a test that
expects *nothing* sends a sentinel (a /guidance in each chat in use) afterwards and waits
for its answer before asserting.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from discreet.bots.config import NOISY_LOGGERS, Config, setup_logging
from discreet.bots.service import build_service
from discreet.bots.telegram import TelegramBot, run
from telegram import Bot as PTBBot
from tests.fakes.telegram_api import (
    ANON_ADMIN_BOT,
    FakeTelegram,
    bot_added_update,
    callback_update,
    group,
    message_update,
    private,
    user,
    wait_listening,
)

ID_NUMBER = "8001015009087"  # synthetic SA ID (valid checksum)
SECOND_ID = "9202204720083"  # synthetic SA ID (valid checksum)
PATIENT = "Thandiwe Mokoena"  # synthetic patient
IDENTIFIERS = (ID_NUMBER, SECOND_ID, PATIENT, "Thandiwe", "Mokoena")
FLAGGED = f"pt {PATIENT} ID {ID_NUMBER} in bed 4, for bloods"
BENIGN = "bed 4 for bloods at 10, theatre list is up"

CHAT = group(-1001234567890)
STARTED = user(7001, "Sipho", "Ndlovu")  # has started the bot
STRANGER = user(7002, "Naledi", "Zulu")  # never started it
ADMIN = user(7003, "Ayesha", "Patel")  # a chat administrator
OWNER_BY_ENV = user(9001, "Pieter", "Botha")  # in DISCREET_ADMINS


@dataclass
class Bot:
    fake: FakeTelegram
    config: Config
    service: object
    store: object
    task: asyncio.Task
    db: Path
    logs: list[str]

    async def say(self, sender: dict, text: str, *, chat: dict = CHAT, edited_id: int | None = None, **kw) -> int:
        mid = edited_id or self.fake.next_message_id()
        await self.fake.push(message_update(chat, sender, text, message_id=mid, edited=edited_id is not None, **kw))
        return mid

    async def settle(self, *groups: dict) -> None:
        """Wait until every update pushed so far has been handled. Chats are
        handled in parallel and each chat in order, so a /guidance goes last
        in each lane in use (the private chat, the test group and ``groups``),
        and its answer (removed here) marks the end of that lane."""
        self.fake.started.add(STARTED["id"])
        # groups first (their messages handled, their notes queued), then the private chat: its answer
        # queues behind every note still on its way to STARTED
        lanes = [(CHAT, CHAT["id"])] + [(g, g["id"]) for g in groups] + [(private(STARTED), STARTED["id"])]
        for chat, answer_chat in lanes:
            mid = await self.say(STARTED, "/guidance", chat=chat)
            answer = await self.fake.wait_for(lambda: answer_to(self.fake, answer_chat, mid))
            self.fake.sent.remove(answer)


def answer_to(fake: FakeTelegram, chat_id: int, message_id: int):
    return next((s for s in fake.sent if s.chat_id == chat_id
                 and (s.params.get("reply_parameters") or {}).get("message_id") == message_id), None)


class _Capture(logging.Handler):
    def __init__(self, out: list[str]):
        super().__init__(logging.DEBUG)
        self.out = out
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record):
        self.out.append(self.format(record))  # format() includes any traceback


def _assert_no_identifier_bytes(db: Path, logs: list[str]) -> None:
    blobs = [p.read_bytes() for p in db.parent.glob(db.name + "*")]
    assert blobs, "the database file was not written"
    text = "\n".join(logs).encode()
    for ident in IDENTIFIERS:
        for blob in blobs:
            assert ident.encode() not in blob, "an identifier reached the database"
        assert ident.encode() not in text, "an identifier reached the logs"


async def _start(tmp_path: Path, fake: FakeTelegram, logs: list[str]) -> Bot:
    db = tmp_path / "discreet.db"
    config = Config.from_env({
        "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url, "DISCREET_DB": str(db),
        "DISCREET_SECRET": "test-secret-0123456789", "DISCREET_ADMINS": str(OWNER_BY_ENV["id"]),
        "DISCREET_LOG_LEVEL": "DEBUG",
    })
    service, store = await build_service(config)
    task = asyncio.create_task(run(config, service, poll_timeout=1))
    polls = len([c for c in fake.calls if c[0] == "getUpdates"])
    await fake.wait_for(lambda: len([c for c in fake.calls if c[0] == "getUpdates"]) > polls)
    return Bot(fake, config, service, store, task, db, logs)


async def _stop(bot: Bot) -> None:
    await bot.fake.release_polls()
    bot.task.cancel()
    await asyncio.gather(bot.task, return_exceptions=True)
    await bot.fake.release_polls(False)
    await bot.store.close()


@pytest.fixture
async def tg(tmp_path):
    logs: list[str] = []
    root = logging.getLogger()
    saved = root.level, {n: logging.getLogger(n).level for n in NOISY_LOGGERS}
    setup_logging("DEBUG")  # what `discreet telegram` does, at the most verbose level
    handler = _Capture(logs)
    root.addHandler(handler)
    fake = await FakeTelegram(started={STARTED["id"], ADMIN["id"], OWNER_BY_ENV["id"]},
                              statuses={(CHAT["id"], ADMIN["id"]): "administrator"}).start()
    bot = await _start(tmp_path, fake, logs)
    try:
        yield bot
    finally:
        await _stop(bot)
        await fake.stop()
        root.removeHandler(handler)
        root.setLevel(saved[0])
        for n, lvl in saved[1].items():
            logging.getLogger(n).setLevel(lvl)
    _assert_no_identifier_bytes(bot.db, logs)


def _contains_identifier(text: str) -> bool:
    return any(i in text for i in IDENTIFIERS)


async def test_started_user_gets_exactly_one_private_nudge_and_the_group_nothing(tg):
    assert {c["command"] for c in tg.fake.commands} >= {"guidance", "discreet", "start"}  # setMyCommands at start
    mid = await tg.say(STARTED, FLAGGED)
    dm = await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))
    await tg.settle()
    assert len(tg.fake.sent_to(STARTED["id"])) == 1
    assert tg.fake.sent_to(CHAT["id"]) == []
    nudge = dm[0]
    assert nudge.params.get("parse_mode") == "HTML"
    assert ID_NUMBER not in nudge.text  # masked, and the rewrite has a placeholder
    assert "[ID no.]" in nudge.text
    assert f'<a href="https://t.me/c/1234567890/{mid}">Go to your message</a>' in nudge.text
    labels = [b["text"] for b in nudge.buttons()]
    assert labels == ["Not patient information / not derogatory", "Show guidance"]


async def test_stranger_gets_a_neutral_deep_link_then_the_nudge_privately(tg):
    mid = await tg.say(STRANGER, FLAGGED)
    notice = (await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])))[0]
    await tg.settle()
    assert len(tg.fake.sent_to(CHAT["id"])) == 1 and tg.fake.sent_to(STRANGER["id"]) == []
    assert not _contains_identifier(notice.text)
    visible = re.sub(r"<[^>]+>", "", notice.text).lower()
    for word in (r"\bid\b", "identif", "patient", "name", "derogatory", "number"):
        assert not re.search(word, visible)  # reveals nothing about the content
    assert notice.params["reply_parameters"]["message_id"] == mid
    token = re.search(r"https://t\.me/DiscreetTestBot\?start=([A-Za-z0-9_-]+)", notice.text).group(1)

    tg.fake.started.add(STRANGER["id"])
    await tg.say(STRANGER, f"/start {token}", chat=private(STRANGER))
    dm = (await tg.fake.wait_for(lambda: tg.fake.sent_to(STRANGER["id"])))[0]
    assert "an ID number" in dm.text and not _contains_identifier(dm.text)
    assert f"https://t.me/c/1234567890/{mid}" in dm.text
    await tg.fake.wait_for(lambda: (CHAT["id"], notice.message_id) in tg.fake.deleted)

    # the link works once only
    await tg.say(STRANGER, f"/start {token}", chat=private(STRANGER))
    await tg.fake.wait_for(lambda: len(tg.fake.sent_to(STRANGER["id"])) == 2)
    assert "already been delivered or has expired" in tg.fake.sent_to(STRANGER["id"])[1].text


async def test_expired_pending_nudge_has_its_notice_deleted(tg):
    await tg.say(STRANGER, FLAGGED)
    notice = (await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])))[0]
    await tg.settle()
    # the sweeper runs every minute in the bot; here one sweep runs "a day later"
    sweeper = TelegramBot(tg.config, tg.service)
    later = time.time() + tg.config.pending_ttl_s + 1
    async with PTBBot(tg.config.telegram_bot_token, base_url=tg.config.telegram_api_url) as b:
        assert await sweeper.sweep(b, now=later) == 1
        assert await sweeper.sweep(b, now=later + 1) == 0  # each notice is deleted once
    assert (CHAT["id"], notice.message_id) in tg.fake.deleted


async def test_benign_message_gives_nothing(tg):
    await tg.say(STARTED, BENIGN)
    await tg.say(STRANGER, BENIGN)
    await tg.settle()
    assert tg.fake.sent == []


async def test_edit_that_adds_an_identifier_is_nudged(tg):
    mid = await tg.say(STARTED, BENIGN)
    await tg.settle()
    assert tg.fake.sent == []
    await tg.say(STARTED, BENIGN + f" re {ID_NUMBER}", edited_id=mid)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))
    await tg.settle()
    assert len(tg.fake.sent_to(STARTED["id"])) == 1


async def test_captions_are_checked(tg):
    await tg.say(STARTED, None, caption=FLAGGED)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))


async def test_non_admin_cannot_turn_it_off_an_admin_can(tg):
    await tg.say(STARTED, "/discreet off")
    refusal = (await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])))[0]
    assert "Only an admin" in refusal.text
    assert (await tg.service.settings("telegram", str(CHAT["id"]))).monitoring

    await tg.say(ADMIN, "/discreet off")
    done = (await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])[1:]))[0]
    assert "Monitoring is OFF" in done.text
    assert not (await tg.service.settings("telegram", str(CHAT["id"]))).monitoring
    await tg.say(STARTED, FLAGGED)
    await tg.settle()
    assert tg.fake.sent_to(STARTED["id"]) == []

    await tg.say(OWNER_BY_ENV, "/discreet on")  # DISCREET_ADMINS
    await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])[2:])
    assert (await tg.service.settings("telegram", str(CHAT["id"]))).monitoring


async def test_anonymous_group_admin_is_an_admin_and_never_dmed(tg):
    await tg.say(ANON_ADMIN_BOT, "/discreet remove on", sender_chat=CHAT)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"]))
    assert (await tg.service.settings("telegram", str(CHAT["id"]))).remove
    await tg.say(ANON_ADMIN_BOT, FLAGGED, sender_chat=CHAT)
    note = (await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])[1:]))[0]
    await tg.settle()
    assert not _contains_identifier(note.text) and "start=" not in note.text
    assert tg.fake.deleted == []  # cannot give the text back privately: never deleted
    assert all(s.chat_id != ANON_ADMIN_BOT["id"] for s in tg.fake.sent)


async def test_status_tells_an_admin_the_bot_cannot_see_messages(tg):
    await tg.say(ADMIN, "/discreet status")
    reply = (await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])))[0]
    assert "cannot see the messages" in reply.text and "/setprivacy" in reply.text
    tg.fake.bot_can_delete.add(CHAT["id"])  # now an admin: sees everything
    await tg.say(ADMIN, "/discreet status")
    reply = (await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])[1:]))[0]
    assert "cannot see" not in reply.text and "Monitoring is ON" in reply.text


async def test_removal_mode_deletes_and_returns_the_text_privately(tg):
    tg.fake.bot_can_delete.add(CHAT["id"])
    await tg.say(ADMIN, "/discreet remove on")
    await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"]))
    mid = await tg.say(STARTED, FLAGGED)
    await tg.fake.wait_for(lambda: (CHAT["id"], mid) in tg.fake.deleted)
    dm = tg.fake.sent_to(STARTED["id"])
    assert len(dm) == 1 and f"<b><u>{ID_NUMBER}</u></b>" in dm[0].text and "I removed your message" in dm[0].text
    order = [m for m, p in tg.fake.calls if m in ("sendMessage", "deleteMessage")]
    assert order.index("sendMessage") < order.index("deleteMessage")  # text back first

    # a derogatory remark (even of high severity) is nudged, never deleted
    mid_d = await tg.say(STARTED, "the locum in ICU is clueless, should never have been registered")
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"])[1:])
    await tg.settle()
    assert (CHAT["id"], mid_d) not in tg.fake.deleted

    # an author the bot cannot reach privately: not deleted, neutral notice instead
    mid2 = await tg.say(STRANGER, FLAGGED)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])[1:])
    await tg.settle()
    assert (CHAT["id"], mid2) not in tg.fake.deleted


async def test_guidance_answers_in_group_and_private(tg):
    await tg.say(STRANGER, "/guidance can I post a photo of an x-ray")
    answer = (await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])))[0]
    assert answer.params.get("parse_mode") == "HTML"
    assert answer.text.startswith("<b>") and "still loading" not in answer.text
    assert "could not answer" not in answer.text and len(answer.text) > 200  # a real answer
    await tg.say(STARTED, "/guidance", chat=private(STARTED))
    menu = (await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"])))[0]
    assert "/guidance patient confidentiality" in menu.text.lower() or "topics" in menu.text.lower()


async def test_flood_control_is_waited_out_and_the_nudge_arrives(tg):
    tg.fake.fail_once("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await tg.say(STARTED, FLAGGED)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))
    await tg.settle()
    assert len(tg.fake.sent_to(STARTED["id"])) == 1
    assert [m for m, _ in tg.fake.calls].count("sendMessage") >= 3  # the 429, the retry, the sentinel


async def test_a_failing_update_does_not_stop_the_bot(tg):
    tg.fake.garble_once("sendMessage")
    await tg.say(STARTED, FLAGGED)
    await tg.fake.wait_for(lambda: any(m == "sendMessage" for m, _ in tg.fake.calls))  # the nudge got the garble
    await tg.settle()  # handled after the failure
    assert any("failed" in line and "Error" in line for line in tg.logs)
    await tg.say(STARTED, FLAGGED.replace(ID_NUMBER, SECOND_ID))
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))


async def test_buttons_give_guidance_and_record_false_positives(tg):
    await tg.say(STARTED, FLAGGED)
    nudge = (await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"])))[0]
    fp, guide = nudge.buttons()
    await tg.fake.push(callback_update(STARTED, guide["callback_data"], nudge))
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"])[1:])
    await tg.fake.push(callback_update(STARTED, fp["callback_data"], nudge))
    reply = (await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"])[2:]))[0]
    assert "false alarm" in reply.text
    assert len(tg.fake.answered) == 2
    stats = await tg.store.stats("telegram", str(CHAT["id"]), 7)
    assert stats["false_positives"] == 1


async def test_joining_a_group_introduces_the_bot(tg):
    other = group(-1009999)
    bot_user = {"id": tg.fake.bot_id, "is_bot": True, "first_name": "Discreet", "username": tg.fake.bot_username}
    await tg.fake.push(bot_added_update(other, ADMIN, bot_user))
    intro = (await tg.fake.wait_for(lambda: tg.fake.sent_to(other["id"])))[0]
    assert "Hello from Discreet" in intro.text and "/setprivacy" in intro.text


async def test_colleagues_names_are_not_flagged(tg):
    text = "handover from Lindiwe Khumalo: bed 4 post op day 2"
    await tg.say(STARTED, text)  # an unknown name: could be a patient's
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))
    await tg.say(user(7010, "Lindiwe", "Khumalo"), "morning all")  # the bot learns a colleague's name
    await tg.say(STARTED, text)
    await tg.settle()
    assert len(tg.fake.sent_to(STARTED["id"])) == 1  # only the first, before the bot knew her


async def test_updates_are_not_handled_twice_after_a_restart(tg, tmp_path):
    await tg.say(STARTED, FLAGGED)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))
    await tg.settle()
    await _stop(tg)
    tg.fake.redeliver()  # Telegram serves the unconfirmed updates again
    sent_before = len(tg.fake.sent)
    restarted = await _start(tmp_path, tg.fake, tg.logs)
    tg.task, tg.store, tg.service = restarted.task, restarted.store, restarted.service
    await tg.settle()
    assert len(tg.fake.sent) == sent_before  # nothing sent again (the sentinel's answer was removed)


async def test_fixing_the_message_brings_a_private_thank_you_once(tg):
    mid = await tg.say(STARTED, FLAGGED)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))
    await tg.say(STARTED, BENIGN, edited_id=mid)
    thanks = (await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"])[1:]))[0]
    assert "Thank you" in thanks.text
    await tg.say(STARTED, BENIGN + " (ward 7)", edited_id=mid)
    await tg.settle()
    assert len(tg.fake.sent_to(STARTED["id"])) == 2 and tg.fake.sent_to(CHAT["id"]) == []


async def test_settings_follow_a_group_upgraded_to_a_supergroup(tg):
    basic = group(-4242, supergroup=False)
    tg.fake.statuses[(basic["id"], ADMIN["id"])] = "creator"
    await tg.say(ADMIN, "/discreet off", chat=basic)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(basic["id"]))
    upgraded = group(-1004242)
    update = message_update(upgraded, ADMIN, None, message_id=tg.fake.next_message_id())
    update["message"]["migrate_from_chat_id"] = basic["id"]
    await tg.fake.push(update)
    await tg.settle(upgraded)
    assert not (await tg.service.settings("telegram", str(upgraded["id"]))).monitoring
    await tg.say(STARTED, FLAGGED, chat=upgraded)
    await tg.settle(upgraded)
    assert tg.fake.sent_to(STARTED["id"]) == []


async def test_plain_start_delivers_notes_waiting_for_that_user(tg):
    await tg.say(STRANGER, FLAGGED)
    notice = (await tg.fake.wait_for(lambda: tg.fake.sent_to(CHAT["id"])))[0]
    tg.fake.started.add(STRANGER["id"])
    await tg.say(STRANGER, "/start", chat=private(STRANGER))  # the Start button, not the link
    await tg.fake.wait_for(lambda: len(tg.fake.sent_to(STRANGER["id"])) == 2)
    welcome, note = tg.fake.sent_to(STRANGER["id"])
    assert "Discreet is on" in welcome.text and "an ID number" in note.text
    await tg.fake.wait_for(lambda: (CHAT["id"], notice.message_id) in tg.fake.deleted)


async def test_a_slow_chat_does_not_hold_up_another_and_each_chat_keeps_its_order(tg):
    """The nudge to one author hangs (a slow or rate-limited chat); a flagged
    message in another group is nudged meanwhile; the first author's edit is
    answered only after their nudge, in order."""
    other_group, other_author = group(-1007770001, "Ward 9"), user(7010, "Lerato", "Khumalo")
    tg.fake.started.add(other_author["id"])
    release = tg.fake.hold_sends_to(STARTED["id"])
    mid = await tg.say(STARTED, FLAGGED)
    await tg.fake.wait_for(lambda: any(m == "sendMessage" and int(p["chat_id"]) == STARTED["id"]
                                       for m, p in tg.fake.calls))  # the first nudge is in flight, held
    await tg.say(STARTED, BENIGN, edited_id=mid)  # the fix, queued behind it in the same chat
    await tg.say(other_author, FLAGGED.replace(ID_NUMBER, SECOND_ID), chat=other_group)
    await tg.fake.wait_for(lambda: tg.fake.sent_to(other_author["id"]))  # not held up by the first group
    assert not tg.fake.sent_to(STARTED["id"])
    release.set()
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"])[1:])
    nudge, thanks = tg.fake.sent_to(STARTED["id"])[:2]
    assert "an ID number" in nudge.text
    assert "thank" in thanks.text.lower() and "an ID number" not in thanks.text


async def test_an_unparsable_webhook_update_leaves_no_text_in_any_log(tmp_path):
    """PTB's webhook handler logs an update it cannot parse (body and all) at
    CRITICAL: with the right secret, a message without its ``date`` is
    answered 400 and no byte of it reaches a log, even with the library's
    loggers opened up to DEBUG."""
    import json
    import socket

    import aiohttp

    logs: list[str] = []
    handler = _Capture(logs)
    root = logging.getLogger()
    saved = root.level, {n: logging.getLogger(n).level for n in NOISY_LOGGERS}
    setup_logging("DEBUG")
    for name in NOISY_LOGGERS:  # the library's loggers wide open: the filter, not the level, must hold
        logging.getLogger(name).setLevel(logging.DEBUG)
    root.addHandler(handler)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fake = await FakeTelegram(started={STARTED["id"]}).start()
    config = Config.from_env({
        "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.base_url,
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/hook", "TELEGRAM_PORT": str(port),
        "DISCREET_DB": str(tmp_path / "d.db"), "DISCREET_SECRET": "test-secret-0123456789"})
    service, store = await build_service(config)
    task = asyncio.create_task(run(config, service))
    try:
        secret = (await fake.wait_for(lambda: fake.webhook))["secret_token"]
        update = {"update_id": 5, **message_update(CHAT, STARTED, FLAGGED, message_id=fake.next_message_id())}
        del update["message"]["date"]
        async with aiohttp.ClientSession() as http:
            url = config.telegram_webhook_url
            await wait_listening(http, url)  # the listener starts right after setWebhook
            async with http.post(url, data=json.dumps(update), headers={
                    "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}) as r:
                assert r.status == 400
        assert any("not* processed" in line or "processing the data" in line for line in logs), \
            "the library did not log the refused update: the test would prove nothing"
        text = "\n".join(logs)
        for ident in IDENTIFIERS:
            assert ident not in text
        assert "for bloods" not in text
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await store.close()
        await fake.stop()
        root.removeHandler(handler)
        root.setLevel(saved[0])
        for n, lvl in saved[1].items():
            logging.getLogger(n).setLevel(lvl)
async def test_help_answers_and_the_command_menu_is_scoped_by_chat_type(tg):
    scoped = {scope: [c["command"] for c in cmds] for scope, cmds in tg.fake.scoped_commands.items()}
    assert scoped["all_private_chats"] == ["start", "help", "guidance"]
    assert scoped["all_group_chats"] == ["discreet", "guidance", "help"]
    mid = await tg.say(STARTED, "/help")
    reply = (await tg.fake.wait_for(lambda: [s for s in tg.fake.sent_to(CHAT["id"])]))[0]
    assert reply is answer_to(tg.fake, CHAT["id"], mid)
    assert "/discreet status" in reply.text and "/guidance" in reply.text
    assert "this group" in reply.text and "this channel" not in reply.text


async def test_group_replies_say_this_group(tg):
    await tg.say(STARTED, "/discreet status")
    await tg.say(STARTED, "/discreet stats")
    replies = await tg.fake.wait_for(lambda: len(tg.fake.sent_to(CHAT["id"])) >= 2 and tg.fake.sent_to(CHAT["id"]))
    text = "\n".join(r.text for r in replies)
    assert "Monitoring is ON in this group" in text and "stats for this group" in text
    assert "channel" not in text.lower()


async def test_rules_lists_every_rule_in_messages_telegram_accepts(tg):
    await tg.say(STARTED, "/discreet rules")
    await tg.say(STARTED, "/discreet rulez")
    # the list is split into several messages, paced by the group's rate limit (20 a minute): the
    # wait is a guard against hanging, long enough for a list that grows with the policies
    sent = await tg.fake.wait_for(
        lambda: (s := tg.fake.sent_to(CHAT["id"])) and any("Did you mean" in x.text for x in s) and s, timeout=60)
    parts = [s.text for s in sent if "Did you mean" not in s.text]
    assert all(len(p) <= 4096 for p in parts) and len(parts) >= 2
    listed = "\n".join(parts)
    assert tg.service.checker.rules and all(f"{rid} (on)" in listed for rid in tg.service.checker.rules)
    assert "Did you mean /discreet rule" in "\n".join(s.text for s in sent)


async def test_flood_control_for_one_person_holds_up_no_one_else(tg):
    """A 429 on the nudge to one author is waited out for that chat only: a
    nudge to another author, in the same group, arrives meanwhile."""
    other = user(7011, "Themba", "Nkosi")
    tg.fake.started.add(other["id"])
    tg.fake.fail_once("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    await tg.say(STARTED, FLAGGED)
    await tg.fake.wait_for(lambda: any(m == "sendMessage" for m, _ in tg.fake.calls))  # the 429 was answered
    await tg.say(other, FLAGGED.replace(ID_NUMBER, SECOND_ID))
    await tg.fake.wait_for(lambda: tg.fake.sent_to(other["id"]))
    assert not tg.fake.sent_to(STARTED["id"]), "the other author's nudge waited for the first one's flood control"
    await tg.fake.wait_for(lambda: tg.fake.sent_to(STARTED["id"]))  # and the first is delivered after its wait
