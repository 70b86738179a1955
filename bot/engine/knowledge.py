"""A loaded fact base together with its matcher: the unit that is built, validated and swapped on reload."""

from __future__ import annotations

import gc
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from bot.engine import collisions as collision_check
from bot.engine.collisions import Verdicts
from bot.engine.factfiles import ReadFile
from bot.engine.loader import load
from bot.engine.matcher import Matcher
from bot.engine.model import DECLINE, Fact, FactBase, FactBaseError, Problem
from bot.engine.teardown import release


@dataclass(frozen=True)
class Knowledge:
    """An immutable fact base and its index. Replaced as a whole, never changed in place."""

    base: FactBase
    matcher: Matcher
    seconds: float  # how long loading, validating and indexing took
    # What a reload takes over for what has not changed: the files as read, and the collision check's verdicts.
    files: Mapping[str, ReadFile] = field(default_factory=dict)
    verdicts: Verdicts = ()


@dataclass(frozen=True)
class Changes:
    """What a reload changed, by fact id."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def build(
    path: Path | str, replace: Mapping[Path, str | None] | None = None, previous: Knowledge | None = None
) -> Knowledge:
    """Load, validate and index the facts under `path`; raises `FactBaseError` listing every problem.

    Validation includes the collision check (every example question must be matched to its own fact) and then the
    curators' checks (each check question must get the decision it names). With the `previous` knowledge, a reload
    takes over what cannot have changed: the files whose text is the same (bot.engine.factfiles), what the index
    derived from unchanged facts (bot.engine.indexing) and their collision verdicts (bot.engine.collisions).
    """
    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # building creates millions of objects that all live on; collecting midway only wastes time
    try:
        files: dict[str, ReadFile] = {}
        base = load(path, replace, previous.files if previous else None, files)
        matcher = Matcher(base, previous.matcher if previous else None)
        checked = validate(matcher, previous)
    finally:
        if collecting:
            gc.enable()
    if checked.problems:
        raise FactBaseError(checked.problems)
    # The new index lives until the next reload: keep full collections from rescanning it. Frozen objects are
    # never collected, so the index must hold no reference cycle: refcounting alone frees it once it is replaced
    # (tests/test_hostile_files.py checks that a reload frees the old one).
    gc.freeze()
    return Knowledge(base, matcher, time.perf_counter() - started, files, checked.verdicts)


class Validated(NamedTuple):
    """The problems validation found, and the collision verdicts (kept for the next reload)."""

    problems: list[Problem]
    verdicts: Verdicts


def validate(matcher: Matcher, previous: Knowledge | None = None) -> Validated:
    """The collision check (reusing the `previous` knowledge's verdicts where they hold) and the curators' checks."""
    earlier = previous.matcher.index if previous else None
    judged = collision_check.verdicts(matcher, earlier, previous.verdicts if previous else ())
    return Validated(collisions(matcher, judged) + failed_checks(matcher), judged)


def collisions(matcher: Matcher, judged: Verdicts | None = None) -> list[Problem]:
    """The collision check as problems located at each offending example question."""
    return [
        Problem(fact.path, example.line, f"example question '{example.text}' {reason}")
        for fact, example, reason in collision_check.collisions(matcher, judged)
    ]


def failed_checks(matcher: Matcher) -> list[Problem]:
    """The curators' regression checks that fail, each located at its check with the decision it got."""
    found = []
    for check in matcher.base.checks:
        match = matcher.match(check.question)
        declined = check.answer == DECLINE
        if (match.fact_id is None) if declined else (match.fact_id == check.answer):
            continue
        expected = "must be declined" if declined else f"must be answered with '{check.answer}'"
        got = f"answered with '{match.fact_id}' (score {match.score})" if match.fact_id else match.rule
        found.append(Problem(check.path, check.line, f"check failed: '{check.question}' {expected}, got {got}"))
    return found


def changes(old: FactBase, new: FactBase) -> Changes:
    """Facts added, removed and changed between two fact bases."""
    before, after = old.fact_by_id, new.fact_by_id
    return Changes(
        added=tuple(sorted(set(after) - set(before))),
        removed=tuple(sorted(set(before) - set(after))),
        changed=tuple(sorted(i for i in set(before) & set(after) if _content(before[i]) != _content(after[i]))),
    )


def _content(fact: Fact) -> tuple[object, ...]:
    """What a curator changes in a fact; not where it is written (its file and line)."""
    return (
        fact.text,
        fact.text_zh,
        fact.source,
        fact.topics,
        fact.entities,
        tuple((e.text, e.language) for e in fact.examples),
    )


MAX_FILE_NAME = 64
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
FACT_SUFFIXES = {"yaml": "yaml", "yml": "yaml"}  # what a name may end with -> what it is stored with
ARTICLE_SUFFIXES = {"txt": "txt", "md": "md"}


def safe_file_name(name: str, suffixes: dict[str, str]) -> str | None:
    """The name a file sent by a person is stored under, or None when it cannot have a safe one.

    Only the last part of a path counts; it is lower-cased, each run of other characters than letters, digits,
    '.', '_' and '-' becomes '-', and the suffix is the stored form of an accepted one: with FACT_SUFFIXES,
    "My Facts (2).YML" is stored as "my-facts-2.yaml". A name that is empty, too long or of another kind is
    refused rather than shortened, so that a file never silently replaces another.
    """
    last = re.split(r"[/\\]", name)[-1]
    stem, dot, suffix = last.rpartition(".")
    if not dot or suffix.lower() not in suffixes:
        return None
    safe = f"{_UNSAFE.sub('-', stem.lower()).strip('-._')}.{suffixes[suffix.lower()]}"
    return safe if len(safe) <= MAX_FILE_NAME and safe[0].isalnum() and safe.isascii() else None


def fact_file_name(name: str) -> str | None:
    """The safe name of an uploaded fact file: a [a-z0-9._-]+.yaml name (see `safe_file_name`)."""
    return safe_file_name(name, FACT_SUFFIXES)


@dataclass(frozen=True)
class Reloaded:
    """The outcome of a successful reload or upload."""

    knowledge: Knowledge
    changes: Changes


class KnowledgeStore:
    """Holds the knowledge being served and replaces it atomically.

    `reload` and `install` are synchronous and slow (they parse and index everything): front ends run them off
    their event loop. The swap is a single reference assignment, so a reader sees either the old or the new
    knowledge, never a mixture; on any error the old knowledge keeps serving.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.current = build(self.path)
        self._lock = threading.Lock()  # one reload or install at a time

    def reload(self) -> Reloaded:
        """Re-read the facts from disk; raises `FactBaseError` and keeps the old knowledge on any problem."""
        with self._lock:
            return self._swap(build(self.path, previous=self.current))

    def install(self, file_name: str, content: bytes) -> Reloaded:
        """Validate an uploaded fact file together with the others, then write it and serve the result.

        Only a valid file is written: atomically (a temporary file renamed over the target), with the previous
        version kept as `<name>.bak`. An invalid one changes nothing and raises `FactBaseError`.
        """
        name = fact_file_name(file_name)
        if name is None:
            shown = file_name if len(file_name) <= MAX_FILE_NAME else file_name[: MAX_FILE_NAME - 1] + "\u2026"
            raise FactBaseError(
                [
                    Problem(
                        repr(shown),
                        1,
                        f"a fact file needs a .yaml name of at most {MAX_FILE_NAME} letters, digits, '.', '_' or '-'",
                    )
                ]
            )
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FactBaseError([Problem(name, 1, "the file is not UTF-8 text")]) from error
        if not self.path.is_dir() and name != self.path.name:
            raise FactBaseError([Problem(name, 1, f"the facts are the single file {self.path.name}: upload that name")])
        target = self.path / name if self.path.is_dir() else self.path
        with self._lock:
            knowledge = build(self.path, replace={target: text}, previous=self.current)
            if target.exists():
                shutil.copy2(target, target.with_name(target.name + ".bak"))
            _write(target, text)
            return self._swap(knowledge)

    def rewrite(self, target: Path, change: Callable[[str | None], str | None]) -> Rewritten:
        """Change one fact file and serve the result, or change nothing (an edit from Telegram, or its undo).

        `change` gets the file's text (None when there is no such file) and returns its new text (None removes the
        file); it runs under the store's lock, so no reload or upload comes between reading and writing. The fact
        base is validated as it would be after the change, checks included, before the file is replaced atomically.
        Raises `FactBaseError` (from `change` too) and then leaves everything as it was.
        """
        with self._lock:
            try:
                before = target.read_text(encoding="utf-8") if target.exists() else None
            except (OSError, UnicodeDecodeError) as error:
                raise FactBaseError([Problem(str(target), 1, f"cannot read: {error}")]) from error
            after = change(before)
            knowledge = build(self.path, replace={target: after}, previous=self.current)
            try:
                if after is None:
                    target.unlink(missing_ok=True)
                else:
                    _write(target, after)
            except OSError as error:
                raise FactBaseError([Problem(str(target), 1, f"cannot write: {error}")]) from error
            return Rewritten(target, before, after, self._swap(knowledge))

    def _swap(self, knowledge: Knowledge) -> Reloaded:
        difference = changes(self.current.base, knowledge.base)
        old, self.current = self.current, knowledge
        release(old)  # a slice at a time: freeing it at once would pause every thread (bot.engine.teardown)
        return Reloaded(knowledge, difference)


@dataclass(frozen=True)
class Rewritten:
    """A fact file changed by `KnowledgeStore.rewrite`: its text before and after (None: no file), and the reload."""

    path: Path
    before: str | None
    after: str | None
    reloaded: Reloaded


def _write(target: Path, text: str) -> None:
    """Replace a file atomically: a temporary file beside it, renamed over it."""
    temporary = target.with_name(f".{target.name}.writing")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
