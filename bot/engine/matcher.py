"""Fuzzy intent rules: match a question to a fact, suggest close ones, or decline.

The steps (see ../shared/GUIDE.md) and why each is there:
1. Normalise (bot.engine.normalise): fold and clean the text, correct misspellings against the fact base's own
   vocabulary, replace lexicon synonyms and entity aliases (longest match first) by canonical forms, stem, drop stop
   words.
2. Score: each fact gets an IDF-weighted *coverage* (how much of the question the fact's vocabulary explains:
   unknown words weigh most, so "What's the temperature in Baotou?" is not explained by a Baotou fact), a
   *overlap* (IDF-weighted F1 of the words it shares with its closest example question) and a rapidfuzz
   similarity to its example questions, batched with `process.cdist`. Coverage over inverted postings picks the candidates, so the
   cost grows with the facts that share words with the question, not with the size of the fact base.
3. Consistency: a fact is out when the question names an entity or a year the fact is not about, or a name
   the fact base has never seen.
4. Decide: answer when the best score reaches ANSWER and leads the runner-up by MARGIN; suggest when it reaches
   SUGGEST; otherwise decline. Every decision carries the rule and the scores that made it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

from bot.engine.model import Example, Fact, FactBase
from bot.engine.normalise import CJK_CHAR, Normaliser, detect_language, entity_marker, join, marked_entities, years

Decision = Literal["answered", "suggested", "declined"]

ANSWER = 54.0
SUGGEST = 45.0
MARGIN = 6.0
MAX_QUESTION_CHARS = 4096
CANDIDATES = 40  # facts scored in full after the coverage prefilter, at most
REACH = 0.4  # ... and only those with at least this share of the best coverage
MAX_CLAUSES = 8
CLAUSE_PENALTY = 3.0  # a clause must beat the whole question by this much to decide instead of it
_WEIGHTS = (0.6, 0.2, 0.2)  # coverage, overlap, similarity: calibrated on the development and held-out sets


@dataclass(frozen=True)
class Candidate:
    """A fact the question was compared with, and why it scored as it did."""

    fact_id: str
    score: float
    coverage: float
    overlap: float  # weighted F1 of the words shared with the closest example question
    similarity: float
    example: str  # the closest example question
    excluded: str = ""  # why the consistency check removed it, if it did


@dataclass(frozen=True)
class Match:
    """The matcher's decision about one question, with everything needed to explain it."""

    question: str
    decision: Decision
    fact_id: str | None
    score: float
    rule: str
    language: str
    candidates: tuple[Candidate, ...]  # consistent candidates, best first
    excluded: tuple[Candidate, ...]  # strong candidates the consistency check removed
    entities: tuple[str, ...]  # entity ids the question names
    foreign: tuple[str, ...]  # named entities no fact is about (Ordos, Huawei): the honest reason to decline
    unknown_names: tuple[str, ...]  # capitalised words never seen in the fact base ("Papeing"): names, likely
    tokens: tuple[str, ...]
    clause: str  # the part of the question that decided: the whole question, or one of its clauses

    @property
    def suggestions(self) -> tuple[str, ...]:
        """Up to three facts to offer when the question is not answered outright."""
        if self.decision == "answered":
            return ()
        floor = SUGGEST if self.decision == "suggested" else SUGGEST - 10
        return tuple(c.fact_id for c in self.candidates[:3] if c.score >= floor)


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z\"“'(])|(?<=[。！？；])\s*|\s*\n+\s*")
_CLAUSE_BREAK = re.compile(r"[,，:：、]\s*|\s+[-–—]\s+")
_RANKS = {"declined": 0, "suggested": 1, "answered": 2}


def _rank(match: Match) -> int:
    return _RANKS[match.decision]


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
    """The index of one fact base. Immutable once built; build a new one to reload."""

    def __init__(self, base: FactBase, previous: Matcher | None = None) -> None:
        """Index `base`. With the `previous` matcher, texts it already tokenised are not tokenised again.

        A fact text's or example question's tokens depend only on the text and the phrase table (lexicon and entity
        aliases): its words are all in the vocabulary, so spelling correction leaves them alone. When the phrase
        table is unchanged, a reload therefore reuses every unchanged text's tokens.
        """
        self.base = base
        self.normaliser = Normaliser(base)
        known = previous.text_tokens if previous and previous.normaliser.phrases == self.normaliser.phrases else {}
        self.text_tokens: dict[str, list[str]] = {}

        def tokens_of(text: str) -> list[str]:
            found = known.get(text)
            if found is None:
                found = self.normaliser.tokens(text)
            self.text_tokens[text] = found
            return found

        self.fact_ids = [fact.id for fact in base.facts]
        self._own_entities = [frozenset(fact.entities) for fact in base.facts]
        self._allowed_entities = [self._about(fact) for fact in base.facts]
        self._years = [self._fact_years(fact) for fact in base.facts]
        self._covered = frozenset().union(*self._allowed_entities)
        self._examples: list[list[tuple[str, frozenset[str], str]]] = []  # per fact: (joined tokens, set, text)
        vocabularies: list[set[str]] = []
        for fact in base.facts:
            examples = []
            vocabulary: set[str] = set()
            for example in fact.examples:
                tokens = tokens_of(example.text)
                examples.append((" ".join(sorted(tokens)), frozenset(tokens), example.text))
                vocabulary.update(tokens)
            for text in (fact.text, fact.text_zh):
                vocabulary.update(tokens_of(text))
            vocabulary.update(entity_marker(e) for e in self._about(fact))
            self._examples.append(examples)
            vocabularies.append(vocabulary)
        postings: dict[str, list[int]] = {}
        for index, vocabulary in enumerate(vocabularies):
            for token in vocabulary:
                postings.setdefault(token, []).append(index)
        count = len(base.facts)
        self._postings = {token: np.asarray(ids, dtype=np.int32) for token, ids in postings.items()}
        self._idf = {token: math.log((count + 1) / (len(ids) + 0.5)) for token, ids in postings.items()}
        self._unknown_weight = math.log((count + 1) / 0.5)
        self._example_weights = [
            [sum(self.weight(t) for t in tokens) for _, tokens, _ in examples] for examples in self._examples
        ]
        self._related: dict[str, tuple[str, ...]] = {}
        self._by_topic: dict[str, list[str]] = {}
        self._by_entity: dict[str, list[str]] = {}
        for fact in base.facts:
            for topic in fact.topics:
                self._by_topic.setdefault(topic, []).append(fact.id)
            for entity in fact.entities:
                self._by_entity.setdefault(entity, []).append(fact.id)
        self._topic_names: dict[str, str] = {}  # normalised name or alias -> topic id
        for topic in base.topics.values():
            for name in (topic.id.replace("-", " "), topic.name, topic.name_zh, *topic.aliases, *topic.aliases_zh):
                normalised = join(self.normaliser.units(name))
                if normalised:
                    self._topic_names.setdefault(normalised, topic.id)

    def collisions(self) -> list[tuple[Fact, Example, str]]:
        """Example questions the matcher would not send to their own fact, with the reason.

        An example question is in the index, so its own fact scores highest (full coverage, overlap and similarity)
        unless another fact has an example with the same normalised words, or the question names an entity or a
        year its own fact is not about. Checking those conditions gives the matcher's verdict without matching
        every example, which keeps reloading a large fact base fast.
        """
        found: list[tuple[Fact, Example, str]] = []
        owners: dict[str, str] = {}
        for index, fact in enumerate(self.base.facts):
            for example, (joined, tokens, _) in zip(fact.examples, self._examples[index]):
                reason = self._inconsistency(index, marked_entities(sorted(tokens)), years(example.text), ())
                owner = owners.setdefault(joined, fact.id)
                if not tokens:
                    reason = "has no words the matcher can use"
                elif owner != fact.id:
                    reason = f"has the same words as an example question of fact '{owner}'"
                if reason:
                    found.append((fact, example, reason))
        return found

    # --- building ---------------------------------------------------------------------------------------------------

    def _about(self, fact: Fact) -> frozenset[str]:
        """The entities a fact is about, with the places they are part of (Hohhot -> Inner Mongolia)."""
        about: set[str] = set()
        pending = list(fact.entities)
        while pending:
            entity_id = pending.pop()
            if entity_id not in about:
                about.add(entity_id)
                entity = self.base.entities.get(entity_id)
                pending.extend(entity.part_of if entity else ())
        return frozenset(about)

    def _fact_years(self, fact: Fact) -> frozenset[str]:
        source = self.base.sources.get(fact.source)
        texts = (fact.text, fact.quote, source.date if source else "")
        return frozenset().union(*(years(text) for text in texts))

    def related(self, fact_id: str) -> tuple[str, ...]:
        """Up to three other facts sharing most topics and entities: the follow-ups offered with an answer.

        Computed on first use from the topic and entity postings, so indexing stays linear in the fact base.
        """
        cached = self._related.get(fact_id)
        if cached is not None:
            return cached
        fact = self.base.fact_by_id.get(fact_id)
        if fact is None:
            return ()
        shared: Counter[str] = Counter()
        for topic in fact.topics:
            shared.update({other: 2 for other in self._by_topic.get(topic, ())})
        for entity in fact.entities:
            shared.update(self._by_entity.get(entity, ()))
        del shared[fact_id]
        ranked = tuple(other for other, _ in sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:3])
        self._related[fact_id] = ranked
        return ranked

    def find_topic(self, query: str) -> str | None:
        """The topic id a person means by `query` ("dairy", "milk", "diary", "乳业"), or None."""
        wanted = join(self.normaliser.units(query))
        if not wanted:
            return None
        names = list(self._topic_names)
        found = process.extractOne(wanted, names, scorer=fuzz.WRatio, score_cutoff=80)
        return self._topic_names[found[0]] if found else None

    # --- matching ---------------------------------------------------------------------------------------------------

    def weight(self, token: str) -> float:
        return self._idf.get(token, self._unknown_weight)

    def match(self, question: str) -> Match:
        """Decide what to do with a question. Never raises; deterministic for a given fact base.

        The whole question is matched, and so is each of its clauses: a long question often wraps its point in a
        preamble ("I'm a farmer from Hebei. Which prize did Yili win?") whose words and names are not what it asks
        about. The clause with the best-scoring fact decides; a clause must beat the whole question by a margin.
        """
        question = question[:MAX_QUESTION_CHARS]
        best = self._match_clause(question, question)
        if best.decision == "answered":  # a clause would have to beat a clear answer: not worth the time
            return best
        for clause in clauses(question)[:MAX_CLAUSES]:
            candidate = self._match_clause(question, clause)
            if candidate.score > best.score + CLAUSE_PENALTY and _rank(candidate) >= _rank(best):
                best = candidate
        return best

    def _match_clause(self, question: str, clause: str) -> Match:
        language = detect_language(question)
        tokens = self.normaliser.tokens(clause)
        unique = list(dict.fromkeys(tokens))
        names = tuple(dict.fromkeys(self.normaliser.unknown_names(clause)))
        entities = marked_entities(unique)
        mentioned = years(clause)
        foreign = tuple(e for e in entities if e not in self._covered)
        where = "" if clause == question else f" (on the clause {clause!r})"

        def decided(
            decision: Decision,
            score: float,
            rule: str,
            fact_id: str | None = None,
            candidates: Sequence[Candidate] = (),
            excluded: Sequence[Candidate] = (),
        ) -> Match:
            return Match(
                question,
                decision,
                fact_id,
                round(score, 1),
                rule + where,
                language,
                tuple(candidates),
                tuple(excluded),
                entities,
                foreign,
                names,
                tuple(tokens),
                clause,
            )

        if not unique or not self.fact_ids or (clause != question and len(unique) < 2):
            return decided("declined", 0.0, "declined: the question has no words the matcher can use")
        weights = np.array([self.weight(t) for t in unique])
        total = float(weights.sum())
        coverage = np.zeros(len(self.fact_ids))
        for token, weight in zip(unique, weights):
            ids = self._postings.get(token)
            if ids is not None:
                coverage[ids] += weight
        coverage /= total
        # Only facts whose coverage is within reach of the best are scored in full: coverage carries most of the
        # score, so a fact with less than REACH of the best coverage cannot make up the difference.
        considered = (
            np.nonzero(coverage >= REACH * coverage.max())[0] if coverage.max() > 0 else np.zeros(0, dtype=np.int64)
        )
        if len(considered) > CANDIDATES:
            considered = considered[np.argpartition(-coverage[considered], CANDIDATES)[:CANDIDATES]]
        scored = sorted(
            self._score(unique, dict(zip(unique, weights)), coverage, considered.tolist()),
            key=lambda item: (-item[0], self.fact_ids[item[1]]),
        )
        consistent: list[Candidate] = []
        excluded: list[Candidate] = []
        for score, index, cover, overlap, sim, example in scored:  # best first; only the reported few are built
            reason = self._inconsistency(index, entities, mentioned, names)
            if reason and len(excluded) < 3 and score >= SUGGEST:
                excluded.append(
                    Candidate(
                        self.fact_ids[index],
                        round(score, 1),
                        round(cover, 3),
                        round(overlap, 3),
                        round(sim, 3),
                        example,
                        reason,
                    )
                )
            elif not reason and len(consistent) < 5:
                consistent.append(
                    Candidate(
                        self.fact_ids[index],
                        round(score, 1),
                        round(cover, 3),
                        round(overlap, 3),
                        round(sim, 3),
                        example,
                    )
                )
            if len(consistent) == 5 and (len(excluded) == 3 or score < SUGGEST):
                break
        if not consistent:
            if excluded:
                return decided("declined", 0.0, f"declined: {excluded[0].excluded}", excluded=excluded)
            return decided("declined", 0.0, "declined: no fact shares a word with the question")
        best = consistent[0]
        runner_up = consistent[1].score if len(consistent) > 1 else 0.0
        lead = best.score - runner_up
        args = dict(candidates=consistent[:5], excluded=excluded)
        if best.score >= ANSWER and lead >= MARGIN:
            rule = f"answered: score {best.score:.1f} >= {ANSWER:.0f} and {lead:.1f} ahead of the runner-up (>= {MARGIN:.0f})"
            return decided("answered", best.score, rule, best.fact_id, **args)
        if best.score >= SUGGEST:
            why = (
                f"only {lead:.1f} ahead of the runner-up"
                if best.score >= ANSWER
                else f"score {best.score:.1f} < {ANSWER:.0f}"
            )
            return decided("suggested", best.score, f"suggested: {why}", **args)
        if excluded and excluded[0].score > best.score:
            return decided("declined", best.score, f"declined: {excluded[0].excluded}", **args)
        return decided("declined", best.score, f"declined: best score {best.score:.1f} < {SUGGEST:.0f}", **args)

    def _score(
        self, tokens: list[str], weights: dict[str, float], coverage: np.ndarray, indices: list[int]
    ) -> list[tuple[float, int, float, float, float, str]]:
        """Full scores for the prefiltered facts: one `cdist` over all their example questions.

        Per example question: an IDF-weighted F1 of the words it shares with the question (missing words and extra
        words both count against it) and a rapidfuzz similarity of the two normalised texts (which rewards near
        spellings the word sets miss). Each fact keeps its closest example.
        Returns (score, fact index, coverage, overlap, similarity, closest example) per fact.
        """
        if not indices:
            return []
        strings = [example[0] for index in indices for example in self._examples[index]]
        similarity = process.cdist([" ".join(sorted(tokens))], strings, scorer=fuzz.ratio, dtype=np.float32)[0] / 100
        question_weight = sum(weights.values())
        results = []
        position = 0
        for index in indices:
            best = (-1.0, 0.0, 0.0, "")
            for (_, example_tokens, text), example_weight in zip(self._examples[index], self._example_weights[index]):
                shared = sum(weights[t] for t in example_tokens if t in weights)
                overlap = 2 * shared / (question_weight + example_weight) if shared else 0.0
                sim = float(similarity[position])
                position += 1
                if overlap + sim > best[0]:
                    best = (overlap + sim, overlap, sim, text)
            _, overlap, sim, example = best
            cover = float(coverage[index])
            score = 100 * (_WEIGHTS[0] * cover + _WEIGHTS[1] * overlap + _WEIGHTS[2] * sim)
            results.append((score, index, cover, overlap, sim, example))
        return results

    def _inconsistency(
        self, index: int, entities: tuple[str, ...], mentioned: frozenset[str], names: tuple[str, ...]
    ) -> str:
        """Why a fact cannot answer a question naming these entities and years ("" when it can).

        Every entity named must be one the fact is about. A region that contains the fact's subject (Inner
        Mongolia for Hohhot) is accepted beside the subject ("in Inner Mongolia, how many ... does Hohhot have"),
        but not instead of it: Hohhot's 464 institutions do not answer "How many does Inner Mongolia have?".
        A capitalised word the fact base has never seen is taken for the name of something no fact is about, like
        a place missing from the gazetteer ("How many platforms does Papeing have?").
        """
        if names:
            return f"the question names {', '.join(names)}, which no fact is about"
        own = self._own_entities[index]
        names_own = any(e in own for e in entities)
        foreign = [e for e in entities if e not in own and not (names_own and e in self._allowed_entities[index])]
        if foreign:
            names = ", ".join(self.base.entities[e].name for e in foreign if e in self.base.entities)
            return f"the question is about {names}, which fact {self.fact_ids[index]} is not about"
        other_years = sorted(mentioned - self._years[index])
        if other_years:
            return f"the question asks about {', '.join(other_years)}, which fact {self.fact_ids[index]} does not cover"
        return ""
