"""Questions offering places to choose from: "Is the park in Hohhot or Baotou?", "北方股份在呼和浩特还是包头？",
"Which of the two cities is the university town?". Only a fact placing it in one of them answers; a fact about both
(the cities' joint event) does not say which. "Which has more universities, Hohhot or Baotou?" asks for a comparison,
which a fact saying only that Hohhot has many does not make.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from bot.engine.index import Index
from bot.engine.normalise import marked_entities
from bot.engine.question import Reading

_EITHER = re.compile(  # "..., Hohhot or Baotou?", "in Hohhot or in Baotou?", "a Hohhot company or a Baotou one?"
    r"\b[\w-]+\s+or\s+(?:in\s+|at\s+|from\s+|the\s+|an?\s+)?[\w-]+(?:\s+[\w-]+){0,2}\s*[?？]*\s*$|还是", re.IGNORECASE
)
_OF_THE_TWO = re.compile(
    r"\bwhich (?:one )?of (?:the|these|those) (?:two |2 )?(?:cities|towns)\b|两(?:个|座)?城市(?:中|里)?(?:哪|谁)",
    re.IGNORECASE,
)
TOP_PLACES = 20  # places "the two cities" may be among: those most facts are about
_COMPARATIVE = re.compile(
    r"\b(?:more|fewer|less|bigger|larger|greater|stronger|better|higher)\b|更|比较", re.IGNORECASE
)


def alternatives(index: Index, text: str, tokens: Sequence[str]) -> frozenset[str]:
    """The two places a question offers to choose from, or none."""
    entities = index.base.entities
    if _OF_THE_TWO.search(text):
        return _two_cities(index)
    if _EITHER.search(text) is None:
        return frozenset()
    places = [e for e in dict.fromkeys(marked_entities(tokens)) if e in entities and entities[e].kind == "place"]
    return frozenset(places[-2:]) if len(places) >= 2 else frozenset()


def choosing(reading: Reading, text: str) -> Reading:
    """The reading of a question offering a choice of places: it asks where, or which of them has more."""
    more = "more" if _COMPARATIVE.search(text) and not reading.superlative else reading.superlative
    return replace(reading, wants=reading.wants or "place", superlative=more)


def _two_cities(index: Index) -> frozenset[str]:
    """ "The two cities": the two places in one region that most facts are about (Hohhot and Baotou)."""
    entities = index.base.entities
    counts = Counter(
        {
            place: len(facts)
            for place, facts in index.by_entity.items()
            if place in entities and entities[place].kind == "place"
        }
    )
    top = [place for place, _ in counts.most_common(TOP_PLACES)]  # a large fact base costs no more
    for place in top:
        beside = [
            other for other in top if other != place and set(entities[other].part_of) & set(entities[place].part_of)
        ]
        if beside:
            return frozenset((place, beside[0]))
    return frozenset()
