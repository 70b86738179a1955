"""The question log's SQLite layer: schema and migrations, transactions and every SQL statement.

`QuestionLog` decides when the database is touched and what a failure means for the bot; this
module only says how. Connections run in autocommit mode and every transaction is explicit, so a
batch of writes is one transaction and nothing is left open between batches.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal, NamedTuple

from bot.engine.decision import Decision

Feedback = Literal["up", "down"]

# Each entry upgrades the schema by one version (PRAGMA user_version); append, never edit.
_MIGRATIONS: list[tuple[str, ...]] = [
    (  # 1: questions and the salt
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,
            asked_at REAL NOT NULL,
            chat_type TEXT NOT NULL,
            user_hash TEXT NOT NULL,
            question TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('answered', 'suggested', 'declined')),
            fact_id TEXT,
            score REAL NOT NULL,
            feedback TEXT CHECK (feedback IN ('up', 'down'))
        )""",
        "CREATE INDEX questions_asked_at ON questions (asked_at)",
        "CREATE INDEX questions_user_hash ON questions (user_hash)",
    ),
    (  # 2: detected language of the question
        "ALTER TABLE questions ADD COLUMN language TEXT",
    ),
    (  # 3: questions curators dealt with (added to a fact, out of scope, skipped), by a hash of their wording
        "CREATE TABLE handled (key TEXT PRIMARY KEY, action TEXT NOT NULL, handled_at REAL NOT NULL)",
        "CREATE INDEX handled_at ON handled (handled_at)",
    ),
]
SCHEMA_VERSION = len(_MIGRATIONS)

_COLUMNS = "id, token, asked_at, chat_type, user_hash, question, decision, fact_id, score, language, feedback"
_INSERT = (
    "INSERT INTO questions (token, asked_at, chat_type, user_hash, question, decision, fact_id,"
    " score, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class NewQuestion(NamedTuple):
    """A question to insert, its fields in the order of `_INSERT`'s placeholders."""

    token: str
    asked_at: float  # seconds since the epoch
    chat_type: str
    user_hash: str
    question: str
    decision: str
    fact_id: str | None
    score: float
    language: str | None


class FeedbackUpdate(NamedTuple):
    """A rating to attach to the question recorded under `token`."""

    token: str
    feedback: str


@dataclass(frozen=True)
class QuestionRow:
    """A stored question, as reports read it."""

    id: int
    token: str
    asked_at: datetime  # UTC
    chat_type: str
    user_hash: str
    question: str
    decision: Decision
    fact_id: str | None
    score: float
    language: str | None
    feedback: Feedback | None


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """Every connection goes through here; autocommit mode, transactions are explicit."""
    return sqlite3.connect(path, timeout=timeout, isolation_level=None)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE takes the write lock up front, so a busy database fails before any change."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def prepare(conn: sqlite3.Connection, salt: str | None, default: str | None = None) -> str:
    """Set up a fresh connection and return the salt to hash user ids with: `salt` when given, else the one stored
    in the database, else `default` (or a new random one), which is then stored."""
    # WAL lets reports read while the writer writes; secure_delete zeroes what forget/purge remove.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA secure_delete = ON")
    _migrate(conn)
    if salt:
        return salt
    stored = conn.execute("SELECT value FROM meta WHERE key = 'user_hash_salt'").fetchone()
    if stored is not None:
        return str(stored[0])
    with transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('user_hash_salt', ?)",
            (default or secrets.token_hex(32),),
        )
    return str(conn.execute("SELECT value FROM meta WHERE key = 'user_hash_salt'").fetchone()[0])


def is_busy(error: sqlite3.Error) -> bool:
    """Whether the error is another connection holding the lock (worth waiting for), not a broken database."""
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
    return isinstance(error, sqlite3.OperationalError) and ("locked" in str(error) or "busy" in str(error))


def write(conn: sqlite3.Connection, writes: Sequence[NewQuestion | FeedbackUpdate]) -> None:
    """Apply the writes in order in one transaction: all of them or, on an error, none."""
    with transaction(conn):
        for item in writes:
            if isinstance(item, NewQuestion):
                conn.execute(_INSERT, item)
            else:
                conn.execute("UPDATE questions SET feedback = ? WHERE token = ?", (item.feedback, item.token))


def owner(conn: sqlite3.Connection, token: str) -> str | None:
    """The user hash of the question recorded under `token`, None if there is none."""
    found = conn.execute("SELECT user_hash FROM questions WHERE token = ?", (token,)).fetchone()
    return None if found is None else str(found[0])


def rows(conn: sqlite3.Connection, start: float, end: float) -> list[QuestionRow]:
    """Questions asked in [start, end) (seconds since the epoch), oldest first."""
    fetched = conn.execute(
        f"SELECT {_COLUMNS} FROM questions WHERE asked_at >= ? AND asked_at < ? ORDER BY asked_at, id",
        (start, end),
    ).fetchall()
    return [_question_row(r) for r in fetched]


def _question_row(r: tuple[Any, ...]) -> QuestionRow:
    """One fetched row, its values in the order of `_COLUMNS`."""
    return QuestionRow(
        id=r[0],
        token=r[1],
        asked_at=datetime.fromtimestamp(r[2], timezone.utc),
        chat_type=r[3],
        user_hash=r[4],
        question=r[5],
        decision=r[6],
        fact_id=r[7],
        score=r[8],
        language=r[9],
        feedback=r[10],
    )


def mark_handled(conn: sqlite3.Connection, keys: Sequence[str], action: str | None, when: float) -> None:
    """Record that curators dealt with these questions (by key), or with no action forget that they did."""
    with transaction(conn):
        if action is None:
            conn.executemany("DELETE FROM handled WHERE key = ?", [(key,) for key in keys])
        else:
            conn.executemany(
                "INSERT OR REPLACE INTO handled (key, action, handled_at) VALUES (?, ?, ?)",
                [(key, action, when) for key in keys],
            )


def handled(conn: sqlite3.Connection) -> frozenset[str]:
    """The keys of every question curators dealt with."""
    return frozenset(str(row[0]) for row in conn.execute("SELECT key FROM handled"))


def delete_user(conn: sqlite3.Connection, user_hash: str) -> int:
    """Delete every question of one user; returns the count."""
    return _delete(conn, "DELETE FROM questions WHERE user_hash = ?", (user_hash,))


def delete_before(conn: sqlite3.Connection, cutoff: float) -> int:
    """Delete questions asked before `cutoff` (seconds since the epoch), and what curators did about questions
    before it (a question dealt with then may be asked again); returns the count of questions."""
    conn.execute("DELETE FROM handled WHERE handled_at < ?", (cutoff,))
    return _delete(conn, "DELETE FROM questions WHERE asked_at < ?", (cutoff,))


def _delete(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> int:
    """Delete rows and checkpoint, so the removed text does not linger in the WAL file."""
    with transaction(conn):
        count = conn.execute(sql, params).rowcount
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return count


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply the missing migrations, each in its own transaction, re-checking under the lock
    because another process may be opening the same file."""
    if (version := _user_version(conn)) > SCHEMA_VERSION:
        # A DatabaseError like a corrupted file's: the caller cannot use this database either way.
        raise sqlite3.DatabaseError(f"schema version {version} is newer than this code supports ({SCHEMA_VERSION})")
    for target, statements in enumerate(_MIGRATIONS, start=1):
        if _user_version(conn) >= target:
            continue
        with transaction(conn):
            if _user_version(conn) < target:
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target}")
