"""The one way replies leave the bot: rendered once, sent or edited in place."""

from __future__ import annotations

from telegram import Bot, InlineKeyboardButton, MaybeInaccessibleMessage, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.engine.reply import Reply
from bot.telegram.render import keyboard, to_html


async def send(message: Message, reply: Reply, extra: list[list[InlineKeyboardButton]] | None = None) -> Message:
    """Send a reply into the chat of `message`, without quoting it."""
    return await message.reply_html(to_html(reply), reply_markup=keyboard(reply, extra), do_quote=False)


async def send_to(
    bot: Bot, chat_id: int, reply: Reply, extra: list[list[InlineKeyboardButton]] | None = None
) -> Message:
    """Send a reply into another chat than the one being answered (a question relayed to the editors, their answer)."""
    return await bot.send_message(
        chat_id, to_html(reply), parse_mode=ParseMode.HTML, reply_markup=keyboard(reply, extra)
    )


async def edit(message: MaybeInaccessibleMessage | None, reply: Reply) -> None:
    """Edit a message in place; pressing the button of the page already shown is not an error."""
    if not isinstance(message, Message):
        return
    try:
        await message.edit_text(to_html(reply), parse_mode=ParseMode.HTML, reply_markup=keyboard(reply))
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
