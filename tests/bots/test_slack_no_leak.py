"""After a full Slack session (nudges, edits, retries, commands, buttons,
failures), no byte of any test message's identifiers is in the database
files or in anything logged, at DEBUG, by any logger."""

from __future__ import annotations

import json
import logging

import aiohttp
import pytest

from discreet import core
from tests.bots.test_slack_e2e import AUTHOR, ADMIN, CHANNEL, SA_ID, SA_ID_2, _edit, running_app
from tests.fakes.slack_api import FakeSlackAPI

PHONE, EMAIL, DOB, FOLDER = "082 555 0142", "zanele.dube@example.com", "14/03/1952", "44718823"
PATIENT = "Zanele Dube"
COLLEAGUE = "Thandiwe Mokoena"
MESSAGES = (
    f"Pt {PATIENT} bed 7, ID {SA_ID}, DOB {DOB}",
    f"son on {PHONE} or {EMAIL}, folder no {FOLDER}",
    f"{COLLEAGUE} will see {PATIENT} at 10",
)
SECRETS = (SA_ID, SA_ID_2, PHONE, PHONE.replace(" ", ""), EMAIL, DOB, FOLDER, PATIENT, "Zanele", COLLEAGUE)

pytestmark = pytest.mark.skipif(not core.check(f"pt ID {SA_ID}"), reason="the SA ID detector is not in core yet")


def _db_bytes(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.glob("discreet.db*")))


def _leaks(blob: bytes) -> list[str]:
    found = []
    for s in SECRETS:
        for enc in ("utf-8", "utf-16-le", "utf-16-be"):
            if s.encode(enc) in blob:
                found.append(f"{s[:3]}... ({enc})")
    return found


async def test_no_identifier_reaches_the_database_or_the_logs(tmp_path, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    async with FakeSlackAPI() as api, aiohttp.ClientSession() as session:
        async with running_app(api, tmp_path / "discreet.db", session) as h:
            send = h.send
            for i, text in enumerate(MESSAGES):
                await send.message(text, ts=f"1700000{i}00.000100", event_id=f"Ev0LEAK{i:04d}")
            await send.message(MESSAGES[0], event_id="Ev0LEAK0000", retry_num=1)  # a retry
            await h.settle()
            await send.event(_edit(send, "1700000000.000100", MESSAGES[0], "Pt bed 7, details in folder"))
            await send.event(_edit(send, "1700000100.000100", MESSAGES[1], MESSAGES[1] + f" ID {SA_ID_2}"))
            api.reject("chat.postEphemeral", "user_not_in_channel")
            await send.message(f"ID {SA_ID_2} again")
            api.fail("chat.postEphemeral", status=429, retry_after=1)
            await send.message(f"{PATIENT} ID {SA_ID_2}")
            await send.post(send.event_body(send.message_event(MESSAGES[0]))[0], "application/json",
                            secret="wrong-secret")  # refused: Bolt would log its body
            await send.event({"type": "reaction_added", "user": AUTHOR, "reaction": "eyes",
                              "item": {"type": "message", "channel": CHANNEL, "ts": "1.2"}})  # unhandled
            await h.settle()
            nudges = h.nudges()
            assert len(nudges) >= 3  # the session did nudge: this test is not vacuous
            fp = next(e["value"] for b in nudges[0]["blocks"] if b["type"] == "actions" for e in b["elements"])
            await send.action("false_positive", fp, user=AUTHOR)
            await send.command("/discreet", "stats", user=ADMIN)
            await send.command("/guidance", f"can I post {PATIENT}'s x-ray?")
            await send.command("/discreet", "off", user=ADMIN)
            await send.message(MESSAGES[0])
            await h.settle()
            live = _db_bytes(tmp_path)
        after = _db_bytes(tmp_path)
    assert len(live) > 0 and len(after) > 0
    assert _leaks(live) == [] and _leaks(after) == []
    assert caplog.records, "nothing was logged: the capture is broken"
    logged = caplog.text + "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''} {json.dumps(getattr(r, '__dict__', {}), default=str)}"
        for r in caplog.records)
    out, err = capfd.readouterr()
    assert _leaks((logged + out + err).encode()) == []
