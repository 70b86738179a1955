"""End-to-end tests of conversation in Telegram: follow-ups, small talk, unknown commands, the Topics button, votes
shown as recorded and facts opened from buttons, through the production Application against the fake Bot API.
"""

from __future__ import annotations

from tests.fakebotapi import Call
from tests.test_telegram_e2e import (
    CHAT,
    GROUP,
    RD_QUESTION,
    Running,
    ask,
    bot,
    buttons,
    callback_data,
    launch,
    press,
    rows,
    sent,
)

__all__ = ["bot", "launch"]  # the fixtures this module's tests use

DECLINED = "How many R&D institutions does Ordos have?"
NORTH_HAULER = "north-hauler-mining-truck-consortium"


def votes(call: Call) -> list[str]:
    return [data for data in callback_data(call) if data.startswith("v:")]


async def test_a_follow_up_is_read_with_the_last_question(bot: Running) -> None:
    assert "464" in (await ask(bot.fake, CHAT, RD_QUESTION)).result["text"]
    follow_up = (await ask(bot.fake, CHAT, "what about Baotou?")).result["text"]
    assert follow_up.startswith("Baotou \u2014 R&D institutions")  # shows what it understood
    assert "I don't have a figure for R&D institutions in Baotou." in follow_up
    assert "464" not in follow_up  # Hohhot's figure is not Baotou's

    assert "464" in (await ask(bot.fake, CHAT, "呼和浩特有多少家研发机构？", language_code="zh")).result["text"]
    chinese = (await ask(bot.fake, CHAT, "包头呢？", language_code="zh")).result["text"]
    assert chinese.startswith("包头 \u2014") and "464" not in chinese


async def test_chats_keep_their_own_context(bot: Running) -> None:
    await ask(bot.fake, CHAT, RD_QUESTION)
    other = (await ask(bot.fake, CHAT + 1, "what about Baotou?")).result["text"]
    assert not other.startswith("Baotou \u2014 R&D")  # the other chat asked nothing before


async def test_start_begins_the_conversation_afresh(bot: Running) -> None:
    await ask(bot.fake, CHAT, RD_QUESTION)
    await ask(bot.fake, CHAT, "/start")
    after = (await ask(bot.fake, CHAT, "what about Baotou?")).result["text"]
    assert "R&D" not in after.splitlines()[0]


async def test_small_talk_gets_a_friendly_reply_without_buttons_and_is_not_logged(bot: Running) -> None:
    for message, opening in [("hi", "Hello"), ("谢谢", "不客气")]:
        reply = await ask(bot.fake, CHAT, message, language_code="zh" if opening == "不客气" else "en")
        assert reply.result["text"].startswith(opening)
        assert not votes(reply) and not any(data.startswith(("t:", "e:")) for data in callback_data(reply))
    assert bot.log is not None
    assert rows(bot.log) == []


async def test_an_unknown_command_is_named_with_how_to_ask(bot: Running) -> None:
    reply = await ask(bot.fake, CHAT, "/foo")
    assert reply.result["text"].startswith("I don't know that command.") and "/help" in reply.result["text"]
    chinese = await ask(bot.fake, CHAT, "/bar", language_code="zh")
    assert chinese.result["text"].startswith("我不认识这个命令。")


async def test_in_a_group_only_unknown_commands_addressed_to_the_bot_are_answered(bot: Running) -> None:
    fake = bot.fake
    fake.send_message(GROUP, "/foo", chat_type="group")  # maybe another bot's command
    fake.send_message(GROUP, "/foo@some_other_bot", chat_type="group")
    reply = await ask(fake, GROUP, f"/foo@{fake.bot_username}", chat_type="group")
    assert reply.result["text"].startswith("I don't know that command.")
    assert fake.sent_to(GROUP) == [reply]  # the two before it got no reply


async def test_a_decline_offers_the_topics(bot: Running) -> None:
    declined = await ask(bot.fake, CHAT, DECLINED)
    assert "don't know" in declined.result["text"]
    assert ("\U0001f4da Topics", "t:") in buttons(declined) and not votes(declined)
    await press(bot.fake, CHAT, CHAT, declined, "t:")
    topics = (await bot.fake.wait_for_count(sent(CHAT), 2))[1]
    assert [data for data in callback_data(topics) if data.startswith("p:")] == [
        f"p:{topic}:0" for topic in bot.store.current.base.topics
    ]


async def test_a_vote_turns_the_buttons_into_what_was_recorded(bot: Running) -> None:
    fake = bot.fake
    answer = await ask(fake, CHAT, RD_QUESTION)
    related = [data for data in callback_data(answer) if data.startswith("f:")]
    up = votes(answer)[0]
    edited = await press(fake, CHAT, CHAT, answer, up, method="editMessageReplyMarkup")
    assert edited.status == 200 and edited.params["message_id"] == answer.result["message_id"]
    assert buttons(edited)[-1] == ("\U0001f44d recorded, thank you", "x:")
    assert callback_data(edited)[:-1] == related  # the follow-ups stay
    assert bot.log is not None
    assert {row.token: row.feedback for row in rows(bot.log)}[up.split(":")[1]] == "up"


async def test_a_fact_opened_from_a_button_can_be_rated_and_is_the_context(bot: Running) -> None:
    fake = bot.fake
    overview = await ask(fake, CHAT, "north hauler")
    opened = await press(fake, CHAT, CHAT, overview, f"f:{NORTH_HAULER}", method="sendMessage")
    assert opened.result["text"].startswith(bot.store.current.base.fact_by_id[NORTH_HAULER].text)
    assert len(votes(opened)) == 2
    assert bot.log is not None
    logged = {row.token: row for row in rows(bot.log)}[votes(opened)[0].split(":")[1]]
    assert (logged.decision, logged.fact_id) == ("answered", NORTH_HAULER)

    follow_up = await ask(fake, CHAT, "who is its chief information officer?")
    assert "Wang Long" in follow_up.result["text"]  # "its" is the consortium just opened
