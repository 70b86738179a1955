"""The curator's queue of missed questions: declined, suggested and 👎-rated ones, similar wordings grouped.

A pure function of the log's rows and `now`, like the statistics, so the queue is reproducible
in tests. Grouping is by string similarity (rapidfuzz), which joins rewordings of a question
but not synonyms: "population" and "how many people" stay apart.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz, process, utils

from bot.curation.layout import clip, fit
from bot.curation.questionlog import QuestionLog
from bot.curation.stats import aware, last_days

GROUP_THRESHOLD = 80  # token_set_ratio at which two questions count as the same question
# token_set_ratio is 100 whenever one question's words are a subset of the other's ("baotou" vs
# "how many people live in baotou"); this floor on token_sort_ratio stops short questions from
# swallowing whole topics.
ORDER_FLOOR = 60
_CHUNK = 256  # rows of the similarity matrix computed at once, to bound memory


@dataclass(frozen=True)
class UnansweredGroup:
    """Similar questions the bot missed, with the fact it came closest to."""

    question: str  # the most frequent wording
    count: int
    examples: list[str]  # up to 3 other wordings, most frequent first
    declined: int
    suggested: int
    disliked: int  # answered or suggested, then rated 👎
    closest_fact: str | None
    closest_score: float
    keys: tuple[str, ...] = ()  # `question_key` of every wording, to mark the group handled


def unanswered(
    log: QuestionLog,
    now: datetime,
    days: int,
    closest: Callable[[str], tuple[str | None, float]],
) -> list[UnansweredGroup]:
    """Declined, suggested and 👎-rated questions of the last `days` days, similar ones grouped,
    most frequent group first; questions curators dealt with (`QuestionLog.mark_handled`) are left
    out. `closest` maps a question to its best fact and score, so the curator sees where an
    example question would go. Raises QuestionLogError if unreadable.
    """
    now = aware(now)
    if days < 1:
        raise ValueError("days must be at least 1")
    wordings: dict[str, Counter[str]] = {}
    reasons: dict[str, Counter[str]] = {}
    for row in last_days(log, now, days):
        if row.decision == "answered" and row.feedback != "down":
            continue
        key = _normalise(row.question)
        wordings.setdefault(key, Counter())[" ".join(row.question.split())] += 1
        reasons.setdefault(key, Counter())["disliked" if row.feedback == "down" else row.decision] += 1
    handled = log.handled()
    keys = sorted((k for k in wordings if _digest(k) not in handled), key=lambda k: (-wordings[k].total(), k))
    groups = []
    for members in _cluster(keys):
        spellings = [wordings[keys[i]].most_common(1)[0][0] for i in members]
        reason = sum((reasons[keys[i]] for i in members), Counter())
        fact, score = closest(spellings[0])
        groups.append(
            UnansweredGroup(
                question=spellings[0],
                count=sum(wordings[keys[i]].total() for i in members),
                examples=spellings[1:4],
                declined=reason["declined"],
                suggested=reason["suggested"],
                disliked=reason["disliked"],
                closest_fact=fact,
                closest_score=score,
                keys=tuple(_digest(keys[i]) for i in members),
            )
        )
    return sorted(groups, key=lambda g: (-g.count, g.question))


def format_unanswered(groups: list[UnansweredGroup]) -> str:
    """Plain text for Telegram (HTML-escaped by the caller) and the terminal."""
    if not groups:
        return "No unanswered or disliked questions."
    blocks = [format_group(number, group) for number, group in enumerate(groups, start=1)]
    return fit(queue_header(groups), blocks)


def queue_header(groups: list[UnansweredGroup]) -> str:
    """How many missed questions there are, in how many groups."""
    total = sum(group.count for group in groups)
    return (
        f"Unanswered or disliked: {total} question{'' if total == 1 else 's'}"
        f" in {len(groups)} group{'' if len(groups) == 1 else 's'}"
    )


def format_group(number: int, group: UnansweredGroup) -> str:
    """One group of the queue: its wordings, why they were missed and the closest fact."""
    reasons = [
        f"{name} {count}"
        for name, count in (("declined", group.declined), ("suggested", group.suggested), ("disliked", group.disliked))
        if count
    ]
    lines = [f'{number}. "{clip(group.question)}" ({group.count}x: {", ".join(reasons)})']
    if group.examples:
        lines.append("   also: " + "; ".join(f'"{clip(text)}"' for text in group.examples))
    if group.closest_fact is None:
        lines.append("   closest fact: none")
    else:
        lines.append(f"   closest fact: {group.closest_fact} (score {group.closest_score:g})")
    return "\n".join(lines)


def question_key(question: str) -> str:
    """What stands for a question's wording when curators mark it handled: a hash, so no text is kept twice."""
    return _digest(_normalise(question))


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _normalise(question: str) -> str:
    """The grouping key: case, punctuation and spacing do not make a different question."""
    return " ".join(utils.default_process(question.casefold()).split())


def _cluster(keys: list[str]) -> list[list[int]]:
    """Greedy clustering: walking `keys` (most frequent first), each key not yet taken leads a
    group of every untaken key similar to it. Returns index lists, leader first."""
    taken = [False] * len(keys)
    groups = []
    for start in range(0, len(keys), _CHUNK):
        block = keys[start : start + _CHUNK]
        by_set = process.cdist(block, keys, scorer=fuzz.token_set_ratio, workers=-1)
        by_order = process.cdist(block, keys, scorer=fuzz.token_sort_ratio, workers=-1)
        similar = (by_set >= GROUP_THRESHOLD) & (by_order >= ORDER_FLOOR)
        for offset, row in enumerate(similar):
            leader = start + offset
            if taken[leader]:
                continue
            members = [leader] + [j for j in row.nonzero()[0].tolist() if j != leader and not taken[j]]
            for j in members:
                taken[j] = True
            groups.append(members)
    return groups
