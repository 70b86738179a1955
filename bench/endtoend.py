"""4. End to end: questions from many chats through the production Application (build_application, real polling
loop, question log on, as `python -m bot run`) against the fake Bot API with a latency on every call.

All questions are queued at once (a burst), so the figures are the bot's saturation throughput and the latency a
question sees in that burst, queueing included. Each chat's questions have distinct expected replies (computed
with the same `answer` and `to_html` the handler uses), so every sendMessage is attributed to its question:
lost and duplicated answers are counted and the order within each chat is checked.

The fake runs in a child process by default (its own core: the bot process spends its time on the bot only), or
in the bot's own event loop as tests/test_telegram_e2e.py runs it, for comparison.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.samples import draw
from bench.timing import most_within, percentile
from bot.config import Settings
from bot.curation.questionlog import QuestionLog
from bot.engine.facade import Engine
from bot.engine.knowledge import KnowledgeStore
from bot.telegram.app import build_application
from bot.telegram.render import to_html
from tests.lifecycle import start_polling, stop_polling

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
TOKEN = "123456789:AAHbenchmark-token-not-a-real-one_x"


@dataclass
class EndToEndResult:
    label: str
    questions: int
    chats: int
    latency: float
    rate_limit: bool
    fake_in: str  # "child process" or "same loop"
    seconds: float = float("nan")  # first update queued -> last answer received
    per_second: float = float("nan")
    p50: float = float("nan")
    p99: float = float("nan")
    lost: int = 0
    duplicated: int = 0
    unrecognised: int = 0
    out_of_order_chats: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    too_many_requests: int = 0
    max_per_second: int = 0  # sendMessage calls in any 1-second window
    max_per_chat_second: int = 0  # sendMessage calls to one chat in any 1-second window
    in_flight_max: int = 0  # calls the fake held at once
    bot_cpu_seconds: float = float("nan")  # CPU time of the bot process during the run
    error: str = ""

    def as_dict(self) -> dict:
        return dict(self.__dict__)


Reply = Callable[[Engine, int, str], str]  # (an engine, a chat, a question) -> the HTML the bot sends


def expected_reply(engine: Engine, chat_id: int, question: str) -> str:
    """The HTML the bot's text handler sends for a question: Engine.ask's reply in that chat, read with the chat's
    last question as context (small talk and overviews included; feedback tokens only change the buttons)."""
    return to_html(engine.ask(question, chat=chat_id).reply)


def echoed(engine: Engine, chat_id: int, question: str) -> str:
    """What the what-if echo handler sends (bench/whatif.py)."""
    return html.escape(question)


def plan(
    store: KnowledgeStore, questions: int, chats: int, seed: int = 5, reply: Reply = expected_reply
) -> tuple[list[tuple[int, str]], dict[int, list[str]]]:
    """Messages in arrival order (chats interleaved) and, per chat, the reply HTML expected for each, in order.

    The replies are worked out chat by chat, in order, with an engine of their own: the bot reads each question of a
    chat with the one before it, and answers a chat's questions in order. A question whose reply the chat has had
    already is left out (its answer could not be told apart), and the chat's context is put back.
    """
    rng = random.Random(seed)
    pool = list(dict.fromkeys(q.text for q in draw(store.current.base, max(50, questions // 2), seed=seed)))
    engine = Engine(store)
    per_chat = -(-questions // chats)
    expected: dict[int, list[str]] = {}
    asked: dict[int, list[str]] = {}
    for chat in range(chats):
        chat_id = 100_001 + chat
        asked[chat_id], expected[chat_id] = [], []
        for text in rng.sample(pool, len(pool)):
            before = engine.conversations.last(chat_id)
            got = reply(engine, chat_id, text)
            if got in expected[chat_id]:
                engine.forget(chat_id)
                if before is not None:
                    engine.conversations.remember(
                        chat_id, before.question, before.entities, before.reading, before.fact_id
                    )
                continue
            asked[chat_id].append(text)
            expected[chat_id].append(got)
            if len(asked[chat_id]) == per_chat:
                break
    messages = [(chat_id, asked[chat_id][i]) for i in range(per_chat) for chat_id in asked if i < len(asked[chat_id])][
        :questions
    ]
    counted = Counter(chat_id for chat_id, _ in messages)
    return messages, {chat_id: expected[chat_id][: counted[chat_id]] for chat_id in counted}


def analyse(
    result: EndToEndResult, messages: list[tuple[int, str]], expected: dict[int, list[str]], record: dict[str, Any]
) -> None:
    feeds = record["feeds"]
    first_feed = min(feeds) if feeds else 0.0
    feed_at: dict[tuple[int, int], float] = {}
    position: Counter[int] = Counter()
    for (chat_id, _), moment in zip(messages, feeds, strict=False):
        feed_at[(chat_id, position[chat_id])] = moment
        position[chat_id] += 1
    sends_by_chat: dict[int, list[tuple[str, float, int]]] = defaultdict(list)
    for chat_id, text, moment, status in record["sends"]:
        sends_by_chat[chat_id].append((text, moment, status))
    latencies, last = [], first_feed
    for chat_id, wanted in expected.items():
        got = [(text, moment) for text, moment, status in sends_by_chat.get(chat_id, []) if status == 200]
        index_of = {text: i for i, text in enumerate(wanted)}
        seen: Counter[str] = Counter()
        order = []
        for text, moment in got:
            if text not in index_of:
                result.unrecognised += 1
                continue
            seen[text] += 1
            if seen[text] > 1:
                result.duplicated += 1
                continue
            order.append(index_of[text])
            latencies.append(moment - feed_at[(chat_id, index_of[text])])
            last = max(last, moment)
        result.lost += sum(1 for text in wanted if not seen[text])
        if order != sorted(order):
            result.out_of_order_chats += 1
    result.seconds = last - first_feed
    answered = len(latencies)
    result.per_second = answered / result.seconds if result.seconds > 0 else float("nan")
    result.p50, result.p99 = percentile(latencies, 50), percentile(latencies, 99)
    result.statuses = record["statuses"]
    result.too_many_requests = record["statuses"].get("429", 0)
    all_sends = [moment for _, _, moment, _ in record["sends"]]
    result.max_per_second = most_within(all_sends, 1.0)
    result.max_per_chat_second = max(
        (most_within([m for _, m, _ in sends], 1.0) for sends in sends_by_chat.values()), default=0
    )
    result.in_flight_max = record["in_flight_max"]
    if not record["complete"] and not result.error:
        result.error = "not every question was answered within the timeout"


class _ChildFake:
    """The fake Bot API in a child process (see bench/fakeserver.py)."""

    def __init__(self, latency: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.fakeserver", "--latency", str(latency), "--token", TOKEN],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        hello = json.loads(self.process.stdout.readline())
        self.base_url = hello["base_url"]

    async def run(
        self, messages: list[tuple[int, str]], timeout: float, grace: float, wait_for: list[int] | None = None
    ) -> dict[str, Any]:
        self.process.stdin.write(
            json.dumps({"messages": messages, "timeout": timeout, "grace": grace, "wait_for": wait_for}) + "\n"
        )
        self.process.stdin.flush()
        line = await asyncio.get_running_loop().run_in_executor(None, self.process.stdout.readline)
        return json.loads(line)

    def close(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            self.process.stdin.write(json.dumps({"stop": True}) + "\n")
            self.process.stdin.flush()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


async def _run(result: EndToEndResult, timeout: float, reply: Reply = expected_reply) -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        facts = Path(tmp) / "facts"
        shutil.copytree(FACTS, facts)
        in_process = None
        child = None
        if result.fake_in == "same loop":
            from tests.fakebotapi import FakeBotApi

            in_process = FakeBotApi(token=TOKEN, latency=result.latency)
            await in_process.start()
            base_url = in_process.base_url
        else:
            child = _ChildFake(result.latency)
            base_url = child.base_url
        settings = Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_BASE_URL": base_url,
                "FACTS_PATH": str(facts),
                "DATA_DIR": tmp,
                "RATE_LIMIT": "on" if result.rate_limit else "off",
                "ADMIN_IDS": "42",
            }
        )
        store = KnowledgeStore(settings.engine.facts_path)
        messages, expected = plan(store, result.questions, result.chats, reply=reply)
        log = QuestionLog.open(Path(tmp) / "questions.sqlite3")
        application = build_application(settings, Engine(store), log)
        try:
            await start_polling(application, timeout=10)
            cpu = time.process_time()
            if in_process is not None:
                from bench.fakeserver import drive

                record = await drive(in_process, messages, timeout, 0.3)
            else:
                record = await child.run(messages, timeout, 0.3)
            result.bot_cpu_seconds = time.process_time() - cpu
            analyse(result, messages, expected, record)
        finally:
            await stop_polling(application)
            log.close()
            if in_process is not None:
                await in_process.stop()
            if child is not None:
                child.close()


def measure(
    label: str,
    questions: int,
    chats: int,
    latency: float = 0.05,
    rate_limit: bool = False,
    fake_in: str = "child process",
    timeout: float = 120.0,
    echo: bool = False,
) -> EndToEndResult:
    """One run; `echo` when the what-if echo handler is installed (the expected replies are then the questions)."""
    result = EndToEndResult(label, questions, chats, latency, rate_limit, fake_in)
    try:
        asyncio.run(_run(result, timeout, echoed if echo else expected_reply))
    except Exception as error:
        result.error = f"{type(error).__name__}: {error}"[:300]
    return result


@dataclass
class FloodResult:
    """One chat sends `flood` questions at once, then `others` chats ask one each: do the others wait?"""

    label: str
    flood: int
    others: int
    others_p50: float = float("nan")  # seconds from an other chat's question to its answer
    others_max: float = float("nan")
    flood_answered: int = 0  # the flooding chat's answers by the time every other chat had its answer
    error: str = ""

    def as_dict(self) -> dict:
        return dict(self.__dict__)


async def _flood(result: FloodResult, timeout: float) -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        child = _ChildFake(0.05)
        settings = Settings.from_env(
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_BASE_URL": child.base_url,
                "FACTS_PATH": str(FACTS),
                "DATA_DIR": tmp,
                "RATE_LIMIT": "off",
            }
        )
        store = KnowledgeStore(settings.engine.facts_path)
        questions = [q.text for q in draw(store.current.base, 50, seed=3) if q.kind == "direct"]
        flooder, others = 555_001, [600_001 + i for i in range(result.others)]
        messages = [(flooder, questions[i % len(questions)]) for i in range(result.flood)]
        messages += [(chat_id, questions[i % len(questions)]) for i, chat_id in enumerate(others)]
        log = QuestionLog.open(Path(tmp) / "questions.sqlite3")
        application = build_application(settings, Engine(store), log)
        try:
            await start_polling(application, timeout=10)
            record = await child.run(messages, timeout, 0.0, wait_for=others)
            fed = dict(
                zip([chat_id for chat_id, _ in messages], record["feeds"], strict=False)
            )  # each other chat asks once
            waits = [moment - fed[chat_id] for chat_id, _, moment, _ in record["sends"] if chat_id in others]
            result.others_p50, result.others_max = percentile(waits, 50), max(waits, default=float("nan"))
            result.flood_answered = sum(chat_id == flooder for chat_id, _, _, _ in record["sends"])
            if not record["complete"]:
                result.error = f"the other chats were not all answered within {timeout:.0f} s"
            # Application.stop waits for the flooding chat's remaining updates: past the flood limit they are not
            # answered (bot/telegram/flood.py), so they drain in about a second. (Stopping the fake first would
            # not help now: each send that fails on the way is retried for several seconds.)
        finally:
            await stop_polling(application)
            log.close()
            child.close()


def measure_flood(label: str, flood: int, others: int, timeout: float = 120.0) -> FloodResult:
    result = FloodResult(label, flood, others)
    try:
        asyncio.run(_flood(result, timeout))
    except Exception as error:
        result.error = f"{type(error).__name__}: {error}"[:300]
    return result
