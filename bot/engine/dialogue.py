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
from collections.abc import Callable
from dataclasses import replace
from functools import cache, partial

from bot.engine.answers import Answer, answer, answer_with, understood_as
from bot.engine.carried import carried_topic, changes_topic, on_topic, with_topic
from bot.engine.conversation import Turn
from bot.engine.decision import MARGIN
from bot.engine.knowledge import Knowledge
from bot.engine.lastfact import article_dated, article_media, prefer_last, same_fact
from bot.engine.messages import pick
from bot.engine.normalise import detect_language, marked_entities
from bot.engine.phrasing import asks, refers_back
from bot.engine.question import asks_names
from bot.engine.referent import beside, both_places, pointed_at, same_source
from bot.engine.rephrase import SWITCH, rephrase
from bot.engine.selection import for_one, one_of
from bot.engine.smalltalk import small_talk, small_talk_reply
from bot.engine.standalone import asks_figure, figure_stated, standalone_or_overview
from bot.engine.switch import switched_to


def respond(knowledge: Knowledge, message: str, language: str | None, last: Turn | None) -> Answer:
    """The reply to a message, given the chat's last turn (None: no context)."""
    message = message.strip()
    language = language or detect_language(message)
    if changes_topic(message):  # "OK, different question: how did the four companies qualify?" stands alone
        last = None
    reply = _respond(knowledge, message, language, last)
    last_fact = knowledge.base.fact_by_id.get(last.fact_id or "") if last is not None else None
    if reply.match is None or last_fact is None or not same_source(message):
        return reply
    dated = article_dated(knowledge, last_fact, reply.match, message) or article_media(
        knowledge, last_fact, reply.match
    )
    if dated is not None and reply.fact != dated:  # "when did the article about it come out?": the article's date
        return answer_with(knowledge, replace(reply.match, decision="answered", fact_id=dated.id), language)
    if reply.fact is None or all(fact.source == last_fact.source for fact in reply.facts):
        return reply
    rule = "declined: the question is about the article just cited, and no fact of it answers"  # "that report"
    return answer_with(knowledge, replace(reply.match, decision="declined", fact_id=None, rule=rule), language)


def _respond(knowledge: Knowledge, message: str, language: str, last: Turn | None) -> Answer:
    kind = small_talk(message)
    if kind is not None:
        return Answer(
            message, language, "smalltalk", None, None, (), (), None, small_talk_reply(kind, knowledge, language)
        )
    tokens = knowledge.matcher.tokens(message)
    named = marked_entities(tokens)
    content = [token for token in tokens if not token.startswith("@")]
    switched = switched_to(knowledge, message, language, last, named, content) if last is not None else None
    if switched is not None:
        return switched
    alone = cache(partial(answer, knowledge, message, language))  # the message read on its own, read once
    rephrased = rephrase(knowledge, message, language, last, alone) if last and not named else None
    if rephrased is not None:  # "and R&D institutions?", "what are their names?": the last question, rephrased
        reply, understood = rephrased
        return understood_as(reply, message, understood, understood)
    strange = knowledge.matcher.normaliser.strange_names(message)  # "... does Germany have?": its own subject
    if last is not None and (refers_back(message) or not named) and not strange:
        followed = _followed(knowledge, message, language, last, named, alone)
        if followed is not None:
            return followed
    return standalone_or_overview(knowledge, message, language, named, content, alone())


def _followed(
    knowledge: Knowledge,
    message: str,
    language: str,
    last: Turn,
    named: tuple[str, ...],
    alone: Callable[[], Answer],
) -> Answer | None:
    """A message that may follow the last question, read as it follows it; None when it stands on its own."""
    if named and alone().answered:  # "ok back to it, Hohhot is the capital of which region?" names its subject
        return alone()
    if asks_figure(message):  # "so what does the 193 refer to?": the one fact stating it, whatever came before
        stated = figure_stated(knowledge, message, alone(), language)
        if stated is not None:
            return stated
    followed = (
        _pointed(knowledge, message, language, last)
        or _chosen(knowledge, message, language, last, alone)
        or _with_context(knowledge, message, language, last, alone)
    )
    if followed is not None and not followed.answered and _PLURAL.search(message) and not asks_names(message):
        followed = _for_one(knowledge, message, language, last) or followed
    return followed


def _with_context(
    knowledge: Knowledge, message: str, language: str, last: Turn, alone: Callable[[], Answer]
) -> Answer | None:
    """A question read with what the last one was about, when that reading answers with evidence of its own.

    Context must not do all the work: "what was the interest rate?" after a financing answer names nothing the
    financing fact says, so it is not that fact's follow-up. A reading with context is kept when the fact gives
    the kind of answer asked for, or knows a word of the question itself. A question pointing back ("where are
    they based?") has no reading of its own: without context it is not answered at all. `alone` gives the message
    read on its own.
    """
    about = _about(knowledge, last, message)
    if not about:
        return None
    names = _names(knowledge, about, language)
    label, understood = f"{names} \u2014 {message}", f"{message} [{names}]"
    read_with_context = answer(knowledge, message, language, about)
    topic = carried_topic(knowledge, message, last, read_with_context.fact)
    if topic is not None:  # "which fields in particular?" after biomedicine: biomedicine's, when a fact says so
        asked = with_topic(message, topic, language)
        topical = answer(knowledge, asked, language, about)
        if topical.fact is not None and topic.id in topical.fact.topics and _own_evidence(knowledge, topical):
            label, understood, read_with_context = f"{names} \u2014 {asked}", f"{asked} [{names}]", topical
    same = same_fact(knowledge, message, language, last, about, read_with_context.match)
    if same is not None:
        return understood_as(same, message, understood, label)
    contextual = prefer_last(knowledge, read_with_context, language, last, about)
    # "and what happened there?" says nothing but that it points back: what the context is about answers it
    words = [token for token in knowledge.matcher.tokens(message) if not token.startswith("@")]
    supported = contextual.answered and (not words or _own_evidence(knowledge, contextual))
    if refers_back(message):
        return understood_as(contextual, message, understood, label) if supported or not contextual.answered else None
    # "in which field?": one word is too little to leave the conversation for; it asks about what was just said
    index, before = knowledge.matcher.index, knowledge.matcher.tokens(last.question)
    topics = {index.topic_named([word]) for word in words if word not in before} - {None}
    # "what about biomedicine, which areas?"; "which biomedical areas are concentrating there?" when the answer on
    # its own is on biomedicine and the one with context is not
    new_topic = bool(topics) and (
        SWITCH.search(message) is not None or on_topic(alone(), topics) > on_topic(contextual, topics)
    )
    bare = len(words) < 2 and asks(message) and not new_topic
    new_topic = new_topic or _clearer(contextual, alone())
    if supported and (not alone().answered or bare or (not new_topic and _closer(knowledge, contextual, alone()))):
        return understood_as(contextual, message, understood, label)
    if alone().answered or not _says_what_is_missing(contextual):
        return alone()
    return understood_as(contextual, message, understood, label)


def _chosen(
    knowledge: Knowledge, message: str, language: str, last: Turn, alone: Callable[[], Answer]
) -> Answer | None:
    """ "Which of them has an industrial park?": the one of them a fact answers for (selection.py)."""
    chosen = one_of(knowledge, message, language, last, _about(knowledge, last, message), alone)
    if chosen is None:
        return None
    reply, among = chosen
    names = _names(knowledge, among, language)
    return understood_as(reply, message, f"{message} [{names}]", f"{names} \u2014 {message}") if among else reply


def _clearer(contextual: Answer, alone: Answer) -> bool:
    """Whether the message on its own is answered by another fact, and far more clearly than with the context
    ("which biomedical areas are clustering in the city?" after the bureau's sectors: the clustering fact)."""
    if alone.fact is None or contextual.fact is None or alone.fact == contextual.fact:
        return False
    score = alone.match.score if alone.match else 0.0
    return score >= CLEAR and score >= (contextual.match.score if contextual.match else 0.0) + 2 * MARGIN


def _closer(knowledge: Knowledge, contextual: Answer, alone: Answer) -> bool:
    """Whether the reading with context beats the one without, a fact of the same kind: it is about every entity the
    conversation is (the Hohhot–Baotou event's photos, not the Hohhot article's) and the one without is not."""
    if contextual.fact is None or alone.fact is None or contextual.match is None:
        return False
    about = set(contextual.match.entities)
    same_kind = bool(set(contextual.fact.topics) & set(alone.fact.topics))  # both photo credits, say
    return same_kind and about <= set(contextual.fact.entities) and not about <= set(alone.fact.entities)


CLEAR = 85.0  # a score at which a message answers on its own, whatever the conversation was about


# Pointing at several ("who's their CIO?"): only then is each of them worth a reading of its own
_PLURAL = re.compile(r"\b(?:they|them|their|theirs|those|these)\b|它们|他们|她们|这些|那些", re.IGNORECASE)


def _for_one(knowledge: Knowledge, message: str, language: str, last: Turn) -> Answer | None:
    """ "Who's their CIO?" after North Hauler and its two universities: not all three's, North Hauler's."""
    one = for_one(knowledge, message, language, _about(knowledge, last, message))
    if one is None:
        return None
    names = _names(knowledge, one[1], language)
    return understood_as(one[0], message, f"{message} [{names}]", f"{names} \u2014 {message}")


def _about(knowledge: Knowledge, last: Turn, message: str) -> tuple[str, ...]:
    """What a follow-up points back to, from the last question and its answer (referent.py); "the two cities"
    after a question about one are it and the one beside it."""
    about = pointed_at(knowledge.base, last.entities, last.fact_id, last.reading.wants, message)
    entities = knowledge.base.entities
    places = tuple(e for e in about if e in entities and entities[e].kind == "place")
    if len(places) != 1 or not both_places(message):
        return about
    other = beside(knowledge.base, knowledge.matcher.index.by_entity, places)
    return (*about, other) if other else about


# A follow-up naming the kind of thing it points back to: "that city", "his company", "他那家公司".
_POINTS_TO = {
    "place": re.compile(
        r"\b(?:that|this|the same|the other) (?:city|town|place|region)\b|\b(?:its|their|his|her) (?:city|hometown)\b"
        r"|(?:那|这)(?:个|座)城市|该市",
        re.IGNORECASE,
    ),
    "organisation": re.compile(
        r"\b(?:his|her|their|its|that|this) (?:company|firm|employer|business|organi[sz]ation|group|bank|university|"
        r"school)\b|(?:他|她|它)们?(?:的|那家|那个|家)?(?:公司|企业|单位|集团|银行|大学)|(?:那|这|该)家?(?:公司|企业|银行)",
        re.IGNORECASE,
    ),
}


def _pointed(knowledge: Knowledge, message: str, language: str, last: Turn) -> Answer | None:
    """A follow-up naming the kind of thing it points back to, asked with that thing's name in its place: after
    "Who is Wang Long?", "where is his company based?" is "where is North Hauler based?". The places or organisations
    of that kind the last answer named count, those the last question did not name first; None when there is none."""
    fact = knowledge.base.fact_by_id.get(last.fact_id or "")
    if fact is None:
        return None
    entities = knowledge.base.entities
    for kind, pattern in _POINTS_TO.items():
        found = pattern.search(message)
        if found is None:
            continue
        of_kind = [e for e in fact.entities if e in entities and entities[e].kind == kind]
        chosen = [e for e in of_kind if e not in last.entities] or of_kind
        if len(chosen) != 1:
            return None  # "that city" after an answer naming two: which one is a guess
        entity = entities[chosen[0]]
        name = pick(language, entity.name, entity.name_zh)
        rewritten = message[: found.start()] + name + message[found.end() :]
        return understood_as(answer(knowledge, rewritten, language), message, rewritten, f"{name} \u2014 {message}")
    return None


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


def _says_what_is_missing(reply: Answer) -> bool:
    """Whether a decline names what the closest fact lacks, which context made findable."""
    return reply.match is not None and any(c.cause == "answer" for c in reply.match.excluded)
