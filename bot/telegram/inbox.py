"""The curator's inbox: /unanswered lists the most missed questions, each with buttons that fix it in one tap.

"➕ Add to: <fact>" makes the question an example question of that fact, "🚫 Out of scope" a check that it is
declined, "Skip" takes it out of the queue. An edit is validated with the whole fact base (checks included) before
it is written and served, and its reply offers "↩️ Undo". Buttons name a server-side token (pending.py) and every
press is checked to come from an admin, because callback data can be forged.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime, timezone

from telegram import CallbackQuery, InlineKeyboardButton, Message, Update
from telegram.error import BadRequest

from bot.curation.edits import Applied, Editor
from bot.curation.logentry import QuestionLogError
from bot.curation.questionlog import QuestionLog
from bot.curation.summary import closest_fact, closest_facts
from bot.curation.unanswered import UnansweredGroup, format_group, unanswered
from bot.curation.yamledit import EditRefused
from bot.engine.facade import Engine
from bot.engine.messages import text
from bot.engine.model import FactBaseError
from bot.engine.reply import Reply, paragraph, simple
from bot.telegram.context import Context, is_admin, user_language
from bot.telegram.curator import REPORT_FLUSH_SECONDS, days_argument, from_log
from bot.telegram.pending import Missed, Press, Undoable, callback, parse
from bot.telegram.send import send

logger = logging.getLogger(__name__)
SHOWN_GROUPS = 5  # groups sent with buttons at once; the next ones come up as these leave the queue
QUEUE_DAYS = 30


async def unanswered_command(update: Update, context: Context) -> None:
    """The most frequent unanswered or disliked questions, grouped, each with buttons to deal with it."""
    message = update.effective_message
    if message is None:
        return
    language = user_language(update, context)
    engine, days = context.bot_data.engine, days_argument(context) or QUEUE_DAYS
    groups = await from_log(message, update, context, lambda log: _queue(log, engine, days))
    if groups is None:
        return
    if not groups:
        await send(message, engine.say(language, "queue_empty"))
        return
    total, shown = sum(group.count for group in groups), min(len(groups), SHOWN_GROUPS)
    await send(message, engine.say(language, "queue_header", questions=total, groups=len(groups), shown=shown))
    pending = context.bot_data.curation.groups
    for number, group in enumerate(groups[:SHOWN_GROUPS], start=1):
        facts = closest_facts(engine.knowledge, group.question)
        token = pending.add(Missed(group.question, facts, group.keys))
        await send(
            message, simple(language, format_group(number, group), style="pre"), _buttons(language, token, facts)
        )


def _queue(log: QuestionLog, engine: Engine, days: int) -> list[UnansweredGroup]:
    """The queue, including questions still waiting to be written (one asked a moment ago)."""
    log.flush(REPORT_FLUSH_SECONDS)
    return unanswered(log, datetime.now(timezone.utc), days, closest_fact(engine.knowledge))


def _buttons(language: str, token: str, facts: tuple[str, ...]) -> list[list[InlineKeyboardButton]]:
    rows = [
        [InlineKeyboardButton(text(language, "add_button", fact=fact), callback_data=callback("c", "a", token, i))]
        for i, fact in enumerate(facts)
    ]
    rows.append(
        [
            InlineKeyboardButton(text(language, "out_of_scope_button"), callback_data=callback("c", "o", token)),
            InlineKeyboardButton(text(language, "skip_button"), callback_data=callback("c", "s", token)),
        ]
    )
    return rows


async def on_button(update: Update, context: Context) -> None:
    """A press on an inbox button (c:...): add to a fact, out of scope, skip, or undo an edit. Admins only."""
    pressed = await press_of(update, "c")
    if pressed is None or not await admin_press(pressed[0], update, context):
        return
    query, press = pressed
    state = context.bot_data.curation
    if press.action == "u":
        await _undo(query, update, context, press.token)
        return
    group = state.groups.get(press.token)
    language = user_language(update, context)
    if group is None:
        await query.answer(text(language, "button_expired"), show_alert=True)
    elif press.action == "a" and press.choice is not None and press.choice < len(group.facts):
        fact = group.facts[press.choice]
        if await add_to_fact(query, update, context, group, fact):
            state.groups.pop(press.token)
    elif press.action == "o":
        done = await perform(query, update, context, lambda e, admin: e.add_decline_check(group.question, admin))
        if done is not None:
            state.groups.pop(press.token)
            await _report(query, update, context, done, group.keys, "out of scope")
    elif press.action == "s":
        state.groups.pop(press.token)
        await mark(context, group.keys, "skipped")
        await query.answer(text(language, "edit_skipped"))
        await drop_buttons(query)
    else:
        await query.answer()


async def press_of(update: Update, area: str) -> tuple[CallbackQuery, Press] | None:
    """The press of a curation button of `area` under one of the bot's messages; anything else is answered quietly."""
    query = update.callback_query
    if query is None:
        return None
    press = parse(query.data or "")
    if press is None or press.area != area or not isinstance(query.message, Message):
        await query.answer()
        return None
    return query, press


async def add_to_fact(query: CallbackQuery, update: Update, context: Context, missed: Missed, fact: str) -> bool:
    """Make the question an example question of `fact` and report it with an Undo button; True when done."""
    done = await perform(
        query, update, context, lambda editor, admin: editor.add_question(fact, missed.question, admin)
    )
    if done is not None:
        await _report(query, update, context, done, missed.keys, "added")
    return done is not None


async def admin_press(query: CallbackQuery, update: Update, context: Context) -> bool:
    """Whether an admin pressed; anyone else is refused (and logged by a hash, never by id)."""
    if is_admin(update, context):
        return True
    logger.warning("refused a curation button from user %s", admin_tag(context, query.from_user.id))
    await query.answer(text(user_language(update, context), "admin_only"), show_alert=True)
    return False


def admin_tag(context: Context, user_id: int) -> str:
    """A short salted hash that stands for a person in commit messages and logs: the question log's, when there is
    one, else one keyed with a secret derived from the token."""
    return context.bot_data.user_tag(user_id)


async def perform(
    query: CallbackQuery, update: Update, context: Context, work: Callable[[Editor, str], Applied]
) -> Applied | None:
    """Run an edit off the event loop; on refusal, say why under the pressed message (nothing changed) and
    return None."""
    message = query.message
    assert isinstance(message, Message)  # checked by the button handlers
    language = user_language(update, context)
    engine = context.bot_data.engine
    admin = admin_tag(context, query.from_user.id)
    started = time.perf_counter()
    try:
        done = await asyncio.to_thread(work, context.bot_data.curation.editor, admin)
    except EditRefused as refused:
        await query.answer()
        await send(message, engine.say(language, refused.key, **refused.values))
        return None
    except FactBaseError as error:
        logger.info("edit by %s refused: %d problem(s)", admin, len(error.problems))
        await query.answer()
        heading = text(language, "edit_refused", count=len(error.problems))
        await send(message, engine.problems(error.problems, heading, language))
        return None
    logger.info("edit by %s in %.0f ms: %s", admin, (time.perf_counter() - started) * 1000, done.edit.summary)
    await query.answer()
    return done


async def _report(
    query: CallbackQuery, update: Update, context: Context, done: Applied, keys: tuple[str, ...], action: str
) -> None:
    """After an edit: the question leaves the queue, the buttons go, and the reply says what changed, with Undo."""
    await mark(context, keys, action)
    await drop_buttons(query)
    language = user_language(update, context)
    engine = context.bot_data.engine
    edit = done.edit
    if edit.subject == "checks":
        said = text(language, "edit_check_added", question=edit.question, file=edit.path.name)
    else:
        said = text(language, "edit_added", question=edit.question, fact=edit.subject, file=edit.path.name)
        fact = engine.ask(edit.question).fact
        answered = fact is not None and fact.id == edit.subject
        said += " " + (
            text(language, "edit_now_answered", fact=edit.subject) if answered else text(language, "edit_not_answered")
        )
    token = context.bot_data.curation.edits.add(Undoable(edit, keys))
    undo = [[InlineKeyboardButton(text(language, "undo_button"), callback_data=callback("c", "u", token))]]
    assert isinstance(query.message, Message)
    await send(query.message, _result(engine, language, done, said), undo)


async def _undo(query: CallbackQuery, update: Update, context: Context, token: str) -> None:
    """Put the file back as it was before the edit, and the question back in the queue."""
    state = context.bot_data.curation
    language = user_language(update, context)
    undoable = state.edits.get(token)
    if undoable is None:
        await query.answer(text(language, "button_expired"), show_alert=True)
        return
    done = await perform(query, update, context, lambda editor, admin: editor.undo(undoable.edit, admin))
    if done is None:
        return
    state.edits.pop(token)
    await mark(context, undoable.keys, None)
    await drop_buttons(query)
    said = text(language, "edit_undone", file=undoable.edit.path.name, summary=undoable.edit.summary)
    assert isinstance(query.message, Message)
    await send(query.message, _result(context.bot_data.engine, language, done, said))


def _result(engine: Engine, language: str, done: Applied, said: str) -> Reply:
    """What an edit did, its commit when there is one, and what the reload changed."""
    lines = [said]
    if done.commit:
        lines.append(text(language, "edit_committed", commit=done.commit))
    summary = engine.reload_summary(done.reloaded, language, done.reloaded.knowledge.seconds)
    return Reply(language, (paragraph(*lines), *summary.paragraphs))


async def mark(context: Context, keys: tuple[str, ...], action: str | None) -> None:
    """Take questions out of the queue (or put them back with None); a log failure only costs the queue's order."""
    log = context.bot_data.question_log
    if log is None or not keys:
        return
    try:
        await asyncio.to_thread(log.mark_handled, keys, action)
    except QuestionLogError as error:
        logger.warning("could not mark %d question(s) as %s: %s", len(keys), action, error)


async def drop_buttons(query: CallbackQuery) -> None:
    """Remove the buttons of the pressed message, so that a done thing is not pressed twice."""
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
