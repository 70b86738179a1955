"""Load the curated YAML files into one immutable fact base, or report every problem at once.

Each problem is reported as ``path:line: message`` so that a curator can jump to it. Loading is all or nothing:
either every file is valid and a complete `FactBase` comes back, or `FactBaseError` lists what is wrong and
nothing is half-loaded. The files are composed into nodes (bot.engine.schema reads them with their lines); this
module checks what only the whole can tell (ids, references, quotes, figures) and builds the frozen values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.engine.articlefiles import read_article, squash
from bot.engine.composing import MAX_FILE_CHARS
from bot.engine.factfiles import ReadFile, facts_by_item, merged_synonyms, read_files
from bot.engine.figures import figure_mismatch
from bot.engine.model import (
    DECLINE,
    ENTITY_KINDS,
    Check,
    Entity,
    Example,
    Fact,
    FactBase,
    FactBaseError,
    Problem,
    Source,
    Topic,
)
from bot.engine.question import WANTS
from bot.engine.schema import ENTRIES, Item

MIN_QUESTIONS = 4
MIN_QUESTIONS_ZH = 3
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Buttons carry fact and topic ids in at most 64 bytes of callback data: "f:<fact id>", "p:<topic id>:<page>".
MAX_ID_CHARS = 56
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def yaml_files(path: Path) -> list[Path]:
    """The fact files under a directory (sorted, so the result is deterministic), or the one file given."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


def load(
    path: Path | str,
    replace: Mapping[Path, str | None] | None = None,
    earlier: Mapping[str, ReadFile] | None = None,
    read: dict[str, ReadFile] | None = None,
) -> FactBase:
    """Load every fact file under `path` (a directory or one file) and validate the whole.

    `replace` maps file paths to texts that stand in for (or are added to) what is on disk, or to None for a file
    left out: an uploaded or edited file is validated together with the others before anything is written. Raises
    `FactBaseError` listing every problem. `earlier` and `read`: see `parse`.
    """
    root = Path(path)
    texts: dict[Path, str] = {}
    problems: list[Problem] = []
    if not root.exists() and not replace:
        raise FactBaseError([Problem(str(root), 1, "no such file or directory")])
    for file in yaml_files(root) if root.exists() else []:
        try:
            if file.stat().st_size > MAX_FILE_CHARS * 4:  # UTF-8 takes at most 4 bytes a character
                problems.append(Problem(str(file), 1, f"the file is larger than {MAX_FILE_CHARS >> 20} MiB"))
                continue
            texts[file] = file.read_text(encoding="utf-8")
        except OSError as error:
            problems.append(Problem(str(file), 1, f"cannot read: {error.strerror or type(error).__name__}"))
        except UnicodeDecodeError:
            problems.append(Problem(str(file), 1, "cannot read: the file is not UTF-8 text"))
    for file, text in (replace or {}).items():
        if text is None:
            texts.pop(file, None)
        else:
            texts[file] = text
    articles = (root if root.is_dir() else root.parent) / "articles"
    return parse(texts, articles, problems, earlier, read)


def parse(
    texts: Mapping[Path, str],
    articles: Path,
    problems: list[Problem] | None = None,
    earlier: Mapping[str, ReadFile] | None = None,
    read: dict[str, ReadFile] | None = None,
) -> FactBase:
    """Validate the given file texts as one fact base; see `load`.

    With `earlier` (the files read for the fact base being served), a file whose text has not changed is not read
    again; what spans files (ids, references, a variant meaning one thing in every file) is checked all the same.
    `read` gets the files read for this fact base, once it is valid.
    """
    problems = problems if problems is not None else []
    files = read_files(texts, earlier or {}, problems)
    items = {section: [item for found in files.values() for item in found.items[section]] for section in ENTRIES}
    exclusive = tuple(group for found in files.values() for group in found.exclusive)
    made = facts_by_item(found for found in files.values() if found.facts)
    base = _build(items, merged_synonyms(files.values(), problems), articles, problems, exclusive, made)
    if base is None or problems:
        raise FactBaseError(problems)
    if read is not None:
        by_path: dict[str, list[Fact]] = {}
        for fact in base.facts:
            by_path.setdefault(fact.path, []).append(fact)
        for path, found in files.items():
            facts = tuple(by_path.get(path, ()))
            read[path] = found if found.facts == facts else replace(found, facts=facts)
    return base


def _unique(items: list[Item], kind: str, problems: list[Problem]) -> dict[str, Item]:
    """Index items by id, reporting malformed and duplicate ids."""
    seen: dict[str, Item] = {}
    for item in items:
        item_id = item.values.get("id")
        if not isinstance(item_id, str):
            continue
        line = item.lines["id"]
        if not _ID.fullmatch(item_id):
            problems.append(Problem(item.path, line, f"{kind} id '{item_id}' must be lower-case words joined by '-'"))
        elif len(item_id) > MAX_ID_CHARS and kind in ("fact", "topic"):
            problems.append(Problem(item.path, line, f"{kind} id '{item_id}' is longer than {MAX_ID_CHARS} characters"))
        elif item_id in seen:
            first = seen[item_id]
            problems.append(
                Problem(item.path, line, f"duplicate {kind} id '{item_id}' (first at {first.path}:{first.lines['id']})")
            )
        else:
            seen[item_id] = item
    return seen


def _references(item: Item, key: str, known: Mapping[str, object], kind: str, problems: list[Problem]) -> None:
    """Report each id under `key` (one id or a list of them) that is not among the `known` ones."""
    values = item.values.get(key, [])
    references = [values] if isinstance(values, str) else list(values)
    lines = item.item_lines.get(key, (item.lines.get(key, item.line),) * len(references))
    for reference, line in zip(references, lines, strict=True):
        if reference not in known:
            problems.append(Problem(item.path, line, f"unknown {kind} '{reference}'"))


def _build(
    items: dict[str, list[Item]],
    synonyms: dict[str, tuple[str, str, int]],
    articles: Path,
    problems: list[Problem],
    exclusive: tuple[tuple[str, ...], ...] = (),
    built: Mapping[int, Fact] | None = None,
) -> FactBase | None:
    """Check what spans items and files, then build the fact base; None when any problem was found.

    `built`: facts built before from the same item objects (by the items' ids), which are kept rather than built again.
    """
    sources = _unique(items["sources"], "source", problems)
    topics = _unique(items["topics"], "topic", problems)
    entities = _unique(items["entities"], "entity", problems)
    facts = _unique(items["facts"], "fact", problems)

    article_texts: dict[str, str] = {}
    for source in sources.values():
        _check_source(source, articles, article_texts, problems)
    for entity in entities.values():
        _check_entity(entity, entities, problems)
    bilingual = any("text_zh" in fact.values for fact in facts.values())
    for fact in facts.values():
        _references(fact, "source", sources, "source", problems)
        _references(fact, "topics", topics, "topic", problems)
        _references(fact, "entities", entities, "entity", problems)
        _check_fact(fact, article_texts, bilingual, problems)
    for check in items["checks"]:
        answer = check.values.get("answer")
        if isinstance(answer, str) and answer != DECLINE and answer not in facts:
            problems.append(
                Problem(check.path, check.lines["answer"], f"unknown fact '{answer}' (a fact id or '{DECLINE}')")
            )
    if problems:  # the items may be incomplete; nothing is built from them
        return None
    return FactBase(
        sources=MappingProxyType({key: Source(**_fields(item)) for key, item in sources.items()}),
        topics=MappingProxyType({key: Topic(**_fields(item)) for key, item in topics.items()}),
        entities=MappingProxyType({key: Entity(**_fields(item)) for key, item in entities.items()}),
        facts=tuple((built or {}).get(id(item)) or _fact(item) for item in facts.values()),
        synonyms=MappingProxyType({variant: canonical for variant, (canonical, _, _) in synonyms.items()}),
        files=tuple(sorted({item.path for group in items.values() for item in group})),
        exclusive=exclusive,
        checks=tuple(Check(**_fields(item), path=item.path, line=item.line) for item in items["checks"]),
    )


def _check_source(item: Item, articles: Path, article_texts: dict[str, str], problems: list[Problem]) -> None:
    """Check a source's date and read its article (squashed) into `article_texts`, for the quote check."""
    date = item.values.get("date")
    if isinstance(date, str) and not _DATE.match(date):
        problems.append(Problem(item.path, item.lines["date"], f"date '{date}' must be YYYY, YYYY-MM or YYYY-MM-DD"))
    file = item.values.get("file")
    if isinstance(file, str):
        try:
            article_texts[str(item.values.get("id"))] = squash(read_article(articles, file))
        except ValueError as refused:
            problems.append(Problem(item.path, item.lines["file"], f"article '{file}' {refused}"))


def _check_entity(item: Item, entities: Mapping[str, Item], problems: list[Problem]) -> None:
    """An entity's kind must be a known one, and what it is part of must be an entity."""
    kind = item.values.get("kind")
    if kind is not None and kind not in ENTITY_KINDS:
        problems.append(
            Problem(item.path, item.lines["kind"], f"entity kind '{kind}' must be one of {', '.join(ENTITY_KINDS)}")
        )
    _references(item, "part_of", entities, "entity", problems)


def _check_fact(item: Item, article_texts: Mapping[str, str], bilingual: bool, problems: list[Problem]) -> None:
    """The quote must be in its article, with enough example questions; in a bilingual base, both languages."""
    values = item.values
    quote, source = values.get("quote"), values.get("source")
    if isinstance(quote, str) and source in article_texts and squash(quote) not in article_texts[str(source)]:
        problems.append(Problem(item.path, item.lines["quote"], f"quote is not in the article of source '{source}'"))
    for kind, line in zip(values.get("gives", ()), item.item_lines.get("gives", ()), strict=True):
        if kind not in WANTS:
            problems.append(Problem(item.path, line, f"gives '{kind}' must be one of {', '.join(WANTS)}"))
    questions = values.get("questions")
    if isinstance(questions, list) and len(questions) < MIN_QUESTIONS:
        problems.append(
            Problem(
                item.path,
                item.lines["questions"],
                f"give at least {MIN_QUESTIONS} example questions, not {len(questions)}",
            )
        )
    if not bilingual:
        return
    if "text_zh" not in values:
        if "text_zh" not in item.lines:  # absent, rather than present but empty (already reported)
            problems.append(Problem(item.path, item.line, "fact has no 'text_zh' while other facts have one"))
        return
    questions_zh = values.get("questions_zh", [])
    if len(questions_zh) < MIN_QUESTIONS_ZH:
        line = item.lines.get("questions_zh", item.line)
        problems.append(
            Problem(item.path, line, f"give at least {MIN_QUESTIONS_ZH} Chinese example questions (questions_zh)")
        )
    text, text_zh = values.get("text"), values["text_zh"]
    if isinstance(text, str) and isinstance(text_zh, str):
        mismatch = figure_mismatch(text, text_zh)
        if mismatch:
            problems.append(Problem(item.path, item.lines["text_zh"], mismatch))


def _fields(item: Item) -> dict[str, Any]:
    """An item's values as dataclass fields (lists become tuples); the schema's keys are the fields' names."""
    return {key: tuple(value) if isinstance(value, list) else value for key, value in item.values.items()}


def _fact(item: Item) -> Fact:
    """A fact with its example questions in both languages, each with its line."""
    values = _fields(item)
    examples = tuple(
        Example(text, language, line)
        for key, language in (("questions", "en"), ("questions_zh", "zh"))
        for text, line in zip(values.pop(key, ()), item.item_lines.get(key, ()), strict=True)
    )
    return Fact(**values, examples=examples, path=item.path, line=item.line)
