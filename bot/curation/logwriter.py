"""The question log's writer thread: the only connection that writes, fed by a queue.

Everything that changes the database runs on this thread in the order it was queued, so a
deletion or a flush barrier sees every earlier write, and writes queued together are batched
into one transaction to keep up with bursts. `QuestionLog` decides what may be queued.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.curation import logstore
from bot.curation.logstore import FeedbackUpdate, NewQuestion

BATCH_SIZE = 500  # rows per transaction: big enough for bursts, small enough to keep locks short

T = TypeVar("T")
Write = NewQuestion | FeedbackUpdate


@dataclass(frozen=True)
class _Call:
    """Work that must run in order with the queued writes, e.g. a deletion or a flush barrier."""

    fn: Callable[[sqlite3.Connection], Any]
    future: Future[Any]


_STOP = object()


class LogWriter:
    """Owns the writer thread and its queue; `write`, `call` and `stop` may be called from any thread."""

    def __init__(self, path: Path, lock_timeout: float, on_dropped: Callable[[int, Exception], None]) -> None:
        """`on_dropped(count, error)` hears of every batch that could not be written."""
        self._path = path
        self._lock_timeout = lock_timeout
        self._on_dropped = on_dropped
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    @property
    def pending(self) -> int:
        """Items queued and not yet taken by the thread."""
        return self._queue.qsize()

    def start(self, salt: str | None) -> str:
        """Start the thread, open and prepare the database; returns the salt to hash user ids with.

        Raises whatever opening or migrating the database raised; the thread has ended then.
        """
        ready: Future[str] = Future()
        self._thread = threading.Thread(target=self._run, args=(salt, ready), name="questionlog-writer", daemon=True)
        self._thread.start()
        return ready.result()

    def write(self, item: Write) -> None:
        self._queue.put(item)

    def call(self, fn: Callable[[sqlite3.Connection], T]) -> Future[T]:
        """Run `fn` on the writer's connection after everything queued before it."""
        future: Future[T] = Future()
        self._queue.put(_Call(fn, future))
        return future

    def stop(self, timeout: float) -> bool:
        """Write what is queued and end the thread; False if it is still busy after `timeout`."""
        if self._thread is None:
            return True
        self._queue.put(_STOP)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self, salt: str | None, ready: Future[str]) -> None:
        """The thread: owns the only writing connection for the log's lifetime."""
        try:
            conn = logstore.connect(self._path, self._lock_timeout)
        except Exception as exc:
            ready.set_exception(exc)
            return
        with closing(conn):
            try:
                ready.set_result(logstore.prepare(conn, salt))
            except Exception as exc:
                ready.set_exception(exc)
                return
            while True:
                batch = [self._queue.get()]
                while len(batch) < BATCH_SIZE:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                if not self._process(conn, batch):
                    return

    def _process(self, conn: sqlite3.Connection, batch: list[object]) -> bool:
        """Write a batch in order; returns False once the stop marker is reached."""
        writes: list[Write] = []
        for item in batch:
            if isinstance(item, (NewQuestion, FeedbackUpdate)):
                writes.append(item)
                continue
            self._write(conn, writes)  # barriers and deletions see every earlier write
            writes = []
            if item is _STOP:
                return False
            assert isinstance(item, _Call)
            try:
                item.future.set_result(item.fn(conn))
            except Exception as exc:
                item.future.set_exception(exc)
        self._write(conn, writes)
        return True

    def _write(self, conn: sqlite3.Connection, writes: list[Write]) -> None:
        if not writes:
            return
        try:
            logstore.write(conn, writes)
        except Exception as exc:  # locked, read-only, full, corrupted: drop this batch, go on
            self._on_dropped(len(writes), exc)
