"""Score facts against a question, and check them against what it names: the classifier, which never decides.

Score: each fact gets an IDF-weighted *coverage* (how much of the question the fact's vocabulary explains: unknown
words weigh most, so "What's the temperature in Baotou?" is not explained by a Baotou fact), an *overlap*
(IDF-weighted F1 of the words it shares with its closest example question) and a rapidfuzz similarity to its
example questions, batched with `process.cdist`. Coverage over inverted postings picks the candidates, so the
cost grows with the facts that share words with the question, not with the size of the fact base.

Each candidate then passes the consistency check (bot.engine.consistency) or is reported as excluded, with why.
What to do with the ranked, checked candidates is bot.engine.decision's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from bot.engine.consistency import Exclusion, Mentions, inconsistency
from bot.engine.index import Index
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
    cause: str = ""  # what removed it: name, entity, year, source, attribute, term or answer (the kind asked for)


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
        np.add.at(coverage, ids, np.array([weight for _, weight in found]).repeat([len(ids) for ids, _ in found]))
    coverage /= total
    return coverage


def _prefilter(coverage: npt.NDArray[np.float64]) -> list[int]:
    """The facts worth scoring in full, at most CANDIDATES of them.

    Only facts whose coverage is within reach of the best are scored in full: coverage carries most of the score,
    so a fact with less than REACH of the best coverage cannot make up the difference.
    """
    if not coverage.max() > 0:  # no fact shares a word with the question
        return []
    considered = (coverage >= REACH * coverage.max()).nonzero()[0]
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
    segments = sizes.cumsum() - sizes
    closest: list[int] = []  # per fact, its first closest example's row among `rows`
    if facts:
        best = np.maximum.reduceat(closeness, segments).repeat(sizes)
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
    return Candidate(  # scores to one decimal, as decisions read them; the parts as they are (explain rounds them)
        index.fact_ids[item.fact],
        round(item.score, 1),
        item.coverage,
        item.overlap,
        item.similarity,
        item.example,
        excluded.text if excluded else "",
        excluded.cause if excluded else "",
    )
