"""The command line, run as a person runs it: through a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

MINI = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).parent.parent


def run(*args: str, stdin: str = "", facts: Path = MINI) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", "--facts", str(facts), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )


def test_ask_prints_the_answer_with_its_source() -> None:
    result = run("ask", "How many R&D institutions does Hohhot have?")
    assert result.returncode == 0
    assert "464" in result.stdout
    assert "Source: \u201cA mini article\u201d, Test publisher, 2021 (exact date not known)" in result.stdout


def test_ask_json_has_every_field() -> None:
    result = run("ask", "--json", "How many R&D institutions does Ordos have?")
    reply = json.loads(result.stdout)
    assert {"question", "answered", "text", "fact_id", "score", "suggestions", "source"} <= set(reply)
    assert reply["answered"] is False and reply["fact_id"] is None and reply["source"] is None
    assert "Ordos" in reply["text"]


def test_ask_json_reads_one_question_per_line_in_order() -> None:
    questions = ["yili award", "", "What's the temperature in Baotou?", "呼和浩特", "x" * 5000]
    result = run("ask", "--json", "-", stdin="\n".join(questions) + "\n")
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in replies[:4]] == [q.strip() for q in questions[:4]]
    assert replies[4]["question"] == "x" * 299 + "\u2026"  # only the beginning of a long message is read
    assert replies[0]["answered"] and replies[0]["fact_id"] == "yili-prize"
    assert replies[0]["source"]["title"] == "A mini article"
    assert "Please type a question" in replies[1]["text"]
    assert not replies[2]["answered"]
    assert replies[3]["text"]  # Chinese input gets a reply, not a crash
    assert "I read only its first 300 characters" in replies[4]["text"]


def test_chat_ends_cleanly_on_end_of_input() -> None:
    result = run("chat", stdin="yili award\n/facts dairy\n")
    assert result.returncode == 0
    assert "Yili won a prize in 2020." in result.stdout
    assert "Dairy: 1 facts" in result.stdout
    assert result.stdout.rstrip().endswith("Bye.")


def test_run_without_a_token_starts_the_console_chat() -> None:
    result = run("run", stdin="yili award\n")
    assert result.returncode == 0
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert "Yili won a prize" in result.stdout


def test_facts_lists_topics_with_counts_and_one_topic_fuzzily() -> None:
    listing = run("facts").stdout
    assert "Industry (2)" in listing and "Dairy (1)" in listing
    topic = run("facts", "indstry").stdout
    assert "Baotou has the most complete industrial system" in topic
    unknown = run("facts", "volcanoes").stdout
    assert "I have no topic called" in unknown and "Industry (2)" in unknown


def test_check_summarises_or_lists_errors(tmp_path: Path) -> None:
    ok = run("check")
    assert ok.returncode == 0
    assert "4 facts, 3 topics, 1 sources" in ok.stdout and "16 example questions" in ok.stdout
    broken = tmp_path / "facts"
    shutil.copytree(MINI, broken)
    (broken / "bad.yaml").write_text("facts:\n  - id: x\n    txt: y\n", encoding="utf-8")
    result = run("check", str(broken))
    assert result.returncode == 1
    assert f"{broken / 'bad.yaml'}:3: unknown key 'txt'" in result.stdout


def test_eval_prints_a_table_and_enforces_the_bars(tmp_path: Path) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text(
        '- {q: "How many R&D institutions does Hohhot have?", expect: answer, must: ["464"], cat: direct}\n'
        '- {q: "yili award", expect: answer, must: ["2019"], cat: keyword}\n'
        '- {q: "How many R&D institutions does Ordos have?", expect: decline, cat: trap}\n',
        encoding="utf-8",
    )
    result = run("eval", str(questions))
    assert result.returncode == 0
    assert "wrong answer" in result.stdout and "keyword" in result.stdout
    assert "'yili award': expected answer 2019; got answered yili-prize (wrong answer)" in result.stdout
    strict = run("eval", str(questions), "--max-wrong", "0", "--min-in-scope", "0.9")
    assert strict.returncode == 1
    assert "Bar missed" in strict.stdout


def test_export_is_json_with_sources() -> None:
    exported = json.loads(run("export").stdout)
    fact = next(f for f in exported["facts"] if f["id"] == "hohhot-rd")
    assert fact["topics"] == ["research-and-development"] and fact["entities"] == ["hohhot"]
    assert len(fact["questions"]) == 4
    assert fact["source"]["title"] == "A mini article"


def test_report_reads_the_question_log_and_writes_the_chart(tmp_path: Path) -> None:
    from bot.curation.logentry import LoggedQuestion
    from bot.curation.questionlog import QuestionLog

    with QuestionLog.open(tmp_path / "questions.sqlite3", salt="test") as log:
        for number in range(3):
            log.record(LoggedQuestion("yili award", "answered", user_id=number, fact_id="yili-prize", score=100.0))
        log.record(LoggedQuestion("How many people live in Baotou?", "declined", user_id=9, score=30.0))
        assert log.flush()
    chart = tmp_path / "chart.png"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATA_DIR": str(tmp_path), "QUESTION_LOG_SALT": "test"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--facts", str(MINI), "report", "--days", "7", "--png", str(chart)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "4 questions" in result.stdout and "answered 75%" in result.stdout
    assert "How many people live in Baotou?" in result.stdout  # the unanswered queue
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_report_without_a_log_says_where_it_looked(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--facts", str(MINI), "report"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "No question log at" in result.stderr and "DATA_DIR" in result.stderr


def test_ask_json_reads_chat_lines_as_conversations_and_plain_lines_alone() -> None:
    lines = [
        '{"chat": "a", "question": "How many R&D institutions does Hohhot have?"}',
        '{"chat": "b", "question": "hi"}',
        '{"chat": "a", "question": "what about Baotou?"}',
        "what about Baotou?",
    ]
    result = run("ask", "--json", "-", stdin="\n".join(lines) + "\n")
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [reply.get("chat") for reply in replies] == ["a", "b", "a", None]
    assert replies[0]["fact_id"] == "hohhot-rd" and replies[1]["decision"] == "smalltalk"
    assert replies[2]["question"] == "what about Baotou?" and not replies[2]["answered"]  # Baotou's R&D: unknown
    assert replies[2]["text"].startswith("Baotou \u2014")  # shows how it understood the follow-up
    assert not replies[3]["text"].startswith("Baotou \u2014")  # a plain line has no context
