"""The curators' commands: draft facts from an article, and the spreadsheet round trip for editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings
from bot.curation.draft import DraftError, draft, save_article
from bot.engine.loader import load
from bot.engine.model import FactBase, FactBaseError


def articles_folder(facts: Path) -> Path:
    """Where the fact base keeps its articles (beside a single fact file, or inside the facts folder)."""
    return (facts if facts.is_dir() else facts.parent) / "articles"


def _base(settings: Settings) -> FactBase | None:
    """The fact base the command works against, or None after saying why it cannot be loaded."""
    path = settings.engine.facts_path
    try:
        return load(path)
    except FactBaseError as error:
        print(f"The facts in {path} are invalid (finish or move away any draft first):\n{error}", file=sys.stderr)
        return None


def draft_command(settings: Settings, args: argparse.Namespace) -> int:
    """Print a draft fact file for an article; with --write, also put the article in the articles folder."""
    article = Path(args.article)
    try:
        content = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"Cannot read {article}: {error}", file=sys.stderr)
        return 2
    base = _base(settings)
    if base is None:
        return 1
    try:
        drafted = draft(content, article.name, base, args.source_id)
        if args.write:
            saved = save_article(articles_folder(settings.engine.facts_path), article.name, content)
            print(f"Article saved as {saved}", file=sys.stderr)
    except DraftError as error:
        print(error, file=sys.stderr)
        return 1
    print(drafted.text, end="")
    print(
        f"Drafted {drafted.facts} facts and {drafted.new_entities} new entities from {article.name}; "
        f"{drafted.todos} TODOs to fill in (python -m bot check lists them).",
        file=sys.stderr,
    )
    return 0


def export_workbook(base: FactBase, path: Path) -> int:
    """Write the fact base as a workbook for editors."""
    from bot.curation.spreadsheet import ExportError, export_workbook

    try:
        counts = export_workbook(base, path)
    except (ExportError, OSError) as error:
        print(f"Cannot write {path}: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {path}: " + ", ".join(f"{count} {sheet.lower()}" for sheet, count in counts.items()))
    return 0


def import_command(settings: Settings, args: argparse.Namespace) -> int:
    """Validate a workbook and write its fact files into --into; every problem is reported at its cell."""
    from bot.curation.sheetimport import WorkbookError, import_workbook

    into = Path(args.into)
    try:
        base, files = import_workbook(Path(args.workbook), into, articles_folder(settings.engine.facts_path))
    except WorkbookError as error:
        print(error)
        print(f"{len(error.problems)} problem(s) found in {args.workbook}: nothing was written")
        return 1
    print(
        f"Imported {len(base.facts)} facts, {len(base.topics)} topics, {len(base.sources)} sources and "
        f"{len(base.entities)} entities into {into}: {', '.join(files)}"
    )
    return 0
