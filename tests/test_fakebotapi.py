"""The fake Bot API against a real python-telegram-bot Application and its polling loop: if PTB works against it
unmodified, end-to-end tests of the bot built on it test the bot and not the fake."""

from __future__ import annotations

import asyncio
import datetime as dtm
import struct
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.fakebotapi import Call, FakeBotApi, UploadedFile

CHAT = 42


@dataclass
class Seen:
    """What the application's handlers observed, for assertions the API calls alone cannot show."""

    update_ids: list[int] = field(default_factory=list)
    downloads: list[bytes] = field(default_factory=list)
    errors: asyncio.Queue[BaseException] = field(default_factory=asyncio.Queue)


@dataclass
class Harness:
    """A running application's fake server and what its handlers saw."""

    fake: FakeBotApi
    seen: Seen


def sent_message(chat_id: int, text: str | None = None) -> Callable[[Call], bool]:
    """Predicate: a successful sendMessage into chat_id (with this text, if given)."""

    def matches(call: Call) -> bool:
        return (
            call.method == "sendMessage"
            and call.status == 200
            and call.params.get("chat_id") == chat_id
            and (text is None or call.params.get("text") == text)
        )

    return matches


def build_application(fake: FakeBotApi, seen: Seen) -> Application:
    """A trivial bot: echo, /start, /menu with a button, documents, buttons, inline queries."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.update_ids.append(update.update_id)
        await update.message.reply_text(update.message.text)

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.update_ids.append(update.update_id)
        await update.message.reply_text(" ".join(["started", *context.args]))

    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Hohhot", callback_data="city:hohhot")]])
        await update.message.reply_text("Pick a city", reply_markup=keyboard)

    async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        file = await update.message.document.get_file()
        seen.downloads.append(bytes(await file.download_as_bytearray()))
        await update.message.reply_text(f"got {update.message.document.file_name}")

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer(f"pressed {query.data}")
        await query.edit_message_text(f"chose {query.data}")

    async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = update.inline_query.query
        await update.inline_query.answer(
            [InlineQueryResultArticle(id="r1", title=text.upper(), input_message_content=InputTextMessageContent(text))]
        )

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.errors.put_nowait(context.error)

    application = (
        ApplicationBuilder().token(fake.token).base_url(fake.base_url).base_file_url(fake.base_file_url).build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("menu", menu))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.add_handler(MessageHandler(filters.Document.ALL, document))
    application.add_handler(CallbackQueryHandler(button))
    application.add_handler(InlineQueryHandler(inline))
    application.add_error_handler(on_error)
    return application


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def harness(fake: FakeBotApi) -> AsyncIterator[Harness]:
    """A polling application; torn down before the fake, updater first, as in production shutdown."""
    seen = Seen()
    application = build_application(fake, seen)
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)
    yield Harness(fake, seen)
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    """A bare PTB Bot for protocol details without an application around it."""
    async with Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url) as api_bot:
        yield api_bot


def png(width: int, height: int) -> bytes:
    """The start of a PNG file: signature and IHDR, enough for the fake to read the size."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + b"IHDR"
        + header
        + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    )


async def test_text_message_gets_an_echo(harness: Harness) -> None:
    fake = harness.fake
    fake.send_message(CHAT, "Hello, 呼和浩特")
    reply = await fake.wait_for(sent_message(CHAT))
    assert reply.params["text"] == "Hello, 呼和浩特"
    assert reply.result["message_id"] == 2  # the user's message was 1: one counter per chat
    assert reply.result["from"]["username"] == "innovation_test_bot"
    assert [call.method for call in fake.calls[:2]] == ["getMe", "deleteWebhook"]
    assert fake.sent_to(CHAT) == [reply]


async def test_commands_reach_the_command_handler(harness: Harness) -> None:
    fake = harness.fake
    fake.send_message(CHAT, "/start deep link")
    assert (await fake.wait_for(sent_message(CHAT))).params["text"] == "started deep link"
    group = -100123
    fake.send_message(group, "/start@other_bot ignored", chat_type="supergroup")
    fake.send_message(group, "/start@innovation_test_bot please", chat_type="supergroup", user_id=7)
    reply = await fake.wait_for(sent_message(group))
    assert reply.params["text"] == "started please"
    assert len(fake.sent_to(group)) == 1  # the other bot's command was ignored, not echoed


async def test_confirmed_updates_are_never_processed_twice(harness: Harness) -> None:
    fake = harness.fake
    ids = [fake.send_message(CHAT, f"q{number}")["update_id"] for number in range(3)]
    await fake.wait_for_count(sent_message(CHAT), 3)
    await fake.wait_for(lambda call: call.method == "getUpdates" and call.params.get("offset") == ids[-1] + 1)
    ids.append(fake.send_message(CHAT, "q3")["update_id"])  # wakes the held poll that confirmed the first three
    await fake.wait_for(sent_message(CHAT, "q3"))
    assert harness.seen.update_ids == ids
    assert [call.params["text"] for call in fake.sent_to(CHAT)] == ["q0", "q1", "q2", "q3"]


async def test_bad_request_reaches_the_handler_and_polling_goes_on(harness: Harness) -> None:
    fake = harness.fake
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    fake.send_message(CHAT, "first")
    error = await asyncio.wait_for(harness.seen.errors.get(), 2)
    assert isinstance(error, BadRequest) and error.message == "Chat not found"
    fake.send_message(CHAT, "second")
    await fake.wait_for(sent_message(CHAT, "second"))
    assert [(call.params["text"], call.status) for call in fake.sent_to(CHAT)] == [("first", 400), ("second", 200)]


async def test_flood_limit_maps_to_retry_after(harness: Harness) -> None:
    harness.fake.fail_next("SENDMESSAGE", 429, "Too Many Requests: retry after 7", retry_after=7)
    harness.fake.send_message(CHAT, "hi")
    error = await asyncio.wait_for(harness.seen.errors.get(), 2)
    assert isinstance(error, RetryAfter)
    assert error.message == "Flood control exceeded. Retry in 7 seconds"


async def test_an_uploaded_document_downloads_with_the_same_bytes(harness: Harness) -> None:
    content = "facts:\n  - 呼和浩特 464 institutions\n".encode() + bytes(range(256))
    harness.fake.send_document(CHAT, CHAT, "facts.yaml", content, caption="new facts")
    await harness.fake.wait_for(sent_message(CHAT, "got facts.yaml"))
    assert harness.seen.downloads == [content]
    assert any(call.method == "getFile" for call in harness.fake.calls)


async def test_a_button_press_reaches_the_callback_handler(harness: Harness) -> None:
    fake = harness.fake
    fake.send_message(CHAT, "/menu")
    menu = await fake.wait_for(sent_message(CHAT))
    assert menu.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "city:hohhot"
    press = fake.press_button(CHAT, CHAT, menu.result["message_id"], "city:hohhot")
    assert press["callback_query"]["message"]["reply_markup"] == menu.params["reply_markup"]
    answer = await fake.wait_for(lambda call: call.method == "answerCallbackQuery")
    assert answer.params == {"callback_query_id": press["callback_query"]["id"], "text": "pressed city:hohhot"}
    edit = await fake.wait_for(lambda call: call.method == "editMessageText")
    assert (edit.params["chat_id"], edit.params["message_id"], edit.result["text"]) == (
        CHAT,
        menu.result["message_id"],
        "chose city:hohhot",
    )
    assert "reply_markup" not in edit.result  # an edit without a keyboard removes it, as in Telegram


async def test_an_inline_query_is_answered_with_decoded_results(harness: Harness) -> None:
    query = harness.fake.inline_query(CHAT, "baotou")
    answer = await harness.fake.wait_for(lambda call: call.method == "answerInlineQuery")
    assert answer.params["inline_query_id"] == query["inline_query"]["id"]
    [result] = answer.params["results"]
    assert (result["type"], result["id"], result["title"]) == ("article", "r1", "BAOTOU")
    assert result["input_message_content"]["message_text"] == "baotou"


async def test_wait_for_times_out_with_a_summary_of_the_calls(harness: Harness) -> None:
    harness.fake.send_message(CHAT, "hello")
    await harness.fake.wait_for(sent_message(CHAT))
    with pytest.raises(AssertionError) as failure:
        await harness.fake.wait_for(lambda call: call.method == "sendPhoto", timeout=0.2)
    summary = str(failure.value)
    assert "0 of 1 expected calls arrived within 0.2 s" in summary
    assert "getMe -> 200" in summary and '"text": "hello"' in summary and "getUpdates not listed" in summary


async def test_stopping_a_long_poll_does_not_hang(fake: FakeBotApi) -> None:
    application = build_application(fake, Seen())
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=30)
    await fake.wait_for(lambda call: call.method == "getUpdates")

    async def stop() -> None:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await fake.stop()

    await asyncio.wait_for(stop(), 10)  # not the 30 s the held poll would otherwise take


async def test_get_updates_honours_offset_and_limit_and_wakes_at_once(fake: FakeBotApi, bot: Bot) -> None:
    ids = [fake.send_message(CHAT, f"m{number}")["update_id"] for number in range(3)]
    assert [update.update_id for update in await bot.get_updates(limit=2)] == ids[:2]
    assert [update.update_id for update in await bot.get_updates(offset=ids[1] + 1)] == ids[2:]
    assert [update.update_id for update in await bot.get_updates()] == ids[2:]  # the first two are confirmed
    assert await bot.get_updates(offset=ids[2] + 1, timeout=dtm.timedelta(seconds=0.2)) == ()
    poll = asyncio.create_task(bot.get_updates(offset=ids[2] + 1, timeout=30))
    await fake.wait_for(lambda call: call.method == "getUpdates" and call.params.get("timeout") == 30)
    fake.send_message(CHAT, "wake up")
    [update] = await asyncio.wait_for(poll, 10)  # woken by the update, not by the end of its 30 s
    assert update.message.text == "wake up"


async def test_editing_to_the_same_content_is_not_modified(fake: FakeBotApi, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
    message = await bot.send_message(CHAT, "<b>Hohhot</b>", parse_mode="HTML", reply_markup=keyboard)
    assert message.text == "Hohhot" and message.entities[0].type == "bold"
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("<b>Hohhot</b>", CHAT, message.message_id, parse_mode="HTML", reply_markup=keyboard)
    edited = await bot.edit_message_text("<b>Hohhot</b>", CHAT, message.message_id, parse_mode="HTML")
    assert edited.reply_markup is None and edited.edit_date is not None


async def test_telegram_rejects_what_it_would_reject(fake: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities: can't find end tag corresponding to start tag \"b\""):
        await bot.send_message(CHAT, "<b>unclosed", parse_mode="HTML")
    with pytest.raises(BadRequest, match='unsupported start tag "br" at byte offset 4'):
        await bot.send_message(CHAT, "line<br>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "x" * 4097)
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(
            CHAT, "hi", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
        )
    with pytest.raises(InvalidToken, match="Unauthorized"):
        await Bot("999:WRONG", base_url=fake.base_url).get_me()
    assert fake.sent_to(CHAT) and all(call.status == 400 for call in fake.sent_to(CHAT))


async def test_a_photo_upload_is_stored_and_served(fake: FakeBotApi, bot: Bot) -> None:
    chart = png(640, 480) + b"rest of the chart"
    message = await bot.send_photo(
        CHAT, chart, caption="<i>Questions per day</i>", parse_mode="HTML", filename="chart.png"
    )
    call = fake.sent_to(CHAT)[-1]
    assert call.params["photo"] == UploadedFile("chart.png", "image/png", chart)
    assert (message.photo[-1].width, message.photo[-1].height, message.caption) == (640, 480, "Questions per day")
    file = await bot.get_file(message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == chart


async def test_concurrent_bot_calls_are_held_at_once(fake: FakeBotApi) -> None:
    """Calls wait for their answer each on its own: the fake holds all of them at once, not one after another
    (how long a burst takes under latency is measured in bench/, not asserted here)."""
    request = HTTPXRequest(connection_pool_size=150)
    async with Bot(fake.token, base_url=fake.base_url, request=request) as many:
        fake.held = asyncio.Event()
        sending = asyncio.gather(*(many.send_message(chat, f"n{number}") for chat in (1, 2, 3) for number in range(50)))
        await fake.wait_until(lambda: fake.in_flight == 150)
        fake.held.set()
        messages = await sending
    assert fake.in_flight == 0
    for chat in (1, 2, 3):
        assert sorted(message.message_id for message in messages if message.chat_id == chat) == list(range(1, 51))


async def test_the_server_holds_hundreds_of_connections_at_once(fake: FakeBotApi) -> None:
    """Raw sockets, because httpx's pool spends CPU quadratic in its size and would time itself, not the server."""
    fake.held = asyncio.Event()
    port = urlsplit(fake.base_url).port
    body = b"chat_id=7&text=hi"
    head = (
        f"POST /bot{fake.token}/sendMessage HTTP/1.1\r\nHost: test\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    request = head.encode() + body

    async def post_twice() -> list[bytes]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        statuses: list[bytes] = []
        for _ in range(2):  # the second request rides the same keep-alive connection
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            statuses.append(head.split(b"\r\n")[0])
        writer.close()
        await writer.wait_closed()
        return statuses

    posting = asyncio.gather(*(post_twice() for _ in range(500)))
    await fake.wait_until(lambda: fake.in_flight == 500)  # every connection held at once
    fake.held.set()
    replies = await posting
    assert {status for pair in replies for status in pair} == {b"HTTP/1.1 200 OK"}
    assert len(fake.sent_to(7)) == 1000


async def test_a_reset_connection_and_a_5xx_are_network_errors(fake: FakeBotApi, bot: Bot) -> None:
    fake.reset_next("sendMessage")
    with pytest.raises(NetworkError, match="disconnected"):
        await bot.send_message(CHAT, "lost")
    fake.fail_next("sendMessage", 502, "Bad Gateway")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(CHAT, "refused")
    assert (await bot.send_message(CHAT, "through")).text == "through"
    assert [call.params["text"] for call in fake.sent_to(CHAT)] == ["refused", "through"]  # a reset has no effect


async def test_a_call_slower_than_the_client_waits_is_abandoned_unhandled(fake: FakeBotApi, bot: Bot) -> None:
    fake.delay_next("sendMessage", 5)
    with pytest.raises(TimedOut):
        await bot.send_message(CHAT, "too slow", read_timeout=0.1)
    await bot.send_message(CHAT, "next")
    await fake.wait_until(lambda: bool(fake.abandoned))  # the fake sees the client hang up a moment after
    assert fake.abandoned == ["sendMessage"]
    assert [call.params["text"] for call in fake.sent_to(CHAT)] == ["next"]


async def test_a_document_may_not_declare_its_size(fake: FakeBotApi, bot: Bot) -> None:
    update = fake.send_document(CHAT, CHAT, "big.yaml", b"x" * 100, declare_size=False)
    assert "file_size" not in update["message"]["document"]
    file = await bot.get_file(update["message"]["document"]["file_id"])
    assert file.file_size is None
    assert bytes(await file.download_as_bytearray()) == b"x" * 100


async def test_set_webhook_is_recorded(fake: FakeBotApi, bot: Bot) -> None:
    assert await bot.set_webhook("https://bot.example.com/telegram", secret_token="s3cret")
    assert fake.webhook["url"] == "https://bot.example.com/telegram" and fake.webhook["secret_token"] == "s3cret"
