"""Telegram messages and keyboards built from the engine's answers: HTML, escaped, under 4,096 characters."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine.answers import HTML, Answer, fact_label, render, render_fact, render_topics, topic_name
from bot.engine.messages import text
from bot.engine.model import Fact, FactBase, Topic

MESSAGE_LIMIT = 4096
PAGE_CHARS = 3500  # leaves room for the heading and page line within Telegram's 4,096
FACTS_PER_PAGE = 5
BUTTON_LABEL = 60


@dataclass(frozen=True)
class View:
    """A message to send or edit: HTML text and its buttons."""

    html: str
    keyboard: InlineKeyboardMarkup | None = None


def _label(value: str) -> str:
    return value if len(value) <= BUTTON_LABEL else value[: BUTTON_LABEL - 1] + "\u2026"


def fact_button(fact: Fact, language: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(_label(fact_label(fact, language)), callback_data=f"f:{fact.id}")


def answer_view(reply: Answer, base: FactBase, feedback_token: str | None = None) -> View:
    """An answer with related follow-ups and feedback buttons, or a decline with "did you mean" choices."""
    rows: list[list[InlineKeyboardButton]] = []
    html = render(reply, base, HTML)
    if reply.fact is not None:
        if reply.related:
            html += f"\n\n<b>{text(reply.language, 'related')}</b>"
        rows.extend([fact_button(fact, reply.language)] for fact in reply.related)
    else:
        rows.extend([fact_button(fact, reply.language)] for fact in reply.suggestions)
    if feedback_token and reply.fact is not None:  # a decline is queued for curators already
        rows.append(
            [
                InlineKeyboardButton("\U0001f44d", callback_data=f"v:{feedback_token}:up"),
                InlineKeyboardButton("\U0001f44e", callback_data=f"v:{feedback_token}:down"),
            ]
        )
    return View(html, InlineKeyboardMarkup(rows) if rows else None)


def fact_view(fact: Fact, base: FactBase, language: str, related: tuple[Fact, ...]) -> View:
    """One fact, as sent when a button is pressed, with its own follow-ups."""
    html = render_fact(fact, base, language, HTML)
    if related:
        html += f"\n\n<b>{text(language, 'related')}</b>"
    rows = [[fact_button(other, language)] for other in related]
    return View(html, InlineKeyboardMarkup(rows) if rows else None)


def topics_view(base: FactBase, language: str) -> View:
    """The topic list, each topic a button with its count."""
    rows = [
        [
            InlineKeyboardButton(
                _label(f"{topic_name(topic, language)} ({len(base.facts_of_topic(topic.id))})"),
                callback_data=f"p:{topic.id}:0",
            )
        ]
        for topic in base.topics.values()
    ]
    return View(render_topics(base, language, HTML), InlineKeyboardMarkup(rows))


def pages(base: FactBase, topic: Topic, language: str) -> list[list[str]]:
    """The facts of a topic split into pages of at most FACTS_PER_PAGE facts and PAGE_CHARS characters."""
    result: list[list[str]] = [[]]
    size = 0
    for fact in base.facts_of_topic(topic.id):
        block = render_fact(fact, base, language, HTML)
        if result[-1] and (len(result[-1]) >= FACTS_PER_PAGE or size + len(block) > PAGE_CHARS):
            result.append([])
            size = 0
        result[-1].append(block[:PAGE_CHARS])
        size += len(block) + 2
    return result


def topic_page_view(base: FactBase, topic: Topic, language: str, page: int) -> View:
    """One page of a topic's facts with previous and next buttons."""
    all_pages = pages(base, topic, language)
    page = max(0, min(page, len(all_pages) - 1))
    count = len(base.facts_of_topic(topic.id))
    heading = f"<b>{HTML.escape(text(language, 'topic_facts', name=topic_name(topic, language), count=count))}</b>"
    parts = [heading, *all_pages[page]]
    if len(all_pages) > 1:
        parts.append(f"<i>{text(language, 'page', page=page + 1, pages=len(all_pages))}</i>")
    buttons = []
    if page > 0:
        buttons.append(InlineKeyboardButton(text(language, "previous"), callback_data=f"p:{topic.id}:{page - 1}"))
    if page < len(all_pages) - 1:
        buttons.append(InlineKeyboardButton(text(language, "next"), callback_data=f"p:{topic.id}:{page + 1}"))
    return View("\n\n".join(parts), InlineKeyboardMarkup([buttons]) if buttons else None)


def problems_html(language: str, problems: tuple[object, ...], heading: str, limit: int = 10) -> str:
    """A heading and the first `limit` problems (path:line: message), then how many more."""
    lines = [HTML.escape(heading)]
    lines.extend(f"<code>{HTML.escape(str(problem)[:300])}</code>" for problem in problems[:limit])
    if len(problems) > limit:
        lines.append(HTML.escape(text(language, "more_problems", count=len(problems) - limit)))
    return "\n".join(lines)
