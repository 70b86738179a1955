"""The curation loop shared by Telegram and the command line: explain a decision, report what people ask."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.curation.chart import chart_png
from bot.curation.questionlog import QuestionLog
from bot.curation.stats import format_stats, stats
from bot.curation.unanswered import format_unanswered, unanswered
from bot.engine.knowledge import Knowledge


def closest_fact(knowledge: Knowledge) -> Callable[[str], tuple[str | None, float]]:
    """For a question the bot missed: the fact that came closest (even one ruled out) and its score."""

    def closest(question: str) -> tuple[str | None, float]:
        match = knowledge.matcher.match(question)
        candidates = sorted((*match.candidates, *match.excluded), key=lambda c: -c.score)
        return (candidates[0].fact_id, candidates[0].score) if candidates else (None, 0.0)

    return closest


def closest_facts(knowledge: Knowledge, question: str, count: int = 3) -> tuple[str, ...]:
    """The facts a missed question could become an example question of: the closest that the matcher did not rule
    out (one that was ruled out, for a name or a year it is not about, would fail the collision check)."""
    return tuple(candidate.fact_id for candidate in knowledge.matcher.match(question).candidates[:count])


@dataclass(frozen=True)
class CurationReport:
    text: str
    unanswered: str
    chart: bytes


def build_report(
    log: QuestionLog, knowledge: Knowledge, now: datetime, days: int | None, language: str = "en"
) -> CurationReport:
    """Statistics, the unanswered queue and the chart for the last `days` days (today, 7 and 30 by default).

    The chart's labels are in `language` when a font can show it. Raises `QuestionLogError` when the log cannot be
    read.
    """
    base = knowledge.base

    def topics_of(fact_id: str) -> list[str]:
        fact = base.fact_by_id.get(fact_id)
        return [base.topics[t].name for t in fact.topics if t in base.topics] if fact else []

    summary = stats(log, now, days, topics_of=topics_of)
    missed = unanswered(log, now, days or 30, closest_fact(knowledge))
    chart = chart_png(summary.daily, [(group.question, group.count) for group in missed], language)
    return CurationReport(format_stats(summary), format_unanswered(missed), chart)
