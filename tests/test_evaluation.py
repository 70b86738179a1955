"""The question sets as tests, with the bars the issues set, through the command line as a curator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
DEVSET = ROOT.parent / "shared" / "devset" / "questions.yaml"
DEVSET2 = ROOT.parent / "shared" / "devset" / "questions2.yaml"
CONVERSATIONS = ROOT.parent / "shared" / "devset" / "conversations.yaml"
HELDOUT = Path(__file__).parent / "heldout_questions.yaml"


def run_eval(questions: Path, *bars: str) -> subprocess.CompletedProcess[str]:
    assert questions.exists(), f"{questions} is missing: the development set lives in ../shared beside the repo"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", "eval", str(questions), *bars],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


def test_development_set_meets_the_bar() -> None:
    """At least 95 % of in-scope questions answered correctly, 95 % of the others declined, at most one wrong."""
    result = run_eval(DEVSET, "--min-in-scope", "0.95", "--min-declined", "0.95", "--max-wrong", "1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_set_chinese_questions_are_answered_or_declined_as_expected() -> None:
    result = run_eval(DEVSET)
    zh = next(line for line in result.stdout.splitlines() if line.startswith("zh "))
    total, ok = zh.split()[1:3]
    assert ok == total, zh


def test_held_out_set_does_not_regress() -> None:
    """Questions written without looking at the matcher: a guard against tuning to the development strings.

    The bar is below the development set's because these were never tuned on; out of scope must stay declined.
    """
    result = run_eval(HELDOUT, "--min-in-scope", "0.70", "--min-declined", "0.95", "--max-wrong", "1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_second_development_set_meets_the_bar() -> None:
    """Written blind: at least 85 % of in-scope English questions and 80 % of Chinese ones answered correctly,
    95 % of traps, unrelated questions and small talk not answered with a fact, at most 1 % wrong answers."""
    result = run_eval(
        DEVSET2, "--min-in-scope", "0.85", "--min-chinese", "0.80", "--min-declined", "0.95", "--max-wrong", "1"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_conversations_meet_the_bar_and_context_adds_no_wrong_answer() -> None:
    """At least 85 % of conversations right in every turn and 85 % of follow-up turns, with no more wrong answers
    than when every turn is asked alone."""
    result = run_eval(
        CONVERSATIONS, "--min-conversations", "0.85", "--min-follow-ups", "0.85", "--no-worse-with-context"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_small_talk_question_is_small_talk_and_never_logged_as_unanswered(tmp_path: Path) -> None:
    from bot.curation.evaluation import read_cases
    from bot.engine.facade import Engine
    from bot.engine.knowledge import KnowledgeStore

    engine = Engine(KnowledgeStore(ROOT / "facts"))
    small_talk = [case for case in read_cases(DEVSET2) if case.category == "smalltalk"]
    assert small_talk
    for case in small_talk:
        reply = engine.ask(case.question)
        assert reply.decision == "smalltalk" and reply.match is None, case.question


BLIND = sorted((Path(__file__).parent / "blind").glob("*.yaml"))


def test_the_blind_sets_are_all_there() -> None:
    assert len([path for path in BLIND if path.name.startswith("questions-")]) == 30
    assert len([path for path in BLIND if path.name.startswith("conversations-")]) == 30


# Set n's conversations, the weakest when first measured, keep floors of their own below that first figure, so that
# adding them loosened no floor the other sets had.
UNSEEN_LAST = ("conversations-n.yaml",)


def test_questions_written_blind_do_not_regress() -> None:
    """Thirty sets of single questions written blind: floors below today's worst set (84 % in scope, 95.5 %
    declined, 2 wrong), so that a change that loses a class of questions, or answers traps, fails."""
    for path in (path for path in BLIND if path.name.startswith("questions-")):
        result = run_eval(path, "--min-in-scope", "0.82", "--min-declined", "0.95", "--max-wrong", "2")
        assert result.returncode == 0, path.name + "\n" + result.stdout + result.stderr


def test_conversations_written_blind_do_not_regress() -> None:
    """Thirty sets of conversations written blind: floors below today's worst set (80 % of conversations right
    in every turn and 91 % of follow-ups; n as first measured: 77 % and 85 %)."""
    for path in (path for path in BLIND if path.name.startswith("conversations-")):
        floors = ("0.73", "0.82") if path.name in UNSEEN_LAST else ("0.78", "0.90")
        result = run_eval(path, "--min-conversations", floors[0], "--min-follow-ups", floors[1])
        assert result.returncode == 0, path.name + "\n" + result.stdout + result.stderr
