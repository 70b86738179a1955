"""What a fact can answer: the kinds of answer it holds, read from its text and entities once, at indexing.

A count needs a figure that is not a date, an amount a figure with a currency, a date a year, month or "last year",
a place a place the fact names, an organisation one it names (of the kind asked: bank, company, university...), a
reason words of purpose or cause. Where the text alone cannot tell, a curator lists the kinds in the fact's `gives`
field, which adds to what is read here. The matcher drops a fact that does not give what a question asks for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.engine.figures import figures
from bot.engine.model import Entity, Fact, FactBase
from bot.engine.normalise import fold

_CURRENCY = re.compile(r"\b(?:yuan|dollars?|rmb|usd|cny)\b|[$¥￥]|元|美元")
_DATE = re.compile(
    r"\b(?:19|20)\d{2}\b|\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\b|\b(?:last|this|next) year\b|去年|今年|明年|\d+年|\d+月\d+日"
)
_REASON = re.compile(
    r"\b(?:aims?|aimed|goal|purpose|in order to|so as to|in a bid to|because|therefore|so that|thanks to)\b"
    r"|\bto (?:improve|promote|boost|develop|strengthen|understand|solve|enhance|achieve|build|support|help|"
    r"comprehensively)\b|为了|旨在|(?<!项)目的|因此|由于|以推动|以促进|以提升|推动.*实现"
)
_MEASURE = re.compile(r"\btonnage\b|\btonnes?\b|\bhectares?\b|\bsquare\b|\bkilomet|\bpercent\b|%|吨位|公顷|平方|百分之")
# Kinds of organisation, recognised by words in an entity's names and aliases, the most specific first: a bank's
# legal name ends in "Co., Ltd." too, and it is still a bank.
_ORGANISATION_KINDS = {
    "bank": re.compile(r"\bbank\b|银行"),
    "university": re.compile(r"\b(?:university|college|institute|academy|school)\b|大学|学院|研究院|科学院"),
    "media": re.compile(r"\b(?:daily|news|newspaper|network|times|post|press|tv|radio)\b|日报|新闻|报社|电视"),
    "consortium": re.compile(r"\bconsorti|联合体"),
    "government": re.compile(r"\b(?:bureau|ministry|government|department|commission)\b|局|政府|委员会"),
    "company": re.compile(r"\b(?:co|group|company|corp|corporation|ltd|inc|holdings|industries)\b|公司|集团|股份"),
}
_YEARS = range(1900, 2100)
# What an English figure counts: the words after it, up to the word that ends the noun phrase ("464 research and
# development institutions of various types" counts research and development institutions).
_COUNTED = re.compile(
    r"(?:(?<![\w.,$])[0-9](?:[0-9,.]*[0-9])?(?:\s+(?:thousand|million|billion))?|\b(?:two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|dozens?)\b)\s+(?P<noun>(?:[a-z][\w&-]*\s*?){1,4}?)"
    r"(?=\s+(?:of|at|in|on|for|from|with|by|were|was|are|is|have|has|had|to|that|which|who)\b|\s*[,.;:()\"“”]|$)"
)
_ZH_CLAUSE = re.compile("[，。；：、]")  # a quoted title stays in its clause: 6家科技企业被授予“科技领军企业”称号


@dataclass(frozen=True)
class Gives:
    """The kinds of answer one fact holds, and the entities it names that can be an answer."""

    kinds: frozenset[str]  # count, amount, date, measure, reason (and any curated kind)
    places: frozenset[str]  # place entity ids, with the places they are part of (Baotou is in Inner Mongolia)
    actors: frozenset[str]  # person and organisation entity ids
    organisations: Mapping[str, frozenset[str]]  # organisation entity id -> its kinds (bank, company, ...)
    counted: tuple[str, ...] = ()  # what its figures count: the phrases after them, the Chinese clauses with them


def organisation_kinds(entity: Entity) -> frozenset[str]:
    """What kind of organisation an entity is, from its names ("Shanghai Pudong Development Bank" is a bank).

    An organisation whose names say nothing more is taken for a company. A bank is not: "which companies got the
    loans" asks for the borrowers, not the lender.
    """
    names = fold(" ".join((entity.name, entity.name_zh, *entity.aliases, *entity.aliases_zh)))
    kind = next((kind for kind, pattern in _ORGANISATION_KINDS.items() if pattern.search(names)), "company")
    return frozenset({kind})


def gives_of(fact: Fact, base: FactBase, stated: frozenset[str] | None = None) -> Gives:
    """Read what `fact` can answer from its texts and entities, plus its curated `gives`.

    `stated`: the entities its texts name. A place, person or organisation is an answer only where the text says
    it: a fact listing Baotou among its entities without saying so does not tell where anything is.
    """
    text = fold(f"{fact.text}\n{fact.text_zh}")
    quantities = [value for value in figures(fact.text, dates=False) if not (value.is_integer() and value in _YEARS)]
    kinds = set(fact.gives)
    for kind, present in (
        ("count", bool(quantities)),
        ("amount", bool(quantities) and _CURRENCY.search(text) is not None),
        ("date", _DATE.search(text) is not None),
        ("measure", _MEASURE.search(text) is not None),
        ("reason", _REASON.search(text) is not None),
    ):
        if present:
            kinds.add(kind)
    entities = [base.entities[e] for e in fact.entities if e in base.entities and (stated is None or e in stated)]
    return Gives(
        kinds=frozenset(kinds),
        places=_places(base, [e.id for e in entities if e.kind == "place"]),
        actors=frozenset(e.id for e in entities if e.kind in ("person", "organisation")),
        organisations={e.id: organisation_kinds(e) for e in entities if e.kind == "organisation"},
        counted=_counted(fact) if quantities else (),
    )


def _places(base: FactBase, named: list[str]) -> frozenset[str]:
    """The places a fact names and every place they are part of: where each of them is."""
    places: set[str] = set()
    while named:
        place = named.pop()
        if place not in places and place in base.entities:
            places.add(place)
            named.extend(base.entities[place].part_of)
    return frozenset(places)


def _counted(fact: Fact) -> tuple[str, ...]:
    """The phrases saying what the fact's figures count, in English and in Chinese."""
    english = [found["noun"] for found in _COUNTED.finditer(fold(fact.text))]
    chinese = [_zh_counted(clause) for clause in _ZH_CLAUSE.split(fact.text_zh) if figures(clause, dates=False)]
    return (*english, *chinese)


# Where a Chinese clause turns from what is counted to the means it used: 凭借, 通过, 借助...
_ZH_MEANS = re.compile("凭借|通过|借助|依靠|利用|依托|以其")


def _zh_counted(clause: str) -> str:
    """What a clause's figure counts: the clause up to the means it names ("4家企业凭借高新技术企业资质..." counts
    企业, not the credentials), or the whole clause ("研发机构464家")."""
    return _ZH_MEANS.split(clause, maxsplit=1)[0]
