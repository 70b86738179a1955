"""The collision check: every example question must be matched to its own fact.

An example question is in the index, so its own fact scores highest (full coverage, overlap and similarity) unless
another fact has an example with the same normalised words, or the question names an entity or a year its own
fact is not about, or asks for something its fact does not give. Checking those conditions gives the matcher's
verdict without matching every example, which keeps reloading a large fact base fast.

Each fact's verdicts are kept with the knowledge, and a reload takes them over for every fact the index kept (see
bot.engine.indexing) as long as the weights they rest on are the same: a verdict depends on the fact, the tables
every fact shares and, for a count or a topic, the IDF weights of the words asked about.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.consistency import inconsistency
from bot.engine.index import Index
from bot.engine.matcher import MAX_CLAUSES, Matcher, clauses
from bot.engine.model import Example, Fact

Verdict = tuple[str, frozenset[str]]  # why a fact would not answer an example ("" when it would); the words weighed
Verdicts = Sequence[tuple[Verdict, ...]]  # per fact, per example question
FINE: Verdict = ("", frozenset())


def verdicts(matcher: Matcher, before: Index | None = None, earlier: Verdicts = ()) -> list[tuple[Verdict, ...]]:
    """Per fact, per example question: the verdict of its own fact on it (see `refusal`).

    `before`: the index the matcher's index was built from (its previous one), whose verdicts are `earlier`.
    """
    index = matcher.index
    found: list[tuple[Verdict, ...]] = []
    for position, fact in enumerate(index.base.facts):
        at = index.kept[position] if before is not None and earlier else -1
        if at >= 0 and before is not None and _same_weights(before, index, earlier[at]):
            found.append(earlier[at])
        else:
            found.append(
                tuple(
                    refusal(matcher, position, example.text, sorted(tokens))
                    for example, (_, tokens, _) in zip(fact.examples, index.examples[position], strict=True)
                )
            )
    return found


def _same_weights(before: Index, index: Index, judged: tuple[Verdict, ...]) -> bool:
    """Whether the words the verdicts weighed weigh the same in both indexes."""
    return all(before.weight(word) == index.weight(word) for _, words in judged for word in words)


def collisions(matcher: Matcher, judged: Verdicts | None = None) -> list[tuple[Fact, Example, str]]:
    """Example questions the matcher would not send to their own fact, with the reason (`judged`: the verdicts)."""
    index = matcher.index
    judged = verdicts(matcher) if judged is None else judged
    found: list[tuple[Fact, Example, str]] = []
    owners: dict[str, str] = {}
    for position, fact in enumerate(index.base.facts):
        for example, (joined, tokens, _), (refused, _) in zip(
            fact.examples, index.examples[position], judged[position], strict=True
        ):
            owner = owners.setdefault(joined, fact.id)
            reason = refused
            if not tokens:
                reason = "has no words the matcher can use"
            elif owner != fact.id:
                reason = f"has the same words as an example question of fact '{owner}'"
            if reason:
                found.append((fact, example, reason))
    return found


def refusal(matcher: Matcher, fact: int, text: str, tokens: list[str]) -> Verdict:
    """Why a fact would not answer one of its example questions ("" when it would), and the words whose weights
    decided it.

    A fact that lacks what the whole question asks for still answers it when one of its clauses asks for
    something the fact gives, as matching does ("We want to know where to expand, is Hohhot good for pharma?").
    """
    mentions = matcher.mentions(text, tokens)
    weighed = mentions.focus | mentions.topic
    exclusion = inconsistency(matcher.index, fact, mentions)
    if exclusion is None:
        return ("", weighed) if weighed else FINE
    if exclusion.cause == "answer":
        for clause in clauses(text)[:MAX_CLAUSES]:
            mentions = matcher.mentions(clause, tokens)
            weighed |= mentions.focus | mentions.topic
            if inconsistency(matcher.index, fact, mentions) is None:
                return "", weighed
    return exclusion.text, weighed
