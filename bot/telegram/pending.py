"""What curation buttons refer to, kept on the server: a button carries a short random token, never the text.

Callback data holds at most 64 bytes and comes back from the client, so it may be forged: it only ever names a
token, parsed strictly here, and the handler checks who pressed before doing anything. Tokens live in memory and
are bounded; a button whose token was forgotten (an old message, a restart) answers that it expired.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from bot.curation.edits import Edit, Editor

T = TypeVar("T")
REMEMBERED = 2000  # buttons of each kind that still work; older ones expire
RELAYS_PER_DAY = 3  # how often one person may ask the editors in a day
_CALLBACK = re.compile(r"([ce]):([a-z]):([A-Za-z0-9_-]{8})(?::([0-9]))?")


class Pending(Generic[T]):
    """Values by key, the oldest forgotten first once REMEMBERED are kept."""

    def __init__(self, limit: int = REMEMBERED) -> None:
        self._items: OrderedDict[str, T] = OrderedDict()
        self._limit = limit

    def add(self, value: T) -> str:
        """Keep `value` under a new random token of 8 URL-safe characters, and return the token."""
        token = secrets.token_urlsafe(6)
        self.put(token, value)
        return token

    def put(self, key: str, value: T) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._limit:
            self._items.popitem(last=False)

    def get(self, key: str) -> T | None:
        return self._items.get(key)

    def pop(self, key: str) -> T | None:
        return self._items.pop(key, None)


@dataclass(frozen=True)
class Press:
    """A parsed curation button: its area (c: the inbox, e: the editors), action, token and choice."""

    area: str
    action: str
    token: str
    choice: int | None = None


def parse(data: str) -> Press | None:
    """The curation button that `data` names, or None for anything this bot never built."""
    found = _CALLBACK.fullmatch(data)
    if found is None:
        return None
    return Press(found[1], found[2], found[3], int(found[4]) if found[4] else None)


def callback(area: str, action: str, token: str, choice: int | None = None) -> str:
    """The callback data of a curation button (at most 14 bytes)."""
    return f"{area}:{action}:{token}" + ("" if choice is None else f":{choice}")


@dataclass(frozen=True)
class Missed:
    """A question curators were shown (a queue group or a relayed question), with the facts offered for it."""

    question: str
    facts: tuple[str, ...]
    keys: tuple[str, ...] = ()  # question-log keys that leave the queue once it is dealt with


@dataclass(frozen=True)
class Undoable:
    """An edit that can still be undone, and the queue keys to put back when it is."""

    edit: Edit
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Ask:
    """A declined question its asker may send to the editors."""

    user_id: int
    chat_id: int
    question: str
    language: str


@dataclass(frozen=True)
class Answered:
    """An editor's answer, delivered, that can become an example question or a draft fact."""

    question: str
    answer: str
    facts: tuple[str, ...]
    language: str


class Quota:
    """How many times each person asked the editors today; yesterday's counts are dropped."""

    def __init__(self, per_day: int = RELAYS_PER_DAY) -> None:
        self.per_day = per_day
        self._day: date | None = None
        self._counts: Counter[int] = Counter()

    def take(self, user_id: int, today: date) -> bool:
        """Count one more for this person today; False (nothing counted) when they reached the limit."""
        if today != self._day:
            self._day, self._counts = today, Counter()
        if self._counts[user_id] >= self.per_day:
            return False
        self._counts[user_id] += 1
        return True

    def give_back(self, user_id: int) -> None:
        """Undo a `take` whose relay failed."""
        if self._counts[user_id] > 0:
            self._counts[user_id] -= 1


@dataclass
class CurationState:
    """Everything the curation buttons refer to, one per application."""

    editor: Editor
    groups: Pending[Missed] = field(default_factory=Pending)
    edits: Pending[Undoable] = field(default_factory=Pending)
    asks: Pending[Ask] = field(default_factory=Pending)
    relayed: Pending[Ask] = field(default_factory=Pending)  # by the message id of the question in the editors' chat
    answers: Pending[Answered] = field(default_factory=Pending)
    quota: Quota = field(default_factory=Quota)
