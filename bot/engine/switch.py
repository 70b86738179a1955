"""How a follow-up moves the last question to something else: "what about Baotou?", "and Mengniu?", "包头呢？",
"how does that compare with Baotou?", "and the Hohhot one?", "and the other one?". The last question is asked again
of what the follow-up names, and the reply shows the question as understood ("Baotou — R&D institutions").
"""

from __future__ import annotations

from bot.engine.answers import Answer, answer, understood_as
from bot.engine.conversation import Turn
from bot.engine.knowledge import Knowledge
from bot.engine.messages import pick, text
from bot.engine.phrasing import asks
from bot.engine.referent import other_place, replace_name, the_one
from bot.engine.rephrase import SWITCH


def _switches(message: str, named: tuple[str, ...], last: Turn) -> bool:
    """Whether a message that only names something moves the last question to it. "What is the capital of Inner
    Mongolia?" names Hohhot alone but asks a question of its own; "Hohhot?" after a question about Hohhot moves
    nothing."""
    if set(named) <= set(last.entities) and not _beside(message, named, last):
        return False
    return not asks(message) or SWITCH.search(message) is not None


def _beside(message: str, named: tuple[str, ...], last: Turn) -> bool:
    """ "那包头呢？" after "在呼包合作中，呼和浩特有什么优势？": a switch to one of two the last question named,
    asked instead of the one that question was about (the last of them named, where the switch says so)."""
    return SWITCH.search(message) is not None and len(last.entities) > len(named)


def switched_to(
    knowledge: Knowledge, message: str, language: str, last: Turn, named: tuple[str, ...], content: list[str]
) -> Answer | None:
    """ "What about Baotou?", "and the other city?": the last question about another entity; None when the message
    does not move it."""
    said = [t for t in knowledge.matcher.tokens(SWITCH.sub(" ", message)) if not t.startswith("@")] if content else []
    if named and not said and _switches(message, named, last):  # "how does that compare with Baotou?" says
        return _switch(knowledge, message, language, last, named)  # no more than "what about Baotou?"
    last_fact = knowledge.base.fact_by_id.get(last.fact_id or "")  # "which city ...?" named none: the one answered
    before = last.entities or (last_fact.entities if last_fact is not None else ())
    other = other_place(knowledge.base, knowledge.matcher.index.by_entity, message, before)
    return _switch(knowledge, message, language, last, (other,)) if other else None


def _switch(knowledge: Knowledge, message: str, language: str, last: Turn, named: tuple[str, ...]) -> Answer:
    """ "What about Baotou?": the last question again, about the entity now named."""
    entities = knowledge.base.entities
    new = [entities[e] for e in named if e in entities]
    old = [entities[e] for e in last.entities if e in entities]
    same_kind = [e for e in old if e not in new and any(e.kind == n.kind for n in new)] or [
        e for e in old if e not in new
    ]
    rewritten = last.question
    names = " ".join(pick(language, entity.name, entity.name_zh) for entity in new)
    places = last.reading.wants == "place" and bool(new) and all(entity.kind == "place" for entity in new)
    for entity in () if places else same_kind:  # "内蒙古哪个城市工业体系最完整？" "那呼和浩特呢？": no city of Hohhot
        rewritten = replace_name(rewritten, entity, names)
    context: tuple[str, ...] = ()
    if rewritten == last.question and last.reading.wants != "place":  # "and the Hohhot one?" after "... the
        rewritten = the_one(rewritten, message, names)  # consortium article?": the Hohhot article
    if rewritten == last.question and last.reading.wants == "place":  # "which city is the university town?" "and
        rewritten = text(language, "known_for", name=names)  # the other one?": what that one is known for
    elif rewritten == last.question:  # the last question named nothing to put the new entity in place of
        context = named
    reply = answer(knowledge, rewritten, language, context)
    focus = reply.match.reading.focus if reply.match and reply.match.reading.focus else last.reading.focus
    return understood_as(reply, message, rewritten, f"{names} \u2014 {focus or rewritten}")
