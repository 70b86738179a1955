"""Settings from environment variables and command-line flags, read and validated once at start-up.

One `Settings` object is built by the command line and passed down: the engine's part (facts, data folder, salt,
retention) apart from Telegram's (token, endpoint, webhook, admins, rate limit), so the console and the command
line never need a token. A missing or malformed value stops start-up with one line per problem naming the
variable, never a traceback.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bot.logs import reason

PUBLIC_BOT_API = "https://api.telegram.org/bot"
DEFAULT_FACTS = Path(__file__).resolve().parent.parent / "facts"
QUESTION_LOG_FILE = "questions.sqlite3"
_TOKEN = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{20,200}")
_TELEGRAM_ID = re.compile(r"-?[0-9]{1,16}")  # user and chat ids fit in 52 bits (a supergroup's: -100 and 13 digits)
WEBHOOK_PORTS = (443, 80, 88, 8443)  # the only ports Telegram sends webhooks to
SHOWN_CHARS = 60  # of a bad value as quoted (escapes included) in its problem line
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(ValueError):
    """One or more settings are invalid; the message has one line per problem."""


@dataclass(frozen=True)
class EngineSettings:
    """What the engine and the curation tools need, with or without Telegram."""

    facts_path: Path
    data_dir: Path
    log_retention_days: int = 90
    question_log_salt: str = ""  # empty: one is generated and kept in the question log

    @property
    def question_log_path(self) -> Path:
        return self.data_dir / QUESTION_LOG_FILE


@dataclass(frozen=True)
class TelegramSettings:
    """How to reach Telegram and who may administer the bot."""

    token: str
    base_url: str = PUBLIC_BOT_API
    admin_ids: frozenset[int] = frozenset()
    webhook_url: str = ""
    port: int = 8443
    rate_limit: bool = True
    editor_chat_id: int | None = None  # where declined questions can be sent for a person to answer

    @property
    def base_file_url(self) -> str:
        """Where files are downloaded from: the Bot API's /file/bot prefix on the same server."""
        return re.sub(r"/bot$", "/file/bot", self.base_url)

    @property
    def webhook_secret(self) -> str:
        """A secret Telegram echoes in a header on every webhook call, derived from the token (letters only)."""
        return hashlib.sha256(f"webhook:{self.token}".encode()).hexdigest()[:32]

    @property
    def secrets(self) -> tuple[str, str]:
        """What no log line, error or reply may show."""
        return self.token, self.webhook_secret


@dataclass(frozen=True)
class Settings:
    """Everything configurable. `telegram` is None when the bot runs without Telegram (console, command line)."""

    engine: EngineSettings
    telegram: TelegramSettings | None
    log_level: str = "INFO"

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str],
        *,
        facts: Path | None = None,
        telegram: bool = True,
        default_facts: Path = DEFAULT_FACTS,
    ) -> Settings:
        """Validate every variable and report all problems at once.

        `facts` (the `--facts` flag) overrides FACTS_PATH. Without `telegram`, the Telegram variables are not read.
        """
        reader = _Reader(env)
        engine = reader.engine(facts, default_facts)
        log_level = reader.choice("LOG_LEVEL", LOG_LEVELS, "INFO", upper=True)
        telegram_settings = reader.telegram() if telegram else None
        if reader.problems:
            raise SettingsError("\n".join(reader.problems))
        return cls(engine, telegram_settings, log_level)


class _Reader:
    """Reads variables, collecting one line per problem instead of stopping at the first."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def get(self, name: str) -> str:
        return self.env.get(name, "").strip()

    def shown(self, value: str) -> str:
        """A bad value as its problem line shows it: without the token (pasted in the wrong place), quoted with
        its odd characters escaped, shortened."""
        token = self.get("TELEGRAM_BOT_TOKEN")
        value = value.replace(token, "[REDACTED]") if token else value
        quoted = repr(value)  # escaping can make a character ten ("\\U000114c8"): shorten what is shown
        return quoted if len(quoted) <= SHOWN_CHARS else quoted[: SHOWN_CHARS - 1] + "\u2026"

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.get(name)
        if not raw:
            return default
        if not re.fullmatch(r"[0-9]{1,9}", raw) or not low <= int(raw) <= high:
            self.problems.append(f"{name} must be a whole number from {low} to {high}, not {self.shown(raw)}")
            return default
        return int(raw)

    def choice(self, name: str, allowed: tuple[str, ...], default: str, upper: bool = False) -> str:
        raw = self.get(name) or default
        value = raw.upper() if upper else raw.lower()
        if value not in allowed:
            self.problems.append(f"{name} must be one of {', '.join(allowed)}, not {self.shown(raw)}")
            return default
        return value

    def checked(self, name: str, default: str, valid: Callable[[str], bool], expected: str) -> str:
        value = self.get(name) or default
        if not valid(value):
            self.problems.append(f"{name} must be {expected}, not {self.shown(value)}")
            return default
        return value

    def engine(self, facts: Path | None, default_facts: Path) -> EngineSettings:
        facts_path = facts or Path(self.get("FACTS_PATH") or default_facts)
        try:
            found = facts_path.exists()
        except (OSError, ValueError) as error:  # a name too long, a folder that may not be read
            self.problems.append(f"FACTS_PATH {self.shown(str(facts_path))} cannot be read: {reason(error)}")
        else:
            if not found:
                self.problems.append(f"FACTS_PATH {self.shown(str(facts_path))} does not exist")
        return EngineSettings(
            facts_path=facts_path,
            data_dir=Path(self.get("DATA_DIR") or "data"),
            log_retention_days=self.integer("LOG_RETENTION_DAYS", 90, 1, 36500),
            question_log_salt=self.get("QUESTION_LOG_SALT"),
        )

    def telegram(self) -> TelegramSettings:
        token = self.get("TELEGRAM_BOT_TOKEN")
        if not token:
            self.problems.append("TELEGRAM_BOT_TOKEN is not set: get one from @BotFather")
        elif not _TOKEN.fullmatch(token):
            self.problems.append("TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters, from @BotFather)")
        base_url = self.checked(
            "TELEGRAM_BASE_URL", PUBLIC_BOT_API, _is_http_url, f"an http(s) URL such as {PUBLIC_BOT_API}"
        )
        admin_ids: set[int] = set()
        for part in filter(None, (p.strip() for p in self.get("ADMIN_IDS").split(","))):
            if _TELEGRAM_ID.fullmatch(part):
                admin_ids.add(int(part))
            else:
                self.problems.append(
                    f"ADMIN_IDS must be comma-separated Telegram user ids, and {self.shown(part)} is not one"
                )
        webhook_url = self.checked(
            "WEBHOOK_URL",
            "",
            lambda url: not url or _is_http_url(url, "https", ports=WEBHOOK_PORTS),
            f"a public https URL on port {'/'.join(map(str, WEBHOOK_PORTS))}, without a query",
        )
        return TelegramSettings(
            token=token,
            base_url=base_url,
            admin_ids=frozenset(admin_ids),
            webhook_url=webhook_url,
            port=self.integer("PORT", 8443, 1, 65535),
            rate_limit=self.choice("RATE_LIMIT", ("on", "off"), "on") == "on",
            editor_chat_id=self.chat_id("EDITOR_CHAT_ID"),
        )

    def chat_id(self, name: str) -> int | None:
        raw = self.get(name)
        if not raw:
            return None
        if not _TELEGRAM_ID.fullmatch(raw):
            self.problems.append(
                f"{name} must be a Telegram chat id (a whole number, negative for a group), not {self.shown(raw)}"
            )
            return None
        return int(raw)


def _is_http_url(value: str, *schemes: str, ports: tuple[int, ...] = ()) -> bool:
    """An http(s) URL with a host, a valid port (one of `ports` if given), and no query or fragment."""
    try:
        parsed = urlparse(value)
        port = parsed.port  # raises ValueError for a port that is not a number from 0 to 65535
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return (
        parsed.scheme in (schemes or ("http", "https"))
        and bool(parsed.hostname)
        and not (parsed.query or parsed.fragment or value.endswith(("?", "#")))
        and (not ports or (port or 443) in ports)
    )
