"""Find the entities an article names: known ones by id, new names proposed as entity entries with a guessed kind.

A new name is a run of capitalised words (with "of", "and", "for" inside: Bank of Inner Mongolia, University of
Science and Technology). Its kind is guessed by bot.curation.drafting.kinds, and marked doubtful when nothing tells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.curation.drafting.kinds import (
    NOT_ENTITIES,
    NOT_NAMES,
    ORGANISATION_WORDS,
    PLACE_CUES,
    PLACE_WORDS,
    guess_kind,
)
from bot.engine.model import Entity
from bot.engine.normalise import cleaned_units, fold
from bot.engine.stopwords import STOPWORDS

_CONNECTORS = frozenset({"of", "and", "for", "the", "&"})
_WORD = re.compile(r"[A-Za-z0-9&]+(?:-[A-Za-z0-9&]+)*")
_UNIT = re.compile(r"[A-Za-z0-9]+(?:&[A-Za-z0-9]+)*|[\u3400-\u4dbf\u4e00-\u9fff]")
_CONTRACTION = frozenset({"s", "m", "d", "ll", "re", "ve", "t"})
_NAME_ZH = re.compile(r"\s*[（(]([\u3400-\u4dbf\u4e00-\u9fff·]+)[)）]")
_QUOTES = "\"“”'‘’"


@dataclass
class NewEntity:
    """A name the fact base does not know, proposed as an entity entry."""

    id: str
    name: str
    kind: str  # the guess
    confident: bool
    reason: str  # why this kind: shown to the curator
    aliases: list[str] = field(default_factory=list)
    name_zh: str = ""
    within: list[str] = field(default_factory=list)  # known places its name contains: Baotou (... Zone, ... Co)

    @property
    def part_of(self) -> list[str]:
        """The places a new place is in; the fact base links places only."""
        return self.within if self.kind == "place" else []


@dataclass(frozen=True)
class Mention:
    """An entity named in a text, and where."""

    entity: str
    start: int
    end: int


def units_with_spans(text: str) -> list[tuple[str, int, int]]:
    """The words of a text as the matcher cleans them (folded; "China's" is "china"), with their character spans."""
    found = []
    for match in _UNIT.finditer(text):
        unit = fold(match[0])
        if unit in _CONTRACTION and match.start() > 0 and text[match.start() - 1] in "'’":
            continue
        found.append((unit, match.start(), match.end()))
    return found


class Gazetteer:
    """Every entity name known to the fact base (and proposed by the draft), read as the matcher reads it."""

    def __init__(self, entities: Iterable[Entity | NewEntity]) -> None:
        self.phrases: dict[tuple[str, ...], str] = {}
        self.kinds: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.part_of: dict[str, tuple[str, ...]] = {}
        for entity in entities:
            self.kinds[entity.id] = entity.kind
            self.names[entity.id] = entity.name
            self.part_of[entity.id] = tuple(entity.part_of)
            for name in (entity.name, entity.name_zh, *entity.aliases):
                units = cleaned_units(name)
                if units:
                    self.phrases.setdefault(units, entity.id)
        self.longest = max((len(units) for units in self.phrases), default=0)

    def mentions(self, text: str) -> list[Mention]:
        """The entities a text names, longest name first at each position, in order."""
        units = units_with_spans(text)
        found: list[Mention] = []
        i = 0
        while i < len(units):
            for length in range(min(self.longest, len(units) - i), 0, -1):
                entity = self.phrases.get(tuple(unit for unit, _, _ in units[i : i + length]))
                if entity is not None:
                    found.append(Mention(entity, units[i][1], units[i + length - 1][2]))
                    i += length
                    break
            else:
                i += 1
        return found

    def regions_of(self, entity: str) -> set[str]:
        """The places an entity is part of, directly or not (Hohhot: Inner Mongolia, North China)."""
        found: set[str] = set()
        pending = list(self.part_of.get(entity, ()))
        while pending:
            region = pending.pop()
            if region not in found:
                found.add(region)
                pending.extend(self.part_of.get(region, ()))
        return found

    def places_within(self, name: str) -> list[str]:
        """The known places a name contains, the longest place name first at each word ("Inner Mongolia", not
        "Mongolia"), even inside a longer name of something else ("Baotou" in "Baotou Rare Earth ... Zone")."""
        units = cleaned_units(name)
        found: list[str] = []
        i = 0
        while i < len(units):
            for length in range(min(self.longest, len(units) - i), 0, -1):
                entity = self.phrases.get(units[i : i + length])
                if entity is not None and self.kinds[entity] == "place":
                    found.append(entity)
                    i += length - 1
                    break
            i += 1
        return list(dict.fromkeys(found))

    def known(self, name: str) -> str | None:
        """The id of the entity a name is exactly, if any."""
        return self.phrases.get(cleaned_units(name))


def find_new_entities(sentences: Iterable[str], gazetteer: Gazetteer, vocabulary: frozenset[str]) -> list[NewEntity]:
    """The names the sentences use that no known entity has, in order of first use, each once."""
    found: dict[str, NewEntity] = {}
    taken = set(gazetteer.kinds)
    for sentence in sentences:
        for start, end in _capitalised_runs(sentence, vocabulary, gazetteer):
            name = sentence[start:end]
            if gazetteer.known(name) or cleaned_units(name) in {cleaned_units(e.name) for e in found.values()}:
                continue
            entity = _propose(name, sentence, start, end, gazetteer)
            if entity is None:
                continue
            base_id = entity.id
            suffix = 2
            while entity.id in taken:
                entity.id, suffix = f"{base_id}-{suffix}", suffix + 1
            taken.add(entity.id)
            found[entity.id] = entity
    return _short_forms_as_aliases(list(found.values()))


def _short_forms_as_aliases(entities: list[NewEntity]) -> list[NewEntity]:
    """A name of unknown kind that is part of another ("Youran Dairy" of "Inner Mongolia Youran Dairy Co") is its
    alias; a name whose kind is known stays itself (Jining district beside Jining Normal University)."""
    kept = []
    for entity in entities:
        units = cleaned_units(entity.name)
        longer = (
            None
            if entity.confident
            else next(
                (other for other in entities if other is not entity and _contains(cleaned_units(other.name), units)),
                None,
            )
        )
        if longer is None:
            kept.append(entity)
        elif entity.name.lower() not in longer.aliases:
            longer.aliases.append(entity.name.lower())
    return kept


def _contains(units: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return len(part) < len(units) and any(units[i : i + len(part)] == part for i in range(len(units) - len(part) + 1))


def _capitalised_runs(sentence: str, vocabulary: frozenset[str], gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Character spans of the runs of capitalised words that may be names (see the module docstring).

    Words in quotation marks are a title or someone's words, not a name to propose.
    """
    words = [word for word in _WORD.finditer(sentence) if not inside_quotes(sentence, word.start())]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if not words[i][0][0].isupper():
            i += 1
            continue
        j = i
        while j + 1 < len(words) and sentence[words[j].end() : words[j + 1].start()] == " ":
            if words[j + 1][0][0].isupper():
                j += 1
            elif words[j + 1][0] in _CONNECTORS and _joins(words, j + 1, sentence):
                j += 2
            else:
                break
        for first, last in _split_at_and(words, i, j, gazetteer):
            run = _trimmed(words, first, last, sentence, vocabulary)
            if run is not None:
                runs.append(run)
        i = j + 1
    return runs


def inside_quotes(text: str, index: int) -> bool:
    """Whether a position is inside quotation marks: a title, or someone's words as said."""
    before = text[:index]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _joins(words: list[re.Match[str]], k: int, sentence: str) -> bool:
    """Whether the connector at k is followed, after one space, by a capitalised word."""
    return (
        k + 1 < len(words) and sentence[words[k].end() : words[k + 1].start()] == " " and words[k + 1][0][0].isupper()
    )


def _split_at_and(words: list[re.Match[str]], i: int, j: int, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """One name, or several joined by "and": "Yili and Mengniu" are two, "Bank of Science and Technology" one.

    A run is one name when "of" comes before its "and", or when it ends like a name (University, Awards) and
    what comes before "and" is not a known name by itself ("Sinopec and Envision Group" are two).
    """
    texts = [match[0] for match in words[i : j + 1]]
    if "and" not in texts or "of" in texts[: texts.index("and")]:
        return [(i, j)]
    left = texts[: texts.index("and")]
    suffixes = ORGANISATION_WORDS | PLACE_WORDS | NOT_ENTITIES
    left_is_a_name = gazetteer.known(" ".join(left)) is not None or left[-1].lower() in suffixes
    if texts[-1].lower() in suffixes and not left_is_a_name:
        return [(i, j)]
    spans, first = [], i
    for k in range(i, j + 1):
        if words[k][0] == "and":
            spans.append((first, k - 1))
            first = k + 1
    return [*spans, (first, j)]


def _trimmed(
    words: list[re.Match[str]], i: int, j: int, sentence: str, vocabulary: frozenset[str]
) -> tuple[int, int] | None:
    """A run without the ordinary words a sentence starts with; None when what is left is not a name."""
    at_start = not sentence[: words[i].start()].strip(_QUOTES + " ([")
    while i <= j and (words[i][0].lower() in STOPWORDS or words[i][0].lower() in _CONNECTORS):
        i += 1
    while j >= i and words[j][0].lower() in _CONNECTORS:
        j -= 1
    if i > j:
        return None
    word = words[i][0].lower()
    if i == j and (at_start or word in NOT_NAMES or word in vocabulary or word in STOPWORDS):
        return None
    if words[j][0].lower() in NOT_ENTITIES:
        return None
    return words[i].start(), words[j].end()


def _propose(name: str, sentence: str, start: int, end: int, gazetteer: Gazetteer) -> NewEntity | None:
    """A new entity for a name, with its kind guessed from the name and its context."""
    words = name.split()
    last = words[-1].lower().rstrip(".")
    after = sentence[end:].lstrip()
    before = sentence[:start].rstrip()
    kind, confident, reason = guess_kind(words, last, after, before)
    aliases: list[str] = []
    cue = next((c for c in PLACE_CUES if re.match(rf"{c}\b", after)), None)
    if cue and last not in PLACE_WORDS:
        aliases.append(f"{name.lower()} {cue}")
    if kind == "organisation" and last in ("co", "co.", "ltd", "limited", "inc", "corp") and len(words) > 2:
        aliases.append(" ".join(words[:-1]).lower())
    name_zh = _NAME_ZH.match(sentence[end:])
    contained = gazetteer.places_within(name)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    if not slug:
        return None
    return NewEntity(slug, name, kind, confident, reason, aliases, name_zh[1] if name_zh else "", contained)
