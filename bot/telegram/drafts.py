"""An admin sends a news article (.txt or .md) in a private chat: the bot replies with a draft fact file.

The article is kept in the facts' articles folder, so that the finished draft, sent back as a .yaml file, is
validated against it like any other fact file.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from telegram import Update
from telegram.ext import filters

from bot.curation.draft import Draft, DraftError, draft, save_article
from bot.engine.knowledge import ARTICLE_SUFFIXES, MAX_FILE_NAME, safe_file_name
from bot.engine.messages import text
from bot.engine.model import FactBase
from bot.telegram.context import Context, user_language
from bot.telegram.download import DownloadError, download
from bot.telegram.send import send, send_file

logger = logging.getLogger(__name__)
ARTICLE_LIMIT_KB = 100  # news articles are a few kB; the draft covers MAX_STATEMENTS statements anyway
ARTICLE_FILES = filters.Document.FileExtension("txt") | filters.Document.FileExtension("md")


def _draft_and_keep(content: str, name: str, base: FactBase, articles: Path) -> Draft:
    """Draft first (an article with nothing to draft is not kept), then put the article beside the others."""
    drafted = draft(content, name, base)
    save_article(articles, name, content)
    return drafted


async def draft_document(update: Update, context: Context) -> None:
    """Reply to an article with its draft as a document, named draft-<source id>.yaml."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    language = user_language(update, context)
    engine = context.bot_data.engine
    document = message.document
    name = safe_file_name(document.file_name or "article.txt", ARTICLE_SUFFIXES)  # also the draft's `file:`
    if name is None:
        shown = (document.file_name or "")[:MAX_FILE_NAME]
        await send(message, engine.say(language, "article_bad_name", name=shown))
        return
    try:
        content = await download(document, ARTICLE_LIMIT_KB * 1024)  # counted while it streams
    except DownloadError as error:
        logger.warning("article %s not downloaded: %s", name, error)
        await send(message, engine.say(language, "upload_failed"))
        return
    if content is None:
        await send(message, engine.say(language, "article_too_big", limit=ARTICLE_LIMIT_KB))
        return
    try:
        article = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        await send(message, engine.say(language, "article_not_text", name=name))
        return
    facts = context.bot_data.settings.engine.facts_path
    articles = (facts if facts.is_dir() else facts.parent) / "articles"
    try:
        drafted = await asyncio.to_thread(_draft_and_keep, article, name, engine.knowledge.base, articles)
    except DraftError as error:
        await send(message, engine.say(language, error.key, **error.values))
        return
    logger.info("drafted %d facts from the article %r", drafted.facts, name)
    caption = text(
        language,
        "draft_ready",
        name=name,
        facts=drafted.facts,
        entities=drafted.new_entities,
        todos=drafted.todos,
        article=name,
    )
    await send_file(message, drafted.text.encode("utf-8"), f"draft-{drafted.source_id}.yaml", caption)
