"""Whether the fact just given answers a follow-up: "what year was that?", "to what end?", or a follow-up torn
between close facts, one of them the conversation's. The fact must pass every check the follow-up brings, and must
not be a guess where another fact fits better or the follow-up asks about what no fact knows."""

from __future__ import annotations

import re

from bot.engine.answers import Answer, answer_with
from bot.engine.conversation import Turn
from bot.engine.decision import MARGIN, TEXT_LEAD, Match
from bot.engine.doubts import unknown_attribute
from bot.engine.knowledge import Knowledge
from bot.engine.model import Fact
from bot.engine.normalise import CJK_CHAR
from bot.engine.totals import asks_total

_ITSELF = re.compile(r"\b(?:itself|themselves|himself|herself)\b|本身|自身", re.IGNORECASE)


def same_fact(
    knowledge: Knowledge, message: str, language: str, last: Turn, about: tuple[str, ...], scored: Match | None
) -> Answer | None:
    """ "What year was that?", "to what end?": a follow-up asking for a kind of answer the last fact gives.

    The fact just given answers when it holds that kind of answer, passes every check the question brings, and no
    other fact fits the question (`scored`: its match with context) clearly better: "which other city teamed up with
    it on consortiums?" after the fact that Hohhot is a capital is about the consortium fact, not a follow-up.
    """
    fact = knowledge.base.fact_by_id.get(last.fact_id or "")
    if fact is None or _ITSELF.search(message) or asks_total(message):  # "when did the event itself take place?":
        return None  # not the article's date; "so how many titles in total?": more than the last fact's count
    match = knowledge.matcher.match_fact(message, fact.id, about)
    if match is None or match.reading.wants is None or _fits_another_better(knowledge, scored, fact.id):
        return None
    return answer_with(knowledge, match, language) if _may_follow(knowledge, match, last) else None


def _may_follow(knowledge: Knowledge, match: Match, last: Turn) -> bool:
    """Whether the last fact may answer a follow-up it passes every check of. Not when the follow-up asks for others
    than the ones the fact gave ("any others?"), is mostly about what no fact knows ("利率多少呢？", "and the loan
    term?"), or asks how many without saying of what when the last question did not say either ("how many of each?"
    after "what titles were given?")."""
    index = knowledge.matcher.index
    if match.reading.other or _asks_of_the_unknown(knowledge, match):
        return False
    if unknown_attribute(index, match.question, match.reading):
        return False
    return not (match.reading.wants == "count" and not match.reading.focus and not last.reading.focus)


def _asks_of_the_unknown(knowledge: Knowledge, match: Match) -> bool:
    """Whether a follow-up asks for a figure or a statement about a thing no fact knows: more of its words are
    unknown to every fact than known to some ("what was the interest rate?", "利率多少呢？", "who won the Champions
    League?"), besides the words naming the kind of answer it wants ("which schools") and single Chinese characters."""
    if match.reading.wants in ("organisation", "who", "place") and CJK_CHAR.search(match.question):
        return False  # a Chinese question for names: its leftover bigrams (是从 in 钱是从哪个银行来的) are not words
    index = knowledge.matcher.index
    asked = index.answer_words.get(match.reading.wants or "", frozenset()) | index.organisation_words
    words = [t for t in dict.fromkeys(match.tokens) if not t.startswith("@") and t not in asked and len(t) > 1]
    unknown = sum(1 for token in words if token not in index.postings)
    return unknown > len(words) - unknown


def _fits_another_better(knowledge: Knowledge, scored: Match | None, fact_id: str) -> bool:
    """Whether another fact fits a question clearly better: ahead of this fact by the answering margin, with clearly
    more of the question's words in its own text (example questions such as "to what end?" fit any follow-up)."""
    if scored is None or not scored.candidates or scored.candidates[0].fact_id == fact_id:
        return False
    index = knowledge.matcher.index
    asked = index.answer_words.get(scored.reading.wants or "", frozenset())
    words = [token for token in dict.fromkeys(scored.tokens) if not token.startswith("@") and token not in asked]
    if not words:
        return False
    mine = next((c.score for c in scored.candidates if c.fact_id == fact_id), 0.0)
    own = index.text_coverage(fact_id, words) + TEXT_LEAD
    return any(
        c.score >= mine + MARGIN and index.text_coverage(c.fact_id, words) >= own
        for c in scored.candidates
        if c.fact_id != fact_id
    )


def prefer_last(knowledge: Knowledge, reply: Answer, language: str, last: Turn, about: tuple[str, ...]) -> Answer:
    """A follow-up torn between close facts, one of them the fact just given: that one (the conversation's)."""
    match = reply.match
    if match is None or match.decision != "suggested" or not match.candidates or reply.worked_out:
        return reply  # counts added up ("so how many titles in total?") answer already
    best = match.candidates[0].score
    close = [c.fact_id for c in match.candidates if c.score >= best - MARGIN]
    if last.fact_id not in close:
        return reply
    same = knowledge.matcher.match_fact(match.question, last.fact_id or "", about)
    return answer_with(knowledge, same, language) if same is not None and _may_follow(knowledge, same, last) else reply


# When an article itself came out: "when did the article about it come out?", "那篇文章是哪天发布的？"
_ARTICLE_DATE = re.compile(
    r"\b(?:published|publish|come out|came out|released|updated|posted|dated)\b|发布|发表|更新|刊登|刊发", re.IGNORECASE
)


def article_media(knowledge: Knowledge, last: Fact, match: Match) -> Fact | None:
    """The fact naming the newspaper or media behind the article the last answer came from, when the question asks
    for one ("which paper reported those figures?"), among those the question came close to or those about what the
    last fact is about; None otherwise, or when that article names none."""
    if match.reading.wants != "organisation" or match.reading.kind != "media":  # "which paper", not "who wrote"
        return None
    index, base = knowledge.matcher.index, knowledge.base
    near = [candidate.fact_id for candidate in (*match.candidates, *match.excluded)]
    near += [fact_id for entity in last.entities[:1] for fact_id in index.by_entity.get(entity, ())]
    return next(
        (
            fact
            for fact in (base.fact_by_id[fact_id] for fact_id in near)
            if fact.source == last.source
            and any("media" in kinds for kinds in index.gives[index.position[fact.id]].organisations.values())
        ),
        None,
    )


def article_dated(knowledge: Knowledge, last: Fact, match: Match, message: str) -> Fact | None:
    """The fact giving the date of the article the last answer came from: a fact of that article that names it by
    its title and gives a date, among those the question came close to or those about what the last fact is about;
    None when the message does not ask when an article came out."""
    if _ARTICLE_DATE.search(message) is None:
        return None
    source_id, index, base = last.source, knowledge.matcher.index, knowledge.base
    source = base.sources.get(source_id)
    near = [candidate.fact_id for candidate in (*match.candidates, *match.excluded)]
    near += [fact_id for entity in last.entities[:1] for fact_id in index.by_entity.get(entity, ())]
    close = (base.fact_by_id[fact_id] for fact_id in near)
    return next(
        (
            fact
            for fact in close
            if source is not None
            and fact.source == source_id
            and source.title in fact.text
            and "date" in index.gives[index.position[fact.id]].kinds
        ),
        None,
    )
