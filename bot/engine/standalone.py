"""A message read on its own: its answer (confirmed or corrected when it asks yes or no), or what the bot knows
about the one thing it names ("yili", "tell me about Baotou")."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.answers import Answer, answer_with, understood_as
from bot.engine.figures import figures
from bot.engine.knowledge import Knowledge
from bot.engine.messages import pick, text
from bot.engine.overview import EVERYTHING_ABOUT, OVERVIEW_WORDS, overview_of
from bot.engine.reply import paragraph
from bot.engine.yesno import confirmed
from bot.engine.yesno import corrected as yes_no


def standalone_or_overview(
    knowledge: Knowledge, message: str, language: str, named: tuple[str, ...], content: list[str], standalone: Answer
) -> Answer:
    """The message answered on its own (`standalone`), or what the bot knows about the one thing it names."""
    named_or_stated = _name_or_figure(knowledge, message, language, named, standalone)
    if named_or_stated is not None:
        return named_or_stated
    names_only = bool(named) and all(word in OVERVIEW_WORDS for word in content)  # "yili", "baotou overview"
    everything = names_only and (bool(content) or EVERYTHING_ABOUT.search(message) is not None)
    if standalone.answered and not everything and not (names_only and len(standalone.facts) > 1):
        return confirmed(knowledge, standalone, language)  # an answer beats an overview, unless all was asked for
    corrected = yes_no(knowledge, standalone, language)
    if corrected is not None:  # "Is North Hauler a Hohhot company?": where it is
        return understood_as(corrected[0], message, corrected[1], corrected[1])
    if standalone.suggestions and not names_only:
        return standalone  # did-you-mean choices beat an overview, except for a bare name
    overview = overview_of(knowledge, named, content, message, language)
    if overview is None:
        return standalone
    return replace(standalone, decision="suggested", fact=None, source=None, suggestions=(), related=(), reply=overview)


def _name_or_figure(
    knowledge: Knowledge, message: str, language: str, named: tuple[str, ...], standalone: Answer
) -> Answer | None:
    """A name asked in full ("North Hauler's full company name"), or the one fact stating a figure asked about ("what
    does the figure 193 stand for?"); None when the message asks neither."""
    if len(named) == 1 and _FULL_NAME.search(message):
        return full_name(knowledge, named[0], standalone, language) or standalone
    return None if standalone.answered else figure_stated(knowledge, message, standalone, language)


# Asking for a name in full: "North Hauler's full company name", "the official name of SPDB", "北方股份的全称"
_FULL_NAME = re.compile(
    r"\b(?:full|official|complete|formal|registered|proper|legal|whole)\s+(?:company\s+|corporate\s+|business\s+)?"
    r"names?\b|\bname in full\b|全称|全名|正式名称|完整名称",
    re.IGNORECASE,
)


def full_name(knowledge: Knowledge, entity_id: str, asked: Answer, language: str) -> Answer | None:
    """An entity's name in full, from the first fact that writes it so (with its source); None when none does."""
    base = knowledge.base
    entity = base.entities[entity_id]
    name = pick(language, entity.name, entity.name_zh)
    facts = (base.fact_by_id[f] for f in knowledge.matcher.index.by_entity.get(entity_id, ()))
    fact = next((f for f in facts if name in pick(language, f.text, f.text_zh)), None)
    if fact is None or asked.match is None:
        return None
    given = answer_with(knowledge, replace(asked.match, decision="answered", fact_id=fact.id), language)
    said = text(language, "full_name", name=name)
    return replace(
        given, reply=replace(given.reply, paragraphs=(paragraph(said), *given.reply.paragraphs)), worked_out=said
    )


# Asking what a figure counts: "what does the number 464 refer to?", "What does 193 stand for?", "193指的是什么"
_FIGURE_ASKED = re.compile(
    r"\b(?:number|figure)\s+(?P<figure>\d[\d,.]*)\b|\b(?P<bare>\d[\d,.]*)\s+(?:refer|stand|mean|represent|count)"
    r"|(?P<zh>\d[\d,.]*)(?:这个数字?)?(?:指的是|代表|是指|说的是)",
    re.IGNORECASE,
)


def asks_figure(message: str) -> bool:
    """Whether a message asks what a figure stands for ("what does 193 refer to?", "464指的是什么")."""
    return _FIGURE_ASKED.search(message) is not None


def figure_stated(knowledge: Knowledge, message: str, asked: Answer, language: str) -> Answer | None:
    """The one fact whose text states the figure a question asks about ("what does the figure 193 stand for?"), with
    its source; None when the question asks no such thing, or no fact or several state it."""
    found = _FIGURE_ASKED.search(message)
    if found is None or asked.match is None:
        return None
    written = (found["figure"] or found["bare"] or found["zh"]).replace(",", "").rstrip(".")
    index = knowledge.matcher.index  # only the facts whose words have the figure: a large fact base costs no more
    near = [index.fact_ids[int(at)] for at in index.postings.get(written, ())]
    stating = [f for f in map(knowledge.base.fact_by_id.__getitem__, near) if float(written) in figures(f.text)]
    if len(stating) != 1:
        return None
    return answer_with(knowledge, replace(asked.match, decision="answered", fact_id=stating[0].id), language)
