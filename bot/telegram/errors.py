"""The error handler: log an unhandled error, tell the admins briefly, keep running (errorhandlerbot.py's model)."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.engine.facade import Engine
from bot.telegram.context import Context
from bot.telegram.render import to_html

logger = logging.getLogger(__name__)
NOTICE_CHARS = 500


async def on_error(update: object, context: Context) -> None:
    """Log the error with its update and send each admin a short notice."""
    error = context.error
    described = update.to_dict() if isinstance(update, Update) else str(update)
    logger.error("error while handling update %s", described, exc_info=error)
    if error is None:
        return
    trace = "".join(traceback.format_exception_only(type(error), error)).strip()
    notice = to_html(Engine.say("en", "error_notice", error=trace[:NOTICE_CHARS]))
    for admin_id in context.bot_data.telegram.admin_ids:
        try:
            await context.bot.send_message(admin_id, notice, parse_mode=ParseMode.HTML)
        except TelegramError as failure:  # an admin who never started the bot cannot be messaged
            logger.warning("could not notify admin %s: %s", admin_id, failure)
