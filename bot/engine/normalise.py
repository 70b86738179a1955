"""Text normalisation shared by the fact base, the index and the matcher: all of it lives here.

Questions and example questions go through the same steps, so that whatever a person types is compared with the
curated wording on equal terms: Unicode NFKC (full-width forms become half-width), case folding, traditional
Chinese characters mapped to simplified ones, punctuation removed, misspellings corrected against the fact base's
own vocabulary, lexicon synonyms and entity aliases (longest match first) replaced by canonical forms, English
words stemmed, stop words dropped, Chinese runs split into character bigrams (Chinese has no spaces between words).
"""

from __future__ import annotations

import re
import sys
import unicodedata
import weakref
from collections.abc import Callable, Iterable
from functools import lru_cache, partial

import snowballstemmer

from bot.engine.cache import BoundedCache
from bot.engine.chinese import as_written, cjk_tokens
from bot.engine.model import FactBase
from bot.engine.simplified import simplified
from bot.engine.spelling import ABBREVIATIONS, QUESTION_WORD_TYPOS, Speller, cutoff, is_word, mistyped, slips
from bot.engine.stopwords import STOPWORDS

_STEMMER = snowballstemmer.stemmer("english")
if hasattr(_STEMMER, "maxCacheSize"):  # PyStemmer's own cache (10,000 lists the collector scans): stems are cached here
    _STEMMER.maxCacheSize = 0

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # the Chinese characters: every CJK pattern is built from this
CJK_CHAR = re.compile(f"[{_CJK}]")
# What survives cleaning: latin letters and digits, '&' (for "R&D"), CJK characters, and markers of entities.
_NOT_WORD = re.compile(rf"[^a-z0-9&{_CJK}\s]+")
_SPACES = re.compile(r"\s+")
_MAGNITUDE = re.compile(r"(\d+)(m|mn|mln|bn|b|k)")  # a figure with its size abbreviated, as one word
_MAGNITUDES = {"m": "million", "mn": "million", "mln": "million", "bn": "billion", "b": "billion", "k": "thousand"}
_CONTRACTION = re.compile(r"'(?:s|m|d|ll|re|ve|t)\b")
_UNIT = re.compile(rf"[a-z0-9]+(?:&[a-z0-9]+)*|[{_CJK}]")
_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")
_CAPITALISED = re.compile(r"(?<![\w'])([A-Z][a-z]+)\b")


def to_simplified(text: str) -> str:
    """Map traditional characters to simplified ones, so that 研發機構 matches 研发机构."""
    return simplified(text) if has_cjk(text) else text


def fold(text: str) -> str:
    """Unicode-normalise, case-fold and simplify Chinese characters (ASCII text: lower-cased, which is the same)."""
    return text.lower() if text.isascii() else folded(text)


def _fold(text: str) -> str:
    folded_text = to_simplified(unicodedata.normalize("NFKC", text).casefold())
    return as_written(folded_text) if has_cjk(folded_text) else folded_text


# A clause is folded to be cleaned, read and seen to ask: cached, as Chinese costs ~50 us per 300 characters.
folded = BoundedCache(_fold, max_entries=1024, max_bytes=4 << 20, size=lambda text, _: 2 * sys.getsizeof(text))


def clean(text: str) -> str:
    """Fold and replace punctuation by spaces; the result is what phrase substitution works on."""
    text = fold(text).replace("’", "'").replace(" & ", " and ")  # "research & development": R&D stays one word
    text = _CONTRACTION.sub("", text)  # "Mengniu's" is about Mengniu; "I'm", "what's", "don't" carry nothing
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()


def has_cjk(text: str) -> bool:
    """Whether the text contains Chinese characters."""
    return CJK_CHAR.search(text) is not None


def is_cjk(text: str) -> bool:
    """Whether the text starts with a Chinese character (for one character: whether it is one)."""
    return CJK_CHAR.match(text) is not None


def detect_language(text: str) -> str:
    """The language of a question, which is the language of its reply: Chinese if it has Chinese characters."""
    return "zh" if has_cjk(text) else "en"


def stem(word: str) -> str:
    """English stem of a word; digits and markers pass through. Words longer than any real one are not cached."""
    return _stem(word) if len(word) > 40 else _cached_stem(word)


def _stem(word: str) -> str:
    if word.isascii() and word.isalpha():
        stemmed: str = _STEMMER.stemWord(word)
        return stemmed
    return word


_cached_stem = lru_cache(maxsize=65536)(_stem)


def tokens_of_units(units: list[str]) -> list[str]:
    """Content tokens from units: words, runs or single Chinese characters, entity markers, canonical phrases.

    Consecutive Chinese characters are joined into one run before bigrams are formed.
    """
    tokens: list[str] = []
    run = ""
    for unit in units:
        if not unit.isascii() and is_cjk(unit):
            run += unit
            continue
        if run:
            tokens.extend(cjk_tokens(run))
            run = ""
        if unit[0] == "@":
            tokens.append(unit)
        elif " " in unit:
            tokens.extend(stem(word) for word in unit.split() if word not in STOPWORDS)
        elif unit not in STOPWORDS:
            tokens.append(stem(unit))
    if run:
        tokens.extend(cjk_tokens(run))
    return tokens


def entity_marker(entity_id: str) -> str:
    """The token that stands for an entity once any of its names is read: @inner_mongolia."""
    return "@" + entity_id.replace("-", "_")


def marked_entities(tokens: Iterable[str]) -> tuple[str, ...]:
    """The ids of the entities whose markers are among the tokens, in order: the reverse of `entity_marker`."""
    return tuple(t[1:].replace("_", "-") for t in tokens if t.startswith("@"))


def years(text: str) -> frozenset[str]:
    """The years a text mentions (1900-2099), as written."""
    return frozenset(_YEAR.findall(text))


def _units(cleaned: str) -> tuple[str, ...]:
    return tuple(_UNIT.findall(cleaned))


def _cleaned_units(text: str) -> tuple[str, ...]:
    return _units(clean(text))


def _units_bytes(text: str, units: tuple[str, ...]) -> int:
    """About what an entry of `cleaned_units` holds: the text, the tuple and its strings."""
    return sys.getsizeof(text) + 64 * len(units) + 64


# The words and Chinese characters of a text, cleaned. Cached across fact bases: indexing needs each text twice
# (vocabulary, then tokens), and a reload mostly sees texts it has cleaned before (10,000 facts: ~45 MB). Bounded
# in bytes as well as entries, because the questions people send pass through it too.
cleaned_units = BoundedCache(_cleaned_units, max_entries=1 << 17, max_bytes=64 << 20, size=_units_bytes)


def settled(word: str) -> bool:
    """Whether spelling correction leaves a word alone whatever the vocabulary: short, a stop word, not only letters,
    or a real word (see `Normaliser._correct`)."""
    return len(word) < 4 or word in STOPWORDS or not word.isalpha() or is_word(word)


def join(units: Iterable[str]) -> str:
    """Join units back into text: Chinese characters stay together, everything else is spaced."""
    text = ""
    for unit in units:
        if text and not (is_cjk(unit[0]) and is_cjk(text[-1])):
            text += " "
        text += unit
    return text


class Normaliser:
    """Turns text into content tokens using the fact base's lexicon, entity aliases and vocabulary."""

    def __init__(self, base: FactBase) -> None:
        self.phrases: dict[tuple[str, ...], str] = {}
        for variant, canonical in base.synonyms.items():
            self.phrases[_units(variant)] = clean(canonical)
        truncated: dict[tuple[str, ...], str] = {}
        for entity in base.entities.values():
            for name in (entity.name, entity.name_zh, *entity.aliases, *entity.aliases_zh):
                units = cleaned_units(name)
                if units:
                    self.phrases[units] = entity_marker(entity.id)
                for at, cut in slips(units):  # "wang lon", not "Baotou's new trucks"; "firs machinery group"
                    if len(units) > 2 or entity.kind == "person" or not is_word(cut):
                        truncated.setdefault((*units[:at], cut, *units[at + 1 :]), entity_marker(entity.id))
                for at, slip in mistyped(units, entity.kind == "person"):
                    truncated.setdefault((*units[:at], slip, *units[at + 1 :]), entity_marker(entity.id))
        words = {unit for units in self.phrases for unit in units}
        words.update(unit for phrase in self.phrases.values() for unit in _units(phrase))
        words.update(unit for fact in base.facts for unit in cleaned_units(fact.text))
        for units, marker in truncated.items():  # after the vocabulary: "nort" is no word to correct "norht" into
            self.phrases.setdefault(units, marker)
        lengths: dict[str, set[int]] = {}  # first unit of a phrase -> the lengths of phrases starting with it
        for units in self.phrases:
            lengths.setdefault(units[0], set()).add(len(units))
        self._lengths = {unit: sorted(found, reverse=True) for unit, found in lengths.items()}
        # Names, lexicon and fact texts: words never corrected, and what a misspelling may be corrected into.
        # Words only example questions use are not, since curators misspell some on purpose ("consortum").
        self.vocabulary = frozenset(w for w in words if w.isascii() and not w.isdigit())
        self._speller = Speller(sorted(w for w in self.vocabulary if len(w) >= 4 and w not in STOPWORDS))
        # Cached through a weak reference: a cached bound method would hold the normaliser in a reference cycle, which
        # gc.freeze() (knowledge.build) would keep alive after a reload.
        self.correct = lru_cache(maxsize=16384)(partial(Normaliser._correct, weakref.proxy(self)))

    def _correct(self, word: str) -> str:
        """The vocabulary word a misspelt word most likely means, or the word itself.

        Only words that are neither in the fact base nor in the English word list are corrected ("weather" is
        a word, not a misspelling of "whether"), and never into a stop word or another misspelling.
        """
        if word in ABBREVIATIONS:
            return ABBREVIATIONS[word]
        if word in QUESTION_WORD_TYPOS:  # a stop word once read right: "whihc" must not count against a fact
            return QUESTION_WORD_TYPOS[word].partition("'")[0]
        magnitude = _MAGNITUDE.fullmatch(word)
        if magnitude:  # "12m yuan", "2bn"
            return f"{magnitude[1]} {_MAGNITUDES[magnitude[2]]}"
        if word in self.vocabulary or settled(word):
            return word
        return self._speller.closest(word, cutoff(word)) or word

    def steady(self, other: Normaliser) -> Callable[[str], bool]:
        """Whether a text has the same tokens with this normaliser as with `other`, which has the same phrases.

        Only spelling correction can differ: for a word in one vocabulary only, or for a word it corrects when a
        word that either vocabulary lacks is close enough to be a correction. A reload whose fact texts gained or
        lost a word tokenises again the texts with such a word, and only those.
        """
        changed = self.vocabulary ^ other.vocabulary
        near = Speller(sorted(word for word in changed if len(word) >= 4 and word not in STOPWORDS))
        found: dict[str, bool] = {}

        def steady_word(word: str) -> bool:
            if word not in found:
                if word in changed or word not in self.vocabulary:
                    found[word] = settled(word) or (word not in changed and near.closest(word, cutoff(word)) is None)
                else:
                    found[word] = True
            return found[word]

        if not near.words:
            return lambda text: True
        return lambda text: all(steady_word(unit) for unit in cleaned_units(text) if unit[0].isascii())

    def units(self, text: str) -> list[str]:
        """Cleaned words and Chinese characters, misspellings corrected, phrases replaced by canonical forms."""
        units = [self.correct(unit) if unit[0].isascii() else unit for unit in cleaned_units(text) if unit != "的"]
        out: list[str] = []
        i = 0
        while i < len(units):
            for length in self._lengths.get(units[i], ()):  # longest first
                replacement = self._phrase(units[i : i + length])
                if replacement is not None:
                    out.append(replacement)
                    i += length
                    break
            else:
                out.append(units[i])
                i += 1
        return out

    def _phrase(self, units: list[str]) -> str | None:
        """The canonical form of a phrase, also when its last word carries a possessive s ("wang longs job")."""
        found = self.phrases.get(tuple(units))
        last = units[-1]
        if found is None and len(last) > 2 and last.endswith("s") and last.isascii():
            found = self.phrases.get((*units[:-1], last[:-1]))
            found = found if found is not None and found.startswith("@") else None  # names only: not "loans"
        return found

    def tokens(self, text: str) -> list[str]:
        """Content tokens: stemmed words, Chinese bigrams and entity markers, in order."""
        return tokens_of_units(self.units(text))

    def strange_names(self, text: str) -> list[str]:
        """Capitalised words, other than the first, that the fact base has never seen, English words or not
        ("Germany"): a message naming one is about something of its own, not what a conversation was about."""
        return [
            match.group(1)
            for match in _CAPITALISED.finditer(text)
            if match.start() > 0
            and (word := match.group(1).casefold()) not in STOPWORDS
            and self.correct(word) not in self.vocabulary
        ]

    def unknown_names(self, text: str) -> list[str]:
        """Capitalised words, other than the first, that are neither in the fact base nor English words: names."""
        names = []
        for match in _CAPITALISED.finditer(text):
            word = match.group(1).casefold()
            known = word in STOPWORDS or self.correct(word) in self.vocabulary or is_word(word)
            if match.start() > 0 and not known:
                names.append(match.group(1))
        return names
