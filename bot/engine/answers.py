"""What a person reads when they ask: an answer with its source, or an honest decline with pointers."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from bot.engine.agreement import agreed
from bot.engine.comparison import per_place
from bot.engine.decision import Decision, Match
from bot.engine.factcheck import claim, readings
from bot.engine.groups import close_group, listing, same_answer, topical
from bot.engine.knowledge import Knowledge
from bot.engine.matcher import MAX_QUESTION_CHARS
from bot.engine.messages import text
from bot.engine.model import Fact, FactBase, Source
from bot.engine.normalise import detect_language
from bot.engine.phrasing import names_again, parts, refers_back
from bot.engine.question import read
from bot.engine.referent import pointed_at
from bot.engine.replies import decline_reply, fact_choices, fact_paragraph, fact_reply
from bot.engine.reply import Reply, line, paragraph
from bot.engine.totals import sum_line, summed

MAX_PARTS = 4  # questions of a compound question that are answered
Outcome = Decision | Literal["smalltalk"]  # small talk gets a friendly reply, never a fact


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question, with what it decided and why."""

    question: str
    language: str
    decision: Outcome
    fact: Fact | None
    source: Source | None
    suggestions: tuple[Fact, ...]
    related: tuple[Fact, ...]
    match: Match | None  # None when the input was empty or too long to match
    reply: Reply
    parts: tuple[Answer, ...] = ()  # for a compound question: the answer to each of its questions
    understood: str = ""  # for a follow-up: the question as read with its context
    worked_out: str = ""  # what the reply works out from its facts' figures (a sum), said before them

    @property
    def answered(self) -> bool:
        return self.fact is not None

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact the reply gives: one, none, or one per answered part of a compound question."""
        if not self.parts:
            return (self.fact,) if self.fact else ()
        return tuple(dict.fromkeys(fact for part in self.parts for fact in part.facts))


def answer(knowledge: Knowledge, question: str, language: str | None = None, context: tuple[str, ...] = ()) -> Answer:
    """Answer a question from the fact base. Never raises, whatever the input.

    `context`: entity ids a conversation is about, read as named by the question (see `Matcher.match`).
    """
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
    if context:
        return _in_context(knowledge, question, language, context)
    found = (
        _compound(knowledge, question, language)
        or _compared(knowledge, question, language)
        or _single(knowledge, question, language)
    )
    if not found.answered and claim(question):  # "A blog says ... Bank of China. Is that right?"
        found = _checked(knowledge, question, language) or found
    if found.match is None or found.parts or found.understood:
        return found
    if found.answered and _points_unnamed(found.match):
        rule = "suggested: the question points at something it does not name"
        return answer_with(knowledge, replace(found.match, decision="suggested", fact_id=None, rule=rule), language)
    return _gathered(knowledge, question, language, found, found.match)


def _in_context(knowledge: Knowledge, question: str, language: str, context: tuple[str, ...]) -> Answer:
    """A question read with a conversation's entities: one fact, a claim checked ("someone told me it was a first
    prize, is that right?"), or counts added up ("so how many titles in total?")."""
    found = _single(knowledge, question, language, context)
    if not found.answered and claim(question):
        return _checked(knowledge, question, language, context) or found
    added = _added_up(knowledge, question, language, found.match) if found.match is not None else None
    return added or found


def _added_up(knowledge: Knowledge, question: str, language: str, match: Match) -> Answer | None:
    """ "How many titles altogether?": the facts counting its parts (12 of one kind, 6 of another) with their sum;
    None when no two facts do (totals.py)."""
    counted = summed(knowledge, match)
    if not counted:
        return None
    facts = tuple(fact for fact, _ in counted)
    return _combined(knowledge, question, language, facts, match, (), sum_line([count for _, count in counted]))


def _checked(knowledge: Knowledge, question: str, language: str, context: tuple[str, ...] = ()) -> Answer | None:
    """A claim asked to be checked, answered by what the articles say about it (factcheck.py), or None."""
    said = claim(question)
    for reading in readings(knowledge, said):
        reply = answer(knowledge, reading, language, context)
        if reply.answered:
            return understood_as(reply, question, reading, text(language, "claim_checked", claim=said))
    return None


def _gathered(knowledge: Knowledge, question: str, language: str, found: Answer, match: Match) -> Answer:
    """The answer once the facts that answer together are gathered: counts to add up, a topic's or a close group's
    facts, or one of two facts giving the same date; the answer as found when there are none."""
    added = _added_up(knowledge, question, language, match)
    if added is not None:
        return added
    together = topical(knowledge, match) or close_group(knowledge, match)
    if together:
        return _combined(knowledge, question, language, together, match, ())
    same = same_answer(knowledge, match)  # torn between two facts giving the same date or person: either answers
    if same is None:
        return found
    rule = f"answered: the two closest facts give the same {match.reading.wants}; {same.id} is the closer"
    return answer_with(knowledge, replace(match, decision="answered", fact_id=same.id, rule=rule), language)


_ADDRESSED = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)


def _points_unnamed(match: Match) -> bool:
    """Whether a message points at something it does not name ("what did it sign?", "who built you?") with one word
    besides: which fact it means is a guess. In a conversation the context names it; in a compound question, the
    part before."""
    words = [token for token in match.tokens if not token.startswith("@")]
    question = match.question
    return not match.entities and len(set(words)) <= 1 and bool(refers_back(question) or _ADDRESSED.search(question))


def _single(knowledge: Knowledge, question: str, language: str, context: tuple[str, ...] = ()) -> Answer:
    """The answer to one question, read with the `context` entities as named by it."""
    return answer_with(knowledge, agreed(knowledge.matcher.index, knowledge.matcher.match(question, context)), language)


def answer_with(knowledge: Knowledge, match: Match, language: str) -> Answer:
    """The answer the matcher's decision makes: a fact with its source, or a decline with pointers."""
    base = knowledge.base
    question = match.question
    listed = listing(knowledge, match)
    if listed:
        return _combined(knowledge, question, language, listed, match, ())
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
    the part before it first. A part not answered is said to be unknown, unless the fact answering another part
    is also its best match (then that fact covers it). None when the question is not compound or no part is
    answered: the whole question is answered then.
    """
    pieces = parts(question)[:MAX_PARTS]  # each is matched in full: a message of fifty "?" is not fifty questions
    if len(pieces) < 2:
        return None
    answers: list[Answer] = []
    for piece in pieces:
        names_none = not any(token.startswith("@") for token in knowledge.matcher.tokens(piece))
        elliptic = refers_back(piece) or names_none  # "its consortium", "and in which year?"
        context = _about(knowledge, answers[-1], piece) if answers and elliptic else ()
        part = answer(knowledge, piece, language, context)  # alone, a part may be a close group (groups.py)
        # "and in which year?" may stand alone, and so may a part naming its own subject; "what is the group
        # researching?" is about the group named before, unless the kind of answer it asks for keeps any other fact
        # out ("which paper reported it?")
        asks_kind = part.match is not None and part.match.reading.wants is not None
        if not part.answered and context and (not names_none or not names_again(piece) or asks_kind):
            part = _single(knowledge, piece, language)
        answers.append(part)
    facts = tuple(dict.fromkeys(fact for part in answers for fact in part.facts))
    if not facts:
        return None
    answered = {fact.id for fact in facts}
    unknown = tuple(part.question for part in answers if not part.answered and _closest(part) not in answered)
    match = next(part.match for part in answers if part.answered and part.match)
    return replace(_combined(knowledge, question, language, facts, match, unknown), parts=tuple(answers))


def _compared(knowledge: Knowledge, question: str, language: str) -> Answer | None:
    """ "Baotou vs Hohhot strengths?": each place asked about on its own (comparison.py), both answers given, or the
    one known and the other said to be unknown; None when neither is answered."""
    asked = per_place(knowledge, question)
    if asked is None:
        return None
    answers = [answer(knowledge, each, language) for each in asked]  # each names one place: no comparison again
    facts = tuple(dict.fromkeys(fact for part in answers for fact in part.facts))
    match = next((part.match for part in answers if part.answered and part.match), None)
    if match is None:
        return None
    unknown = tuple(" ".join(part.question.split()) for part in answers if not part.answered)
    return replace(_combined(knowledge, question, language, facts, match, unknown), parts=tuple(answers))


def _combined(
    knowledge: Knowledge,
    question: str,
    language: str,
    facts: tuple[Fact, ...],
    match: Match,
    unknown: tuple[str, ...],
    total: str = "",
) -> Answer:
    """One reply giving several facts, each with its source, then the questions among them not known; first, when
    their counts add up to what was asked, the sum (`total`, "12 + 6 = 18")."""
    base = knowledge.base
    worked_out = text(language, "sum", total=total) if total else ""
    paragraphs = [paragraph(worked_out)] if worked_out else []
    paragraphs += [fact_paragraph(fact, base, language) for fact in facts]
    paragraphs += [paragraph(text(language, "part_unknown", part=part)) for part in unknown]
    given = {fact.id for fact in facts}
    related = tuple(fact for fact in related_facts(knowledge, facts[0]) if fact.id not in given)
    heading = text(language, "related") if related else ""
    reply = Reply(language, tuple(paragraphs), fact_choices(related, language), heading)
    source = base.sources.get(facts[0].source)
    listing = Answer(question, language, "answered", facts[0], source, (), related, match, reply)
    each = tuple(replace(listing, fact=fact, parts=()) for fact in facts)
    return replace(listing, parts=each, worked_out=worked_out)


def _closest(unanswered: Answer) -> str:
    """The fact an unanswered question came closest to (its best candidate), or ""."""
    candidates = unanswered.match.candidates if unanswered.match else ()
    return candidates[0].fact_id if candidates else ""


def _about(knowledge: Knowledge, answered: Answer, piece: str) -> tuple[str, ...]:
    """The entities a part pointing back ("its consortium") is about, from the part before and its answer."""
    match = answered.match
    named, wants = (match.entities, match.reading.wants) if match else ((), None)
    about = pointed_at(knowledge.base, named, answered.fact.id if answered.fact else None, wants, piece)
    if wants == "place" and read(piece).wants == "place":  # "which city ..., and which one for its industry?"
        return tuple(e for e in about if e in knowledge.base.entities and knowledge.base.entities[e].kind != "place")
    return about


def related_facts(knowledge: Knowledge, fact: Fact) -> tuple[Fact, ...]:
    """The facts offered to open next after this one."""
    return tuple(knowledge.base.fact_by_id[f] for f in knowledge.matcher.related(fact.id))


def _first_example(base: FactBase, language: str) -> str:
    for fact in base.facts:
        for example in fact.examples:
            if example.language == language:
                return example.text
    return "How many R&D institutions does Hohhot have?"


def understood_as(reply: Answer, message: str, understood: str, label: str) -> Answer:
    """The reply to a follow-up (`message`, as asked), opening with how it was understood."""
    shown = Reply(
        reply.reply.language,
        ((line(label, "italic"),), *reply.reply.paragraphs),
        reply.reply.choices,
        reply.reply.heading,
        reply.reply.listed,
    )
    return replace(reply, question=message, reply=shown, understood=understood)
