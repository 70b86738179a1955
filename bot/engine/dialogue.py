"""A message read in its conversation: small talk, a follow-up of the last question, an overview, or a question.

Follow-ups, the way people talk after an answer:
- an entity switch ("what about Baotou?", "and Mengniu?", "包头呢？") asks the last question again about the new
  entity, with its names put in place of the old ones;
- a question that points back ("who leads it?", "它在哪里？") or names nothing ("in dollars?", "which universities
  are helping?") is read with the names the last question was about, and on its own; the reading with context wins
  only when it answers (or, pointing back, answers something else), so a question that stands alone stays alone.
The same checks decide every reading, so context never turns a decline into a wrong answer; and a reply read with
context says how it was understood ("Baotou — R&D institutions"), so a wrong reading shows.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.answers import Answer, answer, answer_with
from bot.engine.conversation import Turn
from bot.engine.decision import MARGIN
from bot.engine.knowledge import Knowledge
from bot.engine.messages import pick, text
from bot.engine.model import Entity, Fact
from bot.engine.normalise import detect_language, marked_entities
from bot.engine.phrasing import asks, refers_back
from bot.engine.question import read
from bot.engine.replies import fact_choices, fact_text, topic_name, topics_reply
from bot.engine.reply import BULLET, Reply, line, paragraph
from bot.engine.smalltalk import small_talk, small_talk_reply


def respond(knowledge: Knowledge, message: str, language: str | None, last: Turn | None) -> Answer:
    """The reply to a message, given the chat's last turn (None: no context)."""
    message = message.strip()
    language = language or detect_language(message)
    kind = small_talk(message)
    if kind is not None:
        return Answer(
            message, language, "smalltalk", None, None, (), (), None, small_talk_reply(kind, knowledge, language)
        )
    tokens = knowledge.matcher.tokens(message)
    named = marked_entities(tokens)
    content = [token for token in tokens if not token.startswith("@")]
    if last is not None and named and not content and _switches(message, named, last):
        return _switch(knowledge, message, language, last, named)
    if last is not None and (refers_back(message) or not named):
        followed = _with_context(knowledge, message, language, last)
        if followed is not None:
            return followed
    return _standalone_or_overview(knowledge, message, language, named, content)


def _standalone_or_overview(
    knowledge: Knowledge, message: str, language: str, named: tuple[str, ...], content: list[str]
) -> Answer:
    """The message answered on its own, or what the bot knows about the one thing it names."""
    standalone = answer(knowledge, message, language)
    names_only = bool(named) and all(word in _OVERVIEW_WORDS for word in content)  # "yili", "baotou overview"
    everything = names_only and (bool(content) or _EVERYTHING_ABOUT.search(message) is not None)
    if standalone.answered and not everything:
        return standalone  # an answer beats an overview, unless everything about something was asked for
    if standalone.suggestions and not names_only:
        return standalone  # did-you-mean choices beat an overview, except for a bare name
    overview = _overview(knowledge, named, content, message, language)
    if overview is None:
        return standalone
    return replace(standalone, decision="suggested", fact=None, source=None, suggestions=(), related=(), reply=overview)


OVERVIEW_FACTS = 5
_OVERVIEW_WORDS = frozenset("info inform overview summari detail fact everyth more 介绍 概况 信息 资料 情况".split())
# Asking for everything about something: "tell me about Baotou", "what about yili?", "包头呢？", "介绍一下伊利".
_EVERYTHING_ABOUT = re.compile(
    r"\b(?:tell|talk)\s+(?:me\s+|us\s+)?about\b|^\W*(?:what|how)\s+about\b|呢\W*$|介绍|说说|讲讲", re.IGNORECASE
)


def _overview(
    knowledge: Knowledge, named: tuple[str, ...], content: list[str], message: str, language: str
) -> Reply | None:
    """What the bot knows about the one entity or topic a message names without asking anything specific.

    "yili", "north hauler", "tell me about Baotou": a short list of that entity's facts, each to open with its
    source. "What can you tell me?": the topics. None when the message asks something or names nothing known.
    """
    if read(message).wants is not None or len(named) > 1:
        return None
    if named and any(word not in _OVERVIEW_WORDS for word in content):
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


# How a follow-up moves the last question to something else: "what about Baotou?", "and Mengniu?", "包头呢？".
_SWITCH = re.compile(r"^\W*(?:and\s+)?(?:what|how)\s+about\b|呢\W*$", re.IGNORECASE)


def _switches(message: str, named: tuple[str, ...], last: Turn) -> bool:
    """Whether a message that only names something moves the last question to it. "What is the capital of Inner
    Mongolia?" names Hohhot alone but asks a question of its own; "Hohhot?" after a question about Hohhot moves
    nothing."""
    if set(named) <= set(last.entities):
        return False
    return not asks(message) or _SWITCH.search(message) is not None


def _switch(knowledge: Knowledge, message: str, language: str, last: Turn, named: tuple[str, ...]) -> Answer:
    """ "What about Baotou?": the last question again, about the entity now named."""
    entities = knowledge.base.entities
    new = [entities[e] for e in named if e in entities]
    old = [entities[e] for e in last.entities if e in entities]
    same_kind = [entity for entity in old if any(entity.kind == n.kind for n in new)] or old
    rewritten = last.question
    names = " ".join(pick(language, entity.name, entity.name_zh) for entity in new)
    for entity in same_kind:
        rewritten = _replace_name(rewritten, entity, names)
    context: tuple[str, ...] = ()
    if rewritten == last.question:  # the last question named nothing to put the new entity in place of
        context = named
    reply = answer(knowledge, rewritten, language, context)
    focus = reply.match.reading.focus if reply.match and reply.match.reading.focus else last.reading.focus
    return _understood(reply, message, rewritten, f"{names} \u2014 {focus or rewritten}")


def _with_context(knowledge: Knowledge, message: str, language: str, last: Turn) -> Answer | None:
    """A question read with what the last one was about, when that reading answers with evidence of its own.

    Context must not do all the work: "what was the interest rate?" after a financing answer names nothing the
    financing fact says, so it is not that fact's follow-up. A reading with context is kept when the fact gives
    the kind of answer asked for, or knows a word of the question itself. A question pointing back ("where are
    they based?") has no reading of its own: without context it is not answered at all.
    """
    about = _about(knowledge, last)
    if not about:
        return None
    names = _names(knowledge, about, language)
    label, understood = f"{names} \u2014 {message}", f"{message} [{names}]"
    same = _same_fact(knowledge, message, language, last, about)
    if same is not None:
        return _understood(same, message, understood, label)
    contextual = _prefer_last(knowledge, answer(knowledge, message, language, about), language, last, about)
    supported = contextual.answered and _own_evidence(knowledge, contextual)
    if refers_back(message):
        return _understood(contextual, message, understood, label) if supported or not contextual.answered else None
    alone = answer(knowledge, message, language)
    if supported and not alone.answered:
        return _understood(contextual, message, understood, label)
    if alone.answered or not _says_what_is_missing(contextual):
        return alone
    return _understood(contextual, message, understood, label)


def _same_fact(knowledge: Knowledge, message: str, language: str, last: Turn, about: tuple[str, ...]) -> Answer | None:
    """ "What year was that?", "to what end?": a follow-up asking for a kind of answer the last fact gives.

    The fact just given answers when it holds that kind of answer and passes every check the question brings.
    """
    fact = knowledge.base.fact_by_id.get(last.fact_id or "")
    if fact is None:
        return None
    match = knowledge.matcher.match_fact(message, fact.id, about)
    if match is None or match.reading.wants is None:
        return None
    return answer_with(knowledge, match, language)


def _prefer_last(knowledge: Knowledge, reply: Answer, language: str, last: Turn, about: tuple[str, ...]) -> Answer:
    """A follow-up torn between close facts, one of them the fact just given: that one (the conversation's)."""
    match = reply.match
    if match is None or match.decision != "suggested" or not match.candidates:
        return reply
    best = match.candidates[0].score
    close = [c.fact_id for c in match.candidates if c.score >= best - MARGIN]
    if last.fact_id not in close:
        return reply
    same = knowledge.matcher.match_fact(match.question, last.fact_id or "", about)
    return answer_with(knowledge, same, language) if same is not None else reply


def _about(knowledge: Knowledge, last: Turn) -> tuple[str, ...]:
    """What the last question was about, or else what the fact that answered it is about."""
    fact = knowledge.base.fact_by_id.get(last.fact_id or "")
    return last.entities or (fact.entities if fact is not None else ())


def _names(knowledge: Knowledge, entity_ids: tuple[str, ...], language: str) -> str:
    entities = knowledge.base.entities
    return ", ".join(pick(language, entities[e].name, entities[e].name_zh) for e in entity_ids if e in entities)


def _own_evidence(knowledge: Knowledge, reply: Answer) -> bool:
    """Whether an answer read with context rests on the question too: a kind of answer, or a word the fact knows."""
    match, fact = reply.match, reply.fact
    if match is None or fact is None:
        return False
    if match.reading.wants is not None:
        return True
    index = knowledge.matcher.index
    position = index.position[fact.id]
    own = knowledge.matcher.tokens(match.question)
    return any(not token.startswith("@") and index.knows(position, token) for token in own)


def _replace_name(question: str, entity: Entity, name: str) -> str:
    """The question with the entity's first mention (by any of its names) replaced by `name`."""
    for alias in sorted((entity.name, entity.name_zh, *entity.aliases, *entity.aliases_zh), key=len, reverse=True):
        if not alias:
            continue
        pattern = re.escape(alias) if not alias.isascii() else rf"\b{re.escape(alias)}\b"
        replaced, count = re.subn(pattern, name, question, count=1, flags=re.IGNORECASE)
        if count:
            return replaced
    return question


def _says_what_is_missing(reply: Answer) -> bool:
    """Whether a decline names what the closest fact lacks, which context made findable."""
    return reply.match is not None and any(c.cause == "answer" for c in reply.match.excluded)


def _understood(reply: Answer, message: str, understood: str, label: str) -> Answer:
    """The reply to a follow-up (`message`, as asked), opening with how it was understood."""
    shown = Reply(
        reply.reply.language,
        ((line(label, "italic"),), *reply.reply.paragraphs),
        reply.reply.choices,
        reply.reply.heading,
        reply.reply.listed,
    )
    return replace(reply, question=message, reply=shown, understood=understood)
