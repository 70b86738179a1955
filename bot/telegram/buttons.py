"""Button presses: open a fact, turn a topic's page, choose a language, rate an answer.

Every press is acknowledged, even a stale or forged one, so that the person's client stops its spinner.
"""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update

from bot.engine.messages import LANGUAGES, text
from bot.telegram import curator, feedback
from bot.telegram.context import Context, user_language
from bot.telegram.render import Pressed, parse_callback
from bot.telegram.send import edit, edit_markup, send


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
        await open_fact(query, update, context, pressed.key, language)
    elif pressed.kind == "page":
        page = engine.page(pressed.key, pressed.page, language)
        await query.answer(None if page else text(language, "unknown_topic", query=pressed.key))
        if page is not None:
            await edit(query.message, page)
    elif pressed.kind == "lang" and pressed.key in LANGUAGES and context.user_data is not None:
        context.user_data.language = pressed.key
        await query.answer(text(pressed.key, "lang_set"))
    elif pressed.kind == "topics":
        await query.answer()
        if isinstance(query.message, Message):
            await send(query.message, engine.topics(language))
    elif pressed.kind == "vote":
        await on_feedback(query, context, pressed, language)
    else:  # "none": a button that only shows something
        await query.answer()


async def open_fact(query: CallbackQuery, update: Update, context: Context, fact_id: str, language: str) -> None:
    """A fact from a suggestion or a topic page: the chat's new context, logged and rated like an answer."""
    message = query.message
    chat_id = message.chat.id if message is not None else None
    reply = context.bot_data.engine.fact(fact_id, language, chat_id)
    await query.answer(None if reply else text(language, "decline"))  # a fact removed by a reload
    if reply is None or not isinstance(message, Message):
        return
    token = curator.record_opened(
        update, context, fact_id, pressed_label(message, query.data or "") or fact_id, language
    )
    await send(message, reply, feedback.vote_rows(token))


def pressed_label(message: Message, data: str) -> str | None:
    """The text of the button that was pressed, from the message it is under."""
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup else ()
    return next((button.text for row in rows for button in row if button.callback_data == data), None)


async def on_feedback(query: CallbackQuery, context: Context, pressed: Pressed, language: str) -> None:
    """👍 / 👎 on an answer: stored for curators when a question log is configured."""
    log = context.bot_data.question_log
    stored = log is not None and log.set_feedback(pressed.key, pressed.vote, query.from_user.id)
    await query.answer("\U0001f64f" if stored else text(language, "decline"))
    if stored and isinstance(query.message, Message):
        markup = feedback.recorded(query.message.reply_markup, pressed.vote, language)
        await edit_markup(query.message, markup)
