"""The spreadsheet round trip: export, edit, import; problems are reported at their cell and nothing is written."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli.output import fact_base_json
from bot.curation.sheetimport import WorkbookError, fact_files, import_workbook, read_workbook
from bot.curation.spreadsheet import ExportError, export_workbook
from bot.engine.loader import load

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts"
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "facts.xlsx"
    export_workbook(load(FACTS), path)
    return path


def edit(path: Path, changes: dict[str, dict[str, object]]) -> None:
    book = load_workbook(path)
    for sheet, cells in changes.items():
        for cell, value in cells.items():
            book[sheet][cell].value = value  # type: ignore[index]
    book.save(path)


def problems(path: Path, into: Path) -> list[str]:
    with pytest.raises(WorkbookError) as raised:
        import_workbook(path, into, FACTS / "articles")
    assert not into.exists() or not any(into.glob("*.yaml"))  # nothing written
    return raised.value.problems


@pytest.mark.parametrize("facts", [FACTS, MINI], ids=["facts", "mini"])
def test_export_then_import_gives_the_same_fact_base(facts: Path, tmp_path: Path) -> None:
    original = load(facts)
    export_workbook(original, tmp_path / "book.xlsx")
    into = tmp_path / "imported"
    base, files = import_workbook(tmp_path / "book.xlsx", into, facts / "articles")
    assert fact_base_json(load(into)) == fact_base_json(original) == fact_base_json(base)
    assert sorted(path.name for path in into.glob("*.yaml")) == files
    assert sorted(path.name for path in (into / "articles").iterdir()) == sorted(
        s.file for s in original.sources.values()
    )


def test_every_section_has_a_sheet_an_editor_can_read(workbook: Path) -> None:
    book = load_workbook(workbook)
    assert book.sheetnames == "Read me,Sources,Topics,Entities,Lexicon,Exclusive,Facts,Questions,Checks".split(",")
    facts = book["Facts"]
    assert [cell.value for cell in facts[1]] == "id text text_zh source quote topics entities gives file".split()
    base = load(FACTS)
    assert [row[0].value for row in facts.iter_rows(min_row=2)] == [fact.id for fact in base.facts]
    assert book["Questions"].max_row == 1 + base.example_count
    assert (
        book["Topics"]["D2"].value
        == "milk; dairy products; dairy sector; milk industry; dairy companies; milk products; diary"
    )
    assert [cell.value for cell in book["Questions"][1]] == ["fact", "language", "question"]
    assert [cell.value for cell in book["Checks"][1]] == ["question", "answer"]


def test_problems_name_the_sheet_row_and_column(workbook: Path, tmp_path: Path) -> None:
    book = load_workbook(workbook)
    topics_cell = next(f"F{row}" for row in range(2, 40) if book["Facts"][f"A{row}"].value == "hohhot-rd-institutions")
    text_cell = topics_cell.replace("F", "B")
    edit(
        workbook,
        {
            "Facts": {topics_cell: "research-and-development; dairyy", text_cell: None, "I2": "../elsewhere.yaml"},
            "Questions": {"A5": "no-such-fact", "B6": "fr"},
            "Entities": {"B3": "building"},
        },
    )
    found = problems(workbook, tmp_path / "out")
    assert f"facts.xlsx:Facts!{topics_cell}: unknown topic 'dairyy'" in found
    assert f"facts.xlsx:Facts!{text_cell}: 'text' is empty" in found
    assert "facts.xlsx:Facts!I2: '../elsewhere.yaml' must be a plain .yaml file name" in found
    assert "facts.xlsx:Questions!A5: unknown fact 'no-such-fact'" in found
    assert "facts.xlsx:Questions!B6: language must be en or zh, not 'fr'" in found
    assert "facts.xlsx:Entities!B3: entity kind 'building' must be one of place, organisation, person" in found


def test_a_question_that_belongs_to_another_fact_is_reported_at_its_cell(workbook: Path, tmp_path: Path) -> None:
    rows = list(load_workbook(workbook)["Questions"].iter_rows(min_row=2, values_only=True))
    first_fact, _, question = rows[0]
    row = 2 + next(i for i, (fact, language, _) in enumerate(rows) if fact != first_fact and language == "en")
    edit(workbook, {"Questions": {f"C{row}": question}})
    found = problems(workbook, tmp_path / "out")
    assert found == [
        f"facts.xlsx:Questions!C{row}: example question '{question}' has the same words as an example question "
        f"of fact '{first_fact}'"
    ]


def test_a_layout_problem_stops_the_import_at_once(workbook: Path, tmp_path: Path) -> None:
    edit(workbook, {"Facts": {"C1": "colour"}})
    found = problems(workbook, tmp_path / "out")
    assert "facts.xlsx:Facts!C1: unknown column 'colour' (known: " in found[0]
    assert "facts.xlsx:Facts!A1: missing column 'text_zh'" in found


def test_what_a_spreadsheet_does_to_typed_values_is_undone(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(MINI, facts)
    export_workbook(load(facts), tmp_path / "book.xlsx")
    edit(tmp_path / "book.xlsx", {"Sources": {"G2": 2021.0}})  # the date typed as a number
    import_workbook(tmp_path / "book.xlsx", tmp_path / "a", facts / "articles")
    assert load(tmp_path / "a").sources["mini"].date == "2021"
    edit(tmp_path / "book.xlsx", {"Sources": {"G2": datetime.datetime(2021, 3, 25)}})  # typed as a date
    import_workbook(tmp_path / "book.xlsx", tmp_path / "b", facts / "articles")
    assert load(tmp_path / "b").sources["mini"].date == "2021-03-25"


def test_a_text_that_looks_like_a_formula_stays_a_text(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(MINI, facts)
    mini = facts / "mini.yaml"
    mini.write_text(mini.read_text(encoding="utf-8").replace("aliases: [milk]", 'aliases: [milk, "=1+1"]'), "utf-8")
    export_workbook(load(facts), tmp_path / "book.xlsx")
    cell = load_workbook(tmp_path / "book.xlsx")["Topics"]["D4"]
    assert (cell.value, cell.data_type) == ("milk; =1+1", "s")
    import_workbook(tmp_path / "book.xlsx", tmp_path / "out", facts / "articles")
    assert load(tmp_path / "out").topics["dairy"].aliases == ("milk", "=1+1")


def test_a_list_item_holding_the_separator_is_refused_at_export(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(MINI, facts)
    mini = facts / "mini.yaml"
    mini.write_text(mini.read_text(encoding="utf-8").replace("aliases: [milk]", 'aliases: ["milk; cheese"]'), "utf-8")
    with pytest.raises(ExportError, match="'milk; cheese' contains ';'"):
        export_workbook(load(facts), tmp_path / "book.xlsx")


def test_checks_rows_become_a_checks_section(workbook: Path) -> None:
    edit(workbook, {"Checks": {"A2": "How many R&D institutions does Ordos have?", "B2": "decline"}})
    records = read_workbook(workbook).records
    files = fact_files(records)
    assert (
        files["checks.yaml"]
        .text()
        .startswith("checks:\n  - question: How many R&D institutions does Ordos have?\n    answer: decline\n")
    )
    assert files["checks.yaml"].text().count("  - question: ") == len(records["Checks"])
    assert files["checks.yaml"].origin(1) == "Checks!A1"


def test_the_sheets_cover_every_key_of_the_fact_files() -> None:
    from bot.curation.spreadsheet import SHEETS
    from bot.engine.schema import _SCHEMAS

    columns = {sheet.section: {column.key for column in sheet.columns} for sheet in SHEETS}
    for section, keys in _SCHEMAS.items():
        questions = {"questions", "questions_zh"} if section == "facts" else set()
        assert set(keys) - questions <= columns[section], section
