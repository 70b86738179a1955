"""3. Reload under load: `store.reload()` in a thread (as /reload does, with asyncio.to_thread) while the event loop
keeps answering questions with `store.current.matcher.match`, one per loop iteration, as the bot does.

Reported: how long the reload took (and how long the same build takes with nothing else running), how many
answers the loop gave meanwhile, and the gaps between consecutive answers: the longest one is the longest time a
user's question would have waited on a loop that had it ready; the gaps of the half second after the reload count
too. The same loop without a reload gives the baseline gap (the matcher's own time per answer).
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass
from itertools import cycle, pairwise
from pathlib import Path

from bench.samples import draw
from bench.timing import percentile
from bot.engine.knowledge import KnowledgeStore

AFTER = 0.5  # seconds of answering measured after the reload finished


@dataclass
class ReloadResult:
    facts: int
    idle_build_seconds: float  # the store's first build, with nothing else running
    reload_seconds: float  # store.reload() in a thread while the loop answers
    answers_during: int
    max_gap: float  # longest time between two consecutive answers while the reload ran
    p99_gap: float
    gaps_over_50ms: int
    baseline_max_gap: float  # the same loop with no reload running
    baseline_p99_gap: float
    switch_interval: float
    swapped: bool  # the store serves the new knowledge afterwards

    def as_dict(self) -> dict:
        return dict(self.__dict__)


async def _answer_while(store: KnowledgeStore, questions: list[str], until: asyncio.Future | float) -> list[float]:
    """Answer questions one per loop iteration until `until` (a future, or a monotonic deadline); answer times."""
    stamps = [time.perf_counter()]
    for question in cycle(questions):
        store.current.matcher.match(question)
        stamps.append(time.perf_counter())
        await asyncio.sleep(0)  # yield to the loop between answers, as separate updates do
        if isinstance(until, float) and stamps[-1] >= until:
            break
        if not isinstance(until, float) and until.done():
            break
    return stamps


def _gaps(stamps: list[float]) -> list[float]:
    return [b - a for a, b in pairwise(stamps)]


async def _run(path: Path) -> ReloadResult:
    begun = time.perf_counter()
    store = KnowledgeStore(path)
    idle_build = time.perf_counter() - begun
    questions = [q.text for q in draw(store.current.base, 100, seed=11)]
    for question in questions[:50]:  # warm the spelling cache as a running bot's would be
        store.current.matcher.match(question)
    baseline = _gaps(await _answer_while(store, questions, time.perf_counter() + 1.0))
    old = id(store.current)  # not the object: holding it would keep the reload from freeing it as in production
    begun = time.perf_counter()
    reload = asyncio.ensure_future(asyncio.to_thread(store.reload))
    stamps = await _answer_while(store, questions, reload)
    await reload
    reload_seconds = time.perf_counter() - begun
    # Half a second more: costs that come due after the swap (a collection of the new objects, say) count too.
    after = await _answer_while(store, questions, time.perf_counter() + AFTER)
    gaps = _gaps(stamps) + _gaps([stamps[-1], *after[1:]])
    return ReloadResult(
        facts=len(store.current.base.facts),
        idle_build_seconds=idle_build,
        reload_seconds=reload_seconds,
        answers_during=len(stamps) - 1,
        max_gap=max(gaps, default=0.0),
        p99_gap=percentile(gaps, 99),
        gaps_over_50ms=sum(g > 0.050 for g in gaps),
        baseline_max_gap=max(baseline, default=0.0),
        baseline_p99_gap=percentile(baseline, 99),
        switch_interval=sys.getswitchinterval(),
        swapped=id(store.current) != old,
    )


def measure(path: Path) -> ReloadResult:
    return asyncio.run(_run(path))
