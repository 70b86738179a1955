"""Ask a person: a declined question can go to the editors' chat, and an editor's reply goes back to the asker.

Opt-in with EDITOR_CHAT_ID. Under a decline in a private chat the asker gets "🙋 Ask the editors" (RELAYS_PER_DAY
times a day at most). The question is posted in the editors' chat with nothing that identifies the asker; an
editor's reply to that post is delivered to the asker, marked as a person's answer. The editor then gets buttons to
add the question to a fact or to keep the exchange as a draft fact; those change the facts, so they are for admins.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone

from telegram import CallbackQuery, InlineKeyboardButton, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import filters

from bot.curation.layout import clip
from bot.curation.summary import closest_facts
from bot.curation.unanswered import question_key
from bot.curation.yamledit import EditRefused
from bot.engine.answers import Answer
from bot.engine.messages import text
from bot.engine.reply import Reply, line, paragraph, simple
from bot.telegram.context import Context, user_language
from bot.telegram.inbox import add_to_fact, admin_press, admin_tag, drop_buttons, press_of
from bot.telegram.pending import Answered, Ask, Missed, callback
from bot.telegram.send import send, send_to

logger = logging.getLogger(__name__)
ANSWER_LIMIT = 3000  # an editor's answer, so that it fits one message with its heading and note
QUESTION_SHOWN = 1000  # characters of the question shown to the editors


class RepliesToBot(filters.MessageFilter):
    """Messages that reply to one of the bot's own messages: in the editors' chat, the answers to relayed questions."""

    def __init__(self, bot_id: int) -> None:
        super().__init__(name="RepliesToBot")
        self.bot_id = bot_id

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return replied is not None and replied.from_user is not None and replied.from_user.id == self.bot_id


def offer(update: Update, context: Context, answer: Answer) -> list[list[InlineKeyboardButton]]:
    """The "Ask the editors" button for a declined question in a private chat, when there are editors."""
    chat, user = update.effective_chat, update.effective_user
    if (
        context.bot_data.telegram.editor_chat_id is None
        or answer.decision != "declined"
        or answer.match is None
        or chat is None
        or chat.type != ChatType.PRIVATE
        or user is None
    ):
        return []
    token = context.bot_data.curation.asks.add(Ask(user.id, chat.id, answer.question, answer.language))
    label = text(answer.language, "ask_editors_button")
    return [[InlineKeyboardButton(label, callback_data=callback("e", "q", token))]]


async def on_button(update: Update, context: Context) -> None:
    """A press on a relay button (e:...): the asker's "Ask the editors", or an editor's "Add to" and "draft"."""
    pressed = await press_of(update, "e")
    if pressed is None:
        return
    query, press = pressed
    if press.action == "q":
        await _ask(query, update, context, press.token)
        return
    if not await admin_press(query, update, context):
        return
    answered = context.bot_data.curation.answers.get(press.token)
    if answered is None:
        await query.answer(text(user_language(update, context), "button_expired"), show_alert=True)
    elif press.action == "a" and press.choice is not None and press.choice < len(answered.facts):
        missed = Missed(answered.question, answered.facts, (question_key(answered.question),))
        if await add_to_fact(query, update, context, missed, answered.facts[press.choice]):
            context.bot_data.curation.answers.pop(press.token)
    elif press.action == "d" and await _draft(query, update, context, answered):
        context.bot_data.curation.answers.pop(press.token)
    else:
        await query.answer()


async def _ask(query: CallbackQuery, update: Update, context: Context, token: str) -> None:
    """Post the question in the editors' chat, if the presser is its asker and has not asked too often today."""
    state = context.bot_data.curation
    ask = state.asks.get(token)
    language = user_language(update, context)
    if ask is None or ask.user_id != query.from_user.id:  # expired, or someone else's (forged) button
        await query.answer(text(language, "button_expired"), show_alert=True)
        return
    if not state.quota.take(ask.user_id, datetime.now(timezone.utc).date()):
        await query.answer(text(ask.language, "relay_quota", limit=state.quota.per_day), show_alert=True)
        return
    editors = context.bot_data.telegram.editor_chat_id
    assert editors is not None  # the button is only offered when there are editors
    asked_in = text(ask.language, f"language_{ask.language}")
    post = simple(
        ask.language, text(ask.language, "relay_question", asked_in=asked_in, question=ask.question[:QUESTION_SHOWN])
    )
    try:
        posted = await send_to(context.bot, editors, post)
    except TelegramError as error:
        state.quota.give_back(ask.user_id)
        logger.warning("could not post a question in the editors' chat: %s", error)
        await query.answer(text(ask.language, "relay_failed"), show_alert=True)
        return
    state.asks.pop(token)
    state.relayed.put(str(posted.message_id), ask)
    await query.answer()
    assert isinstance(query.message, Message)
    await send(query.message, simple(ask.language, text(ask.language, "relay_sent")))


async def on_editor_reply(update: Update, context: Context) -> None:
    """An editor replied in the editors' chat to one of the bot's messages: deliver it if it answers a question."""
    message = update.effective_message
    if message is None or message.reply_to_message is None:
        return
    state = context.bot_data.curation
    engine = context.bot_data.engine
    language = user_language(update, context)
    ask = state.relayed.get(str(message.reply_to_message.message_id))
    answer = (message.text or "").strip()
    if ask is None:
        await send(message, engine.say(language, "relay_unknown"))
        return
    if not answer or len(answer) > ANSWER_LIMIT:
        await send(message, engine.say(language, "relay_length", limit=ANSWER_LIMIT))
        return
    delivered = Reply(
        ask.language,
        (
            paragraph(text(ask.language, "relay_answer", question=clip(ask.question)), style="bold"),
            paragraph(answer),
            (line(text(ask.language, "relay_note"), "italic"),),
        ),
    )
    try:
        await send_to(context.bot, ask.chat_id, delivered)
    except TelegramError as error:
        logger.warning("could not deliver an editors' answer: %s", error)
        await send(message, engine.say(language, "relay_undelivered"))
        return
    facts = closest_facts(engine.knowledge, ask.question)
    token = state.answers.add(Answered(ask.question, answer, facts, ask.language))
    rows = [
        [InlineKeyboardButton(text(language, "add_button", fact=fact), callback_data=callback("e", "a", token, i))]
        for i, fact in enumerate(facts)
    ]
    rows.append([InlineKeyboardButton(text(language, "draft_button"), callback_data=callback("e", "d", token))])
    await send(message, engine.say(language, "relay_delivered"), rows)


async def _draft(query: CallbackQuery, update: Update, context: Context, answered: Answered) -> bool:
    """Keep the exchange as a draft fact in drafts/ (not loaded) for a curator to finish; True when saved."""
    language = user_language(update, context)
    editor = context.bot_data.curation.editor
    admin = admin_tag(context, query.from_user.id)
    now = datetime.now(timezone.utc)
    assert isinstance(query.message, Message)
    try:
        draft = await asyncio.to_thread(editor.save_draft, answered.question, answered.answer, admin, now)
    except EditRefused as refused:
        await query.answer()
        await send(query.message, context.bot_data.engine.say(language, refused.key, **refused.values))
        return False
    await query.answer()
    await drop_buttons(query)
    lines = [text(language, "draft_saved", fact=draft.id, file=f"{draft.path.parent.name}/{draft.path.name}")]
    if draft.commit:
        lines.append(text(language, "edit_committed", commit=draft.commit))
    await send(query.message, simple(language, *lines))
    return True
