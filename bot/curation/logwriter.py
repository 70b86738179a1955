"""The question log's writer thread: the only connection that writes, fed by a queue.

Everything that changes the database runs on this thread in the order it was queued, so a
deletion or a flush barrier sees every earlier write, and writes queued together are batched
into one transaction to keep up with bursts. `QuestionLog` decides what may be queued.

Two faults are handled here, because only the writer can tell:
* the file deleted or replaced under the open connection (which would go on writing to a file
  nobody can read again): before each batch the path is checked, and the database reopened;
* the database locked by another process for longer than the lock timeout: the batch is tried
  again after each of `lock_retries`, and dropped only when the lock outlasts them all.
"""

from __future__ import annotations

import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.curation import logstore
from bot.curation.logstore import FeedbackUpdate, NewQuestion

BATCH_SIZE = 500  # rows per transaction: big enough for bursts, small enough to keep locks short
LOCK_RETRIES = (1.0, 2.0, 4.0)  # seconds to wait before each new try of a batch the lock kept out

_logger = logging.getLogger("bot.curation.questionlog")
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

    def __init__(
        self,
        path: Path,
        lock_timeout: float,
        on_dropped: Callable[[int, Exception], None],
        lock_retries: tuple[float, ...] = LOCK_RETRIES,
    ) -> None:
        """`on_dropped(count, error)` hears of every batch that could not be written."""
        self._path = path
        self._lock_timeout = lock_timeout
        self._on_dropped = on_dropped
        self._lock_retries = lock_retries
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._conn: sqlite3.Connection | None = None
        self._file: tuple[int, int] | None = None  # device and inode of the file the connection has open
        self._given_salt: str | None = None
        self._salt = ""
        self.retried = 0  # batches tried again because the database was locked
        self.reopened = 0  # times the file was found deleted or replaced and opened anew

    @property
    def pending(self) -> int:
        """Items queued and not yet taken by the thread."""
        return self._queue.qsize()

    def start(self, salt: str | None) -> str:
        """Start the thread, open and prepare the database; returns the salt to hash user ids with.

        Raises whatever opening or migrating the database raised; the thread has ended then.
        """
        self._given_salt = salt
        ready: Future[str] = Future()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="questionlog-writer", daemon=True)
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

    def _run(self, ready: Future[str]) -> None:
        """The thread: owns the only writing connection for the log's lifetime."""
        try:
            self._salt = self._open(None)
        except Exception as exc:
            ready.set_exception(exc)
            return
        ready.set_result(self._salt)
        try:
            while True:
                batch = [self._queue.get()]
                while len(batch) < BATCH_SIZE:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                if not self._process(batch):
                    return
        finally:
            if self._conn is not None:
                self._conn.close()

    def _open(self, default: str | None) -> str:
        """Connect and prepare the database at the path, replacing the connection; returns its salt."""
        conn = logstore.connect(self._path, self._lock_timeout)
        try:
            salt = logstore.prepare(conn, self._given_salt, default)
            status = os.stat(self._path)
        except BaseException:
            conn.close()
            raise
        if self._conn is not None:
            self._conn.close()
        self._conn, self._file = conn, (status.st_dev, status.st_ino)
        return salt

    def _connection(self) -> sqlite3.Connection:
        """The connection, reopened first if its file was deleted or replaced since it was opened."""
        try:
            status = os.stat(self._path)
            current: tuple[int, int] | None = (status.st_dev, status.st_ino)
        except OSError:
            current = None
        if current != self._file:
            salt = self._open(self._salt)  # a new file gets the salt in use, so hashes stay comparable
            self.reopened += 1
            _logger.warning("question log: %s was deleted or replaced; opened it anew", self._path.name)
            if salt != self._salt:
                _logger.warning("question log: the replacing file has another salt; the one in use is kept")
        assert self._conn is not None
        return self._conn

    def _process(self, batch: list[object]) -> bool:
        """Write a batch in order; returns False once the stop marker is reached."""
        writes: list[Write] = []
        for item in batch:
            if isinstance(item, (NewQuestion, FeedbackUpdate)):
                writes.append(item)
                continue
            self._write(writes)  # barriers and deletions see every earlier write
            writes = []
            if item is _STOP:
                return False
            assert isinstance(item, _Call)
            try:
                item.future.set_result(item.fn(self._connection()))
            except Exception as exc:
                item.future.set_exception(exc)
        self._write(writes)
        return True

    def _write(self, writes: list[Write]) -> None:
        """Write in one transaction, waiting out a lock up to `lock_retries` times; drop what cannot be written."""
        if not writes:
            return
        for delay in (*self._lock_retries, None):
            try:
                logstore.write(self._connection(), writes)
                return
            except sqlite3.Error as exc:
                if delay is None or not logstore.is_busy(exc):
                    self._on_dropped(len(writes), exc)
                    return
                self.retried += 1
                _logger.warning("question log: database locked; trying %d write(s) again in %g s", len(writes), delay)
                time.sleep(delay)
            except Exception as exc:  # read-only, disk full, file gone and not re-creatable: drop, go on
                self._on_dropped(len(writes), exc)
                return
