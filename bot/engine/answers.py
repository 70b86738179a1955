"""What a person reads when they ask: an answer with its source, or an honest decline with pointers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.decision import Decision, Match
from bot.engine.knowledge import Knowledge
from bot.engine.matcher import MAX_QUESTION_CHARS
from bot.engine.messages import pick, text
from bot.engine.model import Fact, FactBase, Source
from bot.engine.normalise import detect_language
from bot.engine.replies import fact_choices, fact_reply, topic_list
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

    @property
    def answered(self) -> bool:
        return self.fact is not None


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
    match = knowledge.matcher.match(question)
    fact = base.fact_by_id[match.fact_id] if match.fact_id else None
    if fact is not None:
        related = related_facts(knowledge, fact)
        reply = fact_reply(fact, base, language, related)
        return Answer(
            question, language, match.decision, fact, base.sources.get(fact.source), (), related, match, reply
        )
    suggestions = tuple(base.fact_by_id[f] for f in match.suggestions)
    reply = _decline(match, base, language, suggestions)
    return Answer(question, language, match.decision, None, None, suggestions, (), match, reply)


def related_facts(knowledge: Knowledge, fact: Fact) -> tuple[Fact, ...]:
    """The facts offered to open next after this one."""
    return tuple(knowledge.base.fact_by_id[f] for f in knowledge.matcher.related(fact.id))


def _decline(match: Match, base: FactBase, language: str, suggestions: tuple[Fact, ...]) -> Reply:
    """Not sure or not known: say so, naming what the fact base has no facts about, and point somewhere useful."""
    if match.decision == "suggested":
        opening = text(language, "not_sure")
    elif match.foreign or match.unknown_names:
        foreign = [pick(language, base.entities[e].name, base.entities[e].name_zh) for e in match.foreign]
        opening = text(language, "decline_entity", names=", ".join([*foreign, *match.unknown_names]))
    elif not match.tokens:
        return Reply(language, (paragraph(text(language, "no_words", topics=topic_list(base, language))),))
    else:
        opening = text(language, "decline")
    if suggestions:
        heading = text(language, "did_you_mean" if match.decision == "suggested" else "related_facts")
        return Reply(language, (paragraph(opening),), fact_choices(suggestions, language), heading, listed=True)
    hint = text(language, "topics_hint", topics=topic_list(base, language))
    return Reply(language, (paragraph(opening, hint),))


def _first_example(base: FactBase, language: str) -> str:
    for fact in base.facts:
        for example in fact.examples:
            if example.language == language:
                return example.text
    return "How many R&D institutions does Hohhot have?"
