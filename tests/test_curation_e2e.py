"""End-to-end tests of the curator's loop in Telegram: /unanswered with its buttons, edits guarded by the checks,
undo and git commits, the editors' relay, and the curator's views kept to private chats.

The production Application runs against the fake Bot API (see test_telegram_e2e.py, whose harness is reused), on
a throwaway copy of facts/ that each test turns into a git work tree. git runs as on a fresh machine: no global
or system configuration, so the bot's own fallback identity makes the commits.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bot.engine.answers import answer
from bot.engine.knowledge import Knowledge, build
from bot.telegram.pending import RELAYS_PER_DAY
from tests.fakebotapi import Call, FakeBotApi
from tests.test_telegram_e2e import (  # noqa: F401  (launch is a fixture)
    ADMIN,
    CHAT,
    FACTS,
    GROUP,
    RD_FACT,
    RD_QUESTION,
    STRANGER,
    Launch,
    Running,
    ask,
    buttons,
    callback_data,
    launch,
    next_call,
    sent,
)

EDITORS = -100777  # the editors' group; ADMIN is one of the editors
# Questions nobody can answer yet whose right fact is RD_FACT (research bodies, in words the facts do not use).
MISSED = [
    "hohhot zorblax institutions",  # a made-up word: no lexicon will learn it
    "How many zorblax institutions does Hohhot have?",
    "How many labs of research does Hohhot run?",
]
OTHERS = [RD_QUESTION, "What is the capital of Inner Mongolia?", "SPDB tech financing", "呼和浩特有多少研发机构"]
TRAP = "Who is the mayor of Baotou?"  # declined, and out of scope


def git(folder: Path, *arguments: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(autouse=True)
def fresh_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """git as on a fresh machine: no user.name/user.email in any configuration the bot could read."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
async def curated(launch: Launch) -> Running:  # noqa: F811
    """The bot with a question log and editors, serving a facts folder that is a git work tree."""
    bot = await launch(env={"EDITOR_CHAT_ID": str(EDITORS)})
    git(bot.facts, "init", "--quiet")
    git(bot.facts, "add", "--all")
    git(
        bot.facts, "-c", "user.name=Curator", "-c", "user.email=curator@example.org", "commit", "--quiet", "-m", "Facts"
    )
    return bot


def missed_question(knowledge: Knowledge) -> str:
    """A question the bot does not answer today although RD_FACT is among its closest facts."""
    for question in MISSED:
        reply = answer(knowledge, question)
        if reply.decision != "answered" and RD_FACT in [c.fact_id for c in reply.match.candidates[:3]]:
            return question
    raise AssertionError(f"none of {MISSED} is missed with {RD_FACT} close any more: pick another")


async def inbox(fake: FakeBotApi, user: int = ADMIN) -> list[Call]:
    """/unanswered: the header, then one message per group (with buttons)."""
    before = sum(map(sent(user), fake.calls))
    header = await ask(fake, user, "/unanswered")
    if "No unanswered" in header.result["text"]:
        return [header]
    shown = int(re.search(r"The (\d+) most frequent", header.result["text"])[1])
    return (await fake.wait_for_count(sent(user), before + 1 + shown))[before:]


def button(call: Call, label: str) -> str:
    """The callback data of the button whose label starts with `label`."""
    return next(data for text, data in buttons(call) if text.startswith(label))


async def tap(fake: FakeBotApi, chat: int, user: int, message: Call, data: str) -> Call:
    """Press a button; the bot's next message into `chat`."""
    assert data in callback_data(message)
    return await next_call(fake, sent(chat), lambda: fake.press_button(chat, user, message.result["message_id"], data))


async def answers(fake: FakeBotApi) -> list[str]:
    return [(await ask(fake, CHAT, question)).result["text"] for question in OTHERS]


async def test_one_tap_turns_a_missed_question_into_an_answered_one(curated: Running) -> None:
    fake, facts = curated.fake, curated.facts
    question = missed_question(curated.store.current)
    assert "464" not in (await ask(fake, CHAT, question)).result["text"]
    before = await answers(fake)
    path = facts / Path(curated.store.current.base.fact_by_id[RD_FACT].path).name
    original = path.read_text(encoding="utf-8")

    _, group = await inbox(fake)
    assert question in group.result["text"]
    done = await tap(fake, ADMIN, ADMIN, group, button(group, "➕ Add to: " + RD_FACT))
    said = done.result["text"]
    assert f"Added “{question}” as an example question of {RD_FACT} ({path.name})." in said
    assert f"It is now answered with {RD_FACT}." in said and f"Changed: {RD_FACT}." in said
    assert [label for label, _ in buttons(done)] == ["↩️ Undo"]
    edited = await fake.wait_for(lambda call: call.method == "editMessageReplyMarkup")
    assert edited.params["message_id"] == group.result["message_id"] and "reply_markup" not in edited.result

    assert "464" in (await ask(fake, CHAT, question)).result["text"]  # the same question is answered now
    assert await answers(fake) == before  # and nothing else changed
    text = path.read_text(encoding="utf-8")
    assert f"      - {question}\n" in text or f"      - '{question}'\n" in text
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert comments and comments == [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(text.splitlines()) == len(original.splitlines()) + 1

    log = git(facts, "log", "--format=%an|%s|%b", "-1")
    assert log.startswith(f"Innovation bot|Add an example question to {RD_FACT}|Question: {question}")
    admin = curated.log.user_hash(ADMIN)[:12]
    assert f"By admin {admin} from Telegram." in log
    assert not re.search(rf"\b{ADMIN}\b", log)  # the id as a number: the hex tag itself may contain "42"
    assert git(facts, "show", "--name-only", "--format=", "HEAD").split() == [path.name]
    assert f"Committed to git as {git(facts, 'rev-parse', '--short', 'HEAD').strip()}." in said
    assert (await inbox(fake))[0].result["text"] == "No unanswered or disliked questions."


async def test_out_of_scope_adds_a_decline_check_and_undo_takes_it_back(curated: Running) -> None:
    fake, facts = curated.fake, curated.facts
    await ask(fake, CHAT, TRAP)
    checks = facts / "checks.yaml"
    original = checks.read_text(encoding="utf-8")
    _, group = await inbox(fake)
    done = await tap(fake, ADMIN, ADMIN, group, button(group, "🚫 Out of scope"))
    assert f"Out of scope: added a check that “{TRAP}” is declined (checks.yaml)." in done.result["text"]
    assert checks.read_text(encoding="utf-8") == original + f"  - question: {TRAP}\n    answer: decline\n"
    assert git(facts, "log", "--format=%s", "-1").strip() == "Add a decline check"
    assert curated.store.current.base.checks[-1].question == TRAP
    assert (await inbox(fake))[0].result["text"] == "No unanswered or disliked questions."

    undone = await tap(fake, ADMIN, ADMIN, done, button(done, "↩️ Undo"))
    assert undone.result["text"].startswith("Undone: checks.yaml is back as it was before “Add a decline check”.")
    assert checks.read_text(encoding="utf-8") == original
    assert git(facts, "log", "--format=%s", "-1").strip() == "Undo: Add a decline check"
    assert git(facts, "status", "--porcelain") == ""
    _, again = await inbox(fake)  # the question is back in the queue
    assert TRAP in again.result["text"]


async def test_undo_of_an_added_question_serves_the_old_facts_again(curated: Running) -> None:
    fake = curated.fake
    question = missed_question(curated.store.current)
    await ask(fake, CHAT, question)
    _, group = await inbox(fake)
    done = await tap(fake, ADMIN, ADMIN, group, button(group, "➕ Add to: " + RD_FACT))
    assert "464" in (await ask(fake, CHAT, question)).result["text"]
    undone = await tap(fake, ADMIN, ADMIN, done, button(done, "↩️ Undo"))
    assert f"Changed: {RD_FACT}." in undone.result["text"]
    assert "464" not in (await ask(fake, CHAT, question)).result["text"]
    assert git(curated.facts, "status", "--porcelain") == ""
    assert len(git(curated.facts, "log", "--format=%s").splitlines()) == 3


async def test_an_edit_that_breaks_a_check_is_refused_and_the_old_facts_keep_serving(launch: Launch) -> None:  # noqa: F811
    question = missed_question(build(FACTS))
    guard = f"checks:\n  - question: {question}\n    answer: decline\n"
    bot = await launch(extra_facts={"guard.yaml": guard})
    fake = bot.fake
    await ask(fake, CHAT, question)
    files = {path.name: path.read_text(encoding="utf-8") for path in bot.facts.iterdir() if path.is_file()}
    _, group = await inbox(fake)
    refused = await tap(fake, ADMIN, ADMIN, group, button(group, "➕ Add to: " + RD_FACT))
    said = refused.result["text"]
    assert said.startswith("Not changed: the edit would leave 1 problem(s). The facts being served are unchanged.")
    assert re.search(
        rf"guard\.yaml:2: check failed: '{question}' must be declined, got answered with '{RD_FACT}'", said
    )
    assert {path.name: path.read_text(encoding="utf-8") for path in bot.facts.iterdir() if path.is_file()} == files
    assert "464" not in (await ask(fake, CHAT, question)).result["text"]
    assert "464" in (await ask(fake, CHAT, RD_QUESTION)).result["text"]
    assert button(group, "➕ Add to: " + RD_FACT)  # the group keeps its buttons: another fact may be right


async def test_skip_takes_a_group_out_of_the_queue(curated: Running) -> None:
    fake = curated.fake
    await ask(fake, CHAT, TRAP)
    _, group = await inbox(fake)
    data = button(group, "Skip")
    toast = await next_call(
        fake,
        lambda call: call.method == "answerCallbackQuery",
        lambda: fake.press_button(ADMIN, ADMIN, group.result["message_id"], data),
    )
    assert toast.params["text"] == "Skipped: it leaves the queue."
    assert (await inbox(fake))[0].result["text"] == "No unanswered or disliked questions."
    assert git(curated.facts, "status", "--porcelain") == ""  # skipping changes no file


async def test_forged_and_foreign_presses_change_nothing(curated: Running) -> None:
    fake = curated.fake
    await ask(fake, CHAT, TRAP)
    _, group = await inbox(fake)
    data = button(group, "🚫 Out of scope")
    files = {path.name: path.read_text(encoding="utf-8") for path in curated.facts.iterdir() if path.is_file()}

    async def press_as(user: int, pressed: str) -> Call:
        return await next_call(
            fake,
            lambda call: call.method == "answerCallbackQuery",
            lambda: fake.press_button(ADMIN, user, group.result["message_id"], pressed),
        )

    assert (await press_as(STRANGER, data)).params["text"] == "Sorry, only the bot's administrators can use that."
    assert (await press_as(ADMIN, "c:o:AAAAAAAA")).params["text"] == "This button has expired: send /unanswered again."
    for forged in ("c:a:" + data[4:] + ":9", "c:x", "c:o:" + data[4:] + "\n", "c:o:" + data[4:] + "<b>"):
        assert "text" not in (await press_as(ADMIN, forged)).params  # answered quietly
    assert {path.name: path.read_text(encoding="utf-8") for path in curated.facts.iterdir() if path.is_file()} == files
    assert len(git(curated.facts, "log", "--format=%s").splitlines()) == 1


async def test_the_editors_answer_a_declined_question_both_ways(curated: Running) -> None:
    fake, facts = curated.fake, curated.facts
    declined = await ask(fake, CHAT, TRAP)
    assert "don't know" in declined.result["text"]
    ask_button = button(declined, "🙋 Ask the editors")
    stolen = await next_call(
        fake,
        lambda call: call.method == "answerCallbackQuery",
        lambda: fake.press_button(CHAT, STRANGER, declined.result["message_id"], ask_button),
    )
    assert stolen.params.get("show_alert") is True and not fake.sent_to(EDITORS)  # only the asker may send it

    confirmed = await tap(fake, CHAT, CHAT, declined, ask_button)
    assert confirmed.result["text"].startswith("I passed your question to the editors.")
    (posted,) = fake.sent_to(EDITORS)
    assert TRAP in posted.result["text"] and "asked in English" in posted.result["text"]
    assert str(CHAT) not in str(posted.params) and "Ann" not in posted.result["text"]  # nothing names the asker

    reply = "The articles do not say; the city government's website lists the mayor."
    delivered = await next_call(
        fake,
        sent(CHAT),
        lambda: fake.send_message(
            EDITORS, reply, user_id=ADMIN, chat_type="group", reply_to=posted.result["message_id"]
        ),
    )
    text = delivered.result["text"]
    assert text.startswith(f"👤 A person answered your question “{TRAP}”:") and reply in text
    assert text.endswith("This answer was written by one of the editors, not taken from the fact base.")
    offered = await fake.wait_for(lambda call: sent(EDITORS)(call) and call is not posted)
    assert offered.result["text"].startswith("Sent to the person who asked")
    assert [label for label, _ in buttons(offered)][-1] == "📝 Save as draft fact"

    saved = await tap(fake, EDITORS, ADMIN, offered, button(offered, "📝 Save as draft fact"))
    assert re.match(
        r"Saved the draft fact draft-who-is-the-mayor-of-baotou in drafts/draft-who-is-the-mayor-of-baotou\.yaml",
        saved.result["text"],
    )
    draft = (facts / "drafts" / "draft-who-is-the-mayor-of-baotou.yaml").read_text(encoding="utf-8")
    assert f"text: {reply}" in draft or f"text: '{reply}'" in draft
    assert f"- {TRAP}" in draft and "quote: TODO" in draft
    assert git(facts, "log", "--format=%s", "-1").strip() == "Add draft fact draft-who-is-the-mayor-of-baotou"
    assert "draft-who-is-the-mayor" not in str(curated.store.current.base.fact_by_id)  # drafts are not loaded


async def test_an_editor_can_add_the_relayed_question_to_a_fact(curated: Running) -> None:
    fake = curated.fake
    question = missed_question(curated.store.current)
    declined = await ask(fake, CHAT, question)
    await tap(fake, CHAT, CHAT, declined, button(declined, "🙋 Ask the editors"))
    (posted,) = fake.sent_to(EDITORS)
    fake.send_message(EDITORS, "464 of them.", user_id=ADMIN, chat_type="group", reply_to=posted.result["message_id"])
    offered = (await fake.wait_for_count(sent(EDITORS), 2))[1]
    done = await tap(fake, EDITORS, ADMIN, offered, button(offered, "➕ Add to: " + RD_FACT))
    assert f"It is now answered with {RD_FACT}." in done.result["text"]
    assert "464" in (await ask(fake, CHAT, question)).result["text"]


async def test_asking_the_editors_is_limited_per_day(curated: Running) -> None:
    fake = curated.fake
    for number in range(RELAYS_PER_DAY):
        declined = await ask(fake, CHAT, f"{TRAP} ({number})")
        confirmed = await tap(fake, CHAT, CHAT, declined, button(declined, "🙋 Ask the editors"))
        assert confirmed.result["text"].startswith("I passed your question to the editors.")
    declined = await ask(fake, CHAT, TRAP)
    refused = await next_call(
        fake,
        lambda call: call.method == "answerCallbackQuery",
        lambda: fake.press_button(CHAT, CHAT, declined.result["message_id"], button(declined, "🙋 Ask the editors")),
    )
    assert refused.params["text"] == f"You can ask the editors {RELAYS_PER_DAY} times a day. Please try again tomorrow."
    assert len(fake.sent_to(EDITORS)) == RELAYS_PER_DAY


async def test_an_editors_reply_is_delivered_only_when_it_answers_a_relayed_question(curated: Running) -> None:
    fake = curated.fake
    declined = await ask(fake, CHAT, TRAP)
    await tap(fake, CHAT, CHAT, declined, button(declined, "🙋 Ask the editors"))
    (posted,) = fake.sent_to(EDITORS)

    def reply(text: str, to: int) -> object:
        return fake.send_message(EDITORS, text, user_id=ADMIN, chat_type="group", reply_to=to)

    too_long = await next_call(fake, sent(EDITORS), lambda: reply("x" * 3001, posted.result["message_id"]))
    assert too_long.result["text"] == "An answer must be 1 to 3000 characters long. Nothing was sent."
    unknown = await next_call(fake, sent(EDITORS), lambda: reply("and this?", too_long.result["message_id"]))
    assert unknown.result["text"].startswith("I cannot pass this on: it is not a reply to a question I relayed")
    assert len(fake.sent_to(CHAT)) == 2  # the decline and the confirmation: nothing was delivered
    chatter = await ask(fake, EDITORS, f"@{fake.bot_username} {RD_QUESTION}", chat_type="group", user_id=ADMIN)
    assert "464" in chatter.result["text"]  # anything else in the editors' chat is a question as anywhere


async def test_the_curators_views_are_refused_in_groups(curated: Running) -> None:
    fake = curated.fake
    for command in ("/stats", "/unanswered", f"/why {RD_QUESTION}"):
        in_group = await ask(
            fake, GROUP, f"{command.split()[0]}@{fake.bot_username} {RD_QUESTION}", chat_type="group", user_id=ADMIN
        )
        assert in_group.result["text"].startswith(
            "For privacy, /stats, /unanswered and /why work only in a private chat"
        )
        stranger = await ask(fake, GROUP, command, chat_type="group", user_id=STRANGER)
        assert stranger.result["text"] == "Sorry, only the bot's administrators can use that."
    assert not [call for call in fake.sent_to(GROUP) if call.method == "sendPhoto"]
    assert (await ask(fake, ADMIN, "/stats")).result["text"].startswith("Questions as of")  # in private, it does
