"""Admin handlers: reload the facts, install an uploaded fact file, refuse everyone else politely."""

from __future__ import annotations

import asyncio
import html
import logging
import time
import traceback

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.engine.knowledge import Reloaded
from bot.engine.messages import text
from bot.engine.model import FactBaseError
from bot.telegram.context import send, user_language
from bot.telegram.views import View, problems_html

logger = logging.getLogger(__name__)
UPLOAD_LIMIT_KB = 1024


def _summary(language: str, result: Reloaded, seconds: float) -> str:
    changes = result.changes
    none = text(language, "none")
    lines = [text(language, "reloaded", facts=len(result.knowledge.base.facts), ms=round(seconds * 1000))]
    if changes:
        lines.append(
            text(
                language,
                "changes",
                added=", ".join(changes.added) or none,
                removed=", ".join(changes.removed) or none,
                changed=", ".join(changes.changed) or none,
            )
        )
    else:
        lines.append(text(language, "no_changes"))
    return html.escape("\n".join(lines))


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Re-read and validate the facts off the event loop, then swap; on any error the old facts keep serving."""
    language = user_language(update, context)
    started = time.perf_counter()
    try:
        result = await asyncio.to_thread(context.bot_data["store"].reload)
    except FactBaseError as error:
        logger.warning("reload by %s rejected: %d problem(s)", update.effective_user.id, len(error.problems))
        heading = text(language, "reload_failed", count=len(error.problems))
        await send(update.effective_message, View(problems_html(language, error.problems, heading)))
        return
    seconds = time.perf_counter() - started
    logger.info("reload by %s: %s", update.effective_user.id, result.changes)
    await send(update.effective_message, View(_summary(language, result, seconds)))


async def upload_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin sends a .yaml file: validate it with the other files; only a valid one is written and loaded."""
    language = user_language(update, context)
    message = update.effective_message
    document = message.document
    name = document.file_name or "upload.yaml"
    if not name.endswith((".yaml", ".yml")) or (document.file_size or 0) > UPLOAD_LIMIT_KB * 1024:
        await send(message, View(html.escape(text(language, "upload_kind", limit=UPLOAD_LIMIT_KB))))
        return
    started = time.perf_counter()
    file = await document.get_file()
    content = bytes(await file.download_as_bytearray())
    try:
        result = await asyncio.to_thread(context.bot_data["store"].install, name, content)
    except FactBaseError as error:
        logger.warning(
            "upload of %s by %s rejected: %d problem(s)", name, update.effective_user.id, len(error.problems)
        )
        heading = text(language, "upload_rejected", name=name, count=len(error.problems))
        await send(message, View(problems_html(language, error.problems, heading)))
        return
    logger.info("upload of %s by %s installed: %s", name, update.effective_user.id, result.changes)
    seconds = time.perf_counter() - started
    heading = html.escape(text(language, "installed", name=name))
    await send(message, View(f"{heading}\n{_summary(language, result, seconds)}"))


async def refuse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anyone who is not an admin gets a polite refusal, and the attempt is logged with their user id."""
    user = update.effective_user
    message = update.effective_message
    what = (message.text or (message.document and message.document.file_name) or "?") if message else "?"
    logger.warning("refused admin action %r from user %s", what[:80], user.id if user else "unknown")
    if message is not None:
        await send(message, View(html.escape(text(user_language(update, context), "admin_only"))))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log an unhandled error with its update, tell the admins briefly, and keep running."""
    error = context.error
    described = update.to_dict() if isinstance(update, Update) else str(update)
    logger.error("error while handling update %s", described, exc_info=error)
    if error is None:
        return
    trace = "".join(traceback.format_exception_only(type(error), error)).strip()
    notice = html.escape(text("en", "error_notice", error=trace[:500]))
    for admin_id in context.bot_data["settings"].admin_ids:
        try:
            await context.bot.send_message(admin_id, notice, parse_mode=ParseMode.HTML)  # notice is escaped HTML
        except TelegramError as failure:  # an admin who never started the bot cannot be messaged
            logger.warning("could not notify admin %s: %s", admin_id, failure)
