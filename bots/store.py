"""Storage shared by every bot: per-channel settings, the no-content audit log,
event de-duplication, nudged-message keys, Telegram's pending nudges,
reachable users, chat members' display names, and a ``meta`` table.

Never stores message text or a matched identifier. The audit log keeps a
keyed hash of the author (``Service.user_hash``), never the user id; a
nudged message is kept as a keyed hash of (channel, message id).

``SQLiteStore`` runs on aiosqlite (one connection, WAL mode) with the schema
and its migrations in ``MIGRATIONS`` below: a ``schema_version`` table holds
the version, and ``open()`` applies the missing steps in one transaction.
All SQL is parameterised; writes are upserts.

``PostgresStore`` (``bots.pgstore``, asyncpg) is the same protocol on
PostgreSQL, for several workers on one database: ``open_store`` picks it for
a ``postgresql://`` (or ``postgres://``) DISCREET_DB and SQLite otherwise.
Both apply the one versioned ``MIGRATIONS`` list below (written in SQLite's
dialect; ``migration_steps("postgres")`` gives PostgreSQL's text of each
step, with an explicit override where a mechanical translation is not enough).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Protocol

import aiosqlite

from discreet.core.findings import POLICIES

DEDUP_TTL_S = 7 * 86400  # how long an event key is remembered
NUDGED_TTL_S = 30 * 86400  # how long an edit of a nudged message is still recognised
AUDIT_RETENTION_S = 365 * 86400  # the audit log (counts, no text) is kept a year
PENDING_GRACE_S = 3600  # purge() keeps expired pending nudges this long, for the adapter's clean-up
JOB_GIVE_UP_S = 86400  # a job still unfinished after this long is given up (state "expired")
JOB_KEEP_S = DEDUP_TTL_S  # finished jobs are kept this long: they answer the platform's retries


@dataclass(frozen=True, slots=True)
class ChannelSettings:
    """One channel's settings. A channel the bot has just joined starts with
    monitoring ON and both policies: someone invited the bot to watch it."""

    monitoring: bool = True
    policies: frozenset[str] = frozenset(POLICIES)
    remove: bool = False
    disabled_rules: frozenset[str] = field(default_factory=frozenset)
    joined_at: float | None = None
    files: bool = True  # read the text in shared images and PDFs (where monitoring is on)
    mode: str = "nudge"  # "nudge" | "observe" (shadow mode: checked and counted, nobody nudged)


@dataclass(frozen=True, slots=True)
class Pending:
    """A nudge waiting for its author to open the bot (Telegram). No text."""

    token: str
    platform: str
    chat: str
    user: str
    message_id: str
    kinds: tuple[str, ...]
    sections: tuple[str, ...]
    expires_at: float
    notice_id: str | None


@dataclass(frozen=True, slots=True)
class Job:
    """One message to see through to an outcome. Names the message, never its
    text: the text is in memory while the job runs, and fetched again from the
    platform when the job is taken up after a crash."""

    platform: str
    key: str  # the platform's event id (Slack) or update key (Telegram)
    channel: str
    message_id: str
    user: str  # the platform user id, to deliver the nudge (an id, not patient data)
    thread_id: str | None = None
    team: str | None = None
    edited: bool = False
    created_at: float = 0.0
    attempt: int = 1


JOB_COLUMNS = "platform, key, channel, message_id, user, thread_id, team, edited, created_at, attempt"


def _job(row) -> Job:
    return Job(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8], row[9])


class Store(Protocol):
    async def open(self) -> None: ...
    async def close(self) -> None: ...
    async def get_meta(self, key: str) -> bytes | None: ...
    async def meta_default(self, key: str, make: Callable[[], bytes]) -> bytes: ...
    async def set_meta(self, key: str, value: bytes | None) -> None: ...
    async def get_settings(self, platform: str, channel: str) -> ChannelSettings | None: ...
    async def put_settings(self, platform: str, channel: str, settings: ChannelSettings) -> None: ...
    async def channels(self, platform: str) -> list[tuple[str, ChannelSettings]]: ...
    async def first_seen(self, platform: str, key: str, ttl_s: int = DEDUP_TTL_S) -> bool: ...
    async def record_nudge(self, nudge_id: str, platform: str, channel: str, user_hash: str,
                           findings: Iterable, message_key: str, at: float | None = None,
                           observed: bool = False) -> None: ...
    async def record_feedback(self, nudge_id: str, verdict: str = "false_positive",
                              user_hash: str | None = None) -> bool: ...
    async def stats(self, platform: str, channel: str, days: int, now: float | None = None) -> dict: ...
    async def user_nudges(self, platform: str, user_hash: str, days: int, now: float | None = None) -> dict: ...
    async def false_positives_by_rule(self, platform: str, days: int, now: float | None = None) -> dict[str, int]: ...
    async def was_nudged(self, platform: str, channel: str, message_key: str) -> bool: ...
    async def nudged_kinds(self, platform: str, channel: str, message_key: str) -> frozenset[str] | None: ...
    async def mark_thanked(self, platform: str, channel: str, message_key: str) -> bool: ...
    async def put_pending(self, token: str, platform: str, chat: str, user: str, message_id: str,
                          kinds: Iterable[str], sections: Iterable[str], expires_at: float,
                          notice_id: str | None = None) -> None: ...
    async def take_pending(self, token: str) -> Pending | None: ...
    async def pending_for(self, platform: str, user: str) -> list[Pending]: ...
    async def expired_pending(self, now: float) -> list[Pending]: ...
    async def set_reachable(self, platform: str, user: str, ok: bool) -> None: ...
    async def reachable(self, platform: str, user: str) -> bool: ...
    async def remember_member(self, platform: str, chat: str, user: str, display_name: str) -> None: ...
    async def members(self, platform: str, chat: str) -> set[str]: ...
    async def purge(self, now: float | None = None) -> None: ...
    # durable jobs (no text): see bots.jobs
    async def add_job(self, job: Job, owner: str, lease_until: float) -> bool: ...
    async def claim_jobs(self, platform: str, owner: str, lease_until: float, limit: int,
                         dead_owners: Iterable[str] = (), now: float | None = None,
                         key: str | None = None) -> list[Job]: ...
    async def job_owners(self, platform: str, now: float | None = None) -> set[str]: ...
    async def renew_jobs(self, platform: str, owner: str, lease_until: float) -> int: ...
    async def finish_job(self, platform: str, key: str, outcome: str, nudge: tuple | None = None) -> bool: ...
    async def release_job(self, platform: str, key: str, owner: str, not_before: float) -> bool: ...
    async def job_states(self, platform: str) -> dict[str, int]: ...


# The schema, one step per version. Never edit a released step: append one.
MIGRATIONS: list[tuple[int, tuple[str, ...]]] = [
    (1, (
        """CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL)""",
        """CREATE TABLE channel_settings (
            platform TEXT NOT NULL,
            channel TEXT NOT NULL,
            monitoring INTEGER NOT NULL,
            policies TEXT NOT NULL,          -- JSON list of policy ids
            remove INTEGER NOT NULL,
            disabled_rules TEXT NOT NULL,    -- JSON list of rule ids
            joined_at REAL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (platform, channel))""",
        """CREATE TABLE nudges (
            nudge_id TEXT PRIMARY KEY,
            platform TEXT NOT NULL,
            channel TEXT NOT NULL,
            user_hash TEXT NOT NULL,         -- keyed hash, never the user id
            message_key TEXT NOT NULL,       -- keyed hash of (channel, message id)
            created_at REAL NOT NULL,
            feedback TEXT,                   -- e.g. false_positive
            feedback_at REAL)""",
        "CREATE INDEX nudges_by_channel ON nudges (platform, channel, created_at)",
        """CREATE TABLE nudge_findings (
            nudge_id TEXT NOT NULL REFERENCES nudges (nudge_id) ON DELETE CASCADE,
            policy TEXT NOT NULL,
            kind TEXT NOT NULL,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            PRIMARY KEY (nudge_id, policy, kind, rule))""",
        """CREATE TABLE seen_events (
            platform TEXT NOT NULL,
            key TEXT NOT NULL,
            expires_at REAL NOT NULL,
            PRIMARY KEY (platform, key))""",
        "CREATE INDEX seen_events_expiry ON seen_events (expires_at)",
        """CREATE TABLE nudged_messages (
            platform TEXT NOT NULL,
            channel TEXT NOT NULL,
            message_key TEXT NOT NULL,
            kinds TEXT NOT NULL,             -- JSON list of policy:kind:rule (no text)
            nudged_at REAL NOT NULL,
            thanked_at REAL,
            PRIMARY KEY (platform, channel, message_key))""",
        """CREATE TABLE pending (
            token TEXT PRIMARY KEY,
            platform TEXT NOT NULL,
            chat TEXT NOT NULL,
            user TEXT NOT NULL,
            message_id TEXT NOT NULL,
            kinds TEXT NOT NULL,             -- JSON list
            sections TEXT NOT NULL,          -- JSON list
            expires_at REAL NOT NULL,
            notice_id TEXT)""",
        "CREATE INDEX pending_by_user ON pending (platform, user)",
        """CREATE TABLE reachable (
            platform TEXT NOT NULL,
            user TEXT NOT NULL,
            ok INTEGER NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (platform, user))""",
        """CREATE TABLE members (
            platform TEXT NOT NULL,
            chat TEXT NOT NULL,
            user TEXT NOT NULL,
            display_name TEXT NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (platform, chat, user))""",
    )),
    (2, (
        # One row per message to see through to an outcome. Never the text.
        """CREATE TABLE jobs (
            platform TEXT NOT NULL,
            key TEXT NOT NULL,               -- the platform's event / update id
            channel TEXT NOT NULL,
            message_id TEXT NOT NULL,        -- Slack ts, Telegram message id
            user TEXT NOT NULL,              -- platform user id (for delivery; not patient data)
            thread_id TEXT,                  -- Slack thread_ts of a reply
            team TEXT,
            edited INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            attempt INTEGER NOT NULL DEFAULT 1,
            owner TEXT,                      -- the worker holding the lease (host:pid:token)
            lease_until REAL NOT NULL,       -- free for any worker after this (also "not before")
            state TEXT NOT NULL DEFAULT 'pending',   -- pending | done | expired
            outcome TEXT,                    -- clean | nudged | refused:<code> | gone | off ...
            done_at REAL,
            PRIMARY KEY (platform, key))""",
        "CREATE INDEX jobs_due ON jobs (platform, state, lease_until)",
    )),
    (3, (  # file checking per channel (images, PDFs): on by default
        "ALTER TABLE channel_settings ADD COLUMN files INTEGER NOT NULL DEFAULT 1",
    )),
    (4, (  # who a derogatory remark was about: patient | colleague (NULL for identifiers)
        "ALTER TABLE nudge_findings ADD COLUMN target TEXT",
    )),
    (5, (  # shadow mode: a channel's mode, and audit rows of nudges that were observed, not sent
        "ALTER TABLE channel_settings ADD COLUMN mode TEXT NOT NULL DEFAULT 'nudge'",
        "ALTER TABLE nudges ADD COLUMN observed INTEGER NOT NULL DEFAULT 0",
    )),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

# PostgreSQL's text of a step where the mechanical translation below does not
# do: {(version, step index): sql}. None needed so far.
POSTGRES_STEPS: dict[tuple[int, int], str] = {}


def _to_postgres(sql: str) -> str:
    """One SQLite migration step in PostgreSQL's dialect: comments dropped,
    ``REAL`` times as ``DOUBLE PRECISION``, ``BLOB`` as ``BYTEA``, and the
    column ``user`` (a reserved word there) quoted."""
    import re

    sql = re.sub(r"--[^\n]*", "", sql)
    sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)
    sql = re.sub(r"\bBLOB\b", "BYTEA", sql)
    return re.sub(r'(?<![\w"])user(?![\w"])', '"user"', sql)


def migration_steps(dialect: str = "sqlite") -> list[tuple[int, tuple[str, ...]]]:
    """``MIGRATIONS`` in ``dialect`` ("sqlite" or "postgres")."""
    if dialect == "sqlite":
        return MIGRATIONS
    if dialect != "postgres":
        raise ValueError(dialect)
    return [(v, tuple(POSTGRES_STEPS.get((v, i)) or _to_postgres(sql) for i, sql in enumerate(steps)))
            for v, steps in MIGRATIONS]


def finding_rows(findings: Iterable) -> tuple[dict, list[str]]:
    """The audit rows of a nudge's findings, for either engine: (policy, kind,
    rule) -> (severity, target), once each, and their sorted "policy:kind:rule"
    keys. Never a span or a word of the message."""
    rows = {(f.policy, f.kind, f.rule): (f.severity, getattr(f, "target", None)) for f in findings}
    return rows, sorted(f"{p}:{k}:{r}" for p, k, r in rows)


class StoreError(RuntimeError):
    pass


class LockLost(RuntimeError):
    """The connection holding a process-wide lock (``PostgresStore.session_lock``)
    failed: another process may hold the lock now, so this one must stop."""


def _pending(row) -> Pending:
    return Pending(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])),
                   tuple(json.loads(row[6])), row[7], row[8])


def _settings(row) -> ChannelSettings:
    m, pol, rem, dis, joined, files, mode = row[:7]
    return ChannelSettings(bool(m), frozenset(json.loads(pol)), bool(rem), frozenset(json.loads(dis)), joined,
                           bool(files), mode or "nudge")


class StoreBase:
    """What both engines do the same way, around their own ``open``/``close``,
    ``_tx`` and ``_record_nudge``."""

    async def __aenter__(self):
        await self.open()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def record_nudge(self, nudge_id: str, platform: str, channel: str, user_hash: str,
                           findings: Iterable, message_key: str, at: float | None = None,
                           observed: bool = False) -> None:
        """One nudge: who (hashed), where, which policy/kind/rule/severity, when. No text.
        ``observed``: the channel is in observe mode, so the nudge was counted, not sent."""
        at = time.time() if at is None else at
        async with self._tx() as con:
            await self._record_nudge(con, nudge_id, platform, channel, user_hash, findings, message_key, at,
                                     observed)

    async def was_nudged(self, platform: str, channel: str, message_key: str) -> bool:
        return await self.nudged_kinds(platform, channel, message_key) is not None


class SQLiteStore(StoreBase):
    """The ``Store`` on one SQLite file (``":memory:"`` works for throwaway use)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._db: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()  # one write transaction at a time on the shared connection
        self._ack: aiosqlite.Connection | None = None  # add_job's own connections: see there
        self._ack_now: sqlite3.Connection | None = None
        self.ack_busy = 0

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StoreError("the store is not open")
        return self._db

    @contextlib.asynccontextmanager
    async def _tx(self):
        """A write transaction: committed on success, rolled back on error, and
        never interleaved with another coroutine's writes."""
        async with self._lock:
            db = self.db
            try:
                yield db
                await db.commit()
            except BaseException:
                await db.rollback()
                raise

    async def open(self) -> None:
        if self._db is not None:
            return
        if self.path != ":memory:":
            p = Path(self.path)
            p.parent.mkdir(parents=True, exist_ok=True)
            if not p.exists():  # user ids and the generated secret live here: owner-only
                os.close(os.open(p, os.O_CREAT | os.O_WRONLY, 0o600))
        self._db = await aiosqlite.connect(self.path)
        try:
            await self._db.execute("PRAGMA journal_mode=WAL")
            await self._db.execute("PRAGMA synchronous=NORMAL")
            await self._db.execute("PRAGMA foreign_keys=ON")
            await self._db.execute("PRAGMA busy_timeout=5000")
            await self._migrate()
        except BaseException:
            await self._db.close()
            self._db = None
            raise

    async def close(self) -> None:
        if self._ack_now is not None:
            now, self._ack_now = self._ack_now, None
            now.close()
        if self._ack is not None:
            ack, self._ack = self._ack, None
            await ack.close()
        if self._db is not None:
            db, self._db = self._db, None
            await db.close()

    async def schema_version(self) -> int:
        rows = await self.db.execute_fetchall("SELECT version FROM schema_version")
        return rows[0][0] if rows else 0

    async def _migrate(self) -> None:
        db = self.db
        await db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        await db.commit()
        current = await self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: database schema v{current} is newer than this Discreet (v{SCHEMA_VERSION})")
        if current == SCHEMA_VERSION:
            return
        await db.execute("BEGIN IMMEDIATE")
        try:
            for version, steps in MIGRATIONS:
                if version <= current:
                    continue
                for sql in steps:
                    await db.execute(sql)
            await db.execute("DELETE FROM schema_version")
            await db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            await db.commit()
        except BaseException:
            await db.rollback()
            raise

    # -- meta ---------------------------------------------------------------

    async def get_meta(self, key: str) -> bytes | None:
        rows = await self.db.execute_fetchall("SELECT value FROM meta WHERE key = ?", (key,))
        return bytes(rows[0][0]) if rows else None

    async def meta_default(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The value under ``key``, created with ``make()`` the first time
        (first writer wins, so two processes agree)."""
        async with self._tx() as db:
            await db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                             (key, make()))
        value = await self.get_meta(key)
        assert value is not None
        return value

    async def set_meta(self, key: str, value: bytes | None) -> None:
        """Set (or, with None, remove) the value under ``key``."""
        async with self._tx() as db:
            if value is None:
                await db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                await db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    # -- settings -----------------------------------------------------------

    async def get_settings(self, platform: str, channel: str) -> ChannelSettings | None:
        rows = await self.db.execute_fetchall(
            "SELECT monitoring, policies, remove, disabled_rules, joined_at, files, mode FROM channel_settings"
            " WHERE platform = ? AND channel = ?", (platform, channel))
        if not rows:
            return None
        return _settings(rows[0])

    async def channels(self, platform: str) -> list[tuple[str, ChannelSettings]]:
        """Every channel with stored settings (the bot joined it or an admin set it up), by id."""
        rows = await self.db.execute_fetchall(
            "SELECT monitoring, policies, remove, disabled_rules, joined_at, files, mode, channel"
            " FROM channel_settings WHERE platform = ? ORDER BY channel", (platform,))
        return [(r[7], _settings(r)) for r in rows]

    async def put_settings(self, platform: str, channel: str, settings: ChannelSettings) -> None:
        async with self._tx() as db:
            await db.execute(
                """INSERT INTO channel_settings
                       (platform, channel, monitoring, policies, remove, disabled_rules, joined_at, updated_at, files,
                        mode)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (platform, channel) DO UPDATE SET
                       monitoring = excluded.monitoring, policies = excluded.policies,
                       remove = excluded.remove, disabled_rules = excluded.disabled_rules, files = excluded.files,
                       mode = excluded.mode,
                       joined_at = COALESCE(excluded.joined_at, channel_settings.joined_at),
                       updated_at = excluded.updated_at""",
                (platform, channel, int(settings.monitoring), json.dumps(sorted(settings.policies)),
                 int(settings.remove), json.dumps(sorted(settings.disabled_rules)), settings.joined_at, time.time(),
                 int(settings.files), settings.mode))

    # -- de-duplication -----------------------------------------------------

    async def first_seen(self, platform: str, key: str, ttl_s: int = DEDUP_TTL_S) -> bool:
        """Claim ``key``: True the first time (or once its claim expired), False on repeats."""
        now = time.time()
        async with self._tx() as db:
            cur = await db.execute(
                """INSERT INTO seen_events (platform, key, expires_at) VALUES (?, ?, ?)
                   ON CONFLICT (platform, key) DO UPDATE SET expires_at = excluded.expires_at
                   WHERE seen_events.expires_at <= ?""",
                (platform, key, now + ttl_s, now))
            claimed = cur.rowcount == 1
            await cur.close()
        return claimed

    # -- audit log ----------------------------------------------------------

    @staticmethod
    async def _record_nudge(db, nudge_id, platform, channel, user_hash, findings, message_key, at,
                            observed: bool = False) -> None:
        rows, keys = finding_rows(findings)
        await db.execute(
            "INSERT INTO nudges (nudge_id, platform, channel, user_hash, message_key, created_at, observed)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (nudge_id, platform, channel, user_hash, message_key, at, int(observed)))
        await db.executemany(
            "INSERT INTO nudge_findings (nudge_id, policy, kind, rule, severity, target) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [(nudge_id, p, k, r, s, t) for (p, k, r), (s, t) in rows.items()])
        await db.execute(
            """INSERT INTO nudged_messages (platform, channel, message_key, kinds, nudged_at, thanked_at)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, channel, message_key) DO UPDATE SET
                   kinds = (SELECT json_group_array(value) FROM (
                       SELECT value FROM json_each(nudged_messages.kinds)
                       UNION SELECT value FROM json_each(excluded.kinds) ORDER BY value)),
                   nudged_at = excluded.nudged_at,
                   thanked_at = COALESCE(excluded.thanked_at, nudged_messages.thanked_at)""",
            # an observed message's author was never told: no "thank you" for fixing it
            (platform, channel, message_key, json.dumps(keys), at, at if observed else None))

    async def record_feedback(self, nudge_id: str, verdict: str = "false_positive",
                              user_hash: str | None = None) -> bool:
        """Mark a nudge (once). With ``user_hash``, only its own author may."""
        sql = "UPDATE nudges SET feedback = ?, feedback_at = ? WHERE nudge_id = ? AND feedback IS NULL"
        args: tuple = (verdict, time.time(), nudge_id)
        if user_hash is not None:
            sql += " AND user_hash = ?"
            args += (user_hash,)
        async with self._tx() as db:
            cur = await db.execute(sql, args)
            done = cur.rowcount == 1
            await cur.close()
        return done

    async def stats(self, platform: str, channel: str, days: int, now: float | None = None) -> dict:
        """Counts over the last ``days``: nudges per (policy, kind), per rule and
        per target of a derogatory remark (patient / colleague), false-positive
        reports, messages nudged. No text, no names."""
        since = (time.time() if now is None else now) - days * 86400
        rows = await self.db.execute_fetchall(
            """SELECT f.policy, f.kind, COUNT(DISTINCT n.nudge_id) FROM nudges n
               JOIN nudge_findings f ON f.nudge_id = n.nudge_id
               WHERE n.platform = ? AND n.channel = ? AND n.created_at >= ?
               GROUP BY f.policy, f.kind ORDER BY f.policy, f.kind""", (platform, channel, since))
        agg = await self.db.execute_fetchall(
            """SELECT COUNT(*), COUNT(feedback), COUNT(DISTINCT CASE WHEN observed = 0 THEN message_key END),
                      COUNT(DISTINCT CASE WHEN observed = 1 THEN message_key END) FROM nudges
               WHERE platform = ? AND channel = ? AND created_at >= ?""", (platform, channel, since))
        by_rule = await self.db.execute_fetchall(
            """SELECT f.rule, COUNT(DISTINCT n.nudge_id) FROM nudges n
               JOIN nudge_findings f ON f.nudge_id = n.nudge_id
               WHERE n.platform = ? AND n.channel = ? AND n.created_at >= ?
               GROUP BY f.rule ORDER BY f.rule""", (platform, channel, since))
        by_target = await self.db.execute_fetchall(
            """SELECT f.target, COUNT(DISTINCT n.nudge_id) FROM nudges n
               JOIN nudge_findings f ON f.nudge_id = n.nudge_id
               WHERE n.platform = ? AND n.channel = ? AND n.created_at >= ? AND f.target IS NOT NULL
               GROUP BY f.target ORDER BY f.target""", (platform, channel, since))
        total, fps, msgs, observed = agg[0]
        return {"nudges": {(p, k): n for p, k, n in rows}, "total": total,
                "false_positives": fps, "messages_nudged": msgs, "rules": {r: n for r, n in by_rule},
                "targets": {t: n for t, n in by_target}, "observed": observed}

    async def user_nudges(self, platform: str, user_hash: str, days: int, now: float | None = None) -> dict:
        """One author's nudges (sent, not observed) over the last ``days``, by
        the keyed hash: the total and per (policy, kind). Counts only."""
        since = (time.time() if now is None else now) - days * 86400
        total = await self.db.execute_fetchall(
            "SELECT COUNT(*) FROM nudges WHERE platform = ? AND user_hash = ? AND created_at >= ? AND observed = 0",
            (platform, user_hash, since))
        rows = await self.db.execute_fetchall(
            """SELECT f.policy, f.kind, COUNT(DISTINCT n.nudge_id) FROM nudges n
               JOIN nudge_findings f ON f.nudge_id = n.nudge_id
               WHERE n.platform = ? AND n.user_hash = ? AND n.created_at >= ? AND n.observed = 0
               GROUP BY f.policy, f.kind ORDER BY f.policy, f.kind""", (platform, user_hash, since))
        return {"total": total[0][0], "nudges": {(p, k): n for p, k, n in rows}}

    async def false_positives_by_rule(self, platform: str, days: int, now: float | None = None) -> dict[str, int]:
        """False-positive reports per rule over the last ``days``, every channel of ``platform``."""
        since = (time.time() if now is None else now) - days * 86400
        rows = await self.db.execute_fetchall(
            """SELECT f.rule, COUNT(DISTINCT n.nudge_id) FROM nudges n
               JOIN nudge_findings f ON f.nudge_id = n.nudge_id
               WHERE n.platform = ? AND n.created_at >= ? AND n.feedback = 'false_positive'
               GROUP BY f.rule ORDER BY 2 DESC, f.rule""", (platform, since))
        return {r: n for r, n in rows}

    # -- edits --------------------------------------------------------------

    async def nudged_kinds(self, platform: str, channel: str, message_key: str) -> frozenset[str] | None:
        """``policy:kind:rule`` keys the message was nudged for, or None if never nudged."""
        rows = await self.db.execute_fetchall(
            "SELECT kinds FROM nudged_messages WHERE platform = ? AND channel = ? AND message_key = ?",
            (platform, channel, message_key))
        return frozenset(json.loads(rows[0][0])) if rows else None

    async def mark_thanked(self, platform: str, channel: str, message_key: str) -> bool:
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE nudged_messages SET thanked_at = ? WHERE platform = ? AND channel = ?"
                " AND message_key = ? AND thanked_at IS NULL", (time.time(), platform, channel, message_key))
            done = cur.rowcount == 1
            await cur.close()
        return done

    # -- Telegram: pending nudges, reachable users, members -----------------

    async def put_pending(self, token: str, platform: str, chat: str, user: str, message_id: str,
                          kinds: Iterable[str], sections: Iterable[str], expires_at: float,
                          notice_id: str | None = None) -> None:
        async with self._tx() as db:
            await db.execute(
                """INSERT INTO pending (token, platform, chat, user, message_id, kinds, sections, expires_at, notice_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (token) DO UPDATE SET notice_id = excluded.notice_id,
                       expires_at = excluded.expires_at""",
                (token, platform, str(chat), str(user), str(message_id), json.dumps(list(kinds)),
                 json.dumps(list(sections)), expires_at, None if notice_id is None else str(notice_id)))

    async def take_pending(self, token: str) -> Pending | None:
        """The pending nudge under ``token``, removed: it is delivered once only."""
        async with self._tx() as db:
            cur = await db.execute(
                "DELETE FROM pending WHERE token = ? RETURNING token, platform, chat, user, message_id,"
                " kinds, sections, expires_at, notice_id", (token,))
            rows = await cur.fetchall()
            await cur.close()
        return _pending(rows[0]) if rows else None

    async def pending_for(self, platform: str, user: str) -> list[Pending]:
        rows = await self.db.execute_fetchall(
            "SELECT token, platform, chat, user, message_id, kinds, sections, expires_at, notice_id"
            " FROM pending WHERE platform = ? AND user = ? ORDER BY expires_at", (platform, str(user)))
        return [_pending(r) for r in rows]

    async def expired_pending(self, now: float) -> list[Pending]:
        rows = await self.db.execute_fetchall(
            "SELECT token, platform, chat, user, message_id, kinds, sections, expires_at, notice_id"
            " FROM pending WHERE expires_at <= ? ORDER BY expires_at", (now,))
        return [_pending(r) for r in rows]

    async def set_reachable(self, platform: str, user: str, ok: bool) -> None:
        async with self._tx() as db:
            await db.execute(
                """INSERT INTO reachable (platform, user, ok, updated_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (platform, user) DO UPDATE SET ok = excluded.ok, updated_at = excluded.updated_at""",
                (platform, str(user), int(ok), time.time()))

    async def reachable(self, platform: str, user: str) -> bool:
        rows = await self.db.execute_fetchall(
            "SELECT ok FROM reachable WHERE platform = ? AND user = ?", (platform, str(user)))
        return bool(rows and rows[0][0])

    async def remember_member(self, platform: str, chat: str, user: str, display_name: str) -> None:
        async with self._tx() as db:
            await db.execute(
                """INSERT INTO members (platform, chat, user, display_name, updated_at) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (platform, chat, user) DO UPDATE SET
                       display_name = excluded.display_name, updated_at = excluded.updated_at""",
                (platform, str(chat), str(user), display_name, time.time()))

    async def members(self, platform: str, chat: str) -> set[str]:
        rows = await self.db.execute_fetchall(
            "SELECT display_name FROM members WHERE platform = ? AND chat = ?", (platform, str(chat)))
        return {r[0] for r in rows}

    # -- housekeeping -------------------------------------------------------

    async def purge(self, now: float | None = None) -> None:
        """Expire dedup keys, old nudged-message keys, and pending nudges that
        expired more than ``PENDING_GRACE_S`` ago (the adapter clears their
        notices first, via ``expired_pending``), and audit rows older than
        ``AUDIT_RETENTION_S`` (a year)."""
        now = time.time() if now is None else now
        async with self._tx() as db:
            await db.execute("DELETE FROM seen_events WHERE expires_at <= ?", (now,))
            await db.execute("DELETE FROM nudged_messages WHERE nudged_at <= ?", (now - NUDGED_TTL_S,))
            await db.execute("DELETE FROM pending WHERE expires_at <= ?", (now - PENDING_GRACE_S,))
            await db.execute("DELETE FROM nudges WHERE created_at <= ?", (now - AUDIT_RETENTION_S,))
            await db.execute("UPDATE jobs SET state = 'expired', outcome = 'gave_up', done_at = ?, owner = NULL"
                             " WHERE state = 'pending' AND created_at <= ?", (now, now - JOB_GIVE_UP_S))
            await db.execute("DELETE FROM jobs WHERE state <> 'pending' AND done_at <= ?", (now - JOB_KEEP_S,))

    # -- durable jobs (no text) ---------------------------------------------

    async def add_job(self, job: Job, owner: str, lease_until: float) -> bool:
        """Record ``job`` held by ``owner`` until ``lease_until``; False if it
        is known already (a retried event: its first copy is seen through).

        This runs before the platform gets its ack, so it does not queue
        behind the background work on the main connection: it is one
        autocommit statement (tens of microseconds) on a connection of its
        own, run in place when SQLite's write lock is free; while the main
        connection is mid-transaction it yields to the event loop (which
        carries that transaction to its commit) and tries again, and after
        50 ms it waits for the lock on a third connection with its own
        thread. None of them holds up the event loop for more than one
        statement, nor runs a WAL checkpoint (the main connection does)."""
        args = (job.platform, job.key, str(job.channel), str(job.message_id), str(job.user), job.thread_id,
                job.team, int(job.edited), job.created_at or time.time(), job.attempt, owner, lease_until)
        sql = (f"INSERT INTO jobs ({JOB_COLUMNS}, owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
               " ON CONFLICT (platform, key) DO NOTHING RETURNING 1")
        if self.path == ":memory:":
            async with self._tx() as db:
                rows = await db.execute_fetchall(sql, args)
            return bool(rows)
        self.db  # noqa: B018 - raises StoreError if the store is not open
        if self._ack_now is None:
            now = sqlite3.connect(self.path, isolation_level=None, timeout=0)
            now.execute("PRAGMA synchronous=NORMAL")
            now.execute("PRAGMA wal_autocheckpoint=0")
            self._ack_now = now
        deadline = time.monotonic() + 0.05
        while True:
            try:
                return bool(self._ack_now.execute(sql, args).fetchall())
            except sqlite3.OperationalError as e:
                if getattr(e, "sqlite_errorcode", sqlite3.SQLITE_BUSY) & 0xFF != sqlite3.SQLITE_BUSY:
                    raise
            self.ack_busy += 1  # how often the write lock was taken (for benchmarks)
            if time.monotonic() >= deadline:
                break
            # the main connection is mid-transaction: let the event loop carry it to its commit
            await asyncio.sleep(0.0005)
        if self._ack is None:
            ack = await aiosqlite.connect(self.path, isolation_level=None)
            await ack.execute("PRAGMA busy_timeout=5000")
            await ack.execute("PRAGMA synchronous=NORMAL")  # as the main connection: survives a process crash
            await ack.execute("PRAGMA wal_autocheckpoint=0")
            if self._ack is None:
                self._ack = ack
            else:
                await ack.close()
        return bool(await self._ack.execute_fetchall(sql, args))

    async def claim_jobs(self, platform: str, owner: str, lease_until: float, limit: int,
                         dead_owners: Iterable[str] = (), now: float | None = None,
                         key: str | None = None) -> list[Job]:
        """Take up to ``limit`` unfinished jobs (only ``key``, if given) whose
        lease ran out (or whose owner is known dead) for ``owner``; their
        attempt count goes up."""
        now = time.time() if now is None else now
        dead = sorted(set(dead_owners))
        marks = ", ".join("?" for _ in dead)
        extra = f" OR owner IN ({marks})" if dead else ""
        only = " AND key = ?" if key is not None else ""
        async with self._tx() as db:
            cur = await db.execute(
                f"""UPDATE jobs SET owner = ?, lease_until = ?, attempt = attempt + 1
                    WHERE rowid IN (SELECT rowid FROM jobs WHERE platform = ?{only} AND state = 'pending'
                                    AND (lease_until <= ?{extra}) ORDER BY created_at LIMIT ?)
                    RETURNING {JOB_COLUMNS}""",
                (owner, lease_until, platform, *((key,) if key is not None else ()), now, *dead, limit))
            rows = await cur.fetchall()
            await cur.close()
        return sorted((_job(r) for r in rows), key=lambda j: j.created_at)

    async def job_owners(self, platform: str, now: float | None = None) -> set[str]:
        """Owners holding a live lease on an unfinished job."""
        now = time.time() if now is None else now
        rows = await self.db.execute_fetchall(
            "SELECT DISTINCT owner FROM jobs WHERE platform = ? AND state = 'pending' AND lease_until > ?"
            " AND owner IS NOT NULL", (platform, now))
        return {r[0] for r in rows}

    async def renew_jobs(self, platform: str, owner: str, lease_until: float) -> int:
        async with self._tx() as db:
            cur = await db.execute("UPDATE jobs SET lease_until = ? WHERE platform = ? AND owner = ?"
                                   " AND state = 'pending'", (lease_until, platform, owner))
            n = cur.rowcount
            await cur.close()
        return n

    async def finish_job(self, platform: str, key: str, outcome: str, nudge: tuple | None = None) -> bool:
        """The job's outcome is known. ``nudge`` = (nudge_id, channel, user_hash,
        findings, message_key): the platform accepted a nudge, and its audit row
        is written in the same transaction. False if it was finished already."""
        now = time.time()
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE jobs SET state = 'done', outcome = ?, done_at = ?, owner = NULL"
                " WHERE platform = ? AND key = ? AND state = 'pending'", (outcome, now, platform, key))
            done = cur.rowcount == 1
            await cur.close()
            if nudge is not None:
                nudge_id, channel, user_hash, findings, message_key = nudge
                await self._record_nudge(db, nudge_id, platform, channel, user_hash, findings, message_key, now)
        return done

    async def release_job(self, platform: str, key: str, owner: str, not_before: float) -> bool:
        """Give an unfinished job back to the queue, to be taken up again after ``not_before``."""
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE jobs SET owner = NULL, lease_until = ? WHERE platform = ? AND key = ?"
                " AND state = 'pending' AND owner = ?", (not_before, platform, key, owner))
            done = cur.rowcount == 1
            await cur.close()
        return done

    async def job_states(self, platform: str) -> dict[str, int]:
        """How many jobs are pending / done / expired, by outcome (for status and tests)."""
        rows = await self.db.execute_fetchall(
            "SELECT state, COALESCE(outcome, ''), COUNT(*) FROM jobs WHERE platform = ? GROUP BY 1, 2",
            (platform,))
        out: dict[str, int] = {}
        for state, outcome, n in rows:
            out[state] = out.get(state, 0) + n
            if outcome:
                out[f"{state}:{outcome}"] = n
        return out


def is_postgres_url(value: str | Path) -> bool:
    return str(value).startswith(("postgresql://", "postgres://"))


def describe_db(value: str | Path) -> str:
    """DISCREET_DB for logs and errors: a URL's password is never shown."""
    value = str(value)
    if not is_postgres_url(value):
        return value
    from urllib.parse import urlsplit, urlunsplit

    u = urlsplit(value)
    if u.password is None:
        netloc = u.netloc
    else:
        netloc = f"{u.username or ''}:***@{u.hostname or ''}" + (f":{u.port}" if u.port else "")
    query = "&".join(p if not p.lower().startswith("password=") else "password=***" for p in u.query.split("&")) \
        if u.query else ""
    return urlunsplit((u.scheme, netloc, u.path, query, ""))


def open_store(db: str | Path) -> Store:
    """The (unopened) store for a DISCREET_DB value: ``PostgresStore`` for a
    ``postgresql://`` / ``postgres://`` URL, ``SQLiteStore`` for a file path
    (or ``:memory:``)."""
    if is_postgres_url(db):
        from .pgstore import PostgresStore
        return PostgresStore(str(db))
    return SQLiteStore(db)


__all__ = ["ChannelSettings", "Job", "Pending", "SQLiteStore", "Store", "StoreError", "MIGRATIONS",
           "SCHEMA_VERSION", "describe_db", "is_postgres_url", "migration_steps", "open_store"]
