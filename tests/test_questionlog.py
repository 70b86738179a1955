"""The question log: concurrency, privacy, retention, feedback, migration and failure handling."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.curation import logstore
from bot.curation.logentry import LoggedQuestion, QuestionLogError
from bot.curation.questionlog import QuestionLog

SALT = "test-salt"
ALICE = 987654321012
BOB = 987654321013
EVER = (datetime(2000, 1, 1, tzinfo=timezone.utc), datetime(2100, 1, 1, tzinfo=timezone.utc))


def entry(text: str = "how many people live in baotou", user: int = ALICE, **fields: object) -> LoggedQuestion:
    fields.setdefault("decision", "answered")
    return LoggedQuestion(question=text, user_id=user, **fields)  # type: ignore[arg-type]


def stored(log: QuestionLog) -> list[logstore.QuestionRow]:
    assert log.flush(timeout=30)
    return log.rows(*EVER)


def file_bytes(path: Path) -> bytes:
    """The database and its -wal/-shm companions: everything SQLite keeps on disk."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def warned(caplog: pytest.LogCaptureFixture, text: str = "") -> bool:
    return any(
        r.name == "bot.curation.questionlog" and r.levelno == logging.WARNING and text in r.getMessage()
        for r in caplog.records
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "questions.sqlite3"


@pytest.fixture
def log(db: Path) -> Iterator[QuestionLog]:
    with QuestionLog.open(db, salt=SALT) as opened:
        assert opened.available
        yield opened


def test_open_creates_directory_schema_and_indexes(db: Path) -> None:
    with QuestionLog.open(db, salt=SALT):
        pass
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == logstore.SCHEMA_VERSION
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"questions_asked_at", "questions_user_hash"} <= indexes


async def test_thousand_concurrent_records_from_tasks_and_threads_are_all_stored(
    log: QuestionLog,
) -> None:
    decisions = ("answered", "suggested", "declined")
    chat_types = ("private", "group", "supergroup", "inline")

    def make(i: int) -> LoggedQuestion:
        return entry(
            f"question number {i}", ALICE + i % 100,
            decision=decisions[i % 3], chat_type=chat_types[i % 4], score=i / 10,
        )  # fmt: skip

    async def ask(i: int) -> str:
        await asyncio.sleep(0)
        return log.record(make(i))

    def ask_many(first: int) -> list[str]:
        return [log.record(make(i)) for i in range(first, first + 50)]

    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=10) as pool:
        threaded = [loop.run_in_executor(pool, ask_many, first) for first in range(500, 1000, 50)]
        tokens = list(await asyncio.gather(*(ask(i) for i in range(500))))
        for batch in await asyncio.gather(*threaded):
            tokens.extend(batch)

    rows = stored(log)
    assert len(set(tokens)) == 1000
    assert len(rows) == 1000
    assert {row.token for row in rows} == set(tokens)
    assert {row.question for row in rows} == {f"question number {i}" for i in range(1000)}
    assert len({row.user_hash for row in rows}) == 100
    assert log.dropped == 0


def test_no_raw_user_id_anywhere_in_the_database_files(db: Path) -> None:
    users = [ALICE + i for i in range(100)]
    with QuestionLog.open(db, salt=SALT) as log:
        tokens = [log.record(entry(f"question from chat {i}", user)) for i, user in enumerate(users)]
        assert log.set_feedback(tokens[0], "up", users[0])
        rows = stored(log)
        during = file_bytes(db)
    after = file_bytes(db)
    assert b"question from chat 99" in after  # the search does find what is stored
    for user in users:
        for data in (during, after):
            assert str(user).encode() not in data
            assert user.to_bytes(6, "big") not in data  # SQLite's own 48-bit integer encoding
    expected = hmac.new(SALT.encode(), str(users[0]).encode(), hashlib.sha256).hexdigest()
    assert rows[0].user_hash == expected


def test_generated_salt_is_stored_once_and_reused(db: Path) -> None:
    with QuestionLog.open(db) as log:
        log.record(entry(user=ALICE))
    with QuestionLog.open(db) as log:
        assert log.forget_user(ALICE) == 1
    with sqlite3.connect(db) as conn:
        salts = conn.execute("SELECT value FROM meta WHERE key = 'user_hash_salt'").fetchall()
    assert len(salts) == 1 and len(salts[0][0]) == 64


def test_close_writes_everything_still_queued(db: Path) -> None:
    log = QuestionLog.open(db, salt=SALT)
    for i in range(300):
        log.record(entry(f"q{i}"))
    log.close()
    log.close()  # idempotent
    with QuestionLog.open(db, salt=SALT) as reopened:
        assert len(reopened.rows(*EVER)) == 300


def test_purge_older_than_deletes_only_old_questions(log: QuestionLog) -> None:
    now = datetime.now(timezone.utc)
    for age in (timedelta(days=100), timedelta(days=91), timedelta(days=89), timedelta(hours=1)):
        log.record(entry(f"asked {age.days} days ago", asked_at=now - age))
    assert log.purge_older_than(90) == 2  # includes rows that were still queued
    assert sorted(row.question for row in stored(log)) == ["asked 0 days ago", "asked 89 days ago"]
    assert log.purge_older_than(90) == 0
    with pytest.raises(ValueError):
        log.purge_older_than(-1)


def test_forget_user_deletes_all_their_questions_even_queued_ones(db: Path) -> None:
    with QuestionLog.open(db, salt=SALT) as log:
        log.record(entry("secret question of alice one"))
        log.flush()
        token = log.record(entry("secret question of alice two"))
        log.record(entry("secret question of alice three", chat_type="group"))
        log.record(entry("bob asks one", BOB))
        log.record(entry("bob asks two", BOB))
        assert log.forget_user(ALICE) == 3
        assert sorted(row.question for row in stored(log)) == ["bob asks one", "bob asks two"]
        assert log.forget_user(ALICE) == 0
        assert not log.set_feedback(token, "up", ALICE)
        # secure_delete zeroes the rows, the checkpoint clears the copies in the WAL file
        assert b"secret question of alice" not in file_bytes(db)
    assert b"secret question of alice" not in file_bytes(db)


def test_feedback_is_attached_by_token_and_only_by_the_asker(db: Path) -> None:
    with QuestionLog.open(db, salt=SALT) as log:
        token = log.record(entry())
        other = log.record(entry("bob's question", BOB))
        assert log.set_feedback(token, "down", ALICE)
        assert not log.set_feedback(token, "up", BOB)
        assert not log.set_feedback("no-such-token", "up", ALICE)
        assert not log.set_feedback(token, "meh", ALICE)
        feedback = {row.token: row.feedback for row in stored(log)}
        assert feedback == {token: "down", other: None}
    with QuestionLog.open(db, salt=SALT) as log:  # a restart: the token is only in the database
        assert log.set_feedback(token, "up", ALICE)
        assert not log.set_feedback(token, "down", BOB)
        assert {row.token: row.feedback for row in stored(log)}[token] == "up"


def test_migrates_a_version_1_database(db: Path) -> None:
    db.parent.mkdir()
    old_hash = hmac.new(SALT.encode(), str(ALICE).encode(), hashlib.sha256).hexdigest()
    with sqlite3.connect(db) as conn:  # version 1 exactly as it shipped
        conn.executescript(
            """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE questions (
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
            );
            CREATE INDEX questions_asked_at ON questions (asked_at);
            CREATE INDEX questions_user_hash ON questions (user_hash);
            PRAGMA user_version = 1;
            """
        )
        conn.execute(
            "INSERT INTO questions (token, asked_at, chat_type, user_hash, question, decision,"
            " fact_id, score, feedback) VALUES ('old', ?, 'private', ?, 'old question',"
            " 'answered', 'f1', 90.0, 'up')",
            (time.time() - 60, old_hash),
        )
    with QuestionLog.open(db, salt=SALT) as log:
        assert log.available
        log.record(entry("new question", language="zh"))
        rows = {row.question: row for row in stored(log)}
        assert rows["old question"].language is None
        assert rows["old question"].feedback == "up"
        assert rows["new question"].language == "zh"
        assert log.forget_user(ALICE) == 2  # the old rows' hashes still match
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == logstore.SCHEMA_VERSION
        columns = {r[1] for r in conn.execute("PRAGMA table_info(questions)")}
    assert "language" in columns


def test_database_from_a_newer_version_is_left_alone(db: Path, caplog: pytest.LogCaptureFixture) -> None:
    with QuestionLog.open(db, salt=SALT):
        pass
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    with QuestionLog.open(db, salt=SALT) as log:
        assert not log.available
        log.record(entry())
    assert warned(caplog, "newer than this code supports")


def test_corrupted_file_disables_the_log_without_raising(db: Path, caplog: pytest.LogCaptureFixture) -> None:
    db.parent.mkdir()
    garbage = b"this is not an sqlite database \x00\xff" * 200
    db.write_bytes(garbage)
    log = QuestionLog.open(db, salt=SALT)
    assert not log.available
    assert warned(caplog, str(db))
    token = log.record(entry())
    assert isinstance(token, str) and token
    assert not log.set_feedback(token, "up", ALICE)
    assert log.flush()
    assert log.dropped == 1
    for query in (lambda: log.rows(*EVER), lambda: log.forget_user(ALICE), lambda: log.purge_older_than(1)):
        with pytest.raises(QuestionLogError, match="unavailable"):
            query()
    log.close()
    assert db.read_bytes() == garbage  # kept for inspection, not overwritten


def test_locked_database_never_blocks_record_and_drops_with_a_warning(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with QuestionLog.open(db, salt=SALT, lock_timeout=0.2, lock_retries=(0.01,)) as log:
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        writer_may_go = threading.Event()
        log._enqueue(lambda conn: writer_may_go.wait(30))  # the writer thread is busy elsewhere
        for i in range(20):  # each returns while the writer is held: record() never waits for it or the database
            log.record(entry(f"while locked {i}"))
        writer_may_go.set()
        assert log.flush(timeout=30)
        assert log.dropped == 20
        assert warned(caplog, "locked")
        holder.execute("ROLLBACK")
        holder.close()
        log.record(entry("after the lock"))
        assert [row.question for row in stored(log)] == ["after the lock"]


def test_a_short_lock_loses_nothing(db: Path) -> None:
    with QuestionLog.open(db, salt=SALT, lock_timeout=10) as log:
        holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN EXCLUSIVE")
        release = threading.Timer(0.3, lambda: holder.execute("ROLLBACK"))
        release.start()
        for i in range(50):
            log.record(entry(f"q{i}"))
        assert len(stored(log)) == 50
        release.join()
        holder.close()
        assert log.dropped == 0


def test_read_only_connection_drops_with_a_warning(
    db: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only file does to SQLite, reproduced with mode=ro so it also holds for root."""
    with QuestionLog.open(db, salt=SALT) as log:
        log.record(entry("written before"))

    def read_only(path: Path, timeout: float) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout, isolation_level=None)

    monkeypatch.setattr(logstore, "connect", read_only)
    with QuestionLog.open(db, salt=SALT) as log:
        token = log.record(entry("written after"))
        assert log.flush()
        assert not log.set_feedback("unknown", "up", ALICE)
        assert log.set_feedback(token, "up", ALICE)  # accepted into the queue, then dropped
        assert log.flush()
        assert log.dropped == 2
        assert [row.question for row in log.rows(*EVER)] == ["written before"]
    assert warned(caplog, "readonly")


def test_directory_that_cannot_be_created(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "data").write_text("a file where the data directory should be")
    with QuestionLog.open(tmp_path / "data" / "questions.sqlite3", salt=SALT) as log:
        assert not log.available
        log.record(entry())
        assert log.dropped == 1
    assert warned(caplog, "disabled")


def test_malformed_entry_and_closed_log_are_dropped_not_raised(
    log: QuestionLog, caplog: pytest.LogCaptureFixture
) -> None:
    token = log.record(entry(decision="maybe"))
    assert token and log.dropped == 1
    assert warned(caplog, "unknown decision")
    assert stored(log) == []
    log.close()
    log.record(entry())
    assert not log.set_feedback(token, "up", ALICE)
    assert log.dropped == 2


def test_rows_returns_a_half_open_window_in_utc(log: QuestionLog) -> None:
    start = datetime(2024, 5, 1, 12, tzinfo=timezone(timedelta(hours=8)))
    for minutes in (0, 30, 60):
        log.record(entry(f"at {minutes}", asked_at=start + timedelta(minutes=minutes)))
    rows = stored(log)
    window = log.rows(start, start + timedelta(hours=1))
    assert [row.question for row in window] == ["at 0", "at 30"]
    assert rows[0].asked_at == start and rows[0].asked_at.tzinfo == timezone.utc


def test_the_salt_is_not_needed_in_the_database_when_given(db: Path) -> None:
    with QuestionLog.open(db, salt=SALT) as log:
        log.record(entry())
    assert SALT.encode() not in file_bytes(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 0


def wait_until(condition: Callable[[], bool], timeout: float = 30) -> None:
    """Polls until condition() holds; fails after `timeout` seconds (a guard against hanging, not a measure)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"the condition never held in {timeout:g} s")
        time.sleep(0.01)


def test_a_lock_longer_than_the_timeout_is_waited_out(db: Path) -> None:
    """The database stays locked past lock_timeout: the batch is tried again, not dropped."""
    with QuestionLog.open(db, salt=SALT, lock_timeout=0.1, lock_retries=(0.05,) * 100) as log:
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        log.record(entry("asked while the database is locked"))
        wait_until(lambda: log._writer.retried >= 2)  # locked longer than two attempts
        holder.execute("ROLLBACK")
        holder.close()
        assert [row.question for row in stored(log)] == ["asked while the database is locked"]
        assert log.dropped == 0


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_deleted_or_replaced_file_is_opened_anew(db: Path, how: str, caplog: pytest.LogCaptureFixture) -> None:
    with QuestionLog.open(db) as log:
        log.record(entry("before"))
        assert log.flush(timeout=30)
        hashed = log.user_hash(ALICE)
        for path in db.parent.glob(db.name + "*"):
            path.unlink()
        if how == "replaced":
            db.write_bytes(b"")  # an empty file is an empty SQLite database
        log.record(entry("after"))
        assert [row.question for row in stored(log)] == ["after"]
        assert log._writer.reopened == 1 and warned(caplog, "deleted or replaced")
    with QuestionLog.open(db) as reopened:  # a restart finds the row, and the same salt
        assert [(row.question, row.user_hash) for row in reopened.rows(*EVER)] == [("after", hashed)]
