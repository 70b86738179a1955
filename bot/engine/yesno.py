"""Yes-or-no questions: confirmed when a fact says every word asked, or told what the fact says instead.

A question putting something in the wrong place: "Is North Hauler a Hohhot company?", "伊利是包头的吗？".

Every fact about North Hauler is out for such a question, since it names Hohhot and none of them is about Hohhot,
so it would be declined. Yet the fact saying where North Hauler is answers it: no, in Baotou. The question is asked
again as "Where is North Hauler?", and the reply says so, showing the question as understood. Only when that fact
places it somewhere other than the place named: a fact placing it there would have answered the question itself.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.answers import Answer, answer, answer_with
from bot.engine.consistency import clashing_terms
from bot.engine.decision import SUGGEST
from bot.engine.knowledge import Knowledge
from bot.engine.messages import pick, text
from bot.engine.normalise import CJK_CHAR
from bot.engine.phrasing import YES_NO
from bot.engine.reply import paragraph

_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none)\b|n't|没|不|未|非", re.IGNORECASE)
_PLACED = ("organisation", "place")  # what a place is said of


def confirmed(knowledge: Knowledge, answered: Answer, language: str) -> Answer:
    """A yes/no question answered by one fact whose own text says every word it asks ("Is the grass seed industry one
    of the bureau's sectors?"): the reply opens with a yes. Otherwise the answer as it is: the fact is given, and
    the person reads whether it says so."""
    match, fact = answered.match, answered.fact
    if fact is None or match is None or answered.parts or not YES_NO.search(match.question):
        return answered
    if _NEGATION.search(match.question):  # "didn't Yili win?": stop words would drop the "not" a yes must answer
        return answered
    asked = [token for token in match.tokens if not token.startswith("@")]
    if not asked or knowledge.matcher.index.text_coverage(fact.id, asked) < 1.0:
        return answered
    yes = text(language, "yes")
    shown = replace(answered.reply, paragraphs=(paragraph(yes), *answered.reply.paragraphs))
    return replace(answered, reply=shown, worked_out=yes)


def corrected(knowledge: Knowledge, declined: Answer, language: str) -> tuple[Answer, str] | None:
    """The answer a declined yes/no question gets from the fact that says otherwise, with the question as understood;
    None when it is not one."""
    match = declined.match
    if declined.answered or match is None or not YES_NO.search(match.question):
        return None
    return _ranked_otherwise(knowledge, declined, language) or placed_elsewhere(knowledge, declined, language)


def _ranked_otherwise(knowledge: Knowledge, declined: Answer, language: str) -> tuple[Answer, str] | None:
    """ "Did the dairy giants take first prize?": the fact saying they took second, the one term it excluded for."""
    match = declined.match
    if match is None or not match.excluded or match.excluded[0].cause != "term":
        return None
    closest = match.excluded[0]
    if closest.score < SUGGEST or (match.candidates and match.candidates[0].score >= closest.score):
        return None  # the fact saying otherwise must be the question's best match
    index = knowledge.matcher.index
    clash = clashing_terms(index, index.position[closest.fact_id], index.terms_in(match.tokens))
    if clash is None:
        return None
    found = answer_with(knowledge, replace(match, decision="answered", fact_id=closest.fact_id), language)
    asked, said = clash
    in_language = [word for word in said if (language == "zh") == (CJK_CHAR.search(word) is not None)]
    return found, text(language, "says_otherwise", asked=asked, said=(in_language or [*said])[0])


def placed_elsewhere(knowledge: Knowledge, declined: Answer, language: str) -> tuple[Answer, str] | None:
    """The answer to "where is it?" for a yes/no question putting it in a place no fact puts it, with that question;
    None when the question is not one of those or no fact says where it is."""
    match = declined.match
    if match is None:
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
