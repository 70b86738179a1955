"""The fake Bot API (tests/fakebotapi.py) driven for a benchmark, in this process or in a child process.

In a child process the fake has its own interpreter (and core): the bot process then spends its time only on the
bot, as in production where the Bot API is another machine. Both share the system's monotonic clock, and every
time below is taken in the fake's process anyway: when it queued an update, and when each call arrived.

Child protocol (one JSON object per line): the child prints {"base_url": ...}; the parent sends
{"messages": [[chat_id, text], ...], "timeout": s, "grace": s}; the child waits for the bot's first getUpdates,
queues every message at once, waits until each has a sendMessage (or the timeout), keeps listening for `grace`
seconds to catch duplicates, and prints the record (see `drive`). Then the parent sends {"stop": true}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from bench.timing import most_within
from tests.fakebotapi import FakeBotApi


async def drive(
    fake: FakeBotApi, messages: list[tuple[int, str]], timeout: float, grace: float, wait_for: list[int] | None = None
) -> dict[str, Any]:
    """Queue every message at once; the record of what happened, with times in time.monotonic() seconds.

    Waits for a sendMessage per message, or only per message to the chats in `wait_for` when given.
    """
    await fake.wait_for(lambda call: call.method.lower() == "getupdates", timeout=30)
    started_calls = len(fake.calls)
    feeds = []
    for chat_id, text in messages:
        fake.send_message(chat_id, text)
        feeds.append(time.monotonic())
    chats = {chat_id for chat_id, _ in messages}
    wanted = lambda call: call.method.lower() == "sendmessage" and call.params.get("chat_id") in chats  # noqa: E731
    waited = set(wait_for) if wait_for else chats
    count = sum(chat_id in waited for chat_id, _ in messages)
    try:
        await fake.wait_for_count(
            lambda call: wanted(call) and call.params.get("chat_id") in waited, count, timeout=timeout
        )
        complete = True
    except AssertionError:
        complete = False
    await asyncio.sleep(grace)
    calls = fake.calls[started_calls:]
    return {
        "feeds": feeds,
        "complete": complete,
        "sends": [
            [c.params.get("chat_id"), str(c.params.get("text", "")), c.time, c.status] for c in calls if wanted(c)
        ],
        "methods": _count(c.method for c in calls),
        "statuses": _count(str(c.status) for c in calls),
        "in_flight_max": most_within([c.time for c in calls if c.method.lower() != "getupdates"], fake.latency),
    }


def _count(items: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


async def _child(latency: float, token: str) -> None:
    fake = FakeBotApi(token=token, latency=latency)
    await fake.start()
    loop = asyncio.get_running_loop()
    print(json.dumps({"base_url": fake.base_url, "base_file_url": fake.base_file_url}), flush=True)
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        request = json.loads(line)
        if request.get("stop"):
            break
        record = await drive(
            fake, [tuple(m) for m in request["messages"]], request["timeout"], request["grace"], request.get("wait_for")
        )
        print(json.dumps(record), flush=True)
    # The bot stops its updater after "stop": keep answering its last calls briefly, then close.
    await asyncio.sleep(0.5)
    await fake.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--token", required=True)
    arguments = parser.parse_args()
    asyncio.run(_child(arguments.latency, arguments.token))
