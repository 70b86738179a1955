"""What the engine says, before a front end renders it.

A reply is paragraphs of lines of styled spans, plus the choices a person can pick next. Front ends only render:
Telegram turns spans into escaped HTML and choices into buttons, the console numbers the choices, JSON takes the
plain text. Keeping the styles abstract is what lets escaping live in exactly one place per front end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Style = Literal["plain", "bold", "italic", "code", "pre"]
ChoiceKind = Literal["fact", "topic", "page", "lang"]


@dataclass(frozen=True)
class Span:
    """A run of text in one style."""

    text: str
    style: Style = "plain"


Line = tuple[Span, ...]
Paragraph = tuple[Line, ...]


@dataclass(frozen=True)
class Choice:
    """Something to pick next: a fact to open, a topic to browse, a page to turn to, a language."""

    kind: ChoiceKind
    key: str  # fact id, topic id or language code
    label: str
    page: int = 0  # for kind "page" (and "topic", which opens page 0)


@dataclass(frozen=True)
class Reply:
    """One message: paragraphs separated by blank lines, then its choices under an optional heading.

    `listed` says whether the choices belong in the text too (a decline's "did you mean" list, which must make
    sense without buttons) or are only things to press (an answer's related facts, a topic list's buttons).
    """

    language: str
    paragraphs: tuple[Paragraph, ...]
    choices: tuple[Choice, ...] = ()
    heading: str = ""  # shown above the choices ("Did you mean:", "Related:")
    listed: bool = False


def line(text: str, style: Style = "plain") -> Line:
    """A line of one span."""
    return (Span(text, style),)


def paragraph(*lines: str, style: Style = "plain") -> Paragraph:
    """A paragraph of plain (or uniformly styled) lines."""
    return tuple(line(text, style) for text in lines)


def simple(language: str, *paragraphs: str, style: Style = "plain") -> Reply:
    """A reply of plain paragraphs: the usual shape of a notice or a confirmation."""
    return Reply(language, tuple(paragraph(text, style=style) for text in paragraphs))


BULLET = "\u2022 "


def body(reply: Reply) -> tuple[Paragraph, ...]:
    """Every paragraph a formatted reply shows: its own, then its heading (bold) and, when listed, its choices.

    The heading shows whenever there are choices to press under it, even when they are not listed.
    """
    tail = [line(reply.heading, "bold")] if reply.heading and reply.choices else []
    if reply.listed:
        tail.extend(line(BULLET + choice.label) for choice in reply.choices)
    return (*reply.paragraphs, tuple(tail)) if tail else reply.paragraphs


def plain_text(reply: Reply, numbered: bool = False) -> str:
    """The reply as plain text: styles dropped, choices as bullets when listed, or numbered for a console to pick.

    Without `numbered`, choices that are only buttons (and their heading) are left out.
    """
    blocks = ["\n".join("".join(span.text for span in spans) for spans in lines) for lines in reply.paragraphs]
    if reply.choices and (reply.listed or numbered):
        items = [f"{number}. {c.label}" if numbered else BULLET + c.label for number, c in enumerate(reply.choices, 1)]
        blocks.append("\n".join([reply.heading, *items] if reply.heading else items))
    return "\n\n".join(blocks)
