"""Score the engine on a question set in the format of ../shared/devset/questions.yaml."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.engine.answers import Answer
from bot.engine.explain import explain
from bot.engine.facade import Engine
from bot.engine.messages import pick

OUTCOMES = ("ok", "missed", "wrong answer", "false answer")


@dataclass(frozen=True)
class Case:
    question: str
    expect: str  # answer | decline | either
    must: tuple[str, ...]
    category: str


@dataclass(frozen=True)
class Result:
    case: Case
    reply: Answer
    outcome: str


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    def count(self, outcome: str, expect: str | None = None) -> int:
        return sum(1 for r in self.results if r.outcome == outcome and (expect is None or r.case.expect == expect))

    def total(self, expect: str) -> int:
        return sum(1 for r in self.results if r.case.expect == expect)

    @property
    def in_scope(self) -> float:
        """Share of questions that must be answered that were answered correctly."""
        total = self.total("answer")
        return self.count("ok", "answer") / total if total else 1.0

    @property
    def declined(self) -> float:
        """Share of questions that must be declined that were declined."""
        total = self.total("decline")
        return self.count("ok", "decline") / total if total else 1.0

    @property
    def chinese(self) -> float:
        """Share of Chinese questions (category zh) answered or declined as expected."""
        zh = [r for r in self.results if r.case.category == "zh"]
        return sum(r.outcome == "ok" for r in zh) / len(zh) if zh else 1.0

    @property
    def wrong(self) -> int:
        """Answers that gave a fact which does not say what was asked, in or out of scope."""
        return self.count("wrong answer") + self.count("false answer")


class QuestionSetError(ValueError):
    """The question file is not in the expected format."""


def read_cases(path: Path) -> list[Case]:
    return [case_of(entry, f"{path}: entry {number}") for number, entry in enumerate(load_list(path), 1)]


def load_list(path: Path) -> list[object]:
    """A question file's entries: it must be a YAML list."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise QuestionSetError(f"{path}: cannot read: {error}") from error
    if not isinstance(entries, list):
        raise QuestionSetError(f"{path}: expected a list of entries")
    return entries


def case_of(entry: object, where: str, category: str = "other") -> Case:
    """One question of a set: `{q, expect, must, cat}`; `where` names it in errors."""
    if not isinstance(entry, dict) or not isinstance(entry.get("q"), str):
        raise QuestionSetError(f"{where} needs a text 'q'")
    expect = entry.get("expect", "answer")
    if expect not in ("answer", "decline", "either"):
        raise QuestionSetError(f"{where}: expect must be answer, decline or either")
    must = entry.get("must") or []
    return Case(entry["q"], expect, tuple(str(m) for m in must), str(entry.get("cat", category)))


def satisfies(body: str, must: tuple[str, ...]) -> bool:
    """Every item of `must` is in the body; an item "a|b" is satisfied by either (case-insensitive)."""
    folded = body.casefold()
    return all(any(part.casefold() in folded for part in item.split("|")) for item in must)


def judge(case: Case, reply: Answer) -> str:
    if reply.fact is None:
        return "missed" if case.expect == "answer" else "ok"
    if case.expect == "decline":
        return "false answer"
    body = "\n".join([reply.worked_out, *(pick(reply.language, fact.text, fact.text_zh) for fact in reply.facts)])
    return "ok" if satisfies(body, case.must) else "wrong answer"


def evaluate(engine: Engine, cases: list[Case]) -> Report:
    report = Report()
    for case in cases:
        reply = engine.ask(case.question)
        report.results.append(Result(case, reply, judge(case, reply)))
    return report


def format_report(report: Report) -> str:
    """A table per category, the summary bars, then every failure with the scores behind it."""
    categories = sorted({r.case.category for r in report.results})
    header = f"{'category':<12}{'total':>6}" + "".join(f"{o:>14}" for o in OUTCOMES)
    lines = [header, "-" * len(header)]
    for category in categories:
        outcomes = Counter(r.outcome for r in report.results if r.case.category == category)
        total = sum(outcomes.values())
        lines.append(f"{category:<12}{total:>6}" + "".join(f"{outcomes[o]:>14}" for o in OUTCOMES))
    outcomes = Counter(r.outcome for r in report.results)
    lines.append(f"{'all':<12}{len(report.results):>6}" + "".join(f"{outcomes[o]:>14}" for o in OUTCOMES))
    lines.append("")
    lines.append(
        "in scope answered correctly: "
        f"{report.count('ok', 'answer')}/{report.total('answer')} ({report.in_scope:.1%}); "
        f"out of scope declined: {report.count('ok', 'decline')}/{report.total('decline')} ({report.declined:.1%}); "
        f"wrong answers: {report.wrong}"
    )
    failures = [r for r in report.results if r.outcome != "ok"]
    if failures:
        lines += ["", "Failures:"]
    for result in failures:
        reply, match = result.reply, result.reply.match
        got = f"{reply.decision} {reply.fact.id if reply.fact else ''}".strip()
        lines.append(
            f"- [{result.case.category}] {result.case.question!r}: expected {result.case.expect} "
            f"{'|'.join(result.case.must)}; got {got} ({result.outcome})"
        )
        if match is not None:
            lines.extend("    " + line for line in explain(match).splitlines()[1:])
    return "\n".join(lines)
