"""The fact base as the rest of the engine sees it: frozen values, built only by the loader (bot.engine.loader).

A loaded fact base is immutable: reloading builds a new one and swaps the reference, so a reader never sees a
half-changed state. Problems found while loading are values too, so that all of them can be reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

ENTITY_KINDS = ("place", "organisation", "person")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the fact base, located in a file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class FactBaseError(Exception):
    """The fact base is invalid; `problems` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.path, p.line, p.message)))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Example:
    """An example question with the line it was written on, for collision reports."""

    text: str
    language: str
    line: int


@dataclass(frozen=True)
class Source:
    """An article facts are quoted from, declared once and referred to by id."""

    id: str
    title: str
    publisher: str
    date: str
    file: str
    title_zh: str = ""
    publisher_zh: str = ""
    date_note: str = ""
    date_note_zh: str = ""


@dataclass(frozen=True)
class Topic:
    """A subject to browse facts by (`/facts dairy`); its aliases are what people call it ("milk")."""

    id: str
    name: str
    name_zh: str = ""
    aliases: tuple[str, ...] = ()
    aliases_zh: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    """A place, organisation or person facts are about; `part_of` links a place to the region containing it."""

    id: str
    kind: str
    name: str
    name_zh: str = ""
    aliases: tuple[str, ...] = ()
    aliases_zh: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """One statement a person could quote, traceable to a sentence (`quote`) of its source article."""

    id: str
    text: str
    source: str
    quote: str
    topics: tuple[str, ...]
    entities: tuple[str, ...]
    examples: tuple[Example, ...]
    text_zh: str = ""
    gives: tuple[str, ...] = ()  # kinds of answer the curator says it holds, beyond what its text shows
    path: str = ""
    line: int = 0


DECLINE = "decline"  # a check's `answer` for a question no fact may answer


@dataclass(frozen=True)
class Check:
    """A regression check: `question` must be answered with the fact `answer`, or not answered when it is DECLINE."""

    question: str
    answer: str
    path: str
    line: int


@dataclass(frozen=True)
class FactBase:
    """Everything the curators wrote, validated and frozen."""

    sources: Mapping[str, Source]
    topics: Mapping[str, Topic]
    entities: Mapping[str, Entity]
    facts: tuple[Fact, ...]
    synonyms: Mapping[str, str]  # variant phrase (cleaned) -> canonical phrase
    files: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    exclusive: tuple[tuple[str, ...], ...] = ()  # groups of terms of which a question and its fact name the same
    fact_by_id: Mapping[str, Fact] = field(init=False)
    # Topic id -> its facts: a decline names the largest topics, and looking through every fact for each topic cost
    # a reply to a 10,000-fact base milliseconds.
    _by_topic: Mapping[str, tuple[Fact, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fact_by_id", MappingProxyType({fact.id: fact for fact in self.facts}))
        by_topic: dict[str, list[Fact]] = {}
        for fact in self.facts:
            for topic in dict.fromkeys(fact.topics):
                by_topic.setdefault(topic, []).append(fact)
        object.__setattr__(self, "_by_topic", MappingProxyType({key: tuple(f) for key, f in by_topic.items()}))

    def facts_of_topic(self, topic_id: str) -> tuple[Fact, ...]:
        """The facts filed under a topic, in fact base order."""
        return self._by_topic.get(topic_id, ())

    @property
    def example_count(self) -> int:
        """How many example questions the fact base has, in all languages."""
        return sum(len(fact.examples) for fact in self.facts)
