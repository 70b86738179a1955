"""The error handler: log an unhandled error without user data, tell the admins briefly and rarely, keep running.

errorhandlerbot.py's model, hardened against a person who can make errors happen at will (a forged button pressed
in a loop). The log line names the update by its kind, chat type and the user's tag (never the text, a name or a
raw id; the whole update and traceback only at DEBUG). The admins' notice says what failed and where in the bot's
code, as a module and line (never a server path), with the error's message only when Telegram wrote it (never
text a user could have put there). Each distinct error is notified at most once per NOTICE_INTERVAL, and no more
than NOTICE_BURST notices leave in that time whatever the errors.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections import deque
from collections.abc import Callable
from types import TracebackType

from telegram import Update
from telegram.error import TelegramError

from bot.engine.facade import Engine
from bot.logs import REDACTED
from bot.telegram.context import Context
from bot.telegram.send import send_to

logger = logging.getLogger(__name__)
NOTICE_CHARS = 300
NOTICE_INTERVAL = 600.0  # seconds: one notice per distinct error in this time
NOTICE_BURST = 5  # notices in NOTICE_INTERVAL, all errors together


class Notices:
    """Decides which errors the admins hear about: each distinct one once per interval, a few in all."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._last: dict[str, float] = {}  # error -> when it was last notified
        self._sent: deque[float] = deque()

    def due(self, error: str) -> bool:
        """Whether to notify this error now (and if so, it counts as notified)."""
        now = self.clock()
        while self._sent and now - self._sent[0] >= NOTICE_INTERVAL:
            self._sent.popleft()
        self._last = {key: at for key, at in self._last.items() if now - at < NOTICE_INTERVAL}
        if error in self._last or len(self._sent) >= NOTICE_BURST:
            return False
        self._last[error] = now
        self._sent.append(now)
        return True


async def on_error(update: object, context: Context) -> None:
    """Log the error with a description of its update and, now and then, send each admin a short notice."""
    error = context.error
    if error is None:
        return
    data = context.bot_data
    described = describe(error, data.telegram.secrets)
    logger.error("error while handling update %s: %s (%s)", summary(update, context), described, _stack(error))
    logger.debug("the update: %s", update.to_dict() if isinstance(update, Update) else update, exc_info=error)
    if not data.notices.due(described):
        return
    notice = Engine.say("en", "error_notice", error=described)
    for admin_id in data.telegram.admin_ids:
        try:
            await send_to(context.bot, admin_id, notice)
        except TelegramError as failure:  # an admin who never started the bot cannot be messaged
            logger.warning("could not notify admin %s: %s", data.user_tag(admin_id), type(failure).__name__)


def describe(error: BaseException, secrets: tuple[str, ...] = ()) -> str:
    """What failed, safe to show an admin: Telegram's own error with its message; anything else by its class and
    the line of the bot's code it came from, without its message (which may quote what a user sent)."""
    if isinstance(error, TelegramError):
        text = "".join(traceback.format_exception_only(type(error), error)).strip()
        for secret in filter(None, secrets):
            text = text.replace(secret, REDACTED)
    else:
        where = _frames(error.__traceback__)
        text = f"{type(error).__name__} at {where[-1]}" if where else type(error).__name__
    return text if len(text) <= NOTICE_CHARS else text[: NOTICE_CHARS - 1] + "\u2026"


def summary(update: object, context: Context) -> str:
    """An update as a log line may name it: its id and kind, the chat's type and the user's tag."""
    if not isinstance(update, Update):
        return "(none)" if update is None else f"({type(update).__name__})"
    kind = next((name for name in ("message", "callback_query", "inline_query") if getattr(update, name)), "other")
    chat = update.effective_chat
    user = update.effective_user
    where = f" in a {chat.type} chat" if chat else ""
    who = f" from user {context.bot_data.user_tag(user.id)}" if user else ""
    return f"{update.update_id} ({kind}{where}{who})"


def _frames(trace: TracebackType | None) -> list[str]:
    """Where an error passed, innermost last, as `module:line in function`: module names, never file paths."""
    frames = []
    while trace is not None:
        code = trace.tb_frame.f_code
        module = trace.tb_frame.f_globals.get("__name__", "?")
        frames.append(f"{module}:{trace.tb_lineno} in {code.co_name}")
        trace = trace.tb_next
    own = [frame for frame in frames if frame.startswith("bot.")]
    return own or frames


def _stack(error: BaseException) -> str:
    return " < ".join(reversed(_frames(error.__traceback__))) or "no traceback"
