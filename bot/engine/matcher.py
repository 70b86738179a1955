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
from collections.abc import Sequence
from typing import Final

from bot.engine.budget import Budget, Clause
from bot.engine.choices import alternatives, choosing
from bot.engine.consistency import FOUNDED, Mentions, inconsistency
from bot.engine.decision import NO_WORDS, SUGGEST, Match, Verdict, decide, outranks
from bot.engine.doubts import asked_head, asks_nothing, doubt, unsaid
from bot.engine.figures import figures
from bot.engine.index import Index
from bot.engine.model import FactBase
from bot.engine.normalise import CJK_CHAR, Normaliser, detect_language, entity_marker, marked_entities, years
from bot.engine.phrasing import asks, attribution, content_asked, refers_back, without_attribution
from bot.engine.question import read
from bot.engine.scoring import Candidate, check, rank
from bot.engine.statements import instances_asked

MAX_QUESTION_CHARS = 4096
MAX_CLAUSES = 8

# A question opening with where it stands ("在呼包合作中，", "Within the Hohhot-Baotou partnership, ..."): the names
# there set the scene, and the clause after it may answer better than the whole
_SETTING = re.compile(
    r"^\W*(?:在[^，,？?。]{2,16}?(?:中|里|方面|上|当中)\s*[，,]"
    r"|(?:in|within|as part of|inside) (?:the |their |this )?[^,?.]{3,40}?(?:partnership|cooperation|"
    r"collaboration|tie-up|alliance|consortium|context),)",
    re.IGNORECASE,
)
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

    def __init__(self, base: FactBase | Index, previous: Matcher | None = None, budget: Budget | None = None) -> None:
        """Index `base`, reusing what the `previous` matcher's index computed (see `Index`); or match over an index
        already built, with a `budget` (see `for_message`)."""
        self.index: Final[Index] = (
            base if isinstance(base, Index) else Index(base, previous.index if previous else None)
        )
        self.budget: Final = budget

    def for_message(self) -> Matcher:
        """A matcher for one message: the same index, reading each clause of the message once, and only so many
        (bot.engine.budget)."""
        return Matcher(self.index, budget=Budget())

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
        if best.decision == "answered" and not _SETTING.match(question):  # a clause would have to beat a clear
            return best  # answer: not worth the time, unless the question opens by setting a scene
        parts = clauses(question)[:MAX_CLAUSES]
        if asks(question):  # a part that asks nothing ("..., according to the story?") is not the question
            parts = [clause for clause in parts if asks(clause)]
        if best.foreign:  # "what about Ordos, is it part of this?" is about Ordos: a clause must name its own subject
            parts = [clause for clause in parts if self._names_any(clause)]
        named = best.entities if not best.foreign else ()
        cited = attribution(question)  # "According to the consortium story, what has Hohhot gathered?": each clause
        parts = [f"{clause} ({cited})" if cited and not attribution(clause) else clause for clause in parts]
        for clause in parts:
            # "... there's a consortium for this in Baotou. What exactly is it focused on?": "it" is the message's
            clause_context = context or (named if refers_back(clause) and not self._names_any(clause) else ())
            if self.budget is not None and not self.budget.allows((clause, clause_context, False)):
                continue
            candidate = self._match_clause(question, clause, language, clause_context)
            if best.reading.wants and not candidate.reading.wants:
                continue  # "what payload, in tonnes, can they carry?": the clause "can they carry?" loses what is asked
            if outranks(candidate, best):
                best = candidate
        return best

    def _names_any(self, text: str) -> bool:
        return any(token.startswith("@") for token in self.tokens(text))

    def _match_clause(self, question: str, clause: str, language: str, context: tuple[str, ...] = ()) -> Match:
        """The decision on one clause of a question (the whole question is one), read once per message."""
        key = (clause, context, clause == question)
        read = self.budget.read.get(key) if self.budget is not None else None
        if read is None:
            read = self._read(*key)
            if self.budget is not None:
                self.budget.keep(key, read)
        verdict, entities = read.verdict, read.mentions.entities
        return Match(
            question,
            verdict.decision,
            verdict.fact_id,
            round(verdict.score, 1),
            verdict.rule + ("" if clause == question else f" (on the clause {clause!r})"),
            language,
            read.consistent,
            read.excluded,
            entities,
            tuple(e for e in entities if e not in self.index.covered),
            read.names,
            read.tokens,
            clause,
            read.mentions.reading,
            verdict.torn,
        )

    def _read(self, clause: str, context: tuple[str, ...], whole: bool) -> Clause:
        """Read one clause, score the facts against it, check them and decide.

        `context` names entities the conversation is about ("it", "they"): they count as named in the clause.
        """
        index = self.index
        tokens = (*self.question_tokens(clause), *(entity_marker(entity) for entity in context))
        unique = list(dict.fromkeys(tokens))
        names = tuple(dict.fromkeys(index.normaliser.strange_names(clause)))
        mentions = self.mentions(clause, unique, names)._replace(context=frozenset(context))
        consistent: list[Candidate] = []
        excluded: list[Candidate] = []
        if (
            asks_nothing(clause, unique, bool(mentions.source and unique))
            or not index.fact_ids
            or (not whole and len(unique) < 2 and not mentions.focus)
        ):
            verdict = NO_WORDS
        elif names and not whole:  # every fact is out, so the clause scores nothing and can replace no decision
            verdict = Verdict("declined", 0.0, f"declined: {_named(index, mentions)}")
        else:
            scored = _without_answer_words(index, unique, mentions)
            consistent, excluded = check(index, rank(index, scored), mentions, strong=SUGGEST)
            own_text = [index.text_coverage(candidate.fact_id, scored) for candidate in consistent[:2]]
            asks_kind = mentions.reading.wants is not None
            verdict = decide(consistent, excluded, own_text, doubt(index, clause, mentions), asks_kind)
        return Clause(tokens, names, mentions, tuple(consistent), tuple(excluded), verdict)

    def question_tokens(self, text: str) -> tuple[str, ...]:
        """A question's tokens without where it says it read something ("according to the consortium article"),
        but with the names in that citation when it cites no one source ("does the Hohhot Daily report give")."""
        cited = attribution(text)
        tokens = self.tokens(without_attribution(text))
        if not cited or self.index.cited_source(cited):
            return tokens
        return (*tokens, *(token for token in self.tokens(cited) if token.startswith("@") and token not in tokens))

    def tokens(self, text: str) -> tuple[str, ...]:
        """The tokens of a text (see `Normaliser.tokens`); a message's matcher tokenises each text once."""
        if self.budget is None:
            return tuple(self.index.normaliser.tokens(text))
        found = self.budget.tokens.get(text)
        if found is None:
            found = self.budget.tokens[text] = tuple(self.index.normaliser.tokens(text))
        return found

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
        tokens = (*self.question_tokens(question), *(entity_marker(e) for e in context))
        unique = list(dict.fromkeys(tokens))
        names = tuple(dict.fromkeys(index.normaliser.strange_names(question)))
        mentions = self.mentions(question, unique, names)._replace(context=frozenset(context))
        if asks_nothing(question, unique) or unsaid(index, question) or inconsistency(index, position, mentions):
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
            tokens,
            question,
            mentions.reading,
        )

    def mentions(self, text: str, tokens: Sequence[str], names: tuple[str, ...] = ()) -> Mentions:
        """What a question (or an example question) names and asks for, which its fact must match."""
        reading = read(text)
        offered = alternatives(self.index, text, tokens)  # "is it in Hohhot or Baotou?"
        if offered:
            reading = choosing(reading, text)
        focus = self.tokens(reading.focus) if reading.focus else ()
        topic = self.tokens(reading.topic) if reading.topic else ()
        return Mentions(
            marked_entities(tokens),
            frozenset() if _EITHER_YEAR.search(text) else years(text),  # "the 2019 or 2020 edition?": either
            names,
            reading,
            frozenset(t for t in focus if _is_word(t)),
            self.index.terms_in(tokens),
            frozenset(t for t in topic if _is_word(t)),
            source=self.index.cited_source(attribution(text)),
            founding=FOUNDED in tokens,
            figures=frozenset(figures(text, dates=False)) if reading.wants == "count" else frozenset(),
            asked=asked_head(self.index, text, reading),
            alternatives=offered,
            described=content_asked(text),
            instances=instances_asked(text),
        )


def _named(index: Index, mentions: Mentions) -> str:
    """Why a question naming something no fact is about gets no fact: what the check says of any one of them."""
    exclusion = inconsistency(index, 0, mentions)
    return exclusion.text if exclusion is not None else ""


def _is_word(token: str) -> bool:
    """A token that says what something is: not an entity marker, not a bare number."""
    return not token.startswith("@") and not token.isdigit()


_EITHER_YEAR = re.compile(r"\b(?:19|20)\d\d\s*(?:or|/|还是|或)\s*(?:19|20)\d\d\b")


def _without_answer_words(index: Index, tokens: list[str], mentions: Mentions) -> list[str]:
    """A question's tokens without the words naming the kind of answer it asks for ("which city", "how much was it
    worth", "哪个城市"): a fact giving that answer need not contain them, and they would count as uncovered."""
    dropped = index.answer_words.get(mentions.reading.wants or "")
    if not dropped:
        return tokens
    return [token for token in tokens if token not in dropped] or tokens
