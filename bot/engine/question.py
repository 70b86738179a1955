"""Read what a question asks for: the kind of answer it expects, and the words naming what it is about.

A fact about the right subject is not an answer unless it holds what was asked: "How many R&D institutions does
Baotou have?" wants a count, and a Baotou fact without one does not answer it, however close its words. Classic
question answering reads the expected answer type before choosing a passage; this does the same with patterns, in
English and Chinese, deterministically. The matcher then keeps only facts that give that kind of answer (gives.py).

The patterns run on folded text (lower case, simplified Chinese), in a fixed order: the first kind that matches
wins, so "How much money came from which bank?" asks for an amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal, get_args

from bot.engine.answernouns import ORGANISATION_NOUNS, PLACE_NOUNS, ZH_ORGANISATION_NOUNS, who_kind
from bot.engine.detail import detail
from bot.engine.normalise import fold
from bot.engine.spelling import QUESTION_WORD_TYPOS

Wants = Literal["reason", "date", "amount", "count", "measure", "place", "organisation", "who", "duration"]
WANTS: tuple[str, ...] = get_args(Wants)

_NOUN_KIND = {word: kind for kind, words in ORGANISATION_NOUNS.items() for word in words.split()}
_MODIFIER_KIND = {"academic": "university", "news": "media", "local": ""}

_TYPO = re.compile(rf"\b(?:{'|'.join(QUESTION_WORD_TYPOS)})\b")  # "wat", "wen was the event"
# A question word counts where a clause starts (or after "tell me", "know"...): "what does the bureau focus on when it
# lends" asks what, not when; "we are thinking about where to expand, ..." does not ask where.
_START = (
    r"(?:^|[,;:?!.]\s*|\s[-\u2013\u2014]\s*"
    r"|\b(?:and|so|but|then|or|also|tell me|know|wondering|wonder|ask|confirm|check|explain|say|exactly|precisely|"
    r"recall)\s+)"
)
_PREPOSITION = r"(?:\b(?:from|with|by|to|for|of|in|at|on)\s+)"

_EN_PATTERNS: list[tuple[Wants, re.Pattern[str]]] = [
    (
        "reason",
        re.compile(
            rf"{_START}why\b|\bwhat for\b|\bto what end\b|\bfor what (?:purpose|reason)\b"
            r"|\bwhat (?:is|are|was|were)\s+(?:it|they|this|that|these|those)\s+(?:\w+\s+)?for\W*$"
            r"|\bwhat(?:'s| is| was| were| are)?\s*(?:the )?"
            r"(?:aims?|goals?|purposes?|point|objectives?|reasons?|motives?|motivation|rationale)\b"
            r"|\bwhat\b.{0,60}\b(?:hop(?:e|es|ed|ing)|aim(?:s|ed|ing)?|want(?:s|ed|ing)?|expect(?:s|ed|ing)?|seek(?:s|ing)?|"
            r"intend(?:s|ed)?|supposed|meant|trying) to (?:gain|achieve|get|accomplish|boost|improve|do|win|reach)\b"
        ),
    ),
    (
        "duration",
        re.compile(
            r"\bhow long (?:has|have|had|did|does|do|will|since|is|was|are|were)\b|\bfor how long\b"
            r"|\b(?:loan|repayment|credit|financing|lending|contract|project|consortium)\s+"
            r"(?:period|term|tenor|tenure|duration|maturity|length)\b"
        ),
    ),
    (
        "date",
        re.compile(
            rf"{_START}when\b(?! it comes to\b)|\b(?:what|which) (?:year|date|day|month|time)\b|\bhow long ago\b"
            r"|\byear[- ]?wise\b|\bwhat(?:'s| is| was| are| were) the (?:\w+ )?(?:date|year|day|month)\b(?! of birth)"
        ),
    ),
    (
        "amount",
        re.compile(
            r"\bhow much\b|\bwhat(?:'s| is| was| are| were) the (?:total )?(?:value|amount|sum|cost|price|worth)\b"
            r"|\bwhat(?:'s| is| was| are| were) [\w\s&'-]{1,40}? worth\b"
            r"|\bamount of money\b|\bhow many (?:us |american |chinese )?(?:yuan|dol+ars?|rmb|usd|renminbi)\b"
            r"|\bhow (?:big|large) (?:was|is|were|are) [\w\s-]{0,30}?\b(?:financing|funding|loans?|package|credit)\b"
            r"|\b(?:amount|sum|value)\s*\??$"
        ),
    ),
    ("count", re.compile(r"\bhow many\b|\b(?:number|count|tally|quantity) of\b|\b(?:count|number|tally|total)\s*\??$")),
    (
        "measure",
        re.compile(
            r"\bhow (?:big|large|small|tall|high|long|far|heavy|old|fast|wide|deep|often)\b"
            r"|(?<!\bin )\bwhat(?:'s | is | was | )(?:the )?(?:size|share|percentage|proportion|rate|percent|scale|"
            r"area|payload|capacity|tonnage|speed|range|weight)\b"
            r"|\bin (?:tonnes|tons|kilometres|kilometers|km|metres|hectares)\b"
        ),
    ),
    (
        "place",
        re.compile(
            r"\b(?:which|what) (?:part|corner) of (?:the )?(?:country|china|world|region|province|inner mongolia)\b|"
            r"\bwhat(?:'s| is| was) (?:the|its|their|his|her) (?:home |base |host )?(?:city|town|hometown|location)\b|"
            rf"{_START}where\b|(?:{_START}|{_PREPOSITION})(?:which|what)"
            r"(?:\s+(?!(?:does|do|did|is|are|was|were|has|have|had|can|will)\b)[\w-]+){0,2}?\s+"
            rf"(?:{'|'.join(PLACE_NOUNS.split())}|area|place)\b"
            r"(?!\s+(?:did|do|does|office|offices|government|bureau|department|authority|authorities|council|officials?|"
            r"hall|leaders?)\b)"
        ),
    ),
]
_EN_ORGANISATION = re.compile(
    rf"(?:(?:{_START}|{_PREPOSITION})(?:which|what)(?:\s+(?:one|ones)?\s*of\s+(?:the|those|these))?"
    r"|\bnames? of the|\bname the|\blist the|\bwho are the)\s+"
    r"(?P<modifiers>(?:(?!(?:did|does|do|is|are|was|were|has|have|had|can|will|would|should|could|the|of|in|for|with|"
    r"from|to|by|at|on|and)\b)[\w-]+\s+)"
    r"{0,3})"
    rf"(?P<noun>{'|'.join(sorted(_NOUN_KIND, key=len, reverse=True))})\b"
    # "what company needs does the bureau focus on?" asks for needs, not a company ("which company needs money?" does)
    r"(?!\s+(?:needs|problems|issues|requirements|demands|difficulties|concerns)\s+(?:does|do|did|is|are|was|were)\b)"
)
# Asking for names without saying of what: "can you name them?", "what are their names?", "这六家企业叫什么名字？"
_EN_NAMES = re.compile(
    r"\b(?:name|list) (?:them|those|these|all of them|each of them)\b|\bwhat (?:are|were) (?:their|the) names\b"
    r"|\bwho (?:are|were) they\b|\bwhat (?:are|were) (?:they|those|these|the)(?:\s+[\w-]+)?\s+called\b"
    r"|\bwhich (?:[\w-]+\s+)?(?:are|were) (?:they|those|these)\b"
    rf"|^\W*(?:and\s+|so\s+)?(?:which|what) (?:(?:{'|'.join(_NOUN_KIND)}|people|persons)\s+)?(?:ones?\s+)?"
    r"(?:exactly|specifically|precisely|in particular)\W*$|\b(?:any|their|some|the)\s+(?:[\w-]+\s+)?names\W*$"
    r"|^\W*(?:and\s+|so\s+)?which ones\W*$|\b(?:list|name) (?:all|every one of|each of)\b"
)
_ZH_NAMES = re.compile(
    "(?:叫|是)(?:什么|啥)名字|名字是(?:什么|啥)|名字叫(?:什么|啥)|都(?:有|是)哪些|分别是(?:谁|哪些|哪几家)|都叫(?:什么|啥)"
    "|分别叫(?:什么|啥)|都是哪(?:几|些)|^\\W*(?:那|那么)?(?:具体|到底|究竟)?(?:是|都是|分别是)?哪(?:几|些)(?:家|个|所|位)?\\W*$"
)
_ZH_THING_NAMED = re.compile("(?:项目|奖项?|称号|活动|文章|报道|技术|联合体|工业园|园区)的?(?:都|分别)?(?:叫|名字)")


def asks_names(question: str) -> bool:
    """Whether a question asks for names without saying of what ("what are their names?", "都是哪几家？")."""
    text = fold(question)
    return _EN_NAMES.search(text) is not None or _ZH_NAMES.search(text) is not None


_EN_WHO = re.compile(rf"(?:{_START}|{_PREPOSITION})who(?:m|se)?\b")
_EN_WHO_IS = re.compile(r"^\W*who(?: is| was|'s) (?!the\b|a\b|an\b|in\b|at\b|behind\b|responsible\b|credited\b)")
# What is counted or named: the words after the question words, up to the verb or preposition that ends them.
# "How many by Baotou firms?" and "how many handed out?" name nothing counted: no focus.
_EN_FOCUS = re.compile(
    r"\b(?:how many|number of|count of|tally of|quantity of|how much)\s+"
    r"(?:of\s+(?:the\s+)?(?!(?:each|them|those|these|it|all)\b))?"
    r"(?P<focus>(?!(?:does|do|did|is|are|was|were|has|have|had|there|can|will|of|got|get|won|received|became|by|"
    r"from|in|at|for|with|on|given|handed|taken|made|held|\w{3,}ed)\b).+?)"
    r"(?=\s+(?:does|do|did|is|are|was|were|has|have|had|got|get|in|at|on|for|from|of|by|with|will|can|could|"
    r"there|that|which|who|were|to|became|become|becomes|won|win|wins|\w+ed|\w{3,}ing)\b|\s*['\"‘“]|[?.!,;]|$)"
)
_EN_KEYWORD_FOCUS = re.compile(r"^\W*(?P<focus>.+?)\s+(?:count|number|total|tally)\s*\??$")
# What someone said or wrote something about: "what did Wang Long say about the dairy industry" needs a fact on that.
_EN_TOPIC = re.compile(
    r"\b(?:say|said|says|think|thinks|thought|write|wrote|report|reported|comment|commented|talk|talked|speak|spoke|"
    r"views?|opinions?|stance)\s+(?:about|on(?! behalf)|regarding|of)\s+(?P<topic>[^?.!,;]+)"
)

_ZH_PATTERNS: list[tuple[Wants, re.Pattern[str]]] = [
    (
        "reason",
        re.compile("为什么|为啥|为何|干嘛(?!了|的)|(?<!项)目的|原因|出于什么"),
    ),  # 干嘛了, 是干嘛的: did, does what
    ("duration", re.compile("多久|多长时间|多少年(?!前)|持续|期限|年限")),
    ("date", re.compile("哪年|哪一年|什么时候|啥时候|何时|哪天|哪一天|几月|几号|什么时间|日期|哪个月|哪一个月")),
    (
        "amount",
        re.compile(
            "多少钱|多少资金|多少元|金额|多少万|多少亿|融资多少|贷款多少|多少(?:科技)?(?:融资|贷款|金融|资金)|美元|美金|人民币|欧元|英镑|日元"
        ),
    ),
    ("count", re.compile("多少|(?<![这那哪])几[个家所项位名座种条]|数量|有几")),  # 这几家: these; 哪几个: which
    ("measure", re.compile("(?<![很许众诸太好])多(?:大(?!学)|高(?!校)|长|远|重(?!要)|久)|规模|占比|比例|面积")),
    (
        "place",
        re.compile(
            "哪里|哪儿|在哪(?![些个几一])|什么地方|啥地方|哪个城市|哪座城市|哪个市|哪个地区|哪个省|位于哪|哪个(?:区|县|旗|街道|镇)"
        ),
    ),
]
_ZH_ORGANISATION = re.compile(  # not "哪个城市的企业", "哪里的单位": which city, where
    rf"哪(?![个座]?(?:城市|市|省|地区|地方)|里|儿)(?:家|些|个|所|几家|几所|[两二三四五六七八九十0-9]+[家所个])?[\u4e00-\u9fff]{{0,4}}?"
    rf"(?P<noun>{'|'.join(ZH_ORGANISATION_NOUNS.values())})"
)
# What a Chinese question counts: the noun after 多少 / 几 and its measure word, up to a verb or particle that ends it
# (几家企业提供了 counts 企业).
_ZH_FOCUS = re.compile(
    r"(?:多少|几)[个家所项位名座种条]?(?P<focus>[^从在有是的和与对给把被向为以及了吗呢获，。？！?!,.\s]{2,8}?)"
    r"(?=提供|获得|拿到|得到|取得|参与|参加|签约|签|组建|成立|建立|[从在有是的和与对给把被向为以及了吗呢获，。？！?!,.\s]|$)"
)


@dataclass(frozen=True)
class Reading:
    """What a question asks for. `wants` None means any statement about its subject may answer it."""

    wants: Wants | None = None
    focus: str = ""  # what it asks about, as written: "R&D institutions", "four companies", "研发机构"
    kind: str = ""  # organisation: bank, company, university, media...; who: "person"; for a place, an amount, a
    # count or a date, the detail asked (detail.py): "within" Hohhot, "each" company's share, "euro", "month"...
    topic: str = ""  # what someone said something about ("the dairy industry"), which the fact must be about
    other: bool = False  # it asks for another one ("which other city", "别的城市"): what it is about is no answer
    superlative: str = ""  # "most", "biggest competitive" (with the word after it): only a fact saying so answers

    def describe(self) -> str:
        """A short description for explanations: "count of R&D institutions", "organisation (bank)"."""
        about = f" about {self.topic!r}" if self.topic else ""
        if self.wants is None:
            return "what was said" + about if about else "anything about its subject"
        detail = f" ({self.kind})" if self.kind else ""
        return f"{self.wants}{detail}" + (f" of {self.focus!r}" if self.focus else "") + about


_NOTHING = Reading()  # shared: most texts ask for nothing in particular, and each reading is cached


@lru_cache(maxsize=16384)  # indexing reads every example question twice, and a reload reads them all again
def read(question: str) -> Reading:
    """The kind of answer a question expects and what it is about; an empty Reading when it does not say."""
    text = fold(question)
    text = _TYPO.sub(lambda word: QUESTION_WORD_TYPOS[word[0]], text)
    reading = _read_english(text) or _read_chinese(text) or _NOTHING
    topic = _EN_TOPIC.search(text)
    if topic:
        reading = replace(reading, topic=topic["topic"].strip())
    if reading.wants is not None and _OTHER.search(text):
        reading = replace(reading, other=True)
    superlative = _SUPERLATIVE.search(text)
    if superlative:
        reading = replace(reading, superlative=superlative[0].strip())
    if not (reading.focus or reading.topic):
        return reading
    return replace(reading, focus=_as_written(reading.focus, question), topic=_as_written(reading.topic, question))


SUPERLATIVES = r"biggest|largest|greatest|highest|strongest|fullest|most"
_SUPERLATIVE = re.compile(rf"\b(?:{SUPERLATIVES})\b(?: \w+)?|最大|最")
_OTHER = re.compile(r"\b(?:other|others|another|else)\b|其他|其它|别的|另外|另一")


def _as_written(words: str, question: str) -> str:
    """Words read from the folded question, as the person wrote them ("R&D institutions", not "r&d ...")."""
    at = question.lower().find(words) if words else -1
    return question[at : at + len(words)] if at >= 0 else words


# A place question asking for a part of a place ("which district of Hohhot", "哪个区"): only a place inside the one
# named answers it, so "Hohhot" or "Inner Mongolia" does not.
_EN_PARTITIVE = re.compile(
    r"\bhow many of (?:those|them|these|it)\s+(?:are|were|is|have|has|had)?\s*(?P<focus>[^?.!,;]+)"
)
# What a question names first and then counts: "When it comes to labs, how many does Hohhot have?", "Hohhot
# research centres, how many?"
_EN_FRONTED_FOCUS = re.compile(
    r"^\W*(?:(?:when it comes to|as for|as regards|in terms of|regarding|with regard to|with respect to)\s+)?"
    r"(?P<focus>[^?.!,;:\u2013\u2014]+?)\s*(?:,|:|\s-|\u2013|\u2014)\s*(?:how many|what number|what count)\b"
    r"|^\W*(?P<last>[^?.!,;:]+?)\s+how many\s*\??\s*$"  # and what was given: "how many got the label?"
    r"|\bhow many\s+(?:got|won|received|earned|took|became)\s+(?:the\s+|an?\s+)?(?P<given>[^?.!,;]+)"
)


# Each English pattern above needs one of these words: a text with none of them is not read for one. Searching for
# them once costs what one of the patterns costs, and spares the others on text that asks nothing in English.
EN_NEEDS = re.compile("why|what|when|which|how|amount|sum|value|number|count|tally|quantity|total|where|name|list|who")
ZH_NEEDS = re.compile("[\u4e00-\u9fff]")  # each Chinese pattern needs a Chinese character


_RANKED = re.compile(r"\b(?:rank|ranks|ranked|ranking|placed|finish|finished|come in|came in|what place|which place)\b")


def _read_english(text: str) -> Reading | None:
    if EN_NEEDS.search(text) is None:
        return None
    for wants, pattern in _EN_PATTERNS:
        if wants == "place" and _RANKED.search(text):
            continue  # "where did the project rank?" asks for a rank, not a place
        if pattern.search(text):
            return Reading(wants, _english_focus(text) if wants in ("count", "amount") else "", detail(wants, text))
    found = _EN_ORGANISATION.search(text)
    if found:
        modifiers = found["modifiers"].split()
        kind = next((_MODIFIER_KIND[m] for m in modifiers if _MODIFIER_KIND.get(m)), _NOUN_KIND[found["noun"]])
        return Reading("organisation", " ".join([*modifiers, found["noun"]]), kind)
    if _EN_WHO.search(text) and not _EN_WHO_IS.search(text):
        return Reading("who", kind=who_kind(text))
    if _EN_NAMES.search(text):
        return Reading("who")
    return None


def _english_focus(text: str) -> str:
    found = (
        _EN_PARTITIVE.search(text)
        or _EN_FOCUS.search(text)
        or _EN_KEYWORD_FOCUS.search(text)
        or _EN_FRONTED_FOCUS.search(text)
    )
    return next((value.strip() for value in found.groupdict().values() if value), "") if found else ""


def _read_chinese(text: str) -> Reading | None:
    if ZH_NEEDS.search(text) is None:
        return None
    found = _ZH_ORGANISATION.search(text)
    for wants, pattern in _ZH_PATTERNS:
        if pattern.search(text) and not (found and wants in ("count", "place")):
            focus = _ZH_FOCUS.search(text) if wants in ("count", "amount") else None
            return Reading(wants, focus["focus"] if focus else "", detail(wants, text))
    if found:
        kind = next(kind for kind, nouns in ZH_ORGANISATION_NOUNS.items() if found["noun"] in nouns.split("|"))
        return Reading("organisation", found["noun"], kind)
    if _ZH_NAMES.search(text) and not _ZH_THING_NAMED.search(text):  # 项目叫什么名字 asks a title, not who
        return Reading("who")
    if "谁" in text:
        return Reading("who", kind=who_kind(text))
    return None
