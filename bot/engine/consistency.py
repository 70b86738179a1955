"""Whether a fact may answer a question: the consistency check, which scoring applies to every candidate.

A fact is out when the question names an entity or a year the fact is not about, or a name the fact base has never
seen; when it names a term (a role, a rank) where the fact names another of the same group; and when it asks for a
kind of answer (a count, a date, the names of banks, a district of a city...) the fact does not give.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from bot.engine.answernouns import names_doer
from bot.engine.detail import VENUE_GIVEN, holds
from bot.engine.figures import figures
from bot.engine.index import Index, Term
from bot.engine.normalise import cleaned_units, fold, stem
from bot.engine.question import Reading
from bot.engine.statements import describes, names_instances, states


class Mentions(NamedTuple):
    """What a question names, which every fact answering it must be about."""

    entities: tuple[str, ...]  # entity ids
    years: frozenset[str]
    names: tuple[str, ...] = ()  # capitalised words the fact base has never seen: names, likely
    reading: Reading = Reading()  # the kind of answer it asks for
    focus: frozenset[str] = frozenset()  # the tokens of what it asks about ("institut", "research", ...)
    terms: frozenset[Term] = frozenset()  # the exclusive terms it names
    topic: frozenset[str] = frozenset()  # the tokens of what someone said something about
    context: frozenset[str] = frozenset()  # entities the conversation is about, counted in `entities` too
    source: str = ""  # the source it cites ("according to the consortium article"): its facts only
    founding: bool = False  # it asks when something was founded, set up or established
    figures: frozenset[float] = frozenset()  # the quantities it states itself ("how many of the twelve ...")
    asked: tuple[str, tuple[str, ...]] = ("", ())  # what it asks of its subject, and its head's tokens (doubts.py)
    alternatives: frozenset[str] = frozenset()  # places it asks to choose from ("in Hohhot or Baotou?")
    described: str = ""  # what it asks the content of ("what were those projects about?": projects)
    instances: str = ""  # what it asks to have named one by one ("which vaccines?", "what specific projects?")


class Exclusion(NamedTuple):
    """Why a fact cannot answer a question: what removed it (see Candidate.cause) and a sentence saying so."""

    cause: str
    text: str


def inconsistency(index: Index, fact: int, mentions: Mentions) -> Exclusion | None:
    """Why a fact cannot answer a question naming these entities, years and terms (None when it can).

    Every entity named must be one the fact is about. A region that contains the fact's subject (Inner
    Mongolia for Hohhot) is accepted beside the subject ("in Inner Mongolia, how many ... does Hohhot have"),
    but not instead of it: Hohhot's 464 institutions do not answer "How many does Inner Mongolia have?".
    A capitalised word the fact base has never seen is taken for the name of something no fact is about, like
    a place missing from the gazetteer ("How many platforms does Papeing have?").
    """
    fact_id = index.fact_ids[fact]
    if mentions.names:
        return Exclusion("name", f"the question names {', '.join(mentions.names)}, which no fact is about")
    own = index.own_entities[fact]
    names_own = any(e in own for e in mentions.entities)
    allowed = index.allowed_entities[fact]
    chosen = mentions.alternatives if mentions.alternatives & own else frozenset()  # one of them need be its own
    foreign = [
        e
        for e in mentions.entities
        if e not in own and e not in chosen and not (names_own and e in allowed) and not _in_a_name(index, e, own)
    ]
    if foreign:
        entities = index.base.entities
        names = ", ".join(entities[e].name for e in foreign if e in entities)
        return Exclusion("entity", f"the question is about {names}, which fact {fact_id} is not about")
    outside = _outside(index, fact, mentions) or _unmentioned(index, fact, mentions)
    if outside is not None:
        return outside
    clash = _clash(index, fact, mentions.terms)
    if clash:
        return Exclusion("term", clash)
    if not gives(index, fact, mentions):
        return Exclusion(
            "answer", f"the question asks for {mentions.reading.describe()}, which fact {fact_id} does not give"
        )
    return None


def _unmentioned(index: Index, fact: int, mentions: Mentions) -> Exclusion | None:
    """What the question asks of its subject, when the fact does not mention it ("what was the prize money?")."""
    attribute, head = mentions.asked
    if not head or _mentions_any(index, fact, head):
        return None
    return Exclusion(
        "attribute", f"the question asks for the {attribute}, which fact {index.fact_ids[fact]} does not mention"
    )


def _mentions_any(index: Index, fact: int, tokens: tuple[str, ...]) -> bool:
    """Whether a fact knows one of the tokens, or has it in the name of something it is about ("which industrial
    park is shown?": the Mengniu Dairy Industrial Park's photo)."""
    if any(index.knows(fact, token) for token in tokens):
        return True
    entities = index.base.entities
    named = (entities[e] for e in index.own_entities[fact] if e in entities)
    words = {stem(unit) for entity in named for unit in cleaned_units(entity.name)}
    return any(token in words for token in tokens)


def _says_something_else(index: Index, fact: int, mentions: Mentions) -> bool:
    """Whether a fact, whatever kind of answer it holds, is about something other than what is asked: what someone
    said about another topic; the date of something other than a founding ("when was the consortium set up?" is not
    when an article was updated); no superlative where one is asked for ("which one is the biggest?")."""
    reading = mentions.reading
    if mentions.topic and not _share(mentions.topic, lambda token: index.knows(fact, token), index):
        return True
    if reading.wants == "date" and mentions.founding and not _says_founded(index, fact):
        return True
    if reading.kind.startswith("did ") and not names_doer(reading.kind, _text(index, fact)):
        return True  # "who handed out the awards?": a fact saying who won them does not say
    if mentions.described and not describes(_text(index, fact), mentions.described):
        return True  # "what were those projects about?": a fact that only mentions them does not say
    if mentions.instances and not names_instances(_text(index, fact), mentions.instances):
        return True  # "which vaccines are being developed?": a fact naming vaccines in general does not say
    return bool(reading.superlative) and not states(reading.superlative, _text(index, fact))


_KINDS_OF_PARTNER = re.compile(
    r"\bwith\s+(?:\w+\s+){0,3}?(?:universities|research institutes|institutions|enterprises|companies|firms|banks)\b"
)


def _in_a_name(index: Index, place: str, own: frozenset[str]) -> bool:
    """Whether a place is named as part of the name of an organisation the fact is about: "which Shanghai
    university" is Shanghai Jiao Tong University, "Pudong loans" are Shanghai Pudong Development Bank's."""
    entities = index.base.entities
    if place not in entities or entities[place].kind != "place":
        return False
    names = (entities[place].name, entities[place].name_zh)
    organisations = [entities[e] for e in own if e in entities and entities[e].kind == "organisation"]
    return any(_named_within(names, (o.name, o.name_zh, *o.aliases)) for o in organisations)


@lru_cache(maxsize=4096)
def _named_within(place: tuple[str, ...], organisation: tuple[str, ...]) -> bool:
    """Whether one of a place's names is in one of an organisation's (cached: asked of every candidate fact)."""
    text = fold(" ".join(organisation))
    return any(fold(name) in text for name in place if name)


def _outside(index: Index, fact: int, mentions: Mentions) -> Exclusion | None:
    """A year the fact does not cover, or a source it is not from ("according to the consortium article")."""
    fact_id = index.fact_ids[fact]
    source = index.base.fact_by_id[fact_id].source
    if mentions.source and source != mentions.source:
        return Exclusion("source", f"the question cites {mentions.source}, which fact {fact_id} is not from")
    other_years = sorted(mentions.years - index.years[fact])
    if other_years:
        return Exclusion(
            "year", f"the question asks about {', '.join(other_years)}, which fact {fact_id} does not cover"
        )
    return None


def _clash(index: Index, fact: int, terms: frozenset[Term]) -> str:
    """A term of the question (CEO) where the fact names only others of its group (chief information officer)."""
    clash = clashing_terms(index, fact, terms)
    if clash is None:
        return ""
    return f"the question says {clash[0]!r} where fact {index.fact_ids[fact]} says {clash[1][0]!r}"


def clashing_terms(index: Index, fact: int, terms: frozenset[Term]) -> tuple[str, tuple[str, ...]] | None:
    """The term a question names and the others of its group the fact names instead ("first"; "second", "二等"), or
    None."""
    named = index.terms[fact]
    for group, place in sorted(terms):
        others = sorted(p for g, p in named if g == group)
        if others and place not in others:
            words = index.base.exclusive[group]
            return words[place], tuple(words[other] for other in others)
    return None


def gives(index: Index, fact: int, mentions: Mentions) -> bool:
    """Whether a fact holds the kind of answer the question asks for (any statement does when it asks for none).

    A count must also be of what was asked: most of the focus's weight must be in what the fact's figures count, so
    the six leading enterprises do not answer "how many consortiums". A place, a person or an organisation must be one
    the question does not name itself; an organisation must be of the kind asked for (a bank, a university...).
    """
    reading, given = mentions.reading, index.gives[fact]
    wants = reading.wants
    if _says_something_else(index, fact, mentions):
        return False
    if wants is None or wants in given.kinds:
        return _holds_detail(index, fact, mentions)
    # "which cities were involved?" may answer with the context's entities; "which other city ...?" may not
    named = set(mentions.entities) - (frozenset() if reading.other else mentions.context)
    if wants == "place":
        return _places(index, fact, mentions, named)
    if wants == "who":
        return _names_someone(index, fact, mentions)
    return (
        wants == "organisation"
        and any(
            entity not in named and (reading.kind in ("", "organisation") or reading.kind in kinds)
            for entity, kinds in given.organisations.items()
        )
        and not _leaves_unnamed(index, fact, reading)
    )


def _places(index: Index, fact: int, mentions: Mentions, named: set[str]) -> bool:
    """For "where" and "which city": a place the question does not name itself, or the one of the two it offers."""
    given, kind = index.gives[fact], mentions.reading.kind
    if mentions.alternatives:  # "Hohhot or Baotou?": a fact placing it in both, or neither, does not say which
        return len(given.places & mentions.alternatives) == 1
    if kind == "within":  # "which district of Hohhot": a place inside one the question names
        return any(_inside(index, place, named) for place in given.places - named)
    if kind == "venue" and VENUE_GIVEN.search(_text(index, fact)) is None:  # "which venue?": a city does not say
        return False
    # "where are they based?" (they: from context) needs a fact that places an organisation, not an event
    placed = bool(given.organisations) or kind != "located" or bool(named)
    return placed and bool(given.places - named)


def _names_someone(index: Index, fact: int, mentions: Mentions) -> bool:
    """For "who": someone the fact names other than whom the question (or conversation) is about. "Who was the
    reporter?" needs a person; a newspaper answers only what the media do ("who took the photos?", not "who leads
    it?")."""
    given, kind = index.gives[fact], mentions.reading.kind
    # "from whom?", "who organised them?": the other party, or the doer, may be one the last answer named
    named = set(mentions.entities) - (
        mentions.context if kind == "counterpart" or kind.startswith("did ") else frozenset()
    )
    people = given.actors - named
    if kind == "person":
        return any(index.base.entities[e].kind == "person" for e in people)
    if kind == "partner" and _KINDS_OF_PARTNER.search(_text(index, fact)):
        return True  # "to cooperate with universities and research institutes": partners named by their kind
    return any(kind == "media" or "media" not in given.organisations.get(e, ()) for e in people)


def _holds_detail(index: Index, fact: int, mentions: Mentions) -> bool:
    """For a fact that gives the kind of answer asked: whether it gives the detail asked too ("how much did each
    company get?": the total is no answer) and, for a count, counts what was asked."""
    reading = mentions.reading
    if reading.wants in ("amount", "count", "date", "measure") and not holds(reading.kind, _text(index, fact)):
        return False
    return reading.wants != "count" or (
        _covers(index, fact, mentions.focus) and not _counted_already(index, fact, mentions)
    )


_OTHERS = re.compile(r"^(?:the\s+)?(?:other|others|remaining|rest of the)\s+(?P<noun>.+)$")


def _leaves_unnamed(index: Index, fact: int, reading: Reading) -> bool:
    """Whether a question asks for the "other universities" a fact mentions without naming ("BMU, SJTU and other
    universities"): the ones it names are not the others."""
    others = _OTHERS.match(fold(reading.focus))
    if others is None:
        return False
    fact_text = _text(index, fact)
    return f"other {others['noun']}" in fold(fact_text)


FOUNDED = "establish"  # the token of "established" and every word the lexicon reads as it (set up, founded, formed)


def _counted_already(index: Index, fact: int, mentions: Mentions) -> bool:
    """Whether every figure a fact gives is stated by the question already: "how many of the twelve consortiums are
    led by Baotou companies?" asks for a part of the 12, which the fact saying 12 does not give."""
    if not mentions.figures:
        return False
    stated = figures(_text(index, fact), dates=False)
    given = {value for value in stated if not (value.is_integer() and 1900 <= value < 2100)}  # not a year
    return bool(given) and given <= mentions.figures


def _says_founded(index: Index, fact: int) -> bool:
    """Whether a fact's own text says something was founded (its example questions may say it of anything)."""
    stated = index.base.fact_by_id[index.fact_ids[fact]]
    return FOUNDED in index.text_tokens.get(stated.text, ()) or FOUNDED in index.text_tokens.get(stated.text_zh, ())


def _inside(index: Index, place: str, named: set[str]) -> bool:
    """Whether a place is part of one of the named places (at any depth)."""
    entities = index.base.entities
    seen: set[str] = set()
    containers = list(entities[place].part_of) if place in entities else []
    while containers:
        container = containers.pop()
        if container in named:
            return True
        if container not in seen and container in entities:
            seen.add(container)
            containers.extend(entities[container].part_of)
    return False


FOCUS_COVERED = 0.5  # the share of a count's focus (by weight) that what the fact's figures count must have


def _covers(index: Index, fact: int, focus: frozenset[str]) -> bool:
    """Whether a count asked for is of what the fact's figures count (two cities are not 464 institutions)."""
    counted = index.counted[fact]
    return not focus or _share(focus, counted.__contains__, index)


def _share(tokens: frozenset[str], has: Callable[[str], bool], index: Index) -> bool:
    """Whether tokens that `has` says yes to carry at least FOCUS_COVERED of their weight."""
    weights = {token: index.weight(token) for token in tokens}
    return sum(w for token, w in weights.items() if has(token)) >= FOCUS_COVERED * sum(weights.values())


def _text(index: Index, fact: int) -> str:
    """A fact's English text (every fact has one; its Chinese text is optional)."""
    return index.base.fact_by_id[index.fact_ids[fact]].text
