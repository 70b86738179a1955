"""A loaded fact base together with its matcher: the unit that is built, validated and swapped on reload."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.factbase import FactBase, FactBaseError, Problem, load
from bot.matcher import Matcher


@dataclass(frozen=True)
class Knowledge:
    """An immutable fact base and its index. Replaced as a whole, never changed in place."""

    base: FactBase
    matcher: Matcher
    seconds: float  # how long loading, validating and indexing took


@dataclass(frozen=True)
class Changes:
    """What a reload changed, by fact id."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def build(path: Path | str, replace: Mapping[Path, str] | None = None) -> Knowledge:
    """Load, validate and index the facts under `path`; raises `FactBaseError` listing every problem.

    Validation includes the collision check: every example question must be matched to its own fact.
    """
    started = time.perf_counter()
    base = load(path, replace)
    matcher = Matcher(base)
    problems = collisions(matcher)
    if problems:
        raise FactBaseError(problems)
    return Knowledge(base, matcher, time.perf_counter() - started)


def collisions(matcher: Matcher) -> list[Problem]:
    """The collision check as problems located at each offending example question."""
    return [
        Problem(fact.path, example.line, f"example question '{example.text}' {reason}")
        for fact, example, reason in matcher.collisions()
    ]


def changes(old: FactBase, new: FactBase) -> Changes:
    """Facts added, removed and changed between two fact bases."""
    before, after = old.fact_by_id, new.fact_by_id
    comparable = lambda fact: (fact.text, fact.text_zh, fact.source, fact.topics, fact.entities,  # noqa: E731
                               tuple((e.text, e.language) for e in fact.examples))
    return Changes(
        added=tuple(sorted(set(after) - set(before))),
        removed=tuple(sorted(set(before) - set(after))),
        changed=tuple(sorted(i for i in set(before) & set(after) if comparable(before[i]) != comparable(after[i]))),
    )
