"""What one question-log entry holds, and how its asker is hashed: shared by the log, the reports and the front
ends, none of which needs the log's writer to build an entry or name a user.

User ids are never stored: `user_hash` is HMAC-SHA256(salt, str(user_id)) in hex. Pass a secret
salt (e.g. from an environment variable) for real protection: a salt stored in the database only
stops casual reading, since Telegram ids are few enough to brute-force. Changing the salt later
makes `forget_user` miss the rows hashed with the old one.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from bot.engine.decision import Decision


def user_hash(salt: bytes, user_id: int | str) -> str:
    """How the log stores who asked: HMAC-SHA256 of the id with the salt, in hex."""
    return hmac.new(salt, str(user_id).encode(), hashlib.sha256).hexdigest()


class QuestionLogError(Exception):
    """The log cannot answer a query or perform a deletion; the message says why."""


@dataclass(frozen=True)
class LoggedQuestion:
    """One question as the bot handled it; `asked_at` defaults to the time of `record()`."""

    question: str
    decision: Decision
    user_id: int | str
    chat_type: str = "private"  # private, group, supergroup, channel, inline or cli
    fact_id: str | None = None
    score: float = 0.0
    language: str | None = None
    asked_at: datetime | None = None  # naive means local time, as datetime.timestamp() reads it
