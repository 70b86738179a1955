"""Helpers every handler needs: the knowledge being served, the person's language, sending a view."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.engine.knowledge import Knowledge, KnowledgeStore
from bot.engine.messages import LANGUAGES
from bot.telegram.views import View


def knowledge(context: ContextTypes.DEFAULT_TYPE) -> Knowledge:
    """The knowledge being served right now (a reload swaps it between two updates, never during one)."""
    store: KnowledgeStore = context.bot_data["store"]
    return store.current


def user_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The language for commands: the person's /lang choice, else their Telegram language, else English."""
    chosen = context.user_data.get("lang") if context.user_data is not None else None
    if chosen in LANGUAGES:
        return chosen
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    return "zh" if code.lower().startswith("zh") else "en"


async def send(message: Message, view: View) -> Message:
    return await message.reply_html(view.html, reply_markup=view.keyboard, do_quote=False)
