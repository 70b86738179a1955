"""Traditional Chinese characters and phrases to simplified ones, with zhconv's table, without importing zhconv.

Importing zhconv imports pkg_resources only to find its data file: 12 MB of memory and 75 ms at start-up. This
reads the same table (`zh2Hans` of zhcdict.json) and converts as `zhconv.convert(text, "zh-hans")` does: at each
position the longest phrase of the table starting there is replaced, else the character is kept.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import NamedTuple

from bot.engine.packagedata import package_file


class _Table(NamedTuple):
    phrases: dict[str, str]  # traditional -> simplified, single characters and phrases
    prefixes: frozenset[str]  # every prefix of a phrase
    characters: dict[int, str]  # the single characters, for str.translate
    phrase_start: re.Pattern[str]  # a character some phrase of two or more characters starts with


@cache
def _table() -> _Table:
    phrases: dict[str, str] = json.loads(package_file("zhconv", "zhcdict.json").read_bytes())["zh2Hans"]
    starts = sorted({phrase[0] for phrase in phrases if len(phrase) > 1})
    return _Table(
        phrases,
        frozenset(phrase[:end] for phrase in phrases for end in range(1, len(phrase) + 1)),
        str.maketrans({phrase: simple for phrase, simple in phrases.items() if len(phrase) == 1}),
        re.compile(f"[{''.join(re.escape(start) for start in starts)}]"),
    )


def simplified(text: str) -> str:
    """The text with traditional characters and phrases replaced by simplified ones.

    Between characters that start a phrase, each character is replaced on its own (`str.translate`); from each
    such character, the longest phrase of the table is.
    """
    table = _table()
    out: list[str] = []
    at = 0
    while (found := table.phrase_start.search(text, at)) is not None:
        begin = found.start()
        out.append(text[at:begin].translate(table.characters))
        replacement, at = text[begin], begin + 1
        stop = begin + 1
        while stop <= len(text) and text[begin:stop] in table.prefixes:
            if text[begin:stop] in table.phrases:
                replacement, at = table.phrases[text[begin:stop]], stop
            stop += 1
        out.append(replacement)
    out.append(text[at:].translate(table.characters))
    return "".join(out)
