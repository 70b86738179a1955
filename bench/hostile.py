"""6. Hostile messages: what the longest, oddest messages cost to answer, in time and in memory.

Messages of up to 4,096 characters (Telegram's limit) of several kinds an attacker would try: random words (each
one a spelling correction), capitalised words (each an unknown name), many short clauses (each matched again),
Chinese characters, a single 4,096-letter word, emoji, punctuation, and mixes with real names and years. Each is
distinct, so no cache helps twice.

Time: `Engine.ask` on the real fact base, as the bot calls it for every text message (matching, the reply, the
300-character cap). Memory: a fresh process that has done what `python -m bot run` does before polling (the
Telegram application, the fact base, the question log) answers 3,000 distinct 4 KB messages and records them in
the question log as the handler does; its peak RSS is the figure. Run as a child: bench/child.py.
"""

from __future__ import annotations

import random
import string
import time
from collections.abc import Callable
from pathlib import Path

from bench.loading import TOKEN, _hwm_mb, _rss_mb
from bench.timing import percentile

LENGTHS = (300, 1000, 4096)
TIME_LIMIT_MS = 5.0
MEMORY_LIMIT_MB = 250.0


def _word(rng: random.Random, low: int = 3, high: int = 10) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(low, high)))


def _cjk(rng: random.Random) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(rng.randint(2, 6)))


PIECES: dict[str, Callable[[random.Random], str]] = {
    "random words": lambda rng: _word(rng) + " ",
    "unknown names": lambda rng: _word(rng, 4, 9).capitalize() + " ",
    "short clauses": lambda rng: f"{_word(rng)} {_word(rng)}, {_word(rng)}: {_word(rng)}? ",
    "chinese": lambda rng: _cjk(rng) + rng.choice("，。？、"),
    "one long word": lambda rng: _word(rng, 50, 50),
    "emoji": lambda rng: chr(rng.randint(0x1F600, 0x1F64F)),
    "punctuation": lambda rng: rng.choice("!?.,;:-&@#()[]") * rng.randint(1, 5) + " ",
    "mixed": lambda rng: (
        rng.choice([_word(rng).capitalize(), _word(rng), "Hohhot", "dairy", "R&D", "2023", "Baotou", _cjk(rng)])
        + rng.choice([" ", ", ", "? ", ". "])
    ),
}


def message(kind: str, length: int, rng: random.Random) -> str:
    """A message of `length` characters made of pieces of this kind."""
    text = ""
    while len(text) < length:
        text += PIECES[kind](rng)
    return text[:length]


def measure_time(facts: Path, per_kind: int, seed: int = 1) -> dict:
    """Time `Engine.ask` on `per_kind` distinct messages of each kind and length; gc runs as in production."""
    from bot.engine.facade import Engine
    from bot.engine.knowledge import KnowledgeStore

    engine = Engine(KnowledgeStore(facts))
    rng = random.Random(seed)
    engine.ask("How many R&D institutions does Hohhot have?")  # first-call imports and lazy set-up
    by_kind: dict[str, list[float]] = {}
    for kind in PIECES:
        for length in LENGTHS:
            for _ in range(per_kind):
                text = message(kind, length, rng)
                started = time.perf_counter()
                engine.ask(text)
                by_kind.setdefault(kind, []).append(time.perf_counter() - started)
    every = [seconds for times in by_kind.values() for seconds in times]
    return {
        "label": "time",
        "messages": len(every),
        "max_ms": max(every) * 1000,
        "p99_ms": percentile(every, 99) * 1000,
        "p50_ms": percentile(every, 50) * 1000,
        "by_kind": {
            kind: {"max_ms": max(times) * 1000, "p50_ms": percentile(times, 50) * 1000}
            for kind, times in by_kind.items()
        },
    }


def measure_memory(facts: Path, messages: int, data_dir: Path, seed: int = 2) -> dict:
    """Peak RSS of a bot process answering and logging `messages` distinct 4 KB messages."""
    from bot.config import Settings
    from bot.curation.logentry import LoggedQuestion
    from bot.curation.questionlog import QuestionLog
    from bot.engine import normalise
    from bot.engine.facade import Engine
    from bot.engine.knowledge import KnowledgeStore
    from bot.telegram.app import build_application

    settings = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "FACTS_PATH": str(facts), "DATA_DIR": str(data_dir), "RATE_LIMIT": "off"}
    )
    engine = Engine(KnowledgeStore(settings.engine.facts_path))
    log = QuestionLog.open(settings.engine.question_log_path)
    build_application(settings, engine, log)
    before = _rss_mb()
    rng = random.Random(seed)
    kinds = list(PIECES)
    started = time.perf_counter()
    for number in range(messages):
        answer = engine.ask(message(kinds[number % len(kinds)], 4096, rng))
        log.record(LoggedQuestion(answer.question, answer.decision, user_id=number, language=answer.language))
    seconds = time.perf_counter() - started
    log.close()
    return {
        "label": "memory",
        "messages": messages,
        "seconds": seconds,
        "rss_before_mb": before,
        "peak_rss_mb": _rss_mb(),
        "hwm_mb": _hwm_mb(),
        "cache_entries": len(normalise.cleaned_units),
        "cache_mb": normalise.cleaned_units.bytes / 1e6,
    }


def targets(rows: list[dict]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for bench/markdown.py's table."""
    timed = next((row for row in rows if row.get("label") == "time" and "max_ms" in row), None)
    memory = next((row for row in rows if row.get("label") == "memory" and "peak_rss_mb" in row), None)
    return [
        (
            f"Any message up to 4,096 characters answered in <= {TIME_LIMIT_MS:g} ms (slowest of every kind)",
            f"slowest {timed['max_ms']:.2f} ms, p99 {timed['p99_ms']:.2f} ms over {timed['messages']:,} messages"
            if timed
            else "n/a",
            timed["max_ms"] <= TIME_LIMIT_MS if timed else None,
        ),
        (
            f"3,000 distinct 4 KB messages keep the bot process <= {MEMORY_LIMIT_MB:g} MB",
            f"peak RSS {memory['peak_rss_mb']:.0f} MB (before them {memory['rss_before_mb']:.0f} MB)"
            if memory
            else "n/a",
            memory["peak_rss_mb"] <= MEMORY_LIMIT_MB if memory else None,
        ),
    ]


def section(rows: list[dict]) -> list[str]:
    """The markdown section."""
    if not rows:
        return []
    out = [
        "## 6. Hostile messages",
        "",
        "Distinct messages of 300, 1,000 and 4,096 characters of each kind below, answered with `Engine.ask` on the "
        "real fact base as the bot answers a text message (only the first 300 characters are matched). Memory: a "
        "fresh process set up as `python -m bot run` is (Telegram application, fact base, question log) answers "
        "and logs 3,000 distinct 4,096-character messages of every kind; peak RSS is its `ru_maxrss`.",
        "",
    ]
    timed = next((row for row in rows if row.get("label") == "time" and "by_kind" in row), None)
    if timed:
        out += ["| Kind of message | Slowest ms | p50 ms |", "| --- | ---: | ---: |"]
        out += [
            f"| {kind} | {figures['max_ms']:.2f} | {figures['p50_ms']:.2f} |"
            for kind, figures in timed["by_kind"].items()
        ]
        out.append("")
    memory = next((row for row in rows if row.get("label") == "memory" and "peak_rss_mb" in row), None)
    if memory:
        out += [
            "| Messages | Answered in s | RSS before MB | Peak RSS MB | VmHWM MB | Text cache entries "
            "| Text cache MB |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {memory['messages']:,} | {memory['seconds']:.1f} | {memory['rss_before_mb']:.0f} "
            f"| {memory['peak_rss_mb']:.0f} | {memory['hwm_mb']:.0f} | {memory['cache_entries']:,} "
            f"| {memory['cache_mb']:.1f} |",
            "",
        ]
    out += [f"| {row['label']} | failed: {row['error']} |" for row in rows if row.get("error")]
    return out
