"""The fact base as a workbook editors can read and change: one sheet per section, one row per entry.

`python -m bot export --xlsx FILE` writes it; `python -m bot import FILE --into DIR` (bot.curation.sheetimport)
reads it back into fact files. Lists (aliases, topics, entities, variants) are one cell, items separated by "; ";
example questions have a sheet of their own, one row each, so that adding a question is adding a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.engine.model import FactBase

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    """A column: its header (the fact files' key), whether it holds a list, whether it must be filled."""

    key: str
    width: int
    is_list: bool = False
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    """A sheet: its name, the section of the fact files it holds, its columns in order."""

    name: str
    section: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


SOURCES = Sheet(
    "Sources",
    "sources",
    (
        Column("id", 24, required=True),
        Column("file", 30, required=True),
        Column("title", 40, required=True),
        Column("title_zh", 30),
        Column("publisher", 30, required=True),
        Column("publisher_zh", 24),
        Column("date", 12, required=True),
        Column("date_note", 40),
        Column("date_note_zh", 30),
    ),
)
TOPICS = Sheet(
    "Topics",
    "topics",
    (
        Column("id", 24, required=True),
        Column("name", 30, required=True),
        Column("name_zh", 16),
        Column("aliases", 50, is_list=True),
        Column("aliases_zh", 30, is_list=True),
    ),
)
ENTITIES = Sheet(
    "Entities",
    "entities",
    (
        Column("id", 28, required=True),
        Column("kind", 14, required=True),
        Column("name", 32, required=True),
        Column("name_zh", 20),
        Column("aliases", 50, is_list=True),
        Column("aliases_zh", 30, is_list=True),
        Column("part_of", 20, is_list=True),
    ),
)
LEXICON = Sheet("Lexicon", "lexicon", (Column("canonical", 36, required=True), Column("variants", 80, is_list=True)))
# The lexicon's exclusive groups: terms of which a question naming one is not answered by a fact naming another.
EXCLUSIVE = Sheet("Exclusive", "exclusive", (Column("terms", 120, is_list=True, required=True),))
FACTS = Sheet(
    "Facts",
    "facts",
    (
        Column("id", 30, required=True),
        Column("text", 60, required=True),
        Column("text_zh", 40),
        Column("source", 20, required=True),
        Column("quote", 60, required=True),
        Column("topics", 30, is_list=True, required=True),
        Column("entities", 36, is_list=True, required=True),
        Column("gives", 16, is_list=True),
        Column("file", 24),
    ),
)
QUESTIONS = Sheet(
    "Questions",
    "questions",
    (Column("fact", 30, required=True), Column("language", 10, required=True), Column("question", 90, required=True)),
)
# The `checks` section: a question and the fact id that must answer it, or "decline".
CHECKS = Sheet("Checks", "checks", (Column("question", 80, required=True), Column("answer", 30, required=True)))
SHEETS = (SOURCES, TOPICS, ENTITIES, LEXICON, EXCLUSIVE, FACTS, QUESTIONS, CHECKS)

READ_ME = (
    "This workbook is the bot's fact base: one sheet per section of the fact files (see facts/README.md).",
    "Each row is one entry; the first row of each sheet names the fields and must stay as it is.",
    f"A cell holding a list (aliases, topics, entities, variants) separates its items with '{SEPARATOR.strip()}'.",
    "Questions: one example question per row, with the id of its fact and its language (en or zh).",
    "Facts: 'gives' lists the kinds of answer a fact holds beyond what its text shows (who, where, ...);",
    "'file' is the fact file the fact is kept in (empty: <source>.yaml).",
    "Exclusive: groups of terms (roles, ranks): a question naming one is not answered by a fact naming another.",
    "Checks: a question and the fact id that must answer it, or 'decline' (see facts/README.md, checks).",
    "Import with: python -m bot import THIS.xlsx --into DIR   (every problem is reported as Sheet!Cell: message)",
)

Row = list[str | Sequence[str]]


class ExportError(Exception):
    """The fact base holds a value a cell cannot carry unchanged."""


def _sources(base: FactBase) -> list[Row]:
    return [
        [s.id, s.file, s.title, s.title_zh, s.publisher, s.publisher_zh, s.date, s.date_note, s.date_note_zh]
        for s in base.sources.values()
    ]


def _topics(base: FactBase) -> list[Row]:
    return [[t.id, t.name, t.name_zh, t.aliases, t.aliases_zh] for t in base.topics.values()]


def _entities(base: FactBase) -> list[Row]:
    return [[e.id, e.kind, e.name, e.name_zh, e.aliases, e.aliases_zh, e.part_of] for e in base.entities.values()]


def _lexicon(base: FactBase) -> list[Row]:
    synonyms: dict[str, list[str]] = {}
    for variant, canonical in base.synonyms.items():
        synonyms.setdefault(canonical, []).append(variant)
    return [[canonical, variants] for canonical, variants in synonyms.items()]


def _exclusive(base: FactBase) -> list[Row]:
    return [[group] for group in base.exclusive]


def _facts(base: FactBase) -> list[Row]:
    return [
        [f.id, f.text, f.text_zh, f.source, f.quote, f.topics, f.entities, f.gives, Path(f.path).name if f.path else ""]
        for f in base.facts
    ]


def _questions(base: FactBase) -> list[Row]:
    return [[fact.id, example.language, example.text] for fact in base.facts for example in fact.examples]


def _checks(base: FactBase) -> list[Row]:
    return [[check.question, check.answer] for check in base.checks]


_ROWS: dict[str, Callable[[FactBase], list[Row]]] = {
    "sources": _sources,
    "topics": _topics,
    "entities": _entities,
    "lexicon": _lexicon,
    "exclusive": _exclusive,
    "facts": _facts,
    "questions": _questions,
    "checks": _checks,
}


def export_workbook(base: FactBase, path: Path) -> dict[str, int]:
    """Write the fact base as a workbook; returns the number of rows of each sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    notes = workbook.active
    assert notes is not None  # a new workbook always has its first sheet
    notes.title = "Read me"
    notes.column_dimensions["A"].width = 120
    for line in READ_ME:
        notes.append([line])
    counts: dict[str, int] = {}
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        rows = _ROWS[sheet.section](base)
        _fill(worksheet, sheet, rows)
        for index, column in enumerate(sheet.columns, start=1):
            letter = worksheet.cell(1, index).column_letter
            worksheet.column_dimensions[letter].width = column.width
            worksheet.cell(1, index).font = Font(bold=True)
            for cell in worksheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=column.width >= 40, vertical="top")
        worksheet.freeze_panes = "B2"
        counts[sheet.name] = len(rows)
    workbook.save(path)
    return counts


def _fill(worksheet: Worksheet, sheet: Sheet, rows: list[Row]) -> None:
    """Header and rows, every value a text cell: a text starting with '=' stays a text, not a formula."""
    header: Row = [column.key for column in sheet.columns]
    for row_number, row in enumerate([header, *rows], start=1):
        for column_number, value in enumerate(row, start=1):
            text = value if isinstance(value, str) else list_cell(value, f"{sheet.name} row {row_number}")
            if text:
                cell = worksheet.cell(row_number, column_number)
                cell.value = text
                cell.data_type = "s"


def list_cell(items: Sequence[str], where: str) -> str:
    """A list as one cell; an item that holds the separator could not be read back, so it is refused."""
    for item in items:
        if ";" in item or "\n" in item:
            raise ExportError(f"{where}: '{item}' contains ';' or a line break, which separate list items")
    return SEPARATOR.join(items)


def split_cell(text: str) -> list[str]:
    """A list cell's items: separated by ';' or line breaks, each stripped, empty ones left out."""
    return [item.strip() for item in text.replace("\n", ";").split(";") if item.strip()]
