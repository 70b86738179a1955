"""Admin handlers: reload the facts, install an uploaded fact file, refuse everyone else politely."""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import Update

from bot.engine.messages import text
from bot.engine.model import FactBaseError
from bot.telegram.context import Context, user_language
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
    started = time.perf_counter()
    try:
        result = await asyncio.to_thread(engine.reload)
    except FactBaseError as error:
        logger.warning("reload by %s rejected: %d problem(s)", user.id, len(error.problems))
        heading = text(language, "reload_failed", count=len(error.problems))
        await send(message, engine.problems(error.problems, heading, language))
        return
    logger.info("reload by %s: %s", user.id, result.changes)
    await send(message, engine.reload_summary(result, language, time.perf_counter() - started))


async def upload_document(update: Update, context: Context) -> None:
    """An admin sends a .yaml file: validate it with the other files; only a valid one is written and loaded."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.document is None:
        return
    language = user_language(update, context)
    engine = context.bot_data.engine
    document = message.document
    name = document.file_name or "upload.yaml"
    if not name.endswith((".yaml", ".yml")) or (document.file_size or 0) > UPLOAD_LIMIT_KB * 1024:
        await send(message, engine.say(language, "upload_kind", limit=UPLOAD_LIMIT_KB))
        return
    started = time.perf_counter()
    file = await document.get_file()
    content = bytes(await file.download_as_bytearray())
    try:
        result = await asyncio.to_thread(engine.install, name, content)
    except FactBaseError as error:
        logger.warning("upload of %s by %s rejected: %d problem(s)", name, user.id, len(error.problems))
        heading = text(language, "upload_rejected", name=name, count=len(error.problems))
        await send(message, engine.problems(error.problems, heading, language))
        return
    logger.info("upload of %s by %s installed: %s", name, user.id, result.changes)
    heading = text(language, "installed", name=name)
    await send(message, engine.reload_summary(result, language, time.perf_counter() - started, heading))


async def refuse(update: Update, context: Context) -> None:
    """Anyone who is not an admin gets a polite refusal, and the attempt is logged with their user id."""
    user = update.effective_user
    message = update.effective_message
    what = (message.text or (message.document.file_name if message.document else None) or "?") if message else "?"
    logger.warning("refused admin action %r from user %s", what[:80], user.id if user else "unknown")
    if message is not None:
        await send(message, context.bot_data.engine.say(user_language(update, context), "admin_only"))
