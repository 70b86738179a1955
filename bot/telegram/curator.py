"""Curation in Telegram: log questions and feedback, give admins /stats and /why; /forgetme for all.

The /unanswered queue and its buttons are in inbox.py, the editors' relay in relay.py.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TypeVar

from telegram import Message, Update

from bot.curation.questionlog import LoggedQuestion, QuestionLog, QuestionLogError
from bot.curation.summary import CurationReport, build_report
from bot.engine.answers import Answer
from bot.engine.facade import Engine
from bot.engine.messages import text
from bot.engine.reply import simple
from bot.telegram.context import BotApplication, Context, user_language
from bot.telegram.send import send, send_photo

logger = logging.getLogger(__name__)
T = TypeVar("T")
DAY_SECONDS = 24 * 60 * 60
MAX_DAYS = 3650
REPORT_FLUSH_SECONDS = 5.0  # how long a report waits for queued questions to be written


def record(update: Update, context: Context, answer: Answer) -> str | None:
    """Log a question for the curators; returns the token its feedback buttons carry (None without a log)."""
    log = context.bot_data.question_log
    user = update.effective_user
    decision = answer.decision
    if log is None or user is None or answer.match is None or decision == "smalltalk":  # small talk asks nothing
        return None
    chat = update.effective_chat
    return log.record(
        LoggedQuestion(
            question=answer.question,
            decision=decision,
            user_id=user.id,
            chat_type=chat.type if chat else "inline",
            fact_id=answer.fact.id if answer.fact else None,
            score=answer.match.score,
            language=answer.language,
        )
    )


def record_opened(update: Update, context: Context, fact_id: str, label: str, language: str) -> str | None:
    """Log a fact opened from a button as answered (the button's label is the question), so it can be rated too."""
    log, user, chat = context.bot_data.question_log, update.effective_user, update.effective_chat
    if log is None or user is None:
        return None
    opened = LoggedQuestion(
        question=label,
        decision="answered",
        user_id=user.id,
        chat_type=chat.type if chat else "private",
        fact_id=fact_id,
        score=100.0,
        language=language,
    )
    return log.record(opened)


def days_argument(context: Context) -> int | None:
    """The optional DAYS argument, clamped to a sensible range; None for the default windows."""
    arguments = context.args or []
    if arguments and re.fullmatch(r"[0-9]{1,6}", arguments[0]):  # ASCII digits: "²".isdigit() is True too
        return max(1, min(int(arguments[0]), MAX_DAYS))
    return None


def _fresh_report(log: QuestionLog, engine: Engine, days: int | None, language: str) -> CurationReport:
    """The report including questions still queued for writing, such as one asked a moment ago."""
    log.flush(REPORT_FLUSH_SECONDS)
    return build_report(log, engine.knowledge, datetime.now(timezone.utc), days, language)


async def stats_command(update: Update, context: Context) -> None:
    """Questions, answered and declined shares, top facts and topics, with a chart of questions per day."""
    message = update.effective_message
    if message is None:
        return
    language = user_language(update, context)
    engine, days = context.bot_data.engine, days_argument(context)
    report = await from_log(message, update, context, lambda log: _fresh_report(log, engine, days, language))
    if report is not None:
        await send(message, simple(language, report.text, style="pre"))
        await send_photo(message, report.chart, text(language, "chart_caption"))


async def from_log(message: Message, update: Update, context: Context, read: Callable[[QuestionLog], T]) -> T | None:
    """What `read` gets from the question log, off the event loop; None after telling the admin why there is none."""
    log = context.bot_data.question_log
    engine = context.bot_data.engine
    language = user_language(update, context)
    if log is None:
        await send(message, engine.say(language, "log_disabled"))
        return None
    try:
        return await asyncio.to_thread(read, log)
    except QuestionLogError as error:
        await send(message, engine.say(language, "log_unreadable", error=error))
        return None


async def private_only(update: Update, context: Context) -> None:
    """/stats, /unanswered and /why show other people's questions: in a group, an admin is told to ask in private."""
    message = update.effective_message
    if message is not None:
        await send(message, context.bot_data.engine.say(user_language(update, context), "private_only"))


async def why_command(update: Update, context: Context) -> None:
    """`/why QUESTION`: the matcher's top candidates, their scores and the rule that decided."""
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or [])
    engine = context.bot_data.engine
    reply = engine.explain(question) if question else engine.say(user_language(update, context), "why_usage")
    await send(message, reply)


async def forgetme_command(update: Update, context: Context) -> None:
    """Delete every logged question of the sender."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    log = context.bot_data.question_log
    engine = context.bot_data.engine
    language = user_language(update, context)
    if log is None or user is None:
        await send(message, engine.say(language, "forget_nothing"))
        return
    try:
        count = await asyncio.to_thread(log.forget_user, user.id)
    except QuestionLogError as error:
        logger.warning("forgetme failed: %s", error)
        await send(message, engine.say(language, "forget_failed"))
        return
    await send(message, engine.say(language, "forgot_one" if count == 1 else "forgot", count=count))


async def purge_daily(log: QuestionLog, days: int) -> None:
    """Apply the retention period now and then once a day, for as long as the bot runs."""
    while True:
        try:
            removed = await asyncio.to_thread(log.purge_older_than, days)
            logger.info("retention: removed %d question(s) older than %d days", removed, days)
        except QuestionLogError as error:
            logger.warning("retention purge failed: %s", error)
        await asyncio.sleep(DAY_SECONDS)


def start_retention(application: BotApplication) -> None:
    """Run the daily purge beside the bot; cancelled when the application stops."""
    data = application.bot_data
    if data.question_log is not None:
        task = purge_daily(data.question_log, data.settings.engine.log_retention_days)
        data.retention = asyncio.get_running_loop().create_task(task)


async def stop_retention(application: BotApplication) -> None:
    """Stop the purge and write what the question log still has queued."""
    data = application.bot_data
    if data.retention is not None:
        data.retention.cancel()
        data.retention = None
    if data.question_log is not None:
        await asyncio.to_thread(data.question_log.close)
