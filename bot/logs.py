"""Logging for every front end: one handler on stderr, with secrets redacted whatever logger wrote them.

What may reach a log line: never the token or the webhook secret (redacted from messages, arguments, tracebacks
and stack traces of every record), never a user's raw id or name (handlers name users by `user_tag`, the start of
the salted hash the question log stores), and message texts only at DEBUG. python-telegram-bot and httpx log
every request's parameters and every update at DEBUG (ids, names, texts, the webhook secret), so they stay at
INFO and WARNING whatever the level; above DEBUG, their own errors (python-telegram-bot's TelegramError: a
refused token, a conflict, a network failure) and whatever it logs with a traceback are one line with the error's
message, without the library's frames.
Uncaught exceptions, in the main thread or another, go through the same handler instead of straight to stderr.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

REDACTED = "[REDACTED]"
# Loggers that write request parameters or whole updates below these levels.
QUIET_LOGGERS = {"telegram": logging.INFO, "httpx": logging.WARNING, "httpcore": logging.WARNING}


def reason(error: Exception) -> str:
    """An error's reason for a message that leaves the server: an OSError's text carries the file's full path."""
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


class RedactingFilter(logging.Filter):
    """Removes secrets from every log record, whatever logger produced it (httpx logs URLs with the token)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            record.msg, record.args = self.redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if any(secret in text for secret in self.secrets):
                record.exc_info, record.exc_text = None, self.redact(text)
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class LibraryErrorFilter(logging.Filter):
    """Turns a record carrying python-telegram-bot's own error (or logged by it) into one line: the error's class
    and message."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and (record.name.startswith("telegram") or type(error).__module__.startswith("telegram.")):
            record.msg, record.args = f"{record.getMessage()} ({type(error).__name__}: {error})", None
            record.exc_info = None
        return True


def configure_logging(level: str, secrets: list[str]) -> None:
    """Log to stderr at `level`, with secrets redacted and the libraries' per-request lines quietened."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if logging.getLevelName(level) > logging.DEBUG:
        handler.addFilter(LibraryErrorFilter())
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, quietest in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(quietest, logging.getLevelName(level)))
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread


def _log_uncaught(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    logging.getLogger("bot").critical("uncaught exception", exc_info=(kind, error, trace))


def _log_uncaught_in_thread(hook: threading.ExceptHookArgs) -> None:
    if hook.exc_value is not None:
        name = hook.thread.name if hook.thread else "?"
        logging.getLogger("bot").error(
            "uncaught exception in thread %s", name, exc_info=(hook.exc_type, hook.exc_value, hook.exc_traceback)
        )
