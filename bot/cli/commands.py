"""The command-line commands. Each takes the settings built once by main.py and the parsed arguments."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path

from bot.cli.console import converse
from bot.cli.output import answer_json, fact_base_json
from bot.config import Settings
from bot.curation.dialogues import (
    DialogueReport,
    evaluate_conversations,
    format_dialogues,
    is_conversation_set,
    read_conversations,
)
from bot.curation.evaluation import QuestionSetError, Report, evaluate, format_report, read_cases
from bot.curation.logentry import QuestionLogError
from bot.curation.questionlog import QuestionLog
from bot.curation.summary import build_report
from bot.engine.facade import Engine
from bot.engine.knowledge import KnowledgeStore, build
from bot.engine.model import FactBaseError
from bot.engine.reply import plain_text

Handler = Callable[[Settings, argparse.Namespace], int]


def open_engine(settings: Settings) -> Engine:
    """Load the facts or exit with every problem listed (the command line has nothing older to fall back on)."""
    path = settings.engine.facts_path
    try:
        return Engine(KnowledgeStore(path))
    except FactBaseError as error:
        print(f"The facts in {path} are invalid:", file=sys.stderr)
        print(error, file=sys.stderr)
        raise SystemExit(1) from error


def ask(settings: Settings, args: argparse.Namespace) -> int:
    """Answer the question given, or one per line of stdin with `-`.

    A stdin line may be a JSON object `{"chat": "ID", "question": "TEXT"}`: lines of the same chat are one
    conversation, read in order with its context, and each answer object carries its `chat`. Plain lines stay
    independent.
    """
    engine = open_engine(settings)
    lines: Iterable[str] = sys.stdin if args.question == ["-"] else [" ".join(args.question)]
    for line in lines:
        question, chat = _chat_line(line.rstrip("\n"))
        reply = engine.ask(question, args.lang, chat)
        if args.json:
            shown = answer_json(reply) | ({"chat": chat} if chat is not None else {})
            print(json.dumps(shown, ensure_ascii=False), flush=True)
        else:
            print(plain_text(reply.reply), flush=True)
    return 0


def _chat_line(line: str) -> tuple[str, str | None]:
    """A stdin line as (question, chat): a JSON object with a question, or else the line itself."""
    if line.lstrip().startswith("{"):
        try:
            value = json.loads(line)
        except ValueError:
            return line, None
        if isinstance(value, dict) and isinstance(value.get("question"), str):
            chat = value.get("chat")
            return value["question"], None if chat is None else str(chat)
    return line, None


def facts(settings: Settings, args: argparse.Namespace) -> int:
    """The topic list, or every page of the topic a person means."""
    engine = open_engine(settings)
    language = args.lang or "en"
    pages = [engine.browse(" ".join(args.topic), language)]
    while turn := next((c for c in pages[-1].choices if c.kind == "page" and c.page == len(pages)), None):
        following = engine.page(turn.key, turn.page, language)
        if following is None:
            break
        pages.append(following)
    print("\n\n".join(plain_text(page) for page in pages))
    return 0


def check(settings: Settings, args: argparse.Namespace) -> int:
    """Validate the fact base; exit 1 with every problem as `path:line: message`."""
    path = settings.engine.facts_path
    try:
        knowledge = build(path)
    except FactBaseError as error:
        print(error)
        print(f"{len(error.problems)} problem(s) found in {path}")
        return 1
    base = knowledge.base
    print(
        f"OK: {len(base.facts)} facts, {len(base.topics)} topics, {len(base.sources)} sources, "
        f"{len(base.entities)} entities, {base.example_count} example questions, {len(base.synonyms)} synonyms, "
        f"{len(base.checks)} checks passed ({len(base.files)} files, {knowledge.seconds * 1000:.0f} ms)"
    )
    return 0


def evaluate_set(settings: Settings, args: argparse.Namespace) -> int:
    """Score the engine on a question set (or a set of conversations) and enforce the bars given."""
    engine = open_engine(settings)
    path = Path(args.questions)
    try:
        if is_conversation_set(path):
            dialogues = evaluate_conversations(engine, read_conversations(path))
            print(format_dialogues(dialogues))
            missed = _conversation_bars(dialogues, args)
        else:
            report = evaluate(engine, read_cases(path))
            print(format_report(report))
            missed = _question_bars(report, args)
    except QuestionSetError as error:
        print(error, file=sys.stderr)
        return 2
    if missed:
        print("\nBar missed: " + "; ".join(missed))
        return 1
    return 0


def _question_bars(report: Report, args: argparse.Namespace) -> list[str]:
    bars = [
        (args.min_in_scope, report.in_scope, "in scope"),
        (args.min_declined, report.declined, "declined"),
        (args.min_chinese, report.chinese, "Chinese"),
    ]
    missed = [f"{name} {value:.1%} < {bar:.0%}" for bar, value, name in bars if bar is not None and value < bar]
    if args.max_wrong is not None and report.wrong > args.max_wrong:
        missed.append(f"wrong answers {report.wrong} > {args.max_wrong}")
    return missed


def _conversation_bars(report: DialogueReport, args: argparse.Namespace) -> list[str]:
    bars = [
        (args.min_conversations, report.all_right, "conversations right in every turn"),
        (args.min_follow_ups, report.follow_ups_right, "follow-up turns right"),
    ]
    missed = [f"{name} {value:.1%} < {bar:.0%}" for bar, value, name in bars if bar is not None and value < bar]
    if args.max_wrong is not None and report.wrong > args.max_wrong:
        missed.append(f"wrong answers {report.wrong} > {args.max_wrong}")
    if args.no_worse_with_context and report.wrong > report.wrong_alone:
        missed.append(f"wrong answers with context {report.wrong} > without {report.wrong_alone}")
    return missed


def export(settings: Settings, args: argparse.Namespace) -> int:
    """The fact base as JSON (every section), or as a workbook for editors with --xlsx."""
    base = open_engine(settings).knowledge.base
    if args.xlsx:
        from bot.cli.curate import export_workbook  # openpyxl is imported only for workbooks

        return export_workbook(base, Path(args.xlsx))
    print(json.dumps(fact_base_json(base), ensure_ascii=False, indent=2))
    return 0


def report(settings: Settings, args: argparse.Namespace) -> int:
    """Usage statistics and the unanswered queue from the question log, and optionally the chart."""
    engine = open_engine(settings)
    path = settings.engine.question_log_path
    if not path.exists():
        print(f"No question log at {path} yet (set DATA_DIR to where the bot keeps it).", file=sys.stderr)
        return 1
    log = QuestionLog.open(path, settings.engine.question_log_salt or None)
    try:
        built = build_report(log, engine.knowledge, datetime.now(timezone.utc), args.days)
    except QuestionLogError as error:
        print(f"The question log cannot be read: {error}", file=sys.stderr)
        return 1
    finally:
        log.close()
    print(built.text)
    print()
    print(built.unanswered)
    if args.png:
        Path(args.png).write_bytes(built.chart)
        print(f"\nChart written to {args.png}")
    return 0


def chat(settings: Settings, args: argparse.Namespace) -> int:
    """An interactive conversation on the console."""
    return converse(open_engine(settings), sys.stdin, sys.stdout, args.lang)


def run(settings: Settings, args: argparse.Namespace) -> int:
    """The Telegram bot when a token is set, else the console chat on the same engine."""
    if settings.telegram is None:
        print(
            "TELEGRAM_BOT_TOKEN is not set: starting the console chat on the same engine.\n"
            "To connect to Telegram, get a token from @BotFather and run: TELEGRAM_BOT_TOKEN=... make run\n",
            file=sys.stderr,
        )
        return chat(settings, args)
    from bot.telegram.app import main as telegram_main  # the engine and the console never need Telegram

    return telegram_main(settings)
