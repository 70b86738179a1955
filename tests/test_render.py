"""Rendering engine replies: escaped HTML and buttons for Telegram, plain text for the console and JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.facade import Engine
from bot.engine.knowledge import KnowledgeStore
from bot.engine.reply import Choice, Reply, Span, paragraph, plain_text
from bot.telegram.render import Pressed, callback_data, keyboard, parse_callback, to_html

MINI = Path(__file__).parent / "fixtures" / "mini"
HOSTILE = "<b>x</b> & <script>"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(KnowledgeStore(MINI))


def test_every_span_is_escaped_and_styles_become_tags() -> None:
    reply = Reply("en", (((Span(HOSTILE), Span(HOSTILE, "bold")), (Span("a<b", "italic"),)),))
    html = to_html(reply)
    assert (
        html
        == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;<b>&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;</b>\n<i>a&lt;b</i>"
    )


def test_listed_choices_and_their_heading_are_escaped_too() -> None:
    reply = Reply(
        "en", (paragraph("Not sure."),), (Choice("fact", "f1", HOSTILE),), heading="Did <you> mean:", listed=True
    )
    assert (
        to_html(reply) == "Not sure.\n\n<b>Did &lt;you&gt; mean:</b>\n\u2022 &lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;"
    )
    assert plain_text(reply) == f"Not sure.\n\nDid <you> mean:\n\u2022 {HOSTILE}"


def test_unlisted_choices_are_only_buttons_in_plain_text_and_numbered_in_the_console() -> None:
    reply = Reply(
        "en", (paragraph("A fact."),), (Choice("fact", "a", "First"), Choice("fact", "b", "Second")), "Related:"
    )
    assert plain_text(reply) == "A fact."
    assert plain_text(reply, numbered=True) == "A fact.\n\nRelated:\n1. First\n2. Second"


def test_page_turns_and_languages_share_a_row_and_long_labels_are_cut() -> None:
    choices = (
        Choice("fact", "a", "x" * 100),
        Choice("page", "dairy", "Previous", 0),
        Choice("page", "dairy", "Next", 2),
        Choice("lang", "en", "English"),
        Choice("lang", "zh", "中文"),
    )
    markup = keyboard(Reply("en", (), choices))
    assert markup is not None
    rows = [[(button.text, button.callback_data) for button in row] for row in markup.inline_keyboard]
    assert rows[0] == [("x" * 59 + "\u2026", "f:a")]
    assert rows[1] == [("Previous", "p:dairy:0"), ("Next", "p:dairy:2")]
    assert rows[2] == [("English", "l:en"), ("中文", "l:zh")]


@pytest.mark.parametrize(
    ("data", "pressed"),
    [
        ("f:hohhot-rd", Pressed("fact", "hohhot-rd")),
        ("p:dairy:3", Pressed("page", "dairy", 3)),
        ("l:zh", Pressed("lang", "zh")),
        ("v:abc123:down", Pressed("vote", "abc123", vote="down")),
        ("p:dairy:\u00b2", None),  # a superscript two passes str.isdigit() but is no page number
        ("p:dairy:99999", None),
        ("p:Dairy:1", None),
        ("v:abc:meh", None),
        ("x:anything", None),
        ("", None),
    ],
)
def test_button_data_is_parsed_strictly(data: str, pressed: Pressed | None) -> None:
    assert parse_callback(data) == pressed


def test_callback_data_round_trips_through_the_parser() -> None:
    for choice in (Choice("fact", "yili-prize", "x"), Choice("page", "dairy", "x", 4), Choice("lang", "zh", "x")):
        parsed = parse_callback(callback_data(choice))
        assert parsed is not None and parsed.key == choice.key and parsed.page == choice.page


def test_the_engine_gives_every_front_end_the_same_answer(engine: Engine) -> None:
    answer = engine.ask("How many R&D institutions does Hohhot have?")
    assert answer.fact is not None
    text, html = plain_text(answer.reply), to_html(answer.reply)
    assert text.startswith(answer.fact.text) and html.startswith(answer.fact.text)
    assert "<i>Source: " in html and "\nSource: " in text


def test_browsing_pages_and_unknown_topics(engine: Engine) -> None:
    topics = engine.browse("", "en")
    assert [choice.kind for choice in topics.choices] == ["topic"] * len(engine.knowledge.base.topics)
    unknown = engine.browse("volcanoes", "en")
    assert plain_text(unknown).startswith('I have no topic called "volcanoes".')
    assert engine.page("no-such-topic", 0, "en") is None
    assert engine.fact("no-such-fact", "en") is None
