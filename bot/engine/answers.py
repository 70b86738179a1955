"""What a person reads: an answer with its source, or an honest decline with pointers.

`answer()` is the one entry point every front end calls. `render()` turns an `Answer` into text with a `Markup`
(plain for the command line, HTML for Telegram), so the wording exists once and every curated or user-supplied
piece goes through the markup's escape.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from bot.engine.decision import Decision, Match
from bot.engine.knowledge import Knowledge
from bot.engine.matcher import MAX_QUESTION_CHARS
from bot.engine.messages import pick, text
from bot.engine.model import Fact, FactBase, Source, Topic
from bot.engine.normalise import detect_language


@dataclass(frozen=True)
class Markup:
    """How to escape and emphasise text for one front end."""

    escape: Callable[[str], str]
    bold: Callable[[str], str]
    italic: Callable[[str], str]


PLAIN = Markup(escape=lambda s: s, bold=lambda s: s, italic=lambda s: s)
HTML = Markup(escape=html.escape, bold=lambda s: f"<b>{s}</b>", italic=lambda s: f"<i>{s}</i>")


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question, before it is rendered for a front end."""

    question: str
    language: str
    decision: Decision
    fact: Fact | None
    source: Source | None
    suggestions: tuple[Fact, ...]
    related: tuple[Fact, ...]
    match: Match | None  # None when the input was empty or too long to match
    notice: str = ""  # the reply to input that was not matched (empty, too long)

    @property
    def answered(self) -> bool:
        return self.fact is not None


def answer(knowledge: Knowledge, question: str, language: str | None = None) -> Answer:
    """Answer a question from the fact base. Never raises, whatever the input."""
    question = question.strip()
    language = language or detect_language(question)
    base = knowledge.base
    if not question or len(question) > MAX_QUESTION_CHARS:
        notice = (
            text(language, "empty", example=_first_example(base, language))
            if not question
            else text(language, "too_long", length=len(question), limit=MAX_QUESTION_CHARS)
        )
        return Answer(question, language, "declined", None, None, (), (), None, notice)
    match = knowledge.matcher.match(question)
    fact = base.fact_by_id[match.fact_id] if match.fact_id else None
    source = base.sources.get(fact.source) if fact else None
    suggestions = tuple(base.fact_by_id[f] for f in match.suggestions)
    related = tuple(base.fact_by_id[f] for f in knowledge.matcher.related(fact.id)) if fact else ()
    return Answer(question, language, match.decision, fact, source, suggestions, related, match)


def _first_example(base: FactBase, language: str) -> str:
    for fact in base.facts:
        for example in fact.examples:
            if example.language == language:
                return example.text
    return "How many R&D institutions does Hohhot have?"


def fact_label(fact: Fact, language: str) -> str:
    """A short label for a fact (its first example question), for suggestion lists and buttons."""
    for example in fact.examples:
        if example.language == language:
            return example.text
    return fact.examples[0].text if fact.examples else fact.id


def source_line(source: Source, language: str) -> str:
    """Title, publisher and date of a source, saying when the exact date is not known."""
    date = source.date if len(source.date) == 10 else text(language, "date_partial", date=source.date)
    title = pick(language, source.title, source.title_zh)
    publisher = pick(language, source.publisher, source.publisher_zh)
    return text(language, "source_line", title=title, publisher=publisher, date=date)


def topic_name(topic: Topic, language: str) -> str:
    return pick(language, topic.name, topic.name_zh)


HINT_TOPICS = 6


def topic_list(base: FactBase, language: str) -> str:
    """The largest topics by name, for a decline's pointer: a phone screen has no room for all of them."""
    ranked = sorted(base.topics.values(), key=lambda topic: -len(base.facts_of_topic(topic.id)))
    names = [topic_name(topic, language) for topic in ranked[:HINT_TOPICS]]
    return ("、" if language == "zh" else ", ").join(names)


def render_fact(fact: Fact, base: FactBase, language: str, markup: Markup = PLAIN) -> str:
    """A fact with its source line: the unit of every answer and every /facts listing."""
    body = markup.escape(pick(language, fact.text, fact.text_zh))
    source = base.sources.get(fact.source)
    if source is None:
        return body
    return f"{body}\n{markup.italic(markup.escape(source_line(source, language)))}"


def render_topics(base: FactBase, language: str, markup: Markup = PLAIN) -> str:
    """The topic list with the number of facts in each."""
    lines = [markup.bold(markup.escape(text(language, "topics_title", count=len(base.facts))))]
    for topic in base.topics.values():
        count = len(base.facts_of_topic(topic.id))
        lines.append(
            markup.escape(f"\u2022 {text(language, 'topic_line', name=topic_name(topic, language), count=count)}")
        )
    return "\n".join(lines)


def render_topic_facts(base: FactBase, topic: Topic, language: str, markup: Markup = PLAIN) -> list[str]:
    """The facts of one topic, one block each, so that a front end can paginate them."""
    return [render_fact(fact, base, language, markup) for fact in base.facts_of_topic(topic.id)]


def render_sources(base: FactBase, language: str, markup: Markup = PLAIN) -> str:
    """Every source article with its date, and what is not known about it."""
    blocks = []
    for source in base.sources.values():
        title = markup.bold(markup.escape(pick(language, source.title, source.title_zh)))
        publisher = markup.escape(pick(language, source.publisher, source.publisher_zh))
        note = pick(language, source.date_note, source.date_note_zh)
        block = f"{title}\n{publisher}, {markup.escape(source.date)}"
        blocks.append(block + (f"\n{markup.italic(markup.escape(note))}" if note else ""))
    return "\n\n".join(blocks)


def render(reply: Answer, base: FactBase, markup: Markup = PLAIN) -> str:
    """The reply as the person reads it."""
    language = reply.language
    if reply.notice:
        return markup.escape(reply.notice)
    if reply.fact is not None:
        return render_fact(reply.fact, base, language, markup)
    lines: list[str] = []
    match = reply.match
    if reply.decision == "suggested":
        lines.append(markup.escape(text(language, "not_sure")))
    elif match is not None and (match.foreign or match.unknown_names):
        names = ", ".join(
            [
                *(pick(language, base.entities[e].name, base.entities[e].name_zh) for e in match.foreign),
                *match.unknown_names,
            ]
        )
        lines.append(markup.escape(text(language, "decline_entity", names=names)))
    elif match is not None and not match.tokens:
        lines.append(markup.escape(text(language, "no_words", topics=topic_list(base, language))))
        return "\n".join(lines)
    else:
        lines.append(markup.escape(text(language, "decline")))
    if reply.suggestions:
        heading = "did_you_mean" if reply.decision == "suggested" else "related_facts"
        lines.append(markup.bold(markup.escape(text(language, heading))))
        lines.extend(f"\u2022 {markup.escape(fact_label(fact, language))}" for fact in reply.suggestions)
    else:
        lines.append(markup.escape(text(language, "topics_hint", topics=topic_list(base, language))))
    return "\n".join(lines)


def to_json(reply: Answer, base: FactBase) -> dict[str, object]:
    """The machine-readable form used by `ask --json`: exactly what the person reads, plus the decision."""
    source = reply.source
    return {
        "question": reply.question,
        "answered": reply.answered,
        "decision": reply.decision,
        "language": reply.language,
        "text": render(reply, base),
        "fact_id": reply.fact.id if reply.fact else None,
        "score": reply.match.score if reply.match else 0.0,
        "rule": reply.match.rule if reply.match else reply.notice,
        "suggestions": [{"fact_id": f.id, "text": pick(reply.language, f.text, f.text_zh)} for f in reply.suggestions],
        "source": (
            {"id": source.id, "title": source.title, "publisher": source.publisher, "date": source.date}
            if source
            else None
        ),
    }
