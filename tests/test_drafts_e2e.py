"""End to end: an admin sends an article to the bot and gets a draft fact file back; finished, it installs.

Runs the production application against the fake Bot API, as tests/test_telegram_e2e.py does (its fixtures).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.fakebotapi import UploadedFile
from tests.test_draft import fill_lists, fill_todos
from tests.test_telegram_e2e import ADMIN, STRANGER, Running, ask, bot, launch, next_call, sent

__all__ = ["bot", "launch"]  # the fixtures this module's tests use

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "ordos-hydrogen-park.txt"


async def send_article(running: Running, user: int, name: str, content: bytes, method: str = "sendDocument") -> dict:
    call = await next_call(
        running.fake, sent(user, method), lambda: running.fake.send_document(user, user, name, content)
    )
    return call.params


async def test_an_admin_gets_a_draft_back_and_the_finished_draft_installs(bot: Running) -> None:
    params = await send_article(bot, ADMIN, ARTICLE.name, ARTICLE.read_bytes())
    document = params["document"]
    assert isinstance(document, UploadedFile) and document.file_name == "draft-ordos-hydrogen-park.yaml"
    drafted = yaml.safe_load(document.content)
    assert drafted["sources"][0]["file"] == ARTICLE.name
    entities = len(drafted.get("entities", []))
    assert params["caption"].startswith(
        f"Draft of {ARTICLE.name}: {len(drafted['facts'])} facts, {entities} new entities,"
    )
    assert (bot.facts / "articles" / ARTICLE.name).read_bytes() == ARTICLE.read_bytes()

    finished = fill_todos(drafted)
    for fact in finished["facts"]:
        fill_lists(fact)
    upload = yaml.safe_dump(finished, allow_unicode=True).encode()
    installed = await send_article(bot, ADMIN, "ordos-hydrogen-park.yaml", upload, "sendMessage")
    assert installed["text"].startswith("Installed ordos-hydrogen-park.yaml."), installed["text"]
    first = finished["facts"][0]
    reply = await ask(bot.fake, 1001, first["questions"][0])
    assert reply.result["text"].startswith(first["text"])


async def test_an_unfinished_draft_sent_back_lists_its_todos(bot: Running) -> None:
    params = await send_article(bot, ADMIN, ARTICLE.name, ARTICLE.read_bytes())
    rejected = await send_article(bot, ADMIN, "draft.yaml", params["document"].content, "sendMessage")
    assert "draft.yaml was NOT installed" in rejected["text"]
    assert "draft.yaml:10: TODO: the title in Chinese" in rejected["text"]


async def test_a_markdown_article_gets_its_caption_in_the_admins_language(bot: Running) -> None:
    await ask(bot.fake, ADMIN, "呼和浩特有多少家研发机构？", language_code="zh")  # Telegram tells the bot the language
    article = b"# Wuhai builds a solar park\n\nWuhai in Inner Mongolia has built a **solar park** with 300 panels.\n"
    params = await send_article(bot, ADMIN, "wuhai.md", article)
    assert params["document"].file_name == "draft-wuhai.yaml"
    assert params["caption"].startswith("wuhai.md 的草稿：1 条资料")
    (fact,) = yaml.safe_load(params["document"].content)["facts"]
    assert fact["text"] == "Wuhai in Inner Mongolia has built a solar park with 300 panels."
    assert fact["quote"] == "Wuhai in Inner Mongolia has built a **solar park** with 300 panels."


async def test_articles_that_cannot_be_drafted_get_a_clear_answer(bot: Running) -> None:
    latin1 = await send_article(bot, ADMIN, "story.txt", "Ordos café opened 3 shops.".encode("latin-1"), "sendMessage")
    assert latin1["text"] == "story.txt is not UTF-8 text."
    empty = await send_article(bot, ADMIN, "empty.txt", b"Home > News\n\nOnly a title\n", "sendMessage")
    assert empty["text"] == "empty.txt has no sentences to draft facts from."
    big = await send_article(bot, ADMIN, "big.txt", b"Baotou grew. " * 30000, "sendMessage")
    assert big["text"] == "Send an article of at most 100 kB to get a draft."
    assert not (bot.facts / "articles" / "empty.txt").exists()


async def test_someone_else_sending_an_article_is_refused(bot: Running) -> None:
    refused = await send_article(bot, STRANGER, ARTICLE.name, ARTICLE.read_bytes(), "sendMessage")
    assert "only the bot's administrators" in refused["text"]
    assert not (bot.facts / "articles" / ARTICLE.name).exists()
