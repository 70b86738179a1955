"""The command line: `python -m bot ask|chat|facts|check|eval|export|run|report`.

Every command calls the same engine as the Telegram bot, so what works here works there.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from bot.config import DEFAULT_FACTS
from bot.curation.evaluation import QuestionSetError, evaluate, format_report, read_cases
from bot.curation.questionlog import QuestionLog, QuestionLogError
from bot.curation.summary import QUESTION_LOG_FILE, build_report
from bot.engine.answers import answer, render, render_sources, render_topic_facts, render_topics, to_json
from bot.engine.knowledge import Knowledge, build
from bot.engine.messages import LANGUAGES, pick, text
from bot.engine.model import FactBaseError


def default_facts_path() -> Path:
    return Path(os.environ.get("FACTS_PATH") or DEFAULT_FACTS)


def _load(path: Path) -> Knowledge:
    """Load the facts or exit with every problem listed (the command line has nothing older to fall back on)."""
    try:
        return build(path)
    except FactBaseError as error:
        print(f"The facts in {path} are invalid:", file=sys.stderr)
        print(error, file=sys.stderr)
        raise SystemExit(1) from error


def cmd_ask(args: argparse.Namespace) -> int:
    knowledge = _load(args.facts)
    questions: Iterable[str] = sys.stdin if args.question == ["-"] else [" ".join(args.question)]
    for question in questions:
        reply = answer(knowledge, question.rstrip("\n"), args.lang)
        if args.json:
            print(json.dumps(to_json(reply, knowledge.base), ensure_ascii=False), flush=True)
        else:
            print(render(reply, knowledge.base), flush=True)
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    knowledge = _load(args.facts)
    print(browse(knowledge, " ".join(args.topic), args.lang or "en"))
    return 0


def browse(knowledge: Knowledge, query: str, language: str) -> str:
    """`/facts [TOPIC]` for the console: the topic list, or every fact of the topic a person means."""
    base = knowledge.base
    if not query.strip():
        return render_topics(base, language)
    topic_id = knowledge.matcher.find_topic(query)
    if topic_id is None:
        return text(language, "unknown_topic", query=query) + "\n" + render_topics(base, language)
    topic = base.topics[topic_id]
    facts = render_topic_facts(base, topic, language)
    heading = text(language, "topic_facts", name=pick(language, topic.name, topic.name_zh), count=len(facts))
    return "\n\n".join([heading, *facts])


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else args.facts
    try:
        knowledge = build(path)
    except FactBaseError as error:
        print(error)
        print(f"{len(error.problems)} problem(s) found in {path}")
        return 1
    base = knowledge.base
    print(
        f"OK: {len(base.facts)} facts, {len(base.topics)} topics, {len(base.sources)} sources, "
        f"{len(base.entities)} entities, {base.example_count} example questions, {len(base.synonyms)} synonyms "
        f"({len(base.files)} files, {knowledge.seconds * 1000:.0f} ms)"
    )
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    knowledge = _load(args.facts)
    try:
        cases = read_cases(Path(args.questions))
    except QuestionSetError as error:
        print(error, file=sys.stderr)
        return 2
    report = evaluate(knowledge, cases)
    print(format_report(report))
    missed = []
    if args.min_in_scope is not None and report.in_scope < args.min_in_scope:
        missed.append(f"in scope {report.in_scope:.1%} < {args.min_in_scope:.0%}")
    if args.min_declined is not None and report.declined < args.min_declined:
        missed.append(f"declined {report.declined:.1%} < {args.min_declined:.0%}")
    if args.max_wrong is not None and report.wrong > args.max_wrong:
        missed.append(f"wrong answers {report.wrong} > {args.max_wrong}")
    if missed:
        print("\nBar missed: " + "; ".join(missed))
        return 1
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    base = _load(args.facts).base
    facts = [
        {
            "id": fact.id,
            "text": fact.text,
            "text_zh": fact.text_zh,
            "topics": list(fact.topics),
            "entities": list(fact.entities),
            "questions": [e.text for e in fact.examples if e.language == "en"],
            "questions_zh": [e.text for e in fact.examples if e.language == "zh"],
            "quote": fact.quote,
            "source": {"id": fact.source, **_source_fields(base.sources[fact.source].__dict__)},
        }
        for fact in base.facts
    ]
    print(
        json.dumps(
            {"facts": facts, "topics": [t.__dict__ for t in base.topics.values()]},
            ensure_ascii=False,
            indent=2,
            default=list,
        )
    )
    return 0


def _source_fields(fields: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in fields.items() if key != "id"}


def cmd_report(args: argparse.Namespace) -> int:
    knowledge = _load(args.facts)
    path = Path(os.environ.get("DATA_DIR") or "data") / QUESTION_LOG_FILE
    if not path.exists():
        print(f"No question log at {path} yet (set DATA_DIR to where the bot keeps it).", file=sys.stderr)
        return 1
    log = QuestionLog.open(path, os.environ.get("QUESTION_LOG_SALT") or None)
    try:
        report = build_report(log, knowledge, datetime.now(timezone.utc), args.days)
    except QuestionLogError as error:
        print(f"The question log cannot be read: {error}", file=sys.stderr)
        return 1
    finally:
        log.close()
    print(report.text)
    print()
    print(report.unanswered)
    if args.png:
        Path(args.png).write_bytes(report.chart)
        print(f"\nChart written to {args.png}")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    knowledge = _load(args.facts)
    return chat(knowledge, sys.stdin, sys.stdout, args.lang)


def chat(knowledge: Knowledge, stdin: TextIO, stdout: TextIO, language: str | None = None) -> int:
    """An interactive conversation on the console; ends cleanly on EOF, Ctrl-C or /quit."""
    base = knowledge.base
    interactive = stdin.isatty()
    stdout.write(
        f"Ask about innovation in Hohhot and Baotou ({len(base.facts)} facts). "
        "Commands: /facts [TOPIC], /sources, /quit.\n"
    )
    while True:
        try:
            if interactive:
                stdout.write("you> ")
                stdout.flush()
            line = stdin.readline()
        except KeyboardInterrupt:
            line = ""
        if not line or line.strip() in ("/quit", "/exit"):
            stdout.write("\nBye.\n" if interactive else "Bye.\n")
            return 0
        command, _, rest = line.strip().partition(" ")
        lang = language or "en"
        if command == "/facts" or command == "/topics":
            reply = browse(knowledge, rest, lang)
        elif command == "/sources":
            reply = render_sources(base, lang)
        else:
            reply = render(answer(knowledge, line, language), base)
        stdout.write(f"bot> {reply}\n\n")
        stdout.flush()


def cmd_run(args: argparse.Namespace) -> int:
    if not os.environ.get("TELEGRAM_BOT_TOKEN"):
        print(
            "TELEGRAM_BOT_TOKEN is not set: starting the console chat on the same engine.\n"
            "To connect to Telegram, get a token from @BotFather and run: TELEGRAM_BOT_TOKEN=... make run\n",
            file=sys.stderr,
        )
        return cmd_chat(args)
    from bot.telegram.app import main as telegram_main  # the core never needs Telegram

    return telegram_main()


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    root.add_argument(
        "--facts",
        type=Path,
        default=default_facts_path(),
        help="fact file or directory (default: $FACTS_PATH or facts/)",
    )
    commands = root.add_subparsers(dest="command", required=True)

    def language_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--lang", choices=LANGUAGES, help="reply language (default: the question's)")

    ask = commands.add_parser("ask", help="answer one question ('-' reads one per line from stdin)")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    language_option(ask)
    ask.set_defaults(handler=cmd_ask)

    chat_command = commands.add_parser("chat", help="interactive console conversation")
    language_option(chat_command)
    chat_command.set_defaults(handler=cmd_chat)

    facts = commands.add_parser("facts", help="the topic list, or the facts of one topic")
    facts.add_argument("topic", nargs="*")
    language_option(facts)
    facts.set_defaults(handler=cmd_facts)

    check = commands.add_parser("check", help="validate the fact base")
    check.add_argument("path", nargs="?")
    check.set_defaults(handler=cmd_check)

    evaluation = commands.add_parser("eval", help="score the engine on a question set")
    evaluation.add_argument("questions")
    evaluation.add_argument("--min-in-scope", type=float, help="fail below this share of in-scope answered (0-1)")
    evaluation.add_argument("--min-declined", type=float, help="fail below this share of out-of-scope declined")
    evaluation.add_argument("--max-wrong", type=int, help="fail above this many wrong answers")
    evaluation.set_defaults(handler=cmd_eval)

    export = commands.add_parser("export", help="the fact base as JSON")
    export.set_defaults(handler=cmd_export)

    report = commands.add_parser("report", help="usage statistics and unanswered questions from the question log")
    report.add_argument("--days", type=int, help="only the last N days (default: today, 7 and 30 days)")
    report.add_argument("--png", help="also write the questions-per-day chart to this PNG file")
    report.set_defaults(handler=cmd_report)

    run = commands.add_parser("run", help="the Telegram bot (or the console chat without a token)")
    language_option(run)
    run.set_defaults(handler=cmd_run)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
