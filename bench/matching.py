"""1. Matcher latency per question, side by side with the naive rapidfuzz baseline on the same questions.

Every question is timed once (a fresh question, as in production; the spelling-correction cache is as warm as a
bot's after a few questions: a separate warm-up set is matched first). The baseline is
`process.extractOne(question, all_example_questions, scorer=fuzz.WRatio, processor=utils.default_process)`,
the one-line answer to "match a question to a fact" that the matcher must never be slower than.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from bench.samples import KINDS, Question, draw
from bench.timing import percentile
from bot.engine.knowledge import Knowledge


@dataclass
class LatencyResult:
    label: str
    facts: int
    examples: int
    questions: int
    matcher: list[float]  # seconds per question, in question order
    baseline: list[float]
    kinds: list[str]
    accuracy: dict[str, float] = field(default_factory=dict)  # kind -> share handled right by the matcher
    baseline_accuracy: dict[str, float] = field(default_factory=dict)  # kind -> share with the right top-1 fact

    def p(self, which: str, q: float, kind: str | None = None) -> float:
        values = self.matcher if which == "matcher" else self.baseline
        return (
            percentile([v for v, k in zip(values, self.kinds, strict=False) if kind is None or k == kind], q)
            if values
            else float("nan")
        )

    def as_dict(self) -> dict:
        common = len(self.baseline)  # the questions both were timed on
        out = {
            "label": self.label,
            "facts": self.facts,
            "examples": self.examples,
            "questions": self.questions,
            "baseline_questions": common,
            "accuracy": self.accuracy,
            "baseline_accuracy": self.baseline_accuracy,
        }
        for which in ("matcher", "baseline"):
            out[which] = {
                "p50_ms": self.p(which, 50) * 1000,
                "p99_ms": self.p(which, 99) * 1000,
                "by_kind_p50_ms": {k: self.p(which, 50, k) * 1000 for k in KINDS if k in self.kinds},
            }
        same = self.matcher[:common]
        out["ratio_p50"] = percentile(same, 50) / percentile(self.baseline, 50) if common else float("nan")
        out["ratio_p99"] = percentile(same, 99) / percentile(self.baseline, 99) if common else float("nan")
        return out


def measure(
    label: str,
    knowledge: Knowledge,
    per_kind: int,
    questions: list[Question] | None = None,
    baseline_limit: int | None = None,
) -> LatencyResult:
    """Time the matcher on every question and the baseline on the first `baseline_limit` (all when None).

    The questions are interleaved by kind, so a prefix has every kind in equal shares.
    """
    base, matcher = knowledge.base, knowledge.matcher
    questions = questions if questions is not None else draw(base, per_kind)
    choices = [example.text for fact in base.facts for example in fact.examples]
    owners = [fact.id for fact in base.facts for _ in fact.examples]
    for warm in draw(base, 5, seed=99):
        matcher.match(warm.text)
    perf = time.perf_counter
    matcher_times, decisions = [], []
    for question in questions:
        started = perf()
        match = matcher.match(question.text)
        matcher_times.append(perf() - started)
        decisions.append(match)
    baseline_times, tops = [], []
    process.extractOne("warm up", choices, scorer=fuzz.WRatio, processor=utils.default_process)
    for question in questions[:baseline_limit]:
        started = perf()
        found = process.extractOne(question.text, choices, scorer=fuzz.WRatio, processor=utils.default_process)
        baseline_times.append(perf() - started)
        tops.append(owners[found[2]] if found else None)
    result = LatencyResult(
        label, len(base.facts), len(choices), len(questions), matcher_times, baseline_times, [q.kind for q in questions]
    )
    for kind in KINDS:
        mine = [(q, m) for q, m in zip(questions, decisions, strict=False) if q.kind == kind]
        if not mine:
            continue
        if kind == "out_of_scope":
            right = sum(m.decision != "answered" for _, m in mine)
        else:
            right = sum(m.decision == "answered" and m.fact_id == q.expected for q, m in mine)
        result.accuracy[kind] = right / len(mine) if mine else float("nan")
        theirs = [(q, t) for q, t in zip(questions, tops, strict=False) if q.kind == kind]
        if theirs and kind != "out_of_scope":
            result.baseline_accuracy[kind] = sum(t == q.expected for q, t in theirs) / len(theirs)
    return result
