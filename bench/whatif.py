"""Controls: the bot with part of its work replaced by monkeypatching, in the benchmark's own child process.

None of this changes bot/. A control isolates one cost, so that RESULTS.md can say where the time goes:

- echo_handler: every question answered by echoing it, with no matching, rendering or question log, so what
  remains is python-telegram-bot and its HTTP client: the ceiling of this stack on this machine.
"""

from __future__ import annotations


def echo_handler() -> None:
    import html

    from bot.telegram import questions

    async def on_text(update, context):  # type: ignore[no-untyped-def]
        message = update.effective_message
        await message.reply_html(html.escape(message.text or ""), do_quote=False)

    questions.on_text = on_text


VARIANTS = {"echo_handler": echo_handler}


def apply(names: list[str]) -> None:
    for name in names:
        VARIANTS[name]()
