"""What a fact's own text states, for the questions that ask for more than a kind of answer: a superlative ("the
biggest"), what something is about ("what were those projects about?"), and things named one by one ("which
vaccines?", "what specific projects?"), which a fact naming them only in general does not give.
"""

from __future__ import annotations

import re

from bot.engine.normalise import fold
from bot.engine.question import SUPERLATIVES

_SUPERLATIVE_TEXT = re.compile(rf"\b(?:{SUPERLATIVES})\b|最", re.IGNORECASE)
_SUPERLATIVE_PHRASE = re.compile(rf"\b(?:{SUPERLATIVES}) \w+")
_SIZE = re.compile(r"\b(?:biggest|largest|greatest)\b|最大", re.IGNORECASE)
_ABOUT_WORDS = re.compile(r"[\w-]+(?:\s+[\w-]+){0,2}?\s+(?:on|about|for|to|into|focused|focusing|aimed|covering)\b")


def states(superlative: str, text: str) -> bool:
    """Whether a fact's text states the superlative asked: "the biggest" needs a size ("the most competitive" is not
    the biggest) unless it is the biggest of what the fact states ("its biggest competitive edge")."""
    word, _, then = superlative.partition(" ")
    if _SIZE.fullmatch(word) or superlative == "most":  # "which one got the most?": the largest amount
        said = (found.partition(" ")[2] for found in _SUPERLATIVE_PHRASE.findall(fold(text)))
        return _SIZE.search(text) is not None or (then != "" and then in said)
    return _SUPERLATIVE_TEXT.search(text) is not None


def describes(text: str, noun: str) -> bool:
    """Whether a fact says what the thing it names is about: by a title in quotes, or by the words after it ("a
    consortium focused on ..."). A fact that does not name it at all is not judged ("the event": "an activity to")."""
    at = fold(text).find(noun.rstrip("s"))
    if at < 0:
        return True
    return '"' in text or _ABOUT_WORDS.match(fold(text)[at:]) is not None


# Things asked for one by one: "which specific projects", "what vaccines exactly", "which vaccines are ..."
_INSTANCES = re.compile(
    r"\b(?:which|what)\s+(?:specific|particular|exact|individual|actual)\s+(?P<noun>[a-z]+s)\b"
    r"|\b(?:which|what)\s+(?P<then>[a-z]+s)\s+(?:exactly|specifically|in particular)\b"
    r"|\b(?:which|what)\s+(?P<made>vaccines|drugs|medicines|products|models|patents)\b",
    re.IGNORECASE,
)
# How a text names things one by one: a title in quotes, or a list after "such as", "including", "namely" or a colon
_NAMED = re.compile(r"[\"\u201c\u300a]|\b(?:such as|including|namely)\b|:", re.IGNORECASE)


def instances_asked(question: str) -> str:
    """The things a question asks to have named one by one ("vaccines" in "which vaccines are being developed?"),
    or ""."""
    found = _INSTANCES.search(question)
    return next((value.lower() for value in found.groups() if value), "") if found else ""


def names_instances(text: str, noun: str) -> bool:
    """Whether a fact names the things asked one by one: it names them with a title or a list, or does not mention
    them at all (then other checks judge it)."""
    folded = fold(text)
    one = noun[:-1] if noun.endswith("s") else noun  # "vaccines": a vaccine, or vaccines
    return one not in folded or _NAMED.search(text) is not None
