"""Counts asked for in all ("how many titles were handed out altogether?") that no one fact gives, but that two or
three facts give in parts: 12 innovation consortium titles and 6 leading technology enterprise titles.

Each part is given with its source, and their sum is said to be the bot's own arithmetic on the facts' figures, not
a figure an article states. A part must pass every check the question brings (it counts what was asked) and give
one count; a fact giving several figures, or none, cannot be added up without guessing which one counts.
"""

from __future__ import annotations

import re

from bot.engine.decision import SUGGEST, Match
from bot.engine.figures import figures
from bot.engine.knowledge import Knowledge
from bot.engine.model import Fact

PARTS = 3  # facts added up at most
CLOSE = 10.0  # without "in total", the facts counting parts must score within this of the best
_ABOUT = re.compile(r"\b(?:approximately|about|around|roughly|nearly|some)\s+\d|约|大约|左右")
_IN_ALL = re.compile(
    r"\b(?:altogether|all together|in total|in all|combined|overall|total|put together|all told)\b"
    r"|总共|一共|合计|共计|加起来|总计|总数",
    re.IGNORECASE,
)


def asks_total(question: str) -> bool:
    """Whether a question asks for a count in all ("how many titles altogether?", "一共多少")."""
    return _IN_ALL.search(question) is not None


def summed(knowledge: Knowledge, match: Match) -> list[tuple[Fact, str]]:
    """The facts whose counts make up what a question asks for in all, with their sum: asked "in total", or asked
    of a kind that two facts close to the question each count a part of. Empty when fewer than two do."""
    if match.reading.wants != "count":
        return []
    floor = SUGGEST
    if not asks_total(match.question):  # "how many titles were handed out?": two close facts each count
        if not match.reading.focus or (match.decision != "answered" and not match.torn):  # a kind of title, the
            return []  # best of them strong enough to answer, alone or torn with the next
        best = max((candidate.score for candidate in match.candidates), default=0.0)
        floor = max(SUGGEST, best - CLOSE)
    parts: list[tuple[Fact, str]] = []
    for candidate in (*match.candidates, *match.excluded):
        if candidate.score < floor or len(parts) == PARTS:
            continue
        if knowledge.matcher.match_fact(match.question, candidate.fact_id) is None:
            continue  # it does not count what was asked
        fact = knowledge.base.fact_by_id[candidate.fact_id]
        counts = {
            value for value in figures(fact.text, dates=False) if not (value.is_integer() and 1900 <= value < 2100)
        }
        if len(counts) == 1:
            about = "~" if _ABOUT.search(fact.text) else ""  # "approximately 12": about 12
            parts.append((fact, f"{about}{counts.pop():g}"))
    return parts if len(parts) > 1 else []


def sum_line(counts: list[str]) -> str:
    """ "6 + ~12 = ~18": each part's figure and their sum, which is about a figure when any part is."""
    total = sum(float(count.lstrip("~")) for count in counts)
    about = "~" if any(count.startswith("~") for count in counts) else ""
    return f"{' + '.join(counts)} = {about}{total:g}"
