"""`discreet telegram`: run the Telegram bot.

Long polling by default; a webhook on TELEGRAM_PORT when TELEGRAM_WEBHOOK_URL
is set. Settings come from the environment (see docs/telegram.md). A wrong
setting, a refused token or an unreachable Bot API prints one line and exits
non-zero; SIGINT or SIGTERM stops the bot after the update in progress.
"""

from __future__ import annotations

import asyncio
import sys

PROG = "telegram"


def add_parser(sub):
    import argparse

    from discreet.bots.config import COMMON_ENV, TELEGRAM_ENV, env_epilog

    p = sub.add_parser("telegram", help="run the Telegram bot (TELEGRAM_BOT_TOKEN; see docs/telegram.md)",
                       description="Run the Telegram bot: long polling, or a webhook with TELEGRAM_WEBHOOK_URL "
                                   "(see docs/telegram.md).",
                       epilog=env_epilog(*TELEGRAM_ENV, *COMMON_ENV),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=main)


async def _serve(config) -> int:
    from telegram.error import InvalidToken, TelegramError

    from discreet.bots.commands.run import service_session
    from discreet.bots.store import LockLost
    from discreet.bots.telegram import run

    async with service_session(PROG, config) as opened:
        if opened is None:
            return 2
        service, _ = opened
        try:
            await run(config, service)
        except asyncio.CancelledError:
            return 0
        except LockLost as e:  # a standby may poll now: two pollers must not overlap
            print(f"discreet {PROG}: stopped polling: {e}", file=sys.stderr)
            return 1
        except InvalidToken:
            print(f"discreet {PROG}: TELEGRAM_BOT_TOKEN: refused by the Bot API", file=sys.stderr)
            return 1
        except TelegramError as e:  # e.g. the Bot API unreachable at start
            print(f"discreet {PROG}: cannot reach the Bot API at TELEGRAM_API_URL ({type(e).__name__})",
                  file=sys.stderr)
            return 1
        except RuntimeError as e:  # DISCREET_METRICS_PORT taken
            print(f"discreet {PROG}: {e}", file=sys.stderr)
            return 1
        except OSError as e:
            print(f"discreet {PROG}: TELEGRAM_PORT: cannot listen on {config.telegram_port} "
                  f"({e.strerror or type(e).__name__})", file=sys.stderr)
            return 1
    return 0


def main(args) -> int:
    from discreet.bots.commands.run import load_config
    from discreet.bots.config import setup_logging

    config = load_config(PROG)
    if config is None:
        return 2
    if not config.telegram_enabled:
        print(f"discreet {PROG}: TELEGRAM_BOT_TOKEN: not set (create a bot with @BotFather; see docs/telegram.md)",
              file=sys.stderr)
        return 2
    setup_logging(config.log_level, config.log_format)
    try:
        return asyncio.run(_serve(config))
    except KeyboardInterrupt:
        return 130
