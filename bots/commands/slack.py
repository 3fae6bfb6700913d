"""`discreet slack`: run the Slack app.

Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on $PORT (default
3000) at /slack/events, with GET /healthz. Settings: see bots/config.py and
docs/slack.md.
"""

from __future__ import annotations

import asyncio
import inspect
import signal
import sys


def add_parser(sub):
    p = sub.add_parser("slack", help="run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP on $PORT)")
    p.set_defaults(func=run)


def run(args) -> int:
    from bots.config import Config, ConfigError, setup_logging

    try:
        config = Config.from_env()
    except ConfigError as e:
        print(f"discreet slack: {e}", file=sys.stderr)
        return 2
    if not config.slack_enabled:
        print("discreet slack: SLACK_BOT_TOKEN: required, with SLACK_SIGNING_SECRET (HTTP) "
              "or SLACK_APP_TOKEN (Socket Mode); see docs/slack.md", file=sys.stderr)
        return 2
    setup_logging(config.log_level)
    try:
        asyncio.run(_main(config))
    except (KeyboardInterrupt, asyncio.CancelledError):
        return 0
    except RuntimeError as e:  # a refused token or a port in use: one line, no traceback
        print(f"discreet slack: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"discreet slack: PORT: cannot listen on {config.port} ({e.strerror or type(e).__name__})",
              file=sys.stderr)
        return 1
    return 0


async def _main(config) -> None:
    from bots.service import build_service
    from bots.slack import run as run_slack

    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    try:  # SIGTERM (a platform restarting the app): stop after the work in progress
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    except (NotImplementedError, RuntimeError):
        pass
    built = build_service(config)
    service, store = await built if inspect.isawaitable(built) else built
    try:
        await run_slack(config, service)
    finally:
        await store.close()
