"""How a question is put: whether it asks anything, the questions it joins, whether it points back with a pronoun,
and where it says it read something. Reading what kind of answer it expects is question.py's job."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from bot.engine.normalise import fold

_ASKS = re.compile(
    r"\b(?:what|which|who|whom|whose|where|when|why|how)\b|^\W*(?:is|are|was|were|do|does|did|can|could|has|have|"
    r"will|would|should)\b|吗|呢|什么|哪|谁|几|多少|如何|怎么|为什么|为何|啥|干嘛"
)


# Where a question joins two questions: ", and which ...", "? Where ...", "; ", "，还有哪些 ...".
_PART_BREAK = re.compile(
    r"\s*,?\s+and\s+(?:also\s+|then\s+|tell me\s+)?"
    r"(?=(?:(?:in|on|at|for|from|by|with|to)\s+)?(?:what|which|who|whom|whose|where|when|why|how)\b)"
    r"|\s*,\s+and\s+(?:also\s+)?(?=(?:name|list|give|tell|explain|describe)\b)"
    r"|\s*,\s+and\s+(?=(?:was|were|is|are|did|does|do|has|have|had)\s+(?:there\s+)?(?:any|anything|anyone|it|they)\b)"
    r"|(?<=[?？])\s*(?=\S)|[;；]\s*|\s+\+\s+|\s+and\s+of\s+"
    r"|[,，]\s*(?:还有|以及|另外)",
    re.IGNORECASE,
)
_PRONOUN = re.compile(
    r"\b(?:he|his|him|she|her|it|its|they|their|them)\b|\b(?:there|then|that|this|those|these)\s*[?.!]*$"
    r"|\b(?:those|these)\s+(?!of\b)\w|它|他|她|其",
    re.IGNORECASE,
)


# A list of questions: "which fields did it target, what was it trying to achieve, and ...". Only after a part that
# asks something: "In terms of finance, what does the bureau do?" is one question.
_LIST_BREAK = re.compile(r"\s*[,，]\s*(?=(?:what|which|who|whom|whose|where|when|why|how)\b)", re.IGNORECASE)
# A topic named before the question: "When it comes to R&D institutions, how many ...?" asks once.
_TOPIC_FIRST = re.compile(r"^\W*(?:when it comes to|as for|as to|in terms of|regarding|speaking of)\b", re.IGNORECASE)
# A definite description of something named before: "what is the group researching?" asks about the group just named.
_DEFINITE = re.compile(
    r"\b(?:the|that|this)\s+(?:group|company|firm|consortium|alliance|project|bank|city|university|event|bureau|"
    r"programme|program|award|prize)\b",
    re.IGNORECASE,
)


def parts(question: str) -> list[str]:
    """The questions a compound question joins ("Who is Wang Long, and which universities ...?"), or just it."""
    found = []
    for joined in _PART_BREAK.split(question):
        listed = _LIST_BREAK.split(joined)
        found.append(listed[0])
        for part in listed[1:]:
            if _ASKS.search(found[-1].lower()) and not _TOPIC_FIRST.match(found[-1]):
                found.append(part)
            else:
                found[-1] = f"{found[-1]}, {part}"  # what came before was a preamble, not a question
    found = [each for part in found for each in _each_counted(part.strip(" ,，"))]
    found = [part for part in found if len(part.split()) >= 2 or len(part) >= 4]
    if len(found) < 2:
        return [question]
    return [found[0], *(_which_noun(part, before) for before, part in pairwise(found))]


# Two things counted in one question: "how many consortiums and leading companies got titles?" asks twice
_TWO_COUNTED = re.compile(
    r"^(?P<before>.*?\b(?:how many|count of|number of|numbers of)\s+)(?P<first>[\w&-]+(?:\s+[\w&-]+){0,3}?s)\s+"
    r"and\s+(?:how many\s+)?(?P<second>[\w&-]+(?:\s+[\w&-]+){0,3}?s)\s*(?P<rest>(?:were|was|are|is|did|do|does|"
    r"have|has|had|got|get|received|won|became|took|take|joined)\b.*|[?.!]*)$",
    re.IGNORECASE,
)


def _each_counted(part: str) -> list[str]:
    """A question counting two things, as one question for each ("how many X were there, and how many Y")."""
    found = _TWO_COUNTED.match(part)
    if found is None:
        return [part]
    rest = found["rest"]
    return [
        f"{found['before']}{found[noun]}" + (f" {rest}" if rest[:1].isalpha() else rest) for noun in ("first", "second")
    ]


_WHICH_ONE = re.compile(r"\bwhich (?:one|ones)\b", re.IGNORECASE)
_WHICH_NOUN = re.compile(r"\bwhich (?!one\b|ones\b|of\b)([a-z]+)\b", re.IGNORECASE)


def _which_noun(part: str, before: str) -> str:
    """ "..., and which one for its industrial base?" after "which city ...": which city, as the part before said."""
    noun = _WHICH_NOUN.search(before)
    return _WHICH_ONE.sub(f"which {noun[1]}", part, count=1) if noun else part


@lru_cache(maxsize=256)
def refers_back(text: str) -> bool:
    """Whether a part of a question points back with a pronoun ("its consortium", "他们")."""
    return _PRONOUN.search(text) is not None


def names_again(text: str) -> bool:
    """Whether a part of a question points back, with a pronoun or a definite description ("the group")."""
    return refers_back(text) or _DEFINITE.search(text) is not None


# Where a question says where it read something ("according to the consortium article"): not what it asks about.
_ATTRIBUTION = re.compile(
    r"\b(?:according to|as reported (?:in|by)|as per|per|as said in|based on|(?:mentioned|named|cited|listed|featured|"
    r"reported) in|(?:does|did|do) (?:the|these|those|both)|in the|\bdate (?:is |was )?(?:on|of)"
    r"|(?:(?<=photos )|(?<=pictures )|(?<=images )|(?<=photographs ))(?:for|from|of) the"
    r"|\b(?:illustrat|accompan)\w* the)\s+(?:the\s+|that\s+)?"
    r"(?:(?!(?:in|on|at|about|of|for|to|with)\b)[^\W\d]\S*\s+){0,5}?"  # the article's words: no figure, no "in the"
    r"(?:articles?|stor(?:y|ies)|report|pieces?|news|coverage|text)\b"  # "it reports" is no citation
    r"(?:\s+(?:mention|mentions|say|says|name|names|list|lists|cover|covers|describe|describes|give|gives))?"
    # or names the article whose date it asks: "when was the Hohhot sci-tech industry article published?"
    r"|\b(?:the|that|this)\s+(?:[\w'-]+\s+){1,5}?(?:article|story|report|piece)"
    r"(?=\s+(?:(?:was|is|first|last)\s+)*(?:published|updated|written|released|posted|dated|out|come out|came out)\b)"
    r"|\b(?:the|that|this)\s+(?:article|story|report|piece)\s+(?:about|on)\s+(?:[\w'-]+\s+){1,5}?"  # "the article about
    r"(?=(?:(?:was|is|first|last)\s+)*(?:published|updated|written|released|posted|dated)\b)"  # X was published"
    r"|[\u4e00-\u9fff]{2,10}?(?:那篇|这篇|那条|这条|那则|这则)(?:文章|报道|新闻)"  # 呼市科技那篇文章
    # named first, then the question: "Now the consortium article: what has Hohhot gathered?"
    r"|^\W*(?:(?:now|ok|okay|so|and|back to)\s+)?(?:(?:in|on|for|about)\s+)?the\s+(?:[\w'-]+\s+){0,4}?"
    r"(?:article|story|report|piece)\s*(?=[:,\u2013\u2014-])",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)  # asked of each clause several times as a message is read: a few messages suffice
def attribution(text: str) -> str:
    """Where a question says it read something ("according to the consortium article"), or ""."""
    found = _ATTRIBUTION.search(text)
    return found[0] if found else ""


def without_attribution(text: str) -> str:
    """The question without "according to the ... article": the source a person cites is not their subject."""
    return _ATTRIBUTION.sub(lambda found: _DATED if found[0][:4].lower() == "date" else " ", text)


_DATED = " date published "  # "the date on the Hohhot article": when the article came out


@lru_cache(maxsize=256)
def asks(text: str) -> bool:
    """Whether a part of a question asks something itself (a question word, or an auxiliary verb first)."""
    return _ASKS.search(fold(text)) is not None


# What a question asks of its subject: "what is the budget of ...", "what interest rate did ...", "who was the
# reporter?", "...的预算是多少".
_ATTRIBUTE = re.compile(
    r"^\W*(?:what|which)(?:'s|\s+is|\s+was|\s+are|\s+were)\s+(?:the|its|their|his|her)\s+"
    r"(?P<attr>[a-z]+(?:\s+[a-z]+)?)\s+(?:of|for|did|does|do|was|is|were|are|on|at|in|that)\b"
    r"|^\W*(?:(?:at|in|on|for|from|with|by|of)\s+)?(?:what|which)\s+"
    r"(?P<asked>[a-z]+(?:\s+[a-z]+){0,2}?)\s+(?:did|does|do|was|is|were|are|has|have|[a-z]{3,}ed|hosts|holds)\b"
    r"|^\W*who\s+(?:is|was|are|were)\s+the\s+(?P<role>[a-z]+(?:\s+[a-z]+)?)\s*\??$"
    r"|^\W*(?:what|which)(?:'s|\s+is|\s+was|\s+are|\s+were)\s+[\w\s&-]{1,60}?'s\s+"
    r"(?P<owned>[a-z]+\s+[a-z]+(?=\s*[?.!]*$|\s+(?:in|within|of|among|compared|according)\b)|[a-z]+)"
    r"|^\W*(?:and|but|so|what about|how about)\s+(?:the|its|their)\s+(?P<more>[a-z]+(?:\s+[a-z]+)?)\s*\??$"
    r"|的(?P<zh>[\u4e00-\u9fff]{2,4}?)(?:是多少|有多少|多少|是什么|是谁|叫什么)"
    r"|^\W*(?P<zhstart>[\u4e00-\u9fff]{2,3}?)(?:是多少|有多少|多少|是什么)"
    # who makes or supplies a thing: "who supplies the batteries for its trucks?" needs a fact on the batteries
    r"|^\W*who\s+(?:supplies|supplied|supply|makes|made|provides|provided|produces|produced|manufactures|"
    r"manufactured|sells|sold|designs|designed)\s+(?:the|its|their)\s+(?P<made>[a-z]+(?:\s+[a-z]+)?)",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def asked_attribute(text: str) -> str:
    """What a question asks of its subject ("budget" in "what is the budget of the consortium?"), or ""."""
    found = _ATTRIBUTE.search(text)
    if found is None:
        return ""
    return next(value for value in found.groups() if value)


_PREPOSITION_ON = re.compile(r"\s+(?:from|frm|of|in|at|for|with|by|on|to)\b", re.IGNORECASE)


def head_noun(attribute: str) -> str:
    """The word an asked attribute is about: "rate" in "interest rate", "university" in "university from
    Shanghai" (a Chinese attribute is its own head)."""
    if not attribute.isascii():
        return attribute
    return _PREPOSITION_ON.split(attribute, maxsplit=1)[0].split()[-1]


# What something is about: "what were those projects about?" asks what they are on, which a fact only mentioning them
# ("signed cooperative innovation projects with universities") does not say.
_CONTENT_ASKED = re.compile(
    r"^\W*(?:so\s+|and\s+|ok\s+)?what (?:is|was|are|were) "
    r"(?:(?:the|those|these|that|this|its|their)\s+|[\w\s-]{1,40}?'s\s+)"
    r"(?:[\w-]+\s+){0,3}?(?P<noun>[\w-]+)\s+(?:all\s+)?about\b",
    re.IGNORECASE,
)


# A question answered yes or no: an auxiliary verb first, or 吗, 是不是, 是否, 对吧
YES_NO = re.compile(
    r"^\W*(?:is|are|was|were|do|does|did|can|could|has|have|had|will|would|should)\b|吗\W*$|是不是|是否|对吧\W*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def content_asked(text: str) -> str:
    """The noun whose content a question asks for ("projects" in "what were those projects about?"), or ""."""
    found = _CONTENT_ASKED.search(text)
    return found["noun"].casefold() if found else ""
