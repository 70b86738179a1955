"""Commands everyone can use: /start, /help, /about, /facts, /topics, /sources, /lang."""

from __future__ import annotations

from telegram import Message, Update

from bot.engine.messages import LANGUAGES
from bot.engine.reply import Reply
from bot.telegram.context import Context, is_admin, user_language
from bot.telegram.send import send


async def _reply(update: Update, reply: Reply) -> Message | None:
    message = update.effective_message
    return None if message is None else await send(message, reply)


async def start(update: Update, context: Context) -> None:
    """Welcome: what the bot knows, and three example questions as buttons."""
    await _reply(update, context.bot_data.engine.welcome(user_language(update, context)))


async def help_command(update: Update, context: Context) -> None:
    """The commands and how to ask (and the admin commands, for admins)."""
    language = user_language(update, context)
    await _reply(update, context.bot_data.engine.help(language, context.bot.username, is_admin(update, context)))


async def about(update: Update, context: Context) -> None:
    """What the bot is and how it answers."""
    await _reply(update, context.bot_data.engine.about(user_language(update, context)))


async def facts_command(update: Update, context: Context) -> None:
    """`/facts` lists topics as buttons; `/facts TOPIC` shows that topic's facts (fuzzy names, paginated)."""
    query = " ".join(context.args or [])
    await _reply(update, context.bot_data.engine.browse(query, user_language(update, context)))


async def topics_command(update: Update, context: Context) -> None:
    """The topic list with counts."""
    await _reply(update, context.bot_data.engine.topics(user_language(update, context)))


async def sources_command(update: Update, context: Context) -> None:
    """The articles the facts come from, with their dates."""
    await _reply(update, context.bot_data.engine.sources(user_language(update, context)))


async def lang_command(update: Update, context: Context) -> None:
    """`/lang` offers the languages; `/lang zh` or `/lang en` chooses directly."""
    wanted = (context.args or [""])[0].lower()[:2]
    engine = context.bot_data.engine
    if wanted in LANGUAGES and context.user_data is not None:
        context.user_data.language = wanted
        await _reply(update, engine.say(wanted, "lang_set"))
        return
    await _reply(update, engine.languages(user_language(update, context)))
