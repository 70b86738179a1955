"""Score facts against a question, and check them against what it names: the classifier, which never decides.

Score: each fact gets an IDF-weighted *coverage* (how much of the question the fact's vocabulary explains: unknown
words weigh most, so "What's the temperature in Baotou?" is not explained by a Baotou fact), an *overlap*
(IDF-weighted F1 of the words it shares with its closest example question) and a rapidfuzz similarity to its
example questions, batched with `process.cdist`. Coverage over inverted postings picks the candidates, so the
cost grows with the facts that share words with the question, not with the size of the fact base.

Consistency: a fact is out when the question names an entity or a year the fact is not about, or a name the fact
base has never seen; when it names a term (a role, a rank) where the fact names another of the same group; and when
it asks for a kind of answer (a count, a date, the names of banks...) the fact does not give. What to do with the
ranked, checked candidates is bot.engine.decision's business.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from bot.engine.index import Index, Term
from bot.engine.question import Reading
from bot.engine.rows import ranges, shared_weights

CANDIDATES = 40  # facts scored in full after the coverage prefilter, at most
REACH = 0.4  # ... and only those with at least this share of the best coverage
CONSISTENT_KEPT = 5  # consistent candidates reported with a match, at most
EXCLUDED_KEPT = 3  # strong candidates the consistency check removed reported with a match, at most
_WEIGHTS = (0.6, 0.2, 0.2)  # coverage, overlap, similarity: calibrated on the development and held-out sets


@dataclass(frozen=True)
class Candidate:
    """A fact the question was compared with, and why it scored as it did."""

    fact_id: str
    score: float
    coverage: float
    overlap: float  # weighted F1 of the words shared with the closest example question
    similarity: float
    example: str  # the closest example question
    excluded: str = ""  # why the consistency check removed it, if it did
    cause: str = ""  # what removed it: name, entity, year, term or answer (it lacks the kind of answer asked for)


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


class Exclusion(NamedTuple):
    """Why a fact cannot answer a question: what removed it (see Candidate.cause) and a sentence saying so."""

    cause: str
    text: str


class Scored(NamedTuple):
    """A fact's full score and its parts, before the consistency check."""

    score: float
    fact: int  # the fact's position in the index
    coverage: float
    overlap: float
    similarity: float
    example: str  # the closest example question


def rank(index: Index, tokens: list[str]) -> list[Scored]:
    """The facts within reach of the question's (unique) tokens, scored in full, best first (ties by fact id)."""
    weights = np.array([index.weight(t) for t in tokens])
    coverage = _coverage(index, tokens, weights)
    considered = _prefilter(coverage)
    scored = _score(index, tokens, dict(zip(tokens, weights, strict=True)), coverage, considered)
    return sorted(scored, key=lambda item: (-item.score, index.fact_ids[item.fact]))


def _coverage(index: Index, tokens: list[str], weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Per fact: the IDF-weighted share of the question's tokens that the fact's vocabulary has.

    `np.add.at` adds the tokens' weights one after the other, in the question's order, as a loop over the tokens
    would, in one call.
    """
    total = float(weights.sum())
    coverage = np.zeros(len(index.fact_ids))
    postings = index.postings
    found = [(postings[token], weight) for token, weight in zip(tokens, weights, strict=True) if token in postings]
    if found:
        ids = np.concatenate([ids for ids, _ in found])
        np.add.at(coverage, ids, np.repeat([weight for _, weight in found], [len(ids) for ids, _ in found]))
    coverage /= total
    return coverage


def _prefilter(coverage: npt.NDArray[np.float64]) -> list[int]:
    """The facts worth scoring in full, at most CANDIDATES of them.

    Only facts whose coverage is within reach of the best are scored in full: coverage carries most of the score,
    so a fact with less than REACH of the best coverage cannot make up the difference.
    """
    if not coverage.max() > 0:  # no fact shares a word with the question
        return []
    considered = np.nonzero(coverage >= REACH * coverage.max())[0]
    if len(considered) > CANDIDATES:
        considered = considered[np.argpartition(-coverage[considered], CANDIDATES)[:CANDIDATES]]
    indices: list[int] = considered.tolist()
    return indices


def _score(
    index: Index, tokens: list[str], weights: dict[str, float], coverage: npt.NDArray[np.float64], indices: list[int]
) -> list[Scored]:
    """Full scores for the prefiltered facts: one `cdist` over all their example questions.

    Per example question: an IDF-weighted F1 of the words it shares with the question (missing words and extra
    words both count against it) and a rapidfuzz similarity of the two normalised texts (which rewards near
    spellings the word sets miss). Each fact keeps its closest example (the first of the closest). The example
    questions of all the facts are worked on together, as rows (see Index), each fact's rows one segment.
    """
    if not indices:
        return []
    facts = [fact for fact in indices if index.examples[fact]]
    examples = [example for fact in facts for example in index.examples[fact]]
    first = index.example_start[facts]
    sizes = index.example_start[np.asarray(facts, dtype=np.int64) + 1] - first
    rows = ranges(first, sizes)
    strings = [joined for joined, _, _ in examples]
    similarity = process.cdist([" ".join(sorted(tokens))], strings, scorer=fuzz.ratio, dtype=np.float32)[0] / 100
    shared = shared_weights(index, weights, rows)
    overlaps = 2 * shared / (sum(weights.values()) + index.example_weights[rows])
    closeness = overlaps + similarity.astype(np.float64)
    segments = np.cumsum(sizes) - sizes
    closest: list[int] = []  # per fact, its first closest example's row among `rows`
    if facts:
        best = np.repeat(np.maximum.reduceat(closeness, segments), sizes)
        closest = np.minimum.reduceat(np.where(closeness == best, np.arange(len(rows)), len(rows)), segments).tolist()
    scored = [
        _scored(
            fact, float(coverage[fact]), overlaps[at] if shared[at] else 0.0, float(similarity[at]), examples[at][2]
        )
        for fact, at in zip(facts, closest, strict=True)
    ]
    return scored + [_scored(fact, float(coverage[fact]), 0.0, 0.0, "") for fact in indices if not index.examples[fact]]


def _scored(fact: int, cover: float, overlap: float, sim: float, example: str) -> Scored:
    score = 100 * (_WEIGHTS[0] * cover + _WEIGHTS[1] * overlap + _WEIGHTS[2] * sim)
    return Scored(score, fact, cover, overlap, sim, example)


def check(
    index: Index, scored: Sequence[Scored], mentions: Mentions, strong: float
) -> tuple[list[Candidate], list[Candidate]]:
    """The best consistent candidates, and the best `strong` ones (scoring at least that) the check removed.

    Goes down the ranking only as far as needed to fill both lists, and builds only the candidates it reports.
    """
    consistent: list[Candidate] = []
    excluded: list[Candidate] = []
    for item in scored:
        reason = inconsistency(index, item.fact, mentions)
        if reason and len(excluded) < EXCLUDED_KEPT and item.score >= strong:
            excluded.append(_candidate(index, item, reason))
        elif reason is None and len(consistent) < CONSISTENT_KEPT:
            consistent.append(_candidate(index, item))
        if len(consistent) == CONSISTENT_KEPT and (len(excluded) == EXCLUDED_KEPT or item.score < strong):
            break
    return consistent, excluded


def _candidate(index: Index, item: Scored, excluded: Exclusion | None = None) -> Candidate:
    return Candidate(
        index.fact_ids[item.fact],
        round(item.score, 1),
        round(item.coverage, 3),
        round(item.overlap, 3),
        round(item.similarity, 3),
        item.example,
        excluded.text if excluded else "",
        excluded.cause if excluded else "",
    )


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
    foreign = [e for e in mentions.entities if e not in own and not (names_own and e in allowed)]
    if foreign:
        entities = index.base.entities
        names = ", ".join(entities[e].name for e in foreign if e in entities)
        return Exclusion("entity", f"the question is about {names}, which fact {fact_id} is not about")
    other_years = sorted(mentions.years - index.years[fact])
    if other_years:
        return Exclusion(
            "year", f"the question asks about {', '.join(other_years)}, which fact {fact_id} does not cover"
        )
    clash = _clash(index, fact, mentions.terms)
    if clash:
        return Exclusion("term", clash)
    if not gives(index, fact, mentions):
        return Exclusion(
            "answer", f"the question asks for {mentions.reading.describe()}, which fact {fact_id} does not give"
        )
    return None


def _clash(index: Index, fact: int, terms: frozenset[Term]) -> str:
    """A term of the question (CEO) where the fact names only others of its group (chief information officer)."""
    named = index.terms[fact]
    for group, place in sorted(terms):
        others = sorted(p for g, p in named if g == group)
        if others and place not in others:
            words = index.base.exclusive[group]
            return f"the question says {words[place]!r} where fact {index.fact_ids[fact]} says {words[others[0]]!r}"
    return ""


def gives(index: Index, fact: int, mentions: Mentions) -> bool:
    """Whether a fact holds the kind of answer the question asks for (any statement does when it asks for none).

    A count must also be of what was asked: most of the focus's weight must be in what the fact's figures count, so
    the six leading enterprises do not answer "how many consortiums". A place, a person or an organisation must be one
    the question does not name itself; an organisation must be of the kind asked for (a bank, a university...).
    """
    reading, given = mentions.reading, index.gives[fact]
    wants = reading.wants
    if mentions.topic and not _share(mentions.topic, lambda token: index.knows(fact, token), index):
        return False
    if wants is None or wants in given.kinds:
        return wants != "count" or _covers(index, fact, mentions.focus)
    named = set(mentions.entities) - mentions.context  # "which cities were involved?" may answer with the context's
    if wants == "place":
        # "where are they based?" (they: from context) needs a fact that places an organisation, not an event
        placed = bool(given.organisations) or reading.kind != "located" or bool(named)
        return placed and bool(given.places - named)
    if wants == "who":
        return bool(given.actors - named)
    return wants == "organisation" and any(
        entity not in named and (reading.kind in ("", "organisation") or reading.kind in kinds)
        for entity, kinds in given.organisations.items()
    )


FOCUS_COVERED = 0.5  # the share of a count's focus (by weight) that what the fact's figures count must have


def _covers(index: Index, fact: int, focus: frozenset[str]) -> bool:
    """Whether a count asked for is of what the fact's figures count (two cities are not 464 institutions)."""
    counted = index.counted[fact]
    return not focus or _share(focus, counted.__contains__, index)


def _share(tokens: frozenset[str], has: Callable[[str], bool], index: Index) -> bool:
    """Whether tokens that `has` says yes to carry at least FOCUS_COVERED of their weight."""
    weights = {token: index.weight(token) for token in tokens}
    return sum(w for token, w in weights.items() if has(token)) >= FOCUS_COVERED * sum(weights.values())
