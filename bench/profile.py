"""Where the time goes, for the targets that are not met (not part of `python -m bench`).

    python -m bench.profile build 10000      # bot.engine.knowledge.build on a generated fact base of that size
    python -m bench.profile e2e 600 60       # the bot process during an end-to-end run (fake in a child)
    python -m bench.profile match real       # Matcher.match on the drawn questions of a fact base

Prints cProfile's top functions by own time, and the same time grouped by package (bot modules separately),
which is what tells the matcher, python-telegram-bot and the HTTP client (httpx, httpcore, anyio, h11) apart.
Add --nogc to run with the cyclic garbage collector off, to see its share, and --whatif NAME to apply a variant
of bench/whatif.py first (e.g. --whatif echo_handler).
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import pstats
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _group(file: str, function: str) -> str:
    found = re.search(r"site-packages/([^/]+)", file)
    if found:
        return found.group(1)
    if "/bot/" in file:
        return "bot/" + file.split("/bot/", 1)[1]
    if "/bench/" in file:
        return "bench"
    if file.startswith(("~", "<built-in")):
        return f"built-in {function[:50]}"
    if "/lib/python3" in file:
        return "stdlib " + re.split(r"/lib/python3[^/]*/", file)[1].split("/")[0]
    return file


def report(profile: cProfile.Profile, top: int = 25) -> None:
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(top)
    groups: dict[str, float] = {}
    total = 0.0
    for (file, _, function), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        key = _group(file, function)
        groups[key] = groups.get(key, 0.0) + own
        total += own
    print("Own time by package:")
    for key, seconds in sorted(groups.items(), key=lambda item: -item[1])[:top]:
        print(f"  {seconds:7.3f} s  {100 * seconds / total:5.1f}%  {key}")


def main(argv: list[str]) -> int:
    if "--nogc" in argv:
        argv = [a for a in argv if a != "--nogc"]
        gc.disable()
    applied: list[str] = []
    while "--whatif" in argv:  # apply a bench/whatif.py variant first
        at = argv.index("--whatif")
        from bench import whatif

        whatif.apply([argv[at + 1]])
        applied.append(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    what = argv[0] if argv else "build"
    profile = cProfile.Profile()
    if what == "build":
        from bench.synthetic import generate
        from bot.engine.knowledge import build

        size = int(argv[1]) if len(argv) > 1 else 10_000
        with tempfile.TemporaryDirectory() as scratch:
            path = generate(size, Path(scratch) / "facts").path
            profile.enable()
            build(path)
            profile.disable()
    elif what == "e2e":
        from bench import endtoend

        questions = int(argv[1]) if len(argv) > 1 else 600
        chats = int(argv[2]) if len(argv) > 2 else 60
        result = endtoend.EndToEndResult("profile", questions, chats, 0.05, False, "child process")
        reply = endtoend.echoed if "echo_handler" in applied else endtoend.expected_reply
        profile.enable()
        asyncio.run(endtoend._run(result, 300, reply))
        profile.disable()
        print(f"{result.per_second:.0f} questions/s, bot CPU {result.bot_cpu_seconds:.2f} s for {questions}")
    elif what == "match":
        from bench.samples import draw
        from bot.engine.knowledge import build

        label = argv[1] if len(argv) > 1 else "real"
        with tempfile.TemporaryDirectory() as scratch:
            if label == "real":
                path = ROOT / "facts"
            else:
                from bench.synthetic import generate

                path = generate(int(label), Path(scratch) / "facts").path
            knowledge = build(path)
            questions = [q.text for q in draw(knowledge.base, 250)]
            profile.enable()
            for question in questions:
                knowledge.matcher.match(question)
            profile.disable()
    else:
        print(__doc__)
        return 2
    report(profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
