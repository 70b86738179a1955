"""What the bot knows about one thing: the reply to a message that names an entity or a topic and asks nothing
specific ("yili", "tell me about Baotou", "What can you tell me?")."""

from __future__ import annotations

import re

from bot.engine.knowledge import Knowledge
from bot.engine.messages import pick, text
from bot.engine.model import Fact
from bot.engine.question import read
from bot.engine.replies import fact_choices, fact_text, topic_name, topics_reply
from bot.engine.reply import BULLET, Reply, line, paragraph

OVERVIEW_FACTS = 5
OVERVIEW_WORDS = frozenset("info inform overview summari detail fact everyth more 介绍 概况 信息 资料 情况".split())
# Asking for everything about something: "tell me about Baotou", "what about yili?", "包头呢？", "介绍一下伊利".
EVERYTHING_ABOUT = re.compile(
    r"\b(?:tell|talk)\s+(?:me\s+|us\s+)?about\b|^\W*(?:what|how)\s+about\b|呢\W*$|介绍|说说|讲讲"
    r"|\b(?:the\s+)?(?:lowdown|low-down|rundown|run-down|scoop)\s+on\b",
    re.IGNORECASE,
)


def overview_of(
    knowledge: Knowledge, named: tuple[str, ...], content: list[str], message: str, language: str
) -> Reply | None:
    """What the bot knows about the one entity or topic a message names without asking anything specific.

    "yili", "north hauler", "tell me about Baotou": a short list of that entity's facts, each to open with its
    source. "What can you tell me?": the topics. None when the message asks something or names nothing known.
    """
    if read(message).wants is not None or len(named) > 1:
        return None
    if named and any(word not in OVERVIEW_WORDS for word in content):
        return None  # "yili award" asks about something: it is a question, not a request for an overview
    if not named and len(content) > 2:
        return None  # a topic is named in a word or two ("dairy", "mining trucks")
    found = _overview_facts(knowledge, named, content, message, language)
    if found is None:
        return topics_reply(knowledge.base, language, text(language, "overview_all")) if not content else None
    title, facts = found
    shown = facts[:OVERVIEW_FACTS]
    lines = (
        line(text(language, "overview", name=title), "bold"),
        *(line(BULLET + fact_text(f, language)) for f in shown),
    )
    hidden = len(facts) - len(shown)
    more = (paragraph(text(language, "overview_more", count=hidden)),) if hidden else ()
    return Reply(language, (lines, *more), fact_choices(shown, language), text(language, "open_with_source"))


def _overview_facts(
    knowledge: Knowledge, named: tuple[str, ...], content: list[str], message: str, language: str
) -> tuple[str, tuple[Fact, ...]] | None:
    """The title and facts of the entity named, or else of the topic meant; None for neither (or no facts)."""
    base = knowledge.base
    if named:
        entity = base.entities[named[0]]
        facts = tuple(base.fact_by_id[f] for f in knowledge.matcher.index.by_entity.get(named[0], ()))
        title = pick(language, entity.name, entity.name_zh)
    else:
        topic_id = knowledge.matcher.find_topic(message) if content else None
        if topic_id is None:
            return None
        facts = base.facts_of_topic(topic_id)
        title = topic_name(base.topics[topic_id], language)
    return (title, facts) if facts else None
