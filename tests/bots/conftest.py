"""Shared fixtures for the bots' tests: a real SQLite store on a temporary
file, the real service over it (real core checker), and a way to run the
``discreet`` command in a clean environment.

    async def test_x(service, store): ...
    def test_y(discreet): out = discreet("console", input="hi\n")
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from discreet.bots.service import Service
from discreet.bots.store import SQLiteStore

SECRET = b"test-secret-not-for-production"
ADMIN = "admin-1"
DISCREET = [sys.executable, "-m", "discreet.bots.cli"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "discreet.db"


@pytest.fixture
def store_db(db_path, request):
    """``db_path``; with DISCREET_TEST_STORE=postgres, a fresh PostgreSQL
    database's URL instead (to run the service's tests on PostgreSQL)."""
    if os.environ.get("DISCREET_TEST_STORE") == "postgres":
        return request.getfixturevalue("pg_url")
    return db_path


@pytest.fixture
async def store(store_db):
    from discreet.bots.store import open_store
    s = open_store(store_db)
    await s.open()
    yield s
    await s.close()


@pytest.fixture
async def service(store):
    return Service(store, secret=SECRET, admins=frozenset({ADMIN}))


@pytest.fixture
def clean_env(tmp_path, db_path) -> dict[str, str]:
    """The environment for a ``discreet`` subprocess: no platform tokens,
    the temporary database, Python's path to this checkout."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "TELEGRAM_", "DISCREET_")) and k != "PORT"}
    env["DISCREET_DB"] = str(db_path)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.fixture
def discreet(tmp_path, clean_env):
    """Run ``discreet ARGS`` in ``tmp_path`` (so no stray ``.env`` is read)."""

    def run(*args: str, input: str = "", env: dict | None = None, timeout: float = 60):
        return subprocess.run([*DISCREET, *args], input=input, capture_output=True, text=True, encoding="utf-8",
                              cwd=tmp_path, env={**clean_env, **(env or {})}, timeout=timeout)

    return run


@pytest.fixture
async def fake_api():
    """The fake Slack Web API on 127.0.0.1."""
    from tests.fakes.slack_api import FakeSlackAPI
    async with FakeSlackAPI() as api:
        yield api


@pytest.fixture
async def session():
    """An HTTP client session for sending signed requests to the app."""
    import aiohttp
    async with aiohttp.ClientSession() as s:
        yield s
