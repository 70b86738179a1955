"""The wording of every reply built from the fact base: facts with their sources, topics, pages, sources.

Each function returns a `Reply` (see reply.py); the words themselves come from messages.py in both languages.
"""

from __future__ import annotations

from bot.engine.decision import Match
from bot.engine.detail import CURRENCY_NAMES
from bot.engine.messages import pick, text
from bot.engine.model import Fact, FactBase, Source, Topic
from bot.engine.reply import BULLET, Choice, Paragraph, Reply, line, paragraph

FACTS_PER_PAGE = 5
PAGE_CHARS = 3500  # a page of facts stays well inside one message (Telegram allows 4,096 characters)
HINT_TOPICS = 6  # a decline names this many topics: a phone screen has no room for all of them


def fact_label(fact: Fact, language: str) -> str:
    """A short label for a fact (its first example question in the language), for choices and buttons."""
    for example in fact.examples:
        if example.language == language:
            return example.text
    return fact.examples[0].text if fact.examples else fact.id


def fact_choices(facts: tuple[Fact, ...], language: str) -> tuple[Choice, ...]:
    return tuple(Choice("fact", fact.id, fact_label(fact, language)) for fact in facts)


def source_line(source: Source, language: str) -> str:
    """Title, publisher and date of a source, saying when the exact date is not known."""
    date = source.date if len(source.date) == 10 else text(language, "date_partial", date=source.date)
    title = pick(language, source.title, source.title_zh)
    publisher = pick(language, source.publisher, source.publisher_zh)
    return text(language, "source_line", title=title, publisher=publisher, date=date)


def topic_name(topic: Topic, language: str) -> str:
    return pick(language, topic.name, topic.name_zh)


def topic_list(base: FactBase, language: str) -> str:
    """The largest topics by name, for a decline's pointer."""
    ranked = sorted(base.topics.values(), key=lambda topic: -len(base.facts_of_topic(topic.id)))
    names = [topic_name(topic, language) for topic in ranked[:HINT_TOPICS]]
    return ("、" if language == "zh" else ", ").join(names)


def fact_text(fact: Fact, language: str) -> str:
    return pick(language, fact.text, fact.text_zh)


def fact_paragraph(fact: Fact, base: FactBase, language: str) -> Paragraph:
    """A fact with its source line: the unit of every answer and every topic page."""
    body = line(fact_text(fact, language))
    source = base.sources.get(fact.source)
    return (body,) if source is None else (body, line(source_line(source, language), "italic"))


def fact_reply(fact: Fact, base: FactBase, language: str, related: tuple[Fact, ...]) -> Reply:
    """One fact, with the related facts to open next."""
    heading = text(language, "related") if related else ""
    return Reply(language, (fact_paragraph(fact, base, language),), fact_choices(related, language), heading)


def topics_reply(base: FactBase, language: str, notice: str = "") -> Reply:
    """The topic list with the number of facts in each; each topic is also a choice."""
    counted = [(topic, len(base.facts_of_topic(topic.id))) for topic in base.topics.values()]
    labels = [text(language, "topic_line", name=topic_name(topic, language), count=count) for topic, count in counted]
    title = line(text(language, "topics_title", count=len(base.facts)), "bold")
    listing = (title, *(line(BULLET + label) for label in labels))
    paragraphs = ((paragraph(notice),) if notice else ()) + (listing,)
    choices = tuple(Choice("topic", topic.id, label) for (topic, _), label in zip(counted, labels, strict=True))
    return Reply(language, paragraphs, choices)


def topic_pages(base: FactBase, topic: Topic, language: str) -> list[list[Paragraph]]:
    """The facts of a topic split into pages of at most FACTS_PER_PAGE facts and PAGE_CHARS characters."""
    pages: list[list[Paragraph]] = [[]]
    size = 0
    for fact in base.facts_of_topic(topic.id):
        block = fact_paragraph(fact, base, language)
        length = sum(len(span.text) for spans in block for span in spans)
        if pages[-1] and (len(pages[-1]) >= FACTS_PER_PAGE or size + length > PAGE_CHARS):
            pages.append([])
            size = 0
        pages[-1].append(block)
        size += length + 2
    return pages


def topic_page_reply(base: FactBase, topic: Topic, language: str, page: int) -> Reply:
    """One page of a topic's facts, with choices for the previous and next pages."""
    pages = topic_pages(base, topic, language)
    page = max(0, min(page, len(pages) - 1))
    count = len(base.facts_of_topic(topic.id))
    heading = paragraph(text(language, "topic_facts", name=topic_name(topic, language), count=count), style="bold")
    paragraphs = [heading, *pages[page]]
    if len(pages) > 1:
        paragraphs.append(paragraph(text(language, "page", page=page + 1, pages=len(pages)), style="italic"))
    choices = []
    if page > 0:
        choices.append(Choice("page", topic.id, text(language, "previous"), page - 1))
    if page < len(pages) - 1:
        choices.append(Choice("page", topic.id, text(language, "next"), page + 1))
    return Reply(language, tuple(paragraphs), tuple(choices))


def sources_reply(base: FactBase, language: str) -> Reply:
    """Every source article with its date, and what is not known about it."""
    paragraphs = []
    for source in base.sources.values():
        publisher = pick(language, source.publisher, source.publisher_zh)
        lines = [line(pick(language, source.title, source.title_zh), "bold"), line(f"{publisher}, {source.date}")]
        note = pick(language, source.date_note, source.date_note_zh)
        if note:
            lines.append(line(note, "italic"))
        paragraphs.append(tuple(lines))
    return Reply(language, tuple(paragraphs))


def examples(base: FactBase, count: int = 3) -> tuple[Fact, ...]:
    """A few facts spread over the fact base, whose first example questions show what can be asked."""
    return base.facts[:: max(1, len(base.facts) // count)][:count]


def welcome_reply(base: FactBase, language: str) -> Reply:
    """/start: what the bot knows, and three example questions to press."""
    intro = paragraph(text(language, "start", facts=len(base.facts), sources=len(base.sources)))
    return Reply(language, (intro,), fact_choices(examples(base), language))


def help_reply(language: str, username: str, admin: bool) -> Reply:
    """/help: how to ask and the commands, with the admin commands for admins."""
    texts = [text(language, "help", username=username)]
    if admin:
        texts.append(text(language, "help_admin"))
    return Reply(language, tuple(paragraph(t) for t in texts))


def about_reply(base: FactBase, language: str) -> Reply:
    return Reply(language, (paragraph(text(language, "about", facts=len(base.facts), sources=len(base.sources))),))


def language_reply(language: str) -> Reply:
    """/lang without an argument: the languages to choose from."""
    choices = (Choice("lang", "en", "English"), Choice("lang", "zh", "中文"))
    return Reply(language, (paragraph(text(language, "lang_choose")),), choices)


def decline_reply(match: Match, base: FactBase, language: str, suggestions: tuple[Fact, ...]) -> Reply:
    """Not sure or not known: say so, naming what the fact base has no facts about, and point somewhere useful."""
    lacking = _lacking(match, base, language)
    if lacking is not None:
        return lacking
    if match.decision == "suggested":
        opening = text(language, "not_sure")
    elif match.foreign or match.unknown_names:
        foreign = [pick(language, base.entities[e].name, base.entities[e].name_zh) for e in match.foreign]
        opening = text(language, "decline_entity", names=", ".join([*foreign, *match.unknown_names]))
    elif not match.tokens:
        return Reply(language, (paragraph(text(language, "no_words", topics=topic_list(base, language))),))
    else:
        opening = text(language, "decline")
    if suggestions:
        heading = text(language, "did_you_mean" if match.decision == "suggested" else "related_facts")
        return Reply(language, (paragraph(opening),), fact_choices(suggestions, language), heading, listed=True)
    hint = text(language, "topics_hint", topics=topic_list(base, language))
    return Reply(language, (paragraph(opening, hint),))


def _lacking(match: Match, base: FactBase, language: str) -> Reply | None:
    """When the closest fact is about the subject but lacks what was asked: say what is missing, and what is known.

    "Which four companies got the financing?" gets "The articles don't name the four companies." and the fact
    that four companies got it, rather than a bare "I don't know" or, worse, that fact as if it answered.
    """
    lacking = next((c for c in match.excluded if c.cause == "answer"), None)
    if lacking is None or match.decision != "declined" or any(c.score > lacking.score for c in match.candidates):
        return None
    reading = match.reading
    key = f"lacks_{reading.wants}" if reading.wants else "lacks_topic" if reading.topic else "lacks_anything"
    if reading.kind in ("each", "part", "month", "day", "person"):
        key = f"lacks_{reading.kind}"  # what is missing is the detail: the total, the year, the newspaper are known
    currency = CURRENCY_NAMES.get(reading.kind)
    if currency:
        key = "lacks_currency"
    places = [base.entities[e] for e in match.entities if e in base.entities and base.entities[e].kind == "place"]
    where = ", ".join(pick(language, place.name, place.name_zh) for place in places)
    opening = text(
        language,
        key,
        focus=reading.focus or text(language, "that"),
        topic=reading.topic,
        where=text(language, "where_in", place=where) if where else "",
        currency=pick(language, *currency) if currency else "",
    )
    fact = base.fact_by_id[lacking.fact_id]
    known = (line(text(language, "known_instead"), "bold"), *fact_paragraph(fact, base, language))
    return Reply(language, (paragraph(opening), known))
