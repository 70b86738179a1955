"""Curation in Telegram: log questions, take feedback, and give admins /stats, /unanswered, /why; /forgetme."""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import datetime, timezone

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.curation.questionlog import LoggedQuestion, QuestionLog, QuestionLogError
from bot.curation.summary import CurationReport, build_report
from bot.engine.answers import Answer
from bot.engine.explain import explain
from bot.engine.knowledge import Knowledge
from bot.telegram.context import knowledge, send
from bot.telegram.views import View

logger = logging.getLogger(__name__)
DAY_SECONDS = 24 * 60 * 60
MAX_DAYS = 3650
REPORT_FLUSH_SECONDS = 5.0  # how long a report waits for queued questions to be written


def record(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Answer) -> str | None:
    """Log a question for the curators; returns the token its feedback buttons carry (None without a log)."""
    log: QuestionLog | None = context.bot_data.get("question_log")
    user = update.effective_user
    if log is None or user is None or reply.match is None:
        return None
    chat = update.effective_chat
    return log.record(
        LoggedQuestion(
            question=reply.question,
            decision=reply.decision,
            user_id=user.id,
            chat_type=chat.type if chat else "inline",
            fact_id=reply.fact.id if reply.fact else None,
            score=reply.match.score,
            language=reply.language,
        )
    )


def _days(context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The optional DAYS argument, clamped to a sensible range; None for the default windows."""
    arguments = context.args or []
    if arguments and arguments[0].isdigit():
        return max(1, min(int(arguments[0]), MAX_DAYS))
    return None


def _fresh_report(log: QuestionLog, current: Knowledge, days: int | None) -> CurationReport:
    """The report including questions still queued for writing, such as one asked a moment ago."""
    log.flush(REPORT_FLUSH_SECONDS)
    return build_report(log, current, datetime.now(timezone.utc), days)


async def _report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> CurationReport | None:
    log: QuestionLog | None = context.bot_data.get("question_log")
    if log is None:
        await send(update.effective_message, View("The question log is not enabled."))
        return None
    try:
        return await asyncio.to_thread(_fresh_report, log, knowledge(context), _days(context))
    except QuestionLogError as error:
        await send(update.effective_message, View(html.escape(f"The question log cannot be read: {error}")))
        return None


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Questions, answered and declined shares, top facts and topics, with a chart of questions per day."""
    report = await _report(update, context)
    if report is None:
        return
    message = update.effective_message
    await send(message, View(f"<pre>{html.escape(report.text)}</pre>"))
    await message.reply_photo(report.chart, caption="Questions per day: answered (blue) and not answered (orange)")


async def unanswered_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The most frequent unanswered or disliked questions, grouped, each with the closest fact and its score."""
    report = await _report(update, context)
    if report is not None:
        await send(update.effective_message, View(f"<pre>{html.escape(report.unanswered)}</pre>"))


async def why_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/why QUESTION`: the matcher's top candidates, their scores and the rule that decided."""
    question = " ".join(context.args or [])
    if not question:
        await send(update.effective_message, View("Usage: /why QUESTION"))
        return
    match = knowledge(context).matcher.match(question)
    await send(update.effective_message, View(f"<pre>{html.escape(explain(match))[:3900]}</pre>"))


async def forgetme_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete every logged question of the sender."""
    log: QuestionLog | None = context.bot_data.get("question_log")
    user = update.effective_user
    if log is None or user is None:
        await send(update.effective_message, View("Nothing is stored about you."))
        return
    try:
        count = await asyncio.to_thread(log.forget_user, user.id)
    except QuestionLogError as error:
        logger.warning("forgetme failed: %s", error)
        await send(
            update.effective_message,
            View("Sorry, I could not delete your questions right now. Please try again later."),
        )
        return
    await send(update.effective_message, View(f"Deleted {count} logged question{'s' if count != 1 else ''} of yours."))


async def purge_daily(log: QuestionLog, days: int) -> None:
    """Apply the retention period now and then once a day, for as long as the bot runs."""
    while True:
        try:
            removed = await asyncio.to_thread(log.purge_older_than, days)
            logger.info("retention: removed %d question(s) older than %d days", removed, days)
        except QuestionLogError as error:
            logger.warning("retention purge failed: %s", error)
        await asyncio.sleep(DAY_SECONDS)


def start_retention(application: Application, log: QuestionLog, days: int) -> None:
    """Run the daily purge beside the bot; cancelled when the application stops."""
    task = asyncio.get_running_loop().create_task(purge_daily(log, days))
    application.bot_data["retention_task"] = task


async def stop_retention(application: Application) -> None:
    task = application.bot_data.pop("retention_task", None)
    if task is not None:
        task.cancel()
    log: QuestionLog | None = application.bot_data.get("question_log")
    if log is not None:
        await asyncio.to_thread(log.close)
