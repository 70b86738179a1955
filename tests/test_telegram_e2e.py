"""End-to-end tests of the Telegram bot: the production Application from build_application(), its real polling loop
and HTTP client, against the fake Bot API server. Assertions are on the Bot API calls the bot made.

Every test gets its own copy of facts/ in tmp_path (reload and upload tests change files) and its own fake server.
Nothing waits by sleeping: fake.wait_for / wait_for_count wake on each call; silence is shown by a later message
in the same chat that is answered while nothing was sent for the silent one before it (updates of one chat are
handled in order).
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.config import Settings
from bot.curation.questionlog import QuestionLog
from bot.engine.answers import answer
from bot.engine.facade import Engine
from bot.engine.knowledge import KnowledgeStore
from bot.logs import configure_logging
from bot.telegram.app import build_application
from tests.fakebotapi import Call, FakeBotApi, UploadedFile, parse_html
from tests.lifecycle import start_polling, stop_polling

FACTS = Path(__file__).resolve().parent.parent / "facts"
TOKEN = "123456789:AAHfake-token-for-end-to-end-tests_x"  # digits:20+ letters, as Settings requires
SECRET = TOKEN.split(":", 1)[1]
ADMIN = 42
STRANGER = 7
CHAT = 1001  # a private chat (and its user) that is not the admin's, so that error notices stay apart
GROUP = -100500
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

RD_QUESTION = "How many R&D institutions does Hohhot have?"
RD_FACT = "hohhot-rd-institutions"

# A valid new fact (industry is then the one topic with six facts, i.e. two pages): its quote is in the article and
# its example questions are its own. COLOUR is where the invalid variants add an unknown key.
NEW_FACT_ID = "hohhot-article-section"
NEW_FACT_QUESTION = "Under which section is the Hohhot sci-tech article filed?"
NEW_FACT_TEXT = "The Hohhot sci-tech article is filed under Industry news on its website."
NEW_FACT_YAML = f"""\
facts:
  - id: {NEW_FACT_ID}
    text: {NEW_FACT_TEXT}
    text_zh: 呼和浩特科技报道在网站上归入“行业新闻”栏目。
    source: hohhot-sci-tech
    quote: Home>Industry news
    topics: [industry]
    entities: [hohhot]
    questions:
      - {NEW_FACT_QUESTION}
      - hohhot article website section
      - which part of the site carries the hohhot sci-tech story
      - what category is the hohhot report listed in
    questions_zh:
      - 呼和浩特那篇科技报道在哪个栏目？
      - 报道 栏目 行业新闻
      - 这篇文章归在网站哪一栏
COLOUR"""
VALID_FACT_FILE = NEW_FACT_YAML.replace("COLOUR", "")
UNKNOWN_KEY_FILE = NEW_FACT_YAML.replace("COLOUR", "    colour: blue\n")  # line 18
BROKEN_YAML_FILE = 'facts:\n  - id: broken\n    text: "never closed\n    topics: [dairy\n'


# --- running the production application against the fake ------------------------------------------------------------


@dataclass
class Running:
    """A started bot: its fake Bot API, the application, the knowledge store and the files it serves."""

    fake: FakeBotApi
    application: Application
    store: KnowledgeStore
    facts: Path
    log: QuestionLog | None


Launch = Callable[..., Awaitable[Running]]


@pytest.fixture
async def launch(tmp_path: Path) -> AsyncIterator[Launch]:
    """Starts bots as `run_polling` does (initialize, post_init, polling, start) and stops them as it does
    (updater, application, post_stop, shutdown, post_shutdown); each fake server is stopped last."""
    running: list[Running] = []

    async def start(
        question_log: bool = True,
        rate_limit: bool = False,
        extra_facts: dict[str, str] | None = None,
        prepare: Callable[[FakeBotApi], None] | None = None,
        env: dict[str, str] | None = None,
    ) -> Running:
        fake = FakeBotApi(token=TOKEN)
        await fake.start()
        facts = tmp_path / f"facts{len(running)}"
        shutil.copytree(FACTS, facts)
        for name, content in (extra_facts or {}).items():
            (facts / name).write_text(content, encoding="utf-8")
        settings = Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": fake.token,
                "TELEGRAM_BASE_URL": fake.base_url,
                "ADMIN_IDS": str(ADMIN),
                "FACTS_PATH": str(facts),
                "DATA_DIR": str(tmp_path),
                "RATE_LIMIT": "on" if rate_limit else "off",
            }
            | (env or {})
        )
        store = KnowledgeStore(settings.engine.facts_path)
        log = QuestionLog.open(tmp_path / f"questions{len(running)}.sqlite3") if question_log else None
        application = build_application(settings, Engine(store), log)
        bot = Running(fake, application, store, facts, log)
        running.append(bot)
        if prepare is not None:
            prepare(fake)
        await start_polling(application, timeout=1)
        return bot

    yield start
    for bot in reversed(running):
        application = bot.application
        await stop_polling(application)
        if bot.log is not None:
            bot.log.close()
        await bot.fake.stop()


@pytest.fixture
async def bot(launch: Launch) -> Running:
    """The bot as `python -m bot run` starts it: with a question log, rate limiter off for speed."""
    return await launch()


@pytest.fixture
def production_logging() -> Iterator[Callable[[str], None]]:
    """configure_logging as main() calls it; the root logger and httpx levels are restored afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogger("httpx").level, logging.getLogger("httpcore").level)

    def configure(level: str) -> None:
        configure_logging(level, [TOKEN])

    yield configure
    root.handlers[:], _, _, _ = saved
    root.setLevel(saved[1])
    logging.getLogger("httpx").setLevel(saved[2])
    logging.getLogger("httpcore").setLevel(saved[3])


# --- reading what the bot did ---------------------------------------------------------------------------------------


def sent(chat_id: int, method: str = "sendMessage") -> Callable[[Call], bool]:
    """Predicate: a successful call of method into chat_id."""
    return lambda call: call.method == method and call.status == 200 and call.params.get("chat_id") == chat_id


def called(method: str) -> Callable[[Call], bool]:
    return lambda call: call.method == method


async def next_call(fake: FakeBotApi, predicate: Callable[[Call], bool], feed: Callable[[], object]) -> Call:
    """Feeds one update and returns the first call matching predicate made after it."""
    before = sum(map(predicate, fake.calls))
    feed()
    return (await fake.wait_for_count(predicate, before + 1))[-1]


async def ask(fake: FakeBotApi, chat_id: int, text: str, **kwargs: Any) -> Call:
    """A user writes text; the bot's next sendMessage into that chat."""
    return await next_call(fake, sent(chat_id), lambda: fake.send_message(chat_id, text, **kwargs))


async def press(
    fake: FakeBotApi, chat_id: int, user_id: int, message: Call, data: str, method: str = "answerCallbackQuery"
) -> Call:
    """A user presses a button under a message the bot sent; the bot's next call of method (any chat)."""
    assert data in callback_data(message), f"{data!r} is not a button of that message"
    return await next_call(
        fake, called(method), lambda: fake.press_button(chat_id, user_id, message.result["message_id"], data)
    )


def buttons(call: Call) -> list[tuple[str, str]]:
    """(label, callback_data) of every inline button, row by row."""
    markup = call.params.get("reply_markup") or {}
    return [
        (button["text"], button.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for button in row
    ]


def callback_data(call: Call) -> list[str]:
    return [data for _, data in buttons(call)]


def admin_notices(fake: FakeBotApi) -> list[Call]:
    return [call for call in fake.sent_to(ADMIN) if "error occurred" in str((call.result or {}).get("text", ""))]


# --- 1-3: questions, declines, buttons ------------------------------------------------------------------------------


async def test_a_question_is_answered_with_its_source_and_buttons(bot: Running) -> None:
    reply = await ask(bot.fake, CHAT, RD_QUESTION)
    assert reply.params["parse_mode"] == "HTML"
    assert "464" in reply.result["text"] and "Source" in reply.result["text"]
    assert "<i>Source:" in reply.params["text"]  # the source line is formatted, not plain text
    related = answer(bot.store.current, RD_QUESTION).related
    assert related, "the 464 fact should have follow-ups"
    data = callback_data(reply)
    assert data[:-2] == [f"f:{fact.id}" for fact in related]
    assert re.fullmatch(r"v:[0-9a-f]+:up", data[-2]) and data[-1] == data[-2].replace(":up", ":down")
    assert bot.fake.sent_to(CHAT) == [reply]


async def test_without_a_question_log_there_are_no_feedback_buttons(launch: Launch) -> None:
    bot = await launch(question_log=False)
    reply = await ask(bot.fake, CHAT, RD_QUESTION)
    assert "464" in reply.result["text"]
    assert callback_data(reply) and all(data.startswith("f:") for data in callback_data(reply))


async def test_a_close_question_is_declined_with_suggestions_as_buttons(bot: Running) -> None:
    candidates = [
        "How many universities does Baotou have?",
        "Who is the mayor of Hohhot?",
        "tell me about milk",
        "What does Hohhot produce?",
        "hohhot innovation",
        "baotou innovation",
    ]
    engine = {question: bot.application.bot_data.engine.ask(question) for question in candidates}
    question = next((q for q, reply in engine.items() if not reply.answered and reply.suggestions), None)
    assert question is not None, f"none of {candidates} is declined with suggestions any more: pick another"
    reply = await ask(bot.fake, CHAT, question)
    text = reply.result["text"]
    assert "Source" not in text
    assert "Did you mean" in text or "Closest facts" in text
    suggestions = [f"f:{fact.id}" for fact in engine[question].suggestions]
    assert [data for data in callback_data(reply) if data.startswith("f:")] == suggestions


async def test_a_question_about_another_city_is_declined_by_name(bot: Running) -> None:
    reply = await ask(bot.fake, CHAT, "How many R&D institutions does Ordos have?")
    text = reply.result["text"]
    assert "Ordos" in text and "don't know" in text
    assert "464" not in text and "Source" not in text
    assert f"f:{RD_FACT}" not in callback_data(reply)


async def test_a_follow_up_button_sends_its_fact(bot: Running) -> None:
    fake = bot.fake
    reply = await ask(fake, CHAT, RD_QUESTION)
    follow_up = next(data for data in callback_data(reply) if data.startswith("f:"))
    fact = bot.store.current.base.fact_by_id[follow_up[2:]]
    acknowledged = await press(fake, CHAT, CHAT, reply, follow_up)
    assert acknowledged.status == 200 and acknowledged.params["callback_query_id"]
    shown = (await fake.wait_for_count(sent(CHAT), 2))[1]
    assert shown.params["parse_mode"] == "HTML"
    assert shown.result["text"].startswith(fact.text) and "Source" in shown.result["text"]


# --- 4-5: browsing -----------------------------------------------------------------------------------------------


async def test_facts_of_a_topic_are_listed(bot: Running) -> None:
    reply = await ask(bot.fake, CHAT, "/facts dairy")
    text = reply.result["text"]
    dairy = bot.store.current.base.facts_of_topic("dairy")
    assert text.startswith(f"Dairy industry: {len(dairy)} facts")
    for fact in dairy:
        assert fact.text in text
    assert reply.params["parse_mode"] == "HTML"


async def test_an_unknown_topic_is_named_and_the_topics_offered(bot: Running) -> None:
    reply = await ask(bot.fake, CHAT, "/facts volcanoes")
    text = reply.result["text"]
    assert 'I have no topic called "volcanoes"' in text
    assert "Dairy industry (" in text
    assert "p:industry:0" in callback_data(reply)


async def test_facts_alone_shows_the_topics_as_buttons_with_counts(bot: Running) -> None:
    reply = await ask(bot.fake, CHAT, "/facts")
    base = bot.store.current.base
    assert callback_data(reply) == [f"p:{topic}:0" for topic in base.topics]
    labels = dict((data, label) for label, data in buttons(reply))
    assert labels["p:dairy:0"] == f"Dairy industry ({len(base.facts_of_topic('dairy'))})"
    assert f"Topics ({len(base.facts)} facts in all)" in reply.result["text"]


async def test_a_long_topic_is_paged_by_editing_the_message(launch: Launch, caplog: pytest.LogCaptureFixture) -> None:
    bot = await launch(extra_facts={"photo.yaml": VALID_FACT_FILE})
    fake = bot.fake
    counts = {topic: len(bot.store.current.base.facts_of_topic(topic)) for topic in bot.store.current.base.topics}
    assert counts["industry"] > 5, counts
    first = await ask(fake, CHAT, "/facts industry")
    assert len(first.result["text"]) < 4096
    assert "Page 1 of 2" in first.result["text"]
    assert buttons(first) == [("Next \u25b6", "p:industry:1")]

    edit = await press(fake, CHAT, CHAT, first, "p:industry:1", method="editMessageText")
    assert edit.status == 200
    assert edit.params["chat_id"] == CHAT and edit.params["message_id"] == first.result["message_id"]
    assert edit.params["parse_mode"] == "HTML" and "Page 2 of 2" in edit.result["text"]
    assert NEW_FACT_TEXT in edit.result["text"] and len(edit.result["text"]) < 4096
    assert buttons(edit) == [("\u25c0 Previous", "p:industry:0")]
    assert sum(map(called("answerCallbackQuery"), fake.calls)) == 1

    # The same page again: Telegram answers "message is not modified", which the bot ignores.
    again = await press(fake, CHAT, CHAT, first, "p:industry:1", method="editMessageText")
    assert again.status == 400  # the fake answers as Telegram does
    await fake.wait_for_count(called("answerCallbackQuery"), 2)
    reply = await ask(fake, CHAT, RD_QUESTION)  # handled after the second press: it finished without error
    assert "464" in reply.result["text"]
    assert admin_notices(fake) == []
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


# --- 6-7: groups and inline mode ------------------------------------------------------------------------------------


async def test_in_a_group_the_bot_answers_only_when_addressed(bot: Running) -> None:
    fake = bot.fake
    fake.send_message(GROUP, "What is the capital of Inner Mongolia?", chat_type="group")  # not addressed
    mentioned = await ask(fake, GROUP, f"@{fake.bot_username} {RD_QUESTION}", chat_type="group")
    assert "464" in mentioned.result["text"]  # the first reply in the group is to the second message
    assert fake.sent_to(GROUP) == [mentioned]

    replied = await ask(fake, GROUP, "What is the capital of Inner Mongolia?", chat_type="group", reply_to_bot=True)
    assert "capital of Inner Mongolia" in replied.result["text"]

    listed = await ask(fake, GROUP, f"/facts@{fake.bot_username} dairy", chat_type="group")
    assert listed.result["text"].startswith("Dairy industry:")
    assert len(fake.sent_to(GROUP)) == 3


async def test_an_inline_query_is_answered_with_facts(bot: Running) -> None:
    fake = bot.fake
    call = await next_call(fake, called("answerInlineQuery"), lambda: fake.inline_query(CHAT, "dairy"))
    assert call.status == 200
    results = call.params["results"]
    dairy = {fact.id: fact for fact in bot.store.current.base.facts_of_topic("dairy")}
    assert [result["id"] for result in results] == list(dairy)
    for result in results:
        content = result["input_message_content"]
        shown, _ = parse_html(content["message_text"])  # what the person reads once the result is chosen
        assert shown.startswith(dairy[result["id"]].text) and "Source" in shown
        assert content["parse_mode"] == "HTML"


# --- 8-11: administration -------------------------------------------------------------------------------------------


async def test_reload_reports_the_count_and_the_changes(bot: Running) -> None:
    fake = bot.fake
    count = len(bot.store.current.base.facts)
    unchanged = await ask(fake, ADMIN, "/reload")
    assert f"Reloaded {count} facts" in unchanged.result["text"]
    assert "Nothing changed." in unchanged.result["text"]

    (bot.facts / "photo.yaml").write_text(VALID_FACT_FILE, encoding="utf-8")
    old = bot.store.current.base.fact_by_id[RD_FACT].text
    new = old.rstrip(".") + ", the report says."
    path = bot.facts / "hohhot-sci-tech.yaml"
    assert path.read_text(encoding="utf-8").count(old) == 1
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    reply = await ask(fake, ADMIN, "/reload")
    text = reply.result["text"]
    assert re.search(rf"Reloaded {count + 1} facts in \d+ ms\.", text), text
    assert f"Added: {NEW_FACT_ID}." in text and "Removed: none." in text and f"Changed: {RD_FACT}." in text
    assert new in (await ask(fake, CHAT, RD_QUESTION)).result["text"]
    assert NEW_FACT_TEXT in (await ask(fake, CHAT, NEW_FACT_QUESTION)).result["text"]


async def test_a_broken_reload_lists_the_problems_and_keeps_the_old_facts(bot: Running) -> None:
    fake = bot.fake
    count = len(bot.store.current.base.facts)
    (bot.facts / "broken.yaml").write_text(BROKEN_YAML_FILE, encoding="utf-8")
    (bot.facts / "unknown.yaml").write_text(UNKNOWN_KEY_FILE, encoding="utf-8")
    reply = await ask(fake, ADMIN, "/reload")
    text = reply.result["text"]
    assert "NOT reloaded: 2 problem(s)" in text and "previous facts are still being served" in text
    assert re.search(r"broken\.yaml:\d+: YAML syntax error", text), text
    assert re.search(r"unknown\.yaml:18: unknown key 'colour'", text), text
    assert "464" in (await ask(fake, CHAT, RD_QUESTION)).result["text"]
    assert NEW_FACT_TEXT not in (await ask(fake, CHAT, NEW_FACT_QUESTION)).result["text"]
    assert len(bot.store.current.base.facts) == count


async def test_an_uploaded_fact_file_is_validated_written_and_served(bot: Running) -> None:
    fake = bot.fake
    count = len(bot.store.current.base.facts)
    installed = await next_call(
        fake, sent(ADMIN), lambda: fake.send_document(ADMIN, ADMIN, "photo.yaml", VALID_FACT_FILE.encode())
    )
    text = installed.result["text"]
    assert text.startswith("Installed photo.yaml.")
    assert f"Reloaded {count + 1} facts" in text and f"Added: {NEW_FACT_ID}." in text
    assert (bot.facts / "photo.yaml").read_text(encoding="utf-8") == VALID_FACT_FILE
    assert NEW_FACT_TEXT in (await ask(fake, CHAT, NEW_FACT_QUESTION)).result["text"]


async def test_an_invalid_upload_lists_the_problems_and_writes_nothing(bot: Running) -> None:
    fake = bot.fake
    count = len(bot.store.current.base.facts)
    before = sorted(path.name for path in bot.facts.iterdir())
    rejected = await next_call(
        fake,
        sent(ADMIN),
        lambda: fake.send_document(
            ADMIN,
            ADMIN,
            "bad.yaml",
            UNKNOWN_KEY_FILE.replace("Home>Industry news", "Home>Dairy news").encode(),
        ),
    )
    text = rejected.result["text"]
    assert "bad.yaml was NOT installed: 2 problem(s). Nothing was changed." in text
    assert re.search(r"bad\.yaml:18: unknown key 'colour'", text), text
    assert re.search(r"bad\.yaml:\d+: .*quote", text), text
    assert sorted(path.name for path in bot.facts.iterdir()) == before
    assert len(bot.store.current.base.facts) == count
    assert NEW_FACT_TEXT not in (await ask(fake, CHAT, NEW_FACT_QUESTION)).result["text"]


async def test_someone_else_is_refused_politely_and_logged(bot: Running, caplog: pytest.LogCaptureFixture) -> None:
    fake = bot.fake
    caplog.set_level(logging.WARNING, logger="bot.telegram.admin")
    before = sorted(path.name for path in bot.facts.iterdir())
    refused = await ask(fake, STRANGER, "/reload")
    assert "only the bot's administrators" in refused.result["text"]
    upload = await next_call(
        fake, sent(STRANGER), lambda: fake.send_document(STRANGER, STRANGER, "photo.yaml", VALID_FACT_FILE.encode())
    )
    assert "only the bot's administrators" in upload.result["text"]
    assert sorted(path.name for path in bot.facts.iterdir()) == before
    assert not any(call.method == "getFile" for call in fake.calls)  # the file was not even downloaded
    refusals = [record.getMessage() for record in caplog.records if "refused admin action" in record.getMessage()]
    tag = bot.application.bot_data.user_tag(STRANGER)
    assert refusals == [
        f"refused admin action /reload from user {tag}",
        f"refused admin action a document from user {tag}",
    ]
    assert tag == bot.log.user_hash(STRANGER)[:12]  # the tag finds the user's questions in the log


# --- 12: many chats at once ---------------------------------------------------------------------------------------


async def test_many_chats_at_once_are_answered_once_each_in_order(bot: Running) -> None:
    fake = bot.fake
    asked = [
        "How many research and development institutions are in Hohhot?",
        "How many innovation platforms does Hohhot have?",
        "What is the capital of Inner Mongolia?",
        "SPDB tech financing",
    ]
    facts = [answer(bot.store.current, question).fact for question in asked]
    assert None not in facts and len({fact.id for fact in facts}) == 4, "pick four clearly answered questions"
    questions = [
        (question, fact.text) for question, fact in zip(asked, facts, strict=False)
    ]  # each reply shows its fact
    chats = range(5001, 5051)
    expected = {chat: [questions[(chat + turn) % 4] for turn in range(4)] for chat in chats}
    for turn in range(4):  # interleaved, as they would arrive
        for chat in chats:
            fake.send_message(chat, expected[chat][turn][0])
    chat_set = set(chats)
    is_reply = lambda call: call.method == "sendMessage" and call.params.get("chat_id") in chat_set  # noqa: E731
    await fake.wait_for_count(is_reply, 200, timeout=20)
    for chat in chats:  # a last message in each chat: anything sent before its answer has been sent
        fake.send_message(chat, "/about")
    await fake.wait_for_count(is_reply, 250, timeout=20)
    for chat in chats:
        replies = [call.result["text"] for call in fake.sent_to(chat)]
        assert len(replies) == 5, (chat, replies)
        for text, (question, fact_text) in zip(replies, expected[chat], strict=False):
            assert text.startswith(fact_text), (chat, question, text)
        assert replies[4].startswith("This bot answers")
    assert all(call.status == 200 for call in fake.calls if is_reply(call))


# --- 13-15: secrets, errors, start-up -------------------------------------------------------------------------------


async def test_the_token_never_appears_in_logs_or_replies(
    launch: Launch, production_logging: Callable[[str], None], capfd: pytest.CaptureFixture[str]
) -> None:
    production_logging("DEBUG")
    bot = await launch()
    fake = bot.fake
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    fake.send_message(CHAT, RD_QUESTION)
    await fake.wait_for(lambda call: call.method == "sendMessage" and call.status == 400)
    await fake.wait_for(sent(ADMIN))  # the admin is told about the error
    fake.fail_next(
        "getUpdates",
        409,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    )
    fake.send_message(CHAT, "What is the capital of Inner Mongolia?")  # wakes the held poll; the next one fails
    await fake.wait_for(lambda call: call.method == "getUpdates" and call.status == 409)
    assert "capital" in (await fake.wait_for(sent(CHAT))).result["text"]
    reply = await ask(fake, CHAT, RD_QUESTION)  # polling recovered after the conflict
    assert "464" in reply.result["text"]

    output = capfd.readouterr()
    logged = output.err + output.out
    assert "Conflict" in logged and "error while handling update" in logged  # the errors were logged here
    assert "BadRequest" in logged or "Chat not found" in logged
    assert SECRET not in logged
    texts = [str(call.params) for call in fake.calls if call.method.lower().startswith(("send", "edit", "answer"))]
    assert texts and not [text for text in texts if SECRET in text]


async def test_a_failed_send_is_reported_to_the_admin_and_the_bot_goes_on(bot: Running) -> None:
    fake = bot.fake
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    fake.send_message(CHAT, RD_QUESTION)
    notice = await fake.wait_for(sent(ADMIN))
    assert "error occurred" in notice.result["text"] and "Chat not found" in notice.result["text"]
    reply = await ask(fake, CHAT, "What is the capital of Inner Mongolia?")
    assert "capital of Inner Mongolia" in reply.result["text"]
    assert [call.status for call in fake.sent_to(CHAT)] == [400, 200]


async def test_the_admin_reads_the_error_notice_unescaped(bot: Running) -> None:
    fake = bot.fake
    fake.fail_next("sendMessage", 400, 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0')
    fake.send_message(CHAT, RD_QUESTION)
    notice = await fake.wait_for(sent(ADMIN))
    assert notice.result["text"] == (
        "An error occurred while handling an update: telegram.error.BadRequest: "
        'Can\'t parse entities: unsupported start tag "x" at byte offset 0'
    )


async def test_a_flood_limit_is_retried_by_the_rate_limiter(launch: Launch) -> None:
    bot = await launch(rate_limit=True)
    fake = bot.fake
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    reply = await ask(fake, CHAT, RD_QUESTION)
    assert "464" in reply.result["text"]
    assert [call.status for call in fake.sent_to(CHAT)] == [429, 200]  # retried by the limiter, not by send.py
    assert admin_notices(fake) == []


async def test_without_the_rate_limiter_a_flood_limit_is_logged_and_the_bot_goes_on(
    bot: Running, caplog: pytest.LogCaptureFixture
) -> None:
    fake = bot.fake
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    fake.send_message(CHAT, RD_QUESTION)
    reply = await ask(fake, CHAT, "What is the capital of Inner Mongolia?")
    assert "capital of Inner Mongolia" in reply.result["text"]
    assert [call.status for call in fake.sent_to(CHAT)] == [429, 200]
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert any("RetryAfter: Flood control exceeded" in message for message in errors), errors


async def test_post_init_sets_the_command_menus(bot: Running) -> None:
    menus = [call for call in bot.fake.calls if call.method == "setMyCommands"]
    assert [call.status for call in menus] == [200, 200, 200]
    english, chinese, admin = (call.params for call in menus)
    assert "language_code" not in english and chinese["language_code"] == "zh"
    assert {"command": "facts", "description": "Browse facts by topic"} in english["commands"]
    assert any(command["command"] == "facts" for command in chinese["commands"])
    assert admin["scope"] == {"type": "chat", "chat_id": ADMIN}
    assert {"reload", "stats", "unanswered", "why"} <= {command["command"] for command in admin["commands"]}
    assert "reload" not in {command["command"] for command in english["commands"]}


async def test_a_failed_command_menu_does_not_stop_the_bot(launch: Launch, caplog: pytest.LogCaptureFixture) -> None:
    bot = await launch(prepare=lambda fake: fake.fail_next("setMyCommands", 400, "Bad Request: BOT_COMMAND_INVALID"))
    assert bot.fake.calls and next(call.status for call in bot.fake.calls if call.method == "setMyCommands") == 400
    assert "464" in (await ask(bot.fake, CHAT, RD_QUESTION)).result["text"]
    assert any("could not set the command menu" in record.getMessage() for record in caplog.records)


# --- 16: Chinese ----------------------------------------------------------------------------------------------------


async def test_a_chinese_question_is_answered_in_chinese(bot: Running) -> None:
    reply = await ask(bot.fake, CHAT, "呼和浩特有多少研发机构")
    text = reply.result["text"]
    assert "464" in text and "来源" in text and "Source" not in text


async def test_commands_follow_the_telegram_language_until_lang_changes_it(bot: Running) -> None:
    fake = bot.fake
    chinese = await ask(fake, CHAT, "/help", language_code="zh-hans")
    assert "直接发送问题即可" in chinese.result["text"]
    chosen = await ask(fake, CHAT, "/lang en", language_code="zh-hans")
    assert chosen.result["text"] == "Commands will now use English."
    english = await ask(fake, CHAT, "/help", language_code="zh-hans")
    assert english.result["text"].startswith("Just send me a question")
    facts = await ask(fake, CHAT, "/facts", language_code="zh-hans")
    assert facts.result["text"].startswith("Topics (")


# --- 17: curation ---------------------------------------------------------------------------------------------------


def rows(log: QuestionLog) -> list[Any]:
    log.flush(5)
    now = datetime.now(timezone.utc)
    return log.rows(now - timedelta(days=1), now + timedelta(days=1))


async def test_feedback_is_stored(bot: Running) -> None:
    fake = bot.fake
    reply = await ask(fake, CHAT, RD_QUESTION)
    down = next(data for data in callback_data(reply) if data.endswith(":down"))
    acknowledged = await press(fake, CHAT, CHAT, reply, down)
    assert acknowledged.params.get("text") == "\U0001f64f"
    stored = {row.token: row for row in rows(bot.log)}
    row = stored[down.split(":")[1]]
    assert (row.question, row.decision, row.fact_id, row.feedback) == (RD_QUESTION, "answered", RD_FACT, "down")

    # Only the asker may rate an answer: someone else's press is acknowledged but not stored.
    other = await press(fake, CHAT, STRANGER, reply, down.replace(":down", ":up"))
    assert other.params.get("text") == "I don't know that yet."
    assert {row.token: row for row in rows(bot.log)}[down.split(":")[1]].feedback == "down"


async def test_admins_see_unanswered_questions_stats_and_why(bot: Running) -> None:
    fake = bot.fake
    declined = "How many R&D institutions does Ordos have?"
    await ask(fake, CHAT, declined)
    await ask(fake, CHAT, RD_QUESTION)

    header = await ask(fake, ADMIN, "/unanswered")
    assert header.result["text"].startswith("1 unanswered or disliked question(s) in 1 group(s).")
    group = (await fake.wait_for_count(sent(ADMIN), 2))[1]
    assert declined in group.result["text"] and "declined" in group.result["text"]

    stats = await ask(fake, ADMIN, "/stats")
    assert "2" in stats.result["text"]
    photo = await fake.wait_for(sent(ADMIN, "sendPhoto"))
    assert isinstance(photo.params["photo"], UploadedFile)
    assert photo.params["photo"].content.startswith(PNG_SIGNATURE)

    why = await ask(fake, ADMIN, f"/why {RD_QUESTION}")
    text = why.result["text"]
    assert "Decision:" in text and f"- {RD_FACT}: score" in text


async def test_reports_include_questions_not_yet_written(bot: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow disk: the log's writer thread is busy, so the question just asked is still queued. The report must
    wait for it (the writer is let go only when the report asks for queued questions to be written)."""
    fake = bot.fake
    log = bot.log
    writer_may_go = threading.Event()
    log._enqueue(lambda conn: writer_may_go.wait(10))  # holds the writer thread
    flush = log.flush

    def flush_and_release(timeout: float | None = None) -> bool:
        writer_may_go.set()
        return flush(timeout)

    monkeypatch.setattr(log, "flush", flush_and_release)
    try:
        await ask(fake, CHAT, "How many R&D institutions does Ordos have?")
        await ask(fake, ADMIN, "/unanswered")
        group = (await fake.wait_for_count(sent(ADMIN), 2))[1]
    finally:
        writer_may_go.set()
    assert "Ordos" in group.result["text"]


async def test_forgetme_deletes_only_the_senders_questions(bot: Running) -> None:
    fake = bot.fake
    await ask(fake, CHAT, RD_QUESTION)
    await ask(fake, CHAT, "How many R&D institutions does Ordos have?")
    await ask(fake, STRANGER, RD_QUESTION)
    logged = rows(bot.log)
    assert len(logged) == 3
    mine, theirs = {logged[0].user_hash, logged[1].user_hash}, logged[2].user_hash
    assert len(mine) == 1 and theirs not in mine
    reply = await ask(fake, CHAT, "/forgetme")
    assert reply.result["text"] == "Deleted 2 logged questions of yours."
    assert [row.token for row in rows(bot.log)] == [logged[2].token]
    assert (await ask(fake, CHAT, "/forgetme")).result["text"] == "Deleted 0 logged questions of yours."


async def test_curation_commands_are_for_admins_only(bot: Running) -> None:
    fake = bot.fake
    for command in ("/stats", "/unanswered", f"/why {RD_QUESTION}"):
        refused = await ask(fake, STRANGER, command)
        assert refused.result["text"] == "Sorry, only the bot's administrators can use that."
    assert not [call for call in fake.sent_to(STRANGER) if call.method == "sendPhoto"]
