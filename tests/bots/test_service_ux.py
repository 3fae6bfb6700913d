"""Shadow mode, draft checks, the home screen and the weekly digest in the
platform-neutral service, over the real store (a temporary SQLite file, or
PostgreSQL with DISCREET_TEST_STORE=postgres) and the real checker. Synthetic numbers only."""

from __future__ import annotations

import time

from discreet.bots.service import ChannelSettings, Inbound
from discreet.bots.store import SCHEMA_VERSION
from tests.dbrows import column_defaults, count

SA_ID = "8001015009087"  # synthetic: valid checksum
SA_ID_2 = "9202204720083"
ADMIN = "admin-1"  # as in conftest.py


def msg(text, *, mid="1712.0001", channel="C1", user="U1", edited=False):
    return Inbound("slack", channel, user, mid, text, event_id=f"Ev-{channel}-{mid}-{int(edited)}", edited=edited)


async def test_migration_5_adds_the_mode_and_the_observed_flag(store, store_db):
    assert SCHEMA_VERSION >= 5
    assert (await column_defaults(store_db, "channel_settings"))["mode"] == "'nudge'"
    assert (await column_defaults(store_db, "nudges"))["observed"] == "0"
    await store.put_settings("slack", "C9", ChannelSettings(mode="observe"))
    assert (await store.get_settings("slack", "C9")).mode == "observe"
    assert [c for c, _ in await store.channels("slack")] == ["C9"]


async def test_observe_mode_records_flagged_rows_and_returns_nothing_to_send(service, store):
    await service.on_command("slack", "C1", ADMIN, True, "mode observe")
    assert await service.on_message(msg(f"ID {SA_ID}", mid="1")) is None
    # the fix of an observed message gets no "thank you" (its author was never told)
    assert await service.on_message(msg("ID in the folder", mid="1", edited=True)) is None
    # the same finding again in an edit is not counted twice
    assert await service.on_message(msg(f"ID {SA_ID} (edited)", mid="1", edited=True)) is None
    week = await store.stats("slack", "C1", 7)
    assert week["observed"] == 1 and week["messages_nudged"] == 0 and week["total"] == 1
    assert (await store.user_nudges("slack", service.user_hash("slack", "U1"), 30))["total"] == 0
    await service.on_command("slack", "C1", ADMIN, True, "mode nudge")
    out = await service.on_message(msg(f"ID {SA_ID_2}", mid="2"))
    assert out is not None and out.kind == "nudge"


async def test_mode_needs_an_admin_and_a_known_word(service):
    assert "Only an admin" in (await service.on_command("slack", "C1", "U1", False, "mode observe")).plain_text()
    assert "Use /discreet mode observe" in (await service.on_command("slack", "C1", ADMIN, True,
                                                                      "mode shadow")).plain_text()
    assert (await service.settings("slack", "C1")).mode == "nudge"


async def test_check_draft_stores_nothing_and_uses_the_channels_rules(service, store, store_db):
    reply = await service.on_command("slack", "C1", "U1", False, f"check Bed 4 ID {SA_ID} for theatre")
    text = reply.plain_text()
    assert "[ID no.]" in text and SA_ID not in text and "Not patient information" not in text
    counts = [await count(store_db, t) for t in ("nudges", "nudge_findings", "seen_events", "nudged_messages",
                                                  "members")]
    assert counts == [0, 0, 0, 0, 0]
    # a rule switched off in the channel is off for a draft checked there too
    await service.on_command("slack", "C1", ADMIN, True, "policies derogatory")
    assert "found nothing" in (await service.check_draft("slack", "C1", f"ID {SA_ID}")).plain_text()
    assert "[ID no.]" in (await service.check_draft("slack", "C2", f"ID {SA_ID}")).plain_text()


async def test_home_counts_only_the_persons_own_sent_nudges_and_admins_see_channels(service, store):
    await service.on_join("slack", "C1")
    out = await service.on_message(msg(f"ID {SA_ID}", mid="1"))
    await service.on_message(msg(f"ID {SA_ID_2}", mid="2", user="U2"))
    await service.on_feedback("slack", "C1", "U1", out.nudge_id)
    member = await service.home("slack", "U1", False)
    assert member.my_nudges_30 == 1 and member.my_kinds_30 == (("an ID number", 1),)
    assert member.channels == () and member.false_positives == ()
    admin = await service.home("slack", ADMIN, True)
    assert admin.my_nudges_30 == 0
    [c] = admin.channels
    assert (c.channel, c.nudged_7, c.nudged_30, c.false_positives_30) == ("C1", 2, 2, 1)
    assert [(r, n) for r, _, n in admin.false_positives] == [("id-za-number", 1)]


async def test_digest_compares_with_the_week_before(service, store):
    now = time.time()
    await service.on_join("slack", "C1")
    found = service.checker.check(f"ID {SA_ID}")
    for i, days_ago in enumerate((1, 2, 9, 10, 11)):
        await store.record_nudge(f"n{i}", "slack", "C1", "h", found, f"k{i}", at=now - days_ago * 86400)
    text = (await service.digest("slack", labels={"C1": "#ward"}, now=now)).plain_text()
    assert "#ward: 2 messages nudged (down 1 from 3 the week before)" in text
    assert "patient identifiers / an ID number: 2 (down 1 from 3 the week before)" in text
    assert "Rules most reported" in text and "None." in text
    assert not await service.digest_due("slack", now=now)
    await service.on_command("slack", "C1", ADMIN, True, "digest on")
    assert await service.digest_due("slack", now=now)
    await service.digest_sent("slack", now=now)
    assert not await service.digest_due("slack", now=now + 86400)
    assert await service.digest_due("slack", now=now + 7 * 86400)


async def test_intro_names_the_mode(service):
    await service.on_command("telegram", "-100", ADMIN, True, "mode observe")
    assert "observe mode" in (await service.on_join("telegram", "-100")).plain_text()
    assert "Mode: nudge" in (await service.on_join("telegram", "-200")).plain_text()
