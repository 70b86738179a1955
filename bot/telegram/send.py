"""The one way messages leave the bot: fitted to Telegram's limits, retried on transient failures.

Limits: 4,096 characters of text (counted as Telegram counts, in UTF-16 code units, after the HTML is parsed),
1,024 of caption, 64 bytes of callback data per button. A reply too long for one message is split into several
at paragraph, then line, then word boundaries: on the reply's spans, before rendering, so that no HTML tag or
entity is ever cut in two. Its buttons go under the last part. Past MAX_PARTS messages, or where a reply must stay
one message (an edit, an inline result), the text is shortened and ends with "…". A button whose data would not
fit is left out (the loader keeps ids short enough that this does not happen).

Retries: a 5xx answer, a reset connection or a timeout (python-telegram-bot's NetworkError, other than
BadRequest) is retried after RETRY_DELAYS. The updates of one chat are handled one after another (ordering.py),
so while a reply is retried the chat's next reply waits behind it instead of overtaking it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MaybeInaccessibleMessage, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError

from bot.engine.reply import Line, Paragraph, Reply, Span, body
from bot.telegram.render import keyboard, to_html

logger = logging.getLogger(__name__)
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
MAX_PARTS = 10  # messages one reply may become; the tenth ends with "…" if there is more
RETRY_DELAYS = (0.5, 2.0, 5.0)  # seconds before each retry of a send that failed on the way
SEND_TIMEOUT = 10.0  # seconds Telegram has to answer one attempt
ELLIPSIS = "\u2026"

T = TypeVar("T")
Markup = InlineKeyboardMarkup | None
Extra = list[list[InlineKeyboardButton]] | None


async def send(message: Message, reply: Reply, extra: Extra = None) -> Message:
    """Send a reply into the chat of `message`, without quoting it; the last of its messages is returned."""

    async def post(html: str, markup: Markup) -> Message:
        return await message.reply_html(html, reply_markup=markup, do_quote=False, read_timeout=SEND_TIMEOUT)

    return await _deliver(post, reply, extra)


async def send_to(bot: Bot, chat_id: int, reply: Reply, extra: Extra = None) -> Message:
    """Send a reply into another chat than the one being answered (a question relayed to the editors, their
    answer, an admin's error notice)."""

    async def post(html: str, markup: Markup) -> Message:
        return await bot.send_message(
            chat_id, html, parse_mode=ParseMode.HTML, reply_markup=markup, read_timeout=SEND_TIMEOUT
        )

    return await _deliver(post, reply, extra)


async def send_photo(message: Message, photo: bytes, caption: str) -> Message:
    """A picture (the /stats chart) with a plain-text caption."""
    return await _upload(message.reply_photo, InputFile(photo, filename="chart.png"), caption)


async def send_file(message: Message, content: bytes, file_name: str, caption: str) -> Message:
    """A document (a draft fact file) with a plain-text caption."""
    upload = InputFile(content, filename=file_name)
    return await _upload(partial(message.reply_document, do_quote=False), upload, caption)


async def _upload(post: Callable[..., Awaitable[Message]], upload: InputFile, caption: str) -> Message:
    """Send a file with its caption shortened to Telegram's limit, retried like any message."""
    return await _retried(partial(post, upload, caption=shorten(caption, CAPTION_LIMIT), read_timeout=SEND_TIMEOUT))


async def edit(message: MaybeInaccessibleMessage | None, reply: Reply) -> None:
    """Edit a message in place (shortened to one message); pressing the button of the page shown is not an error."""
    if not isinstance(message, Message):
        return
    html = to_html(fit(reply, max_parts=1)[0])
    call = partial(
        message.edit_text, html, parse_mode=ParseMode.HTML, reply_markup=_markup(reply), read_timeout=SEND_TIMEOUT
    )
    await _unless_unmodified(call)


async def edit_markup(message: Message, markup: InlineKeyboardMarkup) -> None:
    """Change only the buttons under a message (a vote shown as recorded)."""
    await _unless_unmodified(partial(message.edit_reply_markup, reply_markup=markup, read_timeout=SEND_TIMEOUT))


async def _unless_unmodified(call: Callable[[], Awaitable[object]]) -> None:
    """An edit, where editing a message into what it already shows (a second press) is not an error."""
    try:
        await _retried(call)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


def one_message_html(reply: Reply) -> str:
    """The reply as the HTML of a single message (an inline result cannot be split)."""
    return to_html(fit(reply, max_parts=1)[0])


async def _deliver(post: Callable[[str, Markup], Awaitable[Message]], reply: Reply, extra: Extra) -> Message:
    parts = fit(reply)
    sent: Message | None = None
    for number, part in enumerate(parts, 1):
        markup = _markup(reply, extra) if number == len(parts) else None
        sent = await _retried(partial(post, to_html(part), markup))
    assert sent is not None  # fit() returns at least one part
    return sent


async def _retried(call: Callable[[], Awaitable[T]]) -> T:
    """`call()`, again after each of RETRY_DELAYS while it fails on the way (5xx, reset, timeout)."""
    for delay in RETRY_DELAYS:
        try:
            return await call()
        except BadRequest:  # Telegram understood the request and refused it: the same request fails again
            raise
        except NetworkError as error:
            logger.warning("sending failed (%s: %s); retrying in %.1f s", type(error).__name__, error.message, delay)
            await asyncio.sleep(delay)
    return await call()


def _markup(reply: Reply, extra: Extra = None) -> Markup:
    """The reply's keyboard without any button whose callback data is over Telegram's 64 bytes."""
    built = keyboard(reply, extra)
    if built is None:
        return None
    rows = [
        [button for button in row if len(str(button.callback_data or "").encode()) <= CALLBACK_DATA_LIMIT]
        for row in built.inline_keyboard
    ]
    if sum(map(len, rows)) < sum(map(len, built.inline_keyboard)):
        logger.warning("left out buttons whose callback data is over %d bytes", CALLBACK_DATA_LIMIT)
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


# --- fitting a reply to the text limit ------------------------------------------------------------------------------


def fit(reply: Reply, limit: int = TEXT_LIMIT, max_parts: int = MAX_PARTS) -> list[Reply]:
    """The reply as parts of at most `limit` characters each, the choices on the last; never more than `max_parts`.

    Each part is a reply of paragraphs only (the heading and listed choices have become paragraphs too), so that it
    renders the same text it had in the whole reply.
    """
    parts = _pack(body(reply), limit)
    if len(parts) > max_parts:
        parts = parts[:max_parts]
        last = _pack(tuple(tuple(paragraph) for paragraph in parts[-1]), limit - 1)[0]  # room for the "…"
        last[-1][-1] = (*last[-1][-1], Span(ELLIPSIS))
        parts[-1] = last
    built = [Reply(reply.language, tuple(tuple(paragraph) for paragraph in part)) for part in parts]
    built[-1] = Reply(reply.language, built[-1].paragraphs, reply.choices)
    return built


def _pack(paragraphs: tuple[Paragraph, ...], limit: int) -> list[list[list[Line]]]:
    """Paragraphs packed into as few parts of at most `limit` characters as their lines allow, in order."""
    parts: list[list[list[Line]]] = [[]]  # part -> paragraphs -> lines
    size = 0
    for paragraph in paragraphs:
        opening = True
        for piece in _pieces(paragraph, limit):
            separator = 0 if not parts[-1] else (2 if opening else 1)  # "\n\n" between paragraphs, "\n" between lines
            if size + separator + _length(piece) > limit:
                parts.append([])
                separator, opening, size = 0, True, 0
            if opening:
                parts[-1].append([])
            parts[-1][-1].append(piece)
            size += separator + _length(piece)
            opening = False
    return parts


def _pieces(paragraph: Paragraph, limit: int) -> list[Line]:
    """The paragraph's lines, each cut to at most `limit` characters."""
    return [piece for spans in paragraph for piece in _cut(spans, limit)]


def _cut(spans: Line, limit: int) -> list[Line]:
    """A line as pieces of at most `limit` characters, broken at a line break inside a span (a preformatted
    table), else at a space late enough in the piece, else where the limit falls."""
    pieces: list[Line] = []
    current: list[Span] = []
    room = limit
    for span in spans:
        text = span.text
        while _utf16(text) > room:
            end = _prefix(text, room)
            newline, space = text.rfind("\n", 0, end + 1), text.rfind(" ", 0, end)
            start = end
            if newline > 0:
                end, start = newline, newline + 1  # the line break itself is where the two parts meet
            elif space > end // 2:
                end = start = space + 1
            elif end == 0 and not current:
                end = start = 1  # not even one character fits: take one rather than loop
            if end:
                current.append(Span(text[:end], span.style))
            pieces.append(tuple(current))
            current, room, text = [], limit, text[start:]
        current.append(Span(text, span.style))
        room -= _utf16(text)
    pieces.append(tuple(current))
    return pieces


def shorten(text: str, limit: int) -> str:
    """The text, or its beginning and "…" when it is over `limit` characters."""
    return text if _utf16(text) <= limit else text[: _prefix(text, limit - 1)] + ELLIPSIS


def _length(spans: Line) -> int:
    return sum(_utf16(span.text) for span in spans)


def _utf16(text: str) -> int:
    """Length as Telegram counts it: characters outside the Basic Multilingual Plane (emoji) count twice."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def _prefix(text: str, room: int) -> int:
    """How many characters from the start of `text` fit in `room` UTF-16 code units."""
    if _utf16(text) == len(text):
        return min(len(text), room)
    used = 0
    for index, character in enumerate(text):
        used += 2 if ord(character) > 0xFFFF else 1
        if used > room:
            return index
    return len(text)
