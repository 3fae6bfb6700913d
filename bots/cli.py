"""The ``discreet`` command. Each subcommand lives in ``bots/commands/<name>.py``
and exposes ``add_parser(subparsers)``; the parser it adds sets ``func(args) -> int``.

Exit codes (README, "Exit codes"): 0 done (``check``: nothing found); 1
``check`` found something, ``scan``/``audit`` skipped input, or a bot stopped
on an error; 2 a usage, configuration, policy or file error (one line on
stderr, never a traceback); 130 interrupted (Ctrl-C) outside a running bot,
which stops cleanly with 0.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = ("run", "check", "scan", "bench", "guidance", "console", "slack", "telegram", "audit", "eval", "doctor")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("discreet")
    except PackageNotFoundError:
        return "unknown"


def _error(prog: str, message: str) -> None:
    """One line on stderr; the program's name in red on a terminal (never with NO_COLOR)."""
    from discreet.bots.logformat import paint

    print(f"{paint(prog + ':', '31', sys.stderr)} {message}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="discreet", description="Private nudges for clinical team chat.")
    parser.add_argument("--version", action="version", version=f"discreet {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"discreet.bots.commands.{name}").add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    prog = "discreet"
    try:
        from discreet.bots.config import ConfigError, load_dotenv_into_environ
        from discreet.core import PolicyError

        try:
            load_dotenv_into_environ()  # .env applies to every command, not only the bots
        except ConfigError as e:
            _error(prog, str(e))
            return 2
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        prog = f"discreet {args.command}"
        try:
            return int(args.func(args) or 0)
        except ConfigError as e:
            _error(prog, str(e))
        except PolicyError as e:
            _error(prog, f"DISCREET_POLICIES: {e}")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError) as e:
            _error(prog, f"{e.filename or ''}: {e.strerror or type(e).__name__}")
        return 2
    except KeyboardInterrupt:
        _error(prog, "interrupted")
        return 130
    except BrokenPipeError:
        import os

        try:  # the reader went away (e.g. `| head`): no traceback on the final flush either
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0


if __name__ == "__main__":
    sys.exit(main())
