"""Freeing a replaced index a slice at a time, so that answering is not paused while it goes.

Dropping the last reference to a 10,000-fact index frees millions of objects in one go, and freeing holds the GIL
throughout: ~50 ms in which no other thread runs, so the event loop answers nobody. A reload therefore empties
the old index's big lists and dicts a few hundred items at a time, yielding the GIL between slices, before it lets
the rest go. Only what nobody else holds is touched: a question may still be answered with the old index (a
report built in a thread may hold it for a while), so the reload waits until it is the only holder, and the new
index may share values with the old one (those are never emptied).
"""

from __future__ import annotations

import sys
import time
from typing import Protocol

STEP = 500  # items freed between two yields of the GIL
WAIT = 1.0  # seconds to wait for the old index to be let go; after that, it is freed whenever its holder is done


class _Indexed(Protocol):
    @property
    def matcher(self) -> object: ...


def release(old: _Indexed) -> bool:
    """Empty the big lists and dicts of the old knowledge's index slice by slice, once the caller (with its own name
    for `old`) is the only one left holding it; False when it is still held by someone else after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    # Held only by the caller's name, this parameter and getrefcount's argument; the matcher and its index only by
    # the attribute above them and the argument.
    while sys.getrefcount(old) > 3 or sys.getrefcount(old.matcher) > 2 or sys.getrefcount(_index(old)) > 2:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    for value in list(vars(_index(old)).values()):
        if isinstance(value, (list, dict)) and sys.getrefcount(value) <= 4:  # attribute, list, name, argument
            _empty(value)
    return True


def _index(knowledge: _Indexed) -> object:
    return vars(knowledge.matcher)["index"]


def _empty(container: list[object] | dict[object, object]) -> None:
    while container:
        if isinstance(container, list):
            del container[-STEP:]
        else:
            for _ in range(min(STEP, len(container))):
                container.popitem()
        time.sleep(0)  # let other threads run
