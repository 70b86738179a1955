"""The figures of a statement as questions see them: where each is, what kind it is, and what it counts.

"193 innovative platforms and carriers at all levels" is a count of "innovative platforms and carriers"; "12
million yuan ($1.9 million) in technology financing" an amount of "technology financing"; "83 percent" a
percentage; "in 2020" a year; "June 16" a date; "five months" a duration (no question is asked about it). Only
what the engine itself reads as a figure (bot.engine.figures) counts: "one", ordinals, numbers in names do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.figures import figures

_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    "eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|one"
)
_FIGURE = re.compile(
    r"(?P<number>(?:[$€£¥]\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:thousand|million|billion|trillion)\b)?"
    rf"|(?i:\b(?:{_NUMBER_WORDS})(?:(?:\s+and\s+|[\s-]+)(?:{_NUMBER_WORDS}))*\b))"
    r"(?P<percent>\s*(?:%|percent\b|per cent\b))?"
    r"(?P<currency>\s+(?:yuan|dollars?|euros?|rmb|US dollars)\b)?"
    r"(?P<aside>\s*\([^)]{0,40}\))?"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_APPROXIMATELY = re.compile(
    r"(?i:\b(?:about|approximately|around|nearly|almost|roughly|some|over|more than|less than|up to|a total of)\s+)$"
)
STOP_WORDS = frozenset(
    "in at on of for from with by to into over under during since across per along including between among than "
    "as is are was were be been has have had will would can could may might that which who whose where when while "
    "and or but said says a an the this these those its their last next each every".split()
)
_WORD = re.compile(r"[A-Za-z][\w&'-]*|\d[\d,.]*|[^\w\s]")
_DURATIONS = frozenset(
    "months month years year days day weeks week quarters quarter hours decades minutes times".split()
)
_MEASURES = frozenset(
    "tons tonnes kilometers kilometres square hectares mu meters metres kilowatts megawatts gigawatts kwh cubic "
    "kilograms liters litres".split()
)


@dataclass(frozen=True)
class Figure:
    """A figure in a text: where it is, what kind it is, and the words it counts or measures."""

    start: int
    end: int
    kind: str  # count, measure, amount, percent, year, date, duration
    focus: str  # "innovative platforms and carriers", "tons of green hydrogen"; "" when there is none


def find_figures(text: str) -> list[Figure]:
    """The figures of a text the engine reads as figures, with their kind and focus, in order."""
    found = []
    for match in _FIGURE.finditer(text):
        start = match.start()
        if not +(figures(text[: match.end("number")]) - figures(text[:start])):
            continue  # "one", an ordinal, a number word inside a name: not a figure
        if re.match(r"(?:st|nd|rd|th)\b", text[match.end("number") :]):
            continue
        kind, focus = _kind(match, text)
        approximately = _APPROXIMATELY.search(text[:start])
        month = re.search(rf"\b{_MONTH}\s*$", text[:start])
        the = re.search(r"\bthe\s+$", text[:start], re.IGNORECASE)
        if kind == "date" and month:
            start = month.start()
        elif approximately:
            start = approximately.start()
        elif the and kind == "count":  # "between the two cities" asks "between how many cities"
            start = the.start()
        found.append(Figure(start, match.end(), kind, focus))
    return found


def _kind(match: re.Match[str], text: str) -> tuple[str, str]:
    """What a figure is (a date, a percentage, an amount of money, a year, a count...) and what it counts."""
    number, after = match["number"], text[match.end() :]
    month = re.search(rf"\b{_MONTH}\s*$", text[: match.start()]) or re.match(rf"\s+{_MONTH}\b", after)
    if month or match["percent"]:
        return ("date" if month else "percent"), ""
    if match["currency"] or number[0] in "$€£¥":
        return "amount", _noun_phrase(re.sub(r"^\s*(?:in|of|for)\s+", "", after))
    if re.fullmatch(r"(?:19|20)\d\d", number):
        return "year", ""
    if after.startswith("-"):
        return "duration", ""  # "a three-year agreement": a figure inside a compound word, not worth asking
    focus = _noun_phrase(after)
    first = focus.split()[0].lower() if focus else ""
    if first in _MEASURES:
        of = re.match(r"\s*of\s+", after[len(focus) + 1 :])
        extra = _noun_phrase(after[len(focus) + 1 + of.end() :]) if of else ""
        return "measure", f"{focus} of {extra}" if extra else focus
    return ("duration", "") if first in _DURATIONS else ("count", focus)


def _is_number(token: str) -> bool:
    return bool(re.fullmatch(rf"(?i:{_NUMBER_WORDS}|\d.*|about|approximately|around|nearly|some|over)", token))


def _noun_phrase(after: str) -> str:
    """The words right after a figure that say what it counts, up to a preposition, verb or punctuation."""
    words: list[str] = []
    tokens = _WORD.findall(after)
    for index, word in enumerate(tokens):
        lower = word.lower()
        if not word[0].isalpha() or (lower in STOP_WORDS and lower != "and") or len(words) == 6:
            break
        if words and lower.endswith(("ed", "ing")):
            break
        if lower == "and" and (index + 1 >= len(tokens) or not tokens[index + 1][0].isalpha()):
            break
        if lower == "and" and any(_is_number(token) for token in tokens[index + 1 : index + 4]):
            break  # "platforms and 464 institutions", "ranches and employ about 600 workers": another figure
        if not words and lower in ("more", "additional", "another", "other"):
            continue
        words.append(word)
    while words and words[-1].lower() == "and":
        words.pop()
    return " ".join(words)
