"""Follow-ups that ask the last question again, rephrased: of something else to count ("and R&D institutions?",
"研发机构呢？") or for the names of what it counted ("what are their names?", "都是哪几家？").

Rephrased, the question is read on its own, with every check it brings: "what are their names?" after "how many
firms got the financing?" is "What are the names of the firms?", which a fact saying only that four firms got it
does not answer. Read with context instead, the financing fact, naming the bank, would have answered it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.engine.answers import Answer, answer, answer_with
from bot.engine.conversation import Turn
from bot.engine.knowledge import Knowledge
from bot.engine.normalise import CJK_CHAR
from bot.engine.phrasing import asks, refers_back
from bot.engine.question import asks_names

# How a follow-up moves the last question to something else: "what about Baotou?", "and Mengniu?", "包头呢？".
SWITCH = re.compile(
    r"^\W*(?:and\s+)?(?:what|how)\s+about\b|呢\W*$"
    r"|^\W*(?:and\s+|so\s+)?how (?:does|do|did|would) (?:that|it|this|those|these) compare (?:with|to)\b"
    r"|^\W*(?:and\s+)?(?:compared|in comparison) (?:with|to)\b",
    re.IGNORECASE,
)
# A follow-up naming only what to count instead: "and R&D institutions?", "what about the leading enterprises?".
_NEW_FOCUS = re.compile(
    r"^\W*(?:(?:and|so|then|what about|how about)\s+|那么|还有|那(?![些个]))?(?P<the>the\s+)?"
    r"(?P<focus>[^?？!！.。,，]+?)\s*呢?\s*[?？!！.。]*\s*$",
    re.IGNORECASE,
)


# A date or a place asked of one thing, asked of another ("and the event itself?"): the question it stands for
_ASKED_OF = {"date": ("When was {}?", "{}是什么时候？"), "place": ("Where is {}?", "{}在哪里？")}
_CURRENCY = re.compile(r"\b(?:in|into)\s+\w+|美元|美金|欧元|英镑|日元|人民币|折合|换成|换算", re.IGNORECASE)
_NAMES_KIND = re.compile(
    r"\b(?:date|day|year|month|time|place|location|venue|city)\b|日期|时间|地点|位置", re.IGNORECASE
)


def rephrase(
    knowledge: Knowledge, message: str, language: str, last: Turn, alone: Callable[[], Answer]
) -> tuple[Answer, str] | None:
    """The reply to a follow-up that rephrases the last question, with the question as understood; or None."""
    focus = last.reading.focus
    counted = last.reading.wants == "count" and bool(focus) and focus in last.question
    if asks_names(message):  # "what are their names?": of what was just counted, or else just given
        if not counted:
            return _names(knowledge, message, language, last), message
        rewritten = f"{focus}都叫什么名字？" if CJK_CHAR.search(focus) else f"What are the names of the {focus}?"
        return _names(knowledge, rewritten, language, last), rewritten
    found = _NEW_FOCUS.match(message)
    if found is None or (asks(message) and SWITCH.search(message) is None) or not knowledge.matcher.tokens(message):
        return None
    if _CURRENCY.search(found["focus"]):  # "折合美元呢？", "and in dollars?": the amount in a currency, not a new focus
        return None
    rewritten = ""
    if last.reading.wants in _ASKED_OF:  # "when was the article updated?" "and the event itself?"
        rewritten = _asked_of(last.reading.wants, f"{found['the'] or ''}{found['focus']}")
    elif last.reading.wants in ("count", "amount") and focus and focus in last.question:
        rewritten = last.question.replace(focus, found["focus"], 1)
    if not rewritten:
        return None
    reply = answer(knowledge, rewritten, language)
    kept = reply.match is not None and reply.match.reading.wants == last.reading.wants
    return (reply, rewritten) if kept and (reply.answered or not alone().answered) else None


def _asked_of(wants: str, asked: str) -> str:
    """The date or place asked of what a follow-up names ("When was the event itself?"); "" when it points back
    ("and the date of the event it reports?": "it" is the last answer's, read in context)."""
    if refers_back(asked):
        return ""
    english, chinese = _ASKED_OF[wants]
    if _NAMES_KIND.search(asked):  # "and the date of the event?": it says what it asks for itself
        english, chinese = "What is {}?", "{}是什么？"
    return (chinese if CJK_CHAR.search(asked) else english).format(asked)


def _names(knowledge: Knowledge, rewritten: str, language: str, last: Turn) -> Answer:
    """The names of what the last question counted or was answered with: from that fact, or from none. Other facts
    naming companies name other companies."""
    reply = answer(knowledge, rewritten, language, last.entities)
    if not reply.answered or reply.match is None or (last.fact_id and last.fact_id in {f.id for f in reply.facts}):
        return reply
    rule = "declined: the names of what was counted are not given by the fact that counted them"
    return answer_with(knowledge, replace(reply.match, decision="declined", fact_id=None, rule=rule), language)
