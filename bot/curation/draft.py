"""Draft a fact file from a news article, for a curator to finish: `python -m bot draft`, or an article sent to the bot.

Every statement worth quoting becomes a draft fact with its verbatim quote, a text that stands alone, its figures,
entities (new names proposed as entity entries), proposed topics and example questions. The questions are checked
as the bot would check the finished file: each must be answered with its own fact by the matcher running over
the whole fact base plus the draft; the others are dropped. Whatever the tool cannot write (Chinese, a doubtful
entity, a reference it cannot resolve) is a `TODO`, which the checker reports as `path:line: TODO: ...`, so a
draft never loads by accident.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.curation.drafting.article import read_article
from bot.curation.drafting.names import NewEntity
from bot.curation.drafting.statements import DraftContent, DraftFact, draft_facts
from bot.curation.factyaml import FactFileWriter, Field
from bot.engine.loader import MIN_QUESTIONS, MIN_QUESTIONS_ZH
from bot.engine.matcher import Matcher
from bot.engine.messages import text
from bot.engine.model import Entity, Example, Fact, FactBase, Source
from bot.engine.normalise import Normaliser, has_cjk

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_STATEMENTS = 150  # a long news article has forty; more is not an article, and would take long to check
MAX_QUESTIONS = 6
CANDIDATES = 9  # generated questions tried per fact
ROUNDS = 4  # checking again after dropping questions, until nothing changes
NOT_NAMED = ("Not named in the article", "文章未注明")
NO_DATE = ("The article gives no date, so the exact date is not known.", "文章未注明日期，确切日期不详。")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class DraftError(Exception):
    """The article cannot be drafted or saved: `key` and `values` name the bot's message that says why."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(text("en", key, **values))


@dataclass(frozen=True)
class Draft:
    """A drafted fact file and what it holds."""

    source_id: str
    text: str  # the YAML
    facts: int
    new_entities: int
    todos: int


def source_id_for(file_name: str) -> str:
    """The source id an article's file name suggests: hohhot-sci-tech.txt -> hohhot-sci-tech."""
    return re.sub(r"[^a-z0-9]+", "-", Path(file_name).stem.lower()).strip("-")


def draft(content: str, file_name: str, base: FactBase, source_id: str | None = None) -> Draft:
    """Draft a fact file from an article's text, against the fact base it is meant to join."""
    source_id = source_id or source_id_for(file_name)
    if not _ID.match(source_id):
        raise DraftError("draft_bad_source_id", source=source_id)
    if source_id in base.sources:
        raise DraftError("draft_source_taken", source=source_id)
    article = read_article(content)
    if not article.statements:
        raise DraftError("draft_no_statements", name=file_name)
    left_out = len(article.statements) - MAX_STATEMENTS
    del article.statements[MAX_STATEMENTS:]
    drafted = draft_facts(article, base, Normaliser(base), source_id)
    source = Source(source_id, article.title, "", article.date, Path(file_name).name)
    asked = checked_questions(drafted, base, source)
    fields = [_source_fields(drafted, source)]
    entity_fields = [_entity_fields(entity) for entity in drafted.new_entities]
    fact_fields = [_fact_fields(fact, source_id, asked[fact.id], base) for fact in drafted.facts]
    writer = FactFileWriter()
    writer.comment(f'Draft facts from "{article.title or file_name}" ({Path(file_name).name}).')
    writer.comment(
        "Drafted by `python -m bot draft`: every statement of the article is a fact here. Keep the ones worth "
        "answering, check each text, its entities and topics, and fill in every TODO (`python -m bot check` lists "
        "them). Then put this file in facts/ and the article in facts/articles/."
    )
    if left_out > 0:
        writer.comment(f"Only the first {MAX_STATEMENTS} statements are drafted; {left_out} more are not.")
    for section, entries in (("sources", fields), ("entities", entity_fields), ("facts", fact_fields)):
        if entries:
            writer.section(section)
            for entry, comments in entries:
                writer.entry(entry, comments)
    todos = sum(
        _todos(field) for entries in (fields, entity_fields, fact_fields) for entry, _ in entries for field in entry
    )
    return Draft(source_id, writer.text(), len(drafted.facts), len(drafted.new_entities), todos)


def checked_questions(drafted: DraftContent, base: FactBase, source: Source) -> dict[str, list[str]]:
    """Per draft fact, the generated questions the matcher answers with that fact, over the base plus the draft."""
    selected = {fact.id: fact.questions[:CANDIDATES] for fact in drafted.facts}
    entities = {entity.id: entity for entity in base.entities.values()}
    for new in drafted.new_entities:
        entities[new.id] = Entity(new.id, new.kind, new.name, new.name_zh, tuple(new.aliases), (), tuple(new.part_of))
    for _ in range(ROUNDS):
        facts = [
            Fact(
                fact.id,
                fact.text,
                source.id,
                fact.statement.quote,
                tuple(fact.topics),
                tuple(fact.entities),
                tuple(Example(question, "en", 0) for question in selected[fact.id]),
            )
            for fact in drafted.facts
        ]
        sources = {**base.sources, source.id: source}
        trial = FactBase(sources, base.topics, entities, (*base.facts, *facts), base.synonyms, exclusive=base.exclusive)
        matcher = Matcher(trial)
        answered = {
            fact_id: [q for q in asked if (m := matcher.match(q)).decision == "answered" and m.fact_id == fact_id]
            for fact_id, asked in selected.items()
        }
        answered = {fact_id: asked[:MAX_QUESTIONS] for fact_id, asked in answered.items()}
        if answered == selected:
            break
        selected = answered
    return selected


Entry = tuple[list[Field], list[str]]


def _source_fields(drafted: DraftContent, source: Source) -> Entry:
    article = drafted.article
    credits = f"photos credited to or reports cited from: {', '.join(article.credits)}" if article.credits else ""
    fields = [
        Field("id", source.id),
        Field("file", source.file),
        Field("title", article.title or "TODO: the article's title"),
        Field("title_zh", "TODO: the title in Chinese"),
        Field("publisher", article.publisher or NOT_NAMED[0], comment=credits),
        Field("publisher_zh", "TODO: the publisher in Chinese" if article.publisher else NOT_NAMED[1]),
    ]
    if article.date:
        fields.append(Field("date", article.date))
    else:
        years = f" (it mentions {', '.join(article.years)})" if article.years else ""
        fields.append(Field("date", f"TODO: the article states no date; give the year it implies{years}, if any"))
        fields += [Field("date_note", NO_DATE[0]), Field("date_note_zh", NO_DATE[1])]
    return fields, []


def _entity_fields(entity: NewEntity) -> Entry:
    comment = f"New {entity.kind}: {entity.reason}."
    kind = entity.kind
    if not entity.confident:
        kind = (
            f"TODO: place, organisation or person? Perhaps {entity.kind}, but {entity.reason}; if it is not a "
            "name, delete this entry and its id in the facts"
        )
        comment = f"New name, kind unknown: {entity.reason}."
    fields = [
        Field("id", entity.id),
        Field("kind", kind),
        Field("name", entity.name),
        Field("name_zh", entity.name_zh or "TODO: the Chinese name (or the English one when none is known)"),
    ]
    if entity.aliases:
        fields.append(Field("aliases", entity.aliases))
    if entity.part_of:
        fields.append(Field("part_of", entity.part_of))
    return fields, [comment]


def _fact_fields(fact: DraftFact, source_id: str, asked: Sequence[str], base: FactBase) -> Entry:
    comments = [
        f"Statement from paragraph {fact.statement.paragraph}"
        + (" (a photo caption)" if fact.statement.caption else "")
        + (f". Figures: {', '.join(fact.figures)}." if fact.figures else ".")
    ]
    if fact.already:
        comments.append(f"Already in the fact base: fact {', '.join(fact.already)} quotes this sentence.")
    if fact.relative_time:
        comments.append("It says when relative to the article's date: say which year only if the article shows it.")
    figures = "; ".join(fact.figures)
    text, text_zh = (
        fact.text,
        "TODO: the text in Chinese" + (f", stating the same figures ({figures})" if figures else ""),
    )
    if has_cjk(fact.text):  # a Chinese article: its sentence is the Chinese text
        text, text_zh = "TODO: the text in English", fact.text
    elif fact.unresolved:
        text = f"TODO: say who or what '{fact.unresolved}' is, then keep only the sentence: {fact.text}"
    topics = fact.topics or [f"TODO: choose topics among {', '.join(base.topics)}"]
    questions = list(asked)
    questions += ["TODO: another English question (the drafted ones went to other facts)"] * (
        MIN_QUESTIONS - len(asked)
    )
    chinese = [f"TODO: in Chinese: {question}" for question in asked[:MIN_QUESTIONS_ZH]]
    chinese += ["TODO: a question in Chinese"] * (MIN_QUESTIONS_ZH - len(chinese))
    fields = [
        Field("id", fact.id),
        Field("text", text),
        Field("text_zh", text_zh),
        Field("source", source_id),
        Field("quote", fact.statement.quote),
        Field("topics", topics),
        Field("entities", fact.entities),
        Field("questions", questions, block=True),
        Field("questions_zh", chinese, block=True),
    ]
    return fields, comments


def _todos(field: Field) -> int:
    values = [field.value] if isinstance(field.value, str) else list(field.value)
    return sum(1 for value in values if value.startswith("TODO"))


def save_article(articles: Path, file_name: str, content: str) -> Path:
    """Put an article in the articles folder (a plain .txt or .md name); an identical copy may already be there."""
    name = Path(file_name).name
    if (
        name != file_name.replace("\\", "/").rsplit("/", 1)[-1]
        or name.startswith(".")
        or not name.endswith(ARTICLE_SUFFIXES)
    ):
        raise DraftError("article_bad_name", name=file_name)
    target = articles / name
    if target.exists():
        if target.read_text(encoding="utf-8") == content:
            return target
        raise DraftError("article_exists", name=name)
    articles.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{name}.saving")
    temporary.write_text(content, encoding="utf-8")
    os.replace(temporary, target)
    return target
