"""Settings from the environment, token redaction in logs, and the choice between polling and a webhook."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli.main import main
from bot.config import PUBLIC_BOT_API, Settings, SettingsError
from bot.logs import RedactingFilter

TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678"
MINI = Path(__file__).parent / "fixtures" / "mini"


def test_defaults() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "FACTS_PATH": str(MINI)})
    telegram = settings.telegram
    assert telegram is not None
    assert telegram.base_url == PUBLIC_BOT_API
    assert telegram.base_file_url == "https://api.telegram.org/file/bot"
    assert telegram.admin_ids == frozenset()
    assert (telegram.webhook_url, telegram.port, settings.log_level) == ("", 8443, "INFO")
    assert settings.engine.log_retention_days == 90 and telegram.rate_limit
    assert TOKEN not in telegram.webhook_secret and len(telegram.webhook_secret) == 32


def test_the_command_line_needs_no_telegram_settings() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "not-a-token", "FACTS_PATH": str(MINI)}, telegram=False)
    assert settings.telegram is None and settings.engine.facts_path == MINI


def test_the_facts_flag_overrides_the_environment() -> None:
    settings = Settings.from_env({"FACTS_PATH": "/nowhere"}, facts=MINI, telegram=False)
    assert settings.engine.facts_path == MINI


def test_every_problem_is_one_line_naming_its_variable() -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": "not-a-token",
                "TELEGRAM_BASE_URL": "ftp://x",
                "ADMIN_IDS": "12, bob",
                "FACTS_PATH": "/nowhere",
                "WEBHOOK_URL": "http://insecure",
                "PORT": "99999",
                "LOG_LEVEL": "LOUD",
                "LOG_RETENTION_DAYS": "-1",
                "RATE_LIMIT": "maybe",
            }
        )
    lines = str(raised.value).splitlines()
    names = [
        "FACTS_PATH",
        "LOG_RETENTION_DAYS",
        "LOG_LEVEL",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_BASE_URL",
        "ADMIN_IDS",
        "WEBHOOK_URL",
        "PORT",
        "RATE_LIMIT",
    ]
    assert len(lines) == len(names)
    for line, name in zip(lines, names, strict=True):
        assert line.startswith(name), line
    assert "not-a-token" not in str(raised.value)  # a malformed token is not echoed either


def test_a_missing_token_says_where_to_get_one() -> None:
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN is not set: get one from @BotFather"):
        Settings.from_env({"FACTS_PATH": str(MINI)})


def test_admin_ids_are_parsed() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "FACTS_PATH": str(MINI), "ADMIN_IDS": " 42, 7 ,"})
    assert settings.telegram is not None and settings.telegram.admin_ids == frozenset({42, 7})


def test_the_token_is_redacted_from_messages_arguments_and_tracebacks() -> None:
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "POST %s", (f"https://x/bot{TOKEN}/getMe",), None)
    try:
        raise RuntimeError(f"failed https://x/bot{TOKEN}/sendMessage")
    except RuntimeError as error:
        failing = logging.LogRecord("bot", logging.ERROR, __file__, 1, "boom", None, (RuntimeError, error, None))
    redactor = RedactingFilter([TOKEN])
    assert redactor.filter(record) and redactor.filter(failing)
    assert TOKEN not in record.getMessage() and "[REDACTED]" in record.getMessage()
    assert TOKEN not in (failing.exc_text or "") and "[REDACTED]" in (failing.exc_text or "")


@pytest.mark.parametrize("webhook", ["", "https://bot.example.com"])
def test_main_polls_by_default_and_serves_a_webhook_when_configured(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, webhook: str
) -> None:
    calls: dict[str, dict[str, object]] = {}
    monkeypatch.setattr("telegram.ext.Application.run_polling", lambda self, **kw: calls.update(polling=kw))
    monkeypatch.setattr("telegram.ext.Application.run_webhook", lambda self, **kw: calls.update(webhook=kw))
    for name, value in {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "FACTS_PATH": str(MINI),
        "WEBHOOK_URL": webhook,
        "PORT": "5000",
        "DATA_DIR": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)
    assert main(["run"]) == 0
    if webhook:
        options = calls["webhook"]
        assert (options["listen"], options["port"]) == ("0.0.0.0", 5000)
        assert options["webhook_url"] == "https://bot.example.com/telegram"
        assert options["secret_token"] and TOKEN not in str(options["secret_token"])
    else:
        assert "polling" in calls and "webhook" not in calls


def test_main_reports_bad_settings_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("PORT", "http")
    assert main(["run"]) == 2
    assert "PORT must be a whole number" in capsys.readouterr().err


VARIABLES = [
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_BASE_URL",
    "ADMIN_IDS",
    "FACTS_PATH",
    "DATA_DIR",
    "WEBHOOK_URL",
    "PORT",
    "LOG_LEVEL",
    "LOG_RETENTION_DAYS",
    "RATE_LIMIT",
    "QUESTION_LOG_SALT",
    "EDITOR_CHAT_ID",
]
odd_values = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30),
    st.sampled_from(["²", "٣", "https://", "https://[::1", "http://a:b", "https://a.b:99999", "1" * 5000, "x" * 5000]),
)


@settings(max_examples=300, deadline=None)
@given(values=st.dictionaries(st.sampled_from(VARIABLES), odd_values, max_size=4))
def test_any_value_is_accepted_or_named_in_one_line(values: dict[str, str]) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "FACTS_PATH": str(MINI), **values}
    try:
        Settings.from_env(env)
    except SettingsError as error:
        lines = str(error).splitlines()
        assert lines and all(line.split()[0] in VARIABLES for line in lines), lines
        assert all(len(line) < 200 for line in lines)


@pytest.mark.parametrize(
    ("name", "value"),
    [("PORT", "²"), ("PORT", "9" * 5000), ("WEBHOOK_URL", "https://"), ("TELEGRAM_BASE_URL", "http://[::1")],
)
def test_a_bad_value_stops_the_bot_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("FACTS_PATH", str(MINI))
    monkeypatch.setenv(name, value)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[1:] and err.splitlines()[1].startswith(f"{name} must be") and len(err.splitlines()) == 2
    assert "Traceback" not in err and TOKEN not in err


def test_a_value_of_characters_that_escape_long_is_shown_short() -> None:
    """Found by the property above: repr() turns one character into up to ten."""
    odd = "0" * 12 + "\x1f" * 10 + "\U000114c8\U00018cd6" + "\U00018d09" * 4
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "FACTS_PATH": str(MINI), "EDITOR_CHAT_ID": odd})
    (line,) = str(raised.value).splitlines()
    assert line.startswith("EDITOR_CHAT_ID must be") and len(line) < 200


def test_a_token_pasted_into_another_value_is_not_echoed() -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "FACTS_PATH": str(MINI), "PORT": TOKEN})
    assert TOKEN[:30] not in str(raised.value)


def test_the_editors_chat_is_optional_and_must_be_a_chat_id() -> None:
    base = {"TELEGRAM_BOT_TOKEN": TOKEN, "FACTS_PATH": str(MINI)}
    assert Settings.from_env(base).telegram.editor_chat_id is None  # type: ignore[union-attr]
    settings = Settings.from_env(base | {"EDITOR_CHAT_ID": " -1001234567890 "})
    assert settings.telegram is not None and settings.telegram.editor_chat_id == -1001234567890
    for bad in ("editors", "12.5", "١٢٣"):  # words, decimals, non-ASCII digits
        with pytest.raises(SettingsError, match=r"^EDITOR_CHAT_ID must be a Telegram chat id"):
            Settings.from_env(base | {"EDITOR_CHAT_ID": bad})
