"""Admin handlers: reload the facts, install an uploaded fact file, refuse everyone else politely.

Log lines name people by their tag (context.BotData.user_tag) and commands by name, never the text sent.
"""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import Update

from bot.engine.knowledge import MAX_FILE_NAME, fact_file_name
from bot.engine.messages import text
from bot.engine.model import FactBaseError
from bot.telegram.context import Context, user_language
from bot.telegram.download import DownloadError, download
from bot.telegram.send import send

logger = logging.getLogger(__name__)
UPLOAD_LIMIT_KB = 1024


async def reload_command(update: Update, context: Context) -> None:
    """Re-read and validate the facts off the event loop, then swap; on any error the old facts keep serving."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    language = user_language(update, context)
    engine = context.bot_data.engine
    who = context.bot_data.user_tag(user.id)
    started = time.perf_counter()
    try:
        result = await asyncio.to_thread(engine.reload)
    except FactBaseError as error:
        logger.warning("reload by %s rejected: %d problem(s)", who, len(error.problems))
        heading = text(language, "reload_failed", count=len(error.problems))
        await send(message, engine.problems(error.problems, heading, language))
        return
    changes = result.changes
    logger.info(
        "reload by %s: %d added, %d removed, %d changed",
        who,
        *(len(ids) for ids in (changes.added, changes.removed, changes.changed)),
    )
    await send(message, engine.reload_summary(result, language, time.perf_counter() - started))


async def upload_document(update: Update, context: Context) -> None:
    """An admin sends a .yaml file: validate it with the other files; only a valid one is written and loaded."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.document is None:
        return
    language = user_language(update, context)
    engine = context.bot_data.engine
    who = context.bot_data.user_tag(user.id)
    name = fact_file_name(message.document.file_name or "")
    if name is None:
        await send(message, engine.say(language, "upload_name", limit=MAX_FILE_NAME))
        return
    started = time.perf_counter()
    try:
        content = await download(message.document, UPLOAD_LIMIT_KB * 1024)
    except DownloadError as error:
        logger.warning("upload of %s by %s not downloaded: %s", name, who, error)
        await send(message, engine.say(language, "upload_failed"))
        return
    if content is None:
        await send(message, engine.say(language, "upload_kind", limit=UPLOAD_LIMIT_KB))
        return
    try:
        result = await asyncio.to_thread(engine.install, name, content)
    except FactBaseError as error:
        logger.warning("upload of %s by %s rejected: %d problem(s)", name, who, len(error.problems))
        heading = text(language, "upload_rejected", name=name, count=len(error.problems))
        await send(message, engine.problems(error.problems, heading, language))
        return
    logger.info("upload of %s by %s installed", name, who)
    heading = text(language, "installed", name=name)
    await send(message, engine.reload_summary(result, language, time.perf_counter() - started, heading))


async def refuse(update: Update, context: Context) -> None:
    """Anyone who is not an admin gets a polite refusal; the attempt is logged (the command, and who by tag)."""
    user = update.effective_user
    message = update.effective_message
    words = (message.text or "").split() if message else []
    what = words[0].split("@")[0][:32] if words and words[0].startswith("/") else "a document"
    who = context.bot_data.user_tag(user.id) if user else "unknown"
    logger.warning("refused admin action %s from user %s", what, who)
    if message is not None:
        await send(message, context.bot_data.engine.say(user_language(update, context), "admin_only"))
