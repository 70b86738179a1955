"""Write fact files as curators write them: block style, one key a line, short lists in brackets, comments.

Used for drafts (bot.curation.draft) and for files imported from a spreadsheet (bot.curation.spreadsheet). Each
line can carry an origin (a spreadsheet cell, say), so that a problem the loader reports at a line can be
reported where the value came from. Scalars are written plain when YAML reads them back as the same text, and
double-quoted (with escapes) otherwise, so every text survives the round trip exactly.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

WIDTH = 120
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def scalar(value: str, flow: bool = False) -> str:
    """A text as a YAML scalar that reads back as exactly that text (in a flow list when `flow`)."""
    return value if _plain(value, flow) else _quoted(value)


def _plain(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or value[0] in _INDICATORS or value.endswith(":"):
        return False
    if ": " in value or " #" in value or not value.isprintable():
        return False
    if flow and not all(char.isalnum() or char in " &'()-._/+" for char in value):
        return False  # PyYAML ends a plain scalar in a flow list at more characters than YAML itself does
    try:
        return bool(yaml.safe_load(value) == value)
    except yaml.YAMLError:
        return False


def _quoted(value: str) -> str:
    escaped = []
    for char in value:
        if char in _ESCAPES:
            escaped.append(_ESCAPES[char])
        elif not char.isprintable() or char == "\ufeff":
            code = ord(char)
            escaped.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _printable(text: str) -> str:
    """A comment's text without the characters a YAML file may not hold (and without line breaks)."""
    return "".join(char if char.isprintable() else " " for char in text)


@dataclass(frozen=True)
class Field:
    """One key of an entry: a text or a list of texts, where it came from, and a comment for the curator."""

    key: str
    value: str | Sequence[str]
    origin: str | None = None  # where the value came from (a list's key line, when its items have none)
    item_origins: Sequence[str | None] = ()  # per list item
    comment: str = ""  # at the end of the key's line
    block: bool = False  # a list written one item a line (example questions), even when short


class FactFileWriter:
    """Builds one fact file line by line, remembering each line's origin."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.origins: list[str | None] = []

    def add(self, line: str, origin: str | None = None) -> None:
        self.lines.append(line)
        self.origins.append(origin)

    def comment(self, text: str, indent: int = 0) -> None:
        """A comment, wrapped to the line width; characters YAML does not allow in a file are left out."""
        text = _printable(text)
        prefix = " " * indent + "# "
        for line in textwrap.wrap(text, WIDTH - len(prefix), break_long_words=False, break_on_hyphens=False):
            self.add(prefix + line)

    def section(self, name: str, origin: str | None = None) -> None:
        """A top-level key (`facts:`), after a blank line unless it opens the file."""
        if self.lines:
            self.add("")
        self.add(f"{name}:", origin)

    def entry(self, fields: Sequence[Field], comments: Sequence[str] = ()) -> None:
        """One list entry of a section, comments first, its first key after the dash."""
        for text in comments:
            self.comment(text, 2)
        for index, field in enumerate(fields):
            self._field(field, "  - " if index == 0 else "    ")

    def mapping(self, key: str, values: Sequence[tuple[str, Sequence[str], str | None]]) -> None:
        """A nested mapping of texts to lists (the lexicon's synonyms), one key a line."""
        self.add(f"  {key}:")
        for name, items, origin in values:
            self._field(Field(scalar(name), items, origin), "    ")

    def groups(self, key: str, groups: Sequence[tuple[Sequence[str], str | None]]) -> None:
        """A nested list of lists (the lexicon's exclusive groups), one group a line."""
        self.add(f"  {key}:")
        for items, origin in groups:
            self.add(f"    - [{', '.join(scalar(item, flow=True) for item in items)}]", origin)

    def _field(self, field: Field, lead: str) -> None:
        key = field.key
        note = f"  # {_printable(field.comment)}" if field.comment else ""
        if isinstance(field.value, str):
            self.add(f"{lead}{key}: {scalar(field.value)}{note}", field.origin)
            return
        items = list(field.value)
        origins = list(field.item_origins) or [field.origin] * len(items)
        flow = f"{lead}{key}: [{', '.join(scalar(item, flow=True) for item in items)}]{note}"
        if not field.block and (len(flow) <= WIDTH or not items) and len(set(origins)) <= 1:
            self.add(flow, origins[0] if origins else field.origin)
            return
        self.add(f"{lead}{key}:{note}", field.origin)
        indent = " " * (len(lead) + 2)
        for item, origin in zip(items, origins, strict=True):
            self.add(f"{indent}- {scalar(item)}", origin)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def origin(self, line: int) -> str | None:
        """Where the value on a (1-based) line came from, if known."""
        return self.origins[line - 1] if 0 < line <= len(self.origins) else None
