"""`discreet console`: chat in the terminal through the same service as the
bots (platform "console"), on the same database. See ``bots/console``."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path


def add_parser(sub):
    import argparse

    from discreet.bots.config import COMMON_ENV, env_epilog

    p = sub.add_parser("console", help="chat in the terminal through the same service as the bots",
                       epilog=env_epilog(*COMMON_ENV), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", help="database file or postgresql:// URL (default: DISCREET_DB or ./discreet.db)")
    p.set_defaults(func=run)


def _db(value: str) -> Path | str:
    from discreet.bots.store import is_postgres_url
    return value if is_postgres_url(value) else Path(value)


def start_console(config) -> int:
    from discreet.bots.config import setup_logging

    # The chat is on stdout; only warnings and errors go to stderr, unless DEBUG was asked for.
    setup_logging("DEBUG" if config.log_level == "DEBUG" else max(config.log_level, "WARNING", key=_rank),
                  config.log_format)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    return asyncio.run(_session(config))


def _rank(level: str) -> int:
    import logging
    return logging.getLevelName(level) if isinstance(logging.getLevelName(level), int) else 20


async def _session(config) -> int:
    from discreet.bots.commands.run import open_service
    from discreet.bots.console import run as console_run

    opened = await open_service("console", config)
    if opened is None:
        return 2
    service, store = opened
    try:
        return await console_run(config, service)
    finally:
        await store.close()


def run(args) -> int:
    from discreet.bots.commands.run import load_config

    config = load_config("console", db_path=_db(args.db) if args.db else None)
    if config is None:
        return 2
    try:
        return start_console(config)
    except KeyboardInterrupt:
        return 130
