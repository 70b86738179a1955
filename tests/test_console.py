"""The console chat driven as a person drives it: in a pseudo-terminal, keys and all.

Reading waits for the text expected (or gives up after a generous deadline, which only stops a hung test: no
assertion is about time).
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
UP_ARROW = "\x1b[A"


class Terminal:
    """`python -m bot chat` on a pseudo-terminal: type lines, read what the screen shows."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm"}
        env.pop("TELEGRAM_BOT_TOKEN", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "--facts", str(MINI), "chat"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.screen = ""

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def expect(self, text: str, deadline: float = 60.0) -> str:
        """Read until `text` has appeared after what was read before; returns what was read meanwhile."""
        start = len(self.screen)
        while text not in self.screen[start:]:
            ready, _, _ = select.select([self.master], [], [], deadline)
            if not ready:
                raise AssertionError(f"never saw {text!r}; the screen ends with {self.screen[-400:]!r}")
            try:
                self.screen += os.read(self.master, 65536).decode(errors="replace")
            except OSError as error:  # the program ended
                raise AssertionError(f"never saw {text!r}: {error}; {self.screen[-400:]!r}") from error
        return self.screen[start:]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self.master)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    term.expect("you> ")
    yield term
    term.close()


def test_numbered_choices_are_picked_by_their_number(terminal: Terminal) -> None:
    terminal.type("How many R&D institutions does Hohhot have?\r")
    answer = terminal.expect("you> ").replace("\r", "")
    assert "464" in answer and "Related:\n1. " in answer
    terminal.type("1\r")
    picked = terminal.expect("you> ")
    assert "Hohhot is the capital of Inner Mongolia." in picked and "Source:" in picked


def test_help_and_unknown_commands_are_commands_not_questions(terminal: Terminal) -> None:
    terminal.type("/help\r")
    assert "/facts [TOPIC]" in terminal.expect("you> ")
    terminal.type("/foo\r")
    assert "I don't know that command." in terminal.expect("you> ")
    terminal.type("/lang zh\r")
    assert "命令将使用中文" in terminal.expect("you> ")


def test_the_arrow_keys_edit_the_line_and_recall_history(terminal: Terminal) -> None:
    terminal.type("yili award\r")
    first = terminal.expect("you> ")
    terminal.type(UP_ARROW + "\r")  # the same question again, from history
    again = terminal.expect("you> ")
    assert "Yili won a prize" in first and "Yili won a prize" in again
    assert "^[[A" not in again


def test_follow_ups_are_read_in_the_console_conversation(terminal: Terminal) -> None:
    terminal.type("How many R&D institutions does Hohhot have?\r")
    assert "464" in terminal.expect("you> ")
    terminal.type("what about Baotou?\r")
    follow_up = terminal.expect("you> ")
    assert "Baotou \u2014" in follow_up and "464" not in follow_up
    terminal.type("/quit\r")
    assert "Bye." in terminal.expect("Bye.")
