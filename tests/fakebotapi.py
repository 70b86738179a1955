"""A fake Telegram Bot API server: python-telegram-bot talks real HTTP to it, so end-to-end tests and benchmarks
exercise the bot's polling loop, connection pool, error mapping and file downloads exactly as in production.

Tests feed updates (messages, documents, button presses, inline queries), observe every API call the bot makes,
inject failures, and add latency. Replies follow the Bot API closely enough that PTB parses them unmodified:
Message objects for sends and edits, Telegram's error texts, HTML parse mode turned into text and entities.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import mimetypes
import re
import struct
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web

JSON = dict[str, Any]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the current message"
)
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
GROUP_MEMBER_ID = 10_001  # who speaks in a group when a test does not say

# Parameters that are free text or opaque ids: kept as sent, so that a text "123" or "true" stays a string.
_TEXT_PARAMS = frozenset(
    {
        "text",
        "caption",
        "title",
        "description",
        "short_description",
        "name",
        "query",
        "url",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "file_id",
        "photo",
        "document",
        "switch_pm_text",
        "switch_pm_parameter",
        "next_offset",
        "message_effect_id",
        "business_connection_id",
        "secret_token",
        "language_code",
        "action",
        "emoji",
        "question",
        "explanation",
    }
)
# Methods whose calls are output into a chat, for sent_to(); sendChatAction only shows "typing…".
_OUTPUT_PREFIXES = ("send", "edit", "copy", "forward")

# Telegram's HTML parse mode: supported tags and the entity type each one makes.
_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_SPECIAL = re.compile(r"[<&]")
_HTML_ATTR = re.compile(r"""([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_CHAR_REF = re.compile(r"&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Call:
    """One Bot API request as the bot made it.

    method is the name as sent (PTB: camelCase); params are decoded (nested JSON strings become objects, uploads
    become UploadedFile); time is time.monotonic() at arrival; status and result are what the fake answered
    (result is None for getUpdates, whose answer is only known later, and for errors).
    """

    method: str
    params: JSON
    time: float
    status: int = 200
    result: Any = None


@dataclass(frozen=True)
class UploadedFile:
    """A file the bot uploaded in a multipart request (sendPhoto, sendDocument)."""

    file_name: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class _Failure:
    """An injected error reply, queued by fail_next()."""

    status: int
    description: str
    retry_after: int | None

    def reply(self) -> JSON:
        body = _error(self.status, self.description)
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class _ApiError(Exception):
    """Raised by a method implementation to answer with a Telegram error instead of a result."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _error(status: int, description: str) -> JSON:
    return {"ok": False, "error_code": status, "description": description}


def _utf16_len(text: str) -> int:
    """Entity offsets and lengths are counted in UTF-16 code units, as Telegram does."""
    return len(text.encode("utf-16-le")) // 2


def _pulse(event: asyncio.Event) -> asyncio.Event:
    """Wakes everyone waiting on event and returns a fresh one for the next round."""
    event.set()
    return asyncio.Event()


def _parse_error(detail: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: can't parse entities: {detail}")


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Text and entities Telegram stores for an HTML-formatted message, or the 400 error it answers.

    Strict like Telegram: an unsupported, unclosed or mismatched tag is an error, which is what an end-to-end test
    should catch before the real API does.
    """
    pieces: list[str] = []
    length = 0
    open_tags: list[tuple[str, int, JSON | None]] = []
    entities: list[JSON] = []
    position = 0
    while position < len(source):
        special = _HTML_SPECIAL.search(source, position)
        stop = special.start() if special else len(source)
        chunk = source[position:stop]
        if special is None:
            position = stop
        elif source[stop] == "&":
            reference = _CHAR_REF.match(source, stop)
            chunk += html.unescape(reference.group()) if reference else "&"
            position = reference.end() if reference else stop + 1
        else:
            position = _html_tag(source, stop, length + _utf16_len(chunk), open_tags, entities)
        pieces.append(chunk)
        length += _utf16_len(chunk)
    if open_tags:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{open_tags[-1][0]}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(pieces), entities


def _html_tag(
    source: str, start: int, length: int, open_tags: list[tuple[str, int, JSON | None]], entities: list[JSON]
) -> int:
    """Handles the tag at source[start] ("<"): opens or closes an entity; returns where the text goes on."""
    byte_offset = len(source[:start].encode())
    end = source.find(">", start)
    if end < 0:
        raise _parse_error(f"Unclosed start tag at byte offset {byte_offset}")
    tag = source[start + 1 : end]
    if tag.startswith("/"):
        name = tag[1:].strip().lower()
        if not open_tags:
            raise _parse_error(f"Unexpected end tag at byte offset {byte_offset}")
        open_name, entity_start, entity = open_tags.pop()
        if name and name != open_name:
            raise _parse_error(
                f'Unmatched end tag at byte offset {byte_offset}, expected "</{open_name}>", found "</{name}>"'
            )
        if entity is not None and length > entity_start:
            entities.append({**entity, "offset": entity_start, "length": length - entity_start})
        return end + 1
    name, attributes_text = ([*tag.split(None, 1), "", ""])[:2]
    name = name.lower()
    attributes = {key.lower(): html.unescape(a or b or c) for key, a, b, c in _HTML_ATTR.findall(attributes_text)}
    if name not in _HTML_TAGS or (name == "span" and attributes.get("class") != "tg-spoiler"):
        raise _parse_error(f'Unsupported start tag "{name}" at byte offset {byte_offset}')
    open_tags.append((name, length, _html_entity(name, attributes, open_tags)))
    return end + 1


def _html_entity(name: str, attributes: dict[str, str], open_tags: list[tuple[str, int, JSON | None]]) -> JSON | None:
    """The entity a tag makes; <code class="language-x"> inside <pre> sets the pre's language instead."""
    kind = _HTML_TAGS[name]
    if name == "a":
        return {"type": kind, "url": attributes["href"]} if attributes.get("href") else None
    if name == "code" and open_tags and open_tags[-1][0] == "pre" and open_tags[-1][2] is not None:
        language = attributes.get("class", "").removeprefix("language-")
        if language:
            open_tags[-1][2]["language"] = language
            return None
    if name == "blockquote" and "expandable" in attributes:
        return {"type": "expandable_blockquote"}
    if name == "tg-emoji":
        return {"type": kind, "custom_emoji_id": attributes.get("emoji-id", "")}
    return {"type": kind}


def _decode(name: str, raw: str) -> Any:
    """PTB sends nested values and numbers JSON-encoded and plain strings as they are."""
    if name in _TEXT_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _inline_markup(params: JSON) -> JSON | None:
    """The inline keyboard Telegram would echo back (it does not echo reply keyboards); checks callback_data."""
    markup = params.get("reply_markup")
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_LIMIT:
                raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


def _png_size(content: bytes) -> tuple[int, int]:
    """Width and height from a PNG header, so PhotoSize looks like the chart that was sent; (0, 0) otherwise."""
    if content.startswith(_PNG_SIGNATURE) and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return width, height
    return 0, 0


class FakeBotApi:
    """An in-process Bot API server on 127.0.0.1 with a random port. See the module docstring.

    Feed and observe from the event loop's thread: the wake-ups for held getUpdates are asyncio Events.
    """

    def __init__(
        self, token: str = "123456:TEST-TOKEN", bot_username: str = "innovation_test_bot", latency: float = 0.0
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.latency = latency
        self.calls: list[Call] = []  # requests with a wrong token are answered 401 and not recorded
        self.abandoned: list[str] = []  # methods of requests whose client hung up before they were handled
        self.webhook: JSON = {}  # what the last setWebhook asked for
        self.in_flight = 0  # requests being answered right now (getUpdates aside)
        self.in_flight_max = 0
        self.held: asyncio.Event | None = None  # while unset, every answer waits for it: calls pile up in flight
        self._port: int | None = None
        self._server: tornado.httpserver.HTTPServer | None = None
        self._closing = False
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._new_call = asyncio.Event()
        self._message_ids: defaultdict[int | str, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._messages: dict[tuple[int | str, int], JSON] = {}
        self._last_bot_message: dict[int | str, JSON] = {}
        self._chats: dict[int | str, JSON] = {}
        self._users: dict[int, JSON] = {}
        self._query_ids = itertools.count(1)
        self._file_numbers = itertools.count(1)
        self._files: dict[str, tuple[JSON, str]] = {}  # file_id -> (metadata as in a Document, file_path)
        self._downloads: dict[str, bytes] = {}
        self._failures: defaultdict[str, deque[_Failure]] = defaultdict(deque)
        self._resets: defaultdict[str, int] = defaultdict(int)
        self._delays: defaultdict[str, deque[float]] = defaultdict(deque)
        self._methods: dict[str, Callable[[JSON], Any]] = {
            "getme": lambda params: (
                self.bot_user
                | {"can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}
            ),
            "sendmessage": self._send_message,
            "sendphoto": lambda params: self._send_file("photo", params),
            "senddocument": lambda params: self._send_file("document", params),
            "editmessagetext": lambda params: self._edit(params, "text"),
            "editmessagecaption": lambda params: self._edit(params, "caption"),
            "editmessagereplymarkup": lambda params: self._edit(params, None),
            "getfile": self._get_file,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
        }

    # --- lifecycle ---

    async def start(self) -> None:
        """Listens on 127.0.0.1 with a free port; a deep backlog so hundreds of simultaneous connects do not
        overflow it (an overflow makes clients retry SYNs after a second, which would skew benchmarks)."""
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1", backlog=2048)
        application = tornado.web.Application(
            [
                (r"/bot([^/]+)/([A-Za-z_]+)", _ApiHandler, {"fake": self}),
                (r"/file/bot([^/]+)/(.+)", _FileHandler, {"fake": self}),
            ],
            log_function=lambda handler: None,  # injected 4xx replies are expected, not worth a warning each
        )
        self._server = tornado.httpserver.HTTPServer(application)
        self._server.add_sockets(sockets)
        self._port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Answers held getUpdates at once, then closes every connection (which cancels calls still sleeping)."""
        self._closing = True
        self._new_update = _pulse(self._new_update)
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder().base_url(): PTB appends the token."""
        return f"{self._origin}/bot"

    @property
    def base_file_url(self) -> str:
        """For ApplicationBuilder().base_file_url(): PTB appends the token and the file_path."""
        return f"{self._origin}/file/bot"

    @property
    def _origin(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeBotApi.start() has not been awaited yet")
        return f"http://127.0.0.1:{self._port}"

    @property
    def bot_user(self) -> JSON:
        """The "from" of every message the bot sends; getMe adds the bot's capabilities."""
        return {"id": self.bot_id, "is_bot": True, "first_name": "Innovation Test Bot", "username": self.bot_username}

    # --- feeding updates ---

    def send_message(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str = "en",
        reply_to_bot: bool = False,
        first_name: str = "Ann",
        reply_to: int | None = None,
    ) -> dict:
        """A user writes text. user_id defaults to chat_id in a private chat (as in Telegram) and to GROUP_MEMBER_ID
        in a group; a leading "/word" becomes a bot_command entity, as clients mark it. The message replies to the
        bot's last message with reply_to_bot, or to the chat's message numbered reply_to."""
        if user_id is None:
            user_id = chat_id if chat_type == "private" else GROUP_MEMBER_ID
        user = self._user(user_id, first_name, language_code)
        chat = self._chat(chat_id, chat_type, user)
        replied = None if reply_to is None else self._messages[(chat_id, reply_to)]
        if reply_to_bot:
            replied = self._last_bot_message.get(chat_id) or self._new_message(chat, self.bot_user, text="Earlier")
        message = self._new_message(chat, user, text=text)
        command = re.match(r"/\S+", text)
        if command:
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command.group())}]
        if replied is not None:
            message["reply_to_message"] = replied
        return self._queue("message", message)

    def send_document(
        self,
        chat_id: int,
        user_id: int,
        file_name: str,
        content: bytes,
        caption: str | None = None,
        declare_size: bool = True,
    ) -> dict:
        """A user sends a file; getFile and the file URL then serve content, as for a real upload. Without
        declare_size, neither the Document nor getFile says how big the file is (Telegram may leave it out)."""
        user = self._user(user_id)
        chat = self._chat(chat_id, None, user)
        document = self._store_file(content, file_name, "documents")
        if not declare_size:
            del document["file_size"]
        message = self._new_message(chat, user, document=document)
        if caption is not None:
            message["caption"] = caption
        return self._queue("message", message)

    def press_button(self, chat_id: int, user_id: int, message_id: int, data: str) -> dict:
        """A user presses an inline button under a message the bot sent; the update carries that message as it
        stands now (after edits), like Telegram's."""
        message = self._messages.get((chat_id, message_id))
        if message is None or message["from"]["id"] != self.bot_id:
            raise KeyError(f"the bot has sent no message {message_id} in chat {chat_id}")
        query = {
            "id": str(next(self._query_ids)),
            "from": self._user(user_id),
            "message": message,
            "chat_instance": str(chat_id),
            "data": data,
        }
        return self._queue("callback_query", query)

    def inline_query(self, user_id: int, query: str) -> dict:
        """A user types "@bot query" in any chat."""
        inline = {
            "id": str(next(self._query_ids)),
            "from": self._user(user_id),
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }
        return self._queue("inline_query", inline)

    # --- observing ---

    def sent_to(self, chat_id: int) -> list[Call]:
        """Calls that put something into the chat (send*, edit*, copy*, forward*, not sendChatAction), failed
        ones included (see Call.status)."""
        return [
            call
            for call in self.calls
            if call.params.get("chat_id") == chat_id
            and call.method.lower().startswith(_OUTPUT_PREFIXES)
            and call.method.lower() != "sendchataction"
        ]

    async def wait_for(self, predicate: Callable[[Call], bool], timeout: float = 5.0) -> Call:
        """The first call, past or future, satisfying predicate; AssertionError listing the calls on timeout."""
        return (await self.wait_for_count(predicate, 1, timeout))[0]

    async def wait_for_count(self, predicate: Callable[[Call], bool], count: int, timeout: float = 10.0) -> list[Call]:
        """The first count calls satisfying predicate, waiting for future ones as needed."""
        found: list[Call] = []
        seen = 0
        deadline = time.monotonic() + timeout
        while True:
            found.extend(call for call in self.calls[seen:] if predicate(call))
            seen = len(self.calls)
            if len(found) >= count:
                return found[:count]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    self._summary(f"{len(found)} of {count} expected calls arrived within {timeout} s")
                )
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._new_call.wait(), remaining)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        """Until condition() holds (checked every 10 ms); AssertionError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(self._summary(f"the condition did not hold within {timeout} s"))
            await asyncio.sleep(0.01)

    def _summary(self, headline: str, shown: int = 30) -> str:
        """The calls so far, getUpdates only counted, so a failed wait says what the bot did instead."""
        polls = sum(call.method.lower() == "getupdates" for call in self.calls)
        lines = [
            f"  {call.method} -> {call.status} {json.dumps(call.params, default=repr, ensure_ascii=False)[:300]}"
            for call in self.calls
            if call.method.lower() != "getupdates"
        ]
        head = f"{headline}; {len(self.calls)} calls so far ({polls} getUpdates not listed"
        head += f", last {shown} of {len(lines)} shown):" if len(lines) > shown else "):"
        return "\n".join([head, *lines[-shown:]])

    # --- failure injection ---

    def fail_next(
        self, method: str, status: int, description: str, retry_after: int | None = None, times: int = 1
    ) -> None:
        """The next `times` calls to method (case-insensitive) answer this error: PTB maps 400 to BadRequest,
        403 to Forbidden, 409 to Conflict, 5xx to NetworkError, and any status with retry_after to RetryAfter."""
        self._failures[method.lower()].extend([_Failure(status, description, retry_after)] * times)

    def reset_next(self, method: str, times: int = 1) -> None:
        """The next `times` calls to method are not answered: the connection is closed on arrival, as by a
        network fault, and the call has no effect (PTB raises NetworkError)."""
        self._resets[method.lower()] += times

    def delay_next(self, method: str, seconds: float) -> None:
        """The next call to method waits `seconds` before it is handled: a client that gives up first (a read
        timeout) leaves it unhandled, as a request Telegram never got to; it is listed in `abandoned`."""
        self._delays[method.lower()].append(seconds)

    # --- serving ---

    async def _serve(self, token: str, method: str, params: JSON) -> tuple[int, JSON] | None:
        """Status and JSON body for one API request (None: close the connection unanswered); the effect happens on
        arrival, the answer after latency."""
        if token != self.token:
            return 401, _error(401, "Unauthorized")
        key = method.lower()
        if self._resets.get(key):
            self._resets[key] -= 1
            return None
        if self._delays.get(key):
            seconds = self._delays[key].popleft()
            try:
                await asyncio.sleep(seconds)
            except asyncio.CancelledError:
                self.abandoned.append(method)
                raise
        if key == "getupdates":
            return await self._answer(method, key, params)
        self.in_flight += 1
        self.in_flight_max = max(self.in_flight, self.in_flight_max)
        try:
            return await self._answer(method, key, params)
        finally:
            self.in_flight -= 1

    async def _answer(self, method: str, key: str, params: JSON) -> tuple[int, JSON]:
        failures = self._failures.get(key)
        status, result, body = 200, None, None
        if failures:
            failure = failures.popleft()
            status, body = failure.status, failure.reply()
        elif key != "getupdates":
            try:
                result = self._methods.get(key, lambda params: True)(params)
                body = {"ok": True, "result": result}
            except _ApiError as error:
                status, body = error.status, _error(error.status, error.description)
        self.calls.append(Call(method, params, time.monotonic(), status, result))
        self._new_call = _pulse(self._new_call)
        if body is None:
            return 200, {"ok": True, "result": await self._get_updates(params)}
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        if self.held is not None:
            await self.held.wait()
        return status, body

    async def _get_updates(self, params: JSON) -> list[JSON]:
        """Confirms updates below offset, then long-polls: answers as soon as one is queued or timeout passes."""
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        if offset > 0:
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not self._updates and not self._closing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                await asyncio.wait_for(self._new_update.wait(), remaining)
            except asyncio.TimeoutError:
                break
        return self._updates[:limit]

    def _download(self, token: str, file_path: str) -> tuple[int, bytes | JSON]:
        """What GET /file/bot<token>/<file_path> answers."""
        if token != self.token:
            return 401, _error(401, "Unauthorized")
        if file_path not in self._downloads:
            return 404, _error(404, "Not Found")
        return 200, self._downloads[file_path]

    # --- Bot API methods ---

    def _send_message(self, params: JSON) -> JSON:
        chat = self._chat(params.get("chat_id"))
        return self._new_message(chat, self.bot_user, **self._formatted(params, "text"), **self._markup_fields(params))

    def _send_file(self, kind: str, params: JSON) -> JSON:
        chat = self._chat(params.get("chat_id"))
        value = params.get(kind)
        if isinstance(value, UploadedFile):
            file_id = self._store_file(value.content, value.file_name, f"{kind}s", value.content_type)["file_id"]
        elif isinstance(value, str) and value in self._files:
            file_id = value
        else:
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        media: Any = self._files[file_id][0]
        if kind == "photo":
            width, height = _png_size(self._downloads[self._files[file_id][1]])
            media = [
                {key: media[key] for key in ("file_id", "file_unique_id", "file_size")}
                | {"width": width, "height": height}
            ]
        caption = self._formatted(params, "caption") if params.get("caption") else {}
        return self._new_message(chat, self.bot_user, **{kind: media}, **caption, **self._markup_fields(params))

    def _edit(self, params: JSON, field: str | None) -> JSON | bool:
        """editMessageText/Caption/ReplyMarkup; Telegram refuses an edit that changes nothing."""
        if params.get("inline_message_id"):
            return True
        key = (params.get("chat_id"), params.get("message_id"))
        message = self._messages.get(key)
        if message is None or message["from"]["id"] != self.bot_id:
            raise _ApiError(400, "Bad Request: message to edit not found")
        if field == "text" and "text" not in message:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        updated = {name: value for name, value in message.items() if name not in ("reply_markup", "edit_date")}
        if field is not None:
            for name in (field, "entities" if field == "text" else "caption_entities"):
                updated.pop(name, None)
            if field == "text" or params.get("caption"):
                updated.update(self._formatted(params, field))
        updated.update(self._markup_fields(params))
        if updated == {name: value for name, value in message.items() if name != "edit_date"}:
            raise _ApiError(400, NOT_MODIFIED)
        updated["edit_date"] = int(time.time())
        self._messages[key] = updated
        if self._last_bot_message.get(key[0], {}).get("message_id") == key[1]:
            self._last_bot_message[key[0]] = updated
        return updated

    def _get_file(self, params: JSON) -> JSON:
        if params.get("file_id") not in self._files:
            raise _ApiError(400, "Bad Request: invalid file_id")
        file, file_path = self._files[params["file_id"]]
        return {key: file[key] for key in ("file_id", "file_unique_id", "file_size") if key in file} | {
            "file_path": file_path
        }

    def _set_webhook(self, params: JSON) -> bool:
        self.webhook = dict(params)
        return True

    def _delete_webhook(self, params: JSON) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    # --- helpers ---

    def _formatted(self, params: JSON, field: str) -> JSON:
        """text/caption plus its entities as Telegram stores them: HTML parsed, explicit entities kept, other parse
        modes left verbatim; Telegram's errors for empty and over-long texts."""
        source = str(params.get(field) or "")
        if not source.strip():
            raise _ApiError(400, f"Bad Request: message {field} is empty")
        entities_name = "entities" if field == "text" else "caption_entities"
        if str(params.get("parse_mode", "")).lower() == "html":
            text, entities = parse_html(source)
        else:
            text, entities = source, list(params.get(entities_name) or [])
        if field == "text" and len(text) > TEXT_LIMIT:
            raise _ApiError(400, "Bad Request: message is too long")
        if field == "caption" and len(text) > CAPTION_LIMIT:
            raise _ApiError(400, "Bad Request: message caption is too long")
        return {field: text, entities_name: entities} if entities else {field: text}

    @staticmethod
    def _markup_fields(params: JSON) -> JSON:
        markup = _inline_markup(params)
        return {"reply_markup": markup} if markup else {}

    def _user(self, user_id: int, first_name: str | None = None, language_code: str | None = None) -> JSON:
        """The user with this id, remembered so a button press carries the language of the user's messages."""
        user = self._users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": "Ann", "language_code": "en"}
        )
        if first_name is not None:
            user["first_name"] = first_name
        if language_code is not None:
            user["language_code"] = language_code
        return dict(user)

    def _chat(self, chat_id: Any, chat_type: str | None = None, user: JSON | None = None) -> JSON:
        """The chat with this id: as a test described it, else private for a positive id and a group otherwise."""
        if chat_id is None or chat_id == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if chat_type is None and chat_id in self._chats:
            return self._chats[chat_id]
        chat_type = chat_type or ("private" if isinstance(chat_id, int) and chat_id > 0 else "group")
        chat: JSON = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = (user or {}).get("first_name", "Ann")
        else:
            chat["title"] = f"Test {chat_type} {chat_id}"
        self._chats[chat_id] = chat
        return chat

    def _new_message(self, chat: JSON, sender: JSON, **content: Any) -> JSON:
        """A message with the chat's next message_id, stored so that edits, button presses and replies find it."""
        message = {
            "message_id": next(self._message_ids[chat["id"]]),
            "from": sender,
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        self._messages[(chat["id"], message["message_id"])] = message
        if sender["id"] == self.bot_id:
            self._last_bot_message[chat["id"]] = message
        return message

    def _queue(self, kind: str, payload: JSON) -> JSON:
        update = {"update_id": next(self._update_ids), kind: payload}
        self._updates.append(update)
        self._new_update = _pulse(self._new_update)
        return update

    def _store_file(self, content: bytes, file_name: str, folder: str, mime_type: str | None = None) -> JSON:
        """File metadata as in a Document; getFile and the download URL serve content under a file_path."""
        number = next(self._file_numbers)
        file = {
            "file_id": f"BQACAgIAAxkBAAI{number:06d}",
            "file_unique_id": f"AgAD{number:06d}",
            "file_name": file_name,
            "mime_type": mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream",
            "file_size": len(content),
        }
        file_path = f"{folder}/file_{number}{PurePosixPath(file_name).suffix}"
        self._files[file["file_id"]] = (file, file_path)
        self._downloads[file_path] = content
        return file


class _ApiHandler(tornado.web.RequestHandler):
    """POST (or GET) /bot<token>/<method>: decodes the form or multipart body and answers JSON."""

    def initialize(self, fake: FakeBotApi) -> None:
        self.fake = fake
        self._task: asyncio.Task[Any] | None = None
        self._gone = False

    async def post(self, token: str, method: str) -> None:
        params: JSON = {}
        for arguments in (self.request.query_arguments, self.request.body_arguments):
            for name, values in arguments.items():
                params[name] = _decode(name, values[-1].decode("utf-8", "replace"))
        for name, uploads in self.request.files.items():
            upload = uploads[-1]
            params[name] = UploadedFile(upload.filename, upload.content_type, upload.body)
        self._task = asyncio.current_task()
        try:
            served = await self.fake._serve(token, method, params)
        except asyncio.CancelledError:
            if self._gone:
                return  # the client hung up (PTB cancels its long poll on stop); nobody to answer
            raise
        finally:
            self._task = None
        if served is None:  # a network fault: the connection drops without an answer
            self._auto_finish = False
            self.request.connection.close()
            return
        status, body = served
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    get = post

    def on_connection_close(self) -> None:
        """Stops a held getUpdates or a latency sleep whose client is gone, instead of answering into the void."""
        self._gone = True
        if self._task is not None:
            self._task.cancel()


class _FileHandler(tornado.web.RequestHandler):
    """GET /file/bot<token>/<file_path>: the bytes of a stored file."""

    def initialize(self, fake: FakeBotApi) -> None:
        self.fake = fake

    def get(self, token: str, file_path: str) -> None:
        status, body = self.fake._download(token, file_path)
        self.set_status(status)
        if isinstance(body, bytes):
            self.set_header("Content-Type", "application/octet-stream")
            self.finish(body)
        else:
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(body))
