"""The index of one fact base: everything matching needs that depends only on the facts, built once.

Per fact: its example questions as token sets, the entities it is about (with the places they are part of) and
the years it covers. Across facts: inverted postings (token -> facts whose vocabulary has it) and IDF weights,
so that scoring a question costs in proportion to the facts sharing its words, not to the size of the fact base.
Built in time linear in the fact base (the benchmark indexes 100,000 facts); nothing changes once it is built.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from bot.engine.gives import Gives, gives_of
from bot.engine.model import Fact, FactBase
from bot.engine.normalise import Normaliser, entity_marker, join, marked_entities, years
from bot.engine.question import read

ExampleTokens = tuple[str, frozenset[str], str]  # an example question: (its sorted tokens joined, token set, text)
Term = tuple[int, int]  # an exclusive term: (its group, its place in the group)


class Index:
    """The index of one fact base. Immutable once built; build a new one to reload."""

    def __init__(self, base: FactBase, previous: Index | None = None) -> None:
        """Index `base`. With the `previous` index, texts it already tokenised are not tokenised again.

        A fact text's or example question's tokens depend only on the text and the phrase table (lexicon and entity
        aliases): its words are all in the vocabulary, so spelling correction leaves them alone. When the phrase
        table is unchanged, a reload therefore reuses every unchanged text's tokens.
        """
        self.base: Final = base
        self.normaliser: Final = Normaliser(base)
        known: Mapping[str, Sequence[str]] = {}
        if previous is not None and previous.normaliser.phrases == self.normaliser.phrases:
            known = previous.text_tokens
        self.fact_ids: Final[Sequence[str]] = [fact.id for fact in base.facts]
        self.position: Final[Mapping[str, int]] = {fact_id: at for at, fact_id in enumerate(self.fact_ids)}
        self.own_entities: Final[Sequence[frozenset[str]]] = [frozenset(fact.entities) for fact in base.facts]
        self.allowed_entities: Final[Sequence[frozenset[str]]] = [_about(base, fact) for fact in base.facts]
        self.years: Final[Sequence[frozenset[str]]] = [_fact_years(base, fact) for fact in base.facts]
        self.covered: Final[frozenset[str]] = frozenset().union(*self.allowed_entities)
        examples, vocabularies, text_tokens = _read(base, self.normaliser, self.allowed_entities, known)
        self.examples: Final[Sequence[Sequence[ExampleTokens]]] = examples
        self.text_tokens: Final[Mapping[str, Sequence[str]]] = text_tokens  # every text indexed -> its tokens
        self.gives: Final[Sequence[Gives]] = [gives_of(fact, base, self._stated(fact)) for fact in base.facts]
        self.counted: Final[Sequence[frozenset[str]]] = [  # what each fact's figures count, as tokens
            self._counted(fact, gives) for fact, gives in zip(base.facts, self.gives, strict=True)
        ]
        self.exclusive: Final[Sequence[Sequence[frozenset[str]]]] = [  # each group's terms, as token sets
            [frozenset(self.normaliser.tokens(term)) for term in group] for group in base.exclusive
        ]
        self.terms: Final[Sequence[frozenset[Term]]] = [
            self._terms(fact, fact_examples) for fact, fact_examples in zip(base.facts, examples, strict=True)
        ]
        postings = _postings(vocabularies)
        count = len(base.facts)
        self.postings: Final[Mapping[str, npt.NDArray[np.int32]]] = {
            token: np.asarray(ids, dtype=np.int32) for token, ids in postings.items()
        }
        self.idf: Final[Mapping[str, float]] = {
            token: math.log((count + 1) / (len(ids) + 0.5)) for token, ids in postings.items()
        }
        self.unknown_weight: Final = math.log((count + 1) / 0.5)
        # Every example question as a row, the rows of a fact one after the other (scoring works on rows in bulk):
        # where each fact's rows start, each row's weight, and the ids of each row's tokens (as its set lists them).
        self.word_ids: Final[Mapping[str, int]] = {token: at for at, token in enumerate(postings)}
        rows = [tokens for fact_examples in examples for _, tokens, _ in fact_examples]
        self.example_start: Final = np.cumsum([0, *(len(fact_examples) for fact_examples in examples)])
        self.example_weights: Final = np.array([sum(self.weight(t) for t in tokens) for tokens in rows], dtype=float)
        self.word_start: Final = np.cumsum([0, *(len(tokens) for tokens in rows)])
        self.example_words: Final = np.fromiter(
            (self.word_ids[token] for tokens in rows for token in tokens),
            dtype=np.int32,
            count=int(self.word_start[-1]),
        )
        by_topic, by_entity = _facts_by_topic_and_entity(base)
        self.by_topic: Final[Mapping[str, Sequence[str]]] = by_topic
        self.by_entity: Final[Mapping[str, Sequence[str]]] = by_entity
        self.topic_names: Final[Mapping[str, str]] = self._topic_names()  # normalised name or alias -> topic id

    def _topic_names(self) -> dict[str, str]:
        """Every name and alias of every topic, normalised like a query, with the topic it names."""
        names: dict[str, str] = {}
        for topic in self.base.topics.values():
            for name in (topic.id.replace("-", " "), topic.name, topic.name_zh, *topic.aliases, *topic.aliases_zh):
                normalised = join(self.normaliser.units(name))
                if normalised:
                    names.setdefault(normalised, topic.id)
        return names

    def weight(self, token: str) -> float:
        """A token's IDF: rare tokens tell facts apart; a token no fact has weighs most (it is unexplained)."""
        return self.idf.get(token, self.unknown_weight)

    def _stated(self, fact: Fact) -> frozenset[str]:
        """The entities a fact's own texts name."""
        return frozenset(marked_entities((*self.text_tokens[fact.text], *self.text_tokens[fact.text_zh])))

    def _counted(self, fact: Fact, gives: Gives) -> frozenset[str]:
        """The tokens of what a fact's figures count, and of what its own counting example questions ask about.

        The example questions bring the curator's paraphrases: "How many groups were named an innovation
        consortium?" says that the consortiums counted are groups too.
        """
        if not gives.counted:
            return frozenset()
        phrases = [*gives.counted]
        for example in fact.examples:
            reading = read(example.text)
            if reading.wants == "count" and reading.focus:
                phrases.append(reading.focus)
        return frozenset(token for phrase in phrases for token in self.normaliser.tokens(phrase))

    def text_coverage(self, fact_id: str, tokens: Sequence[str]) -> float:
        """The IDF-weighted share of the tokens that the fact's own texts (not its example questions) have."""
        fact = self.base.fact_by_id[fact_id]
        own = {*self.text_tokens.get(fact.text, ()), *self.text_tokens.get(fact.text_zh, ())}
        weights = [(self.weight(token), token in own) for token in tokens]
        total = sum(weight for weight, _ in weights)
        return sum(weight for weight, present in weights if present) / total if total else 0.0

    def knows(self, fact: int, token: str) -> bool:
        """Whether a token is in a fact's vocabulary (its texts, its example questions, what it is about)."""
        ids = self.postings.get(token)
        if ids is None:
            return False
        at = int(np.searchsorted(ids, fact))
        return at < len(ids) and int(ids[at]) == fact

    def _terms(self, fact: Fact, examples: Sequence[ExampleTokens]) -> frozenset[Term]:
        """The exclusive terms a fact names: its own text decides a group; its example questions fill the others.

        The quote of North Hauler's CIO never says "chief information officer", but its examples call him the CIO;
        an example asking "is he the CEO?" must not make the CIO's fact name the CEO.
        """
        stated = self.terms_in((*self.text_tokens[fact.text], *self.text_tokens[fact.text_zh]))
        asked = frozenset(term for _, tokens, _ in examples for term in self.terms_in(tokens))
        groups = {group for group, _ in stated}
        return stated | frozenset(term for term in asked if term[0] not in groups)

    def terms_in(self, tokens: Iterable[str]) -> frozenset[Term]:
        """The exclusive terms (roles, ranks...) whose tokens are all among `tokens`."""
        present = frozenset(tokens)
        return frozenset(
            (group, place)
            for group, terms in enumerate(self.exclusive)
            for place, term in enumerate(terms)
            if term and term <= present
        )

    def related(self, fact_id: str) -> tuple[str, ...]:
        """Up to three other facts sharing most topics and entities: the follow-ups offered with an answer.

        Computed on each call from the topic and entity postings (only the facts sharing one of them are counted),
        so that indexing stays linear in the fact base and the index never changes once built.
        """
        fact = self.base.fact_by_id.get(fact_id)
        if fact is None:
            return ()
        shared: Counter[str] = Counter()
        for topic in fact.topics:
            shared.update({other: 2 for other in self.by_topic.get(topic, ())})
        for entity in fact.entities:
            shared.update(self.by_entity.get(entity, ()))
        del shared[fact_id]
        return tuple(other for other, _ in heapq.nsmallest(3, shared.items(), key=lambda item: (-item[1], item[0])))

    def find_topic(self, query: str) -> str | None:
        """The topic id a person means by `query` ("dairy", "milk", "diary", "乳业"), or None."""
        wanted = join(self.normaliser.units(query))
        if not wanted:
            return None
        names = list(self.topic_names)
        found = process.extractOne(wanted, names, scorer=fuzz.WRatio, score_cutoff=80)
        return self.topic_names[found[0]] if found else None


def _read(
    base: FactBase, normaliser: Normaliser, about: Sequence[frozenset[str]], known: Mapping[str, Sequence[str]]
) -> tuple[list[list[ExampleTokens]], list[set[str]], dict[str, Sequence[str]]]:
    """Per fact: its example questions' tokens and its vocabulary (examples, texts, markers of what it is about).

    Also every text's tokens, for the next reload; a text in `known` (the previous index's) is not tokenised again.
    """
    text_tokens: dict[str, Sequence[str]] = {}

    def tokens_of(text: str) -> Sequence[str]:
        found = known.get(text)
        if found is None:
            found = normaliser.tokens(text)
        text_tokens[text] = found
        return found

    examples: list[list[ExampleTokens]] = []
    vocabularies: list[set[str]] = []
    for fact, entities in zip(base.facts, about, strict=True):
        fact_examples = []
        vocabulary: set[str] = set()
        for example in fact.examples:
            tokens = tokens_of(example.text)
            fact_examples.append((" ".join(sorted(tokens)), frozenset(tokens), example.text))
            vocabulary.update(tokens)
        for text in (fact.text, fact.text_zh):
            vocabulary.update(tokens_of(text))
        vocabulary.update(entity_marker(e) for e in entities)
        examples.append(fact_examples)
        vocabularies.append(vocabulary)
    return examples, vocabularies, text_tokens


def _about(base: FactBase, fact: Fact) -> frozenset[str]:
    """The entities a fact is about, with the places they are part of (Hohhot -> Inner Mongolia)."""
    about: set[str] = set()
    pending = list(fact.entities)
    while pending:
        entity_id = pending.pop()
        if entity_id not in about:
            about.add(entity_id)
            entity = base.entities.get(entity_id)
            pending.extend(entity.part_of if entity else ())
    return frozenset(about)


def _fact_years(base: FactBase, fact: Fact) -> frozenset[str]:
    """The years a fact covers: those its text and quote mention, else its source's date.

    An award "in the 2020 awards" is not one of 2021 because the article came out in 2021; a figure the article
    gives without a year is as of the article's date.
    """
    stated: frozenset[str] = frozenset().union(*(years(text) for text in (fact.text, fact.quote)))
    source = base.sources.get(fact.source)
    return stated or (years(source.date) if source else frozenset())


def _postings(vocabularies: Sequence[set[str]]) -> dict[str, list[int]]:
    """Token -> the indices of the facts whose vocabulary has it, in fact order."""
    postings: dict[str, list[int]] = {}
    for index, vocabulary in enumerate(vocabularies):
        for token in vocabulary:
            postings.setdefault(token, []).append(index)
    return postings


def _facts_by_topic_and_entity(base: FactBase) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Topic id -> the ids of the facts filed under it, and the same for entity ids."""
    by_topic: dict[str, list[str]] = {}
    by_entity: dict[str, list[str]] = {}
    for fact in base.facts:
        for topic in fact.topics:
            by_topic.setdefault(topic, []).append(fact.id)
        for entity in fact.entities:
            by_entity.setdefault(entity, []).append(fact.id)
    return by_topic, by_entity
