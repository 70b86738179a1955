"""Yes-or-no questions putting something in the wrong place: "Is North Hauler a Hohhot company?", "伊利是包头的吗？".

Every fact about North Hauler is out for such a question, since it names Hohhot and none of them is about Hohhot,
so it would be declined. Yet the fact saying where North Hauler is answers it: no, in Baotou. The question is asked
again as "Where is North Hauler?", and the reply says so, showing the question as understood. Only when that fact
places it somewhere other than the place named: a fact placing it there would have answered the question itself.
"""

from __future__ import annotations

import re

from bot.engine.answers import Answer, answer
from bot.engine.knowledge import Knowledge
from bot.engine.messages import pick

_YES_NO = re.compile(r"^\W*(?:is|are|was|were|does|do|did|has|have)\b|吗\W*$|是不是|是否|对吧\W*$", re.IGNORECASE)
_PLACED = ("organisation", "place")  # what a place is said of


def placed_elsewhere(knowledge: Knowledge, declined: Answer, language: str) -> tuple[Answer, str] | None:
    """The answer to "where is it?" for a yes/no question putting it in a place no fact puts it, with that question;
    None when the question is not one of those or no fact says where it is."""
    match = declined.match
    if declined.answered or match is None or not _YES_NO.search(match.question):
        return None
    entities = knowledge.base.entities
    named = [entities[e] for e in match.entities if e in entities]
    if len(named) < 2 or named[0].kind not in _PLACED or any(e.kind != "place" for e in named[1:]):
        return None
    if not any(candidate.cause == "entity" for candidate in match.excluded):
        return None  # declined for another reason: the place was not what kept its facts out
    subject = named[0]
    name = pick(language, subject.name, subject.name_zh)
    where = f"{name}在哪里？" if language == "zh" else f"Where is {name}?"
    found = answer(knowledge, where, language)
    if found.fact is None or any(place.id in found.fact.entities for place in named[1:]):
        return None
    return found, where
