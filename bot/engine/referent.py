"""What a question pointing back refers to: the entities "he", "it" or "they" stand for, read from the question
before it (in a conversation, or the part before in a compound question) and the fact that answered it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from bot.engine.model import Entity, FactBase

_PERSON = re.compile(r"\b(?:he|him|his|she|her)\b|他(?!们)|她(?!们)", re.IGNORECASE)
_THING = re.compile(r"\b(?:it|its)\b|它(?!们)", re.IGNORECASE)
_SAME_SOURCE = re.compile(
    r"\b(?:that|this|the same)\s+(?:report|article|story|piece|news)\b|那篇|这篇|那条|这条"
    r"|\bthe\s+(?:report|article|story|piece)\s+(?:about|on)\s+(?:it|that|this|them)\b"  # "the article about it"
    r"|\b(?:reported|published|ran|carried|gave)\s+(?:those|these|that|this|the)\s+(?:figures|numbers|facts)\b"
    r"|(?:这些|那些|这个|那个)数字",  # "which paper reported those figures?"
    re.IGNORECASE,
)


def same_source(message: str) -> bool:
    """Whether a follow-up points back at the article the last answer came from ("when was that report published?")."""
    return _SAME_SOURCE.search(message) is not None


def pointed_at(
    base: FactBase, named: tuple[str, ...], fact_id: str | None, wants: str | None, message: str
) -> tuple[str, ...]:
    """What `message` points back to: what the question before named (`named`), or else what its answer is about.

    The pronoun decides between them: "he" is a person ("who's Wang Long?" then "where does he work?"), "it" is not
    ("which company does he work for?" then "where is it located?": the company). When the question before asked
    for names (`wants`) and named only places ("Which Baotou company leads the consortium?"), "it" and "they" are
    the ones its answer named.
    """
    fact = base.fact_by_id.get(fact_id or "")
    entities = base.entities
    answered = tuple(e for e in (fact.entities if fact is not None else ()) if e in entities)
    kinds = ("person",) if _PERSON.search(message) else ("organisation", "place") if _THING.search(message) else ()
    if kinds:
        mentioned = tuple(e for e in named if e in entities and entities[e].kind in kinds)
        given = [e for e in answered if entities[e].kind in kinds]
        if mentioned or given:
            return mentioned or (given[0],)
    if (
        answered
        and wants in ("organisation", "who")
        and all(entities[e].kind == "place" for e in named if e in entities)
    ):
        others = tuple(e for e in answered if e not in named and entities[e].kind != "place")
        if others:
            return others
    return named or answered


# "and the other city?" after a question about Baotou: the place beside it (Hohhot)
_OTHER_ONE = re.compile(
    r"^\W*(?:(?:and|so|but|what about|how about)\s+)?(?:the\s+)?other\s+(?:city|one|town|place)\b"
    r"|另一个城市|另一座城市|另外那个城市|另一个呢|另一座呢",
    re.IGNORECASE,
)


def other_place(base: FactBase, facts_about: Mapping[str, Sequence[str]], message: str, named: tuple[str, ...]) -> str:
    """The place "the other city" means after a question naming one ("" when the message does not ask for another
    place or none fits)."""
    return beside(base, facts_about, named) if _OTHER_ONE.search(message) else ""


# "the two cities", "both cities", "两市": the one just named and the one beside it
_BOTH = re.compile(
    r"\b(?:the|both|two)\s+(?:two\s+)?(?:cities|towns|municipalities)\b|两市|两地|两座城市|两个城市|两城"
)


def both_places(message: str) -> bool:
    """Whether a follow-up speaks of two cities together ("so how did the cities pair them up?")."""
    return _BOTH.search(message) is not None


def beside(base: FactBase, facts_about: Mapping[str, Sequence[str]], named: tuple[str, ...]) -> str:
    """Of the places inside the same region as the one named, the one most facts are about: Hohhot beside Baotou."""
    entities = base.entities
    regions = {region for e in named if e in entities and entities[e].kind == "place" for region in entities[e].part_of}
    others = [
        entity.id
        for entity in entities.values()
        if entity.kind == "place" and entity.id not in named and regions & set(entity.part_of)
    ]
    return max(others, key=lambda place: (len(facts_about.get(place, ())), place), default="")


def replace_name(question: str, entity: Entity, name: str) -> str:
    """The question with the entity's first mention (by any of its names) replaced by `name`."""
    for pattern in _names_of(entity):
        replaced, count = pattern.subn(lambda _: name, question, count=1)
        if count:
            return replaced
    return question


@lru_cache(maxsize=4096)  # entities are frozen and hashable; a fact base has a few hundred
def _names_of(entity: Entity) -> tuple[re.Pattern[str], ...]:
    """An entity's names, longest first, each as the pattern finding it in a question."""
    aliases = sorted((entity.name, entity.name_zh, *entity.aliases, *entity.aliases_zh), key=len, reverse=True)
    return tuple(
        re.compile(re.escape(alias) if not alias.isascii() else rf"\b{re.escape(alias)}\b", re.IGNORECASE)
        for alias in aliases
        if alias
    )


# "And the Hohhot one?" after "what's the date on the consortium article?": the Hohhot article
_THE_ONE = re.compile(
    r"^\W*(?:and|so|what about|how about)?\s*(?:(?:for|in|of|on|about|from)\s+)?the\s+(?P<name>.+?)\s+one\W*$",
    re.IGNORECASE,
)
_NO_NAME = {"other", "same", "first", "second", "third", "last", "next", "previous", "new", "old"}
_MODIFIED = re.compile(r"\bthe\s+(?P<modifier>[\w-]+)\s+(?P<noun>[a-z]{3,})\b(?!\s+[a-z]{3,}\b)")


def the_one(question: str, message: str, name: str) -> str:
    """The last question with the word before its last noun ("the consortium article") replaced by the `name` a
    follow-up gives "one" ("and the Hohhot one?"); the question itself when the follow-up does not say "one"."""
    said = _THE_ONE.match(message)
    if said is None or said["name"].lower() in _NO_NAME:  # "and the other one?" names nothing
        return question
    found = list(_MODIFIED.finditer(question))
    if not found:
        return question
    last = found[-1]
    return f"{question[: last.start('modifier')]}{name}{question[last.end('modifier') :]}"
