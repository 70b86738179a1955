"""The one send path: every reply fits Telegram's limits, split where it may be, never cut inside a tag."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardButton

from bot.engine.reply import Choice, Reply, Span, body, paragraph, plain_text
from bot.telegram.render import to_html
from bot.telegram.send import CAPTION_LIMIT, ELLIPSIS, TEXT_LIMIT, _markup, fit, shorten
from tests.fakebotapi import parse_html


def shown(reply: Reply) -> str:
    """What Telegram shows for a part: its HTML parsed as Telegram parses it (this raises on a broken tag)."""
    return parse_html(to_html(reply))[0]


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_a_short_reply_is_one_message_with_its_buttons() -> None:
    reply = Reply("en", (paragraph("Hohhot has 464."),), (Choice("fact", "a", "A"),), "Related:")
    [part] = fit(reply)
    assert to_html(part) == to_html(reply) and part.choices == reply.choices


def test_a_reload_summary_of_a_thousand_changes_is_split_at_spaces() -> None:
    ids = [f"fact-number-{number}" for number in range(1000)]
    reply = Reply("en", (paragraph("Reloaded 1000 facts.", "Added: " + ", ".join(ids) + "."),))
    parts = fit(reply)
    texts = [shown(part) for part in parts]
    assert len(parts) > 1 and all(units(text) <= TEXT_LIMIT for text in texts)
    joined = " ".join(texts)
    assert all(f"{fact_id}," in joined or f"{fact_id}." in joined for fact_id in ids)  # no id cut in two


def test_paragraphs_are_kept_whole_when_they_fit() -> None:
    paragraphs = tuple(paragraph(f"Paragraph {number}: " + "word " * 150) for number in range(20))
    parts = fit(Reply("en", paragraphs))
    assert all(units(shown(part)) <= TEXT_LIMIT for part in parts)
    assert sum(len(part.paragraphs) for part in parts) == 20  # none split across two messages


def test_styles_survive_a_split_and_the_buttons_go_last() -> None:
    choices = (Choice("fact", "a", "A"), Choice("fact", "b", "B"))
    reply = Reply("en", ((((Span("<b>&amp;</b> " * 600, "bold"),)),),), choices, "Did you mean:", listed=True)
    parts = fit(reply)
    assert len(parts) > 1 and all(not part.choices for part in parts[:-1]) and parts[-1].choices == choices
    for part in parts:
        html = to_html(part)
        assert units(shown(part)) <= TEXT_LIMIT
        assert html.count("<b>") == html.count("</b>")
    assert shown(parts[-1]).endswith("Did you mean:\n\u2022 A\n\u2022 B")


def test_a_preformatted_table_is_split_between_its_rows() -> None:
    table = "\n".join(f"{number:5d} | some question text that repeats" for number in range(400))
    parts = fit(Reply("en", (paragraph(table, style="pre"),)))
    assert len(parts) > 1
    for part in parts:
        html = to_html(part)
        assert html.startswith("<pre>") and html.endswith("</pre>") and html.count("<pre>") == 1
        assert all(len(row) == len("    0 | some question text that repeats") for row in shown(part).split("\n"))


def test_past_the_most_parts_the_text_ends_with_an_ellipsis() -> None:
    parts = fit(Reply("en", (paragraph("x" * 100_000),)))
    assert len(parts) == 10 and shown(parts[-1]).endswith(ELLIPSIS) and units(shown(parts[-1])) <= TEXT_LIMIT
    [single] = fit(Reply("en", (paragraph("y " * 5000),)), max_parts=1)
    assert shown(single).endswith(ELLIPSIS) and units(shown(single)) <= TEXT_LIMIT


def test_emoji_count_twice_as_telegram_counts_them() -> None:
    parts = fit(Reply("en", (paragraph("\U0001f600" * 3000),)))
    assert [units(shown(part)) for part in parts] == [4096, 1904]


def test_a_caption_is_shortened() -> None:
    assert shorten("a" * 2000, CAPTION_LIMIT) == "a" * (CAPTION_LIMIT - 1) + ELLIPSIS
    assert shorten("short", CAPTION_LIMIT) == "short"


def test_a_button_whose_data_would_not_fit_is_left_out() -> None:
    reply = Reply("en", (paragraph("x"),), (Choice("fact", "f" * 70, "Too long"), Choice("fact", "ok", "Fine")))
    extra = [[InlineKeyboardButton("v", callback_data="v:" + "0" * 32 + ":up")]]
    markup = _markup(reply, extra)
    assert markup is not None
    assert [[button.text for button in row] for row in markup.inline_keyboard] == [["Fine"], ["v"]]


styles = st.sampled_from(["plain", "bold", "italic", "code", "pre"])
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=3000)
spans = st.builds(Span, texts, styles)
replies = st.builds(
    Reply,
    st.just("en"),
    st.lists(
        st.lists(st.lists(spans, min_size=1, max_size=3).map(tuple), min_size=1, max_size=4).map(tuple), max_size=6
    )
    .map(tuple)
    .filter(lambda paragraphs: any(span.text.strip() for p in paragraphs for line in p for span in line)),
)


@settings(max_examples=150, deadline=None)
@given(reply=replies)
def test_any_reply_fits_and_loses_only_the_breaks_it_was_split_at(reply: Reply) -> None:
    parts = fit(reply)
    for part in parts:
        assert units(shown(part)) <= TEXT_LIMIT  # and parse_html raised on no broken tag
    if len(parts) < 10:
        whole = "".join(plain_text(Reply("en", body(reply))).split())
        assert "".join("".join(plain_text(part).split()) for part in parts) == whole
