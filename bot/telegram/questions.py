"""Questions: a text message answered with its source and buttons, and inline mode (`@bot dairy`)."""

from __future__ import annotations

import re

from telegram import InlineQueryResultArticle, InputTextMessageContent, Message, Update
from telegram.constants import ChatType, ParseMode

from bot.engine.answers import Answer
from bot.telegram import curator, feedback, relay
from bot.telegram.context import Context, user_language
from bot.telegram.send import one_message_html, send

INLINE_TITLE = 100
INLINE_DESCRIPTION = 200


def addressed_question(message: Message, bot_id: int, username: str) -> str | None:
    """The question in a message, or None when a group message is not meant for the bot.

    In private chats every text is a question. In groups the bot answers only when mentioned or replied to, so that
    it stays out of other people's conversations.
    """
    question = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return question
    mention = re.compile(rf"@{re.escape(username)}\b", re.IGNORECASE)
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return mention.sub(" ", question).strip()
    if mention.search(question):
        return mention.sub(" ", question).strip()
    return None


async def on_text(update: Update, context: Context) -> None:
    """Answer a question with its source, suggestions or follow-ups as buttons."""
    message = update.effective_message
    if message is None:
        return
    question = addressed_question(message, context.bot.id, context.bot.username)
    if question is None:
        return
    verdict = context.bot_data.flood.check(message.chat_id)
    if verdict != "answer":  # too many questions from this chat in the last minute
        if verdict == "warn":
            await send(message, context.bot_data.engine.say(user_language(update, context), "slow_down"))
        return
    answer = context.bot_data.engine.ask(question, chat=message.chat_id)
    token = curator.record(update, context, answer)
    await send(message, answer.reply, under_answer(update, context, answer, token))


def under_answer(update: Update, context: Context, answer: Answer, token: str | None) -> feedback.Rows:
    """👍/👎 under a fact; "Topics" and "Ask the editors" under a decline (a suggestion has its own choices)."""
    if answer.fact is not None:
        return feedback.vote_rows(token)
    if answer.decision != "declined":
        return []
    return feedback.topics_rows(answer.language) + relay.offer(update, context, answer)


async def on_inline_query(update: Update, context: Context) -> None:
    """`@bot dairy` in any chat: the facts of a topic, or the facts that best match a question."""
    inline = update.inline_query
    if inline is None:
        return
    results = [
        InlineQueryResultArticle(
            id=result.id,
            title=result.title[:INLINE_TITLE],
            description=result.description[:INLINE_DESCRIPTION],
            input_message_content=InputTextMessageContent(one_message_html(result.reply), parse_mode=ParseMode.HTML),
        )
        for result in context.bot_data.engine.inline(inline.query, user_language(update, context))
    ]
    await inline.answer(results, cache_time=30, is_personal=False)
