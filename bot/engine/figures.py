"""The figures a fact states, so that the checker catches a number that differs between `text` and `text_zh`.

A translator who types 446 for 464 produces a fact that reads well in both languages and is wrong in one; the
only way to see it is to compare the figures themselves. The same figure is written differently in each
language (12 million, 12,000,000 and 1200万; March 23 and 3月23日; six and 六家), so both texts are read into
numeric values and the values are compared.

What counts as a figure (each rule leans towards stating no figure, because a false alarm on every idiom
would teach curators to ignore the check):

- Digits, with optional thousands separators (strictly groups of three: 12,000,000) and decimals (1.9);
  full-width digits (１２) too. An English scale word (thousand, million, billion, trillion) or a Chinese
  scale character (百, 千, 万, 亿, and the compounds 千万, 万亿, ...) right after the digits multiplies them:
  12 million = 1200万 = 12e6, 1.9亿 = 1.9e8.
- Dates: ISO 2024-03-25 (or 2024/03/25, 2024.03.25) gives 2024, 3 and 25. An English month name gives its
  number and the day next to it (March 23, 23 March, March 23rd, the 23rd of March), like 3月23日 in Chinese.
  Full month names count on their own when capitalised ("in March" = 3月); May and abbreviations (Mar, Sept)
  only next to a day or a year, since "May" is also a verb. Years are plain numbers (2024, 2024年); a
  Chinese-numeral year 二〇二四年 is read digit by digit.
- Ordinals are not figures: "first", "second place", 2nd, No. 5, 第二, 第2 name a position, not a quantity
  (Inner Mongolia First Machinery Group = 内蒙古第一机械集团 states nothing). A digit ordinal is read only as
  the day of a date (March 23rd).
- English number words two to ninety-nine, hundred, thousand, million, billion and their combinations
  (twenty-three, two hundred and fifty, a hundred, one million). A lone "one" is not a figure: it is mostly
  idiom ("one of the most competitive"). A capitalised number word that does not start a sentence is part of
  a name (the Three Gorges, the 14th Five-Year Plan) and is not a figure either.
- Chinese numerals (二, 两, 十二, 二十三, 三千五百, 两万, 三万五 = 35000, 一百零五) count only where they are
  quantities: followed by a measure word or counting noun (六家, 两市, 三个, 五年, 十大, 三倍), or a numeral
  built with a place value from a leading digit (二十, 三百, 两万: idioms rarely look like that), or after
  百分之 (百分之三十 = 30%). Never a lone 一 (一些, 一流, 之一, 统一, 进一步, 一体, 一家: it mirrors the
  lone "one"), never after 第 (ordinal), never before 等 (二等奖 is second prize), never a run that is not a
  well-formed numeral (三一重工, 九三学社, 十四五, 七八个). Numerals inside names therefore mostly vanish
  (三峡 has no measure word); a name that happens to precede a measure word needs rewording.
- Percent signs, currency symbols and units do not change a value: 30% = 30, $1.9 million = 190万美元.

Fractions (two-thirds, 三分之二), Chinese decimals (三点五) and abbreviations such as 1.9m or 3bn are not read;
write such figures with digits in both texts.

Texts are compared as sets of values: a figure repeated in one language and stated once in the other is fine.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import partial

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_FULL_MONTHS = "January|February|March|April|June|July|August|September|October|November|December"
_MONTH = rf"(?:{_FULL_MONTHS}|May|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_DAY = r"(?P<day>[0-9]{1,2})(?i:st|nd|rd|th)?"

_ISO_DATE = re.compile(r"(?<![0-9])([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])")
_MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTH})\b\.?\s+{_DAY}\b")
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\b\.?")
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\b\.?(?=\s+[0-9]{{4}}\b)")
_MONTH_ALONE = re.compile(rf"\b(?P<month>{_FULL_MONTHS})\b")

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG_UNITS = {"万": 10**4, "亿": 10**8, "万亿": 10**12}
_ZH_YEAR = re.compile("([〇零一二三四五六七八九]{4})(?=年)")
_ZH_NUMERAL = re.compile("[零〇一二两三四五六七八九十百千万亿]+")
_ZH_TOKEN = re.compile("万亿|.")
# Measure words and counting nouns after which a Chinese numeral is a quantity. 台 (七台河), 元 (三元乳业),
# 国 (三国) and 期 (二期, "phase II") are left out: they begin names or ordinals too often.
_ZH_MEASURES = frozenset("家个项所名座位种类大市年倍次批人件条款支届场轮户份吨月日号天周岁省区县城")

_ORDINAL = re.compile(r"第\s*[0-9]+|(?<![0-9])[0-9]+(?i:st|nd|rd|th)\b|\bNo\.\s*[0-9]+")
_NUMBER = re.compile(
    r"(?<![0-9.])(?P<int>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?P<frac>\.[0-9]+)?"
    r"(?:\s*(?P<word>(?i:thousand|million|billion|trillion))\b|\s*(?P<zh>[百千万]?亿|[百千]?万|[百千]))?"
)
_SCALE_EXPONENTS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "百": 2, "千": 3, "万": 4, "亿": 8}

_EN_UNITS = dict(
    zip(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"], range(1, 10), strict=True)
)
_EN_TEENS = dict(
    zip(
        ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"],
        range(10, 20),
        strict=True,
    )
)
_EN_TENS = dict(
    zip(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], range(20, 100, 10), strict=True)
)
_EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_WORD = "|".join(sorted([*_EN_UNITS, *_EN_TEENS, *_EN_TENS, "hundred", *_EN_SCALES], key=len, reverse=True))
_EN_NUMBER = re.compile(
    rf"(?i:\b(?:a\s+(?=(?:hundred|{'|'.join(_EN_SCALES)})\b))?(?:{_EN_WORD})\b"
    rf"(?:(?:\s+and\s+|[\s-]+)(?:{_EN_WORD})\b)*)"
)
_SENTENCE_OPENERS = tuple(".!?:;\"'“”‘’([（【。！？：；")

Reader = Callable[[re.Match[str]], Iterable[Decimal]]


def figures(text: str, dates: bool = True) -> Counter[float]:
    """The figures `text` states, as numeric values, each counted as often as it is stated.

    Readers run from the most specific pattern to the most general one, and each blanks out what it has read,
    so that 2024.03.25 is one date rather than the decimals 2024.03 and .25, and the 万 of 1200万 is not read
    again as a Chinese numeral. Without `dates`, dates are blanked out but not counted: only quantities remain
    (a year written as a plain number, 2020, is still read as one).
    """
    found: Counter[float] = Counter()
    text = text.translate(_FULL_WIDTH)
    date_readers: list[tuple[re.Pattern[str], Reader]] = [
        (_ISO_DATE, lambda m: (Decimal(m[1]), Decimal(m[3]), Decimal(m[4]))),
        (_MONTH_DAY, _read_date),
        (_DAY_MONTH, _read_date),
        (_MONTH_YEAR, _read_date),
        (_MONTH_ALONE, _read_date),
        (_ZH_YEAR, lambda m: (Decimal("".join(str(_ZH_DIGITS[c]) for c in m[1])),)),
    ]
    readers: list[tuple[re.Pattern[str], Reader]] = [
        *((pattern, read if dates else _nothing) for pattern, read in date_readers),
        (_ORDINAL, _nothing),
        (_NUMBER, _read_number),
        (_EN_NUMBER, _read_english_words),
        (_ZH_NUMERAL, _read_chinese_numeral),
    ]
    for pattern, read in readers:
        text = pattern.sub(partial(_blank_out, read=read, found=found), text)
    return found


def figure_mismatch(english: str, chinese: str) -> str | None:
    """None when both texts state the same set of figures; otherwise a short message naming the odd ones."""
    in_text, in_zh = set(figures(english)), set(figures(chinese))
    only_text, only_zh = in_text - in_zh, in_zh - in_text
    if only_text and only_zh:
        return f"figures differ: {_listed(only_text)} in text, {_listed(only_zh)} in text_zh"
    if only_text:
        return _missing(only_text, "text", "text_zh")
    if only_zh:
        return _missing(only_zh, "text_zh", "text")
    return None


def _missing(values: set[float], here: str, there: str) -> str:
    """The message for figures stated in one text only; it names the text the curator has to fix."""
    if len(values) == 1:
        return f"figure {_listed(values)} in {here} is missing from {there}"
    return f"figures {_listed(values)} in {here} are missing from {there}"


def _nothing(match: re.Match[str]) -> tuple[Decimal, ...]:
    return ()


def _blank_out(match: re.Match[str], read: Reader, found: Counter[float]) -> str:
    """Count what `read` finds in the match and blank the match out, so that no later reader sees it again."""
    found.update(float(value) for value in read(match))
    return " "


def _listed(values: set[float]) -> str:
    """The values in ascending order, integers without a trailing .0."""
    return ", ".join(str(int(v)) if v.is_integer() else str(v) for v in sorted(values))


def _read_date(match: re.Match[str]) -> list[Decimal]:
    """The month's number, and the day when the match has one (a digit ordinal is allowed: March 23rd)."""
    values = [Decimal(_MONTH_NUMBERS[match["month"][:3].lower()])]
    day = match.groupdict().get("day")
    if day:
        values.append(Decimal(day))
    return values


def _read_number(match: re.Match[str]) -> list[Decimal]:
    """Digits times their scale, built as a decimal exponent so that 1.9 million is exactly 1900000."""
    if match["word"]:
        exponent = _SCALE_EXPONENTS[match["word"].lower()]
    else:
        exponent = sum(_SCALE_EXPONENTS[scale] for scale in match["zh"] or "")
    return [Decimal(f"{match['int'].replace(',', '')}{match['frac'] or ''}e{exponent}")]


def _read_english_words(match: re.Match[str]) -> list[Decimal]:
    """The numbers a run of English number words states, skipping a lone "one" and number words in names."""
    if match[0][0].isupper() and not _starts_sentence(match.string, match.start()):
        return []
    return [Decimal(_english_value(words)) for words in _english_numbers(match[0].lower()) if words != ["one"]]


def _starts_sentence(text: str, index: int) -> bool:
    """Whether `index` opens a sentence, where a capital letter says nothing about names."""
    before = text[:index].rstrip()
    return not before or before.endswith(_SENTENCE_OPENERS)


def _english_numbers(run: str) -> list[list[str]]:
    """Split a run of number words into numbers: "two and three" is 2 and 3, "twenty-three" is 23."""
    numbers: list[list[str]] = []
    previous = ""
    for word in re.findall("[a-z]+", run):
        if word in ("a", "and"):
            continue
        small = word in _EN_UNITS or word in _EN_TEENS
        previous_small = previous in _EN_UNITS or previous in _EN_TEENS
        starts_new = (
            not numbers
            or (small and previous_small)
            or (word in _EN_TENS and (previous_small or previous in _EN_TENS))
            or (word == "hundred" and previous == "hundred")
        )
        if starts_new:
            numbers.append([])
        numbers[-1].append(word)
        previous = word
    return numbers


def _english_value(words: list[str]) -> int:
    """The value of one English number: "two hundred and fifty thousand" is 250000."""
    total = current = 0
    for word in words:
        if word == "hundred":
            current = (current or 1) * 100
        elif word in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[word]
            current = 0
        else:
            current += _EN_UNITS.get(word) or _EN_TEENS.get(word) or _EN_TENS[word]
    return total + current


def _read_chinese_numeral(match: re.Match[str]) -> list[Decimal]:
    """A Chinese numeral, but only where it is a quantity (see the module docstring)."""
    run = match[0]
    value = _chinese_value(run)
    if value is None:
        return []
    before = match.string[: match.start()]
    after = match.string[match.end() : match.end() + 1]
    if before.endswith("百分之"):
        return [Decimal(value)]
    if run == "一" or before.endswith("第") or after == "等":
        return []
    built_from_digit = len(run) > 1 and run[0] in _ZH_DIGITS
    if after in _ZH_MEASURES or built_from_digit:
        return [Decimal(value)]
    return []


def _chinese_value(run: str) -> int | None:
    """The value of a well-formed Chinese numeral (二十三, 一百零五, 三万五), or None for any other run."""
    total = section = 0
    digit: int | None = None
    unit = big = 10**13  # the place values used so far; each must be smaller than the one before
    previous_place = 0  # place value of the previous token
    digit_place = 0  # place value just before the last digit: 三万五 is 35000, 一百五 is 150
    for index, token in enumerate(_ZH_TOKEN.findall(run)):
        if token in _ZH_DIGITS:
            if digit:
                return None  # two digits in a row: 三四, 三一重工
            digit, digit_place, previous_place = _ZH_DIGITS[token], previous_place, 0
        elif token in _ZH_UNITS:
            place = _ZH_UNITS[token]
            if digit is None and not (token == "十" and index == 0):
                return None  # a place value without its digit: 百年, 千万 (except the leading 十 of 十二)
            if digit == 0 or place >= unit:
                return None
            section += (1 if digit is None else digit) * place
            digit, unit, previous_place = None, place, place
        else:
            place = _ZH_BIG_UNITS[token]
            section += digit or 0
            if section == 0 or place >= big:
                return None  # 万一, 亿万
            total += section * place
            section, digit, unit, big, previous_place = 0, None, 10**13, place, place
    if digit is not None:
        section += digit * digit_place // 10 if digit_place >= 100 else digit
    return total + section
