"""Build and run the Telegram application: handlers registered in one place, polling or webhook."""

from __future__ import annotations

import logging
import os
import sys

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.config import Settings, SettingsError, configure_logging
from bot.curation.questionlog import QuestionLog
from bot.curation.summary import QUESTION_LOG_FILE
from bot.engine.knowledge import KnowledgeStore
from bot.engine.model import FactBaseError
from bot.telegram import admin, curator, handlers
from bot.telegram.ordering import PerChatUpdateProcessor

logger = logging.getLogger(__name__)
# Handlers running at once, and pooled connections to match: 24 requests in flight with ~50 ms API latency carry
# ~480 calls a second, more than one core of Python produces; more only makes httpcore's pool scans costlier.
RUNNING_UPDATES = 24
# A shorter GIL switch interval keeps answers flowing while a reload indexes in a worker thread.
SWITCH_INTERVAL = 0.001

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


async def post_init(application: Application) -> None:
    """Set the command menus; a failure here is logged, never fatal (it would end run_polling)."""
    try:
        for language, commands in USER_COMMANDS.items():
            await application.bot.set_my_commands(
                [BotCommand(c, d) for c, d in commands], language_code=None if language == "en" else language
            )
        admin_menu = [BotCommand(c, d) for c, d in USER_COMMANDS["en"] + ADMIN_COMMANDS]
        for admin_id in application.bot_data["settings"].admin_ids:
            try:
                await application.bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin_id))
            except TelegramError as error:  # the admin has not started a chat with the bot yet
                logger.warning("could not set the admin menu for %s: %s", admin_id, error)
    except Exception:
        logger.exception("could not set the command menu")
    log = application.bot_data.get("question_log")
    if log is not None:
        curator.start_retention(application, log, application.bot_data["settings"].log_retention_days)


def build_application(
    settings: Settings, store: KnowledgeStore, question_log: QuestionLog | None = None
) -> Application:
    """The production application: the tests and the benchmark build it through this same function."""
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .concurrent_updates(PerChatUpdateProcessor(RUNNING_UPDATES))
        .connection_pool_size(RUNNING_UPDATES + 8)
        .post_init(post_init)
        .post_stop(curator.stop_retention)
    )
    if settings.rate_limit:
        # A bucket of one message refilled 30 times a second: Telegram's ~30 messages/s overall, without the default
        # bucket's burst of 30 at once plus 30 more in the same second.
        builder = builder.rate_limiter(AIORateLimiter(overall_max_rate=1, overall_time_period=1 / 30, max_retries=3))
    application = builder.build()
    application.bot_data["settings"] = settings
    application.bot_data["store"] = store
    if question_log is not None:
        application.bot_data["question_log"] = question_log
    register(application, settings)
    return application


def register(application: Application, settings: Settings) -> None:
    """Every handler, in one place. Admin handlers come first and filter by user id; the refusal catches the rest."""
    admins = filters.User(user_id=settings.admin_ids)
    admin_commands = ["reload", "stats", "unanswered", "why"]
    application.add_handler(CommandHandler("reload", admin.reload_command, filters=admins))
    application.add_handler(CommandHandler("stats", curator.stats_command, filters=admins))
    application.add_handler(CommandHandler("unanswered", curator.unanswered_command, filters=admins))
    application.add_handler(CommandHandler("why", curator.why_command, filters=admins))
    application.add_handler(
        MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE & admins, admin.upload_document)
    )
    application.add_handler(CommandHandler(admin_commands, admin.refuse))
    application.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE, admin.refuse))

    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("about", handlers.about))
    application.add_handler(CommandHandler("facts", handlers.facts_command))
    application.add_handler(CommandHandler("topics", handlers.topics_command))
    application.add_handler(CommandHandler("sources", handlers.sources_command))
    application.add_handler(CommandHandler("lang", handlers.lang_command))
    application.add_handler(CommandHandler("forgetme", curator.forgetme_command))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_handler(InlineQueryHandler(handlers.on_inline_query))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.on_text))
    application.add_error_handler(admin.on_error)


def main() -> int:
    """`python -m bot run` with a token: validate settings, load the facts, poll or serve the webhook."""
    try:
        settings = Settings.from_env(os.environ)
    except SettingsError as error:
        print(f"Cannot start:\n{error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, [settings.token])
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        store = KnowledgeStore(settings.facts_path)
    except FactBaseError as error:
        print(f"Cannot start: the facts in {settings.facts_path} are invalid:\n{error}", file=sys.stderr)
        return 1
    question_log = QuestionLog.open(settings.data_dir / QUESTION_LOG_FILE, settings.question_log_salt or None)
    application = build_application(settings, store, question_log)
    if settings.webhook_url:
        logger.info("serving the webhook on 0.0.0.0:%s for %s", settings.port, settings.webhook_url)
        application.run_webhook(
            listen="0.0.0.0",
            port=settings.port,
            url_path="telegram",
            webhook_url=settings.webhook_url.rstrip("/") + "/telegram",
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        logger.info("long polling with %d facts", len(store.current.base.facts))
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
