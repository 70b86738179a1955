"""Fitting report text into one Telegram message, shared by the curator's reports.

A report that overflows the message limit would be refused by Telegram as a whole, so reports
are cut between blocks with a count of what was left out, and quoted questions are clipped.
"""

from __future__ import annotations

MESSAGE_LIMIT = 4000  # Telegram allows 4096 UTF-16 units per message; keep a margin
QUESTION_CHARS = 150  # a quoted question is cut to this length in reports


def clip(text: str) -> str:
    """One line, at most QUESTION_CHARS long: a pasted essay must not crowd out the report."""
    text = " ".join(text.split())
    return text if len(text) <= QUESTION_CHARS else text[: QUESTION_CHARS - 1] + "…"


def fit(header: str, blocks: list[str], limit: int = MESSAGE_LIMIT) -> str:
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


def _length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2
