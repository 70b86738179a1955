"""Curators' edits from Telegram: a missed question becomes an example question of a fact, or a decline check.

Every edit goes through the knowledge store's one path (`KnowledgeStore.rewrite`): the YAML file is changed with a
round trip (yamledit.py), the whole fact base is validated as it would be, checks included, and only then written
atomically and served. A refused edit changes nothing and the old facts keep serving. Each edit can be undone, and
is committed when the facts folder is a git work tree (versions.py), naming the fact and the admin's hashed id.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.curation.versions import commit
from bot.curation.yamledit import EditRefused, add_check, add_question, render
from bot.engine.knowledge import KnowledgeStore, Reloaded
from bot.engine.model import DECLINE
from bot.engine.normalise import detect_language

MAX_QUESTION_CHARS = 300  # an example question is what a person types, not an essay
CHECKS_FILE = "checks.yaml"
DRAFTS_FOLDER = "drafts"  # beside the fact files, and not read by the loader (it reads only the folder's own files)
TODO = "TODO"


@dataclass(frozen=True)
class Edit:
    """One change made to one fact file, with what undoing it needs."""

    summary: str  # the commit subject: "Add an example question to hohhot-rd-institutions"
    subject: str  # the fact changed, or "checks"
    question: str
    path: Path
    before: str | None  # None: the file did not exist
    after: str | None


@dataclass(frozen=True)
class Applied:
    """An edit written and served, and its commit's short hash when one was made."""

    edit: Edit
    reloaded: Reloaded
    commit: str | None


@dataclass(frozen=True)
class Draft:
    """A draft fact saved from an editors' answer."""

    id: str
    path: Path
    commit: str | None


class Editor:
    """Applies curators' edits to the facts a store serves, one at a time."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store
        self._lock = threading.Lock()  # one edit (and its commit) at a time, so commits follow the edits' order

    @property
    def folder(self) -> Path:
        """The facts folder: where the checks file goes, drafts are kept and git commits."""
        return self.store.path if self.store.path.is_dir() else self.store.path.parent

    def add_question(self, fact_id: str, question: str, admin: str) -> Applied:
        """Add `question` to the example questions of a fact (the Chinese ones when it is Chinese)."""
        question = _clean(question)
        fact = self.store.current.base.fact_by_id.get(fact_id)
        if fact is None:
            raise EditRefused("edit_no_fact", fact=fact_id)
        path, language = Path(fact.path), detect_language(question)

        def change(text: str | None) -> str:
            if text is None:
                raise EditRefused("edit_no_fact", fact=fact_id)
            return add_question(text, str(path), fact_id, question, language)

        return self._apply(path, change, f"Add an example question to {fact_id}", fact_id, question, admin)

    def add_decline_check(self, question: str, admin: str) -> Applied:
        """Add a check that no fact answers `question`: the curator says it is out of scope."""
        question = _clean(question)
        path = self._checks_file()
        return self._apply(
            path,
            lambda text: add_check(text, str(path), question, DECLINE),
            "Add a decline check",
            "checks",
            question,
            admin,
        )

    def undo(self, edit: Edit, admin: str) -> Applied:
        """Put the file back as it was before `edit`, if nothing has changed it since."""

        def restore(text: str | None) -> str | None:
            if text != edit.after:
                raise EditRefused("edit_file_changed", file=edit.path.name)
            return edit.before

        return self._apply(edit.path, restore, f"Undo: {edit.summary}", edit.subject, edit.question, admin)

    def save_draft(self, question: str, answer: str, admin: str, now: datetime) -> Draft:
        """Save an editors' answer to a question as a draft fact in drafts/, for a curator to finish and move in."""
        question, answer = _clean(question), " ".join(answer.split())
        knowledge = self.store.current
        match = knowledge.matcher.match(question)
        closest = next(iter((*match.candidates, *match.excluded)), None)
        topics = list(knowledge.base.fact_by_id[closest.fact_id].topics) if closest else [TODO]
        chinese = detect_language(question) == "zh"
        words = re.findall(r"[a-z0-9]+", question.casefold())[:6] or [f"{now:%Y%m%d-%H%M%S}"]
        folder = self.folder / DRAFTS_FOLDER
        fact_id = _unused(folder, "draft-" + "-".join(words))
        fact = {
            "id": fact_id,
            "text": answer,
            "text_zh": TODO,
            "source": TODO,
            "quote": TODO,
            "topics": topics,
            "entities": list(match.entities) or [TODO],
            "questions": [TODO] if chinese else [question, TODO],
            "questions_zh": [question, TODO] if chinese else [TODO],
        }
        header = (
            f"# Draft fact from an editors' answer in Telegram on {now:%Y-%m-%d}, saved by admin {admin}.\n"
            "# Not loaded: check the answer against an article, fill in every TODO (text_zh, source, quote, entities,\n"
            "# more example questions), then move it into the facts folder and run `python -m bot check`.\n"
        )
        path = folder / f"{fact_id}.yaml"
        with self._lock:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(render({"facts": [fact]}, header), encoding="utf-8")
            message = f"Add draft fact {fact_id}\n\nQuestion: {question}\nBy admin {admin} from Telegram."
            return Draft(fact_id, path, commit(self.folder, [path], message))

    def _checks_file(self) -> Path:
        """The file that holds checks already, else a new checks.yaml in the facts folder (or the single file)."""
        base = self.store.current.base
        if base.checks:
            return Path(base.checks[0].path)
        return self.store.path / CHECKS_FILE if self.store.path.is_dir() else self.store.path

    def _apply(
        self,
        path: Path,
        change: Callable[[str | None], str | None],
        summary: str,
        subject: str,
        question: str,
        admin: str,
    ) -> Applied:
        with self._lock:
            done = self.store.rewrite(path, change)
            edit = Edit(summary, subject, question, path, done.before, done.after)
            message = f"{summary}\n\nQuestion: {question}\nBy admin {admin} from Telegram."
            return Applied(edit, done.reloaded, commit(self.folder, [path], message))


def _clean(question: str) -> str:
    """One line; refused when empty or longer than an example question should be."""
    question = " ".join(question.split())
    if not question or len(question) > MAX_QUESTION_CHARS:
        raise EditRefused("edit_question_length", limit=MAX_QUESTION_CHARS)
    return question


def _unused(folder: Path, stem: str) -> str:
    """`stem`, or `stem-2`, `stem-3` ...: the first that names no draft yet."""
    candidate, number = stem, 1
    while (folder / f"{candidate}.yaml").exists():
        number += 1
        candidate = f"{stem}-{number}"
    return candidate
