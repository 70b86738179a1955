"""Fuzzy intent rules: match a question to a fact, suggest close ones, or decline.

The steps (see ../shared/GUIDE.md), each in its own module; this one only runs them in order:
1. Normalise (bot.engine.normalise): fold and clean the text, correct misspellings against the fact base's own
   vocabulary, replace lexicon synonyms and entity aliases by canonical forms, stem, drop stop words.
2. Score (bot.engine.scoring, over bot.engine.index): IDF-weighted coverage, overlap with the closest example
   question and rapidfuzz similarity; coverage over inverted postings picks the candidates.
3. Consistency (bot.engine.scoring): a fact is out when the question names an entity or a year the fact is not
   about, or a name the fact base has never seen.
4. Decide (bot.engine.decision): answer, suggest or decline by named thresholds. Every decision carries the rule
   and the scores that made it.
"""

from __future__ import annotations

import re
from typing import Final

from bot.engine.decision import NO_WORDS, SUGGEST, Match, decide, outranks
from bot.engine.index import Index
from bot.engine.model import Example, Fact, FactBase
from bot.engine.normalise import CJK_CHAR, Normaliser, detect_language, entity_marker, marked_entities, years
from bot.engine.question import asks, read, without_attribution
from bot.engine.scoring import Candidate, Mentions, check, inconsistency, rank

MAX_QUESTION_CHARS = 4096
MAX_CLAUSES = 8

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z\"“'(])|(?<=[。！？；])\s*|\s*\n+\s*")
_CLAUSE_BREAK = re.compile(r"[,，:：、]\s*|\s+[-–—]\s+")


def clauses(question: str) -> list[str]:
    """The sentences of a question, and each tail of a sentence that starts after a comma or colon.

    Tails rather than heads, because a question's point is usually at the end of its sentence ("As someone new to
    Inner Mongolia, how many platforms does Hohhot have?"). When some sentences end with a question mark, only
    those are the question; the others are context ("It has to do with mining trucks."). Only parts with at least
    two words are kept.
    """
    found: list[str] = []
    sentences = [part.strip() for part in _SENTENCE_END.split(question) if part.strip()]
    asking = [sentence for sentence in sentences if sentence.endswith(("?", "？"))]
    for sentence in asking or sentences:
        starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)]
        for start in starts:
            tail = sentence[start:].strip()
            if tail and tail != question.strip() and len(tail.split()) + len(CJK_CHAR.findall(tail)) // 2 >= 2:
                found.append(tail)
    return list(dict.fromkeys(found))


class Matcher:
    """Matches questions against one fact base's index. Immutable once built; build a new one to reload."""

    def __init__(self, base: FactBase, previous: Matcher | None = None) -> None:
        """Index `base`, reusing what the `previous` matcher's index tokenised (see `Index`)."""
        self.index: Final[Index] = Index(base, previous.index if previous else None)

    @property
    def base(self) -> FactBase:
        return self.index.base

    @property
    def normaliser(self) -> Normaliser:
        return self.index.normaliser

    def related(self, fact_id: str) -> tuple[str, ...]:
        """Up to three other facts sharing most topics and entities: the follow-ups offered with an answer."""
        return self.index.related(fact_id)

    def find_topic(self, query: str) -> str | None:
        """The topic id a person means by `query` ("dairy", "milk", "diary", "乳业"), or None."""
        return self.index.find_topic(query)

    def match(self, question: str, context: tuple[str, ...] = ()) -> Match:
        """Decide what to do with a question. Never raises; deterministic for a given fact base.

        `context` adds the entities a conversation is about to what the question names (see `_match_clause`).
        The whole question is matched, and so is each of its clauses that asks something: a long question often
        wraps its point in a preamble ("I'm a farmer from Hebei. Which prize did Yili win?") whose words and names
        are not what it asks about. The clause with the best-scoring fact decides; a clause must beat the whole
        question by a margin.
        """
        question = question[:MAX_QUESTION_CHARS]
        language = detect_language(question)
        best = self._match_clause(question, question, language, context)
        if best.decision == "answered":  # a clause would have to beat a clear answer: not worth the time
            return best
        parts = clauses(question)[:MAX_CLAUSES]
        if asks(question):  # a part that asks nothing ("..., according to the story?") is not the question
            parts = [clause for clause in parts if asks(clause)]
        for clause in parts:
            candidate = self._match_clause(question, clause, language, context)
            if outranks(candidate, best):
                best = candidate
        return best

    def _match_clause(self, question: str, clause: str, language: str, context: tuple[str, ...] = ()) -> Match:
        """Read one clause, score the facts against it, check them and decide.

        `context` names entities the conversation is about ("it", "they"): they count as named in the clause.
        """
        index = self.index
        text = without_attribution(clause)
        tokens = [*index.normaliser.tokens(text), *(entity_marker(entity) for entity in context)]
        unique = list(dict.fromkeys(tokens))
        names = tuple(dict.fromkeys(index.normaliser.unknown_names(clause)))
        mentions = self._mentions(clause, unique, names)._replace(context=frozenset(context))
        consistent: list[Candidate] = []
        excluded: list[Candidate] = []
        if not _has_words(unique) or not index.fact_ids or (clause != question and len(unique) < 2):
            verdict = NO_WORDS
        else:
            consistent, excluded = check(index, rank(index, unique), mentions, strong=SUGGEST)
            own_text = [index.text_coverage(candidate.fact_id, unique) for candidate in consistent[:2]]
            verdict = decide(consistent, excluded, own_text)
        return Match(
            question,
            verdict.decision,
            verdict.fact_id,
            round(verdict.score, 1),
            verdict.rule + ("" if clause == question else f" (on the clause {clause!r})"),
            language,
            tuple(consistent),
            tuple(excluded),
            mentions.entities,
            tuple(e for e in mentions.entities if e not in index.covered),
            names,
            tuple(tokens),
            clause,
            mentions.reading,
        )

    def match_fact(self, question: str, fact_id: str, context: tuple[str, ...] = ()) -> Match | None:
        """The question answered with one given fact, when that fact passes every check the question brings.

        For a follow-up that asks what the last answer's fact says ("what year was that?"): no other fact competes,
        so this says only whether the fact may answer; None when it may not (or does not exist).
        """
        index = self.index
        position = index.position.get(fact_id)
        if position is None:
            return None
        question = question[:MAX_QUESTION_CHARS]
        tokens = [*index.normaliser.tokens(without_attribution(question)), *(entity_marker(e) for e in context)]
        unique = list(dict.fromkeys(tokens))
        names = tuple(dict.fromkeys(index.normaliser.unknown_names(question)))
        mentions = self._mentions(question, unique, names)._replace(context=frozenset(context))
        if inconsistency(index, position, mentions) is not None:
            return None
        rule = f"answered: a follow-up asking for {mentions.reading.describe()}, which fact {fact_id} gives"
        return Match(
            question,
            "answered",
            fact_id,
            100.0,
            rule,
            detect_language(question),
            (),
            (),
            mentions.entities,
            (),
            names,
            tuple(tokens),
            question,
            mentions.reading,
        )

    def _refusal(self, fact: int, text: str, tokens: list[str]) -> str:
        """Why a fact would not answer one of its example questions ("" when it would).

        A fact that lacks what the whole question asks for still answers it when one of its clauses asks for
        something the fact gives, as matching does ("We want to know where to expand, is Hohhot good for pharma?").
        """
        exclusion = inconsistency(self.index, fact, self._mentions(text, tokens))
        if exclusion is None:
            return ""
        if exclusion.cause == "answer":
            for clause in clauses(text)[:MAX_CLAUSES]:
                if inconsistency(self.index, fact, self._mentions(clause, tokens)) is None:
                    return ""
        return exclusion.text

    def _mentions(self, text: str, tokens: list[str], names: tuple[str, ...] = ()) -> Mentions:
        """What a question (or an example question) names and asks for, which its fact must match."""
        reading = read(text)
        normaliser = self.index.normaliser
        focus = normaliser.tokens(reading.focus) if reading.focus else []
        topic = normaliser.tokens(reading.topic) if reading.topic else []
        return Mentions(
            marked_entities(tokens),
            years(text),
            names,
            reading,
            frozenset(t for t in focus if _is_word(t)),
            self.index.terms_in(tokens),
            frozenset(t for t in topic if _is_word(t)),
        )

    def collisions(self) -> list[tuple[Fact, Example, str]]:
        """Example questions the matcher would not send to their own fact, with the reason.

        An example question is in the index, so its own fact scores highest (full coverage, overlap and similarity)
        unless another fact has an example with the same normalised words, or the question names an entity or a
        year its own fact is not about. Checking those conditions gives the matcher's verdict without matching
        every example, which keeps reloading a large fact base fast.
        """
        index = self.index
        found: list[tuple[Fact, Example, str]] = []
        owners: dict[str, str] = {}
        for position, fact in enumerate(index.base.facts):
            for example, (joined, tokens, _) in zip(fact.examples, index.examples[position], strict=True):
                reason = self._refusal(position, example.text, sorted(tokens))
                owner = owners.setdefault(joined, fact.id)
                if not tokens:
                    reason = "has no words the matcher can use"
                elif owner != fact.id:
                    reason = f"has the same words as an example question of fact '{owner}'"
                if reason:
                    found.append((fact, example, reason))
        return found


def _is_word(token: str) -> bool:
    """A token that says what something is: not an entity marker, not a bare number."""
    return not token.startswith("@") and not token.isdigit()


def _has_words(tokens: list[str]) -> bool:
    """Whether a question has anything to match: digits and arithmetic alone ("1+1") are not about the facts."""
    return any(not token.isdigit() for token in tokens)
