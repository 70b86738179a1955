"""Settings from environment variables, read and validated once at start-up.

A missing or malformed value stops start-up with one line per problem naming the variable, never a traceback.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

PUBLIC_BOT_API = "https://api.telegram.org/bot"
DEFAULT_FACTS = Path(__file__).resolve().parent.parent / "facts"
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(ValueError):
    """One or more settings are invalid; the message has one line per problem."""


@dataclass(frozen=True)
class Settings:
    token: str
    base_url: str
    admin_ids: frozenset[int]
    facts_path: Path
    webhook_url: str
    port: int
    log_level: str
    data_dir: Path
    log_retention_days: int
    rate_limit: bool
    question_log_salt: str = ""

    @property
    def base_file_url(self) -> str:
        """Where files are downloaded from: the Bot API's /file/bot prefix on the same server."""
        return re.sub(r"/bot$", "/file/bot", self.base_url)

    @property
    def webhook_secret(self) -> str:
        """A secret Telegram echoes in a header on every webhook call, derived from the token (letters only)."""
        return hashlib.sha256(f"webhook:{self.token}".encode()).hexdigest()[:32]

    @classmethod
    def from_env(cls, env: Mapping[str, str], default_facts: Path = DEFAULT_FACTS) -> Settings:
        """Validate every variable and report all problems at once."""
        problems: list[str] = []

        def integer(name: str, default: int, low: int, high: int) -> int:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            if not raw.isdigit() or not low <= int(raw) <= high:
                problems.append(f"{name} must be a whole number from {low} to {high}, not {raw!r}")
                return default
            return int(raw)

        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            problems.append("TELEGRAM_BOT_TOKEN is not set: get one from @BotFather")
        elif not _TOKEN.match(token):
            problems.append("TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters, from @BotFather)")
        base_url = env.get("TELEGRAM_BASE_URL", "").strip() or PUBLIC_BOT_API
        if urlparse(base_url).scheme not in ("http", "https") or not urlparse(base_url).netloc:
            problems.append(f"TELEGRAM_BASE_URL must be an http(s) URL such as {PUBLIC_BOT_API}, not {base_url!r}")
        admin_ids: set[int] = set()
        for part in filter(None, (p.strip() for p in env.get("ADMIN_IDS", "").split(","))):
            if re.fullmatch(r"-?\d+", part):
                admin_ids.add(int(part))
            else:
                problems.append(f"ADMIN_IDS must be comma-separated Telegram user ids, and {part!r} is not one")
        facts_path = Path(env.get("FACTS_PATH", "").strip() or default_facts)
        if not facts_path.exists():
            problems.append(f"FACTS_PATH {str(facts_path)!r} does not exist")
        webhook_url = env.get("WEBHOOK_URL", "").strip()
        if webhook_url and urlparse(webhook_url).scheme != "https":
            problems.append(f"WEBHOOK_URL must be a public https URL, not {webhook_url!r}")
        port = integer("PORT", 8443, 1, 65535)
        log_level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if log_level not in _LOG_LEVELS:
            problems.append(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, not {log_level!r}")
        retention = integer("LOG_RETENTION_DAYS", 90, 1, 36500)
        rate_limit = env.get("RATE_LIMIT", "on").strip().lower()
        if rate_limit not in ("on", "off"):
            problems.append(f"RATE_LIMIT must be on or off, not {rate_limit!r}")
        if problems:
            raise SettingsError("\n".join(problems))
        return cls(
            token=token,
            base_url=base_url,
            admin_ids=frozenset(admin_ids),
            facts_path=facts_path,
            webhook_url=webhook_url,
            port=port,
            log_level=log_level,
            data_dir=Path(env.get("DATA_DIR", "").strip() or "data"),
            log_retention_days=retention,
            rate_limit=rate_limit == "on",
            question_log_salt=env.get("QUESTION_LOG_SALT", "").strip(),
        )


class RedactingFilter(logging.Filter):
    """Removes secrets from every log record, whatever logger produced it (httpx logs URLs with the token)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "[REDACTED]")
            record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if any(secret in text for secret in self.secrets):
                for secret in self.secrets:
                    text = text.replace(secret, "[REDACTED]")
                record.exc_info, record.exc_text = None, text
        return True


def configure_logging(level: str, secrets: list[str]) -> None:
    """Log to stderr at `level`, with secrets redacted and httpx's per-request URL lines quietened."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
