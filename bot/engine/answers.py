"""What a person reads when they ask: an answer with its source, or an honest decline with pointers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.decision import Decision, Match
from bot.engine.knowledge import Knowledge
from bot.engine.matcher import MAX_QUESTION_CHARS
from bot.engine.messages import text
from bot.engine.model import Fact, FactBase, Source
from bot.engine.normalise import detect_language
from bot.engine.question import parts, refers_back
from bot.engine.replies import decline_reply, fact_choices, fact_paragraph, fact_reply
from bot.engine.reply import Reply, paragraph


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question, with what it decided and why."""

    question: str
    language: str
    decision: Decision
    fact: Fact | None
    source: Source | None
    suggestions: tuple[Fact, ...]
    related: tuple[Fact, ...]
    match: Match | None  # None when the input was empty or too long to match
    reply: Reply
    parts: tuple[Answer, ...] = ()  # for a compound question: the answer to each of its questions

    @property
    def answered(self) -> bool:
        return self.fact is not None

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact the reply gives: one, none, or one per answered part of a compound question."""
        if not self.parts:
            return (self.fact,) if self.fact else ()
        return tuple(dict.fromkeys(fact for part in self.parts for fact in part.facts))


def answer(knowledge: Knowledge, question: str, language: str | None = None) -> Answer:
    """Answer a question from the fact base. Never raises, whatever the input."""
    question = question.strip()
    language = language or detect_language(question)
    base = knowledge.base
    if not question or len(question) > MAX_QUESTION_CHARS:
        notice = (
            text(language, "empty", example=_first_example(base, language))
            if not question
            else text(language, "too_long", length=len(question), limit=MAX_QUESTION_CHARS)
        )
        return Answer(question, language, "declined", None, None, (), (), None, Reply(language, (paragraph(notice),)))
    return _compound(knowledge, question, language) or _single(knowledge, question, language)


def _single(knowledge: Knowledge, question: str, language: str, context: str = "") -> Answer:
    """The answer to one question; with `context` (names from the question before), read with it first."""
    base = knowledge.base
    match = knowledge.matcher.match(f"{question} {context}" if context else question)
    if context and match.fact_id is None:
        match = knowledge.matcher.match(question)
    fact = base.fact_by_id[match.fact_id] if match.fact_id else None
    if fact is not None:
        related = related_facts(knowledge, fact)
        reply = fact_reply(fact, base, language, related)
        return Answer(
            question, language, match.decision, fact, base.sources.get(fact.source), (), related, match, reply
        )
    suggestions = tuple(base.fact_by_id[f] for f in match.suggestions)
    reply = decline_reply(match, base, language, suggestions)
    return Answer(question, language, match.decision, None, None, suggestions, (), match, reply)


def _compound(knowledge: Knowledge, question: str, language: str) -> Answer | None:
    """Two questions in one ("Who is Wang Long, and which universities ...?"): answer each, each with its source.

    A part that points back ("its consortium") or names nothing ("and in which year?") is read with the names of
    the part before it first. A part not answered
    is said to be unknown, unless the fact answering another part is also its best match (then that fact covers
    it). None when the question is not compound or no part is answered: the whole question is answered then.
    """
    pieces = parts(question)
    if len(pieces) < 2:
        return None
    answers: list[Answer] = []
    for piece in pieces:
        names_none = not any(token.startswith("@") for token in knowledge.matcher.normaliser.tokens(piece))
        elliptic = refers_back(piece) or names_none  # "its consortium", "and in which year?"
        context = _names(knowledge, answers[-1]) if answers and elliptic else ""
        answers.append(_single(knowledge, piece, language, context))
    facts = tuple(dict.fromkeys(fact for part in answers for fact in part.facts))
    if not facts:
        return None
    base = knowledge.base
    paragraphs = [fact_paragraph(fact, base, language) for fact in facts]
    answered = {fact.id for fact in facts}
    paragraphs += [
        paragraph(text(language, "part_unknown", part=part.question))
        for part in answers
        if not part.answered and _closest(part) not in answered
    ]
    first = facts[0]
    related = tuple(fact for fact in related_facts(knowledge, first) if fact.id not in answered)
    heading = text(language, "related") if related else ""
    reply = Reply(language, tuple(paragraphs), fact_choices(related, language), heading)
    match = next(part.match for part in answers if part.answered)
    source = base.sources.get(first.source)
    return Answer(question, language, "answered", first, source, (), related, match, reply, tuple(answers))


def _closest(unanswered: Answer) -> str:
    """The fact an unanswered question came closest to (its best candidate), or ""."""
    candidates = unanswered.match.candidates if unanswered.match else ()
    return candidates[0].fact_id if candidates else ""


def _names(knowledge: Knowledge, answered: Answer) -> str:
    """The names a following "its ..." points back to: what the question before named, else what its fact is about."""
    entities = knowledge.base.entities
    mentioned = answered.match.entities if answered.match else ()
    if not mentioned and answered.fact is not None:
        mentioned = answered.fact.entities
    return " ".join(entities[e].name for e in mentioned if e in entities)


def related_facts(knowledge: Knowledge, fact: Fact) -> tuple[Fact, ...]:
    """The facts offered to open next after this one."""
    return tuple(knowledge.base.fact_by_id[f] for f in knowledge.matcher.related(fact.id))


def _first_example(base: FactBase, language: str) -> str:
    for fact in base.facts:
        for example in fact.examples:
            if example.language == language:
                return example.text
    return "How many R&D institutions does Hohhot have?"
