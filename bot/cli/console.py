"""The console chat: the same engine as the Telegram bot, one question per line."""

from __future__ import annotations

from typing import TextIO

from bot.engine.facade import Engine
from bot.engine.reply import Reply, plain_text


def converse(engine: Engine, stdin: TextIO, stdout: TextIO, language: str | None = None) -> int:
    """An interactive conversation on the console; ends cleanly on EOF, Ctrl-C or /quit."""
    interactive = stdin.isatty()
    stdout.write(
        f"Ask about innovation in Hohhot and Baotou ({len(engine.knowledge.base.facts)} facts). "
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
        stdout.write(f"bot> {plain_text(respond(engine, line, language))}\n\n")
        stdout.flush()


def respond(engine: Engine, line: str, language: str | None) -> Reply:
    """A console command (/facts, /topics, /sources) or a question."""
    command, _, rest = line.strip().partition(" ")
    lang = language or "en"
    if command in ("/facts", "/topics"):
        return engine.browse(rest, lang)
    if command == "/sources":
        return engine.sources(lang)
    return engine.ask(line, language).reply
