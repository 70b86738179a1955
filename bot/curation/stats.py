"""Usage statistics over the question log: windows of calendar days, daily counts, their text.

Everything here is a pure function of the log's rows and `now`, so reports are reproducible in
tests and the same text serves the Telegram command and the command line. Days are calendar
days in `now`'s time zone ("today" starts at local midnight); "last N days" includes today.
The unanswered queue reads its rows through `last_days` so both reports count days alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from bot.curation.layout import fit
from bot.curation.logstore import QuestionRow
from bot.curation.questionlog import QuestionLog

DEFAULT_WINDOWS = (1, 7, 30)


class DayCount(NamedTuple):
    """One bar of the chart: questions answered, suggested and declined on a day."""

    day: date
    answered: int
    suggested: int
    declined: int

    @property
    def unanswered(self) -> int:
        return self.suggested + self.declined


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
    now = aware(now)
    spans = DEFAULT_WINDOWS if days is None else (days,)
    if min(spans) < 1:
        raise ValueError("days must be at least 1")
    today = now.date()
    longest = max(spans)
    dated = [(row, _local_day(row, now.tzinfo)) for row in last_days(log, now, longest)]
    windows = []
    for span in spans:
        first = today - timedelta(days=span - 1)
        rows = [row for row, day in dated if day >= first]
        windows.append(_window_stats(_label(span), first, rows, topics_of, top))
    counts = Counter((day, row.decision) for row, day in dated)
    series = [today - timedelta(days=back) for back in range(longest - 1, -1, -1)]
    daily = [
        DayCount(day, counts[day, "answered"], counts[day, "suggested"], counts[day, "declined"]) for day in series
    ]
    return Stats(now, windows, daily)


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
    return fit(f"Questions as of {stats.now:%Y-%m-%d %H:%M %Z}".rstrip(), blocks)


def aware(now: datetime) -> datetime:
    """Naive means local time, as elsewhere in Python; an aware `now` keeps its own zone."""
    return now if now.tzinfo is not None else now.astimezone()


def last_days(log: QuestionLog, now: datetime, days: int) -> list[QuestionRow]:
    """Rows of the last `days` calendar days in the zone of `now` (from `aware`), today included."""
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


def _counts(items: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in items)
