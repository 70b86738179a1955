"""Text changes to fact files, made with ruamel.yaml's round trip so that the curators' comments and layout stay.

Each function takes a file's text and returns the new text; nothing here reads or writes files (edits.py does,
through the knowledge store). A change that cannot be made raises `FactBaseError` located in the file, like any
other problem with the facts, or `EditRefused` when the edit itself makes no sense (a question already there).
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from bot.engine.model import DECLINE, FactBaseError, Problem


class EditRefused(Exception):
    """An edit that cannot be made; `key` and `values` name the explanation in messages.py, in both languages."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


CHECKS_HEADER = (
    "# Regression checks (see facts/README.md): each question must be answered with the fact named, or not\n"
    "# answered at all (decline). Reloads and edits that break one are refused.\n"
)


def add_question(text: str, path: str, fact_id: str, question: str, language: str) -> str:
    """The file's text with `question` added to the example questions of `fact_id` (`questions_zh` for "zh")."""
    yaml, data = _load(text, path)
    fact = next((entry for entry in _section(data, "facts", path) if _get(entry, "id") == fact_id), None)
    if fact is None:
        raise EditRefused("edit_no_fact", fact=fact_id)
    key = "questions_zh" if language == "zh" else "questions"
    questions = fact.get(key)
    if not isinstance(questions, CommentedSeq):
        questions = CommentedSeq()
        keys = list(fact)
        position = keys.index("questions") + 1 if "questions" in keys else len(keys)
        fact.insert(position, key, questions)
    if any(_same(str(existing), question) for existing in questions):
        raise EditRefused("edit_duplicate", question=question, fact=fact_id)
    _append(questions, question)
    return _dump(yaml, data)


def add_check(text: str | None, path: str, question: str, answer: str = DECLINE) -> str:
    """The file's text (a new checks file when None) with a check that `question` gets `answer`."""
    yaml, data = _load(text, path) if text is not None else (_yaml(4, 2), CommentedMap())
    checks = _section(data, "checks", path)
    if any(_same(str(_get(check, "question")), question) for check in checks):
        raise EditRefused("edit_duplicate_check", question=question)
    _append(checks, CommentedMap([("question", question), ("answer", answer)]))
    return _dump(yaml, data) if text is not None else CHECKS_HEADER + _dump(yaml, data)


def render(document: dict[str, Any], header: str = "") -> str:
    """A new YAML file (a draft fact): block style, Unicode kept, with a comment on top."""
    yaml = _yaml(4, 2)
    return header + _dump(yaml, document)


def _yaml(indent: int, offset: int) -> YAML:
    yaml = YAML()  # round trip: comments, key order and quoting are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the curator wrote on one line
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=indent, offset=offset)
    return yaml


def _load(text: str, path: str) -> tuple[YAML, Any]:
    """The document with a YAML instance set to the file's own indentation, so that untouched lines stay as they are."""
    yaml = _yaml(4, 2)
    try:
        data, indent, offset = load_yaml_guess_indent(text, yaml=yaml)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or error
        raise FactBaseError([Problem(path, mark.line + 1 if mark else 1, f"YAML syntax error: {reason}")]) from error
    yaml.indent(mapping=2, sequence=indent or 2, offset=offset if offset is not None else 0)
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise FactBaseError([Problem(path, 1, "a fact file must be a mapping of sections")])
    return yaml, data


def _section(data: CommentedMap, name: str, path: str) -> CommentedSeq:
    """The list under a top-level key, created at the end when the file has none."""
    section = data.get(name)
    if section is None:
        section = CommentedSeq()
        data[name] = section
    if not isinstance(section, CommentedSeq):
        raise FactBaseError([Problem(path, 1, f"'{name}' must be a list")])
    return section


def _append(sequence: CommentedSeq, value: object) -> None:
    """Append after the last element, keeping what followed it (blank lines, comments) after the new one."""
    last = len(sequence) - 1
    trailing = sequence.ca.items.pop(last, None) if last >= 0 else None
    sequence.append(value)
    if trailing is not None:
        sequence.ca.items[last + 1] = trailing
    if last >= 0 and isinstance(sequence[last], CommentedMap) and isinstance(value, CommentedMap):
        _move_trailing(sequence[last], value)


def _move_trailing(previous: CommentedMap, new: CommentedMap) -> None:
    """A mapping's blank lines and comments after its last key belong after the mapping appended below it."""
    keys = list(previous)
    if keys and (comment := previous.ca.items.pop(keys[-1], None)) is not None:
        new.ca.items[list(new)[-1]] = comment


def _dump(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _get(entry: object, key: str) -> object:
    return entry.get(key) if isinstance(entry, CommentedMap) else None


def _same(one: str, other: str) -> bool:
    """Two questions that differ only in case and spacing are the same question."""
    return " ".join(one.casefold().split()) == " ".join(other.casefold().split())
