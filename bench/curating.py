"""What the curator's loop costs on the real fact base: the regression checks within a reload, one edit from
Telegram (round-trip YAML, full validation, atomic write, swap, git commit) and its undo, and the /stats chart.

Run alone: `python -m bench.curating` (prints one line per figure). Medians of repeated runs on a copy of facts/
in a temporary git work tree; nothing in the repository is touched.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from bot.curation.edits import Editor
from bot.curation.stats import DayCount
from bot.engine.knowledge import KnowledgeStore, build, collisions, failed_checks

FACTS = Path(__file__).resolve().parent.parent / "facts"
FACT = "hohhot-rd-institutions"


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    knowledge = build(FACTS)
    checks = len(knowledge.base.checks)
    checking = median_ms(lambda: failed_checks(knowledge.matcher), 50)
    print(f"checks: {checks}, all run in {checking:.2f} ms ({checking / checks:.3f} ms each)")
    print(f"collision check: {median_ms(lambda: collisions(knowledge.matcher), 50):.2f} ms")
    reloading = median_ms(lambda: build(FACTS, previous=knowledge), 10)
    print(f"reload (build with the previous index, checks included): {reloading:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        facts = Path(folder) / "facts"
        shutil.copytree(FACTS, facts)
        for step in (
            ["init", "-q"],
            ["add", "-A"],
            ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "x"],
        ):
            subprocess.run(["git", "-C", str(facts), *step], check=True)
        editor = Editor(KnowledgeStore(facts))
        edits, undos = [], []
        for letter in "abcdefghij":
            started = time.perf_counter()
            done = editor.add_question(FACT, f"How many zorblax {letter * 3} institutions does Hohhot have?", "bench")
            edits.append(time.perf_counter() - started)
            started = time.perf_counter()
            editor.undo(done.edit, "bench")
            undos.append(time.perf_counter() - started)
        print(
            f"edit from Telegram, committed: {statistics.median(edits) * 1000:.0f} ms; "
            f"its undo: {statistics.median(undos) * 1000:.0f} ms"
        )
    from bot.curation.chart import chart_png  # after the rest: the first chart pays for importing matplotlib

    daily = [DayCount(date(2024, 5, 1) + timedelta(days=i), i % 5, i % 3, i * 7 % 4) for i in range(30)]
    groups = [(f"question number {i}", 9 - i) for i in range(8)]
    first = median_ms(lambda: chart_png(daily, groups), 1)
    again = median_ms(lambda: chart_png(daily, groups), 5)
    print(f"/stats chart: first {first:.0f} ms (imports matplotlib), then {again:.0f} ms")


if __name__ == "__main__":
    main()
