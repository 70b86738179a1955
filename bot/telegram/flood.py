"""Per-chat flood control: past QUESTIONS_PER_MINUTE questions in a minute, a chat is asked once to slow down and
its further questions are not matched until its minute has room again.

Matching a question costs a few milliseconds of the one event loop every chat shares; a script sending questions
as fast as Telegram delivers them would otherwise take that time from everyone else.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Literal

QUESTIONS_PER_MINUTE = 20
WINDOW = 60.0

Verdict = Literal["answer", "warn", "ignore"]


class FloodGate:
    """Counts each chat's questions over the last WINDOW seconds. Memory is bounded by the chats active in it."""

    def __init__(self, limit: int = QUESTIONS_PER_MINUTE, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.clock = clock
        self._asked: dict[int, deque[float]] = {}  # chat -> when its recent questions came (answered ones only)
        self._warned: dict[int, float] = {}  # chat -> when it was asked to slow down
        self._swept = clock()

    def check(self, chat_id: int) -> Verdict:
        """Whether to answer this question, tell the chat to slow down (once a window), or ignore it."""
        now = self.clock()
        if now - self._swept >= WINDOW:
            self._sweep(now)
        asked = self._asked.setdefault(chat_id, deque())
        while asked and now - asked[0] >= WINDOW:
            asked.popleft()
        if len(asked) < self.limit:
            asked.append(now)
            return "answer"
        if now - self._warned.get(chat_id, -WINDOW) >= WINDOW:
            self._warned[chat_id] = now
            return "warn"
        return "ignore"

    def _sweep(self, now: float) -> None:
        """Forget the chats that asked nothing in the last window."""
        self._asked = {chat: asked for chat, asked in self._asked.items() if asked and now - asked[-1] < WINDOW}
        self._warned = {chat: at for chat, at in self._warned.items() if now - at < WINDOW}
        self._swept = now
