"""The typed boundary between python-telegram-bot and the bot: what every handler receives in `context`.

A custom context class (as in the library's contexttypesbot.py example) replaces string keys in `bot_data`: the
shared state has named, typed attributes, set once by `build_application`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CallbackContext, ContextTypes, ExtBot

from bot.config import Settings, TelegramSettings
from bot.curation.logentry import user_hash
from bot.curation.questionlog import QuestionLog
from bot.engine.facade import Engine
from bot.engine.messages import LANGUAGES
from bot.telegram.flood import FloodGate
from bot.telegram.pending import CurationState

if TYPE_CHECKING:
    from bot.telegram.errors import Notices

USER_TAG_CHARS = 12  # of the salted hash: enough to tell users apart in a log, and to find them in the question log


class BotData:
    """State shared by every handler: set by `build_application` before the first update arrives."""

    settings: Settings
    telegram: TelegramSettings
    engine: Engine
    notices: Notices
    question_log: QuestionLog | None = None
    retention: asyncio.Task[None] | None = None
    curation: CurationState  # what the curation buttons refer to (bot.telegram.pending)

    def __init__(self) -> None:
        self.flood = FloodGate()

    def user_tag(self, user_id: int) -> str:
        """How log lines and commit messages name a person, never by id or name: the start of the salted hash the
        question log stores for them (so `user_hash LIKE '<tag>%'` finds their questions); without a working log,
        a hash keyed with a secret derived from the token, so that tags stay the same across restarts."""
        log = self.question_log
        if log is not None and log.available:
            return log.user_hash(user_id)[:USER_TAG_CHARS]
        return user_hash(self.telegram.webhook_secret.encode(), user_id)[:USER_TAG_CHARS]


class UserData:
    """What the bot remembers about a person: only the language they chose for commands."""

    def __init__(self) -> None:
        self.language: str | None = None


ChatData = dict[Any, Any]


class Context(CallbackContext[ExtBot[Any], UserData, ChatData, BotData]):
    """The context every handler receives. The bot's type argument is its rate limiter's, which is optional."""


CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData, user_data=UserData, chat_data=dict)
BotApplication = Application[ExtBot[Any], Context, UserData, ChatData, BotData, Any]
BotBuilder = ApplicationBuilder[ExtBot[Any], Context, UserData, ChatData, BotData, Any]


def user_language(update: Update, context: Context) -> str:
    """The language for commands: the person's /lang choice, else their Telegram language, else English."""
    chosen = context.user_data.language if context.user_data is not None else None
    if chosen is not None and chosen in LANGUAGES:
        return chosen
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    return "zh" if code.lower().startswith("zh") else "en"


def is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.bot_data.telegram.admin_ids
