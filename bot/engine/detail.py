"""The detail a question asks of its kind of answer, and whether a fact's text holds it.

A fact can give the right kind of answer and still not the detail asked: the total of 12 million yuan does not say
how much *each* company got, a figure in yuan and dollars is not one in euros, "last year" is no month, and Hohhot is
no district of Hohhot. question.py records the detail in a Reading's `kind`; consistency.py asks `holds`.
"""

from __future__ import annotations

import re

from bot.engine.normalise import fold

# Place details
_SUBDIVISION = re.compile(
    r"\b(?:district|districts|county|counties|neighbou?rhoods?|suburbs?|borough|township|village|street|banner)\b"
    r"|(?:哪|什么|啥)(?:个|一个|一)?(?:区|县|旗|街道|镇|乡)"
)
# A venue: "where exactly was it held, which venue?" asks for a building or a hall, not a city
_VENUE = re.compile(
    r"\b(?:venue|venues|address|where exactly|exactly where|precise location)\b"
    r"|\b(?:which|what|in what|in which|at what|at which) (?:building|hall|hotel|room|conference centre|centre)\b"
    r"|场馆|会场|地址|具体在哪|具体地点|哪个酒店|哪个会议"
)
VENUE_GIVEN = re.compile(
    r"\b(?:hall|hotel|centre|center|building|venue|stadium|street|road|avenue|campus|auditorium)\b"
    r"|酒店|会议中心|大厦|会场|场馆|礼堂|街|路"
)
_LOCATED = re.compile(r"\b(?:based|located|headquartered|situated|hq)\b|位于|坐落|总部")
# A share of a total: "how much did each company get?", "on average", "平均每家"
_EACH = re.compile(
    r"\b(?:each|apiece|per|individually|average|averaged|evenly|equally|respectively)\b|每(?:家|个|一|位|所|项)?|平均|分别"
)
# A part of a number just given: "其中国家级的有几个？", "how many of them are national-level?"; a fact answers only
# when it says how many of its total are such ("of which", "其中")
_PART = re.compile(r"其中|之中|how many of (?:them|those|these)\s+\w")  # "how many of those work on dairy?"
_PART_GIVEN = re.compile(r"\b(?:of which|of them|among them|including)\b|其中|包括")
# Currencies a question can ask for, and how a fact writes them; then their names in replies
_CURRENCIES = {
    "dollar": (r"\b(?:dollars?|usd|us\$)\b|美元|美金", r"\$|\bdollars?\b|\busd\b|美元"),
    "yuan": (r"\b(?:yuan|rmb|cny|renminbi)\b|人民币", r"\byuan\b|\brmb\b|元"),
    "euro": (r"\b(?:euros?|eur)\b|€|欧元", r"\beuros?\b|€|欧元"),
    "pound": (r"\b(?:pounds? sterling|sterling|gbp)\b|£|英镑", r"\bpounds?\b|£|英镑"),
    "yen": (r"\b(?:yen|jpy)\b|日元|日币", r"\byen\b|日元"),
    "other currency": (
        r"\b(?:rupees?|roubles?|rubles?|korean won|francs?|hkd|hong kong dollars?|tugriks?|reais|pesos?)\b"
        r"|港币|港元|卢布|韩元|图格里克",
        r"$^",
    ),
}
CURRENCY_NAMES = {
    "dollar": ("US dollars", "美元"),
    "yuan": ("yuan", "人民币"),
    "euro": ("euros", "欧元"),
    "pound": ("pounds", "英镑"),
    "yen": ("yen", "日元"),
    "other currency": ("that currency", "该币种"),
}
_ASKED_CURRENCY = [(name, re.compile(asked)) for name, (asked, _) in _CURRENCIES.items()]
_WRITTEN_CURRENCY = {name: re.compile(written, re.IGNORECASE) for name, (_, written) in _CURRENCIES.items()}
# Parts of a date: "in which month" needs a month; "on what day" a day of a month
_MONTH_NAMES = r"january|february|march|april|may|june|july|august|september|october|november|december"
_ASKED_MONTH = re.compile(r"\b(?:which|what) month\b|哪个月|哪一个月|几月份|几月(?!几)")
_ASKED_TIME = re.compile(r"\btime of (?:the )?day\b|\bwhat time\b|\bwhich hour\b|\bo'clock\b|几点|什么时辰")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b(?:a\.m\.|p\.m\.|am|pm|o'clock)\b|\d+点")
_ASKED_DAY = re.compile(r"\b(?:what|which) (?:date|day)\b|\bon what date\b|哪天|哪一天|几号|几月几[日号]|什么日子")
_ISO_DATE = r"\b\d{4}-\d{1,2}-\d{1,2}\b"
_MONTH = re.compile(rf"\b(?:{_MONTH_NAMES})\b|\d+月|{_ISO_DATE}")
_DAY = re.compile(rf"\b(?:{_MONTH_NAMES}) \d{{1,2}}\b|\b\d{{1,2}} (?:{_MONTH_NAMES})\b|\d+[日号]|{_ISO_DATE}")


# A measure in a unit: "what payload, in tonnes, can they carry?" needs a figure in tonnes, not "large-tonnage"
_UNIT = re.compile(
    r"\b(?:in|how many)\s+(?P<unit>tonnes|tons|kilometres|kilometers|km|metres|meters|hectares|square metres|percent)\b"
)


_PLACE_DETAILS = ((_SUBDIVISION, "within"), (_VENUE, "venue"), (_LOCATED, "located"))


def detail(wants: str, text: str) -> str:
    """The detail asked of a kind of answer, read from folded text: "within" or "located" for a place; "part",
    "each" or a currency for an amount or count; "month" or "day" for a date; "" when it asks for none."""
    if wants == "place":
        return next((kind for pattern, kind in _PLACE_DETAILS if pattern.search(text)), "")
    if wants in ("amount", "count"):
        if _PART.search(text):
            return "part"
        if _EACH.search(text):
            return "each"
        return _currency(text)
    if wants == "date":  # "what time of day did it start?": a clock time, not a date
        asked = ((_ASKED_TIME, "time"), (_ASKED_DAY, "day"), (_ASKED_MONTH, "month"))
        return next((kind for pattern, kind in asked if pattern.search(text)), "")
    return _unit(text) if wants == "measure" else ""


def _unit(text: str) -> str:
    """The unit a measure is asked in: "in tonnes" for "what payload are they rated for?"; "" for none."""
    unit = _UNIT.search(text)
    if unit is None:
        return "in tonnes" if _LOAD.search(text) else ""
    return f"in {unit['unit']}"


# A load asked for, which only a figure in tonnes gives ("large-tonnage" does not say how many)
_LOAD = re.compile(r"\b(?:payload|load capacity|carrying capacity|rated (?:for|at)|how heavy)\b|载重|额定")


def _currency(text: str) -> str:
    """The currency a question asks an amount in: the one it asks "in" ("the 12 million yuan in euros"), or else the
    last it names; "" for none."""
    named = sorted((found.start(), name) for name, asked in _ASKED_CURRENCY for found in asked.finditer(text))
    if not named:
        return ""
    asked_in = [name for start, name in named if _IN_CURRENCY.search(text[max(0, start - 12) : start])]
    return asked_in[-1] if asked_in else named[-1][1]


_IN_CURRENCY = re.compile(r"(?:\b(?:in|into|to|as)\s+(?:us\s+)?|合|换成|换算成|折合|多少)$")


def holds(kind: str, text: str) -> bool:
    """Whether a fact's text holds the detail of an amount, a count, a date or a measure (place details are checked
    against the places the fact names, in consistency.py)."""
    if kind in _WRITTEN_CURRENCY:
        return _WRITTEN_CURRENCY[kind].search(text) is not None
    if kind.startswith("in "):
        return re.search(rf"\d\s*{re.escape(kind[3:6])}", fold(text)) is not None  # a figure in that unit
    pattern = _GIVEN.get(kind)
    return pattern is None or pattern.search(fold(text)) is not None


_GIVEN = {
    "each": _EACH,
    "part": _PART_GIVEN,
    "month": _MONTH,
    "day": _DAY,
    "time": _TIME,
}  # what a fact must say for each detail
