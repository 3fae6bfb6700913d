"""The store's contract, on both engines: SQLite on a real file and
PostgreSQL on a real server (a throwaway cluster, see tests/pgcluster.py).
Migrations, settings, dedup across restarts, pending nudges, expiry, stats
windows, shadow mode, the App Home and digest queries, jobs; and no message
text in the database.

Then what only PostgreSQL can show: several stores (workers) on one database
racing for the same event, job or "thanks": exactly one wins.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time

import pytest

from discreet.bots.store import (MIGRATIONS, SCHEMA_VERSION, ChannelSettings, Job, SQLiteStore, StoreError,
                                 open_store)
from discreet.core.findings import Finding
from tests.dbrows import column_defaults, columns, execute, fetch, tables

TABLES = {"schema_version", "meta", "channel_settings", "nudges", "nudge_findings", "seen_events",
          "nudged_messages", "pending", "reachable", "members", "jobs"}


def finding(policy="identifiers", kind="national_id", rule="id-za-number", severity="high"):
    return Finding(policy, kind, 0, 13, severity, rule, "why", "patient-confidentiality")


# -- the two engines ---------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgres"])
def backend(request):
    return request.param


@pytest.fixture
def db(backend, request, db_path):
    """DISCREET_DB for this test: a SQLite file, or a fresh PostgreSQL database."""
    if backend == "postgres":
        return request.getfixturevalue("pg_url")
    return str(db_path)


@pytest.fixture
def make(db):
    """A new (unopened) store on this test's database: a restart, or another worker."""
    return lambda: open_store(db)


@pytest.fixture
async def store(make):
    s = make()
    await s.open()
    yield s
    await s.close()


async def dump(db: str) -> bytes:
    """Every value in every table, as bytes (for "no text here")."""
    out = []
    for t in sorted(await tables(db)):
        for row in await fetch(db, f"SELECT * FROM {t}"):
            out.append(repr(row).encode())
    return b"\n".join(out)


# -- the contract ------------------------------------------------------------

async def test_migrates_an_empty_database_and_reopens(make, db, backend):
    s = make()
    await s.open()
    assert await s.schema_version() == SCHEMA_VERSION == MIGRATIONS[-1][0]
    await s.close()
    await s.open()  # re-open: no step runs twice
    assert await s.schema_version() == SCHEMA_VERSION
    await s.close()
    assert TABLES <= await tables(db)
    assert await columns(db, "nudge_findings") == ["nudge_id", "policy", "kind", "rule", "severity", "target"]
    assert "files" in await columns(db, "channel_settings")
    if backend == "sqlite":
        assert (await fetch(db, "PRAGMA journal_mode"))[0][0] == "wal"


async def test_both_engines_have_the_same_columns(db_path, pg_url):
    async with SQLiteStore(db_path), open_store(pg_url):
        pass
    for table in sorted(TABLES):
        assert await columns(str(db_path), table) == await columns(pg_url, table), table


async def test_refuses_a_newer_schema(make, db):
    async with make():
        pass
    await execute(db, "UPDATE schema_version SET version = ?", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="newer"):
        await make().open()


async def test_settings_round_trip_across_reopen(make):
    async with make() as s:
        assert await s.get_settings("slack", "C1") is None
        want = ChannelSettings(monitoring=False, policies=frozenset({"derogatory"}), remove=True,
                               disabled_rules=frozenset({"id-za-number"}), joined_at=1000.0, files=False)
        await s.put_settings("slack", "C1", want)
        # an update without joined_at keeps the original one
        await s.put_settings("slack", "C1", ChannelSettings(monitoring=False, policies=frozenset({"derogatory"}),
                                                            remove=True, disabled_rules=frozenset({"id-za-number"}),
                                                            files=False))
    async with make() as s:
        assert await s.get_settings("slack", "C1") == want
        assert await s.get_settings("telegram", "C1") is None


async def test_dedup_survives_a_restart_and_expires(make):
    async with make() as s:
        assert await s.first_seen("slack", "Ev1") is True
        assert await s.first_seen("slack", "Ev1") is False
        assert await s.first_seen("telegram", "Ev1") is True  # keyed by platform
        assert await s.first_seen("slack", "Ev-short", ttl_s=-1) is True
    async with make() as s:
        assert await s.first_seen("slack", "Ev1") is False
        # an expired claim can be claimed again, once
        assert await s.first_seen("slack", "Ev-short") is True
        assert await s.first_seen("slack", "Ev-short") is False


async def test_pending_is_taken_once(make):
    async with make() as s:
        await s.put_pending("tok1", "telegram", "-100", "42", "7", ["identifiers:national_id"],
                            ["patient-confidentiality"], time.time() + 60, notice_id="8")
        await s.put_pending("tok1", "telegram", "-100", "42", "7", ["identifiers:national_id"],
                            ["patient-confidentiality"], time.time() + 90, notice_id="9")  # the notice moved
        assert [p.token for p in await s.pending_for("telegram", "42")] == ["tok1"]
        assert await s.pending_for("telegram", "43") == []
    async with make() as s:
        p = await s.take_pending("tok1")
        assert p is not None and p.kinds == ("identifiers:national_id",) and p.notice_id == "9"
        assert (p.chat, p.user, p.message_id) == ("-100", "42", "7")
        assert p.sections == ("patient-confidentiality",)
        assert await s.take_pending("tok1") is None


async def test_purge_expires_dedup_keys_and_old_pending(store, db):
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
    assert await fetch(db, "SELECT DISTINCT nudge_id FROM nudge_findings") == [("recent",)]  # went with their nudge


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
    assert month["rules"] == {"id-za-number": 2, "phone-za": 1}


async def test_stats_count_the_target_of_a_remark(store):
    from dataclasses import replace

    remark = finding("derogatory", "insult", "derog-x", "medium")
    await store.record_nudge("n1", "slack", "C1", "h", [replace(remark, target="patient")], "k1")
    await store.record_nudge("n2", "slack", "C1", "h", [replace(remark, target="colleague")], "k2")
    await store.record_nudge("n3", "slack", "C1", "h", [replace(remark, target="patient")], "k3")
    await store.record_nudge("n4", "slack", "C1", "h", [finding()], "k4")  # an identifier: no target
    assert (await store.stats("slack", "C1", 7))["targets"] == {"colleague": 1, "patient": 2}


async def test_edit_keys_thank_once(store):
    assert await store.was_nudged("slack", "C1", "k1") is False
    assert await store.nudged_kinds("slack", "C1", "k1") is None
    await store.record_nudge("n1", "slack", "C1", "h", [finding()], "k1")
    await store.record_nudge("n2", "slack", "C1", "h", [finding(kind="phone", rule="phone-za")], "k1")
    await store.record_nudge("n3", "slack", "C1", "h", [finding()], "k1")  # a kind already known: no repeat
    assert await store.was_nudged("slack", "C1", "k1") is True
    assert await store.nudged_kinds("slack", "C1", "k1") == {"identifiers:national_id:id-za-number",
                                                             "identifiers:phone:phone-za"}
    assert await store.mark_thanked("slack", "C1", "k1") is True
    assert await store.mark_thanked("slack", "C1", "k1") is False
    assert await store.mark_thanked("slack", "C1", "never-nudged") is False



# -- shadow mode, App Home and the weekly digest (migration 5) ----------------

async def test_migration_5_upgrades_a_v4_database_with_rows_in_it(make, db):
    """A database made before shadow mode: its channels are in nudge mode, its
    nudges were sent (not observed), and nothing already there is lost."""
    async with make() as s:
        await s.put_settings("slack", "C1", ChannelSettings(monitoring=False, joined_at=1000.0))
        await s.record_nudge("n1", "slack", "C1", "h1", [finding()], "k1", at=time.time() - 3600)
    # back to v4: without migration 5's columns (and their values), as before the upgrade
    await execute(db, "ALTER TABLE channel_settings DROP COLUMN mode")
    await execute(db, "ALTER TABLE nudges DROP COLUMN observed")
    await execute(db, "UPDATE schema_version SET version = ?", 4)
    assert "mode" not in await columns(db, "channel_settings")
    async with make() as s:
        assert await s.schema_version() == SCHEMA_VERSION
        assert await s.get_settings("slack", "C1") == ChannelSettings(monitoring=False, joined_at=1000.0,
                                                                      mode="nudge")
        week = await s.stats("slack", "C1", 7)
        assert (week["total"], week["messages_nudged"], week["observed"]) == (1, 1, 0)
        assert (await s.user_nudges("slack", "h1", 30))["total"] == 1
    assert (await column_defaults(db, "channel_settings"))["mode"] == "'nudge'"
    assert (await column_defaults(db, "nudges"))["observed"] == "0"


async def test_mode_round_trips_and_channels_lists_every_set_up_channel(make):
    async with make() as s:
        assert await s.channels("slack") == []
        await s.put_settings("slack", "C2", ChannelSettings(mode="observe", joined_at=5.0))
        await s.put_settings("slack", "c1", ChannelSettings(policies=frozenset({"derogatory"})))
        await s.put_settings("slack", "C10", ChannelSettings(monitoring=False))
        await s.put_settings("telegram", "-1002", ChannelSettings(mode="observe"))
        await s.put_settings("telegram", "-1001", ChannelSettings())
    async with make() as s:
        assert (await s.get_settings("slack", "C2")).mode == "observe"
        assert (await s.get_settings("slack", "C10")).mode == "nudge"
        listed = await s.channels("slack")
        assert [c for c, _ in listed] == ["C10", "C2", "c1"]  # by id, byte order on both engines
        assert dict(listed) == {c: await s.get_settings("slack", c) for c in ("C10", "C2", "c1")}
        assert [(c, st.mode) for c, st in await s.channels("telegram")] == [("-1001", "nudge"),
                                                                             ("-1002", "observe")]
        # back to nudge mode; joined_at kept
        await s.put_settings("slack", "C2", ChannelSettings())
        assert await s.get_settings("slack", "C2") == ChannelSettings(joined_at=5.0)
        assert await s.channels("whatsapp") == []


async def test_shadow_mode_counts_observed_messages_apart_and_never_thanks_them(store, db):
    now = time.time()
    day = 86400
    await store.record_nudge("n1", "slack", "C1", "h1", [finding()], "k1", at=now - day, observed=True)
    # the same observed message edited with a second kind: one message, two audit rows
    await store.record_nudge("n2", "slack", "C1", "h1", [finding(kind="phone", rule="phone-za")], "k1",
                             at=now - day + 60, observed=True)
    await store.record_nudge("n3", "slack", "C1", "h2", [finding()], "k2", at=now - 2 * day, observed=True)
    await store.record_nudge("n4", "slack", "C1", "h1", [finding()], "k3", at=now - 3 * day)  # sent
    await store.record_nudge("n5", "slack", "C1", "h1", [finding()], "k4", at=now - 20 * day, observed=True)
    await store.record_nudge("n6", "slack", "C2", "h1", [finding()], "k5", at=now, observed=True)  # elsewhere
    week = await store.stats("slack", "C1", 7, now=now)
    assert (week["total"], week["messages_nudged"], week["observed"]) == (4, 1, 2)
    assert week["nudges"] == {("identifiers", "national_id"): 3, ("identifiers", "phone"): 1}
    month = await store.stats("slack", "C1", 30, now=now)
    assert (month["total"], month["messages_nudged"], month["observed"]) == (5, 1, 3)
    assert await fetch(db, "SELECT observed, COUNT(*) FROM nudges GROUP BY observed ORDER BY observed") == \
        [(0, 1), (1, 5)]
    # an observed message's author was never told: fixing it earns no "thank you"; a sent one's does, once
    assert await store.nudged_kinds("slack", "C1", "k1") == {"identifiers:national_id:id-za-number",
                                                             "identifiers:phone:phone-za"}
    assert await store.mark_thanked("slack", "C1", "k1") is False
    assert await store.mark_thanked("slack", "C1", "k2") is False
    assert await store.mark_thanked("slack", "C1", "k3") is True
    assert await store.mark_thanked("slack", "C1", "k3") is False


async def test_user_nudges_counts_one_authors_sent_nudges_in_the_window(store):
    now = time.time()
    day = 86400
    remark = finding("derogatory", "insult", "derog-x", "medium")
    await store.record_nudge("n1", "slack", "C1", "h1", [finding(), finding(kind="phone", rule="phone-za")],
                             "k1", at=now - day)
    await store.record_nudge("n2", "slack", "C2", "h1", [finding(), finding(rule="id-za-number-2")], "k2",
                             at=now - 10 * day)  # two rules of one kind: one nudge of that kind
    await store.record_nudge("n3", "slack", "C1", "h1", [remark], "k3", at=now - 29 * day)
    await store.record_nudge("n4", "slack", "C1", "h1", [remark], "k4", at=now - 31 * day)  # too old
    await store.record_nudge("n5", "slack", "C1", "h1", [finding()], "k5", at=now, observed=True)  # not sent
    await store.record_nudge("n6", "slack", "C1", "h2", [finding()], "k6", at=now)  # someone else
    await store.record_nudge("n7", "telegram", "-1001", "h1", [finding()], "k7", at=now)  # another platform
    month = await store.user_nudges("slack", "h1", 30, now=now)
    assert month == {"total": 3, "nudges": {("derogatory", "insult"): 1, ("identifiers", "national_id"): 2,
                                            ("identifiers", "phone"): 1}}
    assert await store.user_nudges("slack", "h1", 7, now=now) == {
        "total": 1, "nudges": {("identifiers", "national_id"): 1, ("identifiers", "phone"): 1}}
    assert await store.user_nudges("slack", "nobody", 30, now=now) == {"total": 0, "nudges": {}}
    assert (await store.user_nudges("telegram", "h1", 30, now=now))["total"] == 1


async def test_false_positives_by_rule_across_channels_most_reported_first(store):
    now = time.time()
    day = 86400
    phone = finding(kind="phone", rule="phone-za")
    remark = finding("derogatory", "insult", "derog-x", "medium")
    nudges = [("n1", "C1", [finding(), phone], 1), ("n2", "C2", [phone], 2), ("n3", "C3", [remark], 3),
              ("n4", "C1", [remark], 4), ("n5", "C1", [finding()], 5), ("n6", "C2", [phone], 6),
              ("n7", "C1", [phone], 10),  # reported, but before the week
              ("n8", "C1", [remark], 1)]  # not reported
    for nid, channel, findings, age in nudges:
        await store.record_nudge(nid, "slack", channel, "h", findings, nid, at=now - age * day)
    await store.record_nudge("t1", "telegram", "-1001", "h", [phone], "t1", at=now)
    for nid in ("n1", "n2", "n3", "n4", "n5", "n6", "n7", "t1"):
        assert await store.record_feedback(nid) is True
    week = await store.false_positives_by_rule("slack", 7, now=now)
    # most reports first, then by rule id: one order on both engines
    assert list(week.items()) == [("phone-za", 3), ("derog-x", 2), ("id-za-number", 2)]
    assert await store.false_positives_by_rule("slack", 30, now=now) == {"phone-za": 4, "derog-x": 2,
                                                                         "id-za-number": 2}
    assert await store.false_positives_by_rule("telegram", 7, now=now) == {"phone-za": 1}
    assert await store.false_positives_by_rule("whatsapp", 7, now=now) == {}


async def test_the_weekly_digest_reads_the_same_on_both_engines(db_path, pg_url):
    """The digest's queries (channels, two stats windows, false alarms per
    rule) over the same rows: the same counts, in the same order."""
    from discreet.bots.service import Service

    now = time.time()
    day = 86400
    texts = []
    for db in (str(db_path), pg_url):
        async with open_store(db) as s:
            await s.put_settings("slack", "C2", ChannelSettings(mode="observe"))
            await s.put_settings("slack", "C1", ChannelSettings())
            await s.put_settings("slack", "C10", ChannelSettings(monitoring=False))
            await s.record_nudge("n1", "slack", "C1", "h1", [finding()], "k1", at=now - day)
            await s.record_nudge("n2", "slack", "C1", "h2", [finding(kind="phone", rule="phone-za")], "k2",
                                 at=now - 2 * day)
            await s.record_nudge("n3", "slack", "C1", "h1", [finding()], "k3", at=now - 9 * day)
            await s.record_nudge("n4", "slack", "C2", "h1", [finding()], "k4", at=now - day, observed=True)
            await s.record_nudge("n5", "slack", "C1", "h1", [finding("derogatory", "insult", "derog-x")], "k5",
                                 at=now - 3 * day)
            assert await s.record_feedback("n2") and await s.record_feedback("n5")
            texts.append((await Service(s, secret=b"x" * 32).digest("slack", now=now)).plain_text())
    sqlite_text, pg_text = texts
    assert sqlite_text == pg_text
    assert sqlite_text.index("C1: 3 messages") < sqlite_text.index("C10: 0 messages") < \
        sqlite_text.index("C2: 0 messages")
    assert "would have nudged 1" in sqlite_text and "2 reported as false alarms" in sqlite_text
    assert sqlite_text.index("derog-x: 1 report") < sqlite_text.index("phone-za: 1 report")

async def test_reachable_members_and_meta(make):
    async with make() as s:
        assert await s.reachable("telegram", "42") is False
        await s.set_reachable("telegram", "42", True)
        await s.set_reachable("telegram", "43", True)
        await s.set_reachable("telegram", "43", False)
        await s.remember_member("telegram", "-100", "42", "Dr Thandi Mokoena")
        await s.remember_member("telegram", "-100", "42", "Thandi Mokoena")
        first = await s.meta_default("secret", lambda: b"A" * 32)
        assert await s.get_meta("absent") is None
        await s.set_meta("flag", b"1")
        await s.set_meta("flag", b"0")
        await s.set_meta("gone", b"1")
        await s.set_meta("gone", None)
    async with make() as s:
        assert await s.reachable("telegram", "42") is True
        assert await s.reachable("telegram", "43") is False
        assert await s.members("telegram", "-100") == {"Thandi Mokoena"}
        assert await s.meta_default("secret", lambda: b"B" * 32) == first == b"A" * 32
        assert (await s.get_meta("flag"), await s.get_meta("gone")) == (b"0", None)


def _job(key: str, created: float, **kw) -> Job:
    return Job("slack", key, kw.pop("channel", "C1"), kw.pop("ts", "1700000000.000100"), "U1",
               created_at=created, **kw)


async def test_jobs_lease_claim_renew_release_finish(store):
    now = time.time()
    assert await store.add_job(_job("Ev1", now - 3, thread_id="1699.1", team="T1", edited=True), "w1", now + 60)
    assert await store.add_job(_job("Ev1", now - 3), "w2", now + 60) is False  # a retry: known already
    assert await store.add_job(_job("Ev2", now - 2), "w1", now - 1) is True  # its lease ran out
    assert await store.add_job(_job("Ev3", now - 1), "dead", now + 60) is True
    assert await store.job_owners("slack") == {"w1", "dead"}

    # w1's live lease on Ev1 is respected; Ev2 (lapsed) and Ev3 (dead owner) are taken, oldest first
    got = await store.claim_jobs("slack", "w2", now + 60, 10, dead_owners=["dead"])
    assert [(j.key, j.attempt) for j in got] == [("Ev2", 2), ("Ev3", 2)]
    assert await store.claim_jobs("slack", "w3", now + 60, 10, dead_owners=["dead"]) == []
    assert await store.renew_jobs("slack", "w2", now + 120) == 2
    assert await store.release_job("slack", "Ev2", "w1", now - 1) is False  # not w1's
    assert await store.release_job("slack", "Ev2", "w2", now - 1) is True
    [again] = await store.claim_jobs("slack", "w3", now + 60, 10, key="Ev2")
    assert (again.key, again.attempt, again.user) == ("Ev2", 3, "U1")
    [one] = await store.claim_jobs("slack", "w3", now + 60, 10, now=now + 61, key="Ev1")  # its lease ran out
    assert (one.thread_id, one.team, one.edited, one.channel) == ("1699.1", "T1", True, "C1")

    assert await store.finish_job("slack", "Ev1", "clean") is True
    assert await store.finish_job("slack", "Ev1", "clean") is False  # once
    nudge = ("n-job", "C1", "h", [finding()], "k-job")
    assert await store.finish_job("slack", "Ev2", "nudged", nudge=nudge) is True
    assert (await store.stats("slack", "C1", 1))["total"] == 1  # the audit row with it
    assert await store.job_states("slack") == {"pending": 1, "done": 2, "done:clean": 1, "done:nudged": 1}
    assert await store.job_states("telegram") == {}


async def test_purge_gives_up_old_jobs_and_forgets_finished_ones(store):
    now = time.time()
    await store.add_job(_job("Ev-old", now - 2 * 86400), "w", now + 60)
    await store.add_job(_job("Ev-new", now), "w", now + 60)
    await store.purge(now)
    assert await store.job_states("slack") == {"pending": 1, "expired": 1, "expired:gave_up": 1}
    await store.purge(now + 8 * 86400)  # a finished job answers retries for a week, then goes
    assert await store.job_states("slack") == {"expired": 1, "expired:gave_up": 1}
    await store.purge(now + 16 * 86400)
    assert await store.job_states("slack") == {}


async def test_no_text_or_identifier_in_the_database(make, db, db_path):
    from discreet.bots.service import Inbound, Service

    text = "pt Zanele Dube ID 8001015009087 bed 4"
    async with make() as s:
        svc = Service(s, secret=b"x" * 32)
        out = await svc.on_message(Inbound("slack", "C1", "U-author-77", "1712.0001", text, event_id="Ev9"))
        assert out is not None and out.kind == "nudge"
        await svc.on_feedback("slack", "C1", "U-author-77", out.nudge_id)
        await svc.on_command("slack", "C1", "U-author-77", True, "stats")
    data = await dump(db)
    assert b"Ev9" in data  # the dump does hold the rows
    if not db.startswith("postgresql://"):
        data += b"".join(p.read_bytes() for p in db_path.parent.glob("discreet.db*"))
    for needle in ("8001015009087", "800101", "Zanele", "Dube", "U-author-77", "1712.0001", "bed 4"):
        assert needle.encode() not in data, needle


async def test_concurrent_claims_one_winner_and_failed_write_rolls_back(store, db):
    claims = await asyncio.gather(*(store.first_seen("slack", "EvRace") for _ in range(50)))
    assert claims.count(True) == 1
    await store.record_nudge("n1", "slack", "C1", "h", [finding()], "k1")
    errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)
    if db.startswith("postgresql://"):
        import asyncpg
        errors += (asyncpg.UniqueViolationError,)
    with pytest.raises(errors):  # same nudge id again: the whole write is undone
        await store.record_nudge("n1", "slack", "C1", "h", [finding(kind="phone", rule="phone-za")], "k9")
    await store.first_seen("slack", "EvAfter")  # a later commit must not carry the failed write
    assert await fetch(db, "SELECT COUNT(*) FROM nudge_findings") == [(1,)]
    assert await fetch(db, "SELECT COUNT(*) FROM nudged_messages WHERE message_key = 'k9'") == [(0,)]


# -- several workers on one PostgreSQL -----------------------------------------

@pytest.fixture
async def workers(pg_url):
    """Four stores (as four worker processes would have) on one fresh database."""
    stores = [open_store(pg_url) for _ in range(4)]
    await asyncio.gather(*(s.open() for s in stores))  # migrating at once: the advisory lock
    yield stores
    await asyncio.gather(*(s.close() for s in stores))


async def test_workers_starting_together_migrate_once(workers, pg_url):
    assert {await s.schema_version() for s in workers} == {SCHEMA_VERSION}
    assert await fetch(pg_url, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]


async def test_an_event_is_first_seen_by_exactly_one_worker(workers):
    for n in range(20):
        got = await asyncio.gather(*(s.first_seen("slack", f"EvRace{n}") for s in workers for _ in range(3)))
        assert got.count(True) == 1, n


async def test_a_job_is_added_by_exactly_one_worker(workers):
    now = time.time()
    for n in range(20):
        got = await asyncio.gather(*(s.add_job(_job(f"Ev{n}", now), f"w{i}", now + 60)
                                     for i, s in enumerate(workers)))
        assert got.count(True) == 1, n
    assert await workers[0].job_states("slack") == {"pending": 20}


async def test_each_due_job_is_claimed_by_exactly_one_worker(workers, pg_url):
    now = time.time()
    for n in range(60):
        assert await workers[0].add_job(_job(f"Ev{n:03}", now - 60 + n / 100), "gone-worker", now - 1)
    batches = await asyncio.gather(*(s.claim_jobs("slack", f"w{i}", now + 60, 7)
                                     for i, s in enumerate(workers) for _ in range(3)))
    keys = [j.key for batch in batches for j in batch]
    assert len(keys) == len(set(keys))  # never one job to two workers
    while len(keys) < 60:  # the rest, in later rounds
        more = await asyncio.gather(*(s.claim_jobs("slack", f"w{i}", now + 60, 7) for i, s in enumerate(workers)))
        got = [j.key for batch in more for j in batch]
        assert got, "due jobs left unclaimed"
        keys += got
    assert sorted(keys) == [f"Ev{n:03}" for n in range(60)]
    assert await fetch(pg_url, "SELECT DISTINCT attempt FROM jobs") == [(2,)]  # each taken once
    # and finishing: one worker's outcome, once
    done = await asyncio.gather(*(s.finish_job("slack", "Ev000", "clean") for s in workers))
    assert done.count(True) == 1


async def test_thanks_and_a_pending_nudge_go_to_exactly_one_worker(workers):
    await workers[0].record_nudge("n1", "slack", "C1", "h", [finding()], "k1")
    thanked = await asyncio.gather(*(s.mark_thanked("slack", "C1", "k1") for s in workers for _ in range(3)))
    assert thanked.count(True) == 1
    await workers[1].put_pending("tok", "telegram", "-100", "42", "7", [], [], time.time() + 60)
    taken = await asyncio.gather(*(s.take_pending("tok") for s in workers))
    assert sum(p is not None for p in taken) == 1
    fed = await asyncio.gather(*(s.record_feedback("n1", user_hash="h") for s in workers))
    assert fed.count(True) == 1


async def test_a_setting_changed_through_one_worker_holds_on_the_others_at_once(workers):
    await workers[0].put_settings("slack", "C1", ChannelSettings())
    assert [(await s.get_settings("slack", "C1")).monitoring for s in workers] == [True] * 4
    await workers[1].put_settings("slack", "C1", ChannelSettings(monitoring=False))
    assert [(await s.get_settings("slack", "C1")).monitoring for s in workers] == [False] * 4
    first = await asyncio.gather(*(s.meta_default("secret", lambda i=i: bytes([65 + i]) * 32)
                                   for i, s in enumerate(workers)))
    assert len(set(first)) == 1  # every worker agrees on the generated secret


async def test_the_url_password_is_never_shown(pg_server):
    from discreet.bots.config import Config

    from urllib.parse import urlsplit

    u = urlsplit(pg_server)
    secret_url = f"postgresql://someone:hunter2-not-real@{u.hostname}:{u.port or 5432}/nowhere"
    s = open_store(secret_url)
    with pytest.raises(StoreError) as e:
        await s.open()
    assert "hunter2" not in str(e.value) and "***" in str(e.value)
    assert "hunter2" not in repr(s)
    c = Config.from_env({"DISCREET_DB": secret_url})
    assert c.db_path == secret_url and "hunter2" not in repr(c)
