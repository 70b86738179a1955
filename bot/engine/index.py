"""The index of one fact base: everything matching needs that depends only on the facts, built once.

Per fact: its example questions as token sets, the entities it is about (with the places they are part of) and
the years it covers. Across facts: inverted postings (token -> facts whose vocabulary has it) and IDF weights,
so that scoring a question costs in proportion to the facts sharing its words, not to the size of the fact base.
Built in time linear in the fact base (the benchmark indexes 100,000 facts); nothing changes once it is built.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import numpy as np
from rapidfuzz import fuzz, process

from bot.engine import indexing
from bot.engine.answernouns import ANSWER_NOUNS, ORGANISATION_WORDS
from bot.engine.gives import Gives, gives_of
from bot.engine.indexing import ExampleTokens
from bot.engine.model import Fact, FactBase
from bot.engine.normalise import Normaliser, entity_marker, join, marked_entities
from bot.engine.question import read

Term = tuple[int, int]  # an exclusive term: (its group, its place in the group)


# The words of a citation that say what kind of text it is, not which one.
_SEVERAL = re.compile(r"\b(?:articles|stories|reports|pieces|texts|both|these|those)\b|两篇|这些|那些", re.IGNORECASE)
_CITATION_NOUNS = re.compile(
    r"\b(?:according|to|as|reported|in|by|per|said|based|on|about|mentioned|named|cited|listed|featured|the|that|article|"
    r"story|report|piece|news|paper|coverage|text)\b",
    re.IGNORECASE,
)


class Index:
    """The index of one fact base. Immutable once built; build a new one to reload."""

    def __init__(self, base: FactBase, previous: Index | None = None) -> None:
        """Index `base`, taking from the `previous` index what cannot have changed (bot.engine.indexing).

        A fact text's or example question's tokens depend only on the text, the phrase table (lexicon and entity
        aliases) and, for a misspelt word, the vocabulary: while the phrase table is unchanged, a reload reuses the
        tokens of every unchanged text whose words the vocabulary's changes cannot touch (`Normaliser.steady`).
        """
        self.base: Final = base
        self.normaliser: Final = Normaliser(base)
        same_phrases = previous is not None and previous.normaliser.phrases == self.normaliser.phrases
        known = previous.text_tokens if previous is not None and same_phrases else {}
        steady = self.normaliser.steady(previous.normaliser) if previous is not None else lambda text: False
        earlier = previous if previous is not None and indexing.same_tables(previous, base, self.normaliser) else None
        kept = indexing.kept(earlier, base, steady)
        every = earlier is not None and kept == list(range(len(earlier.fact_ids)))  # all of it, in the same order
        self.kept: Final[Sequence[int]] = kept  # per fact: its position in the previous index, if it kept all, or -1
        facts = base.facts
        self.fact_ids: Final[Sequence[str]] = [fact.id for fact in facts]
        self.position: Final[Mapping[str, int]] = {fact_id: at for at, fact_id in enumerate(self.fact_ids)}
        self.own_entities: Final[Sequence[frozenset[str]]] = indexing.each(
            kept, earlier.own_entities if earlier else (), lambda at: frozenset(facts[at].entities)
        )
        self.allowed_entities: Final[Sequence[frozenset[str]]] = indexing.each(
            kept, earlier.allowed_entities if earlier else (), lambda at: indexing.about(base, facts[at])
        )
        self.years: Final[Sequence[frozenset[str]]] = indexing.each(
            kept, earlier.years if earlier else (), lambda at: indexing.fact_years(base, facts[at])
        )
        self.covered: Final[frozenset[str]] = frozenset().union(*self.allowed_entities)
        vocabularies: list[set[str]] = []
        if every and earlier is not None:
            examples, text_tokens = earlier.examples, earlier.text_tokens
        else:
            examples, vocabularies, text_tokens = indexing.read_facts(
                base,
                self.normaliser,
                self.allowed_entities,
                known,
                steady,
                kept,
                earlier.examples if earlier else (),
            )
        self.examples: Final[Sequence[Sequence[ExampleTokens]]] = examples
        self.text_tokens: Final[Mapping[str, Sequence[str]]] = text_tokens  # every text indexed -> its tokens
        self.gives: Final[Sequence[Gives]] = indexing.each(
            kept, earlier.gives if earlier else (), lambda at: gives_of(facts[at], base, self._stated(facts[at]))
        )
        self.counted: Final[Sequence[frozenset[str]]] = indexing.each(  # what each fact's figures count, as tokens
            kept, earlier.counted if earlier else (), lambda at: self._counted(facts[at], self.gives[at])
        )
        self.exclusive: Final[Sequence[Sequence[frozenset[str]]]] = (  # each group's terms, as token sets
            earlier.exclusive
            if earlier is not None and all(steady(term) for group in base.exclusive for term in group)
            else [[frozenset(self.normaliser.tokens(term)) for term in group] for group in base.exclusive]
        )
        self.terms: Final[Sequence[frozenset[Term]]] = indexing.each(
            kept, earlier.terms if earlier else (), lambda at: self._terms(facts[at], examples[at])
        )
        tables = (
            indexing.tables_of(earlier) if every and earlier is not None else indexing.tables(examples, vocabularies)
        )
        self.postings: Final = tables.postings
        self.idf: Final = tables.idf
        self.unknown_weight: Final = tables.unknown_weight
        self.word_ids: Final = tables.word_ids
        self.example_start: Final = tables.example_start
        self.example_weights: Final = tables.example_weights
        self.word_start: Final = tables.word_start
        self.example_words: Final = tables.example_words
        by_topic, by_entity = indexing.facts_by_topic_and_entity(base)
        self.by_topic: Final[Mapping[str, Sequence[str]]] = by_topic
        self.by_entity: Final[Mapping[str, Sequence[str]]] = by_entity
        self.topic_names: Final[Mapping[str, str]] = self._topic_names()  # normalised name or alias -> topic id
        self.topic_words: Final[Mapping[str, frozenset[str]]] = {  # the tokens of a topic's names and aliases
            topic.id: frozenset(
                self.normaliser.tokens(" ".join((topic.name, topic.name_zh, *topic.aliases, *topic.aliases_zh)))
            )
            for topic in base.topics.values()
        }
        self.source_words: Final[Mapping[str, frozenset[str]]] = {  # what a question citing a source may say of it
            source.id: frozenset(
                self.normaliser.tokens(f"{source.title} {source.title_zh} {source.publisher} {source.publisher_zh}")
            )
            for source in base.sources.values()
        }
        self.organisation_words: Final = frozenset(self.normaliser.tokens(ORGANISATION_WORDS.replace("|", " ")))
        self._related: dict[str, tuple[str, ...]] = {}  # related(), per fact asked about
        self.answer_words: Final[Mapping[str, frozenset[str]]] = {
            wants: frozenset(self.normaliser.tokens(words)) for wants, words in ANSWER_NOUNS.items()
        }

    def _topic_names(self) -> dict[str, str]:
        """Every name and alias of every topic, normalised like a query, with the topic it names."""
        names: dict[str, str] = {}
        for topic in self.base.topics.values():
            for name in (topic.id.replace("-", " "), topic.name, topic.name_zh, *topic.aliases, *topic.aliases_zh):
                normalised = join(self.normaliser.units(name))
                if normalised:
                    names.setdefault(normalised, topic.id)
        return names

    def cited_source(self, attribution: str) -> str:
        """The one source whose title or publisher has every word a citation uses ("the consortium article", "the
        Hohhot Daily report"), or "" when none or several do."""
        if _SEVERAL.search(attribution):  # "these articles", "both reports": no one source
            return ""
        words = set(self.normaliser.tokens(_CITATION_NOUNS.sub(" ", attribution))) if attribution else set()
        words &= frozenset().union(*self.source_words.values())  # "the article about Hohhot's progress": no title
        cited = [source for source, known in self.source_words.items() if words and words <= known]  # says progress
        if len(cited) > 1:  # "the Hohhot article": the one whose title names no other place (not "Hohhot, Baotou")
            cited = [source for source in cited if not self._places_in(self.source_words[source]) - words]
        return cited[0] if len(cited) == 1 else ""

    def _places_in(self, tokens: frozenset[str]) -> set[str]:
        """The markers among tokens that stand for places."""
        entities = self.base.entities
        return {entity_marker(e) for e in marked_entities(tokens) if e in entities and entities[e].kind == "place"}

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

        Computed on the first call for a fact from the topic and entity postings (only the facts sharing one of them
        are counted), so that indexing stays linear in the fact base; kept for the next call (replies offer a
        fact's related facts every time it is given).
        """
        known = self._related.get(fact_id)
        if known is not None:
            return known
        fact = self.base.fact_by_id.get(fact_id)
        if fact is None:
            return ()
        shared: Counter[str] = Counter()
        for topic in fact.topics:
            shared.update({other: 2 for other in self.by_topic.get(topic, ())})
        for entity in fact.entities:
            shared.update(self.by_entity.get(entity, ()))
        del shared[fact_id]
        found = tuple(other for other, _ in heapq.nsmallest(3, shared.items(), key=lambda item: (-item[1], item[0])))
        self._related[fact_id] = found  # at most one entry per fact
        return found

    def topic_named(self, tokens: Iterable[str]) -> str | None:
        """The one topic whose names hold every token ("biomedicine", "pharma": biomedicine), or None."""
        wanted = set(tokens)
        found = [topic for topic, words in self.topic_words.items() if wanted and wanted <= words]
        return found[0] if len(found) == 1 else None

    def find_topic(self, query: str) -> str | None:
        """The topic id a person means by `query` ("dairy", "milk", "diary", "乳业"), or None."""
        wanted = join(self.normaliser.units(query))
        if not wanted:
            return None
        names = list(self.topic_names)
        found = process.extractOne(wanted, names, scorer=fuzz.WRatio, score_cutoff=80)
        return self.topic_names[found[0]] if found else None
