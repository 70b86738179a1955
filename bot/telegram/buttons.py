"""Button presses: open a fact, turn a topic's page, choose a language, rate an answer.

Every press is acknowledged, even a stale or forged one, so that the person's client stops its spinner.
"""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update

from bot.engine.messages import LANGUAGES, text
from bot.telegram.context import Context, user_language
from bot.telegram.render import Pressed, parse_callback
from bot.telegram.send import edit, send


async def on_button(update: Update, context: Context) -> None:
    """Route a press by the kind of button it names."""
    query = update.callback_query
    if query is None:
        return
    pressed = parse_callback(query.data or "")
    language = user_language(update, context)
    engine = context.bot_data.engine
    if pressed is None:
        await query.answer()
    elif pressed.kind == "fact":
        reply = engine.fact(pressed.key, language)
        await query.answer(None if reply else text(language, "decline"))  # a fact removed by a reload
        if reply is not None and isinstance(query.message, Message):
            await send(query.message, reply)
    elif pressed.kind == "page":
        page = engine.page(pressed.key, pressed.page, language)
        await query.answer(None if page else text(language, "unknown_topic", query=pressed.key))
        if page is not None:
            await edit(query.message, page)
    elif pressed.kind == "lang" and pressed.key in LANGUAGES and context.user_data is not None:
        context.user_data.language = pressed.key
        await query.answer(text(pressed.key, "lang_set"))
    elif pressed.kind == "vote":
        await on_feedback(query, context, pressed, language)
    else:
        await query.answer()


async def on_feedback(query: CallbackQuery, context: Context, pressed: Pressed, language: str) -> None:
    """👍 / 👎 on an answer: stored for curators when a question log is configured."""
    log = context.bot_data.question_log
    stored = log is not None and log.set_feedback(pressed.key, pressed.vote, query.from_user.id)
    await query.answer("\U0001f64f" if stored else text(language, "decline"))
