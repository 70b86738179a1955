"""Starting the bot: `python -m bot run` failing to start says so in one line, without the token; and webhook mode
served by the production Application, refusing updates without the secret."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from bot.engine.facade import Engine
from bot.engine.knowledge import KnowledgeStore
from bot.telegram.app import build_application, webhook_options
from tests.fakebotapi import FakeBotApi
from tests.test_telegram_e2e import CHAT, FACTS, RD_QUESTION, TOKEN, production_logging, sent

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
OTHER_TOKEN = "987654321:" + "Z" * 35  # well formed, but not the fake's: Telegram answers 401
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
__all__ = ["production_logging"]  # a fixture, used by name


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi(token=TOKEN)
    await server.start()
    yield server
    await server.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def run_bot(env: dict[str, str], tmp_path: Path) -> tuple[int, str, str]:
    """`python -m bot run` in a child process (the fake keeps serving in this loop): exit status, stdout, stderr."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env={**os.environ, "FACTS_PATH": str(MINI), "DATA_DIR": str(tmp_path), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(child.communicate(), 60)
    assert child.returncode is not None
    return child.returncode, out.decode(), err.decode()


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
@pytest.mark.parametrize(
    ("token", "path", "said"),
    [
        (OTHER_TOKEN, "/bot", "Telegram refused the token (401 Unauthorized): check TELEGRAM_BOT_TOKEN"),
        (
            TOKEN,
            "/nowhere/bot",
            "Telegram refused the token (404 Not Found): check TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL",
        ),
    ],
)
async def test_a_refused_token_ends_start_up_with_one_line(
    fake: FakeBotApi, tmp_path: Path, token: str, path: str, said: str, level: str
) -> None:
    origin = fake.base_url.removesuffix("/bot")
    env = {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_BASE_URL": origin + path, "LOG_LEVEL": level}
    status, out, err = await run_bot(env, tmp_path)
    assert status == 1
    assert err.splitlines()[-1] == f"Cannot start: {said}"
    assert token not in out + err and token.split(":")[1] not in out + err
    if level == "INFO":
        assert "Traceback" not in err


async def test_an_unreachable_telegram_ends_start_up_with_one_line(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{free_port()}/bot"  # nothing listens there
    status, out, err = await run_bot({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": base}, tmp_path)
    assert status == 1 and "Traceback" not in err and TOKEN not in out + err
    assert err.splitlines()[-1].startswith("Cannot start: Telegram cannot be reached at 127.0.0.1 (")
    assert err.splitlines()[-1].endswith("): check TELEGRAM_BASE_URL and the network")


async def test_a_webhook_port_in_use_ends_start_up_with_one_line(fake: FakeBotApi, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": fake.base_url,
            "WEBHOOK_URL": "https://bot.example.com",
            "PORT": str(port),
            "LOG_LEVEL": "DEBUG",
        }
        status, out, err = await run_bot(env, tmp_path)
    secret = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "FACTS_PATH": str(MINI)}).telegram
    assert secret is not None
    assert status == 1 and err.splitlines()[-1].startswith(f"Cannot start: cannot listen on port {port}: ")
    assert TOKEN not in out + err and secret.webhook_secret not in out + err
    assert fake.webhook["secret_token"] == secret.webhook_secret  # it was set before the port was tried


async def test_webhook_mode_answers_only_updates_with_the_secret(
    fake: FakeBotApi,
    tmp_path: Path,
    production_logging: Callable[[str], None],
    capfd: pytest.CaptureFixture[str],
) -> None:
    production_logging("DEBUG")
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": fake.base_url,
        "FACTS_PATH": str(facts),
        "DATA_DIR": str(tmp_path),
        "WEBHOOK_URL": "https://bot.example.com/",
    }
    settings = Settings.from_env(env)
    telegram = settings.telegram
    assert telegram is not None
    application = build_application(settings, Engine(KnowledgeStore(facts)))
    port = free_port()
    await application.initialize()
    await application.updater.start_webhook(listen="127.0.0.1", port=port, **webhook_options(telegram))
    await application.start()
    try:
        assert fake.webhook["url"] == "https://bot.example.com/telegram"
        assert fake.webhook["secret_token"] == telegram.webhook_secret
        url = f"http://127.0.0.1:{port}/telegram"
        async with httpx.AsyncClient() as client:
            missing = await client.post(url, json=fake.send_message(CHAT, "no secret: Baotou?"))
            wrong = await client.post(
                url, json=fake.send_message(CHAT, "wrong secret: Ordos?"), headers={SECRET_HEADER: "guess"}
            )
            right = await client.post(
                url, json=fake.send_message(CHAT, RD_QUESTION), headers={SECRET_HEADER: telegram.webhook_secret}
            )
        assert (missing.status_code, wrong.status_code, right.status_code) == (403, 403, 200)
        reply = await fake.wait_for(sent(CHAT))
        assert "464" in reply.result["text"]
        assert fake.sent_to(CHAT) == [reply]  # the refused updates, earlier in the chat, were never handled
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
    logged = "".join(capfd.readouterr())
    assert telegram.webhook_secret not in logged and TOKEN not in logged
