"""Load the curated YAML files into one immutable fact base, or report every problem at once.

Each problem is reported as ``path:line: message`` so that a curator can jump to it. Loading is all or nothing:
either every file is valid and a complete `FactBase` comes back, or `FactBaseError` lists what is wrong and
nothing is half-loaded. PyYAML's composer gives each node its line, which is why the files are read as nodes
rather than as plain Python values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from bot.engine.figures import figure_mismatch
from bot.engine.normalise import clean

ENTITY_KINDS = ("place", "organisation", "person")
MIN_QUESTIONS = 4
MIN_QUESTIONS_ZH = 3
# libyaml's parser when the wheel has it (it gives the same nodes and line marks, many times faster).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the fact base, located in a file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class FactBaseError(Exception):
    """The fact base is invalid; `problems` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.path, p.line, p.message)))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Example:
    """An example question with the line it was written on, for collision reports."""

    text: str
    language: str
    line: int


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str
    file: str
    title_zh: str = ""
    publisher_zh: str = ""
    date_note: str = ""
    date_note_zh: str = ""


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    name_zh: str = ""
    aliases: tuple[str, ...] = ()
    aliases_zh: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    name: str
    name_zh: str = ""
    aliases: tuple[str, ...] = ()
    aliases_zh: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    id: str
    text: str
    source: str
    quote: str
    topics: tuple[str, ...]
    entities: tuple[str, ...]
    examples: tuple[Example, ...]
    text_zh: str = ""
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class FactBase:
    """Everything the curators wrote, validated and frozen."""

    sources: Mapping[str, Source]
    topics: Mapping[str, Topic]
    entities: Mapping[str, Entity]
    facts: tuple[Fact, ...]
    synonyms: Mapping[str, str]  # variant phrase (cleaned) -> canonical phrase
    files: tuple[str, ...] = ()
    fact_by_id: Mapping[str, Fact] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fact_by_id", MappingProxyType({fact.id: fact for fact in self.facts}))

    def facts_of_topic(self, topic_id: str) -> tuple[Fact, ...]:
        return tuple(fact for fact in self.facts if topic_id in fact.topics)

    @property
    def example_count(self) -> int:
        return sum(len(fact.examples) for fact in self.facts)


# --- reading YAML nodes -------------------------------------------------------------------------------------------

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
    },
}
_SECTIONS = (*_SCHEMAS, "lexicon")


@dataclass
class _Item:
    """One entry of a section as read from a file: its values and the line of each key."""

    path: str
    line: int
    values: dict[str, object]
    lines: dict[str, int]
    item_lines: dict[str, tuple[int, ...]]  # per list key: the line of each element


class _Reader:
    """Turns composed YAML nodes into plain values, recording problems instead of raising."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def problem(self, path: str, node: yaml.Node | None, message: str, line: int | None = None) -> None:
        if line is None:
            line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(path, line, message))

    def text(self, path: str, node: yaml.Node, what: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
            value = str(node.value).strip()
            if not value:
                self.problem(path, node, f"{what} is empty")
                return None
            return value
        self.problem(path, node, f"{what} must be a text, not {_describe(node)}")
        return None

    def texts(self, path: str, node: yaml.Node, what: str) -> tuple[list[str], list[int]] | None:
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

    def item(self, path: str, section: str, node: yaml.Node) -> _Item | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(path, node, f"each entry of '{section}' must be a mapping, not {_describe(node)}")
            return None
        schema = _SCHEMAS[section]
        item = _Item(path, node.start_mark.line + 1, {}, {}, {})
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

    def lexicon(self, path: str, node: yaml.Node, synonyms: dict[str, tuple[str, str, int]]) -> None:
        """Read `lexicon: {synonyms: {canonical: [variants]}}` into variant -> (canonical, path, line)."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(path, node, f"'lexicon' must be a mapping, not {_describe(node)}")
            return
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.value == "synonyms"):
                self.problem(path, key_node, f"unknown key '{_scalar(key_node)}' in lexicon (known keys: synonyms)")
                continue
            if not isinstance(value_node, yaml.MappingNode):
                self.problem(path, value_node, f"'synonyms' must be {_FIELD_TYPES['mapping']}")
                continue
            for canonical_node, variants_node in value_node.value:
                canonical = self.text(path, canonical_node, "a synonym's canonical form")
                read = self.texts(path, variants_node, f"the variants of '{canonical}'")
                if canonical is None or read is None:
                    continue
                for variant, line in zip(*read):
                    key = clean(variant)
                    if not key:
                        self.problem(path, None, f"variant '{variant}' has no letters or digits", line)
                    elif key in synonyms and synonyms[key][0] != canonical:
                        first = synonyms[key]
                        self.problem(
                            path,
                            None,
                            f"variant '{variant}' already means '{first[0]}' ({first[1]}:{first[2]})",
                            line,
                        )
                    else:
                        synonyms[key] = (canonical, path, line)


def _scalar(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else _describe(node)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing"
    return f"'{node.value}'"


# --- loading ------------------------------------------------------------------------------------------------------


def yaml_files(path: Path) -> list[Path]:
    """The fact files under a directory (sorted, so the result is deterministic), or the one file given."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


def load(path: Path | str, replace: Mapping[Path, str] | None = None) -> FactBase:
    """Load every fact file under `path` (a directory or one file) and validate the whole.

    `replace` maps file paths to texts that stand in for (or are added to) what is on disk: an uploaded file is
    validated together with the others before anything is written. Raises `FactBaseError` listing every problem.
    """
    root = Path(path)
    texts: dict[Path, str] = {}
    problems: list[Problem] = []
    if not root.exists() and not replace:
        raise FactBaseError([Problem(str(root), 1, "no such file or directory")])
    for file in yaml_files(root) if root.exists() else []:
        try:
            texts[file] = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(str(file), 1, f"cannot read: {error}"))
    for file, text in (replace or {}).items():
        texts[file] = text
    articles = (root if root.is_dir() else root.parent) / "articles"
    return parse(texts, articles, problems)


def parse(texts: Mapping[Path, str], articles: Path, problems: list[Problem] | None = None) -> FactBase:
    """Validate the given file texts as one fact base; see `load`."""
    problems = problems if problems is not None else []
    reader = _Reader(problems)
    items: dict[str, list[_Item]] = {section: [] for section in _SCHEMAS}
    synonyms: dict[str, tuple[str, str, int]] = {}
    for file, text in sorted(texts.items()):
        path = str(file)
        try:
            root = yaml.compose(text, Loader=_YAML_LOADER)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            line = mark.line + 1 if mark is not None else 1
            reason = getattr(error, "problem", None) or str(error)
            problems.append(Problem(path, line, f"YAML syntax error: {reason}"))
            continue
        if root is None:
            continue
        if not isinstance(root, yaml.MappingNode):
            reader.problem(path, root, f"a fact file must be a mapping with keys {', '.join(_SECTIONS)}")
            continue
        for key_node, value_node in root.value:
            section = _scalar(key_node)
            if section == "lexicon":
                reader.lexicon(path, value_node, synonyms)
            elif section in _SCHEMAS:
                if not isinstance(value_node, yaml.SequenceNode):
                    reader.problem(path, value_node, f"'{section}' must be a list, not {_describe(value_node)}")
                    continue
                for node in value_node.value:
                    item = reader.item(path, section, node)
                    if item is not None:
                        items[section].append(item)
            else:
                reader.problem(path, key_node, f"unknown section '{section}' (known: {', '.join(_SECTIONS)})")
    base = _build(items, synonyms, articles, problems)
    if base is None or problems:
        raise FactBaseError(problems)
    return base


def _unique(items: list[_Item], kind: str, problems: list[Problem]) -> dict[str, _Item]:
    """Index items by id, reporting malformed and duplicate ids."""
    seen: dict[str, _Item] = {}
    for item in items:
        item_id = item.values.get("id")
        if not isinstance(item_id, str):
            continue
        line = item.lines["id"]
        if not _ID.match(item_id):
            problems.append(Problem(item.path, line, f"{kind} id '{item_id}' must be lower-case words joined by '-'"))
        elif item_id in seen:
            first = seen[item_id]
            problems.append(
                Problem(item.path, line, f"duplicate {kind} id '{item_id}' (first at {first.path}:{first.lines['id']})")
            )
        else:
            seen[item_id] = item
    return seen


def _references(item: _Item, key: str, known: Mapping[str, object], kind: str, problems: list[Problem]) -> None:
    values = item.values.get(key, [])
    references = [values] if isinstance(values, str) else list(values)  # type: ignore[arg-type]
    lines = item.item_lines.get(key, (item.lines.get(key, item.line),) * len(references))
    for reference, line in zip(references, lines):
        if reference not in known:
            problems.append(Problem(item.path, line, f"unknown {kind} '{reference}'"))


def _build(
    items: dict[str, list[_Item]],
    synonyms: dict[str, tuple[str, str, int]],
    articles: Path,
    problems: list[Problem],
) -> FactBase | None:
    sources = _unique(items["sources"], "source", problems)
    topics = _unique(items["topics"], "topic", problems)
    entities = _unique(items["entities"], "entity", problems)
    facts = _unique(items["facts"], "fact", problems)

    article_texts: dict[str, str] = {}
    for source in sources.values():
        _check_source(source, articles, article_texts, problems)
    for entity in entities.values():
        kind = entity.values.get("kind")
        if kind is not None and kind not in ENTITY_KINDS:
            problems.append(
                Problem(
                    entity.path, entity.lines["kind"], f"entity kind '{kind}' must be one of {', '.join(ENTITY_KINDS)}"
                )
            )
        _references(entity, "part_of", entities, "entity", problems)
    bilingual = any("text_zh" in fact.values for fact in facts.values())
    for fact in facts.values():
        _references(fact, "source", sources, "source", problems)
        _references(fact, "topics", topics, "topic", problems)
        _references(fact, "entities", entities, "entity", problems)
        _check_fact(fact, article_texts, bilingual, problems)
    if problems:  # the items may be incomplete; nothing is built from them
        return None
    return FactBase(
        sources=MappingProxyType({key: Source(**_fields(item)) for key, item in sources.items()}),
        topics=MappingProxyType({key: Topic(**_fields(item)) for key, item in topics.items()}),
        entities=MappingProxyType({key: Entity(**_fields(item)) for key, item in entities.items()}),
        facts=tuple(_fact(item) for item in facts.values()),
        synonyms=MappingProxyType({variant: canonical for variant, (canonical, _, _) in synonyms.items()}),
        files=tuple(sorted({item.path for group in items.values() for item in group})),
    )


def _check_source(item: _Item, articles: Path, article_texts: dict[str, str], problems: list[Problem]) -> None:
    date = item.values.get("date")
    if isinstance(date, str) and not _DATE.match(date):
        problems.append(Problem(item.path, item.lines["date"], f"date '{date}' must be YYYY, YYYY-MM or YYYY-MM-DD"))
    file = item.values.get("file")
    if isinstance(file, str):
        article = articles / file
        try:
            article_texts[str(item.values.get("id"))] = _squash(article.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            problems.append(Problem(item.path, item.lines["file"], f"article '{file}' not found in {articles}"))


def _check_fact(item: _Item, article_texts: Mapping[str, str], bilingual: bool, problems: list[Problem]) -> None:
    values = item.values
    quote, source = values.get("quote"), values.get("source")
    if isinstance(quote, str) and source in article_texts and _squash(quote) not in article_texts[str(source)]:
        problems.append(Problem(item.path, item.lines["quote"], f"quote is not in the article of source '{source}'"))
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
    if len(questions_zh) < MIN_QUESTIONS_ZH:  # type: ignore[arg-type]
        line = item.lines.get("questions_zh", item.line)
        problems.append(
            Problem(item.path, line, f"give at least {MIN_QUESTIONS_ZH} Chinese example questions (questions_zh)")
        )
    text, text_zh = values.get("text"), values["text_zh"]
    if isinstance(text, str) and isinstance(text_zh, str):
        mismatch = figure_mismatch(text, text_zh)
        if mismatch:
            problems.append(Problem(item.path, item.lines["text_zh"], mismatch))


def _squash(text: str) -> str:
    """Collapse white space, so that a quote spanning a line break still matches."""
    return " ".join(text.split())


def _fields(item: _Item) -> dict[str, object]:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in item.values.items()}


def _fact(item: _Item) -> Fact:
    values = _fields(item)
    examples = tuple(
        Example(text, language, line)
        for key, language in (("questions", "en"), ("questions_zh", "zh"))
        for text, line in zip(values.pop(key, ()), item.item_lines.get(key, ()))  # type: ignore[call-overload]
    )
    return Fact(**values, examples=examples, path=item.path, line=item.line)  # type: ignore[arg-type]
