"""Updates of different chats in parallel, updates of one chat in order.

python-telegram-bot hands every update to an *update processor*. With
``concurrent_updates(False)`` it handles them one at a time across the whole
bot, so one chat waiting out a flood-control pause (or a slow answer) holds up
every other chat. :class:`PerChatProcessor` keeps one lane per chat: a chat's
updates run strictly in arrival order (an edit after its message, a command
after the message it answers), while different chats run side by side, at
most ``max_workers`` at a time.

The library's own semaphore (``max_concurrent_updates``) only bounds how many
updates may be waiting here; the ``max_workers`` semaphore, taken *after* a
chat's turn has come, bounds how many run, so updates queued behind a slow
chat never take a worker slot from the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_WAITING = 4096  # updates accepted into lanes before the library makes new ones wait
MAX_WORKERS = 32  # updates handled at the same moment


def lane_of(update: object) -> int | None:
    """The chat whose order an update belongs to (None: no order needed).

    A callback query belongs to the chat of the message its button sits on;
    an update with no chat at all (e.g. an inline query) has no lane."""
    if not isinstance(update, Update):
        return None
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    user = update.effective_user
    return user.id if user is not None else None


class PerChatProcessor(BaseUpdateProcessor):
    """One FIFO lane per chat; lanes run concurrently, up to ``max_workers``."""

    __slots__ = ("_lanes", "_workers", "_max_workers")

    def __init__(self, max_workers: int = MAX_WORKERS, max_waiting: int = MAX_WAITING):
        super().__init__(max_waiting)
        self._max_workers = max_workers
        self._lanes: dict[int, _Lane] = {}
        self._workers = asyncio.Semaphore(max_workers)

    @property
    def busy_lanes(self) -> int:
        """Chats with an update being handled or waiting (for metrics and tests)."""
        return len(self._lanes)

    async def initialize(self) -> None:
        self._workers = asyncio.Semaphore(self._max_workers)

    async def shutdown(self) -> None:
        self._lanes.clear()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = lane_of(update)
        if key is None:
            async with self._workers:
                await coroutine
            return
        lane = self._lanes.get(key)
        if lane is None:
            lane = self._lanes[key] = _Lane()
        lane.users += 1
        try:
            async with lane.lock:  # asyncio.Lock wakes its waiters in FIFO order
                async with self._workers:
                    await coroutine
        finally:
            lane.users -= 1
            if lane.users == 0 and self._lanes.get(key) is lane:
                del self._lanes[key]


class _Lane:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0
