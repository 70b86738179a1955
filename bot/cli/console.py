"""The console chat: the same engine as the Telegram bot, one message per line, with the chat's context.

Choices are numbered (type the number to open one), commands work as in Telegram (/help, /facts [TOPIC], /sources,
/lang, /start), and on a terminal readline gives line editing and history, so the arrow keys move the cursor
instead of printing ^[[A.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from bot.engine.facade import Engine
from bot.engine.messages import LANGUAGES, text
from bot.engine.reply import Choice, Reply, plain_text, simple

CHAT = "console"
QUIT = ("/quit", "/exit", "/q")


@dataclass
class Console:
    """One console conversation: the engine, the language chosen, and the choices last shown."""

    engine: Engine
    language: str | None = None
    choices: tuple[Choice, ...] = field(default=())

    def respond(self, line: str) -> Reply:
        """The reply to one line: a number picking a choice, a command, or a message for the engine."""
        line = line.strip()
        if line.isdigit() and self.choices:
            reply = self._pick(int(line))
        elif line.startswith("/"):
            reply = self._command(line)
        else:
            reply = self.engine.ask(line, self.language, CHAT).reply
        if reply.choices or not line.isdigit():  # after a pick without choices, the old ones can still be picked
            self.choices = reply.choices
        return reply

    @property
    def lang(self) -> str:
        return self.language or "en"

    def _pick(self, number: int) -> Reply:
        if not 1 <= number <= len(self.choices):
            return self.engine.say(self.lang, "no_such_choice", count=len(self.choices))
        choice = self.choices[number - 1]
        if choice.kind == "fact":
            reply = self.engine.fact(choice.key, self.lang, CHAT)
        elif choice.kind == "lang":
            self.language = choice.key
            reply = self.engine.say(choice.key, "lang_set")
        else:
            reply = self.engine.page(choice.key, choice.page, self.lang)
        return reply or self.engine.say(self.lang, "decline")

    def _command(self, line: str) -> Reply:
        command, _, rest = line.partition(" ")
        commands: dict[str, Callable[[], Reply]] = {
            "/facts": lambda: self.engine.browse(rest, self.lang),
            "/topics": lambda: self.engine.browse(rest, self.lang),
            "/sources": lambda: self.engine.sources(self.lang),
            "/lang": lambda: self._language(rest),
            "/start": self._start,
            "/help": lambda: self.engine.say(self.lang, "console_help"),
        }
        chosen = commands.get(command.lower())
        if chosen is None:
            return simple(self.lang, text(self.lang, "unknown_command"), text(self.lang, "console_help"))
        return chosen()

    def _language(self, wanted: str) -> Reply:
        wanted = wanted.strip().lower()[:2]
        if wanted not in LANGUAGES:
            return self.engine.languages(self.lang)
        self.language = wanted
        return self.engine.say(wanted, "lang_set")

    def _start(self) -> Reply:
        self.engine.forget(CHAT)
        return self.engine.welcome(self.lang)


def converse(engine: Engine, stdin: TextIO, stdout: TextIO, language: str | None = None) -> int:
    """An interactive conversation on the console; ends cleanly on EOF, Ctrl-C or /quit."""
    interactive = stdin.isatty()
    if interactive:
        import readline  # noqa: F401  - importing it gives input() line editing and history

    console = Console(engine, language)
    stdout.write(text(console.lang, "console_welcome", facts=len(engine.knowledge.base.facts)) + "\n")
    while True:
        try:
            line = _read(stdin, stdout, interactive)
        except (KeyboardInterrupt, EOFError):
            line = None
        if line is None or line.strip().lower() in QUIT:
            stdout.write("\nBye.\n" if interactive else "Bye.\n")
            return 0
        if not line.strip():
            continue
        stdout.write(f"bot> {plain_text(console.respond(line), numbered=True)}\n\n")
        stdout.flush()


def _read(stdin: TextIO, stdout: TextIO, interactive: bool) -> str | None:
    """The next line, None at the end of the input. On a terminal, through input() (and so readline)."""
    if interactive:
        stdout.flush()
        return input("you> ")
    line = stdin.readline()
    return line if line else None
