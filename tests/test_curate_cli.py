"""The curators' commands as a person runs them: draft, check on a draft, export --xlsx, import, export JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.test_cli import ROOT, run

FACTS = ROOT / "facts"
ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "ulanqab-data-center.txt"


def copy_facts(tmp_path: Path) -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    return facts


def test_draft_prints_a_fact_file_and_says_what_is_left(tmp_path: Path) -> None:
    facts = copy_facts(tmp_path)
    result = run("draft", str(ARTICLE), "--source-id", "ulanqab-2022", facts=facts)
    assert result.returncode == 0, result.stderr
    drafted = yaml.safe_load(result.stdout)
    assert drafted["sources"][0]["id"] == "ulanqab-2022"
    assert all(fact["source"] == "ulanqab-2022" for fact in drafted["facts"])
    assert "Drafted 6 facts and 4 new entities from ulanqab-data-center.txt;" in result.stderr
    assert not (facts / "articles" / ARTICLE.name).exists()


def test_draft_write_puts_the_article_beside_the_others_but_never_over_another(tmp_path: Path) -> None:
    facts = copy_facts(tmp_path)
    assert run("draft", str(ARTICLE), "--write", facts=facts).returncode == 0
    assert (facts / "articles" / ARTICLE.name).read_bytes() == ARTICLE.read_bytes()
    assert run("draft", str(ARTICLE), "--write", facts=facts).returncode == 0  # the same article again: fine
    other = tmp_path / ARTICLE.name
    other.write_text("Home > News\n\nAnother story\n\nWuhai built 3 new parks this year.\n", encoding="utf-8")
    refused = run("draft", str(other), "--write", facts=facts)
    assert refused.returncode == 1
    assert "already in the articles folder with other text" in refused.stderr
    assert (facts / "articles" / ARTICLE.name).read_bytes() == ARTICLE.read_bytes()


def test_check_lists_what_a_draft_still_needs_as_path_line_todo(tmp_path: Path) -> None:
    facts = copy_facts(tmp_path)
    drafted = run("draft", str(ARTICLE), "--write", facts=facts).stdout
    (facts / "ulanqab.yaml").write_text(drafted, encoding="utf-8")
    result = run("check", facts=facts)
    assert result.returncode == 1
    todos = [line for line in result.stdout.splitlines() if ": TODO" in line]
    assert todos and all(line.startswith(f"{facts / 'ulanqab.yaml'}:") for line in todos)
    lines = drafted.splitlines()
    for line in todos:
        number = int(line.split(":")[1])
        assert "TODO" in lines[number - 1]
    assert sum("TODO" in line and not line.lstrip().startswith("#") for line in lines) == len(todos)


def test_export_xlsx_then_import_gives_the_same_export_json(tmp_path: Path) -> None:
    before = run("export", facts=FACTS)
    exported = json.loads(before.stdout)
    assert set(exported) == {"sources", "topics", "entities", "lexicon", "facts", "checks"}
    assert exported["checks"]
    assert exported["facts"][0]["source"]["id"] and exported["lexicon"]["synonyms"]["research and development"]
    book = tmp_path / "facts.xlsx"
    assert run("export", "--xlsx", str(book), facts=FACTS).returncode == 0
    imported = run("import", str(book), "--into", str(tmp_path / "edited"), facts=FACTS)
    assert imported.returncode == 0, imported.stdout
    assert run("export", facts=tmp_path / "edited").stdout == before.stdout


def test_import_reports_problems_at_their_cells_and_writes_nothing(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "facts.xlsx"
    run("export", "--xlsx", str(book), facts=FACTS)
    workbook = load_workbook(book)
    workbook["Facts"]["F2"].value = "dairyy"
    workbook.save(book)
    result = run("import", str(book), "--into", str(tmp_path / "edited"), facts=FACTS)
    assert result.returncode == 1
    assert "facts.xlsx:Facts!F2: unknown topic 'dairyy'" in result.stdout.splitlines()
    assert "nothing was written" in result.stdout
    assert not (tmp_path / "edited").exists()


def test_the_commands_are_in_the_help() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert all(name in result.stdout for name in ("draft", "import", "export"))
