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


@dataclass(frozen=True)
class FactBase:
    """Everything the curators wrote, validated and frozen."""

    sources: Mapping[str, Source]
    topics: Mapping[str, Topic]
    entities: Mapping[str, Entity]
    facts: tuple[Fact, ...]
    synonyms: Mapping[str, str]  # variant phrase (cleaned) -> canonical phrase
    files: tuple[str, ...] = ()
    exclusive: tuple[tuple[str, ...], ...] = ()  # groups of terms of which a question and its fact name the same
    fact_by_id: Mapping[str, Fact] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fact_by_id", MappingProxyType({fact.id: fact for fact in self.facts}))

    def facts_of_topic(self, topic_id: str) -> tuple[Fact, ...]:
        """The facts filed under a topic, in fact base order."""
        return tuple(fact for fact in self.facts if topic_id in fact.topics)

    @property
    def example_count(self) -> int:
        """How many example questions the fact base has, in all languages."""
        return sum(len(fact.examples) for fact in self.facts)
