"""The buttons under a reply that are not choices of the engine: 👍/👎 on an answer, and "Topics" under a decline.

A vote turns its row into one button saying what was recorded, so the person sees their press counted (and cannot
press again by mistake).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine.messages import text

UP, DOWN = "\U0001f44d", "\U0001f44e"
TOPICS_DATA = "t:"  # open the topic list
NOTHING_DATA = "x:"  # a button that only shows something; pressing it does nothing

Rows = list[list[InlineKeyboardButton]]


def vote_rows(token: str | None) -> Rows:
    """👍 and 👎 for an answer the question log recorded under `token` (none without a log)."""
    if not token:
        return []
    return [
        [
            InlineKeyboardButton(UP, callback_data=f"v:{token}:up"),
            InlineKeyboardButton(DOWN, callback_data=f"v:{token}:down"),
        ]
    ]


def topics_rows(language: str) -> Rows:
    """A "Topics" button under a decline: the way on when the bot does not know."""
    return [[InlineKeyboardButton(text(language, "topics_button"), callback_data=TOPICS_DATA)]]


def recorded(markup: InlineKeyboardMarkup | None, vote: str, language: str) -> InlineKeyboardMarkup:
    """The message's buttons with its 👍/👎 row replaced by one saying which vote was recorded."""
    shown = InlineKeyboardButton(
        f"{UP if vote == 'up' else DOWN} {text(language, 'vote_recorded')}", callback_data=NOTHING_DATA
    )
    rows = list(markup.inline_keyboard) if markup else []
    kept = [list(row) for row in rows if not any(str(button.callback_data or "").startswith("v:") for button in row)]
    return InlineKeyboardMarkup([*kept, [shown]])
