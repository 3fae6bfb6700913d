"""`discreet telegram`: run the Telegram bot.

Long polling by default; a webhook when TELEGRAM_WEBHOOK_URL is set.
Settings come from the environment (see docs/telegram.md).
"""

from __future__ import annotations

import asyncio
import sys


def add_parser(sub):
    p = sub.add_parser("telegram", help="run the Telegram bot (TELEGRAM_BOT_TOKEN; see docs/telegram.md)")
    p.set_defaults(func=main)


async def _serve(config) -> None:
    from bots.service import build_service
    from bots.telegram import run

    service, store = await build_service(config)
    try:
        await run(config, service)
    finally:
        await store.close()


def main(args) -> int:
    from bots.config import Config, ConfigError, setup_logging

    try:
        config = Config.from_env()
    except ConfigError as e:
        print(f"discreet telegram: {e}", file=sys.stderr)
        return 2
    if not config.telegram_enabled:
        print("discreet telegram: TELEGRAM_BOT_TOKEN: not set (create a bot with @BotFather; see docs/telegram.md)",
              file=sys.stderr)
        return 2
    setup_logging(config.log_level)
    try:
        asyncio.run(_serve(config))
    except KeyboardInterrupt:
        return 130
    return 0
