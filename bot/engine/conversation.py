"""Conversation context per chat: what the last question was understood to ask, so that a follow-up can be read.

Only the last turn is kept, and only for a quiet spell (`EXPIRY`): a person who comes back later starts afresh, as
they do after /start. The store is bounded (least recently used chats are dropped past `MAX_CHATS`), so a flood of
chats cannot grow it without limit.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from bot.engine.question import Reading

EXPIRY = 600.0  # seconds of quiet after which a chat's context is forgotten
MAX_CHATS = 20_000


@dataclass(frozen=True)
class Turn:
    """One question as understood (with its context), what it named and asked for, and the fact that answered it."""

    question: str
    entities: tuple[str, ...]
    reading: Reading
    fact_id: str | None
    at: float


class Conversations:
    """The last turn of each chat, forgotten after EXPIRY seconds or on `forget`. Thread-safe."""

    def __init__(self, expiry: float = EXPIRY, limit: int = MAX_CHATS, clock: Callable[[], float] = time.monotonic):
        self.expiry = expiry
        self.limit = limit
        self.clock = clock
        self._turns: OrderedDict[Hashable, Turn] = OrderedDict()
        self._lock = threading.Lock()

    def last(self, chat: Hashable) -> Turn | None:
        """The chat's last turn, unless it is older than the expiry."""
        with self._lock:
            turn = self._turns.get(chat)
            if turn is not None and self.clock() - turn.at > self.expiry:
                del self._turns[chat]
                return None
            return turn

    def remember(
        self, chat: Hashable, question: str, entities: tuple[str, ...], reading: Reading, fact_id: str | None
    ) -> None:
        """Keep this turn as the chat's context, now."""
        with self._lock:
            self._turns[chat] = Turn(question, entities, reading, fact_id, self.clock())
            self._turns.move_to_end(chat)
            while len(self._turns) > self.limit:
                self._turns.popitem(last=False)

    def forget(self, chat: Hashable) -> None:
        """Start the chat afresh (/start)."""
        with self._lock:
            self._turns.pop(chat, None)

    def __len__(self) -> int:
        return len(self._turns)
