import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

os.environ.setdefault("DISCREET_LOG_LEVEL", "INFO")


# -- PostgreSQL (see tests/pgcluster.py) -------------------------------------

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def pg_server():
    """A superuser's URL on a PostgreSQL for this session: DISCREET_TEST_PG, or
    a throwaway cluster started here (skipped, with the reason, when
    PostgreSQL is not installed; a failure when DISCREET_TEST_PG_REQUIRED=1)."""
    from tests import pgcluster
    from tests.pgcluster import Cluster, required

    url = os.environ.get("DISCREET_TEST_PG")
    if url:
        yield url
        return
    try:
        cluster = Cluster().start()
    except (RuntimeError, OSError, __import__("subprocess").SubprocessError) as e:
        if required():
            pytest.fail(f"PostgreSQL is required here (DISCREET_TEST_PG_REQUIRED): {e}")
        pytest.skip(f"no PostgreSQL for the tests: {e}")
    pgcluster.RUNNING = cluster
    try:
        yield cluster.url
    finally:
        pgcluster.RUNNING = None
        cluster.stop()


@pytest.fixture
async def pg_url(pg_server):
    """A fresh, empty database on ``pg_server``; dropped afterwards."""
    import secrets
    from urllib.parse import urlsplit, urlunsplit

    import asyncpg

    name = f"discreet_test_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(pg_server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    finally:
        await admin.close()
    u = urlsplit(pg_server)
    yield urlunsplit((u.scheme, u.netloc, "/" + name, u.query, ""))
    admin = await asyncpg.connect(pg_server)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
