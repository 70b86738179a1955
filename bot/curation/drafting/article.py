"""Read a news article into what a source entry and draft facts need: title, date, publisher and statements.

Articles come as saved from news sites (plain text or Markdown): a breadcrumb ("Home > News"), the title, an
"Updated: 2024-03-25" line, image file names, paragraphs, and photo captions ending in "[Photo/...]". Everything
that is not the article's own prose is set aside; the prose is split into sentences, each kept exactly as written
so that it can be quoted verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.normalise import CJK_CHAR

MIN_WORDS = 4  # a "sentence" shorter than this (two Chinese characters a word) is a label, not a statement
MAX_TITLE_WORDS = 25

_BREADCRUMB = re.compile(r"^[\w &'-]{1,40}(?:\s*[>»/|]\s*[\w &'-]{1,40})+$")
_IMAGE = re.compile(r"(?i)^!\[.*\]\(.*\)$|\.(?:jpe?g|png|gif|webp|bmp)$")
_DATE_LINE = re.compile(r"(?i)^(?:updated|published|posted|date|released?|time)\s*(?:on|:|：)\s*(?P<date>.+)$")
_SOURCE_LINE = re.compile(r"(?i)^(?:source|publisher|published by|from)\s*[:：]\s*(?P<name>.+)$")
_BYLINE = re.compile(r"(?i)^by\s+[A-Z].{0,80}$")
_AGENCY_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]+\((?P<agency>[A-Z][\w .&'-]+)\)\s*(?:--|[-–—])")
_HEADING = re.compile(r"^#{1,6}\s+")
_CREDIT = re.compile(r"\s*[\[(](?:photo|image|picture|video)\s*(?:/|:|by)\s*(?P<who>[^\])]+)[\])]\s*$", re.IGNORECASE)
_NAME = r"(?:the )?[A-Z][\w&'-]*(?: [A-Z][\w&'-]*)*"
_CITED = re.compile(
    rf"(?:according to (?:a report (?:in|by) |reports? (?:in|by) )?|reported by )(?P<a>{_NAME})"
    rf"|(?P<b>{_NAME}) (?:reported|said in a report)"
)

_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)")
_MONTHS = "january february march april may june july august september october november december".split()
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<year>\d{{4}})\b")
_DAY_FIRST = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s+(?P<year>\d{{4}})\b")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")

# Sentence ends: the punctuation, closing quotes or brackets, then space and a capital, digit or opening quote.
_END = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|[。！？]+[”’」]*")
_ABBREVIATIONS = frozenset(
    "co corp inc ltd no mr mrs ms dr prof st jr sr vs etc approx dept gov govt est fig jan feb mar apr jun jul aug "
    "sep sept oct nov dec u.s u.k e.g i.e".split()
)
_MARKDOWN = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`|!?\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Statement:
    """A sentence of the article: `quote` exactly as written; `text` without markup or a photo credit."""

    quote: str
    text: str
    paragraph: int  # 1-based, counting the article's prose paragraphs and captions
    caption: bool = False


@dataclass
class Article:
    """What an article states about itself, and its statements in order."""

    title: str
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD; "" when the article states none
    publisher: str  # "" when the article names none
    statements: list[Statement] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)  # who photos are credited to, who is cited as reporting
    years: list[str] = field(default_factory=list)  # the years the article mentions, for a date it does not state


def read_article(content: str) -> Article:
    """Split an article into its title, date, publisher and statements (see the module docstring)."""
    article = Article(title="", date="", publisher="")
    number = 0
    titled = False
    for paragraph in _paragraphs(content):
        if _metadata(article, paragraph):
            continue
        if not titled:  # the first line is the title, unless it is a paragraph of prose (then there is none)
            titled = True
            if len(paragraph.split()) <= MAX_TITLE_WORDS and len(sentences(paragraph)) == 1:
                article.title = _HEADING.sub("", paragraph).strip()
                continue
        if _HEADING.match(paragraph):
            continue
        credit = _CREDIT.search(paragraph)
        if credit:
            _add(article.credits, credit["who"].strip())
        number += 1
        for sentence in sentences(paragraph[: credit.start()] if credit else paragraph):
            quote = " ".join(sentence.split())  # white space aside, as the quote check compares
            text = _plain(quote)
            if len(text.split()) + len(CJK_CHAR.findall(text)) // 2 >= MIN_WORDS:
                article.statements.append(Statement(quote, text, number, caption=credit is not None))
        for cited in _CITED.finditer(paragraph):
            _add(article.credits, re.sub(r"^the ", "", cited["a"] or cited["b"]))
    article.years = sorted(set(_YEAR.findall(content)))
    return article


def _paragraphs(content: str) -> list[str]:
    """Blocks of lines separated by blank lines, each joined into one line."""
    blocks = re.split(r"\n\s*\n", content.replace("\r\n", "\n").replace("\r", "\n"))
    return [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in blocks if block.strip()]


def _metadata(article: Article, paragraph: str) -> bool:
    """Whether a paragraph is about the article rather than part of it; what it says is recorded."""
    if (_BREADCRUMB.match(paragraph) and not article.title) or _IMAGE.search(paragraph):
        return True
    dated = _DATE_LINE.match(paragraph)
    if dated:
        article.date = article.date or parse_date(dated["date"])
        return True
    named = _SOURCE_LINE.match(paragraph)
    if named:
        article.publisher = article.publisher or named["name"].strip()
        return True
    if _BYLINE.match(paragraph) and len(paragraph.split()) <= 8:
        return True
    agency = _AGENCY_DATELINE.match(paragraph)
    if agency and not article.publisher:
        article.publisher = agency["agency"].strip()
    return False


def parse_date(value: str) -> str:
    """A stated date as YYYY-MM-DD (or YYYY-MM when the day is not given); "" when there is none."""
    iso = _ISO.search(value)
    if iso:
        year, month, day = iso[1], int(iso[2]), iso[3]
        return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    written = _DAY_FIRST.search(value) or _MONTH_FIRST.search(value)
    if written:
        month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(written["month"][:3].lower()))
        day = written["day"]
        return f"{written['year']}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    year = _YEAR.search(value)
    return year[0] if year else ""


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph, exactly as written.

    A full stop after an abbreviation (Co., Mr.) or an initial does not end a sentence, nor does one inside a
    quotation: a quoted speech of two sentences stays with the words that say who spoke.
    """
    balanced = (paragraph.count('"') % 2 == 0) and paragraph.count("“") == paragraph.count("”")
    found: list[str] = []
    start = 0
    for end in _END.finditer(paragraph):
        before = paragraph[start : end.start()]
        word = re.search(r"([\w.]+)$", before)
        if word and (word[1].lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word[1])):
            continue
        upto = paragraph[start : end.end()]
        if balanced and (upto.count('"') % 2 or upto.count("“") > upto.count("”")):
            continue
        found.append(upto.strip())
        start = end.end()
    found.append(paragraph[start:].strip())
    return [sentence for sentence in found if sentence]


def _plain(sentence: str) -> str:
    """A sentence without Markdown emphasis or link targets, ending with its punctuation."""
    text = _MARKDOWN.sub(lambda m: m[1] or "", sentence).strip()
    return text if text.endswith((".", "!", "?", '"', "”", "。", "！", "？")) else text + "."


def _add(values: list[str], value: str) -> None:
    if value and value not in values:
        values.append(value)
