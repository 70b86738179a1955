"""Handlers for what everyone can do: ask, browse, press buttons, use inline mode, choose a language."""

from __future__ import annotations

import logging
import re

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.engine.answers import HTML, answer, fact_label, render_fact, render_sources
from bot.engine.decision import RELATED_FLOOR
from bot.engine.messages import LANGUAGES, text
from bot.engine.normalise import has_cjk
from bot.telegram import curator
from bot.telegram.context import knowledge, send, user_language
from bot.telegram.views import View, answer_view, fact_view, topic_page_view, topics_view

logger = logging.getLogger(__name__)
INLINE_RESULTS = 10


# --- questions ------------------------------------------------------------------------------------------------------


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


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question with its source, suggestions or follow-ups as buttons."""
    message = update.effective_message
    if message is None:
        return
    question = addressed_question(message, context.bot.id, context.bot.username)
    if question is None:
        return
    current = knowledge(context)
    reply = answer(current, question)
    token = curator.record(update, context, reply)
    await send(message, answer_view(reply, current.base, token))


# --- commands -------------------------------------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome: what the bot knows, and three example questions as buttons."""
    language = user_language(update, context)
    base = knowledge(context).base
    html = HTML.escape(text(language, "start", facts=len(base.facts), sources=len(base.sources)))
    examples = [base.facts[i] for i in range(0, len(base.facts), max(1, len(base.facts) // 3))][:3]
    rows = [[InlineKeyboardButton(fact_label(fact, language)[:60], callback_data=f"f:{fact.id}")] for fact in examples]
    await send(update.effective_message, View(html, InlineKeyboardMarkup(rows) if rows else None))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The commands and how to ask."""
    language = user_language(update, context)
    html = HTML.escape(text(language, "help", username=context.bot.username))
    user = update.effective_user
    if user is not None and user.id in context.bot_data["settings"].admin_ids:
        html += "\n\n" + HTML.escape(text(language, "help_admin"))
    await send(update.effective_message, View(html))


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What the bot is and how it answers."""
    language = user_language(update, context)
    base = knowledge(context).base
    await send(
        update.effective_message,
        View(HTML.escape(text(language, "about", facts=len(base.facts), sources=len(base.sources)))),
    )


async def facts_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/facts` lists topics as buttons; `/facts TOPIC` shows that topic's facts (fuzzy names, paginated)."""
    language = user_language(update, context)
    current = knowledge(context)
    query = " ".join(context.args or [])
    if not query:
        await send(update.effective_message, topics_view(current.base, language))
        return
    topic_id = current.matcher.find_topic(query)
    if topic_id is None:
        view = topics_view(current.base, language)
        notice = HTML.escape(text(language, "unknown_topic", query=query))
        await send(update.effective_message, View(f"{notice}\n\n{view.html}", view.keyboard))
        return
    await send(update.effective_message, topic_page_view(current.base, current.base.topics[topic_id], language, 0))


async def topics_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The topic list with counts."""
    await send(update.effective_message, topics_view(knowledge(context).base, user_language(update, context)))


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The articles the facts come from, with their dates."""
    language = user_language(update, context)
    await send(update.effective_message, View(render_sources(knowledge(context).base, language, HTML)))


async def lang_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/lang` offers the languages; `/lang zh` or `/lang en` chooses directly."""
    wanted = (context.args or [""])[0].lower()[:2]
    if wanted in LANGUAGES:
        context.user_data["lang"] = wanted
        await send(update.effective_message, View(HTML.escape(text(wanted, "lang_set"))))
        return
    language = user_language(update, context)
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("English", callback_data="l:en"), InlineKeyboardButton("中文", callback_data="l:zh")]]
    )
    await send(update.effective_message, View(HTML.escape(text(language, "lang_choose")), keyboard))


# --- buttons --------------------------------------------------------------------------------------------------------


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Fact, page and language buttons. Every press is acknowledged, even a stale one."""
    query = update.callback_query
    if query is None:
        return
    kind, _, rest = (query.data or "").partition(":")
    current = knowledge(context)
    base = current.base
    language = user_language(update, context)
    if kind == "f" and rest in base.fact_by_id:
        await query.answer()
        fact = base.fact_by_id[rest]
        related = tuple(base.fact_by_id[f] for f in current.matcher.related(fact.id))
        if query.message is not None:
            await send(query.message, fact_view(fact, base, language, related))
    elif kind == "p":
        topic_id, _, page = rest.rpartition(":")
        if topic_id not in base.topics or not page.isdigit():
            await query.answer(text(language, "unknown_topic", query=topic_id))
            return
        await query.answer()
        view = topic_page_view(base, base.topics[topic_id], language, int(page))
        await edit(query.message, view)
    elif kind == "l" and rest in LANGUAGES:
        context.user_data["lang"] = rest
        await query.answer(text(rest, "lang_set"))
    elif kind == "v":
        await on_feedback(update, context, rest)
    else:  # a button from before a reload that removed its fact
        await query.answer(text(language, "decline"), show_alert=False)


async def edit(message: object, view: View) -> None:
    """Edit a message in place; pressing the button of the page already shown is not an error."""
    if not isinstance(message, Message):
        return
    try:
        await message.edit_text(view.html, parse_mode=ParseMode.HTML, reply_markup=view.keyboard)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def on_feedback(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    """👍 / 👎 on an answer: stored for curators when a question log is configured."""
    query = update.callback_query
    token, _, vote = data.rpartition(":")
    log = context.bot_data.get("question_log")
    stored = log is not None and vote in ("up", "down") and log.set_feedback(token, vote, query.from_user.id)
    language = user_language(update, context)
    await query.answer("\U0001f64f" if stored else text(language, "decline"))


# --- inline mode ----------------------------------------------------------------------------------------------------


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`@bot dairy` in any chat: the facts of a topic, or the facts that best match a question."""
    inline = update.inline_query
    if inline is None:
        return
    current = knowledge(context)
    base = current.base
    query = inline.query.strip()
    language = "zh" if has_cjk(query) else user_language(update, context)  # a Latin query keeps their language
    if not query:
        facts = list(base.facts[:INLINE_RESULTS])
    else:
        topic_id = current.matcher.find_topic(query) if len(query.split()) <= 2 else None
        if topic_id is not None:
            facts = list(base.facts_of_topic(topic_id))
        else:
            match = current.matcher.match(query)
            ids = [match.fact_id] if match.fact_id else []
            ids += [c.fact_id for c in match.candidates if c.score >= RELATED_FLOOR and c.fact_id not in ids]
            facts = [base.fact_by_id[i] for i in ids]
    results = [
        InlineQueryResultArticle(
            id=fact.id,
            title=fact_label(fact, language)[:100],
            description=(fact.text_zh if language == "zh" and fact.text_zh else fact.text)[:200],
            input_message_content=InputTextMessageContent(
                render_fact(fact, base, language, HTML), parse_mode=ParseMode.HTML
            ),
        )
        for fact in facts[:INLINE_RESULTS]
    ]
    await inline.answer(results, cache_time=30, is_personal=False)
