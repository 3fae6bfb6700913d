"""`discreet run`: start every bot whose credentials are in the environment.

Slack (SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN) and
Telegram (TELEGRAM_BOT_TOKEN) run together in one asyncio loop over one
service and one database (DISCREET_DB, default ./discreet.db). With no
credentials at all it starts the local console. A configuration error prints
one line naming the variable and exits 2.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import signal
import sqlite3
import sys

log = logging.getLogger("discreet.run")
HOUSEKEEPING_S = 600


def add_parser(sub):
    import argparse

    from discreet.bots.config import COMMON_ENV, SLACK_ENV, TELEGRAM_ENV, env_epilog

    p = sub.add_parser("run", help="start the Slack and/or Telegram bots (the console when no tokens are set)",
                       description="Start every bot whose credentials are set (Slack and Telegram in one "
                                   "process, on one database); with none, the local console.",
                       epilog=env_epilog(*COMMON_ENV, *SLACK_ENV, *TELEGRAM_ENV),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=run)


def load_config(prog: str, **overrides):
    """The Config, or None after printing the one-line error."""
    from dataclasses import replace

    from discreet.bots.config import Config, ConfigError

    try:
        config = Config.from_env()
    except ConfigError as e:
        print(f"discreet {prog}: {e}", file=sys.stderr)
        return None
    overrides = {k: v for k, v in overrides.items() if v is not None}
    return replace(config, **overrides) if overrides else config


async def open_service(prog: str, config):
    """(service, store), or None after printing a one-line error."""
    from discreet.bots.service import build_service
    from discreet.bots.store import StoreError, describe_db
    from discreet.core import PolicyError

    try:
        opened = await build_service(config)
    except (StoreError, sqlite3.Error, OSError, *_postgres_errors()) as e:
        print(f"discreet {prog}: DISCREET_DB: cannot open {describe_db(config.db_path)}: {e}", file=sys.stderr)
    except PolicyError as e:
        print(f"discreet {prog}: DISCREET_POLICIES: {e}", file=sys.stderr)
    else:
        if prog != "console":  # a bot: say now if its state will not survive a restart
            from discreet.bots.deploy import check_database
            check_database(config.db_path)
        return opened
    return None


def _postgres_errors() -> tuple[type[BaseException], ...]:
    try:
        import asyncpg
    except ImportError:
        return ()
    return (asyncpg.PostgresError, asyncpg.InterfaceError)


@contextlib.asynccontextmanager
async def service_session(prog: str, config):
    """The service for one bot process: yields (service, store), or None
    after a one-line error. SIGTERM (a platform restarting the process)
    cancels the current task so the bot stops after the work in progress; on
    the way out the handler is removed and the store closed."""
    opened = await open_service(prog, config)
    if opened is None:
        yield None
        return
    loop, task = asyncio.get_running_loop(), asyncio.current_task()
    try:
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    except (NotImplementedError, RuntimeError):
        pass
    try:
        yield opened
    finally:
        try:
            loop.remove_signal_handler(signal.SIGTERM)
        except (NotImplementedError, RuntimeError):
            pass
        await opened[1].close()
        from discreet.bots.deploy import release
        release(config.db_path)


async def housekeeping(store) -> None:
    while True:
        try:
            await store.purge()
        except Exception as e:
            log.error("purge failed: error=%s", type(e).__name__)
        await asyncio.sleep(HOUSEKEEPING_S)


def _adapter(name: str):
    """``bots.<name>.run``, imported lazily; None with a one-line error."""
    try:
        return importlib.import_module(f"discreet.bots.{name}").run
    except (ImportError, AttributeError) as e:
        print(f"discreet run: the {name} adapter is not available ({type(e).__name__}: {e})", file=sys.stderr)
        return None


async def serve(config) -> int:
    runners = []
    for name, enabled in (("slack", config.slack_enabled), ("telegram", config.telegram_enabled)):
        if enabled:
            fn = _adapter(name)
            if fn is None:
                return 2
            runners.append((name, fn))
    async with service_session("run", config) as opened:
        if opened is None:
            return 2
        service, store = opened
        try:
            from discreet.bots.store import describe_db
            log.info("starting: %s on %s", ", ".join(n for n, _ in runners), describe_db(config.db_path))
            return await _supervise(config, service, store, runners)
        except asyncio.CancelledError:
            log.info("stopping")
            return 0


class AdapterFailed(Exception):
    def __init__(self, name: str, error: BaseException):
        super().__init__(f"{name} stopped: {type(error).__name__}: {str(error)[:200]}")


async def _named(name: str, coro) -> None:
    try:
        await coro
    except Exception as e:
        raise AdapterFailed(name, e) from e


async def _supervise(config, service, store, runners) -> int:
    """Run the adapters and the housekeeping; if one fails, stop them all."""
    failed = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(housekeeping(store))
            for name, fn in runners:
                tg.create_task(_named(name, fn(config, service)), name=name)
    except* Exception as eg:
        failed.extend(eg.exceptions)
    for e in failed:  # the class and a short reason: adapters' errors hold no message text
        msg = str(e) if isinstance(e, AdapterFailed) else f"stopped: {type(e).__name__}: {str(e)[:200]}"
        print(f"discreet run: {msg}", file=sys.stderr)
    return 1 if failed else 0
    return 0


def run(args) -> int:
    config = load_config("run")
    if config is None:
        return 2
    from discreet.bots.config import setup_logging

    if not (config.slack_enabled or config.telegram_enabled):
        print("discreet run: no Slack or Telegram credentials in the environment; starting the local console",
              file=sys.stderr)
        from discreet.bots.commands.console import start_console
        return start_console(config)
    setup_logging(config.log_level, config.log_format)
    try:
        return asyncio.run(serve(config))
    except KeyboardInterrupt:
        return 0
