"""The review's findings replayed end to end: the production Application against the fake Bot API, fed what an
attacker, a careless admin or a faulty network sends. Fixtures and helpers come from test_telegram_e2e.py."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine.knowledge import Changes, Reloaded
from bot.telegram import send as send_module
from bot.telegram.errors import NOTICE_INTERVAL, Notices
from bot.telegram.flood import QUESTIONS_PER_MINUTE, FloodGate
from tests import test_telegram_e2e as e2e
from tests.fakebotapi import TEXT_LIMIT, Call, FakeBotApi
from tests.test_hostile_files import alias_bomb

launch = e2e.launch
bot = e2e.bot
production_logging = e2e.production_logging
Running, Launch = e2e.Running, e2e.Launch
ADMIN, CHAT, STRANGER, TOKEN = e2e.ADMIN, e2e.CHAT, e2e.STRANGER, e2e.TOKEN
ask, sent, called, next_call, admin_notices = e2e.ask, e2e.sent, e2e.called, e2e.next_call, e2e.admin_notices


def fits(call: Call) -> bool:
    return call.status == 200 and len(call.result["text"]) <= TEXT_LIMIT


async def about_after(fake: FakeBotApi, chat: int) -> Call:
    """Sends /about into the chat and waits for its answer: everything the chat sent before has been handled."""
    fake.send_message(chat, "/about")
    return await fake.wait_for(lambda call: sent(chat)(call) and call.result["text"].startswith("This bot answers"))


async def press(fake: FakeBotApi, message: Call, data: str, user: int = CHAT) -> Call:
    """A press of a button that may never have been built (forged data); the bot's answer to it."""
    message_id = message.result["message_id"]
    return await next_call(fake, called("answerCallbackQuery"), lambda: fake.press_button(CHAT, user, message_id, data))


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(send_module, "RETRY_DELAYS", (0.01, 0.01, 0.01))


# --- 4: forged buttons, and the admins' notices -----------------------------------------------------------------


async def test_forged_buttons_are_answered_quietly(bot: Running, caplog: pytest.LogCaptureFixture) -> None:
    fake = bot.fake
    facts = await ask(fake, CHAT, "/facts")
    for data in ["p:dairy:\u00b2", "p:dairy:\u0663", "p:dairy:99999", "p::0", "f:", "l:xx", "v:x:sideways", "zz"]:
        answered = await press(fake, facts, data)
        assert answered.status == 200 and "text" not in answered.params, data
    beyond = await press(fake, facts, "p:dairy:9999")  # well formed, past the last page: the last page is shown
    assert beyond.status == 200
    assert "464" in (await ask(fake, CHAT, e2e.RD_QUESTION)).result["text"]  # every press was handled before
    assert admin_notices(fake) == []
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_one_notice_per_distinct_error_whatever_the_presses(bot: Running) -> None:
    fake = bot.fake
    facts = await ask(fake, CHAT, "/facts")
    fake.fail_next("answerCallbackQuery", 400, "Bad Request: query is too old", times=30)
    for _ in range(30):
        await press(fake, facts, "zz")
    await ask(fake, CHAT, "/about")  # the presses, and their errors, were handled before this answer
    notices = admin_notices(fake)
    assert len(notices) == 1 and "Query is too old" in notices[0].result["text"]


async def test_a_notice_shows_neither_user_text_nor_server_paths(
    bot: Running, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def failing(question: str, language: str | None = None, chat: object = None) -> None:
        raise ValueError(f"cannot read {question!r} from {Path(__file__).resolve()}")

    monkeypatch.setattr(bot.application.bot_data.engine, "ask", failing)
    bot.fake.send_message(CHAT, "my secret plan", first_name="Zebulon")
    notice = await bot.fake.wait_for(sent(ADMIN))
    text = notice.result["text"]
    assert text.startswith("An error occurred while handling an update: ValueError at bot.telegram.questions:")
    assert "secret plan" not in text and "/" not in text
    logged = "\n".join(record.getMessage() for record in caplog.records if record.levelno >= logging.INFO)
    assert "ValueError at bot.telegram.questions" in logged
    for private in ("secret plan", "Zebulon", str(Path(__file__).parent)):
        assert private not in logged
    assert not re.search(rf"\b{CHAT}\b", logged)  # the id as a number (a hex tag may contain its digits)


# --- 5: replies over 4,096 characters -------------------------------------------------------------------------


async def test_a_message_naming_hundreds_of_unknown_names_gets_a_reply_that_fits(bot: Running) -> None:
    names = " ".join(f"Qx{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}ville" for n in range(600))
    reply = await ask(bot.fake, CHAT, f"What about {names}?")
    assert fits(reply) and "read only its first 300 characters" in reply.result["text"]


async def test_facts_with_four_thousand_characters_gets_a_reply_that_fits(bot: Running) -> None:
    reply = await ask(bot.fake, CHAT, "/facts " + "volcanoes " * 400)
    assert fits(reply) and 'I have no topic called "volcanoes volcanoes' in reply.result["text"]


async def test_a_reload_summary_of_a_thousand_changes_is_sent_in_parts(
    bot: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = bot.store.current
    added = tuple(f"new-fact-number-{n}" for n in range(1000))
    monkeypatch.setattr(bot.store, "reload", lambda: Reloaded(current, Changes(added, (), ())))
    bot.fake.send_message(ADMIN, "/reload")
    await about_after(bot.fake, ADMIN)
    parts = [call for call in bot.fake.sent_to(ADMIN) if call.method == "sendMessage"][:-1]
    assert len(parts) > 1 and all(fits(call) for call in parts)
    shown = " ".join(call.result["text"] for call in parts)
    assert all(fact_id in shown for fact_id in added)


# --- 3 and 7: uploads ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x" * 300 + ".yaml", "notes.pdf", ".yaml"])
async def test_an_upload_with_an_unusable_name_is_refused_clearly(bot: Running, name: str) -> None:
    before = sorted(path.name for path in bot.facts.iterdir())
    fake = bot.fake
    reply = await next_call(
        fake, sent(ADMIN), lambda: fake.send_document(ADMIN, ADMIN, name, e2e.VALID_FACT_FILE.encode())
    )
    assert "a fact file needs a name ending in .yaml" in reply.result["text"]
    assert sorted(path.name for path in bot.facts.iterdir()) == before
    assert not any(call.method == "getFile" for call in fake.calls)


async def test_an_upload_name_with_a_nul_is_stored_under_a_safe_name(bot: Running) -> None:
    fake = bot.fake
    name = "../Photo\x00 credit.YML"
    reply = await next_call(
        fake, sent(ADMIN), lambda: fake.send_document(ADMIN, ADMIN, name, e2e.VALID_FACT_FILE.encode())
    )
    assert reply.result["text"].startswith("Installed photo-credit.yaml.")
    assert (bot.facts / "photo-credit.yaml").read_text(encoding="utf-8") == e2e.VALID_FACT_FILE


async def test_an_upload_is_capped_while_it_downloads_whatever_its_declared_size(bot: Running) -> None:
    fake = bot.fake
    huge = b"facts: []\n" + b"#" * (3 << 20)

    def upload() -> None:
        fake.send_document(ADMIN, ADMIN, "huge.yaml", huge, declare_size=False)

    reply = await next_call(fake, sent(ADMIN), upload)
    assert "at most 1024 kB" in reply.result["text"]
    assert not (bot.facts / "huge.yaml").exists()


async def test_an_alias_bomb_upload_is_refused_without_a_server_path(bot: Running) -> None:
    fake = bot.fake
    reply = await next_call(
        fake, sent(ADMIN), lambda: fake.send_document(ADMIN, ADMIN, "bomb.yaml", alias_bomb().encode())
    )
    text = reply.result["text"]
    assert "bomb.yaml was NOT installed" in text and "bomb.yaml:2: aliases (*name) are not allowed" in text
    assert str(bot.facts) not in text and not (bot.facts / "bomb.yaml").exists()


# --- 6: flood control ------------------------------------------------------------------------------------------


async def test_a_chat_asking_too_fast_is_asked_once_to_slow_down(bot: Running) -> None:
    fake = bot.fake
    now = [0.0]
    bot.application.bot_data.flood = FloodGate(clock=lambda: now[0])
    for number in range(QUESTIONS_PER_MINUTE + 10):
        fake.send_message(CHAT, f"How many R&D institutions does Hohhot have? ({number})")
    other = await ask(fake, STRANGER, e2e.RD_QUESTION)  # another chat is not held up
    assert "464" in other.result["text"]
    await about_after(fake, CHAT)  # commands are not counted
    texts = [call.result["text"] for call in fake.sent_to(CHAT)][:-1]
    assert len(texts) == QUESTIONS_PER_MINUTE + 1 and all("464" in text for text in texts[:-1])
    assert "faster than I can answer" in texts[-1]
    now[0] += 60  # a minute later the chat is answered again
    assert "464" in (await ask(fake, CHAT, e2e.RD_QUESTION)).result["text"]


# --- 7: faults on the way to Telegram ----------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["502", "reset"])
async def test_an_answer_survives_a_5xx_or_a_reset_connection(bot: Running, fault: str) -> None:
    fake = bot.fake
    if fault == "502":
        fake.fail_next("sendMessage", 502, "Bad Gateway")
    else:
        fake.reset_next("sendMessage")
    reply = await ask(fake, CHAT, e2e.RD_QUESTION)
    assert "464" in reply.result["text"]
    assert admin_notices(fake) == []


async def test_a_reply_slower_than_the_timeout_keeps_the_chat_in_order(
    bot: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = bot.fake
    monkeypatch.setattr(send_module, "SEND_TIMEOUT", 2.0)  # ample for the fake in this loop, even on a busy machine
    fake.delay_next("sendMessage", 60)  # Telegram does not answer the first reply in time, nor handle it
    fake.send_message(CHAT, e2e.RD_QUESTION)
    second = await about_after(fake, CHAT)
    texts = [call.result["text"] for call in fake.sent_to(CHAT)]
    assert "464" in texts[0] and texts[1] == second.result["text"] and len(texts) == 2
    await fake.wait_until(lambda: fake.abandoned == ["sendMessage"])  # the first try was never handled


# --- 1, 2 and 7: what the logs show ------------------------------------------------------------------------------


async def test_logs_name_users_by_tag_and_never_show_texts_ids_or_secrets(
    launch: Launch, production_logging: Callable[[str], None], capfd: pytest.CaptureFixture[str]
) -> None:
    production_logging("INFO")
    bot = await launch()
    fake = bot.fake
    user = 777_000_123
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    fake.send_message(user, "Quixotic ptarmigan question", first_name="Zebulon")
    await fake.wait_for(sent(ADMIN))
    await ask(fake, user, "/reload", first_name="Zebulon")  # refused: not an admin
    logged = "".join(capfd.readouterr())
    tag = bot.application.bot_data.user_tag(user)
    assert f"from user {tag}" in logged and "Chat not found" in logged
    for private in ("Zebulon", "Quixotic", e2e.SECRET):
        assert private not in logged
    assert not re.search(rf"\b{user}\b", logged)


def test_notices_are_one_per_error_per_interval_and_a_few_in_all() -> None:
    now = [0.0]
    notices = Notices(clock=lambda: now[0])
    assert notices.due("A") and not notices.due("A")
    assert [notices.due(error) for error in "BCDEF"] == [True, True, True, True, False]  # at most NOTICE_BURST
    now[0] += NOTICE_INTERVAL
    assert notices.due("A") and notices.due("F")


def test_the_flood_gate_forgets_quiet_chats() -> None:
    now = [0.0]
    gate = FloodGate(limit=2, clock=lambda: now[0])
    assert [gate.check(1) for _ in range(4)] == ["answer", "answer", "warn", "ignore"]
    for chat in range(2, 1000):
        gate.check(chat)
    now[0] += 61
    assert gate.check(1) == "answer"
    assert len(gate._asked) == 1 and not gate._warned  # the 999 chats quiet for a minute are forgotten


async def test_command_arguments_are_ascii_digits_or_ignored(bot: Running) -> None:
    fake = bot.fake
    for command in ("/stats \u00b2", "/stats 99999999999999999999", "/unanswered \u0663", "/unanswered -5"):
        reply = await ask(fake, ADMIN, command)
        assert reply.status == 200, command
    assert admin_notices(fake) == []


async def test_an_unreadable_question_log_is_reported_without_its_path(launch: Launch, tmp_path: Path) -> None:
    (tmp_path / "questions0.sqlite3").write_bytes(b"not a database, " * 100)
    bot = await launch()
    reply = await ask(bot.fake, ADMIN, "/stats")
    text = reply.result["text"]
    assert "The question log cannot be read" in text and "questions0.sqlite3" in text
    assert str(tmp_path) not in text


async def test_an_article_for_drafting_is_capped_while_it_downloads(bot: Running) -> None:
    fake = bot.fake
    article = ("Hohhot has many parks. " * 10_000).encode()  # 230 kB, with no declared size

    def upload() -> None:
        fake.send_document(ADMIN, ADMIN, "Big Article.txt", article, declare_size=False)

    reply = await next_call(fake, sent(ADMIN), upload)
    assert "Send an article of at most 100 kB" in reply.result["text"]
    assert not any(path.name.startswith("big") for path in (bot.facts / "articles").iterdir())
