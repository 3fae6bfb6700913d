"""The ``Store`` on PostgreSQL (asyncpg), for several workers on one database.

    store = open_store("postgresql://discreet:...@db:5432/discreet")  # or PostgresStore(dsn)
    await store.open()      # a connection pool; the migrations, once, under an advisory lock

Same schema, same rules as ``SQLiteStore``: never message text, never a
matched identifier; ids, keyed hashes and policy/kind/rule only.

What several workers need, and how it is had here:

- **Migrations** run in one transaction holding ``pg_advisory_xact_lock``:
  workers starting together wait for the first, then find the schema current.
- **No per-process cache**: settings are read from the database for every
  message, so ``/discreet off`` through one worker holds on all of them for
  the next message.
- **Atomic claims**: event de-duplication (``first_seen``), jobs (``add_job``),
  "thanks" (``mark_thanked``) and pending nudges (``take_pending``) are single
  statements on unique keys (``ON CONFLICT``, ``UPDATE ... WHERE ... IS NULL``,
  ``DELETE ... RETURNING``): of two workers racing, exactly one wins.
- **Job claims** use ``FOR UPDATE SKIP LOCKED``: two workers never take the
  same job, and neither waits for the other.

Times are ``DOUBLE PRECISION`` seconds (as SQLite's ``REAL``), booleans
``INTEGER`` (as in SQLite), so the two databases hold the same values.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Callable, Iterable

import asyncpg

from .store import (AUDIT_RETENTION_S, DEDUP_TTL_S, JOB_COLUMNS, JOB_GIVE_UP_S, JOB_KEEP_S, NUDGED_TTL_S, StoreBase, finding_rows,
                    PENDING_GRACE_S, SCHEMA_VERSION, ChannelSettings, Job, LockLost, Pending, StoreError, describe_db,
                    migration_steps)

# pg_advisory_xact_lock key for the migrations (any constant; "discreet" in ASCII, folded to 63 bits)
MIGRATION_LOCK = 0x6469736372656574
POOL_MIN, POOL_MAX = 1, 10
ACK_POOL_MAX = 4  # add_job's own connections: the ack never queues behind background work
COMMAND_TIMEOUT_S = 30.0  # no statement waits longer (a stuck database must not hold an ack forever)

_JOB_COLS = JOB_COLUMNS.replace("user", '"user"')
_PENDING_COLS = 'token, platform, chat, "user", message_id, kinds, sections, expires_at, notice_id'


class _Connection(asyncpg.Connection):
    """A pooled connection that goes back to the pool without asyncpg's reset
    query (``pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL``, a
    round trip per release): this store keeps no session state (its one lock
    is a transaction lock; no cursors, LISTEN or SET). Anything that needs
    session state (a session advisory lock) takes a connection of its own."""

    def get_reset_query(self) -> str:
        return ""


def _job(r) -> Job:
    return Job(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), r[8], r[9])


def _settings(r) -> ChannelSettings:
    m, pol, rem, dis, joined, files, mode = tuple(r)[:7]
    return ChannelSettings(bool(m), frozenset(json.loads(pol)), bool(rem), frozenset(json.loads(dis)), joined,
                           bool(files), mode or "nudge")


_SETTINGS_COLS = "monitoring, policies, remove, disabled_rules, joined_at, files, mode"


def _pending(r) -> Pending:
    return Pending(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), tuple(json.loads(r[6])), r[7], r[8])


def _affected(status: str) -> int:
    """Rows changed, from a command status such as ``UPDATE 1``."""
    try:
        return int(status.rsplit(" ", 1)[-1])
    except ValueError:
        return 0


class PostgresStore(StoreBase):
    """The ``Store`` on PostgreSQL, through a pool of asyncpg connections."""

    dialect = "postgres"

    def __init__(self, dsn: str, *, min_size: int = POOL_MIN, max_size: int = POOL_MAX):
        self.dsn = dsn
        self.path = describe_db(dsn)  # for messages: never the password
        self._min, self._max = min_size, max_size
        self._pool: asyncpg.Pool | None = None
        self._ack_pool: asyncpg.Pool | None = None

    def __repr__(self) -> str:
        return f"PostgresStore({self.path!r})"

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise StoreError("the store is not open")
        return self._pool

    @contextlib.asynccontextmanager
    async def _tx(self):
        """A connection in a transaction: committed on success, rolled back on error."""
        async with self.pool.acquire() as con:
            async with con.transaction():
                yield con

    async def open(self) -> None:
        if self._pool is not None:
            return
        try:
            pool = await asyncpg.create_pool(self.dsn, min_size=self._min, max_size=self._max,
                                             command_timeout=COMMAND_TIMEOUT_S, connection_class=_Connection)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as e:
            # the DSN (with its password) stays out of the message
            raise StoreError(f"{self.path}: cannot connect ({type(e).__name__}: {e})") from None
        self._pool = pool
        try:
            await self._migrate()
            self._ack_pool = await asyncpg.create_pool(self.dsn, min_size=1, max_size=ACK_POOL_MAX,
                                                       command_timeout=COMMAND_TIMEOUT_S,
                                                       connection_class=_Connection)
        except BaseException:
            self._pool = None
            await pool.close()
            raise

    async def close(self) -> None:
        if self._ack_pool is not None:
            ack, self._ack_pool = self._ack_pool, None
            await ack.close()
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    def session_lock(self, name: str, **kw) -> "SessionLock":
        """A lock only one process holds at a time (see ``SessionLock``)."""
        return SessionLock(self.dsn, name, **kw)

    async def schema_version(self) -> int:
        return await self.pool.fetchval("SELECT max(version) FROM schema_version") or 0

    async def _migrate(self) -> None:
        """The missing steps, in one transaction under an advisory lock: of
        several workers starting at once, one migrates and the others then
        find the schema current."""
        async with self._tx() as con:
            await con.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = await con.fetchval("SELECT max(version) FROM schema_version") or 0
            if current > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: database schema v{current} is newer than this Discreet "
                                 f"(v{SCHEMA_VERSION})")
            if current == SCHEMA_VERSION:
                return
            for version, steps in migration_steps("postgres"):
                if version <= current:
                    continue
                for sql in steps:
                    await con.execute(sql)
            await con.execute("DELETE FROM schema_version")
            await con.execute("INSERT INTO schema_version (version) VALUES ($1)", SCHEMA_VERSION)

    # -- meta ---------------------------------------------------------------

    async def get_meta(self, key: str) -> bytes | None:
        value = await self.pool.fetchval("SELECT value FROM meta WHERE key = $1", key)
        return None if value is None else bytes(value)

    async def meta_default(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The value under ``key``, created with ``make()`` the first time
        (first writer wins, so every worker agrees)."""
        await self.pool.execute("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                                key, make())
        value = await self.get_meta(key)
        assert value is not None
        return value

    async def set_meta(self, key: str, value: bytes | None) -> None:
        if value is None:
            await self.pool.execute("DELETE FROM meta WHERE key = $1", key)
        else:
            await self.pool.execute("INSERT INTO meta (key, value) VALUES ($1, $2)"
                                    " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", key, value)

    # -- settings (read for every message: no cache) --------------------------

    async def get_settings(self, platform: str, channel: str) -> ChannelSettings | None:
        row = await self.pool.fetchrow(
            f"SELECT {_SETTINGS_COLS} FROM channel_settings WHERE platform = $1 AND channel = $2",
            platform, str(channel))
        return None if row is None else _settings(row)

    async def channels(self, platform: str) -> list[tuple[str, ChannelSettings]]:
        """Every channel with stored settings (the bot joined it or an admin set it up), by id
        (byte order, as SQLite's)."""
        rows = await self.pool.fetch(
            f"SELECT {_SETTINGS_COLS}, channel FROM channel_settings WHERE platform = $1"
            ' ORDER BY channel COLLATE "C"', platform)
        return [(r[7], _settings(r)) for r in rows]

    async def put_settings(self, platform: str, channel: str, settings: ChannelSettings) -> None:
        await self.pool.execute(
            """INSERT INTO channel_settings
                   (platform, channel, monitoring, policies, remove, disabled_rules, joined_at, updated_at, files,
                    mode)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
               ON CONFLICT (platform, channel) DO UPDATE SET
                   monitoring = EXCLUDED.monitoring, policies = EXCLUDED.policies,
                   remove = EXCLUDED.remove, disabled_rules = EXCLUDED.disabled_rules, files = EXCLUDED.files,
                   mode = EXCLUDED.mode,
                   joined_at = COALESCE(EXCLUDED.joined_at, channel_settings.joined_at),
                   updated_at = EXCLUDED.updated_at""",
            platform, str(channel), int(settings.monitoring), json.dumps(sorted(settings.policies)),
            int(settings.remove), json.dumps(sorted(settings.disabled_rules)),
            None if settings.joined_at is None else float(settings.joined_at), time.time(), int(settings.files),
            settings.mode)

    # -- de-duplication -----------------------------------------------------

    async def first_seen(self, platform: str, key: str, ttl_s: int = DEDUP_TTL_S) -> bool:
        """Claim ``key``: True the first time (or once its claim expired), False on
        repeats, whichever worker asks."""
        now = time.time()
        won = await self.pool.fetchval(
            """INSERT INTO seen_events (platform, key, expires_at) VALUES ($1, $2, $3)
               ON CONFLICT (platform, key) DO UPDATE SET expires_at = EXCLUDED.expires_at
               WHERE seen_events.expires_at <= $4
               RETURNING 1""", platform, str(key), now + ttl_s, now)
        return won is not None

    # -- audit log ----------------------------------------------------------

    @staticmethod
    async def _record_nudge(con, nudge_id, platform, channel, user_hash, findings, message_key, at,
                            observed: bool = False) -> None:
        rows, keys = finding_rows(findings)
        await con.execute(
            "INSERT INTO nudges (nudge_id, platform, channel, user_hash, message_key, created_at, observed)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7)", nudge_id, platform, str(channel), user_hash, message_key,
            float(at), int(observed))
        if rows:
            await con.executemany(
                "INSERT INTO nudge_findings (nudge_id, policy, kind, rule, severity, target)"
                " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                [(nudge_id, p, k, r, s, t) for (p, k, r), (s, t) in rows.items()])
        await con.execute(
            """INSERT INTO nudged_messages (platform, channel, message_key, kinds, nudged_at, thanked_at)
               VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (platform, channel, message_key) DO UPDATE SET
                   kinds = (SELECT COALESCE(json_agg(v ORDER BY v COLLATE "C"), '[]'::json)::text FROM (
                       SELECT json_array_elements_text(nudged_messages.kinds::json) AS v
                       UNION SELECT json_array_elements_text(EXCLUDED.kinds::json)) AS u),
                   nudged_at = EXCLUDED.nudged_at,
                   thanked_at = COALESCE(EXCLUDED.thanked_at, nudged_messages.thanked_at)""",
            # an observed message's author was never told: no "thank you" for fixing it
            platform, str(channel), message_key, json.dumps(keys), float(at), float(at) if observed else None)

    async def record_feedback(self, nudge_id: str, verdict: str = "false_positive",
                              user_hash: str | None = None) -> bool:
        sql = "UPDATE nudges SET feedback = $1, feedback_at = $2 WHERE nudge_id = $3 AND feedback IS NULL"
        args: tuple = (verdict, time.time(), nudge_id)
        if user_hash is not None:
            sql += " AND user_hash = $4"
            args += (user_hash,)
        return _affected(await self.pool.execute(sql, *args)) == 1

    async def stats(self, platform: str, channel: str, days: int, now: float | None = None) -> dict:
        since = (time.time() if now is None else now) - days * 86400
        args = (platform, str(channel), float(since))
        async with self.pool.acquire() as con:
            rows = await con.fetch(
                """SELECT f.policy, f.kind, COUNT(DISTINCT n.nudge_id) FROM nudges n
                   JOIN nudge_findings f ON f.nudge_id = n.nudge_id
                   WHERE n.platform = $1 AND n.channel = $2 AND n.created_at >= $3
                   GROUP BY f.policy, f.kind ORDER BY f.policy, f.kind""", *args)
            agg = await con.fetchrow(
                """SELECT COUNT(*), COUNT(feedback), COUNT(DISTINCT CASE WHEN observed = 0 THEN message_key END),
                          COUNT(DISTINCT CASE WHEN observed = 1 THEN message_key END) FROM nudges
                   WHERE platform = $1 AND channel = $2 AND created_at >= $3""", *args)
            by_rule = await con.fetch(
                """SELECT f.rule, COUNT(DISTINCT n.nudge_id) FROM nudges n
                   JOIN nudge_findings f ON f.nudge_id = n.nudge_id
                   WHERE n.platform = $1 AND n.channel = $2 AND n.created_at >= $3
                   GROUP BY f.rule ORDER BY f.rule""", *args)
            by_target = await con.fetch(
                """SELECT f.target, COUNT(DISTINCT n.nudge_id) FROM nudges n
                   JOIN nudge_findings f ON f.nudge_id = n.nudge_id
                   WHERE n.platform = $1 AND n.channel = $2 AND n.created_at >= $3 AND f.target IS NOT NULL
                   GROUP BY f.target ORDER BY f.target""", *args)
        total, fps, msgs, observed = agg
        return {"nudges": {(p, k): n for p, k, n in rows}, "total": total,
                "false_positives": fps, "messages_nudged": msgs, "rules": {r: n for r, n in by_rule},
                "targets": {t: n for t, n in by_target}, "observed": observed}

    async def user_nudges(self, platform: str, user_hash: str, days: int, now: float | None = None) -> dict:
        """One author's nudges (sent, not observed) over the last ``days``, by
        the keyed hash: the total and per (policy, kind). Counts only."""
        since = float((time.time() if now is None else now) - days * 86400)
        async with self.pool.acquire() as con:
            total = await con.fetchval(
                "SELECT COUNT(*) FROM nudges WHERE platform = $1 AND user_hash = $2 AND created_at >= $3"
                " AND observed = 0", platform, user_hash, since)
            rows = await con.fetch(
                """SELECT f.policy, f.kind, COUNT(DISTINCT n.nudge_id) FROM nudges n
                   JOIN nudge_findings f ON f.nudge_id = n.nudge_id
                   WHERE n.platform = $1 AND n.user_hash = $2 AND n.created_at >= $3 AND n.observed = 0
                   GROUP BY f.policy, f.kind ORDER BY f.policy, f.kind""", platform, user_hash, since)
        return {"total": total, "nudges": {(p, k): n for p, k, n in rows}}

    async def false_positives_by_rule(self, platform: str, days: int, now: float | None = None) -> dict[str, int]:
        """False-positive reports per rule over the last ``days``, every channel of ``platform``."""
        since = float((time.time() if now is None else now) - days * 86400)
        rows = await self.pool.fetch(
            """SELECT f.rule, COUNT(DISTINCT n.nudge_id) FROM nudges n
               JOIN nudge_findings f ON f.nudge_id = n.nudge_id
               WHERE n.platform = $1 AND n.created_at >= $2 AND n.feedback = 'false_positive'
               GROUP BY f.rule ORDER BY 2 DESC, f.rule COLLATE "C"
            """, platform, since)
        return {r: n for r, n in rows}

    # -- edits --------------------------------------------------------------

    async def nudged_kinds(self, platform: str, channel: str, message_key: str) -> frozenset[str] | None:
        kinds = await self.pool.fetchval(
            "SELECT kinds FROM nudged_messages WHERE platform = $1 AND channel = $2 AND message_key = $3",
            platform, str(channel), message_key)
        return None if kinds is None else frozenset(json.loads(kinds))

    async def mark_thanked(self, platform: str, channel: str, message_key: str) -> bool:
        status = await self.pool.execute(
            "UPDATE nudged_messages SET thanked_at = $1 WHERE platform = $2 AND channel = $3"
            " AND message_key = $4 AND thanked_at IS NULL", time.time(), platform, str(channel), message_key)
        return _affected(status) == 1

    # -- Telegram: pending nudges, reachable users, members -----------------

    async def put_pending(self, token: str, platform: str, chat: str, user: str, message_id: str,
                          kinds: Iterable[str], sections: Iterable[str], expires_at: float,
                          notice_id: str | None = None) -> None:
        await self.pool.execute(
            f"""INSERT INTO pending ({_PENDING_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (token) DO UPDATE SET notice_id = EXCLUDED.notice_id, expires_at = EXCLUDED.expires_at""",
            token, platform, str(chat), str(user), str(message_id), json.dumps(list(kinds)),
            json.dumps(list(sections)), float(expires_at), None if notice_id is None else str(notice_id))

    async def take_pending(self, token: str) -> Pending | None:
        """The pending nudge under ``token``, removed: delivered once only, by one worker."""
        row = await self.pool.fetchrow(f"DELETE FROM pending WHERE token = $1 RETURNING {_PENDING_COLS}", token)
        return None if row is None else _pending(row)

    async def pending_for(self, platform: str, user: str) -> list[Pending]:
        rows = await self.pool.fetch(
            f'SELECT {_PENDING_COLS} FROM pending WHERE platform = $1 AND "user" = $2 ORDER BY expires_at',
            platform, str(user))
        return [_pending(r) for r in rows]

    async def expired_pending(self, now: float) -> list[Pending]:
        rows = await self.pool.fetch(
            f"SELECT {_PENDING_COLS} FROM pending WHERE expires_at <= $1 ORDER BY expires_at", float(now))
        return [_pending(r) for r in rows]

    async def set_reachable(self, platform: str, user: str, ok: bool) -> None:
        await self.pool.execute(
            """INSERT INTO reachable (platform, "user", ok, updated_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (platform, "user") DO UPDATE SET ok = EXCLUDED.ok, updated_at = EXCLUDED.updated_at""",
            platform, str(user), int(ok), time.time())

    async def reachable(self, platform: str, user: str) -> bool:
        ok = await self.pool.fetchval('SELECT ok FROM reachable WHERE platform = $1 AND "user" = $2',
                                      platform, str(user))
        return bool(ok)

    async def remember_member(self, platform: str, chat: str, user: str, display_name: str) -> None:
        await self.pool.execute(
            """INSERT INTO members (platform, chat, "user", display_name, updated_at) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (platform, chat, "user") DO UPDATE SET
                   display_name = EXCLUDED.display_name, updated_at = EXCLUDED.updated_at""",
            platform, str(chat), str(user), display_name, time.time())

    async def members(self, platform: str, chat: str) -> set[str]:
        rows = await self.pool.fetch("SELECT display_name FROM members WHERE platform = $1 AND chat = $2",
                                     platform, str(chat))
        return {r[0] for r in rows}

    # -- housekeeping -------------------------------------------------------

    async def purge(self, now: float | None = None) -> None:
        """As ``SQLiteStore.purge``; safe to run on every worker at once."""
        now = float(time.time() if now is None else now)
        async with self._tx() as con:
            await con.execute("DELETE FROM seen_events WHERE expires_at <= $1", now)
            await con.execute("DELETE FROM nudged_messages WHERE nudged_at <= $1", now - NUDGED_TTL_S)
            await con.execute("DELETE FROM pending WHERE expires_at <= $1", now - PENDING_GRACE_S)
            await con.execute("DELETE FROM nudges WHERE created_at <= $1", now - AUDIT_RETENTION_S)
            await con.execute("UPDATE jobs SET state = 'expired', outcome = 'gave_up', done_at = $1, owner = NULL"
                              " WHERE state = 'pending' AND created_at <= $2", now, now - JOB_GIVE_UP_S)
            await con.execute("DELETE FROM jobs WHERE state <> 'pending' AND done_at <= $1", now - JOB_KEEP_S)

    # -- durable jobs (no text) ---------------------------------------------

    async def add_job(self, job: Job, owner: str, lease_until: float) -> bool:
        """Record ``job`` held by ``owner`` until ``lease_until``; False if any
        worker knows it already (a retried event: its first copy is seen through).
        This runs before the platform gets its ack, on connections of its own
        (``ACK_POOL_MAX``), so it never waits behind the background work."""
        self.pool  # noqa: B018 - raises StoreError if the store is not open
        won = await self._ack_pool.fetchval(
            f"""INSERT INTO jobs ({_JOB_COLS}, owner, lease_until)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (platform, key) DO NOTHING RETURNING 1""",
            job.platform, str(job.key), str(job.channel), str(job.message_id), str(job.user),
            None if job.thread_id is None else str(job.thread_id), None if job.team is None else str(job.team),
            int(job.edited), float(job.created_at or time.time()), int(job.attempt), owner, float(lease_until))
        return won is not None

    async def claim_jobs(self, platform: str, owner: str, lease_until: float, limit: int,
                         dead_owners: Iterable[str] = (), now: float | None = None,
                         key: str | None = None) -> list[Job]:
        """Take up to ``limit`` unfinished jobs whose lease ran out (or whose owner
        is known dead) for ``owner``. ``FOR UPDATE SKIP LOCKED``: a job another
        worker is claiming right now is left to it."""
        now = float(time.time() if now is None else now)
        only = " AND key = $7" if key is not None else ""
        rows = await self.pool.fetch(
            f"""UPDATE jobs SET owner = $1, lease_until = $2, attempt = attempt + 1
                WHERE (platform, key) IN (
                    SELECT platform, key FROM jobs WHERE platform = $3{only} AND state = 'pending'
                        AND (lease_until <= $4 OR owner = ANY($5::text[]))
                    ORDER BY created_at LIMIT $6 FOR UPDATE SKIP LOCKED)
                RETURNING {_JOB_COLS}""",
            owner, float(lease_until), platform, now, sorted(set(dead_owners)), limit,
            *((str(key),) if key is not None else ()))
        return sorted((_job(r) for r in rows), key=lambda j: j.created_at)

    async def job_owners(self, platform: str, now: float | None = None) -> set[str]:
        now = float(time.time() if now is None else now)
        rows = await self.pool.fetch(
            "SELECT DISTINCT owner FROM jobs WHERE platform = $1 AND state = 'pending' AND lease_until > $2"
            " AND owner IS NOT NULL", platform, now)
        return {r[0] for r in rows}

    async def renew_jobs(self, platform: str, owner: str, lease_until: float) -> int:
        return _affected(await self.pool.execute(
            "UPDATE jobs SET lease_until = $1 WHERE platform = $2 AND owner = $3 AND state = 'pending'",
            float(lease_until), platform, owner))

    async def finish_job(self, platform: str, key: str, outcome: str, nudge: tuple | None = None) -> bool:
        """The job's outcome is known; with ``nudge``, its audit row in the same
        transaction. False if it was finished already."""
        now = time.time()
        sql = ("UPDATE jobs SET state = 'done', outcome = $1, done_at = $2, owner = NULL"
               " WHERE platform = $3 AND key = $4 AND state = 'pending'")
        if nudge is None:  # one statement: no transaction round trips
            return _affected(await self.pool.execute(sql, outcome, now, platform, str(key))) == 1
        async with self._tx() as con:
            done = _affected(await con.execute(sql, outcome, now, platform, str(key))) == 1
            if nudge is not None:
                nudge_id, channel, user_hash, findings, message_key = nudge
                await self._record_nudge(con, nudge_id, platform, channel, user_hash, findings, message_key, now)
        return done

    async def release_job(self, platform: str, key: str, owner: str, not_before: float) -> bool:
        return _affected(await self.pool.execute(
            "UPDATE jobs SET owner = NULL, lease_until = $1 WHERE platform = $2 AND key = $3"
            " AND state = 'pending' AND owner = $4", float(not_before), platform, str(key), owner)) == 1

    async def job_states(self, platform: str) -> dict[str, int]:
        rows = await self.pool.fetch(
            "SELECT state, COALESCE(outcome, ''), COUNT(*) FROM jobs WHERE platform = $1 GROUP BY 1, 2", platform)
        out: dict[str, int] = {}
        for state, outcome, n in rows:
            out[state] = out.get(state, 0) + n
            if outcome:
                out[f"{state}:{outcome}"] = n
        return out


__all__ = ["PostgresStore", "MIGRATION_LOCK"]


# ---- one process at a time: a session-level advisory lock ---------------------

# a dead peer's connection (a machine gone without closing its sockets) is
# noticed by TCP keepalives in about 5 + 2 x 3 = 11 s; a process that dies on a
# live machine has its sockets closed by the kernel, noticed at once
_KEEPALIVE = {"tcp_keepalives_idle": "5", "tcp_keepalives_interval": "2", "tcp_keepalives_count": "3",
              "application_name": "discreet-lock"}


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for ``name``."""
    import hashlib

    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class SessionLock:
    """A session-level PostgreSQL advisory lock on a connection of its own
    (never a pooled one): held for as long as that connection lives, so it
    is released by PostgreSQL the moment the holding process dies.

        lock = store.session_lock("discreet:telegram-polling:123456")
        await lock.acquire(on_wait=...)   # returns once this process holds it
        await lock.watch()                # raises LockLost if the connection fails
        await lock.release()
    """

    def __init__(self, dsn: str, name: str, *, retry_s: float = 1.0, check_s: float = 2.0):
        self.dsn, self.name, self.key = dsn, name, lock_key(name)
        self.retry_s, self.check_s = retry_s, check_s
        self._con: asyncpg.Connection | None = None

    @property
    def held(self) -> bool:
        return self._con is not None

    async def _connect(self) -> asyncpg.Connection:
        return await asyncpg.connect(self.dsn, server_settings=_KEEPALIVE, timeout=10,
                                     command_timeout=COMMAND_TIMEOUT_S)

    async def acquire(self, on_wait: Callable[[], None] | None = None) -> None:
        """Wait until this process holds the lock (trying every ``retry_s``).
        ``on_wait`` is called once, when the lock is found taken. A failed
        connection while waiting is retried, never fatal."""
        told = failing = False
        con = None
        try:
            while True:
                try:
                    if con is None or con.is_closed():
                        con = await self._connect()
                    if await con.fetchval("SELECT pg_try_advisory_lock($1)", self.key):
                        self._con, con = con, None
                        return
                    if not told and on_wait is not None:
                        on_wait()
                    told = True
                except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as e:
                    if con is not None:
                        con.terminate()
                    con = None
                    if not failing:  # once per outage, not every second
                        logging.getLogger("discreet.store").warning(
                            "waiting for the lock %s: PostgreSQL unreachable (%s); retrying", self.name,
                            type(e).__name__)
                    failing = True
                else:
                    failing = False
                await asyncio.sleep(self.retry_s)
        finally:
            if con is not None:  # cancelled while waiting: nothing held
                con.terminate()

    async def watch(self) -> None:
        """Return never; raise ``LockLost`` when the holding connection fails
        (the database restarted, the network went): the lock is gone."""
        while True:
            await asyncio.sleep(self.check_s)
            con = self._con
            if con is None:
                raise LockLost(f"{self.name}: not held")
            try:
                await con.fetchval("SELECT 1", timeout=max(self.check_s, 5.0))
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as e:
                self._con = None
                con.terminate()
                raise LockLost(f"the connection holding the lock failed ({type(e).__name__})") from None

    async def release(self) -> None:
        con, self._con = self._con, None
        if con is None:
            return
        try:
            await con.close(timeout=5)  # the session ends: its advisory locks go with it
        except Exception:  # noqa: BLE001 - gone either way
            con.terminate()
