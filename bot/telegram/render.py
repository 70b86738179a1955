"""Engine replies as Telegram messages: escaped HTML and inline keyboards. The only place that escapes HTML.

Button data is parsed back strictly here too, because every button press can be forged: a callback carries at most
64 bytes and only the shapes built below are accepted.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine.reply import Choice, Reply, Span, body

BUTTON_LABEL = 60
_SHARED_ROW = ("page", "lang")
_TAGS = {"bold": "b", "italic": "i", "code": "code", "pre": "pre"}
_PAGE_DATA = re.compile(r"p:([a-z0-9-]+):([0-9]{1,4})")


def escape(value: str) -> str:
    """Escape text for Telegram's HTML parse mode."""
    return html.escape(value, quote=False)


def span_html(span: Span) -> str:
    tag = _TAGS.get(span.style)
    return f"<{tag}>{escape(span.text)}</{tag}>" if tag else escape(span.text)


def to_html(reply: Reply) -> str:
    """The reply's paragraphs, then its heading and (when listed) its choices as bullets (see `body`)."""
    paragraphs = body(reply)
    return "\n\n".join("\n".join("".join(span_html(span) for span in spans) for spans in lines) for lines in paragraphs)


def label(value: str) -> str:
    return value if len(value) <= BUTTON_LABEL else value[: BUTTON_LABEL - 1] + "\u2026"


def callback_data(choice: Choice) -> str:
    if choice.kind == "fact":
        return f"f:{choice.key}"
    if choice.kind in ("topic", "page"):
        return f"p:{choice.key}:{choice.page}"
    return f"l:{choice.key}"


def keyboard(reply: Reply, extra: list[list[InlineKeyboardButton]] | None = None) -> InlineKeyboardMarkup | None:
    """One button per row, except page turns and languages, which share a row of their kind."""
    rows: list[list[InlineKeyboardButton]] = []
    shared: dict[str, list[InlineKeyboardButton]] = {}
    for choice in reply.choices:
        button = InlineKeyboardButton(label(choice.label), callback_data=callback_data(choice))
        if choice.kind in _SHARED_ROW:
            if choice.kind not in shared:
                shared[choice.kind] = []
                rows.append(shared[choice.kind])
            shared[choice.kind].append(button)
        else:
            rows.append([button])
    rows.extend(extra or [])
    return InlineKeyboardMarkup(rows) if rows else None


@dataclass(frozen=True)
class Pressed:
    """A parsed button press: what kind, which key, and the page or vote when there is one."""

    kind: str  # "fact", "page", "lang", "vote", "topics" or "none"
    key: str
    page: int = 0
    vote: str = ""


def parse_callback(data: str) -> Pressed | None:
    """The button a callback names, or None for anything this bot never built."""
    kind, _, rest = data.partition(":")
    if kind == "f" and rest:
        return Pressed("fact", rest)
    if kind == "p" and (found := _PAGE_DATA.fullmatch(data)):
        return Pressed("page", found[1], int(found[2]))
    if kind == "l" and rest:
        return Pressed("lang", rest)
    if kind in ("t", "x") and not rest:
        return Pressed("topics" if kind == "t" else "none", "")
    if kind == "v":
        token, _, vote = rest.rpartition(":")
        return Pressed("vote", token, vote=vote) if token and vote in ("up", "down") else None
    return None
