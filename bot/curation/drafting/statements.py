"""Turn an article's statements into draft facts: standalone text, entities, figures, topics, keywords, questions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.curation.drafting.article import Article, Statement
from bot.curation.drafting.asking import questions
from bot.curation.drafting.figurephrases import find_figures
from bot.curation.drafting.names import Gazetteer, Mention, NewEntity, find_new_entities
from bot.curation.drafting.standalone import Context, main_place, opener, stand_alone
from bot.curation.drafting.topics import TopicGuesser
from bot.engine.figures import figures
from bot.engine.model import FactBase
from bot.engine.normalise import Normaliser, has_cjk, stem
from bot.engine.stopwords import STOPWORDS

REDUNDANT_SHARE = 0.6  # a caption is left out when this share of its words is in a sentence of the body
KEYWORDS = 3
_RELATIVE_TIME = re.compile(r"\b(?:last|this|next) (?:year|month|week)\b|\brecently\b|\byesterday\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z&-]*[A-Za-z]")
# Words that say little about what a statement is about, ranked after the others as keywords.
_GENERIC = frozenset(
    "first next last now new year years month months day days total several numerous major key various level levels "
    "home set plans plan help make made become became local part end start".split()
)


@dataclass
class DraftFact:
    """One statement as a draft fact, before its example questions are checked."""

    id: str
    statement: Statement
    text: str
    unresolved: str  # a word still referring to an earlier sentence ("This"), or ""
    entities: list[str]
    figures: list[str]  # as written: "12 million yuan", "four"
    values: list[float]  # the figures' values, which text_zh must state too
    topics: list[str]
    questions: list[str]
    keywords: list[str]
    already: list[str] = field(default_factory=list)  # facts that quote the same sentence
    relative_time: bool = False  # "last year": the curator says which year, if the article shows it


@dataclass
class DraftContent:
    """Everything drafted from one article."""

    article: Article
    new_entities: list[NewEntity]
    facts: list[DraftFact]
    gazetteer: Gazetteer


def draft_facts(article: Article, base: FactBase, normaliser: Normaliser, source_id: str) -> DraftContent:
    """Draft a fact from every statement worth quoting, in the article's order."""
    known = Gazetteer(base.entities.values())
    texts = [article.title, *(s.text for s in article.statements)]
    new = find_new_entities(texts, known, normaliser.vocabulary)
    gazetteer = Gazetteer([*base.entities.values(), *new])
    within = {entity.id: entity.within for entity in new}
    statements = _without_repeated_captions(article.statements, normaliser)
    place = main_place(gazetteer, [m for text in texts for m in gazetteer.mentions(text)], within)
    frequency = _document_frequency(base, [s.text for s in statements], normaliser)
    topics = TopicGuesser(base, normaliser)
    quoted = {" ".join(fact.quote.split()): fact.id for fact in base.facts}
    named: list[str] = [m.entity for m in gazetteer.mentions(article.title)]
    previous = ""
    facts: list[DraftFact] = []
    taken = set(base.fact_by_id)
    for statement in statements:
        named.extend(m.entity for m in gazetteer.mentions(statement.text))
        context = Context(gazetteer, place, tuple(named), opener(gazetteer, previous) if previous else None)
        text, unresolved = stand_alone(statement.text, context)
        previous = text
        mentions = gazetteer.mentions(text)
        entities = list(
            dict.fromkeys([*(m.entity for m in mentions), *(p for m in mentions for p in within.get(m.entity, ()))])
        )
        found = find_figures(text)
        keywords = _keywords(text, mentions, " ".join(f.focus for f in found), frequency, normaliser)
        fact_id = _fact_id(gazetteer, mentions, keywords, source_id, taken)
        asked = [] if has_cjk(text) else questions(text, mentions, gazetteer, keywords)
        for entity in new:
            if (
                entity.kind == "place"
                and entity.id in entities
                and entity.id not in {e for f in facts for e in f.entities}
            ):
                asked.insert(0, f"Where is {entity.name}?")
        facts.append(
            DraftFact(
                fact_id,
                statement,
                text,
                unresolved,
                entities,
                [text[f.start : f.end].strip() for f in found],
                sorted(set(figures(text))),
                topics.guess(text),
                asked,
                keywords,
                [quoted[key]] if (key := " ".join(statement.quote.split())) in quoted else [],
                bool(_RELATIVE_TIME.search(text)),
            )
        )
    return DraftContent(article, new, facts, gazetteer)


def _without_repeated_captions(statements: Sequence[Statement], normaliser: Normaliser) -> list[Statement]:
    """The statements, less photo captions that repeat a sentence of the body (same figures, mostly same words)."""
    body = [s for s in statements if not s.caption]
    kept = []
    for statement in statements:
        words = set(normaliser.tokens(statement.text))
        stated = set(figures(statement.text))
        repeats = any(
            stated <= set(figures(other.text))
            and len(words & set(normaliser.tokens(other.text))) >= REDUNDANT_SHARE * len(words)
            for other in body
        )
        if not (statement.caption and repeats):
            kept.append(statement)
    return kept


def _document_frequency(base: FactBase, texts: Sequence[str], normaliser: Normaliser) -> Counter[str]:
    """In how many texts (the fact base's facts and the draft's statements) each stemmed word occurs."""
    frequency: Counter[str] = Counter()
    for text in [*(fact.text for fact in base.facts), *texts]:
        frequency.update(set(normaliser.tokens(text)))
    return frequency


def _keywords(
    text: str, mentions: Sequence[Mention], focus: str, frequency: Counter[str], normaliser: Normaliser
) -> list[str]:
    """The statement's telling content words (not names, not figures), as written in lower case.

    The words its figures count come first ("enterprises"), then nouns before verbs and generic words, rarest first.
    """
    named = [(m.start, m.end) for m in mentions]
    counted = {stem(word) for word in focus.lower().split()}
    candidates: dict[str, tuple[bool, bool, int, int, str]] = {}
    for position, match in enumerate(_WORD.finditer(text)):
        word = match[0].lower()
        if word in STOPWORDS or len(word) < 3 or any(s <= match.start() < e for s, e in named) or figures(match[0]):
            continue
        key = stem(word)
        if key not in candidates and key in normaliser.tokens(word):
            generic = word in _GENERIC or word.endswith(("ed", "ing", "ly"))
            candidates[key] = (key not in counted, generic, frequency[key], position, word)
    return [entry[-1] for entry in sorted(candidates.values())[:KEYWORDS]]


def _fact_id(
    gazetteer: Gazetteer, mentions: Sequence[Mention], keywords: Sequence[str], source: str, taken: set[str]
) -> str:
    """A readable id: the first entity's id and the statement's rarest words ("baotou-rare-earth-fund")."""
    head = [part for part in mentions[0].entity.split("-") if part not in ("and", "of")][:2] if mentions else [source]
    words = [*head, *(re.sub(r"[^a-z0-9]+", "-", k) for k in keywords[:2])]
    base_id = "-".join(w.strip("-") for w in words if w.strip("-"))[:60].strip("-")
    fact_id, number = base_id, 2
    while fact_id in taken:
        fact_id, number = f"{base_id}-{number}", number + 1
    taken.add(fact_id)
    return fact_id
