"""Rows straight from a test's database, around the store, on either engine:
``db`` is a SQLite file's path or a ``postgresql://`` URL (SQL common to both;
``?`` placeholders)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def _is_pg(db: str | Path) -> bool:
    return str(db).startswith(("postgresql://", "postgres://"))


def _numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1``, ``$2``, ..."""
    parts = sql.split("?")
    return parts[0] + "".join(f"${i}{p}" for i, p in enumerate(parts[1:], 1))


async def fetch(db: str | Path, sql: str, *args) -> list[tuple]:
    if _is_pg(db):
        import asyncpg
        con = await asyncpg.connect(str(db))
        try:
            return [tuple(r) for r in await con.fetch(_numbered(sql), *args)]
        finally:
            await con.close()
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


async def execute(db: str | Path, sql: str, *args) -> None:
    if _is_pg(db):
        import asyncpg
        con = await asyncpg.connect(str(db))
        try:
            await con.execute(_numbered(sql), *args)
        finally:
            await con.close()
        return
    con = sqlite3.connect(db)
    try:
        con.execute(sql, args)
        con.commit()
    finally:
        con.close()


async def tables(db: str | Path) -> set[str]:
    if _is_pg(db):
        rows = await fetch(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    else:
        rows = await fetch(db, "SELECT name FROM sqlite_master WHERE type = 'table'")
    return {r[0] for r in rows}


async def column_defaults(db: str | Path, table: str) -> dict[str, str | None]:
    """{column: its DEFAULT as SQL text} in table order; PostgreSQL's casts
    (``'nudge'::text``) dropped, so both engines read the same."""
    if _is_pg(db):
        rows = await fetch(db, "SELECT column_name, column_default FROM information_schema.columns"
                               " WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position", table)
        return {c: None if d is None else d.split("::")[0] for c, d in rows}
    return {r[1]: r[4] for r in await fetch(db, f"PRAGMA table_info({table})")}


async def columns(db: str | Path, table: str) -> list[str]:
    return list(await column_defaults(db, table))


async def count(db: str | Path, table: str) -> int:
    return (await fetch(db, f"SELECT COUNT(*) FROM {table}"))[0][0]
