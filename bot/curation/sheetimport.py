"""Read an editor's workbook back into fact files, validated as the bot validates its facts.

The sheets are written out as YAML (bot.curation.factyaml), every line remembering the cell it came from; the
files are then validated together with the other fact files of the target folder by the loader and the collision
check, and each problem is reported at its cell: ``facts.xlsx:Facts!F12: unknown topic 'dairyy'``. Nothing is
written unless everything is valid. Comments in fact files do not survive an import: the workbook has none.
"""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.curation.factyaml import FactFileWriter, Field
from bot.curation.spreadsheet import EXCLUSIVE, FACTS, LEXICON, QUESTIONS, SHEETS, Sheet, split_cell
from bot.engine.knowledge import collisions
from bot.engine.loader import parse, yaml_files
from bot.engine.matcher import Matcher
from bot.engine.model import FactBase, FactBaseError

SECTION_FILES = {"sources": "sources.yaml", "topics": "topics.yaml", "entities": "entities.yaml"}
LEXICON_FILE = "lexicon.yaml"
CHECKS_FILE = "checks.yaml"
LANGUAGES = {"en": "questions", "zh": "questions_zh"}
OPTIONAL_SHEETS = ("Checks", "Exclusive")


class WorkbookError(Exception):
    """The workbook cannot be imported; `problems` lists every reason, each where it is (a cell or a file line)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class Record:
    """One row of a sheet: its cells' texts by column key, and the cell each came from."""

    sheet: Sheet
    row: int
    values: dict[str, str]
    cells: dict[str, str]  # column key -> "Facts!C12"

    def fields(self, keys: Sequence[str] | None = None) -> list[Field]:
        """The row as YAML fields: required cells always (empty ones are reported at their cell), others if set."""
        fields = []
        for column in self.sheet.columns:
            if keys is not None and column.key not in keys:
                continue
            value = self.values.get(column.key, "")
            if not value and not column.required:
                continue
            written: str | list[str] = split_cell(value) if column.is_list else value
            fields.append(Field(column.key, written, self.cells[column.key]))
        return fields


@dataclass
class Reading:
    """What a workbook holds, sheet by sheet, and the problems only the workbook can show.

    A `fatal` problem (not a workbook, a sheet or column missing) stops the import at once; the others (a question
    of an unknown fact, say) leave their row out and are reported with everything the validation finds.
    """

    records: dict[str, list[Record]] = field(default_factory=dict)
    fatal: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def import_workbook(path: Path, into: Path, articles: Path) -> tuple[FactBase, list[str]]:
    """Write the workbook's fact files into `into` when they are valid; returns the base and the files written.

    `articles` is where the sources' articles are when `into` has no articles folder yet; the ones used are copied.
    Raises WorkbookError listing every problem, in which case nothing is written.
    """
    reading = read_workbook(path)
    if reading.fatal:
        raise WorkbookError(reading.fatal)
    writers = fact_files(reading.records)
    own = into / "articles"
    articles = own if own.is_dir() else articles
    texts = {file: file.read_text(encoding="utf-8") for file in (yaml_files(into) if into.is_dir() else [])}
    texts.update({into / name: writer.text() for name, writer in writers.items()})
    try:
        base = parse(texts, articles)
        problems = collisions(Matcher(base))
    except FactBaseError as error:
        problems = list(error.problems)
    if problems or reading.problems:
        located = list(reading.problems)
        for problem in problems:
            writer = writers.get(Path(problem.path).name) if Path(problem.path).parent == into else None
            origin = writer.origin(problem.line) if writer else None
            located.append(f"{path.name}:{origin}: {problem.message}" if origin else str(problem))
        raise WorkbookError(located)
    into.mkdir(parents=True, exist_ok=True)
    for name, writer in writers.items():
        temporary = into / f".{name}.importing"
        temporary.write_text(writer.text(), encoding="utf-8")
        os.replace(temporary, into / name)
    if articles != own:
        own.mkdir(exist_ok=True)
        for source in base.sources.values():
            if not (own / source.file).exists():
                shutil.copy2(articles / source.file, own / source.file)
    return base, sorted(writers)


def read_workbook(path: Path) -> Reading:
    """The rows of every known sheet; problems for a workbook that cannot be read or a sheet laid out wrongly."""
    from openpyxl import load_workbook

    reading = Reading()
    try:
        workbook = load_workbook(path)
    except Exception as error:  # openpyxl raises many kinds (zip, XML, key errors) for a file that is not a workbook
        reading.fatal.append(f"{path.name}: cannot read the workbook: {error}")
        return reading
    for sheet in SHEETS:
        if sheet.name not in workbook.sheetnames:
            if sheet.name not in OPTIONAL_SHEETS:
                reading.fatal.append(f"{path.name}: the workbook has no sheet '{sheet.name}'")
            continue
        rows = list(workbook[sheet.name].iter_rows(values_only=True))
        reading.records[sheet.name] = _records(path.name, sheet, rows, reading.fatal)
    _check_rows(path.name, reading)
    return reading


def _records(book: str, sheet: Sheet, rows: list[tuple[Any, ...]], problems: list[str]) -> list[Record]:
    """The filled rows of a sheet, read by its header; unknown and missing columns are problems."""
    header = [_text(value) for value in rows[0]] if rows else []
    known = {column.key for column in sheet.columns}
    for index, name in enumerate(header):
        if name and name not in known:
            problems.append(
                f"{book}:{sheet.name}!{_letter(index)}1: unknown column '{name}' (known: {', '.join(known)})"
            )
    for column in sheet.columns:
        if column.key not in header:
            problems.append(f"{book}:{sheet.name}!A1: missing column '{column.key}'")
    if any(column.key not in header for column in sheet.columns):
        return []
    positions = {column.key: header.index(column.key) for column in sheet.columns}
    records = []
    for number, row in enumerate(rows[1:], start=2):
        values = {key: _text(row[index]) if index < len(row) else "" for key, index in positions.items()}
        if any(values.values()):
            cells = {key: f"{sheet.name}!{_letter(index)}{number}" for key, index in positions.items()}
            records.append(Record(sheet, number, values, cells))
    return records


def _check_rows(book: str, reading: Reading) -> None:
    """Every question row names a fact of the Facts sheet and a language; a fact's file is a plain YAML name.

    A row that breaks these rules is left out of the files (a fact whose file name is refused goes to the
    default file), so that the validation can still report everything else.
    """
    facts = {record.values["id"] for record in reading.records.get(FACTS.name, [])}
    for record in reading.records.get(FACTS.name, []):
        name = record.values["file"]
        if name and (Path(name).name != name or name.startswith(".") or not name.endswith((".yaml", ".yml"))):
            reading.problems.append(f"{book}:{record.cells['file']}: '{name}' must be a plain .yaml file name")
            record.values["file"] = ""
    kept = []
    for record in reading.records.get(QUESTIONS.name, []):
        fact, language = record.values["fact"], record.values["language"]
        if fact not in facts:
            reading.problems.append(f"{book}:{record.cells['fact']}: unknown fact '{fact}'")
        if language not in LANGUAGES:
            reading.problems.append(f"{book}:{record.cells['language']}: language must be en or zh, not '{language}'")
        if fact in facts and language in LANGUAGES:
            kept.append(record)
    if QUESTIONS.name in reading.records:
        reading.records[QUESTIONS.name] = kept


def fact_files(records: dict[str, list[Record]]) -> dict[str, FactFileWriter]:
    """The fact files the rows make: each section in its file, facts in the file their row names."""
    writers: dict[str, FactFileWriter] = {}

    def writer(name: str) -> FactFileWriter:
        return writers.setdefault(name, FactFileWriter())

    for sheet in SHEETS[:3]:
        if records.get(sheet.name):
            out = writer(SECTION_FILES[sheet.section])
            out.section(sheet.section)
            for record in records[sheet.name]:
                out.entry(record.fields())
    synonyms = [
        (r.values["canonical"], split_cell(r.values["variants"]), r.cells["canonical"])
        for r in records.get(LEXICON.name, [])
    ]
    groups = [(split_cell(r.values["terms"]), r.cells["terms"]) for r in records.get(EXCLUSIVE.name, [])]
    if synonyms or groups:
        out = writer(LEXICON_FILE)
        out.section("lexicon")
        if synonyms:
            out.mapping("synonyms", synonyms)
        if groups:
            out.groups("exclusive", groups)
    _facts(records, writer)
    if records.get("Checks"):
        out = writer(CHECKS_FILE)
        out.section("checks", "Checks!A1")
        for record in records["Checks"]:
            out.entry(record.fields())
    return writers


def _facts(records: dict[str, list[Record]], writer: Callable[[str], FactFileWriter]) -> None:
    """Facts with their example questions, grouped by file, in the order of the Facts sheet."""
    questions: dict[tuple[str, str], list[Record]] = {}
    for record in records.get(QUESTIONS.name, []):
        questions.setdefault((record.values["fact"], record.values["language"]), []).append(record)
    opened: set[str] = set()
    for record in records.get(FACTS.name, []):
        name = record.values["file"] or f"{record.values['source'] or 'facts'}.yaml"
        out = writer(name)
        if name not in opened:
            out.section("facts")
            opened.add(name)
        fields = record.fields([c.key for c in FACTS.columns if c.key != "file"])
        for language, key in LANGUAGES.items():
            asked = questions.get((record.values["id"], language), [])
            if asked or language == "en":
                texts = [q.values["question"] for q in asked]
                fields.append(Field(key, texts, record.cells["id"], [q.cells["question"] for q in asked], block=True))
        out.entry(fields)


def _text(value: object) -> str:
    """A cell's value as the text an editor sees: 2021 rather than 2021.0, a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
