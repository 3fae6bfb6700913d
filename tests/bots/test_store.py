"""The SQLite store on real files: migrations, settings, dedup across
restarts, pending nudges, expiry, stats windows; and no message text in the
file."""

from __future__ import annotations

import sqlite3
import time

import pytest

from discreet.bots.store import MIGRATIONS, SCHEMA_VERSION, ChannelSettings, SQLiteStore, StoreError
from discreet.core.findings import Finding


def finding(policy="identifiers", kind="national_id", rule="id-za-number", severity="high"):
    return Finding(policy, kind, 0, 13, severity, rule, "why", "patient-confidentiality")


async def test_migrates_an_empty_file_and_reopens(db_path):
    s = SQLiteStore(db_path)
    await s.open()
    assert await s.schema_version() == SCHEMA_VERSION == MIGRATIONS[-1][0]
    await s.close()
    await s.open()  # re-open: no step runs twice
    assert await s.schema_version() == SCHEMA_VERSION
    await s.close()
    con = sqlite3.connect(db_path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    assert {"schema_version", "meta", "channel_settings", "nudges", "nudge_findings", "seen_events",
            "nudged_messages", "pending", "reachable", "members"} <= tables


async def test_refuses_a_newer_schema(db_path):
    async with SQLiteStore(db_path):
        pass
    con = sqlite3.connect(db_path)
    con.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer"):
        await SQLiteStore(db_path).open()


async def test_settings_round_trip_across_reopen(db_path):
    async with SQLiteStore(db_path) as s:
        assert await s.get_settings("slack", "C1") is None
        want = ChannelSettings(monitoring=False, policies=frozenset({"derogatory"}), remove=True,
                               disabled_rules=frozenset({"id-za-number"}), joined_at=1000.0)
        await s.put_settings("slack", "C1", want)
        # an update without joined_at keeps the original one
        await s.put_settings("slack", "C1", ChannelSettings(monitoring=False, policies=frozenset({"derogatory"}),
                                                            remove=True, disabled_rules=frozenset({"id-za-number"})))
    async with SQLiteStore(db_path) as s:
        assert await s.get_settings("slack", "C1") == want
        assert await s.get_settings("telegram", "C1") is None


async def test_dedup_survives_a_restart_and_expires(db_path):
    async with SQLiteStore(db_path) as s:
        assert await s.first_seen("slack", "Ev1") is True
        assert await s.first_seen("slack", "Ev1") is False
        assert await s.first_seen("telegram", "Ev1") is True  # keyed by platform
        assert await s.first_seen("slack", "Ev-short", ttl_s=-1) is True
    async with SQLiteStore(db_path) as s:
        assert await s.first_seen("slack", "Ev1") is False
        # an expired claim can be claimed again, once
        assert await s.first_seen("slack", "Ev-short") is True
        assert await s.first_seen("slack", "Ev-short") is False


async def test_pending_is_taken_once(db_path):
    async with SQLiteStore(db_path) as s:
        await s.put_pending("tok1", "telegram", "-100", "42", "7", ["identifiers:national_id"],
                            ["patient-confidentiality"], time.time() + 60, notice_id="8")
        assert [p.token for p in await s.pending_for("telegram", "42")] == ["tok1"]
    async with SQLiteStore(db_path) as s:
        p = await s.take_pending("tok1")
        assert p is not None and p.kinds == ("identifiers:national_id",) and p.notice_id == "8"
        assert (p.chat, p.user, p.message_id) == ("-100", "42", "7")
        assert await s.take_pending("tok1") is None


async def test_purge_expires_dedup_keys_and_old_pending(store):
    now = time.time()
    await store.first_seen("slack", "old", ttl_s=10)
    await store.put_pending("gone", "telegram", "c", "u", "m", [], [], now - 2 * 3600)
    await store.put_pending("grace", "telegram", "c", "u", "m", [], [], now - 60)
    await store.put_pending("live", "telegram", "c", "u", "m", [], [], now + 3600)
    assert {p.token for p in await store.expired_pending(now)} == {"gone", "grace"}
    await store.purge(now + 20)
    assert await store.first_seen("slack", "old") is True  # its claim was purged
    assert {p.token for p in await store.expired_pending(now + 20)} == {"grace"}
    assert await store.take_pending("live") is not None
    await store.record_nudge("ancient", "slack", "C1", "h", [finding()], "k0", at=now - 400 * 86400)
    await store.record_nudge("recent", "slack", "C1", "h", [finding()], "k1", at=now - 300 * 86400)
    await store.purge(now)
    assert (await store.stats("slack", "C1", 1000, now=now))["total"] == 1
    rows = await store.db.execute_fetchall("SELECT DISTINCT nudge_id FROM nudge_findings")
    assert rows == [("recent",)]  # the findings went with their nudge


async def test_stats_windows_and_feedback(store):
    now = time.time()
    day = 86400
    await store.record_nudge("n1", "slack", "C1", "h1", [finding()], "k1", at=now - 1 * day)
    await store.record_nudge("n2", "slack", "C1", "h1", [finding(), finding(kind="phone", rule="phone-za")],
                             "k2", at=now - 10 * day)
    await store.record_nudge("n3", "slack", "C1", "h2", [finding("derogatory", "insult", "derog-x", "medium")],
                             "k3", at=now - 40 * day)
    await store.record_nudge("n4", "slack", "C2", "h2", [finding()], "k4", at=now)
    assert await store.record_feedback("n2", user_hash="someone-else") is False
    assert await store.record_feedback("n2", user_hash="h1") is True
    assert await store.record_feedback("n2") is False  # once

    week = await store.stats("slack", "C1", 7, now=now)
    month = await store.stats("slack", "C1", 30, now=now)
    assert week["nudges"] == {("identifiers", "national_id"): 1}
    assert week["false_positives"] == 0 and week["messages_nudged"] == 1
    assert month["nudges"] == {("identifiers", "national_id"): 2, ("identifiers", "phone"): 1}
    assert month["false_positives"] == 1 and month["messages_nudged"] == 2


async def test_edit_keys_thank_once(store):
    assert await store.was_nudged("slack", "C1", "k1") is False
    await store.record_nudge("n1", "slack", "C1", "h", [finding()], "k1")
    await store.record_nudge("n2", "slack", "C1", "h", [finding(kind="phone", rule="phone-za")], "k1")
    assert await store.nudged_kinds("slack", "C1", "k1") == {"identifiers:national_id:id-za-number",
                                                             "identifiers:phone:phone-za"}
    assert await store.mark_thanked("slack", "C1", "k1") is True
    assert await store.mark_thanked("slack", "C1", "k1") is False


async def test_reachable_members_and_meta(db_path):
    async with SQLiteStore(db_path) as s:
        assert await s.reachable("telegram", "42") is False
        await s.set_reachable("telegram", "42", True)
        await s.remember_member("telegram", "-100", "42", "Dr Thandi Mokoena")
        await s.remember_member("telegram", "-100", "42", "Thandi Mokoena")
        first = await s.meta_default("secret", lambda: b"A" * 32)
    async with SQLiteStore(db_path) as s:
        assert await s.reachable("telegram", "42") is True
        assert await s.members("telegram", "-100") == {"Thandi Mokoena"}
        assert await s.meta_default("secret", lambda: b"B" * 32) == first == b"A" * 32


async def test_no_text_or_identifier_in_the_file(db_path):
    from discreet.bots.service import Inbound, Service

    text = "pt Zanele Dube ID 8001015009087 bed 4"
    async with SQLiteStore(db_path) as s:
        svc = Service(s, secret=b"x" * 32)
        out = await svc.on_message(Inbound("slack", "C1", "U-author-77", "1712.0001", text, event_id="Ev9"))
        assert out is not None and out.kind == "nudge"
        await svc.on_feedback("slack", "C1", "U-author-77", out.nudge_id)
        await svc.on_command("slack", "C1", "U-author-77", True, "stats")
    data = b"".join(p.read_bytes() for p in db_path.parent.glob("discreet.db*"))
    for needle in ("8001015009087", "800101", "Zanele", "Dube", "U-author-77", "1712.0001", "bed 4"):
        assert needle.encode() not in data, needle


async def test_concurrent_claims_one_winner_and_failed_write_rolls_back(store, db_path):
    import asyncio

    claims = await asyncio.gather(*(store.first_seen("slack", "EvRace") for _ in range(50)))
    assert claims.count(True) == 1
    await store.record_nudge("n1", "slack", "C1", "h", [finding()], "k1")
    with pytest.raises(sqlite3.IntegrityError):  # same nudge id again: the whole write is undone
        await store.record_nudge("n1", "slack", "C1", "h", [finding(kind="phone", rule="phone-za")], "k9")
    await store.first_seen("slack", "EvAfter")  # a later commit must not carry the failed write
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT COUNT(*) FROM nudge_findings").fetchone() == (1,)
    assert con.execute("SELECT COUNT(*) FROM nudged_messages WHERE message_key = 'k9'").fetchone() == (0,)
    con.close()
