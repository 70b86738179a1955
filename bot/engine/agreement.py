"""Close facts that give the same answer: no choice to make between them.

"Which company does Wang Long work for?" is answered by the fact that he is North Hauler's CIO and by his quote as
North Hauler's CIO, a hair apart. For a question asking for an organisation of a kind (a company, a bank, a
university), the question is settled when the close facts all name the same one: the best of them answers. Not for
"who" or "where": every fact about Yili and Mengniu names them both, and none says who founded Yili.
"""

from __future__ import annotations

from dataclasses import replace

from bot.engine.decision import MARGIN, SUGGEST, Match
from bot.engine.index import Index


def agreed(index: Index, match: Match) -> Match:
    """The match answered by its best fact when every fact close to it names the same answer; else unchanged."""
    if not match.torn or match.reading.wants != "organisation" or not match.candidates:
        return match
    best = match.candidates[0]
    close = [candidate for candidate in match.candidates if candidate.score > best.score - MARGIN]
    if best.score < SUGGEST or len(close) < 2:
        return match
    answers = {_answer(index, candidate.fact_id, set(match.entities)) for candidate in close}
    if len(answers) != 1 or not next(iter(answers)):
        return match
    rule = f"answered: the {len(close)} closest facts give the same answer"
    return replace(match, decision="answered", fact_id=best.fact_id, score=best.score, rule=rule)


def _answer(index: Index, fact_id: str, named: set[str]) -> frozenset[str]:
    """The organisations a fact names, leaving out those the question names."""
    return frozenset(index.gives[index.position[fact_id]].organisations) - named
