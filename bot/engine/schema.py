"""Read composed YAML nodes into plain values, keeping the line of every key and list element.

PyYAML's composer gives each node its line, which is why the fact files are read as nodes rather than as plain
Python values: every problem can then be reported as ``path:line: message``. Reading never raises: each problem
is recorded and reading goes on, so that the curator sees all of them at once.

A fact file may come from an upload: bot.engine.composing refuses what would cost too much to read first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import yaml

from bot.engine.model import Problem
from bot.engine.normalise import clean

_FIELD_TYPES = {"text": "a text", "texts": "a list of texts", "mapping": "a mapping of texts to lists of texts"}

_SCHEMAS: dict[str, dict[str, tuple[str, bool]]] = {
    # section -> key -> (type, required)
    "sources": {
        "id": ("text", True),
        "title": ("text", True),
        "publisher": ("text", True),
        "date": ("text", True),
        "file": ("text", True),
        "title_zh": ("text", False),
        "publisher_zh": ("text", False),
        "date_note": ("text", False),
        "date_note_zh": ("text", False),
    },
    "topics": {
        "id": ("text", True),
        "name": ("text", True),
        "name_zh": ("text", False),
        "aliases": ("texts", False),
        "aliases_zh": ("texts", False),
    },
    "entities": {
        "id": ("text", True),
        "kind": ("text", True),
        "name": ("text", True),
        "name_zh": ("text", False),
        "aliases": ("texts", False),
        "aliases_zh": ("texts", False),
        "part_of": ("texts", False),
    },
    "facts": {
        "id": ("text", True),
        "text": ("text", True),
        "text_zh": ("text", False),
        "source": ("text", True),
        "quote": ("text", True),
        "topics": ("texts", True),
        "entities": ("texts", True),
        "questions": ("texts", True),
        "questions_zh": ("texts", False),
        "gives": ("texts", False),
    },
    "checks": {
        "question": ("text", True),
        "answer": ("text", True),  # the id of the fact that must answer the question, or "decline"
    },
}
ENTRIES = tuple(_SCHEMAS)  # the sections that list entries
_SECTIONS = (*ENTRIES, "lexicon")
# A value a curator still has to write (drafts are full of them): reported, never loaded.
_TODO = re.compile(r"TODO\b[\s:]*(.*)", re.DOTALL)


@dataclass
class Item:
    """One entry of a section as read from a file: its values and the line of each key."""

    path: str
    line: int
    values: dict[str, str | list[str]]
    lines: dict[str, int]
    item_lines: dict[str, tuple[int, ...]]  # per list key: the line of each element


class Synonym(NamedTuple):
    """A variant of a canonical phrase, as written in the lexicon, and cleaned (the key it is looked up by)."""

    variant: str
    key: str
    canonical: str
    path: str
    line: int


class Reader:
    """Turns composed YAML nodes into plain values, recording problems instead of raising.

    What it reads piles up in `items` (per section, in file order), `synonyms` and `exclusive`, for the loader to
    check across files and build from.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.items: dict[str, list[Item]] = {section: [] for section in _SCHEMAS}
        self.synonyms: list[Synonym] = []
        self.exclusive: list[tuple[str, ...]] = []

    def problem(self, path: str, node: yaml.Node | None, message: str, line: int | None = None) -> None:
        """Record a problem at `line`, or else at the node's line (the first line when there is no node)."""
        if line is None:
            line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(path, line, message))

    def document(self, path: str, root: yaml.Node) -> None:
        """Read one fact file: a mapping of section names to lists of entries (or to the lexicon)."""
        if not isinstance(root, yaml.MappingNode):
            self.problem(path, root, f"a fact file must be a mapping with keys {', '.join(_SECTIONS)}")
            return
        for key_node, value_node in root.value:
            section = _scalar(key_node)
            if section == "lexicon":
                self.lexicon(path, value_node)
            elif section not in _SCHEMAS:
                self.problem(path, key_node, f"unknown section '{section}' (known: {', '.join(_SECTIONS)})")
            elif not isinstance(value_node, yaml.SequenceNode):
                self.problem(path, value_node, f"'{section}' must be a list, not {_describe(value_node)}")
            else:
                for node in value_node.value:
                    item = self.item(path, section, node)
                    if item is not None:
                        self.items[section].append(item)

    def text(self, path: str, node: yaml.Node, what: str) -> str | None:
        """A non-empty text, stripped; None (and a problem) for anything else, including a `TODO` left to fill."""
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
            value = str(node.value).strip()
            if not value:
                self.problem(path, node, f"{what} is empty")
                return None
            todo = _TODO.match(value)
            if todo:
                self.problem(path, node, " ".join(["TODO:", *todo[1].split()]) if todo[1] else "TODO")
                return None
            return value
        self.problem(path, node, f"{what} must be a text, not {_describe(node)}")
        return None

    def texts(self, path: str, node: yaml.Node, what: str) -> tuple[list[str], list[int]] | None:
        """The valid texts of a list with the line of each; None (and a problem) when it is not a list."""
        if isinstance(node, yaml.ScalarNode) and _TODO.match(str(node.value).strip()):
            self.text(path, node, what)  # a whole list left to write: one TODO
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.problem(path, node, f"{what} must be a list of texts, not {_describe(node)}")
            return None
        values: list[str] = []
        lines: list[int] = []
        for element in node.value:
            value = self.text(path, element, f"an entry of {what}")
            if value is not None:
                values.append(value)
                lines.append(element.start_mark.line + 1)
        return values, lines

    def item(self, path: str, section: str, node: yaml.Node) -> Item | None:
        """One entry of a section, checked against the section's schema (unknown, repeated and missing keys)."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(path, node, f"each entry of '{section}' must be a mapping, not {_describe(node)}")
            return None
        schema = _SCHEMAS[section]
        item = Item(path, node.start_mark.line + 1, {}, {}, {})
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in schema:
                known = ", ".join(schema)
                self.problem(path, key_node, f"unknown key '{key}' in {section} (known keys: {known})")
                continue
            if key in item.lines:
                self.problem(path, key_node, f"key '{key}' appears twice")
                continue
            kind, _ = schema[key]
            item.lines[key] = key_node.start_mark.line + 1
            if kind == "text":
                value = self.text(path, value_node, f"'{key}'")
                if value is not None:
                    item.values[key] = value
            else:
                read = self.texts(path, value_node, f"'{key}'")
                if read is not None:
                    item.values[key], lines = read[0], read[1]
                    item.item_lines[key] = tuple(lines)
        for key, (_, required) in schema.items():
            if required and key not in item.lines:
                self.problem(path, node, f"{section} entry is missing '{key}'")
        return item

    def lexicon(self, path: str, node: yaml.Node) -> None:
        """Read `lexicon: {synonyms: {canonical: [variants]}, exclusive: [[terms]]}`.

        Each exclusive group is a list of terms of which a question naming one is not answered by a fact naming only
        another (roles, ranks).
        """
        if not isinstance(node, yaml.MappingNode):
            self.problem(path, node, f"'lexicon' must be a mapping, not {_describe(node)}")
            return
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key == "exclusive":
                self._exclusive(path, value_node)
            elif key != "synonyms":
                self.problem(path, key_node, f"unknown key '{key}' in lexicon (known keys: synonyms, exclusive)")
            elif not isinstance(value_node, yaml.MappingNode):
                self.problem(path, value_node, f"'synonyms' must be {_FIELD_TYPES['mapping']}")
            else:
                for canonical_node, variants_node in value_node.value:
                    canonical = self.text(path, canonical_node, "a synonym's canonical form")
                    read = self.texts(path, variants_node, f"the variants of '{canonical}'")
                    if canonical is not None and read is not None:
                        self._synonyms(path, canonical, *read)

    def _exclusive(self, path: str, node: yaml.Node) -> None:
        """Each group of exclusive terms: a list of at least two texts."""
        if not isinstance(node, yaml.SequenceNode):
            self.problem(path, node, f"'exclusive' must be a list of lists of texts, not {_describe(node)}")
            return
        for group in node.value:
            read = self.texts(path, group, "a group of exclusive terms")
            if read is not None and len(read[0]) < 2:
                self.problem(path, group, "a group of exclusive terms needs at least two terms")
            elif read is not None:
                self.exclusive.append(tuple(read[0]))

    def _synonyms(self, path: str, canonical: str, variants: list[str], lines: list[int]) -> None:
        """Record each variant of a canonical phrase (the loader checks that a variant means one thing in all files)."""
        for variant, line in zip(variants, lines, strict=True):
            key = clean(variant)
            if key:
                self.synonyms.append(Synonym(variant, key, canonical, path, line))
            else:
                self.problem(path, None, f"variant '{variant}' has no letters or digits", line)


def _scalar(node: yaml.Node) -> str:
    """A scalar's text, or a description of what the node is instead."""
    return str(node.value) if isinstance(node, yaml.ScalarNode) else _describe(node)


def _describe(node: yaml.Node) -> str:
    """What a node is, in a curator's words: for "must be a list, not a mapping"."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing"
    return f"'{node.value}'"
