"""Build and run the Telegram application: handlers registered in one place, polling or webhook."""

from __future__ import annotations

import logging
import sys
from typing import Any
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.config import Settings, TelegramSettings
from bot.curation.edits import Editor
from bot.curation.questionlog import QuestionLog
from bot.engine.facade import Engine
from bot.engine.knowledge import KnowledgeStore
from bot.engine.model import FactBaseError
from bot.logs import REDACTED, configure_logging, reason
from bot.telegram import admin, browse, buttons, curator, drafts, inbox, questions, relay
from bot.telegram.context import CONTEXT_TYPES, BotApplication, BotBuilder
from bot.telegram.errors import Notices, on_error
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.pending import CurationState

logger = logging.getLogger(__name__)
# Handlers running at once, and pooled connections to match: 24 requests in flight with ~50 ms API latency carry
# ~480 calls a second, more than one core of Python produces; more only makes httpcore's pool scans costlier.
RUNNING_UPDATES = 24
# A shorter GIL switch interval keeps answers flowing while a reload indexes in a worker thread.
SWITCH_INTERVAL = 0.001
WEBHOOK_PATH = "telegram"

USER_COMMANDS = {
    "en": [
        ("start", "Welcome and example questions"),
        ("help", "How to ask"),
        ("facts", "Browse facts by topic"),
        ("topics", "The topics"),
        ("sources", "Where the facts come from"),
        ("lang", "Language for commands"),
        ("about", "About this bot"),
        ("forgetme", "Delete the questions I logged from you"),
    ],
    "zh": [
        ("start", "欢迎和示例问题"),
        ("help", "使用说明"),
        ("facts", "按主题浏览资料"),
        ("topics", "主题列表"),
        ("sources", "资料来源"),
        ("lang", "命令语言"),
        ("about", "关于本机器人"),
        ("forgetme", "删除我的提问记录"),
    ],
}
ADMIN_COMMANDS = [
    ("reload", "Re-read the facts"),
    ("stats", "Usage statistics"),
    ("unanswered", "Questions the bot could not answer"),
    ("why", "Explain how a question is matched"),
]


async def post_init(application: BotApplication) -> None:
    """Set the command menus; a failure here is logged, never fatal (it would end run_polling)."""
    try:
        for language, commands in USER_COMMANDS.items():
            await application.bot.set_my_commands(
                [BotCommand(c, d) for c, d in commands], language_code=None if language == "en" else language
            )
        admin_menu = [BotCommand(c, d) for c, d in USER_COMMANDS["en"] + ADMIN_COMMANDS]
        for admin_id in application.bot_data.telegram.admin_ids:
            try:
                await application.bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin_id))
            except TelegramError as error:  # the admin has not started a chat with the bot yet
                tag = application.bot_data.user_tag(admin_id)
                logger.warning("could not set the admin menu for %s: %s", tag, error)
    except Exception:  # nothing in post_init may stop the bot
        logger.exception("could not set the command menu")
    curator.start_retention(application)


def build_application(settings: Settings, engine: Engine, question_log: QuestionLog | None = None) -> BotApplication:
    """The production application: the tests and the benchmark build it through this same function."""
    telegram = _telegram(settings)
    builder: BotBuilder = (
        ApplicationBuilder()
        .context_types(CONTEXT_TYPES)
        .token(telegram.token)
        .base_url(telegram.base_url)
        .base_file_url(telegram.base_file_url)
        .concurrent_updates(PerChatUpdateProcessor(RUNNING_UPDATES))
        .connection_pool_size(RUNNING_UPDATES + 8)
        .post_init(post_init)
        .post_shutdown(curator.stop_retention)  # after a failed start too, unlike post_stop
    )
    if telegram.rate_limit:
        # A bucket of one message refilled 30 times a second: Telegram's ~30 messages/s overall, without the default
        # bucket's burst of 30 at once plus 30 more in the same second.
        builder = builder.rate_limiter(AIORateLimiter(overall_max_rate=1, overall_time_period=1 / 30, max_retries=3))
    application = builder.build()
    data = application.bot_data
    data.settings, data.telegram, data.engine, data.question_log = settings, telegram, engine, question_log
    data.notices = Notices()
    data.curation = CurationState(Editor(engine.store))
    register(application, telegram)
    return application


def register(application: BotApplication, telegram: TelegramSettings) -> None:
    """Every handler, in one place. Admin handlers come first and filter by user id; the refusal catches the rest."""
    admins = filters.User(user_id=telegram.admin_ids)
    private_admins = admins & filters.ChatType.PRIVATE  # the curator's views show other people's questions
    application.add_handler(CommandHandler("reload", admin.reload_command, filters=admins))
    application.add_handler(CommandHandler("stats", curator.stats_command, filters=private_admins))
    application.add_handler(CommandHandler("unanswered", inbox.unanswered_command, filters=private_admins))
    application.add_handler(CommandHandler("why", curator.why_command, filters=private_admins))
    application.add_handler(CommandHandler(["stats", "unanswered", "why"], curator.private_only, filters=admins))
    application.add_handler(
        MessageHandler(drafts.ARTICLE_FILES & filters.ChatType.PRIVATE & admins, drafts.draft_document)
    )
    application.add_handler(
        MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE & admins, admin.upload_document)
    )
    application.add_handler(CommandHandler([name for name, _ in ADMIN_COMMANDS], admin.refuse))
    application.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE, admin.refuse))

    application.add_handler(CommandHandler("start", browse.start))
    application.add_handler(CommandHandler("help", browse.help_command))
    application.add_handler(CommandHandler("about", browse.about))
    application.add_handler(CommandHandler("facts", browse.facts_command))
    application.add_handler(CommandHandler("topics", browse.topics_command))
    application.add_handler(CommandHandler("sources", browse.sources_command))
    application.add_handler(CommandHandler("lang", browse.lang_command))
    application.add_handler(CommandHandler("forgetme", curator.forgetme_command))
    application.add_handler(CallbackQueryHandler(inbox.on_button, pattern=r"^c:"))
    application.add_handler(CallbackQueryHandler(relay.on_button, pattern=r"^e:"))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_handler(InlineQueryHandler(questions.on_inline_query))
    if telegram.editor_chat_id is not None:  # editors' replies to relayed questions, before they count as questions
        replies = filters.Chat(telegram.editor_chat_id) & filters.TEXT & ~filters.COMMAND
        bot_id = int(telegram.token.split(":", 1)[0])
        application.add_handler(MessageHandler(replies & relay.RepliesToBot(bot_id), relay.on_editor_reply))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, questions.on_text))
    application.add_handler(MessageHandler(filters.COMMAND, browse.unknown_command))  # last: every known one is above
    application.add_error_handler(on_error)


def main(settings: Settings) -> int:
    """`python -m bot run` with a token: load the facts, then poll or serve the webhook.

    A failure to start ends with one line on stderr saying what to check, and exit status 1: never a traceback,
    which would show the token (python-telegram-bot puts it in the message of InvalidToken).
    """
    telegram = _telegram(settings)
    configure_logging(settings.log_level, list(telegram.secrets))
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        engine = Engine(KnowledgeStore(settings.engine.facts_path))
    except FactBaseError as error:
        print(f"Cannot start: the facts in {settings.engine.facts_path} are invalid:\n{error}", file=sys.stderr)
        return 1
    question_log = QuestionLog.open(settings.engine.question_log_path, settings.engine.question_log_salt or None)
    application = build_application(settings, engine, question_log)
    try:
        if telegram.webhook_url:
            logger.info("serving the webhook on 0.0.0.0:%s for %s", telegram.port, telegram.webhook_url)
            application.run_webhook(listen="0.0.0.0", port=telegram.port, **webhook_options(telegram))
        else:
            logger.info("long polling with %d facts", len(engine.knowledge.base.facts))
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except Exception as error:  # whatever stops start-up: one line, and the details (redacted) at DEBUG
        logger.debug("start-up failed", exc_info=error)
        print(f"Cannot start: {startup_failure(error, telegram)}", file=sys.stderr)
        return 1
    finally:
        question_log.close()
    return 0


def webhook_options(telegram: TelegramSettings) -> dict[str, Any]:
    """What `run_webhook` needs besides where to listen; the tests serve the webhook with the same options."""
    return {
        "url_path": WEBHOOK_PATH,
        "webhook_url": f"{telegram.webhook_url.rstrip('/')}/{WEBHOOK_PATH}",
        "secret_token": telegram.webhook_secret,
        "allowed_updates": Update.ALL_TYPES,
    }


def startup_failure(error: Exception, telegram: TelegramSettings) -> str:
    """Why the bot could not start and what to check, in one line without the token or the webhook secret."""
    host = urlparse(telegram.base_url).hostname or telegram.base_url
    said = " ".join(str(e) for e in (error, error.__cause__) if e is not None)
    if isinstance(error, InvalidToken):
        status = "401 Unauthorized" if "Unauthorized" in said or "401" in said else "404 Not Found"
        what = "check TELEGRAM_BOT_TOKEN" + ("" if status.startswith("401") else " and TELEGRAM_BASE_URL")
        line = f"Telegram refused the token ({status}): {what}"
    elif isinstance(error, Conflict):
        line = "Telegram reports a conflict (409): another instance of the bot is running with this token"
    elif isinstance(error, NetworkError):
        line = f"Telegram cannot be reached at {host} ({error.message}): check TELEGRAM_BASE_URL and the network"
    elif isinstance(error, TelegramError):
        line = f"Telegram answered {type(error).__name__}: {error.message}"
    elif isinstance(error, OSError) and telegram.webhook_url:
        line = f"cannot listen on port {telegram.port}: {reason(error)}: check PORT"
    else:
        line = f"{type(error).__name__}: {error}"
    for secret in telegram.secrets:
        line = line.replace(secret, REDACTED)
    return " ".join(line.split())[:300]


def _telegram(settings: Settings) -> TelegramSettings:
    if settings.telegram is None:
        raise ValueError("the Telegram front end needs Telegram settings (TELEGRAM_BOT_TOKEN)")
    return settings.telegram
