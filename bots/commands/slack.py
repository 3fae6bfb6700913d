"""`discreet slack`: run the Slack app alone.

Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on $PORT (default
3000) at /slack/events, with GET /healthz. Settings: see bots/config.py and
docs/slack.md. `discreet run` starts Slack and Telegram together.
"""

from __future__ import annotations

import asyncio
import sys


def add_parser(sub):
    import argparse

    from discreet.bots.config import COMMON_ENV, SLACK_ENV, env_epilog

    p = sub.add_parser("slack", help="run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP on $PORT)",
                       description="Run the Slack app: Socket Mode with SLACK_APP_TOKEN, else HTTP on $PORT "
                                   "at /slack/events (see docs/slack.md).",
                       epilog=env_epilog(*SLACK_ENV, *COMMON_ENV),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=run)


def run(args) -> int:
    from discreet.bots.commands.run import load_config
    from discreet.bots.config import setup_logging

    config = load_config("slack")
    if config is None:
        return 2
    if not config.slack_enabled:
        print("discreet slack: SLACK_BOT_TOKEN: required, with SLACK_SIGNING_SECRET (HTTP) "
              "or SLACK_APP_TOKEN (Socket Mode); or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for installs in "
              "many workspaces; see docs/slack.md", file=sys.stderr)
        return 2
    setup_logging(config.log_level, config.log_format)
    try:
        return asyncio.run(_main(config))
    except KeyboardInterrupt:
        return 0


async def _main(config) -> int:
    from discreet.bots.commands.run import housekeeping, service_session
    from discreet.bots.slack import run as run_slack

    async with service_session("slack", config) as opened:
        if opened is None:
            return 2
        service, store = opened
        purge = asyncio.create_task(housekeeping(store))  # expiry of de-duplication keys
        try:
            await run_slack(config, service)
            return 0
        except asyncio.CancelledError:
            return 0
        except RuntimeError as e:  # a refused token: one line, no traceback
            print(f"discreet slack: {e}", file=sys.stderr)
            return 1
        except OSError as e:
            print(f"discreet slack: PORT: cannot listen on {config.port} ({e.strerror or type(e).__name__})",
                  file=sys.stderr)
            return 1
        finally:
            purge.cancel()
