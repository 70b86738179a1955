"""Curator reports: windows and percentages at a fixed `now`, grouping of missed questions, text."""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.curation.layout import MESSAGE_LIMIT
from bot.curation.logentry import LoggedQuestion
from bot.curation.questionlog import QuestionLog
from bot.curation.stats import format_stats, stats
from bot.curation.unanswered import UnansweredGroup, format_unanswered, question_key, unanswered

BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2024, 5, 10, 15, 0, tzinfo=BEIJING)
TOPICS = {"f-pop": ["population", "baotou"], "f-gdp": ["economy"]}
USER = 987654321012


@pytest.fixture
def log(tmp_path: Path) -> Iterator[QuestionLog]:
    with QuestionLog.open(tmp_path / "questions.sqlite3", salt="s") as opened:
        yield opened


def add(
    log: QuestionLog,
    when: datetime,
    decision: str = "answered",
    fact_id: str | None = None,
    text: str = "a question",
    feedback: str | None = None,
) -> None:
    token = log.record(
        LoggedQuestion(text, decision, USER, fact_id=fact_id, asked_at=when)  # type: ignore[arg-type]
    )
    if feedback is not None:
        assert log.set_feedback(token, feedback, USER)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 5, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture
def usage(log: QuestionLog) -> QuestionLog:
    # today, 2024-05-10 in Beijing; 01:00 there is still 2024-05-09 in UTC
    add(log, local(10, 1), fact_id="f-pop", feedback="up")
    add(log, local(10, 9), fact_id="f-pop")
    add(log, local(10, 10), "suggested", "f-gdp", feedback="down")
    add(log, local(10, 11), "declined")
    add(log, local(9, 23, 30), "declined")  # yesterday
    add(log, local(7, 12), fact_id="f-gdp")
    add(log, local(7, 13), fact_id="f-gdp")
    add(log, local(7, 14), "declined")
    add(log, NOW - timedelta(days=10), fact_id="f-pop")
    add(log, NOW - timedelta(days=40), "declined")  # outside every window
    log.flush()
    return log


def test_windows_and_percentages_at_a_fixed_now(usage: QuestionLog) -> None:
    result = stats(usage, NOW, topics_of=lambda fact: TOPICS.get(fact, []))
    today, week, month = result.windows
    assert [w.label for w in result.windows] == ["today", "last 7 days", "last 30 days"]
    assert (today.questions, today.answered, today.suggested, today.declined) == (4, 2, 1, 1)
    assert (today.answered_pct, today.suggested_pct, today.declined_pct) == (50.0, 25.0, 25.0)
    assert (today.thumbs_up, today.thumbs_down) == (1, 1)
    assert today.top_facts == [("f-pop", 2)]  # suggested facts are not counted as answers
    assert (week.questions, week.answered_pct, week.suggested_pct, week.declined_pct) == (
        8, 50.0, 12.5, 37.5,
    )  # fmt: skip
    assert week.first_day == date(2024, 5, 4)
    assert week.top_facts == [("f-gdp", 2), ("f-pop", 2)]  # ties alphabetically
    assert month.questions == 9
    assert month.top_facts == [("f-pop", 3), ("f-gdp", 2)]
    assert month.top_topics == [("baotou", 3), ("population", 3), ("economy", 2)]


def test_days_are_calendar_days_in_the_zone_of_now(usage: QuestionLog) -> None:
    in_utc = stats(usage, NOW.astimezone(timezone.utc), 1)
    assert in_utc.windows[0].questions == 3  # 01:00 Beijing was yesterday in UTC


def test_daily_series_covers_every_day_of_the_longest_window(usage: QuestionLog) -> None:
    daily = stats(usage, NOW).daily
    assert len(daily) == 30
    assert daily[0].day == date(2024, 4, 11) and daily[-1].day == date(2024, 5, 10)
    by_day = {d.day: (d.answered, d.unanswered) for d in daily}
    assert by_day[date(2024, 5, 10)] == (2, 2)
    assert by_day[date(2024, 5, 9)] == (0, 1)
    assert by_day[date(2024, 5, 7)] == (2, 1)
    assert by_day[date(2024, 4, 30)] == (1, 0)
    assert sum(a + u for a, u in by_day.values()) == 9


def test_requested_days_give_a_single_window(usage: QuestionLog) -> None:
    result = stats(usage, NOW, 7)
    assert [w.label for w in result.windows] == ["last 7 days"]
    assert len(result.daily) == 7
    with pytest.raises(ValueError):
        stats(usage, NOW, 0)


def test_format_stats(usage: QuestionLog, log: QuestionLog) -> None:
    text = format_stats(stats(usage, NOW, topics_of=lambda f: TOPICS.get(f, [])))
    assert "Today: 4 questions\n  answered 50%, suggested 25%, declined 25%" in text
    assert "feedback: 1 up, 1 down" in text
    assert "top facts: f-pop (2)" in text
    assert "top topics: baotou (3), population (3), economy (2)" in text
    assert "Last 30 days: 9 questions" in text
    empty = stats(log, NOW + timedelta(days=400))
    assert all(w.answered_pct == 0.0 for w in empty.windows)
    assert "Today: no questions" in format_stats(empty)


MISSED = [
    ("how many people in baotou", "declined", None),
    ("how many people in baotou", "declined", None),
    ("How many people in Baotou", "declined", None),
    ("How many people live in Baotou?", "declined", None),
    ("How many people live in Baotou?", "answered", "down"),
    ("baotou population", "suggested", None),
    ("What is the population of Baotou?", "declined", None),
    ("weather in hohhot tomorrow", "declined", None),
    ("Weather in Hohhot tomorrow?", "declined", None),
    ("who founded inner mongolia university", "declined", None),
    ("baotou", "declined", None),
    ("how many people in baotou", "answered", None),  # answered and not disliked: not missed
    ("how many people in baotou", "answered", "up"),
]


def closest_stub(calls: list[str]) -> Callable[[str], tuple[str | None, float]]:
    def closest(question: str) -> tuple[str | None, float]:
        calls.append(question)
        return ("baotou-population", 61.5) if "baotou" in question.lower() else (None, 0.0)

    return closest


def test_unanswered_groups_similar_questions(log: QuestionLog) -> None:
    for text, decision, feedback in MISSED:
        add(log, NOW - timedelta(hours=2), decision, text=text, feedback=feedback)
    add(log, NOW - timedelta(days=40), "declined", text="how many people in baotou")
    log.flush()
    calls: list[str] = []
    groups = unanswered(log, NOW, 30, closest_stub(calls))
    by_question = {g.question: g for g in groups}

    people = groups[0]
    assert people.question == "how many people in baotou"
    assert people.count == 5
    assert people.examples == ["How many people live in Baotou?"]
    assert (people.declined, people.suggested, people.disliked) == (4, 0, 1)
    assert (people.closest_fact, people.closest_score) == ("baotou-population", 61.5)

    # "population" shares no word with "how many people": string similarity cannot join them
    population = by_question["baotou population"]
    assert population.count == 2 and population.examples == ["What is the population of Baotou?"]
    assert (population.declined, population.suggested) == (1, 1)

    assert by_question["weather in hohhot tomorrow"].count == 2
    assert by_question["weather in hohhot tomorrow"].closest_fact is None
    assert by_question["baotou"].count == 1  # a one-word question does not swallow the others
    assert by_question["who founded inner mongolia university"].count == 1
    assert len(groups) == 5
    assert [g.count for g in groups] == sorted((g.count for g in groups), reverse=True)
    assert sorted(calls) == sorted(by_question)  # one lookup per group


def test_grouping_holds_across_similarity_matrix_chunks(log: QuestionLog) -> None:
    rng = random.Random(7)
    noise = {"".join(rng.choices(string.ascii_lowercase, k=14)) for _ in range(600)}
    variants = ["aaa how many people in baotou", "how many people live in baotou", "zzz how many people in baotou"]
    for text in sorted(noise) + variants:
        add(log, NOW - timedelta(hours=1), "declined", text=text)
    log.flush()
    groups = unanswered(log, NOW, 1, lambda q: (None, 0.0))
    assert len(groups) == len(noise) + 1
    assert groups[0].count == 3


def test_format_unanswered() -> None:
    group = UnansweredGroup(
        question="how many people in baotou", count=5, examples=["How many people live in Baotou?"],
        declined=4, suggested=0, disliked=1, closest_fact="baotou-population", closest_score=61.5,
    )  # fmt: skip
    text = format_unanswered([group])
    assert text.startswith("Unanswered or disliked: 5 questions in 1 group")
    assert '1. "how many people in baotou" (5x: declined 4, disliked 1)' in text
    assert 'also: "How many people live in Baotou?"' in text
    assert "closest fact: baotou-population (score 61.5)" in text
    assert format_unanswered([]) == "No unanswered or disliked questions."


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@settings(max_examples=30, deadline=None)
@given(
    questions=st.lists(st.text(min_size=1, max_size=400), min_size=1, max_size=120),
    fact=st.one_of(st.none(), st.text(max_size=60)),
)
def test_format_unanswered_stays_under_the_telegram_limit(questions: list[str], fact: str | None) -> None:
    groups = [UnansweredGroup(q, 2, [q[::-1]] * 3, 1, 0, 1, fact, 12.25) for q in questions]
    text = format_unanswered(groups)
    assert utf16(text) <= MESSAGE_LIMIT
    shown = sum(1 for i in range(1, len(groups) + 1) if f"\n\n{i}. " in text)
    if shown < len(groups):
        assert text.endswith(f"... and {len(groups) - shown} more")


def test_long_report_is_cut_with_a_count_of_the_rest() -> None:
    groups = [UnansweredGroup(f"question {i} " + "👎" * 60, 1, [], 1, 0, 0, None, 0.0) for i in range(100)]
    text = format_unanswered(groups)
    assert utf16(text) <= MESSAGE_LIMIT
    assert text.endswith("more")
    hidden = int(text.rsplit("... and ", 1)[1].split()[0])
    assert text.count('"question ') + hidden == 100


def test_groups_curators_dealt_with_leave_the_queue_until_put_back(log: QuestionLog) -> None:
    wordings = ["aaa how many people in baotou", "how many people live in baotou", "zzz how many people in baotou"]
    for text in [*wordings, "weather in hohhot tomorrow"]:
        add(log, NOW - timedelta(hours=1), "declined", text=text)
    log.flush()
    people, weather = unanswered(log, NOW, 1, lambda q: (None, 0.0))
    assert people.count == 3 and len(people.keys) == 3
    assert sorted(people.keys) == sorted(question_key(text.upper() + " ?") for text in wordings)
    log.mark_handled(people.keys, "added")
    assert [group.question for group in unanswered(log, NOW, 1, lambda q: (None, 0.0))] == [weather.question]
    assert "baotou" not in " ".join(log.handled())  # hashes of the wordings, not their text
    log.mark_handled(people.keys[:1], None)  # an undo puts a wording back
    assert [group.count for group in unanswered(log, NOW, 1, lambda q: (None, 0.0))] == [1, 1]
    log.purge_older_than(0)  # retention forgets what curators did, with the questions
    assert log.handled() == frozenset()
