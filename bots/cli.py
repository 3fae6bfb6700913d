"""The ``discreet`` command. Each subcommand lives in ``bots/commands/<name>.py``
and exposes ``add_parser(subparsers)``; the parser it adds sets ``func(args) -> int``."""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = ("run", "check", "scan", "bench", "guidance", "console", "slack", "telegram", "audit", "eval")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="discreet", description="Private nudges for clinical team chat.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"discreet.bots.commands.{name}").add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
