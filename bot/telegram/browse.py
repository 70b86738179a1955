"""Commands everyone can use: /start, /help, /about, /facts, /topics, /sources, /lang."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType

from bot.engine.messages import LANGUAGES, text
from bot.engine.reply import Reply, simple
from bot.telegram.context import Context, is_admin, user_language
from bot.telegram.send import send


async def _reply(update: Update, reply: Reply) -> Message | None:
    message = update.effective_message
    return None if message is None else await send(message, reply)


async def start(update: Update, context: Context) -> None:
    """Welcome: what the bot knows, and three example questions as buttons. The conversation starts afresh."""
    chat = update.effective_chat
    if chat is not None:
        context.bot_data.engine.forget(chat.id)
    await _reply(update, context.bot_data.engine.welcome(user_language(update, context)))


async def unknown_command(update: Update, context: Context) -> None:
    """A command this bot does not have: say so, with how to ask. In groups only when it is addressed to this bot
    (`/foo@thisbot`), since other bots' commands are not ours to answer."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    _, _, addressed = message.text.split(maxsplit=1)[0].partition("@")
    ours = addressed.lower() == context.bot.username.lower() if addressed else message.chat.type == ChatType.PRIVATE
    if not ours:
        return
    language = user_language(update, context)
    await _reply(update, simple(language, text(language, "unknown_command"), text(language, "smalltalk_help")))


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
