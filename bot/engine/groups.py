"""Questions answered by several facts at once: organisations asked for in the plural ("which Baotou firms are
mentioned?"), a topic named and nothing else ("Hohhot biomedicine"), and two or three facts that answer a question
equally well ("what are Hohhot's strengths?"). Each fact given has passed every check the question brings."""

from __future__ import annotations

import re

from bot.engine.decision import ANSWER, MARGIN, SUGGEST, Match
from bot.engine.knowledge import Knowledge
from bot.engine.model import Fact
from bot.engine.phrasing import YES_NO

LISTED = 3  # facts given together for "which firms ...?" at most


def listing(knowledge: Knowledge, match: Match) -> tuple[Fact, ...]:
    """ "Which Baotou firms are mentioned?": close facts that each name other organisations of the kind asked for.

    A question about organisations in the plural is answered by every close fact naming some of them, together;
    only consistent candidates count, so every check still applies.
    """
    reading = match.reading
    if match.decision == "declined" or reading.wants != "organisation" or not reading.focus.endswith(("s", "些")):
        return ()
    index = knowledge.matcher.index
    named = set(match.entities)
    chosen: list[Fact] = []
    seen: set[str] = set()
    for candidate in match.candidates:
        if candidate.score < SUGGEST or len(chosen) == LISTED:
            break
        organisations = {
            entity
            for entity, kinds in index.gives[index.position[candidate.fact_id]].organisations.items()
            if entity not in named and (reading.kind in ("", "organisation") or reading.kind in kinds)
        }
        if organisations - seen:
            chosen.append(knowledge.base.fact_by_id[candidate.fact_id])
            seen |= organisations
    return tuple(chosen) if len(chosen) > 1 else ()


def topical(knowledge: Knowledge, match: Match) -> tuple[Fact, ...]:
    """ "Hohhot biomedicine", "pharma": a message naming a topic and nothing else (but perhaps whom it is about) asks
    for what is known of it. The topic's close facts, best first, at most LISTED and at least two, each with its
    source; only consistent candidates count, so a fact about something else named never comes in."""
    if match.decision == "declined" or match.reading.wants is not None:
        return ()
    topic = knowledge.matcher.index.topic_named(token for token in match.tokens if not token.startswith("@"))
    if topic is None:
        return ()
    facts = (
        knowledge.base.fact_by_id[candidate.fact_id] for candidate in match.candidates if candidate.score >= SUGGEST
    )
    chosen = [fact for fact in facts if topic in fact.topics][:LISTED]
    return tuple(chosen) if len(chosen) > 1 else ()


def close_group(knowledge: Knowledge, match: Match) -> tuple[Fact, ...]:
    """Two or three facts that answer a question equally well, well apart from the rest: each, with its source.

    "What are Hohhot's strengths?" is answered by its universities, its dairy industry and its biomedical
    foundations; choosing one would be a guess, and a did-you-mean would hide the answers. Each passed every check
    the question brings. The facts form a chain, each close to the one before; a fourth as close makes it a list too
    long to be an answer. Only for a question asked on its own that asks for no particular kind of answer (a count, a
    person...) and is not a yes/no question: there, facts about the subject are what was asked.
    """
    if not (match.torn or match.decision == "answered") or len(match.candidates) < 2 or match.reading.wants:
        return ()  # a suggestion for another reason ("the budget", which no fact mentions) is no answer
    if YES_NO.search(match.question):
        return ()  # "Is Yili better than Mengniu?" asks for a judgement two facts do not make
    lead = 1.75 * MARGIN if match.decision == "suggested" else MARGIN / 4  # a hair ahead is no choice either
    group = [match.candidates[0]]
    for candidate in match.candidates[1:]:
        if candidate.score < ANSWER or group[-1].score - candidate.score >= lead:
            break
        group.append(candidate)
    rest = match.candidates[len(group) :]
    if len(group) < 2 or len(group) > LISTED or (rest and rest[0].score > group[-1].score - MARGIN):
        return ()
    return tuple(knowledge.base.fact_by_id[candidate.fact_id] for candidate in group)


# A date as facts write it: "March 23, 2024", "2024-03-23"
_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}\b"
    r"(?:,? \d{4})?|\b\d{4}-\d{2}-\d{2}\b"
)


def same_answer(knowledge: Knowledge, match: Match) -> Fact | None:
    """The best of two facts torn over a question when both give the one same answer: the same date ("when was the
    event?": the event's fact, and the fact of what was signed at it), or the same person ("who's the North Hauler
    guy?": Wang Long's post and his words). Either answers, so the best does; None otherwise."""
    if not match.torn or len(match.candidates) < 2:
        return None
    facts = [knowledge.base.fact_by_id[candidate.fact_id] for candidate in match.candidates[:2]]
    if match.reading.wants == "date":
        dates = [set(_DATE.findall(fact.text)) for fact in facts]
        return facts[0] if len(dates[0]) == 1 and dates[0] == dates[1] else None
    if match.reading.wants == "place":  # "in which region are Hohhot and Baotou?": both place them in Inner Mongolia
        index, named = knowledge.matcher.index, set(match.entities)
        places = [index.gives[index.position[fact.id]].places - named for fact in facts]
        return facts[0] if len(places[0]) == 1 and places[0] == places[1] else None
    if match.reading.wants == "who" and match.reading.kind == "person":
        people = [{e for e in fact.entities if _is_person(knowledge, e)} for fact in facts]
        return facts[0] if len(people[0]) == 1 and people[0] == people[1] else None
    return None


def _is_person(knowledge: Knowledge, entity: str) -> bool:
    found = knowledge.base.entities.get(entity)
    return found is not None and found.kind == "person"
