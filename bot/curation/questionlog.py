"""Question log: every question the bot sees, kept in SQLite for the curator's reports.

Writes go through one background thread fed by a queue, so `record()` and `set_feedback()`
only hash and enqueue: they never wait for SQLite and never raise. The writer batches whatever
is queued into one transaction, which keeps up with bursts without losing rows. The thread lives
in logwriter.py, every SQL statement in logstore.py, the entry and the user hash in logentry.py;
this module decides what may be queued.

Failure handling (the bot must keep answering whatever happens to this file):

* If the database cannot be opened (corrupted file, unwritable directory, schema written by a
  newer version, ...), `open()` logs a warning and returns a *disabled* log: `available` is
  False, `record()`/`set_feedback()` drop their input and count it in `dropped`, and the query
  and delete methods raise `QuestionLogError`. The file is left untouched for inspection; there
  is no in-memory fallback, because reports built on a partial in-memory copy would mislead.
* If the file is deleted or replaced while the log is open, the writer notices before its next
  batch and opens the file at the path anew (with the salt in use), instead of writing on to a
  file nobody will read again (logwriter.py).
* A database locked by another process is waited for `lock_timeout` seconds, then tried again
  after each of `lock_retries` seconds. If a batch still cannot be written (locked throughout,
  file made read-only, disk full), it is dropped, counted in `dropped` and a warning is logged
  (at most one a minute); the next batch is tried normally.
* Query methods (`rows`) and deletions (`forget_user`, `purge_older_than`) raise
  `QuestionLogError` with the reason, so a report never shows "0 questions" for a broken log.
"""

from __future__ import annotations

import atexit
import hmac
import logging
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import TypeVar, get_args

from bot.curation import logstore
from bot.curation.logentry import LoggedQuestion, QuestionLogError, user_hash
from bot.curation.logstore import Feedback, FeedbackUpdate, NewQuestion, QuestionRow
from bot.curation.logwriter import LOCK_RETRIES, LogWriter
from bot.engine.decision import Decision
from bot.logs import reason

_logger = logging.getLogger("bot.curation.questionlog")

# record() and set_feedback() check values at run time: callers outside the type checker may pass anything.
DECISIONS: frozenset[str] = frozenset(get_args(Decision))
FEEDBACKS: frozenset[str] = frozenset(get_args(Feedback))

MAX_PENDING = 100_000  # queued writes beyond this are dropped rather than exhausting memory
RECENT_TOKENS = 20_000  # tokens whose owner is remembered, so feedback needs no database read
WARNING_INTERVAL = 60.0  # seconds between "dropped" warnings, so a broken disk cannot flood the log
FEEDBACK_LOOKUP_TIMEOUT = 0.1  # seconds set_feedback may wait for a lock when reading an old token
CLOSE_TIMEOUT = 30.0  # seconds close() waits for the writer to finish the queue

T = TypeVar("T")


class QuestionLog:
    """The question log; create it with `QuestionLog.open(path)`. Thread-safe."""

    def __init__(self, path: Path, lock_timeout: float, lock_retries: tuple[float, ...] = LOCK_RETRIES) -> None:
        self.path = path
        self._lock_timeout = lock_timeout
        self._writer = LogWriter(path, lock_timeout, self._drop, lock_retries)
        self._lock = threading.Lock()
        self._closed = False
        self._error: str | None = None
        self._salt = secrets.token_hex(32).encode()  # replaced by the database's; kept if it cannot be opened
        self._recent: dict[str, str] = {}  # token -> user_hash of recently recorded questions
        self._dropped = 0
        self._last_warning = float("-inf")

    @classmethod
    def open(
        cls,
        path: Path | str,
        salt: str | None = None,
        *,
        lock_timeout: float = 5.0,
        lock_retries: tuple[float, ...] = LOCK_RETRIES,
    ) -> QuestionLog:
        """Open or create the log at `path` and start its writer; never raises.

        Without `salt`, one is generated once and stored in the database. `lock_timeout` is how
        long a write waits for another process's lock; `lock_retries`, the pauses before trying a
        locked batch again (it is dropped when the lock outlasts them all).
        """
        log = cls(Path(path), lock_timeout, lock_retries)
        try:
            log.path.parent.mkdir(parents=True, exist_ok=True)
            log._salt = log._writer.start(salt).encode()
        except Exception as exc:  # whatever the cause, the bot must start without its log
            # Errors reach admins' chats: they name the file, not where it is on the server (the log line does).
            log._error = f"cannot open {log.path.name}: {reason(exc)}"
            _logger.warning("question log disabled, questions will not be stored: cannot open %s: %s", log.path, exc)
        else:
            atexit.register(log.close)  # shutting down without close() must not lose the queue
        return log

    def __enter__(self) -> QuestionLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def available(self) -> bool:
        """False when the database could not be opened and everything is being dropped."""
        return self._error is None

    @property
    def dropped(self) -> int:
        """Questions and feedback updates that could not be stored since open()."""
        return self._dropped

    def record(self, entry: LoggedQuestion) -> str:
        """Queue a question for storage and return its token, for `set_feedback` later.

        Never blocks on the database and never raises: problems are logged and counted.
        """
        token = uuid.uuid4().hex
        try:
            if entry.decision not in DECISIONS:
                raise ValueError(f"unknown decision {entry.decision!r}")
            hashed = self.user_hash(entry.user_id)
            asked_at = time.time() if entry.asked_at is None else entry.asked_at.timestamp()
            row = NewQuestion(
                token, asked_at, str(entry.chat_type), hashed, str(entry.question),
                entry.decision, entry.fact_id, float(entry.score), entry.language,
            )  # fmt: skip
        except Exception as exc:  # a malformed entry is a bug elsewhere; it must not break a reply
            self._drop(1, f"invalid entry: {exc}")
            return token
        with self._lock:
            problem = self._unwritable()
            if problem is None:
                self._writer.write(row)
                self._recent[token] = hashed
                if len(self._recent) > RECENT_TOKENS:
                    del self._recent[next(iter(self._recent))]
        if problem is not None:
            self._drop(1, problem)
        return token

    def set_feedback(self, token: str, feedback: str, user_id: int | str) -> bool:
        """Attach 'up' or 'down' to a recorded question; only its asker may rate it.

        Returns False for an unknown token, another user, a bad value or an unavailable log.
        Never raises. Tokens recorded by this process are checked in memory; older ones cost
        one indexed read that waits at most FEEDBACK_LOOKUP_TIMEOUT for a lock.
        """
        if feedback not in FEEDBACKS:
            _logger.warning("question log: ignoring unknown feedback %r", feedback)
            return False
        if self._error is not None or self._closed:
            return False
        with self._lock:
            owner = self._recent.get(token)
        if owner is None:
            try:
                owner = self._stored_owner(token)
            except sqlite3.Error as exc:
                _logger.warning("question log: cannot look up feedback token: %s", exc)
                return False
        if owner is None or not hmac.compare_digest(owner, self.user_hash(user_id)):
            return False
        with self._lock:
            problem = self._unwritable()
            if problem is None:
                self._writer.write(FeedbackUpdate(token, feedback))
        if problem is not None:
            self._drop(1, problem)
            return False
        return True

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is written (or dropped); False on timeout."""
        if self._error is not None or self._closed:
            return True
        future = self._enqueue(lambda conn: None)
        try:
            future.result(timeout)
        except TimeoutError:
            return False
        return True

    def close(self) -> None:
        """Write what is queued and stop the writer. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True  # from here on nothing is queued, so the writer stops after the last write
        atexit.unregister(self.close)
        if not self._writer.stop(CLOSE_TIMEOUT):
            _logger.warning("question log: writer still busy after %.0f s", CLOSE_TIMEOUT)

    def forget_user(self, user_id: int | str) -> int:
        """Delete every question of this user, including ones still queued; returns the count.

        Blocks until done (run it in a thread from async code); raises QuestionLogError.
        """
        hashed = self.user_hash(user_id)
        count = self._call(lambda conn: logstore.delete_user(conn, hashed), "forget_user")
        with self._lock:
            for token in [t for t, owner in self._recent.items() if owner == hashed]:
                del self._recent[token]
        return count

    def purge_older_than(self, days: int) -> int:
        """Delete questions asked more than `days` days ago; returns the count.

        Blocks until done (run it in a thread from async code); raises QuestionLogError.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        cutoff = time.time() - days * 86_400
        return self._call(lambda conn: logstore.delete_before(conn, cutoff), "purge_older_than")

    def rows(self, start: datetime, end: datetime) -> list[QuestionRow]:
        """Stored questions asked in [start, end), oldest first; raises QuestionLogError.

        Blocking; questions still queued are not included (call `flush()` first if it matters).
        """
        return self._read(lambda conn: logstore.rows(conn, start.timestamp(), end.timestamp()))

    def mark_handled(self, keys: Iterable[str], action: str | None) -> None:
        """Take questions (by grouping key) out of the curators' queue, or back in with no action; blocks, may raise."""
        chosen = list(keys)
        self._call(lambda conn: logstore.mark_handled(conn, chosen, action, time.time()), "mark_handled")

    def handled(self) -> frozenset[str]:
        """The keys of the questions curators dealt with; raises QuestionLogError."""
        return self._read(logstore.handled)

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run a query on a connection of its own, beside the writer; raises QuestionLogError."""
        self._check_available()
        try:
            with closing(logstore.connect(self.path, self._lock_timeout)) as conn:
                return fn(conn)
        except sqlite3.Error as exc:
            raise QuestionLogError(f"cannot read {self.path.name}: {exc}") from exc

    def user_hash(self, user_id: int | str) -> str:
        """The salted hash that stands for a user in the log (and in commit messages, and by its start in log
        lines): never the id itself."""
        return user_hash(self._salt, user_id)

    def _unwritable(self) -> str | None:
        """Why a write cannot be queued right now, or None; call with the lock held."""
        if self._error is not None:
            return self._error
        if self._closed:
            return "the log is closed"
        if self._writer.pending >= MAX_PENDING:
            return f"more than {MAX_PENDING} writes are waiting"
        return None

    def _drop(self, count: int, reason: object) -> None:
        with self._lock:
            self._dropped += count
            total = self._dropped
            now = time.monotonic()
            if now - self._last_warning < WARNING_INTERVAL:
                return
            self._last_warning = now
        _logger.warning("question log: dropped %d write(s), %d so far: %s", count, total, reason)

    def _check_available(self) -> None:
        if self._error is not None:
            raise QuestionLogError(f"question log unavailable: {self._error}")

    def _enqueue(self, fn: Callable[[sqlite3.Connection], T]) -> Future[T]:
        with self._lock:
            if self._closed:
                raise QuestionLogError("the question log is closed")
            return self._writer.call(fn)

    def _call(self, fn: Callable[[sqlite3.Connection], T], what: str) -> T:
        """Run `fn` on the writer thread after everything queued before it, and wait."""
        self._check_available()
        try:
            return self._enqueue(fn).result()
        except sqlite3.Error as exc:
            raise QuestionLogError(f"{what} failed on {self.path.name}: {exc}") from exc

    def _stored_owner(self, token: str) -> str | None:
        with closing(logstore.connect(self.path, FEEDBACK_LOOKUP_TIMEOUT)) as conn:
            return logstore.owner(conn, token)
