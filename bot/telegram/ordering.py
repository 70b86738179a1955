"""Concurrent across chats, in order within a chat."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor

_UNLIMITED = 2**30


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Processes updates from different chats concurrently and those of one chat one after another.

    PTB starts one task per update in arrival order; each waits on its chat's lock, and asyncio locks are
    first-come first-served, so answers in a chat keep the order of the questions. Only then does it take one of
    `max_running` slots: PTB's own semaphore is taken before `do_process_update`, so if it did the limiting, updates
    that merely wait for their chat would hold slots and one busy chat could stall all others. Locks of idle chats
    are dropped so that memory does not grow with the number of chats ever seen.
    """

    def __init__(self, max_running: int) -> None:
        super().__init__(_UNLIMITED)
        self.max_running = max_running
        self._running = asyncio.Semaphore(max_running)
        self._locks: dict[object, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        key = _chat_key(update)
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock, self._running:
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up: locks are created on demand."""

    async def shutdown(self) -> None:
        """Nothing to release: locks go with their tasks."""


def _chat_key(update: object) -> object:
    """The chat an update belongs to; inline queries (no chat) are ordered per user."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return ("other", id(update))
