"""Curator reports over the question log: usage statistics and the questions the bot missed.

Everything here is a pure function of the log's rows and `now`, so reports are reproducible in
tests and the same text serves the Telegram command and the command line. Days are calendar
days in `now`'s time zone ("today" starts at local midnight); "last N days" includes today.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from rapidfuzz import fuzz, process, utils

from bot.curation.logstore import QuestionRow
from bot.curation.questionlog import QuestionLog

DEFAULT_WINDOWS = (1, 7, 30)
MESSAGE_LIMIT = 4000  # Telegram allows 4096 UTF-16 units per message; keep a margin
GROUP_THRESHOLD = 80  # token_set_ratio at which two questions count as the same question
# token_set_ratio is 100 whenever one question's words are a subset of the other's ("baotou" vs
# "how many people live in baotou"); this floor on token_sort_ratio stops short questions from
# swallowing whole topics.
ORDER_FLOOR = 60
_CHUNK = 256  # rows of the similarity matrix computed at once, to bound memory
_QUESTION_CHARS = 150  # a quoted question is cut to this length in reports


class DayCount(NamedTuple):
    """One bar of the chart: questions answered and not answered (suggested or declined)."""

    day: date
    answered: int
    unanswered: int


@dataclass(frozen=True)
class WindowStats:
    """Counts for one window of calendar days ending today."""

    label: str
    first_day: date
    questions: int
    answered: int
    suggested: int
    declined: int
    thumbs_up: int
    thumbs_down: int
    top_facts: list[tuple[str, int]]  # facts of answered questions, most asked first
    top_topics: list[tuple[str, int]]

    def percent(self, count: int) -> float:
        return 100.0 * count / self.questions if self.questions else 0.0

    @property
    def answered_pct(self) -> float:
        return self.percent(self.answered)

    @property
    def suggested_pct(self) -> float:
        return self.percent(self.suggested)

    @property
    def declined_pct(self) -> float:
        return self.percent(self.declined)


@dataclass(frozen=True)
class Stats:
    now: datetime
    windows: list[WindowStats]
    daily: list[DayCount]  # every day of the longest window, oldest first, zeros included


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


def stats(
    log: QuestionLog,
    now: datetime,
    days: int | None = None,
    *,
    topics_of: Callable[[str], list[str]] | None = None,
    top: int = 5,
) -> Stats:
    """Usage for today, the last 7 and 30 days, or only the last `days` days.

    `topics_of` maps a fact id to its topic names and must return [] for ids it no longer knows
    (the log outlives facts). Raises QuestionLogError if the log cannot be read.
    """
    now = _aware(now)
    spans = DEFAULT_WINDOWS if days is None else (days,)
    if min(spans) < 1:
        raise ValueError("days must be at least 1")
    today = now.date()
    longest = max(spans)
    dated = [(row, _local_day(row, now.tzinfo)) for row in _window_rows(log, now, longest)]
    windows = []
    for span in spans:
        first = today - timedelta(days=span - 1)
        rows = [row for row, day in dated if day >= first]
        windows.append(_window_stats(_label(span), first, rows, topics_of, top))
    answered: Counter[date] = Counter()
    missed: Counter[date] = Counter()
    for row, day in dated:
        (answered if row.decision == "answered" else missed)[day] += 1
    series = [today - timedelta(days=back) for back in range(longest - 1, -1, -1)]
    return Stats(now, windows, [DayCount(day, answered[day], missed[day]) for day in series])


def unanswered(
    log: QuestionLog,
    now: datetime,
    days: int,
    closest: Callable[[str], tuple[str | None, float]],
) -> list[UnansweredGroup]:
    """Declined, suggested and 👎-rated questions of the last `days` days, similar ones grouped,
    most frequent group first. `closest` maps a question to its best fact and score, so the
    curator sees where an example question would go. Raises QuestionLogError if unreadable.
    """
    now = _aware(now)
    if days < 1:
        raise ValueError("days must be at least 1")
    wordings: dict[str, Counter[str]] = {}
    reasons: dict[str, Counter[str]] = {}
    for row in _window_rows(log, now, days):
        if row.decision == "answered" and row.feedback != "down":
            continue
        key = _normalise(row.question)
        wordings.setdefault(key, Counter())[" ".join(row.question.split())] += 1
        reasons.setdefault(key, Counter())["disliked" if row.feedback == "down" else row.decision] += 1
    keys = sorted(wordings, key=lambda k: (-wordings[k].total(), k))
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
            )
        )
    return sorted(groups, key=lambda g: (-g.count, g.question))


def format_stats(stats: Stats) -> str:
    """Plain text for Telegram (HTML-escaped by the caller) and the terminal."""
    blocks = []
    for window in stats.windows:
        if not window.questions:
            blocks.append(f"{window.label.capitalize()}: no questions")
            continue
        lines = [
            f"{window.label.capitalize()}: {window.questions} question{'' if window.questions == 1 else 's'}",
            f"  answered {window.answered_pct:.0f}%, suggested {window.suggested_pct:.0f}%,"
            f" declined {window.declined_pct:.0f}%",
        ]
        if window.thumbs_up or window.thumbs_down:
            lines.append(f"  feedback: {window.thumbs_up} up, {window.thumbs_down} down")
        if window.top_facts:
            lines.append(f"  top facts: {_counts(window.top_facts)}")
        if window.top_topics:
            lines.append(f"  top topics: {_counts(window.top_topics)}")
        blocks.append("\n".join(lines))
    return _fit(f"Questions as of {stats.now:%Y-%m-%d %H:%M %Z}".rstrip(), blocks)


def format_unanswered(groups: list[UnansweredGroup]) -> str:
    """Plain text for Telegram (HTML-escaped by the caller) and the terminal."""
    if not groups:
        return "No unanswered or disliked questions."
    total = sum(group.count for group in groups)
    blocks = []
    for number, group in enumerate(groups, start=1):
        reasons = [
            f"{name} {count}"
            for name, count in (
                ("declined", group.declined),
                ("suggested", group.suggested),
                ("disliked", group.disliked),
            )
            if count
        ]
        lines = [f'{number}. "{_clip(group.question)}" ({group.count}x: {", ".join(reasons)})']
        if group.examples:
            lines.append("   also: " + "; ".join(f'"{_clip(text)}"' for text in group.examples))
        if group.closest_fact is None:
            lines.append("   closest fact: none")
        else:
            lines.append(f"   closest fact: {group.closest_fact} (score {group.closest_score:g})")
        blocks.append("\n".join(lines))
    header = (
        f"Unanswered or disliked: {total} question{'' if total == 1 else 's'}"
        f" in {len(groups)} group{'' if len(groups) == 1 else 's'}"
    )
    return _fit(header, blocks)


def _aware(now: datetime) -> datetime:
    """Naive means local time, as elsewhere in Python; an aware `now` keeps its own zone."""
    return now if now.tzinfo is not None else now.astimezone()


def _window_rows(log: QuestionLog, now: datetime, days: int) -> list[QuestionRow]:
    today = now.date()
    return log.rows(
        _midnight(today - timedelta(days=days - 1), now.tzinfo),
        _midnight(today + timedelta(days=1), now.tzinfo),
    )


def _midnight(day: date, zone: tzinfo | None) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)


def _local_day(row: QuestionRow, zone: tzinfo | None) -> date:
    return row.asked_at.astimezone(zone).date()


def _label(days: int) -> str:
    return "today" if days == 1 else f"last {days} days"


def _window_stats(
    label: str,
    first_day: date,
    rows: list[QuestionRow],
    topics_of: Callable[[str], list[str]] | None,
    top: int,
) -> WindowStats:
    decisions = Counter(row.decision for row in rows)
    feedback = Counter(row.feedback for row in rows)
    facts = Counter(row.fact_id for row in rows if row.decision == "answered" and row.fact_id)
    topics: Counter[str] = Counter()
    if topics_of is not None:
        for fact_id, count in facts.items():
            for topic in topics_of(fact_id):
                topics[topic] += count
    return WindowStats(
        label=label,
        first_day=first_day,
        questions=len(rows),
        answered=decisions["answered"],
        suggested=decisions["suggested"],
        declined=decisions["declined"],
        thumbs_up=feedback["up"],
        thumbs_down=feedback["down"],
        top_facts=_top(facts, top),
        top_topics=_top(topics, top),
    )


def _top(counts: Counter[str], top: int) -> list[tuple[str, int]]:
    """Most common first, ties alphabetically, so reports do not reshuffle between runs."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


def _normalise(question: str) -> str:
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


def _counts(items: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in items)


def _clip(text: str) -> str:
    """One line, at most _QUESTION_CHARS long: a pasted essay must not crowd out the report."""
    text = " ".join(text.split())
    return text if len(text) <= _QUESTION_CHARS else text[: _QUESTION_CHARS - 1] + "…"


def _length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _fit(header: str, blocks: list[str], limit: int = MESSAGE_LIMIT) -> str:
    """Join header and blocks, stopping with "... and N more" before `limit` is reached."""
    text = header
    reserve = _length(f"\n\n... and {len(blocks)} more")
    for index, block in enumerate(blocks):
        candidate = f"{text}\n\n{block}"
        last = index == len(blocks) - 1
        if _length(candidate) + (0 if last else reserve) > limit:
            return f"{text}\n\n... and {len(blocks) - index} more"
        text = candidate
    return text
