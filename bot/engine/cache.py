"""A least-recently-used cache bounded in entries and in bytes, for caches that see what people type.

`functools.lru_cache` bounds only the number of entries, so its memory grows with the size of what is cached: a
cache of cleaned texts that keeps whole questions grows by the length of each distinct question. This one also
keeps the estimated size of its keys and values under a budget, and does not keep entries larger than a share of
it, so that no input can make it hold more than `max_bytes`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """Caches `function(key)`; thread-safe (a reload indexes in a worker thread while questions are matched).

    `size(key, value)` estimates an entry's bytes; entries above `max_bytes // 64` are computed but not kept.
    """

    def __init__(
        self, function: Callable[[K], V], max_entries: int, max_bytes: int, size: Callable[[K, V], int]
    ) -> None:
        self.function = function
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.size = size
        self.bytes = 0
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, key: K) -> V:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found[0]
        value = self.function(key)
        cost = self.size(key, value)
        if cost > self.max_bytes // 64:
            return value
        with self._lock:
            if key not in self._entries:
                self._entries[key] = (value, cost)
                self.bytes += cost
                while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
                    _, (_, dropped) = self._entries.popitem(last=False)
                    self.bytes -= dropped
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0
