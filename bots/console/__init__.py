"""The terminal adapter: a chat session through the same ``Service`` as Slack
and Telegram (platform ``"console"``), on the same database.

You post as a user in a channel; nudges print as private notes to the author.
Lines starting with ``/`` are commands:

    /as NAME          post as NAME, a non-admin (e.g. /as nurse-jo, /as Thandi Mokoena)
    /as admin:NAME    post as NAME, an admin
    /channel NAME     switch channel (the first visit shows Discreet's introduction)
    /edit TEXT        edit your last message in this channel
    /fp               report your last nudge as "not patient information / not derogatory"
    /file PATH        share a local image, PDF or text file: the text written in it is checked
    /discreet ARGS    channel settings: on | off | status | policies a,b | stats | remove on|off | help
    /guidance [Q]     ask about the guidance
    /help, /quit

The session starts as ``you``, an admin, in ``#general``. A user id named in
DISCREET_ADMINS is an admin too. With stdin not a terminal
(``discreet console < chat.txt``) each line is a message or command, and the
output is a transcript: each message, then any private note.
"""

from __future__ import annotations

import asyncio

import re
import signal
import sys
import threading
import uuid
from dataclasses import dataclass, field
from typing import TextIO

from discreet.core.reply import Reply

from ..service import Inbound, Service

PLATFORM = "console"

HELP = """Console commands:
  /as NAME          post as NAME (not an admin); /as admin:NAME for an admin
  /channel NAME     switch channel
  /edit TEXT        edit your last message in this channel
  /fp               report your last nudge as a false alarm
  /file PATH        share an image, PDF or text file (the text in it is checked)
  /discreet ARGS    on | off | status | policies identifiers,derogatory | stats | remove on|off | help
  /guidance [Q]     ask about the SAMA/HPCSA social-media guidance
  /help  /quit
Anything else is posted as a message in the current channel."""


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "user"


def render(reply: Reply, indent: str = "    ") -> str:
    return "\n".join(indent + line if line else line for line in reply.plain_text().splitlines())


@dataclass
class Console:
    service: Service
    out: TextIO
    interactive: bool = False
    user: str = "you"
    user_name: str = "you"
    admin: bool = True
    channel: str = "general"
    last_message: dict = field(default_factory=dict)  # (channel, user) -> message id
    last_nudge: dict = field(default_factory=dict)  # user -> nudge id
    names: set = field(default_factory=set)  # everyone who has posted here: colleagues

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def private(self, reply: Reply) -> None:
        self.say(f"  (only {self.user_name} can see this)")
        self.say(render(reply))

    def public(self, reply: Reply) -> None:
        self.say(f"[#{self.channel}] Discreet:")
        self.say(render(reply))

    @property
    def prompt(self) -> str:
        return f"#{self.channel} {self.user_name}{' (admin)' if self.admin else ''}> "

    async def enter(self, channel: str) -> None:
        self.channel = channel
        if await self.service.store.get_settings(PLATFORM, channel) is None:
            self.public(await self.service.on_join(PLATFORM, channel))

    async def handle(self, line: str) -> bool:
        """One input line; False when the session should end."""
        line = line.rstrip("\r\n")
        if not line.strip():
            return True
        if not self.interactive:
            self.say(f"[#{self.channel}] {self.user_name}: {line}")
        if not line.startswith("/"):
            await self.post(line)
            return True
        cmd, _, rest = line[1:].partition(" ")
        cmd, rest = cmd.lower(), rest.strip()
        if cmd in ("quit", "exit", "q"):
            return False
        if cmd == "help":
            self.say(HELP)
        elif cmd == "as":
            if not rest:
                self.say("  usage: /as NAME or /as admin:NAME")
            else:
                admin = rest.lower().startswith("admin:")
                name = rest.split(":", 1)[1].strip() if admin else rest
                self.user_name, self.user = name or "user", _slug(name)
                self.admin = admin or self.user in self.service.admins
                self.say(f"  now posting as {self.user_name}{' (admin)' if self.admin else ''}")
        elif cmd == "channel":
            name = rest.lstrip("#").strip()
            if not name:
                self.say(f"  you are in #{self.channel}")
            else:
                await self.enter(_slug(name))
        elif cmd == "discreet":
            self.private(await self.service.on_command(PLATFORM, self.channel, self.user, self.admin, rest))
        elif cmd == "guidance":
            self.private(self.service.guidance(rest))
        elif cmd == "edit":
            mid = self.last_message.get((self.channel, self.user))
            if mid is None or not rest:
                self.say("  nothing to edit: post a message first, then /edit NEW TEXT")
            else:
                await self.post(rest, message_id=mid, edited=True)
        elif cmd == "file":
            await self.share(rest)
        elif cmd == "fp":
            nid = self.last_nudge.get(self.user)
            if nid is None:
                self.say("  no note to report")
            else:
                self.private(await self.service.on_feedback(PLATFORM, self.channel, self.user, nid))
        else:
            self.say(f"  unknown command /{cmd[:30]}; /help lists them")
        return True

    async def share(self, path: str) -> None:
        """``/file PATH``: the file's text is read in memory and checked as the
        platforms do with a shared image or PDF."""
        from discreet.bots.files import Skipped, extract

        if not path:
            self.say("  usage: /file PATH (an image, a PDF or a text file)")
            return
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            got = await asyncio.to_thread(extract, data)
        except OSError as e:
            self.say(f"  cannot read {path}: {e.strerror or type(e).__name__}")
            return
        except Skipped as e:
            self.say(f"  {path} was not read ({e.reason.replace('_', ' ')})")
            return
        label = {"pdf": "PDF", "image": "image"}.get(got.kind, "file")
        mid = uuid.uuid4().hex[:12]
        self.say(f"  shared a {label}; {'no text found in it' if not got.text.strip() else 'its text is checked'}")
        msg = Inbound(PLATFORM, self.channel, self.user, mid, got.text, event_id=f"ev-{mid}",
                      user_name=self.user_name, attachment=label)
        out = await self.service.on_message(msg, staff_names=self.names)
        if out is not None:
            if out.nudge_id:
                self.last_nudge[self.user] = out.nudge_id
            self.private(out.reply)

    async def post(self, text: str, *, message_id: str | None = None, edited: bool = False) -> None:
        mid = message_id or uuid.uuid4().hex[:12]
        self.last_message[(self.channel, self.user)] = mid
        self.names.add(self.user_name)
        msg = Inbound(PLATFORM, self.channel, self.user, mid, text, event_id=None if edited else f"ev-{mid}",
                      edited=edited, user_name=self.user_name)
        out = await self.service.on_message(msg, staff_names=self.names)
        if out is None:
            return
        if out.nudge_id:
            self.last_nudge[self.user] = out.nudge_id
        self.private(out.reply)


def _line_editing() -> None:
    """Arrow keys, line editing and history for ``input()`` (stdlib readline,
    where the platform has it). The history stays in memory: never written to
    a file, since lines may hold patient details."""
    try:
        import readline  # noqa: F401 - importing it is what turns editing on for input()
    except ImportError:
        return
    readline.set_history_length(200)


def _lines(stream: TextIO, console: Console):
    """Input lines. Read in the loop's own thread, on purpose: the console is
    the only task in its loop, and Ctrl-C must interrupt the read (a worker
    thread blocked in ``input()`` would hold up the shutdown)."""
    while True:
        if console.interactive:
            try:
                line = input(console.prompt)
            except (EOFError, KeyboardInterrupt):  # Ctrl-D / Ctrl-C: leave
                console.say()
                return
        else:
            line = stream.readline()
            if not line:
                return
        yield line


async def run(config, service: Service, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """The console session until /quit or end of input."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty() and stdout.isatty()
    console = Console(service, stdout, interactive=interactive)
    if interactive and threading.current_thread() is threading.main_thread():
        # asyncio.run's own SIGINT handler only cancels the task, which cannot
        # interrupt input(): let Ctrl-C raise there instead.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if interactive:
        _line_editing()
        console.say(f"Discreet console on {config.db_path}. /help for commands, /quit to leave.")
    await console.enter(console.channel)
    for line in _lines(stdin, console):
        if not await console.handle(line):
            break
    return 0
