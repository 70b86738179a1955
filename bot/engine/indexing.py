"""Building an index (bot.engine.index): what it reads from each fact, what it computes across facts, and what a
reload may take from the index it replaces.

What the index derives from one fact (its examples' tokens, what it gives and counts, its terms, entities and
years) depends only on that fact and on the tables every fact shares: the phrases (lexicon and entity aliases), the
vocabulary spelling correction corrects into, the entities, the sources and the exclusive groups. While those are
the same, a fact whose content is the same keeps all of it; and when every fact is kept, in the same order, so is
what is computed across facts (postings, weights, rows). A reload of an unchanged fact base then reads no text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from bot.engine.model import Fact, FactBase
from bot.engine.normalise import Normaliser, entity_marker, fold, years

if TYPE_CHECKING:
    from bot.engine.index import Index

ExampleTokens = tuple[str, frozenset[str], str]  # an example question: (its sorted tokens joined, token set, text)
T = TypeVar("T")


class Tables(NamedTuple):
    """What is computed across all facts: inverted postings, IDF weights, and the example questions as rows.

    Every example question is a row, a fact's rows one after the other (scoring works on rows in bulk): where each
    fact's rows start, each row's weight, and the ids of each row's tokens in the order its token set lists them.
    """

    postings: Mapping[str, npt.NDArray[np.int32]]  # token -> the facts whose vocabulary has it, in fact order
    idf: Mapping[str, float]
    unknown_weight: float  # of a token no fact has: it weighs most (it is unexplained)
    word_ids: Mapping[str, int]
    example_start: npt.NDArray[np.int64]
    example_weights: npt.NDArray[np.float64]
    word_start: npt.NDArray[np.int64]
    example_words: npt.NDArray[np.int32]


def tables(examples: Sequence[Sequence[ExampleTokens]], vocabularies: Sequence[set[str]]) -> Tables:
    """The tables of facts with these example questions and vocabularies."""
    postings: dict[str, list[int]] = {}
    for fact, vocabulary in enumerate(vocabularies):
        for token in vocabulary:
            postings.setdefault(token, []).append(fact)
    count = len(vocabularies)
    idf = {token: math.log((count + 1) / (len(ids) + 0.5)) for token, ids in postings.items()}
    unknown = math.log((count + 1) / 0.5)
    word_ids = {token: at for at, token in enumerate(postings)}
    rows = [tokens for fact_examples in examples for _, tokens, _ in fact_examples]
    word_start = np.cumsum([0, *(len(tokens) for tokens in rows)])
    return Tables(
        {token: np.asarray(ids, dtype=np.int32) for token, ids in postings.items()},
        idf,
        unknown,
        word_ids,
        np.cumsum([0, *(len(fact_examples) for fact_examples in examples)]),
        np.array([sum(idf.get(t, unknown) for t in tokens) for tokens in rows], dtype=float),
        word_start,
        np.fromiter((word_ids[t] for tokens in rows for t in tokens), dtype=np.int32, count=int(word_start[-1])),
    )


def tables_of(index: Index) -> Tables:
    """An index's tables, to share with the index that replaces it."""
    return Tables(
        index.postings,
        index.idf,
        index.unknown_weight,
        index.word_ids,
        index.example_start,
        index.example_weights,
        index.word_start,
        index.example_words,
    )


def same_tables(earlier: Index, base: FactBase, normaliser: Normaliser) -> bool:
    """Whether the tables every fact depends on, besides the vocabulary (see `kept`), are the earlier index's."""
    before = earlier.base
    return (
        earlier.normaliser.phrases == normaliser.phrases
        and before.entities == base.entities
        and before.sources == base.sources
        and before.exclusive == base.exclusive
    )


def kept(earlier: Index | None, base: FactBase, steady: Callable[[str], bool]) -> list[int]:
    """Per fact of `base`: its position in the `earlier` index (built with the same tables) when its content is
    the same and each of its texts `steady` (tokenised as before), or -1."""
    if earlier is None:
        return [-1] * len(base.facts)
    where = {_content(fact): at for at, fact in enumerate(earlier.base.facts)}
    found = [where.get(_content(fact), -1) for fact in base.facts]
    return [at if at < 0 or all(map(steady, _texts(base.facts[i]))) else -1 for i, at in enumerate(found)]


def _texts(fact: Fact) -> tuple[str, ...]:
    return fact.text, fact.text_zh, *(example.text for example in fact.examples)


def _content(fact: Fact) -> tuple[object, ...]:
    """What the index derives from a fact depends on (not the file and line it is written on)."""
    examples = tuple(example.text for example in fact.examples)
    return fact.id, fact.text, fact.text_zh, fact.quote, fact.source, fact.entities, fact.gives, examples


def each(kept: Sequence[int], earlier: Sequence[T], compute: Callable[[int], T]) -> list[T]:
    """Per fact: what the earlier index had for it (at its kept position), or else `compute(position)`."""
    return [earlier[at] if at >= 0 else compute(position) for position, at in enumerate(kept)]


def read_facts(
    base: FactBase,
    normaliser: Normaliser,
    about: Sequence[frozenset[str]],
    known: Mapping[str, Sequence[str]],
    steady: Callable[[str], bool],
    kept: Sequence[int],
    earlier: Sequence[Sequence[ExampleTokens]],
) -> tuple[list[Sequence[ExampleTokens]], list[set[str]], dict[str, Sequence[str]]]:
    """Per fact: its example questions' tokens and its vocabulary (examples, texts, markers of what it is about).

    Also every text's tokens, for the next reload; a `steady` text in `known` (the previous index's) is not
    tokenised again, and a kept fact keeps its example questions (`earlier`, at its kept position).
    """
    text_tokens: dict[str, Sequence[str]] = {}

    def tokens_of(text: str) -> Sequence[str]:
        found = known.get(text) if steady(text) else None
        if found is None:
            found = normaliser.tokens(text)
        text_tokens[text] = found
        return found

    examples: list[Sequence[ExampleTokens]] = []
    vocabularies: list[set[str]] = []
    inside = places_in_names(base)
    for fact, entities, at in zip(base.facts, about, kept, strict=True):
        texts = [(tokens_of(example.text), example.text) for example in fact.examples]
        fact_examples = earlier[at] if at >= 0 else [(" ".join(sorted(t)), frozenset(t), text) for t, text in texts]
        vocabulary: set[str] = set()
        for _, tokens, _ in fact_examples:
            vocabulary.update(tokens)
        for text in (fact.text, fact.text_zh):
            vocabulary.update(tokens_of(text))
        vocabulary.update(entity_marker(e) for e in entities)
        vocabulary.update(entity_marker(place) for e in fact.entities for place in inside.get(e, ()))
        examples.append(fact_examples)
        vocabularies.append(vocabulary)
    return examples, vocabularies, text_tokens


def places_in_names(base: FactBase) -> dict[str, set[str]]:
    """Per organisation, the places its names name ("Shanghai" in Shanghai Jiao Tong University): a question saying
    "the Shanghai university" speaks of it. Every run of up to four words of each name is looked up, so the cost
    grows with the names, not with places times organisations."""
    places = {
        fold(name): place.id
        for place in base.entities.values()
        if place.kind == "place"
        for name in (place.name, place.name_zh)
        if name
    }
    found: dict[str, set[str]] = {}
    for entity in base.entities.values():
        if entity.kind != "organisation":
            continue
        for name in (entity.name, *entity.aliases):
            words = fold(name).split()
            runs = (" ".join(words[at : at + size]) for size in range(1, 5) for at in range(len(words) - size + 1))
            found.setdefault(entity.id, set()).update(places[run] for run in runs if run in places)
        if entity.name_zh:
            found[entity.id].update(
                place for name, place in places.items() if not name.isascii() and name in entity.name_zh
            )
    return found


def about(base: FactBase, fact: Fact) -> frozenset[str]:
    """The entities a fact is about, with the places they are part of (Hohhot -> Inner Mongolia)."""
    found: set[str] = set()
    pending = list(fact.entities)
    while pending:
        entity_id = pending.pop()
        if entity_id not in found:
            found.add(entity_id)
            entity = base.entities.get(entity_id)
            pending.extend(entity.part_of if entity else ())
    return frozenset(found)


def fact_years(base: FactBase, fact: Fact) -> frozenset[str]:
    """The years a fact covers: those its text and quote mention, else its source's date.

    An award "in the 2020 awards" is not one of 2021 because the article came out in 2021; a figure the article
    gives without a year is as of the article's date.
    """
    stated: frozenset[str] = frozenset().union(*(years(text) for text in (fact.text, fact.quote)))
    source = base.sources.get(fact.source)
    return stated or (years(source.date) if source else frozenset())


def facts_by_topic_and_entity(base: FactBase) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Topic id -> the ids of the facts filed under it, and the same for entity ids."""
    by_topic: dict[str, list[str]] = {}
    by_entity: dict[str, list[str]] = {}
    for fact in base.facts:
        for topic in fact.topics:
            by_topic.setdefault(topic, []).append(fact.id)
        for entity in fact.entities:
            by_entity.setdefault(entity, []).append(fact.id)
    return by_topic, by_entity
