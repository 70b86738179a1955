"""Questions comparing two places they name ("baotou vs hohhot strengths?", "what is each city's main advantage,
Hohhot or Baotou?"): no fact is about both, so each place is asked about on its own, and both answers are given,
each with its source."""

from __future__ import annotations

import re

from bot.engine.knowledge import Knowledge
from bot.engine.model import Entity
from bot.engine.normalise import marked_entities
from bot.engine.referent import replace_name

_COMPARES = re.compile(
    r"\beach\b|\bboth\b|\bvs\b|\bversus\b|\bagainst\b|\bcompared? (?:to|with)\b|\bcompare\b"
    r"|\bin comparison (?:to|with)\b|各自|分别|对比|比较|相比|相较于|相较|相对于|比起",
    re.IGNORECASE,
)


def per_place(knowledge: Knowledge, question: str) -> tuple[str, str] | None:
    """The question asked of each of the two places it compares, the other's name left out; None when it compares
    no two places (or one is inside the other: Hohhot is in Inner Mongolia)."""
    if _COMPARES.search(question) is None:
        return None
    entities = knowledge.base.entities
    places = [
        e for e in dict.fromkeys(marked_entities(knowledge.matcher.tokens(question))) if entities[e].kind == "place"
    ]
    if len(places) != 2 or _inside(knowledge, *places) or _inside(knowledge, *reversed(places)):
        return None
    first, second = (entities[e] for e in places)
    return _without(question, second, first), _without(question, first, second)


_GONE = "\x00"
# Where a name was, with the word joining it to the other ("Hohhot and Baotou", "呼和浩特和包头")
_JOINED = re.compile(
    rf"\s*(?:\b(?:and|or)\b|[和与及跟&])?\s*{_GONE}\s*(?:\b(?:and|or)\b|[和与及跟&])?\s*", re.IGNORECASE
)


# The two named as one ("what strengths does each city bring?"): the place asked about, in each question
_EACH = re.compile(
    r"\beach (?:city|town|place|one|side|of them|of the (?:two )?(?:cities|towns|places))\b"
    r"|\bboth (?:cities|towns|places|of them|sides)\b",
    re.IGNORECASE,
)


def _without(question: str, place: Entity, kept: Entity) -> str:
    """The question without a place's name, the word joining it to the other, or the words comparing them; where it
    speaks of each of them, the one kept is named."""
    asked = _EACH.sub(kept.name, replace_name(question, place, _GONE), count=1)
    return " ".join(_COMPARES.sub(" ", _JOINED.sub(" ", asked)).split())


def _inside(knowledge: Knowledge, place: str, region: str) -> bool:
    """Whether a place is part of a region, at any depth."""
    entities, seen, pending = knowledge.base.entities, set(), [place]
    while pending:
        current = pending.pop()
        if current == region:
            return True
        if current not in seen and current in entities:
            seen.add(current)
            pending.extend(entities[current].part_of)
    return False
