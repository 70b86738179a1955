"""Decide what to do with the ranked candidates: the fallback policy, kept apart from scoring as Rasa does.

Answer when the best score reaches ANSWER and leads the runner-up by MARGIN; suggest when it reaches SUGGEST;
otherwise decline. Every decision carries the rule and the scores that made it, so that it can be explained.
Every threshold the policy uses is named here, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.engine.question import Reading
from bot.engine.scoring import Candidate

Decision = Literal["answered", "suggested", "declined"]

ANSWER = 54.0  # the best fact's score to answer with it...
MARGIN = 6.0  # ... when it leads the runner-up by this much
ALONE_ANSWER = 50.0  # ... or this, leading by twice the margin, when it gives the kind of answer asked
SUGGEST = 45.0  # the score to offer facts as "did you mean" choices
RELATED_FLOOR = SUGGEST - 10  # the score to offer a fact beside a decline, or as an inline result
CLAUSE_PENALTY = 3.0  # a clause must beat the whole question by this much to decide instead of it
TEXT_LEAD = 0.2  # two close facts: the one whose own text has this much more of the question answers

_RANKS: dict[Decision, int] = {"declined": 0, "suggested": 1, "answered": 2}


@dataclass(frozen=True)
class Match:
    """The matcher's decision about one question, with everything needed to explain it."""

    question: str
    decision: Decision
    fact_id: str | None
    score: float
    rule: str
    language: str
    candidates: tuple[Candidate, ...]  # consistent candidates, best first
    excluded: tuple[Candidate, ...]  # strong candidates the consistency check removed
    entities: tuple[str, ...]  # entity ids the question names
    foreign: tuple[str, ...]  # named entities no fact is about (Ordos, Huawei): the honest reason to decline
    unknown_names: tuple[str, ...]  # capitalised words never seen in the fact base ("Papeing"): names, likely
    tokens: tuple[str, ...]
    clause: str  # the part of the question that decided: the whole question, or one of its clauses
    reading: Reading  # the kind of answer it asks for, and about what
    torn: bool = False  # suggested only because another fact scored as well (see Verdict)

    @property
    def suggestions(self) -> tuple[str, ...]:
        """Up to three facts to offer when the question is not answered outright."""
        if self.decision == "answered":
            return ()
        floor = SUGGEST if self.decision == "suggested" else RELATED_FLOOR
        return tuple(c.fact_id for c in self.candidates[:3] if c.score >= floor)


@dataclass(frozen=True)
class Verdict:
    """A decision with its score, the rule that made it and, for an answer, the fact."""

    decision: Decision
    score: float
    rule: str
    fact_id: str | None = None
    torn: bool = False  # suggested only because another fact scored as well: both may answer


NO_WORDS = Verdict("declined", 0.0, "declined: the question has no words the matcher can use")


def decide(
    consistent: Sequence[Candidate],
    excluded: Sequence[Candidate],
    own_text: Sequence[float] = (),
    doubt: str = "",
    asks_kind: bool = False,
) -> Verdict:
    """Answer, suggest or decline, given the consistent candidates and the excluded ones, each best first.

    `own_text` is, for the best two, the share of the question their own texts have (not their example
    questions): when two facts are close, the one whose text says what was asked answers. `doubt`, when given, is why
    the question cannot be answered outright whatever the scores ("how many has it built?" does not say of what).
    """
    if not consistent:
        if excluded:
            return Verdict("declined", 0.0, f"declined: {excluded[0].excluded}")
        return Verdict("declined", 0.0, "declined: no fact shares a word with the question")
    best = consistent[0]
    runner_up = consistent[1].score if len(consistent) > 1 else 0.0
    lead = best.score - runner_up
    why = _answers(best.score, lead, own_text, asks_kind)
    if why and not doubt:
        return Verdict("answered", best.score, f"answered: {why}", best.fact_id)
    if best.score >= SUGGEST:
        torn = not why and not doubt and best.score >= ANSWER
        if doubt:
            why = doubt
        elif best.score >= ANSWER:
            why = f"only {lead:.1f} ahead of the runner-up"
        else:
            why = f"score {best.score:.1f} < {ANSWER:.0f}"
        return Verdict("suggested", best.score, f"suggested: {why}", torn=torn)
    if excluded and excluded[0].score > best.score:
        return Verdict("declined", best.score, f"declined: {excluded[0].excluded}")
    return Verdict("declined", best.score, f"declined: best score {best.score:.1f} < {SUGGEST:.0f}")


def _answers(score: float, lead: float, own_text: Sequence[float], asks_kind: bool = False) -> str:
    """Why the best fact answers ("" when it does not): a clear score and lead, or a clear lead of its own text;
    or, for a question asking for a kind of answer that only this fact gives among those close, a lead twice
    the margin over a score a little under ANSWER ("为什么说呼和浩特和包头合作潜力很大？")."""
    if asks_kind and score >= ALONE_ANSWER and lead >= 2 * MARGIN:
        return f"score {score:.1f} >= {ALONE_ANSWER:.0f} for the kind asked, {lead:.1f} ahead (>= {2 * MARGIN:.0f})"
    if score < ANSWER:
        return ""
    if lead >= MARGIN:
        return f"score {score:.1f} >= {ANSWER:.0f} and {lead:.1f} ahead of the runner-up (>= {MARGIN:.0f})"
    if len(own_text) == 2 and own_text[0] - own_text[1] >= TEXT_LEAD:
        mine, theirs = own_text
        return f"score {score:.1f} >= {ANSWER:.0f}, and its own text has {mine:.0%} of the question ({theirs:.0%})"
    return ""


def outranks(clause: Match, best: Match) -> bool:
    """Whether a clause's match should replace the best so far: a clearly better score, and no weaker decision."""
    return clause.score > best.score + CLAUSE_PENALTY and _RANKS[clause.decision] >= _RANKS[best.decision]
