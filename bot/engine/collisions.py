"""The collision check: every example question must be matched to its own fact.

An example question is in the index, so its own fact scores highest (full coverage, overlap and similarity) unless
another fact has an example with the same normalised words, or the question names an entity or a year its own
fact is not about, or asks for something its fact does not give. Checking those conditions gives the matcher's
verdict without matching every example, which keeps reloading a large fact base fast.
"""

from __future__ import annotations

from bot.engine.matcher import MAX_CLAUSES, Matcher, clauses
from bot.engine.model import Example, Fact
from bot.engine.scoring import inconsistency


def collisions(matcher: Matcher) -> list[tuple[Fact, Example, str]]:
    """Example questions the matcher would not send to their own fact, with the reason."""
    index = matcher.index
    found: list[tuple[Fact, Example, str]] = []
    owners: dict[str, str] = {}
    for position, fact in enumerate(index.base.facts):
        for example, (joined, tokens, _) in zip(fact.examples, index.examples[position], strict=True):
            reason = refusal(matcher, position, example.text, sorted(tokens))
            owner = owners.setdefault(joined, fact.id)
            if not tokens:
                reason = "has no words the matcher can use"
            elif owner != fact.id:
                reason = f"has the same words as an example question of fact '{owner}'"
            if reason:
                found.append((fact, example, reason))
    return found


def refusal(matcher: Matcher, fact: int, text: str, tokens: list[str]) -> str:
    """Why a fact would not answer one of its example questions ("" when it would).

    A fact that lacks what the whole question asks for still answers it when one of its clauses asks for
    something the fact gives, as matching does ("We want to know where to expand, is Hohhot good for pharma?").
    """
    exclusion = inconsistency(matcher.index, fact, matcher.mentions(text, tokens))
    if exclusion is None:
        return ""
    if exclusion.cause == "answer":
        for clause in clauses(text)[:MAX_CLAUSES]:
            if inconsistency(matcher.index, fact, matcher.mentions(clause, tokens)) is None:
                return ""
    return exclusion.text
