"""The command line: `python -m bot [--facts PATH] ask|chat|facts|check|eval|export|import|draft|report|run`.

Every command calls the same engine façade as the Telegram bot, so what works here works there. Settings are read
once, here, from the environment and the flags, and passed down.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.cli import commands, curate
from bot.config import Settings, SettingsError
from bot.engine.messages import LANGUAGES


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    root.add_argument("--facts", type=Path, help="fact file or directory (default: $FACTS_PATH or facts/)")
    subcommands = root.add_subparsers(dest="command", required=True)

    def command(name: str, handler: commands.Handler, help_text: str, lang: bool = False) -> argparse.ArgumentParser:
        sub = subcommands.add_parser(name, help=help_text)
        sub.set_defaults(handler=handler)
        if lang:
            sub.add_argument("--lang", choices=LANGUAGES, help="reply language (default: the question's)")
        return sub

    ask = command("ask", commands.ask, "answer one question ('-' reads one per line from stdin)", lang=True)
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    command("chat", commands.chat, "interactive console conversation", lang=True)
    facts = command("facts", commands.facts, "the topic list, or the facts of one topic", lang=True)
    facts.add_argument("topic", nargs="*")
    check = command("check", commands.check, "validate the fact base")
    check.add_argument("path", nargs="?", type=Path, help="facts to check (default: --facts)")
    evaluation = command("eval", commands.evaluate_set, "score the engine on a question set")
    evaluation.add_argument("questions")
    evaluation.add_argument("--min-in-scope", type=float, help="fail below this share of in-scope answered (0-1)")
    evaluation.add_argument("--min-declined", type=float, help="fail below this share of out-of-scope declined")
    evaluation.add_argument("--max-wrong", type=int, help="fail above this many wrong answers")
    evaluation.add_argument("--min-chinese", type=float, help="fail below this share of Chinese questions right")
    evaluation.add_argument("--min-conversations", type=float, help="conversations: fail below this share all right")
    evaluation.add_argument("--min-follow-ups", type=float, help="conversations: fail below this share of follow-ups")
    evaluation.add_argument(
        "--no-worse-with-context", action="store_true", help="conversations: fail if context adds wrong answers"
    )
    export = command("export", commands.export, "the fact base as JSON (or a workbook for editors with --xlsx)")
    export.add_argument("--xlsx", metavar="FILE", help="write the fact base as a workbook (.xlsx) instead")
    sheets = command("import", curate.import_command, "write the fact files of an edited workbook, validated")
    sheets.add_argument("workbook", help="the .xlsx file (as written by export --xlsx)")
    sheets.add_argument("--into", required=True, metavar="DIR", help="the folder to write the fact files into")
    drafting = command("draft", curate.draft_command, "draft a fact file from a news article (.txt or .md)")
    drafting.add_argument("article")
    drafting.add_argument("--source-id", help="the new source's id (default: from the file name)")
    drafting.add_argument("--write", action="store_true", help="also put the article in the articles folder")
    report = command("report", commands.report, "usage statistics and unanswered questions from the question log")
    report.add_argument("--days", type=int, help="only the last N days (default: today, 7 and 30 days)")
    report.add_argument("--png", help="also write the questions-per-day chart to this PNG file")
    command("run", commands.run, "the Telegram bot (or the console chat without a token)", lang=True)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    facts = getattr(args, "path", None) or args.facts
    wants_telegram = args.command == "run" and bool(os.environ.get("TELEGRAM_BOT_TOKEN", "").strip())
    try:
        settings = Settings.from_env(os.environ, facts=facts, telegram=wants_telegram)
    except SettingsError as error:
        print(f"Cannot start:\n{error}", file=sys.stderr)
        return 2
    try:
        handler: commands.Handler = args.handler
        return handler(settings, args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
