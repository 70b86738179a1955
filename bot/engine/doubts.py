"""Why a question cannot be answered outright, however well a fact scores: it is arithmetic, it has no words,
it asks how many without saying of what, or it asks for something no fact mentions ("the budget")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine.consistency import Mentions
from bot.engine.index import Index
from bot.engine.normalise import CJK_CHAR
from bot.engine.phrasing import asked_attribute, head_noun
from bot.engine.question import Reading
from bot.engine.spelling import is_word

_ARITHMETIC = re.compile(
    r"\d(?:\s*(?:million|billion|thousand|万|亿))?\s*"
    r"(?:[+*×÷^]|times|plus|minus|divided by|multiplied by|乘以?|除以?|加|减)\s*\d",
    re.IGNORECASE,
)


def asks_nothing(clause: str, tokens: Sequence[str], cited: bool = False) -> bool:
    """Whether a question has nothing to match: digits and arithmetic ("1+1", "what's 1.9 times 2?") are not about
    the facts, but a figure in an article it cites is ("what does 193 count in the Hohhot report?")."""
    return _ARITHMETIC.search(clause) is not None or (all(token.isdigit() for token in tokens) and not cited)


# What any fact may give without the word: its name or title ("the full title of the project"), a step it took
_ANY_FACT_GIVES = frozenset("name names title titles step steps measure measures action actions move moves".split())
# Words for a part or kind of something ("which parts of biomedicine"): what follows "of" is the head
_KINDS = frozenset(
    "part parts aspect aspects kind kinds type types sort sorts branch branches segment segments".split()
)


# A thing pointed back to by a noun ("how many companies joined those meetings?"): the answer must mention it. Not
# where it was read or the figures it gave ("which paper reported those figures?")
# ("that" and "this" are as often relative or before a name: "the trucks that North Hauler builds")
_POINTED = re.compile(r"\b(?:those|these)\s+(?P<noun>[a-z]{4,})\b(?!\s+(?:is|was|are|were)\b)", re.I)
_NOT_NOUNS = frozenset(
    "were have does said will would could should kind much many also time year month week more most same "
    "other ones point articles stories reports pieces texts news figures numbers facts details data".split()
)


def _pointed_at(text: str) -> str:
    """The noun a question points back with ("those meetings"), or ""."""
    found = _POINTED.search(text)
    return found["noun"] if found and found["noun"].casefold() not in _NOT_NOUNS else ""


def _pointed_head(index: Index, text: str, reading: Reading) -> tuple[str, tuple[str, ...]]:
    """The noun a question points back with, as an asked head: "those meetings" must be the answer's meetings."""
    noun = _pointed_at(text)
    asked = index.answer_words.get(reading.wants or "", frozenset()) | index.organisation_words
    words = tuple(token for token in index.normaliser.tokens(noun) if token not in asked) if noun else ()
    return (noun, words) if words else ("", ())


def asked_head(index: Index, text: str, reading: Reading) -> tuple[str, tuple[str, ...]]:
    """What a question asks of its subject ("the budget", "interest rate"), with the tokens of its head noun that
    say what it is: not a word of the kind of answer asked ("which schools": an organisation), and ("", ()) when the
    lexicon knows the whole phrase as one word ("line of business": industry) or the head is not a real word."""
    attribute = asked_attribute(text)
    if not attribute:
        return _pointed_head(index, text, reading)
    phrase = index.normaliser.tokens(attribute)
    if len(phrase) == 1 and phrase[0] in index.postings:
        return "", ()
    head = head_noun(attribute)
    of = attribute.partition(" of ")[2]
    if head.casefold() in _KINDS and of:  # "which parts of biomedicine": biomedicine is what is asked for
        head = head_noun(of)
    if head.casefold() in _ANY_FACT_GIVES | _KINDS or head.endswith("ing"):  # "what is it researching?"
        return "", ()
    asked = index.answer_words.get(reading.wants or "", frozenset()) | index.organisation_words  # "which schools"
    words = tuple(token for token in index.normaliser.tokens(head) if token not in asked)
    before = attribute[: attribute.rfind(head) + len(head)] if head in attribute else head
    last = index.normaliser.tokens(before)[-1:]  # the lexicon may read the head with the word before it
    if words and last and last[0] not in words and last[0] not in asked:  # "prize scheme": award, not scheme
        words = (last[0],)
    real = is_word(head.casefold()) or not head.isascii()
    return (attribute, words) if words and real else ("", ())


def unknown_attribute(index: Index, text: str, reading: Reading) -> str:
    """What a question asks of its subject when no fact mentions it ("the budget", "the loan term"), or "". The head
    noun decides: "interest rate" is unknown for its rate, not known for its interest."""
    attribute, words = asked_head(index, text, reading)
    return attribute if words and not any(token in index.postings for token in words) else ""


def doubt(index: Index, clause: str, mentions: Mentions) -> str:
    """Why a question cannot be answered outright, however well a fact scores ("" when it can): an English "how
    many" that does not say of what ("how many has it built?") has no figure known to answer it. Chinese names what
    it counts as often before the question word as after it (研发机构有多少家), so it is not judged. Nor is a question
    for something no fact mentions ("what is the budget of the consortium?", "利率是多少"), however well its
    subject matches."""
    if mentions.reading.wants == "count" and not mentions.focus and CJK_CHAR.search(clause) is None:
        return "the question asks how many without saying of what"
    attribute = unknown_attribute(index, clause, mentions.reading)
    if attribute:
        return f"the question asks for the {attribute}, which no fact mentions"
    return unsaid(index, clause)


def unsaid(index: Index, clause: str) -> str:
    """What a question asks that no fact of the base says at all, whatever its subject: what comes next ("when is
    the next event?"), or how to contact someone ("how can I reach him?"); "" otherwise."""
    if _FUTURE.search(clause) and not any(word in index.postings for word in _FUTURE_WORDS):
        return "the question asks what comes next, which no fact says"
    if _CONTACT.search(clause) and not any(word in index.postings for word in _CONTACT_WORDS):
        return "the question asks how to contact someone, which no fact says"
    return ""


# Contact details: "how can I contact him?", "his email address", "联系方式"
_CONTACT = re.compile(
    r"\bhow (?:can|do|could|would|should) (?:i|we|one|you) (?:contact|reach|email|e-mail|call|phone|ring|message|"
    r"get in touch with|get hold of)\b|\b(?:contact (?:details|information|info|number)|phone number|telephone|"
    r"email address|e-mail address|mailing address)\b|联系方式|联系电话|怎么联系|如何联系|电话号码|邮箱|电子邮件",
    re.IGNORECASE,
)
_CONTACT_WORDS = ("phone", "email", "telephon", "电话", "邮箱")  # tokens a fact giving contact details has


# What comes next: "when is the next event planned?", "下一次活动什么时候": facts that say only what happened do not say
_FUTURE = re.compile(
    r"\b(?:next|upcoming|forthcoming|future)\b|\bplanned for\b|\bwill (?:be|take place)\b"
    r"|下一次|下次|下一届|将来|未来|计划",
    re.IGNORECASE,
)
_FUTURE_WORDS = ("next", "upcom", "futur", "下次", "下一", "未来", "将来")  # tokens a fact saying what comes next has
