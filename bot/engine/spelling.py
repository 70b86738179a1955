"""Which words are real English words, so that spelling correction only touches words that are not.

Correcting against the fact base's vocabulary alone turns real words into near ones: "weather" became the stop
word "whether", "head" became "heard". The word list is pyspellchecker's English dictionary (160,000 words, kept
up to date by that project). It is held as a sorted array of 64-bit hashes of the words (about 1.3 MB) rather than
as a set of strings (about 30 MB), and read once per process, a line at a time, without importing the package.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Hamming

from bot.engine.packagedata import package_file

_KEY = re.compile(r'"([^"\n]+)":')  # one `"word": frequency,` per line in the package's data file
# British spellings the (American) list lacks, by their American forms: honour, recognised, centre, travelled.
_BRITISH = [
    (re.compile(r"our(s?)$"), r"or\1"),
    (re.compile(r"is(e|es|ed|ing|ation|ations|ational)$"), r"iz\1"),
    (re.compile(r"tre(s?)$"), r"ter\1"),
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"ogue(s?)$"), r"og\1"),
    (re.compile(r"ence$"), "ense"),
]


def _words() -> Iterable[str]:
    """The words of the English dictionary."""
    try:
        path = package_file("spellchecker", "resources", "en.json.gz")
    except FileNotFoundError:  # a layout this code does not know: ask the library itself
        from spellchecker import SpellChecker

        return SpellChecker(distance=1).word_frequency.keys()
    return _keys(path)


def _keys(path: Path) -> Iterator[str]:
    """The words of the package's data file, one at a time: neither the file nor a list of them is held."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            found = _KEY.match(line)
            if found:
                yield found[1]


@cache
def _hashes() -> npt.NDArray[np.int64]:
    """The sorted hashes of every word in the English dictionary (sorted in place: np.unique imports numpy.ma)."""
    hashes = np.fromiter((hash(word) for word in _words()), dtype=np.int64)
    hashes.sort()
    return hashes


def _listed(word: str) -> bool:
    hashes = _hashes()
    value = hash(word)
    at = int(np.searchsorted(hashes, value))
    return at < len(hashes) and int(hashes[at]) == value


@lru_cache(maxsize=16384)  # names are checked in every clause of a message, each a few times
def is_word(word: str) -> bool:
    """Whether a lower-case word is an English word, in American or British spelling."""
    return _listed(word) or any(
        pattern.search(word) is not None and _listed(pattern.sub(american, word)) for pattern, american in _BRITISH
    )


def cutoff(word: str) -> int:
    """The similarity (rapidfuzz ratio) a correction of the word needs: longer words may differ a little more."""
    return 80 if len(word) >= 7 else 85


class Speller:
    """Finds the word of a list a misspelt word most likely means: `process.extractOne` with rapidfuzz's ratio,
    over only the words that can reach the cutoff, or else the word with two neighbouring letters swapped.

    A ratio of at least `cutoff` allows at most (100 - cutoff)% of both lengths in insertions and deletions, and
    each character one word has and the other lacks takes at least one of them. Comparing bit masks of the
    characters (all words at once, with numpy) leaves about one word in a hundred, in the list's order, so the
    result is extractOne's over the whole list, in a quarter of the time.
    """

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self._masks = np.array([_characters(word) for word in words], dtype=np.uint64)
        self._lengths = np.array([len(word) for word in words], dtype=np.int64)
        self._known = frozenset(words)

    def closest(self, word: str, cutoff: int) -> str | None:
        """The first of the words closest to `word` with a ratio of at least `cutoff`, or None."""
        lacking = np.bitwise_count(self._masks ^ np.uint64(_characters(word))).astype(np.int64)
        near = np.flatnonzero(lacking * 100 <= (101 - cutoff) * (self._lengths + len(word)))  # a margin of one
        found = process.extractOne(
            word, [self.words[at] for at in near.tolist()], scorer=fuzz.ratio, score_cutoff=cutoff
        )
        return found[0] if found else self._swapped(word) or self._one_letter_off(word, lacking)

    def _swapped(self, word: str) -> str | None:
        """The word with two neighbouring letters swapped, when that is a word of the list ("prak": "park"). The
        ratio counts a swap as two edits, which a short word cannot afford, though it is the commonest slip."""
        for at in range(len(word) - 1):
            swapped = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            if swapped in self._known:
                return swapped
        return None

    def _one_letter_off(self, word: str, lacking: npt.NDArray[np.int64]) -> str | None:
        """The one word of the list that differs from `word` in a single letter other than the first, for a word of
        five letters or more ("haular": "hauler", "sistem": "system"): the ratio counts a wrong letter as two edits
        too. Such a word lacks at most two of the other's characters (`lacking`, per word of the list)."""
        if len(word) < MIN_ONE_OFF:
            return None
        near = np.flatnonzero((lacking <= 2) & (self._lengths == len(word)))
        same_length = [at for at in near.tolist() if self.words[at][0] == word[0]]  # "givin" is not the name Nivin
        found = process.extract(
            word, [self.words[at] for at in same_length], scorer=Hamming.distance, score_cutoff=1, limit=None
        )
        # "haular": "hauler" (one of its letters changed) before "hailar" (a letter it lacks as well)
        fewest = min((lacking[same_length[at]] for _, _, at in found), default=0)
        closest = [each for each, _, at in found if lacking[same_length[at]] == fewest]
        return closest[0] if len(closest) == 1 else None


MIN_ONE_OFF = 5


def _characters(word: str) -> int:
    """A mask of the characters a word has (characters sharing a bit only make the masks less telling)."""
    return sum(1 << (ord(character) & 63) for character in set(word))


# Shorthand people type, read as the words it stands for before names and phrases are matched ("1st machinery grp").
ABBREVIATIONS = {
    "grp": "group", "natl": "national", "govt": "government", "gov": "government", "dept": "department",
    "univ": "university", "intl": "international", "mfg": "manufacturing", "corp": "corporation", "info": "information",
    "exec": "executive", "execs": "executives",
    "1st": "first", "2nd": "second", "3rd": "third", "yr": "year", "yrs": "years", "mil": "million", "approx": "about",
}  # fmt: skip


def slips(units: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    """A name's words with their last letter left off, where a slip may: the last word of a name of two words, any
    word of a longer one (the other words make it the name still)."""
    for at in range(len(units)) if len(units) > 2 else range(1, len(units)):
        if len(units[at]) > 3 and units[at].isascii():
            yield at, units[at][:-1]


def mistyped(units: tuple[str, ...], person: bool) -> Iterator[tuple[int, str]]:
    """A name's words with one consonant typed twice ("north hauller"), or in a person's name one vowel for another
    ("wang lung"), in a name of two words or more: the other words make it the name, even where the slip is a word
    of its own."""
    if len(units) < 2:
        return
    for at, word in enumerate(units):
        if len(word) > 3 and word.isascii() and word.isalpha():
            for letter, character in enumerate(word):
                if character not in _VOWELS and character != word[letter - 1 : letter]:
                    yield at, word[: letter + 1] + word[letter:]
                elif character in _VOWELS and person:
                    yield from (
                        (at, word[:letter] + other + word[letter + 1 :]) for other in _VOWELS if other != character
                    )


_VOWELS = "aeiou"


# Common misspellings of question words, read as the word meant ("wat", "wen was the event", "whos the CIO").
QUESTION_WORD_TYPOS = {
    "wat": "what", "wht": "what", "whta": "what", "wut": "what", "wen": "when", "whn": "when", "wich": "which",
    "wher": "where", "whre": "where", "hw": "how", "mny": "many", "meny": "many", "wer": "were", "wre": "were",
    "waz": "was", "whos": "who's", "whats": "what's", "wheres": "where's", "hows": "how's", "whens": "when's",
}  # fmt: skip


def _transposed(words: Iterable[str]) -> dict[str, str]:
    """Question words with two letters side by side swapped ("whihc", "waht", "wehre"), where the slip is no word of
    its own and no slip of another question word ("hwo": how or who?)."""
    found: dict[str, set[str]] = {}
    for word in words:
        for at in range(len(word) - 1):
            slip = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            if slip != word:
                found.setdefault(slip, set()).add(word)
    return {slip: meant.pop() for slip, meant in found.items() if len(meant) == 1}


_QUESTION_WORDS = ("what", "which", "when", "where", "who", "whom", "whose", "how", "many", "much", "why")
QUESTION_WORD_TYPOS.update(
    (slip, word)
    for slip, word in _transposed(_QUESTION_WORDS).items()
    if slip not in QUESTION_WORD_TYPOS and not is_word(slip)
)
