"""Make a sentence stand alone: "the city", "the company", "it" replaced by the name the article gives.

An answer is read on its own, so "The city currently boasts 193 innovative platforms" must become "Hohhot
currently boasts ...". "The city" is the place the article is mostly about; "the company", "the zone", "the
bank" the last organisation or place named that is one; "it" at the head of a sentence the entity the previous
sentence opened with. What cannot be resolved is reported, for the curator to rewrite.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.curation.drafting.kinds import PLACE_WORDS
from bot.curation.drafting.names import Gazetteer, Mention, inside_quotes

# "the <noun>" -> the words an entity's name must contain to be what the noun refers to (None: any organisation)
_COMPANY = ("co", "co.", "company", "corp", "corporation", "ltd", "limited", "inc", "group", "holdings")
_HEADS: dict[str, tuple[str, ...] | None] = {
    "company": _COMPANY,
    "firm": _COMPANY,
    "group": ("group",),
    "bank": ("bank",),
    "university": ("university",),
    "college": ("college",),
    "institute": ("institute",),
    "academy": ("academy",),
    "bureau": ("bureau",),
    "zone": ("zone",),
    "park": ("park",),
    "district": ("district",),
    "banner": ("banner",),
    "county": ("county",),
    "laboratory": ("laboratory", "lab"),
    "newspaper": ("daily", "news", "times", "post"),
    "organisation": None,
    "organization": None,
}
_ANAPHOR = re.compile(rf"\b([Tt]he) (city|{'|'.join(_HEADS)})(['’]s)?\b(?! of [A-Z])")
_PRONOUN = re.compile(r"\b(?:it|its|they|their|this|these|he|she|his|her)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """What the article has named so far, for resolving what a sentence refers back to."""

    gazetteer: Gazetteer
    main_place: str | None  # the place the article is mostly about: what "the city" is
    named: Sequence[str]  # entity ids in the order the article names them, up to this sentence
    opener: str | None  # the entity the previous sentence opened with: what "it" is


def main_place(gazetteer: Gazetteer, mentions: Iterable[Mention], within: dict[str, list[str]]) -> str | None:
    """The city the article is mostly about: the place named most often (a place inside a name counts too).

    Regions containing other places named are left out, and so are places whose names say they are not a
    city (a park, a zone, a district).
    """
    counts: Counter[str] = Counter()
    for mention in mentions:
        places = [mention.entity] if gazetteer.kinds.get(mention.entity) == "place" else []
        counts.update(places + within.get(mention.entity, []))
    cities = [place for place in counts if gazetteer.names[place].lower().split()[-1] not in PLACE_WORDS - {"city"}]
    regions = {region for place in cities for region in gazetteer.regions_of(place)}
    candidates = [(counts[place], place) for place in cities if place not in regions]
    return max(candidates, key=lambda item: item[0])[1] if candidates else None


def opener(gazetteer: Gazetteer, text: str) -> str | None:
    """The entity a sentence opens with ("Hohhot is ...", "The municipal bureau ..."), if any."""
    mentions = gazetteer.mentions(text)
    if mentions and not re.sub(r"^(?:the|a|an)\b", "", text[: mentions[0].start].strip(), flags=re.I).strip():
        return mentions[0].entity
    return None


def stand_alone(text: str, context: Context) -> tuple[str, str]:
    """The sentence with its references back replaced by names, and the first one still unresolved ("" if none).

    A pronoun refers back only when no entity is named before it in the sentence ("Baotou, with its strong
    industrial foundation" stands alone); "it" then means the entity the previous sentence opened with.
    """
    unresolved: list[str] = []

    def name_of(match: re.Match[str]) -> str:
        name = _resolve(match, context)
        if name is None and not inside_quotes(text, match.start()):
            unresolved.append(match[0])
        return name or match[0]

    text = _ANAPHOR.sub(name_of, text)
    pronoun = next((m for m in _PRONOUN.finditer(text) if not inside_quotes(text, m.start())), None)
    named_before = pronoun is not None and any(m.end <= pronoun.start() for m in context.gazetteer.mentions(text))
    if pronoun is not None and not named_before:
        word = pronoun[0].lower()
        if word in ("it", "its") and context.opener is not None:
            name = context.gazetteer.names[context.opener] + ("'s" if word == "its" else "")
            text = text[: pronoun.start()] + name + text[pronoun.end() :]
        else:
            unresolved.insert(0, pronoun[0])
    return text[0].upper() + text[1:], unresolved[0] if unresolved else ""


def _resolve(match: re.Match[str], context: Context) -> str | None:
    """The name for "the city" / "the company" / ..., keeping a possessive; None to leave it as written."""
    if inside_quotes(match.string, match.start()):
        return None
    noun = match[2]
    entity = context.main_place if noun == "city" else _last_named(context, noun)
    if entity is None:
        return None
    return context.gazetteer.names[entity] + ("'s" if match[3] else "")


def _last_named(context: Context, noun: str) -> str | None:
    """The entity named last whose name says it is a `noun`.

    For "the organisation", the last organisation; for "the company", the last one whose name ends like a
    company's or, failing that, the last organisation whose name says it is nothing else (Sinopec, Huawei).
    """
    words = _HEADS[noun]
    others = {word for head in _HEADS.values() if head and head != _COMPANY for word in head}
    fallback = None
    for entity in reversed(context.named):
        name_words = set(context.gazetteer.names[entity].lower().split())
        organisation = context.gazetteer.kinds.get(entity) == "organisation"
        if (words is None and organisation) or (words is not None and name_words & set(words)):
            return entity
        if words == _COMPANY and organisation and not name_words & others and fallback is None:
            fallback = entity
    return fallback
