"""Regression checks: read with their lines, run after the collision check, and refused through every path."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine.knowledge import KnowledgeStore, build
from bot.engine.model import DECLINE, FactBaseError

FACTS = Path(__file__).resolve().parent.parent / "facts"
RD_FACT = "hohhot-rd-institutions"
PASSING = f"""\
# comments are fine
checks:
  - question: How many R&D institutions does Hohhot have?
    answer: {RD_FACT}
  - question: How many R&D institutions does Ordos have?
    answer: decline
"""
FAILING = f"""\
checks:
  - question: How many R&D institutions does Hohhot have?
    answer: {RD_FACT}

  - question: What is the capital of Inner Mongolia?
    answer: decline
  - question: How many R&D institutions does Ordos have?
    answer: {RD_FACT}
"""


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """A copy of the fact base without its own checks, so each test says which checks it has."""
    copy = tmp_path / "facts"
    shutil.copytree(FACTS, copy)
    (copy / "checks.yaml").unlink()
    return copy


def test_checks_are_read_with_their_file_and_line(facts: Path) -> None:
    (facts / "guard.yaml").write_text(PASSING, encoding="utf-8")
    base = build(facts).base
    assert [(c.question, c.answer, Path(c.path).name, c.line) for c in base.checks] == [
        ("How many R&D institutions does Hohhot have?", RD_FACT, "guard.yaml", 3),
        ("How many R&D institutions does Ordos have?", DECLINE, "guard.yaml", 5),
    ]


def test_each_failing_check_is_a_problem_at_its_line_with_the_decision_it_got(facts: Path) -> None:
    (facts / "guard.yaml").write_text(FAILING, encoding="utf-8")
    with pytest.raises(FactBaseError) as raised:
        build(facts)
    problems = [str(problem).replace(str(facts) + "/", "") for problem in raised.value.problems]
    assert problems == [
        "guard.yaml:5: check failed: 'What is the capital of Inner Mongolia?' must be declined, got answered with "
        "'hohhot-capital-of-inner-mongolia' (score 100.0)",
        f"guard.yaml:7: check failed: 'How many R&D institutions does Ordos have?' must be answered with '{RD_FACT}', "
        "got declined: the question is about Ordos, which fact hohhot-rd-institutions is not about",
    ]


def test_malformed_checks_are_reported_like_any_other_problem(facts: Path) -> None:
    (facts / "guard.yaml").write_text(
        "checks:\n  - question: How many R&D institutions does Hohhot have?\n    answer: no-such-fact\n"
        "  - question: only a question\n  - answer: decline\n    colour: blue\n  - just text\n",
        encoding="utf-8",
    )
    with pytest.raises(FactBaseError) as raised:
        build(facts)
    problems = [str(problem).replace(str(facts) + "/", "") for problem in raised.value.problems]
    assert problems == [
        "guard.yaml:3: unknown fact 'no-such-fact' (a fact id or 'decline')",
        "guard.yaml:4: checks entry is missing 'answer'",
        "guard.yaml:5: checks entry is missing 'question'",
        "guard.yaml:6: unknown key 'colour' in checks (known keys: question, answer)",
        "guard.yaml:7: each entry of 'checks' must be a mapping, not 'just text'",
    ]


def test_reload_and_upload_refuse_a_failing_check_and_keep_serving(facts: Path) -> None:
    store = KnowledgeStore(facts)
    served = store.current
    (facts / "guard.yaml").write_text(FAILING, encoding="utf-8")
    with pytest.raises(FactBaseError, match="check failed"):
        store.reload()
    assert store.current is served
    (facts / "guard.yaml").unlink()
    with pytest.raises(FactBaseError, match="check failed"):
        store.install("guard.yaml", FAILING.encode())
    assert store.current is served and not (facts / "guard.yaml").exists()
    store.install("guard.yaml", PASSING.encode())
    assert len(store.current.base.checks) == 2


def test_the_seeded_checks_pass_and_cover_answers_and_traps_in_both_languages() -> None:
    checks = build(FACTS).base.checks
    answers = [check for check in checks if check.answer != DECLINE]
    traps = [check for check in checks if check.answer == DECLINE]
    assert len(answers) >= 10 and len(traps) >= 10
    chinese = [check for check in checks if any("\u4e00" <= char <= "\u9fff" for char in check.question)]
    assert {check.answer == DECLINE for check in chinese} == {True, False}
    devset = Path("/work/shared/devset")
    if devset.is_dir():  # the checks are the curators' own, not a copy of the development questions
        asked = "\n".join(path.read_text(encoding="utf-8") for path in devset.glob("*.yaml"))
        assert not [check.question for check in checks if f'"{check.question}"' in asked]


def run_check(facts: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "--facts", str(facts), "check"],
        capture_output=True,
        text=True,
        cwd=FACTS.parent,
    )


def test_python_m_bot_check_exits_1_with_path_and_line_on_a_failing_check(facts: Path) -> None:
    (facts / "guard.yaml").write_text(FAILING, encoding="utf-8")
    result = run_check(facts)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{facts / 'guard.yaml'}:5: check failed: 'What is the capital of Inner Mongolia?'")
    assert lines[1].startswith(f"{facts / 'guard.yaml'}:7: check failed:")
    assert lines[-1] == f"2 problem(s) found in {facts}"


def test_python_m_bot_check_exits_0_when_the_checks_pass(facts: Path) -> None:
    (facts / "guard.yaml").write_text(PASSING, encoding="utf-8")
    result = run_check(facts)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: ") and "2 checks passed" in result.stdout
